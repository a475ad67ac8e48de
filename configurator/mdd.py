"""A quasi-reduced multi-valued decision diagram (MDD) in flat numpy arrays.

Layout: level ``l`` (0..n-1) tests variable ``order[l]``; level ``n`` holds the single
terminal (true) node; false edges are simply absent and every node lies on some root-to-true
path. Node ids are global and grouped by level (``node_off``); edges are grouped by level
and sorted by source node (``edge_off``, ``src``, ``dst``, ``gval``); ``gval`` is the global
value id ``val_off[var] + value`` so one boolean vector ``allowed`` over all values encodes
the buyer's assignment.

Every per-click query is one or two sweeps over the levels with a handful of numpy calls per
level; there is no per-node Python work:

* ``supported``: forward reachability + backward "reaches true", then one vectorised pass
  over all edges (complete propagation).
* ``min/max cost``, ``bounds``: the same sweeps in the (min,+) / (max,+) semirings with
  ``ufunc.reduceat`` over pre-sorted edge segments.
* ``count``: the sweep in Python integers (``object`` arrays), exact at any size.

The last sweep's results are cached and reused when only a few levels' allowed values change
(one click changes one variable: the forward pass restarts at that level, the backward pass
restarts there too), which roughly halves the work of a click.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_FORMAT = 1


@dataclass
class _Cache:
    allowed: BoolArray
    fwd: BoolArray
    bwd: BoolArray


@dataclass
class _CostCache:
    allowed: BoolArray
    costs: FloatArray
    f: list[FloatArray]  # forward best per node: minimum, maximum
    b: list[FloatArray]  # backward best per node: minimum, maximum


class MDD:
    def __init__(
        self,
        *,
        order: IntArray,
        domain_sizes: IntArray,
        node_off: IntArray,
        edge_off: IntArray,
        src: IntArray,
        dst: IntArray,
        val: IntArray,
        fingerprint: str = "",
    ) -> None:
        self.order = np.asarray(order, dtype=np.int64)
        self.domain_sizes = np.asarray(domain_sizes, dtype=np.int64)
        self.node_off = np.asarray(node_off, dtype=np.int64)
        self.edge_off = np.asarray(edge_off, dtype=np.int64)
        self.src = np.asarray(src, dtype=np.int64)
        self.dst = np.asarray(dst, dtype=np.int64)
        self.val = np.asarray(val, dtype=np.int64)
        self.fingerprint = fingerprint
        self.n = len(self.order)
        self.val_off = np.concatenate([[0], np.cumsum(self.domain_sizes)]).astype(np.int64)
        self.n_values = int(self.val_off[-1])
        self.level_of = np.empty(self.n, dtype=np.int64)
        self.level_of[self.order] = np.arange(self.n)
        self.gval = self.val_off[self.order[self._edge_levels()]] + self.val
        self._prepare()
        self._cache: _Cache | None = None

    # ----------------------------------------------------------------- construction
    def _edge_levels(self) -> IntArray:
        counts = np.diff(self.edge_off)
        return np.repeat(np.arange(self.n, dtype=np.int64), counts)

    def _prepare(self) -> None:
        n = self.n
        self.n_nodes = int(self.node_off[-1])
        self.n_edges = len(self.src)
        # per level: segment starts (relative) of edges grouped by src, and a dst-sorted
        # permutation with its segment starts, for reduceat.
        self._src_starts: list[IntArray] = []
        self._dst_perm: list[IntArray] = []
        self._dst_starts: list[IntArray] = []
        self._slices: list[slice] = []
        for lvl in range(n):
            s, e = int(self.edge_off[lvl]), int(self.edge_off[lvl + 1])
            self._slices.append(slice(s, e))
            src = self.src[s:e]
            self._src_starts.append(np.flatnonzero(np.r_[True, src[1:] != src[:-1]]))
            perm = np.argsort(self.dst[s:e], kind="stable")
            d = self.dst[s:e][perm]
            self._dst_perm.append(perm)
            self._dst_starts.append(np.flatnonzero(np.r_[True, d[1:] != d[:-1]]))
        self._node_edge_start = np.zeros(self.n_nodes + 1, dtype=np.int64)
        np.add.at(self._node_edge_start, self.src + 1, 1)
        self._node_edge_start = np.cumsum(self._node_edge_start)
        # edge ids sorted by dst within each level (for the forward (min,+) pass), with
        # their sources, and edges sorted by global value with their ends
        self._by_dst = np.concatenate(
            [p + int(self.edge_off[lvl]) for lvl, p in enumerate(self._dst_perm)] or [np.zeros(0, np.int64)]
        )
        self._src_by_dst = self.src[self._by_dst]
        # per level, ready to use: node slice, edge slice, sources of the dst-sorted edges,
        # destinations of the src-sorted edges (the cost sweeps touch each once per level)
        self._node_sl = [slice(int(self.node_off[lvl]), int(self.node_off[lvl + 1])) for lvl in range(n + 1)]
        self._lvl_src_by_dst = [self._src_by_dst[sl] for sl in self._slices]
        self._lvl_dst = [self.dst[sl] for sl in self._slices]
        self._lvl_src = [self.src[sl] for sl in self._slices]
        self._by_val = np.argsort(self.gval, kind="stable")
        self._src_by_val = self.src[self._by_val]
        self._dst_by_val = self.dst[self._by_val]
        gv = self.gval[self._by_val]
        self._val_starts = np.flatnonzero(np.r_[True, gv[1:] != gv[:-1]]) if gv.size else gv
        self._val_present = gv[self._val_starts] if gv.size else gv
        self.root = int(self.node_off[0])
        self.terminal = int(self.node_off[n])
        self._cost_cache: _CostCache | None = None

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            format=np.int64(_FORMAT),
            order=self.order,
            domain_sizes=self.domain_sizes,
            node_off=self.node_off,
            edge_off=self.edge_off,
            src=self.src,
            dst=self.dst,
            val=self.val,
            fingerprint=np.array(self.fingerprint),
        )

    @classmethod
    def load(cls, path: str | Path) -> MDD:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != _FORMAT:
                raise ValueError(f"{path}: unsupported MDD file format {int(z['format'])}")
            return cls(
                order=z["order"],
                domain_sizes=z["domain_sizes"],
                node_off=z["node_off"],
                edge_off=z["edge_off"],
                src=z["src"],
                dst=z["dst"],
                val=z["val"],
                fingerprint=str(z["fingerprint"]),
            )

    # ----------------------------------------------------------------- helpers
    def allowed_mask(self, assignment: dict[int, int]) -> BoolArray:
        allowed = np.ones(self.n_values, dtype=bool)
        for var, value in assignment.items():
            o = int(self.val_off[var])
            allowed[o : o + int(self.domain_sizes[var])] = False
            allowed[o + value] = True
        return allowed

    def _changed_levels(self, before: BoolArray, allowed: BoolArray) -> tuple[int, int]:
        """(first, last) level whose allowed values differ from those of the cached sweep."""
        diff = np.flatnonzero(before != allowed)
        if diff.size == 0:
            return (self.n, -1)
        var = np.searchsorted(self.val_off, diff, side="right") - 1
        lv = self.level_of[var]
        return int(lv.min()), int(lv.max())

    # ----------------------------------------------------------------- boolean sweeps
    def _sweeps(self, allowed: BoolArray) -> tuple[BoolArray, BoolArray, BoolArray]:
        """Forward reachability, backward 'reaches true' (per node) and the allowed edges."""
        # one read of the cache: a cache object is never mutated once published, so
        # concurrent callers (a Streamlit cache_resource is shared) stay correct
        cache = self._cache
        if cache is None:
            fwd = np.zeros(self.n_nodes, dtype=bool)
            fwd[self.root] = True
            bwd = np.zeros(self.n_nodes, dtype=bool)
            bwd[self.terminal] = True
            first, last = 0, self.n - 1
        else:
            first, last = self._changed_levels(cache.allowed, allowed)
            fwd, bwd = cache.fwd.copy(), cache.bwd.copy()
            if first <= self.n - 1:
                fwd[int(self.node_off[first + 1]) :] = False
        ok = allowed[self.gval]  # one gather for every level (and supported's last pass)
        edges, src, dst, nodes = self._slices, self._lvl_src, self._lvl_dst, self._node_sl
        for lvl in range(first, self.n):
            act = fwd[src[lvl]] & ok[edges[lvl]]
            fwd[dst[lvl][act]] = True
        src_starts = self._src_starts
        for lvl in range(last, -1, -1):
            bwd[nodes[lvl]] = np.logical_or.reduceat(bwd[dst[lvl]] & ok[edges[lvl]], src_starts[lvl])
        self._cache = _Cache(allowed.copy(), fwd, bwd)
        return fwd, bwd, ok

    def consistent(self, allowed: BoolArray) -> bool:
        """Does some path use only allowed values? (forward sweep with early exit)."""
        reach = np.zeros(self.n_nodes, dtype=bool)
        reach[self.root] = True
        src, dst, gval = self.src, self.dst, self.gval
        for lvl in range(self.n):
            sl = self._slices[lvl]
            act = reach[src[sl]] & allowed[gval[sl]]
            if not act.any():
                return False
            reach[dst[sl][act]] = True
        return True

    def supported(self, allowed: BoolArray) -> BoolArray:
        """Global value ids used by some valid path under ``allowed``."""
        fwd, bwd, ok = self._sweeps(allowed)
        good = fwd[self.src] & bwd[self.dst] & ok
        out = np.zeros(self.n_values, dtype=bool)
        out[self.gval[good]] = True
        return out

    # ----------------------------------------------------------------- counting
    def count(self, allowed: BoolArray) -> int:
        cnt = np.zeros(self.n_nodes, dtype=object)
        cnt[self.terminal] = 1
        for lvl in range(self.n - 1, -1, -1):
            sl = self._slices[lvl]
            contrib = np.where(allowed[self.gval[sl]], cnt[self.dst[sl]], 0)
            cnt[self.node_off[lvl] : self.node_off[lvl + 1]] = np.add.reduceat(
                contrib.astype(object), self._src_starts[lvl]
            )
        return int(cnt[self.root])

    # ----------------------------------------------------------------- (min,+) sweeps
    def _cost_sweeps(
        self, allowed: BoolArray, costs: FloatArray, maximize: bool
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Forward best, backward best (per node) and effective edge costs."""
        bad = -np.inf if maximize else np.inf
        red = np.maximum if maximize else np.minimum
        ecost = np.where(allowed[self.gval], costs[self.gval], bad)
        f = np.full(self.n_nodes, bad)
        f[self.root] = 0.0
        b = np.full(self.n_nodes, bad)
        b[self.terminal] = 0.0
        src, dst, node_off = self.src, self.dst, self.node_off
        for lvl in range(self.n):
            sl = self._slices[lvl]
            cand = (f[src[sl]] + ecost[sl])[self._dst_perm[lvl]]
            f[node_off[lvl + 1] : node_off[lvl + 2]] = red.reduceat(cand, self._dst_starts[lvl])
        for lvl in range(self.n - 1, -1, -1):
            sl = self._slices[lvl]
            cand = b[dst[sl]] + ecost[sl]
            b[node_off[lvl] : node_off[lvl + 1]] = red.reduceat(cand, self._src_starts[lvl])
        return f, b, ecost

    def bounds(self, allowed: BoolArray, costs: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Per global value: the cheapest and the dearest total cost of a valid path through
        it (inf / -inf if none): ``value_bounds`` both ways, figures identical.

        Faster: the forward pass reads edges pre-sorted by destination (one gather less per
        level), and, like ``supported``, the sweeps of the last call are kept and restart at
        the levels whose allowed values changed (a click) when the costs are the same."""
        costs = np.asarray(costs, dtype=np.float64)
        cache = self._cost_cache  # read once: a published cache is never mutated
        first, last = 0, self.n - 1
        if cache is not None and np.array_equal(cache.costs, costs):
            first, last = self._changed_levels(cache.allowed, allowed)
            fs, bs = [x.copy() for x in cache.f], [x.copy() for x in cache.b]
        else:
            fs, bs = [], []
            for bad in (np.inf, -np.inf):
                f = np.full(self.n_nodes, bad)
                f[self.root] = 0.0
                b = np.full(self.n_nodes, bad)
                b[self.terminal] = 0.0
                fs.append(f)
                bs.append(b)
        ok, c = allowed[self.gval], costs[self.gval]
        nodes, edges, src_by_dst, dst = self._node_sl, self._slices, self._lvl_src_by_dst, self._lvl_dst
        dst_starts, src_starts = self._dst_starts, self._src_starts
        out: list[FloatArray] = []
        for k, (bad, red) in enumerate(((np.inf, np.minimum), (-np.inf, np.maximum))):
            ecost = np.where(ok, c, bad)
            f, b = fs[k], bs[k]
            if first < self.n:
                by_dst = ecost[self._by_dst]
                for lvl in range(first, self.n):
                    f[nodes[lvl + 1]] = red.reduceat(f[src_by_dst[lvl]] + by_dst[edges[lvl]], dst_starts[lvl])
            for lvl in range(last, -1, -1):
                b[nodes[lvl]] = red.reduceat(b[dst[lvl]] + ecost[edges[lvl]], src_starts[lvl])
            tot = f[self._src_by_val] + ecost[self._by_val] + b[self._dst_by_val]
            best = np.full(self.n_values, bad)
            if tot.size:
                best[self._val_present] = red.reduceat(tot, self._val_starts)
            out.append(best)
        self._cost_cache = _CostCache(allowed.copy(), costs.copy(), fs, bs)
        return out[0], out[1]

    def value_bounds(self, allowed: BoolArray, costs: FloatArray, maximize: bool) -> FloatArray:
        """Per global value: best total cost of a valid path through it (inf if none)."""
        f, b, ecost = self._cost_sweeps(allowed, costs, maximize)
        bad = -np.inf if maximize else np.inf
        red = np.maximum if maximize else np.minimum
        tot = (f[self.src] + ecost + b[self.dst])[self._by_val]
        out = np.full(self.n_values, bad)
        if tot.size:
            out[self._val_present] = red.reduceat(tot, self._val_starts)
        return out

    def best_path(
        self,
        allowed: BoolArray,
        costs: FloatArray,
        maximize: bool = False,
        *,
        below: tuple[int, FloatArray] | None = None,
        sweeps: list[FloatArray] | None = None,
    ) -> tuple[float, list[int]] | None:
        """Optimal total cost and the assignment (index = variable) reaching it.

        Minimising, the per-node costs of the sweep are appended to `sweeps` if given: below the
        deepest level `allowed` restricts, they hold for every `allowed` that restricts no deeper
        level with these costs. `below` = (level, such costs) starts the sweep at that level (every
        deeper one allows every value) instead of at the bottom: the same answer, ties alike."""
        bad = -np.inf if maximize else np.inf
        red = np.maximum if maximize else np.minimum
        arg = np.argmax if maximize else np.argmin
        ecost = np.where(allowed[self.gval], costs[self.gval], bad)
        if below is not None and not maximize:
            top, b = below[0], below[1].copy()
        else:
            top, b = self.n - 1, np.full(self.n_nodes, bad)
            b[self.terminal] = 0.0
        for lvl in range(top, -1, -1):
            sl = self._slices[lvl]
            cand = b[self.dst[sl]] + ecost[sl]
            b[self.node_off[lvl] : self.node_off[lvl + 1]] = red.reduceat(cand, self._src_starts[lvl])
        if sweeps is not None and not maximize:
            sweeps.append(b)
        if not np.isfinite(b[self.root]):
            return None
        out = [0] * self.n
        node = self.root
        for lvl in range(self.n):
            s, e = int(self._node_edge_start[node]), int(self._node_edge_start[node + 1])
            k = s + int(arg(b[self.dst[s:e]] + ecost[s:e]))
            out[int(self.order[lvl])] = int(self.val[k])
            node = int(self.dst[k])
        return float(b[self.root]), out
