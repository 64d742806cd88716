"""DataFrames in: applications, and a batch [`Population`][subsidycalc.batch.Population], from tables of
applicants, invoices and contracts (pandas or polars, read through narwhals).

The tables:

``applicants``
    One row per application. Columns are the [`Application`][subsidycalc.models.Application] fields by
    dotted path: ``id``, ``programme``, ``direction``, ``enterprise.name``, ``enterprise.credit_code``,
    ``enterprise.registration.city``, ``enterprise.registration.district``, ``project.id``,
    ``project.name``, ``facts.digital_device_share``, ``submission.online_at``, … The set-valued
    fields ``enterprise.clusters``, ``enterprise.certifications``, ``documents`` and
    ``facts.special_pilots`` take a list or ``;``-separated text (``'国家高新技术企业;专精特新'``).
``invoices``, ``contracts``
    One row per invoice (contract): ``application_id`` (an ``id`` of ``applicants``) and the
    [`Invoice`][subsidycalc.models.Invoice] ([`Contract`][subsidycalc.models.Contract]) fields.

A missing cell (``None``, ``NaN``, ``NaT``, ``NA``) is a field not given: the model's default
applies; a whole ``float`` is read as the integer it is (pandas stores an integer column with a
missing cell as ``float64``). Every row is validated by the models themselves, so the rules are those of a JSON input
(money exact to the 分, a float only if its shortest repr is, dates as ``date`` or text …); every
problem is reported, each as a [`FieldError`][subsidycalc.inputs.FieldError] whose path names the table,
the row (its position, from 0) and the column::

    invoices row 17, column amount_excl_tax: invalid amount '12..5万': expected an exact amount …

Lists of objects (partners, incidents, prior funding, ecosystem members, investment items) and
the indicators have no column: give such applications as JSON.

The population is `Population.from_applications` of the validated applications: the one
path that builds its columns, so a population from frames equals one from the same applications.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from pydantic import ValidationError

from ._optional import require
from .batch import Population
from .inputs import FieldError, InputError, errors_from
from .ledger import Ledger
from .models import Application
from .rules import AnyRules
from .text import quote

__all__ = ["LIST_COLUMNS", "applications_from_frames", "is_missing", "plain_value", "population_from_frames"]

LIST_COLUMNS: Final = frozenset({"enterprise.clusters", "enterprise.certifications", "documents", "facts.special_pilots"})
"""Applicant columns holding a set: a list, or text separated by ``;``."""
_OWNED: Final = ("invoices", "contracts")
_OWNER: Final = "application_id"
_MISSING_TYPES: Final = frozenset({"NaTType", "NAType"})


def is_missing(value: object) -> bool:
    """A missing cell: ``None``, ``NaN``, pandas' ``NaT`` or ``NA``."""
    if value is None or type(value).__name__ in _MISSING_TYPES:
        return True
    return isinstance(value, float) and math.isnan(value)


def plain_value(value: object) -> object:
    """A NumPy scalar as the Python value it holds (pandas gives those in object columns); a whole
    ``float`` as the integer it is exactly (pandas holds an integer column with a missing cell as
    ``float64``: ``4.0`` there is the count 4)."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(frame: Any, table: str) -> tuple[list[str], list[dict[str, object]]]:
    """The column names and the rows (missing cells left out) of a pandas or polars DataFrame."""
    nw = require("narwhals", "polars", "reading DataFrames")
    try:
        data = nw.from_native(frame, eager_only=True)
    except TypeError:
        raise InputError(
            [FieldError(table, f"a {type(frame).__name__}: expected a pandas or polars DataFrame", "")]
        ) from None
    names = [str(name) for name in data.columns]
    columns = data.to_dict(as_series=False)
    rows: list[dict[str, object]] = [{} for _ in range(len(data))]
    for name in names:
        for row, value in zip(rows, columns[name], strict=True):
            if not is_missing(value):
                row[name] = plain_value(value)
    return names, rows


def _where(table: str, row: int, column: str | None = None) -> str:
    return f"{table} row {row}" + (f", column {column}" if column else "")


def _nest(row: Mapping[str, object], table: str, index: int, errors: list[FieldError]) -> dict[str, Any]:
    """A flat row of dotted column names as the nested object the models read."""
    found: dict[str, Any] = {}
    for column, value in row.items():
        *parents, leaf = column.split(".")
        place = found
        for part in parents:
            inner = place.setdefault(part, {})
            if not isinstance(inner, dict):
                errors.append(FieldError(_where(table, index, column), f"{part!r} is also a column of its own: "
                                         "expected either the column or its dotted parts", ""))
                break
            place = inner
        else:
            if column in LIST_COLUMNS and isinstance(value, str):
                value = [part.strip() for part in value.split(";") if part.strip()]
            elif column in LIST_COLUMNS and hasattr(value, "tolist"):
                value = value.tolist()  # a polars list cell (a Series) or an array
            if isinstance(place.get(leaf), dict):
                errors.append(FieldError(_where(table, index, column), "has dotted parts as columns too: "
                                         "expected either the column or its dotted parts", ""))
            else:
                place[leaf] = value
    return found


def _column(loc: Sequence[int | str], columns: Sequence[str]) -> str:
    """The column a pydantic error location falls in: the longest dotted prefix that is a column."""
    parts = [str(p) for p in loc if isinstance(p, str)]
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in columns:
            return name
    return ".".join(parts)


def applications_from_frames(
    applicants: Any, invoices: Any | None = None, contracts: Any | None = None
) -> tuple[Application, ...]:
    """Validated applications from DataFrames (see the module docstring), in the order of
    ``applicants``; invoices and contracts in their tables' order.

    Raises [`InputError`][subsidycalc.inputs.InputError] with every problem, each naming table, row and column.
    """
    errors: list[FieldError] = []
    app_columns, app_rows = _rows(applicants, "applicants")
    owned: dict[str, tuple[list[str], list[dict[str, object]]]] = {}
    for table, frame in zip(_OWNED, (invoices, contracts), strict=True):
        if frame is not None:
            owned[table] = _rows(frame, table)
    if "id" not in app_columns:
        raise InputError([FieldError("applicants", "no column id: expected one id per application", "")])
    by_id: dict[object, int] = {}
    for index, row in enumerate(app_rows):
        key = row.get("id")
        if key in by_id:
            errors.append(FieldError(_where("applicants", index, "id"),
                                     f"duplicate application id, first used in row {by_id[key]}: expected each id once",
                                     quote(key)))
        elif key is not None:
            by_id.setdefault(key, index)
    members: dict[str, list[list[int]]] = {table: [[] for _ in app_rows] for table in owned}
    for table, (columns, rows) in owned.items():
        if rows and _OWNER not in columns:
            errors.append(FieldError(table, f"no column {_OWNER}: expected the id of each row's application", ""))
            continue
        for index, row in enumerate(rows):
            owner = by_id.get(row.get(_OWNER))
            if owner is None:
                errors.append(FieldError(_where(table, index, _OWNER),
                                         "names no application of applicants: expected one of its ids",
                                         quote(row.get(_OWNER))))
            else:
                members[table][owner].append(index)
    found: list[Application] = []
    for index, row in enumerate(app_rows):
        data = _nest(row, "applicants", index, errors)
        for table, (_, rows) in owned.items():
            items = []
            for at in members[table][index]:
                item = {k: v for k, v in rows[at].items() if k != _OWNER}
                items.append(_nest(item, table, at, errors))
            data[table] = items
        try:
            found.append(Application.model_validate(data))
        except ValidationError as exc:
            errors.extend(_located(exc, index, app_columns, owned, members))
    if errors:
        raise InputError(errors)
    return tuple(found)


def _located(
    exc: ValidationError,
    index: int,
    app_columns: Sequence[str],
    owned: Mapping[str, tuple[list[str], list[dict[str, object]]]],
    members: Mapping[str, list[list[int]]],
) -> list[FieldError]:
    """pydantic's errors of one application, each placed at its table, row and column."""
    located = []
    for error, field in zip(exc.errors(include_url=False), errors_from(exc), strict=True):
        loc = tuple(error["loc"])
        if len(loc) >= 2 and loc[0] in owned and isinstance(loc[1], int):
            table = str(loc[0])
            where = _where(table, members[table][index][loc[1]], _column(loc[2:], owned[table][0]) or None)
        else:
            where = _where("applicants", index, _column(loc, app_columns) or None)
        located.append(FieldError(where, field.message, field.value))
    return located


def population_from_frames(
    applicants: Any,
    invoices: Any | None = None,
    contracts: Any | None = None,
    *,
    rules: Mapping[str, AnyRules] | None = None,
    ledger: Ledger | None = None,
) -> Population:
    """A batch population from DataFrames: `applications_from_frames`, then
    `Population.from_applications` (``rules``, ``ledger`` as there)."""
    return Population.from_applications(applications_from_frames(applicants, invoices, contracts), rules, ledger=ledger)
