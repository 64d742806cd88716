"""Allocation of 1,000,000 assessed applications across every direction, with a budget envelope.

Run by hand: ``python benchmarks/bench_allocate.py [N]``. The candidates stand for already assessed
applications (allocation's input); they are generated, not assessed, so only allocation is timed.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal

import subsidycalc
from subsidycalc.allocation import AllocationPolicy, Budget, BudgetMode, Candidate, allocate_candidates
from subsidycalc.money import Money
from subsidycalc.periods import BEIJING
from subsidycalc.policies import doumen_2023_guide as doumen


def population(n: int) -> list[Candidate]:
    rng = random.Random(2024)
    keys = list(doumen.DIRECTIONS)
    start = datetime(2024, 3, 1, tzinfo=BEIJING)
    codes = [f"E{i:07d}" for i in range(n // 2 + 1)]  # about two applications per enterprise
    return [
        Candidate(
            application_id=f"A{i:07d}",
            programme="doumen-2023",
            direction=rng.choice(keys),
            credit_code=rng.choice(codes),
            enterprise="企业",
            eligible=rng.random() < 0.7,
            award=Money(rng.randrange(1, 200_000_000)),
            review_score=Decimal(rng.randrange(600, 1000)) / 10,
            contract_time=start + timedelta(seconds=rng.randrange(3_000_000)),
            online_time=start + timedelta(seconds=rng.randrange(3_000_000)),
        )
        for i in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    candidates = population(n)
    print(f"## Allocation, {n:,} assessed applications, all directions\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; subsidycalc {subsidycalc.__version__}\n")
    print("| policy | seconds | funded | total |")
    print("|---|---:|---:|---:|")
    for label, policy in (
        ("strict, no budget", AllocationPolicy()),
        ("strict, overall 5,000万 rank-fill", AllocationPolicy(budgets=(Budget(amount=Money.from_wan(5000)),))),
        ("strict, overall 5,000万 pro-rata", AllocationPolicy(budgets=(Budget(amount=Money.from_wan(5000)),), budget_mode=BudgetMode.PRO_RATA)),
    ):
        gc.collect()
        begin = time.perf_counter()
        result = allocate_candidates(candidates, policy=policy)
        seconds = time.perf_counter() - begin
        print(f"| {label} | {seconds:.2f} | {len(result.funded())} | {result.total.format()} |")


if __name__ == "__main__":
    main()
