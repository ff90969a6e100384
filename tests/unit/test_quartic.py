"""Quartics in radicals (issue 24): Euler's form with Viète's resolvent, checked against roots known by construction.

Exact references: H = U diag(r) U^T with U a rational orthogonal matrix (Cayley transform of a rational skew matrix),
so the roots of det(x - H) are the rationals r (double and triple roots included); and mpmath eigenvalues at 50
digits for quartics with irrational roots. The explicit formula is evaluated at 50 digits, never compared with
itself.
"""

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import QuarticRoot
from multiwell.spectrum import PolyRoot, eigenvalues, energy_symbol, quartic_roots, roots

x = energy_symbol
t = sp.Symbol("t", real=True)
phi = sp.Symbol("phi", real=True)

rationals = st.fractions(min_value=-5, max_value=5, max_denominator=7).map(sp.Rational)


def _cayley(a: list) -> sp.Matrix:
    """(I - A)(I + A)^-1 for the skew-symmetric A with upper entries ``a``: orthogonal with rational entries."""
    A = sp.zeros(4, 4)
    for (i, j), v in zip([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)], a, strict=True):
        A[i, j], A[j, i] = v, -v
    return (sp.eye(4) - A) * (sp.eye(4) + A).inv()


def _coefficients(M: sp.Matrix) -> list:
    return sp.Poly((x * sp.eye(4) - M).det(method="berkowitz"), x).all_coeffs()[1:]


@given(r=st.lists(rationals, min_size=4, max_size=4), a=st.lists(rationals, min_size=6, max_size=6),
       repeat=st.sampled_from(["none", "double", "two-doubles", "triple"]))
def test_roots_of_a_rational_hermitian_4x4_equal_its_eigenvalues_by_construction(r, a, repeat):
    """det(x - U diag(r) U^T) has the roots r: the formula at 50 digits gives them, ascending, to 1e-12 ||H||."""
    if repeat == "double":
        r[1] = r[0]
    elif repeat == "two-doubles":
        r[1], r[3] = r[0], r[2]
    elif repeat == "triple":
        r[1] = r[2] = r[0]
    U = _cayley(a)
    assert U * U.T == sp.eye(4)
    M = U * sp.diag(*r) * U.T
    coeffs = _coefficients(M)
    expected = sorted(r)
    scale = max(1, max(abs(v) for v in r))
    with mpmath.workdps(50):  # explicit radicals at 50 digits: a double root loses half of them, a triple two thirds
        found = [sp.N(level, 50) for level in quartic_roots(*coeffs)]
    assert all(abs(sp.im(f)) < 1e-12 * scale for f in found)
    assert all(abs(sp.re(f) - e) < 1e-12 * scale for f, e in zip(found, expected, strict=True)), (found, expected)
    # QuarticRoot without a block evaluates the same formula at extra precision; with the block, eigenvalues
    for k in range(4):
        assert abs(QuarticRoot(*coeffs, k).evalf(30) - expected[k]) < 1e-20 * scale
        assert abs(QuarticRoot(*coeffs, k, sp.ImmutableMatrix(M)).evalf(30) - expected[k]) < 1e-25 * scale


def test_an_irreducible_quartic_with_a_cubic_term_is_solved_in_radicals_not_polyroot():
    """A symmetric 4x4 with a parameter t: irreducible over Q[t], with x^3 and x terms; levels = mpmath eigh."""
    M = sp.Matrix([[1, t, 0, 2], [t, -1, 1, 0], [0, 1, 2, t], [2, 0, t, 0]])
    P = sp.Poly(sp.expand((x * sp.eye(4) - M).det()), x)
    assert P.coeff_monomial(x**3) != 0 and P.coeff_monomial(x) != 0
    assert len(sp.factor_list(P.as_expr(), x)[1]) == 1  # irreducible: no factor route
    levels = roots(P)
    assert all(isinstance(lv, QuarticRoot) and not lv.has(PolyRoot) for lv in levels)
    for value in (sp.Rational(3, 10), sp.Rational(-7, 3), sp.Integer(0)):
        with mpmath.workdps(50):
            A = mpmath.matrix([[mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in row]
                               for row in M.subs(t, value).tolist()])
            reference = [sp.Float(mpmath.nstr(v, 50), 50) for v in sorted(mpmath.eigsy(A)[0])]
        explicit = [sp.N(lv.explicit().subs(t, value), 50) for lv in levels]
        for got, ref in zip(explicit, reference, strict=True):
            assert abs(sp.re(got) - ref) < 1e-40  # generic roots: every digit but the last few
            assert abs(sp.im(got)) < 1e-40


def test_biquadratic_keeps_its_short_formula():
    """x^4 - 10 x^2 + 1 (roots +-sqrt2 +-sqrt3, irreducible over Q): the biquadratic path, no QuarticRoot."""
    levels = roots(sp.Poly(x**4 - 10 * x**2 + 1, x))
    assert not any(lv.has(QuarticRoot, PolyRoot) for lv in levels)
    expected = sorted([s2 * sp.sqrt(2) + s3 * sp.sqrt(3) for s2 in (1, -1) for s3 in (1, -1)], key=float)
    assert all(sp.N(lv - e, 50) == 0 or abs(sp.N(lv - e, 50)) < 1e-45 for lv, e in zip(levels, expected, strict=True))


def test_quartic_roots_refuses_a_string_coefficient():
    from multiwell.errors import ParameterError

    with pytest.raises(ParameterError, match="c2"):
        quartic_roots(1, "x + 1", 0, 0)


@pytest.mark.parametrize("case", ["icosahedron-exact-2fold", "icosahedron-nm-2T-2fold"])
def test_icosahedron_along_a_two_fold_axis_has_every_level_in_closed_form(case):
    """Issue 24, done-when 2: along (0, 0, 1) the group C_2h gives blocks 4, 4, 2, 2; the quartics in radicals.

    The written-out radicals, at 50 digits with every symbol bound (the flux generators from H.values), equal the
    eigenvalues of the independent Peierls matrix (tests/loopflux_reference.py) at a generic point."""
    from any_direction_cases import build, cases, point, reference

    _, g, pts, direction, field, energies = next(c for c in cases() if c[0] == case)
    H = build(g, direction, field, energies)
    levels = eigenvalues(H)
    assert len(levels) == 12 and not any(lv.has(PolyRoot) for lv in levels)
    assert sum(lv.has(QuarticRoot) for lv in levels) == 8
    values = point(H, "generic")
    exact = {s: sp.Float(v, 50) for s, v in values.items()}
    exact.update({k: sp.N(sp.sympify(v).xreplace(exact), 50) for k, v in H.values.items()})
    written_out = [lv.xreplace({r: r.explicit() for r in lv.atoms(QuarticRoot)}) for lv in levels]
    found = np.sort([float(sp.re(sp.N(lv.xreplace(exact), 50))) for lv in written_out])
    M = reference(g, pts, direction, field, values)
    np.testing.assert_allclose(found, np.linalg.eigvalsh(M), rtol=0, atol=1e-12 * np.linalg.norm(M, 2))


def test_cli_prints_each_quartic_once_and_its_levels_by_rank(capsys):
    """`multiwell derive icosahedron --direction 0,0,1 --flux`: 12 of 12 in closed form, on one screen."""
    from multiwell import cli

    assert cli.main(["derive", "icosahedron", "--direction", "0,0,1", "--flux"]) == 0
    out = capsys.readouterr().out
    assert "block sizes 4, 4, 2, 2" in out and "12 of 12 levels in closed form" in out
    assert out.count("Q1(x) = x**4 + ") == 1 and out.count("Q2(x) = x**4 + ") == 1
    assert all(f"root {k} (ascending, from 0) of Q{q}" in out for k in range(4) for q in (1, 2))
    assert len(out.splitlines()) < 60


def test_to_numpy_evaluates_quartic_levels_vectorised():
    """The levels as a NumPy function (the written-out radicals; Max printed as numpy.maximum) = eigvalsh."""
    from multiwell import to_numpy

    M = sp.Matrix([[1, t, 0, 2], [t, -1, 1, 0], [0, 1, 2, t], [2, 0, t, 0]])
    levels = roots(sp.Poly(sp.expand((x * sp.eye(4) - M).det()), x))
    f = to_numpy(levels, params=(t,))
    ts = np.array([-2.0, -0.3, 0.0, 0.7, 3.0])
    reference = np.array([np.linalg.eigvalsh(np.array(M.subs(t, v), dtype=float)) for v in ts])
    # generic points (simple roots): float64 radicals lose a few ulp of the spectral radius (~6)
    np.testing.assert_allclose(np.sort(f(ts), axis=-1), reference, rtol=0, atol=1e-12 * 6)
