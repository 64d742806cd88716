"""The contract every registered direction keeps, as Hypothesis properties.

For any generated application: 0 <= award <= cap; award <= rate × base (rounded); an added eligible
invoice never lowers an eligible award; invoices outside the window or of uncounted categories
change nothing; the order of invoices changes nothing; input and output round-trip through JSON.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.models import Application
from subsidycalc.money import ZERO, apply_rate
from subsidycalc.registry import all_directions
from subsidycalc.result import Assessment
from subsidycalc.rules import DirectionRules
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build

REGISTERED = sorted(all_directions())


def test_the_registry_holds_every_direction_the_factories_know() -> None:
    """Every invoice-based direction has a passing factory (the contract below runs over them)."""
    invoice_based = sorted(ref for ref, r in all_directions().items() if isinstance(r, DirectionRules))
    assert sorted(f"doumen-2023/{key}" for key in DIRECTION_KEYS) == invoice_based
    assert "shaoguan-2023/pilot" in REGISTERED


def assess(data: dict[str, Any]) -> Assessment:
    app = build(data)
    return all_directions()[f"{app.programme}/{app.direction}"].assess(app)


def essentials(result: Assessment) -> tuple[Any, ...]:
    """Everything but the invoice ledger."""
    return (
        result.eligible,
        result.eligible_spend,
        result.award_base,
        result.award_before_cap,
        result.award,
        tuple((f.code, f.severity, f.message, f.subject) for f in result.findings),
    )


@pytest.mark.parametrize("direction", DIRECTION_KEYS)
class TestContract:
    @given(data=st.data())
    def test_the_award_is_between_zero_and_the_cap_and_at_most_rate_times_base(
        self, direction: str, data: st.DataObject
    ) -> None:
        result = assess(data.draw(gen.applications(direction)))
        assert ZERO <= result.award <= result.cap
        assert result.award <= apply_rate(result.award_base, result.rate)
        expected = min(apply_rate(result.award_base, result.rate), result.cap)
        assert result.award == (expected if result.eligible else ZERO)
        assert result.award_if_eligible == expected
        assert result.eligible == (not result.failures)

    @given(data=st.data())
    def test_an_added_eligible_invoice_never_lowers_an_eligible_award(
        self, direction: str, data: st.DataObject
    ) -> None:
        application = data.draw(gen.applications(direction))
        before = assess(application)
        if not before.eligible:
            return
        application["invoices"].append(data.draw(gen.eligible_invoice(direction)))
        after = assess(application)
        assert after.eligible
        assert after.award >= before.award
        assert after.eligible_spend > before.eligible_spend or application["invoices"][-1]["amount_excl_tax"] == "0.00"

    @given(data=st.data())
    def test_invoices_outside_the_window_or_uncounted_change_nothing(
        self, direction: str, data: st.DataObject
    ) -> None:
        application = data.draw(gen.applications(direction))
        before = assess(application)
        application["invoices"].append(data.draw(gen.irrelevant_invoice(direction)))
        after = assess(application)
        assert essentials(after) == essentials(before)
        assert not after.invoices[[i.number for i in after.invoices].index("IRRELEVANT")].counted

    @given(data=st.data(), seed=st.integers())
    def test_the_order_of_invoices_changes_nothing(self, direction: str, data: st.DataObject, seed: int) -> None:
        application = data.draw(gen.applications(direction))
        before = assess(application).to_dict()
        random.Random(seed).shuffle(application["invoices"])
        assert assess(application).to_dict() == before

    @given(data=st.data())
    def test_input_and_output_round_trip_through_json(self, direction: str, data: st.DataObject) -> None:
        app = build(data.draw(gen.applications(direction)))
        again = Application.model_validate_json(app.model_dump_json())
        assert again == app
        assert Application.model_validate(json.loads(app.model_dump_json())) == app
        result = all_directions()[f"doumen-2023/{direction}"].assess(again)
        assert json.loads(result.to_json()) == result.to_dict()
