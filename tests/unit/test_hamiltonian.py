"""Hamiltonians: the paper's matrices and textbook spectra, reproduced from geometries."""

import numpy as np
import pytest
import sympy as sp

from multiwell import (
    Q_,
    Geometry,
    Hamiltonian,
    chain,
    complete,
    double_well,
    hamiltonian,
    ring,
    square,
    tetrahedron,
    ureg,
)
from multiwell.units import Phi_0

phi = sp.Symbol("phi", real=True)
D0 = sp.Symbol("D_0", positive=True)
E1, E2, E3 = sp.symbols("E_1 E_2 E_3", real=True)


def test_complete3_with_flux_is_eq7_matrix():
    """Paper Eq. 7: D0 at (i, j) replaced by D0 exp(i phi_ij), phi/3 on each bond of the triangle."""
    H = hamiltonian(complete(3), flux=phi).matrix
    expected = sp.Matrix([
        [E1, D0 * sp.exp(sp.I * phi / 3), D0 * sp.exp(-sp.I * phi / 3)],
        [D0 * sp.exp(-sp.I * phi / 3), E2, D0 * sp.exp(sp.I * phi / 3)],
        [D0 * sp.exp(sp.I * phi / 3), D0 * sp.exp(-sp.I * phi / 3), E3],
    ])
    assert H == expected
    # the loop 0 -> 1 -> 2 -> 0 carries the whole flux
    assert sp.simplify(H[0, 1] * H[1, 2] * H[2, 0] - D0**3 * sp.exp(sp.I * phi)) == 0


def test_complete3_degenerate_spectrum():
    """E_i = 0, phi = 0: eigenvalues of D0*(J - 1) are 2*D0 once and -D0 twice (J the all-ones matrix)."""
    H = hamiltonian(complete(3), flux=phi).subs({E1: 0, E2: 0, E3: 0, phi: 0})
    assert H.matrix.eigenvals() == {-D0: 2, 2 * D0: 1}


def test_double_well_is_eq1():
    Delta, Delta0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
    H = hamiltonian(double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]).matrix
    assert H == -sp.Rational(1, 2) * sp.Matrix([[Delta, Delta0], [Delta0, -Delta]])
    levels = H.eigenvals()
    assert set(levels) == {sp.sqrt(Delta**2 + Delta0**2) / 2, -sp.sqrt(Delta**2 + Delta0**2) / 2}


def test_square_is_eq4_without_field():
    D1, D2 = sp.symbols("D_1 D_2", positive=True)
    E = sp.symbols("E_1:5", real=True)
    expected = sp.Matrix([[E[0], D1, D2, D1], [D1, E[1], D1, D2], [D2, D1, E[2], D1], [D1, D2, D1, E[3]]])
    assert hamiltonian(square()).matrix == expected


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7])
def test_ring_spectrum_is_bloch_band(n):
    """Ring of n wells, hopping t, flux phi: E_k = 2 t cos((2 pi k + phi)/n) (Bloch's theorem)."""
    H = hamiltonian(ring(n), flux=phi)
    values = {s: 0.0 for s in H.symbols}
    t, f = 0.7, 1.234
    values[D0], values[phi] = t, f
    expected = np.sort([2 * t * np.cos((2 * np.pi * k + f) / n) for k in range(n)])
    np.testing.assert_allclose(H.eigvalsh(values), expected, rtol=0, atol=1e-13)  # float64 roundoff only


def test_tetrahedron_without_field():
    """K4 adjacency times t: eigenvalues 3t, -t, -t, -t."""
    H = hamiltonian(tetrahedron())
    values = {s: 0.0 for s in H.symbols}
    values[D0] = 1.5
    np.testing.assert_allclose(H.eigvalsh(values), [-1.5, -1.5, -1.5, 4.5], atol=1e-13)


def test_square_symmetric_gauge_diagonals_have_no_phase():
    H = hamiltonian(square(), flux=phi).matrix
    assert H[0, 2].free_symbols == {sp.Symbol("D_2", positive=True)}
    assert H[0, 1] == sp.Symbol("D_1", positive=True) * sp.exp(sp.I * phi / 4)
    # the triangle 0 -> 1 -> 2 -> 0 encloses half the square, so half the flux
    assert sp.simplify(sp.arg(H[0, 1] * H[1, 2] * H[2, 0]).subs(phi, sp.Rational(1, 3))) == sp.Rational(1, 6)


@pytest.mark.parametrize("gauge", ["symmetric", "landau", "tree", "equal"])
def test_gauges_agree_on_loop_products(gauge):
    g = square()
    H = hamiltonian(g, flux=phi, gauge=gauge).matrix
    for loop in g.loops():
        product = sp.Integer(1)
        for a, b in loop.steps:
            product *= H[a, b]
        expected_flux = phi * loop.area[2] / g.hull_area()
        assert sp.simplify(sp.expand(product / abs(product)) - sp.exp(sp.I * expected_flux)) == 0


def test_equal_gauge_spreads_flux_evenly_on_ring():
    H = hamiltonian(complete(4), flux=phi, gauge="equal").matrix
    for k in range(4):
        assert H[k, (k + 1) % 4] == D0 * sp.exp(sp.I * phi / 4)


def test_per_loop_fluxes_in_tree_gauge():
    a, b, c = sp.symbols("a b c", real=True)
    g = square()
    H = hamiltonian(g, flux=[a, b, c])
    assert H.fluxes == (a, b, c)
    for loop, f in zip(g.loops(), (a, b, c), strict=True):
        product = sp.Integer(1)
        for x, y in loop.steps:
            product *= H.matrix[x, y]
        assert sp.simplify(product / abs(product) - sp.exp(sp.I * f)) == 0


def test_field_in_tesla_gives_aharonov_bohm_phase():
    """A 10 nm equilateral triangle in 1 T: loop phase 2 pi B S / (h/e)."""
    side = 10.0
    pts = [(0, 0), (side, 0), (side / 2, side * np.sqrt(3) / 2)] * ureg.nm
    g = Geometry(pts, [(0, 1), (1, 2), (0, 2)])
    B = Q_(1.0, "T")
    H = hamiltonian(g, flux=B)
    M = H.numeric({s: 1.0 for s in H.symbols if s.is_positive} | {s: 0.0 for s in H.symbols if not s.is_positive})
    area = np.sqrt(3) / 4 * (side * 1e-9) ** 2
    expected = 2 * np.pi * (B * Q_(area, "m^2") / Phi_0).m_as("")
    np.testing.assert_allclose(np.angle(M[0, 1] * M[1, 2] * M[2, 0]), expected, rtol=1e-12)


def test_traceless_constraint_recorded():
    H = hamiltonian(complete(3), traceless=True)
    assert H.constraints == (E1 + E2 + E3,)


def test_trace_is_sum_of_energies_and_hermitian():
    H = hamiltonian(complete(5), flux=phi)
    assert sp.expand(H.matrix.trace() - sum(H.energies)) == 0
    assert H.matrix == H.matrix.H


def test_standard_convention_halves_and_flips_hopping():
    H = hamiltonian(chain(3), convention="standard")
    assert H.matrix[0, 1] == -D0 / 2


def test_gauge_transform_changes_bonds_not_spectrum():
    H = hamiltonian(complete(3), flux=phi)
    chi = [sp.Integer(0), sp.Rational(1, 2), sp.Rational(-1, 3)]
    G = H.gauge_transform(chi)
    assert G.matrix[0, 1] == D0 * sp.exp(sp.I * (phi / 3 - sp.Rational(1, 2)))
    values = {E1: 0.3, E2: -0.1, E3: 0.05, D0: 1.0, phi: 0.4}
    np.testing.assert_allclose(G.eigvalsh(values), H.eigvalsh(values), atol=1e-13)


def test_from_matrix_and_latex():
    x = sp.Symbol("x", real=True)
    H = Hamiltonian.from_matrix([[x, sp.I], [-sp.I, -x]])
    assert H.symbols == (x,)
    assert H._repr_latex_().startswith("$\\left[")


def test_with_flux_rebuilds():
    H = hamiltonian(ring(5))
    assert H.with_flux(phi).matrix[0, 1] == D0 * sp.exp(sp.I * phi / 5)


def test_heptagon_chord_fluxes_are_exact_in_the_cosine_basis():
    """complete(7), symmetric gauge about the centre: the bond i -> j carries the flux of the
    triangle (centre, i, j), a fraction sin(2 pi k / 7) / (7 sin(2 pi / 7)) of the heptagon's
    (k = j - i). By hand: k = 1 gives 1/7, k = 2 gives 2 cos(2 pi/7)/7 (sin 2x = 2 sin x cos x),
    k = 3 gives (4 cos^2(2 pi/7) - 1)/7 (sin 3x = sin x (4 cos^2 x - 1)). The phases must come
    out in this form, a polynomial in c = cos(2 pi/7), not as quotients of sums of sines."""
    from multiwell.hamiltonian import peierls_phases

    c = sp.cos(2 * sp.pi / 7)
    theta, _ = peierls_phases(complete(7), phi)
    by_hand = {1: phi / 7, 2: 2 * c * phi / 7, 3: (4 * c**2 - 1) * phi / 7}
    for (i, j), value in theta.items():
        k = (j - i) % 7
        expected = by_hand[k] if k <= 3 else -by_hand[7 - k]  # the chord j -> i the other way round
        assert sp.expand(value - expected) == 0, ((i, j), value)
        assert not value.has(sp.sin)
    # loop products are gauge invariant: each triangle (0, i, j) carries its area fraction, computed
    # here independently from the positions by the shoelace formula in floating point
    H = hamiltonian(complete(7), flux=phi)
    xy = np.array([[np.cos(2 * np.pi * k / 7), np.sin(2 * np.pi * k / 7)] for k in range(7)])
    heptagon = 0.5 * 7 * np.sin(2 * np.pi / 7)
    M = H.numeric({phi: 1.0, **{s: 1.0 for s in H.symbols if s != phi}})
    for i, j in [(1, 2), (1, 3), (2, 5), (3, 6)]:
        loop = M[0, i] * M[i, j] * M[j, 0]
        a, b, o = xy[i], xy[j], xy[0]
        area = 0.5 * ((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]))
        assert np.angle(loop) == pytest.approx(area / heptagon, abs=1e-13)


def test_cosine_basis_recognises_field_members_and_nothing_else():
    from multiwell.hamiltonian._fractions import _in_cosine_basis

    x = 2 * sp.pi / 9
    # sin(3x)/sin(x) = 4 cos^2 x - 1, exactly
    assert sp.expand(_in_cosine_basis(sp.sin(3 * x) / sp.sin(x)) - (4 * sp.cos(x) ** 2 - 1)) == 0
    # sin(pi/7) is not in Q(cos(2 pi/7)) (its square is, but it is not): no relation may be invented
    assert _in_cosine_basis(sp.sin(sp.pi / 7)) is None
    assert _in_cosine_basis(sp.sqrt(2) + sp.cos(sp.pi / 7)) is None  # sqrt(2) is not in Q(cos(pi/7))
    assert _in_cosine_basis(sp.sqrt(2)) is None  # no cosine to build a basis from
