r"""Closed forms of an effective block's eigenvalues and the symbolic engine's normal form (private).

The roots factor by factor when a characteristic polynomial with rational coefficients splits
into degrees <= 2, Viète's trigonometric form of a cubic from precomputed invariants, and the
one-fraction normal form of a coefficient. Used by :mod:`multiwell.limits._perturbation`.
"""

from __future__ import annotations

import sympy as sp


def _split_roots(poly: sp.Poly) -> list[sp.Expr] | None:
    """The roots factor by factor when ``poly`` (rational coefficients) splits into degrees <= 2; else ``None``."""
    from multiwell.spectrum._roots import _factor_list, roots

    domain = poly.domain
    ground = domain.domain if domain.is_PolynomialRing else domain
    if not (ground.is_ZZ or ground.is_QQ):
        return None
    factors = _factor_list(poly)
    if max((f.degree() for f, _ in factors), default=0) > 2:
        return None
    out = []
    for f, mult in factors:
        out.extend(roots(f) * mult)
    return out


def _tidy(z: sp.Expr) -> sp.Expr:
    """The symbolic engine's normal form of a coefficient: one cancelled fraction of expanded polynomials."""
    return sp.cancel(sp.expand(z))


def _viete(shift: sp.Expr, p: sp.Expr, q: sp.Expr) -> list[sp.Expr]:
    r"""The roots of :math:`(x - s)^3 + p(x - s) + q`, ascending, in the form of :func:`multiwell.spectrum.viete_roots`.

    The invariants come in precomputed and expanded; :math:`r^6 - q^2/4` is left as written, and
    ``Max`` and ``Eq`` unevaluated: SymPy would otherwise expand it and try to compare polynomials
    of hundreds of terms with zero.
    """
    half = sp.Rational(1, 2)
    disc = (-p / 3) ** 3 - q**2 / 4
    radius = sp.Pow(-p / 3, half, evaluate=False)
    theta = sp.atan2(sp.Pow(sp.Max(disc, 0, evaluate=False), half, evaluate=False), -q / 2, evaluate=False)
    degenerate = sp.Eq(p, 0, evaluate=False)
    return [sp.Piecewise((shift, degenerate),
                         (shift + 2 * radius * sp.cos((theta + 2 * sp.pi * k) / 3, evaluate=False), True),
                         evaluate=False)
            for k in (1, -1, 0)]
