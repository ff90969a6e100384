"""Unit tests of multiwell.numeric: broadcasting, complex values, precision, exported code, errors.

Expected values come from independent routes: numpy's own functions on hand-built arrays,
mpmath eigensolvers at 50 digits, textbook spectra, and sympy's exact arithmetic.
"""

from __future__ import annotations

import ctypes
import json
import random
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp

from multiwell import Q_, complete, double_well, hamiltonian, ring, square
from multiwell.errors import ParameterError, UnitError
from multiwell.numeric import (
    RTOL_FLOAT64,
    spectral_gap,
    to_c,
    to_mpmath,
    to_numpy,
    to_source,
    with_units,
)
from multiwell.units import kelvin_to_energy

x, y = sp.symbols("x y", real=True)
phi = sp.Symbol("phi", real=True)
H3 = hamiltonian(complete(3), flux=phi)
E1, E2, E3 = sp.symbols("E_1 E_2 E_3", real=True)
D0 = sp.Symbol("D_0", positive=True)


def mp_matrix_3well(E, D, ph):
    """The paper's Eq. 7 matrix built directly in mpmath (independent of SymPy)."""
    w = D * mpmath.expj(mpmath.mpf(ph) / 3)
    wc = mpmath.conj(w)
    return mpmath.matrix([[E[0], w, wc], [wc, E[1], w], [w, wc, E[2]]])


def mp_eigs(A):
    with mpmath.workdps(50):
        return sorted(mpmath.eighe(A, eigvals_only=True))


# -- broadcasting and complex values --------------------------------------------------------------------
def test_constant_entries_broadcast_to_common_shape():
    f = to_numpy(sp.Matrix([[x, 1], [2, y]]), params=(x, y))
    out = f(np.arange(3.0)[:, None], np.array([10.0, 20.0]))
    assert out.shape == (3, 2, 2, 2)
    np.testing.assert_array_equal(out[..., 0, 1], np.ones((3, 2)))
    np.testing.assert_array_equal(out[..., 1, 0], np.full((3, 2), 2.0))
    np.testing.assert_array_equal(out[2, 1], [[2.0, 1.0], [2.0, 20.0]])


def test_constant_expression_and_list_broadcast():
    f = to_numpy([sp.Integer(3), x**2], params=(x,))
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [[3.0, 1.0], [3.0, 4.0]])
    assert f(2.0).shape == (2,)


def test_keywords_are_symbol_names_and_order_is_explicit():
    f = to_numpy(x - 2 * y, params=(y, x))
    assert f.names == ("y", "x")
    assert f(1.0, 5.0) == 3.0
    assert f(x=5.0, y=1.0) == 3.0
    assert f(1.0, x=5.0) == 3.0


def test_complex_entries_match_numpy_exponentials():
    f = to_numpy(H3.matrix, params=H3.symbols)
    ph = np.linspace(-3, 3, 7)
    M = f(0.1, 0.2, 0.3, 2.0, ph)
    assert M.dtype == complex and M.shape == (7, 3, 3)
    np.testing.assert_allclose(M[:, 0, 1], 2.0 * np.exp(1j * ph / 3), rtol=1e-15)  # one exp, one multiply
    np.testing.assert_allclose(M, np.conj(np.swapaxes(M, -1, -2)), rtol=0, atol=0)


def test_large_batches_are_chunked_and_agree():
    f = to_numpy(sp.sin(x) * y + 1, params=(x, y))
    xs = np.linspace(0, 1, 100_003)
    np.testing.assert_allclose(f(xs, 2.0), 2.0 * np.sin(xs) + 1, rtol=1e-15)  # same operations


# -- huge expressions --------------------------------------------------------------------------------------
def test_six_by_six_charpoly_coefficient():
    a = sp.symbols("a0:36", real=True)
    lam = sp.Symbol("lam")
    coeff = sp.expand(sp.Matrix(6, 6, a).charpoly(lam).all_coeffs()[6])  # det, 720 terms
    f = to_numpy(coeff, params=a)
    vals = np.random.default_rng(3).normal(size=(4, 36))
    expected = np.linalg.det(vals.reshape(4, 6, 6))  # charpoly constant term of a 6x6 = det
    np.testing.assert_allclose(f(*vals.T), expected, rtol=1e-10)  # LU vs 720-term sum: 1e-13 typical


@pytest.mark.slow
def test_ten_thousand_term_sum_does_not_hit_the_recursion_limit():
    xs = sp.symbols("x0:40", real=True)
    rnd = random.Random(1)
    terms = [rnd.randint(1, 9) * xs[rnd.randrange(40)] * xs[rnd.randrange(40)] * xs[rnd.randrange(40)]
             for _ in range(30000)]
    big = sp.Add(*terms)
    assert len(big.args) > 5000  # plain lambdify's source fails to compile here
    f = to_numpy(big, params=xs)
    point = [sp.Rational(k + 1, 7) for k in range(40)]
    exact = big.xreplace(dict(zip(xs, point, strict=True)))
    assert f(*[float(p) for p in point]) == pytest.approx(float(exact), rel=1e-12)


# -- mpmath: exact rationals -----------------------------------------------------------------------------
def test_mpmath_keeps_rationals_exact_at_any_precision():
    f = to_mpmath(x / 3 + sp.Rational(1, 7) * sp.pi, params=(x,), dps=80)
    with mpmath.workdps(80):
        expected = mpmath.mpf(1) / 3 + mpmath.pi / 7
        assert abs(f(1) - expected) < mpmath.mpf(10) ** -78
    g = to_mpmath(sp.Rational(1, 3) * x, params=(x,), dps=30)
    with mpmath.workdps(30):
        assert abs(g("3") - 1) < mpmath.mpf(10) ** -29


def test_mpmath_arrays_are_object_arrays_of_the_right_shape():
    f = to_mpmath(sp.Matrix([[x, 1], [1, -x]]), params=(x,), dps=20)
    out = f(np.array([0.5, 1.5]))
    assert out.shape == (2, 2, 2) and out.dtype == object
    assert out[1, 1, 1] == mpmath.mpf(-1.5)


# -- spectra -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("H", "method"),
    [
        (hamiltonian(double_well()), "quadratic"),
        (H3, "viete"),
        (hamiltonian(square()), "eigvalsh"),
        (hamiltonian(ring(4), energies=[E1] * 4), "bloch"),
    ],
    ids=["2-level", "3-level", "square", "uniform-ring"],
)
def test_spectrum_method_is_automatic_and_inspectable(H, method):
    f = to_numpy(H)
    assert f.method == method
    vals = np.random.default_rng(5).uniform(0.2, 1.0, (len(H.symbols), 6))
    got = f(*vals)
    ref = np.array([mp_eigs(mpmath.matrix(np.asarray(H.numeric(dict(zip(H.symbols, v, strict=True)))).tolist()))
                    for v in vals.T], dtype=float)
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-13)  # a few ulp of a spectral radius ~ 3


def test_three_well_textbook_limits():
    f = to_numpy(H3)
    np.testing.assert_allclose(f(0, 0, 0, 1.0, 0.0), [-1, -1, 2], atol=1e-15)  # J - 1: 2, -1, -1
    ph = 0.7  # equal energies: Bloch band 2 D_0 cos((phi + 2 pi k)/3)
    band = np.sort(2 * np.cos((ph + 2 * np.pi * np.arange(3)) / 3))
    np.testing.assert_allclose(f(0.3, 0.3, 0.3, 1.0, ph), 0.3 + band, atol=1e-15)


def test_triple_degeneracy_gives_no_nan():
    f = to_numpy(H3)
    out = f(0.5, 0.5, 0.5, 1e-300, 0.0)
    np.testing.assert_array_equal(out, [0.5, 0.5, 0.5])
    gap = spectral_gap(H3)
    assert gap(0.5, 0.5, 0.5, 1e-300, 0.0) == 0.0


def test_closed_form_agrees_with_eigvalsh_method():
    vals = np.random.default_rng(11).uniform(-1, 1, (5, 1000))
    vals[3] = np.abs(vals[3]) + 0.01
    a = to_numpy(H3)(*vals)
    b = to_numpy(H3, method="eigvalsh")(*vals)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)  # both backward stable: eps * ||H||


# -- the near-degenerate gap -------------------------------------------------------------------------------------
@pytest.mark.parametrize("ph", [0.0, 1e-9, -3e-9], ids=["no-flux", "flux-1e-9", "flux-minus-3e-9"])
def test_gap_at_D_over_D0_1e_minus_8_has_12_digits(ph):
    """Gap of the near-degenerate 3-well, D = sqrt(sum E_i^2) = 1e-8 D_0, against mpmath at 50 digits."""
    gap = spectral_gap(H3)
    rng = np.random.default_rng(2)
    worst_ours, worst_eig = 20.0, 20.0
    for a in rng.uniform(0, 2 * np.pi, 30):
        E = 1e-8 * np.sqrt(2 / 3) * np.cos(a + 2 * np.pi * np.arange(3) / 3)  # sum 0, norm 1e-8
        ev = mp_eigs(mp_matrix_3well([mpmath.mpf(e) for e in E], 1, ph))
        exact = ev[1] - ev[0]
        ours = gap(*E, 1.0, ph)
        num = np.linalg.eigvalsh(np.array(mp_matrix_3well(E, 1.0, ph).tolist(), dtype=complex))
        worst_ours = min(worst_ours, -float(mpmath.log10(abs(ours / exact - 1) + 1e-18)))
        worst_eig = min(worst_eig, -float(mpmath.log10(abs((num[1] - num[0]) / exact - 1) + 1e-18)))
    assert worst_ours >= 12
    assert worst_eig < 10  # float64 eigvalsh loses log10(D_0/D) digits: why the stable form exists


def test_upper_pair_gap_near_flux_pi():
    """At phi = pi the *upper* pair of the E_i = 0 triangle is degenerate: 2 cos(pi/3) = 2 cos(5 pi/3)."""
    gap = spectral_gap(H3, levels=(1, 2))
    E = [1e-9, -2e-9, 1e-9]
    ph = np.pi - 1e-7
    ev = mp_eigs(mp_matrix_3well([mpmath.mpf(e) for e in E], 1, ph))
    assert gap(*E, 1.0, ph) == pytest.approx(float(ev[2] - ev[1]), rel=1e-9)  # phi itself carries eps*pi


def test_gap_mpmath_backend_and_two_level_form():
    H2 = hamiltonian(double_well())
    g = spectral_gap(H2)
    assert g.method == "quadratic"
    assert g(1e-9, -1e-9, 3e-10) == pytest.approx(2 * np.hypot(1e-9, 3e-10), rel=RTOL_FLOAT64)
    gm = spectral_gap(H3, backend="mpmath", dps=40)
    E = ["1e-20", "-3e-20", "2e-20"]
    with mpmath.workdps(60):
        ev = sorted(mpmath.eighe(mp_matrix_3well([mpmath.mpf(e) for e in E], 1, 0), eigvals_only=True))
        assert abs(gm(*E, 1, 0) / (ev[1] - ev[0]) - 1) < mpmath.mpf(10) ** -35


def test_gap_for_more_levels_uses_eigvalsh_and_says_so():
    H = hamiltonian(square())
    g = spectral_gap(H, levels=(0, 3))
    assert g.method == "eigvalsh" and "eigvalsh" in g.precision
    vals = [0.1, -0.2, 0.3, 0.05, 1.0, 0.3]
    ev = np.linalg.eigvalsh(H.numeric(dict(zip(H.symbols, vals, strict=True))))
    assert g(*vals) == pytest.approx(ev[3] - ev[0], rel=1e-13)


# -- exported code ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "obj", [H3, sp.Matrix([[x, sp.exp(sp.I * y)], [2, x * y]]), hamiltonian(square())],
    ids=["viete-hamiltonian", "complex-matrix", "eigvalsh-hamiltonian"],
)
def test_to_source_runs_in_a_fresh_interpreter(obj, tmp_path):
    params = obj.symbols if hasattr(obj, "symbols") else (x, y)
    text = to_source(obj, params=params, name="model", equation="Eq. 7")
    assert "Eq. 7" in text and "multiwell" not in text.split('"""', 2)[2]
    (tmp_path / "generated_model.py").write_text(text)
    vals = np.random.default_rng(1).uniform(0.1, 1.0, (len(params), 4))
    script = (
        # -I: no user site, no PYTHONPATH, no cwd; multiwell is blocked outright, the temp dir added
        "import sys\n"
        "sys.modules['multiwell'] = None\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "import json, numpy, generated_model\n"
        f"v = numpy.array({vals.tolist()!r})\n"
        "out = numpy.asarray(generated_model.model(*v))\n"
        "print(json.dumps([out.real.tolist(), out.imag.tolist()]))\n"
    )
    run = subprocess.run([sys.executable, "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": "", "PATH": ""})
    re_, im_ = json.loads(run.stdout)
    expected = to_numpy(obj, params=params)(*vals)
    np.testing.assert_allclose(np.array(re_) + 1j * np.array(im_), expected, rtol=1e-14, atol=1e-15)


def test_c_source_compiles_and_agrees_for_the_viete_spectrum(compile_c):
    lib = compile_c(to_c(H3, name="spectrum3"))
    out = (ctypes.c_double * 3)()
    f = to_numpy(H3)
    for vals in np.random.default_rng(4).uniform(0.1, 1.0, (10, 5)):
        lib.spectrum3(*[ctypes.c_double(v) for v in vals], out)
        np.testing.assert_allclose(list(out), f(*vals), rtol=0, atol=1e-14)  # same formula, other compiler


def test_c_source_splits_complex_entries(compile_c):
    source = to_c(H3.matrix, params=H3.symbols, name="matrix3")
    assert "#define MATRIX3_COMPLEX 1" in source
    lib = compile_c(source)
    out = (ctypes.c_double * 18)()
    vals = [0.1, -0.4, 0.3, 1.5, 0.9]
    lib.matrix3(*[ctypes.c_double(v) for v in vals], out)
    got = np.array(out).reshape(3, 3, 2)
    np.testing.assert_allclose(got[..., 0] + 1j * got[..., 1], H3.numeric(dict(zip(H3.symbols, vals, strict=True))),
                               rtol=1e-15, atol=1e-16)


# -- units at the edge -------------------------------------------------------------------------------------------
def test_with_units_converts_once_at_the_edge():
    H2 = hamiltonian(double_well())
    spec = to_numpy(H2).with_units({"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    E = kelvin_to_energy(Q_(0.5, "K"))  # 0.5 K as an energy in joules
    got = spec(E.to("ueV"), Q_(-500, "mK"), Q_([0.0, 1.0], "K"))
    assert got.units == Q_(1, "K").units
    expected = np.stack([-np.hypot(0.5, [0.0, 1.0]), np.hypot(0.5, [0.0, 1.0])], axis=-1)
    np.testing.assert_allclose(got.m_as("K"), expected, rtol=1e-12)  # CODATA k_B round trip


# -- the jit path (optional extra) -----------------------------------------------------------------------------
def test_jit_path_agrees_or_says_numba_is_missing():
    from multiwell.numeric import _kernels

    vals = np.random.default_rng(9).uniform(0.1, 1.0, (5, 2000))
    if not _kernels.numba_available():
        with pytest.raises(ParameterError, match="jit: numba is not installed"):
            to_numpy(H3, jit=True)
        return
    f = to_numpy(H3, jit=True)
    assert f.backend == "numba"
    np.testing.assert_allclose(f(*vals), to_numpy(H3)(*vals), rtol=0, atol=1e-14)


# -- bad input, each error naming the parameter --------------------------------------------------------------
F2 = to_numpy(x * y, params=(x, y))
UNITS = with_units(to_numpy(hamiltonian(double_well())), units={"E_L": "K", "E_R": "K", "Delta_0": "K"},
                   output="K")

BAD = [
    ("missing-value", lambda: F2(1.0), ParameterError, r"^y: missing value"),
    ("extra-keyword", lambda: F2(1.0, 2.0, z=3.0), ParameterError, r"^z: unknown parameter"),
    ("too-many-positional", lambda: F2(1.0, 2.0, 3.0), ParameterError, r"^args: expected at most 2"),
    ("twice", lambda: F2(1.0, 2.0, x=1.0), ParameterError, r"^x: given both"),
    ("shapes", lambda: F2(np.ones(3), np.ones(4)), ParameterError, r"^x, y: shapes do not broadcast"),
    ("quantity-to-unitless", lambda: F2(Q_(1, "K"), 1.0), UnitError, r"^x: got a pint Quantity"),
    ("params-unknown-symbol", lambda: to_numpy(x, params=(x, y)), ParameterError, r"^params: unknown symbols y"),
    ("params-missing-symbol", lambda: to_numpy(x * y, params=(x,)), ParameterError, r"^params: missing symbols y"),
    ("params-not-symbol", lambda: to_numpy(x, params=("x",)), ParameterError, r"^params\[0\]: expected a sympy"),
    ("params-duplicate", lambda: to_numpy(x, params=(x, x)), ParameterError, r"^params: x given twice"),
    ("wrong-units", lambda: UNITS(Q_(1, "m"), Q_(1, "K"), Q_(1, "K")), UnitError,
     r"^E_L: expected a pint Quantity of energy"),
    ("bare-float", lambda: UNITS(Q_(1, "K"), 1.0, Q_(1, "K")), UnitError, r"^E_R: expected a pint Quantity"),
    ("units-missing", lambda: with_units(F2, units={"x": "K"}, output=None), ParameterError,
     r"^units: missing units for y"),
    ("units-unknown-name", lambda: with_units(F2, units={"x": "K", "y": "K", "z": "K"}, output=None),
     ParameterError, r"^units: unknown parameters z"),
    ("levels", lambda: spectral_gap(H3, levels=(1, 1)), ParameterError, r"^levels: expected 0 <= i < j < 3"),
    ("levels-range", lambda: spectral_gap(H3, levels=(0, 3)), ParameterError, r"^levels:"),
    ("backend", lambda: spectral_gap(H3, backend="cuda"), ParameterError, r"^backend:"),
    ("dps", lambda: to_mpmath(x, params=(x,), dps=0), ParameterError, r"^dps:"),
    ("method", lambda: to_numpy(H3, method="jacobi"), ParameterError, r"^method: expected one of"),
    ("method-size", lambda: to_numpy(H3, method="quadratic"), ParameterError, r"^method: 'quadratic' needs"),
    ("obj", lambda: to_numpy(object()), ParameterError, r"^obj: expected a sympy expression"),
    ("not-a-number", lambda: F2("a", 1.0), ParameterError, r"^x: expected a number"),
    ("c-name", lambda: to_c(x, params=(x,), name="1f"), ParameterError, r"^name: expected an identifier"),
]


@pytest.mark.parametrize(("call", "error", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_raises_named_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
