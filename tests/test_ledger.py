"""The ledger of awards: a typed, immutable history that history-dependent rules read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.ledger import Ledger, LedgerEntry, Payment
from subsidycalc.models import FundingLevel
from subsidycalc.money import Money
from subsidycalc.policies import doumen_2023_guide as doumen
from subsidycalc.registry import assess
from tests.factories import APPLICANT_CODE, build, passing


def entry(level: str = "city", project: str = "PRJ-direction_1", **changes: object) -> LedgerEntry:
    values: dict[str, object] = {
        "programme": "珠海市5G应用示范",
        "item": "demo",
        "level": level,
        "enterprise": APPLICANT_CODE,
        "project_id": project,
        "year": 2023,
        "awarded": "50万",
    }
    values.update(changes)
    return LedgerEntry.model_validate(values)


class TestPriorFundingFromTheLedger:
    def test_a_recorded_city_award_for_the_same_project_bars_direction_1(self) -> None:
        """「已获得过省级、市级、区级财政支持的不得重复申报」, read from the ledger."""
        app = build(passing("direction_1"))
        assert assess(app).eligible
        result = assess(app, Ledger().record(entry()))
        assert {f.code for f in result.failures} == {"PRIOR_FUNDING"}
        assert result.failures[0].subject == "ledger[珠海市5G应用示范/demo/2023]"

    def test_national_awards_and_other_projects_do_not_bar(self) -> None:
        ledger = Ledger().record(entry(level="national")).record(entry(project="OTHER"))
        assert assess(build(passing("direction_1")), ledger).eligible

    def test_directions_without_the_bar_ignore_the_ledger(self) -> None:
        ledger = Ledger().record(entry(project="PRJ-direction_4"))
        assert doumen.DIRECTION_4.assess(build(passing("direction_4")), ledger).eligible


class TestEntries:
    def test_what_is_held_is_payments_less_claw_backs(self) -> None:
        held = entry(
            awarded="100万",
            payments=[{"label": "第一次拨付（30%）", "amount": "30万", "paid_on": "2024-01-10"}],
            clawed_back="30万",
        )
        assert held.paid == Money(0)

    def test_payments_beyond_the_award_are_refused(self) -> None:
        with pytest.raises(ValueError, match="more than the award"):
            entry(awarded="10万", payments=[Payment(label="一次性", amount=Money.from_wan(11))])

    def test_a_claw_back_beyond_what_was_paid_is_refused(self) -> None:
        with pytest.raises(ValueError, match="exceeds what was paid"):
            entry(clawed_back="1")

    def test_the_ledger_round_trips_through_json(self) -> None:
        ledger = Ledger().record(entry()).record(entry(level="province", year=2024))
        assert Ledger.model_validate_json(ledger.model_dump_json()) == ledger


@given(st.lists(st.tuples(st.sampled_from(list(FundingLevel)), st.integers(2022, 2025), st.integers(0, 10**10)), max_size=20))
def test_totals_are_the_sum_of_what_the_filters_select(records: list[tuple[FundingLevel, int, int]]) -> None:
    ledger = Ledger()
    for level, year, fen in records:
        ledger = ledger.record(entry(level=level.value, year=year, awarded=str(Money(fen).to_yuan())))
    for year in (2022, 2023, 2024, 2025):
        expected = sum(fen for _, y, fen in records if y == year)
        assert ledger.total(enterprise=APPLICANT_CODE, year=year) == Money(expected)
    city = frozenset({FundingLevel.CITY})
    assert ledger.total(levels=city) == Money(sum(fen for level, _, fen in records if level is FundingLevel.CITY))
