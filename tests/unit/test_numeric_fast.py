"""Issue 16: the default fast kernel, accuracy at every scale, Jacobians, signatures, JAX, C for any N.

Expected values come from independent routes: mpmath's ``eighe`` at 40 digits on matrices
built directly in mpmath, ``mpmath.diff`` of the 40-digit spectrum for derivatives, and
numpy's own ``eigvalsh``.
"""

from __future__ import annotations

import ctypes
import inspect

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import complete, hamiltonian, ring
from multiwell.errors import ParameterError
from multiwell.numeric import _kernels, spectral_gap, to_c, to_mpmath, to_numpy

phi = sp.Symbol("phi", real=True)
H3 = hamiltonian(complete(3), flux=phi)
R5 = hamiltonian(ring(5), flux=phi)
NUMBA = _kernels.numba_available()

# a general Hermitian 3x3 matrix: 3 real diagonal entries, 3 complex off-diagonal ones
a, b, c = sp.symbols("a b c", real=True)
dr, di, er, ei, fr, fi = sp.symbols("d_r d_i e_r e_i f_r f_i", real=True)
G3 = sp.Matrix([[a, dr + sp.I * di, fr + sp.I * fi],
                [dr - sp.I * di, b, er + sp.I * ei],
                [fr - sp.I * fi, er - sp.I * ei, c]])
G3_PARAMS = (a, b, c, dr, di, er, ei, fr, fi)
G3_NUMPY = to_numpy(G3, params=G3_PARAMS, method="viete", jit=False)
G3_NUMBA = to_numpy(G3, params=G3_PARAMS, method="viete", jit=True) if NUMBA else None


def mp_reference(entries: np.ndarray) -> np.ndarray:
    """Ascending eigenvalues of the general matrix at 40 digits (the float inputs taken exactly)."""
    a_, b_, c_, dr_, di_, er_, ei_, fr_, fi_ = (mpmath.mpf(float(v)) for v in entries)
    with mpmath.workdps(40):
        d, e, f = mpmath.mpc(dr_, di_), mpmath.mpc(er_, ei_), mpmath.mpc(fr_, fi_)
        A = mpmath.matrix([[a_, d, f], [mpmath.conj(d), b_, e], [mpmath.conj(f), mpmath.conj(e), c_]])
        return np.array([float(x) for x in sorted(mpmath.eighe(A, eigvals_only=True))])


# -- the fast path is the default and says so -------------------------------------------------------------
def test_default_spectrum_kernel_is_numba_when_installed_and_says_so():
    f = to_numpy(H3)
    assert f.backend == ("numba" if NUMBA else "numpy")
    assert f"backend='{f.backend}'" in repr(f) and f.backend in f.__doc__ and "Precision" in f.__doc__
    vals = np.random.default_rng(3).uniform(0.1, 1.0, (5, 5000))  # above the numba threshold
    mats = to_numpy(H3.matrix, params=H3.symbols)(*vals)
    np.testing.assert_allclose(f(*vals), np.linalg.eigvalsh(mats), rtol=0, atol=4e-15)  # both a few eps ||H|| (~3)


def test_signature_lists_the_parameter_names():
    f = to_numpy(H3)
    assert list(inspect.signature(f).parameters) == ["E_1", "E_2", "E_3", "D_0", "phi"]
    assert inspect.signature(f).bind(1, 2, 3, D_0=4, phi=5)  # position or name, as the call accepts


# -- accuracy at every scale: within 1e-14 ||H|| of mpmath, never NaN -----------------------------------------
scale = st.floats(-150, 150)
spread = st.lists(st.floats(0, 24), min_size=9, max_size=9)
signs = st.lists(st.sampled_from([-1.0, 0.0, 1.0]), min_size=9, max_size=9)


@given(scale, spread, signs)
def test_three_level_spectrum_within_1e_minus_14_of_the_norm_at_scales_1e_150_to_1e150(k, offsets, sgn):
    # every entry 10^(k - offset) with offsets up to 24 orders, signs (or zeros) drawn
    entries = np.array([s * 10.0 ** (k - o) for s, o in zip(sgn, offsets, strict=True)])
    ref = mp_reference(entries)
    norm = max(np.max(np.abs(ref)), 1e-300)
    for f in (G3_NUMPY, G3_NUMBA):
        if f is None:
            continue
        got = f(*entries)
        assert np.all(np.isfinite(got))
        assert np.max(np.abs(got - ref)) <= 1e-14 * norm  # measured worst ~6e-16 (benchmarks/)


def test_near_degenerate_pairs_are_deflated_to_full_accuracy():
    # pairs split by 1e-9 .. 1e-15 of the norm: Viete alone loses ~half the digits there (p^3 - q^2)
    rng = np.random.default_rng(5)
    for eps in (1e-9, 1e-12, 1e-15):
        entries = np.array([1.0, 1.0 + eps, -2.0, *(eps * rng.standard_normal(6))])
        ref = mp_reference(entries)
        for f in (G3_NUMPY, G3_NUMBA):
            if f is not None:
                assert np.max(np.abs(f(*entries) - ref)) <= 1e-15 * 2.0


def test_paper_three_well_at_extreme_scales_is_finite_and_exact():
    # the cases: one energy 1e12 with the rest ~1e-7, and hoppings of 1e150 with tiny energies
    cases = [(1e12, 1e-7, -3e-7, 2e-7, 0.3), (1e-150, -2e-150, 0.0, 1e150, 1.0), (1e150, 1e150, 1e150, 1e-150, 2.0)]
    f = to_numpy(H3)
    for E1_, E2_, E3_, D_, ph in cases:
        with mpmath.workdps(40):
            w = mpmath.mpf(D_) * mpmath.expj(mpmath.mpf(ph) / 3)
            A = mpmath.matrix([[E1_, w, mpmath.conj(w)], [mpmath.conj(w), E2_, w], [w, mpmath.conj(w), E3_]])
            ref = np.array([float(x) for x in sorted(mpmath.eighe(A, eigvals_only=True))])
        got = f(E1_, E2_, E3_, D_, ph)
        assert np.all(np.isfinite(got))
        assert np.max(np.abs(got - ref)) <= 1e-14 * np.max(np.abs(ref))


def test_more_levels_batched_and_finite_at_1e150():
    f = to_numpy(R5)
    assert f.method == "eigvalsh"
    vals = np.random.default_rng(2).uniform(-1, 1, (7, 300))
    vals[5] = np.abs(vals[5])
    ref = np.linalg.eigvalsh(to_numpy(R5.matrix, params=R5.symbols)(*vals))
    for s in (1e-150, 1.0, 1e150):
        v = vals.copy()
        v[:6] *= s  # energies and hopping scaled: the levels scale with them (the flux does not)
        got = f(*v)
        assert np.all(np.isfinite(got))
        np.testing.assert_allclose(got / s, ref, rtol=0, atol=1e-14)


def test_two_level_spectrum_does_not_overflow():
    from multiwell import double_well

    f = to_numpy(hamiltonian(double_well()))
    got = f(3e200, -3e200, 4e200)
    np.testing.assert_allclose(got, [-5e200, 5e200], rtol=1e-15)  # hypot((b-a)/2, Delta_0): 3-4-5


# -- derivatives -----------------------------------------------------------------------------------------
def _mp_derivatives(f_mp, point, n_out):
    """d(output_k)/d(param_l) by mpmath.diff at 40 digits of a function evaluated at 90 (analytic at the point)."""
    out = np.empty((n_out, len(point)))
    with mpmath.workdps(40):
        for l_ in range(len(point)):
            for k in range(n_out):
                def g(t, l_=l_, k=k):
                    args = [mpmath.mpf(p) for p in point]
                    args[l_] = t
                    res = f_mp(*args)
                    return res[k] if n_out > 1 or np.ndim(res) else res
                out[k, l_] = float(mpmath.diff(g, mpmath.mpf(point[l_])))
    return out


@pytest.mark.parametrize(("H", "point"), [
    (H3, (0.3, -0.2, 0.1, 0.7, 0.9)),
    (R5, (0.3, -0.2, 0.1, 0.5, -0.4, 0.7, 0.9)),
], ids=["viete-3", "eigvalsh-ring-5"])
def test_spectrum_jacobian_is_hellmann_feynman_exact(H, point):
    f = to_numpy(H, jac=True)
    _value, jac = f(*point)
    np.testing.assert_allclose(jac, f.jacobian(*point), rtol=0, atol=0)
    ref = _mp_derivatives(to_mpmath(H, dps=90), point, H.matrix.rows)
    np.testing.assert_allclose(jac, ref, rtol=0, atol=1e-13)  # float64 eigenvectors: a few ulp


def test_expression_and_gap_jacobians_match_mpmath_derivatives():
    x, y = sp.symbols("x y", real=True)
    expr = [sp.exp(x) * sp.sin(y), x**3 / (1 + y**2)]
    point = (0.7, -1.3)
    got = to_numpy(expr, params=(x, y)).jacobian(*point)
    np.testing.assert_allclose(got, _mp_derivatives(to_mpmath(expr, params=(x, y), dps=90), point, 2),
                               rtol=1e-14)
    gap = spectral_gap(H3, levels=(0, 1))
    p3 = (0.3, -0.2, 0.1, 0.7, 0.9)
    spec = to_mpmath(H3, dps=90)
    ref = _mp_derivatives(lambda *v: [spec(*v)[1] - spec(*v)[0]], p3, 1)[0]
    np.testing.assert_allclose(gap.jacobian(*p3), ref, rtol=0, atol=1e-13)


def test_curve_fit_with_the_library_jacobian_needs_fewer_evaluations():
    from scipy.optimize import curve_fit

    gap = spectral_gap(H3, levels=(0, 1))
    true = (0.3, -0.25, 0.4)  # E_1, E_2, D_0 (E_3 = 0 fixes the zero of energy)
    flux = np.linspace(-np.pi, np.pi, 60)
    data = gap(true[0], true[1], 0.0, true[2], flux)

    def model(ph, E1_, E2_, D_):
        return gap(E1_, E2_, 0.0, D_, ph)

    def jac(ph, E1_, E2_, D_):
        return gap.jacobian(E1_, E2_, 0.0, D_, ph)[:, [0, 1, 3]]

    start = (0.2, -0.1, 0.3)
    fit_jac, _, info_jac, *_ = curve_fit(model, flux, data, p0=start, jac=jac, full_output=True, method="lm")
    fit_fd, _, info_fd, *_ = curve_fit(model, flux, data, p0=start, full_output=True, method="lm")
    np.testing.assert_allclose(fit_jac, true, rtol=1e-9)
    np.testing.assert_allclose(fit_fd, true, rtol=1e-7)
    assert info_jac["nfev"] < info_fd["nfev"]


def test_jacobian_unavailable_says_why():
    f = to_mpmath(H3, dps=20)
    with pytest.raises(ParameterError, match=r"^jacobian: not available"):
        f.jacobian(0.1, 0.2, 0.3, 0.4, 0.5)


# -- C for any number of levels ----------------------------------------------------------------------------
@pytest.mark.parametrize("H", [R5, hamiltonian(ring(4)), H3], ids=["ring5-flux", "ring4-real", "complete3-flux"])
def test_c_eigenvalues_of_any_size_match_eigvalsh(H, compile_c):
    lib = compile_c(to_c(H, name="levels"))
    n = H.matrix.rows
    out = (ctypes.c_double * n)()
    mats = to_numpy(H.matrix, params=H.symbols)
    rng = np.random.default_rng(11)
    for s in (1e-150, 1.0, 1e150):
        for vals in rng.uniform(-1, 1, (10, len(H.symbols))):
            vals[-2:] = np.abs(vals[-2:])
            vals[:-1] *= s if H is not H3 else 1.0
            lib.levels(*[ctypes.c_double(v) for v in vals], out)
            ref = np.linalg.eigvalsh(mats(*vals) / (s if H is not H3 else 1.0)) * (s if H is not H3 else 1.0)
            np.testing.assert_allclose(list(out), ref, rtol=0, atol=1e-14 * np.max(np.abs(ref)))


# -- JAX (optional) ----------------------------------------------------------------------------------------
@pytest.fixture
def jax64():
    jax = pytest.importorskip("jax")
    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield jax
    jax.config.update("jax_enable_x64", old)


def test_jax_closed_form_is_jit_and_grad_compatible(jax64):
    from multiwell.numeric import to_jax

    x, y = sp.symbols("x y", real=True)
    expr = sp.sqrt(x**2 + y**2) * sp.cos(y)
    f = to_jax(expr, params=(x, y))
    g = jax64.jit(jax64.grad(f, argnums=(0, 1)))
    got = np.array([float(v) for v in g(0.6, -0.8)])
    np.testing.assert_allclose(got, to_numpy(expr, params=(x, y)).jacobian(0.6, -0.8), rtol=1e-14)


def test_jax_spectrum_agrees_and_differentiates_like_hellmann_feynman(jax64):
    from multiwell.numeric import to_jax

    f = to_jax(H3)
    point = (0.3, -0.2, 0.1, 0.7, 0.9)
    np.testing.assert_allclose(np.asarray(jax64.jit(f)(*point)), to_numpy(H3)(*point), rtol=0, atol=1e-15)
    grad_top = jax64.grad(lambda *v: f(*v)[2], argnums=tuple(range(5)))(*point)
    np.testing.assert_allclose([float(v) for v in grad_top], to_numpy(H3).jacobian(*point)[2], rtol=0, atol=1e-14)
