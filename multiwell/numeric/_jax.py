r"""Private part of :mod:`multiwell.numeric`: the optional JAX backend (:func:`to_jax`)."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian
from multiwell.numeric._function import NumericFunction
from multiwell.numeric._lambdify import _flatten, _free_symbols, _lambdify, _params

__all__ = ["to_jax"]


def to_jax(obj, params: Sequence[sp.Symbol] | None = None):
    r"""Return a jit- and grad-compatible JAX function of ``obj`` (expression, list, matrix, Hamiltonian's spectrum).

    Expressions are printed for ``jax.numpy`` (closed forms, differentiated by JAX); a
    Hamiltonian gives its ascending eigenvalues from ``jax.numpy.linalg.eigvalsh`` of the
    matrix scaled by its largest entry (JAX differentiates it by first-order perturbation
    theory, i.e. Hellmann–Feynman, away from degeneracies). Arguments by position or name, as for
    :func:`to_numpy`. JAX computes in float32 unless ``jax.config.update("jax_enable_x64", True)``.
    Needs the optional extra: ``pip install 'multiwell[jax]'``.

    Examples
    --------
    >>> import pytest
    >>> jax = pytest.importorskip("jax")
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> f = to_jax(x**2 * sp.sin(y), params=(x, y))
    >>> g = jax.jit(jax.grad(f, argnums=0))
    >>> round(float(g(3.0, 0.5)), 5)                       # 2 x sin(y)
    2.87655
    """
    try:
        import jax.numpy as jnp
    except ImportError:
        raise ParameterError("backend: jax is not installed; install the extra: pip install 'multiwell[jax]'") from None
    if isinstance(obj, Hamiltonian):
        M = obj.matrix
        n = M.rows
        ps = _params(params, _free_symbols(list(M)), obj.symbols)
        fn, src = _lambdify(ps, list(M), "jax")

        def kernel(values):
            entries = fn(*values)
            batch = jnp.broadcast_shapes(*(jnp.shape(v) for v in values))
            mats = jnp.stack([jnp.broadcast_to(jnp.asarray(e), batch) for e in entries], axis=-1)
            mats = mats.reshape((*batch, n, n))
            s = jnp.max(jnp.abs(mats), axis=(-2, -1), keepdims=True)
            s = jnp.where(s > 0, s, 1.0)
            return jnp.linalg.eigvalsh(mats / s) * s[..., 0]

        return NumericFunction(
            params=ps, expr=obj, backend="jax", method="eigvalsh",
            precision="jax.numpy.linalg.eigvalsh on the matrices scaled by their largest entry (float32 unless "
                      "jax_enable_x64)", shape=(n,), source=src, kernel=kernel,
        )
    exprs, shape = _flatten(obj)
    ps = _params(params, _free_symbols(exprs))
    fn, src = _lambdify(ps, exprs, "jax")

    def kernel_expr(values):
        entries = fn(*values)
        if not shape:
            return jnp.asarray(entries[0])
        batch = jnp.broadcast_shapes(*(jnp.shape(v) for v in values))
        out = jnp.stack([jnp.broadcast_to(jnp.asarray(e), batch) for e in entries], axis=-1)
        return out.reshape((*batch, *shape))

    return NumericFunction(
        params=ps, expr=obj, backend="jax", method="lambdify",
        precision="jax.numpy evaluation of the expression as written (cse; float32 unless jax_enable_x64)",
        shape=shape, source=src, kernel=kernel_expr,
    )
