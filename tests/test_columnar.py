"""The columnar allocator against the scalar one: same decisions, amounts, ranks and messages."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from subsidycalc.allocation import (
    AllocationPolicy,
    Budget,
    BudgetMode,
    Candidate,
    Outcome,
    TieBreak,
    allocate_candidates,
)
from subsidycalc.columnar import OUTCOMES, CandidateColumns, allocate_columns
from subsidycalc.exclusion import ExclusionMode
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.models import FundingLevel
from subsidycalc.money import Money
from subsidycalc.periods import BEIJING
from subsidycalc.registry import all_directions
from subsidycalc.rules import evolve
from tests.factories import credit_code

DOUMEN = [k.partition("/")[2] for k in all_directions() if k.startswith("doumen-2023/")]
OTHERS = [("shaoguan-2023", "pilot"), ("zhongshan-2025", "item_7_platform"), ("zhongshan-2025", "item_11"),
          ("zhongshan-2025", "item_1"), ("guangdong-2020", "platform_led"), ("guangdong-2022", "industry_2_1")]
START = datetime(2024, 3, 1, 9, tzinfo=BEIJING)


def _round(rng: random.Random) -> dict[str, Any]:
    n = rng.choice((1, 3, 8, 20, 40, 80))
    firms = [credit_code(i) for i in range(1, max(2, n // rng.choice((1, 1, 1, 2, 4))) + 1)]
    scores = [None, *(Decimal(v) for v in ("70", "80", "85", "85.5", "90"))] if rng.random() < 0.7 else None
    times = [START + timedelta(hours=h) for h in range(rng.choice((2, 50)))]
    others = rng.random() < 0.15
    people = []
    for i in range(n):
        programme, direction = (rng.choice(OTHERS) if others and rng.random() < 0.3
                                else ("doumen-2023", rng.choice(DOUMEN)))
        award = rng.choice((0, 1, 500_000_00, 1_500_000_00, 2_000_000_00, rng.randrange(1, 300_000_000)))
        people.append(Candidate(
            application_id=f"A{rng.randrange(10**6):06d}-{i}",
            programme=programme,
            direction=direction,
            credit_code=rng.choice(firms),
            enterprise="企业",
            eligible=rng.random() < 0.85,
            award=Money(award),
            review_score=rng.choice(scores) if scores else Decimal(rng.randrange(600, 1000)) / 10,
            contract_time=rng.choice([None, *times]),
            online_time=rng.choice([None, *times]),
            preference=rng.choice((None, None, 1, 2)),
            failures=("BELOW_MIN_INVESTMENT",) if rng.random() < 0.5 else (),
            priority=rng.choice((None, True, False)),
            project_id=rng.choice(("", "", "P1", "P2", "P3")),
            withdrawn=rng.random() < 0.05,
            year=rng.choice((None, 2024)),
        ))
    ledger = None
    if rng.random() < 0.3:
        ledger = Ledger(entries=tuple(
            LedgerEntry(programme="doumen-2023", item=rng.choice(DOUMEN), level=FundingLevel.DISTRICT,
                        enterprise=rng.choice(firms), project_id=f"L{j}", year=2023,
                        awarded=Money(rng.choice((1, 100_000_00, 1_500_000_00, 2_000_000_00))))
            for j in range(rng.randrange(1, 5))
        ))
    budgets: tuple[Budget, ...] = ()
    if rng.random() < 0.5:
        demand = sum(c.award.fen for c in people) or 1
        budgets = tuple(
            Budget(amount=Money(rng.randrange(1, demand + 1)), scope=rng.choice(("all", "topic_19", "direction_3", "all")))
            for _ in range(rng.choice((1, 1, 2)))
        )
    policy = AllocationPolicy(
        tie_break=rng.choice([TieBreak.UNRESOLVED, *TieBreak]),
        budgets=budgets,
        budget_mode=rng.choice(list(BudgetMode)),
        partial_last=rng.random() < 0.5,
        exclusion_mode=ExclusionMode.STRICT if rng.random() < 0.95 else ExclusionMode.PREFERENCE,
        year=2024,
    )
    rules = None
    if rng.random() < 0.3:  # what-ifs: other quotas (also 0) and caps
        rules = dict(all_directions())
        for key in rng.sample(DOUMEN, 3):
            r = rules[f"doumen-2023/{key}"]
            assert r.quota is not None
            assert r.cap is not None
            rules[r.ref] = evolve(r, quota=evolve(r.quota, value=rng.choice((0, 1, 3))),
                                  cap=evolve(r.cap, value=Money(rng.choice((1, 100_000_00, 3_000_000_00)))))
    return {"people": people, "ledger": ledger, "policy": policy, "rules": rules}


def _same(case: dict[str, Any], seen: Counter[Outcome]) -> str:
    people, ledger, policy, rules = case["people"], case["ledger"], case["policy"], case["rules"]
    columns = CandidateColumns.from_candidates(people, ledger)
    try:
        expected = allocate_candidates(people, rules=rules, policy=policy, ledger=ledger)
    except ValueError as error:  # e.g. history read without a way to assess again: the same refusal
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        with pytest.raises(ValueError, match="earlier awards of this round bear on it") as raised:
            allocate_columns(columns, rules=rules, policy=policy, ledger=ledger)
        assert str(raised.value) == refusal
        return "refused"
    result = allocate_columns(columns, rules=rules, policy=policy, ledger=ledger)
    got = result.to_allocation()
    assert got.decisions == expected.decisions
    assert got.totals == expected.totals
    assert got.total == expected.total
    assert got.rules_digests == expected.rules_digests
    by_id = {d.application_id: d for d in expected.decisions}
    for i, cid in enumerate(result.columns.ids):
        d = by_id[cid]
        assert (OUTCOMES[int(result.outcome[i])], int(result.funded[i]), int(result.rank[i])) == (
            d.outcome, d.funded.fen, d.rank or 0), cid
    if result.engine == "columnar":
        seen.update(result.outcomes())
    return result.engine


def test_differential_over_generated_rounds() -> None:
    """1,500 generated rounds (every 斗门 direction and others, ties, ledgers, budgets, what-if
    quotas and caps, every tie-break): the columns decide as the scalar allocator, message for message."""
    rng = random.Random(17)
    engines: Counter[str] = Counter()
    seen: Counter[Outcome] = Counter()
    for _ in range(1500):
        engines[_same(_round(rng), seen)] += 1
    assert engines["columnar"] > 900, engines  # most rounds decided by the columns, not the fallback
    assert engines["scalar"] > 50, engines
    for outcome in (Outcome.FUNDED, Outcome.INELIGIBLE, Outcome.WITHDRAWN, Outcome.MUTUALLY_EXCLUSIVE,
                    Outcome.QUOTA_EXCEEDED, Outcome.TIE_UNRESOLVED, Outcome.HISTORY_LIMIT, Outcome.BUDGET_EXHAUSTED):
        assert seen[outcome] > 10, (outcome, seen)


def test_a_cap_per_enterprise_over_the_ledger_and_the_round() -> None:
    """专题十九 方向三 2.支持方式: 「最高150万元，最多补贴2家」 — one enterprise's three projects share 150万."""
    firm = credit_code(1)
    people = [
        Candidate(f"A{i}", "doumen-2023", "direction_3", firm, "企业", True, Money.from_wan(60), review_score=Decimal(90 - i))
        for i in range(3)
    ]
    ledger = Ledger(entries=(LedgerEntry(programme="doumen-2023", item="direction_3", level=FundingLevel.DISTRICT,
                                         enterprise=firm, project_id="L1", year=2023, awarded=Money.from_wan(20)),))
    result = allocate_columns(CandidateColumns.from_candidates(people, ledger), ledger=ledger)
    assert result.engine == "columnar"
    assert [Money(int(f)).format_wan() for f in result.funded] == ["60万元", "60万元", "10万元"]
    assert result.decisions([2])[0].message.endswith("本企业已获 1,400,000.00元（A0、A1、台账），按余额支持")


def test_a_tie_at_the_last_place_is_unresolved() -> None:
    people = [
        Candidate(f"A{i}", "doumen-2023", "direction_3", credit_code(i + 1), "企业", True, Money.from_wan(10),
                  review_score=Decimal(90 if i == 0 else 80))
        for i in range(3)
    ]
    result = allocate_columns(CandidateColumns.from_candidates(people))
    assert [o.value for o in result.outcomes()] == ["FUNDED", "TIE_UNRESOLVED", "TIE_UNRESOLVED"]
    assert result.rank.tolist() == [1, 2, 2]


def test_what_the_columns_do_not_decide_goes_to_the_scalar_allocator() -> None:
    people = [Candidate("A1", "guangdong-2022", "industry_2_1", credit_code(1), "企业", True, Money(0))]
    result = allocate_columns(CandidateColumns.from_candidates(people))
    assert result.engine == "scalar"
    assert result.fallback is not None
    assert "赛马" in result.fallback
    assert result.to_allocation().decisions == allocate_candidates(people).decisions


def test_columns_are_checked() -> None:
    people = [Candidate("A1", "doumen-2023", "direction_3", credit_code(1), "企业", True, Money(1))] * 2
    with pytest.raises(ValueError, match="duplicate application id 'A1'"):
        CandidateColumns.from_candidates(people)
    good = CandidateColumns.from_candidates(people[:1])
    with pytest.raises(ValueError, match="no rules for doumen-2023/direction_3"):
        allocate_columns(good, rules={})


def test_count_limits_by_rank_on_the_columns() -> None:
    """广东2020 「原则上平台商每年牵头试点不超过3个集群」: the per-enterprise, per-year limit by rank
    decided on the columns, decision for decision as the scalar allocator (generated rounds)."""
    rng = random.Random(20)
    engines: Counter[str] = Counter()
    seen: Counter[Outcome] = Counter()
    for _ in range(200):
        firms = [credit_code(i) for i in range(1, rng.choice((2, 2, 3)))]
        people = [
            Candidate(
                application_id=f"G{i:03d}", programme="guangdong-2020",
                direction=rng.choice(("platform_led",) * 4 + ("service_provider_led", "talent_voucher")),
                credit_code=rng.choice(firms), enterprise="企业", eligible=rng.random() < 0.9,
                award=Money(rng.choice((1, 100_000_00, 200_000_00))),
                review_score=rng.choice((None, Decimal(80), Decimal(85), Decimal(90))),
                online_time=rng.choice((None, START, START + timedelta(days=1))),
                preference=rng.choice((None, 1, 2)), year=rng.choice((None, 2024, 2025)),
                withdrawn=rng.random() < 0.05,
            )
            for i in range(rng.randrange(1, 20))
        ]
        policy = AllocationPolicy(tie_break=rng.choice(list(TieBreak)))
        engines[_same({"people": people, "ledger": None, "policy": policy, "rules": None}, seen)] += 1
    assert engines["columnar"] > 150, engines
    assert seen[Outcome.LIMIT_EXCEEDED] > 20, seen
