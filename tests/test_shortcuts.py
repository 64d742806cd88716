"""The latency round's shortcuts (issue 17 item 6) read exactly what the full paths read.

Each shortcut inlines or caches a step that validation or assessment takes for every request; a
property test checks it against the path it short-cuts, on texts drawn around the forms it takes
(ISO dates and times, plain amounts, ASCII and full-width names), errors included.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from subsidycalc import uscc
from subsidycalc.models import Amount, _fold_name, _place_key_of, normalise_name, place_key
from subsidycalc.money import Money
from subsidycalc.periods import _validate_date, _validate_instant, parse_date, parse_instant


def _outcome(work: Any, value: object) -> tuple[str, object]:
    try:
        return "ok", work(value)
    except (ValueError, TypeError) as exc:
        return type(exc).__name__, str(exc)


def _full_date(value: object) -> date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise PydanticCustomError("date_parsing", "{message}", {"message": str(exc)}) from None


def _full_instant(value: object) -> datetime:
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise PydanticCustomError("datetime_parsing", "{message}", {"message": str(exc)}) from None


_DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.lists(st.sampled_from([*"0123456789-T: /年月日", "２", "1899", "2200", "-02-30"]), max_size=14).map("".join),
    st.dates().map(lambda d: d.isoformat().replace("-", "")),
)
_OFFSETS = st.sampled_from(["", "Z", "+08:00", "-12:00", "+14:00", "+05:30", ".5", " "])
_INSTANTS = st.one_of(
    st.tuples(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)), _OFFSETS, st.sampled_from("T "))
    .map(lambda t: t[0].isoformat(sep=t[2]) + t[1]),
    st.lists(st.sampled_from([*"0123456789-T: +Z", "1900-01-01T00:00", "2199-12-31T23:59", "+08:00"]), max_size=20).map("".join),
)


@given(_DATES)
def test_the_date_validator_reads_what_parse_date_reads(text: str) -> None:
    assert _outcome(_validate_date, text) == _outcome(_full_date, text)


@given(_INSTANTS)
def test_the_instant_validator_reads_what_parse_instant_reads(text: str) -> None:
    found, expected = _outcome(_validate_instant, text), _outcome(_full_instant, text)
    assert found == expected
    if found[0] == "ok":
        assert found[1].tzinfo is expected[1].tzinfo  # type: ignore[union-attr]


@pytest.mark.parametrize("value", [datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-5))), date(2024, 1, 1), 5, None])
def test_the_validators_take_other_values_the_long_way(value: object) -> None:
    assert _outcome(_validate_date, value) == _outcome(_full_date, value)
    assert _outcome(_validate_instant, value) == _outcome(_full_instant, value)


_AMOUNTS = st.one_of(
    st.integers(min_value=0, max_value=10**15).map(lambda fen: f"{fen // 100}.{fen % 100:02d}"),
    st.integers(min_value=0, max_value=10**13).map(str),
    st.lists(st.sampled_from([*"0123456789.,-万元 ", "１"]), max_size=20).map("".join),
    st.sampled_from(["0" * 64 + "1", "0" * 61 + "1.00", "-1.00", "1000000000000.00", "1000000000000.01"]),
)
_AMOUNT = TypeAdapter(Amount)


def _full_amount(value: object) -> Money:
    money = Money.parse(value)
    if money.fen < 0:
        raise ValueError("negative")
    return money


@given(_AMOUNTS)
def test_the_amount_validator_reads_what_money_parse_reads(text: str) -> None:
    try:
        found: object = _AMOUNT.validate_python(text)
    except ValidationError as exc:
        found = exc.errors(include_url=False)[0]["type"]
    try:
        expected: object = _full_amount(text)
    except ValueError as exc:
        expected = "value_error" if str(exc) == "negative" else "money_parsing"
    assert found == expected


_NAMES = st.lists(
    st.sampled_from([*"abcXYZ019-_ .,/", "\t", "\x1c", "\x1f", "\x7f", "１", "Ａ", "　", "斗门", "区", "市", "珠海"]), max_size=12
).map("".join)


@given(_NAMES)
def test_a_name_is_normalised_as_nfkc_without_spaces(name: str) -> None:
    assert normalise_name(name) == _fold_name(name) == "".join(unicodedata.normalize("NFKC", name).split())


@given(_NAMES, st.one_of(st.none(), _NAMES))
def test_a_place_key_is_the_same_made_once_or_again(city: str, district: str | None) -> None:
    assert place_key(city, district) == place_key(city, district) == _place_key_of(city, district)


@given(st.text(alphabet=st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"), min_size=17, max_size=17))
def test_the_check_character_is_the_weighted_sum_of_gb_32100(first17: str) -> None:
    values = {c: i for i, c in enumerate("0123456789ABCDEFGHJKLMNPQRTUWXY")}
    total = sum(values[c] * pow(3, i, 31) for i, c in enumerate(first17))
    assert uscc.calc_check_character(first17) == "0123456789ABCDEFGHJKLMNPQRTUWXY"[(31 - total % 31) % 31]


@pytest.mark.parametrize("text", ["", "0123456789ABCDEF", "0123456789ABCDEFGH"])
def test_the_check_character_of_a_wrong_length_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="zip"):
        uscc.calc_check_character(text)


def test_a_character_outside_the_alphabet_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        uscc.calc_check_character("0123456789ABCDEFI")


@given(st.integers(min_value=-(10**16), max_value=10**16))
def test_an_amount_is_formatted_with_thousands_and_two_decimals(fen: int) -> None:
    sign, whole, cents = ("-" if fen < 0 else ""), abs(fen) // 100, abs(fen) % 100
    assert Money(fen).format() == f"{sign}{whole:,}.{cents:02d}元"
