r"""The one bridge from symbolic to numeric: NumPy and mpmath functions, spectra, gaps, Python and C source.

Every function here turns a SymPy object (an expression, a list of them, a matrix, or a
:class:`~multiwell.hamiltonian.Hamiltonian`, meaning its ascending eigenvalues) into a
frozen, callable :class:`NumericFunction` with an explicit argument order ``params``;
the keyword names are the symbol names (kwant's ``params`` style). This is the only
module of multiwell that calls :func:`sympy.lambdify`, and it avoids lambdify's traps:

- constant entries of a matrix broadcast to the common shape of the inputs (lambdify
  returns a bare scalar for them);
- sums and products with thousands of terms are printed as balanced trees, so Python's
  compiler does not hit its recursion limit;
- the mpmath backend prints rationals as ``mpf(p)/mpf(q)`` evaluated at the working
  precision, so exact rationals (and :math:`\pi`, :math:`\sqrt2`) stay exact to any ``dps``;
- C source splits complex values into real and imaginary parts (plain C99 ``double``).

Spectra of Hamiltonians are computed in closed form when one exists (1 and 2 levels,
Viète's trigonometric form for 3 levels, the Bloch band of uniform rings) and by batched
:func:`numpy.linalg.eigvalsh` otherwise; ``f.method`` says which. For 3 levels the
invariants :math:`p`, :math:`q` and :math:`\Delta = p^3-q^2` (the discriminant over 108)
are derived symbolically, with the large terms cancelled exactly, so near-degenerate
gaps keep full float64 precision (:func:`spectral_gap`).

Examples
--------
>>> import sympy as sp
>>> x, y = sp.symbols("x y", real=True)
>>> f = to_numpy(sp.Matrix([[x, 1], [1, y]]), params=(x, y))
>>> f(x=[0.0, 1.0], y=2.0)       # the constant entries broadcast
array([[[0., 1.],
        [1., 2.]],
<BLANKLINE>
       [[1., 1.],
        [1., 2.]]])
>>> import mpmath
>>> g = to_mpmath(x / 3, params=(x,), dps=30)
>>> mpmath.nstr(g(1), 30)          # the rational 1/3 kept exact to 30 digits
'0.333333333333333333333333333333'
"""

from __future__ import annotations

import inspect
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import pint
import sympy as sp
from sympy.printing.c import C99CodePrinter
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import MpmathPrinter, PythonCodePrinter

from . import _kernels
from .errors import ParameterError, UnitError
from .hamiltonian import Hamiltonian
from .units import Q_, as_quantity, energy_to_kelvin, to_energy, ureg

__all__ = [
    "DEFAULT_DPS",
    "RTOL_FLOAT64",
    "NumericFunction",
    "QuantityFunction",
    "spectral_gap",
    "to_c",
    "to_mpmath",
    "to_numpy",
    "to_source",
    "with_units",
]

RTOL_FLOAT64 = 1e-13
"""Relative tolerance within which float64 results of this module are documented to agree
with a 50-digit mpmath reference (a few hundred ulp: the rounding of O(10) operations)."""

DEFAULT_DPS = 50
"""Default significant digits of the mpmath backend."""

_BALANCE = 32
"""Sums and products with more terms than this are printed as balanced trees."""


# ---------------------------------------------------------------------------------------------------
# the value
@dataclass(frozen=True)
class NumericFunction:
    r"""A compiled numeric function of a symbolic object, called with ``params`` (position or name).

    Attributes
    ----------
    params
        The symbols, in the order of the positional arguments; keyword names are their names.
    expr
        The symbolic object it evaluates (expression, tuple, matrix or Hamiltonian).
    backend
        ``"numpy"``, ``"mpmath"`` or ``"numba"``.
    method
        How it evaluates: ``"lambdify"`` for expressions; for spectra ``"scalar"``,
        ``"quadratic"``, ``"viete"``, ``"bloch"`` or ``"eigvalsh"``.
    precision
        A statement of the precision of the result.
    shape
        The shape of one sample of the output (appended to the broadcast shape of the inputs).
    source
        The generated Python source (what runs, apart from the fixed kernels).
    dps
        Working decimal digits (mpmath backend), else ``None``.

    Notes
    -----
    For a 3-level Hamiltonian the spectrum is Viète's trigonometric form (paper Eq. 7),
    :math:`\lambda_k = m + 2\sqrt p\cos\frac{\theta + 2\pi k}{3}` (see :func:`to_numpy`).

    Examples
    --------
    The levels of Eq. 7 at :math:`E_i = 0`, :math:`D_0 = 1`: :math:`2\cos\frac{\phi + 2\pi k}{3}`,
    so :math:`\{-1, -1, 2\}` at :math:`\phi = 0` and :math:`\{-2, 1, 1\}` at :math:`\phi = \pi`;
    arguments go by position or by name and broadcast:

    >>> import numpy as np
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> f = to_numpy(hamiltonian(complete(3), flux=phi))
    >>> f.params, f.method, f.shape
    ((E_1, E_2, E_3, D_0, phi), 'viete', (3,))
    >>> f(0.0, 0.0, 0.0, D_0=1.0, phi=np.array([0.0, np.pi])).round(12)
    array([[-1., -1.,  2.],
           [-2.,  1.,  1.]])
    """

    params: tuple[sp.Symbol, ...]
    expr: Any = field(repr=False)
    backend: str
    method: str
    precision: str
    shape: tuple[int, ...]
    source: str = field(repr=False)
    dps: int | None = None
    kernel: Callable = field(repr=False, compare=False, default=None)

    @property
    def names(self) -> tuple[str, ...]:
        """The keyword names of the parameters (the symbol names)."""
        return tuple(s.name for s in self.params)

    def __call__(self, *args, **kwargs):
        values = _bind(self.params, args, kwargs)
        return self.kernel(values)

    def with_units(self, units: Mapping[str, str], output: str | None) -> QuantityFunction:
        """The same function taking and returning pint quantities (see :func:`with_units`)."""
        return with_units(self, units=units, output=output)


def _bind(params: tuple[sp.Symbol, ...], args: tuple, kwargs: Mapping) -> list:
    """The argument values in the order of ``params``, every error naming the parameter."""
    names = [s.name for s in params]
    if len(args) > len(params):
        raise ParameterError(
            f"args: expected at most {len(params)} positional values ({', '.join(names)}), got {len(args)}"
        )
    values: dict[str, Any] = dict(zip(names, args))
    for key, val in kwargs.items():
        if key not in names:
            raise ParameterError(f"{key}: unknown parameter; expected one of {', '.join(names)}")
        if key in values:
            raise ParameterError(f"{key}: given both by position and by name")
        values[key] = val
    missing = [n for n in names if n not in values]
    if missing:
        raise ParameterError(f"{', '.join(missing)}: missing value; expected values for {', '.join(names)}")
    out = []
    for n in names:
        v = values[n]
        if isinstance(v, pint.Quantity):
            raise UnitError(
                f"{n}: got a pint Quantity ({v.units:~}); this function is unitless, "
                "use f.with_units(...) to pass quantities"
            )
        out.append(v)
    return out


def _arrays(names: Sequence[str], values: Sequence) -> tuple[list[np.ndarray], tuple[int, ...]]:
    arrays = []
    for n, v in zip(names, values):
        a = np.asarray(v)
        if a.dtype.kind not in "biufc":
            try:
                a = np.asarray(v, dtype=complex if np.iscomplexobj(v) else float)
            except (TypeError, ValueError):
                raise ParameterError(f"{n}: expected a number or an array of numbers, got {v!r}") from None
        arrays.append(a)
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shown = ", ".join(f"{n}: {a.shape}" for n, a in zip(names, arrays))
        raise ParameterError(f"{', '.join(names)}: shapes do not broadcast ({shown})") from None
    return arrays, shape


# ---------------------------------------------------------------------------------------------------
# printers
class _Balanced:
    """Print long sums and products as balanced trees (depth log n, not n)."""

    def _print_Add(self, expr, order=None):
        args = list(expr.args)
        if len(args) <= _BALANCE:
            return super()._print_Add(expr, order=order)
        half = len(args) // 2
        left = self._print(sp.Add(*args[:half], evaluate=False))
        right = self._print(sp.Add(*args[half:], evaluate=False))
        return f"(({left}) + ({right}))"

    def _print_Mul(self, expr):
        args = list(expr.args)
        if len(args) <= _BALANCE:
            return super()._print_Mul(expr)
        half = len(args) // 2
        left = self._print(sp.Mul(*args[:half], evaluate=False))
        right = self._print(sp.Mul(*args[half:], evaluate=False))
        return f"(({left})*({right}))"


class _NumPyPrinter(_Balanced, NumPyPrinter):
    pass


class _MpmathPrinter(_Balanced, MpmathPrinter):
    pass


class _CPrinter(_Balanced, C99CodePrinter):
    pass


class _ArbPrinter(_Balanced, PythonCodePrinter):
    """Python source for python-flint ``arb`` balls: exact rationals, methods for the functions."""

    def _print_Rational(self, expr):
        return f"(_arb({expr.p})/{expr.q})"

    def _print_Float(self, expr):
        return f"_arb({sp.sstr(expr)!r})"

    def _print_Pi(self, expr):
        return "_arb.pi()"

    def _print_Pow(self, expr, rational=False):
        return self._hprint_Pow(expr, rational=rational, sqrt="_sqrt")


_ARB_FUNCTIONS = {"cos": "_cos", "sin": "_sin", "exp": "_exp", "log": "_log", "atan2": "_atan2"}

_SETTINGS = {"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False}


def _lambdify(params, exprs: list, backend: str) -> tuple[Callable, str]:
    """``lambdify`` (the only call in multiwell) with cse and our printers; returns (function, source)."""
    if backend == "arb":
        import flint

        printer = _ArbPrinter(dict(_SETTINGS, user_functions=_ARB_FUNCTIONS))
        modules = [{
            "_arb": flint.arb, "_sqrt": lambda z: flint.arb(z).sqrt(), "_cos": lambda z: flint.arb(z).cos(),
            "_sin": lambda z: flint.arb(z).sin(), "_exp": lambda z: flint.arb(z).exp(),
            "_log": lambda z: flint.arb(z).log(), "_atan2": flint.arb.atan2,
        }]
    elif backend == "mpmath":
        printer = _MpmathPrinter(dict(_SETTINGS))
        modules = [{"mpmath": mpmath}, "mpmath"]
    else:
        printer = _NumPyPrinter(dict(_SETTINGS))
        modules = [{"numpy": np}, "numpy"]
    fn = sp.lambdify(params, list(exprs), modules=modules, printer=printer, cse=True, docstring_limit=0)
    return fn, inspect.getsource(fn)


# ---------------------------------------------------------------------------------------------------
# normalising the input object
def _flatten(obj) -> tuple[list[sp.Expr], tuple[int, ...]]:
    if isinstance(obj, (sp.MatrixBase, sp.NDimArray)):
        return [sp.sympify(x) for x in obj], tuple(obj.shape)
    if isinstance(obj, (list, tuple)):
        return [sp.sympify(x) for x in obj], (len(obj),)
    try:
        return [sp.sympify(obj)], ()
    except (sp.SympifyError, TypeError):
        raise ParameterError(
            f"obj: expected a sympy expression, a list of them, a matrix or a Hamiltonian, got {type(obj).__name__}"
        ) from None


def _free_symbols(exprs) -> set:
    out: set = set()
    for e in exprs:
        out |= e.free_symbols
    return out


def _params(params, free: set, default_order: Sequence | None = None) -> tuple[sp.Symbol, ...]:
    if params is None:
        order = list(default_order or ())
        rest = sorted(free - set(order), key=sp.default_sort_key)
        return tuple(s for s in order if s in free) + tuple(rest)
    if isinstance(params, sp.Symbol):
        params = (params,)
    params = tuple(params)
    for k, s in enumerate(params):
        if not isinstance(s, sp.Symbol):
            raise ParameterError(f"params[{k}]: expected a sympy Symbol, got {type(s).__name__} {s!r}")
    names = [s.name for s in params]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ParameterError(f"params: {', '.join(dup)} given twice")
    missing = sorted(free - set(params), key=sp.default_sort_key)
    if missing:
        raise ParameterError(
            f"params: missing symbols {', '.join(map(str, missing))} of the expression; expected every free symbol"
        )
    unknown = [s for s in params if s not in free]
    if unknown:
        raise ParameterError(
            f"params: unknown symbols {', '.join(map(str, unknown))}, not in the expression "
            f"(its symbols: {', '.join(map(str, sorted(free, key=sp.default_sort_key)))})"
        )
    return params


# ---------------------------------------------------------------------------------------------------
# expressions: numpy
def _numpy_kernel(fn, names, n_out: int, shape: tuple[int, ...], chunk: bool = True):
    def kernel(values):
        arrays, batch = _arrays(names, values)
        size = math.prod(batch)
        if chunk and size > 2 * _kernels.CHUNK and n_out:
            flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
            probe = [np.asarray(x) for x in fn(*[x[:1] for x in flat])]
            dtype = np.result_type(*probe)
            out = np.empty((size, n_out), dtype=dtype)

            def piece(*xs):
                return np.stack(np.broadcast_arrays(*fn(*xs)), axis=-1) if n_out else None

            _kernels.chunked(piece, flat, size, out)
            return out.reshape(batch + shape)
        entries = [np.asarray(x) for x in fn(*arrays)]
        if not entries:
            return np.empty(batch + shape)
        dtype = np.result_type(*entries)
        out = np.empty(batch + (len(entries),), dtype=dtype)
        for k, x in enumerate(entries):
            out[..., k] = x
        out = out.reshape(batch + shape)
        return out[()] if out.ndim == 0 else out

    return kernel


def _mpmath_kernel(fn, names, shape: tuple[int, ...], dps: int, post=None):
    def kernel(values):
        arrays, batch = _arrays_mp(names, values)
        with mpmath.workdps(dps):
            if not batch:
                res = fn(*[_mp(x) for x in arrays])
                res = post(res) if post else res
                return res[0] if not shape else _object(res, shape)
            flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
            size = math.prod(batch)
            out = np.empty((size, math.prod(shape)), dtype=object)
            for k in range(size):
                res = fn(*[_mp(x[k]) for x in flat])
                out[k, :] = post(res) if post else res
        return out.reshape(batch + shape)

    return kernel


def _object(values, shape):
    out = np.empty(math.prod(shape), dtype=object)
    out[:] = list(values)
    return out.reshape(shape)


def _arrays_mp(names, values):
    arrays = []
    for n, v in zip(names, values):
        a = np.asarray(v, dtype=object) if not isinstance(v, np.ndarray) else v
        arrays.append(a)
    try:
        shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    except ValueError:
        shown = ", ".join(f"{n}: {np.shape(a)}" for n, a in zip(names, arrays))
        raise ParameterError(f"{', '.join(names)}: shapes do not broadcast ({shown})") from None
    return [a if a.ndim else a[()] for a in arrays], shape


def _mp(x):
    """An mpmath number at the working precision; exact for ints, floats, rationals and strings."""
    if isinstance(x, (mpmath.mpf, mpmath.mpc)):
        return x
    if isinstance(x, sp.Basic):
        if x.is_Rational:
            return mpmath.mpf(int(x.p)) / int(x.q)
        return mpmath.mpmathify(sp.N(x, mpmath.mp.dps + 5))
    if isinstance(x, np.generic):
        x = x.item()
    return mpmath.mpmathify(x)


# ---------------------------------------------------------------------------------------------------
# Hamiltonians: invariants of 3x3 Hermitian matrices, derived symbolically without cancellation
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
        fixed = {k: sp.Float(v, 17) for k, v in H.values.items()}
        return (H.matrix.xreplace(fixed) if fixed else H.matrix), H.symbols
    if isinstance(H, sp.MatrixBase):
        return sp.ImmutableMatrix(H), ()
    raise ParameterError(f"H: expected a multiwell Hamiltonian, got {type(H).__name__}")


_PRECISION_VIETE = (
    "closed form (Viete, theta = atan2(sqrt(Delta), q)) from symbolic invariants with the large terms of "
    "Delta = p^3 - q^2 cancelled exactly: eigenvalues to a few ulp of the spectral radius; gaps to a "
    "few ulp relative (RTOL_FLOAT64) where Delta's monomials do not cancel among themselves, as near "
    "degeneracies from small energy differences and fluxes near 0 or pi"
)
_PRECISION_EIGVALSH = "numpy.linalg.eigvalsh (LAPACK): absolute error ~ n eps ||H||; gaps lose log10(||H||/gap) digits"
_PRECISION_QUADRATIC = "closed form m -+ sqrt(((b-a)/2)^2 + |c|^2): a sum of squares, gaps to a few ulp relative"


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
            from .spectrum import bloch_band

            method = "bloch" if bloch_band(M) is not None else "eigvalsh"
    need = {"scalar": 1, "quadratic": 2, "viete": 3}
    if method in need and n != need[method]:
        raise ParameterError(f"method: {method!r} needs a {need[method]}-level Hamiltonian, got {n} levels")
    return M, order, method


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
        from .spectrum import bloch_band

        return list(bloch_band(M))
    return list(M)


# ---------------------------------------------------------------------------------------------------
# public: numpy
def to_numpy(obj, params: Sequence[sp.Symbol] | None = None, *, method: str = "auto",
             threads: bool = True, jit: bool = False) -> NumericFunction:
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
        For a 3-level spectrum: compile a fused parallel kernel with numba (the optional
        ``jit`` extra; ``backend == "numba"``). The default numpy path needs nothing extra.

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

    with :math:`m, p, q, \Delta` from ``_invariants3`` (never NaN, also at :math:`p=0`).

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
        return _spectrum_numpy(obj, params, method, threads, jit)
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
    )


def _spectrum_numpy(H, params, method, threads, jit=False) -> NumericFunction:
    M, order, method = _spectrum_plan(H, method)
    n = M.rows
    exprs = _spectrum_exprs(M, method)
    ps = _params(params, _free_symbols(list(M)), order)
    fn, src = _lambdify(ps, exprs, "numpy")
    names = [s.name for s in ps]
    if jit:
        if method != "viete":
            raise ParameterError(f"jit: only for the Viete spectrum of 3 levels, this one uses {method!r}")
        if not _kernels.numba_available():
            raise ParameterError("jit: numba is not installed; install the extra: pip install 'multiwell[jit]'")
        compiled = _kernels.numba_viete(src, names)

        def jit_kernel(values):
            arrays, batch = _arrays(names, values)
            flat = [np.ascontiguousarray(np.broadcast_to(a, batch), dtype=float).reshape(-1) for a in arrays]
            out = np.empty((math.prod(batch), 3))
            compiled(*flat, out)
            return out.reshape(batch + (3,))

        return NumericFunction(
            params=ps, expr=H, backend="numba", method=method, precision=_PRECISION_VIETE,
            shape=(3,), source=src + "\n" + _kernels.VIETE_SOURCE, kernel=jit_kernel,
        )
    if method == "viete":
        def post(*xs):
            return _kernels.viete_eigenvalues(*fn(*xs))
        precision = _PRECISION_VIETE
    elif method == "quadratic":
        def post(*xs):
            m, h = fn(*xs)
            return np.stack(np.broadcast_arrays(m - h, m + h), axis=-1)
        precision = _PRECISION_QUADRATIC
    elif method in ("scalar", "bloch"):
        def post(*xs):
            return np.sort(np.stack(np.broadcast_arrays(*fn(*xs)), axis=-1).real, axis=-1)
        precision = "closed form evaluated in float64, sorted: a few ulp of the spectral radius"
    else:
        def post(*xs):
            mats = np.stack(np.broadcast_arrays(*fn(*xs)), axis=-1)
            return np.linalg.eigvalsh(mats.reshape(mats.shape[:-1] + (n, n)))
        precision = _PRECISION_EIGVALSH

    def kernel(values):
        arrays, batch = _arrays(names, values)
        size = math.prod(batch)
        if threads and size > 2 * _kernels.CHUNK:
            flat = [np.broadcast_to(a, batch).reshape(-1) for a in arrays]
            out = np.empty((size, n))
            _kernels.chunked(post, flat, size, out)
            return out.reshape(batch + (n,))
        return np.asarray(post(*[np.broadcast_to(a, batch) for a in arrays]), dtype=float)

    return NumericFunction(
        params=ps, expr=H, backend="numpy", method=method, precision=precision,
        shape=(n,), source=src + ("\n" + _kernels.VIETE_SOURCE if method == "viete" else ""), kernel=kernel,
    )


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
                 backend: str = "numpy", dps: int = DEFAULT_DPS) -> NumericFunction:
    r"""Return a vectorised function giving :math:`E_j - E_i` (``levels = (i, j)``, ascending levels) without cancellation.

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
    if method in ("quadratic", "viete"):
        exprs = _spectrum_exprs(M, method)
        if method == "viete":
            exprs = exprs[1:]
        if backend == "mpmath" and not any(e.has(sp.I) for e in exprs):
            return _gap_arb(H, ps, exprs, method, (i, j), dps)
        fn, src = _lambdify(ps, exprs, backend)
        if backend == "numpy":
            if method == "viete":
                def post(*xs):
                    return _kernels.viete_gap(*fn(*xs), (i, j))
            else:
                def post(*xs):
                    return 2 * fn(*xs)[1]
            kernel = _gap_numpy_kernel(post, names)
            precision = _PRECISION_VIETE if method == "viete" else _PRECISION_QUADRATIC
        else:
            def post_mp(res):
                return [_kernels.viete_gap_mp(*res, (i, j), mpmath) if method == "viete" else 2 * res[1]]
            kernel = _mpmath_kernel(fn, names, (), dps, post=post_mp)
            precision = f"mpmath with {dps} significant digits, cancellation-free form ({method})"
        return NumericFunction(
            params=ps, expr=H, backend=backend, method=method, precision=precision, shape=(),
            source=src, dps=dps if backend == "mpmath" else None, kernel=kernel,
        )
    spec = (to_numpy if backend == "numpy" else to_mpmath)(H, ps, **({} if backend == "numpy" else {"dps": dps}))

    def kernel_diff(values):
        E = spec.kernel(values)
        return E[..., j] - E[..., i]

    return NumericFunction(
        params=ps, expr=H, backend=backend, method=spec.method, precision=spec.precision, shape=(),
        source=spec.source, dps=spec.dps, kernel=kernel_diff,
    )


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


# ---------------------------------------------------------------------------------------------------
# public: Python source
def _docstring_block(obj, equation: str | None, method: str, precision: str) -> str:
    shown = sp.sstr(obj.matrix if isinstance(obj, Hamiltonian) else obj)
    if len(shown) > 4000:
        shown = shown[:4000] + " ... (truncated)"
    what = "eigenvalues (ascending) of the Hamiltonian" if isinstance(obj, Hamiltonian) else "the expression"
    lines = [
        f"Computes {what}:",
        "",
        *textwrap.wrap(shown, 92, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False),
        "",
        f"Paper equation: {equation if equation else 'not given'}.",
        f"Method: {method}. Precision: {precision}.",
    ]
    return "\n".join(lines).replace("\\", "\\\\").replace('"""', "'''")


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
    if not name.isidentifier():
        raise ParameterError(f"name: expected a Python identifier, got {name!r}")
    f = to_numpy(obj, params, method=method)
    args = ", ".join(f.names)
    entries = f.source.split("\n\n\ndef viete_eigenvalues")[0].replace("def _lambdifygenerated(", "def _entries(", 1)
    doc = _docstring_block(obj, equation, f.method, f.precision)
    batch = f"    batch = numpy.broadcast_shapes(*(numpy.shape(a) for a in ({args},)))\n"
    if f.method == "lambdify":
        body = (
            batch
            + f"    parts = [numpy.broadcast_to(x, batch) for x in _entries({args})]\n"
            + f"    return numpy.stack(parts, axis=-1).reshape(batch + {f.shape!r})\n"
        )
    elif f.method == "viete":
        body = f"    return viete_eigenvalues(*_entries({args}))\n"
    elif f.method == "quadratic":
        body = f"    m, h = numpy.broadcast_arrays(*_entries({args}))\n    return numpy.stack([m - h, m + h], axis=-1)\n"
    elif f.method in ("scalar", "bloch"):
        body = batch + (
            f"    parts = [numpy.broadcast_to(x, batch) for x in _entries({args})]\n"
            "    return numpy.sort(numpy.stack(parts, axis=-1).real, axis=-1)\n"
        )
    else:
        n = f.shape[0]
        body = batch + (
            f"    parts = [numpy.broadcast_to(x, batch) for x in _entries({args})]\n"
            f"    return numpy.linalg.eigvalsh(numpy.stack(parts, axis=-1).reshape(batch + ({n}, {n})))\n"
        )
    kernels = _kernels.VIETE_SOURCE if f.method == "viete" else ""
    return (
        f'"""Generated by multiwell.to_source: ``{name}({args})``.\n\n{doc}\n\nNeeds only numpy.\n"""\n\n'
        f"import numpy\n\n__all__ = [{name!r}]\n\n\n{entries.rstrip()}\n\n{kernels}\n\n"
        f"def {name}({args}):\n"
        f'    """Return the value at the given parameters (arrays broadcast; output shape batch + {f.shape!r}).\n\n'
        f'{textwrap.indent(doc, "    ")}\n    """\n{body}'
    )


# ---------------------------------------------------------------------------------------------------
# public: C source
def _real_parts(exprs: list[sp.Expr]) -> tuple[list[sp.Expr], bool]:
    re_im = []
    for e in exprs:
        imag = sp.im(e)
        re_im.append((e, sp.Integer(0)) if imag == 0 else (sp.expand(sp.re(e)), sp.expand(imag)))
    for e, (r, i) in zip(exprs, re_im):
        if r.has(sp.re, sp.im) or i.has(sp.re, sp.im):
            raise ParameterError(
                f"obj: cannot split {e} into real and imaginary parts; declare its symbols real=True or positive=True"
            )
    complex_ = any(i != 0 for _, i in re_im)
    if not complex_:
        return [r for r, _ in re_im], False
    return [x for pair in re_im for x in pair], True


_C_VIETE = """
static void multiwell_viete(double m, double p, double q, double delta, double *out)
{
    /* ascending eigenvalues of a Hermitian 3x3 matrix from its invariants (never NaN) */
    const double r = sqrt(p > 0.0 ? p : 0.0);
    const double t = atan2(sqrt(delta > 0.0 ? delta : 0.0), q) / 3.0;
    const double c = r * cos(t);
    const double s = r * sin(t) * 1.7320508075688772;
    out[0] = m - c - s;
    out[1] = m - c + s;
    out[2] = m + 2.0 * c;
}
"""


def to_c(obj, params: Sequence[sp.Symbol] | None = None, *, name: str = "f", equation: str | None = None) -> str:
    """Return C99 source (only ``<math.h>``) of ``void name(double p1, ..., double *out)``.

    Complex values are split into real and imaginary parts: when any entry is complex,
    ``out[2k]`` and ``out[2k+1]`` hold the real and imaginary parts of entry ``k``
    (row-major), and the macro ``<NAME>_COMPLEX`` is 1. For a Hamiltonian with a closed-form
    spectrum (1-3 levels, Bloch bands are not sorted in C) ``out[0..n-1]`` are the ascending
    eigenvalues; otherwise the function is ``name_matrix`` and writes the matrix (diagonalise
    it with LAPACK ``zheev``).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> print(to_c(x**2 / 3, params=(x,), name="third").splitlines()[-6])
    void third(double x, double *out)
    """
    if not name.isidentifier():
        raise ParameterError(f"name: expected a C identifier, got {name!r}")
    printer = _CPrinter()
    header = [f"/* Generated by multiwell.to_c: {name}. Paper equation: {equation or 'not given'}. */",
              "#include <math.h>", ""]
    if isinstance(obj, Hamiltonian):
        M, order, method = _spectrum_plan(obj, "auto")
        ps = _params(params, _free_symbols(list(M)), order)
        if method in ("scalar", "quadratic", "viete"):
            exprs = _spectrum_exprs(M, method)
            body_exprs, is_complex = _real_parts(exprs)
            if is_complex:
                raise ParameterError("obj: the invariants of a Hermitian matrix must be real")
            tail = {
                "scalar": "    out[0] = v[0];\n",
                "quadratic": "    out[0] = v[0] - v[1];\n    out[1] = v[0] + v[1];\n",
                "viete": "    multiwell_viete(v[0], v[1], v[2], v[3], out);\n",
            }[method]
            pre = _C_VIETE if method == "viete" else ""
            comment = f"/* out[0..{M.rows - 1}]: ascending eigenvalues ({method}) of\n   {sp.sstr(M)} */"
            return "\n".join(header) + pre + "\n" + comment + "\n" + _c_function(
                name, ps, body_exprs, printer, tail, len(body_exprs)
            )
        exprs, is_complex = _real_parts(list(M))
        name = f"{name}_matrix"
        comment = f"/* out: the {M.rows}x{M.rows} matrix, row-major{', (re, im) pairs' if is_complex else ''} */"
    else:
        flat, _ = _flatten(obj)
        ps = _params(params, _free_symbols(flat))
        exprs, is_complex = _real_parts(flat)
        comment = f"/* out: {sp.sstr(obj)}{' as (re, im) pairs' if is_complex else ''} */"
    header.append(f"#define {name.upper()}_COMPLEX {int(is_complex)}")
    tail = "".join(f"    out[{k}] = v[{k}];\n" for k in range(len(exprs)))
    return "\n".join(header) + "\n\n" + comment + "\n" + _c_function(name, ps, exprs, printer, tail, len(exprs))


def _c_function(name, params, exprs, printer, tail: str, n_values: int) -> str:
    replacements, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("t_"))
    lines = [f"void {name}({', '.join(f'double {s.name}' for s in params)}, double *out)", "{"]
    for sym, ex in replacements:
        lines.append(f"    const double {sym} = {printer.doprint(ex)};")
    lines.append(f"    double v[{max(n_values, 1)}];")
    for k, ex in enumerate(reduced):
        lines.append(f"    v[{k}] = {printer.doprint(ex)};")
    return "\n".join(lines) + "\n" + tail + "}\n"


# ---------------------------------------------------------------------------------------------------
# public: units at the edge
@dataclass(frozen=True)
class QuantityFunction:
    r"""A :class:`NumericFunction` taking and returning pint quantities, converted once at the edge.

    Attributes
    ----------
    function
        The unitless function.
    units
        The unit each parameter is converted to (by name); ``""`` means dimensionless (a
        plain number or a dimensionless quantity is accepted).
    output
        The unit of the result (``None``: a plain array).

    Notes
    -----
    Each argument crosses the unit edge once: :math:`x \mapsto x/[u]` in its unit :math:`u`,
    where an energy slot also takes a temperature (:math:`k_BT`) or a frequency
    (:math:`h\nu`); the result is the kernel's array times ``output``.

    Examples
    --------
    The double well of Eq. 1 in the paper's convention,
    :math:`\mathcal E_\pm = \tfrac12(E_L+E_R) \pm \sqrt{\tfrac14(E_L-E_R)^2 + \Delta_0^2}`: with
    :math:`E_{L,R} = \pm 3` K and :math:`\Delta_0 = 4` K the levels are :math:`\pm 5` K, also with
    :math:`\Delta_0` given as the energy :math:`k_B \cdot 4` K in meV:

    >>> from multiwell import Q_, double_well, hamiltonian
    >>> from multiwell.units import kelvin_to_energy
    >>> spec = to_numpy(hamiltonian(double_well())).with_units(
    ...     {"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    >>> spec(Q_(3, "K"), Q_(-3, "K"), Q_(4, "K"))
    <Quantity([-5.  5.], 'kelvin')>
    >>> Delta_0 = kelvin_to_energy(Q_(4, "K")).to("meV")
    >>> spec(E_L=Q_(3, "K"), E_R=Q_(-3, "K"), Delta_0=Delta_0).round(12)
    <Quantity([-5.  5.], 'kelvin')>
    """

    function: NumericFunction
    units: Mapping[str, str]
    output: str | None

    def __call__(self, *args, **kwargs):
        values = _bind_quantities(self.function.params, args, kwargs)
        plain = []
        for s, v in zip(self.function.params, values):
            unit = self.units[s.name]
            if unit in ("", "dimensionless", "rad", "radian"):
                if isinstance(v, pint.Quantity):
                    v = as_quantity(v, "[]", s.name).m_as(unit or "dimensionless")
                plain.append(v)
            elif ureg.Quantity(1, unit).check("[energy]") or ureg.Quantity(1, unit).check("[temperature]"):
                energy = to_energy(v, s.name)  # energy, temperature (k_B T) or frequency (h nu)
                target = energy if ureg.Quantity(1, unit).check("[energy]") else energy_to_kelvin(energy)
                plain.append(target.m_as(unit))
            else:
                dim = str(ureg.Quantity(1, unit).dimensionality)
                plain.append(as_quantity(v, dim, s.name).m_as(unit))
        out = self.function.kernel(plain)
        return out if self.output is None else Q_(out, self.output)


def _bind_quantities(params, args, kwargs):
    names = [s.name for s in params]
    if len(args) > len(params):
        raise ParameterError(f"args: expected at most {len(params)} positional values, got {len(args)}")
    values = dict(zip(names, args))
    for key, val in kwargs.items():
        if key not in names:
            raise ParameterError(f"{key}: unknown parameter; expected one of {', '.join(names)}")
        if key in values:
            raise ParameterError(f"{key}: given both by position and by name")
        values[key] = val
    missing = [n for n in names if n not in values]
    if missing:
        raise ParameterError(f"{', '.join(missing)}: missing value; expected values for {', '.join(names)}")
    return [values[n] for n in names]


def with_units(f: NumericFunction, *, units: Mapping[str, str], output: str | None) -> QuantityFunction:
    """Return ``f`` wrapped to take pint quantities in ``units`` (by parameter name) and return ``output``.

    A parameter whose unit is an energy or a temperature accepts any of energy,
    temperature (:math:`k_BT`) or frequency (:math:`h\\nu`), as :func:`multiwell.units.to_energy`.

    Units are checked and converted once per call, on the whole arrays, so the cost over
    the unitless kernel is a constant, not a factor.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import Q_, double_well, hamiltonian
    >>> H = hamiltonian(double_well())
    >>> spec = with_units(to_numpy(H), units={"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    >>> spec(Q_(1, "K"), Q_(-1, "K"), Q_(0, "K"))
    <Quantity([-1.  1.], 'kelvin')>
    >>> spec(1.0, Q_(-1, "K"), Q_(0, "K"))
    Traceback (most recent call last):
    ...
    multiwell.errors.UnitError: E_L: expected a pint Quantity of energy, temperature (k_B T) or frequency (h nu), got 1.0
    """
    if not isinstance(f, NumericFunction):
        raise ParameterError(f"f: expected a NumericFunction, got {type(f).__name__}")
    names = set(f.names)
    unknown = sorted(set(units) - names)
    if unknown:
        raise ParameterError(f"units: unknown parameters {', '.join(unknown)}; expected {', '.join(f.names)}")
    missing = [n for n in f.names if n not in units]
    if missing:
        raise ParameterError(f"units: missing units for {', '.join(missing)}")
    for key, unit in list(units.items()) + [("output", output or "")]:
        try:
            ureg.Unit(unit or "dimensionless")
        except Exception:  # pint raises several types for an undefined unit
            raise UnitError(f"{key}: unknown unit {unit!r}") from None
    return QuantityFunction(f, dict(units), output)
