r"""Characteristic polynomials in canonical form and closed-form eigenvalues.

Three public stages, each stoppable (matrix → polynomial → roots):

- :func:`characteristic_polynomial` — :math:`\det(\mathcal E - H)` as a SymPy ``Poly`` in the
  energy variable :math:`\mathcal E`, with every Peierls factor folded into cosines of
  the fluxes. The engine (:mod:`multiwell.spectrum._charpoly`) fixes the gauge on a spanning tree,
  gives each loop flux a generator :math:`w = e^{i\phi/L}`, packs all variables into
  python-flint integer polynomials and expands the determinant division-free (Laplace,
  memoised on column subsets), then folds :math:`w^k + w^{-k} = 2\cos(k\phi/L)`.
- :func:`canonical_form` — the coefficients written, as in the paper's Eq. 35, with the
  elementary symmetric polynomials :math:`e_k(E_1,\dots,E_n)` (and :math:`e_1 = 0` for a
  traceless Hamiltonian) and cosines of the fluxes; :func:`compare_polynomials` lists
  the terms in which two polynomials differ.
- :func:`roots` / :func:`eigenvalues` — closed forms: linear, quadratic, the cubic in
  Viète's trigonometric form (valid for every Hermitian matrix, branches ordered,
  degenerate case explicit), every quartic with real roots (:class:`QuarticRoot`: Euler's form with
  the resolvent cubic in Viète's form, :func:`quartic_roots` written out); from degree 5 on an
  irreducible factor gives :class:`PolyRoot`, a root labelled by its rank, evaluated numerically.

Examples
--------
>>> import sympy as sp
>>> from multiwell import complete, hamiltonian
>>> phi = sp.Symbol("phi", real=True)
>>> H = hamiltonian(complete(3), flux=phi, traceless=True)
>>> canonical_form(characteristic_polynomial(H), H)
-2*D_0**3*cos(phi) - e_3 + mathcal{E}**3 + mathcal{E}*(-3*D_0**2 + e_2)
"""


from multiwell.spectrum import _polyroot as _polyroot_module
from multiwell.spectrum._canonical import (
    canonical_form,
    characteristic_polynomial,
    compare_polynomials,
    elementary_symmetric,
)
from multiwell.spectrum._eigenvalues import bloch_band, eigenvalues
from multiwell.spectrum._polyroot import PolyRoot
from multiwell.spectrum._quartic import QuarticRoot, quartic_roots
from multiwell.spectrum._roots import roots, viete_roots

energy_symbol = _polyroot_module.energy_symbol
r"""The default energy variable of characteristic polynomials, :math:`\mathcal E`."""

__all__ = [
    "PolyRoot",
    "QuarticRoot",
    "bloch_band",
    "canonical_form",
    "characteristic_polynomial",
    "compare_polynomials",
    "eigenvalues",
    "elementary_symmetric",
    "energy_symbol",
    "quartic_roots",
    "roots",
    "viete_roots",
]
