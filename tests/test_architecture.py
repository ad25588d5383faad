"""The code's shape: no module imports itself back through others (the layers are in
pyproject's import-linter contracts; this catches cycles inside a layer too)."""

from __future__ import annotations

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
