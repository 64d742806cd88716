"""Sweeps on the columns: 100 scenarios × N applications, allocation included, on both cores.

Run by hand: ``python benchmarks/bench_sweep_columns.py [N]`` (default 100000).

The applications are ``bench_assess.make``'s (~8 invoices, over the eight 斗门 directions), two per
enterprise, each with its own contract and a review score (60.00–99.99, so with ties). The grid has 100 scenarios: 方向五's cap (5 values) × 方向三's quota (5) × 方向六's 附件1
list for the PCB cluster (2: as published, or one provider only — half the scenarios read the lists
again) × the overall budget (2). Timed:

- the batch engine (``engine="batch"``: the applications read into columns once per process, each
  scenario evaluated over the columns and allocated by ``columnar.allocate_columns``), in one process
  and on a ``ProcessPoolExecutor`` of two workers (the applications are shipped to each);
- the scalar engine (``engine="scalar"``) on a sample of 4 of the scenarios, whose rows are checked
  identical to the batch engine's.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from bench_assess import make
from bench_sweep import credit_code

import subsidycalc
from subsidycalc.models import Application
from subsidycalc.registry import all_directions
from subsidycalc.scenarios import sweep

PCB = "doumen_2023.direction_6_pcb_workshop.providers.lists.zhuhai-pcb-2022"
PUBLISHED = sorted(all_directions()["doumen-2023/direction_6_pcb_workshop"].providers.lists["zhuhai-pcb-2022"].value)
GRID: dict[str, list[object]] = {
    "doumen_2023.direction_5.cap": ["10万", "20万", "30万", "40万", "50万"],
    "doumen_2023.direction_3.quota": [1, 2, 3, 5, 8],
    PCB: [PUBLISHED, PUBLISHED[:1]],
    "allocation.budget": ["3000万", "100000万"],
}
SAMPLE: dict[str, list[object]] = {k: v[:2] if k != "doumen_2023.direction_3.quota" else v[:1] for k, v in GRID.items()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(7)
    begin = time.perf_counter()
    dicts = [make(i, rng) for i in range(n)]
    for i, d in enumerate(dicts):
        d["enterprise"] = {**d["enterprise"], "credit_code": credit_code(i // 2)}
        d["review_score"] = f"{rng.randrange(6000, 10000) / 100:.2f}"  # float-ok: text of a score, ties included
        for contract in d["contracts"]:  # each its own contract: none claimed twice in the round
            contract["number"] = f"HT{i}"
        for invoice in d["invoices"]:
            if invoice.get("contract") == "HT":
                invoice["contract"] = f"HT{i}"
    apps = [Application.model_validate(d) for d in dicts]
    built = time.perf_counter() - begin
    scenarios = 1
    for values in GRID.values():
        scenarios *= len(values)

    begin = time.perf_counter()
    one = sweep(GRID, apps, engine="batch", progress=False)
    single = time.perf_counter() - begin
    begin = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        pooled = sweep(GRID, apps, engine="batch", executor=pool, chunks=2, progress=False)
    parallel = time.perf_counter() - begin
    assert pooled == one, "the process pool's rows differ"
    begin = time.perf_counter()
    scalar = sweep(SAMPLE, apps, engine="scalar", progress=False)
    by_scalar = time.perf_counter() - begin
    rows = {r.scenario: r for r in one.rows}
    assert all(rows[r.scenario] == r for r in scalar.rows), "the scalar engine's rows differ"
    totals = sorted({r.total_paid for r in one.rows})

    print(f"## Sweep on the columns: {scenarios} scenarios × {n:,} applications, allocation included\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"subsidycalc {subsidycalc.__version__}; one run (the machine is shared: compare the ratios)")
    print(f"- building the {n:,} validated applications (not timed below): {built:.1f} s")
    print(f"- {len(totals)} distinct totals over the grid, {totals[0].format_wan()} to {totals[-1].format_wan()}\n")
    print("| engine | scenarios | seconds | per scenario | per scenario and application |")
    print("|---|---:|---:|---:|---:|")
    print(f"| batch, one process | {scenarios} | {single:.1f} | {single / scenarios:.3f} s | {single / scenarios / n * 1e6:.2f} µs |")
    print(f"| batch, 2 processes | {scenarios} | {parallel:.1f} | {parallel / scenarios:.3f} s | "
          f"{parallel / scenarios / n * 1e6:.2f} µs |")
    print(f"| scalar, one process | {len(scalar.rows)} | {by_scalar:.1f} | {by_scalar / len(scalar.rows):.3f} s | "
          f"{by_scalar / len(scalar.rows) / n * 1e6:.2f} µs |")
    print(f"\nPer scenario the batch engine takes {single / scenarios / (by_scalar / len(scalar.rows)):.3f}× the "
          f"scalar engine's time; two processes take {parallel / single:.2f}× one process. The rows of the "
          f"{len(scalar.rows)} sampled scenarios are identical on both engines.")


if __name__ == "__main__":
    main()
