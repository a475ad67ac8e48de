"""What a catalog proof may spend and what it found (light: the runner's parent imports only this)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modules.errors import Problem, ProblemCode

# configurator.compile.Budget's size limits, repeated so that this module stays light
MAX_NODES = 3_000_000
MAX_BITS = 1_000


@dataclass(frozen=True)
class ProofLimits:
    """What one proof may spend. `seconds` and `memory_bytes` are enforced by the runner's
    process; `max_nodes` and `max_bits` bound the decision diagram inside it (in nodes, never
    in seconds, so a catalog gets the same backend on every machine)."""

    seconds: float = 30.0
    memory_bytes: int = 1536 * 1024 * 1024
    max_nodes: int = MAX_NODES
    max_bits: int = MAX_BITS  # decision-diagram variables; past them the SAT fallback is proven
    explain_seconds: float = 5.0  # naming a minimal set of clashing rules stops after this


@dataclass(frozen=True)
class ProofReport:
    """The outcome: `problems` empty means the catalog passed."""

    file: str
    problems: tuple[Problem, ...]
    count: int | None = None
    backend: str | None = None
    cheapest: str | None = None  # "€12.90": the cheapest design's quoted subtotal
    dearest: str | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return f"{self.file}: refused ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''})"
        return (
            f"{self.file}: ok ({'an unknown number of' if self.count is None else f'{self.count:,}'} valid products, "
            f"{self.backend}, "
            f"{self.cheapest} to {self.dearest}, proven in {self.seconds:.2f} s)"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "problems": [
                {"file": p.file, "line": p.line, "column": p.column, "code": p.code.value, "message": p.message}
                for p in self.problems
            ],
            "count": self.count,
            "backend": self.backend,
            "cheapest": self.cheapest,
            "dearest": self.dearest,
            "seconds": self.seconds,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProofReport:
        problems = tuple(
            Problem(str(p["file"]), int(p["line"]), int(p["column"]), ProblemCode(p["code"]), str(p["message"]))
            for p in data["problems"]
        )
        return cls(
            file=str(data["file"]),
            problems=problems,
            count=data.get("count"),
            backend=data.get("backend"),
            cheapest=data.get("cheapest"),
            dearest=data.get("dearest"),
            seconds=float(data.get("seconds") or 0.0),
            notes=tuple(data.get("notes") or ()),
        )
