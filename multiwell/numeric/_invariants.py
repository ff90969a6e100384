"""Private part of :mod:`multiwell.numeric`: spectra plans and the invariants of 3×3 Hermitian matrices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian

__all__: list[str] = []


def _abs2(z: sp.Expr) -> sp.Expr:
    return sp.expand(z * sp.conjugate(z))


def _fold_cosines(expr: sp.Expr) -> sp.Expr:
    r"""Rewrite :math:`\cos^{2k}x \to (1-\sin^2x)^k` and expand, so that :math:`1-\cos^2` cancels exactly."""
    expr = sp.expand(expr)

    def is_even_cos_power(e):
        return e.is_Pow and isinstance(e.base, sp.cos) and e.exp.is_Integer and e.exp >= 2

    def fold(e):
        x = e.base.args[0]
        k = int(e.exp)
        return sp.cos(x) ** (k % 2) * (1 - sp.sin(x) ** 2) ** (k // 2)

    return sp.expand(expr.replace(is_even_cos_power, fold))


@dataclass(frozen=True)
class _Invariants:
    """Symbolic invariants of a Hermitian 3×3 matrix (each a SymPy expression in the parameters)."""

    m: sp.Expr
    p: sp.Expr
    q: sp.Expr
    delta: sp.Expr


def _invariants3(M: sp.MatrixBase) -> _Invariants:
    r"""The invariants :math:`m, p, q, \Delta` of a Hermitian 3×3 matrix, :math:`\Delta` cancellation-free.

    With :math:`B = H - m`, :math:`m=\operatorname{tr}H/3`: :math:`p = \|B\|_F^2/6` (a sum of
    squares), :math:`q = \det B/2` and :math:`\Delta = p^3 - q^2 = \operatorname{disc}/108 =
    \prod_{i<j}(\lambda_i-\lambda_j)^2/108`. The diagonal enters only through the
    differences :math:`u = H_{11}-H_{00}`, :math:`v = H_{22}-H_{00}`; :math:`\Delta` is
    expanded as a polynomial with the loop product :math:`w = H_{01}H_{12}H_{20}` combined into
    one exponential and :math:`\cos^2 \to 1-\sin^2`, so the :math:`O(t^6)` terms of :math:`p^3`
    and :math:`q^2` cancel exactly and every remaining monomial is small near a degeneracy
    caused by small energy differences and fluxes near 0 or :math:`\pi`.
    """
    u, v = sp.Dummy("u", real=True), sp.Dummy("v", real=True)
    a = M[0, 0]
    diff = {u: sp.expand(M[1, 1] - a), v: sp.expand(M[2, 2] - a)}
    x0, x1, x2 = -(u + v) / 3, (2 * u - v) / 3, (2 * v - u) / 3
    n1, n2, n3 = _abs2(M[0, 1]), _abs2(M[1, 2]), _abs2(M[0, 2])
    w = sp.expand(sp.powsimp(sp.expand(M[0, 1] * M[1, 2] * M[2, 0])))
    R = sp.expand(sp.re(w))
    p = (x0**2 + x1**2 + x2**2) / 6 + (n1 + n2 + n3) / 3
    q = (x0 * x1 * x2 + 2 * R - x0 * n2 - x1 * n3 - x2 * n1) / 2
    delta = _fold_cosines(p**3 - q**2)
    m = sp.expand(a + (u + v) / 3)
    return _Invariants(
        m=m.xreplace(diff),
        p=p.xreplace(diff),
        q=sp.expand(q).xreplace(diff),
        delta=delta.xreplace(diff),
    )


def _hamiltonian_matrix(H) -> tuple[sp.ImmutableMatrix, Sequence]:
    if isinstance(H, Hamiltonian):  # a field in physical units: its flux value substituted here
        return H.bound_matrix(), H.symbols
    if isinstance(H, sp.MatrixBase):
        from multiwell._validate import hermitian_matrix

        return hermitian_matrix(H, name="H"), ()
    raise ParameterError(f"H: expected a multiwell Hamiltonian, got {type(H).__name__}")


_PRECISION_VIETE = (
    "every eigenvalue within a few ulp of max|H_ij| (measured <= 1e-15 ||H|| against mpmath for entries "
    "1e-150..1e150 spread over 24 orders): entries shifted by tr H/3 and scaled by the largest, Viete's "
    "trigonometric form, close pairs deflated (isolated eigenvector by a cross product, the pair from the "
    "2x2 compression)"
)
_PRECISION_VIETE_GAP = (
    "closed form (Viete, theta = atan2(sqrt(Delta), q)) from symbolic invariants with the large terms of "
    "Delta = p^3 - q^2 cancelled exactly: eigenvalues to a few ulp of the spectral radius; gaps to a "
    "few ulp relative (RTOL_FLOAT64) where Delta's monomials do not cancel among themselves, as near "
    "degeneracies from small energy differences and fluxes near 0 or pi"
)
_PRECISION_EIGVALSH = (
    "numpy.linalg.eigvalsh (LAPACK) on the matrices scaled by their largest entry: absolute error ~ n eps "
    "||H||; gaps lose log10(||H||/gap) digits"
)
_PRECISION_QUADRATIC = (
    "closed form m -+ hypot((b-a)/2, |c|): a sum of squares without overflow, gaps to a few ulp relative"
)


def _spectrum_plan(H, method: str):
    M, order = _hamiltonian_matrix(H)
    n = M.rows
    methods = ("auto", "viete", "quadratic", "scalar", "bloch", "eigvalsh")
    if method not in methods:
        raise ParameterError(f"method: expected one of {methods}, got {method!r}")
    if method == "auto":
        if n == 1:
            method = "scalar"
        elif n == 2:
            method = "quadratic"
        elif n == 3:
            method = "viete"
        else:
            from multiwell.spectrum import bloch_band

            method = "bloch" if bloch_band(M) is not None else "eigvalsh"
    need = {"scalar": 1, "quadratic": 2, "viete": 3}
    if method in need and n != need[method]:
        raise ParameterError(f"method: {method!r} needs a {need[method]}-level Hamiltonian, got {n} levels")
    return M, order, method


def _spectrum_entries(M, method: str) -> list[sp.Expr]:
    """What the float64 spectrum kernels evaluate: matrix entries (3 levels: the upper triangle
    ``H00, H11, H22, H01, H12, H02``; 2 levels: ``H00, H11, H01``), so that they can shift and
    scale per sample; closed forms (``scalar``, ``bloch``) as for :func:`_spectrum_exprs`."""
    if method == "viete":
        return [M[0, 0], M[1, 1], M[2, 2], M[0, 1], M[1, 2], M[0, 2]]
    if method == "quadratic":
        return [M[0, 0], M[1, 1], M[0, 1]]
    return _spectrum_exprs(M, method)


def _split_entries3(M) -> list[sp.Expr] | None:
    """The upper triangle of a 3x3 Hermitian matrix as nine real expressions
    ``(H00, H11, H22, Re H01, Im H01, Re H12, Im H12, Re H02, Im H02)``, or ``None`` when SymPy
    cannot split an entry (symbols not declared real)."""
    out = []
    for z in (M[0, 0], M[1, 1], M[2, 2]):
        re, im = z.as_real_imag()
        if im != 0 or re.has(sp.re, sp.im):
            return None
        out.append(re)
    for z in (M[0, 1], M[1, 2], M[0, 2]):
        re, im = sp.expand_complex(z).as_real_imag()
        if re.has(sp.re, sp.im) or im.has(sp.re, sp.im):
            return None
        out += [re, im]
    return out


def _spectrum_exprs(M, method: str) -> list[sp.Expr]:
    if method == "scalar":
        return [M[0, 0]]
    if method == "quadratic":
        half = (M[1, 1] - M[0, 0]) / 2
        return [(M[0, 0] + M[1, 1]) / 2, sp.sqrt(half**2 + _abs2(M[0, 1]))]
    if method == "viete":
        inv = _invariants3(M)
        return [inv.m, inv.p, inv.q, inv.delta]
    if method == "bloch":
        from multiwell.spectrum import bloch_band

        return list(bloch_band(M))
    return list(M)


