r"""A level given by its Hermitian block when the block's characteristic polynomial is too large to expand.

:func:`~multiwell.spectrum.eigenvalues` returns :class:`BlockRoot` levels where :func:`~multiwell.spectrum.roots`
would refuse the polynomial (size guard): the :math:`k`-th smallest root of :math:`\det(\mathcal E - B)`,
kept unexpanded, evaluated as the :math:`k`-th smallest eigenvalue of the numeric block (float64 ``eigvalsh`` at
double precision, mpmath ``eigh`` at higher precision). A :class:`~multiwell.spectrum.PolyRoot` subclass, so
``isinstance(level, PolyRoot)`` and ``level.has(PolyRoot)`` mark it as a level without closed form.
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from multiwell.spectrum._canonical import characteristic_polynomial
from multiwell.spectrum._polyroot import PolyRoot, energy_symbol


class BlockRoot(PolyRoot):
    r"""``BlockRoot(Determinant(x - B), x, k, B)``: the ``k``-th smallest eigenvalue of the Hermitian matrix ``B``.

    Build it with :meth:`of`. :meth:`polynomial` expands :math:`\det(x - B)` on request (it may be large).

    Examples
    --------
    >>> import sympy as sp
    >>> a = sp.Symbol("a", real=True)
    >>> r = BlockRoot.of(sp.Matrix([[a, 1], [1, -a]]), 1)
    >>> r   # str keeps the energy symbol's name, mathcal{E}
    PolyRoot(det(mathcal{E} - B), mathcal{E}, 1) with B the 2x2 block
    >>> round(float(r.subs(a, 1)), 12)   # sqrt(2)
    1.414213562373
    >>> r.polynomial()
    Poly(mathcal{E}**2 - a**2 - 1, mathcal{E}, domain='ZZ[a]')
    """

    @classmethod
    def of(cls, B, k: int) -> BlockRoot:
        B = sp.ImmutableMatrix(B)
        x = energy_symbol
        return cls(sp.Determinant(sp.ImmutableMatrix(x * sp.eye(B.rows) - B)), x, k, B)

    def polynomial(self) -> sp.Poly:
        """The characteristic polynomial of the block, expanded now (may exceed the size guard of ``roots``)."""
        return characteristic_polynomial(self.args[3])

    def _sympystr(self, printer) -> str:
        B = self.args[3]
        return f"PolyRoot(det({printer._print(self.args[1])} - B), {printer._print(self.args[1])}, " \
               f"{printer._print(self.args[2])}) with B the {B.rows}x{B.cols} block"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        B, x = self.args[3], sp.pretty(self.args[1])
        return prettyForm(f"PolyRoot(det({x} - B), {x}, {self.args[2]}) with B the {B.rows}x{B.cols} block")

    def _latex(self, printer) -> str:
        B, x, k = self.args[3], printer._print(self.args[1]), printer._print(self.args[2])
        return rf"\operatorname{{PolyRoot}}\left(\det({x} - B_{{{B.rows}\times{B.cols}}}), {x}, {k}\right)"

    def _eval_evalf(self, prec):
        B, k = self.args[3], int(self.args[2])
        if B.free_symbols:
            return None
        if prec <= 53:
            A = np.array([[complex(sp.N(B[i, j], 20)) for j in range(B.cols)] for i in range(B.rows)])
            return sp.Float(float(np.linalg.eigvalsh(A)[k]), 16)
        dps = int(prec * 0.30103) + 10
        with mpmath.workdps(dps):
            A = mpmath.matrix([[mpmath.mpc(*(mpmath.mpf(str(v)) for v in sp.N(B[i, j], dps).as_real_imag()))
                                for j in range(B.cols)] for i in range(B.rows)])
            eig = sorted(mpmath.eigh(A, eigvals_only=True))
        return sp.Float(eig[k], int(prec * 0.30103) + 1)
