"""A population evaluated partition by partition as a Dask DataFrame (extra ``distributed``).

When one machine is not enough, the tables of [`subsidycalc.frame_input`][subsidycalc.frame_input]
(applicants, invoices, contracts) can be ``dask.dataframe`` collections, and `evaluate_partitions`
returns the [`BatchResult`][subsidycalc.batch.BatchResult] table (the columns of ``to_pandas()``) as
a Dask DataFrame: one task per partition builds the partition's population (by the lean path,
[`bulk.population_from_tables`][subsidycalc.bulk.population_from_tables], where it can hold the
partition — the invoice family, no lists of objects — else by
[`population_from_frames`][subsidycalc.frame_input.population_from_frames]: the same validation either
way) and evaluates it ([`evaluate`][subsidycalc.batch.evaluate]). Dask schedules the
tasks — on the threads of this process, or on a ``dask.distributed`` cluster when a ``Client`` is
active; this module has no scheduler of its own.

Co-location. An applicant's invoices and contracts must be in the partition that holds the
applicant. The applicants are indexed by ``id`` (``set_index("id")``: a sort, unless they already are,
with known divisions), and the invoices and contracts are shuffled into the **same divisions** by
``application_id`` (``set_index("application_id", divisions=...)``), unless they already have them.
Partition *k* of each table then holds exactly the ids in ``[divisions[k], divisions[k + 1])``, and
Dask's ``map_partitions`` hands the three partitions to one task. The result keeps the applicants'
index (``id``) and divisions, so it joins back to them without a shuffle; its rows are in id order.

An invoice or contract naming no applicant lands in the first or last partition, where its
partition's [`InputError`][subsidycalc.inputs.InputError] reports it (row positions are counted
within the partition, which the error's ``source`` names).

Rules and a ledger, where given, are broadcast: each is one object in the graph, sent once to each
worker that needs it, not once per task.

`award_totals` adds the awards per direction — exact ``int64`` 分 — from one small table per
partition, without collecting any applicant's row.

```pycon
>>> import dask
>>> import dask.dataframe as dd
>>> import pandas as pd
>>> place = {f"enterprise.{kind}.{part}": value for kind in ("registration", "tax", "statistics")
...          for part, value in (("city", "珠海市"), ("district", "斗门区"))}
>>> applicants = pd.DataFrame([{
...     "id": f"T-{k}", "direction": "direction_1", "enterprise.name": "示例科技有限公司",
...     "enterprise.credit_code": "91440400MA4UJ4TU23", **place, "project.id": f"P-{k}", "project.name": "5G 工厂",
... } for k in (1, 2)])
>>> invoices = pd.DataFrame([{
...     "application_id": f"T-{k}", "number": f"00{k}", "issued_on": "2023-03-01", "amount_excl_tax": amount,
...     "category": "device_5g", "supplier": "珠海某通信设备有限公司",
... } for k, amount in ((1, "400万"), (2, "100万"))])
>>> with dask.config.set(scheduler="sync"):
...     result = evaluate_partitions(dd.from_pandas(applicants, npartitions=2), dd.from_pandas(invoices, npartitions=1))
...     table = result.compute()
...     totals = award_totals(result)
>>> list(table.index), list(table["eligible_spend_fen"])
(['T-1', 'T-2'], [400000000, 100000000])
>>> totals[["direction", "applicants"]].to_dict("records")
[{'direction': 'doumen-2023/direction_1', 'applicants': 2}]

```
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

from ._optional import require
from .batch import Population, evaluate, population_for
from .frame_input import applications_from_frames, population_from_frames
from .frames import Columns
from .inputs import InputError
from .ledger import Ledger
from .money import Money
from .rules import AnyRules
from .scenarios import Scenario

__all__ = ["TOTAL_COLUMNS", "award_totals", "evaluate_partitions", "result_meta", "scenario_totals"]

T = TypeVar("T")
_KEY: Final = "id"
_OWNER: Final = "application_id"
_INT64_MAX: Final = 2**63 - 1
TOTAL_COLUMNS: Final = ("direction", "applicants", "eligible", "award_fen", "award")
"""The columns of `award_totals`: per direction, how many applicants, how many eligible, and the
awards in 分 (``int64``) and as text."""


def _dd() -> Any:
    return require("dask.dataframe", "distributed", "evaluating a Dask DataFrame")


def result_meta() -> Any:
    """An empty ``pandas.DataFrame`` with the columns and types of a partition of
    `evaluate_partitions` (the ``meta`` Dask is given): those of ``BatchResult.to_pandas()``,
    indexed by ``id``."""
    frame = evaluate(Population.from_applications(())).to_pandas()
    frame.index = frame["application_id"].rename(_KEY)
    return frame


def _by_id(applicants: Any) -> Any:
    if applicants.index.name == _KEY and applicants.known_divisions:
        return applicants
    if _KEY not in applicants.columns:
        raise ValueError("applicants: no column id: expected one id per application (or an index named id)")
    return applicants.set_index(_KEY)


def _aligned(table: str, frame: Any | None, divisions: tuple[Any, ...]) -> Any | None:
    """``frame`` (invoices or contracts) in the applicants' divisions, keyed by ``application_id``."""
    if frame is None:
        return None
    if frame.index.name == _OWNER and frame.known_divisions and tuple(frame.divisions) == divisions:
        return frame  # already co-located: no shuffle
    if frame.index.name == _OWNER:
        frame = frame.reset_index()
    if _OWNER not in frame.columns:
        raise ValueError(f"{table}: no column {_OWNER}: expected the id of each row's application")
    return frame.set_index(_OWNER, divisions=list(divisions))


def _partition(
    applicants: Any,
    invoices: Any | None,
    contracts: Any | None,
    rules: Mapping[str, AnyRules] | None,
    ledger: Ledger | None,
    partition_info: Mapping[str, Any] | None = None,
) -> Any:
    """One task: the partition's population, evaluated, as the result table (index: the ids)."""
    population = _read(partition_info, lambda: _population(*_plain(applicants, invoices, contracts), rules, ledger))
    frame = evaluate(population, rules).to_pandas()
    frame.index = applicants.index
    return frame


def _plain(applicants: Any, invoices: Any | None, contracts: Any | None) -> tuple[Any, Any | None, Any | None]:
    """A partition's three tables with their index as a column again (the ids)."""
    return applicants.reset_index(), *(None if t is None else t.reset_index() for t in (invoices, contracts))


def _read(partition_info: Mapping[str, Any] | None, read: Callable[[], T]) -> T:
    """``read()`` of a partition, its `InputError` naming the partition."""
    try:
        return read()
    except InputError as exc:
        number = partition_info["number"] if partition_info else 0
        raise InputError(list(exc.errors), source=f"partition {number}") from None


def _population(
    applicants: Any, invoices: Any | None, contracts: Any | None, rules: Mapping[str, AnyRules] | None,
    ledger: Ledger | None,
) -> Population:
    """A partition's population: by the lean path (``bulk``: columns, no model per invoice) where it
    can hold the partition, else through the models (``frame_input``). Both validate alike."""
    from .bulk import ELSEWHERE, population_from_tables

    try:
        return population_from_tables(applicants, invoices, contracts, rules=rules, ledger=ledger)
    except InputError as exc:
        if not any(ELSEWHERE in e.message for e in exc.errors):
            raise
    except ImportError:  # the lean path reads through polars (extra ``polars``)
        pass
    return population_from_frames(applicants, invoices, contracts, rules=rules, ledger=ledger)


def _inputs(applicants: Any, invoices: Any | None, contracts: Any | None) -> tuple[Any, Any | None, Any | None]:
    """The three tables, applicants by id and the others shuffled into their divisions where needed."""
    applicants = _by_id(applicants)
    divisions = tuple(applicants.divisions)
    owned = [_aligned(table, frame, divisions) for table, frame in (("invoices", invoices), ("contracts", contracts))]
    return applicants, owned[0], owned[1]


def _broadcast(*values: object) -> list[Any]:
    """Each value given as one object of the graph (sent once to each worker), ``None`` as itself."""
    delayed = require("dask", "distributed", "evaluating a Dask DataFrame").delayed
    return [None if value is None else delayed(value, pure=True) for value in values]


def evaluate_partitions(
    applicants: Any,
    invoices: Any | None = None,
    contracts: Any | None = None,
    *,
    rules: Mapping[str, AnyRules] | None = None,
    ledger: Ledger | None = None,
) -> Any:
    """The batch result of a population held as Dask DataFrames, one task per partition (lazy).

    ``applicants``, ``invoices``, ``contracts``: ``dask.dataframe.DataFrame`` collections in the
    layout of [`subsidycalc.frame_input`][subsidycalc.frame_input] (the set-valued columns as
    ``;``-separated text). ``applicants`` may instead be indexed by ``id`` with known divisions, and
    ``invoices`` / ``contracts`` by ``application_id`` with the same divisions: then nothing is
    shuffled (see the module docstring). ``rules`` and ``ledger`` as for
    [`population_from_frames`][subsidycalc.frame_input.population_from_frames] and `evaluate`.

    Returns a ``dask.dataframe.DataFrame`` with the columns of ``BatchResult.to_pandas()``
    (`result_meta`), indexed by ``id``, in the applicants' divisions. Computing it raises the
    partition's [`InputError`][subsidycalc.inputs.InputError] for a bad row.
    """
    return _dd().map_partitions(
        _partition, *_inputs(applicants, invoices, contracts), *_broadcast(rules, ledger), meta=result_meta(),
        align_dataframes=False, enforce_metadata=False,
    )


def _add(columns: dict[tuple[str, ...], list[int]], key: tuple[str, ...], counts: Sequence[int]) -> None:
    found = columns.setdefault(key, [0, 0, 0])
    for at, count in enumerate(counts):
        found[at] += int(count)


def _sums(frame: Any, scenario: str | None = None) -> dict[tuple[str, ...], list[int]]:
    """Per direction (and scenario) of a result table: applicants, eligible, awards (Python integers)."""
    columns: dict[tuple[str, ...], list[int]] = {}
    prefix = () if scenario is None else (scenario,)
    for direction, award, eligible in zip(frame["direction"], frame["award_fen"], frame["eligible"], strict=True):
        _add(columns, (*prefix, direction), (1, bool(eligible), award))
    return columns


def _totals_table(columns: Mapping[tuple[str, ...], list[int]], scenarios: bool = False) -> Any:
    keys = sorted(columns)
    for key in keys:
        if columns[key][2] > _INT64_MAX:
            raise OverflowError(f"{'/'.join(key)}: total award {columns[key][2]} 分 does not fit in int64")
    table = Columns()
    if scenarios:
        table.text("scenario", [key[0] for key in keys])
    table.text("direction", [key[-1] for key in keys])
    table.integer("applicants", [columns[k][0] for k in keys])
    table.integer("eligible", [columns[k][1] for k in keys])
    return table.money("award", [Money(columns[k][2]) for k in keys]).frame("pandas")


def _combined(partial: Any, scenarios: bool = False) -> Any:
    """The per-partition tables added up, exactly (Python integers), into one row per key."""
    columns: dict[tuple[str, ...], list[int]] = {}
    keys = [partial["scenario"], partial["direction"]] if scenarios else [partial["direction"]]
    for *key, applicants, eligible, award in zip(
        *keys, partial["applicants"], partial["eligible"], partial["award_fen"], strict=True
    ):
        _add(columns, tuple(key), (applicants, eligible, award))
    return _totals_table(columns, scenarios)


def award_totals(results: Any) -> Any:
    """Per direction of a result of `evaluate_partitions`: applicants, eligible, and the award total
    in exact ``int64`` 分 and as text (`TOTAL_COLUMNS`), a ``pandas.DataFrame`` sorted by direction.

    Computes ``results``: each partition is reduced to one row per direction where it runs, and only
    those rows reach the caller, where they are added as Python integers (exact; a total beyond
    ``int64`` raises ``OverflowError``).
    """
    partial = results.map_partitions(
        lambda frame: _totals_table(_sums(frame)), meta=_totals_table({}), enforce_metadata=False,
    ).compute()
    return _combined(partial)


def _scenario_partition(
    applicants: Any,
    invoices: Any | None,
    contracts: Any | None,
    scenarios: Sequence[tuple[str, Mapping[str, AnyRules]]],
    ledger: Ledger | None,
    partition_info: Mapping[str, Any] | None = None,
) -> Any:
    """One task: the partition validated once, then its columns built and evaluated under each scenario."""
    apps = _read(partition_info, lambda: applications_from_frames(*_plain(applicants, invoices, contracts)))
    columns: dict[tuple[str, ...], list[int]] = {}
    built: list[Population] = []  # the columns read once, again only where a scenario reads otherwise
    for name, rules in scenarios:
        if not built:
            built.append(Population.from_applications(apps, rules, ledger=ledger))
        result = evaluate(population_for(rules, built), rules)
        for k, ref in enumerate(result.refs):  # from the columns: no table of text per scenario
            rows = result.direction == k
            awards = result.award[rows].tolist()  # Python integers: an exact sum
            _add(columns, (name, ref), (len(awards), int(result.eligible[rows].sum()), sum(awards)))
    return _totals_table(columns, scenarios=True)


def scenario_totals(
    applicants: Any,
    invoices: Any | None,
    contracts: Any | None,
    scenarios: Sequence[Scenario],
    *,
    ledger: Ledger | None = None,
) -> Any:
    """Per scenario and direction, the totals of `award_totals` (with a ``scenario`` column first),
    for a population held as Dask DataFrames (the tables of `evaluate_partitions`).

    One task per partition validates its rows once, reads them into columns once and evaluates them
    under every scenario's rules; a scenario that changes a 附件1 list reads again only those columns
    (`Population.relisted`), one whose conditions read another declared fact builds them again
    (`Population.for_rules`). The scenarios' overrides are checked here,
    before anything runs, and their rules are broadcast. Allocation (quotas, budgets, the ranking)
    is not done: it needs a direction's whole ranked round, see the page on running at scale.
    """
    prepared = [(s.name, s.rules()) for s in scenarios]  # a bad override fails before anything runs
    if len({name for name, _ in prepared}) != len(prepared):
        raise ValueError("scenarios: two share a name: expected one name per scenario")
    meta = _totals_table({}, scenarios=True)
    partial = _dd().map_partitions(
        _scenario_partition, *_inputs(applicants, invoices, contracts), *_broadcast(prepared, ledger), meta=meta,
        align_dataframes=False, enforce_metadata=False, clear_divisions=True,
    ).compute()
    return _combined(partial, scenarios=True)
