"""Symmetry blocks and closed-form spectra of symmetric geometries in a field.

Every reference spectrum is numpy's eigvalsh of a Peierls matrix built here by hand, independently
of multiwell.hamiltonian: H_ij = t_ij exp(i theta_ij), theta_ij = b * A(r_mid) . (r_j - r_i) with the
symmetric gauge A = n x r / 2 (exact for a straight bond since A is linear), and b fixed so that the
flux through the reference area (the area of the wells' convex hull seen along n, computed by hand
below) is phi. The group orders are the textbook point groups that keep an axial vector along n.
"""

import itertools

import numpy as np
import pytest
import sympy as sp

from multiwell import Geometry, PolyRoot, eigenvalues, hamiltonian, ring, symmetries, symmetry_blocks

phi = sp.Symbol("phi", real=True)
D0, D1 = sp.Symbol("D_0", positive=True), sp.Symbol("D_1", positive=True)
Ea, Eb = sp.symbols("E_a E_b", real=True)
RNG = np.random.default_rng(20261206)

OCTAHEDRON = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
OCTAHEDRON_BONDS = [(i, j) for i, j in itertools.combinations(range(6), 2) if i // 2 != j // 2]
CUBE = [(x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]
CUBE_BONDS = [(i, j) for i, j in itertools.combinations(range(8), 2)
              if sum(a != b for a, b in zip(CUBE[i], CUBE[j], strict=True)) == 1]
PRISM = [(sp.cos(sp.pi * k / 3), sp.sin(sp.pi * k / 3), z) for z in (-1, 1) for k in range(6)]
PRISM_BONDS = [(6 * z + k, 6 * z + (k + 1) % 6, "D_0") for z in (0, 1) for k in range(6)] + \
    [(k, k + 6, "D_1") for k in range(6)]
HEXAGON = [(sp.cos(sp.pi * k / 3), sp.sin(sp.pi * k / 3)) for k in range(6)]

# reference areas, by hand: the octahedron seen along (1,1,1) is a regular hexagon of circumradius
# sqrt(2/3), area (3 sqrt3 / 2)(2/3) = sqrt3; the cube along z a 2x2 square; a unit hexagon 3 sqrt3 / 2.
AREA_OCTAHEDRON_111 = np.sqrt(3.0)
AREA_CUBE_Z = 4.0
AREA_HEXAGON = 1.5 * np.sqrt(3.0)


def peierls(points, bonds, hoppings, energies, direction, area, phi_value):
    """Independent Peierls matrix: phases from A = b n x r / 2, b = phi / area."""
    r = np.array([[float(c) for c in p] + [0.0] * (3 - len(p)) for p in points])
    n = np.array(direction, dtype=float)
    n /= np.linalg.norm(n)
    b = phi_value / area
    H = np.diag(np.array(energies, dtype=complex))
    for bond in bonds:
        i, j = bond[0], bond[1]
        t = hoppings[bond[2] if len(bond) == 3 else "D_0"]
        mid = (r[i] + r[j]) / 2
        theta = b * np.dot(np.cross(n, mid) / 2, r[j] - r[i])
        H[i, j] = t * np.exp(1j * theta)
        H[j, i] = np.conj(H[i, j])
    return H


def assert_closed_forms(levels, *, cubic=False):
    """No PolyRoot/CRootOf, no I; unless ``cubic`` (an irreducible cubic: Viete), no atan2/Max/Piecewise."""
    for level in levels:
        level = sp.sympify(level)
        assert not level.has(PolyRoot, sp.CRootOf), level
        assert cubic or not level.has(sp.Piecewise, sp.atan2, sp.Max), level
        assert not level.has(sp.I), level  # real trigonometric form, no complex roots of unity


def evaluate(levels, values):
    return np.sort([float(sp.N(sp.sympify(level).xreplace(values), 20)) for level in levels])


@pytest.mark.parametrize(("name", "points", "bonds", "direction", "area", "order"), [
    pytest.param("octahedron", OCTAHEDRON, OCTAHEDRON_BONDS, (1, 1, 1), AREA_OCTAHEDRON_111, 6, id="octahedron-111"),
    pytest.param("cube", CUBE, CUBE_BONDS, (0, 0, 1), AREA_CUBE_Z, 8, id="cube-z"),
    pytest.param("prism", PRISM, PRISM_BONDS, (0, 0, 1), AREA_HEXAGON, 12, id="hexagonal-prism-z"),
])
def test_closed_forms_match_independent_peierls_matrix(name, points, bonds, direction, area, order):
    """C3i (6), C4h (8), C6h (12): every level a closed form equal to eigvalsh at random points."""
    g = Geometry(points, bonds, name=name)
    n = g.n_wells
    H = hamiltonian(g, flux=phi, direction=direction, energies=[Ea] * n)
    assert len(symmetries(H)) == order
    levels = eigenvalues(H)
    assert len(levels) == n
    assert_closed_forms(levels)
    for _ in range(3):
        t0, t1, e, f = RNG.uniform(0.3, 2.0), RNG.uniform(0.3, 2.0), RNG.uniform(-1, 1), RNG.uniform(-7, 7)
        reference = np.linalg.eigvalsh(peierls(points, bonds, {"D_0": t0, "D_1": t1}, [e] * n, direction, area, f))
        found = evaluate(levels, {D0: t0, D1: t1, Ea: e, phi: f})
        np.testing.assert_allclose(found, reference, rtol=0, atol=1e-12)  # float64 eigvalsh of an O(1) matrix


def test_octahedron_111_levels_are_the_hand_forms():
    r"""0, -2t cos(phi/6) twice, 4t cos(phi/6), +-2 sqrt3 t sin(phi/6) (the last pair as a set)."""
    g = Geometry(OCTAHEDRON, OCTAHEDRON_BONDS)
    levels = eigenvalues(hamiltonian(g, flux=phi, direction=(1, 1, 1), energies=[0] * 6))
    c, s = sp.cos(phi / 6), sp.sin(phi / 6)
    expected = [0, -2 * D0 * c, -2 * D0 * c, 4 * D0 * c, 2 * sp.sqrt(3) * D0 * s, -2 * sp.sqrt(3) * D0 * s]
    assert sorted(map(sp.expand, levels), key=sp.default_sort_key) == \
        sorted(map(sp.expand, expected), key=sp.default_sort_key)
    for f in RNG.uniform(-7, 7, 3):
        reference = np.linalg.eigvalsh(peierls(OCTAHEDRON, OCTAHEDRON_BONDS, {"D_0": 1.0}, [0.0] * 6,
                                               (1, 1, 1), AREA_OCTAHEDRON_111, f))
        np.testing.assert_allclose(evaluate(expected, {D0: 1, phi: f}), reference, atol=1e-12)


@pytest.mark.parametrize("energies", [[Ea] * 6, [Ea, Eb] * 3], ids=["equal", "alternating"])
def test_hexagon_with_flux(energies):
    """Equal wells: the Bloch band; alternating E_a, E_b: C3 gives three 2x2 blocks, closed forms too."""
    g = ring(6)
    H = hamiltonian(g, flux=phi, energies=energies)
    levels = eigenvalues(H)
    assert_closed_forms(levels)
    bonds = [(b.i, b.j) for b in g.bonds]
    for _ in range(3):
        t0, a, b, f = RNG.uniform(0.3, 2), RNG.uniform(-1, 1), RNG.uniform(-1, 1), RNG.uniform(-7, 7)
        es = [a] * 6 if energies[1] == Ea else [a, b] * 3
        reference = np.linalg.eigvalsh(peierls(HEXAGON, bonds, {"D_0": t0}, es, (0, 0, 1), AREA_HEXAGON, f))
        np.testing.assert_allclose(evaluate(levels, {D0: t0, Ea: a, Eb: b, phi: f}), reference, atol=1e-12)


@pytest.mark.parametrize("gauge", ["symmetric", "tree", "landau"])
def test_symmetries_survive_any_gauge(gauge):
    """A gauge moves the phases on bonds, not the symmetry: the square with flux keeps its 4 rotations."""
    H = hamiltonian(ring(4), flux=phi, gauge=gauge, energies=[0] * 4)
    found = symmetries(H)
    assert len(found) == 4
    for s in found:  # U H U^dagger = H exactly
        U = s.matrix()
        assert sp.simplify(U * H.matrix * U.H - H.matrix) == sp.zeros(4, 4)
    levels = eigenvalues(H)
    assert_closed_forms(levels)
    bonds = [(b.i, b.j) for b in ring(4).bonds]
    square = [(sp.cos(sp.pi * k / 2), sp.sin(sp.pi * k / 2)) for k in range(4)]
    reference = np.linalg.eigvalsh(peierls(square, bonds, {"D_0": 1.3}, [0.0] * 4, (0, 0, 1), 2.0, 2.1))
    np.testing.assert_allclose(evaluate(levels, {D0: 1.3, phi: 2.1}), reference, atol=1e-12)


def test_blocks_are_a_unitary_block_diagonalisation():
    """V = [V_1 ... V_k] is unitary and V^dagger H V is the direct sum of the blocks (numerically)."""
    g = Geometry(OCTAHEDRON, OCTAHEDRON_BONDS)
    H = hamiltonian(g, flux=phi, direction=(0, 0, 1), energies=[Ea] * 6)
    split = symmetry_blocks(H)
    assert split.order == 8 and sorted(split.sizes) == [1, 1, 1, 1, 2]
    values = {D0: 0.7, Ea: 0.2, phi: 1.9}
    V = np.array(sp.Matrix.hstack(*split.basis).xreplace(values).evalf(20).tolist(), dtype=complex)
    np.testing.assert_allclose(V.conj().T @ V, np.eye(6), atol=1e-14)
    M = H.numeric(values)
    direct = np.zeros((6, 6), dtype=complex)
    k = 0
    for B in split.blocks:
        d = B.rows
        direct[k:k + d, k:k + d] = np.array(B.xreplace(values).evalf(20).tolist(), dtype=complex)
        k += d
    np.testing.assert_allclose(V.conj().T @ M @ V, direct, atol=1e-13)


def test_distinct_energies_have_no_symmetry():
    H = hamiltonian(ring(5), flux=phi)
    assert [s.permutation for s in symmetries(H)] == [tuple(range(5))]
    assert symmetry_blocks(H).sizes == (5,)


# -- a field in tesla ----------------------------------------------------------------------------------------
E_CHARGE, HBAR = 1.602176634e-19, 1.054571817e-34  # C, J s (exact SI / CODATA 2018), independent of pint


def _octahedron_nm(side_nm=10.0):
    from multiwell import Q_

    return Geometry(Q_(np.array(OCTAHEDRON, dtype=float) * side_nm, "nm"), OCTAHEDRON_BONDS)


def _si_peierls(B_vec_T, scale_m, energies, t):
    """Octahedron in SI: theta_ij = (e/hbar) A(r_mid).(r_j - r_i), A = B x r / 2 (r in metres)."""
    r = np.array(OCTAHEDRON, dtype=float) * scale_m
    H = np.diag(np.array(energies, dtype=complex))
    for i, j in OCTAHEDRON_BONDS:
        mid = (r[i] + r[j]) / 2
        theta = E_CHARGE / HBAR * np.dot(np.cross(B_vec_T, mid) / 2, r[j] - r[i])
        H[i, j] = t * np.exp(1j * theta)
        H[j, i] = np.conj(H[i, j])
    return H


@pytest.mark.parametrize(("field", "B_vec"), [
    pytest.param(("scalar", (0, 0, 1)), (0.0, 0.0, 2.0), id="2T-along-z"),
    pytest.param(("vector", None), (2.0, 2.0, 2.0), id="(2,2,2)T"),
])
def test_field_in_tesla_keeps_phases_exact(field, B_vec):
    """No Float in the matrix or the polynomial (no 1e-19 i residue); levels = SI eigvalsh."""
    from multiwell import Q_, characteristic_polynomial

    g = _octahedron_nm()
    B = Q_(2, "T") if field[0] == "scalar" else Q_(list(B_vec), "T")
    H = hamiltonian(g, flux=B)
    assert not H.matrix.has(sp.Float)
    P = characteristic_polynomial(H)
    assert not any(c.has(sp.Float) or c.has(sp.I) for c in P.coeffs())
    assert P.domain.is_PolynomialRing and P.domain.domain == sp.ZZ
    values = {s: v for s, v in zip(H.symbols, RNG.uniform(-0.5, 0.5, 6).tolist() + [0.8], strict=True)}
    reference = np.linalg.eigvalsh(_si_peierls(np.array(B_vec), 10e-9, list(values.values())[:6], 0.8))
    np.testing.assert_allclose(H.eigvalsh(values), reference, atol=1e-12)
    # symmetric energies: closed forms, evaluated with the attached value of phi_B
    H0 = hamiltonian(g, flux=B, energies=[Ea] * 6)
    levels = eigenvalues(H0)
    assert_closed_forms(levels)
    found = evaluate(levels, {D0: 0.8, Ea: 0.1, **H0.values})
    reference = np.linalg.eigvalsh(_si_peierls(np.array(B_vec), 10e-9, [0.1] * 6, 0.8))
    np.testing.assert_allclose(found, reference, atol=1e-12)


def test_field_in_tesla_general_energies_give_numeric_roots():
    """Distinct energies: no symmetry, the degree-6 roots are PolyRoots that evaluate to eigvalsh."""
    from multiwell import Q_

    H = hamiltonian(_octahedron_nm(), flux=Q_(2, "T"))
    levels = eigenvalues(H)
    values = {s: 0.1 * k for k, s in enumerate(H.symbols, 1)}
    found = evaluate(levels, {**values, **H.values})
    np.testing.assert_allclose(found, H.eigvalsh(values), atol=1e-12)


@pytest.mark.parametrize(("flux", "message"), [
    pytest.param(("m", 2), r"^flux: expected a magnetic field", id="length-not-field"),
    pytest.param(("T", [1, 2]), r"^flux: expected a scalar field or a 3-vector", id="two-components"),
])
def test_field_bad_input(flux, message):
    from multiwell import Q_, UnitError

    with pytest.raises(UnitError, match=message):
        hamiltonian(_octahedron_nm(), flux=Q_(flux[1], flux[0]))


@pytest.mark.parametrize(("name", "direction", "gauge", "order"), [
    pytest.param("tetrahedron", (1, 1, 1), "symmetric", 3, id="tetrahedron-111-C3"),
    pytest.param("tetrahedron", (0, 0, 1), "symmetric", 4, id="tetrahedron-z-S4"),
    pytest.param("cube", (1, 1, 1), "symmetric", 6, id="cube-111-C3i"),
    pytest.param("cube", (1, 1, 0), "symmetric", 4, id="cube-110-C2h"),  # two 3x3 blocks: Viete
    pytest.param("octahedron", (1, 1, 0), "symmetric", 4, id="octahedron-110-C2h"),
    pytest.param("octahedron", (1, 1, 1), "landau", 6, id="octahedron-111-landau"),
    pytest.param("cube", (0, 0, 1), "tree", 8, id="cube-z-tree-gauge"),
])
def test_tilted_fields_and_other_gauges(name, direction, gauge, order):
    """Point groups that keep an axial vector along the field; closed forms equal eigvalsh of H itself."""
    from multiwell import tetrahedron

    g = {"tetrahedron": tetrahedron(), "cube": Geometry(CUBE, CUBE_BONDS),
         "octahedron": Geometry(OCTAHEDRON, OCTAHEDRON_BONDS)}[name]
    H = hamiltonian(g, flux=phi, direction=direction, gauge=gauge, energies=[Ea] * g.n_wells)
    assert len(symmetries(H)) == order
    levels = eigenvalues(H)
    assert_closed_forms(levels, cubic=direction == (1, 1, 0) and name == "cube")
    for _ in range(2):
        values = {D0: RNG.uniform(0.3, 2), Ea: RNG.uniform(-1, 1), phi: RNG.uniform(-7, 7)}
        np.testing.assert_allclose(evaluate(levels, values), H.eigvalsh(values), atol=1e-12)


def test_entries_outside_the_phase_form():
    """exp(x), x > 0, is no unimodular phase: symmetries() names the entry; eigenvalues() skips the split."""
    from multiwell import ParameterError

    x = sp.Symbol("x", positive=True)
    M = sp.Matrix([[0, sp.exp(x)], [sp.exp(x), 0]])
    with pytest.raises(ParameterError, match=r"^H: entry \(0, 1\) = exp\(x\) is not a sum"):
        symmetries(M)
    levels = sorted(float(level.subs(x, 0.3)) for level in eigenvalues(M))
    np.testing.assert_allclose(levels, [-np.exp(0.3), np.exp(0.3)], rtol=1e-14)  # [[0, a], [a, 0]]: -a, a


def test_field_value_reaches_the_numeric_functions():
    """to_numpy of a Hamiltonian in 2 T substitutes phi_B's value: its levels equal eigvalsh."""
    from multiwell import Q_, to_numpy

    H = hamiltonian(_octahedron_nm(), flux=Q_(2, "T"))
    values = [0.1, -0.2, 0.3, 0.05, -0.15, 0.0, 0.9]
    f = to_numpy(H, params=H.symbols)
    np.testing.assert_allclose(f(*values), H.eigvalsh(dict(zip(H.symbols, values, strict=True))), atol=1e-13)
