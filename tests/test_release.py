"""Release readiness: the sdist and wheel hold what they should and nothing else.

Builds both with hatchling (the project's build backend, in the ``test`` extra) into a temporary
folder; ``.ci/run`` also builds with ``python -m build`` and runs ``twine check --strict``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from subsidycalc import __version__
from subsidycalc.inputs import EXAMPLE_FILES, LEDGER_FILE
from subsidycalc.registry import document, programmes

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "subsidycalc"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out)], cwd=ROOT, check=True, capture_output=True
    )
    return out


def test_the_version_is_semantic_and_in_the_changelog() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?", __version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog
    assert "## [Unreleased]" in changelog


def test_the_wheel_holds_the_package_texts_data_and_py_typed_and_nothing_else(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    info = f"subsidycalc-{__version__}.dist-info/"
    expected = {f"subsidycalc/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*.py")}
    expected |= {"subsidycalc/py.typed", "subsidycalc/data/README.md"}
    expected |= {f"subsidycalc/data/{name}" for name in (*EXAMPLE_FILES, LEDGER_FILE, "example_enterprises.json")}
    expected |= {f"subsidycalc/data/rule-file-example/xiangzhou-2026.{end}" for end in ("txt", "rules.yaml")}
    expected |= {
        f"subsidycalc/data/version-example/{name}"
        for name in ("zhongshan-2025-final.version.yaml", "zhongshan-2025-final-example.txt")
    }
    expected |= {f"subsidycalc/policies/texts/{document(p).text_file}" for p in programmes()}
    expected |= {info + n for n in ("METADATA", "WHEEL", "RECORD", "entry_points.txt", "licenses/LICENSE")}
    assert names == expected


def test_the_wheel_declares_the_cli_and_the_pytest_plugin(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    archive = zipfile.ZipFile(wheel)
    entry_points = archive.read(f"subsidycalc-{__version__}.dist-info/entry_points.txt").decode()
    assert "subsidycalc = subsidycalc.cli:main_entry" in entry_points
    assert "[pytest11]" in entry_points
    assert "subsidycalc = subsidycalc.pytest_plugin" in entry_points
    metadata = Parser().parsestr(archive.read(f"subsidycalc-{__version__}.dist-info/METADATA").decode())
    assert metadata["Name"] == "subsidycalc"
    assert metadata["Version"] == __version__
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().startswith("# subsidycalc")  # the long description is the README
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL"))
    assert {"Documentation", "Source", "Issues", "Changelog"} <= set(urls)
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    assert {"pyyaml>=6", "pydantic<3,>=2.7", "python-dateutil>=2.8"} <= set(metadata.get_all("Requires-Dist"))


def test_the_sdist_holds_sources_tests_docs_and_no_build_debris(dist: Path) -> None:
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for required in (
        "pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "mkdocs.yml", "src/subsidycalc/py.typed",
        "tests/cases/doumen-2023-guide.rules.cases.yaml", "docs/what-if.ipynb", "docs/case-format.schema.json",
    ):
        assert required in names, required
    assert {n for n in names if n.startswith("src/subsidycalc/policies/texts/")} >= {
        f"src/subsidycalc/policies/texts/{document(p).text_file}" for p in programmes()
    }
    debris = [n for n in names if re.search(r"(__pycache__|\.pyc$|\.venv|\.hypothesis|dist-ci/|\.egg-info|^site/)", n)]
    assert debris == []
    top = {n.split("/", 1)[0] for n in names}
    assert top <= {
        "src", "tests", "docs", "benchmarks", "README.md", "LICENSE", "CHANGELOG.md", "mkdocs.yml",
        "pyproject.toml", "PKG-INFO", ".gitignore",
    }
