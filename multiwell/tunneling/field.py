r"""Observables of the multiwell tunnelling model in a magnetic field, from exact spectra and dipoles.

An ensemble of N-well systems (default: the paper's three-well ATS, ``complete(3)``; any
:class:`~multiwell.geometry.Geometry` with at least two wells) is described by a
:class:`FieldEnsemble`: the parameter distribution of Eq. 6, a loop area per system (fixed
or log-uniform), the charge :math:`q` of the tunnelling particle (default :math:`e`), the
dipole scale and the orientation of the electric probe field. For every system and field
the levels and the dipole matrix elements come from the pipeline
(geometry → :func:`~multiwell.hamiltonian.hamiltonian` → :mod:`multiwell.numeric`),
and the ensemble sums give, with pint units:

- :func:`field_observables`: the heat capacity :math:`C(T,B)`, the resonant and
  relaxational dielectric response :math:`\Delta\epsilon'/\epsilon'(T,B)` and the
  magnetocapacitance :math:`\delta\epsilon'/\epsilon'=[\epsilon'(T,B)-\epsilon'(T,0)]/\epsilon'`;
- :func:`dos_in_field`: the density of states :math:`g(E;B)` of the lowest gap.

Flux convention: a loop of vector area :math:`\mathbf S` in a field :math:`\mathbf B` is threaded
by :math:`\Phi=\mathbf B\cdot\mathbf S` and the Peierls phases around it add up to
:math:`\phi=2\pi\Phi/\Phi_0`, :math:`\Phi_0=h/q` (SI form of Eq. 34's :math:`hc/q`;
:func:`~multiwell.units.flux_quantum`).

Examples
--------
>>> from multiwell.units import Q_
>>> ens = FieldEnsemble(area=Q_(1, "nm^2"))
>>> round(float(characteristic_field(ens.area).m_as("T")))      # h/e through 1 nm^2
4136
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pint

from multiwell.errors import ParameterError, UnitError
from multiwell.geometry import Geometry, complete
from multiwell.tunneling import _field_engine as engine
from multiwell.tunneling._anomalous import anomalous_normalisation
from multiwell.tunneling._edge import _check_registry, angular_frequency, energy_K, energy_power_time_K, temperature_K
from multiwell.tunneling._sampling import _check_sampler, _positive_count, _scramble_mean, _seed, run_chunks
from multiwell.units import Q_, as_quantity, e, flux_quantum, h, k_B, ureg

__all__ = ["ELECTRIC_FIELDS", "FIELD_OBSERVABLES", "FieldEnsemble", "FieldObservables", "characteristic_field",
           "dos_in_field", "field_observables"]

ELECTRIC_FIELDS = ("isotropic", "parallel", "perpendicular")
"""Orientations of the probing electric field: independent of B, along B, or normal to B."""

FIELD_OBSERVABLES = ("heat_capacity", "dielectric")
"""What :func:`field_observables` computes: the heat capacity (levels only) and the dielectric response
(resonant, relaxational, magnetocapacitance: levels, eigenvectors and dipole elements)."""

_EPS0 = Q_(1, "vacuum_permittivity").to("F/m")


def characteristic_field(area, *, charge=e) -> pint.Quantity:
    r"""Return :math:`B^*=\Phi_0/S=h/(|q|S)`: the field that threads one flux quantum through the area S.

    The flux enters the spectra only through :math:`\phi=2\pi qBS\cos\beta/h`, so every field
    effect of an ensemble with areas S happens on the scale :math:`B^*\propto1/S`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(float(characteristic_field(Q_(2, "nm^2"), charge=2 * e).m_as("T")), 1)
    1033.9
    """
    S = as_quantity(area, "[area]", "area")
    if np.any(S.m <= 0):
        raise ParameterError(f"area: expected a positive area, got {area!r}")
    return (flux_quantum(charge) / S).to("T")


@dataclass(frozen=True)
class FieldEnsemble:
    r"""An ensemble of N-well tunnelling systems in a field: distributions, geometry, charge, dipoles.

    Attributes
    ----------
    geometry
        The wells and bonds (default ``complete(3)``, the ATS of Eq. 3); at least two wells.
    D_min, D_max
        Range of :math:`D=\sqrt{\sum_iE_i^2}` (log-uniform, Eq. 6), energies or kelvin.
    D0_min, D0_max
        Range of the hopping :math:`D_0` (log-uniform, Eq. 6); every bond's hopping is
        :math:`D_0` times ``hopping_ratios.get(name, 1)``.
    area
        The area of the geometry's largest loop in each system: a scalar (all equal) or a pair
        ``Q_([lo, hi], "nm^2")`` (log-uniform between). Well positions scale with
        :math:`\sqrt{\text{area}}`; for a geometry without loops the length scale is
        :math:`\sqrt{\text{area}}` per geometry unit.
    charge
        The tunnelling particle's charge :math:`q` (default :math:`e`); :math:`\Phi_0=h/q`.
    dipole
        ``None``: the dipole operator is :math:`q\,\mathbf r_i` with the physical positions; or the
        rms well dipole :math:`\sqrt{\langle|q\mathbf r_i|^2\rangle}` (e.g. the paper's
        :math:`p_{eff}=0.41` D for AlBaSiO), which rescales :math:`q\,\mathbf r_i` and leaves the
        flux untouched.
    P_star
        :math:`P^*` of Eq. 6 per volume (the ensemble's number density is
        :func:`~multiwell.tunneling.distributions.anomalous_normalisation`).
    eps_r
        The background relative permittivity :math:`\epsilon_r` (the :math:`\epsilon'` of the ratios).
    Gamma
        The constant of Eq. 15, :math:`\tau^{-1}=E^5\coth(E/2k_BT)/\Gamma` with E the lowest gap.
    rate
        The thermal factor of the one-phonon rate: ``"coth"`` (default, the physically correct
        :math:`n+1` emission plus :math:`n` absorption, ``multiwell verify --eq 15``) or ``"tanh"``
        (the paper's printed Eq. 15, to reproduce its reading).
    omega
        Angular frequency of the probe (0: the static relaxational response).
    electric_field
        ``"isotropic"`` (probe direction independent of the system and of B), ``"parallel"``
        (:math:`\mathbf F\parallel\mathbf B`) or ``"perpendicular"`` (:math:`\mathbf F\perp\mathbf B`).
    hopping_ratios
        Hopping of each bond name relative to :math:`D_0` (e.g. ``{"D_2": 0.1}`` for ``square()``).
    orientation
        ``"random"`` (the field direction uniform on the sphere in each system's frame, a glass) or
        ``"aligned"`` (every system's largest loop normal to the field: one orientation).

    Notes
    -----
    Defaults: the distribution cut-offs :math:`D_{min}=0.65` K (Table I, AlBaSiO),
    :math:`D_{max}=10` K and :math:`D_0\in[10,100]` K (the paper does not print the
    :math:`D_0` range of the ATS; these keep the doublet near-degenerate), area 1 nm²,
    :math:`q=e`, :math:`p=0.41` D, :math:`P^*=1.97\times10^{17}` cm⁻³ (Section V),
    :math:`\epsilon_r=6`, :math:`\Gamma=69.73\times10^{-6}` s K⁵ (Table I), :math:`\omega=0`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> FieldEnsemble(area=Q_([0.5, 2], "nm^2")).electric_field
    'isotropic'
    """

    geometry: Geometry = field(default_factory=lambda: complete(3))
    D_min: pint.Quantity = field(default_factory=lambda: Q_(0.65, "K"))
    D_max: pint.Quantity = field(default_factory=lambda: Q_(10.0, "K"))
    D0_min: pint.Quantity = field(default_factory=lambda: Q_(10.0, "K"))
    D0_max: pint.Quantity = field(default_factory=lambda: Q_(100.0, "K"))
    area: pint.Quantity = field(default_factory=lambda: Q_(1.0, "nm**2"))
    charge: pint.Quantity = field(default_factory=lambda: e)
    dipole: pint.Quantity | None = field(default_factory=lambda: Q_(0.41, "debye"))
    P_star: pint.Quantity = field(default_factory=lambda: Q_(1.97e17, "1/cm**3"))
    eps_r: float = 6.0
    Gamma: pint.Quantity = field(default_factory=lambda: Q_(69.73e-6, "s*K**5"))
    omega: pint.Quantity = field(default_factory=lambda: Q_(0.0, "1/s"))
    electric_field: str = "isotropic"
    rate: str = "coth"
    hopping_ratios: Mapping = field(default_factory=dict)
    orientation: str = "random"

    def __post_init__(self):
        if not isinstance(self.geometry, Geometry) or self.geometry.n_wells < 2:
            raise ParameterError("geometry: expected a multiwell Geometry with at least two wells, "
                                 f"got {self.geometry!r}")
        lo, hi = float(energy_K(self.D_min, "D_min")), float(energy_K(self.D_max, "D_max"))
        lo0, hi0 = float(energy_K(self.D0_min, "D0_min")), float(energy_K(self.D0_max, "D0_max"))
        if not (hi > lo and hi0 > lo0):
            raise ParameterError("D_min < D_max and D0_min < D0_max: expected each lower cutoff below the upper one")
        a = np.atleast_1d(as_quantity(self.area, "[area]", "area").m_as("m**2"))
        if a.size not in (1, 2) or np.any(a <= 0) or (a.size == 2 and not a[1] >= a[0]):
            raise ParameterError(f"area: expected a positive area or an increasing pair of areas, got {self.area!r}")
        q = as_quantity(self.charge, "[charge]", "charge")
        if q.m == 0:
            raise ParameterError("charge: expected a non-zero charge, got 0")
        if self.dipole is not None:
            p = as_quantity(self.dipole, "[charge]*[length]", "dipole")
            if not p.m > 0:
                raise ParameterError(f"dipole: expected a positive dipole moment, got {self.dipole!r}")
        _check_registry(self.P_star, "P_star")
        if not self.P_star.check("1/[length]**3"):
            raise UnitError(f"P_star: expected a density per volume (e.g. 1/cm**3), got {self.P_star.units}")
        if not (isinstance(self.eps_r, int | float) and self.eps_r > 0):
            raise ParameterError(f"eps_r: expected a positive number, got {self.eps_r!r}")
        energy_power_time_K(self.Gamma, "Gamma", 5)
        angular_frequency(self.omega)
        if self.rate not in ("coth", "tanh"):
            raise ParameterError(f"rate: expected 'coth' (physical) or 'tanh' (printed Eq. 15), got {self.rate!r}")
        if self.orientation not in ("random", "aligned"):
            raise ParameterError(f"orientation: expected 'random' or 'aligned', got {self.orientation!r}")
        if self.electric_field not in ELECTRIC_FIELDS:
            raise ParameterError(f"electric_field: expected one of {ELECTRIC_FIELDS}, got {self.electric_field!r}")
        names = set(self.geometry.hopping_names)
        for name, ratio in dict(self.hopping_ratios).items():
            if name not in names or not (isinstance(ratio, int | float) and ratio > 0):
                raise ParameterError(f"hopping_ratios: expected positive ratios for {sorted(names)}, "
                                     f"got {name!r}: {ratio!r}")

    # unitless views for the engine
    def _bounds(self):
        return (float(energy_K(self.D_min, "D_min")), float(energy_K(self.D_max, "D_max")),
                float(energy_K(self.D0_min, "D0_min")), float(energy_K(self.D0_max, "D0_max")))

    def _area_bounds_m2(self):
        a = np.atleast_1d(self.area.m_as("m**2")).astype(float)
        return (float(a[0]), float(a[-1]))

    def _dipole_scale(self) -> pint.Quantity:
        """The dipole unit of the engine: q x (1 m) for physical positions, else the rms dipole."""
        return (self.charge * Q_(1, "m")).to("C*m") if self.dipole is None else self.dipole.to("C*m")

    def _density(self) -> pint.Quantity:
        return anomalous_normalisation(P_star=self.P_star, D_min=self.D_min, D_max=self.D_max,
                                       D0_min=self.D0_min, D0_max=self.D0_max)


@dataclass(frozen=True)
class FieldObservables:
    r"""The ensemble observables on a grid of fields (rows) and temperatures (columns), with errors.

    Attributes
    ----------
    B, T
        The fields and temperatures.
    heat_capacity
        :math:`C(T,B)` per volume (J K⁻¹ m⁻³).
    resonant, relaxational, dielectric
        :math:`\Delta\epsilon'/\epsilon'` of the ensemble: resonant, relaxational and their sum.
    magnetocapacitance
        :math:`\delta\epsilon'/\epsilon'=[\epsilon'(T,B)-\epsilon'(T,0)]/\epsilon'`, on the same samples.
    sigma_heat_capacity, sigma_dielectric, sigma_magnetocapacitance
        Standard errors of the mean from the spread of the block means (pseudo-random) or of the
        scramble means (Sobol').
    n
        Number of systems.

    The heat-capacity or the dielectric fields are ``None`` when ``observables`` left them out.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> obs = field_observables(Q_([0.1], "K"), Q_([1.0], "T"), n=512, seed=0, backend="numpy")
    >>> obs.n, obs.dielectric.shape
    (512, (1, 1))
    """

    B: pint.Quantity
    T: pint.Quantity
    heat_capacity: pint.Quantity | None
    resonant: pint.Quantity | None
    relaxational: pint.Quantity | None
    dielectric: pint.Quantity | None
    magnetocapacitance: pint.Quantity | None
    sigma_heat_capacity: pint.Quantity | None
    sigma_dielectric: pint.Quantity | None
    sigma_magnetocapacitance: pint.Quantity | None
    n: int


def _fields_T(B) -> np.ndarray:
    """Fields in tesla; gauss and oersted (Gaussian units, 1 G = 1e-4 T, 1 Oe <-> 1 G in vacuum) accepted."""
    if isinstance(B, pint.Quantity) and B._REGISTRY is ureg and B.dimensionality == ureg.gauss.dimensionality:
        B = Q_(np.asarray(B.m_as("G"), dtype=float) * 1e-4, "T")
    Bq = as_quantity(B, "[magnetic_field]", "B")
    B_T = np.atleast_1d(np.asarray(Bq.m_as("T"), dtype=float))
    if B_T.ndim != 1 or not np.all(np.isfinite(B_T)):
        raise ParameterError(f"B: expected a finite scalar or 1-d array of fields, got {B!r}")
    return B_T


_AUTO_NUMBA = 2**16
"""``backend="auto"`` uses numba from this many systems on (below, its one-off compilation costs more)."""


def _backend(backend: str, n: int) -> str:
    if backend not in ("auto", "numba", "numpy"):
        raise ParameterError(f"backend: expected 'auto', 'numba' or 'numpy', got {backend!r}")
    if backend == "auto":
        return "numba" if engine.numba_available() and n >= _AUTO_NUMBA else "numpy"
    if backend == "numba" and not engine.numba_available():
        raise ParameterError("backend: numba is not installed; install the extra: pip install 'multiwell[jit]'")
    return backend


def _tasks(ens: FieldEnsemble, B_T, T_K, n, chunk_size, seed, backend, method, edges, *, sampler="random",
           scrambles=0, dielectric=True):
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(_seed(seed, generator=False))
    flux_per_B = float((2 * np.pi * ens.charge * Q_(1, "T*m**2") / h).m_as(""))  # phi per (B in T x S in m^2)
    mode = "charge" if ens.dipole is None else "dipole"  # dipoles: q r (positions in metres) or p r / r_rms
    area_bounds = ens._area_bounds_m2()
    omega = float(angular_frequency(ens.omega))
    G = energy_power_time_K(ens.Gamma, "Gamma", 5)
    common = dict(
        geometry=ens.geometry, root=root, bounds=ens._bounds(), area_bounds=area_bounds,
        electric=ens.electric_field, ratios=dict(ens.hopping_ratios), dipole_mode=mode,
        flux_per_B=flux_per_B, aligned=ens.orientation == "aligned", B=B_T, T=T_K, omega_Gamma=omega * G,
        rate_power=1.0 if ens.rate == "coth" else -1.0, backend=backend, method=method, edges=edges,
        sampler=sampler, dielectric=dielectric,
    )
    return [dict(common, blocks=blocks) for blocks in engine.chunk_blocks(n, chunk_size, scrambles)]


def field_observables(T, B, *, ensemble: FieldEnsemble | None = None, n: int = 10**5, chunk_size: int = 2**16,
                      seed=None, client=None, backend: str = "auto", method: str = "auto",
                      observables=FIELD_OBSERVABLES, sampler: str = "random", scrambles: int = 16) -> FieldObservables:
    r"""Return :math:`C(T,B)`, :math:`\Delta\epsilon'/\epsilon'(T,B)`, :math:`\delta\epsilon'/\epsilon'` of an ensemble.

    Parameters
    ----------
    T
        Temperatures (1-d).
    B
        Magnetic fields (1-d; tesla, or gauss/oersted); rows of the results. :math:`B=0` is added
        internally for the magnetocapacitance (on the same samples).
    ensemble
        The :class:`FieldEnsemble` (default: the paper's three-well ATS with the defaults listed there).
    n
        Number of systems; each is diagonalised at every field.
    chunk_size
        Systems per chunk (memory is O(chunk_size x wells²)); samples are drawn in blocks of
        4096 with independent seeds, so the result does not depend on the chunking.
    seed
        Root seed (an int or a ``numpy.random.SeedSequence``).
    client
        Optional Dask-like client (``map``/``gather``, e.g. ``dask.distributed.Client``) to run the chunks on.
    backend
        ``"numba"`` (three wells: one fused parallel kernel; other geometries: numba thermal sums; the
        ``jit`` extra), ``"numpy"``, or ``"auto"`` (numba when installed and n >= 65536).
    method
        Spectra: ``"auto"`` (Viète's closed form of :mod:`multiwell.numeric` for three wells, else
        ``numpy.linalg.eigh``) or ``"eigh"`` (batched LAPACK for every geometry).
    observables
        A non-empty tuple from :data:`FIELD_OBSERVABLES`: ``("heat_capacity",)`` needs only the
        levels and skips the eigenvectors, dipole elements and dielectric sums (the dielectric fields
        of the result are then ``None``); ``("dielectric",)`` leaves out the heat capacity.
    sampler
        ``"random"`` (pseudo-random, the default) or ``"sobol"``
        (:data:`~multiwell.tunneling.distributions.SAMPLERS`): ``scrambles`` independently scrambled
        Sobol' sequences of n/scrambles systems each (six coordinates per three-well system: D, the
        angle of E, :math:`D_0`, area, the field direction), the errors from the spread of the
        scramble means. Best with n/scrambles a power of two.
    scrambles
        Number of Sobol' scrambles (``sampler="sobol"`` only; at least 2).

    Notes
    -----
    For each system with levels :math:`\mathcal E_k` (gaps :math:`g_k=\mathcal E_k-\mathcal E_0`),
    populations :math:`\rho_k\propto e^{-g_k/k_BT}`, and dipole operator
    :math:`\hat p=\sum_iq\mathbf r_i|i\rangle\langle i|` (diagonal in the well basis, taken to the
    eigenbasis: :math:`\mathbf p_{kl}=\sum_iq\mathbf r_iU^*_{ik}U_{il}`), the generalisation of
    Eqs. 8–19 and 22–24 is :math:`\epsilon=-\partial^2f/\partial F^2` of the exact levels:

    .. math::
        c/k_B=\beta^2\big(\langle g^2\rangle-\langle g\rangle^2\big),\qquad
        \chi_{RES}=\sum_{k<l}2\,\overline{|\hat f\cdot\mathbf p_{kl}|^2}\,\frac{\rho_k-\rho_l}{g_l-g_k},

    .. math::
        \chi_{REL}=\frac{\beta\,\overline{\langle(\hat f\cdot\mathbf p)_{kk}^2\rangle
        -\langle(\hat f\cdot\mathbf p)_{kk}\rangle^2}}{1+\omega^2\tau^2},
        \qquad \tau^{-1}=\frac{E^5}{\Gamma}\coth\frac{E}{2k_BT},\ E=g_1,

    with :math:`\langle\cdot\rangle` the thermal average over levels and the bar the average over
    the probe direction :math:`\hat f` (``electric_field``). For two levels these are Eq. 8's
    :math:`\tanh(E/2k_BT)/E` and :math:`\cosh^{-2}(E/2k_BT)/4k_BT` weights; for the near-degenerate
    3-well at :math:`B=0` they give Eq. 14 with equal resonant and relaxational weights (the
    ``"derived"`` form of :func:`~multiwell.tunneling.dielectric.dielectric_ats`) and
    :math:`A_{ATS}=\pi\tilde P^*p^2/\epsilon_0\epsilon_rE_{min}`, p the rms well dipole and
    :math:`E_{min}=\sqrt{2/3}D_{min}` the lowest exact gap. The ensemble values are
    :math:`C=n_{ATS}k_B\overline{c}`, :math:`\Delta\epsilon'/\epsilon'=n_{ATS}\overline\chi/\epsilon_0\epsilon_r`,
    :math:`n_{ATS}` = :func:`~multiwell.tunneling.distributions.anomalous_normalisation`.
    Field: each system's field direction is uniform on the sphere in its own frame; loop
    :math:`\ell` (vector area :math:`\mathbf S_\ell`, scaled to the system's area) carries the flux
    :math:`2\pi q\mathbf B\cdot\mathbf S_\ell/h`. For N wells the energies are
    :math:`E=D\hat u` with :math:`\hat u` uniform on the unit sphere of the plane :math:`\sum E_i=0`
    (for N = 3 this is Eq. 6). The relaxational part uses one Debye time per system (Eq. 15 with
    the exact lowest gap), an approximation for N > 2 levels.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> obs = field_observables(Q_([0.1, 1.0], "K"), Q_([0.0, 5.0], "T"), n=4096, seed=1, backend="numpy")
    >>> obs.heat_capacity.units, obs.magnetocapacitance.shape
    (<Unit('joule / kelvin / meter ** 3')>, (2, 2))
    >>> float(obs.magnetocapacitance[0, 0].m)                 # B = 0: none
    0.0
    """
    ens = FieldEnsemble() if ensemble is None else ensemble
    if not isinstance(ens, FieldEnsemble):
        raise ParameterError(f"ensemble: expected a FieldEnsemble, got {type(ens).__name__}")
    T_K = np.atleast_1d(temperature_K(T)).astype(float).reshape(-1)
    B_T = _fields_T(B)
    n = _positive_count(n)
    chunk_size = _positive_count(chunk_size, "chunk_size")
    if method not in ("auto", "eigh"):
        raise ParameterError(f"method: expected 'auto' or 'eigh', got {method!r}")
    wanted = _observables(observables)
    scrambles = _check_sampler(sampler, scrambles, n)
    dielectric = "dielectric" in wanted
    # B = 0 is needed only for the magnetocapacitance
    fields = np.concatenate([[0.0], B_T]) if dielectric else B_T
    tasks = _tasks(ens, fields, T_K, n, chunk_size, seed, _backend(backend, n), method, None, sampler=sampler,
                   scrambles=scrambles, dielectric=dielectric)
    results = run_chunks(engine.chunk, tasks, client=client)
    return _assemble(ens, results, n, B_T, B, T, tasks[0], wanted)


def _observables(observables) -> tuple:
    if (not isinstance(observables, tuple | list) or not observables
            or any(not isinstance(o, str) or o not in FIELD_OBSERVABLES for o in observables)):
        raise ParameterError(f"observables: expected a non-empty tuple from {FIELD_OBSERVABLES}, got {observables!r}")
    return tuple(observables)


def _assemble(ens, results, n, B_T, B, T, task, wanted) -> FieldObservables:
    sums = np.concatenate([r["sums"] for r in results])  # (blocks, fields, 3, nT)
    sizes = np.concatenate([r["m"] for r in results]).astype(float)
    groups = engine.groups(task, np.concatenate([r["index"] for r in results]))
    mean, sig = _scramble_mean(sums, sizes, groups, n)
    Tq = as_quantity(T, "[temperature]", "T")
    Bq = Q_(B_T, "T") if not isinstance(B, pint.Quantity) or not B.check("[magnetic_field]") else B
    out = dict.fromkeys(("heat_capacity", "resonant", "relaxational", "dielectric", "magnetocapacitance",
                         "sigma_heat_capacity", "sigma_dielectric", "sigma_magnetocapacitance"))
    W = ens._density()
    first = 1 if task["dielectric"] else 0  # the B = 0 row added for the magnetocapacitance
    if "heat_capacity" in wanted:
        heat = (W * k_B).to("J/K/m**3")
        out.update(heat_capacity=heat * mean[first:, 0], sigma_heat_capacity=heat * sig[first:, 0])
    if "dielectric" in wanted:
        delta = sums[:, 1:, 1:, :].sum(axis=2) - sums[:, :1, 1:, :].sum(axis=2)  # (k, nB, nT): res + rel change
        dmean, dsig = _scramble_mean(delta, sizes, groups, n)
        p = ens._dipole_scale()
        chi = (W * p**2 / (k_B * Q_(1, "K")) / (_EPS0 * ens.eps_r)).m_as("")
        out.update(resonant=Q_(chi * mean[1:, 1], ""), relaxational=Q_(chi * mean[1:, 2], ""),
                   dielectric=Q_(chi * (mean[1:, 1] + mean[1:, 2]), ""), magnetocapacitance=Q_(chi * dmean, ""),
                   sigma_dielectric=Q_(chi * np.hypot(sig[1:, 1], sig[1:, 2]), ""),
                   sigma_magnetocapacitance=Q_(chi * dsig, ""))
    return FieldObservables(B=Bq, T=Tq, n=n, **out)


def dos_in_field(E_edges, B, *, ensemble: FieldEnsemble | None = None, n: int = 10**5, chunk_size: int = 2**16,
                 seed=None, client=None) -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(g, sigma)``: the density of states of the lowest gap in fields B (rows), in bins, per volume.

    Notes
    -----
    :math:`g_k(B)=n_{ATS}N_k(B)/(n\,\Delta E_k)`, :math:`\sigma_k=n_{ATS}\sqrt{N_k}/(n\,\Delta E_k)`, with
    :math:`N_k(B)` the number of systems whose exact gap :math:`\mathcal E_1-\mathcal E_0` at field B
    falls in bin k. At :math:`B=0` and with the same seed and blocks this is
    :func:`~multiwell.tunneling.distributions.dos_monte_carlo`'s histogram.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> g, s = dos_in_field(Q_([0.5, 1, 2, 4], "K"), Q_([0, 100], "T"), n=4096, seed=0)
    >>> g.shape, g.units
    ((2, 3), <Unit('1 / kelvin / meter ** 3')>)
    """
    ens = FieldEnsemble() if ensemble is None else ensemble
    edges = np.asarray(energy_K(E_edges, "E_edges", allow_zero=True), dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ParameterError("E_edges: expected at least two strictly increasing bin edges")
    B_T = _fields_T(B)
    n = _positive_count(n)
    tasks = _tasks(ens, B_T, np.array([1.0]), n, _positive_count(chunk_size, "chunk_size"), seed,
                   "numpy", "auto", edges)
    for t in tasks:
        t["thermal"] = False
    counts = np.sum([r["counts"] for r in run_chunks(engine.chunk, tasks, client=client)], axis=0)
    W = ens._density().to("1/m**3")
    width = np.diff(edges)
    unit = "1/K/m**3"
    return Q_(W.m * counts / (n * width), unit), Q_(W.m * np.sqrt(counts) / (n * width), unit)
