"""Benchmarks of multiwell.tunneling (run by hand: python benchmarks/bench_tunneling.py).

1. C(T) at 100 temperatures from a Monte Carlo ensemble of 10^6 three-well systems with exact
   three-level spectra (target < 1 s), and the same with numpy.linalg.eigvalsh + a dense
   (n_T x n_sys) float64 reduction for comparison.
2. The dielectric integrals (Eq. 8 RES + REL, Eq. 14 RES + REL) at 100 temperatures (target < 1 s).
"""

import time

import numpy as np

from multiwell.tunneling import dielectric_2ls, dielectric_ats, heat_capacity_monte_carlo, sample_anomalous
from multiwell.tunneling.distributions import _three_well_matrices
from multiwell.units import Q_


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), float(np.median(times))


def main():
    T = Q_(np.geomspace(0.02, 20, 100), "K")
    ens = dict(P_star=Q_(1, ""), D_min=Q_(0.87, "K"), D_max=Q_(100, "K"), D0_min=Q_(1e3, "K"), D0_max=Q_(1e5, "K"))
    for chunk in (2**16, 2**17):
        b, m = best_of(lambda chunk=chunk: heat_capacity_monte_carlo(T, n=10**6, chunk_size=chunk, seed=0, **ens))
        print(f"MC heat capacity, 1e6 systems x 100 T, chunk {chunk}: best {b:.3f} s, median {m:.3f} s")

    def naive():
        E, D0 = sample_anomalous(10**6, seed=0, D_min=ens["D_min"], D_max=ens["D_max"], D0_min=ens["D0_min"],
                                 D0_max=ens["D0_max"])
        lev = np.linalg.eigvalsh(_three_well_matrices(E.m_as("K"), D0.m_as("K")))
        g = lev[:, 1] - lev[:, 0]
        out = np.empty(100)
        for k, t in enumerate(T.m_as("K")):
            x = g / (2 * t)
            out[k] = np.sum(x * x / np.cosh(np.minimum(x, 350)) ** 2)
        return out

    b, m = best_of(naive, repeat=1)
    print(f"naive eigvalsh + dense float64 two-level reduction: {b:.3f} s")

    kw = dict(A=Q_(47.2e-5, ""), gamma=Q_(5.3e-8, "s*K**3"), Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, "K"),
              omega=Q_(2e3 * np.pi, "1/s"))
    Td = Q_(np.geomspace(0.005, 5, 100), "K")
    b, m = best_of(lambda: dielectric_2ls(Td, **kw))
    print(f"dielectric_2ls (RES + REL), 100 T: best {b * 1e3:.1f} ms, median {m * 1e3:.1f} ms")
    b, m = best_of(lambda: dielectric_ats(Td, A=Q_(281.9e-5, ""), D_min=Q_(0.87, "K"), Gamma=Q_(6.44e-6, "s*K**5"),
                                          omega=Q_(2e4 * np.pi, "1/s")))
    print(f"dielectric_ats (RES + REL), 100 T: best {b * 1e3:.1f} ms, median {m * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
