"""Versions of a policy's rules: which text is in force when, what changed, and what it does.

A text changes: the 中山 measures are a 征求意见稿 and the final text will differ; next year's 斗门
guide will reuse most of this year's. A `Version` is one text's rules — its document, its
directions, its exclusion rules — with the period it is in force (`Effective`). Every
bundled policy is its version ``1`` (a module may say otherwise with ``VERSION`` and ``EFFECTIVE``);
another version is registered beside it (`register`), usually derived from it
(`derive`, or a version file, `load_version`) by changing some values, each with the
clause of its own text. The two coexist:

* `rules_for` answers which version is in force on a day (the latest to start, of those
  whose period holds it);
* `diff` lists every changed value, condition and clause between two versions
  (``subsidycalc diff A B``);
* [`subsidycalc.scenarios.compare`][subsidycalc.scenarios.compare] runs the same applications under both.

```pycon
>>> v1 = current("zhongshan-2025")
>>> v1.name, str(v1.effective)
('zhongshan-2025@1', '至2025年12月31日')
>>> rules_for("zhongshan-2025", date(2025, 6, 1)).version
'1'

```
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .allocation import AllocationPolicy
from .citations import Citation, Cited, Document
from .exclusion import CountLimit, Exclusion
from .inputs import FieldError, InputError, guarded_yaml_loader, read_input
from .ledger import Ledger
from .models import Application
from .parts import show_value
from .periods import Effective
from .registry import all_directions, directions, document, exclusions_of, module, programmes
from .result import Assessment, JsonOutput
from .rules import Rule
from .scenarios import Recited, Scenario, ScenarioError
from .stages import LifeStage
from .text import quote as _quote

__all__ = [
    "Change",
    "Effective",
    "Version",
    "VersionDiff",
    "current",
    "derive",
    "diff",
    "load_version",
    "register",
    "registered",
    "rules_for",
    "unregister",
    "version",
    "versions",
]


@dataclass(frozen=True)
class Version:
    """One text's rules and the period they are in force."""

    programme: str
    version: str
    document: Document
    directions: Mapping[str, Rule]
    exclusions: tuple[Exclusion | CountLimit, ...] = ()
    effective: Effective = field(default_factory=Effective)
    based_on: str | None = None
    """The version it was derived from (``zhongshan-2025@1``), where it was."""
    notes: str = ""

    @property
    def name(self) -> str:
        """``programme@version``."""
        return f"{self.programme}@{self.version}"

    def rules(self) -> dict[str, Rule]:
        """Every registered direction, with this programme's replaced by this version's (what
        [`compare`][subsidycalc.scenarios.compare] runs)."""
        table = {ref: rules for ref, rules in all_directions().items() if not ref.startswith(f"{self.programme}/")}
        table.update({rules.ref: rules for rules in self.directions.values()})
        return table

    def policy(self, base: AllocationPolicy | None = None) -> AllocationPolicy:
        return base or AllocationPolicy()

    def exclusion_rules(self) -> Mapping[str, tuple[Exclusion | CountLimit, ...]]:
        return {self.programme: self.exclusions}

    def assess(self, application: Application, ledger: Ledger | None = None, stage: LifeStage | None = None) -> Assessment:
        """Assess an application under this version's direction it names."""
        if application.programme != self.programme:
            raise ValueError(
                f"application {_quote(application.id)} is for {application.programme}: expected {self.programme} "
                f"(version {self.name})"
            )
        try:
            rules = self.directions[application.direction]
        except KeyError:
            raise ValueError(
                f"direction {_quote(application.direction)} is not in {self.name}: expected one of {', '.join(self.directions)}"
            ) from None
        return rules.assess(application, ledger, stage)


# -- the registry of versions -------------------------------------------------------------------

_REGISTERED: Final[dict[str, dict[str, Version]]] = {}


def current(programme: str) -> Version:
    """The registered policy of ``programme`` as a version (``VERSION``, default ``1``; ``EFFECTIVE``)."""
    policy = module(programme)
    return Version(
        programme=programme,
        version=str(getattr(policy, "VERSION", "1")),
        document=document(programme),
        directions=dict(directions(programme)),
        exclusions=exclusions_of(programme),
        effective=getattr(policy, "EFFECTIVE", None) or Effective(),
        notes=(policy.__doc__ or "").strip().split("\n", 1)[0],
    )


def versions(programme: str) -> tuple[Version, ...]:
    """Every version of ``programme``: the registered policy and those added, by start of effect."""
    found = [current(programme), *_REGISTERED.get(programme, {}).values()]
    return tuple(sorted(found, key=lambda v: (v.effective.start or date.min, v.version)))


def version(name: str) -> Version:
    """A version by ``programme@version`` (``programme`` alone: the registered policy)."""
    programme, _, label = name.partition("@")
    if programme not in programmes():
        raise LookupError(f"unknown programme {_quote(programme)}: expected one of {', '.join(programmes())}")
    if not label:
        return current(programme)
    for found in versions(programme):
        if found.version == label:
            return found
    known = ", ".join(v.name for v in versions(programme))
    raise LookupError(f"no version {_quote(label)} of {programme}: expected one of {known}")


def rules_for(programme: str, as_of: date) -> Version:
    """The version of ``programme`` in force on ``as_of``: of those whose period holds the day, the
    one that started last (a later text supersedes an open-ended earlier one)."""
    holding = [v for v in versions(programme) if v.effective.contains(as_of)]
    if not holding:
        periods = "; ".join(f"{v.name}: {v.effective}" for v in versions(programme))
        raise LookupError(f"no version of {programme} is in force on {as_of.isoformat()}: the versions are {periods}")
    return max(holding, key=lambda v: v.effective.start or date.min)


def register(found: Version) -> None:
    """Add a version beside the registered policy; its label must be new for the programme."""
    if found.programme not in programmes():
        raise ValueError(f"version {found.name}: unknown programme: expected one of {', '.join(programmes())}")
    taken = {v.version for v in versions(found.programme)}
    if found.version in taken:
        raise ValueError(f"version {found.name} is registered already: expected a new version label")
    same_start = [
        v.name for v in versions(found.programme) if (v.effective.start or date.min) == (found.effective.start or date.min)
    ]
    if same_start:
        raise ValueError(
            f"version {found.name} starts when {', '.join(same_start)} starts: expected a later start, so that "
            "one version is in force on each day"
        )
    for rules in found.directions.values():
        if rules.programme != found.programme:
            raise ValueError(f"version {found.name}: direction {rules.ref} is of another programme")
    _REGISTERED.setdefault(found.programme, {})[found.version] = found


def unregister(name: str) -> None:
    """Remove a version added with `register`."""
    programme, _, label = name.partition("@")
    _REGISTERED.get(programme, {}).pop(label, None)


@contextmanager
def registered(found: Version) -> Iterator[Version]:
    """``found`` registered for the duration of a ``with`` block."""
    register(found)
    try:
        yield found
    finally:
        unregister(found.name)


# -- deriving a version -------------------------------------------------------------------------


def derive(
    base: Version,
    *,
    version: str,
    changes: Mapping[str, object],
    effective: Effective | None = None,
    document: Document | None = None,
    notes: str = "",
) -> Version:
    """A new version: ``base`` with ``changes`` (scenario paths without the programme,
    ``item_1.cap``) applied and re-validated. A changed cited value (cap, rate, quota, window …)
    must come with its own clause ([`Recited`][subsidycalc.scenarios.Recited]): a new text's value
    under the old text's clause would be a false citation."""
    name = f"{base.programme}@{version}"
    scenario = Scenario(name, {f"{base.programme}.{path}": value for path, value in changes.items()})
    table = scenario.rules({rules.ref: rules for rules in base.directions.values()})
    derived = {rules.key: rules for rules in table.values()}
    made = Version(
        programme=base.programme,
        version=version,
        document=document or base.document,
        directions=derived,
        exclusions=base.exclusions,
        effective=effective or base.effective,
        based_on=base.name,
        notes=notes,
    )
    stale = [c for c in diff(base, made).changes if c.kind == "changed" and c.cited and c.citation_after == c.citation_before]
    if stale:
        first = stale[0]
        raise ScenarioError(
            name, f"{first.direction}.{first.path}",
            f"the new value {first.after} keeps the clause of {base.name} ({first.citation_before}): expected its own "
            "clause (value, clause and quote)",
        )
    return made


def load_version(path: str | Path, *, max_bytes: int | None = None) -> Version:
    """Read a version file (YAML): a base version, the document's new particulars and text, the
    period in force, and the changes, each changed cited value with its clause verified verbatim
    against the new text::

        programme: zhongshan-2025
        version: 2-example
        based_on: "1"
        effective: {start: 2025-07-01, end: 2025-12-31}
        document: {title: …, number: …, date: …, text: final.txt}   # beside this file
        changes:
          item_1.cap: {value: 800万, clause: （一）, quote: 给予一次性奖励最高不超过800万元}
          item_4.rate: {value: 15%, clause: （四）, quote: 扶持比例最高按照项目设备和软件投入总额的15%给予扶持}

    Raises [`InputError`][subsidycalc.inputs.InputError] naming the field for a malformed file.
    """
    file = Path(path)
    source = str(file)

    def fail(where: str, message: str, value: object = "") -> InputError:
        return InputError([FieldError(where, message, _quote(str(value)) if value != "" else "")], source)

    text = read_input(file, max_bytes=max_bytes) if max_bytes is not None else read_input(file)
    try:
        data = yaml.load(text, Loader=guarded_yaml_loader(yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise fail("(file)", f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    try:
        spec = _VersionFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            [FieldError(".".join(str(p) for p in e["loc"]) or "(top level)", e["msg"], "") for e in exc.errors(include_url=False)],
            source,
        ) from None
    try:
        base = version(f"{spec.programme}@{spec.based_on}")
    except LookupError as exc:
        raise fail("based_on", str(exc)) from None
    name = f"{spec.programme}@{spec.version}"
    new_text: str | None = None
    doc = base.document
    if spec.document is not None:
        particulars = spec.document.model_dump(exclude_none=True)
        text_name = particulars.pop("text", None)
        if text_name is not None:
            text_path = (file.parent / text_name).resolve()
            new_text = read_input(text_path)
            particulars.update(text_file=str(text_path), text_package=None)
        doc = base.document.model_copy(update=particulars)
    changes: dict[str, object] = {}
    for where, value in spec.changes.items():
        if isinstance(value, Mapping) and "quote" in value:
            if new_text is None:
                raise fail(f"changes.{where}", "a clause needs the version's text: expected document.text")
            quote = str(value["quote"])
            if quote not in new_text:
                raise fail(f"changes.{where}.quote", "not found verbatim in the version's text", quote)
            citation = Citation(document=name, clause=str(value.get("clause", "")), quote=quote)
            changes[where] = Recited(value["value"], citation, value.get("label"))
        else:
            changes[where] = value
    effective = spec.effective
    if effective is not None and effective.citation is not None:
        if new_text is None or effective.citation.quote not in new_text:
            raise fail("effective.quote", "not found verbatim in the version's text", effective.citation.quote)
        effective = effective.model_copy(update={"citation": effective.citation.model_copy(update={"document": name})})
    try:
        return derive(base, version=spec.version, changes=changes, effective=effective, document=doc, notes=spec.notes)
    except ScenarioError as exc:
        raise fail(f"changes.{exc.path.removeprefix(spec.programme + '.')}", str(exc).split(": ", 2)[-1]) from None


class _DocumentChanges(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    short: str | None = None
    text: str | None = None
    """The version's text, beside the version file: every changed value's quote is verified against it."""


class _EffectiveFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    clause: str
    quote: str


class _VersionFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    programme: str
    version: str
    based_on: str = "1"
    effective: Effective | None = None
    document: _DocumentChanges | None = None
    notes: str = ""
    changes: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _effective_citation(cls, data: Any) -> Any:
        """``effective: {start, end, clause, quote}``: the clause as the period's citation."""
        if isinstance(data, dict) and isinstance(data.get("effective"), dict):
            effective = dict(data["effective"])
            if "quote" in effective:
                cited = _EffectiveFile.model_validate({"clause": effective.pop("clause", ""), "quote": effective.pop("quote")})
                effective["citation"] = {"document": str(data.get("programme", "")), "clause": cited.clause, "quote": cited.quote}
            data = {**data, "effective": effective}
        if isinstance(data, dict):
            data = {**data, "version": str(data.get("version", "")), "based_on": str(data.get("based_on", "1"))}
        return data


# -- what changed -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions."""

    direction: str
    """The direction key, or ``document`` / ``effective`` / ``exclusions`` for the version's own particulars."""
    path: str
    """Where in the rule data (``payout.cap``, ``conditions[expert_tenure].years``)."""
    kind: str
    """``changed`` (a value), ``clause`` (the same value, another clause), ``label``, ``added``, ``removed``."""
    label: str
    """What it is, in the text's words (the cited value's label), else the field."""
    before: str
    after: str
    cited: bool = False
    """Whether the value is a cited one (cap, rate, quota, window …)."""
    citation_before: Citation | None = None
    citation_after: Citation | None = None


@dataclass(frozen=True, slots=True)
class VersionDiff(JsonOutput):
    """Every difference between version ``a`` and version ``b``."""

    a: str
    b: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """One line per change, with both clauses where they differ."""
        lines = [f"{self.a} → {self.b}：{len(self.changes)} 处变化"]
        for c in self.changes:
            where = f"{c.direction}.{c.path}" if c.path else c.direction
            lines.append(f"  [{c.kind}] {where}（{c.label}）：{c.before} → {c.after}")
            if c.citation_before != c.citation_after:
                lines.append(f"      原：{c.citation_before or '（无）'}")
                lines.append(f"      新：{c.citation_after or '（无）'}")
        return "\n".join(lines)


def diff(a: Version, b: Version) -> VersionDiff:
    """Every changed value, condition and clause between two versions, direction by direction (by
    key), then the document's particulars, the period in force and the exclusion rules."""
    found: list[Change] = []
    for key in [*a.directions, *(k for k in b.directions if k not in a.directions)]:
        left, right = a.directions.get(key), b.directions.get(key)
        if left is None or right is None:
            present = right if left is None else left
            assert present is not None
            found.append(Change(
                key, "", "added" if left is None else "removed", present.name,
                "" if left is None else present.name, present.name if left is None else "",
                citation_before=None if left is None else present.basis,
                citation_after=present.basis if left is None else None,
            ))
            continue
        found += _changes(key, "", left, right, None, None)
    for name in ("title", "number", "issuer", "date", "short", "text_file"):
        before, after = getattr(a.document, name), getattr(b.document, name)
        if name == "text_file":
            before, after = Path(before).name, Path(after).name
        if before != after:
            found.append(Change("document", name, "changed", _DOCUMENT_LABELS[name], str(before), str(after)))
    if a.effective != b.effective:
        found.append(Change(
            "effective", "", "changed", "施行期间", str(a.effective), str(b.effective),
            citation_before=a.effective.citation, citation_after=b.effective.citation,
        ))
    found += _changes("exclusions", "", a.exclusions, b.exclusions, None, None)
    return VersionDiff(a.name, b.name, tuple(found))


_DOCUMENT_LABELS: Final = {
    "title": "文件名称", "number": "文号", "issuer": "发文单位", "date": "日期", "short": "简称", "text_file": "文本",
}


def _changes(
    direction: str, path: str, a: object, b: object, near_a: Citation | None, near_b: Citation | None
) -> list[Change]:
    """The differences between two pieces of rule data; ``near_*`` the clause of the part around them."""
    if a == b:
        return []
    if isinstance(a, Cited) and isinstance(b, Cited):
        if a.value != b.value:
            kind, before, after = "changed", show_value(a.value), show_value(b.value)
        elif a.citation != b.citation:
            kind, before, after = "clause", str(a.citation), str(b.citation)
        elif a.label != b.label:
            kind, before, after = "label", a.label, b.label
        else:
            return []  # a reform's name only
        return [Change(direction, path, kind, b.label, before, after, True, a.citation, b.citation)]
    if isinstance(a, BaseModel) and type(a) is type(b):
        own_a, own_b = getattr(a, "citation", None), getattr(b, "citation", None)
        if isinstance(own_a, Citation) and isinstance(own_b, Citation):
            near_a, near_b = own_a, own_b
        found = []
        for name in type(a).model_fields:
            found += _changes(direction, _join(path, name), getattr(a, name), getattr(b, name), near_a, near_b)
        return found
    if isinstance(a, tuple) and isinstance(b, tuple):
        left, right = _keyed(a), _keyed(b)
        found = []
        for key in [*left, *(k for k in right if k not in left)]:
            where = f"{path}[{key}]"
            if key not in right or key not in left:
                item = left.get(key, right.get(key))
                label = str(getattr(item, "label", key))
                shown = _shown(item)
                found.append(Change(
                    direction, where, "removed" if key not in right else "added", label,
                    shown if key not in right else "", shown if key not in left else "",
                    citation_before=_citation_of(item) if key not in right else None,
                    citation_after=_citation_of(item) if key not in left else None,
                ))
            else:
                found += _changes(direction, where, left[key], right[key], near_a, near_b)
        return found
    if isinstance(a, Citation) and isinstance(b, Citation):
        return [Change(direction, path, "clause", path.rsplit(".", 1)[-1], str(a), str(b), False, a, b)]
    return [Change(direction, path, "changed", path.rsplit(".", 1)[-1] or direction, _shown(a), _shown(b), False, near_a, near_b)]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _keyed(items: Sequence[object]) -> dict[str, object]:
    """Items of a tuple by what names them: a condition by name, a gate by kind, a phase by stage,
    a tranche by label; else by position."""
    found: dict[str, object] = {}
    for index, item in enumerate(items):
        key = next(
            (str(v) for v in (getattr(item, "name", None), getattr(item, "stage", None), getattr(item, "label", None))
             if isinstance(v, str)),
            None,
        )
        kind = getattr(item, "kind", None)
        if key is None and isinstance(kind, str):
            key = kind
            certification = getattr(item, "certification", None)
            if certification is not None:
                key = f"{kind}:{getattr(certification, 'value', '')}"
        key = key if key is not None and key not in found else str(index)
        found[key] = item
    return found


def _citation_of(item: object) -> Citation | None:
    for name in ("citation", "threshold", "years", "basis"):
        value = getattr(item, name, None)
        if isinstance(value, Citation):
            return value
        if isinstance(value, Cited):
            return value.citation
    return None


def _shown(value: object) -> str:
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True)[:200]
    return show_value(value)
