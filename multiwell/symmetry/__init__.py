r"""Symmetries of a tunnelling Hamiltonian (well permutations up to a gauge) and the blocks they give.

A permutation :math:`p` of the wells is a symmetry of :math:`H` when it maps the geometry onto
itself (on-site energies, hoppings, distances between wells and to their centre) and keeps the
field up to a gauge transformation: with :math:`P` its permutation matrix,

.. math:: P H P^{T} = G^\dagger H G,\qquad G = \mathrm{diag}(e^{i\chi_k}),

so :math:`U = GP` commutes with :math:`H`. The gauge :math:`\chi` is found by propagating the phase
differences along a spanning tree of the bonds and then checked on every bond (a field that a
rotation does not keep, e.g. a mirror plane containing :math:`\mathbf B`, fails the check).

:func:`symmetry_blocks` splits :math:`H` by the irreducible representations of the whole group
when the group is non-abelian and its elements are plain permutations (no field, or a field
every symmetry keeps without a gauge change): characters, isotypic projectors and one block per
representation whose size is its multiplicity (see ``multiwell.symmetry._irreps``; the icosahedron's
:math:`I_h` gives four :math:`1\times1` blocks, C60's blocks are at most :math:`3\times3`).
Otherwise (a field: the unitary symmetries that keep an axial vector form an abelian group, a
rotation axis, the inversion and the mirror perpendicular to it) it splits by the joint
eigenspaces of a set of commuting symmetries (the element with the fewest cycles first, ties to
the largest order, then every symmetry that commutes with those chosen and is not yet generated
by them): for a cyclic or abelian group these are its characters, the Fourier basis of a ring.
A non-abelian group with gauge phases (a projective representation) is split the same way, by the
abelian subgroup found, whose pieces of different irreducible representations may share a block.
Every :math:`U` is a permutation times phases, so the joint eigenvectors are explicit: on an orbit
of the wells, :math:`U_k v = \mu_k v` fixes each component from the first, and the characters
:math:`\mu_k = e^{2\pi i j_k/m_k}` that are consistent around the orbit are exactly the orbit's
:math:`|O|` joint eigenvalues. The blocks are :math:`V^\dagger H V` for the orthonormal columns
:math:`V` of one character; their spectra together are the spectrum of :math:`H`.

Examples
--------
A ring of four equal wells with a flux: the magnetic translation :math:`k\to k+1` is a symmetry,
so the Hamiltonian splits into four :math:`1\times1` blocks, the Bloch levels
:math:`2D_0\cos((\phi + 2\pi j)/4)`.

>>> import sympy as sp
>>> from multiwell import hamiltonian, ring
>>> phi = sp.Symbol("phi", real=True)
>>> blocks = symmetry_blocks(hamiltonian(ring(4), flux=phi, energies=[0] * 4))
>>> blocks.order, blocks.sizes
(4, (1, 1, 1, 1))
>>> blocks.levels()
[2*D_0*cos(phi/4), 2*D_0*sin(phi/4), -2*D_0*cos(phi/4), -2*D_0*sin(phi/4)]
"""


from multiwell.symmetry._blocks import SymmetryBlocks, symmetry_blocks
from multiwell.symmetry._search import Symmetry, symmetries

__all__ = [
    "Symmetry",
    "SymmetryBlocks",
    "symmetries",
    "symmetry_blocks",
]
