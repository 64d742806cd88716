"""Rule data: the declarative, cited parameters of one direction (方向) or item of a policy.

A direction is *data*: windows, cost categories, minimum, rate, cap, quota, and a tuple of
conditions, each a comparison of a named **measure** against a cited threshold. Each rules object
is built from **parts** (:meth:`DirectionRules.parts`): gates (:mod:`subsidycalc.gates`), a base
(:mod:`subsidycalc.bases`), the minimum, conditions and reviews (:mod:`subsidycalc.conditions`),
and a payout (:mod:`subsidycalc.payout`); each part owns its check and its reason codes, and the
engine (:mod:`subsidycalc.engine`) is one loop over them. A what-if is a copy with one field
changed, made with :func:`evolve`, which re-validates the copy.

The two families differ in their base, not in their engine: :class:`DirectionRules` pays on
invoices (斗门), :class:`ProjectRules` on a declared project amount, a decided amount or a lump sum
(the cluster pilots, 中山).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any, TypeVar, cast

from pydantic import BaseModel, model_validator

from . import engine
from .bases import DeclaredBase, InvoiceBase, PurchaseBasis, facts_read
from .citations import Citation, Cited
from .conditions import (
    FACT_LABELS,
    MEASURES,
    MONEY_MEASURES,
    AnyOf,
    Compare,
    Condition,
    Conditions,
    Flag,
    Indicator,
    Minimum,
    Op,
    Review,
    Reviews,
    ShareOf,
    Tenure,
    check_conditions,
)
from .gates import (
    ApplicationDeadline,
    CertificationRequired,
    ClusterMembership,
    ContractFiling,
    DistrictRule,
    DocumentRequirement,
    Documents,
    EcosystemIntegrity,
    IntegrityRule,
    JointForbidden,
    JointRule,
    PriorFunding,
    ProviderRule,
    ProvinceRule,
    SubmissionDeadlines,
    UnstatedJoint,
)
from .ledger import Ledger
from .models import Application, Category, Certification, FundingLevel
from .money import Money, Ratio
from .parts import Part, RuleData
from .payout import (
    CapUpgrade,
    EnterpriseCap,
    LedgerRule,
    OncePerEnterprise,
    Payout,
    RateClasses,
    RateUpgrade,
    StackingCap,
    Stage,
    TopUp,
    YearsLimit,
)
from .periods import DateWindow, Deadline
from .result import Assessment

__all__ = [
    "FACT_LABELS",
    "MEASURES",
    "MONEY_MEASURES",
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
    "LedgerRule",
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


class Ranking(StrEnum):
    """How applicants to one direction are ranked for its quota (排序依据)."""

    REVIEW_SCORE = "review_score"
    """By the external review score (评审得分), highest first: the text leaves ranking to review."""
    REVIEW_SCORE_THEN_CONTRACT_TIME = "review_score_then_contract_time"
    """By review score, then 「同等条件下，优先支持在惠企利民先行递交合同的企业」: earlier contract first."""
    CERTIFICATION_DATE = "certification_date"
    """赛马: the earliest 试点认定 first."""


class _Registered(RuleData):
    """What every registered rules object shares: where the registry files it."""

    programme: str
    key: str

    @property
    def ref(self) -> str:
        """``doumen-2023/direction_3``: the key the registry files these rules under."""
        return f"{self.programme}/{self.key}"

    def facts_read(self) -> frozenset[str]:
        """The facts (fields of :class:`~subsidycalc.models.Facts`) these rules read: their
        conditions, their payout's gates and flags, and the certification date where applicants
        are ranked by it. An application may declare these facts and no others."""
        found = set(engine.facts_read(cast(engine.Assessable, self)))
        if getattr(self, "ranking", None) is Ranking.CERTIFICATION_DATE:
            found.add("certified_on")
        return frozenset(found)


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
    district: DistrictRule | None = None
    """Where the text requires the enterprise to be registered (斗门: 商事登记、税务登记及统计归属)."""
    integrity: IntegrityRule | None = None
    deadlines: SubmissionDeadlines | None = None
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
        check_conditions(self.key, self.conditions)
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

    def parts(self) -> tuple[Part, ...]:
        """The direction's parts in the order they are checked: who may apply, the invoices, the
        providers and partners, the minimum, the conditions, prior funding, deadlines, documents."""
        found: list[Part] = [gate for gate in (self.district, self.integrity) if gate is not None]
        if self.clusters is not None:
            found.append(ClusterMembership(clusters=self.clusters))
        found.extend(CertificationRequired(certification=cert) for cert in self.certifications)
        found.append(
            InvoiceBase(
                window=self.window,
                counted=self.counted,
                excluded=self.excluded,
                base=self.base,
                base_includes_scenarios=self.base_includes_scenarios,
                purchase_basis=self.purchase_basis,
                providers=self.providers,
                facts_needed=facts_read(self.conditions),
            )
        )
        if self.providers is not None:
            found.append(self.providers)
        found.append(self.joint if self.joint is not None else UnstatedJoint())
        found.append(Minimum(measure=self.minimum_measure, minimum=self.minimum))
        found.append(Conditions(self.conditions))
        if self.prior_funding_levels is not None:
            found.append(PriorFunding(levels=self.prior_funding_levels))
        if self.deadlines is not None:
            found.append(self.deadlines)
        if self.documents:
            found.append(Documents(self.documents))
        found.append(Reviews(self.reviews))
        return tuple(found)

    def payout(self) -> Payout:
        """Rate on the award base, then the cap."""
        return Payout(
            programme=self.programme, basis=self.basis, base_measure="award_base", rate=self.rate, cap=self.cap
        )

    def assess(self, application: Application, ledger: Ledger | None = None) -> Assessment:
        """Assess one application under this direction; see :func:`subsidycalc.engine.assess`."""
        return engine.assess(self, application, ledger)


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
        check_conditions(self.key, self.conditions)
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

    def parts(self) -> tuple[Part, ...]:
        """The item's parts in the order they are checked: where the lead is registered, the
        deadline, the ecosystem, contract filing, joint applications, the declared amounts, the
        minimum, the conditions, the reviews."""
        found: list[Part] = []
        if self.registered_province is not None:
            found.append(ProvinceRule(province=self.registered_province))
        if self.application_deadline is not None:
            found.append(ApplicationDeadline(deadline=self.application_deadline))
        if self.ecosystem is not None:
            found.append(self.ecosystem)
        if self.contract_filing is not None:
            found.append(self.contract_filing)
        if self.joint_forbidden is not None:
            found.append(JointForbidden(citation=self.joint_forbidden))
        found.append(DeclaredBase())
        if self.minimum is not None:
            found.append(Minimum(measure=self.minimum_measure, minimum=self.minimum))
        found.append(Conditions(self.conditions))
        found.append(Reviews(self.reviews))
        return tuple(found)

    def payout(self) -> Payout:
        """Budget reserve, rate (by region, upgraded) or lump sum, cap (upgraded), decided amount,
        ledger rules, stages."""
        return Payout(
            programme=self.programme,
            basis=self.basis,
            base_measure=self.base_measure,
            rate=self.rate,
            cap=self.cap,
            pays=self.pays,
            decided_applies=True,
            reserve_rate=self.reserve_rate,
            reserve_measure=self.reserve_measure,
            rate_classes=self.rate_classes,
            rate_upgrade=self.rate_upgrade,
            cap_upgrade=self.cap_upgrade,
            ledger_rules=self.ledger_rules,
            stages=self.stages,
        )

    def assess(self, application: Application, ledger: Ledger | None = None) -> Assessment:
        """Assess one application under this item; see :func:`subsidycalc.engine.assess`."""
        return engine.assess(self, application, ledger)


AnyRules = DirectionRules | ProjectRules
"""Any registered rules object: both families share ``programme``, ``key``, ``ref``, ``topic_key``,
``name``, ``quota``, ``ranking`` and ``assess``."""


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
