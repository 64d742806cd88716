"""One table of reason codes, generated from the parts: every code any input emits is in it, and
every code in it is reached by some input (the snapshot's corpus, or one targeted input below)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from subsidycalc.codes import code_table, describe
from subsidycalc.engine import possible_codes
from subsidycalc.findings import CODES
from subsidycalc.inputs import example_ledger
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.models import Application, FundingLevel
from subsidycalc.money import Money
from subsidycalc.registry import all_directions, get
from subsidycalc.result import Assessment
from tests.snapshot import example_dicts, generated

LEDGER = example_ledger()
EXAMPLES = {example["id"]: example for example in example_dicts()}
DOUMEN_INCIDENT = {"kind": "safety", "occurred_on": "2023-06-01", "major": True, "description": "重大安全事故"}
PARTNER = {"name": "珠海示例伙伴有限公司", "credit_code": "914404033BJ1XG6127", "registration": {"province": "广东省", "city": "珠海市"}}
SECOND_PARTNER = {**PARTNER, "name": "珠海示例伙伴二公司", "credit_code": "91440403DD272HD1TH"}


def _merged(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        found = copy.deepcopy(base)
        for key, value in patch.items():
            found[key] = _merged(found.get(key), value)
        return found
    return copy.deepcopy(patch)


def _years(item: str, enterprise: str, years: tuple[int, ...]) -> Ledger:
    entries = [
        {"programme": "zhongshan-2025", "item": item, "level": "city", "enterprise": enterprise,
         "project_id": f"P{year}", "year": year, "awarded": "10万"}
        for year in years
    ]
    return Ledger.model_validate({"entries": entries})


# code: (example id, rules to assess it under, patch of the example, ledger)
REACH: dict[str, tuple[str, str, dict[str, Any], Ledger | None]] = {
    "DIRECTION_DIFFERS": ("DM23-D1-01", "doumen-2023/direction_2", {}, None),
    "DISHONEST_LISTED": ("DM23-D1-01", "doumen-2023/direction_1", {"enterprise": {"credit": {"dishonest_joint_punishment": True}}}, None),
    "MAJOR_INCIDENT": ("DM23-D1-01", "doumen-2023/direction_1", {"enterprise": {"incidents": [DOUMEN_INCIDENT]}}, None),
    "CNC_NETWORKING_RATE_NOT_MET": ("DM23-D2-01", "doumen-2023/direction_2", {"facts": {"cnc_networking_rate": "10%"}}, None),
    "TOO_MANY_PARTNERS": ("DM23-D2-01", "doumen-2023/direction_2", {"partners": [PARTNER, SECOND_PARTNER]}, None),
    "MEMBER_PROVINCE_NOT_DECLARED": (
        "GD22-01", "guangdong-2022/industry_2_2",
        {"ecosystem": [{**EXAMPLES["GD22-01"]["ecosystem"][0], "registration": {"city": "澳门"}}]}, None,
    ),
    "REGISTERED_ELSEWHERE": (
        "ZS25-01", "zhongshan-2025/item_1",
        {"enterprise": {"registration": {"province": "广东省", "city": "珠海市", "district": "斗门区"}}}, Ledger.empty(),
    ),
    "JOINT_FORBIDDEN": ("GD22-01", "guangdong-2022/industry_2_2", {"partners": [PARTNER]}, None),
    "REGION_NOT_CLASSIFIED": ("GD22-01", "guangdong-2022/industry_2_2", {"project": {"start_region": {"province": "湖南省", "city": "长沙市"}}}, None),
    "SURVEYED_PILOT_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"surveyed_pilot": 0}}, None),
    "TRANSFORMED_2Y_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"transformed_2y": 0}}, None),
    "BENCHMARK_CASES_2Y_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"benchmark_cases_2y": 0}}, None),
    "TRANSFORMED_CULTIVATION_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"transformed_cultivation": 0}}, None),
    "INDICATOR_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"indicators": {"2-2.1": "100"}}}, None),
    "INDICATOR_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"indicators": {"2-2.1": "0"}}}, None),
    "NOT_LEGAL_PERSON": ("SG23-01", "shaoguan-2023/pilot", {"ecosystem": [{**EXAMPLES["SG23-01"]["ecosystem"][0], "independent_legal_person": False}]}, None),
    "MEMBER_NOT_DOMESTIC": ("SG23-01", "shaoguan-2023/pilot", {"ecosystem": [{**EXAMPLES["SG23-01"]["ecosystem"][0], "registration": {"province": "香港特别行政区", "city": "香港"}}]}, None),
    "PAID_IN_ONE": ("ZS25-02", "zhongshan-2025/item_4", {"facts": {"filed_digital_project": False}}, LEDGER),
    "FILING_NOT_DECLARED": ("ZS25-02", "zhongshan-2025/item_4", {"facts": {"filed_digital_project": None}}, LEDGER),
    "BENCHMARK_PLATFORM_BUILDS_MET": ("ZS25-01", "zhongshan-2025/item_7_cluster", {"facts": {"benchmark_platform": True}}, LEDGER),
    "BENCHMARK_PLATFORM_BUILDS_NOT_MET": ("ZS25-01", "zhongshan-2025/item_7_cluster", {"facts": {"benchmark_platform": False}}, LEDGER),
    "INDUSTRY_OUT_OF_SCOPE": ("SG23-01", "shaoguan-2023/pilot", {"project": {"industry": "陶瓷"}}, None),
    "YEAR_OUT_OF_SCOPE": ("SG23-01", "shaoguan-2023/pilot", {"year": 2030}, None),
    "SURVEYED_ENTERPRISES_NOT_MET": ("SG23-01", "shaoguan-2023/pilot", {"facts": {"surveyed_enterprises": 0}}, None),
    "TRANSFORMED_ENTERPRISES_NOT_MET": ("SG23-01", "shaoguan-2023/pilot", {"facts": {"transformed_enterprises": 0}}, None),
    "PLATFORM_ENTERPRISES_NOT_MET": ("GD20-01", "guangdong-2020/platform_led", {"facts": {"platform_enterprises": 0}}, None),
    "CLOUD_DATA_ELEMENTS_MET": ("ZS25-01", "zhongshan-2025/item_3", {"facts": {"cloud_data_element_types": 1}}, LEDGER),
    "CLOUD_DATA_ELEMENTS_NOT_MET": ("ZS25-01", "zhongshan-2025/item_3", {"facts": {"cloud_data_element_types": 0}}, LEDGER),
    "INVESTMENT_NOT_COUNTED": ("ZS25-02", "zhongshan-2025/item_4", {"project": {
        "equipment_software_investment": None, "city_funded_investment": None,
        "investment_items": [{"kind": "equipment", "amount": "100万", "city_funded": "10万"}, {"kind": "other", "amount": "50万"}]}}, LEDGER),
    "CITY_FUNDED_NOT_DECLARED": ("ZS25-02", "zhongshan-2025/item_4", {"project": {"city_funded_investment": None}}, LEDGER),
    "DECIDED_AMOUNT": ("ZS25-02", "zhongshan-2025/item_4", {"decided_amount": "1万"}, LEDGER),
    "RATE_UPGRADED": ("ZS25-03", "zhongshan-2025/item_6", {"facts": {"benchmark_platform": True}}, LEDGER),
    "CAP_UPGRADED": ("ZS25-01", "zhongshan-2025/item_8", {"facts": {"benchmark_platform": True}, "project": {"actual_investment": "5000万"}}, Ledger()),
    "STACKING_CAP": ("ZS25-01", "zhongshan-2025/item_8", {"project": {"actual_investment": "1万"}}, Ledger()),
    "PROJECT_CAP": ("GD22-01", "guangdong-2022/industry_2_2", {}, Ledger(entries=(LedgerEntry(
        programme="guangdong-2022", item="industry_2_2", level=FundingLevel.PROVINCE, enterprise=EXAMPLES["GD22-01"]["enterprise"]["credit_code"],
        project_id=EXAMPLES["GD22-01"]["project"]["id"], year=2022, awarded=Money.from_wan(1999)),))),
    "KEY_PRODUCTS_2Y_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"key_products_2y": 0}}, None),
    "CORE_SOFTWARE_FIRST_VERSION_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"core_software_first_version": True}}, None),
    "CORE_SOFTWARE_FIRST_VERSION_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"core_software_first_version": False}}, None),
    "FUNDS_USE_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"funds_for_excluded_costs": False}}, None),
    "FUNDS_USE_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"funds_for_excluded_costs": True}}, None),
    "ECOSYSTEM_TECHNOLOGY_PROOFS_MET": ("GD22-01", "guangdong-2022/industry_2_14", {"direction": "industry_2_14", "facts": {"lead_demo_cases": 1, "ecosystem_technology_proofs": 1}}, None),
    "ECOSYSTEM_TECHNOLOGY_PROOFS_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_14", {"direction": "industry_2_14", "facts": {"lead_demo_cases": 1, "ecosystem_technology_proofs": 0}}, None),
    "LEAD_CASES_OR_EXPERIENCE_MET": ("GD22-01", "guangdong-2022/industry_2_20", {"direction": "industry_2_20", "facts": {"lead_demo_cases": 0, "lead_collaboration_experience": True}}, None),
    "LEAD_CASES_OR_EXPERIENCE_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_20", {"direction": "industry_2_20", "facts": {"lead_demo_cases": 0, "lead_collaboration_experience": False}}, None),
    "ECOSYSTEM_TELECOM_OPERATOR_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"special_pilots": ["2-23"], "ecosystem_telecom_operator": True, "projects_5g_experience": 3}}, None),
    "ECOSYSTEM_TELECOM_OPERATOR_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"special_pilots": ["2-23"], "ecosystem_telecom_operator": False, "projects_5g_experience": 2}}, None),
    "ECOSYSTEM_TELECOM_OPERATOR_NOT_DECLARED": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"special_pilots": ["2-23"]}}, None),
    "TALENT_TRAINING_TENURE_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"special_pilots": ["2-22"], "talent_training_since": "2020-06-20"}}, None),
    "TALENT_TRAINING_TENURE_NOT_MET": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"special_pilots": ["2-22"], "talent_training_since": "2020-06-21"}}, None),
    "TALENT_TRAINING_TENURE_NOT_DECLARED": ("GD22-01", "guangdong-2022/industry_2_2", {"facts": {"special_pilots": ["2-22"]}}, None),
    "YEARS_EXHAUSTED": ("ZS25-01", "zhongshan-2025/item_8", {"project": {"actual_investment": "5000万"}}, _years("item_8", "91440403FD1YM2QHJA", (2021, 2022, 2023))),
}


def _codes_of(result: Assessment) -> Iterator[str]:
    yield from (str(f.code) for f in result.findings)
    yield from (str(line.code) for line in result.invoices)


def corpus() -> Iterator[tuple[str, Assessment]]:
    for data, with_ledger in generated():
        try:
            application = Application.model_validate(data)
        except ValidationError:
            continue
        ref = f"{application.programme}/{application.direction}"
        rules = get(ref)
        ledger = LEDGER if with_ledger else None
        yield ref, rules.assess(application, ledger)
        for phase in rules.life:  # and at each stage of its life, where it has stages
            yield ref, rules.assess(application, ledger, phase.stage)


def test_every_emitted_code_is_in_the_table_under_its_rule() -> None:
    table = code_table()
    for ref, result in corpus():
        for code in _codes_of(result):
            assert code in table, f"{ref}: {code} is in no table"
            assert ref in table[code].rules, f"{ref} emitted {code}, which its parts do not list"


def test_every_code_in_the_table_is_reached_by_some_input() -> None:
    seen = {code for _, result in corpus() for code in _codes_of(result)}
    for code, (example, ref, patch, ledger) in REACH.items():
        application = Application.model_validate(_merged(EXAMPLES[example], patch))
        emitted = set(_codes_of(get(ref).assess(application, ledger)))
        assert code in emitted, f"the input for {code} does not reach it: {sorted(emitted)}"
        seen |= emitted
    assert sorted(set(code_table()) - seen) == []


@pytest.mark.parametrize("ref", sorted(all_directions()))
def test_each_rule_lists_its_codes_in_the_table(ref: str) -> None:
    table = code_table()
    for code in possible_codes(get(ref)):
        assert ref in table[code].rules


def test_a_condition_code_is_made_from_the_condition_name_with_labels_in_both_languages() -> None:
    assert describe("QUANTIFIABLE_BENEFITS_NOT_DECLARED") == (
        "可量化可考核的经济和社会效益项数：未申报，无法核对",
        "quantifiable benefits: not declared",
    )
    assert describe("CAP_APPLIED") == CODES["CAP_APPLIED"]  # type: ignore[index]
    with pytest.raises(KeyError, match="unknown reason code 'THRESHOLD_NOT_MET'"):
        describe("THRESHOLD_NOT_MET")


def test_a_condition_name_that_would_make_a_library_code_is_refused() -> None:
    from subsidycalc.parts.conditions import Flag

    rules = get("doumen-2023/direction_1")
    flag = next(c for c in rules.conditions if isinstance(c, Flag))
    with pytest.raises(ValidationError, match="makes the code MIN_INVESTMENT_MET"):
        Flag.model_validate({**flag.model_dump(), "name": "min_investment"})
    with pytest.raises(ValidationError, match="expected lower-case ASCII"):
        Flag.model_validate({**flag.model_dump(), "name": "固定资产"})
