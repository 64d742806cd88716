"""Allocation across applicants: mutual exclusion, yearly quotas by rank, budget envelopes.

``allocate(applications)`` assesses each application, then decides, for every one, what it
receives and why — in this order, each step with its clause:

1. **Withdrawn** applications (``Application.withdrawn``, 撤回) and **ineligible** ones take no
   place (``WITHDRAWN``, ``INELIGIBLE``).
2. **Mutual exclusion** between directions (e.g. 斗门 三、相关说明（三）) among one enterprise's
   eligible applications: ``strict`` rejects every application in a forbidden combination
   (``MUTUALLY_EXCLUSIVE``); ``preference`` / ``highest_award`` keep one for what-ifs.
3. **Quotas by rank** per direction: applicants are ranked by the direction's ranking rule (review
   score; for 斗门 方向六 then the 惠企利民 contract submission time; for 方向二 then 「优先支持白蕉海鲈
   产业发展」), ties broken by the policy's
   named tie-break; the first *quota* are funded, the rest are ``QUOTA_EXCEEDED``.
4. **Budget envelopes** (per direction, per 专题 or overall; narrowest first): ``rank_fill`` funds
   in rank order until the envelope is used (the last one partially if asked), ``pro_rata`` scales
   every award in the envelope by one factor, distributed to the 分 by largest remainder so that the
   total equals the envelope exactly.

Results are independent of input order. A tie is broken only by a key the text gives (方向六:
the earlier 惠企利民 contract submission; 方向二: a declared 白蕉海鲈 priority; 赛马: the earlier 试点认定),
which the ranking itself holds.
What those keys leave tied is decided by the policy's ``TieBreak``:

* ``unresolved`` (default): a tie that straddles the last funded place is reported
  (``TIE_UNRESOLVED``, naming the tied candidates and the places left) and the contested places
  are left open for a decision — no arbitrary key decides real money;
* ``submission_time``: earlier online submission first, then 统一社会信用代码, then application id
  (an explicit choice of the caller, as is)
* ``credit_code``: 统一社会信用代码, then application id (purely mechanical).

赛马 (「仅对最先通过试点认定的项目予以资金奖励支持」): projects certified on the same, earliest day are
all 「最先」 and all funded (``certification_ties="all_first"``, the default reading); the other
reading, one place to be decided, is ``certification_ties="one_place"`` (then the tie-break applies).

Known property of largest-remainder apportionment (the "Alabama paradox"): raising a pro-rata
envelope by a few 分 can lower one award by at most 1 分 while every other rises. Rank-fill is
strictly monotone.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import groupby
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._values import fast_init
from ._version import __version__
from .citations import Citation
from .engine import rules_digest
from .exclusion import CountLimit, Exclusion, ExclusionMode
from .findings import Code
from .frames import Backend, Columns
from .ledger import Ledger, LedgerEntry
from .models import Application, FundingLevel, claim_key
from .money import ZERO, Money, Ratio
from .parts import application_year
from .parts.payout import HISTORY_CODES
from .registry import all_directions, document, exclusions_of
from .result import Assessment, JsonOutput
from .rules import AnyRules, Ranking, Unit
from .text import render_table

__all__ = [
    "Allocation",
    "AllocationPolicy",
    "AssessedOnce",
    "Budget",
    "BudgetMode",
    "Candidate",
    "Decision",
    "DirectionTotal",
    "Outcome",
    "Reassess",
    "TieBreak",
    "allocate",
    "allocate_assessed",
    "allocate_candidates",
    "check_budgets",
    "claims_of",
    "exclusion_rules",
    "forbidding_rule",
    "reassessing",
    "short_name",
]


class TieBreak(StrEnum):
    SUBMISSION_TIME = "submission_time"
    CREDIT_CODE = "credit_code"
    UNRESOLVED = "unresolved"


class BudgetMode(StrEnum):
    RANK_FILL = "rank_fill"
    PRO_RATA = "pro_rata"


class Outcome(StrEnum):
    FUNDED = "FUNDED"
    WITHDRAWN = "WITHDRAWN"
    INELIGIBLE = "INELIGIBLE"
    MUTUALLY_EXCLUSIVE = "MUTUALLY_EXCLUSIVE"
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
    TIE_UNRESOLVED = "TIE_UNRESOLVED"
    BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    HISTORY_LIMIT = "HISTORY_LIMIT"
    """A history rule (once per enterprise, a per-enterprise cap) leaves nothing to pay, counting
    the awards granted before it in this round."""

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS: Final = {
    Outcome.FUNDED: "获支持",
    Outcome.WITHDRAWN: "已撤回",
    Outcome.INELIGIBLE: "不符合条件",
    Outcome.MUTUALLY_EXCLUSIVE: "互斥",
    Outcome.QUOTA_EXCEEDED: "超出限额",
    Outcome.TIE_UNRESOLVED: "并列未决",
    Outcome.BUDGET_EXHAUSTED: "预算用尽",
    Outcome.LIMIT_EXCEEDED: "超出数量上限",
    Outcome.HISTORY_LIMIT: "历史奖补限制",
}


class Budget(BaseModel):
    """A budget envelope: ``amount`` for the applications in ``scope``.

    ``scope`` is ``all``, a 专题 key (``topic_18``) or a direction key (``direction_1``, optionally
    ``doumen-2023/direction_1``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Money
    scope: str = "all"

    def covers(self, rules: AnyRules) -> bool:
        return self.scope in ("all", rules.topic_key, rules.key, rules.ref)

    def specificity(self) -> int:
        if self.scope == "all":
            return 2
        return 1 if self.scope.startswith("topic_") else 0


class AllocationPolicy(BaseModel):
    """How to allocate: exclusion mode, tie-break, budgets and budget mode."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exclusion_mode: ExclusionMode = ExclusionMode.STRICT
    tie_break: TieBreak = TieBreak.UNRESOLVED
    """What decides a tie the text's own keys leave: by default nothing (``TIE_UNRESOLVED``)."""
    on_duplicate_invoice: Literal["exclude", "report"] = "exclude"
    """An invoice or contract already counted by an earlier award (of this round or in the ledger):
    not counted again (``exclude``), or counted and reported for review (``report``)."""
    certification_ties: Literal["all_first", "one_place"] = "all_first"
    """赛马 with several certified on the earliest day: all are 「最先」 (funded), or one place is
    contested (decided by ``tie_break``)."""
    budgets: tuple[Budget, ...] = Field(default=())
    budget_mode: BudgetMode = BudgetMode.RANK_FILL
    partial_last: bool = False
    """Under ``rank_fill``: the first applicant that does not fit receives what is left."""
    year: int | None = Field(default=None, ge=1990, le=2100)
    """申报年度 of the round, for an application that names none (``year``, online submission): the
    year its award is recorded under, in the round and by ``Ledger.with_round``."""


@fast_init
@dataclass(frozen=True, slots=True)
class Candidate:
    """What allocation needs of one assessed application."""

    application_id: str
    programme: str
    direction: str
    credit_code: str
    enterprise: str
    eligible: bool
    award: Money
    """The assessed award if eligible (after the cap)."""
    review_score: Decimal | None = None
    contract_time: datetime | None = None
    """Earliest 惠企利民 contract submission time."""
    online_time: datetime | None = None
    preference: int | None = None
    failures: tuple[str, ...] = ()
    certified_on: date | None = None
    priority: bool | None = None
    """Declares the priority a ``REVIEW_SCORE_THEN_PRIORITY`` ranking reads (``facts.priority_supported``)."""
    recommendation_rank: int | None = None
    """推荐排序: the recommender's own order (1 first), for a limit on recommendations."""
    """试点认定的日期 (ranks 赛马 items)."""
    project_id: str = ""
    region: str = ""
    """The project's 试点起步区域 (city and district), where a count is per region."""
    withdrawn: bool = False
    """撤回: takes no place, triggers no exclusion."""
    year: int | None = None
    """申报年度: ``year``, else the year of the online submission (Beijing time)."""
    claims: frozenset[str] | None = None
    """The invoices and contracts its award would count (``models.claim_key``), where the
    assessment is at hand; ``None``: computed when needed (`Reassess`)."""
    provisional: str | None = None
    """The stage it was assessed at, where checks of later stages are pending (``AWARD_PROVISIONAL``):
    a place at that stage (入库) is a selection, its award an estimate, and no history rule applies yet."""

    @classmethod
    def of(cls, application: Application, assessment: Assessment) -> Candidate:
        return cls.outcome_of(
            application,
            programme=assessment.programme,
            direction=assessment.direction,
            eligible=assessment.eligible,
            award=assessment.award if assessment.eligible else assessment.award_if_eligible,
            failures=tuple(sorted({str(f.code) for f in assessment.failures})),
        ).with_claims(counted_claims(application, assessment), provisional=_provisional(assessment))

    def with_claims(self, claims: frozenset[str], provisional: str | None = None) -> Candidate:
        return dataclasses.replace(self, claims=claims, provisional=provisional)

    @classmethod
    def outcome_of(
        cls,
        application: Application,
        *,
        programme: str,
        direction: str,
        eligible: bool,
        award: Money,
        failures: tuple[str, ...],
    ) -> Candidate:
        """A candidate from an assessment's outcome (by any engine) and the application's ranking keys."""
        times = [c.submitted_at for c in application.contracts if c.submitted_at is not None]
        return cls(
            application_id=application.id,
            programme=programme,
            direction=direction,
            credit_code=application.enterprise.credit_code,
            enterprise=application.enterprise.name,
            eligible=eligible,
            award=award,
            review_score=application.review_score,
            contract_time=min(times) if times else None,
            online_time=application.submission.online_at,
            preference=application.preference,
            failures=failures,
            certified_on=application.facts.certified_on,
            priority=application.facts.priority_supported,
            recommendation_rank=application.recommendation_rank,
            project_id=application.project.id,
            region=str(application.project.start_region or ""),
            withdrawn=application.withdrawn,
            year=application_year(application),
        )


@fast_init
@dataclass(frozen=True, slots=True)
class Decision:
    """What one application receives, and why."""

    application_id: str
    programme: str
    direction: str
    enterprise: str
    credit_code: str
    rank: int | None
    """Position in its direction's ranking (1 = first); ``None`` when it took no place."""
    assessed_award: Money
    funded: Money
    outcome: Outcome
    message: str
    citation: Citation | None = None
    related: tuple[str, ...] = ()
    """Applications this decision was taken against (a conflict, a tie, an earlier award of the round)."""
    project_id: str = ""
    year: int | None = None
    """The year the award is recorded under (the application's, else the policy's ``year``)."""
    claims: tuple[str, ...] = ()
    """The invoices and contracts the award counted that another application of the round also
    lists (``models.claim_key``): recorded with it by ``Ledger.with_round``."""


@dataclass(frozen=True, slots=True)
class DirectionTotal:
    programme: str
    direction: str
    name: str
    quota: int | None
    """``None`` where the text sets no yearly number."""
    applicants: int
    eligible: int
    funded_count: int
    funded_total: Money


@dataclass(frozen=True, slots=True)
class Allocation(JsonOutput):
    """The funded list, the reason for every other applicant, and the totals."""

    decisions: tuple[Decision, ...]
    totals: tuple[DirectionTotal, ...]
    total: Money
    policy: AllocationPolicy
    rules_digests: dict[str, str]
    library_version: str

    def decision(self, application_id: str) -> Decision:
        for decision in self.decisions:
            if decision.application_id == application_id:
                return decision
        raise KeyError(f"no application {application_id!r} in this allocation")

    def funded(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.outcome is Outcome.FUNDED)

    def ledger_entries(self) -> tuple[LedgerEntry, ...]:
        """Every award of this round as a ledger entry (``Ledger.with_round``): programme, item,
        the document's level, enterprise, project, year and the amount funded."""
        return tuple(_entry(d) for d in self.decisions if d.outcome is Outcome.FUNDED and d.funded > ZERO)

    def explain(self) -> str:
        """Every decision in Chinese, with its clause."""
        lines = []
        for d in self.decisions:
            cite = f" {d.citation}" if d.citation is not None else ""
            lines.append(f"【{d.application_id}】{d.enterprise}：{d.message}{cite}")
        return "\n".join(lines)

    def table(self) -> str:
        header = ("方向", "名次", "申请编号", "评估奖补", "分配金额", "结果")
        rows = [
            (
                d.direction,
                "-" if d.rank is None else str(d.rank),
                d.application_id,
                d.assessed_award.format(),
                d.funded.format(),
                d.outcome.label,
            )
            for d in self.decisions
        ]
        lines = [render_table(header, rows), ""]
        for t in self.totals:
            lines.append(
                f"{t.direction} {t.name}：申请 {t.applicants}，符合 {t.eligible}，"
                f"限额 {'不限' if t.quota is None else t.quota}，"
                f"获支持 {t.funded_count}，合计 {t.funded_total.format()}"
            )
        lines.append(f"总计：{self.total.format()}")
        return "\n".join(lines)

    def to_pandas(self) -> Any:
        """One row per decision as a ``pandas.DataFrame`` ([`subsidycalc.frames`][subsidycalc.frames]: money as
        ``*_fen`` ``int64`` and text, never float)."""
        return self._frame("pandas")

    def to_polars(self) -> Any:
        """One row per decision as a ``polars.DataFrame`` (the columns of `to_pandas`)."""
        return self._frame("polars")

    def _frame(self, backend: Backend) -> Any:
        rows = self.decisions
        columns = Columns()
        for name in ("application_id", "programme", "direction", "enterprise", "credit_code", "project_id"):
            columns.text(name, [getattr(d, name) for d in rows])
        columns.integer("rank", [d.rank for d in rows])
        columns.money("assessed_award", [d.assessed_award for d in rows])
        columns.money("funded", [d.funded for d in rows])
        columns.text("outcome", [d.outcome.value for d in rows])
        columns.text("outcome_label", [d.outcome.label for d in rows])
        columns.text("message", [d.message for d in rows])
        columns.text("citation", [None if d.citation is None else str(d.citation) for d in rows])
        columns.text("related", [";".join(d.related) for d in rows])
        columns.integer("year", [d.year for d in rows])
        return columns.frame(backend)


def allocate(
    applications: Iterable[Application],
    *,
    rules: Mapping[str, AnyRules] | None = None,
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = None,
    policy: AllocationPolicy | None = None,
    ledger: Ledger | None = None,
) -> Allocation:
    """Assess and allocate. ``rules`` (by ``programme/key``) and ``exclusions`` (by programme)
    default to the registry; pass reformed ones for a what-if. ``ledger`` holds prior awards."""
    table = dict(rules) if rules is not None else all_directions()
    assessed = AssessedOnce(applications, ledger)
    return allocate_candidates(
        assessed.candidates(table), rules=table, exclusions=exclusions, policy=policy,
        ledger=ledger, reassess=assessed.reassess(table),
    )


def allocate_assessed(
    applications: Iterable[Application],
    assessments: Iterable[Assessment],
    *,
    rules: Mapping[str, AnyRules] | None = None,
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = None,
    policy: AllocationPolicy | None = None,
    ledger: Ledger | None = None,
) -> Allocation:
    """Allocate applications already assessed (one assessment each, in order, under ``rules`` and
    ``ledger``), where the caller needs the assessments too (a report, a workbook, a case file):
    the same allocation as `allocate`, without assessing them again."""
    apps = tuple(applications)
    table = dict(rules) if rules is not None else all_directions()
    candidates = [Candidate.of(a, r) for a, r in zip(apps, assessments, strict=True)]
    return allocate_candidates(
        candidates, rules=table, exclusions=exclusions, policy=policy, ledger=ledger, reassess=reassessing(apps, table)
    )


class Reassess:
    """Assess a round's applications again: against the ledger in progress, and without the
    invoices and contracts an earlier award of the round already counted.

    Built by `reassessing`."""

    __slots__ = ("_by_id", "_counted", "_rules")

    def __init__(self, applications: Iterable[Application], rules: Mapping[str, AnyRules]) -> None:
        self._by_id = {a.id: a for a in applications}
        self._rules = rules
        self._counted: dict[str, frozenset[str]] = {}

    def __call__(self, application_id: str, ledger: Ledger | None, dropped: frozenset[str] = frozenset()) -> Assessment:
        """The application assessed against ``ledger``, counting none of the ``dropped`` claims."""
        application = self._by_id[application_id]
        if dropped:
            application = application.model_copy(update={
                "invoices": tuple(i for i in application.invoices if claim_key("invoice", i.supplier, i.number) not in dropped),
                "contracts": tuple(c for c in application.contracts if claim_key("contract", c.supplier, c.number) not in dropped),
            })
        return self._rules[f"{application.programme}/{application.direction}"].assess(application, ledger)

    def under(self, rules: Mapping[str, AnyRules]) -> Reassess:
        """The same applications under other rules (a what-if), without indexing them again."""
        again = Reassess((), rules)
        again._by_id = self._by_id
        return again

    def claims(self, application_id: str) -> frozenset[str]:
        """Every invoice and contract the application lists (``models.claim_key``)."""
        return claims_of(self._by_id[application_id])

    def counted(self, application_id: str, ledger: Ledger | None) -> frozenset[str]:
        """The claims an award to the application counts — its counted invoices and its contracts —
        recorded with the award so that no later award (this round or the next) counts them again."""
        found = self._counted.get(application_id)
        if found is None:
            application = self._by_id[application_id]
            found = self._counted[application_id] = (
                counted_claims(application, self(application_id, ledger)) if application.invoices
                else claims_of(application)
            )
        return found


def _provisional(assessment: Assessment) -> str | None:
    """The stage's label where the assessment leaves checks to later stages."""
    if assessment.stage is None or not any(f.code is Code.AWARD_PROVISIONAL for f in assessment.findings):
        return None
    return assessment.stage.label


def counted_claims(application: Application, assessment: Assessment) -> frozenset[str]:
    """The claims an award to the application counts: its counted invoices and all its contracts."""
    lines = {claim_key("invoice", line.supplier, line.number) for line in assessment.invoices if line.counted}
    return frozenset(lines | {claim_key("contract", c.supplier, c.number) for c in application.contracts})


def claims_of(application: Application) -> frozenset[str]:
    """Every invoice and contract ``application`` lists, as claim keys (``models.claim_key``)."""
    return frozenset(
        [claim_key("invoice", i.supplier, i.number) for i in application.invoices]
        + [claim_key("contract", c.supplier, c.number) for c in application.contracts]
    )


def reassessing(applications: Iterable[Application], rules: Mapping[str, AnyRules]) -> Reassess:
    """A `Reassess` over ``applications`` under ``rules`` (by ``programme/key``)."""
    return Reassess(applications, rules)


class AssessedOnce:
    """Candidates of a fixed list of applications, each assessed once per rules object.

    A what-if changes one or two directions; the others keep the very same rules object, and
    [`assess`][subsidycalc.engine.assess] is pure, so an application assessed under a rules object
    need not be assessed again under it: ``compare`` and ``sweep`` share one of these across
    their scenarios and re-assess only what a scenario changed. Keyed by the rules object's
    identity (the entry holds the object, so the identity cannot be reused while it lives).
    """

    __slots__ = ("_applications", "_ledger", "_memo")

    def __init__(self, applications: Iterable[Application], ledger: Ledger | None = None) -> None:
        self._applications = tuple(applications)
        self._ledger = ledger
        self._memo: dict[tuple[int, int], tuple[AnyRules, Candidate]] = {}

    def reassess(self, table: Mapping[str, AnyRules]) -> Reassess:
        """These applications assessed again under ``table`` against another ledger."""
        return reassessing(self._applications, table)

    @property
    def ledger(self) -> Ledger | None:
        return self._ledger

    def candidates(self, table: Mapping[str, AnyRules]) -> list[Candidate]:
        """One candidate per application, under ``table`` (by ``programme/key``)."""
        found = []
        memo = self._memo
        for index, application in enumerate(self._applications):
            ref = f"{application.programme}/{application.direction}"
            rules = table.get(ref)
            if rules is None:
                raise ValueError(f"application {application.id!r}: no rules for {ref}")
            hit = memo.get((id(rules), index))
            if hit is None or hit[0] is not rules:
                assessment = rules.assess(application, self._ledger)
                hit = memo[(id(rules), index)] = (rules, Candidate.of(application, assessment))
            found.append(hit[1])
        return found


# -- the allocation itself ----------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    candidate: Candidate
    rules: AnyRules
    order: int
    """The direction's position in the rules table (for cross-direction orders)."""
    name: str
    """Short name of the direction, e.g. ``方向一``."""
    outcome: Outcome | None = None
    funded: int = 0
    rank: int | None = None
    message: str = ""
    citation: Citation | None = None
    related: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


def short_name(rules: AnyRules) -> str:
    """``方向一``; a sub-line keeps its qualifier: ``方向六（印刷电路板·车间级）``."""
    head, _, rest = rules.name.partition("：")
    if rest.endswith("）") and "（" in rest and rules.key.count("_") > 1:
        return head + rest[rest.rindex("（") :]
    return head


def allocate_candidates(
    candidates: Iterable[Candidate],
    *,
    rules: Mapping[str, AnyRules] | None = None,
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None = None,
    policy: AllocationPolicy | None = None,
    ledger: Ledger | None = None,
    reassess: Reassess | None = None,
) -> Allocation:
    """Allocate already assessed candidates (see the module docstring).

    ``ledger`` holds the awards before this round and ``reassess`` assesses an application again:
    a candidate whose rules read history is assessed again against the ledger plus the awards
    granted before it in the round. Without ``reassess``, such a candidate meeting an earlier award
    of the round is an error (the awards could not be checked)."""
    policy = policy or AllocationPolicy()
    table = dict(rules) if rules is not None else all_directions()
    places = {(r.programme, r.key): (r, i, short_name(r)) for i, r in enumerate(table.values())}
    states: list[_State] = []
    for c in candidates:
        place = places.get((c.programme, c.direction))
        if place is None:
            raise ValueError(f"candidate {c.application_id!r}: no rules for {c.programme}/{c.direction}")
        states.append(_State(c, place[0], place[1], place[2]))
    if len({s.candidate.application_id for s in states}) != len(states):
        repeated = sorted(i for i, n in Counter(s.candidate.application_id for s in states).items() if n > 1)
        raise ValueError(f"duplicate application id {repeated[0]!r}: expected each id once")

    for s in states:
        if s.candidate.withdrawn:
            s.outcome = Outcome.WITHDRAWN
            s.message = "申请已撤回，不参与排序、互斥与名额"
        elif not s.candidate.eligible:
            s.outcome = Outcome.INELIGIBLE
            failures = s.candidate.failures
            s.message = f"不符合申报条件（{', '.join(failures) if failures else '见评估'}），不参与排序"
    _exclude(states, exclusions, policy.exclusion_mode)
    _fill_quotas(states, policy, _Round(ledger, reassess, policy))
    check_budgets(policy.budgets, table)
    for budget in sorted(policy.budgets, key=lambda b: (b.specificity(), b.scope)):
        _apply_budget(states, budget, policy)

    decisions = tuple(
        Decision(
            c.application_id,
            c.programme,
            c.direction,
            c.enterprise,
            c.credit_code,
            s.rank,
            c.award if c.eligible else ZERO,
            Money(s.funded) if s.funded else ZERO,
            s.outcome or Outcome.FUNDED,
            s.message,
            s.citation,
            s.related,
            c.project_id,
            c.year if c.year is not None else policy.year,
            s.claims,
        )
        for s in sorted(states, key=_decision_order)
        for c in (s.candidate,)
    )
    totals = _totals(states, table)
    return Allocation(
        decisions=decisions,
        totals=totals,
        total=Money(sum(s.funded for s in states)),
        policy=policy,
        rules_digests={r.ref: rules_digest(r) for r in {id(s.rules): s.rules for s in states}.values()},
        library_version=__version__,
    )


def check_budgets(budgets: Sequence[Budget], table: Mapping[str, AnyRules]) -> None:
    """``ValueError`` for a budget whose scope covers no direction of ``table``, naming the scopes."""
    for budget in budgets:
        if not any(budget.covers(r) for r in table.values()):
            scopes = sorted({"all"} | {r.topic_key for r in table.values()} | {r.key for r in table.values()})
            raise ValueError(f"budget scope {budget.scope!r} covers no direction: expected one of {scopes}")


def exclusion_rules(
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None, programme: str
) -> Sequence[Exclusion | CountLimit]:
    """The exclusion rules and count limits of ``programme``: those given, else the registered ones."""
    return exclusions[programme] if exclusions is not None and programme in exclusions else exclusions_of(programme)


def _decision_order(s: _State) -> tuple[int, int, str]:
    return (s.order, s.rank if s.rank is not None else 1 << 62, s.candidate.application_id)


def _exclude(
    states: list[_State],
    exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None,
    mode: ExclusionMode,
) -> None:
    groups: dict[tuple[str, str], list[_State]] = {}
    for s in states:
        if s.outcome is None:
            c = s.candidate
            key = (c.programme, c.credit_code)
            group = groups.get(key)
            if group is None:
                groups[key] = [s]
            else:
                group.append(s)
    pair_tables: dict[str, _PairTable] = {}
    for (programme, _), group in groups.items():
        if len(group) < 2:
            continue
        table = pair_tables.get(programme)
        if table is None:
            table = pair_tables[programme] = _PairTable(exclusion_rules(exclusions, programme))
        if mode is ExclusionMode.STRICT:
            _exclude_strict(group, table)
        else:
            _exclude_keeping(group, table, mode)
        for limit in table.limits:
            if limit.per == "enterprise":
                for members in _by_year([s for s in group if s.outcome is None], limit).values():
                    _limit_count(members, limit)
    _limit_regions(states, exclusions)


def _limit_regions(
    states: list[_State], exclusions: Mapping[str, Sequence[Exclusion | CountLimit]] | None
) -> None:
    """Counts per region and direction (e.g. 「每个区域针对每个试点行业可推荐不超过2个」)."""
    programmes = {s.candidate.programme for s in states}
    for programme in sorted(programmes):
        for limit in exclusion_rules(exclusions, programme):
            if not isinstance(limit, CountLimit) or limit.per != "region":
                continue
            groups: dict[tuple[str, str], list[_State]] = defaultdict(list)
            for s in states:
                c = s.candidate
                if s.outcome is None and c.programme == programme and c.direction in limit.directions:
                    groups[(c.region, c.direction)].append(s)
            for group in groups.values():
                for members in _by_year(group, limit).values():
                    _limit_count(members, limit)


def _by_year(group: list[_State], limit: CountLimit) -> dict[int | None, list[_State]]:
    """The group by 申报年度 where the limit is per year (「每年」), else whole."""
    if not limit.per_year:
        return {None: group}
    years: dict[int | None, list[_State]] = defaultdict(list)
    for s in group:
        years[s.candidate.year].append(s)
    return years


def _limit_count(group: list[_State], limit: CountLimit) -> None:
    """Keep the ``max_count`` best-ranked of one enterprise's applications in the limited directions."""
    members = [s for s in group if s.candidate.direction in limit.directions]
    if len(members) <= limit.max_count:
        return
    if limit.order == "recommendation":
        _limit_by_recommendation(members, limit)
        return
    ranked = sorted(members, key=lambda s: (_rank_key(s), _tie_key(s, TieBreak.SUBMISSION_TIME)))
    kept = [s.candidate.application_id for s in ranked[: limit.max_count]]
    who = "本企业" if limit.per == "enterprise" else f"本区域（{ranked[0].candidate.region}）"
    for s in ranked[limit.max_count :]:
        s.outcome = Outcome.LIMIT_EXCEEDED
        s.related = tuple(kept)
        s.citation = limit.citation
        s.message = (
            f"{limit.label}：{who}已有 {'、'.join(kept)} 排序在前，超出 {limit.max_count} 个的上限，不予支持"
        )


def _limit_by_recommendation(members: list[_State], limit: CountLimit) -> None:
    """Keep the ``max_count`` the recommender puts first; where its order is missing or tied at the
    limit, the applications competing for the places left are unresolved, never chosen for it."""
    ranked = sorted(
        (s for s in members if s.candidate.recommendation_rank is not None),
        key=lambda s: (s.candidate.recommendation_rank, s.candidate.application_id),
    )
    unranked = sorted((s for s in members if s.candidate.recommendation_rank is None), key=lambda s: s.candidate.application_id)
    ranks = [s.candidate.recommendation_rank or 0 for s in ranked]  # every one given (0 never occurs)
    places = limit.max_count
    who = "本企业" if limit.per == "enterprise" else f"本区域（{members[0].candidate.region}）"
    if len(ranked) >= places:
        boundary = ranks[places - 1]
        kept = [s for s, r in zip(ranked, ranks, strict=True) if r < boundary]
        at_boundary = [s for s, r in zip(ranked, ranks, strict=True) if r == boundary]
        beyond = [s for s, r in zip(ranked, ranks, strict=True) if r > boundary] + unranked
        if len(kept) + len(at_boundary) <= places:
            kept, open_ = kept + at_boundary, []
        else:
            open_ = at_boundary
    else:
        kept, open_, beyond = ranked, unranked, []
    kept_ids = tuple(s.candidate.application_id for s in kept)
    left = places - len(kept)
    for s in open_:
        s.outcome = Outcome.TIE_UNRESOLVED
        s.related = tuple(o.candidate.application_id for o in open_ if o is not s)
        s.citation = limit.citation
        rank = s.candidate.recommendation_rank
        why = f"推荐排序同为第{rank}位" if rank is not None else "推荐单位未给出推荐排序（recommendation_rank）"
        s.message = (
            f"{limit.label}：{who}{why}，{len(open_)} 个申请争 {left} 个剩余名额，"
            f"须由推荐单位确定排序（已保留 {'、'.join(kept_ids) or '无'}）"
        )
    for s in beyond:
        s.outcome = Outcome.LIMIT_EXCEEDED
        s.related = kept_ids
        s.citation = limit.citation
        rank = s.candidate.recommendation_rank
        where = f"推荐排序第{rank}位" if rank is not None else "未列入推荐排序"
        s.message = f"{limit.label}：{who}{where}，{'、'.join(kept_ids)} 排序在前，超出 {places} 个的上限，不予推荐"


_SHOWN: Final = 10
"""How many related applications a decision names (its message and ``related``): a group or a tie
of thousands is named by its first ones and its count, so no decision grows with the group and the
round stays O(n log n). Every member's own decision is in the allocation."""


def _first_others(ids: Sequence[str], own: str) -> tuple[tuple[str, ...], int]:
    """The first ``_SHOWN`` of ``ids`` (which hold ``own`` once) other than ``own``, and how many others there are."""
    shown = tuple(i for i in ids[: _SHOWN + 1] if i != own)[:_SHOWN]
    return shown, len(ids) - 1


def _names(shown: Sequence[str], count: int, render: Callable[[str], str] = str) -> str:
    """``A、B、C`` — or, for more than are shown, ``A、B……等N项``."""
    text = "、".join(render(i) for i in shown)
    return text if count <= len(shown) else f"{text}……等{count}项"


def forbidding_rule(rules: Sequence[Exclusion | CountLimit], first: str, second: str) -> Exclusion | None:
    """The first of ``rules`` that forbids directions ``first`` and ``second`` together (its
    ``same_project``, if set, applies to the pair's projects)."""
    return next((r for r in rules if isinstance(r, Exclusion) and r.forbids(first, second)), None)


class _PairTable:
    """Which rule, if any, forbids a pair of directions (looked up once per pair)."""

    __slots__ = ("_known", "_rules", "limits")

    def __init__(self, rules: Sequence[Exclusion | CountLimit]) -> None:
        self._rules = tuple(r for r in rules if isinstance(r, Exclusion))
        self.limits = tuple(r for r in rules if isinstance(r, CountLimit))
        self._known: dict[tuple[str, str], Exclusion | None] = {}

    def rule(self, first: str, second: str) -> Exclusion | None:
        """The first rule that forbids the two directions together (``same_project`` not yet applied)."""
        key = (first, second)
        try:
            return self._known[key]
        except KeyError:
            found = self._known[key] = forbidding_rule(self._rules, first, second)
            return found

    def __call__(self, a: _State, b: _State) -> Exclusion | None:
        found = self.rule(a.candidate.direction, b.candidate.direction)
        if found is not None and found.same_project and a.candidate.project_id != b.candidate.project_id:
            return None
        return found


def _exclude_strict(group: list[_State], forbidding: _PairTable) -> None:
    """Strict mode: every application of the enterprise that a rule forbids with another of its
    applications is refused. By direction, not by pair: O(k log k) for k applications of one enterprise."""
    if len(group) == 2 and forbidding(group[0], group[1]) is None:
        return  # the common case: two applications that may be combined
    by_direction: dict[str, list[_State]] = defaultdict(list)
    by_project: dict[tuple[str, str], list[_State]] = defaultdict(list)
    for s in sorted(group, key=lambda s: s.candidate.application_id):
        by_direction[s.candidate.direction].append(s)
        by_project[(s.candidate.direction, s.candidate.project_id)].append(s)
    directions = list(by_direction)
    for s in group:
        c = s.candidate
        sources = []
        count = 0
        for other in directions:
            rule = forbidding.rule(c.direction, other)
            if rule is None:
                continue
            members = by_project[(other, c.project_id)] if rule.same_project else by_direction[other]
            rivals = len(members) - (1 if other == c.direction else 0)  # its own direction holds it
            if rivals:
                sources.append((rule, members))
                count += rivals
        if not count:
            continue
        conflicts: list[tuple[_State, Exclusion]] = []
        for o, rule in heapq.merge(
            *(((o, r) for o in m if o is not s) for r, m in sources), key=lambda pair: pair[0].candidate.application_id
        ):
            conflicts.append((o, rule))
            if len(conflicts) >= _SHOWN:
                break
        shown = conflicts[:_SHOWN]
        s.outcome = Outcome.MUTUALLY_EXCLUSIVE
        s.related = tuple(o.candidate.application_id for o, _ in shown)
        s.citation = shown[0][1].citation
        others = _names([f"{o.candidate.application_id}（{o.name}）" for o, _ in shown], count)
        labels = "；".join(dict.fromkeys([*(r.label for _, r in shown), *(r.label for r, _ in sources)]))
        s.message = f"与申请 {others} 互斥：{labels}；严格模式下所涉申请均不予支持"


def _exclude_keeping(group: list[_State], forbidding: _PairTable, mode: ExclusionMode) -> None:
    def preference(s: _State) -> tuple[Any, ...]:
        c = s.candidate
        pref = (c.preference is None, c.preference or 0)
        award = -c.award.fen
        if mode is ExclusionMode.PREFERENCE:
            return (*pref, award, s.order, c.application_id)
        return (award, *pref, s.order, c.application_id)

    kept: list[_State] = []
    for s in sorted(group, key=preference):
        clash = next(((k, r) for k in kept if (r := forbidding(s, k)) is not None), None)
        if clash is None:
            kept.append(s)
            continue
        keeper, rule = clash
        reason = "企业申报意愿优先" if mode is ExclusionMode.PREFERENCE else "奖补金额较高者优先"
        s.outcome = Outcome.MUTUALLY_EXCLUSIVE
        s.related = (keeper.candidate.application_id,)
        s.citation = rule.citation
        s.message = (
            f"与申请 {keeper.candidate.application_id}（{keeper.name}）互斥：{rule.label}；"
            f"按{reason}保留后者"
        )


def _rank_key(s: _State) -> tuple[Any, ...]:
    c = s.candidate
    if s.rules.ranking is Ranking.CERTIFICATION_DATE:
        return (1, date.max) if c.certified_on is None else (0, c.certified_on)
    score = (1, Decimal(0)) if c.review_score is None else (0, -c.review_score)
    if s.rules.ranking is Ranking.REVIEW_SCORE_THEN_CONTRACT_TIME:
        contract = (1, 0.0) if c.contract_time is None else (0, c.contract_time.timestamp())
        return (*score, *contract)
    if s.rules.ranking is Ranking.REVIEW_SCORE_THEN_PRIORITY:
        return (*score, 0 if c.priority else 1)
    return score


def _tie_key(s: _State, tie_break: TieBreak) -> tuple[Any, ...]:
    """The order within a tie: the policy's key; one enterprise's own tied applications by its
    declared ``preference``, then id (which of its projects takes its per-enterprise cap)."""
    c = s.candidate
    own = (c.preference is None, c.preference or 0, c.application_id)
    if tie_break is TieBreak.SUBMISSION_TIME:
        online = (1, 0.0) if c.online_time is None else (0, c.online_time.timestamp())
        return (*online, c.credit_code, *own)
    return (c.credit_code, *own)


class _Round:
    """The ledger in progress: the awards before the round plus those granted so far in it, and
    the invoices and contracts they counted."""

    __slots__ = (
        "_base", "_by_enterprise", "_by_project", "_claimed", "_entries", "_funded", "_on_duplicate", "_reassess", "_year",
    )

    def __init__(self, ledger: Ledger | None, reassess: Reassess | None, policy: AllocationPolicy) -> None:
        self._base = ledger
        self._entries: list[tuple[LedgerEntry, str]] = []
        self._by_enterprise: dict[str, list[int]] = defaultdict(list)
        self._by_project: dict[str, list[int]] = defaultdict(list)
        """The round's entries by enterprise and by project (indices, in order): what bears on a
        candidate is found without reading every award of the round."""
        self._reassess = reassess
        self._year = policy.year
        self._on_duplicate = policy.on_duplicate_invoice
        self._funded: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        """(direction order, credit code) → the (分, application id) granted in this round."""
        self._claimed: dict[str, tuple[str, tuple[str, str, str, str] | None]] = {}
        """claim → (who counted it: an application id or a ledger entry; for a ledger entry, the award
        it records as (programme, item, project, enterprise): the same award read again is not a rival)."""
        for e in ledger.entries if ledger is not None else ():
            for key in e.claims:
                award = (e.programme, e.item, e.project_id, e.enterprise)
                self._claimed.setdefault(key, (f"台账 {e.programme}/{e.item}/{e.year}", award))

    def payable(self, s: _State) -> tuple[int, str, tuple[str, ...], str | None]:
        """``(分, note, related, refusal)``: what ``s`` may be paid after the awards granted before
        it (and in the ledger); ``refusal`` is the message when nothing is left to pay."""
        c, rules = s.candidate, s.rules
        amount = c.award.fen
        if c.provisional is not None:  # a selection at an earlier stage: history is checked when paid
            return amount, "", (), None
        if amount <= 0 and rules.pays:  # eligible, yet the earlier awards in the ledger leave nothing
            return 0, "", (), f"{self._zero_reason(c)}，不予支持"
        notes: list[str] = []
        related: list[str] = []
        taken = self._taken(c)
        dropped: frozenset[str] = frozenset()
        if taken:
            who = tuple(dict.fromkeys(taken.values()))
            shown = "、".join(_shown_claim(k) for k in sorted(taken))
            if self._on_duplicate == "report":
                notes.append(f"{shown}已计入 {'、'.join(who)}，需核实")
            else:
                dropped = frozenset(taken)
                notes.append(f"{shown}已计入 {'、'.join(who)}，本申请不再计入")
            related += [w for w in who if not w.startswith("台账")]
        earlier = (
            [self._entries[i] for i in sorted({*self._by_enterprise.get(c.credit_code, ()), *self._by_project.get(c.project_id, ())})]
            if rules.reads_history else []
        )
        if earlier or dropped:
            if self._reassess is None:
                raise ValueError(
                    f"candidate {c.application_id!r}: earlier awards of this round bear on it: pass "
                    "reassess (allocation.reassessing) to check them"
                )
            ids = tuple(dict.fromkeys(a for _, a in earlier))
            before = (self._base or Ledger.empty()).entries
            ledger = Ledger(entries=(*before, *(e for e, _ in earlier))) if earlier else self._base
            again = self._reassess(c.application_id, ledger, dropped)
            if not again.eligible:
                reasons = "；".join(dict.fromkeys(f.message for f in again.failures))
                cause = f"本轮已支持 {'、'.join(ids)}" if ids else notes[-1]
                return 0, "", tuple(dict.fromkeys((*related, *ids))), f"{cause}：{reasons}，不予支持"
            if again.award.fen <= 0 < c.award.fen:  # eligible, but nothing left to pay: no place either
                cause = f"本轮已支持 {'、'.join(ids)}" if ids else notes[-1]
                reasons = _history_reasons(again)
                return 0, "", tuple(dict.fromkeys((*related, *ids))), f"{cause}：{reasons or '余额为零'}，不予支持"
            if again.award.fen != amount:  # the earlier awards named only where they changed it
                if ids and again.award.fen < c.award.fen and not dropped:
                    notes.append(f"本轮已支持 {'、'.join(ids)}，按历史奖补规则核减为 {again.award.format()}")
                    related += ids
                elif dropped:
                    notes.append(f"核定为 {again.award.format()}")
                    related += ids
                amount = again.award.fen
        cap = rules.payout.cap
        if rules.cap_unit is Unit.ENTERPRISE and cap is not None:  # 「每家企业最高……」: ledger and round
            granted = self._funded.get((s.order, c.credit_code), [])
            prior = self._base.total(enterprise=c.credit_code, programme=c.programme, item=c.direction) if self._base else ZERO
            used = sum(fen for fen, _ in granted) + prior.fen
            if used:
                ids = tuple(a for _, a in granted)
                left = cap.value.fen - used
                where = "、".join((*ids, *(("台账",) if prior.fen else ())))
                spent = f"本企业已获 {Money(used).format()}（{where}）"
                if left <= 0:
                    return 0, "", ids, f"{cap.label} {cap.value.format()}：{spent}，不再支持"
                if amount > left:
                    amount = left
                    notes.append(f"{cap.label} {cap.value.format()}，{spent}，按余额支持")
                    related += ids
        return amount, "".join(f"；{n}" for n in notes), tuple(dict.fromkeys(related)), None

    def _zero_reason(self, c: Candidate) -> str:
        """Why an eligible application has nothing to pay: its history findings, as assessed."""
        if self._reassess is not None:
            reasons = _history_reasons(self._reassess(c.application_id, self._base))
            if reasons:
                return f"按历史奖补规则应付为零：{reasons}"
        return "按历史奖补规则应付为零"

    def _taken(self, c: Candidate) -> dict[str, str]:
        """This candidate's invoices and contracts an earlier award already counted → by whom."""
        if self._reassess is None or not self._claimed:
            return {}
        found = {}
        own = (c.programme, c.direction, c.project_id, c.credit_code)
        for key in sorted(self._reassess.claims(c.application_id)):  # sorted: the same words in every process
            hit = self._claimed.get(key)
            if hit is not None and hit[0] != c.application_id and hit[1] != own:
                found[key] = hit[0]
        return found

    def savepoint(self) -> tuple[int, dict[tuple[int, str], int], dict[str, tuple[str, tuple[str, str, str, str] | None]]]:
        """What `restore` needs to undo the grants made after this point."""
        return len(self._entries), {k: len(v) for k, v in self._funded.items()}, dict(self._claimed)

    def restore(self, point: tuple[int, dict[tuple[int, str], int], dict[str, tuple[str, tuple[str, str, str, str] | None]]]) -> None:
        entries, funded, claimed = point
        for index in range(len(self._entries) - 1, entries - 1, -1):  # the indices end with the undone ones
            entry = self._entries[index][0]
            self._by_enterprise[entry.enterprise].pop()
            self._by_project[entry.project_id].pop()
        del self._entries[entries:]
        for key in list(self._funded):
            keep = funded.get(key, 0)
            if keep:
                del self._funded[key][keep:]
            else:
                del self._funded[key]
        self._claimed = claimed

    def grant(self, s: _State, fen: int) -> None:
        c = s.candidate
        self._funded[(s.order, c.credit_code)].append((fen, c.application_id))
        if fen <= 0:
            return
        claims = (
            c.claims if c.claims is not None
            else self._reassess.counted(c.application_id, self._base) if self._reassess is not None
            else frozenset()
        )
        for key in claims:
            self._claimed.setdefault(key, (c.application_id, None))
        s.claims = tuple(sorted(k for k in claims if self._claimed[k][0] == c.application_id))
        year = c.year if c.year is not None else self._year
        entry = _round_entry(s, fen, year)
        self._by_enterprise[entry.enterprise].append(len(self._entries))
        self._by_project[entry.project_id].append(len(self._entries))
        self._entries.append((entry, c.application_id))


def _history_reasons(assessment: Assessment) -> str:
    """What the history rules said of an assessment (a refusal quotes it)."""
    return "；".join(dict.fromkeys(f.message for f in assessment.findings if f.code in HISTORY_CODES))


def _shown_claim(key: str) -> str:
    """``发票 4400000000（珠海派诺科技股份有限公司）`` for a claim key."""
    kind, _, rest = key.partition(":")
    supplier, _, number = rest.partition("|")
    return f"{'发票' if kind == 'invoice' else '合同'} {number}（{supplier}）"


def _round_entry(s: _State, fen: int, year: int | None) -> LedgerEntry:
    c = s.candidate
    level = document(c.programme).level
    # The round's own record, read only by the rules in this round: every value comes from validated
    # data, but an application with no year is recorded under year 0 (no per-year rule counts it)
    # and a document with no level at the lowest one (no 市级以上 bar reads it).
    return LedgerEntry.model_construct(
        programme=c.programme, item=c.direction, level=FundingLevel(level or "district"),
        enterprise=c.credit_code, project_id=c.project_id or c.application_id, year=year or 0,
        awarded=Money(fen), payments=(), clawed_back=ZERO, claims=s.claims,
    )


def _entry(d: Decision) -> LedgerEntry:
    """A funded decision as a ledger entry, validated (``Allocation.ledger_entries``)."""
    level = document(d.programme).level
    if level is None:
        raise ValueError(f"document {d.programme!r} states no level (国家级、省级、市级、区级): expected Document.level")
    if d.year is None:
        raise ValueError(
            f"decision {d.application_id!r}: no year (no year and no online submission): expected AllocationPolicy(year=...)"
        )
    return LedgerEntry(
        programme=d.programme, item=d.direction, level=FundingLevel(level), enterprise=d.credit_code,
        project_id=d.project_id or d.application_id, year=d.year, awarded=d.funded, claims=d.claims,
    )


def _fill_quotas(states: list[_State], policy: AllocationPolicy, round_: _Round) -> None:
    """Rank each direction, then grant places in one pass over the whole round: the best-ranked of
    every direction first (rank, then the rules table's order), so that each grant sees every
    earlier one — an enterprise's caps and once-only rules hold across its applications, and a
    candidate a history rule leaves nothing to pay takes no place."""
    by_direction: dict[int, list[_State]] = defaultdict(list)
    for s in states:
        if s.outcome is None:
            by_direction[s.order].append(s)
    tie_break = policy.tie_break
    steps: list[tuple[int, int, int, _Places, list[_State]]] = []
    depth = _reading_depth(states)
    for order, group in by_direction.items():
        places = _Places(group[0], all_first=policy.certification_ties == "all_first")
        keyed = sorted(((_rank_key(s), _tie_key(s, tie_break), s) for s in group), key=lambda t: t[:2])
        index = 0
        for _, members in groupby(keyed, key=lambda t: t[0]):
            tied = [t[2] for t in members]
            steps.append((index, depth.get(group[0].rules.ref, 0), order, places, tied))
            index += len(tied)
    for start, _, _, places, tied in sorted(steps, key=lambda t: t[:3]):
        places.fill(start, tied, tie_break, round_)


def _reading_depth(states: list[_State]) -> dict[str, int]:
    """How many directions' awards a direction's history rules read before it, transitively:
    a direction that reads another's awards (中山（一）'s top-up over （二）) is granted after it at
    the same rank, so that a workshop and a factory in one round pay the difference."""
    rules = {s.rules.ref: s.rules for s in states}
    reads = {
        ref: {f"{r.programme}/{item}" for rule in r.payout.ledger_rules for item in getattr(rule, "items", ())} - {ref}
        for ref, r in rules.items()
    }
    depth: dict[str, int] = {}

    def of(ref: str, seen: frozenset[str]) -> int:
        if ref not in depth:
            inner = [of(other, seen | {ref}) for other in reads.get(ref, ()) if other in rules and other not in seen]
            depth[ref] = 1 + max(inner) if inner else 0
        return depth[ref]

    for ref in rules:
        of(ref, frozenset())
    return depth


class _Places:
    """One direction's quota as the round fills it."""

    __slots__ = ("all_first", "closed", "holders", "left", "name", "quota", "rules", "unit")

    def __init__(self, first: _State, *, all_first: bool) -> None:
        self.all_first = all_first and first.rules.ranking is Ranking.CERTIFICATION_DATE
        """赛马: every project certified on the earliest day is 「最先」."""
        self.rules = first.rules
        self.name = first.name
        self.quota = self.rules.quota.value if self.rules.quota is not None else None
        self.left = self.quota
        self.unit = "家" if self.rules.quota_unit is Unit.ENTERPRISE else "个"
        self.holders: set[str] = set()
        self.closed = False
        """A tie the text's keys could not break took the last places: they stay open."""

    def needs_place(self, s: _State) -> bool:
        return self.rules.quota_unit is Unit.APPLICATION or s.candidate.credit_code not in self.holders

    def fill(self, start: int, tied: list[_State], tie_break: TieBreak, round_: _Round) -> None:
        ids = [s.candidate.application_id for s in tied]
        for offset, s in enumerate(tied):
            s.rank = start + 1 if tie_break is TieBreak.UNRESOLVED else start + offset + 1
        # Who of the tie would claim a place, each granted in turn (then undone): an enterprise's
        # second 择优1个 workshop is no rival for a place once its first is granted.
        point = round_.savepoint()
        claimants = []
        rivals: dict[str, set[str]] = {}
        codes = {s.candidate.application_id: s.candidate.credit_code for s in tied}
        for s in tied:
            fen, _, related, refusal = round_.payable(s)
            # Another enterprise of the same tie took this one's invoice, contract or cap first: only
            # the order of the tie decided it, and the text gives no key for that order.
            taken_by = {r for r in related if r in codes and codes[r] != s.candidate.credit_code}
            if taken_by:
                rivals[s.candidate.application_id] = taken_by
            if refusal is None:
                claimants.append(s)
                round_.grant(s, fen)
        round_.restore(point)
        contested_claims: set[str] = set()
        if tie_break is TieBreak.UNRESOLVED:
            for member, takers in rivals.items():
                contested_claims |= {member, *takers}
        wanted = len({s.candidate.credit_code if self.rules.quota_unit is Unit.ENTERPRISE else s.candidate.application_id
                      for s in claimants if self.needs_place(s)})
        left = 0 if self.closed else self.left
        if self.all_first and start == 0 and tied[0].candidate.certified_on is not None and left is not None and wanted > left:
            self.left = left = wanted  # all 「最先」: the earliest day's projects are all funded
        contested = left is not None and 0 < left < wanted
        contested_ids = sorted(contested_claims)
        for s in tied:
            s.claims = ()
            others, count = _first_others(ids, s.candidate.application_id)
            if s.candidate.application_id in contested_claims:
                rivals_of, rival_count = _first_others(contested_ids, s.candidate.application_id)
                s.outcome = Outcome.TIE_UNRESOLVED
                s.related = rivals_of
                s.citation = None
                s.message = (
                    f"与 {_names(rivals_of, rival_count)} 并列第{s.rank}名，且申报同一发票、合同或同一企业上限，"
                    "文本未给出先后，并列未决，需评审决定"
                )
                continue
            fen, round_note, related, refusal = round_.payable(s)  # after the tied members granted before it
            if refusal is not None:
                self.refuse(s, refusal, related)
                continue
            note = ""
            if contested and tie_break is TieBreak.UNRESOLVED and self.needs_place(s):
                s.outcome = Outcome.TIE_UNRESOLVED
                s.related = others
                s.citation = self.rules.quota.citation if self.rules.quota is not None else None
                s.message = (
                    f"与 {_names(others, count)} 并列第{s.rank}名，{self.name}限额{self.quota}{self.unit}尚余"
                    f"{left}{self.unit}，并列未决，需评审决定"
                )
                continue
            has_place = not self.needs_place(s) or self.left is None or (not self.closed and self.left > 0)
            if contested:
                s.related = others
                order = "在先" if has_place else "在后"
                note = f"（与 {_names(others, count)} 并列，按{_TIE_WORDS[tie_break]}{order}）"
            if not has_place:
                s.outcome = Outcome.QUOTA_EXCEEDED
                s.citation = self.rules.quota.citation if self.rules.quota is not None else None
                s.message = f"第{s.rank}名{note}，{self.name}限额{self.quota}{self.unit}，未获支持"
                continue
            if self.needs_place(s) and self.left is not None:
                self.left -= 1
            self.holders.add(s.candidate.credit_code)
            round_.grant(s, fen)
            s.funded = fen
            s.outcome = Outcome.FUNDED
            s.related = tuple(dict.fromkeys((*s.related, *related)))
            s.citation = self.rules.ranking_citation or (self.rules.quota.citation if self.rules.quota else None)
            places = f"限额{self.quota}{self.unit}" if self.quota is not None else "不限名额"
            pays = getattr(self.rules, "pays", True)
            support = (
                f"{s.candidate.provisional}阶段入选（预计奖补 {Money(fen).format()}，待后续阶段核定）"
                if s.candidate.provisional is not None
                else f"支持 {Money(fen).format()}" if pays else "符合要求（本文件不设奖补金额）"
            )
            s.message = f"{self.name}第{s.rank}名（{places}）{note}，{support}{round_note}"
        if contested and tie_break is TieBreak.UNRESOLVED:
            self.closed = True

    @staticmethod
    def refuse(s: _State, message: str, related: tuple[str, ...]) -> None:
        s.outcome = Outcome.HISTORY_LIMIT
        s.related = related
        s.citation = None
        s.message = f"第{s.rank}名，{message}"


_TIE_WORDS: Final = {
    TieBreak.SUBMISSION_TIME: "线上提交时间",
    TieBreak.CREDIT_CODE: "统一社会信用代码",
    TieBreak.UNRESOLVED: "并列",
}


def _apply_budget(states: list[_State], budget: Budget, policy: AllocationPolicy) -> None:
    members = [s for s in states if s.outcome is Outcome.FUNDED and s.funded > 0 and budget.covers(s.rules)]
    members.sort(key=lambda s: (s.rank or 0, s.order, s.candidate.application_id))
    envelope = budget.amount.fen
    scope = "总预算" if budget.scope == "all" else f"{budget.scope}预算"
    shown = budget.amount.format()
    if policy.budget_mode is BudgetMode.RANK_FILL:
        remaining = envelope
        exhausted = False
        for s in members:
            if not exhausted and s.funded <= remaining:
                remaining -= s.funded
                continue
            if not exhausted and policy.partial_last and remaining > 0:
                s.message += f"；{scope} {shown} 仅余 {Money(remaining).format()}，部分支持"
                s.funded = remaining
                remaining = 0
                exhausted = True
                continue
            exhausted = True
            s.outcome = Outcome.BUDGET_EXHAUSTED
            s.message = f"第{s.rank}名，{scope} {shown} 按名次分配已用尽，未获支持"
            s.citation = None
            s.funded = 0
        return
    demand = sum(s.funded for s in members)
    if demand <= envelope:
        return
    shares = _largest_remainder([s.funded for s in members], envelope)
    factor = Ratio(Fraction(envelope, demand))
    for s, share in zip(members, shares, strict=True):
        if share == 0:
            s.outcome = Outcome.BUDGET_EXHAUSTED
            s.message = f"{scope} {shown} 不足，按比例 {factor.percent()} 核减为 0"
            s.citation = None
        else:
            s.message += f"；{scope} {shown} 不足，按比例 {factor.percent()} 核减为 {Money(share).format()}"
        s.funded = share


def _largest_remainder(amounts: Sequence[int], total: int) -> list[int]:
    """Split ``total`` in proportion to ``amounts`` (sum > total > 0) so the parts add up exactly.

    Each part is the floor of its exact share; the 分 left over go to the largest remainders, ties
    to the earlier position (the caller orders by rank).
    """
    demand = sum(amounts)
    floors = []
    remainders = []
    for index, amount in enumerate(amounts):
        whole, remainder = divmod(amount * total, demand)
        floors.append(whole)
        remainders.append((-remainder, index))
    left = total - sum(floors)
    for _, index in sorted(remainders)[:left]:
        floors[index] += 1
    return floors


def _totals(states: list[_State], table: Mapping[str, AnyRules]) -> tuple[DirectionTotal, ...]:
    grouped: dict[str, list[_State]] = defaultdict(list)
    for s in states:
        grouped[s.rules.ref].append(s)
    totals = []
    for ref, rules in table.items():
        group = grouped.get(ref)
        if not group:
            continue
        totals.append(
            DirectionTotal(
                programme=rules.programme,
                direction=rules.key,
                name=short_name(rules),
                quota=rules.quota.value if rules.quota is not None else None,
                applicants=len(group),
                eligible=sum(1 for s in group if s.candidate.eligible),
                funded_count=sum(1 for s in group if s.outcome is Outcome.FUNDED and s.funded > 0),
                funded_total=Money(sum(s.funded for s in group)),
            )
        )
    return tuple(totals)
