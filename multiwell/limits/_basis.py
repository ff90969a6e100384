r"""The exact eigenbasis of an unperturbed Hamiltonian :math:`H_0` and its levels (private).

Fourier modes when :math:`H_0` is invariant under a cyclic relabelling of the wells, standing
waves for a uniform chain, SymPy's eigenvectors otherwise (refused when a level is a root of an
irreducible cubic or higher); the grouping of equal eigenvalues into levels, decided exactly or
at generic numeric points of the parameters. Used by :mod:`multiwell.limits` and
:mod:`multiwell.limits._perturbation`.
"""

from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from multiwell.errors import ParameterError


def _sample_point(symbols, seed: int = 7) -> dict:
    """A generic point: positive symbols in [0.5, 1.5], other symbols in [-1, 1], drawn in name order."""
    rng = np.random.default_rng(seed)
    out = {}
    for s in sorted(symbols, key=str):
        out[s] = rng.uniform(0.5, 1.5) if s.is_positive else rng.uniform(-1, 1)
    return out


def _value_at(expr, point) -> float:
    return float(sp.re(sp.N(sp.sympify(expr).xreplace(point), 30)))


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
    from multiwell.spectrum._roots import _factor_list

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
