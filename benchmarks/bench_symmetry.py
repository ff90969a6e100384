"""Benchmark of eigenvalues() on symmetric geometries in a field (issue 15, symmetry half).

Run by hand from the worktree root: ``python benchmarks/bench_symmetry.py [--repeats 3]``. For the
numbers of another checkout (e.g. main before the symmetry split) run it with that checkout first on
``PYTHONPATH``. Each case: ``eigenvalues(H)`` timed ``--repeats`` times, SymPy's cache and
multiwell's phase caches cleared before each run; reported: median time, how many levels are
closed forms (no PolyRoot), and the largest deviation from ``H.eigvalsh`` at a random point.

Cases (equal on-site energies E, one hopping per bond class, symbolic flux phi through the
reference area, symmetric gauge): octahedron along (1,1,1); cube and hexagonal prism along z;
ring(6) with alternating energies E_a, E_b; octahedron with 10 nm arms in 2 T along z (flux symbol
phi_B with its value attached). Issue 24: cuboctahedron, icosahedron and C60 without field (whole
groups O_h, I_h: irreducible blocks), the icosahedron with the flux along a 3-fold and a 2-fold axis,
its phases written with two flux symbols phi_1, phi_2 = sqrt5 phi_1. The deviation is taken at a
random point and at the degenerate point (every hopping 1, energies and fluxes 0), with values
substituted as floats (``subs``), as a user would.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import platform
import statistics
import time

import numpy as np
import sympy as sp

import multiwell
from multiwell import Q_, Geometry, eigenvalues, hamiltonian, ring
from multiwell.spectrum import PolyRoot


def cases():
    phi = sp.Symbol("phi", real=True)
    E, Ea, Eb = sp.symbols("E E_a E_b", real=True)
    octa = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
    octa_bonds = [(i, j) for i, j in itertools.combinations(range(6), 2) if i // 2 != j // 2]
    cube = [(x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]
    cube_bonds = [(i, j) for i, j in itertools.combinations(range(8), 2)
                  if sum(a != b for a, b in zip(cube[i], cube[j], strict=True)) == 1]
    prism = [(sp.cos(sp.pi * k / 3), sp.sin(sp.pi * k / 3), z) for z in (-1, 1) for k in range(6)]
    prism_bonds = [(6 * z + k, 6 * z + (k + 1) % 6) for z in (0, 1) for k in range(6)] + \
        [(k, k + 6, "D_1") for k in range(6)]
    yield "octahedron (1,1,1)", hamiltonian(Geometry(octa, octa_bonds), flux=phi, direction=(1, 1, 1),
                                            energies=[E] * 6)
    yield "cube z", hamiltonian(Geometry(cube, cube_bonds), flux=phi, energies=[E] * 8)
    yield "hexagonal prism z", hamiltonian(Geometry(prism, prism_bonds), flux=phi, energies=[E] * 12)
    yield "ring(6) E_a, E_b", hamiltonian(ring(6), flux=phi, energies=[Ea, Eb] * 3)
    octa_nm = Geometry(Q_(np.array(octa, dtype=float) * 10, "nm"), octa_bonds)
    yield "octahedron 10 nm, 2 T", hamiltonian(octa_nm, flux=Q_(2, "T"), energies=[E] * 6)
    # issue 24: whole groups (irreducible representations) and two flux symbols
    from multiwell import cuboctahedron, fullerene, icosahedron

    yield "cuboctahedron, no field (O_h)", hamiltonian(cuboctahedron(), energies=[E] * 12)
    yield "icosahedron, no field (I_h)", hamiltonian(icosahedron(), energies=[E] * 12)
    yield "C60, no field (I_h)", hamiltonian(fullerene(), energies=[E] * 60)
    yield "C60 D_5/D_6, no field (I_h)", hamiltonian(fullerene(hopping="D_5", hexagon_hopping="D_6"),
                                                     energies=[E] * 60)
    for axis, direction in [("3-fold", (1, 1, 1)), ("2-fold", (1, 0, 0))]:
        H = hamiltonian(icosahedron(), flux=phi, direction=direction, energies=[E] * 12)
        yield f"icosahedron, flux along a {axis} axis (phi_1, phi_2)", _Golden(H, phi)


class _Golden:
    """A Hamiltonian whose phases c*phi, c = a + b sqrt5, are rewritten a*phi_1 + b*phi_2 (two flux symbols)."""

    def __init__(self, H, phi):
        import mpmath

        self.H, self.phi = H, phi
        self.p1, self.p2 = sp.symbols("phi_1 phi_2", real=True)
        rep = {}
        with mpmath.workdps(60):
            for x in H.matrix.atoms(sp.exp):
                c = x.args[0] / sp.I / phi
                v = mpmath.mpf(str(sp.N(c, 60)))
                rel = mpmath.pslq([v, 1, mpmath.sqrt(5)], maxcoeff=10**8, maxsteps=10**6)
                a, b = sp.Rational(-rel[1], rel[0]), sp.Rational(-rel[2], rel[0])
                rep[x] = sp.exp(sp.I * (a * self.p1 + b * self.p2))
        self.matrix = H.matrix.xreplace(rep)
        self.symbols = H.symbols

    def substitution(self, values):
        f = values.get(self.phi, 0.0)
        rest = {k: v for k, v in values.items() if k != self.phi}
        return {**rest, self.p1: f, self.p2: np.sqrt(5) * f}

    def eigvalsh(self, values):
        return self.H.eigvalsh(values)


def clear_caches():
    sp.core.cache.clear_cache()
    try:
        from multiwell import symmetry

        symmetry._same_phase.cache_clear()
        symmetry._reduced.cache_clear()
    except (ImportError, AttributeError):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    print(f"# {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
          f"load {os.getloadavg()[0]:.1f}, multiwell from {os.path.dirname(multiwell.__file__)}")
    print("| case | median (s) | runs (s) | closed forms | deviation, generic point | deviation, degenerate point |")
    print("|---|---|---|---|---|---|")
    for name, H in cases():
        runs = []
        try:
            for _ in range(args.repeats):
                clear_caches()
                t0 = time.perf_counter()
                levels = eigenvalues(H.matrix if isinstance(H, _Golden) else H)
                runs.append(time.perf_counter() - t0)
        except Exception as exc:  # an older checkout may crash; report it as a row
            print(f"| {name} | - | - | {type(exc).__name__}: {str(exc)[:60]} | - |")
            continue
        closed = sum(1 for x in levels if not sp.sympify(x).has(PolyRoot))
        values = {s: rng.uniform(0.3, 2.0) if s.is_positive else rng.uniform(-1, 1) for s in H.symbols}
        values.update({s: rng.uniform(-7, 7) for s in H.symbols if s.name == "phi"})
        errors = []
        for point in (values, {s: 1.0 if s.is_positive else 0.0 for s in H.symbols}):  # generic, degenerate
            fixed = getattr(H, "values", {})
            subs = H.substitution(point) if isinstance(H, _Golden) else point
            found = np.sort([float(sp.sympify(x).subs({**subs, **fixed})) for x in levels])
            errors.append(float(np.max(np.abs(found - H.eigvalsh(point)))))
        print(f"| {name} | {statistics.median(runs):.2f} | {', '.join(f'{r:.2f}' for r in runs)} | "
              f"{closed}/{len(levels)} | {errors[0]:.1e} | {errors[1]:.1e} |")


if __name__ == "__main__":
    main()
