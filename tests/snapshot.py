"""Result snapshots: what the library computes for the bundled examples and for thousands of
deterministic mutations of them, across every registered document.

A refactor must change no result by accident. ``tests/test_snapshot.py`` recomputes every
assessment (its JSON and its explanation) and two allocations and compares their digests with
``tests/snapshots/results.json``. An intended change is recorded by rewriting that file and
listing the difference in CHANGELOG.md::

    python -m tests.snapshot --dump before.txt     # on the old code: every result in full
    python -m tests.snapshot --dump after.txt      # on the new code
    diff before.txt after.txt                      # read every difference
    python -m tests.snapshot --write               # accept them

The mutations are plain edits of the examples' JSON drawn from a seeded :class:`random.Random`
(string seeds are hashed with SHA-512, so every process draws the same ones): amounts scaled
around their thresholds, dates and times shifted across windows and deadlines, yes/no facts
flipped, counts moved by one, keys and list items dropped or doubled, the direction switched within
its programme, half of them with the bundled ledger.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from subsidycalc.allocation import allocate
from subsidycalc.inputs import EXAMPLE_FILES, example_ledger
from subsidycalc.models import Application
from subsidycalc.registry import assess, directions

SNAPSHOT = Path(__file__).parent / "snapshots" / "results.json"
MUTANTS_PER_EXAMPLE = 100
VOLATILE = ("library_version", "rules_digest", "rules_digests")
"""Fields that say which code and rule data computed a result, not what was computed."""

_MONEY = re.compile(r"^(\d+(?:\.\d+)?)(万|元)?$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_FACTORS = ("0", "0.3", "0.5", "0.9", "0.999", "0.9999", "1.0001", "1.001", "1.1", "2", "5")
_DAYS = (-400, -40, -1, 1, 40, 400)
_HOURS = (-24 * 30, -24, -1, 1, 24, 24 * 30)
_SKIP = frozenset({"id", "programme", "name", "credit_code", "number", "supplier", "payer"})


def example_dicts() -> list[dict[str, Any]]:
    """The bundled example applications as JSON-like dicts, in file order."""
    found: list[dict[str, Any]] = []
    for name in EXAMPLE_FILES:
        found.extend(json.loads(resources.files("subsidycalc.data").joinpath(name).read_text("utf-8")))
    return found


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIP:
                yield from _leaves(item, (*path, key))
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
        yield path, value
    else:
        yield path, value


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _mutated_leaf(rng: random.Random, value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return max(0, value + rng.choice((-2, -1, 1, 2, value)))
    if not isinstance(value, str):
        return value
    if match := _MONEY.match(value):
        amount = Decimal(match[1]) * (10_000 if match[2] == "万" else 1) * Decimal(rng.choice(_FACTORS))
        return f"{amount.quantize(Decimal('0.01'))}"
    if match := _PERCENT.match(value):
        return f"{max(Decimal(0), Decimal(match[1]) + rng.choice((-10, -1, 1, 10)))}%"
    if _DATE.match(value):
        return (date.fromisoformat(value) + timedelta(days=rng.choice(_DAYS))).isoformat()
    if _INSTANT.match(value):
        return (datetime.fromisoformat(value) + timedelta(hours=rng.choice(_HOURS))).isoformat()
    return value


def mutate(rng: random.Random, example: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """One to three edits of a copy of ``example``; ``keys`` are its programme's directions."""
    data = copy.deepcopy(example)
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        if choice < 0.08:
            data["direction"] = rng.choice(keys)
            continue
        leaves = [(p, v) for p, v in _leaves(data) if p and p[0] not in ("direction", "id")]
        path, value = rng.choice(leaves)
        parent = _parent(data, path)
        if isinstance(value, (dict, list)) or choice < 0.2:
            if isinstance(parent, list):
                if rng.random() < 0.5:
                    del parent[path[-1]]
                else:
                    parent.append(copy.deepcopy(value) if not isinstance(value, dict) else _renumbered(value))
            elif isinstance(parent, dict) and path[-1] not in ("enterprise", "project"):
                del parent[path[-1]]
            continue
        parent[path[-1]] = _mutated_leaf(rng, value)
    return data


def _renumbered(item: dict[str, Any]) -> dict[str, Any]:
    """A doubled list item (an invoice, a partner) with a distinct number, so it stays valid."""
    copied = copy.deepcopy(item)
    if "number" in copied:
        copied["number"] = f"{copied['number']}-2"
    return copied


def generated() -> list[tuple[dict[str, Any], bool]]:
    """Every example and its mutants that validate, each with whether it is assessed with the ledger."""
    found: list[tuple[dict[str, Any], bool]] = []
    for example in example_dicts():
        keys = sorted(directions(example.get("programme", "doumen-2023")))
        found.append((example, True))
        for n in range(MUTANTS_PER_EXAMPLE):
            rng = random.Random(f"{example['id']}:{n}")
            data = mutate(rng, example, keys)
            data["id"] = f"{example['id']}~{n}"
            found.append((data, n % 2 == 0))
    return found


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [_stable(item) for item in value]
    return value


def _text(to_dict: dict[str, Any], explanation: str) -> str:
    return json.dumps(_stable(to_dict), ensure_ascii=False, sort_keys=True, indent=1) + "\n" + explanation


def results() -> Iterator[tuple[str, str]]:
    """``(id, text)`` for every validated application and for two allocations, in a fixed order."""
    ledger = example_ledger()
    valid: list[Application] = []
    examples: list[Application] = []
    for data, with_ledger in generated():
        try:
            application = Application.model_validate(data)
        except ValidationError:
            continue
        valid.append(application)
        if "~" not in application.id:
            examples.append(application)
        result = assess(application, ledger if with_ledger else None)
        yield application.id, _text(result.to_dict(), result.explain())
    from subsidycalc.catalog import BUILT_IN  # here, so that generated() runs on older trees too (benchmarks)

    bundled = {rules.ref: rules for programme in BUILT_IN for rules in directions(programme).values()}
    for name, group in (("allocation:examples", examples), ("allocation:all", valid)):
        allocation = allocate(group, rules=bundled, ledger=ledger)
        yield name, _text(allocation.to_dict(), allocation.explain() + "\n" + allocation.table())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def digests() -> dict[str, str]:
    return {key: digest(text) for key, text in results()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.snapshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {SNAPSHOT.name} from this code")
    parser.add_argument("--dump", type=Path, help="write every result in full to this file, for a diff")
    args = parser.parse_args(argv)
    if args.dump is not None:
        with args.dump.open("w", encoding="utf-8") as out:
            for key, text in results():
                out.write(f"=== {key}\n{text}\n")
    if args.write:
        found = digests()
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(found)} results written to {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
