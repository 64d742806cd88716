"""斗门 方向一 side by side: subsidycalc's batch engine and an OpenFisca-core model, identical data.

Runs in its own environment, never the project's (OpenFisca is not a dependency):

    python3 -m venv /tmp/ofvenv && /tmp/ofvenv/bin/pip install openfisca-core -e .
    /tmp/ofvenv/bin/python benchmarks/bench_openfisca.py [N ...]

The model (``benchmarks/openfisca_direction_1/``): invoices are the person entity, applicants a
group entity, window and category filters are formulas, rate / cap / minimum / window / categories
are YAML parameters. OpenFisca holds money as float32, so the data are chosen to be exactly
representable there: whole multiples of 10 元, at most 200万元 an invoice, 8 invoices an applicant
(every sum below 2^24 元), so 30% is a whole 元. On these data the two must agree to the 元 — the
script checks that for every applicant before it times anything. (With 分, or a 2,200万元 amount,
float32 cannot hold the value; subsidycalc's int64 分 can.)

Times: one applicant (a fresh simulation, as a single request) and bulk at each N, best of 3. Our
side checks every condition of 方向一 as well (district, integrity, documents, deadlines, facts...),
which the OpenFisca model does not; the money compared is ``award_if_eligible`` where the minimum is
met, which both compute.
"""

from __future__ import annotations

import platform
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

import numpy as np
from openfisca_core.simulations import SimulationBuilder

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import applicants, best_of
from openfisca_direction_1.model import Direction1System

import subsidycalc
from subsidycalc.batch import CATEGORY_CODES, Population, compile_rules, evaluate
from subsidycalc.registry import get

REF = "doumen-2023/direction_1"
PER = 8


def data(n: int, seed: int = 11) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    start = get(REF).window.value.start.toordinal()
    return {
        "owner": np.repeat(np.arange(n, dtype=np.int64), PER),
        "day": (start + rng.integers(-40, 405, n * PER)).astype(np.int64),
        "category": rng.integers(0, len(CATEGORY_CODES), n * PER).astype(np.int64),
        "yuan": rng.integers(0, 200_001, n * PER).astype(np.int64) * 10,  # multiples of 10 元, ≤ 200万
    }


def who(n: int) -> object:
    """Applicant columns for our engine (it checks every condition; the OpenFisca model only money)."""
    return applicants(n, np.random.default_rng(5), np.zeros(n, dtype=np.int32), vary=False)


def ours(d: dict[str, np.ndarray], n: int, people: object) -> np.ndarray:
    k = len(d["owner"])
    pop = Population(
        ids=tuple(f"A{i}" for i in range(n)), refs=(REF,), direction=np.zeros(n, dtype=np.int32),
        invoice_owner=d["owner"], invoice_day=d["day"], invoice_category=d["category"],
        invoice_amount=d["yuan"] * 100, invoice_scenario=np.zeros(k, dtype=bool),
        invoice_from_applicant=np.ones(k, dtype=bool), invoice_listed=np.zeros(k, dtype=bool),
        contract_owner=np.zeros(0, dtype=np.int64), contract_amount=np.zeros(0, dtype=np.int64),
        contract_listed=np.zeros(0, dtype=bool), applicants=people,
    )
    result = evaluate(pop)
    return np.where(result.minimum_met, result.award_if_eligible, 0)  # 分


def openfisca(system: Direction1System, d: dict[str, np.ndarray], n: int) -> np.ndarray:
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("invoice", np.arange(len(d["owner"])))
    applicants = builder.declare_entity("applicant", np.arange(n))
    builder.join_with_persons(applicants, d["owner"], ["item"] * len(d["owner"]))
    simulation = builder.build(system)
    simulation.set_input("invoice_amount", 2023, d["yuan"].astype(np.float32))
    simulation.set_input("invoice_day", 2023, d["day"].astype(np.int32))
    simulation.set_input("invoice_category", 2023, d["category"].astype(np.int32))
    return simulation.calculate("award", 2023)  # 元, float32


def main(sizes: list[int]) -> None:
    system = Direction1System()
    assert system.parameters(2023).direction_1.counted_categories == compile_rules(get(REF)).counted
    print(f"subsidycalc {subsidycalc.__version__}, OpenFisca-Core {version('openfisca-core')}, NumPy {np.__version__}, "
          f"Python {platform.python_version()}, {platform.machine()}, {date.today()}")
    print()
    print("| applicants | invoices | subsidycalc batch | per applicant | OpenFisca-Core | per applicant | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in [1, *sizes]:
        d, people = data(n), who(n)
        a, b = ours(d, n, people), openfisca(system, d, n)
        assert np.array_equal(a // 100, np.round(b).astype(np.int64)), "results differ: not timed"
        assert np.all(a % 100 == 0)
        runs = 3 if n >= 100_000 else 7
        t_ours = best_of(runs, lambda d=d, n=n, people=people: ours(d, n, people))
        t_of = best_of(runs, lambda d=d, n=n: openfisca(system, d, n))
        print(f"| {n:,} | {n * PER:,} | {t_ours:.4f} s | {t_ours / n * 1e6:.2f} µs | {t_of:.4f} s | "
              f"{t_of / n * 1e6:.2f} µs | {t_of / t_ours:.1f}× |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
