"""The procedure as flows and shapes: steps in, one `Flow` per arrow to draw out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .model import DECISION_H, PROCESS_H, FlowStep


class Flow(NamedTuple):
    source: int
    target: int
    label: str  # a decision's branch as written (ya, tidak, Teknis, ...); "" for a process
    main: bool  # leaves the bottom (next, a decision's first branch); otherwise the side

    @property
    def sequential(self) -> bool:
        return self.main and self.target == self.source + 1


def check_input(
    steps: Sequence[FlowStep], widths: Sequence[float], text_heights: Sequence[float]
) -> None:
    if not steps:
        raise ValueError("a procedure has at least one step")
    if len(text_heights) != len(steps):
        raise ValueError(f"{len(steps)} steps but {len(text_heights)} text heights")
    if not widths:
        raise ValueError("at least one actor column")
    for i, s in enumerate(steps, 1):
        if s.number != i:
            raise ValueError(f"step {i} is numbered {s.number}")
        if not s.actors or any(not 0 <= a < len(widths) for a in s.actors):
            raise ValueError(f"step {i}: actors {s.actors} outside 0..{len(widths) - 1}")
        targets = [t for _, t in s.decision] if s.decision else [s.next] if s.next else []
        if any(not 1 <= t <= len(steps) for t in targets):
            raise ValueError(f"step {i}: target outside 1..{len(steps)}")


def flows_of(steps: Sequence[FlowStep]) -> list[Flow]:
    flows = []
    for s in steps:
        if s.decision:
            for k, (label, target) in enumerate(s.decision):
                flows.append(Flow(s.number, target, label, k == 0))
        elif s.next is not None:
            flows.append(Flow(s.number, s.next, "", True))
    return flows


def shape_of(step: FlowStep, count: int) -> str:
    if step.decision:
        return "decision"
    return "terminator" if step.terminal or step.number in (1, count) else "process"


def symbol_height(shape: str) -> float:
    return DECISION_H if shape == "decision" else PROCESS_H
