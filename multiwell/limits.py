r"""Limits: eigenvalue series in small parameters and effective Hamiltonians.

The chosen ``small`` parameters :math:`s_1,\dots,s_p` are the expansion variables,
:math:`H = H_0 + \sum_\alpha s^\alpha H_\alpha` (the Taylor coefficients of every entry, so
Peierls factors :math:`e^{i\phi/L}` of a small flux are expanded too), and
quasi-degenerate perturbation theory block-diagonalises :math:`H` in the eigenspaces of
:math:`H_0`, order by order in every small parameter separately (multivariate
series, so the order can be counted per parameter). The block diagonalisation is
pymablock's (arbitrary order, peer reviewed); this module adds

- the exact unperturbed basis of a geometry: Fourier modes
  :math:`e^{2\pi ijk/n}/\sqrt n` when :math:`H_0` is invariant under a cyclic relabelling of
  the wells (rings, complete graphs, the square, the tetrahedron, with or without a flux that
  respects the symmetry), standing waves :math:`\sqrt{2/(n+1)}\sin(\pi jk/(n+1))` for a
  uniform chain, and SymPy's eigenvectors (orthonormalised) otherwise;
- exact arithmetic: when the Fourier or standing-wave basis applies and :math:`H_0` has no
  free parameter left once the energy scale is set to 1 (every Hamiltonian is homogeneous of
  degree one in its energies and hoppings, so one hopping is scaled out and restored at the
  end), every number of the calculation lies in a cyclotomic field :math:`\mathbb Q(\zeta_N)`
  and is computed there exactly and in canonical form (python-flint); with one flux
  :math:`\phi` left symbolic in :math:`H_0` (a ring in a field expanded in its energies), in the
  field of rational functions of :math:`w = e^{i\phi/L}` over :math:`\mathbb Q(\zeta_N)`
  (:mod:`multiwell._fluxfield`), and each level is written in real trigonometric form over one
  common denominator per order (cosines and sines of multiples of :math:`\phi/L`, no complex
  roots of unity); otherwise the SymPy expressions are expanded at each step;
- the truncation (total order, or orders per parameter or per group of parameters), the eigenvalues of each
  effective block (closed forms of the factors when its characteristic polynomial splits over the
  rationals into degrees <= 2, Viète's form for an irreducible cubic), and the two-level
  parameters of an effective doublet.

A degenerate level's series is the set of eigenvalues of its truncated effective block, whose
entries are analytic in the small parameters; the eigenvalues themselves generally are not
(they contain square roots, e.g. the 3-well's ground doublet, Eq. 13). By Weyl's inequality
each eigenvalue of the truncated block differs from an exact eigenvalue by
:math:`O(\varepsilon^{n+1})` when all small parameters are scaled by :math:`\varepsilon`.
Perturbation theory needs the unperturbed levels to stay apart: a level that crosses
another somewhere in the parameter space makes the series fail near that crossing.

Examples
--------
>>> import sympy as sp
>>> from multiwell import complete, hamiltonian
>>> E = sp.symbols("E_1:4", real=True)
>>> H = hamiltonian(complete(3))
>>> [sp.factor(s) for s in eigenvalue_series(H, small=E, order=1)][2]
(6*D_0 + E_1 + E_2 + E_3)/3
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
import sympy as sp

from .errors import ParameterError
from .hamiltonian import Hamiltonian

__all__ = ["effective_hamiltonian", "effective_two_level", "eigenvalue_series", "reduce", "unperturbed_levels"]

_CACHE: dict = {}
_CACHE_SIZE = 16


# -- input ------------------------------------------------------------------------------------------------
def _matrix(H) -> sp.Matrix:
    return sp.Matrix(H.matrix if isinstance(H, Hamiltonian) else H)


def _orders(small, order) -> tuple[list[sp.Symbol], tuple]:
    """``(small, keep)``: the small symbols and the truncation, groups ``((indices, max order), ...)``.

    ``order`` an integer: one group of all small symbols (total order). A mapping: its keys are
    small symbols or tuples of them (a group whose degrees are counted together, e.g. all on-site
    energies), each small symbol in exactly one key.
    """
    if isinstance(small, set | frozenset):
        small = sorted(small, key=sp.default_sort_key)
    small = list(small) if isinstance(small, Sequence) else [small]
    if not small:
        raise ParameterError("small: expected at least one small parameter")
    for s in small:
        if not isinstance(s, sp.Symbol):
            raise ParameterError(f"small: expected SymPy symbols, got {s!r}")
    if len(set(small)) != len(small):
        raise ParameterError(f"small: a symbol is listed twice in {small}")
    if not isinstance(order, Mapping):
        if isinstance(order, bool) or not isinstance(order, int | np.integer) or order < 1:
            raise ParameterError(
                f"order: expected an integer >= 1 or a mapping {{symbol or tuple of symbols: order}}, got {order!r}")
        return small, ((tuple(range(len(small))), int(order)),)
    keep, seen = [], {}
    for key, v in order.items():
        members = tuple(key) if isinstance(key, tuple | list | set | frozenset) else (key,)
        members = tuple(sp.sympify(k) for k in members)
        unknown = [k for k in members if k not in small]
        if unknown or not members:
            raise ParameterError(f"order: symbols {unknown} are not among the small parameters {small}")
        twice = [k for k in members if k in seen]
        if twice:
            raise ParameterError(f"order: the small parameters {twice} are given an order twice")
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
            raise ParameterError(f"order[{key}]: expected a non-negative integer, got {v!r}")
        seen.update({k: v for k in members})
        keep.append((tuple(small.index(k) for k in members), int(v)))
    missing = [s for s in small if s not in seen]
    if missing:
        raise ParameterError(f"order: no order given for the small parameters {missing}")
    if all(v < 1 for _, v in keep):
        raise ParameterError(f"order: expected at least one order >= 1, got {dict(order)}")
    return small, tuple(keep)


def _multi_indices(p: int, keep: tuple):
    r"""The exponents :math:`\alpha` kept: in each group, :math:`\sum_{i\in g}\alpha_i \le n_g`."""
    per_group = []
    for indices, n in keep:
        per_group.append([(indices, a) for a in itertools.product(range(n + 1), repeat=len(indices)) if sum(a) <= n])
    for choice in itertools.product(*per_group):
        alpha = [0] * p
        for indices, a in choice:
            for i, k in zip(indices, a):
                alpha[i] = k
        yield tuple(alpha)


def _check_small(M: sp.Matrix, small) -> None:
    free = M.free_symbols
    for s in small:
        if s not in free:
            names = ", ".join(str(x) for x in sorted(free, key=str))
            raise ParameterError(f"small: {s} does not appear in the Hamiltonian (its symbols: {names})")


def _sample_point(symbols, seed: int = 7) -> dict:
    """A generic point: positive symbols in [0.5, 1.5], other symbols in [-1, 1], drawn in name order."""
    rng = np.random.default_rng(seed)
    out = {}
    for s in sorted(symbols, key=str):
        out[s] = rng.uniform(0.5, 1.5) if s.is_positive else rng.uniform(-1, 1)
    return out


def _value_at(expr, point) -> float:
    return float(sp.re(sp.N(sp.sympify(expr).xreplace(point), 30)))


# -- exact unperturbed bases -----------------------------------------------------------------------------
def _root_of_unity(k, n) -> sp.Expr:
    return sp.exp(2 * sp.pi * sp.I * sp.Rational(k % n, n))


def _cyclic_order(H0: sp.Matrix) -> tuple[int, ...] | None:
    """An ordering of the wells around which ``H0`` is invariant under the cyclic shift, if any."""
    n = H0.rows
    if n < 2:
        return None

    def invariant(order) -> bool:
        nxt = {order[j]: order[(j + 1) % n] for j in range(n)}
        return all(sp.expand(H0[nxt[a], nxt[b]] - H0[a, b]) == 0 for a in range(n) for b in range(n))

    # a cyclic symmetry permutes the rows: their multisets of entries must agree
    rows = [sorted(map(sp.srepr, H0.row(i))) for i in range(n)]
    if any(r != rows[0] for r in rows[1:]):
        return None
    candidates = [tuple(range(n))]
    if n <= 7:
        candidates += [(0, *p) for p in itertools.permutations(range(1, n)) if p != tuple(range(1, n))]
    for order in candidates:
        if invariant(order):
            return order
    return None


def _is_uniform_chain(H0: sp.Matrix) -> bool:
    """``H0`` tridiagonal in the given order, equal diagonal entries and equal real bonds."""
    n = H0.rows
    if n < 2:
        return False
    a, t = H0[0, 0], H0[0, 1]
    if t == 0 or sp.expand(sp.conjugate(t) - t) != 0:
        return False
    for i in range(n):
        for j in range(n):
            expected = a if i == j else (t if abs(i - j) == 1 else 0)
            if sp.expand(H0[i, j] - expected) != 0:
                return False
    return True


class _Basis:
    """Exact eigenbasis of ``H0``: columns ``V`` (mutually orthogonal, squared norm ``norm2``), one value per column.

    ``V`` and ``values`` are in exponential form (roots of unity as ``exp(I*pi*r)``), which the
    cyclotomic engine reads; ``kind`` is ``"fourier"``, ``"chain"`` or ``"eigenvects"``.
    """

    def __init__(self, V, values, norm2, kind):
        self.V, self.values, self.norm2, self.kind = V, values, norm2, kind

    @property
    def parameter_free(self) -> bool:
        return not self.V.free_symbols


def _exact_basis(H0: sp.Matrix) -> _Basis:
    n = H0.rows
    order = _cyclic_order(H0)
    if order is not None:
        V = sp.zeros(n, n)
        values = []
        for k in range(n):
            for j in range(n):
                V[order[j], k] = _root_of_unity(j * k, n)
            values.append(sp.expand(sp.Add(*(H0[order[0], order[j]] * _root_of_unity(j * k, n) for j in range(n)))))
        return _Basis(V, values, sp.Integer(n), "fourier")
    if _is_uniform_chain(H0):
        a, t = H0[0, 0], H0[0, 1]
        w = lambda m: sp.exp(sp.I * sp.pi * sp.Rational(m, n + 1))  # noqa: E731
        V = sp.zeros(n, n)
        values = []
        for k in range(1, n + 1):
            for j in range(n):
                V[j, k - 1] = sp.expand((w((j + 1) * k) - w(-(j + 1) * k)) / (2 * sp.I))
            values.append(sp.expand(a + t * (w(k) + w(-k))))
        return _Basis(V, values, sp.Rational(n + 1, 2), "chain")
    _require_closed_form_levels(H0)
    columns, values = [], []
    for value, mult, vectors in sp.Matrix(H0).eigenvects(simplify=True):
        basis = sp.GramSchmidt([sp.Matrix(v) for v in vectors], orthonormal=True)
        if len(basis) != mult:
            raise ParameterError("H: the unperturbed Hamiltonian is not diagonalisable (not Hermitian?)")
        for v in basis:
            columns.append(v.applyfunc(sp.radsimp))
            values.append(sp.radsimp(value))
    return _Basis(sp.Matrix.hstack(*columns), values, sp.Integer(1), "eigenvects")


def _require_closed_form_levels(H0: sp.Matrix) -> None:
    """Refuse an unperturbed Hamiltonian whose levels are roots of an irreducible cubic or higher.

    Their radicals (casus irreducibilis: complex intermediates) make every later step
    intractable; SymPy's eigenvectors alone take minutes for a 3x3 matrix.
    """
    from .spectrum import _factor_list

    charpoly = H0.charpoly()
    factors = _factor_list(sp.Poly(charpoly.as_expr(), charpoly.gen))
    worst = max((f.degree() for f, _ in factors), default=1)
    if worst > 2:
        raise ParameterError(
            f"small: the unperturbed Hamiltonian (the small parameters set to 0) has levels that are roots "
            f"of an irreducible polynomial of degree {worst}, with no symmetry (cyclic, uniform chain) to "
            "split it; expected an H0 whose characteristic polynomial factors into degrees <= 2 (declare more "
            "of its parameters small)"
        )


def _real_form(value: sp.Expr) -> sp.Expr:
    """A real eigenvalue written without exponentials (its imaginary part vanishes for a Hermitian H0)."""
    value = sp.expand(sp.expand_complex(value))
    return sp.expand(sp.re(value)) if value.has(sp.I) else value


def _group_levels(values_real, same) -> list[list[int]]:
    groups: list[list[int]] = []
    for k, v in enumerate(values_real):
        for g in groups:
            if same(values_real[g[0]], v):
                g.append(k)
                break
        else:
            groups.append([k])
    return groups


def _same_symbolic(a: sp.Expr, b: sp.Expr, symbols) -> bool:
    d = sp.expand(a - b)
    if d == 0:
        return True
    # SymPy cannot always prove a zero: decide at three generic points, 40 digits
    scale = 1 + abs(_value_at(a, _sample_point(symbols)))
    return all(abs(complex(sp.N(d.xreplace(_sample_point(symbols, seed)), 40))) < 1e-30 * scale for seed in (1, 2, 3))


def unperturbed_levels(H0) -> list[tuple[sp.Expr, sp.Matrix]]:
    """The distinct eigenvalues of ``H0`` with orthonormal bases of their eigenspaces, ascending.

    The basis is exact: Fourier modes :math:`e^{2\\pi ijk/n}/\\sqrt n` (the wells taken in an
    order around which ``H0`` is cyclically invariant), standing waves of a uniform chain, or
    SymPy's eigenvectors, orthonormalised. The order is decided at a generic numeric point of
    the parameters (positive symbols positive), which is the order for every point of that
    region where no two levels cross.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian, ring
    >>> H0 = hamiltonian(ring(4)).matrix.subs({sp.Symbol(f"E_{k}", real=True): 0 for k in range(1, 5)})
    >>> [(value, basis.shape[1]) for value, basis in unperturbed_levels(H0)]
    [(-2*D_0, 1), (0, 2), (2*D_0, 1)]
    """
    H0 = _matrix(H0)
    basis = _exact_basis(H0)
    values = [_real_form(v) for v in basis.values]
    symbols = H0.free_symbols
    groups = _group_levels(values, lambda a, b: _same_symbolic(a, b, symbols))
    point = _sample_point(symbols)
    groups.sort(key=lambda g: _value_at(values[g[0]], point))
    norm = sp.sqrt(basis.norm2)
    out = []
    for g in groups:
        columns = [_tidy_vector(basis.V[:, k] / norm, basis.kind) for k in g]
        out.append((values[g[0]], sp.Matrix.hstack(*columns)))
    return out


def _tidy_vector(v: sp.Matrix, kind: str) -> sp.Matrix:
    if kind == "chain":  # standing waves: real, written with radicals
        return v.applyfunc(lambda z: sp.radsimp(sp.expand(sp.expand_complex(z))))
    return v


# -- exact arithmetic in a cyclotomic field --------------------------------------------------------------
class _NotCyclotomic(Exception):
    """A number outside Q(zeta_N), or a free parameter: use the symbolic engine."""


_ZETA = sp.Dummy("zeta")


def _pi_multiple(arg: sp.Expr, imaginary: bool) -> sp.Rational:
    r = sp.expand(arg / (sp.I * sp.pi if imaginary else sp.pi))
    if not r.is_Rational:
        raise _NotCyclotomic(arg)
    return r


def _conductor(exprs) -> int:
    """The least N such that every root of unity among ``exprs`` lies in Q(zeta_N)."""
    N = 1
    for e in exprs:
        e = sp.sympify(e)
        if e.free_symbols:
            raise _NotCyclotomic(e)
        if e.has(sp.I):
            N = math.lcm(N, 4)
        for a in e.atoms(sp.exp):
            N = math.lcm(N, 2 * _pi_multiple(a.exp, True).q)
        for a in e.atoms(sp.cos, sp.sin):
            N = math.lcm(N, 2 * _pi_multiple(a.args[0], False).q)
            if isinstance(a, sp.sin):
                N = math.lcm(N, 4)
    return N


def _strip_flux(exprs, flux: sp.Symbol) -> tuple[list, int]:
    r"""``exprs`` with the flux dropped from every phase, and the L with every flux phase a multiple of ``flux/L``.

    The flux must enter only through phases :math:`e^{i(r\phi + c)}` (or cos, sin) with rational
    :math:`r`; otherwise ``_NotCyclotomic``.
    """
    L = 1
    out = []
    for e in exprs:
        e = sp.sympify(e)
        rep = {}
        for a in e.atoms(sp.exp, sp.cos, sp.sin):
            arg = sp.expand(a.args[0] / sp.I) if isinstance(a, sp.exp) else sp.expand(a.args[0])
            r = arg.coeff(flux)
            if not r.is_Rational or (arg - r * flux).has(flux):
                raise _NotCyclotomic(a)
            L = math.lcm(L, int(r.q))
            rest = sp.expand(arg - r * flux)
            rep[a] = sp.exp(sp.I * rest) if isinstance(a, sp.exp) else a.func(rest)
        e = e.xreplace(rep)
        if e.has(flux):
            raise _NotCyclotomic(e)
        out.append(e)
    return out, L


class _Cyclotomic:
    r"""The field :math:`\mathbb Q(\zeta_N)`: elements are python-flint ``fmpq_poly`` reduced mod :math:`\Phi_N`."""

    def __init__(self, N: int):
        from flint import fmpq, fmpq_mat, fmpq_poly

        self.fmpq, self.fmpq_poly = fmpq, fmpq_poly
        self.N = N
        coeffs = sp.Poly(sp.cyclotomic_poly(N, _ZETA), _ZETA).all_coeffs()[::-1]
        self.phi = fmpq_poly([int(c) for c in coeffs])
        self.d = self.phi.degree()
        x = fmpq_poly([0, 1])
        self.power = [fmpq_poly([1]) % self.phi if self.d > 0 else fmpq_poly([1])]
        for _ in range(N - 1):
            self.power.append((self.power[-1] * x) % self.phi)
        self.zero, self.one = fmpq_poly([]), fmpq_poly([1])
        self._conj = [self.power[(-k) % N] for k in range(self.d)]
        # canonical real and imaginary parts: coordinates on cos(2 pi k / N), k < h, and sin(2 pi k / N), 1 <= k <= h
        h = max(1, self.d // 2)
        self.h = h
        cos_vectors = [(self.power[k % N] + self.power[(-k) % N]) * fmpq(1, 2) for k in range(h)]
        self._cos_left = self._left_inverse(cos_vectors, fmpq_mat)
        if N > 2:
            i_sin = [(self.power[k % N] - self.power[(-k) % N]) * fmpq(1, 2) for k in range(1, h + 1)]  # i sin(2 pi k/N)
            self._isin_left = self._left_inverse(i_sin, fmpq_mat)
        self._radical_cache: dict = {}

    def _left_inverse(self, vectors, fmpq_mat):
        A = fmpq_mat(self.d, len(vectors), [self._coeff(v, r) for r in range(self.d) for v in vectors])
        At = A.transpose()
        return (At * A).inv() * At

    @staticmethod
    def _coeff(p, k):
        c = p.coeffs()
        return c[k] if k < len(c) else 0

    # arithmetic
    def mul(self, a, b):
        return (a * b) % self.phi

    def conj(self, a):
        out = self.zero
        for k, c in enumerate(a.coeffs()):
            if c != 0:
                out = out + self._conj[k] * c
        return out

    def inv(self, a):
        if a.is_zero():
            raise ZeroDivisionError("an unperturbed level difference vanishes")
        g, s, _ = a.xgcd(self.phi)
        return (s * (1 / g.coeffs()[0])) % self.phi

    # conversion
    def from_sympy(self, expr):
        expr = sp.sympify(expr)
        N = self.N
        rep = {}
        for a in expr.atoms(sp.exp):
            r = _pi_multiple(a.exp, True)
            k = r * N / 2
            if not k.is_integer:
                raise _NotCyclotomic(a)
            rep[a] = _ZETA ** int(k % N)
        for a in expr.atoms(sp.cos, sp.sin):
            r = _pi_multiple(a.args[0], False)
            k = r * N / 2
            if not k.is_integer or (isinstance(a, sp.sin) and N % 4):
                raise _NotCyclotomic(a)
            k = int(k % N)
            c, s = _ZETA**k, _ZETA ** ((-k) % N)
            rep[a] = (c + s) / 2 if isinstance(a, sp.cos) else (c - s) / (2 * _ZETA ** (N // 4))
        expr = expr.xreplace(rep)
        if expr.has(sp.I):
            if N % 4:
                raise _NotCyclotomic(expr)
            expr = expr.xreplace({sp.I: _ZETA ** (N // 4)})
        try:
            poly = sp.Poly(sp.expand(expr), _ZETA, domain=sp.QQ)
        except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed, sp.polys.polyerrors.GeneratorsError) as exc:
            raise _NotCyclotomic(expr) from exc
        out = self.zero
        for (k,), c in poly.terms():
            out = out + self.power[k % N] * self.fmpq(int(c.p), int(c.q))
        return out

    def _coordinates(self, left, a):
        vec = [self._coeff(a, r) for r in range(self.d)]
        from flint import fmpq_mat

        return left * fmpq_mat(self.d, 1, vec)

    def _radicals(self, kind: str, k: int) -> dict:
        """``cos(2 pi k/N)`` (or ``I sin``) as ``{radical: rational}``, cached."""
        key = (kind, k)
        if key not in self._radical_cache:
            angle = 2 * sp.pi * sp.Rational(k, self.N)
            value = sp.expand(sp.cos(angle) if kind == "cos" else sp.I * sp.sin(angle))
            out: dict = {}
            for t in sp.Add.make_args(value):
                c, r = t.as_coeff_Mul()
                out[r] = out.get(r, 0) + c
            self._radical_cache[key] = out
        return self._radical_cache[key]

    def terms(self, a) -> dict:
        r"""``a`` as ``{radical: rational}``: real part on :math:`\cos(2\pi k/N)`, imaginary part on :math:`i\sin(2\pi k/N)`.

        Both are bases of their parts (the real subfield has degree :math:`\varphi(N)/2`), so the
        coefficients are unique and a real element has no imaginary term.
        """
        out: dict = {}
        if a.is_zero():
            return out
        if self.N <= 2:
            c = a.coeffs()[0]
            return {sp.Integer(1): sp.Rational(int(c.p), int(c.q))}
        parts = [("cos", self._cos_left, (a + self.conj(a)) * self.fmpq(1, 2), 0),
                 ("isin", self._isin_left, (a - self.conj(a)) * self.fmpq(1, 2), 1)]
        for kind, left, part, offset in parts:
            if part.is_zero():
                continue
            b = self._coordinates(left, part)
            for k in range(self.h):
                if b[k, 0] == 0:
                    continue
                bk = sp.Rational(int(b[k, 0].p), int(b[k, 0].q))
                for r, c in self._radicals(kind, k + offset).items():
                    out[r] = out.get(r, 0) + bk * c
        return {r: c for r, c in out.items() if c != 0}

    def to_sympy(self, a) -> sp.Expr:
        return sp.Add(*(c * r for r, c in self.terms(a).items()))


    def is_real(self, a) -> bool:
        return (a - self.conj(a)).is_zero()


class _FieldMatrix:
    """A small dense matrix over a :class:`_Cyclotomic` field, with the operations pymablock uses."""

    __slots__ = ("F", "rows")

    def __init__(self, F: _Cyclotomic, rows):
        self.F, self.rows = F, rows

    @property
    def shape(self):
        return (len(self.rows), len(self.rows[0]) if self.rows else 0)

    def is_zero(self) -> bool:
        return all(x.is_zero() for row in self.rows for x in row)

    def __eq__(self, other):
        if isinstance(other, int) and other == 0:
            return self.is_zero()
        return NotImplemented

    __hash__ = object.__hash__

    def _zero_sentinel(self, other) -> bool:
        from pymablock.series import zero

        return other is zero

    def __add__(self, other):
        if self._zero_sentinel(other):
            return self
        if isinstance(other, int) and other == 0:
            return self
        if not isinstance(other, _FieldMatrix):
            return NotImplemented
        return _FieldMatrix(self.F, [[a + b for a, b in zip(r, s)] for r, s in zip(self.rows, other.rows)])

    __radd__ = __add__

    def __neg__(self):
        return _FieldMatrix(self.F, [[-a for a in r] for r in self.rows])

    def __sub__(self, other):
        if self._zero_sentinel(other):
            return self
        if not isinstance(other, _FieldMatrix):
            return NotImplemented
        return _FieldMatrix(self.F, [[a - b for a, b in zip(r, s)] for r, s in zip(self.rows, other.rows)])

    def _scalar(self, c):
        if isinstance(c, self.F.fmpq):
            return c
        if isinstance(c, int):
            return self.F.fmpq(c, 1)
        if isinstance(c, Fraction | sp.Rational):
            return self.F.fmpq(int(c.numerator if isinstance(c, Fraction) else c.p),
                               int(c.denominator if isinstance(c, Fraction) else c.q))
        return None

    def __mul__(self, other):
        if self._zero_sentinel(other):
            return other
        c = self._scalar(other)
        if c is None:
            return NotImplemented
        return _FieldMatrix(self.F, [[a * c for a in r] for r in self.rows])

    __rmul__ = __mul__

    def __truediv__(self, other):
        c = self._scalar(other)
        if c is None:
            return NotImplemented
        return self * (1 / c)

    def times(self, element):
        """Multiply by a field element."""
        F = self.F
        return _FieldMatrix(F, [[F.mul(a, element) for a in r] for r in self.rows])

    def __matmul__(self, other):
        if self._zero_sentinel(other):
            return other
        if not isinstance(other, _FieldMatrix):
            return NotImplemented
        F = self.F
        cols = list(zip(*other.rows))
        rows = []
        for r in self.rows:
            row = []
            for c in cols:
                acc = F.zero
                for a, b in zip(r, c):
                    if not a.is_zero() and not b.is_zero():
                        acc = acc + a * b
                row.append(acc % F.phi)
            rows.append(row)
        return _FieldMatrix(F, rows)

    def adjoint(self):
        F = self.F
        return _FieldMatrix(F, [[F.conj(a) for a in col] for col in zip(*self.rows)])

    def block(self, rows, cols):
        return _FieldMatrix(self.F, [[self.rows[i][j] for j in cols] for i in rows])

    @classmethod
    def from_sympy(cls, F: _Cyclotomic, M: sp.Matrix):
        return cls(F, [[F.from_sympy(M[i, j]) for j in range(M.cols)] for i in range(M.rows)])


# -- the perturbation problem ----------------------------------------------------------------------------
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
    if any(sp.expand(a - lam * b) != 0 for a, b in zip(scaled, M)):
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
            from ._fluxfield import _FluxField

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
                if not any(z.has(s) for s, a in zip(self.small, alpha) if a):
                    continue
                d = z
                for s, a in zip(self.small, alpha):
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
        if not any(a == (0,) * len(self.small) for a in out) and not self._is_zero_scalar(self.level_values_internal[b]):
            out[(0,) * len(self.small)] = self._scalar_identity(self.level_values_internal[b], m)
        return out

    def _single_level_term(self, alpha):
        if not any(alpha):
            return self._scalar_identity(self.level_values_internal[0], len(self.groups[0]))
        return self._rotated_taylor(alpha)

    def monomial(self, alpha) -> sp.Expr:
        return sp.Mul(*(s**a for s, a in zip(self.small, alpha)))

    def _ref_power(self, alpha, degree: int) -> sp.Expr:
        """The power of the scaled-out hopping that restores a term :math:`s^\alpha` of energy degree ``degree``."""
        if self.ref is None:
            return sp.Integer(1)
        k = degree - sum(a for s, a in zip(self.small, alpha) if s in self.energy_like)
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
        return sp.Matrix(m, m, lambda i, j: self._poly_sympy({alpha: term.rows[i][j] for alpha, term in terms.items()}, 1))

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

        For a doublet :math:`c \mp \sqrt{\Delta}` and for a triplet Viète's form (:func:`multiwell.spectrum.viete_roots`),
        with the invariants (:math:`c`, :math:`\Delta`, :math:`p`, :math:`q`) computed exactly before they are
        written as SymPy expressions.
        """
        from .spectrum import roots

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


def _split_roots(poly: sp.Poly) -> list[sp.Expr] | None:
    """The roots factor by factor when ``poly`` (rational coefficients) splits into degrees <= 2; else ``None``."""
    from .spectrum import _factor_list, roots

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


# polynomials in the small symbols with coefficients in the field: {alpha: element}
def _padd(F, p, q, sign=1):
    out = dict(p)
    for k, v in q.items():
        w = out.get(k, F.zero) + (v if sign == 1 else -v)
        if w.is_zero():
            out.pop(k, None)
        else:
            out[k] = w
    return out


def _pscale(F, p, c):
    return {k: v * c for k, v in p.items()}


def _pmul(F, p, q):
    out: dict = {}
    for k1, v1 in p.items():
        for k2, v2 in q.items():
            k = tuple(a + b for a, b in zip(k1, k2))
            out[k] = out.get(k, F.zero) + v1 * v2
    return {k: v % F.phi for k, v in out.items() if not (v % F.phi).is_zero()}


def _faddeev_leverrier(F, A, m: int, p: int) -> list[dict]:
    """Characteristic polynomial coefficients (ascending, monic) of a matrix of field polynomials in ``p`` variables."""
    one = {(0,) * p: F.one}
    c = [None] * (m + 1)
    c[m] = one
    Mk = [[{} for _ in range(m)] for _ in range(m)]
    for k in range(1, m + 1):
        # M_k = A M_{k-1} + c_{m-k+1} I
        AM = [[{} for _ in range(m)] for _ in range(m)]
        for i in range(m):
            for j in range(m):
                acc: dict = {}
                for t in range(m):
                    if A[i][t] and Mk[t][j]:
                        acc = _padd(F, acc, _pmul(F, A[i][t], Mk[t][j]))
                AM[i][j] = acc
        for i in range(m):
            AM[i][i] = _padd(F, AM[i][i], c[m - k + 1])
        Mk = AM
        # c_{m-k} = -tr(A M_k) / k
        tr: dict = {}
        for i in range(m):
            for t in range(m):
                if A[i][t] and Mk[t][i]:
                    tr = _padd(F, tr, _pmul(F, A[i][t], Mk[t][i]))
        factor = F.fmpq(-1, k)
        c[m - k] = {a: v * factor for a, v in tr.items()}
    return c


def _problem(H, small, *, exact: bool = True) -> _Problem:
    M = _matrix(H)
    _check_small(M, small)
    key = (sp.ImmutableMatrix(M), tuple(small))
    if key not in _CACHE or (not exact and _CACHE[key].exact):
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _Problem(M, tuple(small), exact=exact)
    return _CACHE[key]


def _solve(H, small, task):
    """``task(problem)``, redone by the symbolic engine if a number outside the cyclotomic field turns up."""
    try:
        return task(_problem(H, small))
    except _NotCyclotomic:
        return task(_problem(H, small, exact=False))


# -- public API ------------------------------------------------------------------------------------------
def effective_hamiltonian(H, *, small, subspace=0, order: int | Mapping = 2) -> sp.Matrix:
    r"""The effective Hamiltonian of one unperturbed level (quasi-degenerate perturbation theory).

    Parameters
    ----------
    H
        A :class:`~multiwell.hamiltonian.Hamiltonian` or Hermitian SymPy matrix.
    small
        The small parameters (symbols); the unperturbed Hamiltonian is ``H`` with them set to 0.
    subspace
        Which unperturbed level: an index into :func:`unperturbed_levels` (0 = lowest, ordered
        at a generic point of the parameters, see there), or the level's unperturbed energy as
        a SymPy expression (e.g. ``-D_2``), which names it in every region of the parameters.
    order
        Total order in the small parameters (an integer >= 1), or per-parameter orders: a
        mapping whose keys are small symbols or tuples of them, every small symbol in exactly
        one key. A tuple is a group counted together: ``{(E_1, ..., E_5): 2, phi: 1}`` keeps
        the terms :math:`\prod_i E_i^{\alpha_i}\phi^{\beta}` with :math:`\sum_i\alpha_i\le 2`
        and :math:`\beta\le 1`. (Each energy as its own key, ``{E_1: 2, ..., E_5: 2, phi: 1}``,
        would keep :math:`E_1^2E_2^2\cdots` too: orders up to 10 in the energies, and the cost
        grows with the number of terms kept.)

    Returns
    -------
    sympy.Matrix
        In the orthonormal eigenbasis of that level (``unperturbed_levels(H0)[subspace][1]``).

    Raises
    ------
    ParameterError
        A small symbol that is not in ``H`` (named), an order below 1, a subspace index out of range.

    Notes
    -----
    :math:`\tilde H = U^\dagger H U` block diagonal to the requested order (pymablock), the
    block of the chosen level kept.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> E = sp.symbols("E_1:4", real=True)
    >>> Heff = effective_hamiltonian(hamiltonian(complete(3)), small=E, subspace=0, order=1)
    >>> sp.simplify(Heff.trace() - (-2 * sp.Symbol("D_0", positive=True) + sp.Rational(2, 3) * sum(E)))
    0
    """
    small, keep = _orders(small, order)
    level = _level_index(_problem(H, small), subspace)
    return _solve(H, small, lambda P: P.block_sympy(level, keep))


def _level_index(P: _Problem, subspace) -> int:
    """The index of the level named by ``subspace``: an index, or the level's unperturbed energy."""
    values = P.level_values
    if isinstance(subspace, bool):
        raise ParameterError(f"subspace: expected a level index or an unperturbed energy, got {subspace!r}")
    if isinstance(subspace, int | np.integer):
        if not 0 <= subspace < len(values):
            raise ParameterError(f"subspace: expected a level index 0..{len(values) - 1}, got {subspace!r}")
        return int(subspace)
    try:
        target = sp.sympify(subspace, strict=True)
    except sp.SympifyError:
        raise ParameterError(f"subspace: expected a level index or an unperturbed energy, got {subspace!r}") from None
    symbols = set().union(*(sp.sympify(v).free_symbols for v in values)) | target.free_symbols
    for k, v in enumerate(values):
        if _same_symbolic(v, target, symbols):
            return k
    raise ParameterError(f"subspace: {target} is not an unperturbed level; the levels are {values}")


def eigenvalue_series(H, *, small, order: int | Mapping = 2) -> list[sp.Expr]:
    r"""Each eigenvalue of ``H`` to ``order`` in the ``small`` parameters, ascending by unperturbed level.

    Returns SymPy expressions in the original parameters. A non-degenerate level gives its
    Rayleigh–Schrödinger series; an ``m``-fold degenerate level gives the ``m`` eigenvalues of
    its truncated effective block (closed forms: :func:`multiwell.roots`), ascending within the
    level. ``order`` as in :func:`effective_hamiltonian`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> EL, ER = sp.symbols("E_L E_R", real=True)
    >>> s = eigenvalue_series(hamiltonian(double_well()), small=[EL, ER], order=2)
    >>> sp.factor(s[1] - s[0])   # the gap: 2 Delta_0 + (E_L - E_R)^2 / (4 Delta_0)
    (8*Delta_0**2 + E_L**2 - 2*E_L*E_R + E_R**2)/(4*Delta_0)
    """
    small, keep = _orders(small, order)

    def task(P):
        return [x for b in range(len(P.groups)) for x in P.level_eigenvalues(b, keep)]

    return _solve(H, small, task)


def _level_multiplicities(H, small) -> list[int]:
    """The degeneracy of each unperturbed level, in the order of :func:`eigenvalue_series`."""
    small, _ = _orders(small, 1)
    return _solve(H, small, lambda P: [len(g) for g in P.groups])


def effective_two_level(H, *, small, subspace=0, order: int | Mapping = 2) -> dict[str, sp.Expr]:
    r"""Two-level parameters of a doublet's effective Hamiltonian :math:`\begin{pmatrix}a&b\ \bar b&d\end{pmatrix}`.

    Returns ``{"asymmetry": a - d, "tunnelling": 2|b|, "gap": sqrt((a-d)^2 + 4|b|^2), "centre": (a+d)/2}``
    in the orthonormal basis of :func:`unperturbed_levels` (the gap does not depend on the basis).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> E = sp.symbols("E_1:4", real=True)
    >>> two = effective_two_level(hamiltonian(complete(3)), small=E, order=1)
    >>> sp.expand(two["gap"] ** 2 - sp.Rational(4, 9) * ((E[0] - E[1]) ** 2 + (E[1] - E[2]) ** 2 + (E[2] - E[0]) ** 2) / 2)
    0
    """
    small_list, keep = _orders(small, order)
    level = _level_index(_problem(H, small_list), subspace)

    def exact_task(P):
        if len(P.groups[level]) != 2:
            raise ParameterError(
                f"subspace: level {subspace} is {len(P.groups[level])}-fold degenerate, expected a doublet")
        return P.two_level(level, keep) if P.exact and all(s.is_real for s in small_list) else None

    exact = _solve(H, small_list, exact_task)
    if exact is not None:
        return exact
    block = effective_hamiltonian(H, small=small, subspace=subspace, order=order)
    a, b, d = block[0, 0], block[0, 1], block[1, 1]
    modulus2 = sp.expand(b * sp.conjugate(b))
    return {
        "asymmetry": sp.expand(a - d),
        "tunnelling": 2 * sp.sqrt(modulus2),
        "gap": sp.sqrt(sp.expand((a - d) ** 2 + 4 * modulus2)),
        "centre": sp.expand((a + d) / 2),
    }


def reduce(H, *, drop) -> Hamiltonian:
    r"""The reduced Hamiltonian of a limit: the symbols in ``drop`` set to zero (e.g. :math:`D_2\to0`, Eq. 36 → 37).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian, square
    >>> reduce(hamiltonian(square()), drop=[sp.Symbol("D_2", positive=True)]).matrix[0, 2]
    0
    """
    drop = list(drop) if isinstance(drop, Sequence | set | tuple) else [drop]
    if not isinstance(H, Hamiltonian):
        H = Hamiltonian.from_matrix(H)
    unknown = [s for s in drop if s not in H.symbols]
    if unknown:
        raise ParameterError(f"drop: {unknown} are not symbols of this Hamiltonian ({H.symbols})")
    return H.subs({s: 0 for s in drop})
