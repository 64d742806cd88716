"""One message catalogue: every finding's sentence comes from it, in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from subsidycalc.cli import main
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.messages import MESSAGES, render
from subsidycalc.registry import assess
from tests.test_codes import corpus

SOURCE = Path(__file__).resolve().parents[1] / "src" / "subsidycalc"
FIELD = re.compile(r"{(\w+)}")


def test_every_finding_is_rendered_from_the_catalogue_in_both_languages() -> None:
    used: set[str] = set()
    for _, result in corpus():
        for finding in result.findings:
            assert finding.key is not None, f"{finding.code}: a sentence outside the catalogue: {finding.message}"
            used.add(finding.key)
            assert finding.message == render(finding.key, finding.args or {}, "zh")
            zh_template, en_template = MESSAGES[finding.key]
            english = finding.text("en")
            assert english == render(finding.key, finding.args or {}, "en")
            if zh_template != en_template:
                assert english != finding.message, f"{finding.key}: the English sentence is the Chinese one"
    assert len(used) >= 50


def test_every_entry_is_used_by_the_library_and_names_the_same_fields_in_both_languages() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py"))
    for key, (zh, en) in MESSAGES.items():
        assert f'"{key}"' in source, f"{key}: no part writes this sentence"
        fields_zh = set(FIELD.findall(zh))
        fields_en = {name.removesuffix("_en") for name in FIELD.findall(en)}
        assert fields_en <= fields_zh | {"op"}, f"{key}: the English sentence names {fields_en - fields_zh}"


def test_english_explanations_of_every_example() -> None:
    ledger = example_ledger()
    for application in example_applications():
        result = assess(application, ledger)
        english = result.explain("en")
        assert english.splitlines()[2].startswith("Conclusion: ")
        assert "条件核对" not in english
        assert result.explain() == result.explain("zh")


def test_the_cli_explains_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "apps.json"
    path.write_text(
        (Path(__file__).resolve().parents[1] / "src/subsidycalc/data/shaoguan_2023_examples.json").read_text("utf-8"),
        encoding="utf-8",
    )
    import io

    out = io.StringIO()
    assert main(["assess", str(path), "--lang", "en"], out) == 0
    assert "[EXPERT_TENURE_NOT_MET]" in out.getvalue()
    assert "does not meet 「超过10年」" in out.getvalue()


def test_an_either_or_condition_reads_in_english() -> None:
    """「牵头单位应为行业龙头制造企业或行业公共服务企业」: each alternative in English too."""
    application = next(a for a in example_applications() if a.id == "GD22-01")
    finding = next(f for f in assess(application).findings if f.key == "any_of.result")
    english = finding.text("en")
    assert "(one suffices)" in english
    assert "：是" not in english
    assert ": yes" in english or "not declared" in english
