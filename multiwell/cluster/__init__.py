r"""Clusters of N coupled tunnelling particles and their reduction to one fictitious particle.

The seed paper's appendix (Eqs. 41–51) replaces a cluster of :math:`N` interacting
tunnelling particles, each in its own copy of a well system, by a single *fictitious*
particle whose wells are the coherent states :math:`|aa\dots a\rangle`. This module
builds the many-particle Hamiltonian (Eqs. 44, 47, 49)

.. math::
    H_N = \sum_{i=1}^N h_i \;-\; U\sum_{i<i'}\sum_a n_{ia}\,n_{i'a},

with :math:`h_i` particle :math:`i`'s copy of a single-particle Hamiltonian, in the
product basis :math:`|a_1a_2\dots a_N\rangle` (lexicographic order of the well indices,
particle 1 most significant: index :math:`\sum_k a_k\,n^{N-k}`), and reduces it to the
coherent subspace :math:`P=\mathrm{span}\{|aa\dots a\rangle\}` in four ways
(:func:`coherent_hamiltonian`, :func:`coherent_coupling`):

``"literal"``
    the matrix elements :math:`\langle b\dots b|H_N|a\dots a\rangle` as Eq. 51 defines
    them. A one-body hopping moves one particle, so for :math:`N\ge2` the off-diagonal
    element between coherent states is **zero**.
``"paper"``
    what the paper states for them: diagonal as literal, off-diagonal
    :math:`\sum_i \langle b|h_i|a\rangle` (Eqs. 45, 46, 48, 51).
``"perturbative"``
    quasi-degenerate (Schrieffer–Wolff) perturbation theory in the hopping, with the
    on-site energies and :math:`U` as the unperturbed part. The coherent states first
    couple at order :math:`L=\sum_i d_i(a,b)` (:math:`d_i` the graph distance), through
    a sum over the :math:`L`-step paths; for identical symmetric double wells,
    :math:`t_N = N\Delta_0\,(-\Delta_0/U)^{N-1}/(N-1)!`.
``"exact"``
    numeric: exact diagonalisation, then the des Cloizeaux effective Hamiltonian of the
    :math:`n` lowest states in the coherent basis (for a symmetric double well its
    off-diagonal element is :math:`\pm` half the tunnel splitting).

Sparse numeric matrices (:func:`cluster_sparse`) reach far larger :math:`N` than the
symbolic ones; see ``benchmarks/RESULTS_cluster.md`` for the measured limits.
The charge and flux-area rules of Eqs. 42–43 are in :func:`renormalised_charge`,
:func:`renormalised_area`, :func:`composite_parameter` and :func:`cluster_size`.

Examples
--------
>>> import sympy as sp
>>> from multiwell import double_well, hamiltonian
>>> Delta, U = sp.Symbol("Delta", real=True), sp.Symbol("U", positive=True)
>>> h = hamiltonian(double_well(), energies=[Delta, -Delta])
>>> cluster_hamiltonian(h, 2, coupling=U).matrix
Matrix([
[2*Delta - U, Delta_0, Delta_0,            0],
[    Delta_0,       0,       0,      Delta_0],
[    Delta_0,       0,       0,      Delta_0],
[          0, Delta_0, Delta_0, -2*Delta - U]])
>>> coherent_coupling(h.subs({Delta: 0}), 3, coupling=U, method="literal")
0
>>> coherent_coupling(h.subs({Delta: 0}), 3, coupling=U, method="perturbative")
3*Delta_0**3/(2*U**2)
"""


from multiwell.cluster import _coherent as _coherent_module
from multiwell.cluster import _model as _model_module
from multiwell.cluster._coherent import (
    coherent_coupling,
    coherent_hamiltonian,
    identical_double_well_coupling,
    scaling_exponent,
)
from multiwell.cluster._exact import cluster_sparse
from multiwell.cluster._model import cluster_basis, cluster_hamiltonian, coherent_index, particle_symbol
from multiwell.cluster._renormalised import (
    cluster_size,
    composite_parameter,
    renormalised_area,
    renormalised_charge,
)

METHODS = _coherent_module.METHODS
"""The ways :func:`coherent_coupling` computes the coupling between coherent states."""
U = _model_module.U
"""The default pair coupling: every pair of particles in the same well gains :math:`-U`."""

__all__ = [
    "METHODS",
    "U",
    "cluster_basis",
    "cluster_hamiltonian",
    "cluster_size",
    "cluster_sparse",
    "coherent_coupling",
    "coherent_hamiltonian",
    "coherent_index",
    "composite_parameter",
    "identical_double_well_coupling",
    "particle_symbol",
    "renormalised_area",
    "renormalised_charge",
    "scaling_exponent",
]
