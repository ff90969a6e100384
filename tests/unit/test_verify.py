"""verify: the comparison machinery decides correctly on identities with known answers."""

import pint
import pytest
import sympy as sp

from multiwell.verify import (
    AGREES, AGREES_UP_TO, DIFFERS, ERROR, NOT_CHECKED, Claim, Derived, check, compare, dimension_of,
    report_json, report_markdown, report_table,
)

x, y = sp.symbols("x y", real=True)
a = sp.Symbol("a", positive=True)


def test_exact_identity_agrees():
    assert compare(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1)[0] == AGREES


def test_identity_sympy_cannot_simplify_is_decided_numerically():
    # |sqrt(a^2)| = a needs the assumption; acosh identity resists simplify but holds numerically
    verdict, detail = compare(sp.acosh(a + 1), sp.log(a + 1 + sp.sqrt(a * (a + 2))))
    assert verdict == AGREES


def test_wrong_identity_differs_with_counterexample():
    verdict, detail = compare(sp.sin(2 * x), 2 * sp.sin(x))
    assert verdict == DIFFERS and "printed =" in detail and "derived =" in detail


def test_constant_factor_is_an_error_unless_declared():
    verdict, detail = compare(-2 * (x**2 + y), x**2 + y)
    assert verdict == DIFFERS and "(-2)" in detail
    assert compare(-2 * (x**2 + y), x**2 + y, allow_factor=True)[0] == AGREES_UP_TO
    assert compare(2 * x + y, x + y, allow_factor=True)[0] == DIFFERS  # not one constant ratio


def test_a_float_derivation_agrees_only_up_to_rounding_and_never_exactly():
    # sqrt(2) rounded to float64: equal to ~1e-16, not to the 20 digits an exact AGREES needs
    verdict, detail = compare(sp.sqrt(2) * x + y**2, 1.4142135623730951 * x + y**2)
    assert verdict == AGREES_UP_TO and "rounding" in detail
    # a float ratio of 1 + 2e-16 is rounding, not "a constant factor"
    assert compare(x, 0.5 * 2.0000000000000004 * x)[0] == AGREES_UP_TO
    # an 8-digit constant is a different formula
    assert compare(sp.sqrt(2) * x + y**2, 1.41421356 * x + y**2)[0] == DIFFERS
    # an exact derivation equal only to 1e-16 is still DIFFERS: the float tolerance needs a Float
    assert compare(x, (1 + sp.Rational(1, 10**16)) * x)[0] == DIFFERS


def test_a_declared_sign_convention_gives_agrees_up_to_and_names_it():
    claim = Claim(equation="t", title="sign", latex="-x", printed=lambda: -x, derive=lambda: x,
                  convention="the opposite sign of the hopping")
    row = check(claim)
    assert row.verdict == AGREES_UP_TO and "opposite sign" in row.detail
    undeclared = Claim(equation="t", title="sign", latex="-x", printed=lambda: -x, derive=lambda: x)
    assert check(undeclared).verdict == DIFFERS


def test_constraint_is_used():
    E1, E2, E3 = sp.symbols("E_1:4", real=True)
    # with E1 + E2 + E3 = 0: E1^2 + E2^2 + E3^2 = -2 (E1 E2 + E1 E3 + E2 E3)
    lhs, rhs = E1**2 + E2**2 + E3**2, -2 * (E1 * E2 + E1 * E3 + E2 * E3)
    assert compare(lhs, rhs)[0] == DIFFERS
    assert compare(lhs, rhs, assumptions=[E1 + E2 + E3])[0] == AGREES


def test_matrices_compare_entrywise():
    assert compare(sp.Matrix([[x, 1], [1, y]]), sp.Matrix([[x, 1], [1, y]]))[0] == AGREES
    assert compare(sp.Matrix([[x, 1], [1, y]]), sp.Matrix([[x, 2], [2, y]]))[0] == DIFFERS


def test_dimensions():
    kB, T, E, h, nu = sp.symbols("k_B T E h nu", positive=True)
    units = {kB: "J/K", T: "K", E: "J", h: "J*s", nu: "Hz"}
    assert dict(dimension_of(E / (kB * T), units)) == {}
    assert dimension_of(h * nu, units) == dimension_of(E, units)
    with pytest.raises(pint.DimensionalityError):
        dimension_of(sp.exp(E / kB), units)  # exponent carries kelvin


def test_check_rows():
    ok = check(Claim("A", "sum", printed=lambda: x + x, derive=lambda: 2 * x))
    assert (ok.verdict, ok.ran) == (AGREES, True)
    crash = check(Claim("B", "crash", printed=lambda: x, derive=lambda: 1 / 0))
    assert crash.verdict == ERROR and "ZeroDivisionError" in crash.detail and not crash.ran
    nc = check(Claim("C", "definition", not_checked="a definition"))
    assert nc.verdict == NOT_CHECKED
    own = check(Claim("D", "own route", derive=lambda: Derived(x, detail="by quadrature", verdict=DIFFERS, corrected=2 * x)))
    assert own.verdict == DIFFERS and "corrected form: 2*x" in own.detail
    dims = check(Claim("E", "bad dims", printed=lambda: x + a, derive=lambda: x + a, units={x: "J", a: "K"}))
    assert dims.verdict == DIFFERS and "dimensionally inconsistent" in dims.detail
    rows = [ok, crash, nc, own]
    assert "AGREES: 1" in report_table(rows)
    assert '"equation": "A"' in report_json(rows)
    assert "## D: own route" in report_markdown(rows)  # a key that is no equation number is not called "Eq."
