r"""The four real roots of a quartic in radicals: Euler's form with the resolvent cubic in Viète's trigonometric form.

:func:`~multiwell.spectrum.roots` returns :class:`QuarticRoot` levels for an irreducible quartic with odd powers (the
characteristic polynomial of a Hermitian :math:`4\times4` block, all roots real): the formula of
:func:`quartic_roots`, kept by its coefficients and written out on request; the biquadratic keeps its shorter
formula in :func:`~multiwell.spectrum.roots`.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from multiwell._validate import as_basic, as_expr

__all__ = ["QuarticRoot", "quartic_roots"]

SMALL_OPS = 60
"""Coefficients of at most this many operations are expanded and the formula simplified as it is built; larger ones
(a block of the icosahedron: ~100 trigonometric terms) are put in unexpanded, with ``Max``, ``Eq`` and ``sign`` left
unevaluated (deciding them symbolically took minutes)."""


MAX_FOURIER_OPS = 3000
"""Largest coefficient (operations) that :func:`_fourier` rewrites; a larger one is left as it is."""


def _fourier(c: sp.Expr) -> sp.Expr:
    r"""``c`` with every product of sines and cosines written as a sum of cosines and sines (a Fourier polynomial).

    The coefficients of a block's characteristic polynomial come as products such as
    :math:`\sin^2(\phi/12 - 2\phi_1) + \cos^2(\phi/12 - 2\phi_1)`; product-to-sum (SymPy's ``TR8``) and one
    expansion shrink the icosahedron's from 264 to 38 operations.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", real=True)
    >>> _fourier(4*sp.sin(a)**2 + 4*sp.cos(a)**2 + 2*sp.cos(a)*sp.cos(b))
    cos(a - b) + cos(a + b) + 4
    """
    if not c.has(sp.sin, sp.cos) or sp.count_ops(c) > MAX_FOURIER_OPS:
        return c
    from sympy.simplify.fu import TR8

    return sp.expand(TR8(sp.expand(c)))


def _resolvent_roots(p: sp.Expr, q: sp.Expr, r: sp.Expr, tidy: bool) -> list[sp.Expr]:
    r"""The roots :math:`z_a \le z_b \le z_c` of :math:`z^3 + 2pz^2 + (p^2 - 4r)z - q^2` (Viète, as
    :func:`~multiwell.spectrum.viete_roots`, but with its intermediates unexpanded)."""
    shift = -2 * p / 3
    radius2 = p**2 / 9 + 4 * r / 3  # -P/3 of the depressed resolvent Z^3 + PZ + Q, z = Z + shift
    half_q = p**3 / 27 - 4 * p * r / 3 + q**2 / 2  # -Q/2
    if tidy:
        radius2, half_q = _fourier(sp.expand(radius2)), _fourier(sp.expand(half_q))
    discriminant = radius2**3 - half_q**2  # = disc / 108 >= 0 for real roots
    radius = sp.sqrt(sp.Max(radius2, 0, evaluate=tidy))  # = sum_{i<j} (z_i - z_j)^2 / 18 >= 0; Max: rounding
    theta = sp.atan2(sp.sqrt(sp.Max(discriminant, 0, evaluate=tidy)), half_q)
    out = []
    for kprime in (1, -1, 0):
        z = shift + 2 * radius * sp.cos((theta + 2 * sp.pi * kprime) / 3)
        out.append(sp.Piecewise((shift, sp.Eq(radius2, 0, evaluate=tidy)), (z, True)))
    return out


def _depressed(c1: sp.Expr, c2: sp.Expr, c3: sp.Expr, c4: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    r"""``(p, q, r)``: at :math:`x = y - c_1/4`, :math:`x^4 + c_1x^3 + c_2x^2 + c_3x + c_4 = y^4 + py^2 + qy + r`.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> p, q, r = _depressed(-2, -13, 38, -24)
    >>> quartic = x**4 - 2*x**3 - 13*x**2 + 38*x - 24
    >>> sp.expand(quartic.subs(x, y + sp.Rational(1, 2)) - (y**4 + p*y**2 + q*y + r))
    0
    """
    c1, c2, c3, c4 = (sp.sympify(c, strict=True) for c in (c1, c2, c3, c4))
    if c1 == 0:
        return c2, c3, c4
    p = c2 - sp.Rational(3, 8) * c1**2
    q = c3 - c1 * c2 / 2 + c1**3 / 8
    r = c4 - c1 * c3 / 4 + c1**2 * c2 / 16 - sp.Rational(3, 256) * c1**4
    return p, q, r


def quartic_roots(c1: sp.Expr, c2: sp.Expr, c3: sp.Expr, c4: sp.Expr) -> list[sp.Expr]:
    r"""The four roots of :math:`x^4 + c_1x^3 + c_2x^2 + c_3x + c_4`, ascending, when all four are real.

    Depressed by :math:`x = y - c_1/4` to :math:`y^4 + py^2 + qy + r`. With the roots
    :math:`y_1, \dots, y_4` (sum 0) put :math:`s_k = y_1 + y_{k+1}` (:math:`k = 1, 2, 3`); then
    :math:`y_1 = (s_1 + s_2 + s_3)/2`, :math:`y_2 = (s_1 - s_2 - s_3)/2`, and so on (Euler), and
    :math:`z_k = s_k^2` are the roots of the resolvent cubic

    .. math:: z^3 + 2p\,z^2 + (p^2 - 4r)\,z - q^2 = 0,\qquad s_1 s_2 s_3 = -q.

    Choice of roots, justified: when the :math:`y_i` are real, so is every :math:`s_k`, hence every
    :math:`z_k = s_k^2 \ge 0` — all three resolvent roots are real and non-negative, so Viète's trigonometric form
    (:func:`~multiwell.spectrum.viete_roots`, valid exactly when the cubic's roots are real) gives them ascending,
    :math:`z_a \le z_b \le z_c`, and every square root :math:`\sqrt{z_k}` is real (``Max(z, 0)`` only absorbs
    rounding). No resolvent root has to be chosen: all three are used, symmetrically. Changing the signs of
    two :math:`s_k` only permutes the :math:`y_i`, so only the sign of the product matters, fixed by
    :math:`s_1s_2s_3 = -q`: :math:`s_a = -\operatorname{sign}(q)\sqrt{z_a}`, :math:`s_b = \sqrt{z_b}`,
    :math:`s_c = \sqrt{z_c}`. When :math:`q = 0` then :math:`z_az_bz_c = q^2 = 0`, so :math:`z_a = 0` and
    :math:`\operatorname{sign}(0) = 0` is harmless. With :math:`\sqrt{z_a} \le \sqrt{z_b} \le \sqrt{z_c}` and
    :math:`|s_a| = \sqrt{z_a}` the order is fixed for every parameter value (differences
    :math:`\sqrt{z_b} - s_a`, :math:`\sqrt{z_c} - \sqrt{z_b}`, :math:`\sqrt{z_b} + s_a`, all :math:`\ge 0`):

    .. math:: y = \tfrac12\left(s_a - s_b - s_c\right) \le \tfrac12\left(-s_a + s_b - s_c\right)
              \le \tfrac12\left(-s_a - s_b + s_c\right) \le \tfrac12\left(s_a + s_b + s_c\right).

    A double root of the quartic is a double root of the resolvent (:math:`y_1 = y_2` gives :math:`s_2 = -s_3`),
    where Viète's angle loses half the working digits: evaluate at extra precision (SymPy's ``evalf``) or
    through the block (:class:`QuarticRoot` with the block that :func:`~multiwell.spectrum.eigenvalues` attaches).

    Examples
    --------
    :math:`(x - 1)(x - 2)(x - 3)(x + 4) = x^4 - 2x^3 - 13x^2 + 38x - 24`:

    >>> import sympy as sp
    >>> [round(float(r), 12) for r in quartic_roots(-2, -13, 38, -24)]
    [-4.0, 1.0, 2.0, 3.0]

    A double root and a triple root stay exact (no NaN, no complex intermediate):

    >>> [sp.nsimplify(sp.N(r, 30), tolerance=1e-25) for r in quartic_roots(-3, 0, 4, 0)]   # x (x + 1) (x - 2)^2
    [-1, 0, 2, 2]
    >>> [round(float(r), 12) for r in quartic_roots(-2, 0, 2, -1)]   # (x - 1)^3 (x + 1)
    [-1.0, 1.0, 1.0, 1.0]
    """
    c1, c2, c3, c4 = (_fourier(as_expr(c, name=f"c{k}")) for k, c in enumerate((c1, c2, c3, c4), 1))
    tidy = all(sp.count_ops(c) <= SMALL_OPS for c in (c1, c2, c3, c4))
    p, q, r = _depressed(c1, c2, c3, c4)
    if tidy:
        p, q, r = sp.expand(p), sp.expand(q), sp.expand(r)
    a, b, c = (sp.sqrt(sp.Max(z, 0, evaluate=tidy)) for z in _resolvent_roots(p, q, r, tidy))
    sa = -sp.sign(q, evaluate=tidy) * a  # the product of the three square roots is -q
    shift = -c1 / 4
    return [shift + (sa - b - c) / 2, shift + (-sa + b - c) / 2, shift + (-sa - b + c) / 2, shift + (sa + b + c) / 2]


class QuarticRoot(sp.Function):
    r"""``QuarticRoot(c1, c2, c3, c4, k)``: the ``k``-th smallest root of :math:`x^4 + c_1x^3 + c_2x^2 + c_3x + c_4`
    in radicals (:func:`quartic_roots`, Euler's form with Viète's resolvent), all four roots real.

    A closed form kept by its four coefficients, so that it prints on one line and substituting numbers stays
    cheap; :meth:`explicit` writes it out (sines, cosines, square roots, Viète's angle). Numeric values: with the
    Hermitian block ``B`` attached (``QuarticRoot(c1, c2, c3, c4, k, B)``, as :func:`~multiwell.spectrum.eigenvalues`
    returns it) the eigenvalue of the numeric block nearest the formula (every digit at degenerate points, where the
    formula loses up to two thirds of them); without it the formula itself, at three times the working digits.

    Examples
    --------
    >>> import sympy as sp
    >>> r = QuarticRoot(-2, -13, 38, -24, 3)   # (x - 1)(x - 2)(x - 3)(x + 4)
    >>> r.evalf(20)
    3.0000000000000000000
    >>> a = sp.Symbol("a", real=True)
    >>> r = QuarticRoot(0, -5 * a**2, 0, 4 * a**4, 0)   # (x^2 - a^2)(x^2 - 4a^2): -2|a|
    >>> round(float(r.subs(a, 3)), 12), round(float(r.explicit().subs(a, 3)), 12)   # casus irreducibilis
    (-6.0, -6.0)
    """

    nargs = (5, 6)

    def __new__(cls, *args, **options):
        return super().__new__(cls, *(as_basic(a, name="QuarticRoot") for a in args), **options)

    def explicit(self) -> sp.Expr:
        """The root in radicals, written out (:func:`quartic_roots`)."""
        return quartic_roots(*self.args[:4])[int(self.args[4])]

    def _sympystr(self, printer) -> str:
        return "QuarticRoot({})".format(", ".join(printer._print(a) for a in self.args[:5]))

    def _pretty(self, printer):
        return printer._print_Function(sp.Function("QuarticRoot")(*self.args[:5]))  # without the block

    def _latex(self, printer) -> str:
        return r"\operatorname{QuarticRoot}\left(" + ", ".join(printer._print(a) for a in self.args[:5]) + r"\right)"

    def _numpycode(self, printer) -> str:
        return printer._print(self.explicit())

    _pythoncode = _mpmathcode = _lambdacode = _numpycode

    def _eval_evalf(self, prec):
        if any(c.free_symbols for c in self.args[:4]):
            return None
        B = self.args[5] if len(self.args) == 6 else None
        if B is not None and B.free_symbols:
            return None
        dps = int(prec * 0.30103) + 1
        value = _formula_value([sp.N(c, 3 * dps + 20) for c in self.args[:4]], int(self.args[4]), 3 * dps + 20)
        if B is not None:
            eig = _block_eigenvalues(B, dps + 10)
            value = min(eig, key=lambda v: abs(v - value))
        return sp.Float(value, dps)


def _block_eigenvalues(B, dps: int) -> list:
    """The eigenvalues of the numeric Hermitian matrix ``B`` (mpmath ``eigh`` at ``dps`` digits)."""
    with mpmath.workdps(dps):
        A = mpmath.matrix([[mpmath.mpc(*(mpmath.mpf(str(v)) for v in sp.N(B[i, j], dps).as_real_imag()))
                            for j in range(B.cols)] for i in range(B.rows)])
        return list(mpmath.eigh(A, eigvals_only=True))


def _formula_value(coeffs: list, k: int, dps: int):
    """The explicit formula of :func:`quartic_roots` in mpmath at ``dps`` digits (real part; coefficients real)."""
    with mpmath.workdps(dps):
        c1, c2, c3, c4 = (mpmath.mpf(str(sp.re(c))) for c in coeffs)
        p = c2 - 3 * c1**2 / 8
        q = c3 - c1 * c2 / 2 + c1**3 / 8
        r = c4 - c1 * c3 / 4 + c1**2 * c2 / 16 - 3 * c1**4 / 256
        shift = -2 * p / 3
        radius2 = p**2 / 9 + 4 * r / 3
        half_q = p**3 / 27 - 4 * p * r / 3 + q**2 / 2
        if radius2 <= 0:
            z = [shift] * 3
        else:
            theta = mpmath.atan2(mpmath.sqrt(max(radius2**3 - half_q**2, 0)), half_q)
            z = [shift + 2 * mpmath.sqrt(radius2) * mpmath.cos((theta + 2 * mpmath.pi * kp) / 3) for kp in (1, -1, 0)]
        a, b, c = (mpmath.sqrt(max(zk, 0)) for zk in z)
        sa = -mpmath.sign(q) * a
        y = [(sa - b - c) / 2, (-sa + b - c) / 2, (-sa - b + c) / 2, (sa + b + c) / 2][k]
        return y - c1 / 4
