"""The 3-level eigenvalue kernel as a C library loaded with ctypes (multiwell.numeric._ctypes_kernel; issue 26).

Physics checked on the way: whichever way the library is obtained (built on this thread, built by a detached
helper of an earlier process, rebuilt after a corrupt or foreign file), its eigenvalues are those of the numba
kernel to ~1e-16 of max |H_ij| (the same operations in the same order, libm's functions in both) and those of
``eigvalsh`` to a few ulp of ||H||, degenerate and nearly degenerate spectra included (the deflation branch).
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

pytest.importorskip("numba")

from multiwell import complete, hamiltonian
from multiwell.hamiltonian import Hamiltonian
from multiwell.numeric import _ctypes_kernel, _jitcache, _kernels, to_numpy
from multiwell.numeric._invariants import _split_entries3
from multiwell.numeric._lambdify import _lambdify

ROOT = Path(__file__).resolve().parents[2]
E1, E2, E3, phi = sp.symbols("E_1 E_2 E_3 phi", real=True)
D0 = sp.Symbol("D_0", positive=True)

pytestmark = pytest.mark.skipif(_ctypes_kernel._find_compiler(None) is None, reason="no C compiler found")


def _powers() -> Hamiltonian:
    """A 3x3 Hermitian matrix whose entries use powers, roots, exponentials and a rational (the translation)."""
    d = D0 * sp.exp(sp.I * phi / 3)
    f = sp.sqrt(D0) * E2 * sp.exp(-sp.I * phi)
    e = D0**2 / (1 + E1**2)
    M = sp.Matrix([[E1**2, d, f], [sp.conjugate(d), E2**3 - sp.Rational(1, 7), e],
                   [sp.conjugate(f), e, sp.exp(-E1) * sp.pi]])
    return Hamiltonian.from_matrix(M, energies=[E1, E2], hoppings=[D0], fluxes=[phi])


HAMILTONIANS = {
    "complete(3) with flux": lambda: hamiltonian(complete(3), flux=phi),
    "traceless": lambda: hamiltonian(complete(3), flux=phi, traceless=True),
    "powers": _powers,
}


def _plan(H: Hamiltonian) -> tuple[str, int, list[sp.Symbol]]:
    """The split entries' generated text, as ``to_numpy`` hands it to the kernels, and the parameters."""
    ps = list(to_numpy(H).params)
    return _lambdify(ps, _split_entries3(H.matrix), "numpy")[1], len(ps), ps


def _values(ps: list[sp.Symbol], n: int, seed: int) -> np.ndarray:
    """Random parameters, then exactly and nearly degenerate spectra (equal energies at flux 0, 2pi/100)."""
    rng = np.random.default_rng(seed)
    vals = rng.uniform(-1.0, 1.0, (len(ps), n))
    for k, s in enumerate(ps):
        if s.is_positive:
            vals[k] = np.abs(vals[k]) + 0.01
        if s.name.startswith("E_"):
            vals[k, : n // 4] = 0.3  # equal energies
        if s == phi:
            vals[k, : n // 8] = 0.0
            vals[k, n // 8: n // 4] = 1e-9 * vals[k, n // 8: n // 4]
    return vals


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty kernel cache, builds on the calling thread, the compiler found by default, a fresh process state."""
    monkeypatch.setenv("MULTIWELL_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv(_jitcache.ENV_SYNC, "1")
    monkeypatch.delenv(_ctypes_kernel.ENV_CC, raising=False)
    monkeypatch.setattr(_ctypes_kernel, "_STATE", {})
    return tmp_path


def _assert_within(got, want, scale, tol):
    """|got - want| <= tol * scale per sample (scale = max |H_ij| of each sample)."""
    err = float(np.max(np.abs(got - want) / scale))
    assert err <= tol, f"error {err:.3g} of max |H_ij| exceeds {tol:.1g}"


def _reference(H: Hamiltonian, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mats = to_numpy(H.matrix, params=to_numpy(H).params)(*vals)
    return np.linalg.eigvalsh(mats), np.max(np.abs(mats), axis=(-2, -1))[:, None]


@pytest.mark.parametrize("name", list(HAMILTONIANS))
def test_c_kernel_equals_the_numba_kernel_and_eigvalsh(cache, name):
    H = HAMILTONIANS[name]()
    source, n_params, ps = _plan(H)
    kernel = _ctypes_kernel.kernel(source, n_params, build=True)
    assert isinstance(kernel, _ctypes_kernel.CKernel)
    vals = _values(ps, 3 * _kernels.CHUNK + 17, seed=len(name))  # several chunks, a ragged end, two threads
    flat = _kernels.numba_inputs(list(vals), (vals.shape[1],))
    got = kernel(*flat, np.empty((vals.shape[1], 3)))
    numba_result = to_numpy(H, jit=True)(*vals)  # jit=True: the numba kernel, never the C library
    reference, scale = _reference(H, vals)
    assert np.all(np.isfinite(got))
    _assert_within(got, numba_result, scale, 1e-15)
    _assert_within(got, reference, scale, 4e-15)
    assert np.all(np.diff(got, axis=1) >= 0.0)
    # and to_numpy's default answers with it: no numba import needed
    assert to_numpy(H)(*vals).tolist() == got.tolist()


SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np, sympy as sp
    from multiwell import complete, hamiltonian
    from multiwell.numeric import to_numpy, _ctypes_kernel
    H = hamiltonian(complete(3), flux=sp.Symbol("phi", real=True))
    vals = np.random.default_rng(5).uniform(0.1, 1.0, (5, 5000))
    E = to_numpy(H)(*vals)
    mats = to_numpy(H.matrix, params=H.symbols)(*vals)
    print(json.dumps({"numba": "numba" in sys.modules,
                      "c": [type(s).__name__ for s in _ctypes_kernel._STATE.values()],
                      "err": float(np.max(np.abs(E - np.linalg.eigvalsh(mats)))), "E": E[:50].tolist()}))
""")


def _process(cache: Path, **env) -> dict:
    environ = {**os.environ, "MULTIWELL_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), **env}
    environ.pop(_jitcache.ENV_SYNC, None)
    environ.pop(_ctypes_kernel.ENV_CC, None)
    res = subprocess.run([sys.executable, "-W", "error", "-c", SCRIPT], env=environ, capture_output=True, text=True,
                         check=False, timeout=600)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    return json.loads(res.stdout)


def test_cold_process_builds_in_the_background_and_a_warm_one_loads_without_numba(tmp_path):
    cold = _process(tmp_path)  # numpy answers; a detached helper compiles; the process ends without waiting
    assert cold["c"] == ["tuple"] and cold["err"] < 4e-15
    deadline = time.monotonic() + 300
    while not list((tmp_path / "c").glob("*.so")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.2)
    assert len(list((tmp_path / "c").glob("*.so"))) == 1
    assert not list((tmp_path / "c").glob("*.tmp*"))  # only complete files, renamed into place
    warm = _process(tmp_path)
    assert warm["c"] == ["CKernel"] and not warm["numba"]  # loaded with ctypes: numba never imported
    assert warm["err"] < 4e-15
    np.testing.assert_allclose(warm["E"], cold["E"], rtol=0, atol=4e-15)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_library_is_rebuilt_never_used(cache, damage):
    H = HAMILTONIANS["complete(3) with flux"]()
    source, n_params, ps = _plan(H)
    entry = _ctypes_kernel._entry(source, n_params, _ctypes_kernel.compiler(), str(cache))
    _ctypes_kernel._build_sync(entry)  # built, not loaded in this process
    whole = entry.lib.read_bytes()
    entry.lib.write_bytes({"garbage": b"\x7fELF garbage", "truncated": whole[: len(whole) // 2], "empty": b""}[damage])
    kernel = _ctypes_kernel.kernel(source, n_params, build=True)
    assert isinstance(kernel, _ctypes_kernel.CKernel)  # rebuilt on this thread, then loaded
    assert entry.lib.read_bytes() != b"" and entry.key.encode() in entry.lib.read_bytes()
    vals = _values(ps, 5000, seed=3)
    reference, scale = _reference(H, vals)
    got = kernel(*_kernels.numba_inputs(list(vals), (5000,)), np.empty((5000, 3)))
    _assert_within(got, reference, scale, 4e-15)


def _kernel_and_foreign_library(cache):
    """The flux triangle's cache entry and the built library of another kernel (``powers``), to put in its place."""
    H = HAMILTONIANS["complete(3) with flux"]()
    source, n_params, ps = _plan(H)
    other_source, other_n, _ = _plan(HAMILTONIANS["powers"]())
    cc = _ctypes_kernel.compiler()
    entry = _ctypes_kernel._entry(source, n_params, cc, str(cache))
    other = _ctypes_kernel._entry(other_source, other_n, cc, str(cache))
    assert entry.key != other.key  # two different Hamiltonians: different C sources, different keys
    _ctypes_kernel._build_sync(other)
    return H, source, n_params, ps, entry, other


def test_a_foreign_library_is_refused_and_replaced(cache):
    H, source, n_params, ps, entry, other = _kernel_and_foreign_library(cache)
    shutil.copyfile(other.lib, entry.lib)  # a valid library of another kernel at this kernel's path
    kernel = _ctypes_kernel.kernel(source, n_params, build=True)  # refused unloaded (hash), rebuilt, loaded
    assert isinstance(kernel, _ctypes_kernel.CKernel) and entry.key.encode() in entry.lib.read_bytes()
    vals = _values(ps, 5000, seed=4)
    reference, scale = _reference(H, vals)
    _assert_within(kernel(*_kernels.numba_inputs(list(vals), (5000,)), np.empty((5000, 3))), reference, scale, 4e-15)


def test_a_foreign_library_with_its_own_hash_is_refused_by_its_key(cache, monkeypatch):
    H, source, n_params, ps, entry, other = _kernel_and_foreign_library(cache)
    _ctypes_kernel._prepare(entry)
    shutil.copyfile(other.lib, entry.lib)  # the other kernel's library and hash: loads, then its key is wrong
    shutil.copyfile(other.digest, entry.digest)
    assert _ctypes_kernel.kernel(source, n_params, build=True) is False  # refused in this process: numba answers
    vals = _values(ps, 5000, seed=6)
    reference, scale = _reference(H, vals)
    _assert_within(to_numpy(H)(*vals), reference, scale, 4e-15)
    _ctypes_kernel.wait_builds()
    assert entry.key.encode() in entry.lib.read_bytes()  # replaced for the next process


def test_a_compiler_that_fails_leaves_a_note_and_numba_answers(cache, monkeypatch, tmp_path):
    failing = tmp_path / "failing-cc"  # a compiler that always fails
    failing.write_text("#!/bin/sh\necho 'error: refused' >&2\nexit 1\n")
    failing.chmod(0o755)
    monkeypatch.setenv(_ctypes_kernel.ENV_CC, str(failing))
    H = HAMILTONIANS["complete(3) with flux"]()
    source, n_params, ps = _plan(H)
    assert _ctypes_kernel.kernel(source, n_params, build=True) is False
    assert list((cache / "c").glob("*.err")) and not list((cache / "c").glob("*.so"))
    monkeypatch.setattr(_ctypes_kernel, "_STATE", {})  # a new process: the note says not to try again
    assert _ctypes_kernel.kernel(source, n_params, build=True) is False
    vals = _values(ps, 5000, seed=5)
    assert to_numpy(H)(*vals).tolist() == to_numpy(H, jit=True)(*vals).tolist()  # the numba kernel


def test_no_compiler_means_numba(cache, monkeypatch):
    monkeypatch.setenv(_ctypes_kernel.ENV_CC, "none")
    assert _ctypes_kernel.compiler() is None
    source, n_params, _ = _plan(HAMILTONIANS["complete(3) with flux"]())
    assert _ctypes_kernel.kernel(source, n_params, build=True) is False
    assert not (cache / "c").exists()


def test_the_translation_refuses_what_it_does_not_know_and_copies_no_name():
    ok = "def _lambdifygenerated(printf, main):\n    x0 = printf**2\n    return [x0, main, 1, 0, 0, x0, 0, 0, 0]\n"
    text = _ctypes_kernel.c_source(ok, 2)
    assert text is not None and "printf" not in text and "main" not in text
    for bad in ("def _lambdifygenerated(a):\n    return [numpy.select([a > 0], [a]), a, a, a, a, a, a, a, a]\n",
                "def _lambdifygenerated(a):\n    return [a, a, a]\n",
                "def _lambdifygenerated(a):\n    return [1j * a, a, a, a, a, a, a, a, a]\n",
                "def _lambdifygenerated(a):\n    return [os.system('x'), a, a, a, a, a, a, a, a]\n",
                "def _lambdifygenerated(a):\n    return [a // 2, a, a, a, a, a, a, a, a]\n"):
        assert _ctypes_kernel.c_source(bad, 1) is None


def test_a_library_that_disagrees_with_the_numpy_kernel_is_never_used(cache, monkeypatch):
    from multiwell.numeric import _hermitian3

    H = HAMILTONIANS["complete(3) with flux"]()
    source, n_params, ps = _plan(H)
    right = _hermitian3.hermitian3_eigenvalues
    # the probe's reference shifted by 1e-9 of the scale: as if the translation had a bug
    monkeypatch.setattr(_hermitian3, "hermitian3_eigenvalues", lambda *a: right(*a) * (1.0 + 1e-9))
    assert _ctypes_kernel.kernel(source, n_params, build=True) is False
    assert list((cache / "c").glob("*.err")) and not list((cache / "c").glob("*.so"))  # noted: not rebuilt
    monkeypatch.setattr(_hermitian3, "hermitian3_eigenvalues", right)
    vals = _values(ps, 5000, seed=7)
    assert to_numpy(H)(*vals).tolist() == to_numpy(H, jit=True)(*vals).tolist()  # numba answers
