"""Every geometry of <= 12 wells in several field directions: time of eigenvalues(H), levels vs Peierls (issue 24).

Run by hand from the worktree root: ``PYTHONPATH=. python benchmarks/bench_any_direction.py``. Each case (tests/
any_direction_cases.py): ``hamiltonian`` and ``eigenvalues`` timed once; the largest deviation of the levels from
eigvalsh of H.numeric and of the independent Peierls matrix, relative to ||H||, at a generic point and at the
degenerate point (flux 0, hoppings 1, energies 0; for the tesla cases the field stays 2 T). "written out": the
QuarticRoot levels as explicit radicals (``explicit()``), every symbol bound to 50 digits, vs the Peierls matrix
(generic, degenerate); "-" when no level is a QuarticRoot.
"""

from __future__ import annotations

import datetime
import os
import sys
import time

import numpy as np
import sympy as sp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from any_direction_cases import build, cases, level_values, point, reference

from multiwell.spectrum import PolyRoot, QuarticRoot, eigenvalues


def main():
    only = sys.argv[1:]
    print(f"# any-direction benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
          f"load {os.getloadavg()}")
    print("| case | hamiltonian (s) | eigenvalues (s) | closed forms | generic: vs eigvalsh, vs Peierls | "
          "degenerate: vs eigvalsh, vs Peierls | evaluation (s) | written out: generic, degenerate |")
    print("|---|---|---|---|---|---|---|---|")
    for name, g, pts, d, field, energies in cases():
        if only and not any(o in name for o in only):
            continue
        t0 = time.perf_counter()
        H = build(g, d, field, energies)
        t1 = time.perf_counter()
        levels = eigenvalues(H)
        t2 = time.perf_counter()
        devs, written = [], []
        for kind in ("generic", "degenerate"):
            values = point(H, kind)
            found = level_values(levels, H, values)
            M = reference(g, pts, d, field, values)
            norm = np.linalg.norm(M, 2)
            devs.append(f"{np.max(np.abs(found - H.eigvalsh(values))) / norm:.1e}, "
                        f"{np.max(np.abs(found - np.linalg.eigvalsh(M))) / norm:.1e}")
            if any(sp.sympify(x).has(QuarticRoot) for x in levels):
                written.append(f"{np.max(np.abs(_written_out(levels, H, values) - np.linalg.eigvalsh(M))) / norm:.1e}")
        t3 = time.perf_counter()
        closed = sum(not sp.sympify(x).has(PolyRoot) for x in levels)
        print(f"| {name} | {t1 - t0:.2f} | {t2 - t1:.2f} | {closed}/{len(levels)} | {devs[0]} | {devs[1]} | "
              f"{t3 - t2:.1f} | {', '.join(written) or '-'} |", flush=True)


def _written_out(levels, H, values) -> np.ndarray:
    """The levels with every QuarticRoot written out in radicals, at 50 digits (symbols bound to 50 digits)."""
    exact = {s: sp.Float(v, 50) for s, v in values.items()}
    exact.update({k: sp.N(sp.sympify(v).xreplace(exact), 50) for k, v in H.values.items()})
    out = [sp.sympify(x).xreplace({r: r.explicit() for r in sp.sympify(x).atoms(QuarticRoot)}) for x in levels]
    return np.sort([float(sp.re(sp.N(x.xreplace(exact), 50))) for x in out])


if __name__ == "__main__":
    main()
