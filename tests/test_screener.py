"""The screener (``subsidycalc.screener``): every direction's answer to an enterprise's profile,
consistent with ``assess``."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from subsidycalc.cli import main
from subsidycalc.inputs import example_applications
from subsidycalc.ledger import Ledger
from subsidycalc.models import Application
from subsidycalc.money import Money
from subsidycalc.registry import get
from subsidycalc.screener import ELIGIBLE, MISSING, NOT_ELIGIBLE, SHORT, Profile, example_profiles, screen
from subsidycalc.stages import LifeStage

from .snapshot import generated

DOUMEN, ZHONGSHAN, SHAOGUAN = example_profiles()


def _profile(application: Application) -> Profile:
    data = application.model_dump(
        exclude={"programme", "direction", "review_score", "preference", "withdrawn", "decided_amount",
                 "recommendation_rank"},
        exclude_none=True,
    )
    return Profile.model_validate(data)


def _assessed(application: Application, ledger: Ledger) -> Any:
    rules = get(f"{application.programme}/{application.direction}")
    return rules.assess(application, ledger, LifeStage.APPLICATION if rules.life else None)


def test_a_minimum_not_reached_is_a_gap_in_numbers() -> None:
    """斗门 方向一 「项目总投资额不低于300万元」: 257.5万 of counted invoices is 42.5万 short; at 300万 it
    would pay 30% = 90万."""
    found = screen(DOUMEN, as_of=date(2024, 3, 1), ledger=Ledger.empty(), only=["doumen-2023"])
    answer = next(a for a in found.answers if a.direction == "direction_1")
    assert answer.status == SHORT
    assert answer.gaps == ("距方向一：推进5G在社会各行业领域的应用项目总投资额下限（300万元）还差42.5万元",)
    assert (answer.award_low, answer.award_high) == (Money(0), Money.from_wan(90))
    assert "差额可补足（1）" in found.text()


def test_an_eligible_item_states_its_award_and_a_lump_sum_its_ceiling() -> None:
    """中山 （四） 20% of 1500万 = 300万; （一） 「一次性奖励最高不超过1000万元」: from nothing decided to the ceiling."""
    found = screen(ZHONGSHAN, as_of=date(2025, 5, 1), ledger=Ledger.empty(), only=["zhongshan-2025"])
    by_key = {a.direction: a for a in found.answers}
    assert by_key["item_4"].status == ELIGIBLE
    assert (by_key["item_4"].award_low, by_key["item_4"].award_high) == (Money.from_wan(300), Money.from_wan(300))
    assert (by_key["item_1"].award_low, by_key["item_1"].award_high) == (Money(0), Money.from_wan(1000))
    assert by_key["item_5"].status == MISSING
    assert by_key["item_5"].missing


def test_exclusive_items_are_named_and_the_combination_that_pays_most_is_chosen() -> None:
    """附则（三） 「项目申报单位原则上不得以同一项目重复申报或多头申报财政资金，本政策第（一）、（二）、（三）、（八）、（十二）点除外」."""
    found = screen(ZHONGSHAN, as_of=date(2025, 5, 1), ledger=Ledger.empty(), only=["zhongshan-2025"])
    (combination,) = found.combinations
    assert ("item_4", "item_7_platform", "同一项目不得重复申报或多头申报（第（一）、（二）、（三）、（八）、（十二）点除外）") in combination.excluded
    # （二） 「已获得数字化智能化示范车间奖励的企业，入选数字化智能化示范工厂，按累计奖补的差额进行奖励」: with
    # （一）, （二） adds nothing, so the combination leaves it out
    assert combination.directions == ("item_1", "item_3", "item_7_platform")
    assert combination.award_high == Money.from_wan(1000 + 100 + 2000)


def test_without_a_ledger_a_direction_reading_history_is_missing_it() -> None:
    """As ``assess`` says: 「no earlier awards」 is stated, never assumed."""
    by_key = {a.direction: a for a in screen(ZHONGSHAN, as_of=date(2025, 5, 1), only=["zhongshan-2025"]).answers}
    assert by_key["item_1"].status == MISSING
    assert "LEDGER_REQUIRED" in by_key["item_1"].failed
    assert by_key["item_4"].status == ELIGIBLE  # its only history rule warns (SERVED_PROJECT_UNCHECKED)


def test_the_upper_end_of_a_range_stays_under_every_cap_of_the_text() -> None:
    """（六） 「单个应用企业每年奖励金额最高不超过30万元」, （五） 「单个企业获得补助总额……不超过1500万元」, （四） on
    「项目设备和软件投入总额」 (not the whole planned investment)."""
    data = ZHONGSHAN.model_dump(mode="json", exclude_none=True)
    data["project"].update(
        planned_investment="9000万", equipment_contract_amount="6000万", equipment_invoice_amount="6000万",
        service_contract_amount="100万",
    )
    data["facts"].update(cluster_chain_enterprise=True, with_smart_manufacturing_supplier=True, with_government_guarantor=True)
    found = screen(Profile.model_validate(data), as_of=date(2025, 5, 1), ledger=Ledger.empty(), only=["zhongshan-2025"])
    by_key = {a.direction: a for a in found.answers}
    assert by_key["item_6"].award_high == Money.from_wan(30)
    assert by_key["item_5"].award_high == Money.from_wan(1500)
    assert by_key["item_4"].award_high == Money.from_wan(300)


def test_a_city_policy_for_an_enterprise_registered_elsewhere_is_to_be_checked() -> None:
    """中山's measures for a 斗门 firm: 「助推中山制造业高质量发展」 states no place of registration."""
    found = screen(DOUMEN, as_of=date(2025, 5, 1), ledger=Ledger.empty(), only=["zhongshan-2025"])
    item_1 = next(a for a in found.answers if a.direction == "item_1")
    assert item_1.status == ELIGIBLE
    assert any(g.startswith("需核实：申报单位注册于广东省珠海市斗门区") for g in item_1.gaps)
    at_home = screen(ZHONGSHAN, as_of=date(2025, 5, 1), ledger=Ledger.empty(), only=["zhongshan-2025"])
    assert not any(g.startswith("需核实") for a in at_home.answers for g in a.gaps)


def test_a_staged_pilot_is_screened_at_application_and_lists_what_comes_later() -> None:
    """韶关 「在培育期满前，实现以下指标」: the indicators are for 试点认定, not for the application."""
    found = screen(SHAOGUAN, as_of=date(2024, 3, 1), only=["shaoguan-2023"])
    (answer,) = found.answers
    assert answer.status == ELIGIBLE
    assert answer.later
    assert answer.award_high == Money.from_wan(100)  # 30% of the planned 400万 is 120万, over the 100万 cap
    assert "计划投资" not in "".join(answer.gaps)


def test_out_of_period_is_not_eligible_with_the_reason() -> None:
    """韶关 「2023年至2024年」: screened in 2025 the pilot is out of its years."""
    (answer,) = screen(SHAOGUAN, as_of=date(2025, 3, 1), only=["shaoguan-2023"]).answers
    assert answer.status == NOT_ELIGIBLE
    assert "YEAR_OUT_OF_SCOPE" in answer.failed


@pytest.mark.parametrize("application", example_applications(), ids=lambda a: a.id)
def test_each_example_application_as_a_profile_gets_the_answer_assess_gives(application: Application) -> None:
    ledger = Ledger.empty()
    answer = next(
        a for a in screen(_profile(application), as_of=date(2024, 1, 1), ledger=ledger, only=[application.programme]).answers
        if a.direction == application.direction
    )
    assessed = _assessed(application, ledger)
    assert (answer.status == ELIGIBLE) == assessed.eligible
    if assessed.eligible:
        assert answer.award_low <= assessed.award <= answer.award_high


def test_over_generated_applications_an_eligible_answer_is_assessed_eligible_inside_its_range() -> None:
    """The property of the issue: an application built from an 'eligible now' answer is assessed
    eligible with an award inside the stated range — over the examples and their mutants."""
    checked = 0
    ledger = Ledger.empty()
    for data, _ in generated()[::7]:
        try:
            application = Application.model_validate(data)
            profile = _profile(application)
        except ValueError:
            continue
        for answer in screen(profile, as_of=date(2024, 1, 1), ledger=ledger, only=[application.programme]).answers:
            if answer.status != ELIGIBLE:
                continue
            assert answer.application is not None
            again = _assessed(answer.application, ledger)
            assert again.eligible
            assert answer.award_low <= again.award <= answer.award_high
            checked += 1
    assert checked > 200


def test_the_cli_screens_the_bundled_examples_and_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["screen", "--as-of", "2024-03-01", "--programme", "doumen-2023", "--empty-ledger"], out) == 0
    assert "还差42.5万元" in out.getvalue()
    out = io.StringIO()
    assert main(["screen", "--as-of", "2025-05-01", "--json", "--programme", "zhongshan-2025", "--empty-ledger"], out) == 0
    found = json.loads(out.getvalue())
    assert [s["enterprise"] for s in found] == [p.enterprise.name for p in example_profiles()]
    assert next(a for a in found[1]["answers"] if a["direction"] == "item_4")["award_high"] == "3000000.00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"enterprise": {"name": "x"}, "project": {"id": "P", "name": "p"}}), encoding="utf-8")
    assert main(["screen", str(bad), "--as-of", "2024-03-01"], io.StringIO()) == 2
    assert "enterprise.credit_code" in capsys.readouterr().err
