"""统一社会信用代码 (Unified Social Credit Code, USCC) per GB 32100-2015.

Eighteen characters from the 31-character set ``0-9A-HJ-NP-RTUWXY`` (no I, O, Z, S, V):

* 1: 登记管理部门代码 (registration authority), 2: 机构类别代码 (entity category),
* 3–8: 登记管理机关行政区划码 (six digits),
* 9–17: 主体标识码 (the organisation code, GB 11714),
* 18: 校验码, the check character: weights 3^(i) mod 31 over positions 1–17, ``(31 - sum % 31) % 31``.

Only the GB 32100 check character is verified; the embedded GB 11714 organisation-code check is
not, because codes issued to 个体工商户 legitimately do not satisfy it.

```pycon
>>> validate("91110000600037341L")
'91110000600037341L'
>>> is_valid("91110000600037341M")
False
>>> calc_check_character("91110000600037341")
'L'

```
"""

from __future__ import annotations

from operator import mul
from typing import Any, Final

from ._optional import require
from .text import quote

__all__ = ["CANONICAL", "InvalidCreditCode", "calc_check_character", "check_rows", "compact", "is_valid", "validate"]

_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE: Final = {c: i for i, c in enumerate(_ALPHABET)}
_WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
CANONICAL: Final = "^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$"
"""A code as `validate` returns it, but for its check character: 18 characters of the set, 3–8 digits."""


class InvalidCreditCode(ValueError):
    """A 统一社会信用代码 that is malformed or fails its check character."""


def compact(code: str) -> str:
    """Strip spaces and hyphens and upper-case."""
    return "".join(code.split()).replace("-", "").upper()


def calc_check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(first17) == 17:  # one pass in C: the same sum (a character outside the alphabet: KeyError)
        total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    else:
        total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """Return the compact code, or raise `InvalidCreditCode` saying what is wrong."""
    number = code.upper() if code.isascii() and code.isalnum() else compact(code)
    if len(number) == 18 and number[2:8].isdigit():
        try:  # the common, valid case in one pass; any fault is diagnosed below
            if number[17] == calc_check_character(number[:17]):
                return number
        except KeyError:  # a character outside the alphabet
            pass
    return _diagnose(code, compact(code))


def _diagnose(code: str, number: str) -> str:
    if len(number) != 18:
        raise InvalidCreditCode(
            f"统一社会信用代码 {quote(code)} has {len(number)} characters: expected 18"
        )
    bad = sorted({c for c in number if c not in _VALUE})
    if bad:
        raise InvalidCreditCode(
            f"统一社会信用代码 {quote(code)} contains {quote(''.join(bad))}: expected only 0-9 and "
            "A-Z without I, O, Z, S, V"
        )
    if not number[2:8].isdigit():
        raise InvalidCreditCode(
            f"统一社会信用代码 {quote(code)}: characters 3-8 {number[2:8]!r} must be the six-digit "
            "行政区划码"
        )
    expected = calc_check_character(number[:17])
    if number[17] != expected:
        raise InvalidCreditCode(
            f"统一社会信用代码 {quote(code)} fails its check character: "
            f"expected {expected!r} at position 18 (GB 32100-2015), got {number[17]!r}"
        )
    return number


def check_rows(codes: bytes) -> Any:
    """For codes of the `CANONICAL` form, concatenated as ASCII (18 bytes each), a NumPy ``bool``
    array: whether each code's 18th character is its check character (`calc_check_character`,
    by arrays). Those are exactly the codes `validate` returns unchanged."""
    np = require("numpy", "batch", "checking credit codes by arrays")
    value = np.zeros(256, dtype=np.int64)
    value[np.frombuffer(_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(len(_ALPHABET))
    text = np.frombuffer(codes, dtype=np.uint8).reshape(-1, 18)
    total = np.zeros(len(text), dtype=np.int64)
    for place, weight in enumerate(_WEIGHTS):  # a column at a time: no n × 18 integer matrix
        total += value[text[:, place]] * weight
    return value[text[:, 17]] == (31 - total % 31) % 31


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except InvalidCreditCode:
        return False
    return True
