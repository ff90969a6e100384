"""The command line's shared arguments: a preset or a file, the field, its direction, an output file; ``_build``.

Every argument is checked here, before the command prints anything; a bad one is a ``_UsageError``
(exit code 2) whose message names the option and what was expected. ``_build`` turns the geometry options of
``derive``, ``codegen`` and ``plot`` into the geometry and its Hamiltonian (for :mod:`multiwell.cli`).
"""

from __future__ import annotations

__all__: list[str] = []

PRESETS = {  # preset name in multiwell -> number of integer arguments
    "double_well": 0,
    "chain": 1,
    "ring": 1,
    "complete": 1,
    "square": 0,
    "tetrahedron": 0,
    "triangular_patch": 1,
    "octahedron": 0,
    "cube": 0,
    "icosahedron": 0,
    "cuboctahedron": 0,
    "fullerene": 0,
}


class _UsageError(Exception):
    """A bad command-line argument (exit code 2)."""


class _MissingExtra(Exception):
    """An optional dependency the command needs is not installed (exit code 1)."""


def _geometry(name: str, n: int | None, cutoff: float | None = None):
    """A preset by name, or the geometry of a file (structure file via ASE, or .toml)."""
    import os

    if name in PRESETS:
        import multiwell

        make, n_args = getattr(multiwell, name), PRESETS[name]
        if n_args and n is None:
            raise _UsageError(f"N: the geometry {name!r} needs a number of wells, e.g. 'multiwell derive {name} 5'")
        if not n_args and n is not None:
            raise _UsageError(f"N: the geometry {name!r} takes no number of wells, got {n}")
        if cutoff is not None:
            raise _UsageError(f"--cutoff: the preset {name!r} has its bonds; --cutoff applies to structure files")
        return make(n) if n_args else make()
    if not os.path.isfile(name):
        looks_like_file = os.sep in name or "." in name or name.upper().startswith(("POSCAR", "CONTCAR"))
        what = f"no such file {name!r}" if looks_like_file else f"got {name!r}"
        raise _UsageError(f"GEOMETRY: {what}; expected a structure file (.xyz, .cif, POSCAR, ... or .toml) "
                          f"or a preset: {', '.join(PRESETS)}")
    if n is not None:
        raise _UsageError(f"N: a geometry file takes no number of wells, got {n}")
    from multiwell.geometry import Geometry

    try:
        return Geometry.from_file(name, cutoff=cutoff)
    except ImportError as exc:  # ASE (the extra 'structures') for structure files
        raise _MissingExtra(str(exc)) from None


def _field(text: str | None):
    """``--field 2T`` as a pint magnetic field (pint's unit parser, which never evaluates Python)."""
    if text is None:
        return None
    import math

    import pint

    from multiwell.units import Q_

    try:
        B = Q_(text)
    except Exception:  # pint's parser raises assorted types (even AssertionError) on bad text
        B = None
    if not isinstance(B, pint.Quantity) or not B.check("[magnetic_field]") or not math.isfinite(B.m_as("T")):
        raise _UsageError(f"--field: expected a magnetic field with its unit, e.g. 2T, '0.5 tesla' or 300mT, "
                          f"got {text!r}")
    return B


def _direction(text: str | None):
    """``--direction 0,0,1`` as three exact numbers (integers, decimals or fractions such as 1/2)."""
    if text is None:
        return None
    from fractions import Fraction

    import sympy as sp

    parts = text.split(",")
    try:
        values = [Fraction(p.strip()) for p in parts]
    except (ValueError, ZeroDivisionError):
        values = []
    if len(values) != 3 or not any(values):
        raise _UsageError(f"--direction: expected three numbers x,y,z, not all zero, e.g. 0,0,1 or 1,1,1, "
                          f"got {text!r}")
    return tuple(sp.Rational(v.numerator, v.denominator) for v in values)


def _writable(path: str | None, option: str) -> None:
    """Refuse an output file whose directory does not exist, before any work is done."""
    import os

    if path is not None and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise _UsageError(f"{option}: the directory of {path!r} does not exist")


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
