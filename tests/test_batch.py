"""The columnar engine against the scalar engine: identical money, applicant by applicant."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsidycalc.batch import CATEGORY_CODES, MAX_INVOICE_FEN, Population, compile_rules, evaluate
from subsidycalc.findings import Code
from subsidycalc.inputs import example_applications
from subsidycalc.models import Category
from subsidycalc.money import Money, Ratio
from subsidycalc.registry import all_directions, get
from subsidycalc.rules import DirectionRules, evolve
from subsidycalc.scenarios import Scenario
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build

INVOICE_BASED = {ref: r for ref, r in all_directions().items() if isinstance(r, DirectionRules)}


@st.composite
def populations(draw: st.DrawFn) -> list:  # type: ignore[type-arg]
    keys = draw(st.lists(st.sampled_from(DIRECTION_KEYS), min_size=1, max_size=5))
    apps = []
    for index, key in enumerate(keys):
        data = draw(gen.applications(key))
        data["id"] = f"P{index}"
        apps.append(build(data))
    return apps


def assert_same_as_scalar(apps, rules=None) -> None:  # type: ignore[no-untyped-def]
    table = rules or all_directions()
    batch = evaluate(Population.from_applications(apps, table), table)
    for index, app in enumerate(apps):
        scalar = table[f"{app.programme}/{app.direction}"].assess(app)
        row = batch.row(index)
        assert row["application_id"] == app.id
        assert row["eligible_spend"] == scalar.eligible_spend
        assert row["award_base"] == scalar.award_base
        assert row["award_before_cap"] == scalar.award_before_cap
        assert row["award_if_eligible"] == scalar.award_if_eligible
        assert row["cap_applied"] == scalar.cap_applied
        codes = {f.code for f in scalar.findings}
        assert row["minimum_met"] == (Code.MIN_INVESTMENT_MET in codes)
        assert row["minimum_met"] != (Code.BELOW_MIN_INVESTMENT in codes)


@settings(max_examples=2000)
@given(apps=populations())
def test_batch_equals_scalar_for_any_generated_population(apps) -> None:  # type: ignore[no-untyped-def]
    assert_same_as_scalar(apps)


def test_batch_equals_scalar_on_every_invoice_based_example() -> None:
    apps = [a for a in example_applications() if f"{a.programme}/{a.direction}" in INVOICE_BASED]
    assert len(apps) >= 20
    assert_same_as_scalar(apps)


def test_batch_follows_a_reform_exactly_as_the_scalar_engine() -> None:
    reform = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万", "doumen_2023.direction_3.rate": "40%"}).rules()
    apps = list(example_applications("doumen-2023"))
    assert_same_as_scalar(apps, reform)
    result = evaluate(Population.from_applications(apps, reform), reform)
    assert result.row(0)["award_if_eligible"] == Money.from_wan(120)


def test_every_invoice_based_direction_compiles() -> None:
    for rules in INVOICE_BASED.values():
        compiled = compile_rules(rules)
        assert compiled.rate_denominator > 0
        assert compiled.counted & ~((1 << len(CATEGORY_CODES)) - 1) == 0


def test_the_project_family_is_refused_clearly() -> None:
    app = next(a for a in example_applications() if a.programme == "zhongshan-2025")
    with pytest.raises(ValueError, match="not an invoice-based direction"):
        Population.from_applications([app])


def one_invoice(amount_fen: int, rules_ref: str = "doumen-2023/direction_1") -> Population:
    rules = get(rules_ref)
    day = rules.window.value.start.toordinal()
    return Population(
        ids=("X",), refs=(rules_ref,), direction=np.zeros(1, dtype=np.int32),
        invoice_owner=np.zeros(1, dtype=np.int64), invoice_day=np.asarray([day]),
        invoice_category=np.asarray([CATEGORY_CODES[Category.SOFTWARE]]), invoice_amount=np.asarray([amount_fen]),
        invoice_scenario=np.zeros(1, dtype=bool), invoice_from_applicant=np.ones(1, dtype=bool),
        invoice_listed=np.zeros(1, dtype=bool), contract_owner=np.zeros(0, dtype=np.int64),
        contract_amount=np.zeros(0, dtype=np.int64), contract_listed=np.zeros(0, dtype=bool),
    )


def test_amounts_up_to_ten_to_the_twelve_yuan_are_exact() -> None:
    no_cap = {"doumen-2023/direction_1": evolve(get("doumen-2023/direction_1"), cap=evolve(get("doumen-2023/direction_1").cap, value=Money.from_fen(MAX_INVOICE_FEN)))}
    result = evaluate(one_invoice(MAX_INVOICE_FEN - 1), no_cap)
    assert int(result.eligible_spend[0]) == MAX_INVOICE_FEN - 1
    assert int(result.award_before_cap[0]) == (3 * (MAX_INVOICE_FEN - 1) + 5) // 10  # 30%, half-up
    with pytest.raises(OverflowError, match="invoice_amount"):
        one_invoice(MAX_INVOICE_FEN + 1)


def test_a_rate_that_would_overflow_int64_is_refused_not_wrapped() -> None:
    rules = get("doumen-2023/direction_1")
    odd = evolve(rules, rate=evolve(rules.rate, value=Ratio.parse("999999999/1000000000")))
    pop = one_invoice(MAX_INVOICE_FEN)
    with pytest.raises(OverflowError, match="does not fit in int64"):
        evaluate(pop, {"doumen-2023/direction_1": odd})


def test_columns_of_the_wrong_length_name_the_column() -> None:
    pop = one_invoice(100)
    with pytest.raises(ValueError, match="invoice_day: 2 rows: expected 1"):
        Population(**{**pop.__dict__, "invoice_day": np.asarray([1, 2])})
    with pytest.raises(ValueError, match="invoice_owner: indexes outside"):
        Population(**{**pop.__dict__, "invoice_owner": np.asarray([3])})


def test_explain_reruns_the_scalar_engine_for_chosen_applicants() -> None:
    apps = [a for a in example_applications("doumen-2023") if a.direction == "direction_1"]
    result = evaluate(Population.from_applications(apps))
    explained = result.explain(apps, ["DM23-D1-03"])
    assert explained["DM23-D1-03"].failures[0].code is Code.BELOW_MIN_INVESTMENT
    assert result.total() == sum((Money.from_fen(int(v)) for v, m in zip(result.award_if_eligible, result.minimum_met, strict=True) if m), Money.from_fen(0))
