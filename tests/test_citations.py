"""No number without a name and a clause: every quote occurs verbatim in the policy text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from subsidycalc.citations import Citation, Cited, policy_text
from subsidycalc.registry import all_directions, document, programmes
from subsidycalc.rules import AnyRules, Rule, values_of

SHARED = Path(__file__).resolve().parents[2] / "shared" / "policies"


def citations_in(value: Any) -> Iterator[Citation]:
    return values_of(value, Citation)


ALL = list(all_directions().values())


@pytest.mark.parametrize("rules", ALL, ids=lambda r: r.ref)
def test_every_quote_occurs_verbatim_in_its_policy_text(rules: Rule) -> None:
    found = list(citations_in(rules))
    assert len(found) >= 3  # basis, an amount, and its conditions or validity
    for citation in found:
        text = document(citation.document).text()
        assert citation.quote in text, f"{citation.clause}: 「{citation.quote}」 not in the text"


@pytest.mark.parametrize("rules", ALL, ids=lambda r: r.ref)
def test_every_rate_cap_minimum_window_and_quota_is_cited(rules: AnyRules) -> None:
    names = (
        ("window", "counted", "base.in_base", "minimum", "rate", "cap", "quota")
        if rules.invoice_based
        else ("rate", "cap", "minimum", "reserve_rate", "quota")
    )
    for name in names:
        value: Any = rules
        for part in name.split("."):
            value = getattr(value, part)
        if value is None:
            continue  # the text sets no such number (e.g. no yearly quota for 韶关)
        assert isinstance(value, Cited)
        assert value.citation.clause
        assert value.label
    for condition in rules.conditions:
        threshold = getattr(condition, "threshold", None) or getattr(condition, "years", None)
        if threshold is not None:
            assert isinstance(threshold, Cited)


@pytest.mark.parametrize("programme", programmes())
def test_the_bundled_text_is_the_shared_policy_text(programme: str) -> None:
    name = document(programme).text_file
    if not (SHARED / name).exists():
        pytest.skip("shared/policies is not beside this checkout")
    assert policy_text(name) == (SHARED / name).read_text(encoding="utf-8")


def test_every_text_in_shared_policies_is_bundled() -> None:
    if not SHARED.exists():
        pytest.skip("shared/policies is not beside this checkout")
    for path in SHARED.glob("*.txt"):
        assert policy_text(path.name) == path.read_text(encoding="utf-8")
