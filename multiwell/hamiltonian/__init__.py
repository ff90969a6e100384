r"""Symbolic tunnelling Hamiltonians with Peierls phases.

:func:`hamiltonian` turns a :class:`~multiwell.geometry.Geometry` into an immutable
:class:`Hamiltonian`: a Hermitian SymPy matrix with on-site energies :math:`E_i` (real
symbols) on the diagonal and hoppings (positive symbols) on the bonds,

.. math:: H_{ij} = s\,t_{ij}\,e^{i\theta_{ij}},\qquad
          \theta_{ij} = \frac{q}{\hbar}\int_{\mathbf r_i}^{\mathbf r_j}\mathbf A\cdot d\mathbf l ,

with :math:`s = +1` (the paper's convention, :math:`D_0>0`, Eq. 3) or :math:`s=-\tfrac12`
(the standard tunnelling model, :math:`-\Delta_0/2`, Eq. 1).  With this sign of the
phase the product of matrix elements around a closed path visited in the order
:math:`1\to2\to\dots\to1` is :math:`\prod H_{k,k+1} = \prod |t|\,e^{2\pi i\Phi/\Phi_0}`,
:math:`\Phi=\mathbf B\cdot\mathbf S`, as in the paper's Eqs. 7 and 33 (the textbook
Peierls sign differs by :math:`q\to-q`, which for real hoppings only maps the
spectrum at :math:`\Phi` to the same spectrum at :math:`-\Phi`).

The flux is given either as a SymPy expression :math:`\phi = 2\pi\Phi/\Phi_0` through the
reference area (the convex hull of the wells seen along the field), as one
expression per independent loop of :meth:`Geometry.loops`, or as a pint magnetic
field (with a charge) for a geometry whose positions carry a length unit. The gauge
is a choice of phases on the bonds that leaves every loop flux unchanged:
``"symmetric"`` (:math:`\mathbf A = \tfrac12\mathbf B\times(\mathbf r-\mathbf r_0)`),
``"landau"``, ``"tree"`` (zero phase on a spanning tree) or ``"equal"`` (the same phase
on every bond of the ring :math:`1\to2\to\dots\to n\to1`, the paper's :math:`\phi/3`
of Eq. 7 and :math:`\phi/4` of Eq. 33).

Examples
--------
>>> import sympy as sp
>>> from multiwell import complete, hamiltonian
>>> phi = sp.Symbol("phi", real=True)
>>> H = hamiltonian(complete(3), flux=phi)
>>> H.matrix
Matrix([
[                 E_1, D_0*exp(I*phi/3), D_0*exp(-I*phi/3)],
[D_0*exp(-I*phi/3),                 E_2, D_0*exp(I*phi/3)],
[ D_0*exp(I*phi/3), D_0*exp(-I*phi/3),                 E_3]])
"""

from multiwell.hamiltonian import _gauges as _gauges_module
from multiwell.hamiltonian import _peierls as _peierls_module
from multiwell.hamiltonian._hamiltonian import Hamiltonian, hamiltonian
from multiwell.hamiltonian._peierls import field_flux, peierls_phases

FIELD_FLUX = _peierls_module.FIELD_FLUX
r"""The flux symbol of a field given in physical units: :math:`\phi_B = qBS/\hbar = 2\pi\Phi/\Phi_0`
through the reference area :math:`S` (the wells' convex hull seen along the field)."""
GAUGES = _gauges_module.GAUGES
"""The gauges :func:`hamiltonian` can build directly; any other is a :meth:`Hamiltonian.gauge_transform`."""

__all__ = [
    "FIELD_FLUX",
    "GAUGES",
    "Hamiltonian",
    "field_flux",
    "hamiltonian",
    "peierls_phases",
]
