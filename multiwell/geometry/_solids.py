r"""Polyhedral presets with exact coordinates: octahedron, cube, icosahedron, cuboctahedron, C60.

Every preset puts its wells on the vertices of the solid (centred at the origin, exact
coordinates, the golden ratio :math:`\varphi = (1+\sqrt5)/2` where needed) and bonds along
its edges, found as the pairs at the shortest distance (compared exactly). Re-exported from
:mod:`multiwell.geometry` and :mod:`multiwell`.
"""

from __future__ import annotations

import itertools

import sympy as sp

from multiwell.errors import GeometryError
from multiwell.geometry._geometry import Geometry

__all__ = ["cube", "cuboctahedron", "fullerene", "icosahedron", "octahedron"]

GOLDEN = (1 + sp.sqrt(5)) / 2
r"""The golden ratio :math:`\varphi = (1+\sqrt5)/2` (exact)."""


def _geometry(pts, bonds, name: str):
    return Geometry(pts, bonds, name=name)


def _check_name(value, name: str) -> str:
    if not isinstance(value, str) or not value.isidentifier():
        raise GeometryError(f"{name}: expected a hopping name such as 'D_0', got {value!r}")
    return value


def _cyclic(points) -> list[tuple]:
    """The cyclic permutations (x, y, z), (z, x, y), (y, z, x) of every point, without repeats."""
    out: list[tuple] = []
    for x, y, z in points:
        for p in ((x, y, z), (z, x, y), (y, z, x)):
            if p not in out:
                out.append(p)
    return out


def _signs(point) -> list[tuple]:
    """Every sign choice of the non-zero coordinates of ``point``."""
    choices = [(c,) if c == 0 else (c, -c) for c in point]
    return [tuple(p) for p in itertools.product(*choices)]


def _edges(pts) -> list[tuple[int, int]]:
    """The pairs at the smallest distance (squared distances compared exactly after a float screen)."""
    d2 = {}
    for i, j in itertools.combinations(range(len(pts)), 2):
        d2[(i, j)] = float(sum((sp.N(a - b, 30)) ** 2 for a, b in zip(pts[i], pts[j], strict=True)))
    shortest = min(d2.values())
    close = [k for k, v in d2.items() if abs(v - shortest) < 1e-9 * shortest]
    exact = {k: sp.expand(sum((a - b) ** 2 for a, b in zip(pts[k[0]], pts[k[1]], strict=True))) for k in close}
    least = min(exact.values(), key=lambda v: float(v))
    return [k for k in close if sp.expand(exact[k] - least) == 0]


def octahedron(*, hopping: str = "D_0") -> Geometry:
    r"""Six wells at :math:`\pm\hat x, \pm\hat y, \pm\hat z`, bonds along the 12 edges.

    At :math:`E_i = 0` the levels are :math:`4D_0`, :math:`0` (three times) and :math:`-2D_0` (twice).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> g = octahedron()
    >>> g.n_wells, len(g.bonds)
    (6, 12)
    >>> hamiltonian(g, energies=[0] * 6).matrix.eigenvals() == {4 * D_0: 1, 0: 3, -2 * D_0: 2}
    True
    """
    pts = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
    h = _check_name(hopping, "hopping")
    return _geometry(pts, [(i, j, h) for i, j in itertools.combinations(range(6), 2) if i // 2 != j // 2],
                     "octahedron")


def cube(*, hopping: str = "D_0") -> Geometry:
    r"""Eight wells at :math:`(\pm1, \pm1, \pm1)`, bonds along the 12 edges.

    At :math:`E_i = 0` the levels are :math:`\pm3D_0` and :math:`\pm D_0` (three times each).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> hamiltonian(cube(), energies=[0] * 8).matrix.eigenvals() == {3 * D_0: 1, D_0: 3, -D_0: 3, -3 * D_0: 1}
    True
    """
    pts = [(x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]
    h = _check_name(hopping, "hopping")
    bonds = [(i, j, h) for i, j in itertools.combinations(range(8), 2)
             if sum(a != b for a, b in zip(pts[i], pts[j], strict=True)) == 1]
    return _geometry(pts, bonds, "cube")


def icosahedron(*, hopping: str = "D_0") -> Geometry:
    r"""Twelve wells at the cyclic permutations of :math:`(0, \pm1, \pm\varphi)`, bonds along the 30 edges.

    The edge is 2. At :math:`E_i = 0` the adjacency spectrum gives :math:`5D_0` once,
    :math:`\sqrt5D_0` and :math:`-\sqrt5D_0` three times each and :math:`-D_0` five times.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> g = icosahedron()
    >>> g.n_wells, len(g.bonds)
    (12, 30)
    >>> M = hamiltonian(g, energies=[0] * 12).matrix.subs(D_0, 1)
    >>> sorted(round(float(v), 9) for v in M.evalf().eigenvals(multiple=True))
    [-2.236067977, -2.236067977, -2.236067977, -1.0, -1.0, -1.0, -1.0, -1.0, 2.236067977, 2.236067977, 2.236067977, 5.0]
    """
    pts = _cyclic([p for base in [(0, 1, GOLDEN)] for p in _signs(base)])
    h = _check_name(hopping, "hopping")
    return _geometry(pts, [(i, j, h) for i, j in _edges(pts)], "icosahedron")


def cuboctahedron(*, hopping: str = "D_0") -> Geometry:
    r"""Twelve wells at the permutations of :math:`(\pm1, \pm1, 0)`, bonds along the 24 edges.

    At :math:`E_i = 0` the levels are :math:`4D_0` once, :math:`2D_0` and :math:`0` three times
    each and :math:`-2D_0` five times (the line graph of the cube: the cube's levels plus one,
    and :math:`-2D_0` for the 12 - 8 extra dimensions).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> g = cuboctahedron()
    >>> g.n_wells, len(g.bonds)
    (12, 24)
    >>> hamiltonian(g, energies=[0] * 12).matrix.eigenvals() == {4 * D_0: 1, 2 * D_0: 3, 0: 3, -2 * D_0: 5}
    True
    """
    pts = _cyclic([p for p in _signs((1, 1, 0))])
    h = _check_name(hopping, "hopping")
    return _geometry(pts, [(i, j, h) for i, j in _edges(pts)], "cuboctahedron")


def fullerene(*, hopping: str = "D_0", hexagon_hopping: str | None = None) -> Geometry:
    r"""C60: sixty wells on the vertices of the truncated icosahedron, bonds along its 90 edges.

    The vertices are the cyclic permutations of :math:`(0, \pm1, \pm3\varphi)`,
    :math:`(\pm1, \pm(2+\varphi), \pm2\varphi)` and :math:`(\pm\varphi, \pm2, \pm\varphi^3)` (edge 2).
    The 60 edges of the twelve pentagons carry ``hopping``; the 30 edges shared by two hexagons carry
    ``hexagon_hopping`` (default: the same name, one hopping for every bond).

    Examples
    --------
    >>> g = fullerene()
    >>> g.n_wells, len(g.bonds), {b.hopping for b in g.bonds}
    (60, 90, {'D_0'})
    >>> g2 = fullerene(hopping="D_5", hexagon_hopping="D_6")
    >>> sorted((name, sum(b.hopping == name for b in g2.bonds)) for name in ("D_5", "D_6"))
    [('D_5', 60), ('D_6', 30)]
    """
    h5 = _check_name(hopping, "hopping")
    h6 = h5 if hexagon_hopping is None else _check_name(hexagon_hopping, "hexagon_hopping")
    phi = GOLDEN
    bases = [(0, 1, 3 * phi), (1, 2 + phi, 2 * phi), (phi, 2, sp.expand(phi**3))]
    pts = _cyclic([p for base in bases for p in _signs(base)])
    # a pentagon surrounds a five-fold axis (an icosahedron vertex): the edge's ends lie on the same one
    axes = _cyclic(_signs((0, 1, GOLDEN)))
    axes_f = [tuple(float(c) for c in a) for a in axes]

    def pentagon(k: int) -> int:
        p = [float(c) for c in pts[k]]
        return max(range(len(axes_f)), key=lambda a: sum(u * v for u, v in zip(p, axes_f[a], strict=True)))

    bonds = [(i, j, h5 if pentagon(i) == pentagon(j) else h6) for i, j in _edges(pts)]
    return _geometry(pts, bonds, "fullerene")
