r"""Limits: eigenvalue series in small parameters and effective Hamiltonians.

The chosen ``small`` parameters are scaled by a bookkeeping :math:`\varepsilon`,
:math:`H(\varepsilon) = H_0 + \varepsilon H_1 + \varepsilon^2H_2+\dots` (entries that are
not polynomial in :math:`\varepsilon`, such as Peierls factors of a small flux, are
expanded), and quasi-degenerate perturbation theory block-diagonalises
:math:`H(\varepsilon)` in the eigenspaces of :math:`H_0`. The block diagonalisation is
pymablock's (arbitrary order, peer reviewed); this module adds the unperturbed basis
(exact eigenspaces of :math:`H_0`, orthonormalised), the bookkeeping, the per-parameter
truncation, and the two-level parameters of an effective doublet.

A degenerate level's series is the set of eigenvalues of its effective block, which
*is* analytic in :math:`\varepsilon`; its eigenvalues generally are not (they contain square
roots, e.g. the 3-well's ground doublet, Eq. 13). Each eigenvalue of the truncated block
differs from an exact eigenvalue by :math:`O(\varepsilon^{n+1})` (Weyl's inequality).

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

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from .errors import ParameterError
from .hamiltonian import Hamiltonian

__all__ = ["effective_hamiltonian", "effective_two_level", "eigenvalue_series", "reduce", "unperturbed_levels"]


def _matrix(H) -> sp.Matrix:
    return sp.Matrix(H.matrix if isinstance(H, Hamiltonian) else H)


def _orders(small, order) -> tuple[list[sp.Symbol], int, dict]:
    small = list(small) if isinstance(small, Sequence | set | tuple) else [small]
    if not small:
        raise ParameterError("small: expected at least one small parameter")
    if isinstance(order, Mapping):
        per = {sp.sympify(k): int(v) for k, v in order.items()}
        unknown = [k for k in per if k not in small]
        if unknown:
            raise ParameterError(f"order: symbols {unknown} are not among the small parameters {small}")
        total = sum(per.get(s, 0) for s in small)
    else:
        if isinstance(order, bool) or not isinstance(order, int) or order < 0:
            raise ParameterError(f"order: expected a non-negative integer or a mapping, got {order!r}")
        total, per = order, {}
    return small, total, per


def _check_small(M: sp.Matrix, small) -> None:
    free = M.free_symbols
    for s in small:
        if not isinstance(s, sp.Symbol):
            raise ParameterError(f"small: expected SymPy symbols, got {s!r}")
        if s not in free:
            raise ParameterError(f"small: {s} does not appear in the Hamiltonian (its symbols: {sorted(free, key=str)})")


def _sample_point(symbols, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    return {s: (rng.uniform(0.5, 1.5) if s.is_positive else rng.uniform(-1, 1)) for s in symbols}


def unperturbed_levels(H0: sp.Matrix) -> list[tuple[sp.Expr, sp.Matrix]]:
    """The distinct eigenvalues of ``H0`` with orthonormal bases of their eigenspaces, ascending.

    The order is decided at a generic numeric point of the remaining parameters
    (positive symbols positive), which is the order for every point of that region
    where no two levels cross.
    """
    levels = []
    for value, mult, vectors in sp.Matrix(H0).eigenvects(simplify=True):
        basis = sp.GramSchmidt([sp.Matrix(v) for v in vectors], orthonormal=True)
        basis = [v.applyfunc(sp.radsimp) for v in basis]
        if len(basis) != mult:
            raise ParameterError("H: the unperturbed Hamiltonian is not diagonalisable (not Hermitian?)")
        levels.append((sp.radsimp(value), sp.Matrix.hstack(*basis)))
    point = _sample_point(set().union(*(sp.sympify(v).free_symbols for v, _ in levels)))
    levels.sort(key=lambda lv: float(sp.re(sp.N(lv[0].xreplace(point)))))
    return levels


def _block_diagonal(H, small, total: int, subspaces=None):
    """pymablock on H with small -> eps*small; returns (levels, H_tilde, eps)."""
    from pymablock import block_diagonalize

    M = _matrix(H)
    _check_small(M, small)
    eps = sp.Dummy("epsilon", positive=True)
    scaled = M.xreplace({s: eps * s for s in small})
    H0 = scaled.xreplace({eps: 0})
    levels = unperturbed_levels(H0) if subspaces is None else subspaces
    vectors = [basis for _, basis in levels]
    if len(vectors) == 1:
        # nothing to decouple: the whole space is one degenerate level
        return levels, None, eps, scaled
    H_tilde, _, _ = block_diagonalize(scaled, symbols=[eps], subspace_eigenvectors=vectors)
    return levels, H_tilde, eps, scaled


def _block(H_tilde, b: int, total: int, eps, levels, scaled) -> sp.Matrix:
    if H_tilde is None:
        # one level: the effective Hamiltonian is the matrix itself, expanded in eps
        basis = levels[0][1]
        full = basis.H * scaled * basis
        return full.applyfunc(lambda z: sp.series(z, eps, 0, total + 1).removeO() if z.has(eps) else z)
    out = sp.zeros(levels[b][1].shape[1])
    for k in range(total + 1):
        term = sp.Matrix(H_tilde[b, b, k])
        out += term if term.has(eps) or k == 0 else term * eps**k  # pymablock keeps eps^k in the terms
    return out


def _truncate(expr: sp.Expr, eps, total: int, small, per: Mapping) -> sp.Expr:
    expr = sp.expand(expr)
    keep = []
    for term in sp.Add.make_args(expr):
        degree = sp.degree(term, eps) if term.has(eps) else 0
        if degree > total:
            continue
        if per and any(sp.degree(term, s) > per.get(s, 0) for s in small if term.has(s)):
            continue
        keep.append(term)
    return sp.Add(*keep).xreplace({eps: 1})


def effective_hamiltonian(H, *, small, subspace=0, order: int | Mapping = 2) -> sp.Matrix:
    r"""The effective Hamiltonian of one unperturbed level (quasi-degenerate perturbation theory).

    Parameters
    ----------
    H
        A :class:`~multiwell.hamiltonian.Hamiltonian` or Hermitian SymPy matrix.
    small
        The small parameters (symbols); the unperturbed Hamiltonian is ``H`` with them set to 0.
    subspace
        Which unperturbed level: an index into :func:`unperturbed_levels` (0 = lowest).
    order
        Total order in the small parameters, or ``{symbol: order}`` per parameter.

    Returns
    -------
    sympy.Matrix
        In the orthonormal eigenbasis of that level (``unperturbed_levels(H0)[subspace][1]``).

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
    small, total, per = _orders(small, order)
    levels, H_tilde, eps, scaled = _block_diagonal(H, small, total)
    if not (isinstance(subspace, int) and 0 <= subspace < len(levels)):
        raise ParameterError(f"subspace: expected a level index 0..{len(levels) - 1}, got {subspace!r}")
    block = _block(H_tilde, subspace, total, eps, levels, scaled)
    return block.applyfunc(lambda z: _truncate(z, eps, total, small, per))


def eigenvalue_series(H, *, small, order: int | Mapping = 2) -> list[sp.Expr]:
    r"""Each eigenvalue of ``H`` to ``order`` in the ``small`` parameters, ascending by unperturbed level.

    Returns SymPy expressions in the original parameters (bookkeeping :math:`\varepsilon = 1`).
    A non-degenerate level gives its Rayleigh–Schrödinger series; an ``m``-fold degenerate level
    gives the ``m`` eigenvalues of its effective block (closed forms: :func:`multiwell.roots`),
    ascending within the level.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> EL, ER = sp.symbols("E_L E_R", real=True)
    >>> s = eigenvalue_series(hamiltonian(double_well()), small=[EL, ER], order=2)
    >>> sp.factor(s[1] - s[0])   # the gap: 2 Delta_0 + (E_L - E_R)^2 / (4 Delta_0)
    (8*Delta_0**2 + E_L**2 - 2*E_L*E_R + E_R**2)/(4*Delta_0)
    """
    from .spectrum import roots

    small, total, per = _orders(small, order)
    levels, H_tilde, eps, scaled = _block_diagonal(H, small, total)
    out = []
    for b, (_value, basis) in enumerate(levels):
        block = _block(H_tilde, b, total, eps, levels, scaled).applyfunc(lambda z: _truncate(z, eps, total, small, per))
        if block.shape == (1, 1):
            out.append(sp.expand(block[0, 0]))
        else:
            x = sp.Dummy("x")
            poly = sp.Poly((x * sp.eye(block.shape[0]) - block).det(method="berkowitz"), x)
            out.extend(sp.radsimp(r) for r in roots(poly))
    return out


def effective_two_level(H, *, small, subspace=0, order: int | Mapping = 2) -> dict[str, sp.Expr]:
    r"""Two-level parameters of a doublet's effective Hamiltonian :math:`\begin{pmatrix}a&b\\ \bar b&d\end{pmatrix}`.

    Returns ``{"asymmetry": a - d, "tunnelling": 2|b|, "gap": sqrt((a-d)^2 + 4|b|^2), "centre": (a+d)/2}``
    in the orthonormal basis of :func:`unperturbed_levels` (the gap does not depend on the basis).
    """
    block = effective_hamiltonian(H, small=small, subspace=subspace, order=order)
    if block.shape != (2, 2):
        raise ParameterError(f"subspace: level {subspace} is {block.shape[0]}-fold degenerate, expected a doublet")
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
