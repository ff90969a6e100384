"""Private part of :mod:`multiwell.numeric`: printers, the one ``lambdify`` call, argument binding.

Unitless and SymPy-to-Python only; the public functions live in :mod:`multiwell.numeric`.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import mpmath
import numpy as np
import pint
import sympy as sp
from sympy.printing.c import C99CodePrinter
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import MpmathPrinter, PythonCodePrinter

from multiwell._validate import as_basic
from multiwell.errors import ParameterError, UnitError
from multiwell.numeric import _kernels

_OBJ = "a sympy expression, a list of them, a matrix or a Hamiltonian"

__all__: list[str] = []

_BALANCE = 32
"""Sums and products with more terms than this are printed as balanced trees."""



def _bind(params: tuple[sp.Symbol, ...], args: tuple, kwargs: Mapping, *, quantities: bool = False) -> list:
    """The argument values in the order of ``params``, every error naming the parameter.

    A pint Quantity is refused (this function is unitless) unless ``quantities`` (the
    unit-aware wrapper of ``with_units`` binds its arguments here too).
    """
    names = [s.name for s in params]
    if len(args) > len(params):
        raise ParameterError(
            f"args: expected at most {len(params)} positional values ({', '.join(names)}), got {len(args)}"
        )
    values: dict[str, Any] = dict(zip(names, args, strict=False))  # fewer positional values than names
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
        if isinstance(v, pint.Quantity) and not quantities:
            raise UnitError(
                f"{n}: got a pint Quantity ({v.units:~}); this function is unitless, "
                "use f.with_units(...) to pass quantities"
            )
        out.append(v)
    return out


def _arrays(names: Sequence[str], values: Sequence) -> tuple[list[np.ndarray], tuple[int, ...]]:
    arrays = []
    for n, v in zip(names, values, strict=True):
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
        shown = ", ".join(f"{n}: {a.shape}" for n, a in zip(names, arrays, strict=True))
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
    """SymPy's NumPy printer; ``Max``/``Min`` as nested ``numpy.maximum``/``minimum`` (SymPy prints
    ``functools.reduce(...)``, which the fully qualified namespace lacks: Viète's and the quartic's levels failed)."""

    def _print_Max(self, expr):
        return self._nested("numpy.maximum", expr)

    def _print_Min(self, expr):
        return self._nested("numpy.minimum", expr)

    def _nested(self, func: str, expr) -> str:
        out = self._print(expr.args[0])
        for a in expr.args[1:]:
            out = f"{func}({out}, {self._print(a)})"
        return out


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
    elif backend == "jax":
        import jax.numpy as jnp
        from sympy.printing.numpy import JaxPrinter

        printer = type("_JaxPrinter", (_Balanced, JaxPrinter), {})(dict(_SETTINGS))
        modules = [{"jax": __import__("jax"), "jax.numpy": jnp}, "jax"]
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
        return [as_basic(x, name=f"obj[{k}]", expected=_OBJ) for k, x in enumerate(obj)], (len(obj),)
    return [as_basic(obj, name="obj", expected=_OBJ)], ()


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
        out = np.empty((*batch, len(entries)), dtype=dtype)
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
    for v in values:
        a = np.asarray(v, dtype=object) if not isinstance(v, np.ndarray) else v
        arrays.append(a)
    try:
        shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    except ValueError:
        shown = ", ".join(f"{n}: {np.shape(a)}" for n, a in zip(names, arrays, strict=True))
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


