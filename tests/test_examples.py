"""The bundled example applications: each one's outcome, so the demo cannot silently change."""

from __future__ import annotations

from pathlib import Path

from subsidycalc.cases import ExampleRef, load_case_file
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.registry import assess

CASES = Path(__file__).parent / "cases"


def test_every_direction_has_a_passing_and_most_a_failing_example() -> None:
    results = [assess(a, example_ledger()) for a in example_applications()]
    passing = {r.direction for r in results if r.eligible}
    failing = {r.direction for r in results if not r.eligible}
    assert len(passing) == 20
    assert {"direction_1", "direction_2", "direction_3", "direction_4", "direction_5"} <= failing


def test_each_example_has_its_documented_outcome_in_a_case_file() -> None:
    """Each example's award and reason codes are stated, with their clause, in
    ``tests/cases/*.examples.cases.yaml`` (run by the case-file plugin); none is left out."""
    stated = {
        case.application.example
        for path in CASES.glob("*.examples.cases.yaml")
        for case in load_case_file(path).cases
        if isinstance(case.application, ExampleRef) and "award" in case.expect.model_fields_set
    }
    assert stated == {a.id for a in example_applications()}
