"""统一社会信用代码 per GB 32100-2015."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc import uscc


def test_a_published_code_is_valid() -> None:
    assert uscc.validate("91110000600037341L") == "91110000600037341L"


def test_spaces_hyphens_and_case_are_compacted() -> None:
    assert uscc.validate("9111 0000-6000 3734 1l") == "91110000600037341L"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110000600037341M", "check character"),
        ("9111000060003734", "18"),
        ("91110000600037341I", "without I, O, Z, S, V"),
        ("911A0000600037341L", "行政区划码"),
    ],
)
def test_bad_codes_are_refused_saying_why(code: str, message: str) -> None:
    with pytest.raises(uscc.InvalidCreditCode, match=message):
        uscc.validate(code)
    assert not uscc.is_valid(code)


def test_every_single_character_error_is_caught() -> None:
    code = "91440403AY4CL12TH3"
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for position in range(18):
        for char in alphabet:
            if char == code[position] or (2 <= position < 8 and not char.isdigit()):
                continue
            assert not uscc.is_valid(code[:position] + char + code[position + 1 :])


_CODE_CHARS = st.sampled_from(list("0123456789ABCDEFGHJKLMNPQRTUWXYabcIOZSV -１"))


@given(st.lists(_CODE_CHARS, min_size=16, max_size=20).map("".join))
def test_the_one_pass_check_agrees_with_the_diagnosis(code: str) -> None:
    # validate() accepts in one pass and leaves every fault to _diagnose: both must agree.
    try:
        expected: str | None = uscc._diagnose(code, uscc.compact(code))
    except uscc.InvalidCreditCode:
        expected = None
    assert (uscc.validate(code) if uscc.is_valid(code) else None) == expected


@given(st.lists(st.sampled_from(list("0123456789ABCDEFGHJKLMNPQRTUWXY")), min_size=17, max_size=17))
def test_every_code_with_its_check_character_is_valid(chars: list[str]) -> None:
    first17 = "".join(chars[:2]) + "440403" + "".join(chars[8:])
    code = first17 + uscc.calc_check_character(first17)
    assert uscc.validate(code) == code
    assert uscc.validate(code.lower()) == code
