"""Throughput of the scalar engine (issue: 斗门 foundation).

Assesses N generated applications of ~8 invoices each, spread over every direction:

1. from plain dicts: validation + assessment + the full Chinese explanation text;
2. from plain dicts: validation + assessment (findings built, explanation not rendered);
3. from already-built models: assessment only.

Then the single-request latency the what-if issue targets (≤ 30 µs median, validation and
explanation included), each request timed on its own: the median, p90 and p99 over 20,000
requests; the same by number of invoices (fixed cost and cost per invoice); and, for scale, what
pydantic-core alone needs to validate the same dicts with no validator written in Python (dates
and amounts left as strings) — the floor any pydantic-model input path stands on.

Run by hand (not a test): ``python benchmarks/bench_assess.py [N]``. Prints a Markdown table with
the machine and versions; the committed results are in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, NotRequired

import pydantic
from pydantic import BaseModel, ConfigDict, TypeAdapter
from typing_extensions import TypedDict  # pydantic needs it for TypedDicts on Python < 3.12

import subsidycalc
from subsidycalc.models import Application
from subsidycalc.policies import doumen_2023_guide as doumen

DOUMEN = {"city": "珠海市", "district": "斗门区"}
CODE = "91440403AY4CL12TH3"
CATEGORIES = ["device_5g", "networking_device", "software", "network_service_5g", "platform_service",
              "installation", "consulting", "digital_device", "site"]
SUPPLIERS = ["珠海派诺科技股份有限公司", "珠海联云科技有限公司", "中国移动通信集团广东有限公司珠海分公司", "珠海示例供应商有限公司"]
FACTS = {
    "quantifiable_benefits": 3, "has_showcase": True, "in_fixed_asset_statistics": True,
    "has_own_ip": True, "digital_device_share": "40%", "cnc_networking_rate": "70%",
    "in_prepared_food_park": True, "scenarios_5g": 3, "device_5g_share": "25%",
    "supply_chain_efficiency_gain": "12%", "has_5g_private_network": True, "coverage_5g": "65%",
    "resource_efficiency_gain": "20%",
}


def make(i: int, rng: random.Random, invoices: int | None = None) -> dict[str, Any]:
    direction = rng.choice(list(doumen.DIRECTIONS))
    start = date(2022, 12, 1)
    invoices = [
        {
            "number": f"{i}-{k}",
            "issued_on": (start + timedelta(days=rng.randrange(520))).isoformat(),
            "amount_excl_tax": f"{rng.randrange(1, 20_000_000)}.{rng.randrange(100):02d}",
            "category": rng.choice(CATEGORIES),
            "supplier": rng.choice(SUPPLIERS),
            "contract": "HT",
        }
        for k in range(rng.randint(6, 10) if invoices is None else invoices)
    ]
    return {
        "id": f"B{i}",
        "direction": direction,
        "enterprise": {
            "name": "珠海斗门示例科技有限公司", "credit_code": CODE,
            "registration": DOUMEN, "tax": DOUMEN, "statistics": DOUMEN,
            "clusters": ["zhuhai-pcb-2022", "zhuhai-appliance-2022"],
            "certifications": ["specialised", "safety_management"],
        },
        "project": {"id": f"P{i}", "name": "基准测试项目"},
        "invoices": invoices,
        "contracts": [{"number": "HT", "supplier": SUPPLIERS[0], "amount_excl_tax": "3000000.00", "signed_on": "2023-01-05"}],
        "facts": FACTS,
        "submission": {"online_at": "2024-04-10T10:00:00+08:00", "paper_at": "2024-04-28T10:00:00+08:00"},
    }


def timed(label: str, n: int, work: Callable[[], object]) -> tuple[str, float]:
    gc.collect()
    begin = time.perf_counter()
    work()
    seconds = time.perf_counter() - begin
    return label, seconds


def request(rules: Any, data: dict[str, Any]) -> str:
    """One request as a service would serve it: validate, assess, explain."""
    app = Application.model_validate(data)
    return str(rules[app.direction].assess(app).explain())


def latencies(dicts: list[dict[str, Any]]) -> list[float]:
    """Each request timed on its own, in µs (after one warm-up pass)."""
    rules = doumen.DIRECTIONS
    for d in dicts[:500]:
        request(rules, d)
    clock = time.perf_counter_ns
    out = []
    gc.collect()
    for d in dicts:
        begin = clock()
        request(rules, d)
        out.append((clock() - begin) / 1000)
    return out


# -- the floor: pydantic-core with no validator written in Python -------------------------------
class _Place(TypedDict):
    city: str
    district: str


class _Enterprise(TypedDict):
    name: str
    credit_code: str
    registration: _Place
    tax: _Place
    statistics: _Place
    clusters: frozenset[str]
    certifications: frozenset[str]


class _Invoice(TypedDict):
    number: str
    issued_on: str
    amount_excl_tax: str
    category: str
    supplier: str
    contract: NotRequired[str]


class _Application(TypedDict):
    id: str
    direction: str
    enterprise: _Enterprise
    project: dict[str, str]
    invoices: tuple[_Invoice, ...]
    contracts: list[dict[str, str]]
    facts: dict[str, object]
    submission: dict[str, str]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _PlaceModel(_Frozen):
    city: str
    district: str


class _EnterpriseModel(_Frozen):
    name: str
    credit_code: str
    registration: _PlaceModel
    tax: _PlaceModel
    statistics: _PlaceModel
    clusters: frozenset[str]
    certifications: frozenset[str]


class _InvoiceModel(_Frozen):
    number: str
    issued_on: str
    amount_excl_tax: str
    category: str
    supplier: str
    contract: str | None = None


class _ApplicationModel(_Frozen):
    id: str
    direction: str
    enterprise: _EnterpriseModel
    project: dict[str, str]
    invoices: tuple[_InvoiceModel, ...]
    contracts: tuple[dict[str, str], ...]
    facts: dict[str, object]
    submission: dict[str, str]


def stages(dicts: list[dict[str, Any]]) -> tuple[float, float, float]:
    """Medians, in µs, of validating, assessing and explaining each request, timed apart."""
    rules = doumen.DIRECTIONS
    clock = time.perf_counter_ns
    times: tuple[list[float], list[float], list[float]] = ([], [], [])
    for d in dicts:
        t0 = clock()
        app = Application.model_validate(d)
        t1 = clock()
        result = rules[app.direction].assess(app)
        t2 = clock()
        result.explain()
        t3 = clock()
        for out, ns in zip(times, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            out.append(ns / 1000)
    validate, assess, explain = (statistics.median(t) for t in times)
    return validate, assess, explain


def median_of(work: Callable[[Any], object], dicts: list[Any]) -> float:
    clock = time.perf_counter_ns
    out = []
    for d in dicts:
        begin = clock()
        work(d)
        out.append((clock() - begin) / 1000)
    return statistics.median(out)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(20231231)
    dicts = [make(i, rng) for i in range(n)]
    invoices = sum(len(d["invoices"]) for d in dicts)
    rules = doumen.DIRECTIONS

    def from_dicts_explained() -> None:
        for d in dicts:
            app = Application.model_validate(d)
            rules[app.direction].assess(app).explain()

    def from_dicts() -> None:
        for d in dicts:
            app = Application.model_validate(d)
            rules[app.direction].assess(app)

    models = [Application.model_validate(d) for d in dicts]

    def from_models() -> None:
        for app in models:
            rules[app.direction].assess(app)

    rows = [
        timed("from dicts: validate + assess + explain()", n, from_dicts_explained),
        timed("from dicts: validate + assess", n, from_dicts),
        timed("from built models: assess", n, from_models),
    ]
    eligible = sum(rules[a.direction].assess(a).eligible for a in models[:2000])
    print(f"## Scalar assessment, {n:,} applications, {invoices / n:.1f} invoices each\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"- Python {platform.python_version()}, pydantic {pydantic.VERSION}, subsidycalc {subsidycalc.__version__}")
    print(f"- eligible in the first 2,000: {eligible}\n")
    print("| path | applications/s | µs/application |")
    print("|---|---:|---:|")
    for label, seconds in rows:
        print(f"| {label} | {n / seconds:,.0f} | {seconds / n * 1e6:.1f} |")

    sample = dicts[:20_000]
    times = sorted(latencies(sample))
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    print(f"\n## One request at a time: validate + assess + explain(), {len(sample):,} requests\n")
    print("| median | p90 | p99 |")
    print("|---:|---:|---:|")
    print(f"| {statistics.median(times):.1f} µs | {pick(0.9):.1f} µs | {pick(0.99):.1f} µs |")

    print("\n### By number of invoices (medians of 3,000 requests each; the three stages timed apart)\n")
    print("| invoices | validate + assess + explain() | validate | assess | explain() |")
    print("|---:|---:|---:|---:|---:|")
    points = []
    for k in (0, 1, 2, 4, 8, 16):
        batch = [make(i, random.Random(k * 100_003 + i), invoices=k) for i in range(3_000)]
        full = statistics.median(latencies(batch))
        validate, assess, explain = stages(batch)
        points.append((k, full, validate, assess, explain))
        print(f"| {k} | {full:.1f} µs | {validate:.1f} µs | {assess:.1f} µs | {explain:.1f} µs |")
    first, last = points[1], points[-1]
    span = last[0] - first[0]
    per = [(b - a) / span for a, b in zip(first[1:], last[1:], strict=True)]
    print(f"\nFixed cost ≈ {points[0][1]:.1f} µs; each invoice adds ≈ {per[0]:.1f} µs (1 → 16 invoices): "
          f"≈ {per[1]:.1f} validating, ≈ {per[2]:.1f} assessing, ≈ {per[3]:.1f} explaining.")

    plain = TypeAdapter(_Application)
    print("\n### The floor: pydantic-core alone on the same dicts (no validator written in Python)\n")
    print("| what | median |")
    print("|---|---:|")
    print(f"| TypedDicts, dates and amounts left as strings | {median_of(plain.validate_python, sample):.1f} µs |")
    print(f"| frozen BaseModels, dates and amounts left as strings | {median_of(_ApplicationModel.model_validate, sample):.1f} µs |")
    print(f"| subsidycalc `Application.model_validate` | {median_of(Application.model_validate, sample):.1f} µs |")
    bodies = [json.dumps(d, ensure_ascii=False).encode() for d in sample]
    loads_then_validate = median_of(lambda b: Application.model_validate(json.loads(b)), bodies)
    print(f"| from a JSON request body: `json.loads` + `Application.model_validate` | {loads_then_validate:.1f} µs |")
    print(f"| from a JSON request body: `Application.model_validate_json` | "
          f"{median_of(Application.model_validate_json, bodies):.1f} µs |")


if __name__ == "__main__":
    main()
