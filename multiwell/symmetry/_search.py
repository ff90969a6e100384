r"""The symmetry search: well permutations with gauge phases that leave a Hamiltonian unchanged.

Holds :class:`Symmetry` (:math:`U = GP`, a permutation of the wells with a phase per well) and
:func:`symmetries`, a backtracking search over permutations that keep every entry's modulus and
hopping, each completed by the phases :math:`\chi_k` that make :math:`UHU^\dagger = H` if they exist
(phases compared as linear forms in the fluxes, :func:`_same_phase`); also :func:`_rational_phases`,
the test the spectrum uses to choose its exact path. Serves :mod:`multiwell.symmetry._blocks` and
:mod:`multiwell.spectrum`.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import sympy as sp

from multiwell._validate import hermitian_matrix
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian
from multiwell.hamiltonian._phases import _phase_terms, _Unsupported

__all__ = ["Symmetry", "symmetries"]

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

