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
    assert "合计：47 项申请，31 项符合条件" in text
    assert "第3名，方向一限额2个，未获支持" in text
    assert "总计：37,240,000.00元" in text
    assert "斗门2023指南、韶关试点指南、广东2022集群试点、中山数字化措施、广东2020集群方案" in text
    assert text.count("结论：") == 47
    assert "〔专题十九 方向三 2.支持方式〕" in text


def test_demo_json_has_the_assessments_and_the_allocation() -> None:
    code, text = run("demo", "--json")
    data = json.loads(text)
    assert code == 0
    assert len(data["assessments"]) == 47
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
    assert json.loads(text)[0]["award"] == "0.00"  # not final: no ledger is not "no earlier awards"
    assert "LEDGER_REQUIRED" in {f["code"] for f in json.loads(text)[0]["findings"]}
    code, text = run("assess", str(apps), "--empty-ledger", "--json")
    assert json.loads(text)[0]["award"] == "9000000.00"


class TestHostileFiles:
    """Finding 9: the CLI read 200 MB, read ``/dev/zero`` (or a symlink to it) to ``MemoryError``,
    blocked forever on a FIFO, and exited 2 on non-UTF-8 or 4,300-digit input without naming the
    file. Every file is now refused before it is read, or read within a bound, with its name."""

    def error_of(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
        assert main(argv, io.StringIO()) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err
        return err

    def test_a_device_is_refused_before_it_is_read(self, capsys: pytest.CaptureFixture[str]) -> None:
        err = self.error_of(["assess", "/dev/zero"], capsys)
        assert "/dev/zero: (file): not a regular file" in err

    def test_a_symlink_is_followed_and_its_target_checked(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        link = tmp_path / "x.cases.yaml"
        link.symlink_to("/dev/zero")
        err = self.error_of(["check", str(link)], capsys)
        assert f"{link}: (file): not a regular file (a device, FIFO or socket) (/dev/zero)" in err

    def test_a_fifo_is_refused_without_blocking(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        import os

        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        assert "not a regular file" in self.error_of(["assess", str(fifo)], capsys)

    def test_a_folder_is_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert "a folder: expected a regular file" in self.error_of(["assess", str(tmp_path)], capsys)

    def test_a_file_over_the_limit_is_refused_unread(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        big = tmp_path / "big.json"
        with big.open("wb") as handle:  # sparse: 60 MiB of size, no data written
            handle.truncate(60 * 2**20)
        assert "62,914,560 bytes: expected at most 52,428,800 (--max-bytes)" in self.error_of(["assess", str(big)], capsys)
        small = tmp_path / "small.json"
        small.write_text(json.dumps([passing("direction_5")]), encoding="utf-8")
        err = self.error_of(["--max-bytes", "100", "assess", str(small)], capsys)
        assert f"{small}: (file): " in err
        assert "expected at most 100 (--max-bytes)" in err

    def test_a_gbk_file_is_named_with_the_byte_offset(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "gbk.json"
        path.write_bytes('{"id": "斗门"}'.encode("gbk"))
        err = self.error_of(["assess", str(path)], capsys)
        assert f"{path}: byte 8: not UTF-8 at byte 8" in err

    def test_a_utf8_file_with_a_byte_order_mark_is_read(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps([passing("direction_5")]).encode("utf-8"))
        assert main(["assess", str(path), "--json"], io.StringIO()) == 0

    def test_a_4300_digit_integer_is_named(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "digits.json"
        path.write_text('{"id": "x", "year": ' + "9" * 5000 + "}", encoding="utf-8")
        err = self.error_of(["assess", str(path)], capsys)
        assert f"{path}: (file): an integer of 5,000 digits" in err

    def test_a_duplicated_amount_is_refused_in_a_ledger_too(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        apps = tmp_path / "apps.json"
        apps.write_text(json.dumps([passing("direction_5")]), encoding="utf-8")
        ledger = tmp_path / "ledger.json"
        ledger.write_text('{"entries": [], "entries": []}', encoding="utf-8")
        err = self.error_of(["assess", str(apps), "--ledger", str(ledger)], capsys)
        assert f"{ledger}: (file): duplicate key 'entries'" in err

    def test_no_hostile_file_prints_a_traceback_in_a_real_process(self, tmp_path: Path) -> None:
        import subprocess
        import sys

        files = {
            "nul.json": b'{"id": "a\x00"}', "latin1.json": b'{"id": "\xe9"}', "deep.json": b"[" * 5000 + b"]" * 5000,
            "digits.json": b"[" + b"1" * 5000 + b"]", "empty.json": b"", "bomb.cases.yaml": b"a: &a [1]\nb: [*a, *a]\n",
        }
        for name, content in files.items():
            (tmp_path / name).write_bytes(content)
        runs = [["assess", str(tmp_path / n)] for n in files if n.endswith(".json")]
        runs += [["check", str(tmp_path / "bomb.cases.yaml")], ["assess", "/dev/zero"], ["assess", str(tmp_path)]]
        for argv in runs:
            done = subprocess.run([sys.executable, "-m", "subsidycalc.cli", *argv], capture_output=True, text=True, timeout=60)
            assert done.returncode == 2, (argv, done.stderr)
            assert "Traceback" not in done.stderr, (argv, done.stderr)
            assert argv[-1] in done.stderr, (argv, done.stderr)


def test_allocate_takes_the_round_options(tmp_path: Path) -> None:
    """``--on-duplicate-invoice``, ``--certification-ties``, ``--year`` and ``--tie-break`` reach the policy."""
    apps = tmp_path / "apps.json"
    apps.write_text(json.dumps([passing("direction_5", "A")]), encoding="utf-8")
    code, text = run("allocate", str(apps), "--json", "--on-duplicate-invoice", "report", "--year", "2024",
                     "--certification-ties", "one_place", "--tie-break", "credit_code")
    assert code == 0
    policy = json.loads(text)["policy"]
    assert (policy["on_duplicate_invoice"], policy["year"], policy["certification_ties"], policy["tie_break"]) == (
        "report", 2024, "one_place", "credit_code")
