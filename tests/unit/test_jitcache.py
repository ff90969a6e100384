"""The disk cache of compiled kernels and the background build (multiwell.numeric._jitcache; the ``jit`` extra).

Physics checked on the way: whichever way a kernel is obtained (compiled, loaded from disk, rebuilt
after a corrupt cache, in memory, answered by numpy while it compiles) the eigenvalues of the
3-well with flux are those of ``eigvalsh`` to a few ulp of ||H||.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

pytest.importorskip("numba")

from multiwell import complete, hamiltonian
from multiwell.numeric import _jitcache, _kernels, to_numpy

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np, sympy as sp
    from multiwell import complete, hamiltonian
    from multiwell.numeric import to_numpy
    H = hamiltonian(complete(3), flux=sp.Symbol("phi", real=True))
    vals = np.random.default_rng(5).uniform(0.1, 1.0, (5, 5000))
    E = to_numpy(H)(*vals)
    mats = to_numpy(H.matrix, params=H.symbols)(*vals)
    err = float(np.max(np.abs(E - np.linalg.eigvalsh(mats))))
    stats = [d.stats for m, mod in list(sys.modules.items()) if m.startswith("_multiwell_jit_hermitian3")
             for d in vars(mod).values() if hasattr(d, "stats")]
    print(json.dumps({"hits": sum(sum(s.cache_hits.values()) for s in stats),
                      "misses": sum(sum(s.cache_misses.values()) for s in stats),
                      "err": err, "E": E[:50].tolist()}))
""")


def run(cache: Path) -> dict:
    """The script in a fresh interpreter with warnings as errors; its report (stderr must stay empty).

    The numba route (``MULTIWELL_CC=none``: no C library; tests/unit/test_ctypes_kernel.py checks that one)."""
    env = {**os.environ, "MULTIWELL_CACHE_DIR": str(cache), "MULTIWELL_JIT_SYNC": "1", "PYTHONPATH": str(ROOT),
           "MULTIWELL_CC": "none"}
    res = subprocess.run([sys.executable, "-W", "error", "-c", SCRIPT], env=env, capture_output=True, text=True,
                         check=False, timeout=600)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """A cache directory filled by one process, and that process's report."""
    cache = tmp_path_factory.mktemp("cache")
    return cache, run(cache)


def test_second_process_loads_what_the_first_compiled(warm_cache):
    cache, first = warm_cache
    assert first["misses"] > 0 and first["hits"] == 0  # compiled, and saved
    assert list((cache / "numba").glob("hermitian3_*.py"))
    second = run(cache)
    assert second["hits"] > 0 and second["misses"] == 0  # loaded, nothing compiled
    assert second["E"] == first["E"]  # the same machine code
    assert max(first["err"], second["err"]) < 4e-15  # eigvalsh to a few ulp of ||H|| (~3)


def test_corrupt_cache_files_are_rebuilt_silently(warm_cache, tmp_path):
    cache, first = warm_cache
    broken = tmp_path / "cache"
    import shutil

    shutil.copytree(cache, broken)
    files = list((broken / "numba").rglob("*.nb*")) + list((broken / "numba").glob("*.py"))
    assert files
    for k, f in enumerate(files):  # garbage, truncated, or empty
        f.write_bytes([b"\x80\x04garbage", f.read_bytes()[: len(f.read_bytes()) // 2], b""][k % 3])
    again = run(broken)  # warnings are errors and stderr must be empty: recovered without a word
    assert again["E"] == first["E"] and again["err"] < 4e-15
    assert run(broken)["hits"] > 0  # and the next process finds a sound cache again


def test_unusable_cache_directory_compiles_in_memory(tmp_path, monkeypatch):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    monkeypatch.setenv("MULTIWELL_CACHE_DIR", str(not_a_dir / "sub"))
    src = "def _twice(x):\n    return 2.0 * x + 0.125\n"
    ns = _jitcache.jit_namespace(src, "unit", {"_twice": {}}, lambda ns: ns["_twice"](1.0))
    assert ns["_twice"](3.0) == 6.125 and not ns["_twice"].stats.cache_hits
    assert not_a_dir.read_text() == ""


@pytest.fixture
def numba_route(monkeypatch):
    """The numba kernels only (no C library of the 3-level kernel)."""
    monkeypatch.setenv("MULTIWELL_CC", "none")


def test_background_build_answers_with_numpy_then_numba_and_they_agree(monkeypatch, numba_route):
    monkeypatch.delenv(_jitcache.ENV_SYNC, raising=False)
    chi = sp.Symbol("chi_bg", real=True)  # a kernel no other test builds: this process has not compiled it
    H = hamiltonian(complete(3), flux=chi)
    vals = np.random.default_rng(11).uniform(-1.0, 1.0, (5, 6000))
    vals[3] = np.abs(vals[3]) + 0.01
    f = to_numpy(H)
    first = f(*vals)  # numba not ready: the numpy kernel answers, then numba builds in the background
    np.testing.assert_array_equal(first, to_numpy(H, jit=False)(*vals))
    _jitcache.wait_all()
    second = f(*vals)  # the compiled kernel
    np.testing.assert_array_equal(second, to_numpy(H, jit=True)(*vals))
    mats = to_numpy(H.matrix, params=H.symbols)(*vals)
    reference = np.linalg.eigvalsh(mats)
    np.testing.assert_allclose(first, reference, rtol=0, atol=4e-15)
    np.testing.assert_allclose(second, reference, rtol=0, atol=4e-15)


def test_cache_directory_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MULTIWELL_CACHE_DIR", str(tmp_path / "a"))
    assert _jitcache.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("MULTIWELL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _jitcache.cache_dir() == tmp_path / "xdg" / "multiwell"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert _jitcache.cache_dir() == Path.home() / ".cache" / "multiwell"
    assert _kernels.numba_available()


def test_field_kernel_in_the_background_answers_with_numpy_and_agrees(monkeypatch, tmp_path):
    from multiwell import Q_
    from multiwell.tunneling import _field_kernels
    from multiwell.tunneling.field import field_observables

    def fresh_process():
        monkeypatch.setattr(_field_kernels, "_COMPILED", {})
        monkeypatch.setattr(_jitcache, "_BUILDS", {})

    monkeypatch.delenv(_jitcache.ENV_SYNC, raising=False)
    monkeypatch.setenv("MULTIWELL_CACHE_DIR", str(tmp_path))  # an empty cache: the kernel compiles
    fresh_process()
    T, B = Q_([0.05, 0.3, 1.0], "K"), Q_([0.0, 2.0], "T")
    first = field_observables(T, B, n=4096, seed=3, backend="numba")  # numpy answers, numba builds meanwhile
    _jitcache.wait_all()
    compiled = field_observables(T, B, n=4096, seed=3, backend="numba")  # the fused kernel
    fresh_process()  # a warm cache: loaded before the first call answers
    loaded = field_observables(T, B, n=4096, seed=3, backend="numba")
    reference = field_observables(T, B, n=4096, seed=3, backend="numpy")
    for name in ("heat_capacity", "dielectric"):
        x, y, w, z = (getattr(o, name).magnitude for o in (first, compiled, loaded, reference))
        np.testing.assert_allclose(x, z, rtol=1e-12, atol=0)  # the numpy route (summation order)
        np.testing.assert_allclose(y, z, rtol=1e-11, atol=1e-13 * np.abs(z).max())  # vs eigh
        # the same kernel, from disk (bit-equal when run alone; after other field tests in the same process the
        # parallel reduction may be split differently: a few ulp of the sums, far below the statistical error)
        np.testing.assert_allclose(w, y, rtol=1e-11, atol=0)


def test_first_calls_from_several_threads_start_one_build_and_agree(monkeypatch, numba_route):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.delenv(_jitcache.ENV_SYNC, raising=False)
    H = hamiltonian(complete(3), flux=sp.Symbol("chi_threads", real=True))  # a kernel nothing else builds
    vals = np.random.default_rng(12).uniform(0.05, 1.0, (5, 5000))
    f = to_numpy(H)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: f(*vals), range(8)))
    builds = [k for k in _jitcache._BUILDS if k[0] == "hermitian3" and "chi_threads" in k[1]]
    assert len(builds) == 1  # one compile, however many callers raced for it
    _jitcache.wait_all()
    answers.append(f(*vals))
    reference = np.linalg.eigvalsh(to_numpy(H.matrix, params=H.symbols)(*vals))
    for E in answers:
        np.testing.assert_allclose(E, reference, rtol=0, atol=4e-15)


def test_a_process_ending_during_a_background_compile_does_not_wait_for_it(monkeypatch, numba_route):
    import threading

    monkeypatch.delenv(_jitcache.ENV_SYNC, raising=False)
    H = hamiltonian(complete(3), flux=sp.Symbol("chi_daemon", real=True))  # a kernel nothing else builds
    vals = np.random.default_rng(13).uniform(0.05, 1.0, (5, 5000))
    to_numpy(H)(*vals)  # answered by numpy; the compile starts
    builders = [t for t in threading.enumerate() if t.name == "multiwell-jit"]
    assert builders and all(t.daemon for t in builders)  # the interpreter does not join it at exit
    _jitcache.wait_all()
