r"""Heat capacity of a glass with two-level, anomalous three-well and Fe³⁺ tunnelling systems.

Contributions (Section IV of the seed paper): phonons :math:`B_{ph}T^3`, standard two-level
systems :math:`B_{2LS}T` (Eq. 21), the anomalous systems (Eq. 26, derived here from Eq. 24 by
:func:`derive_heat_capacity_ats`), the Fe³⁺ centres (Eq. 30, by quadrature, with the
corrected distribution of Eq. 27) and their sum (Eq. 31, with Table II). Monte Carlo
ensembles of three-well systems with *exact* three-level spectra give the anomalous term
without the effective two-level approximation, with statistical errors.

Examples
--------
>>> from multiwell.units import Q_
>>> C = heat_capacity(Q_([0.1, 1.0], "K"), glass="K-Si", x=0.1)
>>> C.units
<Unit('joule / gram / kelvin')>
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pint
import sympy as sp

from multiwell.errors import ParameterError
from multiwell.tunneling._anomalous import _ensemble_gaps_K, anomalous_normalisation
from multiwell.tunneling._edge import _K_PER_J, energy_K, heat_capacity_unit, temperature_K
from multiwell.tunneling._sampling import (
    _check_sampler,
    _chunk_plan,
    _chunk_sizes,
    _Fixed,
    _scramble_mean,
    _seed,
    _sobol_points,
    _sobol_runs,
    run_chunks,
)
from multiwell.tunneling.tables import table_parameters
from multiwell.units import Q_, k_B

__all__ = [
    "CONVENTIONS",
    "FE_GAP",
    "derive_heat_capacity_2ls",
    "derive_heat_capacity_ats",
    "heat_capacity",
    "heat_capacity_2ls",
    "heat_capacity_ats",
    "heat_capacity_fe",
    "heat_capacity_from_dos",
    "heat_capacity_monte_carlo",
    "heat_capacity_phonon",
    "schottky",
]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(256)


def _gauss_legendre(a: np.ndarray, b: np.ndarray):
    """Nodes (len(a), 256) and weights on the intervals [a, b] (vectorised over intervals)."""
    half = (np.asarray(b) - np.asarray(a))[..., None] / 2
    mid = (np.asarray(b) + np.asarray(a))[..., None] / 2
    return mid + half * _GL_X, half * _GL_W


# -- kernels (unitless: temperatures and energies in kelvin) -------------------------------------------------
def schottky(x):
    r"""Return :math:`x^2\cosh^{-2}x`, the two-level heat capacity in units of :math:`k_B` at :math:`x=E/2k_BT`.

    Written as :math:`4x^2e^{-2x}/(1+e^{-2x})^2` so large x underflows to 0 without overflow.

    Raises
    ------
    ParameterError
        for NaN, a negative x (:math:`E \\ge 0`, :math:`T > 0`) or a non-numeric value.

    Examples
    --------
    >>> float(schottky(np.float64(0.0))), round(float(schottky(np.float64(1.0))), 12)
    (0.0, 0.419974341614)
    >>> schottky(-1.0)
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: x: expected x = E/2k_BT >= 0 (not NaN), got -1.0
    """
    if isinstance(x, str | bytes | bool) or (a := np.asarray(x)).dtype.kind not in "iuf":
        raise ParameterError(f"x: expected a real number or array (x = E/2k_BT >= 0), got {type(x).__name__} {x!r}")
    if not (a >= 0).all():  # also catches NaN
        bad = a.reshape(-1)[np.argmin(np.where(np.isnan(a), -np.inf, a).reshape(-1))]
        raise ParameterError(f"x: expected x = E/2k_BT >= 0 (not NaN), got {bad}")
    x = a
    e = np.exp(-2 * x)
    return 4 * x * x * e / ((1 + e) * (1 + e))


def _ats_kernel(T_K, D_min_K):
    x = D_min_K / (2 * T_K)
    e = np.exp(-2 * x)
    # ln(2 cosh x) - x tanh x = ln(1 + e^{-2x}) + x(1 - tanh x) = ln(1+e) + 2 x e / (1 + e)
    return np.log1p(e) + 2 * x * e / (1 + e)


def _fe_kernel(T_K, V0_abs_K, splitting: float):
    r""":math:`C/(\rho n_jk_B)` of Eq. 30 with the corrected G.

    :math:`\frac{1}{2a^3}\int_0^\infty t^4e^{-t/a}\cosh^{-2}t\,dt`.
    """
    T_K = np.atleast_1d(np.asarray(T_K, dtype=float))
    a = splitting * V0_abs_K / (4 * T_K)  # y = a s with s = 2|V_z|/|V0|
    t_max = np.minimum(45.0, 90.0 * a)
    t, w = _gauss_legendre(np.zeros_like(a), t_max)
    f = t**2 * np.exp(-t / a[:, None]) * schottky(t)
    return np.sum(w * f, axis=1) / (2 * a**3)


def _dos_kernel_integral(T_K, weight_K: Callable, E_lo, E_hi):
    """Integral of w(E) x^2 sech^2 x d(ln E) with w = g(E) E, over [E_lo, E_hi] (kelvin units)."""
    T_K = np.atleast_1d(np.asarray(T_K, dtype=float))
    lo = np.maximum(E_lo, 1e-6 * T_K)
    hi = np.maximum(np.minimum(E_hi, 90 * T_K), lo)
    u, w = _gauss_legendre(np.log(lo), np.log(hi))
    E = np.exp(u)
    return np.sum(w * weight_K(E) * schottky(E / (2 * T_K[:, None])), axis=1)


# -- public contributions -----------------------------------------------------------------------------------
def _wrap(value, unit, like_T):
    return Q_(value.reshape(np.shape(like_T)) if np.ndim(like_T) else float(np.asarray(value).reshape(-1)[0]), unit)


def heat_capacity_phonon(T, *, B_ph) -> pint.Quantity:
    r"""Return the Debye phonon term :math:`B_{ph}T^3` (Eq. 21).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> heat_capacity_phonon(Q_(2, "K"), B_ph=Q_(1e-6, "J/g/K**4"))
    <Quantity(8e-06, 'joule / gram / kelvin')>
    """
    T_K = temperature_K(T)
    B, unit = heat_capacity_unit(B_ph, "B_ph", 3)
    return _wrap(np.asarray(B * T_K**3), unit, T_K)


def heat_capacity_2ls(T, *, B_2ls) -> pint.Quantity:
    r"""Return the standard two-level term :math:`B_{2LS}T` (Eq. 21).

    Notes
    -----
    With a constant density of states :math:`g_0` (Eq. 17: :math:`g_0=2\bar P`),
    Eq. 24 gives :math:`C=\frac{\pi^2}{6}g_0k_B^2T` (:func:`derive_heat_capacity_2ls`), so
    :math:`B_{2LS}=\frac{\pi^2}{3}\bar Pk_B^2`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> heat_capacity_2ls(Q_(0.5, "K"), B_2ls=Q_(7e-7, "J/g/K**2"))
    <Quantity(3.5e-07, 'joule / gram / kelvin')>
    """
    T_K = temperature_K(T)
    B, unit = heat_capacity_unit(B_2ls, "B_2ls", 1)
    return _wrap(np.asarray(B * T_K), unit, T_K)


def heat_capacity_ats(T, *, B_ats, D_min) -> pint.Quantity:
    r"""Return the anomalous (three-well) heat capacity of Eq. 26.

    Parameters
    ----------
    T
        Temperature(s).
    B_ats
        Prefactor :math:`B_{ATS}=2\pi\tilde P^*k_B` (per gram, volume, ... : J g⁻¹ K⁻¹ in Table II).
    D_min
        Lower cutoff of the gap (energy or kelvin).

    Notes
    -----
    Eq. 24 with :math:`g_{ATS}=2\pi\tilde P^*/E` for :math:`E>D_{min}` (Eq. 17) gives

    .. math:: C^{ATS}_p=B_{ATS}\left[\ln\left(2\cosh\frac{D_{min}}{2k_BT}\right)
              -\frac{D_{min}}{2k_BT}\tanh\frac{D_{min}}{2k_BT}\right]

    (Eq. 26; :func:`derive_heat_capacity_ats`), evaluated as
    :math:`\ln(1+e^{-2x})+2xe^{-2x}/(1+e^{-2x})`, which has no cancellation at large x. It tends
    to :math:`B_{ATS}\ln2` for :math:`k_BT\gg D_{min}`. With Eq. 25's printed DOS :math:`2P^*/E` the
    prefactor would be :math:`2P^*k_B`, not the printed :math:`2\pi\tilde P^*k_B`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> C = heat_capacity_ats(Q_(100, "K"), B_ats=Q_(1, "J/g/K"), D_min=Q_(0.87, "K"))
    >>> round(float(C.m_as("J/g/K")), 4), round(float(np.log(2)), 4)
    (0.6931, 0.6931)
    """
    T_K = temperature_K(T)
    B, unit = heat_capacity_unit(B_ats, "B_ats", 0)
    d = energy_K(D_min, "D_min")
    return _wrap(np.asarray(B * _ats_kernel(T_K, d)), unit, T_K)


CONVENTIONS = ("physical", "printed")
"""Readings of the paper where it admits two: ``"physical"`` (the default) or ``"printed"`` (the text as printed)."""

FE_GAP = {"physical": sp.Rational(5, 2), "printed": sp.Rational(5, 4)}
r"""The Fe³⁺ two-level gap in units of :math:`|V_z|`: the levels :math:`\pm\tfrac54|V_z|` of Eq. 29 are
:math:`\tfrac52|V_z|` apart (``"physical"``); Eqs. 29–30 use :math:`E=\tfrac54|V_z|` (``"printed"``)."""


def _convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ParameterError(f"convention: expected one of {CONVENTIONS}, got {convention!r}")
    return convention


def heat_capacity_fe(T, *, prefactor, V0, splitting=None, convention: str = "physical") -> pint.Quantity:
    r"""Return the Fe³⁺ heat capacity of Eq. 30 (first line), by Gauss–Legendre quadrature.

    Parameters
    ----------
    T
        Temperature(s).
    prefactor
        :math:`\rho(x)n_jk_B` (heat capacity per gram, volume, ...;
        see :func:`~multiwell.tunneling.tables.fe_prefactor`).
    V0
        The scale of :math:`G(V_z)` (Eq. 27); only :math:`|V_0|` enters.
    splitting
        The two-level gap in units of :math:`|V_z|`; by default the one of ``convention``.
    convention
        ``"physical"`` (default): the levels :math:`\pm\tfrac54|V_z|` that Eq. 29 states, a gap
        :math:`E=\tfrac52|V_z|`; ``"printed"``: :math:`E=\tfrac54|V_z|` as Eqs. 29–30 write it, the
        reading under which Table II's :math:`V_0=-0.42` K was fitted (``multiwell verify``, Eq. 29).

    Notes
    -----
    .. math:: C^{Fe}_p=\rho n_jk_B\int_{-\infty}^0dV_z\,G(V_z)\left(\frac{E}{2k_BT}\right)^2
              \cosh^{-2}\frac{E}{2k_BT},\qquad G=\frac{4V_z^2}{|V_0|^3}e^{-2|V_z|/|V_0|}.

    With :math:`s=2|V_z|/|V_0|` and :math:`a=c|V_0|/4k_BT` this is
    :math:`\frac{1}{2a^3}\int_0^\infty t^4e^{-t/a}\cosh^{-2}t\,dt`, integrated on
    :math:`[0,\min(45,90a)]` with 256 Gauss–Legendre nodes (relative error below 1e-12
    against mpmath, see the tests). Eq. 30's second line differs: it drops :math:`k_B^2`,
    keeps :math:`V_0^3<0` (a negative C) and, with :math:`V_z\in[0,\infty)` and :math:`V_0<0`, has
    :math:`e^{+2|V_z|/|V_0|}`, which diverges for :math:`k_BT\ge5|V_0|/8` (``multiwell verify``, Eq. 30).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> C = heat_capacity_fe(Q_([0.05, 0.2, 2.0], "K"), prefactor=Q_(1, "J/g/K"), V0=Q_(-0.42, "K"),
    ...                      convention="printed")
    >>> [round(float(c), 4) for c in C.m_as("J/g/K")]
    [0.032, 0.2617, 0.0459]

    The physical gap is twice the printed one, so the curve is the printed one at twice the temperature:

    >>> C2 = heat_capacity_fe(Q_([0.1, 0.4, 4.0], "K"), prefactor=Q_(1, "J/g/K"), V0=Q_(-0.42, "K"))
    >>> [round(float(c), 4) for c in C2.m_as("J/g/K")]
    [0.032, 0.2617, 0.0459]
    """
    T_K = temperature_K(T)
    B, unit = heat_capacity_unit(prefactor, "prefactor", 0)
    v0 = float(np.abs(energy_K(V0, "V0", allow_negative=True)))
    if splitting is not None and (isinstance(splitting, str | bytes | bool) or not isinstance(
            splitting, int | float | np.integer | np.floating | sp.Expr)):
        raise ParameterError(f"splitting: expected a positive number, got {type(splitting).__name__} {splitting!r}")
    c = float(FE_GAP[_convention(convention)] if splitting is None else splitting)
    if not c > 0:
        raise ParameterError(f"splitting: expected a positive number, got {splitting!r}")
    return _wrap(np.asarray(B * _fe_kernel(T_K.reshape(-1), v0, c)), unit, T_K)


def heat_capacity(T, *, glass: str, x: float | None = None, convention: str = "physical") -> pint.Quantity:
    r"""Return the total heat capacity of Eq. 31 per gram with the parameters of Table II.

    ``convention`` is passed to :func:`heat_capacity_fe`: Table II's :math:`V_0` was fitted with the
    printed Fe³⁺ gap, so ``convention="printed"`` reproduces the paper's curves (Fig. 12), and the
    default evaluates the same numbers with the gap of the levels Eq. 29 states.

    Notes
    -----
    .. math:: C_p=B_{ph}T^3+B_{2LS}T+C^{ATS}_p(T)+C^{Fe}_p(T)

    with :math:`D_{min}=0.87` K, :math:`V_0=-0.42` K and :math:`\rho n_jk_B` from :math:`x_j`
    (:func:`~multiwell.tunneling.tables.fe_prefactor`); SiO₂ has only the first two terms (Eq. 21).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(float(heat_capacity(Q_(1, "K"), glass="SiO2").m_as("uJ/g/K")), 4)   # (245.55 + 70.65) 1e-8
    3.162
    """
    p = table_parameters("II", glass, x)
    total = heat_capacity_phonon(T, B_ph=p["B_ph"]) + heat_capacity_2ls(T, B_2ls=p["B_2LS"])
    if "B_ATS" in p:
        total = total + heat_capacity_ats(T, B_ats=p["B_ATS"], D_min=p["D_min"])
    if "fe_prefactor" in p:
        total = total + heat_capacity_fe(T, prefactor=p["fe_prefactor"], V0=p["V0"], convention=convention)
    return total.to("J/g/K")


def heat_capacity_from_dos(T, *, dos: Callable, E_min, E_max) -> pint.Quantity:
    r"""Return :math:`k_B\int_{E_{min}}^{E_{max}}g(E)\,(E/2k_BT)^2\cosh^{-2}(E/2k_BT)\,dE` (Eq. 24).

    Parameters
    ----------
    dos
        A function of an energy array (a pint quantity in joules) returning the density of
        states per energy (a pint quantity; any numerator: per gram, per volume, a count).
    E_min, E_max
        Integration range (energies or kelvin).

    Notes
    -----
    256-point Gauss–Legendre in :math:`\ln E` on :math:`[\max(E_{min},10^{-6}k_BT),\min(E_{max},90k_BT)]`
    (outside, the integrand is below :math:`10^{-12}` of its peak for densities no steeper than 1/E).

    Examples
    --------
    >>> from multiwell.units import Q_, k_B
    >>> g = Q_(1, "1/J")
    >>> C = heat_capacity_from_dos(Q_(1, "K"), dos=lambda E: g * np.ones(E.shape), E_min=Q_(0, "K"),
    ...                            E_max=Q_(1e3, "K"))
    >>> round(float(C / (g * k_B**2 * Q_(1, "K"))), 6), round(float(np.pi**2 / 6), 6)
    (1.644934, 1.644934)
    """
    T_arr = temperature_K(T)
    lo = float(energy_K(E_min, "E_min", allow_zero=True))
    hi = float(energy_K(E_max, "E_max"))
    if not callable(dos):
        raise ParameterError(f"dos: expected a callable E -> g(E) on pint energies, got {type(dos).__name__}")
    probe_E = Q_(np.array([hi / _K_PER_J]), "J")
    unit = (dos(probe_E) * probe_E).to_reduced_units().units

    def weight(E_K):
        E_J = Q_(E_K / _K_PER_J, "J")
        return (dos(E_J) * E_J).m_as(unit)

    value = _dos_kernel_integral(T_arr.reshape(-1), weight, lo, hi)
    value = value.reshape(T_arr.shape) if T_arr.ndim else float(value[0])
    return (Q_(value, unit) * k_B).to(unit * k_B.units)


# -- Monte Carlo: three-well ensembles with exact spectra -----------------------------------------------------
_X_SMALL = 0.05  # below: series x^2 - x^4 + 2x^6/3 (next term 17x^8/45, relative < 1e-8)
_X_LARGE = 25.0  # above: x^2 sech^2 x < 3e-19


def _mc_heat_chunk(task) -> np.ndarray:
    """Sum over one chunk of the exact three-level heat capacity (units of k_B) at each temperature."""
    n, seed_seq, (lo, hi, lo0, hi0), T_K, levels, start = task
    rng = np.random.default_rng(seed_seq) if start is None else _Fixed(_sobol_points(3, seed_seq, start, n))
    gaps = _ensemble_gaps_K(n, lo, hi, lo0, hi0, rng)  # the field engine's zero-field kernel
    g1 = np.sort(gaps[:, 0])
    g1_32 = g1.astype(np.float32)
    sq = g1 * g1  # products, not g1**4, g1**6: numpy's pow is a libm call per element (~40x a product)
    p2 = np.concatenate([[0.0], np.cumsum(sq)])
    p4 = np.concatenate([[0.0], np.cumsum(sq * sq)])
    p6 = np.concatenate([[0.0], np.cumsum(sq * sq * sq)])
    order2 = np.argsort(gaps[:, 1])
    g2_sorted = gaps[order2, 1]
    out = np.empty(T_K.size)
    for k, T in enumerate(T_K):
        b = 1.0 / (2 * T)
        i_lo = int(np.searchsorted(g1, _X_SMALL / b))
        i_hi = int(np.searchsorted(g1, _X_LARGE / b))
        small = b**2 * p2[i_lo] - b**4 * p4[i_lo] + (2.0 / 3.0) * b**6 * p6[i_lo]
        x = g1_32[i_lo:i_hi] * np.float32(b)
        e = np.exp(np.float32(-2) * x)
        mid = 4 * float(np.sum(x * x * e / ((1 + e) * (1 + e)), dtype=np.float64))
        total = small + mid
        if levels == 3:
            m = int(np.searchsorted(g2_sorted, 60 * T))
            if m:
                idx = order2[:m]
                u1, u2 = gaps[idx, 0] / T, gaps[idx, 1] / T
                w1, w2 = np.exp(-u1), np.exp(-u2)
                Z = 1 + w1 + w2
                c3 = (w1 * u1**2 + w2 * u2**2) / Z - ((w1 * u1 + w2 * u2) / Z) ** 2
                total += float(np.sum(c3 - schottky(u1 / 2)))
        out[k] = total
    return out


def heat_capacity_monte_carlo(T, *, P_star, D_min, D_max, D0_min, D0_max, n: int = 10**6,
                              chunk_size: int = 2**16, levels: int = 3, seed=None,
                              client=None, sampler: str = "random",
                              scrambles: int = 16) -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(C, sigma)``: the heat capacity of an ensemble of three-well systems (Eqs. 3, 6) and its error.

    Parameters
    ----------
    T
        Temperatures.
    P_star
        :math:`P^*` of Eq. 6 (any units: dimensionless for a count, 1/g for a per-gram density).
    D_min, D_max, D0_min, D0_max
        The domain of Eq. 6 (see :func:`~multiwell.tunneling.distributions.anomalous_distribution`).
    n
        Number of systems.
    chunk_size
        Systems per chunk (memory is O(chunk_size + len(T))); at least 16 chunks are used.
    levels
        3: the exact three-level partition function; 2: only the lowest two levels (Eq. 23).
    seed
        Root seed; chunks draw from independent ``SeedSequence`` children.
    client
        Optional Dask-like client (``map``/``gather``); the default runs in-process.
    sampler, scrambles
        ``"random"`` (default) or ``"sobol"``: ``scrambles`` independently scrambled Sobol'
        sequences of n/scrambles points each, the error from the spread of their means (as in
        :func:`~multiwell.tunneling.distributions.dos_monte_carlo`).

    Notes
    -----
    For every system the exact gaps :math:`\mathcal E_1-\mathcal E_0`, :math:`\mathcal E_2-\mathcal E_0` of
    Eq. 3 come from the field engine's cancellation-free zero-field kernel (as
    :func:`~multiwell.tunneling.distributions.three_well_gaps`); :math:`C=k_BW\langle c\rangle` with
    :math:`W` = :func:`~multiwell.tunneling.distributions.anomalous_normalisation` and c the
    three-level heat capacity in units of :math:`k_B`. Per chunk the gaps are sorted once; at
    each T only systems with :math:`0.05<E/2k_BT<25` are evaluated (float32), those below by
    the series :math:`x^2-x^4+\tfrac23x^6` from prefix sums, those above contribute below
    :math:`10^{-18}`; the third level is added exactly where :math:`(\mathcal E_2-\mathcal E_0)/k_BT<60`.
    The error is the standard error of the chunk means.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> C, s = heat_capacity_monte_carlo(Q_([1.0], "K"), P_star=Q_(1, ""), D_min=Q_(0.01, "K"),
    ...     D_max=Q_(1e3, "K"), D0_min=Q_(1e4, "K"), D0_max=Q_(1e5, "K"), n=32000, seed=1)
    >>> c = float(C.m_as("J/K")[0] / k_B.m_as("J/K") / (2 * np.pi * np.log(10)))  # ~ ln 2 = 0.693
    >>> bool(abs(c - 0.6931) < 0.05)
    True
    """
    T_K = temperature_K(T).reshape(-1)
    n, chunk_size = _chunk_plan(n, chunk_size, 8 * (16 + 4 * T_K.size))  # gaps, sort keys, a float32 row per T
    seed = _seed(seed, generator=False)
    if levels not in (2, 3):
        raise ParameterError(f"levels: expected 2 or 3, got {levels!r}")
    lo, hi = float(energy_K(D_min, "D_min")), float(energy_K(D_max, "D_max"))
    lo0, hi0 = float(energy_K(D0_min, "D0_min")), float(energy_K(D0_max, "D0_max"))
    W = anomalous_normalisation(P_star=P_star, D_min=D_min, D_max=D_max, D0_min=D0_min, D0_max=D0_max)
    scrambles = _check_sampler(sampler, scrambles, n)
    if scrambles:
        runs = _sobol_runs(n, chunk_size, scrambles, seed)
        tasks = [(m, c, (lo, hi, lo0, hi0), T_K, levels, start) for _, c, start, m in runs]
        groups, sizes = [r for r, *_ in runs], [m for *_, m in runs]
    else:
        sizes = _chunk_sizes(n, chunk_size, min_chunks=min(16, n))
        root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        tasks = [(m, c, (lo, hi, lo0, hi0), T_K, levels, None)
                 for m, c in zip(sizes, root.spawn(len(sizes)), strict=True)]
        groups = list(range(len(sizes)))
    sums = np.array(run_chunks(_mc_heat_chunk, tasks, client=client))
    mean, err = _scramble_mean(sums, np.array(sizes, dtype=float), np.array(groups), n)
    var = err**2
    shape = np.shape(temperature_K(T))
    C = (W * k_B * Q_(mean.reshape(shape) if shape else mean[0], "")).to(W.units * k_B.units)
    sigma = (W * k_B * Q_(np.sqrt(var).reshape(shape) if shape else np.sqrt(var)[0], "")).to(W.units * k_B.units)
    return C, sigma


# -- symbolic derivations ---------------------------------------------------------------------------------------
def derive_heat_capacity_ats() -> sp.Expr:
    r"""Return Eq. 26 derived from Eq. 24 with :math:`g_{ATS}=g_0/E` on :math:`E>D_{min}` (SymPy).

    The result is in the symbols ``g_0`` (:math:`=2\pi\tilde P^*`, Eq. 17), ``k_B``, ``T``, ``D_min``.

    Notes
    -----
    With :math:`x=E/2k_BT`, :math:`k_B\int_{D_{min}}^\infty\frac{g_0}{E}x^2\cosh^{-2}x\,dE
    =k_Bg_0\int_{x_{min}}^\infty x\cosh^{-2}x\,dx`; an antiderivative is
    :math:`F=x\tanh x-\ln\cosh x` (checked by differentiation) and :math:`F(\infty)=\ln2`, so
    :math:`C=k_Bg_0[\ln(2\cosh x_{min})-x_{min}\tanh x_{min}]` — Eq. 26 with :math:`B_{ATS}=k_Bg_0`.

    Examples
    --------
    >>> C = derive_heat_capacity_ats()
    >>> sorted(map(str, C.free_symbols))
    ['D_min', 'T', 'g_0', 'k_B']
    """
    x = sp.Symbol("x", positive=True)
    g0, kB, T, D_min = sp.symbols("g_0 k_B T D_min", positive=True)
    E = sp.Symbol("E", positive=True)
    integrand_E = kB * (g0 / E) * (E / (2 * kB * T)) ** 2 / sp.cosh(E / (2 * kB * T)) ** 2
    integrand_x = sp.cancel(integrand_E.subs(E, 2 * kB * T * x) * 2 * kB * T)  # dE = 2 k_B T dx
    F = x * sp.tanh(x) - sp.log(sp.cosh(x))
    if sp.simplify(sp.diff(F, x) - integrand_x / (kB * g0)) != 0:
        raise ArithmeticError("the antiderivative of x sech^2 x does not check")  # pragma: no cover
    F_inf = sp.limit(F, x, sp.oo)
    x_min = D_min / (2 * kB * T)
    return kB * g0 * (F_inf - F.subs(x, x_min)).expand(log=False).subs(
        sp.log(2) + sp.log(sp.cosh(x_min)), sp.log(2 * sp.cosh(x_min)))


def derive_heat_capacity_2ls() -> sp.Expr:
    r"""Return :math:`C=\frac{\pi^2}{6}g_0k_B^2T`, Eq. 24 with a constant density of states ``g_0`` (SymPy).

    Notes
    -----
    :math:`\int_0^\infty x^2\cosh^{-2}x\,dx=\sum_{n\ge1}(-1)^{n+1}/n^2=\pi^2/12` from
    :math:`\cosh^{-2}x=4\sum_{n\ge1}(-1)^{n+1}ne^{-2nx}`; with :math:`dE=2k_BT\,dx`,
    :math:`C=2k_B^2Tg_0\cdot\pi^2/12`. With Eq. 17's :math:`g_0=2\bar P`: :math:`B_{2LS}=\frac{\pi^2}{3}\bar Pk_B^2`.

    Examples
    --------
    >>> derive_heat_capacity_2ls()
    pi**2*T*g_0*k_B**2/6
    """
    n = sp.Symbol("n", integer=True, positive=True)
    g0, kB, T = sp.symbols("g_0 k_B T", positive=True)
    moment = sp.summation(4 * (-1) ** (n + 1) * n * sp.factorial(2) / (2 * n) ** 3, (n, 1, sp.oo))
    return 2 * kB**2 * T * g0 * sp.nsimplify(moment)
