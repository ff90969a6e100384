"""The public functions of :mod:`multiwell.limits`: eigenvalue series, effective Hamiltonians of a near-degenerate
subspace (quasi-degenerate perturbation theory), the unperturbed levels and `reduce`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from multiwell._validate import hermitian_matrix
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian
from multiwell.limits._basis import _exact_basis, _group_levels, _real_form, _same_symbolic, _sample_point, _value_at
from multiwell.limits._cyclotomic import _NotCyclotomic
from multiwell.limits._perturbation import _Problem
from multiwell.limits._truncation import _orders

__all__ = ["effective_hamiltonian", "effective_two_level", "eigenvalue_series", "reduce", "unperturbed_levels"]

_CACHE: dict = {}
_CACHE_SIZE = 16


# -- input ------------------------------------------------------------------------------------------------
def _matrix(H) -> sp.Matrix:
    return sp.Matrix(hermitian_matrix(H, name="H"))


def _check_small(M: sp.Matrix, small) -> None:
    free = M.free_symbols
    for s in small:
        if s not in free:
            names = ", ".join(str(x) for x in sorted(free, key=str))
            raise ParameterError(f"small: {s} does not appear in the Hamiltonian (its symbols: {names})")


# -- unperturbed levels ----------------------------------------------------------------------------------
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


# -- the cached problem ---------------------------------------------------------------------------------
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
    >>> sp.expand(two["gap"] ** 2
    ...           - sp.Rational(4, 9) * ((E[0] - E[1]) ** 2 + (E[1] - E[2]) ** 2 + (E[2] - E[0]) ** 2) / 2)
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
    drop = list(drop) if isinstance(drop, Sequence | set | tuple) and not isinstance(drop, str) else [drop]
    if not isinstance(H, Hamiltonian):
        H = Hamiltonian.from_matrix(H)
    unknown = [s for s in drop if s not in H.symbols]
    if unknown:
        raise ParameterError(f"drop: {unknown} are not symbols of this Hamiltonian ({H.symbols})")
    return H.subs({s: 0 for s in drop})
