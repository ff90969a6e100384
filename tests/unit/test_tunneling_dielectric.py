"""Dielectric response (Eqs. 8, 14) against mpmath, the -2:1 slopes, T0 and the asymptotes (Eqs. 11, 18, 19)."""

import inspect

import mpmath
import numpy as np
import pytest
from numpy.testing import assert_allclose

from multiwell.errors import ParameterError
from multiwell.tunneling import (
    asymptotes_2ls,
    asymptotes_ats,
    dielectric,
    dielectric_2ls,
    dielectric_ats,
    minimum_temperature,
    slopes,
    table_parameters,
)
from multiwell.tunneling.dielectric import _tau_integral
from multiwell.units import Q_

K = "K"
G3 = Q_(5.3e-8, "s*K**3")


@pytest.mark.parametrize(("s", "a"), [(0.3, 0.0), (0.999, 0.0), (0.9, 0.01), (0.99999, 3.0), (0.5, 1e4)])
def test_tau_integral_closed_form_matches_quadrature(s, a):
    with mpmath.workdps(30):
        R = 1 / (1 - mpmath.mpf(s) ** 2)
        pts = [1, 2, 10, R] if R > 10 else [1, R]
        ref = mpmath.quad(lambda t: mpmath.sqrt(1 - 1 / t) / t / (1 + (a * t) ** 2), pts)
    got = _tau_integral(np.array([np.arctanh(s)]), a)[0]
    assert_allclose(got, float(ref), rtol=1e-10, atol=1e-14)  # cancellation Re[2b artanh] - 2s at large a


def _mp_2ls(T, lo, hi, g, w, th=mpmath.tanh):
    """Eq. 8 (A = 1) by mpmath: RES single integral, REL the double integral in (z, t = tau/tau_min).

    ``th`` is the thermal factor of the rate (Eq. 9): tanh as printed, coth as derived."""
    T = mpmath.mpf(T)
    zmin, zmax = lo / (2 * T), hi / (2 * T)
    pts = [zmin, 2 * zmin, 1, zmax]
    res = 2 * mpmath.quad(lambda z: mpmath.sqrt(1 - (zmin / z) ** 2) * mpmath.tanh(z) / z, pts) / 3

    def inner(z):
        E = 2 * T * z
        tmin = g / (E**3 * th(z))
        R = (E / lo) ** 2
        pts = [1] + [p for p in (2, 10, 1e3, 1e6) if p < R] + [R]
        return mpmath.quad(lambda t: mpmath.sqrt(max(1 - 1 / t, 0)) / t / (1 + (w * tmin * t) ** 2), pts)

    rel = mpmath.quad(lambda z: inner(z) / mpmath.cosh(z) ** 2, [zmin, min(zmax, 1), min(zmax, 40)]) / 3
    return float(res), float(rel)


@pytest.mark.slow
@pytest.mark.parametrize(("rate", "th"), [("tanh", mpmath.tanh), ("coth", mpmath.coth)], ids=["tanh", "coth"])
def test_dielectric_2ls_matches_mpmath_double_integrals(rate, th):
    for T in (0.2,):
        res, rel = dielectric_2ls(Q_(T, K), A=Q_(1, ""), gamma=G3, Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, K),
                                  omega=Q_(2e3 * np.pi, "1/s"), rate=rate)
        ref = _mp_2ls(T, mpmath.mpf("0.0039"), mpmath.mpf(10), mpmath.mpf("5.3e-8"), 2e3 * mpmath.pi, th)
        assert_allclose([float(res.m), float(rel.m)], ref, rtol=1e-10)  # 256-node GL after z = zmin cosh u


def test_dielectric_2ls_resonant_matches_mpmath():
    for T in (0.003, 0.2, 3.0):
        r, _ = dielectric_2ls(Q_(T, K), A=Q_(1, ""), gamma=G3, Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, K),
                              omega=Q_(0, "1/s"))
        T_ = mpmath.mpf(T)
        zmin, zmax = mpmath.mpf("0.0039") / (2 * T_), 10 / (2 * T_)
        pts = sorted({zmin, 2 * zmin, zmax} | ({mpmath.mpf(1)} if zmin < 1 < zmax else set()))
        ref = 2 * mpmath.quad(lambda z, zmin=zmin: mpmath.sqrt(1 - (zmin / z) ** 2) * mpmath.tanh(z) / z, pts) / 3
        assert_allclose(float(r.m), float(ref), rtol=1e-11)


@pytest.mark.parametrize(("rate", "th"), [("tanh", mpmath.tanh), ("coth", mpmath.coth)], ids=["tanh", "coth"])
def test_dielectric_ats_matches_mpmath(rate, th):
    Dmin, Gamma, w = mpmath.mpf("0.87"), mpmath.mpf("5e-6"), 2e4 * mpmath.pi
    for T in (0.05, 0.4, 3.0):
        for form, weight in (("printed", mpmath.mpf(1) / 2), ("derived", mpmath.mpf(1) / 3)):
            res, rel = dielectric_ats(Q_(T, K), A=Q_(1, ""), D_min=Q_(0.87, K), Gamma=Q_(5e-6, "s*K**5"),
                                      omega=Q_(2e4 * np.pi, "1/s"), form=form, rate=rate)
            a = Dmin / (2 * mpmath.mpf(T))
            ref_r = mpmath.quad(lambda y, a=a: mpmath.tanh(a * y) / y**2, [1, 1 / a if a < 1 else 2, mpmath.inf]) / 3

            def f(y, a=a):
                D = Dmin * y
                tau = Gamma / (D**5 * th(a * y))
                return 1 / mpmath.cosh(a * y) ** 2 / y / (1 + (w * tau) ** 2)

            ref_l = weight * a * mpmath.quad(f, [1, 2, 10, 100, mpmath.inf])
            assert_allclose([float(res.m), float(rel.m)], [float(ref_r), float(ref_l)], rtol=1e-9, atol=1e-300)


def test_standard_model_slopes_are_minus_two_to_one():
    Sm, Sp = slopes(A=Q_(1, ""), gamma=G3, Delta0_min=Q_(1e-8, K), Delta0_max=Q_(1e4, K),
                    omega=Q_(2e3 * np.pi, "1/s"), factor=300)
    assert_allclose(Sm.m, -2 / 3, rtol=2e-3)  # resonant asymptote, corrections O(Delta0min/kT)
    assert_allclose(Sm.m / Sp.m, -2.0, rtol=0.03)  # relaxational part approaches slope A like 1/ln T


def test_minimum_temperature_of_silica_with_the_kelvin_reading_of_gamma():
    p = table_parameters("I", "SiO2")
    kw = dict(A=p["A_2LS"], gamma=p["gamma"], Delta0_min=p["Delta0_min"], Delta0_max=p["Delta0_max"])
    T0 = minimum_temperature(omega=Q_(1e3, "1/s"), rate="tanh", **kw).m_as("mK")
    assert 50 < T0 < 100  # Fig. 7's range, with omega = 1000 rad/s and the printed tanh
    T0_2pi = minimum_temperature(omega=Q_(2e3 * np.pi, "1/s"), rate="tanh", **kw).m_as("mK")
    # T0 ~ omega^(1/3) roughly: the relaxational part's approach to its asymptote also moves the minimum
    assert_allclose(T0_2pi / T0, (2 * np.pi) ** (1 / 3), rtol=0.06)
    eps = dielectric(Q_(np.array([0.5, 1, 1.5]) * T0_2pi * 1e-3, K), glass="SiO2", omega=Q_(2e3 * np.pi, "1/s"),
                     rate="tanh")
    assert eps.m[1] < eps.m[0] and eps.m[1] < eps.m[2]


def test_eq11_holds_up_to_a_constant_and_eq18_with_c1():
    T = Q_(np.array([0.01, 0.1, 1.0]), K)
    kw = dict(A=Q_(1, ""), gamma=G3, Delta0_min=Q_(1e-7, K), Delta0_max=Q_(1e4, K), omega=Q_(0, "1/s"))
    r, _ = dielectric_2ls(T, **kw)
    a = asymptotes_2ls(T, **kw)
    assert_allclose(r.m, a["resonant"].m, rtol=1e-6)  # corrections O((Delta0min/kT)^2, (kT/Delta0max)^2)
    assert np.ptp(r.m - a["eq11"].m) < 1e-5  # printed Eq. 11: off by a T-independent constant
    T = Q_(np.array([100.0, 300.0]), K)
    res, rel = dielectric_ats(T, A=Q_(1, ""), D_min=Q_(1, K), Gamma=Q_(1e-6, "s*K**5"), omega=Q_(0, "1/s"),
                              form="printed")  # asymptotes_ats has the printed weights, as Eqs. 18 and 19
    b = asymptotes_ats(T, A=Q_(1, ""), D_min=Q_(1, K))
    assert_allclose(res.m, b["resonant"].m, rtol=1e-4)  # O(a^2 ln a) corrections, a = D_min/2kT
    assert_allclose(rel.m, b["relaxational"].m, rtol=1e-4)
    assert_allclose(b["eq19"].m / b["relaxational"].m, 4 * np.log(T.m) / (np.log(2 * T.m) - 0.2095054), rtol=1e-6)


def test_rate_reaches_the_ats_part_of_the_minimum_temperature():
    """``rate`` applies to both relaxation integrals: giving it once equals giving it to each part."""
    base = dict(A=Q_(47.2e-5, ""), gamma=G3, Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, "K"),
                omega=Q_(2e3 * np.pi, "1/s"))
    ats = dict(A=Q_(30e-5, ""), D_min=Q_(0.05, "K"), Gamma=Q_(5e-10, "s*K**5"))
    once = minimum_temperature(**base, ats=ats, rate="coth").m_as("mK")
    each = minimum_temperature(**base, ats=ats | {"rate": "coth"}, rate="coth").m_as("mK")
    mixed = minimum_temperature(**base, ats=ats | {"rate": "tanh"}, rate="coth").m_as("mK")
    assert once == pytest.approx(each, rel=1e-9)
    assert abs(once - mixed) > 1e-3 * once  # the ATS rate matters here (99.6 vs 101.1 mK)


def test_frequency_in_hertz_is_a_cyclic_frequency_unless_printed():
    # independent route: omega = 2 pi f by definition; "omega = 1 kHz" of the captions read literally is 1e3 s^-1
    kw = dict(A=Q_(1, ""), gamma=Q_(5e-8, "s*K**3"), Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, "K"))
    T = Q_(np.array([0.05, 0.3]), "K")
    _, rel_hz = dielectric_2ls(T, **kw, omega=Q_(1, "kHz"))
    _, rel_w = dielectric_2ls(T, **kw, omega=Q_(2e3 * np.pi, "1/s"))
    _, rel_lit = dielectric_2ls(T, **kw, omega=Q_(1, "kHz"), convention="printed")
    _, rel_1e3 = dielectric_2ls(T, **kw, omega=Q_(1e3, "1/s"))
    np.testing.assert_allclose(rel_hz.m, rel_w.m, rtol=1e-14)  # same omega, same arithmetic
    np.testing.assert_allclose(rel_lit.m, rel_1e3.m, rtol=1e-14)
    assert abs(rel_hz.m[0] - rel_lit.m[0]) > 1e-3  # the two readings differ where omega tau ~ 1
    with pytest.raises(ParameterError, match="convention"):
        dielectric_2ls(T, **kw, omega=Q_(1, "kHz"), convention="literal")


# -- defaults: the derived forms (verify rows Eq. 9, Eq. 14, Eq. 15); the printed ones on request ------------------
_PUBLIC = (dielectric_2ls, dielectric_ats, dielectric, minimum_temperature, slopes, asymptotes_2ls)


@pytest.mark.parametrize("func", _PUBLIC, ids=lambda f: f.__name__)
def test_signature_defaults_are_coth_and_derived(func):
    params = inspect.signature(func).parameters
    assert params["rate"].default == "coth"
    if "form" in params:
        assert params["form"].default == "derived"


def test_defaults_equal_the_explicit_physical_choice():
    T = Q_(np.array([0.03, 0.2, 1.5]), K)
    two = dict(A=Q_(47.2e-5, ""), gamma=G3, Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, K), omega=Q_(1e3, "1/s"))
    ats = dict(A=Q_(281.9e-5, ""), D_min=Q_(0.87, K), Gamma=Q_(6.44e-6, "s*K**5"), omega=Q_(1e3, "1/s"))
    for got, want in (
        (dielectric_2ls(T, **two), dielectric_2ls(T, **two, rate="coth")),
        (dielectric_ats(T, **ats), dielectric_ats(T, **ats, form="derived", rate="coth")),
        ((dielectric(T, glass="AlBaSiO", omega=Q_(1e3, "1/s")),),
         (dielectric(T, glass="AlBaSiO", omega=Q_(1e3, "1/s"), form="derived", rate="coth"),)),
    ):
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g.m, w.m)
    a, b = asymptotes_2ls(T, **two), asymptotes_2ls(T, **two, rate="coth")
    assert all(np.array_equal(a[k].m, b[k].m) for k in a)
    kw = {k: v for k, v in two.items()}
    assert minimum_temperature(**kw) == minimum_temperature(**kw, rate="coth")
    # the ats dict without form takes dielectric_ats's default, the derived weights
    at = {k: v for k, v in ats.items() if k != "omega"}
    assert minimum_temperature(**kw, ats=at) == minimum_temperature(**kw, ats=at | {"form": "derived"}, rate="coth")
    assert minimum_temperature(**kw, ats=at) != minimum_temperature(**kw, ats=at | {"form": "printed"}, rate="coth")


def test_printed_ats_form_has_three_halves_the_relaxational_weight():
    # verify row Eq. 14: printed AREL/ARES weights A/2 : A/3, derived A/3 : A/3, so the printed REL is 3/2 times
    T = Q_(np.array([0.05, 0.4, 3.0]), K)
    kw = dict(A=Q_(1, ""), D_min=Q_(0.87, K), Gamma=Q_(5e-6, "s*K**5"), omega=Q_(2e4 * np.pi, "1/s"))
    r_d, l_d = dielectric_ats(T, **kw)
    r_p, l_p = dielectric_ats(T, **kw, form="printed")
    np.testing.assert_array_equal(r_p.m, r_d.m)  # the resonant weight A/3 is the same in both
    assert_allclose(l_p.m / l_d.m, 1.5, rtol=1e-14)


def test_coth_rate_shifts_the_relaxational_asymptote_by_two_thirds_A():
    # verify row Eq. 9: tau_min^-1 has coth(z) for the printed tanh(z), z = E/2kT, a ratio coth^2 z. In the
    # regime omega tau_min << 1 << omega tau_max, REL = A[ln(2kT/(gamma omega)^(1/3)) + c_REL] with
    # c_REL = (1/3)[2 ln 2 - 2 + int sech^2 z ln(z^3 th z) dz], so by hand (u = tanh z)
    # c_REL(coth) - c_REL(tanh) = (1/3) int_0^inf sech^2 z ln(coth^2 z) dz = (2/3) int_0^1 (-ln u) du = 2/3.
    x = 0.7  # the factor itself at one z, against the Bose route (n + 1) + n with n = 1/(e^{2z} - 1)
    n = 1 / np.expm1(2 * x)
    assert_allclose((2 * n + 1) / np.tanh(x), 1 / np.tanh(x) ** 2, rtol=1e-14)
    A = 2.5
    T = Q_(np.array([0.3, 1.0, 3.0]), K)
    kw = dict(A=Q_(A, ""), gamma=Q_(5e-8, "s*K**3"), Delta0_min=Q_(1e-9, K), Delta0_max=Q_(1e4, K),
              omega=Q_(1.0, "1/s"))
    a_c, a_t = asymptotes_2ls(T, **kw), asymptotes_2ls(T, **kw, rate="tanh")
    assert_allclose((a_c["relaxational"] - a_t["relaxational"]).m, 2 * A / 3, rtol=1e-10)
    assert_allclose(a_c["resonant"].m, a_t["resonant"].m, rtol=0)  # the rate does not enter RES
    # the full integrals approach the same shift (slowly: the tanh rate is slow at small z, omega tau_min ~ 1 there)
    _, l_c = dielectric_2ls(T[-1:], **kw)
    _, l_t = dielectric_2ls(T[-1:], **kw, rate="tanh")
    assert_allclose(l_c.m - l_t.m, 2 * A / 3, rtol=0.02)
