"""The converters of :mod:`multiwell.numeric`: symbolic objects to NumPy and mpmath functions, spectral gaps, source.

The NumPy and mpmath back-ends, spectral gaps and :func:`to_source`; the value class
:class:`NumericFunction` is in ``_function`` (with units at its edge), :func:`to_c` in ``_codegen``,
:func:`to_jax` in ``_jax``: those import nothing from here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import mpmath
import numpy as np
import sympy as sp

from multiwell._validate import identifier
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian
from multiwell.numeric import _jacobian, _kernels
from multiwell.numeric._codegen import _python_module
from multiwell.numeric._function import NumericFunction
from multiwell.numeric._gaps import _gap_arb, _gap_numpy_kernel
from multiwell.numeric._invariants import (
    _PRECISION_EIGVALSH,
    _PRECISION_QUADRATIC,
    _PRECISION_VIETE,
    _PRECISION_VIETE_GAP,
    _spectrum_entries,
    _spectrum_exprs,
    _spectrum_plan,
    _split_entries3,
)
from multiwell.numeric._lambdify import (
    _arrays,
    _flatten,
    _free_symbols,
    _lambdify,
    _mpmath_kernel,
    _numpy_kernel,
    _params,
)

__all__ = ["DEFAULT_DPS", "RTOL_FLOAT64", "spectral_gap", "to_mpmath", "to_numpy", "to_source"]

RTOL_FLOAT64 = 1e-13
# (documented where it is public: multiwell.numeric.RTOL_FLOAT64)

DEFAULT_DPS = 50
# (documented where it is public: multiwell.numeric.DEFAULT_DPS)

_NUMBA_MIN_SIZE = 4096
"""Batches at least this large use the numba kernel (when installed; compiled once, ~2-5 s, in the background
while numpy answers, and kept on disk: see multiwell.numeric._jitcache)."""



# ---------------------------------------------------------------------------------------------------
# public: numpy
def to_numpy(obj, params: Sequence[sp.Symbol] | None = None, *, method: str = "auto",
             threads: bool = True, jit: bool | None = None, jac: bool = False) -> NumericFunction:
    r"""Return a vectorised NumPy function of ``obj`` (an expression, list, matrix, or a Hamiltonian's spectrum).

    Parameters
    ----------
    obj
        A SymPy expression, a list or tuple of them, a matrix, or a
        :class:`~multiwell.hamiltonian.Hamiltonian` (then the function returns its ascending
        eigenvalues, shape ``(..., n)``).
    params
        The symbols in argument order (default: the Hamiltonian's ``symbols``, else the free
        symbols sorted). Every free symbol must be listed, and nothing else.
    method
        For a Hamiltonian: ``"auto"`` (closed form when one exists, else ``"eigvalsh"``),
        ``"viete"``, ``"quadratic"``, ``"scalar"``, ``"bloch"`` or ``"eigvalsh"``.
    threads
        Evaluate large batches in cache-sized chunks on every core.
    jit
        For a 3-level spectrum: ``None`` (default) picks the fastest kernel installed: numba
        (the optional ``jit`` extra; ``backend == "numba"``: batches of at least 4096 samples;
        the numpy kernel answers smaller ones, and larger ones until numba has compiled in the
        background or loaded from the per-user disk cache, see the how-to on compiled kernels)
        or else the fused numpy kernel (``backend == "numpy"``); ``True`` demands numba (compiled
        before the first call returns), ``False`` refuses it.
    jac
        Calls return ``(value, jacobian)`` (see :meth:`NumericFunction.jacobian`, available
        in any case).

    Returns
    -------
    NumericFunction
        Output shape: the broadcast shape of the arguments, then the shape of ``obj``.

    Notes
    -----
    For 3 levels the eigenvalues are Viète's trigonometric form (paper Eq. 7, written
    without the division by :math:`p^{3/2}`)

    .. math:: \lambda_k = m + 2\sqrt p\cos\frac{\theta + 2\pi k}{3},\qquad
              \theta = \operatorname{atan2}\bigl(\sqrt{\Delta},\, q\bigr),

    with :math:`m, p, q, \Delta` of the entries shifted by :math:`\operatorname{tr}H/3` and scaled by
    the largest one, per sample; pairs closer than a quarter of :math:`\sqrt p` are deflated
    (``multiwell.numeric._hermitian3``): every eigenvalue within a few ulp of :math:`\max|H_{ij}|`, never
    NaN or inf for finite entries. The ``repr`` and ``precision`` say which kernel runs.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> f = to_numpy(hamiltonian(complete(3), flux=phi))
    >>> f.method, f.names
    ('viete', ('E_1', 'E_2', 'E_3', 'D_0', 'phi'))
    >>> f(0.0, 0.0, 0.0, 1.0, 0.0).round(12)      # E_i = 0: -D_0 (twice) and 2 D_0
    array([-1., -1.,  2.])
    """
    if isinstance(obj, Hamiltonian) or (isinstance(obj, sp.MatrixBase) and method != "auto"):
        return _spectrum_numpy(obj, params, method, threads, jit, jac)
    if jit:
        raise ParameterError("jit: only available for the spectrum of a 3-level Hamiltonian")
    if method != "auto":
        raise ParameterError(f"method: only meaningful for a Hamiltonian, got {method!r} for a {type(obj).__name__}")
    exprs, shape = _flatten(obj)
    ps = _params(params, _free_symbols(exprs))
    fn, src = _lambdify(ps, exprs, "numpy")
    return NumericFunction(
        params=ps, expr=obj, backend="numpy", method="lambdify",
        precision="float64 evaluation of the expression as written (cse): rounding of each operation",
        shape=shape, source=src, kernel=_numpy_kernel(fn, [s.name for s in ps], len(exprs), shape, threads),
        jac_builder=lambda: _jacobian.expression_jacobian(exprs, ps, shape, "numpy"), returns_jac=jac,
    )


def _spectrum_numpy(H, params, method, threads, jit=None, jac=False) -> NumericFunction:
    M, order, method = _spectrum_plan(H, method)
    n = M.rows
    exprs = _spectrum_entries(M, method)
    ps = _params(params, _free_symbols(list(M)), order)
    fn, src = _lambdify(ps, exprs, "numpy")
    names = [s.name for s in ps]
    use_numba = method == "viete" and (jit or (jit is None and _kernels.numba_available()))
    if jit and method != "viete":
        raise ParameterError(f"jit: only for the 3-level spectrum, this one uses {method!r}")
    if jit and not _kernels.numba_available():
        raise ParameterError("jit: numba is not installed; install the extra: pip install 'multiwell[jit]'")
    if method == "viete":
        def post(*xs):
            return _kernels.hermitian3_eigenvalues(*fn(*xs))
        precision = _PRECISION_VIETE
    elif method == "quadratic":
        def post(*xs):
            a, b, d = np.broadcast_arrays(*fn(*xs))
            m, h = (a.real + b.real) / 2, np.hypot((b.real - a.real) / 2, abs(d))
            return np.stack([m - h, m + h], axis=-1)
        precision = _PRECISION_QUADRATIC
    elif method in ("scalar", "bloch"):
        def post(*xs):
            return np.sort(np.stack(np.broadcast_arrays(*fn(*xs)), axis=-1).real, axis=-1)
        precision = "closed form evaluated in float64, sorted: a few ulp of the spectral radius"
    else:
        def post(*xs):
            mats = np.stack(np.broadcast_arrays(*fn(*xs)), axis=-1)
            return _kernels.scaled_eigvalsh(mats.reshape((*mats.shape[:-1], n, n)))
        precision = _PRECISION_EIGVALSH

    numba_plan: list = []

    def kernel(values):
        arrays, batch = _arrays(names, values)
        size = math.prod(batch)
        flat = _kernels.numba_inputs(arrays, batch) if use_numba and (jit or size >= _NUMBA_MIN_SIZE) else None
        if flat is not None:
            if not numba_plan:
                for k, name in enumerate(names):  # the numba loop embeds the parameter names in its source
                    identifier(name, name=f"params[{k}]")
                split = _split_entries3(M)
                numba_plan[:] = [_lambdify(ps, split, "numpy")[1] if split is not None else src, names,
                                 split is not None]  # one assignment: callers on other threads see all or nothing
            numba_kernel = _kernels.numba_hermitian3(*numba_plan, size=size, wait=bool(jit))
            if numba_kernel is not None:
                out = np.empty((size, 3))
                numba_kernel(*flat, out)
                return out.reshape((*batch, 3))
            # numba is not ready: numpy answers, then numba compiles (or loads) in the background
            out = numpy_kernel(arrays, batch, size)
            _kernels.start_hermitian3(*numba_plan)
            return out
        return numpy_kernel(arrays, batch, size)

    def numpy_kernel(arrays, batch, size):
        if threads and size > 2 * _kernels.CHUNK:
            flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
            out = np.empty((size, n))
            _kernels.chunked(post, flat, size, out)
            return out.reshape((*batch, n))
        return np.asarray(post(*[np.broadcast_to(a, batch) for a in arrays]), dtype=float)

    extra = "\n" + _kernels.hermitian3_source() if method == "viete" else ""
    f = NumericFunction(
        params=ps, expr=H, backend="numba" if use_numba else "numpy", method=method, precision=precision,
        shape=(n,), source=src + extra, kernel=kernel,
        jac_builder=lambda: _jacobian.spectrum_jacobian(M, ps, threads=threads), returns_jac=jac,
    )
    if jac:
        f._jacobian_kernel()
    return f


# ---------------------------------------------------------------------------------------------------
# public: mpmath
def to_mpmath(obj, params: Sequence[sp.Symbol] | None = None, *, dps: int = DEFAULT_DPS,
              method: str = "auto") -> NumericFunction:
    r"""Return an mpmath function of ``obj`` evaluated with ``dps`` significant digits.

    Inputs (ints, floats, strings, SymPy rationals, mpmath numbers) are converted exactly;
    rationals and constants of the expression are evaluated at the working precision
    (``mpf(1)/mpf(3)``, not the float ``0.333…``). Arrays are evaluated element by element
    and returned as object arrays of mpmath numbers; a scalar call on an expression returns
    an mpmath number.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> f = to_mpmath(sp.sqrt(2) * x + sp.Rational(1, 3), params=(x,), dps=40)
    >>> import mpmath
    >>> mpmath.nstr(f("1"), 40)
    '1.747546895706428382135022057543031411903'
    """
    if not isinstance(dps, int) or dps < 1:
        raise ParameterError(f"dps: expected a positive integer number of digits, got {dps!r}")
    if isinstance(obj, Hamiltonian) or (isinstance(obj, sp.MatrixBase) and method != "auto"):
        return _spectrum_mpmath(obj, params, method, dps)
    exprs, shape = _flatten(obj)
    ps = _params(params, _free_symbols(exprs))
    fn, src = _lambdify(ps, exprs, "mpmath")
    return NumericFunction(
        params=ps, expr=obj, backend="mpmath", method="lambdify",
        precision=f"mpmath with {dps} significant digits, rationals exact at that precision",
        shape=shape, source=src, dps=dps, kernel=_mpmath_kernel(fn, [s.name for s in ps], shape, dps),
        jac_builder=lambda: _jacobian.expression_jacobian(exprs, ps, shape, "mpmath", dps),
    )


def _spectrum_mpmath(H, params, method, dps) -> NumericFunction:
    M, order, method = _spectrum_plan(H, method)
    n = M.rows
    exprs = _spectrum_exprs(M, method)
    ps = _params(params, _free_symbols(list(M)), order)
    fn, src = _lambdify(ps, exprs, "mpmath")
    if method == "viete":
        def post(res):
            return _kernels.viete_eigenvalues_mp(*res, mpmath)
    elif method == "quadratic":
        def post(res):
            return [res[0] - res[1], res[0] + res[1]]
    elif method in ("scalar", "bloch"):
        def post(res):
            return sorted(mpmath.re(x) for x in res)
    else:
        def post(res):
            A = mpmath.matrix(n, n)
            for k, x in enumerate(res):
                A[k // n, k % n] = x
            return sorted(mpmath.eighe(A, eigvals_only=True))
    return NumericFunction(
        params=ps, expr=H, backend="mpmath", method=method,
        precision=f"mpmath with {dps} significant digits ({method})", shape=(n,), source=src, dps=dps,
        kernel=_mpmath_kernel(fn, [s.name for s in ps], (n,), dps, post=post),
    )


# ---------------------------------------------------------------------------------------------------
# public: gaps
def spectral_gap(H, levels: tuple[int, int] = (0, 1), params: Sequence[sp.Symbol] | None = None, *,
                 backend: str = "numpy", dps: int = DEFAULT_DPS, jac: bool = False) -> NumericFunction:
    r"""Return a vectorised function of :math:`E_j - E_i` (``levels = (i, j)``, ascending levels) without cancellation.

    Two levels: :math:`E_1-E_0 = 2\sqrt{((H_{11}-H_{00})/2)^2 + |H_{01}|^2}`. Three levels:
    with :math:`\theta = \operatorname{atan2}(\sqrt\Delta, q)` and
    :math:`\theta' = \operatorname{atan2}(\sqrt\Delta, -q) = \pi - \theta`,

    .. math:: E_1 - E_0 = 2\sqrt{3p}\,\sin\frac{\theta}{3},\quad
              E_2 - E_1 = 2\sqrt{3p}\,\sin\frac{\theta'}{3},\quad
              E_2 - E_0 = 2\sqrt{3p}\,\sin\Bigl(\frac{\pi}{3}+\frac{\theta}{3}\Bigr),

    products of non-negative factors, with :math:`\Delta = p^3-q^2` symbolic and its large
    terms cancelled exactly (see ``_invariants3``). For the paper's 3-well (Eqs. 3, 7) at
    :math:`D/D_0 = 10^{-8}` this keeps ≥ 13 significant digits in float64, where
    ``eigvalsh`` keeps about 8. More levels: the difference of ``eigvalsh`` eigenvalues
    (numpy) or of mpmath's ``eighe`` (backend ``"mpmath"``), with the precision stated.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> gap = spectral_gap(hamiltonian(complete(3), flux=phi))
    >>> float(gap(1e-8, -1e-8, 0.0, 1.0, 0.0))   # mpmath eigsy at 50 digits: 1.15470053837925152...e-08
    1.15470053837925...e-08
    """
    M, order, method = _spectrum_plan(H, "auto")
    n = M.rows
    try:
        i, j = (int(k) for k in levels)
    except (TypeError, ValueError):
        raise ParameterError(f"levels: expected two level indices (i, j), got {levels!r}") from None
    if not 0 <= i < j < n:
        raise ParameterError(f"levels: expected 0 <= i < j < {n} (ascending levels), got {levels!r}")
    if backend not in ("numpy", "mpmath"):
        raise ParameterError(f"backend: expected 'numpy' or 'mpmath', got {backend!r}")
    ps = _params(params, _free_symbols(list(M)), order)
    names = [s.name for s in ps]
    if jac and backend != "numpy":
        raise ParameterError(f"jac: Jacobians of gaps are computed in float64 (backend 'numpy'), got {backend!r}")
    jac_builder = (lambda: _jacobian.spectrum_jacobian(M, ps, levels=(i, j))) if backend == "numpy" else None
    if method in ("quadratic", "viete"):
        exprs = _spectrum_exprs(M, method)
        if method == "viete":
            exprs = exprs[1:]
        if backend == "mpmath" and not any(e.has(sp.I) for e in exprs):
            return _gap_arb(H, ps, exprs, method, (i, j), dps)
        fn, src = _lambdify(ps, exprs, backend)
        if backend == "numpy":
            if method == "viete":
                entries, _ = _lambdify(ps, _spectrum_entries(M, "viete"), "numpy")

                def post(*xs):
                    g = np.array(_kernels.viete_gap(*fn(*xs), (i, j)), dtype=float)
                    bad = ~np.isfinite(g)
                    if bad.any():  # p^3 overflowed (entries beyond ~1e100): the scaled kernel there
                        E = _kernels.hermitian3_eigenvalues(*entries(*[np.broadcast_to(x, g.shape)[bad] for x in xs]))
                        g[bad] = E[:, j] - E[:, i]
                    return g
            else:
                def post(*xs):
                    return 2 * fn(*xs)[1]
            kernel = _gap_numpy_kernel(post, names)
            precision = _PRECISION_VIETE_GAP if method == "viete" else _PRECISION_QUADRATIC
        else:
            def post_mp(res):
                return [_kernels.viete_gap_mp(*res, (i, j), mpmath) if method == "viete" else 2 * res[1]]
            kernel = _mpmath_kernel(fn, names, (), dps, post=post_mp)
            precision = f"mpmath with {dps} significant digits, cancellation-free form ({method})"
        return NumericFunction(
            params=ps, expr=H, backend=backend, method=method, precision=precision, shape=(),
            source=src, dps=dps if backend == "mpmath" else None, kernel=kernel, jac_builder=jac_builder,
            returns_jac=jac,
        )
    spec = (to_numpy if backend == "numpy" else to_mpmath)(H, ps, **({} if backend == "numpy" else {"dps": dps}))

    def kernel_diff(values):
        E = spec.kernel(values)
        return E[..., j] - E[..., i]

    return NumericFunction(
        params=ps, expr=H, backend=backend, method=spec.method, precision=spec.precision, shape=(),
        source=spec.source, dps=spec.dps, kernel=kernel_diff, jac_builder=jac_builder, returns_jac=jac,
    )


# ---------------------------------------------------------------------------------------------------
# public: Python source
def to_source(obj, params: Sequence[sp.Symbol] | None = None, *, name: str = "f",
              equation: str | None = None, method: str = "auto") -> str:
    """Return the text of a standalone Python module (needs only numpy) that evaluates ``obj``.

    The module defines ``name(*params)`` with the same argument order, broadcasting and
    output shape as :func:`to_numpy`, and carries the symbolic source and the paper
    ``equation`` in its docstrings.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> text = to_source(sp.Matrix([[x, 1]]), params=(x,), name="row", equation="Eq. 0")
    >>> namespace = {}
    >>> exec(text, namespace)
    >>> namespace["row"]([1.0, 2.0]).tolist()
    [[[1.0, 1.0]], [[2.0, 1.0]]]
    """
    identifier(name, name="name", language="python")
    return _python_module(to_numpy(obj, params, method=method), obj, name=name, equation=equation)
