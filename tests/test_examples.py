"""The bundled example applications: each one's outcome, so the demo cannot silently change."""

from __future__ import annotations

import pytest

from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.money import Money
from subsidycalc.registry import assess

EXPECTED = {
    "DM23-D1-01": ("100万", set()),
    "DM23-D1-02": ("90万", set()),
    "DM23-D1-03": ("0", {"BELOW_MIN_INVESTMENT"}),
    "DM23-D1-04": ("0", {"PRIOR_FUNDING"}),
    "DM23-D1-05": ("0", {"DISTRICT_MISMATCH"}),
    "DM23-D2-01": ("180万", set()),
    "DM23-D2-02": ("0", {"CERTIFICATION_MISSING", "PARTNER_OUTSIDE_CITY", "THRESHOLD_NOT_MET"}),
    "DM23-D3-01": ("150万", set()),
    "DM23-D3-02": ("0", {"NOT_CLUSTER_MEMBER", "NO_LISTED_PROVIDER", "THRESHOLD_NOT_MET"}),
    "DM23-D3-03": ("0", {"FACT_MISSING", "MISSING_DOCUMENT"}),
    "DM23-D4-01": ("75万", set()),
    "DM23-D4-02": ("80万", set()),
    "DM23-D4-03": ("0", {"THRESHOLD_NOT_MET"}),
    "DM23-D5-01": ("24万", set()),
    "DM23-D5-02": ("0", {"SUBMITTED_LATE", "THRESHOLD_NOT_MET"}),
    "DM23-D6W-01": ("20万", set()),
    "DM23-D6W-02": ("0", {"INVOICES_BELOW_CONTRACT_SHARE"}),
    "DM23-D6W-03": ("16万", set()),
    "DM23-D6F-01": ("75万", set()),
    "DM23-D6A-01": ("20万", set()),
    "DM23-D6A-02": ("0", {"NO_LISTED_PROVIDER", "BELOW_MIN_INVESTMENT", "NO_CONTRACT"}),
    "DM23-D1-06": ("96万", set()),
    "DM23-D4-04": ("72.5万", set()),
    "DM23-D3-04": ("135万", set()),
    "SG23-01": ("100万", set()),
    "SG23-02": ("0", {"DISHONEST_DEBTOR", "THRESHOLD_NOT_MET"}),
    "SG23-03": ("0", {"FACT_MISSING"}),
    "GD22-01": ("900万", set()),
    "GD22-02": ("600万", set()),
    "GD22-03": ("600万", set()),
    "GD22-04": ("0", {"BELOW_MIN_INVESTMENT"}),
    "ZS25-01": ("700万", set()),
    "ZS25-02": ("400万", set()),
    "ZS25-03": ("18万", set()),
    "ZS25-04": ("200万", set()),
    "GD20-01": ("0", set()),
    "GD20-02": ("0", set()),
    "GD20-P1": ("0", set()),
    "GD20-P2": ("0", set()),
    "GD20-P3": ("0", set()),
    "GD20-P4": ("0", set()),
    "GD20-03": ("0", {"THRESHOLD_NOT_MET"}),
}


def test_every_direction_has_a_passing_and_most_a_failing_example() -> None:
    results = [assess(a, example_ledger()) for a in example_applications()]
    passing = {r.direction for r in results if r.eligible}
    failing = {r.direction for r in results if not r.eligible}
    assert len(passing) == 17
    assert {"direction_1", "direction_2", "direction_3", "direction_4", "direction_5"} <= failing


@pytest.mark.parametrize("app", example_applications(), ids=lambda a: a.id)
def test_each_example_has_its_documented_outcome(app: object) -> None:
    result = assess(app, example_ledger())  # type: ignore[arg-type]
    award, failures = EXPECTED[result.application_id]
    assert result.award == Money.parse(award)
    assert {f.code.value for f in result.failures} == failures
