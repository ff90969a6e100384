"""Loop fluxes as an exact module: float, exact irrational and pint coordinates in any field direction.

Expected levels come from an independent numeric Peierls matrix (tests/loopflux_reference.py: phases from
the formula, hull area from scipy), never from multiwell's own phases.
"""

import itertools
import math

import numpy as np
import pytest
import sympy as sp
from loopflux_reference import hull_area, icosahedron, peierls_matrix

from multiwell import Q_, Geometry, GeometryError, ParameterError, SizeLimitError, hamiltonian
from multiwell.spectrum import PolyRoot, characteristic_polynomial, eigenvalues, roots
from multiwell.units import e, hbar

phi = sp.Symbol("phi", real=True)


def _levels(H, values):
    """Numeric values of eigenvalues(H): generators bound first (H.values), then the parameters."""
    bind = {k: (sp.sympify(v).xreplace(values) if isinstance(v, sp.Basic) else v) for k, v in H.values.items()}
    return np.sort([float(sp.re(sp.N(sp.sympify(x).xreplace(bind).xreplace(values), 30))) for x in eigenvalues(H)])


def _reference(g, points, values, normal, phase_per_area):
    hops = [float(values[sp.Symbol(b.hopping, positive=True)]) for b in g.bonds]
    energies = [float(values.get(sp.Symbol(f"E_{lab}", real=True), 0.0)) for lab in g.labels]
    return peierls_matrix(points, [(b.i, b.j) for b in g.bonds], hops, energies, normal, phase_per_area)


def _hexagon_with_centre():
    pts = [(math.cos(k * math.pi / 3), math.sin(k * math.pi / 3)) for k in range(6)] + [(0.0, 0.0)]
    return pts, Geometry.from_positions(pts, cutoff=1.01)


def test_hexagon_with_centre_from_floats_gives_small_phases_and_the_peierls_levels():
    """The issue's OverflowError: six triangles of equal area, so every phase is a multiple of phi/6."""
    pts, g = _hexagon_with_centre()
    H = hamiltonian(g, flux=phi)
    assert H.flux_basis.generators == () and H.flux_basis.rtol == 1e-9
    assert "rtol=1e-09" in repr(H)
    phases = {sp.expand(a.args[0] / sp.I) for a in H.matrix.atoms(sp.exp)}
    assert all((p / phi).is_Rational and (p / phi).q <= 6 for p in phases)
    rng = np.random.default_rng(1)
    values = {s: float(rng.uniform(0.5, 1.5)) if s.is_positive else float(rng.normal()) for s in H.symbols}
    values[phi] = 0.83
    M = _reference(g, np.array(pts), values, (0, 0, 1), 0.83 / hull_area(np.c_[pts, np.zeros(7)], (0, 0, 1)))
    np.testing.assert_allclose(_levels(H, values), np.linalg.eigvalsh(M), rtol=0,
                               atol=1e-12 * np.linalg.norm(M, 2))  # PolyRoot at 30 digits vs LAPACK


@pytest.mark.parametrize("direction", [(0, 0, 1), (0.3, -0.5, 0.8)], ids=["z", "oblique"])
def test_five_random_float_wells_in_any_direction(direction):
    rng = np.random.default_rng(5)
    pts = rng.uniform(-1, 1, size=(5, 3))
    g = Geometry(pts.tolist(), [(i, j) for i, j in itertools.combinations(range(5), 2) if (i + j) % 3])
    H = hamiltonian(g, flux=phi, direction=direction)
    values = {s: float(rng.uniform(0.5, 1.5)) if s.is_positive else float(rng.normal()) for s in H.symbols}
    values[phi] = -1.3
    M = _reference(g, pts, values, direction, -1.3 / hull_area(pts, direction))
    np.testing.assert_allclose(H.eigvalsh(values), np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))
    np.testing.assert_allclose(_levels(H, values), np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))
    # no phase carries a long rational: each is a small integer combination of generators and phi
    for a in H.matrix.atoms(sp.exp):
        coeffs = sp.Poly(sp.expand(a.args[0] / sp.I), *sorted(a.free_symbols, key=str)).coeffs()
        assert all(c.is_Rational and abs(c.p) <= 10**4 and c.q <= 10**4 for c in coeffs)


def test_exact_icosahedron_along_its_five_fold_axis_is_exact_and_matches_peierls():
    """Areas in Q(sqrt 5): one generator beyond phi, found exactly (rtol 0)."""
    g5 = (1 + sp.sqrt(5)) / 2
    pts = []
    for s1 in (1, -1):
        for s2 in (1, -1):
            pts += [(0, s1, s2 * g5), (s1, s2 * g5, 0), (s2 * g5, 0, s1)]
    fl = np.array([[float(c) for c in p] for p in pts])
    bonds = [(i, j) for i, j in itertools.combinations(range(12), 2) if abs(np.linalg.norm(fl[i] - fl[j]) - 2) < 1e-9]
    g = Geometry(pts, bonds)
    axis = (0, 1, g5)
    H = hamiltonian(g, flux=phi, direction=axis, energies=[0] * 12)
    assert H.flux_basis.rtol == 0 and H.flux_basis.residual == 0
    assert len(H.flux_basis.generators) <= 2
    values = {sp.Symbol("D_0", positive=True): 1.0, phi: 0.61}
    normal = [float(c) for c in axis]
    M = _reference(g, fl, values, normal, 0.61 / hull_area(fl, normal))
    np.testing.assert_allclose(_levels(H, values), np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))


def test_float_icosahedron_in_tesla_any_direction_matches_the_si_peierls_matrix():
    """2 T on an icosahedron of edge 1.6 nm along a random direction: theta = (e/hbar) B n.(a x b)/2 in SI."""
    pts = np.array(icosahedron(0.8))
    g = Geometry.from_positions(Q_(pts, "nm"), cutoff=Q_(1.61, "nm"))
    direction = (0.36, -0.72, 0.59)
    H = hamiltonian(g, flux=Q_(2, "T"), direction=direction)
    assert H.flux_basis.rtol == 1e-9 and H.flux_basis.residual < 1e-12
    values = {s: 1.0 if s.is_positive else 0.1 * k for k, s in enumerate(H.symbols)}
    per_area = float((e / hbar * Q_(2, "T") * Q_(1, "nm") ** 2).m_as(""))
    M = _reference(g, pts, values, direction, per_area)
    np.testing.assert_allclose(H.eigvalsh(values), np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))


def test_too_large_polynomials_and_phase_denominators_get_a_named_error():
    pts = icosahedron()
    H = hamiltonian(Geometry.from_positions(pts, cutoff=2.01), flux=phi)  # 12 free energies: ~1e5 terms
    with pytest.raises(SizeLimitError, match="eigvalsh"):
        roots(characteristic_polynomial(H))
    levels = eigenvalues(H)  # past the guard: the levels of the unexpanded block, equal to eigvalsh
    assert len(levels) == 12 and all(isinstance(lv, PolyRoot) for lv in levels)
    values = {s: 0.3 * k - 1 if s.is_real and not s.is_positive else 1.0 for k, s in enumerate(H.symbols)}
    values[phi] = 0.4
    bind = {k: (sp.sympify(v).xreplace(values) if isinstance(v, sp.Basic) else v) for k, v in H.values.items()}
    found = [float(sp.N(lv.xreplace(bind).xreplace(values), 20)) for lv in levels]
    M = H.numeric(values)
    np.testing.assert_allclose(sorted(found), np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))
    big = sp.Rational(2855474389137389624132084489835569, 8716008908524291529725137055746675)
    w = sp.exp(sp.I * phi * big)  # a triangle whose loop carries the 34-digit rational of the issue
    M = sp.Matrix([[0, w, 1], [sp.conjugate(w), 0, 1], [1, 1, 0]])
    with pytest.raises(SizeLimitError, match="flux generators"):
        characteristic_polynomial(M)


def test_field_in_the_plane_of_a_float_geometry_threads_no_loop():
    _, g = _hexagon_with_centre()
    with pytest.raises(GeometryError, match="no area"):
        hamiltonian(g, flux=phi, direction=(1.0, 0.0, 0.0))


def test_tolerance_is_chosen_by_input_and_checked():
    _, g = _hexagon_with_centre()
    assert hamiltonian(g, flux=phi, flux_rtol=1e-6).flux_basis.rtol == 1e-6
    with pytest.raises(ParameterError, match="flux_rtol"):
        hamiltonian(g, flux=phi, flux_rtol=0.5)
    with pytest.raises(ParameterError, match="flux_rtol"):
        hamiltonian(g, flux=phi, flux_rtol="1e-9")


def test_exact_icosahedron_in_a_generic_direction_has_one_generator_and_keeps_inversion():
    """Q(sqrt 5) has dimension 2 over Q, so phi and one generator span every loop flux along (1, 2, 3).

    With coefficients bounded by 64 the relation 7 - 1440 g_1 - 360 g_2 = 0 among the area ratios was missed: one
    flux got two generators and the symmetry search did not see inversion (one 12 x 12 block). Inversion maps every
    loop to one of the same projected area, so it commutes with H in any uniform field: order 2, blocks 6 and 6."""
    from multiwell import icosahedron as exact_icosahedron
    from multiwell import symmetry_blocks

    H = hamiltonian(exact_icosahedron(), flux=phi, direction=(1, 2, 3), energies=[0] * 12)
    assert H.flux_basis.rtol == 0 and len(H.flux_basis.generators) == 1
    split = symmetry_blocks(H)
    assert split.order == 2 and sorted(split.sizes) == [6, 6]
    values = {sp.Symbol("D_0", positive=True): 1.0, phi: 0.61}
    g = exact_icosahedron()
    fl = np.array([[float(sp.N(c, 20)) for c in g.position3(k)] for k in range(12)])
    normal = [1.0, 2.0, 3.0]
    M = _reference(g, fl, values, normal, 0.61 / hull_area(fl, normal))
    np.testing.assert_allclose(_levels(H, values), np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))
