"""A compiled engine as bytes, and back: compile once (when a catalog version is published),
load it in milliseconds everywhere else.

The blob is ``MAGIC``, a 4-byte little-endian header length, a JSON header, then the payload
(an ``.npz`` archive of plain arrays, zlib-compressed; never a pickle, so loading a blob runs
no code). The header says what the blob is::

    {"format": 1, "engine": "1", "kind": "catalog", "content_hash": <catalog fingerprint>,
     "problem_hash": <Problem.fingerprint()>, "backend": "mdd" | "sat", "fallback_reason": ...,
     "payload_sha256": ..., "compile_seconds": ...}

The payload holds everything the compile produced, so loading repeats none of it: the finite-
domain problem (variables, the tabulated rules), the catalog's maps between modules and
variables, and the decision diagram (variable order, layered nodes and edges). A model that
fell back to SAT stores no diagram, only that it did and why, so a load does not spend the
compile budget again.

:func:`load_catalog_engine` refuses (:class:`ArtifactError`, saying why) a blob of another
format or engine version, of other content, or whose bytes do not match their checksum; the
caller then compiles afresh. Bump :data:`ENGINE_VERSION` whenever the compile's output changes
meaning (a new variable encoding, a new rule semantics): stored artifacts are then recompiled.

>>> from modules.loader import load_catalog
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> blob = dump_catalog_engine(CatalogEngine(tee))
>>> read_header(blob).content_hash == tee.fingerprint(), read_header(blob).backend
(True, 'mdd')
>>> load_catalog_engine(blob, catalog=tee).count() == CatalogEngine(tee).count()
True
>>> try:
...     load_catalog_engine(blob[:-5], catalog=tee)
... except ArtifactError as exc:
...     print(exc.reason)
its bytes do not match their checksum (corrupt or truncated)
"""

from __future__ import annotations

import hashlib
import io
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt

from configurator.catalog_engine import CatalogEngine
from configurator.catalog_model import CatalogProblem
from configurator.engine import Engine
from configurator.errors import ConfiguratorError
from configurator.mdd import MDD
from configurator.problem import Clause, Constraint, Problem, Table, Variable
from modules.catalog import Catalog

MAGIC = b"CFGENGN\x00"
FORMAT = 1
# The meaning of what the compile produces; stored artifacts of another version are recompiled.
ENGINE_VERSION = "1"
_LENGTH = 4
_T = TypeVar("_T")
_MDD_ARRAYS = ("order", "domain_sizes", "node_off", "edge_off", "src", "dst", "val")


class ArtifactError(ConfiguratorError):
    """A blob that is not a usable compiled engine for this content and this build (why: `reason`)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"compiled engine artifact refused: {reason}")


@dataclass(frozen=True, slots=True)
class ArtifactHeader:
    format: int
    engine: str
    kind: Literal["catalog", "problem"]
    content_hash: str  # the catalog version's fingerprint (kind "catalog") or the problem's
    problem_hash: str
    backend: str  # mdd | sat
    fallback_reason: str | None
    payload_sha256: str
    compile_seconds: float | None = None


# ------------------------------------------------------------------------------------- writing
def dump_engine(engine: Engine, *, compile_seconds: float | None = None) -> bytes:
    """A compiled engine (any problem, e.g. an imported benchmark model) as bytes."""
    problem_hash = engine.problem.fingerprint()
    return _dump(engine, "problem", problem_hash, problem_hash, {}, compile_seconds)


def dump_catalog_engine(engine: CatalogEngine, *, compile_seconds: float | None = None) -> bytes:
    """A catalog's compiled engine as bytes, keyed by the catalog's content hash."""
    model = engine.model
    maps = {
        "module_var": model.module_var,
        "option_var": [[m, o, v] for (m, o), v in model.option_var.items()],
        "term_var": model.term_var,
        "term_amounts": {k: [str(a) for a in v] for k, v in model.term_amounts.items()},
    }
    problem_hash = engine.engine.problem.fingerprint()
    return _dump(engine.engine, "catalog", engine.catalog.fingerprint(), problem_hash, maps, compile_seconds)


def _dump(
    engine: Engine,
    kind: Literal["catalog", "problem"],
    content_hash: str,
    problem_hash: str,
    maps: dict[str, Any],
    compile_seconds: float | None,
) -> bytes:
    arrays = _problem_arrays(engine.problem)
    arrays["maps"] = _json_array(maps)
    if engine.mdd is not None:
        for name in _MDD_ARRAYS:
            arrays[f"mdd_{name}"] = _narrow(getattr(engine.mdd, name))
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    payload = zlib.compress(buffer.getvalue(), 1)
    header = ArtifactHeader(
        format=FORMAT,
        engine=ENGINE_VERSION,
        kind=kind,
        content_hash=content_hash,
        problem_hash=problem_hash,
        backend="mdd" if engine.mdd is not None else "sat",
        fallback_reason=engine.fallback_reason,
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        compile_seconds=compile_seconds,
    )
    head = json.dumps({f: getattr(header, f) for f in ArtifactHeader.__slots__}, sort_keys=True).encode()
    return MAGIC + len(head).to_bytes(_LENGTH, "little") + head + payload


def _problem_arrays(problem: Problem) -> dict[str, npt.NDArray[Any]]:
    meta: list[list[Any]] = []
    rows: list[npt.NDArray[np.int32]] = []
    for c in problem.constraints:
        if isinstance(c, Table):
            meta.append(["T", c.rule, c.negative, list(c.scope), int(c.tuples.shape[0])])
            rows.append(c.tuples.reshape(-1))
        else:
            meta.append(["C", c.rule, [[v, a, p] for v, a, p in c.literals]])
    variables = [[v.name, list(v.values)] for v in problem.variables]
    flat = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
    return {
        "variables": _json_array(variables),
        "constraints": _json_array(meta),
        "rows": _narrow(flat),
    }


def _json_array(value: Any) -> npt.NDArray[np.uint8]:
    return np.frombuffer(json.dumps(value, separators=(",", ":")).encode(), dtype=np.uint8)


def _narrow(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Store integers in the smallest of int8/16/32 that holds them (loading widens them back)."""
    if a.size == 0:
        return a.astype(np.int32)
    lo, hi = int(a.min()), int(a.max())
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= lo and hi <= info.max:
            return a.astype(dtype)
    return a.astype(np.int64)


# ------------------------------------------------------------------------------------- reading
def read_header(blob: bytes) -> ArtifactHeader:
    """The header of a blob, refused (ArtifactError) if it is not one of ours or not this build's."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise ArtifactError(f"expected bytes, got {type(blob).__name__}")
    blob = bytes(blob)
    if not blob.startswith(MAGIC):
        raise ArtifactError("not a compiled engine artifact (wrong magic bytes)")
    start = len(MAGIC) + _LENGTH
    length = int.from_bytes(blob[len(MAGIC) : start], "little")
    if len(blob) < start + length:
        raise ArtifactError("truncated header")
    try:
        fields = json.loads(blob[start : start + length])
        header = ArtifactHeader(**fields)
    except (ValueError, TypeError) as exc:
        raise ArtifactError(f"unreadable header ({exc})") from None
    if header.format != FORMAT:
        raise ArtifactError(f"format {header.format!r}, this build reads format {FORMAT}")
    if header.engine != ENGINE_VERSION:
        raise ArtifactError(f"compiled by engine version {header.engine!r}, this build is version {ENGINE_VERSION!r}")
    return header


def _payload(blob: bytes, header: ArtifactHeader) -> dict[str, npt.NDArray[Any]]:
    start = len(MAGIC) + _LENGTH + int.from_bytes(blob[len(MAGIC) : len(MAGIC) + _LENGTH], "little")
    payload = blob[start:]
    if hashlib.sha256(payload).hexdigest() != header.payload_sha256:
        raise ArtifactError("its bytes do not match their checksum (corrupt or truncated)")
    try:
        with np.load(io.BytesIO(zlib.decompress(payload)), allow_pickle=False) as z:
            return {name: z[name] for name in z.files}
    except (ValueError, OSError, KeyError, zlib.error) as exc:
        raise ArtifactError(f"unreadable payload ({exc})") from None


def _problem(arrays: dict[str, npt.NDArray[Any]]) -> Problem:
    variables = tuple(Variable(name, tuple(values)) for name, values in _json(arrays["variables"]))
    rows = arrays["rows"].astype(np.int32)
    constraints: list[Constraint] = []
    at = 0
    for entry in _json(arrays["constraints"]):
        if entry[0] == "T":
            _, rule, negative, scope, count = entry
            width = len(scope)
            block = rows[at : at + count * width].reshape(count, width) if width else np.zeros((0, 0), np.int32)
            at += count * width
            constraints.append(Table(scope, block, rule=rule, negative=negative))
        else:
            constraints.append(Clause(tuple((v, a, p) for v, a, p in entry[2]), rule=entry[1]))
    return Problem(variables, tuple(constraints))


def _json(a: npt.NDArray[Any]) -> Any:
    return json.loads(a.tobytes().decode())


def _engine(arrays: dict[str, npt.NDArray[Any]], header: ArtifactHeader) -> Engine:
    problem = _problem(arrays)
    if problem.fingerprint() != header.problem_hash:
        raise ArtifactError("its problem does not match the header's hash")
    if header.backend == "sat":
        engine = Engine(problem, backend="sat")
        engine.fallback_reason = header.fallback_reason
        return engine
    parts = {name: arrays[f"mdd_{name}"].astype(np.int64) for name in _MDD_ARRAYS}
    mdd = MDD(**parts, fingerprint=header.problem_hash)
    return Engine(problem, compiled=mdd)


def load_engine(blob: bytes, *, content_hash: str) -> Engine:
    """The engine a :func:`dump_engine` blob holds, if it is of the problem ``content_hash``."""
    header = read_header(blob)
    if header.kind != "problem" or header.content_hash != content_hash:
        raise ArtifactError(f"it holds {header.kind} {header.content_hash[:12]}, not problem {content_hash[:12]}")
    return _guarded(lambda: _engine(_payload(bytes(blob), header), header))


def load_catalog_engine(blob: bytes, *, catalog: Catalog) -> CatalogEngine:
    """The compiled engine of ``catalog`` a :func:`dump_catalog_engine` blob holds (milliseconds);
    ArtifactError if the blob is of another catalog content, format or engine version, or corrupt."""
    header = read_header(blob)
    fingerprint = catalog.fingerprint()
    if header.kind != "catalog" or header.content_hash != fingerprint:
        raise ArtifactError(f"it holds {header.kind} {header.content_hash[:12]}, not catalog {fingerprint[:12]}")

    def build() -> CatalogEngine:
        arrays = _payload(bytes(blob), header)
        engine = _engine(arrays, header)
        maps = _json(arrays["maps"])
        model = CatalogProblem(
            catalog=catalog,
            problem=engine.problem,
            module_var={str(k): int(v) for k, v in maps["module_var"].items()},
            option_var={(str(m), str(o)): int(v) for m, o, v in maps["option_var"]},
            term_var={str(k): int(v) for k, v in maps["term_var"].items()},
            term_amounts={str(k): [Decimal(a) for a in v] for k, v in maps["term_amounts"].items()},
        )
        return CatalogEngine(catalog, model=model, engine=engine)

    return _guarded(build)


def _guarded(build: Callable[[], _T]) -> _T:
    """Any failure to rebuild from a blob that passed its checksum is still the blob's fault."""
    try:
        result = build()
    except ArtifactError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, ConfiguratorError) as exc:
        raise ArtifactError(f"inconsistent content ({type(exc).__name__}: {exc})") from None
    return result
