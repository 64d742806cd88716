"""pytest plugin: collect policy case files (``*.cases.yaml``, ``*.cases.yml``, ``*.cases.json``).

Registered through the ``pytest11`` entry point, so any project with subsidycalc installed can drop
case files into its test folders and ``pytest`` runs them, one test per case, failing with the same
readable report as ``subsidycalc check``. Disable with ``pytest -p no:subsidycalc``.

The library itself is imported only when a case file is found, so the plugin costs nothing to
projects that have none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from .cases import Case, CaseResult

__all__ = ["CaseFailed", "CaseFileCollector", "CaseItem", "pytest_collect_file"]

_SUFFIXES = (".cases.yaml", ".cases.yml", ".cases.json")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(_SUFFIXES):
        collector: pytest.Collector = CaseFileCollector.from_parent(parent, path=file_path)
        return collector
    return None


class CaseFailed(Exception):
    """A case whose expectations did not hold."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.name)
        self.result = result


class _MalformedCaseFile(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class CaseFileCollector(pytest.File):
    """One case file: one test per case."""

    def collect(self) -> Iterator[CaseItem]:
        from .cases import load_case_file
        from .inputs import InputError

        try:
            loaded = load_case_file(self.path)
        except InputError as exc:
            raise _MalformedCaseFile(exc.lines()) from None
        for index, case in enumerate(loaded.cases, start=1):
            yield CaseItem.from_parent(self, name=f"#{index} {case.name}", case=case, index=index)

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, _MalformedCaseFile):
            return "malformed case file:\n" + "\n".join(f"  {line}" for line in excinfo.value.lines)
        return super().repr_failure(excinfo)


class CaseItem(pytest.Item):
    """One case, run by [`subsidycalc.cases.run_case`][subsidycalc.cases.run_case]."""

    def __init__(self, *, case: Case, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.index = index

    def runtest(self) -> None:
        from .cases import run_case

        result = run_case(self.case, source=f"{self.path.name} #{self.index}")
        if not result.passed:
            raise CaseFailed(result)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, CaseFailed):
            return excinfo.value.result.report()
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"case {self.index}: {self.case.name}"
