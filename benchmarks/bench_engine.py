"""Benchmark of the zero-field Monte Carlo on the one tunnelling engine (run by hand).

``python benchmarks/bench_engine.py [repeat]``: dos_monte_carlo and heat_capacity_monte_carlo with 10^6
three-well systems (100 temperatures), best and median of ``repeat`` runs. Run it with PYTHONPATH pointing
at two checkouts, alternately, to compare them under the same load.
"""

import sys
import time

import numpy as np

from multiwell.tunneling import dos_monte_carlo, heat_capacity_monte_carlo
from multiwell.units import Q_


def best_of(fn, repeat):
    """Best and median wall time, and the best CPU time of the process (all threads: robust to a shared machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return min(wall), float(np.median(wall)), min(cpu)


def main(repeat: int = 3):
    T = Q_(np.geomspace(0.02, 20, 100), "K")
    ens = dict(P_star=Q_(1, ""), D_min=Q_(0.87, "K"), D_max=Q_(100, "K"), D0_min=Q_(1e3, "K"), D0_max=Q_(1e5, "K"))
    edges = Q_(np.geomspace(0.5, 90, 41), "K")
    dos_monte_carlo(edges, n=1000, seed=0, **ens)  # warm-up: builds the pipeline kernels once per process
    heat_capacity_monte_carlo(T, n=1000, seed=0, **ens)
    b, m, c = best_of(lambda: dos_monte_carlo(edges, n=10**6, seed=0, **ens), repeat)
    print(f"dos_monte_carlo, 1e6 systems, 40 bins: best {b:.3f} s, median {m:.3f} s, cpu {c:.3f} s")
    b, m, c = best_of(lambda: heat_capacity_monte_carlo(T, n=10**6, seed=0, **ens), repeat)
    print(f"heat_capacity_monte_carlo, 1e6 systems x 100 T: best {b:.3f} s, median {m:.3f} s, cpu {c:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
