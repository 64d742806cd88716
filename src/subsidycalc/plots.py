"""Pictures for analysts (extra ``plot``: ``pip install 'subsidycalc[plot]'``, matplotlib).

- `award_curve` — award against spend for one direction: zero below the minimum (the kink),
  the rate's slope, the flat at the cap; each marked with its value and clause;
- `award_curves` — the same for every rate-based direction of a programme, one panel each;
- `sweep_chart` — total paid over a parameter from a [`Sweep`][subsidycalc.scenarios.Sweep],
  one line per value of a second parameter;
- `rank_chart` — one direction's ranked applicants after allocation: assessed award, amount
  funded, outcome, and the quota line.

Every function returns a ``matplotlib.figure.Figure`` (save it with ``fig.savefig``); nothing is
shown or written unless you ask. Amounts are computed exactly (integer 分) and converted to 万元
floats only for drawing.

Chinese labels need a CJK-capable font. `cjk_font` picks the first installed one of
`CJK_FONTS` (on Debian/Ubuntu: ``apt install fonts-noto-cjk``); without one the figures are
drawn with a warning naming the fix, and the missing glyphs show as boxes.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from ._optional import require
from .allocation import Allocation, Outcome
from .money import ZERO, Money, Ratio, apply_rate
from .registry import directions
from .rules import AnyRules
from .scenarios import Sweep

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["CJK_FONTS", "award_curve", "award_curves", "award_points", "cjk_font", "rank_chart", "sweep_chart"]

CJK_FONTS: Final = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Sarasa Gothic SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)
"""CJK-capable font families, in order of preference."""

_FUNDED, _UNFUNDED, _INELIGIBLE = "#2a7ab9", "#d9822b", "#b0b0b0"


def _pyplot() -> Any:
    # Headless machines fall back to the Agg backend; a notebook keeps its own.
    return require("matplotlib.pyplot", "plot", "pictures")


@cache
def cjk_font() -> str | None:
    """The first installed family of `CJK_FONTS`, or ``None``.

    matplotlib caches the list of system fonts: a font installed after the cache was built (the very
    ``apt install fonts-noto-cjk`` the warning recommends) is not in it. When the cached list has no
    CJK family, the system's font files are looked at again and the new ones added
    (``fontManager.addfont``), so the install takes effect without deleting the cache by hand.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _first_cjk(manager)
    if found is None:
        paths = font_manager.findSystemFonts()
        likely = [p for p in paths if "cjk" in p.lower() or "han" in p.lower() or "wqy" in p.lower()]
        for path in likely or paths:  # a collection (.ttc) known for another face may hold the family
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - an unreadable font file
                continue
        found = _first_cjk(manager)
    return found


def _first_cjk(manager: Any) -> str | None:
    installed = {font.name for font in manager.ttflist}
    return next((family for family in CJK_FONTS if family in installed), None)


@contextmanager
def _chinese() -> Iterator[Any]:
    plt = _pyplot()
    family = cjk_font()
    if family is None:
        warnings.warn(
            "no CJK font found (looked for: " + ", ".join(CJK_FONTS[:4]) + " …): Chinese labels will "
            "not render; install one, e.g. `apt install fonts-noto-cjk`",
            stacklevel=3,
        )
        families = ["DejaVu Sans"]
    else:
        families = [family, "DejaVu Sans"]
    with plt.rc_context({"font.family": families, "axes.unicode_minus": False}):
        yield plt


def _wan(amount: Money) -> float:  # float-ok: drawing coordinates
    return float(amount.to_wan())  # float-ok: drawing coordinates only, never money arithmetic


# -- award against spend --------------------------------------------------------------------


def _rate_cap_minimum(rules: AnyRules) -> tuple[Ratio, Money | None, Money]:
    if rules.rate is None:
        raise ValueError(
            f"{rules.ref}: pays a lump sum or a decided amount (no rate): expected a direction with a rate"
        )
    cap = rules.cap.value if rules.cap is not None else None
    minimum = rules.minimum.value if rules.minimum is not None else ZERO
    return rules.rate.value, cap, minimum


def award_points(rules: AnyRules, spend: Sequence[Money]) -> list[Money]:
    """The award at each spend, were every other condition met and the whole spend in the award
    base: zero below the minimum, then rate × spend (rounded once, half-up), then the cap.

    ```pycon
    >>> from subsidycalc.registry import get
    >>> d1 = get("doumen-2023/direction_1")
    >>> " / ".join(a.format_wan() for a in award_points(d1, [Money.from_wan(w) for w in (299, 300, 400)]))
    '0万元 / 90万元 / 100万元'

    ```
    """
    rate, cap, minimum = _rate_cap_minimum(rules)
    found = []
    for amount in spend:
        award = ZERO if amount < minimum else apply_rate(amount, rate)
        found.append(award if cap is None or award <= cap else cap)
    return found


def award_curve(rules: AnyRules, *, spend_max: Money | None = None, points: int = 400, ax: Axes | None = None) -> Figure:
    """Award against spend for one direction (see `award_points` for what is assumed)."""
    rate, cap, minimum = _rate_cap_minimum(rules)
    if spend_max is None:  # past the kink at the minimum and the point where the cap is reached
        reach = 2 * minimum.fen if cap is None else cap.fen * rate.value.denominator // max(rate.value.numerator, 1)
        spend_max = Money.from_fen(max(reach * 3 // 2, minimum.fen * 3 // 2, Money.from_wan(10).fen))
    step = max(spend_max.fen // points, 1)
    marks = {minimum.fen, minimum.fen - 1} if minimum > ZERO else set()
    spend = [Money.from_fen(f) for f in sorted(set(range(0, spend_max.fen + 1, step)) | marks)]
    awards = award_points(rules, spend)
    with _chinese() as plt:
        fig: Any = plt.figure(figsize=(7, 4.5)) if ax is None else ax.get_figure(root=True)
        ax = fig.add_subplot() if ax is None else ax
        ax.plot([_wan(s) for s in spend], [_wan(a) for a in awards], color=_FUNDED, linewidth=2, label="奖补 award")
        if minimum > ZERO:
            ax.axvline(_wan(minimum), color="grey", linestyle="--", linewidth=1)
            ax.annotate(f"最低投资 {minimum.format_wan()}", (_wan(minimum), 0), xytext=(4, 8), textcoords="offset points", fontsize=8)
        if cap is not None:
            ax.axhline(_wan(cap), color="grey", linestyle=":", linewidth=1)
            ax.annotate(f"最高 {cap.format_wan()}", (0, _wan(cap)), xytext=(4, 4), textcoords="offset points", fontsize=8)
        title = "\n".join(textwrap.wrap(rules.name, 26))
        ax.set_title(f"{title}\n{rules.ref} · 比例 {rate.percent()}", fontsize=9)
        ax.set_xlabel("计入投资额 eligible spend（万元）")
        ax.set_ylabel("奖补 award（万元）")
        ax.set_xlim(0, _wan(spend_max))
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    figure: Figure = fig
    return figure


def award_curves(programme: str, *, columns: int = 3) -> Figure:
    """`award_curve` for every rate-based direction of a programme, one panel each."""
    chosen = [r for r in directions(programme).values() if r.rate is not None]
    if not chosen:
        raise ValueError(f"{programme}: no direction pays a rate: expected a programme with rate-based awards")
    rows = -(-len(chosen) // columns)
    with _chinese() as plt:
        fig, grid = plt.subplots(rows, columns, figsize=(5 * columns, 3.6 * rows), squeeze=False)
        for ax, rules in zip(grid.flat, chosen, strict=False):
            award_curve(rules, ax=ax)
        for ax in list(grid.flat)[len(chosen):]:
            ax.set_visible(False)
        fig.tight_layout()
    figure: Figure = fig
    return figure


# -- a sweep -----------------------------------------------------------------------------------


def _axis_value(text: str) -> float | str:  # float-ok: drawing coordinates
    try:
        return _wan(Money.parse(text))
    except ValueError:
        return text


def sweep_chart(sweep: Sweep, x: str, *, series: str | None = None) -> Figure:
    """Total paid against the values of parameter ``x``, one line per value of ``series``."""
    rows = list(sweep)
    if not rows or x not in rows[0].values:
        known = sorted(rows[0].values) if rows else []
        raise ValueError(f"x={x!r}: not a parameter of this sweep: expected one of {known}")
    if series is not None and series not in rows[0].values:
        raise ValueError(f"series={series!r}: not a parameter of this sweep: expected one of {sorted(rows[0].values)}")
    groups: dict[str, list[tuple[float | str, float]]] = {}
    for row in rows:
        key = row.values[series] if series is not None else "合计 total"
        groups.setdefault(key, []).append((_axis_value(row.values[x]), _wan(row.total_paid)))
    with _chinese() as plt:
        fig = plt.figure(figsize=(7, 4.5))
        ax = fig.add_subplot()
        for key, pairs in groups.items():
            label = f"{series.rsplit('.', 1)[-1]} = {key}" if series is not None else key
            ax.plot([p[0] for p in pairs], [p[1] for p in pairs], marker="o", label=label)
        ax.set_xlabel(f"{x}" + ("（万元）" if all(isinstance(p[0], float) for g in groups.values() for p in g) else ""))
        ax.set_ylabel("支付总额 total paid（万元）")
        ax.set_title("预算测算 budget what-if")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    figure: Figure = fig
    return figure


# -- one direction's ranking ------------------------------------------------------------------


def rank_chart(allocation: Allocation, direction: str) -> Figure:
    """One direction's applicants in rank order: assessed award, amount funded, outcome, quota."""
    decisions = [d for d in allocation.decisions if direction in (d.direction, f"{d.programme}/{d.direction}")]
    if not decisions:
        raise ValueError(f"direction={direction!r}: no applicant in this allocation: expected a direction key such as 'direction_1'")
    ranked = sorted((d for d in decisions if d.rank is not None), key=lambda d: d.rank or 0)
    others = [d for d in decisions if d.rank is None]
    shown = ranked + others
    total = next((t for t in allocation.totals if direction in (t.direction, f"{t.programme}/{t.direction}")), None)
    colours = [
        _FUNDED if d.outcome is Outcome.FUNDED else _INELIGIBLE if d.outcome is Outcome.INELIGIBLE else _UNFUNDED
        for d in shown
    ]
    with _chinese() as plt:
        fig = plt.figure(figsize=(max(6, 0.8 * len(shown) + 2), 4.5))
        ax = fig.add_subplot()
        positions = list(range(len(shown)))
        ax.bar(positions, [_wan(d.assessed_award) for d in shown], color="none", edgecolor=colours, linewidth=1.5, label="评估奖补 assessed")
        ax.bar(positions, [_wan(d.funded) for d in shown], color=colours, label="分配金额 funded")
        labels = [f"{d.rank or '-'}\n{d.application_id}\n{d.outcome.label}" for d in shown]
        ax.set_xticks(positions, labels, fontsize=7)
        if total is not None and total.quota is not None and total.quota < len(ranked):
            ax.axvline(total.quota - 0.5, color="black", linestyle="--", linewidth=1)
            ax.annotate(f"限额 quota {total.quota}", (total.quota - 0.5, 0), xytext=(4, 8), textcoords="offset points", fontsize=8)
        name = total.name if total is not None else direction
        ax.set_title(f"{name}：名次与分配 rank and allocation")
        ax.set_xlabel("名次 / 申请编号 / 结果 (rank / application / outcome)")
        ax.set_ylabel("金额 amount（万元）")
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
    figure: Figure = fig
    return figure
