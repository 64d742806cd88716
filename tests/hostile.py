"""Hostile inputs and the oracle that judges what the library does with them.

Every :class:`Mutant` is a bundled example application (all five documents) edited by one named
mutator drawn from a seeded :class:`random.Random` (string seeds, hashed with SHA-512: every process
draws the same mutants) — control and invisible characters in identity texts, near-duplicate
invoice numbers, over-long texts, huge and non-finite numbers, counts past 10^9 and 2^63, dates
outside 1900–2199, wrong types, dropped and unknown keys, deep nesting and duplicate keys in JSON
text, and the snapshot's plain value edits — with what the library must do with it: ``refuse``
(a clean validation error) or ``any`` (a clean error or a valid result).

:func:`classify` runs one mutant through validation, assessment and the checks an accepted
application must pass, and names the outcome:

* ``valid`` — accepted, and every check holds: the dump re-validates to an equal model with the same
  dump; the assessment dumps to JSON and explains itself in both languages; the batch engine gives
  the scalar engine's eligibility, money and codes; the award is exact :class:`Money`, never
  negative; no identity text holds a control or invisible character;
* ``clean_error`` — refused with :class:`~subsidycalc.inputs.InputError` or pydantic's
  ``ValidationError`` (the library's documented validation errors);
* ``crash`` — any other exception, at any stage;
* ``silent`` — accepted although the mutant must be refused;
* ``wrong`` — accepted, but a check fails;

and whether it was slow (over :data:`SLOW` seconds for validation, assessment and checks).

Plain ``random`` only, no Hypothesis: ``benchmarks/fuzz.py`` runs the same mutants by the hundred
thousand, and ``tests/test_hostile.py`` draws a bounded sample of them through Hypothesis.
"""

from __future__ import annotations

import contextlib
import copy
import json
import random
import re
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from types import UnionType
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ValidationError
from pydantic.fields import FieldInfo

from subsidycalc import catalog
from subsidycalc.batch import Population, evaluate
from subsidycalc.findings import Severity
from subsidycalc.inputs import InputError, example_ledger, load_applications, parse_json
from subsidycalc.models import MAX_COUNT, PRINTABLE, Application, Facts
from subsidycalc.money import MAX_FEN, Money, Ratio
from subsidycalc.registry import assess, directions, programmes
from subsidycalc.result import Assessment
from tests.snapshot import _leaves, example_dicts, mutate

__all__ = [
    "CLEAN",
    "DOCUMENTED_BATCH",
    "MUTATORS",
    "SLOW",
    "Mutant",
    "Outcome",
    "batch_view",
    "check",
    "classify",
    "load",
    "mutant",
    "mutants",
    "raised_in",
    "scalar_view",
    "slots",
]

Payload = dict[str, Any] | list[Any] | str
"""A JSON-like application or list of them (validated with ``load_applications``) or JSON text
(``parse_json`` first)."""
Expect = Literal["refuse", "any"]
Kind = Literal["valid", "clean_error", "crash", "silent", "wrong"]
Path = tuple[str | int, ...]

SLOW: Final = 0.100
"""Seconds: validation, assessment and checks of one input taking longer are reported as slow."""
CLEAN: Final = (InputError, ValidationError)
"""The library's validation errors (``inputs.InputError``; pydantic's ``ValidationError`` from the models)."""
MAX_AMOUNT_YUAN: Final = MAX_FEN // 100
"""The largest amount accepted (``money.MAX_FEN``, 10^12 元): above it, refused."""


@dataclass(frozen=True, slots=True)
class Mutant:
    """One hostile input: which mutator made it, where, the payload and what must happen to it."""

    name: str
    """The mutator's label (``control_char``, ``huge_amount`` …)."""
    payload: Payload
    expect: Expect
    where: str
    """The field edited (``invoices[0].number``), or what was done to the text."""
    value: str
    """``repr`` of what was put there, at most 200 characters."""
    example: str
    programme: str
    with_ledger: bool
    key: str
    """``seed:index``: ``mutant(seed, index)`` rebuilds it (with ``only=name`` if drawn for one mutator)."""

    def __str__(self) -> str:
        return f"{self.name} [{self.key}] {self.example} {self.where} = {self.value} (expect {self.expect})"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the library did with a mutant."""

    kind: Kind
    seconds: float
    detail: str = ""
    """The exception (type: message) or the failed check; for ``silent``, what was accepted."""
    raised_in: str = ""
    """The innermost ``subsidycalc`` frame of the exception: ``module.function:line``."""
    batch_unsupported: bool = False
    """The batch engine refused the accepted application with an error it documents (OverflowError)."""

    @property
    def slow(self) -> bool:
        return self.seconds > SLOW

    @property
    def ok(self) -> bool:
        return self.kind in ("valid", "clean_error")


def _shown(value: Any) -> str:
    """``repr`` cut to 200 characters (an int past Python's 4,300-digit limit has no ``repr``)."""
    try:
        text = repr(value)
    except ValueError:
        text = f"<{type(value).__name__} with an int past 4,300 digits>"
    return text if len(text) <= 200 else text[:197] + "..."


# -- the models' fields, read from the models themselves ----------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in a payload a mutator can edit: a field of a model node (present or not), or an item
    of a set of texts or enums."""

    path: Path
    kind: str
    """``identity`` (printable text), ``free`` (any text), ``credit_code``, ``amount``, ``ratio``, ``date``,
    ``instant``, ``count`` (strict int), ``int``, ``decimal``, ``bool``, ``enum``, ``model``, ``list``
    (of models), ``set`` (of texts or enums), ``indicators``, or ``item:<kind>`` for a set's item."""
    required: bool
    present: bool
    model: type[BaseModel] | None = None
    """The model of a ``model`` or ``list`` slot."""


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    meta = list(metadata)
    while True:
        if get_origin(annotation) in (Union, UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0]
        elif get_origin(annotation) is Annotated:
            base, *extra = get_args(annotation)
            for item in extra:
                meta.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            annotation = base
        else:
            return annotation, meta


def _kind(annotation: Any, metadata: list[Any]) -> tuple[str, Any]:
    annotation, meta = _unwrap(annotation, metadata)
    origin = get_origin(annotation)
    if origin in (tuple, frozenset, list, set):
        inner = get_args(annotation)[0]
        kind, model = _kind(inner, [])
        return ("list", model) if kind == "model" else (f"set:{kind}", None)
    if origin is dict:
        return "indicators", None
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return "model", annotation
        for kind, base in (("amount", Money), ("ratio", Ratio), ("instant", datetime), ("date", date),
                           ("bool", bool), ("enum", Enum), ("decimal", Decimal)):
            if issubclass(annotation, base):
                return kind, None
        if annotation is int:
            return ("count" if any(getattr(m, "strict", False) for m in meta) else "int"), None
        if annotation is str:
            if any(getattr(m, "pattern", None) == PRINTABLE for m in meta):
                return "identity", None
            if any(isinstance(m, AfterValidator) for m in meta):
                return "credit_code", None
            return "free", None
    return "other", None


@cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[str, Any, bool]]:
    """Per field of ``model``: its kind, its model (for nested ones) and whether it is required."""
    found = {}
    for name, info in model.model_fields.items():
        kind, inner = _kind(info.annotation, list(info.metadata))
        found[name] = (kind, inner, info.is_required())
    return found


def slots(data: dict[str, Any], programme: str) -> list[Slot]:
    """Every editable place of an application payload; facts only those ``programme`` reads (a fact of
    another document is refused for that alone, which would hide what a mutation tests)."""
    found: list[Slot] = []
    known = catalog.fact_names(programme) if programme in programmes() else frozenset()
    _walk(data, Application, (), known, found)
    return found


def _walk(node: dict[str, Any], model: type[BaseModel], path: Path, facts: frozenset[str], out: list[Slot]) -> None:
    for name, (kind, inner, required) in _fields(model).items():
        if model is Facts and name not in facts and name not in node:
            continue
        present = name in node
        out.append(Slot((*path, name), kind, required, present, inner))
        value = node.get(name)
        if kind == "model" and isinstance(value, dict):
            _walk(value, inner, (*path, name), facts, out)
        elif kind == "list" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    out.append(Slot((*path, name, index), "model", False, True, inner))
                    _walk(item, inner, (*path, name, index), facts, out)
        elif kind.startswith("set:") and isinstance(value, list):
            out.extend(Slot((*path, name, i), f"item:{kind[4:]}", False, True) for i in range(len(value)))


def _where(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text or "(top level)"


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _put(data: Any, path: Path, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


# -- mutators --------------------------------------------------------------------------------------

Result = tuple[Payload, Expect, str, Any]
"""``(payload, expect, where, value put there)``; a mutator returns ``None`` where it does not apply."""
Mutator = Callable[[random.Random, dict[str, Any], str], Result | None]

CONTROL: Final = ("\x00", "\x1f", "\x7f", "\x85", "\x08", "\x1b", "\x9f")
INVISIBLE: Final = ("\u200b", "\u200d", "\ufeff", "\u2060", "\u202e", "\u200e", "\u2064")
STRIPPED: Final = frozenset("\x85\u2028\u2029")
"""Unicode white space pydantic strips from both ends (``str_strip_whitespace``): at an end, it is gone."""
FREE_SKIP: Final = frozenset({"programme", "direction"})


def _pick(rng: random.Random, found: list[Slot], *kinds: str, present: bool | None = True) -> Slot | None:
    """A slot of one of ``kinds``; ``present=None``: a field the payload has 70% of the time (there are
    many more absent optional fields than present ones), else any."""
    chosen = [s for s in found if s.kind in kinds and (present is None or s.present == present)]
    if present is None and rng.random() < 0.7:
        chosen = [s for s in chosen if s.present] or chosen
    return rng.choice(chosen) if chosen else None


def _edit_text(rng: random.Random, text: str, char: str) -> tuple[str, bool]:
    """``text`` with ``char`` inserted inside, appended or prepended; and whether it is at an end."""
    where = rng.choice(("inside", "end", "start"))
    if where == "inside" or len(text) < 2:
        cut = rng.randint(1, max(1, len(text) - 1)) if len(text) >= 2 else len(text)
        return text[:cut] + char + text[cut:], len(text) < 2
    return (text + char, True) if where == "end" else (char + text, True)


def _identity_char(chars: tuple[str, ...]) -> Mutator:
    def mutator(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
        slot = _pick(rng, slots(data, programme), "identity", "item:identity")
        if slot is None:
            return None
        value = _get(data, slot.path)
        if not isinstance(value, str) or not value:
            return None
        char = rng.choice(chars)
        edited, at_end = _edit_text(rng, value, char * rng.choice((1, 1, 3)))
        _put(data, slot.path, edited)
        return data, "any" if at_end and char in STRIPPED else "refuse", _where(slot.path), edited

    return mutator


def free_text_char(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Control, invisible and surrogate characters, or 10,000 characters, in texts no rule compares
    (the application id, descriptions, roles): either outcome is fine, a crash is not."""
    found = [s for s in slots(data, programme) if s.kind == "free" and s.path[-1] not in FREE_SKIP]
    if not found:
        return None
    slot = rng.choice(found)
    base = str(_get(data, slot.path)) if slot.present else "说明"
    edited = base * 5000 if rng.random() < 0.2 else _edit_text(rng, base, rng.choice((*CONTROL, *INVISIBLE, "\ud800")))[0]
    _put(data, slot.path, edited)
    return data, "any", _where(slot.path), edited


def surrogate(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A lone surrogate (what ``"\\ud800"`` in JSON decodes to) in an identity text: no valid text."""
    slot = _pick(rng, slots(data, programme), "identity")
    if slot is None:
        return None
    edited = _edit_text(rng, str(_get(data, slot.path)), rng.choice(("\ud800", "\udfff", "\udc80")))[0]
    _put(data, slot.path, edited)
    return data, "refuse", _where(slot.path), edited


_FULL_WIDTH: Final = {ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"}


def _near(rng: random.Random, number: str) -> str:
    """The same number as a person reads it: full-width, spaced, tabbed or padded."""
    how = rng.choice(("full_width", "inner_space", "ideographic_space", "tab", "padded", "mixed"))
    if how == "full_width":
        return number.translate(_FULL_WIDTH)
    if how in ("inner_space", "ideographic_space", "tab"):
        space = {"inner_space": " ", "ideographic_space": "\u3000", "tab": "\t"}[how]
        cut = rng.randint(1, max(1, len(number) - 1))
        return number[:cut] + space + number[cut:]
    if how == "padded":
        return f"  {number} "
    return " ".join(number[:2].translate(_FULL_WIDTH) + number[2:])


def near_duplicate(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A second invoice (or contract) whose number is an existing one full-width or spaced: the same
    number after NFKC and whitespace removal, refused as a duplicate."""
    field = "contracts" if data.get("contracts") and rng.random() < 0.3 else "invoices"
    items = data.setdefault(field, [])
    if not items:
        items.append({"number": "4400009999", "issued_on": "2023-05-01", "amount_excl_tax": "10万",
                      "category": "software", "supplier": "珠海联智软件有限公司"})
    index = rng.randrange(len(items))
    twin = copy.deepcopy(items[index])
    twin["number"] = _near(rng, str(twin["number"]))
    if field == "invoices" and "contract" in twin and rng.random() < 0.5:
        del twin["contract"]
    items.insert(rng.randint(0, len(items)), twin)
    return data, "refuse", f"{field}[+].number ~ {field}[{index}].number", twin["number"]


_VALUE_KINDS: Final = ("amount", "ratio", "date", "instant")
_VALID_TEXT: Final = {"amount": "100万", "ratio": "35%", "date": "2023-05-01", "instant": "2024-04-10T10:30:00+08:00"}


def long_value_text(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """An amount, ratio, date or time text of 65 to 100,000 characters (spaces then junk, padding
    around a valid value, leading zeros, digits of any script): refused by length, in bounded time."""
    slot = _pick(rng, slots(data, programme), *_VALUE_KINDS, present=None)
    if slot is None:
        return None
    length = int(10 ** rng.uniform(1.82, 5))  # 65 .. 100,000, log-uniform
    valid = _VALID_TEXT[slot.kind]
    how = rng.choice(("spaces_junk", "spaces_valid", "valid_spaces", "zeros", "digits", "full_width", "arabic"))
    text = {
        "spaces_junk": lambda: " " * length + "x1",
        "spaces_valid": lambda: " " * (length - len(valid)) + valid,
        "valid_spaces": lambda: valid + " " * (length - len(valid)),
        "zeros": lambda: "0" * (length - 1) + "1",
        "digits": lambda: "1" * length,
        "full_width": lambda: "１" * length,
        "arabic": lambda: "\u0661" * length,
    }[how]()
    _put(data, slot.path, text)
    return data, "refuse", f"{_where(slot.path)} ({how}, {len(text)} chars)", text


def long_identity(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """An identity text over 200 characters (names, numbers, places): refused; exactly 200: either."""
    slot = _pick(rng, slots(data, programme), "identity", "item:identity")
    if slot is None:
        return None
    base = str(_get(data, slot.path)) or "名"
    length = rng.choice((200, 201, 256, 1000, 10_000, 100_000))
    text = (base * (length // len(base) + 1))[:length]
    _put(data, slot.path, text)
    return data, "any" if length <= 200 else "refuse", f"{_where(slot.path)} ({length} chars)", text


_HUGE_AMOUNTS: Final[tuple[tuple[Any, Expect], ...]] = (
    (10 * MAX_AMOUNT_YUAN, "refuse"), (MAX_AMOUNT_YUAN + 1, "refuse"), (MAX_AMOUNT_YUAN, "any"), (10**18, "refuse"),
    (2**63, "refuse"),
    (10**5000 - 1, "refuse"), ("1000000000000.01", "refuse"), ("1000000000000.00", "any"),
    ("1000000000000", "any"), ("100000001万", "refuse"), ("100000000万", "any"), ("1,000,000,000,000.01", "refuse"),
    ("9" * 64, "refuse"), ("1E+1000000", "refuse"), ("1e300", "refuse"), (1e300, "refuse"), (1e13, "refuse"),
    (1.7976931348623157e308, "refuse"), ("nan", "refuse"), ("NaN", "refuse"), ("inf", "refuse"),
    ("-inf", "refuse"), ("Infinity", "refuse"), (float("nan"), "refuse"), (float("inf"), "refuse"),
    ("１０００００００００００００", "refuse"), ("¥10000000000000元", "refuse"),
)
_HUGE_SCORES: Final[tuple[tuple[Any, Expect], ...]] = (
    ("1E+1000000", "any"), ("1e300", "any"), (10**5000, "any"), ("9" * 4000, "any"), (1e300, "any"),
    ("NaN", "refuse"), ("Infinity", "refuse"), (float("nan"), "refuse"), ("-1", "refuse"), ("-1E+1000000", "refuse"),
)


def _put_one_of(
    rng: random.Random, data: dict[str, Any], programme: str, values: dict[str, tuple[tuple[Any, Expect], ...]]
) -> Result | None:
    """Put one of the ``values`` of its kind (with what the library must do with it) into a field
    of one of the kinds named (present or not); ``None`` if the application has no such field."""
    slot = _pick(rng, slots(data, programme), *values, present=None)
    if slot is None:
        return None
    value, expect = rng.choice(values[slot.kind])
    _put(data, slot.path, value)
    return data, expect, _where(slot.path), value


def huge_amount(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Amounts above 10^12 元 (JSON ints, 5,000 digits, 1E+1000000, 1e300, NaN and infinities):
    refused; 10^12 元 itself: either. Sometimes a review score or indicator instead (either)."""
    if rng.random() < 0.15:
        value, expect = rng.choice(_HUGE_SCORES)
        if "indicators" in catalog.fact_names(programme) and rng.random() < 0.5:  # may be negative
            data.setdefault("facts", {}).setdefault("indicators", {})["2-2.1"] = value
            finite = not (isinstance(value, float | str) and str(value).lower().lstrip("-") in ("nan", "infinity"))
            return data, "any" if finite else "refuse", "facts.indicators.2-2.1", value
        data["review_score"] = value
        return data, expect, "review_score", value
    return _put_one_of(rng, data, programme, {"amount": _HUGE_AMOUNTS})


_COUNTS: Final[tuple[tuple[Any, Expect], ...]] = (
    (MAX_COUNT + 1, "refuse"), (2**63, "refuse"), (2**63 - 1, "refuse"), (2**64, "refuse"), (10**100, "refuse"),
    (10**5000 - 1, "refuse"), (MAX_COUNT, "any"), (-1, "refuse"), (-(2**63), "refuse"), (-(2**64), "refuse"),
    (True, "refuse"), (3.0, "refuse"), ("3", "refuse"), (1e300, "refuse"),
)


def huge_count(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A count fact of the programme past 10^9, at 2^63 and beyond, negative, or not an int: refused.
    Sometimes the year or preference instead (past their documented ranges)."""
    if rng.random() < 0.15:
        field = rng.choice(("year", "preference"))
        value, _ = rng.choice(_COUNTS[:6])
        data[field] = value
        return data, "refuse", field, value
    return _put_one_of(rng, data, programme, {"count": _COUNTS})


_NEGATIVE_COUNTS: Final[tuple[tuple[Any, Expect], ...]] = ((-1, "refuse"), (-(10**9), "refuse"), (-0, "any"))
_NEGATIVE_AMOUNTS: Final[tuple[tuple[Any, Expect], ...]] = (
    ("-1", "refuse"), ("−1", "refuse"), ("-0.01", "refuse"), (-5, "refuse"), ("-100万", "refuse"), (-0.01, "refuse"),
    ("-0", "any"), ("-0.00", "any"),
)


def negative(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Negative amounts (ASCII and Unicode minus, 1 分 below zero) and counts: refused; ``-0``: either."""
    return _put_one_of(rng, data, programme, {"amount": _NEGATIVE_AMOUNTS, "count": _NEGATIVE_COUNTS})


_DATES: Final[tuple[tuple[Any, Expect], ...]] = (
    ("9999-12-31", "refuse"), ("0001-01-01", "refuse"), ("1899-12-31", "refuse"), ("2200-01-01", "refuse"),
    ("9999年12月31日", "refuse"), ("0001/1/1", "refuse"), ("1900-01-01", "any"), ("2199-12-31", "any"),
    ("2023-02-29", "refuse"), ("2024-02-30", "refuse"), ("2023-13-01", "refuse"), ("2023-W01-1", "any"),
    ("20230101", "any"), ("2023-001", "any"), ("２０２３年１月１日", "any"), ("1900-01-01T00:00:00+14:00", "any"),
    ("9999-12-31T23:59:59-12:00", "refuse"), ("0001-01-01T00:00:00+14:00", "refuse"),
)
_INSTANTS: Final[tuple[tuple[Any, Expect], ...]] = (
    ("9999-12-31T23:59:59-12:00", "refuse"), ("0001-01-01T00:00:00+14:00", "refuse"),
    ("9999-12-31T23:59:59", "refuse"), ("0001-01-01T00:00:00", "refuse"), ("9999-12-31T23:59:59.999999+08:00", "refuse"),
    ("2200-01-01T00:00:00+08:00", "refuse"), ("1899-12-31T23:59:59+08:00", "refuse"), ("9999年12月31日23:59", "refuse"),
    ("0001-01-01 00:00", "refuse"), ("1900-01-01T12:00:00+08:00", "any"), ("2199-12-31T12:00:00+08:00", "any"),
    ("2199-12-31T23:59:59-12:00", "any"), ("1900-01-01T00:00:00+14:00", "any"),
    ("2024-04-15T18:00:00+23:59", "any"), ("2024-04-15T18:00:00.000001-23:59", "any"), ("2024-04-15T23:59:60", "any"),
    ("2024-04-15T24:00:00", "any"), ("2024-04-15", "refuse"), ("2024-04-15T18:00:00+24:00", "refuse"),
)


def extreme_date(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Dates and instants at the ends of ``datetime`` (9999-12-31, 0001-01-01, with offsets that push
    them over) or just outside 1900–2199: refused; the range's own ends: either."""
    return _put_one_of(rng, data, programme, {"date": _DATES, "instant": _INSTANTS})


_WRONG: Final[dict[str, tuple[Any, ...]]] = {
    "identity": (["珠海"], {"text": "珠海"}, 12345, True, 1.5),
    "free": (["x"], {"text": "x"}, 12345, True),
    "credit_code": ([" 91440403AY4CL12TH3"], 914404031, True),
    "amount": ({"yuan": 100}, [100], True, False, {}),
    "ratio": ({"percent": 35}, [0.35], True, False),
    "date": (True, 20230101, ["2023-01-01"], {"y": 2023}, 1.5),
    "instant": (True, 1712716200, ["2024-04-10T10:30:00"], {"t": 1}),
    "count": (True, False, "3", 3.0, [3], {"n": 3}),
    "int": ([2023], {"y": 2023}, "year", 1.5),
    "decimal": ([88], {"v": 88}, "eighty"),
    "bool": ("maybe", [True], {"v": True}, 2, 0.5),
    "enum": ("SOFTWARE", 1, ["software"], {"kind": "software"}),
    "model": ("text", ["x"], 5, True),
    "list": ({"number": "1"}, "abc", 5, [5], ["x"]),
    "indicators": ([1], "abc", {"2-2.1": [1]}, {"2-2.1": "lots"}),
}


def wrong_type(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A value of the wrong type for its field (a list for a text, a dict for an amount, a bool for an
    amount or a count, a text for a list…): refused. Sets get a scalar, their items a list."""
    found = [s for s in slots(data, programme) if s.present and (s.kind in _WRONG or s.kind.startswith(("set:", "item:")))]
    if not found:
        return None
    slot = rng.choice(found)
    if slot.kind.startswith("set:"):
        value: Any = rng.choice(("abc", 5, {"a": 1}, True))
    elif slot.kind.startswith("item:"):
        value = rng.choice((["x"], {"a": 1}, 5))
    else:
        value = rng.choice(_WRONG[slot.kind])
    _put(data, slot.path, value)
    return data, "refuse", _where(slot.path), value


def drop_required(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A required key dropped (an invoice's number, the enterprise's city…): refused."""
    slot = _pick(rng, [s for s in slots(data, programme) if s.required], *_fields_kinds())
    if slot is None:
        return None
    del _get(data, slot.path[:-1])[slot.path[-1]]
    return data, "refuse", _where(slot.path), "(dropped)"


@cache
def _fields_kinds() -> tuple[str, ...]:
    return tuple({kind for model in _models() for kind, _, _ in _fields(model).values()})


@cache
def _models() -> tuple[type[BaseModel], ...]:
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [Application]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        todo += [inner for _, inner, _ in _fields(model).values() if inner is not None]
    return tuple(seen)


_UNKNOWN_KEYS: Final = ("unknown", "amount", "Number", "numbér", "__proto__", "", " number", "number\x00")


def unknown_key(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A key no model has (a typo, a case variant, an empty or NUL-bearing key), or a fact of another
    document: refused (``extra="forbid"``; the facts a programme reads)."""
    nodes = [s for s in slots(data, programme) if s.kind == "model" and s.present] + [Slot((), "model", True, True)]
    slot = rng.choice(nodes)
    node = _get(data, slot.path)
    if not isinstance(node, dict):
        return None
    if slot.path[-1:] == ("facts",) and rng.random() < 0.5:
        others = sorted(set(Facts.model_fields) - catalog.fact_names(programme) - {"indicators"})
        key = rng.choice(others)
        node[key] = _plausible(key)
    else:
        key = rng.choice(_UNKNOWN_KEYS)
        if key in node:
            return None
        node[key] = "1"
    return data, "refuse", _where((*slot.path, key)), key


def _plausible(fact: str) -> Any:
    kind = _fields(Facts)[fact][0]
    return {"count": 3, "bool": True, "ratio": "50%", "date": "2020-01-01"}.get(kind, "1")


# -- mutators of the JSON text ---------------------------------------------------------------------

_MARK: Final = "__hostile_mark__"


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _replace_value(rng: random.Random, data: dict[str, Any], programme: str, *kinds: str) -> tuple[str, Path] | None:
    """The JSON text of ``data`` with one field's value replaced by the marker (``"__hostile_mark__"``)."""
    slot = _pick(rng, slots(data, programme), *kinds, present=None)
    if slot is None:
        return None
    _put(data, slot.path, _MARK)
    return _text(data), slot.path


def deep_nesting(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """JSON nested 65 to 100,000 levels, alone or in place of a field's value: refused (more than 64)."""
    depth = rng.choice((65, 100, 1000, 5000, 5000, 100_000))
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    nested = opener * depth + ("1" if opener != "[" else "") + closer * depth
    if rng.random() < 0.3:
        return nested, "refuse", f"whole text ({depth} levels)", nested
    found = _replace_value(rng, data, programme, *_fields_kinds())
    if found is None:
        return None
    text, path = found
    return text.replace(json.dumps(_MARK), nested, 1), "refuse", f"{_where(path)} ({depth} levels)", nested


def duplicate_key(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A key twice in one JSON object (an amount first "1", then the real one; or the same value
    twice): refused, since the last would silently win."""
    found = slots(data, programme)
    amounts = [s for s in found if s.kind == "amount" and s.present]
    slot = rng.choice(amounts) if amounts and rng.random() < 0.6 else rng.choice([s for s in found if s.present])
    parent_path, key = slot.path[:-1], slot.path[-1]
    parent = _get(data, parent_path)
    if not isinstance(parent, dict):
        return None
    first = rng.choice(("1", "0", parent[key]))
    rebuilt: dict[str, Any] = {}
    for name, value in parent.items():
        if name == key:
            rebuilt[_MARK] = first
        rebuilt[name] = value
    if parent_path:
        _put(data, parent_path, rebuilt)
    else:
        data = rebuilt
    text = _text(data).replace(json.dumps(_MARK), json.dumps(key, ensure_ascii=False), 1)
    return text, "refuse", f"{_where(slot.path)} (twice)", first


_NUMBER_LITERALS: Final = ("9" * 5000, "1" + "0" * 4300, "9" * 100_000, "1e400", "-1e400", "NaN", "Infinity",
                           "-Infinity", "1" + "0" * 5000 + ".5", "1E+1000000", "1e13", "10000000000000")


def huge_number_text(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """JSON number literals no amount or count may be: 5,000 and 100,000 digits (past Python's 4,300
    digit limit for int()), 1e400 (infinite as a float), NaN and Infinity: refused."""
    found = _replace_value(rng, data, programme, "amount", "count")
    if found is None:
        return None
    text, path = found
    literal = rng.choice(_NUMBER_LITERALS)
    return text.replace(json.dumps(_MARK), literal, 1), "refuse", _where(path), literal


_BAD_TEXTS: Final[tuple[tuple[str, Expect], ...]] = (
    ("", "refuse"), ("null", "refuse"), ("5", "refuse"), ('"text"', "refuse"), ("[null]", "refuse"),
    ("[]", "any"), ("{", "refuse"), ('{"id": "x\x00"}', "refuse"), ("\x00" * 16, "refuse"), ("[" * 64 + "]" * 64, "refuse"),
    ('{"a": 1}' * 3, "refuse"), ("\ufeff{}", "refuse"), ("{}", "refuse"), ("[{}, {}]", "refuse"),
)


def bad_text(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Broken or odd JSON text: empty, ``null``, a scalar, truncated, a raw NUL, a BOM, an escaped NUL
    or lone surrogate in a name, an empty list (either: no application), the application cut short."""
    choice = rng.random()
    if choice < 0.3:
        text, expect = rng.choice(_BAD_TEXTS)
        return text, expect, "whole text", text
    whole = _text(data)
    if choice < 0.5:
        cut = rng.randrange(1, len(whole))
        return whole[:cut], "refuse", f"cut at {cut} of {len(whole)}", whole[cut - 20:cut]
    if choice < 0.6:  # a file's BOM is dropped as it is read (``read_input``); in text, either
        return "\ufeff" + whole, "any", "BOM before the text", "\ufeff"
    found = _replace_value(rng, data, programme, "identity")
    if found is None:
        return None
    text, path = found
    escaped = rng.choice(('"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"x\\udfffy"', '"\\u200b"', '"\\u001f名"'))
    return text.replace(json.dumps(_MARK), escaped, 1), "refuse", _where(path), escaped


_RATIOS: Final[tuple[tuple[Any, Expect], ...]] = (
    ("1/0", "refuse"), ("abc", "refuse"), ("%", "refuse"), ("-1%", "refuse"), ("1e5", "refuse"), ("nan", "refuse"),
    (float("nan"), "refuse"), (float("inf"), "refuse"), ("1/3", "any"), ("2147483647/2147483648", "any"),
    ("99999999999/100000000000", "any"), ("33.333333333333333333%", "any"), ("0", "any"), ("100%", "any"),
    ("0.5", "any"), (0.35, "any"), (1, "any"), ("１００％", "any"), ("9" * 60 + "%", "any"), ("1/" + "9" * 60, "any"),
)


def ratio_edge(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Ratios: a zero denominator, junk, negative, NaN (refused); thirds, 2^31 terms, 60-digit terms,
    full-width percent signs (either: valid or refused by range)."""
    slot = _pick(rng, slots(data, programme), "ratio", present=None)
    if slot is None:
        return None
    value, expect = rng.choice(_RATIOS)
    _put(data, slot.path, value)
    return data, expect, _where(slot.path), value


def snapshot(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """The snapshot's own plain edits (``tests.snapshot.mutate``): amounts scaled, dates shifted, flags
    flipped, items dropped or doubled, the direction switched: either."""
    keys = sorted(directions(programme)) if programme in programmes() else [str(data.get("direction"))]
    before = {p: v for p, v in _leaves(data) if not isinstance(v, dict | list)}
    edited = mutate(rng, data, keys)
    after = {p: v for p, v in _leaves(edited) if not isinstance(v, dict | list)}
    changed = sorted((p for p in before.keys() | after.keys() if before.get(p, _MARK) != after.get(p, _MARK)), key=str)
    return edited, "any", ", ".join(_where(p) for p in changed[:4]) or "(list items)", [after.get(p) for p in changed[:4]]


_EQUIVALENT: Final = {ord("("): "（", ord(")"): "）", ord("（"): "(", ord("）"): ")", ord(","): "，", ord(":"): "："}


def equivalent_text(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """An identity text as a person may type the same one (full-width letters, digits and brackets,
    inner and ideographic spaces): either, and the batch engine must compare it as the scalar one does
    (``normalise_name``: NFKC, spaces removed) — districts, cities, clusters, suppliers, numbers."""
    slot = _pick(rng, slots(data, programme), "identity", "item:identity")
    if slot is None:
        return None
    value = str(_get(data, slot.path))
    how = rng.choice(("full_width", "brackets", "inner_space", "ideographic_space", "all"))
    if how in ("full_width", "all"):
        value = value.translate(_FULL_WIDTH)
    if how in ("brackets", "all"):
        value = value.translate(_EQUIVALENT)
    if how in ("inner_space", "ideographic_space", "all") and len(value) >= 2:
        cut = rng.randint(1, len(value) - 1)
        value = value[:cut] + ("\u3000" if how == "ideographic_space" else " ") + value[cut:]
    _put(data, slot.path, value)
    return data, "any", f"{_where(slot.path)} ({how})", value


def credit_code(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A 统一社会信用代码 edited: lower case, spaced or hyphenated (either: compacted), with a control or
    invisible character (refused unless it is white space ``compact`` removes), full-width, or with a
    wrong check character (refused)."""
    slot = _pick(rng, slots(data, programme), "credit_code")
    if slot is None:
        return None
    code = str(_get(data, slot.path))
    how = rng.choice(("lower", "spaced", "hyphen", "control", "invisible", "full_width", "check", "short", "long"))
    expect: Expect = "refuse"
    if how == "lower":
        code, expect = code.lower(), "any"
    elif how in ("spaced", "hyphen"):
        code, expect = code[:8] + (" " if how == "spaced" else "-") + code[8:], "any"
    elif how in ("control", "invisible"):
        char = rng.choice(CONTROL if how == "control" else INVISIBLE)
        code = code[:5] + char + code[5:]
        expect = "any" if char.isspace() else "refuse"
    elif how == "full_width":
        code = code.translate(_FULL_WIDTH)
    elif how == "check":
        code = code[:17] + ("0" if code[17] != "0" else "1")
    else:
        code = code[:17] if how == "short" else code + "0"
    _put(data, slot.path, code)
    return data, expect, f"{_where(slot.path)} ({how})", code


_AMOUNT_TEXTS: Final[tuple[tuple[str, Expect], ...]] = (
    ("0.001", "refuse"), ("1,00,000", "refuse"), ("1e3", "refuse"), ("abc", "refuse"), ("", "refuse"),
    (" ", "refuse"), ("¥", "refuse"), ("万", "refuse"), ("1万万", "refuse"), ("--1", "refuse"), ("+100", "refuse"),
    ("1.2.3", "refuse"), ("0x10", "refuse"), ("1_000", "refuse"), ("١٢٣", "refuse"), ("12.5万", "any"),
    ("１２．５万", "any"), ("¥1,000元", "any"), ("￥1,000.00元", "any"), (" 300万元 ", "any"), ("0.000001万", "any"),
    ("0.0000001万", "refuse"), (".5", "any"), ("0", "any"), ("0.00", "any"), ("1,000", "any"), ("1,000,000.5", "any"),
)


def amount_text(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Amount texts near the grammar's edges: fractions of a 分, Indian grouping, exponents, a sign of
    plus, ``_`` and other scripts' digits (refused); 万, full-width, ¥, padding (either)."""
    slot = _pick(rng, slots(data, programme), "amount", present=None)
    if slot is None:
        return None
    value, expect = rng.choice(_AMOUNT_TEXTS)
    _put(data, slot.path, value)
    return data, expect, _where(slot.path), value


_CODES: Final = ("91440403AY4CL12TH3", "914404033BJ1XG6127", "91440403DD272HD1TH", "91440403J3Y7LLJY11")


def _extra_items(rng: random.Random, data: dict[str, Any]) -> None:
    """Give the example an incident, a contract, a partner or a prior funding (all valid), so that
    the mutators also reach the fields of items the examples seldom have."""
    taken = {data["enterprise"]["credit_code"], *(p.get("credit_code") for p in data.get("partners", []))}
    field = rng.choice(("incidents", "contracts", "partners", "prior_funding"))
    if field == "incidents":
        data["enterprise"].setdefault("incidents", []).append(
            {"kind": "safety", "occurred_on": "2023-06-01", "major": rng.random() < 0.5, "description": "事故"})
    elif field == "contracts":
        numbers = {c["number"] for c in data.get("contracts", [])}
        data.setdefault("contracts", []).append({"number": f"HT-{len(numbers) + 1}-X", "supplier": "珠海联智软件有限公司",
                                                 "amount_excl_tax": "10万", "signed_on": "2023-03-01",
                                                 "submitted_at": "2023-03-02T10:00:00+08:00"})
    elif field == "partners":
        free = [c for c in _CODES if c not in taken]
        if free and not data.get("partners"):
            data["partners"] = [{"name": "联合单位", "credit_code": free[0], "agreement_share": "30%",
                                 "registration": {"city": "珠海市", "district": "斗门区"}, "role": "参与"}]
    else:
        data.setdefault("prior_funding", []).append({"level": "city", "programme": "某专项", "amount": "10万",
                                                     "project_id": "OTHER", "year": 2022})


def many_items(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """Long lists: hundreds of invoices (each up to 10^12 元, the largest accepted), clusters, incidents
    and indicators (more than 100 indicators: refused) — bounded time, batch ≡ scalar."""
    what = rng.choice(("invoices", "invoices_max", "clusters", "incidents", "indicators"))
    count = rng.choice((10, 100, 500))
    if what.startswith("invoices"):
        amount = "1000000000000" if what == "invoices_max" else "1万"
        data["invoices"] = [{"number": f"N{i}", "issued_on": "2023-05-01", "amount_excl_tax": amount,
                             "category": "software", "supplier": "珠海联智软件有限公司"} for i in range(count)]
    elif what == "clusters":
        data["enterprise"]["clusters"] = [f"cluster-{i}" for i in range(count)] + ["zhuhai-pcb-2022"]
    elif what == "incidents":
        data["enterprise"]["incidents"] = [{"kind": "quality", "occurred_on": "2023-01-01", "major": False}] * count
    else:
        if "indicators" not in catalog.fact_names(programme):
            return None
        data.setdefault("facts", {})["indicators"] = {f"2-2.{i}": i for i in range(count)}
        return data, "refuse" if count > 100 else "any", f"facts.indicators ({count})", count
    return data, "any", f"{what} ({count})", count


def list_payload(rng: random.Random, data: dict[str, Any], programme: str) -> Result | None:
    """A list of applications: the example and an edited copy under another id (either), under the
    same id, or the same id after stripping (refused: ids are unique), or nested one list too deep."""
    twin = mutate(rng, copy.deepcopy(data), sorted(directions(programme)))
    how = rng.choice(("other_id", "full_width_id", "same_id", "padded_id", "nested"))
    twin["id"] = {"other_id": f"{data['id']}-B", "full_width_id": str(data["id"]).translate(_FULL_WIDTH),
                  "same_id": data["id"], "padded_id": f" {data['id']} ", "nested": f"{data['id']}-B"}[how]
    items: list[Any] = [data, twin] if how != "nested" else [data, [twin]]
    expect: Expect = "refuse" if how in ("same_id", "padded_id", "nested") else "any"
    return items, expect, f"[1].id ({how})", twin["id"]


MUTATORS: Final[dict[str, tuple[Mutator, int]]] = {
    "control_char": (_identity_char(CONTROL), 3),
    "invisible_char": (_identity_char(INVISIBLE), 3),
    "surrogate": (surrogate, 1),
    "free_text_char": (free_text_char, 1),
    "near_duplicate": (near_duplicate, 3),
    "long_value_text": (long_value_text, 3),
    "long_identity": (long_identity, 2),
    "huge_amount": (huge_amount, 3),
    "huge_count": (huge_count, 3),
    "negative": (negative, 2),
    "extreme_date": (extreme_date, 3),
    "wrong_type": (wrong_type, 3),
    "drop_required": (drop_required, 2),
    "unknown_key": (unknown_key, 2),
    "deep_nesting": (deep_nesting, 1),
    "duplicate_key": (duplicate_key, 2),
    "huge_number_text": (huge_number_text, 2),
    "bad_text": (bad_text, 1),
    "ratio_edge": (ratio_edge, 2),
    "equivalent_text": (equivalent_text, 3),
    "credit_code": (credit_code, 2),
    "amount_text": (amount_text, 2),
    "many_items": (many_items, 1),
    "list_payload": (list_payload, 1),
    "snapshot": (snapshot, 6),
}
"""Each mutator with its weight in the mix (the snapshot's edits, whose outcome varies most, most)."""


@cache
def _examples() -> dict[str, tuple[dict[str, Any], ...]]:
    found: dict[str, list[dict[str, Any]]] = {p: [] for p in programmes()}
    for data in example_dicts():
        found.setdefault(data.get("programme", "doumen-2023"), []).append(data)
    return {p: tuple(items) for p, items in found.items() if items}


def mutant(seed: int, index: int, only: str | None = None) -> Mutant:
    """The ``index``-th mutant of ``seed``: programme ``index % 5`` (so every document takes its turn),
    an example of it, a mutator (``only``, or drawn by weight) and half of them with the ledger."""
    rng = random.Random(f"hostile:{seed}:{index}:{only or ''}")
    examples = _examples()
    names = sorted(examples, key=list(programmes()).index)
    programme = names[index % len(names)]
    labels = [only] if only is not None else list(MUTATORS)
    weights = [MUTATORS[label][1] for label in labels]
    for _ in range(50):
        example = rng.choice(examples[programme])
        label = rng.choices(labels, weights)[0]
        data = copy.deepcopy(example)
        if rng.random() < 0.3:
            _extra_items(rng, data)
        made = MUTATORS[label][0](rng, data, programme)
        if made is not None:
            payload, expect, where, value = made
            if isinstance(payload, dict | list) and rng.random() < 0.25:  # the same edit, read from JSON text
                ascii_only = rng.random() < 0.5
                with contextlib.suppress(ValueError):  # an int past 4,300 digits has no JSON text
                    payload = json.dumps(payload, ensure_ascii=ascii_only)
            return Mutant(label, payload, expect, where, _shown(value), example["id"], programme,
                          index % 2 == 0, f"{seed}:{index}")
        programme = rng.choice(names)  # this mutator has nothing to edit here: another document
    raise LookupError(f"mutator {only!r} applies to no example")  # pragma: no cover


def mutants(seed: int, n: int, only: str | None = None) -> Iterator[Mutant]:
    """The first ``n`` mutants of ``seed`` (deterministic: the same in every process)."""
    return (mutant(seed, index, only) for index in range(n))


# -- the oracle --------------------------------------------------------------------------------------


def raised_in(exc: BaseException) -> str:
    """The innermost frame of the library in the exception's traceback."""
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if "/subsidycalc/" in frame.filename.replace("\\", "/"):
            module = frame.filename.replace("\\", "/").split("/subsidycalc/", 1)[1].removesuffix(".py")
            found = f"{module.replace('/', '.')}.{frame.name}:{frame.lineno}"
    return found


def _error(exc: BaseException) -> str:
    text = str(exc).replace("\n", " | ")
    return f"{type(exc).__name__}: {text if len(text) <= 300 else text[:297] + '...'}"


class _Wrong(Exception):
    """A check that failed on an accepted application."""


_PRINTABLE: Final = re.compile(PRINTABLE)


def load(payload: Payload) -> tuple[Application, ...]:
    """Validate a payload as the library's entry points do (JSON text through ``parse_json`` first)."""
    data = parse_json(payload, "<fuzz>") if isinstance(payload, str) else payload
    return load_applications(data, "<fuzz>")


def scalar_view(result: Assessment) -> tuple[Any, ...]:
    """What the batch engine must reproduce of a scalar assessment (as ``tests/test_batch.py`` compares)."""
    fails = tuple(sorted({str(f.code) for f in result.failures}))
    warns = tuple(sorted({str(f.code) for f in result.findings if f.severity is Severity.WARN}))
    return (result.application_id, result.eligible, result.eligible_spend, result.award_base,
            result.award_before_cap, result.award_if_eligible, result.cap_applied, result.award, fails, warns)


def batch_view(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["application_id"], row["eligible"], row["eligible_spend"], row["award_base"], row["award_before_cap"],
            row["award_if_eligible"], row["cap_applied"], row["award"], row["reasons"], row["warnings"])


DOCUMENTED_BATCH: Final = re.compile(r"outside 0\.\.|more than \d+ invoices|exceeds 2\^31|does not fit in int64|"
                                      r"numerator or denominator")
"""The refusals the batch engine documents (``OverflowError``: amounts, invoices per applicant, ratio terms)."""


def _texts(model: BaseModel) -> Iterator[tuple[str, str]]:
    """Every identity text of a validated model, with its field name."""
    for name, (kind, _, _) in _fields(type(model)).items():
        value = getattr(model, name)
        if kind == "identity" and isinstance(value, str):
            yield name, value
        elif kind == "set:identity":
            yield from ((name, item) for item in value)
        elif kind == "indicators":
            yield from ((name, key) for key in value)
        elif isinstance(value, BaseModel):
            yield from _texts(value)
        elif kind == "list":
            for item in value:
                yield from _texts(item)


def check(app: Application, ledger: Any) -> bool:
    """Every check an accepted application must pass (raises :class:`_Wrong` or what the library
    raised); returns whether the batch engine refused it with a documented error."""
    dump = app.model_dump_json()
    try:
        again = Application.model_validate_json(dump)
    except ValidationError as exc:
        raise _Wrong(f"its dump does not re-validate: {_error(exc)}") from None
    if again != app or again.model_dump_json() != dump:
        raise _Wrong("its dump re-validates to a different application")
    for name, text in _texts(app):
        if not _PRINTABLE.match(text):
            raise _Wrong(f"{name} {text[:40]!r} holds a control or invisible character")
    result = assess(app, ledger)
    json.loads(result.to_json())
    result.explain()
    result.explain(lang="en")
    if type(result.award) is not Money or result.award.fen < 0:
        raise _Wrong(f"award {result.award!r} is not a non-negative Money")
    try:
        batch = evaluate(Population.from_applications([app], ledger=ledger))
    except OverflowError as exc:
        if DOCUMENTED_BATCH.search(str(exc)):
            return True
        raise
    if batch_view(batch.row(0)) != scalar_view(result):
        raise _Wrong(f"batch {batch_view(batch.row(0))} != scalar {scalar_view(result)}")
    return False


@cache
def _ledger() -> Any:
    return example_ledger()


def classify(item: Mutant) -> Outcome:
    """Run one mutant through validation, assessment and every check, and name the outcome."""
    ledger = _ledger() if item.with_ledger else None
    start = time.perf_counter()
    try:
        apps = load(item.payload)
    except CLEAN:
        return Outcome("clean_error", time.perf_counter() - start)
    except Exception as exc:
        return Outcome("crash", time.perf_counter() - start, f"validate: {_error(exc)}", raised_in(exc))
    problem: tuple[Kind, str, str] | None = None
    unsupported = False
    for app in apps:
        try:
            unsupported |= check(app, ledger)
        except _Wrong as exc:
            problem = ("wrong", str(exc), "")
        except Exception as exc:
            problem = ("crash", f"checks: {_error(exc)}", raised_in(exc))
        if problem:
            break
    seconds = time.perf_counter() - start
    if item.expect == "refuse":
        then = f"; then {problem[0]}: {problem[1]}" if problem else ""
        return Outcome("silent", seconds, f"accepted {item.where} = {item.value}{then}", problem[2] if problem else "")
    if problem:
        return Outcome(problem[0], seconds, problem[1], problem[2], unsupported)
    return Outcome("valid", seconds, batch_unsupported=unsupported)
