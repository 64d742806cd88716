"""Spreadsheets in and out: template → filled workbook → the same assessment as the JSON; bad cells by address."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from subsidycalc.cli import main
from subsidycalc.inputs import InputError, example_applications
from subsidycalc.models import Application
from subsidycalc.spreadsheets import read_workbook, template_application, template_workbook


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def _example(app_id: str) -> Application:
    return next(a for a in example_applications() if a.id == app_id)


def _columns(sheet: Any) -> dict[str, int]:
    """Column index by the English field name at the end of each header."""
    return {str(c.value).split()[-1]: c.column for c in sheet[1] if c.value}


def _dig(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _cell(value: Any) -> Any:
    """A JSON value as a person would type it: lists joined by 、, dates as real Excel dates."""
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return value


def fill(template: Path, apps: list[Application], target: Path) -> None:
    """Fill a template workbook with openpyxl from applications, through the headers only."""
    book = openpyxl.load_workbook(template)
    sheet = book["申请单位"]
    columns = _columns(sheet)
    for row, app in enumerate(apps, start=2):
        data = app.model_dump(mode="json", exclude_defaults=True)
        data["programme"], data["direction"] = app.programme, app.direction
        for path, column in columns.items():
            value = _dig(data, path)
            if path == "review_score" and value is not None:
                value = int(value) if value.isdigit() else value  # a number cell
            if value is not None:
                sheet.cell(row, column, _cell(value))
    for name, field in (("发票", "invoices"), ("合同", "contracts")):
        sheet = book[name]
        columns = _columns(sheet)
        row = 2
        for app in apps:
            for item in app.model_dump(mode="json", exclude_defaults=True).get(field, []):
                sheet.cell(row, columns["application_id"], app.id)
                for key, value in item.items():
                    sheet.cell(row, columns[key], _cell(value))
                row += 1
    sheet = book["事实"]
    columns = _columns(sheet)
    for app in apps:  # the facts of other directions: columns added as a person would
        for key in app.facts.model_dump(exclude_defaults=True):
            if f"facts.{key}" not in columns:
                columns[f"facts.{key}"] = sheet.max_column + 1
                sheet.cell(1, sheet.max_column + 1, f"事实 facts.{key}")
    for row, app in enumerate(apps, start=2):
        sheet.cell(row, columns["application_id"], app.id)
        for key, value in app.facts.model_dump(mode="json", exclude_defaults=True).items():
            sheet.cell(row, columns[f"facts.{key}"], value)
    book.save(target)


@pytest.fixture
def direction_1(tmp_path: Path) -> Path:
    template = tmp_path / "template.xlsx"
    assert _run("template", "doumen-2023/direction_1", "--xlsx", str(template))[0] == 0
    return template


class TestTemplate:
    def test_the_template_has_the_four_sheets_with_chinese_and_english_headers(self, direction_1: Path) -> None:
        book = openpyxl.load_workbook(direction_1)
        assert book.sheetnames[:4] == ["申请单位", "发票", "合同", "事实"]
        headers = [c.value for c in book["发票"][1]]
        assert "发票号码 number" in headers
        assert "不含税金额 amount_excl_tax" in headers

    def test_the_facts_sheet_has_one_column_per_fact_the_direction_reads_with_its_clause(
        self, direction_1: Path
    ) -> None:
        sheet = openpyxl.load_workbook(direction_1)["事实"]
        names = sorted(str(c.value).split()[-1] for c in sheet[1])
        assert names == ["application_id", "facts.has_showcase", "facts.in_fixed_asset_statistics",
                         "facts.quantifiable_benefits"]
        comments = {str(c.value).split()[-1]: c.comment.text for c in sheet[1] if c.comment}
        assert "专题十八" in comments["facts.quantifiable_benefits"]

    def test_categories_and_yes_no_facts_have_drop_down_lists(self, direction_1: Path) -> None:
        book = openpyxl.load_workbook(direction_1)
        invoice_lists = [v.formula1 for v in book["发票"].data_validations.dataValidation]
        assert any(f.startswith("选项!") for f in invoice_lists)
        options = book["选项"]
        assert options.sheet_state == "hidden"
        assert "device_5g 与5G应用相关的设备" in [c.value for c in options["A"]]
        assert '"是,否"' in [v.formula1 for v in book["事实"].data_validations.dataValidation]

    def test_only_the_project_amounts_the_direction_reads_are_columns(self, tmp_path: Path) -> None:
        template_workbook("zhongshan-2025/item_4", tmp_path / "z.xlsx")
        headers = _columns(openpyxl.load_workbook(tmp_path / "z.xlsx")["申请单位"])
        assert "project.equipment_software_investment" in headers
        assert "project.service_contract_amount" not in headers

    def test_without_xlsx_it_prints_the_minimal_json_application_of_the_direction(self) -> None:
        code, out = _run("template", "doumen-2023/direction_1")
        assert code == 0
        found = json.loads(out)
        assert found == template_application("doumen-2023/direction_1")
        assert (found["programme"], found["direction"]) == ("doumen-2023", "direction_1")
        assert sorted(found["facts"]) == ["has_showcase", "in_fixed_asset_statistics", "quantifiable_benefits"]

    def test_an_unknown_direction_is_an_input_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert _run("template", "doumen-2023/direction_9")[0] == 2
        assert "unknown direction 'direction_9'" in capsys.readouterr().err


class TestRoundTrip:
    def test_a_filled_workbook_gives_exactly_the_assessment_of_the_json(
        self, direction_1: Path, tmp_path: Path
    ) -> None:
        apps = [_example("DM23-D1-01"), _example("DM23-D1-03")]
        filled = tmp_path / "a.xlsx"
        fill(direction_1, apps, filled)
        assert read_workbook(filled) == tuple(apps)
        source = tmp_path / "a.json"
        source.write_text(json.dumps([a.model_dump(mode="json") for a in apps], ensure_ascii=False), encoding="utf-8")
        from_json = _run("assess", str(source), "--json", "--empty-ledger")
        from_xlsx = _run("assess", str(filled), "--json", "--empty-ledger")
        assert from_xlsx == from_json
        assert from_json[0] == 0

    def test_a_workbook_of_several_directions_is_allocated(self, direction_1: Path, tmp_path: Path) -> None:
        apps = [a for a in example_applications("doumen-2023") if not a.partners and not a.prior_funding]
        filled, source = tmp_path / "round.xlsx", tmp_path / "round.json"
        fill(direction_1, apps, filled)
        assert read_workbook(filled) == tuple(apps)
        source.write_text(json.dumps([a.model_dump(mode="json") for a in apps], ensure_ascii=False), encoding="utf-8")
        from_xlsx = _run("allocate", str(filled), "--json", "--empty-ledger")
        assert from_xlsx == _run("allocate", str(source), "--json", "--empty-ledger")
        assert from_xlsx[0] == 0
        assert len(json.loads(from_xlsx[1])["decisions"]) == len(apps) > 15

    def test_assess_writes_one_result_row_per_application_with_exact_money(
        self, direction_1: Path, tmp_path: Path
    ) -> None:
        filled, out = tmp_path / "a.xlsx", tmp_path / "out.xlsx"
        fill(direction_1, [_example("DM23-D1-01"), _example("DM23-D1-05")], filled)
        assert _run("assess", str(filled), "--xlsx", str(out), "--no-explain")[0] == 0
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == ["结果", "direction_1"]
        rows = list(book["结果"].iter_rows(values_only=True))
        header = rows[0]
        by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
        assert set(by_id) == {"DM23-D1-01", "DM23-D1-05"}
        first = by_id["DM23-D1-01"]
        assert first["结论 eligible"] == "是"
        assert first["奖补金额（分，整数） award_fen"] == 100_000_000  # 100万元, as an integer of 分
        assert first["奖补金额（元，文本） award"] == "1,000,000.00元"
        assert "CAP_APPLIED" not in (first["原因代码 codes"] or "")
        assert "方向一" in first["说明 explanation"] or "direction_1" in first["说明 explanation"]
        other = by_id["DM23-D1-05"]
        assert other["结论 eligible"] == "否"
        codes = other["原因代码 codes"].split("\n")
        assert len(codes) == len(other["代码含义 codes_zh"].split("\n")) == len(other["meaning codes_en"].split("\n"))
        assert all(isinstance(v, (int, str, type(None))) for r in rows for v in r)  # never a float

    def test_a_name_that_looks_like_a_formula_is_written_as_text(self, tmp_path: Path) -> None:
        from subsidycalc import evolve
        from subsidycalc.registry import assess
        from subsidycalc.spreadsheets import write_results

        app = _example("DM23-D1-01")
        named = evolve(app, enterprise=evolve(app.enterprise, name='=HYPERLINK("http://x","y")'))
        write_results(tmp_path / "out.xlsx", [assess(named)])
        sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["结果"]
        cell = sheet.cell(2, _columns(sheet)["enterprise"])
        assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")

    def test_allocate_writes_rank_outcome_and_funded_amount(self, direction_1: Path, tmp_path: Path) -> None:
        apps = [a for a in example_applications("doumen-2023") if a.direction == "direction_1" and not a.partners
                and not a.prior_funding]
        filled, out = tmp_path / "a.xlsx", tmp_path / "round.xlsx"
        fill(direction_1, apps, filled)
        code, text = _run("allocate", str(filled), "--xlsx", str(out), "--empty-ledger", "--json")
        assert code == 0
        decisions = {d["application_id"]: d for d in json.loads(text)["decisions"]}
        rows = list(openpyxl.load_workbook(out)["结果"].iter_rows(values_only=True))
        header = rows[0]
        for row in rows[1:]:
            found = dict(zip(header, row, strict=True))
            decision = decisions[found["申请编号 application_id"]]
            assert found["排名 rank"] == decision["rank"]
            assert found["分配结果 outcome"].split()[0] == decision["outcome"]
            assert found["资助金额（分，整数） funded_fen"] == int(Decimal(decision["funded"]) * 100)
            assert found["资助金额（元，文本） funded"].removesuffix("元").replace(",", "") == decision["funded"]
        assert len(rows) - 1 == len(apps)


class TestBadCells:
    def test_every_bad_cell_is_reported_with_its_address_and_exit_2(
        self, direction_1: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        filled = tmp_path / "a.xlsx"
        fill(direction_1, [_example("DM23-D1-01")], filled)
        book = openpyxl.load_workbook(filled)
        invoices = book["发票"]
        columns = _columns(invoices)
        invoices.cell(2, columns["amount_excl_tax"], 1234.567)   # more than 2 decimals
        invoices.cell(3, columns["issued_on"], "2023-13-01")     # no such month
        facts = book["事实"]
        facts.cell(2, _columns(facts)["facts.quantifiable_benefits"], "许多")  # not a count
        book.save(filled)
        with pytest.raises(InputError) as caught:
            read_workbook(filled)
        lines = caught.value.lines()
        amount = f"发票!{openpyxl.utils.get_column_letter(columns['amount_excl_tax'])}2"
        day = f"发票!{openpyxl.utils.get_column_letter(columns['issued_on'])}3"
        count = f"事实!{openpyxl.utils.get_column_letter(_columns(facts)['facts.quantifiable_benefits'])}2"
        assert len(lines) == 3
        assert lines[0].startswith(f"{filled}: {amount}: 1234.567 — ")
        assert "2 decimals" in lines[0]
        assert lines[1].startswith(f"{filled}: {day}: '2023-13-01' — ")
        assert lines[2].startswith(f"{filled}: {count}: '许多' — expected a whole number")
        assert _run("assess", str(filled))[0] == 2
        assert capsys.readouterr().err.count("subsidycalc: error: ") == 3

    def test_a_model_error_is_placed_at_the_cell_of_its_field(self, direction_1: Path, tmp_path: Path) -> None:
        filled = tmp_path / "a.xlsx"
        fill(direction_1, [_example("DM23-D1-01")], filled)
        book = openpyxl.load_workbook(filled)
        sheet = book["申请单位"]
        columns = _columns(sheet)
        sheet.cell(2, columns["enterprise.credit_code"], "91440403AY4CL12TH4")  # wrong check digit
        book.save(filled)
        with pytest.raises(InputError) as caught:
            read_workbook(filled)
        letter = openpyxl.utils.get_column_letter(columns["enterprise.credit_code"])
        assert [line.split(": ")[1] for line in caught.value.lines()] == [f"申请单位!{letter}2"]

    def test_an_invoice_of_an_unknown_application_and_an_unknown_column_are_reported(
        self, direction_1: Path, tmp_path: Path
    ) -> None:
        filled = tmp_path / "a.xlsx"
        fill(direction_1, [_example("DM23-D1-01")], filled)
        book = openpyxl.load_workbook(filled)
        book["发票"].cell(2, 1, "NOPE")
        book["合同"].cell(1, 9, "备注 remark")
        book.save(filled)
        with pytest.raises(InputError) as caught:
            read_workbook(filled)
        lines = caught.value.lines()
        assert any("发票!A2: 'NOPE' — names no application" in line for line in lines)
        assert any("合同!I1: '备注 remark' — unknown column" in line for line in lines)

    def test_exact_numbers_and_wan_text_are_read_as_the_same_amount(self, direction_1: Path, tmp_path: Path) -> None:
        filled = tmp_path / "a.xlsx"
        fill(direction_1, [_example("DM23-D1-01")], filled)
        book = openpyxl.load_workbook(filled)
        invoices = book["发票"]
        column = _columns(invoices)["amount_excl_tax"]
        invoices.cell(2, column, 1800000.0)  # 180万 as a number of 元
        invoices.cell(3, column, "150万")
        invoices.cell(4, column, 700000.10)
        book.save(filled)
        app = read_workbook(filled)[0]
        assert [i.amount_excl_tax.fen for i in app.invoices[:3]] == [180_000_000, 150_000_000, 70_000_010]

    def test_a_file_that_is_no_workbook_is_an_input_error(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.xlsx"
        bad.write_text("not a zip", encoding="utf-8")
        with pytest.raises(InputError, match="not an Excel workbook"):
            read_workbook(bad)


class TestCsv:
    """「.csv, UTF-8 with or without BOM, GB18030/GBK detected or chosen with --encoding」: the 申请单位
    sheet as CSV (with facts as columns), read as the workbook is."""

    def rows(self, app: Application) -> list[list[str]]:
        data = app.model_dump(mode="json", exclude_defaults=True)
        data["programme"], data["direction"] = app.programme, app.direction
        header, values = [], []
        for path, value in (
            ("id", app.id), ("programme", app.programme), ("direction", app.direction),
            ("enterprise.name", app.enterprise.name), ("enterprise.credit_code", app.enterprise.credit_code),
            *((f"enterprise.{p}.{k}", v) for p in ("registration", "tax", "statistics")
              for k, v in data["enterprise"][p].items()),
            *((f"project.{k}", v) for k, v in data["project"].items()),
            ("submission.online_at", data["submission"]["online_at"]),
            *((f"facts.{k}", "是" if v is True else "否" if v is False else v) for k, v in data["facts"].items()),
        ):
            header.append(f"列 {path}")
            values.append(str(value))
        return [header, values]

    def write(self, path: Path, app: Application, encoding: str) -> None:
        import csv

        with path.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(self.rows(app))

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
    def test_a_csv_in_any_of_its_encodings_gives_the_assessment_of_the_json(self, tmp_path: Path, encoding: str) -> None:
        app = _example("ZS25-02")
        path = tmp_path / "a.csv"
        self.write(path, app, encoding)
        source = tmp_path / "a.json"
        source.write_text(json.dumps([app.model_dump(mode="json")], ensure_ascii=False), encoding="utf-8")
        from_json = _run("assess", str(source), "--json", "--empty-ledger")
        assert _run("assess", str(path), "--json", "--empty-ledger") == from_json
        assert from_json[0] == 0

    def test_an_encoding_can_be_chosen_and_a_wrong_one_is_refused_naming_the_byte(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "a.csv"
        self.write(path, _example("ZS25-02"), "gb18030")
        assert _run("assess", str(path), "--encoding", "gb18030", "--empty-ledger")[0] == 0
        assert _run("assess", str(path), "--encoding", "utf-8", "--empty-ledger")[0] == 2
        assert "not utf-8 at byte" in capsys.readouterr().err


def test_the_place_columns_offer_the_district_the_direction_requires(tmp_path: Path) -> None:
    """斗门 「商事登记、税务登记关系及统计归属关系在斗门区」: the template offers 珠海市 / 斗门区 (a warning,
    not a refusal, for another place: the assessment says why it fails)."""
    template = tmp_path / "t.xlsx"
    assert _run("template", "doumen-2023/direction_1", "--xlsx", str(template))[0] == 0
    sheet = openpyxl.load_workbook(template)["申请单位"]
    columns = _columns(sheet)
    lists = {str(v.sqref): (v.formula1, v.errorStyle) for v in sheet.data_validations.dataValidation}
    for path, value in (("enterprise.registration.district", '"斗门区"'), ("enterprise.tax.city", '"珠海市"')):
        letter = openpyxl.utils.get_column_letter(columns[path])
        assert lists[f"{letter}2:{letter}1000"] == (value, "warning")
