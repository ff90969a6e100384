r"""Numeric witnesses for :func:`multiwell.verify.compare`: exact random points, mpmath at rising precision.

A *witness point* gives every free symbol an exact value that satisfies its assumptions (positive,
negative, non-negative, integer, even, odd, ...; a symbol without assumptions gets a real value) and
the comparison's extra constraints. Both sides are evaluated there with mpmath at a ladder of
precisions :math:`d_k = 2^k(D+10)` digits; an entry is decided at a point only when two successive
precisions agree on it (:func:`classify`):

- *differs* when the difference :math:`\delta=p-d` is the same to 10 digits at :math:`d_k` and
  :math:`d_{k+1}` (a resolved, non-zero number) and :math:`|\delta|>\text{tol}\cdot\max(|p|,|d|)`;
- *agrees* when both sides are settled to :math:`D` digits between the two precisions and
  :math:`|\delta|\le10^{-D}\max(|p|,|d|)`, or when :math:`\delta` shrinks with the working precision
  twice in a row like rounding noise (both sides exactly zero, e.g. :math:`\sin^2+\cos^2-1`);
- *unknown* otherwise (catastrophic cancellation not resolved at the top precision): the point is
  dropped, never read as a verdict.

A point where a side is undefined (division by zero, a pole, a non-finite value) is dropped too.
A difference found this way is confirmed independently (:func:`confirmed_apart`): by interval
arithmetic for real sides (two terms of :math:`\cosh^2-\sinh^2` that round to the same number at every
precision of the ladder give a stable, wrong 0; their enclosure is wide and confirms nothing), by
SymPy's ``evalf`` with error control at the exact point otherwise (branch cuts: rounding noise can put a
complex argument of ``log`` or ``sqrt`` on the wrong side of its cut; the exact evaluation cannot).
:func:`deadline` bounds the time of a comparison.
"""

from __future__ import annotations

import contextlib
import gc
import random
import signal
import threading
import time
from collections.abc import Mapping, Sequence

import mpmath
import sympy as sp
from mpmath import iv
from sympy.core.evalf import PrecisionExhausted

LADDER = 4
"""Number of precisions tried (D+10, 2(D+10), 4(D+10), 8(D+10) digits) before a point is dropped."""


class Timeout(BaseException):
    """The time budget of a comparison ran out."""


class Budget:
    """A wall-clock budget: :meth:`remaining` seconds, :meth:`check` raises :class:`Timeout` when spent."""

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def remaining(self) -> float:
        return self.seconds - self.elapsed()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise Timeout


_STACK: list[float] = []  # absolute deadlines (perf_counter) of the active blocks, innermost last
_GUARDS: set = set()  # code objects of the functions inside which a deadline may raise
_TICK = 0.05  # after expiry the alarm repeats: a Timeout lost in library code is raised again


def guarded(func):
    """Register ``func`` as a function whose frames may receive :class:`Timeout` (see :func:`deadline`)."""
    _GUARDS.add(func.__code__)
    return func


def _on_alarm(signum, frame):  # pragma: no cover - timing dependent
    if not _STACK:
        return
    f = frame
    while f is not None and f.f_code not in _GUARDS:
        f = f.f_back
    if f is None:  # no guarded function is running: a stale deadline, stop quietly
        _STACK.clear()
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    code = frame.f_code if frame is not None else None
    if code is not None and (code.co_name == "__del__" or any(getattr(cb, "__code__", None) is code
                                                            for cb in gc.callbacks)):
        return  # an exception there would be "ignored" (lost): raise it at the next tick instead
    if time.perf_counter() >= min(_STACK):
        raise Timeout


def _arm() -> None:
    if _STACK:
        signal.setitimer(signal.ITIMER_REAL, max(min(_STACK) - time.perf_counter(), 1e-4), _TICK)
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def deadline(seconds: float):
    """Raise :class:`Timeout` inside the block after ``seconds`` (SIGALRM in the main thread; nests).

    The block must run inside a :func:`guarded` function. After expiry the alarm repeats every
    ``_TICK`` seconds until the block is left, so a Timeout swallowed by library code comes back.
    Off the main thread (or without SIGALRM) the block runs unbounded; callers also check a
    :class:`Budget` between steps, so a comparison still stops between witness points.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    depth = len(_STACK)
    previous = signal.signal(signal.SIGALRM, _on_alarm) if depth == 0 else None
    _STACK.append(time.perf_counter() + max(float(seconds), 1e-4))
    _arm()
    try:
        yield
    finally:
        del _STACK[depth:]
        _arm()
        if depth == 0:
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


# -- points ----------------------------------------------------------------------------------------------
def _candidate(s: sp.Symbol, rng: random.Random) -> sp.Expr:
    """A random exact value of moderate size (|v| in (0, 3]: few digits lost to exp, cosh, ...)."""
    if s.is_zero:
        return sp.Integer(0)
    if s.is_integer:
        v = sp.Integer(rng.randint(0 if s.is_nonnegative or s.is_nonpositive else 1, 9))
    else:
        q = rng.randint(2, 97)
        v = sp.Rational(rng.randint(1, 3 * q), q)
    if s.is_positive or s.is_nonnegative:
        sign = 1
    elif s.is_negative or s.is_nonpositive:
        sign = -1
    else:
        sign = rng.choice((1, -1))
    v = sign * v
    if s.is_imaginary:
        return sp.I * v
    if s.is_real is False and s.is_complex:  # a complex (non-real) symbol
        q = rng.randint(2, 97)
        return v + sp.I * sp.Rational(rng.randint(1, 3 * q), q)
    return v


def _satisfies(s: sp.Symbol, v: sp.Expr) -> bool:
    """Whether the value ``v`` has every assumption the symbol ``s`` declares (unknown counts as no)."""
    for key, want in s.assumptions0.items():
        if want is None or key == "commutative":
            continue
        if getattr(v, f"is_{key}", None) is not want:
            return False
    return True


def sample_point(symbols: Sequence[sp.Symbol], rng: random.Random, constraints: Sequence = ()) -> dict | None:
    """Exact values for ``symbols`` satisfying their assumptions and the relational ``constraints``.

    ``None`` when no such point was found in 50 draws (e.g. a symbol declared transcendental).
    """
    for _ in range(50):
        point = {}
        for s in symbols:
            for _ in range(40):
                v = _candidate(s, rng)
                if _satisfies(s, v):
                    point[s] = v
                    break
            else:
                return None
        if all(_holds(c, point) for c in constraints):
            return point
    return None


def _holds(condition, point: Mapping) -> bool:
    """Whether a SymPy relation is true at ``point`` (undecidable, e.g. a complex value, counts as false)."""
    try:
        return bool(sp.sympify(condition).xreplace(point)) is True
    except TypeError:
        return False


# -- evaluation ------------------------------------------------------------------------------------------
class _Unsupported(Exception):
    """A node the tree evaluator has no mpmath (or interval) function for."""


_FUNCTIONS = {
    sp.sin: "sin", sp.cos: "cos", sp.tan: "tan", sp.cot: "cot", sp.sec: "sec", sp.csc: "csc",
    sp.sinh: "sinh", sp.cosh: "cosh", sp.tanh: "tanh", sp.coth: "coth", sp.sech: "sech", sp.csch: "csch",
    sp.exp: "exp", sp.log: "log", sp.asin: "asin", sp.acos: "acos", sp.atan: "atan", sp.asinh: "asinh",
    sp.acosh: "acosh", sp.atanh: "atanh", sp.Abs: "abs", sp.sign: "sign", sp.re: "re", sp.im: "im",
    sp.conjugate: "conj", sp.gamma: "gamma", sp.erf: "erf",
}


def _mp_namespace() -> dict:
    ns = {name: getattr(mpmath, name) for name in _FUNCTIONS.values() if name != "abs"}
    return ns | {"abs": abs, "mpf": mpmath.mpf, "sqrt": mpmath.sqrt, "pi": lambda: +mpmath.pi, "e": lambda: +mpmath.e,
                 "I": lambda: mpmath.mpc(0, 1)}


def _walk(e, env: Mapping, ns: dict, memo: dict):
    """The value of the SymPy tree ``e`` with the arithmetic and functions of ``ns`` (mpmath or mpmath.iv)."""
    v = memo.get(e)
    if v is not None:
        return v
    if e.is_Symbol:
        v = env[e]
    elif e.is_Integer:
        v = ns["mpf"](int(e))
    elif e.is_Rational:
        v = ns["mpf"](int(e.p)) / int(e.q)
    elif e.is_Float:
        v = ns["mpf"](e._mpf_)
    elif e is sp.pi or e is sp.E or e is sp.I:
        name = {sp.pi: "pi", sp.E: "e", sp.I: "I"}[e]
        if name not in ns:
            raise _Unsupported(name)
        v = ns[name]()
    elif e.is_Add:
        args = [_walk(a, env, ns, memo) for a in e.args]
        v = args[0]
        for a in args[1:]:
            v = v + a
    elif e.is_Mul:
        args = [_walk(a, env, ns, memo) for a in e.args]
        v = args[0]
        for a in args[1:]:
            v = v * a
    elif e.is_Pow:
        base, ex = e.args
        b = _walk(base, env, ns, memo)
        if ex.is_Integer:
            v = b ** int(ex) if ex > 0 else 1 / b ** int(-ex)
        elif ex == sp.S.Half:
            v = ns["sqrt"](b)
        else:
            v = b ** _walk(ex, env, ns, memo)
    elif type(e) in _FUNCTIONS and len(e.args) == 1 and _FUNCTIONS[type(e)] in ns:
        v = ns[_FUNCTIONS[type(e)]](_walk(e.args[0], env, ns, memo))
    else:
        raise _Unsupported(type(e).__name__)
    memo[e] = v
    return v


class Side:
    """One expression, evaluated by a walk of its tree with mpmath (``lambdify``, then ``evalf``, as fallbacks)."""

    def __init__(self, expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> None:
        self.expr = sp.sympify(expr)
        self.symbols = list(symbols)
        self.has_floats = self.expr.has(sp.Float)
        self.complex = self.expr.has(sp.I)  # set too when a value comes out complex (a branch may be involved)
        self.walkable = True
        self.fn = None
        self.compiled = False

    def _compiled(self):
        if not self.compiled:
            self.compiled = True
            try:
                self.fn = sp.lambdify(self.symbols, self.expr, modules="mpmath", docstring_limit=0)
            except Exception:  # an object the mpmath printer does not know: evalf at each point
                self.fn = None
        return self.fn

    def _via_evalf(self, point: Mapping, dps: int):
        value = sp.N(self.expr.xreplace(point), dps)
        if not value.is_number:
            return None
        re, im = value.as_real_imag()
        prec = int(dps * 3.33) + 10
        return mpmath.mpc(sp.Float(re, dps)._to_mpmath(prec), sp.Float(im, dps)._to_mpmath(prec))

    def _raw(self, point: Mapping, dps: int):
        if self.walkable:
            try:
                return _walk(self.expr, {s: _to_mp(point[s]) for s in self.symbols}, _MP, {})
            except _Unsupported:
                self.walkable = False
        fn = self._compiled()
        if fn is not None:
            try:
                return fn(*[_to_mp(point[s]) for s in self.symbols])
            except (NameError, AttributeError, TypeError, NotImplementedError):
                self.fn = None  # the compiled form cannot handle it: evalf from now on
        self.complex = True  # evalf: no interval enclosure, confirmation by evalf
        return self._via_evalf(point, dps)

    def value(self, point: Mapping, dps: int):
        """The value at ``point`` with ``dps`` working digits (an ``mpc``), or ``None`` where undefined."""
        with mpmath.workdps(dps):
            try:
                v = self._raw(point, dps)
                if v is None:
                    return None
                if isinstance(v, mpmath.mpc):
                    self.complex = True
                v = mpmath.mpc(v)
            except Exception:  # undefined here (a pole, a division by zero, a failed series): drop the point
                return None
            if not (mpmath.isfinite(v.real) and mpmath.isfinite(v.imag)):
                return None
            return v

    def exact_value(self, point: Mapping, dps: int):
        """SymPy's ``evalf`` at the exact point, to ``dps`` correct digits, or ``None`` (``False`` when
        SymPy cannot reach that accuracy, e.g. cancellation below its extra precision)."""
        try:
            value = sp.N(self.expr.xreplace(point), dps, strict=True)
            if not value.is_number:
                return None
            re, im = value.as_real_imag()
            prec = int(dps * 3.33) + 10
            return mpmath.mpc(sp.Float(re, dps)._to_mpmath(prec), sp.Float(im, dps)._to_mpmath(prec))
        except PrecisionExhausted:
            return False
        except Exception:  # SymPy cannot evaluate it: no confirmation either way
            return None

    def interval(self, point: Mapping, dps: int):
        """A rigorous enclosure of the real value at ``point`` (``mpmath.iv``), or ``None`` where unavailable."""
        if not self.walkable or self.complex:
            return None
        with _iv_dps(dps):
            try:
                value = _walk(self.expr, {s: _to_iv(point[s]) for s in self.symbols}, _IV, {})
                value = iv.mpf(value) if isinstance(value, int | float) else value
            except Exception:  # a function without an interval version, a complex value, a pole
                return None
            if not isinstance(value, type(iv.mpf(0))) or not (mpmath.isfinite(value.a) and mpmath.isfinite(value.b)):
                return None
            return value


@contextlib.contextmanager
def _iv_dps(dps: int):
    """``mpmath.iv`` at ``dps`` digits inside the block (the interval context has no ``workdps``)."""
    saved = iv.prec
    iv.dps = dps
    try:
        yield
    finally:
        iv.prec = saved


def _to_iv(v: sp.Expr):
    if not v.is_Rational:
        raise TypeError("interval points are real")
    return iv.mpf(int(v.p)) / int(v.q)


def _iv_mpf(v):
    return iv.mpf(mpmath.mpf(v)) if isinstance(v, tuple) else iv.mpf(v)


def _interval_namespace() -> dict:
    """Interval versions of the functions of the tree walk (cosh, sinh, tanh, sech through exp)."""
    return {
        "mpf": _iv_mpf, "pi": lambda: +iv.pi, "e": lambda: +iv.e, "exp": iv.exp, "log": iv.log, "sqrt": iv.sqrt,
        "sin": iv.sin, "cos": iv.cos, "tan": iv.tan, "cot": iv.cot, "sec": iv.sec, "csc": iv.csc,
        "cosh": lambda u: (iv.exp(u) + iv.exp(-u)) / 2, "sinh": lambda u: (iv.exp(u) - iv.exp(-u)) / 2,
        "tanh": lambda u: 1 - 2 / (iv.exp(2 * u) + 1), "sech": lambda u: 2 / (iv.exp(u) + iv.exp(-u)),
        "abs": abs,
    }


_MP = _mp_namespace()
_IV = _interval_namespace()


def _to_mp(v: sp.Expr):
    if v.is_Integer:
        return mpmath.mpf(int(v))
    if v.is_Rational:
        return mpmath.mpf(int(v.p)) / int(v.q)
    re, im = v.as_real_imag()
    return mpmath.mpc(_to_mp(re), _to_mp(im))


AGREE, DIFFER, UNKNOWN, UNDEFINED = "agree", "differ", "unknown", "undefined"


def classify(p: Side, d: Side, point: Mapping, digits: int, tol: float) -> tuple[str, float, tuple]:
    """``(outcome, relative difference, (p value, d value))`` of one entry at one point.

    ``outcome`` is AGREE, DIFFER (resolved at two precisions, above ``tol`` relative), UNKNOWN
    (not resolved at the top of the precision ladder) or UNDEFINED (a side has no finite value).
    """
    levels = [(digits + 10) * 2**k for k in range(LADDER)]
    prev = None
    shrinks = 0
    for dps in levels:
        pv, dv = p.value(point, dps), d.value(point, dps)
        if pv is None or dv is None:
            return UNDEFINED, 0.0, (pv, dv)
        with mpmath.workdps(dps):
            delta = pv - dv
            scale = max(abs(pv), abs(dv))
            rel = float(abs(delta) / scale) if scale else 0.0
            if prev is not None:
                ppv, pdv, pdelta, pdps = prev
                moved = max(abs(ppv - pv), abs(pdv - dv))
                if delta != 0 and abs(pdelta - delta) <= abs(delta) * 1e-10 and moved <= abs(delta) * 1e-10 \
                        and abs(delta) > tol * scale:
                    return DIFFER, rel, (pv, dv)
                eps = mpmath.mpf(10) ** -digits
                if moved <= eps * scale and abs(delta) <= max(tol, eps) * scale:
                    return AGREE, rel, (pv, dv)
                if abs(delta) <= abs(pdelta) * mpmath.mpf(10) ** (-(dps - pdps) / 2):
                    shrinks += 1  # shrinks with the precision: rounding noise around an exact zero
                    if shrinks >= 2:
                        return AGREE, 0.0, (pv, dv)
                else:
                    shrinks = 0
            prev = (pv, dv, delta, dps)
    return UNKNOWN, 0.0, (prev[0], prev[1]) if prev else (None, None)


def confirmed_apart(p: Side, d: Side, point: Mapping, digits: int, tol: float) -> bool:
    """Whether an independent evaluation also puts the two sides apart at ``point``.

    Real sides: interval arithmetic (``mpmath.iv``) along the precision ladder, rigorous: apart when
    the gap between the two enclosures exceeds ``tol`` times their largest bound. Otherwise SymPy's
    ``evalf`` at the exact point with ``strict=True`` (its own error control; an accuracy it cannot
    reach is no confirmation). Only an expression neither can evaluate keeps the ladder's verdict.
    """
    for dps in [(digits + 10) * 2**k for k in range(LADDER)]:
        P, D = p.interval(point, dps), d.interval(point, dps)
        if P is None or D is None:
            break
        with _iv_dps(dps):
            gap = max(P.a - D.b, D.a - P.b, 0)
            bound = max(abs(P.a), abs(P.b), abs(D.a), abs(D.b))
            if gap > tol * bound:
                return True
            if max(P.delta, D.delta) <= mpmath.mpf(10) ** -digits * bound:
                return False  # tight enclosures that overlap: the sides agree here
    else:
        return False  # enclosures still too wide at the top of the ladder: not confirmed
    pv, dv = p.exact_value(point, digits + 10), d.exact_value(point, digits + 10)
    if pv is False or dv is False:
        return False
    if pv is None or dv is None:
        return True
    with mpmath.workdps(digits + 10):
        scale = max(abs(pv), abs(dv))
        return bool(abs(pv - dv) > tol * scale)
