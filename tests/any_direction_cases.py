"""Geometries of <= 12 wells in several field directions, for tests/unit/test_any_direction.py and its benchmark.

Each case: a geometry, its float positions (the independent Peierls matrix of tests/loopflux_reference.py is built
from them), a field direction, the field (``"phi"``: a symbolic flux through the hull; ``"tesla"``: 2 T in SI
units with positions in nm), and the on-site energies (``None``: free symbols).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from loopflux_reference import hull_area, icosahedron, peierls_matrix

import multiwell
from multiwell import Q_, Geometry, hamiltonian
from multiwell.units import e, hbar

phi = sp.Symbol("phi", real=True)
GOLD = float((1 + 5**0.5) / 2)
GENERIC = (0.36, -0.72, 0.59)


def _floats(g) -> np.ndarray:
    return np.array([[float(sp.N(c, 20)) for c in g.position3(k)] for k in range(g.n_wells)])


def _random_cluster(n: int, seed: int):
    pts = np.random.default_rng(seed).uniform(-1, 1, size=(n, 3))
    bonds = sorted({(i, (i + 1) % n) for i in range(n)} | {(i, (i + 3) % n) for i in range(0, n, 2)})
    return Geometry(pts.tolist(), [tuple(sorted(b)) for b in bonds]), pts


def cases():
    """(id, geometry, float positions (n x 3), direction, field, energies)."""
    ico = multiwell.icosahedron()
    out = []
    for name, d in (("5fold", (0, 1, GOLD)), ("3fold", (1, 1, 1)), ("2fold", (0, 0, 1)), ("generic", (1, 2, 3))):
        out.append((f"icosahedron-exact-{name}", ico, _floats(ico), d, "phi", [0] * 12))
    nm = np.array(icosahedron(0.8))
    g_nm = Geometry.from_positions(Q_(nm, "nm"), cutoff=Q_(1.61, "nm"))
    for name, d in (("5fold", (0, 1, GOLD)), ("3fold", (1, 1, 1)), ("2fold", (0, 0, 1)), ("generic", GENERIC)):
        out.append((f"icosahedron-nm-2T-{name}", g_nm, nm, d, "tesla", [0] * 12))
    cubo = multiwell.cuboctahedron()
    for name, d in (("4fold", (0, 0, 1)), ("3fold", (1, 1, 1)), ("2fold", (1, 1, 0)), ("generic", GENERIC)):
        out.append((f"cuboctahedron-{name}", cubo, _floats(cubo), d, "phi", [0] * 12))
    g10, p10 = _random_cluster(10, 7)
    for name, d in (("z", (0, 0, 1)), ("generic", GENERIC)):
        out.append((f"random10-{name}", g10, p10, d, "phi", [0] * 10))
    g8, p8 = _random_cluster(8, 3)
    out.append(("random8-freeE-generic", g8, p8, GENERIC, "phi", None))
    hexagon = [(math.cos(k * math.pi / 3), math.sin(k * math.pi / 3)) for k in range(6)] + [(0.0, 0.0)]
    g_hex = Geometry.from_positions(hexagon, cutoff=1.01)
    for name, d in (("6fold", (0, 0, 1)), ("generic", GENERIC)):
        out.append((f"hexagon-centre-floats-freeE-{name}", g_hex, np.c_[hexagon, np.zeros(7)], d, "phi", None))
    tri = multiwell.triangular_patch(4)
    # one direction: a planar patch sees the same loops along its normal and along (1, 2, 3), the flux scaled
    out.append(("triangular_patch4-generic", tri, _floats(tri), GENERIC, "phi", None))
    out.append(("icosahedron-exact-freeE-generic", ico, _floats(ico), (1, 2, 3), "phi", None))
    return out


def build(g, direction, field, energies):
    flux = Q_(2, "T") if field == "tesla" else phi
    return hamiltonian(g, flux=flux, direction=direction, energies=energies)


def point(H, kind: str, seed: int = 1) -> dict:
    """Parameter values: ``"generic"`` (random hoppings and energies, phi = 0.77) or ``"degenerate"`` (phi = 0,
    every hopping 1 and every energy 0)."""
    rng = np.random.default_rng(seed)
    if kind == "generic":
        values = {s: float(rng.uniform(0.5, 1.5)) if s.is_positive else float(rng.normal()) for s in H.symbols}
        values[phi] = 0.77
    else:
        values = {s: 1.0 if s.is_positive else 0.0 for s in H.symbols}
        values[phi] = 0.0
    return values


def reference(g, pts, direction, field, values) -> np.ndarray:
    """The independent Peierls matrix at ``values`` (symmetric gauge about the centroid)."""
    hops = [float(values[sp.Symbol(b.hopping, positive=True)]) for b in g.bonds]
    energies = [float(values.get(sp.Symbol(f"E_{lab}", real=True), 0.0)) for lab in g.labels]
    normal = [float(c) for c in direction]
    if field == "tesla":
        per_area = float((e / hbar * Q_(2, "T") * Q_(1, "nm") ** 2).m_as(""))
    else:
        per_area = values[phi] / hull_area(pts, normal)
    return peierls_matrix(pts, [(b.i, b.j) for b in g.bonds], hops, energies, normal, per_area)


def level_values(levels, H, values, digits: int = 30) -> np.ndarray:
    """The levels at ``values``, flux generators bound first (``H.values``), ascending."""
    bind = {k: (sp.sympify(v).xreplace(values) if isinstance(v, sp.Basic) else v) for k, v in H.values.items()}
    return np.sort([float(sp.re(sp.N(sp.sympify(x).xreplace(bind).xreplace(values), digits))) for x in levels])


