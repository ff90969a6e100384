"""Composition fits (f with uncertainties), Eq. 20, Eq. 32, tables, findings, and bad input."""

import numpy as np
import pytest
import sympy as sp
from numpy.testing import assert_allclose
from scipy.optimize import least_squares

from multiwell.errors import ParameterError, UnitError
from multiwell.tunneling import (
    PERCOLATION_2D,
    PERCOLATION_3D,
    dielectric_2ls,
    dielectric_ats,
    dipole_moment,
    dos_anomalous,
    fe_distribution,
    fit_fractal,
    fit_tables,
    fractal_exponent,
    heat_capacity,
    heat_capacity_ats,
    heat_capacity_fe,
    paper_findings,
    table_parameters,
    table_rows,
)
from multiwell.units import Q_, k_B

K = "K"


def test_fractal_exponent_is_exact():
    assert fractal_exponent(**PERCOLATION_2D) == sp.Rational(29, 36)
    assert fractal_exponent(**PERCOLATION_3D) == sp.Rational(416, 625)  # 0.6656, printed 0.67


def test_fit_fractal_recovers_synthetic_parameters():
    x = np.array([0.0, 0.03, 0.06, 0.1, 0.2, 0.3])
    r = fit_fractal(x, 3 * (1 - x) + 7 * x**0.7)
    assert_allclose([r.params["bulk"], r.params["surf"], r.params["f"]], [3, 7, 0.7], rtol=1e-8)


def _independent_f(x, y):
    """f by scipy.optimize.least_squares (trust-region) from a different start: a second route."""
    res = least_squares(lambda p: p[0] * (1 - x) + p[1] * np.where(x > 0, x, 1) ** p[2] * (x > 0) - y,
                        x0=[50, 500, 0.5])
    return res.x[2]


def test_fitted_f_of_tables_I_and_II_next_to_the_paper_value():
    fits = fit_tables()
    xa = np.array([r["x"] for r in table_rows("I") if r["x"] is not None])
    ya = np.array([r["A_2LS"].m for r in table_rows("I") if r["x"] is not None]) / 1e-5
    xb = np.array([r["x"] for r in table_rows("II")])
    yb = np.array([r["B_2LS"].m for r in table_rows("II")]) / 1e-8
    assert_allclose(fits["A_2LS"].params["f"], _independent_f(xa, ya), rtol=1e-6)
    assert_allclose(fits["B_2LS"].params["f"], _independent_f(xb, yb), rtol=1e-6)
    fA, sA = fits["A_2LS"].params["f"], fits["A_2LS"].stderr["f"]
    fB, sB = fits["B_2LS"].params["f"], fits["B_2LS"].stderr["f"]
    assert abs(fA - 0.81) < sA  # Table I: f = 0.805 +- 0.07, consistent with the paper's 0.81
    assert abs(fB - 0.81) > 5 * sB  # Table II: f = 0.832 +- 0.003, 7 sigma from 0.81 (a finding)
    assert abs(fits["joint"].params["f"] - 0.81) < fits["joint"].stderr["f"]
    # B_ATS = b x holds to 4 digits in Table II: the table values were set proportional to x
    assert fits["B_ATS"].stderr["b"] / fits["B_ATS"].params["b"] < 1e-3


def test_dipole_moment_inverts_the_corrected_eq32():
    A, B, Dmin, rho, er = 75.5e-5, 22.77e-8, 0.87, 2.3e6, 4.0  # B in J/(g K), rho in g/m^3
    eps0 = 8.8541878128e-12
    kB = k_B.m_as("J/K")
    p2 = 2 * eps0 * er * kB * (kB * Dmin) * (A / B) / rho  # C^2 m^2, by hand in SI
    p = dipole_moment(A_ats=Q_(A, ""), B_ats=Q_(B, "J/g/K"), D_min=Q_(Dmin, K), rho=Q_(2.3, "g/cm**3"),
                      epsilon_r=Q_(er, ""))
    assert_allclose(p.m_as("C*m"), np.sqrt(p2), rtol=1e-9)


def test_table_parameters_carry_units_and_fixed_values():
    p = table_parameters("I", "AlBaSiO")
    assert p["Gamma"].check("[time]*[temperature]**5") and p["Delta0_min"] == Q_(3.9, "mK")
    q = table_parameters("II", "K-Si", 0.2)
    assert_allclose(q["B_ATS"].m_as("J/g/K"), 91.11e-8, rtol=1e-14)
    assert q["V0"] == Q_(-0.42, K)


@pytest.mark.slow
def test_findings_cover_the_checked_equations():
    rows = {r["equation"]: r for r in paper_findings()}
    for eq in ("8", "9", "10", "11", "12", "14", "15", "16", "17", "18", "19", "20", "24", "25", "26", "27", "28",
               "29", "30", "31", "32", "gamma-unit", "S_ATS"):
        assert eq in rows
    assert rows["11"]["verdict"] == "AGREES-UP-TO" and rows["12"]["verdict"] == "DIFFERS"
    assert rows["19"]["verdict"] == "DIFFERS" and rows["18"]["verdict"] == "AGREES-UP-TO"


T1 = Q_(1.0, K)
BAD = [
    ("T bare float", lambda: heat_capacity_ats(0.3, B_ats=Q_(1, "J/g/K"), D_min=Q_(0.87, K)), UnitError, "T"),
    ("T wrong dimension", lambda: heat_capacity_ats(Q_(1, "m"), B_ats=Q_(1, "J/g/K"), D_min=Q_(0.87, K)),
     UnitError, "T"),
    ("T zero", lambda: heat_capacity_ats(Q_(0, K), B_ats=Q_(1, "J/g/K"), D_min=Q_(0.87, K)), ParameterError, "T"),
    ("T negative", lambda: heat_capacity_fe(Q_(-1, K), prefactor=Q_(1, "J/g/K"), V0=Q_(-0.4, K)), ParameterError, "T"),
    ("B_ats bare", lambda: heat_capacity_ats(T1, B_ats=1.0, D_min=Q_(0.87, K)), UnitError, "B_ats"),
    ("B_ats dimension", lambda: heat_capacity_ats(T1, B_ats=Q_(1, "J"), D_min=Q_(0.87, K)), UnitError, "B_ats"),
    ("D_min dimension", lambda: heat_capacity_ats(T1, B_ats=Q_(1, "J/K"), D_min=Q_(1, "s")), UnitError, "D_min"),
    ("V0 bare", lambda: heat_capacity_fe(T1, prefactor=Q_(1, "J/K"), V0=-0.42), UnitError, "V0"),
    ("omega negative", lambda: dielectric_2ls(T1, A=Q_(1, ""), gamma=Q_(1e-8, "s*K**3"), Delta0_min=Q_(1, "mK"),
                                              Delta0_max=Q_(10, K), omega=Q_(-1, "1/s")), ParameterError, "omega"),
    ("omega bare", lambda: dielectric_2ls(T1, A=Q_(1, ""), gamma=Q_(1e-8, "s*K**3"), Delta0_min=Q_(1, "mK"),
                                          Delta0_max=Q_(10, K), omega=1e3), UnitError, "omega"),
    ("gamma dimension", lambda: dielectric_2ls(T1, A=Q_(1, ""), gamma=Q_(1e-8, "s*J**2"), Delta0_min=Q_(1, "mK"),
                                               Delta0_max=Q_(10, K), omega=Q_(1, "1/s")), UnitError, "gamma"),
    ("A with units", lambda: dielectric_ats(T1, A=Q_(1, "m"), D_min=Q_(1, K), Gamma=Q_(1, "s*K**5"),
                                            omega=Q_(1, "1/s")), UnitError, "A"),
    ("Gamma bare", lambda: dielectric_ats(T1, A=Q_(1, ""), D_min=Q_(1, K), Gamma=1e-6, omega=Q_(1, "1/s")),
     UnitError, "Gamma"),
    ("unknown form", lambda: dielectric_ats(T1, A=Q_(1, ""), D_min=Q_(1, K), Gamma=Q_(1, "s*K**5"),
                                            omega=Q_(1, "1/s"), form="other"), ParameterError, "form"),
    ("unknown glass", lambda: heat_capacity(T1, glass="Pyrex"), ParameterError, "glass"),
    ("unknown x", lambda: table_parameters("II", "K-Si", 0.3), ParameterError, "x"),
    ("unknown table", lambda: table_parameters("III", "SiO2"), ParameterError, "table"),
    ("V0 positive", lambda: fe_distribution(Q_(-1, K), V0=Q_(0.4, K)), ParameterError, "V0"),
    ("cutoffs reversed", lambda: dos_anomalous(T1, P_star=Q_(1, ""), D_min=Q_(2, K), D_max=Q_(1, K),
                                               D0_min=Q_(1, K), D0_max=Q_(9, K)), ParameterError, "D_min"),
]


@pytest.mark.parametrize(("call", "error", "name"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_a_clear_error_naming_the_parameter(call, error, name):
    with pytest.raises(error, match=name):
        call()
