"""Symmetry blocks and closed-form spectra of symmetric geometries in a field.

Every reference spectrum is numpy's eigvalsh of a Peierls matrix built here by hand, independently
of multiwell.hamiltonian: H_ij = t_ij exp(i theta_ij), theta_ij = b * A(r_mid) . (r_j - r_i) with the
symmetric gauge A = n x r / 2 (exact for a straight bond since A is linear), and b fixed so that the
flux through the reference area (the area of the wells' convex hull seen along n, computed by hand
below) is phi. The group orders are the textbook point groups that keep an axial vector along n.
"""

import itertools
import math

import numpy as np
import pytest
import sympy as sp

from multiwell import Geometry, PolyRoot, QuarticRoot, eigenvalues, hamiltonian, ring, symmetries, symmetry_blocks

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
    """No PolyRoot/CRootOf, no I; unless ``cubic`` (an irreducible cubic or quartic: Viete), no atan2/Max/Piecewise."""
    for level in levels:
        level = sp.sympify(level)
        # a quartic's level in radicals, written out (it carries its block, complex phases, for numerics)
        level = level.xreplace({r: r.explicit() for r in level.atoms(QuarticRoot)})
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
    values = {s: v for s, v in zip(H.symbols, [*RNG.uniform(-0.5, 0.5, 6).tolist(), 0.8], strict=True)}
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


# -- the whole group: irreducible representations (issue 24) --------------------------------------------------
import functools  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from multiwell import complete, cube, cuboctahedron, fullerene, icosahedron, octahedron, tetrahedron  # noqa: E402

GOLDEN = (1 + np.sqrt(5)) / 2


def _adjacency_by_distance(points):
    """Independent numeric adjacency: the pairs at the smallest distance (float coordinates, typed by hand)."""
    r = np.array(points, dtype=float)
    d = np.linalg.norm(r[:, None] - r[None, :], axis=2)
    shortest = d[d > 0].min()
    return (np.abs(d - shortest) < 1e-9).astype(float)


def _truncated_icosahedron_floats():
    """C60 vertices: even permutations of (0, +-1, +-3g), (+-1, +-(2+g), +-2g), (+-g, +-2, +-(2g+1))."""
    out = []
    for base in [(0, 1, 3 * GOLDEN), (1, 2 + GOLDEN, 2 * GOLDEN), (GOLDEN, 2, 2 * GOLDEN + 1)]:
        for signs in itertools.product((1, -1), repeat=3):
            p = tuple(s * c for s, c in zip(signs, base, strict=True))
            for q in (p, (p[2], p[0], p[1]), (p[1], p[2], p[0])):
                if not any(np.allclose(q, o) for o in out):
                    out.append(q)
    return out


def _levels_at(levels, values, dps=30):
    """Each level evaluated with evalf(subs=...) at ``dps`` digits (no intermediate float rounding)."""
    return np.sort([float(sp.N(sp.sympify(level), dps, subs=values)) for level in levels])


@pytest.mark.parametrize(("preset", "textbook"), [
    pytest.param(octahedron, {4: 1, 0: 3, -2: 2}, id="octahedron-Oh"),
    pytest.param(cube, {3: 1, 1: 3, -1: 3, -3: 1}, id="cube-Oh"),
    pytest.param(cuboctahedron, {4: 1, 2: 3, 0: 3, -2: 5}, id="cuboctahedron-Oh"),
    pytest.param(icosahedron, {5: 1, sp.sqrt(5): 3, -1: 5, -sp.sqrt(5): 3}, id="icosahedron-Ih"),
])
def test_solids_without_field_split_into_irreducible_blocks(preset, textbook):
    """Adjacency spectra of the solids (textbook values, in units of D_0): every block 1x1, the
    irreducible representations' dimensions are the degeneracies, the levels exact."""
    g = preset()
    H = hamiltonian(g, energies=[0] * g.n_wells)
    split = symmetry_blocks(H)
    assert split.order == (120 if preset is icosahedron else 48)
    assert set(split.sizes) == {1}
    assert sum(split.degeneracies) == g.n_wells
    found = {}
    for B, k in zip(split.blocks, split.degeneracies, strict=True):
        level = sp.nsimplify(sp.expand(B[0, 0] / D0))
        found[level] = found.get(level, 0) + k
    assert found == {sp.sympify(k): v for k, v in textbook.items()}
    assert sorted(map(sp.expand, eigenvalues(H)), key=sp.default_sort_key) == sorted(
        (sp.expand(k * D0) for k, v in textbook.items() for _ in range(v)), key=sp.default_sort_key)


def test_complete_graph_symmetric_group():
    """K_n as a bare matrix (no geometry to keep): the symmetric group S_n, whose permutation representation
    is trivial + standard (dimension n - 1): levels (n - 1) D_0 once and -D_0 n - 1 times."""
    for n in (3, 4, 5):
        split = symmetry_blocks(hamiltonian(complete(n), energies=[Ea] * n).matrix)
        assert split.order == math.factorial(n)
        assert sorted(zip(split.dimensions, split.sizes, strict=True)) == [(1, 1), (n - 1, 1)]
        assert sorted(split.levels(), key=sp.default_sort_key) == sorted(
            [(n - 1) * D0 + Ea] + [-D0 + Ea] * (n - 1), key=sp.default_sort_key)


@functools.cache
def _c60(two_hoppings: bool):
    g = fullerene(hopping="D_5", hexagon_hopping="D_6") if two_hoppings else fullerene()
    H = hamiltonian(g, energies=[Ea] * 60)
    return g, H, symmetry_blocks(H), eigenvalues(H)


def test_c60_every_level_in_closed_form():
    """C60 without field: I_h (order 120), blocks of size <= 3, 60/60 levels closed forms equal to eigvalsh
    of an adjacency built independently from float coordinates; the HOMO is the five-fold h_u level
    (sqrt5 - 1)/2 (Hueckel, units of D_0, 30 levels above it)."""
    _, _, split, levels = _c60(False)
    assert split.order == 120 and max(split.sizes) <= 3
    assert sum(s * k for s, k in zip(split.sizes, split.degeneracies, strict=True)) == 60
    assert sorted(set(split.dimensions)) == [1, 3, 4, 5]  # I_h irreps in the 60-vertex permutation representation
    assert len(levels) == 60
    assert_closed_forms(levels, cubic=True)
    A = _adjacency_by_distance(_truncated_icosahedron_floats())
    assert A.sum() == 180  # 90 bonds
    for t, e in [(1.0, 0.0), (0.83, -0.21)]:
        reference = np.linalg.eigvalsh(t * A + e * np.eye(60))
        np.testing.assert_allclose(_levels_at(levels, {D0: t, Ea: e}), reference, rtol=0, atol=1e-12 * 3 * t)
    descending = sorted(levels, key=lambda lv: -float(sp.N(lv, 30, subs={D0: 1, Ea: 0})))
    homo = [lv for lv in descending[25:30]]
    assert all(sp.simplify(lv.subs({D0: 1, Ea: 0}) - (sp.sqrt(5) - 1) / 2) == 0 for lv in homo)


@pytest.mark.slow
def test_c60_two_hoppings():
    """Pentagon and hexagon-hexagon bonds D_5, D_6 (bond alternation keeps I_h): closed forms = eigvalsh."""
    _, H, split, levels = _c60(True)
    assert split.order == 120 and max(split.sizes) <= 3
    assert_closed_forms(levels, cubic=True)
    values = {D0: 0, sp.Symbol("D_5", positive=True): 0.9, sp.Symbol("D_6", positive=True): 1.2, Ea: 0.1}
    np.testing.assert_allclose(_levels_at(levels, values), H.eigvalsh(values), atol=1e-12 * 3 * 1.2)


@pytest.mark.parametrize(("direction", "order", "polyroots"), [
    pytest.param((0, 1, (1 + sp.sqrt(5)) / 2), 10, 0, id="five-fold-S10"),
    pytest.param((1, 1, 1), 6, 0, id="three-fold-S6"),
    pytest.param((1, 0, 0), 4, 0, id="two-fold-C2h"),  # blocks 4, 2, 2, 4: the quartics in radicals (QuarticRoot)
])
def test_icosahedron_in_a_field_along_its_axes(direction, order, polyroots):
    """The magnetic group (rotations about the field and the inversion) splits H; the levels equal eigvalsh of
    H itself at a generic point and at the degenerate point phi = 0 (every digit: PolyRoots go through their
    block)."""
    H = hamiltonian(icosahedron(), flux=phi, direction=direction, energies=[Ea] * 12)
    # the loop areas along an axis lie in Q(sqrt 5): the phases are rational multiples of phi and of at most one
    # generator phi_1 (an irrational multiple of phi, its value kept in H.values and substituted when evaluating)
    assert len(H.values) <= 1
    split = symmetry_blocks(H)
    assert split.order == order
    levels = eigenvalues(H)
    assert sum(lv.has(PolyRoot) for lv in levels) == polyroots
    assert_closed_forms([lv for lv in levels if not lv.has(PolyRoot)], cubic=True)
    for f, t, e in [(0.0, 0.8, 0.1), (0.0, 1.0, 0.0), (2.3, 0.7, -0.3)]:
        reference = H.eigvalsh({D0: t, Ea: e, phi: f})
        generators = {g: v.subs(phi, f) for g, v in H.values.items()}
        found = np.sort([float(lv.subs({D0: t, Ea: e, phi: f, **generators})) for lv in levels])
        np.testing.assert_allclose(found, reference, rtol=0, atol=1e-12 * 5 * t)  # ||H|| <= 5 t + |e|


def test_polyroot_at_a_degenerate_point_keeps_every_digit():
    """Ring of five with two kinds of well: no symmetry, five PolyRoots. At phi = 0 and equal energies the
    ring's levels 2 cos(2 pi k / 5) are doubly degenerate; float values substituted as a user would."""
    E1, E2 = sp.symbols("E_1 E_2", real=True)
    H = hamiltonian(ring(5), flux=phi, energies=[E1, E2, E1, E2, 0])
    levels = eigenvalues(H)
    assert all(isinstance(lv, PolyRoot) for lv in levels)
    exact = np.sort([2 * 0.9 * np.cos(2 * np.pi * k / 5) for k in range(5)])  # Bloch band, by hand
    found = np.sort([float(lv.subs({D0: 0.9, E1: 0.0, E2: 0.0, phi: 0.0})) for lv in levels])
    np.testing.assert_allclose(found, exact, rtol=0, atol=1e-14)
    # the printed form stays PolyRoot(P, E, k) (the block is not shown)
    assert str(levels[0]).count("Matrix") == 0


def test_polyroot_of_a_factor_picks_its_own_eigenvalues():
    """PolyRoot(f, x, k, B) with f a proper factor of det(x - B): the k-th root of f, from B's eigenvalues."""
    x, a, d, c = sp.Symbol("x"), *sp.symbols("a d c", real=True)
    B = sp.ImmutableMatrix([[a, d, 0], [d, a, 0], [0, 0, c]])
    f = (x - a) ** 2 - d**2  # roots a -+ d
    for values in [{a: 0.3, d: 0.0, c: 0.3}, {a: 0.3, d: 1e-9, c: 5.0}, {a: 0.3, d: 0.2, c: 0.1}]:
        got = [float(PolyRoot(f, x, k, B).subs(values)) for k in range(2)]
        np.testing.assert_allclose(got, [values[a] - values[d], values[a] + values[d]], rtol=0, atol=1e-15)


_PRESETS = {"complete(4)": lambda: complete(4), "tetrahedron": tetrahedron, "octahedron": octahedron,
            "cube": cube, "cuboctahedron": cuboctahedron, "icosahedron": icosahedron, "ring(6)": lambda: ring(6)}


@functools.cache
def _split_preset(name: str):
    g = _PRESETS[name]()
    H = hamiltonian(g, energies=[Ea] * g.n_wells)
    return H, symmetry_blocks(H)


@given(name=st.sampled_from(sorted(_PRESETS)), t=st.floats(0.1, 3.0), e=st.floats(-2.0, 2.0))
def test_blocks_are_the_spectrum_property(name, t, e):
    """For every preset and parameters: sum of size * degeneracy = n, sum of d_Gamma * multiplicity = n, the
    basis is orthonormal and block-diagonalises H, and the blocks' eigenvalues (each repeated) = eigvalsh(H)."""
    H, split = _split_preset(name)
    n = H.matrix.rows
    values = {D0: t, Ea: e}
    assert sum(s * k for s, k in zip(split.sizes, split.degeneracies, strict=True)) == n
    multiplicities = [s * k // d for s, k, d in zip(split.sizes, split.degeneracies, split.dimensions, strict=True)]
    assert all(s * k % d == 0 for s, k, d in zip(split.sizes, split.degeneracies, split.dimensions, strict=True))
    assert sum(d * m for d, m in zip(split.dimensions, multiplicities, strict=True)) == n
    M = H.numeric(values)
    levels = []
    for B, V, k in zip(split.blocks, split.basis, split.degeneracies, strict=True):
        Bn = np.array(B.xreplace(values).evalf(20).tolist(), dtype=complex)
        Vn = np.array(V.evalf(20).tolist(), dtype=complex)
        np.testing.assert_allclose(Vn.conj().T @ Vn, np.eye(B.rows), atol=1e-13)  # orthonormal columns
        np.testing.assert_allclose(Vn.conj().T @ M @ Vn, Bn, atol=1e-12 * (4 * t + abs(e)))
        levels += list(np.linalg.eigvalsh(Bn)) * k
    np.testing.assert_allclose(np.sort(levels), np.linalg.eigvalsh(M), atol=1e-12 * (5 * t + abs(e)))


def test_cayley_graph_with_complex_characters():
    """Wells = the 12 elements of A_4, bonds g -> s g with hopping i a for s = (0 1 2) (oriented: its
    mirror images are no symmetry) and b for (0 1)(2 3). The symmetries are the 12 right multiplications
    (the regular representation: 1 + 1' + 1'' + 3 x 3, where 1' and 1'' have the complex characters
    1, w, w^2). By hand, on the one-dimensional irreducible representations a vector constant on the
    cosets of V_4 = <(0 1)(2 3), ...> with s3 acting as w^k gives E + b + a (i w^k - i w^-k) =
    E + b - 2 a sin(2 pi k / 3): E + b, E + b -+ sqrt3 a."""
    from sympy.combinatorics import Permutation, PermutationGroup

    s3, s2 = Permutation([1, 2, 0, 3]), Permutation([1, 0, 3, 2])
    elements = list(PermutationGroup([s3, s2]).elements)
    index = {g: k for k, g in enumerate(elements)}
    a, b = sp.symbols("a b", positive=True)
    M = sp.zeros(12, 12)
    for g in elements:
        M[index[s3 * g], index[g]], M[index[g], index[s3 * g]] = sp.I * a, -sp.I * a
        M[index[s2 * g], index[g]] = b
    M += Ea * sp.eye(12)
    split = symmetry_blocks(M)
    assert split.order == 12
    assert sorted(zip(split.dimensions, split.sizes, strict=True)) == [(1, 1), (1, 1), (1, 1), (3, 3)]
    one_dimensional = {sp.expand(B[0, 0]) for B, d in zip(split.blocks, split.dimensions, strict=True) if d == 1}
    assert one_dimensional == {Ea + b, Ea + b + sp.sqrt(3) * a, Ea + b - sp.sqrt(3) * a}
    levels = eigenvalues(M)
    assert_closed_forms(levels, cubic=True)
    values = {a: 0.7, b: 1.3, Ea: 0.2}
    reference = np.linalg.eigvalsh(np.array(M.xreplace(values).evalf().tolist(), dtype=complex))
    found = np.sort([float(lv.subs(values)) for lv in levels])
    np.testing.assert_allclose(found, reference, rtol=0, atol=1e-12 * 4)
