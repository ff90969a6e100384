r"""The comparison engine of :mod:`multiwell.verify`: is a printed form equal to a derived one?

:func:`compare` decides AGREES, AGREES-UP-TO or DIFFERS by (1) canonical simplification of the
difference and of the ratio, (2) numeric witnesses at random exact points evaluated with mpmath;
:func:`dimension_of` gives the dimension of an expression whose symbols carry pint units (the
dimensional check of :func:`multiwell.verify.check`). The verdict names and tolerances live here.
Import them from :mod:`multiwell.verify`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import mpmath
import pint
import sympy as sp

from ._validate import as_basic
from .units import ureg

AGREES = "AGREES"
DIFFERS = "DIFFERS"
AGREES_UP_TO = "AGREES-UP-TO"
NOT_CHECKED = "NOT-CHECKED"
ERROR = "ERROR"

WITNESS_DIGITS = 30
"""mpmath precision (significant digits) at which numeric witnesses are evaluated."""
WITNESS_RTOL = mpmath.mpf(10) ** -20
"""Relative tolerance for two sides to count as equal at a witness point."""
FLOAT_RTOL = 1e-12
"""Relative tolerance when an expression holds SymPy Floats (float64 rounding with room for a few
hundred operations); such an agreement is AGREES-UP-TO "floating-point rounding", never AGREES."""


# -- comparison ----------------------------------------------------------------------------------------
def _as_difference(obj) -> object:
    """An ``Eq`` becomes ``lhs - rhs``; a Poly its expression; anything else itself (a string is refused)."""
    if isinstance(obj, str | bytes):
        as_basic(obj, name="expression")
    if isinstance(obj, sp.Equality):
        return obj.lhs - obj.rhs
    if isinstance(obj, sp.Poly):
        return obj.as_expr()
    return obj


def _entries(obj) -> list:
    if isinstance(obj, sp.MatrixBase):
        return list(obj)
    if isinstance(obj, list | tuple):
        out = []
        for o in obj:
            out.extend(_entries(o))
        return out
    return [as_basic(obj, name="expression")]


def _random_point(symbols, rng: random.Random) -> dict:
    point = {}
    for s in symbols:
        v = sp.Rational(rng.randint(1, 2000), rng.randint(1, 400))
        if s.is_positive or s.is_nonnegative:
            point[s] = v
        elif s.is_negative:
            point[s] = -v
        else:
            point[s] = v if rng.random() < 0.5 else -v
    return point


def _evaluate(expr: sp.Expr, point: Mapping) -> complex | None:
    with mpmath.workdps(WITNESS_DIGITS + 10):
        try:
            value = sp.N(sp.sympify(expr).xreplace(point), WITNESS_DIGITS + 5)
            return complex(value) if value.is_number else None
        except (TypeError, ValueError, ZeroDivisionError):
            return None


def compare(printed, derived, *, trials: int = 6, seed: int = 2021, assumptions: Sequence = (),
            allow_factor: bool = False, factor: object = None) -> tuple[str, str]:
    r"""Compare two objects; return ``(verdict, detail)``, verdict AGREES, AGREES-UP-TO or DIFFERS.

    ``assumptions`` are extra conditions (SymPy relations or expressions equal to zero, e.g.
    ``E_1 + E_2 + E_3``) that witness points must satisfy: an expression constraint is
    used to eliminate its last free symbol.

    Notes
    -----
    AGREES when :math:`\text{printed} - \text{derived}` simplifies to 0, or vanishes to
    ``WITNESS_DIGITS`` digits at ``trials`` random exact points. When
    :math:`\text{printed}/\text{derived}` is one non-zero constant on every entry (a factor or
    a sign): AGREES-UP-TO if it equals the declared ``factor`` (see :class:`Claim`), else
    DIFFERS naming the factor — an undeclared factor of 2 is an error, not a convention
    (``allow_factor=True`` accepts any constant; :class:`Claim` never uses it). When an expression holds Floats and the two sides agree only to
    ``FLOAT_RTOL``: AGREES-UP-TO "floating-point rounding" (an exact verdict needs an exact
    derivation). DIFFERS otherwise, naming the first witness point where they differ.

    Examples
    --------
    >>> import sympy as sp
    >>> E_1, E_2, E_3 = sp.symbols("E_1:4", real=True)
    >>> compare(sp.sin(2 * E_1), 2 * sp.sin(E_1) * sp.cos(E_1))
    ('AGREES', 'exact: the difference simplifies to 0')
    >>> compare(-2 * E_1, E_1)
    ('DIFFERS', 'by a constant factor: printed = (-2) x derived')
    >>> compare(-2 * E_1, E_1, factor=-2)
    ('AGREES-UP-TO', 'exact up to the declared factor: printed = (-2) x derived')
    >>> compare(-2 * E_1, E_1, factor=2)
    ('DIFFERS', 'by a constant factor: printed = (-2) x derived, not the declared factor 2')
    >>> compare(sp.sqrt(2) * E_1, 1.4142135623730951 * E_1)[0]
    'AGREES-UP-TO'
    >>> compare(sp.sqrt(2) * E_1, 1.4142 * E_1)[0]
    'DIFFERS'

    With :math:`\sum_i E_i = 0` (the paper's convention),
    :math:`\sum_{i<j}E_iE_j = -\tfrac12\sum_i E_i^2`:

    >>> e2 = E_1 * E_2 + E_1 * E_3 + E_2 * E_3
    >>> compare(e2, -(E_1**2 + E_2**2 + E_3**2) / 2)[0]
    'DIFFERS'
    >>> compare(e2, -(E_1**2 + E_2**2 + E_3**2) / 2, assumptions=[E_1 + E_2 + E_3])[0]
    'AGREES'
    """
    p_list = _entries(_as_difference(printed))
    d_list = _entries(_as_difference(derived))
    if len(p_list) != len(d_list):
        return DIFFERS, f"shapes differ: printed has {len(p_list)} entries, derived {len(d_list)}"
    eliminate = {}
    for a in assumptions:
        a = _as_difference(a)
        free = sorted(a.free_symbols, key=str)
        if free:
            target = free[-1]
            sol = sp.solve(a, target)
            if sol:
                eliminate[target] = sol[0]
    p_list = [sp.sympify(x).xreplace(eliminate) for x in p_list]
    d_list = [sp.sympify(x).xreplace(eliminate) for x in d_list]
    # 1. exact
    diffs = [sp.simplify(sp.expand(p - d)) for p, d in zip(p_list, d_list, strict=True)]
    if all(x == 0 for x in diffs):
        return AGREES, "exact: the difference simplifies to 0"
    # constant ratio (a factor or a sign) on the non-zero entries
    has_floats = any(sp.sympify(x).has(sp.Float) for x in p_list + d_list)
    ratios = {sp.simplify(p / d) for p, d in zip(p_list, d_list, strict=True) if d != 0 and p != 0}
    if len(ratios) == 1:
        r = ratios.pop()
        zero_mismatch = any((p == 0) != (d == 0) for p, d in zip(p_list, d_list, strict=True))
        if r.is_number and r != 0 and not zero_mismatch and has_floats and abs(complex(r) - 1) <= FLOAT_RTOL:
            return AGREES_UP_TO, _float_detail(abs(complex(r) - 1))
        if r.is_number and r != 0 and not zero_mismatch:
            if factor is not None:
                if sp.simplify(r - factor) == 0:
                    return AGREES_UP_TO, f"exact up to the declared factor: printed = ({r}) x derived"
                return DIFFERS, f"by a constant factor: printed = ({r}) x derived, not the declared factor {factor}"
            if allow_factor:
                return AGREES_UP_TO, f"exact up to a constant factor: printed = ({r}) x derived"
            return DIFFERS, f"by a constant factor: printed = ({r}) x derived"
    if factor is not None:  # a ratio SymPy could not reduce: test printed = factor x derived at witnesses
        scaled = [factor * d for d in d_list]
        v, detail = compare(p_list, scaled, trials=trials, seed=seed)
        if v == AGREES:
            return AGREES_UP_TO, f"up to the declared factor {factor}: {detail}"
    # 2. numeric witnesses
    symbols = sorted(set().union(*(sp.sympify(x).free_symbols for x in p_list + d_list)), key=str)
    rng = random.Random(seed)
    worst = None
    largest = 0.0  # the largest relative difference seen
    for _ in range(trials):
        point = _random_point(symbols, rng)
        for k, (p, d) in enumerate(zip(p_list, d_list, strict=True)):
            pv, dv = _evaluate(p, point), _evaluate(d, point)
            if pv is None or dv is None:
                continue
            rel = abs(pv - dv) / max(abs(pv), abs(dv), 1e-300)
            largest = max(largest, rel)
            tolerance = FLOAT_RTOL if has_floats else float(WITNESS_RTOL)
            if rel > tolerance:
                shown = ", ".join(f"{s}={v}" for s, v in point.items())
                worst = (k, shown, pv, dv)
                break
        if worst:
            break
    if worst is None and largest > float(WITNESS_RTOL):
        return AGREES_UP_TO, _float_detail(largest)
    if worst is None:
        return AGREES, f"numeric: equal to {WITNESS_DIGITS} digits at {trials} random exact points"
    k, shown, pv, dv = worst
    return DIFFERS, f"entry {k} at {shown}: printed = {_fmt(pv)}, derived = {_fmt(dv)}"


def _float_detail(rel: float) -> str:
    return (f"to floating-point rounding only (relative difference {rel:.1e}): an expression holds "
            "Floats; derive it in exact numbers for an exact verdict")


def _fmt(z: complex) -> str:
    if abs(z.imag) <= 1e-25 * max(1.0, abs(z.real)):
        return f"{z.real:.12g}"
    return f"{z.real:.12g}{z.imag:+.12g}i"


# -- dimensions ------------------------------------------------------------------------------------------
def dimension_of(expr, units: Mapping) -> pint.util.UnitsContainer:
    """The dimension of a SymPy expression whose symbols have the pint ``units`` given.

    Sums must be homogeneous and the arguments of transcendental functions dimensionless;
    otherwise a :class:`pint.DimensionalityError` names the offending sub-expression.

    Examples
    --------
    >>> import sympy as sp
    >>> kB, T, E = sp.symbols("k_B T E", positive=True)
    >>> dict(dimension_of(E / (kB * T), {kB: "J/K", T: "K", E: "J"}))
    {}
    >>> dimension_of(E + T, {T: "K", E: "J"})
    Traceback (most recent call last):
    ...
    pint.errors.DimensionalityError: Cannot convert from 'joule' to 'kelvin' (in E + T)
    """
    unit_of = {as_basic(k, name="units", expected="a symbol as key"): ureg.Quantity(1, v) for k, v in units.items()}

    def dim(e) -> pint.Quantity:
        if e.is_Number or e in (sp.pi, sp.E, sp.I):
            return ureg.Quantity(1)
        if e.is_Symbol:
            return unit_of.get(e, ureg.Quantity(1))
        if e.is_Add:
            parts = [dim(a) for a in e.args]
            first = parts[0]
            for p in parts[1:]:
                if p.dimensionality != first.dimensionality:
                    raise pint.DimensionalityError(first.units, p.units, extra_msg=f" (in {e})")
            return first
        if e.is_Mul:
            out = ureg.Quantity(1)
            for a in e.args:
                out = out * dim(a)
            return out
        if e.is_Pow:
            base, ex = e.args
            if dim(ex).dimensionality:
                raise pint.DimensionalityError(dim(ex).units, "", extra_msg=f" (exponent of {e})")
            if not ex.is_number:
                if dim(base).dimensionality:
                    raise pint.DimensionalityError(dim(base).units, "", extra_msg=f" (base of {e})")
                return ureg.Quantity(1)
            return dim(base) ** float(ex)
        if isinstance(e, sp.Integral):
            out = dim(e.function)
            for lim in e.limits:
                out = out * dim(lim[0])
            return out
        if isinstance(e, sp.Derivative):
            out = dim(e.expr)
            for v, n in e.variable_count:
                out = out / dim(v) ** int(n)
            return out
        if isinstance(e, sp.Abs | sp.re | sp.im | sp.sign | sp.Heaviside) and len(e.args) == 1:
            return dim(e.args[0]) if not isinstance(e, sp.sign | sp.Heaviside) else ureg.Quantity(1)
        if isinstance(e, sp.Function) or e.is_Function:
            for a in e.args:
                if dim(a).dimensionality:
                    raise pint.DimensionalityError(dim(a).units, "", extra_msg=f" (argument of {e.func})")
            return ureg.Quantity(1)
        if isinstance(e, sp.Equality):
            lhs, rhs = dim(e.lhs), dim(e.rhs)
            if lhs.dimensionality != rhs.dimensionality:
                raise pint.DimensionalityError(lhs.units, rhs.units, extra_msg=f" (in {e})")
            return lhs
        raise TypeError(f"expr: cannot find the dimension of {e!r} ({type(e).__name__})")

    return dim(as_basic(expr, name="expr")).dimensionality

