"""Plain-text layout for a terminal: tables whose columns line up with Chinese text in them.

```pycon
>>> print(render_table(("方向", "金额"), [("direction_1", "1,000.00元")]))
方向         金额
-----------  ----------
direction_1  1,000.00元

```
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["quote", "render_table"]


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table aligned for a terminal (CJK characters are two columns wide)."""
    widths = [max(_width(c) for c in column) for column in zip(header, *rows, strict=True)]
    lines = [_row(header, widths), _row(tuple("-" * w for w in widths), widths)]
    lines += [_row(row, widths) for row in rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True)).rstrip()


def quote(value: object, limit: int = 40) -> str:
    """``repr(value)`` for a one-line message, at most ``limit`` characters of it (then ``…``): an
    error names the value it refuses without echoing a megabyte of it.

    ```pycon
    >>> quote("x" * 100, 12)
    "'xxxxxxxxxx…"
    >>> quote(10**5000)
    '<an integer of 16610 bits>'

    ```
    """
    if isinstance(value, int) and value.bit_length() > 4000:  # repr would exceed Python's digit limit
        return f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit]  # repr of the prefix only: linear in the limit, not in the value
        return repr(value)[: limit - 1] + "…"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
