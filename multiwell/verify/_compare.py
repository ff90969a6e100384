r"""The comparison engine of :mod:`multiwell.verify`: is a printed form equal to a derived one?

:func:`compare` decides AGREES, AGREES-UP-TO, DIFFERS or NOT-DECIDED by numeric witnesses at random
exact points evaluated with mpmath at rising precision (:mod:`multiwell.verify._witness`); the symbolic route
(simplification of the difference and of the ratio) explains an agreement and names a constant factor;
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

from multiwell._validate import as_basic
from multiwell.errors import ParameterError
from multiwell.units import ureg
from multiwell.verify._witness import (
    AGREE,
    DIFFER,
    UNDEFINED,
    UNKNOWN,
    Budget,
    Side,
    Timeout,
    classify,
    confirmed_apart,
    deadline,
    guarded,
    sample_point,
)

AGREES = "AGREES"
DIFFERS = "DIFFERS"
AGREES_UP_TO = "AGREES-UP-TO"
NOT_CHECKED = "NOT-CHECKED"
NOT_DECIDED = "NOT-DECIDED"
ERROR = "ERROR"

WITNESS_DIGITS = 30
"""mpmath precision (significant digits) at which numeric witnesses are evaluated."""
WITNESS_RTOL = mpmath.mpf(10) ** -20
"""Kept for compatibility: witnesses now require agreement to ``WITNESS_DIGITS`` digits (``10**-30``)."""
FLOAT_RTOL = 1e-12
"""Relative tolerance when an expression holds SymPy Floats (float64 rounding with room for a few
hundred operations); such an agreement is AGREES-UP-TO "floating-point rounding", never AGREES."""
TIME_BUDGET = 10.0
"""Default time limit of one :func:`compare` call, in seconds; when it runs out the verdict is NOT-DECIDED."""


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


def _conditions(assumptions: Sequence) -> tuple[dict, list]:
    """``(eliminate, constraints)``: an equation or expression (= 0) eliminates its last free symbol;
    an inequality restricts the witness points."""
    eliminate, constraints = {}, []
    for a in assumptions:
        if isinstance(a, sp.Rel) and not isinstance(a, sp.Equality):
            constraints.append(a)
            continue
        a = _as_difference(a)
        free = sorted(a.free_symbols, key=str)
        if free:
            target = free[-1]
            sol = sp.solve(a, target)
            if sol:
                eliminate[target] = sol[0]
                # the eliminated symbol keeps its sign assumptions: the points must respect them
                for sign, rel in (("positive", sp.Gt), ("negative", sp.Lt), ("nonnegative", sp.Ge),
                                  ("nonpositive", sp.Le)):
                    if getattr(target, f"is_{sign}"):
                        constraints.append(rel(sol[0], 0))
    return eliminate, constraints


def _budget(budget) -> float:
    if budget is None:
        return TIME_BUDGET
    if isinstance(budget, bool) or not isinstance(budget, int | float) or not budget > 0 or budget == float("inf"):
        raise ParameterError(f"budget: expected a positive number of seconds (e.g. 10), got {budget!r}")
    return float(budget)


@guarded
def compare(printed, derived, *, trials: int = 6, seed: int = 2021, assumptions: Sequence = (),
            allow_factor: bool = False, factor: object = None, budget: float | None = None,
            explain: bool = True) -> tuple[str, str]:
    r"""Compare two objects; return ``(verdict, detail)``: AGREES, AGREES-UP-TO, DIFFERS or NOT-DECIDED.

    ``assumptions`` are extra conditions that witness points must satisfy: an expression (equal to
    zero, e.g. ``E_1 + E_2 + E_3``) or an ``Eq`` eliminates its last free symbol, an inequality
    (``E_1 < E_2``) filters the points. ``budget`` is the time limit in seconds (default
    ``TIME_BUDGET`` = 10 s). ``explain=False`` skips the symbolic route after the witnesses (the
    explanation of an agreement, the symbolic search of a constant ratio): the verdict is the
    witnesses' alone, and faster (the soundness property test runs 10^4 examples this way).

    Notes
    -----
    The verdict is decided by mathematics, not by what ``simplify`` manages:

    1. *witnesses*: both sides at ``trials`` random exact points satisfying the symbols' assumptions,
       evaluated with mpmath at ``WITNESS_DIGITS`` + 10 digits and again at twice that (more while
       cancellation leaves a point unresolved; undefined or unresolved points are replaced). A
       difference counts only when it is stable across precisions and SymPy's exact ``evalf`` at
       the point confirms it.
    2. *AGREES* when every entry agrees to ``WITNESS_DIGITS`` digits at every point; the symbolic
       route then explains it ("the difference simplifies to 0", "the ratio simplifies to 1"), and
       when it cannot the detail says "numerically at N points, D digits". With Floats in an
       expression and agreement only to ``FLOAT_RTOL``: AGREES-UP-TO "floating-point rounding".
    3. *DIFFERS* otherwise, naming the point. When printed/derived is one non-zero constant on every
       entry (found symbolically or from the witnesses, and confirmed at the witnesses): AGREES-UP-TO
       if it equals the declared ``factor`` (see :class:`Claim`), else DIFFERS naming the factor — an
       undeclared factor of 2 is an error, not a convention (``allow_factor=True`` accepts any
       constant; :class:`Claim` never uses it). A factor of 1 is never reported: it is AGREES.
    4. *NOT-DECIDED* when the budget runs out or too few points are resolved; never AGREES by default.

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

    A tanh written as a thermal average (the ratio of the two sides is 1, the difference resists
    ``simplify``):

    >>> b = sp.Symbol("b", positive=True)
    >>> compare(sp.tanh(b), (sp.exp(b) - sp.exp(-b)) / (sp.exp(b) + sp.exp(-b)))[0]
    'AGREES'

    With :math:`\sum_i E_i = 0` (the paper's convention),
    :math:`\sum_{i<j}E_iE_j = -\tfrac12\sum_i E_i^2`:

    >>> e2 = E_1 * E_2 + E_1 * E_3 + E_2 * E_3
    >>> compare(e2, -(E_1**2 + E_2**2 + E_3**2) / 2)[0]
    'DIFFERS'
    >>> compare(e2, -(E_1**2 + E_2**2 + E_3**2) / 2, assumptions=[E_1 + E_2 + E_3])[0]
    'AGREES'
    """
    seconds = _budget(budget)
    p_list = _entries(_as_difference(printed))
    d_list = _entries(_as_difference(derived))
    if len(p_list) != len(d_list):
        return DIFFERS, f"shapes differ: printed has {len(p_list)} entries, derived {len(d_list)}"
    clock = Budget(seconds)
    stage = ["the elimination of the assumptions"]
    try:
        with deadline(seconds):
            eliminate, constraints = _conditions(assumptions)
            p_list = [sp.sympify(x).xreplace(eliminate) for x in p_list]
            d_list = [sp.sympify(x).xreplace(eliminate) for x in d_list]
            stage[0] = "the symbolic check"
            return _decide(p_list, d_list, trials, seed, constraints, allow_factor, factor, clock, stage, explain)
    except Timeout:
        return NOT_DECIDED, (f"the time budget of {seconds:g} s ran out during {stage[0]}: neither a proof nor "
                             "a witness decided (raise budget=... to try longer)")


def _symbolic(p_list, d_list, clock: Budget, share: float, full: bool, cheap: bool = False) -> str | None:
    """The symbolic route, within ``share`` of what is left of the budget: a reason the sides are equal, or None.

    Quick (``full=False``): the same expression, or a difference that expands to 0 (``cheap``: that is 0
    as built, without ``expand``). Full: ``simplify``
    of the difference (within 60 % of the share), then of the ratio entry by entry.
    """
    def zero(p, d, deep):
        diff = p - d if cheap else sp.expand(p - d)
        return diff == 0 or (deep and sp.simplify(diff) == 0)

    def one(p, d):
        return p != 0 and d != 0 and sp.simplify(p / d) == 1

    pairs = list(zip(p_list, d_list, strict=True))
    slot = max(clock.remaining() * share, 1e-3)
    attempts = [(slot * 0.6 if full else slot, "exact: the difference simplifies to 0",
                 lambda p, d: p == d or zero(p, d, full))]
    if full:
        attempts.append((slot, "exact: the ratio printed/derived simplifies to 1",
                         lambda p, d: p == d or zero(p, d, False) or one(p, d)))
    start = clock.elapsed()
    for cap, reason, test in attempts:
        try:
            with deadline(max(cap - (clock.elapsed() - start), 1e-3)):
                if all(test(p, d) for p, d in pairs):
                    return reason
        except Timeout:
            if clock.remaining() <= 0:
                raise
    return None


def _decide(p_list, d_list, trials, seed, constraints, allow_factor, factor, clock, stage, explain) -> tuple[str, str]:
    # 0. cheap symbolic: the same expression, or a difference that expands to 0
    if (reason := _symbolic(p_list, d_list, clock, 0.2, full=False, cheap=not explain)) is not None:
        return AGREES, reason
    has_floats = any(sp.sympify(x).has(sp.Float) for x in p_list + d_list)
    tol = FLOAT_RTOL if has_floats else 10.0**-WITNESS_DIGITS
    # 1. witnesses decide
    stage[0] = "the numeric witnesses"
    w = _Witnesses(p_list, d_list, seed, constraints, tol, clock)
    outcome = w.run(trials)
    if outcome[0] == "agree":
        _, n, largest = outcome
        if has_floats and largest > 10.0**-WITNESS_DIGITS:
            return AGREES_UP_TO, _float_detail(largest)
        stage[0] = "the symbolic explanation"
        reason = _symbolic(p_list, d_list, clock, 0.8, full=True) if explain else None
        numeric = f"numerically at {n} points, {WITNESS_DIGITS} digits (random exact points, mpmath)"
        return AGREES, reason or f"{numeric}; simplify did not reduce the difference to 0"
    if outcome[0] == "undecided":
        stage[0] = "the symbolic check"
        reason = _symbolic(p_list, d_list, clock, 0.9, full=True) if explain else None
        if reason is not None:
            return AGREES, reason
        return NOT_DECIDED, outcome[1]
    # 2. the sides differ at a confirmed witness: a constant factor?
    stage[0] = "the factor check"
    _, k, point, pv, dv = outcome
    r = _constant_ratio(p_list, d_list, w, trials, clock, explain)
    if r is None and factor is not None and w.agree_scaled(factor, trials):
        return AGREES_UP_TO, (f"up to the declared factor {factor}: printed = ({factor}) x derived at "
                              f"{trials} random exact points, {WITNESS_DIGITS} digits")
    if r is not None:
        if factor is not None:
            if sp.simplify(r - factor) == 0:
                return AGREES_UP_TO, f"exact up to the declared factor: printed = ({r}) x derived"
            return DIFFERS, f"by a constant factor: printed = ({r}) x derived, not the declared factor {factor}"
        if allow_factor:
            return AGREES_UP_TO, f"exact up to a constant factor: printed = ({r}) x derived"
        return DIFFERS, f"by a constant factor: printed = ({r}) x derived"
    shown = ", ".join(f"{s}={v}" for s, v in point.items())
    at = f" at {shown}" if shown else ""
    return DIFFERS, f"entry {k}{at}: printed = {_fmt(complex(pv))}, derived = {_fmt(complex(dv))}"


def _constant_ratio(p_list, d_list, w, trials, clock, explain: bool):
    """The constant printed/derived (symbolic or identified from the witnesses), confirmed at the witnesses."""
    pairs = [(p, d) for p, d in zip(p_list, d_list, strict=True) if not (p == 0 and d == 0)]
    if any((p == 0) != (d == 0) for p, d in pairs):
        return None
    candidate = None
    try:
        with deadline(max(clock.remaining() * 0.4, 1e-3)):
            ratios = {sp.simplify(p / d) for p, d in pairs} if explain else set()
            if len(ratios) == 1 and (r := ratios.pop()).is_number and r != 0:
                candidate = r
    except Timeout:
        if clock.remaining() <= 0:
            raise
    if candidate is None:
        candidate = w.identified_ratio()
    if candidate is None or candidate == 1 or not w.agree_scaled(candidate, trials):
        return None
    return candidate


class _Witnesses:
    """The witness points of one comparison and the entries compiled for mpmath."""

    def __init__(self, p_list, d_list, seed, constraints, tol, clock: Budget):
        self.symbols = sorted(set().union(*(sp.sympify(x).free_symbols for x in p_list + d_list)), key=str)
        self.p_list, self.d_list = p_list, d_list
        self.pairs = [(k, p, d) for k, (p, d) in enumerate(zip(p_list, d_list, strict=True)) if p != d]
        self.sides = [(k, Side(p, self.symbols), Side(d, self.symbols)) for k, p, d in self.pairs]
        self.rng = random.Random(seed)
        self.constraints, self.tol, self.clock = constraints, tol, clock
        self.points: list[tuple[dict, list]] = []  # resolved points with the entries' (p, d) values

    def _draw(self):
        point = sample_point(self.symbols, self.rng, self.constraints)
        if point is None:
            names = ", ".join(str(s) for s in self.symbols)
            raise _NoPoint(f"no exact point satisfies the assumptions of {names} and the constraints")
        return point

    def run(self, trials: int):
        """('agree', n, largest relative difference) | ('differ', k, point, p, d) | ('undecided', why)."""
        if not self.symbols:
            trials = 1
        dropped = {UNDEFINED: 0, UNKNOWN: 0}
        largest = 0.0
        try:
            for _ in range(8 * trials):
                if len(self.points) >= trials:
                    break
                self.clock.check()
                point = self._draw()
                values, status = [], AGREE
                for k, p, d in self.sides:
                    outcome, rel, (pv, dv) = classify(p, d, point, WITNESS_DIGITS, self.tol)
                    if outcome == DIFFER and self._confirmed(p, d, point):
                        return "differ", k, point, pv, dv
                    if outcome != AGREE:
                        status = outcome if outcome != DIFFER else UNKNOWN
                        break
                    largest = max(largest, rel)
                    values.append((pv, dv))
                if status == AGREE:
                    self.points.append((point, values))
                else:
                    dropped[status] += 1
        except _NoPoint as exc:
            return "undecided", str(exc)
        n = len(self.points)
        if n >= min(trials, 3):
            return "agree", n, largest
        return "undecided", (f"witnesses inconclusive: {n} of {trials} points resolved ({dropped[UNDEFINED]} "
                             f"undefined, {dropped[UNKNOWN]} unresolved up to {(WITNESS_DIGITS + 10) * 8} digits)")

    def _confirmed(self, p: Side, d: Side, point) -> bool:
        try:
            with deadline(max(min(2.0, self.clock.remaining()), 1e-3)):
                return confirmed_apart(p, d, point, WITNESS_DIGITS, self.tol)
        except Timeout:
            if self.clock.remaining() <= 0:
                raise
            return False  # no independent confirmation in time: the point is dropped

    def _points(self, trials: int) -> list:
        """``trials`` points at which every entry of both sides is defined (for ratios and scaled checks)."""
        out = []
        for _ in range(8 * trials):
            if len(out) >= trials:
                break
            self.clock.check()
            try:
                point = self._draw()
            except _NoPoint:
                break
            vals = [(p.value(point, WITNESS_DIGITS + 10), d.value(point, WITNESS_DIGITS + 10))
                    for _, p, d in self.sides]
            if all(pv is not None and dv is not None for pv, dv in vals):
                out.append((point, vals))
        return out

    def identified_ratio(self):
        """printed/derived when it is one constant at three witness points, identified as an exact number."""
        pts = self._points(3)
        if len(pts) < 3:
            return None
        with mpmath.workdps(WITNESS_DIGITS + 10):
            ratios = [pv / dv for _, vals in pts for pv, dv in vals if dv != 0]
            if not ratios or any(pv == 0 and dv != 0 for _, vals in pts for pv, dv in vals):
                return None
            r0 = ratios[0]
            if any(abs(r - r0) > abs(r0) * mpmath.mpf(10) ** -(WITNESS_DIGITS - 5) for r in ratios):
                return None
            re = sp.Float(mpmath.nstr(r0.real, WITNESS_DIGITS), WITNESS_DIGITS)
        try:
            return sp.nsimplify(re, [sp.pi], tolerance=10.0**-(WITNESS_DIGITS - 8))
        except Exception:  # no closed form found
            return None

    def agree_scaled(self, factor, trials: int) -> bool:
        """Whether printed = factor x derived at ``trials`` fresh witness points (all resolved, none differing)."""
        scaled = _Witnesses(self.p_list, [sp.sympify(factor) * d for d in self.d_list], self.rng.random(),
                            self.constraints, self.tol, self.clock)
        return scaled.run(trials)[0] == "agree"


class _NoPoint(Exception):
    pass


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

