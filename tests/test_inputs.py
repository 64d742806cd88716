"""Safe files: JSON and YAML inputs with bounded nesting, no duplicate keys and no YAML aliases."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from subsidycalc.cases import load_case_file
from subsidycalc.cli import main
from subsidycalc.inputs import MAX_DEPTH, InputError, load_applications, parse_json, read_applications
from tests.snapshot import example_dicts


def test_deep_json_is_refused_with_a_clear_error_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "apps.json"
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")  # once a RecursionError traceback
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        read_applications(path)
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_a_duplicate_key_is_refused_not_silently_the_last_one() -> None:
    application = json.dumps(example_dicts()[0], ensure_ascii=False)
    doubled = application.replace('"amount_excl_tax": ', '"amount_excl_tax": "1万", "amount_excl_tax": ', 1)
    with pytest.raises(InputError, match="duplicate key 'amount_excl_tax'"):
        parse_json(doubled)


def test_yaml_aliases_are_refused_in_case_files(tmp_path: Path) -> None:
    """A 563-byte case file of nested aliases once took 19 s and printed 312 MB."""
    bomb = "\n".join(
        ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
        + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)]
    )
    path = tmp_path / "bomb.cases.yaml"
    path.write_text(bomb + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"aliases \(\*name\) are not accepted"):
        load_case_file(path)


def test_deep_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.cases.yaml"
    path.write_text("[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        load_case_file(path)


def test_the_cli_reads_hostile_stdin_without_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("[" * 5000 + "]" * 5000))
    assert main(["assess", "-"], io.StringIO()) == 2
    assert "nested deeper than" in capsys.readouterr().err


def test_no_error_message_echoes_a_long_value() -> None:
    """Point 4: error messages quote a bounded prefix of a value, never the whole thing. Every text
    leaf (and a made-up key) of an example of each programme, set to 100,000 characters, is refused
    with a message of at most a few hundred characters per problem."""
    def text_leaves(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        if isinstance(value, dict):
            return [p for key, item in value.items() for p in text_leaves(item, (*path, key))]
        if isinstance(value, list):
            return [p for index, item in enumerate(value) for p in text_leaves(item, (*path, index))]
        return [path] if isinstance(value, str) else []

    huge = "x" * 100_000
    seen: set[str] = set()
    for base in example_dicts():
        programme = base.get("programme", "doumen-2023")
        if programme in seen:
            continue
        seen.add(programme)
        paths = text_leaves(base)
        assert ("enterprise", "name") in paths
        for path in [*paths, ("facts", huge)]:
            data = copy.deepcopy(base)
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
            target[path[-1]] = huge
            with pytest.raises(InputError) as caught:
                load_applications(data)
            for line in caught.value.lines():
                assert len(line) < 600, (programme, path, line[:200])


def test_a_number_where_text_is_expected_says_what_it_was_read_as() -> None:
    from subsidycalc.inputs import InputError, example_applications, load_applications

    data = example_applications()[0].model_dump(mode="json")
    data["invoices"][0]["number"] = 123
    data["invoices"][0]["supplier"] = False
    with pytest.raises(InputError) as caught:
        load_applications(data)
    lines = caught.value.lines()
    assert any("invoices[0].number" in line and "read as a number (123); quote it" in line for line in lines)
    assert any("invoices[0].supplier" in line and "read as a yes/no value (False)" in line for line in lines)
