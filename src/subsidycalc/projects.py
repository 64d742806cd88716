"""The engine of the project family (:class:`~subsidycalc.rules.ProjectRules`): cluster pilots.

These items pay a rate on a declared project amount (实际总投资额) rather than on invoices: a rate
chosen by region where the text has classes, a cap, a minimum, tranches gated by later facts
(试点认定, 期满评估), lead-unit and 产业生态 conditions with look-back periods, and contracts that must
be filed on a platform. Conditions are the same declarative comparisons the invoice engine uses.
"""

from __future__ import annotations

from typing import Final

from dateutil.relativedelta import relativedelta

from ._version import __version__
from .citations import Cited
from .engine import (
    _FAIL,
    _INFO,
    _PASS,
    _WARN,
    Measure,
    _Add,
    _add_common_measures,
    _check_direction,
    _compare,
    _evaluate,
    _missing,
    _reference_day,
    cap_finding,
    minimum_rule,
    normalise_name,
    rate_finding,
    rules_digest,
)
from .findings import Code, Finding
from .ledger import Ledger
from .models import Application
from .money import ZERO, Money, Ratio, apply_rate
from .periods import Deadline, format_date_zh
from .result import Assessment, StagePayment
from .rules import (
    MEASURES,
    ContractFiling,
    OncePerEnterprise,
    ProjectRules,
    StackingCap,
    TopUp,
    YearsLimit,
)

__all__ = ["assess_project"]


def assess_project(
    rules: ProjectRules, application: Application, ledger: Ledger | None = None
) -> Assessment:
    """Assess an application under an item that pays a rate on a declared project amount.

    ``ledger`` is accepted for a uniform interface; no encoded item of this family reads it yet.
    """
    findings: list[Finding] = []
    add = findings.append
    _check_direction(rules.programme, rules.key, application, add)
    if rules.registered_province is not None:
        province = rules.registered_province
        place = application.enterprise.registration
        here = normalise_name(place.province) == province.value
        add(
            Finding(
                Code.DISTRICT_OK if here else Code.DISTRICT_MISMATCH,
                _PASS if here else _FAIL,
                f"牵头单位注册于{place}" + ("" if here else f"，须在{province.value}注册"),
                province.citation,
                "enterprise.registration.province",
                actual=place.province,
                expected=province.value,
            )
        )
    if rules.application_deadline is not None:
        _check_deadline(rules.application_deadline, application, add)
    if rules.ecosystem is not None:
        _check_ecosystem(rules, application, add)
    if rules.contract_filing is not None:
        _check_contract_filing(rules.contract_filing, application, add)
    if rules.joint_forbidden is not None:
        partners = application.partners
        add(
            Finding(
                Code.JOINT_FORBIDDEN if partners else Code.JOINT_OK,
                _FAIL if partners else _PASS,
                f"不允许联合申报，申报书列有联合单位{len(partners)}家" if partners else "单一申报主体，未联合申报",
                rules.joint_forbidden,
                "partners",
                actual=str(len(partners)),
                expected="0",
            )
        )
    measures: dict[str, Measure] = {}
    _add_common_measures(application, measures)
    if rules.minimum is not None:
        add(_compare(minimum_rule(rules.minimum_measure, rules.minimum), measures))
    memo: dict[tuple[int, object], Finding] = {}
    for index, condition in enumerate(rules.conditions):
        _evaluate(index, condition, application, measures, memo, add)
    findings.extend(Finding(Code.REVIEW_REQUIRED, _INFO, r.label, r.citation) for r in rules.reviews)

    if rules.reserve_rate is not None:
        planned = measures[rules.reserve_measure]
        if isinstance(planned, Money):
            reserve = apply_rate(planned, rules.reserve_rate.value)
            add(
                Finding(
                    Code.BUDGET_RESERVE,
                    _INFO,
                    f"{rules.reserve_rate.label}：{planned.format()} × {rules.reserve_rate.value.percent()} = "
                    f"{reserve.format()}（预算安排，非拨付）",
                    rules.reserve_rate.citation,
                    rules.reserve_measure,
                    actual=reserve.format(),
                )
            )
    cited_cap = _project_cap(rules, measures, add)
    if not rules.pays:
        base = ZERO
        rate = Cited[Ratio](value=Ratio(0), label="不设奖补", citation=rules.basis)
        add(Finding(Code.NO_AWARD, _INFO, "本文件只设条件与任务目标，不设奖补金额", rules.basis))
    elif rules.rate is None:
        base, rate = _lump_sum(cited_cap, measures, add)
    else:
        base_value = measures[rules.base_measure]
        if base_value is None:
            add(_missing(MEASURES[rules.base_measure], rules.base_measure, rules.rate.citation))
        base = base_value if isinstance(base_value, Money) else ZERO
        rate = _project_rate(rules, rules.rate, application, measures, add)
    before_cap = apply_rate(base, rate.value)
    cap = cited_cap.value if cited_cap is not None else None
    cap_applied = cap is not None and before_cap > cap
    if_eligible = cap if cap is not None and cap_applied else before_cap
    if rules.rate is not None:
        add(rate_finding(rate, base, before_cap, rules.base_measure))
    if cap_applied and cited_cap is not None:
        add(cap_finding(cited_cap, before_cap))
    decided = measures["decided_amount"]
    if rules.pays and rules.rate is not None and isinstance(decided, Money) and decided < if_eligible:
        add(
            Finding(
                Code.DECIDED_AMOUNT,
                _INFO,
                f"核定金额 {decided.format()} 低于文本允许的最高额 {if_eligible.format()}，按核定金额",
                rules.rate.citation,
                "decided_amount",
                actual=decided.format(),
                expected=f"<= {if_eligible.format()}",
            )
        )
        if_eligible = decided
    if rules.ledger_rules:
        if_eligible = _apply_ledger(rules, application, ledger, if_eligible, measures, add)
    eligible = not any(f.severity is _FAIL for f in findings)
    stages = _stages(rules, if_eligible if eligible else ZERO, measures, add)
    forfeited = sum((st.amount for st in stages if st.payable is False), start=ZERO)
    return Assessment(
        application_id=application.id,
        programme=rules.programme,
        direction=rules.key,
        direction_name=f"{rules.topic} {rules.name}",
        enterprise=application.enterprise.name,
        credit_code=application.enterprise.credit_code,
        eligible=eligible,
        eligible_spend=base,
        award_base=base,
        rate=rate.value,
        cap=cap,
        award_before_cap=before_cap,
        award_if_eligible=if_eligible,
        award=if_eligible - forfeited if eligible else ZERO,
        cap_applied=cap_applied,
        findings=tuple(findings),
        invoices=(),
        rules_digest=rules_digest(rules),
        library_version=__version__,
        stages=stages,
    )


_FULL: Final = Ratio(1)


def _project_cap(rules: ProjectRules, measures: dict[str, Measure], add: _Add) -> Cited[Money] | None:
    """The cap, raised where the rule's flag holds."""
    upgrade = rules.cap_upgrade
    if upgrade is not None and measures[upgrade.flag] is True:
        add(
            Finding(
                Code.CAP_UPGRADED,
                _INFO,
                f"{MEASURES[upgrade.flag]}：最高额度提升至 {upgrade.cap.value.format()}",
                upgrade.cap.citation,
                upgrade.flag,
                actual="是",
            )
        )
        return upgrade.cap
    return rules.cap


def _lump_sum(cap: Cited[Money] | None, measures: dict[str, Measure], add: _Add) -> tuple[Money, Cited[Ratio]]:
    """A lump sum: the decided amount where given, else the ceiling the text allows."""
    assert cap is not None  # ProjectRules refuses a lump sum without a cap
    decided = measures["decided_amount"]
    base = decided if isinstance(decided, Money) else cap.value
    add(
        Finding(
            Code.LUMP_SUM,
            _INFO,
            f"一次性奖励：核定金额 {base.format()}"
            if isinstance(decided, Money)
            else f"一次性奖励：未提供核定金额（decided_amount），按{cap.label} {base.format()} 报告",
            cap.citation,
            "decided_amount",
            actual=base.format(),
        )
    )
    return base, Cited[Ratio](value=_FULL, label="一次性奖励", citation=cap.citation)


def _project_rate(
    rules: ProjectRules,
    rate: Cited[Ratio],
    application: Application,
    measures: dict[str, Measure],
    add: _Add,
) -> Cited[Ratio]:
    """The rate: by the project's region where the rule has classes; raised where a flag holds."""
    upgrade = rules.rate_upgrade
    if upgrade is not None and measures[upgrade.flag] is True:
        add(
            Finding(
                Code.RATE_UPGRADED,
                _INFO,
                f"{MEASURES[upgrade.flag]}：适用 {upgrade.rate.value.percent()}",
                upgrade.rate.citation,
                upgrade.flag,
                actual="是",
            )
        )
        return upgrade.rate
    classes = rules.rate_classes
    if classes is None:
        return rate
    region = application.project.start_region
    if region is None:
        add(_missing("试点起步区域", classes.location, classes.cities.citation))
        return rate
    city = normalise_name(region.city)
    klass = classes.cities.value.get(city)
    if klass is None:
        add(
            Finding(
                Code.REGION_NOT_CLASSIFIED,
                _FAIL,
                f"试点起步区域 {region} 不在{classes.cities.label}内",
                classes.cities.citation,
                classes.location,
                actual=str(region),
                expected="a city of the table",
            )
        )
        return rate
    rate = classes.rates[klass]
    add(
        Finding(
            Code.REGION_CLASS,
            _INFO,
            f"试点起步区域 {region.city} 属于{rate.label}，扶持比例不超过 {rate.value.percent()}",
            rate.citation,
            classes.location,
            actual=klass,
        )
    )
    return rate


def _stages(
    rules: ProjectRules, award: Money, measures: dict[str, Measure], add: _Add
) -> tuple[StagePayment, ...]:
    """Split ``award`` into the rule's tranches: each rounded half-up, the last takes the rest."""
    found: list[StagePayment] = []
    paid = ZERO
    for index, stage in enumerate(rules.stages):
        last = index == len(rules.stages) - 1
        amount = award - paid if last else apply_rate(award, stage.share.value)
        paid += amount
        gate = measures[stage.gate]
        payable = None if gate is None else bool(gate)
        clawed = stage.clawback_gate is not None and measures[stage.clawback_gate] is False
        if clawed and amount > ZERO:
            payable = False
            assert stage.clawback_gate is not None
            add(
                Finding(
                    Code.CLAWED_BACK,
                    _INFO,
                    f"{stage.label}（{amount.format()}）全额追回：{MEASURES[stage.clawback_gate]}为否",
                    stage.clawback_citation or stage.share.citation,
                    stage.clawback_gate,
                    actual="否",
                    expected="是",
                )
            )
            found.append(StagePayment(stage.label, stage.share.value, amount, payable))
            continue
        found.append(StagePayment(stage.label, stage.share.value, amount, payable))
        if payable is False and amount > ZERO:
            add(
                Finding(
                    Code.STAGE_FORFEITED,
                    _INFO,
                    f"{stage.label}（{stage.share.value.percent()}，{amount.format()}）不予拨付："
                    f"{MEASURES[stage.gate]}为否",
                    stage.share.citation,
                    stage.gate,
                    actual="否",
                    expected="是",
                )
            )
    return tuple(found)


def _check_deadline(deadline: Cited[Deadline], application: Application, add: _Add) -> None:
    moment = application.submission.online_at
    if moment is None:
        add(
            Finding(
                Code.SUBMISSION_TIME_MISSING,
                _WARN,
                f"未提供线上提交时间，未核对{deadline.label} {deadline.value}",
                deadline.citation,
                "submission.online_at",
            )
        )
        return
    on_time = deadline.value.is_met_by(moment)
    add(
        Finding(
            Code.SUBMITTED_ON_TIME if on_time else Code.SUBMITTED_LATE,
            _PASS if on_time else _FAIL,
            f"申报于 {moment.isoformat()} {'≤' if on_time else '>'} {deadline.label} {deadline.value}",
            deadline.citation,
            "submission.online_at",
            actual=moment.isoformat(),
            expected=f"<= {deadline.value}",
        )
    )


def _application_year(application: Application) -> int | None:
    if application.year is not None:
        return application.year
    online = _reference_day(application)
    return None if online is None else online.year


def _apply_ledger(
    rules: ProjectRules,
    application: Application,
    ledger: Ledger | None,
    amount: Money,
    measures: dict[str, Measure],
    add: _Add,
) -> Money:
    """Bars, top-ups and per-enterprise caps over the awards already in the ledger."""
    if ledger is None:
        add(
            Finding(
                Code.LEDGER_CAP,
                _WARN,
                "未提供奖补台账（ledger），一次性、差额及累计上限规则未核对",
                None,
                "ledger",
            )
        )
        return amount
    code = application.enterprise.credit_code
    mine = [e for e in ledger.entries if e.programme == rules.programme and e.enterprise == code]
    for rule in rules.ledger_rules:
        if isinstance(rule, StackingCap):
            amount = _stacking(rule, application, ledger, amount, measures, add)
            continue
        earlier = [e for e in mine if e.item in rule.items]
        if isinstance(rule, YearsLimit):
            year = _application_year(application)
            years = sorted({e.year for e in earlier})
            if year not in years and len(years) >= rule.years.value:
                add(
                    Finding(
                        Code.YEARS_EXHAUSTED,
                        _FAIL,
                        f"已于{'、'.join(map(str, years))}年获奖励，{rule.years.label}{rule.years.value}年已满",
                        rule.years.citation,
                        "ledger",
                        actual=str(len(years)),
                        expected=f"<= {rule.years.value}",
                    )
                )
            continue
        if isinstance(rule, OncePerEnterprise):
            for entry in earlier:
                add(
                    Finding(
                        Code.ALREADY_AWARDED,
                        _FAIL,
                        f"该企业已于{entry.year}年获{entry.item}奖励 {entry.awarded.format()}，不再重复奖励",
                        rule.citation,
                        f"ledger[{entry.programme}/{entry.item}/{entry.year}]",
                        actual=entry.awarded.format(),
                    )
                )
        elif isinstance(rule, TopUp):
            prior = sum((e.awarded - e.clawed_back for e in earlier), start=ZERO)
            if prior > ZERO:
                paid = max(amount - prior, ZERO)
                add(
                    Finding(
                        Code.TOP_UP,
                        _INFO,
                        f"按累计奖补的差额奖励：{amount.format()} − 已获 {prior.format()} = {paid.format()}",
                        rule.citation,
                        "ledger",
                        actual=paid.format(),
                    )
                )
                amount = paid
        else:
            year = _application_year(application)
            if rule.per_year and year is None:
                add(_missing("申报年度（year 或线上提交时间）", "year", rule.cap.citation))
                continue
            counted = [e for e in earlier if not rule.per_year or e.year == year]
            used = sum((e.awarded - e.clawed_back for e in counted), start=ZERO)
            limit = rule.cap
            if rule.upgrade is not None and measures[rule.upgrade.flag] is True:
                limit = rule.upgrade.cap
            remaining = max(limit.value - used, ZERO)
            if amount > remaining:
                scope = f"{year}年" if rule.per_year else "政策期内"
                add(
                    Finding(
                        Code.LEDGER_CAP,
                        _INFO,
                        f"{limit.label}：{scope}已获 {used.format()}，上限 {limit.value.format()}，"
                        f"本次按剩余 {remaining.format()}",
                        limit.citation,
                        "ledger",
                        actual=remaining.format(),
                        expected=f"<= {limit.value.format()}",
                    )
                )
                amount = remaining
    return amount


def _stacking(
    rule: StackingCap,
    application: Application,
    ledger: Ledger,
    amount: Money,
    measures: dict[str, Measure],
    add: _Add,
) -> Money:
    investment = measures[rule.investment_measure]
    if not isinstance(investment, Money):
        add(_missing(MEASURES[rule.investment_measure], rule.investment_measure, rule.citation))
        return amount
    project = application.project.id
    funded = sum((e.awarded - e.clawed_back for e in ledger.entries if e.project_id == project), start=ZERO)
    remaining = max(investment - funded, ZERO)
    if amount <= remaining:
        return amount
    add(
        Finding(
            Code.STACKING_CAP,
            _INFO,
            f"项目投资总额 {investment.format()}，已获各级财政资助 {funded.format()}，本次按剩余 {remaining.format()}",
            rule.citation,
            "ledger",
            actual=remaining.format(),
            expected=f"<= {investment.format()}",
        )
    )
    return remaining


def _check_contract_filing(rule: ContractFiling, application: Application, add: _Add) -> None:
    since = rule.since.value
    for index, contract in enumerate(application.contracts):
        if contract.signed_on < since or contract.filed_on_platform is True:
            continue
        unknown = contract.filed_on_platform is None
        add(
            Finding(
                Code.CONTRACT_NOT_FILED,
                _WARN,
                f"合同 {contract.number}（{format_date_zh(contract.signed_on)}签订，{contract.amount_excl_tax.format()}）"
                + ("未申报是否" if unknown else "未")
                + f"在{rule.platform}备案，不纳入试点考核范围",
                rule.since.citation,
                f"contracts[{index}].filed_on_platform",
                actual="未申报" if unknown else "否",
                expected="是",
            )
        )


def _check_ecosystem(rules: ProjectRules, application: Application, add: _Add) -> None:
    """The lead and every 产业生态成员: lookback of incidents, 失信被执行人, legal personality."""
    assert rules.ecosystem is not None
    rule = rules.ecosystem
    years = rule.lookback_years.value
    on = _reference_day(application)
    start = None if on is None else on - relativedelta(years=years)
    if rule.since is not None:
        start = rule.since.value
    if on is None and rule.since is None:
        add(
            Finding(
                Code.SUBMISSION_TIME_MISSING,
                _WARN,
                f"未提供线上提交时间，近{years}年的起算日无法确定：所有重大事故记录均计入",
                rule.lookback_years.citation,
                "submission.online_at",
            )
        )
    lead = application.enterprise
    parties = [("enterprise", lead.name, lead.incidents, lead.credit, True)] + [
        (f"ecosystem[{i}]", m.name, m.incidents, m.credit, m.independent_legal_person)
        for i, m in enumerate(application.ecosystem)
    ]
    period = f"{format_date_zh(rule.since.value)}以来" if rule.since is not None else f"近{years}年"
    clean = True
    for path, name, incidents, credit, legal in parties:
        for j, incident in enumerate(incidents):
            day = incident.occurred_on
            if incident.major and (start is None or start <= day) and (on is None or day <= on):
                clean = False
                add(
                    Finding(
                        Code.MAJOR_INCIDENT,
                        _FAIL,
                        f"{name}于{format_date_zh(day)}有重大{incident.kind.label}记录（{period}）",
                        rule.lookback_years.citation,
                        f"{path}.incidents[{j}]",
                        actual=day.isoformat(),
                        expected=f"{period}无重大事故或严重违法违规",
                    )
                )
        if credit.dishonest_judgment_debtor:
            clean = False
            add(
                Finding(
                    Code.DISHONEST_DEBTOR,
                    _FAIL,
                    f"{name}属于失信被执行人",
                    rule.dishonest,
                    f"{path}.credit.dishonest_judgment_debtor",
                    actual="true",
                    expected="false",
                )
            )
        if not legal:
            clean = False
            add(
                Finding(
                    Code.NOT_LEGAL_PERSON,
                    _FAIL,
                    f"生态成员{name}不具有独立法人资格",
                    rule.dishonest,
                    f"{path}.independent_legal_person",
                    actual="false",
                    expected="true",
                )
            )
    if clean:
        add(
            Finding(
                Code.INTEGRITY_OK,
                _PASS,
                f"牵头单位及{len(application.ecosystem)}家生态成员{period}无重大事故或严重违法违规，"
                "均非失信被执行人",
                rule.lookback_years.citation,
                "ecosystem",
            )
        )
