"""Benchmark of multiwell.numeric (run by hand: .venv/bin/python benchmarks/bench_numeric.py [n] [n_acc]).

Speed and accuracy measured in one run, printed as markdown for RESULTS_numeric.md.

Speed: eigenvalues of the 3-well with flux, hamiltonian(complete(3), flux=phi) (E_1, E_2,
E_3 uniform in [-1, 1], D_0 in [0.01, 1], phi in [-pi, pi]), n parameter sets:
- batched numpy.linalg.eigvalsh on the (n, 3, 3) complex matrices built beforehand (not timed);
- to_numpy(H, method="eigvalsh"): the same from the parameters (matrices built, then eigvalsh);
- to_numpy(H): the default (numba when installed), and to_numpy(H, jit=False) (fused numpy);
- the compute limit: only the transcendental calls one sample needs (cos and sin of phi/3; two
  sqrt; arctan2 (numpy's SIMD one, as the kernel); cos and sin of theta/3), on the same arrays and cores,
  and the floating-point peak (2 FMA units x 8 doubles x 2 flops x cores x clock).

Accuracy: n_acc general Hermitian 3x3 matrices, every entry 10^(k - o) with k uniform in
[-150, 150] and offsets o in [0, 24] (signs random, a third of the entries zero, a fifth of
the matrices with a pair split by 1e-9..1e-15 of the norm), against mpmath eighe at 40 digits:
max |error| / ||H||_2 of the default kernel, the numpy kernel, Viete without deflation, and
(scaled) eigvalsh; plus the issue's cases and the near-degenerate gap digits.
"""

from __future__ import annotations

import datetime
import math
import os
import platform
import statistics
import subprocess
import sys
import time

import mpmath
import numpy as np
import sympy as sp

from multiwell import complete, hamiltonian
from multiwell.numeric import _hermitian3, _kernels, spectral_gap, to_numpy

# time compiled kernels: every call waits for numba rather than being answered by numpy while it compiles
os.environ.setdefault("MULTIWELL_JIT_SYNC", "1")


def timed(f, *args, repeat=3):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(*args)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def transcendental_limit():
    """The transcendental work of one sample alone, each function from its fastest implementation here:
    cos and sin of phi/3, two sqrt, cos and sin of theta/3 from libm in numba loops, and numpy's
    SIMD arctan2 (the kernel's own split), over cache-sized chunks on every core."""
    import numba

    @numba.njit(nogil=True)
    def first(E1, phi, y, x):
        for k in range(y.shape[0]):
            a = math.cos(phi[k] / 3.0)
            b = math.sin(phi[k] / 3.0)
            y[k] = math.sqrt(abs(E1[k]) + a)
            x[k] = math.sqrt(abs(b) + 1.0) - a

    @numba.njit(nogil=True)
    def second(t, out):
        for k in range(t.shape[0]):
            out[k] = math.cos(t[k] / 3.0) + math.sin(t[k] / 3.0)

    def limit(E1, phi, out):
        def piece(e, ph):
            y, x = np.empty((2, e.shape[0]))
            first(e, ph, y, x)
            np.arctan2(y, x, out=y)
            res = np.empty(e.shape[0])
            second(y, res)
            return res

        _kernels.chunked(piece, [E1, phi], E1.size, out)

    return limit


def load() -> str:
    return open("/proc/loadavg").read().split()[0]


def accuracy(n_acc: int, rng) -> dict:
    G = {}
    a, b, c = sp.symbols("a b c", real=True)
    dr, di, er, ei, fr, fi = sp.symbols("d_r d_i e_r e_i f_r f_i", real=True)
    M = sp.Matrix([[a, dr + sp.I * di, fr + sp.I * fi], [dr - sp.I * di, b, er + sp.I * ei],
                   [fr - sp.I * fi, er - sp.I * ei, c]])
    ps = (a, b, c, dr, di, er, ei, fr, fi)
    kernels = {"default": to_numpy(M, params=ps, method="viete"),
               "numpy": to_numpy(M, params=ps, method="viete", jit=False)}
    vals = np.empty((n_acc, 9))
    for i in range(n_acc):
        k = rng.uniform(-150, 150)
        v = rng.choice([-1.0, 1.0], 9) * 10.0 ** (k - rng.uniform(0, 24, 9))
        v[rng.random(9) < 1 / 3] = 0.0
        if i % 5 == 0:
            eps = 10.0 ** rng.uniform(-15, -9)
            s = 10.0**k
            v = np.array([s, s * (1 + eps), -2 * s, *(s * eps * rng.standard_normal(6))])
        vals[i] = v
    refs = np.empty((n_acc, 3))
    with mpmath.workdps(40):
        for i, v in enumerate(vals):
            x = [mpmath.mpf(float(t)) for t in v]
            d, e, f = mpmath.mpc(x[3], x[4]), mpmath.mpc(x[5], x[6]), mpmath.mpc(x[7], x[8])
            A = mpmath.matrix([[x[0], d, f], [mpmath.conj(d), x[1], e], [mpmath.conj(f), mpmath.conj(e), x[2]]])
            refs[i] = [float(t) for t in sorted(mpmath.eighe(A, eigvals_only=True))]
    norm = np.max(np.abs(refs), axis=1)
    for name, f in kernels.items():
        got = np.concatenate([f(*vals[i:i + 4096].T) for i in range(0, n_acc, 4096)])
        G[name] = (np.max(np.abs(got - refs).max(axis=1) / norm), int(np.sum(~np.isfinite(got))))
    old = _hermitian3.DEFLATE
    _hermitian3.DEFLATE = 0.0
    try:
        got = _hermitian3.hermitian3_eigenvalues(vals[:, 0], vals[:, 1], vals[:, 2], vals[:, 3] + 1j * vals[:, 4],
                                                 vals[:, 5] + 1j * vals[:, 6], vals[:, 7] + 1j * vals[:, 8])
    finally:
        _hermitian3.DEFLATE = old
    G["viete, no deflation"] = (np.max(np.abs(got - refs).max(axis=1) / norm), int(np.sum(~np.isfinite(got))))
    mats = np.zeros((n_acc, 3, 3), dtype=complex)
    mats[:, 0, 0], mats[:, 1, 1], mats[:, 2, 2] = vals[:, 0], vals[:, 1], vals[:, 2]
    mats[:, 0, 1] = vals[:, 3] + 1j * vals[:, 4]
    mats[:, 1, 2] = vals[:, 5] + 1j * vals[:, 6]
    mats[:, 0, 2] = vals[:, 7] + 1j * vals[:, 8]
    mats += np.conj(np.swapaxes(np.triu(mats, 1), -1, -2))
    got = _kernels.scaled_eigvalsh(mats)
    G["eigvalsh (scaled)"] = (np.max(np.abs(got - refs).max(axis=1) / norm), int(np.sum(~np.isfinite(got))))
    with np.errstate(all="ignore"):
        got = np.linalg.eigvalsh(mats)
    G["eigvalsh (unscaled)"] = (np.nanmax(np.abs(got - refs).max(axis=1) / norm), int(np.sum(~np.isfinite(got))))
    return G


def main(n: int = 10**7, n_acc: int = 3000) -> None:
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes")
    load0 = load()
    phi = sp.Symbol("phi", real=True)
    H = hamiltonian(complete(3), flux=phi)
    rng = np.random.default_rng(1)
    E1, E2, E3 = rng.uniform(-1, 1, (3, n))
    D0 = rng.uniform(0.01, 1, n)
    ph = rng.uniform(-np.pi, np.pi, n)
    args = (E1, E2, E3, D0, ph)
    f_default = to_numpy(H)
    f_numpy = to_numpy(H, jit=False)
    f_eig = to_numpy(H, method="eigvalsh")
    f_default(*(x[:5000] for x in args))  # compile numba
    M = to_numpy(H.matrix, params=H.symbols)(*args)
    lim = transcendental_limit()
    out = np.empty(n)
    lim(E1[:10], ph[:10], out[:10])
    t_eig = timed(np.linalg.eigvalsh, M, repeat=2)
    t_eig_full = timed(f_eig, *args, repeat=1)
    t_def = timed(f_default, *args)
    t_np = timed(f_numpy, *args)
    t_lim = timed(lim, E1, ph, out)
    load1 = load()
    k = slice(0, 10**5)
    ref = np.linalg.eigvalsh(M[k])
    err_def = np.max(np.abs(f_default(*(x[k] for x in args)) - ref))
    err_np = np.max(np.abs(f_numpy(*(x[k] for x in args)) - ref))
    del M

    acc = accuracy(n_acc, np.random.default_rng(2))
    cases = [(1e12, 1e-7, -3e-7, 2e-7, 0.3), (1e-150, -2e-150, 0.0, 1e150, 1.0), (1e150, 1e150, 1e150, 1e-150, 2.0)]
    case_err = []
    for c in cases:
        with mpmath.workdps(40):
            w = mpmath.mpf(c[3]) * mpmath.expj(mpmath.mpf(c[4]) / 3)
            A = mpmath.matrix([[c[0], w, mpmath.conj(w)], [mpmath.conj(w), c[1], w], [w, mpmath.conj(w), c[2]]])
            r = np.array([float(x) for x in sorted(mpmath.eighe(A, eigvals_only=True))])
        case_err.append(np.max(np.abs(f_default(*c) - r)) / np.max(np.abs(r)))

    # near-degenerate gap at D/D_0 = 1e-8 (sum E_i = 0, phi = 0): spectral_gap vs eigvalsh, digits
    gap = spectral_gap(H)
    gap_mp = spectral_gap(H, backend="mpmath", dps=50)
    mats = to_numpy(H.matrix, params=H.symbols)
    dg, de = [], []
    rng2 = np.random.default_rng(7)
    for _ in range(200):
        a = rng2.uniform(0, 2 * np.pi)
        E = 1e-8 * np.sqrt(2 / 3) * np.cos(a + 2 * np.pi * np.arange(3) / 3)
        r = gap_mp(*E, 1.0, 0.0)
        ev = np.linalg.eigvalsh(mats(*E, 1.0, 0.0))
        dg.append(-float(mpmath.log10(abs((gap(*E, 1.0, 0.0) - r) / r) + mpmath.mpf(10) ** -17)))
        de.append(-float(mpmath.log10(abs((ev[1] - ev[0] - r) / r) + mpmath.mpf(10) ** -17)))
    load2 = load()

    cpu = subprocess.run("lscpu | grep 'Model name'", shell=True, capture_output=True, text=True).stdout.strip()
    mhz = subprocess.run("grep -m1 'cpu MHz' /proc/cpuinfo", shell=True, capture_output=True, text=True).stdout
    ghz = float(mhz.split(":")[1]) / 1000 if ":" in mhz else float("nan")
    cores = _kernels.threads()
    peak = cores * ghz * 1e9 * 32  # AVX-512: 2 FMA units x 8 doubles x 2 flops per cycle
    flops = 75  # per sample on the common path: entries 4, shift/scale 22, p 15, q 17, Viete 12, output 9
    print(f"date {started} UTC; {cpu}; {cores} cores at {ghz:.2f} GHz; python {platform.python_version()}, "
          f"numpy {np.__version__}, numba {__import__('numba').__version__}, sympy {sp.__version__}")
    print(f"load average (1 min): {load0} at start, {load1} after the timings, {load2} at the end\n")
    print(f"| n = {n:.0e} | M samples/s | vs eigvalsh |\n|---|---|---|")
    print(f"| eigvalsh on prebuilt (n,3,3) complex | {n / t_eig / 1e6:.2f} | 1 |")
    print(f"| to_numpy(H, method='eigvalsh') from parameters | {n / t_eig_full / 1e6:.2f} "
          f"| {t_eig / t_eig_full:.2f}x |")
    print(f"| to_numpy(H) default ({f_default.backend}) | {n / t_def / 1e6:.2f} | {t_eig / t_def:.1f}x "
          f"({t_eig_full / t_def:.1f}x vs the eigvalsh path) |")
    print(f"| to_numpy(H, jit=False) (numpy) | {n / t_np / 1e6:.2f} | {t_eig / t_np:.1f}x |")
    print(f"| transcendental limit (the 7 calls alone) | {n / t_lim / 1e6:.2f} | {t_eig / t_lim:.1f}x |")
    print(f"\ndefault kernel at {t_lim / t_def:.0%} of the transcendental limit; {n * flops / t_def / 1e9:.2f} GFLOP/s "
          f"= {n * flops / t_def / peak:.2%} of the {peak / 1e9:.0f} GFLOP/s double-precision peak")
    print(f"max |diff| to eigvalsh on 1e5 samples: default {err_def:.1e}, numpy {err_np:.1e}\n")
    print(f"| accuracy, {n_acc} matrices, scales 1e-150..1e150, 24-order spreads | max err / norm | non-finite |")
    print("|---|---|---|")
    for name, (e, bad) in acc.items():
        print(f"| {name} | {e:.1e} | {bad} |")
    print("\nissue cases (1e12/1e-7; hopping 1e150, energies 1e-150; energies 1e150, hopping 1e-150): "
          + ", ".join(f"{e:.1e}" for e in case_err))
    print(f"gap at D/D0 = 1e-8, 200 directions: spectral_gap min {min(dg):.1f} digits (median "
          f"{statistics.median(dg):.1f}); eigvalsh min {min(de):.1f} (median {statistics.median(de):.1f})")


if __name__ == "__main__":
    main(*(int(float(a)) for a in sys.argv[1:3]))
