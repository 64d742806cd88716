"""What can an enterprise apply for? The screener runs an enterprise's profile through every
direction and item of every registered document.

An enterprise (or a 惠企 service centre helping it) describes itself once — registration,
certifications, clusters, the project with its planned or actual investment, invoices if it has
them, the facts it knows — in a `Profile`. `screen` builds, for every registered
direction, the application that profile makes, assesses it as of a day with the same engine as
[`assess`][subsidycalc.registry.assess], and answers for each direction:

* ``eligible`` now; ``short`` (only a minimum investment not reached); ``missing`` (only inputs
  not yet given stand in the way: a fact, the invoices, a document); or ``not_eligible`` (a
  condition of the text fails), with the failed checks;
* the **gaps in numbers** where there are some: 「距方向一项目总投资额下限（300万元）还差42.5万元」,
  a listed provider needed, a deadline passed;
* the **estimated award range**: from what the declared figures give to the ceiling the text
  allows for the project (its planned investment, the cap);
* for rules with stages (入库 → 认定 …), the checks left to later stages;
* per document, the directions that exclude each other, and which combination pays most.

The answer of an ``eligible`` direction carries the application it was built from: assessed
again, it is eligible with an award inside the stated range (a property test).

```pycon
>>> from datetime import date
>>> found = screen(example_profiles()[0], as_of=date(2024, 3, 1))
>>> found.enterprise, len(found.answers) > 20
('珠海斗门智造示例科技有限公司', True)

```
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from . import catalog
from .citations import Cited
from .exclusion import CountLimit, Exclusion
from .findings import Code, Finding, Severity
from .ledger import Ledger
from .models import (
    Application,
    Contract,
    DocumentKind,
    EcosystemMember,
    Enterprise,
    Facts,
    Invoice,
    JointPartner,
    PriorFunding,
    Project,
    SortedSet,
    Submission,
)
from .money import ZERO, Money, apply_rate
from .parts.payout import TopUp
from .periods import BEIJING
from .registry import directions, document, exclusions_of, programmes
from .result import Assessment, JsonOutput
from .rules import Rule
from .stages import LifeStage

__all__ = [
    "ELIGIBLE", "MISSING", "NOT_ELIGIBLE", "SHORT", "Answer", "Combination", "Profile", "Screening", "example_profiles",
    "profiles_from", "screen",
]

ELIGIBLE: Final = "eligible"
SHORT: Final = "short"
MISSING: Final = "missing"
NOT_ELIGIBLE: Final = "not_eligible"
_STATUS_LABELS: Final = {ELIGIBLE: "现可申报", SHORT: "差额可补足", MISSING: "尚缺信息", NOT_ELIGIBLE: "不符合"}

_MISSING_CODES: Final = frozenset({
    Code.FACT_MISSING, Code.INDUSTRY_NOT_DECLARED, Code.YEAR_NOT_DECLARED, Code.LEDGER_REQUIRED,
    Code.MISSING_DOCUMENT, Code.FILING_NOT_DECLARED,
})
"""Failures that only say an input is not given yet (besides every condition's ``*_NOT_DECLARED``)."""
_UNCHECKED_AT_SCREENING: Final = frozenset({Code.DOCUMENTS_NOT_CHECKED, Code.SUBMISSION_TIME_MISSING})
"""Warnings that say only what a screening cannot have yet (the 申报材料, the paper submission)."""


class Profile(BaseModel):
    """An enterprise and its project as the screener sees them: every field of an application but
    the programme and the direction, which the screener fills in for each direction in turn."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(min_length=1, max_length=200)] = "screen"
    enterprise: Enterprise
    project: Project
    invoices: tuple[Invoice, ...] = ()
    contracts: tuple[Contract, ...] = ()
    partners: tuple[JointPartner, ...] = ()
    ecosystem: tuple[EcosystemMember, ...] = ()
    prior_funding: tuple[PriorFunding, ...] = ()
    facts: Facts = Facts()
    """Every fact the enterprise knows, of any document: each application gets its own document's."""
    documents: SortedSet[DocumentKind] | None = None
    submission: Submission | None = None
    """When it submits; ``None``: on the screening day (09:00 Beijing time)."""
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """What one direction says to the profile."""

    programme: str
    direction: str
    name: str
    status: str
    """``eligible`` now; ``short``: only a minimum investment not reached (the gap says by how much);
    ``missing``: only inputs not given yet; ``not_eligible``: a condition of the text fails."""
    award_low: Money
    award_high: Money
    """The estimated award range: what the declared figures give (zero for a 「最高」 lump sum not
    yet decided), to the ceiling the text allows for the project."""
    gaps: tuple[str, ...]
    """What stands in the way, in numbers where there are some."""
    missing: tuple[str, ...]
    """Inputs not given that the direction needs (field paths)."""
    failed: tuple[str, ...]
    """The codes of the failed checks."""
    later: tuple[str, ...]
    """Checks the text makes at later stages (入库、认定、评估), for rules with stages."""
    application: Application | None = None
    """The application the answer was assessed on (not serialised)."""
    assessment: Assessment | None = None

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class Combination:
    """The directions of one document an enterprise may hold together that pay most."""

    programme: str
    directions: tuple[str, ...]
    award_high: Money
    excluded: tuple[tuple[str, str, str], ...]
    """``(direction, direction, rule)``: pairs among the candidates the document forbids together."""


@dataclass(frozen=True, slots=True)
class Screening(JsonOutput):
    """Every direction's answer to one profile, and the best combination per document."""

    enterprise: str
    credit_code: str
    as_of: date
    answers: tuple[Answer, ...]
    combinations: tuple[Combination, ...]
    assumptions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        found = {
            "enterprise": self.enterprise, "credit_code": self.credit_code, "as_of": self.as_of.isoformat(),
            "assumptions": list(self.assumptions),
            "answers": [
                {
                    "programme": a.programme, "direction": a.direction, "name": a.name, "status": a.status,
                    "award_low": str(a.award_low.to_yuan()), "award_high": str(a.award_high.to_yuan()),
                    "gaps": list(a.gaps), "missing": list(a.missing), "failed": list(a.failed), "later": list(a.later),
                }
                for a in self.answers
            ],
            "combinations": [
                {
                    "programme": c.programme, "directions": list(c.directions), "award_high": str(c.award_high.to_yuan()),
                    "excluded": [list(e) for e in c.excluded],
                }
                for c in self.combinations
            ],
        }
        return found

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def of(self, status: str) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.status == status)

    def text(self, *, everything: bool = False) -> str:
        """The answers in Chinese: those eligible now and those missing inputs (``everything``: all).
        Directions of one document with the same answer are listed once."""
        lines = [f"{self.enterprise}（{self.credit_code}）可申报事项筛查（截至{self.as_of.isoformat()}）"]
        lines += [f"  假定：{a}" for a in self.assumptions]
        for status in (ELIGIBLE, SHORT, MISSING, *((NOT_ELIGIBLE,) if everything else ())):
            answers = self.of(status)
            lines.append(f"{_STATUS_LABELS[status]}（{len(answers)}）：")
            groups: dict[tuple[str, tuple[str, ...], Money, Money], list[Answer]] = {}
            for a in answers:
                groups.setdefault((a.programme, a.gaps, a.award_low, a.award_high), []).append(a)
            for (programme, gaps, low, high), members in groups.items():
                amount = high.format_wan() if low == high else f"{low.format_wan()}–{high.format_wan()}"
                names = members[0].name if len(members) == 1 else f"{len(members)} 项（{members[0].direction} … {members[-1].direction}）"
                lines.append(f"  · {document(programme).short} {names}：预计 {amount}")
                lines += [f"      - {g}" for g in gaps]
                later = members[0].later
                if later:
                    lines.append(f"      - 另有 {len(later)} 项待后续阶段（入库、认定、评估）核对")
        if not everything and self.of(NOT_ELIGIBLE):
            lines.append(f"不符合（{len(self.of(NOT_ELIGIBLE))}）：略（--all 列出）")
        for c in self.combinations:
            if c.excluded:
                pairs = "；".join(f"{a}与{b}（{rule}）" for a, b, rule in c.excluded[:5])
                more = f"等 {len(c.excluded)} 对" if len(c.excluded) > 5 else ""
                lines.append(f"{document(c.programme).short}：不可同时申报 {pairs}{more}")
            lines.append(
                f"{document(c.programme).short}：可同时申报、收益最高的组合 {'、'.join(c.directions)}，最高约 {c.award_high.format_wan()}"
            )
        return "\n".join(lines)


def screen(
    profile: Profile,
    *,
    as_of: date,
    ledger: Ledger | None = None,
    only: Iterable[str] | None = None,
) -> Screening:
    """Every registered direction's answer to ``profile`` as of ``as_of`` (the submission day where
    the profile gives none). ``ledger``: the enterprise's earlier awards (``Ledger.empty()``: there
    are none); ``None``: not given — a direction whose rules read history is then ``missing`` the
    ledger, as ``assess`` says. ``only``: programmes to screen (default: all)."""
    assumptions = []
    if ledger is None:
        assumptions.append("未提供奖补台账：读取历史奖补的方向列为尚缺信息（无历史奖补请传入空台账）")
    if profile.submission is None:
        assumptions.append(f"于{as_of.isoformat()}在线提交")
    answers: list[Answer] = []
    combinations: list[Combination] = []
    for programme in only or programmes():
        found = [_answer(profile, rules, as_of, ledger) for rules in directions(programme).values()]
        answers += found
        combination = _best(programme, [a for a in found if a.status == ELIGIBLE])
        if combination is not None:
            combinations.append(combination)
    enterprise = profile.enterprise
    return Screening(enterprise.name, enterprise.credit_code, as_of, tuple(answers), tuple(combinations), tuple(assumptions))


def _application(profile: Profile, rules: Rule, as_of: date) -> Application:
    programme = rules.programme
    known = catalog.fact_names(programme)
    facts = profile.facts.model_dump(include=set(known & profile.facts.model_fields_set), exclude_none=True)
    data: dict[str, Any] = profile.model_dump(exclude={"facts", "submission", "id"}, exclude_none=True)
    submission = profile.submission or Submission(online_at=datetime.combine(as_of, time(9), tzinfo=BEIJING))
    data.update(
        id=f"{profile.id}:{programme}/{rules.key}", programme=programme, direction=rules.key, facts=facts,
        submission=submission.model_dump(exclude_none=True),
    )
    return Application.model_validate(data)


def _answer(profile: Profile, rules: Rule, as_of: date, ledger: Ledger | None) -> Answer:
    application = _application(profile, rules, as_of)
    stage = LifeStage.APPLICATION if rules.life else None
    result = rules.assess(application, ledger, stage)
    failures = result.failures
    missing = [f for f in failures if _is_missing(f)]
    invoice_gap = rules.invoice_based and not profile.invoices
    hard = [f for f in failures if not _is_missing(f) and not (invoice_gap and f.code == Code.BELOW_MIN_INVESTMENT)]
    short = [f for f in hard if f.code == Code.BELOW_MIN_INVESTMENT]
    status = (
        ELIGIBLE if result.eligible
        else MISSING if not hard
        else SHORT if len(short) == len(hard)
        else NOT_ELIGIBLE
    )
    low, high = _range(rules, result, profile)
    gaps = [_gap(f, rules, result, profile) for f in failures]
    planned, minimum = profile.project.planned_investment, rules.minimum
    if planned is not None and minimum is not None and planned < minimum.value and not any(
        f.code == Code.BELOW_MIN_INVESTMENT for f in failures
    ):
        gaps.append(
            f"计划投资 {planned.format_wan()} 低于{minimum.label}（{minimum.value.format_wan()}），"
            f"还差{(minimum.value - planned).format_wan()}（{minimum.citation}）"
        )
    if invoice_gap:
        gaps.insert(0, "需提供项目投入的发票（不含税，在投入期限内、属可计入的费用类别）")
    gaps += [
        f"需核实：{f.message}" for f in result.findings
        if f.severity is Severity.WARN and f.code not in _UNCHECKED_AT_SCREENING
    ]
    return Answer(
        programme=rules.programme,
        direction=rules.key,
        name=f"{rules.topic} {rules.name}",
        status=status,
        award_low=low if status == ELIGIBLE else ZERO,
        award_high=high,
        gaps=tuple(dict.fromkeys(gaps)),
        missing=tuple(dict.fromkeys(f.subject or f.code for f in missing)) + (("invoices",) if invoice_gap else ()),
        failed=tuple(dict.fromkeys(str(f.code) for f in failures)),
        later=tuple(dict.fromkeys(f.message for f in result.pending)),
        application=application,
        assessment=result,
    )


def _is_missing(finding: Finding) -> bool:
    return finding.code in _MISSING_CODES or str(finding.code).endswith("_NOT_DECLARED")


def _range(rules: Rule, result: Assessment, profile: Profile) -> tuple[Money, Money]:
    """From what the declared figures give to what the project could reach under the caps."""
    low = ZERO if rules.base.kind == "lump_sum" else result.award if result.eligible else result.award_if_eligible
    high = max(result.award, result.award_if_eligible)
    planned = profile.project.planned_investment
    rate = rules.payout.rate
    minimum = rules.minimum.value if rules.minimum is not None else None
    # the planned investment stands for the base only where the base is the project's investment
    invested = planned if rules.invoice_based or rules.base.measure == "project.actual_investment" else None
    if invested is None and rules.invoice_based:
        invested = result.eligible_spend
    if invested is not None and minimum is not None:
        invested = max(invested, minimum)  # short of the minimum: what it pays once the minimum is reached
    if invested is not None and rate is not None and rules.base.kind in ("invoices", "declared"):
        high = max(high, apply_rate(invested, rate.value))
    caps = [c.value for c in _caps(rules)]
    if result.pending and caps and high == ZERO:
        high = min(caps)  # a staged award not yet computable: the text's ceiling
    if caps:
        high = min(high, min(caps))
    return min(low, high), high


def _caps(rules: Rule) -> list[Cited[Money]]:
    """Every cap on one award: the direction's, and each per-enterprise or per-project one."""
    found = [rules.payout.cap] if rules.payout.cap is not None else []
    for rule in rules.payout.ledger_rules:
        cap = getattr(rule, "cap", None)
        if isinstance(cap, Cited) and isinstance(cap.value, Money):
            found.append(cap)
    return found


def _gap(finding: Finding, rules: Rule, result: Assessment, profile: Profile) -> str:
    """A failed check as the enterprise should read it, in numbers where there are some."""
    if finding.code == Code.BELOW_MIN_INVESTMENT and rules.minimum is not None:
        minimum = rules.minimum.value
        counted = result.eligible_spend if rules.invoice_based else _declared(profile, rules.minimum_measure)
        planned = profile.project.planned_investment
        base = f"距{rules.name}{rules.minimum.label}（{minimum.format_wan()}）还差{(minimum - counted).format_wan()}"
        if planned is None or planned == counted:
            return base
        if planned < minimum:
            return f"{base}；按计划投资 {planned.format_wan()} 仍差 {(minimum - planned).format_wan()}"
        return f"{base}；计划投资 {planned.format_wan()} 可达门槛"
    if finding.code == Code.NO_LISTED_PROVIDER:
        return f"需由所列服务商（集群牵头单位或生态伙伴）提供产品或服务：{finding.message}"
    if finding.actual is not None and finding.expected is not None:
        return f"{finding.message}（现为 {finding.actual}，须 {finding.expected}）"
    return finding.message


def _declared(profile: Profile, measure: str) -> Money:
    name = measure.removeprefix("project.")
    value = getattr(profile.project, name, None)
    return value if isinstance(value, Money) else ZERO


def _best(programme: str, candidates: Sequence[Answer]) -> Combination | None:
    """The combination of eligible directions the document allows together that pays most (by the
    upper end of each range), and the pairs it forbids."""
    if not candidates:
        return None
    rules = exclusions_of(programme)
    exclusions = [r for r in rules if isinstance(r, Exclusion)]
    limits = [r for r in rules if isinstance(r, CountLimit) and r.per == "enterprise"]
    keys = [a.direction for a in candidates]
    forbidden = {
        (a, b): next((r.label for r in exclusions if r.forbids(a, b)), None)
        for i, a in enumerate(keys) for b in keys[i + 1:]
    }
    excluded = tuple((a, b, rule) for (a, b), rule in forbidden.items() if rule is not None)
    order = sorted(candidates, key=lambda a: -a.award_high.fen)
    high = {a.direction: a.award_high.fen for a in candidates}
    top_ups = {
        key: rule.items for key in keys
        for rule in directions(programme)[key].payout.ledger_rules if isinstance(rule, TopUp)
    }

    def value(chosen: list[str]) -> int:
        """The chosen directions' ceilings, a top-up paying only its difference over the items it tops up."""
        total = 0
        for key in chosen:
            before = sum(high[k] for k in chosen if k in top_ups.get(key, ()))
            total += max(high[key] - before, 0) if key in top_ups else high[key]
        return total

    best: tuple[int, tuple[str, ...]] = (-1, ())

    def fits(chosen: list[str], key: str) -> bool:
        if any(forbidden.get((c, key)) or forbidden.get((key, c)) for c in chosen):
            return False
        return all(sum(1 for c in (*chosen, key) if c in limit.directions) <= limit.max_count for limit in limits)

    def search(index: int, chosen: list[str]) -> None:
        nonlocal best
        total = value(chosen)
        if total > best[0] or (total == best[0] and len(chosen) < len(best[1])):
            best = (total, tuple(chosen))
        if index == len(order) or total + sum(a.award_high.fen for a in order[index:]) < best[0]:
            return  # a top-up only lowers a sum, so the plain sum bounds what is left
        answer = order[index]
        if fits(chosen, answer.direction):
            search(index + 1, [*chosen, answer.direction])
        search(index + 1, chosen)

    search(0, [])
    chosen = tuple(k for k in keys if k in best[1])
    return Combination(programme, chosen, Money(max(best[0], 0)), excluded)


_PROFILES: Final = TypeAdapter(list[Profile])


def example_profiles() -> tuple[Profile, ...]:
    """The bundled example enterprises (``data/example_enterprises.json``, fictional)."""
    text = resources.files("subsidycalc.data").joinpath("example_enterprises.json").read_text(encoding="utf-8")
    return tuple(_PROFILES.validate_json(text))


def profiles_from(data: object) -> tuple[Profile, ...]:
    """Profiles from parsed JSON: one profile or a list of them."""
    items = data if isinstance(data, list) else [data]
    return tuple(_PROFILES.validate_python(items))
