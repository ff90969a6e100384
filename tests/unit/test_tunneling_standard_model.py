"""The standard tunnelling model's derived results against independent numerics.

Each expected value comes from a route that shares nothing with the symbolic derivation:
numpy eigenvalues, mpmath quadrature and numerical differentiation of the free energy, and
scipy quadrature over the original variables (Delta, Delta_0) and the sphere.
"""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import integrate, optimize

from multiwell.errors import ParameterError
from multiwell.tunneling import standard_model as sm


def test_two_level_splitting_is_the_eigenvalue_gap():
    rng = np.random.default_rng(7)
    expr = sm.two_level_splitting()
    for _ in range(5):
        d, d0 = rng.normal(), abs(rng.normal())
        H = -0.5 * np.array([[d, d0], [d0, -d]])
        gap = np.ptp(np.linalg.eigvalsh(H))
        assert float(expr.subs({sm.Delta: d, sm.Delta_0: d0})) == pytest.approx(gap, rel=1e-13)  # float64


def test_orientation_average_against_quadrature():
    numeric = integrate.quad(lambda t: math.cos(t) ** 2 * math.sin(t), 0, math.pi)[0] / 2
    assert float(sm.orientation_average()) == pytest.approx(numeric, rel=1e-12)


@pytest.mark.parametrize("s", [0, 1, 2, 3, 4])
def test_sech2_moments_against_mpmath(s):
    with mpmath.workdps(30):
        numeric = mpmath.quad(lambda x: x**s / mpmath.cosh(x) ** 2, [0, 5, mpmath.inf])
        assert abs(sp.N(sm.sech2_moment(s), 30) - numeric) < mpmath.mpf(10) ** -25


def test_heat_capacity_against_the_free_energy_numerically():
    # C = int g(E) (-T d2F/dT2) dE with F = -kT ln(2 cosh(E/2kT)) differentiated by mpmath, k_B = 1
    with mpmath.workdps(25):
        for g_expr, g_num in [(sm.P_bar, lambda E: 1), (sm.E**2, lambda E: E**2)]:
            T0 = mpmath.mpf("0.7")

            def c(E, T0=T0):
                F = lambda T: -T * mpmath.log(2 * mpmath.cosh(E / (2 * T)))  # noqa: E731
                return -T0 * mpmath.diff(F, T0, 2)

            numeric = mpmath.quad(lambda E, g_num=g_num: g_num(E) * c(E), [0, 5, 40])
            derived = sm.heat_capacity(g_expr).subs({sm.P_bar: 1, sm.k_B: 1, sm.T: sp.Rational(7, 10)})
            assert abs(sp.N(derived, 25) - numeric) < 1e-15  # quadrature of a numerical derivative


def test_heat_capacity_refuses_a_non_polynomial_dos():
    with pytest.raises(ParameterError, match="polynomial"):
        sm.heat_capacity(sp.log(sm.E))


def test_density_of_states_of_the_standard_distribution():
    # g(E) = dN/dE with N(E) = int_a^E dDelta_0 (P/Delta_0) sqrt(E^2 - Delta_0^2) (systems with gap < E)
    a = sp.Symbol("Delta_0min", positive=True)
    g = sm.density_of_states(sm.P_bar / sm.Delta_0, Delta_0_min=a)
    with mpmath.workdps(20):
        N = lambda E: mpmath.quad(lambda d0: mpmath.sqrt(E**2 - d0**2) / d0, [mpmath.mpf("0.01"), E])  # noqa: E731
        numeric = mpmath.diff(N, 3)
    assert float(g.subs({sm.P_bar: 1, a: sp.Rational(1, 100), sm.E: 3})) == pytest.approx(float(numeric), rel=1e-10)
    assert sm.density_of_states(sm.P_bar / sm.Delta_0, Delta_0_min=a, both_signs=True) == 2 * g


def test_dipole_susceptibility_is_minus_the_second_field_derivative():
    res, rel = sm.dipole_susceptibility()
    point = {sm.Delta: sp.Rational(3, 7), sm.Delta_0: sp.Rational(2, 5), sm.p_0: sp.Rational(5, 3),
             sm.k_B: 1, sm.T: sp.Rational(1, 3), sm._theta: sp.Rational(1, 2)}
    with mpmath.workdps(30):
        d, d0, p, T, th = (mpmath.mpf(point[s].p) / point[s].q for s in
                           (sm.Delta, sm.Delta_0, sm.p_0, sm.T, sm._theta))

        def f(F):
            E = mpmath.sqrt((d + 2 * F * p * mpmath.cos(th)) ** 2 + d0**2)
            return -T * mpmath.log(2 * mpmath.cosh(E / (2 * T)))

        numeric = -mpmath.diff(f, 0, 2)
        assert abs(sp.N((res + rel).subs(point), 30) - numeric) < 1e-20


def _res_numeric(T, a=1e-9, b=10.0):
    """(1/3)-averaged resonant susceptibility over P = 1/Delta_0 on a rectangle, in log variables."""
    cos2 = integrate.quad(lambda t: math.cos(t) ** 2 * math.sin(t), 0, math.pi)[0] / 2

    def inner(ld):
        d = math.exp(ld)
        f = lambda ld0: (lambda d0: d * d0 * 2 * d0**2 / math.hypot(d, d0) ** 3 / d0  # noqa: E731
                         * math.tanh(math.hypot(d, d0) / (2 * T)))(math.exp(ld0))
        return integrate.quad(f, math.log(a), math.log(b), limit=200, epsabs=1e-12, epsrel=1e-11)[0]

    return cos2 * integrate.quad(inner, math.log(1e-9), math.log(b), limit=200, epsabs=1e-11, epsrel=1e-11)[0]


def test_resonant_slope_against_quadrature_in_delta_and_delta0():
    # slope per e-fold between T and 2T, k_B T << Delta_0max: the standard -2/3 (P = p_0 = eps = 1)
    T1, T2 = 0.01, 0.02
    numeric = (_res_numeric(T2) - _res_numeric(T1)) / math.log(T2 / T1)
    derived = float(sm.resonant_slope().subs({sm.P_bar: 1, sm.p_0: 1, sm.epsilon_0: 1, sm.epsilon_r: 1}))
    assert derived == pytest.approx(numeric, rel=1e-5)  # the cut-off Delta_0min shifts it by O(Delta_0min/k_B T)


@pytest.mark.parametrize("rate", ["coth", "tanh"])
def test_relaxational_slope_against_quadrature(rate):
    # omega tau_min << 1 (gamma = 1, omega = 1e-16 at k_B T ~ 1) and omega tau_max >> 1 (Delta_0min = 1e-20)
    r = {"coth": lambda y: 1 / math.tanh(y), "tanh": math.tanh}[rate]
    gam, om, a = 1.0, 1e-16, 1e-20
    cos2 = integrate.quad(lambda t: math.cos(t) ** 2 * math.sin(t), 0, math.pi)[0] / 2

    def chi(T):
        def inner(lE):  # E and u = Delta_0/E as numerical variables, the Jacobian by hand
            E = math.exp(lE)

            def f(lu):
                u = math.exp(lu)
                d, d0 = E * math.sqrt(max(1 - u * u, 0.0)), E * u
                tau = gam / (E * d0**2 * r(E / (2 * T)))
                jac = E * E * u / math.sqrt(max(1 - u * u, 1e-300))  # dDelta dDelta_0 = E/sqrt(1-u^2) dE du
                return jac * (1 / d0) * d**2 / (E**2 * T) / math.cosh(E / (2 * T)) ** 2 / (1 + (om * tau) ** 2)

            return integrate.quad(f, math.log(a / E), 0, limit=400, epsabs=1e-13, epsrel=1e-10)[0]

        return cos2 * integrate.quad(inner, math.log(1e-3 * T), math.log(60 * T), limit=200, epsrel=1e-10)[0]

    T1, T2 = 1.0, 2.0
    numeric = (chi(T2) - chi(T1)) / math.log(T2 / T1)
    derived = float(sm.relaxational_slope(rate=rate).subs({sm.P_bar: 1, sm.p_0: 1, sm.epsilon_0: 1, sm.epsilon_r: 1}))
    # the log form fails where omega tau_min(E) >~ 1, at E/k_BT below (omega gamma)^(1/4) (tanh) or
    # (omega gamma)^(1/2) (coth): a correction of that relative size
    assert derived == pytest.approx(numeric, rel=1e-3)


@pytest.mark.parametrize("rate", ["coth", "tanh"])
def test_crossover_temperature_solves_omega_tau_min_one(rate):
    r = {"coth": lambda y: 1 / math.tanh(y), "tanh": math.tanh}[rate]
    gam, om = 5.3e-8, 2e3 * math.pi  # energies in kelvin, k_B = 1
    T0 = optimize.brentq(lambda T: om * gam / (T**3 * r(0.5)) - 1, 1e-4, 10, xtol=1e-15)
    derived = float(sm.crossover_temperature(rate=rate).subs({sm.gamma: gam, sm.omega: om, sm.k_B: 1}))
    assert derived == pytest.approx(T0, rel=1e-12)


def test_bad_rate_is_refused():
    with pytest.raises(ParameterError, match="rate"):
        sm.relaxational_slope(rate="cosh")
