"""The contract every registered direction keeps, as Hypothesis properties.

For any generated application: 0 <= award <= cap; award <= rate × base (rounded); an added eligible
invoice never lowers an eligible award; invoices outside the window or of uncounted categories
change nothing; the order of invoices changes nothing; input and output round-trip through JSON.
"""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc import contract
from subsidycalc.inputs import example_ledger
from subsidycalc.models import Application
from subsidycalc.money import ZERO, apply_rate
from subsidycalc.registry import all_directions
from subsidycalc.result import Assessment
from subsidycalc.rules import Rule, evolve
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build

REGISTERED = sorted(all_directions())


def test_the_registry_holds_every_direction_the_factories_know() -> None:
    """Every invoice-based direction has a passing factory (the contract below runs over them)."""
    invoice_based = sorted(ref for ref, r in all_directions().items() if r.invoice_based)
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


# -- the shared contract (subsidycalc.contract) over every registered rule ----------------------

LEDGER = example_ledger()


def test_every_registered_rule_has_a_passing_example() -> None:
    """Each policy exports passing examples (bundled data, or its module's ``EXAMPLES``)."""
    without = [ref for ref, rules in all_directions().items() if not contract.passing_examples(rules, LEDGER)]
    assert without == []


@pytest.mark.parametrize("ref", REGISTERED)
def test_every_registered_rule_keeps_the_contract(ref: str) -> None:
    rules = all_directions()[ref]
    examples = contract.passing_examples(rules, LEDGER)
    assert [(name, problem) for name, problem in contract.check(rules, examples, LEDGER) if problem] == []


class TestTheContractBites:
    """Each check fails on a rule that breaks it (so a green contract means something)."""

    def test_boundaries_catch_a_minimum_compared_with_the_wrong_operator(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from subsidycalc.parts import conditions
        from subsidycalc.parts.conditions import Op

        real = conditions.minimum_rule
        monkeypatch.setattr(conditions, "minimum_rule", lambda m, t: real(m, t).model_copy(update={"op": Op.GT}))
        rules = evolve(all_directions()["doumen-2023/direction_1"], name="方向一（复本）")  # compiled afresh
        application = contract.passing_examples(rules)[0]
        with pytest.raises(AssertionError, match="expected met"):
            contract.check_boundaries(rules, application, None)

    def test_irrelevant_inputs_catch_a_rule_that_counts_invoices_outside_its_window(self) -> None:
        original = all_directions()["doumen-2023/direction_1"]
        broken = _WindowIgnored.model_validate(original.model_dump())
        application = contract.passing_examples(original)[0]
        with pytest.raises(AssertionError, match="OUTSIDE-WINDOW"):
            contract.check_irrelevant_inputs(broken, application, None)

    def test_bounds_catch_an_ineligible_application_that_is_paid(self) -> None:
        rules = all_directions()["doumen-2023/direction_1"]
        application = contract.passing_examples(rules)[0]
        paid = rules.assess(application)
        broken = dataclasses.replace(paid, eligible=False)
        with pytest.raises(AssertionError, match="eligible although a condition failed"):
            contract._bounded(broken)


class _WindowIgnored(Rule):
    """A direction whose assessment counts invoices from years before its window."""

    def assess(self, application: Application, ledger: Any = None) -> Assessment:
        assert self.window is not None
        window = self.window.value
        wider = evolve(self.window, value=evolve(window, start=window.start.replace(year=2000)))
        return evolve(Rule.model_validate(self.model_dump()), window=wider).assess(application, ledger)
