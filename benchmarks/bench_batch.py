"""Throughput and memory of the columnar batch engine (money pipeline, every invoice-based direction).

Builds N applicants × ~8 invoices as columns (spread over the eight 斗门 directions, dates around
each window, every category, a quarter of suppliers listed), then times :func:`subsidycalc.batch.evaluate`
end to end from the columns, and — for a smaller N — from validated models
(``Population.from_applications``) to show what the object path costs. Before timing, a sample of
1,000 applicants is checked equal to the scalar engine.

Run by hand: ``python benchmarks/bench_batch.py [N ...]`` (default 10000 100000 1000000). Peak
memory is the process's maximum resident set size after the run.
"""

from __future__ import annotations

import platform
import resource
import sys
import time
from datetime import date

import numpy as np

import subsidycalc
from subsidycalc.batch import CATEGORY_CODES, Population, evaluate
from subsidycalc.inputs import example_applications
from subsidycalc.policies import doumen_2023_guide as doumen
from subsidycalc.registry import assess

REFS = tuple(r.ref for r in doumen.DIRECTIONS.values())


def columns(n: int, per: int = 8, seed: int = 7) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    direction = rng.integers(0, len(REFS), n, dtype=np.int32)
    owner = np.repeat(np.arange(n, dtype=np.int64), per)
    start = np.asarray([doumen.DIRECTIONS[r.split("/")[1]].window.value.start.toordinal() for r in REFS])
    day = start[direction[owner]] + rng.integers(-30, 420, n * per)
    return {
        "ids": tuple(f"A{i}" for i in range(n)),
        "refs": REFS,
        "direction": direction,
        "invoice_owner": owner,
        "invoice_day": day.astype(np.int64),
        "invoice_category": rng.integers(0, len(CATEGORY_CODES), n * per).astype(np.int64),
        "invoice_amount": rng.integers(0, 200_000_000, n * per, dtype=np.int64),  # up to 200万元 each
        "invoice_scenario": rng.random(n * per) < 0.2,
        "invoice_from_applicant": rng.random(n * per) < 0.9,
        "invoice_listed": rng.random(n * per) < 0.25,
        "contract_owner": np.arange(n, dtype=np.int64),
        "contract_amount": rng.integers(0, 500_000_000, n, dtype=np.int64),
        "contract_listed": rng.random(n) < 0.5,
    }


def best_of(runs: int, fn):  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def from_models(n: int) -> None:
    """The example applications of the invoice family, repeated to n with new ids; checked first."""
    base = [a for a in example_applications() if a.programme == "doumen-2023"]
    apps = [base[i % len(base)].model_copy(update={"id": f"M{i}"}) for i in range(n)]
    result = evaluate(Population.from_applications(apps))
    for i, app in enumerate(apps):  # identical to the scalar engine before anything is timed
        scalar = assess(app)
        assert int(result.award_if_eligible[i]) == scalar.award_if_eligible.fen, app.id
        assert int(result.eligible_spend[i]) == scalar.eligible_spend.fen, app.id
    build = best_of(3, lambda: Population.from_applications(apps))
    pop = Population.from_applications(apps)
    run = best_of(3, lambda: evaluate(pop))
    print(f"| {n:,} from models (checked = scalar) | {len(pop.invoice_owner):,} | {build:.3f} s | "
          f"{run:.3f} s | {(build + run) / n * 1e6:.2f} µs |")


def main(sizes: list[int]) -> None:
    print(f"subsidycalc {subsidycalc.__version__}, NumPy {np.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, {date.today()}")
    print()
    print("| applicants | invoices | columns → Population (validated) | evaluate | end to end per applicant |")
    print("|---|---:|---:|---:|---:|")
    from_models(10_000)
    for n in sizes:
        fields = columns(n)
        build = best_of(3, lambda fields=fields: Population(**fields))
        pop = Population(**fields)
        run = best_of(3, lambda pop=pop: evaluate(pop))
        print(f"| {n:,} from columns | {len(pop.invoice_owner):,} | {build:.3f} s | {run:.3f} s | "
              f"{(build + run) / n * 1e6:.2f} µs |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"peak resident memory of the whole run: {peak:,.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
