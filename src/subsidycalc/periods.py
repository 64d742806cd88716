"""Dates, inclusive date windows and Beijing-time deadlines.

* A date window (发票时间 2023年1月1日 到 2023年12月31日) includes both of its ends.
* A deadline (截止至2024年4月15日18:00) is an instant in Asia/Shanghai: a submission at 18:00:00 is
  on time, one at 18:00:01 is late. A naive ``datetime`` is read as Beijing time; an aware one is
  converted.
* Text input may be ISO 8601 (``2023-01-01``, ``2024-04-15T18:00:00+08:00``), Chinese
  (``2023年1月1日``, ``2024年4月15日18:00``, full-width digits and colons included) or slashed
  (``2023/1/1``). Anything else is an error naming the value and the expected form.

Beijing time is the fixed offset UTC+8: China Standard Time has had no daylight saving since 1991,
long before any window in these policies, so no time-zone database is needed.

```pycon
>>> parse_date("2023年1月1日")
datetime.date(2023, 1, 1)
>>> deadline = Deadline(at=parse_instant("2024年4月15日18:00"))
>>> deadline.is_met_by(parse_instant("2024-04-15 18:00:00")), deadline.is_met_by(parse_instant("2024-04-15 18:00:01"))
(True, False)

```
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Annotated, Final

from dateutil.parser import isoparse
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .citations import Citation
from .money import MAX_TEXT, too_long
from .text import quote

__all__ = [
    "BEIJING",
    "FIRST_YEAR",
    "LAST_YEAR",
    "DateField",
    "DateWindow",
    "Deadline",
    "Effective",
    "InstantField",
    "format_date_zh",
    "parse_date",
    "parse_instant",
    "to_beijing",
]

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
"""Asia/Shanghai as a fixed UTC+8 offset (no DST since 1991)."""

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
"""Dates and times are read from 1900-01-01 to 2199-12-31 (Beijing time): far wider than any policy
window or founding date, and narrow enough that every computation on them (a year added to a
founding date, an offset converted to Beijing time) stays inside what ``datetime`` can hold."""

_CHINESE_DATE = re.compile(  # possessive quantifiers: linear time (see money._MONEY_TEXT)
    r"^\s*+(?P<y>\d{4})\s*+[年/.-]\s*+(?P<m>\d{1,2})\s*+[月/.-]\s*+(?P<d>\d{1,2})\s*+日?"
    r"(?:\s*+(?P<H>\d{1,2})\s*+[:时]\s*+(?P<M>\d{1,2})(?:\s*+[:分]\s*+(?P<S>\d{1,2})\s*+秒?)?\s*+分?)?\s*+\Z",
    re.ASCII,  # only ASCII digits (after NFKC): '٢٠٢٣-٠١-٠١' is no date
)
_DATE_EXPECTED = "a date such as '2023-01-01' or '2023年1月1日'"
_INSTANT_EXPECTED = (
    "a date and time such as '2024-04-15T18:00:00', '2024-04-15 18:00' or '2024年4月15日18:00' "
    "(Beijing time unless an offset is given)"
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _from_match(match: re.Match[str], text: str, expected: str) -> datetime:
    try:
        return datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"] or 0),
            int(match["M"] or 0),
            int(match["S"] or 0),
        )
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r} ({exc}): expected {expected}") from None


def parse_date(value: object) -> date:
    """Read a calendar date (years `FIRST_YEAR` to `LAST_YEAR`); a ``datetime`` gives
    its date in Beijing time."""
    day = _read_date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"date {quote(value.isoformat() if isinstance(value, date) else value)} is outside {FIRST_YEAR}–{LAST_YEAR}: expected {_DATE_EXPECTED} in that range")
    return day


def _read_date(value: object) -> date:
    if isinstance(value, datetime):
        return to_beijing(value).date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"invalid date {value!r}: expected {_DATE_EXPECTED}")
    if value.isascii():
        try:  # shortcut: for ASCII text the general path's first step (NFKC changes nothing)
            return date.fromisoformat(value)
        except ValueError:
            pass
    return _parse_date_text(value)


def _parse_date_text(value: str) -> date:
    """Every text form `parse_date` reads (its shortcut is one of them)."""
    error = too_long(value, "date")
    if error is not None:
        raise error
    text = _fold(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _CHINESE_DATE.match(text)
    if match is not None:
        return _from_match(match, value, _DATE_EXPECTED).date()
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}", text, re.ASCII):
        try:
            return to_beijing(isoparse(text)).date()
        except _OutOfRange:
            raise
        except ValueError:
            raise ValueError(f"impossible date {value!r}: expected {_DATE_EXPECTED}") from None
    raise ValueError(f"invalid date {value!r}: expected {_DATE_EXPECTED}")


def to_beijing(moment: datetime) -> datetime:
    """A naive datetime is Beijing time; an aware one is converted to Beijing time.

    Raises `ValueError` (not ``OverflowError``) for a moment whose Beijing time is not a
    ``datetime`` (``9999-12-31T23:59:59-12:00``)."""
    if moment.tzinfo is BEIJING:  # already (every validated moment is)
        return moment
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=BEIJING)
    try:
        return moment.astimezone(BEIJING)
    except OverflowError:
        raise _OutOfRange(
            f"time {moment.isoformat()!r} is outside {FIRST_YEAR}–{LAST_YEAR} in Beijing time: "
            f"expected {_INSTANT_EXPECTED} in that range"
        ) from None


class _OutOfRange(ValueError):
    """A moment that has no Beijing time: reported as it is, not as an unreadable text."""


def parse_instant(value: object) -> datetime:
    """Read a moment in time as an aware datetime in Beijing time.

    A bare date is rejected: a deadline at 18:00 cannot be judged from a date alone. Years
    `FIRST_YEAR` to `LAST_YEAR` (Beijing time) are read; others are an error.
    """
    moment = _read_instant(value)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"time {quote(value.isoformat() if isinstance(value, date) else value)} is outside {FIRST_YEAR}–{LAST_YEAR}: expected {_INSTANT_EXPECTED} in that range")
    return moment


def _read_instant(value: object) -> datetime:
    if isinstance(value, datetime):
        return to_beijing(value)
    if isinstance(value, date):
        raise ValueError(f"a date with no time {value.isoformat()!r}: expected {_INSTANT_EXPECTED}")
    if not isinstance(value, str):
        raise ValueError(f"invalid timestamp {value!r}: expected {_INSTANT_EXPECTED}")
    if len(value) > 11 and value[10] in "T " and value.isascii():
        try:  # shortcut: an ISO date and time, read as the general path reads it
            return to_beijing(datetime.fromisoformat(value))
        except _OutOfRange:
            raise
        except ValueError:
            pass
    return _parse_instant_text(value)


def _parse_instant_text(value: str) -> datetime:
    """Every text form `parse_instant` reads (its shortcut is one of them)."""
    error = too_long(value, "time")
    if error is not None:
        raise error
    text = _fold(value).strip()
    match = _CHINESE_DATE.match(text)
    if match is not None:
        if match["H"] is None:
            raise ValueError(f"a date with no time {value!r}: expected {_INSTANT_EXPECTED}")
        return _from_match(match, value, _INSTANT_EXPECTED).replace(tzinfo=BEIJING)
    if not re.match(r"^\d{4}-?\d{2}-?\d{2}[T ]\d", text, re.ASCII):
        if re.match(r"^\d{4}-?\d{2}-?\d{2}$", text, re.ASCII):
            raise ValueError(f"a date with no time {value!r}: expected {_INSTANT_EXPECTED}")
        raise ValueError(f"invalid timestamp {value!r}: expected {_INSTANT_EXPECTED}")
    try:
        return to_beijing(datetime.fromisoformat(text))
    except _OutOfRange:
        raise
    except ValueError:
        pass  # dateutil reads the ISO forms the standard library does not
    try:
        return to_beijing(isoparse(text))
    except _OutOfRange:
        raise
    except ValueError as exc:
        raise ValueError(
            f"invalid timestamp {value!r} ({exc}): expected {_INSTANT_EXPECTED}"
        ) from None


def _validate_date(value: object) -> date:
    if type(value) is str and value.isascii():  # parse_date's own shortcut, inlined
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
    try:
        return parse_date(value)
    except ValueError as exc:
        raise PydanticCustomError("date_parsing", "{message}", {"message": str(exc)}) from None


def _validate_instant(value: object) -> datetime:
    if type(value) is str and len(value) > 11 and value[10] in "T " and value.isascii():
        try:  # parse_instant's own shortcut, inlined, for a year well inside the range
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if FIRST_YEAR < moment.year < LAST_YEAR:  # an offset moves it less than a day: no overflow
                return to_beijing(moment)
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise PydanticCustomError("datetime_parsing", "{message}", {"message": str(exc)}) from None


DateField = Annotated[
    date,
    PlainValidator(_validate_date),
    PlainSerializer(lambda d: d.isoformat(), when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "maxLength": MAX_TEXT,
            "description": "'2023-01-01' or '2023年1月1日', 1900–2199",
        }
    ),
]
"""A calendar date accepting ISO and Chinese text."""

InstantField = Annotated[
    datetime,
    PlainValidator(_validate_instant),
    PlainSerializer(lambda d: d.isoformat(), when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "maxLength": MAX_TEXT,
            "description": "'2024-04-15T18:00:00+08:00' or '2024年4月15日18:00' (Beijing time), 1900–2199",
        }
    ),
]
"""An instant; naive input is Beijing time, stored aware in Beijing time."""


class DateWindow(BaseModel):
    """An inclusive window of calendar dates: ``start <= d <= end``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: DateField
    end: DateField

    @model_validator(mode="after")
    def _ordered(self) -> DateWindow:
        if self.end < self.start:
            raise ValueError(
                f"window end {self.end.isoformat()} is before its start {self.start.isoformat()}: "
                "expected start <= end"
            )
        return self

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{_zh(self.start)}至{_zh(self.end)}"


class Deadline(BaseModel):
    """A deadline instant: met by any moment at or before it (Beijing time)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: InstantField

    @classmethod
    def end_of(cls, day: date) -> Deadline:
        """The whole of ``day``, Beijing time: 「……前」「至……」 with no time of day (the last microsecond
        of the day is on time, midnight is late)."""
        return cls(at=datetime.combine(day, time.max, tzinfo=BEIJING))

    def is_met_by(self, moment: datetime) -> bool:
        return to_beijing(moment) <= self.at

    def __str__(self) -> str:
        return _deadline_text(self.at)


@lru_cache(maxsize=256)
def _deadline_text(moment: datetime) -> str:
    local = moment.astimezone(BEIJING)
    return f"{_zh(local.date())}{local.strftime('%H:%M')}（北京时间）"


def _zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_date_zh(day: date) -> str:
    """``2023年1月1日``."""
    return _zh(day)


class Effective(BaseModel):
    """When a version is in force: applications dated from ``start`` to ``end`` (inclusive, Beijing
    calendar days); an open end where the text fixes none. ``citation``: the clause that fixes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date | None = None
    end: date | None = None
    citation: Citation | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                f"effective end {self.end.isoformat()} is before its start {self.start.isoformat()}: expected start <= end"
            )
        return self

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        if self.start is None and self.end is None:
            return "不限"
        start = f"自{_zh(self.start)}" if self.start is not None else ""
        end = f"至{_zh(self.end)}" if self.end is not None else "起"
        return start + end
