"""Rule data: the declarative, cited parameters of one direction (方向) or item of a policy.

A direction is *data*: windows, cost categories, minimum, rate, cap, quota, and a tuple of
conditions, each a comparison of a named **measure** against a cited threshold. The engine
(:mod:`subsidycalc.engine`) interprets this data; so can a columnar engine, because nothing about a
comparison is hidden in code. A what-if is a copy with one field changed, made with
:func:`evolve`, which re-validates the copy.

How the texts' words become operators (《民法典》第一千二百五十九条, see CONVENTIONS.md):

=============================================  ======
不低于 X, 不少于 X, X以上, 60%（含）               ``>=``
超过 X, 提升超过15%                              ``>``
不超过 X, 最高 X, X以内, X以下                    ``<=``
不满 X, 低于 X                                   ``<``
=============================================  ======
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .citations import Citation, Cited
from .findings import Code
from .ledger import Ledger
from .models import Application, Category, Certification, DocumentKind, Facts, FundingLevel
from .money import Money, Ratio
from .periods import DateWindow, Deadline
from .result import Assessment

__all__ = [
    "MEASURES",
    "AnyOf",
    "AnyRules",
    "CapUpgrade",
    "Compare",
    "Condition",
    "ContractFiling",
    "DirectionRules",
    "DistrictRule",
    "DocumentRequirement",
    "EcosystemIntegrity",
    "EnterpriseCap",
    "Flag",
    "Indicator",
    "IntegrityRule",
    "JointRule",
    "OncePerEnterprise",
    "Op",
    "ProjectRules",
    "ProviderRule",
    "PurchaseBasis",
    "Ranking",
    "RateClasses",
    "RateUpgrade",
    "Review",
    "ShareOf",
    "StackingCap",
    "Stage",
    "SubmissionDeadlines",
    "Tenure",
    "TopUp",
    "YearsLimit",
    "evolve",
    "values_of",
]

M = TypeVar("M", bound=BaseModel)
V = TypeVar("V")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Op(StrEnum):
    """A comparison, named after the text's words."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    def holds(self, left: Any, right: Any) -> bool:
        if self is Op.GE:
            return bool(left >= right)
        if self is Op.GT:
            return bool(left > right)
        if self is Op.LE:
            return bool(left <= right)
        return bool(left < right)

    @property
    def symbol(self) -> str:
        return {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[self.value]

    @property
    def negated_symbol(self) -> str:
        return {">=": "<", ">": "≤", "<=": ">", "<": "≥"}[self.value]

    @property
    def words(self) -> str:
        return {">=": "不低于", ">": "超过", "<=": "不超过", "<": "低于"}[self.value]


class Ranking(StrEnum):
    """How applicants to one direction are ranked for its quota (排序依据)."""

    REVIEW_SCORE = "review_score"
    """By the external review score (评审得分), highest first: the text leaves ranking to review."""
    REVIEW_SCORE_THEN_CONTRACT_TIME = "review_score_then_contract_time"
    """By review score, then 「同等条件下，优先支持在惠企利民先行递交合同的企业」: earlier contract first."""
    CERTIFICATION_DATE = "certification_date"
    """赛马: the earliest 试点认定 first."""


class PurchaseBasis(StrEnum):
    """What 「购买费用」 is measured on (斗门 方向六): the invoiced or the contracted amount."""

    INVOICED = "invoiced"
    CONTRACTED = "contracted"


FACT_LABELS: Final[dict[str, str]] = {
    name: (field.description or name).rstrip(".") for name, field in Facts.model_fields.items()
}

MONEY_MEASURES: Final[dict[str, str]] = {
    "eligible_spend": "项目投资额（计入部分，不含税）",
    "award_base": "奖补基数",
    "lead_spend": "牵头申报单位投资额",
    "contract_total": "合同总金额",
    "purchase_amount": "购买费用",
    "project.planned_investment": "项目总投资额（计划）",
    "project.actual_investment": "项目实际总投资额",
    "project.equipment_software_net": "设备和软件投入（扣除已获其他市级财政专项资金扶持部分）",
    "project.equipment_contract_invoice": "购买设备合同金额与发票金额（取较低者）",
    "project.service_contract_amount": "实际合同金额",
    "decided_amount": "核定奖励金额",
}
"""Money measures the engine derives from invoices and contracts."""

MEASURES: Final[dict[str, str]] = {
    **MONEY_MEASURES,
    **{f"facts.{name}": label for name, label in FACT_LABELS.items()},
}
"""Every measure a condition may name, with its Chinese label."""


class _Rule(_Frozen):
    name: str
    """Stable identifier of the rule within its direction, e.g. ``min_investment``."""
    label: str
    """What is checked, in Chinese."""


class Compare(_Rule):
    """``measure op threshold`` — a field or a derived amount against a cited threshold."""

    kind: Literal["compare"] = "compare"
    measure: str
    op: Op
    threshold: Cited[Money] | Cited[Ratio] | Cited[int]
    pass_code: Code = Code.THRESHOLD_MET
    fail_code: Code = Code.THRESHOLD_NOT_MET
    when_joint: bool = False
    """Applies only to joint applications (联合申报)."""
    advisory: bool = False
    """A later-stage target reported, not required: a miss is ``warn`` and an undeclared value
    ``info`` (e.g. two-year pilot targets at certification)."""


class ShareOf(_Rule):
    """``numerator / denominator op threshold`` over two money measures, compared exactly."""

    kind: Literal["share"] = "share"
    numerator: str
    denominator: str
    op: Op
    threshold: Cited[Ratio]
    pass_code: Code = Code.THRESHOLD_MET
    fail_code: Code = Code.THRESHOLD_NOT_MET
    empty_code: Code = Code.THRESHOLD_NOT_MET
    """Code when the denominator is zero (nothing to take a share of)."""
    when_joint: bool = False


class Flag(_Rule):
    """A yes/no fact the text requires to be yes (or, with ``expected=False``, to be no)."""

    kind: Literal["flag"] = "flag"
    measure: str
    citation: Citation
    expected: bool = True
    pass_code: Code = Code.THRESHOLD_MET
    fail_code: Code = Code.THRESHOLD_NOT_MET


class Tenure(_Rule):
    """Years since a date fact, on the application's online submission date.

    「从业超过10年」 with ``op=GT, years=10``: more than ten years, so exactly ten years (the same
    calendar day ten years on) is not enough and one day more is. Years are calendar years
    (python-dateutil ``relativedelta``; 29 February counts from 28 February in common years).
    """

    kind: Literal["tenure"] = "tenure"
    since: str
    op: Op
    years: Cited[int]


class Indicator(_Rule):
    """A numbered 验收指标 of a guide, read from ``facts.indicators[name]``. Advisory: a miss is a
    warning and an undeclared value a note, because the evaluation that uses it is itself an input."""

    kind: Literal["indicator"] = "indicator"
    op: Op
    threshold: Cited[Decimal]
    unit: str


class AnyOf(_Rule):
    """At least one of several comparisons holds (「……，或者……」)."""

    kind: Literal["any_of"] = "any_of"
    rules: tuple[Compare | Flag, ...] = Field(min_length=2)
    citation: Citation


Condition = Annotated[Compare | ShareOf | Flag | AnyOf | Tenure | Indicator, Field(discriminator="kind")]


class Review(_Frozen):
    """A condition the text leaves to expert review: listed in every explanation, not judged."""

    label: str
    citation: Citation


class ProviderRule(_Frozen):
    """Purchases from a cluster's 牵头单位 or 生态伙伴 (the 附件1 lists).

    ``only_listed``: only purchases from listed providers count at all (方向六); otherwise at
    least one counted purchase must come from a listed provider (方向三–五).
    """

    lists: Mapping[str, Cited[frozenset[str]]]
    """Provider names per cluster id."""
    citation: Citation
    only_listed: bool = False


class JointRule(_Frozen):
    """联合申报: whether it is required, how many partners, where they must be registered."""

    citation: Citation
    required: bool = False
    max_partners: Cited[int] | None = None
    partner_city: Cited[str] | None = None


class DistrictRule(_Frozen):
    """商事登记、税务登记关系及统计归属关系 must all be in one district."""

    city: str
    district: str
    citation: Citation


class IntegrityRule(_Frozen):
    """No major incident in the period, not on a dishonesty list."""

    period: Cited[DateWindow]
    dishonest: Citation


class SubmissionDeadlines(_Frozen):
    online: Cited[Deadline]
    revision: Cited[Deadline] | None = None
    paper: Cited[Deadline] | None = None


class DocumentRequirement(_Frozen):
    kind: DocumentKind
    label: str
    citation: Citation
    joint_only: bool = False


class _Registered(_Frozen):
    """What every registered rules object shares: where the registry files it."""

    programme: str
    key: str

    @property
    def ref(self) -> str:
        """``doumen-2023/direction_3``: the key the registry files these rules under."""
        return f"{self.programme}/{self.key}"


class DirectionRules(_Registered):
    """Every parameter of one direction (方向), each with its citation."""

    programme: str
    key: str
    topic_key: str
    """Short id of the 专题 (``topic_18``), for budgets and exclusion rules."""
    topic: str
    name: str
    basis: Citation
    window: Cited[DateWindow]
    counted: Cited[frozenset[Category]]
    """Categories that count toward the project investment (项目投入费用仅限于……)."""
    excluded: Cited[frozenset[Category]] | None = None
    """Categories the text excludes by name (不包括场地费用、水电费等……), where it names any."""
    base: Cited[frozenset[Category]]
    """Categories the rate is applied to (the award base)."""
    base_includes_scenarios: bool = False
    """Counted invoices tagged with an 应用场景 join the award base (方向三's reading)."""
    purchase_basis: Cited[PurchaseBasis] | None = None
    minimum: Cited[Money]
    minimum_measure: str = "eligible_spend"
    """The money measure the minimum is compared with (``>=``, 不低于)."""
    rate: Cited[Ratio]
    cap: Cited[Money]
    quota: Cited[int]
    ranking: Ranking = Ranking.REVIEW_SCORE
    ranking_citation: Citation | None = None
    """The clause behind a ranking rule the text states (方向六); ``None`` where it leaves it to review."""
    district: DistrictRule
    integrity: IntegrityRule
    deadlines: SubmissionDeadlines
    clusters: Cited[frozenset[str]] | None = None
    certifications: tuple[Cited[Certification], ...] = ()
    providers: ProviderRule | None = None
    joint: JointRule | None = None
    prior_funding_levels: Cited[frozenset[FundingLevel]] | None = None
    conditions: tuple[Condition, ...] = ()
    reviews: tuple[Review, ...] = ()
    documents: tuple[DocumentRequirement, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> DirectionRules:
        _check_conditions(self.key, self.conditions)
        if not self.base.value <= self.counted.value:
            extra = sorted(self.base.value - self.counted.value)
            raise ValueError(
                f"{self.key}: base categories {extra} are not counted categories: the award base "
                "must be part of the counted investment"
            )
        if self.excluded is not None and self.counted.value & self.excluded.value:
            both = sorted(self.counted.value & self.excluded.value)
            raise ValueError(f"{self.key}: categories {both} are both counted and excluded")
        if self.minimum_measure not in MONEY_MEASURES:
            raise ValueError(
                f"{self.key}: minimum_measure {self.minimum_measure!r} is not a money measure: "
                f"expected one of {sorted(MONEY_MEASURES)}"
            )
        if self.rate.value.value < 0 or self.rate.value.value > 1:
            raise ValueError(f"{self.key}: rate {self.rate.value.percent()} is outside 0%..100%")
        if self.cap.value.fen < 0 or self.minimum.value.fen < 0:
            raise ValueError(f"{self.key}: cap and minimum must be >= 0")
        if self.quota.value < 0:
            raise ValueError(f"{self.key}: quota {self.quota.value} must be >= 0")
        return self

    def assess(self, application: Application, ledger: Ledger | None = None) -> Assessment:
        """Assess one application under this direction; see :func:`subsidycalc.engine.assess`."""
        from .engine import assess

        return assess(self, application, ledger)


class EcosystemIntegrity(_Frozen):
    """The lead and every 产业生态成员: no serious violation or major accident within the lookback,
    not 失信被执行人."""

    lookback_years: Cited[int]
    dishonest: Citation
    since: Cited[date] | None = None
    """A fixed start the text names (「2017年以来」), overriding ``lookback_years``."""


class Stage(_Frozen):
    """One tranche of a staged award: ``share`` of the award, payable once ``gate`` (a yes/no fact)
    is yes. The last stage takes what the earlier ones leave, so the stages add up exactly."""

    label: str
    share: Cited[Ratio]
    gate: str
    """A boolean fact measure, e.g. ``facts.pilot_certified``."""
    clawback_gate: str | None = None
    """A boolean fact whose ``False`` recovers this tranche after payment (全额追回)."""
    clawback_citation: Citation | None = None


class RateClasses(_Frozen):
    """A rate that depends on where the project is: a city → class table and a rate per class."""

    cities: Cited[dict[str, str]]
    """City → class key, e.g. ``{"珠海市": "pearl_river_delta"}``; its label says where the table comes from."""
    rates: dict[str, Cited[Ratio]]
    """Class key → rate."""
    location: str = "project.start_region"
    """Which location decides: the project's 试点起步区域."""


class RateUpgrade(_Frozen):
    """A higher rate where a yes/no fact holds (e.g. a 标杆平台's service: 100% instead of 50%)."""

    flag: str
    rate: Cited[Ratio]


class CapUpgrade(_Frozen):
    """A higher cap where a yes/no fact holds (e.g. a 标杆平台: 1500万 instead of 500万)."""

    flag: str
    cap: Cited[Money]


class EnterpriseCap(_Frozen):
    """At most ``cap`` for one enterprise over the ledger's awards under ``items`` (this one included),
    per year where ``per_year``; the award is cut to what remains."""

    kind: Literal["enterprise_cap"] = "enterprise_cap"
    items: frozenset[str]
    cap: Cited[Money]
    per_year: bool = False
    upgrade: CapUpgrade | None = None


class YearsLimit(_Frozen):
    """An enterprise may be awarded under ``items`` in at most ``years`` distinct years."""

    kind: Literal["years"] = "years"
    items: frozenset[str]
    years: Cited[int]


class StackingCap(_Frozen):
    """Every award recorded for the project (any programme, level or recipient) plus this one must
    not exceed the project's investment (``investment_measure``)."""

    kind: Literal["stacking"] = "stacking"
    investment_measure: str = "project.actual_investment"
    citation: Citation


class OncePerEnterprise(_Frozen):
    """An enterprise already awarded under ``items`` may not be awarded again (within the policy)."""

    kind: Literal["once"] = "once"
    items: frozenset[str]
    citation: Citation


class TopUp(_Frozen):
    """Pay only the difference over what the enterprise already received under ``items``
    (「按累计奖补的差额进行奖励」)."""

    kind: Literal["top_up"] = "top_up"
    items: frozenset[str]
    citation: Citation


LedgerRule = Annotated[
    EnterpriseCap | OncePerEnterprise | TopUp | YearsLimit | StackingCap, Field(discriminator="kind")
]


class ContractFiling(_Frozen):
    """Contracts signed on or after ``since`` must be filed on a platform, or they are not counted."""

    since: Cited[date]
    platform: str


class ProjectRules(_Registered):
    """An item that pays a rate on a declared project amount (e.g. a cluster pilot's actual total
    investment), after its conditions: the family of the cluster-pilot documents.

    ``award = min(cap, rate × base)``, rounded once half-up to the 分; an optional budget reserve is
    ``reserve_rate × planned investment`` (a budget line, not a payment).
    """

    programme: str
    key: str
    topic_key: str
    topic: str
    name: str
    basis: Citation
    base_measure: str = "project.actual_investment"
    pays: bool = True
    """``False`` for an item that sets conditions and targets but no amount (e.g. a work plan)."""
    rate: Cited[Ratio] | None
    """``None`` for a lump sum (「给予一次性奖励最高不超过……」): the award is the decided amount
    (``Application.decided_amount``) where given, else the cap."""
    cap: Cited[Money] | None = None
    minimum: Cited[Money] | None = None
    minimum_measure: str = "project.actual_investment"
    reserve_rate: Cited[Ratio] | None = None
    reserve_measure: str = "project.planned_investment"
    rate_classes: RateClasses | None = None
    """Where set, the rate is chosen by the project's region (``rate`` is the fallback shown when
    the region is unknown, which fails the assessment)."""
    rate_upgrade: RateUpgrade | None = None
    cap_upgrade: CapUpgrade | None = None
    ledger_rules: tuple[LedgerRule, ...] = ()
    """Caps, bars and top-ups that read the ledger of earlier awards."""
    stages: tuple[Stage, ...] = ()
    quota: Cited[int] | None = None
    ranking: Ranking = Ranking.REVIEW_SCORE
    ranking_citation: Citation | None = None
    joint_forbidden: Citation | None = None
    """「不允许联合申报」: partners are a failure, with this clause."""
    registered_province: Cited[str] | None = None
    """The lead unit must be registered in this province."""
    application_deadline: Cited[Deadline] | None = None
    """The last moment an application counts (a policy's 有效期)."""
    contract_filing: ContractFiling | None = None
    ecosystem: EcosystemIntegrity | None = None
    conditions: tuple[Condition, ...] = ()
    reviews: tuple[Review, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> ProjectRules:
        _check_conditions(self.key, self.conditions)
        for name in ("base_measure", "minimum_measure", "reserve_measure"):
            if getattr(self, name) not in MONEY_MEASURES:
                raise ValueError(
                    f"{self.key}: {name} {getattr(self, name)!r} is not a money measure: "
                    f"expected one of {sorted(MONEY_MEASURES)}"
                )
        if self.pays and self.rate is None and self.cap is None:
            raise ValueError(f"{self.key}: a lump sum (rate None) needs a cap")
        for rate in (self.rate, self.rate_upgrade.rate if self.rate_upgrade else None):
            if rate is not None and not 0 <= rate.value.value <= 1:
                raise ValueError(f"{self.key}: rate {rate.value.percent()} is outside 0%..100%")
        if self.stages:
            total = sum((stage.share.value.value for stage in self.stages), start=Ratio(0).value)
            if total != 1:
                raise ValueError(f"{self.key}: stage shares add up to {Ratio(total).percent()}: expected 100%")
            for stage in self.stages:
                for gate in (stage.gate, stage.clawback_gate):
                    if gate is not None and (gate not in MEASURES or not gate.startswith("facts.")):
                        raise ValueError(f"{self.key}: stage gate {gate!r} is not a yes/no fact")
        if self.rate_classes is not None:
            unknown = set(self.rate_classes.cities.value.values()) - set(self.rate_classes.rates)
            if unknown:
                raise ValueError(f"{self.key}: classes {sorted(unknown)} have no rate")
        return self

    def assess(self, application: Application, ledger: Ledger | None = None) -> Assessment:
        """Assess one application under this item; see :func:`subsidycalc.projects.assess_project`."""
        from .projects import assess_project

        return assess_project(self, application, ledger)


AnyRules = DirectionRules | ProjectRules
"""Any registered rules object: both families share ``programme``, ``key``, ``ref``, ``topic_key``,
``name``, ``quota``, ``ranking`` and ``assess``."""


def _measures_of(rule: Compare | ShareOf | Flag | Tenure | Indicator) -> tuple[str, ...]:
    if isinstance(rule, Indicator):
        return ()
    if isinstance(rule, ShareOf):
        return (rule.numerator, rule.denominator)
    if isinstance(rule, Tenure):
        return (rule.since,)
    return (rule.measure,)


def _check_conditions(key: str, conditions: tuple[Condition, ...]) -> None:
    for condition in conditions:
        for rule in condition.rules if isinstance(condition, AnyOf) else (condition,):
            for measure in _measures_of(rule):
                if measure not in MEASURES:
                    raise ValueError(
                        f"{key}: rule {rule.name!r} names unknown measure {measure!r}: "
                        f"expected one of {sorted(MEASURES)}"
                    )
            if isinstance(rule, Compare):
                _check_threshold_type(key, rule)


def _check_threshold_type(key: str, rule: Compare) -> None:
    value = rule.threshold.value
    is_money_measure = rule.measure in MONEY_MEASURES
    if is_money_measure != isinstance(value, Money):
        raise ValueError(
            f"{key}: rule {rule.name!r} compares {rule.measure!r} with {value!r}: expected "
            f"{'an amount' if is_money_measure else 'a ratio or count'} as threshold"
        )
    if not is_money_measure:
        field = Facts.model_fields[rule.measure.removeprefix("facts.")]
        wants_count = "int" in str(field.annotation)
        if wants_count != (isinstance(value, int) and not isinstance(value, bool)):
            raise ValueError(
                f"{key}: rule {rule.name!r} compares {rule.measure!r} with {value!r}: expected "
                f"{'a count' if wants_count else 'a ratio'} as threshold"
            )


def values_of(value: object, kind: type[V]) -> Iterator[V]:
    """Every ``kind`` inside rule data: through model fields, tuples, sets and mappings.

    >>> from subsidycalc.citations import Citation
    >>> from subsidycalc.registry import get
    >>> len(list(values_of(get("doumen-2023/direction_1"), Citation))) > 10
    True
    """
    if isinstance(value, kind):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from values_of(getattr(value, name), kind)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from values_of(item, kind)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from values_of(item, kind)


def evolve(model: M, **changes: Any) -> M:
    """A copy of a frozen model with some fields changed, **re-validated** as a whole.

    Unlike ``model_copy(update=...)``, a change that breaks the model's invariants raises.

    >>> from subsidycalc.policies import doumen_2023_guide as doumen
    >>> from subsidycalc.money import Money
    >>> cap = evolve(doumen.DIRECTION_1.cap, value=Money.from_wan(120), reform="cap120")
    >>> evolve(doumen.DIRECTION_1, cap=cap).cap.value.format_wan()
    '120万元'
    """
    unknown = sorted(set(changes) - set(type(model).model_fields))
    if unknown:
        raise ValueError(
            f"{type(model).__name__} has no field {', '.join(unknown)}: expected one of "
            f"{sorted(type(model).model_fields)}"
        )
    data = {name: getattr(model, name) for name in type(model).model_fields}
    data.update(changes)
    return type(model).model_validate(data)
