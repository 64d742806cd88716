"""The round report (``subsidycalc.report``), checked in a real headless browser (Debian's chromium,
which ``.ci/run`` installs): it loads, makes no request, logs no console error, renders Chinese with
real glyphs and prints to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest

from subsidycalc.allocation import allocate
from subsidycalc.cli import main
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.registry import assess
from subsidycalc.report import FONT_STACK, round_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run")


def _chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None, "chromium is needed (apt-get install chromium; .ci/run installs it)"
    return subprocess.run([CHROMIUM, *ARGS, *args], capture_output=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    apps = example_applications()
    ledger = example_ledger()
    html = round_report(allocate(apps, ledger=ledger), {a.id: assess(a, ledger) for a in apps}, title="示例评审轮次")
    path = tmp_path_factory.mktemp("report") / "round.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # no request to any host
    assert "@import" not in html
    assert "url(" not in html
    assert html.count("<details>") == len(example_applications())  # every explanation one click away


def test_it_loads_in_a_browser_without_a_console_error(page: Path) -> None:
    run = _chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    dom = run.stdout.decode()
    assert "示例评审轮次" in dom
    assert "获支持" in dom
    assert "CONSOLE" not in run.stderr.decode()


def test_chinese_renders_with_real_glyphs(tmp_path: Path) -> None:
    """A missing-glyph check: Chinese in the page's fonts must not look like characters no font has
    (private-use code points, drawn as the .notdef box)."""
    shots = []
    for text in ("评审轮次报告", "\ue000\ue001\ue002\ue003\ue004\ue005"):
        probe = tmp_path / f"probe{len(shots)}.html"
        probe.write_text(
            f'<html><body style="margin:0;font:48px {FONT_STACK}"><span>{text}</span></body></html>', encoding="utf-8"
        )
        shot = tmp_path / f"probe{len(shots)}.png"
        _chromium("--window-size=400,80", f"--screenshot={shot}", probe.as_uri())
        shots.append(shot.read_bytes())
    assert shots[0] != shots[1]


def test_it_prints_to_pdf_with_the_text(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "round.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 3
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())  # CJK fonts map some glyphs to radicals
    assert "示例评审轮次" in text
    assert "37,240,000.00" in text


def test_the_cli_writes_the_demo_round(tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    assert main(["report", "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "DM23-D1-06" in html
    assert "超出限额" in html
