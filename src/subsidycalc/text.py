"""Plain-text layout for a terminal: tables whose columns line up with Chinese text in them.

>>> print(render_table(("方向", "金额"), [("direction_1", "1,000.00元")]))
方向         金额
-----------  ----------
direction_1  1,000.00元
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["render_table"]


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
