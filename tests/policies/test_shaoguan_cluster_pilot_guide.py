"""The 韶关 cluster-pilot guide: the budget reserve, the certified award, lead-unit and ecosystem
conditions, and the acceptance indicators — examples from the text and every boundary."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.findings import Code
from subsidycalc.money import ZERO, Money, apply_rate
from subsidycalc.policies import shaoguan_cluster_pilot_guide as shaoguan
from subsidycalc.result import Assessment
from tests.factories import build

LEAD = {"province": "广东省", "city": "韶关市", "district": "浈江区"}

BASELINE: dict[str, Any] = {
    "id": "SG-T",
    "programme": "shaoguan-2023",
    "direction": "pilot",
    "enterprise": {
        "name": "韶关测试有色金属有限公司",
        "credit_code": "91440403AY4CL12TH3",
        "registration": LEAD,
        "tax": LEAD,
        "statistics": LEAD,
    },
    "project": {"id": "P", "name": "试点", "industry": "有色金属", "planned_investment": "300万", "actual_investment": "200万"},
    "ecosystem": [
        {"name": "生态成员甲", "credit_code": "914404033BJ1XG6127", "registration": {"city": "广州市"}},
    ],
    "facts": {
        "industry_leader": True,
        "expert_since": "2010-05-01",
        "surveyed_enterprises": 15,
        "transformed_enterprises": 10,
        "key_products": 3,
        "benchmark_cases": 2,
        "pilot_certified": True,
    },
    "submission": {"online_at": "2024-03-15T10:00:00+08:00"},
}


def data() -> dict[str, Any]:
    return copy.deepcopy(BASELINE)


def run(values: dict[str, Any]) -> Assessment:
    return shaoguan.PILOT.assess(build(values))


def failed(result: Assessment) -> set[str]:
    return {f.code for f in result.failures}


class TestAward:
    def test_the_award_is_30_percent_of_the_actual_total_investment(self) -> None:
        """「市财政对牵头单位按项目实际总投资额的30%予以扶持，最高不超过100万元」: 200万 gives 60万."""
        result = run(data())
        assert result.eligible, failed(result)
        assert result.award == Money.parse("60万")

    def test_exactly_100_wan_is_paid_in_full_and_one_fen_more_is_capped(self) -> None:
        """「最高不超过100万元」."""
        values = data()
        values["project"]["actual_investment"] = "3333333.34"  # 30% = 1,000,000.002 -> 1,000,000.00
        assert not run(values).cap_applied
        values["project"]["actual_investment"] = "3333333.35"  # 30% = 1,000,000.005 -> 1,000,000.01 > cap
        capped = run(values)
        assert capped.award_before_cap == Money.parse("1000000.01")
        assert capped.award == Money.parse("100万")
        assert capped.cap_applied

    def test_the_budget_reserve_is_30_percent_of_the_planned_investment_and_not_capped(self) -> None:
        """「按项目总投资额的30%纳入市工信局2024年度资金预算」: a budget line, not a payment."""
        values = data()
        values["project"]["planned_investment"] = "500万"
        reserve = next(f for f in run(values).findings if f.code is Code.BUDGET_RESERVE)
        assert reserve.actual == "1,500,000.00元"

    def test_before_certification_the_reserve_is_reported_and_nothing_is_paid(self) -> None:
        values = data()
        del values["project"]["actual_investment"]
        values["facts"] = {"industry_leader": True, "expert_since": "2010-05-01"}
        result = run(values)
        assert not result.eligible
        assert result.award == ZERO
        assert "FACT_MISSING" in failed(result)
        assert any(f.code is Code.BUDGET_RESERVE for f in result.findings)

    def test_an_uncertified_pilot_is_not_paid(self) -> None:
        """「对通过市级产业集群数字化转型试点认定的项目」 only."""
        values = data()
        values["facts"]["pilot_certified"] = False
        assert failed(run(values)) == {"PILOT_CERTIFIED_NOT_MET"}

    @given(st.integers(min_value=0, max_value=10**12))
    def test_the_award_never_exceeds_the_cap_or_30_percent(self, fen: int) -> None:
        values = data()
        values["project"]["actual_investment"] = str(Money(fen).to_yuan())
        result = run(values)
        assert ZERO <= result.award <= Money.parse("100万")
        assert result.award <= apply_rate(Money(fen), shaoguan.PILOT.rate.value)


class TestLeadUnit:
    def test_the_lead_must_be_an_industry_leader(self) -> None:
        """「牵头单位应为……行业龙头制造企业」."""
        values = data()
        values["facts"]["industry_leader"] = False
        assert failed(run(values)) == {"INDUSTRY_LEADER_NOT_MET"}

    @pytest.mark.parametrize(
        ("since", "eligible"),
        [("2014-03-15", False), ("2014-03-14", True), ("2014-03-16", False)],
    )
    def test_exactly_ten_years_is_not_more_than_ten_and_one_day_more_is(self, since: str, eligible: bool) -> None:
        """「在有色金属行业领域从业超过10年」, judged on the online submission day (2024-03-15)."""
        values = data()
        values["facts"]["expert_since"] = since
        result = run(values)
        assert result.eligible is eligible, failed(result)

    def test_a_leap_day_start_counts_from_february_28(self) -> None:
        values = data()
        values["facts"]["expert_since"] = "2012-02-29"
        values["year"] = 2023  # the 申报年度 in the pilot period; the tenure is counted to the submission
        values["submission"]["online_at"] = "2022-02-28T12:00:00+08:00"  # ten years exactly
        assert not run(values).eligible
        values["submission"]["online_at"] = "2022-03-01T12:00:00+08:00"
        assert run(values).eligible

    def test_a_joint_application_is_not_allowed(self) -> None:
        """「一个试点项目只有一个申报主体,不允许联合申报」."""
        values = data()
        values["partners"] = [
            {"name": "伙伴", "credit_code": "91440403DD272HD1TH", "registration": {"city": "韶关市"}}
        ]
        assert failed(run(values)) == {"JOINT_FORBIDDEN"}


class TestEcosystem:
    def test_a_member_that_is_a_dishonest_judgment_debtor_disqualifies(self) -> None:
        """「不属于失信被执行人（以“信用中国”网站查询结果为准）」."""
        values = data()
        values["ecosystem"][0]["credit"] = {"dishonest_judgment_debtor": True}
        result = run(values)
        assert failed(result) == {"DISHONEST_DEBTOR"}
        assert result.failures[0].subject == "ecosystem[0].credit.dishonest_judgment_debtor"

    @pytest.mark.parametrize(("day", "eligible"), [("2019-03-15", False), ("2019-03-14", True), ("2024-03-15", False)])
    def test_major_accidents_count_within_the_last_five_years(self, day: str, eligible: bool) -> None:
        """「所有产业生态成员近5年内……未出现较为严重的违法违规情况，且……未发生重大事故」."""
        values = data()
        values["ecosystem"][0]["incidents"] = [{"kind": "safety", "occurred_on": day}]
        assert run(values).eligible is eligible

    def test_the_lead_unit_is_held_to_the_same_five_years(self) -> None:
        values = data()
        values["enterprise"]["incidents"] = [{"kind": "environmental", "occurred_on": "2023-01-01"}]
        assert failed(run(values)) == {"MAJOR_INCIDENT"}

    def test_members_must_have_independent_legal_personality(self) -> None:
        """「生态成员应为国内注册、具有独立法人资格的企事业单位……」."""
        values = data()
        values["ecosystem"][0]["independent_legal_person"] = False
        assert failed(run(values)) == {"NOT_LEGAL_PERSON"}

    def test_a_member_without_legal_personality_is_cited_to_the_member_clause(self) -> None:
        """The finding cites 四 3 (who a member must be), not 四 5 (失信被执行人) as it did."""
        values = data()
        values["ecosystem"][0]["independent_legal_person"] = False
        citation = run(values).failures[0].citation
        assert citation is not None
        assert citation.clause == "四、专题申报条件 3"
        assert "具有独立法人资格的企事业单位或电信运营企业市级以上分支机构" in citation.quote

    @pytest.mark.parametrize(
        ("province", "domestic"),
        [("广东省", True), ("新疆维吾尔自治区", True), ("北京市", True), ("香港特别行政区", False), ("新加坡", False)],
    )
    def test_members_must_be_registered_in_china(self, province: str, domestic: bool) -> None:
        """「生态成员应为国内注册」: a member registered outside the mainland's provinces is not a member."""
        values = data()
        values["ecosystem"][0]["registration"] = {"province": province, "city": "某市"}
        result = run(values)
        assert result.eligible is domestic
        if not domestic:
            assert failed(result) == {"MEMBER_NOT_DOMESTIC"}
            finding = result.failures[0]
            assert finding.subject == "ecosystem[0].registration.province"
            assert finding.citation is not None
            assert "生态成员应为国内注册" in finding.citation.quote

    def test_a_province_written_with_spaces_is_the_same_province(self) -> None:
        values = data()
        values["ecosystem"][0]["registration"] = {"province": "广东 省", "city": "广州市"}
        assert run(values).eligible

    def test_the_lead_unit_is_not_held_to_the_member_registration_rule(self) -> None:
        """The clause names 生态成员; the lead's own registration is not checked by it."""
        values = data()
        values["enterprise"]["registration"] = {**LEAD, "province": "香港特别行政区"}
        assert "MEMBER_NOT_DOMESTIC" not in run(values).codes


class TestAcceptanceIndicators:
    @pytest.mark.parametrize(
        ("fact", "at", "clause"),
        [
            ("surveyed_enterprises", 15, "完成不少于15家不同类型的企业单位"),
            ("transformed_enterprises", 10, "推动不少于10家产业集群企业数字化转型"),
            ("key_products", 3, "关键产品及服务数量不少于3个"),
            ("benchmark_cases", 2, "打造不少于2个可供参观的标杆案例"),
        ],
    )
    def test_each_indicator_is_met_at_its_number_and_missed_one_below(self, fact: str, at: int, clause: str) -> None:
        values = data()
        values["facts"][fact] = at
        assert run(values).eligible
        values["facts"][fact] = at - 1
        result = run(values)
        assert failed(result) == {f"{fact.upper()}_NOT_MET"}
        assert result.failures[0].citation is not None
        assert clause in result.failures[0].citation.quote


class TestScope:
    """「2023年至2024年拟面向有色金属行业开展试点」: before, a 陶瓷 project or an application in 2030 passed."""

    def test_a_project_of_another_industry_is_out_of_scope(self) -> None:
        values = data()
        values["project"]["industry"] = "陶瓷"
        assert failed(run(values)) == {"INDUSTRY_OUT_OF_SCOPE"}

    def test_an_undeclared_industry_is_a_finding_not_an_assumption(self) -> None:
        values = data()
        values["project"].pop("industry")
        assert failed(run(values)) == {"INDUSTRY_NOT_DECLARED"}

    @pytest.mark.parametrize(("year", "inside"), [(2022, False), (2023, True), (2024, True), (2025, False), (2030, False)])
    def test_the_application_year_is_within_2023_to_2024(self, year: int, inside: bool) -> None:
        values = data()
        values["year"] = year
        result = run(values)
        assert ("YEAR_OUT_OF_SCOPE" not in failed(result)) is inside
        assert result.eligible is inside

    def test_the_year_is_read_from_the_online_submission_in_beijing_time(self) -> None:
        values = data()
        values["submission"] = {**values["submission"], "online_at": "2024-12-31T16:30:00Z"}  # 2025-01-01 00:30 Beijing
        assert failed(run(values)) == {"YEAR_OUT_OF_SCOPE"}


class TestMaterials:
    """五、申报材料要求: 「本方向申报材料包括项目培育入库申报书和专题调研行动方案两部分」, the 申报书 with
    「营业执照、“懂行人”在该试点行业从业年限证明材料、……“信用中国”网站查询结果、……案例清单」."""

    ALL = sorted(d.kind.value for d in shaoguan.DOCUMENTS)

    def test_the_full_checklist_is_complete(self) -> None:
        values = data()
        values["documents"] = self.ALL
        assert run(values).eligible
        assert "DOCUMENTS_COMPLETE" in {f.code for f in run(values).findings}

    @pytest.mark.parametrize("left_out", ["survey_action_plan", "expert_tenure_evidence", "case_list"])
    def test_a_missing_document_is_named(self, left_out: str) -> None:
        values = data()
        values["documents"] = [k for k in self.ALL if k != left_out]
        result = run(values)
        assert failed(result) == {"MISSING_DOCUMENT"}

    def test_no_checklist_given_is_reported_unchecked(self) -> None:
        assert "DOCUMENTS_NOT_CHECKED" in run(data()).codes
