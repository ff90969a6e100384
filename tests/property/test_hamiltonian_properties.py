"""Physics properties of Hamiltonians over random geometries (hypothesis, up to 8 wells)."""

import numpy as np
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import Q_, Geometry, hamiltonian, ureg
from multiwell.strategies import gauge_phases, geometries, parameter_values, permutations_of
from multiwell.units import Phi_0

phi = sp.Symbol("phi", real=True)
SPECTRUM_ATOL = 1e-10  # eigvalsh of matrices with entries O(1): roundoff ~1e-15, ample margin


@given(geometries(max_wells=8), st.data())
def test_hermitian_and_trace(g, data):
    H = hamiltonian(g, flux=phi if g.hull_area() != 0 else None)
    assert H.matrix == H.matrix.H
    assert sp.expand(H.matrix.trace() - sum(H.energies)) == 0
    values = data.draw(parameter_values(H))
    M = H.numeric(values)
    np.testing.assert_allclose(M, M.conj().T, atol=1e-15)


@given(geometries(max_wells=8, min_loops=1), st.data())
def test_spectrum_gauge_invariant(g, data):
    """Gauges built in, explicit diagonal unitaries, and a moved symmetric-gauge origin."""
    H = hamiltonian(g, flux=phi)
    values = data.draw(parameter_values(H))
    reference = H.eigvalsh(values)
    for gauge in ("landau", "tree"):
        np.testing.assert_allclose(hamiltonian(g, flux=phi, gauge=gauge).eigvalsh(values), reference,
                                   atol=SPECTRUM_ATOL)
    origin = data.draw(st.tuples(st.integers(-9, 9), st.integers(-9, 9)))
    moved = hamiltonian(g, flux=phi, origin=origin)
    np.testing.assert_allclose(moved.eigvalsh(values), reference, atol=SPECTRUM_ATOL)
    chi = data.draw(gauge_phases(g.n_wells))
    np.testing.assert_allclose(H.gauge_transform(chi).eigvalsh(values), reference, atol=SPECTRUM_ATOL)


def _shoelace(points_m: np.ndarray) -> float:
    """Oriented area of a closed polygon (independent float implementation)."""
    x, y = points_m[:, 0], points_m[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


@given(geometries(max_wells=8, min_loops=1), st.floats(-50, 50), st.sampled_from(["symmetric", "landau"]))
def test_loop_phase_is_aharonov_bohm(g, B_tesla, gauge):
    """Product of bond phases around every basis loop = exp(2 pi i B S / Phi_0), SI units."""
    pts = np.array([[float(c) for c in p] for p in g.positions]) * 3.0  # in nm
    gq = Geometry(pts * ureg.nm, [(b.i, b.j, b.hopping) for b in g.bonds])
    B = Q_(B_tesla, "T")
    H = hamiltonian(gq, flux=B, gauge=gauge)
    values = {s: (1.0 if s.is_positive else 0.0) for s in H.symbols}
    M = H.numeric(values)
    for loop in gq.loops():
        product = np.prod([M[a, b] for a, b in loop.steps])
        S = _shoelace(pts[list(loop.wells)] * 1e-9)
        expected = np.exp(2j * np.pi * (B * Q_(S, "m^2") / Phi_0).m_as(""))
        np.testing.assert_allclose(product / abs(product), expected, atol=1e-9)


@given(geometries(max_wells=6, min_loops=1), st.data())
def test_flux_quantum_shift_is_invisible(g, data):
    """Shifting any loop flux by 2 pi (one flux quantum) leaves the spectrum unchanged."""
    loops = g.loops()
    fluxes = sp.symbols(f"phi_0:{len(loops)}", real=True)
    H = hamiltonian(g, flux=list(fluxes))
    values = data.draw(parameter_values(H))
    k = data.draw(st.integers(0, len(loops) - 1))
    shifted = dict(values)
    shifted[fluxes[k]] = values[fluxes[k]] + 2 * np.pi
    np.testing.assert_allclose(H.eigvalsh(shifted), H.eigvalsh(values), atol=SPECTRUM_ATOL)


@given(geometries(max_wells=8), st.data())
def test_relabelling_keeps_spectrum(g, data):
    H = hamiltonian(g, flux=phi if g.hull_area() != 0 else None)
    values = data.draw(parameter_values(H))
    perm = data.draw(permutations_of(g.n_wells))
    # relabel the geometry, then give each well its old energy (its label, hence E_label, moves with it)
    G = hamiltonian(g.relabelled(perm), flux=phi if g.hull_area() != 0 else None)
    moved = {s: v for s, v in values.items() if not s.name.startswith("E_")}
    for label in g.labels:
        moved[sp.Symbol(f"E_{label}", real=True)] = values[sp.Symbol(f"E_{label}", real=True)]
    np.testing.assert_allclose(G.eigvalsh(moved), H.eigvalsh(values), atol=SPECTRUM_ATOL)
    np.testing.assert_allclose(H.permuted(perm).eigvalsh(values), H.eigvalsh(values), atol=SPECTRUM_ATOL)
