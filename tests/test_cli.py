"""The command line: demo, assess, rules, schema; bad input exits 2 with one line per problem."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from subsidycalc.cli import main
from tests.factories import passing


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_demo_prints_the_table_the_allocation_and_every_explanation() -> None:
    code, text = run("demo")
    assert code == 0
    assert "DM23-D3-01" in text
    assert "合计：42 项申请，28 项符合条件" in text
    assert "第3名，方向一限额2个，未获支持" in text
    assert "总计：37,240,000.00元" in text
    assert "斗门2023指南、韶关试点指南、广东2022集群试点、中山数字化措施、广东2020集群方案" in text
    assert text.count("结论：") == 42
    assert "〔专题十九 方向三 2.支持方式〕" in text


def test_demo_json_has_the_assessments_and_the_allocation() -> None:
    code, text = run("demo", "--json")
    data = json.loads(text)
    assert code == 0
    assert len(data["assessments"]) == 42
    assert {r["award"] for r in data["assessments"] if r["application_id"] == "DM23-D1-01"} == {"1000000.00"}
    assert data["allocation"]["total"] == "37240000.00"


def test_allocate_with_a_budget(tmp_path: Path) -> None:
    apps = tmp_path / "apps.json"
    apps.write_text(json.dumps([passing("direction_5", "A"), passing("direction_4", "B")]), encoding="utf-8")
    code, text = run("allocate", str(apps), "--budget", "50万", "--mode", "pro_rata", "--json")
    assert code == 0
    assert json.loads(text)["total"] == "500000.00"
    code, text = run("allocate", str(apps), "--budget", "direction_4=70万", "--partial")
    assert code == 0
    assert "总计：880,000.00元" in text


def test_allocate_with_a_budget_scope_that_covers_nothing_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps = tmp_path / "apps.json"
    apps.write_text(json.dumps([passing("direction_5", "A")]), encoding="utf-8")
    assert run("allocate", str(apps), "--budget", "topic_99=1万")[0] == 2
    assert "covers no direction" in capsys.readouterr().err


def test_assess_reads_one_object_or_a_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(passing("direction_5")), encoding="utf-8")
    code, text = run("assess", str(one), "--json")
    assert code == 0
    assert json.loads(text)[0]["award"] == "180000.00"
    many = tmp_path / "many.json"
    many.write_text(json.dumps([passing("direction_5", "A"), passing("direction_4", "B")]), encoding="utf-8")
    code, text = run("assess", str(many), "--no-explain")
    assert code == 0
    assert "合计：2 项申请，2 项符合条件，奖补合计 930,000.00元" in text


def test_bad_input_exits_2_with_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = passing("direction_1")
    data["invoices"][0]["issued_on"] = "2023-02-30"
    data["invoices"][1]["amount_excl_tax"] = "-5"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _ = run("assess", str(bad))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 2
    assert err[0].startswith(f"subsidycalc: error: {bad}: invoices[0].issued_on: impossible date")
    assert "invoices[1].amount_excl_tax" in err[1]
    assert "Traceback" not in "\n".join(err)


def test_a_file_that_is_not_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run("assess", str(bad))[0] == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert run("assess", str(tmp_path / "missing.json"))[0] == 2


def test_rules_prints_every_direction_with_clauses() -> None:
    code, text = run("rules", "doumen-2023")
    assert code == 0
    assert text.count("== direction_") == 8
    assert "「最高150万元」" in text


def test_schema_describes_input_and_output() -> None:
    code, text = run("schema")
    schema = json.loads(text)
    assert code == 0
    assert set(schema) == {"application", "assessment", "allocation", "cases"}
    assert "decisions" in schema["allocation"]["properties"]
    assert "award" in schema["assessment"]["properties"]
    assert "Invoice" in json.dumps(schema["application"])


def test_assess_reads_a_ledger(tmp_path: Path) -> None:
    from subsidycalc.inputs import example_applications, example_ledger

    apps = tmp_path / "apps.json"
    factory = example_applications("zhongshan-2025")[0]
    apps.write_text(factory.model_dump_json(), encoding="utf-8")
    ledger = tmp_path / "ledger.json"
    ledger.write_text(example_ledger().model_dump_json(), encoding="utf-8")
    code, text = run("assess", str(apps), "--ledger", str(ledger), "--json")
    assert code == 0
    assert json.loads(text)[0]["award"] == "7000000.00"
    code, text = run("assess", str(apps), "--json")
    assert json.loads(text)[0]["award"] == "9000000.00"
