r"""Fast exact characteristic polynomials of Hermitian matrices with Peierls phases (private).

The engine behind :func:`multiwell.spectrum.characteristic_polynomial`:

1. every off-diagonal entry is split into terms :math:`c\,e^{i\theta}` (cos, sin and the
   factor :math:`i` are rewritten as exponentials);
2. a gauge is fixed on a spanning tree of single-term bonds,
   :math:`M \to U M U^\dagger`, :math:`U = \mathrm{diag}(e^{i\chi})`, so every remaining
   phase is a loop flux :math:`\sum_f r_f\varphi_f` with rational :math:`r_f` (constant
   gauge phases, symbolic or exact, cancel);
3. each flux gets a generator :math:`w_f = e^{i\varphi_f/L_f}` and row :math:`i` of
   :math:`\mathcal E - M` is multiplied by :math:`w^{K_i}` to clear negative powers;
4. all variables are Kronecker-packed into one (or a few) python-flint generators, with
   bases from a row-sum degree bound, and the determinant is expanded division-free
   (Laplace along rows, memoised on the set of used columns);
5. the exponents are unpacked with NumPy, :math:`w^k + w^{-k}` is folded into
   :math:`2\cos(k\varphi/L)` (the sine parts are checked to cancel) and a SymPy ``Poly``
   over :math:`\mathbb Z[\text{parameters}, \cos\dots]` (or :math:`\mathbb Q[\dots]`) is built.

Anything outside this class (non-polynomial entries, algebraic constant phases, floats)
raises :class:`_Unsupported`, and the caller falls back to SymPy's Berkowitz algorithm.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import sympy as sp

from multiwell.hamiltonian._phases import _phase_terms, _Unsupported

__all__: list[str] = []

_MAX_PACK = 2**62
_MAX_TERMS = 400_000  # of a minor in the Laplace expansion (size guard: memory and time stay bounded)
_MAX_DENOMINATOR = 10**6  # of a phase's rational multiple of a flux (size guard: exponents stay packable)


def _gauge_fix(terms: dict[tuple[int, int], list], n: int) -> dict:
    """Phases after the diagonal unitary that zeroes them on a BFS tree of single-term bonds."""
    chi: list = [None] * n
    for root in range(n):
        if chi[root] is not None:
            continue
        chi[root] = sp.Integer(0)
        queue = deque([root])
        while queue:
            a = queue.popleft()
            for b in range(n):
                if chi[b] is None and len(terms.get((a, b), ())) == 1:
                    chi[b] = sp.expand(chi[a] + terms[(a, b)][0][1])
                    queue.append(b)
    fixed = {}
    for (i, j), ts in terms.items():
        fixed[(i, j)] = [(c, sp.expand(t + chi[i] - chi[j])) for c, t in ts]
    return fixed


def _exact_rational(c: sp.Expr) -> sp.Expr | None:
    """``c`` as a Rational if it is one, also in radical disguise; else ``None``.

    A flux coefficient built from positions with radicals (e.g. a Landau-gauge pentagon, where the
    loop sum of the bond phases is phi written as a sum of nested radicals) is recognised as the
    rational it equals: a candidate with denominator < 10^6 that agrees to 100 significant digits
    (the criterion of :func:`multiwell.hamiltonian._exact_ratio`).
    """
    if c.is_Rational:
        return c
    if c.free_symbols or c.has(sp.Float) or not c.is_number:
        return None
    value = sp.N(c, 110)
    if not value.is_real:
        return None
    if abs(value) < sp.Float(10) ** -100:
        return sp.Integer(0)
    guess = sp.nsimplify(sp.N(value, 60), rational=True, tolerance=sp.Float(10) ** -50)
    if guess.is_Rational and guess.q < 10**6 and abs(value - guess) <= abs(value) * sp.Float(10) ** -100:
        return guess
    return None


def _split_phase(theta: sp.Expr) -> tuple[dict, int]:
    """theta = sum_f r_f f + c  ->  ({f: r_f}, sign e^{ic} = +-1).

    A phase linear in its symbols is collected symbol by symbol, so a flux whose coefficient is a
    rational in disguise (a sum of radicals) gets one generator; an irrational multiple ``a*phi``
    is its own generator. Anything else is split term by term.
    """
    theta = sp.expand(theta)
    fluxes: dict = {}
    symbols = sorted(theta.free_symbols, key=sp.default_sort_key)
    coeffs = {s: theta.coeff(s) for s in symbols}
    const = sp.expand(theta - sp.Add(*(c * s for s, c in coeffs.items())))
    rational = {s: _exact_rational(c) for s, c in coeffs.items()} if symbols else {}
    if symbols and not const.free_symbols and not any(c.free_symbols for c in coeffs.values()) \
            and all(r is not None for r in rational.values()):
        # linear, every coefficient rational (perhaps in radical disguise): one generator per symbol
        for s, r in rational.items():
            fluxes[s] = fluxes.get(s, sp.Integer(0)) + r
    else:
        # term by term: an irrational multiple a*phi is its own generator (as_coeff_Mul strips only
        # the rational factor, so sqrt(2)*phi/8 and sqrt(2)*phi/4 share the generator sqrt(2)*phi)
        const = sp.Integer(0)
        for term in sp.Add.make_args(theta):
            if not term.free_symbols:
                const += term
                continue
            r, f = term.as_coeff_Mul()
            if not r.is_Rational:
                raise _Unsupported(f"phase coefficient {r} is not rational")
            fluxes[f] = fluxes.get(f, 0) + r
    if const == 0:
        return {f: r for f, r in fluxes.items() if r != 0}, 1
    if const.is_Float and abs(const) < 1e-12:
        return {f: r for f, r in fluxes.items() if r != 0}, 1
    ratio = const / sp.pi
    if ratio.is_Integer:
        return {f: r for f, r in fluxes.items() if r != 0}, (-1 if int(ratio) % 2 else 1)
    raise _Unsupported(f"constant loop phase {const}")


def charpoly_fast(M: sp.Matrix, x: sp.Symbol) -> sp.Poly:
    """det(x - M) as a Poly in ``x`` with fluxes folded into cosines, or raise ``_Unsupported``."""
    import flint

    n = M.rows
    terms: dict = {}
    for i in range(n):
        for j in range(n):
            if M[i, j] != 0:
                ts = _phase_terms(M[i, j])
                if ts:
                    terms[(i, j)] = ts
    if any(c.has(sp.Float) for ts in terms.values() for c, _ in ts):
        raise _Unsupported("floating-point entries")
    fixed = _gauge_fix(terms, n)
    # flux basis and integer exponents
    split = {key: [(c, *_split_phase(t)) for c, t in ts] for key, ts in fixed.items()}
    flux_list = sorted({f for ts in split.values() for _, fl, _ in ts for f in fl}, key=sp.default_sort_key)
    L = []
    for f in flux_list:
        dens = [fl[f].q for ts in split.values() for _, fl, _ in ts if f in fl]
        L.append(math.lcm(*dens))
    if any(q > _MAX_DENOMINATOR for q in L):
        from multiwell.errors import SizeLimitError

        f, q = max(zip(flux_list, L, strict=True), key=lambda fq: fq[1])
        raise SizeLimitError(
            f"H: the phases are multiples of {f}/{q}, a denominator above {_MAX_DENOMINATOR} (a float written as "
            "a rational?); build the Hamiltonian with multiwell.hamiltonian(geometry, flux=...), which writes the "
            "phases in a small basis of flux generators, or evaluate numerically with multiwell.to_numpy(H)"
        )
    params = sorted(set().union(*(c.free_symbols for ts in split.values() for c, _, _ in ts)), key=sp.default_sort_key)
    if any(not (p.is_real) for p in params):
        raise _Unsupported("parameters not declared real")
    nf = len(flux_list)
    npar = len(params)
    # entries of A = x - M as {(x, params..., w...) exponents: rational}; rows shifted by w^K_i
    ring = sp.polys.rings.PolyRing(params, sp.QQ) if params else None
    rows: list[dict[int, dict]] = []
    for i in range(n):
        row: dict[int, dict] = {}
        for j in range(n):
            entry: dict = {}
            if i == j:
                entry[(1,) + (0,) * (npar + nf)] = sp.QQ(1)
            for c, fl, sign in split.get((i, j), ()):
                wexp = tuple(int(fl.get(f, 0) * L[k]) for k, f in enumerate(flux_list))
                try:
                    pe = ring.from_expr(c) if ring is not None else None
                except (ValueError, sp.CoercionFailed) as exc:
                    raise _Unsupported(f"entry coefficient {c} is not a polynomial over QQ") from exc
                items = pe.items() if pe is not None else [((), sp.QQ.from_sympy(c))] if c.is_Rational else None
                if items is None:
                    raise _Unsupported(f"entry coefficient {c}")
                for mon, coef in items:
                    key = (0, *mon, *wexp)
                    entry[key] = entry.get(key, 0) - sign * coef
            entry = {k: v for k, v in entry.items() if v != 0}
            if entry:
                row[j] = entry
        rows.append(row)
    shifts = []
    for row in rows:
        shift = [0] * nf
        for entry in row.values():
            for key in entry:
                for k in range(nf):
                    shift[k] = max(shift[k], -key[1 + npar + k])
        shifts.append(shift)
    _check_hermitian(split, n)
    nvars = 1 + npar + nf
    bound = [0] * nvars
    for i, row in enumerate(rows):
        rowmax = [0] * nvars
        for entry in row.values():
            for key in entry:
                for v in range(nvars):
                    e = key[v] + (shifts[i][v - 1 - npar] if v > npar else 0)
                    rowmax[v] = max(rowmax[v], e)
        for v in range(nvars):
            bound[v] += rowmax[v]
    base = [b + 1 for b in bound]
    # Kronecker groups over the variables in the order x, w..., params...; inside a group the
    # first variable is the most significant digit, so flint's lex order lists the terms by
    # descending power of x.
    order = [0, *range(1 + npar, nvars), *range(1, 1 + npar)]
    groups: list[list[int]] = [[]]
    size = 1
    for v in order:
        if size * base[v] >= _MAX_PACK and groups[-1]:
            groups.append([])
            size = 1
        groups[-1].append(v)
        size *= base[v]
    radix = [0] * nvars
    for g in groups:
        r = 1
        for v in reversed(g):
            radix[v] = r
            r *= base[v]
    integral = all(v.denominator == 1 for row in rows for entry in row.values() for v in entry.values())
    names = tuple(f"z{k}" for k in range(len(groups)))
    ctx = (flint.fmpz_mpoly_ctx if integral else flint.fmpq_mpoly_ctx).get(names, "lex")

    def packed(key, i):
        out = [0] * len(groups)
        for gi, g in enumerate(groups):
            out[gi] = sum((key[v] + (shifts[i][v - 1 - npar] if v > npar else 0)) * radix[v] for v in g)
        return tuple(out)

    def conv(c):
        return flint.fmpz(int(c.numerator)) if integral else flint.fmpq(int(c.numerator), int(c.denominator))

    A = [[None] * n for _ in range(n)]
    for i, row in enumerate(rows):
        for j, entry in row.items():
            A[i][j] = ctx.from_dict({packed(k, i): conv(v) for k, v in entry.items()})
    det = _laplace_det(A, n, ctx)
    total_shift = [sum(s[k] for s in shifts) for k in range(nf)]
    if det.is_zero():
        raise _Unsupported("zero determinant")
    return Poly._lazy(lambda: _to_sympy(det, x, params, flux_list, L, groups, radix, base, total_shift, integral),
                      x, det)


class Poly(sp.Poly):
    r"""A SymPy ``Poly`` whose representation is built from python-flint's determinant on first use.

    ``characteristic_polynomial`` returns this: the determinant (python-flint, Kronecker-packed
    exponents) is the expensive algebra and is done at once; unpacking it into SymPy's
    representation (for a ring of 16 with distinct symbols, 1.3 million terms, ~10x the
    determinant's time) happens only when the polynomial is first used (its ``rep`` read). It is
    an ordinary ``sympy.Poly`` in every other respect; operations return ordinary ``Poly`` objects
    of this class with their representation set. ``flint_determinant`` keeps python-flint's
    polynomial (packed variables, see :func:`charpoly_fast`); ``None`` once built otherwise.
    """

    __slots__ = ("_build", "_rep", "flint_determinant")

    @classmethod
    def _lazy(cls, build, x, det):
        obj = sp.Basic.__new__(cls)
        obj._rep, obj._build, obj.flint_determinant = None, build, det
        obj.gens = (x,)
        return obj

    @classmethod
    def new(cls, rep, *gens):
        obj = super().new(rep, *gens)
        obj._build = None
        obj.flint_determinant = None
        return obj

    @property
    def rep(self):
        if self._rep is None:
            self._rep = self._build().rep
            self._build = None
        return self._rep

    @rep.setter
    def rep(self, value):
        self._rep = value

    @property
    def is_built(self) -> bool:
        """Whether the SymPy representation exists yet (False until the polynomial is first used)."""
        return self._rep is not None


def _check_hermitian(split: dict, n: int) -> None:
    """Entry (j, i) must be the conjugate of (i, j): coefficients equal, fluxes and signs mirrored."""
    def norm(ts, mirror):
        out = {}
        for c, fl, sign in ts:
            key = (tuple(sorted(((f, -r if mirror else r) for f, r in fl.items()), key=sp.default_sort_key)))
            out[key] = out.get(key, 0) + sign * c
        return {k: sp.expand(v) for k, v in out.items() if sp.expand(v) != 0}

    for i in range(n):
        for j in range(i, n):
            if norm(split.get((i, j), ()), False) != norm(split.get((j, i), ()), True):
                raise _Unsupported(f"entries ({i}, {j}) and ({j}, {i}) are not complex conjugates")


def _laplace_det(A, n, ctx):
    """Division-free determinant: Laplace expansion along rows, memoised on the used columns."""
    zero = ctx.from_dict({})
    one = ctx.from_dict({(0,) * ctx.nvars(): 1})
    nonzero = [[c for c in range(n) if A[r][c] is not None] for r in range(n)]
    memo: dict[int, object] = {}
    full = (1 << n) - 1

    def minor(mask: int, r: int):
        if r == n:
            return one
        got = memo.get(mask)
        if got is not None:
            return got
        total = zero
        free = full & ~mask
        for c in nonzero[r]:
            if mask >> c & 1:
                continue
            sub = minor(mask | (1 << c), r + 1)
            if sub.is_zero():
                continue
            term = A[r][c] * sub
            if bin(free & ((1 << c) - 1)).count("1") % 2:
                total -= term
            else:
                total += term
        if len(total) > _MAX_TERMS:
            from multiwell.errors import SizeLimitError

            raise SizeLimitError(
                f"H: a {n - r}x{n - r} minor of the characteristic matrix already has {len(total)} terms "
                f"(limit {_MAX_TERMS}); give numbers for some parameters (hamiltonian(..., energies=[0] * n), "
                "H.subs({...})) or take numeric levels with H.eigvalsh(values) / multiwell.to_numpy(H)"
            )
        memo[mask] = total
        return total

    return minor(0, 0)


def _to_sympy(det, x, params, flux_list, L, groups, radix, base, total_shift, integral) -> sp.Poly:
    """Unpack the Kronecker exponents, fold w^k + w^-k -> 2 cos, and build the SymPy Poly."""
    npar, nf = len(params), len(flux_list)
    nvars = 1 + npar + nf
    coeffs = det.coeffs()
    if not coeffs:
        raise _Unsupported("zero determinant")
    monoms = det.monoms()
    nterms = len(monoms)
    digits = np.empty((nterms, nvars), dtype=np.int64)
    for gi, g in enumerate(groups):
        col = np.fromiter((int(m[gi]) for m in monoms), dtype=np.int64, count=nterms)
        for v in g:
            digits[:, v] = (col // radix[v]) % base[v]
    cf = np.empty(nterms, dtype=object)
    cf[:] = coeffs
    trig: list[sp.Expr] = []
    out_cols = [digits[:, 1 + p] for p in range(npar)]
    if nf:
        k = digits[:, 1 + npar:] - np.asarray(total_shift, dtype=np.int64)
        nz = k != 0
        first = nz.argmax(axis=1)
        sgn = np.sign(k[np.arange(nterms), first])
        keep = sgn >= 0  # the k < 0 half mirrors the k > 0 half (checked on the entries)
        span = [2 * int(t) + 2 * int(b) + 1 for t, b in zip(total_shift, base[1 + npar:], strict=True)]
        first_idx, inverse = _unique_rows(k[keep], span)
        kk = k[keep][first_idx]
        angles = [sp.Add(*(int(u[f]) * flux_list[f] / L[f] for f in range(nf))) for u in kk]
        cos_of = {idx: sp.cos(a) for idx, a in enumerate(angles) if a != 0}
        # a nonzero k whose angle is 0 (generators related by an irrational factor) is w^k + w^-k = 2
        zero_angle = np.array([a == 0 and bool(np.any(u)) for a, u in zip(angles, kk, strict=True)], dtype=bool)
        trig = sorted(set(cos_of.values()), key=sp.default_sort_key)
        where = {c: t for t, c in enumerate(trig)}
        col_of = np.full(len(first_idx), -1, dtype=np.int64)
        for idx, c in cos_of.items():
            col_of[idx] = where[c]
        tcol = col_of[np.asarray(inverse).reshape(-1)]
        cf = cf[keep]
        doubled = (tcol >= 0) | zero_angle[np.asarray(inverse).reshape(-1)]
        cf[doubled] = cf[doubled] * 2
        out_cols = [c[keep] for c in out_cols] + [(tcol == t).astype(np.int64) for t in range(len(trig))]
        xdeg = digits[keep, 0]
    else:
        xdeg = digits[:, 0]
    gens = tuple(params) + tuple(trig)
    dom = sp.ZZ if integral else sp.QQ
    K = dom[gens] if gens else dom
    keys = _tuples(out_cols, len(cf))
    degree = int(xdeg[0])  # lex order: descending powers of x
    bounds = [*np.searchsorted(-xdeg, np.arange(-degree, 1), side="left").tolist(), len(cf)]
    polys = []
    for d in range(degree + 1):
        lo, hi = bounds[d], bounds[d + 1]
        if gens:
            terms = dict(zip(keys[lo:hi], cf[lo:hi].tolist(), strict=True))
            if len(terms) < hi - lo:  # equal cosines from different phase vectors: sum, never overwrite
                terms = {}
                for key, c in zip(keys[lo:hi], cf[lo:hi].tolist(), strict=True):
                    terms[key] = terms.get(key, 0) + c
                terms = {key: c for key, c in terms.items() if c != 0}
            polys.append(K.ring.dtype(terms))
        else:
            polys.append(K(sum(cf[lo:hi].tolist()) if hi > lo else 0))
    return sp.Poly.from_list(polys, x, domain=K)


def _unique_rows(rows: np.ndarray, span: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """First index of each distinct row of ``rows`` and the inverse map; |entries| < span // 2.

    Rows are encoded as one mixed-radix int64 when the radix product fits (fast); otherwise
    they are compared as rows, so codes never wrap around and merge distinct phase vectors.
    """
    if math.prod(span) < 2**63:
        code = np.zeros(len(rows), dtype=np.int64)
        for f, s in enumerate(span):
            code = code * s + (rows[:, f] + s // 2)
        _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    return first, np.asarray(inverse).reshape(-1)


def _tuples(cols: list[np.ndarray], nrows: int) -> list[tuple]:
    """Row tuples of the integer columns, built from per-chunk lookup tables (fast for many rows)."""
    if not cols:
        return [()] * nrows
    chunks: list[list[int]] = [[]]
    size = 1
    bases = [int(c.max()) + 1 if nrows else 1 for c in cols]
    for c, b in enumerate(bases):
        if size * b >= _MAX_PACK and chunks[-1]:
            chunks.append([])
            size = 1
        chunks[-1].append(c)
        size *= b
    parts = []
    for chunk in chunks:
        code = np.zeros(nrows, dtype=np.int64)
        for c in chunk:
            code = code * bases[c] + cols[c]
        _, idx, inv = np.unique(code, return_index=True, return_inverse=True)
        rows = np.stack([cols[c][idx] for c in chunk], axis=1).tolist()
        table = [tuple(r) for r in rows]
        parts.append([table[i] for i in np.asarray(inv).reshape(-1).tolist()])
    if len(parts) == 1:
        return parts[0]
    out = parts[0]
    for p in parts[1:]:
        out = [a + b for a, b in zip(out, p, strict=True)]
    return out
