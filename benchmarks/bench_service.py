"""The HTTP service under load: requests/s and p50/p99 latency on this machine, with the in-process
Python call as the yardstick (a ratio, since the machine is shared and noisy).

Run by hand: ``python benchmarks/bench_service.py [REQUESTS]``. It starts ``subsidycalc serve`` on
127.0.0.1 (one uvicorn worker), measures, and stops it:

* ``assess``: one application per request, sequentially and from 4 client threads;
* ``allocate``: a round of 1,000 applications per request (the bundled examples, copied with their
  own ids and credit codes).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

import subsidycalc
from subsidycalc.allocation import allocate
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.ledger import Ledger
from subsidycalc.models import Application
from subsidycalc.registry import assess
from subsidycalc.service import running
from subsidycalc.uscc import calc_check_character


def round_of(n: int) -> list[dict[str, Any]]:
    """``n`` applications: the bundled 斗门 examples copied, each copy its own enterprise."""
    base = [a.model_dump(mode="json") for a in example_applications("doumen-2023")]
    found = []
    for i in range(n):
        data = json.loads(json.dumps(base[i % len(base)]))
        body = f"9144040300MA{i:05d}"
        data["id"] = f"R{i:05d}"
        data["enterprise"]["credit_code"] = body + calc_check_character(body)
        data["project"]["id"] = f"P{i:05d}"
        found.append(data)
    return found


def _latencies(call: Any, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def _summary(name: str, times: list[float], wall: float | None = None, requests: int | None = None) -> str:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    rate = (requests or len(times)) / (wall if wall is not None else sum(times))
    return f"{name:<34} {rate:9.1f} req/s   p50 {p50 * 1e3:8.2f} ms   p99 {p99 * 1e3:8.2f} ms"


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    print(f"subsidycalc {subsidycalc.__version__} · Python {platform.python_version()} · {os.cpu_count()} CPUs")
    application = example_applications()[0]
    ledger = example_ledger()
    one = {"applications": [application.model_dump(mode="json")], "ledger": ledger.model_dump(mode="json")}
    apps = round_of(1000)
    models = [Application.model_validate(a) for a in apps]
    empty = Ledger.empty().model_dump(mode="json")

    local_assess = _latencies(lambda: assess(Application.model_validate(one["applications"][0]), ledger), requests)
    local_round = _latencies(lambda: allocate([Application.model_validate(a) for a in apps], ledger=Ledger.empty()), 5)
    with running("--max-body", str(64 << 20)) as url, httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(20):  # warm up
            client.post("/assess", json=one).raise_for_status()
        http_assess = _latencies(lambda: client.post("/assess", json=one).raise_for_status(), requests)

        def worker(count: int) -> list[float]:
            with httpx.Client(base_url=url, timeout=120) as own:
                return _latencies(lambda: own.post("/assess", json=one).raise_for_status(), count)

        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            parts = list(pool.map(worker, [requests // 4] * 4))
        wall = time.perf_counter() - start
        threaded = [t for part in parts for t in part]
        body = {"applications": apps, "ledger": empty}
        client.post("/allocate", json=body).raise_for_status()
        http_round = _latencies(lambda: client.post("/allocate", json=body).raise_for_status(), 5)
    assert len(models) == 1000
    print(_summary("in-process assess (validate+assess)", local_assess))
    print(_summary("HTTP /assess, 1 client", http_assess))
    print(_summary("HTTP /assess, 4 client threads", threaded, wall, len(threaded)))
    print(_summary("in-process allocate, 1,000 apps", local_round))
    print(_summary("HTTP /allocate, 1,000 apps", http_round))
    print(
        f"ratios: /assess p50 = {statistics.median(http_assess) / statistics.median(local_assess):.1f}× the in-process call; "
        f"/allocate p50 = {statistics.median(http_round) / statistics.median(local_round):.2f}× in-process"
    )


if __name__ == "__main__":
    main()
