"""A notebook what-if at scale: ``sweep`` over 方向一's cap × quota for N applications.

Run by hand: ``python benchmarks/bench_sweep.py [N]``. The applications are
``bench_assess.make``'s (~8 invoices, spread over the eight 斗门 directions), two per enterprise;
the grid changes one
direction, so the other seven keep their rules objects and are assessed once for the whole sweep.
Also times the same sweep with every scenario assessed afresh (``allocate`` per scenario), the
way ``sweep`` worked before, and checks the two agree row by row.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time

from bench_assess import make

import subsidycalc
from subsidycalc import uscc
from subsidycalc.allocation import allocate
from subsidycalc.models import Application
from subsidycalc.scenarios import Scenario, sweep

GRID: dict[str, list[object]] = {
    "doumen_2023.direction_1.cap": ["100万", "120万", "150万"],
    "doumen_2023.direction_1.quota": [2, 3],
}


def credit_code(i: int) -> str:
    """A valid 统一社会信用代码 per enterprise (bench_assess gives every application the same one)."""
    first17 = f"91440403{i:09d}"
    return first17 + uscc.calc_check_character(first17)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(7)
    dicts = [make(i, rng) for i in range(n)]
    for i, d in enumerate(dicts):  # about two applications per enterprise, as in bench_allocate
        d["enterprise"] = {**d["enterprise"], "credit_code": credit_code(i // 2)}
    apps = [Application.model_validate(d) for d in dicts]
    begin = time.perf_counter()
    rows = list(sweep(GRID, apps))
    shared = time.perf_counter() - begin
    begin = time.perf_counter()
    fresh = []
    for row in rows:
        scenario = Scenario(row.scenario, {k: row.values[k] for k in GRID})
        fresh.append(allocate(apps, rules=scenario.rules(), policy=scenario.policy()))
    afresh = time.perf_counter() - begin
    assert [r.total_paid for r in rows] == [f.total for f in fresh], "sweep and fresh allocations differ"
    from concurrent.futures import ProcessPoolExecutor

    big = {**GRID, "doumen_2023.direction_2.cap": ["80万", "100万"]}  # 12 scenarios, two directions changed
    begin = time.perf_counter()
    one_process = sweep(big, apps)
    single = time.perf_counter() - begin
    begin = time.perf_counter()
    with ProcessPoolExecutor(os.cpu_count() or 2) as pool:
        pooled = sweep(big, apps, executor=pool)
    parallel = time.perf_counter() - begin
    assert pooled == one_process, "the process pool's rows differ"
    in_direction = sum(1 for a in apps if a.direction == "direction_1")
    print(f"## sweep, {len(rows)} scenarios (方向一 cap × quota), {n:,} applications ({in_direction:,} in 方向一)\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; subsidycalc {subsidycalc.__version__}\n")
    print("| | seconds | per scenario |")
    print("|---|---:|---:|")
    print(f"| `sweep` (unchanged directions assessed once) | {shared:.2f} | {shared / len(rows):.2f} |")
    print(f"| every scenario assessed afresh | {afresh:.2f} | {afresh / len(rows):.2f} |")
    print(f"\n{len(one_process.rows)} scenarios: one process {single:.2f} s, a process pool of {os.cpu_count()} "
          f"{parallel:.2f} s (pool / one process = {parallel / single:.2f}; the same rows)")


if __name__ == "__main__":
    main()
