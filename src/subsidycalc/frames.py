"""DataFrames out: assessments, allocations, sweeps and batch results as pandas or polars tables.

One code path serves both libraries through narwhals (extras ``pandas`` and ``polars``). Every table follows one convention:

- one row per application (per assessment, per decision, per batch applicant) or per scenario;
- money as two columns, never ``float``: ``<name>_fen``, the exact amount in 分 as ``int64``, and
  ``<name>``, the same amount as text (``'1,000,000.00元'``, [`format`][subsidycalc.money.Money.format]);
  an amount that may be absent (a cap, where the rule has none) is a nullable integer column
  (pandas ``Int64``, polars ``Int64`` with nulls);
- codes as text, sorted and ``;``-joined (``'BELOW_MIN_INVESTMENT;INVOICE_OUTSIDE_WINDOW'``);
- ratios as text (``'30%'``): exact, as the rule data states them.

```pycon
>>> from subsidycalc.inputs import example_applications
>>> from subsidycalc.registry import assess
>>> apps = example_applications("doumen-2023")
>>> first_two = [assess(a) for a in apps if a.id in ("DM23-D1-01", "DM23-D1-02")]
>>> frame = assessments_frame(first_two, backend="polars")
>>> frame.select("application_id", "award_fen", "award").rows()
[('DM23-D1-01', 100000000, '1,000,000.00元'), ('DM23-D1-02', 90000000, '900,000.00元')]

```

The tables of an [`Allocation`][subsidycalc.allocation.Allocation], a
[`Sweep`][subsidycalc.scenarios.Sweep] and a [`BatchResult`][subsidycalc.batch.BatchResult] come from their
``to_pandas()`` / ``to_polars()`` methods, which build their columns with `Columns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal

from ._optional import require
from .money import Money
from .result import Assessment

__all__ = ["BACKENDS", "Backend", "Columns", "assessments_frame"]

Backend = Literal["pandas", "polars"]
BACKENDS: Final[tuple[Backend, ...]] = ("pandas", "polars")
_EXTRA: Final[dict[str, str]] = {"pandas": "pandas", "polars": "polars"}


def _narwhals(backend: str, purpose: str) -> Any:
    if backend not in BACKENDS:
        raise ValueError(f"backend {backend!r}: expected one of {', '.join(BACKENDS)}")
    require(backend, _EXTRA[backend], purpose)
    return require("narwhals", _EXTRA[backend], purpose)


class Columns:
    """The columns of one table, in order, each with its type; `frame` builds it.

    Types are `text`, `integer` (``int64``; ``None`` allowed, then a nullable integer
    column), `flag` (``bool``) and money (`money`: two columns, ``<name>_fen`` and ``<name>``).
    """

    __slots__ = ("_data", "_kinds")

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._kinds: dict[str, str] = {}

    def _add(self, name: str, kind: str, values: Any) -> Columns:
        if name in self._data:
            raise ValueError(f"column {name!r} given twice: expected each column once")
        self._data[name], self._kinds[name] = values, kind
        return self

    def text(self, name: str, values: Iterable[str | None]) -> Columns:
        return self._add(name, "text", list(values))

    def integer(self, name: str, values: Iterable[int | None] | Any) -> Columns:
        """Integers (a list, which may hold ``None``, or an ``int64`` array)."""
        return self._add(name, "int", values if hasattr(values, "dtype") else list(values))

    def flag(self, name: str, values: Iterable[bool] | Any) -> Columns:
        return self._add(name, "bool", values if hasattr(values, "dtype") else list(values))

    def money(self, name: str, values: Iterable[Money | None]) -> Columns:
        """``<name>_fen`` (exact 分, ``int64``) and ``<name>`` (``'1,000,000.00元'``)."""
        amounts = list(values)
        self.integer(f"{name}_fen", [None if m is None else m.fen for m in amounts])
        return self.text(name, [None if m is None else m.format() for m in amounts])

    def money_fen(self, name: str, fen: Any) -> Columns:
        """`money` from an ``int64`` array of 分 (the batch engine's columns)."""
        self.integer(f"{name}_fen", fen)
        return self.text(name, [Money(int(f)).format() for f in fen])

    def frame(self, backend: Backend = "pandas") -> Any:
        """The table as a native ``pandas.DataFrame`` or ``polars.DataFrame``."""
        nw = _narwhals(backend, f"a {backend} DataFrame")
        types = {"text": nw.String(), "int": nw.Int64(), "bool": nw.Boolean()}
        data: dict[str, Any] = {}
        for name, values in self._data.items():
            if backend == "pandas" and self._kinds[name] == "int" and isinstance(values, list) and None in values:
                # numpy's int64 has no missing value: pandas' own nullable Int64 has (never float)
                values = require("pandas", "pandas", "a pandas DataFrame").array(values, dtype="Int64")
            data[name] = values
        schema = {name: types[kind] for name, kind in self._kinds.items()}
        return nw.from_dict(data, schema=schema, backend=backend).to_native()


def _codes(codes: Iterable[str]) -> str:
    return ";".join(sorted(codes))


def assessments_frame(results: Iterable[Assessment], backend: Backend = "pandas") -> Any:
    """One row per assessment: who, which direction, eligibility, every money measure, the codes.

    Columns: ``application_id``, ``programme``, ``direction``, ``direction_name``, ``enterprise``,
    ``credit_code``, ``eligible``, money ``eligible_spend``, ``award_base``, ``cap`` (null where the
    rule has none), ``award_before_cap``, ``award_if_eligible``, ``award`` (each as ``*_fen`` and
    text), ``rate`` (``'30%'``), ``cap_applied``, ``codes`` (`Assessment.codes`: every failed,
    unverified or pending check), ``failures`` (the failed ones only), ``stage``, ``payment_year``,
    ``rules_digest``.
    """
    rows: Sequence[Assessment] = tuple(results)
    columns = Columns()
    for name in ("application_id", "programme", "direction", "direction_name", "enterprise", "credit_code"):
        columns.text(name, [getattr(r, name) for r in rows])
    columns.flag("eligible", [r.eligible for r in rows])
    columns.money("eligible_spend", [r.eligible_spend for r in rows])
    columns.money("award_base", [r.award_base for r in rows])
    columns.text("rate", [r.rate.percent() for r in rows])
    columns.money("cap", [r.cap for r in rows])
    for name in ("award_before_cap", "award_if_eligible", "award"):
        columns.money(name, [getattr(r, name) for r in rows])
    columns.flag("cap_applied", [r.cap_applied for r in rows])
    columns.text("codes", [_codes(r.codes) for r in rows])
    columns.text("failures", [_codes({str(f.code) for f in r.failures}) for r in rows])
    columns.text("stage", [None if r.stage is None else r.stage.value for r in rows])
    columns.integer("payment_year", [r.payment_year for r in rows])
    columns.text("rules_digest", [r.rules_digest for r in rows])
    return columns.frame(backend)
