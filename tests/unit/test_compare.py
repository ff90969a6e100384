"""compare decides by mathematics: witnesses at exact points and rising precision, a budget, NOT-DECIDED.

Each case has an answer known from mathematics (an identity, or a difference that is non-zero at the
sampled points); none is copied from the code under test.
"""

import math
import signal
import time

import pytest
import sympy as sp

from multiwell import double_well, hamiltonian
from multiwell.errors import ParameterError
from multiwell.verify import (
    AGREES,
    AGREES_UP_TO,
    DIFFERS,
    NOT_DECIDED,
    Claim,
    Row,
    check,
    compare,
    report_table,
    tally,
)

x, y = sp.symbols("x y", real=True)
a, b = sp.symbols("a b", positive=True)
n = sp.Symbol("n", integer=True)
m = sp.Symbol("m", odd=True)
z = sp.Symbol("z")  # no assumptions: sampled on the real line


def _thermal(w):
    return (sp.exp(w) - sp.exp(-w)) / (sp.exp(w) + sp.exp(-w))


def test_the_resonant_polarisability_of_a_two_level_system_agrees():
    # -sum_i w_i E_i'' of the two levels of Eq. 1 with Delta -> Delta + p F, Boltzmann weights as exponentials,
    # equals p^2 Delta_0^2 tanh(E/2k_BT) / (2 E^3) with E = sqrt(Delta^2 + Delta_0^2)
    Delta, Delta_0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
    p, T, k_B, F = sp.Symbol("p", positive=True), sp.Symbol("T", positive=True), sp.Symbol("k_B", positive=True), \
        sp.Symbol("F", real=True)

    def derive():
        s = Delta + p * F
        levels = list(hamiltonian(double_well(), convention="standard", energies=[-s / 2, s / 2]).matrix.eigenvals())
        w = [sp.exp(-e / (k_B * T)) for e in levels]
        return (-sum(wi * sp.diff(e, F, 2) for wi, e in zip(w, levels, strict=True)) / sum(w)).subs(F, 0)

    E = sp.sqrt(Delta**2 + Delta_0**2)
    row = check(Claim("chi", "resonant polarisability",
                      printed=lambda: p**2 * Delta_0**2 * sp.tanh(E / (2 * k_B * T)) / (2 * E**3), derive=derive))
    assert row.verdict == AGREES and "factor" not in row.detail, row.detail
    wrong = check(Claim("chi", "twice", printed=lambda: p**2 * Delta_0**2 * sp.tanh(E / (2 * k_B * T)) / E**3,
                        derive=derive))
    assert wrong.verdict == DIFFERS and "printed = (2) x derived" in wrong.detail


@pytest.mark.parametrize("printed, derived", [
    (sp.tanh(b), _thermal(b)),                                                        # tanh as a thermal average
    (sp.tanh(a / (2 * b)) / a**3, _thermal(a / (2 * b)) / a**3),
    (sp.sin(x + sp.Rational(1, 3)), sp.sin(x) * sp.cos(sp.Rational(1, 3)) + sp.cos(x) * sp.sin(sp.Rational(1, 3))),
    (sp.cos(2 * x) * (sp.sin(y) ** 2 + sp.cos(y) ** 2), sp.cos(2 * x).rewrite(sp.exp)),
    (sp.acosh(a + 1), sp.log(a + 1 + sp.sqrt(a * (a + 2)))),
])
def test_an_identity_agrees_and_a_ratio_of_one_is_never_reported_as_a_factor(printed, derived):
    for explain in (True, False):
        verdict, detail = compare(printed, derived, explain=explain)
        assert verdict == AGREES and "factor" not in detail, detail
    assert "numerically at 6 points, 30 digits" in compare(printed, derived, explain=False)[1]


def test_a_constant_factor_is_found_by_the_witnesses_when_the_symbolic_route_is_off():
    verdict, detail = compare(3 * sp.tanh(b), _thermal(b), explain=False)
    assert verdict == DIFFERS and "printed = (3) x derived" in detail
    assert compare(3 * sp.tanh(b), _thermal(b), factor=3, explain=False)[0] == AGREES_UP_TO
    assert compare(3 * sp.tanh(b), _thermal(b), factor=2, explain=False)[0] == DIFFERS


def test_catastrophic_cancellation_is_never_read_as_a_difference():
    # cosh^2 - sinh^2 = 1, each term ~ e^(400 b) ~ 10^(174 b): 40 digits are garbage, more digits resolve it
    one = sp.cosh(200 * b) ** 2 - sp.sinh(200 * b) ** 2
    with sp.evaluate(True):
        assert one != 1  # SymPy leaves it unevaluated: only the witnesses decide with explain=False
    assert compare(one, 1, explain=False)[0] in (AGREES, NOT_DECIDED)
    assert compare(one, 1)[0] == AGREES
    # a true difference of 1e-5 under the same cancellation is resolved at the points where precision suffices
    assert compare(one, 1 + sp.Rational(1, 10**5), explain=False)[0] == DIFFERS


def test_a_zero_computed_through_rounding_noise_agrees():
    # both sides exactly 0 at every point, but evaluated through sin^2 + cos^2 - 1 (noise at each precision)
    assert compare(sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1, 0 * x, explain=False)[0] == AGREES


def test_points_where_a_side_is_undefined_are_skipped():
    k = sp.Symbol("k", integer=True, positive=True)  # k = 1 (the pole of the left side) is drawn often
    assert compare((k**2 - 1) / (k - 1), k + 1, explain=False)[0] == AGREES


@pytest.mark.parametrize("printed, derived, verdict", [
    (sp.sqrt(a**2), a, AGREES),                                    # a > 0
    (sp.sqrt(x**2), x, DIFFERS),                                   # x real: |x| != x for x < 0
    (sp.log(a * b), sp.log(a) + sp.log(b), AGREES),
    (sp.log(x * y), sp.log(x) + sp.log(y), DIFFERS),               # x, y < 0: differ by 2 pi i
    (sp.sqrt(z**2), sp.Abs(z), AGREES),                            # no assumptions: real points
    (sp.sin(sp.pi * n), 0, AGREES),                                # integer n
    (sp.sin(sp.pi * x), 0, DIFFERS),
    (sp.cos(sp.pi * m), -1, AGREES),                               # odd m
    ((-1) ** (2 * n), 1, AGREES),
])
def test_witness_points_respect_the_assumptions_and_branch_cuts(printed, derived, verdict):
    assert compare(printed, derived, explain=False)[0] == verdict
    assert compare(printed, derived)[0] == verdict


def test_inequality_constraints_restrict_the_witness_points():
    assert compare(sp.Abs(x - y), x - y, explain=False)[0] == DIFFERS
    assert compare(sp.Abs(x - y), x - y, assumptions=[x > y], explain=False)[0] == AGREES


def test_the_budget_runs_out_as_not_decided_never_as_agrees():
    big = sp.expand((sp.sin(x) + sp.cos(y) + sp.tanh(x * y) + sp.exp(x - y)) ** 6)
    verdict, detail = compare(big, big.rewrite(sp.exp), budget=1e-3)
    assert verdict == NOT_DECIDED and "time budget of 0.001 s ran out" in detail


def test_a_budget_leaves_no_alarm_behind():
    before = signal.getsignal(signal.SIGALRM)
    big = sp.expand((sp.sin(x) + sp.cos(y) + sp.exp(x - y)) ** 5)
    assert compare(big, big.rewrite(sp.exp), budget=1e-3)[0] == NOT_DECIDED
    time.sleep(0.2)  # a stray alarm would raise Timeout here
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) == before


@pytest.mark.parametrize("budget", [0, -1, math.nan, math.inf, True, "10"])
def test_a_bad_budget_is_refused_with_its_name(budget):
    with pytest.raises(ParameterError, match="budget"):
        compare(x, x, budget=budget)


def test_not_decided_is_counted_in_the_tally_and_shown_in_the_table():
    rows = [Row("1", NOT_DECIDED, "the time budget of 10 s ran out", "", ""), Row("2", AGREES, "", "", "")]
    assert tally(rows)["verdicts"] == {AGREES: 1, NOT_DECIDED: 1}
    assert "NOT-DECIDED: 1" in report_table(rows)


def test_an_eliminated_symbol_keeps_its_sign_assumption():
    # u = a - b eliminates u (the last symbol by name); u > 0 then restricts the points to a > b,
    # where |a - b| = a - b; a real u has no such restriction and |a - b| != a - b for a < b
    u, w = sp.Symbol("u", positive=True), sp.Symbol("w", real=True)
    assert compare(u, sp.Abs(a - b), assumptions=[u - (a - b)], explain=False)[0] == AGREES
    assert compare(w, sp.Abs(a - b), assumptions=[sp.Eq(w, a - b)], explain=False)[0] == DIFFERS
