"""What-ifs: reforms of cited parameters by path, compared with the baseline, swept over a grid.

A `Scenario` names overrides by path::

    Scenario("cap120", {"doumen-2023.direction_1.cap": "120万", "doumen-2023.direction_1.quota": 3})

Paths are ``<programme>.<direction>.<field>`` where ``<programme>`` is the programme id
(``doumen-2023``; ``doumen_2023`` is accepted too); a cited field (cap, rate, minimum, quota, window …)
takes a new value, a plain field a new value outright, and a condition is reached by its name:
``doumen_2023.direction_4.conditions.efficiency_or_cost.cost_reduction.op``. ``allocation.*``
paths set the allocation policy: ``allocation.budget`` (overall), ``allocation.budget.<scope>``,
``allocation.budget_mode``, ``allocation.tie_break``, ``allocation.exclusion_mode``,
``allocation.partial_last``.

Every override is parsed into the field's own type and the changed rules are rebuilt with
[`evolve`][subsidycalc.rules.evolve], so a value that breaks the rules (a rate of 130%, an unknown
path, text that is not money) is an error *before* anything runs. A changed cited value records the
scenario's name in ``reform``.

```pycon
>>> from subsidycalc.inputs import example_applications
>>> reform = Scenario("cap120", {"doumen_2023.direction_1.cap": "120万"})
>>> diff = compare(Scenario("baseline"), reform, example_applications("doumen-2023"))
>>> diff.total_delta.format_wan()           # DM23-D1-01: 30% of 400万 was capped at 100万
'20万元'

```
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ValidationError

from ._progress import steps
from .allocation import (
    Allocation,
    AllocationPolicy,
    AssessedOnce,
    Budget,
    Outcome,
    Reassess,
    allocate_candidates,
    reassessing,
)
from .citations import Citation, Cited
from .exclusion import CountLimit, Exclusion
from .frames import Backend, Columns
from .ledger import Ledger
from .models import Application
from .money import ZERO, Money
from .parts.bases import InvoiceBase
from .registry import all_directions
from .result import JsonOutput
from .rules import FAMILY_NAMES as _FAMILY_NAMES
from .rules import AnyOf, AnyRules, Rule, evolve

__all__ = [
    "ApplicantDelta", "Comparison", "Engine", "Recited", "RuleSet", "Scenario", "ScenarioError", "SweepRow", "compare", "sweep",
]


class ScenarioError(ValueError):
    """An override that names no parameter or gives it a value of the wrong kind."""

    def __init__(self, scenario: str, path: str, message: str) -> None:
        self.scenario, self.path = scenario, path
        super().__init__(f"scenario {scenario!r}: {path}: {message}")


def _programme_keys(refs: Iterable[str]) -> dict[str, str]:
    return {ref.split("/")[0].replace("-", "_"): ref.split("/")[0] for ref in refs}


@dataclass(frozen=True, slots=True)
class Recited:
    """A new value with its own clause, for an override of a cited field (a new version's text,
    [`subsidycalc.versions`][subsidycalc.versions]): the value is parsed by the field's type, the label kept unless given."""

    value: object
    citation: Citation
    label: str | None = None


class RuleSet(Protocol):
    """What `compare` runs applications under: a `Scenario`, or a version of the
    rules ([`Version`][subsidycalc.versions.Version])."""

    @property
    def name(self) -> str: ...

    def rules(self) -> dict[str, AnyRules]: ...

    def policy(self, base: AllocationPolicy | None = None) -> AllocationPolicy: ...

    def exclusion_rules(self) -> Mapping[str, tuple[Exclusion | CountLimit, ...]] | None: ...


@dataclass(frozen=True)
class Scenario:
    """A named set of overrides; the baseline is ``Scenario("baseline")``."""

    name: str
    overrides: Mapping[str, object] = field(default_factory=dict)

    def exclusion_rules(self) -> Mapping[str, tuple[Exclusion | CountLimit, ...]] | None:
        """The registered exclusion rules (a scenario changes rules, not exclusions)."""
        return None

    def rules(self, base: Mapping[str, AnyRules] | None = None) -> dict[str, AnyRules]:
        """Every registered direction (or those of ``base``), with this scenario's overrides applied
        and re-validated."""
        table = dict(all_directions() if base is None else base)
        programmes = _programme_keys(table)
        for path, value in self.overrides.items():
            if path.startswith("allocation."):
                continue
            parts = path.split(".")
            if len(parts) < 3:
                raise ScenarioError(self.name, path, "expected <programme>.<direction>.<field>")
            programme = programmes.get(parts[0].replace("-", "_"))
            if programme is None:
                raise ScenarioError(self.name, path, f"unknown programme {parts[0]!r}: expected one of {sorted(programmes)}")
            ref = f"{programme}/{parts[1]}"
            if ref not in table:
                known = sorted(r.split("/")[1] for r in table if r.startswith(programme + "/"))
                raise ScenarioError(self.name, path, f"unknown direction {parts[1]!r}: expected one of {known}")
            table[ref] = _override(table[ref], parts[2:], value, self.name, path)
        return table

    def policy(self, base: AllocationPolicy | None = None) -> AllocationPolicy:
        """The allocation policy with this scenario's ``allocation.*`` overrides."""
        policy = base or AllocationPolicy()
        changes: dict[str, Any] = {}
        budgets = list(policy.budgets)
        for path, value in self.overrides.items():
            if not path.startswith("allocation."):
                continue
            parts = path.split(".")
            if parts[1] == "budget":
                scope = ".".join(parts[2:]) or "all"
                try:
                    amount = Money.parse(value)
                except ValueError as exc:
                    raise ScenarioError(self.name, path, str(exc)) from None
                budgets = [b for b in budgets if b.scope != scope] + [Budget(amount=amount, scope=scope)]
                changes["budgets"] = tuple(budgets)
            elif len(parts) == 2 and parts[1] in AllocationPolicy.model_fields:
                changes[parts[1]] = value
            else:
                raise ScenarioError(
                    self.name, path, f"expected allocation.budget[.<scope>] or one of {sorted(AllocationPolicy.model_fields)}"
                )
        return _evolve(policy, changes, self.name, "allocation") if changes else policy

    def allocate(
        self,
        applications: Iterable[Application],
        *,
        policy: AllocationPolicy | None = None,
        ledger: Ledger | None = None,
    ) -> Allocation:
        return _Scalar(applications, ledger).outcomes(self.rules(), self.policy(policy), self.exclusion_rules())


def _override(model: BaseModel, parts: Sequence[str], value: object, name: str, path: str) -> Any:
    """A copy of ``model`` with the value at ``parts`` replaced, re-validated."""
    head, rest = parts[0], parts[1:]
    if head == "conditions" and hasattr(model, "conditions"):
        if not rest:
            raise ScenarioError(name, path, "expected conditions.<rule name>[.<field>]")
        conditions = list(model.conditions)
        for index, condition in enumerate(conditions):
            if condition.name == rest[0]:
                conditions[index] = _override(condition, rest[1:] or ["value"], value, name, path)
                return _evolve(model, {"conditions": tuple(conditions)}, name, path)
        raise ScenarioError(name, path, f"no condition {rest[0]!r}: expected one of {[c.name for c in conditions]}")
    if head == "rules" and isinstance(model, AnyOf):
        alternatives = list(model.rules)
        for index, alternative in enumerate(alternatives):
            if rest and alternative.name == rest[0]:
                alternatives[index] = _override(alternative, rest[1:], value, name, path)
                return _evolve(model, {"rules": tuple(alternatives)}, name, path)
        raise ScenarioError(name, path, f"expected rules.<one of {[r.name for r in alternatives]}>")
    if isinstance(model, AnyOf) and head in {r.name for r in model.rules}:
        return _override(model, ["rules", *parts], value, name, path)
    fields = type(model).model_fields
    if isinstance(model, Rule) and head == "base" and isinstance(model.base, InvoiceBase) and (
        not rest or rest[0] in Cited.model_fields
    ):
        head, current = "base", model.base.in_base  # the families' ``base``: the award-base categories
    elif isinstance(model, Rule) and head not in fields and head in _FAMILY_NAMES:
        current = getattr(model, head)  # ``cap``, ``district`` …: evolve puts them in their part
    elif head not in fields:
        known = sorted({*fields, *_FAMILY_NAMES}) if isinstance(model, Rule) else sorted(fields)
        raise ScenarioError(name, path, f"no field {head!r}: expected one of {known}")
    else:
        current = getattr(model, head)
    if rest and isinstance(current, Mapping):  # a table of cited values by key (附件1's provider lists)
        key = rest[0]
        if key not in current:
            raise ScenarioError(name, path, f"no {head} entry {key!r}: expected one of {sorted(current)}")
        item = current[key]
        if len(rest) > 1:
            if not isinstance(item, BaseModel):
                raise ScenarioError(name, path, f"{head}.{key} has no parts")
            item = _override(item, rest[1:], value, name, path)
        else:
            item = _recite(item, value, name, path) if isinstance(item, Cited) else value
        return _evolve(model, {head: {**current, key: item}}, name, path)
    if rest:
        if not isinstance(current, BaseModel):
            raise ScenarioError(name, path, f"{head!r} has no parts")
        return _evolve(model, {head: _override(current, rest, value, name, path)}, name, path)
    if isinstance(current, Cited):
        return _evolve(model, {head: _recite(current, value, name, path)}, name, path)
    if isinstance(value, Recited):
        raise ScenarioError(name, path, f"{head!r} is not a cited value: expected a plain value, without a clause")
    return _evolve(model, {head: value}, name, path)


def _recite(cited: Cited[Any], value: object, name: str, path: str) -> Cited[Any]:
    """A cited value with a new value (parsed by the cited type itself) and the reform's name — or,
    `Recited`, the new value with its own clause (no reform: it is the text's)."""
    try:
        if isinstance(value, Recited):
            return evolve(cited, value=value.value, citation=value.citation, label=value.label or cited.label, reform=None)
        return evolve(cited, value=value, reform=name)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise ScenarioError(name, path, f"{value!r}: {error['msg']}") from None


def _evolve(model: Any, changes: dict[str, Any], name: str, path: str) -> Any:
    try:
        return evolve(model, **changes)
    except ValidationError as exc:
        raise ScenarioError(name, path, exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")) from None
    except ValueError as exc:
        raise ScenarioError(name, path, str(exc)) from None


# -- comparing and sweeping --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicantDelta:
    application_id: str
    direction: str
    baseline: Money
    reform: Money
    baseline_outcome: Outcome
    reform_outcome: Outcome

    @property
    def delta(self) -> Money:
        return self.reform - self.baseline


@dataclass(frozen=True, slots=True)
class Comparison(JsonOutput):
    """A reform against a baseline, applicant by applicant and in total."""

    baseline_name: str
    reform_name: str
    applicants: tuple[ApplicantDelta, ...]
    totals: dict[str, tuple[Money, Money]]
    """Direction ref → (baseline total, reform total)."""
    baseline_total: Money
    reform_total: Money

    @property
    def total_delta(self) -> Money:
        return self.reform_total - self.baseline_total

    def newly_funded(self) -> tuple[ApplicantDelta, ...]:
        return tuple(a for a in self.applicants if a.baseline == ZERO and a.reform > ZERO)

    def newly_excluded(self) -> tuple[ApplicantDelta, ...]:
        return tuple(a for a in self.applicants if a.baseline > ZERO and a.reform == ZERO)

    def changed(self) -> tuple[ApplicantDelta, ...]:
        return tuple(a for a in self.applicants if a.delta != ZERO)


def compare(
    baseline: RuleSet,
    reform: RuleSet,
    applications: Sequence[Application],
    *,
    policy: AllocationPolicy | None = None,
    ledger: Ledger | None = None,
    engine: Engine = "auto",
) -> Comparison:
    """Allocate under both scenarios (or versions of the rules) and line the results up applicant
    by applicant.

    Each application is assessed once per rules object: directions the reform leaves alone are
    not assessed twice (see [`AssessedOnce`][subsidycalc.allocation.AssessedOnce]). ``engine`` as
    for `sweep`: the same comparison either way.
    """
    runner = _runner(_engine(engine, applications), applications, ledger)
    before, after = (
        _lined_up(runner.outcomes(s.rules(), s.policy(policy), s.exclusion_rules())) for s in (baseline, reform)
    )
    after_by_id = {d[0]: d for d in after[0]}
    rows = tuple(
        ApplicantDelta(cid, direction, funded, after_by_id[cid][2], outcome, after_by_id[cid][3])
        for cid, direction, funded, outcome in before[0]
    )
    totals: dict[str, tuple[Money, Money]] = {}
    for t in before[1]:
        totals[f"{t.programme}/{t.direction}"] = (t.funded_total, ZERO)
    for t in after[1]:
        ref = f"{t.programme}/{t.direction}"
        totals[ref] = (totals.get(ref, (ZERO, ZERO))[0], t.funded_total)
    return Comparison(baseline.name, reform.name, rows, totals, before[2], after[2])


def _lined_up(result: Any) -> tuple[list[tuple[str, str, Money, Outcome]], tuple[Any, ...], Money]:
    """(id, direction, funded, outcome) in the allocation's order, the direction totals, the total."""
    if isinstance(result, Allocation):
        rows = [(d.application_id, d.direction, d.funded, d.outcome) for d in result.decisions]
        return rows, result.totals, result.total
    from .columnar import OUTCOMES

    c = result.columns
    keys = [c.refs[k].partition("/")[2] for k in range(len(c.refs))]
    rows = [
        (c.ids[i], keys[int(c.direction[i])], Money(int(result.funded[i])), OUTCOMES[int(result.outcome[i])])
        for i in result.decision_order().tolist()
    ]
    return rows, result.totals, result.total


@dataclass(frozen=True, slots=True)
class SweepRow(JsonOutput):
    """One scenario of a sweep."""

    scenario: str
    values: dict[str, str]
    total_paid: Money
    funded_count: int
    mean_award: Money
    """Total over funded count, rounded half-up to the 分 (zero when nobody is funded)."""
    max_award: Money
    excluded_by_quota: int
    excluded_by_budget: int


@dataclass(frozen=True, slots=True)
class Sweep(JsonOutput):
    rows: tuple[SweepRow, ...]

    def __iter__(self) -> Iterator[SweepRow]:
        return iter(self.rows)

    def to_pandas(self) -> Any:
        """One row per scenario as a ``pandas.DataFrame`` ([`subsidycalc.frames`][subsidycalc.frames]): ``scenario``,
        one text column per override path, money as ``*_fen`` ``int64`` and text, the counts."""
        return self._frame("pandas")

    def to_polars(self) -> Any:
        """One row per scenario as a ``polars.DataFrame`` (the columns of `to_pandas`)."""
        return self._frame("polars")

    def _frame(self, backend: Backend) -> Any:
        rows = self.rows
        columns = Columns().text("scenario", [r.scenario for r in rows])
        for path in dict.fromkeys(p for r in rows for p in r.values):
            columns.text(path, [r.values.get(path) for r in rows])
        columns.money("total_paid", [r.total_paid for r in rows])
        columns.integer("funded_count", [r.funded_count for r in rows])
        columns.money("mean_award", [r.mean_award for r in rows])
        columns.money("max_award", [r.max_award for r in rows])
        columns.integer("excluded_by_quota", [r.excluded_by_quota for r in rows])
        columns.integer("excluded_by_budget", [r.excluded_by_budget for r in rows])
        return columns.frame(backend)


def sweep(
    grid: Mapping[str, Sequence[object]],
    applications: Sequence[Application],
    *,
    policy: AllocationPolicy | None = None,
    ledger: Ledger | None = None,
    progress: bool | None = None,
    executor: Executor | None = None,
    chunks: int | None = None,
    engine: Engine = "auto",
) -> Sweep:
    """One row per combination of the grid's values (every override is validated first).

    ``engine``: ``batch`` evaluates and allocates every scenario over columns (the batch engine and
    [`subsidycalc.columnar`][subsidycalc.columnar], extra ``batch``): the applications are read into
    columns once, and a scenario reads again only the 附件1 lists it changes; ``scalar`` assesses and
    allocates one application at a time, each assessed once per rules object; ``auto`` (the default)
    is ``batch`` where NumPy is installed and every application's direction has a columnar form,
    else ``scalar``. The rows are the same (a test).

    ``progress``: a progress bar (``None``: where the output is a terminal or a notebook).
    ``executor``: any `concurrent.futures.Executor` — a ``ProcessPoolExecutor`` for both
    cores, ``dask.distributed.Client(...).get_executor()`` for a cluster — runs the scenarios in
    ``chunks`` tasks (default: one per core of this machine; one per worker of a cluster is a good
    choice), each assessing the applications once for all its scenarios; ``None``: in this process.
    The rows are the same either way, in the grid's order.
    """
    names = list(grid)
    scenarios = [
        Scenario(
            ";".join(f"{n}={v}" for n, v in zip(names, combo, strict=True)),
            dict(zip(names, combo, strict=True)),
        )
        for combo in product(*(grid[n] for n in names))
    ]
    prepared = [(s, s.rules(), s.policy(policy)) for s in scenarios]  # fail before running anything
    chosen_engine = _engine(engine, applications)
    if executor is not None and chosen_engine == "batch":
        return Sweep(tuple(_sweep_shipped(prepared, applications, policy, ledger, executor, chunks, progress)))
    if executor is not None:
        futures = [executor.submit(_sweep_rows, part, tuple(applications), policy, ledger, chosen_engine)
                   for part in _parts(scenarios, chunks)]
        rows = [row for future in steps(futures, total=len(futures), what="sweep", show=progress) for row in future.result()]
        return Sweep(tuple(rows))
    runner = _runner(chosen_engine, applications, ledger)
    rows = [
        _sweep_row(scenario, rules, chosen, runner)
        for scenario, rules, chosen in steps(prepared, total=len(prepared), what="sweep", show=progress)
    ]
    return Sweep(tuple(rows))


Engine = Literal["auto", "batch", "scalar"]
"""Which engine runs a sweep or a comparison (see `sweep`)."""


def _engine(engine: Engine, applications: Sequence[Application]) -> Literal["batch", "scalar"]:
    """``auto`` → ``batch`` where NumPy is installed and every direction has a columnar form."""
    if engine not in ("auto", "batch", "scalar"):
        raise ValueError(f"engine {engine!r}: expected 'auto', 'batch' or 'scalar'")
    if engine != "auto":
        return engine
    if importlib.util.find_spec("numpy") is None:
        return "scalar"
    from .batch import compile_rules

    table = all_directions()
    for ref in {f"{a.programme}/{a.direction}" for a in applications}:
        rules = table.get(ref)
        if not isinstance(rules, Rule) or not rules.invoice_based:
            return "scalar"
        try:
            compile_rules(rules)
        except ValueError:
            return "scalar"
    return "batch"


class _Scalar:
    """Scenarios run by the scalar engine: each application assessed once per rules object."""

    def __init__(self, applications: Iterable[Application], ledger: Ledger | None) -> None:
        self.assessed = AssessedOnce(applications, ledger)  # directions a scenario leaves alone: assessed once

    def outcomes(
        self, rules: Mapping[str, AnyRules], policy: AllocationPolicy,
        exclusions: Mapping[str, tuple[Exclusion | CountLimit, ...]] | None = None,
    ) -> Allocation:
        assessed = self.assessed
        return allocate_candidates(
            assessed.candidates(rules), rules=rules, exclusions=exclusions, policy=policy, ledger=assessed.ledger,
            reassess=assessed.reassess(rules),
        )


class _Columns:
    """Scenarios run over columns: the applications read into a population once, each scenario
    evaluated by the batch engine (reading again only the 附件1 lists it changes) and allocated by
    `columnar.allocate_columns`.

    In a worker the runner has no applications, only the columns (`shipped`): a scenario that needs
    them (a list not read in advance, a direction with no columnar form, a round for the scalar
    allocator) raises `_NeedsApplications`, and the sweep runs it where the applications are."""

    def __init__(self, applications: Sequence[Application] | None, ledger: Ledger | None) -> None:
        self.applications = tuple(applications) if applications is not None else None
        self.ledger = ledger
        self.populations: list[Any] = []
        """The columns read so far: the first from the applications, the others for what-ifs that
        read them otherwise (`batch.population_for`)."""
        self.keys: Any = None
        self.reassess: Reassess | None = None

    def prepare(self, tables: Sequence[Mapping[str, AnyRules]]) -> None:
        """The population, its keys, and the lists of every table read in advance."""
        from .columnar import CandidateColumns

        assert self.applications is not None
        apps = self.applications
        if self.keys is None:
            self.keys = CandidateColumns.from_applications(
                apps, programme_direction=[(a.programme, a.direction) for a in apps], eligible=[False] * len(apps),
                award=[0] * len(apps), failures=lambda i: (), ledger=self.ledger,
            )
        for table in tables:
            self._population(table)

    def shipped(self) -> _Columns:
        """This runner without the applications: columns only, cheap to send to a worker."""
        shipped = _Columns(None, self.ledger)
        shipped.populations = [dataclasses.replace(p, applications=None) for p in self.populations]
        shipped.keys = dataclasses.replace(self.keys, candidate=_no_applications)
        return shipped

    def _population(self, rules: Mapping[str, AnyRules]) -> Any:
        from .batch import Population, population_for

        if not self.populations:
            if self.applications is None:
                raise _NeedsApplications
            self.populations.append(Population.from_applications(self.applications, rules, ledger=self.ledger))
        try:
            return population_for(rules, self.populations)
        except ValueError:
            if self.applications is None:  # lists not read in advance: they need the applications
                raise _NeedsApplications from None
            raise

    def outcomes(
        self, rules: Mapping[str, AnyRules], policy: AllocationPolicy,
        exclusions: Mapping[str, tuple[Exclusion | CountLimit, ...]] | None = None,
    ) -> Any:
        from .batch import candidate_columns, evaluate
        from .columnar import allocate_columns

        population = self._population(rules)
        try:
            result = evaluate(population, rules)
        except ValueError:
            if self.applications is None:  # a direction with no columnar form: the scalar engine
                raise _NeedsApplications from None
            raise
        if self.applications is None:
            columns = dataclasses.replace(self.keys, eligible=result.eligible, award=result.candidate_award())
            reassess = None
        else:
            columns = candidate_columns(result, population, self.keys)
            if self.keys is None:
                self.keys = columns
            if self.reassess is None:
                self.reassess = reassessing(self.applications, rules)
            reassess = self.reassess.under(rules)
        return allocate_columns(columns, rules=rules, exclusions=exclusions, policy=policy, ledger=self.ledger,
                                reassess=reassess)


class _NeedsApplications(Exception):
    """A scenario a worker holding columns only cannot run."""


def _no_applications(index: int) -> Any:
    raise _NeedsApplications


def _runner(engine: Literal["batch", "scalar"], applications: Sequence[Application], ledger: Ledger | None) -> _Scalar | _Columns:
    return _Columns(applications, ledger) if engine == "batch" else _Scalar(applications, ledger)


def _parts(scenarios: Sequence[Scenario], chunks: int | None) -> list[tuple[Scenario, ...]]:
    """The scenarios in ``chunks`` tasks of consecutive scenarios (default: one per core), in order."""
    size = max(1, -(-len(scenarios) // (chunks or os.cpu_count() or 2)))
    return [tuple(scenarios[i : i + size]) for i in range(0, len(scenarios), size)]


def _sweep_shipped(
    prepared: Sequence[tuple[Scenario, dict[str, AnyRules], AllocationPolicy]],
    applications: Sequence[Application],
    policy: AllocationPolicy | None,
    ledger: Ledger | None,
    executor: Executor,
    chunks: int | None,
    progress: bool | None,
) -> list[SweepRow]:
    """The batch engine on an executor: the applications read into columns here, once; each task
    gets the columns (not the applications) and some scenarios; what a task cannot run without the
    applications is run here."""
    runner = _Columns(applications, ledger)
    runner.prepare([rules for _, rules, _ in prepared])
    shipped = runner.shipped()
    futures = [executor.submit(_shipped_rows, part, shipped, policy) for part in _parts([s for s, _, _ in prepared], chunks)]
    found = [row for future in steps(futures, total=len(futures), what="sweep", show=progress) for row in future.result()]
    return [row if row is not None else _sweep_row(s, rules, chosen, runner)
            for row, (s, rules, chosen) in zip(found, prepared, strict=True)]


def _shipped_rows(scenarios: Sequence[Scenario], runner: _Columns, policy: AllocationPolicy | None) -> list[SweepRow | None]:
    """In a worker: the rows it can compute from the columns (``None`` for the others)."""
    rows: list[SweepRow | None] = []
    for scenario in scenarios:
        try:
            rows.append(_sweep_row(scenario, scenario.rules(), scenario.policy(policy), runner))
        except _NeedsApplications:
            rows.append(None)
    return rows


def _sweep_rows(
    scenarios: Sequence[Scenario], applications: Sequence[Application], policy: AllocationPolicy | None,
    ledger: Ledger | None, engine: Literal["batch", "scalar"] = "scalar",
) -> list[SweepRow]:
    """The rows of some scenarios, in a worker: the applications read once for all of them."""
    runner = _runner(engine, applications, ledger)
    return [_sweep_row(s, s.rules(), s.policy(policy), runner) for s in scenarios]


def _sweep_row(scenario: Scenario, rules: dict[str, AnyRules], chosen: AllocationPolicy, runner: _Scalar | _Columns) -> SweepRow:
    result = runner.outcomes(rules, chosen)
    if isinstance(result, Allocation):
        funded = [d.funded.fen for d in result.decisions if d.funded > ZERO]
        by_quota = sum(1 for d in result.decisions if d.outcome is Outcome.QUOTA_EXCEEDED)
        by_budget = sum(1 for d in result.decisions if d.outcome is Outcome.BUDGET_EXHAUSTED)
    else:
        from .columnar import OUTCOMES

        funded = [int(f) for f in result.funded[result.funded > 0]]
        by_quota = int((result.outcome == OUTCOMES.index(Outcome.QUOTA_EXCEEDED)).sum())
        by_budget = int((result.outcome == OUTCOMES.index(Outcome.BUDGET_EXHAUSTED)).sum())
    mean = Money(_round_div(sum(funded), len(funded))) if funded else ZERO
    return SweepRow(
        scenario=scenario.name,
        values={n: str(v) for n, v in scenario.overrides.items()},
        total_paid=result.total,
        funded_count=len(funded),
        mean_award=mean,
        max_award=Money(max(funded)) if funded else ZERO,
        excluded_by_quota=by_quota,
        excluded_by_budget=by_budget,
    )


def _round_div(total: int, count: int) -> int:
    whole, remainder = divmod(total, count)
    return whole + (1 if 2 * remainder >= count else 0)
