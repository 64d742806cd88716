"""Payout: from the base to the award — rate (by region, upgraded), cap (upgraded), decided amounts
and lump sums, a budget reserve, the ledger rules across an enterprise's awards, and stages with
claw-back.

``award = min(cap, rate × base)``, rounded once half-up to the 分; then a decided amount below that
where the rule pays so, the ledger rules in order, and the tranches, which add up exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Final, Literal

from pydantic import Field

from .._values import fast_init
from ..citations import Citation, Cited
from ..findings import Code, Finding, Severity
from ..ledger import Ledger
from ..models import Application
from ..money import ZERO, Money, Ratio, apply_rate
from ..result import StagePayment
from . import (
    Add,
    Context,
    Measure,
    Row,
    RuleData,
    application_year,
    cited_row,
    missing,
    normalise_name,
    show_value,
)
from .conditions import MEASURES

__all__ = [
    "HISTORY_CODES",
    "CapUpgrade",
    "EnterpriseCap",
    "LedgerRule",
    "OncePerEnterprise",
    "Paid",
    "Payout",
    "ProjectCap",
    "RateClasses",
    "RateUpgrade",
    "StackingCap",
    "Stage",
    "TopUp",
    "YearsLimit",
    "cap_finding",
    "rate_finding",
]

_PASS, _FAIL, _WARN, _INFO = Severity.PASS, Severity.FAIL, Severity.WARN, Severity.INFO


class Stage(RuleData):
    """One tranche of a staged award: ``share`` of the award, payable once ``gate`` (a yes/no fact)
    is yes. The last stage takes what the earlier ones leave, so the stages add up exactly."""

    label: str
    share: Cited[Ratio]
    gate: str
    """A boolean fact measure, e.g. ``facts.pilot_certified``."""
    clawback_gate: str | None = None
    """A boolean fact whose ``False`` recovers this tranche after payment (全额追回)."""
    clawback_citation: Citation | None = None


class RateClasses(RuleData):
    """A rate that depends on where the project is: a city → class table and a rate per class."""

    cities: Cited[dict[str, str]]
    """City → class key, e.g. ``{"珠海市": "pearl_river_delta"}``; its label says where the table comes from."""
    rates: dict[str, Cited[Ratio]]
    """Class key → rate."""
    location: str = "project.start_region"
    """Which location decides: the project's 试点起步区域."""


class RateUpgrade(RuleData):
    """A higher rate where a yes/no fact holds (e.g. a 标杆平台's service: 100% instead of 50%)."""

    flag: str
    rate: Cited[Ratio]


class CapUpgrade(RuleData):
    """A higher cap where a yes/no fact holds (e.g. a 标杆平台: 1500万 instead of 500万)."""

    flag: str
    cap: Cited[Money]


class EnterpriseCap(RuleData):
    """At most ``cap`` for one enterprise over the ledger's awards under ``items`` (this one included),
    per year where ``per_year``; the award is cut to what remains."""

    kind: Literal["enterprise_cap"] = "enterprise_cap"
    items: frozenset[str]
    cap: Cited[Money]
    per_year: bool = False
    upgrade: CapUpgrade | None = None

    @property
    def clause(self) -> Citation:
        return self.cap.citation


class YearsLimit(RuleData):
    """An enterprise may be awarded under ``items`` in at most ``years`` distinct years."""

    kind: Literal["years"] = "years"
    items: frozenset[str]
    years: Cited[int]

    @property
    def clause(self) -> Citation:
        return self.years.citation


class StackingCap(RuleData):
    """Every award recorded for the project (any programme, level or recipient) plus this one must
    not exceed the project's investment (``investment_measure``)."""

    kind: Literal["stacking"] = "stacking"
    investment_measure: str = "project.actual_investment"
    citation: Citation
    when_served: frozenset[str] | None = None
    """Items of the rule's programme whose awards mark a project as served (中山附则（一）: 「平台服务的企业项目」):
    where set, the cap holds only where the ledger records an award under one of them for this project
    (an enterprise's own award on a project a platform was awarded for); ``None``: always."""
    funded_by: frozenset[str] | None = None
    """Items of the rule's own programme whose awards count as funding of *this* project, where the
    investment measure is a part of the project (中山（六）: the service contract, funded by vouchers
    and the platform's award for it — not by the enterprise's other awards under the same measures,
    which are bounded by the whole project's investment); awards of other programmes (any level)
    always count. ``None``: every award recorded for the project."""

    @property
    def clause(self) -> Citation:
        return self.citation


class OncePerEnterprise(RuleData):
    """An enterprise already awarded under ``items`` may not be awarded again (within the policy)."""

    kind: Literal["once"] = "once"
    items: frozenset[str]
    citation: Citation

    @property
    def clause(self) -> Citation:
        return self.citation


class TopUp(RuleData):
    """Pay only the difference over what the enterprise already received under ``items``
    (「按累计奖补的差额进行奖励」)."""

    kind: Literal["top_up"] = "top_up"
    items: frozenset[str]
    citation: Citation

    @property
    def clause(self) -> Citation:
        return self.citation


class ProjectCap(RuleData):
    """At most ``cap`` in all for one project under this programme: its earlier awards in the ledger
    plus this one (「省财政对每个试点产业集群扶持总额累计不超过2000万元」)."""

    kind: Literal["project_cap"] = "project_cap"
    cap: Cited[Money]

    @property
    def clause(self) -> Citation:
        return self.cap.citation


LedgerRule = Annotated[
    EnterpriseCap | OncePerEnterprise | TopUp | YearsLimit | StackingCap | ProjectCap, Field(discriminator="kind")
]


def rate_finding(rate: Cited[Ratio], base: Money, result: Money, subject: str) -> Finding:
    """``RATE_APPLIED``: base × rate = result, rounded once."""
    shown = result.format()
    return Finding.of(
        Code.RATE_APPLIED, _INFO, "rate.applied", rate.citation, subject, actual=shown,
        label=rate.label, base=base.format(), rate=rate.value.percent(), result=shown,
    )


def cap_finding(cap: Cited[Money], before_cap: Money) -> Finding:
    """``CAP_APPLIED``: the amount before the cap, and the cap paid instead."""
    before, ceiling = before_cap.format(), cap.value.format()
    return Finding.of(
        Code.CAP_APPLIED, _INFO, "cap.applied", cap.citation, "award", actual=before, expected=f"<= {ceiling}",
        label=cap.label, before=before, cap=ceiling,
    )


_FULL: Final = Ratio(1)


def _cap(rules: Payout, measures: dict[str, Measure], add: Add) -> Cited[Money] | None:
    """The cap, raised where the rule's flag holds."""
    upgrade = rules.cap_upgrade
    if upgrade is not None and measures[upgrade.flag] is True:
        add(
            Finding.of(
                Code.CAP_UPGRADED, _INFO, "cap.upgraded", upgrade.cap.citation, upgrade.flag, actual="是",
                flag=MEASURES[upgrade.flag], cap=upgrade.cap.value.format(),
            )
        )
        return upgrade.cap
    return rules.cap


def _lump_sum(cap: Cited[Money] | None, measures: dict[str, Measure], add: Add) -> tuple[Money, Cited[Ratio]]:
    """A lump sum: the decided amount where given, else the ceiling the text allows."""
    assert cap is not None  # ProjectRules refuses a lump sum without a cap
    decided = measures["decided_amount"]
    base = decided if isinstance(decided, Money) else cap.value
    add(
        Finding.of(
            Code.LUMP_SUM,
            _INFO,
            "lump_sum.decided" if isinstance(decided, Money) else "lump_sum.ceiling",
            cap.citation,
            "decided_amount",
            actual=base.format(),
            label=cap.label,
            amount=base.format(),
        )
    )
    return base, Cited[Ratio](value=_FULL, label="一次性奖励", citation=cap.citation)


def _rate(
    rules: Payout,
    rate: Cited[Ratio],
    application: Application,
    measures: dict[str, Measure],
    add: Add,
) -> Cited[Ratio]:
    """The rate: by the project's region where the rule has classes; raised where a flag holds."""
    upgrade = rules.rate_upgrade
    if upgrade is not None and measures[upgrade.flag] is True:
        add(
            Finding.of(
                Code.RATE_UPGRADED, _INFO, "rate.upgraded", upgrade.rate.citation, upgrade.flag, actual="是",
                flag=MEASURES[upgrade.flag], rate=upgrade.rate.value.percent(),
            )
        )
        return upgrade.rate
    classes = rules.rate_classes
    if classes is None:
        return rate
    region = application.project.start_region
    if region is None:
        add(missing("试点起步区域", classes.location, classes.cities.citation))
        return rate
    city = normalise_name(region.city)
    klass = classes.cities.value.get(city)
    if klass is None:
        add(
            Finding.of(
                Code.REGION_NOT_CLASSIFIED, _FAIL, "region.unclassified", classes.cities.citation, classes.location,
                actual=str(region), expected="a city of the table", region=region, table=classes.cities.label,
            )
        )
        return rate
    rate = classes.rates[klass]
    add(
        Finding.of(
            Code.REGION_CLASS, _INFO, "region.class", rate.citation, classes.location, actual=klass,
            city=region.city, label=rate.label, rate=rate.value.percent(),
        )
    )
    return rate


def _plan(rules: Payout, measures: dict[str, Measure], add: Add) -> tuple[Stage, ...]:
    """The tranches that apply: the rule's stages, or — where the text splits only some projects
    (``split_flag``, 「属于数字化智能化备案项目」) and this one is not among them — the single payment."""
    if rules.split_flag is None or rules.single_stage is None:
        return rules.stages
    split = measures[rules.split_flag]
    if split is True:
        return rules.stages
    citation = rules.split_citation or rules.single_stage.share.citation
    if split is None:
        add(Finding.of(Code.FILING_NOT_DECLARED, _WARN, "stages.filing_unknown", citation, rules.split_flag,
                       flag=MEASURES[rules.split_flag]))
    else:
        add(Finding.of(Code.PAID_IN_ONE, _INFO, "stages.in_one", citation, rules.split_flag, flag=MEASURES[rules.split_flag]))
    return (rules.single_stage,)


def _stages(
    rules: Payout, award: Money, measures: dict[str, Measure], add: Add
) -> tuple[StagePayment, ...]:
    """Split ``award`` into the rule's tranches: each rounded half-up, the last takes the rest."""
    found: list[StagePayment] = []
    paid = ZERO
    plan = _plan(rules, measures, add)
    for index, stage in enumerate(plan):
        last = index == len(plan) - 1
        amount = award - paid if last else apply_rate(award, stage.share.value)
        paid += amount
        gate = measures[stage.gate]
        payable = None if gate is None else bool(gate)
        clawed = stage.clawback_gate is not None and measures[stage.clawback_gate] is False
        if clawed and amount > ZERO:
            payable = False
            assert stage.clawback_gate is not None
            add(
                Finding.of(
                    Code.CLAWED_BACK, _INFO, "stage.clawed_back", stage.clawback_citation or stage.share.citation,
                    stage.clawback_gate, actual="否", expected="是",
                    stage=stage.label, amount=amount.format(), gate=MEASURES[stage.clawback_gate],
                )
            )
            found.append(StagePayment(stage.label, stage.share.value, amount, payable))
            continue
        found.append(StagePayment(stage.label, stage.share.value, amount, payable))
        if payable is False and amount > ZERO:
            add(
                Finding.of(
                    Code.STAGE_FORFEITED, _INFO, "stage.forfeited", stage.share.citation, stage.gate,
                    actual="否", expected="是",
                    stage=stage.label, share=stage.share.value.percent(), amount=amount.format(), gate=MEASURES[stage.gate],
                )
            )
    return tuple(found)


def _apply_ledger(
    rules: Payout,
    programme: str,
    application: Application,
    ledger: Ledger | None,
    amount: Money,
    measures: dict[str, Measure],
    add: Add,
) -> Money:
    """Bars, top-ups and per-enterprise caps over the awards already in the ledger.

    With no ledger at all, every rule still bounds the application itself (an enterprise cap of
    1500万 cuts a single 1800万 award) and a failure says the result is not final: history that
    matters is a finding, never an assumption (``Ledger.empty()`` says "no earlier awards")."""
    if ledger is None:
        if _only_served_limits(rules):
            # the only history that bears on the award is a limit that holds only on a served project:
            # unchecked, and said so, but no bar (no award under the serving items is known)
            add(
                Finding.of(
                    Code.SERVED_PROJECT_UNCHECKED, _WARN, "ledger.served_unchecked", _ledger_citation(rules), "ledger",
                    actual="未提供台账", amount=amount.format(),
                )
            )
            return amount
        add(Finding.of(Code.LEDGER_REQUIRED, _FAIL, "ledger.missing", _ledger_citation(rules), "ledger"))
        ledger = Ledger()
    code = application.enterprise.credit_code
    mine = [e for e in ledger.entries if e.programme == programme and e.enterprise == code]
    for rule in rules.ledger_rules:
        if isinstance(rule, StackingCap):
            amount = _stacking(rule, programme, application, ledger, amount, measures, add)
            continue
        if isinstance(rule, ProjectCap):
            project = application.project.id
            used = sum(
                (e.awarded - e.clawed_back for e in ledger.entries if e.programme == programme and e.project_id == project),
                start=ZERO,
            )
            remaining = max(rule.cap.value - used, ZERO)
            if used > ZERO and amount > remaining:
                add(
                    Finding.of(
                        Code.PROJECT_CAP, _INFO, "ledger.project_cap", rule.cap.citation, "ledger",
                        actual=remaining.format(), expected=f"<= {rule.cap.value.format()}",
                        label=rule.cap.label, used=used.format(), cap=rule.cap.value.format(), remaining=remaining.format(),
                    )
                )
                amount = remaining
            continue
        earlier = [e for e in mine if e.item in rule.items]
        if isinstance(rule, YearsLimit):
            year = application_year(application)
            years = sorted({e.year for e in earlier})
            if year not in years and len(years) >= rule.years.value:
                add(
                    Finding.of(
                        Code.YEARS_EXHAUSTED, _FAIL, "ledger.years_exhausted", rule.years.citation, "ledger",
                        actual=str(len(years)), expected=f"<= {rule.years.value}",
                        years="、".join(map(str, years)), label=rule.years.label, limit=rule.years.value,
                    )
                )
            continue
        if isinstance(rule, OncePerEnterprise):
            for entry in earlier:
                add(
                    Finding.of(
                        Code.ALREADY_AWARDED, _FAIL, "ledger.once", rule.citation,
                        f"ledger[{entry.programme}/{entry.item}/{entry.year}]", actual=entry.awarded.format(),
                        year=entry.year, item=entry.item, amount=entry.awarded.format(),
                    )
                )
        elif isinstance(rule, TopUp):
            prior = sum((e.awarded - e.clawed_back for e in earlier), start=ZERO)
            if prior > ZERO:
                paid = max(amount - prior, ZERO)
                add(
                    Finding.of(
                        Code.TOP_UP, _INFO, "ledger.top_up", rule.citation, "ledger", actual=paid.format(),
                        amount=amount.format(), prior=prior.format(), paid=paid.format(),
                    )
                )
                amount = paid
        else:
            year = application_year(application)
            if rule.per_year and year is None:
                add(missing("申报年度（year 或线上提交时间）", "year", rule.cap.citation))
                continue
            counted = [e for e in earlier if not rule.per_year or e.year == year]
            used = sum((e.awarded - e.clawed_back for e in counted), start=ZERO)
            limit = rule.cap
            if rule.upgrade is not None and measures[rule.upgrade.flag] is True:
                limit = rule.upgrade.cap
            remaining = max(limit.value - used, ZERO)
            if amount > remaining:
                scope = f"{year}年" if rule.per_year else "政策期内"
                scope_en = f"in {year}" if rule.per_year else "during the policy"
                add(
                    Finding.of(
                        Code.LEDGER_CAP, _INFO, "ledger.cap", limit.citation, "ledger",
                        actual=remaining.format(), expected=f"<= {limit.value.format()}",
                        label=limit.label, scope=scope, scope_en=scope_en, used=used.format(),
                        cap=limit.value.format(), remaining=remaining.format(),
                    )
                )
                amount = remaining
    return amount


def _only_served_limits(rules: Payout) -> bool:
    """Whether every ledger rule is a stacking cap that holds only on a served project (``when_served``)."""
    return all(isinstance(r, StackingCap) and r.when_served is not None for r in rules.ledger_rules)


def _ledger_citation(rules: Payout) -> Citation | None:
    """The clause of the first ledger rule: the one that asks for the history."""
    return next((rule.clause for rule in rules.ledger_rules), None)


def _stacking(
    rule: StackingCap,
    programme: str,
    application: Application,
    ledger: Ledger,
    amount: Money,
    measures: dict[str, Measure],
    add: Add,
) -> Money:
    project = application.project.id
    served = rule.when_served
    if served is not None and not any(
        e.programme == programme and e.item in served and e.project_id == project for e in ledger.entries
    ):
        return amount  # no award under the serving items for this project: the limit does not bear on it
    investment = measures[rule.investment_measure]
    if not isinstance(investment, Money):
        add(missing(MEASURES[rule.investment_measure], rule.investment_measure, rule.citation))
        return amount
    counted = rule.funded_by
    funded = sum(
        (
            e.awarded - e.clawed_back for e in ledger.entries
            if e.project_id == project and (counted is None or e.programme != programme or e.item in counted)
        ),
        start=ZERO,
    )
    remaining = max(investment - funded, ZERO)
    if amount <= remaining:
        return amount
    add(
        Finding.of(
            Code.STACKING_CAP, _INFO, "ledger.stacking", rule.citation, "ledger",
            actual=remaining.format(), expected=f"<= {investment.format()}",
            investment=investment.format(), funded=funded.format(), remaining=remaining.format(),
        )
    )
    return remaining




def _payment_year(years: Cited[dict[int, int]] | None, application: Application, add: Add) -> int | None:
    """The year the award is paid in, where the text fixes it for the application's year."""
    if years is None:
        return None
    year = application_year(application)
    paid_in = years.value.get(year) if year is not None else None
    if paid_in is not None:
        add(
            Finding.of(
                Code.PAYMENT_YEAR, _INFO, "payment.year", years.citation, "year",
                actual=str(paid_in), year=year, paid_in=paid_in, label=years.label,
            )
        )
    return paid_in


@fast_init
@dataclass(frozen=True, slots=True)
class Paid:
    """What the payout computed for one application."""

    base: Money
    rate: Ratio
    cap: Money | None
    before_cap: Money
    if_eligible: Money
    cap_applied: bool
    award: Money
    eligible: bool
    stages: tuple[StagePayment, ...]
    payment_year: int | None = None


class Payout(RuleData):
    """From the base to the award: every money rule of a direction or item, each cited."""

    rate: Cited[Ratio] | None = None
    """``None`` for a lump sum or a document that pays nothing (the rule's base says which)."""
    cap: Cited[Money] | None = None
    decided_applies: bool = False
    """A decided amount below the computed one is paid instead (the project family's reading)."""
    reserve_rate: Cited[Ratio] | None = None
    reserve_measure: str = "project.planned_investment"
    rate_classes: RateClasses | None = None
    rate_upgrade: RateUpgrade | None = None
    cap_upgrade: CapUpgrade | None = None
    ledger_rules: tuple[LedgerRule, ...] = ()
    stages: tuple[Stage, ...] = ()
    split_flag: str | None = None
    """A yes/no measure: only where it is yes are the ``stages`` paid; otherwise ``single_stage``."""
    split_citation: Citation | None = None
    single_stage: Stage | None = None
    """The one payment for a project the split does not apply to (「或验收后一次性拨付」)."""
    payment_years: Cited[dict[int, int]] | None = None
    """申报年度 → the year its award is paid (兑现), where the text fixes it (「2025年内成功申报本政策的
    项目可于2026年进行兑现」)."""

    def pay(self, ctx: Context, *, programme: str, basis: Citation, kind: str, measure: str) -> Paid:
        """The award for the application in ``ctx``, after its gates and conditions have run.

        ``kind`` and ``measure`` are the rule's base (``invoices`` / ``declared`` on ``measure``,
        ``lump_sum``, ``none``), ``programme`` whose ledger entries the ledger rules read, ``basis``
        the item's clause (cited where the text sets no amount)."""
        rules, measures, add = self, ctx.measures, ctx.add
        if rules.reserve_rate is not None:
            planned = measures[rules.reserve_measure]
            if isinstance(planned, Money):
                reserve = apply_rate(planned, rules.reserve_rate.value)
                add(
                    Finding.of(
                        Code.BUDGET_RESERVE, _INFO, "reserve", rules.reserve_rate.citation, rules.reserve_measure,
                        actual=reserve.format(), label=rules.reserve_rate.label, planned=planned.format(),
                        rate=rules.reserve_rate.value.percent(), reserve=reserve.format(),
                    )
                )
        cited_cap = _cap(rules, measures, add)
        pays = kind != "none"
        if not pays:
            base = ZERO
            rate = Cited[Ratio](value=Ratio(0), label="不设奖补", citation=basis)
            add(Finding.of(Code.NO_AWARD, _INFO, "no_award", basis))
        elif kind == "lump_sum" or rules.rate is None:
            base, rate = _lump_sum(cited_cap, measures, add)
        else:
            base_value = measures[measure]
            if base_value is None:
                add(missing(MEASURES[measure], measure, rules.rate.citation))
            base = base_value if isinstance(base_value, Money) else ZERO
            rate = _rate(rules, rules.rate, ctx.application, measures, add)
        before_cap = apply_rate(base, rate.value)
        cap = cited_cap.value if cited_cap is not None else None
        cap_applied = cap is not None and before_cap > cap
        if_eligible = cap if cap is not None and cap_applied else before_cap
        if rules.rate is not None:
            add(rate_finding(rate, base, before_cap, measure))
        if cap_applied and cited_cap is not None:
            add(cap_finding(cited_cap, before_cap))
        decided = measures["decided_amount"]
        if (
            rules.decided_applies
            and pays
            and rules.rate is not None
            and isinstance(decided, Money)
            and decided < if_eligible
        ):
            add(
                Finding.of(
                    Code.DECIDED_AMOUNT, _INFO, "decided.lower", rules.rate.citation, "decided_amount",
                    actual=decided.format(), expected=f"<= {if_eligible.format()}",
                    decided=decided.format(), ceiling=if_eligible.format(),
                )
            )
            if_eligible = decided
        if rules.ledger_rules:
            if_eligible = _apply_ledger(rules, programme, ctx.application, ctx.ledger, if_eligible, measures, add)
        eligible = not any(f.severity is _FAIL for f in ctx.findings)
        stages = _stages(rules, if_eligible if eligible else ZERO, measures, add) if rules.stages else ()
        forfeited = sum((st.amount for st in stages if st.payable is False), start=ZERO)
        paid_in = _payment_year(rules.payment_years, ctx.application, add) if eligible else None
        return Paid(
            base=base,
            rate=rate.value,
            cap=cap,
            before_cap=before_cap,
            if_eligible=if_eligible,
            cap_applied=cap_applied,
            award=if_eligible - forfeited if eligible else ZERO,
            eligible=eligible,
            stages=stages,
            payment_year=paid_in,
        )

    def flags(self) -> tuple[str, ...]:
        """The yes/no measures the payout reads: stage gates, claw-back gates, upgrade flags."""
        stages = (*self.stages, *((self.single_stage,) if self.single_stage is not None else ()))
        flags = [stage.gate for stage in stages] + [s.clawback_gate for s in stages if s.clawback_gate]
        flags += [self.split_flag] if self.split_flag is not None else []
        flags += [u.flag for u in (self.rate_upgrade, self.cap_upgrade) if u is not None]
        flags += [r.upgrade.flag for r in self.ledger_rules if isinstance(r, EnterpriseCap) and r.upgrade is not None]
        return tuple(flags)

    def facts(self) -> frozenset[str]:
        """The facts the payout reads (its `flags`)."""
        return frozenset(f.removeprefix("facts.") for f in self.flags() if f.startswith("facts."))

    def rows(self, kind: str, measure: str) -> Iterator[Row]:
        """The payout's lines in the rule tables, on a base of ``kind`` read from ``measure``."""
        yield from cited_row(f"纳入预算比例（× {MEASURES[self.reserve_measure]}）", self.reserve_rate)
        if kind == "none":
            yield ("奖补金额", "本文件不设奖补金额", None)
        elif kind == "lump_sum" or self.rate is None:
            yield ("一次性奖励", "核定金额；未核定时报告最高额度", self.cap.citation if self.cap else None)
        elif self.rate_classes is None:
            yield from cited_row(f"奖补比例（× {MEASURES[measure]}，四舍五入到分，一次）", self.rate)
        else:
            classes = self.rate_classes
            for klass, rate in classes.rates.items():
                cities = "、".join(c for c, k in classes.cities.value.items() if k == klass)
                yield (f"奖补比例（{rate.label}：{cities}）", rate.value.percent(), rate.citation)
            yield ("地区分类依据", classes.cities.label, classes.cities.citation)
        if self.rate_upgrade is not None:
            yield from cited_row(f"较高比例（{MEASURES[self.rate_upgrade.flag]}）", self.rate_upgrade.rate)
        yield from cited_row("最高奖补", self.cap)
        if self.cap_upgrade is not None:
            yield from cited_row(f"较高最高额度（{MEASURES[self.cap_upgrade.flag]}）", self.cap_upgrade.cap)
        for rule in self.ledger_rules:
            yield from _ledger_rows(rule)
        for stage in self.stages:
            yield (f"分阶段拨付：{stage.label}（条件 {stage.gate}）", stage.share.value.percent(), stage.share.citation)
            if stage.clawback_gate is not None:
                yield (f"追回：{stage.label}（{stage.clawback_gate} 为否时）", "全额追回", stage.clawback_citation)
        if self.payment_years is not None:
            years = "；".join(f"{a}年申报→{b}年兑现" for a, b in sorted(self.payment_years.value.items()))
            yield (self.payment_years.label, years, self.payment_years.citation)
        if self.split_flag is not None and self.single_stage is not None:
            yield (f"分阶段拨付仅限{MEASURES[self.split_flag]}；否则", f"{self.single_stage.label}一次性拨付",
                   self.split_citation or self.single_stage.share.citation)

    def codes(self, kind: str) -> frozenset[str]:
        """Every reason code the payout can write, on a base of ``kind``."""
        found: set[str] = set()
        if self.rate is not None:
            found.add(Code.RATE_APPLIED)
            if kind == "declared":
                found.add(Code.FACT_MISSING)
        if kind == "none":
            found.add(Code.NO_AWARD)
        elif kind == "lump_sum" or self.rate is None:
            found.add(Code.LUMP_SUM)
        elif self.decided_applies:
            found.add(Code.DECIDED_AMOUNT)
        if self.cap is not None:
            found.add(Code.CAP_APPLIED)
        if self.reserve_rate is not None:
            found.add(Code.BUDGET_RESERVE)
        if self.payment_years is not None:
            found.add(Code.PAYMENT_YEAR)
        if self.rate_classes is not None:
            found |= {Code.REGION_CLASS, Code.REGION_NOT_CLASSIFIED, Code.FACT_MISSING}
        if self.rate_upgrade is not None:
            found.add(Code.RATE_UPGRADED)
        if self.cap_upgrade is not None:
            found.add(Code.CAP_UPGRADED)
        if self.stages:
            found |= {Code.STAGE_FORFEITED, Code.CLAWED_BACK}
        if self.split_flag is not None:
            found |= {Code.PAID_IN_ONE, Code.FILING_NOT_DECLARED}
        if self.ledger_rules:
            found.add(Code.SERVED_PROJECT_UNCHECKED if _only_served_limits(self) else Code.LEDGER_REQUIRED)
            found |= {_LEDGER_CODES[type(rule)] for rule in self.ledger_rules}
            if any(isinstance(r, StackingCap) or (isinstance(r, EnterpriseCap) and r.per_year) for r in self.ledger_rules):
                found.add(Code.FACT_MISSING)
        return frozenset(found)


_LEDGER_CODES: Final[dict[type, Code]] = {
    OncePerEnterprise: Code.ALREADY_AWARDED,
    TopUp: Code.TOP_UP,
    EnterpriseCap: Code.LEDGER_CAP,
    YearsLimit: Code.YEARS_EXHAUSTED,
    StackingCap: Code.STACKING_CAP,
    ProjectCap: Code.PROJECT_CAP,
}
HISTORY_CODES: Final = frozenset(_LEDGER_CODES.values())
"""The codes a history rule writes when earlier awards bear on an award."""


def _ledger_rows(rule: LedgerRule) -> Iterator[Row]:
    if isinstance(rule, StackingCap):
        served = "" if rule.when_served is None else f"；仅当台账有本项目{'、'.join(sorted(rule.when_served))}的奖励时"
        yield (f"各级财政资助合计不超过{MEASURES[rule.investment_measure]}（据台账{served}）", "是", rule.citation)
        return
    if isinstance(rule, ProjectCap):
        yield ("同一项目累计上限（据台账）", show_value(rule.cap.value), rule.cap.citation)
        return
    items = "、".join(sorted(rule.items))
    if isinstance(rule, EnterpriseCap):
        scope = "每年" if rule.per_year else "累计"
        yield (f"单个企业{scope}上限（{items}，据台账）", show_value(rule.cap.value), rule.cap.citation)
        if rule.upgrade is not None:
            yield (f"  {MEASURES[rule.upgrade.flag]}时", show_value(rule.upgrade.cap.value), rule.upgrade.cap.citation)
    elif isinstance(rule, YearsLimit):
        yield (f"奖励年限上限（{items}，据台账）", f"{rule.years.value}年", rule.years.citation)
    elif isinstance(rule, OncePerEnterprise):
        yield (f"单个企业仅奖励一次（{items}，据台账）", "是", rule.citation)
    else:
        yield (f"按累计奖补差额奖励（扣除{items}已获奖励，据台账）", "是", rule.citation)
