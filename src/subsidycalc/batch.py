"""Columnar batch evaluation over whole populations (extra ``batch``: NumPy).

For budget projections over whole populations — millions of applicants, each with invoices — the
scalar engine's one object per invoice and per finding costs too much. This module interprets the
same rule data ([`DirectionRules`][subsidycalc.rules.DirectionRules]) over arrays, in exact ``int64`` 分:

1. `compile_rules` turns each direction's money rules into integer tables once (window as day
   ordinals, categories as bit masks, the rate as numerator/denominator);
2. `Population` holds invoices, contracts and `Applicants` (who applies, their
   clusters, certifications, partners, prior funding, submission times, documents and declared
   facts) as columns — from validated models with `Population.from_applications`, or from
   your own arrays / DataFrame columns;
3. `evaluate` returns per applicant the money measures, the minimum, ``rate × base`` rounded
   once half-up, the cap, **eligibility, the award and the reason codes** (every ``fail`` code the
   scalar engine would report, and every ``warn`` code), identical to
   [`assess`][subsidycalc.engine.assess] applicant by applicant;
4. `allocate` runs the quotas, mutual exclusion and budgets of
   [`subsidycalc.allocation`][subsidycalc.allocation] over the batch result.

What is vectorised. Every condition the invoice family's rules state: the district, integrity
(major incidents in the period, 失信联合惩戒), cluster membership, certifications, the 附件1 provider
list, joint-application rules, the minimum, ``Compare`` / ``ShareOf`` / ``Flag`` / ``AnyOf`` over
money measures and declared facts (ratios compared exactly by cross-multiplication), prior funding
(declared and from a [`Ledger`][subsidycalc.ledger.Ledger]), the deadlines (to the microsecond,
Beijing time) and the document checklist. Directions with no columnar form — the project family
(declared amounts, lump sums, stages, ledger rules) and any rule reading a tenure or an acceptance
indicator — are assessed by the scalar engine, one applicant at a time, into the same columns
(``BatchResult.scalar`` marks those rows); that needs a population built from applications. Those
programmes fund tens of projects a year, not millions.

Explanations. `BatchResult.explain` re-runs the scalar engine for the applicants you choose.

Range. Every amount is a whole number of 分 in ``int64``. An invoice may be up to 10^12 元
(10^14 分) and an applicant may have up to 10^4 invoices, so a sum stays below 10^18 < 2^63; the
rate step computes ``2 × base × numerator + denominator`` and `evaluate` raises
`OverflowError` before it could exceed 2^63 − 1 (not reachable with the encoded rates, whose
numerators are below 100). Comparisons of a ratio are exact: a product that would not fit in
``int64`` is compared with Python integers instead. Larger inputs are refused, never wrapped.

```pycon
>>> from subsidycalc.inputs import example_applications
>>> apps = [a for a in example_applications("doumen-2023") if a.direction == "direction_1"]
>>> result = evaluate(Population.from_applications(apps))
>>> " / ".join(Money.from_fen(int(f)).format_wan() for f in result.award[:3])
'100万元 / 90万元 / 0万元'
>>> result.reasons_of(2)   # DM23-D1-03: 1 分 below 300万
('BELOW_MIN_INVESTMENT',)

```
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, cast

from ._optional import require
from .allocation import Allocation, AllocationPolicy, Candidate, allocate_candidates, reassessing
from .columnar import CandidateColumns, ColumnarAllocation, allocate_columns
from .exclusion import CountLimit, Exclusion
from .findings import Code, Severity
from .frames import Backend, Columns
from .ledger import Ledger
from .models import (
    PRINTABLE,
    Application,
    Category,
    Certification,
    DocumentKind,
    Facts,
    FundingLevel,
    fact_type,
    place_key,
)
from .money import MAX_FEN, MAX_RATIO_TERM, Money, Ratio
from .parts import ColumnarPart, normalise_name
from .parts.bases import InvoiceBase
from .parts.conditions import measures_read
from .parts.gates import (
    listed_suppliers,
)
from .periods import to_beijing
from .registry import all_directions
from .result import Assessment
from .rules import AnyOf, AnyRules, Compare, Flag, Op, PurchaseBasis, Rule, ShareOf

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "CATEGORY_CODES",
    "CERTIFICATION_CODES",
    "DOCUMENT_CODES",
    "FUNDING_CODES",
    "MAX_INVOICE_FEN",
    "NO_TIME",
    "Applicants",
    "BatchResult",
    "CompiledDirection",
    "FactColumn",
    "Population",
    "allocate",
    "allocate_columnar",
    "candidate_columns",
    "compile_rules",
    "evaluate",
    "fact_column",
    "facts_read",
    "instant_code",
    "place_key",
    "population_for",
    "text_word",
]

CATEGORY_CODES: Final[dict[Category, int]] = {category: index for index, category in enumerate(Category)}
"""The integer code of each cost category in the ``invoice_category`` column."""
CERTIFICATION_CODES: Final[dict[Certification, int]] = {c: i for i, c in enumerate(Certification)}
"""Bit of each certification in ``Applicants.certifications``."""
DOCUMENT_CODES: Final[dict[DocumentKind, int]] = {k: i for i, k in enumerate(DocumentKind)}
"""Bit of each 申报材料 in ``Applicants.documents``."""
FUNDING_CODES: Final[dict[FundingLevel, int]] = {level: i for i, level in enumerate(FundingLevel)}
"""The integer code of each funding level in ``Applicants.funding_level``."""

MAX_INVOICE_FEN: Final = MAX_FEN
"""The largest invoice amount accepted: 10^12 元, as in the input models (`money.MAX_FEN`)."""
MAX_INVOICES_PER_APPLICANT: Final = 10**4
NO_TIME: Final = -(2**63)
"""A submission time that was not given (``Applicants.online_at`` etc.)."""
_INT64_MAX: Final = 2**63 - 1
_MEASURES: Final = ("eligible_spend", "award_base", "lead_spend", "contract_total", "purchase_amount")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
_RATIO_LIMIT: Final = MAX_RATIO_TERM + 1
_CHUNK: Final = 1 << 20
"""Invoices evaluated at a time: bounds the temporaries (about 8 MiB a column) at any population size."""


def _numpy() -> Any:
    return require("numpy", "batch", "the batch engine")


def instant_code(moment: datetime | None) -> int:
    """Microseconds since 1970-01-01T00:00Z; a naive moment is Beijing time (CONVENTIONS.md).

    ``None`` (not given) is `NO_TIME`.
    """
    return NO_TIME if moment is None else (to_beijing(moment) - _EPOCH) // _MICROSECOND


_TEXT_COLUMNS: Final = ("registration", "tax", "statistics", "cluster", "partner_city")
_PLACES: Final = ("registration", "tax", "statistics")
_PRINTABLE: Final = re.compile(PRINTABLE)


def text_word(column: str, value: object) -> str:
    """A text column's value (``registration``, ``tax``, ``statistics``, ``cluster`` or
    ``partner_city``), normalised as the scalar engine compares it (each part of a place): the word
    `Applicants.words` codes. ``ValueError`` for no text or a control character."""
    if not isinstance(value, str):
        raise ValueError(f"applicants.{column}: {str(value)[:40]!r} is not text: expected str values")
    if _PRINTABLE.match(value) is None:
        raise ValueError(
            f"applicants.{column}: {value[:40]!r} contains a control or invisible character: expected printable text"
        )
    if column in _PLACES:
        return " ".join(normalise_name(part) for part in value.split(" ", 1))
    return normalise_name(value)


def _fact_kind(name: str) -> type:
    found = fact_type(name)
    if found is None:  # pragma: no cover - the rules name only facts
        raise ValueError(f"facts.{name}: no such fact")
    return found


# -- compiled money rules ---------------------------------------------------------------------


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


_NO_CAP: Final = 2**62


def compile_rules(rules: Rule) -> CompiledDirection:
    """Integer tables of one direction.

    Raises ``ValueError`` for a rule with no columnar form (not invoice-based; a gate or a payout
    rule the columns do not carry; a minimum or condition reading a declared project amount, a
    tenure or an acceptance indicator): `evaluate` assesses such a direction with the scalar
    engine.
    """
    base, payout = rules.base, rules.payout
    if not isinstance(base, InvoiceBase) or payout.rate is None:
        raise ValueError(f"{rules.ref}: a base of {base.kind} has no columnar form")
    for part in rules.parts():
        if not isinstance(part, ColumnarPart):
            raise ValueError(f"{rules.ref}: {getattr(part, 'kind', type(part).__name__)!r} has no columnar form")
    extra = [name for name in ("reserve_rate", "rate_classes", "rate_upgrade", "cap_upgrade") if getattr(payout, name)]
    extra += [name for name in ("ledger_rules", "stages", "payment_years") if getattr(payout, name)]
    if rules.stage is not None:
        raise ValueError(f"{rules.ref}: a rule deciding the stage {rules.stage.value!r} has no columnar form")
    if extra or payout.decided_applies:
        raise ValueError(f"{rules.ref}: payout rules {extra or ['decided_applies']} have no columnar form")
    if rules.minimum_measure not in _MEASURES:
        raise ValueError(
            f"{rules.ref}: minimum_measure {rules.minimum_measure!r} is not an invoice measure: "
            f"expected one of {', '.join(_MEASURES)}"
        )
    for condition in rules.conditions:
        for rule in condition.rules if isinstance(condition, AnyOf) else (condition,):
            if not isinstance(rule, Compare | ShareOf | Flag):
                raise ValueError(f"{rules.ref}: condition {rule.name!r} ({rule.kind}) has no columnar form")
    for measure in measures_read(rules.conditions):
        if measure not in _MEASURES and not measure.startswith("facts."):
            raise ValueError(f"{rules.ref}: measure {measure!r} has no columnar form")
    window, rate = base.window.value, payout.rate.value.value
    basis = base.purchase_basis.value if base.purchase_basis is not None else None
    providers = rules.providers
    return CompiledDirection(
        ref=rules.ref,
        start=window.start.toordinal(),
        end=window.end.toordinal(),
        counted=sum(1 << CATEGORY_CODES[c] for c in base.counted.value),
        base=sum(1 << CATEGORY_CODES[c] for c in base.in_base.value),
        scenarios_in_base=base.base_includes_scenarios,
        only_listed=providers is not None and providers.only_listed,
        purchase={None: 0, PurchaseBasis.INVOICED: 1, PurchaseBasis.CONTRACTED: 2}[basis],
        minimum_measure=_MEASURES.index(rules.minimum_measure),
        minimum=0 if rules.minimum is None else rules.minimum.value.fen,
        rate_numerator=rate.numerator,
        rate_denominator=rate.denominator,
        cap=_NO_CAP if payout.cap is None else payout.cap.value.fen,
    )


_COMPILED: Final[dict[int, tuple[AnyRules, CompiledDirection | None]]] = {}
"""Compiled directions by the rules object's identity (the entry holds the object, so the identity
is not reused while it lives): a what-if compiles only the directions it changes."""
_COMPILED_CACHE_SIZE: Final = 4096


def _compiled(rules: AnyRules) -> CompiledDirection | None:
    hit = _COMPILED.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    found: CompiledDirection | None = None
    if rules.invoice_based:
        try:
            found = compile_rules(rules)
        except ValueError:
            found = None
    if len(_COMPILED) >= _COMPILED_CACHE_SIZE:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[id(rules)] = (rules, found)
    return found


# -- input columns ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FactColumn:
    """One declared fact (``facts.<name>``) for every applicant.

    ``value`` holds a count, ``0``/``1`` for a yes/no fact, a day ordinal for a date, or a ratio's
    numerator, with its ``denominator`` (``> 0``, below 2^31) beside it; ``present`` is ``False``
    where the fact was not declared (未申报). The arrays may be read-only views: `bulk` gives a fact
    that no row declares as one value broadcast to every applicant, so copy a column before
    writing into it.
    """

    value: NDArray[np.int64]
    present: NDArray[np.bool_]
    denominator: NDArray[np.int64] | None = None


@dataclass(frozen=True, eq=False)
class Applicants:
    """Who applies, one row per applicant, and the tables that name an applicant by index.

    Places are `place_key` values, cities normalised with
    [`normalise_name`][subsidycalc.parts.normalise_name]; times are `instant_code` values; bit masks use
    `CERTIFICATION_CODES` and `DOCUMENT_CODES`. ``funding_*`` rows are funding *this
    project* already received (declared in the application or recorded in the ledger), at any level.
    ``facts`` needs a column for every fact a direction in the population reads.
    """

    credit_code: tuple[str, ...]
    registration: NDArray[Any]
    tax: NDArray[Any]
    statistics: NDArray[Any]
    dishonest: NDArray[np.bool_]
    """被列为失信联合惩戒对象."""
    certifications: NDArray[np.int64]
    documents: NDArray[np.int64]
    documents_given: NDArray[np.bool_]
    """``False``: no checklist was supplied (the documents are not checked: a warning)."""
    online_at: NDArray[np.int64]
    revised_at: NDArray[np.int64]
    paper_at: NDArray[np.int64]
    incident_owner: NDArray[np.int64]
    incident_day: NDArray[np.int64]
    incident_major: NDArray[np.bool_]
    cluster_owner: NDArray[np.int64]
    cluster: NDArray[Any]
    partner_owner: NDArray[np.int64]
    partner_city: NDArray[Any]
    funding_owner: NDArray[np.int64]
    funding_level: NDArray[np.int64]
    facts: Mapping[str, FactColumn] = field(default_factory=dict)
    words: Mapping[str, int] = field(default_factory=dict)
    """The integer code of each normalised name and place the text columns hold.

    Given text (any sequence or array of ``str``), the columns are encoded on construction: each
    value normalised as the scalar engine compares it ([`normalise_name`][subsidycalc.models.normalise_name];
    a place's city and district each), refused if it holds a control or invisible character, and
    replaced by its code — so no comparison ever reads a truncated or NUL-stripped string. (NumPy's
    fixed-width ``str_`` arrays drop trailing NULs on their own: pass outside text as lists or
    ``object`` arrays.) Given integer codes, pass the ``words`` they index."""

    def __post_init__(self) -> None:
        np = _numpy()
        if self.words:
            for name in _TEXT_COLUMNS:
                column = np.asarray(getattr(self, name))
                if column.dtype.kind not in "iu" or (len(column) and not 0 <= column.min() <= column.max() < len(self.words)):
                    raise ValueError(f"applicants.{name}: expected integer codes of applicants.words")
            return
        words: dict[str, int] = {}
        for name in _TEXT_COLUMNS:
            column = np.asarray(getattr(self, name), dtype=object)
            unique, inverse = np.unique(column, return_inverse=True) if len(column) else (column, column)
            codes = np.empty(len(unique), dtype=np.int64)
            for index, value in enumerate(unique):
                codes[index] = words.setdefault(text_word(name, value), len(words))
            object.__setattr__(self, name, codes[inverse].astype(np.int64) if len(column) else np.zeros(0, np.int64))
        object.__setattr__(self, "words", words)

    def code(self, word: str) -> int:
        """The code of a normalised name or `place_key` in the text columns; ``-1`` if none holds it."""
        return self.words.get(word, -1)

    def check(self, n: int) -> None:
        """Raise ``ValueError`` naming the column whose length or indexes do not fit ``n`` applicants."""
        if len(self.credit_code) != n:
            raise ValueError(f"applicants.credit_code: {len(self.credit_code)} rows: expected one per applicant ({n})")
        for name in ("registration", "tax", "statistics", "dishonest", "certifications", "documents",
                     "documents_given", "online_at", "revised_at", "paper_at"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"applicants.{name}: {len(getattr(self, name))} rows: expected one per applicant ({n})")
        for owner, columns in (
            ("incident_owner", ("incident_day", "incident_major")),
            ("cluster_owner", ("cluster",)),
            ("partner_owner", ("partner_city",)),
            ("funding_owner", ("funding_level",)),
        ):
            _check_owner(f"applicants.{owner}", getattr(self, owner), n)
            for name in columns:
                if len(getattr(self, name)) != len(getattr(self, owner)):
                    raise ValueError(f"applicants.{name}: expected one row per {owner} ({len(getattr(self, owner))})")
        if len(self.funding_level) and (self.funding_level.min() < 0 or self.funding_level.max() >= len(FUNDING_CODES)):
            raise ValueError("applicants.funding_level: codes outside FUNDING_CODES")
        for name, column in self.facts.items():
            if name not in Facts.model_fields:
                raise ValueError(f"applicants.facts[{name!r}]: not a fact: expected one of {', '.join(Facts.model_fields)}")
            if len(column.value) != n or len(column.present) != n:
                raise ValueError(f"applicants.facts[{name!r}]: expected one value and one present flag per applicant ({n})")
            ratio = _fact_kind(name) is Ratio
            if ratio != (column.denominator is not None):
                raise ValueError(f"applicants.facts[{name!r}]: a denominator is {'required' if ratio else 'not expected'}")
            if column.denominator is not None:
                den, num = column.denominator[column.present], column.value[column.present]
                if len(den) and (den.min() <= 0 or den.max() >= _RATIO_LIMIT or abs(num).max() >= _RATIO_LIMIT):
                    raise OverflowError(
                        f"applicants.facts[{name!r}]: a ratio outside ±2^31 / 1..2^31: expected a reduced fraction"
                    )


def _check_owner(name: str, column: Any, n: int) -> None:
    if len(column) and (column.min() < 0 or column.max() >= n):
        raise ValueError(f"{name}: indexes outside 0..{n - 1}: expected applicant indexes")


@dataclass(frozen=True, eq=False)
class Population:
    """Applicants and their invoices and contracts as columns.

    Applicant ``i`` has direction ``refs[direction[i]]``. Invoice and contract rows name their
    applicant by index (``*_owner``). ``invoice_listed`` / ``contract_listed`` say whether the
    supplier is on the applicant's 附件1 list (ignored by directions without one);
    ``invoice_from_applicant`` whether the applicant itself paid (not a joint partner).
    ``applications`` and ``ledger`` are kept by `from_applications`: the scalar engine needs
    them for directions with no columnar form, and `allocate` for the ranking keys.
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
    applicants: Applicants
    applications: tuple[Application, ...] | None = None
    ledger: Ledger | None = None
    planning_listed: NDArray[np.bool_] | None = None
    """Per applicant: its 规划 was provided by a unit on its 附件1 list (``Project.planning_provider``),
    which a provider rule with a ``planning`` clause accepts without an invoice; ``None``: no applicant
    declared one (as ``planning_provider=None``: the rule then needs a listed invoice)."""
    lists: tuple[tuple[object, object] | None, ...] | None = field(default=None, repr=False)
    """Per direction of ``refs``: the 附件1 lists and the clusters the ``*_listed`` columns were read
    with, as plain values (`from_applications`; `relisted` reads them again)."""

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
        _check_owner("invoice_owner", self.invoice_owner, n)
        _check_owner("contract_owner", self.contract_owner, n)
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
        self.applicants.check(n)
        if self.planning_listed is not None and len(self.planning_listed) != n:
            raise ValueError(f"planning_listed: {len(self.planning_listed)} rows: expected one per applicant ({n})")
        if self.applications is not None and tuple(a.id for a in self.applications) != self.ids:
            raise ValueError("applications: expected the applications of ids, in the same order")

    @classmethod
    def from_applications(
        cls,
        applications: Iterable[Application],
        rules: Mapping[str, AnyRules] | None = None,
        *,
        ledger: Ledger | None = None,
    ) -> Population:
        """Columns from validated applications (``rules`` by ``programme/key``, default the registry).

        Pass the same ``rules`` to `evaluate`: the 附件1 lookup reads them. ``ledger`` holds
        awards decided elsewhere (prior funding, the project family's ledger rules).
        """
        np = _numpy()
        table = dict(rules) if rules is not None else all_directions()
        apps = tuple(applications)
        refs: dict[str, int] = {}
        direction: list[int] = []
        inv: list[list[Any]] = [[] for _ in range(7)]
        con: list[list[Any]] = [[] for _ in range(3)]
        facts: set[str] = set()
        planned: list[bool] = []
        for index, app in enumerate(apps):
            ref = f"{app.programme}/{app.direction}"
            found = table.get(ref)
            if found is None:
                raise ValueError(f"application {app.id!r}: no rules for {ref}")
            if ref not in refs and found.invoice_based:
                facts.update(facts_read(found))
            direction.append(refs.setdefault(ref, len(refs)))
            planned.append(False)
            if not found.invoice_based:
                continue  # the scalar engine assesses it; no invoice columns needed
            on_list = _on_list(found, app)
            planned[-1] = on_list(app.project.planning_provider)
            applicant = app.enterprise.credit_code
            for invoice in app.invoices:
                for column, value in zip(inv, (
                    index,
                    invoice.issued_on.toordinal(),
                    CATEGORY_CODES[invoice.category],
                    invoice.amount_excl_tax.fen,
                    bool(invoice.scenario),
                    invoice.payer is None or invoice.payer == applicant,
                    on_list(invoice.supplier),
                ), strict=True):
                    column.append(value)
            for contract in app.contracts:
                con[0].append(index)
                con[1].append(contract.amount_excl_tax.fen)
                con[2].append(on_list(contract.supplier))
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
            applicants=_applicant_columns(apps, sorted(facts), ledger),
            applications=apps,
            ledger=ledger,
            planning_listed=np.asarray(planned, dtype=flag),
            lists=tuple(_lists_of(table[ref]) for ref in refs),
        )

    def reads_lists_of(self, rules: Mapping[str, AnyRules]) -> bool:
        """Whether the ``*_listed`` columns are those ``rules`` give (every direction's 附件1 lists and
        clusters the same as this population was read with)."""
        if self.lists is None:
            return False
        for ref, lists in zip(self.refs, self.lists, strict=True):
            if _lists_of(_rules_of(rules, ref)) != lists:
                return False
        return True

    def holds(self, rules: Mapping[str, AnyRules]) -> bool:
        """Whether these columns hold what ``rules`` read, their 附件1 lists aside: the same directions
        invoice-based (only they have invoice rows) and a column for every declared fact read."""
        if self.lists is None:
            return False
        for ref, lists in zip(self.refs, self.lists, strict=True):
            found = _rules_of(rules, ref)
            if found.invoice_based != (lists is not None):
                return False
            if found.invoice_based and not facts_read(found) <= set(self.applicants.facts):
                return False
        return True

    def for_rules(self, rules: Mapping[str, AnyRules]) -> Population:
        """These applicants' columns as ``rules`` read them: this population where it holds them, its
        附件1 columns read again where only the lists changed (`relisted`), else built again from the
        applications (a what-if that makes a condition read another declared fact)."""
        if self.holds(rules):
            return self.relisted(rules)
        if self.applications is None:
            raise ValueError("population: expected one built with Population.from_applications (it keeps the applications)")
        return Population.from_applications(self.applications, rules, ledger=self.ledger)

    def relisted(self, rules: Mapping[str, AnyRules]) -> Population:
        """This population with its 附件1 columns as ``rules`` read them — for a what-if that changes
        a provider list or the clusters. Only the applicants of directions whose lists changed are read
        again; the population itself where none did."""
        if self.applications is None or self.lists is None:
            raise ValueError("population: expected one built with Population.from_applications (it keeps the applications)")
        np = _numpy()
        changed = []
        for k, ref in enumerate(self.refs):
            found = _rules_of(rules, ref)
            if found.invoice_based and _lists_of(found) != self.lists[k]:
                changed.append(k)
        if not changed:
            return self
        invoice_listed, contract_listed = self.invoice_listed.copy(), self.contract_listed.copy()
        planned = (self.planning_listed if self.planning_listed is not None else np.zeros(len(self.ids), dtype=bool)).copy()
        invoice_at = np.searchsorted(self.invoice_owner, np.arange(len(self.ids) + 1))
        contract_at = np.searchsorted(self.contract_owner, np.arange(len(self.ids) + 1))
        for k in changed:
            found = rules[self.refs[k]]
            for index in np.flatnonzero(self.direction == k).tolist():
                app = self.applications[index]
                on_list = _on_list(found, app)
                planned[index] = on_list(app.project.planning_provider)
                start = int(invoice_at[index])
                for offset, invoice in enumerate(app.invoices):
                    invoice_listed[start + offset] = on_list(invoice.supplier)
                start = int(contract_at[index])
                for offset, contract in enumerate(app.contracts):
                    contract_listed[start + offset] = on_list(contract.supplier)
        lists = list(self.lists)
        for k in changed:
            lists[k] = _lists_of(rules[self.refs[k]])
        return dataclasses.replace(
            self, invoice_listed=invoice_listed, contract_listed=contract_listed, planning_listed=planned, lists=tuple(lists),
        )


def population_for(rules: Mapping[str, AnyRules], built: list[Population]) -> Population:
    """Of the columns read so far (``built``, the first from the applications), the population that
    reads the applications as ``rules`` do; else the first one read again for them
    (`Population.for_rules`), added to ``built``: a what-if reads only what it changes."""
    for population in built:
        if population.holds(rules) and population.reads_lists_of(rules):
            return population
    population = built[0].for_rules(rules)
    built.append(population)
    return population


def _on_list(rules: AnyRules, app: Application) -> Callable[[str | None], bool]:
    """Whether a supplier (or a 规划's provider) is on the 附件1 list that applies to ``app`` under
    ``rules`` (``listed_suppliers``, names compared normalised); never where no list applies."""
    listed = listed_suppliers(rules.providers, rules.clusters, app.enterprise)
    if listed is None:
        return lambda name: False
    return lambda name: name is not None and normalise_name(name) in listed


def _rules_of(rules: Mapping[str, AnyRules], ref: str) -> AnyRules:
    found = rules.get(ref)
    if found is None:
        raise ValueError(f"{ref}: no rules for this direction")
    return found


def _lists_of(rules: AnyRules) -> tuple[object, object] | None:
    """What a direction's ``*_listed`` columns are read with, as plain values: its 附件1 lists (key
    and names) and its clusters; ``None`` for a direction with no invoice rows (not invoice-based)."""
    if not rules.invoice_based:
        return None
    providers = rules.providers
    clusters = rules.clusters
    return (
        None if providers is None else tuple(sorted((key, listed.value) for key, listed in providers.lists.items())),
        None if clusters is None else clusters.value,
    )


def facts_read(rules: AnyRules) -> set[str]:
    """The names of the declared facts a direction's conditions read (``Applicants.facts`` needs
    a column for each)."""
    return {m.removeprefix("facts.") for m in measures_read(rules.conditions) if m.startswith("facts.")}


def fact_column(name: str, values: Sequence[Any]) -> FactColumn:
    """The column of one declared fact from its validated values, one per applicant (``None``: not
    declared). ``OverflowError`` for a ratio whose numerator or denominator reaches 2^31."""
    np = _numpy()
    i64, kind = np.int64, _fact_kind(name)
    present = np.asarray([v is not None for v in values], dtype=bool)
    if kind is Ratio:
        fractions = [v.value if v is not None else Fraction(0) for v in values]
        if any(abs(f.numerator) >= _RATIO_LIMIT or f.denominator >= _RATIO_LIMIT for f in fractions):
            raise OverflowError(f"facts.{name}: a ratio whose numerator or denominator exceeds 2^31")
        return FactColumn(
            np.asarray([f.numerator for f in fractions], dtype=i64), present,
            np.asarray([f.denominator for f in fractions], dtype=i64))
    if kind is date:
        return FactColumn(np.asarray([v.toordinal() if v is not None else 0 for v in values], dtype=i64), present)
    return FactColumn(np.asarray([int(v or 0) for v in values], dtype=i64), present)


def _applicant_columns(apps: Sequence[Application], facts: Sequence[str], ledger: Ledger | None) -> Applicants:
    np = _numpy()
    i64 = np.int64
    rows: dict[str, list[Any]] = {name: [] for name in (
        "registration", "tax", "statistics", "dishonest", "certifications", "documents", "documents_given",
        "online_at", "revised_at", "paper_at", "incident_owner", "incident_day", "incident_major",
        "cluster_owner", "cluster", "partner_owner", "partner_city", "funding_owner", "funding_level")}
    values: dict[str, list[Any]] = {name: [] for name in facts}
    kinds = {name: _fact_kind(name) for name in facts}  # an unknown name is refused before any row
    for index, app in enumerate(apps):
        e = app.enterprise
        rows["registration"].append(place_key(e.registration.city, e.registration.district))
        rows["tax"].append(place_key(e.tax.city, e.tax.district))
        rows["statistics"].append(place_key(e.statistics.city, e.statistics.district))
        rows["dishonest"].append(e.credit.dishonest_joint_punishment)
        rows["certifications"].append(sum(1 << CERTIFICATION_CODES[c] for c in e.certifications))
        rows["documents"].append(sum(1 << DOCUMENT_CODES[k] for k in app.documents or ()))
        rows["documents_given"].append(app.documents is not None)
        for name in ("online_at", "revised_at", "paper_at"):
            rows[name].append(instant_code(getattr(app.submission, name)))
        for incident in e.incidents:
            rows["incident_owner"].append(index)
            rows["incident_day"].append(incident.occurred_on.toordinal())
            rows["incident_major"].append(incident.major)
        for cluster in e.clusters:
            rows["cluster_owner"].append(index)
            rows["cluster"].append(cluster)
        for partner in app.partners:
            rows["partner_owner"].append(index)
            rows["partner_city"].append(normalise_name(partner.registration.city))
        levels = [f.level for f in app.prior_funding if f.project_id == app.project.id]
        if ledger is not None:
            levels += [entry.level for entry in ledger.find(enterprise=e.credit_code, project_id=app.project.id)]
        for level in levels:
            rows["funding_owner"].append(index)
            rows["funding_level"].append(FUNDING_CODES[level])
        for name in facts:
            values[name].append(getattr(app.facts, name))
    columns = {name: fact_column(name, values[name]) for name in kinds}
    text = {"registration", "tax", "statistics", "cluster", "partner_city"}
    flags = {"dishonest", "documents_given", "incident_major"}
    arrays = {
        name: np.asarray(v, dtype=object) if name in text else np.asarray(v, dtype=bool if name in flags else i64)
        for name, v in rows.items()
    }
    return Applicants(credit_code=tuple(a.enterprise.credit_code for a in apps), facts=columns, **arrays)


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
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
    """``min(rate × base, cap)``: what would be paid were every condition met."""
    eligible: NDArray[np.bool_]
    award: NDArray[np.int64]
    """``award_if_eligible`` where eligible, else 0 (the scalar engine's ``award``)."""
    reasons: Mapping[str, NDArray[np.bool_]]
    """Per ``fail`` code, the applicants it applies to (an applicant is eligible iff none does)."""
    warnings: Mapping[str, NDArray[np.bool_]]
    """Per ``warn`` code (not verified from the input), the applicants it applies to."""
    scalar: NDArray[np.bool_]
    """Rows assessed by the scalar engine (directions with no columnar form). The invoice measures
    ``lead_spend``, ``contract_total`` and ``purchase_amount`` are 0 there."""

    def reasons_of(self, index: int) -> tuple[str, ...]:
        """The ``fail`` codes of one applicant, sorted (``Assessment.failures``' codes)."""
        return _codes_at(self.reasons, index)

    def warnings_of(self, index: int) -> tuple[str, ...]:
        """The ``warn`` codes of one applicant, sorted."""
        return _codes_at(self.warnings, index)

    def row(self, index: int) -> dict[str, object]:
        """One applicant's figures, money as [`Money`][subsidycalc.money.Money]."""
        money = {name: Money.from_fen(int(getattr(self, name)[index])) for name in (
            *_MEASURES, "award_before_cap", "award_if_eligible", "award")}
        return {
            "application_id": self.ids[index],
            "direction": self.refs[int(self.direction[index])],
            "eligible": bool(self.eligible[index]),
            **money,
            "minimum_met": bool(self.minimum_met[index]),
            "cap_applied": bool(self.cap_applied[index]),
            "reasons": self.reasons_of(index),
            "warnings": self.warnings_of(index),
        }

    def candidate_award(self) -> NDArray[np.int64]:
        """Per applicant, the award allocation reads (`Candidate.award`): the award where eligible,
        else the award it would have if eligible."""
        award: NDArray[np.int64] = _numpy().where(self.eligible, self.award, self.award_if_eligible)
        return award

    def total(self) -> Money:
        """Sum of ``award`` (what the assessed applicants receive before quotas and budgets)."""
        np = _numpy()
        return Money.from_fen(int(np.sum(self.award, dtype=np.int64)))

    def reason_counts(self) -> dict[str, int]:
        """How many applicants each ``fail`` code applies to, most frequent first."""
        counts = {str(code): int(rows.sum()) for code, rows in self.reasons.items()}
        return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))

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
        """One row per applicant as a ``pandas.DataFrame`` ([`subsidycalc.frames`][subsidycalc.frames]): money as
        ``*_fen`` ``int64`` and text, reasons and warnings as ``;``-joined codes."""
        return self._frame("pandas")

    def to_polars(self) -> Any:
        """One row per applicant as a ``polars.DataFrame`` (the columns of `to_pandas`)."""
        return self._frame("polars")

    def _frame(self, backend: Backend) -> Any:
        n = len(self.ids)
        columns = Columns().text("application_id", self.ids)
        columns.text("direction", [self.refs[int(k)] for k in self.direction])
        columns.flag("eligible", self.eligible)
        for name in (*_MEASURES, "award_before_cap", "award_if_eligible", "award"):
            columns.money_fen(name, getattr(self, name))
        columns.flag("minimum_met", self.minimum_met)
        columns.flag("cap_applied", self.cap_applied)
        columns.flag("scalar", self.scalar)
        columns.text("reasons", [";".join(self.reasons_of(i)) for i in range(n)])
        columns.text("warnings", [";".join(self.warnings_of(i)) for i in range(n)])
        return columns.frame(backend)


def _codes_at(columns: Mapping[str, NDArray[np.bool_]], index: int) -> tuple[str, ...]:
    return tuple(sorted(str(code) for code, rows in columns.items() if rows[index]))


# -- evaluation -------------------------------------------------------------------------------


class _Codes:
    """Per code, a boolean column over all applicants, set where the code applies."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.columns: dict[str, Any] = {}

    def mark(self, code: str, rows: Any, hit: Any) -> None:
        np = _numpy()
        if not np.any(hit):
            return
        column = self.columns.get(code)
        if column is None:
            column = self.columns[code] = np.zeros(self.n, dtype=bool)
        column[rows[hit]] = True


def evaluate(population: Population, rules: Mapping[str, AnyRules] | None = None) -> BatchResult:
    """Every applicant assessed, vectorised per direction (see the module docstring)."""
    np = _numpy()
    table = dict(rules) if rules is not None else all_directions()
    compiled: list[CompiledDirection | None] = []
    for ref in population.refs:
        found = table.get(ref)
        if found is None:
            raise ValueError(f"{ref}: no rules for this direction")
        one = _compiled(found)
        if one is None and population.applications is None:
            raise ValueError(
                f"{ref}: no columnar form (the project family, a tenure or an indicator): build the "
                "population with Population.from_applications so the scalar engine can assess it"
            )
        compiled.append(one)
    n = len(population.ids)
    money, listed_counted, tagged = _money(population, compiled)
    fail, warn = _Codes(n), _Codes(n)
    scalar = np.zeros(n, dtype=bool)
    scalar_award = np.zeros(n, dtype=np.int64)
    d = population.direction
    partners = np.bincount(population.applicants.partner_owner, minlength=n)
    for k, ref in enumerate(population.refs):
        rows = np.flatnonzero(d == k)
        if not len(rows):
            continue
        if compiled[k] is None:
            scalar[rows] = True
            _assess_scalar(table[ref], population, rows, money, scalar_award, fail, warn)
        else:
            direction_rules = table[ref]
            _check(direction_rules, population, rows, partners[rows], (listed_counted, tagged), money, fail, warn)
    eligible = np.ones(n, dtype=bool)
    for column in fail.columns.values():
        eligible &= ~column
    award = np.where(scalar, scalar_award, np.where(eligible, money["award_if_eligible"], 0))
    return BatchResult(
        ids=population.ids,
        refs=population.refs,
        direction=population.direction,
        eligible=eligible,
        award=award,
        reasons=fail.columns,
        warnings=warn.columns,
        scalar=scalar,
        **money,
    )


def _money(population: Population, compiled: Sequence[CompiledDirection | None]) -> tuple[dict[str, Any], Any, Any]:
    """The money pipeline for every applicant of a compiled direction (others: zeros), and whether
    each applicant has a counted invoice from a listed (附件1) supplier, and one naming a scenario."""
    np = _numpy()
    blank = CompiledDirection("", 0, -1, 0, 0, False, False, 0, 0, 0, 0, 1, 0)
    tables = [c or blank for c in compiled]

    def column(name: str) -> Any:
        return np.asarray([getattr(c, name) for c in tables], dtype=np.int64)

    n = len(population.ids)
    d = population.direction.astype(np.int64)
    start, end, counted_mask, base_mask = column("start"), column("end"), column("counted"), column("base")
    only_listed = column("only_listed").astype(bool)
    scenarios = column("scenarios_in_base").astype(bool)
    eligible = np.zeros(n, dtype=np.int64)
    base = np.zeros(n, dtype=np.int64)
    lead = np.zeros(n, dtype=np.int64)
    listed_counted = np.zeros(n, dtype=bool)
    tagged = np.zeros(n, dtype=bool)
    zero = np.int64(0)
    for first in range(0, len(population.invoice_owner), _CHUNK):  # bounded temporaries
        part = slice(first, first + _CHUNK)
        owner = population.invoice_owner[part]
        inv_d = population.direction[owner]
        day, amount = population.invoice_day[part], population.invoice_amount[part]
        bit = np.left_shift(np.int64(1), population.invoice_category[part])
        listed = population.invoice_listed[part]
        counted = (
            (day >= start[inv_d]) & (day <= end[inv_d]) & ((counted_mask[inv_d] & bit) != 0)
            & (~only_listed[inv_d] | listed)
        )
        in_base = counted & (((base_mask[inv_d] & bit) != 0) | (scenarios[inv_d] & population.invoice_scenario[part]))
        np.add.at(eligible, owner, np.where(counted, amount, zero))
        np.add.at(base, owner, np.where(in_base, amount, zero))
        np.add.at(lead, owner, np.where(counted & population.invoice_from_applicant[part], amount, zero))
        listed_counted[owner[counted & listed]] = True
        tagged[owner[counted & population.invoice_scenario[part]]] = True

    con_owner = population.contract_owner
    con_ok = ~only_listed[d[con_owner]] | population.contract_listed
    contract_total = _sum_by(con_owner, np.where(con_ok, population.contract_amount, zero), n)
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
    return {
        "eligible_spend": eligible,
        "award_base": base,
        "lead_spend": lead,
        "contract_total": contract_total,
        "purchase_amount": purchase,
        "minimum_met": minimum_met,
        "award_before_cap": before_cap,
        "cap_applied": cap_applied,
        "award_if_eligible": np.where(cap_applied, cap, before_cap),
    }, listed_counted, tagged


def _sum_by(owners: Any, values: Any, n: int) -> Any:
    """Exact int64 sums per owner (``np.add.at``; ``bincount`` would go through float64)."""
    np = _numpy()
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, owners, values)
    return out


def _any_by(owners: Any, n: int) -> Any:
    np = _numpy()
    out = np.zeros(n, dtype=bool)
    out[owners] = True
    return out


_OPS: Final[dict[Op, Callable[[Any, Any], Any]]] = {
    Op.GE: lambda a, b: a >= b,
    Op.GT: lambda a, b: a > b,
    Op.LE: lambda a, b: a <= b,
    Op.LT: lambda a, b: a < b,
    Op.EQ: lambda a, b: a == b,
}


def _holds(op: Op, num: Any, den: Any, threshold: Fraction) -> Any:
    """``num / den op threshold`` exactly (``den > 0``), cross-multiplied in int64 where it fits."""
    np = _numpy()
    t_num, t_den = threshold.numerator, threshold.denominator
    limit = _INT64_MAX // max(abs(t_num), t_den, 1)
    safe = (np.abs(num) <= limit) & (den <= limit)
    result = _OPS[op](np.where(safe, num, 0) * t_den, t_num * np.where(safe, den, 1))
    for i in np.flatnonzero(~safe):  # beyond int64: Python integers, still exact
        result[i] = op.holds(Fraction(int(num[i]), int(den[i])), threshold)
    return result


@dataclass(slots=True)
class _View:
    """One direction's applicants as its parts' columnar forms read them ([`Columns`][subsidycalc.parts.Columns])."""

    population: Population
    rows: Any
    partners: Any
    listed_counted: Any
    scenario_tagged: Any
    money: Mapping[str, Any]
    planning_listed: Any
    failed: _Codes
    unverified: _Codes

    @property
    def np(self) -> Any:
        return _numpy()

    @property
    def applicants(self) -> Applicants:
        return self.population.applicants

    def fail(self, code: str, hit: Any) -> None:
        self.failed.mark(code, self.rows, hit)

    def warn(self, code: str, hit: Any) -> None:
        self.unverified.mark(code, self.rows, hit)

    def any_owned(self, owners: Any) -> Any:
        return _any_by(owners, len(self.population.ids))[self.rows]

    def measure(self, name: str) -> tuple[Any, Any, Any]:
        np, rows = _numpy(), self.rows
        if name in _MEASURES:
            values = self.money[name][rows]
            ones = np.ones(len(rows), dtype=np.int64)
            return values, ones, ones.astype(bool)
        fact = name.removeprefix("facts.")
        column = self.applicants.facts.get(fact)
        if column is None:
            raise ValueError(f"applicants.facts: no column {fact!r}: a direction in the population reads {name}")
        den = column.denominator[rows] if column.denominator is not None else np.ones(len(rows), dtype=np.int64)
        return column.value[rows], den, column.present[rows]

    def holds(self, op: Any, numerator: Any, denominator: Any, threshold: Fraction) -> Any:
        return _holds(op, numerator, denominator, threshold)

    def has_certification(self, certification: Any) -> Any:
        return (self.applicants.certifications[self.rows] >> CERTIFICATION_CODES[certification]) & 1 == 1

    def funded_at(self, levels: frozenset[Any]) -> Any:
        a = self.applicants
        funded = _numpy().isin(a.funding_level, [FUNDING_CODES[level] for level in levels])
        return self.any_owned(a.funding_owner[funded])

    def submitted(self, attribute: str) -> tuple[Any, Any]:
        at = getattr(self.applicants, attribute)[self.rows]
        return at != NO_TIME, at

    def instant(self, moment: datetime) -> int:
        return instant_code(moment)

    def documents_mask(self, kinds: Iterable[Any]) -> int:
        return sum(1 << DOCUMENT_CODES[kind] for kind in kinds)

    def word(self, name: str) -> int:
        return self.applicants.code(normalise_name(name))

    def place(self, city: str, district: str | None) -> int:
        return self.applicants.code(place_key(city, district))


def _check(
    rules: Rule,
    population: Population,
    rows: Any,
    partners: Any,
    flags: tuple[Any, Any],
    money: Mapping[str, Any],
    fail: _Codes,
    warn: _Codes,
) -> None:
    """Every part of one direction on its applicants (``rows``, with their partner counts and the
    per-applicant invoice flags: a listed supplier counted, a scenario named): each part's columnar
    form marks the codes its scalar step would write."""
    listed_counted, tagged = flags
    planned = population.planning_listed
    view = _View(
        population, rows, partners, listed_counted[rows], tagged[rows], money,
        planned[rows] if planned is not None else _numpy().zeros(len(rows), dtype=bool), fail, warn,
    )
    for part in rules.parts():
        cast(ColumnarPart, part).columnar(view)  # compile_rules checked that every part has one


def _assess_scalar(
    rules: AnyRules,
    population: Population,
    rows: Any,
    money: dict[str, Any],
    award: Any,
    fail: _Codes,
    warn: _Codes,
) -> None:
    """A direction with no columnar form: the scalar engine, applicant by applicant, into the columns."""
    np = _numpy()
    assert population.applications is not None
    for i in rows:
        found = rules.assess(population.applications[i], population.ledger)
        money["eligible_spend"][i] = found.eligible_spend.fen
        money["award_base"][i] = found.award_base.fen
        money["award_before_cap"][i] = found.award_before_cap.fen
        money["award_if_eligible"][i] = found.award_if_eligible.fen
        award[i] = found.award.fen
        for name in ("lead_spend", "contract_total", "purchase_amount"):
            money[name][i] = 0
        money["cap_applied"][i] = found.cap_applied
        money["minimum_met"][i] = not any(f.code == Code.BELOW_MIN_INVESTMENT for f in found.findings)
        for finding in found.findings:
            if finding.severity is Severity.FAIL:
                fail.mark(finding.code, np.asarray([i]), np.ones(1, dtype=bool))
            elif finding.severity is Severity.WARN:
                warn.mark(finding.code, np.asarray([i]), np.ones(1, dtype=bool))


# -- allocation -------------------------------------------------------------------------------


def allocate(
    result: BatchResult,
    population: Population,
    *,
    rules: Mapping[str, AnyRules] | None = None,
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = None,
    policy: AllocationPolicy | None = None,
) -> Allocation:
    """Quotas, mutual exclusion and budgets ([`subsidycalc.allocation`][subsidycalc.allocation]) over a batch result.

    Eligibility, awards and failure codes come from ``result``; the ranking keys (review score,
    contract and online submission times, preference, 试点认定 date, project and region) from the
    population's applications, so the population must come from `Population.from_applications`.
    The same allocator as [`subsidycalc.allocation.allocate`][subsidycalc.allocation.allocate], so the decisions are the same.
    """
    applications = _same_population(result, population)
    table = dict(rules) if rules is not None else all_directions()
    candidates = []
    awards = result.candidate_award()
    for index, app in enumerate(applications):
        eligible = bool(result.eligible[index])
        programme, _, direction = result.refs[int(result.direction[index])].partition("/")
        award = awards[index]
        candidates.append(Candidate.outcome_of(
            app, programme=programme, direction=direction, eligible=eligible,
            award=Money.from_fen(int(award)), failures=result.reasons_of(index),
        ))
    return allocate_candidates(
        candidates, rules=table, exclusions=exclusions, policy=policy, ledger=population.ledger,
        reassess=reassessing(applications, table),
    )


def allocate_columnar(
    result: BatchResult,
    population: Population,
    *,
    rules: Mapping[str, AnyRules] | None = None,
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = None,
    policy: AllocationPolicy | None = None,
) -> ColumnarAllocation:
    """`allocate` over columns ([`subsidycalc.columnar`][subsidycalc.columnar]): the same outcomes,
    amounts and ranks, each decision worded when asked (`ColumnarAllocation.decisions`)."""
    applications = _same_population(result, population)
    table = dict(rules) if rules is not None else all_directions()
    columns = candidate_columns(result, population)
    return allocate_columns(
        columns, rules=table, exclusions=exclusions, policy=policy, ledger=population.ledger,
        reassess=reassessing(applications, table),
    )


def _same_population(result: BatchResult, population: Population) -> tuple[Application, ...]:
    """The applications of the population ``result`` was evaluated from (allocation reads them)."""
    if population.applications is None or population.ids != result.ids:
        raise ValueError(
            "population: expected the one built with Population.from_applications that result was evaluated from"
        )
    return population.applications


def candidate_columns(result: BatchResult, population: Population, keys: CandidateColumns | None = None) -> CandidateColumns:
    """The candidates of a batch result as columns (``keys``: those of an earlier result of the same
    population, whose keys are reused)."""
    apps = population.applications
    if apps is None:
        raise ValueError("population: expected one built with Population.from_applications (allocation reads the applications)")
    award = result.candidate_award()
    if keys is not None:
        return keys.with_outcomes(eligible=result.eligible, award=award, failures=result.reasons_of)
    refs = [(programme, direction) for programme, _, direction in (ref.partition("/") for ref in result.refs)]
    pairs = [refs[int(k)] for k in result.direction]
    return CandidateColumns.from_applications(
        apps, programme_direction=pairs, eligible=result.eligible, award=award, failures=result.reasons_of,
        ledger=population.ledger,
    )
