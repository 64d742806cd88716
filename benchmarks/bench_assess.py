"""Throughput of the scalar engine (issue: 斗门 foundation).

Assesses N generated applications of ~8 invoices each, spread over every direction:

1. from plain dicts: validation + assessment + the full Chinese explanation text;
2. from plain dicts: validation + assessment (findings built, explanation not rendered);
3. from already-built models: assessment only.

Run by hand (not a test): ``python benchmarks/bench_assess.py [N]``. Prints a Markdown table with
the machine and versions; the committed results are in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pydantic

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


def make(i: int, rng: random.Random) -> dict[str, Any]:
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
        for k in range(rng.randint(6, 10))
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


if __name__ == "__main__":
    main()
