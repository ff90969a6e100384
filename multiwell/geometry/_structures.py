r"""Geometries from files: structure files read by ASE, and multiwell's own TOML format.

:meth:`Geometry.from_file <multiwell.geometry.Geometry.from_file>` and
:meth:`Geometry.from_ase <multiwell.geometry.Geometry.from_ase>` call :func:`geometry_from_file` and
:func:`geometry_from_ase` here. Structure files (XYZ, CIF, POSCAR, ... anything ``ase.io.read``
reads; ASE is the optional extra ``structures``) give positions only, in ångström unless
``length_unit`` says otherwise, so the bonds come from a ``cutoff`` or from the nearest-neighbour
distance (``bonds="nearest"``, the default). A ``.toml`` file lists its wells (positions with a
unit, labels, optional on-site energies) and, usually, its bonds with their hopping names; the
format is documented in the how-to "your own geometry" and in :func:`geometry_from_file`.

Every error names the file (or ``atoms``), the key or option, and what was expected.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Sequence

import numpy as np
import pint
import sympy as sp

from multiwell.errors import GeometryError, ParameterError
from multiwell.units import ureg

__all__ = ["energies_from_file"]

SHELL_RTOL = 1e-4
"""Distances within this relative tolerance are one shell (structure files print 5 to 8 digits)."""

TOML_KEYS = frozenset({"name", "unit", "wells", "bonds"})
WELL_KEYS = frozenset({"position", "label", "energy"})
BOND_KEYS = frozenset({"wells", "hopping"})


# -- entry points ---------------------------------------------------------------------------------
def geometry_from_file(cls, path, *, cutoff=None, bonds=None, length_unit=None, hopping=None,
                       rtol: float = SHELL_RTOL, frame: int | None = None, format: str | None = None):
    """The :class:`~multiwell.geometry.Geometry` (built as ``cls``) of a structure file or a ``.toml`` file."""
    path = _path(path)
    if path.lower().endswith(".toml"):
        listed = "bonds" in _toml(path)
        for option, value in (("cutoff", cutoff), ("bonds", bonds), ("hopping", hopping), ("frame", frame),
                              ("format", format)):
            if value is not None and (listed or option in ("frame", "format")):
                raise ParameterError(
                    f"{option}: {path!r} is a TOML geometry file"
                    + (", which lists its own bonds and hoppings" if listed else "")
                    + f"; {option}= applies only to structure files read by ASE"
                    + (" (or a TOML file without bonds)" if option not in ("frame", "format") else "")
                )
        return _geometry_from_toml(cls, path, cutoff=cutoff, bonds=bonds, hopping=hopping, length_unit=length_unit,
                                   rtol=rtol)
    atoms = _read_ase(path, frame=frame, format=format)
    return _geometry_from_points(cls, atoms.get_positions(), source=repr(path), name=os.path.basename(path),
                                 cutoff=cutoff, bonds=bonds, length_unit=length_unit or "angstrom",
                                 hopping=hopping, rtol=rtol)


def geometry_from_ase(cls, atoms, *, cutoff=None, bonds=None, length_unit="angstrom", hopping=None,
                      rtol: float = SHELL_RTOL):
    """The :class:`~multiwell.geometry.Geometry` (built as ``cls``) of an ``ase.Atoms`` object (atoms are wells)."""
    Atoms = _ase().Atoms
    if not isinstance(atoms, Atoms):
        raise ParameterError(f"atoms: expected an ase.Atoms object, got {type(atoms).__name__}")
    name = atoms.get_chemical_formula() or "atoms"
    return _geometry_from_points(cls, atoms.get_positions(), source="atoms", name=name, cutoff=cutoff, bonds=bonds,
                                 length_unit=length_unit, hopping=hopping, rtol=rtol)


def energies_from_file(path) -> tuple[sp.Expr, ...] | None:
    r"""The on-site energies a ``.toml`` geometry file gives its wells, or ``None`` if it gives none.

    Pass them to :func:`~multiwell.hamiltonian.hamiltonian` as ``energies=``. A well's ``energy`` is
    a number (an integer or a decimal, stored exactly) or the name of a real symbol (an identifier
    such as ``"E_c"``; wells sharing a name share the energy, which is what lets
    :func:`~multiwell.symmetry.symmetries` see their symmetry). A well without ``energy`` gets the
    symbol :math:`E_{\text{label}}`. Structure files read by ASE carry no energies: ``None``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pair.toml"
    >>> _ = path.write_text('wells = [{position = [0, 0], energy = 0}, {position = [1, 0], energy = "E_b"}]\n'
    ...                     'bonds = [[0, 1]]\n')
    >>> energies_from_file(path)
    (0, E_b)
    """
    path = _path(path)
    if not path.lower().endswith(".toml"):
        _ = _read_ase(path, frame=None, format=None)  # a readable structure file, or a clear error
        return None
    data = _toml(path)
    wells = _wells(data, path)
    if not any("energy" in w for w in wells):
        return None
    labels = _labels(wells, path)
    out = []
    for k, w in enumerate(wells):
        where = f"{path}: wells[{k}].energy"
        if "energy" not in w:
            out.append(sp.Symbol(f"E_{labels[k]}", real=True))
            continue
        value = w["energy"]
        if isinstance(value, str):
            if not value.isidentifier():
                raise GeometryError(f"{where}: expected a number or the name of a symbol (an identifier such "
                                    f"as 'E_c'; expressions are not parsed), got {value!r}")
            out.append(sp.Symbol(value, real=True))
        elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise GeometryError(f"{where}: expected a finite number or a symbol name, got {value!r}")
        else:
            out.append(sp.Integer(value) if isinstance(value, int) else sp.nsimplify(value, rational=True))
    return tuple(out)


# -- files ----------------------------------------------------------------------------------------
def _path(path) -> str:
    if not isinstance(path, str | os.PathLike):
        raise ParameterError(f"path: expected a file path (str or pathlib.Path), got {type(path).__name__}")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise GeometryError(f"path: no such file {path!r}")
    return path


def _ase():
    try:
        import ase
        import ase.io
    except ImportError as exc:
        raise ImportError(
            "reading structure files (XYZ, CIF, POSCAR, ...) needs ASE: pip install 'multiwell[structures]'; "
            "a .toml geometry file needs no extra"
        ) from exc
    return ase


def _read_ase(path: str, *, frame, format):
    ase = _ase()
    try:
        frames = ase.io.read(path, index=":", format=format)
    except Exception as exc:  # ASE raises many types for unreadable files; each becomes one named error
        raise GeometryError(
            f"path: ASE could not read {path!r} as a structure file ({type(exc).__name__}: {exc}); expected "
            "a format ASE reads (XYZ, CIF, POSCAR, ...; format= names it when the file name does not) "
            "or a .toml geometry file"
        ) from exc
    frames = list(frames) if isinstance(frames, list) else [frames]
    if not frames:
        raise GeometryError(f"path: {path!r} holds no structure")
    if frame is None:
        if len(frames) > 1:
            raise GeometryError(f"frame: {path!r} holds {len(frames)} structures; pass frame=k (0-based) "
                                "to choose one")
        return frames[0]
    if isinstance(frame, bool) or not isinstance(frame, int) or not -len(frames) <= frame < len(frames):
        raise ParameterError(f"frame: expected an integer index into the {len(frames)} structures of {path!r}, "
                             f"got {frame!r}")
    return frames[frame]


def _toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the tomli backport (a dependency there)
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GeometryError(f"path: {path!r} is not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - TOML_KEYS)
    if unknown:
        raise GeometryError(f"{path}: unknown key {unknown[0]!r}; expected keys {sorted(TOML_KEYS)}")
    return data


def _wells(data: dict, path: str) -> list[dict]:
    wells = data.get("wells")
    if not isinstance(wells, list) or not wells or not all(isinstance(w, dict) for w in wells):
        raise GeometryError(f"{path}: wells: expected a list of tables ([[wells]] with position = [x, y, z]), "
                            f"got {type(wells).__name__ if wells is not None else 'nothing'}")
    for k, w in enumerate(wells):
        unknown = sorted(set(w) - WELL_KEYS)
        if unknown:
            hint = (f" (in TOML a key after a [[wells]] header belongs to that well: put {unknown[0]} = ... above "
                    "the first [[wells]])") if unknown[0] in TOML_KEYS else ""
            raise GeometryError(f"{path}: wells[{k}]: unknown key {unknown[0]!r}; expected {sorted(WELL_KEYS)}{hint}")
        if "position" not in w:
            raise GeometryError(f"{path}: wells[{k}]: expected a position = [x, y] or [x, y, z]")
    return wells


def _labels(wells: list[dict], path: str) -> list[str]:
    labels = []
    for k, w in enumerate(wells):
        label = w.get("label", str(k + 1))
        if not isinstance(label, str) or (not label.isidentifier() and not label.isdigit()):
            raise GeometryError(f"{path}: wells[{k}].label: expected a name (letters, digits, '_'), got {label!r}")
        labels.append(label)
    return labels


def _unit(value, where: str) -> pint.Unit:
    """A pint length unit from its name (pint's parser, which never evaluates Python)."""
    error = ParameterError if where == "length_unit" else GeometryError
    if isinstance(value, pint.Unit):
        unit = value
    elif isinstance(value, str):
        try:
            unit = ureg.Unit(value)
        except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError,
                AttributeError, TypeError) as exc:
            raise error(f"{where}: unknown unit {value!r}; expected a length unit such as "
                                "'angstrom', 'nm' or 'bohr'") from exc
    else:
        raise error(f"{where}: expected the name of a length unit, got {type(value).__name__} {value!r}")
    if not (1 * unit).check("[length]"):
        raise error(f"{where}: expected a length unit such as 'angstrom' or 'nm', got {value!r} "
                            f"(dimension {(1 * unit).dimensionality})")
    return unit


def _geometry_from_toml(cls, path: str, *, cutoff, bonds, hopping, length_unit, rtol):
    data = _toml(path)
    wells = _wells(data, path)
    labels = _labels(wells, path)
    points = []
    for k, w in enumerate(wells):
        p = w["position"]
        if (not isinstance(p, list) or not 1 <= len(p) <= 3
                or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in p)):
            raise GeometryError(f"{path}: wells[{k}].position: expected 1 to 3 numbers (integers or decimals; "
                                f"expressions are not parsed), got {p!r}")
        if not all(math.isfinite(c) for c in p):
            raise GeometryError(f"{path}: wells[{k}].position: expected finite numbers, got {p!r}")
        points.append(p)
    if len({len(p) for p in points}) != 1:
        raise GeometryError(f"{path}: wells: expected every position with the same number of coordinates, got "
                            f"{sorted({len(p) for p in points})}")
    unit = None
    if "unit" in data:
        unit = _unit(data["unit"], f"{path}: unit")
        if length_unit is not None and _unit(length_unit, "length_unit") != unit:
            raise ParameterError(f"length_unit: {path!r} gives its positions in {data['unit']!r}; "
                                 f"length_unit={length_unit!r} would contradict it (leave it out)")
    elif length_unit is not None:
        unit = _unit(length_unit, "length_unit")
    name = data.get("name", os.path.basename(path))
    if not isinstance(name, str):
        raise GeometryError(f"{path}: name: expected a string, got {name!r}")
    if "bonds" not in data:
        return _geometry_from_points(cls, np.array(points, dtype=float), source=repr(path), name=name, cutoff=cutoff,
                                     bonds=bonds, length_unit=unit, hopping=hopping, rtol=rtol, labels=labels,
                                     exact=points)
    index = {lab: k for k, lab in enumerate(labels)}
    if len(index) != len(labels):
        raise GeometryError(f"{path}: wells: expected distinct labels, got {labels}")
    raw = data["bonds"]
    if not isinstance(raw, list) or not raw:
        raise GeometryError(f"{path}: bonds: expected a list of [i, j] or [i, j, 'hopping'] (wells by label or "
                            "0-based index), or [[bonds]] tables with wells = [i, j] and hopping")
    triples = []
    for k, b in enumerate(raw):
        where = f"{path}: bonds[{k}]"
        if isinstance(b, dict):
            unknown = sorted(set(b) - BOND_KEYS)
            if unknown or "wells" not in b:
                raise GeometryError(f"{where}: expected keys wells = [i, j] and optionally hopping, got {sorted(b)}")
            ends, hop = b["wells"], b.get("hopping", "D_0")
        else:
            if not isinstance(b, list) or len(b) not in (2, 3):
                raise GeometryError(f"{where}: expected [i, j] or [i, j, 'hopping'], got {b!r}")
            ends, hop = b[:2], (b[2] if len(b) == 3 else "D_0")
        if not isinstance(ends, list) or len(ends) != 2:
            raise GeometryError(f"{where}: expected two wells, got {ends!r}")
        ij = []
        for end in ends:
            if isinstance(end, str) and end in index:
                ij.append(index[end])
            elif isinstance(end, int) and not isinstance(end, bool) and 0 <= end < len(wells):
                ij.append(end)
            else:
                raise GeometryError(f"{where}: unknown well {end!r}; expected a label ({', '.join(labels)}) or an "
                                    f"index 0..{len(wells) - 1}")
        if ij[0] == ij[1]:
            raise GeometryError(f"{where}: the bond joins well {ends[0]!r} to itself; expected two different wells")
        if not isinstance(hop, str) or not hop.isidentifier():
            raise GeometryError(f"{where}: hopping: expected a name such as 'D_1', got {hop!r}")
        triples.append((ij[0], ij[1], hop))
    pts = np.array(points, dtype=float)
    _check_bonds(pts, triples, source=repr(path), how="as listed", scale=None)
    try:
        return cls(points, triples, labels, length_unit=unit, name=name)
    except GeometryError as exc:
        raise GeometryError(f"{path}: {exc}") from exc


# -- bonds from positions -------------------------------------------------------------------------
def _geometry_from_points(cls, points, *, source: str, name: str, cutoff, bonds, length_unit, hopping, rtol,
                          labels=None, exact=None):
    """Bond wells at float ``points`` by ``cutoff`` or nearest neighbours; check, then build ``cls`` (Geometry)."""
    unit = None if length_unit is None else _unit(length_unit, "length_unit")
    if isinstance(rtol, bool) or not isinstance(rtol, int | float) or not 0 <= rtol < 0.1:
        raise ParameterError(f"rtol: expected a relative tolerance in [0, 0.1), got {rtol!r}")
    pts = np.asarray(points, dtype=float)
    n = len(pts)
    if n < 2:
        raise GeometryError(f"{source}: expected at least two wells, got {n}")
    if bonds is not None and bonds != "nearest":
        raise ParameterError(f"bonds: expected 'nearest' (or cutoff=...), got {bonds!r}")
    if bonds is not None and cutoff is not None:
        raise ParameterError("cutoff, bonds: give one of cutoff=... and bonds='nearest', not both")
    ulabel = f" {unit:~P}" if unit is not None else ""
    pairs = sorted((float(np.linalg.norm(pts[i] - pts[j])), i, j) for i, j in itertools.combinations(range(n), 2))
    d_min, i0, j0 = pairs[0]
    if d_min <= 0:
        raise GeometryError(f"{source}: wells {i0} and {j0} coincide; expected distinct positions")
    if cutoff is None:
        limit, how = d_min, f"nearest neighbours at {d_min:.6g}{ulabel}"
    else:
        limit = _cutoff(cutoff, unit)
        how = f"cutoff {limit:.6g}{ulabel}"
        if limit < d_min * (1 - rtol):
            raise GeometryError(f"cutoff: {how} gives no bonds in {source}: the nearest wells ({i0} and {j0}) are "
                                f"{d_min:.6g}{ulabel} apart; expected a cutoff of at least that")
    chosen = [(d, i, j) for d, i, j in pairs if d <= limit * (1 + rtol)]
    shells: list[float] = []
    for d, _, _ in chosen:
        if not shells or d > shells[-1] * (1 + rtol):
            shells.append(d)
    names = _hopping_names(hopping, len(shells), nearest=cutoff is None)
    triples = []
    for d, i, j in chosen:
        shell = next(k for k, s in enumerate(shells) if d <= s * (1 + rtol))
        triples.append((i, j, names[shell]))
    _check_bonds(pts, triples, source=source, how=how, scale=(pairs, ulabel))
    positions = exact if exact is not None else pts.tolist()
    try:
        return cls(positions, triples, labels, length_unit=unit, name=name)
    except GeometryError as exc:
        raise GeometryError(f"{source}: {exc}") from exc


def _cutoff(cutoff, unit) -> float:
    if isinstance(cutoff, pint.Quantity):
        if not cutoff.check("[length]"):
            raise GeometryError(f"cutoff: expected a length, got {cutoff:~P}")
        if unit is None:
            raise GeometryError("cutoff: a pint length needs positions with a unit (length_unit=...); "
                                "for dimensionless positions pass a number")
        value = float(cutoff.m_as(unit))
    elif isinstance(cutoff, bool) or not isinstance(cutoff, int | float | np.integer | np.floating):
        raise ParameterError(f"cutoff: expected a positive number (in the positions' unit) or a pint length, got "
                             f"{type(cutoff).__name__} {cutoff!r}")
    else:
        value = float(cutoff)
    if not (math.isfinite(value) and value > 0):
        raise ParameterError(f"cutoff: expected a positive finite length, got {cutoff!r}")
    return value


def _hopping_names(hopping, n_shells: int, *, nearest: bool) -> list[str]:
    if hopping is None:
        return ["D_0"] if nearest else [f"D_{k + 1}" for k in range(n_shells)]
    names = [hopping] * n_shells if isinstance(hopping, str) else hopping
    if not isinstance(names, Sequence) or not all(isinstance(h, str) and h.isidentifier() for h in names):
        raise ParameterError(f"hopping: expected a name such as 'D_0' or one name per distance shell, got {hopping!r}")
    if len(names) < n_shells:
        raise ParameterError(f"hopping: the bonds fall in {n_shells} distance shells, which need {n_shells} names, "
                             f"got {len(names)}")
    return list(names)


def _check_bonds(pts: np.ndarray, triples, *, source: str, how: str, scale) -> None:
    """Refuse bonds that pass through a third well (collinear loops) and bond graphs in several pieces."""
    n = len(pts)
    for i, j, _ in triples:
        a, b = pts[i], pts[j]
        length = float(np.linalg.norm(b - a))
        if i == j or length == 0:  # a self-bond or coincident wells: the Geometry names them
            continue
        for k in range(n):
            if k in (i, j):
                continue
            t = float(np.dot(pts[k] - a, b - a)) / length**2
            off = float(np.linalg.norm(pts[k] - a - t * (b - a)))
            if 0 < t < 1 and off <= SHELL_RTOL * length:
                raise GeometryError(
                    f"bonds: in {source}, the bond ({i}, {j}) ({how}) passes through well {k}: the loop "
                    f"({i}, {k}, {j}) is collinear (no area, and the hop would cross a well); expected bonds "
                    "between wells with no well between them (a smaller cutoff, or list the bonds in a .toml file)"
                )
    parent = list(range(n))

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, j, _ in triples:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(root(k), []).append(k)
    if len(groups) == 1:
        return
    pieces = sorted(groups.values())
    shown = "; ".join(_span(g) for g in pieces[:4]) + ("; ..." if len(pieces) > 4 else "")
    hint = "add bonds that join them"
    if scale is not None:  # the smallest cutoff that joins everything: the longest bond of a minimum spanning tree
        pairs, ulabel = scale
        parent = list(range(n))
        joined = 0.0
        for d, i, j in pairs:
            if root(i) != root(j):
                parent[root(i)] = root(j)
                joined = d
        hint = f"a cutoff of at least {joined:.6g}{ulabel} joins them"
    raise GeometryError(f"bonds: in {source}, the bonds ({how}) leave the wells in {len(pieces)} separate groups "
                        f"({shown}); "
                        f"expected one connected geometry: {hint}")


def _span(group: list[int]) -> str:
    if len(group) > 2 and group == list(range(group[0], group[-1] + 1)):
        return f"wells {group[0]}..{group[-1]}"
    return "wells " + ", ".join(map(str, group))
