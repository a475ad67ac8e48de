"""DIMACS CNF into a :class:`Problem` of Boolean variables (values ``("0", "1")``).

Variable names come from ``c i name`` (FeatureIDE) or ``c N name`` comments; unnamed
variables are called ``x<N>``. Each clause becomes a :class:`Clause` with rule ``c<line>``
(its 1-based position among the clauses).
"""

from __future__ import annotations

from pathlib import Path

from configurator.errors import ImportFormatError
from configurator.importers import read_text_safely
from configurator.problem import Clause, Constraint, Problem, Variable

BOOL = ("0", "1")


def load_dimacs(path: str | Path) -> Problem:
    spath = str(path)
    names: dict[int, str] = {}
    n_vars = -1
    clauses: list[list[int]] = []
    current: list[int] = []
    for lineno, line in enumerate(read_text_safely(path).splitlines(), 1):
        tok = line.split()
        if not tok or tok[0] == "%":
            continue
        if tok[0] == "c":
            if len(tok) >= 3 and tok[1] == "i" and tok[2].lstrip("-").isdigit():
                names[int(tok[2])] = " ".join(tok[3:]) or f"x{tok[2]}"
            elif len(tok) >= 3 and tok[1].isdigit():
                names[int(tok[1])] = " ".join(tok[2:])
            continue
        if tok[0] == "p":
            if len(tok) < 4 or tok[1] != "cnf":
                raise ImportFormatError(spath, lineno, "expected 'p cnf VARS CLAUSES'")
            n_vars = int(tok[2])
            continue
        try:
            for t in tok:
                lit = int(t)
                if lit == 0:
                    clauses.append(current)
                    current = []
                else:
                    current.append(lit)
        except ValueError:
            raise ImportFormatError(spath, lineno, f"bad literal in {line!r}") from None
    if current:
        clauses.append(current)
    if n_vars < 0:
        raise ImportFormatError(spath, None, "missing 'p cnf' header")
    top = max([n_vars, *(abs(lit) for c in clauses for lit in c)])
    seen: set[str] = set()
    variables = []
    for i in range(1, top + 1):
        name = names.get(i, f"x{i}")
        if name in seen:  # duplicated names in comments: keep them distinct
            name = f"{name}#{i}"
        seen.add(name)
        variables.append(Variable(name, BOOL))
    constraints: list[Constraint] = [
        Clause(tuple((abs(lit) - 1, 1, lit > 0) for lit in c), rule=f"c{k}") for k, c in enumerate(clauses, 1)
    ]
    return Problem(tuple(variables), tuple(constraints))
