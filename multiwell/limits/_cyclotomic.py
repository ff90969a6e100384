r"""Exact arithmetic in a cyclotomic field :math:`\mathbb Q(\zeta_N)` for the limits (private).

:class:`_Cyclotomic` (python-flint polynomials reduced mod :math:`\Phi_N`, converted to and
from SymPy), the conductor of a set of numbers and the stripping of a symbolic flux from its
phases (for :mod:`multiwell.limits._fluxfield`), :class:`_FieldMatrix` (the matrix operations pymablock
uses), and polynomials in the small symbols with field coefficients with their characteristic
polynomial (Faddeev-LeVerrier). A number outside the field raises :class:`_NotCyclotomic`, on
which :mod:`multiwell.limits` falls back to the symbolic engine.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp


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
            # i sin(2 pi k/N)
            i_sin = [(self.power[k % N] - self.power[(-k) % N]) * fmpq(1, 2) for k in range(1, h + 1)]
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
        r"""``a`` as ``{radical: rational}``: real part on :math:`\cos(2\pi k/N)`, imaginary on :math:`i\sin(2\pi k/N)`.

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
        pairs = zip(self.rows, other.rows, strict=True)
        return _FieldMatrix(self.F, [[a + b for a, b in zip(r, s, strict=True)] for r, s in pairs])

    __radd__ = __add__

    def __neg__(self):
        return _FieldMatrix(self.F, [[-a for a in r] for r in self.rows])

    def __sub__(self, other):
        if self._zero_sentinel(other):
            return self
        if not isinstance(other, _FieldMatrix):
            return NotImplemented
        pairs = zip(self.rows, other.rows, strict=True)
        return _FieldMatrix(self.F, [[a - b for a, b in zip(r, s, strict=True)] for r, s in pairs])

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
        cols = list(zip(*other.rows, strict=True))
        rows = []
        for r in self.rows:
            row = []
            for c in cols:
                acc = F.zero
                for a, b in zip(r, c, strict=True):
                    if not a.is_zero() and not b.is_zero():
                        acc = acc + a * b
                row.append(acc % F.phi)
            rows.append(row)
        return _FieldMatrix(F, rows)

    def adjoint(self):
        F = self.F
        return _FieldMatrix(F, [[F.conj(a) for a in col] for col in zip(*self.rows, strict=True)])

    def block(self, rows, cols):
        return _FieldMatrix(self.F, [[self.rows[i][j] for j in cols] for i in rows])

    @classmethod
    def from_sympy(cls, F: _Cyclotomic, M: sp.Matrix):
        return cls(F, [[F.from_sympy(M[i, j]) for j in range(M.cols)] for i in range(M.rows)])


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
            k = tuple(a + b for a, b in zip(k1, k2, strict=True))
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
