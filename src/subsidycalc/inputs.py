"""Reading applications from JSON, with errors that name the field, the value and the expectation.

>>> apps = example_applications()
>>> len(apps) >= 20
True
>>> try:
...     load_applications({"id": "x", "direction": "direction_9"})
... except InputError as exc:
...     print(exc.errors[0].path, "|", exc.errors[0].message[:42])
direction | unknown direction 'direction_9' of doumen-
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError

from .ledger import Ledger
from .models import PRINTABLE, Application

__all__ = [
    "MAX_DEPTH",
    "FieldError",
    "InputError",
    "example_applications",
    "example_ledger",
    "guarded_yaml_loader",
    "load_applications",
    "parse_json",
    "read_applications",
]

EXAMPLE_FILES: Final = (
    "doumen_2023_examples.json",
    "shaoguan_2023_examples.json",
    "guangdong_2022_examples.json",
    "zhongshan_2025_examples.json",
    "guangdong_2020_examples.json",
)
LEDGER_FILE: Final = "example_ledger.json"
_LIST: Final = TypeAdapter(list[Application])


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem in the input: where, what was wrong, and the value found."""

    path: str
    message: str
    value: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" + (f" (got {self.value})" if self.value else "")


class InputError(ValueError):
    """Malformed input: every problem found, each as a :class:`FieldError`."""

    def __init__(self, errors: list[FieldError], source: str | None = None) -> None:
        self.errors = tuple(errors)
        self.source = source
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{error}" for error in self.errors]


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(top level)"


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""  # the path says where; a whole object is no help on one line
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def errors_from(exc: ValidationError) -> list[FieldError]:
    """Translate pydantic's errors into :class:`FieldError` (path like ``[2].invoices[0].amount``)."""
    found = []
    for error in exc.errors(include_url=False):
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == PRINTABLE:
            message = "contains a control or invisible character: expected printable text"
        found.append(FieldError(_path(tuple(error["loc"])), message, _shown(error.get("input"))))
    return found


def load_applications(data: Any, source: str | None = None) -> tuple[Application, ...]:
    """Validate one application (a JSON object) or a list of them."""
    single = isinstance(data, dict)
    try:
        apps = _LIST.validate_python([data] if single else data)
    except ValidationError as exc:
        errors = errors_from(exc)
        if single:  # drop the synthetic leading [0]
            errors = [
                FieldError(e.path.removeprefix("[0]").lstrip(".") or "(top level)", e.message, e.value)
                for e in errors
            ]
        raise InputError(errors, source) from None
    seen: dict[str, int] = {}
    duplicates = []
    for index, app in enumerate(apps):
        if app.id in seen:
            duplicates.append(
                FieldError(
                    f"[{index}].id",
                    f"duplicate application id, first used at [{seen[app.id]}]: expected each id once",
                    repr(app.id),
                )
            )
        seen.setdefault(app.id, index)
    if duplicates:
        raise InputError(duplicates, source)
    return tuple(apps)


MAX_DEPTH: Final = 64
"""The deepest nesting of objects and lists a JSON or YAML input may have (an application is ≈ 5)."""


def parse_json(text: str, source: str | None = None) -> Any:
    """JSON text as data, refusing duplicate keys (the last would silently win) and nesting deeper
    than :data:`MAX_DEPTH`; every problem an :class:`InputError` naming the place."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                raise InputError([FieldError("(file)", f"duplicate key {key[:40]!r}: expected each key once", "")], source)
            found[key] = value
        return found

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(
            [FieldError(f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}", "")], source
        ) from None
    except RecursionError:
        data = None
    if (data is None and text.strip() not in ("null", "")) or _too_deep(data):
        raise InputError([FieldError("(file)", f"nested deeper than {MAX_DEPTH} levels: expected at most {MAX_DEPTH}", "")], source)
    return data


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests deeper than :data:`MAX_DEPTH` (walked without recursion)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                return True
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return False


def guarded_yaml_loader(base: type[Any]) -> type[Any]:
    """A subclass of the YAML loader ``base`` that refuses aliases (``*name``: a few hundred bytes of
    them once expanded to hundreds of megabytes) and nesting deeper than :data:`MAX_DEPTH`."""
    import yaml

    class Guarded(base):  # type: ignore[misc]
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not accepted: write the value out", event.start_mark
                )
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise yaml.composer.ComposerError(
                        None, None, f"nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Guarded


def read_applications(path: str | Path) -> tuple[Application, ...]:
    """Read applications from a JSON file (one object or a list)."""
    source = str(path)
    try:
        data = parse_json(Path(path).read_text(encoding="utf-8"), source)
    except OSError as exc:
        raise InputError([FieldError("(file)", f"cannot read: {exc.strerror}", "")], source) from None
    return load_applications(data, source)


def example_applications(programme: str | None = None) -> tuple[Application, ...]:
    """The bundled fictional applications, of every programme or of one (see ``data/README.md``)."""
    found: list[Application] = []
    for name in EXAMPLE_FILES:
        text = resources.files("subsidycalc.data").joinpath(name).read_text(encoding="utf-8")
        found.extend(a for a in load_applications(json.loads(text), name) if programme in (None, a.programme))
    return tuple(found)


def example_ledger() -> Ledger:
    """The bundled fictional ledger of earlier awards that the examples refer to."""
    text = resources.files("subsidycalc.data").joinpath(LEDGER_FILE).read_text(encoding="utf-8")
    return Ledger.model_validate_json(text)
