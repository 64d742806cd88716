"""The registry of policy documents and their directions.

Every policy exposes ``PROGRAMME``, ``DOCUMENT`` and ``DIRECTIONS`` ([`PolicyModule`][subsidycalc.catalog.PolicyModule]);
[`subsidycalc.catalog`][subsidycalc.catalog] finds them — bundled, added by installed packages through the
``subsidycalc.policies`` entry points, or loaded from a rule file — and this module serves their
rules, so a contract test (and the CLI) can run over every registered direction.

```pycon
>>> ", ".join(sorted(directions("doumen-2023"))[:2])
'direction_1, direction_2'
>>> get("doumen-2023/direction_3").cap.value.format_wan()
'150万元'

```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from . import catalog
from .catalog import PolicyModule
from .citations import Citation, Document
from .exclusion import CountLimit, Exclusion
from .ledger import Ledger
from .models import Application, Facts, fact_type
from .money import Ratio
from .result import Assessment
from .rules import AnyRules
from .stages import LifeStage

_DIRECTIONS: Final[dict[str, tuple[PolicyModule, Mapping[str, AnyRules]]]] = {}

__all__ = [
    "FactInfo",
    "all_directions",
    "assess",
    "directions",
    "document",
    "exclusions_of",
    "facts_of",
    "get",
    "module",
    "programmes",
]


def programmes() -> tuple[str, ...]:
    """Keys of every encoded policy document (bundled, added by packages, loaded from rule files)."""
    return catalog.programmes()


def module(programme: str) -> PolicyModule:
    """The policy module (or loaded rule file) of ``programme``."""
    return catalog.module(programme)


def document(programme: str) -> Document:
    doc: Document = module(programme).DOCUMENT
    return doc


def directions(programme: str) -> Mapping[str, AnyRules]:
    """The directions of one programme, by key (read-only)."""
    policy = module(programme)
    hit = _DIRECTIONS.get(programme)
    if hit is None or hit[0] is not policy:
        found: Mapping[str, AnyRules] = policy.DIRECTIONS
        hit = _DIRECTIONS[programme] = (policy, MappingProxyType(dict(found)))
    return hit[1]


def exclusions_of(programme: str) -> tuple[Exclusion | CountLimit, ...]:
    """The mutual-exclusion and count-limit rules of one programme (empty where the text has none)."""
    found: tuple[Exclusion | CountLimit, ...] = getattr(module(programme), "EXCLUSIONS", ())
    return found


@dataclass(frozen=True, slots=True)
class FactInfo:
    """A fact a programme's applications may declare: its name, kind, label, the clause that asks
    for it, and the rules that read it."""

    name: str
    kind: str
    """``count``, ``ratio``, ``yes_no``, ``date``, ``indicators`` or ``set`` (names, e.g. of 专项试点)."""
    label: str
    citation: Citation | None
    rules: tuple[str, ...]


_FACT_KINDS: Final[dict[type, str]] = {
    dict: "indicators", bool: "yes_no", date: "date", Ratio: "ratio", int: "count", frozenset: "set",
}


def _fact_kind(name: str) -> str:
    found = fact_type(name)
    return _FACT_KINDS[found] if found is not None else name


def facts_of(programme: str) -> tuple[FactInfo, ...]:
    """The facts an application to ``programme`` may declare (exactly those its rules read), by name.

    ```pycon
    >>> names = tuple(f.name for f in facts_of("doumen-2023"))
    >>> names[0], names[1]
    ('cnc_networking_rate', 'coverage_5g')
    >>> facts_of("doumen-2023")[0].kind, facts_of("doumen-2023")[0].citation.clause
    ('ratio', '专题十八 方向二 1.申报条件（1）')

    ```
    """
    table = directions(programme)
    cited = {key: rules.fact_citations() for key, rules in table.items()}
    found = []
    for name in sorted(catalog.fact_names(programme)):
        readers = [key for key in table if name in cited[key]]
        citation = next((cited[key][name] for key in readers if cited[key][name] is not None), None)
        label = (Facts.model_fields[name].description or name).rstrip(".")
        found.append(FactInfo(name, _fact_kind(name), label, citation, tuple(f"{programme}/{k}" for k in readers)))
    return tuple(found)


def all_directions() -> dict[str, AnyRules]:
    """Every direction of every programme, by ``programme/key``."""
    return {rules.ref: rules for p in programmes() for rules in directions(p).values()}


def get(ref: str) -> AnyRules:
    """A direction by ``programme/key``, e.g. ``doumen-2023/direction_1``."""
    programme, _, key = ref.partition("/")
    found = directions(programme)
    if key not in found:
        raise ValueError(
            f"unknown direction {key!r} of {programme}: expected one of {', '.join(found)}"
        )
    return found[key]


def assess(application: Application, ledger: Ledger | None = None, stage: LifeStage | None = None) -> Assessment:
    """Assess an application under the programme and direction it names (at ``stage`` of its life:
    [`subsidycalc.parts.life`][subsidycalc.parts.life])."""
    return get(f"{application.programme}/{application.direction}").assess(application, ledger, stage)
