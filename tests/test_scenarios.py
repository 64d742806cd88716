"""What-ifs: reforms by path, validated before anything runs; compare and sweep."""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subsidycalc import engine
from subsidycalc.allocation import Outcome, allocate
from subsidycalc.inputs import example_applications
from subsidycalc.ledger import Ledger
from subsidycalc.models import Application
from subsidycalc.money import ZERO, Money
from subsidycalc.result import Assessment
from subsidycalc.rules import AnyOf, Op, Rule
from subsidycalc.scenarios import Scenario, ScenarioError, compare, sweep
from subsidycalc.stages import LifeStage
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build

APPS = example_applications("doumen-2023")
BASELINE = Scenario("baseline")


class TestValidation:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"doumen_2023.direction_1.cap": "abc"}, "invalid amount 'abc'"),
            ({"doumen_2023.direction_9.cap": "1万"}, "unknown direction 'direction_9'"),
            ({"doumen_2023.direction_1.rate": "130%"}, "outside 0%..100%"),
            ({"doumen_2023.direction_1.capp": "1万"}, "no field 'capp'"),
            ({"nowhere_2099.direction_1.cap": "1万"}, "unknown programme 'nowhere_2099'"),
            ({"doumen_2023.direction_4.conditions.nope.op": ">"}, "no condition 'nope'"),
            ({"doumen_2023.direction_1.quota": "three"}, "direction_1.quota"),
        ],
    )
    def test_a_bad_override_is_an_error_naming_the_path(self, overrides: dict[str, object], message: str) -> None:
        with pytest.raises(ScenarioError, match=message):
            Scenario("bad", overrides).rules()

    def test_a_bad_allocation_override_is_an_error(self) -> None:
        with pytest.raises(ScenarioError, match="allocation"):
            Scenario("bad", {"allocation.colour": "red"}).policy()
        with pytest.raises(ScenarioError, match="invalid amount"):
            Scenario("bad", {"allocation.budget": "lots"}).policy()

    def test_a_sweep_with_one_bad_value_runs_nothing(self) -> None:
        with pytest.raises(ScenarioError):
            sweep({"doumen_2023.direction_1.cap": ["100万", "bad"]}, APPS)


class TestReforms:
    def test_the_reform_is_recorded_in_the_citation(self) -> None:
        rules = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万"}).rules()["doumen-2023/direction_1"]
        assert rules.cap is not None
        assert rules.cap.value == Money.from_wan(120)
        assert rules.cap.reform == "cap120"
        assert rules.cap.citation.quote == "且最高100万元奖励"  # the text is still the text

    def test_a_reform_of_a_cap_changes_exactly_the_capped_applicants(self) -> None:
        reform = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万"})
        diff = compare(BASELINE, reform, APPS)
        assert [a.application_id for a in diff.changed()] == ["DM23-D1-01"]
        assert diff.changed()[0].delta == Money.from_wan(20)

    def test_a_quota_reform_funds_the_next_in_rank(self) -> None:
        """「每年支持的示范项目数原则上不超过2个」 → 3."""
        diff = compare(BASELINE, Scenario("q3", {"doumen_2023.direction_1.quota": 3}), APPS)
        assert [a.application_id for a in diff.newly_funded()] == ["DM23-D1-06"]
        row = diff.newly_funded()[0]
        assert (row.baseline_outcome, row.reform_outcome) == (Outcome.QUOTA_EXCEEDED, Outcome.FUNDED)

    def test_an_interpretation_switch_by_path(self) -> None:
        """「运营成本下降10%」 read as strictly more than 10%."""
        path = "doumen_2023.direction_4.conditions.efficiency_or_cost.cost_reduction.op"
        rules = Scenario("strict", {path: ">"}).rules()["doumen-2023/direction_4"]
        condition = rules.conditions[0]
        assert isinstance(condition, AnyOf)
        assert condition.rules[1].op is Op.GT
        diff = compare(BASELINE, Scenario("strict", {path: ">"}), APPS)
        assert [a.application_id for a in diff.newly_excluded()] == ["DM23-D4-02"]  # exactly 10%

    def test_totals_are_the_sum_of_the_applicants(self) -> None:
        diff = compare(BASELINE, Scenario("budget", {"allocation.budget": "500万"}), APPS)
        assert diff.reform_total == Money.from_wan(500)
        assert diff.reform_total == sum((a.reform for a in diff.applicants), start=ZERO)
        assert diff.baseline_total == sum((a.baseline for a in diff.applicants), start=ZERO)
        assert sum((r for _, r in diff.totals.values()), start=ZERO) == diff.reform_total


class TestSweep:
    def test_one_row_per_combination_with_totals_from_the_applicants(self) -> None:
        grid = {"doumen_2023.direction_1.cap": ["100万", "120万"], "allocation.budget": ["500万", "900万"]}
        rows = list(sweep(grid, APPS))
        assert len(rows) == 4
        assert [r.total_paid for r in rows] == [
            Money.from_wan(500), Money.from_wan(806), Money.from_wan(500), Money.from_wan(826)
        ]
        for row in rows:
            result = Scenario(row.scenario, dict(zip(grid, [row.values[k] for k in grid], strict=True))).allocate(APPS)
            assert row.total_paid == result.total
            assert row.funded_count == sum(1 for d in result.decisions if d.funded > ZERO)

    def test_to_pandas(self) -> None:
        import pandas as pd

        result = sweep({"doumen_2023.direction_1.quota": [2, 3]}, APPS)
        frame = result.to_pandas()
        assert isinstance(frame, pd.DataFrame)
        # 方向一 has 3 eligible applicants for 2 places: a third place funds one more
        assert list(frame["funded_count"]) == [r.funded_count for r in result] == [10, 11]
        # money as exact 分 (int64) and text, never float or Decimal
        assert str(frame["total_paid_fen"].dtype) == "int64"
        assert list(frame["total_paid_fen"]) == [r.total_paid.fen for r in result]
        assert list(frame["total_paid"]) == [r.total_paid.format() for r in result]


class TestAssessedOnce:
    """compare and sweep assess each application once per rules object, with unchanged results."""

    GRID: ClassVar[dict[str, list[object]]] = {
        "doumen_2023.direction_1.cap": ["100万", "120万", "150万"],
        "doumen_2023.direction_2.rate": ["20%", "30%"],
    }

    def test_a_sweep_equals_allocating_each_scenario_afresh(self) -> None:
        for row in sweep(self.GRID, APPS):
            scenario = Scenario(row.scenario, {k: row.values[k] for k in self.GRID})
            fresh = allocate(APPS, rules=scenario.rules(), policy=scenario.policy())
            funded = [d.funded for d in fresh.decisions if d.funded > ZERO]
            assert (row.total_paid, row.funded_count, row.max_award) == (fresh.total, len(funded), max(funded))

    def test_a_comparison_equals_allocating_both_afresh(self) -> None:
        reform = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万"})
        diff = compare(BASELINE, reform, APPS)
        for scenario, side in ((BASELINE, "baseline"), (reform, "reform")):
            fresh = allocate(APPS, rules=scenario.rules(), policy=scenario.policy())
            assert {d.application_id: d.funded for d in fresh.decisions} == {
                a.application_id: getattr(a, side) for a in diff.applicants
            }

    def test_only_the_directions_a_scenario_changes_are_assessed_again(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[str] = []
        real = engine.assess

        def counting(
            rules: Rule, application: Application, ledger: Ledger | None = None, stage: LifeStage | None = None
        ) -> Assessment:
            calls.append(rules.key)
            return real(rules, application, ledger, stage)

        monkeypatch.setattr(engine, "assess", counting)
        sweep(self.GRID, APPS, engine="scalar")
        changed = sum(1 for a in APPS if a.direction in ("direction_1", "direction_2"))
        assert changed > 0
        # Six scenarios, each with its own rules for the two directions it overrides; every other
        # direction keeps the registry's rules object and is assessed once for the whole sweep.
        assert len(calls) == (len(APPS) - changed) + 6 * changed
        assert len(calls) < 6 * len(APPS)


class TestProgress:
    """Long sweeps show a tqdm bar where asked (or interactive), and nothing otherwise."""

    GRID: ClassVar[dict[str, list[str]]] = {"doumen_2023.direction_1.cap": ["100万", "120万"]}

    def test_a_bar_where_asked_and_silence_otherwise(self, capsys: pytest.CaptureFixture[str]) -> None:
        sweep(self.GRID, APPS, progress=True)
        assert "sweep" in capsys.readouterr().err
        sweep(self.GRID, APPS)  # not a terminal: silent
        assert capsys.readouterr().err == ""
        sweep(self.GRID, APPS, progress=False)
        assert capsys.readouterr().err == ""


class TestExecutors:
    """「sweep(..., executor=...) accepts any concurrent.futures.Executor」: a process pool on this
    machine, a Dask cluster's executor (a LocalCluster of two worker processes on 127.0.0.1, started
    and stopped here) — the same rows as in one process."""

    GRID: ClassVar[dict[str, list[object]]] = {
        "doumen_2023.direction_1.cap": ["80万", "100万", "120万"],
        "doumen_2023.direction_1.quota": [1, 2, 3],
    }

    def test_a_process_pool_gives_the_rows_of_one_process(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        local = sweep(self.GRID, APPS, ledger=Ledger.empty())
        with ProcessPoolExecutor(2) as pool:
            assert sweep(self.GRID, APPS, ledger=Ledger.empty(), executor=pool) == local
        assert len(local.rows) == 9

    def test_a_dask_cluster_gives_the_rows_of_one_process(self) -> None:
        from dask.distributed import Client, LocalCluster

        local = sweep(self.GRID, APPS, ledger=Ledger.empty())
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            assert sweep(self.GRID, APPS, ledger=Ledger.empty(), executor=client.get_executor()) == local


class TestEngines:
    """「sweep and compare run on the batch engine when it is installed (scalar otherwise, same rows)」."""

    PCB = "doumen_2023.direction_6_pcb_workshop.providers.lists.zhuhai-pcb-2022"
    GRID: ClassVar[dict[str, list[object]]] = {
        "doumen_2023.direction_1.cap": ["100万", "120万"],
        "doumen_2023.direction_3.quota": [1, 3],
        PCB: [["珠海派诺科技股份有限公司"], ["珠海联云科技有限公司"]],
        "allocation.budget": ["300万", "100000万"],
    }

    def test_auto_is_the_batch_engine_for_the_invoice_family(self) -> None:
        from subsidycalc.scenarios import _engine

        assert _engine("auto", APPS) == "batch"
        assert _engine("auto", example_applications("zhongshan-2025")) == "scalar"
        with pytest.raises(ValueError, match="engine 'fast'"):
            _engine("fast", APPS)  # type: ignore[arg-type]

    def test_the_same_rows_on_both_engines(self) -> None:
        scalar = sweep(self.GRID, APPS, engine="scalar")
        batch = sweep(self.GRID, APPS, engine="batch")
        assert batch.rows == scalar.rows
        # the provider list matters: without 派诺 on it, 方向六 pays less
        by_list = {r.values[self.PCB]: r.total_paid for r in scalar.rows if r.values["allocation.budget"] == "100000万"}
        assert len(set(by_list.values())) == 2, by_list

    def test_the_same_comparison_on_both_engines(self) -> None:
        reform = Scenario("less", {"doumen_2023.direction_1.cap": "50万", self.PCB: ["珠海联云科技有限公司"],
                                   "doumen_2023.direction_3.quota": 1})
        scalar = compare(Scenario("baseline"), reform, APPS, engine="scalar")
        batch = compare(Scenario("baseline"), reform, APPS, engine="batch")
        assert batch == scalar
        assert scalar.changed()

    @settings(max_examples=30, deadline=None)
    @given(apps=st.lists(st.sampled_from(DIRECTION_KEYS), min_size=1, max_size=30).flatmap(
        lambda keys: st.tuples(*(gen.varied_applications(k, f"P{i}") for i, k in enumerate(keys)))))
    def test_the_same_rows_for_generated_applications(self, apps: tuple[dict[str, object], ...]) -> None:
        built = [build(a) for a in apps]
        grid: dict[str, list[object]] = {
            "doumen_2023.direction_2.cap": ["10万", "30万"],
            "doumen_2023.direction_5.quota": [0, 2],
            self.PCB: [["珠海派诺科技股份有限公司"], ["珠海联云科技有限公司"]],
            "allocation.tie_break": ["unresolved", "credit_code"],
        }
        assert sweep(grid, built, engine="batch").rows == sweep(grid, built, engine="scalar").rows

    def test_the_same_rows_on_a_process_pool_from_columns(self) -> None:
        """On an executor the batch engine ships columns, not applications, and runs here what a
        worker cannot (a 中山 application: a direction with no columnar form)."""
        from concurrent.futures import ProcessPoolExecutor

        mixed = [*APPS, *example_applications("zhongshan-2025")[:3]]
        grid: dict[str, list[object]] = {"doumen_2023.direction_1.cap": ["100万", "120万"], self.PCB: self.GRID[self.PCB]}
        with ProcessPoolExecutor(2) as pool:
            pooled = sweep(grid, APPS, engine="batch", executor=pool, chunks=2)
            assert pooled.rows == sweep(grid, APPS, engine="scalar").rows
            assert sweep(grid, mixed, engine="batch", executor=pool).rows == sweep(grid, mixed, engine="scalar").rows

    def test_a_scenario_compiles_only_the_directions_it_changes(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from collections import Counter

        from subsidycalc import batch

        compiled: Counter[str] = Counter()
        real = batch.compile_rules

        def counting(rules: Rule) -> batch.CompiledDirection:
            compiled[rules.key] += 1
            return real(rules)

        monkeypatch.setattr(batch, "_COMPILED", {})
        monkeypatch.setattr(batch, "compile_rules", counting)
        grid: dict[str, list[object]] = {"doumen_2023.direction_1.cap": ["100万", "110万", "120万", "130万"]}
        sweep(grid, APPS, engine="batch")
        assert compiled["direction_1"] == 4  # one rules object per scenario
        others = {k: v for k, v in compiled.items() if k != "direction_1"}
        assert others
        assert set(others.values()) == {1}, others  # the registry's objects: compiled once
