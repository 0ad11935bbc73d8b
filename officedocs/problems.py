"""Content problems: one type for every error and warning, with its place in a file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in content, printed as `path:line:col: where: what`."""

    path: str
    line: int
    col: int
    where: str
    message: str
    kind: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        label = "peringatan: " if self.kind == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}:{where} {label}{self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so they are reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, where: str, message: str) -> None:
        self.items.append(Problem(path, line, col, where, message))

    def warn(self, path: str, line: int, col: int, where: str, message: str) -> None:
        self.items.append(Problem(path, line, col, where, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.kind == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.kind == "warning"]


class ContentError(Exception):
    """Raised once at the end of validation, carrying every error found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
