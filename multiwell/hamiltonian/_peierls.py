r"""The Peierls phases of every kind of flux: a flux symbol, one flux per loop, or a field in tesla.

:func:`peierls_phases` turns a flux into a phase on every bond: a symbol :math:`\phi` spread over the
bonds in proportion to the line integrals of the vector potential (exact fractions of the reference
area, :mod:`multiwell.hamiltonian._fractions`), per-loop fluxes put on the chords of the spanning tree,
a pint field as exact multiples of :data:`FIELD_FLUX` (:func:`field_flux`), or, where the loop areas are
not rational fractions of one another, a basis of flux generators (:mod:`multiwell.hamiltonian._loopflux`);
then the requested gauge (:mod:`multiwell.hamiltonian._gauges`). Serves :func:`multiwell.hamiltonian.hamiltonian`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pint
import sympy as sp

from multiwell._validate import as_expr, finite_input
from multiwell.errors import GeometryError, ParameterError, UnitError
from multiwell.geometry import Geometry
from multiwell.geometry._coords import _exact
from multiwell.hamiltonian._fractions import _exact_ratio
from multiwell.hamiltonian._gauges import _equal_gauge, _line_integrals, _regauge, _tree_gauge
from multiwell.hamiltonian._loopflux import RTOL_FLOAT_INPUT, flux_basis
from multiwell.units import e as elementary_charge
from multiwell.units import hbar

__all__ = ["FIELD_FLUX", "field_flux", "peierls_phases"]


def peierls_phases(
    geometry: Geometry,
    flux,
    *,
    gauge: str = "symmetric",
    origin: Sequence | None = None,
    direction: Sequence = (0, 0, 1),
    charge: pint.Quantity = elementary_charge,
    flux_rtol: float | None = None,
) -> tuple[dict[tuple[int, int], sp.Expr], tuple[sp.Symbol, ...]]:
    r"""The Peierls phase :math:`\theta_{ij}` of every bond ``(i, j)``, ``i < j``, and the flux symbols.

    The phases satisfy, for every loop :math:`\ell` of :meth:`Geometry.loops`,
    :math:`\sum_{(a,b)\in\ell}\theta_{ab} = 2\pi\Phi_\ell/\Phi_0` (with :math:`\theta_{ba}=-\theta_{ab}`).
    See :func:`hamiltonian` for the arguments.

    Notes
    -----
    For a uniform field the phase of a bond is the Peierls integral
    :math:`\theta_{ij} = \frac{q}{\hbar}\int_{\mathbf r_i}^{\mathbf r_j}\mathbf A\cdot d\mathbf l`,
    and a flux symbol :math:`\phi = 2\pi\Phi/\Phi_0` (paper Eq. 34) is spread over the bonds
    in proportion to these integrals.

    Examples
    --------
    The triangle of Eq. 7 in the symmetric gauge gets :math:`\phi/3` per bond, and
    :math:`\theta_{01}+\theta_{12}+\theta_{20} = \phi`; the tree gauge puts the whole flux on
    the one bond outside the spanning tree:

    >>> import sympy as sp
    >>> from multiwell import complete
    >>> phi = sp.Symbol("phi", real=True)
    >>> theta, symbols = peierls_phases(complete(3), phi)
    >>> theta, symbols
    ({(0, 1): phi/3, (0, 2): -phi/3, (1, 2): phi/3}, (phi,))
    >>> theta[(0, 1)] + theta[(1, 2)] - theta[(0, 2)]
    phi
    >>> peierls_phases(complete(3), phi, gauge="tree")[0]
    {(0, 1): 0, (0, 2): 0, (1, 2): phi}
    """
    theta, syms, _, _ = _peierls(geometry, flux, gauge, origin, direction, charge, flux_rtol)
    return theta, syms


def _check_rtol(flux_rtol) -> float | None:
    if flux_rtol is None:
        return None
    if isinstance(flux_rtol, bool) or not isinstance(flux_rtol, int | float | np.integer | np.floating) \
            or not 0 <= float(flux_rtol) <= 1e-3:
        raise ParameterError(
            f"flux_rtol: expected a relative tolerance 0 <= rtol <= 1e-3 (0: exact), got {flux_rtol!r}"
        )
    return float(flux_rtol)


def _has_float(values) -> bool:
    return any(isinstance(c, float | np.floating) for c in values)


def _generator_phases(geometry, phi, along, gauge, origin, flux_rtol, inexact):
    """Phases in a basis of flux generators (:mod:`multiwell.hamiltonian._loopflux`), or ``None`` (rational path)."""
    rtol = _check_rtol(flux_rtol)
    if rtol is None:
        rtol = RTOL_FLOAT_INPUT if (inexact or geometry.float_input) else 0.0
    n = tuple(_exact(c, "direction") for c in along)
    if len(n) != 3:
        raise ParameterError(f"direction: expected three components, got {len(n)}")
    if all(c == 0 for c in n):
        raise ParameterError("direction: expected a non-zero vector, got (0, 0, 0)")
    names = {s for s in geometry.hopping_names} | {f"E_{lab}" for lab in geometry.labels}
    return flux_basis(
        geometry, phi, n, rtol=rtol, gauge=gauge if gauge in ("symmetric", "landau") else "symmetric",
        origin=origin, names=names, integrals=lambda g: _line_integrals(geometry, n, g, origin),
    )


def _peierls(geometry, flux, gauge, origin, direction, charge, flux_rtol):
    """(phases, flux symbols, flux basis or None, fixed values) for :func:`hamiltonian`."""
    basis = None
    fixed: tuple = ()
    if flux is None:
        return {}, (), None, ()
    finite_input(flux, name="flux")
    if isinstance(flux, pint.Quantity):
        phi_B, value, along = field_flux(geometry, flux, direction=direction, charge=charge)
        if phi_B is None:
            return {}, (), None, ()
        vector = np.ndim(flux.magnitude) > 0
        inexact = (vector and np.asarray(flux.magnitude).dtype.kind == "f") or (not vector and _has_float(direction))
        got = _generator_phases(geometry, phi_B, along, gauge, origin, flux_rtol, inexact)
        fixed = ((phi_B, value),)
        if got is not None:
            theta, basis = got
            floats = tuple(float(sp.sympify(v).xreplace({phi_B: value})) for v in basis.values)
            basis = replace(basis, values=floats)
            fixed += tuple(zip(basis.generators, floats, strict=True))
        else:
            theta = _phases_from_symbolic_flux(
                geometry, phi_B, gauge if gauge in ("symmetric", "landau") else "symmetric", origin, along
            )
        syms: tuple[sp.Symbol, ...] = (phi_B, *(basis.generators if basis else ()))
    elif isinstance(flux, Mapping) or (isinstance(flux, Sequence) and not isinstance(flux, str)):
        theta, syms = _phases_from_loop_fluxes(geometry, flux)
        if gauge in ("symmetric", "landau"):
            gauge = "tree"  # per-loop fluxes carry no positions: the tree gauge is the natural one
    else:
        phi = as_expr(flux, name="flux", expected="a real SymPy expression, a sequence of loop fluxes or a pint field")
        if not isinstance(phi, sp.Expr) or phi.is_real is False or any(not x.is_real for x in phi.free_symbols):
            raise ParameterError(
                f"flux: expected a real SymPy expression (declare the symbol real=True), a sequence of "
                f"loop fluxes, or a pint magnetic field; got {flux!r}"
            )
        if isinstance(direction, str) or not isinstance(direction, Sequence | np.ndarray):
            raise ParameterError(f"direction: expected three numbers (nx, ny, nz), got {direction!r}")
        got = _generator_phases(geometry, phi, tuple(direction), gauge, origin, flux_rtol, _has_float(direction))
        if got is not None:
            theta, basis = got
            fixed = tuple(zip(basis.generators, basis.values, strict=True))
        else:
            theta = _phases_from_symbolic_flux(
                geometry, phi, gauge if gauge in ("symmetric", "landau") else "symmetric", origin, direction
            )
        syms = tuple(sorted(phi.free_symbols, key=str))
    if gauge == "tree":
        theta = _regauge(geometry, theta, _tree_gauge(geometry, theta))
    elif gauge == "equal":
        theta = _regauge(geometry, theta, _equal_gauge(geometry, theta))
    if basis is not None and gauge in ("tree", "equal"):
        basis = replace(basis, gauge=gauge)
    return {k: _tidy(v) for k, v in theta.items()}, syms, basis, fixed

def _unit_vector(direction) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    n = tuple(_exact(c, "direction") for c in direction)
    if len(n) != 3:
        raise ParameterError(f"direction: expected three components, got {len(n)}")
    norm = sp.sqrt(sum(c**2 for c in n))
    if norm == 0:
        raise ParameterError("direction: expected a non-zero vector, got (0, 0, 0)")
    return tuple(sp.radsimp(c / norm) for c in n)


def _phases_from_symbolic_flux(geometry, phi, gauge, origin, direction):
    n = _unit_vector(direction)
    area = geometry.hull_area(n)
    if area == 0:
        raise GeometryError(
            f"flux: the geometry {geometry.name!r} encloses no area normal to direction {tuple(direction)}, "
            "so a uniform field threads no loop; expected a geometry with loops (or flux=None)"
        )
    integrals = _line_integrals(geometry, n, gauge, origin)
    return {k: _exact_ratio(v, area) * phi for k, v in integrals.items()}


FIELD_FLUX = sp.Symbol("phi_B", real=True)
# (documented where it is public: multiwell.hamiltonian.FIELD_FLUX)


def field_flux(geometry: Geometry, B, *, direction: Sequence = (0, 0, 1),
               charge: pint.Quantity = elementary_charge) -> tuple[sp.Symbol | None, float, tuple]:
    r"""The flux symbol, its value and the exact field direction for a field ``B`` in physical units.

    The phases stay exact: every bond carries an exact multiple of :data:`FIELD_FLUX`
    :math:`\phi_B = qB_nS/\hbar`, where :math:`S` is :meth:`Geometry.hull_area` along the field
    (in the geometry's length unit squared, converted to SI) and :math:`B_n` the field along the
    direction; only :math:`\phi_B` has a numeric value, substituted when evaluating
    (:meth:`Hamiltonian.numeric`, :meth:`Hamiltonian.eigvalsh`, :attr:`Hamiltonian.values`).

    Returns
    -------
    tuple
        ``(FIELD_FLUX, value, direction)``, or ``(None, 0.0, direction)`` when the field threads no
        area of the geometry (every phase is then zero).

    Raises
    ------
    UnitError
        A field that is not a magnetic field, a geometry without a length unit, a charge that is not a charge.

    Examples
    --------
    A square of side 10 nm in 1 T: :math:`\phi_B = eBa^2/\hbar = 2\pi BA/\Phi_0 \approx 0.152`.

    >>> from multiwell import Geometry, Q_
    >>> g = Geometry(Q_([[0, 0], [10, 0], [10, 10], [0, 10]], "nm"), [(0, 1), (1, 2), (2, 3), (0, 3)])
    >>> symbol, value, direction = field_flux(g, Q_(1, "T"))
    >>> symbol, round(value, 6), direction
    (phi_B, 0.151927, (0, 0, 1))
    """
    if not isinstance(B, pint.Quantity) or not B.check("[magnetic_field]"):
        raise UnitError(f"flux: expected a magnetic field (e.g. tesla), got {getattr(B, 'units', B)!r}")
    if geometry.length_unit is None:
        raise UnitError(
            "flux: a magnetic field in physical units needs well positions with a length unit "
            "(build the geometry from pint lengths); for dimensionless positions pass a flux symbol"
        )
    q = charge
    if not isinstance(q, pint.Quantity) or not q.check("[charge]"):
        raise UnitError(f"charge: expected a pint Quantity with dimension [charge], got {charge!r}")
    mag = np.atleast_1d(B.m_as("T"))
    if mag.shape == (1,):
        along = tuple(_exact(c, "direction") for c in direction)
        B_n = float(mag[0])
    elif mag.shape == (3,):
        if not np.any(mag):
            return None, 0.0, tuple(direction)
        along = tuple(_exact(float(c), "flux") for c in mag)
        B_n = float(np.linalg.norm(mag))
    else:
        raise UnitError(f"flux: expected a scalar field or a 3-vector, got shape {mag.shape}")
    n = _unit_vector(along)
    area = geometry.hull_area(n)
    if area == 0 or B_n == 0:
        return None, 0.0, along
    L2 = (1 * geometry.length_unit**2).m_as("m^2")
    value = float((q / hbar).m_as("1/(T*m^2)")) * B_n * float(sp.N(area, 20)) * L2
    return FIELD_FLUX, value, along


def _phases_from_loop_fluxes(geometry, flux):
    loops = geometry.loops()
    if isinstance(flux, Mapping):
        bad = [k for k in flux if not (isinstance(k, int) and 0 <= k < len(loops))]
        if bad:
            raise ParameterError(f"flux: loop indices {bad} do not exist; the geometry has {len(loops)} loops")
        values = [as_expr(flux.get(k, 0), name=f"flux[{k}]") for k in range(len(loops))]
    else:
        values = [as_expr(f, name=f"flux[{k}]") for k, f in enumerate(flux)]
        if len(values) != len(loops):
            raise ParameterError(
                f"flux: expected {len(loops)} loop fluxes (one per loop of geometry.loops()), got {len(values)}"
            )
    for k, v in enumerate(values):
        if v.is_real is False or any(not s.is_real for s in v.free_symbols):
            raise ParameterError(f"flux[{k}]: expected a real expression (real symbols), got {v}")
    tree = set(geometry.spanning_tree())
    theta = {(b.i, b.j): sp.Integer(0) for b in geometry.bonds}
    chords = [b for b in geometry.bonds if b not in tree]
    # each loop contains exactly one chord; orient the chord's phase along the loop
    for loop, value in zip(loops, values, strict=True):
        steps = loop.steps
        chord = next(b for b in chords if (b.i, b.j) in steps or (b.j, b.i) in steps)
        theta[(chord.i, chord.j)] = value if (chord.i, chord.j) in steps else -value
    syms = tuple(dict.fromkeys(s for v in values for s in sorted(v.free_symbols, key=str)))
    return theta, syms

def _tidy(theta: sp.Expr) -> sp.Expr:
    return sp.expand(theta) if not isinstance(theta, sp.Float) else theta
