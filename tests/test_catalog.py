"""Discovery, not a hand-kept registry: a package installed with an entry point in the group
``subsidycalc.policies`` adds its document to every part of the library."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from subsidycalc import catalog
from subsidycalc.allocation import allocate
from subsidycalc.catalog import PolicyModule
from subsidycalc.models import Application
from subsidycalc.registry import all_directions, document, get, programmes
from tests.sixth_document import PROGRAMME, RULES, TEXT, applications


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[Path]:
    """A tiny distribution ``xiangzhou-guide`` on ``sys.path``: its package loads a rule file it
    ships and its metadata names it in the entry point group, as ``pip install`` would leave it."""
    package = tmp_path / "xiangzhou_guide"
    (package / "texts").mkdir(parents=True)
    (package / "texts" / "xiangzhou-2026.txt").write_text(TEXT, encoding="utf-8")
    (package / "texts" / "rules.yaml").write_text(RULES, encoding="utf-8")
    (package / "__init__.py").write_text(
        "from pathlib import Path\n"
        "from subsidycalc.rulefile import load_policy\n"
        "POLICY = load_policy(Path(__file__).parent / 'texts' / 'rules.yaml', register=False)\n",
        encoding="utf-8",
    )
    meta = tmp_path / "xiangzhou_guide-0.1.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: xiangzhou-guide\nVersion: 0.1\n", encoding="utf-8")
    (meta / "entry_points.txt").write_text(
        f"[{catalog.ENTRY_POINT_GROUP}]\n{PROGRAMME} = xiangzhou_guide:POLICY\n", encoding="utf-8"
    )
    sys.path.insert(0, str(tmp_path))
    catalog.refresh()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    sys.modules.pop("xiangzhou_guide", None)
    catalog.refresh()


def test_an_installed_package_adds_its_document(installed: Path) -> None:
    assert PROGRAMME in programmes()
    assert document(PROGRAMME).short == "香洲2026指南"
    assert isinstance(catalog.module(PROGRAMME), PolicyModule)
    assert f"{PROGRAMME}/direction_1" in all_directions()
    app = Application.model_validate({**applications(1)[0].model_dump(mode="json")})  # validated by name
    assert get(f"{PROGRAMME}/direction_1").assess(app).eligible
    assert [d.application_id for d in allocate(applications(4)).funded()] == ["XZ26-00", "XZ26-01", "XZ26-02"]


def test_without_the_package_the_programme_is_unknown() -> None:
    assert PROGRAMME not in programmes()
    with pytest.raises(ValueError, match="unknown programme 'xiangzhou-2026'"):
        catalog.module(PROGRAMME)


def test_an_entry_point_may_not_take_a_bundled_id(installed: Path) -> None:
    entry = installed / "xiangzhou_guide-0.1.dist-info" / "entry_points.txt"
    entry.write_text(f"[{catalog.ENTRY_POINT_GROUP}]\ndoumen-2023 = xiangzhou_guide:POLICY\n", encoding="utf-8")
    catalog.refresh()
    with pytest.raises(ValueError, match="names a bundled programme"):
        programmes()


def test_a_policy_must_say_its_own_id(installed: Path) -> None:
    entry = installed / "xiangzhou_guide-0.1.dist-info" / "entry_points.txt"
    entry.write_text(f"[{catalog.ENTRY_POINT_GROUP}]\nother-2026 = xiangzhou_guide:POLICY\n", encoding="utf-8")
    catalog.refresh()
    with pytest.raises(ValueError, match="says PROGRAMME = 'xiangzhou-2026'"):
        catalog.module("other-2026")


def test_an_object_that_is_no_policy_is_refused() -> None:
    with pytest.raises(TypeError, match="lacks PROGRAMME, DOCUMENT, DIRECTIONS"):
        catalog.register(object())  # type: ignore[arg-type]
