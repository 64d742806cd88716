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
