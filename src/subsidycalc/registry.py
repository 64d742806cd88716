"""The registry of policy documents and their directions.

Every policy module exposes ``PROGRAMME``, ``DOCUMENT`` and ``DIRECTIONS``; this module finds them
all, so a contract test (and the CLI) can run over every registered direction.

>>> ", ".join(sorted(directions("doumen-2023"))[:2])
'direction_1, direction_2'
>>> get("doumen-2023/direction_3").cap.value.format_wan()
'150万元'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from types import MappingProxyType, ModuleType
from typing import Final

from .citations import Document
from .exclusion import CountLimit, Exclusion
from .ledger import Ledger
from .models import Application
from .result import Assessment
from .rules import AnyRules

__all__ = ["all_directions", "assess", "directions", "document", "exclusions_of", "get", "programmes"]

_MODULES: Final[dict[str, str]] = {
    "doumen-2023": "subsidycalc.policies.doumen_2023_guide",
    "shaoguan-2023": "subsidycalc.policies.shaoguan_cluster_pilot_guide",
    "guangdong-2022": "subsidycalc.policies.guangdong_2022_cluster_pilot",
    "zhongshan-2025": "subsidycalc.policies.zhongshan_digital_measures",
    "guangdong-2020": "subsidycalc.policies.guangdong_2020_cluster_plan",
}


def programmes() -> tuple[str, ...]:
    """Keys of every encoded policy document."""
    return tuple(_MODULES)


def _module(programme: str) -> ModuleType:
    try:
        return import_module(_MODULES[programme])
    except KeyError:
        raise ValueError(
            f"unknown programme {programme!r}: expected one of {', '.join(_MODULES)}"
        ) from None


def document(programme: str) -> Document:
    doc: Document = _module(programme).DOCUMENT
    return doc


def directions(programme: str) -> Mapping[str, AnyRules]:
    """The directions of one programme, by key (read-only)."""
    return _directions(programme)


@cache
def _directions(programme: str) -> Mapping[str, AnyRules]:
    found: dict[str, AnyRules] = _module(programme).DIRECTIONS
    return MappingProxyType(dict(found))


def exclusions_of(programme: str) -> tuple[Exclusion | CountLimit, ...]:
    """The mutual-exclusion and count-limit rules of one programme (empty where the text has none)."""
    found: tuple[Exclusion | CountLimit, ...] = getattr(_module(programme), "EXCLUSIONS", ())
    return found


def all_directions() -> dict[str, AnyRules]:
    """Every direction of every programme, by ``programme/key``."""
    return {rules.ref: rules for p in _MODULES for rules in directions(p).values()}


def get(ref: str) -> AnyRules:
    """A direction by ``programme/key``, e.g. ``doumen-2023/direction_1``."""
    programme, _, key = ref.partition("/")
    found = directions(programme)
    if key not in found:
        raise ValueError(
            f"unknown direction {key!r} of {programme}: expected one of {', '.join(found)}"
        )
    return found[key]


def assess(application: Application, ledger: Ledger | None = None) -> Assessment:
    """Assess an application under the programme and direction it names."""
    return get(f"{application.programme}/{application.direction}").assess(application, ledger)
