# Over 600 lines (655): the group search and the abelian split; the irreps are in _irreps.py; issue 27 splits the rest.
"""The implementation behind :mod:`multiwell.symmetry` (its docstring says what it computes)."""

from __future__ import annotations

import functools
import itertools
import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import sympy as sp

from multiwell.symmetry._irreps import MAX_ORDER, irreducible_blocks
from multiwell._validate import hermitian_matrix
from multiwell.hamiltonian._phases import _phase_terms, _Unsupported
from multiwell.hamiltonian._harmonics import unify_expr
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian

__all__ = ["Symmetry", "SymmetryBlocks", "symmetries", "symmetry_blocks"]

MAX_SYMMETRIES = 5000
"""The search stops after this many symmetries (a large group still gives a commuting subgroup)."""


@dataclass(frozen=True)
class Symmetry:
    r"""One symmetry :math:`U = GP`: well ``k`` goes to ``permutation[k]`` with phase ``exp(i*phases[k])``.

    :math:`U e_k = e^{i\,\mathrm{phases}[k]}\,e_{\mathrm{permutation}[k]}` and :math:`UHU^\dagger = H`.

    Examples
    --------
    >>> from multiwell import hamiltonian, ring
    >>> [s.permutation for s in symmetries(hamiltonian(ring(3), energies=[0] * 3))]
    [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]
    """

    permutation: tuple[int, ...]
    phases: tuple[sp.Expr, ...]

    @property
    def order(self) -> int:
        """The order of the permutation (the least m with :math:`p^m = 1`)."""
        return math.lcm(*self._cycle_lengths())

    @property
    def cycles(self) -> int:
        """The number of cycles of the permutation (fixed wells count as cycles)."""
        return len(self._cycle_lengths())

    def _cycle_lengths(self) -> list[int]:
        seen, lengths = set(), []
        for start in range(len(self.permutation)):
            if start in seen:
                continue
            k, length = start, 0
            while k not in seen:
                seen.add(k)
                k, length = self.permutation[k], length + 1
            lengths.append(length)
        return lengths

    def matrix(self) -> sp.ImmutableMatrix:
        """The unitary :math:`U` as a SymPy matrix."""
        n = len(self.permutation)
        M = sp.zeros(n, n)
        for k, (p, a) in enumerate(zip(self.permutation, self.phases, strict=True)):
            M[p, k] = sp.exp(sp.I * a)
        return sp.ImmutableMatrix(M)


@dataclass(frozen=True)
class SymmetryBlocks:
    r"""The blocks of a Hamiltonian: one per irreducible representation, or per joint character.

    Attributes
    ----------
    order
        The number of symmetries found (the order of the symmetry group, up to ``MAX_SYMMETRIES`` = 5000).
    blocks
        The Hermitian blocks :math:`V_j^\dagger H V_j` (SymPy matrices), one per joint character.
    basis
        The matrices :math:`V_j` (orthonormal columns in the well basis), one per block.
    characters
        For each block the eigenvalues :math:`e^{2\pi i\,j_k/m_k}` of the commuting symmetries, as the
        fractions :math:`j_k/m_k` (for an irreducible block: of the one element that cut it out).
    generators
        The commuting symmetries used (for irreducible blocks: the element of each block).
    degeneracies
        How often each level of a block occurs in :math:`H` (:math:`d_\Gamma/r_\Gamma`; 1 for characters).
    dimensions
        The dimension :math:`d_\Gamma` of the irreducible representation of each block (1 for characters).
    similar
        Matrices similar to the blocks without square roots (:math:`D^{-1}W^\dagger HW`), whose
        characteristic polynomials are the blocks' ones in the simplest exact form.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> b = symmetry_blocks(hamiltonian(complete(3), energies=[0] * 3))   # S_3: A_1 + E
    >>> b.order, b.sizes, b.dimensions, b.levels()
    (6, (1, 1), (1, 2), [2*D_0, -D_0, -D_0])
    """

    order: int
    blocks: tuple[sp.ImmutableMatrix, ...]
    basis: tuple[sp.ImmutableMatrix, ...]
    characters: tuple[tuple[sp.Rational, ...], ...]
    generators: tuple[Symmetry, ...]
    degeneracies: tuple[int, ...] = ()
    dimensions: tuple[int, ...] = ()
    similar: tuple[sp.ImmutableMatrix, ...] = ()

    def __post_init__(self) -> None:
        k = len(self.blocks)
        for name in ("degeneracies", "dimensions"):
            if not getattr(self, name):
                object.__setattr__(self, name, (1,) * k)
        if not self.similar:
            object.__setattr__(self, "similar", self.blocks)

    @property
    def sizes(self) -> tuple[int, ...]:
        """The dimension of each block."""
        return tuple(b.rows for b in self.blocks)

    def levels(self) -> list[sp.Expr]:
        r"""The levels of the :math:`1\times1` blocks, each as often as it occurs in H (larger blocks skipped).

        Examples
        --------
        >>> import sympy as sp
        >>> from multiwell import hamiltonian, ring
        >>> symmetry_blocks(hamiltonian(ring(3), energies=[0] * 3)).levels()
        [2*D_0, -D_0, -D_0]
        """
        return [b[0, 0] for b, g in zip(self.blocks, self.degeneracies, strict=True) if b.rows == 1 for _ in range(g)]


def _trig_form(by_angle: dict, norm: sp.Expr) -> sp.Expr:
    r"""``sum c exp(i t) / norm`` written as ``re + i im`` in cosines and sines, harmonics unified."""
    re = unify_expr(sp.Add(*(c * sp.cos(t) for t, c in by_angle.items())) / norm)
    im = unify_expr(sp.Add(*(c * sp.sin(t) for t, c in by_angle.items())) / norm)
    return re + sp.I * im


# -- the search --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=65536)
def _same_phase(a: sp.Expr, b: sp.Expr) -> bool:
    """``exp(i a) == exp(i b)`` for all values of the symbols: ``a - b`` is a constant multiple of 2 pi.

    Phases are linear in the fluxes. Coefficients that are radicals in disguise (a pentagon's chords)
    are compared numerically at 60 digits (zero below 1e-45, the criterion of ``_exact_ratio``:
    an algebraic number of this height that small but non-zero is out of the question).
    """
    d = sp.expand(a - b)
    if d == 0:
        return True
    if d.has(sp.Float):
        if d.free_symbols:
            return False
        value = float(sp.N(d / (2 * sp.pi)))
        return abs(value - round(value)) < 1e-12
    syms = sorted(d.free_symbols, key=sp.default_sort_key)
    if any(not x.is_real for x in syms):
        return False
    if not syms and (d / (2 * sp.pi)).is_Integer:
        return True
    # d is linear in the symbols: d(0) a multiple of 2 pi, d(e_x) - d(0) = 0 and d(e_x / 3) - d(0) = 0
    # (evalf with subs: no substituted expression is built, no assumption queries on radicals)
    zero = {x: 0 for x in syms}
    d0 = sp.N(d, 60, subs=zero)
    if not d0.is_real:
        return False
    turns = d0 / (2 * sp.N(sp.pi, 60))
    if abs(turns - sp.Integer(round(turns))) > 1e-45:
        return False
    for x in syms:
        for value in (sp.Integer(1), sp.Rational(1, 3)):
            if abs(sp.N(d, 60, subs={**zero, x: value}) - d0) > 1e-45:
                return False
    return True


def _rational_phases(M) -> bool:
    r"""Every phase of ``M`` is a rational combination of its symbols plus a rational multiple of :math:`\pi`.

    Then the symmetry search compares phases exactly and fast; :func:`~multiwell.spectrum.eigenvalues`
    splits by symmetry only in this case (a pentagon's chords carry radical multiples of the flux,
    whose comparisons need high-precision numerics: :func:`symmetry_blocks` handles them, slowly).
    """
    for i in range(M.rows):
        for j in range(M.cols):
            if i == j or M[i, j] == 0:
                continue
            try:
                terms = _phase_terms(M[i, j])
            except _Unsupported:
                return False
            for _, t in terms:
                t = sp.expand(t)
                rest = t
                for x in t.free_symbols:
                    c = t.coeff(x)
                    if not c.is_Rational:
                        return False
                    rest -= c * x
                rest = sp.expand(rest)
                if rest != 0 and not (rest / sp.pi).is_Rational:
                    return False
    return True


def _entries(M) -> dict[tuple[int, int], list]:
    n = M.rows
    out = {}
    for i in range(n):
        for j in range(n):
            if i != j and M[i, j] != 0:
                try:
                    out[(i, j)] = _phase_terms(M[i, j])
                except _Unsupported as exc:
                    raise ParameterError(
                        f"H: entry ({i}, {j}) = {M[i, j]} is not a sum of real coefficients times "
                        f"exp(i*real phase) ({exc}); expected a Hermitian tunnelling matrix"
                    ) from exc
    return out


def _signature(terms) -> tuple:
    return tuple(sorted((c for c, _ in terms), key=sp.default_sort_key))


def _gauge(perm, entries, n) -> tuple[sp.Expr, ...] | None:
    r"""Phases :math:`\psi_k` with :math:`U e_k = e^{i\psi_k} e_{p(k)}` commuting with H, or ``None``."""
    shift: dict[tuple[int, int], sp.Expr] = {}
    for (i, j), terms in entries.items():
        image = entries.get((perm[i], perm[j]))
        if image is None:
            return None
        c0, t0 = terms[0]
        delta = next((t - t0 for c, t in image if sp.expand(c - c0) == 0), None)
        if delta is None:
            return None
        for c, t in terms:  # every term moves by the same phase
            if not any(sp.expand(c - c2) == 0 and _same_phase(t2, t + delta) for c2, t2 in image):
                return None
        shift[(i, j)] = sp.expand(delta)
    psi: list = [None] * n
    for root in range(n):
        if psi[root] is not None:
            continue
        psi[root] = sp.Integer(0)
        queue = deque([root])
        while queue:
            a = queue.popleft()
            for b in range(n):
                if psi[b] is None and (a, b) in shift:
                    psi[b] = sp.expand(psi[a] - shift[(a, b)])
                    queue.append(b)
    for (i, j), delta in shift.items():
        if not _same_phase(psi[i] - psi[j], delta):
            return None
    return tuple(psi)


def symmetries(H) -> tuple[Symmetry, ...]:
    r"""Every well permutation that maps ``H`` onto itself up to a gauge, with its gauge phases.

    A permutation must keep the on-site energies, the hopping magnitudes (the coefficients of the
    entries), and, for a Hamiltonian built from a geometry, every distance between wells and from
    each well to the centroid (so it is an isometry of the wells); the field must be kept up to a
    diagonal gauge, found along a spanning tree and checked on every bond.

    Parameters
    ----------
    H
        A :class:`~multiwell.hamiltonian.Hamiltonian` or a square Hermitian SymPy matrix.

    Examples
    --------
    A square of four equal wells has the eight symmetries of the square; a flux keeps the four
    rotations only (a reflection reverses the flux):

    >>> import sympy as sp
    >>> from multiwell import hamiltonian, ring
    >>> phi = sp.Symbol("phi", real=True)
    >>> len(symmetries(hamiltonian(ring(4), energies=[0] * 4)))
    8
    >>> len(symmetries(hamiltonian(ring(4), flux=phi, energies=[0] * 4)))
    4
    """
    M = H.matrix if isinstance(H, Hamiltonian) else sp.Matrix(hermitian_matrix(H, name="H"))
    if M.rows != M.cols:
        raise ParameterError(f"H: expected a square matrix, got shape {M.shape}")
    n = M.rows
    geometry = H.geometry if isinstance(H, Hamiltonian) else None
    entries = _entries(M)
    sig = {k: _signature(v) for k, v in entries.items()}
    diag = [sp.expand(M[k, k]) for k in range(n)]
    if geometry is not None:
        pts = np.array([[float(sp.N(c, 20)) for c in geometry.position3(k)] for k in range(n)])
        centre = pts.mean(axis=0)
        dist = np.linalg.norm(pts[:, None, :] - pts[None, :, :], axis=2)
        radius = np.linalg.norm(pts - centre, axis=1)
        scale = max(float(dist.max()), 1.0)
    order = _search_order(entries, n)
    phased = any(t != 0 for terms in entries.values() for _, t in terms)  # else every gauge is trivial
    found: list[Symmetry] = []
    perm = [-1] * n
    used = [False] * n
    # the search meets each well next to an assigned one: its candidates are the image's neighbours, and
    # the bonds to assigned wells are checked from both sides by counting (O(degree) per candidate)
    nbr: list[list[int]] = [[] for _ in range(n)]
    for i, j in entries:
        nbr[i].append(j)
    kinds: dict = {}
    kind = [kinds.setdefault(sp.expand(d), len(kinds)) for d in diag]
    order_np = np.array(order, dtype=np.int64)
    perm_np = np.full(n, -1, dtype=np.int64)

    def compatible(v: int, w: int, depth: int) -> bool:
        if kind[v] != kind[w]:
            return False
        if geometry is not None and abs(radius[v] - radius[w]) > 1e-9 * scale:
            return False
        count = 0
        for u in nbr[v]:
            pu = perm[u]
            if pu >= 0:
                if sig.get((u, v)) != sig.get((pu, w)):
                    return False
                count += 1
        if count != sum(1 for x in nbr[w] if used[x]):
            return False
        if geometry is not None and depth:
            assigned = order_np[:depth]
            if np.max(np.abs(dist[assigned, v] - dist[perm_np[assigned], w])) > 1e-9 * scale:
                return False
        return True

    def extend(depth: int) -> None:
        if len(found) >= MAX_SYMMETRIES:
            return
        if depth == n:
            psi = _gauge(perm, entries, n) if phased else (sp.Integer(0),) * n
            if psi is not None:
                found.append(Symmetry(tuple(perm), psi))
            return
        v = order[depth]
        anchor = next((u for u in nbr[v] if perm[u] >= 0), None)
        for w in (range(n) if anchor is None else nbr[perm[anchor]]):
            if not used[w] and compatible(v, w, depth):
                perm[v], used[w], perm_np[v] = w, True, w
                extend(depth + 1)
                perm[v], used[w], perm_np[v] = -1, False, -1

    extend(0)
    return tuple(sorted(found, key=lambda s: s.permutation))


def _search_order(entries, n) -> list[int]:
    """Wells in breadth-first order over the bonds, so each new well meets assigned neighbours."""
    out: list[int] = []
    seen = [False] * n
    for root in range(n):
        if seen[root]:
            continue
        seen[root] = True
        queue = deque([root])
        while queue:
            a = queue.popleft()
            out.append(a)
            for b in range(n):
                if not seen[b] and (a, b) in entries:
                    seen[b] = True
                    queue.append(b)
    return out


# -- commuting symmetries and their joint eigenvectors ------------------------------------------------------
def _compose(a: Symmetry, b: Symmetry) -> Symmetry:
    """The symmetry ``a b`` (first b, then a)."""
    perm = tuple(a.permutation[b.permutation[k]] for k in range(len(b.permutation)))
    phases = tuple(sp.expand(b.phases[k] + a.phases[b.permutation[k]]) for k in range(len(b.permutation)))
    return Symmetry(perm, phases)


def _commute(a: Symmetry, b: Symmetry) -> bool:
    ab, ba = _compose(a, b), _compose(b, a)
    return ab.permutation == ba.permutation and all(
        _same_phase(x, y) for x, y in zip(ab.phases, ba.phases, strict=True)
    )


def _normalised(s: Symmetry) -> Symmetry | None:
    r"""``s`` times a constant phase so that :math:`U^m = 1` (m its order), or ``None`` if U^m is no scalar."""
    m = s.order
    power = s
    for _ in range(m - 1):
        power = _compose(s, power)
    alpha = power.phases[0]
    if not all(_same_phase(a, alpha) for a in power.phases):
        return None
    return Symmetry(s.permutation, tuple(sp.expand(p - alpha / m) for p in s.phases))


def _generated(perms: list[tuple[int, ...]]) -> set[tuple[int, ...]]:
    """The permutation group generated by ``perms`` (closure)."""
    n = len(perms[0])
    group = {tuple(range(n))}
    frontier = list(group)
    while frontier:
        new = []
        for g in frontier:
            for p in perms:
                h = tuple(p[g[k]] for k in range(n))
                if h not in group:
                    group.add(h)
                    new.append(h)
        frontier = new
    return group


def _permutations_commute(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(a[b[k]] == b[a[k]] for k in range(len(a)))


def _commuting_generators(found: tuple[Symmetry, ...]) -> list[Symmetry]:
    """Greedy: the symmetry with fewest cycles (largest orbits), then each that commutes and adds something."""
    chosen: list[Symmetry] = []
    span: set = set()
    for s in sorted(found, key=lambda s: (s.cycles, -s.order, s.permutation)):
        if s.order == 1 or s.permutation in span:
            continue
        if not all(_permutations_commute(s.permutation, c.permutation) for c in chosen):
            continue
        u = _normalised(s)
        if u is None or not all(_commute(u, c) for c in chosen):
            continue
        chosen.append(u)
        span = _generated([c.permutation for c in chosen])
    return chosen


def _joint_eigenvectors(gens: list[Symmetry], n: int) -> list[tuple[tuple, int, dict]]:
    r"""``(character, orbit size, {well: phase})`` for every joint eigenvector (one per orbit and character)."""
    orders = [g.order for g in gens]
    seen: set = set()
    out = []
    for root in range(n):
        if root in seen:
            continue
        orbit = {root}
        queue = deque([root])
        while queue:
            a = queue.popleft()
            for g in gens:
                b = g.permutation[a]
                if b not in orbit:
                    orbit.add(b)
                    queue.append(b)
        seen |= orbit
        for js in itertools.product(*(range(m) for m in orders)):
            psi = _orbit_phases(gens, root, js, orders)
            if psi is not None:
                out.append((tuple(sp.Rational(j, m) for j, m in zip(js, orders, strict=True)), len(orbit), psi))
    return out


def _orbit_phases(gens, root, js, orders) -> dict | None:
    r"""Phases :math:`\psi` of :math:`v = \sum e^{i\psi_a}e_a` with :math:`U_k v = e^{2\pi i j_k/m_k} v`, or None."""
    psi = {root: sp.Integer(0)}
    queue = deque([root])
    while queue:
        a = queue.popleft()
        for g, j, m in zip(gens, js, orders, strict=True):
            b = g.permutation[a]
            value = sp.expand(psi[a] + g.phases[a] - 2 * sp.pi * sp.Rational(j, m))
            if b in psi:
                if not _same_phase(psi[b], value):
                    return None
            else:
                psi[b] = value
                queue.append(b)
    return psi


@functools.lru_cache(maxsize=65536)
def _reduced(angle: sp.Expr) -> sp.Expr:
    """``angle`` with its constant part brought into (-pi, pi]."""
    angle = sp.expand(angle)
    const = sp.Add(*(t for t in sp.Add.make_args(angle) if not t.free_symbols))
    if const == 0 or not (const / sp.pi).is_Rational:
        return angle
    turns = const / (2 * sp.pi)
    k = sp.floor(turns + sp.Rational(1, 2))
    if turns - k == sp.Rational(-1, 2):
        k -= 1
    return sp.expand(angle - 2 * sp.pi * k)


def symmetry_blocks(H) -> SymmetryBlocks:
    r"""Split ``H`` into blocks by the joint eigenspaces of commuting symmetries (see the module notes).

    Parameters
    ----------
    H
        A :class:`~multiwell.hamiltonian.Hamiltonian` or a square Hermitian SymPy matrix.

    Returns
    -------
    SymmetryBlocks
        The group order, the blocks, their bases and characters; a Hamiltonian without symmetry
        gives one block, itself.

    Examples
    --------
    The octahedron (wells at :math:`\pm x, \pm y, \pm z`, every non-opposite pair bonded) in a field
    along (1,1,1): the rotations by :math:`2\pi/3` about the field and the inversion form the cyclic
    group :math:`S_6` of order 6, which acts on the six wells as one orbit, so every block is
    :math:`1\times1`.

    >>> import itertools
    >>> import sympy as sp
    >>> from multiwell import Geometry, hamiltonian
    >>> wells = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
    >>> bonds = [(i, j) for i, j in itertools.combinations(range(6), 2) if i // 2 != j // 2]
    >>> phi = sp.Symbol("phi", real=True)
    >>> H = hamiltonian(Geometry(wells, bonds), flux=phi, direction=(1, 1, 1), energies=[0] * 6)
    >>> b = symmetry_blocks(H)
    >>> b.order, b.sizes
    (6, (1, 1, 1, 1, 1, 1))
    >>> b.levels()
    [4*D_0*cos(phi/6), -2*sqrt(3)*D_0*sin(phi/6), -2*D_0*cos(phi/6), 0, -2*D_0*cos(phi/6), 2*sqrt(3)*D_0*sin(phi/6)]
    """
    found = symmetries(H)
    M = H.matrix if isinstance(H, Hamiltonian) else hermitian_matrix(H, name="H")
    n = M.rows
    if _irreducible_split_applies(found):
        split = _irreducible_split(found, M)
        if split is not None:
            return split
    gens = _commuting_generators(found)
    if not gens:
        return SymmetryBlocks(len(found), (sp.ImmutableMatrix(M),), (sp.ImmutableMatrix(sp.eye(n)),), ((),), ())
    vectors = _joint_eigenvectors(gens, n)
    by_character: dict[tuple, list] = {}
    for chi, size, psi in vectors:
        by_character.setdefault(chi, []).append((size, psi))
    adjacency: dict[int, list] = {k: [] for k in range(n)}
    for i in range(n):
        for j in range(n):
            if M[i, j] != 0:
                adjacency[i].extend((j, c, t) for c, t in _phase_terms(M[i, j]))
    blocks, bases, characters = [], [], []
    for chi in sorted(by_character, key=lambda c: tuple(float(x) for x in c)):
        vs = by_character[chi]
        d = len(vs)
        B = sp.zeros(d, d)
        for a, (sa, pa) in enumerate(vs):
            for b, (sb, pb) in enumerate(vs):
                by_angle: dict = {}
                for k, ak in pa.items():
                    for l, c, t in adjacency[k]:
                        if l in pb:
                            angle = _reduced(t + pb[l] - ak)
                            by_angle[angle] = by_angle.get(angle, 0) + c
                B[a, b] = _trig_form(by_angle, sp.sqrt(sa * sb))
        V = sp.zeros(n, d)
        for b, (sb, pb) in enumerate(vs):
            for k, bk in pb.items():
                V[k, b] = sp.exp(sp.I * _reduced(bk)) / sp.sqrt(sb)
        blocks.append(sp.ImmutableMatrix(B))
        bases.append(sp.ImmutableMatrix(V))
        characters.append(chi)
    return SymmetryBlocks(len(found), tuple(blocks), tuple(bases), tuple(characters), tuple(gens))


def _irreducible_split_applies(found: tuple[Symmetry, ...]) -> bool:
    """A non-abelian group of plain permutations (no gauge phases), small enough for its class algebra."""
    if not 1 < len(found) <= min(MAX_ORDER, MAX_SYMMETRIES - 1):
        return False
    if any(p != 0 for s in found for p in s.phases):
        return False
    perms = [s.permutation for s in found]
    return not all(_permutations_commute(a, b) for a, b in itertools.combinations(perms, 2))


def _irreducible_split(found: tuple[Symmetry, ...], M) -> SymmetryBlocks | None:
    """The irreducible blocks, or ``None`` (then the commuting split is used) if the numerics disagree."""
    try:
        parts = irreducible_blocks([s.permutation for s in found], sp.Matrix(M))
    except (KeyError, RuntimeError, ValueError, ZeroDivisionError):  # not closed, or the table failed
        return None
    n = M.rows
    if sum(p.block.rows * p.repeat for p in parts) != n:
        return None
    return SymmetryBlocks(
        len(found),
        tuple(p.block for p in parts),
        tuple(p.basis for p in parts),
        tuple((p.eigenvalue,) for p in parts),
        tuple(Symmetry(p.element, (sp.Integer(0),) * n) for p in parts),
        degeneracies=tuple(p.repeat for p in parts),
        dimensions=tuple(p.dimension for p in parts),
        similar=tuple(p.similar for p in parts),
    )
