"""Hostile input, end to end: a clean typed error or a valid result, never anything else.

Over the mutants of :mod:`tests.hostile` (every document, every mutator), the command line in a
subprocess (broken, binary, deep, duplicate-keyed and huge files, a directory), case files (alias
bombs, deep nesting, bad types, hostile applications inside well-formed cases) and the batch engine
over whole populations of mutants. Bounded: the whole file takes seconds (the CLI's processes run
side by side); ``benchmarks/fuzz.py`` runs the same mutants by the hundred thousand.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.batch import Population, evaluate
from subsidycalc.cases import load_case_file, run_case_file
from subsidycalc.inputs import InputError, example_ledger
from subsidycalc.models import Application
from subsidycalc.registry import assess, programmes
from tests.hostile import (
    DOCUMENTED_BATCH,
    MUTATORS,
    Mutant,
    Outcome,
    batch_view,
    classify,
    load,
    mutant,
    mutants,
    raised_in,
    scalar_view,
)
from tests.snapshot import example_dicts

PER_MUTATOR = 40
"""Mutants per mutator in the deterministic battery (seed 0)."""
LIMIT = 1.0
"""Seconds one input may take here (the fuzz script flags 100 ms; a test run shares the machine)."""


def _report(item: Mutant, outcome: Outcome) -> str:
    where = f" [raised in {outcome.raised_in}]" if outcome.raised_in else ""
    return f"{outcome.kind}: {item}\n    {outcome.detail}{where}"


def _judged(item: Mutant) -> str | None:
    """What is wrong with the library's handling of ``item``, or ``None``."""
    outcome = classify(item)
    if not outcome.ok:
        return _report(item, outcome)
    if outcome.seconds > LIMIT:
        return f"slow ({outcome.seconds:.2f} s): {item}"
    return None


# -- the documents, through the library ----------------------------------------------------------


def test_the_mutants_cover_every_document_and_mutator() -> None:
    """The battery is worth its name: every registered document and every mutator, both expectations,
    dict and JSON-text payloads, with and without the ledger."""
    sample = list(mutants(0, 600))
    assert {m.programme for m in sample} == set(programmes())
    assert {m.name for m in sample} == set(MUTATORS)
    assert {m.expect for m in sample} == {"refuse", "any"}
    assert {type(m.payload) for m in sample} == {dict, list, str}
    assert {m.with_ledger for m in sample} == {True, False}
    assert mutant(0, 17) == mutant(0, 17)  # deterministic


@given(seed=st.integers(min_value=0, max_value=2**16), index=st.integers(min_value=0, max_value=10**6))
def test_any_mutant_of_any_document_is_refused_cleanly_or_assessed_correctly(seed: int, index: int) -> None:
    """A mutant drawn anywhere: a clean validation error, or a valid result that passes every check
    (dump round trip, JSON and explanations, batch ≡ scalar, exact non-negative award); never a crash,
    a silent acceptance of what must be refused, or a wrong result."""
    problem = _judged(mutant(seed, index))
    assert problem is None, problem


@pytest.mark.parametrize("name", list(MUTATORS))
def test_each_mutator_over_every_document(name: str) -> None:
    """Each mutator on its own, over all five documents (programme by index): every problem listed."""
    problems = [p for p in map(_judged, mutants(0, PER_MUTATOR, only=name)) if p]
    assert not problems, f"{len(problems)} of {PER_MUTATOR}:\n" + "\n".join(problems[:6])


# -- the command line, in a subprocess -----------------------------------------------------------


def _cli() -> list[str]:
    """``python -m subsidycalc`` where the package has a ``__main__``, else its CLI module."""
    module = "subsidycalc" if importlib.util.find_spec("subsidycalc.__main__") else "subsidycalc.cli"
    return [sys.executable, "-m", module]


def _example_text() -> str:
    return json.dumps(example_dicts()[0], ensure_ascii=False)


def _assess_files(folder: Path) -> dict[str, Path]:
    """Hostile application files for ``subsidycalc assess``."""
    text = _example_text()
    amount = '"amount_excl_tax": "180万"'
    assert amount in text
    files: dict[str, bytes | None] = {
        "nul_bytes": text.replace("珠海斗门", "珠海\x00斗门", 1).encode(),
        "only_nul_bytes": b"\x00" * 64,
        "invalid_utf8": b'{"id": "\xff\xfe\xfd", "direction": "direction_1"}',
        "utf8_bom": ("\ufeff" + text).encode(),
        "deep_nesting": b"[" * 5000 + b"]" * 5000,
        "duplicate_keys": text.replace(amount, f'"amount_excl_tax": "1", {amount}', 1).encode(),
        "huge_integer": text.replace(amount, '"amount_excl_tax": ' + "9" * 5000, 1).encode(),
        "escaped_nul": text.replace("珠海斗门", "珠海\\u0000斗门", 1).encode(),
        "empty": b"",
        "a_directory": None,
    }
    paths = {}
    for name, content in files.items():
        path = folder / f"{name}.json"
        if content is None:
            path.mkdir()
        else:
            path.write_bytes(content)
        paths[name] = path
    paths["plain"] = folder / "plain.json"
    paths["plain"].write_text(text, encoding="utf-8")
    paths["missing"] = folder / "missing.json"
    paths["symlink_loop"] = folder / "loop.json"
    paths["symlink_loop"].symlink_to(folder / "loop_back.json")
    (folder / "loop_back.json").symlink_to(paths["symlink_loop"])
    paths["fifo"] = folder / "fifo.json"
    os.mkfifo(paths["fifo"])  # opening it for reading would block until a writer comes
    paths["device"] = Path("/dev/zero")  # endless: must be refused before it is read
    return paths


_ALIAS_BOMB = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["cases: *i"]
)


def _case(award: str = '"100万"', application: str = "{example: DM23-D1-01}", extra: str = "",
          clause: str = "给予每个项目当年度投资金额的30%") -> str:
    """A one-case file in YAML; ``extra`` lines go into the case."""
    return (f'cases:\n  - name: "x"\n    clause: "{clause}"\n    application: {application}\n'
            f"    expect: {{award: {award}}}\n{extra}")


def _refused_case_files(folder: Path) -> dict[str, Path]:
    """Case files that must be refused as a whole (``load_case_file``: :class:`InputError`)."""
    files: dict[str, bytes] = {
        "alias_bomb": _ALIAS_BOMB.encode(),
        "deep_flow": b"cases: " + b"[" * 5000 + b"]" * 5000,
        "deep_block": "".join(f"{' ' * i}k{i}:\n" for i in range(200)).encode() + b" " * 200 + b"x\n",
        "cases_not_a_list": b"cases: 5\n",
        "top_level_list": b"- 1\n- 2\n",
        "top_level_text": b"hello\n",
        "no_cases": b"cases: []\n",
        "bad_case_types": b"cases:\n  - {name: [1], clause: {}, expect: 3}\n",
        "application_a_number": _case(application="5").encode(),
        "empty": b"",
        "python_tag": b'cases: !!python/object/apply:os.system ["true"]\n',
        "huge_integer": _case("9" * 5000).encode(),
        "huge_amount_text": _case(f'"{"9" * 70}"').encode(),
        "nan_award": _case("!!float .nan").encode(),
        "invalid_utf8": b"cases:\n  - name: \"\xff\xfe\"\n",
        "nul_byte": b"cases:\n  - name: \"a\x00b\"\n",
        "tab_indent": b"cases:\n\t- name: x\n",
        "duplicate_key": _case(extra='    expect: {award: "0"}\n').encode(),
        "unknown_key": _case(extra="    colour: blue\n").encode(),
        "ledger_junk": _case(extra="    ledger: {entries: 5}\n").encode(),
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / f"{name}.cases.yaml"
        paths[name].write_bytes(content)
    for name, content in (("json_deep", b"[" * 5000 + b"]" * 5000),
                          ("json_duplicate_key", b'{"cases": [], "cases": []}'),
                          ("json_huge_integer", b'{"cases": [{"expect": {"award": ' + b"9" * 5000 + b"}}]}")):
        paths[name] = folder / f"{name}.cases.json"
        paths[name].write_bytes(content)
    return paths


_HOSTILE_CHANGES = {
    "nul_in_name": '{enterprise: {name: "珠海\\0斗门"}}',
    "zero_width_district": '{enterprise: {registration: {city: "珠海市", district: "斗门区\\u200b"}}}',
    "huge_invoice": '{invoices: [{number: "A", issued_on: "2023-05-01", amount_excl_tax: "' + "9" * 40
                    + '", category: software, supplier: "珠海联智软件有限公司"}]}',
    "far_future": '{submission: {online_at: "9999-12-31T23:59:59-12:00"}}',
    "year_one": '{invoices: [{number: "A", issued_on: "0001-01-01", amount_excl_tax: "1", category: software,'
                ' supplier: "珠海联智软件有限公司"}]}',
    "count_past_int64": "{facts: {quantifiable_benefits: 9223372036854775808}}",
    "count_5000_digits": "{facts: {quantifiable_benefits: " + "9" * 5000 + "}}",
    "near_duplicate": '{invoices: [{number: "4400000000", issued_on: "2023-05-01", amount_excl_tax: "1",'
                      ' category: software, supplier: "S"}, {number: "４４００００００００", issued_on: "2023-05-01",'
                      ' amount_excl_tax: "1", category: software, supplier: "S"}]}',
}
_HOSTILE_CASES = {
    **{name: _case(application=f"{{example: DM23-D1-01, changes: {changes}}}") for name, changes in _HOSTILE_CHANGES.items()},
    "unknown_example": _case(application='{example: "DM23-D1-01\\u200b"}'),
    "scenario_huge_cap": _case(extra='    scenario: {doumen_2023.direction_1.cap: "1E+1000000"}\n'),
    "scenario_zero_rate": _case(extra='    scenario: {doumen_2023.direction_1.rate: "1/0"}\n'),
    "scenario_unknown": _case(extra='    scenario: {"doumen_2023.direction_1.\\0": 1}\n'),
    "clause_nul": _case(clause="\\0\\0"),
}
"""Well-formed case files whose application, scenario or clause is hostile: each case runs to a
reported error (not passed), nothing is raised."""


def _raised(call: Any, *args: Any) -> Exception | None:
    """The exception ``call(*args)`` raises, or ``None``."""
    try:
        call(*args)
    except Exception as exc:
        return exc
    return None


def _escaped(exc: Exception | None, where: str) -> str:
    if exc is None:
        return f"{where} accepted it"
    return f"{type(exc).__name__} escaped {where} [raised in {raised_in(exc)}]: {exc}"[:600]


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=60, check=False)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every hostile file with the CLI's answer to it (``assess`` or ``check``), the processes side by side."""
    folder = tmp_path_factory.mktemp("hostile")
    jobs: dict[str, tuple[Path, list[str]]] = {}
    for name, path in _assess_files(folder).items():
        jobs[f"assess:{name}"] = (path, [*_cli(), "assess", str(path)])
    plain = jobs["assess:plain"][0]
    jobs["assess:over_max_bytes"] = (plain, [*_cli(), "--max-bytes", "100", "assess", str(plain)])
    for name, path in _refused_case_files(folder).items():
        jobs[f"check:{name}"] = (path, [*_cli(), "check", str(path)])
    hostile = folder / "hostile_cases"
    hostile.mkdir()
    for name, text in _HOSTILE_CASES.items():
        path = hostile / f"{name}.cases.yaml"
        path.write_text(text, encoding="utf-8")
        jobs[f"run:{name}"] = (path, [])
    jobs["run:all"] = (hostile, [*_cli(), "check", str(hostile)])  # one process for the folder: seconds saved
    runs = {key: args for key, (_, args) in jobs.items() if args}
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = dict(zip(runs, pool.map(_run, runs.values()), strict=True))
    return {key: (path, done.get(key, done["run:all"])) for key, (path, _) in jobs.items()}


def _clean_exit(path: Path, done: subprocess.CompletedProcess[str], code: int) -> None:
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == code, f"exit {done.returncode}, expected {code}: {done.stderr[-600:]}"


@pytest.mark.parametrize("name", ["nul_bytes", "only_nul_bytes", "invalid_utf8", "deep_nesting", "duplicate_keys",
                                  "huge_integer", "escaped_nul", "empty", "a_directory", "missing", "symlink_loop",
                                  "fifo", "device", "over_max_bytes"])
def test_the_cli_refuses_a_hostile_file_by_name_without_a_traceback(name: str, hostile_files: Any) -> None:
    """``subsidycalc assess FILE``: exit 2 (bad input), one line per problem naming the file, no traceback."""
    path, done = hostile_files[f"assess:{name}"]
    _clean_exit(path, done, 2)
    assert str(path) in done.stderr, f"the error does not name the file: {done.stderr[-600:]}"


def test_the_cli_reads_a_byte_order_mark_as_nothing_or_refuses_it_by_name(hostile_files: Any) -> None:
    """A UTF-8 BOM before valid JSON: the same result as without it (``read_input`` documents that it
    drops one, as spreadsheet exports write it) or a clean refusal naming the file; no traceback."""
    path, done = hostile_files["assess:utf8_bom"]
    _, plain = hostile_files["assess:plain"]
    assert plain.returncode == 0, plain.stderr[-600:]
    if done.returncode == 0:
        assert done.stdout == plain.stdout
    else:
        _clean_exit(path, done, 2)
        assert str(path) in done.stderr, f"the error does not name the file: {done.stderr[-600:]}"


# -- case files ----------------------------------------------------------------------------------

_REFUSED = ["alias_bomb", "deep_flow", "deep_block", "cases_not_a_list", "top_level_list", "top_level_text",
            "no_cases", "bad_case_types", "application_a_number", "empty", "python_tag", "huge_integer",
            "huge_amount_text", "nan_award", "invalid_utf8", "nul_byte", "tab_indent", "duplicate_key",
            "unknown_key", "ledger_junk", "json_deep", "json_duplicate_key", "json_huge_integer"]


@pytest.mark.parametrize("name", _REFUSED)
def test_a_hostile_case_file_is_refused_cleanly(name: str, hostile_files: Any) -> None:
    """``load_case_file``: :class:`InputError` naming the file (nothing else escapes); ``subsidycalc
    check FILE``: exit 2, no traceback."""
    path, done = hostile_files[f"check:{name}"]
    exc = _raised(load_case_file, path)
    assert isinstance(exc, InputError), _escaped(exc, "load_case_file")
    assert exc.source == str(path)
    _clean_exit(path, done, 2)


@pytest.mark.parametrize("name", list(_HOSTILE_CASES))
def test_a_case_with_a_hostile_application_reports_an_error(name: str, hostile_files: Any) -> None:
    """A well-formed case file whose application, scenario or clause is hostile: every case runs to a
    reported error (nothing raised out of ``run_case_file``), or the file is refused as a whole."""
    path, _ = hostile_files[f"run:{name}"]
    results: list[Any] = []
    exc = _raised(lambda: results.extend(run_case_file(path)))
    assert exc is None or isinstance(exc, InputError), _escaped(exc, "run_case_file")
    assert all(not r.passed for r in results), [r.report() for r in results]


def test_check_reports_every_hostile_case_without_a_traceback(hostile_files: Any) -> None:
    """``subsidycalc check`` over the folder of those case files: no traceback; exit 2, since the
    loader refuses one file whole (a 5,000-digit YAML integer), which is named, while every other
    file still runs and is reported."""
    path, done = hostile_files["run:all"]
    _clean_exit(path, done, 2)
    assert "count_5000_digits.cases.yaml: line" in done.stderr
    assert f"（{len(_HOSTILE_CASES)} 个文件 files，1 个无法读取 malformed）" in done.stdout


# -- the batch engine over populations of mutants ------------------------------------------------


def _accepted(seed: int, size: int) -> Iterator[Application]:
    """The accepted applications among the mutants of ``seed``, with distinct ids."""
    for index, item in enumerate(mutants(seed, size * 3)):
        try:
            apps = load(item.payload)
        except Exception:  # refused, or a crash the single-input tests report
            continue
        for number, app in enumerate(apps):
            yield app.model_copy(update={"id": f"{app.id}~{index}.{number}"})


@given(seed=st.integers(min_value=0, max_value=2**16), size=st.integers(min_value=1, max_value=40),
       with_ledger=st.booleans())
def test_batch_equals_scalar_over_a_population_of_mutants(seed: int, size: int, with_ledger: bool) -> None:
    """Accepted mutants of every document in one population: the batch engine raises nothing but the
    errors it documents, and gives every applicant the scalar engine's eligibility, money and codes."""
    apps = list(_accepted(seed, size))[:size]
    ledger = example_ledger() if with_ledger else None
    found: list[Any] = []
    exc = _raised(lambda: found.append(evaluate(Population.from_applications(apps, ledger=ledger))))
    if isinstance(exc, OverflowError) and DOCUMENTED_BATCH.search(str(exc)):
        return  # documented: amounts past 10^12 元, 10^4 invoices, ratio terms past 2^31
    assert exc is None, _escaped(exc, "the batch engine")
    batch = found[0]
    for index, app in enumerate(apps):
        assert batch_view(batch.row(index)) == scalar_view(assess(app, ledger)), app.id
