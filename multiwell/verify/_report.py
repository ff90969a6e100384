"""The report of :mod:`multiwell.verify`: the rows of :func:`~multiwell.verify.run_claims` as text.

:func:`report_table` (plain text, ``--verbose`` in full), :func:`report_verbose`,
:func:`report_markdown` and :func:`report_json` format the rows; :func:`tally` counts them per
verdict and class, :func:`contradictions` lists questions decided in different ways, and
:func:`select` picks claims by key (``multiwell verify --eq``). Import them from :mod:`multiwell.verify`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from multiwell.errors import ParameterError
from multiwell.verify._claims import KINDS, NOTATION, SUBSTANTIVE, Claim, Row, run_claims  # noqa: F401 (run_claims: doctests)
from multiwell.verify._compare import DIFFERS, ERROR, NOT_CHECKED


def tally(rows: Sequence[Row]) -> dict:
    """Counts per verdict and, for the DIFFERS rows, per class (substantive, notation, inherited).

    An inherited row is counted under ``inherited`` only (its ``kind`` is what the independent
    check found); ``inherited`` also counts inherited rows whose independent check agrees.

    Examples
    --------
    >>> rows = [Row("5", "DIFFERS", "", "", "", kind="notation"), Row("7", "DIFFERS", "", "", "", kind="substantive"),
    ...         Row("40", "DIFFERS", "", "", "", kind="substantive", inherited="Eq. 39"),
    ...         Row("1", "AGREES", "", "", "")]
    >>> tally(rows)
    {'verdicts': {'AGREES': 1, 'DIFFERS': 3}, 'substantive': 1, 'notation': 1, 'inherited': 1}
    """
    verdicts: dict = {}
    for r in rows:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    return {
        "verdicts": dict(sorted(verdicts.items())),
        SUBSTANTIVE: sum(r.verdict == DIFFERS and not r.inherited and r.kind == SUBSTANTIVE for r in rows),
        NOTATION: sum(r.verdict == DIFFERS and not r.inherited and r.kind == NOTATION for r in rows),
        "inherited": sum(bool(r.inherited) for r in rows),
    }


def _tally_lines(rows: Sequence[Row]) -> list[str]:
    t = tally(rows)
    return ["  ".join(f"{k}: {v}" for k, v in t["verdicts"].items()),
            f"classes: substantive {t[SUBSTANTIVE]}, notation {t[NOTATION]}, inherited {t['inherited']}"]


def contradictions(rows: Sequence[Row]) -> list[str]:
    """Groups of rows that decide the same kind of question in different ways; ``[]`` if none.

    Rows share a group when they have the same ``question`` tag. Within a group, (1) either every
    row is decided (AGREES, AGREES-UP-TO, DIFFERS) or none is (NOT-CHECKED): a model input is not
    checked in one row and left unchecked in the next; (2) every DIFFERS row has the same kind
    (notation or substantive; an inherited row counts with the kind its independent check found).
    Rows without a tag are not compared. Every DIFFERS row must have a kind.

    Examples
    --------
    >>> rows = [Row("9", "DIFFERS", "", "", "", kind="substantive", question="rate-law"),
    ...         Row("15", "NOT-CHECKED", "", "", "", question="rate-law")]
    >>> contradictions(rows)
    ["question 'rate-law': decided in 9 but NOT-CHECKED in 15"]
    >>> contradictions([rows[0], Row("15", "DIFFERS", "", "", "", kind="substantive", question="rate-law")])
    []
    """
    out = [f"row {r.equation}: DIFFERS without a class" for r in rows if r.verdict == DIFFERS and r.kind not in KINDS]
    groups: dict = {}
    for r in rows:
        if r.question and r.verdict != ERROR:
            groups.setdefault(r.question, []).append(r)
    for q, members in groups.items():
        decided = [r.equation for r in members if r.verdict != NOT_CHECKED]
        unchecked = [r.equation for r in members if r.verdict == NOT_CHECKED]
        if decided and unchecked:
            out.append(f"question {q!r}: decided in {', '.join(decided)} but NOT-CHECKED in {', '.join(unchecked)}")
        kinds: dict = {}
        for r in members:
            if r.verdict == DIFFERS:
                kinds.setdefault(r.kind, []).append(r.equation)
        if len(kinds) > 1:
            shown = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(kinds.items()))
            out.append(f"question {q!r}: DIFFERS rows of different kinds ({shown})")
    return out


SUMMARY_CHARS = 120
"""Characters of a reason the plain table shows (cut at a clause or word boundary, never below 60);
``--verbose`` shows it all."""
MIN_REASON_CHARS = 60
_TRANSCRIPTION_SHORT = {"matches": "ok", "differs": "DIF", "not parsed": "n/p", "": "-"}


def _summary(reason: str) -> str:
    """The reason as the plain table shows it: whole if short, else cut after a clause (>= 60 characters) + '...'."""
    reason = " ".join(reason.split())
    if len(reason) <= SUMMARY_CHARS:
        return reason
    head = reason[:SUMMARY_CHARS]
    cut = max(head.rfind("; "), head.rfind(". "))
    if cut < MIN_REASON_CHARS:
        cut = head.rfind(" ")
    if cut < MIN_REASON_CHARS:
        cut = SUMMARY_CHARS - 3
    return reason[:cut].rstrip(" ;.") + " ..."


def report_table(rows: Sequence[Row], *, width: int = 120, verbose: bool = False) -> str:
    r"""A plain-text table sized to ``width``: equation, verdict, class, LaTeX audit, claim and reason; then the tally.

    Every line fits ``width`` (at least 60). The claim and the reason wrap onto continuation lines
    rather than being cut; a long reason is shown to its first clause (at least 60 characters,
    ``SUMMARY_CHARS`` at most). The ``latex`` column is the row's transcription audit
    (``Row.transcription``): the full word from 140 columns, else ``ok`` (matches), ``DIF``
    (differs), ``n/p`` (not parsed), ``-`` (nothing to compare). Column widths follow the verdict
    and class names that occur, so new verdicts need no change here. With ``verbose``, every row
    is followed by its whole reason, the transcription audit and its printed, derived and corrected forms.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> rows = run_claims([
    ...     Claim("1", "double angle", latex=r"\sin 2x", printed=lambda: sp.sin(2 * x),
    ...           derive=lambda: 2 * sp.sin(x) * sp.cos(x)),
    ...     Claim("2", "a model assumption", not_checked="an assumption, nothing to derive"),
    ...     Claim("3", "a sign slip", printed=lambda: -x, derive=lambda: x, kind="notation"),
    ... ])
    >>> print(report_table(rows, width=80))
      eq.  verdict      class     latex  claim           reason
    --------------------------------------------------------------------------------
        1  AGREES                 ok     double angle    exact: the difference
                                                         simplifies to 0
        2  NOT-CHECKED            -      a model         an assumption, nothing to
                                         assumption      derive
        3  DIFFERS      notation  -      a sign slip     by a constant factor:
                                                         printed = (-1) x derived;
                                                         corrected form: x
    --------------------------------------------------------------------------------
    AGREES: 1  DIFFERS: 1  NOT-CHECKED: 1
    classes: substantive 0, notation 1, inherited 0
    latex (the LaTeX parsed and compared with printed=): ok matches, DIF differs,
    n/p not parsed, - nothing to compare

    The whole reason, the transcription audit and both forms, on request:

    >>> print(report_table(rows[:1], width=60, verbose=True))
      eq.  verdict  class  latex  claim       reason
    ------------------------------------------------------------
        1  AGREES          ok     double      exact: the
                                  angle       difference
                                              simplifies to 0
         reason:    exact: the difference simplifies to 0
         latex:     matches: the LaTeX
         printed:   sin(2*x)
         derived:   2*sin(x)*cos(x)
    ------------------------------------------------------------
    AGREES: 1
    classes: substantive 0, notation 0, inherited 0
    latex (the LaTeX parsed and compared with printed=): ok
    matches, DIF differs, n/p not parsed, - nothing to compare
    """
    import textwrap

    width = max(60, int(width))
    full_words = width >= 140
    audit = {r.transcription: (r.transcription if full_words else _TRANSCRIPTION_SHORT.get(r.transcription, "?"))
             for r in rows}
    audit[""] = "-"
    key = max([3, *(len(str(r.equation)) for r in rows)]) + 2  # text keys such as "Delta_min-range" widen it
    verdict_w = max([7, *(len(r.verdict) for r in rows)])
    class_w = min(21, max([5, *(len(r.verdict_class) for r in rows)]))
    latex_w = max([5, *(len(v) for v in audit.values())])
    fixed = key + 2 + verdict_w + 2 + class_w + 2 + latex_w + 2
    rest = width - fixed
    claim_w = max(10, min(max([5, *(len(r.title) for r in rows)]), rest // 3, 40))
    detail_w = rest - claim_w - 2
    if detail_w < 16:  # a very long key: the reason goes on its own lines below the row
        claim_w, detail_w = max(10, rest), 0
    head = (f"{'eq.':>{key}}  {'verdict':<{verdict_w}}  {'class':<{class_w}}  {'latex':<{latex_w}}  "
            f"{'claim':<{claim_w}}" + ("  reason" if detail_w else ""))
    lines = [head.rstrip(), "-" * width]
    for r in rows:
        titles = textwrap.wrap(r.title, claim_w, break_long_words=True) or [""]
        reason = _summary(r.detail)
        reasons = textwrap.wrap(reason, detail_w, break_long_words=True, break_on_hyphens=False) if detail_w else []
        reasons = reasons or [""]
        cls = r.verdict_class if len(r.verdict_class) <= class_w else r.verdict_class[:class_w - 1] + "~"
        first = (f"{r.equation:>{key}}  {r.verdict:<{verdict_w}}  {cls:<{class_w}}  "
                 f"{audit.get(r.transcription, '?'):<{latex_w}}  {titles[0]:<{claim_w}}  {reasons[0]}")
        lines.append(first.rstrip())
        for k in range(1, max(len(titles), len(reasons))):
            t = titles[k] if k < len(titles) else ""
            d = reasons[k] if k < len(reasons) else ""
            lines.append((" " * fixed + f"{t:<{claim_w}}  {d}").rstrip())
        if not detail_w:
            lines += textwrap.wrap(reason, width, initial_indent=" " * (key + 2), subsequent_indent=" " * (key + 2))
        if verbose:
            lines += _verbose_lines(r, width, key - 2)
    lines.append("-" * width)
    legend = ("latex (the LaTeX parsed and compared with printed=): "
              + ("matches, differs, not parsed, - nothing to compare" if full_words
                 else "ok matches, DIF differs, n/p not parsed, - nothing to compare"))
    for line in [*_tally_lines(rows), legend]:
        lines += textwrap.wrap(line, width, break_long_words=True)
    return "\n".join(lines)


def select(claims: Sequence[Claim], keys: Sequence[str]) -> list[Claim]:
    """The claims whose key is in ``keys``, in report order.

    A key is an equation number or a text claim's key, e.g. ``"9"`` or ``"T0"``; an equation may be written
    ``"Eq. 9"`` or ``"9"``; an unknown key is a :class:`~multiwell.errors.ParameterError`
    naming the keys there are.

    Examples
    --------
    >>> cs = [Claim("9", "rate"), Claim("T0", "minimum")]
    >>> [c.equation for c in select(cs, ["T0", "Eq. 9"])]
    ['9', 'T0']
    >>> select(cs, ["t0"])
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: eq: no row 't0'; the keys are 9, T0
    """
    known = [c.equation for c in claims]
    wanted = []
    for key in keys:
        k = str(key).strip()
        k = k[4:].strip() if k.lower().startswith("eq. ") else k
        if k not in known:
            shown = ", ".join(known) if len(known) <= 80 else ", ".join(known[:80]) + ", ..."
            raise ParameterError(f"eq: no row {key!r}; the keys are {shown}")
        wanted.append(k)
    return [c for c in claims if c.equation in wanted]


def report_verbose(rows: Sequence[Row]) -> str:
    """Every field a reader needs, row by row: verdict and class, detail, predecessor check, assumption, readings.

    Examples
    --------
    >>> row = Row("T0", "DIFFERS", "the estimate is off", "177 mK", "55 mK", title="minimum", kind="substantive",
    ...           assumption="Table I", readings=(("omega = 2 pi f", "177 mK"), ("omega = f", "92 mK")),
    ...           default_reading="omega = 2 pi f")
    >>> print(report_verbose([row]))
    T0: minimum
      verdict: DIFFERS (substantive)
      detail: the estimate is off
      printed: 55 mK
      derived: 177 mK
      assumption: Table I
      reading (library default) omega = 2 pi f: 177 mK
      reading omega = f: 92 mK
    """
    out = []
    for r in rows:
        label = f"Eq. {r.equation}" if r.equation[:1].isdigit() else r.equation
        out.append(f"{label}: {r.title}")
        out.append(f"  verdict: {r.verdict}" + (f" ({r.verdict_class})" if r.verdict_class else ""))
        out.append(f"  detail: {r.detail}")
        if r.predecessor_check:
            out.append(f"  against the printed predecessor: {r.predecessor_check}")
        for name in ("printed", "derived", "assumption"):
            value = getattr(r, name)
            if value:
                value = value if "\n" not in value else "\n    " + value.replace("\n", "\n    ")
                out.append(f"  {name}: {value}")
        for reading, result in r.readings:
            mark = " (library default)" if reading == r.default_reading else ""
            out.append(f"  reading{mark} {reading}: {result}")
    return "\n".join(out)


def _verbose_lines(r: Row, width: int, eq: int = 5) -> list[str]:
    import textwrap

    out = []
    readings = [f"{name}{' [library default]' if name == r.default_reading else ''}: {result}"
                for name, result in r.readings]
    audit = f"{r.transcription}: {r.transcription_detail}" if r.transcription else r.transcription_detail
    for label, text in (("reason", r.detail), ("latex", audit), ("predecessor", r.predecessor_check),
                        ("printed", r.printed), ("derived", r.derived), ("corrected", r.corrected),
                        ("assumption", r.assumption), *(("reading", t) for t in readings)):
        if not text:
            continue
        first = f"{'':>{eq + 2}}{(label + ':').ljust(max(11, len(label) + 2))}"
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
    | eq. | verdict | class | claim |
    | --- | --- | --- | --- |
    | 1 | AGREES |  | double angle |
    <BLANKLINE>
    AGREES: 1
    classes: substantive 0, notation 0, inherited 0
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
    out = [f"# {title}", "", "| eq. | verdict | class | claim |", "| --- | --- | --- | --- |"]
    out += [f"| {r.equation} | {r.verdict} | {r.verdict_class} | {r.title} |" for r in rows]
    out += ["", *_tally_lines(rows)]
    for r in rows:
        label = f"Eq. {r.equation}" if r.equation[:1].isdigit() else r.equation
        shown = f"{r.verdict} ({r.verdict_class})" if r.verdict_class else r.verdict
        out += ["", f"## {label}: {r.title}", "", f"**{shown}** — {r.detail}", ""]
        if r.predecessor_check:
            out += [f"Against the printed predecessor: {r.predecessor_check}", ""]
        if r.assumption:
            out += [f"Assumption: {r.assumption}", ""]
        if r.readings:
            out += ["Readings:", ""]
            out += [f"- {reading}{' (library default)' if reading == r.default_reading else ''}: {result}"
                    for reading, result in r.readings]
            out.append("")
        if r.printed:
            out += ["Printed (transcribed):", "", "```", r.printed, "```", ""]
        if r.derived:
            out += ["Derived:", "", "```", r.derived, "```", ""]
    return "\n".join(out) + "\n"
