"""The Hamiltonian value and its builder: :class:`Hamiltonian`, :func:`hamiltonian`.

Holds the immutable Hermitian matrix with its symbols by role (energies, hoppings, fluxes), its
constraints and fixed values, the operations that keep it a Hamiltonian (substitution, gauge
transformation, permutation, another flux, numeric evaluation), and :func:`hamiltonian`, which puts
on-site energies and hoppings with the Peierls phases of :mod:`multiwell.hamiltonian._peierls` on the
bonds of a geometry. Serves :mod:`multiwell.hamiltonian` (re-exported there) and every later stage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pint
import sympy as sp

from multiwell._validate import CheckedHermitian, as_expr, as_matrix, check_assumptions, check_hermitian, finite_input
from multiwell.errors import NotHermitianError, ParameterError
from multiwell.geometry import Geometry
from multiwell.hamiltonian._gauges import GAUGES
from multiwell.hamiltonian._loopflux import FluxBasis
from multiwell.hamiltonian._peierls import _peierls
from multiwell.units import e as elementary_charge

__all__ = ["Hamiltonian", "hamiltonian"]

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
        multiwell.errors.NotHermitianError: matrix: entry (0, 1) = x is not the conjugate of entry (1, 0) = 2*x;
        expected a Hermitian matrix

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
            if c.is_real is False or (
                c.is_real is None and c.free_symbols and not all(s.is_real for s in c.free_symbols)
            ):
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
