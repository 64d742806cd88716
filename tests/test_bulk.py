"""The lean bulk path against the models' path: the same population, the same errors."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subsidycalc import bulk
from subsidycalc.batch import Applicants, Population, evaluate
from subsidycalc.bulk import population_from_tables
from subsidycalc.frame_input import applications_from_frames
from subsidycalc.inputs import InputError, example_applications, example_ledger
from subsidycalc.ledger import Ledger, LedgerEntry
from subsidycalc.models import Application, FundingLevel
from subsidycalc.registry import all_directions
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build, passing
from tests.tables import NESTED_LISTS, table_rows

INVOICE_BASED = {ref for ref, r in all_directions().items() if r.invoice_based}

# -- applications as tables -------------------------------------------------------------------


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = list(dict.fromkeys(name for row in rows for name in row))
    return {name: [row.get(name) for row in rows] for name in names}


def tables(apps: list[Application]) -> tuple[dict[str, list[Any]], dict[str, list[Any]], dict[str, list[Any]]]:
    """Applicants, invoices and contracts in frame_input's layout, as columns (lists kept as lists)."""
    applicants, invoices, contracts = table_rows(apps)
    return _columns(applicants), _columns(invoices), _columns(contracts)


def lean(app: Application) -> bool:
    """An application the tables hold in full (an invoice-based direction, no list of objects)."""
    return (f"{app.programme}/{app.direction}" in INVOICE_BASED and not app.enterprise.incidents
            and not any(getattr(app, name) for name in NESTED_LISTS))


def _words(a: Applicants, column: str) -> list[str]:
    names = {code: word for word, code in a.words.items()}
    return [names[int(code)] for code in getattr(a, column)]


POPULATION = ("ids", "refs", "direction", "invoice_owner", "invoice_day", "invoice_category", "invoice_amount",
              "invoice_scenario", "invoice_from_applicant", "invoice_listed", "contract_owner", "contract_amount",
              "contract_listed", "planning_listed")
APPLICANTS = ("dishonest", "certifications", "documents", "documents_given", "online_at", "revised_at", "paper_at",
              "incident_owner", "incident_day", "incident_major", "partner_owner", "funding_owner", "funding_level")


def assert_same_population(found: Population, expected: Population) -> None:
    """Every column equal, with its dtype; text columns by the words they code; clusters as sets
    (their order in ``from_applications`` is a frozenset's)."""
    for name in POPULATION:
        left, right = getattr(found, name), getattr(expected, name)
        if isinstance(right, tuple):
            assert left == right, name
        else:
            assert left.dtype == right.dtype, name
            assert np.array_equal(left, right), name
    a, b = found.applicants, expected.applicants
    assert a.credit_code == b.credit_code
    for name in APPLICANTS:
        assert getattr(a, name).dtype == getattr(b, name).dtype, name
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("registration", "tax", "statistics", "partner_city"):
        assert _words(a, name) == _words(b, name), name
    assert sorted(zip(a.cluster_owner.tolist(), _words(a, "cluster"), strict=True)) == sorted(
        zip(b.cluster_owner.tolist(), _words(b, "cluster"), strict=True))
    assert sorted(a.facts) == sorted(b.facts)
    for name, column in b.facts.items():
        mine = a.facts[name]
        assert np.array_equal(mine.present, column.present), name
        assert np.array_equal(np.where(column.present, mine.value, 0), np.where(column.present, column.value, 0)), name
        if column.denominator is not None:
            assert mine.denominator is not None
            assert np.array_equal(mine.denominator[column.present], column.denominator[column.present]), name
    assert found.applications is None
    assert found.ledger is expected.ledger


def assert_same_result(found: Population, expected: Population) -> None:
    mine, theirs = evaluate(found), evaluate(expected)
    for index in range(len(expected.ids)):
        assert mine.row(index) == theirs.row(index)


_FOLDER = tempfile.TemporaryDirectory(prefix="subsidycalc-bulk-")  # removed when the tests end


def _parquet(table: dict[str, list[Any]]) -> str:
    """The table written to a Parquet file of its own; its path."""
    handle, path = tempfile.mkstemp(suffix=".parquet", dir=_FOLDER.name)
    os.close(handle)
    pl.DataFrame(table, strict=False).write_parquet(path)
    return path


def assert_both_ways(apps: list[Application], ledger: Ledger | None = None, form: str = "mapping") -> None:
    applicants, invoices, contracts = tables(apps)
    frames: dict[str, Any] = {
        "mapping": lambda t: t, "pandas": pd.DataFrame, "polars": lambda t: pl.DataFrame(t, strict=False),
        "lazy": lambda t: pl.DataFrame(t, strict=False).lazy(), "parquet": _parquet,
    }
    make = frames[form]
    found = population_from_tables(make(applicants), make(invoices), make(contracts) if contracts else None,
                                   ledger=ledger)
    expected = Population.from_applications(apps, ledger=ledger)
    assert_same_population(found, expected)
    assert_same_result(found, expected)


# -- (a) the same population ------------------------------------------------------------------

EXAMPLES = [a for a in example_applications("doumen-2023") if lean(a)]


@pytest.mark.parametrize("form", ["mapping", "pandas", "polars", "lazy", "parquet"])
def test_the_examples_give_the_population_of_their_models(form: str) -> None:
    assert len(EXAMPLES) >= 15
    assert_both_ways(EXAMPLES, form=form)


def test_prior_funding_from_a_ledger_is_read_as_from_the_models() -> None:
    funded = EXAMPLES[3]
    entry = LedgerEntry(programme="doumen-2023", item="direction_1", level=FundingLevel.DISTRICT,
                        enterprise=funded.enterprise.credit_code, project_id=funded.project.id, year=2023, awarded="10万")
    ledger = Ledger(entries=(*example_ledger().entries, entry))
    found = population_from_tables(*tables(EXAMPLES), ledger=ledger)
    expected = Population.from_applications(EXAMPLES, ledger=ledger)
    assert len(expected.applicants.funding_owner)  # the ledger funds one of them
    assert_same_population(found, expected)
    assert_same_result(found, expected)


def _without_lists(data: dict[str, Any]) -> dict[str, Any]:
    for name in NESTED_LISTS:
        data.pop(name, None)
    data["enterprise"].pop("incidents", None)
    return data


@st.composite
def populations(draw: st.DrawFn) -> list[Application]:
    keys = draw(st.lists(st.sampled_from(DIRECTION_KEYS), min_size=30, max_size=50))
    return [build(_without_lists(draw(gen.varied_applications(key, f"P{index}")))) for index, key in enumerate(keys)]


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(apps=populations())
def test_generated_populations_are_the_same_both_ways(apps: list[Application]) -> None:
    """About 1,000 generated applications (every condition varied; drawing them is most of the
    time), each population read from a mapping, a pandas and a polars frame: every column and every
    result equal."""
    for form in ("mapping", "pandas", "polars"):
        assert_both_ways(apps, form=form)


def test_a_changed_cell_is_seen_by_the_comparison() -> None:
    """The comparison can fail: one amount a 分 off, one place moved, and the populations differ."""
    applicants, invoices, contracts = tables(EXAMPLES)
    expected = Population.from_applications(EXAMPLES)
    invoices["amount_excl_tax"][0] = "0.01"
    with pytest.raises(AssertionError, match="invoice_amount"):
        assert_same_population(population_from_tables(applicants, invoices, contracts), expected)
    invoices["amount_excl_tax"][0] = tables(EXAMPLES)[1]["amount_excl_tax"][0]
    applicants["enterprise.tax.district"][1] = "香洲区"
    with pytest.raises(AssertionError, match="tax"):
        assert_same_population(population_from_tables(applicants, invoices, contracts), expected)


def test_the_lean_forms_are_read_by_columns() -> None:
    """Text amounts, integers, Decimals, Date columns, Boolean columns, categorical text."""
    from datetime import UTC, date
    from decimal import Decimal

    data = passing("direction_1")
    app = build(data)
    applicants, invoices, _ = tables([app])
    expected = Population.from_applications([app])
    k = len(invoices["number"])
    forms = {
        "amount_excl_tax": [pl.Series(invoices["amount_excl_tax"]),
                            pl.Series([Decimal(a) for a in invoices["amount_excl_tax"]]),
                            np.asarray([Decimal(a) for a in invoices["amount_excl_tax"]], dtype=object)],
        "issued_on": [pl.Series([date.fromisoformat(d) for d in invoices["issued_on"]])],
        "category": [pl.Series(invoices["category"], dtype=pl.Categorical)],
    }
    for name, variants in forms.items():
        for variant in variants:
            found = population_from_tables(applicants, {**invoices, name: variant})
            assert_same_population(found, expected)
    online = app.submission.online_at
    assert online is not None
    for moment in (online, online.astimezone(UTC), online.replace(tzinfo=None)):  # naive: Beijing time
        column = pl.Series([moment], dtype=pl.Datetime("us", "UTC" if moment.tzinfo else None))
        assert_same_population(population_from_tables({**applicants, "submission.online_at": column}, invoices),
                               expected)
    enum = pl.Series(applicants["enterprise.registration.district"], dtype=pl.Enum(["香洲区", "斗门区"]))
    assert_same_population(population_from_tables({**applicants, "enterprise.registration.district": enum}, invoices),
                           expected)
    whole = [a for a in invoices["amount_excl_tax"] if a.endswith(".00")]
    assert whole
    ints = {**invoices, "amount_excl_tax": [int(a[:-3]) if a.endswith(".00") else a for a in invoices["amount_excl_tax"]]}
    assert_same_population(population_from_tables(applicants, ints), expected)
    assert k


# -- (b) errors: the models' messages, placed by table, row and column --------------------------


def _errors(applicants: Any, invoices: Any = None, contracts: Any = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        population_from_tables(applicants, invoices, contracts)
    return [str(e) for e in caught.value.errors]


def _frame_errors(applicants: Any, invoices: Any = None, contracts: Any = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        applications_from_frames(pd.DataFrame(applicants), pd.DataFrame(invoices) if invoices else None,
                                 pd.DataFrame(contracts) if contracts else None)
    return [str(e) for e in caught.value.errors]


def _broken(table: int, column: str, row: int, value: Any) -> tuple[dict[str, list[Any]], ...]:
    found = tuple({k: list(v) for k, v in t.items()} for t in tables(EXAMPLES))
    found[table].setdefault(column, [None] * len(next(iter(found[table].values()))))[row] = value
    return found


ERRORS = [
    (1, "amount_excl_tax", 3, "12..5万", "invoices row 3, column amount_excl_tax: invalid amount '12..5万': "
     "expected an exact amount in 元 to the 分"),
    (1, "amount_excl_tax", 4, "1.005", "invoices row 4, column amount_excl_tax: invalid amount '1.005': "
     "expected an amount exact to the 分"),
    (1, "amount_excl_tax", 2, "-5", "invoices row 2, column amount_excl_tax: negative amount -5.00"),
    (1, "amount_excl_tax", 2, 0.001, "invoices row 2, column amount_excl_tax: invalid amount"),
    (1, "amount_excl_tax", 2, "1000000000000.01", "invoices row 2, column amount_excl_tax: invalid amount "
     "'1000000000000.01': expected an amount within ±1,000,000,000,000 元"),
    (1, "issued_on", 5, "2023-02-30", "invoices row 5, column issued_on: "),
    (1, "category", 1, "robots", "invoices row 1, column category: Input should be"),
    (1, "number", 0, "A\x00B", "invoices row 0, column number: contains a control or invisible character"),
    (1, "supplier", 0, "", "invoices row 0, column supplier: String should have at least 1 character"),
    (1, "application_id", 6, "NOBODY", "invoices row 6, column application_id: names no application of applicants"),
    (1, "total_incl_tax", 0, "1.00", "invoices row 0, column total_incl_tax: invoice "),
    (2, "amount_excl_tax", 0, "abc", "contracts row 0, column amount_excl_tax: invalid amount 'abc'"),
    (0, "enterprise.credit_code", 2, "91440400MA4UH7QX8D", "applicants row 2, column enterprise.credit_code: "
     "统一社会信用代码 '91440400MA4UH7QX8D' fails its check character"),
    (0, "direction", 1, "direction_9", "applicants row 1, column direction: unknown direction 'direction_9' of doumen-2023"),
    (0, "programme", 1, "nowhere", "applicants row 1, column programme: unknown programme 'nowhere'"),
    (0, "id", 3, None, "applicants row 3, column id: Field required"),
    (0, "enterprise.registration.district", 0, "斗门\u200b区", "applicants row 0, column "
     "enterprise.registration.district: contains a control or invisible character"),
    (0, "facts.has_showcase", 0, "maybe", "applicants row 0, column facts.has_showcase: Input should be a valid boolean"),
    (0, "facts.digital_device_share", 0, "120%", "applicants row 0, column facts.digital_device_share: share 120%"),
    (0, "facts.accepted", 0, True, "applicants row 0, column facts: accepted: not a fact of doumen-2023"),
    (0, "documents", 0, "application_form;passport", "applicants row 0, column documents: Input should be"),
    (0, "submission.online_at", 0, "2023-05-01", "applicants row 0, column submission.online_at: a date with no time"),
    (0, "enterprise.credit.dishonest_joint_punishment", 0, "perhaps", "applicants row 0, column "
     "enterprise.credit.dishonest_joint_punishment: Input should be a valid boolean"),
    (0, "review_score", 0, "-1", "applicants row 0, column review_score: Input should be greater than or equal to 0"),
    (0, "nickname", 0, "x", "applicants row 0, column nickname: Extra inputs are not permitted"),
]
"""One broken cell each (table: 0 applicants, 1 invoices, 2 contracts), and how its error begins."""


@pytest.mark.parametrize(("table", "column", "row", "value", "expected"), ERRORS,
                         ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None)
def test_each_error_names_table_row_and_column_as_the_frames_path_does(
    table: int, column: str, row: int, value: Any, expected: str,
) -> None:
    broken = _broken(table, column, row, value)
    found = _errors(*broken)
    assert any(line.startswith(expected) for line in found), found
    assert sorted(found) == sorted(_frame_errors(*broken))


def _lazy_errors(broken: tuple[dict[str, list[Any]], ...]) -> tuple[list[str], list[str]]:
    """The errors from polars DataFrames of the tables, and from the same written to Parquet
    files (read column by column)."""
    frames = [pl.DataFrame(t, strict=False) if t else None for t in broken]
    return _errors(*frames), _errors(*(_parquet(t) if t else None for t in broken))


@pytest.mark.parametrize(("table", "column", "row", "value"),
                         [case[:4] for case in ERRORS if case[3] is None or isinstance(case[3], str)],  # Parquet: text
                         ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None)
def test_a_parquet_file_is_read_column_by_column_with_the_same_errors(table: int, column: str, row: int, value: Any) -> None:
    eager, lazy = _lazy_errors(_broken(table, column, row, value))
    assert eager == lazy
    assert any(column in line for line in lazy), lazy


def test_a_parquet_file_has_each_column_read_at_most_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once for where values are given (one pass for every column) and once for its values: the
    columns read are let go, so a lazy table is never held whole; the invoices' application ids,
    amounts and numbers (text, one per invoice) are not read whole at all when every cell is plain."""
    applicants, invoices, contracts = tables(EXAMPLES)
    frames = [_parquet(t) for t in (applicants, invoices, contracts)]
    reads: dict[tuple[str, str], int] = {}
    streamed: set[tuple[str, str]] = set()
    get, stream = bulk._Table.get, bulk._Table.streamed

    def counted(self: Any, column: str) -> Any:
        if self.source is not None and column in self.names:
            reads[self.name, column] = reads.get((self.name, column), 0) + 1
        return get(self, column)

    def streaming(self: Any, column: str, *expressions: Any) -> Any:
        found = stream(self, column, *expressions)
        if found is not None:
            streamed.add((self.name, column))
        return found

    monkeypatch.setattr(bulk._Table, "get", counted)
    monkeypatch.setattr(bulk._Table, "streamed", streaming)
    population = population_from_tables(*frames)
    assert len(population.ids) == len(EXAMPLES)
    assert reads
    assert max(reads.values()) <= 2, reads
    whole = {column for table, column in reads if table == "invoices"}
    assert "category" in whole
    assert not whole & {"application_id", "amount_excl_tax", "number"}, whole
    assert {("invoices", c) for c in ("application_id", "amount_excl_tax", "number")} <= streamed


def test_parquet_files_give_the_population_of_the_models(tmp_path: Any) -> None:
    paths = []
    for name, table in zip(("applicants", "invoices", "contracts"), tables(EXAMPLES), strict=True):
        path = tmp_path / f"{name}.parquet"
        pl.DataFrame(table, strict=False).write_parquet(path, row_group_size=7)  # rows in several groups
        paths.append(path)
    found = population_from_tables(*paths)
    expected = Population.from_applications(EXAMPLES)
    assert_same_population(found, expected)
    assert_same_result(found, expected)


def test_a_parquet_path_that_is_no_parquet_file_is_named(tmp_path: Any) -> None:
    text = tmp_path / "invoices.csv"
    text.write_text("application_id,number\nA1,1\n")
    applicants, _, _ = tables(EXAMPLES)
    found = _errors(applicants, str(text))
    assert len(found) == 1
    assert found[0].startswith(f"invoices: {str(text)!r} could not be read as Parquet ("), found


def test_a_glob_or_a_directory_of_parquet_files_reads_them_in_the_order_of_their_names(tmp_path: Any) -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    frame = pl.DataFrame(invoices, strict=False)
    (tmp_path / "parts").mkdir()
    for k, first in enumerate(range(0, frame.height, 10)):
        frame.slice(first, 10).write_parquet(tmp_path / "parts" / f"part-{k:02d}.parquet", row_group_size=3)
    expected = population_from_tables(applicants, frame, contracts)
    for path in (str(tmp_path / "parts" / "part-*.parquet"), tmp_path / "parts"):
        assert_same_population(population_from_tables(applicants, path, contracts), expected)


def test_a_file_whose_name_holds_glob_characters_is_that_file(tmp_path: Any) -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    frame = pl.DataFrame(invoices, strict=False)
    frame.write_parquet(tmp_path / "inv[1].parquet")
    frame.slice(0, 5).write_parquet(tmp_path / "inv1.parquet")  # what the pattern inv[1] would match
    for path in (str(tmp_path / "inv[1].parquet"), tmp_path / "inv[1].parquet"):
        assert len(population_from_tables(applicants, path, contracts).invoice_owner) == frame.height


@pytest.mark.parametrize("change", ["a date column", "no number"])
def test_files_of_one_glob_with_different_schemas_are_an_input_error(tmp_path: Any, change: str) -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    frame = pl.DataFrame(invoices, strict=False)
    frame.slice(0, 20).write_parquet(tmp_path / "0.parquet")
    rest = frame.slice(20)
    rest = rest.with_columns(pl.col("issued_on").str.to_date()) if change == "a date column" else rest.drop("number")
    rest.write_parquet(tmp_path / "1.parquet")
    found = _errors(applicants, str(tmp_path / "*.parquet"), contracts)
    assert len(found) == 1
    assert found[0].startswith(f"invoices: {str(tmp_path / '*.parquet')!r} could not be read as Parquet ("), found
    assert found[0].endswith("expected the path of a Parquet file, or a directory or glob of Parquet files with one schema")


def test_a_lazy_frame_is_collected_once_whatever_its_plan_gives() -> None:
    """A join's rows come in no fixed order (``maintain_order="none"``): read column by column, each
    read could pair another row's cells; collected once, every invoice keeps its own."""
    applicants, invoices, _ = tables(EXAMPLES)
    many = {name: [f"{v}-{k}" if name in ("application_id", "number") and v is not None else v
                   for k in range(300) for v in column] for name, column in invoices.items() if name != "contract"}
    apps = {name: [f"{v}-{k}" if name == "id" else v for k in range(300) for v in column]
            for name, column in applicants.items()}
    for name in ("enterprise.credit_code", "project.id"):
        apps[name] = [v for _ in range(300) for v in applicants[name]]
    known = pl.DataFrame({"application_id": apps["id"]}).lazy()
    joined = pl.DataFrame(many, strict=False).lazy().join(known, on="application_id", how="inner")
    found = population_from_tables(pl.DataFrame(apps, strict=False), joined)
    expected = population_from_tables(pl.DataFrame(apps, strict=False), joined.collect())

    def invoices_of(p: Population) -> Counter[tuple[int, ...]]:
        return Counter(zip(p.invoice_owner.tolist(), p.invoice_amount.tolist(), p.invoice_category.tolist(),
                           p.invoice_day.tolist(), strict=True))

    assert invoices_of(found) == invoices_of(expected)
    assert len(found.invoice_owner) == 300 * len(invoices["number"])


def test_an_older_polars_without_the_streaming_engine_collects_in_memory() -> None:
    class Plan:
        def __init__(self) -> None:
            self.engines: list[str | None] = []

        def collect(self, engine: str | None = None) -> str:
            self.engines.append(engine)
            if engine == "streaming":
                raise ValueError("Invalid engine argument engine='streaming'")
            return "rows"

    plan = Plan()
    assert bulk._streaming(plan) == "rows"
    assert plan.engines == ["streaming", None]


def test_duplicate_numbers_and_wrong_totals_are_found_in_a_parquet_file() -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    owner = invoices["application_id"][1]
    same = invoices["number"][0] if invoices["application_id"][0] == owner else invoices["number"][2]
    invoices["number"][1] = f" {same}\u3000"  # equal once stripped, as the model strips it
    invoices["number"][4] = f" {invoices['number'][4]} "
    invoices["total_incl_tax"] = [None] * len(invoices["number"])
    invoices["total_incl_tax"][4] = "0.01"
    eager, lazy = _lazy_errors((applicants, invoices, contracts))
    assert eager == lazy
    assert sorted(lazy) == sorted(_frame_errors(applicants, invoices, contracts))
    assert any(f": invoices: duplicate number {same}:" in line for line in lazy), (same, lazy)
    assert any(f"invoices row 4, column total_incl_tax: invoice {invoices['number'][4].strip()}: " in line
               for line in lazy), lazy


def test_a_cross_field_problem_is_reported_as_the_model_reports_it() -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    owner = invoices["application_id"][1]
    invoices["number"][1] = invoices["number"][0] if invoices["application_id"][0] == owner else invoices["number"][2]
    owners = invoices["application_id"]
    last = len(owners) - 1
    invoices["contract"][last] = "NO-SUCH-CONTRACT"
    other = next(k for k, o in enumerate(owners) if o not in (owner, owners[last]))
    invoices["payer"] = [None] * len(owners)
    invoices["payer"][other] = "91440400MA4UH7QX8A"
    found = _errors(applicants, invoices, contracts)
    assert sorted(found) == sorted(_frame_errors(applicants, invoices, contracts))
    assert any(": invoices: duplicate number " in line for line in found), found
    assert any("names no contract of this application" in line for line in found), found
    assert any("is neither the applicant nor a joint partner" in line for line in found), found


def test_a_duplicate_id_and_a_missing_object_are_reported() -> None:
    applicants, _, _ = tables(EXAMPLES)
    applicants["id"][2] = applicants["id"][1]
    for name in [n for n in applicants if n.startswith("enterprise.tax.")]:
        applicants[name][4] = None
    found = _errors(applicants)
    assert "applicants row 2, column id: duplicate application id, first used in row 1: expected each id once " \
           f"(got '{applicants['id'][1]}')" in found
    assert "applicants row 4, column enterprise.tax: Field required" in found
    assert sorted(found) == sorted(_frame_errors(applicants))


def test_a_direction_of_the_project_family_is_refused_naming_the_row() -> None:
    project = next(a for a in example_applications() if f"{a.programme}/{a.direction}" not in INVOICE_BASED)
    applicants, _, _ = tables([*EXAMPLES[:2], project.model_copy(update={"partners": (), "ecosystem": ()})])
    found = _errors(applicants)
    assert any(line.startswith("applicants row 2, column direction: ") and "not invoice-based" in line
               and "use frame_input.population_from_frames" in line for line in found), found


def test_only_project_family_rows_are_refused_as_such() -> None:
    """Regression: with no row of the columnar family, the refusal is the InputError, not an IndexError."""
    project = next(a for a in example_applications() if f"{a.programme}/{a.direction}" not in INVOICE_BASED)
    applicants, _, _ = tables([project.model_copy(update={"partners": (), "ecosystem": ()})])
    found = _errors(applicants)
    assert any("use frame_input.population_from_frames" in line for line in found), found


def test_a_list_of_objects_is_refused_naming_the_row() -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    applicants["partners"] = [None, None, [{"name": "x"}], *[None] * (len(applicants["id"]) - 3)]
    found = _errors(applicants, invoices, contracts)
    assert found == ["applicants row 2, column partners: no column in the lean path (a list of objects, a mapping "
                     "or the start region): use frame_input.population_from_frames"]


def test_more_invoices_than_the_batch_engine_holds_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MAX_INVOICES_PER_APPLICANT", 2)
    applicants, invoices, _ = tables(EXAMPLES[:1])
    assert len(invoices["number"]) > 2
    assert _errors(applicants, invoices) == [
        f"applicants row 0: {len(invoices['number'])} invoices: expected at most 2 per application (the batch engine's bound)"]


def test_no_id_column_and_unknown_inputs_are_refused() -> None:
    assert _errors({"direction": ["direction_1"]}) == ["applicants: no column id: expected one id per application"]
    assert _errors([1, 2]) == ["applicants: a list: expected a pandas or polars DataFrame, a mapping of columns or "
                               "the path of a Parquet file"]
    assert _errors({"id": ["a", "b"], "direction": ["x"]}) == [
        "applicants: columns of [1, 2] rows: expected one value per row in each"]
    applicants, invoices, _ = tables(EXAMPLES)
    del invoices["application_id"]
    assert "invoices: no column application_id: expected the id of each row's application" in _errors(applicants, invoices)


# -- (c) every form of input --------------------------------------------------------------------


@pytest.mark.parametrize("form", ["pandas", "polars"])
def test_errors_are_the_same_from_a_dataframe(form: str) -> None:
    broken = _broken(1, "amount_excl_tax", 3, "12..5万")
    make = pd.DataFrame if form == "pandas" else (lambda t: pl.DataFrame(t, strict=False))
    assert _errors(*(make(t) for t in broken)) == _errors(*broken)


# -- (d) the faster passes read as the plain ones -------------------------------------------------


@pytest.mark.parametrize("bound", [1, 7, 50_000])
def test_unique_by_counting_is_numpys(bound: int) -> None:
    values = np.random.default_rng(bound).integers(0, bound, 1_000).astype(np.int64)
    unique, inverse = bulk._unique(values, bound)
    expected, where = np.unique(values, return_inverse=True)
    assert unique.tolist() == expected.tolist()
    assert inverse.tolist() == where.reshape(-1).tolist()
    assert [len(part) for part in bulk._unique(np.zeros(0, dtype=np.int64), bound)] == [0, 0]


def test_invoices_out_of_order_and_orphans_read_as_the_models_read_them() -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    order = list(range(len(invoices["application_id"])))[::-1]
    shuffled = {name: [column[k] for k in order] for name, column in invoices.items()}
    expected = Population.from_applications(EXAMPLES)
    found = population_from_tables(applicants, shuffled, contracts)
    assert sorted(zip(found.invoice_owner.tolist(), found.invoice_amount.tolist(), strict=True)) == sorted(
        zip(expected.invoice_owner.tolist(), expected.invoice_amount.tolist(), strict=True))
    orphan = {name: [*column, column[0]] for name, column in invoices.items()}
    orphan["application_id"][-1] = "no such id"
    assert _errors(applicants, orphan, contracts) == _frame_errors(applicants, orphan, contracts)
    lazy = population_from_tables(*(_parquet(t) for t in (applicants, shuffled, contracts)))
    assert_same_population(lazy, population_from_tables(*(pl.DataFrame(t, strict=False)
                                                          for t in (applicants, shuffled, contracts))))
    assert _lazy_errors((applicants, orphan, contracts))[1] == _errors(applicants, orphan, contracts)


@pytest.mark.parametrize("name", [" 珠海某制造有限公司", "珠海某制造有限公司\t", "珠海某\n制造有限公司", "\u3000珠海某制造有限公司"])
def test_outer_spaces_in_text_read_as_the_models_read_them(name: str) -> None:
    applicants, invoices, contracts = tables(EXAMPLES)
    applicants["enterprise.name"][0] = name
    applicants["enterprise.credit_code"][2] = None
    assert _errors(applicants, invoices, contracts) == _frame_errors(applicants, invoices, contracts)


def test_work_in_slices_reads_as_in_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """Amounts, number hashes and 附件1 flags are worked out in slices of `_CHUNK` rows: with slices
    of 3, an applicant's invoices straddle slices, and the population and the errors are the same."""
    applicants, invoices, contracts = tables(EXAMPLES)
    owner = invoices["application_id"]
    k = next(k for k in range(2, len(owner)) if owner[k] == owner[k - 1] and k % 3 == 0)  # rows k-1, k: 2 slices
    invoices["number"][k] = f" {invoices['number'][k - 1]}"
    expected = _errors(applicants, invoices, contracts)
    assert any(": invoices: duplicate number " in line for line in expected), expected
    monkeypatch.setattr(bulk, "_CHUNK", 3)
    assert_both_ways(EXAMPLES)
    assert _errors(applicants, invoices, contracts) == expected
