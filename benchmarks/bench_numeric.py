"""Benchmark of multiwell.numeric (run by hand: .venv/bin/python benchmarks/bench_numeric.py [n]).

Eigenvalues of the 3-well with flux, hamiltonian(complete(3), flux=phi) (parameters E_1, E_2,
E_3, D_0, phi), over n random parameter sets: batched numpy.linalg.eigvalsh on the (n, 3, 3)
complex matrices built once, against to_numpy(H) (Viete, numpy, threads over chunks) and
to_numpy(H, jit=True) (numba, parallel). The compute limit: the transcendental functions one
sample needs (cos(phi), sin(phi), two sqrt, atan2, cos and sin of theta/3), timed alone on the
same arrays and cores. Then the near-degenerate gap at D/D_0 = 1e-8 (digits against mpmath at
50 digits) and the mpmath gap rate. Every ratio is measured in one run; the run is repeated and
the median reported.
"""

from __future__ import annotations

import datetime
import platform
import statistics
import subprocess
import sys
import time

import mpmath
import numpy as np
import sympy as sp

from multiwell import complete, hamiltonian
from multiwell import _kernels
from multiwell.numeric import spectral_gap, to_numpy


def timed(f, *args, repeat=1):
    best = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(*args)
        best.append(time.perf_counter() - t0)
    return min(best)


def transcendental_limit(E1, phi, out):
    """The acos/cos/sqrt-class work of one sample, alone: cos, sin (phi and theta/3), 2 sqrt, atan2."""

    def piece(x, y):
        a = np.cos(y)
        b = np.sin(y)
        c = np.sqrt(np.abs(x))
        d = np.sqrt(np.abs(a))
        t = np.arctan2(c, b)
        return np.cos(t) + np.sin(d)

    _kernels.chunked(piece, [E1, phi], E1.size, out)


def main(n: int = 10**7, n_eig: int = 10**7, repeats: int = 3) -> None:
    phi = sp.Symbol("phi", real=True)
    H = hamiltonian(complete(3), flux=phi)
    rng = np.random.default_rng(1)
    E1, E2, E3 = rng.uniform(-1, 1, (3, n))
    D0 = rng.uniform(0.01, 1, n)
    ph = rng.uniform(-np.pi, np.pi, n)
    f_np = to_numpy(H)
    f_jit = to_numpy(H, jit=True) if _kernels.numba_available() else None
    mats = to_numpy(H.matrix, params=H.symbols)  # the (n, 3, 3) complex matrices, built once
    M = mats(E1[:n_eig], E2[:n_eig], E3[:n_eig], D0[:n_eig], ph[:n_eig])
    if f_jit is not None:
        f_jit(E1[:10], E2[:10], E3[:10], D0[:10], ph[:10])  # compile
    rows = []
    for _ in range(repeats):
        t_eig = timed(np.linalg.eigvalsh, M) * n / n_eig
        t_np = timed(f_np, E1, E2, E3, D0, ph)
        t_jit = timed(f_jit, E1, E2, E3, D0, ph) if f_jit is not None else float("nan")
        out = np.empty(n)
        t_lim = timed(transcendental_limit, E1, ph, out)
        rows.append((t_eig, t_np, t_jit, t_lim))
    t_eig, t_np, t_jit, t_lim = (statistics.median(c) for c in zip(*rows))
    # agreement on a sample
    k = slice(0, 10**5)
    ref = np.linalg.eigvalsh(M[k])
    err_np = np.max(np.abs(f_np(E1[k], E2[k], E3[k], D0[k], ph[k]) - ref))
    err_jit = np.max(np.abs(f_jit(E1[k], E2[k], E3[k], D0[k], ph[k]) - ref)) if f_jit else float("nan")

    # the near-degenerate gap at D/D_0 = 1e-8 (D = sqrt(E_1^2+E_2^2+E_3^2), sum E_i = 0, phi = 0)
    gap = spectral_gap(H)
    gap_mp = spectral_gap(H, backend="mpmath", dps=50)
    digits_gap, digits_eig = [], []
    rng2 = np.random.default_rng(7)
    for _ in range(200):
        a = rng2.uniform(0, 2 * np.pi)
        E = 1e-8 * np.sqrt(2 / 3) * np.cos(a + 2 * np.pi * np.arange(3) / 3)
        ref_gap = gap_mp(*E, 1.0, 0.0)
        g = gap(*E, 1.0, 0.0)
        ev = np.linalg.eigvalsh(mats(*E, 1.0, 0.0))
        digits_gap.append(-float(mpmath.log10(abs((g - ref_gap) / ref_gap) + mpmath.mpf(10) ** -17)))
        digits_eig.append(-float(mpmath.log10(abs((ev[1] - ev[0] - ref_gap) / ref_gap) + mpmath.mpf(10) ** -17)))
    m = 5000
    Em = rng2.uniform(-1e-8, 1e-8, (3, m))
    t0 = time.perf_counter()
    gap_mp30 = spectral_gap(H, backend="mpmath", dps=30)
    gap_mp30(Em[0], Em[1], Em[2], 1.0, 0.0)
    t_mp = time.perf_counter() - t0

    cpu = subprocess.run("lscpu | grep 'Model name'", shell=True, capture_output=True, text=True).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"date: {datetime.datetime.now().isoformat(timespec='minutes')}; {cpu}; nproc {nproc}; "
          f"python {platform.python_version()}, numpy {np.__version__}, sympy {sp.__version__}, "
          f"mpmath {mpmath.__version__}" + (f", numba {__import__('numba').__version__}" if f_jit else ""))
    print(f"n = {n:.0e} parameter sets, median of {repeats} runs (machine shared with other jobs)")
    print(f"eigvalsh (n,3,3) complex          : {n / t_eig / 1e6:7.2f} M samples/s")
    print(f"to_numpy(H) viete, numpy threads  : {n / t_np / 1e6:7.2f} M samples/s  ratio {t_eig / t_np:5.1f}x  "
          f"max |diff| {err_np:.1e}")
    print(f"to_numpy(H, jit=True) numba       : {n / t_jit / 1e6:7.2f} M samples/s  ratio {t_eig / t_jit:5.1f}x  "
          f"max |diff| {err_jit:.1e}")
    print(f"compute limit (transcendentals)   : {n / t_lim / 1e6:7.2f} M samples/s; "
          f"numpy at {t_lim / t_np:.0%}, numba at {t_lim / t_jit:.0%} of it")
    print(f"gap at D/D0 = 1e-8, 200 samples   : spectral_gap float64 min {min(digits_gap):.1f} digits "
          f"(median {statistics.median(digits_gap):.1f}); eigvalsh min {min(digits_eig):.1f} "
          f"(median {statistics.median(digits_eig):.1f})")
    print(f"mpmath gap, dps 30                : {m / t_mp / 1e3:7.1f} k samples/s")


if __name__ == "__main__":
    main(*(int(float(a)) for a in sys.argv[1:2]))
