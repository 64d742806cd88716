"""Single-request latency (issue 17 item 6): one application of 8 invoices, one request at a time.

Times, in one run and on the same generated dicts (the generator of ``bench_assess.py``: the eight
斗门 directions, realistic invoices, facts and submission times):

(a) ``Application.model_validate(dict)`` + ``assess`` + ``explain()`` (the full Chinese text);
(b) ``Application.model_validate(dict)`` + ``assess``, no text rendered: the result's numbers,
    codes and findings are there, the explanation is not asked for (each finding still fills its
    Chinese sentence when made: the breakdown shows what that costs);
(c) pydantic's own floor: a TypedDict and a frozen ``BaseModel`` of the same shape, with no
    validator written in Python (dates and amounts left as strings), on the same dicts;

each as median, p90 and p99 of every request timed on its own, then a table of where every
microsecond of (a) goes: validation (pydantic-core's own work against the Python validators it
calls, each of these timed alone on the same inputs), the assessment by phase (each compiled step
of the rule, the payout, building the result) and the explanation, with ratios to the floor.

``--before DIR`` times another tree's ``src`` (e.g. the tree before a change) on the same requests
in a fresh process. If a compiled build of the package is found (``--compiled DIR``: a directory holding
``subsidycalc`` built with mypyc, e.g. by ``python benchmarks/bench_request.py --build DIR``), the
same requests are timed on it in a fresh process and the ratio printed; nothing in the package's
build depends on it.

Run by hand (not a test): ``python benchmarks/bench_request.py [N]`` (default 20,000 requests).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import pydantic
from bench_assess import _Application, _ApplicationModel, make
from pydantic import TypeAdapter

import subsidycalc
from subsidycalc import engine, money, periods, uscc
from subsidycalc.models import Application
from subsidycalc.policies import doumen_2023_guide as doumen

INVOICES = 8
RULES = doumen.DIRECTIONS
COMPILED_MODULES = ("uscc.py", "engine.py")
"""What ``--build`` compiles with mypyc: of the modules the profile spends its Python time in, the
ones mypyc compiles and that then import and run as they are (docs/decisions.md says why the others
do not); everything else stays interpreted."""


def dicts_of(n: int, seed: int = 20231231) -> list[dict[str, Any]]:
    import random

    rng = random.Random(seed)
    return [make(i, rng, invoices=INVOICES) for i in range(n)]


def full(data: dict[str, Any]) -> str:
    application = Application.model_validate(data)
    return RULES[application.direction].assess(application).explain()


def no_text(data: dict[str, Any]) -> object:
    application = Application.model_validate(data)
    return RULES[application.direction].assess(application)


def each(work: Callable[[Any], object], items: list[Any], warm: int = 500) -> list[float]:
    """Every call of ``work`` timed on its own, in µs, after a warm-up pass."""
    for item in items[:warm]:
        work(item)
    clock = time.perf_counter_ns
    out = []
    gc.collect()
    for item in items:
        begin = clock()
        work(item)
        out.append((clock() - begin) / 1000)
    return out


def quantiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return statistics.median(ordered), pick(0.9), pick(0.99)


# -- where the microseconds go ---------------------------------------------------------------------
class _TimedPayout:
    """A payout whose ``pay`` is timed; everything else is the payout's own."""

    def __init__(self, payout: Any, out: list[int]) -> None:
        self._payout, self._out = payout, out

    def pay(self, *args: Any, **kwargs: Any) -> Any:
        clock = time.perf_counter_ns
        begin = clock()
        paid = self._payout.pay(*args, **kwargs)
        self._out.append(clock() - begin)
        return paid

    def __getattr__(self, name: str) -> Any:
        return getattr(self._payout, name)


def _timed_step(step: Callable[[Any], None], out: list[int]) -> Callable[[Any], None]:
    clock = time.perf_counter_ns

    def timed(ctx: Any) -> None:
        begin = clock()
        step(ctx)
        out.append(clock() - begin)

    return timed


def _phase(part: Any) -> str:
    name = type(part).__name__.lstrip("_")
    return {"BoundInvoices": "base: invoices sorted into the ledger"}.get(name, name)


def assess_phases(dicts: list[dict[str, Any]]) -> dict[str, float]:
    """Median µs of each phase of ``assess`` per request (a phase a rule does not have counts 0),
    from a run with every compiled step and the payout wrapped in a timer; the wrapper's own cost
    (measured on a step that does nothing) is taken off each phase."""
    models = [Application.model_validate(d) for d in dicts]
    per: dict[str, list[int]] = defaultdict(list)
    originals = {}
    for rules in {id(r): r for r in RULES.values()}.values():
        made = engine.compiled(rules)
        originals[id(rules)] = made
        steps = tuple(_timed_step(step, per[_phase(part)]) for part, step in zip(made.parts, made.steps, strict=True))
        engine._COMPILED[id(rules)] = dataclasses.replace(made, steps=steps, payout=_TimedPayout(made.payout, per["payout"]))
    overhead: list[int] = []
    empty = _timed_step(lambda ctx: None, overhead)
    for _ in range(20_000):
        empty(None)
    wrapper = statistics.median(overhead)  # ns a wrapped call adds, at least its own timer
    try:
        clock = time.perf_counter_ns
        totals: list[float] = []
        phases: dict[str, list[float]] = defaultdict(list)
        for app in models[:300]:
            RULES[app.direction].assess(app)
        for app in models:
            for found in per.values():
                found.clear()
            begin = clock()
            RULES[app.direction].assess(app)
            spent = clock() - begin
            calls = sum(len(found) for found in per.values())
            totals.append((spent - wrapper * calls) / 1000)
            for name, found in per.items():
                phases[name].append((sum(found) - wrapper * len(found)) / 1000 if found else 0.0)
    finally:
        engine._COMPILED.update(originals)
    medians = {name: max(0.0, statistics.median(times)) for name, times in phases.items()}
    medians["the rest: direction check, context, the result object"] = max(
        0.0, statistics.median(totals) - sum(medians.values())
    )
    return medians


def eager_sentences(dicts: list[dict[str, Any]]) -> tuple[float, float]:
    """Median per request of (the findings made while assessing, the µs spent filling their Chinese
    sentences from the catalogue): what rendering the message only on demand could take off (b).
    Findings the rules prepared once (a gate's pass, a review) are not made per request."""
    from subsidycalc import findings

    models = [Application.model_validate(d) for d in dicts]
    original = findings.Finding.__dict__["of"]
    zh = findings._ZH
    clock = time.perf_counter_ns
    spent: list[int] = []
    overhead: list[int] = []
    for _ in range(20_000):
        begin = clock()
        overhead.append(clock() - begin)
    timer = statistics.median(overhead)

    def of(cls: Any, code: str, severity: Any, key: str, *rest: Any, **args: Any) -> Any:
        begin = clock()
        zh[key].format_map(args) if args else zh[key]
        spent.append(clock() - begin)
        return original.__func__(cls, code, severity, key, *rest, **args)

    counts: list[int] = []
    times: list[float] = []
    type.__setattr__(findings.Finding, "of", classmethod(of))
    try:
        for app in models:
            spent.clear()
            RULES[app.direction].assess(app)
            counts.append(len(spent))
            times.append((sum(spent) - timer * len(spent)) / 1000)
    finally:
        type.__setattr__(findings.Finding, "of", original)
    return statistics.median(counts), statistics.median(times)


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, f"{path}[]")
    else:
        yield path, value


def python_validators(dicts: list[dict[str, Any]]) -> dict[str, float]:
    """Median µs per request of each validator written in Python, called alone on the request's
    own values (what pydantic-core calls out to while building the models)."""
    money_fields = ("amount_excl_tax",)
    out: dict[str, list[float]] = defaultdict(list)
    models = [Application.model_validate(d) for d in dicts]
    clock = time.perf_counter_ns
    plain = {
        "amounts (Money, checked >= 0)": lambda v: money._validate_money(v),
        "dates": periods._validate_date,
        "instants": periods._validate_instant,
        "credit codes": uscc.validate,
    }
    for d, app in zip(dicts, models, strict=True):
        groups: dict[str, list[Any]] = defaultdict(list)
        for path, value in _leaves(d):
            last = path.rsplit(".", 1)[-1]
            if last in money_fields:
                groups["amounts (Money, checked >= 0)"].append(value)
            elif last in ("issued_on", "signed_on"):
                groups["dates"].append(value)
            elif last.endswith("_at"):
                groups["instants"].append(value)
            elif last == "credit_code":
                groups["credit codes"].append(value)
            elif last.endswith(("_share", "_rate", "_gain")) or last.startswith("coverage"):
                groups["ratios (facts)"].append(value)
        for name, values in groups.items():
            work = plain.get(name, money._validate_ratio)
            begin = clock()
            for value in values:
                work(value)
            out[name].append((clock() - begin) / 1000)
        begin = clock()
        Application._consistent(app)
        out["Application model validator (duplicates, references)"].append((clock() - begin) / 1000)
        begin = clock()
        Application._known_programme("doumen-2023")
        Application._facts_of_the_programme(app.facts, _Info(d))
        Application._known_direction(app.direction, _Info(d))
        out["Application field validators (programme, direction, facts)"].append((clock() - begin) / 1000)
    return {name: statistics.median(times) for name, times in out.items()}


class _Info:
    """Enough of pydantic's ``ValidationInfo`` for the field validators timed alone."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = {"programme": data.get("programme", "doumen-2023")}


# -- a compiled build (optional) -------------------------------------------------------------------
def build(target: Path) -> None:
    """Copy ``src/subsidycalc`` to ``target`` and compile `COMPILED_MODULES` there with mypyc."""
    import shutil

    source = Path(__file__).parent.parent / "src" / "subsidycalc"
    package = target / "subsidycalc"
    if package.exists():
        shutil.rmtree(package)
    shutil.copytree(source, package)
    setup = target / "setup_mypyc.py"
    modules = [f"subsidycalc/{m}" for m in COMPILED_MODULES]
    setup.write_text(
        "from setuptools import setup\nfrom mypyc.build import mypycify\n"
        f"setup(name='subsidycalc-compiled', packages=[], ext_modules=mypycify({modules!r}, opt_level='3'))\n",
        encoding="utf-8",
    )
    subprocess.run([sys.executable, setup.name, "build_ext", "--inplace"], cwd=target, check=True)


def compiled_run(directory: Path, n: int) -> tuple[float, float, str]:
    """Medians of (a) and (b) in a fresh process importing ``subsidycalc`` from ``directory`` (a
    compiled build, or another tree's sources)."""
    env = {**os.environ, "PYTHONPATH": str(directory)}
    here = str(Path(__file__).parent)
    code = (
        f"import sys, json; sys.argv=['x']; sys.path.insert(0, {here!r})\n"
        "import bench_request as b, statistics as s, subsidycalc.engine as m\n"
        f"d = b.dicts_of({n})\n"
        "print(json.dumps([s.median(b.each(b.full, d)), s.median(b.each(b.no_text, d)), m.__file__]))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    a, b, where = json.loads(found.stdout.strip().splitlines()[-1])
    return a, b, where


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=20_000)
    parser.add_argument("--compiled", type=Path, help="a directory holding a mypyc build of subsidycalc")
    parser.add_argument("--build", type=Path, help="build one there (mypyc) before timing it")
    parser.add_argument(
        "--before", type=Path, help="another tree's src directory to time in the same run (e.g. from git archive)"
    )
    args = parser.parse_args()
    if args.build is not None:
        build(args.build)
        args.compiled = args.build
    dicts = dicts_of(args.n)

    a = quantiles(each(full, dicts))
    b = quantiles(each(no_text, dicts))
    plain = TypeAdapter(_Application)
    floor_typed = quantiles(each(plain.validate_python, dicts))
    floor_model = quantiles(each(_ApplicationModel.model_validate, dicts))
    floor = floor_model[0]

    print(f"## Single request, {INVOICES} invoices, {args.n:,} requests each timed on its own\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()} (shared: figures vary run to run)")
    print(f"- Python {platform.python_version()}, pydantic {pydantic.VERSION}, subsidycalc {subsidycalc.__version__}\n")
    print("| path | median | p90 | p99 | median / floor |")
    print("|---|---:|---:|---:|---:|")
    for label, (med, p90, p99) in (
        ("(a) validate + assess + explain()", a),
        ("(b) validate + assess, no text rendered", b),
        ("(c) floor: TypedDict, dates and amounts as strings", floor_typed),
        ("(c) floor: frozen BaseModel, dates and amounts as strings", floor_model),
    ):
        print(f"| {label} | {med:.1f} µs | {p90:.1f} µs | {p99:.1f} µs | {med / floor:.2f}× |")
    print("\n(floor = the frozen BaseModel's median, the same kind of model the library validates into)")

    sample = dicts[: min(len(dicts), 5_000)]
    validate = statistics.median(each(Application.model_validate, sample))
    models = [Application.model_validate(d) for d in sample]
    assess = statistics.median(each(lambda app: RULES[app.direction].assess(app), models))
    results = [RULES[app.direction].assess(app) for app in models]
    explain = statistics.median(each(lambda r: r.explain(), results))
    validators = python_validators(sample)
    phases = assess_phases(sample)
    findings = statistics.median(len(r.findings) for r in results)

    print(f"\n### Where every microsecond of (a) goes (medians over {len(sample):,} requests, each stage timed apart)\n")
    print("| stage | µs | / floor |")
    print("|---|---:|---:|")
    rows: list[tuple[str, float]] = [("**validate** `Application.model_validate`", validate)]
    python_total = sum(validators.values())
    rows += [(f"  validator in Python: {name}", us) for name, us in validators.items()]
    rows.append(("  pydantic-core itself (validate − the Python validators above)", validate - python_total))
    rows.append((f"**assess** ({findings:.0f} findings, {INVOICES} invoice lines)", assess))
    rows += [(f"  {name}", us) for name, us in sorted(phases.items(), key=lambda item: -item[1])]
    made, sentences = eager_sentences(sample)
    rows.append((f"  of these: the Chinese sentences of the {made:.0f} findings made per request (format_map)", sentences))
    rows.append(("**explain()** (the Chinese text)", explain))
    rows.append(("**sum of the three stages**", validate + assess + explain))
    for label, us in rows:
        print(f"| {label} | {us:.1f} | {us / floor:.2f}× |")

    if args.before is not None:
        ba, bb, _ = compiled_run(args.before, min(args.n, 10_000))
        pa = statistics.median(each(full, dicts[:10_000]))
        pb = statistics.median(each(no_text, dicts[:10_000]))
        print(f"\n### Against `{args.before}` (a fresh process each, the same requests)\n")
        print("| path | before | now | now / before |")
        print("|---|---:|---:|---:|")
        print(f"| (a) validate + assess + explain() | {ba:.1f} µs | {pa:.1f} µs | {pa / ba:.2f} |")
        print(f"| (b) validate + assess | {bb:.1f} µs | {pb:.1f} µs | {pb / bb:.2f} |")

    if args.compiled is not None:
        ca, cb, where = compiled_run(args.compiled, min(args.n, 10_000))
        pa = statistics.median(each(full, dicts[:10_000]))
        pb = statistics.median(each(no_text, dicts[:10_000]))
        modules = ", ".join(COMPILED_MODULES)
        print(f"\n### Compiled with mypyc ({modules}; the engine loaded from `{Path(where).name}`)\n")
        print("| path | pure Python | compiled | compiled / pure |")
        print("|---|---:|---:|---:|")
        print(f"| (a) validate + assess + explain() | {pa:.1f} µs | {ca:.1f} µs | {ca / pa:.2f} |")
        print(f"| (b) validate + assess | {pb:.1f} µs | {cb:.1f} µs | {cb / pb:.2f} |")


if __name__ == "__main__":
    main()
