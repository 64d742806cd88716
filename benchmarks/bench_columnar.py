"""Columnar allocation (``subsidycalc.columnar``) against a hand-written NumPy floor and the scalar allocator.

Run by hand: ``python benchmarks/bench_columnar.py [N ...]`` (default 100000 1000000).

The round: N assessed candidates over the eight 斗门 directions, 70 % eligible, awards within each
direction's cap, review scores to one decimal (so there are ties), 方向六's contract times and 方向二's
priority, one application per enterprise, ties broken by 统一社会信用代码 (``TieBreak.CREDIT_CODE``), and one
overall budget of 5,000万 filled by rank. On that round the floor — one ``lexsort`` by the ranking and
tie keys, the quota by cumulative count per direction, the budget by a cumulative sum in rank order —
gives every candidate the same funded amount as the allocator (checked here before timing). The
floor does nothing else: no exclusion, no per-enterprise places or caps, no ledger, no checks.

A second round, "with exclusion", gives about two applications per enterprise (so strict exclusion
and per-家 places do work) and is timed for the allocator only.

Every time is the best of three runs in one process; the machine is shared, so compare the ratios.
"""

from __future__ import annotations

import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

import subsidycalc
from subsidycalc.allocation import AllocationPolicy, Budget, Candidate, TieBreak, allocate_candidates
from subsidycalc.columnar import LAST, CandidateColumns, allocate_columns
from subsidycalc.money import Money
from subsidycalc.registry import all_directions
from subsidycalc.rules import Ranking

PROGRAMME = "doumen-2023"
RULES = [r for r in all_directions().values() if r.programme == PROGRAMME]
POLICY = AllocationPolicy(tie_break=TieBreak.CREDIT_CODE, budgets=(Budget(amount=Money.from_wan(5000)),))
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def round_columns(n: int, per_enterprise: int, seed: int = 2024) -> CandidateColumns:
    rng = np.random.default_rng(seed)
    direction = rng.integers(0, len(RULES), n)
    caps = np.asarray([r.payout.cap.value.fen if r.payout.cap else 10**10 for r in RULES], dtype=np.int64)
    award = rng.integers(1, caps[direction] + 1)
    firms = max(1, n // per_enterprise)
    enterprise = rng.permutation(n) % firms if per_enterprise > 1 else rng.permutation(n)
    codes = tuple(f"91440403{i:09d}X" for i in range(firms if per_enterprise > 1 else n))
    score = rng.integers(0, 400, n)  # order codes of 600.0–999.9 … 400 distinct scores: ties
    contract = np.where(rng.random(n) < 0.9, 1_700_000_000_000_000 + rng.integers(0, 10**9, n), LAST)
    ids = tuple(f"A{i:07d}" for i in range(n))
    eligible = rng.random(n) < 0.7
    priority = rng.random(n) < 0.2

    def candidate(i: int) -> Candidate:
        rules = RULES[int(direction[i])]
        t = int(contract[i])
        return Candidate(
            ids[i], PROGRAMME, rules.key, codes[int(enterprise[i])], "企业", bool(eligible[i]), Money(int(award[i])),
            review_score=Decimal(999 - int(score[i])) / 10 + 600 - 60,
            contract_time=None if t == LAST else EPOCH + timedelta(microseconds=t), priority=bool(priority[i]),
        )

    return CandidateColumns(
        ids=ids, refs=tuple(r.ref for r in RULES), direction=direction.astype(np.int64),
        enterprise=enterprise.astype(np.int64), credit_codes=codes, eligible=eligible, award=award.astype(np.int64),
        withdrawn=np.zeros(n, dtype=bool), id_order=np.arange(n, dtype=np.int64), score=score.astype(np.int64),
        contract_time=contract.astype(np.int64), online_time=np.full(n, LAST, dtype=np.int64),
        preference=np.full(n, LAST, dtype=np.int64), priority=priority,
        project=np.zeros(n, dtype=np.int64), projects=("",), provisional=np.zeros(n, dtype=bool), candidate=candidate,
    )


def floor(c: CandidateColumns) -> Any:
    """Quota by rank, then the overall budget by rank: nothing else."""
    quota = np.asarray([r.quota.value if r.quota else len(c) for r in RULES], dtype=np.int64)
    by_time = np.asarray([r.ranking is Ranking.REVIEW_SCORE_THEN_CONTRACT_TIME for r in RULES])
    by_priority = np.asarray([r.ranking is Ranking.REVIEW_SCORE_THEN_PRIORITY for r in RULES])
    rows = np.flatnonzero(c.eligible)
    d = c.direction[rows]
    second = np.where(by_time[d], c.contract_time[rows], 0)
    third = np.where(by_priority[d], ~c.priority[rows], False)
    sort = np.lexsort((c.id_order[rows], c.enterprise[rows], third, second, c.score[rows], d))
    rows, d = rows[sort], d[sort]
    start = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
    first = np.repeat(start, np.diff(np.r_[start, len(d)]))
    position = np.arange(len(d)) - first
    won = rows[position < quota[d]]
    won_position = position[position < quota[d]]
    won = won[np.lexsort((c.id_order[won], c.direction[won], won_position))]
    funded = np.zeros(len(c), dtype=np.int64)
    paid = c.award[won]
    keep = np.cumsum(paid) <= POLICY.budgets[0].amount.fen
    keep &= np.cumsum(~keep) == 0  # rank-fill stops at the first that does not fit
    funded[won[keep]] = paid[keep]
    return funded


def best(run: Callable[[], Any], times: int = 3) -> tuple[float, Any]:
    seconds, result = float("inf"), None
    for _ in range(times):
        gc.collect()
        begin = time.perf_counter()
        result = run()
        seconds = min(seconds, time.perf_counter() - begin)
    return seconds, result


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    print("## Columnar allocation vs the NumPy floor\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"NumPy {np.__version__}; subsidycalc {subsidycalc.__version__}")
    print("- best of 3 in one run; the floor and the allocator funded exactly the same 分 for every candidate\n")
    print("| candidates | floor | columnar | ratio | µs/candidate | with exclusion (2 per 家) | ratio | scalar | scalar/columnar |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        columns = round_columns(n, 1)
        floor_s, floor_funded = best(lambda c=columns: floor(c))
        ours_s, ours = best(lambda c=columns: allocate_columns(c, policy=POLICY))
        assert ours.engine == "columnar", ours.fallback
        assert np.array_equal(ours.funded, floor_funded), "the floor and the allocator disagree"
        paired = round_columns(n, 2)
        pair_s, pair = best(lambda c=paired: allocate_columns(c, policy=POLICY))
        assert pair.engine == "columnar", pair.fallback
        scalar = "—"
        ratio = "—"
        if n <= 100_000:
            people = [columns.candidate(i) for i in range(n)]
            scalar_s, expected = best(lambda p=people: allocate_candidates(p, policy=POLICY), times=1)
            assert ours.to_allocation().decisions == expected.decisions, "the columns and the scalar allocator disagree"
            scalar, ratio = f"{scalar_s:.2f} s", f"{scalar_s / ours_s:.0f}×"
        print(f"| {n:,} | {floor_s:.3f} s | {ours_s:.3f} s | {ours_s / floor_s:.2f}× | {ours_s / n * 1e6:.2f} | "
              f"{pair_s:.3f} s | {pair_s / floor_s:.2f}× | {scalar} | {ratio} |")
    n = sizes[-1]
    columns = round_columns(n, 2)
    result = allocate_columns(columns, policy=POLICY)
    funded = result.funded_ids()[:10]
    at = {cid: i for i, cid in enumerate(columns.ids)}
    seconds, _ = best(lambda: result.decisions([at[i] for i in funded]), times=1)
    print(f"\nExplaining the first 10 funded of {n:,} on demand: {seconds * 1000:.0f} ms "
          "(their directions' rankings replayed up to them).")


if __name__ == "__main__":
    main()
