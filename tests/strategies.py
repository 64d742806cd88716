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


# -- allocation ---------------------------------------------------------------------------------

CREDIT_CODES = (
    "91440403AY4CL12TH3",
    "914404033BJ1XG6127",
    "91440403DD272HD1TH",
    "91440403J3Y7LLJY11",
    "91440403JJC171HU4K",
    "914404039D4H3J9HT3",
)


@st.composite
def candidates(draw: st.DrawFn, max_size: int = 40) -> list[Any]:
    """A population of assessed applications, with shared enterprises, tied scores and times."""
    from datetime import datetime
    from decimal import Decimal

    from subsidycalc.allocation import Candidate
    from subsidycalc.periods import BEIJING

    keys = list(doumen.DIRECTIONS)
    size = draw(st.integers(min_value=0, max_value=max_size))
    moments = [datetime(2024, 4, day, 9, tzinfo=BEIJING) for day in (1, 2, 3)]
    population = []
    for index in range(size):
        eligible = draw(st.booleans())
        population.append(
            Candidate(
                application_id=f"C{index:03d}",
                programme="doumen-2023",
                direction=draw(st.sampled_from(keys)),
                credit_code=draw(st.sampled_from(CREDIT_CODES)),
                enterprise="企业",
                eligible=eligible,
                award=Money(draw(st.integers(min_value=1, max_value=2_000_000_00))) if eligible else Money(0),
                review_score=draw(st.sampled_from([None, Decimal(80), Decimal(85), Decimal("85.5")])),
                contract_time=draw(st.sampled_from([None, *moments])),
                online_time=draw(st.sampled_from([None, *moments])),
                preference=draw(st.sampled_from([None, 1, 2])),
            )
        )
    return population
