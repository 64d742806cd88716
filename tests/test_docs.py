"""Documentation that cannot drift: generated pages are fresh, README examples run."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidycalc.cases import run_case_file
from subsidycalc.docs import policy_page, possible_codes
from subsidycalc.findings import Code
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.registry import assess as registry_assess
from subsidycalc.registry import document, get, programmes
from subsidycalc.result import Assessment
from tests import strategies as gen
from tests.factories import DIRECTION_KEYS, build

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("programme", programmes())
def test_the_generated_policy_page_is_fresh(programme: str) -> None:
    """Regenerate with ``python -m subsidycalc.docs`` after changing rule data."""
    stem = document(programme).text_file.removesuffix(".txt")
    page = ROOT / "docs" / "policies" / f"{stem}.md"
    assert page.read_text(encoding="utf-8") == policy_page(programme), (
        f"{page} is stale: run `python -m subsidycalc.docs`"
    )


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("path", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_every_python_example_in_the_docs_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for block in python_blocks(path):
        exec(compile(block, str(path), "exec"), {})
    capsys.readouterr()


def test_the_readme_example_prints_what_its_comments_say(capsys: pytest.CaptureFixture[str]) -> None:
    block = python_blocks(ROOT / "README.md")[0]
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("True 6,000,000.00元 1,500,000.00元\n")
    assert "〔专题十九 方向三 2.支持方式〕「最高150万元」" in out


def test_the_readme_first_screen_gives_exactly_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = text.split("---", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", first_screen, flags=re.S)
    assert [c.strip() for c in commands] == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/subsidycalc demo",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci


# -- the reason codes each page lists ------------------------------------------------------------


def _assessments_of_examples_and_cases() -> list[Assessment]:
    found = [registry_assess(a, example_ledger()) for a in example_applications()]
    for path in sorted((ROOT / "tests" / "cases").glob("*.cases.yaml")):
        for result in run_case_file(path):
            found.extend(result.assessments)
    return found


def test_every_code_an_example_or_case_emits_is_listed_for_its_direction() -> None:
    for result in _assessments_of_examples_and_cases():
        possible = possible_codes(get(f"{result.programme}/{result.direction}"))
        emitted = {f.code for f in result.findings} | {i.code for i in result.invoices}
        assert emitted <= possible, f"{result.application_id}: {sorted(emitted - possible)} not listed"


@pytest.mark.parametrize("direction", DIRECTION_KEYS)
@given(data=st.data())
def test_every_code_a_generated_application_emits_is_listed(direction: str, data: st.DataObject) -> None:
    app = build(data.draw(gen.applications(direction)))
    result = get(f"doumen-2023/{direction}").assess(app)
    emitted = {f.code for f in result.findings} | {i.code for i in result.invoices}
    assert emitted <= possible_codes(get(f"doumen-2023/{direction}"))


def test_a_code_is_listed_only_where_the_rule_has_the_feature() -> None:
    assert Code.STAGE_FORFEITED in possible_codes(get("guangdong-2022/industry_2_2"))
    assert Code.STAGE_FORFEITED not in possible_codes(get("doumen-2023/direction_1"))
    assert Code.JOINT_REQUIRED in possible_codes(get("doumen-2023/direction_2"))
    assert Code.NO_LISTED_PROVIDER not in possible_codes(get("doumen-2023/direction_1"))


@pytest.mark.parametrize("path", [ROOT / "README.md", ROOT / "docs" / "cases.md"], ids=lambda p: p.name)
def test_the_case_files_in_the_docs_hold(path: Path) -> None:
    import yaml

    from subsidycalc.cases import CaseFile, _loader, run_case

    blocks = re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
    assert blocks
    for block in blocks:
        for case in CaseFile.model_validate(yaml.load(block, Loader=_loader())).cases:
            result = run_case(case)
            assert result.passed, result.report()


def test_the_what_if_notebook_runs_and_commits_no_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    """The notebook's code cells run in order in one namespace (as a kernel would)."""
    import json

    notebook = json.loads((ROOT / "docs" / "what-if.ipynb").read_text(encoding="utf-8"))
    namespace: dict[str, object] = {}
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 8
    for index, cell in enumerate(code):
        assert cell["outputs"] == [], f"cell {index}: outputs committed"
        assert cell["execution_count"] is None, f"cell {index}: execution count committed"
        exec(compile("".join(cell["source"]), f"what-if.ipynb[{index}]", "exec"), namespace)
    assert "district pays 806万元 -> 922万元" in capsys.readouterr().out


def test_the_site_builds_from_every_page_it_lists() -> None:
    """Each page the mkdocs nav names exists; `mkdocs build --strict` runs in CI."""
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [p for item in nav for p in pages(item)]
        if isinstance(nav, dict):
            return [p for value in nav.values() for p in pages(value)]
        return []

    listed = pages(config["nav"])
    assert all((ROOT / "docs" / page).is_file() for page in listed)
    generated = {f"policies/{document(p).text_file.removesuffix('.txt')}.md" for p in programmes()}
    assert generated <= set(listed)



def test_the_limits_page_states_the_limits_the_code_enforces() -> None:
    from subsidycalc import inputs, models, money, periods

    page = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    assert money.MAX_FEN == 10**14
    assert "10^14 分" in page
    assert f"{money.MAX_TEXT} characters" in page
    assert f"{money.MAX_RATIO_TERM:,}" in page
    assert f"{models.MAX_NAME} characters" in page
    assert f"{models.MAX_DESCRIPTION:,} characters" in page
    assert f"0 to 10^{len(str(models.MAX_COUNT)) - 1}" in page
    assert f"{periods.FIRST_YEAR}-01-01 to {periods.LAST_YEAR}-12-31" in page
    assert f"at most {inputs.MAX_BYTES // 2**20} MiB" in page
    assert f"at most {inputs.MAX_DEPTH} levels" in page


@pytest.mark.parametrize("path", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_every_print_shows_what_its_comment_says(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each ``print(...)  # expected`` line of every README and docs block prints its comment (the
    README's allocate example once said 8,060,000.00元 while it printed 39,790,000.00元); ``……`` or
    ``…`` in a comment stands for any text."""

    def check(*values: object, expected: str) -> None:
        shown = " ".join(map(str, values))
        if "\n" in shown:  # a whole explanation: its comment describes it
            return
        pattern = "".join(".*" if part in ("……", "…") else re.escape(part) for part in re.split(r"(……|…)", expected))
        assert re.fullmatch(pattern, shown.strip()), f"{path.name}: printed {shown!r}, the comment says {expected!r}"

    for block in python_blocks(path):
        lines = []
        for line in block.splitlines():
            code, hash_, comment = line.partition("  # ")
            if code.lstrip().startswith("print(") and code.rstrip().endswith(")") and hash_:
                line = code.rstrip()[:-1].replace("print(", "check(", 1) + f", expected={comment.strip()!r})"
            lines.append(line)
        exec(compile("\n".join(lines), str(path), "exec"), {"check": check})
    capsys.readouterr()


def test_the_provisions_page_is_fresh() -> None:
    from subsidycalc.docs import provisions_page

    page = ROOT / "docs" / "provisions.md"
    assert page.read_text(encoding="utf-8") == provisions_page(), f"{page} is stale: run `python -m subsidycalc.docs`"


def test_docstrings_render_in_the_api_reference() -> None:
    """mkdocstrings renders Markdown: no Sphinx role (``:class:`X```) stays raw, and every doctest is
    in a ```pycon fence (a bare ``>>>`` line is a Markdown quote)."""
    role = re.compile(r":(?:class|func|mod|meth|attr|data|exc|obj):`")
    for path in sorted((ROOT / "src" / "subsidycalc").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert not [n for n, line in enumerate(lines, 1) if role.search(line)], f"{path}: a Sphinx role"
        fenced = False
        for number, line in enumerate(lines, 1):
            if line.strip().startswith("```"):
                fenced = not fenced
            elif line.strip().startswith(">>>"):
                assert fenced, f"{path}:{number}: a doctest outside a ```pycon fence"


def test_each_first_input_gives_the_result_the_page_states(tmp_path: Path) -> None:
    """docs/first-input.md: every JSON application, run with the command above it, gives the stated result."""
    from subsidycalc.cli import main

    page = (ROOT / "docs" / "first-input.md").read_text(encoding="utf-8")
    sections = re.findall(
        r"    (subsidycalc assess \S+(?: [^\n]+)?)\n\n```json\n(.*?)```\n\n→ (符合|不符合)，奖补 ([\d,.]+)元", page, flags=re.S
    )
    assert len(sections) == 5
    for command, text, verdict, award in sections:
        args = command.split()[1:]
        path = tmp_path / args[1]
        path.write_text(text, encoding="utf-8")
        args[1] = str(path)
        out = io.StringIO()
        assert main([*args, "--json"], out) == 0
        (result,) = json.loads(out.getvalue())
        assert result["eligible"] is (verdict == "符合"), command
        assert result["award"] == award.replace(",", ""), command
