"""Compiled numba kernels kept on disk across processes, and compiled off the calling thread.

Private helper of :mod:`multiwell.numeric._kernels` (the 3-level eigenvalue kernels of ``to_numpy``) and
:mod:`multiwell.tunneling._field_kernels`. numba caches only functions defined in a file, so the
source of a kernel is written to a module file in the per-user cache directory (:func:`cache_dir`),
named by a hash of the source and the numba, numpy and Python versions, and executed from there
with ``cache=True``: numba keeps the machine code next to it (``__pycache__/*.nbi, *.nbc``, keyed by
signature and CPU). Every write is a temporary file renamed into place (``os.replace``), so
concurrent processes never see half a file. Whatever goes wrong with the cache (unwritable
directory, a corrupt module or numba file) the kernel is compiled in memory instead, without a
warning (a debug message on the ``multiwell`` logger) and the broken files are removed.

:func:`obtain` runs a build (compile and first call) in a background thread and answers ``None``
until it is done, so the caller answers with numpy meanwhile; ``MULTIWELL_JIT_SYNC=1`` (or
``wait=True``) builds on the calling thread instead. A caller answering with numpy starts the
build after its answer (:func:`start`): the building thread competes for the GIL, which would slow
the numpy answer down. The thread is a daemon: a process that ends during a compile does not wait
for it (numba writes its cache files by renaming complete temporary files, so an interrupted compile
leaves nothing half-written; the next process compiles again). :mod:`multiwell.numeric._ctypes_kernel`
keeps a C library of the 3-level kernel beside, which loads without importing numba.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import sys
import tempfile
import threading
import types
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

__all__: list[str] = []

log = logging.getLogger("multiwell")

ENV_DIR = "MULTIWELL_CACHE_DIR"
ENV_SYNC = "MULTIWELL_JIT_SYNC"
_STAMP = 1_000_000_000
"""Fixed mtime of every module file: numba's index is keyed by (mtime, size), so two processes that
write the same file race harmlessly."""


def cache_dir() -> Path:
    """The per-user cache directory: ``$MULTIWELL_CACHE_DIR``, else ``$XDG_CACHE_HOME/multiwell``, else
    ``~/.cache/multiwell``."""
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "multiwell"


def synchronous() -> bool:
    """Whether ``MULTIWELL_JIT_SYNC`` asks for compiling on the calling thread (any value but empty or 0)."""
    return os.environ.get(ENV_SYNC, "") not in ("", "0")


def _versions() -> str:
    from importlib.metadata import version  # not importing numba: that takes ~0.5 s

    return f"numba {version('numba')}; numpy {version('numpy')}; python {sys.version}"


def _key(source: str) -> str:
    return hashlib.sha256((_versions() + "\n" + source).encode()).hexdigest()[:20]


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.utime(tmp, (_STAMP, _STAMP))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def module_path(source: str, tag: str) -> Path:
    """Where the module file of ``source`` lives (``<cache_dir>/numba/<tag>_<hash>.py``)."""
    return cache_dir() / "numba" / f"{tag}_{_key(source)}.py"


def _file_module(source: str, tag: str, package: str | None) -> dict:
    """``source`` executed as the module file in the cache (written, or rewritten when its text differs)."""
    path = module_path(source, tag)
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != source:
        _write_atomic(path, source)
    name = f"_multiwell_jit_{path.stem}"
    module = sys.modules.get(name)
    if module is None:
        module = types.ModuleType(name)
        module.__file__ = str(path)
        module.__package__ = package  # relative imports of a copied package module resolve as in the package
        exec(compile(source, str(path), "exec"), module.__dict__)  # our own generated text
        sys.modules[name] = module  # numba rebuilds cached environments by module name
    return module.__dict__


def is_cached(source: str, tag: str, functions: tuple[str, ...]) -> bool:
    """Whether the module file of ``source`` and numba's index of each of ``functions`` are on disk
    (then compiling only loads; a signature or CPU not in the index still compiles)."""
    path = module_path(source, tag)
    try:
        names = os.listdir(path.parent / "__pycache__")
    except OSError:
        return False
    return path.is_file() and all(any(n.startswith(f"{path.stem}.{f}-") and n.endswith(".nbi") for n in names)
                                  for f in functions)


def _purge(source: str, tag: str) -> None:
    """Remove the module file of ``source`` and numba's files for it (best effort)."""
    path = module_path(source, tag)
    sys.modules.pop(f"_multiwell_jit_{path.stem}", None)
    for p in [path, *(path.parent / "__pycache__").glob(f"{path.stem}*")]:
        try:
            p.unlink()
        except OSError:
            pass


def jit_namespace(source: str, tag: str, options: dict[str, dict], warm: Callable[[dict], Any],
                  package: str | None = None) -> dict:
    """The namespace of ``source`` with ``options``' functions compiled by numba, and ``warm(namespace)`` run.

    ``options`` maps function names to ``numba.njit`` keywords (in any order: numba resolves globals
    when it compiles); ``warm`` triggers the compilation (a call on tiny inputs, or
    ``dispatcher.compile(signature)``). From the file in the cache with ``cache=True``; if that fails
    in any way, the files are removed and tried once more, then the source is compiled in memory.
    """
    import numba

    for _ in range(2):  # a second time from fresh files after removing broken ones
        try:
            ns = _file_module(source, tag, package)
            for name, opts in options.items():
                if not hasattr(ns[name], "py_func"):  # not yet a dispatcher (the module is shared per process)
                    ns[name] = numba.njit(cache=True, **opts)(ns[name])
            warm(ns)
            return ns
        except Exception as exc:  # any cache failure: retry, then compile in memory (a kernel bug raises there)
            log.debug("multiwell kernel cache unusable (%s: %s); removing %s's files", type(exc).__name__, exc, tag)
            _purge(source, tag)
    log.debug("multiwell kernel cache unusable: compiling %s in memory", tag)
    ns = {"__name__": f"_multiwell_jit_{tag}", "__package__": package}
    exec(compile(source, f"<multiwell {tag}>", "exec"), ns)  # our own generated text
    for name, opts in options.items():
        ns[name] = numba.njit(cache=False, **opts)(ns[name])
    warm(ns)
    return ns


# -- building off the calling thread -------------------------------------------------------------------------
_LOCK = threading.Lock()
_BUILDS: dict = {}
_EXECUTOR: list = []


class _DaemonWorker:
    """One daemon thread running submitted builds in order (a ``ThreadPoolExecutor``'s workers are joined
    at interpreter exit, so a process ending during a compile would wait for it)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def submit(self, fn: Callable[[], Any]) -> Future:
        fut: Future = Future()
        self._queue.put((fut, fn))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="multiwell-jit", daemon=True)
            self._thread.start()
        return fut

    def _run(self) -> None:
        while True:
            fut, fn = self._queue.get()
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn())
            except BaseException as exc:  # kept with the key: obtain() raises it at the next call
                fut.set_exception(exc)
            del fut, fn


def _executor() -> _DaemonWorker:
    if not _EXECUTOR:
        _EXECUTOR.append(_DaemonWorker())
    return _EXECUTOR[0]


def start(key, build: Callable[[], Any]) -> None:
    """Start ``build()`` for ``key`` in the background unless it has started (nothing under ``MULTIWELL_JIT_SYNC``)."""
    if synchronous():
        return
    with _LOCK:
        if key not in _BUILDS:
            _BUILDS[key] = _executor().submit(build)


def obtain(key, build: Callable[[], Any], *, wait: bool = False, begin: bool = True):
    """``build()``'s result for ``key``, built once per process; ``None`` while it builds in the background.

    With ``wait`` or ``MULTIWELL_JIT_SYNC`` set, builds on this thread (or waits for the background
    build) and returns the result; else starts the background build (unless ``begin`` is false:
    then :func:`start` it after answering). A failed build raises its error at every call.
    """
    wait = wait or synchronous()
    inline = False
    with _LOCK:
        fut = _BUILDS.get(key)
        if fut is None:
            if wait:
                fut = _BUILDS[key] = Future()
                inline = True
            elif begin:
                _BUILDS[key] = _executor().submit(build)
                return None  # just started (deterministic: never ready at the call that starts it)
            else:
                return None
    if inline:
        try:
            fut.set_result(build())
        except BaseException as exc:
            fut.set_exception(exc)
    if wait or fut.done():
        return fut.result()
    return None


def wait_all() -> None:
    """Wait for every background build (benchmarks and tests); errors stay with their keys."""
    with _LOCK:
        futures = list(_BUILDS.values())
    for fut in futures:
        try:
            fut.result()
        except Exception:  # raised again by obtain() at the next call
            pass


def _after_fork() -> None:  # pragma: no cover - exercised only by forking processes
    # the building thread does not exist in the child: forget builds that had not finished
    global _LOCK
    _LOCK = threading.Lock()
    _EXECUTOR.clear()
    for key in [k for k, f in _BUILDS.items() if not f.done()]:
        del _BUILDS[key]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


# -- a hand-written kernel module, compiled per argument signature ----------------------------------------------
class FileKernel:
    """``name`` of the module text ``source``, compiled by numba for each argument signature.

    ``options`` maps ``name`` and every function it calls from the same text to ``numba.njit``
    keywords. The module is executed from the cache (see :func:`jit_namespace`) as a module of
    ``package`` (its relative imports work), with ``globals_()`` set before compiling (e.g.
    ``prange`` bound to ``numba.prange``). Calling compiles (or loads) on this thread;
    :meth:`ready` asks without waiting.
    """

    def __init__(self, source: str, tag: str, name: str, options: dict[str, dict],
                 globals_: Callable[[], dict] | None = None, package: str | None = None):
        self.source, self.tag, self.name, self.options = source, tag, name, options
        self.globals_, self.package = globals_, package
        self._by_signature: dict = {}

    def _signature(self, args) -> tuple:
        import numba

        return tuple(numba.typeof(a) for a in args)

    def _build(self, sig: tuple):
        def warm(ns: dict) -> None:
            ns.update(self.globals_() if self.globals_ else {})
            ns[self.name].compile(sig)

        dispatcher = jit_namespace(self.source, self.tag, self.options, warm, self.package)[self.name]
        self._by_signature[sig] = dispatcher
        return dispatcher

    def ready(self, *args, start: bool = True) -> bool:
        """Whether the kernel for these arguments is compiled; if not, starts compiling it in the background.

        A kernel in the disk cache is loaded on this thread (a second or two, far less than the numpy
        route of a field ensemble) and is then ready.
        """
        sig = self._signature(args)
        if sig in self._by_signature:
            return True
        key = (self.tag, self.source, self.name, sig)
        with _LOCK:
            started = key in _BUILDS
        wait = not started and is_cached(self.source, self.tag, (self.name,))
        return obtain(key, lambda: self._build(sig), wait=wait, begin=start) is not None

    def __call__(self, *args):
        sig = self._signature(args)
        dispatcher = self._by_signature.get(sig)
        if dispatcher is None:
            dispatcher = obtain((self.tag, self.source, self.name, sig), lambda: self._build(sig), wait=True)
        return dispatcher(*args)
