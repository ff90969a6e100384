r"""Private part of :mod:`multiwell.numeric`: Jacobians of numeric functions with respect to their parameters.

Two routes, each exact up to float64 rounding (no finite differences):

- expressions (``method == "lambdify"``): symbolic differentiation, one ``sp.diff`` per
  output entry and parameter, evaluated by the same printers (and the same ``cse``);
- spectra (every method: closed forms and ``eigvalsh`` alike) and gaps: Hellmann–Feynman,
  :math:`\partial_\theta \lambda_k = \langle v_k | \partial_\theta H | v_k\rangle`, with the
  eigenvectors :math:`v_k` of ``numpy.linalg.eigh`` of the matrices scaled by their largest
  entry and :math:`\partial_\theta H` differentiated symbolically. One route for every
  spectrum, because the derivative of a closed form such as Viète's contains
  :math:`1/\sqrt{\Delta}` and is ill-conditioned exactly where the eigenvector form is not.
  At an exact degeneracy an eigenvalue is not differentiable; the result there is the
  derivative along the eigenvectors ``eigh`` returns.

The Jacobian of a function with output shape ``S`` at a batch of shape ``B`` has shape
``B + S + (len(params),)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from multiwell.numeric import _kernels
from multiwell.numeric._lambdify import _arrays, _lambdify, _mpmath_kernel, _numpy_kernel

__all__: list[str] = []


def expression_jacobian(exprs: Sequence[sp.Expr], params: tuple, shape: tuple[int, ...], backend: str,
                        dps: int | None = None) -> Callable:
    """The kernel ``values -> d(exprs)/d(params)`` (shape batch + shape + (n_params,)) by symbolic differentiation."""
    derivs = [sp.diff(e, s) for e in exprs for s in params]
    out_shape = (*shape, len(params))
    names = [s.name for s in params]
    fn, _ = _lambdify(params, derivs, backend)
    if backend == "mpmath":
        return _mpmath_kernel(fn, names, out_shape, dps)
    return _numpy_kernel(fn, names, len(derivs), out_shape)


def spectrum_jacobian(M: sp.MatrixBase, params: tuple, levels: tuple[int, int] | None = None,
                      threads: bool = True) -> Callable:
    """The kernel ``values -> d(eigenvalues)/d(params)`` by Hellmann–Feynman (numpy).

    Shape ``batch + (n, n_params)``; with ``levels = (i, j)`` the derivative of
    :math:`E_j - E_i`, shape ``batch + (n_params,)``.
    """
    n = M.rows
    n_p = len(params)
    entries = list(M)
    derivs = [sp.diff(x, s) for s in params for x in entries]
    fn, _ = _lambdify(params, entries + derivs, "numpy")
    names = [s.name for s in params]

    def piece(*xs):
        parts = np.broadcast_arrays(*fn(*xs), *xs)[: n * n * (1 + n_p)]
        mats = np.stack(parts[: n * n], axis=-1).reshape(-1, n, n)
        dmats = np.stack(parts[n * n:], axis=-1).reshape(-1, n_p, n, n)
        s = np.max(np.abs(mats), axis=(-2, -1), keepdims=True)
        _, V = np.linalg.eigh(mats / np.where(s > 0.0, s, 1.0))
        # d lambda_k / d theta_l = sum_ij conj(V_ik) dH_l,ij V_jk
        jac = np.einsum("bik,blij,bjk->bkl", V.conj(), dmats, V, optimize=True).real
        if levels is not None:
            return jac[:, levels[1], :] - jac[:, levels[0], :]
        return jac.reshape(jac.shape[0], n * n_p)

    width = n_p if levels is not None else n * n_p
    out_shape = (n_p,) if levels is not None else (n, n_p)

    def kernel(values):
        arrays, batch = _arrays(names, values)
        size = math.prod(batch)
        flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
        out = np.empty((size, width))
        if threads and size > 2 * _kernels.CHUNK:
            _kernels.chunked(piece, flat, size, out)
        elif size:
            out[:] = piece(*flat)
        return out.reshape(batch + out_shape)

    return kernel
