r"""Compare a paper's printed equations with what the library derives.

A :class:`Claim` pairs a printed equation (transcribed as SymPy, its LaTeX kept beside
it so a reader can audit the transcription) with a *derivation*: a function that calls
the library and returns the derived object. :func:`check` compares them in order

1. exact: canonical simplification of the difference (``printed - derived``), and of
   the ratio (a constant ratio is a factor or a sign);
2. numeric witnesses: both sides at random exact points (respecting the symbols'
   assumptions), evaluated with mpmath at 30 significant digits;
3. dimensions: with a ``units`` map (symbol → pint unit), both sides must have the
   same dimension (:func:`dimension_of`).

and returns a :class:`Row` with one verdict:

``AGREES``
    equal (exactly, or at every numeric witness — the detail says which);
``DIFFERS``
    not equal: the row gives the derived form and a numeric counterexample;
``AGREES-UP-TO``
    equal up to a declared convention that the check confirms: the claim's ``factor`` equals
    the derived ratio printed/derived, or its ``substitution`` makes the sides equal (a
    description alone is refused; an undeclared or different factor is DIFFERS, named);
``NOT-CHECKED``
    a definition or model assumption, with the reason;
``ERROR``
    the derivation crashed (a bug in multiwell, never a finding about the paper).

Examples
--------
A formula from outside the seed paper: the two-level splitting
:math:`E_\pm=\pm\frac12\sqrt{\Delta^2+\Delta_0^2}` of Eq. 1's Hamiltonian.

>>> import sympy as sp
>>> from multiwell import double_well, hamiltonian
>>> Delta, Delta0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
>>> claim = Claim(
...     equation="E+-", title="two-level splitting",
...     latex=r"E_\pm = \pm\tfrac12\sqrt{\Delta^2+\Delta_0^2}",
...     printed=lambda: sp.sqrt(Delta**2 + Delta0**2),
...     derive=lambda: sp.Add(*[s * v for s, v in zip((-1, 1), sorted(hamiltonian(
...         double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]
...     ).matrix.eigenvals(), key=lambda x: x.could_extract_minus_sign(), reverse=True))]),
... )
>>> check(claim).verdict
'AGREES'
"""

from __future__ import annotations

import json
import random
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

import mpmath
import pint
import sympy as sp

from ._validate import as_basic, as_expr
from .errors import ParameterError
from .units import ureg

__all__ = [
    "AGREES",
    "AGREES_UP_TO",
    "DIFFERS",
    "ERROR",
    "NOT_CHECKED",
    "Claim",
    "Derived",
    "Row",
    "check",
    "compare",
    "dimension_of",
    "report_json",
    "report_markdown",
    "report_table",
    "run_claims",
]

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


@dataclass(frozen=True)
class Derived:
    r"""What a derivation may return instead of a bare SymPy object: the object plus notes.

    ``verdict`` lets a derivation that decides by its own (documented) route — e.g. a
    Monte Carlo or quadrature comparison — state the verdict; ``detail`` explains it.

    Examples
    --------
    Eq. 24 with a constant density of states :math:`g` gives the linear heat capacity
    :math:`C = 2g k_B^2 T\int_0^\infty y^2\cosh^{-2}y\,dy = \frac{\pi^2}{6}g k_B^2 T`
    because the integral is :math:`\pi^2/12`; a derivation can check that by quadrature
    and state the verdict itself:

    >>> import mpmath
    >>> import sympy as sp
    >>> def by_quadrature():
    ...     with mpmath.workdps(40):
    ...         value = mpmath.quad(lambda y: y**2 / mpmath.cosh(y) ** 2, [0, mpmath.inf])
    ...         close = abs(value - mpmath.pi**2 / 12) < mpmath.mpf(10) ** -35
    ...     return Derived(sp.Float(value, 40), detail="mpmath.quad at 40 digits",
    ...                    verdict=AGREES if close else DIFFERS)
    >>> row = check(Claim("24*", "integral behind C = pi^2 g k_B^2 T / 6",
    ...                   printed=lambda: sp.pi**2 / 12, derive=by_quadrature))
    >>> row.verdict, row.detail, row.derived[:12]
    ('AGREES', 'mpmath.quad at 40 digits', '0.8224670334')
    """

    value: object
    detail: str = ""
    verdict: str | None = None
    corrected: object = None


@dataclass(frozen=True)
class Claim:
    r"""A printed equation paired with its derivation.

    Parameters
    ----------
    equation
        The paper's equation number (as a string, e.g. ``"7"`` or ``"35"``).
    title
        What the equation states, in a few words.
    latex
        The equation as printed (LaTeX), for auditing the transcription.
    printed
        A function returning the transcription (a SymPy expression, matrix, or
        ``Eq``); ``None`` for a NOT-CHECKED row.
    derive
        A function calling the library and returning the derived object (or a :class:`Derived`).
    units
        Symbol → pint unit string, for the dimensional check.
    convention
        A description, in words, of the convention that relates the two sides (a sign, a
        factor, Gaussian vs SI units). It must come with checkable content — ``factor``,
        ``substitution`` or ``convention_map`` — and the verdict is AGREES-UP-TO only when
        that content makes the two sides equal; a description alone is refused
        (:class:`~multiwell.errors.ParameterError`), because it would excuse any factor.
    convention_map
        Function applied to the printed object before comparing (a change of units, say).
    factor
        The declared constant ratio printed/derived (``2``, ``-1``, ``sympy.pi``):
        AGREES-UP-TO when the derived ratio equals it exactly, DIFFERS naming the factor found
        when it is another constant.
    substitution
        Symbol → SymPy expression applied to the printed form before comparing (a notation:
        ``{g_0: 2*P_bar}``, a hopping sign ``{D_0: -D_0}``); AGREES-UP-TO when the substituted
        form agrees (up to ``factor`` if that is given too).
    not_checked
        The reason, for a definition or model assumption.
    assumptions
        Conditions the witness points must satisfy (see :func:`compare`), e.g.
        :math:`E_1 + E_2 + E_3 = 0`.

    Examples
    --------
    The determinant of Eq. 1, :math:`\det H = -\tfrac14(\Delta^2 + \Delta_0^2)` (the product
    of the levels :math:`\pm\tfrac12\sqrt{\Delta^2+\Delta_0^2}`):

    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> Delta, Delta_0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
    >>> claim = Claim(
    ...     "1", "det of the two-level Hamiltonian",
    ...     latex=r"\det H_0^{(2)} = -\tfrac14(\Delta^2+\Delta_0^2)",
    ...     printed=lambda: -(Delta**2 + Delta_0**2) / 4,
    ...     derive=lambda: hamiltonian(double_well(), convention="standard",
    ...                                energies=[-Delta / 2, Delta / 2]).matrix.det(),
    ... )
    >>> check(claim).verdict
    'AGREES'
    >>> check(Claim("2", "standard distribution", not_checked="a model assumption")).verdict
    'NOT-CHECKED'

    A convention is declared by its content; a factor that is not the declared one is a finding:

    >>> x = sp.Symbol("x", real=True)
    >>> check(Claim("c", "x", printed=lambda: 2 * x, derive=lambda: x, factor=2)).verdict
    'AGREES-UP-TO'
    >>> check(Claim("c", "x", printed=lambda: 4 * x, derive=lambda: x, factor=2)).detail
    'by a constant factor: printed = (4) x derived, not the declared factor 2; corrected form: x'
    >>> Claim("c", "x", convention="Gaussian units")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: convention: 'Gaussian units' says nothing checkable; declare it as factor=... (a constant ratio printed/derived, e.g. 2 or -1), substitution={symbol: expression} (e.g. {g_0: 2*P_bar}) or convention_map=function
    """

    equation: str
    title: str
    latex: str = ""
    printed: Callable[[], object] | None = None
    derive: Callable[[], object] | None = None
    units: Mapping = field(default_factory=dict)
    convention: str = ""
    convention_map: Callable[[object], object] | None = None
    not_checked: str = ""
    assumptions: Sequence = ()
    factor: object = None
    substitution: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.convention, str):
            raise ParameterError(
                f"convention: expected a description in words (str), got {type(self.convention).__name__}; "
                "declare the content as factor=... or substitution={...}"
            )
        if self.factor is not None:
            f = as_expr(self.factor, name="factor", expected="a constant (e.g. 2, -1, sympy.pi)")
            if f.free_symbols or f == 0:
                raise ParameterError(f"factor: expected a non-zero constant, got {f}")
            object.__setattr__(self, "factor", f)
        if self.substitution:
            if not isinstance(self.substitution, Mapping):
                raise ParameterError(f"substitution: expected a dict symbol -> expression, got {type(self.substitution).__name__}")
            sub = {}
            for k, v in self.substitution.items():
                key = as_basic(k, name="substitution key", expected="a SymPy Symbol")
                if not isinstance(key, sp.Symbol):
                    raise ParameterError(f"substitution key: expected a SymPy Symbol, got {key!r}")
                sub[key] = as_expr(v, name=f"substitution[{key}]")
            object.__setattr__(self, "substitution", sub)
        checkable = self.factor is not None or bool(self.substitution) or self.convention_map is not None
        if self.convention and not checkable:
            raise ParameterError(
                f"convention: {self.convention!r} says nothing checkable; declare it as factor=... "
                "(a constant ratio printed/derived, e.g. 2 or -1), substitution={symbol: expression} "
                "(e.g. {g_0: 2*P_bar}) or convention_map=function"
            )

    @property
    def has_convention(self) -> bool:
        """Whether the claim declares a (checkable) convention."""
        return self.factor is not None or bool(self.substitution) or self.convention_map is not None

    def convention_text(self) -> str:
        """The convention in words: the description, or what ``factor`` / ``substitution`` declare."""
        if self.convention:
            return self.convention
        parts = []
        if self.substitution:
            parts.append("with " + ", ".join(f"{k} -> {v}" for k, v in self.substitution.items()))
        if self.factor is not None:
            parts.append(f"up to the declared factor {self.factor}")
        return " and ".join(parts) or "by the declared convention map"


@dataclass(frozen=True)
class Row:
    """One line of the verification report: the verdict of :func:`check` on one :class:`Claim`.

    ``printed`` and ``derived`` are the two sides as text (``sympy.sstr``), ``printed_latex`` and
    ``derived_latex`` the same in LaTeX; ``corrected`` (and ``corrected_latex``) is the form the
    paper should print, for a DIFFERS row; ``ran`` says whether the comparison ran (``False`` for
    an ERROR row).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> row = check(Claim("0", "double angle", printed=lambda: sp.sin(2 * x),
    ...                   derive=lambda: 2 * sp.sin(x) * sp.cos(x)))
    >>> row.verdict, row.printed, row.derived, row.ran
    ('AGREES', 'sin(2*x)', '2*sin(x)*cos(x)', True)
    >>> row.as_json()["detail"]
    'exact: the difference simplifies to 0'
    >>> print(row.as_json()["printed_latex"], "|", row.as_json()["derived_latex"])
    \\sin{\\left(2 x \\right)} | 2 \\sin{\\left(x \\right)} \\cos{\\left(x \\right)}
    """

    equation: str
    verdict: str
    detail: str
    derived: str
    printed: str
    title: str = ""
    ran: bool = False
    printed_latex: str = ""
    derived_latex: str = ""
    corrected: str = ""
    corrected_latex: str = ""

    def as_json(self) -> dict:
        """The row as the JSON object of ``multiwell verify --json``."""
        d = asdict(self)
        keys = ("equation", "verdict", "detail", "derived", "printed", "title", "ran",
                "printed_latex", "derived_latex", "corrected", "corrected_latex")
        return {k: d[k] for k in keys}


# -- comparison ----------------------------------------------------------------------------------------
def _as_difference(obj) -> object:
    """An ``Eq`` becomes ``lhs - rhs``; a Poly its expression; anything else itself."""
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
    return [sp.sympify(obj)]


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
    unit_of = {sp.sympify(k): ureg.Quantity(1, v) for k, v in units.items()}

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

    return dim(sp.sympify(expr)).dimensionality


# -- running claims -------------------------------------------------------------------------------------
def _show(obj) -> str:
    if isinstance(obj, Derived):
        obj = obj.value
    if obj is None:
        return ""
    try:
        return sp.sstr(obj)
    except Exception:  # pragma: no cover - repr of odd objects
        return repr(obj)


def check(claim: Claim) -> Row:
    r"""Run one claim's derivation and compare it with the printed form.

    The comparison is :func:`compare` (is :math:`\text{printed} - \text{derived} = 0`?),
    then, with ``claim.units``, :func:`dimension_of` on both sides. A derivation that raises
    gives an ERROR row, never an exception.

    Examples
    --------
    The levels of Eq. 1 multiply to :math:`\det H = -\tfrac14(\Delta^2+\Delta_0^2)`; a
    transcription with a sign slip is a DIFFERS row that carries the corrected form:

    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> Delta, Delta_0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
    >>> det = lambda: hamiltonian(double_well(), convention="standard",
    ...                           energies=[-Delta / 2, Delta / 2]).matrix.det()
    >>> check(Claim("1", "det H", printed=lambda: -(Delta**2 + Delta_0**2) / 4, derive=det)).verdict
    'AGREES'
    >>> row = check(Claim("1", "det H", printed=lambda: -(Delta**2 - Delta_0**2) / 4, derive=det))
    >>> row.verdict, row.detail.split("; ")[-1]
    ('DIFFERS', 'corrected form: -Delta**2/4 - Delta_0**2/4')
    >>> check(Claim("1", "det H", printed=lambda: 0, derive=lambda: 1 / 0)).detail
    'derivation crashed: ZeroDivisionError: division by zero'
    """
    base = dict(equation=claim.equation, title=claim.title)
    if claim.not_checked:
        return Row(verdict=NOT_CHECKED, detail=claim.not_checked, derived="", printed=claim.latex, ran=True,
                   printed_latex=claim.latex, **base)
    try:
        printed = claim.printed() if claim.printed else None
        derived = claim.derive()
    except Exception as exc:  # a crash is reported, never hidden
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Row(verdict=ERROR, detail=f"derivation crashed: {tb}", derived="", printed=claim.latex, **base)
    note = ""
    if isinstance(derived, Derived):
        note = derived.detail
        if derived.verdict is not None:
            detail = note
            if derived.corrected is not None:
                detail += f"; corrected form: {_show(derived.corrected)}"
            return Row(verdict=derived.verdict, detail=detail, derived=_show(derived.value),
                       printed=_show(printed) or claim.latex, ran=True,
                       **_forms(printed, derived.value, derived.corrected, claim.latex), **base)
        derived_value = derived.value
    else:
        derived_value = derived
    verdict, detail = compare(printed, derived_value, assumptions=claim.assumptions)
    if verdict == DIFFERS and claim.has_convention:
        verdict, detail = _with_convention(claim, printed, derived_value)
    corrected = derived_value if verdict == DIFFERS else None
    if verdict == DIFFERS:
        detail = f"{detail}; corrected form: {_show(derived_value)}"
    if claim.units and printed is not None:
        try:
            dp = dimension_of(_as_difference(printed) if not isinstance(printed, sp.Equality) else printed, claim.units)
            dd = dimension_of(derived_value, claim.units) if not isinstance(derived_value, sp.MatrixBase) else dp
            if dp != dd:
                verdict = DIFFERS
                detail += f"; dimensions differ: printed {dict(dp)}, derived {dict(dd)}"
            else:
                detail += f"; dimensions agree ({dict(dp) or 'dimensionless'})"
        except pint.DimensionalityError as exc:
            verdict = DIFFERS
            detail += f"; the printed form is dimensionally inconsistent: {exc}"
    if note:
        detail = f"{note}. {detail}"
    return Row(verdict=verdict, detail=detail, derived=_show(derived_value), printed=_show(printed), ran=True,
               **_forms(printed, derived_value, corrected, claim.latex), **base)


def _with_convention(claim: Claim, printed, derived) -> tuple[str, str]:
    """Compare after the declared convention: AGREES-UP-TO only if it makes the sides equal."""
    converted = printed
    if claim.substitution:
        converted = _as_difference(converted)
        converted = converted.subs(claim.substitution) if isinstance(converted, sp.Basic) else [
            sp.sympify(e).subs(claim.substitution) for e in _entries(converted)]
    if claim.convention_map is not None:
        converted = claim.convention_map(converted)
    verdict, detail = compare(converted, derived, assumptions=claim.assumptions, factor=claim.factor)
    text = claim.convention_text()
    if verdict in (AGREES, AGREES_UP_TO):
        return AGREES_UP_TO, f"{text} ({detail})"
    if claim.substitution or claim.convention_map is not None:
        detail = f"{detail} (after the declared convention: {text})"
    return DIFFERS, detail


def _latex(obj) -> str:
    if isinstance(obj, Derived):
        obj = obj.value
    if obj is None or isinstance(obj, str):
        return ""
    try:
        return sp.latex(obj)
    except Exception:  # pragma: no cover - objects SymPy cannot print
        return ""


def _forms(printed, derived, corrected, latex: str = "") -> dict:
    """The LaTeX of both sides (the paper's own LaTeX when there is no transcription) and the corrected form."""
    return dict(printed_latex=_latex(printed) or latex, derived_latex=_latex(derived),
                corrected=_show(corrected), corrected_latex=_latex(corrected))


def run_claims(claims: Sequence[Claim]) -> list[Row]:
    r"""Check every claim, in order (:func:`check` on each).

    Examples
    --------
    Two identities of the three-well Hamiltonian of Eq. 3: :math:`\operatorname{tr}H = \sum_i E_i`
    and, at :math:`E_i = 0`, :math:`\det H = 2D_0^3` (the levels :math:`-D_0, -D_0, 2D_0`):

    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> E_1, E_2, E_3 = sp.symbols("E_1:4", real=True)
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> rows = run_claims([
    ...     Claim("3a", "trace", printed=lambda: E_1 + E_2 + E_3,
    ...           derive=lambda: hamiltonian(complete(3)).matrix.trace()),
    ...     Claim("3b", "determinant", printed=lambda: 2 * D_0**3,
    ...           derive=lambda: hamiltonian(complete(3), energies=[0, 0, 0]).matrix.det()),
    ... ])
    >>> [(r.equation, r.verdict) for r in rows]
    [('3a', 'AGREES'), ('3b', 'AGREES')]
    """
    return [check(c) for c in claims]


def report_table(rows: Sequence[Row], *, width: int = 100, verbose: bool = False) -> str:
    """A plain-text table: equation, verdict, title and the first line of the detail.

    With ``verbose``, every row is followed by its whole reason and its printed, derived and
    corrected forms, wrapped to ``width`` (nothing is cut).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> rows = run_claims([
    ...     Claim("1", "double angle", printed=lambda: sp.sin(2 * x),
    ...           derive=lambda: 2 * sp.sin(x) * sp.cos(x)),
    ...     Claim("2", "a model assumption", not_checked="an assumption, nothing to derive"),
    ... ])
    >>> print(report_table(rows, width=80))
      eq.  verdict       claim                              detail
    --------------------------------------------------------------------------------
        1  AGREES        double angle                       exact: the difference...
        2  NOT-CHECKED   a model assumption                 an assumption, nothi...
    --------------------------------------------------------------------------------
    AGREES: 1  NOT-CHECKED: 1

    The whole reason and both forms, on request:

    >>> print(report_table(rows[:1], width=60, verbose=True))
      eq.  verdict       claim                              detail
    ------------------------------------------------------------
        1  AGREES        double angle                       exa...
           reason:    exact: the difference simplifies to 0
           printed:   sin(2*x)
           derived:   2*sin(x)*cos(x)
    ------------------------------------------------------------
    AGREES: 1
    """
    eq = max([5, *(len(str(r.equation)) for r in rows)])  # text keys such as "C-wrong" widen the column
    lines = [f"{'eq.':>{eq}}  {'verdict':<13} {'claim':<34} detail", "-" * width]
    for r in rows:
        detail = r.detail.replace("\n", " ")
        room = max(6, width - 51 - eq)
        short = detail if len(detail) <= room else detail[: room - 3] + "..."
        lines.append(f"{r.equation:>{eq}}  {r.verdict:<13} {r.title[:34]:<34} {short}")
        if verbose:
            lines += _verbose_lines(r, width, eq)
    counts = {}
    for r in rows:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    lines.append("-" * width)
    lines.append("  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)


def _verbose_lines(r: Row, width: int, eq: int = 5) -> list[str]:
    import textwrap

    out = []
    for label, text in (("reason", r.detail), ("printed", r.printed), ("derived", r.derived),
                        ("corrected", r.corrected)):
        if not text:
            continue
        first = f"{'':>{eq + 2}}{label + ':':<11}"
        out += textwrap.wrap(text.replace("\n", " "), width=max(width, 40), initial_indent=first,
                             subsequent_indent=" " * len(first), break_long_words=True, break_on_hyphens=False)
    return out


def report_json(rows: Sequence[Row]) -> str:
    """The rows as a JSON array (``multiwell verify --json``), one object per :meth:`Row.as_json`.

    Examples
    --------
    >>> import json
    >>> rows = run_claims([Claim("2", "a model assumption", not_checked="an assumption")])
    >>> [(r["equation"], r["verdict"], r["detail"]) for r in json.loads(report_json(rows))]
    [('2', 'NOT-CHECKED', 'an assumption')]
    """
    return json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False)


def report_markdown(rows: Sequence[Row], *, title: str = "Verification report") -> str:
    """The rows as a Markdown report: a summary table, then one section per equation.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> rows = run_claims([Claim("1", "double angle", printed=lambda: sp.sin(2 * x),
    ...                          derive=lambda: 2 * sp.sin(x) * sp.cos(x))])
    >>> print(report_markdown(rows, title="Report"))
    # Report
    <BLANKLINE>
    | eq. | verdict | claim |
    | --- | --- | --- |
    | 1 | AGREES | double angle |
    <BLANKLINE>
    ## Eq. 1: double angle
    <BLANKLINE>
    **AGREES** — exact: the difference simplifies to 0
    <BLANKLINE>
    Printed (transcribed):
    <BLANKLINE>
    ```
    sin(2*x)
    ```
    <BLANKLINE>
    Derived:
    <BLANKLINE>
    ```
    2*sin(x)*cos(x)
    ```
    <BLANKLINE>
    """
    out = [f"# {title}", "", "| eq. | verdict | claim |", "| --- | --- | --- |"]
    out += [f"| {r.equation} | {r.verdict} | {r.title} |" for r in rows]
    for r in rows:
        out += ["", f"## Eq. {r.equation}: {r.title}", "", f"**{r.verdict}** — {r.detail}", ""]
        if r.printed:
            out += ["Printed (transcribed):", "", "```", r.printed, "```", ""]
        if r.derived:
            out += ["Derived:", "", "```", r.derived, "```", ""]
    return "\n".join(out) + "\n"
