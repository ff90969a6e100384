r"""Quasi-degenerate perturbation theory in the hopping between coherent states :math:`|aa\dots a\rangle`.

The lowest-order coupling as a sum over the shortest paths (``_path_sum``: order :math:`L = \sum_i d_i(a, b)`,
:math:`d_i` the graph distance, energy denominators :math:`E_P - E_k`), the Schrieffer–Wolff effective Hamiltonian
of the coherent subspace to any order by pymablock (``_pymablock_effective``), and the second-order diagonal
shift; :mod:`multiwell.cluster._coherent` combines them.
"""

from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from multiwell.cluster._model import MAX_SYMBOLIC_DIMENSION, _Cluster
from multiwell.errors import ParameterError

__all__: list[str] = []


def _distance_matrix(c: _Cluster, i: int) -> np.ndarray:
    """Graph distances between the wells of particle i's single-particle Hamiltonian."""
    n = c.n
    d = np.full((n, n), n + 1, dtype=int)
    for a in range(n):
        d[a, a] = 0
        frontier, seen = [a], {a}
        step = 0
        while frontier:
            step += 1
            nxt = []
            for x in frontier:
                for y in range(n):
                    if y not in seen and c.blocks[i][y, x] != 0:
                        seen.add(y)
                        d[a, y] = step
                        nxt.append(y)
            frontier = nxt
    return d


def _path_sum(c: _Cluster, a: int, b: int) -> tuple[sp.Expr, int] | None:
    r"""Lowest-order coupling :math:`\langle b..b|H_{\rm eff}|a..a\rangle` as a sum over shortest paths.

    Valid when the two coherent states are degenerate and no shortest path visits another
    coherent state; returns ``None`` otherwise (the caller falls back to pymablock).
    """
    start, end = (a,) * c.N, (b,) * c.N
    E_P = c.diagonal(start)
    if sp.expand(E_P - c.diagonal(end)) != 0:
        return None
    dist = [_distance_matrix(c, i) for i in range(c.N)]
    L = sum(int(dist[i][a, b]) for i in range(c.N))
    if L > c.N * c.n:
        raise ParameterError(f"single: wells {a} and {b} are not connected by hoppings; they never couple")
    coherent = {(x,) * c.N for x in range(c.n)}
    layer = {start: sp.Integer(1)}
    for step in range(1, L + 1):
        nxt: dict[tuple[int, ...], sp.Expr] = {}
        for state, amp in layer.items():
            for new, hop in c.moves(state):
                remaining = sum(int(dist[i][new[i], b]) for i in range(c.N))
                if step + remaining > L:
                    continue
                nxt[new] = nxt.get(new, sp.Integer(0)) + amp * hop
        if step == L:
            return sp.factor(sp.together(nxt.get(end, sp.Integer(0)))), L
        if any(s in coherent for s in nxt):
            return None
        layer = {s: v / (E_P - c.diagonal(s)) for s, v in nxt.items()}
    return None


def _pymablock_effective(c: _Cluster, order: int) -> list[sp.Matrix]:
    """Terms 0..order of the Schrieffer-Wolff effective Hamiltonian of the coherent subspace."""
    from pymablock import block_diagonalize

    if c.dimension > MAX_SYMBOLIC_DIMENSION:
        raise ParameterError(
            f"n_particles: pymablock on the symbolic {c.dimension}-dimensional product space is out of reach; "
            "use method='exact'"
        )
    dim = c.dimension
    states = list(itertools.product(range(c.n), repeat=c.N))
    H0 = sp.zeros(dim, dim)
    H1 = sp.zeros(dim, dim)
    for idx, s in enumerate(states):
        H0[idx, idx] = c.diagonal(s)
        for new, amp in c.moves(s):
            H1[c.index(new), idx] = amp
    P = {sum(x * c.n**j for j in range(c.N)) for x in range(c.n)}
    if len(P) == dim:  # one particle: every state is coherent, nothing to eliminate
        return [H0, H1] + [sp.zeros(dim, dim)] * (order - 1) if order >= 1 else [H0]
    indices = [0 if k in P else 1 for k in range(dim)]
    Ht, _, _ = block_diagonalize([H0, H1], subspace_indices=indices)
    out = []
    for m in range(order + 1):
        term = Ht[0, 0, m]
        out.append(sp.zeros(c.n, c.n) if not isinstance(term, sp.MatrixBase) else sp.Matrix(term))
    return out


def _second_order_diagonal(c: _Cluster, a: int) -> sp.Expr:
    r"""Second-order shift :math:`\sum_k |V_{ka}|^2/(E_a-E_k)` of the coherent state ``a..a``."""
    state = (a,) * c.N
    E_a = c.diagonal(state)
    return sp.Add(*(amp * sp.conjugate(amp) / (E_a - c.diagonal(new)) for new, amp in c.moves(state)))
