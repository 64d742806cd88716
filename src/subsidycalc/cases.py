"""Executable policy cases: "this enterprise, under this direction, gets this much, for these reasons".

A *case file* (YAML or JSON, ``*.cases.yaml`` / ``*.cases.json``) states inputs and what the policy
text says must come out, and quotes the clause each expectation rests on. Officials write them
without Python; ``subsidycalc check FILE`` runs them (exit 1 on any mismatch) and the bundled pytest
plugin collects them from any project's test folders.

A case has exactly one of ``application`` (assessed alone) or ``applications`` (assessed, then
allocated: quotas, exclusions, budgets). Each application is written in full (the input format of
``subsidycalc assess``) or as ``{example: <id>, changes: {...}}`` — a bundled example application
with some fields changed (mappings merge, lists and values replace, ``null`` removes a field).

```pycon
>>> case = Case.model_validate({
...     "name": "方向一：投入436万元，其中计入400万元，按30%封顶100万元",
...     "clause": "给予每个项目当年度投资金额的30%，且最高100万元奖励",
...     "application": {"example": "DM23-D1-01"},
...     "expect": {"eligible": True, "eligible_spend": "400万", "award": "100万"},
... })
>>> run_case(case).passed
True
>>> wrong = case.model_copy(update={"expect": Expect(award=Money.from_wan(120))})
>>> print(run_case(wrong).report())
✗ 方向一：投入436万元，其中计入400万元，按30%封顶100万元
  依据 clause: 〔doumen-2023〕「给予每个项目当年度投资金额的30%，且最高100万元奖励」
  奖补金额 award (DM23-D1-01): 期望 expected 1,200,000.00元（120万元） ≠ 实际 actual 1,000,000.00元（100万元）

```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .allocation import Allocation, AllocationPolicy, Outcome, allocate_assessed
from .codes import describe
from .findings import Code
from .inputs import (
    MAX_BYTES,
    FieldError,
    InputError,
    errors_from,
    example_applications,
    example_ledger,
    guarded_yaml_loader,
    parse_json,
    read_input,
)
from .ledger import Ledger
from .models import Application
from .money import Money
from .registry import document, programmes
from .result import Assessment
from .rules import AnyRules
from .scenarios import Scenario
from .stages import LifeStage

__all__ = [
    "Case",
    "CaseFile",
    "CaseResult",
    "ClauseRef",
    "ExampleRef",
    "Expect",
    "GroupExpect",
    "Mismatch",
    "StageExpect",
    "case_file_schema",
    "load_case_file",
    "run_case",
    "run_case_file",
]

CASE_SUFFIXES: Final = (".cases.yaml", ".cases.yml", ".cases.json")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClauseRef(_Strict):
    """The text an expectation rests on: a verbatim quote (whitespace aside) of a policy document."""

    quote: str = Field(min_length=2)
    document: str | None = None
    """Programme key of the document (``doumen-2023`` …); defaults to the case's programme."""


class ExampleRef(_Strict):
    """A bundled example application (``subsidycalc demo`` lists them) with fields changed."""

    example: str = Field(min_length=1)
    changes: dict[str, Any] = Field(default_factory=dict)
    """Merged into the example: mappings merge key by key, lists and values replace, ``null``
    removes the field (its default applies)."""


ApplicationInput = ExampleRef | dict[str, Any]
"""An example with changes, or a whole application in the ``subsidycalc assess`` input format."""


class StageExpect(_Strict):
    amount: Money | None = None
    payable: bool | None = None
    label: str | None = None


class Expect(_Strict):
    """What the assessment of one application must show. Fields left out are not checked."""

    eligible: bool | None = None
    eligible_spend: Money | None = None
    award_base: Money | None = None
    award_if_eligible: Money | None = None
    award: Money | None = None
    cap_applied: bool | None = None
    codes: frozenset[str] | None = None
    """Exactly these reason codes among the failed and unverified findings (the set, any order):
    codes of the library or of a condition (``subsidycalc.codes.code_table``)."""
    codes_include: frozenset[str] = frozenset()
    """At least these reason codes (failed, unverified, passed or informational)."""
    codes_exclude: frozenset[str] = frozenset()
    """None of these reason codes."""
    invoices: dict[str, Code] = Field(default_factory=dict)
    """Invoice number → the code it was counted or excluded with."""
    stages: tuple[StageExpect, ...] | None = None


class GroupExpect(_Strict):
    """What the allocation of competing applications must show."""

    funded: frozenset[str] | None = None
    """Exactly these application ids are funded."""
    outcomes: dict[str, Outcome] = Field(default_factory=dict)
    amounts: dict[str, Money] = Field(default_factory=dict)
    """Application id → amount allocated."""
    total: Money | None = None
    assessments: dict[str, Expect] = Field(default_factory=dict)
    """Application id → what its own assessment must show."""


class Case(_Strict):
    """One executable expectation with its clause."""

    name: str = Field(min_length=1)
    clause: ClauseRef | str | tuple[ClauseRef | str, ...]
    """The text the expectation rests on; verified verbatim against the policy document."""
    application: ApplicationInput | None = None
    applications: tuple[ApplicationInput, ...] | None = None
    ledger: Literal["example"] | Ledger | None = None
    """Prior awards: ``example`` for the bundled example ledger, or a ledger in full."""
    scenario: dict[str, Any] = Field(default_factory=dict)
    """What-if overrides by path, e.g. ``doumen_2023.direction_1.cap: 120万``."""
    policy: AllocationPolicy | None = None
    """Allocation policy (budgets, modes) for ``applications``."""
    stage: LifeStage | None = None
    """The stage of the application's life to assess at (``listing``, ``certification`` …);
    left out: the whole life."""
    expect: Expect | GroupExpect

    @model_validator(mode="after")
    def _one_input(self) -> Case:
        if (self.application is None) == (self.applications is None):
            raise ValueError("expected exactly one of 'application' (one assessed) or 'applications' (allocated)")
        if self.applications is not None and self.stage is not None:
            raise ValueError(
                "stage: a round is allocated at the stage its rules decide: set it with scenario "
                "(e.g. guangdong_2022.industry_2_2.stage: listing), not for the case"
            )
        if self.application is not None and not isinstance(self.expect, Expect):
            raise ValueError("expect: a single application takes assessment expectations (eligible, award, codes …)")
        if self.applications is not None and not isinstance(self.expect, GroupExpect) and self.expect.model_fields_set:
            raise ValueError(
                "expect: competing applications take allocation expectations "
                "(funded, outcomes, amounts, total, assessments)"
            )
        return self

    @property
    def clauses(self) -> tuple[ClauseRef, ...]:
        items = self.clause if isinstance(self.clause, tuple) else (self.clause,)
        return tuple(ClauseRef(quote=c) if isinstance(c, str) else c for c in items)


class CaseFile(_Strict):
    """A file of cases (``*.cases.yaml`` or ``*.cases.json``)."""

    description: str | None = None
    cases: tuple[Case, ...] = Field(json_schema_extra={"minItems": 1})

    @model_validator(mode="after")
    def _not_empty(self) -> CaseFile:
        if not self.cases:
            raise ValueError("cases: the file lists no case: expected at least one")
        return self


def case_file_schema() -> dict[str, Any]:
    """JSON Schema of the case-file format (``subsidycalc schema cases``)."""
    schema: dict[str, Any] = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "subsidycalc policy cases"
    return schema


def load_case_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> CaseFile:
    """Read and validate a case file; [`InputError`][subsidycalc.inputs.InputError] lists every problem
    (the file is read as [`read_input`][subsidycalc.inputs.read_input] reads any input)."""
    source = str(path)
    data = _parse(read_input(path, max_bytes=max_bytes), source)
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(errors_from(exc), source) from None


def _parse(text: str, source: str) -> Any:
    if source.endswith(".json"):
        return parse_json(text, source)
    import yaml

    try:
        # Dates and decimals stay text (2023-05-01, 1.10): the models parse them by their own type,
        # so no float and no naive timestamp ever stands in for money or a Beijing time.
        return yaml.load(text, Loader=_loader())  # a SafeLoader subclass (see _loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark is not None else "(file)"
        raise InputError([FieldError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}", "")], source) from None


@cache
def _loader() -> type:
    """A safe YAML loader with the YAML 1.2 core schema's plain scalars: ``true``/``false``, ``null``
    and decimal integers without a leading zero; everything else is text. YAML 1.1 (PyYAML's default)
    reads an invoice number ``00123456`` as the octal 42798, a supplier ``No`` as ``False`` and
    ``12:30`` as 750; decimals and dates stay text for the models to read exactly."""
    import yaml

    class Loader(guarded_yaml_loader(yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.yaml_implicit_resolvers = {}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    return Loader


# -- running -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation that did not hold."""

    what: str
    """Bilingual label of the expectation, e.g. ``奖补金额 award``."""
    subject: str
    """The application (or the allocation) it is about."""
    expected: str
    actual: str
    detail: tuple[str, ...] = ()
    """Why, in the engine's words (the failed findings, the allocation's reason)."""

    def lines(self) -> list[str]:
        head = f"  {self.what} ({self.subject}): 期望 expected {self.expected} ≠ 实际 actual {self.actual}"
        return [head, *(f"      {line}" for line in self.detail)]


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one case."""

    name: str
    clauses: tuple[str, ...]
    mismatches: tuple[Mismatch, ...] = ()
    errors: tuple[str, ...] = ()
    """Problems that stopped the case (an unknown example, a clause not in the text …)."""
    source: str | None = None
    assessments: tuple[Assessment, ...] = field(default=(), repr=False)
    allocation: Allocation | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return not self.mismatches and not self.errors

    def report(self) -> str:
        """The result for a reader who does not program: every mismatch, expected against actual."""
        where = f"  [{self.source}]" if self.source else ""
        lines = [f"{'✓' if self.passed else '✗'} {self.name}{where}"]
        if self.passed:
            return lines[0]
        lines += [f"  依据 clause: {c}" for c in self.clauses]
        lines += [f"  错误 error: {e}" for e in self.errors]
        for mismatch in self.mismatches:
            lines += mismatch.lines()
        return "\n".join(lines)


def _money(value: Money) -> str:
    return f"{value.format()}（{value.format_wan()}）"


def _codes(codes: frozenset[str]) -> str:
    if not codes:
        return "（无 none）"
    return "、".join(f"{c}〈{_zh(c)}〉" for c in sorted(codes))


def _zh(code: str) -> str:
    try:
        return describe(code)[0]
    except KeyError:
        return "未知代码 unknown code"


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@cache
def _examples() -> dict[str, Application]:
    return {a.id: a for a in example_applications()}


def _build(entry: ApplicationInput, where: str) -> Application:
    if isinstance(entry, ExampleRef):
        example = _examples().get(entry.example)
        if example is None:
            raise _CaseError(f"{where}.example: no bundled example {entry.example!r}: expected one of {', '.join(sorted(_examples()))}")
        data = _merge(example.model_dump(mode="json", exclude_unset=True), entry.changes)
    else:
        data = entry
    try:
        return Application.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(str(e) for e in errors_from(exc))
        raise _CaseError(f"{where}: not a valid application: {problems}") from None


class _CaseError(Exception):
    """A case that cannot run (reported, never raised out of `run_case`)."""


def _whitespace_free(text: str) -> str:
    return "".join(text.split())


@cache
def _document_text(programme: str) -> str:
    return _whitespace_free(document(programme).text())


def _check_clause(clause: ClauseRef, default_programme: str) -> str:
    programme = clause.document or default_programme
    if programme not in programmes():
        raise _CaseError(f"clause.document {programme!r}: expected one of {', '.join(programmes())}")
    if _whitespace_free(clause.quote) not in _document_text(programme):
        raise _CaseError(
            f"clause 「{clause.quote}」 does not occur in {document(programme).short} "
            f"({document(programme).text_file}): expected a verbatim quote of the text"
        )
    return f"〔{programme}〕「{clause.quote}」"


def run_case(case: Case, source: str | None = None) -> CaseResult:
    """Run one case: build its inputs, verify its clauses, assess (and allocate), compare."""
    clauses = tuple(f"「{c.quote}」" for c in case.clauses)
    try:
        entries = (case.application,) if case.application is not None else case.applications or ()
        where = "application" if case.application is not None else "applications"
        apps = [
            _build(e, where if case.application is not None else f"{where}[{i}]") for i, e in enumerate(entries)
        ]
        clauses = tuple(_check_clause(c, apps[0].programme) for c in case.clauses)
        scenario = Scenario(case.name, dict(case.scenario))
        table = scenario.rules()
        ledger = example_ledger() if case.ledger == "example" else case.ledger
        if case.application is not None:
            assert isinstance(case.expect, Expect)
            assessment = _assess(table, apps[0], ledger, case.stage)
            found = tuple(_compare_assessment(case.expect, assessment))
            return CaseResult(case.name, clauses, found, source=source, assessments=(assessment,))
        expect = case.expect if isinstance(case.expect, GroupExpect) else GroupExpect()
        policy = scenario.policy(case.policy)
        assessments = tuple(_assess(table, a, ledger) for a in apps)
        allocation = allocate_assessed(apps, assessments, rules=table, policy=policy, ledger=ledger)
        found = tuple(_compare_allocation(expect, allocation, {a.application_id: a for a in assessments}))
        return CaseResult(case.name, clauses, found, source=source, assessments=assessments, allocation=allocation)
    except (_CaseError, ValueError) as exc:  # incl. ScenarioError and rules refusing a well-formed input
        return CaseResult(case.name, clauses, errors=(str(exc),), source=source)


def _assess(
    table: Mapping[str, AnyRules], application: Application, ledger: Ledger | None, stage: LifeStage | None = None
) -> Assessment:
    return table[f"{application.programme}/{application.direction}"].assess(application, ledger, stage)


def _why(assessment: Assessment) -> tuple[str, ...]:
    return tuple(f"[{f.code}] {f.message}" for f in assessment.failures)


_MONEY_FIELDS: Final = (
    ("eligible_spend", "计入投资额 eligible spend"),
    ("award_base", "奖补基数 award base"),
    ("award_if_eligible", "符合条件时奖补 award if eligible"),
    ("award", "奖补金额 award"),
)


def _compare_assessment(expect: Expect, got: Assessment) -> Iterator[Mismatch]:
    who = got.application_id
    if expect.eligible is not None and expect.eligible != got.eligible:
        yield Mismatch(
            "是否符合条件 eligible", who, _yes(expect.eligible), _yes(got.eligible), _why(got) or ("（全部条件满足 every condition met）",)
        )
    for name, label in _MONEY_FIELDS:
        wanted: Money | None = getattr(expect, name)
        actual: Money = getattr(got, name)
        if wanted is not None and wanted != actual:
            yield Mismatch(label, who, _money(wanted), _money(actual), _why(got) if name == "award" else ())
    if expect.cap_applied is not None and expect.cap_applied != got.cap_applied:
        yield Mismatch("按最高额度 cap applied", who, _yes(expect.cap_applied), _yes(got.cap_applied))
    every = frozenset(f.code for f in got.findings)
    if expect.codes is not None and expect.codes != got.codes:
        detail = []
        if missing := expect.codes - got.codes:
            detail.append(f"缺少 missing: {_codes(missing)}")
        if extra := got.codes - expect.codes:
            detail.append(f"多出 unexpected: {_codes(extra)}")
            detail += [f"[{f.code}] {f.message}" for f in got.findings if f.code in extra]
        yield Mismatch("结论代码 reason codes", who, _codes(expect.codes), _codes(got.codes), tuple(detail))
    if missing := expect.codes_include - every:
        yield Mismatch("应有代码 codes included", who, _codes(expect.codes_include), _codes(every & expect.codes_include), (f"缺少 missing: {_codes(missing)}",))
    if present := expect.codes_exclude & every:
        shown = tuple(f"[{f.code}] {f.message}" for f in got.findings if f.code in present)
        yield Mismatch("不应有代码 codes excluded", who, "（无 none）", _codes(present), shown)
    lines = {line.number: line for line in got.invoices}
    for number, code in expect.invoices.items():
        line = lines.get(number)
        if line is None:
            yield Mismatch(f"发票 invoice {number}", who, code.value, "（无此发票 no such invoice）")
        elif line.code is not code:
            yield Mismatch(f"发票 invoice {number}", who, f"{code}〈{_zh(code)}〉", f"{line.code}〈{_zh(line.code)}〉", (line.reason,))
    if expect.stages is not None:
        yield from _compare_stages(expect.stages, got)


def _compare_stages(wanted: Sequence[StageExpect], got: Assessment) -> Iterator[Mismatch]:
    who = got.application_id
    if len(wanted) != len(got.stages):
        yield Mismatch("分阶段 stages", who, f"{len(wanted)} 期", f"{len(got.stages)} 期")
        return
    for index, (stage, actual) in enumerate(zip(wanted, got.stages, strict=True), start=1):
        what = f"第{index}期 stage {index}（{actual.label}）"
        if stage.label is not None and stage.label != actual.label:
            yield Mismatch(f"{what} 名称 label", who, stage.label, actual.label)
        if stage.amount is not None and stage.amount != actual.amount:
            yield Mismatch(f"{what} 金额 amount", who, _money(stage.amount), _money(actual.amount))
        if stage.payable is not None and stage.payable != actual.payable:
            yield Mismatch(f"{what} 可拨付 payable", who, _yes(stage.payable), _yes(actual.payable))


def _compare_allocation(
    expect: GroupExpect, got: Allocation, assessments: Mapping[str, Assessment]
) -> Iterator[Mismatch]:
    decisions = {d.application_id: d for d in got.decisions}
    if expect.funded is not None:
        funded = frozenset(d.application_id for d in got.funded())
        if funded != expect.funded:
            detail = [
                f"{i}: {decisions[i].outcome.label} {decisions[i].message}" for i in sorted(expect.funded - funded) if i in decisions
            ]
            detail += [f"{i}: 未列入 not expected, 但获支持 but funded" for i in sorted(funded - expect.funded)]
            yield Mismatch("获支持名单 funded", "allocation", _ids(expect.funded), _ids(funded), tuple(detail))
    for app_id, outcome in expect.outcomes.items():
        decision = decisions.get(app_id)
        if decision is None:
            yield Mismatch("分配结果 outcome", app_id, outcome.value, "（无此申请 no such application）")
        elif decision.outcome is not outcome:
            yield Mismatch(
                "分配结果 outcome", app_id, f"{outcome.value}〈{outcome.label}〉",
                f"{decision.outcome.value}〈{decision.outcome.label}〉", (decision.message,),
            )
    for app_id, amount in expect.amounts.items():
        decision = decisions.get(app_id)
        actual = "（无此申请 no such application）" if decision is None else _money(decision.funded)
        if decision is None or decision.funded != amount:
            why = () if decision is None else (decision.message,)
            yield Mismatch("分配金额 amount", app_id, _money(amount), actual, why)
    if expect.total is not None and expect.total != got.total:
        yield Mismatch("合计 total", "allocation", _money(expect.total), _money(got.total))
    for app_id, wanted in expect.assessments.items():
        if app_id not in assessments:
            yield Mismatch("评估 assessment", app_id, "an application of this case", "（无此申请 no such application）")
        else:
            yield from _compare_assessment(wanted, assessments[app_id])


def _ids(ids: frozenset[str]) -> str:
    return "、".join(sorted(ids)) or "（无 none）"


def _yes(value: bool | None) -> str:
    return {True: "是 yes", False: "否 no", None: "待定 pending"}[value]


def run_case_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> list[CaseResult]:
    """Run every case of a file (raises [`InputError`][subsidycalc.inputs.InputError] if it is malformed)."""
    loaded = load_case_file(path, max_bytes=max_bytes)
    return [run_case(case, source=f"{path} #{index + 1}") for index, case in enumerate(loaded.cases)]


