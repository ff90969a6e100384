"""Property tests of multiwell.numeric: backends agree, closed forms agree with eigvalsh, gaps are stable."""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import complete, hamiltonian
from multiwell.numeric import spectral_gap, to_mpmath, to_numpy
from multiwell.strategies import geometries, parameter_values

phi = sp.Symbol("phi", real=True)
H3 = hamiltonian(complete(3), flux=phi)
F3 = to_numpy(H3)
F3_MP = to_mpmath(H3, dps=40)
M3 = to_numpy(H3.matrix, params=H3.symbols)
M3_MP = to_mpmath(H3.matrix, params=H3.symbols, dps=40)
GAP = spectral_gap(H3)
GAP_MP = spectral_gap(H3, backend="mpmath", dps=40)
GAPS = {lv: spectral_gap(H3, levels=lv) for lv in ((0, 1), (1, 2), (0, 2))}

energy = st.floats(-2, 2, allow_nan=False)
hopping = st.floats(0.05, 2, allow_nan=False)
flux = st.floats(-np.pi, np.pi, allow_nan=False)


@given(energy, energy, energy, hopping, flux)
def test_numpy_and_mpmath_backends_agree(e1, e2, e3, d, ph):
    vals = (e1, e2, e3, d, ph)
    # matrix entries: one exp and one multiply each, so a few ulp
    np.testing.assert_allclose(M3(*vals), np.array(M3_MP(*vals).tolist(), dtype=complex), rtol=4e-16, atol=1e-300)
    # spectrum: same Viete formula at 40 digits; float64 absolute error: tens of ulp of the spectral radius
    scale = max(abs(e1), abs(e2), abs(e3), d)
    np.testing.assert_allclose(F3(*vals), np.array(F3_MP(*vals).tolist(), dtype=float),
                               rtol=0, atol=1e-14 * scale)  # ~50 ulp


@given(geometries(max_wells=4), st.data())
def test_closed_form_and_eigvalsh_paths_agree(g, data):
    H = hamiltonian(g, flux=phi if g.loops() and g.hull_area() != 0 else None)
    values = data.draw(parameter_values(H))
    auto = to_numpy(H)
    plain = to_numpy(H, method="eigvalsh")
    args = [values[s] for s in H.symbols]
    scale = max(1.0, *(abs(v) for v in args))
    # near-degenerate points the symbolic cancellation does not cover (e.g. equal values of two
    # different hopping symbols) cost the Viete form up to sqrt(eps) relative: documented precision
    np.testing.assert_allclose(auto(*args), plain(*args), rtol=0, atol=3e-8 * scale)


@given(st.floats(0, 2 * np.pi), st.integers(3, 12), st.floats(-1e-6, 1e-6), st.floats(0.1, 10))
def test_near_degenerate_gap_float64_equals_mpmath(angle, k, ph, d0):
    """D/D_0 = 10^-k: the float64 gap keeps ~13 digits where eigvalsh keeps 16 - k."""
    E = 10.0**-k * d0 * np.cos(angle + 2 * np.pi * np.arange(3) / 3)
    ph *= 10.0 ** (3 - k)
    got = GAP(*E, d0, ph)
    ref = GAP_MP(*E, d0, ph)
    assert abs(got - ref) <= 1e-12 * abs(ref)


@given(energy, energy, energy, hopping, flux)
def test_gaps_are_differences_of_the_spectrum(e1, e2, e3, d, ph):
    E = F3(e1, e2, e3, d, ph)
    scale = max(abs(e1), abs(e2), abs(e3), d)
    for i, j in ((0, 1), (1, 2), (0, 2)):
        g = GAPS[i, j](e1, e2, e3, d, ph)
        assert g >= 0
        assert abs(g - (E[j] - E[i])) <= 1e-14 * scale
