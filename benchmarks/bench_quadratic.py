"""No quadratic path: k applications of one enterprise against k enterprises, and a k-way tie at a
quota against k distinct scores — each pair measured in one run, reported as a ratio.

Run by hand: ``python benchmarks/bench_quadratic.py [K]`` (default 10,000). The candidates stand for
assessed applications (allocation's input) to 斗门 方向一 and 方向二, which exclude each other
(「申报本指南专题十八仅可选择一个方向进行申报」), and to 方向一 alone for the tie (quota 2).
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal

from subsidycalc.allocation import AllocationPolicy, Candidate, Outcome, TieBreak, allocate_candidates
from subsidycalc.ledger import Ledger
from subsidycalc.money import Money


def _candidate(i: int, direction: str, enterprise: str, score: Decimal) -> Candidate:
    return Candidate(
        application_id=f"A{i:06d}", programme="doumen-2023", direction=direction, credit_code=enterprise,
        enterprise="企业", eligible=True, award=Money.from_wan(50), review_score=score, project_id=f"P{i:06d}",
        claims=frozenset(),
    )


def _timed(candidates: list[Candidate], policy: AllocationPolicy) -> tuple[float, dict[Outcome, int]]:
    start = time.perf_counter()
    result = allocate_candidates(candidates, policy=policy, ledger=Ledger.empty())
    elapsed = time.perf_counter() - start
    outcomes: dict[Outcome, int] = {}
    for d in result.decisions:
        outcomes[d.outcome] = outcomes.get(d.outcome, 0) + 1
    return elapsed, outcomes


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    directions = ("direction_1", "direction_2")
    one = [_candidate(i, directions[i % 2], "E-ONE", Decimal(i % 97)) for i in range(k)]
    many = [_candidate(i, directions[i % 2], f"E{i:06d}", Decimal(i % 97)) for i in range(k)]
    tied = [_candidate(i, "direction_1", f"E{i:06d}", Decimal(80)) for i in range(k)]
    distinct = [_candidate(i, "direction_1", f"E{i:06d}", Decimal(i)) for i in range(k)]
    strict = AllocationPolicy()
    unresolved = AllocationPolicy(tie_break=TieBreak.UNRESOLVED)
    t_one, o_one = _timed(one, strict)
    t_many, _ = _timed(many, strict)
    t_tied, o_tied = _timed(tied, unresolved)
    t_distinct, _ = _timed(distinct, unresolved)
    print(f"k = {k:,}")
    print(f"  exclusion: one enterprise {t_one:.3f} s, {k:,} enterprises {t_many:.3f} s -> ratio {t_one / t_many:.2f}")
    print(f"    ({o_one.get(Outcome.MUTUALLY_EXCLUSIVE, 0):,} refused as mutually exclusive)")
    print(f"  tie at a quota: {k:,}-way tie {t_tied:.3f} s, distinct scores {t_distinct:.3f} s -> ratio {t_tied / t_distinct:.2f}")
    print(f"    ({o_tied.get(Outcome.TIE_UNRESOLVED, 0):,} unresolved)")


if __name__ == "__main__":
    main()
