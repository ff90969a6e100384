"""The geometry values: :class:`Geometry` (wells, bonds, loops and their areas), :class:`Bond`, :class:`Loop`.

Holds the immutable value that every later stage starts from: positions (exact, optionally with a pint
length unit), bonds with named hoppings, the spanning tree, the independent loops with their oriented
areas, the convex-hull area along a field, relabelling and translation, and the constructors
``from_positions``, ``from_file`` and ``from_ase`` (the file readers live in
:mod:`multiwell.geometry._structures`, which is handed the class and does not import this module).
Serves :mod:`multiwell.geometry` (re-exported there) and the presets beside it.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pint
import sympy as sp

from multiwell.errors import GeometryError, ParameterError
from multiwell.geometry._coords import _canonical_cycle, _convex_hull_order, _cross, _exact, _split_units

__all__ = ["Bond", "Geometry", "Loop"]


@dataclass(frozen=True)
class Bond:
    r"""A tunnelling bond between wells ``i < j`` with the name of its hopping parameter.

    A bond puts the hopping :math:`t` on two mirror entries of the Hamiltonian,
    :math:`H_{ij} = t\,e^{i\theta_{ij}}` and :math:`H_{ji} = \overline{H_{ij}}` (paper Eq. 5,
    :math:`D_0 c_i^\dagger c_j + \text{h.c.}`); :class:`Geometry` stores every bond with
    ``i < j``, whatever order it was given in.

    Examples
    --------
    >>> from multiwell import hamiltonian
    >>> g = Geometry([(0, 0), (1, 0)], [(1, 0, "t")])
    >>> g.bonds
    (Bond(i=0, j=1, hopping='t'),)
    >>> hamiltonian(g).matrix
    Matrix([
    [E_1,   t],
    [  t, E_2]])
    """

    i: int
    j: int
    hopping: str


@dataclass(frozen=True)
class Loop:
    r"""An oriented closed path of wells and its vector area.

    ``wells`` lists the wells in the order visited (the path closes back to the
    first); ``area`` is the oriented vector area
    :math:`\mathbf S = \tfrac12\sum_k \mathbf r_k\times\mathbf r_{k+1}` as a tuple of three
    exact SymPy numbers (in the geometry's length unit squared, if it has one).
    A uniform field :math:`\mathbf B` threads it with the flux
    :math:`\Phi = \mathbf B\cdot\mathbf S` (paper Eq. 34).

    Examples
    --------
    ``ring(4)`` is a square of circumradius 1, so of side :math:`\sqrt2` and area 2,
    visited counter-clockwise (area along :math:`+z`):

    >>> from multiwell.geometry import ring
    >>> (loop,) = ring(4).loops()
    >>> loop.wells, loop.area
    ((0, 1, 2, 3), (0, 0, 2))
    >>> loop.steps
    ((0, 1), (1, 2), (2, 3), (3, 0))
    """

    wells: tuple[int, ...]
    area: tuple[sp.Expr, sp.Expr, sp.Expr]

    @property
    def steps(self) -> tuple[tuple[int, int], ...]:
        """The directed bonds ``(a, b)`` of the loop, in order."""
        w = self.wells
        return tuple((w[k], w[(k + 1) % len(w)]) for k in range(len(w)))


@dataclass(frozen=True)
class Geometry:
    r"""Wells at positions, joined by bonds with named hoppings (immutable).

    Parameters
    ----------
    positions
        One point per well, all in 2D or all in 3D. Numbers are stored exactly
        (floats are converted with ``nsimplify(rational=True)``). Pass a pint
        quantity array (or a list of quantities) for positions with a length unit.
    bonds
        Pairs ``(i, j)`` or triples ``(i, j, hopping_name)``; the default hopping name is ``"D_0"``.
    labels
        Well labels (default ``"1"``, ``"2"``, ...), used in symbol names ``E_1``, ``E_2``, ...
    allow_disconnected
        A geometry whose bonds leave some wells unreachable is an error unless this is
        ``True`` (its Hamiltonian is then block diagonal and each block can be treated alone).
    float_input
        Whether the coordinates were typed as floats (default: detected). Float coordinates are
        stored as the rationals of their decimal forms, but loop areas are then compared only to a
        tolerance when a field is applied (:func:`multiwell.hamiltonian.hamiltonian`, ``flux_rtol``).

    Raises
    ------
    GeometryError
        Bonds to missing wells, self-bonds, repeated bonds, coincident wells, mixed
        dimensions, a disconnected geometry (unless allowed).

    Notes
    -----
    The geometry fixes the pattern of the Hamiltonian (paper Eqs. 3-5): one on-site
    energy :math:`E_i` per well and a hopping :math:`t_{ij}` on each bond. Its loops carry
    the oriented areas :math:`\mathbf S = \tfrac12\sum_k \mathbf r_k\times\mathbf r_{k+1}`
    that a magnetic field threads (:math:`\Phi = \mathbf B\cdot\mathbf S`, Eq. 34); there are
    :math:`n_\text{bonds} - n_\text{wells} + 1` independent ones (Euler).

    Examples
    --------
    A right triangle with legs 1 has one loop, of area 1/2, and bonds stored with ``i < j``:

    >>> g = Geometry([(0, 0), (1, 0), (0, 1)], [(0, 1), (1, 2), (2, 0, "D_1")])
    >>> [(b.i, b.j, b.hopping) for b in g.bonds]
    [(0, 1, 'D_0'), (0, 2, 'D_1'), (1, 2, 'D_0')]
    >>> g.loops()
    (Loop(wells=(0, 1, 2), area=(0, 0, 1/2)),)

    Positions given as pint lengths keep their unit (areas are then in that unit squared):

    >>> from multiwell.units import Q_
    >>> Geometry(Q_([[0, 0], [1, 0], [0, 1]], "nm"), [(0, 1), (1, 2), (0, 2)]).length_unit
    <Unit('nanometer')>
    """

    positions: tuple[tuple[sp.Expr, ...], ...]
    bonds: tuple[Bond, ...]
    labels: tuple[str, ...] = ()
    length_unit: pint.Unit | None = None
    allow_disconnected: bool = False
    name: str = field(default="geometry", compare=False)
    float_input: bool = field(default=False, compare=False, repr=False)

    def __init__(
        self,
        positions,
        bonds: Iterable,
        labels: Sequence[str] | None = None,
        *,
        length_unit=None,
        allow_disconnected: bool = False,
        name: str = "geometry",
        float_input: bool | None = None,
    ):
        positions, unit = _split_units(positions, length_unit)
        if float_input is None:
            float_input = any(isinstance(c, float | np.floating) for p in positions for c in p)
        pts = []
        for k, p in enumerate(positions):
            coords = tuple(_exact(c, f"positions[{k}]") for c in p)
            pts.append(coords)
        if not pts:
            raise GeometryError("positions: expected at least one well, got none")
        dims = {len(p) for p in pts}
        if len(dims) != 1 or dims.pop() not in (1, 2, 3):
            raise GeometryError(
                "positions: expected every well in 1D, 2D or 3D, all of the same dimension, "
                f"got dimensions {sorted({len(p) for p in pts})}"
            )
        n = len(pts)
        seen = {}
        for k, p in enumerate(pts):
            if p in seen:
                raise GeometryError(
                    f"positions: wells {seen[p]} and {k} coincide at {p}; expected distinct positions"
                )
            seen[p] = k
        bond_list = []
        pairs = set()
        for b in bonds:
            if isinstance(b, Bond):
                i, j, name_h = b.i, b.j, b.hopping
            else:
                b = tuple(b)
                if len(b) not in (2, 3):
                    raise GeometryError(f"bonds: expected (i, j) or (i, j, hopping), got {b!r}")
                i, j = b[0], b[1]
                name_h = b[2] if len(b) == 3 else "D_0"
            if not all(isinstance(v, int | np.integer) for v in (i, j)):
                raise GeometryError(f"bonds: well indices must be integers, got {(i, j)!r}")
            i, j = int(i), int(j)
            for v in (i, j):
                if not 0 <= v < n:
                    raise GeometryError(
                        f"bonds: bond ({i}, {j}) refers to well {v}, but the wells are 0..{n - 1}"
                    )
            if i == j:
                raise GeometryError(f"bonds: bond ({i}, {j}) joins a well to itself")
            if not isinstance(name_h, str) or not name_h.isidentifier():
                raise GeometryError(
                    f"bonds: hopping name of bond ({i}, {j}) must be an identifier such as 'D_0', "
                    f"got {name_h!r}"
                )
            key = (min(i, j), max(i, j))
            if key in pairs:
                raise GeometryError(f"bonds: bond {key} appears twice")
            pairs.add(key)
            bond_list.append(Bond(key[0], key[1], name_h))
        bond_list.sort(key=lambda b: (b.i, b.j))
        if labels is None:
            labels = tuple(str(k + 1) for k in range(n))
        labels = tuple(str(s) for s in labels)
        if len(labels) != n:
            raise GeometryError(f"labels: expected {n} labels, got {len(labels)}")
        if len(set(labels)) != n:
            raise GeometryError(f"labels: expected distinct labels, got {labels}")
        object.__setattr__(self, "positions", tuple(pts))
        object.__setattr__(self, "bonds", tuple(bond_list))
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "length_unit", unit)
        object.__setattr__(self, "allow_disconnected", bool(allow_disconnected))
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "float_input", bool(float_input))
        if not allow_disconnected and len(self.components()) > 1:
            raise GeometryError(
                f"bonds: the geometry is disconnected (components {self.components()}); "
                "pass allow_disconnected=True to build a block-diagonal Hamiltonian anyway"
            )

    # -- basic views ---------------------------------------------------------------------
    @property
    def n_wells(self) -> int:
        """The number of wells."""
        return len(self.positions)

    @property
    def dimension(self) -> int:
        """The spatial dimension of the positions (1, 2 or 3)."""
        return len(self.positions[0])

    @property
    def hopping_names(self) -> tuple[str, ...]:
        """The distinct hopping names, in order of first appearance."""
        return tuple(dict.fromkeys(b.hopping for b in self.bonds))

    def position3(self, k: int) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
        """The position of well ``k`` padded to 3D with zeros."""
        p = self.positions[k]
        return tuple(p) + (sp.Integer(0),) * (3 - len(p))

    def neighbours(self, k: int) -> tuple[int, ...]:
        """The wells bonded to well ``k``."""
        return tuple(sorted({b.j for b in self.bonds if b.i == k} | {b.i for b in self.bonds if b.j == k}))

    def components(self) -> list[tuple[int, ...]]:
        """The connected components, each a sorted tuple of wells."""
        left = set(range(self.n_wells))
        comps = []
        while left:
            start = min(left)
            comp, queue = {start}, deque([start])
            while queue:
                a = queue.popleft()
                for b in self.neighbours(a):
                    if b not in comp:
                        comp.add(b)
                        queue.append(b)
            comps.append(tuple(sorted(comp)))
            left -= comp
        return comps

    # -- loops ---------------------------------------------------------------------------
    def spanning_tree(self) -> tuple[Bond, ...]:
        """A breadth-first spanning forest (rooted at the lowest well of each component)."""
        tree = []
        visited = set()
        for comp in self.components():
            root = comp[0]
            visited.add(root)
            queue = deque([root])
            while queue:
                a = queue.popleft()
                for b in self.neighbours(a):
                    if b not in visited:
                        visited.add(b)
                        queue.append(b)
                        tree.append(self.bond(a, b))
        return tuple(tree)

    def bond(self, a: int, b: int) -> Bond:
        """The bond joining wells ``a`` and ``b`` (in either order)."""
        key = (min(a, b), max(a, b))
        for bd in self.bonds:
            if (bd.i, bd.j) == key:
                return bd
        raise GeometryError(f"bond: wells {a} and {b} are not bonded")

    def loops(self) -> tuple[Loop, ...]:
        """An independent cycle basis with oriented vector areas.

        Each bond outside the breadth-first spanning tree closes one fundamental loop:
        the tree path from its first well to its second, then the bond back. There are
        ``n_bonds - n_wells + n_components`` of them; every closed path of the geometry
        is an integer combination of them, so fixing the flux through each fixes the
        magnetic field's effect completely (gauge invariance does the rest).

        Returns
        -------
        tuple of Loop
            Sorted by the wells they visit.
        """
        tree = set(self.spanning_tree())
        parent: dict[int, int | None] = {}
        depth: dict[int, int] = {}
        for comp in self.components():
            parent[comp[0]] = None
            depth[comp[0]] = 0
        # rebuild BFS parents from the tree
        adj: dict[int, list[int]] = {k: [] for k in range(self.n_wells)}
        for bd in tree:
            adj[bd.i].append(bd.j)
            adj[bd.j].append(bd.i)
        for comp in self.components():
            queue = deque([comp[0]])
            while queue:
                a = queue.popleft()
                for b in sorted(adj[a]):
                    if b not in depth:
                        depth[b] = depth[a] + 1
                        parent[b] = a
                        queue.append(b)

        def path_to_root(a):
            out = [a]
            while parent[out[-1]] is not None:
                out.append(parent[out[-1]])
            return out

        loops = []
        for bd in self.bonds:
            if bd in tree:
                continue
            pa, pb = path_to_root(bd.i), path_to_root(bd.j)
            common = next(x for x in pa if x in set(pb))
            up = pa[: pa.index(common) + 1]  # i -> ... -> common
            down = pb[: pb.index(common)]  # j -> ... (before common)
            # path: common -> ... -> i, then bond i -> j, then j -> ... -> common
            wells = tuple(reversed(up)) + tuple(down)
            wells = _canonical_cycle(wells)
            loops.append(Loop(wells, self.vector_area(wells)))
        return tuple(sorted(loops, key=lambda lp: lp.wells))

    def vector_area(self, wells: Sequence[int]) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
        r"""The oriented area :math:`\tfrac12\sum_k \mathbf r_k\times\mathbf r_{k+1}` of a closed path."""
        total = [sp.Integer(0)] * 3
        m = len(wells)
        for k in range(m):
            c = _cross(self.position3(wells[k]), self.position3(wells[(k + 1) % m]))
            total = [t + ci for t, ci in zip(total, c, strict=True)]
        return tuple(sp.radsimp(sp.expand(t / 2)) for t in total)

    def hull_area(self, direction=(0, 0, 1)) -> sp.Expr:
        """The area of the convex hull of the wells projected on the plane normal to ``direction``.

        This is the reference area through which a single flux symbol is measured
        (:func:`multiwell.hamiltonian.hamiltonian`): the triangle of ``complete(3)``, the
        square of ``square()``, the polygon of ``ring(n)``.
        """
        n = tuple(_exact(c, "direction") for c in direction)
        norm2 = sum(c**2 for c in n)
        if norm2 == 0:
            raise ParameterError("direction: expected a non-zero vector")
        # orthonormal-ish basis (u, v) of the plane normal to n; areas scaled by |n|
        u = _cross(n, (1, 0, 0)) if (n[1] != 0 or n[2] != 0) else _cross(n, (0, 1, 0))
        v = _cross(n, u)
        pts = [self.position3(k) for k in range(self.n_wells)]
        proj = [(sum(a * b for a, b in zip(p, u, strict=True)), sum(a * b for a, b in zip(p, v, strict=True)))
                for p in pts]
        order = _convex_hull_order([(float(x), float(y)) for x, y in proj])
        if len(order) < 3:
            return sp.Integer(0)
        area2 = sum(
            proj[order[k]][0] * proj[order[(k + 1) % len(order)]][1]
            - proj[order[(k + 1) % len(order)]][0] * proj[order[k]][1]
            for k in range(len(order))
        )
        # u is normal to n and v = n x u, so |v| = |n||u| and (u, v)-areas are |u|^2 |n| times true areas
        scale = sum(c**2 for c in u) * sp.sqrt(norm2)
        return sp.radsimp(sp.Abs(sp.expand(area2)) / 2 / scale)

    # -- transformations -------------------------------------------------------------------
    def relabelled(self, perm: Sequence[int]) -> Geometry:
        """The same geometry with well ``k`` renamed to ``perm[k]``."""
        perm = list(perm)
        if sorted(perm) != list(range(self.n_wells)):
            raise ParameterError(f"perm: expected a permutation of 0..{self.n_wells - 1}, got {perm}")
        inv = [0] * self.n_wells
        for k, p in enumerate(perm):
            inv[p] = k
        positions = [self.positions[inv[p]] for p in range(self.n_wells)]
        labels = [self.labels[inv[p]] for p in range(self.n_wells)]
        bonds = [(perm[b.i], perm[b.j], b.hopping) for b in self.bonds]
        return Geometry(
            positions, bonds, labels, length_unit=self.length_unit,
            allow_disconnected=self.allow_disconnected, name=self.name, float_input=self.float_input,
        )

    def translated(self, shift: Sequence) -> Geometry:
        """The same geometry with every well moved by ``shift``."""
        shift_in = list(shift)
        shift = [_exact(c, "shift") for c in shift_in]
        if len(shift) != self.dimension:
            raise ParameterError(f"shift: expected {self.dimension} components, got {len(shift)}")
        positions = [tuple(a + b for a, b in zip(p, shift, strict=True)) for p in self.positions]
        return Geometry(
            positions, [(b.i, b.j, b.hopping) for b in self.bonds], self.labels,
            length_unit=self.length_unit, allow_disconnected=self.allow_disconnected, name=self.name,
            float_input=self.float_input or any(isinstance(c, float | np.floating) for c in shift_in),
        )

    def with_hoppings(self, names: dict[str, str]) -> Geometry:
        """The same geometry with hopping names renamed by the mapping ``names``."""
        return Geometry(
            self.positions, [(b.i, b.j, names.get(b.hopping, b.hopping)) for b in self.bonds],
            self.labels, length_unit=self.length_unit,
            allow_disconnected=self.allow_disconnected, name=self.name, float_input=self.float_input,
        )

    @classmethod
    def from_positions(
        cls,
        points,
        *,
        cutoff,
        hoppings: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        rtol: float = 1e-9,
    ) -> Geometry:
        """Bond every pair of wells closer than ``cutoff``; hoppings named by distance shell.

        The nearest shell gets ``hoppings[0]`` (default ``"D_1"``), the next ``"D_2"``, and so on.

        Examples
        --------
        >>> g = Geometry.from_positions([(0, 0), (1, 0), (1, 1), (0, 1)], cutoff=1.5)
        >>> [(b.i, b.j, b.hopping) for b in g.bonds]
        [(0, 1, 'D_1'), (0, 2, 'D_2'), (0, 3, 'D_1'), (1, 2, 'D_1'), (1, 3, 'D_2'), (2, 3, 'D_1')]
        """
        positions, unit = _split_units(points, None)
        if isinstance(cutoff, pint.Quantity):
            if unit is None:
                raise GeometryError("cutoff: a length with units needs positions with units")
            cutoff = cutoff.m_as(unit)
        elif unit is not None:
            raise GeometryError("cutoff: positions have units, so the cutoff needs a pint length too")
        pts = np.array([[float(_exact(c, f"positions[{k}]")) for c in p] for k, p in enumerate(positions)],
                       dtype=float)
        n = len(pts)
        pairs = []
        for i, j in itertools.combinations(range(n), 2):
            d = float(np.linalg.norm(pts[i] - pts[j]))
            if d <= cutoff * (1 + rtol):
                pairs.append((d, i, j))
        shells: list[float] = []
        for d, _, _ in sorted(pairs):
            if not shells or d > shells[-1] * (1 + rtol):
                shells.append(d)
        if hoppings is None:
            hoppings = [f"D_{k + 1}" for k in range(len(shells))]
        if len(hoppings) < len(shells):
            raise ParameterError(
                f"hoppings: {len(shells)} distance shells need {len(shells)} names, got {len(hoppings)}"
            )
        bonds = []
        for d, i, j in pairs:
            shell = next(k for k, s in enumerate(shells) if d <= s * (1 + rtol))
            bonds.append((i, j, hoppings[shell]))
        pos = points if unit is not None else positions
        return cls(pos, bonds, labels, name="from_positions")

    @classmethod
    def from_file(cls, path, *, cutoff=None, bonds: str | None = None, length_unit=None, hopping=None,
                  rtol: float = 1e-4, frame: int | None = None, format: str | None = None) -> Geometry:
        """The geometry of a structure file (XYZ, CIF, POSCAR, ... via ASE) or a ``.toml`` geometry file.

        A structure file gives the wells (its atoms, in file order, labels ``1..n``; periodic images
        are not added) in ``length_unit`` (default ångström, ASE's unit). Bonds join every pair closer
        than ``cutoff`` (a number in ``length_unit`` or a pint length; hoppings ``D_1, D_2, ...`` by
        distance shell) or, by default (``bonds="nearest"``), the pairs at the smallest distance
        (hopping ``D_0``); ``hopping`` renames them (one name, or one per shell); distances within
        ``rtol`` are one shell. A ``.toml`` file lists its wells and bonds (see
        :func:`multiwell.energies_from_file` and the how-to "your own geometry"). Needs the
        ``structures`` extra (ASE) for anything but ``.toml``; ``frame`` picks one structure of a
        multi-structure file, ``format`` names ASE's format when the file name does not.

        Raises
        ------
        GeometryError
            A missing or unreadable file, an unknown unit, a cutoff that gives no bonds, a bond that
            passes through a well (a collinear loop), bonds that leave the wells disconnected; the
            message names the file and the option.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "triangle.toml"
        >>> _ = path.write_text('unit = "nm"\\nwells = [{position = [0, 0]}, {position = [1, 0]}, '
        ...                     '{position = [0, 1]}]\\nbonds = [[0, 1], [1, 2], [2, 0, "D_1"]]\\n')
        >>> g = Geometry.from_file(path)
        >>> g.length_unit, [loop.area for loop in g.loops()]
        (<Unit('nanometer')>, [(0, 0, 1/2)])
        """
        from multiwell.geometry._structures import geometry_from_file

        return geometry_from_file(cls, path, cutoff=cutoff, bonds=bonds, length_unit=length_unit, hopping=hopping,
                                  rtol=rtol, frame=frame, format=format)

    @classmethod
    def from_ase(cls, atoms, *, cutoff=None, bonds: str | None = None, length_unit="angstrom", hopping=None,
                 rtol: float = 1e-4) -> Geometry:
        """The geometry of an ``ase.Atoms`` object: its atoms are the wells, bonded as in :meth:`from_file`."""
        from multiwell.geometry._structures import geometry_from_ase

        return geometry_from_ase(cls, atoms, cutoff=cutoff, bonds=bonds, length_unit=length_unit, hopping=hopping,
                                 rtol=rtol)

