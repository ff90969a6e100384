"""Exact coordinates, vector algebra and the convex hull: the low-level helpers of the geometry stage.

Converts coordinates to exact SymPy numbers (floats through ``nsimplify``, never silently), splits pint
lengths into magnitudes and a unit, and provides the cross product, the canonical rotation of a cycle and
the convex hull in the plane. Serves :mod:`multiwell.geometry._geometry` (the :class:`Geometry` value),
the presets, and the Peierls phases of :mod:`multiwell.hamiltonian`; imports nothing else of the geometry.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pint
import sympy as sp

from multiwell.errors import GeometryError
from multiwell.units import ureg


def _exact(x, name: str) -> sp.Expr:
    """Convert a coordinate to an exact SymPy number (floats via nsimplify, never silently)."""
    if isinstance(x, sp.Basic):
        value = sp.sympify(x)
    elif isinstance(x, bool):
        raise GeometryError(f"{name}: expected a real number, got bool {x!r}")
    elif isinstance(x, int | np.integer):
        value = sp.Integer(int(x))
    elif isinstance(x, float | np.floating):
        if not np.isfinite(x):
            raise GeometryError(f"{name}: expected a finite coordinate, got {x!r}")
        value = sp.nsimplify(float(x), rational=True)
    else:
        try:
            value = sp.sympify(x, strict=True)
        except (sp.SympifyError, TypeError) as exc:
            raise GeometryError(f"{name}: expected a real number, got {type(x).__name__} {x!r}") from exc
    if value.free_symbols or not value.is_real:
        raise GeometryError(f"{name}: expected a real number, got {value}")
    return value


def _cross(a, b):
    return (
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    )


def _split_units(positions, length_unit):
    """Separate magnitudes and unit from positions given as pint quantities (or not)."""
    if isinstance(positions, pint.Quantity):
        if not positions.check("[length]"):
            raise GeometryError(f"positions: expected a length, got {positions.units}")
        unit = positions.units
        return [list(p) for p in np.atleast_2d(positions.magnitude).tolist()], unit
    positions = list(positions)
    if positions and any(isinstance(p, pint.Quantity) for p in positions):
        unit = None
        out = []
        for k, p in enumerate(positions):
            if not isinstance(p, pint.Quantity) or not p.check("[length]"):
                raise GeometryError(f"positions[{k}]: expected a pint length like the other wells, got {p!r}")
            unit = unit or p.units
            out.append(list(np.atleast_1d(p.m_as(unit))))
        return out, unit
    if length_unit is not None:
        length_unit = ureg.Unit(length_unit) if isinstance(length_unit, str) else length_unit
        if not (1 * length_unit).check("[length]"):
            raise GeometryError(f"length_unit: expected a length unit, got {length_unit}")
    return [list(p) if isinstance(p, Iterable) else [p] for p in positions], length_unit


def _canonical_cycle(wells: tuple[int, ...]) -> tuple[int, ...]:
    """Rotate a cycle to start at its smallest well, keeping its orientation."""
    k = wells.index(min(wells))
    return wells[k:] + wells[:k]


def _convex_hull_order(pts: list[tuple[float, float]]) -> list[int]:
    """Indices of the convex hull, counter-clockwise (Andrew's monotone chain, in floats)."""
    idx = sorted(range(len(pts)), key=lambda k: pts[k])
    if len(idx) < 3:
        return idx

    def cross(o, a, b):
        return (pts[a][0] - pts[o][0]) * (pts[b][1] - pts[o][1]) - (pts[a][1] - pts[o][1]) * (pts[b][0] - pts[o][0])

    scale = max(1e-300, max(abs(c) for p in pts for c in p))
    eps = 1e-12 * scale * scale
    lower: list[int] = []
    for k in idx:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], k) <= eps:
            lower.pop()
        lower.append(k)
    upper: list[int] = []
    for k in reversed(idx):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], k) <= eps:
            upper.pop()
        upper.append(k)
    return lower[:-1] + upper[:-1]

