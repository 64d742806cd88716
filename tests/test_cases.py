"""Policy case files: the runner, its readable report, ``subsidycalc check``, the schema, the plugin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from subsidycalc.cases import Case, case_file_schema, load_case_file, run_case, run_case_file
from subsidycalc.cli import main
from subsidycalc.inputs import InputError, example_applications
from subsidycalc.money import Money

CASES = Path(__file__).parent / "cases"
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "case-format.schema.json"

GOOD = """\
cases:
  - name: 方向一：400万元×30%=120万元，按最高100万元
    clause: 且最高100万元奖励
    application: {example: DM23-D1-01}
    expect: {eligible: true, award: 100万, cap_applied: true}
"""

# Deliberately wrong: the award, a reason code that is not there, and the funded list.
WRONG = """\
cases:
  - name: 错误的金额
    clause: 且最高100万元奖励
    application: {example: DM23-D1-01}
    expect: {award: 120万, codes: [CAP_APPLIED]}
  - name: 错误的名单
    clause: 每年支持的示范项目数原则上不超过2个
    applications: [{example: DM23-D1-01}, {example: DM23-D1-02}, {example: DM23-D1-06}]
    expect: {funded: [DM23-D1-01, DM23-D1-06]}
"""


def write(tmp_path: Path, text: str, name: str = "x.cases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def case(**fields: object) -> Case:
    base: dict[str, object] = {
        "name": "t",
        "clause": "且最高100万元奖励",
        "application": {"example": "DM23-D1-01"},
        "expect": {},
    }
    return Case.model_validate(base | fields)


def test_a_true_case_passes(tmp_path: Path) -> None:
    [result] = run_case_file(write(tmp_path, GOOD))
    assert result.passed
    assert result.report().startswith("✓ 方向一")


def test_wrong_cases_fail_with_a_readable_diff(tmp_path: Path) -> None:
    amount, funded = run_case_file(write(tmp_path, WRONG))
    assert not amount.passed
    assert not funded.passed
    report = amount.report()
    assert "奖补金额 award (DM23-D1-01): 期望 expected 1,200,000.00元（120万元） ≠ 实际 actual 1,000,000.00元（100万元）" in report
    assert "结论代码 reason codes" in report
    assert "多出 unexpected" not in report
    assert "缺少 missing: CAP_APPLIED〈按最高额度封顶〉" in report
    assert "依据 clause: 〔doumen-2023〕「且最高100万元奖励」" in report
    report = funded.report()
    assert "获支持名单 funded (allocation): 期望 expected DM23-D1-01、DM23-D1-06 ≠ 实际 actual DM23-D1-01、DM23-D1-02" in report
    assert "DM23-D1-06: 超出限额" in report  # why the expected one was not funded
    assert "DM23-D1-02: 未列入 not expected" in report


def test_a_clause_that_is_not_in_the_text_is_an_error() -> None:
    result = run_case(case(clause="最高不超过120万元"))
    assert not result.passed
    assert "clause 「最高不超过120万元」 does not occur in 斗门2023指南" in result.errors[0]


def test_a_clause_is_matched_verbatim_apart_from_whitespace() -> None:
    assert run_case(case(clause="且最高 100万元\n奖励")).passed
    assert not run_case(case(clause="且最高100万元奖金")).passed


def test_a_clause_may_name_another_document() -> None:
    result = run_case(case(clause={"document": "zhongshan-2025", "quote": "且最高100万元奖励"}))
    assert "does not occur in" in result.errors[0]


def test_unknown_example_and_invalid_changes_are_errors_not_crashes() -> None:
    result = run_case(case(application={"example": "NOPE"}))
    assert "no bundled example 'NOPE'" in result.errors[0]
    result = run_case(case(application={"example": "DM23-D1-01", "changes": {"direction": "direction_9"}}))
    assert "not a valid application" in result.errors[0]
    assert "direction_9" in result.errors[0]


def test_changes_merge_mappings_replace_lists_and_null_removes() -> None:
    result = run_case(
        case(
            application={
                "example": "DM23-D1-01",
                "changes": {"enterprise": {"name": "改名有限公司"}, "documents": None},
            },
            expect={"codes": ["DOCUMENTS_NOT_CHECKED"]},
        )
    )
    assert result.passed, result.report()
    assert result.assessments[0].enterprise == "改名有限公司"
    assert result.assessments[0].credit_code == "91440403AY4CL12TH3"  # the rest of the mapping kept


def test_a_scenario_changes_the_rules_for_that_case_only() -> None:
    reform = case(scenario={"doumen_2023.direction_1.cap": "120万"}, expect={"award": "120万"})
    assert run_case(reform).passed
    assert run_case(case(expect={"award": "100万"})).passed
    bad = run_case(case(scenario={"doumen_2023.direction_1.kap": "120万"}))
    assert "no field 'kap'" in bad.errors[0]


def test_stages_are_compared_tranche_by_tranche() -> None:
    ok = {"name": "s", "clause": {"quote": "试点期满后，评估合格及以上的，按不超过扶持总额的70%予以奖补支持", "document": "guangdong-2022"}}
    ok["application"] = {"example": "GD22-02"}
    ok["expect"] = {"stages": [{"amount": "600万", "payable": True}, {"amount": "1400万", "payable": True}]}
    result = run_case(Case.model_validate(ok))
    assert "第2期 stage 2（试点期满评估合格及以上） 可拨付 payable (GD22-02): 期望 expected 是 yes ≠ 实际 actual 否 no" in result.report()


def test_the_input_shape_is_checked_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="exactly one of 'application'"):
        case(applications=[{"example": "DM23-D1-01"}])
    with pytest.raises(ValueError, match="allocation expectations"):
        Case.model_validate(
            {"name": "t", "clause": "x", "applications": [{"example": "A"}], "expect": {"award": "1"}}
        )
    path = write(tmp_path, "cases:\n  - name: t\n    clause: x\n    expect: {awrd: 1}\n")
    with pytest.raises(InputError) as caught:
        load_case_file(path)
    assert any("cases[0]" in line for line in caught.value.lines())


def test_yaml_decimals_and_dates_stay_exact() -> None:
    path = CASES / "doumen-2023-guide.rules.cases.yaml"
    loaded = load_case_file(path)
    first = loaded.cases[0].application
    assert first is not None
    assert not isinstance(first, dict)
    assert first.changes["invoices"][0]["issued_on"] == "2023-01-01"  # text, parsed by the model


def test_yaml_reads_invoice_numbers_and_names_as_text(tmp_path: Path) -> None:
    """YAML 1.1 would read 00123456 as the octal 42798, No as False and 12:30 as 750."""
    text = (
        "cases:\n  - name: t\n    clause: 项目总投资额不低于300万元\n    application:\n      example: DM23-D1-01\n"
        "      changes:\n        invoices:\n          - {number: 00123456, supplier: No, issued_on: 2023-05-01,"
        " amount_excl_tax: 400万, category: software, description: 12:30}\n    expect: {eligible: true}\n"
    )
    loaded = load_case_file(write(tmp_path, text))
    application = loaded.cases[0].application
    assert application is not None
    assert not isinstance(application, dict)
    invoice = application.changes["invoices"][0]
    assert (invoice["number"], invoice["supplier"], invoice["description"]) == ("00123456", "No", "12:30")
    assert loaded.cases[0].expect.eligible is True  # true stays a boolean, 1 an integer


def test_yaml_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_case_file(write(tmp_path, "cases:\n  - name: [unclosed\n"))
    assert "x.cases.yaml: line 3 column 1: not valid YAML" in caught.value.lines()[0]


def test_json_case_files_run_too(tmp_path: Path) -> None:
    data = {
        "cases": [
            {
                "name": "json",
                "clause": "且最高100万元奖励",
                "application": example_applications("doumen-2023")[0].model_dump(mode="json"),
                "expect": {"award": "100万"},
            }
        ]
    }
    [result] = run_case_file(write(tmp_path, json.dumps(data, ensure_ascii=False), "x.cases.json"))
    assert result.passed, result.report()
    assert result.assessments[0].award == Money.from_wan(100)


@pytest.mark.parametrize(
    ("text", "code"), [(GOOD, 0), (WRONG, 1), ("cases: []\n", 2)], ids=["good", "wrong", "malformed"]
)
def test_check_command_exit_codes(tmp_path: Path, text: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["check", str(write(tmp_path, text))], out) == code
    if code == 1:
        assert "2 个案例 cases: 0 通过 passed, 2 未通过 failed" in out.getvalue()
        assert "期望 expected" in out.getvalue()
    if code == 2:
        assert "cases" in capsys.readouterr().err


def test_check_command_searches_folders_and_explains(tmp_path: Path) -> None:
    write(tmp_path, WRONG)
    out = io.StringIO()
    assert main(["check", "--quiet", "--explain", str(tmp_path)], out) == 1
    assert "条件核对：" in out.getvalue()  # the engine's full explanation of the failed case
    assert main(["check", str(CASES)], io.StringIO()) == 0


def test_every_bundled_case_file_validates_against_the_published_schema() -> None:
    schema = case_file_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    import yaml

    from subsidycalc.cases import _loader

    files = sorted(CASES.glob("*.cases.yaml"))
    assert len(files) >= 6
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
        jsonschema.validate(data, schema)


def test_the_schema_rejects_what_the_models_reject() -> None:
    schema = case_file_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"cases": [{"name": "t", "clause": "x", "expect": {"awrd": "1"}}]}, schema)


def test_the_committed_schema_is_current() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == case_file_schema(), "run: subsidycalc schema cases > docs/case-format.schema.json"


def test_the_plugin_collects_the_same_suffixes_as_the_runner() -> None:
    from subsidycalc import pytest_plugin
    from subsidycalc.cases import CASE_SUFFIXES

    assert pytest_plugin._SUFFIXES == CASE_SUFFIXES  # kept apart so the plugin imports nothing heavy


def test_the_plugin_collects_and_runs_case_files(pytester: pytest.Pytester) -> None:
    pytester.makefile(".cases.yaml", good=GOOD, wrong=WRONG)
    result = pytester.runpytest("-rf")  # found through the pytest11 entry point
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*奖补金额 award (DM23-D1-01): 期望 expected 1,200,000.00元*", "*获支持名单 funded*"])


def test_the_plugin_reports_a_malformed_file_readably(pytester: pytest.Pytester) -> None:
    pytester.makefile(".cases.yaml", bad="cases:\n  - name: t\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*malformed case file:*", "*bad.cases.yaml: cases?0?.clause: Field required"])
