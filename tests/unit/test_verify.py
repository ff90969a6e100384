"""verify: the comparison machinery decides correctly on identities with known answers."""

import pint
import pytest
import sympy as sp

from multiwell.verify import (
    AGREES,
    AGREES_UP_TO,
    DIFFERS,
    ERROR,
    NOT_CHECKED,
    Claim,
    Derived,
    check,
    compare,
    dimension_of,
    report_json,
    report_markdown,
    report_table,
)

x, y = sp.symbols("x y", real=True)
a = sp.Symbol("a", positive=True)


def test_exact_identity_agrees():
    assert compare(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1)[0] == AGREES


def test_identity_sympy_cannot_simplify_is_decided_numerically():
    # |sqrt(a^2)| = a needs the assumption; acosh identity resists simplify but holds numerically
    verdict, _ = compare(sp.acosh(a + 1), sp.log(a + 1 + sp.sqrt(a * (a + 2))))
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
                  convention="the opposite sign of the hopping", factor=-1)
    row = check(claim)
    assert row.verdict == AGREES_UP_TO and "opposite sign" in row.detail
    undeclared = Claim(equation="t", title="sign", latex="-x", printed=lambda: -x, derive=lambda: x)
    assert check(undeclared).verdict == DIFFERS


# -- conventions that can fail: (printed, derived, declared factor) -> verdict --------------------------
@pytest.mark.parametrize(
    ("printed", "derived", "factor", "verdict", "named"),
    [
        (2 * (x**2 + y), x**2 + y, 2, AGREES_UP_TO, "(2)"),          # the declared factor
        (2 * (x**2 + y), x**2 + y, -1, DIFFERS, "(2)"),              # a factor 2 declared as a sign
        (-(x**2 + y), x**2 + y, -1, AGREES_UP_TO, "(-1)"),           # the declared sign
        (-(x**2 + y), x**2 + y, 2, DIFFERS, "(-1)"),                 # a sign declared as a factor 2
        (4 * sp.sin(x), sp.sin(x), 2, DIFFERS, "(4)"),               # twice the declared factor
        (sp.pi * x, x, sp.pi, AGREES_UP_TO, "(pi)"),                 # an exact irrational factor
        (x + 2 * y, x + y, 2, DIFFERS, "entry 0"),                   # not a constant ratio at all
        (x**2 + y, x**2 + y, 2, AGREES, "exact"),                    # equal: no convention needed
    ],
    ids=["factor-2-declared", "factor-2-declared-sign", "sign-declared", "sign-declared-factor-2",
         "factor-4-declared-2", "factor-pi", "not-a-ratio", "equal"],
)
def test_declared_factor_must_equal_the_derived_ratio(printed, derived, factor, verdict, named):
    row = check(Claim("c", "factor", printed=lambda: printed, derive=lambda: derived, factor=factor))
    assert row.verdict == verdict, row.detail
    assert named in row.detail
    if verdict == DIFFERS:  # the factor found is named, with the declared one beside it
        assert row.corrected == sp.sstr(derived)


def test_a_ratio_sympy_cannot_reduce_is_checked_at_witnesses():
    # printed = 2 acosh(a + 1), derived = log(...) : the ratio does not simplify, the witnesses decide
    derived = sp.log(a + 1 + sp.sqrt(a * (a + 2)))
    assert compare(2 * sp.acosh(a + 1), derived, factor=2)[0] == AGREES_UP_TO
    assert compare(3 * sp.acosh(a + 1), derived, factor=2)[0] == DIFFERS


def test_a_substitution_convention_is_checked():
    g0, P_bar, T, k = sp.symbols("g_0 P_bar T k_B", positive=True)
    printed = sp.pi**2 / 6 * g0 * k**2 * T          # written with the DOS g0
    derived = sp.pi**2 / 3 * P_bar * k**2 * T       # derived from P with both signs of Delta: g0 = 2 P_bar
    right = Claim("C", "heat", printed=lambda: printed, derive=lambda: derived, substitution={g0: 2 * P_bar})
    wrong = Claim("C", "heat", printed=lambda: printed, derive=lambda: derived, substitution={g0: P_bar})
    assert check(right).verdict == AGREES_UP_TO and "g_0 -> 2*P_bar" in check(right).detail
    row = check(wrong)
    assert row.verdict == DIFFERS and "(1/2)" in row.detail and "g_0 -> P_bar" in row.detail
    # a substitution and a factor together: g0 -> P_bar and then the declared factor 1/2
    both = Claim("C", "heat", printed=lambda: printed, derive=lambda: derived,
                 substitution={g0: P_bar}, factor=sp.Rational(1, 2))
    assert check(both).verdict == AGREES_UP_TO
    # a hopping sign as a substitution: D0 -> -D0 in a matrix
    D0 = sp.Symbol("D_0", positive=True)
    sign = Claim("H", "hopping sign", printed=lambda: sp.Matrix([[x, -D0], [-D0, y]]),
                 derive=lambda: sp.Matrix([[x, D0], [D0, y]]), substitution={D0: -D0})
    assert check(sign).verdict == AGREES_UP_TO


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(convention="Gaussian units"), "says nothing checkable"),
        (dict(convention="factor 2", factor="2"), "strings are never parsed"),
        (dict(factor=x), "non-zero constant"),
        (dict(factor=0), "non-zero constant"),
        (dict(substitution={"g0": 2}), "substitution key"),
        (dict(substitution={x: "2*y"}), "strings are never parsed"),
        (dict(convention=2), "description in words"),
    ],
    ids=["bare-string", "factor-string", "factor-symbolic", "factor-zero", "key-string", "value-string",
         "convention-not-str"],
)
def test_a_convention_without_checkable_content_is_refused(kwargs, message):
    from multiwell.errors import ParameterError

    with pytest.raises(ParameterError, match=message):
        Claim("c", "bad", printed=lambda: x, derive=lambda: x, **kwargs)


def test_rows_carry_latex_and_the_verbose_table_shows_everything():
    long_reason = "why " * 60
    rows = [
        check(Claim("7", "a sign slip", printed=lambda: -(x**2) / 4, derive=lambda: x**2 / 4)),
        check(Claim("8", "by its own route", derive=lambda: Derived(sp.sqrt(x), detail=long_reason,
                                                                  verdict=DIFFERS, corrected=sp.sqrt(2 * x)))),
    ]
    assert rows[0].printed_latex == r"- \frac{x^{2}}{4}" and rows[0].derived_latex == r"\frac{x^{2}}{4}"
    assert rows[0].corrected == "x**2/4" and rows[1].corrected_latex == r"\sqrt{2} \sqrt{x}"
    import json

    data = json.loads(report_json(rows))
    assert {"printed_latex", "derived_latex", "corrected", "corrected_latex"} <= set(data[0])
    short, full = report_table(rows, width=80), report_table(rows, width=80, verbose=True)
    assert long_reason.strip() not in " ".join(short.split())
    assert long_reason.strip() in " ".join(full.split())  # the whole reason, wrapped, nothing cut
    assert "corrected: sqrt(2)*sqrt(x)" in full and max(map(len, full.splitlines())) <= 80


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
    own = check(Claim("D", "own route",
                      derive=lambda: Derived(x, detail="by quadrature", verdict=DIFFERS, corrected=2 * x)))
    assert own.verdict == DIFFERS and "corrected form: 2*x" in own.detail
    dims = check(Claim("E", "bad dims", printed=lambda: x + a, derive=lambda: x + a, units={x: "J", a: "K"}))
    assert dims.verdict == DIFFERS and "dimensionally inconsistent" in dims.detail
    rows = [ok, crash, nc, own]
    assert "AGREES: 1" in report_table(rows)
    assert '"equation": "A"' in report_json(rows)
    assert "## D: own route" in report_markdown(rows)  # a key that is no equation number is not called "Eq."
