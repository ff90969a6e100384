r"""The energy variable and :class:`PolyRoot`, the levels without closed form (both used by every later step).

:data:`energy_symbol` is the default variable :math:`\mathcal E` of characteristic polynomials; :class:`PolyRoot`
is the ``k``-th smallest real root of a polynomial with symbolic coefficients, evaluated numerically (mpmath
``polyroots`` on a rescaled polynomial, or the eigenvalues of the Hermitian block it came from). The polynomial
(:mod:`multiwell.spectrum._canonical`), the roots (:mod:`multiwell.spectrum._roots`), the eigenvalues and
:class:`~multiwell.spectrum._blockroot.BlockRoot` import them from here.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from multiwell._validate import as_basic

__all__ = ["PolyRoot", "energy_symbol"]

class _EnergyVariable(sp.Symbol):
    r"""A real symbol that prints as :math:`\mathcal E`: ``\mathcal{E}`` in LaTeX, ``ℰ`` pretty-printed.

    ``str`` keeps its name ``"mathcal{E}"``: not a Python identifier, so ``lambdify`` and the
    code generators rename it, whereas ``ℰ`` is an identifier that Python normalises to ``E``
    (it would collide with a symbol ``E``).
    """

    def _latex(self, printer) -> str:
        return r"\mathcal{E}"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm("\u2130")


energy_symbol = _EnergyVariable("mathcal{E}", real=True)
# (documented where it is public: multiwell.spectrum.energy_symbol)


class PolyRoot(sp.Function):
    r"""The ``k``-th smallest real root of a polynomial with symbolic coefficients.

    ``PolyRoot(expr, x, k)``: evaluates numerically (mpmath ``polyroots``) once every
    symbol has a value; for the characteristic polynomial of a Hermitian matrix all roots
    are real and the rank ``k`` is well defined. ``PolyRoot(expr, x, k, B)`` with the Hermitian
    matrix ``B`` whose eigenvalues include the roots (:func:`eigenvalues` attaches the block):
    the value is the eigenvalue of ``B`` (mpmath ``eigh`` at the working precision) nearest to
    the polynomial's root, so a multiple root keeps every digit (from the coefficients alone a
    double root loses half of them when the symbols are given as floats). Printed without ``B``.

    Examples
    --------
    >>> import sympy as sp
    >>> x, a = sp.symbols("x a", real=True)
    >>> r = PolyRoot(x**3 - 3*x - a, x, 0)   # at a = 1 the roots are 2 cos(20, 140, 260 degrees)
    >>> round(float(r.subs(a, 1)), 12)
    -1.532088886238
    """

    nargs = (3, 4)

    def __new__(cls, *args, **options):
        # sp.Function would parse a string argument: refuse it before SymPy sees it
        return super().__new__(cls, *(as_basic(a, name="PolyRoot") for a in args), **options)

    def _sympystr(self, printer) -> str:
        return "PolyRoot({})".format(", ".join(printer._print(a) for a in self.args[:3]))

    def _pretty(self, printer):
        return printer._print_Function(sp.Function("PolyRoot")(*self.args[:3]))  # without the block

    def _latex(self, printer) -> str:
        return r"\operatorname{PolyRoot}\left(" + ", ".join(printer._print(a) for a in self.args[:3]) + r"\right)"

    def _eval_evalf(self, prec):
        expr, x, k = self.args[:3]
        if expr.free_symbols - {x}:
            return None
        if len(self.args) == 4 and self.args[3].free_symbols:
            return None
        dps = max(30, int(prec * 0.30103) + 10)
        poly = sp.Poly(expr, x)
        if len(self.args) == 4 and poly.degree() == self.args[3].rows:  # every eigenvalue of B is a root
            return sp.Float(_block_eigenvalues(self.args[3], dps)[int(k)], int(prec * 0.30103) + 1)
        # coefficients as mpmath numbers (not complex(): a coefficient of 1e-425 underflows float64)
        coeffs = [sp.N(c, dps).as_real_imag() for c in poly.all_coeffs()]
        with mpmath.workdps(dps):
            coeffs = [mpmath.mpc(mpmath.mpf(str(re)), mpmath.mpf(str(im))) for re, im in coeffs]
            try:
                rs = _polyroots_scaled(coeffs, extraprec=2 * dps)
            except mpmath.NoConvergence:  # clustered roots: the block's eigenvalues where p is smallest
                if len(self.args) < 4:
                    raise
                eig = _block_eigenvalues(self.args[3], dps)
                rs = sorted(eig, key=lambda v: abs(mpmath.polyval(coeffs, v)))[:poly.degree()]
        reals = sorted((r.real for r in rs), key=float)
        if len(self.args) == 4:
            reals = _nearest_eigenvalues(reals, self.args[3], dps)
        return sp.Float(reals[int(k)], int(prec * 0.30103) + 1)


def _block_eigenvalues(B, dps: int) -> list:
    """The eigenvalues of the numeric Hermitian matrix ``B``, ascending (mpmath ``eigh`` at ``dps`` digits)."""
    with mpmath.workdps(dps):
        A = mpmath.matrix([[mpmath.mpc(*(mpmath.mpf(str(v)) for v in sp.N(B[i, j], dps).as_real_imag()))
                            for j in range(B.cols)] for i in range(B.rows)])
        return sorted(mpmath.eigh(A, eigvals_only=True))


def _nearest_eigenvalues(estimates: list, B, dps: int) -> list:
    """For each root estimate (ascending) the nearest unused eigenvalue of the Hermitian matrix ``B``."""
    eig = _block_eigenvalues(B, dps)
    unused = list(range(len(eig)))
    out = []
    for r in estimates:
        best = min(unused, key=lambda i: abs(eig[i] - r))
        unused.remove(best)
        out.append(eig[best])
    return sorted(out)


def _polyroots_scaled(coeffs: list, *, extraprec: int) -> list:
    """``mpmath.polyroots`` on x = s y with s = max_k |a_k/a_0|^(1/k), the scale of the roots.

    polyroots returns roots below its absolute tolerance (~1e-40 at 40 digits) as 0: a level of
    1e-85 came back as 0. After the rescaling every root is O(1) relative to the largest.
    """
    a0 = coeffs[0]
    scale = max((abs(c / a0) ** (mpmath.mpf(1) / k) for k, c in enumerate(coeffs) if k and c != 0),
                default=mpmath.mpf(0))
    if scale == 0:  # a_0 x^n: every root is 0
        return [mpmath.mpf(0)] * (len(coeffs) - 1)
    scaled = [c / a0 / scale**k for k, c in enumerate(coeffs)]
    return [r * scale for r in mpmath.polyroots(scaled, maxsteps=200, extraprec=extraprec)]
