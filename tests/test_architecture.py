"""The code's shape: no module imports itself back through others (the layers are in
pyproject's import-linter contracts; this catches cycles inside a layer too); and no test
module imports another test module (shared helpers live in non-test modules)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGES = ("domain", "application", "projections", "demo", "api")


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every cycle a depth-first walk meets (lazy imports inside functions count too)."""
    seen: dict[str, int] = {}  # 1 while on the walk's path, 2 once finished
    found: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        seen[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if seen.get(imported) == 1:
                found.append([*path[path.index(imported) :], imported])
            elif imported not in seen:
                walk(imported, path)
        path.pop()
        seen[module] = 2

    for module in sorted(graph.modules):
        if module not in seen:
            walk(module, [])
    return found


def test_no_module_imports_itself_back() -> None:
    cycles = import_cycles(grimp.build_graph(*PACKAGES))
    assert cycles == [], "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_walk_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.b", "a.c"):
        graph.add_module(module)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    assert import_cycles(graph) == [["a.b", "a.c", "a.b"]]


TESTS = Path(__file__).parent


def imported_test_modules(source: str, package: str) -> list[str]:
    """The `test_*` modules that `source` (a module of `package`) imports, however spelt."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            found += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return sorted({name for name in found if name.rsplit(".", 1)[-1].startswith("test_")})


def test_no_test_module_imports_another_test_module() -> None:
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        package = ".".join(path.relative_to(TESTS.parent).parent.parts)
        imported = imported_test_modules(path.read_text(encoding="utf-8"), package)
        if imported:
            offenders[str(path.relative_to(TESTS.parent))] = imported
    assert offenders == {}, "move what they share into a non-test module: " + repr(offenders)


def test_the_scan_finds_every_spelling_of_a_test_import() -> None:
    spellings = [
        "from tests.api.test_cli import run",
        "import tests.api.test_cli",
        "from tests.api import test_cli",
        "from .test_cli import run",
        "from . import test_cli",
        "def f():\n    from tests.api.test_cli import run",
    ]
    for source in spellings:
        assert "tests.api.test_cli" in imported_test_modules(source, "tests.api"), source
    assert imported_test_modules("from tests.api.cli_run import run", "tests.api") == []
