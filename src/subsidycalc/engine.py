"""The assessment engine: interprets a direction's rule data for one application.

``assess(rules, application)`` is pure: no clock, no network, no global state. It

1. sorts the invoices into a ledger — counted toward the investment or not, in the award base or
   not — by window, category and provider list;
2. derives the money measures (eligible spend, award base, lead spend, contract total, purchase
   amount);
3. checks who may apply (district, integrity, cluster, certification, providers, joint rules, prior
   funding), every declarative condition, the deadlines and the document checklist;
4. applies the rate once (half-up to the 分), then the cap.

Every step leaves a :class:`~subsidycalc.findings.Finding` with its clause and the numbers compared.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Final

from dateutil.relativedelta import relativedelta

from ._version import __version__
from .citations import Citation, Cited
from .findings import Code, Finding, Severity
from .ledger import Ledger
from .models import Application, Category, Enterprise, Location
from .money import ZERO, Money, Ratio, apply_rate
from .periods import Deadline, format_date_zh, to_beijing
from .result import Assessment, InvoiceLine
from .rules import (
    FACT_LABELS,
    MEASURES,
    AnyOf,
    Compare,
    Condition,
    DirectionRules,
    Flag,
    Indicator,
    Op,
    ProjectRules,
    PurchaseBasis,
    ShareOf,
    Tenure,
)

__all__ = ["assess", "listed_suppliers", "measures_read", "normalise_name", "rules_digest"]

_PASS, _FAIL, _WARN, _INFO = Severity.PASS, Severity.FAIL, Severity.WARN, Severity.INFO
_PREPARED: Final[OrderedDict[int, _Prepared]] = OrderedDict()
_PROJECT_DIGESTS: Final[OrderedDict[int, tuple[ProjectRules, str]]] = OrderedDict()
_PREPARED_CACHE_SIZE: Final = 512
_MEMO_SIZE: Final = 4096

Measure = Money | Ratio | int | bool | date | None
_Add = Callable[[Finding], None]


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """Compare names the way a person does: full-width/half-width folded, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def rules_digest(rules: DirectionRules | ProjectRules) -> str:
    """A short SHA-256 of the rule data, computed once per rules object."""
    if isinstance(rules, DirectionRules):
        return _prepare(rules).digest
    hit = _PROJECT_DIGESTS.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    digest = _digest(rules)
    _PROJECT_DIGESTS[id(rules)] = (rules, digest)
    if len(_PROJECT_DIGESTS) > _PREPARED_CACHE_SIZE:
        _PROJECT_DIGESTS.popitem(last=False)
    return digest


def _digest(rules: DirectionRules | ProjectRules) -> str:
    """SHA-256 of the rule data in a canonical form: the same in every process.

    ``model_dump_json`` writes a frozenset in its iteration order, which follows the per-process
    string hash seed; the canonical form sorts every set, so a digest stored by one server can be
    compared with one computed by another.
    """
    text = json.dumps(_canonical(rules.model_dump()), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _canonical(value: object) -> object:
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if value is None or isinstance(value, (str, int)):
        return value
    return repr(value)  # Money('…'), Ratio('7/20'), datetime.date(…): exact and unambiguous


@dataclass(slots=True)
class _Prepared:
    """What does not depend on the application, computed once per rules object.

    Rules objects are frozen, so anything derived from them alone can be kept; the cache is keyed
    by identity and holds the rules, so an id is never reused while its entry lives.
    """

    rules: DirectionRules
    digest: str
    minimum: Compare
    direction_name: str
    district_ok: Finding
    integrity_ok: Finding
    no_prior_funding: Finding | None
    reviews: tuple[Finding, ...]
    outside_window: str
    excluded_reason: dict[Category, str]
    unlisted_reason: str
    not_in_base_reason: dict[Category, str]
    facts_needed: tuple[tuple[str, str], ...]
    """The facts the rule's conditions read (only these are looked up per application)."""
    deadline_steps: tuple[_DeadlineStep, ...]
    listed: dict[frozenset[str], frozenset[str] | None] = field(default_factory=dict)
    memo: dict[tuple[int, object], Finding] = field(default_factory=dict)


def measures_read(conditions: Iterable[Condition]) -> frozenset[str]:
    """Every measure the conditions read (``facts.*``, money measures, declared project amounts)."""
    names: set[str] = set()
    for condition in conditions:
        for rule in condition.rules if isinstance(condition, AnyOf) else (condition,):
            if isinstance(rule, ShareOf):
                names.update((rule.numerator, rule.denominator))
            elif isinstance(rule, Tenure):
                names.add(rule.since)
            elif not isinstance(rule, Indicator):
                names.add(rule.measure)
    return frozenset(names)


def _facts_read(rules: DirectionRules) -> tuple[tuple[str, str], ...]:
    names = {m for m in measures_read(rules.conditions) if m.startswith("facts.")}
    return tuple((m, m.removeprefix("facts.")) for m in sorted(names))


def minimum_rule(measure: str, minimum: Cited[Money]) -> Compare:
    """The minimum investment as a comparison: ``measure >= minimum`` (不低于)."""
    return Compare(
        name="min_investment",
        label=MEASURES[measure],
        measure=measure,
        op=Op.GE,
        threshold=minimum,
        pass_code=Code.MIN_INVESTMENT_MET,
        fail_code=Code.BELOW_MIN_INVESTMENT,
    )


def _prepare(rules: DirectionRules) -> _Prepared:
    hit = _PREPARED.get(id(rules))
    if hit is not None and hit.rules is rules:
        return hit
    district, integrity = rules.district, rules.integrity
    period = integrity.period.value
    excluded = rules.excluded
    prepared = _Prepared(
        rules=rules,
        digest=_digest(rules),
        minimum=minimum_rule(rules.minimum_measure, rules.minimum),
        direction_name=f"{rules.topic} {rules.name}",
        district_ok=Finding(
            Code.DISTRICT_OK,
            _PASS,
            f"商事登记、税务登记及统计归属均在{district.city}{district.district}",
            district.citation,
            "enterprise",
        ),
        integrity_ok=Finding(
            Code.INTEGRITY_OK,
            _PASS,
            f"{period}期间无重大环保、质量、安全事故及重大违法行为记录，未列为失信联合惩戒对象",
            integrity.period.citation,
            "enterprise",
        ),
        no_prior_funding=(
            None
            if rules.prior_funding_levels is None
            else Finding(
                Code.NO_PRIOR_FUNDING,
                _PASS,
                "本项目未获"
                + "、".join(level.label for level in sorted(rules.prior_funding_levels.value))
                + "财政支持",
                rules.prior_funding_levels.citation,
                "prior_funding",
            )
        ),
        reviews=tuple(Finding(Code.REVIEW_REQUIRED, _INFO, r.label, r.citation) for r in rules.reviews),
        outside_window=f"不计入：发票时间不在{rules.window.value}内 {rules.window.citation}",
        excluded_reason={
            category: (
                f"不计入：{category.label}属于不予计入的费用 {excluded.citation}"
                if excluded is not None and category in excluded.value
                else f"不计入：{category.label}不在可计入的项目投入费用范围内 {rules.counted.citation}"
            )
            for category in Category
            if category not in rules.counted.value
        },
        unlisted_reason=(
            f"不计入：供应商不在所在集群服务商名单（附件1）内 {rules.providers.citation}"
            if rules.providers is not None
            else ""
        ),
        not_in_base_reason={
            category: f"计入投资额；{category.label}不属于奖补基数 {rules.base.citation}"
            for category in rules.counted.value - rules.base.value
        },
        facts_needed=_facts_read(rules),
        deadline_steps=_deadline_steps(rules),
    )
    _PREPARED[id(rules)] = prepared
    if len(_PREPARED) > _PREPARED_CACHE_SIZE:
        _PREPARED.popitem(last=False)
    return prepared


def assess(rules: DirectionRules, application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess ``application`` under ``rules``; see the module docstring for the steps.

    ``ledger`` holds awards already decided elsewhere; a rule that bars prior funding reads it
    together with the application's own ``prior_funding`` declarations.
    """
    prepared = _prepare(rules)
    findings: list[Finding] = []
    add = findings.append
    enterprise = application.enterprise

    _check_direction(rules.programme, rules.key, application, add)

    _check_district(prepared, enterprise, add)
    _check_integrity(prepared, enterprise, add)
    clusters = _check_clusters(rules, enterprise, add)
    for cert in rules.certifications:
        held = cert.value in enterprise.certifications
        add(
            Finding(
                Code.CERTIFICATION_OK if held else Code.CERTIFICATION_MISSING,
                _PASS if held else _FAIL,
                f"{cert.label}「{cert.value.label}」：{'已获认定' if held else '未获认定'}",
                cert.citation,
                "enterprise.certifications",
                actual=", ".join(sorted(c.label for c in enterprise.certifications)) or "无",
                expected=cert.value.label,
            )
        )

    listed = _listed_names(prepared, clusters)
    lines, measures = _ledger(prepared, application, listed)
    _check_providers(rules, lines, listed, add)
    _check_joint(rules, application, add)
    add(_compare(prepared.minimum, measures))
    memo = prepared.memo
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    for index, condition in enumerate(rules.conditions):
        _evaluate(index, condition, application, measures, memo, add)
    _check_prior_funding(prepared, application, add, ledger)
    _check_deadlines(prepared, application, add)
    _check_documents(rules, application, add)
    findings.extend(prepared.reviews)

    base = _money(measures["award_base"])
    before_cap = apply_rate(base, rules.rate.value)
    cap = rules.cap.value
    cap_applied = before_cap > cap
    if_eligible = cap if cap_applied else before_cap
    add(rate_finding(rules.rate, base, before_cap, "award_base"))
    if cap_applied:
        add(cap_finding(rules.cap, before_cap))
    eligible = not any(f.severity is _FAIL for f in findings)
    return Assessment(
        application_id=application.id,
        programme=rules.programme,
        direction=rules.key,
        direction_name=prepared.direction_name,
        enterprise=enterprise.name,
        credit_code=enterprise.credit_code,
        eligible=eligible,
        eligible_spend=_money(measures["eligible_spend"]),
        award_base=base,
        rate=rules.rate.value,
        cap=cap,
        award_before_cap=before_cap,
        award_if_eligible=if_eligible,
        award=if_eligible if eligible else ZERO,
        cap_applied=cap_applied,
        findings=tuple(findings),
        invoices=lines,
        rules_digest=prepared.digest,
        library_version=__version__,
    )


# -- findings both families write --------------------------------------------------------------


def _check_direction(programme: str, key: str, application: Application, add: _Add) -> None:
    if application.programme != programme or application.direction != key:
        add(
            Finding(
                Code.DIRECTION_DIFFERS,
                _WARN,
                f"申报为 {application.programme}/{application.direction}，按 {programme}/{key} 评估",
                subject="direction",
            )
        )


def rate_finding(rate: Cited[Ratio], base: Money, result: Money, subject: str) -> Finding:
    """``RATE_APPLIED``: base × rate = result, rounded once."""
    shown = result.format()
    return Finding(
        Code.RATE_APPLIED,
        _INFO,
        f"{rate.label}：{base.format()} × {rate.value.percent()} = {shown}（四舍五入到分）",
        rate.citation,
        subject,
        actual=shown,
    )


def cap_finding(cap: Cited[Money], before_cap: Money) -> Finding:
    """``CAP_APPLIED``: the amount before the cap, and the cap paid instead."""
    before, ceiling = before_cap.format(), cap.value.format()
    return Finding(
        Code.CAP_APPLIED,
        _INFO,
        f"{cap.label}：{before} > {ceiling}，按 {ceiling}",
        cap.citation,
        "award",
        actual=before,
        expected=f"<= {ceiling}",
    )


# -- who may apply ------------------------------------------------------------------------------


def _in_district(location: Location, city: str, district: str) -> bool:
    return normalise_name(location.city) == city and normalise_name(location.district or "") == district


def _check_district(prepared: _Prepared, enterprise: Enterprise, add: _Add) -> None:
    rule = prepared.rules.district
    places = {
        "enterprise.registration": ("商事登记", enterprise.registration),
        "enterprise.tax": ("税务登记", enterprise.tax),
        "enterprise.statistics": ("统计归属", enterprise.statistics),
    }
    wrong = [
        (path, label, loc)
        for path, (label, loc) in places.items()
        if not _in_district(loc, rule.city, rule.district)
    ]
    if not wrong:
        add(prepared.district_ok)
    for path, label, loc in wrong:
        add(
            Finding(
                Code.DISTRICT_MISMATCH,
                _FAIL,
                f"{label}在{loc}，不在{rule.city}{rule.district}",
                rule.citation,
                path,
                actual=str(loc),
                expected=f"{rule.city}{rule.district}",
            )
        )


def _check_integrity(prepared: _Prepared, enterprise: Enterprise, add: _Add) -> None:
    rule = prepared.rules.integrity
    period = rule.period.value
    bad = [
        (i, incident)
        for i, incident in enumerate(enterprise.incidents)
        if incident.major and period.contains(incident.occurred_on)
    ]
    for index, incident in bad:
        add(
            Finding(
                Code.MAJOR_INCIDENT,
                _FAIL,
                f"{format_date_zh(incident.occurred_on)}有重大{incident.kind.label}记录"
                f"（{period}期间内）{incident.description}",
                rule.period.citation,
                f"enterprise.incidents[{index}]",
                actual=incident.occurred_on.isoformat(),
                expected=f"无重大事故或违法记录（{period}）",
            )
        )
    dishonest = enterprise.credit.dishonest_joint_punishment
    if dishonest:
        add(
            Finding(
                Code.DISHONEST_LISTED,
                _FAIL,
                "被相关部门列为失信联合惩戒对象",
                rule.dishonest,
                "enterprise.credit.dishonest_joint_punishment",
                actual="true",
                expected="false",
            )
        )
    if not bad and not dishonest:
        add(prepared.integrity_ok)


def _check_clusters(rules: DirectionRules, enterprise: Enterprise, add: _Add) -> frozenset[str]:
    if rules.clusters is None:
        return frozenset()
    allowed = rules.clusters.value
    member = allowed & enterprise.clusters
    add(
        Finding(
            Code.CLUSTER_MEMBER if member else Code.NOT_CLUSTER_MEMBER,
            _PASS if member else _FAIL,
            f"{rules.clusters.label}：{'属于 ' + '、'.join(sorted(member)) if member else '不属于 ' + '或'.join(sorted(allowed))}",
            rules.clusters.citation,
            "enterprise.clusters",
            actual=", ".join(sorted(enterprise.clusters)) or "无",
            expected="one of " + ", ".join(sorted(allowed)),
        )
    )
    return member


def _listed_names(prepared: _Prepared, clusters: frozenset[str]) -> frozenset[str] | None:
    if clusters in prepared.listed:
        return prepared.listed[clusters]
    providers = prepared.rules.providers
    names: frozenset[str] | None = None
    if providers is not None:
        found: set[str] = set()
        for cluster in clusters:
            provider_list = providers.lists.get(cluster)
            if provider_list is not None:
                found.update(normalise_name(n) for n in provider_list.value)
        names = frozenset(found)
    prepared.listed[clusters] = names
    return names


def listed_suppliers(rules: DirectionRules, enterprise: Enterprise) -> frozenset[str] | None:
    """The normalised 附件1 names the enterprise's invoices may come from (``None``: no list applies).

    The same lookup :func:`assess` makes after the cluster check; the batch engine reads it too.
    """
    member = rules.clusters.value & enterprise.clusters if rules.clusters is not None else frozenset()
    return _listed_names(_prepare(rules), member)


def _check_providers(
    rules: DirectionRules,
    ledger: tuple[InvoiceLine, ...],
    listed: frozenset[str] | None,
    add: _Add,
) -> None:
    if rules.providers is None or listed is None:
        return
    suppliers = sorted(
        {i.supplier for i in ledger if i.counted and normalise_name(i.supplier) in listed}
    )
    add(
        Finding(
            Code.LISTED_PROVIDER_OK if suppliers else Code.NO_LISTED_PROVIDER,
            _PASS if suppliers else _FAIL,
            (
                f"计入的采购来自名单内单位：{'、'.join(suppliers)}"
                if suppliers
                else "计入的发票中没有来自所在集群牵头单位或生态伙伴（附件1名单）的产品或服务"
            ),
            rules.providers.citation,
            "invoices[].supplier",
        )
    )


def _check_joint(rules: DirectionRules, application: Application, add: _Add) -> None:
    partners = application.partners
    rule = rules.joint
    if rule is None:
        if partners:
            add(
                Finding(
                    Code.REVIEW_REQUIRED,
                    _WARN,
                    f"本方向未规定联合申报，申报书列有{len(partners)}家联合单位，需人工核实",
                    None,
                    "partners",
                )
            )
        return
    ok = True
    if rule.required and not partners:
        ok = False
        add(
            Finding(
                Code.JOINT_REQUIRED,
                _FAIL,
                "本方向为联合申报，申报书未列联合单位",
                rule.citation,
                "partners",
                actual="0",
                expected=">= 1",
            )
        )
    if rule.max_partners is not None and len(partners) > rule.max_partners.value:
        ok = False
        add(
            Finding(
                Code.TOO_MANY_PARTNERS,
                _FAIL,
                f"联合单位 {len(partners)} 家 > 可联合参与单位 {rule.max_partners.value} 家",
                rule.max_partners.citation,
                "partners",
                actual=str(len(partners)),
                expected=f"<= {rule.max_partners.value}",
            )
        )
    if rule.partner_city is not None:
        city = rule.partner_city.value
        for index, partner in enumerate(partners):
            if normalise_name(partner.registration.city) != city:
                ok = False
                add(
                    Finding(
                        Code.PARTNER_OUTSIDE_CITY,
                        _FAIL,
                        f"联合单位{partner.name}注册于{partner.registration.city}，须为{city}内注册",
                        rule.partner_city.citation,
                        f"partners[{index}].registration.city",
                        actual=partner.registration.city,
                        expected=city,
                    )
                )
    if ok and partners:
        add(
            Finding(
                Code.JOINT_OK,
                _PASS,
                f"联合申报：{'、'.join(p.name for p in partners)}",
                rule.citation,
                "partners",
            )
        )


def _check_prior_funding(
    prepared: _Prepared, application: Application, add: _Add, ledger: Ledger | None
) -> None:
    levels = prepared.rules.prior_funding_levels
    if levels is None or prepared.no_prior_funding is None:
        return
    hits = [
        (f"prior_funding[{i}]", f)
        for i, f in enumerate(application.prior_funding)
        if f.level in levels.value and f.project_id == application.project.id
    ]
    if ledger is not None:
        recorded = ledger.find(
            enterprise=application.enterprise.credit_code,
            project_id=application.project.id,
            levels=levels.value,
        )
        hits += [(f"ledger[{e.programme}/{e.item}/{e.year}]", e.as_prior_funding()) for e in recorded]
    for path, funding in hits:
        add(
            Finding(
                Code.PRIOR_FUNDING,
                _FAIL,
                f"本项目已获{funding.level.label}财政支持（{funding.programme}，{funding.year}年，"
                f"{funding.amount.format()}），不得重复申报",
                levels.citation,
                path,
                actual=funding.level.label,
                expected="未获省级、市级、区级财政支持",
            )
        )
    if not hits:
        add(prepared.no_prior_funding)


@dataclass(frozen=True, slots=True)
class _DeadlineStep:
    """One deadline of a direction, with what its findings say that does not depend on the input."""

    attribute: str
    """``online_at``, ``revised_at`` or ``paper_at`` of :class:`~subsidycalc.models.Submission`."""
    label: str
    cited: Cited[Deadline]
    due: str
    missing: Finding | None
    """``SUBMISSION_TIME_MISSING`` (``None`` for the revision: no revision may have been asked)."""


def _deadline_steps(rules: DirectionRules) -> tuple[_DeadlineStep, ...]:
    steps = []
    for name, label, cited in (
        ("online_at", "线上初次递交", rules.deadlines.online),
        ("revised_at", "修改补充提交", rules.deadlines.revision),
        ("paper_at", "纸质材料递交", rules.deadlines.paper),
    ):
        if cited is None:
            continue
        due = str(cited.value)
        missing = (
            None
            if name == "revised_at"
            else Finding(
                Code.SUBMISSION_TIME_MISSING,
                _WARN,
                f"未提供{label}时间，未核对截止时间 {due}",
                cited.citation,
                f"submission.{name}",
                expected=f"<= {due}",
            )
        )
        steps.append(_DeadlineStep(name, label, cited, due, missing))
    return tuple(steps)


def _check_deadlines(prepared: _Prepared, application: Application, add: _Add) -> None:
    submission = application.submission
    for step in prepared.deadline_steps:
        moment: datetime | None = getattr(submission, step.attribute)
        if moment is None:
            if step.missing is not None:
                add(step.missing)
            continue
        on_time = step.cited.value.is_met_by(moment)
        shown = moment.isoformat()
        add(
            Finding(
                Code.SUBMITTED_ON_TIME if on_time else Code.SUBMITTED_LATE,
                _PASS if on_time else _FAIL,
                f"{step.label}于 {shown} {'≤' if on_time else '>'} 截止时间 {step.due}",
                step.cited.citation,
                f"submission.{step.attribute}",
                actual=shown,
                expected=f"<= {step.due}",
            )
        )


def _check_documents(rules: DirectionRules, application: Application, add: _Add) -> None:
    required = [d for d in rules.documents if not d.joint_only or application.is_joint]
    if not required:
        return
    supplied = application.documents
    if supplied is None:
        add(
            Finding(
                Code.DOCUMENTS_NOT_CHECKED,
                _WARN,
                f"未提供申报材料清单，{len(required)}项材料未核对",
                required[0].citation,
                "documents",
            )
        )
        return
    missing = [d for d in required if d.kind not in supplied]
    for doc in missing:
        add(
            Finding(
                Code.MISSING_DOCUMENT,
                _FAIL,
                f"缺少申报材料：{doc.label}",
                doc.citation,
                "documents",
                actual="未提供",
                expected=doc.kind.value,
            )
        )
    if not missing:
        add(
            Finding(
                Code.DOCUMENTS_COMPLETE,
                _PASS,
                f"申报材料齐全（{len(required)}项）",
                required[0].citation,
                "documents",
            )
        )


# -- invoices and measures --------------------------------------------------------------------


_INVOICE_ORDER: Final = attrgetter("issued_on", "number")


def _ledger(
    prepared: _Prepared, application: Application, listed: frozenset[str] | None
) -> tuple[tuple[InvoiceLine, ...], dict[str, Measure]]:
    rules = prepared.rules
    window = rules.window.value
    counted_categories = rules.counted.value
    base_categories = rules.base.value
    only_listed = rules.providers is not None and rules.providers.only_listed
    applicant = application.enterprise.credit_code
    eligible = base = lead = 0
    lines: list[InvoiceLine] = []
    first, last = window.start, window.end
    for inv in sorted(application.invoices, key=_INVOICE_ORDER):
        amount = inv.amount_excl_tax
        counted = in_base = False
        if not first <= inv.issued_on <= last:
            code = Code.INVOICE_OUTSIDE_WINDOW
            reason = prepared.outside_window
        elif inv.category not in counted_categories:
            code = Code.CATEGORY_EXCLUDED
            reason = prepared.excluded_reason[inv.category]
        elif only_listed and (listed is None or normalise_name(inv.supplier) not in listed):
            code = Code.SUPPLIER_NOT_LISTED
            reason = prepared.unlisted_reason
        else:
            counted = True
            eligible += amount.fen
            if inv.payer is None or inv.payer == applicant:
                lead += amount.fen
            if inv.category in base_categories or (rules.base_includes_scenarios and inv.scenario):
                in_base = True
                base += amount.fen
                code = Code.INVOICE_COUNTED
                reason = "计入投资额及奖补基数" + (f"（应用场景：{inv.scenario}）" if inv.scenario else "")
            else:
                code = Code.CATEGORY_NOT_IN_BASE
                reason = prepared.not_in_base_reason[inv.category]
        lines.append(
            InvoiceLine(
                inv.number, inv.issued_on, inv.supplier, inv.category, amount, counted, in_base, code, reason
            )
        )
    contract_total = sum(
        c.amount_excl_tax.fen
        for c in application.contracts
        if not only_listed or (listed is not None and normalise_name(c.supplier) in listed)
    )
    purchase = eligible
    if rules.purchase_basis is not None:
        if rules.purchase_basis.value is PurchaseBasis.CONTRACTED:
            purchase = contract_total
        base = purchase
    measures: dict[str, Measure] = {
        "eligible_spend": Money(eligible),
        "award_base": Money(base),
        "lead_spend": Money(lead),
        "contract_total": Money(contract_total),
        "purchase_amount": Money(purchase),
    }
    _add_common_measures(application, measures, prepared.facts_needed)
    return tuple(lines), measures


_ALL_FACTS: Final = tuple((f"facts.{name}", name) for name in FACT_LABELS)


def _add_common_measures(
    application: Application,
    measures: dict[str, Measure],
    facts_needed: tuple[tuple[str, str], ...] = _ALL_FACTS,
) -> None:
    """The declared project amounts and the facts a rule reads (all, unless told), by measure name."""
    project = application.project
    measures["project.planned_investment"] = project.planned_investment
    measures["project.actual_investment"] = project.actual_investment
    equipment = project.equipment_software_investment
    measures["project.equipment_software_net"] = (
        None if equipment is None else max(equipment - (project.city_funded_investment or ZERO), ZERO)
    )
    contract, invoice = project.equipment_contract_amount, project.equipment_invoice_amount
    measures["project.equipment_contract_invoice"] = (
        None if contract is None or invoice is None else min(contract, invoice)
    )
    measures["project.service_contract_amount"] = project.service_contract_amount
    measures["decided_amount"] = application.decided_amount
    facts = application.facts
    for measure, name in facts_needed:
        measures[measure] = getattr(facts, name)


def _money(value: Measure) -> Money:
    assert isinstance(value, Money)
    return value


# -- declarative conditions -------------------------------------------------------------------


def _show(value: Measure) -> str:
    if isinstance(value, Money):
        return value.format()
    if isinstance(value, Ratio):
        return value.percent()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _evaluate(
    index: int,
    condition: Condition,
    application: Application,
    measures: dict[str, Measure],
    memo: dict[tuple[int, object], Finding],
    add: _Add,
) -> None:
    if isinstance(condition, ShareOf):
        if not condition.when_joint or application.is_joint:
            add(_share(condition, measures))
        return
    if isinstance(condition, Compare) and condition.when_joint and not application.is_joint:
        return
    if isinstance(condition, Tenure):
        add(_tenure(condition, application, measures))
        return
    if isinstance(condition, Indicator):
        add(_indicator(condition, application))
        return
    # Fact-based findings depend only on the fact values, which repeat: build each once.
    if isinstance(condition, AnyOf):
        key: object = tuple(measures[r.measure] for r in condition.rules)
    else:
        key = measures[condition.measure]
    memo_key = (index, key)
    finding = memo.get(memo_key)
    if finding is None:
        if isinstance(condition, AnyOf):
            finding = _evaluate_any(condition, measures)
        elif isinstance(condition, Compare):
            finding = _compare(condition, measures)
        else:
            finding = _flag(condition, measures)
        if not isinstance(key, Money):
            memo[memo_key] = finding
    add(finding)


_DAY_ORDER: Final = {Op.GT: "晚于", Op.GE: "不早于", Op.LT: "早于", Op.LE: "不晚于"}


def _reference_day(application: Application) -> date | None:
    """The day conditions 「在……从业超过10年」, 「近5年内」 are judged on: the online submission."""
    online = application.submission.online_at
    return None if online is None else to_beijing(online).date()


def _tenure(rule: Tenure, application: Application, measures: dict[str, Measure]) -> Finding:
    since = measures[rule.since]
    citation = rule.years.citation
    if since is None:
        return _missing(MEASURES[rule.since], rule.since, citation)
    assert isinstance(since, date)
    on = _reference_day(application)
    if on is None:
        return Finding(
            Code.FACT_MISSING,
            _FAIL,
            f"未提供线上提交时间（submission.online_at），无法核算{rule.label}",
            citation,
            "submission.online_at",
        )
    mark = since + relativedelta(years=rule.years.value)
    passed = rule.op.holds(on, mark)
    span = relativedelta(on, since)
    requirement = f"{rule.op.words}{rule.years.value}年"
    verdict = (
        f"满足「{requirement}」"
        if passed
        else f"未满足「{requirement}」（提交日须{_DAY_ORDER[rule.op]}{format_date_zh(mark)}）"
    )
    return Finding(
        Code.THRESHOLD_MET if passed else Code.THRESHOLD_NOT_MET,
        _PASS if passed else _FAIL,
        f"{rule.label}：自{format_date_zh(since)}至{format_date_zh(on)}共{span.years}年{span.months}个月"
        f"{span.days}天，{verdict}",
        citation,
        rule.since,
        actual=f"{span.years}y{span.months}m{span.days}d",
        expected=f"{rule.op.value} {rule.years.value} years",
    )


def _indicator(rule: Indicator, application: Application) -> Finding:
    value = application.facts.indicators.get(rule.name)
    subject = f"facts.indicators[{rule.name}]"
    target = f"{rule.op.words} {rule.threshold.value}{rule.unit}"
    if value is None:
        return Finding(
            Code.FACT_MISSING, _INFO, f"{rule.label}：尚未申报（验收指标，{target}）", rule.threshold.citation, subject
        )
    passed = rule.op.holds(value, rule.threshold.value)
    symbol = rule.op.symbol if passed else rule.op.negated_symbol
    return Finding(
        Code.THRESHOLD_MET if passed else Code.THRESHOLD_NOT_MET,
        _PASS if passed else _WARN,
        f"{rule.label}：{value}{rule.unit} {symbol} {rule.threshold.value}{rule.unit}（验收指标）",
        rule.threshold.citation,
        subject,
        actual=f"{value}{rule.unit}",
        expected=f"{rule.op.value} {rule.threshold.value}{rule.unit}",
    )


def _missing(label: str, measure: str, citation: Citation) -> Finding:
    return Finding(
        Code.FACT_MISSING,
        _FAIL,
        f"未申报{label}（{measure}），无法核对",
        citation,
        measure,
        actual="未申报",
    )


def _compare(rule: Compare, measures: dict[str, Measure]) -> Finding:
    value = measures[rule.measure]
    threshold = rule.threshold.value
    if value is None:
        if rule.advisory:
            return Finding(
                Code.FACT_MISSING,
                _INFO,
                f"{rule.label}：尚未申报（后续阶段目标，{rule.op.words} {_show(threshold)}）",
                rule.threshold.citation,
                rule.measure,
            )
        return _missing(MEASURES[rule.measure], rule.measure, rule.threshold.citation)
    passed = rule.op.holds(value, threshold)
    symbol = rule.op.symbol if passed else rule.op.negated_symbol
    missed = _WARN if rule.advisory else _FAIL
    shown, limit = _show(value), _show(threshold)
    return Finding(
        rule.pass_code if passed else rule.fail_code,
        _PASS if passed else missed,
        f"{rule.label}：{shown} {symbol} {limit}" + ("（后续阶段目标）" if rule.advisory else ""),
        rule.threshold.citation,
        rule.measure,
        actual=shown,
        expected=f"{rule.op.value} {limit}",
    )


def _share(rule: ShareOf, measures: dict[str, Measure]) -> Finding:
    numerator = _money(measures[rule.numerator])
    denominator = _money(measures[rule.denominator])
    threshold = rule.threshold.value
    expected = f"{rule.op.value} {threshold.percent()}"
    if denominator == ZERO:
        return Finding(
            rule.empty_code,
            _FAIL,
            f"{rule.label}：{MEASURES[rule.denominator]}为0，无法计算比例",
            rule.threshold.citation,
            rule.denominator,
            actual="0",
            expected=expected,
        )
    share = numerator / denominator
    passed = rule.op.holds(share.value, threshold.value)
    symbol = rule.op.symbol if passed else rule.op.negated_symbol
    return Finding(
        rule.pass_code if passed else rule.fail_code,
        _PASS if passed else _FAIL,
        f"{rule.label}：{numerator.format()} / {denominator.format()} = {share.percent()} "
        f"{symbol} {threshold.percent()}",
        rule.threshold.citation,
        rule.numerator,
        actual=share.exact_text(),
        expected=expected,
    )


def _flag(rule: Flag, measures: dict[str, Measure]) -> Finding:
    value = measures[rule.measure]
    if value is None:
        return _missing(rule.label, rule.measure, rule.citation)
    passed = value is rule.expected
    return Finding(
        rule.pass_code if passed else rule.fail_code,
        _PASS if passed else _FAIL,
        f"{rule.label}：{_show(value)}",
        rule.citation,
        rule.measure,
        actual=_show(value),
        expected=_show(rule.expected),
    )


def _evaluate_any(rule: AnyOf, measures: dict[str, Measure]) -> Finding:
    parts: list[str] = []
    passed = False
    declared = False
    for alternative in rule.rules:
        value = measures[alternative.measure]
        if value is None:
            parts.append(f"{alternative.label}未申报")
            continue
        declared = True
        if isinstance(alternative, Flag):
            holds = value is alternative.expected
            passed = passed or holds
            parts.append(f"{alternative.label}：{_show(value)}")
            continue
        holds = alternative.op.holds(value, alternative.threshold.value)
        passed = passed or holds
        symbol = alternative.op.symbol if holds else alternative.op.negated_symbol
        parts.append(f"{alternative.label} {_show(value)} {symbol} {_show(alternative.threshold.value)}")
    if not declared:
        return _missing(rule.label, " / ".join(a.measure for a in rule.rules), rule.citation)
    return (
        Finding(
            Code.THRESHOLD_MET if passed else Code.THRESHOLD_NOT_MET,
            _PASS if passed else _FAIL,
            f"{rule.label}（满足其一即可）：{'；'.join(parts)}",
            rule.citation,
            " | ".join(a.measure for a in rule.rules),
            actual="；".join(parts),
            expected=" or ".join(
                f"{a.measure} = {_show(a.expected)}"
                if isinstance(a, Flag)
                else f"{a.measure} {a.op.value} {_show(a.threshold.value)}"
                for a in rule.rules
            ),
        )
    )
