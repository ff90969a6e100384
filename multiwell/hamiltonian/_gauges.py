r"""Gauges: the vector potential's line integrals and the regauging of bond phases.

:func:`_line_integrals` gives :math:`\int_{r_i}^{r_j}\mathbf A\cdot d\mathbf l` on every bond for a
uniform field in the symmetric gauge :math:`\mathbf A = \tfrac12\mathbf B\times(\mathbf r-\mathbf r_0)`
or the Landau gauge; :func:`_tree_gauge` and :func:`_equal_gauge` give the well phases :math:`\chi_k` that
move every flux onto the chords of a spanning tree or spread it evenly around the ring, and
:func:`_regauge` applies them (:math:`\theta_{ij}\to\theta_{ij}+\chi_i-\chi_j`, loop fluxes unchanged).
Serves :mod:`multiwell.hamiltonian._peierls` (which also hands the line integrals to the flux generators
of :mod:`multiwell.hamiltonian._loopflux`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import sympy as sp

from multiwell.errors import GeometryError, ParameterError
from multiwell.geometry import Geometry
from multiwell.geometry._coords import _cross, _exact

GAUGES = ("symmetric", "landau", "tree", "equal")
# (documented where it is public: multiwell.hamiltonian.GAUGES)

def _origin(geometry: Geometry, origin) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    if origin is None:
        pts = [geometry.position3(k) for k in range(geometry.n_wells)]
        return tuple(sum(p[c] for p in pts) / len(pts) for c in range(3))
    o = tuple(_exact(c, "origin") for c in origin)
    if len(o) != geometry.dimension:
        raise ParameterError(f"origin: expected {geometry.dimension} coordinates, got {len(o)}")
    return o + (sp.Integer(0),) * (3 - len(o))


def _line_integrals(geometry: Geometry, B: Sequence, gauge: str, origin) -> dict[tuple[int, int], sp.Expr]:
    r""":math:`\int_{r_i}^{r_j}\mathbf A\cdot d\mathbf l` for a uniform field ``B`` (exact: A is linear)."""
    r0 = _origin(geometry, origin)
    out = {}
    for b in geometry.bonds:
        ri, rj = geometry.position3(b.i), geometry.position3(b.j)
        mid = tuple((a + c) / 2 for a, c in zip(ri, rj, strict=True))
        d = tuple(c - a for a, c in zip(ri, rj, strict=True))
        if gauge == "symmetric":
            rel = tuple(m - o for m, o in zip(mid, r0, strict=True))
            A = tuple(c / 2 for c in _cross(B, rel))
        else:  # Landau: A = (0, B_z x, B_x y - B_y x)
            x, y, _ = mid
            A = (sp.Integer(0), B[2] * x, B[0] * y - B[1] * x)
        out[(b.i, b.j)] = sp.expand(sum(a * c for a, c in zip(A, d, strict=True)))
    return out


def _directed(theta, a, b):
    return theta[(a, b)] if (a, b) in theta else -theta[(b, a)]


def _regauge(geometry, theta, chi):
    return {(i, j): sp.expand(v + chi[i] - chi[j]) for (i, j), v in theta.items()}


def _tree_gauge(geometry: Geometry, theta) -> list[sp.Expr]:
    chi = [None] * geometry.n_wells
    adj = {k: [] for k in range(geometry.n_wells)}
    for b in geometry.spanning_tree():
        adj[b.i].append(b.j)
        adj[b.j].append(b.i)
    for comp in geometry.components():
        chi[comp[0]] = sp.Integer(0)
        queue = deque([comp[0]])
        while queue:
            a = queue.popleft()
            for b in adj[a]:
                if chi[b] is None:
                    chi[b] = chi[a] + _directed(theta, a, b)  # makes theta'_ab = 0
                    queue.append(b)
    return chi


def _equal_gauge(geometry: Geometry, theta) -> list[sp.Expr]:
    n = geometry.n_wells
    pairs = {(b.i, b.j) for b in geometry.bonds}
    ring = [(k, (k + 1) % n) for k in range(n)]
    if n < 3 or any((min(a, b), max(a, b)) not in pairs for a, b in ring):
        raise GeometryError(
            f"gauge: 'equal' spreads the flux evenly along the ring 0->1->...->{n - 1}->0, "
            f"but the geometry {geometry.name!r} lacks some of those bonds"
        )
    total = sum(_directed(theta, a, b) for a, b in ring)
    chi = [sp.Integer(0)] * n
    for a, b in ring[:-1]:
        chi[b] = chi[a] + _directed(theta, a, b) - total / n
    return chi
