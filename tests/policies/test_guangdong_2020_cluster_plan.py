"""粤工信工业互联网函〔2020〕492号: who may lead how many pilots, and the task-book targets."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from subsidycalc.allocation import AllocationPolicy, Outcome, allocate
from subsidycalc.exclusion import ExclusionMode
from subsidycalc.findings import Code, Severity
from subsidycalc.money import ZERO
from subsidycalc.policies import guangdong_2020_cluster_plan as plan
from subsidycalc.result import Assessment
from tests.factories import build

GZ = {"province": "广东省", "city": "广州市"}
FACTS = {"starting_regions": 1, "experience_centres": 1, "benchmark_case_types": 2, "platform_enterprises": 20}
LEAD_FACTS: dict[str, dict[str, Any]] = {
    "service_provider_led": {**FACTS, "starting_region_town_park_or_county": True, "third_party_service_provider": True},
    "platform_led": {**FACTS, "starting_region_town_park_or_county": True, "national_cross_industry_platform": True},
    "first_batch_continued": {
        "first_batch_pilot": True, "first_stage_evaluation_passed": True,
        "experience_centres": 1, "benchmark_case_types": 2, "platform_enterprises": 20,
    },
    "financing_voucher": {"pilot_cluster_enterprise": True, "equipment_instalment_financing": True},
    "talent_voucher": {"pilot_cluster_enterprise": True, "online_offline_training": True},
}


def app(key: str, app_id: str = "A", code: str = "91440403AY4CL12TH3", score: str | None = None, **facts: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": app_id,
        "programme": "guangdong-2020",
        "direction": key,
        "enterprise": {"name": "牵头单位", "credit_code": code, "registration": GZ, "tax": GZ, "statistics": GZ},
        "project": {"id": f"P-{app_id}", "name": "集群试点"},
        "facts": {**LEAD_FACTS[key], **facts},
        "submission": {"online_at": "2020-06-20T10:00:00+08:00"},
    }
    if score is not None:
        values["review_score"] = score
    return values


def run(values: dict[str, Any]) -> Assessment:
    return plan.assess(build(values))


class TestTaskBook:
    def test_a_conforming_pilot_is_eligible_and_the_plan_pays_nothing(self) -> None:
        result = run(app("service_provider_led"))
        assert result.eligible
        assert result.award == ZERO
        assert any(f.code is Code.NO_AWARD for f in result.findings)

    @pytest.mark.parametrize(
        ("fact", "good", "bad"),
        [
            ("experience_centres", 1, 0),  # 「1个产业集群数字化转型体验展示中心」
            ("benchmark_case_types", 2, 1),  # 「2个以上不同类型标杆案例」
            ("platform_enterprises", 20, 19),  # 「20家以上企业上平台」
        ],
    )
    def test_each_task_book_target_at_and_below(self, fact: str, good: int, bad: int) -> None:
        assert run(app("service_provider_led", **{fact: good})).eligible
        assert not run(app("service_provider_led", **{fact: bad})).eligible

    def test_one_starting_region(self) -> None:
        """「起步区域数量原则上为1个」."""
        result = run(app("platform_led", starting_regions=2))
        assert {f.code for f in result.failures} == {"STARTING_REGIONS_NOT_MET"}
        none = run(app("platform_led", starting_regions=0))  # was read as ≤ 1: no region at all passed
        assert {f.code for f in none.failures} == {"STARTING_REGIONS_NOT_MET"}
        assert run(app("platform_led", starting_regions=1)).eligible

    def test_a_platform_lead_is_a_national_cross_industry_platform_in_guangdong(self) -> None:
        """「由广东省内的国家跨行业跨领域工业互联网平台商牵头」."""
        assert not run(app("platform_led", national_cross_industry_platform=False)).eligible
        values = app("platform_led")
        values["enterprise"]["registration"] = {"province": "北京市", "city": "北京市"}
        assert {f.code for f in run(values).failures} == {"DISTRICT_MISMATCH"}


class TestHowManyPilots:
    def test_a_service_provider_leads_at_most_one_pilot(self) -> None:
        """「服务商以牵头方式只能参与1个集群试点」."""
        apps = [build(app("service_provider_led", "S1", score="90")), build(app("service_provider_led", "S2", score="80"))]
        strict = allocate(apps)
        assert {d.outcome for d in strict.decisions} == {Outcome.MUTUALLY_EXCLUSIVE}
        keeping = allocate(apps, policy=AllocationPolicy(exclusion_mode=ExclusionMode.HIGHEST_AWARD))
        assert sorted(d.outcome for d in keeping.decisions) == [Outcome.FUNDED, Outcome.MUTUALLY_EXCLUSIVE]

    def test_a_platform_leads_at_most_three_clusters_a_year_the_best_ranked(self) -> None:
        """「原则上平台商每年牵头试点不超过3个集群」."""
        apps = [build(app("platform_led", f"P{i}", score=str(score))) for i, score in enumerate((70, 95, 80, 90))]
        result = allocate(list(reversed(apps)))
        outcomes = {d.application_id: d.outcome for d in result.decisions}
        assert outcomes == {"P0": Outcome.LIMIT_EXCEEDED, "P1": Outcome.FUNDED, "P2": Outcome.FUNDED, "P3": Outcome.FUNDED}
        assert result.decision("P0").related == ("P1", "P3", "P2")

    def test_the_three_are_counted_per_year(self) -> None:
        """「每年」: three 2020 pilots and one in 2021 (全年受理) are all within the limit; before, the
        2021 application was refused because of the three of 2020."""
        def in_year(app_id: str, score: str, year: int) -> Any:
            return build({**app("platform_led", app_id, score=score), "year": year})

        apps = [in_year(f"P{i}", str(90 - i), 2020) for i in range(3)]
        apps.append(in_year("P2021", "10", 2021))
        assert {d.outcome for d in allocate(apps).decisions} == {Outcome.FUNDED}
        apps.append(in_year("P4", "50", 2020))
        assert allocate(apps).decision("P4").outcome is Outcome.LIMIT_EXCEEDED

    def test_other_enterprises_do_not_count_against_the_limit(self) -> None:
        apps = [build(app("platform_led", f"P{i}", code=code)) for i, code in enumerate(
            ("91440403AY4CL12TH3", "914404033BJ1XG6127", "91440403DD272HD1TH", "91440403J3Y7LLJY11")
        )]
        assert {d.outcome for d in allocate(apps).decisions} == {Outcome.FUNDED}

    def test_being_a_participant_is_not_limited(self) -> None:
        """「以参与方式的不作限制」: a service provider that leads one pilot and is a member of others."""
        lead = app("service_provider_led", "S1")
        other = app("platform_led", "P1", code="914404033BJ1XG6127")
        other["ecosystem"] = [{"name": "服务商", "credit_code": "91440403AY4CL12TH3", "registration": GZ}]
        assert {d.outcome for d in allocate([build(lead), build(other)]).decisions} == {Outcome.FUNDED}


class TestWhoMayLeadAndWhere:
    def test_a_service_provider_lead_is_a_third_party_industrial_internet_service_provider(self) -> None:
        """「由深耕垂直行业领域的第三方工业互联网服务商牵头」."""
        assert run(app("service_provider_led")).eligible
        result = run(app("service_provider_led", third_party_service_provider=False))
        assert {f.code for f in result.failures} == {"THIRD_PARTY_SERVICE_PROVIDER_NOT_MET"}
        assert result.failures[0].citation is not None
        assert "第三方工业互联网服务商牵头" in result.failures[0].citation.quote

    def test_an_undeclared_lead_type_is_a_finding_not_an_assumption(self) -> None:
        values = app("service_provider_led")
        del values["facts"]["third_party_service_provider"]
        assert {f.code for f in run(values).failures} == {"THIRD_PARTY_SERVICE_PROVIDER_NOT_DECLARED"}

    def test_a_service_provider_lead_has_no_registration_rule(self) -> None:
        """「不将属地注册作为推荐申报的约束条件」: a 服务商 from outside 广东 may lead."""
        values = app("service_provider_led")
        values["enterprise"]["registration"] = {"province": "北京市", "city": "北京市"}
        assert run(values).eligible

    @pytest.mark.parametrize("key", ["service_provider_led", "platform_led"])
    def test_the_starting_region_is_a_town_park_or_county_for_both_ways(self, key: str) -> None:
        """「起步区域原则上应为产业聚集的专业镇、工业园区或县区」; 平台商: 「每个集群试点的起步区域要求与服务商牵头方式相同」."""
        result = run(app(key, starting_region_town_park_or_county=False))
        assert {f.code for f in result.failures} == {"STARTING_REGION_KIND_NOT_MET"}
        assert result.failures[0].citation is not None
        assert result.failures[0].citation.quote == "起步区域原则上应为产业聚集的专业镇、工业园区或县区"

    def test_the_platform_lead_need_not_be_a_third_party_service_provider(self) -> None:
        assert "THIRD_PARTY_SERVICE_PROVIDER_NOT_DECLARED" not in run(app("platform_led")).codes


class TestFirstBatch:
    """通知 二: 「评估达标的集群2020年继续深入推进试点,评估不达标的集群2020年取消试点资格」, the 实施方案
    「于6月30日前报送我厅」."""

    def test_a_first_batch_pilot_that_passed_its_evaluation_continues(self) -> None:
        result = run(app("first_batch_continued"))
        assert result.eligible
        assert result.award == ZERO

    def test_a_failed_evaluation_ends_the_pilot(self) -> None:
        result = run(app("first_batch_continued", first_stage_evaluation_passed=False))
        assert {f.code for f in result.failures} == {"FIRST_STAGE_EVALUATION_NOT_MET"}
        assert result.failures[0].citation is not None
        assert "评估不达标的集群2020年取消试点资格" in result.failures[0].citation.quote

    def test_an_undeclared_evaluation_is_a_finding(self) -> None:
        values = app("first_batch_continued")
        del values["facts"]["first_stage_evaluation_passed"]
        assert {f.code for f in run(values).failures} == {"FIRST_STAGE_EVALUATION_NOT_DECLARED"}

    def test_a_second_batch_pilot_is_not_a_continuation(self) -> None:
        assert {f.code for f in run(app("first_batch_continued", first_batch_pilot=False)).failures} == {
            "FIRST_BATCH_PILOT_NOT_MET"
        }

    @pytest.mark.parametrize(
        ("moment", "on_time"),
        [
            ("2020-06-30T23:59:59.999999+08:00", True),
            ("2020-07-01T00:00:00+08:00", False),
            ("2020-06-30T16:00:00Z", False),  # 2020-07-01 00:00 Beijing
            ("2020-06-30T15:59:59Z", True),
        ],
    )
    def test_the_implementation_plan_is_due_on_june_30_the_whole_day(self, moment: str, on_time: bool) -> None:
        """「于6月30日前报送」: 「前」 includes the day (CONVENTIONS.md), Beijing time."""
        values = app("first_batch_continued")
        values["submission"] = {"online_at": moment}
        result = run(values)
        assert result.eligible is on_time
        if not on_time:
            assert {f.code for f in result.failures} == {"SUBMITTED_LATE"}

    def test_without_a_submission_time_the_deadline_is_unchecked_not_passed(self) -> None:
        values = app("first_batch_continued")
        values["submission"] = {}
        result = run(values)
        assert "SUBMISSION_TIME_MISSING" in {f.code for f in result.findings if f.severity is Severity.WARN}
        assert result.eligible

    def test_the_2020_task_book_targets_apply(self) -> None:
        """「按《2020年工作方案》要求制定具体实施方案」: 「20家以上企业上平台」."""
        assert run(app("first_batch_continued", platform_enterprises=20)).eligible
        result = run(app("first_batch_continued", platform_enterprises=19))
        assert {f.code for f in result.failures} == {"PLATFORM_ENTERPRISES_NOT_MET"}


class TestCloudVouchers:
    @pytest.mark.parametrize(
        ("instalment", "order", "eligible"),
        [(True, None, True), (None, True, True), (False, True, True), (False, False, False)],
    )
    def test_a_financing_voucher_needs_instalment_or_voucher_order_financing(
        self, instalment: bool | None, order: bool | None, eligible: bool
    ) -> None:
        """「对开展联网设备分期融资的集群企业给予融资上云服务券奖补」「对开展服务券订单融资的集群企业给予融资上云服务券奖补」."""
        facts = {k: v for k, v in (("equipment_instalment_financing", instalment), ("voucher_order_financing", order)) if v is not None}
        values = app("financing_voucher")
        values["facts"] = {"pilot_cluster_enterprise": True, **facts}
        assert run(values).eligible is eligible

    @pytest.mark.parametrize("key", ["financing_voucher", "talent_voucher"])
    def test_a_voucher_is_for_an_enterprise_of_a_pilot_cluster(self, key: str) -> None:
        result = run(app(key, pilot_cluster_enterprise=False))
        assert {f.code for f in result.failures} == {"PILOT_CLUSTER_ENTERPRISE_NOT_MET"}
        assert result.award == ZERO

    def test_a_talent_voucher_needs_online_and_offline_training(self) -> None:
        """「省对应用“线上+线下”实训的集群企业给予人才上云服务券奖补」."""
        assert run(app("talent_voucher")).eligible
        result = run(app("talent_voucher", online_offline_training=False))
        assert {f.code for f in result.failures} == {"ONLINE_OFFLINE_TRAINING_NOT_MET"}


def test_every_way_is_registered() -> None:
    assert set(plan.DIRECTIONS) == {
        "service_provider_led", "platform_led", "first_batch_continued", "financing_voucher", "talent_voucher",
    }
    assert copy.deepcopy(FACTS) == FACTS
