"""Spreadsheets in and out: a fill-in workbook per direction, applications read from it, results written to one.

Officials work in Excel. `template_workbook` writes the workbook an applicant (or the office
collecting applications) fills for one direction — sheets 申请单位 (one row per application), 发票,
合同 and 事实 (one column per fact the direction reads, its clause as the cell comment), each header in
Chinese with the English field name (``发票号码 number``), drop-down lists for the cost categories,
the yes/no facts and the direction. `read_workbook` reads such a workbook into
[`Application`][subsidycalc.models.Application] objects with the same validation as JSON input; every bad
cell is reported as ``sheet!cell: value — expected …`` (all of them, not the first).
`write_results` writes assessments (and an allocation) as a workbook: a sheet 结果, a sheet per
direction, money as an integer number of 分 plus the formatted amount as text (never a float of 元).

Reading cells:

* an amount is a number of 元 or text (``12.5万``, ``125,000.00``); a number is read exactly through its
  shortest decimal form and refused, not rounded, when it has more than 2 decimals;
* a date or time is a real Excel date or text (``2023-01-01``, ``2023年1月1日``); a time without zone is
  Beijing time;
* a category is its code (``device_5g``), its code and label as the drop-down writes it, or its label;
* a yes/no is 是/否, yes/no, true/false or a Boolean cell; a list (documents, clusters) is separated
  by commas or 、.

The columns are found by the English name at the end of each header, so columns may be reordered,
left out (an absent optional field) or added from `APPLICATION_COLUMNS`. Needs the ``excel``
extra (openpyxl).

Limitations: joint partners (联合申报), ecosystem members, prior funding, investment items and a
guide's numbered indicators have no sheet yet: an application that needs them is given as JSON.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from ._optional import require
from .allocation import Allocation, Decision
from .codes import code_table
from .inputs import MAX_BYTES, FieldError, InputError
from .messages import Language
from .models import CATEGORY_LABELS, Application, Category, Certification, DocumentKind
from .parts.gates import DistrictRule, Jurisdiction
from .registry import directions, facts_of, get
from .result import Assessment
from .rules import AnyRules
from .text import quote

__all__ = [
    "APPLICATION_COLUMNS",
    "CONTRACT_COLUMNS",
    "INVOICE_COLUMNS",
    "SHEETS",
    "is_workbook",
    "read_workbook",
    "template_application",
    "template_workbook",
    "write_results",
]

SHEETS: Final = ("申请单位", "发票", "合同", "事实")
"""The input sheets, in order: applications, invoices, contracts, facts."""
_APPS, _INVOICES, _CONTRACTS, _FACTS = SHEETS
_OPTIONS: Final = "选项"
"""A hidden sheet holding the longer drop-down lists (an inline list is limited to 255 characters)."""
_LINK: Final = "application_id"
_LINK_HEADER: Final = f"申请编号 {_LINK}"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the field's path (dotted, inside an application or an invoice/contract row),
    its Chinese label and the kind of value it holds."""

    path: str
    zh: str
    kind: str
    """``text``, ``money``, ``date``, ``instant``, ``yes_no``, ``count``, ``ratio``, ``decimal``,
    ``list``, ``category`` or ``set``."""

    @property
    def header(self) -> str:
        return f"{self.zh} {self.path}"


def _places() -> tuple[Column, ...]:
    found = []
    for key, zh in (("registration", "商事登记"), ("tax", "税务登记"), ("statistics", "统计归属")):
        for part, word in (("province", "省"), ("city", "市"), ("district", "区县")):
            found.append(Column(f"enterprise.{key}.{part}", f"{zh}{word}", "text"))
    return tuple(found)


_PROJECT_AMOUNTS: Final = (
    Column("project.planned_investment", "项目计划总投资额", "money"),
    Column("project.actual_investment", "项目实际总投资额", "money"),
    Column("project.equipment_software_investment", "设备和软件投入总额", "money"),
    Column("project.city_funded_investment", "已获其他市级财政专项资金扶持部分", "money"),
    Column("project.equipment_contract_amount", "购买设备合同金额", "money"),
    Column("project.equipment_invoice_amount", "购买设备发票金额", "money"),
    Column("project.service_contract_amount", "服务项目实际合同金额", "money"),
)
_DERIVED_MEASURES: Final = {
    "project.equipment_software_net": ("project.equipment_software_investment", "project.city_funded_investment"),
    "project.equipment_contract_invoice": ("project.equipment_contract_amount", "project.equipment_invoice_amount"),
}

APPLICATION_COLUMNS: Final[tuple[Column, ...]] = (
    Column("id", "申请编号", "text"),
    Column("programme", "申报文件", "text"),
    Column("direction", "申报方向", "text"),
    Column("enterprise.name", "企业名称", "text"),
    Column("enterprise.credit_code", "统一社会信用代码", "text"),
    *_places(),
    Column("enterprise.clusters", "所属集群", "list"),
    Column("enterprise.certifications", "资质认定", "list"),
    Column("project.id", "项目编号", "text"),
    Column("project.name", "项目名称", "text"),
    *_PROJECT_AMOUNTS,
    Column("project.industry", "试点行业", "text"),
    Column("project.planning_provider", "规划提供单位", "text"),
    Column("submission.online_at", "网上申报时间", "instant"),
    Column("submission.revised_at", "最后修改时间", "instant"),
    Column("submission.paper_at", "纸质材料报送时间", "instant"),
    Column("documents", "申报材料", "list"),
    Column("year", "申报年度", "count"),
    Column("review_score", "评审得分", "decimal"),
    Column("decided_amount", "核定奖励金额", "money"),
    Column("recommendation_rank", "推荐排序", "count"),
    Column("preference", "企业自身志愿顺序", "count"),
    Column("withdrawn", "已撤回", "yes_no"),
)
"""Every column the 申请单位 sheet may have (a template has those its direction reads)."""

INVOICE_COLUMNS: Final[tuple[Column, ...]] = (
    Column("number", "发票号码", "text"),
    Column("issued_on", "开票日期", "date"),
    Column("amount_excl_tax", "不含税金额", "money"),
    Column("tax", "税额", "money"),
    Column("total_incl_tax", "价税合计", "money"),
    Column("category", "费用类别", "category"),
    Column("supplier", "销售方", "text"),
    Column("contract", "合同编号", "text"),
    Column("payer", "承担方信用代码", "text"),
    Column("scenario", "应用场景", "text"),
    Column("description", "说明", "text"),
)
CONTRACT_COLUMNS: Final[tuple[Column, ...]] = (
    Column("number", "合同编号", "text"),
    Column("supplier", "供应方", "text"),
    Column("amount_excl_tax", "不含税金额", "money"),
    Column("signed_on", "签订日期", "date"),
    Column("submitted_at", "惠企利民平台提交时间", "instant"),
    Column("filed_on_platform", "已在平台备案", "yes_no"),
)
_ROWS: Final = {_INVOICES: ("invoices", INVOICE_COLUMNS), _CONTRACTS: ("contracts", CONTRACT_COLUMNS)}
_FACT_KINDS: Final = {"count": "count", "ratio": "ratio", "yes_no": "yes_no", "date": "date", "set": "set"}
_YES: Final = frozenset({"是", "yes", "true", "y", "1", "√", "有"})
_NO: Final = frozenset({"否", "no", "false", "n", "0", "×", "无"})
_LIST_SPLIT: Final = re.compile(r"[,，、;；\n]")
_PREFILLED: Final = frozenset({"programme", "direction"})
"""Columns the template fills in advance: a row with nothing else is an empty row."""
_PREFILLED_ROWS: Final = 50
_MAX_CELL: Final = 32_767
"""The most characters Excel keeps in one cell."""


def _openpyxl() -> Any:
    return require("openpyxl", "excel", "reading and writing spreadsheets")


def is_workbook(path: str | Path) -> bool:
    """Whether ``path`` names an Excel workbook (``.xlsx``) rather than a JSON file."""
    return str(path).lower().endswith(".xlsx")


# -- the template ------------------------------------------------------------------------------


def _direction_columns(rules: AnyRules) -> tuple[Column, ...]:
    """The 申请单位 columns of a direction: every column but the project amounts it does not read."""
    read = set(_measures(rules))
    for derived, parts in _DERIVED_MEASURES.items():
        if derived in read:
            read |= set(parts)
    return tuple(c for c in APPLICATION_COLUMNS if c not in _PROJECT_AMOUNTS or c.path in read)


def _measures(value: Any, depth: int = 0) -> Iterable[str]:
    """Every ``project.…`` measure named anywhere in a rule's parts."""
    from dataclasses import fields, is_dataclass

    from pydantic import BaseModel

    if depth > 12:
        return
    if isinstance(value, str):
        if value.startswith("project."):
            yield value
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _measures(item, depth + 1)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _measures(item, depth + 1)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _measures(getattr(value, name), depth + 1)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _measures(getattr(value, field.name), depth + 1)


def _fact_columns(rules: AnyRules) -> tuple[tuple[Column, str | None], ...]:
    """The 事实 columns of a direction (the facts it reads that a cell can hold), each with its clause."""
    read = rules.facts_read()
    found = []
    for info in facts_of(rules.programme):
        if info.name in read and info.kind in _FACT_KINDS:
            label = "".join(info.label.split(" (")[0].split())
            found.append((Column(f"facts.{info.name}", label, _FACT_KINDS[info.kind]), str(info.citation) if info.citation else None))
    return tuple(found)


def template_workbook(ref: str, path: str | Path) -> None:
    """Write the fill-in workbook of the direction ``ref`` (``programme/key``, e.g.
    ``doumen-2023/direction_1``) to ``path``."""
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.worksheet.datavalidation import DataValidation

    rules = get(ref)
    book = openpyxl.Workbook()
    apps = book.active
    apps.title = _APPS
    options = book.create_sheet(_OPTIONS)
    options.sheet_state = "hidden"
    lists = {
        "category": [f"{c.value} {CATEGORY_LABELS[c]}" for c in Category],
        "documents": [d.value for d in DocumentKind],
        "enterprise.certifications": [f"{c.value} {c.label}" for c in Certification],
    }
    ranges = {}
    for column, (name, values) in enumerate(lists.items(), start=1):
        letter = openpyxl.utils.get_column_letter(column)
        options.cell(1, column, name)
        for row, value in enumerate(values, start=2):
            options.cell(row, column, value)
        ranges[name] = f"{_OPTIONS}!${letter}$2:${letter}${len(values) + 1}"

    def header(sheet: Any, columns: Sequence[Column], comments: Mapping[str, str | None] = {}) -> None:
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(1, index, column.header)
            cell.font = openpyxl.styles.Font(bold=True)
            note = comments.get(column.path)
            if note:
                cell.comment = Comment(note, "subsidycalc")
            letter = openpyxl.utils.get_column_letter(index)
            sheet.column_dimensions[letter].width = max(14, min(40, len(column.header) * 1.6))
            where = f"{letter}2:{letter}1000"
            choice = _choice(column, ranges, rules)
            if choice is not None:
                # a place outside the list is allowed with a warning: the assessment says why it fails
                style = "warning" if column.path.rpartition(".")[0] in _PLACE_COLUMNS else "stop"
                validation = DataValidation(type="list", formula1=choice, allow_blank=True, errorStyle=style)
                validation.add(where)
                sheet.add_data_validation(validation)
            if column.kind == "text":  # invoice numbers such as 00123456 stay text
                for row in range(2, 201):
                    sheet.cell(row, index).number_format = "@"
        sheet.freeze_panes = "B2"

    app_columns = _direction_columns(rules)
    header(apps, app_columns, {"programme": rules.programme, "direction": f"{rules.key}: {rules.name}"})
    for row in range(2, 2 + _PREFILLED_ROWS):
        apps.cell(row, _index(app_columns, "programme"), rules.programme)
        apps.cell(row, _index(app_columns, "direction"), rules.key)
    link = Column(_LINK, "申请编号", "text")
    for sheet_name, (_, columns) in _ROWS.items():
        header(book.create_sheet(sheet_name, SHEETS.index(sheet_name)), (link, *columns))
    facts = _fact_columns(rules)
    header(book.create_sheet(_FACTS, SHEETS.index(_FACTS)), (link, *(c for c, _ in facts)), {c.path: n for c, n in facts})
    book.save(str(path))


def _index(columns: Sequence[Column], path: str) -> int:
    return next(i for i, c in enumerate(columns, start=1) if c.path == path)


def _choice(column: Column, ranges: Mapping[str, str], rules: AnyRules) -> str | None:
    if column.kind == "category":
        return ranges["category"]
    if column.kind == "yes_no":
        return '"是,否"'
    if column.path == "direction":
        return '"' + ",".join(directions(rules.programme)) + '"'
    place = _required_place(rules)
    scope, _, part = column.path.rpartition(".")
    if place is not None and scope in _PLACE_COLUMNS and part in ("city", "district") and place[part]:
        return f'"{place[part]}"'
    return None


_PLACE_COLUMNS: Final = frozenset({"enterprise.registration", "enterprise.tax", "enterprise.statistics"})


def _required_place(rules: AnyRules) -> dict[str, str] | None:
    """The city and district where the direction's applicants must be registered (its district or
    属地 gate), for the drop-down lists of the place columns; ``None`` where the text names none."""
    for gate in rules.gates:
        if isinstance(gate, DistrictRule):
            return {"city": gate.city, "district": gate.district}
        if isinstance(gate, Jurisdiction):
            return {"city": gate.city.value, "district": ""}
    return None


def template_application(ref: str) -> dict[str, Any]:
    """The minimal JSON application of the direction ``ref``: each value a placeholder that says what
    to fill in (the facts the direction reads, the project amounts it reads, invoices where it counts them)."""
    rules = get(ref)
    place = {"province": "广东省", "city": "<市 city>", "district": "<区县 district>"}
    project: dict[str, Any] = {"id": "<项目编号 project id>", "name": "<项目名称 project name>"}
    for column in _direction_columns(rules):
        if column in _PROJECT_AMOUNTS:
            project[column.path.removeprefix("project.")] = f"<{column.zh} amount, e.g. 120万>"
    found: dict[str, Any] = {
        "id": "<申请编号 application id>",
        "programme": rules.programme,
        "direction": rules.key,
        "enterprise": {
            "name": "<企业名称 enterprise name>",
            "credit_code": "<统一社会信用代码 credit code>",
            "registration": place,
            "tax": place,
            "statistics": place,
        },
        "project": project,
    }
    if rules.base.kind == "invoices":
        found["invoices"] = [{
            "number": "<发票号码 number>",
            "issued_on": "<开票日期 YYYY-MM-DD>",
            "amount_excl_tax": "<不含税金额 e.g. 12.5万>",
            "category": f"<费用类别: {', '.join(c.value for c in Category)}>",
            "supplier": "<销售方 supplier>",
        }]
    placeholders = {
        "count": "<数量 count>", "ratio": "<比例 e.g. 35%>", "yes_no": "<true/false>", "date": "<YYYY-MM-DD>",
        "set": "<list>",
    }
    found["facts"] = {c.path.removeprefix("facts."): f"{placeholders[c.kind]} {c.zh}" for c, _ in _fact_columns(rules)}
    found["submission"] = {"online_at": "<网上申报时间 e.g. 2024-04-10T10:30:00+08:00>"}
    found["review_score"] = "<评审得分 review score, if reviewed>"
    return found


# -- reading -----------------------------------------------------------------------------------


class _CellError(ValueError):
    """A cell whose value no field can take: the message says what was expected."""


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # the model's own error names it
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(str(value)), "f")
    if isinstance(value, (datetime, date)):
        raise _CellError("a date: expected text (format the column as 文本 text)")
    return str(value)


def _exact(value: int | float, what: str) -> str:
    number = Decimal(str(value))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise _CellError(f"{what} with more than 2 decimals: expected an amount exact to the 分 (it is not rounded)")
    return format(number, "f")


def _money(value: Any) -> Any:
    if isinstance(value, (bool, datetime, date)):
        raise _CellError("expected an amount in 元 (a number) or text such as '12.5万'")
    if isinstance(value, (int, float)):
        return _exact(value, "a number")
    return str(value)


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise _CellError(f"a date with a time ({value.isoformat(sep=' ')}): expected a calendar date")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        raise _CellError("a number: expected a date (an Excel date or text such as 2023-01-01)")
    return str(value)


def _instant(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()  # naive: Beijing time (the model's rule)
    if isinstance(value, date):
        raise _CellError("a date with no time: expected a date and time, e.g. 2024-04-15 18:00")
    if isinstance(value, (int, float)):
        raise _CellError("a number: expected a date and time (an Excel date or text such as 2024-04-15 18:00)")
    return str(value)


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _CellError("expected 是 or 否 (yes or no)")


def _count(value: Any) -> Any:
    if isinstance(value, bool):
        raise _CellError("expected a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return int(text)
    raise _CellError("expected a whole number")


def _decimal(value: Any) -> Any:
    if isinstance(value, (bool, datetime, date)):
        raise _CellError("expected a number")
    if isinstance(value, (int, float)):
        return format(Decimal(str(value)), "f")
    return str(value)


def _ratio(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(Decimal(str(value)), "f")  # a 百分比 cell holds 0.35 for 35%
    return _decimal(value)


def _list(value: Any) -> Any:
    return [part.strip().split(" ")[0] for part in _LIST_SPLIT.split(str(value)) if part.strip()]


_CATEGORIES: Final = {
    **{c.value: c.value for c in Category},
    **{label: c.value for c, label in CATEGORY_LABELS.items()},
    **{f"{c.value} {label}": c.value for c, label in CATEGORY_LABELS.items()},
}


def _category(value: Any) -> Any:
    text = " ".join(str(value).split())
    return _CATEGORIES.get(text, text)  # anything else: the model names the categories


_READERS: Final = {
    "text": _text, "money": _money, "date": _date, "instant": _instant, "yes_no": _yes_no, "count": _count,
    "decimal": _decimal, "ratio": _ratio, "list": _list, "category": _category, "set": _list,
}


@dataclass(frozen=True, slots=True)
class _Cell:
    sheet: str
    row: int
    column: int
    address: str
    value: Any

    @property
    def key(self) -> tuple[int, int, int]:
        return (SHEETS.index(self.sheet) if self.sheet in SHEETS else len(SHEETS), self.row, self.column)


def _error(cell: _Cell, message: str, where: str = "") -> tuple[tuple[int, int, int], FieldError]:
    shown = "empty" if cell.value in (None, "") else quote(cell.value, 60)
    prefix = f"{where}: " if where else ""
    return cell.key, FieldError(f"{cell.sheet}!{cell.address}", f"{shown} — {prefix}{message}", "")


def _put(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


class _Application:
    """One application as read: its data and where each field came from."""

    def __init__(self, anchor: _Cell) -> None:
        self.data: dict[str, Any] = {}
        self.cells: dict[tuple[str | int, ...], _Cell] = {(): anchor}


def _headers(sheet: Any, name: str, known: Sequence[Column], errors: list[Any]) -> dict[int, Column]:
    by_path = {c.path: c for c in known}
    found: dict[int, Column] = {}
    for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
        if cell.value in (None, ""):
            continue
        english = str(cell.value).split()[-1]
        column = by_path.get(english)
        at = _Cell(name, 1, cell.column, cell.coordinate, cell.value)
        if column is None:
            errors.append(_error(at, f"unknown column: expected a header ending in one of {', '.join(by_path)}"))
        elif column in found.values():
            errors.append(_error(at, "a second column of the same field: expected each field once"))
        else:
            found[cell.column] = column
    return found


def _rows(sheet: Any, name: str, columns: Mapping[int, Column]) -> Iterable[list[tuple[Column, _Cell]]]:
    for row in sheet.iter_rows(min_row=2):
        cells = [
            (columns[c.column], _Cell(name, c.row, c.column, c.coordinate, c.value))
            for c in row
            if c.column in columns
        ]
        if any(
            cell.value not in (None, "") and str(cell.value).strip() and column.path not in _PREFILLED
            for column, cell in cells
        ):
            yield cells


def _value(column: Column, cell: _Cell, errors: list[Any]) -> tuple[bool, Any]:
    value = cell.value.strip() if isinstance(cell.value, str) else cell.value
    if value in (None, ""):
        return False, None
    try:
        return True, _READERS[column.kind](value)
    except _CellError as exc:
        errors.append(_error(cell, str(exc)))
        return False, None


def _fact_column_set() -> tuple[Column, ...]:
    from .catalog import programmes
    from .registry import facts_of as all_facts

    seen: dict[str, Column] = {}
    for programme in programmes():
        for info in all_facts(programme):
            if info.kind in _FACT_KINDS:
                seen.setdefault(info.name, Column(f"facts.{info.name}", info.label, _FACT_KINDS[info.kind]))
    return (Column(_LINK, "申请编号", "text"), *seen.values())


def read_workbook(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[Application, ...]:
    """The applications of a workbook in the template's layout; every bad cell an `InputError`
    line ``sheet!cell: value — expected …``."""
    source = str(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise InputError([FieldError("(file)", f"cannot read: {exc.strerror or exc}", "")], source) from None
    if size > max_bytes:
        raise InputError([FieldError("(file)", f"{size:,} bytes: expected at most {max_bytes:,} (--max-bytes)", "")], source)
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:  # a zip that is no workbook, a corrupt file: openpyxl raises many kinds
        raise InputError(
            [FieldError("(file)", f"not an Excel workbook ({type(exc).__name__}): expected an .xlsx file", "")], source
        ) from None
    return _read_book(book, source)


CSV_ENCODINGS: Final = ("utf-8-sig", "gb18030")
"""What a CSV file is read as where ``--encoding`` does not say: UTF-8 (with or without the BOM
spreadsheet programs write), else GB18030 — the superset of GBK that Chinese Excel saves."""


def is_csv(path: str | Path) -> bool:
    """Whether ``path`` names a CSV file of the 申请单位 sheet."""
    return str(path).lower().endswith(".csv")


def read_csv(path: str | Path, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> tuple[Application, ...]:
    """The applications of a CSV file laid out as the 申请单位 sheet (one row per application, the
    template's headers; a ``facts.…`` column holds a fact, as the 事实 sheet would), as
    `read_workbook` reads them (no invoices or contracts: those need the workbook). ``encoding``: the file's (default:
    UTF-8 with or without a BOM, else GB18030/GBK); a file neither reads as is refused, naming the byte."""
    import csv
    import io

    source = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError([FieldError("(file)", f"{size:,} bytes: expected at most {max_bytes:,} (--max-bytes)", "")], source)
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError([FieldError("(file)", f"cannot read: {exc.strerror or exc}", "")], source) from None
    text = None
    failure: UnicodeDecodeError | None = None
    for name in (encoding,) if encoding else CSV_ENCODINGS:
        try:
            text = raw.decode(name)
            break
        except UnicodeDecodeError as exc:
            failure = exc
        except LookupError:
            raise InputError([FieldError("--encoding", "an unknown encoding: expected e.g. utf-8, gb18030, gbk", name)], source) from None
    if text is None:
        tried = encoding or " or ".join(CSV_ENCODINGS)
        at = failure.start if failure is not None else 0
        raise InputError(
            [FieldError("(file)", f"not {tried} at byte {at}: expected a text file (choose one with --encoding)", "")], source
        )
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header = rows[0] if rows else []
    names = [str(h).split()[-1] if str(h).split() else "" for h in header]
    facts = [i for i, name in enumerate(names) if name.startswith("facts.")]
    plain = [i for i in range(len(header)) if i not in facts]
    book = _openpyxl().Workbook()
    sheet = book.active
    sheet.title = _APPS
    facts_sheet = book.create_sheet(_FACTS) if facts else None
    key = names.index("id") if "id" in names else None
    for number, row in enumerate(rows):
        cells = [cell if cell.strip() else None for cell in row] + [None] * (len(header) - len(row))
        sheet.append([cells[i] for i in plain])
        if facts_sheet is not None:  # the facts a row declares, as the 事实 sheet holds them
            link = f"申请编号 {_LINK}" if number == 0 else (cells[key] if key is not None else None)
            facts_sheet.append([link, *(cells[i] for i in facts)])
    return _read_book(book, source)


def _read_book(book: Any, source: str) -> tuple[Application, ...]:
    errors: list[tuple[tuple[int, int, int], FieldError]] = []
    if _APPS not in book.sheetnames:
        raise InputError([FieldError("(file)", f"no sheet {_APPS}: expected the sheets {', '.join(SHEETS)}", "")], source)
    apps: dict[str, _Application] = {}
    sheet = book[_APPS]
    columns = _headers(sheet, _APPS, APPLICATION_COLUMNS, errors)
    if "id" not in {c.path for c in columns.values()}:
        errors.append(_error(_Cell(_APPS, 1, 1, "A1", sheet["A1"].value), "no column 申请编号 id: expected one"))
    for cells in _rows(sheet, _APPS, columns):
        id_cell = next((cell for column, cell in cells if column.path == "id"), None)
        if id_cell is None:
            break
        ok, app_id = _value(Column("id", "申请编号", "text"), id_cell, errors)
        if not ok:
            errors.append(_error(id_cell, "expected the application id"))
            continue
        if app_id in apps:
            first = apps[app_id].cells[()]
            errors.append(_error(id_cell, f"duplicate application id, first at {_APPS}!{first.address}: expected each id once"))
            continue
        app = apps[app_id] = _Application(id_cell)
        for column, cell in cells:
            where = tuple(column.path.split("."))
            app.cells[where] = cell
            ok, value = _value(column, cell, errors)
            if ok:
                _put(app.data, where, value)
    for name, (field, row_columns) in _ROWS.items():
        _read_rows(book, name, field, (Column(_LINK, "申请编号", "text"), *row_columns), apps, errors)
    _read_facts(book, apps, errors)
    found = []
    reported = {key for key, _ in errors}
    for app in apps.values():
        try:
            found.append(Application.model_validate(app.data))
        except ValidationError as exc:  # a cell already reported is not reported again as missing
            errors += [(key, error) for key, error in _located(exc, app) if key not in reported]
    if errors:
        raise InputError([e for _, e in sorted(errors, key=lambda item: item[0])], source)
    return tuple(found)


def _owner(cells: Sequence[tuple[Column, _Cell]], apps: Mapping[str, _Application], errors: list[Any]) -> _Application | None:
    link = next((cell for column, cell in cells if column.path == _LINK), None)
    if link is None:
        return None
    ok, app_id = _value(Column(_LINK, "申请编号", "text"), link, errors)
    app = apps.get(app_id) if ok else None
    if app is None:
        errors.append(_error(link, f"names no application of {_APPS}: expected one of its 申请编号"))
    return app


def _read_rows(
    book: Any, name: str, field: str, known: Sequence[Column], apps: Mapping[str, _Application], errors: list[Any]
) -> None:
    if name not in book.sheetnames:
        return
    sheet = book[name]
    columns = _headers(sheet, name, known, errors)
    for cells in _rows(sheet, name, columns):
        app = _owner(cells, apps, errors)
        if app is None:
            continue
        rows = app.data.setdefault(field, [])
        index = len(rows)
        item: dict[str, Any] = {}
        app.cells[(field, index)] = next(cell for column, cell in cells if column.path == _LINK)
        for column, cell in cells:
            if column.path == _LINK:
                continue
            app.cells[(field, index, column.path)] = cell
            ok, value = _value(column, cell, errors)
            if ok:
                item[column.path] = value
        rows.append(item)


def _read_facts(book: Any, apps: Mapping[str, _Application], errors: list[Any]) -> None:
    if _FACTS not in book.sheetnames:
        return
    sheet = book[_FACTS]
    columns = _headers(sheet, _FACTS, _fact_column_set(), errors)
    for cells in _rows(sheet, _FACTS, columns):
        app = _owner(cells, apps, errors)
        if app is None:
            continue
        link = next(cell for column, cell in cells if column.path == _LINK)
        if ("facts",) in app.cells:
            first = app.cells[("facts",)]
            errors.append(_error(link, f"a second row of facts, first at {_FACTS}!{first.address}: expected one row"))
            continue
        app.cells[("facts",)] = link
        for column, cell in cells:
            if column.path == _LINK:
                continue
            where = tuple(column.path.split("."))
            app.cells[where] = cell
            ok, value = _value(column, cell, errors)
            if ok:
                _put(app.data, where, value)
        app.data.setdefault("facts", {})


def _located(exc: ValidationError, app: _Application) -> list[tuple[tuple[int, int, int], FieldError]]:
    """Pydantic's errors of one application, each at the cell it came from: the field's own cell,
    else the first cell of a missing object's fields, else the nearest row (its id cell)."""
    found = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "a required field: expected a value"
        cell = app.cells.get(loc)
        where = ""
        if cell is None:
            inside = sorted(
                (c for key, c in app.cells.items() if len(key) > len(loc) and key[: len(loc)] == loc),
                key=lambda c: c.key,
            )
            if inside:
                cell = inside[0]
            else:
                cell = next(app.cells[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in app.cells)
            where = ".".join(str(part) for part in loc)
        found.append(_error(cell, message, where))
    return found


# -- writing results ---------------------------------------------------------------------------


def _money_columns(zh: str, field: str) -> tuple[str, str]:
    return (f"{zh}（分，整数） {field}_fen", f"{zh}（元，文本） {field}")


_RESULT_HEADER: Final = (
    "申请编号 application_id", "申报文件 programme", "方向 direction", "方向名称 direction_name",
    "企业 enterprise", "结论 eligible",
    *_money_columns("计入投资额", "eligible_spend"), *_money_columns("奖补基数", "award_base"),
    *_money_columns("奖补金额", "award"),
    "原因代码 codes", "代码含义 codes_zh", "meaning codes_en",
)
_ALLOCATION_HEADER: Final = (
    "排名 rank", "分配结果 outcome", *_money_columns("资助金额", "funded"), "分配说明 decision",
)


def _cell_text(text: str) -> str:
    if len(text) <= _MAX_CELL:
        return text
    note = "\n…（超出单元格长度，完整说明见 JSON 输出 truncated: see the JSON output）"
    return text[: _MAX_CELL - len(note)] + note


def _row(
    result: Assessment, decision: Decision | None, labels: Mapping[str, tuple[str, str]], lang: Language
) -> list[Any]:
    codes = sorted(result.codes)
    row: list[Any] = [
        result.application_id, result.programme, result.direction, result.direction_name, result.enterprise,
        "是" if result.eligible else "否",
        result.eligible_spend.fen, result.eligible_spend.format(), result.award_base.fen, result.award_base.format(),
        result.award.fen, result.award.format(),
        "\n".join(codes),
        "\n".join(labels.get(c, ("", ""))[0] for c in codes),
        "\n".join(labels.get(c, ("", ""))[1] for c in codes),
    ]
    if decision is not None:
        row += [
            decision.rank, f"{decision.outcome.value} {decision.outcome.label}",
            decision.funded.fen, decision.funded.format(), decision.message,
        ]
    row.append(_cell_text(result.explain(lang)))
    return row


def _sheet_title(programme: str, key: str, many: bool) -> str:
    title = f"{programme} {key}" if many else key
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31]


def write_results(
    path: str | Path,
    results: Sequence[Assessment],
    allocation: Allocation | None = None,
    *,
    lang: Language = "zh",
) -> None:
    """Write assessments (and, for a round, the allocation's decisions) as a workbook: a sheet 结果
    with one row per application, a sheet per direction, and the explanation in the last column.
    Money is an integer number of 分 beside the formatted amount as text, never a float of 元."""
    openpyxl = _openpyxl()
    from .findings import CODES

    table = code_table()
    labels: dict[str, tuple[str, str]] = {str(c): pair for c, pair in CODES.items()}
    labels.update({code: (info.zh, info.en) for code, info in table.items()})
    header = (*_RESULT_HEADER, *(_ALLOCATION_HEADER if allocation is not None else ()), "说明 explanation")
    decisions = {d.application_id: d for d in allocation.decisions} if allocation is not None else {}
    book = openpyxl.Workbook()
    first = book.active
    first.title = "结果"
    groups: dict[tuple[str, str], list[Assessment]] = {}
    for result in results:
        groups.setdefault((result.programme, result.direction), []).append(result)
    many = len({p for p, _ in groups}) > 1
    sheets = [(first, list(results))] + [
        (book.create_sheet(_sheet_title(p, k, many)), rows) for (p, k), rows in groups.items()
    ]
    for sheet, rows in sheets:
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = openpyxl.styles.Font(bold=True)
        for result in rows:
            sheet.append(_row(result, decisions.get(result.application_id), labels, lang))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a name such as '=HYPERLINK(…)' is text, never a formula
        for index, name in enumerate(header, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            sheet.column_dimensions[letter].width = 60 if name.endswith("explanation") else 18
        sheet.freeze_panes = "B2"
    book.save(str(path))
