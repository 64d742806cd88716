"""No result changes by accident: every assessment and allocation of ``tests/snapshot.py`` matches
the recorded digests (see that module for how to record an intended change)."""

from __future__ import annotations

import json

from tests.snapshot import SNAPSHOT, digests


def test_results_match_the_snapshot() -> None:
    recorded: dict[str, str] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    found = digests()
    assert len(found) >= 3_000, "the snapshot must cover at least 3,000 results"
    changed = sorted(key for key in recorded.keys() & found.keys() if recorded[key] != found[key])
    missing = sorted(recorded.keys() - found.keys())
    new = sorted(found.keys() - recorded.keys())
    problems = (
        f"{len(changed)} results changed (first: {changed[:5]}), {len(missing)} no longer computed "
        f"({missing[:5]}), {len(new)} new ({new[:5]}): if intended, run `python -m tests.snapshot --dump` "
        "before and after, list the differences in CHANGELOG.md and `python -m tests.snapshot --write`"
    )
    assert (changed, missing, new) == ([], [], []), problems
