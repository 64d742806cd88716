"""Layers you can see: no module imports from a layer above its own, no import circle, no private
name imported across modules (every import counts, also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "subsidycalc"

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "values",
        frozenset({
            "_optional", "_progress", "_values", "_version", "catalog", "citations", "data", "exclusion", "findings", "frames", "messages",
            "stages",
            "ledger", "models", "money", "periods", "result", "text", "uscc",
        }),
    ),
    ("rule parts", frozenset({"parts"})),
    ("rules and engine", frozenset({"engine", "rules"})),
    ("policies", frozenset({"codes", "policies", "provisions", "registry"})),
    ("allocation, scenarios and inputs", frozenset({
        "allocation", "batch", "bulk", "columnar", "distributed", "frame_input", "inputs", "rulefile", "scenarios", "screener",
        "spreadsheets", "versions",
    })),
    ("interfaces", frozenset({"__main__", "cases", "cli", "contract", "docs", "plots", "pytest_plugin", "report", "service"})),
)
"""Bottom first. ``policies`` stands for every module of the ``policies`` package."""


def _layer_of(module: str) -> int:
    top = module.split(".")[0]
    for index, (_, members) in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError(f"module {module!r} is in no layer: add it to LAYERS in {__file__}")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    return _imports_of(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py")


def _imports_of(source: str, name: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """``(module, names)`` for every import of a subsidycalc module in ``source``, relative or absolute."""
    package = name.split(".") if is_package else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                if not node.module:  # from . import engine
                    found += [(".".join([*base, alias.name]).strip("."), []) for alias in node.names]
                    continue
            elif node.module and node.module.startswith("subsidycalc"):
                target = node.module.removeprefix("subsidycalc").lstrip(".")
            else:
                continue
            found.append((target.strip("."), [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [
                (alias.name.removeprefix("subsidycalc").lstrip("."), [])
                for alias in node.names
                if alias.name.startswith("subsidycalc.")
            ]
    return [(target, names) for target, names in found if target]


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
EDGES = {name: _imports(path) for name, path in MODULES.items() if name}


@pytest.mark.parametrize("module", sorted(EDGES))
def test_no_import_from_a_higher_layer(module: str) -> None:
    own = _layer_of(module)
    for target, _ in EDGES[module]:
        assert _layer_of(target) <= own, (
            f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[_layer_of(target)][0]}): a lower "
            "layer must not know a higher one"
        )


@pytest.mark.parametrize("module", sorted(EDGES))
def test_no_private_name_is_imported_across_modules(module: str) -> None:
    for target, names in EDGES[module]:
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert not private, f"{module} imports private {private} from {target}: make them public or move them"


def _resolve(target: str) -> str:
    """A target as a module of the package (``policies._clauses`` or a package ``__init__``)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target


def test_no_import_circle() -> None:
    graph = {name: {_resolve(t) for t, _ in edges} - {name, ""} for name, edges in EDGES.items()}
    # A package imports its own submodules to expose them; that is not a circle.
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_the_guard_sees_every_kind_of_import() -> None:
    """The parser finds relative, absolute and in-function imports (so the guard can fail)."""
    source = "from .registry import get\nimport subsidycalc.cli\n\ndef f():\n    from ..engine import _x\n"
    found = _imports_of(source, "policies.probe", is_package=False)
    assert ("policies.registry", ["get"]) in found
    assert ("cli", []) in found
    assert ("engine", ["_x"]) in found
