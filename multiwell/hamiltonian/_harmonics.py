r"""All harmonics of a flux written in one cosine (and one sine) of a base angle (private).

A characteristic polynomial folded by :mod:`multiwell.spectrum._charpoly` carries every harmonic of a flux as
its own generator: the octahedron in a (1,1,1) field has :math:`\cos(\phi/6)`, :math:`\cos(\phi/2)`,
:math:`\cos(2\phi/3)` and :math:`\cos(5\phi/6)`, which a factoring algorithm treats as four independent
variables. They are all Chebyshev polynomials of one cosine: with :math:`\theta = g\phi` (:math:`g` the
greatest common divisor of the rational multiples of :math:`\phi` that occur),

.. math:: \cos k\theta = T_k(\cos\theta),\qquad \sin k\theta = \sin\theta\,U_{k-1}(\cos\theta),

and :math:`\sin^2\theta = 1 - \cos^2\theta`, so every coefficient becomes a polynomial in
:math:`c = \cos\theta` plus :math:`\sin\theta` times one. Cosines of sums of different fluxes are left
as they are (still exact; they are just independent generators for the factoring).
"""

from __future__ import annotations

import math
from functools import reduce

import sympy as sp

__all__: list[str] = []


def _single_flux(arg: sp.Expr) -> tuple[sp.Symbol, sp.Rational] | None:
    """``arg = r * phi`` with ``phi`` one real symbol and ``r`` rational, else ``None``."""
    syms = arg.free_symbols
    if len(syms) != 1:
        return None
    (phi,) = syms
    r = sp.expand(arg / phi)
    return (phi, r) if r.is_Rational and r != 0 else None


def _base_angles(trig: set) -> dict[sp.Symbol, sp.Rational]:
    """For each flux symbol, the gcd ``g`` of its rational multiples among the ``cos``/``sin`` atoms."""
    multiples: dict[sp.Symbol, list[sp.Rational]] = {}
    for f in trig:
        found = _single_flux(f.args[0])
        if found is not None:
            multiples.setdefault(found[0], []).append(abs(found[1]))
    out = {}
    for phi, rs in multiples.items():
        num = reduce(math.gcd, (int(r.p) for r in rs))
        den = reduce(math.lcm, (int(r.q) for r in rs))
        out[phi] = sp.Rational(num, den)
    return out


def harmonic_substitution(expr_atoms: set) -> tuple[dict, dict]:
    r"""``({cos(k theta): T_k(c), sin(k theta): s U_{k-1}(c)}, {phi: (c, s)})`` for the atoms given.

    Returns an empty substitution when nothing would change (every flux appears in one cosine only).
    """
    trig = {f for f in expr_atoms if isinstance(f, sp.cos | sp.sin)}
    bases = _base_angles(trig)
    subs: dict = {}
    gens: dict = {}
    for f in trig:
        found = _single_flux(f.args[0])
        if found is None:
            continue
        phi, r = found
        theta = bases[phi] * phi
        c, s = sp.cos(theta), sp.sin(theta)
        k = int(r / bases[phi])
        if isinstance(f, sp.cos):
            if abs(k) == 1:
                continue
            subs[f] = sp.chebyshevt_poly(abs(k), c)
        else:
            if abs(k) == 1 and k > 0:
                gens.setdefault(phi, (c, s))
                continue
            subs[f] = (1 if k > 0 else -1) * s * sp.chebyshevu_poly(abs(k) - 1, c)
        gens.setdefault(phi, (c, s))
    return subs, gens


def _reduce_sines(expr: sp.Expr, pairs) -> sp.Expr:
    """Replace s^(2m) by (1 - c^2)^m and s^(2m+1) by s (1 - c^2)^m for each (c, s)."""
    for c, s in pairs:
        def square_free(p, c=c, s=s):
            m, odd = divmod(int(p.exp), 2)
            return (1 - c**2) ** m * (s if odd else 1)

        expr = expr.replace(lambda p, s=s: isinstance(p, sp.Pow) and p.base == s and p.exp.is_Integer
                            and p.exp > 1, square_free)
    return expr


def unify_poly(poly: sp.Poly) -> sp.Poly:
    """``poly`` (a Poly in the energy variable) with each flux's harmonics in one cosine and sine.

    Examples
    --------
    >>> phi, x = sp.Symbol("phi", real=True), sp.Symbol("x")
    >>> unify_poly(sp.Poly(x**2 - 2 * sp.cos(phi / 2) - sp.cos(phi / 6), x)).as_expr()
    x**2 - 8*cos(phi/6)**3 + 5*cos(phi/6)
    """
    coeffs = poly.all_coeffs()
    atoms = set().union(*(sp.sympify(c).atoms(sp.cos, sp.sin) for c in coeffs))
    subs, gens = harmonic_substitution(atoms)
    if not subs:
        return poly
    new = [_reduce_sines(sp.expand(sp.sympify(c).xreplace(subs)), gens.values()) for c in coeffs]
    new = [sp.expand(c) for c in new]
    return sp.Poly.from_list(new, poly.gen)


def unify_expr(expr: sp.Expr) -> sp.Expr:
    r"""A real trigonometric expression with each flux's harmonics in :math:`\cos\theta`, :math:`\sin\theta`.

    Sums with constant shifts (:math:`\cos(\phi/6 + 2\pi/3)`) are expanded first; the result is
    collected, so equal levels print alike.

    Examples
    --------
    >>> phi = sp.Symbol("phi", real=True)
    >>> unify_expr(sp.cos(phi / 6 + 2 * sp.pi / 3) + sp.cos(phi / 6 - 2 * sp.pi / 3))
    -cos(phi/6)
    """
    expr = sp.sympify(expr)
    if not expr.has(sp.cos, sp.sin):
        return expr
    expr = expr.xreplace({f: _unshifted(f) for f in expr.atoms(sp.cos, sp.sin) if _shifted(f)})
    subs, gens = harmonic_substitution(expr.atoms(sp.cos, sp.sin))
    if subs:
        expr = _reduce_sines(sp.expand(expr.xreplace(subs)), gens.values())
    return sp.factor_terms(sp.expand(expr))


def _unshifted(f) -> sp.Expr:
    r"""``cos(a + b)`` (``b`` constant) as ``cos a cos b - sin a sin b``; ``sin`` likewise."""
    arg = sp.expand(f.args[0])
    b = sp.Add(*(t for t in sp.Add.make_args(arg) if not t.free_symbols))
    a = arg - b
    if isinstance(f, sp.cos):
        return sp.cos(a) * sp.cos(b) - sp.sin(a) * sp.sin(b)
    return sp.sin(a) * sp.cos(b) + sp.cos(a) * sp.sin(b)


def _shifted(f) -> bool:
    """``cos(r phi + const)``: a harmonic shifted by a constant angle."""
    arg = sp.expand(f.args[0])
    return bool(arg.free_symbols) and any(not t.free_symbols for t in sp.Add.make_args(arg))


def sine_form(expr: sp.Expr) -> sp.Expr:
    r"""Square roots :math:`\sqrt{a(1 - \cos^2\theta)}` rewritten as :math:`\sqrt a\,|\sin\theta|`.

    Examples
    --------
    >>> phi, t = sp.Symbol("phi", real=True), sp.Symbol("t", positive=True)
    >>> sine_form(sp.sqrt(12 * t**2 * (1 - sp.cos(phi / 6) ** 2)))
    2*sqrt(3)*t*Abs(sin(phi/6))
    """
    cosines = [c for c in expr.atoms(sp.cos) if c.free_symbols]
    if not cosines:
        return expr

    def rewrite(p):
        for c in cosines:
            rest = sp.cancel(p.base / (1 - c**2))
            # only when no trigonometric function of these fluxes is left (cos(3a/4 - b/4) and
            # cos((3a - b)/4) are one function but two SymPy objects: compare by free symbols)
            if not any(t.free_symbols & c.free_symbols for t in rest.atoms(sp.cos, sp.sin)):
                return sp.sqrt(rest) * sp.Abs(sp.sin(c.args[0]))
        return p

    return expr.replace(lambda p: isinstance(p, sp.Pow) and p.exp == sp.Rational(1, 2), rewrite)
