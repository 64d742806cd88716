"""Per-partition figures of a population evaluated as Dask DataFrames (`subsidycalc.distributed`).

Run by hand: ``python benchmarks/bench_dask.py [APPLICANTS_PER_PARTITION] [PARTITIONS]`` (default
100000 4; a few minutes on 2 cores). Prints markdown. The applications are ``bench_assess.make``'s
(6–10 invoices each, eight 斗门 directions, one contract), flattened into the tables of
``subsidycalc.frame_input``, with what an allocation round needs to do real work: about two
applications per enterprise (valid credit codes, as ``bench_sweep_columns``), a review score
(60.00–99.99, with ties) and a contract of each application's own. Partition *k* holds ids
``A<k>-<i>``, so the three tables are co-located by construction.

Measured:

1. one partition, each build path **in a fresh process** that reads the partition from Parquet (as a
   worker would) so that its peak memory is its own: the process's resident set with the tables
   read (and a warm-up build of 20 applicants: imports, caches), then its peak while building
   (``VmHWM`` of ``/proc/self/status``, reset after the warm-up), for
   - the lean path, ``bulk.population_from_tables`` (what ``evaluate_partitions`` takes for this
     data), then ``evaluate``, one scenario's ``evaluate`` with the columns reused, ``to_pandas``;
   - the frames path, ``frame_input.population_from_frames`` (one model per application and
     invoice; what ``scenario_totals`` takes, and what allocation needs, since it reads the
     applications), then ``evaluate``, one scenario through ``Population.for_rules`` (columns
     reused), one scenario changing a 附件1 list (``for_rules`` → ``relisted``), the columns built
     again from the models (``Population.from_applications``: a scenario reading another fact), and
     the partition's candidates allocated on columns: ``batch.candidate_columns`` (the keys, from the
     applications), ``columnar.allocate_columns`` on them, and ``batch.allocate_columnar`` (both);
     the two paths' results are checked equal;
2. the same PARTITIONS partitions, inputs already in memory: one process, one after the other (the
   lean path, as ``evaluate_partitions`` takes it), against ``evaluate_partitions`` +
   ``award_totals`` on a ``LocalCluster`` of two worker processes (inputs generated and persisted on
   the workers first, not timed), checked equal; then with the invoices not co-located (Dask's
   shuffle); each the best of ``BENCH_REPEAT`` runs (default 2); the workers' peak resident sets;
3. scheduler overhead per task: 64 partitions of 200 applicants, cluster against one process.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
from bench_assess import make
from bench_sweep import credit_code
from dask.distributed import Client, LocalCluster, wait

import subsidycalc
from subsidycalc.allocation import reassessing
from subsidycalc.batch import Population, allocate_columnar, candidate_columns, evaluate
from subsidycalc.bulk import population_from_tables
from subsidycalc.columnar import allocate_columns
from subsidycalc.distributed import award_totals, evaluate_partitions
from subsidycalc.frame_input import population_from_frames
from subsidycalc.ledger import Ledger
from subsidycalc.registry import all_directions
from subsidycalc.scenarios import Scenario

SCENARIO = {"doumen_2023.direction_1.cap": "120万"}
"""A money-only scenario: the columns are reused as they are."""
PCB = "doumen_2023.direction_6_pcb_workshop.providers.lists.zhuhai-pcb-2022"
PUBLISHED = sorted(all_directions()["doumen-2023/direction_6_pcb_workshop"].providers.lists["zhuhai-pcb-2022"].value)
RELIST = {PCB: PUBLISHED[:1]}
"""A scenario changing a 附件1 list: that direction's listed columns are read again (``relisted``)."""
REPEAT = int(os.environ.get("BENCH_REPEAT", "2"))
"""Runs of each comparison of sections 2 and 3, the best kept."""
TABLES = ("applicants", "invoices", "contracts")


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
        at = k * n + i
        data = make(at, rng)
        app_id = data["id"] = f"A{k:04d}-{i:07d}"
        data["project"] = {**data["project"], "id": f"P{k:04d}-{i:07d}"}
        data["enterprise"] = {**data["enterprise"], "credit_code": credit_code(at // 2)}
        data["review_score"] = f"{rng.randrange(6000, 10000) / 100:.2f}"  # float-ok: text of a score, with ties
        for row in data.pop("invoices"):
            invoices.append({"application_id": app_id, **row, "contract": f"HT{at}"})
        contracts.extend({"application_id": app_id, **row, "number": f"HT{at}"} for row in data.pop("contracts"))
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
    out = None
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        out = work()
        best = min(best, time.perf_counter() - begin)
    return out, best


def _mib(n: float) -> str:
    return f"{n / 2**20:,.1f} MiB"


def _status(field: str) -> int:
    """``VmRSS`` / ``VmHWM`` of this process, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def _reset_peak() -> None:
    """Reset this process's peak resident set (``VmHWM``) to its current one (Linux ≥ 4.0)."""
    Path("/proc/self/clear_refs").write_text("5")


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


def _columns_bytes(columns: Any) -> int:
    """What gathering these candidates to one process moves: the arrays, the claims and the texts."""
    arrays = sum(getattr(columns, f).nbytes for f in (
        "direction", "enterprise", "eligible", "award", "withdrawn", "id_order", "score", "contract_time",
        "online_time", "preference", "priority", "project", "provisional", "claim_owner", "claim_code"))
    texts = sum(sys.getsizeof(t) for group in (columns.ids, columns.credit_codes, columns.projects) for t in group)
    return int(arrays + texts)


def partition_child(path: str, store: str) -> dict[str, Any]:
    """One partition on one build path, in this (fresh) process: seconds and bytes."""
    ledger = Ledger.empty()
    found: dict[str, Any] = {"path": path}
    read, found["read"] = _timed(lambda: [pd.read_parquet(Path(store) / f"{t}.parquet") for t in TABLES])
    applicants, invoices, contracts = read
    n = len(applicants)
    build_path = population_from_tables if path == "lean" else population_from_frames
    few = set(applicants["id"][:20])  # a warm-up on 20 applicants: imports and caches, not measured
    build_path(applicants[applicants["id"].isin(few)], invoices[invoices["application_id"].isin(few)],
               contracts[contracts["application_id"].isin(few)], ledger=ledger)
    gc.collect()
    found["rss_tables"] = _status("VmRSS")
    _reset_peak()
    population, found["build"] = _timed(lambda: build_path(applicants, invoices, contracts, ledger=ledger))
    found["peak_build"] = _status("VmHWM")
    result, found["evaluate"] = _timed(lambda: evaluate(population))
    found["eligible"] = int(result.eligible.sum())
    found["total_fen"] = int(result.award.sum())
    found["award_sample"] = [int(x) for x in result.award.tolist()[:: max(1, n // 1000)]]
    rules = Scenario("cap120", SCENARIO).rules()
    if path == "lean":
        found["scenario_total_fen"], found["scenario"] = _timed(lambda: int(evaluate(population, rules).award.sum()))
        table, found["to_pandas"] = _timed(result.to_pandas)
        found["result_bytes"] = _bytes(table)
        del table
    else:
        def reused() -> int:
            again = population.for_rules(rules)
            assert again is population, "a money-only scenario should reuse the columns"
            return int(evaluate(again, rules).award.sum())

        found["scenario_total_fen"], found["scenario"] = _timed(reused)
        relist = Scenario("pcb1", RELIST).rules()
        _, found["relisted"] = _timed(lambda: evaluate(population.for_rules(relist), relist))
        _, found["rebuilt"] = _timed(lambda: Population.from_applications(population.applications, rules, ledger=ledger))
        apps = population.applications
        assert apps is not None
        table_rules = all_directions()
        columns, found["candidate_columns"] = _timed(lambda: candidate_columns(result, population))
        found["columns_bytes"] = _columns_bytes(columns)
        alone, found["allocate_columns"] = _timed(lambda: allocate_columns(
            columns, rules=table_rules, ledger=population.ledger, reassess=reassessing(apps, table_rules)))
        both, found["allocate_columnar"] = _timed(lambda: allocate_columnar(result, population))
        assert (both.funded == alone.funded).all(), "allocate_columnar != allocate_columns"
        assert (both.outcome == alone.outcome).all(), "allocate_columnar != allocate_columns"
        found["engine"], found["fallback"] = both.engine, both.fallback
        found["funded"] = int((both.funded > 0).sum())
        found["funded_fen"] = both.total.fen
        found["candidates"] = len(columns)
    found["peak_all"] = _status("VmHWM")
    return found


def _child(path: str, store: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--partition", path, store], check=True, capture_output=True,
                         text=True, cwd=Path(__file__).parent)
    return dict(json.loads(out.stdout.splitlines()[-1]))


def _row(label: str, seconds: float, n: int, ratio: str = "") -> str:
    return f"| {label} | {seconds:.2f} | {seconds / n * 1e6:.2f} | {ratio} |"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--partition":
        print(json.dumps(partition_child(sys.argv[2], sys.argv[3])))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    partitions = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    ledger = Ledger.empty()
    print(f"# Dask: {partitions} partitions of {n:,} applicants\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work: figures vary run to run)")
    print(f"- Python {platform.python_version()}, subsidycalc {subsidycalc.__version__}, dask {dask.__version__}, "
          f"pandas {pd.__version__}\n")

    # 1. one partition, each build path in its own process
    (applicants, invoices, contracts), generate = _timed(lambda: tables(0, n))
    in_bytes = _bytes(applicants, invoices, contracts)
    with tempfile.TemporaryDirectory() as store:
        for name, frame in zip(TABLES, (applicants, invoices, contracts), strict=True):
            frame.to_parquet(Path(store) / f"{name}.parquet")
        lean, frames = _child("lean", store), _child("frames", store)
    for key in ("eligible", "total_fen", "award_sample", "scenario_total_fen"):
        assert lean[key] == frames[key], f"lean and frames paths differ: {key}"
    print(f"## One partition: {n:,} applicants, {len(invoices):,} invoices, {len(contracts):,} contracts\n")
    print(f"Each build path in a fresh process that reads the partition from Parquet (read: "
          f"{lean['read']:.2f} s lean, {frames['read']:.2f} s frames); the two paths' results checked equal.\n")
    print("| step | seconds | µs per applicant | ratio |\n|---|---:|---:|---:|")
    build = lean["build"]
    print(_row("generate the tables (stands in for reading them)", generate, n))
    print(_row("**lean**: `bulk.population_from_tables` (validate + columns)", build, n, "1.00"))
    print(_row("**frames**: `frame_input.population_from_frames` (models + columns)", frames["build"], n,
               f"{frames['build'] / build:.1f}× lean"))
    print(_row("`evaluate` (lean population)", lean["evaluate"], n, f"{lean['evaluate'] / build:.3f}× lean build"))
    print(_row("`evaluate` (frames population)", frames["evaluate"], n))
    print(_row("`to_pandas` (the result table)", lean["to_pandas"], n))
    per = build + lean["evaluate"] + lean["to_pandas"]
    print(_row("**one evaluation task, lean: build + evaluate + table**", per, n))
    print(_row("one scenario, columns reused: `evaluate` under its rules (lean)", lean["scenario"], n))
    print(_row("one scenario, columns reused: `for_rules` + `evaluate` (frames)", frames["scenario"], n))
    print(_row("one scenario changing a 附件1 list: `for_rules` (→ `relisted`) + `evaluate`", frames["relisted"], n))
    print(_row("columns built again from the models (`Population.from_applications`)", frames["rebuilt"], n))
    print(_row("`batch.candidate_columns`: the candidates' keys, from the applications", frames["candidate_columns"], n))
    print(_row("`columnar.allocate_columns` on those columns", frames["allocate_columns"], n))
    print(_row("`batch.allocate_columnar` (both)", frames["allocate_columnar"], n))
    print()
    for found in (lean, frames):
        print(f"- {found['path']} process: resident set with the tables read {_mib(found['rss_tables'])}; peak while "
              f"building {_mib(found['peak_build'])} (+{_mib(found['peak_build'] - found['rss_tables'])}, "
              f"{(found['peak_build'] - found['rss_tables']) / n:,.0f} B per applicant); peak over all its steps "
              f"{_mib(found['peak_all'])}.")
    print(f"- input tables (pandas, deep) {_mib(in_bytes)} ({in_bytes / n:,.0f} B per applicant); result table "
          f"{_mib(lean['result_bytes'])} ({lean['result_bytes'] / n:,.0f} B per applicant).")
    print(f"- candidate columns (arrays, claims, ids, credit codes, projects): {_mib(frames['columns_bytes'])}, "
          f"{frames['columns_bytes'] / frames['candidates']:,.0f} B per candidate.\n")
    print(f"Outcome: {lean['eligible']:,} eligible ({lean['eligible'] / n:.1%}), awards "
          f"{lean['total_fen'] / 100:,.2f}元; allocation (engine {frames['engine']}"
          f"{'' if frames['fallback'] is None else ', fallback: ' + frames['fallback']}) funded "
          f"{frames['funded']:,} for {frames['funded_fen'] / 100:,.2f}元.\n")

    # 2. PARTITIONS partitions: one process against a LocalCluster of two workers
    inputs = [(applicants, invoices, contracts)] + [tables(k, n) for k in range(1, partitions)]

    def one_process() -> dict[str, int]:
        totals: dict[str, int] = {}
        for a, i, c in inputs:
            frame = evaluate(population_from_tables(a, i, c, ledger=ledger)).to_pandas()
            for direction, fen in frame.groupby("direction")["award_fen"].sum().items():
                totals[direction] = totals.get(direction, 0) + int(fen)
        return totals

    local, single = _timed(one_process, REPEAT)
    inputs.clear()
    applicants = invoices = contracts = None
    gc.collect()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        frames_in = client.persist(list(_frames(n, partitions)))
        wait(frames_in)
        client.run(gc.collect)
        held = client.run(_status, "VmRSS")
        client.run(_reset_peak)
        found, clustered = _timed(lambda: award_totals(evaluate_partitions(*frames_in, ledger=ledger)), REPEAT)
        peaks = client.run(_status, "VmHWM")
        assert dict(zip(found["direction"], (int(f) for f in found["award_fen"]), strict=True)) == local, "cluster != local"
        frames_in = []
        client.run(gc.collect)
        moved = client.persist(list(_frames(n, partitions, shuffled=True)))
        wait(moved)
        _, shuffled = _timed(lambda: award_totals(evaluate_partitions(*moved, ledger=ledger)), REPEAT)
        moved = []
        client.run(gc.collect)
        tiny, small = 64, 200
        small_inputs = [tables(k, small) for k in range(tiny)]

        def tiny_local() -> None:
            for a, i, c in small_inputs:
                evaluate(population_from_tables(a, i, c, ledger=ledger)).to_pandas()

        _, tiny_single = _timed(tiny_local, REPEAT)
        few = client.persist(list(_frames(small, tiny)))
        wait(few)
        _, tiny_cluster = _timed(lambda: award_totals(evaluate_partitions(*few, ledger=ledger)), REPEAT)
    print(f"## {partitions} partitions of {n:,}: one process against a LocalCluster of 2 worker processes\n")
    print("| run | seconds | per partition | ratio to one process |\n|---|---:|---:|---:|")
    for label, seconds in (("one process, one partition after the other (lean path)", single),
                           ("LocalCluster(2), co-located (`evaluate_partitions` + `award_totals`)", clustered),
                           ("LocalCluster(2), invoices shuffled into the applicants' divisions", shuffled)):
        print(f"| {label} | {seconds:.2f} | {seconds / partitions:.2f} | {seconds / single:.2f} |")
    print(f"\nBest of {REPEAT} runs each. The shuffle of {partitions} × ≈{8 * n:,} invoices costs "
          f"{shuffled - clustered:.2f} s of wall time here ({(shuffled - clustered) * 2 / partitions:.2f} "
          "worker-seconds per partition).")
    print("Workers' resident sets holding their persisted partitions: "
          + ", ".join(_mib(v) for v in held.values()) + "; their peaks over the co-located runs: "
          + ", ".join(_mib(v) for v in peaks.values()) + ".\n")
    overhead = (2 * tiny_cluster - tiny_single) / tiny
    print(f"Scheduler overhead: {tiny} partitions of {small} applicants take {tiny_single:.2f} s in one process and "
          f"{tiny_cluster:.2f} s on the cluster: (2 × {tiny_cluster:.2f} − {tiny_single:.2f}) / {tiny} = "
          f"**{overhead * 1000:.0f} ms** of worker time per task beyond the work.")


if __name__ == "__main__":
    main()
