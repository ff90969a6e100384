r"""Limits: eigenvalue series in small parameters and effective Hamiltonians.

The chosen ``small`` parameters :math:`s_1,\dots,s_p` are the expansion variables,
:math:`H = H_0 + \sum_\alpha s^\alpha H_\alpha` (the Taylor coefficients of every entry, so
Peierls factors :math:`e^{i\phi/L}` of a small flux are expanded too), and
quasi-degenerate perturbation theory block-diagonalises :math:`H` in the eigenspaces of
:math:`H_0`, order by order in every small parameter separately (multivariate
series, so the order can be counted per parameter). The block diagonalisation is
pymablock's (arbitrary order, peer reviewed); this module adds

- the exact unperturbed basis of a geometry: Fourier modes
  :math:`e^{2\pi ijk/n}/\sqrt n` when :math:`H_0` is invariant under a cyclic relabelling of
  the wells (rings, complete graphs, the square, the tetrahedron, with or without a flux that
  respects the symmetry), standing waves :math:`\sqrt{2/(n+1)}\sin(\pi jk/(n+1))` for a
  uniform chain, and SymPy's eigenvectors (orthonormalised) otherwise;
- exact arithmetic: when the Fourier or standing-wave basis applies and :math:`H_0` has no
  free parameter left once the energy scale is set to 1 (every Hamiltonian is homogeneous of
  degree one in its energies and hoppings, so one hopping is scaled out and restored at the
  end), every number of the calculation lies in a cyclotomic field :math:`\mathbb Q(\zeta_N)`
  and is computed there exactly and in canonical form (python-flint); with one flux
  :math:`\phi` left symbolic in :math:`H_0` (a ring in a field expanded in its energies), in the
  field of rational functions of :math:`w = e^{i\phi/L}` over :math:`\mathbb Q(\zeta_N)`
  (:mod:`multiwell.limits._fluxfield`), and each level is written in real trigonometric form over one
  common denominator per order (cosines and sines of multiples of :math:`\phi/L`, no complex
  roots of unity); otherwise the SymPy expressions are expanded at each step;
- the truncation (total order, or orders per parameter or per group of parameters), the eigenvalues of each
  effective block (closed forms of the factors when its characteristic polynomial splits over the
  rationals into degrees <= 2, Viète's form for an irreducible cubic), and the two-level
  parameters of an effective doublet.

A degenerate level's series is the set of eigenvalues of its truncated effective block, whose
entries are analytic in the small parameters; the eigenvalues themselves generally are not
(they contain square roots, e.g. the 3-well's ground doublet, Eq. 13). By Weyl's inequality
each eigenvalue of the truncated block differs from an exact eigenvalue by
:math:`O(\varepsilon^{n+1})` when all small parameters are scaled by :math:`\varepsilon`.
Perturbation theory needs the unperturbed levels to stay apart: a level that crosses
another somewhere in the parameter space makes the series fail near that crossing.

Examples
--------
>>> import sympy as sp
>>> from multiwell import complete, hamiltonian
>>> E = sp.symbols("E_1:4", real=True)
>>> H = hamiltonian(complete(3))
>>> [sp.factor(s) for s in eigenvalue_series(H, small=E, order=1)][2]
(6*D_0 + E_1 + E_2 + E_3)/3
"""


from multiwell.limits._series import (
    effective_hamiltonian,
    effective_two_level,
    eigenvalue_series,
    reduce,
    unperturbed_levels,
)

__all__ = [
    "effective_hamiltonian",
    "effective_two_level",
    "eigenvalue_series",
    "reduce",
    "unperturbed_levels",
]
