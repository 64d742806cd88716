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
