"""UVL (Universal Variability Language) feature models, Boolean part, into a Problem.

Supported: the ``features`` tree (indentation based; quoted or plain names; ``{...}``
attributes are ignored, ``abstract`` features are ordinary Boolean variables),
``mandatory`` / ``optional`` / ``or`` / ``alternative`` groups, cardinality groups ``[n..m]``
/ ``[n]`` / ``[n..*]``, and cross-tree constraints with ``!``, ``&``, ``|``, ``=>``, ``<=>``
and parentheses. Ignored with a warning (listed in :attr:`UvlModel.notes`): ``namespace``,
``imports``, ``include``, typed (Integer/Real/String) features, feature cardinalities and
constraints using arithmetic, comparisons or aggregates. Every feature is a variable with
values ``("0", "1")``; the root is selected.

Rule codes: ``uvl:parent:<child>``, ``uvl:mandatory:<child>``, ``uvl:or:<parent>``,
``uvl:alternative:<parent>``, ``uvl:group:<parent>``, ``uvl:root``, ``uvl:c<line>``.
"""

from __future__ import annotations

import itertools
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from configurator.errors import ImportFormatError
from configurator.importers import read_text_safely
from configurator.problem import Clause, Constraint, Problem, Variable

BOOL = ("0", "1")
_GROUP = re.compile(r"^(mandatory|optional|or|alternative|\[\s*(\d+)\s*(?:\.\.\s*(\d+|\*))?\s*\])$")
_TOKEN = re.compile(r'\s*(<=>|=>|[!&|()]|"[^"]*"|[A-Za-z_][\w.\-]*|\S)')
_MAX_CLAUSES = 4096

Lit = tuple[str, bool]
Formula = tuple[object, ...]


@dataclass
class UvlModel:
    problem: Problem
    notes: list[str] = field(default_factory=list)


def load_uvl(path: str | Path) -> Problem:
    model = parse_uvl(read_text_safely(path), str(path))
    for note in model.notes:
        warnings.warn(f"{path}: {note}", stacklevel=2)
    return model.problem


def _name(text: str) -> str:
    text = re.sub(r"\{.*\}\s*$", "", text).strip()
    if text.startswith('"'):
        return text[1 : text.index('"', 1)]
    parts = text.split()
    if len(parts) > 1 and parts[0] in ("Boolean", "Integer", "Real", "String"):
        return parts[1]
    return parts[0] if parts else ""


def parse_uvl(text: str, path: str = "<uvl>") -> UvlModel:
    notes: list[str] = []
    names: list[str] = []
    clauses: list[tuple[list[Lit], str]] = []
    section = ""
    stack: list[tuple[int, str, str]] = []  # (indent, kind: "f"|"g", feature or group spec)
    parent_of_group: dict[int, str] = {}
    groups: list[tuple[str, str, list[str], int, int]] = []  # (parent, kind, kids, lo, hi)
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("//", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if indent == 0:
            section = body.split()[0]
            if section not in ("features", "constraints"):
                notes.append(f"line {lineno}: section {section!r} ignored")
            stack = []
            continue
        if section == "features":
            while stack and stack[-1][0] >= indent:
                stack.pop()
            gm = _GROUP.match(body)
            if gm:
                if not stack or stack[-1][1] != "f":
                    raise ImportFormatError(path, lineno, "group without a parent feature")
                kind = gm.group(1)
                lo, hi = 0, -1
                if kind.startswith("["):
                    lo = int(gm.group(2))
                    hi = lo if gm.group(3) is None else (-1 if gm.group(3) == "*" else int(gm.group(3)))
                    kind = "card"
                groups.append((stack[-1][2], kind, [], lo, hi))
                parent_of_group[len(groups) - 1] = stack[-1][2]
                stack.append((indent, "g", str(len(groups) - 1)))
                continue
            if "cardinality" in body:
                notes.append(f"line {lineno}: feature cardinality ignored")
            name = _name(body)
            if body.split()[0] in ("Integer", "Real", "String"):
                notes.append(f"line {lineno}: typed feature {name!r} treated as Boolean")
            if not name:
                raise ImportFormatError(path, lineno, "cannot read a feature name")
            if stack and stack[-1][1] == "f":
                raise ImportFormatError(path, lineno, f"feature {name!r} outside a group")
            if stack:
                groups[int(stack[-1][2])][2].append(name)
            elif names:
                raise ImportFormatError(path, lineno, "a second root feature")
            names.append(name)
            stack.append((indent, "f", name))
        elif section == "constraints":
            try:
                formula = _Parser(body).parse()
                for cl in _cnf(_nnf(formula, True)):
                    clauses.append((cl, f"uvl:c{lineno}"))
            except _Unsupported as exc:
                notes.append(f"line {lineno}: constraint ignored ({exc})")
    if not names:
        raise ImportFormatError(path, None, "no features")
    clauses.append(([(names[0], True)], "uvl:root"))
    for parent, kind, kids, lo, hi in groups:
        for kid in kids:
            clauses.append(([(kid, False), (parent, True)], f"uvl:parent:{kid}"))
        if kind == "mandatory":
            clauses += [([(parent, False), (k, True)], f"uvl:mandatory:{k}") for k in kids]
        elif kind == "or":
            clauses.append(([(parent, False)] + [(k, True) for k in kids], f"uvl:or:{parent}"))
        elif kind == "alternative":
            lo, hi = 1, 1
        if kind in ("alternative", "card") and kids:
            rule = f"uvl:{kind if kind == 'alternative' else 'group'}:{parent}"
            clauses += _cardinality(parent, kids, lo, hi, rule, path)
    index = {n: i for i, n in enumerate(names)}
    for cl, _ in clauses:
        for n, _pos in cl:
            if n not in index:
                raise ImportFormatError(path, None, f"constraint names unknown feature {n!r}")
    constraints: list[Constraint] = [
        Clause(tuple((index[n], 1, pos) for n, pos in cl), rule=rule) for cl, rule in clauses
    ]
    variables = tuple(Variable(n, BOOL) for n in names)
    return UvlModel(Problem(variables, tuple(constraints)), notes)


def _cardinality(parent: str, kids: list[str], lo: int, hi: int, rule: str, path: str) -> list[tuple[list[Lit], str]]:
    out: list[tuple[list[Lit], str]] = []
    k = len(kids)
    hi = k if hi < 0 else hi
    if lo > 0:  # parent -> at least lo kids: every (k-lo+1)-subset has a selected kid
        subsets = list(itertools.islice(itertools.combinations(kids, k - lo + 1), _MAX_CLAUSES + 1))
        if len(subsets) > _MAX_CLAUSES:
            raise ImportFormatError(path, None, f"group of {parent!r} too large to encode")
        out += [([(parent, False)] + [(x, True) for x in s], rule) for s in subsets]
    if hi < k:  # at most hi kids: no (hi+1)-subset all selected
        subsets = list(itertools.islice(itertools.combinations(kids, hi + 1), _MAX_CLAUSES + 1))
        if len(subsets) > _MAX_CLAUSES and hi > 1:  # pairwise at-most-one is always fine
            raise ImportFormatError(path, None, f"group of {parent!r} too large to encode")
        if hi == 1:
            subsets = list(itertools.combinations(kids, 2))
        out += [([(x, False) for x in s], rule) for s in subsets]
    return out


class _Unsupported(Exception):
    pass


class _Parser:
    """Precedence, loosest first: <=>, =>, |, &, !."""

    def __init__(self, text: str) -> None:
        self.toks = [t for t in _TOKEN.findall(text) if t]
        self.i = 0

    def parse(self) -> Formula:
        f = self._equiv()
        if self.i != len(self.toks):
            raise _Unsupported(f"unexpected {self.toks[self.i]!r}")
        return f

    def _peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _binary(self, op: str, sub: str) -> Formula:
        f: Formula = getattr(self, sub)()
        while self._peek() == op:
            self.i += 1
            f = (op, f, getattr(self, sub)())
        return f

    def _equiv(self) -> Formula:
        return self._binary("<=>", "_impl")

    def _impl(self) -> Formula:
        f = self._or()
        if self._peek() == "=>":  # right associative
            self.i += 1
            return ("=>", f, self._impl())
        return f

    def _or(self) -> Formula:
        return self._binary("|", "_and")

    def _and(self) -> Formula:
        return self._binary("&", "_not")

    def _not(self) -> Formula:
        tok = self._peek()
        if tok is None:
            raise _Unsupported("unexpected end")
        self.i += 1
        if tok == "!":
            return ("!", self._not())
        if tok == "(":
            f = self._equiv()
            if self._peek() != ")":
                raise _Unsupported("missing ')'")
            self.i += 1
            return f
        if tok.startswith('"'):
            return ("v", tok[1:-1])
        if re.match(r"[A-Za-z_]", tok) and self._peek() not in ("(",):
            return ("v", tok)
        raise _Unsupported(f"non-Boolean syntax {tok!r}")


def _nnf(f: Formula, pos: bool) -> Formula:
    op = f[0]
    if op == "v":
        return ("l", f[1], pos)
    if op == "!":
        return _nnf(f[1], not pos)  # type: ignore[arg-type]
    a, b = f[1], f[2]
    if op == "=>":
        return _nnf(("|", ("!", a), b), pos)
    if op == "<=>":
        return _nnf(("&", ("=>", a, b), ("=>", b, a)), pos)
    flip = {"&": "|", "|": "&"}
    return (op if pos else flip[str(op)], _nnf(a, pos), _nnf(b, pos))  # type: ignore[arg-type]


def _cnf(f: Formula) -> list[list[Lit]]:
    op = f[0]
    if op == "l":
        return [[(str(f[1]), bool(f[2]))]]
    left, right = _cnf(f[1]), _cnf(f[2])  # type: ignore[arg-type]
    if op == "&":
        return left + right
    if len(left) * len(right) > _MAX_CLAUSES:
        raise _Unsupported("CNF too large")
    return [a + b for a in left for b in right]
