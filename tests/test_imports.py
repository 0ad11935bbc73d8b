"""The package's imports form no circle, and each stage imports only the stages below it.

Every `import` in officedocs/ counts: at module level, inside functions and under
TYPE_CHECKING (read with `ast`, nothing is imported)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "officedocs"

CONTENT = ("load", "checks", "schema", "documents", "halaman", "content")
LAYOUT = ("sheet", "flowchart", "views", "kinerja", "chart")
RENDERER = ("pdf", "workers", "render", "weasy")
FORBIDDEN = [
    (CONTENT, RENDERER, "content checks do not render (the SVG test is handed in)"),
    (LAYOUT, ("render", "pdf", "weasy"), "layout is computed, not rendered"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imported(module: str, is_package: bool, node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".")[: None if is_package else -1]
        base = base[: len(base) - node.level + 1]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    return [f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names]


def import_graph() -> dict[str, set[str]]:
    """module -> the package's modules it imports (a name is cut back to its module)."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for name in _imported(module, path.name == "__init__.py", node):
                while name not in MODULES and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name in MODULES and name != module:
                    found.add(name)
        graph[module] = found
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*path[path.index(n) :], n]
            if n not in state and (found := visit(n)):
                return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def _in(module: str, names: tuple[str, ...]) -> bool:
    short = module.removeprefix("officedocs.")
    return any(short == n or short.startswith(n + ".") for n in names)


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert "officedocs.pdf" in graph["officedocs.workers"]  # imported inside a function
    assert "officedocs.flowchart.model" in graph["officedocs.flowchart.layout"]  # relative
    assert graph["officedocs.build"] >= {"officedocs.record", "officedocs.decide"}


def test_no_import_cycle() -> None:
    assert cycle(import_graph()) is None


def test_cycle_finder_finds_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_stage_imports_a_later_one() -> None:
    wrong = [
        f"{m} -> {n}: {why}"
        for m, deps in import_graph().items()
        for n in deps
        for sources, targets, why in FORBIDDEN
        if _in(m, sources) and _in(n, targets)
    ]
    assert wrong == []


def test_nothing_imports_the_command_line() -> None:
    graph = import_graph()
    assert [m for m, deps in graph.items() if "officedocs.cli" in deps] == []
