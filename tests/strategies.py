"""Hypothesis strategies, kept in one place."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from subsidycalc.models import Category
from subsidycalc.money import Money
from subsidycalc.parts.bases import InvoiceBase
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
    assert isinstance(rules.base, InvoiceBase)
    category = draw(st.sampled_from(sorted(rules.base.in_base.value)))
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


# -- whole applications varied in every condition (batch ≡ scalar) --------------------------------

_TIMES = (
    "2024-04-15T18:00:00+08:00",  # the online deadline itself (on time)
    "2024-04-15T18:00:00.000001+08:00",  # one microsecond late
    "2024-04-15T10:00:00Z",  # 18:00 Beijing: on time
    "2024-04-26T18:00:01+08:00",
    "2024-04-30T17:59:59",  # naive: Beijing time
    "2024-05-01T09:00:00+08:00",
)
_PLACES = ({"city": "珠海市", "district": "斗门区"}, {"city": "珠海市", "district": "斗门 区"},
           {"city": "珠海市", "district": "香洲区"}, {"city": "中山市", "district": None})


def _ratio_text(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["0%", "4.99%", "5%", "10%", "10.01%", "20%", "24.99%", "25%", "50%",
                                 "60%", "69.99%", "70%", "100%", "1/3"]))


@st.composite
def varied_applications(draw: st.DrawFn, direction: str, app_id: str) -> dict[str, Any]:
    """An application to ``direction`` varied in every input a condition reads.

    Each condition is left as it passes most of the time and broken, or brought to its boundary,
    some of the time, so generated populations mix eligible and ineligible applicants.
    """
    from subsidycalc.models import Certification, DocumentKind, Facts, FundingLevel
    from tests.factories import APPLIANCE_CLUSTER, OTHER_CODES, PCB_CLUSTER

    data = draw(applications(direction))
    data["id"] = app_id
    rare = st.integers(min_value=0, max_value=5).map(lambda v: v == 0)  # about one in six
    enterprise = data["enterprise"]
    enterprise["credit_code"] = draw(st.sampled_from(CREDIT_CODES))
    for place in ("registration", "tax", "statistics"):
        if draw(rare):
            enterprise[place] = dict(draw(st.sampled_from(_PLACES)))
    if draw(rare):
        enterprise["incidents"] = [{
            "kind": draw(st.sampled_from(["environmental", "quality", "safety", "violation"])),
            "occurred_on": draw(st.dates(min_value=date(2022, 12, 25), max_value=date(2024, 4, 20))).isoformat(),
            "major": draw(st.booleans()),
        }]
    if draw(rare):
        enterprise["credit"] = {"dishonest_joint_punishment": True}
    if draw(rare):
        enterprise["clusters"] = draw(st.lists(st.sampled_from([PCB_CLUSTER, APPLIANCE_CLUSTER, "other-cluster"]),
                                               unique=True, max_size=2))
    if draw(rare):
        enterprise["certifications"] = draw(st.lists(st.sampled_from([c.value for c in Certification]), unique=True))
    if draw(rare):
        data["partners"] = [
            {"name": f"联合单位{i}", "credit_code": "",
             "registration": {"city": draw(st.sampled_from(["珠海市", "珠 海市", "中山市"])), "district": "金湾区"}}
            for i in range(draw(st.integers(min_value=0, max_value=3)))
        ]
    if draw(rare):
        data["prior_funding"] = [{
            "level": draw(st.sampled_from([level.value for level in FundingLevel])),
            "programme": "某专项", "amount": "10万", "year": 2022,
            "project_id": draw(st.sampled_from([data["project"]["id"], "OTHER-PROJECT"])),
        }]
    if draw(rare):  # a 规划 by a listed unit of either cluster, or by one on no list (斗门 「……或规划」)
        data["project"]["planning_provider"] = draw(st.sampled_from([*SUPPLIERS, "珠海非名单规划公司"]))
    if draw(rare):
        data["submission"] = {name: draw(st.sampled_from([None, *_TIMES])) for name in ("online_at", "revised_at", "paper_at")}
    if draw(rare):
        documents = data["documents"]
        data["documents"] = None if draw(st.booleans()) else sorted(
            set(draw(st.lists(st.sampled_from(documents), unique=True))) | {d.value for d in DocumentKind if draw(rare)})
    facts = data.setdefault("facts", {})
    for name in list(facts):
        if draw(rare):
            del facts[name]
    if draw(rare):
        name = draw(st.sampled_from(sorted(facts) or ["has_showcase"]))
        kind = str(Facts.model_fields[name].annotation)
        if "Ratio" in kind:
            facts[name] = _ratio_text(draw)
        elif "bool" in kind:
            facts[name] = draw(st.booleans())
        else:
            facts[name] = draw(st.integers(min_value=0, max_value=4))
    others = [c for c in dict.fromkeys((*OTHER_CODES, *CREDIT_CODES)) if c != enterprise["credit_code"]]
    for partner, code in zip(data.get("partners", []), others, strict=False):
        partner["credit_code"] = code
    data["review_score"] = draw(st.sampled_from([None, "80", "85", "85.5"]))
    return data
