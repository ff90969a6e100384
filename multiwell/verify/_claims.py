r"""Claims and their check, for :mod:`multiwell.verify`: :class:`Claim`, :class:`Derived`, :class:`Row`, :func:`check`.

A :class:`Claim` pairs a printed equation with a derivation (a :class:`Derived` when the
derivation brings notes or its own verdict); :func:`check` runs it, compares the two sides with
:func:`~multiwell.verify.compare` and :func:`~multiwell.verify.dimension_of`, applies a declared
convention, decides an inherited row by its independent check, and returns a :class:`Row`.
Import them from :mod:`multiwell.verify`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

import pint
import sympy as sp

from multiwell._validate import as_basic, as_expr
from multiwell.errors import ParameterError
from multiwell.verify._compare import (
    AGREES,
    AGREES_UP_TO,
    DIFFERS,
    ERROR,
    NOT_CHECKED,
    _as_difference,
    _entries,
    compare,
    dimension_of,
)
from multiwell.verify._latex import MATCHES, NOT_PARSED, transcription

NOTATION = "notation"  # documented in multiwell.verify (the public module)
SUBSTANTIVE = "substantive"  # documented in multiwell.verify
KINDS = (NOTATION, SUBSTANTIVE)


@dataclass(frozen=True)
class Derived:
    r"""What a derivation may return instead of a bare SymPy object: the object plus notes.

    ``verdict`` lets a derivation that decides by its own (documented) route — e.g. a
    Monte Carlo or quadrature comparison — state the verdict; ``detail`` explains it.
    ``kind`` classes a DIFFERS verdict (:data:`NOTATION` or :data:`SUBSTANTIVE`), ``assumption``
    states what the derived value rests on, and ``readings`` gives ``(reading, result)`` pairs
    where the paper admits more than one reading, ``default_reading`` naming the one the
    library's observables use.

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
    kind: str = ""
    assumption: str = ""
    readings: tuple = ()
    default_reading: str = ""


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
        The equation as printed (LaTeX). It is parsed (SymPy's LaTeX parser, lark backend) and compared
        with ``printed`` — the row's transcription audit (``Row.transcription``). Without ``printed``,
        the parsed LaTeX *is* the printed side (type a formula once).
    printed
        A function returning the transcription (a SymPy expression, matrix, or
        ``Eq``); ``None`` for a NOT-CHECKED row, or to use the parsed ``latex``.
    latex_symbols
        LaTeX → SymPy object, for the symbols and fragments of ``latex`` that are not matched by name
        to a symbol of the printed or derived side (``{r"\mathcal{E}": E, r"\tilde P^*": P_t}``); a
        paper usually sets one map for all its claims.
    latex_note
        Why the LaTeX and ``printed`` differ or the LaTeX is not parsed, when they do (shown with the audit).
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
    kind
        The class of a DIFFERS verdict: :data:`NOTATION` or :data:`SUBSTANTIVE` (the default when
        none is declared: a reader should assume a result changes).
    inherited
        The printed predecessor this row follows from, when that predecessor is wrong (e.g.
        ``"Eq. 39"``); ``independent`` then decides the verdict.
    independent
        A second derivation, from the exact model rather than from the printed predecessor,
        returning a :class:`Derived` with its verdict (or an object compared with the printed form).
    question
        A tag for the kind of question the row decides (``"rate-law"``, ``"distribution"``, ...):
        rows with the same tag must be decided the same way (:func:`contradictions`).
    assumption
        What the derived value rests on, in words.

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
    multiwell.errors.ParameterError: convention: 'Gaussian units' says nothing checkable; declare it as factor=...
    (a constant ratio printed/derived, e.g. 2 or -1), substitution={symbol: expression} (e.g. {g_0: 2*P_bar})
    or convention_map=function
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
    kind: str = ""
    inherited: str = ""
    independent: Callable[[], object] | None = None
    question: str = ""
    assumption: str = ""
    factor: object = None
    substitution: Mapping = field(default_factory=dict)
    latex_symbols: Mapping = field(default_factory=dict)
    latex_note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.latex, str):
            raise ParameterError(
                f"latex: expected the printed equation as a LaTeX string, got {type(self.latex).__name__}")
        if not isinstance(self.latex_symbols, Mapping) or not all(isinstance(k, str) for k in self.latex_symbols):
            raise ParameterError("latex_symbols: expected a dict LaTeX string -> SymPy object, e.g. "
                                 "{r'\\mathcal{E}': sympy.Symbol('E', real=True)}")
        for k, v in self.latex_symbols.items():
            as_basic(v, name=f"latex_symbols[{k!r}]", expected="a SymPy object")
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
                raise ParameterError(
                    f"substitution: expected a dict symbol -> expression, got {type(self.substitution).__name__}"
                )
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
    an ERROR row). ``kind`` is the class of a DIFFERS verdict, ``inherited`` the wrong printed
    predecessor the row follows from (then ``predecessor_check`` says how the row compares with that
    predecessor and the verdict is the independent check's); ``question``, ``assumption``,
    ``readings`` and ``default_reading`` are copied from the claim and its derivation (see
    :class:`Claim`, :class:`Derived`). ``transcription`` is the audit of the claim's ``latex``
    (``"matches"``, ``"differs"``, ``"not parsed"``; ``""`` when there is nothing to compare) and
    ``transcription_detail`` says which side of the LaTeX matched, where they differ, or why.

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
    kind: str = ""
    inherited: str = ""
    predecessor_check: str = ""
    question: str = ""
    assumption: str = ""
    readings: tuple = ()
    default_reading: str = ""
    transcription: str = ""
    transcription_detail: str = ""

    @property
    def verdict_class(self) -> str:
        """``"inherited: Eq. N"`` for an inherited row, else the kind (``""`` for rows that do not differ).

        Examples
        --------
        >>> Row("40", "DIFFERS", "", "", "", kind="substantive", inherited="Eq. 39").verdict_class
        'inherited: Eq. 39'
        """
        return f"inherited: {self.inherited}" if self.inherited else self.kind

    def as_json(self) -> dict:
        """The row as the JSON object of ``multiwell verify --json`` (``class`` is :attr:`verdict_class`)."""
        d = asdict(self)
        keys = ("equation", "verdict", "detail", "derived", "printed", "title", "ran",
                "printed_latex", "derived_latex", "corrected", "corrected_latex")
        out = {k: d[k] for k in keys}
        out["class"] = self.verdict_class
        out |= {k: d[k] for k in ("kind", "inherited", "predecessor_check", "question", "assumption",
                                  "default_reading", "transcription", "transcription_detail")}
        out["readings"] = [{"reading": r, "result": v} for r, v in self.readings]
        return out


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


def _crash(exc: Exception) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


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

    A row that follows from a wrong printed predecessor is decided by the independent check;
    its agreement with the predecessor is kept beside the verdict:

    >>> wrong_eq = lambda: -(Delta**2 - Delta_0**2) / 4        # a wrong printed predecessor
    >>> row = check(Claim("1'", "det H again", printed=wrong_eq, derive=wrong_eq,
    ...                   inherited="Eq. 1", independent=det))
    >>> row.verdict, row.verdict_class, row.predecessor_check.split(":")[0]
    ('DIFFERS', 'inherited: Eq. 1', 'AGREES against the printed Eq. 1')

    A row that does not even follow from its predecessor is wrong on its own: its class is its kind.

    >>> row = check(Claim("1''", "det H, slipped", printed=lambda: 3 * Delta**2, derive=wrong_eq,
    ...                   inherited="Eq. 1", independent=det))
    >>> row.verdict, row.verdict_class, row.predecessor_check.split(":")[0]
    ('DIFFERS', 'substantive', 'DIFFERS against the printed Eq. 1')
    """
    if not isinstance(claim, Claim):
        raise ParameterError(f"claim: expected a multiwell Claim, got {type(claim).__name__}")
    row, derived, printed = _check_core(claim)
    extra = {"question": claim.question, "assumption": claim.assumption, **_audit(claim, printed, derived)}
    if isinstance(derived, Derived):
        extra["assumption"] = derived.assumption or claim.assumption
        extra["readings"] = tuple(tuple(r) for r in derived.readings)
        extra["default_reading"] = derived.default_reading
    kind = derived.kind if isinstance(derived, Derived) and derived.kind else claim.kind
    if claim.inherited and row.verdict != ERROR:
        # the class is "inherited" only when the row does follow from its printed predecessor
        if row.verdict in (AGREES, AGREES_UP_TO):
            extra["inherited"] = claim.inherited
        extra["predecessor_check"] = f"{row.verdict} against the printed {claim.inherited}: {row.detail}"
        if claim.independent is None:
            row = replace(row, verdict=ERROR, ran=False,
                          detail=f"inherited from {claim.inherited} but no independent check is given")
        else:
            try:
                second = claim.independent()
            except Exception as exc:  # a crash is reported, never hidden
                return replace(row, verdict=ERROR, ran=False, detail=f"independent check crashed: {_crash(exc)}",
                               **extra)
            if isinstance(second, Derived) and second.verdict is not None:
                verdict, detail = second.verdict, second.detail
            else:
                value = second.value if isinstance(second, Derived) else second
                verdict, detail = compare(printed, value, assumptions=claim.assumptions)  # printed= or parsed LaTeX
                if isinstance(second, Derived) and second.detail:
                    detail = f"{second.detail}. {detail}"
            if isinstance(second, Derived) and second.kind:
                kind = second.kind
            if isinstance(second, Derived) and second.assumption:
                extra["assumption"] = second.assumption
            if verdict == DIFFERS:
                fix = second.corrected if isinstance(second, Derived) and second.corrected is not None else second
                detail += f"; corrected form: {_show(fix)}"
            fixed = {}
            if verdict == DIFFERS:
                fixed = dict(corrected=_show(fix), corrected_latex=_latex(fix))
            row = replace(row, verdict=verdict, detail=f"independent check: {detail}",
                          derived=_show(second) or row.derived, derived_latex=_latex(second) or row.derived_latex,
                          **fixed)
    if row.verdict == DIFFERS:
        extra["kind"] = kind if kind in KINDS else SUBSTANTIVE
    return replace(row, **extra)


def _check_core(claim: Claim) -> tuple[Row, object, object]:
    """The comparison of :func:`check` without the class: the row, what the derivation returned, the printed side."""
    base = dict(equation=claim.equation, title=claim.title)
    if claim.not_checked:
        return Row(verdict=NOT_CHECKED, detail=claim.not_checked, derived="", printed=claim.latex, ran=True,
                   printed_latex=claim.latex, **base), None, None
    try:
        printed = claim.printed() if claim.printed else None
        derived = claim.derive()
    except Exception as exc:  # a crash is reported, never hidden
        crashed = Row(verdict=ERROR, detail=f"derivation crashed: {_crash(exc)}", derived="", printed=claim.latex,
                      **base)
        return crashed, None, None
    if claim.printed is None and claim.latex:  # the printed side is the parsed LaTeX
        status, why, parsed = transcription(claim.latex, None, symbols=claim.latex_symbols,
                                            known=_symbols_of(derived))
        if status != MATCHES and not (isinstance(derived, Derived) and derived.verdict is not None):
            unread = Row(verdict=NOT_CHECKED, detail=f"no printed= and the LaTeX is not parsed ({why}); give printed=",
                         derived=_show(derived), printed=claim.latex, ran=True, printed_latex=claim.latex, **base)
            return unread, derived, None
        printed = parsed
    note = ""
    if isinstance(derived, Derived):
        note = derived.detail
        if derived.verdict is not None:
            detail = note
            if derived.corrected is not None:
                detail += f"; corrected form: {_show(derived.corrected)}"
            return Row(verdict=derived.verdict, detail=detail, derived=_show(derived.value),
                       printed=_show(printed) or claim.latex, ran=True,
                       **_forms(printed, derived.value, derived.corrected, claim.latex), **base), derived, printed
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
               **_forms(printed, derived_value, corrected, claim.latex), **base), derived, printed


def _symbols_of(obj) -> list:
    """The free symbols of a derived object (a :class:`Derived`, an expression, a matrix, a list), sorted."""
    if isinstance(obj, Derived):
        obj = obj.value
    if isinstance(obj, list | tuple):
        return sorted({s for o in obj for s in _symbols_of(o)}, key=str)
    return sorted(getattr(obj, "free_symbols", set()), key=str)


def _audit(claim: Claim, printed, derived) -> dict:
    """The transcription audit of a row: its ``latex`` parsed and compared with ``printed``."""
    if not claim.latex or claim.not_checked:
        return {}
    note = f"; explained: {claim.latex_note}" if claim.latex_note else ""
    if claim.printed is not None and (printed is None or isinstance(printed, str)):
        return {"transcription_detail": f"printed= is text (a statement in words), not a formula to compare{note}"}
    try:
        status, detail, _ = transcription(claim.latex, printed if claim.printed is not None else None,
                                          symbols=claim.latex_symbols, known=_symbols_of(derived),
                                          assumptions=claim.assumptions)
    except Exception as exc:  # the audit never breaks a row
        status, detail = NOT_PARSED, f"audit failed: {_crash(exc)}"
    return {"transcription": status, "transcription_detail": detail + note}


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
    if isinstance(claims, str | Claim) or not isinstance(claims, Sequence):
        raise ParameterError(f"claims: expected a sequence of Claim, got {type(claims).__name__}")
    for k, c in enumerate(claims):
        if not isinstance(c, Claim):
            raise ParameterError(f"claims[{k}]: expected a Claim, got {type(c).__name__}")
    return [check(c) for c in claims]

