"""Exact money and exact ratios.

Money is held as an integer number of 分 (1 元 = 100 分, 1 万元 = 1,000,000 分), never as a
``float``. Ratios (rates, shares, percentages) are exact fractions. The arithmetic refuses what is
meaningless: money + money is money, money × integer is money, money / money is a `Ratio`,
money × money and money + number are errors. Multiplying money by a rate is *not* an operator: it
goes through `apply_rate`, which rounds exactly once, half-up (四舍五入) to the 分, as
``CONVENTIONS.md`` requires.

Float policy: a ``float`` is accepted only when its shortest ``repr`` is exact to the 分 (at most
two decimals for 元, six for 万元); ``0.1`` is 1 角, ``0.005`` is an error. NaN and infinities are
errors. ``bool`` is never a number here.

```pycon
>>> Money.parse("12.5万元")
Money('125000.00')
>>> Money.parse("125,000.00") == Money.from_wan(Decimal("12.5"))
True
>>> apply_rate(Money.parse("0.05"), Ratio.parse("50%"))   # 2.5 分 rounds half-up to 3 分
Money('0.03')
>>> Money.parse("300万") / Money.parse("500万")
Ratio('3/5')

```
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final, Self, SupportsIndex

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .text import quote

__all__ = [
    "FEN_PER_WAN",
    "FEN_PER_YUAN",
    "MAX_FEN",
    "MAX_RATIO_TERM",
    "MAX_TEXT",
    "ZERO",
    "Checked",
    "Money",
    "Ratio",
    "apply_rate",
    "round_half_up",
    "too_long",
]

FEN_PER_YUAN: Final = 100
FEN_PER_WAN: Final = 10_000 * FEN_PER_YUAN

MAX_FEN: Final = 10**14
"""The largest amount read from input, in 分: 10^12 元 (一万亿元), in both engines. The largest sum
any of the texts pays is 2,000万元; a bound this far above it refuses only nonsense, and keeps
every amount, sum and formatting exact (``int64`` in the batch engine, 28-digit decimals)."""
MAX_RATIO_TERM: Final = 2**31 - 1
"""The largest numerator and denominator (in lowest terms) of a ratio read from input: nine
decimal places or a percentage with seven, far finer than any text states, and exactly what the
batch engine's integer columns hold."""
_MAX_YUAN: Final = MAX_FEN // FEN_PER_YUAN
_MAX_DIGITS: Final = 30
"""Significant digits of a ``Decimal`` read as an amount or ratio: more is no exact amount."""

# Possessive quantifiers (``*+``, ``++``) never give back what they matched: no run of spaces or
# digits is tried in more than one way, so matching is linear in the text's length (the patterns
# once backtracked cubically over runs of spaces).
_MONEY_TEXT = re.compile(
    r"""^\s*+(?P<sign>[-−])?\s*+[¥￥]?\s*+
        (?P<number>\d{1,3}(?:,\d{3})++(?:\.\d++)?|\d++(?:\.\d++)?|\.\d++)
        \s*+(?P<unit>万元|万|元)?\s*+\Z""",
    re.VERBOSE | re.ASCII,  # ASCII: '١٢٣' (Arabic-Indic digits) is no amount; NFKC folds full-width ones
)
_PLAIN_YUAN = re.compile(r"(?P<sign>-)?(?P<whole>\d+)(?:\.(?P<fraction>\d{1,2}))?\Z", re.ASCII)
_RATIO_TEXT = re.compile(
    r"^\s*+(?:(?P<pct>[-+]?\d++(?:\.\d++)?)\s*+%|(?P<num>[-+]?\d++)\s*+/\s*+(?P<den>\d++)"
    r"|(?P<dec>[-+]?\d++(?:\.\d++)?))\s*+\Z",
    re.ASCII,
)


def _round_half_up_ratio(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (denominator > 0) rounded half away from zero."""
    whole, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        whole += 1
    return whole if numerator >= 0 else -whole


def round_half_up(value: Fraction) -> int:
    """Round an exact number of 分 to a whole 分, half away from zero (四舍五入).

    ```pycon
    >>> round_half_up(Fraction(5, 2)), round_half_up(Fraction(-5, 2)), round_half_up(Fraction(7, 3))
    (3, -3, 2)

    ```
    """
    return _round_half_up_ratio(value.numerator, value.denominator)


def _decimal_from_float(value: float, what: str) -> Decimal:  # float-ok: the float policy itself
    if not math.isfinite(value):  # float-ok
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return Decimal(repr(value))


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, commas and the full-width percent sign to ASCII.
    return unicodedata.normalize("NFKC", text).replace("，", ",")


def _money_error(value: object, expected: str) -> PydanticCustomError:
    return PydanticCustomError(
        "money_parsing",
        "invalid amount {value}: expected {expected}",
        {"value": quote(value), "expected": expected},
    )


_MONEY_EXPECTED = (
    "an exact amount in 元 to the 分, e.g. '125000.00', '125,000.00', '12.5万元' or an integer "
    "number of 元 (金额须精确到分)"
)


_CENTS: Final = tuple(f".{cents:02d}元" for cents in range(FEN_PER_YUAN))
"""``.00元`` … ``.99元``: the tail of every `Money.format`, made once."""


class _Exact:
    """Shared by `Money` and `Ratio`: an immutable exact value ``_v``, compared and
    hashed only with values of the same class (money never equals a ratio or a bare number)."""

    __slots__ = ("_v",)
    _v: Any

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[type[Self], tuple[Any]]:
        """Pickled as its class and exact value (a process pool or a Dask worker rebuilds it)."""
        return (type(self), (self._v,))

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return bool(self._v == other._v)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._v))

    def __lt__(self, other: Self) -> bool:
        if type(other) is type(self):
            return bool(self._v < other._v)
        return NotImplemented

    def __le__(self, other: Self) -> bool:
        if type(other) is type(self):
            return bool(self._v <= other._v)
        return NotImplemented

    def __gt__(self, other: Self) -> bool:
        if type(other) is type(self):
            return bool(self._v > other._v)
        return NotImplemented

    def __ge__(self, other: Self) -> bool:
        if type(other) is type(self):
            return bool(self._v >= other._v)
        return NotImplemented


_new = object.__new__
_set_value = _Exact.__dict__["_v"].__set__  # the slot itself: bypasses the immutability guard


class Money(_Exact):
    """An exact amount of money in 分 (integer). Immutable and hashable.

    Construct with `from_fen`, `from_yuan`, `from_wan` or `parse`; the
    bare constructor takes an integer number of 分.
    """

    __slots__ = ()
    _v: int

    def __init__(self, fen: SupportsIndex) -> None:
        if type(fen) is not int:
            if isinstance(fen, bool) or not isinstance(fen, int):
                raise TypeError(f"Money(fen) takes an int number of 分, got {type(fen).__name__}")
            fen = int(fen)
        _set_value(self, fen)

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def from_fen(cls, fen: int) -> Money:
        return cls(fen)

    @classmethod
    def from_yuan(cls, value: int | str | Decimal) -> Money:
        """Money from an amount in 元; must be exact to the 分."""
        return cls(_scaled_exact(value, FEN_PER_YUAN, "元"))

    @classmethod
    def from_wan(cls, value: int | str | Decimal) -> Money:
        """Money from an amount in 万元; must be exact to the 分."""
        return cls(_scaled_exact(value, FEN_PER_WAN, "万元"))

    @classmethod
    def parse(cls, value: object) -> Money:
        """Parse text like ``"12.5万元"``, ``"125,000.00"``, ``"¥1,000元"``, or a number of 元.

        Raises `ValueError` naming the value and what was expected.
        """
        if isinstance(value, str):  # first: validation reads amounts by the thousand
            if len(value) > MAX_TEXT:  # before the shortcut too: '0' * 100 + '1' is no amount
                raise _too_long_amount(value)
            fen = _plain_fen(value)  # shortcut: '1234567.89', the form JSON output uses
            return _bounded(fen, value) if fen is not None else _parse_money_text(value)
        if isinstance(value, Money):
            return value
        if isinstance(value, bool):
            raise ValueError(f"invalid amount {value!r}: expected {_MONEY_EXPECTED}")
        if isinstance(value, int):
            if abs(value) > MAX_FEN // FEN_PER_YUAN:  # before any arithmetic on a huge int
                raise ValueError(_range_error(quote(value)))
            return cls(value * FEN_PER_YUAN)
        if isinstance(value, float):
            number = _decimal_from_float(value, "amount")
            return _bounded(_scaled_exact(number, FEN_PER_YUAN, "元", original=value), value)
        if isinstance(value, Decimal):
            return _bounded(_scaled_exact(value, FEN_PER_YUAN, "元", original=value), value)
        raise ValueError(
            f"invalid amount {value!r} of type {type(value).__name__}: expected {_MONEY_EXPECTED}"
        )

    # -- accessors ----------------------------------------------------------------------------
    @property
    def fen(self) -> int:
        return self._v

    def to_yuan(self) -> Decimal:
        fen = self._v
        if -_EXACT_SCALEB < fen < _EXACT_SCALEB:  # scaleb rounds to the context's 28 digits
            return Decimal(fen).scaleb(-2)
        return Decimal(f"{fen}e-2")

    def to_wan(self) -> Decimal:
        return (Decimal(self._v) / FEN_PER_WAN).normalize()

    def format(self) -> str:
        """``'1,250,000.00元'``: the form used in tables and explanations."""
        fen = self._v
        if fen >= 0:
            return f"{fen // FEN_PER_YUAN:,}{_CENTS[fen % FEN_PER_YUAN]}"
        return f"-{-fen // FEN_PER_YUAN:,}{_CENTS[-fen % FEN_PER_YUAN]}"

    def format_wan(self) -> str:
        """``'125万元'`` / ``'12.5万元'``: exact, trailing zeros dropped."""
        text = format(self.to_wan(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text}万元"

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"Money('{self.to_yuan()}')"

    # -- arithmetic ---------------------------------------------------------------------------
    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            return _money(self._v + other._v)
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        # Lets ``sum(moneys)`` start from the integer 0, and nothing else.
        if other == 0 and not isinstance(other, bool):
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            return _money(self._v - other._v)
        return NotImplemented

    def __neg__(self) -> Money:
        return _money(-self._v)

    def __abs__(self) -> Money:
        return _money(abs(self._v))

    def __mul__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool):
            return _money(self._v * other)
        if isinstance(other, (Money, Ratio, Fraction, Decimal, float)):
            raise TypeError(
                "Money can only be multiplied by an int; use apply_rate(money, rate) to apply a "
                "rate with the single half-up rounding the conventions require"
            )
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Ratio:
        if isinstance(other, Money):
            if other._v == 0:
                raise ZeroDivisionError("share of a zero amount")
            return Ratio(Fraction(self._v, other._v))
        raise TypeError("Money can only be divided by Money (giving a Ratio)")

    # -- pydantic -----------------------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_money, serialization=_MONEY_SERIALISER
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        text = {
            "type": "string",
            "pattern": r"^-?\d+\.\d{2}$",
            "description": "金额（元，精确到分，不含税）: exact amount in 元, two decimals",
            "examples": ["125000.00"],
        }
        if handler.mode == "serialization":
            return text
        return {
            "anyOf": [
                {
                    "type": "string",
                    "maxLength": MAX_TEXT,
                    "description": "'125000.00', '125,000.00', '12.5万元', '300万' (元 unless 万)",
                },
                {"type": "integer", "description": "whole 元", "minimum": -_MAX_YUAN, "maximum": _MAX_YUAN},
                {"type": "number", "description": "元; only if exact to the 分", "minimum": -_MAX_YUAN, "maximum": _MAX_YUAN},
            ],
            "description": "金额（不含税）: exact amount, at most 10^12 元; 元 unless the text ends in 万/万元",
        }


MAX_TEXT: Final = 64
"""The longest amount, ratio, date or time text read: longer text is refused before any pattern
runs, so parsing time is bounded whatever the input (a few hundred spaces once took seconds)."""


def too_long(value: str, what: str) -> ValueError | None:
    """The error for a text over `MAX_TEXT` characters (quoting only its start), or ``None``."""
    if len(value) <= MAX_TEXT:
        return None
    return ValueError(f"{what} text of {len(value)} characters ({value[:16]!r}…): expected at most {MAX_TEXT}")


_EXACT_SCALEB: Final = 10**27


def _range_error(shown: str) -> str:
    return f"invalid amount {shown}: expected an amount within ±{MAX_FEN // FEN_PER_YUAN:,} 元 (10^12 元)"


def _bounded(fen: int, value: object) -> Money:
    if -MAX_FEN <= fen <= MAX_FEN:
        return _money(fen)
    raise ValueError(_range_error(quote(value)))


def _too_long_amount(value: str) -> ValueError:
    error = too_long(value, "amount")
    assert error is not None
    return error


def _parse_money_text(value: str) -> Money:
    """Every text form `Money.parse` reads (``_plain_fen`` is a shortcut for one of them)."""
    error = too_long(value, "amount")
    if error is not None:
        raise error
    plain = _PLAIN_YUAN.match(value)
    if plain is not None:
        fraction = plain["fraction"] or ""
        fen = int(plain["whole"]) * FEN_PER_YUAN + int(fraction.ljust(2, "0") or 0)
        return _bounded(-fen if plain["sign"] else fen, value)
    match = _MONEY_TEXT.match(_normalise(value))
    if match is None:
        raise ValueError(f"invalid amount {value!r}: expected {_MONEY_EXPECTED}")
    number = Decimal(match["number"].replace(",", ""))
    if match["sign"]:
        number = -number
    if match["unit"] in ("万元", "万"):
        return _bounded(_scaled_exact(number, FEN_PER_WAN, "万元", original=value), value)
    return _bounded(_scaled_exact(number, FEN_PER_YUAN, "元", original=value), value)


def _money(fen: int) -> Money:
    """A Money from an ``int`` already known to be one (the arithmetic's results)."""
    money = _new(Money)
    _set_value(money, fen)
    return money


def _plain_fen(text: str) -> int | None:
    """``'1234567.89'`` or ``'1234567'`` → 分 without a regular expression; ``None`` otherwise.

    ``isdigit`` alone would admit other scripts' digits and ``int`` would admit ``_`` and spaces:
    the text must be ASCII digits, with exactly two decimals if it has a point.
    """
    if text.isascii():
        if len(text) > 3 and text[-3] == ".":
            digits = text[:-3] + text[-2:]
            if digits.isdigit():
                return int(digits)
        elif text.isdigit():
            return int(text) * FEN_PER_YUAN
    return None


def _validate_money(value: object) -> Money:
    try:
        return Money.parse(value)
    except (ValueError, TypeError) as exc:
        raise _money_error(value, str(exc).split(": expected ", 1)[-1]) from None


_MONEY_SERIALISER: Final = core_schema.plain_serializer_function_ser_schema(
    lambda m: str(m.to_yuan()), when_used="json"
)


def _scaled_exact(
    value: int | str | Decimal, scale: int, unit: str, original: object = None
) -> int:
    shown = quote(value if original is None else original)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"invalid amount {shown}: expected {_MONEY_EXPECTED}") from None
    if not number.is_finite():
        raise ValueError(f"invalid amount {shown}: expected a finite amount")
    if number and number.adjusted() > 14:  # a bound on the exponent before any arithmetic
        raise ValueError(_range_error(shown))
    if len(number.as_tuple().digits) > _MAX_DIGITS:
        raise ValueError(f"invalid amount {shown}: more than {_MAX_DIGITS} digits: expected {_MONEY_EXPECTED}")
    with localcontext(prec=2 * _MAX_DIGITS):  # exact: the default 28 digits would round
        scaled = number * scale
    if scaled != scaled.to_integral_value():
        raise ValueError(
            f"invalid amount {shown} ({unit}): expected an amount exact to the 分 "
            f"(金额须精确到分, at most {len(str(scale)) - 1} decimals in {unit})"
        )
    return int(scaled)


ZERO: Final = Money(0)


class Ratio(_Exact):
    """An exact ratio (rate, share, percentage) backed by `fractions.Fraction`.

    Parses ``"35%"``, ``"0.35"``, ``"7/20"``, a ``Decimal``, ``Fraction`` or ``int``; a ``float``
    is read through its shortest ``repr`` (``0.35`` is exactly 35%).
    """

    __slots__ = ()
    _v: Fraction

    def __init__(self, value: Fraction | int) -> None:
        if isinstance(value, bool) or not isinstance(value, (Fraction, int)):
            raise TypeError(f"Ratio takes a Fraction or int, got {type(value).__name__}")
        object.__setattr__(self, "_v", value if type(value) is Fraction else Fraction(value))

    @classmethod
    def parse(cls, value: object) -> Ratio:
        if isinstance(value, str):  # first: the form input and rule files use
            error = too_long(value, "ratio")
            if error is not None:  # before the cache, which keeps only short texts
                raise error
            return _parse_ratio_text(value)
        if isinstance(value, Ratio):
            return value
        if isinstance(value, bool):
            raise ValueError(f"invalid ratio {value!r}: expected e.g. '35%', '0.35' or '7/20'")
        if isinstance(value, int):
            return _bounded_ratio(value, 1, value)
        if isinstance(value, Fraction):
            return _bounded_ratio(value.numerator, value.denominator, value)
        given = value
        if isinstance(value, float):
            value = _decimal_from_float(value, "ratio")
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ValueError(f"invalid ratio {quote(given)}: expected a finite number")
            if value and not -_MAX_DIGITS <= value.adjusted() <= _MAX_DIGITS:
                return _bounded_ratio(MAX_RATIO_TERM + 1, 1, given)  # refused before any arithmetic
            fraction = Fraction(value)
            return _bounded_ratio(fraction.numerator, fraction.denominator, given)
        raise ValueError(f"invalid ratio {quote(value)}: expected e.g. '35%', '0.35' or '7/20'")

    @property
    def value(self) -> Fraction:
        return self._v

    def percent(self) -> str:
        """``'35%'``; ``'33.3333%'`` (4 places, half-up) when not a short exact percentage.

        For display only; `exact_text` gives a text that reads back exactly.
        """
        exact = _exact_percent(self._v.numerator, self._v.denominator, 4)
        if exact is not None:
            return exact
        pct = self._v * 100
        return f"{Decimal(round_half_up(pct * 10**4)).scaleb(-4):f}%"

    def exact_text(self) -> str:
        """A text `parse` reads back to exactly this ratio: ``'35%'`` or ``'1/3'``."""
        exact = _exact_percent(self._v.numerator, self._v.denominator, 8)
        if exact is not None:
            return exact
        return f"{self._v.numerator}/{self._v.denominator}"

    def __str__(self) -> str:
        return self.percent()

    def __hash__(self) -> int:
        # Fractions are kept in lowest terms, so equal ratios have equal parts; hashing the parts
        # skips Fraction.__hash__'s modular inverse (ratios key the engine's memo).
        return hash(("Ratio", self._v.numerator, self._v.denominator))

    def __repr__(self) -> str:
        return f"Ratio('{self._v}')"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_ratio, serialization=_RATIO_SERIALISER
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [{"type": "string", "maxLength": MAX_TEXT}, {"type": "number"}],
            "description": (
                "比例: exact ratio, e.g. '35%', '0.35' or '7/20'; numerator and denominator in lowest "
                "terms at most 2^31 - 1"
            ),
            "examples": ["35%", "7/20"],
        }


def _validate_ratio(value: object) -> Ratio:
    try:
        return Ratio.parse(value)
    except (ValueError, TypeError) as exc:
        raise PydanticCustomError("ratio_parsing", "{message}", {"message": str(exc)}) from None


_RATIO_SERIALISER: Final = core_schema.plain_serializer_function_ser_schema(
    lambda r: r.exact_text(), when_used="json"
)


class Checked:
    """``Annotated[Money, Checked(check)]``: parse and check in one call from pydantic-core.

    The same as ``AfterValidator(check)`` (a failed check is a ``value_error`` with its message) but
    without a second call out of the validator per field: amounts are validated by the thousand.
    """

    __slots__ = ("check", "kind")

    def __init__(self, kind: type[Money] | type[Ratio], check: Callable[[Any], Any]) -> None:
        self.kind = kind
        self.check = check

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        parse = _validate_money if self.kind is Money else _validate_ratio
        check = self.check

        def checked(parsed: Any) -> Any:
            try:
                return check(parsed)
            except ValueError as exc:
                raise PydanticCustomError(
                    "value_error", "Value error, {error}", {"error": str(exc)}
                ) from None

        def validate(value: object) -> Any:
            return checked(parse(value))

        def validate_money(value: object) -> Any:
            # Money.parse's own shortcut, inlined: '1234567.89' within bounds (anything else: parse)
            if type(value) is str and len(value) <= MAX_TEXT:
                fen = _plain_fen(value)
                return checked(_money(fen) if fen is not None and fen <= MAX_FEN else _validate_money(value))
            return checked(_validate_money(value))

        serialiser = _MONEY_SERIALISER if self.kind is Money else _RATIO_SERIALISER
        return core_schema.no_info_plain_validator_function(
            validate_money if self.kind is Money else validate, serialization=serialiser
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return self.kind.__get_pydantic_json_schema__(schema, handler)


@lru_cache(maxsize=4096)
def _exact_percent(numerator: int, denominator: int, max_places: int) -> str | None:
    # Keyed by the parts, not the Fraction: Fraction.__hash__ computes a modular inverse.
    numerator *= 100
    for places in range(max_places + 1):
        scaled, remainder = divmod(numerator * 10**places, denominator)
        if remainder == 0:
            return f"{Decimal(scaled).scaleb(-places):f}%"
    return None


@lru_cache(maxsize=1024)
def _parse_ratio_text(value: str) -> Ratio:
    """Ratio texts repeat ('35%', '60%'), and a Ratio is immutable: parse each once (at most 1,024
    texts of at most `MAX_TEXT` characters are kept)."""
    match = _RATIO_TEXT.match(_normalise(value))
    if match is None:
        raise ValueError(f"invalid ratio {value!r}: expected e.g. '35%', '0.35' or '7/20'")
    if match["pct"] is not None:
        fraction = Fraction(Decimal(match["pct"])) / 100
    elif match["num"] is not None:
        if int(match["den"]) == 0:
            raise ValueError(f"invalid ratio {value!r}: zero denominator")
        fraction = Fraction(int(match["num"]), int(match["den"]))
    else:
        fraction = Fraction(Decimal(match["dec"]))
    return _bounded_ratio(fraction.numerator, fraction.denominator, value)


def _bounded_ratio(numerator: int, denominator: int, value: object) -> Ratio:
    """The ratio ``numerator / denominator`` if, in lowest terms, both are at most
    `MAX_RATIO_TERM`; else the error naming the value."""
    if abs(numerator) <= MAX_RATIO_TERM and denominator <= MAX_RATIO_TERM:
        return Ratio(Fraction(numerator, denominator))
    raise ValueError(
        f"invalid ratio {quote(value)}: numerator and denominator (in lowest terms) must be at most "
        f"{MAX_RATIO_TERM:,}: expected e.g. '35%', '0.35' or '7/20' with at most 9 decimals"
    )


def apply_rate(base: Money, rate: Ratio) -> Money:
    """``rate × base``, rounded once, half-up, to the 分 (四舍五入).

    ```pycon
    >>> apply_rate(Money.parse("333.33"), Ratio.parse("30%"))
    Money('100.00')

    ```
    """
    value = rate.value
    return _money(_round_half_up_ratio(base._v * value.numerator, value.denominator))
