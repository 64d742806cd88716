"""粤工信工业互联网函〔2022〕14号: regional ceilings, 500万 minimum, two stages, 赛马, lead-unit and
ecosystem conditions, rigid indicators, contract filing — examples from the text and boundaries."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.allocation import AllocationPolicy, Outcome, TieBreak, allocate
from subsidycalc.findings import Code, Severity
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.money import ZERO, Money, Ratio, apply_rate
from subsidycalc.policies import guangdong_2022_cluster_pilot as gd
from subsidycalc.result import Assessment
from subsidycalc.stages import LifeStage
from tests.factories import build


def loc(city: str) -> dict[str, str]:
    return {"province": "广东省", "city": city}


BASELINE: dict[str, Any] = {
    "id": "GD-T",
    "programme": "guangdong-2022",
    "direction": "industry_2_2",
    "enterprise": {
        "name": "珠海测试电路有限公司",
        "credit_code": "91440403AY4CL12TH3",
        "registration": loc("珠海市"),
        "tax": loc("珠海市"),
        "statistics": loc("珠海市"),
    },
    "project": {"id": "P", "name": "试点", "actual_investment": "1000万", "industry": "2-2", "start_region": loc("珠海市")},
    "ecosystem": [{"name": "生态成员", "credit_code": "914404033BJ1XG6127", "registration": {"city": "广州市"}}],
    "facts": {
        "independent_legal_person": True,
        "industry_leader": True,
        "provincial_case": True,
        "lead_mature_businesses": 1,
        "lead_demo_cases": 1,
        "expert_since": "2010-01-01",
        "overdue_acceptance": False,
        "pilot_certified": True,
        "certified_on": "2023-07-01",
        "surveyed_cultivation": 15,
        "key_products_cultivation": 3,
        "benchmark_cases_cultivation": 2,
        "transformed_cultivation": 20,
    },
    "submission": {"online_at": "2022-06-20T10:00:00+08:00"},
    "documents": [
        "listing_application", "survey_report", "business_licence", "expert_tenure_evidence", "credit_report", "case_list",
    ],
}


def data(**project: Any) -> dict[str, Any]:
    values = copy.deepcopy(BASELINE)
    values["project"].update(project)
    return values


def run(values: dict[str, Any], ledger: Ledger | None = None) -> Assessment:
    """Assessed with no earlier awards (``Ledger.empty()``) unless a ledger is given."""
    return gd.assess(build(values), ledger if ledger is not None else Ledger.empty())


def run_without_ledger(values: dict[str, Any]) -> Assessment:
    return gd.assess(build(values))


def failed(result: Assessment) -> set[str]:
    return {f.code for f in result.failures}


class TestCumulativeCeiling:
    def test_the_2000_wan_is_cumulative_over_the_pilots_awards(self) -> None:
        """「省财政对每个试点产业集群扶持总额累计不超过2000万元」: with 1800万 already awarded to the pilot,
        a 300万 award is cut to the 200万 that remain; before, each award was checked alone."""
        earlier = LedgerEntry.model_validate({
            "programme": "guangdong-2022", "item": "industry_2_2", "level": "province",
            "enterprise": data()["enterprise"]["credit_code"], "project_id": data()["project"]["id"],
            "year": 2022, "awarded": "1800万",
        })
        result = run(data(), Ledger.empty().record(earlier))
        assert result.award_if_eligible == Money.from_wan(200)
        assert Code.PROJECT_CAP in {f.code for f in result.findings}
        assert run(data()).award_if_eligible == Money.from_wan(300)
        assert not run_without_ledger(data()).eligible


class TestCeiling:
    def test_a_pearl_river_delta_pilot_gets_at_most_30_percent(self) -> None:
        """「其中珠三角地市集群试点不超过项目实际总投资额的30%」: 1000万 in 珠海 gives 300万."""
        result = run(data())
        assert result.eligible, failed(result)
        assert result.award == Money.from_wan(300)

    def test_an_east_west_north_pilot_gets_at_most_50_percent(self) -> None:
        """「粤东西北地市集群试点不超过项目实际总投资额的50%」: 1000万 in 揭阳 gives 500万."""
        result = run(data(start_region=loc("揭阳市")))
        assert result.award == Money.from_wan(500)
        assert any(f.code is Code.REGION_CLASS and f.actual == "east_west_north" for f in result.findings)

    @pytest.mark.parametrize(("city", "wan"), [("珠海市", "6666.6667万"), ("潮州市", "4000万")])
    def test_the_2000_wan_ceiling_is_reached_from_either_side(self, city: str, wan: str) -> None:
        """「省财政对每个试点产业集群扶持总额累计不超过2000万元」."""
        result = run(data(start_region=loc(city), actual_investment=wan))
        assert result.award == Money.from_wan(2000)

    def test_one_fen_over_the_ceiling_is_capped(self) -> None:
        result = run(data(start_region=loc("潮州市"), actual_investment="40000000.02"))
        assert result.award_before_cap == Money.parse("20000000.01")
        assert result.award == Money.from_wan(2000)
        assert result.cap_applied

    def test_the_region_of_the_pilot_decides_not_the_registration(self) -> None:
        values = data(start_region=loc("梅州市"))  # a 珠海-registered lead piloting in 梅州
        assert run(values).award == Money.from_wan(500)

    def test_a_region_outside_the_table_is_refused(self) -> None:
        values = data(start_region={"province": "湖南省", "city": "长沙市"})
        assert failed(run(values)) == {"REGION_NOT_CLASSIFIED"}

    def test_a_missing_start_region_is_reported_missing(self) -> None:
        values = data()
        del values["project"]["start_region"]
        assert failed(run(values)) == {"FACT_MISSING"}


class TestMinimumAndStages:
    def test_exactly_500_wan_qualifies_and_one_fen_less_does_not(self) -> None:
        """「每个试点项目实际总投资额须不少于500万」."""
        assert run(data(actual_investment="500万")).eligible
        assert failed(run(data(actual_investment="4999999.99"))) == {"BELOW_MIN_INVESTMENT"}

    def test_the_stages_are_30_and_70_percent_and_add_up_exactly(self) -> None:
        """「试点认定后，按不超过扶持总额的30%……试点期满后，评估合格及以上的，按不超过扶持总额的70%」."""
        values = data(actual_investment="10000000.03")  # 30% = 3,000,000.009 -> 3,000,000.01
        values["facts"]["final_evaluation_passed"] = True
        result = run(values)
        first, second = result.stages
        assert first.amount == Money.parse("900000.00")  # 30% of 3,000,000.01 = 900,000.003
        assert second.amount == Money.parse("2100000.01")
        assert first.amount + second.amount == result.award
        assert (first.payable, second.payable) == (True, True)

    def test_a_failed_evaluation_forfeits_the_second_stage(self) -> None:
        """「评估合格及以上的」 only: 不合格 gets no 70%."""
        values = data()
        values["facts"]["final_evaluation_passed"] = False
        result = run(values)
        assert result.award == Money.from_wan(90)
        assert result.award_if_eligible == Money.from_wan(300)
        assert any(f.code is Code.STAGE_FORFEITED for f in result.findings)

    def test_before_the_evaluation_the_second_stage_is_pending(self) -> None:
        result = run(data())
        assert result.stages[1].payable is None
        assert result.award == Money.from_wan(300)

    @given(st.integers(min_value=500_000_000, max_value=10**12), st.sampled_from(["珠海市", "汕头市"]))
    def test_stages_always_add_up_to_the_award_and_nothing_exceeds_a_cap(self, fen: int, city: str) -> None:
        values = data(actual_investment=str(Money(fen).to_yuan()), start_region=loc(city))
        values["facts"]["final_evaluation_passed"] = True
        result = run(values)
        assert sum((s.amount for s in result.stages), start=ZERO) == result.award
        assert result.award <= Money.from_wan(2000)
        assert result.award <= apply_rate(Money(fen), Ratio.parse("50%"))


class TestLeadUnitAndEcosystem:
    def test_a_public_service_enterprise_may_lead(self) -> None:
        """「牵头单位应为行业龙头制造企业或行业公共服务企业」."""
        values = data()
        values["facts"].update(industry_leader=False, public_service_enterprise=True)
        assert run(values).eligible
        values["facts"]["public_service_enterprise"] = False
        assert failed(run(values)) == {"LEAD_KIND_NOT_MET"}

    def test_the_lead_must_be_registered_in_guangdong(self) -> None:
        """「牵头单位应在广东省注册、具有独立法人资格」."""
        values = data()
        values["enterprise"]["registration"] = {"province": "湖南省", "city": "长沙市"}
        assert failed(run(values)) == {"DISTRICT_MISMATCH"}
        values = data()
        values["facts"]["independent_legal_person"] = False
        assert failed(run(values)) == {"INDEPENDENT_LEGAL_PERSON_NOT_MET"}

    @pytest.mark.parametrize(("day", "eligible"), [("2016-12-31", True), ("2017-01-01", False)])
    def test_incidents_count_since_2017(self, day: str, eligible: bool) -> None:
        """「近5年内（2017年以来）未发生重大安全、环保、质量事故」."""
        values = data()
        values["ecosystem"][0]["incidents"] = [{"kind": "safety", "occurred_on": day}]
        assert run(values).eligible is eligible

    def test_an_overdue_acceptance_disqualifies(self) -> None:
        """「且不存在未按期完成财政专项资金扶持项目验收的情况」."""
        values = data()
        values["facts"]["overdue_acceptance"] = True
        assert failed(run(values)) == {"NO_OVERDUE_ACCEPTANCE_NOT_MET"}

    @pytest.mark.parametrize(("since", "eligible"), [("2012-06-20", False), ("2012-06-19", True)])
    def test_the_expert_needs_more_than_ten_years(self, since: str, eligible: bool) -> None:
        """「在所申报的细分行业领域从业超过10年」 (submission on 2022-06-20)."""
        values = data()
        values["facts"]["expert_since"] = since
        assert run(values).eligible is eligible

    def test_no_joint_application(self) -> None:
        values = data()
        values["partners"] = [{"name": "伙伴", "credit_code": "91440403DD272HD1TH", "registration": loc("广州市")}]
        assert failed(run(values)) == {"JOINT_FORBIDDEN"}


class TestIndicatorsAndContracts:
    @pytest.mark.parametrize(
        ("fact", "at"),
        [("surveyed_cultivation", 15), ("key_products_cultivation", 3), ("benchmark_cases_cultivation", 2), ("transformed_cultivation", 20)],
    )
    def test_each_cultivation_target_is_met_at_its_number_and_missed_one_below(self, fact: str, at: int) -> None:
        values = data()
        values["facts"][fact] = at - 1
        assert failed(run(values)) == {f"{fact.upper()}_NOT_MET"}

    def test_two_year_targets_warn_but_do_not_decide(self) -> None:
        """「2 年内……关键产品及服务数量超过 5 个」: exactly 5 is not more than 5; the evaluation decides."""
        values = data()
        values["facts"]["key_products_2y"] = 5
        result = run(values)
        assert result.eligible
        warned = [f for f in result.findings if f.severity is Severity.WARN]
        assert [f.subject for f in warned] == ["facts.key_products_2y"]

    def test_an_unfiled_contract_after_2021_is_reported(self) -> None:
        """「所有产品及服务项目（2021年1月1日后，以合同签订日期为准）应在……平台备案」."""
        values = data()
        values["contracts"] = [
            {"number": "A", "supplier": "甲", "amount_excl_tax": "10万", "signed_on": "2020-12-31", "filed_on_platform": False},
            {"number": "B", "supplier": "乙", "amount_excl_tax": "10万", "signed_on": "2021-01-01", "filed_on_platform": False},
            {"number": "C", "supplier": "丙", "amount_excl_tax": "10万", "signed_on": "2021-05-01", "filed_on_platform": True},
        ]
        result = run(values)
        flagged = [f.subject for f in result.findings if f.code is Code.CONTRACT_NOT_FILED]
        assert flagged == ["contracts[1].filed_on_platform"]
        assert result.eligible


class TestRaceAndExclusion:
    def two(self, second_day: str) -> list[Any]:
        first = data()
        other = data()
        other["id"] = "GD-T2"
        other["enterprise"]["credit_code"] = "91440403DD272HD1TH"
        other["facts"]["certified_on"] = second_day
        other["submission"]["online_at"] = "2022-06-21T10:00:00+08:00"
        return [build(first), build(other)]

    def test_only_the_first_certified_project_in_an_industry_is_funded(self) -> None:
        """「同一试点行业的多个培育项目，仅对最先通过试点认定的项目予以资金奖励支持」."""
        result = allocate(self.two("2023-08-01"), ledger=Ledger.empty())
        assert {d.application_id: d.outcome for d in result.decisions} == {
            "GD-T": Outcome.FUNDED,
            "GD-T2": Outcome.QUOTA_EXCEEDED,
        }

    def test_projects_certified_on_the_same_earliest_day_are_all_first(self) -> None:
        """「仅对最先通过试点认定的项目」: two certified the same, earliest day are both 最先 and both
        funded; before, one was funded by 统一社会信用代码 after the online submission time."""
        result = allocate(self.two("2023-07-01"), ledger=Ledger.empty())
        assert {d.outcome for d in result.decisions} == {Outcome.FUNDED}

    def test_the_other_reading_contests_one_place_and_no_arbitrary_key_decides_it(self) -> None:
        one_place = AllocationPolicy(certification_ties="one_place")
        unresolved = allocate(self.two("2023-07-01"), ledger=Ledger.empty(), policy=one_place)
        assert {d.outcome for d in unresolved.decisions} == {Outcome.TIE_UNRESOLVED}
        assert unresolved.decision("GD-T").related == ("GD-T2",)
        assert "尚余1个，并列未决" in unresolved.decision("GD-T").message
        chosen = AllocationPolicy(certification_ties="one_place", tie_break=TieBreak.SUBMISSION_TIME)
        assert allocate(self.two("2023-07-01"), ledger=Ledger.empty(), policy=chosen).decision("GD-T").outcome is Outcome.FUNDED

    def test_one_applicant_may_not_lead_two_pilots(self) -> None:
        """「同一申报主体不允许申报多个试点项目」."""
        first = data()
        second = data()
        second["id"] = "GD-T3"
        second["direction"] = "industry_2_17"
        result = allocate([build(first), build(second)], ledger=Ledger.empty())
        assert {d.outcome for d in result.decisions} == {Outcome.MUTUALLY_EXCLUSIVE}


def test_the_guide_lists_21_industries_and_2_specials() -> None:
    assert len(gd.INDUSTRIES) == 21
    assert len(gd.DIRECTIONS) == 21
    assert set(gd.SPECIAL_PILOTS) == {"2-22", "2-23"}
    assert gd.PILOTS["2-2"].name.startswith("印刷电路板")


class TestListingStage:
    """一、组织方式（三）（四）: recommendations per region and selections per 试点行业."""

    CODES = ("91440403AY4CL12TH3", "91440403DD272HD1TH", "91440403J3Y7LLJY11", "91440403JJC171HU4K")

    LATER = (
        "pilot_certified", "certified_on", "final_evaluation_passed", "surveyed_cultivation", "key_products_cultivation",
        "benchmark_cases_cultivation", "transformed_cultivation", "surveyed_pilot", "key_products_2y",
        "benchmark_cases_2y", "transformed_2y",
    )

    def pilot(self, index: int, city: str, district: str, score: str, rank: int | None = None) -> Any:
        values = data(start_region={"province": "广东省", "city": city, "district": district})
        values["id"] = f"L{index}"
        values["enterprise"]["credit_code"] = self.CODES[index]
        values["review_score"] = score
        values["recommendation_rank"] = rank
        values["project"]["actual_investment"] = None  # audited at 试点认定, not at 入库
        for name in self.LATER:
            values["facts"][name] = None
        return build(values)

    def allocate(self, apps: list[Any]) -> dict[str, Outcome]:
        result = allocate(apps, rules=gd.LISTING_RULES, exclusions={gd.PROGRAMME: gd.LISTING_LIMITS}, ledger=Ledger.empty())
        return {d.application_id: d.outcome for d in result.decisions}

    def test_a_listing_applicant_is_not_failed_for_what_exists_only_after_listing(self) -> None:
        """「培育期满1年，我厅将针对培育入库项目开展评估，评估合格的，予以试点认定」: at 入库 there is no
        certification, no 培育期 result and no audited investment yet. Before the stages, every
        listing applicant failed (FACT_MISSING)."""
        app = self.pilot(0, "珠海市", "斗门区", "80")
        listing = gd.LISTING_RULES["guangdong-2022/industry_2_2"].assess(app)
        assert listing.eligible
        assert listing.stage is LifeStage.LISTING
        assert {f.subject for f in listing.pending} >= {"facts.pilot_certified", "project.actual_investment", "ledger"}
        assert not gd.PILOTS["2-2"].assess(app, Ledger.empty()).eligible  # the whole life: not certified

    def test_a_region_recommends_at_most_two_per_industry_in_its_own_order(self) -> None:
        """「每个区域针对每个试点行业可推荐不超过2个试点牵头单位及其集群转型方案」: the region's order
        (推荐排序) decides which two go forward, not the province's later review score."""
        scores, ranks = ("80", "90", "85"), (1, 3, 2)
        apps = [self.pilot(i, "珠海市", "斗门区", s, r) for i, (s, r) in enumerate(zip(scores, ranks, strict=True))]
        assert self.allocate(apps) == {"L0": Outcome.FUNDED, "L1": Outcome.LIMIT_EXCEEDED, "L2": Outcome.FUNDED}

    def test_without_the_regions_order_the_places_are_left_to_it(self) -> None:
        """No 推荐排序 and three for two places: the library does not choose for the region."""
        apps = [self.pilot(i, "珠海市", "斗门区", s) for i, s in enumerate(("80", "90", "85"))]
        assert set(self.allocate(apps).values()) == {Outcome.TIE_UNRESOLVED}
        apps = [self.pilot(0, "珠海市", "斗门区", "80", 1), *(self.pilot(i, "珠海市", "斗门区", "90") for i in (1, 2))]
        assert self.allocate(apps) == {"L0": Outcome.FUNDED, "L1": Outcome.TIE_UNRESOLVED, "L2": Outcome.TIE_UNRESOLVED}

    def test_a_tie_in_the_regions_order_at_the_limit_is_unresolved(self) -> None:
        apps = [self.pilot(i, "珠海市", "斗门区", "80", r) for i, r in enumerate((1, 2, 2))]
        assert self.allocate(apps) == {"L0": Outcome.FUNDED, "L1": Outcome.TIE_UNRESOLVED, "L2": Outcome.TIE_UNRESOLVED}
        apps = [self.pilot(i, "珠海市", "斗门区", "80", r) for i, r in enumerate((1, 1, 2))]
        assert self.allocate(apps) == {"L0": Outcome.FUNDED, "L1": Outcome.FUNDED, "L2": Outcome.LIMIT_EXCEEDED}

    def test_at_most_two_are_selected_per_industry_by_review(self) -> None:
        """「针对每个试点行业，将择优遴选不超过2个牵头单位及其集群转型方案入库培育」."""
        apps = [
            self.pilot(0, "珠海市", "斗门区", "80"),
            self.pilot(1, "江门市", "鹤山市", "90"),
            self.pilot(2, "汕头市", "潮阳区", "85"),
        ]
        result = allocate(apps, rules=gd.LISTING_RULES, exclusions={gd.PROGRAMME: gd.LISTING_LIMITS}, ledger=Ledger.empty())
        outcomes = {d.application_id: d.outcome for d in result.decisions}
        assert outcomes == {"L0": Outcome.QUOTA_EXCEEDED, "L1": Outcome.FUNDED, "L2": Outcome.FUNDED}
        assert result.decision("L0").citation is not None
        assert "择优遴选不超过2个" in result.decision("L0").citation.quote  # type: ignore[union-attr]


def test_a_decided_amount_below_the_ceiling_is_what_is_paid() -> None:
    """「不超过」 sets a ceiling; a lower 核定金额 is paid where the input gives one."""
    values = data()
    values["decided_amount"] = "250万"
    result = run(values)
    assert result.award_if_eligible == Money.from_wan(250)
    assert any(f.code is Code.DECIDED_AMOUNT for f in result.findings)
    values["decided_amount"] = "400万"  # above the 300万 ceiling: the ceiling stands
    assert run(values).award == Money.from_wan(300)


class TestIndustryGuides:
    def test_a_guide_that_sets_its_own_enterprise_number_replaces_the_rigid_one(self) -> None:
        """「个别二级目录行业……以具体行业指南为准」: 2-17 「推动试点起步区域内 30 家以上……其中，培育期间不少于 10 家」."""
        values = data(industry="2-17")
        values["direction"] = "industry_2_17"
        values["facts"]["transformed_cultivation"] = 10
        assert run(values).eligible
        values["facts"]["transformed_cultivation"] = 9
        assert {f.code for f in run(values).failures} == {"TRANSFORMED_CULTIVATION_NOT_MET"}
        values["direction"] = "industry_2_2"  # the rigid 20 applies to 印刷电路板
        assert not run(values).eligible

    def test_an_industry_indicator_is_checked_when_declared(self) -> None:
        """2-2 「帮助区域内不少于30%的印刷电路板工厂实现用水等生产资源利用率提升超过15%」."""
        values = data()
        values["facts"]["indicators"] = {"2-2.1": "30"}
        met = run(values)
        assert any(f.subject == "facts.indicators[2-2.1]" and f.severity is Severity.PASS for f in met.findings)
        values["facts"]["indicators"] = {"2-2.1": "29.99"}
        missed = run(values)
        assert missed.eligible  # advisory: the evaluation decides
        assert any(f.subject == "facts.indicators[2-2.1]" and f.severity is Severity.WARN for f in missed.findings)

    def test_an_upper_bound_indicator_reads_at_most(self) -> None:
        """2-12 「线上订单数据分发到达下游厂商不大于 10 秒」."""
        values = data()
        values["direction"] = "industry_2_12"
        values["facts"]["indicators"] = {"2-12.3": "10"}
        assert any(f.subject == "facts.indicators[2-12.3]" and f.severity is Severity.PASS for f in run(values).findings)

    def test_every_industry_has_its_indicators(self) -> None:
        assert set(gd.INDICATORS) == set(gd.INDUSTRIES)
        assert sum(len(v) for v in gd.INDICATORS.values()) > 80


def industry(code: str, **facts: Any) -> dict[str, Any]:
    """The baseline as an application to the 试点行业 ``code`` with some facts changed."""
    values = data(industry=code)
    values["direction"] = f"industry_{code.replace('-', '_')}"
    values["facts"].update(facts)
    return values


def codes(result: Assessment) -> set[str]:
    return {f.code for f in result.findings}


def finding(result: Assessment, code: str) -> Any:
    return next(f for f in result.findings if f.code == code)


class TestLeadUnitConditionsOfEachGuide:
    """附件2-1 … 2-21 「四、牵头单位条件」: the countable parts as conditions, the rest reviewed."""

    @pytest.mark.parametrize(("cases", "eligible"), [(3, True), (2, False)])
    def test_the_smart_terminal_lead_needs_three_demonstration_cases(self, cases: int, eligible: bool) -> None:
        """2-1 「具有至少3个智能终端行业数字化转型的示范案例」: 3 is enough, 2 is not."""
        result = run(industry("2-1", lead_demo_cases=cases))
        assert result.eligible is eligible
        if not eligible:
            assert failed(result) == {"LEAD_DEMO_CASES_NOT_MET"}
            assert "具有至少3个智能终端行业数字化转型的示范案例" in finding(result, "LEAD_DEMO_CASES_NOT_MET").citation.quote

    @pytest.mark.parametrize("code", [c for c, rows in gd.LEAD_CONDITIONS.items() if rows and c not in {"2-1", "2-20"}])
    def test_every_other_guide_asks_for_at_least_one_of_what_it_counts(self, code: str) -> None:
        """「至少1个……示范案例」 (2-2 「至少具有 1 项成熟的产业配套服务业务及相关案例」, 2-14 「产业生态具有至少 1 项……技术证明」,
        2-16 「至少 1 项成熟的……业务，至少 1 个……示范案例」, 2-21 「至少1个……实际运营案例」): 1 passes, 0 fails."""
        counted = {measure.removeprefix("facts.") for measure, *_ in gd.LEAD_CONDITIONS[code]}
        assert all(" 1 " in quote or "1个" in quote or "1项" in quote for *_, quote in gd.LEAD_CONDITIONS[code])
        ones = dict.fromkeys(counted, 1)
        assert run(industry(code, **ones)).eligible
        for name in counted:
            result = run(industry(code, **{**ones, name: 0}))
            assert failed(result) == {f"{name.upper()}_NOT_MET"}

    def test_an_undeclared_count_is_a_finding_not_a_pass(self) -> None:
        """「具有至少 1 个光电行业数字化转型的示范案例」: not declared is not assumed."""
        values = industry("2-4")
        del values["facts"]["lead_demo_cases"]
        assert failed(run(values)) == {"LEAD_DEMO_CASES_NOT_DECLARED"}

    def test_the_printed_circuit_lead_counts_mature_businesses_not_cases(self) -> None:
        """2-2 「牵头单位在印刷电路板行业至少具有 1 项成熟的产业配套服务业务及相关案例」."""
        assert failed(run(industry("2-2", lead_mature_businesses=0, lead_demo_cases=5))) == {"LEAD_MATURE_BUSINESSES_NOT_MET"}

    def test_the_kitchen_lead_needs_a_business_and_a_case(self) -> None:
        """2-16 「具有至少 1 项成熟的厨卫行业数字化转型业务，至少 1 个厨卫行业数字化转型的示范案例」."""
        assert run(industry("2-16", lead_mature_businesses=1, lead_demo_cases=1)).eligible
        assert failed(run(industry("2-16", lead_mature_businesses=1, lead_demo_cases=0))) == {"LEAD_DEMO_CASES_NOT_MET"}
        assert failed(run(industry("2-16", lead_mature_businesses=0, lead_demo_cases=1))) == {"LEAD_MATURE_BUSINESSES_NOT_MET"}

    def test_the_appliance_ecosystem_needs_a_technology_proof(self) -> None:
        """2-14 「产业生态具有至少 1 项协助家电行业开展数字化转型的技术证明」."""
        values = industry("2-14")
        assert failed(run(values)) == {"ECOSYSTEM_TECHNOLOGY_PROOFS_NOT_DECLARED"}
        assert run(industry("2-14", ecosystem_technology_proofs=1)).eligible
        assert failed(run(industry("2-14", ecosystem_technology_proofs=0))) == {"ECOSYSTEM_TECHNOLOGY_PROOFS_NOT_MET"}

    @pytest.mark.parametrize(
        ("cases", "experience", "eligible"),
        [(1, None, True), (None, True, True), (0, True, True), (1, False, True), (0, False, False)],
    )
    def test_the_cement_lead_has_a_case_or_the_collaboration_experience(
        self, cases: int | None, experience: bool | None, eligible: bool
    ) -> None:
        """2-20 「具有 1 个水泥行业/混凝土数字化转型示范案例，或者具有工厂、搅拌站、建筑单位协同的数字化成功实施经验」: either branch."""
        values = industry("2-20", lead_collaboration_experience=experience)
        values["facts"]["lead_demo_cases"] = cases
        result = run(values)
        assert result.eligible is eligible
        if not eligible:
            assert failed(result) == {"LEAD_CASES_OR_EXPERIENCE_NOT_MET"}

    def test_the_cement_lead_with_neither_branch_declared_is_reported_missing(self) -> None:
        values = industry("2-20")
        values["facts"]["lead_demo_cases"] = None
        assert failed(run(values)) == {"LEAD_CASES_OR_EXPERIENCE_NOT_DECLARED"}

    def test_the_high_energy_lead_needs_an_operating_case(self) -> None:
        """2-21 「具备至少1个针对柔性生产负荷聚合调控的实际运营案例」."""
        result = run(industry("2-21", lead_demo_cases=0))
        assert failed(result) == {"LEAD_DEMO_CASES_NOT_MET"}
        assert "实际运营案例" in finding(result, "LEAD_DEMO_CASES_NOT_MET").message

    def test_the_stone_guide_has_only_qualitative_conditions(self) -> None:
        """2-18 「在石材行业领域内具备成熟的装备生产硬件能力及软件服务能力」: reviewed, not counted."""
        values = industry("2-18", transformed_cultivation=10)
        del values["facts"]["lead_demo_cases"]
        result = run(values)
        assert result.eligible
        reviews = [f.citation.quote for f in result.findings if f.code is Code.REVIEW_REQUIRED]  # type: ignore[union-attr]
        assert "在石材行业领域内具备成熟的装备生产硬件能力及软件服务能力" in reviews

    @pytest.mark.parametrize("code", sorted(gd.INDUSTRIES))
    def test_every_guide_lists_its_qualitative_lead_conditions_for_review(self, code: str) -> None:
        """「对……行业细分产业链有深刻的行业认知，并对未来发展变革方向有清晰的愿景」 and the like: every explanation lists them."""
        clause = {"2-8": "揭榜单位条件", "2-16": "牵头单位要求"}.get(code, "牵头单位条件")
        reviewed = [r for r in gd.PILOTS[code].reviews if r.citation.clause.endswith(clause)]
        assert reviewed
        assert all(r.citation.clause.startswith(f"附件{code} 四、") for r in reviewed)

    def test_lead_conditions_are_checked_already_at_listing(self) -> None:
        """They exist from the application on: at 入库 a missing case fails, it is not pending."""
        app = build(industry("2-1", lead_demo_cases=2))
        result = gd.LISTING_RULES["guangdong-2022/industry_2_1"].assess(app)
        assert "LEAD_DEMO_CASES_NOT_MET" in failed(result)


class TestIndicatorsOfTheGuides:
    @pytest.mark.parametrize(
        ("name", "at", "below"),
        [("2-17.2", "10", "9.99"), ("2-17.3", "5", "4.99"), ("2-19.7", "10", "9.99"), ("2-19.8", "8", "7.99"), ("2-19.9", "70", "69.99")],
    )
    def test_the_missing_indicators_of_2_17_and_2_19_are_checked(self, name: str, at: str, below: str) -> None:
        """2-17 「实现生产效率提高 10% 以上，作业人员减少 5% 以上」; 2-19 「设备综合效率提高 10%以上，能耗降低至少 8%、
        平均自动化设备联网率达到 70%以上」: at the number met, just below missed (advisory)."""
        code = name.rsplit(".", 1)[0]
        overrides = {"transformed_cultivation": 10}
        for value, severity in ((at, Severity.PASS), (below, Severity.WARN)):
            result = run(industry(code, indicators={name: value}, **overrides))
            assert result.eligible
            assert [f.severity for f in result.findings if f.subject == f"facts.indicators[{name}]"] == [severity]

    def test_the_stone_demonstration_line_is_counted_as_the_text_counts_it(self) -> None:
        """2-18 「建设 1 个打通消费者与工厂的协同生产示范线」: 1 个 (it said 条)."""
        assert next(row for row in gd.INDICATORS["2-18"] if row[0] == "2")[4] == "个"

    @pytest.mark.parametrize(
        ("declared", "severity"),
        [
            ({"2-11.1": "1000000"}, Severity.WARN),
            ({"2-11.1": "1000001"}, Severity.PASS),
            ({"2-11.1b": "5000"}, Severity.WARN),
            ({"2-11.1b": "5000.01"}, Severity.PASS),
            ({"2-11.1": "10", "2-11.1b": "6000"}, Severity.PASS),
            ({"2-11.1": "10", "2-11.1b": "10"}, Severity.WARN),
            ({}, Severity.INFO),
        ],
    )
    def test_volume_or_turnover_either_branch_meets_the_indicator(self, declared: dict[str, str], severity: Severity) -> None:
        """2-11 「通过平台实现超过 100 万件/年的产销量（或 5000 万元/年交易额）」: 「超过」 both ways, either branch suffices."""
        result = run(industry("2-11", indicators=declared))
        found = [f for f in result.findings if f.subject == "facts.indicators[2-11.1] | facts.indicators[2-11.1b]"]
        assert [f.severity for f in found] == [severity]
        assert found[0].citation.quote == "通过平台实现超过 100 万件/年的产销量"  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("declared", "severity"),
        [({"2-11.2": "85"}, Severity.PASS), ({"2-11.2": "84.99"}, Severity.WARN), ({"2-11.2": "84", "2-11.2b": "10"}, Severity.PASS),
         ({"2-11.2": "84", "2-11.2b": "9.99"}, Severity.WARN), ({"2-11.2b": "10"}, Severity.PASS)],
    )
    def test_sales_ratio_or_shorter_stock_cycle(self, declared: dict[str, str], severity: Severity) -> None:
        """2-11 「产销比不低于 85%（或缩短库存周期 10%以上）」."""
        result = run(industry("2-11", indicators=declared))
        found = [f for f in result.findings if f.subject == "facts.indicators[2-11.2] | facts.indicators[2-11.2b]"]
        assert [f.severity for f in found] == [severity]

    def test_a_compound_indicator_is_pending_at_listing(self) -> None:
        app = build(industry("2-11", indicators={"2-11.1b": "1"}))
        result = gd.LISTING_RULES["guangdong-2022/industry_2_11"].assess(app)
        subjects = {f.subject for f in result.pending}
        assert "facts.indicators[2-11.1] | facts.indicators[2-11.1b]" in subjects


class TestSpecialPilots:
    """附件2 三、「专项试点不单独申报，作为行业试点的加分项纳入考核」: checked for a pilot that joins one."""

    def joined(self, *pilots: str, **facts: Any) -> dict[str, Any]:
        values = data()
        values["facts"].update(special_pilots=list(pilots), **facts)
        return values

    SPECIAL = frozenset({
        "ECOSYSTEM_TELECOM_OPERATOR", "PROJECTS_5G_EXPERIENCE", "COVERAGE_5G", "DEVICE_5G_SHARE", "TALENT_TRAINING_TENURE",
    })

    def special_codes(self, result: Assessment) -> set[str]:
        return {c for c in codes(result) if c.rsplit("_", 1)[0].removesuffix("_NOT") in self.SPECIAL}

    def test_a_pilot_that_joins_none_has_nothing_checked(self) -> None:
        assert self.special_codes(run(data())) == set()
        assert self.special_codes(run(self.joined())) == set()

    def test_the_5g_pilot_needs_a_telecom_operator_in_the_ecosystem_but_a_miss_is_a_warning(self) -> None:
        """2-23 「产业生态成员中包含电信运营商」: the bonus is at stake, not the pilot."""
        result = run(self.joined("2-23", ecosystem_telecom_operator=False, projects_5g_experience=3))
        assert result.eligible
        miss = finding(result, "ECOSYSTEM_TELECOM_OPERATOR_NOT_MET")
        assert miss.severity is Severity.WARN
        assert miss.citation.quote == "产业生态成员中包含电信运营商"
        assert "加分项" in miss.message

    @pytest.mark.parametrize(("coverage", "severity"), [("60%", Severity.PASS), ("59.99%", Severity.WARN)])
    def test_the_5g_coverage_is_at_least_60_percent(self, coverage: str, severity: Severity) -> None:
        """2-23 「试点区域 5G 网络覆盖率不低于 60%」."""
        result = run(self.joined("2-23", ecosystem_telecom_operator=True, projects_5g_experience=3, coverage_5g=coverage))
        assert [f.severity for f in result.findings if f.subject == "facts.coverage_5g"] == [severity]

    @pytest.mark.parametrize(("count", "severity"), [(3, Severity.PASS), (2, Severity.WARN)])
    def test_three_5g_projects_of_experience(self, count: int, severity: Severity) -> None:
        """2-23 「在试点行业有 3 个以上“5G+工业互联网”相关项目经验」."""
        result = run(self.joined("2-23", ecosystem_telecom_operator=True, projects_5g_experience=count))
        assert [f.severity for f in result.findings if f.subject == "facts.projects_5g_experience"] == [severity]

    def test_the_5g_targets_are_pending_at_listing_and_the_requirements_are_not(self) -> None:
        values = self.joined("2-23", ecosystem_telecom_operator=False)
        result = gd.LISTING_RULES["guangdong-2022/industry_2_2"].assess(build(values))
        assert {"facts.coverage_5g", "facts.device_5g_share"} <= {f.subject for f in result.pending}
        assert finding(result, "ECOSYSTEM_TELECOM_OPERATOR_NOT_MET").severity is Severity.WARN
        assert finding(result, "PROJECTS_5G_EXPERIENCE_NOT_DECLARED").severity is Severity.WARN

    @pytest.mark.parametrize(("since", "code"), [("2020-06-20", "TALENT_TRAINING_TENURE_MET"), ("2020-06-21", "TALENT_TRAINING_TENURE_NOT_MET")])
    def test_the_talent_pilot_needs_two_years_of_training_business(self, since: str, code: str) -> None:
        """2-22 「已开展产业数字化复合型人才培训工作相关业务2年以上」 (submitted 2022-06-20): exactly two years is 2年以上."""
        result = run(self.joined("2-22", talent_training_since=since))
        assert result.eligible
        assert code in codes(result)

    @pytest.mark.parametrize(
        ("pilot", "name", "at", "below"),
        [("2-23", "2-23.1", "15", "14"), ("2-23", "2-23.12", "3", "2"), ("2-22", "2-22.4", "50", "49"), ("2-22", "2-22.7", "80", "79.99")],
    )
    def test_the_special_targets_are_indicators_of_a_joining_pilot(self, pilot: str, name: str, at: str, below: str) -> None:
        """2-23 「实施 15 个以上工业企业 5G 内网升级改造及融合组网建设」, 「产业生态成员在 5G 领域专利或软件著作权不少于 3 项」;
        2-22 「产业集群内培训不少于50名企业家」, 「参与培训的个人满意度不低于80%」: at the number met, below missed."""
        subject = f"facts.indicators[{name}]"
        for value, severity in ((at, Severity.PASS), (below, Severity.WARN)):
            result = run(self.joined(pilot, indicators={name: value}))
            assert result.eligible
            assert [f.severity for f in result.findings if f.subject == subject] == [severity]
        not_joined = data()
        not_joined["facts"]["indicators"] = {name: below}
        assert [f for f in run(not_joined).findings if f.subject == subject] == []
        listing = gd.LISTING_RULES["guangdong-2022/industry_2_2"].assess(build(self.joined(pilot, indicators={name: below})))
        assert subject in {f.subject for f in listing.pending}

    def test_an_unknown_special_pilot_is_refused(self) -> None:
        with pytest.raises(ValueError, match="special_pilots"):
            build(self.joined("2-24"))


class TestUseOfFunds:
    def test_core_software_that_is_not_first_version_is_reported(self) -> None:
        """四、支持方式（三） 「核心工业软件应由集群企业集中采购经第三方权威机构测试验证的首版次软件」: a warning."""
        values = data()
        values["facts"]["core_software_first_version"] = False
        result = run(values)
        assert result.eligible
        assert finding(result, "CORE_SOFTWARE_FIRST_VERSION_NOT_MET").severity is Severity.WARN
        assert finding(run(data()), "CORE_SOFTWARE_FIRST_VERSION_NOT_DECLARED").severity is Severity.INFO

    def test_funds_spent_on_wages_or_travel_are_reported_at_the_evaluation(self) -> None:
        """五、有关要求（五） 「财政资金不得用于产业生态成员单位人员工资、津贴补贴、奖金和福利支出，以及差旅、会务等日常事务性的支出」."""
        values = data()
        values["facts"]["funds_for_excluded_costs"] = True
        result = run(values)
        assert finding(result, "FUNDS_USE_NOT_MET").severity is Severity.WARN
        values["facts"]["funds_for_excluded_costs"] = False
        assert "FUNDS_USE_MET" in codes(run(values))
        at_certification = gd.PILOTS["2-2"].assess(build(data()), Ledger.empty(), LifeStage.CERTIFICATION)
        assert "facts.funds_for_excluded_costs" in {f.subject for f in at_certification.pending}


class TestPaperwork:
    @pytest.mark.parametrize(
        ("moment", "on_time"),
        [("2022-06-30T23:59:59+08:00", True), ("2022-07-01T00:00:00+08:00", False), ("2022-06-30T16:00:00+00:00", False)],
    )
    def test_the_materials_reach_the_province_by_30_june(self, moment: str, on_time: bool) -> None:
        """「于2022年6月30日前提交至省工业和信息化厅」: all of 30 June (Beijing time) is on time."""
        values = data()
        values["submission"]["online_at"] = moment
        result = run(values)
        assert result.eligible is on_time
        if not on_time:
            assert "SUBMITTED_LATE" in failed(result)
            assert "2022年6月30日前" in finding(result, "SUBMITTED_LATE").citation.quote

    def test_the_checklist_of_materials(self) -> None:
        """「形成《申报书》和《调研报告》（模板详见附件3、4）」 and 附件3-7 其他佐证材料."""
        assert "DOCUMENTS_COMPLETE" in codes(run(data()))
        values = data()
        values["documents"].remove("survey_report")
        result = run(values)
        assert failed(result) == {"MISSING_DOCUMENT"}
        assert "调研报告" in finding(result, "MISSING_DOCUMENT").message
        del values["documents"]
        result = run(values)
        assert result.eligible
        assert finding(result, "DOCUMENTS_NOT_CHECKED").severity is Severity.WARN

    @pytest.mark.parametrize(("province", "domestic"), [("湖南省", True), ("香港特别行政区", False)])
    def test_ecosystem_members_are_registered_in_china(self, province: str, domestic: bool) -> None:
        """二、申报条件（三） 「生态成员应为国内注册、具有独立法人资格的企事业单位或电信运营企业市级以上分支机构」."""
        values = data()
        values["ecosystem"][0]["registration"] = {"province": province, "city": "某市"}
        result = run(values)
        assert result.eligible is domestic
        if not domestic:
            assert failed(result) == {"MEMBER_NOT_DOMESTIC"}
            assert finding(result, "MEMBER_NOT_DOMESTIC").subject == "ecosystem[0].registration.province"

    def test_a_member_without_legal_personality_cites_the_members_clause(self) -> None:
        values = data()
        values["ecosystem"][0]["independent_legal_person"] = False
        result = run(values)
        assert failed(result) == {"NOT_LEGAL_PERSON"}
        assert finding(result, "NOT_LEGAL_PERSON").citation.clause == "二、申报条件（三）"


class TestDomesticMembersAndTheLastDay:
    """二（三） 「生态成员应为国内注册……」 and 「于2022年6月30日前提交」."""

    def member(self, registration: dict[str, str]) -> Any:
        values = data()
        values["ecosystem"][0]["registration"] = registration
        return run(values)

    def test_a_member_that_names_no_province_is_not_checked_and_says_so(self) -> None:
        result = self.member({"city": "澳门"})  # the model's default province would have passed it
        assert "MEMBER_PROVINCE_NOT_DECLARED" in result.codes
        assert "MEMBER_NOT_DOMESTIC" not in result.codes

    def test_a_short_province_name_is_the_province(self) -> None:
        assert "MEMBER_NOT_DOMESTIC" not in self.member({"province": "广东", "city": "广州市"}).codes
        assert "MEMBER_NOT_DOMESTIC" in self.member({"province": "香港特别行政区", "city": "香港"}).codes

    def test_the_whole_last_day_is_on_time(self) -> None:
        values = data()
        values["submission"] = {"online_at": "2022-06-30T23:59:59.5+08:00"}
        assert "SUBMITTED_LATE" not in run(values).codes
        values["submission"] = {"online_at": "2022-07-01T00:00:00+08:00"}
        assert "SUBMITTED_LATE" in run(values).codes
