"""Lean inputs for bulk: a batch [`Population`][subsidycalc.batch.Population] straight from tables of
applicants, invoices and contracts, validated column by column with no model per invoice (extras
``batch`` and ``polars``).

The tables are those of [`subsidycalc.frame_input`][subsidycalc.frame_input] (dotted applicant columns,
``application_id`` on invoices and contracts), given as pandas or polars DataFrames (read through
narwhals), as a mapping of column name to a sequence or NumPy array, or as the path of a Parquet
file (or of a directory or a glob of them, read in the order of their names): files are read one
column at a time, and each column is let go once
read, so a table too large to hold twice is never held whole (decision 86). A polars
``LazyFrame`` is collected once, as a DataFrame: its plan may give its rows in another order at
each run (a join, ``unique``), and the columns must be read in one order. The rules are the models'
own, and so are the messages: each problem is a [`FieldError`][subsidycalc.inputs.FieldError] naming the
table, the row (its position, from 0) and the column, all raised together as an
[`InputError`][subsidycalc.inputs.InputError]::

    invoices row 17, column amount_excl_tax: invalid amount '12..5万': expected an exact amount …

How a column is checked. A few common forms are accepted by a vectorised test that only ever
accepts what the model accepts: plain amounts (``'1234567.89'``, ``'1234567'``, whole 元 as
integers, decimals with at most two places), ``Date`` columns, printable text without outer
spaces, ``Boolean`` columns. Every other cell is read by the model's own field validator, once per
distinct value (dates, categories, places, sets, facts and times repeat), and a cell it refuses
is reported on every row that holds it. The checks that span fields (the programme's directions
and facts, duplicate invoice and contract numbers, an invoice's contract and payer, 价税合计) call
the functions the models call; credit codes are checked one per applicant by
[`uscc.validate`][subsidycalc.uscc.validate]. A float amount is read only if the model reads it.

What it builds. The batch engine's columnar family only: every direction must be invoice-based
with a columnar form ([`compile_rules`][subsidycalc.batch.compile_rules]), and the population has no
``applications`` (so no scalar rows and no [`batch.allocate`][subsidycalc.batch.allocate]). Lists of
objects (incidents, partners, prior funding, ecosystem members, investment items), the
indicators and the start region have no column here: a row using one, or a direction of the
project family, is refused with its row named — build those with
[`population_from_frames`][subsidycalc.frame_input.population_from_frames]. Prior funding from a
``ledger`` is read. The columns are derived as `Population.from_applications` derives them (the
same helpers), so both give the same population from the same input.

```pycon
>>> population = population_from_tables(
...     {"id": ["A1"], "direction": ["direction_1"], "enterprise.name": ["珠海某制造有限公司"],
...      "enterprise.credit_code": ["91440400MA4UH7QX8A"], "enterprise.registration.city": ["珠海市"],
...      "enterprise.registration.district": ["斗门区"], "enterprise.tax.city": ["珠海市"],
...      "enterprise.tax.district": ["斗门区"], "enterprise.statistics.city": ["珠海市"],
...      "enterprise.statistics.district": ["斗门区"], "project.id": ["P1"], "project.name": ["数字化改造"]},
...     {"application_id": ["A1", "A1"], "number": ["1", "2"], "issued_on": ["2023-03-01", "2023-04-01"],
...      "amount_excl_tax": ["2000000.00", "1500000"], "category": ["software", "digital_device"],
...      "supplier": ["珠海某软件有限公司", "珠海某设备有限公司"]},
... )
>>> population.invoice_amount.tolist()
[200000000, 150000000]

```
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Final, cast

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from . import catalog, uscc
from ._optional import require
from .batch import (
    CATEGORY_CODES,
    CERTIFICATION_CODES,
    DOCUMENT_CODES,
    FUNDING_CODES,
    MAX_INVOICES_PER_APPLICANT,
    NO_TIME,
    Applicants,
    FactColumn,
    Population,
    compile_rules,
    fact_column,
    facts_read,
    instant_code,
    text_word,
)
from .frame_input import LIST_COLUMNS, is_missing, plain_value
from .inputs import FieldError, InputError, errors_from
from .ledger import Ledger
from .models import (
    MAX_NAME,
    PRINTABLE,
    Application,
    Contract,
    Enterprise,
    Facts,
    Invoice,
    check_facts,
    check_tax,
    known_direction,
    known_programme,
    no_duplicates,
    normalise_name,
    place_key,
    unknown_contract,
    unknown_payer,
)
from .money import MAX_FEN, Money
from .parts.gates import listed_suppliers
from .registry import all_directions
from .rules import AnyRules
from .text import quote

if TYPE_CHECKING:
    pass

__all__ = ["ELSEWHERE", "population_from_tables"]

_OWNER: Final = "application_id"
ELSEWHERE: Final = "use frame_input.population_from_frames"
"""The words of a refusal that the lean path cannot hold a row (the models' path can)."""
_TABLES: Final = ("applicants", "invoices", "contracts")
_CONFIG: Final = ConfigDict(str_strip_whitespace=True)
_PLAIN_AMOUNT: Final = r"^[0-9]{1,13}(\.[0-9]{2})?$"
"""Text `Money.parse` reads as plain 元 (ASCII digits, none or two decimals): read by columns."""
_FOLDED: Final = r"^[!-~]+$"
"""ASCII without spaces: text that `normalise_name` leaves as it is (NFKC changes no ASCII character)."""
_OUTER_SPACE: Final = (r"^\s", r"\s$")
"""A space first or last: two patterns (each anchored, so neither reads the whole text)."""
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_FIRST_DAY: Final = date(1900, 1, 1).toordinal()
_LAST_DAY: Final = date(2199, 12, 31).toordinal()
_PLACES: Final = ("registration", "tax", "statistics")
_CHUNK: Final = 1 << 20
_BEIJING_OFFSET: Final = 8 * 3600 * 10**6
_FIRST_INSTANT: Final = (date(1900, 1, 1).toordinal() - _EPOCH_ORDINAL) * 86400 * 10**6
_AFTER_LAST_INSTANT: Final = (date(2200, 1, 1).toordinal() - _EPOCH_ORDINAL) * 86400 * 10**6
"""Microseconds of wall-clock time since 1970 (as if UTC) bounding what `periods.parse_instant` reads."""


def _numpy() -> Any:
    return require("numpy", "batch", "the batch engine")


def _polars() -> Any:
    return require("polars", "polars", "the lean bulk path")


# -- the table layout -------------------------------------------------------------------------


def _leaves(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, type[BaseModel], str]]:
    """Every column a table of ``model`` may have (a scalar or set field, by dotted path), with the
    model and field that validate it; fields holding lists of objects or mappings have none."""
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _leaves(annotation, f"{prefix}{name}.")
        elif not _has_no_column(annotation):
            yield f"{prefix}{name}", model, name


def _has_no_column(annotation: Any) -> bool:
    text = repr(annotation)
    return annotation is None or "tuple[" in text or "dict[" in text or "Location" in text


_COLUMNS: Final = {
    "applicants": {path: (model, name) for path, model, name in _leaves(Application)},
    "invoices": {path: (model, name) for path, model, name in _leaves(Invoice)},
    "contracts": {path: (model, name) for path, model, name in _leaves(Contract)},
}
"""Per table, the columns the lean path reads and the field that validates each."""
_REQUIRED: Final = {
    "applicants": ("id", "direction", "enterprise", "enterprise.name", "enterprise.credit_code",
                   *(f"enterprise.{p}{leaf}" for p in _PLACES for leaf in ("", ".city")),
                   "project", "project.id", "project.name"),
    "invoices": tuple(name for name, info in Invoice.model_fields.items() if info.is_required()),
    "contracts": tuple(name for name, info in Contract.model_fields.items() if info.is_required()),
}
"""Required fields and objects, parents first (a missing object is reported, not each of its fields)."""


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The validator of one field, as the model applies it (stripping text first)."""
    info = model.model_fields[name]
    kind: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(kind, config=_CONFIG)


@cache
def _is_text(model: type[BaseModel], name: str) -> bool:
    """Whether a field is a `models.Text` (printable, at most `MAX_NAME` characters), possibly optional."""
    schema = _adapter(model, name).json_schema()
    options = schema.get("anyOf", [schema])
    return any(o.get("pattern") == PRINTABLE and o.get("maxLength") == MAX_NAME for o in options) and all(
        o.get("type") in ("string", "null") for o in options)


def _validate_only(rows: _Rows, path: str, model: type[BaseModel], name: str) -> None:
    """A column the population does not read, validated all the same."""
    s = rows.column(path)
    if _is_text(model, name):
        _text(rows, path, s, model, name)
    else:
        _checked(rows, path, s, model, name)


# -- reading the tables -----------------------------------------------------------------------


@dataclass
class _Table:
    """One input table: its columns in memory, or a scan of Parquet files (``source``, a polars
    ``LazyFrame`` of a file scan alone, whose rows come in the files' order at every read) read
    one column at a time, so that only the columns being read are held."""

    name: str
    columns: dict[str, Any]
    rows: int
    source: Any = None
    names: list[str] = field(default_factory=list)
    dtypes: dict[str, Any] = field(default_factory=dict)
    """A scan's column types (an in-memory table's columns carry their own)."""
    path: str = ""
    """The path or glob ``source`` scans."""

    def __post_init__(self) -> None:
        if self.source is None:
            self.names = list(self.columns)

    def streamed(self, column: str, *expressions: Any) -> Any:
        """For a scanned table whose ``column`` is text: the expressions worked out by polars'
        streaming engine, part by part, so the text is never held whole (``None`` otherwise)."""
        if self.source is None or self.dtypes.get(column) != _polars().String:
            return None
        return self.read(self.source.select(*expressions), streaming=True)

    def read(self, plan: Any, streaming: bool = False) -> Any:
        """A plan over ``source`` collected (by the streaming engine if ``streaming``); a file that
        cannot be read, or files of a glob whose schemas differ, an `InputError` naming the table."""
        pl = _polars()
        try:
            return _streaming(plan) if streaming else plan.collect()
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _unreadable(self.name, self.path, exc) from None

    def get(self, column: str) -> Any:
        if self.source is None or column not in self.names:
            return self.columns.get(column)
        return self.read(self.source.select(column)).to_series()

    def given(self) -> dict[str, Any]:
        """Where each column has a value (`_given`), in the table's row order; a scanned table's in
        one pass that holds no column."""
        if self.source is None:
            return {name: _given(s) for name, s in self.columns.items()}
        np, pl = _numpy(), _polars()

        def given(name: str) -> Any:
            return (pl.col(name).fill_nan(None) if self.dtypes[name].is_float() else pl.col(name)).is_not_null()

        missing = self.read(self.source.select((~given(name)).sum() for name in self.names), streaming=True).row(0)
        gaps = [name for name, count in zip(self.names, missing, strict=True) if count]  # often none
        masks = self.read(self.source.select(given(name) for name in gaps), streaming=True) if gaps else None
        return {name: masks.get_column(name).to_numpy() if masks is not None and name in gaps
                else np.ones(self.rows, dtype=bool) for name in self.names}


def _streaming(frame: Any) -> Any:
    """``frame.collect()`` by polars' streaming engine (part by part), or in memory where this
    polars has no such engine."""
    try:
        return frame.collect(engine="streaming")
    except ValueError as exc:  # a polars before the streaming engine: "Invalid engine argument"
        if "engine" not in str(exc):
            raise
        return frame.collect()


def _scan(path: str | os.PathLike[str], name: str) -> _Table:
    """A table read from Parquet files, a column at a time (`_Table.source`): the file or
    directory at ``path`` if there is one (``inv[1].parquet`` is that file), else the files the
    glob ``path`` matches (``*``, ``?``, ``[…]``), in the order of their names."""
    pl = _polars()
    where = os.fspath(path)
    try:
        source = pl.scan_parquet(where, glob=not os.path.exists(where))
        schema = source.collect_schema()
        rows = int(source.select(pl.len()).collect().item())
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise _unreadable(name, where, exc) from None
    return _Table(name, {}, rows, source=source, names=[str(c) for c in schema.names()],
                  dtypes={str(c): t for c, t in schema.items()}, path=where)


def _unreadable(name: str, path: str, exc: Exception) -> InputError:
    reason = (str(exc).strip().splitlines() or [""])[0]
    reason = reason if len(reason) <= 200 else reason[:199] + "…"
    return InputError([FieldError(
        name, f"{path!r} could not be read as Parquet ({type(exc).__name__}: {reason}): expected the path of a Parquet "
              "file, or a directory or glob of Parquet files with one schema", "")])


def _series(name: str, values: Any) -> Any:
    """One column as a polars Series: typed where polars holds every value exactly, else of
    Python objects (read one by one, as the models read them)."""
    np, pl = _numpy(), _polars()
    if isinstance(values, pl.Series):
        return values.alias(name)
    if isinstance(values, np.ndarray) and values.dtype.kind in "biufM":
        return pl.Series(name, values)
    cells = [None if is_missing(v) else plain_value(v) for v in values]
    try:
        return pl.Series(name, cells, strict=True)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        return pl.Series(name, cells, dtype=pl.Object)


def _table(data: Any, name: str) -> _Table:
    pl = _polars()
    if isinstance(data, (str, os.PathLike)):
        return _scan(data, name)
    if isinstance(data, pl.LazyFrame):  # collected once: a plan's row order may differ between runs
        data = data.collect()
    if isinstance(data, Mapping):
        columns = {str(k): _series(str(k), v) for k, v in data.items()}
        lengths = sorted({len(s) for s in columns.values()})
        if len(lengths) > 1:
            raise InputError([FieldError(name, f"columns of {lengths} rows: expected one value per row in each", "")])
        return _Table(name, columns, lengths[0] if lengths else 0)
    nw = require("narwhals", "polars", "reading DataFrames")
    try:
        frame = nw.from_native(data, eager_only=True)
    except TypeError:
        raise InputError([FieldError(
            name, f"a {type(data).__name__}: expected a pandas or polars DataFrame, a mapping of columns or the path "
            "of a Parquet file", "")]) from None
    native = nw.to_native(frame)
    if isinstance(native, pl.DataFrame):
        return _Table(name, {str(c): native.get_column(c) for c in native.columns}, native.height)
    return _Table(name, {str(c): _series(str(c), frame.get_column(c).to_list()) for c in frame.columns}, len(frame))


# -- errors -----------------------------------------------------------------------------------


@dataclass
class _Errors:
    """Problems found, and which applicants have one (their cross-field checks are not run, as
    pydantic runs a model's own validator only once its fields are valid)."""

    n: int
    found: list[tuple[int, int, int, FieldError]] = field(default_factory=list)
    faulty: set[int] = field(default_factory=set)

    def add(self, table: str, row: int | None, column: str | None, message: str, value: str,
            owner: int | None = None) -> None:
        where = table if row is None else f"{table} row {row}" + (f", column {column}" if column else "")
        self.found.append((_TABLES.index(table), -1 if row is None else row, len(self.found),
                           FieldError(where, message, value)))
        if owner is not None and owner >= 0:
            self.faulty.add(owner)

    def raise_any(self) -> None:
        if self.found:
            raise InputError([error for *_, error in sorted(self.found, key=lambda e: e[:3])])


class _Positions:
    """The positions ``0 … n - 1`` as an index that holds no array (rows read in the table's own
    order): ``positions[at]`` is ``at``."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, at: Any) -> Any:
        return at


@dataclass
class _Rows:
    """The rows of one table being read: their positions in the input and their applicants."""

    table: _Table
    index: Any
    """Input row of each row read (orphans of invoices and contracts are left out)."""
    owner: Any
    errors: _Errors
    cache: dict[str, Any] = field(default_factory=dict)

    def column(self, name: str) -> Any:
        """A column of the rows read, in their order (``None``: the table has no such column)."""
        if name in self.cache:
            return self.cache[name]
        s = self.table.get(name)
        if s is not None and not self.identity:
            s = s.gather(self.index)
        self.cache[name] = s
        return s

    def streamed(self, column: str, **expressions: Any) -> dict[str, Any] | None:
        """`_Table.streamed` of the named expressions, as NumPy arrays for the rows read, in their order."""
        found = self.table.streamed(column, *(e.alias(name) for name, e in expressions.items()))
        if found is None:
            return None
        arrays = {name: found.get_column(name).to_numpy() for name in expressions}
        return arrays if self.identity else {name: a[self.index] for name, a in arrays.items()}

    def forget(self, *names: str) -> None:
        """Let columns read from a scanned table go once they are read (an in-memory table's are
        held by the caller anyway): they are read again if asked for."""
        if self.table.source is not None:
            for name in names or [k for k in self.cache if k and ":" not in k]:  # not what was derived
                self.cache.pop(name, None)

    @property
    def identity(self) -> bool:
        if "" not in self.cache:
            if isinstance(self.index, _Positions):
                return True
            np = _numpy()
            self.cache[""] = len(self.index) == self.table.rows and bool(
                np.array_equal(self.index, np.arange(self.table.rows)))
        return bool(self.cache[""])

    def report(self, at: Any, column: str | None, message: str, value: str) -> None:
        """One problem on each row ``at`` (positions among the rows read)."""
        for k in at.tolist() if hasattr(at, "tolist") else at:
            self.errors.add(self.table.name, int(self.index[k]), column, message, value, int(self.owner[k]))


def _shown(value: object) -> str:
    return "" if isinstance(value, (dict, list, tuple, frozenset, set)) else quote(value, 60)


# -- columns, validated -----------------------------------------------------------------------


def _distinct(s: Any, narrow: bool = False) -> tuple[list[Any], Any]:
    """The distinct present values of a column, as the Python values the models read, and per
    row the index of its value (``-1``: missing); ``narrow``: as ``int32`` where a dictionary
    encoding gives them (for indexes only, never for arithmetic)."""
    np, pl = _numpy(), _polars()
    if s.dtype.is_float():
        s = s.fill_nan(None)
    if s.dtype == pl.Object or s.dtype.is_nested():
        codes = np.full(len(s), -1, dtype=np.int64)
        values: list[Any] = []
        seen: dict[Any, int] = {}
        for i, cell in enumerate(s.to_list()):
            if cell is None or is_missing(cell):
                continue
            value = plain_value(cell)
            key = _key(value)
            if key is None:
                codes[i] = len(values)
                values.append(value)
                continue
            code = seen.get(key)
            if code is None:
                code = seen[key] = len(values)
                values.append(value)
            codes[i] = code
        return values, codes
    if isinstance(s.dtype, pl.Enum):  # dictionary-encoded: each category read once
        return list(s.dtype.categories.to_list()), _physical(s, narrow)
    if isinstance(s.dtype, pl.Categorical):
        s = s.cast(pl.Enum(s.drop_nulls().unique().cast(pl.String)))
        return _distinct(s, narrow)
    unique = s.drop_nulls().unique(maintain_order=True)
    if s.dtype == pl.String:  # an Enum's physical value is the index of its category
        codes = _physical(s.cast(pl.Enum(unique)), narrow)
    else:
        numbers = pl.Series(np.arange(len(unique), dtype=np.int64))
        codes = s.replace_strict(unique, numbers, default=-1, return_dtype=pl.Int64).fill_null(-1).to_numpy()
    return [plain_value(v) for v in unique.to_list()], codes


def _physical(s: Any, narrow: bool = False) -> Any:
    """An ``Enum`` column's category indexes as ``int64`` (``int32`` if ``narrow``; ``-1``:
    missing), converted by NumPy (no full-length polars temporaries)."""
    np, pl = _numpy(), _polars()
    physical = s.to_physical()
    if physical.null_count():
        return physical.cast(pl.Int32 if narrow else pl.Int64).fill_null(-1).to_numpy()
    return physical.to_numpy().astype(np.int32 if narrow else np.int64)


def _key(value: Any) -> Any:
    """A key telling distinct cells apart, with their types (``1`` is not ``True``); ``None`` if unhashable."""
    if isinstance(value, list):
        parts = [_key(v) for v in value]
        return None if any(p is None for p in parts) else ("list", tuple(parts))
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value), value)


def _checked(
    rows: _Rows, column: str, s: Any, model: type[BaseModel], name: str,
    then: Callable[[Any], Any] | None = None, narrow: bool = False,
) -> tuple[list[Any], Any]:
    """Each distinct value of a column read by the model's field validator (then ``then``, which may
    raise ``ValueError``); a refused value is reported on every row holding it. Returns the values
    read (``None`` where refused) and each row's index into them (``-1``: missing)."""
    np = _numpy()
    values, codes = _distinct(s, narrow)
    adapter = _adapter(model, name)
    read: list[Any] = []
    refused: dict[int, list[tuple[str, str]]] = {}
    for k, value in enumerate(values):
        cell = value
        if column in LIST_COLUMNS and isinstance(cell, str):
            cell = [part.strip() for part in cell.split(";") if part.strip()]
        try:
            found = adapter.validate_python(cell)
            read.append(then(found) if then is not None else found)
        except ValidationError as exc:
            read.append(None)
            refused[k] = [(e.message, e.value) for e in errors_from(exc)]
        except ValueError as exc:
            read.append(None)
            refused[k] = [(str(exc), _shown(cell))]
    if refused:
        at = np.flatnonzero(np.isin(codes, list(refused)))
        for k in at.tolist():
            for message, shown in refused[int(codes[k])]:
                rows.report([k], column, message, shown)
    return read, codes


def _text(rows: _Rows, column: str, s: Any, model: type[BaseModel], name: str) -> Any:
    """A text column as validated (stripped) text, a polars String Series (null: missing or refused).
    Printable text with no outer space and 1 to `MAX_NAME` characters is valid as it is."""
    np, pl = _numpy(), _polars()
    if s.dtype == pl.String:
        folded = (s.str.contains(_FOLDED) & (s.str.len_bytes() <= MAX_NAME)).fill_null(False).to_numpy()
        rows.cache[f"folded:{column}"] = folded  # ASCII with no space: as `normalise_name` leaves it
        rest = np.zeros(0, dtype=np.int64) if folded.all() else np.flatnonzero(~folded & _given(s))
        if len(rest):
            other = s.gather(rest)
            length = other.str.len_chars()
            spaced = other.str.contains(_OUTER_SPACE[0]) | other.str.contains(_OUTER_SPACE[1])
            fast = (other.str.contains(PRINTABLE) & (length >= 1) & (length <= MAX_NAME)
                    & ~spaced).fill_null(False).to_numpy()
            slow = rest[~fast]
        else:
            slow = rest
        out = s
    else:
        slow = np.flatnonzero(s.is_not_null().to_numpy())
        out = pl.Series(s.name, [None] * len(s), dtype=pl.String)
    fixed = pl.Series([], dtype=pl.String)
    if len(slow):
        values, codes = _checked(_Subset(rows, slow), column, s.gather(slow), model, name)
        fixed = pl.Series([values[c] if c >= 0 else None for c in codes.tolist()], dtype=pl.String)
        out = out.scatter(slow, fixed)
    rows.cache[f"fixed:{column}"] = (slow, fixed, s.dtype == pl.String)
    return out


def _text_at(rows: _Rows, column: str, at: Sequence[int]) -> list[str | None]:
    """The text `_text` gave rows ``at`` of a column it read (``None``: missing or refused), from
    the column itself (read again from a scanned table) and the cells `_text` changed."""
    np = _numpy()
    slow, fixed, as_text = rows.cache[f"fixed:{column}"]
    s = rows.column(column)
    found: list[str | None] = []
    for k in at:
        j = int(np.searchsorted(slow, k))
        if j < len(slow) and slow[j] == k:
            found.append(fixed[j])
        else:
            found.append(s[k] if as_text else None)
    return found


class _Subset(_Rows):
    """Some rows of a `_Rows` (positions ``at`` among them)."""

    def __init__(self, rows: _Rows, at: Any) -> None:
        super().__init__(rows.table, rows.index[at], rows.owner[at], rows.errors)


def _amounts(rows: _Rows, column: str, s: Any, model: type[BaseModel]) -> tuple[Any, Any, Any]:
    """An amount column in 分 (``int64``), where one was given and where it is valid. Plain 元 text, whole 元 as
    integers and decimals of at most two places are read by columns; anything else by the model."""
    np, pl = _numpy(), _polars()
    n = len(s)
    fen = np.zeros(n, dtype=np.int64)
    if isinstance(s.dtype, pl.Decimal) and (s.dtype.scale or 0) <= 2:
        s = s.cast(pl.String)
    if s.dtype.is_integer():
        whole = s.fill_null(-1).cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
        fast = (whole >= 0) & (whole <= MAX_FEN // 100)
        fen[fast] = whole[fast] * 100
    elif s.dtype == pl.String:  # the pattern admits only what a Decimal(18, 2) holds exactly
        fast = np.zeros(n, dtype=bool)
        for first in range(0, n, _CHUNK):  # bounded temporaries (a Decimal is 16 bytes)
            part = s.slice(first, _CHUNK)
            plain = part.str.contains(_PLAIN_AMOUNT).fill_null(False).to_numpy()
            number = part.cast(pl.Decimal(18, 2), strict=False).to_physical().cast(pl.Int64).fill_null(-1).to_numpy()
            plain &= (number >= 0) & (number <= MAX_FEN)
            fast[first:first + len(part)] = plain
            fen[first:first + len(part)] = number if plain.all() else np.where(plain, number, 0)
    else:
        fast = np.zeros(n, dtype=bool)
    given = _given(s)
    slow = np.zeros(0, dtype=np.int64) if fast.all() else np.flatnonzero(given & ~fast)
    if len(slow):
        values, codes = _checked(_Subset(rows, slow), column, s.gather(slow), model, column.rsplit(".", 1)[-1])
        fen[slow] = [values[c].fen if c >= 0 and values[c] is not None else 0 for c in codes.tolist()]
        fast[slow] = [c >= 0 and values[c] is not None for c in codes.tolist()]
    return fen, given, fast


def _days(rows: _Rows, column: str, s: Any, model: type[BaseModel]) -> Any:
    """A date column as day ordinals (0: missing or refused): ``Date`` columns by columns."""
    np, pl = _numpy(), _polars()
    day = np.zeros(len(s), dtype=np.int64)
    if s.dtype == pl.Date:
        physical = s.to_physical()
        day[:] = (physical.fill_null(_FIRST_DAY - _EPOCH_ORDINAL - 1) if physical.null_count() else physical).to_numpy()
        del physical
        day += _EPOCH_ORDINAL
        fast = day >= _FIRST_DAY
        fast &= day <= _LAST_DAY
        if not fast.all():
            day[~fast] = 0
    else:
        fast = np.zeros(len(s), dtype=bool)
    slow = np.zeros(0, dtype=np.int64) if fast.all() else np.flatnonzero(s.is_not_null().to_numpy() & ~fast)
    if len(slow):
        values, codes = _checked(_Subset(rows, slow), column, s.gather(slow), model, column.rsplit(".", 1)[-1],
                                 lambda d: d.toordinal())
        day[slow] = [values[c] if c >= 0 and values[c] is not None else 0 for c in codes.tolist()]
    return day


def _instants(rows: _Rows, column: str, model: type[BaseModel], name: str) -> Any:
    """A time column as `instant_code` values (`NO_TIME`: missing). A ``Datetime`` column in µs or
    ms is read by columns (naive: Beijing time, as `periods.to_beijing` reads it); others by the model."""
    np, pl = _numpy(), _polars()
    s = rows.column(column)
    if s is None:
        return np.full(len(rows.index), NO_TIME, dtype=np.int64)
    code = np.full(len(s), NO_TIME, dtype=np.int64)
    fast = np.zeros(len(s), dtype=bool)
    if isinstance(s.dtype, pl.Datetime) and s.dtype.time_unit in ("us", "ms"):
        micro = s.dt.cast_time_unit("us").to_physical().fill_null(0).to_numpy()
        local = micro if s.dtype.time_zone is None else micro + _BEIJING_OFFSET  # Beijing wall-clock time
        fast = _given(s) & (local >= _FIRST_INSTANT) & (local < _AFTER_LAST_INSTANT)
        code[fast] = (local - _BEIJING_OFFSET)[fast]
    slow = np.flatnonzero(_given(s) & ~fast)
    if len(slow):
        values, codes = _checked(_Subset(rows, slow), column, s.gather(slow), model, name, instant_code)
        code[slow] = [values[c] if c >= 0 and values[c] is not None else NO_TIME for c in codes.tolist()]
    return code


def _mapped(rows: _Rows, column: str, model: type[BaseModel], name: str, to: Callable[[Any], Any],
            missing: Any, dtype: Any) -> Any:
    """A column of few distinct values, each read by the model and mapped by ``to``, as a NumPy array."""
    np = _numpy()
    s = rows.column(column)
    if s is None:
        return np.full(len(rows.index), missing, dtype=dtype)
    values, codes = _checked(rows, column, s, model, name, to, narrow=True)
    table = np.asarray([missing if v is None else v for v in values] + [missing], dtype=dtype)
    return table[codes]  # a missing value's code -1 picks the last entry, ``missing``


def _flags(rows: _Rows, column: str, model: type[BaseModel], name: str) -> Any:
    pl = _polars()
    s = rows.column(column)
    if s is not None and s.dtype == pl.Boolean:
        return s.fill_null(False).to_numpy().astype(bool)
    return _mapped(rows, column, model, name, bool, False, bool)


# -- the population ---------------------------------------------------------------------------


def population_from_tables(
    applicants: Any,
    invoices: Any | None = None,
    contracts: Any | None = None,
    *,
    rules: Mapping[str, AnyRules] | None = None,
    ledger: Ledger | None = None,
) -> Population:
    """A batch population (no ``applications``) from tables of applicants, invoices and contracts
    (DataFrames, mappings of columns, or paths of Parquet files read column by column), validated
    by columns (see the module docstring). ``rules`` by ``programme/key`` (default the
    registry; pass the same to `evaluate`), ``ledger`` for prior funding recorded elsewhere.

    Raises [`InputError`][subsidycalc.inputs.InputError] with every problem, each naming table, row and column.
    """
    np = _numpy()
    directions = dict(rules) if rules is not None else all_directions()
    apps = _table(applicants, "applicants")
    if "id" not in apps.names:
        raise InputError([FieldError("applicants", "no column id: expected one id per application", "")])
    n = apps.rows
    errors = _Errors(n)
    rows = _Rows(apps, _Positions(n), _Positions(n), errors)
    rows.cache[""] = True  # every row, in order: no gather
    _layout(rows)
    raw_ids = rows.column("id")
    ids = _ids(rows, raw_ids)
    refs, direction, programme = _directions(rows, directions)
    if not refs and n:  # no row names a direction the lean path holds: nothing below can be read
        errors.raise_any()
    a = _applicant_columns(rows, refs, directions, ledger, programme)
    rows.forget()
    _listed_lookup(a, direction)
    owned: dict[str, dict[str, Any]] = {}
    for name, data in (("invoices", invoices), ("contracts", contracts)):
        if data is not None:
            owned[name] = _owned(_table(data, name), raw_ids, errors, a["listed"])
    inv, con = owned.get("invoices", {}), owned.get("contracts", {})
    _consistent(errors, a, inv, con)
    if inv:
        counts = inv["counts"]
        for i in np.flatnonzero(counts > MAX_INVOICES_PER_APPLICANT).tolist():
            errors.add("applicants", i, None, f"{int(counts[i])} invoices: expected at most "
                       f"{MAX_INVOICES_PER_APPLICANT} per application (the batch engine's bound)", "")
    errors.raise_any()
    empty_i, empty_b = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    return Population(
        ids=ids,
        refs=refs,
        direction=direction,
        invoice_owner=inv.get("owner", empty_i),
        invoice_day=inv.get("day", empty_i),
        invoice_category=inv.get("category", empty_i),
        invoice_amount=inv.get("amount", empty_i),
        invoice_scenario=inv.get("scenario", empty_b),
        invoice_from_applicant=np.ones(len(inv.get("owner", empty_i)), dtype=bool),
        invoice_listed=inv.get("listed", empty_b),
        contract_owner=con.get("owner", empty_i),
        contract_amount=con.get("amount", empty_i),
        contract_listed=con.get("listed", empty_b),
        applicants=a["applicants"],
        ledger=ledger,
        planning_listed=a["planning_listed"],
    )


def _layout(rows: _Rows) -> None:
    """Refuse columns that are no field, and fields with no column here; report missing required fields."""
    np = _numpy()
    table = rows.table
    known = _COLUMNS[table.name]
    m = len(rows.index)
    present = {name: given if rows.identity else given[rows.index] for name, given in table.given().items()}
    for name, given in present.items():
        if name in known or (table.name != "applicants" and name == _OWNER):
            continue
        first = np.flatnonzero(given)
        if not len(first):
            continue
        if _is_field(table.name, name):
            message = f"no column in the lean path (a list of objects, a mapping or the start region): {ELSEWHERE}"
        else:
            message = "Extra inputs are not permitted"
        if _is_field(table.name, name):
            rows.report(first[:1], name, message, "")
        else:
            cells = rows.column(name)
            for k in first.tolist():
                rows.report([k], name, message, _shown(plain_value(cells[k])))
    absent: set[str] = set()
    for path in _REQUIRED[table.name]:
        if any(path.startswith(parent + ".") for parent in absent):
            continue
        under = [given for name, given in present.items() if name == path or name.startswith(path + ".")]
        given = np.logical_or.reduce(under) if under else np.zeros(m, dtype=bool)
        parent = path.rpartition(".")[0]
        if parent:
            above = [g for name, g in present.items() if name.startswith(parent + ".")]
            within = np.logical_or.reduce(above) if above else np.zeros(m, dtype=bool)
        else:
            within = np.ones(m, dtype=bool)
        missing = np.flatnonzero(within & ~given)
        rows.report(missing, path, "Field required", "")
        if not under:
            absent.add(path)


def _unique(values: Any, bound: int) -> tuple[Any, Any]:
    """``np.unique(values, return_inverse=True)`` of ``int64`` values in ``[0, bound)``: by counting
    where ``bound`` is small (no sort)."""
    np = _numpy()
    if bound > 2 * len(values) + 4096:
        unique, inverse = np.unique(values, return_inverse=True)
        return unique, inverse.reshape(-1)
    unique = np.flatnonzero(np.bincount(values, minlength=bound))
    lookup = np.zeros(bound, dtype=np.int64)
    lookup[unique] = np.arange(len(unique), dtype=np.int64)
    return unique, lookup[values]


def _given(s: Any) -> Any:
    """Where a column has a value (a float column's ``NaN`` is missing)."""
    return (s.fill_nan(None) if s.dtype.is_float() else s).is_not_null().to_numpy()


def _is_field(table: str, name: str) -> bool:
    """Whether a dotted name is a field of the table's model (one with no column here)."""
    model: Any = {"applicants": Application, "invoices": Invoice, "contracts": Contract}[table]
    for part in name.split("."):
        fields = getattr(model, "model_fields", None)
        if fields is None or part not in fields:
            return False
        model = fields[part].annotation
    return True


def _ids(rows: _Rows, raw: Any) -> tuple[str, ...]:
    np, pl = _numpy(), _polars()
    if raw.dtype == pl.Object or raw.dtype.is_nested():
        dup = np.flatnonzero(_given(raw))
    else:
        given = raw.drop_nulls()
        if given.n_unique() == len(given):  # no value twice (counting distinct values is the cheaper pass)
            dup = np.zeros(0, dtype=np.int64)
        else:
            dup = np.flatnonzero(raw.is_duplicated().to_numpy() & raw.is_not_null().to_numpy())
    if len(dup):
        first: dict[Any, int] = {}
        for i in dup.tolist():
            value = plain_value(raw[i])
            key = _key(value)
            if key in first:
                rows.report([i], "id", f"duplicate application id, first used in row {first[key]}: expected each id once",
                            quote(value))
            else:
                first[key] = i
    text = _text(rows, "id", raw, Application, "id")
    return tuple(text.to_list())


def _directions(rows: _Rows, directions: Mapping[str, AnyRules]) -> tuple[tuple[str, ...], Any, Any]:
    """Each applicant's ``programme/direction`` among the refs in order of first appearance, and its
    programme (``None`` where refused); directions with no columnar form refused."""
    np = _numpy()
    n = len(rows.index)
    programmes = rows.column("programme")
    if programmes is None:
        programme = np.zeros(n, dtype=np.int64)
        names: list[Any] = [known_programme(Application.model_fields["programme"].default)]
    else:
        names, programme = _checked(rows, "programme", programmes.fill_null(Application.model_fields["programme"].default),
                                    Application, "programme", known_programme)
    programme_of = np.asarray([*names, None], dtype=object)[np.where(programme >= 0, programme, len(names))]
    keys = rows.column("direction")
    if keys is None:
        return (), np.zeros(n, dtype=np.int32), programme_of
    values, key = _distinct(keys)
    pair = np.where((programme >= 0) & (key >= 0), programme * (len(values) + 1) + key, -1)
    unique, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    refs: dict[str, int] = {}
    code_of = np.full(len(unique), -1, dtype=np.int64)
    adapter = _adapter(Application, "direction")
    for u in order.tolist():
        if unique[u] < 0 or names[int(unique[u]) // (len(values) + 1)] is None:
            continue
        programme_name = names[int(unique[u]) // (len(values) + 1)]
        at = np.flatnonzero(inverse == u)
        cell = values[int(unique[u]) % (len(values) + 1)]
        try:
            ref = f"{programme_name}/{known_direction(programme_name, adapter.validate_python(cell))}"
        except ValidationError as exc:
            for e in errors_from(exc):
                rows.report(at, "direction", e.message, e.value)
            continue
        except ValueError as exc:
            rows.report(at, "direction", str(exc), _shown(cell))
            continue
        found = directions.get(ref)
        problem = None
        if found is None:
            problem = f"no rules for {ref}"
        elif not found.invoice_based:
            problem = f"{ref} is not invoice-based (the project family): the lean path has no columns for it: {ELSEWHERE}"
        else:
            try:
                compile_rules(found)
            except ValueError as exc:
                problem = f"{exc}: the lean path builds only the batch engine's columnar family: {ELSEWHERE}"
        if problem is not None:
            rows.report(at, "direction", problem, quote(cell))
            continue
        code_of[u] = refs.setdefault(ref, len(refs))
    return tuple(refs), np.where(code_of[inverse] >= 0, code_of[inverse], 0).astype(np.int32), programme_of


def _applicant_columns(
    rows: _Rows, refs: tuple[str, ...], directions: Mapping[str, AnyRules], ledger: Ledger | None, programme: Any
) -> dict[str, Any]:
    """`Applicants` and the lookups the invoice and contract columns need, derived as
    `Population.from_applications` derives them."""
    np = _numpy()
    n = len(rows.index)
    for path, (model, name) in _COLUMNS["applicants"].items():
        if path in _USED or rows.column(path) is None or path.startswith("facts."):
            continue
        _validate_only(rows, path, model, name)
        rows.forget(path)
    words: dict[str, int] = {}

    def word(column: str, value: str) -> int:
        return words.setdefault(text_word(column, value), len(words))

    places = {}
    for place in _PLACES:
        city = _distinct_text(rows, f"enterprise.{place}.city")
        district = _distinct_text(rows, f"enterprise.{place}.district")
        pair = (city[1] + 1) * (len(district[0]) + 1) + district[1] + 1
        unique, inverse = _unique(pair, (len(city[0]) + 1) * (len(district[0]) + 1))
        codes = np.zeros(len(unique), dtype=np.int64)
        for u, key in enumerate(unique.tolist()):
            c, d = divmod(key, len(district[0]) + 1)
            town, area = city[0][c - 1] if c else None, district[0][d - 1] if d else None
            codes[u] = word(place, place_key(town, area)) if town is not None else 0
        places[place] = codes[inverse.reshape(-1)]
        rows.forget(f"enterprise.{place}.city", f"enterprise.{place}.district")
    cluster_sets, cluster_code = _distinct_values(rows, "enterprise.clusters", Enterprise, "clusters")
    if cluster_code is None:
        cluster_code = np.full(n, -1, dtype=np.int64)
    sets = [s if s is not None else frozenset() for s in cluster_sets]
    lengths = np.asarray([len(s) for s in sets] + [0], dtype=np.int64)
    flat = np.asarray([word("cluster", c) for s in sets for c in s], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    cell = np.where(cluster_code >= 0, cluster_code, len(sets))
    size = lengths[cell]
    cluster_owner = np.repeat(np.arange(n, dtype=np.int64), size)
    within = np.arange(len(cluster_owner), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
    cluster = flat[np.repeat(starts[cell], size) + within] if len(cluster_owner) else np.zeros(0, dtype=np.int64)
    certifications = _mapped(rows, "enterprise.certifications", Enterprise, "certifications",
                             lambda s: sum(1 << CERTIFICATION_CODES[c] for c in s), 0, np.int64)
    documents = _mapped(rows, "documents", Application, "documents",
                        lambda s: sum(1 << DOCUMENT_CODES[k] for k in s or ()), 0, np.int64)
    given = rows.column("documents")
    documents_given = (given.is_not_null().to_numpy() if given is not None else np.zeros(n, dtype=bool))
    times = {name: _instants(rows, f"submission.{name}", _submission(), name) for name in ("online_at", "revised_at", "paper_at")}
    dishonest = _flags(rows, "enterprise.credit.dishonest_joint_punishment", _credit(), "dishonest_joint_punishment")
    credit_codes = _credit_codes(rows)
    facts = _fact_columns(rows, refs, directions, programme)
    project = _text(rows, "project.id", rows.column("project.id"), _project(), "id") \
        if rows.column("project.id") is not None else None
    planners, planner = _distinct_values(rows, "project.planning_provider", _project(), "planning_provider")
    if planner is None:
        planner = np.full(n, -1, dtype=np.int64)
    funding_owner, funding_level = _funding(credit_codes, project, ledger)
    applicants = Applicants(
        credit_code=credit_codes,
        registration=places["registration"],
        tax=places["tax"],
        statistics=places["statistics"],
        dishonest=dishonest,
        certifications=certifications,
        documents=documents,
        documents_given=documents_given,
        online_at=times["online_at"],
        revised_at=times["revised_at"],
        paper_at=times["paper_at"],
        incident_owner=np.zeros(0, dtype=np.int64),
        incident_day=np.zeros(0, dtype=np.int64),
        incident_major=np.zeros(0, dtype=bool),
        cluster_owner=cluster_owner,
        cluster=cluster,
        partner_owner=np.zeros(0, dtype=np.int64),
        partner_city=np.zeros(0, dtype=np.int64),
        funding_owner=funding_owner,
        funding_level=funding_level,
        facts=facts,
        words=words if words else {"": 0},
    )
    return {"applicants": applicants, "cluster_sets": sets, "cluster_code": cluster_code,
            "planners": planners, "planner": planner, "refs": refs, "directions": directions}


_USED: Final = frozenset({
    "id", "programme", "direction", "enterprise.credit_code", "enterprise.clusters", "enterprise.certifications",
    "enterprise.credit.dishonest_joint_punishment", "documents", "project.id", "project.planning_provider",
    "submission.online_at", "submission.revised_at", "submission.paper_at",
    *(f"enterprise.{p}.{leaf}" for p in _PLACES for leaf in ("city", "district")),
})
"""Applicant columns read into the population (the others are validated only)."""


def _submission() -> type[BaseModel]:
    return Application.model_fields["submission"].annotation  # type: ignore[return-value]


def _credit() -> type[BaseModel]:
    return Enterprise.model_fields["credit"].annotation  # type: ignore[return-value]


def _project() -> type[BaseModel]:
    return Application.model_fields["project"].annotation  # type: ignore[return-value]


def _location() -> type[BaseModel]:
    return Enterprise.model_fields["registration"].annotation  # type: ignore[return-value]


def _distinct_text(rows: _Rows, column: str) -> tuple[list[Any], Any]:
    np = _numpy()
    s = rows.column(column)
    if s is None:
        return [], np.full(len(rows.index), -1, dtype=np.int64)
    return _checked(rows, column, s, _location(), column.rsplit(".", 1)[-1])


def _distinct_values(rows: _Rows, column: str, model: type[BaseModel], name: str,
                     narrow: bool = False) -> tuple[list[Any], Any]:
    """`_checked` of a column, or no values and ``None`` codes if the table has no such column."""
    s = rows.column(column)
    if s is None:
        return [], None
    return _checked(rows, column, s, model, name, narrow=narrow)


def _credit_codes(rows: _Rows) -> tuple[str, ...]:
    """Each applicant's 统一社会信用代码: a code in the form `uscc.validate` returns is checked by
    arrays (`uscc.check_rows`), any other by the model (`uscc.validate`, its message where it fails)."""
    np, pl = _numpy(), _polars()
    s = rows.column("enterprise.credit_code")
    if s is None:
        return ("",) * len(rows.index)
    found: list[Any] = s.fill_null("").to_list() if s.dtype == pl.String else [None] * len(s)
    if s.dtype == pl.String:
        canonical = s.str.contains(uscc.CANONICAL).fill_null(False)
        sure = np.zeros(len(s), dtype=bool)
        every = len(s) > 0 and bool(canonical.all())  # then no code is missing: all of them, in one text
        sure[canonical.to_numpy()] = uscc.check_rows((s if every else s.filter(canonical)).str.join("").item()
                                                     .encode("ascii")) if every or canonical.any() else []
    else:
        sure = np.zeros(len(s), dtype=bool)
    adapter = _adapter(Enterprise, "credit_code")
    cells = s.to_list() if s.dtype != pl.String else found
    slow = np.flatnonzero(~sure & _given(s)).tolist()
    for k in slow:
        try:
            found[k] = adapter.validate_python(plain_value(cells[k]))
        except ValidationError as exc:
            found[k] = ""
            for e in errors_from(exc):
                rows.report([k], "enterprise.credit_code", e.message, e.value)
    if s.dtype != pl.String:
        return tuple("" if code is None else code for code in found)
    for k in slow:  # a text column's missing cells are "" already
        if found[k] is None:
            found[k] = ""
    return tuple(found)


def _fact_columns(
    rows: _Rows, refs: tuple[str, ...], directions: Mapping[str, AnyRules], programme: Any
) -> dict[str, FactColumn]:
    """The declared facts: each validated, each programme's facts checked as `Application` checks
    them, and a `FactColumn` for every fact a direction of the population reads."""
    np = _numpy()
    n = len(rows.index)
    table = rows.table
    read: dict[str, tuple[list[Any], Any]] = {}
    for path in table.names:
        if path.startswith("facts.") and path in _COLUMNS["applicants"]:
            read[path.removeprefix("facts.")] = _checked(rows, path, rows.column(path), Facts, path.removeprefix("facts."))
    if read:  # Application checks the programme's facts once they and the programme are valid
        declared = np.stack([codes >= 0 for _, codes in read.values()], axis=1)
        refused = np.stack([(codes >= 0) & np.isin(codes, [k for k, v in enumerate(values) if v is None])
                            for values, codes in read.values()], axis=1).any(axis=1)
        fact_names = list(read)
        for name in {p for p in programme.tolist() if p is not None}:
            unknown = [j for j, fact in enumerate(fact_names) if fact not in catalog.fact_names(name)]
            if not unknown:
                continue
            for i in np.flatnonzero((programme == name) & declared[:, unknown].any(axis=1) & ~refused).tolist():
                try:
                    check_facts(name, {fact_names[j] for j in np.flatnonzero(declared[i]).tolist()})
                except ValueError as exc:
                    rows.report([i], "facts", str(exc), "")
    wanted = sorted({name for ref in refs for name in facts_read(directions[ref])})
    columns = {}
    for name in wanted:
        if name not in read:  # declared by no row: one read-only "not declared" shared by every applicant
            one = fact_column(name, [None])
            columns[name] = FactColumn(np.broadcast_to(one.value, (n,)), np.broadcast_to(one.present, (n,)),
                                       None if one.denominator is None else np.broadcast_to(one.denominator, (n,)))
            continue
        values, codes = read[name]
        one = fact_column(name, [*values, None])  # code -1 (not declared) picks the last entry
        columns[name] = FactColumn(one.value[codes], one.present[codes],
                                   None if one.denominator is None else one.denominator[codes])
    return columns


def _funding(credit_codes: Sequence[str], project: Any, ledger: Ledger | None) -> tuple[Any, Any]:
    """Prior funding of each applicant's project recorded in ``ledger`` (``Ledger.find``)."""
    np = _numpy()
    owners: list[int] = []
    levels: list[int] = []
    if ledger is not None and project is not None:
        holders = {entry.enterprise for entry in ledger.entries}
        projects = project.to_list()
        for i, code in enumerate(credit_codes):
            if code in holders:
                for entry in ledger.find(enterprise=code, project_id=projects[i]):
                    owners.append(i)
                    levels.append(FUNDING_CODES[entry.level])
    return np.asarray(owners, dtype=np.int64), np.asarray(levels, dtype=np.int64)


def _owned(table: _Table, raw_ids: Any, errors: _Errors, listed: Callable[[Any, Sequence[str | None], Any], Any],
           ) -> dict[str, Any]:
    """Invoice or contract columns, sorted by applicant (the table's order within each), and the
    per-applicant facts the cross-field checks need; ``listed`` reads each row's 附件1 flag from
    its supplier (`_listed_lookup`)."""
    np, pl = _numpy(), _polars()
    found: dict[str, Any] = {}
    streamed = None
    if raw_ids.dtype == pl.String and raw_ids.null_count() == 0:  # a scanned table's ids never read whole
        streamed = table.streamed(_OWNER, pl.col(_OWNER).rle())
    owner_column: Any = table.get(_OWNER) if streamed is None else None
    if owner_column is None and streamed is None:
        if table.rows:
            errors.add(table.name, None, None, f"no column {_OWNER}: expected the id of each row's application", "")
        owner = np.zeros(0, dtype=np.int64)
        index = np.zeros(0, dtype=np.int64)
    else:
        if streamed is not None or (owner_column.dtype == pl.String and raw_ids.dtype == pl.String
                                    and raw_ids.null_count() == 0):
            runs = owner_column.rle() if streamed is None else streamed.to_series()  # rows of one application
            # are usually together: one lookup per run
            values, lengths = runs.struct.field("value"), runs.struct.field("len").to_numpy()
            if values.null_count() == 0 and values.equals(raw_ids):
                at = np.arange(len(values), dtype=np.int64)
            else:
                first = raw_ids.arg_unique()
                at = values.replace_strict(raw_ids.gather(first), pl.Series(first.cast(pl.Int64)),
                                           default=-1, return_dtype=pl.Int64).fill_null(-1).to_numpy()
            owner = np.repeat(at, lengths)
        else:
            owner = _owners_by_value(owner_column, raw_ids)
        orphans = np.flatnonzero(owner < 0)
        cells: Any = owner_column if owner_column is not None or not len(orphans) else table.get(_OWNER)
        for i in orphans.tolist():
            errors.add(table.name, i, _OWNER, "names no application of applicants: expected one of its ids",
                       quote(plain_value(cells[i])))
        del cells
        identity = not len(orphans)
        if identity:
            index = _Positions(table.rows)
        else:
            index = np.flatnonzero(owner >= 0)
            owner = owner[index]
        if len(owner) > 1 and not bool(np.all(owner[1:] >= owner[:-1])):
            order = np.argsort(owner, kind="stable")
            index, owner = order if identity else index[order], owner[order]
            identity = False
    rows = _Rows(table, index, owner, errors)
    if owner_column is not None or streamed is not None:
        del owner_column, streamed  # a scanned table's: let them go
        rows.cache[""] = identity  # every row of the table, in its order: no gather
    _layout(rows)
    model: type[BaseModel] = Invoice if table.name == "invoices" else Contract
    m = len(index)
    found["owner"] = owner
    found["rows"] = rows
    found["counts"] = np.bincount(owner, minlength=len(raw_ids)) if m else np.zeros(len(raw_ids), dtype=np.int64)
    if "amount_excl_tax" in table.names:
        amounts = _amounts_streamed(rows, "amount_excl_tax")
        found["amount"], _, found["amount_valid"] = amounts if amounts is not None else \
            _amounts(rows, "amount_excl_tax", rows.column("amount_excl_tax"), model)
        del amounts
    else:
        found["amount"], found["amount_valid"] = np.zeros(m, dtype=np.int64), np.zeros(m, dtype=bool)
    rows.forget("amount_excl_tax")
    found["numbered"] = "number" in table.names
    found["repeats"], found["number"] = {}, None
    if found["numbered"] and not (table.name == "invoices" and _numbers_streamed(rows, owner)):
        numbers = _text(rows, "number", rows.column("number"), model, "number")
        found["repeats"] = _repeats(rows, numbers, owner)
        found["number"] = numbers if table.name == "contracts" else None  # a contract's, for the invoices naming it
        del numbers
    rows.forget("number")
    suppliers, supplier = _distinct_values(rows, "supplier", model, "supplier", narrow=True)  # indexes only
    found["listed"] = listed(owner, [normalise_name(s) if s is not None else None for s in suppliers], supplier)
    del supplier  # read: let it go
    rows.forget("supplier")
    for path, (owner_model, name) in _COLUMNS[table.name].items():
        if path in _OWNED_USED or rows.column(path) is None:
            continue
        _validate_only(rows, path, owner_model, name)
        rows.forget(path)
    if table.name == "invoices":
        found["day"] = _days(rows, "issued_on", rows.column("issued_on"), model) \
            if rows.column("issued_on") is not None else np.zeros(m, dtype=np.int64)
        found["category"] = _mapped(rows, "category", model, "category", lambda c: CATEGORY_CODES[c], 0, np.int64)
        found["scenario"] = _mapped(rows, "scenario", model, "scenario", bool, False, bool)
        rows.forget("issued_on", "category", "scenario")
        _tax(rows, found)
        rows.forget("tax", "total_incl_tax")
        contracts, contract = _distinct_values(rows, "contract", model, "contract")
        found["contracts"], found["contract"] = contracts, contract
        payers, payer = _distinct_values(rows, "payer", model, "payer")
        found["payers"], found["payer"] = payers, payer
    else:
        if rows.column("signed_on") is not None:
            _days(rows, "signed_on", rows.column("signed_on"), model)
    rows.forget()
    return found


_OWNED_USED: Final = frozenset({"amount_excl_tax", "number", "supplier", "issued_on", "category", "scenario",
                                "tax", "total_incl_tax", "contract", "payer", "signed_on"})


def _owners_by_value(owner_column: Any, raw_ids: Any) -> Any:
    """Each row's applicant by comparing the Python values, as `frame_input` does (``-1``: none)."""
    np = _numpy()
    by_id: dict[Any, int] = {}
    for i, value in enumerate(raw_ids.to_list()):
        if value is not None:
            by_id.setdefault(_key(plain_value(value)), i)
    return np.asarray([by_id.get(_key(plain_value(v)), -1) if v is not None else -1
                       for v in owner_column.to_list()], dtype=np.int64)


def _tax(rows: _Rows, found: dict[str, Any]) -> None:
    """价税合计 checked against 不含税金额 and 税额 where given (`models.check_tax`)."""
    np = _numpy()
    totals = rows.column("total_incl_tax")
    taxes = rows.column("tax")
    amount = found["amount"]
    if taxes is not None:
        tax, tax_given, tax_valid = _amounts(rows, "tax", taxes, Invoice)
    else:
        tax, tax_given = np.zeros(len(amount), dtype=np.int64), np.zeros(len(amount), dtype=bool)
        tax_valid = np.ones(len(amount), dtype=bool)
    if totals is None:
        return
    total, _, total_valid = _amounts(rows, "total_incl_tax", totals, Invoice)
    wrong = total_valid & np.where(tax_given, amount + tax != total, total < amount)
    wrong &= found["amount_valid"] & (tax_valid | ~tax_given)  # an invalid amount or tax is reported on its own field
    at = np.flatnonzero(wrong).tolist()
    numbers = _text_at(rows, "number", at) if found["numbered"] and at else [None] * len(at)
    for k, number in zip(at, numbers, strict=True):
        try:
            check_tax(number if number is not None else "?", Money(int(amount[k])),
                      Money(int(tax[k])) if tax_given[k] else None, Money(int(total[k])))
        except ValueError as exc:
            rows.report([k], "total_incl_tax", str(exc), _shown(plain_value(totals[k])))


def _amounts_streamed(rows: _Rows, column: str) -> tuple[Any, Any, Any] | None:
    """`_amounts` of a scanned table's text column worked out by polars' streaming engine, if every
    cell given is a plain amount (``None`` otherwise: `_amounts` reads the column and names each)."""
    np, pl = _numpy(), _polars()
    c = pl.col(column)
    found = rows.streamed(column, plain=c.str.contains(_PLAIN_AMOUNT).fill_null(False), given=c.is_not_null(),
                          number=c.cast(pl.Decimal(18, 2), strict=False).to_physical().cast(pl.Int64).fill_null(-1))
    if found is None:
        return None
    plain, number, given = found.pop("plain"), found.pop("number"), found.pop("given")
    plain = plain & (number >= 0) & (number <= MAX_FEN)  # the pattern admits only what a Decimal(18, 2) holds
    if (given & ~plain).any():
        return None
    return np.where(plain, number, 0), given, plain


def _numbers_streamed(rows: _Rows, owner: Any) -> bool:
    """`_text` and `_repeats` of a scanned table's text ``number`` by polars' streaming engine: done
    (``True``) if every number given is folded text (`_text` changes and reports none) and no two
    of an applicant's hash alike (no duplicate to name); else the column is read (``False``)."""
    np, pl = _numpy(), _polars()
    c = pl.col("number")
    found = rows.streamed("number", folded=(c.str.contains(_FOLDED) & (c.str.len_bytes() <= MAX_NAME)).fill_null(False),
                          given=c.is_not_null(), hash=c.hash())
    if found is None:
        return False
    folded, given, hashes = found.pop("folded"), found.pop("given"), found.pop("hash")
    if (given & ~folded).any():
        return False
    keys = hashes ^ owner.view(np.uint64)  # a new array: polars' may be read-only
    del hashes
    if len(_alike(keys)):
        return False
    rows.cache["folded:number"] = folded
    rows.cache["fixed:number"] = (np.zeros(0, dtype=np.int64), pl.Series([], dtype=pl.String), True)
    return True


def _alike(keys: Any) -> Any:
    """The values found twice or more in ``keys`` (numbers' hashes xor their applicant: equal
    within an applicant iff its numbers' hashes are), which it sorts in place."""
    keys.sort()
    return keys[1:][keys[1:] == keys[:-1]]


def _repeats(rows: _Rows, number: Any, owner: Any) -> dict[int, list[Any]]:
    """The applicants with two numbers that may be equal once folded (`normalise_name`) and all
    their numbers, folded, in order: what `_consistent` gives `no_duplicates` (usually none)."""
    np, pl = _numpy(), _polars()
    if not len(owner):
        return {}
    folded = rows.cache.get("folded:number")
    if folded is None:
        folded = number.str.contains(_FOLDED).fill_null(True).to_numpy()
    norm = number
    odd = np.flatnonzero(~folded)
    if len(odd):
        norm = number.scatter(odd, pl.Series([normalise_name(v) if v is not None else None
                                              for v in number.gather(odd).to_list()], dtype=pl.String))

    def hashes() -> Any:  # by slices (bounded temporaries)
        found = np.empty(len(owner), dtype=np.uint64)
        for first in range(0, len(owner), _CHUNK):
            found[first:first + _CHUNK] = norm.slice(first, _CHUNK).hash().to_numpy()
        found ^= owner.view(np.uint64)
        return found

    repeated = _alike(hashes())
    found: dict[int, list[Any]] = {}
    if len(repeated):  # again, in order (rarely: only if two are equal)
        for o in np.unique(owner[np.isin(hashes(), repeated)]).tolist():
            found[o] = list(norm.gather(np.flatnonzero(owner == o)).to_list())
    return found


def _consistent(errors: _Errors, a: dict[str, Any], inv: dict[str, Any], con: dict[str, Any]) -> None:
    """`Application`'s own checks (duplicate numbers, an invoice's contract and payer), in its
    order, for the applicants whose fields are valid: the first problem of each."""
    np = _numpy()
    messages: dict[int, str] = {}
    for label, owned in (("invoices", inv), ("contracts", con)):
        for o, numbers in owned.get("repeats", {}).items():
            if o in errors.faulty or o in messages:
                continue
            try:
                no_duplicates(label, "number", numbers)
            except ValueError as exc:
                messages[o] = str(exc)
    if inv and len(inv["owner"]):
        codes = a["applicants"].credit_code
        owner, counts = inv["owner"], inv["counts"]
        first = np.cumsum(counts) - counts  # owners are sorted: a row's position is its index less the rows before
        linked = [inv[name] >= 0 for name in ("contract", "payer") if inv[name] is not None]
        links = np.flatnonzero(np.logical_or.reduce(linked)) if linked else np.zeros(0, dtype=np.int64)
        if len(links):
            held: dict[int, set[str]] = {}
            if con and con["number"] is not None:
                for o, number in zip(con["owner"].tolist(), con["number"].to_list(), strict=True):
                    if number is not None:
                        held.setdefault(o, set()).add(number)
            for k in links.tolist():
                o = int(owner[k])
                if o in errors.faulty or o in messages:
                    continue
                contract = inv["contracts"][inv["contract"][k]] if inv["contract"] is not None and inv["contract"][k] >= 0 \
                    else None
                if contract is not None and contract not in held.get(o, set()):
                    messages[o] = unknown_contract(k - int(first[o]), contract, held.get(o, set()))
                    continue
                payer = inv["payers"][inv["payer"][k]] if inv["payer"] is not None and inv["payer"][k] >= 0 else None
                if payer is not None and payer != codes[o]:
                    messages[o] = unknown_payer(k - int(first[o]), payer)
    for o, message in messages.items():
        errors.add("applicants", o, None, message, "", o)


def _listed_lookup(a: dict[str, Any], direction: Any) -> None:
    """Per applicant, its 附件1 list (``listed_suppliers``, as `Population.from_applications` reads it)."""
    np = _numpy()
    refs, directions = a["refs"], a["directions"]
    sets, cell = a["cluster_sets"], a["cluster_code"]
    key = direction.astype(np.int64) * (len(sets) + 1) + np.where(cell >= 0, cell, len(sets))
    unique, inverse = _unique(key, max(len(refs), 1) * (len(sets) + 1))
    lists: dict[frozenset[str], int] = {}
    ids = np.full(len(unique), -1, dtype=np.int64)
    for u, k in enumerate(unique.tolist()):
        d, c = divmod(k, len(sets) + 1)
        rules = directions[refs[d]]
        held = sets[c] if c < len(sets) else frozenset()
        holder: Enterprise = cast(Any, Enterprise).model_construct(clusters=held)  # only its clusters are read
        names = listed_suppliers(rules.providers, rules.clusters, holder)
        if names is not None:
            ids[u] = lists.setdefault(names, len(lists))
    a["lists"] = list(lists)
    a["list_of"] = ids[inverse.reshape(-1)]
    planners, planner = a["planners"], a["planner"]
    folded = [normalise_name(p) if p is not None else None for p in planners]
    planned = np.zeros(len(direction), dtype=bool)
    for row in np.flatnonzero((a["list_of"] >= 0) & (planner >= 0)).tolist():
        planned[row] = folded[planner[row]] in a["lists"][a["list_of"][row]]
    a["planning_listed"] = planned

    def listed(owner: Any, suppliers: Sequence[str | None], supplier: Any) -> Any:
        """Each row's 附件1 flag from its applicant (``owner``) and its supplier's code."""
        if not a["lists"] or not len(owner) or supplier is None:
            return np.zeros(len(owner), dtype=bool)
        member = np.asarray([[s is not None and s in names for s in [*suppliers, None]] for names in a["lists"]],
                            dtype=bool).reshape(len(a["lists"]), len(suppliers) + 1)
        flags = np.empty(len(owner), dtype=bool)
        for first in range(0, len(owner), _CHUNK):  # by slices: bounded temporaries
            which = a["list_of"][owner[first:first + _CHUNK]]
            flags[first:first + _CHUNK] = (which >= 0) & member[which, supplier[first:first + _CHUNK]]
        return flags  # -1: the last row and column, never listed

    a["listed"] = listed
