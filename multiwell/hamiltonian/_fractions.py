r"""Exact flux fractions: the share of the reference area that a bond's line integral sweeps.

:func:`_exact_ratio` recognises a quotient of exact constants as a rational where it is one (regular
polygons hide 1/3, 1/4, 1/5 in nested radicals), else :func:`_in_cosine_basis` writes it as a rational
polynomial in :math:`\cos(2\pi/M)` (the heptagon's chords), found by PSLQ and checked to 200 digits.
Serves :mod:`multiwell.hamiltonian._peierls`; the same criterion is used by the spectrum's fast path.
"""

from __future__ import annotations

import math

import sympy as sp


def _exact_ratio(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """``numerator/denominator`` for exact constants, recognised as a rational where it is one.

    Regular polygons put nested radicals in the positions, so the fraction of the
    reference area swept by a bond is often a plain rational (1/3, 1/4, 1/5, ...) in
    disguise. A rational candidate with a small denominator is accepted when it agrees
    to 100 significant digits (an algebraic number of this size that close to it but
    different would need a minimal polynomial of astronomically large height).
    """
    if numerator == 0:
        return sp.Integer(0)
    approx = sp.N(numerator, 110) / sp.N(denominator, 110)
    guess = sp.nsimplify(sp.N(approx, 60), rational=True, tolerance=sp.Float(10) ** -50)
    if guess.q < 10**6 and abs(approx - guess) <= abs(approx) * sp.Float(10) ** -100:
        return guess
    in_basis = _in_cosine_basis(numerator, denominator)
    return in_basis if in_basis is not None else sp.radsimp(numerator / denominator)


def _in_cosine_basis(value: sp.Expr, denominator: sp.Expr | int = 1) -> sp.Expr | None:
    r"""``value / denominator`` as :math:`\sum_{k<d} q_k c^k`, :math:`c = \cos(2\pi/M)`, or ``None``.

    The :math:`q_k` are rational; ``None`` when no such form is found.

    For constants built from cosines and sines of rational multiples of :math:`\pi` that
    SymPy keeps unevaluated (the heptagon's :math:`\cos(2\pi/7)`, ...): the fraction of a
    regular polygon's area swept by a chord, :math:`\sin(2\pi k/n)/(n\sin(2\pi/n))`, lies in
    :math:`\mathbb Q(\cos 2\pi/n)`, of degree :math:`d = \varphi(n)/2`, but arrives as a
    quotient of sums of products of sines and cosines, and every distinct such quotient would
    become a separate flux generator of the characteristic polynomial (complete(7): 13 s
    instead of a fraction of a second). The rational :math:`q_k` are found by an integer
    relation (mpmath's PSLQ at 120 digits) and accepted only when the two sides agree to 200
    digits, the criterion of :func:`_exact_ratio`.
    """
    import mpmath

    value, denominator = sp.sympify(value), sp.sympify(denominator)
    angles = [a.args[0] / sp.pi for a in value.atoms(sp.cos, sp.sin) | denominator.atoms(sp.cos, sp.sin)]
    if not angles or value.free_symbols or denominator.free_symbols or not all(t.is_Rational for t in angles):
        return None
    q = math.lcm(*(int(sp.Rational(t).q) for t in angles))
    M = q if q % 2 else 2 * q  # cos(pi k / q) lies in Q(cos(2 pi / M))
    if M < 3:
        return None
    d = int(sp.totient(M)) // 2
    c = sp.cos(2 * sp.pi / M)
    with mpmath.workdps(120):
        x = mpmath.mpf(str(sp.N(value, 130))) / mpmath.mpf(str(sp.N(denominator, 130)))
        cm = mpmath.cos(2 * mpmath.pi / M)
        relation = mpmath.pslq([x] + [cm**k for k in range(d)], maxcoeff=10**12, maxsteps=10**6)
    if relation is None or relation[0] == 0:
        return None
    candidate = sp.expand(-sum(sp.Integer(r) * c**k for k, r in enumerate(relation[1:])) / relation[0])
    # numerator and denominator apart: evaluating their (radsimp'ed) quotient is slow
    exact = sp.N(value, 220) / sp.N(denominator, 220)
    if abs(exact - sp.N(candidate, 220)) > abs(exact) * sp.Float(10) ** -200:
        return None
    return candidate

