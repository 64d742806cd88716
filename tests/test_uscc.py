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


_ALPHABET = list("0123456789ABCDEFGHJKLMNPQRTUWXY")
_CANONICAL = st.tuples(
    st.lists(st.sampled_from(_ALPHABET), min_size=2, max_size=2),
    st.lists(st.sampled_from(list("0123456789")), min_size=6, max_size=6),
    st.lists(st.sampled_from(_ALPHABET), min_size=10, max_size=10),
).map(lambda parts: "".join(c for part in parts for c in part))


@given(st.lists(st.tuples(_CANONICAL, st.booleans()), min_size=1, max_size=50))
def test_the_check_by_arrays_agrees_with_validate_on_the_canonical_form(drawn: list[tuple[str, bool]]) -> None:
    """``check_rows`` (the bulk path's check) accepts a code of the CANONICAL form exactly when
    ``validate`` returns it unchanged (about half carry their right check character)."""
    import re

    codes = [c[:17] + uscc.calc_check_character(c[:17]) if right else c for c, right in drawn]
    assert all(re.match(uscc.CANONICAL, c) for c in codes)
    expected = [uscc.is_valid(c) and uscc.validate(c) == c for c in codes]
    assert uscc.check_rows("".join(codes).encode("ascii")).tolist() == expected
    assert not any(re.match(uscc.CANONICAL, c) for c in ("91440400ma4uh7qx8a", "9144040OMA4UH7QX8A", "91440400MA4UH7QX8"))
