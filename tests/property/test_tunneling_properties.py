"""Properties of the tunnelling observables: positivity, monotonicity, bounds, unit round trips."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from multiwell.tunneling import dielectric_2ls, heat_capacity_ats, heat_capacity_fe, schottky, three_well_gaps
from multiwell.units import Q_, k_B

temperatures = st.floats(min_value=1e-3, max_value=50.0, allow_nan=False)
gaps = st.floats(min_value=1e-3, max_value=10.0, allow_nan=False)


@given(T=temperatures, D=gaps)
def test_ats_heat_capacity_is_positive_bounded_and_rises_with_T(T, D):
    C = heat_capacity_ats(Q_([T, 1.01 * T], "K"), B_ats=Q_(1, "J/g/K"), D_min=Q_(D, "K")).m_as("J/g/K")
    assert np.all(C >= 0) and np.all(C <= np.log(2) * (1 + 1e-15))  # the shoulder B ln 2 bounds it
    assert C[1] >= C[0]


@given(T=temperatures, D=gaps)
def test_energy_units_round_trip(T, D):
    a = heat_capacity_ats(Q_(T, "K"), B_ats=Q_(1, "J/g/K"), D_min=Q_(D, "K"))
    b = heat_capacity_ats(Q_(T * 1e3, "mK"), B_ats=Q_(1e3, "mJ/g/K"), D_min=(Q_(D, "K") * k_B).to("ueV"))
    assert_allclose(a.m_as("J/g/K"), b.m_as("J/g/K"), rtol=1e-12)
    c = heat_capacity_fe(Q_(T, "K"), prefactor=Q_(1, "J/g/K"), V0=(Q_(-D, "K") * k_B).to("J"))
    d = heat_capacity_fe(Q_(T, "K"), prefactor=Q_(1, "J/g/K"), V0=Q_(-D, "K"))
    assert_allclose(c.m, d.m, rtol=1e-12)


@given(T=st.floats(min_value=0.01, max_value=2.0))
def test_resonant_part_falls_with_temperature(T):
    r, _ = dielectric_2ls(Q_([T, 1.05 * T], "K"), A=Q_(1, ""), gamma=Q_(5e-8, "s*K**3"),
                          Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, "K"), omega=Q_(1e3, "1/s"))
    assert r.m[1] < r.m[0]


@given(x=st.floats(min_value=0, max_value=700))
def test_schottky_is_bounded(x):
    assert 0 <= float(schottky(np.float64(x))) <= 0.44  # max of x^2 sech^2 x is 0.4392 at x = 1.1997


@given(e1=st.floats(-1, 1), e2=st.floats(-1, 1), d0=st.floats(0.1, 10))
def test_gaps_are_ordered_and_below_eigvalsh_spread(e1, e2, d0):
    E = np.array([[e1, e2, -(e1 + e2)]])
    g = three_well_gaps(Q_(E, "K"), Q_([d0], "K")).m_as("K")[0]
    H = np.full((3, 3), d0) + np.diag(E[0] - d0)
    lev = np.linalg.eigvalsh(H)
    assert 0 <= g[0] <= g[1]
    assert_allclose(g, [lev[1] - lev[0], lev[2] - lev[0]], atol=1e-11 * (3 * d0 + 2))
