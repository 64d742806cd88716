"""A sixth document written as a YAML rule file beside its text, touching no other file: assessed,
allocated, batch-evaluated, listed by ``rules``, documented and covered by the contract."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from subsidycalc import catalog, contract
from subsidycalc.allocation import allocate
from subsidycalc.batch import Population, evaluate
from subsidycalc.cli import main
from subsidycalc.docs import policy_page, possible_codes, rules_text
from subsidycalc.inputs import InputError
from subsidycalc.money import Money
from subsidycalc.registry import all_directions, get, programmes
from subsidycalc.rulefile import lint, load_policy
from subsidycalc.rules import Rule
from tests.sixth_document import PROGRAMME, RULES, TEXT, applications


@pytest.fixture
def rule_file(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "xiangzhou-2026.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "xiangzhou-2026.rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    yield path
    catalog.unregister(PROGRAMME)


def test_the_sixth_document_works_end_to_end(rule_file: Path) -> None:
    policy = load_policy(rule_file)
    assert PROGRAMME in programmes()
    rules = get(f"{PROGRAMME}/direction_1")
    assert rules.invoice_based
    assert rules.cap.value == Money.from_wan(50)
    assert rules.district is None
    assert rules.integrity is None
    assert rules.deadlines is None

    # assess: 400万 × 25% = 100万, capped at 50万; a 1 分 short project fails the 300万 minimum
    apps = applications(5)
    result = rules.assess(apps[0])
    assert result.eligible
    assert result.eligible_spend == Money.from_wan(400)
    assert result.award == Money.from_wan(50)
    assert result.cap_applied
    assert "〔四、支持方式〕「每个项目最高50万元」" in result.explain()

    # allocate: quota 3 of 5 eligible, by review score
    allocation = allocate(apps)
    funded = [d.application_id for d in allocation.funded()]
    assert funded == ["XZ26-00", "XZ26-01", "XZ26-02"]
    assert allocation.total == Money.from_wan(150)

    # batch = scalar
    table = {rules.ref: rules}
    batch = evaluate(Population.from_applications(apps, table), table)
    assert [batch.row(i)["award"] for i in range(5)] == [rules.assess(a).award for a in apps]

    # rules, docs and codes
    out = io.StringIO()
    assert main(["--policy", str(rule_file), "rules", PROGRAMME], out) == 0
    assert "每年支持项目不超过3个" in out.getvalue()
    assert rules_text(PROGRAMME) in out.getvalue()
    page = policy_page(PROGRAMME)
    assert page.startswith("# 香洲区2026年数字化改造项目奖补申报指南（虚构示例）")
    assert "`BELOW_MIN_INVESTMENT`" in page
    assert possible_codes(rules) >= {contract.Code.MIN_INVESTMENT_MET, contract.Code.CAP_APPLIED}

    # the contract, over the file's own example
    examples = contract.passing_examples(rules)
    assert [a.id for a in examples] == ["XZ26-01"]
    assert [(name, problem) for name, problem in contract.check(rules, examples) if problem] == []
    assert policy.EXAMPLES
    assert f"{PROGRAMME}/direction_1" in all_directions()


def test_the_rule_file_round_trips_to_the_same_rules(rule_file: Path) -> None:
    rules = load_policy(rule_file).DIRECTIONS["direction_1"]
    assert Rule.model_validate_json(rules.model_dump_json()) == rules


def test_lint_reports_every_problem_with_its_place(rule_file: Path) -> None:
    broken = (
        RULES.replace("每个项目最高50万元}", "每个项目最高60万元}")
        .replace("[software, it_device, cloud_resource]\n        label: 可计入", "[software, robots]\n        label: 可计入")
        .replace("    quota:\n      value: 3\n", "    quota: 3\n    x_quota:\n      value: 3\n")
    )
    rule_file.write_text(broken, encoding="utf-8")
    problems = [str(p) for p in lint(rule_file)]
    assert any(p.startswith("directions.direction_1.payout.cap.citation.quote (line ") and "not found verbatim" in p for p in problems)
    assert any(p.startswith("directions.direction_1.base.counted.value[1]") and "unknown cost category" in p for p in problems)
    assert any(p.startswith("directions.direction_1.quota") for p in problems)
    with pytest.raises(InputError):
        load_policy(rule_file)
    assert PROGRAMME not in programmes()
    out = io.StringIO()
    assert main(["lint", str(rule_file)], out) == 1
    assert "not found verbatim" in out.getvalue()


def test_lint_names_an_unknown_fact(rule_file: Path) -> None:
    extra = """    conditions:
      - kind: compare
        name: benefits
        label: 可量化效益
        measure: facts.benefit_count
        op: ">="
        threshold: {value: 3, label: 效益项数, citation: {clause: 三、申报条件, quote: 项目总投资额不低于300万元（不含税）}}
examples:"""
    rule_file.write_text(RULES.replace("examples:", extra, 1), encoding="utf-8")
    problems = [str(p) for p in lint(rule_file)]
    assert any("conditions[0].measure" in p and "unknown fact" in p and "facts.quantifiable_benefits" in p for p in problems)


def test_a_clean_rule_file_lints_clean(rule_file: Path) -> None:
    assert lint(rule_file) == []
    out = io.StringIO()
    assert main(["lint", str(rule_file)], out) == 0
    assert out.getvalue().endswith(": ok\n")


def test_examples_are_optional_and_validated(rule_file: Path) -> None:
    without = RULES[: RULES.index("examples:")]
    rule_file.write_text(without, encoding="utf-8")
    assert lint(rule_file) == []
    wrong = RULES.replace("    direction: direction_1\n", "    direction: direction_9\n")
    rule_file.write_text(wrong, encoding="utf-8")
    problems = [str(p) for p in lint(rule_file)]
    assert any(p.startswith("examples[0].direction") and "unknown direction 'direction_9'" in p for p in problems)
    assert PROGRAMME not in programmes()  # validating the examples leaves no trace


def test_a_rule_file_may_not_take_a_bundled_id(rule_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule_file.write_text(RULES.replace("programme: xiangzhou-2026", "programme: doumen-2023"), encoding="utf-8")
    assert [p.path for p in lint(rule_file)] == ["programme (line 1)"]
    assert main(["--policy", str(rule_file), "rules", "doumen-2023"], io.StringIO()) == 2
    assert "is a bundled programme" in capsys.readouterr().err


def test_an_example_of_another_programme_is_refused(rule_file: Path) -> None:
    rule_file.write_text(RULES.replace("  - id: XZ26-01\n", "  - id: XZ26-01\n    programme: doumen-2023\n"), encoding="utf-8")
    assert [p.path.split(" ")[0] for p in lint(rule_file)] == ["examples[0].programme"]
