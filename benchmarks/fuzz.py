"""Hostile-input fuzzing of the whole input path, over all five documents, within a time budget.

Draws the mutants of ``tests/hostile.py`` (the bundled examples with control and invisible
characters, near-duplicate invoice numbers, over-long texts, huge and non-finite numbers, counts
past 10^9 and 2^63, dates outside 1900–2199, wrong types, dropped and unknown keys, deep nesting
and duplicate keys in JSON text, the snapshot's value edits …) and runs each through validation,
assessment and every check of :func:`tests.hostile.classify` (the dump re-validates, the result
dumps and explains itself, batch ≡ scalar, the award is exact and non-negative) until ``--inputs``
are tried or ``--budget`` seconds have passed. Prints the count per outcome class (inputs tried,
clean errors, crashes, silent acceptances, wrong results, slow inputs: the goal is 0 in every class
but the first two) and per mutator, the 10 slowest inputs, the first 5 examples of every crash,
silent acceptance and wrong result, and the distinct causes (mutator, field, exception, the
library function that raised it).

An input is slow when validation, assessment and checks take over 100 ms; a slow input is timed a
second time and counted slow only if both runs are (a garbage collection or a noisy neighbour is
not the input's doing). The examples are classified once, uncounted, first: the caches and
compiled rules the first inputs would otherwise pay for are warm.

Run by hand (not a test): ``python benchmarks/fuzz.py [--budget SECONDS] [--inputs N] [--seed S]``
(default 300 s, 100,000 inputs, seed 0). Exit code 1 if any crash, silent acceptance, wrong result
or slow input.
"""

from __future__ import annotations

import argparse
import gc
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.hostile, from the repository root

from tests.hostile import MUTATORS, SLOW, Mutant, Outcome, classify, mutant
from tests.snapshot import example_dicts

import subsidycalc

CLASSES = ("valid", "clean_error", "crash", "silent", "wrong")
BAD = ("crash", "silent", "wrong")
EXAMPLES_SHOWN = 5


def warm_up() -> None:
    """Classify every example unmutated, uncounted (imports, caches, compiled rules, adapters)."""
    for data in example_dicts():
        programme = data.get("programme", "doumen-2023")
        for with_ledger in (False, True):
            classify(Mutant("warm_up", data, "any", "", "", data["id"], programme, with_ledger, "warm"))


def timed(item: Mutant) -> Outcome:
    """:func:`classify`, and for a slow input a second run: the faster one counts."""
    outcome = classify(item)
    if outcome.slow:
        again = classify(item)
        if again.seconds < outcome.seconds:
            outcome = again
    return outcome


def field_of(item: Mutant) -> str:
    """The field a mutant edited, without list indexes (``invoices[].amount_excl_tax``)."""
    field = item.where.split(" (")[0].split(" ~ ")[0]
    return "".join("[]" if part.isdigit() else part for part in re.split(r"(?<=\[)(\d+)(?=\])", field)).replace("[[]]", "[]")


def cause(item: Mutant, outcome: Outcome) -> tuple[str, str, str]:
    """A bad outcome's root cause, for grouping: class, mutator, and exception type @ where raised
    (a crash), what followed the acceptance (silent), or the check that failed (wrong)."""
    if outcome.kind == "crash":
        stage, _, rest = outcome.detail.partition(": ")
        what = f"{stage}: {rest.split(':')[0]}"
    elif outcome.kind == "silent":
        what = "accepted" + (f", then {outcome.detail.split('; then ', 1)[1][:50]}" if "; then " in outcome.detail else "")
    else:
        what = outcome.detail.split(" ")[0]
    return outcome.kind, item.name, f"{what} @ {outcome.raised_in or '-'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds (default 300)")
    parser.add_argument("--inputs", type=int, default=100_000, help="at most this many inputs (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    print(f"subsidycalc {subsidycalc.__version__}, Python {platform.python_version()}, {platform.machine()}; "
          f"seed {args.seed}, budget {args.budget:g} s, at most {args.inputs:,} inputs, slow > {SLOW * 1000:.0f} ms")
    warm_up()
    gc.collect()
    gc.freeze()  # the examples and caches: not scanned by every collection of the run

    by_class: Counter[str] = Counter()
    by_mutator: dict[str, Counter[str]] = defaultdict(Counter)
    by_programme: Counter[str] = Counter()
    slowest: list[tuple[float, Mutant]] = []
    shown: dict[str, list[tuple[Mutant, Outcome]]] = defaultdict(list)
    causes: dict[tuple[str, str, str], tuple[Mutant, Outcome, Counter[str]]] = {}
    slow = unsupported = 0
    start = time.perf_counter()
    tried = 0
    while tried < args.inputs and time.perf_counter() - start < args.budget:
        item = mutant(args.seed, tried)
        outcome = timed(item)
        tried += 1
        by_class[outcome.kind] += 1
        by_mutator[item.name][outcome.kind] += 1
        by_programme[item.programme] += 1
        unsupported += outcome.batch_unsupported
        if outcome.slow:
            slow += 1
            by_mutator[item.name]["slow"] += 1
        slowest = sorted([*slowest, (outcome.seconds, item)], key=lambda pair: -pair[0])[:10]
        if outcome.kind in BAD:
            if len(shown[outcome.kind]) < EXAMPLES_SHOWN:
                shown[outcome.kind].append((item, outcome))
            causes.setdefault(cause(item, outcome), (item, outcome, Counter()))[2][field_of(item)] += 1
    elapsed = time.perf_counter() - start

    print(f"\n{tried:,} inputs in {elapsed:.1f} s ({tried / elapsed:,.0f}/s); by document: "
          + ", ".join(f"{p} {n:,}" for p, n in sorted(by_programme.items())))
    print(f"(accepted, but the batch engine refused it with an error it documents: {unsupported:,})\n")
    print("| outcome | count |")
    print("|---|---:|")
    for label, count in (("inputs tried", tried), ("valid results", by_class["valid"]),
                         ("clean errors", by_class["clean_error"]), ("crashes", by_class["crash"]),
                         ("silent acceptances", by_class["silent"]), ("wrong results", by_class["wrong"]),
                         ("slow inputs", slow)):
        print(f"| {label} | {count:,} |")

    print("\n| mutator | tried | valid | clean error | crash | silent | wrong | slow |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in MUTATORS:
        row = by_mutator.get(name, Counter())
        print(f"| {name} | {sum(row[c] for c in CLASSES):,} | "
              + " | ".join(f"{row[c]:,}" for c in (*CLASSES, "slow")) + " |")

    print("\nslowest inputs:")
    for seconds, item in slowest:
        print(f"  {seconds * 1000:8.1f} ms  {item}"[:260])

    for kind in BAD:
        if shown[kind]:
            print(f"\nfirst {len(shown[kind])} of {by_class[kind]:,} {kind}:")
            for item, outcome in shown[kind]:
                print(f"  - {item}"[:280])
                print(f"      {outcome.detail[:400]}" + (f"  [raised in {outcome.raised_in}]" if outcome.raised_in else ""))
    if causes:
        print("\ndistinct causes (class, mutator, exception or check @ where raised): count; fields; first input")
        for (kind, name, what), (item, outcome, fields) in sorted(causes.items()):
            print(f"  {kind:6} {name:17} {what[:120]}: {sum(fields.values()):,}")
            print(f"         fields: {', '.join(f'{f} {n}' for f, n in fields.most_common(6))}"[:240])
            print(f"         first: {item}"[:240])
            print(f"         {outcome.detail}"[:300])
    bad = sum(by_class[k] for k in BAD) + slow
    print(f"\n{'FAIL' if bad else 'OK'}: {bad:,} inputs neither valid nor a clean error, or slow")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
