"""Benchmark: size limits of the cluster Hamiltonian (run by hand: python benchmarks/bench_cluster.py).

For the 2-well and the 3-well (identical particles, symmetric, hop/U = 0.1) and growing N:
time and peak memory (tracemalloc) of cluster_sparse, and of the lowest 4 eigenvalues with
scipy.sparse.linalg.eigsh; time of the symbolic cluster_hamiltonian for small N. Each case is
repeated REPEAT times and the median reported. Stops a series when one build exceeds LIMIT_S.
"""

import statistics
import sys
import time
import tracemalloc

import scipy
import scipy.sparse.linalg
import sympy as sp

from multiwell import complete, double_well, hamiltonian
from multiwell.cluster import U, cluster_hamiltonian, cluster_sparse

REPEAT = 3
LIMIT_S = 60.0


def measure(fn):
    times, peaks, out = [], [], None
    for _ in range(REPEAT):
        tracemalloc.start()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), statistics.median(peaks) / 2**20, out


def series(name, single, Ns):
    hop = single.hoppings[0]
    values = {hop: 0.1, U: 1.0}
    print(f"\n{name}: N, dim, nnz, build s, build MiB, eigsh(k=4) s, eigsh MiB, E0")
    for N in Ns:
        tb, mb, H = measure(lambda N=N: cluster_sparse(single, N, values=values))
        te, me, w = measure(lambda H=H: scipy.sparse.linalg.eigsh(H, k=4, which="SA", return_eigenvectors=False))
        print(f"{N:3d} {H.shape[0]:9d} {H.nnz:10d} {tb:8.3f} {mb:9.1f} {te:9.3f} {me:9.1f} {min(w):.6f}", flush=True)
        if tb + te > LIMIT_S:
            break


def symbolic(name, single, Ns):
    print(f"\n{name} symbolic cluster_hamiltonian: N, dim, s")
    for N in Ns:
        t, _, H = measure(lambda N=N: cluster_hamiltonian(single, N))
        print(f"{N:3d} {H.n:6d} {t:8.3f}", flush=True)


if __name__ == "__main__":
    print(sys.version.split()[0], "sympy", sp.__version__, "scipy", scipy.__version__)
    two = hamiltonian(double_well(), energies=[0, 0])
    three = hamiltonian(complete(3), energies=[0, 0, 0])
    symbolic("2-well", two, range(2, 11))
    symbolic("3-well", three, range(2, 7))
    series("2-well", two, range(8, 25, 2))
    series("3-well", three, range(5, 16))
