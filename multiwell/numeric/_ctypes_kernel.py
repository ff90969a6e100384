"""The 3-level eigenvalue kernel as a C shared library in the kernel cache, loaded with ctypes (no numba import).

Private helper of :mod:`multiwell.numeric._kernels`. Importing numba costs 0.6-1.8 s per process, more than
the numpy route takes for 10^6 samples, so a kernel in numba's disk cache cannot answer the first call of a
fresh process. When a C compiler is found (``$MULTIWELL_CC``, else the compiler Python was built with, else
``cc``/``gcc``/``clang`` on the ``PATH``; ``MULTIWELL_CC=none`` disables), the kernel of the split entries
(nine reals per sample, see ``_invariants._split_entries3``) is also written as C99 (``_c_translate``: the
entries translated from the generated Python text that numba compiles, the same operations in the same order, and
``_hermitian3.hermitian3_scalar`` ported line by line). It is compiled once into
``<cache_dir>/c/hermitian3_<key>.so``, key = hash of the C source, the compiler flags, the compiler binary (path,
size, mtime) and the platform, and every later process loads it in milliseconds. The eigenvalues agree with
the numba kernel's to ~1e-16 of ``max |H_ij|`` (libm's ``atan2``, ``cos``, ``sin`` in both; no ``-ffast-math``,
no contraction into FMA).

Building: a detached helper process (``setsid``, nobody waits for it: a process that exits meanwhile does
not wait) compiles to a temporary file and renames it into place, so a half-built library is never seen;
``MULTIWELL_JIT_SYNC=1`` runs the same helper on the calling thread. A compiler error leaves
``<stem>.err`` (the compiler's message) and that kernel goes to numba. A library whose SHA-256 is not the one
recorded at its build, or that lacks its key, is removed and rebuilt, never used; one that disagrees with the
numpy kernel on fixed probe samples (a translation bug) leaves a ``.err`` note too.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

import numpy as np

from multiwell.numeric import _jitcache
from multiwell.numeric._c_translate import c_source

__all__: list[str] = []

log = logging.getLogger("multiwell")

ENV_CC = "MULTIWELL_CC"
FLAGS = ("-O2", "-std=c99", "-fPIC", "-shared", "-ffp-contract=off", "-fno-math-errno")
"""Compiler flags: IEEE arithmetic as numba's (``fastmath=False``): no fast-math, no FMA contraction."""

# -- the compiler and the cache entry ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _find_compiler(given: str | None) -> str | None:
    if given is not None:
        if given.strip().lower() in ("", "0", "none", "no", "false"):
            return None
        return shutil.which(given)
    configured = (sysconfig.get_config_var("CC") or "").split()
    for cand in ([configured[0]] if configured else []) + ["cc", "gcc", "clang"]:
        found = shutil.which(cand)
        if found:
            return found
    return None


def compiler() -> str | None:
    """The C compiler to use (a full path), or ``None`` (``MULTIWELL_CC`` set to ``none`` or not found)."""
    if not hasattr(os, "posix_spawn"):  # pragma: no cover - not POSIX
        return None
    return _find_compiler(os.environ.get(ENV_CC))


def _identity(cc: str) -> str:
    real = os.path.realpath(cc)
    st = os.stat(real)
    return f"{cc} -> {real} ({st.st_size} bytes, mtime {st.st_mtime_ns}); {sys.platform} {platform.machine()}"


class _Entry:
    """The files of one kernel in the cache: ``<stem>.c``, ``<stem>.so``, ``<stem>.so.sha256``, ``<stem>.err``."""

    def __init__(self, source: str, cc: str):
        self.source, self.cc = source, cc
        self.key = hashlib.sha256("\n".join((_identity(cc), " ".join(FLAGS), source)).encode()).hexdigest()[:20]
        self.full_source = source + f'\nconst char *mw_key(void) {{ return "{self.key}"; }}\n'
        stem = _jitcache.cache_dir() / "c" / f"hermitian3_{self.key}"
        self.c, self.lib, self.err = (stem.with_suffix(s) for s in (".c", ".so", ".err"))
        self.digest = stem.with_suffix(".so.sha256")

    def command(self, output: Path) -> list[str]:
        return [self.cc, *FLAGS, "-o", str(output), str(self.c), "-lm"]

    def remove(self, *, failed: bool = False) -> None:
        for p in (self.lib, self.digest, self.err) if failed else (self.lib, self.digest):
            try:
                p.unlink()
            except OSError:
                pass


_BUILDER = r"""
import hashlib, os, subprocess, sys
tmp, final, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
try:
    res = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
    if res.returncode == 0:
        with open(tmp, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        with open(final + ".sha256.tmp%d" % os.getpid(), "w") as fh:
            fh.write(digest)
        os.replace(final + ".sha256.tmp%d" % os.getpid(), final + ".sha256")
        os.replace(tmp, final)
    else:
        with open(err + ".tmp%d" % os.getpid(), "wb") as fh:
            fh.write(res.stdout + res.stderr or b"failed")
        os.replace(err + ".tmp%d" % os.getpid(), err)
finally:
    try:
        os.unlink(tmp)
    except OSError:
        pass
"""
"""The build, run by a helper process: compile to ``tmp``, write its SHA-256 to ``final.sha256``, rename ``tmp`` to
``final`` (or the compiler's message to ``err``). A library is loaded only if its hash matches: dlopen of a damaged
file can crash the process (SIGBUS), a hash mismatch only costs a rebuild."""


def _build_args(entry: _Entry) -> list[str]:
    tmp = entry.lib.with_name(f"{entry.lib.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    return [sys.executable, "-I", "-S", "-c", _BUILDER, str(tmp), str(entry.lib), str(entry.err),
            *entry.command(tmp)]


def _prepare(entry: _Entry) -> bool:
    """Write the C file (atomic); ``False`` if the cache directory is unusable."""
    try:
        current = entry.c.read_text(encoding="utf-8") if entry.c.is_file() else None
        if current != entry.full_source:
            _jitcache._write_atomic(entry.c, entry.full_source)
        return True
    except OSError as exc:
        log.debug("multiwell C kernel: cache directory unusable (%s)", exc)
        return False


def _spawn(entry: _Entry) -> int | None:
    """Start the build in a detached helper process (its own session, stdio to /dev/null); its pid."""
    if not _prepare(entry):
        return None
    null = os.devnull
    actions = [(os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0), (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0)]
    try:
        pid = os.posix_spawn(sys.executable, _build_args(entry), os.environ, file_actions=actions, setsid=True)
        _HELPERS.append(pid)
        return pid
    except (OSError, NotImplementedError) as exc:  # no interpreter to run, or no setsid for posix_spawn
        log.debug("multiwell C kernel: cannot start the build (%s)", exc)
        return None


_HELPERS: list[int] = []
"""The build helpers this process started (:func:`wait_builds`)."""


def _build_sync(entry: _Entry) -> None:
    if _prepare(entry):
        try:
            subprocess.run(_build_args(entry), stdin=subprocess.DEVNULL, capture_output=True, check=False, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:  # no library: numba serves
            log.debug("multiwell C kernel: the build did not run (%s)", exc)


# -- loading and calling -------------------------------------------------------------------------------------
class CKernel:
    """The loaded library's two stages, with the signatures of numba's staged kernel in ``_kernels``:
    ``stage_a(*xs, Y, Q, R, S, M)`` and ``stage_b(*xs, T, R, S, M, out)`` on flat float64 arrays (one chunk;
    ``_kernels`` runs them over chunks on every core: ctypes releases the GIL during each call).
    ``kernel(*xs, out)`` runs both on one thread, numpy's ``arctan2`` between them."""

    def __init__(self, lib: ctypes.CDLL, n_params: int, path: Path):
        self.path, self.n_params = path, n_params
        self._lib = lib  # kept alive with its functions
        p, n = ctypes.c_void_p, ctypes.c_ssize_t
        self._a, self._b = lib.mw_stage_a, lib.mw_stage_b
        self._a.restype = self._b.restype = None
        self._a.argtypes = [p, p, p, p, p, p, n, n]
        self._b.argtypes = [p, p, p, p, p, p, n, n]

    def _pointers(self, xs, arrays, m: int):
        if len(xs) != self.n_params or any(x.shape != (m,) or x.dtype != np.float64 or not x.flags.c_contiguous
                                           for x in (*xs, *arrays)):
            raise ValueError(f"C kernel: expected {self.n_params} parameter arrays and the work arrays, all flat "
                             f"contiguous float64 of length {m}")
        return (ctypes.c_void_p * len(xs))(*[x.ctypes.data for x in xs]), [a.ctypes.data for a in arrays]

    def stage_a(self, *args) -> None:
        *xs, Y, Q, R, S, M = args
        ptrs, work = self._pointers(xs, (Y, Q, R, S, M), Y.shape[0])
        self._a(ptrs, *work, 0, Y.shape[0])

    def stage_b(self, *args) -> None:
        *xs, T, R, S, M, out = args
        m = T.shape[0]
        if out.shape != (m, 3) or out.dtype != np.float64 or not out.flags.c_contiguous:
            raise ValueError(f"C kernel: expected a C-contiguous float64 output of shape ({m}, 3)")
        ptrs, work = self._pointers(xs, (T, R, S, M), m)
        self._b(ptrs, *work, out.ctypes.data, 0, m)

    def __call__(self, *flat_and_out) -> np.ndarray:
        *xs, out = flat_and_out
        Y, Q, R, S, M = np.empty((5, out.shape[0]))
        self.stage_a(*xs, Y, Q, R, S, M)
        np.arctan2(Y, Q, out=Y)
        self.stage_b(*xs, Y, R, S, M, out)
        return out


def _probe(n_params: int) -> list[np.ndarray]:
    """Fixed samples for the self-check of a loaded library (values in [0.15, 1.4], none alike)."""
    k = np.arange(1, 8, dtype=float)
    return [0.15 + (np.sqrt(k * (j + 2.0)) * 0.618034) % 1.25 for j in range(n_params)]


def _load(entry: _Entry, entries_source: str, n_params: int) -> tuple[CKernel | None, str]:
    """The library and ``"ok"`` if it loads, carries its key and agrees with the numpy kernel on the probe;
    else ``None`` and why: ``"unloadable"`` (its SHA-256 is not the recorded one, or dlopen fails), ``"foreign"``
    (another library: loaded, so this process cannot load a rebuilt one at the same path) or ``"wrong"`` (a
    translation bug)."""
    from multiwell.numeric._hermitian3 import hermitian3_eigenvalues

    try:
        data = entry.lib.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry.digest.read_text(encoding="ascii").strip():
            raise OSError("not the file that was built (SHA-256 differs)")
        lib = ctypes.CDLL(str(entry.lib))
    except (OSError, UnicodeDecodeError) as exc:
        log.debug("multiwell C kernel %s does not load (%s)", entry.lib, exc)
        return None, "unloadable"
    try:
        key = lib.mw_key
        key.restype, key.argtypes = ctypes.c_char_p, []
        if key() != entry.key.encode():
            raise ValueError("another kernel's library")
        kernel = CKernel(lib, n_params, entry.lib)
    except (AttributeError, ValueError) as exc:
        log.debug("multiwell C kernel %s is not this kernel (%s)", entry.lib, exc)
        return None, "foreign"
    xs = _probe(n_params)
    got = kernel(*xs, np.empty((xs[0].size, 3)))
    ns: dict = {"numpy": np}
    exec(compile(entries_source, "<multiwell C probe>", "exec"), ns)  # our own generated text
    a, b, c, dr, di, er, ei, fr, fi = np.broadcast_arrays(*ns["_lambdifygenerated"](*xs), *xs[:1])[:9]
    want = hermitian3_eigenvalues(a, b, c, dr + 1j * di, er + 1j * ei, fr + 1j * fi)
    scale = float(np.nanmax(np.abs(want), initial=1e-300))
    if not np.allclose(got, want, rtol=0, atol=1e-12 * scale, equal_nan=True):
        log.debug("multiwell C kernel %s disagrees with the numpy kernel by %.3g", entry.lib,
                  np.nanmax(np.abs(got - want)))
        return None, "wrong"
    return kernel, "ok"


_LOCK = threading.Lock()
_STATE: dict = {}
"""Per process, by library path: a ``CKernel``, ``("building", pid)``, ``"failed"`` or ``"rejected"``."""


@functools.lru_cache(maxsize=64)
def _entry(entries_source: str, n_params: int, cc: str, cache: str) -> _Entry | None:
    source = c_source(entries_source, n_params)
    if source is None:
        return None
    try:
        return _Entry(source, cc)
    except OSError:  # the compiler went away
        return None


def kernel(entries_source: str, n_params: int, *, build: bool = False):
    """The C kernel of these split entries: a ``CKernel``; ``None`` while it is not built yet (building here
    after ``build`` started it, or not started); ``False`` when there is none (no compiler, entries not
    translatable, compile failed, a library rejected): the caller uses numba.

    Never imports numba. A library on disk is loaded (and checked) on this thread: milliseconds. With
    ``build`` and nothing on disk, starts the build: a detached process, or on this thread under
    ``MULTIWELL_JIT_SYNC`` (then the answer is the kernel or ``False``).
    """
    cc = compiler()
    if cc is None:
        return False
    entry = _entry(entries_source, n_params, cc, str(_jitcache.cache_dir()))
    if entry is None:
        return False
    path = str(entry.lib)
    with _LOCK:
        state = _STATE.get(path)
        if isinstance(state, CKernel):
            return state
        if state == "off":
            return False
        if isinstance(state, tuple):  # our build: reap the helper when it has ended
            try:
                running = os.waitpid(state[1], os.WNOHANG)[0] == 0
            except ChildProcessError:
                running = False
            if running and not entry.lib.is_file():
                return None
            _STATE.pop(path)
        if entry.lib.is_file():
            loaded, why = _load(entry, entries_source, n_params)
            if loaded is not None:
                _STATE[path] = loaded
                return loaded
            entry.remove()  # never used; rebuilt unless it computes wrong numbers
            if why == "wrong":  # the translation has a bug: numba from now on, for every process
                _write_marker(entry, "the compiled kernel disagrees with the numpy kernel on the probe samples")
            if why in ("wrong", "foreign"):
                _STATE[path] = "off"
                if why == "foreign" and build:
                    _spawn(entry)  # for the next process
                return False
        if entry.err.is_file():
            _STATE[path] = "off"
            log.debug("multiwell C kernel: the compiler failed before (%s)", entry.err)
            return False
        if not build:
            return None
        if _jitcache.synchronous():
            _build_sync(entry)
            if entry.lib.is_file():
                loaded, why = _load(entry, entries_source, n_params)
                if loaded is not None:
                    _STATE[path] = loaded
                    return loaded
                entry.remove()  # just built and refused: a bug, not a damaged file
                _write_marker(entry, f"the freshly built library was refused ({why})")
            _STATE[path] = "off"
            return False
        pid = _spawn(entry)
        _STATE[path] = ("building", pid) if pid is not None else "off"
        return None if pid is not None else False


def _write_marker(entry: _Entry, text: str) -> None:
    try:
        _jitcache._write_atomic(entry.err, text + "\n")
    except OSError:
        pass


def wait_builds(timeout: float = 900.0) -> None:
    """Wait for the build helpers this process started (benchmarks and tests; a call never needs to)."""
    import time

    with _LOCK:
        pids = list(_HELPERS)
    deadline = time.monotonic() + timeout
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
            except ChildProcessError:
                break
            time.sleep(0.01)
