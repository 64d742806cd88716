"""中山市推进制造业数字化智能化转型发展若干措施: lump sums and yearly counts, the workshop top-up,
tranches and claw-back, per-enterprise caps from the ledger, vouchers, no duplicate projects."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from subsidycalc.allocation import Outcome, allocate
from subsidycalc.findings import Code
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.money import ZERO, Money
from subsidycalc.policies import zhongshan_digital_measures as zs
from subsidycalc.result import Assessment
from tests.factories import build

CODE = "91440403AY4CL12TH3"
ZS = {"province": "广东省", "city": "中山市", "district": "火炬开发区"}
CHAIN = {"cluster_chain_enterprise": True, "with_smart_manufacturing_supplier": True, "with_government_guarantor": True}
REQUIRED_FACTS: dict[str, dict[str, Any]] = {"item_3": {"cloud_data_element_types": 1}, "item_5": CHAIN}
"""The facts （三） and （五） require, declared by default so that the tests of their other rules pass."""


def app(item: str, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": f"ZS-{item}",
        "programme": "zhongshan-2025",
        "direction": item,
        "enterprise": {"name": "中山测试电器有限公司", "credit_code": CODE, "registration": ZS, "tax": ZS, "statistics": ZS},
        "project": {"id": "P1", "name": "数字化改造"},
        "submission": {"online_at": "2025-05-01T10:00:00+08:00"},
        "facts": dict(REQUIRED_FACTS.get(item, {})),
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(values.get(key), dict):
            values[key] = {**values[key], **value}
        else:
            values[key] = copy.deepcopy(value)
    return values


EMPTY = Ledger()


def award(item: str, ledger: Ledger | None = EMPTY, **changes: Any) -> Assessment:
    return zs.ITEMS[item].assess(build(app(item, **changes)), ledger)


def entry(item: str, amount: str, year: int = 2024, project: str = "P0", **more: Any) -> LedgerEntry:
    return LedgerEntry.model_validate(
        {"programme": "zhongshan-2025", "item": item, "level": "city", "enterprise": CODE,
         "project_id": project, "year": year, "awarded": amount, **more}
    )


class TestLumpSums:
    def test_without_a_decided_amount_the_ceiling_is_reported(self) -> None:
        """「每家数字化智能化示范工厂给予一次性奖励最高不超过1000万元」; 附则（二）: 均为最高额度."""
        result = award("item_1")
        assert result.award == Money.from_wan(1000)
        assert any(f.code is Code.LUMP_SUM for f in result.findings)

    def test_a_decided_amount_is_paid_up_to_the_ceiling(self) -> None:
        assert award("item_3", decided_amount="80万").award == Money.from_wan(80)
        assert award("item_3", decided_amount="100.01万").award == Money.from_wan(100)

    def test_yearly_counts_are_the_quotas(self) -> None:
        """「每年认定不多于10家」「不多于15个」「每年评选不多于10个」."""
        assert [zs.ITEMS[k].quota.value for k in ("item_1", "item_2", "item_3")] == [10, 15, 10]  # type: ignore[union-attr]


class TestWorkshopsAndFactories:
    def test_a_workshop_awardee_becoming_a_factory_gets_the_difference(self) -> None:
        """「已获得数字化智能化示范车间奖励的企业，入选数字化智能化示范工厂，按累计奖补的差额进行奖励」."""
        ledger = Ledger().record(entry("item_2", "200万"))
        result = award("item_1", ledger, decided_amount="800万")
        assert result.award == Money.from_wan(600)
        assert any(f.code is Code.TOP_UP for f in result.findings)

    def test_the_cap_applies_before_the_top_up_deduction(self) -> None:
        ledger = Ledger().record(entry("item_2", "200万"))
        assert award("item_1", ledger, decided_amount="1200万").award == Money.from_wan(800)

    def test_a_second_workshop_of_one_enterprise_is_not_awarded(self) -> None:
        """「政策有效期内，单个企业的多个数字化智能化示范车间择优奖励1个」."""
        ledger = Ledger().record(entry("item_2", "150万"))
        result = award("item_2", ledger)
        assert {f.code for f in result.failures} == {"ALREADY_AWARDED"}

    def test_without_a_ledger_the_result_is_not_final(self) -> None:
        """No ledger is not "no earlier awards": a failure says the history is unchecked, and
        ``Ledger.empty()`` says there is none."""
        result = award("item_2", None)
        assert not result.eligible
        assert {f.code for f in result.failures} == {Code.LEDGER_REQUIRED}
        assert result.award_if_eligible == Money.from_wan(200)
        assert award("item_2", Ledger.empty()).eligible

    def test_without_a_ledger_a_cap_still_bounds_the_application_itself(self) -> None:
        """「单个企业获得补助总额（不含担保费补贴）不超过1500万元」: a single 6000万 purchase, no ledger, was
        reported as 1800万 payable; 「单个应用企业每年奖励金额最高不超过30万元」: a single 100万 voucher as 50万;
        附则（一）「……合计不超过企业项目投资总额」: a （八） award of 400万 on a 300万 project was not cut."""
        big = award("item_5", None, project={"equipment_contract_amount": "6000万", "equipment_invoice_amount": "6000万"})
        assert big.award_if_eligible == Money.from_wan(1500)
        assert Code.LEDGER_REQUIRED in {f.code for f in big.failures}
        voucher = award("item_6", None, project={"service_contract_amount": "100万"})
        assert voucher.award_if_eligible == Money.from_wan(30)
        platform = award("item_8", None, decided_amount="400万", project={"actual_investment": "300万"})
        assert platform.award_if_eligible == Money.from_wan(300)  # 附则（一）: within the project's 300万
        with_empty = award("item_6", Ledger.empty(), project={"service_contract_amount": "100万"})
        assert with_empty.eligible
        assert with_empty.award == Money.from_wan(30)


class TestRetrofit:
    def test_20_percent_of_equipment_and_software_less_city_funded_parts(self) -> None:
        """「扶持比例最高按照项目设备和软件投入总额的20%」; 「已获得其他市级财政专项资金扶持的部分，不再获得此项扶持」."""
        result = award("item_4", project={"equipment_software_investment": "1000万", "city_funded_investment": "200万"})
        assert result.award_base == Money.from_wan(800)
        assert result.award == Money.from_wan(160)

    def test_the_project_cap_is_2000_wan(self) -> None:
        """「单个项目最高奖励2000万元」."""
        result = award("item_4", project={"equipment_software_investment": "10000.01万"})
        assert result.award == Money.from_wan(2000)
        assert result.cap_applied

    def test_tranches_are_30_and_70_percent_and_sum_exactly(self) -> None:
        """「项目计划下达后拨付30％，项目通过整体验收后拨付剩余70％」."""
        result = award(
            "item_4",
            project={"equipment_software_investment": "333.33万"},
            facts={"plan_issued": True, "accepted": True, "filed_digital_project": True},
        )
        first, second = result.stages
        assert first.amount + second.amount == result.award == Money.parse("666660")
        assert first.amount == Money.parse("199998")

    def test_a_failed_progress_check_claws_back_the_first_tranche(self) -> None:
        """「对未通过进度检查的项目，全额追回第一次拨付的扶持资金」."""
        result = award(
            "item_4",
            project={"equipment_software_investment": "1000万"},
            facts={"plan_issued": True, "progress_check_passed": False, "filed_digital_project": True},
        )
        assert result.stages[0].payable is False
        assert result.award == Money.from_wan(140)  # 200万 − 60万 recovered; 140万 still pending
        assert any(f.code is Code.CLAWED_BACK for f in result.findings)


class TestCollaborationAndVouchers:
    def test_the_lower_of_contract_and_invoice_is_the_base(self) -> None:
        """「购买设备合同和发票金额的30%」."""
        result = award("item_5", project={"equipment_contract_amount": "500万", "equipment_invoice_amount": "400万"})
        assert result.award == Money.from_wan(120)

    def test_the_enterprise_total_is_capped_at_1500_wan_across_projects(self) -> None:
        """「单个企业获得补助总额（不含担保费补贴）不超过1500万元」."""
        ledger = Ledger().record(entry("item_5", "1400万"))
        result = award("item_5", ledger, project={"equipment_contract_amount": "1000万", "equipment_invoice_amount": "1000万"})
        assert result.award == Money.from_wan(100)
        assert any(f.code is Code.LEDGER_CAP for f in result.findings)

    def test_a_voucher_pays_half_the_contract_and_a_benchmark_platform_all(self) -> None:
        """「按照不超过实际合同金额的50％」; 标杆平台 「按照不超过实际合同金额的100%」."""
        assert award("item_6", project={"service_contract_amount": "20万"}).award == Money.from_wan(10)
        upgraded = award("item_6", project={"service_contract_amount": "20万"}, facts={"benchmark_platform": True})
        assert upgraded.award == Money.from_wan(20)

    def test_vouchers_are_capped_at_30_wan_per_enterprise_per_year(self) -> None:
        """「单个应用企业每年奖励金额最高不超过30万元」, across several contracts."""
        ledger = Ledger().record(entry("item_6", "12万", year=2025)).record(entry("item_6", "10万", year=2025))
        ledger = ledger.record(entry("item_6", "30万", year=2024))
        result = award("item_6", ledger, project={"service_contract_amount": "40万"})
        assert result.award == Money.from_wan(8)

    @given(st.lists(st.integers(min_value=0, max_value=10_000_000), max_size=8))
    def test_any_sequence_of_vouchers_stays_within_the_yearly_cap(self, contracts: list[int]) -> None:
        ledger = Ledger()
        for index, fen in enumerate(contracts):
            result = award("item_6", ledger, project={"id": f"P{index}", "service_contract_amount": str(Money(fen).to_yuan())})
            ledger = ledger.record(entry("item_6", str(result.award.to_yuan()), year=2025, project=f"P{index}"))
        assert ledger.total(enterprise=CODE, year=2025) <= Money.from_wan(30)
        assert all(e.awarded >= ZERO for e in ledger.entries)


class TestValidityAndDuplicates:
    def test_applications_after_2025_are_outside_the_policy(self) -> None:
        """「有效期至2025年12月31日」."""
        assert award("item_3", submission={"online_at": "2025-12-31T23:59:59+08:00"}).eligible
        late = award("item_3", submission={"online_at": "2026-01-01T00:00:00+08:00"})
        assert {f.code for f in late.failures} == {"SUBMITTED_LATE"}

    def test_one_project_may_not_draw_on_two_items_unless_excepted(self) -> None:
        """附则（三） 「不得以同一项目重复申报或多头申报财政资金，本政策第（一）、（二）、（三）、（八）、（十二）点除外」."""
        retrofit = app("item_4", project={"equipment_software_investment": "100万"})
        chain = app("item_5", project={"equipment_contract_amount": "100万", "equipment_invoice_amount": "100万"})
        result = allocate([build(retrofit), build(chain)], ledger=Ledger())
        assert {d.outcome for d in result.decisions} == {Outcome.MUTUALLY_EXCLUSIVE}
        chain["project"]["id"] = "P2"
        assert {d.outcome for d in allocate([build(retrofit), build(chain)], ledger=Ledger()).decisions} == {Outcome.FUNDED}
        factory = app("item_1")
        assert {d.outcome for d in allocate([build(retrofit), build(factory)], ledger=Ledger()).decisions} == {Outcome.FUNDED}


class TestPlatformDemonstrations:
    """（八） 「每个平台每年奖励额度最高不超过500万元，对经市政府认定的标杆平台每年奖励额度提升至最高不超过1500万元，奖励期限最长3年」."""

    def test_a_platform_gets_at_most_500_wan_a_year_and_a_benchmark_platform_1500(self) -> None:
        assert award("item_8", decided_amount="800万", project={"actual_investment": "10000万"}).award == Money.from_wan(500)
        upgraded = award("item_8", decided_amount="800万", facts={"benchmark_platform": True}, project={"actual_investment": "10000万"})
        assert upgraded.award == Money.from_wan(800)
        assert any(f.code is Code.CAP_UPGRADED for f in upgraded.findings)

    def test_the_yearly_cap_counts_earlier_awards_of_the_same_year(self) -> None:
        ledger = Ledger().record(entry("item_8", "400万", year=2025))
        assert award("item_8", ledger, decided_amount="300万", project={"actual_investment": "10000万"}).award == Money.from_wan(100)

    def test_a_fourth_year_is_refused_but_a_third_award_in_a_known_year_is_not(self) -> None:
        ledger = Ledger()
        for year in (2022, 2023, 2024):
            ledger = ledger.record(entry("item_8", "100万", year=year))
        fourth = award("item_8", ledger, decided_amount="100万", project={"actual_investment": "10000万"})
        assert {f.code for f in fourth.failures} == {"YEARS_EXHAUSTED"}
        same_year = award("item_8", ledger, decided_amount="100万", year=2024, project={"actual_investment": "10000万"})
        assert same_year.eligible

    def test_all_funding_of_the_project_stays_within_its_investment(self) -> None:
        """附则（一） 「……的合计不超过企业项目投资总额」."""
        ledger = Ledger().record(
            LedgerEntry.model_validate(
                {"programme": "广东省技改", "item": "x", "level": "province", "enterprise": "91440403DD272HD1TH",
                 "project_id": "P1", "year": 2025, "awarded": "450万"}
            )
        )
        result = award("item_8", ledger, decided_amount="300万", project={"actual_investment": "500万"})
        assert result.award == Money.from_wan(50)
        assert any(f.code is Code.STACKING_CAP for f in result.findings)


class TestClusterServicePlatform:
    def test_only_a_benchmark_platform_is_paid_for_a_cluster_service_platform(self) -> None:
        """（七）「支持标杆平台建设重点产业集群数字化服务平台，每个集群数字化服务平台给予最高不超过300万元」: a
        platform that is not a 标杆平台 was paid 300万."""
        assert award("item_7_cluster", facts={"benchmark_platform": True}).award == Money.from_wan(300)
        not_benchmark = award("item_7_cluster", facts={"benchmark_platform": False})
        assert {f.code for f in not_benchmark.failures} == {"BENCHMARK_PLATFORM_BUILDS_NOT_MET"}
        undeclared = award("item_7_cluster")
        assert {f.code for f in undeclared.failures} == {"BENCHMARK_PLATFORM_BUILDS_NOT_DECLARED"}


class TestFiledProjectsOnly:
    """（四）「其中对属于数字化智能化备案项目，扶持资金可分两次拨付（项目计划下达后拨付30％……）或验收后一次性拨付」:
    before, every project was split 30% / 70%."""

    def run(self, filed: bool | None) -> Assessment:
        facts = {"plan_issued": True} if filed is None else {"plan_issued": True, "filed_digital_project": filed}
        return award("item_4", facts=facts, project={"equipment_software_investment": "1000万"})

    def test_a_filed_project_is_paid_in_two(self) -> None:
        result = self.run(True)
        assert [(s.label, s.amount, s.payable) for s in result.stages] == [
            ("项目计划下达后", Money.from_wan(60), True), ("项目通过整体验收后", Money.from_wan(140), None)]

    def test_another_project_is_paid_in_one_after_acceptance(self) -> None:
        result = self.run(False)
        assert [(s.label, s.amount) for s in result.stages] == [("验收后一次性拨付", Money.from_wan(200))]
        assert Code.PAID_IN_ONE in {f.code for f in result.findings}

    def test_an_undeclared_filing_is_paid_in_one_and_says_so(self) -> None:
        result = self.run(None)
        assert [s.label for s in result.stages] == ["验收后一次性拨付"]
        assert Code.FILING_NOT_DECLARED in {f.code for f in result.findings}


class TestPaymentYear:
    """附则（四） 「本政策到期后继续执行终止日期当年度奖补工作，即2025年内成功申报本政策的项目可于2026年进行兑现」."""

    def test_an_award_applied_for_in_2025_is_paid_in_2026(self) -> None:
        result = award("item_1")
        assert result.payment_year == 2026
        finding = next(f for f in result.findings if f.code is Code.PAYMENT_YEAR)
        assert finding.citation is not None
        assert "2026年进行兑现" in finding.citation.quote
        assert result.to_dict()["payment_year"] == 2026

    def test_the_year_named_by_the_application_decides(self) -> None:
        assert award("item_1", year=2025, submission={"online_at": "2024-12-31T23:00:00+08:00"}).payment_year == 2026
        earlier = award("item_1", year=2024, submission={"online_at": "2024-06-01T10:00:00+08:00"})
        assert earlier.eligible
        assert earlier.payment_year is None
        assert not any(f.code is Code.PAYMENT_YEAR for f in earlier.findings)

    def test_an_application_on_the_last_evening_is_of_2025_in_beijing_time(self) -> None:
        """23:30 on 31 December in Beijing is 15:30 UTC: still 2025, inside 「有效期至2025年12月31日」."""
        assert award("item_1", submission={"online_at": "2025-12-31T15:30:00+00:00"}).payment_year == 2026

    def test_an_ineligible_application_has_no_payment_year(self) -> None:
        late = award("item_1", submission={"online_at": "2026-01-01T00:00:01+08:00"})
        assert not late.eligible
        assert late.payment_year is None


class TestDataOnTheCloud:
    """（三） 「实现企业设备数据、系统数据、供应链数据等至少一类以上数据要素“上云上平台”」: 「以上」 includes
    the number itself, so one type is enough and none is not. Before, a project with no data element
    on the cloud, or none declared, was awarded 100万."""

    def test_one_type_of_data_element_is_enough(self) -> None:
        result = award("item_3", facts={"cloud_data_element_types": 1})
        assert result.eligible
        assert result.award == Money.from_wan(100)
        assert "CLOUD_DATA_ELEMENTS_MET" in {f.code for f in result.findings}

    def test_several_types_pass_and_none_fails(self) -> None:
        assert award("item_3", facts={"cloud_data_element_types": 3}).eligible
        none = award("item_3", facts={"cloud_data_element_types": 0})
        assert {f.code for f in none.failures} == {"CLOUD_DATA_ELEMENTS_NOT_MET"}
        assert none.award == ZERO

    def test_an_undeclared_count_is_a_failure_not_a_default(self) -> None:
        result = award("item_3", facts={"cloud_data_element_types": None})
        assert {f.code for f in result.failures} == {"CLOUD_DATA_ELEMENTS_NOT_DECLARED"}
        finding = result.failures[0]
        assert finding.citation is not None
        assert "至少一类以上数据要素" in finding.citation.quote

    def test_the_architecture_and_use_in_the_cloud_are_left_to_review(self) -> None:
        result = award("item_3")
        assert any("在云端或平台集成、分析、应用" in f.citation.quote for f in result.findings if f.code is Code.REVIEW_REQUIRED and f.citation)


class TestChainCollaborationApplicants:
    """（五） 「支持中山五金、家电、灯具、板式家具等特色产业集群产业链企业，与智能制造供应商、政府性融资担保机构开展
    产业链协同创新项目」: the applicant is an enterprise of a 特色产业集群's chain (「等」: an open list, declared)
    and the project involves both a 智能制造供应商 and a 政府性融资担保机构. Before, any enterprise was paid 30%."""

    PURCHASE: ClassVar[dict[str, str]] = {"equipment_contract_amount": "100万", "equipment_invoice_amount": "100万"}

    def test_a_chain_enterprise_with_supplier_and_guarantor_is_paid(self) -> None:
        result = award("item_5", project=self.PURCHASE, facts=CHAIN)
        assert result.eligible
        assert result.award == Money.from_wan(30)
        codes = {f.code for f in result.findings}
        assert {"CLUSTER_CHAIN_ENTERPRISE_MET", "SMART_MANUFACTURING_SUPPLIER_MET", "GOVERNMENT_GUARANTOR_MET"} <= codes

    def test_each_missing_party_is_a_failure_of_its_own(self) -> None:
        for fact, code in (
            ("cluster_chain_enterprise", "CLUSTER_CHAIN_ENTERPRISE_NOT_MET"),
            ("with_smart_manufacturing_supplier", "SMART_MANUFACTURING_SUPPLIER_NOT_MET"),
            ("with_government_guarantor", "GOVERNMENT_GUARANTOR_NOT_MET"),
        ):
            result = award("item_5", project=self.PURCHASE, facts={**CHAIN, fact: False})
            assert {f.code for f in result.failures} == {code}, fact
            assert result.award == ZERO

    def test_undeclared_parties_are_reported_not_assumed(self) -> None:
        result = award("item_5", project=self.PURCHASE, facts=dict.fromkeys(CHAIN))
        assert {f.code for f in result.failures} == {
            "CLUSTER_CHAIN_ENTERPRISE_NOT_DECLARED", "SMART_MANUFACTURING_SUPPLIER_NOT_DECLARED", "GOVERNMENT_GUARANTOR_NOT_DECLARED"}
        assert result.award_if_eligible == Money.from_wan(30)

    def test_the_open_list_of_clusters_is_left_to_review_with_the_named_ones(self) -> None:
        result = award("item_5", project=self.PURCHASE)
        reviews = [f for f in result.findings if f.code is Code.REVIEW_REQUIRED]
        quotes = {f.citation.quote for f in reviews if f.citation}
        assert "支持中山五金、家电、灯具、板式家具等特色产业集群产业链企业" in quotes
        assert any("名单开放" in f.message for f in reviews)


PLATFORM = "91440403DD272HD1TH"


def platform_award(item: str, amount: str, project: str = "P1") -> LedgerEntry:
    """An award to a platform (another enterprise) for the enterprise project it served."""
    return LedgerEntry.model_validate(
        {"programme": "zhongshan-2025", "item": item, "level": "city", "enterprise": PLATFORM,
         "project_id": project, "year": 2025, "awarded": amount}
    )


def province_award(amount: str, project: str = "P1") -> LedgerEntry:
    return LedgerEntry.model_validate(
        {"programme": "广东省技改", "item": "x", "level": "province", "enterprise": CODE,
         "project_id": project, "year": 2025, "awarded": amount}
    )


class TestServedProjectLimit:
    """附则（一） 「平台服务的企业项目获得的各级财政资助总金额与平台获得的该项目奖励金额的合计不超过企业项目投资总额」:
    on the platform's awards for a served project (（六） 服务券, （八） 应用示范) always, and on the enterprise's own
    awards (（一）–（五）) where the ledger records a （六） or （八） award for the same project. Before, it held
    for （八） only."""

    VOUCHER: ClassVar[dict[str, str]] = {"service_contract_amount": "36万"}

    def test_a_voucher_and_other_funding_of_the_service_project_stay_within_its_contract(self) -> None:
        """（六）: the served project is the service the contract buys; its 投资总额 is the 实际合同金额."""
        ledger = Ledger().record(province_award("20万"))
        result = award("item_6", ledger, project=self.VOUCHER)
        assert result.award == Money.from_wan(16)  # 36万 − 20万; the voucher alone would be 18万
        assert Code.STACKING_CAP in {f.code for f in result.findings}

    def test_a_voucher_exactly_filling_the_contract_is_not_cut(self) -> None:
        """「不超过」 includes the number: 18万 + 18万 = 36万 is allowed, 1 分 more of other funding is not."""
        at = award("item_6", Ledger().record(province_award("18万")), project=self.VOUCHER)
        assert at.award == Money.from_wan(18)
        assert Code.STACKING_CAP not in {f.code for f in at.findings}
        over = award("item_6", Ledger().record(province_award("18.0001万")), project=self.VOUCHER)
        assert over.award == Money.parse("179999")

    def test_an_enterprise_award_on_a_project_a_platform_was_awarded_for_is_bounded(self) -> None:
        """（四） on project P1, for which a platform received 900万 under （八）: 20% of 1000万 is 200万, but
        900万 + 200万 would exceed the 1000万 investment, so 100万 remains."""
        ledger = Ledger().record(platform_award("item_8", "900万"))
        project = {"equipment_software_investment": "1000万", "actual_investment": "1000万"}
        result = award("item_4", ledger, project=project)
        assert result.award == Money.from_wan(100)
        finding = next(f for f in result.findings if f.code is Code.STACKING_CAP)
        assert finding.citation is not None
        assert "平台获得的该项目奖励金额" in finding.citation.quote
        assert award("item_4", Ledger().record(platform_award("item_8", "800万")), project=project).award == Money.from_wan(200)

    def test_without_a_platform_award_for_the_project_the_limit_does_not_bear_on_it(self) -> None:
        """Other funding alone is not a served project's: （四）'s award stands, and no investment is asked for."""
        ledger = Ledger().record(province_award("900万")).record(platform_award("item_8", "900万", project="P9"))
        result = award("item_4", ledger, project={"equipment_software_investment": "1000万"})
        assert result.eligible
        assert result.award == Money.from_wan(200)

    def test_a_served_project_without_its_investment_is_a_failure(self) -> None:
        ledger = Ledger().record(platform_award("item_6", "10万"))
        result = award("item_4", ledger, project={"equipment_software_investment": "1000万"})
        assert {f.code for f in result.failures} == {Code.FACT_MISSING}
        assert result.failures[0].subject == "project.actual_investment"

    def test_lump_sums_and_the_chain_item_are_bounded_too(self) -> None:
        ledger = Ledger().record(platform_award("item_8", "1200万"))
        factory = award("item_1", ledger, decided_amount="900万", project={"actual_investment": "1500万"})
        assert factory.award == Money.from_wan(300)
        benchmark = award("item_3", ledger, project={"actual_investment": "1250万"})
        assert benchmark.award == Money.from_wan(50)
        chain = award("item_5", ledger, project={"equipment_contract_amount": "100万", "equipment_invoice_amount": "100万",
                                                 "actual_investment": "1210万"})
        assert chain.award == Money.from_wan(10)

    def test_without_a_ledger_the_limit_is_reported_unchecked_not_a_bar(self) -> None:
        """（三）（四） read no other history: with no ledger, whether a platform was awarded for the project is
        unknown, so the result warns, with the amount at stake, and the award stands; （一）（二）（五） already
        need the ledger for their own rules and stay not final."""
        result = award("item_4", None, project={"equipment_software_investment": "1000万"})
        assert result.eligible
        assert result.award == Money.from_wan(200)
        warning = next(f for f in result.findings if f.code == "SERVED_PROJECT_UNCHECKED")
        assert warning.severity == "warn"
        assert "2,000,000.00" in warning.message
        assert award("item_3", None).eligible
        assert {f.code for f in award("item_1", None).failures} == {Code.LEDGER_REQUIRED}


def item(kind: str, amount: str, city_funded: str | None = None, description: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"kind": kind, "amount": amount, "description": description}
    if city_funded is not None:
        found["city_funded"] = city_funded
    return found


class TestRetrofitFromItems:
    """（四） 「扶持比例最高按照项目设备和软件投入总额的20%」 … 「项目投入中已获得其他市级财政专项资金扶持的部分，不再获得此项扶持」:
    the base read item by item — only 设备 and 软件 count, less each one's city-funded part."""

    def test_equipment_and_software_count_and_other_items_do_not(self) -> None:
        items = [item("equipment", "600万", "0"), item("software", "400万"), item("other", "500万", description="厂房土建")]
        result = award("item_4", project={"investment_items": items})
        assert result.award_base == Money.from_wan(1000)
        assert result.award == Money.from_wan(200)
        left_out = next(f for f in result.findings if f.code == "INVESTMENT_NOT_COUNTED")
        assert left_out.subject == "project.investment_items[2]"
        assert "厂房土建" in left_out.message
        assert left_out.citation is not None
        assert left_out.citation.quote == "扶持比例最高按照项目设备和软件投入总额的20%给予扶持"

    def test_each_city_funded_part_is_deducted_and_said(self) -> None:
        items = [item("equipment", "600万", "100万"), item("software", "400万", "400万"), item("other", "500万", "500万")]
        result = award("item_4", project={"investment_items": items})
        assert result.award_base == Money.from_wan(500)  # 600万 − 100万 + 400万 − 400万; the other item is not counted
        deducted = [f for f in result.findings if f.code == "CITY_FUNDED_DEDUCTED"]
        assert [f.subject for f in deducted] == ["project.investment_items[0].city_funded", "project.investment_items[1].city_funded"]
        assert all(f.citation is not None and "不再获得此项扶持" in f.citation.quote for f in deducted)

    def test_the_items_give_the_same_award_as_the_declared_totals(self) -> None:
        items = [item("equipment", "2000万", "600万"), item("software", "600万")]
        by_items = award("item_4", project={"investment_items": items})
        by_totals = award("item_4", project={"equipment_software_investment": "2600万", "city_funded_investment": "600万"})
        assert by_items.award == by_totals.award == Money.from_wan(400)
        both = award("item_4", project={"investment_items": items, "equipment_software_investment": "2600万",
                                        "city_funded_investment": "600万"})
        assert both.award == Money.from_wan(400)

    def test_totals_that_disagree_with_the_items_are_an_input_error(self) -> None:
        items = [item("equipment", "2000万", "600万"), item("software", "600万")]
        with pytest.raises(ValidationError, match=r"equipment_software_investment 26000000\.01 differs"):
            build(app("item_4", project={"investment_items": items, "equipment_software_investment": "2600.000001万"}))
        with pytest.raises(ValidationError, match=r"city_funded_investment 5999999\.99 differs"):
            build(app("item_4", project={"investment_items": items, "city_funded_investment": "599.999999万"}))
        with pytest.raises(ValidationError, match=r"city_funded 1000000\.01 exceeds the item's amount"):
            build(app("item_4", project={"investment_items": [item("software", "100万", "100.000001万")]}))

    def test_a_city_funded_part_equal_to_the_item_leaves_nothing_of_it(self) -> None:
        result = award("item_4", project={"investment_items": [item("software", "100万", "100万"), item("equipment", "0.01")]})
        assert result.award_base == Money.parse("0.01")
        assert result.award == Money.parse("0")  # 20% of 1 分 rounds half-up to 0 分

    def test_undeclared_city_funding_is_a_warning_with_the_base_at_stake(self) -> None:
        """No default changes money silently: nothing declared, nothing deducted, and the result says so."""
        result = award("item_4", project={"investment_items": [item("equipment", "100万")]})
        assert result.eligible
        assert result.award == Money.from_wan(20)
        warning = next(f for f in result.findings if f.code == "CITY_FUNDED_NOT_DECLARED")
        assert warning.severity == "warn"
        assert "1,000,000.00" in warning.message
        declared_zero = award("item_4", project={"investment_items": [item("equipment", "100万", "0")]})
        assert "CITY_FUNDED_NOT_DECLARED" not in {f.code for f in declared_zero.findings}
        totals = award("item_4", project={"equipment_software_investment": "100万"})
        assert "CITY_FUNDED_NOT_DECLARED" in {f.code for f in totals.findings}

    def test_the_declared_total_path_reports_its_deduction(self) -> None:
        result = award("item_4", project={"equipment_software_investment": "1000万", "city_funded_investment": "1200万"})
        assert result.award_base == ZERO
        finding = next(f for f in result.findings if f.code == "CITY_FUNDED_DEDUCTED")
        assert finding.subject == "project.city_funded_investment"


class TestJurisdiction:
    """The measures are 中山's own: 「助推中山制造业高质量发展」; no item states a place of registration."""

    def test_a_zhongshan_enterprise_is_at_home(self) -> None:
        finding = next(f for f in award("item_1").findings if f.code == Code.REGISTERED_IN_CITY)
        assert finding.citation is not None
        assert finding.citation.quote == "助推中山制造业高质量发展"

    def test_an_enterprise_registered_elsewhere_is_reported_not_failed(self) -> None:
        elsewhere = {"province": "广东省", "city": "珠海市", "district": "斗门区"}
        result = award("item_1", enterprise={"registration": elsewhere})
        assert result.eligible
        assert "REGISTERED_ELSEWHERE" in result.codes
        assert "文本未明示注册地要求" in next(f.message for f in result.findings if f.code == Code.REGISTERED_ELSEWHERE)


class TestServiceStackingOrder:
    """附则（一） on （六） bounds a service by its contract, funded by vouchers and the platform's award —
    not by the enterprise's other awards on the project, so the order of decisions changes nothing."""

    def test_a_voucher_and_a_benchmark_award_on_one_project_in_either_order(self) -> None:
        project = {"id": "PRJ-X", "name": "数字化改造", "actual_investment": "2700万", "service_contract_amount": "36万"}
        voucher = {"project": project}
        benchmark = {"project": project, "decided_amount": "100万", "facts": {"cloud_data_element_types": 1}}
        first = award("item_6", **voucher)
        then = award("item_3", Ledger(entries=(entry("item_6", str(first.award.to_yuan()), 2025, "PRJ-X"),)), **benchmark)
        other_first = award("item_3", **benchmark)
        other_then = award("item_6", Ledger(entries=(entry("item_3", str(other_first.award.to_yuan()), 2025, "PRJ-X"),)), **voucher)
        assert first.award + then.award == other_first.award + other_then.award == Money.from_wan(118)
