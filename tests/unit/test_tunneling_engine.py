"""One tunnelling engine: the zero-field three-well spectra are the field engine's pipeline kernels at B = 0."""

import mpmath
import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from multiwell.geometry import complete
from multiwell.tunneling import _field_engine as engine
from multiwell.tunneling import three_well_gaps, three_well_levels
from multiwell.tunneling._anomalous import _draw_plane_K, _ensemble_gaps_K, _three_well_matrices
from multiwell.units import Q_

EPS = np.finfo(float).eps


def _mp_spectrum(E, d0, dps=30):
    """Levels and gaps of Eq. 3 (zero field) by mpmath's eigsy at ``dps`` digits, from the float inputs."""
    with mpmath.workdps(dps):
        a, b, c = (mpmath.mpf(float(x)) for x in E)
        t = mpmath.mpf(float(d0))
        ev = sorted(mpmath.eigsy(mpmath.matrix([[a, t, t], [t, b, t], [t, t, c]]))[0])
        return [float(x) for x in ev], [float(ev[1] - ev[0]), float(ev[2] - ev[0])]


@given(log_ratio=st.floats(min_value=-12, max_value=1), angle=st.floats(min_value=0, max_value=2 * np.pi),
       log_d0=st.floats(min_value=-3, max_value=3))
def test_engine_gaps_keep_full_precision_against_mpmath(log_ratio, angle, log_d0):
    # D/D0 from 1e-12 (gap ~ 1e-12 D0, where level differences keep nothing) to 10: the pipeline's invariants
    # (Delta = p^3 - q^2 with its O(D0^6) terms cancelled symbolically) give both gaps to a few ulp
    d0 = 10.0**log_d0
    D = d0 * 10.0**log_ratio
    u1, u2 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2), np.array([1.0, 1.0, -2.0]) / np.sqrt(6)
    E = D * (np.cos(angle) * u1 + np.sin(angle) * u2)
    got = three_well_gaps(Q_(E[None, :], "K"), Q_([d0], "K")).m_as("K")[0]
    _, exact = _mp_spectrum(E, d0)
    assert_allclose(got, exact, rtol=32 * EPS)  # measured <= 8 ulp over 1500 random points, D/D0 in 1e-12..10


@given(log_ratio=st.floats(min_value=-12, max_value=1), angle=st.floats(min_value=0, max_value=2 * np.pi))
def test_engine_levels_are_exact_to_a_few_ulp_of_the_matrix(log_ratio, angle):
    d0 = 1.7
    D = d0 * 10.0**log_ratio
    E = D * np.array([np.cos(angle), np.cos(angle - 2 * np.pi / 3), np.cos(angle + 2 * np.pi / 3)])
    got = three_well_levels(Q_(E[None, :], "K"), Q_([d0], "K")).m_as("K")[0]
    exact, _ = _mp_spectrum(E, d0)
    scale = max(2 * d0, np.abs(E).max())
    assert_allclose(got, exact, rtol=0, atol=16 * EPS * scale)  # Viete: measured <= 3.1 ulp of max|H_ij|


def test_engine_matrix_is_eq3_at_zero_field():
    # independent route: Eq. 3 written out, H = diag(E) + D0 (J - 1) with the paper's sign H_ij = +D0
    rng = np.random.default_rng(1)
    E, d0 = rng.normal(size=(5, 3)), rng.uniform(0.5, 2.0, 5)
    H = np.einsum("n,ij->nij", d0, np.ones((3, 3)) - np.eye(3))
    H[:, [0, 1, 2], [0, 1, 2]] = E
    assert_allclose(_three_well_matrices(E, d0), H, rtol=0, atol=0)


def test_zero_field_draws_are_the_field_engine_draws():
    # a block of the zero-field Monte Carlo and the same block of the field engine: the same D, D_0 and
    # E_1 E_2 E_3 (the spectrum's invariants), so the same spectra up to a permutation of the wells
    root = np.random.SeedSequence(42)
    bounds = (0.1, 10.0, 5.0, 50.0)
    D, ang, d0 = _draw_plane_K(engine.BLOCK, *bounds, np.random.default_rng(engine.block_seed(root, 3)))
    u1, u2 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2), np.array([1.0, 1.0, -2.0]) / np.sqrt(6)
    E0 = D[:, None] * (np.cos(ang)[:, None] * u1 + np.sin(ang)[:, None] * u2)
    E1, d1, *_ = engine.sample(engine.BLOCK, engine.block_seed(root, 3), 3, bounds, (1.0, 1.0), "isotropic")
    assert_allclose(d0, d1, rtol=0)
    assert_allclose(np.linalg.norm(E0, axis=1), np.linalg.norm(E1, axis=1), rtol=1e-15)
    assert_allclose(np.prod(E0, axis=1), np.prod(E1, axis=1), rtol=1e-12, atol=1e-15 * 10.0**3)
    p = engine.plan(complete(3))
    lev = engine.levels(p, E1, [d1], np.zeros((E1.shape[0], p.n_loops)))
    # level differences lose ulp(D_0)/gap; D/D_0 >= 2e-3 here
    assert_allclose(engine.gaps3(engine.zero_field_invariants(complete(3)), E0, d0), lev[:, 1:] - lev[:, :1],
                    rtol=1e-10)
    # the Monte Carlo's own route to the gaps, from (D, angle) without E, draws the same spectra
    gaps = _ensemble_gaps_K(engine.BLOCK, *bounds, np.random.default_rng(engine.block_seed(root, 3)))
    assert_allclose(gaps, lev[:, 1:] - lev[:, :1], rtol=1e-10)
