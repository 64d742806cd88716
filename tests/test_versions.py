"""Versions of a policy's rules (``subsidycalc.versions``): in force when, what changed, what it does."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from subsidycalc.citations import Citation
from subsidycalc.cli import main
from subsidycalc.inputs import InputError, example_applications
from subsidycalc.ledger import Ledger
from subsidycalc.money import Money
from subsidycalc.periods import Effective
from subsidycalc.registry import directions, programmes
from subsidycalc.rules import evolve
from subsidycalc.scenarios import Recited, ScenarioError, compare
from subsidycalc.versions import (
    Version,
    current,
    derive,
    diff,
    load_version,
    register,
    registered,
    rules_for,
    version,
    versions,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "subsidycalc" / "data" / "version-example"
FINAL = EXAMPLE / "zhongshan-2025-final.version.yaml"


@pytest.fixture
def final() -> Version:
    return load_version(FINAL)


@pytest.mark.parametrize("programme", programmes())
def test_every_registered_policy_is_its_version_1_and_equal_to_itself(programme: str) -> None:
    v1 = current(programme)
    assert v1.version == "1"
    assert dict(v1.directions) == dict(directions(programme))
    assert diff(v1, v1).changes == ()
    assert version(programme).name == version(f"{programme}@1").name == f"{programme}@1"


def test_the_example_final_text_changes_three_values_each_with_its_new_clause(final: Version) -> None:
    found = diff(current("zhongshan-2025"), final)
    values = {(c.direction, c.path): (c.before, c.after) for c in found.changes if c.cited}
    assert values == {
        ("item_1", "payout.cap"): ("1000万元（10,000,000.00元）", "800万元（8,000,000.00元）"),
        ("item_2", "quota"): ("15", "20"),
        ("item_4", "payout.rate"): ("20%", "15%"),
    }
    for change in (c for c in found.changes if c.cited):
        assert change.citation_after is not None
        assert change.citation_after.document == "zhongshan-2025@final-example"
        assert change.citation_before is not None
        assert change.citation_before.document == "zhongshan-2025"
    assert {c.direction for c in found.changes if not c.cited} == {"document", "effective"}
    assert final.effective == Effective(
        start=date(2025, 7, 1), end=date(2025, 12, 31),
        citation=Citation(document="zhongshan-2025@final-example", clause="正文末", quote="自2025年7月1日起施行，有效期至2025年12月31日"),
    )
    assert "[changed] item_1.payout.cap（示范工厂最高奖励）" in found.text()


def test_the_two_versions_coexist_and_the_day_decides(final: Version) -> None:
    """征求意见稿 to 2025-12-31 from no fixed day; the (example) final text from 2025-07-01: a later
    text supersedes an open-ended earlier one."""
    assert rules_for("zhongshan-2025", date(2025, 6, 30)).version == "1"
    with registered(final):
        assert [v.version for v in versions("zhongshan-2025")] == ["1", "final-example"]
        assert rules_for("zhongshan-2025", date(2025, 6, 30)).version == "1"
        assert rules_for("zhongshan-2025", date(2025, 7, 1)).version == "final-example"
        assert version("zhongshan-2025@final-example") is final
        with pytest.raises(LookupError, match="no version of zhongshan-2025 is in force on 2026-01-01"):
            rules_for("zhongshan-2025", date(2026, 1, 1))
    assert [v.version for v in versions("zhongshan-2025")] == ["1"]


def test_a_guide_for_two_years_is_in_force_in_them_only() -> None:
    """韶关 「2023年至2024年」; 斗门 fixes no period: any day."""
    assert rules_for("shaoguan-2023", date(2024, 12, 31)).version == "1"
    with pytest.raises(LookupError, match="shaoguan-2023@1: 自2023年1月1日至2024年12月31日"):
        rules_for("shaoguan-2023", date(2025, 1, 1))
    assert rules_for("doumen-2023", date(2030, 1, 1)).version == "1"


def test_registering_refuses_a_taken_label_and_a_second_version_from_the_same_day(final: Version) -> None:
    with registered(final):
        with pytest.raises(ValueError, match="is registered already"):
            register(final)
        same_day = dataclasses.replace(final, version="other")
        with pytest.raises(ValueError, match="starts when zhongshan-2025@final-example starts"):
            register(same_day)


def test_compare_runs_the_same_applications_under_both(final: Version) -> None:
    apps = example_applications("zhongshan-2025")
    result = compare(current("zhongshan-2025"), final, apps, ledger=Ledger.empty())
    changed = {d.application_id: (d.baseline, d.reform) for d in result.changed()}
    assert changed == {
        "ZS25-01": (Money.from_wan(900), Money.from_wan(800)),  # a 900万 decided amount over the new 800万 cap
        "ZS25-02": (Money.from_wan(400), Money.from_wan(300)),  # 20% → 15% of 2000万
    }
    assert result.total_delta == Money.from_wan(-200)
    app = next(a for a in apps if a.id == "ZS25-02")
    assert final.assess(app, Ledger.empty()).award == Money.from_wan(300)


def test_a_changed_cited_value_must_cite_its_new_text() -> None:
    v1 = current("zhongshan-2025")
    with pytest.raises(ScenarioError, match="keeps the clause of zhongshan-2025@1"):
        derive(v1, version="2", changes={"item_1.cap": "800万"})
    cited = Citation(document="zhongshan-2025@2", clause="（一）", quote="最高不超过800万元")
    made = derive(v1, version="2", changes={"item_1.cap": Recited("800万", cited)})
    assert made.directions["item_1"].cap is not None
    assert made.directions["item_1"].cap.citation == cited
    with pytest.raises(ScenarioError, match="is not a cited value"):
        derive(v1, version="2", changes={"item_1.topic": Recited("x", cited)})


def test_a_removed_condition_a_removed_direction_and_a_changed_comparison_are_listed() -> None:
    v1 = current("doumen-2023")
    rules = v1.directions["direction_4"]
    first, *rest = rules.conditions
    changed = dict(v1.directions)
    changed["direction_4"] = evolve(rules, conditions=tuple(rest))
    del changed["direction_6_appliance"]
    found = diff(v1, dataclasses.replace(v1, version="2", directions=changed)).changes
    assert {(c.direction, c.path, c.kind) for c in found} == {
        ("direction_4", f"conditions[{first.name}]", "removed"),
        ("direction_6_appliance", "", "removed"),
    }
    assert all(c.citation_before is not None and c.citation_after is None for c in found)
    strict = derive(v1, version="3", changes={"direction_4.conditions.efficiency_or_cost.cost_reduction.op": ">"})
    (change,) = diff(v1, strict).changes
    assert (change.path, change.before, change.after, change.cited) == (
        "conditions[efficiency_or_cost].rules[cost_reduction].op", ">=", ">", False,
    )
    assert change.citation_before == change.citation_after is not None  # the clause around it


def test_a_version_file_with_a_quote_not_in_its_text_is_refused_naming_the_field(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "zhongshan-2025-final-example.txt", tmp_path)
    text = FINAL.read_text(encoding="utf-8").replace("最高不超过800万元", "最高不超过900万元")
    bad = tmp_path / "bad.version.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"changes\.item_1\.cap\.quote: not found verbatim"):
        load_version(bad)
    bad.write_text(FINAL.read_text(encoding="utf-8").replace('based_on: "1"', 'based_on: "7"'), encoding="utf-8")
    with pytest.raises(InputError, match="based_on: no version '7' of zhongshan-2025"):
        load_version(bad)
    bad.write_text(FINAL.read_text(encoding="utf-8").replace("item_2.quota", "item_2.quotum"), encoding="utf-8")
    with pytest.raises(InputError, match=r"changes\.item_2\.quotum: no field 'quotum'"):
        load_version(bad)


def test_the_cli_lists_the_changes_and_compares_applications(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    apps = str(Path(__file__).resolve().parents[1] / "src" / "subsidycalc" / "data" / "zhongshan_2025_examples.json")
    assert main(["diff", "zhongshan-2025@1", str(FINAL), "--applications", apps, "--empty-ledger"], out) == 0
    text = out.getvalue()
    assert "zhongshan-2025@1 → zhongshan-2025@final-example：" in text
    assert "差额 -2,000,000.00元" in text
    out = io.StringIO()
    assert main(["diff", "zhongshan-2025", str(FINAL), "--json"], out) == 0
    assert len([c for c in json.loads(out.getvalue())["diff"]["changes"] if c["cited"]]) == 3
    assert main(["diff", "zhongshan-2025@9", "zhongshan-2025"], io.StringIO()) == 2
    assert "no version '9' of zhongshan-2025" in capsys.readouterr().err
