"""Rule data: one `Rule` type, built from parts, for every direction (方向), sub-line or item.

A rule is *data*: a base ([`subsidycalc.parts.bases`][subsidycalc.parts.bases]: invoices in a window of the counted cost
categories, a declared amount, a lump sum, nothing), the gates its text states
([`subsidycalc.parts.gates`][subsidycalc.parts.gates]), the minimum, the conditions — each a comparison of a named **measure**
against a cited threshold — and the reviews ([`subsidycalc.parts.conditions`][subsidycalc.parts.conditions]), a payout
([`subsidycalc.parts.payout`][subsidycalc.parts.payout]), the quota and the ranking. Each part owns its check and its reason
codes; the engine ([`subsidycalc.engine`][subsidycalc.engine]) is one loop over them. A what-if is a copy with one
field changed, made with `evolve`, which re-validates the copy.

`DirectionRules` (the invoice family, 斗门) and `ProjectRules` (the project family:
cluster pilots, 中山) build a rule from their familiar keywords.

```pycon
>>> from subsidycalc.policies import doumen_2023_guide as doumen
>>> rules = doumen.DIRECTION_3
>>> kinds = tuple(gate.kind for gate in rules.gates)
>>> rules.base.kind, kinds[:3], rules.payout.cap.value.format_wan()
('invoices', ('district', 'integrity', 'clusters'), '150万元')

```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import Any, Final, TypeVar

from pydantic import BaseModel, model_validator

from . import engine
from .citations import Citation, Cited
from .ledger import Ledger
from .models import Application, Category, Certification, FundingLevel
from .money import Money, Ratio
from .parts import Part, RuleData
from .parts.bases import Base, DeclaredBase, InvestmentItems, InvoiceBase, LumpSum, NoAward, PurchaseBasis
from .parts.conditions import (
    FACT_LABELS,
    INVOICE_MEASURES,
    MEASURES,
    MONEY_MEASURES,
    AnyOf,
    Compare,
    Condition,
    Conditions,
    Flag,
    Indicator,
    IndicatorBranch,
    Minimum,
    Op,
    Review,
    Reviews,
    ShareOf,
    Tenure,
    WhenJoined,
    check_conditions,
    facts_of,
    is_yes_no,
    measures_read,
)
from .parts.gates import (
    ApplicationDeadline,
    CertificationRequired,
    ClusterMembership,
    ContractFiling,
    DistrictRule,
    DocumentRequirement,
    Documents,
    EcosystemIntegrity,
    Gate,
    GateStage,
    IntegrityRule,
    JointForbidden,
    JointRule,
    Jurisdiction,
    PriorFunding,
    ProviderRule,
    ProvinceRule,
    ScopeRule,
    SubmissionDeadlines,
    UnstatedJoint,
)
from .parts.life import Phase
from .parts.payout import (
    CapUpgrade,
    EnterpriseCap,
    LedgerRule,
    OncePerEnterprise,
    Payout,
    ProjectCap,
    RateClasses,
    RateUpgrade,
    StackingCap,
    Stage,
    TopUp,
    YearsLimit,
)
from .periods import DateWindow, Deadline
from .result import Assessment
from .stages import LifeStage

__all__ = [
    "FACT_LABELS",
    "FAMILY_NAMES",
    "FIELD_ALIASES",
    "GATE_ALIASES",
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
    "IndicatorBranch",
    "IntegrityRule",
    "InvestmentItems",
    "JointRule",
    "Jurisdiction",
    "LedgerRule",
    "LifeStage",
    "OncePerEnterprise",
    "Op",
    "Phase",
    "ProjectCap",
    "ProjectRules",
    "ProviderRule",
    "PurchaseBasis",
    "Ranking",
    "RateClasses",
    "RateUpgrade",
    "Review",
    "Rule",
    "ScopeRule",
    "ShareOf",
    "StackingCap",
    "Stage",
    "SubmissionDeadlines",
    "Tenure",
    "TopUp",
    "Unit",
    "WhenJoined",
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
    REVIEW_SCORE_THEN_PRIORITY = "review_score_then_priority"
    """By review score, then the priority the text names (斗门 方向二 「优先支持白蕉海鲈产业发展」): among
    equal scores, an application declaring it (``facts.priority_supported``) first; undeclared is no
    priority."""


class Unit(StrEnum):
    """What a quota or a cap counts, as its text words it."""

    APPLICATION = "application"
    """个、项: each application (project) counts, e.g. 「每年支持的示范项目数原则上不超过2个」."""
    ENTERPRISE = "enterprise"
    """家、每家企业: each enterprise counts once, across its applications to the direction in one
    round, e.g. 「每家企业最高给予20万元，最多补贴30家」."""


FIELD_ALIASES: dict[str, tuple[str, str]] = {
    "window": ("base", "window"),
    "counted": ("base", "counted"),
    "excluded": ("base", "excluded"),
    "base_includes_scenarios": ("base", "base_includes_scenarios"),
    "purchase_basis": ("base", "purchase_basis"),
    **{name: ("payout", name) for name in (
        "rate", "cap", "reserve_rate", "reserve_measure", "rate_classes", "rate_upgrade", "cap_upgrade",
        "ledger_rules", "stages", "payment_years",
    )},
}
"""Names of the two families' fields that now live inside a part: `evolve` and scenario
paths accept them (``direction_1.cap`` is ``direction_1.payout.cap``)."""

GATE_ALIASES: Final[dict[str, tuple[type, Callable[[Any], Any]]]] = {
    "district": (DistrictRule, DistrictRule.model_validate),
    "scope": (ScopeRule, ScopeRule.model_validate),
    "jurisdiction": (Jurisdiction, Jurisdiction.model_validate),
    "integrity": (IntegrityRule, IntegrityRule.model_validate),
    "deadlines": (SubmissionDeadlines, SubmissionDeadlines.model_validate),
    "providers": (ProviderRule, ProviderRule.model_validate),
    "joint": (JointRule, JointRule.model_validate),
    "ecosystem": (EcosystemIntegrity, EcosystemIntegrity.model_validate),
    "contract_filing": (ContractFiling, ContractFiling.model_validate),
    "clusters": (ClusterMembership, lambda v: ClusterMembership(clusters=v)),
    "prior_funding_levels": (PriorFunding, lambda v: PriorFunding(levels=v)),
    "documents": (Documents, lambda v: Documents(documents=tuple(v)) if v else None),
    "registered_province": (ProvinceRule, lambda v: ProvinceRule(province=v)),
    "application_deadline": (ApplicationDeadline, lambda v: ApplicationDeadline(deadline=v)),
    "joint_forbidden": (JointForbidden, lambda v: JointForbidden(citation=v)),
}
"""The two families' names for gates: ``evolve(rules, district=…)`` replaces (``None``: removes) the
gate of that kind, and scenario paths reach into it (``direction_1.district.district``)."""

FAMILY_NAMES: Final = frozenset({*FIELD_ALIASES, *GATE_ALIASES, "certifications", "pays", "base_measure"})
"""Every name of the two families that `evolve` accepts beside a rule's fields."""

_GATE_ORDER: Final = (
    "scope", "district", "province", "jurisdiction", "integrity", "application_deadline", "ecosystem", "contract_filing",
    "joint_forbidden", "clusters", "certification", "providers", "joint", "unstated_joint", "prior_funding", "deadlines",
    "documents",
)
"""Where the two families' constructors put each gate kind: a gate added by name goes there."""


def _insert(gates: list[Any], gate: Any) -> list[Any]:
    """``gates`` with ``gate`` before the first gate the families' constructors put after it."""
    rank = _GATE_ORDER.index(gate.kind)
    at = next((i for i, g in enumerate(gates) if _GATE_ORDER.index(g.kind) > rank), len(gates))
    return [*gates[:at], gate, *gates[at:]]


class Rule(RuleData):
    """One direction (方向), sub-line or item of a policy, built from parts.

    * identity and basis: ``programme``, ``key``, ``topic_key``, ``topic``, ``name``, ``basis``;
    * a **base** ([`subsidycalc.parts.bases`][subsidycalc.parts.bases]): invoices in a window, a declared amount, a lump sum,
      or nothing;
    * **gates** ([`subsidycalc.parts.gates`][subsidycalc.parts.gates]): who may apply and when, each checked at its stage
      ([`GateStage`][subsidycalc.parts.gates.GateStage]), in the order listed within a stage;
    * the **minimum**, the **conditions** and the **reviews** ([`subsidycalc.parts.conditions`][subsidycalc.parts.conditions]);
    * a **payout** ([`subsidycalc.parts.payout`][subsidycalc.parts.payout]): rate, classes, upgrades, cap, decided amounts,
      ledger rules, stages;
    * the **quota** and the **ranking** of applicants for it.

    A document states only the parts its text has. `DirectionRules` and
    `ProjectRules` build one from the familiar keywords of the invoice and project families.
    """

    programme: str
    key: str
    topic_key: str
    """Short id of the 专题 (``topic_18``), for budgets and exclusion rules."""
    topic: str
    name: str
    basis: Citation
    base: Base
    gates: tuple[Gate, ...] = ()
    minimum: Cited[Money] | None = None
    minimum_measure: str = "eligible_spend"
    """The money measure the minimum is compared with (``>=``, 不低于)."""
    conditions: tuple[Condition, ...] = ()
    reviews: tuple[Review, ...] = ()
    payout: Payout = Payout()
    quota: Cited[int] | None = None
    quota_unit: Unit = Unit.APPLICATION
    """What the quota counts (its clause is the quota's): 家 counts enterprises, 个/项 applications."""
    cap_unit: Unit = Unit.APPLICATION
    """What the payout's cap bounds (its clause is the cap's): 「每家企业最高……」 bounds each enterprise's
    awards in the direction across its applications in one round."""
    ranking: Ranking = Ranking.REVIEW_SCORE
    ranking_citation: Citation | None = None
    """The clause behind a ranking rule the text states (方向六); ``None`` where it leaves it to review."""
    life: tuple[Phase, ...] = ()
    """The stages of an application's life after 申报, each with the facts first required there
    ([`subsidycalc.parts.life`][subsidycalc.parts.life]); ``()``: decided at once."""
    stage: LifeStage | None = None
    """The stage these rules decide (the 入库 rules of a pilot: ``LISTING``): what ``assess`` checks
    by default. ``None``: the whole life."""

    @property
    def ref(self) -> str:
        """``doumen-2023/direction_3``: the key the registry files these rules under."""
        return f"{self.programme}/{self.key}"

    @property
    def reads_history(self) -> bool:
        """Whether an award depends on earlier awards (ledger rules, a prior-funding bar): in a
        round, such an application is assessed again against the awards granted before it."""
        return bool(self.payout.ledger_rules) or any(isinstance(g, PriorFunding) for g in self.gates)

    def phase_of(self, subject: str) -> Phase | None:
        """The phase where a fact (a check's subject) is first required; ``None``: from the application on."""
        return next((phase for phase in self.life if subject in phase.facts), None)

    @property
    def invoice_based(self) -> bool:
        """Whether the base is invoices in a window (the columnar engine's family)."""
        return isinstance(self.base, InvoiceBase)

    @model_validator(mode="after")
    def _coherent(self) -> Rule:
        check_conditions(self.key, self.conditions)
        _check_life(self.key, self.life, self.stage)
        payout = self.payout
        for name, measure in (("minimum_measure", self.minimum_measure), ("reserve_measure", payout.reserve_measure)):
            if measure not in MONEY_MEASURES:
                raise ValueError(
                    f"{self.key}: {name} {measure!r} is not a money measure: expected one of {sorted(MONEY_MEASURES)}"
                )
        if isinstance(self.base, DeclaredBase) and self.base.measure not in MONEY_MEASURES:
            raise ValueError(
                f"{self.key}: base_measure {self.base.measure!r} is not a money measure: "
                f"expected one of {sorted(MONEY_MEASURES)}"
            )
        if isinstance(self.base, (InvoiceBase, DeclaredBase)) and payout.rate is None:
            raise ValueError(f"{self.key}: a base of {self.base.kind} needs a rate")
        if isinstance(self.base, LumpSum) and payout.cap is None:
            raise ValueError(f"{self.key}: a lump sum (rate None) needs a cap")
        if isinstance(self.base, LumpSum) and payout.rate is not None:
            raise ValueError(f"{self.key}: a lump sum takes no rate: expected a declared base for a rate")
        if not isinstance(self.base, InvoiceBase):
            reads = {"minimum_measure": self.minimum_measure if self.minimum is not None else None,
                     "base_measure": self.base.measure, "reserve_measure": payout.reserve_measure}
            reads.update({f"condition reading {m}": m for m in measures_read(self.conditions)})
            invoice = sorted(f"{what} {m!r}" for what, m in reads.items() if m in INVOICE_MEASURES)
            if invoice:
                raise ValueError(
                    f"{self.key}: {', '.join(invoice)} is counted from invoices, but the base is "
                    f"{self.base.kind}: expected a declared measure ({', '.join(sorted(set(MONEY_MEASURES) - INVOICE_MEASURES))})"
                )
        for rule in payout.ledger_rules:
            if isinstance(rule, StackingCap) and (
                rule.investment_measure not in MONEY_MEASURES
                or (rule.investment_measure in INVOICE_MEASURES and not isinstance(self.base, InvoiceBase))
            ):
                raise ValueError(
                    f"{self.key}: stacking cap on {rule.investment_measure!r}: expected a declared money measure "
                    f"({', '.join(sorted(set(MONEY_MEASURES) - INVOICE_MEASURES))})"
                )
        for flag in payout.flags():
            if not is_yes_no(flag):
                raise ValueError(f"{self.key}: {flag!r} gates a payment or an upgrade: expected a yes/no fact")
        single = [g.kind for g in self.gates if not isinstance(g, CertificationRequired)]
        twice = sorted({kind for kind in single if single.count(kind) > 1})
        if twice:
            raise ValueError(f"{self.key}: gates {twice} appear more than once: expected each at most once")
        for rate in (payout.rate, payout.rate_upgrade.rate if payout.rate_upgrade else None):
            if rate is not None and not 0 <= rate.value.value <= 1:
                raise ValueError(f"{self.key}: rate {rate.value.percent()} is outside 0%..100%")
        for amount in (payout.cap, self.minimum):
            if amount is not None and amount.value.fen < 0:
                raise ValueError(f"{self.key}: cap and minimum must be >= 0")
        if self.quota is not None and self.quota.value < 0:
            raise ValueError(f"{self.key}: quota {self.quota.value} must be >= 0")
        if payout.stages:
            total = sum((stage.share.value.value for stage in payout.stages), start=Ratio(0).value)
            if total != 1:
                raise ValueError(f"{self.key}: stage shares add up to {Ratio(total).percent()}: expected 100%")
        if payout.rate_classes is not None:
            unknown = set(payout.rate_classes.cities.value.values()) - set(payout.rate_classes.rates)
            if unknown:
                raise ValueError(f"{self.key}: classes {sorted(unknown)} have no rate")
        return self

    def parts(self) -> tuple[Part, ...]:
        """The parts in the order they are checked: the gates on the applicant, the base, the gates
        on the purchases and partners, the minimum, the conditions, the gates on history and
        paperwork, the reviews."""
        by_stage = sorted(self.gates, key=lambda gate: gate.stage)
        found: list[Part] = [g for g in by_stage if g.stage is GateStage.APPLICANT]
        facts = facts_of(self.conditions) | self.payout.facts()  # what the steps and the payout read
        found.append(self.base.bind(self.gate(ProviderRule), facts))
        found += [g for g in by_stage if g.stage is GateStage.PURCHASES]
        if self.minimum is not None:
            found.append(Minimum(measure=self.minimum_measure, minimum=self.minimum))
        found.append(Conditions(self.conditions))
        found += [g for g in by_stage if g.stage is GateStage.SUBMISSION]
        found.append(Reviews(self.reviews))
        return tuple(found)

    def gate(self, kind: type[G]) -> G | None:
        """The first gate of a kind, e.g. ``rules.gate(DistrictRule)`` (``None`` where the text has none)."""
        return next((g for g in self.gates if isinstance(g, kind)), None)

    def facts_read(self) -> frozenset[str]:
        """The facts (fields of [`Facts`][subsidycalc.models.Facts]) these rules read: their
        conditions, their payout's gates and flags, and the certification date where applicants
        are ranked by it. An application may declare these facts and no others."""
        found = set(engine.facts_read(self))
        if self.ranking is Ranking.CERTIFICATION_DATE:
            found.add("certified_on")
        if self.ranking is Ranking.REVIEW_SCORE_THEN_PRIORITY:
            found.add("priority_supported")
        return frozenset(found)

    def fact_citations(self) -> dict[str, Citation | None]:
        """Each fact these rules read, with the clause of the first part that reads it."""
        found: dict[str, Citation | None] = {}

        def note(measure: str, citation: Citation | None) -> None:
            if measure.startswith("facts."):
                found.setdefault(measure.removeprefix("facts."), citation)

        for condition in self.conditions:
            if isinstance(condition, WhenJoined):
                note(condition.joined, condition.citation)
                for part in condition.rules:
                    if isinstance(part, Indicator):
                        found.setdefault("indicators", part.threshold.citation)
                    elif isinstance(part, Tenure):
                        note(part.since, part.years.citation)
                    elif isinstance(part, Compare):
                        note(part.measure, part.threshold.citation)
                    else:
                        note(part.measure, part.citation)
            elif isinstance(condition, Indicator):
                found.setdefault("indicators", condition.threshold.citation)
            elif isinstance(condition, AnyOf):
                for alternative in condition.rules:
                    note(alternative.measure, condition.citation)
            elif isinstance(condition, Tenure):
                note(condition.since, condition.years.citation)
            elif isinstance(condition, Compare):
                note(condition.measure, condition.threshold.citation)
            elif isinstance(condition, Flag):
                note(condition.measure, condition.citation)
        payout = self.payout
        for stage in payout.stages:
            note(stage.gate, stage.share.citation)
            if stage.clawback_gate:
                note(stage.clawback_gate, stage.clawback_citation)
        if payout.split_flag is not None:
            note(payout.split_flag, payout.split_citation)
        if payout.single_stage is not None:
            note(payout.single_stage.gate, payout.single_stage.share.citation)
        for upgrade in (payout.rate_upgrade, payout.cap_upgrade):
            if upgrade is not None:
                note(upgrade.flag, (upgrade.rate if isinstance(upgrade, RateUpgrade) else upgrade.cap).citation)
        for rule in payout.ledger_rules:
            if isinstance(rule, EnterpriseCap) and rule.upgrade is not None:
                note(rule.upgrade.flag, rule.upgrade.cap.citation)
        if self.ranking is Ranking.CERTIFICATION_DATE:
            found.setdefault("certified_on", self.ranking_citation)
        if self.ranking is Ranking.REVIEW_SCORE_THEN_PRIORITY:
            found.setdefault("priority_supported", self.ranking_citation)
        return {name: found.get(name) for name in sorted(self.facts_read())}

    def assess(self, application: Application, ledger: Ledger | None = None, stage: LifeStage | None = None) -> Assessment:
        """Assess one application under these rules (at ``stage`` of its life, default the rules'
        own); see [`subsidycalc.engine.assess`][subsidycalc.engine.assess]."""
        return engine.assess(self, application, ledger, stage)

    # -- the two families' names for values inside the parts (read-only) ------------------------

    @property
    def rate(self) -> Cited[Ratio] | None:
        return self.payout.rate

    @property
    def cap(self) -> Cited[Money] | None:
        return self.payout.cap

    @property
    def window(self) -> Cited[DateWindow] | None:
        return self.base.window if isinstance(self.base, InvoiceBase) else None

    @property
    def counted(self) -> Cited[frozenset[Category]] | None:
        return self.base.counted if isinstance(self.base, InvoiceBase) else None

    @property
    def excluded(self) -> Cited[frozenset[Category]] | None:
        return self.base.excluded if isinstance(self.base, InvoiceBase) else None

    @property
    def base_includes_scenarios(self) -> bool:
        return isinstance(self.base, InvoiceBase) and self.base.base_includes_scenarios

    @property
    def purchase_basis(self) -> Cited[PurchaseBasis] | None:
        return self.base.purchase_basis if isinstance(self.base, InvoiceBase) else None

    @property
    def base_measure(self) -> str:
        return self.base.measure

    @property
    def pays(self) -> bool:
        return not isinstance(self.base, NoAward)

    @property
    def district(self) -> DistrictRule | None:
        return self.gate(DistrictRule)

    @property
    def integrity(self) -> IntegrityRule | None:
        return self.gate(IntegrityRule)

    @property
    def deadlines(self) -> SubmissionDeadlines | None:
        return self.gate(SubmissionDeadlines)

    @property
    def clusters(self) -> Cited[frozenset[str]] | None:
        found = self.gate(ClusterMembership)
        return None if found is None else found.clusters

    @property
    def certifications(self) -> tuple[Cited[Certification], ...]:
        return tuple(g.certification for g in self.gates if isinstance(g, CertificationRequired))

    @property
    def providers(self) -> ProviderRule | None:
        return self.gate(ProviderRule)

    @property
    def joint(self) -> JointRule | None:
        return self.gate(JointRule)

    @property
    def prior_funding_levels(self) -> Cited[frozenset[FundingLevel]] | None:
        found = self.gate(PriorFunding)
        return None if found is None else found.levels

    @property
    def documents(self) -> tuple[DocumentRequirement, ...]:
        found = self.gate(Documents)
        return () if found is None else found.documents

    @property
    def joint_forbidden(self) -> Citation | None:
        found = self.gate(JointForbidden)
        return None if found is None else found.citation

    @property
    def registered_province(self) -> Cited[str] | None:
        found = self.gate(ProvinceRule)
        return None if found is None else found.province

    @property
    def application_deadline(self) -> Cited[Deadline] | None:
        found = self.gate(ApplicationDeadline)
        return None if found is None else found.deadline

    @property
    def contract_filing(self) -> ContractFiling | None:
        return self.gate(ContractFiling)

    @property
    def ecosystem(self) -> EcosystemIntegrity | None:
        return self.gate(EcosystemIntegrity)

    @property
    def reserve_rate(self) -> Cited[Ratio] | None:
        return self.payout.reserve_rate

    @property
    def reserve_measure(self) -> str:
        return self.payout.reserve_measure

    @property
    def rate_classes(self) -> RateClasses | None:
        return self.payout.rate_classes

    @property
    def rate_upgrade(self) -> RateUpgrade | None:
        return self.payout.rate_upgrade

    @property
    def cap_upgrade(self) -> CapUpgrade | None:
        return self.payout.cap_upgrade

    @property
    def ledger_rules(self) -> tuple[LedgerRule, ...]:
        return self.payout.ledger_rules

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self.payout.stages


G = TypeVar("G")


def _check_life(key: str, life: tuple[Phase, ...], stage: LifeStage | None) -> None:
    orders = [phase.stage.order for phase in life]
    if orders != sorted(set(orders)):
        raise ValueError(f"{key}: phases {[p.stage.value for p in life]}: expected each stage once, in order")
    seen: dict[str, str] = {}
    for phase in life:
        for fact in sorted(phase.facts):
            if fact in seen:
                raise ValueError(f"{key}: {fact!r} is first required at both {seen[fact]} and {phase.stage.value}")
            if not (fact == "ledger" or fact in MEASURES or fact.startswith(("facts.", "project.", "documents"))):
                raise ValueError(
                    f"{key}: phase {phase.stage.value} names {fact!r}: expected a measure, a fact (facts.…) or 'ledger'"
                )
            seen[fact] = phase.stage.value
    if stage is not None and life and stage not in {LifeStage.APPLICATION, *(p.stage for p in life)}:
        raise ValueError(
            f"{key}: stage {stage.value!r} is not one of its phases: expected one of "
            f"{[LifeStage.APPLICATION.value, *(p.stage.value for p in life)]}"
        )


def DirectionRules(
    *,
    programme: str,
    key: str,
    topic_key: str,
    topic: str,
    name: str,
    basis: Citation,
    window: Cited[DateWindow],
    counted: Cited[frozenset[Category]],
    base: Cited[frozenset[Category]],
    minimum: Cited[Money],
    rate: Cited[Ratio],
    cap: Cited[Money],
    quota: Cited[int],
    quota_unit: Unit = Unit.APPLICATION,
    cap_unit: Unit = Unit.APPLICATION,
    excluded: Cited[frozenset[Category]] | None = None,
    base_includes_scenarios: bool = False,
    purchase_basis: Cited[PurchaseBasis] | None = None,
    minimum_measure: str = "eligible_spend",
    ranking: Ranking = Ranking.REVIEW_SCORE,
    ranking_citation: Citation | None = None,
    district: DistrictRule | None = None,
    integrity: IntegrityRule | None = None,
    deadlines: SubmissionDeadlines | None = None,
    clusters: Cited[frozenset[str]] | None = None,
    certifications: tuple[Cited[Certification], ...] = (),
    providers: ProviderRule | None = None,
    joint: JointRule | None = None,
    prior_funding_levels: Cited[frozenset[FundingLevel]] | None = None,
    conditions: tuple[Condition, ...] = (),
    reviews: tuple[Review, ...] = (),
    documents: tuple[DocumentRequirement, ...] = (),
) -> Rule:
    """A rule of the invoice family (斗门) from that family's keywords: invoices in ``window`` of the
    ``counted`` categories, the rate on the ``base`` categories, then the cap. Where ``joint`` is
    ``None`` the text says nothing of joint applications and listed partners are reviewed by hand."""
    gates: list[Any] = [g for g in (district, integrity) if g is not None]
    if clusters is not None:
        gates.append(ClusterMembership(clusters=clusters))
    gates += [CertificationRequired(certification=c) for c in certifications]
    if providers is not None:
        gates.append(providers)
    gates.append(joint if joint is not None else UnstatedJoint())
    if prior_funding_levels is not None:
        gates.append(PriorFunding(levels=prior_funding_levels))
    if deadlines is not None:
        gates.append(deadlines)
    if documents:
        gates.append(Documents(documents=documents))
    return Rule(
        programme=programme,
        key=key,
        topic_key=topic_key,
        topic=topic,
        name=name,
        basis=basis,
        base=InvoiceBase(
            window=window,
            counted=counted,
            excluded=excluded,
            in_base=base,
            base_includes_scenarios=base_includes_scenarios,
            purchase_basis=purchase_basis,
        ),
        gates=tuple(gates),
        minimum=minimum,
        minimum_measure=minimum_measure,
        conditions=conditions,
        reviews=reviews,
        payout=Payout(rate=rate, cap=cap),
        quota=quota,
        quota_unit=quota_unit,
        cap_unit=cap_unit,
        ranking=ranking,
        ranking_citation=ranking_citation,
    )


def ProjectRules(
    *,
    programme: str,
    key: str,
    topic_key: str,
    topic: str,
    name: str,
    basis: Citation,
    rate: Cited[Ratio] | None,
    base_measure: str = "project.actual_investment",
    base_items: InvestmentItems | None = None,
    pays: bool = True,
    cap: Cited[Money] | None = None,
    minimum: Cited[Money] | None = None,
    minimum_measure: str = "project.actual_investment",
    reserve_rate: Cited[Ratio] | None = None,
    reserve_measure: str = "project.planned_investment",
    rate_classes: RateClasses | None = None,
    rate_upgrade: RateUpgrade | None = None,
    cap_upgrade: CapUpgrade | None = None,
    ledger_rules: tuple[LedgerRule, ...] = (),
    stages: tuple[Stage, ...] = (),
    split_flag: str | None = None,
    split_citation: Citation | None = None,
    single_stage: Stage | None = None,
    payment_years: Cited[dict[int, int]] | None = None,
    quota: Cited[int] | None = None,
    quota_unit: Unit = Unit.APPLICATION,
    ranking: Ranking = Ranking.REVIEW_SCORE,
    ranking_citation: Citation | None = None,
    joint_forbidden: Citation | None = None,
    registered_province: Cited[str] | None = None,
    jurisdiction: Jurisdiction | None = None,
    scope: ScopeRule | None = None,
    documents: tuple[DocumentRequirement, ...] = (),
    application_deadline: Cited[Deadline] | None = None,
    contract_filing: ContractFiling | None = None,
    ecosystem: EcosystemIntegrity | None = None,
    conditions: tuple[Condition, ...] = (),
    reviews: tuple[Review, ...] = (),
    life: tuple[Phase, ...] = (),
) -> Rule:
    """A rule of the project family (cluster pilots, 中山) from that family's keywords: the rate on
    a declared amount (``base_measure``), a lump sum (``rate=None``: the decided amount, else the
    cap) or nothing (``pays=False``), with the family's gates and payout rules."""
    gates: list[Any] = []
    if scope is not None:
        gates.append(scope)
    if registered_province is not None:
        gates.append(ProvinceRule(province=registered_province))
    if jurisdiction is not None:
        gates.append(jurisdiction)
    if application_deadline is not None:
        gates.append(ApplicationDeadline(deadline=application_deadline))
    gates += [g for g in (ecosystem, contract_filing) if g is not None]
    if joint_forbidden is not None:
        gates.append(JointForbidden(citation=joint_forbidden))
    if documents:
        gates.append(Documents(documents=documents))
    base: Base = (
        NoAward(measure=base_measure)
        if not pays
        else LumpSum(measure=base_measure)
        if rate is None
        else DeclaredBase(measure=base_measure, items=base_items)
    )
    return Rule(
        programme=programme,
        key=key,
        topic_key=topic_key,
        topic=topic,
        name=name,
        basis=basis,
        base=base,
        gates=tuple(gates),
        minimum=minimum,
        minimum_measure=minimum_measure,
        conditions=conditions,
        reviews=reviews,
        payout=Payout(
            rate=rate,
            cap=cap,
            decided_applies=True,
            reserve_rate=reserve_rate,
            reserve_measure=reserve_measure,
            rate_classes=rate_classes,
            rate_upgrade=rate_upgrade,
            cap_upgrade=cap_upgrade,
            ledger_rules=ledger_rules,
            stages=stages,
            split_flag=split_flag,
            split_citation=split_citation,
            single_stage=single_stage,
            payment_years=payment_years,
        ),
        quota=quota,
        quota_unit=quota_unit,
        ranking=ranking,
        ranking_citation=ranking_citation,
        life=life,
    )


AnyRules = Rule
"""Any registered rules object (kept for code written against the two families)."""


def values_of(value: object, kind: type[V]) -> Iterator[V]:
    """Every ``kind`` inside rule data: through model fields, tuples, sets and mappings.

    ```pycon
    >>> from subsidycalc.citations import Citation
    >>> from subsidycalc.registry import get
    >>> len(list(values_of(get("doumen-2023/direction_1"), Citation))) > 10
    True

    ```
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

    ```pycon
    >>> from subsidycalc.policies import doumen_2023_guide as doumen
    >>> from subsidycalc.money import Money
    >>> cap = evolve(doumen.DIRECTION_1.cap, value=Money.from_wan(120), reform="cap120")
    >>> evolve(doumen.DIRECTION_1, cap=cap).cap.value.format_wan()
    '120万元'

    ```
    """
    fields = type(model).model_fields
    if isinstance(model, Rule):
        changes = _family_names(model, dict(changes))
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise ValueError(
            f"{type(model).__name__} has no field {', '.join(unknown)}: expected one of "
            f"{sorted({*fields, *FAMILY_NAMES} if isinstance(model, Rule) else fields)}"
        )
    data = {name: getattr(model, name) for name in fields}
    data.update(changes)
    return type(model).model_validate(data)


def _family_names(rules: Rule, changes: dict[str, Any]) -> dict[str, Any]:
    """The two families' field names among ``changes`` as changes of the parts they live in."""
    if "base" in changes and isinstance(changes["base"], Cited):  # the award-base categories
        changes["base"] = evolve(rules.base, in_base=changes["base"])
    base = changes.get("base", rules.base)
    if "pays" in changes:
        pays = changes.pop("pays")
        if not pays:
            base = NoAward(measure=base.measure)
        elif isinstance(base, NoAward):
            rate = changes.get("rate", rules.payout.rate)
            base = LumpSum(measure=base.measure) if rate is None else DeclaredBase(measure=base.measure)
        changes["base"] = base
    if "base_measure" in changes:
        changes["base"] = base = evolve(base, measure=changes.pop("base_measure"))
    if "rate" in changes and not isinstance(base, (InvoiceBase, NoAward)):  # a lump sum with a rate is a rate item
        rate = changes["rate"]
        changes["base"] = base = (
            LumpSum(measure=base.measure)
            if rate is None
            else base
            if isinstance(base, DeclaredBase)
            else DeclaredBase(measure=base.measure)
        )
    for name in [n for n in changes if n in FIELD_ALIASES]:
        part, inner = FIELD_ALIASES[name]
        changes[part] = evolve(changes.get(part, getattr(rules, part)), **{inner: changes.pop(name)})
    gates = list(changes.get("gates", rules.gates))
    for name in [n for n in changes if n in GATE_ALIASES or n == "certifications"]:
        value = changes.pop(name)
        if name == "certifications":
            kept = [g for g in gates if not isinstance(g, CertificationRequired)]
            first = next((i for i, g in enumerate(gates) if isinstance(g, CertificationRequired)), None)
            added = [CertificationRequired(certification=c) for c in value]
            if first is None:
                for gate in added[::-1]:
                    kept = _insert(kept, gate)
                gates = kept
            else:
                gates = kept[:first] + added + kept[first:]
            continue
        kind, make = GATE_ALIASES[name]
        kinds: tuple[type, ...] = (kind, UnstatedJoint) if name == "joint" else (kind,)
        new = None if value is None else make(value)
        if new is None and name == "joint" and isinstance(base, InvoiceBase):
            new = UnstatedJoint()  # the invoice family's reading of joint=None: partners are reviewed
        at = next((i for i, g in enumerate(gates) if isinstance(g, kinds)), None)
        gates = [g for g in gates if not isinstance(g, kinds)]
        if new is not None:
            gates = _insert(gates, new) if at is None else [*gates[:at], new, *gates[at:]]
    if gates != list(rules.gates) or "gates" in changes:
        changes["gates"] = tuple(gates)
    return changes
