"""``multiwell verify``: load a paper's claims (a file, a module, a known paper, an entry point) and check them.

A PAPER argument is resolved by :func:`_paper` (a ``.py`` file, :data:`KNOWN_PAPERS`, the entry-point group
``multiwell.papers``, or an importable module); :func:`_cmd_verify` checks every claim with
:func:`multiwell.verify.check`, prints the table at the terminal's width, shows a progress line on stderr after
``PROGRESS_AFTER_S`` seconds, and writes the JSON and Markdown reports.
"""

from __future__ import annotations

import shutil
import sys
import time

from multiwell.cli._args import _UsageError, _writable

__all__: list[str] = []

# papers shipped with multiwell: name -> (module, one line); more come from the entry-point group
KNOWN_PAPERS = {
    "jug_paliienko": ("multiwell.papers.jug_paliienko",
                      "the seed paper: Jug & Paliienko, multilevel tunnelling systems (Eqs. 1-51)"),
    "standard_model": ("multiwell.papers.standard_model",
                       "textbook results of the standard tunnelling model, each with a wrong variant"),
}
ENTRY_POINT_GROUP = "multiwell.papers"
PROGRESS_AFTER_S = 3.0
"""A run longer than this (seconds) shows a progress line on stderr."""


def _entry_points() -> dict:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _paper(name: str):
    """``(claims function, title)`` of a PAPER argument: a .py file, a known name, or a module."""
    import importlib
    import importlib.util
    import os

    if name.endswith(".py") or os.sep in name or os.path.isfile(name):
        if not os.path.isfile(name):
            raise _UsageError(f"PAPER: no such file {name!r}")
        stem = os.path.splitext(os.path.basename(name))[0]
        spec = importlib.util.spec_from_file_location(f"multiwell_user_paper_{stem}", name)
        if spec is None or spec.loader is None:
            raise _UsageError(f"PAPER: cannot load {name!r} as Python")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses and pickling look their module up here
        spec.loader.exec_module(module)
        source = name
    elif name in KNOWN_PAPERS:
        module, source = importlib.import_module(KNOWN_PAPERS[name][0]), name
    elif name in (eps := _entry_points()):
        module, source = eps[name].load(), name
    else:
        try:
            module, source = importlib.import_module(name), name
        except ImportError as exc:
            known = ", ".join([*KNOWN_PAPERS, *_entry_points()])
            raise _UsageError(f"PAPER: {name!r} is neither a .py file, a known paper ({known}) nor an "
                              f"importable module ({exc})") from None
    claims = module if callable(module) and not hasattr(module, "claims") else getattr(module, "claims", None)
    if not callable(claims):
        raise _UsageError(f"PAPER: {source} defines no function claims() -> list[Claim]")
    doc = (getattr(module, "__doc__", None) or "").strip().splitlines()
    title = getattr(module, "TITLE", None) or (doc[0].rstrip(".") if doc else f"Verification of {source}")
    return claims, title


def _cmd_verify_list() -> int:
    print("known papers (multiwell verify NAME; or a .py file / module defining claims()):")
    for name, (_, what) in KNOWN_PAPERS.items():
        print(f"  {name:<16} {what}")
    for name, ep in _entry_points().items():
        if name not in KNOWN_PAPERS:
            print(f"  {name:<16} {ep.value} (entry point {ENTRY_POINT_GROUP})")
    return 0


class _Progress:
    """``[k/N] Eq. X`` on stderr once a run takes longer than PROGRESS_AFTER_S (rewritten in place on a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.start, self.shown, self.last = total, time.perf_counter(), False, 0.0
        self.tty = sys.stderr.isatty()

    def step(self, k: int, equation: str) -> None:
        now = time.perf_counter() - self.start
        if now < PROGRESS_AFTER_S or (not self.tty and now - self.last < PROGRESS_AFTER_S):
            return
        self.last, self.shown = now, True
        text = f"multiwell verify: [{k + 1}/{self.total}] Eq. {equation} ({now:.0f} s)"
        print(f"\r{text:<70}" if self.tty else text, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.shown and self.tty:
            print("\r" + " " * 70 + "\r", end="", file=sys.stderr, flush=True)


TABLE_WIDTH_PIPED = 100
"""Width of the ``multiwell verify`` table when standard output is not a terminal."""


def _table_width() -> int:
    """The terminal's width (``shutil.get_terminal_size``; ``COLUMNS`` overrides), 100 when piped, at least 60."""
    if not sys.stdout.isatty():
        import os

        columns = os.environ.get("COLUMNS", "")
        return max(60, int(columns)) if columns.isdigit() else TABLE_WIDTH_PIPED
    return max(60, shutil.get_terminal_size((TABLE_WIDTH_PIPED, 24)).columns)


def _cmd_verify(args) -> int:
    from multiwell.verify import ERROR, check, report_json, report_markdown, report_table

    if args.list:
        return _cmd_verify_list()
    _writable(args.json, "--json")
    _writable(args.markdown, "--markdown")
    claims_of, title = _paper(args.paper)
    claims = list(claims_of())
    if args.eq:
        by_eq = {str(c.equation): c for c in claims}
        unknown = [e for e in args.eq if e not in by_eq]
        if unknown:
            raise _UsageError(f"--eq: no equation {', '.join(map(repr, unknown))} in {args.paper}; "
                              f"it has {', '.join(by_eq)}")
        claims = [by_eq[e] for e in dict.fromkeys(args.eq)]
    start = time.perf_counter()
    progress = _Progress(len(claims))
    rows = []
    for k, claim in enumerate(claims):
        progress.step(k, str(claim.equation))
        rows.append(check(claim))
    progress.done()
    width = _table_width()
    print(report_table(rows, width=width, verbose=args.verbose))
    where = [f for f in (args.json, args.markdown) if f]
    if where:
        full = "full report: " + " and ".join(where)
    elif args.verbose:
        full = "every reason shown in full above"
    else:
        full = "long reasons are shortened: --verbose shows them in full, --json/--markdown FILE write them"
    import textwrap

    footer = f"({len(rows)} equations checked in {time.perf_counter() - start:.1f} s; {full})"
    print(footer if where else textwrap.fill(footer, width))  # file names stay on one line
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(report_json(rows))
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(report_markdown(rows, title=title))
    crashed = [r.equation for r in rows if r.verdict == ERROR]
    if crashed:
        print(f"derivations crashed for Eqs. {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0
