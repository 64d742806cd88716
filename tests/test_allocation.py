"""Allocation: quotas by rank, 专题 mutual exclusion, budget envelopes — from the text, and as properties."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.allocation import (
    Allocation,
    AllocationPolicy,
    Budget,
    BudgetMode,
    Candidate,
    Outcome,
    TieBreak,
    allocate,
    allocate_candidates,
)
from subsidycalc.exclusion import ExclusionMode
from subsidycalc.inputs import example_applications
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.models import FundingLevel
from subsidycalc.money import Money
from subsidycalc.policies import doumen_2023_guide as doumen
from subsidycalc.rules import Unit
from tests import strategies as gen
from tests.factories import OTHER_CODES, PAINO, build, contract, credit_code, invoice, passing
from tests.policies.test_zhongshan_digital_measures import app as zs_app

CODES = ("91440403AY4CL12TH3", "914404039D4H3J9HT3", "91440403DD272HD1TH", "91440403J3Y7LLJY11")


def app(direction: str, app_id: str, code: str, score: str | None = None, **changes: Any) -> Any:
    data = passing(direction, app_id)
    data["enterprise"]["credit_code"] = code
    if score is not None:
        data["review_score"] = score
    data.update(changes)
    return build(data)


def outcomes(allocation: Allocation) -> dict[str, Outcome]:
    return {d.application_id: d.outcome for d in allocation.decisions}


class TestQuotasByRank:
    def test_three_eligible_applicants_for_two_places_in_direction_1(self) -> None:
        """「每年支持的示范项目数原则上不超过2个」: the third by review score is not funded."""
        result = allocate(
            [app("direction_1", "A", CODES[0], "91"), app("direction_1", "B", CODES[1], "88"), app("direction_1", "C", CODES[2], "85")]
        )
        assert outcomes(result) == {"A": Outcome.FUNDED, "B": Outcome.FUNDED, "C": Outcome.QUOTA_EXCEEDED}
        third = result.decision("C")
        assert third.rank == 3
        assert third.message == "第3名，方向一限额2个，未获支持"
        assert third.citation is not None
        assert third.citation.quote == "每年支持的示范项目数原则上不超过2个"
        assert result.total == Money.parse("96万") * 2

    def test_direction_6_places_go_to_the_earliest_contract_submissions(self) -> None:
        """「同等条件下，优先支持在惠企利民先行递交合同的企业（以系统单位提交时间为准）」, 「最多补贴30家」."""
        apps = []
        for i in range(31):
            data = passing("direction_6_pcb_workshop", f"W{i:02d}")
            data["enterprise"]["credit_code"] = credit_code(i)  # 31 enterprises for 30 家
            data["contracts"] = [contract(f"HT-1@W{i:02d}", "25万", PAINO, f"2023-05-{1 + i % 28:02d}T{8 + i // 28:02d}:00:00+08:00")]
            apps.append(build(data))
        # the latest submitter is W27 (28th day, 08:00) vs W28-W30 (1st-3rd day, 09:00)
        result = allocate(random.Random(7).sample(apps, len(apps)))
        losers = [d for d in result.decisions if d.outcome is Outcome.QUOTA_EXCEEDED]
        assert [d.application_id for d in losers] == ["W27"]
        assert losers[0].rank == 31
        first = result.decision("W00")
        assert first.citation is not None
        assert "先行递交合同" in first.citation.quote
        assert sum(1 for d in result.decisions if d.outcome is Outcome.FUNDED) == 30

    def test_review_score_ranks_before_contract_time_in_direction_6(self) -> None:
        early = app("direction_6_appliance", "EARLY", CODES[0], "80")
        late = app("direction_6_appliance", "LATE", CODES[1], "90")
        ranks = {d.application_id: d.rank for d in allocate([early, late]).decisions}
        assert ranks == {"LATE": 1, "EARLY": 2}

    def test_ineligible_applicants_take_no_place(self) -> None:
        bad = passing("direction_2", "BAD")
        bad["enterprise"]["certifications"] = []
        result = allocate([build(bad), app("direction_2", "OK", CODES[1], "60")])
        assert outcomes(result) == {"BAD": Outcome.INELIGIBLE, "OK": Outcome.FUNDED}
        assert result.decision("BAD").rank is None


class TestTiesOnTheLastPlace:
    def tied(self) -> list[Any]:
        first = app("direction_1", "FIRST", CODES[0], "95")
        early = app("direction_1", "EARLY", CODES[2], "88", submission={"online_at": "2024-04-01T09:00:00+08:00"})
        late = app("direction_1", "LATE", CODES[1], "88", submission={"online_at": "2024-04-02T09:00:00+08:00"})
        return [late, first, early]

    def test_by_default_no_key_the_text_does_not_give_decides_a_tie(self) -> None:
        """方向一 ranks by review score alone: a tie on the last place is reported, not decided (before,
        the online submission time and then the credit code decided it)."""
        assert {outcomes(allocate(self.tied()))[k] for k in ("EARLY", "LATE")} == {Outcome.TIE_UNRESOLVED}

    def test_the_online_submission_policy_is_an_explicit_choice(self) -> None:
        result = allocate(self.tied(), policy=AllocationPolicy(tie_break=TieBreak.SUBMISSION_TIME))
        assert outcomes(result) == {"FIRST": Outcome.FUNDED, "EARLY": Outcome.FUNDED, "LATE": Outcome.QUOTA_EXCEEDED}
        assert "按线上提交时间在后" in result.decision("LATE").message
        assert result.decision("LATE").related == ("EARLY",)

    def test_the_credit_code_policy_is_purely_mechanical(self) -> None:
        result = allocate(self.tied(), policy=AllocationPolicy(tie_break=TieBreak.CREDIT_CODE))
        # CODES[1] "914404039D…" sorts before CODES[2] "91440403DD…"
        assert outcomes(result)["LATE"] is Outcome.FUNDED
        assert outcomes(result)["EARLY"] is Outcome.QUOTA_EXCEEDED

    def test_an_unresolved_tie_leaves_the_place_open_and_says_so(self) -> None:
        result = allocate(self.tied(), policy=AllocationPolicy(tie_break=TieBreak.UNRESOLVED))
        assert outcomes(result) == {"FIRST": Outcome.FUNDED, "EARLY": Outcome.TIE_UNRESOLVED, "LATE": Outcome.TIE_UNRESOLVED}
        decision = result.decision("EARLY")
        assert decision.rank == 2
        assert decision.funded == Money(0)
        assert "并列第2名" in decision.message
        assert "尚余1个" in decision.message


class TestMutualExclusion:
    """三、相关说明（三）."""

    def test_topic_18_and_topic_19_may_not_be_combined(self) -> None:
        """「两个专题不得重复申报」: in strict mode both applications are rejected."""
        result = allocate([app("direction_1", "T18", CODES[0]), app("direction_5", "T19", CODES[0])])
        assert outcomes(result) == {"T18": Outcome.MUTUALLY_EXCLUSIVE, "T19": Outcome.MUTUALLY_EXCLUSIVE}
        decision = result.decision("T18")
        assert decision.related == ("T19",)
        assert decision.citation is not None
        assert "两个专题不得重复申报" in decision.citation.quote

    def test_only_one_direction_within_topic_18(self) -> None:
        """「申报本指南专题十八仅可选择一个方向进行申报」."""
        result = allocate([app("direction_1", "D1", CODES[0]), app("direction_2", "D2", CODES[0])])
        assert set(outcomes(result).values()) == {Outcome.MUTUALLY_EXCLUSIVE}
        assert "专题十八仅可选择一个方向" in result.decision("D1").message

    def test_direction_3_excludes_the_other_topic_19_directions(self) -> None:
        """「申报本指南专题十九方向三原则上不得申报本指南专题十九其他方向」."""
        result = allocate([app("direction_3", "D3", CODES[0]), app("direction_4", "D4", CODES[0])])
        assert set(outcomes(result).values()) == {Outcome.MUTUALLY_EXCLUSIVE}

    def test_direction_4_and_direction_6_may_be_combined(self) -> None:
        data = passing("direction_6_appliance", "D6")
        result = allocate([app("direction_4", "D4", CODES[0]), build(data)])
        assert set(outcomes(result).values()) == {Outcome.FUNDED}

    def test_the_same_direction_twice_in_topic_18_is_a_conflict(self) -> None:
        result = allocate([app("direction_1", "X", CODES[0]), app("direction_1", "Y", CODES[0])])
        assert set(outcomes(result).values()) == {Outcome.MUTUALLY_EXCLUSIVE}

    def test_the_preference_mode_keeps_the_declared_preference(self) -> None:
        apps = [app("direction_1", "T18", CODES[0], preference=2), app("direction_5", "T19", CODES[0], preference=1)]
        result = allocate(apps, policy=AllocationPolicy(exclusion_mode=ExclusionMode.PREFERENCE))
        assert outcomes(result) == {"T18": Outcome.MUTUALLY_EXCLUSIVE, "T19": Outcome.FUNDED}
        assert "企业申报意愿优先" in result.decision("T18").message

    def test_the_highest_award_mode_keeps_the_larger_award(self) -> None:
        apps = [app("direction_1", "T18", CODES[0], preference=2), app("direction_5", "T19", CODES[0], preference=1)]
        result = allocate(apps, policy=AllocationPolicy(exclusion_mode=ExclusionMode.HIGHEST_AWARD))
        assert outcomes(result) == {"T18": Outcome.FUNDED, "T19": Outcome.MUTUALLY_EXCLUSIVE}  # 96万 > 18万

    def test_an_ineligible_application_does_not_trigger_an_exclusion(self) -> None:
        bad = passing("direction_5", "BAD")
        bad["enterprise"]["credit_code"] = CODES[0]
        bad["facts"]["coverage_5g"] = "10%"
        result = allocate([app("direction_1", "OK", CODES[0]), build(bad)])
        assert outcomes(result) == {"OK": Outcome.FUNDED, "BAD": Outcome.INELIGIBLE}


class TestWithdrawn:
    def test_a_withdrawn_application_takes_no_place_and_triggers_no_exclusion(self) -> None:
        """撤回: before, the exclusion rules rejected both sides of a pair one of which was withdrawn."""
        kept = app("direction_1", "KEPT", CODES[0])
        gone = app("direction_5", "GONE", CODES[0], withdrawn=True)
        result = allocate([kept, gone])
        assert outcomes(result) == {"KEPT": Outcome.FUNDED, "GONE": Outcome.WITHDRAWN}
        assert result.decision("GONE").funded == Money(0)
        assert result.decision("GONE").rank is None
        both = allocate([kept, app("direction_5", "GONE", CODES[0])])
        assert set(outcomes(both).values()) == {Outcome.MUTUALLY_EXCLUSIVE}

    def test_a_withdrawn_application_leaves_its_quota_place_to_the_next(self) -> None:
        """「每年支持的示范项目数原则上不超过2个」: with the first withdrawn, the third is funded."""
        result = allocate([
            app("direction_1", "A", CODES[0], "91", withdrawn=True), app("direction_1", "B", CODES[1], "88"),
            app("direction_1", "C", CODES[2], "85"),
        ])
        assert outcomes(result) == {"A": Outcome.WITHDRAWN, "B": Outcome.FUNDED, "C": Outcome.FUNDED}


class TestBudgets:
    def three(self) -> list[Any]:
        # awards: 方向一 96万, 方向四 75万, 方向五 18万
        return [
            app("direction_1", "A", CODES[0], "90"),
            app("direction_4", "B", CODES[1], "90"),
            app("direction_5", "C", CODES[2], "90"),
        ]

    def test_rank_fill_stops_at_the_first_award_that_does_not_fit(self) -> None:
        policy = AllocationPolicy(budgets=(Budget(amount=Money.parse("180万")),))
        result = allocate(self.three(), policy=policy)
        assert [str(d.funded) for d in result.decisions] == ["960,000.00元", "750,000.00元", "0.00元"]
        assert result.decision("C").outcome is Outcome.BUDGET_EXHAUSTED
        assert result.total == Money.parse("171万")

    def test_rank_fill_may_part_fund_the_last(self) -> None:
        policy = AllocationPolicy(budgets=(Budget(amount=Money.parse("180万")),), partial_last=True)
        result = allocate(self.three(), policy=policy)
        assert result.decision("C").funded == Money.parse("9万")
        assert result.total == Money.parse("180万")
        assert "部分支持" in result.decision("C").message

    def test_pro_rata_scales_every_award_and_hits_the_budget_to_the_fen(self) -> None:
        policy = AllocationPolicy(budgets=(Budget(amount=Money.parse("1000000.01")),), budget_mode=BudgetMode.PRO_RATA)
        result = allocate(self.three(), policy=policy)
        assert result.total == Money.parse("1000000.01")
        # exact shares of 100,000,001 分 in 96:75:18 are 50,793,651.30, 39,682,540.08 and
        # 9,523,809.62 分; the floors leave 1 分, which goes to the largest remainder (.62).
        assert [d.funded.fen for d in result.decisions] == [50793651, 39682540, 9523810]

    def test_a_direction_envelope_applies_before_the_overall_one(self) -> None:
        policy = AllocationPolicy(
            budgets=(Budget(amount=Money.parse("100万")), Budget(scope="direction_1", amount=Money.parse("50万"))),
            partial_last=True,
        )
        result = allocate(self.three(), policy=policy)
        assert result.decision("A").funded == Money.parse("50万")
        assert result.total == Money.parse("100万")

    def test_a_budget_scope_that_covers_nothing_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="covers no direction"):
            allocate(self.three(), policy=AllocationPolicy(budgets=(Budget(scope="topic_20", amount=Money(1)),)))


class TestOutput:
    def test_the_allocation_is_json_with_versions(self) -> None:
        result = allocate(example_applications("doumen-2023"))
        data = result.to_dict()
        assert data["library_version"]
        assert set(data["rules_digests"]) >= {"doumen-2023/direction_1"}
        assert data["total"] == "8060000.00"
        assert {d["outcome"] for d in data["decisions"]} == {"FUNDED", "INELIGIBLE", "QUOTA_EXCEEDED", "MUTUALLY_EXCLUSIVE"}

    def test_the_bundled_examples_show_over_subscription_and_a_conflict(self) -> None:
        result = allocate(example_applications("doumen-2023"))
        exceeded = Counter(d.direction for d in result.decisions if d.outcome is Outcome.QUOTA_EXCEEDED)
        assert exceeded == {"direction_1": 1, "direction_4": 1}
        assert {d.application_id for d in result.decisions if d.outcome is Outcome.MUTUALLY_EXCLUSIVE} == {"DM23-D3-04", "DM23-D5-01"}


# -- properties --------------------------------------------------------------------------------


POLICIES = st.builds(
    AllocationPolicy,
    exclusion_mode=st.sampled_from(list(ExclusionMode)),
    tie_break=st.sampled_from(list(TieBreak)),
    budget_mode=st.sampled_from(list(BudgetMode)),
    partial_last=st.booleans(),
    budgets=st.lists(
        st.builds(Budget, amount=st.integers(min_value=0, max_value=10**9).map(Money), scope=st.sampled_from(["all", "topic_19", "direction_1"])),
        max_size=2,
    ).map(tuple),
)


def key_of(result: Allocation) -> list[tuple[Any, ...]]:
    return [(d.application_id, d.outcome, d.funded, d.rank, d.message) for d in result.decisions]


class TestProperties:
    @given(gen.candidates(), POLICIES)
    def test_funded_count_never_exceeds_a_quota_nor_an_award_its_assessment(self, population: list[Candidate], policy: AllocationPolicy) -> None:
        result = allocate_candidates(population, policy=policy)
        places: dict[str, set[str]] = defaultdict(set)
        for d in result.decisions:
            if d.funded > Money(0):  # 家 counts enterprises, 个 applications
                unit = doumen.DIRECTIONS[d.direction].quota_unit
                places[d.direction].add(d.credit_code if unit is Unit.ENTERPRISE else d.application_id)
        for direction, holders in places.items():
            assert len(holders) <= doumen.DIRECTIONS[direction].quota.value
        for d in result.decisions:
            assert Money(0) <= d.funded <= d.assessed_award
        assert result.total == sum((d.funded for d in result.decisions), start=Money(0))
        assert result.total == sum((t.funded_total for t in result.totals), start=Money(0))

    @given(gen.candidates(), POLICIES)
    def test_every_budget_holds_and_pro_rata_meets_it_exactly_when_demand_exceeds_it(self, population: list[Candidate], policy: AllocationPolicy) -> None:
        result = allocate_candidates(population, policy=policy)
        for budget in policy.budgets:
            inside = [d for d in result.decisions if budget.covers(doumen.DIRECTIONS[d.direction])]
            assert sum((d.funded for d in inside), start=Money(0)) <= budget.amount
        if len(policy.budgets) == 1 and policy.budget_mode is BudgetMode.PRO_RATA:
            without = allocate_candidates(population, policy=replace_budgets(policy, ()))
            budget = policy.budgets[0]
            demand = sum((d.funded for d in without.decisions if budget.covers(doumen.DIRECTIONS[d.direction])), start=Money(0))
            spent = sum((d.funded for d in result.decisions if budget.covers(doumen.DIRECTIONS[d.direction])), start=Money(0))
            assert spent == min(demand, budget.amount)

    @given(gen.candidates(), POLICIES, st.randoms(use_true_random=False))
    def test_the_order_of_the_input_changes_nothing(self, population: list[Candidate], policy: AllocationPolicy, rnd: random.Random) -> None:
        shuffled = list(population)
        rnd.shuffle(shuffled)
        assert key_of(allocate_candidates(shuffled, policy=policy)) == key_of(allocate_candidates(population, policy=policy))

    @given(gen.candidates(), POLICIES, st.sampled_from(list(doumen.DIRECTIONS)), st.sampled_from(gen.CREDIT_CODES))
    def test_adding_an_ineligible_applicant_changes_nothing(self, population: list[Candidate], policy: AllocationPolicy, direction: str, code: str) -> None:
        before = key_of(allocate_candidates(population, policy=policy))
        extra = Candidate("ZZZ-INELIGIBLE", "doumen-2023", direction, code, "企业", False, Money(0))
        after = [k for k in key_of(allocate_candidates([*population, extra], policy=policy)) if k[0] != "ZZZ-INELIGIBLE"]
        assert after == before

    @given(gen.candidates())
    def test_in_strict_mode_no_enterprise_is_funded_in_two_exclusive_directions(self, population: list[Candidate]) -> None:
        result = allocate_candidates(population)
        funded = [d for d in result.decisions if d.outcome is Outcome.FUNDED]
        for i, a in enumerate(funded):
            for b in funded[i + 1 :]:
                if a.credit_code == b.credit_code:
                    assert not any(rule.forbids(a.direction, b.direction) for rule in doumen.EXCLUSIONS)

    @given(gen.candidates(), st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**8), st.booleans())
    def test_raising_a_rank_fill_budget_never_lowers_an_award(self, population: list[Candidate], amount: int, raise_by: int, partial: bool) -> None:
        low = AllocationPolicy(budgets=(Budget(amount=Money(amount)),), partial_last=partial)
        high = AllocationPolicy(budgets=(Budget(amount=Money(amount + raise_by)),), partial_last=partial)
        before = {d.application_id: d.funded for d in allocate_candidates(population, policy=low).decisions}
        for d in allocate_candidates(population, policy=high).decisions:
            assert d.funded >= before[d.application_id]

    @given(gen.candidates(), st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**8))
    def test_raising_a_pro_rata_budget_lowers_no_award_by_more_than_one_fen(self, population: list[Candidate], amount: int, raise_by: int) -> None:
        """Largest remainder can lose 1 分 to the Alabama paradox; never more."""
        low = AllocationPolicy(budgets=(Budget(amount=Money(amount)),), budget_mode=BudgetMode.PRO_RATA)
        high = AllocationPolicy(budgets=(Budget(amount=Money(amount + raise_by)),), budget_mode=BudgetMode.PRO_RATA)
        before = {d.application_id: d.funded.fen for d in allocate_candidates(population, policy=low).decisions}
        for d in allocate_candidates(population, policy=high).decisions:
            assert d.funded.fen >= before[d.application_id] - 1


def replace_budgets(policy: AllocationPolicy, budgets: tuple[Budget, ...]) -> AllocationPolicy:
    from subsidycalc.rules import evolve

    return evolve(policy, budgets=budgets)


def test_the_alabama_paradox_of_largest_remainder_is_real_and_bounded() -> None:
    """Awards 6, 6, 2 分 and a budget of 10 then 11 分: the smallest goes from 2 to 1 分."""
    population = [
        Candidate(f"P{i}", "doumen-2023", "direction_6_pcb_workshop", OTHER_CODES[i], "企业", True, Money(fen), contract_time=None)
        for i, fen in enumerate((6, 6, 2))
    ]
    def shares(budget: int) -> list[int]:
        policy = AllocationPolicy(budgets=(Budget(amount=Money(budget)),), budget_mode=BudgetMode.PRO_RATA)
        return [allocate_candidates(population, policy=policy).decision(f"P{i}").funded.fen for i in range(3)]

    assert shares(10) == [4, 4, 2]
    assert shares(11) == [5, 5, 1]
    assert replace(population[0], award=Money(6)) == population[0]


def test_an_item_without_a_yearly_number_funds_every_eligible_applicant() -> None:
    """The 韶关 guide sets no yearly number of pilots: no one is QUOTA_EXCEEDED."""
    result = allocate(example_applications("shaoguan-2023"))
    assert {d.application_id: d.outcome for d in result.decisions} == {
        "SG23-01": Outcome.FUNDED,
        "SG23-02": Outcome.INELIGIBLE,
        "SG23-03": Outcome.INELIGIBLE,
    }
    assert result.totals[0].quota is None
    assert "限额 不限" in result.table()


# -- rounds: a ledger in progress, enterprises, not applications --------------------------------


def zs(item: str, app_id: str, code: str = CODES[0], score: str = "90", **changes: Any) -> Any:
    data = zs_app(item, **changes)
    data["id"] = app_id
    data["enterprise"]["credit_code"] = code
    data["review_score"] = score
    data["project"] = {**data["project"], "id": f"P-{app_id}"}
    return build(data)


def d6(app_id: str, code: str, amount: str = "25万", day: int = 1) -> Any:
    """方向六（车间级）: one invoice and its contract of ``amount`` (80% of it, at most 20万)."""
    data = passing("direction_6_pcb_workshop", app_id)
    data["enterprise"]["credit_code"] = code
    data["project"]["id"] = f"P-{app_id}"
    data["invoices"][0].update(amount_excl_tax=amount, number=f"F6W-{app_id}", contract=f"HT-{app_id}")
    data["contracts"] = [contract(f"HT-{app_id}", amount, PAINO, f"2023-05-{day:02d}T09:00:00+08:00")]
    return build(data)


class TestRounds:
    def test_one_enterprise_is_paid_at_most_its_cap_across_its_projects_in_direction_6(self) -> None:
        """「每家企业最高给予20万元，最多补贴30家」: two projects of one enterprise were both funded
        (20万 + 20万) and took two places. The second now gets nothing and names the first."""
        result = allocate([d6("A1", CODES[0], day=1), d6("A2", CODES[0], day=2), d6("B1", CODES[1], day=3)])
        assert outcomes(result) == {"A1": Outcome.FUNDED, "A2": Outcome.HISTORY_LIMIT, "B1": Outcome.FUNDED}
        second = result.decision("A2")
        assert second.funded == Money(0)
        assert second.related == ("A1",)
        assert "本企业已获 200,000.00元（A1），不再支持" in second.message
        assert result.total == Money.from_wan(40)

    def test_the_cap_left_after_an_earlier_project_is_paid_to_the_fen(self) -> None:
        """18万 (80% of 22.5万) first, then at most the 2万 that remain (an award of 20万 − 1分 first
        leaves exactly 1 分)."""
        result = allocate([d6("A1", CODES[0], "22.5万", day=1), d6("A2", CODES[0], "25万", day=2)])
        assert result.decision("A1").funded == Money.from_wan(18)
        assert result.decision("A2").funded == Money.from_wan(2)
        edge = allocate([d6("A1", CODES[0], "249999.99", day=1), d6("A2", CODES[0], "25万", day=2)])
        assert edge.decision("A1").funded == Money.parse("199999.99")
        assert edge.decision("A2").funded == Money(1)
        assert result.decision("A2").related == ("A1",)
        assert "按余额支持" in result.decision("A2").message

    def test_the_quota_counts_enterprises_not_applications(self) -> None:
        """「最多补贴30家」: 31 applications of 30 enterprises (one applies twice) fund all 30; before,
        the second project took a place and the 30th enterprise was refused."""
        apps = [d6(f"E{i:02d}", credit_code(i), day=1 + i % 28) for i in range(30)]
        apps.append(d6("E00-2", credit_code(0), day=1))
        result = allocate(apps)
        funded = {d.credit_code for d in result.decisions if d.outcome is Outcome.FUNDED}
        assert len(funded) == 30
        assert result.decision("E00-2").outcome is Outcome.HISTORY_LIMIT
        assert result.decision("E00-2").rank is not None

    def test_the_result_is_independent_of_input_order(self) -> None:
        apps = [d6("A1", CODES[0], "22.5万", day=1), d6("A2", CODES[0], day=2), d6("B1", CODES[1], day=1)]
        first = allocate(apps)
        for seed in range(5):
            again = allocate(random.Random(seed).sample(apps, len(apps)))
            assert key_of(again) == key_of(first)

    def test_two_concurrent_vouchers_share_the_yearly_cap(self) -> None:
        """「单个应用企业每年奖励金额最高不超过30万元」: two concurrent vouchers paid 25万 + 25万."""
        apps = [zs("item_6", f"V{i}", score=s, project={"service_contract_amount": "50万"}) for i, s in ((1, "90"), (2, "80"))]
        result = allocate(apps, ledger=Ledger.empty())
        assert result.decision("V1").funded == Money.from_wan(25)
        assert result.decision("V2").funded == Money.from_wan(5)
        assert "本轮已支持 V1" in result.decision("V2").message
        assert result.decision("V2").related == ("V1",)

    def test_two_concurrent_applications_share_the_enterprise_total(self) -> None:
        """「单个企业获得补助总额（不含担保费补贴）不超过1500万元」: two concurrent ones paid 900万 + 900万."""
        big = {"equipment_contract_amount": "3000万", "equipment_invoice_amount": "3000万"}
        apps = [zs("item_5", "C1", score="90", project=big), zs("item_5", "C2", score="80", project=big)]
        result = allocate(apps, ledger=Ledger.empty())
        assert [result.decision(i).funded for i in ("C1", "C2")] == [Money.from_wan(900), Money.from_wan(600)]

    def test_of_several_workshops_of_one_enterprise_the_best_ranked_is_kept(self) -> None:
        """「政策有效期内，单个企业的多个数字化智能化示范车间择优奖励1个」: two in one round were both funded."""
        apps = [zs("item_2", "W1", score="80"), zs("item_2", "W2", score="95"), zs("item_2", "X1", CODES[1], "70")]
        result = allocate(apps, ledger=Ledger.empty())
        assert outcomes(result) == {"W2": Outcome.FUNDED, "W1": Outcome.HISTORY_LIMIT, "X1": Outcome.FUNDED}
        assert result.decision("W1").related == ("W2",)
        assert "本轮已支持 W2" in result.decision("W1").message

    def test_a_workshop_then_a_factory_in_one_round_pays_the_difference(self) -> None:
        """「已获得数字化智能化示范车间奖励的企业，入选数字化智能化示范工厂，按累计奖补的差额进行奖励」,
        within one round: the workshop (ranked first) 200万, then the factory 800万 − 200万."""
        apps = [zs("item_2", "W", score="95"), zs("item_1", "F", score="90", decided_amount="800万")]
        result = allocate(apps, ledger=Ledger.empty())
        assert result.decision("W").funded == Money.from_wan(200)
        assert result.decision("F").funded == Money.from_wan(600)

    def test_a_round_appended_to_the_ledger_is_read_by_the_next(self) -> None:
        """``ledger.with_round(result)``: the next round reads this one's awards as earlier ones."""
        apps = [zs("item_2", "W1", score="95")]
        first = allocate(apps, ledger=Ledger.empty())
        ledger = Ledger.empty().with_round(first)
        (entry,) = ledger.entries
        assert (entry.programme, entry.item, entry.level, entry.enterprise, entry.year, entry.awarded) == (
            "zhongshan-2025", "item_2", FundingLevel.CITY, CODES[0], 2025, Money.from_wan(200),
        )
        again = allocate([zs("item_2", "W9", score="99")], ledger=ledger)
        assert again.decision("W9").outcome is Outcome.INELIGIBLE  # 择优奖励1个: already awarded
        assert again.total == Money(0)


@st.composite
def zs_rounds(draw: st.DrawFn) -> tuple[list[Any], Ledger]:
    """A 中山 round: 1–8 applications of three enterprises to （二）（五）（六）, with a random ledger."""
    apps = []
    for index in range(draw(st.integers(min_value=1, max_value=8))):
        item = draw(st.sampled_from(["item_2", "item_5", "item_6"]))
        code = draw(st.sampled_from(CODES[:3]))
        wan = draw(st.integers(min_value=1, max_value=4000))
        project = (
            {"equipment_contract_amount": f"{wan}万", "equipment_invoice_amount": f"{wan}万"} if item == "item_5"
            else {"service_contract_amount": f"{wan % 80 + 1}万"} if item == "item_6" else {}
        )
        apps.append(zs(item, f"A{index}", code, str(draw(st.integers(min_value=60, max_value=62))), project=project))
    ledger = Ledger.empty()
    for code in CODES[:3]:
        for item, limit in (("item_2", 200), ("item_5", 1600), ("item_6", 35)):
            if draw(st.booleans()):
                ledger = ledger.record(LedgerEntry.model_validate({
                    "programme": "zhongshan-2025", "item": item, "level": "city", "enterprise": code,
                    "project_id": f"OLD-{code}-{item}", "year": 2025, "awarded": f"{draw(st.integers(min_value=1, max_value=limit))}万",
                }))
    return apps, ledger


class TestRoundProperties:
    @given(zs_rounds(), st.randoms(use_true_random=False))
    def test_no_enterprise_exceeds_a_cap_over_ledger_and_round_and_order_does_not_matter(self, drawn: tuple[list[Any], Ledger], rng: random.Random) -> None:
        apps, ledger = drawn
        result = allocate(apps, ledger=ledger)
        assert key_of(allocate(rng.sample(apps, len(apps)), ledger=ledger)) == key_of(result)
        def funded(code: str, item: str) -> Money:
            return sum((d.funded for d in result.decisions if d.credit_code == code and d.direction == item), start=Money(0))

        for code in CODES[:3]:
            before = {item: ledger.total(enterprise=code, item=item) for item in ("item_2", "item_5", "item_6")}
            assert funded(code, "item_5") <= max(Money.from_wan(1500) - before["item_5"], Money(0))
            assert funded(code, "item_6") <= max(Money.from_wan(30) - before["item_6"], Money(0))
            workshops = [d for d in result.decisions if d.credit_code == code and d.direction == "item_2" and d.funded > Money(0)]
            assert len(workshops) <= (0 if before["item_2"] > Money(0) else 1)

    @given(zs_rounds())
    def test_a_round_appended_to_its_ledger_leaves_nothing_more_for_once_only_items(self, drawn: tuple[list[Any], Ledger]) -> None:
        apps, ledger = drawn
        first = allocate(apps, ledger=ledger)
        again = allocate(apps, ledger=ledger.with_round(first))
        for d in again.decisions:
            if d.direction == "item_2":
                assert d.funded == Money(0)


class TestOneInvoiceOneAward:
    def two(self) -> list[Any]:
        """方向四 and 方向六（大家电） of one enterprise (a combination the text allows), one invoice in both:
        the second written in full-width characters (the same invoice as a person reads it)."""
        d4, d6 = passing("direction_4", "D4"), passing("direction_6_appliance", "D6")
        d6["enterprise"]["credit_code"] = d4["enterprise"]["credit_code"]
        shared = invoice("S-1", "2023-06-02", "30万", "software", "珠海联云科技有限公司")
        d4["invoices"].append(shared)
        d6["invoices"].append({**shared, "number": "Ｓ-１"})
        return [build(d4), build(d6)]

    def test_an_invoice_counted_by_one_award_is_not_counted_again(self) -> None:
        """Before, the invoice was paid twice: 80万 + 20万; the later claim now leaves it out."""
        result = allocate(self.two())
        assert result.decision("D4").funded == Money.from_wan(80)
        second = result.decision("D6")
        assert second.funded == Money.parse("176000")  # 80% of the 22万 left, under the 20万 cap
        assert second.related == ("D4",)
        assert "发票 S-1（珠海联云科技有限公司）已计入 D4，本申请不再计入" in second.message
        assert "invoice:珠海联云科技有限公司|S-1" in result.decision("D4").claims

    def test_the_report_policy_counts_it_and_says_so(self) -> None:
        result = allocate(self.two(), policy=AllocationPolicy(on_duplicate_invoice="report"))
        assert result.decision("D6").funded == Money.from_wan(20)
        assert "已计入 D4，需核实" in result.decision("D6").message

    def test_an_invoice_recorded_in_the_ledger_is_not_counted_again_next_round(self) -> None:
        d4, d6 = self.two()
        ledger = Ledger.empty().with_round(allocate([d4, d6]))
        assert "invoice:珠海联云科技有限公司|S-1" in ledger.entries[0].claims
        fresh = passing("direction_6_appliance", "D6-LATER")  # its own invoices, and the shared one again
        fresh["enterprise"]["credit_code"] = d6.enterprise.credit_code
        fresh["invoices"].append(invoice("S-1", "2023-06-02", "30万", "software", "珠海联云科技有限公司"))
        again = allocate([build(fresh)], ledger=ledger)
        # S-1 left out; and 「每家企业最高给予20万元」 with last round's 17.6万 leaves 2.4万
        assert again.decision("D6-LATER").funded == Money.parse("24000")
        assert "已计入 台账 doumen-2023/direction_4/2024" in again.decision("D6-LATER").message


@st.composite
def shared_invoice_rounds(draw: st.DrawFn) -> list[Any]:
    """2–6 方向六（车间级） applications of up to four enterprises whose invoices come from a pool of
    three numbers (written half- or full-width): invoices claimed twice, within and across enterprises."""
    apps = []
    for index in range(draw(st.integers(min_value=2, max_value=6))):
        data = passing("direction_6_pcb_workshop", f"S{index}")
        data["enterprise"]["credit_code"] = credit_code(draw(st.integers(min_value=0, max_value=3)))
        data["project"]["id"] = f"P-S{index}"
        data["review_score"] = str(draw(st.integers(min_value=80, max_value=82)))
        number = draw(st.sampled_from(["4400000001", "4400000002", "4400000003"]))
        if draw(st.booleans()):
            number = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        data["invoices"][0]["number"] = number
        data["invoices"][0]["amount_excl_tax"] = f"{draw(st.integers(min_value=20, max_value=30))}万"
        apps.append(build(data))
    return apps


@given(shared_invoice_rounds())
def test_no_invoice_funds_two_awards(apps: list[Any]) -> None:
    """Every funded award stands without the invoices any other funded award counted."""
    from subsidycalc.allocation import reassessing
    from subsidycalc.registry import all_directions

    result = allocate(apps)
    funded = [d for d in result.decisions if d.funded > Money(0)]
    claims = [set(d.claims) for d in funded]
    assert sum(len(c) for c in claims) == len(set().union(*claims)) if claims else True
    again = reassessing(apps, all_directions())
    for d in funded:
        others = frozenset().union(*(set(o.claims) for o in funded if o is not d))
        alone = again(d.application_id, None, others)
        assert alone.eligible
        assert alone.award >= d.funded


def test_three_concurrent_vouchers_share_the_30_wan_to_the_fen() -> None:
    """「单个应用企业每年奖励金额最高不超过30万元」 across three concurrent contracts: 15万, 10万, then the 5万
    that remain; with 1 分 more on the first, the third gets 1 分 less."""
    def vouchers(first: str) -> list[Any]:
        amounts = ((1, "90", first), (2, "85", "20万"), (3, "80", "20万"))
        return [zs("item_6", f"V{i}", score=s, project={"service_contract_amount": a}) for i, s, a in amounts]

    result = allocate(vouchers("30万"), ledger=Ledger.empty())
    assert [result.decision(f"V{i}").funded for i in (1, 2, 3)] == [Money.from_wan(15), Money.from_wan(10), Money.from_wan(5)]
    edge = allocate(vouchers("300000.02"), ledger=Ledger.empty())
    assert edge.decision("V1").funded == Money.parse("150000.01")
    assert edge.decision("V3").funded == Money.parse("49999.99")
    assert edge.total == Money.from_wan(30)


class TestRoundReview:
    """Found by review: each fails on the first version of the round."""

    def test_one_invoice_funds_one_award_even_within_one_project(self) -> None:
        d4, d6_ = passing("direction_4", "D4"), passing("direction_6_appliance", "D6")
        d6_["enterprise"]["credit_code"] = d4["enterprise"]["credit_code"]
        shared = invoice("S-1", "2023-06-02", "30万", "software", "珠海联云科技有限公司")
        d4["invoices"].append(shared)
        d6_["invoices"].append(shared)
        d4["project"]["id"] = d6_["project"]["id"] = "P-ONE"
        result = allocate([build(d4), build(d6_)])
        assert result.decision("D6").funded == Money.parse("176000")

    def test_an_invoice_funded_alone_is_recorded_and_not_funded_again_next_round(self) -> None:
        d4 = passing("direction_4", "D4")
        shared = invoice("S-1", "2023-06-02", "30万", "software", "珠海联云科技有限公司")
        d4["invoices"].append(shared)
        ledger = Ledger.empty().with_round(allocate([build(d4)]))
        assert "invoice:珠海联云科技有限公司|S-1" in ledger.entries[0].claims
        d6_ = passing("direction_6_appliance", "D6")
        d6_["enterprise"]["credit_code"] = d4["enterprise"]["credit_code"]
        d6_["invoices"].append(shared)
        d6_["project"]["id"] = "P-LATER"
        later = allocate([build(d6_)], ledger=ledger)
        assert later.decision("D6").funded == Money.parse("176000")
        assert "已计入 台账 doumen-2023/direction_4/2024" in later.decision("D6").message

    def test_an_award_the_ledger_leaves_at_zero_takes_no_place(self) -> None:
        """The workshop (200万) already in the ledger: a factory of 200万 pays the difference, 0; it
        takes none of the 10 places, so ten other factories are funded."""
        x = credit_code(100)
        ledger = Ledger.empty().record(LedgerEntry.model_validate({
            "programme": "zhongshan-2025", "item": "item_2", "level": "city", "enterprise": x,
            "project_id": "OLD", "year": 2025, "awarded": "200万"}))
        apps = [zs("item_1", "F-X", x, "99", decided_amount="200万")]
        apps += [zs("item_1", f"F{i}", credit_code(i), "90", decided_amount="500万") for i in range(10)]
        result = allocate(apps, ledger=ledger)
        assert result.decision("F-X").outcome is Outcome.HISTORY_LIMIT
        assert all(result.decision(f"F{i}").outcome is Outcome.FUNDED for i in range(10))

    def test_a_tied_second_workshop_of_one_enterprise_is_no_rival_for_a_place(self) -> None:
        """「择优奖励1个」: with two places left, Xa and Y are funded and Xb is refused (no open tie)."""
        apps = [zs("item_2", f"E{i}", credit_code(i), "95") for i in range(13)]
        apps += [zs("item_2", "Xa", credit_code(100), "80"), zs("item_2", "Xb", credit_code(100), "80"),
                 zs("item_2", "Y", credit_code(101), "80")]
        result = allocate(apps, ledger=Ledger.empty())
        assert {k: result.decision(k).outcome for k in ("Xa", "Xb", "Y")} == {
            "Xa": Outcome.FUNDED, "Xb": Outcome.HISTORY_LIMIT, "Y": Outcome.FUNDED}

    def test_the_per_enterprise_cap_counts_earlier_rounds_in_the_ledger(self) -> None:
        """「每家企业最高给予20万元」: 20万 in last round's ledger leaves nothing for a second project."""
        ledger = Ledger.empty().with_round(allocate([d6("A1", CODES[0])]))
        result = allocate([d6("A2", CODES[0])], ledger=ledger)
        assert result.decision("A2").outcome is Outcome.HISTORY_LIMIT
        assert "（台账）" in result.decision("A2").message


def test_a_round_reads_the_same_under_every_hash_seed() -> None:
    """Claims are sets: a decision naming several earlier claimants once listed them in the
    per-process hash order (the snapshot's allocation differed from run to run)."""
    import os
    import subprocess
    import sys

    program = """
import json
from tests.factories import build, passing, invoice, credit_code
from subsidycalc.allocation import allocate
apps = []
for i in range(4):
    data = passing("direction_6_appliance", f"A{i}")
    data["enterprise"]["credit_code"] = credit_code(i)
    data["review_score"] = str(90 - i)
    data["invoices"] += [invoice(f"S-{k}", "2023-06-02", "30万", "software", "珠海联云科技有限公司") for k in range(i + 1)]
    apps.append(build(data))
print(json.dumps([d.message for d in allocate(apps).decisions], ensure_ascii=False))
"""
    outputs = {
        subprocess.run([sys.executable, "-c", program], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                       capture_output=True, text=True, check=True).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
    assert "已计入 A0、A1" in outputs.pop()


def test_a_tie_over_one_invoice_between_enterprises_is_reported_not_decided() -> None:
    """Two enterprises tied on the text's keys claim one invoice: the order of the tie (by credit
    code) once decided who was paid; now both are TIE_UNRESOLVED and name each other."""
    first = d6("A1", CODES[1])
    second = d6("B1", CODES[0])
    second = second.model_copy(update={"invoices": tuple(i.model_copy(update={"number": "F6W-A1"}) for i in second.invoices)})
    for apps in ([first, second], [second, first]):
        result = allocate(apps)
        assert outcomes(result) == {"A1": Outcome.TIE_UNRESOLVED, "B1": Outcome.TIE_UNRESOLVED}
        assert result.decision("A1").related == ("B1",)
    chosen = allocate([first, second], policy=AllocationPolicy(tie_break=TieBreak.CREDIT_CODE))
    assert chosen.decision("A1").outcome is Outcome.FUNDED  # an explicit key decides: CODES[1] "914404039…" sorts first


class TestLargeGroupsAndTies:
    """No decision grows with its group: a group of one enterprise's applications, or a tie, is named
    by its first ten members and its count (the round stays O(n log n); benchmarks/bench_quadratic.py)."""

    @staticmethod
    def candidate(i: int, direction: str, enterprise: str, score: int) -> Any:
        from decimal import Decimal

        from subsidycalc.allocation import Candidate

        return Candidate(
            application_id=f"A{i:03d}", programme="doumen-2023", direction=direction, credit_code=enterprise,
            enterprise="企业", eligible=True, award=Money.from_wan(50), review_score=Decimal(score),
            project_id=f"P{i:03d}", claims=frozenset(),
        )

    def test_a_large_exclusion_group_names_ten_and_counts_the_rest(self) -> None:
        from subsidycalc.allocation import allocate_candidates

        group = [self.candidate(i, ("direction_1", "direction_2")[i % 2], "E1", 80) for i in range(30)]
        result = allocate_candidates(group, ledger=Ledger.empty())
        first = result.decision("A000")
        assert first.outcome is Outcome.MUTUALLY_EXCLUSIVE
        assert first.related == tuple(f"A{i:03d}" for i in range(1, 11))
        assert "A010（方向一）……等29项 互斥" in first.message

    def test_a_small_group_names_every_member_as_before(self) -> None:
        from subsidycalc.allocation import allocate_candidates

        group = [self.candidate(i, ("direction_1", "direction_2")[i % 2], "E1", 80) for i in range(3)]
        first = allocate_candidates(group, ledger=Ledger.empty()).decision("A000")
        assert first.related == ("A001", "A002")
        assert first.message.startswith("与申请 A001（方向二）、A002（方向一） 互斥")

    def test_a_large_tie_names_ten_and_counts_the_rest(self) -> None:
        from subsidycalc.allocation import allocate_candidates

        tied = [self.candidate(i, "direction_1", f"E{i}", 80) for i in range(25)]
        result = allocate_candidates(tied, ledger=Ledger.empty(), policy=AllocationPolicy(tie_break=TieBreak.UNRESOLVED))
        last = result.decision("A024")
        assert last.outcome is Outcome.TIE_UNRESOLVED
        assert len(last.related) == 10
        assert "……等24项 并列第1名" in last.message
