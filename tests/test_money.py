"""Exact money: parsing, arithmetic that refuses nonsense, half-up rounding once, formatting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.money import MAX_FEN, MAX_RATIO_TERM, MAX_TEXT, ZERO, Money, Ratio, apply_rate, round_half_up


class TestParsing:
    @pytest.mark.parametrize(
        ("text", "fen"),
        [
            ("12.5万元", 12_500_000),
            ("12.5万", 12_500_000),
            ("125,000.00", 12_500_000),
            ("125000元", 12_500_000),
            ("¥1,000.5", 100_050),
            ("１２５，０００．００", 12_500_000),  # full-width digits and comma
            ("199.999999万", 199_999_999),
            ("0.01", 1),
            ("-3元", -300),
        ],
    )
    def test_text_in_yuan_or_wan_is_read_exactly(self, text: str, fen: int) -> None:
        assert Money.parse(text).fen == fen

    def test_an_integer_is_whole_yuan(self) -> None:
        assert Money.parse(300) == Money.from_wan(Decimal("0.03"))

    @pytest.mark.parametrize("value", ["12.345", "1.2345678万", "abc", "1,23.00", "", "12.5万万"])
    def test_text_that_is_not_exact_to_the_fen_or_not_money_is_refused(self, value: str) -> None:
        with pytest.raises(ValueError, match="expected"):
            Money.parse(value)

    def test_a_float_is_accepted_only_when_exact_to_the_fen(self) -> None:
        assert Money.parse(0.1).fen == 10
        assert Money.parse(1234.56).fen == 123456
        with pytest.raises(ValueError, match=r"0\.005"):
            Money.parse(0.005)
        with pytest.raises(ValueError, match="finite"):
            Money.parse(float("nan"))

    def test_a_bool_is_not_money(self) -> None:
        with pytest.raises(ValueError, match="expected"):
            Money.parse(True)


class TestArithmetic:
    def test_money_adds_and_subtracts_with_money(self) -> None:
        assert Money(5) + Money(7) == Money(12)
        assert Money(5) - Money(7) == Money(-2)
        assert sum([Money(1), Money(2)]) == Money(3)

    def test_money_times_an_int_is_money_and_money_over_money_is_a_ratio(self) -> None:
        assert Money(5) * 3 == Money(15)
        assert Money(3) / Money(4) == Ratio(Fraction(3, 4))

    @pytest.mark.parametrize("other", [Money(2), Ratio.parse("30%"), Decimal("0.3"), 0.3])
    def test_money_times_anything_but_an_int_is_refused(self, other: object) -> None:
        with pytest.raises(TypeError):
            Money(5) * other  # type: ignore[operator]

    def test_money_plus_a_number_is_refused(self) -> None:
        with pytest.raises(TypeError):
            Money(5) + 1  # type: ignore[operator]

    def test_money_is_immutable(self) -> None:
        with pytest.raises(AttributeError):
            Money(5)._fen = 6  # type: ignore[misc]


class TestRounding:
    def test_half_a_fen_rounds_away_from_zero(self) -> None:
        assert round_half_up(Fraction(5, 2)) == 3
        assert round_half_up(Fraction(-5, 2)) == -3
        assert round_half_up(Fraction(249, 100)) == 2

    def test_a_rate_is_applied_once_at_the_end(self) -> None:
        # 30% of 0.05元 = 1.5分 -> 2分; rounding each of five 0.01元 parts would give 0.
        assert apply_rate(Money(5), Ratio.parse("30%")) == Money(2)

    @given(st.integers(min_value=0, max_value=10**14), st.integers(min_value=0, max_value=100))
    def test_apply_rate_is_within_half_a_fen_of_the_exact_product(self, fen: int, pct: int) -> None:
        exact = Fraction(fen * pct, 100)
        result = apply_rate(Money(fen), Ratio(Fraction(pct, 100)))
        assert abs(result.fen - exact) <= Fraction(1, 2)
        assert result.fen - exact <= Fraction(1, 2)


class TestFormatting:
    def test_yuan_and_wan_forms(self) -> None:
        money = Money.parse("1250000.5")
        assert money.format() == "1,250,000.50元"
        assert money.format_wan() == "125.00005万元"
        assert Money.from_wan(150).format_wan() == "150万元"
        assert ZERO.format() == "0.00元"

    @given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN))
    def test_every_amount_round_trips_through_its_text(self, fen: int) -> None:
        """Over the whole input range (±10^12 元) every text form reads back to the same 分."""
        money = Money(fen)
        assert Money.parse(money.format()) == money
        assert Money.parse(str(money.to_yuan())) == money
        assert Money.parse(money.format_wan()) == money
        assert Money.parse(money.to_yuan()) == money
        assert "E" not in str(money.to_yuan())

    @given(st.integers(min_value=MAX_FEN + 1, max_value=10**40), st.sampled_from([1, -1]))
    def test_an_amount_beyond_the_range_is_refused_in_every_form(self, fen: int, sign: int) -> None:
        """Finding 7: a 10^28-分 amount validated, then lost its 分 and dumped in exponent form."""
        money = Money(sign * fen)
        forms: list[object] = [money.format(), money.format_wan(), money.to_yuan(), str(money.to_yuan())]
        if fen % 100 == 0:
            forms.append(sign * fen // 100)
        for form in forms:
            with pytest.raises(ValueError, match="within ±1,000,000,000,000 元"):
                Money.parse(form)

    def test_formatting_is_exact_at_any_size(self) -> None:
        """``to_yuan`` once rounded to 28 digits: ``Money(10**28 + 1)`` lost its 分."""
        assert str(Money(10**28 + 1).to_yuan()) == "100000000000000000000000000.01"
        assert Money(-(10**28 + 1)).format() == "-100,000,000,000,000,000,000,000,000.01元"

    @pytest.mark.parametrize(
        "value",
        [Decimal("1E+1000000"), 10**5000, "1" * 5000 + "万", 1e300, Decimal("1." + "0" * 40 + "1")],
        ids=["decimal-overflow", "5000-digit-int", "5000-digit-text", "float-1e300", "41-digit-decimal"],
    )
    def test_huge_or_overlong_numbers_are_a_clear_error(self, value: object) -> None:
        """Finding 7: ``Decimal('1E+1000000')`` raised ``decimal.Overflow``; a 41-digit decimal was
        rounded to 28 digits and accepted as 1 元."""
        with pytest.raises(ValueError, match=r"invalid amount|amount text"):
            Money.parse(value)


class TestRatio:
    @pytest.mark.parametrize(("text", "value"), [("35%", Fraction(7, 20)), ("0.35", Fraction(7, 20)), ("7/20", Fraction(7, 20)), ("１５％", Fraction(3, 20))])
    def test_ratios_parse_exactly(self, text: str, value: Fraction) -> None:
        assert Ratio.parse(text).value == value

    @given(
        st.integers(min_value=-MAX_RATIO_TERM, max_value=MAX_RATIO_TERM),
        st.integers(min_value=1, max_value=MAX_RATIO_TERM),
    )
    def test_every_ratio_in_range_reads_back_from_its_exact_text(self, numerator: int, denominator: int) -> None:
        ratio = Ratio(Fraction(numerator, denominator))
        assert Ratio.parse(ratio.exact_text()) == ratio
        assert Ratio.parse(ratio.value) == ratio

    @pytest.mark.parametrize(
        "value",
        ["1/2147483648", "99999999999%", 10**10, Decimal("1E+100000"), 0.123456789012, "1" * 5000, 10**5000,
         Fraction(1, 2**40)],
        ids=["den-2^31", "huge-percent", "int-10^10", "decimal-1E100000", "float-12-places", "5000-digit-text",
             "5000-digit-int", "fraction-2^-40"],
    )
    def test_a_ratio_beyond_the_range_is_a_clear_error(self, value: object) -> None:
        """Finding 7: a 5,000-digit ratio validated, then ``model_dump_json`` raised; the batch
        engine refused denominators of 2^31 the scalar engine took."""
        with pytest.raises(ValueError, match=r"invalid ratio|ratio text"):
            Ratio.parse(value)

    def test_a_float_ratio_is_read_through_its_shortest_repr(self) -> None:
        assert Ratio.parse(0.35) == Ratio.parse("35%")

    @given(st.fractions(min_value=0, max_value=10, max_denominator=10**6))
    def test_exact_text_round_trips(self, value: Fraction) -> None:
        assert Ratio.parse(Ratio(value).exact_text()).value == value


# The validators' shortcut for '1234567.89' must read exactly what the full parser reads, and
# hand everything else to it.
_AMOUNT_CHARS = st.sampled_from([*list("0123456789.,-_ 万元¥１２．"), "", "00"])


@given(st.lists(_AMOUNT_CHARS, max_size=14).map("".join))
def test_the_plain_amount_shortcut_agrees_with_the_full_parser(text: str) -> None:
    from subsidycalc.money import _parse_money_text, _plain_fen

    fen = _plain_fen(text)
    if fen is None:
        return
    if abs(fen) > MAX_FEN:  # out of range: both refuse it (Money.parse bounds the shortcut too)
        with pytest.raises(ValueError, match="expected an amount within"):
            _parse_money_text(text)
        with pytest.raises(ValueError, match="expected an amount within"):
            Money.parse(text)
        return
    assert _parse_money_text(text) == Money(fen)


@given(st.integers(min_value=0, max_value=MAX_FEN // 100 - 1), st.sampled_from(["", ".{:01d}", ".{:02d}"]))
def test_the_plain_amount_shortcut_takes_every_plain_amount(whole: int, decimals: str) -> None:
    from subsidycalc.money import _plain_fen

    text = f"{whole}" + decimals.format(whole % (10 if decimals == ".{:01d}" else 100))
    expected = _plain_fen(text)
    if decimals == ".{:01d}":
        assert expected is None  # one decimal goes the long way round, read the same
    else:
        assert expected == Money.parse(text).fen
    assert Money.parse(text) == Money.from_yuan(Decimal(text))


@pytest.mark.parametrize("pad", [" ", "0", "1,", "　", "万"])
def test_text_over_the_limit_is_refused_before_any_pattern_runs(pad: str) -> None:
    """1,000 spaces and an 'x' once took 5–8 s in the amount parser (catastrophic backtracking):
    text over MAX_TEXT characters is refused by its length, quoting only its start (the time this
    bounds is measured in the benchmarks, not here)."""
    from subsidycalc.money import MAX_TEXT, Ratio
    from subsidycalc.periods import parse_date, parse_instant

    for parse, what in ((Money.parse, "amount"), (Ratio.parse, "ratio"), (parse_date, "date"), (parse_instant, "time")):
        text = pad * 1000 + "x"
        with pytest.raises(ValueError, match=rf"^{what} text of {len(text)} characters .*expected at most {MAX_TEXT}$"):
            parse(text)
        with pytest.raises(ValueError, match=r"^(?!.*expected at most)"):  # within the limit: an ordinary refusal
            parse((pad * MAX_TEXT)[: MAX_TEXT - 1] + "x")


# Finding 1: catastrophic backtracking. Parsing time is bounded in two ways, both tested here.

_PARSERS = {
    "amount": lambda text: Money.parse(text),
    "ratio": lambda text: Ratio.parse(text),
    "date": lambda text: __import__("subsidycalc.periods").periods.parse_date(text),
    "time": lambda text: __import__("subsidycalc.periods").periods.parse_instant(text),
}
_HOSTILE_PIECES = st.sampled_from([" ", "　", "1", "1,", ",", ".", "万", "x", "%", "/", "年", ":", "-", "\t"])


@given(st.sampled_from(sorted(_PARSERS)), st.lists(_HOSTILE_PIECES, min_size=MAX_TEXT + 1, max_size=3000).map("".join))
def test_text_over_the_limit_never_reaches_a_pattern(kind: str, text: str) -> None:
    """Over :data:`MAX_TEXT` characters, every parser refuses by length before any regular
    expression runs (the patterns are replaced by ones that fail the test if used)."""
    import subsidycalc.money as money
    import subsidycalc.periods as periods

    class Tripwire:
        def match(self, *_: object) -> None:
            raise AssertionError(f"a pattern ran on {len(text)} characters")

    saved = (money._MONEY_TEXT, money._RATIO_TEXT, periods._CHINESE_DATE)
    money._MONEY_TEXT = money._RATIO_TEXT = periods._CHINESE_DATE = Tripwire()  # type: ignore[assignment]
    try:
        with pytest.raises(ValueError, match=f"at most {MAX_TEXT}"):
            _PARSERS[kind](text if len(text.strip()) > MAX_TEXT else text + "x" * MAX_TEXT)
    finally:
        money._MONEY_TEXT, money._RATIO_TEXT, periods._CHINESE_DATE = saved


@pytest.mark.parametrize("kind", sorted(_PARSERS))
@pytest.mark.parametrize("piece", [" ", "1,", "　", "1 ", "2023年"])
def test_parsing_time_grows_at_most_linearly_up_to_the_limit(kind: str, piece: str) -> None:
    """Within the limit, the worst inputs the fuzzing found (runs of spaces, digit groups, then
    junk) take time linear in their length: the time at 64 characters over the time at 16 stays
    far below the 64x a cubic parser shows (measured as the least of many runs, as a ratio)."""
    import time

    def worst(length: int) -> float:
        text = (piece * length)[: length - 1] + "x"
        best = float("inf")
        for _ in range(7):
            start = time.perf_counter()
            for _ in range(30):
                try:
                    _PARSERS[kind](text)
                except ValueError:
                    pass
                else:  # pragma: no cover - every text ends in junk
                    raise AssertionError(f"{text!r} was read")
            best = min(best, time.perf_counter() - start)
        return best

    worst(MAX_TEXT)  # warm the caches
    assert worst(MAX_TEXT) / worst(MAX_TEXT // 4) < 16


def test_money_and_ratios_survive_pickling() -> None:
    """A process pool or a Dask worker (``sweep(executor=...)``) receives them pickled."""
    import pickle

    for value in (Money(12345), Money(-1), ZERO, Ratio.parse("7/20"), Ratio(1)):
        again = pickle.loads(pickle.dumps(value))
        assert again == value
        assert type(again) is type(value)
