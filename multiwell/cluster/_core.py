"""The implementation behind :mod:`multiwell.cluster` (its docstring says what it computes)."""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pint
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg
import sympy as sp

from multiwell._validate import as_basic, as_expr
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian
from multiwell.units import as_quantity, e, ureg

__all__ = [
    "METHODS",
    "U",
    "cluster_basis",
    "cluster_hamiltonian",
    "cluster_size",
    "cluster_sparse",
    "coherent_coupling",
    "coherent_hamiltonian",
    "coherent_index",
    "composite_parameter",
    "identical_double_well_coupling",
    "particle_symbol",
    "renormalised_area",
    "renormalised_charge",
    "scaling_exponent",
]

U = sp.Symbol("U", positive=True)
"""The default pair coupling: every pair of particles in the same well gains :math:`-U`."""

METHODS = ("literal", "paper", "perturbative", "exact")
"""The ways :func:`coherent_coupling` computes the coupling between coherent states."""

MAX_SYMBOLIC_DIMENSION = 1024
"""Largest product-space dimension :func:`cluster_hamiltonian` builds as a dense SymPy matrix."""

DENSE_EIGH_DIMENSION = 2048
"""Up to this dimension ``"exact"`` uses dense ``scipy.linalg.eigh``; above it ``eigsh``."""

MIN_COHERENT_WEIGHT = 0.5
"""``"exact"`` warns when a low-lying state has less weight than this in the coherent subspace."""


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
                    yield state[:i] + (b,) + state[i + 1:], h[b, a]

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


# -- numbers ----------------------------------------------------------------------------------------------
def _numeric_blocks(c: _Cluster, values: Mapping) -> tuple[list[np.ndarray], float]:
    vals = _values(values or {})
    blocks = []
    for i, b in enumerate(c.blocks):
        missing = sorted(b.free_symbols - set(vals), key=str)
        if missing:
            raise ParameterError(f"values: missing values for {missing} (particle {i + 1})")
        blocks.append(np.array(b.xreplace(vals).evalf(17).tolist(), dtype=complex))
    missing = sorted(c.U.free_symbols - set(vals), key=str)
    if missing:
        raise ParameterError(f"values: missing values for the coupling symbols {missing}")
    return blocks, float(c.U.xreplace(vals))


def cluster_sparse(
    single: Hamiltonian, n_particles: int, *, coupling=U, values: Mapping, distinct: bool = False
) -> scipy.sparse.csr_array:
    r"""Return the cluster Hamiltonian at numeric ``values`` as a sparse CSR array.

    Same basis and operator as :func:`cluster_hamiltonian`, built with vectorised NumPy
    (no SymPy per entry), real when every hopping is real, complex otherwise.

    Parameters
    ----------
    values
        A number for every symbol of ``single`` (particle copies when ``distinct``) and of ``coupling``.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> h = hamiltonian(double_well())
    >>> E_L, E_R, D = h.symbols
    >>> H = cluster_sparse(h, 10, values={E_L: 0, E_R: 0, D: 0.1, U: 1})
    >>> H.shape, H.nnz
    ((1024, 1024), 11264)
    """
    return _sparse(_cluster(single, n_particles, coupling, distinct), values)


def _sparse(c: _Cluster, values: Mapping) -> scipy.sparse.csr_array:
    blocks, Uv = _numeric_blocks(c, values)
    n, N, dim = c.n, c.N, c.dimension
    idx = np.arange(dim, dtype=np.int64)
    digits = np.empty((dim, N), dtype=np.int8 if n < 128 else np.int32)
    for k in range(N):
        digits[:, k] = (idx // n ** (N - 1 - k)) % n
    diag = np.zeros(dim, dtype=complex)
    for i in range(N):
        diag += np.diag(blocks[i])[digits[:, i]]
    for a in range(n):
        count = (digits == a).sum(axis=1, dtype=np.int64)
        diag -= Uv * (count * (count - 1) // 2)
    rows, cols, data = [idx], [idx], [diag]
    for i in range(N):
        stride = n ** (N - 1 - i)
        for a in range(n):
            mask = digits[:, i] == a
            src = idx[mask]
            for b in range(n):
                amp = blocks[i][b, a]
                if b == a or amp == 0:
                    continue
                rows.append(src + (b - a) * stride)
                cols.append(src)
                data.append(np.full(src.size, amp))
    data = np.concatenate(data)
    if not np.any(data.imag):
        data = data.real
    H = scipy.sparse.coo_array((data, (np.concatenate(rows), np.concatenate(cols))), shape=(dim, dim))
    return H.tocsr()


def _exact_effective(c: _Cluster, values: Mapping) -> tuple[np.ndarray, np.ndarray, float]:
    """des Cloizeaux effective Hamiltonian of the n lowest states in the coherent basis.

    Identical particles: in the permutation-symmetric sector (occupation numbers), where the
    coherent states live, with mpmath at a precision that resolves couplings ~ (hop/U)^N.
    Distinct particles: the full product space in float64 (dense eigh or eigsh).
    """
    if all(b == c.blocks[0] for b in c.blocks):
        return _exact_symmetric_sector(c, values)
    H = _sparse(c, values)
    k = c.n
    P = [sum(a * c.n**j for j in range(c.N)) for a in range(c.n)]
    if c.dimension <= max(DENSE_EIGH_DIMENSION, k + 1):
        w, V = scipy.linalg.eigh(H.toarray(), subset_by_index=(0, k - 1))
    else:
        w, V = scipy.sparse.linalg.eigsh(H, k=k, which="SA", tol=0, ncv=max(4 * k + 1, 24))
        order = np.argsort(w)
        w, V = w[order], V[:, order]
    return _des_cloizeaux(V[P, :], w)


def _des_cloizeaux(B: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    W, s, Xh = np.linalg.svd(B)  # B[c, m] = <c|psi_m>
    R = W @ Xh  # polar factor: the orthonormalised projections of the eigenvectors
    return R @ np.diag(w) @ R.conj().T, w, float(np.min(s) ** 2)


def _exact_symmetric_sector(c: _Cluster, values: Mapping) -> tuple[np.ndarray, np.ndarray, float]:
    import mpmath

    vals = _values(values)
    h = c.blocks[0]
    missing = sorted((h.free_symbols | c.U.free_symbols) - set(vals), key=str)
    if missing:
        raise ParameterError(f"values: missing values for {missing}")
    n, N = c.n, c.N
    hv = h.xreplace(vals)
    Uv = c.U.xreplace(vals)
    hop_max = max([abs(complex(hv[i, j])) for i in range(n) for j in range(n) if i != j] + [1e-300])
    scale = max(abs(float(Uv)), max(abs(complex(hv[i, i])) for i in range(n)), hop_max, 1e-300)
    digits = int(N * max(0.0, math.log10(scale / hop_max))) + 25
    occupations = [o for o in itertools.product(range(N + 1), repeat=n) if sum(o) == N]
    where = {o: k for k, o in enumerate(occupations)}
    dim = len(occupations)
    with mpmath.workdps(digits):
        def mp(x):
            x = sp.N(x, digits + 5)
            re, im = sp.re(x), sp.im(x)
            return mpmath.mpf(str(re)) if im == 0 else mpmath.mpc(str(re), str(im))

        hm = [[mp(hv[i, j]) for j in range(n)] for i in range(n)]
        Um = mpmath.mpf(str(sp.N(Uv, digits + 5)))
        M = mpmath.matrix(dim, dim)
        for k, o in enumerate(occupations):
            M[k, k] = sum(o[a] * hm[a][a] for a in range(n)) - Um * sum(x * (x - 1) // 2 for x in o)
            for a in range(n):
                if o[a] == 0:
                    continue
                for b in range(n):
                    if b == a or hm[b][a] == 0:
                        continue
                    new = list(o)
                    new[a] -= 1
                    new[b] += 1
                    M[where[tuple(new)], k] += hm[b][a] * mpmath.sqrt(o[a] * (o[b] + 1))
        real = all(mpmath.im(M[i, j]) == 0 for i in range(dim) for j in range(dim))
        if real:
            M = M.apply(mpmath.re)
            w, V = mpmath.eigsy(M)
        else:
            w, V = mpmath.eighe(M)
        order = sorted(range(dim), key=lambda m: w[m])[:n]
        P = [where[tuple(N if a == x else 0 for a in range(n))] for x in range(n)]
        B = mpmath.matrix(n, n)
        for r, p in enumerate(P):
            for col, m in enumerate(order):
                B[r, col] = V[p, m]
        lam = [w[m] for m in order]
        # polar factor of B at full precision: R = B (B^H B)^(-1/2)
        G = B.H * B
        e, Q = mpmath.eighe(G) if not real else mpmath.eigsy(G)
        inv_sqrt = Q * mpmath.diag([1 / mpmath.sqrt(x) for x in e]) * Q.H
        R = B * inv_sqrt
        Heff = R * mpmath.diag(lam) * R.H
        weight = float(min(e))
        out = np.array([[complex(Heff[i, j]) for j in range(n)] for i in range(n)])
    return out, np.array([float(x) for x in lam]), weight


# -- perturbation theory ----------------------------------------------------------------------------------
def _distance_matrix(c: _Cluster, i: int) -> np.ndarray:
    """Graph distances between the wells of particle i's single-particle Hamiltonian."""
    n = c.n
    d = np.full((n, n), n + 1, dtype=int)
    for a in range(n):
        d[a, a] = 0
        frontier, seen = [a], {a}
        step = 0
        while frontier:
            step += 1
            nxt = []
            for x in frontier:
                for y in range(n):
                    if y not in seen and c.blocks[i][y, x] != 0:
                        seen.add(y)
                        d[a, y] = step
                        nxt.append(y)
            frontier = nxt
    return d


def _path_sum(c: _Cluster, a: int, b: int) -> tuple[sp.Expr, int] | None:
    r"""Lowest-order coupling :math:`\langle b..b|H_{\rm eff}|a..a\rangle` as a sum over shortest paths.

    Valid when the two coherent states are degenerate and no shortest path visits another
    coherent state; returns ``None`` otherwise (the caller falls back to pymablock).
    """
    start, end = (a,) * c.N, (b,) * c.N
    E_P = c.diagonal(start)
    if sp.expand(E_P - c.diagonal(end)) != 0:
        return None
    dist = [_distance_matrix(c, i) for i in range(c.N)]
    L = sum(int(dist[i][a, b]) for i in range(c.N))
    if L > c.N * c.n:
        raise ParameterError(f"single: wells {a} and {b} are not connected by hoppings; they never couple")
    coherent = {(x,) * c.N for x in range(c.n)}
    layer = {start: sp.Integer(1)}
    for step in range(1, L + 1):
        nxt: dict[tuple[int, ...], sp.Expr] = {}
        for state, amp in layer.items():
            for new, hop in c.moves(state):
                remaining = sum(int(dist[i][new[i], b]) for i in range(c.N))
                if step + remaining > L:
                    continue
                nxt[new] = nxt.get(new, sp.Integer(0)) + amp * hop
        if step == L:
            return sp.factor(sp.together(nxt.get(end, sp.Integer(0)))), L
        if any(s in coherent for s in nxt):
            return None
        layer = {s: v / (E_P - c.diagonal(s)) for s, v in nxt.items()}
    return None


def _pymablock_effective(c: _Cluster, order: int) -> list[sp.Matrix]:
    """Terms 0..order of the Schrieffer-Wolff effective Hamiltonian of the coherent subspace."""
    from pymablock import block_diagonalize

    if c.dimension > MAX_SYMBOLIC_DIMENSION:
        raise ParameterError(
            f"n_particles: pymablock on the symbolic {c.dimension}-dimensional product space is out of reach; "
            "use method='exact'"
        )
    dim = c.dimension
    states = list(itertools.product(range(c.n), repeat=c.N))
    H0 = sp.zeros(dim, dim)
    H1 = sp.zeros(dim, dim)
    for idx, s in enumerate(states):
        H0[idx, idx] = c.diagonal(s)
        for new, amp in c.moves(s):
            H1[c.index(new), idx] = amp
    P = {sum(x * c.n**j for j in range(c.N)) for x in range(c.n)}
    if len(P) == dim:  # one particle: every state is coherent, nothing to eliminate
        return [H0, H1] + [sp.zeros(dim, dim)] * (order - 1) if order >= 1 else [H0]
    indices = [0 if k in P else 1 for k in range(dim)]
    Ht, _, _ = block_diagonalize([H0, H1], subspace_indices=indices)
    out = []
    for m in range(order + 1):
        term = Ht[0, 0, m]
        out.append(sp.zeros(c.n, c.n) if not isinstance(term, sp.MatrixBase) else sp.Matrix(term))
    return out


def _second_order_diagonal(c: _Cluster, a: int) -> sp.Expr:
    r"""Second-order shift :math:`\sum_k |V_{ka}|^2/(E_a-E_k)` of the coherent state ``a..a``."""
    state = (a,) * c.N
    E_a = c.diagonal(state)
    return sp.Add(*(amp * sp.conjugate(amp) / (E_a - c.diagonal(new)) for new, amp in c.moves(state)))


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
        return sp.Matrix(n, n, lambda i, j: c.diagonal(coherent[i]) if i == j else sp.Add(*(blk[i, j] for blk in c.blocks)))
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


def identical_double_well_coupling(n_particles: int, *, hopping=sp.Symbol("Delta_0", positive=True), coupling=U) -> sp.Expr:
    r"""Return :math:`t_N = N\Delta_0\,(-\Delta_0/U)^{N-1}/(N-1)!`, the closed form for identical symmetric double wells.

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
    r"""Return the exponent :math:`p` of :math:`|t_{\rm exact}|\propto x^p`, fitted over ``x = values[parameter] * factors``.

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


# -- Eqs. 42-43: charge and flux-area renormalisation ------------------------------------------------------
def _count(n_particles) -> int:
    return _check_n(n_particles)


def renormalised_charge(n_particles: int, q0: pint.Quantity = 2 * e) -> pint.Quantity:
    r"""Return the fictitious particle's charge :math:`q = Nq_0` (Eq. 42).

    Within the cluster model (Eqs. 44–49) this is what the Aharonov–Bohm phase of the
    effective hopping shows: the coherent states couple through :math:`\prod_i h_i`, so a
    loop phase :math:`\phi` per particle becomes :math:`N\phi` at fixed loop area.

    Examples
    --------
    >>> renormalised_charge(3).to("e")
    <Quantity(6.0, 'elementary_charge')>
    """
    return (_count(n_particles) * as_quantity(q0, "[charge]", "q0")).to("C")


def renormalised_area(n_particles: int, a0: pint.Quantity = 1 * ureg.bohr_radius) -> pint.Quantity:
    r"""Return the paper's flux-threaded area :math:`S_\Delta\approx4Na_0^2` (Eq. 42, an assumption).

    Not derived from the cluster Hamiltonian: there the flux enters only through :math:`qS`, and
    :math:`q=Nq_0` already carries the factor :math:`N` (see ``multiwell verify``, Eq. 42).

    Examples
    --------
    >>> round(renormalised_area(10).m_as("angstrom**2"), 3)
    11.201
    """
    a0 = as_quantity(a0, "[length]", "a0")
    return (4 * _count(n_particles) * a0**2).to("m**2")


def composite_parameter(
    n_particles: int, Delta_0: pint.Quantity, *, q0: pint.Quantity = 2 * e, a0: pint.Quantity = 1 * ureg.bohr_radius
) -> pint.Quantity:
    r"""Return :math:`D_0|q/e|S_\Delta = (N\Delta_0)(N|q_0/e|)(4Na_0^2)` (Eqs. 41–43).

    With :math:`q_0=2e` this is the printed :math:`8N^3\Delta_0a_0^2` of Eq. 43 (the paper's text says
    ":math:`q=2e`", but only the particle charge :math:`q_0=2e` gives :math:`N^3`). ``Delta_0`` may be
    an energy or a temperature; the result carries its unit times area.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(composite_parameter(25, Q_(1, "mK")).m_as("K * angstrom**2"), 3)  # 125 K a_0^2
    35.004
    """
    N = _count(n_particles)
    if not isinstance(Delta_0, pint.Quantity) or not (Delta_0.check("[energy]") or Delta_0.check("[temperature]")):
        raise ParameterError(f"Delta_0: expected a pint energy or temperature, got {Delta_0!r}")
    q = as_quantity(q0, "[charge]", "q0")
    ratio = abs(float((q / e).m_as("")))
    return N * Delta_0 * (N * ratio) * renormalised_area(N, a0)


def cluster_size(
    composite: pint.Quantity, Delta_0: pint.Quantity, *, q0: pint.Quantity = 2 * e, a0: pint.Quantity = 1 * ureg.bohr_radius
) -> float:
    r"""Return the :math:`N` for which Eq. 43 gives ``composite``: :math:`N=(X/(4|q_0/e|\Delta_0a_0^2))^{1/3}`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(cluster_size(composite_parameter(200, Q_(1, "mK")), Q_(1, "mK")), 6)
    200.0
    """
    if not isinstance(composite, pint.Quantity):
        raise ParameterError(f"composite: expected a pint quantity (energy or temperature times area), got {composite!r}")
    unit_one = composite_parameter(1, Delta_0, q0=q0, a0=a0)
    ratio = (composite / unit_one).to("")
    value = float(ratio.magnitude)
    if not value > 0 or not math.isfinite(value):
        raise ParameterError(f"composite: expected a positive value, got {composite!r}")
    return value ** (1 / 3)
