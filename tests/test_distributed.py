"""A population as Dask DataFrames, evaluated partition by partition on a LocalCluster of two worker
processes (127.0.0.1, started and stopped here): the rows and totals of one local `evaluate`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

from subsidycalc.batch import Population, evaluate
from subsidycalc.distributed import (
    TOTAL_COLUMNS,
    award_totals,
    evaluate_partitions,
    result_meta,
    scenario_totals,
)
from subsidycalc.inputs import InputError
from subsidycalc.ledger import Ledger
from subsidycalc.models import Application
from subsidycalc.scenarios import Scenario, ScenarioError

from .test_frames import TABULAR, _tables

COPIES = 12


def _population() -> list[Application]:
    """A few hundred applications: every example the tables can hold (three programmes, invoice and
    project families), each under several ids, sorted by id (the order of the Dask result)."""
    apps = [a.model_copy(update={"id": f"{a.id}-{k:02d}"}) for k in range(COPIES) for a in TABULAR]
    return sorted(apps, key=lambda a: a.id)


APPS = _population()


def _frames(apps: list[Application], npartitions: int) -> tuple[Any, Any, Any]:
    applicants, invoices, contracts = (pd.DataFrame(rows) for rows in _tables(apps))
    # invoices and contracts in another order and partitioning than the applicants: co-located by the shuffle
    invoices, contracts = (t.sample(frac=1, random_state=7).reset_index(drop=True) for t in (invoices, contracts))
    return (
        dd.from_pandas(applicants, npartitions=npartitions, sort=False),
        dd.from_pandas(invoices, npartitions=2, sort=False),
        dd.from_pandas(contracts, npartitions=2, sort=False),
    )


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _local() -> tuple[Any, Any]:
    result = evaluate(Population.from_applications(APPS, ledger=Ledger.empty()))
    return result, result.to_pandas()


def test_a_cluster_gives_the_rows_and_totals_of_one_local_evaluate(client: Client) -> None:
    assert len(APPS) >= 250
    assert len({a.programme for a in APPS}) >= 3
    local, expected = _local()
    result = evaluate_partitions(*_frames(APPS, npartitions=4), ledger=Ledger.empty())
    assert result.npartitions == 4
    table = result.compute()
    assert list(table.index) == [a.id for a in APPS]
    assert table.index.name == "id"
    got = table.reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)  # ids, every 分 column, the text, the codes, row for row
    assert got["award_fen"].dtype == "int64"
    assert (got["award_fen"] > 0).sum() > 10  # not a table of zeros
    assert got["reasons"].str.len().gt(0).sum() > 10  # and not one without reasons

    totals = award_totals(result)
    assert tuple(totals.columns) == TOTAL_COLUMNS
    assert totals["award_fen"].dtype == "int64"
    assert int(totals["award_fen"].sum()) == local.total().fen
    by_direction = expected.groupby("direction")["award_fen"].sum()
    assert dict(zip(totals["direction"], totals["award_fen"], strict=True)) == {
        d: int(v) for d, v in by_direction.items()
    }
    assert list(totals["applicants"]) == [int(n) for n in expected.groupby("direction").size()]


def test_scenario_totals_on_a_cluster_are_those_of_local_evaluations_under_each_scenario(client: Client) -> None:
    scenarios = [
        Scenario("baseline"),
        Scenario("cap120", {"doumen_2023.direction_1.cap": "120万", "doumen_2023.direction_4.minimum": "50万"}),
    ]
    totals = scenario_totals(*_frames(APPS, npartitions=3), scenarios, ledger=Ledger.empty())
    assert tuple(totals.columns) == ("scenario", *TOTAL_COLUMNS)
    for scenario in scenarios:
        rules = scenario.rules()
        local = evaluate(Population.from_applications(APPS, rules, ledger=Ledger.empty()), rules).to_pandas()
        mine = totals[totals["scenario"] == scenario.name]
        assert dict(zip(mine["direction"], mine["award_fen"], strict=True)) == {
            d: int(v) for d, v in local.groupby("direction")["award_fen"].sum().items()
        }
        assert dict(zip(mine["direction"], mine["eligible"], strict=True)) == {
            d: int(v) for d, v in local.groupby("direction")["eligible"].sum().items()
        }
    by_name = totals.groupby("scenario")["award_fen"].sum()
    assert by_name["cap120"] != by_name["baseline"]  # the reform changes the money


def test_a_bad_scenario_fails_before_anything_runs() -> None:
    with pytest.raises(ScenarioError, match="no_such_field"):
        scenario_totals(*_frames(APPS[:10], npartitions=1), [Scenario("x", {"doumen_2023.direction_1.no_such_field": 1})])


def test_tables_already_co_located_are_taken_as_they_are_and_give_the_same_rows() -> None:
    # in this process (the cluster's client, if running, is the default: its P2P shuffle needs it)
    with dask.config.set({"scheduler": "sync", "dataframe.shuffle.method": "tasks"}):
        applicants, invoices, contracts = _frames(APPS, npartitions=3)
        applicants = applicants.set_index("id")
        divisions = list(applicants.divisions)
        invoices, contracts = (t.set_index("application_id", divisions=divisions) for t in (invoices, contracts))
        result = evaluate_partitions(applicants, invoices, contracts, ledger=Ledger.empty())
        assert result.divisions == applicants.divisions
        table = result.compute()
    pd.testing.assert_frame_equal(table.reset_index(drop=True), _local()[1])


def test_the_meta_is_the_table_of_a_partition() -> None:
    meta, (_, expected) = result_meta(), _local()
    assert list(meta.columns) == list(expected.columns)
    assert dict(meta.dtypes) == dict(expected.dtypes)
    assert len(meta) == 0


def test_a_bad_row_raises_its_partitions_input_error_from_a_worker(client: Client) -> None:
    applicants, invoices, _ = (pd.DataFrame(rows) for rows in _tables(APPS[:40]))
    for column, value, message in (
        ("amount_excl_tax", "12..5万", "invalid amount '12..5万'"),
        ("application_id", "NO-SUCH-APPLICATION", "names no application of applicants"),
    ):
        bad = invoices.copy()
        bad.loc[5, column] = value
        result = evaluate_partitions(dd.from_pandas(applicants, npartitions=3), dd.from_pandas(bad, npartitions=1))
        with pytest.raises(InputError) as caught:
            result.compute()
        assert caught.value.source is not None
        assert caught.value.source.startswith("partition ")  # the row is counted within that partition
        assert [e.message for e in caught.value.errors if message in e.message], caught.value


def test_applicants_without_ids_are_refused() -> None:
    frame = dd.from_pandas(pd.DataFrame({"programme": ["doumen-2023"]}), npartitions=1)
    with pytest.raises(ValueError, match="applicants: no column id"):
        evaluate_partitions(frame)
    applicants = dd.from_pandas(pd.DataFrame({"id": ["A"]}), npartitions=1)
    with pytest.raises(ValueError, match="invoices: no column application_id"):
        evaluate_partitions(applicants, dd.from_pandas(pd.DataFrame({"number": ["1"]}), npartitions=1))


def test_an_invoice_family_partition_takes_the_lean_path(client: Client) -> None:
    """A partition of 斗门 applications only is built by `bulk` (no model per invoice), others
    through the models; the rows are the same as one local evaluate either way."""
    from subsidycalc.distributed import _population

    doumen = [a for a in APPS if a.programme == "doumen-2023"]
    tables = [pd.DataFrame(rows) for rows in _tables(doumen)]
    assert _population(*tables, None, None).applications is None  # the lean path keeps no models
    mixed = [pd.DataFrame(rows) for rows in _tables(APPS)]
    assert _population(*mixed, None, None).applications is not None
    expected = evaluate(Population.from_applications(doumen)).to_pandas()
    table = evaluate_partitions(*_frames(doumen, npartitions=3)).compute()
    pd.testing.assert_frame_equal(table.reset_index(drop=True), expected.reset_index(drop=True), check_index_type=False)
