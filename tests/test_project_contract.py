"""The contract every registered item of the project family keeps, as Hypothesis properties:
no award exceeds any of its caps or rate × base, a decided amount never raises an award, and the
stages add up to what is awarded plus what is forfeited."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc import catalog
from subsidycalc.ledger import Ledger
from subsidycalc.money import ZERO, Money, apply_rate
from subsidycalc.registry import all_directions
from tests.factories import build

ITEMS = sorted(ref for ref, rules in all_directions().items() if not rules.invoice_based)
GD = {"province": "广东省", "city": "珠海市", "district": "斗门区"}
amounts = st.integers(min_value=0, max_value=10**11).map(lambda fen: str(Money(fen).to_yuan()))


@st.composite
def applications(draw: st.DrawFn, ref: str) -> dict[str, Any]:
    programme, key = ref.split("/")
    project = {
        "id": "P",
        "name": "项目",
        "start_region": draw(st.sampled_from([GD, {"province": "广东省", "city": "梅州市"}])),
    }
    for name in (
        "planned_investment",
        "actual_investment",
        "equipment_software_investment",
        "city_funded_investment",
        "equipment_contract_amount",
        "equipment_invoice_amount",
        "service_contract_amount",
    ):
        if draw(st.booleans()):
            project[name] = draw(amounts)
    facts = {
        name: draw(st.sampled_from([None, True, False]))
        for name in ("pilot_certified", "final_evaluation_passed", "plan_issued", "progress_check_passed", "accepted", "benchmark_platform")
        if name in catalog.fact_names(programme)  # an application declares only its programme's facts
    }
    values: dict[str, Any] = {
        "id": "X",
        "programme": programme,
        "direction": key,
        "enterprise": {"name": "企业", "credit_code": "91440403AY4CL12TH3", "registration": GD, "tax": GD, "statistics": GD},
        "project": project,
        "facts": {k: v for k, v in facts.items() if v is not None},
        "submission": {"online_at": "2024-03-01T10:00:00+08:00"},
    }
    if draw(st.booleans()):
        values["decided_amount"] = draw(amounts)
    return values


@pytest.mark.parametrize("ref", ITEMS)
@given(data=st.data())
def test_no_award_exceeds_its_caps_and_stages_add_up(ref: str, data: st.DataObject) -> None:
    rules = all_directions()[ref]
    assert not rules.invoice_based
    app = build(data.draw(applications(ref)))
    result = rules.assess(app, Ledger())
    caps = [c.value for c in (rules.cap, rules.cap_upgrade.cap if rules.cap_upgrade else None) if c is not None]
    assert ZERO <= result.award <= result.award_if_eligible
    if caps:
        assert result.award_if_eligible <= max(caps)
    if rules.rate is not None and rules.pays:
        assert result.award_if_eligible <= apply_rate(result.award_base, result.rate)
    if app.decided_amount is not None and rules.pays:
        assert result.award_if_eligible <= max(app.decided_amount, ZERO) or (rules.rate is None and not caps)
    if result.stages:
        total = sum((s.amount for s in result.stages), start=ZERO)
        assert total == (result.award_if_eligible if result.eligible else ZERO)
        forfeited = sum((s.amount for s in result.stages if s.payable is False), start=ZERO)
        assert result.award == total - forfeited
