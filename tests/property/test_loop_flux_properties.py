"""Properties of the loop-flux basis: random float clusters and rotated symmetric clusters in any field direction.

- random float clusters (random positions, nearest-neighbour bonds up to the cutoff that connects them) in a
  random field direction: H.eigvalsh and the roots of the characteristic polynomial equal eigvalsh of an
  independent numeric Peierls matrix (tests/loopflux_reference.py);
- a symmetric cluster rotated by a random rotation together with the field direction has the same spectrum.
"""

import numpy as np
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from loopflux_reference import hull_area, icosahedron, peierls_matrix
from scipy.spatial.distance import pdist, squareform
from scipy.spatial.transform import Rotation

from multiwell import Geometry, hamiltonian
from multiwell.spectrum import characteristic_polynomial

phi = sp.Symbol("phi", real=True)
unit = st.floats(-1, 1, allow_nan=False)


def _connecting_cutoff(points) -> float:
    """The smallest cutoff whose bond graph is connected (the longest edge of a minimum spanning tree)."""
    from scipy.sparse.csgraph import minimum_spanning_tree

    return float(minimum_spanning_tree(squareform(pdist(points))).toarray().max())


@given(n=st.integers(3, 6), data=st.data(), direction=st.tuples(unit, unit, unit), flux=st.floats(-3, 3))
def test_random_float_cluster_levels_equal_the_peierls_matrix(n, data, direction, flux):
    pts = np.array(data.draw(st.lists(st.tuples(unit, unit, unit), min_size=n, max_size=n)))
    assume(np.linalg.norm(direction) > 0.1 and pdist(pts).min() > 0.05)
    cutoff = _connecting_cutoff(pts) * 1.3  # nearest neighbours and a few more: loops
    g = Geometry.from_positions(pts.tolist(), cutoff=cutoff)
    assume(len(g.loops()) > 0 and hull_area(pts, direction) > 1e-3)
    H = hamiltonian(g, flux=phi, direction=direction)
    rng = np.random.default_rng(n)
    values = {s: float(rng.uniform(0.5, 1.5)) if s.is_positive else float(rng.normal()) for s in H.symbols}
    values[phi] = flux
    hops = [values[sp.Symbol(b.hopping, positive=True)] for b in g.bonds]
    energies = [values[sp.Symbol(f"E_{lab}", real=True)] for lab in g.labels]
    M = peierls_matrix(pts, [(b.i, b.j) for b in g.bonds], hops, energies, direction, flux / hull_area(pts, direction))
    expected = np.linalg.eigvalsh(M)
    scale = np.linalg.norm(M, 2)
    # relations accepted within rtol move each loop phase by <= residual * |flux| (reported on H)
    slack = 1e-12 + 4 * len(g.bonds) * H.flux_basis.residual * abs(flux) * max(hops) / scale
    np.testing.assert_allclose(H.eigvalsh(values), expected, rtol=0, atol=slack * scale)
    if n <= 5:  # the symbolic route: charpoly in the generators, bound, then roots
        bind = {k: sp.sympify(v).xreplace(values) for k, v in H.values.items()}
        coeffs = [complex(sp.N(sp.sympify(c).xreplace(bind).xreplace(values), 20)).real
                  for c in characteristic_polynomial(H).all_coeffs()]
        found = np.sort(np.roots(coeffs).real)
        np.testing.assert_allclose(found, expected, rtol=0, atol=1e-6 * scale)  # np.roots on the coefficients


# a third of the profile's examples: each builds and solves a 12-well Hamiltonian (~2 s; 25 took 47 s of CI)
@settings(max_examples=max(5, settings.default.max_examples // 3))
@given(quat=st.tuples(unit, unit, unit, unit), direction=st.tuples(unit, unit, unit), flux=st.floats(-3, 3))
def test_rotating_an_icosahedron_with_its_field_keeps_the_spectrum(quat, direction, flux):
    assume(np.linalg.norm(quat) > 0.1 and np.linalg.norm(direction) > 0.1)
    R = Rotation.from_quat(np.asarray(quat) / np.linalg.norm(quat))
    pts = np.array(icosahedron())
    spectra, residual = [], 0.0
    for p, d in ((pts, np.asarray(direction)), (R.apply(pts), R.apply(np.asarray(direction)))):
        H = hamiltonian(Geometry.from_positions(p.tolist(), cutoff=2.01), flux=phi, direction=tuple(d))
        values = {s: 1.0 if s.is_positive else 0.05 * k for k, s in enumerate(H.symbols)}  # same E per well
        values[phi] = flux
        spectra.append(H.eigvalsh(values))
        residual = max(residual, H.flux_basis.residual)
    # ||H|| ~ 5 D; a relation accepted within rtol moves each of the 30 bond phases by <= residual * |flux|
    np.testing.assert_allclose(spectra[0], spectra[1], rtol=0, atol=5e-12 + 2 * 30 * residual * abs(flux))
