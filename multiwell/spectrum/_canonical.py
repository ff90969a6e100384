r"""The characteristic polynomial of a Hamiltonian, its canonical form (Eq. 35) and the comparison of two.

:func:`characteristic_polynomial` is the front of the python-flint engine (:mod:`multiwell.spectrum._charpoly`,
SymPy's Berkowitz algorithm as fallback); :func:`canonical_form` writes each coefficient with the elementary
symmetric polynomials :math:`e_k` of the on-site energies (modulo :math:`e_1` for a traceless Hamiltonian) and
cosines of the fluxes; :func:`compare_polynomials` lists the monomials in which two such forms differ.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from multiwell._validate import as_expr, hermitian_matrix
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian
from multiwell.spectrum._charpoly import _Unsupported, charpoly_fast
from multiwell.spectrum._polyroot import energy_symbol

__all__ = ["canonical_form", "characteristic_polynomial", "compare_polynomials", "elementary_symmetric"]


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
