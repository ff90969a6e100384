r"""The eigenvalues of a Hamiltonian in closed form: Bloch bands of rings, symmetry blocks, then :func:`roots`.

:func:`eigenvalues` recognises a uniform ring first (:func:`bloch_band`, Fourier modes), else splits the
Hamiltonian by its symmetries (:func:`~multiwell.symmetry.symmetry_blocks`) and solves each block's characteristic
polynomial with :func:`~multiwell.spectrum.roots`; every :class:`~multiwell.spectrum.PolyRoot` is attached to its
block (accurate numerics at degeneracies), and a block past the size guard gives unexpanded
:class:`~multiwell.spectrum._blockroot.BlockRoot` levels.
"""

from __future__ import annotations

import sympy as sp

from multiwell._validate import hermitian_matrix
from multiwell.errors import SizeLimitError
from multiwell.spectrum._blockroot import BlockRoot
from multiwell.spectrum._canonical import _matrix_of, characteristic_polynomial
from multiwell.spectrum._polyroot import PolyRoot, energy_symbol
from multiwell.spectrum._quartic import QuarticRoot
from multiwell.spectrum._roots import _ascending_if_decidable, roots
from multiwell.symmetry import symmetry_blocks
from multiwell.symmetry._search import _rational_phases

__all__ = ["bloch_band", "eigenvalues"]


def eigenvalues(H, *, method: str = "auto") -> list[sp.Expr]:
    r"""The eigenvalues of ``H`` as SymPy expressions, ascending where the order is decidable.

    Closed forms by :func:`roots` of the :func:`characteristic_polynomial`. Ring
    geometries with uniform hopping and equal on-site energies are recognised first:
    their spectrum is the Bloch band :math:`E + 2t\cos((2\pi k + \phi)/n)` (Fourier modes).
    Otherwise, with ``method="auto"``, the Hamiltonian is split by its symmetries
    (:func:`~multiwell.symmetry.symmetry_blocks`: well permutations that keep it up to a gauge,
    by the irreducible representations of a non-abelian group without field): a :math:`1\times1`
    block is a level, written in real trigonometric form; a larger block goes through
    :func:`roots` (closed forms up to degree 4: Viète for cubics, Euler-Viète for quartics); each level of a block is
    listed as often as it occurs in :math:`H`. A :class:`PolyRoot` carries its block and
    evaluates through it (eigenvalues of the numeric block), accurate at degenerate points too.
    A block whose characteristic polynomial exceeds the size guard of :func:`roots` gives its
    levels as :class:`PolyRoot` of :math:`\det(\mathcal E - B)` left unexpanded (the ``k``-th
    eigenvalue of the numeric block; its ``polynomial()`` expands it on request).
    When the characteristic polynomial factors, the roots of each factor are listed factor by factor
    (each factor's roots ascending; the order across factors depends on the parameters and is not
    decided unless every difference has a known sign).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> eigenvalues(hamiltonian(double_well()).subs({sp.Symbol("E_L", real=True): 0,
    ...                                              sp.Symbol("E_R", real=True): 0}))
    [-Delta_0, Delta_0]
    """
    M, _ = _matrix_of(H)
    band = bloch_band(M)
    if band is not None and method == "auto":
        return band
    if method == "auto" and _rational_phases(M):
        split = symmetry_blocks(H)
        if len(split.blocks) > 1 or split.degeneracies[0] > 1:
            levels: list[sp.Expr] = []
            for B, S, repeat in zip(split.blocks, split.similar, split.degeneracies, strict=True):
                if B.rows == 1:
                    block_levels = [S[0, 0]]
                else:
                    block_levels = _block_levels(lambda B=B, S=S: roots(_similar_polynomial(B, S)), B)
                levels.extend(block_levels * repeat)
            return _ascending_if_decidable(levels)
    return _block_levels(lambda: roots(characteristic_polynomial(H), method=method), M)


def _block_levels(solve, B) -> list[sp.Expr]:
    """``solve()`` with every PolyRoot attached to ``B``; past the size guard the levels of ``B`` unexpanded."""
    try:
        return _attach_block(solve(), B)
    except SizeLimitError:
        return [BlockRoot.of(B, k) for k in range(B.rows)]


def _similar_polynomial(B, S) -> sp.Poly:
    r"""The characteristic polynomial of the block ``B``, from the square-root-free similar matrix ``S``."""
    if S is B or S == B:
        return characteristic_polynomial(B)
    from multiwell.symmetry._irreps import real_part

    x = energy_symbol
    expr = sp.expand((x * sp.eye(S.rows) - sp.Matrix(S)).det(method="berkowitz"))
    return sp.Poly([real_part(c) for c in sp.Poly(expr, x).all_coeffs()], x)  # real: similar to Hermitian B


def _attach_block(levels: list[sp.Expr], B) -> list[sp.Expr]:
    """Each :class:`PolyRoot` among ``levels`` evaluated through the Hermitian matrix ``B`` (accurate numerics)."""
    B = sp.ImmutableMatrix(B)
    levels = [lv.xreplace({r: QuarticRoot(*r.args[:5], B) for r in lv.atoms(QuarticRoot)}) if lv.has(QuarticRoot)
              else lv for lv in levels]
    return [lv.xreplace({r: PolyRoot(*r.args[:3], B) for r in lv.atoms(PolyRoot)}) if lv.has(PolyRoot) else lv
            for lv in levels]


def bloch_band(M) -> list[sp.Expr] | None:
    r"""The spectrum of a ring with equal on-site energies and equal hopping, or ``None``.

    For :math:`H_{k,k+1} = c\,e^{i\theta_k}` around the ring :math:`0\to1\to\dots\to n-1\to0`,
    equal diagonal :math:`d` and no other bonds, the magnetic translation symmetry gives
    Fourier modes with :math:`\mathcal E_k = d + 2c\cos\frac{2\pi k + \Phi}{n}`,
    :math:`\Phi = \sum_k\theta_k` (the flux), :math:`k = 0,\dots,n-1` (labelled by momentum;
    their order depends on :math:`\Phi`).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import ring, hamiltonian
    >>> phi, E = sp.Symbol("phi", real=True), sp.Symbol("E", real=True)
    >>> H = hamiltonian(ring(3), flux=phi, energies=[E, E, E])
    >>> bloch_band(H.matrix)
    [2*D_0*cos(phi/3) + E, -2*D_0*sin(phi/3 + pi/6) + E, -2*D_0*cos(phi/3 + pi/3) + E]
    """
    M = sp.Matrix(hermitian_matrix(M, name="M"))
    n = M.rows
    if n < 3 or any(sp.expand(M[k, k] - M[0, 0]) != 0 for k in range(n)):
        return None
    ring = {(k, (k + 1) % n) for k in range(n)}
    magnitude, flux = None, sp.Integer(0)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            entry = M[i, j]
            if (i, j) in ring:
                factors = sp.Mul.make_args(entry)
                c = sp.Mul(*(f for f in factors if not isinstance(f, sp.exp)))
                theta = sp.Add(*(sp.expand(f.args[0] / sp.I) for f in factors if isinstance(f, sp.exp)))
                if entry == 0 or (magnitude is not None and sp.expand(c - magnitude) != 0) or c.has(sp.I):
                    return None
                magnitude, flux = c, flux + theta
            elif (j, i) not in ring and entry != 0:
                return None
    flux = sp.expand(flux)
    return [M[0, 0] + 2 * magnitude * sp.cos((2 * sp.pi * k + flux) / n) for k in range(n)]
