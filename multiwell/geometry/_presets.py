r"""The planar and small presets of the seed paper: double well, chain, ring, complete graph, square, tetrahedron.

Each preset returns a :class:`~multiwell.geometry.Geometry` with exact coordinates and named hoppings, as
the paper's equations use them (Eq. 1 :func:`double_well`, Eq. 3 ``complete(3)``, Eq. 4 :func:`square`,
Eq. 37 ``ring(4)``). The polyhedra are in :mod:`multiwell.geometry._solids`, lattice patches in
:mod:`multiwell.geometry._lattices` (which uses :func:`_check_n` from here). Re-exported from
:mod:`multiwell.geometry` and :mod:`multiwell`.
"""

from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from multiwell.errors import GeometryError
from multiwell.geometry._geometry import Geometry

__all__ = ["chain", "complete", "double_well", "ring", "square", "tetrahedron"]


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

