"""Private numeric kernels of :mod:`multiwell.numeric` (unitless, vectorised).

Nothing here knows about SymPy: the kernels take matrix entries or the invariants of
Hermitian 3×3 matrices and return eigenvalues or gaps. The 3-level eigenvalue kernel lives
in ``_hermitian3`` (plain numpy/math source: run in-process, pasted into the modules written
by :func:`multiwell.to_source`, and compiled by numba here); ``VIETE_SOURCE`` holds the
cancellation-free gaps of :func:`multiwell.numeric.spectral_gap`.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ._hermitian3 import hermitian3_eigenvalues  # noqa: F401 - re-exported for numeric

__all__: list[str] = []


def scaled_eigvalsh(mats: np.ndarray) -> np.ndarray:
    """``eigvalsh`` of a stack of Hermitian matrices, each scaled by its largest entry (never overflows).

    LAPACK scales only outside roughly 1e-154..1e154; dividing by the largest entry first
    keeps every finite input finite, and costs one pass over the matrices.
    """
    s = np.max(np.abs(mats), axis=(-2, -1), keepdims=True)
    s = np.where(s > 0.0, s, 1.0)
    return np.linalg.eigvalsh(mats / s) * s[..., 0]

SQRT3 = math.sqrt(3.0)

CHUNK = 1 << 14
"""Samples per chunk in the threaded numpy path (small enough to stay in the L2 cache)."""

VIETE_SOURCE = '''
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


def numba_available() -> bool:
    """Whether the optional ``jit`` extra (numba) is importable."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


_NUMBA_CORE: dict = {}


def hermitian3_source(part: str = "numpy") -> str:
    """The text of the vectorised (``"numpy"``) or scalar (``"scalar"``) functions of ``_hermitian3``."""
    import inspect

    from . import _hermitian3

    text = inspect.getsource(_hermitian3)
    body = text[text.index("DEFLATE = "):]
    numpy_part, _, scalar_part = body.partition("# -- the scalar form")
    if part == "numpy":
        return numpy_part.rstrip() + "\n"
    return body[: body.index("\n")] + "\n\n\n" + scalar_part[scalar_part.index("def "):]


def _numba_core() -> dict:
    """The scalar Hermitian 3x3 kernel compiled by numba once per process (a namespace of dispatchers)."""
    if not _NUMBA_CORE:
        import numba

        ns: dict = {"math": math}
        exec(compile(hermitian3_source("scalar"), "<multiwell._hermitian3 scalar>", "exec"), ns)  # noqa: S102
        for name in ("_cross_s", "_n2", "_deflate3_s", "_scaled3_s", "_levels3_s"):
            ns[name] = numba.njit(cache=False, fastmath=False)(ns[name])
        # inlined into each loop: ~20 % faster than a call per sample (measured)
        ns["hermitian3_scalar"] = numba.njit(cache=False, fastmath=False, inline="always")(ns["hermitian3_scalar"])
        _NUMBA_CORE.update(ns)
    return _NUMBA_CORE


def _numba_entries(entries_source: str):
    import numba

    src = entries_source.replace("def _lambdifygenerated(", "def _entries(", 1)
    head, _, tail = src.rpartition("return [")
    src = head + "return (" + tail.rstrip().removesuffix("]") + ")\n"
    ns: dict = {"numpy": np, "math": math}
    exec(compile(src, "<multiwell.numba entries>", "exec"), ns)  # noqa: S102 - generated by us
    return numba.njit(cache=False, fastmath=False, inline="always")(ns["_entries"])


_NUMBA_KERNELS: dict = {}


def numba_hermitian3(entries_source: str, names: list[str], split: bool):
    """The compiled kernel of :func:`_compile_hermitian3`, cached per process by its source (compiling takes ~1-5 s)."""
    key = (entries_source, len(names), split)
    if key not in _NUMBA_KERNELS:
        # staged around numpy's SIMD arctan2 when the entries split into reals: ~2x the fused
        # loop with glibc's atan2 (5.2 vs 2.7 M samples/s, measured in one process)
        build = _compile_hermitian3_staged if split else _compile_hermitian3
        _NUMBA_KERNELS[key] = build(entries_source, names, split)
    return _NUMBA_KERNELS[key]


def _compile_hermitian3(entries_source: str, names: list[str], split: bool):
    """Compile (numba, parallel) ``kernel(*flat_params, out)`` filling ``out[k, :3]`` with the eigenvalues.

    ``entries_source`` is the lambdified source of the upper triangle: with ``split`` the nine
    reals ``(H00, H11, H22, Re H01, Im H01, Re H12, Im H12, Re H02, Im H02)``, else the six
    entries ``(H00, H11, H22, H01, H12, H02)`` (``numpy.`` functions on scalars, which numba
    understands); the eigenvalues come from ``_hermitian3.hermitian3_scalar`` (shift, scale,
    Viete, deflation of close pairs).
    """
    import numba

    entries = _numba_entries(entries_source)
    args = [f"_p{k}" for k in range(len(names))]  # positional: parameter names may be a, k, out, ...
    call = f"_entries({', '.join(f'{a}[_k]' for a in args)})"
    if split:
        body = f"        _a, _b, _c, _dr, _di, _er, _ei, _fr, _fi = {call}\n"
    else:
        body = (
            f"        _a, _b, _c, _d, _e, _f = {call}\n"
            "        _d, _e, _f = _d + 0j, _e + 0j, _f + 0j\n"
            "        _dr, _di, _er, _ei, _fr, _fi = _d.real, _d.imag, _e.real, _e.imag, _f.real, _f.imag\n"
        )
    loop = (
        f"def _kernel({', '.join(args)}, _out):\n"
        "    for _k in numba.prange(_out.shape[0]):\n"
        + body
        + "        hermitian3(_a.real, _b.real, _c.real, _dr, _di, _er, _ei, _fr, _fi, _out, _k)\n"
    )
    ns: dict = {"numba": numba, "_entries": entries, "hermitian3": _numba_core()["hermitian3_scalar"]}
    exec(compile(loop, "<multiwell.numba kernel>", "exec"), ns)  # noqa: S102 - generated by us
    return numba.njit(parallel=True, fastmath=False)(ns["_kernel"])


def _compile_hermitian3_staged(entries_source: str, names: list[str], split: bool = True):
    """Two numba stages around numpy's SIMD ``arctan2`` (glibc's scalar atan2 costs ~80 ns a call).

    Stage A writes sqrt(p^3 - q^2), q, sqrt(p), s, m per sample; numpy computes theta; stage B
    writes the levels, re-evaluating the entries only for the (rare) samples it deflates.
    Returns ``kernel(*flat_params, out)`` running cache-sized chunks on every core.
    """
    import numba

    core = _numba_core()
    entries = _numba_entries(entries_source)
    args = [f"_p{k}" for k in range(len(names))]
    call = f"_entries({', '.join(f'{a}[_k]' for a in args)})"
    src = (
        f"def _stage_a({', '.join(args)}, _Y, _Q, _R, _S, _M):\n"
        "    for _k in range(_Y.shape[0]):\n"
        f"        _x = {call}\n"
        "        _a, _b, _c, _dr, _di, _er, _ei, _fr, _fi, _m, _s, _p, _q = _scaled3(\n"
        "            _x[0], _x[1], _x[2], _x[3], _x[4], _x[5], _x[6], _x[7], _x[8])\n"
        "        _R[_k] = math.sqrt(_p)\n"
        "        _Y[_k] = math.sqrt(max(_p * _p * _p - _q * _q, 0.0))\n"
        "        _Q[_k] = _q\n"
        "        _S[_k] = _s\n"
        "        _M[_k] = _m\n"
        "\n\n"
        f"def _stage_b({', '.join(args)}, _T, _R, _S, _M, _out):\n"
        "    for _k in range(_T.shape[0]):\n"
        "        _r = _R[_k]\n"
        "        _l0, _l1, _l2 = _levels3(_r, _T[_k])\n"
        "        if min(_l1 - _l0, _l2 - _l1) < DEFLATE * _r:\n"
        f"            _x = {call}\n"
        "            _a, _b, _c, _dr, _di, _er, _ei, _fr, _fi, _m, _s, _p, _q = _scaled3(\n"
        "                _x[0], _x[1], _x[2], _x[3], _x[4], _x[5], _x[6], _x[7], _x[8])\n"
        "            _l0, _l1, _l2 = _deflate3(_a, _b, _c, complex(_dr, _di), complex(_er, _ei), complex(_fr, _fi),\n"
        "                                      _l0, _l1, _l2)\n"
        "        _out[_k, 0] = _l0 * _S[_k] + _M[_k]\n"
        "        _out[_k, 1] = _l1 * _S[_k] + _M[_k]\n"
        "        _out[_k, 2] = _l2 * _S[_k] + _M[_k]\n"
    )
    ns: dict = {"math": math, "_entries": entries, "_scaled3": core["_scaled3_s"], "_levels3": core["_levels3_s"],
                "_deflate3": core["_deflate3_s"], "DEFLATE": core["DEFLATE"]}
    exec(compile(src, "<multiwell.numba staged kernel>", "exec"), ns)  # noqa: S102 - generated by us
    stage_a = numba.njit(nogil=True)(ns["_stage_a"])
    stage_b = numba.njit(nogil=True)(ns["_stage_b"])

    def kernel(*flat_and_out):
        *flat, out = flat_and_out
        n = out.shape[0]

        def work(k0: int) -> None:
            k1 = min(n, k0 + CHUNK)
            xs = [x[k0:k1] for x in flat]
            Y, Q, R, S, M = np.empty((5, k1 - k0))
            stage_a(*xs, Y, Q, R, S, M)
            np.arctan2(Y, Q, out=Y)
            stage_b(*xs, Y, R, S, M, out[k0:k1])

        starts = range(0, n, CHUNK)
        if threads() == 1 or n <= CHUNK:
            for k0 in starts:
                work(k0)
        else:
            with ThreadPoolExecutor(max_workers=threads()) as pool:
                for _ in pool.map(work, starts):
                    pass
        return out

    return kernel
