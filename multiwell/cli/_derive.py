"""``multiwell derive``: the Hamiltonian, characteristic polynomial, symmetry blocks, levels and series of a geometry.

:func:`_cmd_derive` prints the matrix (up to ``MATRIX_WELLS`` wells), the canonical characteristic polynomial
(up to ``GENERIC_WELLS`` wells with independent on-site energies; beyond, the spectrum at equal energies), the
symmetry group with its block sizes and the closed-form levels (:func:`_print_spectrum`), and with ``--small``
the series of every level and the two-level parameters of each doublet (:func:`_print_series`).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence

from multiwell.cli._args import PRESETS, _build, _UsageError

__all__: list[str] = []

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
    from multiwell.limits._series import _level_multiplicities, effective_two_level, eigenvalue_series

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
    from multiwell.spectrum import PolyRoot, bloch_band, characteristic_polynomial, eigenvalues
    from multiwell.spectrum._roots import MAX_FACTOR_TERMS, _factor_list, _size
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
