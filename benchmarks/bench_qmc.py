"""Quasi-Monte Carlo against pseudo-random ensembles (run by hand: python benchmarks/bench_qmc.py).

The paper's ATS ensemble (:class:`FieldEnsemble` defaults: complete(3), D in [0.65, 10] K, D_0 in
[10, 100] K, area 1 nm^2, random orientations) at a few temperatures and fields. For N systems, the
error bar of C(T, B) and of the magnetocapacitance de'/e'(T, B):

- ``random``: the standard error from the spread of the 4096-system block means;
- ``sobol``: 16 independently scrambled Sobol' sequences of N/16 points, the standard error of the
  16 scramble means.

Each error bar is fitted as a N^-alpha over the N grid (per observable and grid point); the
question is how many Sobol' systems reach the error bar of 10^6 pseudo-random systems
(sigma_random(10^6) from the largest random run scaled by 1/sqrt(N); the fitted alpha_random is printed).
"""

import argparse
import os
import time

import numpy as np

from multiwell.tunneling.field import FieldEnsemble, field_observables
from multiwell.units import Q_


def fit(N, sig):
    """log sigma = log a - alpha log N, least squares; returns (a, alpha)."""
    ok = sig > 0  # one block (N = 4096, random): no spread, no error bar
    A = np.stack([np.ones(ok.sum()), -np.log(N[ok])], axis=1)
    coef, *_ = np.linalg.lstsq(A, np.log(sig[ok]), rcond=None)
    return np.exp(coef[0]), coef[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kmin", type=int, default=12, help="smallest N = 2^kmin")
    ap.add_argument("--kmax", type=int, default=20, help="largest N = 2^kmax")
    ap.add_argument("--scrambles", type=int, default=16)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    ens = FieldEnsemble()
    T = Q_([0.05, 0.1, 0.3, 1.0, 3.0], "K")  # the lowest gap is >= sqrt(2/3) D_min = 0.53 K
    B = Q_([1.0, 10.0, 100.0], "T")
    field_observables(T, B, ensemble=ens, n=4096, seed=0, backend="numba")  # compile / load the cache
    Ns = [2**k for k in range(args.kmin, args.kmax + 1, 2)]
    sig = {s: {"C": [], "dE": []} for s in ("random", "sobol")}
    val = {s: {"C": [], "dE": []} for s in ("random", "sobol")}
    for N in Ns:
        for sampler in ("random", "sobol"):
            t = time.perf_counter()
            obs = field_observables(T, B, ensemble=ens, n=N, seed=1, backend="numba", sampler=sampler,
                                    scrambles=args.scrambles)
            sig[sampler]["C"].append(obs.sigma_heat_capacity.m)
            sig[sampler]["dE"].append(obs.sigma_magnetocapacitance.m)
            val[sampler]["C"].append(obs.heat_capacity.m)
            val[sampler]["dE"].append(obs.magnetocapacitance.m)
            rel_c = np.median(obs.sigma_heat_capacity.m / np.abs(obs.heat_capacity.m))
            print(f"N = 2^{int(np.log2(N))} {sampler:6s}: {time.perf_counter() - t:5.1f} s; "
                  f"median relative error bar C {rel_c:.2e}, "
                  f"de'/e' {np.median(obs.sigma_magnetocapacitance.m / np.abs(obs.magnetocapacitance.m)):.2e}; "
                  f"load {os.getloadavg()[0]:.1f}")
    Na = np.array(Ns, dtype=float)
    for q, name in (("C", "C(T,B)"), ("dE", "de'/e'(T,B)")):
        print(f"\n{name}: per (B, T) point: alpha_random, alpha_sobol, N_sobol reaching sigma_random(10^6), "
              f"gain = 10^6 / N_sobol; Sobol vs random (largest N) in units of the combined error bar")
        gains = []
        for ib in range(len(B)):
            for it in range(len(T)):
                sr = np.array([s[ib, it] for s in sig["random"][q]])
                ss = np.array([s[ib, it] for s in sig["sobol"][q]])
                _ar, alr = fit(Na, sr)
                as_, als = fit(Na, ss)
                # sigma_random(10^6): the largest random run scaled by 1/sqrt(N) (the fitted alpha_random scatters
                # about 1/2: block-spread error bars are themselves uncertain by ~1/sqrt(2 blocks))
                target = sr[-1] * np.sqrt(Na[-1] / 1e6)
                n_star = (as_ / target) ** (1 / als)
                gains.append(1e6 / n_star)
                dz = (val["sobol"][q][-1][ib, it] - val["random"][q][-1][ib, it]) / np.hypot(ss[-1], sr[-1])
                print(f"  B = {B.m[ib]:5.0f} T, T = {T.m[it]:5.2f} K: alpha {alr:.2f} / {als:.2f}, "
                      f"N* = {n_star:.2e}, gain {1e6 / n_star:6.1f}, z = {dz:+.1f}")
        print(f"  gain: median {np.median(gains):.1f}, min {np.min(gains):.1f}, max {np.max(gains):.1f}")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
