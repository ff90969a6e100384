"""``multiwell codegen`` and ``multiwell plot``: the subcommands that write a file (code or a figure).

:func:`_cmd_codegen` exports the spectrum of a geometry as a Python module or C source
(:func:`~multiwell.numeric.to_source`, :func:`~multiwell.numeric.to_c`); :func:`_cmd_plot` checks its options
(finite, in range; ``--values NAME=NUMBER`` against the Hamiltonian's symbols) before it loads matplotlib, then
writes the spectrum against flux, the heat-capacity, dielectric or field curves (:mod:`multiwell.plotting`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from multiwell.cli._args import _build, _geometry, _UsageError, _writable

__all__: list[str] = []

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
