"""Per-partition figures of a population evaluated as Dask DataFrames (`subsidycalc.distributed`).

Run by hand: ``python benchmarks/bench_dask.py [APPLICANTS_PER_PARTITION] [PARTITIONS]`` (default
100000 4). Prints markdown. The applications are ``bench_assess.make``'s (6–10 invoices each, eight
斗门 directions, one contract), flattened into the tables of ``subsidycalc.frame_input``; partition
*k* holds ids ``A<k>-<i>``, so the three tables are co-located by construction.

Measured:

1. one partition in this process, stage by stage: the tables' bytes (pandas ``memory_usage(deep=True)``),
   ``population_from_frames`` (validation + columns), ``evaluate``, ``to_pandas``, the result's
   bytes, and the process's peak resident set after it;
2. the same PARTITIONS partitions, inputs already in memory: one process, one after the other,
   against ``evaluate_partitions`` + ``award_totals`` on a ``LocalCluster`` of two worker processes
   (inputs generated and persisted on the workers first, not timed), checked equal; then the cost of
   the shuffle when the invoices are not co-located (each the best of ``BENCH_REPEAT`` runs, default 2);
3. scheduler overhead per task: 64 partitions of 200 applicants, cluster against one process;
4. what a scenario costs on one partition: ``scenarios.sweep`` with one scenario (the scalar engine
   and the allocation), and the batch engine under the scenario's rules (columns rebuilt + ``evaluate``,
   and ``evaluate`` alone), and ``batch.allocate`` of the partition.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
from bench_assess import make
from dask.distributed import Client, LocalCluster, wait

import subsidycalc
from subsidycalc.batch import Population, allocate, evaluate
from subsidycalc.distributed import award_totals, evaluate_partitions
from subsidycalc.frame_input import population_from_frames
from subsidycalc.ledger import Ledger
from subsidycalc.scenarios import Scenario, sweep

SCENARIO = {"doumen_2023.direction_1.cap": "120万"}
REPEAT = int(os.environ.get("BENCH_REPEAT", "2"))
"""Runs of each comparison of section 2 and 3, the best kept."""


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            row.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            row[f"{prefix}{key}"] = ";".join(value)
        else:
            row[f"{prefix}{key}"] = value
    return row


def tables(k: int, n: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Partition ``k``: ``n`` applicants, their invoices and contracts (deterministic in ``k``)."""
    rng = random.Random(1000 + k)
    applicants, invoices, contracts = [], [], []
    for i in range(n):
        data = make(k * n + i, rng)
        app_id = data["id"] = f"A{k:04d}-{i:07d}"
        data["project"] = {**data["project"], "id": f"P{k:04d}-{i:07d}"}
        invoices.extend({"application_id": app_id, **row} for row in data.pop("invoices"))
        contracts.extend({"application_id": app_id, **row} for row in data.pop("contracts"))
        applicants.append(_flat(data))
    return pd.DataFrame(applicants), pd.DataFrame(invoices), pd.DataFrame(contracts)


def _indexed(k: int, n: int, which: int) -> pd.DataFrame:
    frame = tables(k, n)[which]
    return frame.set_index("id" if which == 0 else "application_id")


def _unindexed_invoices(k: int, n: int) -> pd.DataFrame:
    return tables(k, n)[1]


def _bytes(*frames: pd.DataFrame) -> int:
    return int(sum(f.memory_usage(deep=True, index=True).sum() for f in frames))


def _timed(work: Callable[[], Any], repeat: int = 1) -> tuple[Any, float]:
    """The result and the best of ``repeat`` timings (the machine is shared: the best is the least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        out = work()
        best = min(best, time.perf_counter() - begin)
    return out, best


def _mib(n: float) -> str:
    return f"{n / 2**20:,.1f} MiB"


def _frames(n: int, partitions: int, shuffled: bool = False) -> tuple[Any, Any, Any]:
    """The PARTITIONS partitions as Dask DataFrames generated where they are computed (``from_map``)."""
    divisions = [f"A{k:04d}-{0:07d}" for k in range(partitions)] + [f"A{partitions - 1:04d}-{n - 1:07d}"]
    metas = [_indexed(0, 2, which).iloc[:0] for which in range(3)]
    found = [
        dd.from_map(_indexed, range(partitions), n=n, which=which, meta=metas[which], divisions=divisions,
                    enforce_metadata=False)
        for which in range(3)
    ]
    if shuffled:
        found[1] = dd.from_map(_unindexed_invoices, range(partitions), n=n, meta=tables(0, 2)[1].iloc[:0],
                               enforce_metadata=False)
    return found[0], found[1], found[2]


def scenario_figures(population: Population, result: Any, ledger: Ledger) -> tuple[float, float, float, float]:
    """Seconds: a one-scenario ``sweep``; the batch engine under the scenario (columns rebuilt, and
    reused); ``batch.allocate`` of the partition."""
    apps = population.applications
    assert apps is not None
    rules = Scenario("cap120", SCENARIO).rules()
    _, one_sweep = _timed(lambda: sweep({k: [v] for k, v in SCENARIO.items()}, apps, ledger=ledger))
    _, rebuilt = _timed(lambda: evaluate(Population.from_applications(apps, rules, ledger=ledger), rules))
    _, alone = _timed(lambda: evaluate(population, rules))
    _, allocated = _timed(lambda: allocate(result, population))
    return one_sweep, rebuilt, alone, allocated


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    partitions = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    ledger = Ledger.empty()
    print(f"# Dask: {partitions} partitions of {n:,} applicants\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work: figures vary run to run)")
    print(f"- Python {platform.python_version()}, subsidycalc {subsidycalc.__version__}, dask {dask.__version__}, "
          f"pandas {pd.__version__}\n")

    # 1. one partition, stage by stage
    (applicants, invoices, contracts), generate = _timed(lambda: tables(0, n))
    population, build = _timed(lambda: population_from_frames(applicants, invoices, contracts, ledger=ledger))
    result, evaluated = _timed(lambda: evaluate(population))
    table, framed = _timed(result.to_pandas)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    in_bytes, out_bytes = _bytes(applicants, invoices, contracts), _bytes(table)
    per = build + evaluated + framed
    print(f"## One partition: {n:,} applicants, {len(invoices):,} invoices, {len(contracts):,} contracts\n")
    print("| stage | seconds | µs per applicant |\n|---|---:|---:|")
    for label, seconds in (("generate the tables (stands in for reading them)", generate),
                           ("`population_from_frames` (validate + columns)", build), ("`evaluate`", evaluated),
                           ("`to_pandas` (the result table)", framed), ("**build + evaluate + table**", per)):
        print(f"| {label} | {seconds:.2f} | {seconds / n * 1e6:.1f} |")
    print(f"\nBytes: input tables {_mib(in_bytes)} ({in_bytes / n:,.0f} B per applicant), result table "
          f"{_mib(out_bytes)} ({out_bytes / n:,.0f} B per applicant); peak resident set of this process so far "
          f"{_mib(peak)}.\n")
    eligible = int(result.eligible.sum())
    print(f"Outcome: {eligible:,} eligible ({eligible / n:.1%}), awards {result.total().format()}.\n")

    # 4. a scenario on this partition
    one_sweep, rebuilt, alone, allocated = scenario_figures(population, result, ledger)
    population = result = table = None
    gc.collect()
    print(f"## One scenario ({', '.join(f'{k} = {v}' for k, v in SCENARIO.items())}) on this partition\n")
    print("| path | seconds | µs per applicant |\n|---|---:|---:|")
    for label, seconds in (("`sweep`, one scenario (scalar assess + allocation)", one_sweep),
                           ("batch: `Population.from_applications` under the scenario's rules + `evaluate`", rebuilt),
                           ("batch: `evaluate` under the scenario's rules, columns reused", alone),
                           ("`batch.allocate` of the partition (quotas, exclusion, ranking)", allocated)):
        print(f"| {label} | {seconds:.2f} | {seconds / n * 1e6:.1f} |")
    print()

    # 2. PARTITIONS partitions: one process against a LocalCluster of two workers
    inputs = [(applicants, invoices, contracts)] + [tables(k, n) for k in range(1, partitions)]

    def one_process() -> dict[str, int]:
        totals: dict[str, int] = {}
        for a, i, c in inputs:
            frame = evaluate(population_from_frames(a, i, c, ledger=ledger)).to_pandas()
            for direction, fen in frame.groupby("direction")["award_fen"].sum().items():
                totals[direction] = totals.get(direction, 0) + int(fen)
        return totals

    local, single = _timed(one_process, REPEAT)
    inputs.clear()
    gc.collect()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        frames = client.persist(list(_frames(n, partitions)))
        wait(frames)
        found, clustered = _timed(lambda: award_totals(evaluate_partitions(*frames, ledger=ledger)), REPEAT)
        assert dict(zip(found["direction"], (int(f) for f in found["award_fen"]), strict=True)) == local, "cluster != local"
        moved = client.persist(list(_frames(n, partitions, shuffled=True)))
        wait(moved)
        _, shuffled = _timed(lambda: award_totals(evaluate_partitions(*moved, ledger=ledger)), REPEAT)
        frames = moved = []
        client.run(gc.collect)
        tiny, small = 64, 200
        small_inputs = [tables(k, small) for k in range(tiny)]

        def tiny_local() -> None:
            for a, i, c in small_inputs:
                evaluate(population_from_frames(a, i, c, ledger=ledger)).to_pandas()

        _, tiny_single = _timed(tiny_local, REPEAT)
        few = client.persist(list(_frames(small, tiny)))
        wait(few)
        _, tiny_cluster = _timed(lambda: award_totals(evaluate_partitions(*few, ledger=ledger)), REPEAT)
    print(f"## {partitions} partitions of {n:,}: one process against a LocalCluster of 2 worker processes\n")
    print("| run | seconds | per partition | ratio to one process |\n|---|---:|---:|---:|")
    for label, seconds in (("one process, one partition after the other", single),
                           ("LocalCluster(2), co-located (`evaluate_partitions` + `award_totals`)", clustered),
                           ("LocalCluster(2), invoices shuffled into the applicants' divisions", shuffled)):
        print(f"| {label} | {seconds:.2f} | {seconds / partitions:.2f} | {seconds / single:.2f} |")
    print(f"\nBest of {REPEAT} runs each. The shuffle of {partitions} × ≈{8 * n:,} invoices costs {shuffled - clustered:.2f} s of wall time here "
          f"({(shuffled - clustered) * 2 / partitions:.2f} worker-seconds per partition).\n")
    overhead = (2 * tiny_cluster - tiny_single) / tiny
    print(f"Scheduler overhead: {tiny} partitions of {small} applicants take {tiny_single:.2f} s in one process and "
          f"{tiny_cluster:.2f} s on the cluster: (2 × {tiny_cluster:.2f} − {tiny_single:.2f}) / {tiny} = "
          f"**{overhead * 1000:.0f} ms** of worker time per task beyond the work.")


if __name__ == "__main__":
    main()
