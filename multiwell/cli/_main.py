"""The ``multiwell`` argument parser and :func:`main`: dispatch to a subcommand, map errors to exit codes.

:func:`_parser` declares ``verify`` (:mod:`multiwell.cli._verify`), ``derive`` (:mod:`multiwell.cli._derive`),
``codegen`` and ``plot`` (:mod:`multiwell.cli._export`); :func:`main` runs the chosen one and turns a usage error
or a :class:`~multiwell.errors.MultiwellError` into exit code 2, a missing optional dependency into 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from multiwell.cli._args import PRESETS, _MissingExtra, _UsageError
from multiwell.cli._derive import _cmd_derive
from multiwell.cli._export import _cmd_codegen, _cmd_plot
from multiwell.cli._verify import _cmd_verify
from multiwell.errors import MultiwellError

# SymPy, pint and the geometry module are imported inside the commands, so that
# `multiwell --help` answers without loading them.

DESCRIPTION = "The multiwell command line: verify a paper, derive a geometry, export code, plot."

__all__ = ["main"]


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
