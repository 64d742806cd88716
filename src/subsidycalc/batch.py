"""Columnar batch evaluation of the invoice family's money pipeline (extra ``batch``: NumPy).

For budget projections over whole populations — millions of applicants, each with invoices — the
scalar engine's one-object-per-invoice costs too much. This module evaluates the same rule data
(:class:`~subsidycalc.rules.DirectionRules`: window, counted and base categories, provider lists,
purchase basis, minimum, rate, cap) over arrays, in exact ``int64`` 分:

1. :func:`compile_rules` turns each direction into integer tables once (window as day ordinals,
   categories as bit masks, the rate as numerator/denominator);
2. :class:`Population` holds invoices and contracts as columns (from validated models with
   :meth:`Population.from_applications`, or from your own arrays / DataFrame columns);
3. :func:`evaluate` returns, per applicant, the measures the scalar engine derives from invoices
   (eligible spend, award base, lead spend, contract total, purchase amount), the minimum check,
   ``rate × base`` rounded once half-up, the cap and ``award_if_eligible``.

Scope. This is the money pipeline, not the whole assessment: the qualitative conditions
(district, integrity, clusters, certifications, joint rules, prior funding, deadlines, documents,
facts) are not evaluated here, so the result says what each applicant would receive *if* every
other condition holds. :meth:`BatchResult.explain` re-runs the scalar engine for the applicants you
choose. The project family (declared amounts, lump sums, stages) has no columnar form yet.

Range. Every amount is a whole number of 分 in ``int64``. An invoice may be up to 10^12 元
(10^14 分) and an applicant may have up to 10^4 invoices, so a sum stays below 10^18 < 2^63; the
rate step computes ``2 × base × numerator + denominator`` and :func:`evaluate` raises
:class:`OverflowError` before it could exceed 2^63 − 1 (not reachable with the encoded rates, whose
numerators are below 100). Larger inputs are refused, never wrapped.

>>> from subsidycalc.inputs import example_applications
>>> apps = [a for a in example_applications("doumen-2023") if a.direction == "direction_1"]
>>> result = evaluate(Population.from_applications(apps))
>>> " / ".join(Money.from_fen(int(f)).format_wan() for f in result.award_if_eligible[:3])
'100万元 / 90万元 / 90万元'
>>> " / ".join(str(bool(met)) for met in result.minimum_met[:3])   # DM23-D1-03: 1 分 below 300万
'True / True / False'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ._optional import require
from .engine import listed_suppliers, normalise_name
from .ledger import Ledger
from .models import Application, Category
from .money import Money
from .registry import all_directions
from .result import Assessment
from .rules import AnyRules, DirectionRules, PurchaseBasis

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "CATEGORY_CODES",
    "MAX_INVOICE_FEN",
    "BatchResult",
    "CompiledDirection",
    "Population",
    "compile_rules",
    "evaluate",
]

CATEGORY_CODES: Final[dict[Category, int]] = {category: index for index, category in enumerate(Category)}
"""The integer code of each cost category in the ``category`` column."""

MAX_INVOICE_FEN: Final = 10**14
"""The largest invoice amount accepted: 10^12 元."""
MAX_INVOICES_PER_APPLICANT: Final = 10**4
_INT64_MAX: Final = 2**63 - 1
_MEASURES: Final = ("eligible_spend", "award_base", "lead_spend", "contract_total", "purchase_amount")


def _numpy() -> Any:
    return require("numpy", "batch", "the batch engine")


@dataclass(frozen=True, slots=True)
class CompiledDirection:
    """A direction's money rules as integers (compiled once from its cited rule data)."""

    ref: str
    start: int
    """First day of the invoice window, as a proleptic Gregorian ordinal (``date.toordinal``)."""
    end: int
    counted: int
    """Bit ``CATEGORY_CODES[c]`` is set when category ``c`` counts toward the investment."""
    base: int
    """Bit set when the category is in the award base."""
    scenarios_in_base: bool
    only_listed: bool
    purchase: int
    """0: no purchase basis; 1: invoiced purchases are the base; 2: contracted amounts are."""
    minimum_measure: int
    """Index into ``eligible_spend, award_base, lead_spend, contract_total, purchase_amount``."""
    minimum: int
    rate_numerator: int
    rate_denominator: int
    cap: int


def compile_rules(rules: DirectionRules) -> CompiledDirection:
    """Integer tables of one direction. Raises ``ValueError`` for a rule with no columnar form."""
    if rules.minimum_measure not in _MEASURES:
        raise ValueError(
            f"{rules.ref}: minimum_measure {rules.minimum_measure!r} is not an invoice measure: "
            f"expected one of {', '.join(_MEASURES)}"
        )
    window, rate = rules.window.value, rules.rate.value.value
    basis = rules.purchase_basis.value if rules.purchase_basis is not None else None
    return CompiledDirection(
        ref=rules.ref,
        start=window.start.toordinal(),
        end=window.end.toordinal(),
        counted=sum(1 << CATEGORY_CODES[c] for c in rules.counted.value),
        base=sum(1 << CATEGORY_CODES[c] for c in rules.base.value),
        scenarios_in_base=rules.base_includes_scenarios,
        only_listed=rules.providers is not None and rules.providers.only_listed,
        purchase={None: 0, PurchaseBasis.INVOICED: 1, PurchaseBasis.CONTRACTED: 2}[basis],
        minimum_measure=_MEASURES.index(rules.minimum_measure),
        minimum=rules.minimum.value.fen,
        rate_numerator=rate.numerator,
        rate_denominator=rate.denominator,
        cap=rules.cap.value.fen,
    )


@dataclass(frozen=True)
class Population:
    """Applicants and their invoices and contracts as columns.

    Applicant ``i`` has direction ``refs[direction[i]]``. Invoice and contract rows name their
    applicant by index (``*_owner``). ``invoice_listed`` / ``contract_listed`` say whether the
    supplier is on the applicant's 附件1 list (ignored by directions without one);
    ``invoice_from_applicant`` whether the applicant itself paid (not a joint partner).
    """

    ids: tuple[str, ...]
    refs: tuple[str, ...]
    direction: NDArray[np.int32]
    invoice_owner: NDArray[np.int64]
    invoice_day: NDArray[np.int64]
    invoice_category: NDArray[np.int64]
    invoice_amount: NDArray[np.int64]
    invoice_scenario: NDArray[np.bool_]
    invoice_from_applicant: NDArray[np.bool_]
    invoice_listed: NDArray[np.bool_]
    contract_owner: NDArray[np.int64]
    contract_amount: NDArray[np.int64]
    contract_listed: NDArray[np.bool_]

    def __post_init__(self) -> None:
        np = _numpy()
        n = len(self.ids)
        if len(self.direction) != n:
            raise ValueError(f"direction: {len(self.direction)} rows: expected one per applicant ({n})")
        if len(self.direction) and (self.direction.min() < 0 or self.direction.max() >= len(self.refs)):
            raise ValueError(f"direction: codes outside 0..{len(self.refs) - 1}: expected indexes into refs")
        invoices = len(self.invoice_owner)
        for name in ("invoice_day", "invoice_category", "invoice_amount", "invoice_scenario",
                     "invoice_from_applicant", "invoice_listed"):
            if len(getattr(self, name)) != invoices:
                raise ValueError(f"{name}: {len(getattr(self, name))} rows: expected {invoices} (one per invoice)")
        for name in ("contract_amount", "contract_listed"):
            if len(getattr(self, name)) != len(self.contract_owner):
                raise ValueError(f"{name}: expected one row per contract ({len(self.contract_owner)})")
        for owner in ("invoice_owner", "contract_owner"):
            column = getattr(self, owner)
            if len(column) and (column.min() < 0 or column.max() >= n):
                raise ValueError(f"{owner}: indexes outside 0..{n - 1}: expected applicant indexes")
        for amounts in ("invoice_amount", "contract_amount"):
            column = getattr(self, amounts)
            if len(column) and (column.min() < 0 or column.max() > MAX_INVOICE_FEN):
                raise OverflowError(
                    f"{amounts}: an amount outside 0..{MAX_INVOICE_FEN} 分: expected at most 10^12 元 each"
                )
        if invoices and np.bincount(self.invoice_owner, minlength=n).max() > MAX_INVOICES_PER_APPLICANT:
            raise OverflowError(f"an applicant has more than {MAX_INVOICES_PER_APPLICANT} invoices")
        if len(self.invoice_category) and (
            self.invoice_category.min() < 0 or self.invoice_category.max() >= len(CATEGORY_CODES)
        ):
            raise ValueError("invoice_category: codes outside CATEGORY_CODES")

    @classmethod
    def from_applications(
        cls, applications: Iterable[Application], rules: Mapping[str, AnyRules] | None = None
    ) -> Population:
        """Columns from validated applications (``rules`` by ``programme/key``, default the registry)."""
        np = _numpy()
        table = dict(rules) if rules is not None else all_directions()
        apps = list(applications)
        refs: dict[str, int] = {}
        direction: list[int] = []
        inv: list[list[Any]] = [[] for _ in range(7)]
        con: list[list[Any]] = [[] for _ in range(3)]
        for index, app in enumerate(apps):
            ref = f"{app.programme}/{app.direction}"
            found = table.get(ref)
            if not isinstance(found, DirectionRules):
                raise ValueError(f"application {app.id!r}: {ref} is not an invoice-based direction")
            direction.append(refs.setdefault(ref, len(refs)))
            listed = listed_suppliers(found, app.enterprise)
            applicant = app.enterprise.credit_code
            for invoice in app.invoices:
                for column, value in zip(inv, (
                    index,
                    invoice.issued_on.toordinal(),
                    CATEGORY_CODES[invoice.category],
                    invoice.amount_excl_tax.fen,
                    bool(invoice.scenario),
                    invoice.payer is None or invoice.payer == applicant,
                    listed is not None and normalise_name(invoice.supplier) in listed,
                ), strict=True):
                    column.append(value)
            for contract in app.contracts:
                con[0].append(index)
                con[1].append(contract.amount_excl_tax.fen)
                con[2].append(listed is not None and normalise_name(contract.supplier) in listed)
        i64, flag = np.int64, np.bool_
        return cls(
            ids=tuple(a.id for a in apps),
            refs=tuple(refs),
            direction=np.asarray(direction, dtype=np.int32),
            invoice_owner=np.asarray(inv[0], dtype=i64),
            invoice_day=np.asarray(inv[1], dtype=i64),
            invoice_category=np.asarray(inv[2], dtype=i64),
            invoice_amount=np.asarray(inv[3], dtype=i64),
            invoice_scenario=np.asarray(inv[4], dtype=flag),
            invoice_from_applicant=np.asarray(inv[5], dtype=flag),
            invoice_listed=np.asarray(inv[6], dtype=flag),
            contract_owner=np.asarray(con[0], dtype=i64),
            contract_amount=np.asarray(con[1], dtype=i64),
            contract_listed=np.asarray(con[2], dtype=flag),
        )


@dataclass(frozen=True)
class BatchResult:
    """Per applicant, in 分 (``int64``), in the population's order."""

    ids: tuple[str, ...]
    refs: tuple[str, ...]
    direction: NDArray[np.int32]
    eligible_spend: NDArray[np.int64]
    award_base: NDArray[np.int64]
    lead_spend: NDArray[np.int64]
    contract_total: NDArray[np.int64]
    purchase_amount: NDArray[np.int64]
    minimum_met: NDArray[np.bool_]
    award_before_cap: NDArray[np.int64]
    cap_applied: NDArray[np.bool_]
    award_if_eligible: NDArray[np.int64]
    """``min(rate × base, cap)`` where the minimum is met, else the same (the scalar engine's
    ``award_if_eligible`` does not depend on the minimum: an unmet minimum makes the applicant
    ineligible). Use ``minimum_met`` to exclude those below it."""

    def row(self, index: int) -> dict[str, object]:
        """One applicant's figures, money as :class:`~subsidycalc.money.Money`."""
        money = {name: Money.from_fen(int(getattr(self, name)[index])) for name in (
            *_MEASURES, "award_before_cap", "award_if_eligible")}
        return {
            "application_id": self.ids[index],
            "direction": self.refs[int(self.direction[index])],
            **money,
            "minimum_met": bool(self.minimum_met[index]),
            "cap_applied": bool(self.cap_applied[index]),
        }

    def total(self, *, only_minimum_met: bool = True) -> Money:
        """Sum of ``award_if_eligible`` (by default over applicants that meet their minimum)."""
        np = _numpy()
        chosen = self.award_if_eligible[self.minimum_met] if only_minimum_met else self.award_if_eligible
        return Money.from_fen(int(np.sum(chosen, dtype=np.int64)))

    def explain(
        self,
        applications: Sequence[Application],
        chosen: Iterable[str],
        *,
        ledger: Ledger | None = None,
        rules: Mapping[str, AnyRules] | None = None,
    ) -> dict[str, Assessment]:
        """The full scalar assessment (findings, invoices, clauses) of the chosen applicants."""
        table = dict(rules) if rules is not None else all_directions()
        by_id = {a.id: a for a in applications}
        found = {}
        for app_id in chosen:
            app = by_id[app_id]
            found[app_id] = table[f"{app.programme}/{app.direction}"].assess(app, ledger)
        return found

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``, money in 分 as ``int64`` (needs the ``pandas`` extra)."""
        pd = require("pandas", "pandas", "to_pandas()")
        np = _numpy()
        return pd.DataFrame({
            "application_id": list(self.ids),
            "direction": np.asarray(self.refs, dtype=object)[self.direction],
            **{f"{name}_fen": getattr(self, name) for name in (*_MEASURES, "award_before_cap", "award_if_eligible")},
            "minimum_met": self.minimum_met,
            "cap_applied": self.cap_applied,
        })


def evaluate(population: Population, rules: Mapping[str, AnyRules] | None = None) -> BatchResult:
    """The money pipeline for every applicant, vectorised (see the module docstring)."""
    np = _numpy()
    table = dict(rules) if rules is not None else all_directions()
    compiled = []
    for ref in population.refs:
        found = table.get(ref)
        if not isinstance(found, DirectionRules):
            raise ValueError(f"{ref}: not an invoice-based direction: the batch engine covers DirectionRules")
        compiled.append(compile_rules(found))

    def column(name: str) -> Any:
        return np.asarray([getattr(c, name) for c in compiled], dtype=np.int64)

    n = len(population.ids)
    d = population.direction.astype(np.int64)
    owner = population.invoice_owner
    inv_d = d[owner]
    day, category, amount = population.invoice_day, population.invoice_category, population.invoice_amount
    bit = np.left_shift(np.int64(1), category)
    only_listed = column("only_listed").astype(bool)
    counted = (
        (day >= column("start")[inv_d])
        & (day <= column("end")[inv_d])
        & ((column("counted")[inv_d] & bit) != 0)
        & (~only_listed[inv_d] | population.invoice_listed)
    )
    in_base = counted & (
        ((column("base")[inv_d] & bit) != 0) | (column("scenarios_in_base").astype(bool)[inv_d] & population.invoice_scenario)
    )

    def per_applicant(owners: Any, values: Any) -> Any:
        out = np.zeros(n, dtype=np.int64)
        np.add.at(out, owners, values)
        return out

    zero = np.int64(0)
    eligible = per_applicant(owner, np.where(counted, amount, zero))
    base = per_applicant(owner, np.where(in_base, amount, zero))
    lead = per_applicant(owner, np.where(counted & population.invoice_from_applicant, amount, zero))
    con_owner = population.contract_owner
    con_ok = ~only_listed[d[con_owner]] | population.contract_listed
    contract_total = per_applicant(con_owner, np.where(con_ok, population.contract_amount, zero))
    purchase_kind = column("purchase")[d]
    purchase = np.where(purchase_kind == 2, contract_total, eligible)
    base = np.where(purchase_kind > 0, purchase, base)

    measures = np.stack([eligible, base, lead, contract_total, purchase])
    minimum_met = measures[column("minimum_measure")[d], np.arange(n)] >= column("minimum")[d]

    numerator, denominator = column("rate_numerator")[d], column("rate_denominator")[d]
    limit = (_INT64_MAX - denominator) // (2 * np.maximum(numerator, 1))
    if np.any(base > limit):
        worst = int(np.argmax(base - limit))
        raise OverflowError(
            f"applicant {population.ids[worst]!r}: award base {Money.from_fen(int(base[worst])).format()} × rate "
            "does not fit in int64: expected a base below 4.6×10^16 元 / rate numerator"
        )
    before_cap = (2 * base * numerator + denominator) // (2 * denominator)  # half-up, base >= 0
    cap = column("cap")[d]
    cap_applied = before_cap > cap
    return BatchResult(
        ids=population.ids,
        refs=population.refs,
        direction=population.direction,
        eligible_spend=eligible,
        award_base=base,
        lead_spend=lead,
        contract_total=contract_total,
        purchase_amount=purchase,
        minimum_met=minimum_met,
        award_before_cap=before_cap,
        cap_applied=cap_applied,
        award_if_eligible=np.where(cap_applied, cap, before_cap),
    )
