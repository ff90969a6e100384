r"""The cluster model: :math:`N` coupled copies of a single-particle Hamiltonian in the product basis (Eqs. 44, 47, 49).

:class:`_Cluster` holds the particles' single-particle matrices and the pair coupling :math:`U` and gives matrix
elements, one-particle moves and the diagonal :math:`\sum_i E_{ia_i} - U\,\#\{\text{pairs in one well}\}` of
a product state :math:`|a_1\dots a_N\rangle` without building a matrix; :func:`cluster_hamiltonian` builds the
symbolic matrix (up to ``MAX_SYMBOLIC_DIMENSION``), :func:`cluster_basis` and :func:`coherent_index` name its
basis, :func:`particle_symbol` renames each particle's parameters. The argument checks shared by the package are
here too.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from multiwell._validate import as_basic, as_expr
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian

__all__ = ["U", "cluster_basis", "cluster_hamiltonian", "coherent_index", "particle_symbol"]

U = sp.Symbol("U", positive=True)
# (documented where it is public: multiwell.cluster.U)

MAX_SYMBOLIC_DIMENSION = 1024
"""Largest product-space dimension :func:`cluster_hamiltonian` builds as a dense SymPy matrix."""


# -- the cluster model ----------------------------------------------------------------------------------
def particle_symbol(symbol: sp.Symbol, particle: int) -> sp.Symbol:
    r"""Return particle ``particle``'s copy of ``symbol`` (same assumptions), named ``name^(i)``.

    Examples
    --------
    >>> particle_symbol(sp.Symbol("Delta_0", positive=True), 2)
    Delta_0^(2)
    >>> sp.latex(particle_symbol(sp.Symbol("E_L", real=True), 1))
    'E^{(1)}_{L}'
    """
    if not isinstance(symbol, sp.Symbol):
        raise ParameterError(f"symbol: expected a SymPy Symbol, got {symbol!r}")
    return sp.Symbol(f"{symbol.name}^({particle})", **symbol.assumptions0)


@dataclass(frozen=True)
class _Cluster:
    """N particles, particle i with single-particle matrix blocks[i], pair coupling -U."""

    n: int
    N: int
    blocks: tuple[sp.ImmutableMatrix, ...]
    U: sp.Expr

    @property
    def dimension(self) -> int:
        return self.n**self.N

    def index(self, state: Sequence[int]) -> int:
        out = 0
        for a in state:
            out = out * self.n + a
        return out

    def state(self, index: int) -> tuple[int, ...]:
        digits = []
        for _ in range(self.N):
            index, a = divmod(index, self.n)
            digits.append(a)
        return tuple(reversed(digits))

    def diagonal(self, state: Sequence[int]) -> sp.Expr:
        pairs = sum(c * (c - 1) // 2 for c in Counter(state).values())
        return sp.Add(*(self.blocks[i][a, a] for i, a in enumerate(state))) - pairs * self.U

    def moves(self, state: Sequence[int]):
        """Yield (new_state, amplitude <new|H|state>) for every one-particle hop."""
        for i, a in enumerate(state):
            h = self.blocks[i]
            for b in range(self.n):
                if b != a and h[b, a] != 0:
                    yield (*state[:i], b, *state[i + 1:]), h[b, a]

    def element(self, bra: Sequence[int], ket: Sequence[int]) -> sp.Expr:
        r""":math:`\langle bra|H_N|ket\rangle`, from the definition (no matrix built)."""
        bra, ket = tuple(bra), tuple(ket)
        if bra == ket:
            return self.diagonal(ket)
        differ = [i for i in range(self.N) if bra[i] != ket[i]]
        if len(differ) != 1:
            return sp.Integer(0)  # a one-body operator changes one particle; U is diagonal
        i = differ[0]
        return self.blocks[i][bra[i], ket[i]]


def _check_single(single) -> Hamiltonian:
    if not isinstance(single, Hamiltonian):
        raise ParameterError(f"single: expected a multiwell Hamiltonian, got {type(single).__name__}")
    return single


def _check_n(n_particles) -> int:
    if isinstance(n_particles, bool) or not isinstance(n_particles, int | np.integer) or n_particles < 1:
        raise ParameterError(f"n_particles: expected an integer >= 1, got {n_particles!r}")
    return int(n_particles)


def _check_coupling(coupling) -> sp.Expr:
    c = as_basic(coupling, name="coupling", expected="a real SymPy expression (real or positive symbols)")
    if not isinstance(c, sp.Expr) or c.is_real is False or any(not s.is_real for s in c.free_symbols):
        raise ParameterError(f"coupling: expected a real SymPy expression (real or positive symbols), got {coupling!r}")
    return c


def _values(values: Mapping) -> dict:
    """User ``{symbol: number}`` values on the safe path (a string key or value is refused, never parsed)."""
    if not isinstance(values, Mapping):
        raise ParameterError(f"values: expected a mapping {{symbol: number}}, got {type(values).__name__}")
    return {as_basic(k, name="values", expected="a symbol as key"): as_expr(v, name=f"values[{k}]")
            for k, v in values.items()}


def _renamed_symbols(single: Hamiltonian) -> list[sp.Symbol]:
    """The symbols each particle gets its own copy of: all but the fluxes (the field is shared)."""
    return [s for s in single.symbols if s not in single.fluxes]


def _cluster(single, n_particles, coupling, distinct) -> _Cluster:
    single = _check_single(single)
    N = _check_n(n_particles)
    Uc = _check_coupling(coupling)
    M = sp.ImmutableMatrix(single.matrix)
    if distinct:
        own = _renamed_symbols(single)
        blocks = tuple(M.xreplace({s: particle_symbol(s, i + 1) for s in own}) for i in range(N))
    else:
        blocks = (M,) * N
    return _Cluster(single.n, N, blocks, Uc)


def cluster_basis(single: Hamiltonian, n_particles: int) -> list[tuple[str, ...]]:
    """Return the product basis as tuples of well labels, in the order of :func:`cluster_hamiltonian`.

    Examples
    --------
    >>> from multiwell import double_well, hamiltonian
    >>> cluster_basis(hamiltonian(double_well()), 2)
    [('L', 'L'), ('L', 'R'), ('R', 'L'), ('R', 'R')]
    """
    single = _check_single(single)
    N = _check_n(n_particles)
    labels = single.geometry.labels if single.geometry is not None else tuple(str(k + 1) for k in range(single.n))
    return [tuple(labels[a] for a in s) for s in itertools.product(range(single.n), repeat=N)]


def coherent_index(single: Hamiltonian, n_particles: int, well: int) -> int:
    r"""Return the basis index of the coherent state :math:`|aa\dots a\rangle`, ``a = well``.

    Examples
    --------
    >>> from multiwell import complete, hamiltonian
    >>> [coherent_index(hamiltonian(complete(3)), 2, a) for a in range(3)]
    [0, 4, 8]
    """
    single = _check_single(single)
    N = _check_n(n_particles)
    if not 0 <= well < single.n:
        raise ParameterError(f"well: expected a well index 0..{single.n - 1}, got {well!r}")
    return sum(well * single.n**k for k in range(N))


def cluster_hamiltonian(
    single: Hamiltonian, n_particles: int, *, coupling=U, distinct: bool = False
) -> Hamiltonian:
    r"""Return the symbolic Hamiltonian of ``n_particles`` coupled copies of ``single``.

    Parameters
    ----------
    single
        The single-particle Hamiltonian (any geometry, flux, convention).
    n_particles
        :math:`N\ge1`.
    coupling
        :math:`U`: each pair of particles in the same well label contributes :math:`-U`.
    distinct
        ``False``: every particle has the same parameters. ``True``: particle :math:`i` gets its
        own copy of every non-flux symbol, renamed by :func:`particle_symbol`
        (:math:`\Delta_0\to\Delta_0^{(i)}`), as in the paper's :math:`\Delta_i,\Delta_{0i},E_{ia},D_{0i}`.

    Returns
    -------
    Hamiltonian
        In the product basis :math:`|a_1\dots a_N\rangle`, lexicographic in the well indices
        (particle 1 most significant; :func:`cluster_basis` lists it). Each particle's
        constraints (e.g. :math:`\sum_a E_a = 0`) are kept.

    Raises
    ------
    ParameterError
        For a dimension :math:`n^N` above ``MAX_SYMBOLIC_DIMENSION`` (use :func:`cluster_sparse`).

    Notes
    -----
    Paper Eqs. 44, 47, 49:

    .. math:: H_N = \sum_{i=1}^N \mathbb 1\otimes\dots\otimes h_i\otimes\dots\otimes\mathbb 1
              \;-\;U\sum_{i<i'}\sum_a n_{ia}n_{i'a}.

    The printed second-quantised forms sum the hopping over ordered pairs :math:`a\ne a'` and
    add "h.c.", which doubles every hopping (as in Eq. 5); ``multiwell verify`` (Eqs. 44, 47,
    49) shows it. Here each particle's hopping is that of ``single``.

    Examples
    --------
    >>> from multiwell import complete, hamiltonian
    >>> H = cluster_hamiltonian(hamiltonian(complete(3)), 2)
    >>> H.n, H.matrix[0, 0], H.matrix[1, 1]
    (9, 2*E_1 - U, E_1 + E_2)
    >>> cluster_hamiltonian(hamiltonian(complete(3)), 1).matrix == hamiltonian(complete(3)).matrix
    True
    """
    c = _cluster(single, n_particles, coupling, distinct)
    if c.dimension > MAX_SYMBOLIC_DIMENSION:
        raise ParameterError(
            f"n_particles: the product space has dimension {single.n}^{c.N} = {c.dimension}, above "
            f"MAX_SYMBOLIC_DIMENSION = {MAX_SYMBOLIC_DIMENSION}; use cluster_sparse() for numbers"
        )
    entries = {}
    for idx, state in enumerate(itertools.product(range(c.n), repeat=c.N)):
        entries[(idx, idx)] = c.diagonal(state)
        for new, amp in c.moves(state):
            entries[(c.index(new), idx)] = amp
    M = sp.ImmutableMatrix(sp.SparseMatrix(c.dimension, c.dimension, entries))
    if distinct:
        own = _renamed_symbols(single)
        per = [[particle_symbol(s, i + 1) for s in own] for i in range(c.N)]
        energies_syms = [particle_symbol(s, i + 1) for i in range(c.N) for s in own if s not in single.hoppings]
        hoppings = tuple(particle_symbol(s, i + 1) for i in range(c.N) for s in single.hoppings)
        constraints = tuple(
            sp.sympify(k).xreplace(dict(zip(own, per[i], strict=True))) for i in range(c.N) for k in single.constraints
        )
    else:
        energies_syms = [s for s in single.symbols if s not in single.hoppings and s not in single.fluxes]
        hoppings = tuple(single.hoppings)
        constraints = tuple(single.constraints)
    fluxes = tuple(single.fluxes)
    known = list(dict.fromkeys([*energies_syms, *hoppings, *fluxes]))
    rest = sorted(M.free_symbols - set(known), key=sp.default_sort_key)
    symbols = tuple(s for s in known if s in M.free_symbols) + tuple(rest)
    return Hamiltonian(
        matrix=M,
        symbols=symbols,
        energies=tuple(M[k, k] for k in range(M.rows)),
        hoppings=tuple(s for s in hoppings if s in M.free_symbols),
        fluxes=fluxes,
        constraints=constraints,
        geometry=None,
        gauge=single.gauge,
        options={"n_particles": c.N, "coupling": c.U, "distinct": distinct, "single": single},
    )
