"""Rules as data: every registered rule round-trips exactly through JSON and YAML."""

from __future__ import annotations

import pytest
import yaml

from subsidycalc.engine import rules_digest
from subsidycalc.parts.conditions import Compare
from subsidycalc.registry import all_directions, get
from subsidycalc.rules import AnyRules

REGISTERED = sorted(all_directions())


@pytest.mark.parametrize("ref", REGISTERED)
def test_every_rule_round_trips_through_json_and_yaml(ref: str) -> None:
    rules: AnyRules = all_directions()[ref]
    kind = type(rules)
    from_json = kind.model_validate_json(rules.model_dump_json())
    from_yaml = kind.model_validate(yaml.safe_load(yaml.safe_dump(rules.model_dump(mode="json"), allow_unicode=True)))
    assert from_json == rules
    assert from_yaml == rules
    assert rules_digest(from_json) == rules_digest(rules)


def test_an_integer_threshold_comes_back_as_a_count_not_as_money() -> None:
    """「有不少于3项可量化可考核的经济和社会效益」: 3 is a count; JSON's 3 once came back as 3.00元."""
    rules = get("doumen-2023/direction_1")
    condition = next(c for c in rules.conditions if isinstance(c, Compare) and c.measure == "facts.quantifiable_benefits")
    again = type(rules).model_validate_json(rules.model_dump_json())
    back = next(c for c in again.conditions if isinstance(c, Compare) and c.measure == "facts.quantifiable_benefits")
    assert type(back.threshold.value) is int
    assert back.threshold.value == condition.threshold.value == 3


# -- any rule may have any part, and the families' names still reach them -----------------------

from subsidycalc.inputs import example_applications, example_ledger  # noqa: E402
from subsidycalc.rules import ProjectRules, evolve  # noqa: E402
from subsidycalc.scenarios import Scenario  # noqa: E402

D1 = get("doumen-2023/direction_1")
D1_APP = next(a for a in example_applications() if a.id == "DM23-D1-01")


def test_an_invoice_based_rule_takes_stages_upgrades_and_ledger_rules() -> None:
    """The parts' facts reach the base: a stage gate or an upgrade flag on a 斗门 direction is read."""
    staged = evolve(D1, stages=get("guangdong-2022/industry_2_1").stages)
    result = staged.assess(D1_APP)
    assert [s.payable for s in result.stages] == [None, None]  # 试点认定 not declared: pending
    upgraded = evolve(D1, rate_upgrade=get("zhongshan-2025/item_6").rate_upgrade)
    assert upgraded.assess(D1_APP).award == D1.assess(D1_APP).award
    capped = evolve(D1, ledger_rules=get("zhongshan-2025/item_8").ledger_rules)
    # 附则（一）'s stacking cap needs the project's total investment, which this application does not declare
    assert [f.code for f in capped.assess(D1_APP, example_ledger()).failures] == ["FACT_MISSING"]


def test_the_families_gate_names_replace_insert_and_remove_gates() -> None:
    moved = evolve(D1, district=evolve(D1.district, district="香洲区"))
    assert moved.district is not None
    assert moved.district.district == "香洲区"
    assert [g.kind for g in moved.gates] == [g.kind for g in D1.gates]  # replaced in place
    assert evolve(D1, district=None).district is None
    assert "unstated_joint" in [g.kind for g in evolve(get("doumen-2023/direction_2"), joint=None).gates]
    assert evolve(get("doumen-2023/direction_2"), certifications=()).certifications == ()


def test_scenario_paths_reach_into_gates_and_the_base() -> None:
    table = Scenario(
        "s",
        {
            "doumen-2023.direction_1.district.district": "香洲区",
            "doumen-2023.direction_2.joint.max_partners": 2,
            "doumen-2023.direction_1.base.value": ["software"],
            "zhongshan-2025.item_4.pays": False,
        },
    ).rules()
    assert table["doumen-2023/direction_1"].district.district == "香洲区"  # type: ignore[union-attr]
    assert table["doumen-2023/direction_2"].joint.max_partners.value == 2  # type: ignore[union-attr]
    assert {c.value for c in table["doumen-2023/direction_1"].base.in_base.value} == {"software"}  # type: ignore[union-attr]
    assert not table["zhongshan-2025/item_4"].pays


def test_a_rate_on_a_lump_sum_makes_it_a_rate_item_and_back() -> None:
    lump = get("zhongshan-2025/item_1")
    assert lump.base.kind == "lump_sum"
    rated = evolve(lump, rate=get("zhongshan-2025/item_4").rate)
    assert rated.base.kind == "declared"
    assert evolve(rated, rate=None).base.kind == "lump_sum"


def test_a_rule_not_paying_on_invoices_may_not_read_invoice_measures() -> None:
    item = get("zhongshan-2025/item_4")
    with pytest.raises(ValueError, match="counted from invoices, but the base is declared"):
        evolve(item, minimum=D1.minimum, minimum_measure="eligible_spend")


def test_a_gate_kind_appears_once() -> None:
    with pytest.raises(ValueError, match=r"gates \['district'\] appear more than once"):
        evolve(D1, gates=(*D1.gates, D1.district))


def test_a_work_plan_with_a_rate_reports_the_rate_it_does_not_pay() -> None:
    """``ProjectRules(pays=False, rate=…)`` keeps the rate (and the 0.00元 line it always wrote)."""
    plan = get("guangdong-2020/service_provider_led")
    with_rate = ProjectRules(
        programme=plan.programme, key=plan.key, topic_key=plan.topic_key, topic=plan.topic, name=plan.name,
        basis=plan.basis, rate=get("shaoguan-2023/pilot").rate, pays=False, conditions=plan.conditions,
    )
    assert with_rate.rate is not None
    app = next(a for a in example_applications() if a.programme == "guangdong-2020")
    codes = [f.code for f in with_rate.assess(app).findings]
    assert "NO_AWARD" in codes
    assert "RATE_APPLIED" in codes
    assert with_rate.assess(app).award.fen == 0


def test_a_gate_by_name_from_plain_data_goes_where_the_family_puts_it() -> None:
    d3 = get("doumen-2023/direction_3")
    assert d3.district is not None
    data = d3.district.model_dump(mode="json")
    data.pop("kind")
    assert evolve(d3, district=data) == d3  # a dict, as from YAML or JSON
    assert evolve(evolve(d3, district=None), district=d3.district) == d3  # back in its place
    assert evolve(evolve(d3, certifications=()), certifications=()) == evolve(d3, certifications=())


def test_payment_gates_and_stacking_caps_are_checked_when_built() -> None:
    from subsidycalc.rules import StackingCap

    pilot = get("guangdong-2022/industry_2_1")
    stage = pilot.stages[0]
    with pytest.raises(ValueError, match="expected a yes/no fact"):
        evolve(pilot, stages=(evolve(stage, gate="facts.quantifiable_benefits"), *pilot.stages[1:]))
    item = get("zhongshan-2025/item_8")
    moved = tuple(
        evolve(r, investment_measure="eligible_spend") if isinstance(r, StackingCap) else r for r in item.ledger_rules
    )
    with pytest.raises(ValueError, match="stacking cap on 'eligible_spend'"):
        evolve(item, ledger_rules=moved)
