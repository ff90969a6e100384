r"""Compare a paper's printed equations with what the library derives.

A :class:`Claim` pairs a printed equation (transcribed as SymPy, its LaTeX kept beside
it so a reader can audit the transcription) with a *derivation*: a function that calls
the library and returns the derived object. :func:`check` compares them in order

1. numeric witnesses decide: both sides at random exact points (respecting the symbols'
   assumptions), evaluated with mpmath at 40 and 80 (up to 320) significant digits; a difference
   must be stable across precisions and confirmed by SymPy's exact ``evalf``;
2. the symbolic route explains an agreement (the difference simplifies to 0, the ratio to 1)
   and names a constant ratio (a factor or a sign), confirmed at the witnesses;
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
``NOT-DECIDED``
    the comparison ran out of its time budget (``TIME_BUDGET``, 10 s) or could not resolve enough
    witness points: neither equal nor different is shown (never read as AGREES);
``ERROR``
    the derivation crashed (a bug in multiwell, never a finding about the paper).

Beside the verdict each row carries a *class* (:attr:`Row.verdict_class`), so a reader can
tell which results of a paper fall without opening every row:

``notation``
    (DIFFERS only) the formula as written is wrong, but the object the paper uses is right and
    no result downstream changes (e.g. ``+ h.c.`` added to a sum that already has both orders);
``substantive``
    (DIFFERS only) a number, a coefficient or a functional form changes;
``inherited: Eq. N``
    the row follows correctly from its printed predecessor, Eq. N, which is wrong. Agreement
    with the predecessor is kept (``Row.predecessor_check``), but the verdict comes from a
    second, independent check against the exact model (``Claim.independent``).

A row may also state the ``assumption`` its derived value rests on and, where the paper admits
two readings, the result under each (``readings``) and the one the library uses by default.
Rows that decide the same kind of question share a ``question`` tag; :func:`contradictions`
lists groups whose rows are decided in different ways.

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

The module is split along concepts (each import from here, the public module):
``multiwell.verify._compare`` (the comparison engine: :func:`compare`, :func:`dimension_of`, the
verdicts and tolerances), ``multiwell.verify._latex`` (the transcription audit: a claim's ``latex=``
parsed with SymPy's LaTeX parser, lark backend, and compared with its ``printed=``), ``multiwell.verify._claims``
(:class:`Claim`, :class:`Derived`, :class:`Row`, :func:`check`, :func:`run_claims`) and
``multiwell.verify._report`` (:func:`report_table`, :func:`report_verbose`, :func:`report_markdown`,
:func:`report_json`, :func:`tally`, :func:`contradictions`, :func:`select`).
"""


from __future__ import annotations

from multiwell.verify import _claims as _verify_claims
from multiwell.verify._claims import KINDS, Claim, Derived, Row, check, run_claims
from multiwell.verify._compare import (  # noqa: F401 (FLOAT_RTOL, TIME_BUDGET, WITNESS_*: public constants, not in __all__)
    AGREES,
    AGREES_UP_TO,
    DIFFERS,
    ERROR,
    FLOAT_RTOL,
    NOT_CHECKED,
    NOT_DECIDED,
    TIME_BUDGET,
    WITNESS_DIGITS,
    WITNESS_RTOL,
    compare,
    dimension_of,
)
from multiwell.verify._report import (
    contradictions,
    report_json,
    report_markdown,
    report_table,
    report_verbose,
    select,
    tally,
)

__all__ = [
    "AGREES",
    "AGREES_UP_TO",
    "DIFFERS",
    "ERROR",
    "KINDS",
    "NOTATION",
    "NOT_CHECKED",
    "NOT_DECIDED",
    "SUBSTANTIVE",
    "Claim",
    "Derived",
    "Row",
    "check",
    "compare",
    "contradictions",
    "dimension_of",
    "report_json",
    "report_markdown",
    "report_table",
    "report_verbose",
    "run_claims",
    "select",
    "tally",
]

NOTATION = _verify_claims.NOTATION
"""Class of a DIFFERS row whose error changes no result downstream (the object the paper uses is right)."""
SUBSTANTIVE = _verify_claims.SUBSTANTIVE
"""Class of a DIFFERS row whose error changes a number, a coefficient or a functional form."""
