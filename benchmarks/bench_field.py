"""Benchmarks of multiwell.tunneling.field (run by hand: python benchmarks/bench_field.py [--n N] [--big N]
[--regime three-level]).

1. C(T, B) and de'/e'(T, B) of the three-well ATS at 10 fields x 50 temperatures from 10^6 systems
   (each diagonalised at the 10 fields and at B = 0): the fused numba path, timed after compilation.
2. The same ensemble (same seed, same samples) through batched numpy.linalg.eigh and the plain
   numpy N-level formulas: the maximum deviation relative to the largest value of each curve.
3. A per-system reference (numpy.linalg.eigh on each 3x3 matrix, Python loop) on the first 2 blocks.
4. With --big N: N systems (e.g. 10^8) at one field and 10 temperatures through the chunked path;
   wall time and peak resident memory (bounded by the chunk size, not N).

``--regime three-level``: an ensemble in the general three-level regime (D in [0.1, 5] K, D_0 in
[0.5, 5] K, log-uniform areas 0.5-5 nm^2, random orientations, T from 50 mK to 5 K, where the third
level is populated in most systems), and a heat-capacity-only call beside the full one.
"""

import argparse
import os
import resource
import time

import numpy as np

from multiwell.tunneling import _field_engine as engine
from multiwell.tunneling.field import FieldEnsemble, _tasks, field_observables
from multiwell.units import Q_

# time compiled kernels: every call waits for numba rather than being answered by numpy while it compiles
os.environ.setdefault("MULTIWELL_JIT_SYNC", "1")


def rel(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b) / np.max(np.abs(b), axis=-1, keepdims=True)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10**6)
    ap.add_argument("--big", type=int, default=0)
    ap.add_argument("--n-eigh", type=int, default=10**5, help="systems of the batched-eigh comparison")
    ap.add_argument("--n-ref", type=int, default=512, help="systems of the per-system reference")
    ap.add_argument("--regime", choices=["benchmark", "three-level"], default="benchmark")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    if args.regime == "three-level":
        ens = FieldEnsemble(D_min=Q_(0.1, "K"), D_max=Q_(5.0, "K"), D0_min=Q_(0.5, "K"), D0_max=Q_(5.0, "K"),
                            area=Q_([0.5, 5.0], "nm^2"), charge=Q_(2, "e"), omega=Q_(2e3 * np.pi, "1/s"))
        T = Q_(np.geomspace(0.05, 5.0, 50), "K")
    else:
        ens = FieldEnsemble(area=Q_(0.9, "nm^2"), charge=Q_(2, "e"), omega=Q_(2e3 * np.pi, "1/s"))
        T = Q_(np.geomspace(0.005, 1.0, 50), "K")
    B = Q_(np.geomspace(0.1, 300, 10), "T")
    field_observables(T, B, ensemble=ens, n=4096, seed=1, backend="numba")  # compile / load the numba cache
    t, c = time.perf_counter(), time.process_time()
    fast = field_observables(T, B, ensemble=ens, n=args.n, seed=1, backend="numba")
    dt, dc = time.perf_counter() - t, time.process_time() - c
    import numba

    print(f"fused numba ({numba.get_num_threads()} threads): n = {args.n:.0e} systems x 11 fields x 50 T: "
          f"wall {dt:.2f} s, process CPU {dc:.2f} s (all threads); load {os.getloadavg()[0]:.2f}")
    t, c = time.perf_counter(), time.process_time()
    heat = field_observables(T, B, ensemble=ens, n=args.n, seed=1, backend="numba", observables=("heat_capacity",))
    print(f"heat capacity only, n = {args.n:.0e} x 10 fields x 50 T: wall {time.perf_counter() - t:.2f} s, "
          f"process CPU {time.process_time() - c:.2f} s; load {os.getloadavg()[0]:.2f}; "
          f"max |C - C(full call)| / max C = {rel(heat.heat_capacity.m, fast.heat_capacity.m):.1e}")
    if args.n_eigh:
        if args.n_eigh != args.n:
            fast = field_observables(T, B, ensemble=ens, n=args.n_eigh, seed=1, backend="numba")
        t, c = time.perf_counter(), time.process_time()
        slow = field_observables(T, B, ensemble=ens, n=args.n_eigh, seed=1, backend="numpy", method="eigh")
        ts, cs = time.perf_counter() - t, time.process_time() - c
        print(f"batched eigh + numpy sums, n = {args.n_eigh:.0e} (same samples as the fused path): "
              f"wall {ts:.1f} s, CPU {cs:.1f} s; per system the fused path is {ts / args.n_eigh / (dt / args.n):.0f}x "
              f"faster (wall), {cs / args.n_eigh / (dc / args.n):.0f}x (CPU); load {os.getloadavg()[0]:.2f}")
        print(f"  max deviation, C: {rel(fast.heat_capacity.m, slow.heat_capacity.m):.1e}; "
              f"de'/e': {rel(fast.magnetocapacitance.m, slow.magnetocapacitance.m):.1e}; "
              f"e': {rel(fast.dielectric.m, slow.dielectric.m):.1e}")
    task = _tasks(ens, np.concatenate([[0.0], B.m]), T.m, args.n_ref, engine.BLOCK, 1, "numba", "auto", None)[0]
    p = engine.plan(ens.geometry)
    E, d0, *_ = engine._draw(task, p, 0, args.n_ref)
    lev = engine.levels(p, E, [d0], np.zeros((args.n_ref, 1)))
    hot = np.mean(np.exp(-(lev[:, 2] - lev[:, 0]) / T.m[-1]) > 0.05)
    print(f"third level: e^(-(E2-E0)/k_BT) > 5 % at the highest T in {hot:.0%} of the systems (B = 0)")
    t = time.perf_counter()
    ref = engine.reference_sums(dict(task))["sums"][0]
    tr = time.perf_counter() - t
    got = engine.chunk(dict(task))["sums"].sum(axis=0)
    print(f"per-system eigh reference on {args.n_ref} systems ({tr:.0f} s): max deviation "
          f"C {rel(got[:, 0], ref[:, 0]):.1e}, RES {rel(got[:, 1], ref[:, 1]):.1e}, "
          f"REL {rel(got[:, 2], ref[:, 2]):.1e}")
    if args.big:
        T10 = Q_(np.geomspace(0.01, 1.0, 10), "K")
        t, c = time.perf_counter(), time.process_time()
        big = field_observables(T10, Q_([3.0], "T"), ensemble=ens, n=args.big, seed=2, chunk_size=2**16,
                                backend="numba")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"load average after the big run: {os.getloadavg()}")
        print(f"big: n = {args.big:.0e} systems x 2 fields x 10 T: {time.perf_counter() - t:.0f} s "
              f"(process CPU {time.process_time() - c:.0f} s), "
              f"peak RSS {rss:.0f} MB; de'/e'(50 mK-ish, 3 T) = {big.magnetocapacitance.m[0, 4]:.3e} "
              f"+- {big.sigma_magnetocapacitance.m[0, 4]:.1e}")


if __name__ == "__main__":
    main()
