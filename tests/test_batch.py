"""The columnar engine against the scalar engine: identical money, applicant by applicant."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsidycalc import allocation
from subsidycalc.allocation import AllocationPolicy, Budget, BudgetMode
from subsidycalc.batch import (
    CATEGORY_CODES,
    DOCUMENT_CODES,
    MAX_INVOICE_FEN,
    NO_TIME,
    Applicants,
    FactColumn,
    Population,
    allocate,
    allocate_columnar,
    compile_rules,
    evaluate,
    instant_code,
    place_key,
)
from subsidycalc.findings import Code, Severity
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.models import Application, Category
from subsidycalc.money import Money, Ratio
from subsidycalc.periods import BEIJING
from subsidycalc.registry import all_directions, get
from subsidycalc.rules import evolve
from subsidycalc.scenarios import Scenario
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build

INVOICE_BASED = {ref: r for ref, r in all_directions().items() if r.invoice_based}


@st.composite
def populations(draw: st.DrawFn) -> list:  # type: ignore[type-arg]
    """1–6 applications over the eight 斗门 directions, varied in every condition, enterprises shared."""
    keys = draw(st.lists(st.sampled_from(DIRECTION_KEYS), min_size=1, max_size=6))
    return [build(draw(gen.varied_applications(key, f"P{index}"))) for index, key in enumerate(keys)]


def scalar_view(assessment) -> tuple:  # type: ignore[no-untyped-def]
    fails = tuple(sorted({f.code for f in assessment.failures}))
    warns = tuple(sorted({f.code for f in assessment.findings if f.severity is Severity.WARN}))
    return (assessment.application_id, assessment.eligible, assessment.eligible_spend, assessment.award_base,
            assessment.award_before_cap, assessment.award_if_eligible, assessment.cap_applied, assessment.award,
            fails, warns)


def batch_view(result, index: int) -> tuple:  # type: ignore[no-untyped-def]
    row = result.row(index)
    return (row["application_id"], row["eligible"], row["eligible_spend"], row["award_base"],
            row["award_before_cap"], row["award_if_eligible"], row["cap_applied"], row["award"],
            row["reasons"], row["warnings"])


ENGINES: Counter[str] = Counter()
"""Which allocator decided the generated rounds (columns, or the scalar fallback)."""


def assert_same_as_scalar(apps, rules=None, ledger=None, policy=None) -> None:  # type: ignore[no-untyped-def]
    """Applicant by applicant: money, eligibility, award, fail and warn codes; then the allocation."""
    table = rules or all_directions()
    population = Population.from_applications(apps, table, ledger=ledger)
    batch = evaluate(population, table)
    assessments = [table[f"{app.programme}/{app.direction}"].assess(app, ledger) for app in apps]
    for index, scalar in enumerate(assessments):
        assert batch_view(batch, index) == scalar_view(scalar)
        codes = {f.code for f in scalar.findings}
        assert bool(batch.minimum_met[index]) == (Code.BELOW_MIN_INVESTMENT not in codes)
    assert batch.total() == sum((a.award for a in assessments), Money(0))
    by_scalar = allocation.allocate(apps, rules=table, policy=policy, ledger=ledger)
    by_batch = allocate(batch, population, rules=table, policy=policy)
    assert by_batch.decisions == by_scalar.decisions
    assert by_batch.totals == by_scalar.totals
    assert by_batch.total == by_scalar.total
    by_columns = allocate_columnar(batch, population, rules=table, policy=policy)
    whole = by_columns.to_allocation()
    assert whole.decisions == by_scalar.decisions
    assert whole.totals == by_scalar.totals
    assert by_columns.total == by_scalar.total
    ENGINES[by_columns.engine] += 1


@settings(max_examples=2000)
@given(apps=populations())
def test_batch_equals_scalar_for_any_generated_population(apps) -> None:  # type: ignore[no-untyped-def]
    """The issue: 「for any generated population, batch and scalar results are identical applicant by
    applicant, including allocation」 (≥ 2,000 populations under the ci profile)."""
    assert_same_as_scalar(apps)


@settings(max_examples=200)
@given(apps=populations(), budget=st.integers(min_value=0, max_value=300_000_000), mode=st.sampled_from(BudgetMode))
def test_batch_allocation_equals_scalar_under_a_budget(apps, budget, mode) -> None:  # type: ignore[no-untyped-def]
    policy = AllocationPolicy(budgets=(Budget(amount=Money(budget)),), budget_mode=mode)
    assert_same_as_scalar(apps, policy=policy)


def test_generated_populations_reach_every_code_the_directions_can_emit() -> None:
    """The generator is worth its name: over a fixed sample it produces ineligible applicants for
    each kind of reason, so the differential test compares more than the happy path."""
    seen: set[str] = set()

    @settings(max_examples=400, database=None, derandomize=True)
    @given(apps=populations())
    def collect(apps) -> None:  # type: ignore[no-untyped-def]
        result = evaluate(Population.from_applications(apps))
        for index in range(len(apps)):
            seen.update(result.reasons_of(index), result.warnings_of(index))

    collect()
    assert {"BELOW_MIN_INVESTMENT", "DISTRICT_MISMATCH", "MAJOR_INCIDENT", "DISHONEST_LISTED",
            "NOT_CLUSTER_MEMBER", "CERTIFICATION_MISSING", "NO_LISTED_PROVIDER", "PRIOR_FUNDING",
            "SUBMITTED_LATE", "MISSING_DOCUMENT", "FIXED_ASSET_STATISTICS_NOT_DECLARED", "QUANTIFIABLE_BENEFITS_NOT_MET",
            "SUBMISSION_TIME_MISSING", "DOCUMENTS_NOT_CHECKED", "REVIEW_REQUIRED"} <= seen


def test_batch_equals_scalar_on_every_example_with_the_ledger() -> None:
    """All 47 documented examples of the five documents; the project family through the scalar route."""
    apps = list(example_applications())
    assert_same_as_scalar(apps, ledger=example_ledger())
    result = evaluate(Population.from_applications(apps, ledger=example_ledger()))
    invoice_based = [f"{a.programme}/{a.direction}" in INVOICE_BASED for a in apps]
    assert sum(invoice_based) >= 20
    assert list(result.scalar) == [not flag for flag in invoice_based]


def test_batch_follows_a_reform_exactly_as_the_scalar_engine() -> None:
    reform = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万", "doumen_2023.direction_3.rate": "40%"}).rules()
    apps = list(example_applications("doumen-2023"))
    assert_same_as_scalar(apps, reform)
    result = evaluate(Population.from_applications(apps, reform), reform)
    assert result.row(0)["award_if_eligible"] == Money.from_wan(120)


def test_every_invoice_based_direction_compiles() -> None:
    for rules in INVOICE_BASED.values():
        compiled = compile_rules(rules)
        assert compiled.rate_denominator > 0
        assert compiled.counted & ~((1 << len(CATEGORY_CODES)) - 1) == 0


def test_a_direction_with_no_columnar_form_needs_the_applications() -> None:
    app = next(a for a in example_applications() if a.programme == "zhongshan-2025")
    built = Population.from_applications([app])
    arrays_only = Population(**{**built.__dict__, "applications": None})
    with pytest.raises(ValueError, match=r"no columnar form .* Population\.from_applications"):
        evaluate(arrays_only)
    assert bool(evaluate(built).scalar[0])


def one_invoice(amount_fen: int, rules_ref: str = "doumen-2023/direction_1") -> Population:
    """One applicant from columns, every condition of 方向一 met except those the invoice decides."""
    rules = get(rules_ref)
    day = rules.window.value.start.toordinal()
    place = np.asarray([place_key("珠海市", "斗门区")])
    no_rows = np.zeros(0, dtype=np.int64)
    documents = sum(1 << DOCUMENT_CODES[d.kind] for d in rules.documents)
    on_time = np.asarray([instant_code(datetime(2024, 4, 10, 10, tzinfo=BEIJING))])
    yes = FactColumn(np.ones(1, dtype=np.int64), np.ones(1, dtype=bool))
    applicants = Applicants(
        credit_code=("91440403AY4CL12TH3",), registration=place, tax=place, statistics=place,
        dishonest=np.zeros(1, dtype=bool), certifications=np.zeros(1, dtype=np.int64),
        documents=np.asarray([documents]), documents_given=np.ones(1, dtype=bool),
        online_at=on_time, revised_at=np.asarray([NO_TIME]), paper_at=on_time,
        incident_owner=no_rows, incident_day=no_rows, incident_major=np.zeros(0, dtype=bool),
        cluster_owner=no_rows, cluster=np.zeros(0, dtype=str), partner_owner=no_rows,
        partner_city=np.zeros(0, dtype=str), funding_owner=no_rows, funding_level=no_rows,
        facts={"quantifiable_benefits": FactColumn(np.asarray([3]), np.ones(1, dtype=bool)),
               "has_showcase": yes, "in_fixed_asset_statistics": yes},
    )
    return Population(
        ids=("X",), refs=(rules_ref,), direction=np.zeros(1, dtype=np.int32),
        invoice_owner=np.zeros(1, dtype=np.int64), invoice_day=np.asarray([day]),
        invoice_category=np.asarray([CATEGORY_CODES[Category.SOFTWARE]]), invoice_amount=np.asarray([amount_fen]),
        invoice_scenario=np.zeros(1, dtype=bool), invoice_from_applicant=np.ones(1, dtype=bool),
        invoice_listed=np.zeros(1, dtype=bool), contract_owner=no_rows,
        contract_amount=no_rows, contract_listed=np.zeros(0, dtype=bool), applicants=applicants,
    )


def test_a_population_from_columns_is_assessed_in_full() -> None:
    """「申报项目投资总额不低于300万元」: one 分 short is the only reason; at 300万 it is eligible."""
    short = evaluate(one_invoice(Money.from_wan(300).fen - 1))
    assert short.reasons_of(0) == ("BELOW_MIN_INVESTMENT",)
    assert not short.eligible[0]
    assert int(short.award[0]) == 0
    met = evaluate(one_invoice(Money.from_wan(300).fen))
    assert met.reasons_of(0) == ()
    assert met.warnings_of(0) == ()
    assert met.eligible[0]
    assert met.row(0)["award"] == Money.from_wan(90)


def test_a_missing_fact_column_is_named() -> None:
    pop = one_invoice(100)
    facts = dict(pop.applicants.facts)
    del facts["has_showcase"]
    applicants = Applicants(**{**pop.applicants.__dict__, "facts": facts})
    with pytest.raises(ValueError, match="no column 'has_showcase'"):
        evaluate(Population(**{**pop.__dict__, "applicants": applicants}))


def test_amounts_up_to_ten_to_the_twelve_yuan_are_exact() -> None:
    no_cap = {"doumen-2023/direction_1": evolve(get("doumen-2023/direction_1"), cap=evolve(get("doumen-2023/direction_1").cap, value=Money.from_fen(MAX_INVOICE_FEN)))}
    result = evaluate(one_invoice(MAX_INVOICE_FEN - 1), no_cap)
    assert int(result.eligible_spend[0]) == MAX_INVOICE_FEN - 1
    assert int(result.award_before_cap[0]) == (3 * (MAX_INVOICE_FEN - 1) + 5) // 10  # 30%, half-up
    with pytest.raises(OverflowError, match="invoice_amount"):
        one_invoice(MAX_INVOICE_FEN + 1)


def test_a_rate_that_would_overflow_int64_is_refused_not_wrapped() -> None:
    rules = get("doumen-2023/direction_1")
    odd = evolve(rules, rate=evolve(rules.rate, value=Ratio.parse("999999999/1000000000")))
    pop = one_invoice(MAX_INVOICE_FEN)
    with pytest.raises(OverflowError, match="does not fit in int64"):
        evaluate(pop, {"doumen-2023/direction_1": odd})


def test_columns_of_the_wrong_length_name_the_column() -> None:
    pop = one_invoice(100)
    with pytest.raises(ValueError, match="invoice_day: 2 rows: expected 1"):
        Population(**{**pop.__dict__, "invoice_day": np.asarray([1, 2])})
    with pytest.raises(ValueError, match="invoice_owner: indexes outside"):
        Population(**{**pop.__dict__, "invoice_owner": np.asarray([3])})


def test_explain_reruns_the_scalar_engine_for_chosen_applicants() -> None:
    apps = [a for a in example_applications("doumen-2023") if a.direction == "direction_1"]
    result = evaluate(Population.from_applications(apps))
    explained = result.explain(apps, ["DM23-D1-03"])
    assert explained["DM23-D1-03"].failures[0].code is Code.BELOW_MIN_INVESTMENT
    assert result.total() == sum((Money.from_fen(int(v)) for v in result.award), Money.from_fen(0))
    assert result.reason_counts() == {"BELOW_MIN_INVESTMENT": 1, "DISTRICT_MISMATCH": 1, "PRIOR_FUNDING": 1}


def test_batch_equals_scalar_over_every_registered_document_part_by_part() -> None:
    """The snapshot's 3,261 applications of all five documents in one population: every applicant
    as the scalar engine assesses it, and every part with a columnar form marks some applicant."""
    from pydantic import ValidationError

    from subsidycalc.models import Application
    from subsidycalc.parts import ColumnarPart
    from tests.snapshot import generated

    apps = []
    for data, _ in generated():
        try:
            apps.append(Application.model_validate(data))
        except ValidationError:
            continue
    ledger = example_ledger()
    table = all_directions()
    population = Population.from_applications(apps, table, ledger=ledger)
    result = evaluate(population, table)
    marked: set[str] = set()
    for index, app in enumerate(apps):
        scalar = table[f"{app.programme}/{app.direction}"].assess(app, ledger)
        assert batch_view(result, index) == scalar_view(scalar), app.id
        if not result.scalar[index]:
            marked.update(result.reasons_of(index), result.warnings_of(index))
    assert len({a.programme for a in apps}) == 5

    @settings(max_examples=200, database=None, derandomize=True)
    @given(generated_apps=populations())
    def collect(generated_apps) -> None:  # type: ignore[no-untyped-def]
        found = evaluate(Population.from_applications(generated_apps))
        for index in range(len(generated_apps)):
            marked.update(found.reasons_of(index), found.warnings_of(index))

    collect()
    passing = {"DISTRICT_OK", "INTEGRITY_OK", "CLUSTER_MEMBER", "CERTIFICATION_OK", "LISTED_PROVIDER_OK",
               "JOINT_OK", "NO_PRIOR_FUNDING", "SUBMITTED_ON_TIME", "DOCUMENTS_COMPLETE", "INVOICE_COUNTED",
               "MIN_INVESTMENT_MET"}
    by_kind: dict[str, set[str]] = {}
    for rules in INVOICE_BASED.values():
        for part in rules.parts():
            assert isinstance(part, ColumnarPart)
            kind = getattr(part, "kind", type(part).__name__)
            by_kind.setdefault(kind, set()).update(
                c for c in part.codes() if c not in passing and not c.endswith("_MET") and not c.startswith(("INVOICE_", "CATEGORY_"))
            )
    by_kind.pop("_BoundInvoices")  # the base's columnar form is the money pipeline: compared by the amounts above
    for kind, codes in sorted(by_kind.items()):
        if codes:
            assert codes & marked, f"no applicant reaches the columnar form of {kind}: {sorted(codes)}"


class TestTextColumns:
    """Finding 2: NumPy's fixed-width strings dropped a trailing NUL, and ``斗门区\\x00`` was paid by
    the batch engine (the scalar engine refused it). Text columns are now integer codes of the
    normalised values, so no comparison reads a truncated string."""

    def test_text_columns_are_integer_codes_of_normalised_values(self) -> None:
        population = Population.from_applications(example_applications("doumen-2023"))
        a = population.applicants
        for name in ("registration", "tax", "statistics", "cluster", "partner_city"):
            assert getattr(a, name).dtype == np.int64, name
        from subsidycalc.models import place_key

        assert a.code(place_key("珠海市", "斗门区")) == a.registration[0] == a.code("珠海 斗门")
        assert a.code("no such place") == -1

    def test_a_nul_in_a_column_built_by_hand_is_refused(self) -> None:
        pop = one_invoice(100)
        with pytest.raises(ValueError, match=r"applicants\.registration: .*control or invisible character"):
            Applicants(**{**pop.applicants.__dict__, "words": {},
                          "registration": np.asarray(["珠海市 斗门区\x00"], dtype=object)})

    @pytest.mark.parametrize(
        ("path", "variant"),
        [(("enterprise", "registration", "district"), "斗门 区"),
         (("enterprise", "tax", "city"), "珠海 市"),
         (("enterprise", "registration", "district"), "斗门区"),
         (("enterprise", "clusters"), None)],
        ids=["inner-space", "city-space", "as-is", "cluster-full-width"],
    )
    def test_width_and_space_variants_are_read_alike_by_both_engines(self, path: tuple[str, ...], variant: str | None) -> None:
        from tests.snapshot import example_dicts

        apps = []
        for data in example_dicts():
            if data.get("programme", "doumen-2023") != "doumen-2023":
                continue
            target = data
            for part in path[:-1]:
                target = target[part]
            if variant is None:
                target[path[-1]] = [c.translate(str.maketrans("-0123456789", "－０１２３４５６７８９"))
                                    for c in target.get(path[-1], [])]
            else:
                target[path[-1]] = variant
            apps.append(Application.model_validate(data))
        assert_same_as_scalar(apps)
        assert any(a.eligible for a in (get(f"{x.programme}/{x.direction}").assess(x) for x in apps))


def test_a_changed_provider_list_is_read_again_only_where_it_changed() -> None:
    """A what-if on 附件1: `Population.relisted` equals a population built under the new rules."""
    apps = example_applications("doumen-2023")
    path = "doumen_2023.direction_6_pcb_workshop.providers.lists.zhuhai-pcb-2022"
    rules = Scenario("list", {path: ["珠海联云科技有限公司"]}).rules()
    population = Population.from_applications(apps)
    assert population.relisted(all_directions()) is population
    again = population.relisted(rules)
    fresh = Population.from_applications(apps, rules)
    for name in ("invoice_listed", "contract_listed", "planning_listed"):
        assert np.array_equal(getattr(again, name), getattr(fresh, name)), name
    assert not np.array_equal(again.invoice_listed, population.invoice_listed)
    assert evaluate(again, rules).award.tolist() == evaluate(fresh, rules).award.tolist()
    with pytest.raises(ValueError, match=r"Population\.from_applications"):
        dataclasses.replace(population, applications=None).relisted(rules)


def test_a_what_if_reading_another_fact_builds_the_columns_again() -> None:
    """`Population.for_rules`: the columns hold every declared fact the rules read; a what-if whose
    condition reads one not read before gets columns built again, not a missing column."""
    from subsidycalc.batch import facts_read

    d1, d4 = (all_directions()[f"doumen-2023/{k}"] for k in ("direction_1", "direction_4"))
    extra = next(c for c in d4.conditions if facts_read(evolve(d1, conditions=(c,))) - facts_read(d1))
    rules = {**all_directions(), d1.ref: evolve(d1, conditions=(*d1.conditions, extra))}
    apps = [a for a in example_applications("doumen-2023") if a.direction == "direction_1"]
    population = Population.from_applications(apps)
    assert population.holds(all_directions())
    assert not population.holds(rules)
    with pytest.raises(ValueError, match="no column"):
        evaluate(population, rules)
    again = population.for_rules(rules)
    assert again.holds(rules)
    by_columns, by_models = evaluate(again, rules), evaluate(Population.from_applications(apps, rules), rules)
    assert [by_columns.reasons_of(i) for i in range(len(apps))] == [by_models.reasons_of(i) for i in range(len(apps))]
    assert by_columns.award.tolist() == by_models.award.tolist()
    assert population.for_rules(all_directions()) is population
