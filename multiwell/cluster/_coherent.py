r"""The coherent reduction: the fictitious particle's coupling and Hamiltonian, four ways (Eqs. 45, 46, 48, 50, 51).

:func:`coherent_coupling` and :func:`coherent_hamiltonian` reduce :math:`H_N` to the coherent states
:math:`|aa\dots a\rangle` by one of :data:`METHODS`: ``"literal"`` (the matrix elements of Eq. 51), ``"paper"``
(what the paper states), ``"perturbative"`` (:mod:`multiwell.cluster._perturbative`) or ``"exact"``
(:mod:`multiwell.cluster._exact`); :func:`identical_double_well_coupling` is the closed form
:math:`t_N = N\Delta_0(-\Delta_0/U)^{N-1}/(N-1)!`, :func:`scaling_exponent` fits the power law of the exact coupling.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from multiwell._validate import as_basic, as_expr
from multiwell.cluster._exact import _exact_effective
from multiwell.cluster._model import U, _check_coupling, _check_n, _Cluster, _cluster
from multiwell.cluster._perturbative import _distance_matrix, _path_sum, _pymablock_effective, _second_order_diagonal
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian

__all__ = [
    "METHODS",
    "coherent_coupling",
    "coherent_hamiltonian",
    "identical_double_well_coupling",
    "scaling_exponent",
]

METHODS = ("literal", "paper", "perturbative", "exact")
# (documented where it is public: multiwell.cluster.METHODS)

MIN_COHERENT_WEIGHT = 0.5
"""``"exact"`` warns when a low-lying state has less weight than this in the coherent subspace."""


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise ParameterError(f"method: expected one of {METHODS}, got {method!r}")
    return method


def _check_wells(c: _Cluster, wells) -> tuple[int, int]:
    try:
        a, b = (int(w) for w in wells)
    except (TypeError, ValueError):
        raise ParameterError(f"wells: expected a pair of well indices (a, b), got {wells!r}") from None
    if not (0 <= a < c.n and 0 <= b < c.n) or a == b:
        raise ParameterError(f"wells: expected two different well indices in 0..{c.n - 1}, got {wells!r}")
    return a, b


def coherent_coupling(
    single: Hamiltonian,
    n_particles: int,
    *,
    coupling=U,
    method: str = "perturbative",
    wells: Sequence[int] = (0, 1),
    order: int | None = None,
    values: Mapping | None = None,
    distinct: bool = False,
):
    r"""Return the effective tunnelling :math:`\langle bb\dots b|H_{\rm eff}|aa\dots a\rangle` between coherent states.

    Parameters
    ----------
    single, n_particles, coupling, distinct
        As in :func:`cluster_hamiltonian`.
    method
        ``"literal"`` (Eq. 51 read literally: zero for :math:`N\ge2`), ``"paper"`` (what the paper
        states: :math:`\sum_i\langle b|h_i|a\rangle`), ``"perturbative"`` (quasi-degenerate
        perturbation theory in the hopping, symbolic) or ``"exact"`` (numeric, exact
        diagonalisation; needs ``values``).
    wells
        ``(a, b)``, the wells of the two coherent states (default the first two).
    order
        ``"perturbative"`` only. ``None``: the lowest non-vanishing order (a sum over shortest
        paths when the two coherent states are degenerate, else pymablock at that order);
        an integer: the pymablock Schrieffer–Wolff result summed through that order.
    values
        ``"exact"`` only: ``{symbol: number}`` for every symbol.

    Returns
    -------
    sympy.Expr or complex or float
        Symbolic for the first three methods; a float (complex with a flux) for ``"exact"``.

    Notes
    -----
    Paper Eq. 51 defines :math:`D_0=\langle a'\dots a'|H_N|a\dots a\rangle` and Eqs. 45, 48
    state it equals :math:`\sum_i\Delta_{0i}`. For :math:`N\ge2` the literal element is zero
    (each term of :math:`H_N` moves at most one particle). The coherent states couple at order
    :math:`L=\sum_i d(a,b)` in the hopping; for degenerate coherent states

    .. math:: t = \sum_{\text{paths}}\frac{\prod_{s=1}^{L} V_{k_s k_{s-1}}}
              {\prod_{s=1}^{L-1}(E_P - E_{k_s})},

    which for :math:`N` identical symmetric double wells is
    :math:`t_N = N\Delta_0(-\Delta_0/U)^{N-1}/(N-1)!` (:func:`identical_double_well_coupling`).
    ``"exact"`` takes the des Cloizeaux effective Hamiltonian of the :math:`n` lowest states
    (identical particles: in the permutation-symmetric sector, which holds the coherent states,
    with mpmath at :math:`25+N\log_{10}(\text{scale}/\text{hop})` digits; distinct particles: the full
    space in float64, so couplings below ~1e-15 of the spectral width are noise):
    with :math:`B_{cm}=\langle c\dots c|\psi_m\rangle = W\Sigma X^\dagger`,
    :math:`H_{\rm eff}=(WX^\dagger)\,\mathrm{diag}(E_m)\,(WX^\dagger)^\dagger`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> h = hamiltonian(double_well(), energies=[0, 0])
    >>> D = h.hoppings[0]
    >>> coherent_coupling(h, 2, method="paper"), coherent_coupling(h, 2, method="literal")
    (2*Delta_0, 0)
    >>> coherent_coupling(h, 2, method="perturbative")
    -2*Delta_0**2/U
    >>> round(coherent_coupling(h, 2, method="exact", values={D: 0.01, U: 1}), 8)  # -(sqrt(U^2+16D^2)-U)/4
    -0.00019992
    """
    _check_method(method)
    c = _cluster(single, n_particles, coupling, distinct)
    a, b = _check_wells(c, wells)
    if method == "exact":
        if values is None:
            raise ParameterError("values: method='exact' needs {symbol: number} for every symbol")
        Heff, _, weight = _exact_effective(c, values)
        _warn_weight(weight)
        t = Heff[b, a]
        return float(t.real) if abs(t.imag) <= 1e-14 * max(abs(t), 1e-300) else complex(t)
    if method == "literal":
        return c.element((b,) * c.N, (a,) * c.N)
    if method == "paper":
        return sp.Add(*(blk[b, a] for blk in c.blocks))
    if order is not None:
        if not isinstance(order, int) or order < 0:
            raise ParameterError(f"order: expected a non-negative integer, got {order!r}")
        terms = _pymablock_effective(c, order)
        return sp.factor(sp.together(sp.Add(*(T[b, a] for T in terms))))
    found = _path_sum(c, a, b)
    if found is not None:
        return found[0]
    L = sum(int(_distance_matrix(c, i)[a, b]) for i in range(c.N))
    terms = _pymablock_effective(c, L)
    return sp.factor(sp.together(terms[L][b, a]))


def _warn_weight(weight: float) -> None:
    if weight < MIN_COHERENT_WEIGHT:
        warnings.warn(
            f"exact: a low-lying state has only {weight:.3g} of its weight on the coherent states "
            "(expected a coupling U large against the hoppings); the effective coherent Hamiltonian "
            "is then not a good description",
            RuntimeWarning,
            stacklevel=3,
        )


def coherent_hamiltonian(
    single: Hamiltonian,
    n_particles: int,
    *,
    coupling=U,
    method: str = "perturbative",
    order: int | None = None,
    values: Mapping | None = None,
    distinct: bool = False,
):
    r"""Return the fictitious particle's Hamiltonian: :math:`H_N` reduced to the coherent states.

    A matrix over :math:`|11\dots1\rangle,|22\dots2\rangle,\dots` (the wells of ``single`` in order).

    Parameters
    ----------
    method
        As in :func:`coherent_coupling`. For ``"perturbative"`` with ``order=None`` the diagonal is
        taken through second order and each off-diagonal element at its lowest non-vanishing
        order; with an integer ``order`` every element is the pymablock result through it.

    Returns
    -------
    sympy.Matrix or numpy.ndarray
        ``n x n``; a NumPy array for ``"exact"``.

    Notes
    -----
    Paper Eqs. 46, 50, 51: :math:`E_A=\langle A\dots A|H_N|A\dots A\rangle=\sum_iE_{iA}-\tfrac{N(N-1)}2U`
    (literal, correct at zeroth order) and the coupling of :func:`coherent_coupling`. The second-order
    diagonal shift is :math:`\sum_k|V_{kA}|^2/(E_A-E_k)`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> Delta = sp.Symbol("Delta", real=True)
    >>> h = hamiltonian(double_well(), energies=[Delta, -Delta])
    >>> coherent_hamiltonian(h, 2, method="paper")
    Matrix([
    [2*Delta - U,    2*Delta_0],
    [  2*Delta_0, -2*Delta - U]])
    """
    _check_method(method)
    c = _cluster(single, n_particles, coupling, distinct)
    n = c.n
    if method == "exact":
        if values is None:
            raise ParameterError("values: method='exact' needs {symbol: number} for every symbol")
        Heff, _, weight = _exact_effective(c, values)
        _warn_weight(weight)
        return Heff
    coherent = [(a,) * c.N for a in range(n)]
    if method == "literal":
        return sp.Matrix(n, n, lambda i, j: c.element(coherent[i], coherent[j]))
    if method == "paper":
        return sp.Matrix(n, n, lambda i, j: c.diagonal(coherent[i]) if i == j
                         else sp.Add(*(blk[i, j] for blk in c.blocks)))
    if order is not None:
        if not isinstance(order, int) or order < 0:
            raise ParameterError(f"order: expected a non-negative integer, got {order!r}")
        terms = _pymablock_effective(c, order)
        total = terms[0]
        for T in terms[1:]:
            total = total + T
        return total.applyfunc(lambda x: sp.factor(sp.together(x)))
    M = sp.zeros(n, n)
    for a in range(n):
        M[a, a] = c.diagonal(coherent[a]) + sp.factor(sp.together(_second_order_diagonal(c, a)))
    for a in range(n):
        for b in range(a + 1, n):
            t = coherent_coupling(single, c.N, coupling=c.U, method="perturbative", wells=(a, b), distinct=distinct)
            M[b, a] = t
            M[a, b] = sp.conjugate(t)
    return M


def identical_double_well_coupling(
    n_particles: int, *, hopping=sp.Symbol("Delta_0", positive=True), coupling=U
) -> sp.Expr:
    r"""Return :math:`t_N = N\Delta_0\,(-\Delta_0/U)^{N-1}/(N-1)!`: identical symmetric double wells, closed form.

    Derived by hand (not by the path sum): with :math:`k` particles moved, the unperturbed
    energy is :math:`-U[\binom k2+\binom{N-k}2]`, so the denominator is :math:`-Uk(N-k)`;
    the :math:`N!` orders in which the particles move all contribute
    :math:`\Delta_0^N/\prod_{k=1}^{N-1}(-Uk(N-k)) = \Delta_0^N/((-U)^{N-1}(N-1)!^2)`.

    Examples
    --------
    >>> identical_double_well_coupling(1)
    Delta_0
    >>> identical_double_well_coupling(4)
    -2*Delta_0**4/(3*U**3)
    """
    N = _check_n(n_particles)
    D, Uc = as_expr(hopping, name="hopping"), _check_coupling(coupling)
    return N * D * (-D / Uc) ** (N - 1) / sp.factorial(N - 1)


def scaling_exponent(
    single: Hamiltonian,
    n_particles: int,
    *,
    parameter: sp.Symbol,
    values: Mapping,
    coupling=U,
    wells: Sequence[int] = (0, 1),
    factors: Sequence[float] = (1.0, 0.8, 0.64, 0.512, 0.4096),
    distinct: bool = False,
) -> float:
    r"""Return the exponent :math:`p` of :math:`|t_{\rm exact}|\propto x^p` over ``x = values[parameter] * factors``.

    A least-squares slope of :math:`\ln|t|` against :math:`\ln x`, from the ``"exact"`` coupling.
    For identical symmetric double wells, :math:`p=N` for :math:`x=\Delta_0` and :math:`p=1-N` for
    :math:`x=U`, up to corrections of relative order :math:`(\Delta_0/U)^2`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> h = hamiltonian(double_well(), energies=[0, 0])
    >>> D = h.hoppings[0]
    >>> round(scaling_exponent(h, 3, parameter=D, values={D: 0.02, U: 1}), 2)
    3.0
    """
    parameter = as_basic(parameter, name="parameter", expected="a symbol")
    if parameter not in values:
        raise ParameterError(f"parameter: {parameter} has no value in values")
    x0 = float(values[parameter])
    xs, ts = [], []
    for f in factors:
        v = dict(values)
        v[parameter] = x0 * f
        ts.append(abs(coherent_coupling(single, n_particles, coupling=coupling, method="exact",
                                        wells=wells, values=v, distinct=distinct)))
        xs.append(x0 * f)
    slope, _ = np.polyfit(np.log(xs), np.log(ts), 1)
    return float(slope)
