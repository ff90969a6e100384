r"""The split of a Hamiltonian into symmetry blocks: :class:`SymmetryBlocks`, :func:`symmetry_blocks`.

For a non-abelian group of plain permutations the blocks are the irreducible representations
(:mod:`multiwell.symmetry._irreps`); otherwise a set of commuting generators is chosen among the
symmetries of :mod:`multiwell.symmetry._search`, their joint eigenvectors (phases on orbits of wells)
are built exactly, and :math:`H` is written in each joint eigenspace, entries in cosines and sines
with unified harmonics. Serves :mod:`multiwell.symmetry` and the closed-form levels of
:mod:`multiwell.spectrum`.
"""

from __future__ import annotations

import functools
import itertools
from collections import deque
from dataclasses import dataclass

import sympy as sp

from multiwell._validate import hermitian_matrix
from multiwell.hamiltonian import Hamiltonian
from multiwell.hamiltonian._harmonics import unify_expr
from multiwell.hamiltonian._phases import _phase_terms
from multiwell.symmetry._irreps import MAX_ORDER, irreducible_blocks
from multiwell.symmetry._search import MAX_SYMMETRIES, Symmetry, _same_phase, symmetries

__all__ = ["SymmetryBlocks", "symmetry_blocks"]


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
                    for j, c, t in adjacency[k]:
                        if j in pb:
                            angle = _reduced(t + pb[j] - ak)
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
