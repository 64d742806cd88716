"""Which policy documents exist: the bundled ones, those other packages add, those loaded from rule
files — found by name, so that the input models can check a programme without importing the
rules (the layer above them).

A policy is a module (or any object) with the attributes of `PolicyModule`. Other packages
add documents through the entry point group ``subsidycalc.policies``: the entry point's name is the
programme id and its value the module, e.g. in a city's own package::

    [project.entry-points."subsidycalc.policies"]
    "xiangzhou-2026" = "xiangzhou_guide.policy"

`register` adds one at run time ([`subsidycalc.rulefile.load_policy`][subsidycalc.rulefile.load_policy] uses it).

```pycon
>>> "doumen-2023" in programmes()
True
>>> direction_keys("doumen-2023")[:2]
('direction_1', 'direction_2')

```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import import_module, metadata
from typing import Any, Final, Protocol, runtime_checkable

from .citations import Document

__all__ = [
    "BUILT_IN",
    "ENTRY_POINT_GROUP",
    "PolicyModule",
    "direction_keys",
    "fact_names",
    "module",
    "programmes",
    "refresh",
    "register",
    "registered",
    "unregister",
]

ENTRY_POINT_GROUP: Final = "subsidycalc.policies"
BUILT_IN: Final[Mapping[str, str]] = {
    "doumen-2023": "subsidycalc.policies.doumen_2023_guide",
    "shaoguan-2023": "subsidycalc.policies.shaoguan_cluster_pilot_guide",
    "guangdong-2022": "subsidycalc.policies.guangdong_2022_cluster_pilot",
    "zhongshan-2025": "subsidycalc.policies.zhongshan_digital_measures",
    "guangdong-2020": "subsidycalc.policies.guangdong_2020_cluster_plan",
}
"""The documents this package ships, by programme id."""

_REGISTERED: Final[dict[str, PolicyModule]] = {}
_FACT_NAMES: Final[dict[str, tuple[PolicyModule, frozenset[str]]]] = {}


@runtime_checkable
class PolicyModule(Protocol):
    """What a policy document provides: its id, the document, and its rules by key.

    Optional: ``EXCLUSIONS`` (mutual-exclusion and count-limit rules), ``FACTS`` (the facts its
    conditions read), ``EXAMPLES`` (passing applications for the shared contract tests).
    """

    PROGRAMME: str
    DOCUMENT: Document
    DIRECTIONS: Mapping[str, Any]


@cache
def _entry_points() -> dict[str, metadata.EntryPoint]:
    found: dict[str, metadata.EntryPoint] = {}
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in BUILT_IN:
            raise ValueError(
                f"entry point {entry.name!r} = {entry.value!r} of group {ENTRY_POINT_GROUP!r} names a "
                "bundled programme: expected a new programme id"
            )
        found[entry.name] = entry
    return found


def programmes() -> tuple[str, ...]:
    """Every programme id: bundled, added by installed packages, registered at run time."""
    return (*BUILT_IN, *(p for p in sorted(_entry_points()) if p not in _REGISTERED), *_REGISTERED)


def refresh() -> None:
    """Forget what was found in installed packages (after installing one while running)."""
    _entry_points.cache_clear()
    _module.cache_clear()


def register(policy: PolicyModule) -> None:
    """Add a policy at run time (e.g. one loaded from a rule file); its id must be new."""
    _check(str(getattr(policy, "PROGRAMME", "?")), policy)
    if policy.PROGRAMME in BUILT_IN:
        raise ValueError(f"programme {policy.PROGRAMME!r} is bundled: expected a new programme id")
    _REGISTERED[policy.PROGRAMME] = policy
    _module.cache_clear()


@contextmanager
def registered(policy: PolicyModule) -> Iterator[None]:
    """``policy`` registered for the duration of a ``with`` block, the previous state restored after."""
    previous = _REGISTERED.get(policy.PROGRAMME)
    register(policy)
    try:
        yield
    finally:
        if previous is None:
            unregister(policy.PROGRAMME)
        else:
            register(previous)


def unregister(programme: str) -> None:
    """Remove a policy added with `register` (no effect on bundled or installed ones)."""
    if _REGISTERED.pop(programme, None) is not None:
        _module.cache_clear()


def module(programme: str) -> PolicyModule:
    """The policy of ``programme``, imported on first use and checked against `PolicyModule`."""
    return _module(programme)


@cache
def _module(programme: str) -> PolicyModule:
    if programme in _REGISTERED:
        return _REGISTERED[programme]
    if programme in BUILT_IN:
        found: object = import_module(BUILT_IN[programme])
    elif programme in _entry_points():
        found = _entry_points()[programme].load()
    else:
        raise ValueError(f"unknown programme {programme!r}: expected one of {', '.join(programmes())}")
    return _check(programme, found)


def _check(programme: str, found: object) -> PolicyModule:
    if not isinstance(found, PolicyModule):
        missing = [name for name in ("PROGRAMME", "DOCUMENT", "DIRECTIONS") if not hasattr(found, name)]
        raise TypeError(f"policy {programme!r} ({found!r}) lacks {', '.join(missing)}: expected a PolicyModule")
    if programme != found.PROGRAMME:
        raise ValueError(f"policy registered as {programme!r} says PROGRAMME = {found.PROGRAMME!r}: expected the same id")
    if not isinstance(found.DOCUMENT, Document):
        raise TypeError(f"policy {programme!r}: DOCUMENT is {type(found.DOCUMENT).__name__}: expected a Document")
    return found


def fact_names(programme: str) -> frozenset[str]:
    """The facts an application to ``programme`` may declare: those its rules read (each rules
    object's ``facts_read()``), and any the policy lists in ``FACTS``."""
    policy = module(programme)
    hit = _FACT_NAMES.get(programme)
    if hit is None or hit[0] is not policy:
        names: set[str] = set(getattr(policy, "FACTS", ()))
        for rules in policy.DIRECTIONS.values():
            names |= rules.facts_read()
        hit = _FACT_NAMES[programme] = (policy, frozenset(names))
    return hit[1]


def direction_keys(programme: str) -> tuple[str, ...]:
    """The keys of the directions (items) of ``programme``, in the document's order."""
    return tuple(module(programme).DIRECTIONS)
