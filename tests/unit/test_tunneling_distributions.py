"""Distributions (Eqs. 2, 6, 27), exact three-well spectra and densities of states (Eqs. 17, 25)."""

import mpmath
import numpy as np
import pytest
from numpy.testing import assert_allclose

from multiwell.errors import ParameterError
from multiwell.tunneling import (
    ATS_GAP_FACTOR,
    anomalous_distribution,
    anomalous_normalisation,
    dos_anomalous,
    dos_monte_carlo,
    dos_standard,
    fe_distribution,
    sample_anomalous,
    sample_fe,
    sample_standard,
    standard_distribution,
    standard_normalisation,
    three_well_gaps,
    three_well_levels,
)
from multiwell.tunneling.distributions import _three_well_matrices
from multiwell.units import Q_

K = "K"


def test_standard_distribution_integrates_to_its_normalisation():
    # independent route: mpmath over the rectangle of the domain, with the density from the library
    lo, hi, dmax = 1e-3, 2.0, 0.7
    kw = dict(P_bar=Q_(1.0, "1/K"), Delta0_min=Q_(lo, K), Delta0_max=Q_(hi, K), Delta_max=Q_(dmax, K))

    def p(d0):
        return float(standard_distribution(Q_(0.3, K), Q_(float(d0), K), **kw).m_as("1/K**2"))

    total = 2 * dmax * mpmath.quad(p, [lo, 0.01, 0.1, hi])  # P does not depend on Delta inside the domain
    expected = standard_normalisation(**kw).m_as("")
    assert_allclose(float(total), expected, rtol=1e-10)  # quadrature of 1/x on a log-spaced split
    assert standard_distribution(Q_(0.8, K), Q_(0.5, K), **kw).m == 0  # |Delta| > Delta_max


def test_anomalous_distribution_on_the_plane_integrates_to_2pi_log_log():
    # polar coordinates of the plane sum E_i = 0: area element D dD dphi; phi by the trapezoid rule
    # (periodic integrand: spectrally accurate), D and D_0 by mpmath
    lo, hi, lo0, hi0 = 0.1, 3.0, 1.0, 20.0
    u1, u2 = np.array([1, -1, 0]) / np.sqrt(2), np.array([1, 1, -2]) / np.sqrt(6)
    kw = dict(P_star=Q_(1.0, ""), D_min=Q_(lo, K), D_max=Q_(hi, K), D0_min=Q_(lo0, K), D0_max=Q_(hi0, K))
    phis = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    # ln D and ln D_0 by 24-point Gauss-Legendre (the library's density times D dD dD_0 on a grid)
    t, w = np.polynomial.legendre.leggauss(24)
    lnD = np.log(lo) + (t + 1) / 2 * np.log(hi / lo)
    lnD0 = np.log(lo0) + (t + 1) / 2 * np.log(hi0 / lo0)
    wD, wD0 = w / 2 * np.log(hi / lo), w / 2 * np.log(hi0 / lo0)
    D, D0, PHI = np.meshgrid(np.exp(lnD), np.exp(lnD0), phis, indexing="ij")
    E = D[..., None] * (np.cos(PHI)[..., None] * u1 + np.sin(PHI)[..., None] * u2)
    dens = anomalous_distribution(Q_(E[..., 0], K), Q_(E[..., 1], K), Q_(E[..., 2], K), Q_(D0, K), **kw).m_as("1/K**3")
    # dA dD0 = D dD dphi dD0 = D^2 D0 dlnD dphi dlnD0
    integrand = np.mean(dens * D**2 * D0, axis=2) * 2 * np.pi
    total = np.einsum("i,j,ij->", wD, wD0, integrand)
    assert_allclose(total, anomalous_normalisation(**kw).m_as(""), rtol=1e-12)


def test_anomalous_distribution_requires_the_plane():
    with pytest.raises(ParameterError, match="E_1 \\+ E_2 \\+ E_3 = 0"):
        anomalous_distribution(Q_(1, K), Q_(1, K), Q_(0, K), Q_(5, K), P_star=Q_(1, ""), D_min=Q_(0.1, K),
                               D_max=Q_(3, K), D0_min=Q_(1, K), D0_max=Q_(9, K))


def test_fe_distribution_is_normalised_with_mode_at_V0_and_mean_3V0_over_2():
    V0 = -0.42
    G = lambda v: float(fe_distribution(Q_(float(v), K), V0=Q_(V0, K)).m_as("1/K"))  # noqa: E731
    assert_allclose(float(mpmath.quad(G, [-mpmath.inf, -2, V0, 0])), 1.0, rtol=1e-12)
    assert_allclose(float(mpmath.quad(lambda v: v * G(v), [-mpmath.inf, -2, V0, 0])), 1.5 * V0, rtol=1e-12)
    grid = np.linspace(-2, 0, 20001)
    assert_allclose(grid[np.argmax(fe_distribution(Q_(grid, K), V0=Q_(V0, K)).m)], V0, atol=1e-4)
    assert fe_distribution(Q_(0.1, K), V0=Q_(V0, K)).m == 0  # V_z > 0 is outside the domain


def test_samples_follow_their_distributions():
    d, d0 = sample_standard(40000, Delta_max=Q_(1, K), Delta0_min=Q_(1e-3, K), Delta0_max=Q_(1, K), seed=1)
    assert abs(np.mean(d.m_as(K))) < 4 / np.sqrt(3 * 40000)  # uniform on [-1, 1]: sigma = 1/sqrt(3)
    # log-uniform: ln(Delta_0) uniform on [ln 1e-3, 0], mean ln(1e-3)/2, sd |ln 1e-3|/sqrt(12)
    ln = np.log(d0.m_as(K))
    assert abs(ln.mean() - np.log(1e-3) / 2) < 4 * abs(np.log(1e-3)) / np.sqrt(12 * 40000)
    E, _D0 = sample_anomalous(20000, D_min=Q_(0.1, K), D_max=Q_(10, K), D0_min=Q_(1, K), D0_max=Q_(9, K), seed=2)
    assert_allclose(E.m_as(K).sum(axis=1), 0, atol=1e-12)
    D = np.linalg.norm(E.m_as(K), axis=1)
    assert D.min() >= 0.1 and D.max() <= 10
    assert abs(np.log(D).mean() - 0) < 4 * np.log(100) / np.sqrt(12 * 20000)  # ln D uniform on [ln .1, ln 10]
    v = sample_fe(50000, V0=Q_(-0.42, K), seed=3).m_as(K)
    assert abs(v.mean() - 1.5 * -0.42) < 4 * np.sqrt(3) * 0.21 / np.sqrt(50000)  # gamma(3, 0.21): sd sqrt(3)*0.21


def test_three_well_levels_match_eigvalsh():
    E, D0 = sample_anomalous(3000, D_min=Q_(1e-3, K), D_max=Q_(30, K), D0_min=Q_(0.5, K), D0_max=Q_(50, K), seed=4)
    levels = three_well_levels(E, D0).m_as(K)
    reference = np.linalg.eigvalsh(_three_well_matrices(E.m_as(K), D0.m_as(K)))
    assert_allclose(levels, reference, atol=1e-12 * 50 * 30)  # eigvalsh: backward-stable, error ~ eps * ||H||


def test_near_degenerate_gap_keeps_full_precision():
    # gap ~ 1e-9 D_0: eigvalsh loses ~7 digits here; mpmath at 50 digits is the reference
    e1, e2, d0 = 3e-9, -1e-9, 1.7
    gap = three_well_gaps(Q_([[e1, e2, -(e1 + e2)]], K), Q_([d0], K)).m_as(K)[0, 0]
    with mpmath.workdps(50):
        a, b = mpmath.mpf(e1), mpmath.mpf(e2)
        M = mpmath.matrix([[a, d0, d0], [d0, b, d0], [d0, d0, -(a + b)]])
        ev = sorted(mpmath.eigsy(M)[0])
        exact = float(ev[1] - ev[0])
    assert_allclose(gap, exact, rtol=1e-12)  # a few ulp of the stable closed form, times cond ~ 1


def test_gap_tends_to_sqrt_two_thirds_D_not_D():
    # Eq. 13 prints D; the first-order doublet splitting is sqrt(2/3) D, the correction O(D/D0)
    E, D0 = sample_anomalous(500, D_min=Q_(1e-6, K), D_max=Q_(1e-5, K), D0_min=Q_(1, K), D0_max=Q_(2, K), seed=5)
    gap = three_well_gaps(E, D0).m_as(K)[:, 0]
    D = np.linalg.norm(E.m_as(K), axis=1)
    assert_allclose(gap / D, np.sqrt(2 / 3), rtol=2e-5)  # |correction| <~ D/D0 = 1e-5
    assert ATS_GAP_FACTOR == pytest.approx(np.sqrt(2 / 3), rel=1e-15)


def test_dos_standard_equals_the_delta0_integral():
    P, lo, hi = 1.0, 1e-3, 2.0
    for E in (0.01, 0.5, 5.0):
        expected = mpmath.quad(lambda d0, E=E: P / d0 * 2 * E / mpmath.sqrt(E**2 - d0**2), [lo, min(E, hi)])
        got = dos_standard(Q_(E, K), P_bar=Q_(P, "1/K"), Delta0_min=Q_(lo, K), Delta0_max=Q_(hi, K)).m_as("1/K")
        assert_allclose(got, float(expected), rtol=1e-8)  # mpmath at 15 digits with a 1/sqrt endpoint


def test_monte_carlo_dos_agrees_with_the_analytic_dos_within_errors():
    kw = dict(P_star=Q_(1, ""), D_min=Q_(0.1, K), D_max=Q_(10, K), D0_min=Q_(1e3, K), D0_max=Q_(1e5, K))
    c = ATS_GAP_FACTOR
    edges = np.geomspace(0.1 * c * 1.2, 10 * c / 1.2, 9)
    g, s = dos_monte_carlo(Q_(edges, K), n=200000, seed=11, **kw)
    # bin average of 2 pi P~*/E over [a, b]: 2 pi P~* ln(b/a)/(b - a)
    exact = 2 * np.pi * np.log(100) * np.log(edges[1:] / edges[:-1]) / np.diff(edges)
    chi2 = np.sum(((g.m_as("1/K") - exact) / s.m_as("1/K")) ** 2)
    assert chi2 < 26.1  # chi^2 with 8 dof: P(chi^2 > 26.1) = 0.001
    assert_allclose(dos_anomalous(Q_(1.0, K), **kw).m_as("1/K"), 2 * np.pi * np.log(100), rtol=1e-14)


class _FakeClient:
    """A stand-in for dask.distributed.Client: map returns 'futures', gather resolves them."""

    def __init__(self):
        self.calls = 0

    def map(self, func, iterable):
        self.calls += 1
        return [(func, item) for item in iterable]

    def gather(self, futures):
        return [func(item) for func, item in futures]


def test_chunks_and_client_give_the_same_ensemble():
    kw = dict(P_star=Q_(1, ""), D_min=Q_(0.1, K), D_max=Q_(10, K), D0_min=Q_(1e3, K), D0_max=Q_(1e5, K),
              n=30000, seed=7, chunk_size=4096)
    edges = Q_(np.geomspace(0.1, 8, 6), K)
    g1, _ = dos_monte_carlo(edges, **kw)
    client = _FakeClient()
    g2, _ = dos_monte_carlo(edges, client=client, **kw)
    assert client.calls == 1
    assert_allclose(g1.m, g2.m, rtol=0)  # same SeedSequence children: identical chunks


# -- quasi-Monte Carlo: scrambled Sobol' ensembles ----------------------------------------------------------------
def test_sobol_sample_is_reproducible_on_the_plane_and_stratified():
    kw = dict(D_min=Q_(0.01, K), D_max=Q_(1, K), D0_min=Q_(1, K), D0_max=Q_(10, K))
    E, d0 = sample_anomalous(1024, seed=3, sampler="sobol", **kw)
    E2, _ = sample_anomalous(1024, seed=3, sampler="sobol", **kw)
    E3, _ = sample_anomalous(1024, seed=4, sampler="sobol", **kw)
    assert np.array_equal(E.m, E2.m) and not np.array_equal(E.m, E3.m)
    assert np.max(np.abs(E.m.sum(axis=1))) < 1e-12
    D = np.linalg.norm(E.m_as(K), axis=1)
    assert D.min() >= 0.01 and D.max() <= 1.0
    # 2^10 scrambled Sobol' points put exactly one point in each interval [k/1024, (k+1)/1024) of every
    # coordinate: exactly half of D below the geometric mean of its log-uniform range, likewise D_0, and
    # the angle of E in the plane exactly uniform over the quarter-turns
    assert np.sum(D < 0.1) == 512 and np.sum(d0.m_as(K) < np.sqrt(10)) == 512
    ang = np.arctan2(E.m @ np.array([1, 1, -2]) / np.sqrt(6), E.m @ np.array([1, -1, 0]) / np.sqrt(2))
    assert np.array_equal(np.bincount(((ang % (2 * np.pi)) // (np.pi / 2)).astype(int), minlength=4), [256] * 4)


def test_sobol_dos_agrees_with_the_analytic_dos_with_a_smaller_error_bar():
    kw = dict(P_star=Q_(1, ""), D_min=Q_(0.1, K), D_max=Q_(10, K), D0_min=Q_(1e3, K), D0_max=Q_(1e5, K))
    c = ATS_GAP_FACTOR
    edges = np.geomspace(0.1 * c * 1.2, 10 * c / 1.2, 9)
    exact = 2 * np.pi * np.log(100) * np.log(edges[1:] / edges[:-1]) / np.diff(edges)
    g, s = dos_monte_carlo(Q_(edges, K), n=2**15, seed=11, sampler="sobol", scrambles=8, **kw)
    chi2 = np.sum(((g.m_as("1/K") - exact) / s.m_as("1/K")) ** 2)
    assert chi2 < 26.1  # chi^2 with 8 dof: P(chi^2 > 26.1) = 0.001
    _g_r, s_r = dos_monte_carlo(Q_(edges, K), n=2**15, seed=11, **kw)
    assert np.all(s.m < s_r.m)  # stratified in D: the count of a bin of the near-degenerate gap ~ D varies less
    g2, _ = dos_monte_carlo(Q_(edges, K), n=2**15, seed=11, sampler="sobol", scrambles=8, chunk_size=1000, **kw)
    assert_allclose(g2.m, g.m, rtol=1e-12)  # runs of each scramble drawn separately: the same points


def test_sobol_heat_capacity_agrees_with_the_pseudo_random_one():
    from multiwell.tunneling import heat_capacity_monte_carlo

    kw = dict(P_star=Q_(1, ""), D_min=Q_(0.1, K), D_max=Q_(10, K), D0_min=Q_(1, K), D0_max=Q_(10, K))
    T = Q_([0.1, 0.5, 2.0], K)
    C_q, s_q = heat_capacity_monte_carlo(T, n=2**14, seed=5, sampler="sobol", scrambles=8, **kw)
    C_r, s_r = heat_capacity_monte_carlo(T, n=2**16, seed=5, **kw)
    assert np.all(np.abs(C_q.m - C_r.m) < 5 * np.hypot(s_q.m, s_r.m))
    assert np.all(s_q.m < s_r.m)  # 4x fewer systems, a smaller error bar
