"""Private part of :mod:`multiwell.numeric`: the kernels of :func:`~multiwell.numeric.spectral_gap`."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from multiwell.numeric import _kernels
from multiwell.numeric._function import NumericFunction
from multiwell.numeric._lambdify import _arrays, _arrays_mp, _lambdify, _mp

__all__: list[str] = []


def _gap_arb(H, ps, exprs, method, levels, dps) -> NumericFunction:
    """The cancellation-free gap in python-flint ``arb`` ball arithmetic, returned as mpmath numbers.

    Ball arithmetic bounds every rounding error; the midpoint is returned at ``dps`` digits
    (guard digits: 10). This is the fast path of ``backend="mpmath"`` (C, not Python, arithmetic).
    """
    import flint

    fn, src = _lambdify(ps, exprs, "arb")
    names = [s.name for s in ps]
    i, j = levels

    def gap_one(*xs):
        if method == "quadratic":
            return 2 * fn(*xs)[1]
        p, q, delta = fn(*xs)
        zero = flint.arb(0)
        r = 2 * (3 * p).max(zero).sqrt()
        sq = delta.max(zero).sqrt()
        if (i, j) == (0, 1):
            return r * (flint.arb.atan2(sq, q) / 3).sin()
        if (i, j) == (1, 2):
            return r * (flint.arb.atan2(sq, -q) / 3).sin()
        return r * (flint.arb.pi() / 3 + flint.arb.atan2(sq, q) / 3).sin()

    def to_arb(x):
        if isinstance(x, (mpmath.mpf, sp.Basic)):
            x = mpmath.nstr(_mp(x), dps + 10) if isinstance(x, sp.Basic) else mpmath.nstr(x, dps + 10)
        if isinstance(x, np.generic):
            x = x.item()
        return flint.arb(x)

    def kernel(values):
        arrays, batch = _arrays_mp(names, values)
        old = flint.ctx.dps
        flint.ctx.dps = dps + 10
        try:
            with mpmath.workdps(dps):
                if not batch:
                    return mpmath.mpf(gap_one(*[to_arb(x) for x in arrays]).mid().str(dps + 5, radius=False))
                flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
                out = np.empty(math.prod(batch), dtype=object)
                for k in range(out.size):
                    g = gap_one(*[to_arb(x[k]) for x in flat])
                    out[k] = mpmath.mpf(g.mid().str(dps + 5, radius=False))
        finally:
            flint.ctx.dps = old
        return out.reshape(batch)

    return NumericFunction(
        params=ps, expr=H, backend="mpmath", method=method,
        precision=f"{dps} significant digits: python-flint arb ball arithmetic at {dps + 10} digits on the "
                  "cancellation-free form, midpoint returned as mpmath mpf",
        shape=(), source=src, dps=dps, kernel=kernel,
    )


def _gap_numpy_kernel(post, names):
    def kernel(values):
        arrays, batch = _arrays(names, values)
        size = math.prod(batch)
        if size > 2 * _kernels.CHUNK:
            flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
            out = np.empty(size)
            _kernels.chunked(post, flat, size, out)
            return out.reshape(batch)
        out = np.asarray(post(*[np.broadcast_to(a, batch) for a in arrays]), dtype=float)
        return out[()] if out.ndim == 0 else out

    return kernel


