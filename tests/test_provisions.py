"""Every provision of every text is accounted for (``subsidycalc.provisions``): encoded by a rule
part, left to review, or listed as not computable / context / enforced by the input's shape."""

from __future__ import annotations

import pytest

from subsidycalc.provisions import listed_provisions, provisions, rule_like
from subsidycalc.registry import document, programmes


@pytest.mark.parametrize("programme", programmes())
def test_no_provision_of_the_text_is_absent(programme: str) -> None:
    absent = [f"{row.line}: {row.text[:80]}" for row in provisions(programme) if row.status == "absent"]
    assert absent == [], f"{programme}: encode these or list them in PROVISIONS with the reason"


@pytest.mark.parametrize("programme", programmes())
def test_each_listed_provision_is_verbatim_and_still_needed(programme: str) -> None:
    text = document(programme).text()
    rows = provisions(programme)
    for provision in listed_provisions(programme):
        assert provision.quote in text, f"{programme}: {provision.quote!r} is not verbatim in the text"
        squashed = "".join(provision.quote.split())
        holding = [r for r in rows if squashed in "".join(r.text.split())]
        assert holding, f"{programme}: {provision.quote!r} is in no provision sentence"
        assert any(r.status == provision.status for r in holding), (
            f"{programme}: {provision.quote!r} is now {sorted({r.status for r in holding})}: drop it from PROVISIONS"
        )


def test_a_rule_is_a_quantity_with_a_comparison_or_an_obligation() -> None:
    assert rule_like("培育期间不少于20家")
    assert rule_like("每个项目最高不超过100万元")
    assert rule_like("于2022年6月30日前提交至省工业和信息化厅")
    assert not rule_like("有关事项通知如下：")
    assert not rule_like("牵头单位应制定合理的生态成员引入、退出机制和合作模式")  # no quantity: cited where encoded


def test_every_encoded_provision_names_the_rules_citing_it() -> None:
    rows = [r for p in programmes() for r in provisions(p) if r.status == "encoded"]
    assert len(rows) > 250
    assert all(r.where for r in rows)
