"""The engine's own guarantees (rule behaviour is tested per policy under ``tests/policies``)."""

from __future__ import annotations

import os
import subprocess
import sys

from subsidycalc import registry
from subsidycalc.engine import rules_digest
from subsidycalc.scenarios import Scenario

_PRINT_DIGESTS = (
    "from subsidycalc import registry; from subsidycalc.engine import rules_digest; "
    "print(' '.join(rules_digest(r) for r in registry.all_directions().values()))"
)


def _digests_with_hash_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _PRINT_DIGESTS], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_rules_digest_is_the_same_in_every_process() -> None:
    # Rules hold frozensets (categories, clusters, levels) whose order follows the string hash
    # seed; a digest stored by one server must match the one another server computes.
    digests = {_digests_with_hash_seed(seed) for seed in ("0", "1", "12345")}
    assert len(digests) == 1
    assert digests == {" ".join(rules_digest(r) for r in registry.all_directions().values())}


def test_rules_digest_differs_under_a_reform() -> None:
    base = registry.get("doumen-2023/direction_1")
    changed = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万"}).rules()
    assert rules_digest(changed["doumen-2023/direction_1"]) != rules_digest(base)
    assert rules_digest(changed["doumen-2023/direction_2"]) == rules_digest(
        registry.get("doumen-2023/direction_2")
    )
