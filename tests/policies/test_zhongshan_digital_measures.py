"""中山市推进制造业数字化智能化转型发展若干措施: lump sums and yearly counts, the workshop top-up,
tranches and claw-back, per-enterprise caps from the ledger, vouchers, no duplicate projects."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.allocation import Outcome, allocate
from subsidycalc.findings import Code
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.money import ZERO, Money
from subsidycalc.policies import zhongshan_digital_measures as zs
from subsidycalc.result import Assessment
from tests.factories import build

CODE = "91440403AY4CL12TH3"
ZS = {"province": "广东省", "city": "中山市", "district": "火炬开发区"}


def app(item: str, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": f"ZS-{item}",
        "programme": "zhongshan-2025",
        "direction": item,
        "enterprise": {"name": "中山测试电器有限公司", "credit_code": CODE, "registration": ZS, "tax": ZS, "statistics": ZS},
        "project": {"id": "P1", "name": "数字化改造"},
        "submission": {"online_at": "2025-05-01T10:00:00+08:00"},
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
