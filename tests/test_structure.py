"""The package stays readable: no module over 400 lines, no function over 60, and build.py
orchestrates only (at most 200 lines)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "officedocs"
MODULE_LINES, FUNCTION_LINES, BUILD_LINES = 400, 60, 200


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_400_lines() -> None:
    long = {p.relative_to(PACKAGE).as_posix(): lines(p) for p in PACKAGE.rglob("*.py")}
    assert {p: n for p, n in long.items() if n > MODULE_LINES} == {}


def test_no_function_over_60_lines() -> None:
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno - start + 1 > FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert long == []


def test_build_orchestrates_only() -> None:
    assert lines(PACKAGE / "build.py") <= BUILD_LINES
