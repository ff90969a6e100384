# Over 600 lines (911): the Peierls phases of every flux kind live here; issue 27 moves them into hamiltonian/.
"""The implementation behind :mod:`multiwell.hamiltonian` (its docstring says what it computes)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pint
import sympy as sp

from multiwell._validate import CheckedHermitian, as_expr, as_matrix, check_assumptions, check_hermitian, finite_input
from multiwell.errors import GeometryError, NotHermitianError, ParameterError, UnitError
from multiwell.hamiltonian._loopflux import RTOL_FLOAT_INPUT, FluxBasis, flux_basis
from multiwell.geometry._core import Geometry, _cross, _exact
from multiwell.units import e as elementary_charge
from multiwell.units import hbar

__all__ = ["FIELD_FLUX", "GAUGES", "Hamiltonian", "field_flux", "hamiltonian", "peierls_phases"]

GAUGES = ("symmetric", "landau", "tree", "equal")
"""The gauges :func:`hamiltonian` can build directly; any other is a :meth:`Hamiltonian.gauge_transform`."""

CONVENTIONS = {"paper": sp.Integer(1), "standard": sp.Rational(-1, 2)}
"""Hopping prefactor s in H_ij = s t_ij: the paper's D_0 > 0 or the standard model's -Delta_0/2."""


@dataclass(frozen=True)
class Hamiltonian(CheckedHermitian):
    r"""An immutable Hermitian tunnelling Hamiltonian in the well basis.

    Attributes
    ----------
    matrix
        The Hermitian matrix :math:`\langle i|H|j\rangle` (a SymPy ``ImmutableMatrix``).
    symbols
        Its parameters, ordered energies, hoppings, fluxes (then any others).
    energies
        The diagonal entries (on-site energies) as SymPy expressions.
    hoppings, fluxes
        The hopping and flux symbols.
    constraints
        Expressions that vanish by assumption (e.g. :math:`\sum_i E_i` for ``traceless=True``).
    geometry, gauge
        Where the matrix came from (``None`` / ``"given"`` for :meth:`from_matrix`).
    flux_basis
        For a field on a geometry: the integer basis of its loop fluxes (``None`` where every phase is
        a rational, radical or cosine-basis multiple of the flux): the generator symbols in the phases,
        their values (also in :attr:`values`), each loop's integer coefficients, the relative tolerance
        of the relations (``rtol``, 0 when exact) and the largest residual. Shown in the repr.

    Notes
    -----
    The matrix is :math:`\langle i|H|j\rangle` of the tight-binding Hamiltonian of paper Eq. 5,
    :math:`H = \sum_i E_i c_i^\dagger c_i + \sum_{\langle ij\rangle} s\,t_{ij}e^{i\theta_{ij}}
    c_i^\dagger c_j + \text{h.c.}` (:math:`s=1`: Eqs. 3, 4, 7, 33, 37; :math:`s=-\tfrac12`: Eq. 1),
    built by :func:`hamiltonian`. Only gauge-invariant quantities are physical: the
    product of the entries around a loop is :math:`\prod|t|\,e^{i\phi}` with
    :math:`\phi = 2\pi\Phi/\Phi_0` (Eq. 34), and the spectrum.

    Examples
    --------
    The three-well system of Eq. 7: the phases on single bonds are a gauge choice, the
    phase collected around the triangle is the flux :math:`\phi`.

    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> H = hamiltonian(complete(3), flux=phi)
    >>> H.n, H.symbols
    (3, (E_1, E_2, E_3, D_0, phi))
    >>> H.matrix[0, 1] * H.matrix[1, 2] * H.matrix[2, 0]
    D_0**3*exp(I*phi)

    At :math:`E_i = 0`, :math:`\phi = 0` the levels are :math:`-D_0, -D_0, 2D_0`:

    >>> E_1, E_2, E_3, D_0, _ = H.symbols
    >>> H.eigvalsh({E_1: 0, E_2: 0, E_3: 0, D_0: 1, phi: 0}).round(12)
    array([-1., -1.,  2.])
    """

    matrix: sp.ImmutableMatrix
    symbols: tuple[sp.Symbol, ...] = None  # None only to name the error of Hamiltonian(M): see __post_init__
    energies: tuple[sp.Expr, ...] = None
    hoppings: tuple[sp.Symbol, ...] = ()
    fluxes: tuple[sp.Symbol, ...] = ()
    constraints: tuple[sp.Expr, ...] = ()
    geometry: Geometry | None = field(default=None, compare=False)
    gauge: str = field(default="given", compare=False)
    options: Mapping = field(default_factory=dict, compare=False, repr=False)
    fixed_values: tuple[tuple[sp.Symbol, float], ...] = field(default=(), repr=False)
    flux_basis: FluxBasis | None = field(default=None, compare=False)

    @property
    def values(self) -> dict[sp.Symbol, float]:
        r"""Symbols with a fixed numeric value, substituted only when evaluating (:meth:`numeric`).

        A field in physical units (``flux=Q_(2, "T")``) keeps the phases exact as multiples of
        :data:`FIELD_FLUX` :math:`\phi_B`; its value :math:`qBS/\hbar` is here. These symbols are
        not in :attr:`symbols` (the free parameters). The flux generators of :attr:`flux_basis`
        (geometries whose loop areas are not rational fractions of one another) are here too, each
        with its value as a multiple of the flux (``phi_1: 0.5*phi``) or a float (a field in tesla).

        Examples
        --------
        >>> from multiwell import Geometry, Q_, hamiltonian
        >>> g = Geometry(Q_([[0, 0], [10, 0], [0, 10]], "nm"), [(0, 1), (1, 2), (0, 2)])
        >>> H = hamiltonian(g, flux=Q_(2, "T"))
        >>> H.matrix[0, 1], H.symbols
        (D_0*exp(I*phi_B/3), (E_1, E_2, E_3, D_0))
        >>> {s: round(v, 6) for s, v in H.values.items()}
        {phi_B: 0.151927}
        """
        return dict(self.fixed_values)

    def __post_init__(self):
        if not isinstance(self.matrix, sp.ImmutableMatrix) or not isinstance(self.symbols, tuple) \
                or not isinstance(self.energies, tuple):
            raise ParameterError(
                "matrix: Hamiltonian(...) is the raw record; wrap your own matrix with "
                "Hamiltonian.from_matrix(M, energies=..., hoppings=...), which checks that it is Hermitian"
            )

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_matrix(cls, matrix, *, energies: Sequence = (), hoppings: Sequence = (), fluxes: Sequence = (),
                    constraints: Sequence = (), check: bool = True) -> Hamiltonian:
        """Wrap a user's square matrix, checking that it is Hermitian.

        Symbols must carry assumptions (energies and fluxes ``real=True``, hoppings
        ``positive=True``) for Hermiticity to be provable.

        Parameters
        ----------
        matrix
            A square SymPy matrix (or nested lists of SymPy expressions and numbers; strings are
            refused, never parsed).
        energies, hoppings, fluxes
            Which of the matrix's symbols are on-site energies (``real=True``), hoppings
            (``positive=True``) and fluxes (``real=True``); they come first in :attr:`symbols`,
            in this order, and numeric calls check values against these assumptions.
        constraints
            Expressions that vanish by assumption (e.g. the sum of the energies).
        check
            Check Hermiticity (default); ``False`` only for matrices known to be Hermitian.

        Raises
        ------
        NotHermitianError
            Naming the first entry ``(i, j)`` where :math:`H_{ij}\\ne\\overline{H_{ji}}`.
        ParameterError
            For an ``energies``/``hoppings``/``fluxes`` entry that is not a symbol of the matrix
            with the right assumption.

        Examples
        --------
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> Hamiltonian.from_matrix(sp.Matrix([[0, x], [x, 1]])).symbols
        (x,)
        >>> Hamiltonian.from_matrix(sp.Matrix([[0, x], [2 * x, 1]]))
        Traceback (most recent call last):
        ...
        multiwell.errors.NotHermitianError: matrix: entry (0, 1) = x is not the conjugate of entry (1, 0) = 2*x; expected a Hermitian matrix

        A two-level system with a flux-dependent hopping, its symbols named by role:

        >>> E_L, E_R, phi = sp.symbols("E_L E_R phi", real=True)
        >>> t = sp.Symbol("t", positive=True)
        >>> H = Hamiltonian.from_matrix(
        ...     sp.Matrix([[E_L, t * sp.exp(sp.I * phi)], [t * sp.exp(-sp.I * phi), E_R]]),
        ...     energies=[E_L, E_R], hoppings=[t], fluxes=[phi])
        >>> H.symbols, H.hoppings
        ((E_L, E_R, t, phi), (t,))
        >>> H.eigvalsh({E_L: 0, E_R: 0, t: 1, phi: 0.3}).round(12)
        array([-1.,  1.])
        """
        M = as_matrix(matrix, name="matrix")
        finite_input(M, name="matrix")  # a NaN or infinite entry: no Hamiltonian
        if M.rows != M.cols or M.rows == 0:
            raise NotHermitianError(f"matrix: expected a non-empty square matrix, got shape {M.shape}")
        if check:
            check_hermitian(M)
        roles = {}
        for role, given, needs in (("energies", energies, "real"), ("hoppings", hoppings, "positive"),
                                   ("fluxes", fluxes, "real")):
            if isinstance(given, sp.Basic | str):
                given = [given]
            for k, s in enumerate(given):
                if not isinstance(s, sp.Symbol) or s not in M.free_symbols:
                    raise ParameterError(f"{role}[{k}]: expected a symbol of the matrix, got {s!r}")
                if not getattr(s, f"is_{needs}"):
                    raise ParameterError(f"{role}[{k}]: expected a symbol declared {needs}=True, got {s}")
            roles[role] = tuple(given)
        named = tuple(dict.fromkeys(roles["energies"] + roles["hoppings"] + roles["fluxes"]))
        syms = named + tuple(s for s in sorted(M.free_symbols, key=sp.default_sort_key) if s not in named)
        diagonal = tuple(M[k, k] for k in range(M.rows))
        return cls(M, syms, diagonal, hoppings=roles["hoppings"], fluxes=roles["fluxes"],
                   constraints=tuple(as_expr(c, name=f"constraints[{k}]") for k, c in enumerate(constraints)))

    # -- views ----------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """The number of wells (matrix dimension)."""
        return self.matrix.rows

    def _repr_latex_(self) -> str:
        return "$" + sp.latex(self.matrix) + "$"

    def __str__(self) -> str:
        return sp.pretty(self.matrix)

    # -- operations ----------------------------------------------------------------------------------
    def subs(self, values: Mapping) -> Hamiltonian:
        """The Hamiltonian with some parameters replaced (``values`` maps symbols to expressions)."""
        unknown = [s for s in values if s not in self.symbols and s not in self.values]
        if unknown:
            raise ParameterError(
                f"values: unknown symbols {unknown}; this Hamiltonian's symbols are {self.symbols}"
            )
        finite_input(values, name="values")  # a NaN hopping or energy: no Hamiltonian
        M = self.matrix.xreplace({k: as_expr(v, name=f"values[{k}]") for k, v in values.items()})
        keep = lambda seq: tuple(s for s in seq if s not in values)  # noqa: E731
        return replace(
            self,
            matrix=M,
            symbols=keep(self.symbols) + tuple(
                s for s in sorted(M.free_symbols, key=sp.default_sort_key)
                if s not in self.symbols and s not in self.values
            ),
            energies=tuple(M[k, k] for k in range(M.rows)),
            hoppings=keep(self.hoppings),
            fluxes=keep(self.fluxes),
            constraints=tuple(
                c for c in (sp.sympify(c).xreplace(dict(values)) for c in self.constraints) if c != 0
            ),
            fixed_values=tuple(
                (k, v if isinstance(v, float) else sp.sympify(v).xreplace(
                    {a: as_expr(b, name=f"values[{a}]") for a, b in values.items()}))
                for k, v in self.fixed_values if k not in values
            ),
        )

    def gauge_transform(self, chi: Sequence) -> Hamiltonian:
        r"""The Hamiltonian :math:`U H U^\dagger` with :math:`U=\mathrm{diag}(e^{i\chi_k})`.

        Every loop product :math:`\prod H_{k,k+1}` and so the spectrum is unchanged; only
        the phases on individual bonds move: :math:`\theta_{ij}\to\theta_{ij}+\chi_i-\chi_j`.
        """
        chi = [as_expr(c, name=f"chi[{k}]") for k, c in enumerate(chi)]
        if len(chi) != self.n:
            raise ParameterError(f"chi: expected {self.n} phases, one per well, got {len(chi)}")
        for k, c in enumerate(chi):
            if c.is_real is False or (c.is_real is None and c.free_symbols and not all(s.is_real for s in c.free_symbols)):
                raise ParameterError(f"chi[{k}]: expected a real phase, got {c}")
        M = sp.ImmutableMatrix(
            self.n, self.n,
            lambda i, j: self.matrix[i, j] if i == j else _times_phase(self.matrix[i, j], chi[i] - chi[j]),
        )
        return replace(self, matrix=M, gauge=f"{self.gauge}+transform")

    def permuted(self, perm: Sequence[int]) -> Hamiltonian:
        """The Hamiltonian with well ``k`` relabelled ``perm[k]`` (:math:`P H P^T`)."""
        perm = list(perm)
        if sorted(perm) != list(range(self.n)):
            raise ParameterError(f"perm: expected a permutation of 0..{self.n - 1}, got {perm}")
        inv = [0] * self.n
        for k, p in enumerate(perm):
            inv[p] = k
        M = sp.ImmutableMatrix(self.n, self.n, lambda i, j: self.matrix[inv[i], inv[j]])
        return replace(
            self,
            matrix=M,
            energies=tuple(M[k, k] for k in range(self.n)),
            geometry=None if self.geometry is None else self.geometry.relabelled(perm),
        )

    def with_flux(self, flux, **kwargs) -> Hamiltonian:
        """The same geometry and options with another flux (see :func:`hamiltonian`)."""
        if self.geometry is None:
            raise ParameterError("flux: this Hamiltonian was built from a matrix, not a geometry")
        options = dict(self.options)
        options.update(kwargs)
        options["flux"] = flux
        return hamiltonian(self.geometry, **options)

    def numeric(self, values: Mapping) -> np.ndarray:
        """The complex matrix at numeric parameter ``values`` (every symbol needed; for tests and quick looks).

        For fast, vectorised evaluation use :func:`multiwell.to_numpy`.
        """
        missing = [s for s in self.symbols if s not in values]
        if missing:
            raise ParameterError(f"values: missing values for {missing}")
        check_assumptions(values, name="values")  # e.g. a negative value for a positive hopping
        M = self.bound_matrix().xreplace({k: as_expr(v, name=f"values[{k}]") for k, v in values.items()})
        return np.array(M.evalf(17).tolist(), dtype=complex)

    def bound_matrix(self) -> sp.ImmutableMatrix:
        """The matrix with the symbols of :attr:`values` replaced by their values (generators by flux multiples)."""
        if not self.fixed_values:
            return self.matrix
        return self.matrix.xreplace({k: sp.Float(v, 17) if isinstance(v, float) else v
                                     for k, v in self.fixed_values})

    def eigvalsh(self, values: Mapping) -> np.ndarray:
        """Numeric eigenvalues (ascending) at ``values``, by ``numpy.linalg.eigvalsh``."""
        return np.linalg.eigvalsh(self.numeric(values))


def _times_phase(entry: sp.Expr, theta: sp.Expr) -> sp.Expr:
    """``entry * exp(i theta)`` with all exponentials of ``entry`` merged into one, exponent expanded."""
    if entry == 0 or theta == 0:
        return entry
    factors = sp.Mul.make_args(entry)
    old = sp.Add(*(f.exp for f in factors if isinstance(f, sp.exp)))
    rest = sp.Mul(*(f for f in factors if not isinstance(f, sp.exp)))
    total = sp.expand(theta - sp.I * old)
    return rest * sp.exp(sp.I * total) if total != 0 else rest


# -- the builder ---------------------------------------------------------------------------------------
def hamiltonian(
    geometry: Geometry,
    *,
    flux=None,
    gauge: str = "symmetric",
    origin: Sequence | None = None,
    direction: Sequence = (0, 0, 1),
    charge: pint.Quantity = elementary_charge,
    traceless: bool = False,
    convention: str = "paper",
    energies: Sequence | None = None,
    flux_rtol: float | None = None,
) -> Hamiltonian:
    r"""Build the tunnelling Hamiltonian of a geometry, with Peierls phases for a flux.

    Parameters
    ----------
    geometry
        The wells and bonds.
    flux
        ``None`` (no field); a real SymPy expression :math:`\phi = 2\pi\Phi/\Phi_0`, the flux of a
        uniform field along ``direction`` through the reference area
        :meth:`Geometry.hull_area`; a sequence (or ``{loop index: expression}`` mapping) of
        fluxes, one per loop of :meth:`Geometry.loops`; or a pint magnetic field (scalar along
        ``direction`` or a 3-vector) for a geometry with a length unit. A field keeps the phases
        exact: they are multiples of the symbol :data:`FIELD_FLUX` :math:`\phi_B = qBS/\hbar`
        (the flux through the reference area along the field), whose value is kept in
        :attr:`Hamiltonian.values` and substituted only when evaluating (see :func:`field_flux`).
    gauge
        ``"symmetric"`` about ``origin`` (default the centroid), ``"landau"``
        (:math:`\mathbf A=(0, B_z x, B_x y - B_y x)`), ``"tree"`` (no phase on a breadth-first
        spanning tree) or ``"equal"`` (equal phases along the ring :math:`0\to1\to\dots\to n-1\to0`).
    charge
        The particle's charge :math:`q` (pint), used with a pint field; default :math:`e`.
    traceless
        Record the constraint :math:`\sum_i E_i = 0` (the paper's convention for Eqs. 3 and 33).
    convention
        ``"paper"``: :math:`H_{ij}=+t_{ij}` (:math:`D_0>0`); ``"standard"``: :math:`H_{ij}=-t_{ij}/2`.
    energies
        On-site energies to use instead of the symbols :math:`E_{\text{label}}`.
    flux_rtol
        Relative tolerance of the integer relations among loop areas (see :attr:`Hamiltonian.flux_basis`):
        default ``1e-9`` for float coordinates or a float field direction, exact (``0``) otherwise.

    Returns
    -------
    Hamiltonian

    Notes
    -----
    Paper Eq. 3/5 (``complete(3)``), Eq. 4 (``square()``), Eq. 7 (``complete(3)`` with
    ``flux=phi``: :math:`D_0 e^{\pm i\phi/3}`), Eq. 37 (``ring(4)`` with ``flux=phi``:
    :math:`D_1 e^{\pm i\phi/4}`). For the square with diagonals (Eq. 33) the symmetric gauge
    about the centre gives the diagonals **no** phase, while each triangle of two sides and a
    diagonal encloses half the flux, :math:`\phi/2`; the printed Eq. 33 is not Hermitian and
    not a gauge of this, see ``multiwell verify``.

    Flux fractions are exact: rationals where they are rational, radicals where the polygon's
    cosines have radical forms, and polynomials in :math:`\cos(2\pi/n)` otherwise (the heptagon's
    chord :math:`i\to i+2` carries :math:`2\phi\cos(2\pi/7)/7`).

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import ring
    >>> phi = sp.Symbol("phi", real=True)
    >>> hamiltonian(ring(4), flux=phi).matrix[0, 1]
    D_0*exp(I*phi/4)
    """
    if not isinstance(geometry, Geometry):
        raise ParameterError(f"geometry: expected a multiwell Geometry, got {type(geometry).__name__}")
    finite_input(flux, name="flux")  # NaN / infinite fluxes and energies (numbers, SymPy, numpy, pint) refused
    finite_input(energies, name="energies")
    if gauge not in GAUGES:
        raise ParameterError(f"gauge: expected one of {GAUGES}, got {gauge!r}")
    if convention not in CONVENTIONS:
        raise ParameterError(f"convention: expected one of {tuple(CONVENTIONS)}, got {convention!r}")
    n = geometry.n_wells
    if energies is None:
        E = tuple(sp.Symbol(f"E_{lab}", real=True) for lab in geometry.labels)
    else:
        if isinstance(energies, str) or not isinstance(energies, Sequence):
            raise ParameterError(f"energies: expected a sequence of {n} on-site energies, got {energies!r}")
        E = tuple(as_expr(x, name=f"energies[{k}]") for k, x in enumerate(energies))
        if len(E) != n:
            raise ParameterError(f"energies: expected {n} on-site energies, got {len(E)}")
        for k, x in enumerate(E):
            if x.is_real is False or any(not s.is_real for s in x.free_symbols):
                raise ParameterError(f"energies[{k}]: expected a real expression (real symbols), got {x}")
    hop = {name: sp.Symbol(name, positive=True) for name in geometry.hopping_names}
    s = CONVENTIONS[convention]
    phases, flux_symbols, basis, fixed = _peierls(geometry, flux, gauge, origin, direction, charge, flux_rtol)
    M = sp.MutableDenseMatrix.zeros(n, n)
    for k in range(n):
        M[k, k] = E[k]
    for b in geometry.bonds:
        theta = phases.get((b.i, b.j), sp.Integer(0))
        t = s * hop[b.hopping]
        M[b.i, b.j] = t * sp.exp(sp.I * theta) if theta != 0 else t
        M[b.j, b.i] = t * sp.exp(-sp.I * theta) if theta != 0 else t
    M = sp.ImmutableMatrix(M)
    energy_syms = tuple(dict.fromkeys(sym for x in E for sym in sorted(x.free_symbols, key=str)))
    bound = {sym for sym, _ in fixed}
    symbols = energy_syms + tuple(hop.values()) + tuple(
        x for x in flux_symbols if x not in energy_syms and x not in bound
    )
    rest = tuple(sorted(M.free_symbols - set(symbols) - bound, key=sp.default_sort_key))
    constraints = (sp.Add(*E),) if traceless else ()
    if traceless and constraints[0] == 0:
        constraints = ()
    options = dict(
        flux=flux, gauge=gauge, origin=origin, direction=direction, charge=charge,
        traceless=traceless, convention=convention, energies=energies, flux_rtol=flux_rtol,
    )
    return Hamiltonian(
        matrix=M,
        symbols=symbols + rest,
        energies=E,
        hoppings=tuple(hop.values()),
        fluxes=tuple(flux_symbols),
        constraints=constraints,
        geometry=geometry,
        gauge=gauge,
        options=options,
        fixed_values=fixed,
        flux_basis=basis,
    )


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
    """Phases in a basis of flux generators (:mod:`multiwell.hamiltonian._loopflux`), or ``None`` for the rational path."""
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


# -- phase constructions --------------------------------------------------------------------------
def _unit_vector(direction) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    n = tuple(_exact(c, "direction") for c in direction)
    if len(n) != 3:
        raise ParameterError(f"direction: expected three components, got {len(n)}")
    norm = sp.sqrt(sum(c**2 for c in n))
    if norm == 0:
        raise ParameterError("direction: expected a non-zero vector, got (0, 0, 0)")
    return tuple(sp.radsimp(c / norm) for c in n)


def _origin(geometry: Geometry, origin) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    if origin is None:
        pts = [geometry.position3(k) for k in range(geometry.n_wells)]
        return tuple(sum(p[c] for p in pts) / len(pts) for c in range(3))
    o = tuple(_exact(c, "origin") for c in origin)
    if len(o) != geometry.dimension:
        raise ParameterError(f"origin: expected {geometry.dimension} coordinates, got {len(o)}")
    return o + (sp.Integer(0),) * (3 - len(o))


def _line_integrals(geometry: Geometry, B: Sequence, gauge: str, origin) -> dict[tuple[int, int], sp.Expr]:
    r""":math:`\int_{r_i}^{r_j}\mathbf A\cdot d\mathbf l` for a uniform field ``B`` (exact: A is linear)."""
    r0 = _origin(geometry, origin)
    out = {}
    for b in geometry.bonds:
        ri, rj = geometry.position3(b.i), geometry.position3(b.j)
        mid = tuple((a + c) / 2 for a, c in zip(ri, rj, strict=True))
        d = tuple(c - a for a, c in zip(ri, rj, strict=True))
        if gauge == "symmetric":
            rel = tuple(m - o for m, o in zip(mid, r0, strict=True))
            A = tuple(c / 2 for c in _cross(B, rel))
        else:  # Landau: A = (0, B_z x, B_x y - B_y x)
            x, y, _ = mid
            A = (sp.Integer(0), B[2] * x, B[0] * y - B[1] * x)
        out[(b.i, b.j)] = sp.expand(sum(a * c for a, c in zip(A, d, strict=True)))
    return out


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
r"""The flux symbol of a field given in physical units: :math:`\phi_B = qBS/\hbar = 2\pi\Phi/\Phi_0`
through the reference area :math:`S` (the wells' convex hull seen along the field)."""


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


def _directed(theta, a, b):
    return theta[(a, b)] if (a, b) in theta else -theta[(b, a)]


def _regauge(geometry, theta, chi):
    return {(i, j): sp.expand(v + chi[i] - chi[j]) for (i, j), v in theta.items()}


def _tree_gauge(geometry: Geometry, theta) -> list[sp.Expr]:
    chi = [None] * geometry.n_wells
    adj = {k: [] for k in range(geometry.n_wells)}
    for b in geometry.spanning_tree():
        adj[b.i].append(b.j)
        adj[b.j].append(b.i)
    for comp in geometry.components():
        chi[comp[0]] = sp.Integer(0)
        queue = deque([comp[0]])
        while queue:
            a = queue.popleft()
            for b in adj[a]:
                if chi[b] is None:
                    chi[b] = chi[a] + _directed(theta, a, b)  # makes theta'_ab = 0
                    queue.append(b)
    return chi


def _equal_gauge(geometry: Geometry, theta) -> list[sp.Expr]:
    n = geometry.n_wells
    pairs = {(b.i, b.j) for b in geometry.bonds}
    ring = [(k, (k + 1) % n) for k in range(n)]
    if n < 3 or any((min(a, b), max(a, b)) not in pairs for a, b in ring):
        raise GeometryError(
            f"gauge: 'equal' spreads the flux evenly along the ring 0->1->...->{n - 1}->0, "
            f"but the geometry {geometry.name!r} lacks some of those bonds"
        )
    total = sum(_directed(theta, a, b) for a, b in ring)
    chi = [sp.Integer(0)] * n
    for a, b in ring[:-1]:
        chi[b] = chi[a] + _directed(theta, a, b) - total / n
    return chi


def _exact_ratio(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """``numerator/denominator`` for exact constants, recognised as a rational where it is one.

    Regular polygons put nested radicals in the positions, so the fraction of the
    reference area swept by a bond is often a plain rational (1/3, 1/4, 1/5, ...) in
    disguise. A rational candidate with a small denominator is accepted when it agrees
    to 100 significant digits (an algebraic number of this size that close to it but
    different would need a minimal polynomial of astronomically large height).
    """
    if numerator == 0:
        return sp.Integer(0)
    approx = sp.N(numerator, 110) / sp.N(denominator, 110)
    guess = sp.nsimplify(sp.N(approx, 60), rational=True, tolerance=sp.Float(10) ** -50)
    if guess.q < 10**6 and abs(approx - guess) <= abs(approx) * sp.Float(10) ** -100:
        return guess
    in_basis = _in_cosine_basis(numerator, denominator)
    return in_basis if in_basis is not None else sp.radsimp(numerator / denominator)


def _in_cosine_basis(value: sp.Expr, denominator: sp.Expr = sp.Integer(1)) -> sp.Expr | None:
    r"""``value / denominator`` as :math:`\sum_{k<d} q_k c^k`, :math:`c = \cos(2\pi/M)`, or ``None``.

    The :math:`q_k` are rational; ``None`` when no such form is found.

    For constants built from cosines and sines of rational multiples of :math:`\pi` that
    SymPy keeps unevaluated (the heptagon's :math:`\cos(2\pi/7)`, ...): the fraction of a
    regular polygon's area swept by a chord, :math:`\sin(2\pi k/n)/(n\sin(2\pi/n))`, lies in
    :math:`\mathbb Q(\cos 2\pi/n)`, of degree :math:`d = \varphi(n)/2`, but arrives as a
    quotient of sums of products of sines and cosines, and every distinct such quotient would
    become a separate flux generator of the characteristic polynomial (complete(7): 13 s
    instead of a fraction of a second). The rational :math:`q_k` are found by an integer
    relation (mpmath's PSLQ at 120 digits) and accepted only when the two sides agree to 200
    digits, the criterion of :func:`_exact_ratio`.
    """
    import mpmath

    value, denominator = sp.sympify(value), sp.sympify(denominator)
    angles = [a.args[0] / sp.pi for a in value.atoms(sp.cos, sp.sin) | denominator.atoms(sp.cos, sp.sin)]
    if not angles or value.free_symbols or denominator.free_symbols or not all(t.is_Rational for t in angles):
        return None
    q = math.lcm(*(int(sp.Rational(t).q) for t in angles))
    M = q if q % 2 else 2 * q  # cos(pi k / q) lies in Q(cos(2 pi / M))
    if M < 3:
        return None
    d = int(sp.totient(M)) // 2
    c = sp.cos(2 * sp.pi / M)
    with mpmath.workdps(120):
        x = mpmath.mpf(str(sp.N(value, 130))) / mpmath.mpf(str(sp.N(denominator, 130)))
        cm = mpmath.cos(2 * mpmath.pi / M)
        relation = mpmath.pslq([x] + [cm**k for k in range(d)], maxcoeff=10**12, maxsteps=10**6)
    if relation is None or relation[0] == 0:
        return None
    candidate = sp.expand(-sum(sp.Integer(r) * c**k for k, r in enumerate(relation[1:])) / relation[0])
    # numerator and denominator apart: evaluating their (radsimp'ed) quotient is slow
    exact = sp.N(value, 220) / sp.N(denominator, 220)
    if abs(exact - sp.N(candidate, 220)) > abs(exact) * sp.Float(10) ** -200:
        return None
    return candidate


def _tidy(theta: sp.Expr) -> sp.Expr:
    return sp.expand(theta) if not isinstance(theta, sp.Float) else theta
