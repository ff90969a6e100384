"""Benchmark of eigenvalues() on symmetric geometries in a field (issue 15, symmetry half).

Run by hand from the worktree root: ``python benchmarks/bench_symmetry.py [--repeats 3]``. For the
numbers of another checkout (e.g. main before the symmetry split) run it with that checkout first on
``PYTHONPATH``. Each case: ``eigenvalues(H)`` timed ``--repeats`` times, SymPy's cache and
multiwell's phase caches cleared before each run; reported: median time, how many levels are
closed forms (no PolyRoot), and the largest deviation from ``H.eigvalsh`` at a random point.

Cases (equal on-site energies E, one hopping per bond class, symbolic flux phi through the
reference area, symmetric gauge): octahedron along (1,1,1); cube and hexagonal prism along z;
ring(6) with alternating energies E_a, E_b; octahedron with 10 nm arms in 2 T along z (flux symbol
phi_B with its value attached).
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
from multiwell import Geometry, Q_, eigenvalues, hamiltonian, ring
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
    print("| case | median (s) | runs (s) | closed forms | max deviation from eigvalsh |")
    print("|---|---|---|---|---|")
    for name, H in cases():
        runs = []
        try:
            for _ in range(args.repeats):
                clear_caches()
                t0 = time.perf_counter()
                levels = eigenvalues(H)
                runs.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - an older checkout may crash; report it as a row
            print(f"| {name} | - | - | {type(exc).__name__}: {str(exc)[:60]} | - |")
            continue
        closed = sum(1 for x in levels if not sp.sympify(x).has(PolyRoot))
        values = {s: rng.uniform(0.3, 2.0) if s.is_positive else rng.uniform(-1, 1) for s in H.symbols}
        values.update({s: rng.uniform(-7, 7) for s in H.symbols if s.name == "phi"})
        fixed = getattr(H, "values", {})
        found = np.sort([float(sp.N(sp.sympify(x).xreplace({**values, **fixed}), 20)) for x in levels])
        error = float(np.max(np.abs(found - H.eigvalsh(values))))
        print(f"| {name} | {statistics.median(runs):.2f} | {', '.join(f'{r:.2f}' for r in runs)} | "
              f"{closed}/{len(levels)} | {error:.1e} |")


if __name__ == "__main__":
    main()
