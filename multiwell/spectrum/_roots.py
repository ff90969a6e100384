r"""Closed-form roots of a characteristic polynomial: :func:`roots` and Viète's cubic :func:`viete_roots`.

:func:`roots` writes every harmonic of a flux in one cosine, factors (python-flint for rational coefficients,
SymPy from degree 5), and solves each factor by its degree: linear, quadratic, Viète's trigonometric cubic,
biquadratic quartic; any other factor gives :class:`~multiwell.spectrum.PolyRoot` levels. The size guards
``MAX_POLY_TERMS`` and ``MAX_FACTOR_TERMS`` bound what is factored and solved; levels are sorted where every
difference has a known sign.
"""

from __future__ import annotations

import sympy as sp

from multiwell.errors import ParameterError, SizeLimitError
from multiwell.hamiltonian._harmonics import sine_form, unify_poly
from multiwell.spectrum._polyroot import PolyRoot
from multiwell.spectrum._quartic import QuarticRoot, _fourier

__all__ = ["roots", "viete_roots"]


def viete_roots(a2: sp.Expr, a1: sp.Expr, a0: sp.Expr) -> list[sp.Expr]:
    r"""The three real roots of :math:`x^3 + a_2x^2 + a_1x + a_0` in Viète's trigonometric form, ascending.

    With :math:`x = y - a_2/3`, :math:`y^3 + py + q = 0`, :math:`r = \sqrt{-p/3}`:

    .. math:: y_k = 2r\cos\frac{\theta + 2\pi k'}{3},\qquad
              \theta = \operatorname{atan2}\!\left(\sqrt{r^6 - q^2/4},\,-q/2\right)\in[0,\pi],

    with :math:`k' = 1, -1, 0` for the lowest, middle and highest root (so the order holds
    for every :math:`\theta`). The atan2 form never divides by :math:`r`; the triple
    degeneracy :math:`p = 0` is an explicit branch, so the expression never evaluates
    to NaN. Valid whenever the three roots are real (every Hermitian 3×3 matrix), where
    :math:`r^6 - q^2/4 = \mathrm{disc}/108 \ge 0`.

    Examples
    --------
    At a double root the formula stays exact (no NaN, no complex intermediate):
    :math:`x^3 - 3x + 2 = (x - 1)^2(x + 2)`.

    >>> viete_roots(0, -3, 2)
    [-2, 1, 1]
    >>> import sympy as sp
    >>> a = sp.Symbol("a", real=True)
    >>> [round(float(r.subs(a, 1)), 12) for r in viete_roots(0, -3, -a)]   # 2 cos(20, 140, 260 deg)
    [-1.532088886238, -0.347296355334, 1.879385241572]
    """
    a2, a1, a0 = (sp.sympify(c, strict=True) for c in (a2, a1, a0))
    p = sp.expand(a1 - a2**2 / 3)
    q = sp.expand(2 * a2**3 / 27 - a2 * a1 / 3 + a0)
    r2 = -p / 3
    radius = sp.sqrt(r2)
    theta = sp.atan2(sp.sqrt(sp.Max(r2**3 - q**2 / 4, 0)), -q / 2)
    shift = -a2 / 3
    out = []
    for kprime in (1, -1, 0):
        y = 2 * radius * sp.cos((theta + 2 * sp.pi * kprime) / 3)
        out.append(sp.Piecewise((shift, sp.Eq(p, 0)), (shift + y, True)))
    return out


def _factor_list(poly: sp.Poly) -> list[tuple[sp.Poly, int]]:
    r"""Factors of positive degree in ``poly.gen`` with multiplicities: :math:`P = c\prod_j f_j^{m_j}`.

    Every other generator (the parameters, each cosine of a flux, an irrational constant)
    is an independent variable, as in ``sympy.factor_list(P, x)``. With rational
    coefficients the factorisation is python-flint's (FLINT's multivariate algorithm:
    deterministic, milliseconds for a ring of five); otherwise SymPy's. SymPy's
    multivariate algorithm (Wang's) draws its evaluation points from SymPy's global random
    generator: for the characteristic polynomial of a ring of five with a flux about one
    draw in ten makes its Hensel lifting run for minutes, so it is only the fallback.
    The factors are ``Poly`` objects in ``poly.gen``, sorted by degree, then in SymPy's
    canonical order.

    Examples
    --------
    >>> import sympy as sp
    >>> x, phi = sp.Symbol("x"), sp.Symbol("phi", real=True)
    >>> [(f.as_expr(), m) for f, m in _factor_list(sp.Poly(3 * (x**2 - 2) * (x + sp.cos(phi))**2, x))]
    [(x + cos(phi), 2), (x**2 - 2, 1)]
    """
    x = poly.gen
    P = poly.inject() if poly.domain.is_PolynomialRing else poly
    if P.domain.is_ZZ or P.domain.is_QQ:
        import flint

        K = P.domain
        ctx = flint.fmpq_mpoly_ctx.get(tuple(f"x{k}" for k in range(len(P.gens))), "lex")
        rational = ((m, K.to_sympy(c)) for m, c in P.terms())
        F = ctx.from_dict({m: flint.fmpq(int(c.p), int(c.q)) for m, c in rational})
        factors = []
        for f, mult in F.factor()[1]:
            terms = f.to_dict()
            if max(m[0] for m in terms) == 0:
                continue  # free of x: part of the constant c
            g = sp.Poly.from_dict({m: sp.Rational(int(c.p), int(c.q)) for m, c in terms.items()}, *P.gens)
            factors.append((g.eject(*P.gens[1:]) if len(P.gens) > 1 else g, int(mult)))
    else:
        factors = [(sp.Poly(f, x), m) for f, m in sp.factor_list(poly.as_expr(), x)[1] if sp.degree(f, x) > 0]
    if len(factors) < 2:
        return factors
    return sorted(factors, key=lambda fm: (fm[0].degree(), sp.default_sort_key(fm[0].as_expr())))


def _rational_domain(poly: sp.Poly) -> bool:
    """The coefficients are polynomials over ZZ or QQ (python-flint factors them in milliseconds)."""
    K = poly.domain
    return K.is_ZZ or K.is_QQ or (K.is_PolynomialRing and (K.domain.is_ZZ or K.domain.is_QQ))


def roots(poly: sp.Poly, *, method: str = "auto") -> list[sp.Expr]:
    r"""The roots of a characteristic polynomial, ascending where the order is decidable.

    ``method``: ``"auto"`` (closed form by degree, else :class:`PolyRoot`), ``"trigonometric"``
    (force Viète for a cubic), ``"numeric"`` (always :class:`PolyRoot`).

    First every harmonic of a flux is written in one cosine of a base angle,
    :math:`\cos k\theta = T_k(\cos\theta)` (Chebyshev; sines as :math:`\sin\theta\,U_{k-1}`), so
    that :math:`\cos(\phi/6)` and :math:`\cos(\phi/2)` are no longer independent variables; then a
    polynomial of degree 3 or more is factored (python-flint, where the coefficients are polynomials
    over the rationals; SymPy only from degree 5) and each factor solved, the levels sorted where
    every difference has a known sign. An irreducible factor gets: degree 1 and 2, the formulas (the
    quadratic's discriminant of a Hermitian matrix is a sum of squares, so the roots are ordered
    ``-``, ``+``; :math:`\sqrt{a(1-\cos^2\theta)}` is written :math:`\sqrt a\,|\sin\theta|`). Degree
    3: :func:`viete_roots`. Degree 4 with no odd powers (biquadratic, e.g. the paper's Eqs. 36 and
    39): :math:`\pm\sqrt{(-b\pm\sqrt{b^2-4d})/2}` ordered as :math:`-\sqrt{u_+}, -\sqrt{u_-},
    \sqrt{u_-}, \sqrt{u_+}` (valid when all four roots are real). Any other quartic:
    :class:`~multiwell.spectrum.QuarticRoot` (Euler's form with Viète's resolvent,
    :func:`~multiwell.spectrum.quartic_roots`; its coefficients first in Fourier form, products of sines and
    cosines as sums). An irreducible factor of degree 5 or more: :class:`PolyRoot`. A polynomial of more than
    ``MAX_FACTOR_TERMS`` terms is neither rewritten nor factored (its roots are :class:`PolyRoot`).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> roots(sp.Poly(x**4 - 5 * x**2 + 4, x))   # biquadratic: (x^2 - 1)(x^2 - 4)
    [-2, -1, 1, 2]
    >>> D, E = sp.symbols("D E", positive=True)
    >>> roots(sp.Poly(x**2 - E**2 - D**2, x))   # the two-level system
    [-sqrt(D**2 + E**2), sqrt(D**2 + E**2)]

    The octahedron's harmonics :math:`\cos(\phi/6)`, :math:`\cos(\phi/2)` in one cosine: the sextic
    factors completely.

    >>> phi = sp.Symbol("phi", real=True)
    >>> c, c3 = sp.cos(phi / 6), sp.cos(phi / 2)
    >>> p = sp.Poly(x**6 - 12*D**2*x**4 - (12*c + 4*c3)*D**3*x**3 + 18*(1 - sp.cos(2*phi/3))*D**4*x**2
    ...             + (24*c - 12*c3 - 12*sp.cos(5*phi/6))*D**5*x, x)
    >>> roots(p)
    [0, 4*D*cos(phi/6), -2*D*cos(phi/6), -2*D*cos(phi/6), -2*sqrt(3)*D*Abs(sin(phi/6)), 2*sqrt(3)*D*Abs(sin(phi/6))]
    """
    if not isinstance(poly, sp.Poly):
        raise ParameterError(f"poly: expected a sympy Poly, got {type(poly).__name__}")
    if method not in ("auto", "trigonometric", "numeric"):
        raise ParameterError(f"method: expected 'auto', 'trigonometric' or 'numeric', got {method!r}")
    x = poly.gen
    _check_size(poly)  # before degree(): that unpacks python-flint's determinant into SymPy
    n = poly.degree()
    if method == "numeric":
        expr = poly.as_expr()
        return [PolyRoot(expr, x, k) for k in range(n)]
    small = _size(poly) <= MAX_FACTOR_TERMS  # rewriting and factoring a large polynomial take minutes
    if small:
        poly = unify_poly(poly)  # every harmonic of a flux in one cosine (Chebyshev), so factors are found
    if small and (n >= 5 or (n >= 3 and _rational_domain(poly))):  # SymPy factors only where no formula exists
        factors = _factor_list(poly)
        if len(factors) > 1 or (factors and factors[0][1] > 1):
            out = []
            for f, mult in factors:
                out.extend(roots(f, method=method) * mult)
            return _ascending_if_decidable(out)  # else factor by factor: documented
    if n > 4:
        expr = poly.as_expr()  # no formula: the coefficients are not normalised (costly for large ones)
        return [PolyRoot(expr, x, k) for k in range(n)]
    lead = poly.LC()
    c = [sp.cancel(a / lead) for a in poly.all_coeffs()]
    if n == 1:
        return [-c[1]]
    if n == 2:
        content, rest = sp.expand(c[1] ** 2 - 4 * c[2]).as_content_primitive()
        half = sine_form(sp.sqrt(content) * sp.sqrt(sp.factor_terms(rest)) / 2)  # content > 0: sqrt(4(D^2+E^2))/2
        return [-c[1] / 2 - half, -c[1] / 2 + half]
    if n == 3:
        return viete_roots(c[1], c[2], c[3])
    if n == 4 and c[1] == 0 and c[3] == 0:
        b, d = c[2], c[4]
        s = sp.sqrt(sp.expand(b**2 - 4 * d))
        up, um = (-b + s) / 2, (-b - s) / 2
        return [-sp.sqrt(up), -sp.sqrt(um), sp.sqrt(um), sp.sqrt(up)]
    c = [_fourier(ck) for ck in c]  # issue 24: Euler + Viete, every quartic with real roots
    return [QuarticRoot(*c[1:], k) for k in range(4)]


MAX_POLY_TERMS = 20000
"""Most terms of a characteristic polynomial that :func:`roots` factors and solves (size guard)."""

MAX_FACTOR_TERMS = 3000
"""Most terms of a polynomial that :func:`roots` rewrites (flux harmonics in one cosine) and factors; a larger one
is solved as it is (:class:`PolyRoot`): rewriting a 7156-term polynomial took 20 s, factoring a 15445-term one
did not end in 5 minutes."""


def _size(poly: sp.Poly) -> int:
    """Number of terms of ``poly`` over its ground ring (of its coefficients too, when they are polynomials)."""
    det = getattr(poly, "flint_determinant", None)
    if det is not None:  # python-flint's determinant, not yet unpacked into SymPy
        return len(det)
    if poly.domain.is_PolynomialRing:
        return sum(len(c) for c in poly.rep.to_list())
    return len(poly.terms())


def _check_size(poly: sp.Poly) -> None:
    size = _size(poly)
    if size > MAX_POLY_TERMS:
        raise SizeLimitError(
            f"poly: the characteristic polynomial has {size} terms (limit {MAX_POLY_TERMS}), too many to factor "
            "and solve symbolically; give numbers for some parameters (hamiltonian(..., energies=[0] * n) or "
            "H.subs({...})), or take numeric levels with H.eigvalsh(values) / multiwell.to_numpy(H)"
        )


def _ascending_if_decidable(levels: list[sp.Expr]) -> list[sp.Expr]:
    """``levels`` sorted ascending when every pairwise difference has a known sign, else unchanged."""
    import functools

    class _Undecided(Exception):
        pass

    def cmp(a, b):
        d = sp.expand(a - b)
        if d == 0 or d.is_zero:
            return 0
        if d.is_positive:
            return 1
        if d.is_negative:
            return -1
        raise _Undecided

    try:
        return sorted(levels, key=functools.cmp_to_key(cmp))
    except _Undecided:
        return levels
