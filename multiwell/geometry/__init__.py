r"""Geometries of tunnelling wells: positions, bonds with named hoppings, loops and their areas.

A :class:`Geometry` is an immutable value: the positions of the wells (2D or 3D,
exact SymPy numbers, optionally with a pint length unit), their labels, and the
bonds between them, each bond carrying the *name* of its hopping parameter
(``"D_0"``, ``"D_1"``, ...). :meth:`Geometry.loops` returns an independent cycle
basis (spanning tree plus one loop per remaining bond) with the oriented vector
area of each loop, which is what a magnetic field threads.

Presets follow the seed paper: :func:`double_well` (Eq. 1), :func:`complete` (the
3-well of Eq. 3 is ``complete(3)``), :func:`square` (Eq. 4, nn hopping ``D_1``,
nnn hopping ``D_2``), plus :func:`ring`, :func:`chain` and :func:`tetrahedron`.

Examples
--------
>>> from multiwell.geometry import complete, square
>>> g = complete(3)
>>> g.n_wells, [(b.i, b.j, b.hopping) for b in g.bonds]
(3, [(0, 1, 'D_0'), (0, 2, 'D_0'), (1, 2, 'D_0')])
>>> [loop.wells for loop in square().loops()]
[(0, 1, 2), (0, 1, 3), (0, 2, 3)]
"""


from multiwell.geometry._geometry import Bond, Geometry, Loop
from multiwell.geometry._lattices import triangular_patch
from multiwell.geometry._presets import chain, complete, double_well, ring, square, tetrahedron
from multiwell.geometry._solids import cube, cuboctahedron, fullerene, icosahedron, octahedron
from multiwell.geometry._structures import energies_from_file

__all__ = [
    "Bond",
    "Geometry",
    "Loop",
    "chain",
    "complete",
    "cube",
    "cuboctahedron",
    "double_well",
    "energies_from_file",
    "fullerene",
    "icosahedron",
    "octahedron",
    "ring",
    "square",
    "tetrahedron",
    "triangular_patch",
]
