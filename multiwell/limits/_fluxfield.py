r"""Exact arithmetic in :math:`\mathbb Q(\zeta_N)(w)`, :math:`w = e^{i\phi/L}`, for limits with symbolic flux (private).

The perturbation series of a ring (or any cyclically symmetric geometry) with a symbolic
flux :math:`\phi` kept in :math:`H_0` has every number in the field of rational functions
of one transcendental :math:`w = e^{i\phi/L}` over the cyclotomic field
:math:`\mathbb Q(\zeta_N)`: the Fourier basis is cyclotomic, the unperturbed levels are
Laurent polynomials :math:`\sum_k c_k w^k`, and the Sylvester solves divide by their
differences. An element is stored as

.. math:: x = \frac{\sum_{a<d} A_a(w)\,\zeta^a}{B(w)},\qquad A_a, B \in \mathbb Q[w],

with :math:`d = \varphi(N)`, :math:`B` monic and :math:`\gcd(B, A_0, \dots, A_{d-1}) = 1`
(python-flint ``fmpq_poly``). The representation is canonical: every denominator is made
rational by multiplying with the Galois conjugates :math:`\zeta\mapsto\zeta^j` (the norm), so
cancelling a common factor is a gcd in :math:`\mathbb Q[w]`. Complex conjugation is
:math:`\zeta\mapsto\zeta^{-1}`, :math:`w\mapsto w^{-1}` (the flux is real).

Conversion to SymPy writes a real element in real trigonometric form: numerator and
denominator are centred, :math:`w^{-m}P(w) = \sum_k p_k e^{i(k-m)\phi/L}`, and
:math:`\sum_k p_k e^{i\alpha_k} = \sum_k(\operatorname{Re}p_k\cos\alpha_k - \operatorname{Im}p_k\sin\alpha_k)`
when :math:`p_{-k} = \bar p_k` (a self-reciprocal denominator, which the reduced denominator
of a real element is, up to sign). No complex root of unity is left.
"""

from __future__ import annotations

import math

import sympy as sp

__all__: list[str] = []


class _FluxElement:
    """An element of :class:`_FluxField` (immutable; arithmetic returns reduced elements)."""

    __slots__ = ("F", "den", "num")

    def __init__(self, F, num, den):
        self.F, self.num, self.den = F, num, den

    def is_zero(self) -> bool:
        return all(p.is_zero() for p in self.num)

    def __add__(self, other):
        return self.F.add(self, other, 1)

    def __sub__(self, other):
        return self.F.add(self, other, -1)

    def __neg__(self):
        return _FluxElement(self.F, [-p for p in self.num], self.den)

    def __mul__(self, other):
        if isinstance(other, _FluxElement):
            return self.F.mul(self, other)
        return self.F.scale(self, other)

    __rmul__ = __mul__

    def __mod__(self, modulus):
        # elements are kept reduced; ``x % F.phi`` (the cyclotomic engine's reduction) is the identity
        return self

    def __repr__(self) -> str:
        return f"_FluxElement({self.F.to_sympy(self)})"


class _FluxField:
    r"""The field :math:`\mathbb Q(\zeta_N)(w)` over a :class:`multiwell.limits._cyclotomic._Cyclotomic` ``cyc``."""

    def __init__(self, cyc, flux: sp.Symbol, L: int):
        from flint import fmpq, fmpq_poly

        self.cyc, self.flux, self.L = cyc, flux, int(L)
        self.fmpq, self.fmpq_poly = fmpq, fmpq_poly
        self.N = N = cyc.N
        self.d = d = max(1, cyc.d)
        self.phi = None  # no modulus: see _FluxElement.__mod__
        # z^c as rational coordinates on 1, z, ..., z^(d-1), for every c mod N
        self.zpow = []
        for c in range(N):
            coeffs = cyc.power[c].coeffs()
            self.zpow.append([fmpq(coeffs[r]) if r < len(coeffs) else fmpq(0) for r in range(d)])
        self._P0, self._P1 = fmpq_poly([]), fmpq_poly([1])
        self.zero = _FluxElement(self, [self._P0] * d, self._P1)
        self.one = _FluxElement(self, [self._P1] + [self._P0] * (d - 1), self._P1)
        self.galois = [j for j in range(2, N) if math.gcd(j, N) == 1]
        self._W, self._Z = sp.Dummy("w"), sp.Dummy("z")

    # -- normal form ----------------------------------------------------------------------------------------
    def _reduced(self, num, den) -> _FluxElement:
        if all(p.is_zero() for p in num):
            return self.zero
        g = den
        if g.degree() > 0:
            for p in num:
                if not p.is_zero():
                    g = g.gcd(p)
                    if g.degree() == 0:
                        break
            if g.degree() > 0:
                num = [p // g for p in num]
                den = den // g
        lc = den.leading_coefficient()
        if lc != 1:
            inv = 1 / lc
            num = [p * inv for p in num]
            den = den * inv
        return _FluxElement(self, num, den)

    def element(self, coords, den=None) -> _FluxElement:
        return self._reduced(list(coords), self._P1 if den is None else den)

    def _fold(self, prod) -> list:
        """Coordinates of :math:`\\sum_c P_c z^c` (any c >= 0) on :math:`1, z, \\dots, z^{d-1}`."""
        d, N = self.d, self.N
        out = list(prod[:d]) + [self._P0] * max(0, d - len(prod))
        for c in range(d, len(prod)):
            p = prod[c]
            if p.is_zero():
                continue
            for r, q in enumerate(self.zpow[c % N]):
                if q != 0:
                    out[r] = out[r] + p * q
        return out

    # -- arithmetic -----------------------------------------------------------------------------------------
    def add(self, x, y, sign=1):
        if not isinstance(y, _FluxElement):
            if isinstance(y, int) and y == 0:
                return x
            return NotImplemented
        if y.is_zero():
            return x
        if x.is_zero():
            return y if sign == 1 else -y
        if x.den == y.den:
            pairs = zip(x.num, y.num, strict=True)
            num = [a + b for a, b in pairs] if sign == 1 else [a - b for a, b in pairs]
            return self._reduced(num, x.den)
        g = x.den.gcd(y.den)
        mx, my = y.den // g, x.den // g
        if sign == 1:
            num = [a * mx + b * my for a, b in zip(x.num, y.num, strict=True)]
        else:
            num = [a * mx - b * my for a, b in zip(x.num, y.num, strict=True)]
        return self._reduced(num, x.den * mx)

    def mul(self, x, y):
        if x.is_zero() or y.is_zero():
            return self.zero
        d = self.d
        prod = [self._P0] * (2 * d - 1)
        for a, A in enumerate(x.num):
            if A.is_zero():
                continue
            for b, B in enumerate(y.num):
                if not B.is_zero():
                    prod[a + b] = prod[a + b] + A * B
        return self._reduced(self._fold(prod), x.den * y.den)

    def scale(self, x, c):
        if isinstance(c, int):
            c = self.fmpq(c)
        if not isinstance(c, self.fmpq):
            return NotImplemented
        if c == 0:
            return self.zero
        return _FluxElement(self, [p * c for p in x.num], x.den)

    def _reverse(self, p, D: int):
        """:math:`w^D p(1/w)`."""
        c = p.coeffs()
        c = c + [0] * (D + 1 - len(c))
        return self.fmpq_poly(c[::-1])

    def conj(self, x):
        """Complex conjugate: :math:`\\zeta\\to\\zeta^{-1}`, :math:`w\\to w^{-1}`."""
        if x.is_zero():
            return x
        D = max([x.den.degree()] + [p.degree() for p in x.num])
        N = self.N
        prod = [self._P0] * N
        for a, A in enumerate(x.num):
            if not A.is_zero():
                prod[(-a) % N] = prod[(-a) % N] + self._reverse(A, D)
        return self._reduced(self._fold(prod), self._reverse(x.den, D))

    def _galois(self, x, j: int):
        N = self.N
        prod = [self._P0] * N
        for a, A in enumerate(x.num):
            if not A.is_zero():
                prod[(j * a) % N] = prod[(j * a) % N] + A
        return self._reduced(self._fold(prod), x.den)

    def inv(self, x):
        if x.is_zero():
            raise ZeroDivisionError("an unperturbed level difference vanishes")
        top = _FluxElement(self, x.num, self._P1)
        adj = self.one
        for j in self.galois:
            adj = self.mul(adj, self._galois(top, j))
        norm = self.mul(top, adj)
        if norm.den.degree() != 0 or any(not p.is_zero() for p in norm.num[1:]):
            raise ArithmeticError("the norm of a flux-field element is not rational")  # pragma: no cover
        n0 = norm.num[0] * (1 / norm.den.leading_coefficient())
        num = [p * x.den for p in adj.num]
        return self._reduced(num, adj.den * n0)

    def is_real(self, x) -> bool:
        return self.add(x, self.conj(x), -1).is_zero()

    # -- conversion -----------------------------------------------------------------------------------------
    def from_sympy(self, expr) -> _FluxElement:
        from multiwell.limits._cyclotomic import _NotCyclotomic

        expr = sp.sympify(expr)
        N, flux, Z, W = self.N, self.flux, self._Z, self._W

        def unimodular(arg):
            """exp(I*arg) as Z**k * W**m."""
            r = sp.expand(arg).coeff(flux)
            rest = sp.expand(arg - r * flux)
            if not r.is_Rational or rest.free_symbols:
                raise _NotCyclotomic(arg)
            q = sp.expand(rest / sp.pi)
            k, m = q * N / 2, r * self.L
            if not q.is_Rational or not k.is_integer or not m.is_integer:
                raise _NotCyclotomic(arg)
            return Z ** int(k % N) * W ** int(m)

        rep = {}
        for a in expr.atoms(sp.exp):
            rep[a] = unimodular(a.exp / sp.I)
        for a in expr.atoms(sp.cos, sp.sin):
            e, f = unimodular(a.args[0]), unimodular(-a.args[0])
            if isinstance(a, sp.cos):
                rep[a] = (e + f) / 2
            else:
                if N % 4:
                    raise _NotCyclotomic(a)
                rep[a] = (e - f) * Z ** (3 * N // 4) / 2  # 1/i = i^3
        expr = expr.xreplace(rep)
        if expr.has(sp.I):
            if N % 4:
                raise _NotCyclotomic(expr)
            expr = expr.xreplace({sp.I: Z ** (N // 4)})
        expr = sp.expand(expr)
        if expr.free_symbols - {Z, W}:
            raise _NotCyclotomic(expr)
        terms = []
        for t in sp.Add.make_args(expr):
            c, powers = sp.Integer(1), {Z: 0, W: 0}
            for f in sp.Mul.make_args(t):
                base, e = f.as_base_exp()
                if base in powers and e.is_Integer:
                    powers[base] += int(e)
                elif f.is_Rational:
                    c *= f
                else:
                    raise _NotCyclotomic(t)
            terms.append((c, powers[Z] % N, powers[W]))
        if not terms:
            return self.zero
        low = min(0, min(m for _, _, m in terms))
        width = max(m for _, _, m in terms) - low + 1
        prod = [[0] * width for _ in range(N)]
        for c, k, m in terms:
            prod[k][m - low] += self.fmpq(int(c.p), int(c.q))
        coords = self._fold([self.fmpq_poly(row) for row in prod])
        den = self.fmpq_poly([0] * (-low) + [1])
        return self._reduced(coords, den)

    def _coefficient(self, x_num, k: int):
        """The cyclotomic coefficient of :math:`w^k` in a numerator, as a python-flint element of ``cyc``."""
        return self.fmpq_poly([self._coeff(p, k) for p in x_num])

    @staticmethod
    def _coeff(p, k):
        c = p.coeffs()
        return c[k] if 0 <= k < len(c) else 0

    def _re_im(self, a) -> tuple[sp.Expr, sp.Expr]:
        """Real and imaginary parts of a cyclotomic element (radicals)."""
        re, im = sp.Integer(0), sp.Integer(0)
        for r, c in self.cyc.terms(a).items():
            if r.has(sp.I):
                im += c * sp.expand(r / sp.I)
            else:
                re += c * r
        return re, im

    def _phase(self, a):
        """``(c, j)`` with ``a = c * zeta^j`` (c rational), or ``None``."""
        cyc, N = self.cyc, self.N
        for j in range(N):
            b = cyc.mul(a, cyc.power[(-j) % N])
            if b.degree() <= 0:
                c = b.coeffs()[0] if b.degree() == 0 else 0
                return sp.Rational(int(c.p), int(c.q)), j
        return None

    def _trig(self, p_num, low: int, high: int, shift2: int, rational: bool):
        r"""``(Re, Im)`` of :math:`\sum_k p_k e^{i(k - m)\theta}`, :math:`m = \text{shift2}/2`, :math:`\theta=\phi/L`.

        A coefficient that is a rational times a root of unity, :math:`c\,e^{2\pi ij/N}`, is written
        as a phase shift, :math:`c\cos(\alpha + 2\pi j/N)`; any other as
        :math:`\operatorname{Re}p\cos\alpha - \operatorname{Im}p\sin\alpha` with radicals.
        """
        re, im = [], []
        for k in range(low, high + 1):
            angle = sp.Rational(2 * k - shift2, 2) * self.flux / self.L
            if rational:
                c = self._coeff(p_num[0], k)
                if c == 0:
                    continue
                c = sp.Rational(int(c.p), int(c.q))
                re.append(c * sp.cos(angle))
                im.append(c * sp.sin(angle))
                continue
            a = self._coefficient(p_num, k)
            if a.is_zero():
                continue
            phase = self._phase(a)
            if phase is not None:
                c, j = phase
                shifted = angle + 2 * sp.pi * sp.Rational(j, self.N)
                re.append(c * sp.cos(shifted))
                im.append(c * sp.sin(shifted))
                continue
            pr, pi_ = self._re_im(a)
            cos, sin = sp.cos(angle), sp.sin(angle)
            re.append(pr * cos - pi_ * sin)
            im.append(pi_ * cos + pr * sin)
        return sp.Add(*re), sp.Add(*im)

    def _fraction(self, x) -> tuple[list, object, int]:
        """``(numerator coordinates, denominator, 2m)``: a common centre m for a self-reciprocal denominator."""
        den = x.den
        dc = den.coeffs()
        low = next(k for k, c in enumerate(dc) if c != 0)
        high = den.degree()
        inner = dc[low:]
        sign = 1 if inner == inner[::-1] else (-1 if inner == [-c for c in inner[::-1]] else 0)
        if sign == 0:
            # not self-reciprocal: multiply through by the conjugate denominator (rational coefficients)
            D = high
            cden = self._reverse(den, D)
            return [p * cden for p in x.num], den * cden, 2 * D
        return list(x.num), den, low + high

    def to_sympy(self, x) -> sp.Expr:
        """``x`` in real trigonometric form (``re + I*im`` for a complex element)."""
        return self.combine([(sp.Integer(1), x)])

    def terms(self, x) -> dict:
        return {} if x.is_zero() else {self.to_sympy(x): sp.Integer(1)}

    def combine(self, pairs) -> sp.Expr:
        r"""``sum(factor * x)`` over ``(factor, element)`` pairs written over one common denominator.

        The elements are brought to their least common denominator in the field, so the result
        reads :math:`\bigl(\sum_\alpha s^\alpha N_\alpha(\phi)\bigr)/D(\phi)`, trigonometric
        polynomials :math:`N_\alpha`, :math:`D` (the rational content of :math:`D` moved into the
        :math:`N_\alpha`; SymPy keeps each :math:`s^\alpha N_\alpha` as a product).
        """
        pairs = [(f, x) for f, x in pairs if not x.is_zero()]
        if not pairs:
            return sp.Integer(0)
        lcd = pairs[0][1].den
        for _, x in pairs[1:]:
            lcd = lcd * (x.den // lcd.gcd(x.den))
        lcd = lcd * (1 / lcd.leading_coefficient())
        _, cden, s2 = self._fraction(self._reduced([self._P1] + [self._P0] * (self.d - 1), lcd))
        scale = cden // lcd  # 1 when lcd is self-reciprocal, else its reverse
        dre, dim = self._trig([cden], 0, cden.degree(), s2, True)
        imaginary = dim != 0
        if imaginary and dre != 0:
            raise ArithmeticError("denominator is neither real nor imaginary")  # pragma: no cover
        den = dim if imaginary else dre
        content, primitive = den.as_content_primitive()
        if primitive.could_extract_minus_sign():
            content, primitive = -content, -primitive
        q = self.fmpq(1) / self.fmpq(int(content.p), int(content.q))
        top = []
        for f, x in pairs:
            num = [p * (lcd // x.den) * scale * q for p in x.num]
            highs = [p.degree() for p in num if not p.is_zero()]
            nre, nim = self._trig(num, 0, max(highs, default=-1), s2, False)
            if imaginary:  # numerator / (i D): (nim - i nre) / D
                nre, nim = nim, -nre
            top.append(f * (nre if self.is_real(x) else nre + sp.I * nim))
        numerator = sp.Add(*top)
        return numerator if primitive == 1 else numerator / primitive
