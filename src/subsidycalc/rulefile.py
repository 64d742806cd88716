"""Policies written as YAML rule files, beside their text: authored without Python, loaded like a
module, every quote verified verbatim against the text at load.

A rule file holds the document, its directions (items) and optionally its exclusion rules and
passing example applications. Each direction is a [`Rule`][subsidycalc.rules.Rule] — the data it
dumps to JSON (``rules.model_dump(mode="json")``) without ``programme`` and ``key``, which the file
gives once, and without ``document`` in its citations, which is the file's programme: a ``base``
(``kind: invoices``, ``declared``, ``lump_sum`` or ``none``), the ``gates`` its text states (each
with its ``kind``), the minimum, conditions, reviews, a ``payout`` and the quota::

    programme: xiangzhou-2026
    document:
      title: 香洲区数字化改造项目奖补申报指南
      number: 香工信〔2026〕1号
      issuer: 珠海市香洲区工业和信息化局
      date: 2026-03-01
      short: 香洲2026指南
      text: xiangzhou-2026.txt            # beside this file
    directions:
      direction_1:
        topic_key: digital
        topic: 数字化改造
        name: 数字化改造项目
        basis: {clause: 一、支持方向, quote: 支持区内工业企业实施数字化改造项目}
        base:
          kind: invoices
          window:
            value: {start: 2026-01-01, end: 2026-12-31}
            label: 项目投入期限（以发票时间为准）
            citation: {clause: 二、支持范围, quote: 项目投入的期限为2026年1月1日至2026年12月31日（以发票时间为准）}
          ...
        payout:
          rate: {value: 25%, label: 奖补比例, citation: {clause: 四、支持方式, quote: 按项目投资额的25%给予奖补}}
          cap: {value: 50万, label: 最高奖补, citation: {clause: 四、支持方式, quote: 每个项目最高50万元}}

`load_policy` reads one and registers it ([`subsidycalc.catalog.register`][subsidycalc.catalog.register]), so
assessment, allocation, the batch engine, ``subsidycalc rules`` and the docs treat it as a bundled
document. `lint` reports every problem with its place in the file (``subsidycalc lint``):
each quote not in the text, unknown fact or measure, unknown cost category, uncited value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final, get_args

import yaml
from pydantic import TypeAdapter, ValidationError

from . import catalog
from .citations import Document
from .exclusion import CountLimit, Exclusion
from .inputs import FieldError, InputError, errors_from, guarded_yaml_loader, load_applications, read_input
from .models import Category
from .parts.gates import Gate
from .rules import MEASURES, Rule

__all__ = ["RulePolicy", "lint", "load_policy"]

_MEASURE_KEYS: Final = frozenset({
    "measure", "numerator", "denominator", "since", "flag", "gate", "clawback_gate", "minimum_measure",
    "base_measure", "reserve_measure", "investment_measure",
})
_CATEGORY_KEYS: Final = frozenset({"counted", "excluded", "in_base"})
_EXCLUSIONS: Final = TypeAdapter(tuple[Exclusion | CountLimit, ...])
_TAGS: Final = frozenset(
    {"invoices", "declared", "lump_sum", "none", "compare", "share", "flag", "tenure", "indicator", "any_of",
     "enterprise_cap", "years", "stacking", "once", "top_up", "Exclusion", "CountLimit"}
    | {kind for gate in get_args(get_args(Gate)[0]) for kind in get_args(gate.model_fields["kind"].annotation)}
)
"""The tags pydantic puts in the location of an error inside a discriminated union."""


class RulePolicy:
    """A policy loaded from a rule file: the same attributes as a policy module
    ([`PolicyModule`][subsidycalc.catalog.PolicyModule]), its notes as ``__doc__``, its file as ``__name__``."""

    def __init__(
        self,
        *,
        programme: str,
        document: Document,
        directions: Mapping[str, Rule],
        exclusions: tuple[Exclusion | CountLimit, ...],
        examples: tuple[Mapping[str, Any], ...],
        path: Path,
        notes: str,
    ) -> None:
        self.PROGRAMME = programme
        self.DOCUMENT = document
        self.DIRECTIONS = directions
        self.EXCLUSIONS = exclusions
        self.EXAMPLES = examples
        self.path = path
        self.__doc__ = notes
        self.__name__ = str(path)

    def __repr__(self) -> str:
        return f"RulePolicy({self.PROGRAMME!r}, {str(self.path)!r})"


def load_policy(path: str | Path, *, register: bool = True) -> RulePolicy:
    """Read a rule file, verify every quote against its text, and (by default) register it.

    Raises [`InputError`][subsidycalc.inputs.InputError] with every problem `lint` finds.
    """
    policy, problems = _read(Path(path))
    if problems or policy is None:
        raise InputError(problems, str(path))
    if register:
        catalog.register(policy)
    return policy


def lint(path: str | Path) -> list[FieldError]:
    """Every problem of a rule file, each with its place (``directions.direction_1.cap.citation``
    and the line): YAML errors, quotes not verbatim in the text, unknown measures and facts,
    unknown cost categories, uncited or malformed values."""
    return _read(Path(path))[1]


def _read(path: Path) -> tuple[RulePolicy | None, list[FieldError]]:
    try:
        text = read_input(path)
    except InputError as exc:
        return None, list(exc.errors)
    try:
        loader = guarded_yaml_loader(yaml.SafeLoader)
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark is not None else "(file)"
        return None, [FieldError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}", "")]
    lines = dict(_lines(node)) if node is not None else {}
    if not isinstance(data, dict):
        return None, [FieldError("(top level)", "expected a mapping with programme, document and directions", "")]
    problems: list[FieldError] = []

    reported: set[str] = set()

    def problem(where: str, message: str, value: object = "", *, shown: str | None = None) -> None:
        """One problem at ``where``; a second one at the same place (pydantic's word on a value
        already reported more plainly) is left out."""
        if where in reported:
            return
        reported.add(where)
        line = lines.get(where) or lines.get(where.rpartition(".")[0])
        place = f"{where} (line {line})" if line else where
        problems.append(FieldError(place, message, shown if shown is not None else "" if value == "" else repr(value)))

    programme = data.get("programme")
    if not isinstance(programme, str) or not programme:
        problem("programme", "missing: expected the programme id, e.g. 'xiangzhou-2026'", programme)
        return None, problems
    if programme in catalog.BUILT_IN:
        problem("programme", "is a bundled programme: expected a new programme id", programme)
        return None, problems
    doc_data = data.get("document")
    if not isinstance(doc_data, dict):
        problem("document", "missing: expected title, number, issuer, date, short and text")
        return None, problems
    text_path = path.parent / str(doc_data.get("text", ""))
    try:
        policy_text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        problem("document.text", f"cannot read the policy text {text_path}: {exc.strerror}", doc_data.get("text"))
        policy_text = None
    try:
        document = Document(
            key=programme,
            title=doc_data.get("title"),
            number=doc_data.get("number"),
            issuer=doc_data.get("issuer"),
            date=str(doc_data.get("date", "")),
            short=doc_data.get("short"),
            level=doc_data.get("level"),
            text_file=str(text_path),
            text_package=None,
        )
    except ValidationError as exc:
        for error in errors_from(exc):
            problem(f"document.{error.path}", error.message, shown=error.value)
        document = None

    _with_document(data, programme)
    for where, value in _walk(data):
        key = where.rpartition(".")[2].partition("[")[0]
        if key == "quote" and policy_text is not None and isinstance(value, str) and value not in policy_text:
            problem(where, f"quote not found verbatim in {text_path.name}: expected a verbatim quote of the text", value)
        elif key in _MEASURE_KEYS and isinstance(value, str) and value not in MEASURES:
            known = sorted(m for m in MEASURES if m.startswith("facts.")) if value.startswith("facts.") else sorted(MEASURES)
            problem(where, f"unknown {'fact' if value.startswith('facts.') else 'measure'}: expected one of {', '.join(known)}", value)
    for where, value in _category_values(data):
        if value not in Category._value2member_map_:
            problem(where, f"unknown cost category: expected one of {', '.join(c.value for c in Category)}", value)

    directions: dict[str, Rule] = {}
    raw = data.get("directions")
    if not isinstance(raw, dict) or not raw:
        problem("directions", "missing: expected at least one direction by key")
        raw = {}
    for key, item in raw.items():
        where = f"directions.{key}"
        if not isinstance(item, dict):
            problem(where, "expected a mapping of the direction's rule data")
            continue
        try:
            directions[str(key)] = Rule.model_validate({**item, "programme": programme, "key": str(key)})
        except ValidationError as exc:
            for error in errors_from(exc):
                inner = _without_tags(error.path)
                place = f"{where}.{inner}" if inner != "(top level)" else where
                problem(place, error.message, shown=error.value)
    exclusions: tuple[Exclusion | CountLimit, ...] = ()
    try:
        exclusions = _EXCLUSIONS.validate_python(data.get("exclusions", ()))
    except ValidationError as exc:
        for error in errors_from(exc):
            where = _without_tags(error.path)
            problem("exclusions" if where == "(top level)" else f"exclusions{where}", error.message, shown=error.value)
    examples = data.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples):
        problem("examples", "expected a list of applications")
        examples = []
    for index, example in enumerate(examples):
        if example.get("programme", programme) != programme:
            problem(f"examples[{index}].programme", f"expected {programme!r}: the examples are this file's", example["programme"])
    unknown = set(data) - {"programme", "document", "notes", "directions", "exclusions", "examples"}
    for name in sorted(unknown):
        problem(name, "unknown key: expected programme, document, notes, directions, exclusions, examples")
    if problems or document is None:
        return None, problems
    policy = RulePolicy(
        programme=programme,
        document=document,
        directions=directions,
        exclusions=exclusions,
        examples=tuple({**e, "programme": programme} for e in examples),
        path=path,
        notes=str(data.get("notes") or f"{document.title}（{document.number}），规则文件 {path.name}"),
    )
    if policy.EXAMPLES:
        with catalog.registered(policy):  # the examples name the programme: validate them under it
            try:
                load_applications(list(policy.EXAMPLES))
            except InputError as exc:
                for error in exc.errors:
                    problem(f"examples{error.path}", error.message, shown=error.value)
                return None, problems
    return policy, problems


_WRAPPER: Final = re.compile(r"\.(?:Cited\[[^\]]*\]|function-[a-z]+\[[^\]]*\])")
_TAG: Final = re.compile(r"(\bbase|\])\.(?:" + "|".join(sorted(_TAGS, key=len, reverse=True)) + r")(?=\.|\[|$)")


def _without_tags(path: str) -> str:
    """A pydantic location without the union tags it inserts (``base.invoices.counted`` is the
    file's ``base.counted``)."""
    return _TAG.sub(lambda m: m.group(1), _WRAPPER.sub("", path))


def _with_document(data: Any, programme: str) -> None:
    """Give every citation (a mapping with ``clause`` and ``quote``) the file's document key."""
    if isinstance(data, dict):
        if "clause" in data and "quote" in data:
            data.setdefault("document", programme)
        for key, value in data.items():
            if key != "examples":
                _with_document(value, programme)
    elif isinstance(data, list):
        for value in data:
            _with_document(value, programme)


def _walk(data: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "examples" and not where:
                continue
            yield from _walk(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, f"{where}[{index}]")
    else:
        yield where, data


def _category_values(data: Any) -> Iterator[tuple[str, Any]]:
    """The cost categories a file names: ``counted``, ``excluded`` and ``in_base`` of each base."""
    raw = data.get("directions")
    if not isinstance(raw, dict):
        return
    for key, item in raw.items():
        base = item.get("base") if isinstance(item, dict) else None
        if not isinstance(base, dict):
            continue
        for name in sorted(_CATEGORY_KEYS):
            cited = base.get(name)
            values = cited.get("value") if isinstance(cited, dict) else None
            if isinstance(values, list):
                for index, value in enumerate(values):
                    yield f"directions.{key}.base.{name}.value[{index}]", value


def _lines(node: yaml.Node, where: str = "") -> Iterator[tuple[str, int]]:
    """``(place, line)`` of every node of a composed YAML document."""
    yield where, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            yield from _lines(value, f"{where}.{name}" if where else name)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield from _lines(value, f"{where}[{index}]")
