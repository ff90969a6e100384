"""Benchmarks of issue 15 (readable and fast limits; lazy characteristic polynomials).

Run from the repository root::

    python benchmarks/bench_limits.py            # prints a Markdown report (all cases, one run)

Every timing runs in a fresh subprocess (imports and a small warm-up first, only the call timed).

Cases:

- ``charpoly ring-distinct n`` (n = 8, 12, 16): ``ring(n)`` with a distinct E_i on every well, a
  distinct hopping t_i_j on every bond and a flux phi (as in bench_charpoly.py). Ours:
  ``characteristic_polynomial(H)`` (python-flint determinant; the SymPy representation is built
  lazily), median of 3 processes; "first use": the time to build the SymPy representation afterwards
  (``poly.degree()``). Reference: a direct python-flint determinant of the same matrix, written here
  independently: entries as ``fmpz_mpoly`` in x, the E_i, the t_i, w = e^{i phi/n} and v = 1/w (a
  separate variable), Laplace expansion along rows memoised on the used columns; median of 3.
- ``series``: ``eigenvalue_series(H, small=<all energies>, order=k)`` with a symbolic flux left in
  H0: ring(5) order 4, ring(6) order 2, complete(3) order 2; the octahedron (wells at +-x, +-y,
  +-z) order 1 without a field and with a field along (1, 1, 1). Reported: time (one process),
  largest ``count_ops`` and ``len(str)`` of a level.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _ring_distinct(n: int):
    import sympy as sp

    from multiwell import Geometry, hamiltonian, ring

    phi = sp.Symbol("phi", real=True)
    g = ring(n)
    g = Geometry(g.positions, [(b.i, b.j, f"t_{b.i}_{b.j}") for b in g.bonds], g.labels)
    return hamiltonian(g, flux=phi)


def _octahedron():
    from multiwell import Geometry

    pos = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
    bonds = [(i, j, "D_0") for i in range(6) for j in range(i + 1, 6) if i // 2 != j // 2]
    return Geometry(pos, bonds)


def _flint_det(n: int) -> tuple[float, int]:
    """The reference: a direct python-flint determinant of the ring's matrix (independent code)."""
    import flint

    names = ["x"] + [f"E{i}" for i in range(n)] + [f"t{i}" for i in range(n)] + ["w", "v"]
    ctx = flint.fmpz_mpoly_ctx.get(tuple(names), "lex")
    g = dict(zip(names, ctx.gens(), strict=True))
    zero = ctx.from_dict({})
    one = ctx.from_dict({(0,) * len(names): 1})
    A = [[zero] * n for _ in range(n)]
    for i in range(n):
        j = (i + 1) % n
        A[i][i] = g["x"] - g[f"E{i}"]
        A[i][j] = A[i][j] - g[f"t{i}"] * g["w"]
        A[j][i] = A[j][i] - g[f"t{i}"] * g["v"]
    start = time.perf_counter()
    nonzero = [[c for c in range(n) if not A[r][c].is_zero()] for r in range(n)]
    memo: dict = {}
    full = (1 << n) - 1

    def minor(mask: int, r: int):
        if r == n:
            return one
        if mask in memo:
            return memo[mask]
        total = zero
        for c in nonzero[r]:
            if mask >> c & 1:
                continue
            sub = minor(mask | (1 << c), r + 1)
            if sub.is_zero():
                continue
            odd = bin(full & ~mask & ((1 << c) - 1)).count("1") % 2
            total = total - A[r][c] * sub if odd else total + A[r][c] * sub
        memo[mask] = total
        return total

    det = minor(0, 0)
    return time.perf_counter() - start, len(det)


def worker(case: str) -> dict:
    import sympy as sp

    from multiwell import characteristic_polynomial, complete, eigenvalue_series, hamiltonian, ring

    characteristic_polynomial(_ring_distinct(4)).degree()  # warm-up: imports, caches of small objects
    kind, *rest = case.split(":")
    if kind == "charpoly":
        n = int(rest[0])
        H = _ring_distinct(n)
        start = time.perf_counter()
        poly = characteristic_polynomial(H)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        poly.degree()
        first_use = time.perf_counter() - start
        return {"ours": ours, "first_use": first_use, "terms": len(poly.flint_determinant or ())}
    if kind == "flint":
        seconds, terms = _flint_det(int(rest[0]))
        return {"flint": seconds, "terms": terms}
    if kind == "series":
        name, order = rest[0], int(rest[1])
        phi = sp.Symbol("phi", real=True)
        H = {
            "ring5": lambda: hamiltonian(ring(5), flux=phi),
            "ring6": lambda: hamiltonian(ring(6), flux=phi),
            "complete3": lambda: hamiltonian(complete(3), flux=phi),
            "octahedron": lambda: hamiltonian(_octahedron()),
            "octahedron-field111": lambda: hamiltonian(_octahedron(), flux=phi, direction=(1, 1, 1)),
        }[name]()
        start = time.perf_counter()
        levels = eigenvalue_series(H, small=list(H.energies), order=order)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "count_ops": max(sp.count_ops(x) for x in levels),
                "chars": max(len(str(x)) for x in levels), "levels": len(levels),
                "clean": not any(x.has(sp.exp, sp.I, sp.Piecewise, sp.atan2, sp.Max) for x in levels)}
    raise ValueError(case)


def _run(case: str, timeout: float = 900) -> dict:
    env = {**os.environ, "PYTHONPATH": ROOT}
    try:
        out = subprocess.run([sys.executable, __file__, "--worker", case], capture_output=True, text=True,
                             timeout=timeout, env=env, check=True).stdout
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    return json.loads(out.strip().splitlines()[-1])


def _load() -> str:
    with open("/proc/loadavg") as fh:
        return fh.read().split()[0]


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2])))
        return
    import flint
    import sympy

    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    print(f"Run {started}; {cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
          f"sympy {sympy.__version__}, python-flint {flint.__version__}\n")
    print("| charpoly ring-distinct | ours (s), median (runs) | first use (s) | flint det (s), median (runs) "
          "| ratio ours/flint | load before-after |")
    print("|---|---|---|---|---|---|")
    for n in (8, 12, 16):
        before = _load()
        ours = [_run(f"charpoly:{n}") for _ in range(3)]
        ref = [_run(f"flint:{n}") for _ in range(3)]
        o = statistics.median(r["ours"] for r in ours)
        f = statistics.median(r["flint"] for r in ref)
        runs_o = ", ".join(f"{r['ours']:.3f}" for r in ours)
        runs_f = ", ".join(f"{r['flint']:.3f}" for r in ref)
        print(f"| {n} | {o:.3f} ({runs_o}) | {ours[0]['first_use']:.2f} "
              f"| {f:.3f} ({runs_f}) | {o / f:.2f}x | {before}-{_load()} |")
    print("\n| series (small = all energies) | order | time (s) | max count_ops per level | max len(str) per level "
          "| no exp/I/Piecewise/atan2/Max | load before-after |")
    print("|---|---|---|---|---|---|---|")
    for name, order in (("ring5", 4), ("ring6", 2), ("complete3", 2), ("octahedron", 1), ("octahedron-field111", 1)):
        before = _load()
        r = _run(f"series:{name}:{order}")
        if "timeout" in r:
            print(f"| {name} | {order} | > {r['timeout']:.0f} | | | | {before}-{_load()} |")
            continue
        print(f"| {name} | {order} | {r['seconds']:.2f} | {r['count_ops']} | {r['chars']} | {r['clean']} "
              f"| {before}-{_load()} |")


if __name__ == "__main__":
    main()
