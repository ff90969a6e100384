"""Benchmark of real geometries in a field (issue 24, loop-flux half): float, exact irrational and pint coordinates.

Run by hand from the worktree root: ``PYTHONPATH=. python benchmarks/bench_loop_fluxes.py``. Each case:
``hamiltonian(...)`` then ``eigenvalues(H)`` (or the SizeLimitError it raises), timed once; reported: time,
the flux generators found beyond the flux, levels in closed form (not PolyRoot), and the largest deviation of
the levels (generators bound to ``H.values``) from eigvalsh of an independent Peierls matrix
(tests/loopflux_reference.py), relative to ||H||.
"""

from __future__ import annotations

import datetime
import itertools
import math
import os
import sys
import time

import numpy as np
import sympy as sp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from loopflux_reference import hull_area, icosahedron, peierls_matrix

from multiwell import Q_, Geometry, SizeLimitError, eigenvalues, hamiltonian
from multiwell.spectrum import PolyRoot
from multiwell.units import e, hbar

phi = sp.Symbol("phi", real=True)
G5 = (1 + sp.sqrt(5)) / 2


def _exact_icosahedron():
    pts = []
    for s1 in (1, -1):
        for s2 in (1, -1):
            pts += [(0, s1, s2 * G5), (s1, s2 * G5, 0), (s2 * G5, 0, s1)]
    fl = np.array([[float(c) for c in p] for p in pts])
    bonds = [(i, j) for i, j in itertools.combinations(range(12), 2) if abs(np.linalg.norm(fl[i] - fl[j]) - 2) < 1e-9]
    return Geometry(pts, bonds), fl


def cases():
    hexagon = [(math.cos(k * math.pi / 3), math.sin(k * math.pi / 3)) for k in range(6)] + [(0.0, 0.0)]
    yield "hexagon+centre floats, z, free E", Geometry.from_positions(hexagon, cutoff=1.01), hexagon, (0, 0, 1), None
    rng = np.random.default_rng(5)
    five = rng.uniform(-1, 1, size=(5, 3))
    g5 = Geometry(five.tolist(), [(i, j) for i, j in itertools.combinations(range(5), 2) if (i + j) % 3])
    yield "five random floats, oblique, free E", g5, five, (0.3, -0.5, 0.8), None
    gi, fl = _exact_icosahedron()
    for name, d in (("5-fold", (0, 1, G5)), ("3-fold", (1, 1, 1)), ("2-fold", (0, 0, 1)), ("(1,2,3)", (1, 2, 3))):
        yield f"icosahedron exact, {name}, E=0", gi, fl, d, [0] * 12
    ico = np.array(icosahedron(0.8))
    gn = Geometry.from_positions(Q_(ico, "nm"), cutoff=Q_(1.61, "nm"))
    g = float((1 + 5**0.5) / 2)
    directions = (("5-fold", (0, 1, g)), ("3-fold", (1, 1, 1)), ("2-fold", (0, 0, 1)), ("random", (0.36, -0.72, 0.59)))
    for name, d in directions:
        yield f"icosahedron nm floats 2 T, {name}, E=0", gn, ico, d, "tesla"


def main():
    print(f"# loop fluxes benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}")
    print("| case | time (s) | generators | closed forms | deviation / ||H|| |")
    print("|---|---|---|---|---|")
    for name, g, pts, d, mode in cases():
        t = time.perf_counter()
        if mode == "tesla":
            H = hamiltonian(g, flux=Q_(2, "T"), direction=d, energies=[0] * 12)
        else:
            H = hamiltonian(g, flux=phi, direction=d, energies=mode)
        try:
            levels = eigenvalues(H)
        except SizeLimitError as exc:
            print(f"| {name} | {time.perf_counter() - t:.2f} | - | SizeLimitError: {str(exc)[:60]} | - |")
            continue
        elapsed = time.perf_counter() - t
        rng = np.random.default_rng(1)
        values = {s: float(rng.uniform(0.5, 1.5)) if s.is_positive else float(rng.normal()) for s in H.symbols}
        if mode != "tesla":
            values[phi] = 0.77
        bind = {k: (sp.sympify(v).xreplace(values) if isinstance(v, sp.Basic) else v) for k, v in H.values.items()}
        found = np.sort([float(sp.re(sp.N(sp.sympify(x).xreplace(bind).xreplace(values), 100))) for x in levels])
        hops = [values[sp.Symbol(b.hopping, positive=True)] for b in g.bonds]
        energies = [values.get(sp.Symbol(f"E_{lab}", real=True), 0.0) for lab in g.labels]
        pts3 = np.asarray(pts, float) if np.asarray(pts).shape[1] == 3 else np.c_[pts, np.zeros(len(pts))]
        normal = [float(c) for c in d]
        per_area = (float((e / hbar * Q_(2, "T") * Q_(1, "nm") ** 2).m_as("")) if mode == "tesla"
                    else 0.77 / hull_area(pts3, normal))
        M = peierls_matrix(pts3, [(b.i, b.j) for b in g.bonds], hops, energies, normal, per_area)
        dev = np.max(np.abs(found - np.linalg.eigvalsh(M))) / np.linalg.norm(M, 2)
        closed = sum(not x.has(PolyRoot) for x in map(sp.sympify, levels))
        gens = len(H.flux_basis.generators) if H.flux_basis is not None else 0
        print(f"| {name} | {elapsed:.2f} | {gens} | {closed}/{len(levels)} | {dev:.1e} |")


if __name__ == "__main__":
    main()
