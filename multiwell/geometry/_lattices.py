r"""Lattice patches with exact coordinates: :func:`triangular_patch`."""

from __future__ import annotations

import sympy as sp

from multiwell.geometry._geometry import Geometry
from multiwell.geometry._presets import _check_n

__all__ = ["triangular_patch"]


def triangular_patch(n: int, *, hopping: str = "D_0") -> Geometry:
    r"""A triangle of the triangular lattice with ``n`` rows (unit spacing), nearest neighbours bonded.

    Row :math:`k = 0..n-1` holds :math:`k+1` wells at
    :math:`\bigl(j - \tfrac k2,\ \tfrac{\sqrt3}{2}(\tfrac{2(n-1)}{3} - k)\bigr)`, :math:`j = 0..k`
    (exact, centroid at the origin): :math:`n(n+1)/2` wells, :math:`3n(n-1)/2` bonds of length 1
    and :math:`(n-1)^2` independent loops, the elementary triangles, each of area
    :math:`\sqrt3/4`. ``triangular_patch(2)`` is the triangle of :func:`~multiwell.geometry.complete`
    with side 1.

    At :math:`E_i = 0` and no field, the three wells of ``triangular_patch(2)`` give
    :math:`2D_0, -D_0, -D_0`; the six of ``triangular_patch(3)`` have :math:`\operatorname{tr}H^2 = 18D_0^2`
    (twice the number of bonds).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import hamiltonian
    >>> g = triangular_patch(3)
    >>> g.n_wells, len(g.bonds), len(g.loops())
    (6, 9, 4)
    >>> sorted({loop.area[2] for loop in g.loops()}, key=abs)[:1]
    [sqrt(3)/4]
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> hamiltonian(triangular_patch(2), energies=[0] * 3).matrix.eigenvals() == {2 * D_0: 1, -D_0: 2}
    True
    """
    n = _check_n(n, 2, "n")
    h = sp.sqrt(3) / 2
    wells, index = [], {}
    for k in range(n):
        for j in range(k + 1):
            index[(k, j)] = len(wells)
            wells.append((j - sp.Rational(k, 2), h * (sp.Rational(2 * (n - 1), 3) - k)))
    bonds = []
    for (k, j), a in index.items():
        for dk, dj in ((0, 1), (1, 0), (1, 1)):  # right neighbour in the row, the two below
            b = index.get((k + dk, j + dj))
            if b is not None:
                bonds.append((a, b, hopping))
    return Geometry(wells, bonds, name=f"triangular_patch({n})")
