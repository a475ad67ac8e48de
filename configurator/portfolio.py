"""The compile portfolio: which (variable order, conjunction schedule) pairs are tried, and
what each one cost.

No single heuristic wins everywhere (FORCE gives the smallest diagram on some models and a
blow-up on others), so :func:`configurator.compile.compile_report` tries the candidates of
:data:`CANDIDATES`, each under a budget of live BDD nodes and BDD operations, and keeps the
smallest diagram. They run by increasing total constraint span of their variable order (a
cheap, deterministic proxy of diagram size; ties keep the sequence below), and once one
has compiled, the others stop past its operations or its peak live nodes (times
``Budget.op_ratio`` / ``Budget.node_ratio``); once a diagram of at most
``Budget.enough_nodes`` nodes is found, the rest are skipped. The first candidate may
spend ``Budget.lead_ops`` operations; if it needs more than ``Budget.max_ops`` to compile,
only ``Budget.runner_ups`` of the next candidates with its schedule and another variable
order still run (stopped at its operations and peak live nodes), the rest are skipped.
Before any candidate, table rows that an overlapping table does
not support are dropped (:mod:`configurator.filtering`). Budgets never
involve wall-clock time: the same model gets the same pick and the same diagram on any
machine under any load. Seconds are recorded for the reader only.

>>> [c.name for c in CANDIDATES][:2]
['greedy/top-down', 'force/bottom-up']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from configurator.mdd import MDD


@dataclass(frozen=True)
class Candidate:
    order: str  # a key of ordering.ORDERS
    schedule: str  # a key of ordering.SCHEDULES

    @property
    def name(self) -> str:
        return f"{self.order}/{self.schedule}"


# Ties in span and in diagram size go to the earlier one in this sequence.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate("greedy", "top-down"),
    Candidate("force", "bottom-up"),
    Candidate("force", "top-down"),
    Candidate("greedy", "bottom-up"),
    Candidate("minfill", "top-down"),
    Candidate("minfill", "bottom-up"),
    Candidate("file", "top-down"),
    Candidate("file", "bottom-up"),
)


@dataclass(frozen=True)
class CandidateResult:
    name: str
    ok: bool
    bdd_nodes: int  # final diagram (ok) or live nodes when stopped
    ops: int  # BDD operations: CUDD recursive steps (computed-table lookups)
    cudd_mb: float  # CUDD's memory in use at the last check
    seconds: float  # informational only: never used to decide
    reason: str | None = None  # why it stopped ("skipped: same as ..." for duplicates)


@dataclass(frozen=True)
class CompileReport:
    pick: str
    candidates: tuple[CandidateResult, ...]
    mdd: MDD = field(compare=False, repr=False)

    def lines(self) -> list[str]:
        """One line per candidate, the pick marked with ``*``."""
        out = []
        for c in self.candidates:
            mark = "*" if c.name == self.pick else " "
            state = "ok" if c.ok else (c.reason or "stopped")
            out.append(
                f"{mark} {c.name:<20} nodes {c.bdd_nodes:>10,}  ops {c.ops:>13,}  "
                f"{c.seconds:7.2f} s  {c.cudd_mb:7.1f} MB  {state}"
            )
        return out
