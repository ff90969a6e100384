"""Heat capacity: Eq. 26 from Eq. 24, the Fe term (Eq. 30), Monte Carlo with exact spectra, Eq. 31."""

import mpmath
import numpy as np
import pytest
import sympy as sp
from numpy.testing import assert_allclose

from multiwell.errors import ParameterError
from multiwell.tunneling import (
    ATS_GAP_FACTOR,
    derive_heat_capacity_2ls,
    derive_heat_capacity_ats,
    dos_standard,
    heat_capacity,
    heat_capacity_2ls,
    heat_capacity_ats,
    heat_capacity_fe,
    heat_capacity_from_dos,
    heat_capacity_monte_carlo,
    heat_capacity_phonon,
    sample_anomalous,
    table_parameters,
)
from multiwell.tunneling.distributions import _three_well_matrices
from multiwell.units import Q_, k_B

K = "K"


def _mp_ats(T, Dmin, Dmax=mpmath.inf):
    """Eq. 24 with g = 1/E (k_B = 1) by mpmath at 30 digits: the independent route to Eq. 26."""
    with mpmath.workdps(30):
        f = lambda E: (E / (2 * T)) ** 2 / mpmath.cosh(E / (2 * T)) ** 2 / E  # noqa: E731
        return mpmath.quad(f, [Dmin, Dmin + 10 * T, Dmin + 100 * T, Dmax])


def test_heat_capacity_ats_equals_the_integral_of_eq24():
    for T in (0.02, 0.3, 1.0, 30.0):
        got = heat_capacity_ats(Q_(T, K), B_ats=Q_(1, "J/g/K"), D_min=Q_(0.87, K)).m_as("J/g/K")
        assert_allclose(got, float(_mp_ats(mpmath.mpf(T), mpmath.mpf("0.87"))), rtol=1e-13, atol=1e-300)


def test_derived_eq26_is_the_printed_bracket_and_matches_quadrature():
    C = derive_heat_capacity_ats()
    g0, kB, T, D_min = sp.symbols("g_0 k_B T D_min", positive=True)
    x = D_min / (2 * kB * T)
    printed = kB * g0 * (sp.log(2 * sp.cosh(x)) - x * sp.tanh(x))
    assert sp.simplify(C - printed) == 0
    value = C.subs({g0: 1, kB: 1, T: sp.Rational(3, 10), D_min: sp.Rational(87, 100)})
    with mpmath.workdps(30):
        assert abs(mpmath.mpf(str(sp.N(value, 30))) - _mp_ats(mpmath.mpf("0.3"), mpmath.mpf("0.87"))) < 1e-25


def test_two_level_linear_term_comes_out_of_the_integral():
    assert derive_heat_capacity_2ls() == sp.pi**2 / 6 * sp.Symbol("g_0", positive=True) * sp.Symbol(
        "k_B", positive=True) ** 2 * sp.Symbol("T", positive=True)
    with mpmath.workdps(30):  # the moment int_0^oo x^2 sech^2 x dx = pi^2/12 by quadrature
        assert abs(mpmath.quad(lambda x: x**2 / mpmath.cosh(x) ** 2, [0, 5, mpmath.inf]) - mpmath.pi**2 / 12) < 1e-25
    g = Q_(2.0, "1/J")
    T = Q_(np.array([0.01, 0.1, 1.0]), K)
    C = heat_capacity_from_dos(T, dos=lambda E: g * np.ones(E.shape), E_min=Q_(0, K), E_max=Q_(1e4, K))
    C_over_T = (C / T).m_as("J/K**2")
    assert_allclose(C_over_T, C_over_T[0], rtol=1e-12)  # C proportional to T
    assert_allclose((C / (g * k_B**2 * T)).m_as(""), np.pi**2 / 6, rtol=1e-12)


def test_heat_capacity_with_the_exact_two_level_dos_matches_mpmath():
    lo, hi, T = 1e-4, 10.0, 0.05
    kw = dict(P_bar=1 / (k_B * Q_(1.0, K)), Delta0_min=Q_(lo, K), Delta0_max=Q_(hi, K))  # 1 per kelvin, in 1/J
    C = heat_capacity_from_dos(Q_(T, K), dos=lambda E: dos_standard(E, **kw), E_min=Q_(lo, K), E_max=Q_(hi, K))
    with mpmath.workdps(20):
        ref = mpmath.quad(lambda E: 2 * mpmath.acosh(E / lo) * (E / (2 * T)) ** 2 / mpmath.cosh(E / (2 * T)) ** 2,
                          [lo, T, 10 * T, 90 * T])
    assert_allclose((C / k_B).m_as(""), float(ref), rtol=1e-9)  # 256-point Gauss-Legendre in ln E


def test_heat_capacity_fe_matches_mpmath_quadrature_of_eq30():
    V0 = mpmath.mpf("0.42")
    for T, split in ((0.01, 1.25), (0.05, 1.25), (0.2, 1.25), (2.0, 1.25), (0.2, 2.5)):
        Tm = mpmath.mpf(T)

        def f(u, split=split, Tm=Tm):
            x = split * u / (2 * Tm)
            return 4 * u**2 / V0**3 * mpmath.exp(-2 * u / V0) * x**2 / mpmath.cosh(x) ** 2

        ref = mpmath.quad(f, [0, Tm, V0, 5 * V0, mpmath.inf])
        got = heat_capacity_fe(Q_(T, K), prefactor=Q_(1, "J/g/K"), V0=Q_(-0.42, K), splitting=split).m_as("J/g/K")
        assert_allclose(got, float(ref), rtol=1e-11)  # 256-node Gauss-Legendre on [0, min(45, 90a)]


def test_monte_carlo_two_level_agrees_with_eq26_within_errors():
    # near-degenerate ensemble: gaps in [c D_min, c D_max], density 2 pi P~*/E, so C = k_B g0 [F(x_lo) - F(x_hi)]
    lo, hi = 0.01, 100.0
    kw = dict(P_star=Q_(1, ""), D_min=Q_(lo, K), D_max=Q_(hi, K), D0_min=Q_(1e6, K), D0_max=Q_(1e8, K))
    T = Q_(np.array([0.01, 0.1, 1.0, 10.0]), K)
    C, s = heat_capacity_monte_carlo(T, n=200000, seed=5, levels=2, **kw)
    g0 = 2 * np.pi * np.log(100)
    c = ATS_GAP_FACTOR
    exact = [g0 * float(_mp_ats(mpmath.mpf(t), c * lo, c * hi)) for t in T.m]
    z = ((C / k_B).m_as("") - exact) / (s / k_B).m_as("")
    assert np.all(np.abs(z) < 4.5), z


def test_monte_carlo_three_levels_agree_with_eigvalsh_ensemble():
    # D_0 comparable with T: the third level matters; independent route: eigvalsh spectra of other samples
    kw = dict(D_min=Q_(0.05, K), D_max=Q_(0.5, K), D0_min=Q_(0.2, K), D0_max=Q_(0.4, K))
    T = Q_(np.array([0.1, 0.3, 1.0]), K)
    C, s = heat_capacity_monte_carlo(T, P_star=Q_(1, ""), n=100000, seed=9, **kw)
    E, D0 = sample_anomalous(100000, seed=10, **kw)
    lev = np.linalg.eigvalsh(_three_well_matrices(E.m_as(K), D0.m_as(K)))
    W = 2 * np.pi * np.log(10) * np.log(2)
    ref = []
    for t in T.m_as(K):
        b = np.exp(-(lev - lev[:, :1]) / t)
        e = (lev - lev[:, :1]) / t
        Z = b.sum(axis=1)
        c = (b * e**2).sum(axis=1) / Z - ((b * e).sum(axis=1) / Z) ** 2
        ref.append((W * c.mean(), W * c.std() / np.sqrt(c.size)))
    ref = np.array(ref)
    z = ((C / k_B).m_as("") - ref[:, 0]) / np.hypot((s / k_B).m_as(""), ref[:, 1])
    assert np.all(np.abs(z) < 4.5), z
    C2, _ = heat_capacity_monte_carlo(T, P_star=Q_(1, ""), n=100000, seed=9, levels=2, **kw)
    assert (C - C2).m[-1] > 10 * s.m[-1]  # at 1 K the third level adds a resolved amount


def test_fe_gap_convention_physical_is_printed_at_twice_the_temperature():
    # independent route: the Fe3+ term depends on T only through E/k_B T with E = c|V_z|, so doubling the
    # gap (5/4 -> 5/2 |V_z|, the levels +-5/4 |V_z| that Eq. 29 states) is the printed curve at 2T
    T = np.array([0.03, 0.2, 1.5])
    kw = dict(prefactor=Q_(1, "J/g/K"), V0=Q_(-0.42, K))
    physical = heat_capacity_fe(Q_(2 * T, K), **kw).m_as("J/g/K")
    printed = heat_capacity_fe(Q_(T, K), **kw, convention="printed").m_as("J/g/K")
    assert_allclose(physical, printed, rtol=1e-12)  # same quadrature nodes in the scaled variable
    assert_allclose(heat_capacity_fe(Q_(T, K), **kw, splitting=sp.Rational(5, 4)).m_as("J/g/K"), printed, rtol=1e-14)
    with pytest.raises(ParameterError, match="convention"):
        heat_capacity_fe(Q_(T, K), **kw, convention="literal")


def test_total_heat_capacity_sums_the_terms_of_table_II():
    T = Q_(np.array([0.1, 0.5, 2.0]), K)
    p = table_parameters("II", "K-Si", 0.08)
    parts = (heat_capacity_phonon(T, B_ph=p["B_ph"]) + heat_capacity_2ls(T, B_2ls=p["B_2LS"])
             + heat_capacity_ats(T, B_ats=p["B_ATS"], D_min=p["D_min"])
             + heat_capacity_fe(T, prefactor=p["fe_prefactor"], V0=p["V0"]))
    assert_allclose(heat_capacity(T, glass="K-Si", x=0.08).m_as("J/g/K"), parts.m_as("J/g/K"), rtol=1e-14)
    silica = heat_capacity(T, glass="SiO2").m_as("J/g/K")
    assert_allclose(silica, 245.55e-8 * T.m**3 + 70.65e-8 * T.m, rtol=1e-12)  # Eq. 21 by hand
