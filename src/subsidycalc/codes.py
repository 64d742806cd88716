"""Every reason code, in one table generated from the rules' parts, with Chinese and English labels.

Two kinds of code:

* the library's own (`Code`): ``DISTRICT_MISMATCH``, ``CAP_APPLIED`` …,
  labelled in `CODES`;
* a **condition's** own, made from its name: the condition ``quantifiable_benefits`` (「有不少于3项可量化
  可考核的经济和社会效益」) writes ``QUANTIFIABLE_BENEFITS_MET``, ``QUANTIFIABLE_BENEFITS_NOT_MET`` or
  ``QUANTIFIABLE_BENEFITS_NOT_DECLARED`` — so an integrator matches the code, never the subject.

`code_table` lists every code any registered rule can write, read off its parts
([`subsidycalc.engine.possible_codes`][subsidycalc.engine.possible_codes]), with the rules that can write it.

```pycon
>>> table = code_table()
>>> table["QUANTIFIABLE_BENEFITS_NOT_MET"].zh
'可量化可考核的经济和社会效益项数：未达到要求'
>>> table["QUANTIFIABLE_BENEFITS_NOT_MET"].en
'quantifiable benefits: not met'
>>> table["DISTRICT_MISMATCH"].en
'registration outside the district'

```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from .engine import possible_codes
from .findings import CODES, Code
from .parts.conditions import Condition, Indicator, WhenJoined, condition_code
from .registry import all_directions
from .rules import AnyRules

__all__ = ["CodeInfo", "code_table", "describe"]

_OUTCOMES: Final = {
    "MET": ("达到要求", "met"),
    "NOT_MET": ("未达到要求", "not met"),
    "NOT_DECLARED": ("未申报，无法核对", "not declared"),
}


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One reason code: what it means, in Chinese and English, and which rules can write it."""

    code: str
    zh: str
    en: str
    condition: str | None
    """The condition it belongs to (its name), or ``None`` for a code of the library."""
    rules: tuple[str, ...]
    """``programme/key`` of every rule that can write it."""


def _condition_labels(rules: AnyRules) -> Iterator[tuple[str, str, str, str]]:
    """``(code, zh, en, condition name)`` for each code a rule's conditions make from their names."""
    for condition in rules.conditions:
        yield from _labels_of(condition)
    if rules.minimum is not None:
        yield (condition_code("min_investment", "NOT_DECLARED"), "最低投资额所依据的金额未申报，无法核对",
               "minimum investment: amount not declared", "min_investment")


def _labels_of(condition: Condition) -> Iterator[tuple[str, str, str, str]]:
    if isinstance(condition, Indicator):
        return
    if isinstance(condition, WhenJoined):
        for part in condition.rules:
            yield from _labels_of(part)
        return
    words = condition.name.replace("_", " ")
    for outcome, (zh, en) in _OUTCOMES.items():
        yield condition_code(condition.name, outcome), f"{condition.label}：{zh}", f"{words}: {en}", condition.name


def code_table(rules: Mapping[str, AnyRules] | None = None) -> dict[str, CodeInfo]:
    """Every code the rules (by ``programme/key``, default every registered one) can write, sorted."""
    table = dict(rules) if rules is not None else all_directions()
    where: dict[str, list[str]] = {}
    labels: dict[str, tuple[str, str, str | None]] = {
        str(code): (zh, en, None) for code, (zh, en) in CODES.items()
    }
    for ref, one in table.items():
        for code, zh, en, name in _condition_labels(one):
            labels.setdefault(code, (zh, en, name))
        for code in possible_codes(one):
            where.setdefault(str(code), []).append(ref)
    return {
        code: CodeInfo(code, *labels[code], rules=tuple(refs))
        for code, refs in sorted(where.items())
    }


def describe(code: str, rules: Mapping[str, AnyRules] | None = None) -> tuple[str, str]:
    """``(zh, en)`` of one code (a code of the library, or of a condition of the rules)."""
    if code in Code.__members__:
        return CODES[Code(code)]
    found = code_table(rules).get(code)
    if found is None:
        raise KeyError(f"unknown reason code {code!r}: no registered rule writes it")
    return found.zh, found.en
