"""Hypothesis strategies, kept in one place."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from subsidycalc.models import Category
from subsidycalc.money import Money
from subsidycalc.policies import doumen_2023_guide as doumen
from tests.factories import CMCC, LIANYUN, PAINO, passing

SUPPLIERS = (PAINO, LIANYUN, CMCC, "珠海示例供应商有限公司", "斯坦德机器人（深圳）有限公司")

fen = st.integers(min_value=0, max_value=500 * 1_000_000)  # up to 500万


def yuan_text(amount: int) -> str:
    return str(Money(amount).to_yuan())


def invoice_dates(direction: str, *, inside: bool | None = None) -> st.SearchStrategy[date]:
    window = doumen.DIRECTIONS[direction].window.value
    if inside is True:
        return st.dates(min_value=window.start, max_value=window.end)
    if inside is False:
        return st.one_of(
            st.dates(min_value=window.start - timedelta(days=400), max_value=window.start - timedelta(days=1)),
            st.dates(min_value=window.end + timedelta(days=1), max_value=window.end + timedelta(days=400)),
        )
    return st.dates(min_value=window.start - timedelta(days=60), max_value=window.end + timedelta(days=60))


@st.composite
def invoices(draw: st.DrawFn, direction: str, prefix: str = "G") -> dict[str, Any]:
    return {
        "number": f"{prefix}{draw(st.integers(min_value=0, max_value=10**9))}",
        "issued_on": draw(invoice_dates(direction)).isoformat(),
        "amount_excl_tax": yuan_text(draw(fen)),
        "category": draw(st.sampled_from(list(Category))).value,
        "supplier": draw(st.sampled_from(SUPPLIERS)),
    }


@st.composite
def applications(draw: st.DrawFn, direction: str) -> dict[str, Any]:
    """A baseline application with its invoices rescaled and random extra invoices."""
    data = passing(direction)
    for item in data["invoices"]:
        if draw(st.booleans()):
            item["amount_excl_tax"] = yuan_text(draw(fen))
    extra = draw(st.lists(invoices(direction), max_size=8, unique_by=lambda i: i["number"]))
    data["invoices"].extend(extra)
    return data


@st.composite
def eligible_invoice(draw: st.DrawFn, direction: str, number: str = "ADDED") -> dict[str, Any]:
    """An invoice the direction counts toward its award base: in window, base category, listed."""
    rules = doumen.DIRECTIONS[direction]
    category = draw(st.sampled_from(sorted(rules.base.value)))
    supplier = PAINO if rules.clusters and "zhuhai-pcb-2022" in rules.clusters.value else LIANYUN
    return {
        "number": number,
        "issued_on": draw(invoice_dates(direction, inside=True)).isoformat(),
        "amount_excl_tax": yuan_text(draw(fen)),
        "category": category.value,
        "supplier": supplier,
    }


@st.composite
def irrelevant_invoice(draw: st.DrawFn, direction: str, number: str = "IRRELEVANT") -> dict[str, Any]:
    """An invoice the direction must ignore: outside the window, or of a category it does not count."""
    rules = doumen.DIRECTIONS[direction]
    not_counted = sorted(set(Category) - rules.counted.value)
    if draw(st.booleans()):
        day = draw(invoice_dates(direction, inside=False))
        category = draw(st.sampled_from(list(Category)))
    else:
        day = draw(invoice_dates(direction, inside=True))
        category = draw(st.sampled_from(not_counted))
    return {
        "number": number,
        "issued_on": day.isoformat(),
        "amount_excl_tax": yuan_text(draw(fen)),
        "category": category.value,
        "supplier": draw(st.sampled_from(SUPPLIERS)),
    }
