"""Reading applications from JSON, with errors that name the field, the value and the expectation.

```pycon
>>> apps = example_applications()
>>> len(apps) >= 20
True
>>> try:
...     load_applications({"id": "x", "direction": "direction_9"})
... except InputError as exc:
...     print(exc.errors[0].path, "|", exc.errors[0].message[:42])
direction | unknown direction 'direction_9' of doumen-

```
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Final

from pydantic import TypeAdapter, ValidationError

from .ledger import Ledger
from .models import PRINTABLE, Application
from .text import quote

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "FieldError",
    "InputError",
    "example_applications",
    "example_ledger",
    "guarded_yaml_loader",
    "load_applications",
    "parse_json",
    "read_applications",
    "read_input",
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
    """Malformed input: every problem found, each as a `FieldError`."""

    def __init__(self, errors: list[FieldError], source: str | None = None) -> None:
        self.errors = tuple(errors)
        self.source = source
        super().__init__("\n".join(self.lines()))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[FieldError], str | None]]:
        """Pickled as its errors and source (raised in a Dask worker, it reaches the caller whole)."""
        return (type(self), (list(self.errors), self.source))

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{error}" for error in self.errors]


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:  # a key the input made up (an unknown fact) is shown by its start only
            text += ("." if text else "") + (part if len(part) <= 40 else part[:39] + "…")
    return text or "(top level)"


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""  # the path says where; a whole object is no help on one line
    return quote(value, 60)


def errors_from(exc: ValidationError) -> list[FieldError]:
    """Translate pydantic's errors into `FieldError` (path like ``[2].invoices[0].amount``)."""
    found = []
    for error in exc.errors(include_url=False):
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == PRINTABLE:
            message = "contains a control or invisible character: expected printable text"
        elif error["type"] == "string_type" and isinstance(error.get("input"), (bool, int, float)):
            kind = {bool: "a yes/no value", int: "a number", float: "a number"}[type(error["input"])]
            message = f"{message}: the text was read as {kind} ({error['input']!r}); quote it to keep it as text"
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


_MAX_INT_DIGITS: Final = 40
MAX_DEPTH: Final = 64
"""The deepest nesting of objects and lists a JSON or YAML input may have (an application is ≈ 5)."""


def parse_json(text: str, source: str | None = None) -> Any:
    """JSON text as data, refusing duplicate keys (the last would silently win) and nesting deeper
    than `MAX_DEPTH`; every problem an `InputError` naming the place."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                raise InputError([FieldError("(file)", f"duplicate key {key[:40]!r}: expected each key once", "")], source)
            found[key] = value
        return found

    def integer(digits: str) -> int:
        if len(digits) > _MAX_INT_DIGITS:  # int() of thousands of digits is refused by Python itself
            raise InputError(
                [FieldError("(file)", f"an integer of {len(digits):,} digits ({digits[:12]}…): expected at most "
                            f"{_MAX_INT_DIGITS} digits", "")], source)
        return int(digits)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer)
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
    """Whether ``data`` nests deeper than `MAX_DEPTH` (walked without recursion)."""
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
    them once expanded to hundreds of megabytes), nesting deeper than `MAX_DEPTH`, a key
    given twice in one mapping (the last would silently win, as in JSON) and integers of more than
    40 digits (Python refuses to read those with an error naming no place)."""
    import yaml

    class Guarded(base):  # type: ignore[misc]
        depth = 0

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[str] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {quote(key.value)}: expected each key once", key.start_mark
                        )
                    seen.add(key.value)
            return super().construct_mapping(node, deep)

        def construct_yaml_int(self, node: Any) -> Any:
            if len(node.value) > _MAX_INT_DIGITS:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"an integer of {len(node.value):,} characters: expected at most {_MAX_INT_DIGITS} digits",
                    node.start_mark,
                )
            return super().construct_yaml_int(node)

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

    Guarded.add_constructor("tag:yaml.org,2002:int", Guarded.construct_yaml_int)
    return Guarded


MAX_BYTES: Final = 50 * 2**20
"""The largest input file read by default (50 MiB: about 20,000 applications); the CLI's
``--max-bytes`` changes it."""


def read_input(path: str | Path, *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> str:
    """The text of an input file (``"-"``: standard input), refusing what is not one.

    Only a regular file is read — a symbolic link is followed and its target checked, a device
    (``/dev/zero``), a FIFO (which would block) or a folder is refused before it is opened; more
    than ``max_bytes`` is refused without reading the rest; the text must be UTF-8 (a leading
    byte-order mark is dropped, as spreadsheet exports write one). Every problem is an
    `InputError` naming the file and, for a decoding error, the byte offset.
    """
    source = "<stdin>" if str(path) == "-" else str(path)

    def refuse(message: str, where: str = "(file)") -> InputError:
        return InputError([FieldError(where, message, "")], source)

    try:
        if str(path) == "-":
            raw = (stdin or _stdin()).read(max_bytes + 1)
        else:
            real = Path(path).resolve(strict=True)
            info = os.stat(real)
            if not stat.S_ISREG(info.st_mode):
                kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, FIFO or socket)"
                raise refuse(f"{kind}{'' if real == Path(path).absolute() else f' ({real})'}: expected a regular file")
            if info.st_size > max_bytes:
                raise refuse(f"{info.st_size:,} bytes: expected at most {max_bytes:,} (--max-bytes)")
            with open(real, "rb") as handle:
                raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise refuse(f"cannot read: {exc.strerror or exc}") from None
    except RuntimeError:  # Python 3.11's Path.resolve on a symlink loop
        raise refuse("a loop of symbolic links: expected a regular file") from None
    if len(raw) > max_bytes:
        raise refuse(f"more than {max_bytes:,} bytes: expected at most {max_bytes:,} (--max-bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 4].hex(" ")
        raise refuse(
            f"not UTF-8 at byte {exc.start} ({bad}…): expected UTF-8 text (save the file as UTF-8, not GBK)",
            f"byte {exc.start}",
        ) from None


def _stdin() -> BinaryIO:
    import io
    import sys

    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return io.BytesIO(sys.stdin.read().encode("utf-8"))  # a text stream put in its place (tests, notebooks)


def read_applications(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[Application, ...]:
    """Read applications from a JSON file (one object or a list; ``"-"``: standard input)."""
    source = "<stdin>" if str(path) == "-" else str(path)
    return load_applications(parse_json(read_input(path, max_bytes=max_bytes), source), source)


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
