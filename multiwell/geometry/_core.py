# Over 600 lines (798): Geometry and its presets; issue 27 moves the presets beside _solids/_lattices in geometry/.
"""The implementation behind :mod:`multiwell.geometry` (its docstring says what it computes)."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pint
import sympy as sp

from multiwell.errors import GeometryError, ParameterError
from multiwell.units import ureg

__all__ = [
    "Bond",
    "Geometry",
    "Loop",
    "chain",
    "complete",
    "double_well",
    "ring",
    "square",
    "tetrahedron",
    "octahedron",
    "cube",
    "icosahedron",
    "cuboctahedron",
    "fullerene",
]


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


def _exact(x, name: str) -> sp.Expr:
    """Convert a coordinate to an exact SymPy number (floats via nsimplify, never silently)."""
    if isinstance(x, sp.Basic):
        value = sp.sympify(x)
    elif isinstance(x, bool):
        raise GeometryError(f"{name}: expected a real number, got bool {x!r}")
    elif isinstance(x, int | np.integer):
        value = sp.Integer(int(x))
    elif isinstance(x, float | np.floating):
        if not np.isfinite(x):
            raise GeometryError(f"{name}: expected a finite coordinate, got {x!r}")
        value = sp.nsimplify(float(x), rational=True)
    else:
        try:
            value = sp.sympify(x, strict=True)
        except (sp.SympifyError, TypeError) as exc:
            raise GeometryError(f"{name}: expected a real number, got {type(x).__name__} {x!r}") from exc
    if value.free_symbols or not value.is_real:
        raise GeometryError(f"{name}: expected a real number, got {value}")
    return value


def _cross(a, b):
    return (
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    )


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
        proj = [(sum(a * b for a, b in zip(p, u, strict=True)), sum(a * b for a, b in zip(p, v, strict=True))) for p in pts]
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

        return geometry_from_file(path, cutoff=cutoff, bonds=bonds, length_unit=length_unit, hopping=hopping,
                                  rtol=rtol, frame=frame, format=format)

    @classmethod
    def from_ase(cls, atoms, *, cutoff=None, bonds: str | None = None, length_unit="angstrom", hopping=None,
                 rtol: float = 1e-4) -> Geometry:
        """The geometry of an ``ase.Atoms`` object: its atoms are the wells, bonded as in :meth:`from_file`."""
        from multiwell.geometry._structures import geometry_from_ase

        return geometry_from_ase(atoms, cutoff=cutoff, bonds=bonds, length_unit=length_unit, hopping=hopping,
                                 rtol=rtol)


def _split_units(positions, length_unit):
    """Separate magnitudes and unit from positions given as pint quantities (or not)."""
    if isinstance(positions, pint.Quantity):
        if not positions.check("[length]"):
            raise GeometryError(f"positions: expected a length, got {positions.units}")
        unit = positions.units
        return [list(p) for p in np.atleast_2d(positions.magnitude).tolist()], unit
    positions = list(positions)
    if positions and any(isinstance(p, pint.Quantity) for p in positions):
        unit = None
        out = []
        for k, p in enumerate(positions):
            if not isinstance(p, pint.Quantity) or not p.check("[length]"):
                raise GeometryError(f"positions[{k}]: expected a pint length like the other wells, got {p!r}")
            unit = unit or p.units
            out.append(list(np.atleast_1d(p.m_as(unit))))
        return out, unit
    if length_unit is not None:
        length_unit = ureg.Unit(length_unit) if isinstance(length_unit, str) else length_unit
        if not (1 * length_unit).check("[length]"):
            raise GeometryError(f"length_unit: expected a length unit, got {length_unit}")
    return [list(p) if isinstance(p, Iterable) else [p] for p in positions], length_unit


def _canonical_cycle(wells: tuple[int, ...]) -> tuple[int, ...]:
    """Rotate a cycle to start at its smallest well, keeping its orientation."""
    k = wells.index(min(wells))
    return wells[k:] + wells[:k]


def _convex_hull_order(pts: list[tuple[float, float]]) -> list[int]:
    """Indices of the convex hull, counter-clockwise (Andrew's monotone chain, in floats)."""
    idx = sorted(range(len(pts)), key=lambda k: pts[k])
    if len(idx) < 3:
        return idx

    def cross(o, a, b):
        return (pts[a][0] - pts[o][0]) * (pts[b][1] - pts[o][1]) - (pts[a][1] - pts[o][1]) * (pts[b][0] - pts[o][0])

    scale = max(1e-300, max(abs(c) for p in pts for c in p))
    eps = 1e-12 * scale * scale
    lower: list[int] = []
    for k in idx:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], k) <= eps:
            lower.pop()
        lower.append(k)
    upper: list[int] = []
    for k in reversed(idx):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], k) <= eps:
            upper.pop()
        upper.append(k)
    return lower[:-1] + upper[:-1]


# -- presets -----------------------------------------------------------------------------------
def _regular_polygon(n: int) -> list[tuple[sp.Expr, sp.Expr]]:
    return [(sp.cos(2 * sp.pi * k / n), sp.sin(2 * sp.pi * k / n)) for k in range(n)]


def double_well(*, hopping: str = "Delta_0") -> Geometry:
    r"""The double well of the standard tunnelling model (paper Eq. 1): two wells, one bond.

    With ``convention="standard"`` and on-site energies :math:`\mp\Delta/2` the Hamiltonian is
    Eq. 1, :math:`H = -\tfrac12(\Delta\sigma_z + \Delta_0\sigma_x)`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> Delta = sp.Symbol("Delta", real=True)
    >>> hamiltonian(double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]).matrix
    Matrix([
    [     -Delta/2, -Delta_0/2],
    [-Delta_0/2,    Delta/2]])
    """
    return Geometry([(-1, 0), (1, 0)], [(0, 1, hopping)], labels=("L", "R"), name="double_well")


def chain(n: int, *, hopping: str = "D_0") -> Geometry:
    r"""``n`` wells on a line with nearest-neighbour bonds (no loops, so no flux).

    At equal on-site energies :math:`E_i = 0` the open chain has the standing-wave levels
    :math:`\mathcal E_k = 2D_0\cos\frac{k\pi}{n+1}`, :math:`k = 1..n`: for three wells
    :math:`\sqrt2 D_0, 0, -\sqrt2 D_0`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> chain(3).loops()
    ()
    >>> levels = hamiltonian(chain(3), energies=[0, 0, 0]).matrix.eigenvals()
    >>> levels == {-sp.sqrt(2) * D_0: 1, 0: 1, sp.sqrt(2) * D_0: 1}
    True
    """
    n = _check_n(n, 1, "n")
    return Geometry([(k, 0) for k in range(n)], [(k, k + 1, hopping) for k in range(n - 1)], name=f"chain({n})")


def ring(n: int, *, hopping: str = "D_0") -> Geometry:
    r"""``n`` wells on a regular polygon (unit circumradius) with nearest-neighbour bonds.

    ``ring(3)`` equals ``complete(3)``; ``ring(4)`` is the square without diagonals (paper Eq. 37).
    At :math:`E_i = 0` the levels form the Bloch band
    :math:`\mathcal E_k = 2D_0\cos\frac{2\pi k + \phi}{n}`, :math:`k = 0..n-1`, with
    :math:`\phi = 2\pi\Phi/\Phi_0` the flux through the ring.

    Examples
    --------
    Four wells at zero field: :math:`2D_0, 0, 0, -2D_0`.

    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> hamiltonian(ring(4), energies=[0] * 4).matrix.eigenvals() == {2 * D_0: 1, 0: 2, -2 * D_0: 1}
    True
    >>> [loop.wells for loop in ring(5).loops()]
    [(0, 1, 2, 3, 4)]
    """
    n = _check_n(n, 3, "n")
    return Geometry(_regular_polygon(n), [(k, (k + 1) % n, hopping) for k in range(n)], name=f"ring({n})")


def complete(n: int, *, hopping: str = "D_0") -> Geometry:
    r"""``n`` wells on a regular polygon, all pairs bonded with one hopping (paper Eq. 3 for n = 3).

    With :math:`H = \mathrm{diag}(E_i) + D_0(J - 1)` (:math:`J` the all-ones matrix), at
    :math:`E_i = 0` the spectrum is :math:`(n-1)D_0` once and :math:`-D_0` (:math:`n-1` times):
    the near-degenerate ground doublet of the paper's 3-well system.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> hamiltonian(complete(3)).matrix        # paper Eq. 3
    Matrix([
    [E_1, D_0, D_0],
    [D_0, E_2, D_0],
    [D_0, D_0, E_3]])
    >>> hamiltonian(complete(3), energies=[0, 0, 0]).matrix.eigenvals() == {-D_0: 2, 2 * D_0: 1}
    True
    """
    n = _check_n(n, 2, "n")
    pos = _regular_polygon(n) if n > 2 else [(-1, 0), (1, 0)]
    return Geometry(pos, [(i, j, hopping) for i, j in itertools.combinations(range(n), 2)], name=f"complete({n})")


def square(*, nnn: bool = True, nn_hopping: str = "D_1", nnn_hopping: str = "D_2") -> Geometry:
    r"""Four wells on a unit square, counter-clockwise; nn hopping ``D_1``, diagonals ``D_2``.

    The Hamiltonian is paper Eq. 4 (with a flux, Eq. 33; without diagonals, Eq. 37).

    At :math:`E_i = 0` the Bloch states of the square give :math:`2D_1 + D_2`, :math:`-D_2`
    (twice, :math:`k=\pm\pi/2`) and :math:`-2D_1 + D_2`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_1, D_2 = sp.symbols("D_1 D_2", positive=True)
    >>> hamiltonian(square()).matrix            # paper Eq. 4
    Matrix([
    [E_1, D_1, D_2, D_1],
    [D_1, E_2, D_1, D_2],
    [D_2, D_1, E_3, D_1],
    [D_1, D_2, D_1, E_4]])
    >>> hamiltonian(square(), energies=[0] * 4).matrix.eigenvals() == {
    ...     2 * D_1 + D_2: 1, -D_2: 2, -2 * D_1 + D_2: 1}
    True
    >>> len(square(nnn=False).bonds), len(square().loops())
    (4, 3)
    """
    bonds = [(0, 1, nn_hopping), (1, 2, nn_hopping), (2, 3, nn_hopping), (0, 3, nn_hopping)]
    if nnn:
        bonds += [(0, 2, nnn_hopping), (1, 3, nnn_hopping)]
    half = sp.Rational(1, 2)
    pos = [(-half, -half), (half, -half), (half, half), (-half, half)]
    return Geometry(pos, bonds, name="square" + ("" if nnn else "(nnn=False)"))


def tetrahedron(*, hopping: str = "D_0") -> Geometry:
    r"""Four wells on a regular tetrahedron (vertices of alternate cube corners), all bonded.

    The 3D analogue of :func:`complete`: at :math:`E_i = 0` the levels are :math:`3D_0` and
    :math:`-D_0` three times. Its :math:`6 - 4 + 1 = 3` independent loops are faces, each of area
    :math:`\tfrac{\sqrt3}{4}a^2 = 2\sqrt3` for the edge :math:`a = 2\sqrt2`.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> hamiltonian(tetrahedron(), energies=[0] * 4).matrix.eigenvals() == {3 * D_0: 1, -D_0: 3}
    True
    >>> [sp.sqrt(sum(c**2 for c in loop.area)) for loop in tetrahedron().loops()]
    [2*sqrt(3), 2*sqrt(3), 2*sqrt(3)]
    """
    pos = [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)]
    return Geometry(pos, [(i, j, hopping) for i, j in itertools.combinations(range(4), 2)], name="tetrahedron")


def _check_n(n, minimum: int, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < minimum:
        raise GeometryError(f"{name}: expected an integer >= {minimum}, got {n!r}")
    return int(n)


from multiwell.geometry._solids import cube, cuboctahedron, fullerene, icosahedron, octahedron  # noqa: E402  (presets, re-exported)
