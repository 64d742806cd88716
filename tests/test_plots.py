"""Pictures: the award curve's kink, slope and flat; the sweep chart; the rank chart; Chinese glyphs."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib  # noqa: F401 - the test extra installs it: CI skips nothing
import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.allocation import allocate
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.money import ZERO, Money, apply_rate
from subsidycalc.plots import award_curve, award_curves, award_points, cjk_font, rank_chart, sweep_chart
from subsidycalc.registry import all_directions, get
from subsidycalc.scenarios import sweep

RATED = [r for r in all_directions().values() if r.rate is not None]


def no_missing_glyphs(fig, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Save the figure and fail on any 'Glyph … missing from font' warning."""
    if cjk_font() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have a CJK font installed (.ci/run installs fonts-noto-cjk)")
        pytest.skip("no CJK font on this machine: apt install fonts-noto-cjk")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=50)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []
    assert path.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("rules", RATED, ids=lambda r: r.ref)
@given(fen=st.integers(min_value=0, max_value=10**12))
def test_the_curve_is_zero_below_the_minimum_then_rate_then_cap(rules, fen: int) -> None:  # type: ignore[no-untyped-def]
    spend = Money.from_fen(fen)
    [award] = award_points(rules, [spend])
    minimum = rules.minimum.value if rules.minimum is not None else ZERO
    if spend < minimum:
        assert award == ZERO
    else:
        assert award <= apply_rate(spend, rules.rate.value)
        assert rules.cap is None or award <= rules.cap.value
        assert award == apply_rate(spend, rules.rate.value) or award == rules.cap.value


def test_the_award_curve_shows_the_kink_the_slope_and_the_flat(tmp_path: Path) -> None:
    d1 = get("doumen-2023/direction_1")
    fig = award_curve(d1)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "计入投资额 eligible spend（万元）"
    assert ax.get_ylabel() == "奖补 award（万元）"
    xs, ys = ax.lines[0].get_data()
    below = max(y for x, y in zip(xs, ys, strict=True) if x < 300)
    assert below == 0  # nothing below 300万
    assert min(y for x, y in zip(xs, ys, strict=True) if x >= 300) == pytest.approx(90)  # 30% of 300万
    assert max(ys) == pytest.approx(100)  # the cap
    assert any("最低投资 300万元" in t.get_text() for t in ax.texts)
    assert any("最高 100万元" in t.get_text() for t in ax.texts)
    no_missing_glyphs(fig, tmp_path / "curve.png")


def test_award_curves_draw_every_rated_direction_of_a_programme(tmp_path: Path) -> None:
    fig = award_curves("doumen-2023")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 8
    no_missing_glyphs(fig, tmp_path / "curves.png")


def test_a_lump_sum_item_has_no_curve() -> None:
    with pytest.raises(ValueError, match="lump sum"):
        award_curve(get("zhongshan-2025/item_1"))


def test_the_rank_chart_shows_rank_order_outcomes_and_the_quota(tmp_path: Path) -> None:
    allocation = allocate(example_applications("doumen-2023"), ledger=example_ledger())
    fig = rank_chart(allocation, "direction_1")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert [label.split("\n")[1] for label in labels[:3]] == ["DM23-D1-02", "DM23-D1-01", "DM23-D1-06"]
    assert "超出限额" in labels[2]
    assert len(ax.patches) == 2 * len(labels)  # assessed outline and funded bar per applicant
    assert any(t.get_text() == "限额 quota 2" for t in ax.texts)
    assert ax.get_ylabel() == "金额 amount（万元）"
    no_missing_glyphs(fig, tmp_path / "rank.png")
    with pytest.raises(ValueError, match="no applicant"):
        rank_chart(allocation, "direction_9")


def test_the_sweep_chart_has_one_line_per_series_value(tmp_path: Path) -> None:
    apps = example_applications("doumen-2023")
    grid = {"doumen_2023.direction_1.cap": ["80万", "100万", "120万"], "doumen_2023.direction_1.quota": [1, 2, 3]}
    table = sweep(grid, apps)
    fig = sweep_chart(table, "doumen_2023.direction_1.cap", series="doumen_2023.direction_1.quota")
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    xs, ys = ax.lines[2].get_data()  # quota 3
    assert list(xs) == [80.0, 100.0, 120.0]
    assert ys[-1] == pytest.approx(float(next(r for r in table if r.values["doumen_2023.direction_1.cap"] == "120万" and r.values["doumen_2023.direction_1.quota"] == "3").total_paid.to_wan()))
    assert ax.get_ylabel() == "支付总额 total paid（万元）"
    no_missing_glyphs(fig, tmp_path / "sweep.png")
    with pytest.raises(ValueError, match="not a parameter"):
        sweep_chart(table, "doumen_2023.direction_1.rate")


def test_a_cjk_font_installed_after_matplotlibs_cache_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is stale (it lists no CJK font, as if built before `apt install fonts-noto-cjk`):
    the system's fonts are looked at again."""
    from matplotlib import font_manager

    from subsidycalc import plots

    manager = font_manager.fontManager
    stale = [f for f in manager.ttflist if f.name not in plots.CJK_FONTS]
    assert len(stale) < len(manager.ttflist), "this machine has a CJK font (CI installs fonts-noto-cjk)"
    monkeypatch.setattr(manager, "ttflist", stale)
    plots.cjk_font.cache_clear()
    try:
        assert plots.cjk_font() in plots.CJK_FONTS
    finally:
        plots.cjk_font.cache_clear()
