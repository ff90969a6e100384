# Over 600 lines (613): the subcommands share their option checks; issue 27 splits cli/ into one module per subcommand.
"""The argument parser and the subcommands of the ``multiwell`` command (see :mod:`multiwell.cli`)."""



from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence

from multiwell.cli._args import PRESETS, _direction, _field, _geometry, _MissingExtra, _UsageError
from multiwell.errors import MultiwellError

# SymPy, pint and the geometry module are imported inside the commands, so that
# `multiwell --help` answers without loading them.

DESCRIPTION = "The multiwell command line: verify a paper, derive a geometry, export code, plot."

__all__ = ["main"]

MATRIX_WELLS = 8
"""Hamiltonians of up to this many wells are printed in full by ``derive``."""
GENERIC_WELLS = 6
"""Above this many wells with independent on-site energies, ``derive`` gives the spectrum at equal energies."""


def _symbols_by_name(H, names: Sequence[str]):
    """The symbols named on the command line ('E' = every on-site energy); an unknown name is a usage error."""
    table = {s.name: s for s in H.symbols}
    energies = [s for s in H.symbols if s.name.startswith("E_")]
    out = []
    for name in names:
        if name == "E" and energies:
            out.extend(s for s in energies if s not in out)
        elif name in table:
            if table[name] not in out:
                out.append(table[name])
        else:
            available = ", ".join([*table, *(["E (all energies)"] if energies else [])])
            raise _UsageError(f"--small: unknown symbol {name!r}; this Hamiltonian has {available}")
    return out


def _show(expr, latex: bool, width: int | None = None) -> str:
    import sympy as sp

    # the energy variable prints as \mathcal{E} in LaTeX and as ℰ in text (spectrum.energy_symbol)
    return sp.latex(expr) if latex else sp.pretty(expr, use_unicode=True, num_columns=width)


def _item(label: str, expr, latex: bool) -> str:
    """``  label: expr``, with a multi-line (pretty-printed) expression indented below its label."""
    text = _show(expr, latex)
    if "\n" not in text:
        return f"  {label}: {text}"
    indent = "      "
    text = _show(expr, latex, width=shutil.get_terminal_size().columns - len(indent))
    return f"  {label}:\n" + "\n".join(indent + line for line in text.splitlines())


LONG_LEVEL_NODES = 400
"""A level without closed form whose expression has more nodes than this is described, not printed."""


def _print_levels(levels, latex: bool, *, modes: bool) -> None:
    import sympy as sp

    from multiwell.cli._quartic import _quartic_level
    from multiwell.spectrum import PolyRoot, QuarticRoot

    quartics: dict = {}
    for k, ev in enumerate(levels):
        label = f"mode k = {k}" if modes else f"level {k}"
        if isinstance(ev, QuarticRoot):  # each quartic printed once, its levels by rank
            print(_quartic_level(label, ev, quartics, latex))
            continue
        if isinstance(ev, PolyRoot) and sum(1 for _ in sp.preorder_traversal(ev.args[0])) > LONG_LEVEL_NODES:
            rank, size = int(ev.args[2]), (ev.args[3].rows if len(ev.args) == 4 else None)
            block = f" of a {size} x {size} block" if size is not None else ""
            print(f"  {label}: root k = {rank} of a characteristic polynomial{block} too long to print "
                  "(PolyRoot: numeric once values are given)")
            continue
        print(_item(label, ev, latex))


def _writable(path: str | None, option: str) -> None:
    """Refuse an output file whose directory does not exist, before any work is done."""
    import os

    if path is not None and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise _UsageError(f"{option}: the directory of {path!r} does not exist")


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


def _build(args):
    """The geometry, the Hamiltonian and a one-line description of the field, every option checked first."""
    import math

    import sympy as sp

    from multiwell.hamiltonian import hamiltonian

    field, direction = _field(getattr(args, "field", None)), _direction(getattr(args, "direction", None))
    cutoff = getattr(args, "cutoff", None)
    if cutoff is not None and not (math.isfinite(cutoff) and cutoff > 0):
        raise _UsageError(f"--cutoff: expected a positive distance (in the file's length unit), got {cutoff}")
    if field is not None and args.flux:
        raise _UsageError("--field, --flux: give one: a field in physical units (--field 2T) or a flux symbol (--flux)")
    if direction is not None and field is None and not args.flux:
        raise _UsageError("--direction: the direction of a field; add --field B or --flux")
    g = _geometry(args.geometry, args.n, cutoff)
    if field is not None and g.length_unit is None:
        raise _UsageError(f"--field: the geometry {g.name!r} has positions without a length unit; use --flux "
                          "(a flux symbol), or a file whose positions have a unit")
    from multiwell.geometry._structures import energies_from_file

    energies = energies_from_file(args.geometry) if args.geometry.lower().endswith(".toml") else None
    along = direction or (0, 0, 1)
    phi = sp.Symbol("phi", real=True) if args.flux else None
    H = hamiltonian(g, flux=field if field is not None else phi, direction=along, gauge=args.gauge,
                    traceless=args.traceless, energies=energies)
    axis = "(" + ", ".join(map(str, along)) + ")"
    if field is not None:
        values = dict(H.values)
        threaded = "; phi_B = " + ", ".join(f"{v:.6g}" for v in values.values()) if values else \
            "; it threads no loop (phases zero)"
        describe = f" in a field of {field:~P} along {axis}{threaded}"
    elif args.flux:
        describe = " with flux phi" + (f" along {axis}" if direction is not None else "")
    else:
        describe = ""
    return g, H, describe, energies is not None


def _cmd_derive(args) -> int:
    import sympy as sp

    from multiwell.spectrum import PolyRoot, QuarticRoot, canonical_form, characteristic_polynomial, eigenvalues

    if args.order < 1:  # every option is checked before anything is printed
        raise _UsageError(f"--order: expected an integer >= 1, got {args.order}")
    g, H, describe, from_file = _build(args)
    small = _symbols_by_name(H, args.small) if args.small else None  # checked before anything is printed
    print(f"Hamiltonian of {g.name}{describe} (gauge: {args.gauge})")
    if args.geometry not in PRESETS:
        unit = f", positions in {g.length_unit:~P}" if g.length_unit is not None else ""
        print(f"  {g.n_wells} wells, {len(g.bonds)} bonds ({', '.join(g.hopping_names)}), "
              f"{len(g.loops())} independent loop{'' if len(g.loops()) == 1 else 's'}{unit}")
    if g.n_wells <= MATRIX_WELLS:
        print(_show(H.matrix, args.latex))
    else:
        print(f"  (the {g.n_wells} x {g.n_wells} matrix is printed for up to {MATRIX_WELLS} wells)")
    # the fallback to equal energies applies to the symbols E_label, never to energies a file gives
    equal = {} if from_file else {s: sp.Symbol("E", real=True) for s in H.energies if isinstance(s, sp.Symbol)}
    if g.n_wells > GENERIC_WELLS:
        if equal:
            print(f"\nCharacteristic polynomial and levels with {len(equal)} independent on-site energies: "
                  f"not derived above {GENERIC_WELLS} wells.")
            print("\nSpectrum at equal on-site energies E_i = E:")
            _print_spectrum(H.subs(equal), args.latex)
        else:
            print(f"\n(the characteristic polynomial is printed for up to {GENERIC_WELLS} wells)")
            print("\nSpectrum:")
            _print_spectrum(H, args.latex)
        if small:
            _print_series(H, small, args)
        return 0
    poly = characteristic_polynomial(H)
    print("\nCharacteristic polynomial (e_k: elementary symmetric polynomials of the E_i):")
    print(_show(canonical_form(poly, H), args.latex))
    if small is None or args.full:
        print("\nSpectrum:")
        levels = eigenvalues(H)
        if all(isinstance(ev, PolyRoot) for ev in levels):
            print(f"  no closed form for generic parameters: the {len(levels)} real roots of the polynomial")
            print("  above, ranked k = 0 (lowest) .. n-1, as PolyRoot(P, E, k) (numeric once values are given)")
            if len(equal) > 1:
                print("\nSpectrum at equal on-site energies E_i = E:")
                _print_spectrum(H.subs(equal), args.latex)
        else:
            _print_spectrum(H, args.latex, levels, poly)
            if len(equal) > 1 and any(isinstance(ev, QuarticRoot) for ev in levels):  # radicals: also E_i = E
                print("\nSpectrum at equal on-site energies E_i = E:")
                _print_spectrum(H.subs(equal), args.latex)
    else:
        print("\n(exact closed-form spectrum: add --full, or leave out --small)")
    if small:
        _print_series(H, small, args)
    return 0


def _print_series(H, small, args) -> None:
    """The series of every level, then the two-level parameters of each doublet, one compact line each."""
    from multiwell.limits._core import _level_multiplicities, effective_two_level, eigenvalue_series

    names = ", ".join(map(str, small))
    print(f"\nSeries in {names} to order {args.order} (levels ranked by their unperturbed energy at a generic point):")
    series = eigenvalue_series(H, small=small, order=args.order)
    multiplicities = _level_multiplicities(H, small)
    k = 0
    for level, m in enumerate(multiplicities):
        for j in range(m):
            label = f"level {level}" + (f" ({j + 1} of {m})" if m > 1 else "")
            print(_compact(label, series[k + j], args))
        k += m
    doublets = [level for level, m in enumerate(multiplicities) if m == 2]
    for level in doublets:
        print(f"\nEffective two-level system of level {level} (a doublet of the unperturbed Hamiltonian):")
        two = effective_two_level(H, small=small, subspace=level, order=args.order)
        for key in ("centre", "asymmetry", "tunnelling", "gap"):
            print(_compact(key, two[key], args))


_COMPACT_LIMIT = 1200  # characters of one printed series term before it is elided (--full prints it)


def _compact(label: str, expr, args) -> str:
    """``  label: expr`` on wrapped lines (linear text or LaTeX), elided beyond _COMPACT_LIMIT without --full."""
    import textwrap

    import sympy as sp

    text = sp.latex(expr) if args.latex else sp.sstr(expr)
    if len(text) > _COMPACT_LIMIT and not args.full:
        text = text[:_COMPACT_LIMIT] + f" ... ({len(text)} characters; --full prints all)"
    width = max(40, shutil.get_terminal_size().columns - 6)
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    return f"  {label}:\n" + "\n".join("      " + line for line in lines)


def _print_spectrum(H, latex: bool, levels=None, poly=None) -> None:
    """The symmetry group and its blocks, then the closed-form levels and how they are ordered."""
    from multiwell.spectrum._core import (
        MAX_FACTOR_TERMS,
        PolyRoot,
        _factor_list,
        _size,
        bloch_band,
        characteristic_polynomial,
        eigenvalues,
    )
    from multiwell.symmetry import symmetry_blocks

    split = symmetry_blocks(H)
    sizes = sorted(split.sizes, reverse=True)
    print(f"  symmetry group of order {split.order}; block sizes {', '.join(map(str, sizes))}")
    levels = eigenvalues(H) if levels is None else levels
    if bloch_band(H.matrix) is not None:
        print("  Fourier modes of the ring (k: momentum; their order in energy depends on the flux):")
        _print_levels(levels, latex, modes=True)
    else:
        poly = characteristic_polynomial(H) if poly is None else poly
        if _size(poly) <= MAX_FACTOR_TERMS and len(_factor_list(poly)) > 1:  # a larger one is not factored
            print("  the polynomial factors: roots listed factor by factor, ascending within each factor")
        _print_levels(levels, latex, modes=False)
    closed = sum(not isinstance(ev, PolyRoot) for ev in levels)
    print(f"  {closed} of {len(levels)} levels in closed form")


def _cmd_codegen(args) -> int:
    from multiwell.numeric import to_c, to_source

    _writable(args.output, "--output")
    _, H, _, _ = _build(args)
    params = tuple(H.symbols)
    code = to_source(H, params=params) if args.to == "python" else to_c(H, params=params)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(code)
        print(f"wrote {args.output}")
    else:
        print(code)
    return 0


def _check_plot_options(args) -> None:
    """Refuse NaN, infinite and out-of-range numbers among the options of ``multiwell plot``."""
    import math

    for option, value, ok, expected in (
        ("--area", args.area, lambda v: v > 0, "a finite area > 0 (nm^2)"),
        ("--charge", args.charge, lambda v: v != 0, "a finite non-zero charge (units of e)"),
    ):
        if not math.isfinite(value) or not ok(value):
            raise _UsageError(f"{option}: expected {expected}, got {value}")
    if args.systems <= 0:
        raise _UsageError(f"--systems: expected an ensemble size >= 1, got {args.systems}")
    if args.seed < 0:
        raise _UsageError(f"--seed: expected a seed >= 0, got {args.seed}")
    for option, values, ok, expected in (("--T", args.T, lambda v: v > 0, "temperatures > 0 (kelvin)"),
                                         ("--B", args.B, lambda v: True, "finite fields (tesla)")):
        bad = [v for v in values or () if not math.isfinite(v) or not ok(v)]
        if bad:
            raise _UsageError(f"{option}: expected {expected}, got {bad[0]}")


def _cmd_plot(args) -> int:
    from multiwell import plotting

    _check_plot_options(args)
    _writable(args.output, "--output")
    if args.what == "spectrum":  # arguments first: bad ones are reported whether or not matplotlib is there
        _, H, _, _ = _build(args)
        if not args.flux:
            raise _UsageError("--flux: a spectrum-vs-flux plot needs --flux")
        values = _parse_values(args.values, H)
    try:
        plotting._pyplot()
    except ImportError as exc:
        print(f"multiwell: error: {exc}", file=sys.stderr)
        return 1
    if args.what == "spectrum":
        fig = plotting.spectrum_vs_flux(H, values=values)
    elif args.what == "heat-capacity":
        fig = plotting.heat_capacity_curves()
    elif args.what == "field":
        fig = plotting.field_curves(ensemble=_field_ensemble(args), n=args.systems, seed=args.seed,
                                    T_fixed=args.T, B_fixed=args.B)
    else:  # dielectric
        fig = plotting.dielectric_curves()
    fig.savefig(args.output)
    print(f"wrote {args.output}")
    return 0


def _field_ensemble(args):
    from multiwell.geometry import complete
    from multiwell.tunneling.field import FieldEnsemble
    from multiwell.units import Q_

    geometry = complete(3) if args.geometry == "complete" and args.n is None else _geometry(args.geometry, args.n)
    return FieldEnsemble(geometry=geometry, area=Q_(args.area, "nm**2"), charge=Q_(args.charge, "elementary_charge"))


def _parse_values(pairs: Sequence[str], H) -> dict:
    table = {s.name: s for s in H.symbols}
    values = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise _UsageError(f"--values: expected NAME=NUMBER, got {pair!r}")
        name, number = pair.split("=", 1)
        if name not in table:
            raise _UsageError(f"--values: unknown symbol {name!r}; expected one of {', '.join(table)}")
        try:
            values[table[name]] = float(number)
        except ValueError:
            raise _UsageError(f"--values: {name} must be a number, got {number!r}") from None
    from multiwell._validate import check_assumptions

    check_assumptions(values, name="--values")  # e.g. a hopping declared positive=True given -1
    return values


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="multiwell", description=DESCRIPTION)
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("verify", help="check a paper's printed equations (default: the seed paper)",
                       description="Check every claim of a paper: PAPER is a .py file or an importable module "
                                   "defining claims() -> list[Claim], or a known paper (--list). Exit 0 when "
                                   "every row ran (DIFFERS is a finding), 1 when a derivation crashed, 2 on bad usage.")
    v.add_argument("paper", metavar="PAPER", nargs="?", default="jug_paliienko",
                   help="a .py file, a module, or a known paper name (default: jug_paliienko)")
    v.add_argument("--list", action="store_true", help="list the known papers and exit")
    v.add_argument("--eq", action="append", metavar="EQ", help="check only this equation (repeatable: --eq 13 --eq T0)")
    v.add_argument("--verbose", "-v", action="store_true",
                   help="show every row's whole reason and its printed, derived and corrected forms")
    v.add_argument("--json", metavar="FILE", help="write the rows as JSON")
    v.add_argument("--markdown", metavar="FILE", help="write the report as Markdown")
    v.set_defaults(run=_cmd_verify)

    def geometry_args(q):
        q.add_argument("geometry", metavar="GEOMETRY",
                       help=f"a structure file (.xyz, .cif, POSCAR, ... via ASE; or a .toml geometry), "
                            f"or a preset: {', '.join(PRESETS)}")
        q.add_argument("n", metavar="N", nargs="?", type=int, help="number of wells (ring, complete, chain) "
                       "or rows (triangular_patch)")
        q.add_argument("--flux", action="store_true", help="thread a flux symbol phi through the geometry")
        q.add_argument("--field", metavar="B", help="a magnetic field with its unit, e.g. 2T or 300mT (positions "
                       "need a length unit: structure files are in angstrom)")
        q.add_argument("--direction", metavar="X,Y,Z", help="direction of the field or flux (default 0,0,1)")
        q.add_argument("--cutoff", type=float, metavar="DIST", help="structure files: bond every pair closer than "
                       "this, in the file's length unit (default: nearest neighbours only)")
        q.add_argument("--gauge", default="symmetric", choices=("symmetric", "landau", "tree", "equal"))
        q.add_argument("--traceless", action="store_true", help="impose sum E_i = 0")

    d = sub.add_parser("derive", help="Hamiltonian, characteristic polynomial and spectrum of a geometry")
    geometry_args(d)
    d.add_argument("--small", nargs="+", metavar="SYMBOL", help="expand in these symbols ('E' = all energies)")
    d.add_argument("--order", type=int, default=2, help="order of the series (default 2)")
    d.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    d.add_argument("--full", action="store_true",
                   help="with --small: also print the exact closed-form spectrum, and series terms in full")
    d.set_defaults(run=_cmd_derive)

    c = sub.add_parser("codegen", help="export the spectrum of a geometry as a Python module or C source")
    geometry_args(c)
    c.add_argument("--to", choices=("python", "c"), default="python")
    c.add_argument("-o", "--output", metavar="FILE")
    c.set_defaults(run=_cmd_codegen)

    pl = sub.add_parser("plot", help="write a figure (PNG or SVG, by the file's extension)")
    pl.add_argument("what", choices=("spectrum", "heat-capacity", "dielectric", "field"))
    pl.add_argument("geometry", metavar="GEOMETRY", nargs="?", default="complete")
    pl.add_argument("n", metavar="N", nargs="?", type=int, default=None)
    pl.add_argument("--flux", action="store_true")
    pl.add_argument("--gauge", default="symmetric", choices=("symmetric", "landau", "tree", "equal"))
    pl.add_argument("--traceless", action="store_true")
    pl.add_argument("--values", nargs="*", metavar="NAME=NUMBER", help="parameter values for the spectrum")
    pl.add_argument("--area", type=float, default=1.0, help="field: loop area in nm^2 (default 1)")
    pl.add_argument("--charge", type=float, default=1.0, help="field: particle charge in units of e (default 1)")
    pl.add_argument("--systems", type=int, default=8192, help="field: ensemble size (default 8192)")
    pl.add_argument("--seed", type=int, default=0, help="field: random seed")
    pl.add_argument("--T", type=float, nargs="+", metavar="KELVIN", help="field: temperatures of the curves vs B")
    pl.add_argument("--B", type=float, nargs="+", metavar="TESLA", help="field: fields of the curves vs T")
    pl.add_argument("-o", "--output", required=True, metavar="FILE")
    pl.set_defaults(run=_cmd_plot)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    r"""Run the command line; return the exit code (0 success, 1 a crashed derivation, 2 bad usage).

    Examples
    --------
    ``multiwell derive double_well`` prints the Hamiltonian of Eq. 1 (paper convention,
    hopping :math:`+\Delta_0`), its characteristic polynomial and the levels
    :math:`\tfrac12(E_L+E_R) \mp \tfrac12\sqrt{(E_L-E_R)^2 + 4\Delta_0^2}`:

    >>> main(["derive", "double_well", "--latex"])
    Hamiltonian of double_well (gauge: symmetric)
    \left[\begin{matrix}E_{L} & \Delta_{0}\\\Delta_{0} & E_{R}\end{matrix}\right]
    <BLANKLINE>
    Characteristic polynomial ...
    <BLANKLINE>
    Spectrum:
      symmetry group of order 1; block sizes 2
      level 0: \frac{E_{L}}{2} + \frac{E_{R}}{2} - \frac{\sqrt{4 \Delta_{0}^{2} + E_{L}^{2} ...}}{2}
      level 1: \frac{E_{L}}{2} + \frac{E_{R}}{2} + \frac{\sqrt{4 \Delta_{0}^{2} + E_{L}^{2} ...}}{2}
      2 of 2 levels in closed form
    0

    Bad arguments are reported on stderr and give exit code 2:

    >>> main(["derive", "ring"])          # a ring needs a number of wells
    2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "what", None) == "spectrum" and args.n is None and args.geometry in ("complete", "ring", "chain"):
        args.n = 3
    try:
        return args.run(args)
    except _UsageError as exc:
        print(f"multiwell: error: {exc}", file=sys.stderr)
        return 2
    except MultiwellError as exc:
        print(f"multiwell: error: {exc}", file=sys.stderr)
        return 2
    except _MissingExtra as exc:
        print(f"multiwell: error: {exc}", file=sys.stderr)
        return 1

