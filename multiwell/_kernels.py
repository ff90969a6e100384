"""Private numeric kernels of :mod:`multiwell.numeric` (unitless, vectorised).

Nothing here knows about SymPy: the kernels take the invariants of Hermitian 3×3
matrices (or plain arrays) and return eigenvalues or gaps. They are written once as
Python source (``VIETE_SOURCE``) so that the very same text runs in-process, is pasted
into the modules written by :func:`multiwell.to_source`, and is compiled by numba.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__: list[str] = []

SQRT3 = math.sqrt(3.0)

CHUNK = 1 << 14
"""Samples per chunk in the threaded numpy path (small enough to stay in the L2 cache)."""

VIETE_SOURCE = '''
def viete_eigenvalues(m, p, q, delta):
    """Ascending eigenvalues (..., 3) of Hermitian 3x3 matrices from their invariants.

    m: trace/3; p: ||H - m||_F^2 / 6 (>= 0); q: det(H - m)/2; delta: p**3 - q**2 (>= 0,
    computed without cancellation). theta = atan2(sqrt(delta), q) never divides by zero,
    so the triple degeneracy p = 0 gives m three times (no NaN).
    """
    r = numpy.sqrt(numpy.maximum(p, 0.0))
    t = numpy.arctan2(numpy.sqrt(numpy.maximum(delta, 0.0)), q) / 3.0
    c = r * numpy.cos(t)
    s = r * numpy.sin(t) * 1.7320508075688772
    return numpy.stack(numpy.broadcast_arrays(m - c - s, m - c + s, m + 2.0 * c), axis=-1)


def viete_gap(p, q, delta, levels):
    """E_j - E_i (levels = (i, j), i < j, ascending order) of Hermitian 3x3 matrices, cancellation-free.

    E_1 - E_0 = 2 sqrt(3 p) sin(theta/3), theta = atan2(sqrt(delta), q);
    E_2 - E_1 = 2 sqrt(3 p) sin(theta'/3), theta' = atan2(sqrt(delta), -q) = pi - theta;
    E_2 - E_0 = 2 sqrt(3 p) sin(pi/3 + theta/3): products of non-negative factors.
    """
    i, j = levels
    r = 2.0 * numpy.sqrt(3.0 * numpy.maximum(p, 0.0))
    sq = numpy.sqrt(numpy.maximum(delta, 0.0))
    if (i, j) == (0, 1):
        return r * numpy.sin(numpy.arctan2(sq, q) / 3.0)
    if (i, j) == (1, 2):
        return r * numpy.sin(numpy.arctan2(sq, -q) / 3.0)
    return r * numpy.sin(1.0471975511965976 + numpy.arctan2(sq, q) / 3.0)
'''

_ns: dict = {"numpy": np}
exec(compile(VIETE_SOURCE, "<multiwell._kernels>", "exec"), _ns)  # noqa: S102 - our own fixed text
viete_eigenvalues = _ns["viete_eigenvalues"]
viete_gap = _ns["viete_gap"]


def viete_eigenvalues_mp(m, p, q, delta, mp):
    """The three ascending eigenvalues from the invariants, in mpmath at the current precision."""
    r = mp.sqrt(max(p, 0))
    t = mp.atan2(mp.sqrt(max(delta, 0)), q) / 3
    c = r * mp.cos(t)
    s = r * mp.sin(t) * mp.sqrt(3)
    return [m - c - s, m - c + s, m + 2 * c]


def viete_gap_mp(p, q, delta, levels, mp):
    """``viete_gap`` in mpmath at the current precision."""
    i, j = levels
    r = 2 * mp.sqrt(3 * max(p, 0))
    sq = mp.sqrt(max(delta, 0))
    if (i, j) == (0, 1):
        return r * mp.sin(mp.atan2(sq, q) / 3)
    if (i, j) == (1, 2):
        return r * mp.sin(mp.atan2(sq, -q) / 3)
    return r * mp.sin(mp.pi / 3 + mp.atan2(sq, q) / 3)


def threads() -> int:
    """Worker threads for chunked evaluation (the number of usable cores)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunked(kernel, flat_inputs: list[np.ndarray], n: int, out: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
    """Fill ``out[k0:k1] = kernel(*[x[k0:k1] for x in flat_inputs])`` over chunks, on all cores.

    numpy releases the GIL inside ufunc loops, so threads over cache-sized chunks use
    every core without copying the inputs.
    """
    starts = range(0, n, chunk)

    def work(k0: int) -> None:
        k1 = min(n, k0 + chunk)
        out[k0:k1] = kernel(*[x[k0:k1] for x in flat_inputs])

    workers = threads()
    if workers == 1 or n <= chunk:
        for k0 in starts:
            work(k0)
        return out
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(work, starts):
            pass
    return out
