"""Progress on long work (sweeps, reports over large rounds): a tqdm bar in terminals and notebooks,
silent when the output is not interactive or when asked."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from importlib.util import find_spec
from typing import TypeVar

T = TypeVar("T")


def steps(items: Iterable[T], *, total: int, what: str, show: bool | None = None) -> Iterator[T]:
    """``items`` with a progress bar: shown where ``show`` is true, or (``None``) where standard error
    is a terminal or a notebook is running; tqdm (``tqdm.auto``) where installed, else a line of text."""
    wanted = _interactive() if show is None else show
    if not wanted:
        yield from items
        return
    if find_spec("tqdm") is not None:
        from tqdm.auto import tqdm

        yield from tqdm(items, total=total, desc=what, file=sys.stderr, leave=False)
        return
    for index, item in enumerate(items, start=1):  # pragma: no cover - tqdm is in the test extra
        yield item
        sys.stderr.write(f"\r{what} {index}/{total}")
        sys.stderr.flush()
    sys.stderr.write("\n")  # pragma: no cover


def _interactive() -> bool:
    if "ipykernel" in sys.modules:
        return True
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())
