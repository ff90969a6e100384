"""Private numeric kernels of :mod:`multiwell.numeric` (unitless, vectorised).

Nothing here knows about SymPy: the kernels take matrix entries or the invariants of
Hermitian 3×3 matrices and return eigenvalues or gaps. The 3-level eigenvalue kernel lives
in ``_hermitian3`` (plain numpy/math source: run in-process, pasted into the modules written
by :func:`multiwell.to_source`, and compiled by numba here, from modules written to the disk cache
of ``_jitcache``); ``VIETE_SOURCE`` holds the cancellation-free gaps of :func:`multiwell.numeric.spectral_gap`.
"""

from __future__ import annotations

import functools
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from multiwell.numeric._hermitian3 import hermitian3_eigenvalues  # noqa: F401 - re-exported for numeric

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
exec(compile(VIETE_SOURCE, "<multiwell.numeric._kernels>", "exec"), _ns)  # our own fixed text
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
    """Whether the optional ``jit`` extra (numba) is installed (found, not imported: importing takes ~0.5 s)."""
    import importlib.util

    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):  # a module blocked or half-imported (sys.modules["numba"] = None)
        return False


def hermitian3_source(part: str = "numpy") -> str:
    """The text of the vectorised (``"numpy"``) or scalar (``"scalar"``) functions of ``_hermitian3``."""
    import inspect

    from multiwell.numeric import _hermitian3

    text = inspect.getsource(_hermitian3)
    body = text[text.index("DEFLATE = "):]
    numpy_part, _, scalar_part = body.partition("# -- the scalar form")
    if part == "numpy":
        return numpy_part.rstrip() + "\n"
    return body[: body.index("\n")] + "\n\n\n" + scalar_part[scalar_part.index("def "):]


_CORE_JIT = {name: {"fastmath": False} for name in ("_cross_s", "_n2", "_deflate3_s", "_scaled3_s", "_levels3_s")}
# inlined into each loop: ~20 % faster than a call per sample (measured)
_CORE_JIT["hermitian3_scalar"] = {"fastmath": False, "inline": "always"}
_CORE_JIT["_entries"] = {"fastmath": False, "inline": "always"}


def _entries_text(entries_source: str) -> str:
    """The lambdified entries as ``_entries(...)`` returning a tuple (numba compiles tuples, not lists)."""
    src = entries_source.replace("def _lambdifygenerated(", "def _entries(", 1)
    head, _, tail = src.rpartition("return [")
    return head + "return (" + tail.rstrip().removesuffix("]") + ")\n"


def _module_text(entries_source: str, loops: str) -> str:
    return ("# generated by multiwell: a compiled-kernel cache entry (safe to delete)\n"
            "import math\n\nimport numba\nimport numpy\n\n"
            + hermitian3_source("scalar") + "\n\n" + _entries_text(entries_source) + "\n\n" + loops)


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def numba_inputs(arrays: list[np.ndarray], batch: tuple[int, ...]) -> list[np.ndarray] | None:
    """The flat read-only float64 arrays every numba kernel here is compiled for (one signature), or
    ``None`` for complex values (the numpy kernel takes those)."""
    if any(a.dtype.kind == "c" for a in arrays):
        return None
    return [_readonly(np.ascontiguousarray(np.broadcast_to(a, batch), dtype=float).reshape(-1)) for a in arrays]


LOAD_WAIT = 1 << 22
"""Calls of at least this many samples wait for a kernel that loads from the disk cache (~0.5-1 s, mostly
numba's own start-up) rather than answer with numpy (~0.2 us a sample); smaller ones answer with numpy."""


def numba_hermitian3(entries_source: str, names: list[str], split: bool, *, size: int = 0, wait: bool = False):
    """The compiled kernel of :func:`_fused_text` or :func:`_staged_text`, or ``None`` until it is built.

    Entries that split into reals (``split``) take the C library of ``multiwell.numeric._ctypes_kernel``
    when a C compiler is found (loaded without importing numba, built in a detached process), unless
    ``wait`` (``jit=True`` demands numba). Else built once per process by its source: compiled (~1-5 s) or
    loaded from the disk cache of ``multiwell.numeric._jitcache``. ``None`` (the caller answers with numpy,
    then :func:`start_hermitian3`) unless the kernel is ready, ``wait`` (or ``MULTIWELL_JIT_SYNC``) is set,
    or the batch has at least ``LOAD_WAIT`` samples and the kernel is on disk. Takes :func:`numba_inputs`.
    """
    from multiwell.numeric import _jitcache

    if split and not wait:  # the C library of the same kernel first: it loads without importing numba
        from multiwell.numeric import _ctypes_kernel

        c_kernel = _ctypes_kernel.kernel(entries_source, len(names), build=_jitcache.synchronous())
        if c_kernel is not False:
            return c_kernel and _staged_kernel(c_kernel.stage_a, c_kernel.stage_b)  # None while it builds
    key, build, cached = _hermitian3_build(entries_source, len(names), split)
    return _jitcache.obtain(key, build, wait=wait or (size >= LOAD_WAIT and cached()), begin=False)


def start_hermitian3(entries_source: str, names: list[str], split: bool) -> None:
    """Start building the kernel of :func:`numba_hermitian3` in the background (if it has not started)."""
    from multiwell.numeric import _jitcache

    if split:
        from multiwell.numeric import _ctypes_kernel

        if _ctypes_kernel.kernel(entries_source, len(names), build=True) is not False:
            return  # built by a C compiler in a detached process; numba is not needed
    key, build, _ = _hermitian3_build(entries_source, len(names), split)
    _jitcache.start(key, build)


@functools.lru_cache(maxsize=64)
def _hermitian3_build(entries_source: str, n_params: int, split: bool):
    """The build key, the build and whether the disk cache has it, of the kernel of these entries."""
    from multiwell.numeric import _jitcache

    # staged around numpy's SIMD arctan2 when the entries split into reals: ~2x the fused
    # loop with glibc's atan2 (5.2 vs 2.7 M samples/s, measured in one process)
    text, entry = (_staged_text if split else _fused_text)(entries_source, n_params)
    compile_ = _compile_hermitian3_staged if split else _compile_hermitian3
    return (("hermitian3", text), lambda: compile_(text, n_params),
            lambda: _jitcache.is_cached(text, "hermitian3", entry))


def _warm(kernel, n_params: int) -> None:
    """Compile ``kernel`` for :func:`numba_inputs` by one call on a single sample."""
    kernel(*[_readonly(np.ones(1)) for _ in range(n_params)], np.empty((1, 3)))


def _fused_text(entries_source: str, n_params: int) -> tuple[str, tuple[str, ...]]:
    """The module of the fused kernel (numba, parallel): ``_kernel(*flat_params, out)`` fills ``out[k, :3]``.

    ``entries_source`` is the lambdified source of the six entries ``(H00, H11, H22, H01, H12, H02)``
    of the upper triangle (``numpy.`` functions on scalars, which numba understands); the
    eigenvalues come from ``_hermitian3.hermitian3_scalar`` (shift, scale, Viete, deflation of close pairs).
    """
    args = [f"_p{k}" for k in range(n_params)]  # positional: parameter names may be a, k, out, ...
    loop = (
        f"def _kernel({', '.join(args)}, _out):\n"
        "    for _k in numba.prange(_out.shape[0]):\n"
        f"        _a, _b, _c, _d, _e, _f = _entries({', '.join(f'{a}[_k]' for a in args)})\n"
        "        _d, _e, _f = _d + 0j, _e + 0j, _f + 0j\n"
        "        hermitian3_scalar(_a.real, _b.real, _c.real, _d.real, _d.imag, _e.real, _e.imag, _f.real, _f.imag,\n"
        "                          _out, _k)\n"
    )
    return _module_text(entries_source, loop), ("_kernel",)


def _compile_hermitian3(text: str, n_params: int):
    """The fused kernel of :func:`_fused_text`, compiled (or loaded from the disk cache) and called once."""
    from multiwell.numeric import _jitcache

    ns = _jitcache.jit_namespace(text, "hermitian3", {**_CORE_JIT, "_kernel": {"parallel": True, "fastmath": False}},
                                 lambda ns: _warm(ns["_kernel"], n_params))
    return ns["_kernel"]


def _staged_text(entries_source: str, n_params: int) -> tuple[str, tuple[str, ...]]:
    """The module of two numba stages around numpy's SIMD ``arctan2`` (glibc's scalar atan2 costs ~80 ns a call).

    ``entries_source`` gives the nine reals ``(H00, H11, H22, Re H01, Im H01, Re H12, Im H12, Re H02,
    Im H02)``. Stage A writes sqrt(p^3 - q^2), q, sqrt(p), s, m per sample; numpy computes theta;
    stage B writes the levels, re-evaluating the entries only for the (rare) samples it deflates.
    """
    args = [f"_p{k}" for k in range(n_params)]
    call = f"_entries({', '.join(f'{a}[_k]' for a in args)})"
    src = (
        f"def _stage_a({', '.join(args)}, _Y, _Q, _R, _S, _M):\n"
        "    for _k in range(_Y.shape[0]):\n"
        f"        _x = {call}\n"
        "        _a, _b, _c, _dr, _di, _er, _ei, _fr, _fi, _m, _s, _p, _q = _scaled3_s(\n"
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
        "        _l0, _l1, _l2 = _levels3_s(_r, _T[_k])\n"
        "        if min(_l1 - _l0, _l2 - _l1) < DEFLATE * _r:\n"
        f"            _x = {call}\n"
        "            _a, _b, _c, _dr, _di, _er, _ei, _fr, _fi, _m, _s, _p, _q = _scaled3_s(\n"
        "                _x[0], _x[1], _x[2], _x[3], _x[4], _x[5], _x[6], _x[7], _x[8])\n"
        "            _l0, _l1, _l2 = _deflate3_s(_a, _b, _c, complex(_dr, _di), complex(_er, _ei), complex(_fr, _fi),\n"
        "                                        _l0, _l1, _l2)\n"
        "        _out[_k, 0] = _l0 * _S[_k] + _M[_k]\n"
        "        _out[_k, 1] = _l1 * _S[_k] + _M[_k]\n"
        "        _out[_k, 2] = _l2 * _S[_k] + _M[_k]\n"
    )
    return _module_text(entries_source, src), ("_stage_a", "_stage_b")


def _compile_hermitian3_staged(text: str, n_params: int):
    """``kernel(*flat_params, out)``: the stages of :func:`_staged_text` over cache-sized chunks on every core."""
    from multiwell.numeric import _jitcache

    stages: dict = {}

    def warm(ns: dict) -> None:
        stages["kernel"] = _staged_kernel(ns["_stage_a"], ns["_stage_b"])
        _warm(stages["kernel"], n_params)

    def kernel(*flat_and_out):
        return stages["kernel"](*flat_and_out)

    _jitcache.jit_namespace(text, "hermitian3", {**_CORE_JIT, "_stage_a": {"nogil": True}, "_stage_b": {"nogil": True}},
                            warm)
    return kernel


@functools.lru_cache(maxsize=64)
def _staged_kernel(stage_a, stage_b):
    """``kernel(*flat_params, out)``: ``stage_a``, numpy's ``arctan2``, ``stage_b`` over cache-sized chunks on every
    core (numba's stages of :func:`_staged_text` with ``nogil``, or the C library's: both release the GIL)."""

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
