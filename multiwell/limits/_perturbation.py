r"""The perturbation problem: :math:`H` in the exact eigenbasis of :math:`H_0`, block-diagonalised (private).

:class:`_Problem` scales out one hopping (homogeneity, restored at the end), sets up the exact
engine (:mod:`multiwell.limits._cyclotomic`, or :mod:`multiwell.limits._fluxfield` for one symbolic flux) or the
SymPy engine, hands the Taylor coefficients of :math:`H` to pymablock, and writes the truncated
effective blocks, their eigenvalues and two-level parameters in readable form. The public entry
points are in :mod:`multiwell.limits`.
"""

from __future__ import annotations

import sympy as sp

from multiwell.limits._basis import _exact_basis, _group_levels, _real_form, _same_symbolic, _sample_point, _value_at
from multiwell.limits._closed_forms import _split_roots, _tidy, _viete
from multiwell.limits._cyclotomic import (
    _conductor,
    _Cyclotomic,
    _faddeev_leverrier,
    _FieldMatrix,
    _NotCyclotomic,
    _padd,
    _pmul,
    _pscale,
    _strip_flux,
)
from multiwell.limits._truncation import _multi_indices


def _phase_symbols(M: sp.Matrix) -> set:
    out = set()
    for z in M:
        for f in z.atoms(sp.exp, sp.sin, sp.cos):
            out |= f.free_symbols
    return out


def _energy_scale(M: sp.Matrix, small) -> tuple[sp.Symbol | None, tuple]:
    """A hopping to set to 1 (restored at the end by homogeneity), and the energy-like symbols."""
    energy_like = tuple(sorted(M.free_symbols - _phase_symbols(M), key=str))
    H0 = M.xreplace({s: 0 for s in small})
    candidates = [s for s in energy_like if s not in small and s.is_positive and H0.has(s)]
    if not candidates:
        return None, energy_like
    lam = sp.Dummy("lambda", positive=True)
    scaled = M.xreplace({s: lam * s for s in energy_like})
    if any(sp.expand(a - lam * b) != 0 for a, b in zip(scaled, M, strict=True)):
        return None, energy_like
    return candidates[0], energy_like


class _Problem:
    """``H`` in the exact eigenbasis of ``H0``, block-diagonalised by pymablock (lazily, cached)."""

    def __init__(self, M: sp.Matrix, small: tuple, *, exact: bool = True):
        from pymablock import block_diagonalize
        from pymablock.series import BlockSeries, zero

        self.small = small
        self.H0_symbols = M.xreplace({s: 0 for s in small}).free_symbols
        ref, energy_like = _energy_scale(M, small)
        self.ref, self.energy_like = ref, energy_like
        M1 = M.xreplace({ref: 1}) if ref is not None else M
        H0 = M1.xreplace({s: 0 for s in small})
        basis = _exact_basis(H0)
        if ref is not None and not basis.parameter_free:
            # the eigenvectors depend on the parameters: keep them in the user's variables
            self.ref, M1 = None, M
            H0 = M1.xreplace({s: 0 for s in small})
            basis = _exact_basis(H0)
        self.M1, self.basis = M1, basis
        self.n = M.rows
        try:
            if not exact:
                raise _NotCyclotomic("symbolic engine requested")
            self._setup_exact()
        except _NotCyclotomic:
            self._setup_symbolic()
        real_values = [self._value_sympy(v) for v in self.values]
        point = _sample_point(self.H0_symbols)
        self.groups.sort(key=lambda g: _value_at(self.restore(real_values[g[0]]), point))
        self.level_values = [self.restore(real_values[g[0]]) for g in self.groups]
        self.level_values_internal = [self.values[g[0]] for g in self.groups]
        self._taylor: dict = {}
        nb = len(self.groups)
        if nb == 1:
            self.H_tilde = None
            return

        def h_eval(*index):
            i, j, *alpha = index
            alpha = tuple(alpha)
            if not any(alpha):
                if i != j or self._is_zero_scalar(self.level_values_internal[i]):
                    return zero
                return self._scalar_identity(self.level_values_internal[i], len(self.groups[i]))
            term = self._rotated_taylor(alpha)
            if term is None:
                return zero
            block = self._block_of(term, self.groups[i], self.groups[j])
            return zero if self._is_zero_matrix(block) else block

        H = BlockSeries(eval=h_eval, shape=(nb, nb), n_infinite=len(small), dimension_names=tuple(small), name="H")
        inverse_gaps: dict = {}

        def solve_sylvester(Y, index):
            if Y is zero:
                return zero
            key = (index[0], index[1])
            if key not in inverse_gaps:
                inverse_gaps[key] = self._inverse_gap(self.level_values_internal[index[0]],
                                                      self.level_values_internal[index[1]])
            return self._scale_matrix(Y, inverse_gaps[key])

        self.H_tilde, _, _ = block_diagonalize(H, solve_sylvester=solve_sylvester)

    # engines ------------------------------------------------------------------------------------------
    def _setup_exact(self):
        """Every number in Q(zeta_N), or Q(zeta_N)(e^{i phi/L}) for one flux phi left in H0: exact flint arithmetic."""
        if not self.basis.parameter_free:
            raise _NotCyclotomic("free parameters")
        numbers = list(self.basis.V) + list(self.basis.values) + self._taylor_numbers()
        extra = self.M1.free_symbols - set(self.small)
        if not extra:
            F = _Cyclotomic(_conductor(numbers))
        elif len(extra) == 1:
            from multiwell.limits._fluxfield import _FluxField

            (flux,) = extra
            stripped, L = _strip_flux(numbers, flux)
            F = _FluxField(_Cyclotomic(_conductor(stripped)), flux, L)
        else:
            raise _NotCyclotomic("free parameters")
        self.exact = True
        self.F = F
        self.V = _FieldMatrix.from_sympy(F, self.basis.V)
        self.Vh = self.V.adjoint()
        self.inv_norm2 = F.from_sympy(1 / self.basis.norm2)
        self.values = [F.from_sympy(v) for v in self.basis.values]
        self.groups = _group_levels(self.values, lambda a, b: (a - b).is_zero())

    def _setup_symbolic(self):
        self.exact = False
        self.F = None
        self.values = [_real_form(v) for v in self.basis.values]
        symbols = self.M1.free_symbols
        self.groups = _group_levels(self.values, lambda a, b: _same_symbolic(a, b, symbols))

    def _taylor_numbers(self) -> list[sp.Expr]:
        """The numbers the Taylor coefficients are built from: the entries at small = 0, and ``I`` when a
        small symbol sits in a phase (its derivatives bring down ``I``)."""
        out = list(self.M1.xreplace({s: 0 for s in self.small}))
        if set(self.small) & _phase_symbols(self.M1):
            out.append(sp.I)
        return out

    def _taylor_sympy(self, alpha) -> sp.Matrix | None:
        r"""The coefficient of :math:`s^\alpha` in ``M1`` (SymPy), ``None`` if it vanishes."""
        M = self.M1
        out = sp.zeros(self.n, self.n)
        nonzero = False
        factor = sp.Integer(1)
        for a in alpha:
            factor *= sp.factorial(a)
        at_zero = {s: 0 for s in self.small}
        for i in range(self.n):
            for j in range(self.n):
                z = M[i, j]
                if not any(z.has(s) for s, a in zip(self.small, alpha, strict=True) if a):
                    continue
                d = z
                for s, a in zip(self.small, alpha, strict=True):
                    if a:
                        d = sp.diff(d, s, a)
                d = sp.expand(d.xreplace(at_zero) / factor)
                if d != 0:
                    out[i, j] = d
                    nonzero = True
        return out if nonzero else None

    def _rotated_taylor(self, alpha):
        if alpha not in self._taylor:
            T = self._taylor_sympy(alpha)
            if T is None:
                self._taylor[alpha] = None
            elif self.exact:
                TF = _FieldMatrix.from_sympy(self.F, T)
                self._taylor[alpha] = (self.Vh @ TF @ self.V).times(self.inv_norm2)
            else:
                V = self.basis.V
                R = (V.H * T * V / self.basis.norm2).applyfunc(sp.expand)
                self._taylor[alpha] = R
        return self._taylor[alpha]

    def _block_of(self, M, rows, cols):
        if self.exact:
            return M.block(rows, cols)
        return M.extract(rows, cols)

    def _is_zero_matrix(self, block) -> bool:
        if self.exact:
            return block.is_zero()
        return all(z == 0 for z in block)

    def _is_zero_scalar(self, value) -> bool:
        return value.is_zero() if self.exact else value == 0

    def _scalar_identity(self, value, m):
        if self.exact:
            F = self.F
            return _FieldMatrix(F, [[value if i == j else F.zero for j in range(m)] for i in range(m)])
        return value * sp.eye(m)

    def _inverse_gap(self, a, b):
        if self.exact:
            return self.F.inv(a - b)
        return 1 / (a - b)

    def _scale_matrix(self, Y, c):
        if self.exact:
            return Y.times(c)
        return Y.applyfunc(lambda z: sp.expand(z * c))

    def _value_sympy(self, v) -> sp.Expr:
        return self.F.to_sympy(v) if self.exact else v

    # output -------------------------------------------------------------------------------------------
    def restore(self, expr: sp.Expr, degree: int = 1) -> sp.Expr:
        """Undo the energy scale: ``ref**degree * expr(s -> s/ref)`` for every energy-like symbol."""
        if self.ref is None:
            return expr
        ref = self.ref
        back = {s: s / ref for s in self.energy_like if s != ref}
        return sp.expand(ref**degree * sp.sympify(expr).xreplace(back))

    def block_terms(self, b: int, keep) -> dict:
        """``{alpha: coefficient matrix}`` of level ``b``'s effective Hamiltonian (internal form)."""
        from pymablock.series import zero

        m = len(self.groups[b])
        out = {}
        for alpha in _multi_indices(len(self.small), keep):
            if self.H_tilde is None:
                term = self._single_level_term(alpha)
            else:
                term = self.H_tilde[(b, b, *alpha)]
            if term is zero or term is None:
                continue
            if self._is_zero_matrix(term):
                continue
            out[alpha] = term
        origin = (0,) * len(self.small)
        if not any(a == origin for a in out) and not self._is_zero_scalar(self.level_values_internal[b]):
            out[origin] = self._scalar_identity(self.level_values_internal[b], m)
        return out

    def _single_level_term(self, alpha):
        if not any(alpha):
            return self._scalar_identity(self.level_values_internal[0], len(self.groups[0]))
        return self._rotated_taylor(alpha)

    def monomial(self, alpha) -> sp.Expr:
        return sp.Mul(*(s**a for s, a in zip(self.small, alpha, strict=True)))

    def _ref_power(self, alpha, degree: int) -> sp.Expr:
        """The power of the scaled-out hopping that restores a term :math:`s^\alpha` of energy degree ``degree``."""
        if self.ref is None:
            return sp.Integer(1)
        k = degree - sum(a for s, a in zip(self.small, alpha, strict=True) if s in self.energy_like)
        return self.ref**k

    def block_sympy(self, b: int, keep) -> sp.Matrix:
        terms = self.block_terms(b, keep)
        m = len(self.groups[b])
        if not self.exact:
            back = {s: s / self.ref for s in self.energy_like if s != self.ref} if self.ref is not None else {}
            out = sp.zeros(m, m)
            for alpha, term in terms.items():
                factor = self.monomial(alpha) * self._ref_power(alpha, 1)
                for i in range(m):
                    for j in range(m):
                        z = _tidy(term[i, j])
                        if z != 0:
                            out[i, j] += _tidy(z.xreplace(back)) * factor
            return out
        return sp.Matrix(m, m,
                         lambda i, j: self._poly_sympy({alpha: term.rows[i][j] for alpha, term in terms.items()}, 1))

    def _charpoly_exact(self, b: int, keep) -> list[dict]:
        r"""Monic :math:`\det(x - H_{\rm eff})` of level ``b``: coefficients (ascending) as field polynomials."""
        m = len(self.groups[b])
        entries = [[{} for _ in range(m)] for _ in range(m)]
        for alpha, term in self.block_terms(b, keep).items():
            for i in range(m):
                for j in range(m):
                    if not term.rows[i][j].is_zero():
                        entries[i][j][alpha] = term.rows[i][j]
        return _faddeev_leverrier(self.F, entries, m, len(self.small))

    def _poly_sympy(self, c: dict, degree: int) -> sp.Expr:
        """A real field polynomial in the small symbols as a SymPy expression of energy degree ``degree``, restored."""
        groups: dict = {}
        for alpha, v in c.items():
            if not v.is_zero():
                groups.setdefault(self._ref_power(alpha, degree), []).append((self.monomial(alpha), v))
        F = self.F
        out = []
        for ref_power, pairs in groups.items():
            if hasattr(F, "combine"):  # a flux in H0: one common denominator per power of the energy scale
                out.append(ref_power * F.combine(pairs))
            else:
                out.extend(coeff * r * f * ref_power for f, v in pairs for r, coeff in F.terms(v).items())
        return sp.Add(*out)

    def _factored_roots(self, c: list[dict], m: int) -> list[sp.Expr] | None:
        r"""The roots of the block's characteristic polynomial when it splits into factors of degree <= 2.

        Only for rational coefficients (python-flint factors over :math:`\mathbb Q[s]`); ``None`` when
        a coefficient is irrational or when an irreducible factor of degree >= 3 is left (Viète's form
        is then the closed form). E.g. the octahedron's triplet at first order in the energies:
        :math:`\prod_a(x - (E_{+a} + E_{-a})/2)`.
        """
        if m < 3:
            return None
        x = sp.Dummy("x")
        terms = []
        for k, ck in enumerate(c):
            for alpha, v in ck.items():
                parts = self.F.terms(v)
                if any(r != 1 for r in parts):
                    return None
                factor = self.monomial(alpha) * self._ref_power(alpha, m - k)
                terms.extend(coeff * factor * x**k for coeff in parts.values())
        return _split_roots(sp.Poly(sp.Add(*terms), x))

    def two_level(self, b: int, keep) -> dict[str, sp.Expr]:
        r""":func:`effective_two_level` in field arithmetic: :math:`a - d`, :math:`|b|^2` and the gap squared
        are formed exactly (real small symbols: :math:`\bar b` conjugates the coefficients) before conversion."""
        F = self.F
        entries = [[{} for _ in range(2)] for _ in range(2)]
        for alpha, term in self.block_terms(b, keep).items():
            for i in range(2):
                for j in range(2):
                    if not term.rows[i][j].is_zero():
                        entries[i][j][alpha] = term.rows[i][j]
        a, off, d = entries[0][0], entries[0][1], entries[1][1]
        asymmetry = _padd(F, a, d, sign=-1)
        modulus2 = _pmul(F, off, {alpha: F.conj(v) for alpha, v in off.items()})
        gap2 = _padd(F, _pmul(F, asymmetry, asymmetry), _pscale(F, modulus2, F.fmpq(4)))
        centre = _pscale(F, _padd(F, a, d), F.fmpq(1, 2))
        return {
            "asymmetry": self._poly_sympy(asymmetry, 1),
            "tunnelling": 2 * sp.sqrt(self._poly_sympy(modulus2, 2)),
            "gap": sp.sqrt(self._poly_sympy(gap2, 2)),
            "centre": self._poly_sympy(centre, 1),
        }

    def level_eigenvalues(self, b: int, keep) -> list[sp.Expr]:
        r"""The eigenvalues of level ``b``'s truncated effective block, closed forms, ascending where decidable.

        For a doublet :math:`c \mp \sqrt{\Delta}` and for a triplet Viète's form
        (:func:`multiwell.spectrum.viete_roots`), with the invariants (:math:`c`, :math:`\Delta`, :math:`p`,
        :math:`q`) computed exactly before they are written as SymPy expressions.
        """
        from multiwell.spectrum import roots

        m = len(self.groups[b])
        if m == 1:
            value = self.block_sympy(b, keep)[0, 0]
            return [value if self.exact else sp.expand(value)]
        if not self.exact:
            block = self.block_sympy(b, keep)
            if m == 2:  # expanding the discriminant of large rational functions costs minutes: leave it as written
                a, c, d = block[0, 0], block[0, 1], block[1, 1]
                centre = sp.expand((a + d) / 2)
                disc = (sp.expand(a - d) / 2) ** 2 + c * sp.conjugate(c)
                return [centre - sp.sqrt(disc), centre + sp.sqrt(disc)]
            x = sp.Dummy("x")
            poly = sp.Poly(sp.expand((x * sp.eye(m) - block).det(method="berkowitz")), x)
            split = _split_roots(poly) if m >= 3 else None
            return split if split is not None else roots(poly)
        F = self.F
        c = self._charpoly_exact(b, keep)
        if m == 2:
            centre = _pscale(F, c[1], F.fmpq(-1, 2))
            disc = _padd(F, _pmul(F, centre, centre), c[0], sign=-1)
            centre, disc = self._poly_sympy(centre, 1), self._poly_sympy(disc, 2)
            return [centre - sp.sqrt(disc), centre + sp.sqrt(disc)]
        factored = self._factored_roots(c, m)
        if factored is not None:
            return factored
        if m == 3:
            a2, a1, a0 = c[2], c[1], c[0]
            a2sq = _pmul(F, a2, a2)
            p = _padd(F, a1, _pscale(F, a2sq, F.fmpq(1, 3)), sign=-1)
            q = _padd(F, _padd(F, _pscale(F, _pmul(F, a2sq, a2), F.fmpq(2, 27)),
                               _pscale(F, _pmul(F, a2, a1), F.fmpq(1, 3)), sign=-1), a0)
            return _viete(self._poly_sympy(_pscale(F, a2, F.fmpq(-1, 3)), 1), self._poly_sympy(p, 2),
                          self._poly_sympy(q, 3))
        x = sp.Dummy("x")
        poly = sp.Poly(sp.Add(*(self._poly_sympy(ck, m - k) * x**k for k, ck in enumerate(c))), x)
        return roots(poly)
