"""The 斗门 2023 guide, direction by direction: examples from the text and every boundary.

Each test quotes the clause it rests on. Amounts are tax-exclusive (不含税).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from subsidycalc.findings import Code, Severity
from subsidycalc.ledger import Ledger
from subsidycalc.money import Money, Ratio
from subsidycalc.policies import doumen_2023_guide as doumen
from subsidycalc.result import Assessment
from subsidycalc.rules import AnyOf, Compare, Op, PurchaseBasis, evolve
from tests.factories import (
    DIRECTION_KEYS,
    LIANYUN,
    OTHER_CODES,
    PAINO,
    PARTNER_CODE,
    build,
    contract,
    invoice,
    passing,
)


def run(data: dict[str, Any], rules: doumen.Rule | None = None) -> Assessment:
    app = build(data)
    return (rules or doumen.DIRECTIONS[app.direction]).assess(app)


def failed(result: Assessment) -> set[str]:
    return {f.code for f in result.failures}


def codes(result: Assessment) -> set[str]:
    return {f.code for f in result.findings}


def line(result: Assessment, number: str) -> Any:
    return next(i for i in result.invoices if i.number == number)


def yuan(text: str) -> Money:
    return Money.parse(text)


# -- shared boundaries, for every direction --------------------------------------------------------


@pytest.mark.parametrize("direction", DIRECTION_KEYS)
class TestEveryDirection:
    def test_the_baseline_application_is_eligible_with_an_award_below_the_cap(self, direction: str) -> None:
        result = run(passing(direction))
        assert result.eligible, failed(result)
        assert Money(0) < result.award < result.cap

    def test_investment_exactly_at_the_minimum_is_eligible_and_one_fen_below_is_not(self, direction: str) -> None:
        """「不低于」「不得低于」 include the number itself (《民法典》第一千二百五十九条)."""
        rules = doumen.DIRECTIONS[direction]
        data = passing(direction)
        gap = rules.minimum.value - run(data).eligible_spend
        first = data["invoices"][0]
        first["amount_excl_tax"] = str((yuan(first["amount_excl_tax"]) + gap).to_yuan())
        at_minimum = run(data)
        assert at_minimum.eligible_spend == rules.minimum.value
        assert at_minimum.eligible, failed(at_minimum)
        assert Code.MIN_INVESTMENT_MET in {f.code for f in at_minimum.findings}

        first["amount_excl_tax"] = str((yuan(first["amount_excl_tax"]) - Money(1)).to_yuan())
        below = run(data)
        assert not below.eligible
        assert failed(below) == {"BELOW_MIN_INVESTMENT"}
        assert below.award == Money(0)

    def test_invoices_on_the_first_and_last_day_of_the_window_count_and_a_day_outside_does_not(
        self, direction: str
    ) -> None:
        """「项目投入的期限为……（以发票时间为准）」: an inclusive window of invoice dates."""
        window = doumen.DIRECTIONS[direction].window.value
        data = passing(direction)
        data["invoices"].append(invoice("EDGE-START", window.start.isoformat(), "1万", data["invoices"][0]["category"], data["invoices"][0]["supplier"]))
        data["invoices"].append(invoice("EDGE-END", window.end.isoformat(), "1万", data["invoices"][0]["category"], data["invoices"][0]["supplier"]))
        before = (window.start - timedelta(days=1)).isoformat()
        after = (window.end + timedelta(days=1)).isoformat()
        data["invoices"].append(invoice("OUT-BEFORE", before, "1万", data["invoices"][0]["category"], data["invoices"][0]["supplier"]))
        data["invoices"].append(invoice("OUT-AFTER", after, "1万", data["invoices"][0]["category"], data["invoices"][0]["supplier"]))
        result = run(data)
        assert line(result, "EDGE-START").counted
        assert line(result, "EDGE-END").counted
        for number in ("OUT-BEFORE", "OUT-AFTER"):
            assert not line(result, number).counted
            assert line(result, number).code is Code.INVOICE_OUTSIDE_WINDOW

    def test_site_and_utility_costs_never_count(self, direction: str) -> None:
        """「不包括场地费用、水电费等企业运营所需费用」."""
        data = passing(direction)
        data["invoices"].append(invoice("SITE", "2023-05-05", "50万", "site", PAINO))
        data["invoices"].append(invoice("WATER", "2023-05-05", "50万", "utilities", PAINO))
        before, after = run(passing(direction)), run(data)
        assert after.eligible_spend == before.eligible_spend
        assert after.award == before.award
        assert line(after, "SITE").code is Code.CATEGORY_EXCLUDED

    def test_a_submission_at_1800_exactly_is_on_time_and_one_second_later_is_late(self, direction: str) -> None:
        """「须在2024年4月15日18:00前完成初次递交」 — 18:00:00 is on time (CONVENTIONS.md)."""
        data = passing(direction)
        data["submission"]["online_at"] = "2024年4月15日18:00"
        assert run(data).eligible
        data["submission"]["online_at"] = "2024-04-15T18:00:01"
        late = run(data)
        assert failed(late) == {"SUBMITTED_LATE"}

    def test_a_missing_required_document_makes_the_application_incomplete(self, direction: str) -> None:
        """「逾期或审核程序不完备的项目均不予受理」; the checklist is 四、项目申报材料清单."""
        data = passing(direction)
        data["documents"].remove("application_form")
        result = run(data)
        assert failed(result) == {"MISSING_DOCUMENT"}

    def test_without_a_document_list_the_checklist_is_reported_unchecked_not_failed(self, direction: str) -> None:
        data = passing(direction)
        del data["documents"]
        result = run(data)
        assert result.eligible
        assert Code.DOCUMENTS_NOT_CHECKED in result.codes

    def test_an_enterprise_taxed_outside_doumen_may_not_apply(self, direction: str) -> None:
        """「申报单位为商事登记、税务登记关系及统计归属关系在斗门区……的企业」."""
        data = passing(direction)
        data["enterprise"]["tax"] = {"city": "珠海市", "district": "香洲区"}
        result = run(data)
        assert failed(result) == {"DISTRICT_MISMATCH"}
        assert next(f for f in result.failures).subject == "enterprise.tax"

    def test_a_major_safety_accident_in_the_application_period_disqualifies(self, direction: str) -> None:
        """「申报期内企业须无重大环保、质量、安全事故及重大违法行为记录」."""
        data = passing(direction)
        data["enterprise"]["incidents"] = [{"kind": "safety", "occurred_on": "2024-04-15"}]
        assert failed(run(data)) == {"MAJOR_INCIDENT"}
        data["enterprise"]["incidents"] = [{"kind": "safety", "occurred_on": "2024-04-16"}]
        assert run(data).eligible
        data["enterprise"]["incidents"] = [{"kind": "safety", "occurred_on": "2023-06-01", "major": False}]
        assert run(data).eligible

    def test_an_enterprise_on_the_dishonesty_list_may_not_apply(self, direction: str) -> None:
        """「无被相关部门列为失信联合惩戒对象等事项」."""
        data = passing(direction)
        data["enterprise"]["credit"] = {"dishonest_joint_punishment": True}
        assert failed(run(data)) == {"DISHONEST_LISTED"}

    def test_an_undeclared_fixed_asset_statistic_is_reported_missing(self, direction: str) -> None:
        """「项目投资已纳入工业固定资产投资统计」 must be declared, not assumed."""
        data = passing(direction)
        del data["facts"]["in_fixed_asset_statistics"]
        result = run(data)
        assert failed(result) == {"FIXED_ASSET_STATISTICS_NOT_DECLARED"}
        data["facts"]["in_fixed_asset_statistics"] = False
        assert failed(run(data)) == {"FIXED_ASSET_STATISTICS_NOT_MET"}

    def test_every_finding_of_a_condition_carries_its_clause(self, direction: str) -> None:
        result = run(passing(direction))
        for finding in result.findings:
            if finding.severity in (Severity.PASS, Severity.FAIL):
                assert finding.citation is not None, finding


# -- 专题十八 方向一 ---------------------------------------------------------------------------------


class TestDirection1FiveGApplications:
    def test_the_award_is_30_percent_of_the_years_investment(self) -> None:
        """「给予每个项目当年度投资金额的30%，且最高100万元奖励」: 320万 gives 96万."""
        result = run(passing("direction_1"))
        assert result.eligible_spend == yuan("320万")
        assert result.award == yuan("96万")
        assert not result.cap_applied

    def test_400_wan_of_investment_is_capped_at_100_wan(self) -> None:
        """「且最高100万元奖励」: 30% of 400万 is 120万, paid 100万."""
        data = passing("direction_1")
        data["invoices"][1]["amount_excl_tax"] = "200万"
        result = run(data)
        assert result.award_before_cap == yuan("120万")
        assert result.award == yuan("100万")
        assert result.cap_applied
        assert Code.CAP_APPLIED in {f.code for f in result.findings}

    def test_a_half_fen_rounds_up_once(self) -> None:
        """30% of 3,000,000.05元 is 900,000.015元, paid 900,000.02元 (四舍五入, once)."""
        data = passing("direction_1")
        data["invoices"] = [invoice("R1", "2023-05-01", "3000000.05", "software")]
        result = run(data)
        assert result.award == yuan("900000.02")

    def test_production_equipment_and_cnc_machines_do_not_count(self) -> None:
        """「不含直接参与生产制造的设备」: neither plain production equipment nor 数控机床/机器人."""
        data = passing("direction_1")
        data["invoices"].append(invoice("P1", "2023-05-01", "100万", "production_equipment"))
        data["invoices"].append(invoice("P2", "2023-05-01", "100万", "digital_device"))
        result = run(data)
        assert result.eligible_spend == yuan("320万")
        assert line(result, "P1").code is Code.CATEGORY_EXCLUDED
        assert "不含直接参与生产制造的设备" in line(result, "P2").reason

    def test_an_invoice_of_2024_is_outside_the_2023_window(self) -> None:
        """「项目投入的期限为2023年1月1日到2023年12月31日（以发票时间为准）」."""
        data = passing("direction_1")
        data["invoices"].append(invoice("Y24", "2024-01-01", "100万", "software"))
        assert run(data).eligible_spend == yuan("320万")

    def test_a_joint_lead_with_exactly_60_percent_is_eligible_and_one_fen_less_is_not(self) -> None:
        """「牵头申报单位投资额不得低于总投资的60%（含）」."""
        data = passing("direction_1")
        data["partners"] = [
            {"name": "珠海伙伴科技有限公司", "credit_code": PARTNER_CODE, "registration": {"city": "珠海市"}}
        ]
        data["documents"].append("joint_agreement")
        data["invoices"] = [
            invoice("L1", "2023-03-01", "180万", "device_5g"),
            invoice("P1", "2023-03-02", "120万", "software", payer=PARTNER_CODE),
        ]
        exactly = run(data)
        assert exactly.eligible, failed(exactly)
        assert Code.LEAD_SHARE_OK in {f.code for f in exactly.findings}
        data["invoices"][0]["amount_excl_tax"] = "1799999.99"
        data["invoices"][1]["amount_excl_tax"] = "1200000.01"
        below = run(data)
        assert failed(below) == {"LEAD_SHARE_TOO_LOW"}

    def test_a_joint_application_needs_the_joint_agreement(self) -> None:
        """「联合申报协议。（注：联合申报提供）」."""
        data = passing("direction_1")
        data["partners"] = [
            {"name": "珠海伙伴科技有限公司", "credit_code": PARTNER_CODE, "registration": {"city": "珠海市"}}
        ]
        assert failed(run(data)) == {"MISSING_DOCUMENT"}

    def test_city_funding_for_the_same_project_bars_a_second_application(self) -> None:
        """「已获得过省级、市级、区级财政支持的不得重复申报」."""
        data = passing("direction_1")
        data["prior_funding"] = [
            {"level": "city", "programme": "市5G示范", "amount": "30万", "project_id": "PRJ-direction_1", "year": 2023}
        ]
        assert failed(run(data)) == {"PRIOR_FUNDING"}

    def test_national_funding_or_funding_of_another_project_does_not_bar(self) -> None:
        data = passing("direction_1")
        data["prior_funding"] = [
            {"level": "national", "programme": "国家示范", "amount": "30万", "project_id": "PRJ-direction_1", "year": 2023},
            {"level": "district", "programme": "区技改", "amount": "30万", "project_id": "OTHER", "year": 2022},
        ]
        assert run(data).eligible

    def test_two_quantifiable_benefits_are_not_enough(self) -> None:
        """「有不少于3项可量化可考核的经济和社会效益」."""
        data = passing("direction_1")
        data["facts"]["quantifiable_benefits"] = 2
        result = run(data)
        assert failed(result) == {"QUANTIFIABLE_BENEFITS_NOT_MET"}
        assert result.failures[0].actual == "2"

    def test_an_undeclared_showcase_is_missing_not_assumed(self) -> None:
        """「项目成果可视化，如有展示平台或实景演示等」."""
        data = passing("direction_1")
        del data["facts"]["has_showcase"]
        assert failed(run(data)) == {"SHOWCASE_NOT_DECLARED"}

    def test_the_cap_what_if_is_a_revalidated_copy(self) -> None:
        data = passing("direction_1")
        data["invoices"][1]["amount_excl_tax"] = "300万"  # 500万 × 30% = 150万
        cap = evolve(doumen.DIRECTION_1.cap, value=Money.from_wan(120), reform="cap120")
        reformed = evolve(doumen.DIRECTION_1, cap=cap)
        assert run(data, reformed).award == yuan("120万")
        assert run(data).award == yuan("100万")
        assert reformed.cap.reform == "cap120"


# -- 专题十八 方向二 ---------------------------------------------------------------------------------


class TestDirection2UnmannedFactory:
    def test_the_award_is_20_percent_of_the_equipment_only(self) -> None:
        """「给予项目设备投入20%的一次性补贴，最高500万元」: 800万 of devices gives 160万."""
        result = run(passing("direction_2"))
        assert result.eligible_spend == yuan("1200万")
        assert result.award_base == yuan("800万")
        assert result.award == yuan("160万")
        software = next(i for i in result.invoices if i.category.value == "software")
        assert software.counted
        assert not software.in_base
        assert software.code is Code.CATEGORY_NOT_IN_BASE

    def test_the_award_is_capped_at_500_wan(self) -> None:
        data = passing("direction_2")
        data["invoices"][0]["amount_excl_tax"] = "3000万"
        assert run(data).award == yuan("500万")

    def test_without_the_specialised_certification_the_enterprise_may_not_apply(self) -> None:
        """「申报单位已获得“专精特新”企业认定」."""
        data = passing("direction_2")
        data["enterprise"]["certifications"] = ["safety_management"]
        assert failed(run(data)) == {"CERTIFICATION_MISSING"}

    def test_the_direction_requires_a_joint_application(self) -> None:
        """「本方向为联合申报，可联合参与单位1家」."""
        data = passing("direction_2")
        data["partners"] = []
        data["documents"].remove("joint_agreement")
        assert failed(run(data)) == {"JOINT_REQUIRED"}

    def test_two_partners_are_one_too_many(self) -> None:
        data = passing("direction_2")
        data["partners"].append(
            {"name": "珠海另一伙伴有限公司", "credit_code": OTHER_CODES[0], "registration": {"city": "珠海市"}}
        )
        assert failed(run(data)) == {"TOO_MANY_PARTNERS"}

    def test_the_partner_must_be_registered_in_zhuhai(self) -> None:
        """「联合单位为珠海市内注册」."""
        data = passing("direction_2")
        data["partners"][0]["registration"] = {"city": "中山市"}
        result = run(data)
        assert failed(result) == {"PARTNER_OUTSIDE_CITY"}
        assert result.failures[0].subject == "partners[0].registration.city"

    @pytest.mark.parametrize(
        ("share", "eligible"), [("35%", True), ("3499/10000", False), ("35.01%", True)]
    )
    def test_digital_devices_must_be_at_least_35_percent(self, share: str, eligible: bool) -> None:
        """「数字化设备数量占生产设备总数量的比例不低于35%」, compared exactly."""
        data = passing("direction_2")
        data["facts"]["digital_device_share"] = share
        assert run(data).eligible is eligible

    @pytest.mark.parametrize(("rate", "eligible"), [("60%", True), ("59.99%", False)])
    def test_cnc_networking_must_be_at_least_60_percent(self, rate: str, eligible: bool) -> None:
        """「数控设备联网率不低于60%」."""
        data = passing("direction_2")
        data["facts"]["cnc_networking_rate"] = rate
        assert run(data).eligible is eligible

    def test_a_project_outside_the_prepared_food_park_is_not_eligible(self) -> None:
        """「项目实施地在珠海市斗门区预制菜产业园」."""
        data = passing("direction_2")
        data["facts"]["in_prepared_food_park"] = False
        assert failed(run(data)) == {"PREPARED_FOOD_PARK_NOT_MET"}

    def test_at_least_one_5g_scenario_is_needed(self) -> None:
        """「具有1个及以上5G应用场景」."""
        data = passing("direction_2")
        data["facts"]["scenarios_5g"] = 0
        assert failed(run(data)) == {"SCENARIOS_5G_NOT_MET"}

    @staticmethod
    def _rivals(*entries: tuple[str, str, bool | None]) -> list[Any]:
        apps = []
        for (app_id, score, priority), code in zip(entries, OTHER_CODES, strict=False):
            data = passing("direction_2", app_id)
            data["enterprise"]["credit_code"] = code
            data["review_score"] = score
            if priority is not None:
                data["facts"]["priority_supported"] = priority
            apps.append(build(data))
        return apps

    def test_among_equal_scores_the_seabass_industry_comes_first(self) -> None:
        """「优先支持白蕉海鲈产业发展」, with 「原则上每年不超过1家」: equal scores, the priority takes the place."""
        from subsidycalc.allocation import Outcome, allocate

        result = allocate(self._rivals(("PLAIN", "80", None), ("SEABASS", "80", True)))
        assert result.decision("SEABASS").outcome is Outcome.FUNDED
        assert result.decision("PLAIN").outcome is Outcome.QUOTA_EXCEEDED
        citation = result.decision("SEABASS").citation
        assert citation is not None
        assert citation.quote == "优先支持白蕉海鲈产业发展"

    def test_the_priority_does_not_beat_a_higher_review_score(self) -> None:
        from subsidycalc.allocation import Outcome, allocate

        result = allocate(self._rivals(("PLAIN", "80.5", False), ("SEABASS", "80", True)))
        assert result.decision("PLAIN").outcome is Outcome.FUNDED
        assert result.decision("SEABASS").outcome is Outcome.QUOTA_EXCEEDED

    def test_two_of_the_industry_with_equal_scores_stay_tied(self) -> None:
        """The text's key cannot break it: nobody is funded by an arbitrary key (CONVENTIONS.md, "Ties")."""
        from subsidycalc.allocation import Outcome, allocate

        result = allocate(self._rivals(("A", "80", True), ("B", "80", True)))
        assert {result.decision(k).outcome for k in ("A", "B")} == {Outcome.TIE_UNRESOLVED}

    def test_the_priority_is_a_fact_of_the_direction_and_the_batch_engine_ranks_alike(self) -> None:
        from subsidycalc import batch
        from subsidycalc.allocation import allocate

        assert "priority_supported" in doumen.DIRECTION_2.facts_read()
        apps = self._rivals(("PLAIN", "80", None), ("SEABASS", "80", True), ("LOW", "70", True))
        population = batch.Population.from_applications(apps)
        columnar = batch.allocate(batch.evaluate(population), population)
        scalar = allocate(apps)
        assert [(d.application_id, d.outcome) for d in columnar.decisions] == [
            (d.application_id, d.outcome) for d in scalar.decisions
        ]

    def test_the_unmanned_section_floor_plan_is_required(self) -> None:
        """「无人段平面图纸等佐证材料（仅方向二提供）」."""
        data = passing("direction_2")
        data["documents"].remove("floor_plan")
        assert failed(run(data)) == {"MISSING_DOCUMENT"}


# -- 专题十九 方向三 ---------------------------------------------------------------------------------


class TestDirection3FullyConnectedFactory:
    def test_the_award_base_is_5g_service_plus_scenario_construction(self) -> None:
        """「对企业5G网络服务费用及应用场景建设投入费用给予30%的补贴」: (200万 + 150万) × 30%."""
        result = run(passing("direction_3"))
        assert result.eligible_spend == yuan("450万")
        assert result.award_base == yuan("350万")
        assert result.award == yuan("105万")
        assert line(result, "F3-3").code is Code.CATEGORY_NOT_IN_BASE

    def test_exactly_150_wan_is_paid_in_full_and_one_fen_more_is_capped(self) -> None:
        """「最高150万元」: 500万 × 30% = 150万 is not capped; 500万 + 0.04元 is."""
        data = passing("direction_3")
        data["invoices"][1]["amount_excl_tax"] = "300万"
        at_cap = run(data)
        assert at_cap.award == yuan("150万")
        assert not at_cap.cap_applied
        data["invoices"][1]["amount_excl_tax"] = "3000000.04"
        above = run(data)
        assert above.award_before_cap == yuan("1500000.01")
        assert above.award == yuan("150万")
        assert above.cap_applied

    def test_construction_invoices_need_no_scenario_tag(self) -> None:
        """The default reading: 应用场景建设投入 is the counted construction investment, tagged or not
        (before, an integrator who did not tag got the 5G service alone: 60万 instead of 105万)."""
        data = passing("direction_3")
        data["invoices"][1].pop("scenario")
        result = run(data)
        assert result.award_base == yuan("350万")
        assert result.award == yuan("105万")
        assert line(result, "F3-3").code is Code.CATEGORY_NOT_IN_BASE  # 咨询: a 合理支出, not 建设投入
        assert Code.SCENARIO_UNTAGGED not in result.codes

    def test_the_tagged_reading_is_a_named_switch_and_warns_with_the_amount_left_out(self) -> None:
        """``DIRECTION_3_TAGGED``: 5G service plus the invoices tagged with a scenario; untagged, the
        result says how much counted investment it left out of the base."""
        data = passing("direction_3")
        assert run(data, doumen.DIRECTION_3_TAGGED).award == yuan("105万")
        data["invoices"][1].pop("scenario")
        result = run(data, doumen.DIRECTION_3_TAGGED)
        assert result.award == yuan("60万")
        (warning,) = [f for f in result.findings if f.code is Code.SCENARIO_UNTAGGED]
        assert warning.actual == "2,500,000.00元"  # 150万 of devices and 100万 of 咨询 left out

    def test_the_tagged_reading_is_the_same_in_the_batch_engine(self) -> None:
        from subsidycalc.batch import Population, evaluate
        from subsidycalc.registry import all_directions

        untagged = passing("direction_3", "U")
        untagged["invoices"][1].pop("scenario")
        apps = [build(passing("direction_3", "T")), build(untagged)]
        table = {**all_directions(), doumen.DIRECTION_3.ref: doumen.DIRECTION_3_TAGGED}
        result = evaluate(Population.from_applications(apps, table), table)
        assert result.warnings_of(0) == ()
        assert "SCENARIO_UNTAGGED" in result.warnings_of(1)
        assert [int(a) for a in result.award] == [yuan("105万").fen, yuan("60万").fen]

    def test_an_enterprise_outside_both_clusters_may_not_apply(self) -> None:
        """「……（印刷电路板产业集群）或……（大家电产业集群）集群内企业」."""
        data = passing("direction_3")
        data["enterprise"]["clusters"] = []
        assert "NOT_CLUSTER_MEMBER" in failed(run(data))

    def test_a_member_of_the_appliance_cluster_may_apply_with_its_own_providers(self) -> None:
        data = passing("direction_3")
        data["enterprise"]["clusters"] = ["zhuhai-appliance-2022"]
        data["invoices"][1]["supplier"] = LIANYUN
        assert run(data).eligible

    def test_without_a_listed_provider_the_application_fails(self) -> None:
        """「申报企业由所在集群牵头单位或生态伙伴提供产品或服务或规划」."""
        data = passing("direction_3")
        for item in data["invoices"]:
            item["supplier"] = "珠海非名单公司"
        assert failed(run(data)) == {"NO_LISTED_PROVIDER"}

    @pytest.mark.parametrize("direction", ["direction_3", "direction_4", "direction_5"])
    def test_a_planning_by_a_listed_partner_satisfies_the_clause_without_an_invoice(self, direction: str) -> None:
        """「申报企业由所在集群牵头单位或生态伙伴提供产品或服务或规划」: the 规划 branch needs no invoice."""
        data = passing(direction)
        for item in data["invoices"]:
            item["supplier"] = "珠海非名单公司"
        data["project"]["planning_provider"] = PAINO if direction != "direction_4" else LIANYUN
        result = run(data)
        assert result.eligible, failed(result)
        (found,) = [f for f in result.findings if f.code is Code.LISTED_PROVIDER_OK]
        assert found.subject == "project.planning_provider"
        assert found.citation is not None
        assert "提供产品或服务或规划" in found.citation.quote

    def test_a_planner_off_the_clusters_list_does_not_satisfy_it(self) -> None:
        """The planner must be the cluster's own 牵头单位或生态伙伴: 大家电's list does not serve a PCB member."""
        data = passing("direction_3")
        for item in data["invoices"]:
            item["supplier"] = "珠海非名单公司"
        data["project"]["planning_provider"] = LIANYUN
        result = run(data)
        assert failed(result) == {"NO_LISTED_PROVIDER"}
        assert result.failures[0].subject == "project.planning_provider"
        assert result.failures[0].actual == LIANYUN

    def test_without_invoice_or_planning_the_finding_names_the_missing_planner(self) -> None:
        data = passing("direction_3")
        for item in data["invoices"]:
            item["supplier"] = "珠海非名单公司"
        (finding,) = run(data).failures
        assert "project.planning_provider" in finding.text("en")
        assert "也未申报由其提供的规划" in finding.message

    def test_a_listed_invoice_is_reported_before_a_planning(self) -> None:
        data = passing("direction_3")
        data["project"]["planning_provider"] = "珠海非名单公司"
        result = run(data)
        assert result.eligible
        (found,) = [f for f in result.findings if f.code is Code.LISTED_PROVIDER_OK]
        assert found.subject == "invoices[].supplier"

    def test_planning_is_the_same_in_the_batch_engine(self) -> None:
        from subsidycalc.batch import Population, evaluate

        apps = []
        for key, planner in (("P", PAINO), ("Q", LIANYUN), ("R", None)):
            data = passing("direction_3", key)
            for item in data["invoices"]:
                item["supplier"] = "珠海非名单公司"
            if planner is not None:
                data["project"]["planning_provider"] = planner
            apps.append(build(data))
        result = evaluate(Population.from_applications(apps))
        assert [bool(e) for e in result.eligible] == [a.eligible for a in map(doumen.assess, apps)] == [True, False, False]
        assert "NO_LISTED_PROVIDER" in result.reasons_of(1)

    @pytest.mark.parametrize(("share", "eligible"), [("20%", True), ("19.99%", False)])
    def test_5g_connected_devices_must_be_at_least_20_percent(self, share: str, eligible: bool) -> None:
        """「5G技术联网的工业设备占联网工业设备总数比例不低于20%」."""
        data = passing("direction_3")
        data["facts"]["device_5g_share"] = share
        assert run(data).eligible is eligible

    @pytest.mark.parametrize(("count", "eligible"), [(3, True), (2, False)])
    def test_at_least_three_scenarios(self, count: int, eligible: bool) -> None:
        """「5G全连接工厂内涵盖不少于3个“5G+工业互联网”应用场景」."""
        data = passing("direction_3")
        data["facts"]["scenarios_5g"] = count
        assert run(data).eligible is eligible


# -- 专题十九 方向四 ---------------------------------------------------------------------------------


class TestDirection4ApplianceBenchmark:
    def test_the_award_is_half_the_purchase_and_retrofit_costs(self) -> None:
        """「按企业购买或改造费用的50%给予一次性补贴」: 150万 gives 75万."""
        assert run(passing("direction_4")).award == yuan("75万")

    def test_exactly_80_wan_is_paid_in_full_and_one_fen_more_is_capped(self) -> None:
        """「每家企业最高给予80万元补贴」."""
        data = passing("direction_4")
        data["invoices"][1]["amount_excl_tax"] = "60万"
        assert run(data).award == yuan("80万")
        assert not run(data).cap_applied
        data["invoices"][1]["amount_excl_tax"] = "600000.02"
        capped = run(data)
        assert capped.award_before_cap == yuan("800000.01")
        assert capped.award == yuan("80万")

    def test_a_half_fen_rounds_up(self) -> None:
        data = passing("direction_4")
        data["invoices"][1]["amount_excl_tax"] = "400000.01"
        assert run(data).award == yuan("700000.01")  # 50% × 1,400,000.01 = 700,000.005

    @pytest.mark.parametrize(
        ("efficiency", "cost", "eligible"),
        [
            ("10%", None, False),  # 「提升超过10%」: exactly 10% is not more than 10%
            ("10.01%", None, True),
            (None, "10%", True),  # 「运营成本下降10%」: read as at least 10%
            (None, "9.99%", False),
            ("8%", "10%", True),
        ],
    )
    def test_efficiency_must_exceed_10_percent_or_costs_fall_10_percent(
        self, efficiency: str | None, cost: str | None, eligible: bool
    ) -> None:
        """「相关绩效需满足供应链协同效率提升超过10%，或者运营成本下降10%」."""
        data = passing("direction_4")
        data["facts"].pop("supply_chain_efficiency_gain")
        if efficiency is not None:
            data["facts"]["supply_chain_efficiency_gain"] = efficiency
        if cost is not None:
            data["facts"]["operating_cost_reduction"] = cost
        assert run(data).eligible is eligible

    def test_the_strict_reading_of_the_cost_reduction_is_one_switch(self) -> None:
        """Interpretation note: 「运营成本下降10%」 as strictly more than 10%."""
        either = doumen.DIRECTION_4.conditions[0]
        assert isinstance(either, AnyOf)
        strict_cost = evolve(either.rules[1], op=Op.GT)
        reading = evolve(
            doumen.DIRECTION_4,
            conditions=(evolve(either, rules=(either.rules[0], strict_cost)), *doumen.DIRECTION_4.conditions[1:]),
        )
        data = passing("direction_4")
        data["facts"] = {"operating_cost_reduction": "10%", "in_fixed_asset_statistics": True}
        assert run(data).eligible
        assert not run(data, reading).eligible

    def test_a_pcb_cluster_member_may_not_apply(self) -> None:
        """「……“家电行业协同制造平台工程”（大家电产业集群）集群内企业」 only."""
        data = passing("direction_4")
        data["enterprise"]["clusters"] = ["zhuhai-pcb-2022"]
        assert "NOT_CLUSTER_MEMBER" in failed(run(data))


# -- 专题十九 方向五 ---------------------------------------------------------------------------------


class TestDirection5FiveGIntranet:
    def test_the_award_is_30_percent_of_the_5g_network_service_only(self) -> None:
        """「对企业5G网络服务费用给予30%的补贴，最高30万元」: 60万 of service gives 18万."""
        result = run(passing("direction_5"))
        assert result.eligible_spend == yuan("100万")
        assert result.award_base == yuan("60万")
        assert result.award == yuan("18万")

    def test_the_award_is_capped_at_30_wan(self) -> None:
        data = passing("direction_5")
        data["invoices"][0]["amount_excl_tax"] = "200万"
        assert run(data).award == yuan("30万")

    @pytest.mark.parametrize(("coverage", "eligible"), [("60%", True), ("59.9999%", False)])
    def test_coverage_must_be_at_least_60_percent(self, coverage: str, eligible: bool) -> None:
        """「试点区域5G网络覆盖率不低于60%」."""
        data = passing("direction_5")
        data["facts"]["coverage_5g"] = coverage
        assert run(data).eligible is eligible

    def test_a_5g_private_network_or_slice_is_required(self) -> None:
        """「建有5G专网或开通5G网络切片服务」."""
        data = passing("direction_5")
        data["facts"]["has_5g_private_network"] = False
        assert failed(run(data)) == {"PRIVATE_NETWORK_5G_NOT_MET"}

    def test_the_third_party_test_report_is_required(self) -> None:
        """「5G网络第三方测试报告（仅方向五提供）」."""
        data = passing("direction_5")
        data["documents"].remove("network_5g_test_report")
        assert failed(run(data)) == {"MISSING_DOCUMENT"}


# -- 专题十九 方向六 ---------------------------------------------------------------------------------


class TestDirection6Purchases:
    def test_a_pcb_workshop_purchase_is_paid_80_percent(self) -> None:
        """「应用于车间级的，按每家企业购买费用的80%给予一次性补贴」: 22万 gives 17.6万."""
        assert run(passing("direction_6_pcb_workshop")).award == yuan("17.6万")

    def test_a_pcb_workshop_award_is_capped_at_20_wan(self) -> None:
        """「每家企业最高给予20万元」: 80% of 25万 is exactly 20万."""
        data = passing("direction_6_pcb_workshop")
        data["invoices"][0]["amount_excl_tax"] = "25万"
        result = run(data)
        assert result.award == yuan("20万")
        assert not result.cap_applied
        data["invoices"][0]["amount_excl_tax"] = "250000.02"
        data["contracts"][0]["amount_excl_tax"] = "30万"
        assert run(data).cap_applied

    def test_a_pcb_factory_purchase_is_paid_half_capped_at_80_wan(self) -> None:
        """「应用于工厂级的，按企业购买费用的50%给予一次性补贴，每家企业给予最高80万元补贴」."""
        assert run(passing("direction_6_pcb_factory")).award == yuan("75万")
        data = passing("direction_6_pcb_factory")
        data["invoices"][0]["amount_excl_tax"] = "200万"
        data["contracts"][0]["amount_excl_tax"] = "200万"
        assert run(data).award == yuan("80万")

    def test_an_appliance_purchase_is_paid_80_percent(self) -> None:
        """「按每家企业购买费用的80%给予一次性补贴，每家企业最高给予20万元」."""
        assert run(passing("direction_6_appliance")).award == yuan("17.6万")

    def test_purchases_from_unlisted_suppliers_do_not_count(self) -> None:
        """Only the 附件1 providers of the enterprise's own cluster count."""
        data = passing("direction_6_pcb_workshop")
        data["invoices"].append(invoice("X1", "2023-07-01", "50万", "software", "珠海非名单公司"))
        data["invoices"].append(invoice("X2", "2023-07-01", "50万", "software", LIANYUN))  # 大家电's list
        result = run(data)
        assert result.eligible_spend == yuan("22万")
        assert line(result, "X1").code is Code.SUPPLIER_NOT_LISTED
        assert line(result, "X2").code is Code.SUPPLIER_NOT_LISTED

    def test_a_planning_by_a_listed_unit_meets_clause_7_but_buys_nothing(self) -> None:
        """「申报企业由所在集群牵头单位或生态伙伴提供产品、服务或规划」 is met by the 规划; the award is still
        on purchases from listed units only, so without one the minimum is not met."""
        data = passing("direction_6_pcb_workshop")
        for item in data["invoices"]:
            item["supplier"] = "珠海非名单公司"
        data["project"]["planning_provider"] = PAINO
        result = run(data)
        assert "NO_LISTED_PROVIDER" not in failed(result)
        assert "BELOW_MIN_INVESTMENT" in failed(result)
        (found,) = [f for f in result.findings if f.code is Code.LISTED_PROVIDER_OK]
        assert found.citation is not None
        assert found.citation.quote == "申报企业由所在集群牵头单位或生态伙伴提供产品、服务或规划"

    def test_provider_names_match_across_full_and_half_width_brackets(self) -> None:
        """附件1 writes 「斯坦德机器人(深圳)有限公司」 with ASCII brackets; invoices often use （）."""
        data = passing("direction_6_appliance")
        data["invoices"][0]["supplier"] = "斯坦德机器人（深圳）有限公司"
        data["contracts"][0]["supplier"] = "斯坦德机器人（深圳）有限公司"
        assert run(data).eligible

    def test_invoices_of_exactly_70_percent_of_the_contract_suffice_and_less_does_not(self) -> None:
        """「发票总金额不低于合同总金额的70%」."""
        data = passing("direction_6_pcb_workshop")
        data["invoices"][0]["amount_excl_tax"] = "21万"
        data["contracts"][0]["amount_excl_tax"] = "30万"
        assert run(data).eligible
        data["invoices"][0]["amount_excl_tax"] = "209999.99"
        assert failed(run(data)) == {"INVOICES_BELOW_CONTRACT_SHARE"}

    def test_several_contracts_are_compared_in_total(self) -> None:
        """「如涉及采购多个生态成员产品或服务，发票总金额不低于合同总金额的70%」."""
        data = passing("direction_6_pcb_workshop")
        data["contracts"].append(contract("HT-9", "10万", "苏州软达信息技术有限公司"))
        data["invoices"].append(invoice("S1", "2023-08-01", "2.5万", "software", "苏州软达信息技术有限公司", contract="HT-9"))
        result = run(data)  # (22 + 2.5) / (25 + 10) = 70%
        assert result.eligible, failed(result)

    def test_without_any_contract_the_share_cannot_be_checked(self) -> None:
        data = passing("direction_6_pcb_workshop")
        data["contracts"] = []
        del data["invoices"][0]["contract"]
        assert failed(run(data)) == {"NO_CONTRACT"}

    @pytest.mark.parametrize(("gain", "eligible"), [("15%", False), ("15.01%", True)])
    def test_pcb_resource_efficiency_must_exceed_15_percent(self, gain: str, eligible: bool) -> None:
        """「达到用水等生产资源利用率提升超过15%」: 超过 is strict."""
        data = passing("direction_6_pcb_factory")
        data["facts"]["resource_efficiency_gain"] = gain
        assert run(data).eligible is eligible

    def test_a_pcb_enterprise_may_not_use_the_appliance_line(self) -> None:
        data = passing("direction_6_appliance")
        data["enterprise"]["clusters"] = ["zhuhai-pcb-2022"]
        assert "NOT_CLUSTER_MEMBER" in failed(run(data))

    def test_the_contracted_reading_pays_on_the_contract_amount(self) -> None:
        """Interpretation note: 「购买费用」 on the contract amount instead of the invoices."""
        basis = evolve(doumen.DIRECTION_6_PCB_WORKSHOP.purchase_basis, value=PurchaseBasis.CONTRACTED)  # type: ignore[arg-type]
        reading = evolve(doumen.DIRECTION_6_PCB_WORKSHOP, purchase_basis=basis)
        data = passing("direction_6_pcb_workshop")  # invoiced 22万, contract 25万
        assert run(data, reading).award_base == yuan("25万")
        assert run(data, reading).award == yuan("20万")

    def test_the_contract_submission_screenshot_is_required(self) -> None:
        """「惠企利民合同递交截图（仅方向六提供）」."""
        data = passing("direction_6_appliance")
        data["documents"].remove("contract_submission_screenshot")
        assert failed(run(data)) == {"MISSING_DOCUMENT"}


# -- deadlines and declared direction ----------------------------------------------------------------


class TestDeadlinesAndScope:
    def test_a_naive_timestamp_is_beijing_time_and_an_aware_one_is_converted(self) -> None:
        data = passing("direction_1")
        data["submission"]["online_at"] = "2024-04-15T10:00:00Z"  # 18:00 in Beijing
        assert run(data).eligible
        data["submission"]["online_at"] = "2024-04-15T10:00:01+00:00"
        assert failed(run(data)) == {"SUBMITTED_LATE"}

    def test_a_revision_after_april_26_1800_is_late(self) -> None:
        """「需在2024年4月26日18:00前完成最终的修改提交的线上流程，逾期不予受理」."""
        data = passing("direction_1")
        data["submission"]["revised_at"] = "2024-04-26 18:00"
        assert run(data).eligible
        data["submission"]["revised_at"] = "2024-04-26 18:00:01"
        assert failed(run(data)) == {"SUBMITTED_LATE"}

    def test_paper_after_april_30_1800_is_late(self) -> None:
        """「须于2024年4月30日18：00前，将纸质材料递交至……」."""
        data = passing("direction_1")
        data["submission"]["paper_at"] = "2024年4月30日18：00：01"
        assert failed(run(data)) == {"SUBMITTED_LATE"}

    def test_a_missing_online_time_is_reported_not_assumed(self) -> None:
        data = passing("direction_1")
        data["submission"] = {}
        result = run(data)
        assert result.eligible
        assert Code.SUBMISSION_TIME_MISSING in result.codes

    def test_assessing_under_another_direction_says_so(self) -> None:
        app = build(passing("direction_4"))
        result = doumen.DIRECTION_6_APPLIANCE.assess(app)
        assert Code.DIRECTION_DIFFERS in result.codes
        assert result.direction == "direction_6_appliance"

    def test_dispatch_by_declared_direction(self) -> None:
        assert doumen.assess(build(passing("direction_5"))).award == yuan("18万")


class TestRuleData:
    def test_the_rule_table_matches_the_guide(self) -> None:
        """The README inventory of the guide, checked against the rule data."""
        expected = {
            "direction_1": ((2023, 12, 31), "300万", "30%", "100万", 2),
            "direction_2": ((2024, 3, 31), "1200万", "20%", "500万", 1),
            "direction_3": ((2024, 3, 31), "400万", "30%", "150万", 2),
            "direction_4": ((2024, 3, 31), "140万", "50%", "80万", 2),
            "direction_5": ((2024, 3, 31), "90万", "30%", "30万", 10),
            "direction_6_pcb_workshop": ((2024, 3, 31), "20万", "80%", "20万", 30),
            "direction_6_pcb_factory": ((2024, 3, 31), "140万", "50%", "80万", 5),
            "direction_6_appliance": ((2024, 3, 31), "20万", "80%", "20万", 15),
        }
        for key, (end, minimum, rate, cap, quota) in expected.items():
            rules = doumen.DIRECTIONS[key]
            assert rules.window.value.start == date(2023, 1, 1)
            assert rules.window.value.end == date(*end)
            assert rules.minimum.value == yuan(minimum)
            assert rules.rate.value == Ratio.parse(rate)
            assert rules.cap.value == yuan(cap)
            assert rules.quota.value == quota

    def test_both_provider_lists_have_eleven_units(self) -> None:
        assert [len(p.value) for p in doumen.PROVIDERS.values()] == [11, 11]
        assert PAINO in doumen.PROVIDERS["zhuhai-pcb-2022"].value

    def test_a_what_if_that_breaks_the_rules_is_refused(self) -> None:
        with pytest.raises(ValueError, match="rate"):
            evolve(doumen.DIRECTION_1, rate=evolve(doumen.DIRECTION_1.rate, value=Ratio.parse("130%")))
        with pytest.raises(ValueError, match="no field"):
            evolve(doumen.DIRECTION_1, capp=1)

    def test_a_condition_naming_an_unknown_measure_is_refused(self) -> None:
        bad = Compare(
            name="x", label="x", measure="facts.nope", op=Op.GE, threshold=doumen.DIRECTION_1.quota
        )
        with pytest.raises(ValueError, match="unknown measure"):
            evolve(doumen.DIRECTION_1, conditions=(bad,))


class TestPlacesAsWritten:
    """「申报单位为商事登记、税务登记关系及统计归属关系在斗门区……的企业」: 斗门 and 珠海市斗门区 are 斗门区; a
    district a character off is refused with the question whether 斗门区 was meant; both engines agree."""

    def with_tax_district(self, district: str) -> Any:
        from subsidycalc.inputs import example_applications

        application = example_applications()[0]
        enterprise = application.enterprise
        return application.model_copy(
            update={"enterprise": enterprise.model_copy(update={"tax": enterprise.tax.model_copy(update={"district": district})})}
        )

    def test_the_ways_of_writing_the_district_are_one_district(self) -> None:
        for district in ("斗门", "斗门区", "珠海市斗门区", "斗 门 区"):
            assert doumen.assess(self.with_tax_district(district), Ledger.empty()).eligible, district

    def test_a_near_miss_asks_whether_the_district_was_meant(self) -> None:
        result = doumen.assess(self.with_tax_district("斗们区"), Ledger.empty())
        message = next(f.message for f in result.findings if f.code == Code.DISTRICT_MISMATCH)
        assert message.endswith("（是否为珠海市斗门区？）")
        far = doumen.assess(self.with_tax_district("香洲区"), Ledger.empty())
        assert "是否为" not in next(f.message for f in far.findings if f.code == Code.DISTRICT_MISMATCH)

    def test_the_batch_engine_reads_places_the_same_way(self) -> None:
        from subsidycalc.batch import Population, evaluate

        apps = [self.with_tax_district(d) for d in ("斗门", "珠海市斗门区", "斗们区")]
        batch = evaluate(Population.from_applications(apps, ledger=Ledger.empty()))
        assert [bool(e) for e in batch.eligible] == [doumen.assess(a, Ledger.empty()).eligible for a in apps]
