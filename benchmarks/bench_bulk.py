"""Lean inputs for bulk: a batch population straight from tables (issue 17, item 5).

Builds N applicants × 8 invoices as polars DataFrames in the layout of
``subsidycalc.frame_input`` — the form such data has when read from Parquet or a database: ids,
numbers, names and places as text, amounts as text in 元 to the 分 (``'123456.78'``, the form
JSON output and most exports use; never a float), invoice dates as a ``Date`` column, categories
and suppliers as text, ratios as ``'35%'``, yes/no facts as ``Boolean``, submission times as a
``Datetime`` column (Beijing time) — then, each in a fresh process:

1. times ``bulk.population_from_tables`` (µs per applicant) and reads the peak memory of the
   process, *including the input tables*, from ``resource.getrusage(RUSAGE_SELF).ru_maxrss``
   (the whole process: interpreter, libraries, input, output and temporaries) — twice, each in
   its own process: from the tables read into memory first (``pl.read_parquet``: the whole input
   is resident, and reading it is not timed), and from the files scanned (their paths given: the
   lean path reads them column by column, letting each go; reading is timed);
2. profiles one run by function (where the time goes) and sizes the input and the population
   (where the memory goes);
3. compares, on 10,000 applicants, the frames path (``frame_input.population_from_frames``: one
   model per application and per invoice) with the lean path on the same tables, checking the two
   populations evaluate alike;
4. measures one validated 8-invoice ``Application``: the ``tracemalloc`` growth from building
   10,000 of them (from JSON-like dicts), divided by 10,000 (Python allocations only: all of a
   model's memory is Python objects).

Run by hand: ``python benchmarks/bench_bulk.py [N]`` (default 1000000). Prints markdown.
"""

from __future__ import annotations

import cProfile
import hashlib
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import polars as pl

import subsidycalc
from subsidycalc.models import Category, DocumentKind

INVOICES = 8
RUNS = 5  # fresh processes measuring the scanned build's peak
DIRECTIONS = ("direction_1", "direction_2", "direction_3", "direction_4", "direction_5")
SUPPLIERS = ("珠海派诺科技股份有限公司", "珠海联云科技有限公司", "中国移动通信集团广东有限公司珠海分公司",
             "珠海示例供应商有限公司", "斯坦德机器人（深圳）有限公司")
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = np.asarray([pow(3, i, 31) for i in range(17)], dtype=np.int64)


def credit_codes(n: int) -> pl.Series:
    """N distinct valid 统一社会信用代码 (``914404`` + an 11-digit serial + its check character), by arrays."""
    serial = np.arange(n, dtype=np.int64)
    digits = np.zeros((n, 17), dtype=np.int64)
    digits[:, :6] = [9, 1, 4, 4, 0, 4]
    for place in range(11):
        digits[:, 16 - place] = serial // 10**place % 10
    check = (31 - (digits @ _WEIGHTS) % 31) % 31
    text = np.empty((n, 18), dtype=np.uint8)
    text[:, :17] = digits + ord("0")
    text[:, 17] = np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)[check]
    return pl.Series("enterprise.credit_code", text.view("S18").reshape(n)).cast(pl.String)


def _text(template: str, numbers: pl.Series, width: int) -> pl.Series:
    return pl.select(pl.format(template, numbers.cast(pl.String).str.zfill(width))).to_series()


def _pick(values: Sequence[str], index: np.ndarray) -> pl.Series:
    """A dictionary-encoded text column (polars ``Enum``): how Parquet stores a column of few distinct values."""
    return pl.Series(values).gather(index).cast(pl.Enum(list(dict.fromkeys(values))))


def tables(n: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """N applicants and N × 8 invoices, spread over five 斗门 directions (a few fail a condition).

    Built with polars and NumPy (no Python object per row), so the process holds the tables and
    little else."""
    rng = np.random.default_rng(seed)
    serial = pl.Series(np.arange(n, dtype=np.int64))
    ids = _text("A{}", serial, 7)
    documents = ";".join(sorted(d.value for d in DocumentKind))
    places = {}
    for p in ("registration", "tax", "statistics"):
        places[f"enterprise.{p}.city"] = pl.repeat("珠海市", n, eager=True)
        places[f"enterprise.{p}.district"] = _pick(["斗门区", "香洲区"], (rng.random(n) < 0.03).astype(np.int64))
    applicants = pl.DataFrame({
        "id": ids,
        "direction": _pick(DIRECTIONS, rng.integers(0, len(DIRECTIONS), n)),
        "enterprise.name": _text("珠海示例制造{}有限公司", serial, 7),
        "enterprise.credit_code": credit_codes(n),
        **places,
        "enterprise.clusters": _pick(["zhuhai-pcb-2022", "zhuhai-appliance-2022"], rng.integers(0, 2, n)),
        "project.id": _text("P{}", serial, 7),
        "project.name": pl.repeat("数字化改造项目", n, eager=True),
        "documents": pl.repeat(documents, n, eager=True),
        "submission.online_at": pl.Series(np.datetime64("2023-05-02T09:00:00", "us")
                                          + rng.integers(0, 30 * 86400, n) * np.timedelta64(1, "s")),
        "facts.quantifiable_benefits": pl.Series(rng.integers(0, 5, n)),
        "facts.in_fixed_asset_statistics": pl.Series(rng.random(n) < 0.97),
        "facts.has_showcase": pl.Series(rng.random(n) < 0.97),
        "facts.digital_device_share": _pick(["10%", "35%", "60%", "1/3"], rng.integers(0, 4, n)),
    })
    m = n * INVOICES
    days = (date(2023, 1, 1) - date(1970, 1, 1)).days + rng.integers(-30, 400, m)
    amounts = pl.Series(rng.integers(0, 200_000_000, m))  # up to 200万元, in 分
    invoices = pl.DataFrame({
        "application_id": ids.gather(np.repeat(np.arange(n), INVOICES)),
        "number": _text("4400{}", pl.Series(np.arange(m, dtype=np.int64)), 8),
        "issued_on": pl.Series(days.astype(np.int32)).cast(pl.Date),
        "amount_excl_tax": pl.select(pl.format("{}.{}", amounts // 100, (amounts % 100).cast(pl.String).str.zfill(2)))
        .to_series(),
        "category": _pick([c.value for c in Category], rng.integers(0, len(Category), m)),
        "supplier": _pick(SUPPLIERS, rng.integers(0, len(SUPPLIERS), m)),
    })
    return applicants, invoices


def write(n: int, folder: str) -> None:
    """The tables as Parquet files (what the measuring process reads, as a user would)."""
    applicants, invoices = tables(n)
    applicants.write_parquet(f"{folder}/applicants.parquet")
    invoices.write_parquet(f"{folder}/invoices.parquet")


def _rss_mib() -> float:  # float-ok: a memory figure, not money
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def measure(n: int, folder: str, lazy: bool = False) -> dict[str, Any]:
    """In this (fresh) process: read the tables from Parquet (or scan them: ``lazy``), time the
    lean path once, read the peak RSS."""
    from subsidycalc.bulk import population_from_tables

    baseline = _rss_mib()
    paths = f"{folder}/applicants.parquet", f"{folder}/invoices.parquet"
    applicants, invoices = paths if lazy else tuple(pl.read_parquet(path) for path in paths)
    input_mib = 0.0 if lazy else sum(t.estimated_size() for t in (applicants, invoices)) / 2**20  # float-ok: MiB
    after_input = _rss_mib()
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    population = population_from_tables(applicants, invoices)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _rss_mib()  # before anything below allocates
    arrays = [getattr(population, name) for name in population.__dataclass_fields__]
    arrays += [getattr(population.applicants, name) for name in population.applicants.__dataclass_fields__]
    output_mib = sum(a.nbytes for a in arrays if isinstance(a, np.ndarray)) / 2**20
    facts = [c for f in population.applicants.facts.values() for c in (f.value, f.present, f.denominator)
             if c is not None and c.base is None]  # a fact no row declares is one shared read-only value
    output_mib += sum(a.nbytes for a in facts) / 2**20
    strings = sum(sys.getsizeof(s) for s in population.ids) + sum(sys.getsizeof(s) for s in population.applicants.credit_code)
    digest = hashlib.sha256()
    every_fact = [c for f in population.applicants.facts.values() for c in (f.value, f.present, f.denominator)]
    for array in arrays + every_fact:
        if isinstance(array, np.ndarray):
            digest.update(memoryview(np.ascontiguousarray(array)))
    digest.update("\n".join(population.ids + population.applicants.credit_code).encode())
    return {"n": n, "seconds": seconds, "cpu": cpu, "digest": digest.hexdigest(), "load": [load, os.getloadavg()[0]], "peak_mib": peak, "baseline_mib": baseline, "after_input_mib": after_input,
            "input_mib": input_mib, "output_mib": output_mib, "strings_mib": strings / 2**20,
            "invoices": len(population.invoice_owner)}


def profile(n: int, folder: str) -> list[tuple[str, float]]:
    """Cumulative seconds of the lean path's own steps, one profiled run."""
    from subsidycalc.bulk import population_from_tables

    applicants = pl.read_parquet(f"{folder}/applicants.parquet")
    invoices = pl.read_parquet(f"{folder}/invoices.parquet")
    profiler = cProfile.Profile()
    profiler.enable()
    population_from_tables(applicants, invoices)
    profiler.disable()
    stats = pstats.Stats(profiler)
    steps = {"population_from_tables": "all", "_layout": "layout checks", "_ids": "ids (text, duplicates)",
             "_directions": "programme and direction", "_credit_codes": "credit codes (uscc.check_rows)",
             "_fact_columns": "facts", "_applicant_columns": "applicant columns (incl. credit codes, facts)",
             "_owned": "invoice columns (owners, amounts, dates, categories, suppliers)",
             "_amounts": "amounts", "_text": "text checks (ids, numbers)", "_distinct": "distinct values (polars)",
             "_consistent": "duplicate numbers", "_listed_lookup": "附件1 lists"}
    found = []
    for (filename, _, name), row in stats.stats.items():  # type: ignore[attr-defined]
        if name in steps and "bulk.py" in filename:
            found.append((steps[name], row[3]))
        elif name == "__post_init__" and "batch.py" in filename:
            found.append(("`Population` / `Applicants` checks (batch.py)", row[3]))
    merged: dict[str, float] = {}  # float-ok: seconds
    for label, seconds in found:  # two functions of one label (the `__post_init__`s) are added up
        merged[label] = merged.get(label, 0.0) + seconds
    return sorted(merged.items(), key=lambda r: -r[1])


def compare(n: int, folder: str = "") -> dict[str, Any]:
    """The frames path (one model per application and invoice) and the lean path on the same tables."""
    from subsidycalc.batch import evaluate
    from subsidycalc.bulk import population_from_tables
    from subsidycalc.frame_input import population_from_frames

    applicants, invoices = tables(n)
    start = time.perf_counter()
    by_models = population_from_frames(applicants, invoices)
    models = time.perf_counter() - start
    start = time.perf_counter()
    lean = population_from_tables(applicants, invoices)
    columns = time.perf_counter() - start
    a, b = evaluate(by_models), evaluate(lean)
    assert np.array_equal(a.award, b.award)
    assert np.array_equal(a.eligible, b.eligible)
    assert all(a.reasons_of(i) == b.reasons_of(i) for i in range(n))
    return {"n": n, "models": models, "columns": columns, "eligible": int(a.eligible.sum()), "total": a.total().format_wan()}


def application_memory(count: int = 10_000, folder: str = "") -> dict[str, Any]:
    """tracemalloc growth per validated 8-invoice Application (built from JSON-like dicts)."""
    import gc
    import tracemalloc

    from subsidycalc.models import Application

    applicants, invoices = tables(count, seed=11)
    apps_data = []
    app_rows = applicants.to_dicts()
    inv_rows = invoices.to_dicts()
    for k, row in enumerate(app_rows):
        data: dict[str, Any] = {}
        for column, value in row.items():
            *parents, leaf = column.split(".")
            place = data
            for part in parents:
                place = place.setdefault(part, {})
            place[leaf] = value.split(";") if column in ("documents", "enterprise.clusters") else value
        data["invoices"] = [{key: value for key, value in item.items() if key != "application_id"}
                            for item in inv_rows[k * INVOICES:(k + 1) * INVOICES]]
        apps_data.append(data)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    apps = [Application.model_validate(d) for d in apps_data]
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(apps) == count
    assert all(len(a.invoices) == INVOICES for a in apps)
    return {"count": count, "bytes_per_application": grown / count}


def _run(mode: str, n: int, folder: str = "") -> Any:
    """One measurement in a fresh interpreter (its peak memory is its own)."""
    out = subprocess.run([sys.executable, __file__, mode, str(n), folder], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _run("--write", n, folder)
        ways = {"in memory": _run("--measure", n, folder), "scanned": _run("--measure-lazy", n, folder)}
        again = [_run("--measure-lazy", n, folder) for _ in range(RUNS - 1)]  # the peak moves with the allocators
        steps = _run("--profile", n, folder)
    assert ways["in memory"]["digest"] == ways["scanned"]["digest"], "the two inputs built different populations"
    assert all(run["digest"] == ways["scanned"]["digest"] for run in again)
    peaks = [ways["scanned"]["peak_mib"]] + [run["peak_mib"] for run in again]
    compared = _run("--compare", 10_000)
    memory = _run("--application-memory", 10_000)
    print(f"## Bulk ingest ({n:,} applicants × {INVOICES} invoices, subsidycalc {subsidycalc.__version__}, "
          f"Python {platform.python_version()}, {platform.machine()}, polars {pl.__version__})\n")
    print("Each column from one run in a fresh process; both build the same population (checked by digest). "
          "*In memory*: the tables read by `pl.read_parquet` first (reading not timed, the input resident "
          "throughout); *scanned*: the files' paths given, read column by column inside the timed call.\n")
    print("| measure | in memory | scanned | target |")
    print("|---|---:|---:|---:|")

    def row(label: str, cell: Any, target: str | None = "") -> None:
        last = "" if target is None else f" {target} |"
        print(f"| {label} | {cell(ways['in memory'])} | {cell(ways['scanned'])} |{last}")

    row("`population_from_tables`, µs per applicant", lambda m: f"{m['seconds'] * 1e6 / n:.2f}", "≤ 3")
    row(f"wall time, {n:,} applicants ({ways['scanned']['invoices']:,} invoices)", lambda m: f"{m['seconds']:.2f} s")
    row("CPU time of the process (all threads)", lambda m: f"{m['cpu']:.2f} s")
    row(f"load average (1 min) before / after, on {os.cpu_count()} cores",
        lambda m: f"{m['load'][0]:.1f} / {m['load'][1]:.1f}")
    row("peak RSS of the process, incl. input (ru_maxrss)", lambda m: f"{m['peak_mib']:.0f} MiB", "< 1024 MiB")
    print(f"\nThe scanned build's peak in {RUNS} fresh processes: {', '.join(f'{p:.0f}' for p in peaks)} MiB "
          f"(highest {max(peaks):.0f} MiB). It moves from run to run with what the allocators keep: polars' "
          "jemalloc holds freed pages for seconds, glibc keeps freed holes in its heap.")
    print(f"\nOne validated 8-invoice `Application` (tracemalloc / {memory['count']:,}): "
          f"{memory['bytes_per_application'] / 1024:.1f} KiB (goal ≤ 5 KiB).\n")
    print("Where the memory goes (MiB):\n")
    print("| part | in memory | scanned |")
    print("|---|---:|---:|")
    row("interpreter, numpy, polars, pydantic, subsidycalc loaded", lambda m: f"{m['baseline_mib']:.0f}", None)
    row("input tables (polars `estimated_size`; a scan holds none)", lambda m: f"{m['input_mib']:.0f}", None)
    row("peak RSS once the input is read (or scanned)", lambda m: f"{m['after_input_mib']:.0f}", None)
    row("population: NumPy columns (facts included)", lambda m: f"{m['output_mib']:.0f}", None)
    row("population: ids and credit codes as Python str", lambda m: f"{m['strings_mib']:.0f}", None)
    row("peak RSS after `population_from_tables`", lambda m: f"{m['peak_mib']:.0f}", None)
    print()
    print("Where the time goes (cProfile, one run, cumulative seconds; steps nest):\n")
    print("| step | s |")
    print("|---|---:|")
    for label, seconds in steps:
        print(f"| {label} | {seconds:.2f} |")
    ratio = compared["models"] / compared["columns"]
    print(f"\nFrames path vs lean path on the same {compared['n']:,} applicants (populations checked to evaluate alike: "
          f"{compared['eligible']:,} eligible, {compared['total']}):\n")
    print("| path | µs per applicant | ratio |")
    print("|---|---:|---:|")
    print(f"| `frame_input.population_from_frames` (a model per application and invoice) | "
          f"{compared['models'] * 1e6 / compared['n']:.0f} | {ratio:.0f}× |")
    print(f"| `bulk.population_from_tables` | {compared['columns'] * 1e6 / compared['n']:.1f} | 1× |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--"):
        mode, size, where = sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else ""
        result: Any = {"--write": write, "--measure": measure, "--profile": profile, "--compare": compare,
                       "--measure-lazy": lambda size, where: measure(size, where, lazy=True),
                       "--application-memory": application_memory}[mode](size, where)
        print(json.dumps(result))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
