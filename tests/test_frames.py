"""DataFrames out (assessments, allocations, sweeps, batch results) and in (a batch population)."""

from __future__ import annotations

from typing import Any, ClassVar

import narwhals as nw
import pandas as pd
import polars as pl
import pytest

from subsidycalc.allocation import allocate
from subsidycalc.batch import Population, evaluate
from subsidycalc.frame_input import applications_from_frames, population_from_frames
from subsidycalc.frames import BACKENDS, Backend, Columns, assessments_frame
from subsidycalc.inputs import InputError, example_applications
from subsidycalc.models import Application
from subsidycalc.money import Money
from subsidycalc.registry import assess
from subsidycalc.scenarios import sweep
from tests.tables import NESTED_LISTS, table_rows

APPS = example_applications()
RESULTS = [assess(a) for a in APPS]
MONEY = ("eligible_spend", "award_base", "cap", "award_before_cap", "award_if_eligible", "award")


def _frame(native: Any) -> Any:
    return nw.from_native(native, eager_only=True)


def _cells(frame: Any, column: str) -> list[Any]:
    """A column's values, a missing one (pandas' ``NA`` or ``NaN``) as ``None``."""
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in frame[column].to_list()]


def _no_float(native: Any) -> None:
    frame = _frame(native)
    floats = [name for name, dtype in frame.schema.items() if dtype.is_float()]
    assert not floats, f"float columns: {floats}"


@pytest.mark.parametrize("backend", BACKENDS)
class TestFramesOut:
    def test_assessment_money_is_int64_fen_equal_to_money_fen_and_never_float(self, backend: Backend) -> None:
        native = assessments_frame(RESULTS, backend=backend)
        assert type(native).__module__.split(".")[0] == backend
        frame = _frame(native)
        assert len(frame) == len(RESULTS)
        assert frame["application_id"].to_list() == [r.application_id for r in RESULTS]
        for name in MONEY:
            assert frame.schema[f"{name}_fen"] == nw.Int64(), name
            amounts = [getattr(r, name) for r in RESULTS]
            assert _cells(frame, f"{name}_fen") == [None if m is None else m.fen for m in amounts], name
            assert _cells(frame, name) == [None if m is None else m.format() for m in amounts], name
        assert None in _cells(frame, "cap_fen")  # a rule with no cap: a null, not NaN
        _no_float(native)

    def test_assessment_codes_and_rate_are_text(self, backend: Backend) -> None:
        frame = _frame(assessments_frame(RESULTS, backend=backend))
        assert frame.schema["codes"] == nw.String()
        assert frame["codes"].to_list() == [";".join(sorted(r.codes)) for r in RESULTS]
        assert frame["rate"].to_list() == [r.rate.percent() for r in RESULTS]
        assert any(";" in codes for codes in frame["codes"].to_list())  # several codes: one cell

    def test_a_money_cell_reads_as_the_formatted_amount(self, backend: Backend) -> None:
        frame = _frame(assessments_frame([r for r in RESULTS if r.application_id == "DM23-D1-01"], backend=backend))
        assert frame.select("award_fen", "award").rows() == [(100_000_000, "1,000,000.00元")]

    def test_no_assessments_give_an_empty_table_with_the_same_types(self, backend: Backend) -> None:
        empty, full = (_frame(assessments_frame(r, backend=backend)) for r in ([], RESULTS))
        assert len(empty) == 0
        assert empty.schema == full.schema

    def test_allocation_rows_match_its_decisions(self, backend: Backend) -> None:
        result = allocate(APPS)
        native = result.to_pandas() if backend == "pandas" else result.to_polars()
        frame = _frame(native)
        decisions = result.decisions
        assert frame["application_id"].to_list() == [d.application_id for d in decisions]
        assert frame["funded_fen"].to_list() == [d.funded.fen for d in decisions]
        assert frame["assessed_award_fen"].to_list() == [d.assessed_award.fen for d in decisions]
        assert frame["funded"].to_list() == [d.funded.format() for d in decisions]
        assert frame["outcome"].to_list() == [d.outcome.value for d in decisions]
        assert _cells(frame, "rank") == [d.rank for d in decisions]
        assert None in _cells(frame, "rank")  # the ineligible take no place: a null, not NaN
        assert sum(frame["funded_fen"].to_list()) == result.total.fen
        _no_float(native)

    def test_sweep_money_is_fen_and_text(self, backend: Backend) -> None:
        result = sweep({"doumen_2023.direction_1.quota": [2, 3]}, APPS)
        native = result.to_pandas() if backend == "pandas" else result.to_polars()
        frame = _frame(native)
        assert frame["scenario"].to_list() == [r.scenario for r in result]
        assert frame["doumen_2023.direction_1.quota"].to_list() == ["2", "3"]
        assert frame["total_paid_fen"].to_list() == [r.total_paid.fen for r in result]
        assert frame["mean_award"].to_list() == [r.mean_award.format() for r in result]
        assert frame["funded_count"].to_list() == [r.funded_count for r in result]
        _no_float(native)

    def test_batch_result_money_is_fen_and_text(self, backend: Backend) -> None:
        result = evaluate(Population.from_applications(APPS))
        native = result.to_pandas() if backend == "pandas" else result.to_polars()
        frame = _frame(native)
        assert frame["application_id"].to_list() == list(result.ids)
        assert frame.schema["award_fen"] == nw.Int64()
        assert frame["award_fen"].to_list() == [int(f) for f in result.award]
        assert frame["award"].to_list() == [Money(int(f)).format() for f in result.award]
        assert frame["reasons"].to_list() == [";".join(result.reasons_of(i)) for i in range(len(result.ids))]
        _no_float(native)


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="backend 'arrow': expected one of pandas, polars"):
        Columns().text("a", ["x"]).frame("arrow")  # type: ignore[arg-type]


def test_a_column_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="column 'a' given twice"):
        Columns().text("a", ["x"]).text("a", ["y"])


# -- frames in ---------------------------------------------------------------------------------

def _tabular(app: Application) -> bool:
    """An application the tables can hold: no list of objects but invoices and contracts."""
    e, p = app.enterprise, app.project
    return not (any(getattr(app, n) for n in NESTED_LISTS) or e.incidents or p.investment_items or app.facts.indicators)


def _tables(apps: list[Application]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Applications as rows of applicants, invoices and contracts (the layout the module reads)."""
    return table_rows(apps, join_lists=True)


def _native(rows: list[dict[str, Any]], backend: str) -> Any:
    if backend == "pandas":
        return pd.DataFrame(rows)
    return pl.DataFrame(rows, infer_schema_length=None)


TABULAR = [a for a in APPS if _tabular(a)]


@pytest.mark.parametrize("backend", BACKENDS)
class TestFramesIn:
    def test_the_examples_read_back_as_the_same_applications(self, backend: str) -> None:
        assert len(TABULAR) >= 20  # most examples: the test reads many directions and documents
        assert len({a.programme for a in TABULAR}) >= 3
        tables = [_native(rows, backend) for rows in _tables(TABULAR)]
        assert applications_from_frames(*tables) == tuple(TABULAR)

    def test_a_population_from_frames_evaluates_as_one_from_the_applications(self, backend: str) -> None:
        tables = [_native(rows, backend) for rows in _tables(TABULAR)]
        ours, theirs = population_from_frames(*tables), Population.from_applications(TABULAR)
        assert ours.ids == theirs.ids
        assert ours.refs == theirs.refs
        a, b = evaluate(ours), evaluate(theirs)
        for name in ("eligible", "award", "award_if_eligible", "eligible_spend", "award_base", "scalar"):
            assert getattr(a, name).tolist() == getattr(b, name).tolist(), name
        assert [a.reasons_of(i) for i in range(len(a.ids))] == [b.reasons_of(i) for i in range(len(b.ids))]
        assert sum(a.award.tolist()) > 0

    def test_a_bad_cell_names_its_table_row_and_column(self, backend: str) -> None:
        applicants, invoices, contracts = _tables(TABULAR[:3])
        invoices[2]["amount_excl_tax"] = "12..5万"
        applicants[1]["enterprise.registration.city"] = ""
        with pytest.raises(InputError) as caught:
            applications_from_frames(*(_native(rows, backend) for rows in (applicants, invoices, contracts)))
        paths = sorted(e.path for e in caught.value.errors)
        assert paths == ["applicants row 1, column enterprise.registration.city", "invoices row 2, column amount_excl_tax"]
        assert "invoices row 2, column amount_excl_tax: invalid amount '12..5万': expected" in str(caught.value)

    def test_an_invoice_of_no_applicant_and_a_duplicate_id_are_refused(self, backend: str) -> None:
        applicants, invoices, _ = _tables(TABULAR[:2])
        invoices[0]["application_id"] = "NOBODY"
        applicants[1]["id"] = applicants[0]["id"]
        with pytest.raises(InputError) as caught:
            applications_from_frames(_native(applicants, backend), _native(invoices, backend))
        assert [e.path for e in caught.value.errors][:2] == ["applicants row 1, column id", "invoices row 0, column application_id"]

    def test_an_unknown_column_is_named(self, backend: str) -> None:
        applicants, invoices, _ = _tables(TABULAR[:1])
        applicants[0]["enterprise.nmae"] = "甲"
        with pytest.raises(InputError, match=r"applicants row 0, column enterprise\.nmae: Extra inputs"):
            applications_from_frames(_native(applicants, backend), _native(invoices, backend))


class TestFramesInValues:
    """Cells as a DataFrame holds them: missing values, numbers, dates, lists."""

    ROW: ClassVar[dict[str, Any]] = _tables(TABULAR[:1])[0][0]

    def test_a_missing_cell_is_a_field_not_given(self) -> None:
        app = TABULAR[0]
        applicants, invoices, _ = _tables([app])
        frame = pd.DataFrame([*applicants, {**applicants[0], "id": "X", "project.industry": "制造业"}])
        assert frame["project.industry"].isna().iloc[0]  # pandas fills the first row with NaN
        first, second = applications_from_frames(frame, pd.DataFrame(invoices))
        assert first == app
        assert second.project.industry == "制造业"

    def test_a_float_amount_is_read_exactly_or_refused(self) -> None:
        applicants, invoices, _ = _tables(TABULAR[:1])
        frame = pd.DataFrame(invoices)
        frame["amount_excl_tax"] = 1234.5
        apps = applications_from_frames(pd.DataFrame(applicants), frame)
        assert {i.amount_excl_tax for i in apps[0].invoices} == {Money.from_fen(123_450)}
        frame.loc[0, "amount_excl_tax"] = 0.005
        with pytest.raises(InputError, match="invoices row 0, column amount_excl_tax"):
            applications_from_frames(pd.DataFrame(applicants), frame)

    def test_a_polars_date_column_and_a_list_column_read(self) -> None:
        app = next(a for a in TABULAR if len(a.enterprise.clusters) and a.invoices)
        applicants, invoices, _ = _tables([app])
        frame = pl.DataFrame(invoices).with_columns(pl.col("issued_on").str.to_date())
        people = pl.DataFrame(applicants).with_columns(pl.col("enterprise.clusters").str.split(";"))
        assert people.schema["enterprise.clusters"] == pl.List(pl.String)
        assert frame.schema["issued_on"] == pl.Date
        assert applications_from_frames(people, frame) == (app,)

    def test_something_that_is_no_dataframe_is_refused(self) -> None:
        with pytest.raises(InputError, match="applicants: a list: expected a pandas or polars DataFrame"):
            applications_from_frames([self.ROW])
