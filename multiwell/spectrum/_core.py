# Over 600 lines (763): charpoly, roots and PolyRoot; issue 27 makes spectrum/ a package with one module each.
"""The implementation behind :mod:`multiwell.spectrum` (its docstring says what it computes)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
import mpmath
import numpy as np
import sympy as sp

from multiwell.spectrum._charpoly import _Unsupported, charpoly_fast
from multiwell._validate import as_basic, as_expr, hermitian_matrix
from multiwell.hamiltonian._harmonics import sine_form, unify_poly
from multiwell.errors import ParameterError, SizeLimitError
from multiwell.hamiltonian import Hamiltonian
from multiwell.symmetry._core import _rational_phases, symmetry_blocks

__all__ = [
    "PolyRoot",
    "bloch_band",
    "canonical_form",
    "characteristic_polynomial",
    "compare_polynomials",
    "eigenvalues",
    "elementary_symmetric",
    "energy_symbol",
    "roots",
    "viete_roots",
]


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
r"""The default energy variable of characteristic polynomials, :math:`\mathcal E`."""


# -- matrix → polynomial -----------------------------------------------------------------------------------
def _matrix_of(H) -> tuple[sp.Matrix, tuple]:
    if isinstance(H, Hamiltonian):
        return H.matrix, H.constraints
    return sp.Matrix(hermitian_matrix(H, name="H")), ()


def characteristic_polynomial(H, *, variable: sp.Symbol | None = None) -> sp.Poly:
    r"""Return :math:`\det(\mathcal E\,\mathbb 1 - H)` as a ``Poly`` in ``variable``, fluxes folded into cosines.

    Parameters
    ----------
    H
        A :class:`~multiwell.hamiltonian.Hamiltonian` or a square SymPy matrix.
    variable
        The energy variable (default :data:`energy_symbol`, printed :math:`\mathcal E`).

    Notes
    -----
    For the paper's 3-well in a field (Eq. 7) this is
    :math:`\mathcal E^3 + (e_2 - 3D_0^2)\mathcal E - e_3 - 2D_0^3\cos\phi` with
    :math:`e_1 = \sum E_i = 0`. The fast path (python-flint) handles entries that are
    polynomials with rational coefficients in the parameters times exponentials of
    rational multiples of the fluxes; anything else falls back to SymPy's Berkowitz
    algorithm on the matrix (slower, same result).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import ring, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> characteristic_polynomial(hamiltonian(ring(4), flux=phi).subs(
    ...     {sp.Symbol(f"E_{k}", real=True): 0 for k in range(1, 5)})).as_expr()
    -2*D_0**4*cos(phi) + 2*D_0**4 - 4*D_0**2*mathcal{E}**2 + mathcal{E}**4
    """
    M, _ = _matrix_of(H)
    if variable is not None and not isinstance(variable, sp.Symbol):
        raise ParameterError(f"variable: expected a sympy Symbol, got {type(variable).__name__} {variable!r}")
    x = energy_symbol if variable is None else variable
    if x in M.free_symbols:
        raise ParameterError(f"variable: {x} already appears in the matrix; choose another energy variable")
    try:
        return charpoly_fast(M, x)
    except _Unsupported:
        expr = (x * sp.eye(M.rows) - M).det(method="berkowitz")
        expr = sp.expand(expr.rewrite(sp.cos)) if expr.has(sp.exp) else sp.expand(expr)
        return sp.Poly(expr, x)


# -- canonical form ------------------------------------------------------------------------------------------
def elementary_symmetric(k: int, variables: Sequence[sp.Expr]) -> sp.Expr:
    r"""The elementary symmetric polynomial :math:`e_k = \sum_{i_1<\dots<i_k} x_{i_1}\cdots x_{i_k}` of ``variables``.

    The coefficients of a characteristic polynomial in the on-site energies are written with
    these (Eq. 35): :math:`\det(\mathcal E - {\rm diag}(E)) = \sum_k (-1)^k e_k\,\mathcal E^{n-k}`.

    Examples
    --------
    >>> import sympy as sp
    >>> E = sp.symbols("E_1:4", real=True)
    >>> elementary_symmetric(2, E)
    E_1*E_2 + E_1*E_3 + E_2*E_3
    """
    from itertools import combinations

    return sp.Add(*(sp.Mul(*c) for c in combinations(variables, k)))


def _energy_symbols(H, poly: sp.Poly) -> list[sp.Symbol]:
    if isinstance(H, Hamiltonian):
        syms = [s for s in H.symbols if any(s in e.free_symbols for e in H.energies)]
        if syms:
            return syms
    free = set().union(*(c.free_symbols for c in poly.all_coeffs()))
    return sorted((s for s in free if s.name.startswith("E_")), key=lambda s: s.name)


def canonical_form(poly: sp.Poly, H=None, *, energies: Sequence[sp.Symbol] | None = None,
                   traceless: bool | None = None) -> sp.Expr:
    r"""Return ``poly`` with every coefficient in canonical form (the form of Eq. 35).

    Each coefficient is collected by monomials in the hoppings and cosines of the
    fluxes; the polynomial in the on-site energies multiplying each is written with
    the elementary symmetric polynomials ``e_k`` (symbols ``e_1``, ``e_2``, …) where it
    is symmetric, and left in the energies otherwise. With ``traceless`` (default: the
    Hamiltonian has the constraint :math:`\sum E_i = 0`) the energy polynomials are
    reduced modulo :math:`e_1` first, so equal polynomials have equal canonical forms.

    Examples
    --------
    A ring of four wells with flux: the flux enters only through :math:`\cos\phi` on the
    loop term :math:`-2D_0^4`.

    >>> import sympy as sp
    >>> from multiwell import hamiltonian, ring
    >>> phi = sp.Symbol("phi", real=True)
    >>> H = hamiltonian(ring(4), flux=phi)
    >>> canonical_form(characteristic_polynomial(H), H)
    -2*D_0**4*cos(phi) + 2*D_0**4 + D_0**2*(-E_1*E_2 - E_1*E_4 - E_2*E_3 - E_3*E_4) - e_1*mathcal{E}**3
    + e_4 + mathcal{E}**4 + mathcal{E}**2*(-4*D_0**2 + e_2) + mathcal{E}*(2*D_0**2*e_1 - e_3)

    The energy factor of :math:`D_0^2` sums over bonds, not all pairs: it is not symmetric
    in the :math:`E_i`, so it stays in the energies.
    """
    if not isinstance(poly, sp.Poly):
        raise ParameterError(f"poly: expected a sympy Poly (see characteristic_polynomial), got {type(poly).__name__}")
    E = list(energies) if energies is not None else _energy_symbols(H, poly)
    for k, s in enumerate(E):
        if not isinstance(s, sp.Symbol):
            raise ParameterError(f"energies[{k}]: expected a sympy Symbol, got {type(s).__name__} {s!r}")
    if traceless is None:
        traceless = isinstance(H, Hamiltonian) and any(
            sp.expand(c - sp.Add(*E)) == 0 for c in H.constraints
        )
    x = poly.gen
    e_syms = [sp.Symbol(f"e_{k}", real=True) for k in range(1, len(E) + 1)]
    out = sp.Integer(0)
    for (power,), coeff in poly.terms():
        out += _canonical_coefficient(coeff, E, e_syms, traceless) * x**power
    return out


def _canonical_coefficient(coeff: sp.Expr, E, e_syms, traceless: bool) -> sp.Expr:
    """Collect by monomials in hoppings and trig functions; write each energy factor symmetrically."""
    coeff = sp.expand(coeff)
    if traceless and E:
        coeff = sp.expand(coeff.xreplace({E[-1]: -sp.Add(*E[:-1])}))
    gens = [*sorted(coeff.free_symbols - set(E), key=lambda s: s.name), *coeff.atoms(sp.cos, sp.sin)]
    by_monomial: dict = {}
    for term in sp.Add.make_args(coeff):
        energy_part, rest = term.as_independent(*gens, as_Add=False)
        by_monomial[rest] = by_monomial.get(rest, 0) + energy_part
    return sp.Add(*(rest * _symmetrised(sp.expand(part), E, e_syms, traceless) for rest, part in by_monomial.items()))


def _symmetrised(p: sp.Expr, E, e_syms, traceless: bool) -> sp.Expr:
    """``p`` in elementary symmetric polynomials of ``E`` if it is symmetric (mod e_1 if traceless)."""
    if not E or not (p.free_symbols & set(E)):
        return p
    if traceless:
        return _symmetrised_traceless(p, E, e_syms)
    sym, rem, defs = sp.polys.polyfuncs.symmetrize(p, list(E), formal=True)
    if rem != 0:
        return p
    subs = {s: e_syms[sp.Poly(d, *E).total_degree() - 1] for s, d in defs}
    return sp.expand(sym.xreplace(subs))


def _symmetrised_traceless(p: sp.Expr, E, e_syms) -> sp.Expr:
    r"""Symmetric-in-E_1..E_n representative of p modulo e_1, written in e_2..e_n, if one exists; else p itself.

    Modulo :math:`e_1` the symmetric polynomials are :math:`\mathbb Q[e_2,\dots,e_n]` (free), so the
    representative is unique. Each homogeneous component of degree d (the substitution
    :math:`E_n = -(E_1+\dots+E_{n-1})` keeps degrees) is matched against the products
    :math:`e_2^{m_2}\cdots e_n^{m_n}` of degree d, reduced the same way, by exact linear
    algebra over QQ in sparse polynomial arithmetic (no SymPy expression expansion, no
    ``solve``: fast enough for rings of 8 and more).
    """
    from sympy.polys.matrices import DomainMatrix
    from sympy.polys.rings import PolyRing
    from sympy.utilities.iterables import partitions

    n = len(E)
    R = PolyRing(list(E), sp.QQ)
    try:
        target = R.from_expr(p)
    except (ValueError, sp.CoercionFailed):
        return p
    gens = R.gens
    last = -sum(gens[:-1], R.zero)

    def reduced(f):
        return f.compose(gens[-1], last)

    elementary = [R.one] + [R.zero] * n  # e_k of E_1..E_n by the product of (1 + E_i t)
    for g in gens:
        for k in range(n, 0, -1):
            elementary[k] = elementary[k] + elementary[k - 1] * g
    e_red = [reduced(f) for f in elementary]
    target = reduced(target)
    by_degree: dict[int, dict] = {}
    for monom, coeff in target.terms():
        by_degree.setdefault(sum(monom), {})[monom] = coeff
    out = sp.Integer(0)
    for d, component in sorted(by_degree.items()):
        basis = [part for part in (dict(q) for q in partitions(d)) if 1 not in part and all(k <= n for k in part)] \
            if d > 0 else [{}]
        if not basis:
            return p
        polys = []
        for part in basis:
            f = R.one
            for k, m in part.items():
                f = f * e_red[k] ** m
            polys.append(f)
        monoms = sorted(set(component).union(*(f.keys() for f in polys)))
        rows = [[f.get(m, sp.QQ.zero) for f in polys] + [component.get(m, sp.QQ.zero)] for m in monoms]
        rref, pivots = DomainMatrix(rows, (len(monoms), len(polys) + 1), sp.QQ).rref()
        if len(polys) in pivots:  # the component is not symmetric modulo e_1
            return p
        solution = rref.to_Matrix()
        for r, col in enumerate(pivots):
            coeff = solution[r, len(polys)]
            out += coeff * sp.Mul(*(e_syms[k - 1] ** m for k, m in basis[col].items()))
    return out


def compare_polynomials(printed, derived, *, H=None, energies=None, traceless=None) -> list[tuple]:
    r"""Return the terms in which two characteristic polynomials differ (empty if they are equal).

    Both are brought to :func:`canonical_form` and compared monomial by monomial in the
    energy variable, the hoppings and the cosines; each difference is a tuple
    ``(monomial, printed coefficient, derived coefficient)``.

    Examples
    --------
    A "printed" 3-well polynomial that forgets the :math:`D_0^2 e_1` term and doubles
    :math:`3D_0^2`: both differences are named.

    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> E, D = sp.symbols("E_1:4", real=True), sp.Symbol("D_0", positive=True)
    >>> x = energy_symbol
    >>> e1, e2, e3 = (elementary_symmetric(k, E) for k in (1, 2, 3))
    >>> printed = x**3 - e1 * x**2 + (e2 - 6 * D**2) * x - e3 - 2 * D**3
    >>> H = hamiltonian(complete(3))
    >>> compare_polynomials(printed, characteristic_polynomial(H), H=H)
    [(D_0**2, 0, e_1), (D_0**2*mathcal{E}, -6, -3)]
    """
    ps = printed if isinstance(printed, sp.Poly) else sp.Poly(as_expr(printed, name="printed"), energy_symbol)
    ds = derived if isinstance(derived, sp.Poly) else sp.Poly(as_expr(derived, name="derived"), ps.gen)
    cp = sp.expand(canonical_form(ps, H, energies=energies, traceless=traceless))
    cd = sp.expand(canonical_form(ds, H, energies=energies, traceless=traceless))
    e_syms = {s for s in (cp.free_symbols | cd.free_symbols) if s.name.startswith(("e_", "E_"))}

    def split(expr):
        out: dict = {}
        for term in sp.Add.make_args(expr):
            coeff, mono = term.as_independent(*(expr.free_symbols - e_syms), *expr.atoms(sp.cos, sp.sin), as_Add=False)
            out[mono] = sp.expand(out.get(mono, 0) + coeff)
        return out

    a, b = split(cp), split(cd)
    diffs = []
    for mono in sorted(set(a) | set(b), key=sp.default_sort_key):
        if sp.expand(a.get(mono, 0) - b.get(mono, 0)) != 0:
            diffs.append((mono, a.get(mono, 0), b.get(mono, 0)))
    return diffs


# -- roots ----------------------------------------------------------------------------------------------------
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
    from multiwell.spectrum._quartic import QuarticRoot, _fourier  # issue 24: Euler + Viete, every real quartic

    c = [_fourier(ck) for ck in c]
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


def eigenvalues(H, *, method: str = "auto") -> list[sp.Expr]:
    r"""The eigenvalues of ``H`` as SymPy expressions, ascending where the order is decidable.

    Closed forms by :func:`roots` of the :func:`characteristic_polynomial`. Ring
    geometries with uniform hopping and equal on-site energies are recognised first:
    their spectrum is the Bloch band :math:`E + 2t\cos((2\pi k + \phi)/n)` (Fourier modes).
    Otherwise, with ``method="auto"``, the Hamiltonian is split by its symmetries
    (:func:`~multiwell.symmetry.symmetry_blocks`: well permutations that keep it up to a gauge,
    by the irreducible representations of a non-abelian group without field): a :math:`1\times1`
    block is a level, written in real trigonometric form; a larger block goes through
    :func:`roots` (closed forms up to degree 4: Viète for cubics, Euler-Viète for quartics); each level of a block is
    listed as often as it occurs in :math:`H`. A :class:`PolyRoot` carries its block and
    evaluates through it (eigenvalues of the numeric block), accurate at degenerate points too.
    A block whose characteristic polynomial exceeds the size guard of :func:`roots` gives its
    levels as :class:`PolyRoot` of :math:`\det(\mathcal E - B)` left unexpanded (the ``k``-th
    eigenvalue of the numeric block; its ``polynomial()`` expands it on request).
    When the characteristic polynomial factors, the roots of each factor are listed factor by factor (each factor's roots ascending; the order
    across factors depends on the parameters and is not decided unless every difference
    has a known sign).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> eigenvalues(hamiltonian(double_well()).subs({sp.Symbol("E_L", real=True): 0,
    ...                                              sp.Symbol("E_R", real=True): 0}))
    [-Delta_0, Delta_0]
    """
    M, _ = _matrix_of(H)
    band = bloch_band(M)
    if band is not None and method == "auto":
        return band
    if method == "auto" and _rational_phases(M):
        split = symmetry_blocks(H)
        if len(split.blocks) > 1 or split.degeneracies[0] > 1:
            levels: list[sp.Expr] = []
            for B, S, repeat in zip(split.blocks, split.similar, split.degeneracies, strict=True):
                if B.rows == 1:
                    block_levels = [S[0, 0]]
                else:
                    block_levels = _block_levels(lambda B=B, S=S: roots(_similar_polynomial(B, S)), B)
                levels.extend(block_levels * repeat)
            return _ascending_if_decidable(levels)
    return _block_levels(lambda: roots(characteristic_polynomial(H), method=method), M)


def _block_levels(solve, B) -> list[sp.Expr]:
    """``solve()`` with every PolyRoot attached to ``B``; past the size guard the levels of ``B`` unexpanded."""
    try:
        return _attach_block(solve(), B)
    except SizeLimitError:
        from multiwell.spectrum._blockroot import BlockRoot

        return [BlockRoot.of(B, k) for k in range(B.rows)]


def _similar_polynomial(B, S) -> sp.Poly:
    r"""The characteristic polynomial of the block ``B``, from the square-root-free similar matrix ``S``."""
    if S is B or S == B:
        return characteristic_polynomial(B)
    from multiwell.symmetry._irreps import real_part

    x = energy_symbol
    expr = sp.expand((x * sp.eye(S.rows) - sp.Matrix(S)).det(method="berkowitz"))
    return sp.Poly([real_part(c) for c in sp.Poly(expr, x).all_coeffs()], x)  # real: similar to Hermitian B


def _attach_block(levels: list[sp.Expr], B) -> list[sp.Expr]:
    """Each :class:`PolyRoot` among ``levels`` evaluated through the Hermitian matrix ``B`` (accurate numerics)."""
    from multiwell.spectrum._quartic import QuarticRoot

    B = sp.ImmutableMatrix(B)
    levels = [lv.xreplace({r: QuarticRoot(*r.args[:5], B) for r in lv.atoms(QuarticRoot)}) if lv.has(QuarticRoot)
              else lv for lv in levels]
    return [lv.xreplace({r: PolyRoot(*r.args[:3], B) for r in lv.atoms(PolyRoot)}) if lv.has(PolyRoot) else lv
            for lv in levels]


def bloch_band(M) -> list[sp.Expr] | None:
    r"""The spectrum of a ring with equal on-site energies and equal hopping, or ``None``.

    For :math:`H_{k,k+1} = c\,e^{i\theta_k}` around the ring :math:`0\to1\to\dots\to n-1\to0`,
    equal diagonal :math:`d` and no other bonds, the magnetic translation symmetry gives
    Fourier modes with :math:`\mathcal E_k = d + 2c\cos\frac{2\pi k + \Phi}{n}`,
    :math:`\Phi = \sum_k\theta_k` (the flux), :math:`k = 0,\dots,n-1` (labelled by momentum;
    their order depends on :math:`\Phi`).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import ring, hamiltonian
    >>> phi, E = sp.Symbol("phi", real=True), sp.Symbol("E", real=True)
    >>> H = hamiltonian(ring(3), flux=phi, energies=[E, E, E])
    >>> bloch_band(H.matrix)
    [2*D_0*cos(phi/3) + E, -2*D_0*sin(phi/3 + pi/6) + E, -2*D_0*cos(phi/3 + pi/3) + E]
    """
    M = sp.Matrix(hermitian_matrix(M, name="M"))
    n = M.rows
    if n < 3 or any(sp.expand(M[k, k] - M[0, 0]) != 0 for k in range(n)):
        return None
    ring = {(k, (k + 1) % n) for k in range(n)}
    magnitude, flux = None, sp.Integer(0)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            entry = M[i, j]
            if (i, j) in ring:
                factors = sp.Mul.make_args(entry)
                c = sp.Mul(*(f for f in factors if not isinstance(f, sp.exp)))
                theta = sp.Add(*(sp.expand(f.args[0] / sp.I) for f in factors if isinstance(f, sp.exp)))
                if entry == 0 or (magnitude is not None and sp.expand(c - magnitude) != 0) or c.has(sp.I):
                    return None
                magnitude, flux = c, flux + theta
            elif (j, i) not in ring and entry != 0:
                return None
    flux = sp.expand(flux)
    return [M[0, 0] + 2 * magnitude * sp.cos((2 * sp.pi * k + flux) / n) for k in range(n)]


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
