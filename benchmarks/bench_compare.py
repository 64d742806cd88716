"""The scalar engine before and after a change, measured in one run (the machine is shared and
noisy: only the ratio means something).

Checks out ``REV`` (default ``HEAD``) into a temporary git worktree and times, alternately in
fresh processes of the old tree and of the working tree, the validation and the assessment of the
snapshot's applications (``tests/snapshot.py``: the bundled examples and their mutations across all
five documents, validated once beforehand): assessment only, and assessment with ``explain()``.
Each process reports its best of several rounds; the script prints the median of the processes
per tree and the ratio new / old.

Run by hand (not a test): ``python benchmarks/bench_compare.py [REV] [--processes N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def child() -> None:
    """Time the current interpreter's subsidycalc on the snapshot's applications; print JSON."""
    from pydantic import ValidationError
    from tests.snapshot import generated

    from subsidycalc.inputs import example_ledger
    from subsidycalc.models import Application
    from subsidycalc.registry import get

    ledger = example_ledger()
    work = []
    valid = []
    for data, with_ledger in generated():
        try:
            application = Application.model_validate(data)
        except ValidationError:
            continue
        valid.append(data)
        work.append((get(f"{application.programme}/{application.direction}"), application, ledger if with_ledger else None))
    timings: dict[str, float | int | str] = {}
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for data in valid:
            Application.model_validate(data)
        best = min(best, time.perf_counter() - start)
    timings["validate"] = best / len(valid) * 1e6
    for name, explain in (("assess", False), ("assess_explain", True)):
        best = float("inf")
        for _ in range(ROUNDS):
            start = time.perf_counter()
            for rules, application, chosen in work:
                result = rules.assess(application, chosen)
                if explain:
                    result.explain()
            best = min(best, time.perf_counter() - start)
        timings[name] = best / len(work) * 1e6
    import subsidycalc

    print(json.dumps({"applications": len(work), "source": subsidycalc.__file__, **timings}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", default="HEAD")
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.rev], check=True,
                       capture_output=True)
        try:
            trees = {"old": old / "src", "new": ROOT / "src"}
            found: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
            for _ in range(args.processes):
                for name, src in trees.items():
                    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}"}
                    done = subprocess.run([sys.executable, __file__, "--child"], env=env, check=False,
                                          capture_output=True, text=True, cwd=ROOT)
                    if done.returncode:
                        raise SystemExit(f"the {name} tree failed:\n{done.stderr}")
                    out = done.stdout
                    found[name].append(json.loads(out))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True)
    count = found["new"][0]["applications"]
    for name, src in trees.items():
        assert str(found[name][0]["source"]).startswith(str(src)), f"{name} imported {found[name][0]['source']}"
    print(f"{count} applications, {args.processes} processes per tree, best of {ROUNDS} rounds each; "
          f"old = {args.rev}, new = working tree\n")
    print("| measure | old µs / application | new µs / application | new / old |")
    print("|---|---:|---:|---:|")
    for measure in ("validate", "assess", "assess_explain"):
        before = statistics.median(r[measure] for r in found["old"])
        after = statistics.median(r[measure] for r in found["new"])
        print(f"| {measure} | {before:.1f} | {after:.1f} | {after / before:.3f} |")


if __name__ == "__main__":
    main()
