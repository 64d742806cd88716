"""Throughput and memory of the columnar batch engine (every condition, every invoice-based direction).

Builds N applicants × ~8 invoices as columns (spread over the eight 斗门 directions, dates around
each window, every category, a quarter of suppliers listed; applicant columns where a few percent
fail each condition: district, incidents, clusters, certifications, partners, prior funding,
deadlines, documents, facts), then times :func:`subsidycalc.batch.evaluate` end to end from the
columns — money, eligibility, award and reason codes — and, for 10,000 applicants, from validated
models (``Population.from_applications``) to show what the object path costs; those are first
checked equal to the scalar engine (award, eligible spend, failure codes) applicant by applicant.

Run by hand: ``python benchmarks/bench_batch.py [N ...]`` (default 10000 100000 1000000). Peak
memory is the process's maximum resident set size after the run.
"""

from __future__ import annotations

import platform
import resource
import sys
import time
from datetime import date, datetime

import numpy as np

import subsidycalc
from subsidycalc.batch import (
    CATEGORY_CODES,
    CERTIFICATION_CODES,
    DOCUMENT_CODES,
    FUNDING_CODES,
    NO_TIME,
    Applicants,
    FactColumn,
    Population,
    evaluate,
    instant_code,
    place_key,
)
from subsidycalc.inputs import example_applications
from subsidycalc.models import DocumentKind, Facts, FundingLevel
from subsidycalc.parts.conditions import measures_read
from subsidycalc.periods import BEIJING
from subsidycalc.policies import doumen_2023_guide as doumen
from subsidycalc.registry import assess

REFS = tuple(r.ref for r in doumen.DIRECTIONS.values())


FACTS = sorted({m.removeprefix("facts.") for r in doumen.DIRECTIONS.values() for m in measures_read(r.conditions)
                if m.startswith("facts.")})


def applicants(n: int, rng: np.random.Generator, direction: np.ndarray, *, vary: bool = True) -> Applicants:
    """Who applies: mostly in 斗门 with their papers in order; with ``vary``, a few percent fail each
    condition (another district, a major incident, no cluster, a late submission, a missing fact...)."""
    p = (lambda share: rng.random(n) < share) if vary else (lambda share: np.zeros(n, dtype=bool))
    home, away = place_key("珠海市", "斗门区"), place_key("珠海市", "香洲区")
    places = np.where(p(0.03), away, home)
    every_document = sum(1 << bit for bit in DOCUMENT_CODES.values())
    documents = np.where(p(0.03), every_document & ~(1 << DOCUMENT_CODES[DocumentKind.CREDIT_REPORT]),
                         every_document)
    on_time = instant_code(datetime(2024, 4, 10, 10, tzinfo=BEIJING))
    late = instant_code(datetime(2024, 4, 15, 18, 0, 1, tzinfo=BEIJING))
    incident = np.flatnonzero(p(0.02))
    partner = np.flatnonzero(p(0.05))
    funded = np.flatnonzero(p(0.02))
    member = np.arange(n)
    facts = {}
    for name in FACTS:
        present = ~p(0.02)
        kind = str(Facts.model_fields[name].annotation)
        if "Ratio" in kind:
            facts[name] = FactColumn(rng.integers(0, 101, n), present, np.full(n, 100, dtype=np.int64))
        elif "bool" in kind:
            facts[name] = FactColumn((~p(0.03)).astype(np.int64), present)
        else:
            facts[name] = FactColumn(rng.integers(0, 6, n), present)
    own = np.asarray([min(r.clusters.value) if r.clusters else doumen.PCB_CLUSTER for r in doumen.DIRECTIONS.values()])
    clusters = np.where(p(0.03), "other-cluster", own[direction])
    return Applicants(
        credit_code=tuple(f"A{i}" for i in range(n)),
        registration=places, tax=places, statistics=places,
        dishonest=p(0.01),
        certifications=np.where(p(0.1), 0, sum(1 << bit for bit in CERTIFICATION_CODES.values())),
        documents=documents, documents_given=~p(0.01),
        online_at=np.where(p(0.02), late, on_time), revised_at=np.full(n, NO_TIME, dtype=np.int64),
        paper_at=np.full(n, on_time, dtype=np.int64),
        incident_owner=incident.astype(np.int64),
        incident_day=np.full(len(incident), date(2023, 6, 1).toordinal(), dtype=np.int64),
        incident_major=rng.random(len(incident)) < 0.5,
        cluster_owner=member.astype(np.int64), cluster=clusters[member],
        partner_owner=partner.astype(np.int64), partner_city=np.full(len(partner), "珠海市"),
        funding_owner=funded.astype(np.int64),
        funding_level=np.full(len(funded), FUNDING_CODES[FundingLevel.CITY], dtype=np.int64),
        facts=facts,
    )


def columns(n: int, per: int = 8, seed: int = 7) -> dict[str, object]:
    """The population as columns, generated without large temporaries (so that the peak memory
    measured is the engine's, not the generator's)."""
    rng = np.random.default_rng(seed)
    k = n * per
    direction = rng.integers(0, len(REFS), n, dtype=np.int32)
    owner = np.repeat(np.arange(n, dtype=np.int64), per)
    start = np.asarray([doumen.DIRECTIONS[r.split("/")[1]].window.value.start.toordinal() for r in REFS])
    day = rng.integers(-30, 420, k, dtype=np.int64)
    day += start[direction][owner]

    def share(size: int, percent: int) -> np.ndarray:
        return rng.integers(0, 100, size, dtype=np.uint8) < percent

    return {
        "ids": tuple(f"A{i}" for i in range(n)),
        "refs": REFS,
        "direction": direction,
        "invoice_owner": owner,
        "invoice_day": day,
        "invoice_category": rng.integers(0, len(CATEGORY_CODES), k, dtype=np.int64),
        "invoice_amount": rng.integers(0, 200_000_000, k, dtype=np.int64),  # up to 200万元 each
        "invoice_scenario": share(k, 20),
        "invoice_from_applicant": share(k, 90),
        "invoice_listed": share(k, 25),
        "contract_owner": np.arange(n, dtype=np.int64),
        "contract_amount": rng.integers(0, 500_000_000, n, dtype=np.int64),
        "contract_listed": share(n, 50),
        "applicants": applicants(n, rng, direction),
    }


def resident() -> float:
    """Current resident set size in MiB (Linux ``/proc``; the peak comes from ``getrusage``)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


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
        assert int(result.award[i]) == scalar.award.fen, app.id
        assert int(result.eligible_spend[i]) == scalar.eligible_spend.fen, app.id
        assert result.reasons_of(i) == tuple(sorted({f.code.value for f in scalar.failures})), app.id
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
    notes: list[str] = []
    for n in sizes:
        fields = columns(n)
        build = best_of(3, lambda fields=fields: Population(**fields))
        pop = Population(**fields)
        before = resident()
        run = best_of(3, lambda pop=pop: evaluate(pop))
        print(f"| {n:,} from columns | {len(pop.invoice_owner):,} | {build:.3f} s | {run:.3f} s | "
              f"{(build + run) / n * 1e6:.2f} µs |")
        result = evaluate(pop)
        shares = ", ".join(f"{code} {count / n:.1%}" for code, count in list(result.reason_counts().items())[:5])
        notes.append(f"{n:,}: eligible {int(result.eligible.sum()) / n:.1%}; most frequent reasons {shares}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"resident before the last evaluate (its input held): {before:,.0f} MiB")
    for note in notes:
        print(f"- {note}")
    print()
    print(f"peak resident memory of the whole run: {peak:,.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
