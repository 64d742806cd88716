"""Dates, inclusive windows and Beijing-time deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.periods import (
    BEIJING,
    FIRST_YEAR,
    LAST_YEAR,
    DateWindow,
    Deadline,
    parse_date,
    parse_instant,
)


class TestDates:
    @pytest.mark.parametrize("text", ["2023-01-01", "2023年1月1日", "2023年01月01日", "2023/1/1", "２０２３年１月１日"])
    def test_iso_and_chinese_dates_are_read(self, text: str) -> None:
        assert parse_date(text) == date(2023, 1, 1)

    @pytest.mark.parametrize("text", ["2023-02-30", "2023年2月30日", "2023-13-01"])
    def test_impossible_dates_are_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="impossible date"):
            parse_date(text)

    @pytest.mark.parametrize("value", ["yesterday", "18:00", 20230101, None])
    def test_anything_else_is_refused_naming_the_value(self, value: object) -> None:
        with pytest.raises(ValueError, match="expected a date"):
            parse_date(value)

    def test_an_aware_datetime_gives_its_beijing_date(self) -> None:
        assert parse_date(datetime(2023, 12, 31, 17, 0, tzinfo=UTC)) == date(2024, 1, 1)


class TestInstants:
    def test_chinese_deadline_text_with_a_full_width_colon(self) -> None:
        assert parse_instant("2024年4月30日18：00") == datetime(2024, 4, 30, 18, 0, tzinfo=BEIJING)

    def test_a_naive_time_is_beijing_time(self) -> None:
        assert parse_instant("2024-04-15 18:00") == datetime(2024, 4, 15, 18, tzinfo=BEIJING)

    def test_an_aware_time_is_converted(self) -> None:
        assert parse_instant("2024-04-15T10:00:00Z") == datetime(2024, 4, 15, 18, tzinfo=BEIJING)

    @pytest.mark.parametrize("value", ["2024-04-15", "2024年4月15日", date(2024, 4, 15)])
    def test_a_date_without_a_time_is_refused(self, value: object) -> None:
        with pytest.raises(ValueError, match="no time"):
            parse_instant(value)

    @pytest.mark.parametrize("value", ["18:00", "tomorrow 6pm", 1713175200])
    def test_a_time_without_a_date_is_refused(self, value: object) -> None:
        with pytest.raises(ValueError, match="expected a date and time"):
            parse_instant(value)


class TestWindowsAndDeadlines:
    def test_a_window_includes_both_ends(self) -> None:
        window = DateWindow(start=date(2023, 1, 1), end=date(2023, 12, 31))
        assert window.contains(date(2023, 1, 1))
        assert window.contains(date(2023, 12, 31))
        assert not window.contains(date(2022, 12, 31))
        assert not window.contains(date(2024, 1, 1))

    def test_a_window_that_ends_before_it_starts_is_refused(self) -> None:
        with pytest.raises(ValueError, match="before its start"):
            DateWindow(start=date(2024, 1, 2), end=date(2024, 1, 1))

    def test_a_deadline_is_met_at_the_second_and_missed_one_second_later(self) -> None:
        deadline = Deadline(at=datetime(2024, 4, 15, 18, tzinfo=BEIJING))
        moment = datetime(2024, 4, 15, 18, tzinfo=BEIJING)
        assert deadline.is_met_by(moment)
        assert not deadline.is_met_by(moment + timedelta(seconds=1))
        assert deadline.is_met_by(datetime(2024, 4, 15, 18))  # naive is Beijing
        assert str(deadline) == "2024年4月15日18:00（北京时间）"


# parse_date and parse_instant try datetime.fromisoformat first: for every text they must accept
# and refuse exactly what their general path does.
_DATE_PIECES = st.sampled_from(
    ["2024", "2023", "-", "04", "4", "15", "1", "T", " ", "18", ":", "00", "01", "+08:00", "Z",
     "+00:00", ".5", "年", "月", "日", "/", "30", "02", "29", "24"]
)


_ISO_LIKE = st.builds(
    "{}-{}-{}{}{}{}".format,
    st.sampled_from(["2024", "2023", "0001", "20240"]),
    st.sampled_from(["04", "4", "13", "02"]),
    st.sampled_from(["15", "30", "29", "1"]),
    st.sampled_from(["", "T", " ", "t", "  "]),
    st.sampled_from(["", "18", "18:00", "18:00:00", "18:00:01.5", "24:00", "9:00", "1800"]),
    st.sampled_from(["", "+08:00", "Z", "+00:00", "-05:30", "+0800", " "]),
)


@given(st.one_of(_ISO_LIKE, st.lists(_DATE_PIECES, max_size=12).map("".join)))
def test_the_iso_shortcut_agrees_with_the_general_path(text: str) -> None:
    from subsidycalc.periods import _parse_date_text, _parse_instant_text

    for parser, general in ((parse_date, _parse_date_text), (parse_instant, _parse_instant_text)):
        try:
            expected: object = general(text)
        except ValueError:
            expected = ValueError
        if isinstance(expected, date) and not FIRST_YEAR <= expected.year <= LAST_YEAR:
            expected = ValueError  # the range is checked once, after either path
        try:
            got: object = parser(text)
        except ValueError:
            got = ValueError
        assert got == expected, text
        if isinstance(got, datetime):
            assert isinstance(expected, datetime)
            assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00", "9999-12-31 23:59",
     "1899-12-31T23:59:59+08:00", "2200-01-01T00:00:00"],
)
def test_an_instant_outside_the_range_is_a_clear_error(text: str) -> None:
    """Finding 4: ``9999-12-31T23:59:59-12:00`` raised a raw ``OverflowError`` from validation."""
    with pytest.raises(ValueError, match="outside 1900–2199"):
        parse_instant(text)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", date(9999, 12, 31)])
def test_a_date_outside_the_range_is_a_clear_error(value: object) -> None:
    """Finding 4: ``expert_since = 9999-12-31`` validated, then assess raised ``year 10009 is out of range``."""
    with pytest.raises(ValueError, match="outside 1900–2199"):
        parse_date(value)


def test_the_ends_of_the_range_are_read() -> None:
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2199-12-31") == date(2199, 12, 31)
    assert parse_instant("2199-12-31T23:59:59+08:00").year == 2199
    assert parse_instant("1900-01-01T00:00:00+08:00").year == 1900
