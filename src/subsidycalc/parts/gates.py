"""Gates: who may apply, and when — each a cited rule part that checks itself.

A gate is data (its cited values) plus `compile`, which prepares what does not depend on the
application and returns the step that checks one, and `codes`, the reason codes the step can
write. A rule lists the gates its text has and no others.

=========================  ==========================================================================
gate                       the text's words
=========================  ==========================================================================
`DistrictRule`      商事登记、税务登记关系及统计归属关系 in one district
`ProvinceRule`      the lead unit registered in a province
`IntegrityRule`     no major incident in a period, not a 失信联合惩戒对象
`EcosystemIntegrity` the lead and every 产业生态成员: look-back, 失信被执行人, legal personality, 国内注册
`ClusterMembership` an enterprise of the named 产业集群
`CertificationRequired` a required 认定 (专精特新, 安全生产标准化 …)
`ProviderRule`      purchases from the 附件1 provider lists
`JointRule`         联合申报: required, how many partners, where registered
`JointForbidden`    「不允许联合申报」
`UnstatedJoint`     partners where the text says nothing of joint applications: reviewed
`PriorFunding`      the project not funded before at the named levels
`SubmissionDeadlines` the 线上, 修改补充 and 纸质 deadlines
`ApplicationDeadline` the last moment an application counts (a policy's 有效期)
`Documents`         the 申报材料清单
`ContractFiling`    contracts filed on a platform
=========================  ==========================================================================
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Annotated, ClassVar, Final, Literal

from dateutil.relativedelta import relativedelta
from pydantic import Field

from ..citations import Citation, Cited
from ..findings import Code, Finding, Severity
from ..models import (
    GUANGDONG_CITIES,
    Certification,
    DocumentKind,
    Enterprise,
    FundingLevel,
    place_key,
)
from ..periods import DateWindow, Deadline, format_date_zh
from . import (
    Columns,
    Context,
    Row,
    RuleData,
    Step,
    application_year,
    cited_row,
    missing,
    normalise_name,
    reference_day,
)

__all__ = [
    "ApplicationDeadline",
    "CertificationRequired",
    "ClusterMembership",
    "ContractFiling",
    "DistrictRule",
    "DocumentRequirement",
    "Documents",
    "EcosystemIntegrity",
    "Gate",
    "GateStage",
    "IntegrityRule",
    "JointForbidden",
    "JointRule",
    "Jurisdiction",
    "PriorFunding",
    "ProviderRule",
    "ProvinceRule",
    "ScopeRule",
    "SubmissionDeadlines",
    "UnstatedJoint",
    "listed_suppliers",
]

_PASS, _FAIL, _WARN = Severity.PASS, Severity.FAIL, Severity.WARN


class GateStage(IntEnum):
    """When a gate is checked, relative to the base: the engine runs a rule's gates by stage, in
    the order the rule lists them within a stage."""

    APPLICANT = 1
    """Who applies and when (registration, integrity, clusters, certifications, 有效期): before the base."""
    PURCHASES = 2
    """What the counted purchases and the partners are (providers, joint rules): after the base."""
    SUBMISSION = 3
    """History and paperwork (prior funding, deadlines, documents): after the conditions."""
_LISTED_CACHE_SIZE: Final = 512
_CACHE_SIZE: Final = 4096
"""Findings kept per distinct input (cluster memberships), bounded."""


def _nothing(ctx: Context) -> None:
    return


# -- where the enterprise is registered ---------------------------------------------------------


def _near(given: str, required: str) -> bool:
    """Whether a place (a [`place_key`][subsidycalc.models.place_key]) is close enough to the required one
    to ask whether it was meant — the same city and a district a character off (斗们区 for 斗门区):
    the hint of a mismatch, never a pass."""
    city, _, district = given.partition(" ")
    want_city, _, want_district = required.partition(" ")
    if given == required or city != want_city:
        return False
    return difflib.SequenceMatcher(None, district, want_district).ratio() >= 0.5


class DistrictRule(RuleData):
    """商事登记、税务登记关系及统计归属关系 must all be in one district."""

    kind: Literal["district"] = "district"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    city: str
    district: str
    citation: Citation

    def compile(self) -> Step:
        city, district, citation = self.city, self.district, self.citation
        key = place_key(city, district)
        ok = Finding.of(Code.DISTRICT_OK, _PASS, "district.ok", citation, "enterprise", required=f"{city}{district}")

        def step(ctx: Context) -> None:
            enterprise = ctx.application.enterprise
            places = {
                "enterprise.registration": ("商事登记", enterprise.registration),
                "enterprise.tax": ("税务登记", enterprise.tax),
                "enterprise.statistics": ("统计归属", enterprise.statistics),
            }
            wrong = [
                (path, label, loc, given)
                for path, (label, loc) in places.items()
                if (given := place_key(loc.city, loc.district)) != key
            ]
            if not wrong:
                ctx.add(ok)
            for path, label, loc, given in wrong:
                near = _near(given, key)
                ctx.add(
                    Finding.of(
                        Code.DISTRICT_MISMATCH,
                        _FAIL,
                        "district.mismatch",
                        citation,
                        path,
                        actual=str(loc),
                        expected=f"{city}{district}",
                        place=label,
                        location=loc,
                        required=f"{city}{district}",
                        hint=f"（是否为{city}{district}？）" if near else "",
                        hint_en=f" (did you mean {city}{district}?)" if near else "",
                    )
                )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.DISTRICT_OK, Code.DISTRICT_MISMATCH})

    def rows(self) -> Iterator[Row]:
        yield ("申报主体所在地", f"商事登记、税务登记、统计归属均在{self.city}{self.district}", self.citation)

    def columnar(self, columns: Columns) -> None:
        a, rows = columns.applicants, columns.rows
        key = columns.place(self.city, self.district)
        for places in (a.registration, a.tax, a.statistics):
            columns.fail(Code.DISTRICT_MISMATCH, places[rows] != key)


class ProvinceRule(RuleData):
    """The lead unit must be registered in this province (商事登记 only)."""

    kind: Literal["province"] = "province"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    province: Cited[str]

    def compile(self) -> Step:
        province = self.province

        def step(ctx: Context) -> None:
            place = ctx.application.enterprise.registration
            here = normalise_name(place.province) == province.value
            ctx.add(
                Finding.of(
                    Code.DISTRICT_OK if here else Code.DISTRICT_MISMATCH,
                    _PASS if here else _FAIL,
                    "province.ok" if here else "province.mismatch",
                    province.citation,
                    "enterprise.registration.province",
                    actual=place.province,
                    expected=province.value,
                    location=place,
                    required=province.value,
                )
            )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.DISTRICT_OK, Code.DISTRICT_MISMATCH})

    def rows(self) -> Iterator[Row]:
        yield from cited_row("牵头单位注册地", self.province)


class Jurisdiction(RuleData):
    """A city's own policy funds the city's enterprises (属地). Where the text says so (``stated``),
    registration elsewhere fails; where it only follows from whose policy it is, registration
    elsewhere is reported for a reviewer (a warning), never silently passed."""

    kind: Literal["jurisdiction"] = "jurisdiction"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    city: Cited[str]
    stated: bool = False

    def compile(self) -> Step:
        city, severity = self.city, _FAIL if self.stated else _WARN

        def step(ctx: Context) -> None:
            place = ctx.application.enterprise.registration
            here = normalise_name(place.city) == city.value
            ctx.add(
                Finding.of(
                    Code.REGISTERED_IN_CITY if here else Code.REGISTERED_ELSEWHERE,
                    _PASS if here else severity,
                    "jurisdiction.ok" if here else "jurisdiction.stated" if self.stated else "jurisdiction.implied",
                    city.citation,
                    "enterprise.registration.city",
                    actual=place.city,
                    expected=city.value,
                    location=place,
                    required=city.value,
                )
            )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.REGISTERED_IN_CITY, Code.REGISTERED_ELSEWHERE})

    def rows(self) -> Iterator[Row]:
        yield from cited_row("申报单位注册地（属地）" + ("" if self.stated else "：文本未明示，注册在外地的须核实"), self.city)


# -- scope: industries and years the text is for -------------------------------------------------


class ScopeRule(RuleData):
    """What a text is for (试点行业范围): the project's industry among ``industries`` and the
    application's year (``year``, else the online submission's, Beijing time) in ``years``."""

    kind: Literal["scope"] = "scope"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    industries: Cited[frozenset[str]] | None = None
    years: Cited[tuple[int, int]] | None = None
    """First and last year, both included (「2023年至2024年」)."""

    def compile(self) -> Step:
        industries, years = self.industries, self.years
        by_form = {normalise_name(i): i for i in industries.value} if industries is not None else {}

        def step(ctx: Context) -> None:
            application = ctx.application
            if industries is not None:
                industry = application.project.industry
                if industry is None:
                    ctx.add(missing(industries.label, "project.industry", industries.citation, Code.INDUSTRY_NOT_DECLARED))
                else:
                    inside = normalise_name(industry) in by_form
                    ctx.add(
                        Finding.of(
                            Code.INDUSTRY_IN_SCOPE if inside else Code.INDUSTRY_OUT_OF_SCOPE,
                            _PASS if inside else _FAIL,
                            "scope.industry" if inside else "scope.industry_outside",
                            industries.citation, "project.industry", actual=industry,
                            expected="、".join(sorted(industries.value)), industry=industry,
                            industries="、".join(sorted(industries.value)),
                        )
                    )
            if years is not None:
                year = application_year(application)
                first, last = years.value
                if year is None:
                    ctx.add(missing(years.label, "year", years.citation, Code.YEAR_NOT_DECLARED))
                else:
                    inside = first <= year <= last
                    ctx.add(
                        Finding.of(
                            Code.YEAR_IN_SCOPE if inside else Code.YEAR_OUT_OF_SCOPE,
                            _PASS if inside else _FAIL,
                            "scope.year" if inside else "scope.year_outside",
                            years.citation, "year", actual=str(year), expected=f"{first}–{last}",
                            year=year, first=first, last=last,
                        )
                    )

        return step

    def codes(self) -> frozenset[str]:
        found: set[str] = set()
        if self.industries is not None:
            found |= {Code.INDUSTRY_IN_SCOPE, Code.INDUSTRY_OUT_OF_SCOPE, Code.INDUSTRY_NOT_DECLARED}
        if self.years is not None:
            found |= {Code.YEAR_IN_SCOPE, Code.YEAR_OUT_OF_SCOPE, Code.YEAR_NOT_DECLARED}
        return frozenset(found)

    def rows(self) -> Iterator[Row]:
        yield from cited_row("试点行业范围", self.industries)
        if self.years is not None:
            first, last = self.years.value
            yield ("申报年度范围", f"{first}年至{last}年", self.years.citation)


# -- integrity ---------------------------------------------------------------------------------


class IntegrityRule(RuleData):
    """No major incident in the period, not on a dishonesty list."""

    kind: Literal["integrity"] = "integrity"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    period: Cited[DateWindow]
    dishonest: Citation

    def compile(self) -> Step:
        rule = self
        period = self.period.value
        ok = Finding.of(Code.INTEGRITY_OK, _PASS, "integrity.ok", self.period.citation, "enterprise", period=period)

        def step(ctx: Context) -> None:
            enterprise = ctx.application.enterprise
            add = ctx.add
            bad = [
                (i, incident)
                for i, incident in enumerate(enterprise.incidents)
                if incident.major and period.contains(incident.occurred_on)
            ]
            for index, incident in bad:
                add(
                    Finding.of(
                        Code.MAJOR_INCIDENT,
                        _FAIL,
                        "integrity.incident",
                        rule.period.citation,
                        f"enterprise.incidents[{index}]",
                        actual=incident.occurred_on.isoformat(),
                        expected=f"无重大事故或违法记录（{period}）",
                        day=format_date_zh(incident.occurred_on),
                        kind=incident.kind.label,
                        period=period,
                        description=incident.description,
                    )
                )
            dishonest = enterprise.credit.dishonest_joint_punishment
            if dishonest:
                add(
                    Finding.of(
                        Code.DISHONEST_LISTED,
                        _FAIL,
                        "integrity.dishonest",
                        rule.dishonest,
                        "enterprise.credit.dishonest_joint_punishment",
                        actual="true",
                        expected="false",
                    )
                )
            if not bad and not dishonest:
                add(ok)

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.MAJOR_INCIDENT, Code.DISHONEST_LISTED, Code.INTEGRITY_OK})

    def rows(self) -> Iterator[Row]:
        yield ("无重大事故及违法记录期间", str(self.period.value), self.period.citation)
        yield ("非失信联合惩戒对象", "是", self.dishonest)

    def columnar(self, columns: Columns) -> None:
        a, period = columns.applicants, self.period.value
        day = a.incident_day
        major = a.incident_major & (day >= period.start.toordinal()) & (day <= period.end.toordinal())
        columns.fail(Code.MAJOR_INCIDENT, columns.any_owned(a.incident_owner[major]))
        columns.fail(Code.DISHONEST_LISTED, a.dishonest[columns.rows])


class EcosystemIntegrity(RuleData):
    """The lead and every 产业生态成员: no serious violation or major accident within the lookback,
    not 失信被执行人."""

    kind: Literal["ecosystem"] = "ecosystem"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    lookback_years: Cited[int]
    dishonest: Citation
    since: Cited[date] | None = None
    """A fixed start the text names (「2017年以来」), overriding ``lookback_years``."""
    legal_person: Citation | None = None
    """The clause that requires members' 独立法人资格 (「生态成员应为国内注册、具有独立法人资格的……」),
    cited by ``NOT_LEGAL_PERSON``; ``None``: that finding cites ``dishonest`` (rules written before)."""
    domestic: Cited[frozenset[str]] | None = None
    """「国内注册」: the provinces (`province`, full names, e.g.
    [`MAINLAND_PROVINCES`][subsidycalc.models.MAINLAND_PROVINCES]) a member's registration must lie in, else
    ``MEMBER_NOT_DOMESTIC``; ``None``: not checked."""

    def compile(self) -> Step:
        rule = self

        def step(ctx: Context) -> None:
            _check_ecosystem(rule, ctx)

        return step

    def codes(self) -> frozenset[str]:
        return frozenset(
            {Code.MAJOR_INCIDENT, Code.DISHONEST_DEBTOR, Code.NOT_LEGAL_PERSON, Code.INTEGRITY_OK}
            | ({Code.SUBMISSION_TIME_MISSING} if self.since is None else set())
            | ({Code.MEMBER_NOT_DOMESTIC, Code.MEMBER_PROVINCE_NOT_DECLARED} if self.domestic is not None else set())
        )

    def rows(self) -> Iterator[Row]:
        yield from cited_row("牵头单位及生态成员无重大事故、严重违法违规的年限", self.lookback_years)
        yield from cited_row("上述年限的起算日", self.since)
        if self.legal_person is None:
            yield ("牵头单位及生态成员非失信被执行人、具独立法人资格", "是", self.dishonest)
        else:
            yield ("牵头单位及生态成员非失信被执行人", "是", self.dishonest)
            yield ("生态成员具独立法人资格（或为电信运营企业市级以上分支机构）", "是", self.legal_person)
        yield from cited_row("生态成员注册地（国内注册）", self.domestic)


def _check_ecosystem(rule: EcosystemIntegrity, ctx: Context) -> None:
    """The lead and every 产业生态成员: lookback of incidents, 失信被执行人, legal personality."""
    application, add = ctx.application, ctx.add
    years = rule.lookback_years.value
    on = reference_day(application)
    start = None if on is None else on - relativedelta(years=years)
    if rule.since is not None:
        start = rule.since.value
    if on is None and rule.since is None:
        add(
            Finding.of(
                Code.SUBMISSION_TIME_MISSING,
                _WARN,
                "ecosystem.no_start",
                rule.lookback_years.citation,
                "submission.online_at",
                years=years,
            )
        )
    lead = application.enterprise
    parties = [("enterprise", lead.name, lead.incidents, lead.credit, True)] + [
        (f"ecosystem[{i}]", m.name, m.incidents, m.credit, m.independent_legal_person)
        for i, m in enumerate(application.ecosystem)
    ]
    legal_citation = rule.legal_person if rule.legal_person is not None else rule.dishonest
    period = f"{format_date_zh(rule.since.value)}以来" if rule.since is not None else f"近{years}年"
    clean = True
    for path, name, incidents, credit, legal in parties:
        for j, incident in enumerate(incidents):
            day = incident.occurred_on
            if incident.major and (start is None or start <= day) and (on is None or day <= on):
                clean = False
                add(
                    Finding.of(
                        Code.MAJOR_INCIDENT,
                        _FAIL,
                        "ecosystem.incident",
                        rule.lookback_years.citation,
                        f"{path}.incidents[{j}]",
                        actual=day.isoformat(),
                        expected=f"{period}无重大事故或严重违法违规",
                        name=name,
                        day=format_date_zh(day),
                        kind=incident.kind.label,
                        period=period,
                    )
                )
        if credit.dishonest_judgment_debtor:
            clean = False
            add(
                Finding.of(
                    Code.DISHONEST_DEBTOR,
                    _FAIL,
                    "ecosystem.debtor",
                    rule.dishonest,
                    f"{path}.credit.dishonest_judgment_debtor",
                    actual="true",
                    expected="false",
                    name=name,
                )
            )
        if not legal:
            clean = False
            add(
                Finding.of(
                    Code.NOT_LEGAL_PERSON,
                    _FAIL,
                    "ecosystem.not_legal_person",
                    legal_citation,
                    f"{path}.independent_legal_person",
                    actual="false",
                    expected="true",
                    name=name,
                )
            )
    if rule.domestic is not None and not _members_domestic(rule.domestic, ctx):
        clean = False
    if clean:
        add(
            Finding.of(
                Code.INTEGRITY_OK,
                _PASS,
                "ecosystem.ok",
                rule.lookback_years.citation,
                "ecosystem",
                members=len(application.ecosystem),
                period=period,
            )
        )


def _members_domestic(domestic: Cited[frozenset[str]], ctx: Context) -> bool:
    """「生态成员应为国内注册」: every member's registration province among ``domestic`` (a full name, or
    its short form: 广东 for 广东省); a finding for each that is not, and a warning for each that names
    no province and no city of 广东省 (the model's default province is then no answer). Whether none fails."""
    provinces = {normalise_name(p) for p in domestic.value}
    shown = "、".join(sorted(domestic.value)) if len(domestic.value) <= 3 else f"{len(domestic.value)}个省级行政区之一"
    ok = True
    for index, member in enumerate(ctx.application.ecosystem):
        place = member.registration
        province = normalise_name(place.province)
        path = f"ecosystem[{index}].registration.province"
        if "province" not in place.model_fields_set and normalise_name(place.city) not in GUANGDONG_CITIES:
            ctx.add(
                Finding.of(
                    Code.MEMBER_PROVINCE_NOT_DECLARED, _WARN, "ecosystem.province_not_declared", domestic.citation, path,
                    name=member.name,
                )
            )
            continue
        if province in provinces or (len(province) >= 2 and any(p.startswith(province) for p in provinces)):
            continue
        ok = False
        ctx.add(
            Finding.of(
                Code.MEMBER_NOT_DOMESTIC,
                _FAIL,
                "ecosystem.not_domestic",
                domestic.citation,
                path,
                actual=place.province,
                expected=shown,
                name=member.name,
                province=place.province,
            )
        )
    return ok


# -- clusters, certifications, providers -------------------------------------------------------


class ClusterMembership(RuleData):
    """An enterprise of one of the named 产业集群; the clusters it belongs to choose its provider lists."""

    kind: Literal["clusters"] = "clusters"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    clusters: Cited[frozenset[str]]

    def compile(self) -> Step:
        clusters = self.clusters
        made: dict[frozenset[str], Finding] = {}

        def step(ctx: Context) -> None:
            enterprise = ctx.application.enterprise
            member = cluster_members(clusters, enterprise)
            ctx.members = member
            found = made.get(enterprise.clusters)
            if found is None:
                found = made[enterprise.clusters] = _cluster_finding(clusters, enterprise.clusters, member)
                if len(made) > _CACHE_SIZE:
                    made.clear()
            ctx.add(found)

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.CLUSTER_MEMBER, Code.NOT_CLUSTER_MEMBER})

    def rows(self) -> Iterator[Row]:
        yield from cited_row("所属产业集群", self.clusters)

    def columnar(self, columns: Columns) -> None:
        a = columns.applicants
        member = columns.np.isin(a.cluster, [columns.word(c) for c in sorted(self.clusters.value)])
        columns.fail(Code.NOT_CLUSTER_MEMBER, ~columns.any_owned(a.cluster_owner[member]))


def cluster_members(clusters: Cited[frozenset[str]], enterprise: Enterprise) -> frozenset[str]:
    """The rule's clusters the enterprise belongs to, compared as every identity is
    ([`normalise_name`][subsidycalc.models.normalise_name]: ``zhuhai－pcb－２０２２`` is ``zhuhai-pcb-2022``)."""
    held = {normalise_name(c) for c in enterprise.clusters}
    return frozenset(c for c in clusters.value if normalise_name(c) in held)


def _cluster_finding(clusters: Cited[frozenset[str]], held: frozenset[str], member: frozenset[str]) -> Finding:
    """The cluster gate's finding for an enterprise holding ``held``, of which ``member`` are required."""
    allowed = clusters.value
    return Finding.of(
        Code.CLUSTER_MEMBER if member else Code.NOT_CLUSTER_MEMBER,
        _PASS if member else _FAIL,
        "cluster.member" if member else "cluster.not_member",
        clusters.citation,
        "enterprise.clusters",
        actual=", ".join(sorted(held)) or "无",
        expected="one of " + ", ".join(sorted(allowed)),
        label=clusters.label,
        clusters="、".join(sorted(member)) if member else "或".join(sorted(allowed)),
        clusters_en=", ".join(sorted(member)) if member else " or ".join(sorted(allowed)),
    )


class CertificationRequired(RuleData):
    """A 认定 the enterprise must hold."""

    kind: Literal["certification"] = "certification"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    certification: Cited[Certification]

    def compile(self) -> Step:
        cert = self.certification

        def step(ctx: Context) -> None:
            enterprise = ctx.application.enterprise
            held = cert.value in enterprise.certifications
            ctx.add(
                Finding.of(
                    Code.CERTIFICATION_OK if held else Code.CERTIFICATION_MISSING,
                    _PASS if held else _FAIL,
                    "certification.held" if held else "certification.missing",
                    cert.citation,
                    "enterprise.certifications",
                    actual=", ".join(sorted(c.label for c in enterprise.certifications)) or "无",
                    expected=cert.value.label,
                    label=cert.label,
                    certification=cert.value.label,
                )
            )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.CERTIFICATION_OK, Code.CERTIFICATION_MISSING})

    def rows(self) -> Iterator[Row]:
        yield ("所需认定", self.certification.value.label, self.certification.citation)

    def columnar(self, columns: Columns) -> None:
        columns.fail(Code.CERTIFICATION_MISSING, ~columns.has_certification(self.certification.value))


class ProviderRule(RuleData):
    """Purchases from a cluster's 牵头单位 or 生态伙伴 (the 附件1 lists).

    ``only_listed``: only purchases from listed providers count at all (方向六); otherwise at
    least one counted purchase must come from a listed provider (方向三–五).

    ``planning``: the clause 「由所在集群牵头单位或生态伙伴提供产品或服务或规划」 — a 规划 declared as
    provided by a listed unit (``Project.planning_provider``) satisfies the rule without an invoice;
    ``None``: only counted invoices do. It never makes an unlisted invoice count.
    """

    kind: Literal["providers"] = "providers"
    stage: ClassVar[GateStage] = GateStage.PURCHASES

    lists: Mapping[str, Cited[frozenset[str]]]
    """Provider names per cluster id."""
    citation: Citation
    only_listed: bool = False
    planning: Citation | None = None

    def listed_for(self, members: frozenset[str]) -> frozenset[str]:
        """The normalised names on the lists of the clusters in ``members``."""
        found: set[str] = set()
        for cluster in members:
            provider_list = self.lists.get(cluster)
            if provider_list is not None:
                found.update(normalise_name(n) for n in provider_list.value)
        return frozenset(found)

    def compile(self) -> Step:
        citation, planning = self.citation, self.planning

        def step(ctx: Context) -> None:
            listed = ctx.listed
            if listed is None:
                return
            suppliers = sorted(
                {i.supplier for i in ctx.lines if i.counted and normalise_name(i.supplier) in listed}
            )
            planner = ctx.application.project.planning_provider
            if not suppliers and planning is not None and planner is not None:
                planned = normalise_name(planner) in listed
                ctx.add(
                    Finding.of(
                        Code.LISTED_PROVIDER_OK if planned else Code.NO_LISTED_PROVIDER,
                        _PASS if planned else _FAIL,
                        "providers.planning" if planned else "providers.planner_unlisted",
                        planning,
                        "project.planning_provider",
                        actual=planner,
                        expected="所在集群牵头单位或生态伙伴（附件1名单）",
                        planner=planner,
                    )
                )
                return
            ctx.add(
                Finding.of(
                    Code.LISTED_PROVIDER_OK if suppliers else Code.NO_LISTED_PROVIDER,
                    _PASS if suppliers else _FAIL,
                    "providers.ok" if suppliers else ("providers.none" if planning is None else "providers.none_planned"),
                    citation,
                    "invoices[].supplier",
                    suppliers="、".join(suppliers),
                )
            )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.LISTED_PROVIDER_OK, Code.NO_LISTED_PROVIDER})

    def rows(self) -> Iterator[Row]:
        mode = "仅计入名单内单位的采购" if self.only_listed else "至少一项计入的采购来自名单内单位"
        yield ("集群牵头单位或生态伙伴（附件1）", mode, self.citation)
        if self.planning is not None:
            yield ("由名单内单位提供规划（无发票）", "视同由名单内单位提供（Project.planning_provider）", self.planning)

    def columnar(self, columns: Columns) -> None:
        provided = columns.listed_counted
        if self.planning is not None:
            provided = provided | columns.planning_listed
        columns.fail(Code.NO_LISTED_PROVIDER, ~provided)


_LISTED: Final[OrderedDict[tuple[int, frozenset[str]], tuple[ProviderRule, frozenset[str]]]] = OrderedDict()


def listed_suppliers(
    providers: ProviderRule | None, clusters: Cited[frozenset[str]] | None, enterprise: Enterprise
) -> frozenset[str] | None:
    """The normalised 附件1 names an enterprise's invoices may come from (``None``: no list applies).

    The lookup an invoice base makes after the cluster gate; the batch engine reads it too.
    """
    if providers is None:
        return None
    member = cluster_members(clusters, enterprise) if clusters is not None else frozenset()
    key = (id(providers), member)
    hit = _LISTED.get(key)
    if hit is not None and hit[0] is providers:
        return hit[1]
    names = providers.listed_for(member)
    _LISTED[key] = (providers, names)
    if len(_LISTED) > _LISTED_CACHE_SIZE:
        _LISTED.popitem(last=False)
    return names


# -- joint applications ------------------------------------------------------------------------


class JointRule(RuleData):
    """联合申报: whether it is required, how many partners, where they must be registered."""

    kind: Literal["joint"] = "joint"
    stage: ClassVar[GateStage] = GateStage.PURCHASES

    citation: Citation
    required: bool = False
    max_partners: Cited[int] | None = None
    partner_city: Cited[str] | None = None

    def compile(self) -> Step:
        rule = self

        def step(ctx: Context) -> None:
            _check_joint(rule, ctx)

        return step

    def codes(self) -> frozenset[str]:
        found = {Code.JOINT_OK}
        if self.required:
            found.add(Code.JOINT_REQUIRED)
        if self.max_partners is not None:
            found.add(Code.TOO_MANY_PARTNERS)
        if self.partner_city is not None:
            found.add(Code.PARTNER_OUTSIDE_CITY)
        return frozenset(found)

    def rows(self) -> Iterator[Row]:
        yield ("联合申报", "必须联合申报" if self.required else "可联合申报", self.citation)
        yield from cited_row("联合单位数量上限", self.max_partners)
        yield from cited_row("联合单位注册地", self.partner_city)

    def columnar(self, columns: Columns) -> None:
        partners, a = columns.partners, columns.applicants
        if self.required:
            columns.fail(Code.JOINT_REQUIRED, partners == 0)
        if self.max_partners is not None:
            columns.fail(Code.TOO_MANY_PARTNERS, partners > self.max_partners.value)
        if self.partner_city is not None:
            outside = a.partner_city != columns.word(self.partner_city.value)
            columns.fail(Code.PARTNER_OUTSIDE_CITY, columns.any_owned(a.partner_owner[outside]))


def _check_joint(rule: JointRule, ctx: Context) -> None:
    partners = ctx.application.partners
    add = ctx.add
    ok = True
    if rule.required and not partners:
        ok = False
        add(
            Finding.of(
                Code.JOINT_REQUIRED,
                _FAIL,
                "joint.required",
                rule.citation,
                "partners",
                actual="0",
                expected=">= 1",
            )
        )
    if rule.max_partners is not None and len(partners) > rule.max_partners.value:
        ok = False
        add(
            Finding.of(
                Code.TOO_MANY_PARTNERS,
                _FAIL,
                "joint.too_many",
                rule.max_partners.citation,
                "partners",
                actual=str(len(partners)),
                expected=f"<= {rule.max_partners.value}",
                partners=len(partners),
                limit=rule.max_partners.value,
            )
        )
    if rule.partner_city is not None:
        city = rule.partner_city.value
        for index, partner in enumerate(partners):
            if normalise_name(partner.registration.city) != city:
                ok = False
                add(
                    Finding.of(
                        Code.PARTNER_OUTSIDE_CITY,
                        _FAIL,
                        "joint.partner_city",
                        rule.partner_city.citation,
                        f"partners[{index}].registration.city",
                        actual=partner.registration.city,
                        expected=city,
                        name=partner.name,
                        city=partner.registration.city,
                        required=city,
                    )
                )
    if ok and partners:
        add(
            Finding.of(
                Code.JOINT_OK,
                _PASS,
                "joint.ok",
                rule.citation,
                "partners",
                partners="、".join(p.name for p in partners),
            )
        )


class JointForbidden(RuleData):
    """「不允许联合申报」: partners are a failure, with this clause."""

    kind: Literal["joint_forbidden"] = "joint_forbidden"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    citation: Citation

    def compile(self) -> Step:
        citation = self.citation

        def step(ctx: Context) -> None:
            partners = ctx.application.partners
            ctx.add(
                Finding.of(
                    Code.JOINT_FORBIDDEN if partners else Code.JOINT_OK,
                    _FAIL if partners else _PASS,
                    "joint.forbidden" if partners else "joint.single",
                    citation,
                    "partners",
                    actual=str(len(partners)),
                    expected="0",
                    partners=len(partners),
                )
            )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.JOINT_FORBIDDEN, Code.JOINT_OK})

    def rows(self) -> Iterator[Row]:
        yield ("联合申报", "不允许联合申报", self.citation)


class UnstatedJoint(RuleData):
    """Where a direction states no joint rule, partners listed in the application are reviewed by hand."""

    kind: Literal["unstated_joint"] = "unstated_joint"
    stage: ClassVar[GateStage] = GateStage.PURCHASES

    def compile(self) -> Step:
        def step(ctx: Context) -> None:
            partners = ctx.application.partners
            if partners:
                ctx.add(Finding.of(Code.REVIEW_REQUIRED, _WARN, "joint.unstated", None, "partners", partners=len(partners)))

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.REVIEW_REQUIRED})

    def rows(self) -> Iterator[Row]:
        yield ("联合申报", "文本未规定：申报书列有联合单位时人工核实", None)

    def columnar(self, columns: Columns) -> None:
        columns.warn(Code.REVIEW_REQUIRED, columns.partners > 0)


# -- prior funding -----------------------------------------------------------------------------


class PriorFunding(RuleData):
    """The project must not have been funded before at these levels (declared or in the ledger)."""

    kind: Literal["prior_funding"] = "prior_funding"
    stage: ClassVar[GateStage] = GateStage.SUBMISSION

    levels: Cited[frozenset[FundingLevel]]

    def compile(self) -> Step:
        levels = self.levels
        none = Finding.of(
            Code.NO_PRIOR_FUNDING,
            _PASS,
            "prior_funding.none",
            levels.citation,
            "prior_funding",
            levels="、".join(level.label for level in sorted(levels.value)),
        )

        def step(ctx: Context) -> None:
            application, ledger = ctx.application, ctx.ledger
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
                ctx.add(
                    Finding.of(
                        Code.PRIOR_FUNDING,
                        _FAIL,
                        "prior_funding.found",
                        levels.citation,
                        path,
                        actual=funding.level.label,
                        expected="未获省级、市级、区级财政支持",
                        level=funding.level.label,
                        programme=funding.programme,
                        year=funding.year,
                        amount=funding.amount.format(),
                    )
                )
            if not hits:
                ctx.add(none)

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.PRIOR_FUNDING, Code.NO_PRIOR_FUNDING})

    def rows(self) -> Iterator[Row]:
        yield from cited_row("已获财政支持不得重复申报（级别）", self.levels)

    def columnar(self, columns: Columns) -> None:
        columns.fail(Code.PRIOR_FUNDING, columns.funded_at(self.levels.value))


# -- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DeadlineStep:
    """One deadline, with what its findings say that does not depend on the input."""

    attribute: str
    """``online_at``, ``revised_at`` or ``paper_at`` of [`Submission`][subsidycalc.models.Submission]."""
    who: str
    """Whose moment it is, e.g. ``线上初次递交`` or ``申报``."""
    what: str
    """What it is compared with, e.g. ``截止时间`` or the deadline's own label."""
    cited: Cited[Deadline]
    due: str
    missing: Finding | None
    """``SUBMISSION_TIME_MISSING`` (``None`` for the revision: no revision may have been asked)."""


def _check_deadlines(steps: tuple[_DeadlineStep, ...], ctx: Context) -> None:
    submission = ctx.application.submission
    add = ctx.add
    for step in steps:
        moment: datetime | None = getattr(submission, step.attribute)
        if moment is None:
            if step.missing is not None:
                add(step.missing)
            continue
        on_time = step.cited.value.is_met_by(moment)
        shown = moment.isoformat()
        add(
            Finding.of(
                Code.SUBMITTED_ON_TIME if on_time else Code.SUBMITTED_LATE,
                _PASS if on_time else _FAIL,
                "deadline.met" if on_time else "deadline.late",
                step.cited.citation,
                f"submission.{step.attribute}",
                actual=shown,
                expected=f"<= {step.due}",
                who=step.who,
                moment=shown,
                what=step.what,
                due=step.due,
            )
        )


_DEADLINE_CODES: Final = frozenset({Code.SUBMITTED_ON_TIME, Code.SUBMITTED_LATE, Code.SUBMISSION_TIME_MISSING})


class SubmissionDeadlines(RuleData):
    """The deadlines of one call for applications: online, revision (if asked for), paper."""

    kind: Literal["deadlines"] = "deadlines"
    stage: ClassVar[GateStage] = GateStage.SUBMISSION

    online: Cited[Deadline]
    revision: Cited[Deadline] | None = None
    paper: Cited[Deadline] | None = None

    def compile(self) -> Step:
        steps = []
        for name, label, cited in (
            ("online_at", "线上初次递交", self.online),
            ("revised_at", "修改补充提交", self.revision),
            ("paper_at", "纸质材料递交", self.paper),
        ):
            if cited is None:
                continue
            due = str(cited.value)
            missing = (
                None
                if name == "revised_at"
                else Finding.of(
                    Code.SUBMISSION_TIME_MISSING,
                    _WARN,
                    "deadline.missing",
                    cited.citation,
                    f"submission.{name}",
                    expected=f"<= {due}",
                    who=label,
                    what="截止时间",
                    due=due,
                )
            )
            steps.append(_DeadlineStep(name, label, "截止时间", cited, due, missing))
        prepared = tuple(steps)

        def step(ctx: Context) -> None:
            _check_deadlines(prepared, ctx)

        return step

    def codes(self) -> frozenset[str]:
        return _DEADLINE_CODES

    def rows(self) -> Iterator[Row]:
        for item in (self.online, self.revision, self.paper):
            if item is not None:
                yield (item.label, str(item.value), item.citation)

    def columnar(self, columns: Columns) -> None:
        for attribute, cited in (("online_at", self.online), ("revised_at", self.revision), ("paper_at", self.paper)):
            if cited is None:
                continue
            given, at = columns.submitted(attribute)
            if attribute != "revised_at":  # no revision may have been asked for
                columns.warn(Code.SUBMISSION_TIME_MISSING, ~given)
            columns.fail(Code.SUBMITTED_LATE, given & (at > columns.instant(cited.value.at)))


class ApplicationDeadline(RuleData):
    """The last moment an application counts (a policy's 有效期), on the online submission."""

    kind: Literal["application_deadline"] = "application_deadline"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    deadline: Cited[Deadline]

    def compile(self) -> Step:
        deadline = self.deadline
        due = str(deadline.value)
        missing = Finding.of(
            Code.SUBMISSION_TIME_MISSING,
            _WARN,
            "deadline.missing",
            deadline.citation,
            "submission.online_at",
            who="线上提交",
            what=deadline.label,
            due=due,
        )
        prepared = (_DeadlineStep("online_at", "申报", deadline.label, deadline, due, missing),)

        def step(ctx: Context) -> None:
            _check_deadlines(prepared, ctx)

        return step

    def codes(self) -> frozenset[str]:
        return _DEADLINE_CODES

    def rows(self) -> Iterator[Row]:
        yield from cited_row("申报截止（有效期）", self.deadline)


# -- documents and contracts -------------------------------------------------------------------


class DocumentRequirement(RuleData):
    kind: DocumentKind
    label: str
    citation: Citation
    joint_only: bool = False


class Documents(RuleData):
    """The 申报材料清单: each required document must be supplied (joint-only ones for joint applications)."""

    kind: Literal["documents"] = "documents"
    stage: ClassVar[GateStage] = GateStage.SUBMISSION

    documents: tuple[DocumentRequirement, ...]

    def compile(self) -> Step:
        documents = self.documents
        if not documents:
            return _nothing
        missing_of = {
            id(doc): Finding.of(
                Code.MISSING_DOCUMENT, _FAIL, "documents.missing", doc.citation, "documents",
                actual="未提供", expected=doc.kind.value, document=doc.label,
            )
            for doc in documents
        }
        by_joint: dict[bool, tuple[list[DocumentRequirement], Finding, Finding] | None] = {}
        for joint in (False, True):
            required = [d for d in documents if not d.joint_only or joint]
            by_joint[joint] = None if not required else (
                required,
                Finding.of(
                    Code.DOCUMENTS_NOT_CHECKED, _WARN, "documents.not_checked", required[0].citation, "documents",
                    count=len(required),
                ),
                Finding.of(
                    Code.DOCUMENTS_COMPLETE, _PASS, "documents.complete", required[0].citation, "documents",
                    count=len(required),
                ),
            )

        def step(ctx: Context) -> None:
            application, add = ctx.application, ctx.add
            prepared = by_joint[application.is_joint]
            if prepared is None:
                return
            required, not_checked, complete = prepared
            supplied = application.documents
            if supplied is None:
                add(not_checked)
                return
            missing = [d for d in required if d.kind not in supplied]
            for doc in missing:
                add(missing_of[id(doc)])
            if not missing:
                add(complete)

        return step

    def codes(self) -> frozenset[str]:
        if not self.documents:
            return frozenset()
        return frozenset({Code.MISSING_DOCUMENT, Code.DOCUMENTS_COMPLETE, Code.DOCUMENTS_NOT_CHECKED})

    def rows(self) -> Iterator[Row]:
        for doc in self.documents:
            yield ("申报材料" + ("（联合申报）" if doc.joint_only else ""), doc.label, doc.citation)

    def columnar(self, columns: Columns) -> None:
        np, a, rows = columns.np, columns.applicants, columns.rows
        always = columns.documents_mask(d.kind for d in self.documents if not d.joint_only)
        if_joint = columns.documents_mask(d.kind for d in self.documents if d.joint_only)
        required = np.where(columns.partners > 0, always | if_joint, always)
        checked = required != 0
        given = a.documents_given[rows]
        columns.warn(Code.DOCUMENTS_NOT_CHECKED, checked & ~given)
        columns.fail(Code.MISSING_DOCUMENT, checked & given & ((required & ~a.documents[rows]) != 0))


class ContractFiling(RuleData):
    """Contracts signed on or after ``since`` must be filed on a platform, or they are not counted."""

    kind: Literal["contract_filing"] = "contract_filing"
    stage: ClassVar[GateStage] = GateStage.APPLICANT

    since: Cited[date]
    platform: str

    def compile(self) -> Step:
        rule = self

        def step(ctx: Context) -> None:
            since = rule.since.value
            for index, contract in enumerate(ctx.application.contracts):
                if contract.signed_on < since or contract.filed_on_platform is True:
                    continue
                unknown = contract.filed_on_platform is None
                ctx.add(
                    Finding.of(
                        Code.CONTRACT_NOT_FILED,
                        _WARN,
                        "contract.filing_unknown" if unknown else "contract.not_filed",
                        rule.since.citation,
                        f"contracts[{index}].filed_on_platform",
                        actual="未申报" if unknown else "否",
                        expected="是",
                        number=contract.number,
                        signed=format_date_zh(contract.signed_on),
                        amount=contract.amount_excl_tax.format(),
                        platform=rule.platform,
                    )
                )

        return step

    def codes(self) -> frozenset[str]:
        return frozenset({Code.CONTRACT_NOT_FILED})

    def rows(self) -> Iterator[Row]:
        yield (f"合同须在{self.platform}备案（签订日起）", str(self.since.value), self.since.citation)


Gate = Annotated[
    DistrictRule
    | ProvinceRule
    | Jurisdiction
    | ScopeRule
    | IntegrityRule
    | EcosystemIntegrity
    | ClusterMembership
    | CertificationRequired
    | ProviderRule
    | JointRule
    | JointForbidden
    | UnstatedJoint
    | PriorFunding
    | SubmissionDeadlines
    | ApplicationDeadline
    | Documents
    | ContractFiling,
    Field(discriminator="kind"),
]
"""Any gate, told apart by its ``kind``."""
