"""What every rule part shares: the context an assessment runs in, and the part protocol.

A rule is built from **parts** — a base (what the rate is applied to), gates (who may apply, and
when), conditions, reviews and a payout. Each part owns its behaviour: it compiles once per rules
object into a `Step` (the strings and lookups that do not depend on the application made
ahead), the step checks one application and adds its findings to the `Context`, and
`Part.codes` says which reason codes the part can write — so the codes a rule can emit are
read off its parts, not kept in a table ([`subsidycalc.docs.possible_codes`][subsidycalc.docs.possible_codes]).

The engine ([`subsidycalc.engine`][subsidycalc.engine]) is the loop: every step of a rule in order, then its payout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from ..citations import Citation, Cited
from ..findings import Code, Finding, Severity
from ..ledger import Ledger
from ..models import Application, Category, normalise_name
from ..money import Money, Ratio
from ..periods import to_beijing
from ..result import InvoiceLine

__all__ = [
    "Add",
    "ColumnarPart",
    "Columns",
    "Context",
    "Measure",
    "Part",
    "Row",
    "RuleData",
    "Step",
    "application_year",
    "cited_row",
    "missing",
    "normalise_name",
    "reference_day",
    "show_value",
]

Measure = Money | Ratio | int | bool | date | None
"""The value of one named measure: a derived amount, a declared amount or a fact."""
Add = Callable[[Finding], None]


@dataclass(slots=True)
class Context:
    """One application being assessed under one rules object: what the steps read and write."""

    application: Application
    ledger: Ledger | None
    findings: list[Finding]
    add: Add
    measures: dict[str, Measure] = field(default_factory=dict)
    """Named measures (money derived from invoices, declared amounts, facts), set by the base."""
    members: frozenset[str] = frozenset()
    """The required clusters the enterprise belongs to (set by the cluster gate)."""
    listed: frozenset[str] | None = None
    """Normalised names of the providers its purchases may come from (``None``: no list applies)."""
    lines: tuple[InvoiceLine, ...] = ()
    """The invoice ledger (set by an invoice base)."""
    eligible_spend: Money | None = None
    """The counted investment (set by an invoice base; a declared base reports its base)."""


Step = Callable[[Context], None]
"""A compiled part: checks one application, adding findings (and measures) to the context."""


class Part(Protocol):
    """A piece of a rule that checks something: a gate, a base, the conditions, the reviews."""

    def compile(self) -> Step:
        """The step, with everything that does not depend on the application prepared once."""
        ...

    def codes(self) -> frozenset[str]:
        """Every reason code the step can write."""
        ...

    def rows(self) -> Iterator[Row]:
        """The part's parameters for the rule tables: ``(what, value, citation)``, in reading order."""
        ...


class Columns(Protocol):
    """The batch engine's view of one direction's applicants, for a part's columnar form.

    A part with a columnar form has ``columnar(columns)``: it marks, for the applicants in
    ``rows``, every failed (`fail`) and unverified (`warn`) code its scalar step would
    write — the same rule, on columns. How the columns encode places, times, certifications and
    documents is the batch engine's business; what they must satisfy is the part's.
    """

    @property
    def np(self) -> Any:
        """NumPy (the ``batch`` extra)."""
        ...

    @property
    def applicants(self) -> Any:
        """The population's [`Applicants`][subsidycalc.batch.Applicants] columns (all applicants)."""
        ...

    @property
    def rows(self) -> Any:
        """Indices of the applicants to this direction."""
        ...

    @property
    def partners(self) -> Any:
        """Their numbers of joint partners."""
        ...

    @property
    def listed_counted(self) -> Any:
        """Whether any of their counted invoices comes from a listed provider."""
        ...

    @property
    def planning_listed(self) -> Any:
        """Whether the 规划 was declared as provided by a listed unit (``Project.planning_provider``)."""
        ...

    @property
    def scenario_tagged(self) -> Any:
        """Whether any of their counted invoices names an 应用场景 (``Invoice.scenario``)."""
        ...

    @property
    def money(self) -> Mapping[str, Any]:
        """The money measures of every applicant, in 分, and ``minimum_met``."""
        ...

    def fail(self, code: str, hit: Any) -> None:
        """Mark ``code`` as failed for the rows where ``hit``."""
        ...

    def warn(self, code: str, hit: Any) -> None:
        """Mark ``code`` as unverified for the rows where ``hit``."""
        ...

    def any_owned(self, owners: Any) -> Any:
        """For each row, whether it owns one of the items whose owners are ``owners``."""
        ...

    def measure(self, name: str) -> tuple[Any, Any, Any]:
        """``(numerator, denominator, present)`` of a measure for the rows."""
        ...

    def holds(self, op: Any, numerator: Any, denominator: Any, threshold: Fraction) -> Any:
        """``numerator / denominator op threshold``, exactly."""
        ...

    def has_certification(self, certification: Any) -> Any:
        """For each row, whether the enterprise holds it."""
        ...

    def funded_at(self, levels: frozenset[Any]) -> Any:
        """For each row, whether this project was funded at one of the levels (declared or in the ledger)."""
        ...

    def submitted(self, attribute: str) -> tuple[Any, Any]:
        """``(given, at)`` of a submission time for the rows, comparable with `instant`."""
        ...

    def instant(self, moment: datetime) -> int:
        """A moment as the submission-time columns hold it."""
        ...

    def documents_mask(self, kinds: Iterable[Any]) -> int:
        """The bit mask of some document kinds, as the document columns hold them."""
        ...

    def word(self, name: str) -> int:
        """A name (a cluster, a city) as the text columns hold it: the code of its normalised form."""
        ...

    def place(self, city: str, district: str | None) -> int:
        """A registration place as the place columns hold it."""
        ...


@runtime_checkable
class ColumnarPart(Part, Protocol):
    """A part with a columnar form, which the batch engine runs over the columns of a population."""

    def columnar(self, columns: Columns) -> None:
        """Mark the codes the part's step would write, for every applicant in ``columns.rows``."""
        ...


Row = tuple[str, str, Citation | None]
"""One line of a rule table: what, its value, the clause it comes from."""


def show_value(value: object) -> str:
    """A parameter as the rule tables print it: amounts in 万 and 元, ratios in %, category sets with
    their labels and keys, anything with a label by its label."""
    if isinstance(value, Money):
        return f"{value.format_wan()}（{value.format()}）"
    if isinstance(value, Ratio):
        return value.percent()
    if isinstance(value, frozenset):
        items = sorted(value)
        if items and all(isinstance(i, Category) for i in items):
            return "、".join(f"{i.label}（{i.value}）" for i in items)
        if items and all(hasattr(i, "label") for i in items):
            return "、".join(str(i.label) for i in items)
        return "、".join(str(i) for i in items) or "（无）"
    if hasattr(value, "label") and not isinstance(value, str):
        return str(value.label)
    return str(value)


def cited_row(what: str, item: Cited[Any] | None) -> Iterator[Row]:
    """The row of a cited value, where the rule has it."""
    if item is not None:
        yield (what, show_value(item.value), item.citation)


def reference_day(application: Application) -> date | None:
    """The day conditions 「在……从业超过10年」, 「近5年内」 are judged on: the online submission."""
    online = application.submission.online_at
    return None if online is None else to_beijing(online).date()


def application_year(application: Application) -> int | None:
    """申报年度: ``year``, else the year of the online submission (Beijing time); ``None`` if neither."""
    if application.year is not None:
        return application.year
    online = reference_day(application)
    return None if online is None else online.year


def missing(label: str, measure: str, citation: Citation, code: str = Code.FACT_MISSING) -> Finding:
    """A measure the text requires was not declared: ``code`` (a condition's ``<NAME>_NOT_DECLARED``,
    else ``FACT_MISSING``)."""
    return Finding.of(code, Severity.FAIL, "fact.missing", citation, measure, actual="未申报", label=label, measure=measure)


class RuleData(BaseModel):
    """The base of every rule part's data: frozen, and no field the part does not declare."""

    model_config = ConfigDict(frozen=True, extra="forbid")
