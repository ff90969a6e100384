r"""Parameter distributions of the tunnelling model, their sampling, and densities of states.

Three distributions of the seed paper, each with its domain and normalisation:

- the standard two-level distribution :math:`P(\Delta,\Delta_0)=\bar P/\Delta_0` (Eq. 2) on
  :math:`|\Delta|\le\Delta_{max}`, :math:`\Delta_{0,min}\le\Delta_0\le\Delta_{0,max}`;
- the anomalous three-well distribution :math:`P^*/((E_1^2+E_2^2+E_3^2)D_0)` (Eq. 6) on the
  plane :math:`E_1+E_2+E_3=0`, with :math:`D=\sqrt{E_1^2+E_2^2+E_3^2}\in[D_{min},D_{max}]`
  and :math:`D_0\in[D_{0,min},D_{0,max}]`; the measure is the Euclidean area element of the
  plane times :math:`dD_0` (with the measure :math:`dE_1\,dE_2` of :math:`\delta(\sum E_i)`
  every density below is divided by :math:`\sqrt3`);
- the Fe\ :sup:`3+` distribution :math:`G(V_z)` (Eq. 27), corrected to be positive:
  :math:`G(V_z)=4V_z^2|V_0|^{-3}e^{-2|V_z|/|V_0|}` on :math:`V_z\le0` (the print has
  :math:`V_0^3<0` in the denominator, so it integrates to :math:`-1`).

Densities of states follow analytically (Eqs. 17, 25 re-derived) and by Monte Carlo from the
*exact* spectrum of the three-well Hamiltonian (Eq. 3 at zero field), with statistical errors. That
spectrum comes from the one tunnelling engine of :mod:`multiwell.tunneling.field` at zero field (the
pipeline's ``hamiltonian(complete(3))``), not from code of its own.

The standard two-level and Fe\ :sup:`3+` distributions are defined here; the anomalous three-well
distribution, its spectra and densities of states in the private ``_anomalous`` module, the
samplers, seeds and chunking in ``_sampling``; every public name is importable from here.

Energies may be given as energies or as temperatures :math:`E/k_B`; samples come back in the
unit of the corresponding cutoff.

Examples
--------
>>> from multiwell.units import Q_
>>> E, D_0 = sample_anomalous(4, D_min=Q_(0.1, "K"), D_max=Q_(1, "K"),
...                           D0_min=Q_(5, "K"), D0_max=Q_(50, "K"), seed=1)
>>> E.shape, bool(abs(E.sum(axis=1).m).max() < 1e-12)
((4, 3), True)
"""

from __future__ import annotations

import numpy as np
import pint

from multiwell.errors import ParameterError
from multiwell.tunneling import _anomalous, _sampling
from multiwell.tunneling._anomalous import (
    _three_well_matrices,  # noqa: F401 - the engine's numeric matrix of Eq. 3, a reference for tests
    anomalous_distribution,
    anomalous_normalisation,
    dos_anomalous,
    dos_monte_carlo,
    sample_anomalous,
    three_well_gaps,
    three_well_levels,
)
from multiwell.tunneling._edge import _check_registry, energy_K
from multiwell.tunneling._sampling import (
    _energy_power,
    _like,
    _ordered,
    _rng,
    _sample_count,
    run_chunks,
)
from multiwell.units import Q_

__all__ = [
    "ATS_GAP_FACTOR",
    "SAMPLERS",
    "anomalous_distribution",
    "anomalous_normalisation",
    "dos_anomalous",
    "dos_monte_carlo",
    "dos_standard",
    "fe_distribution",
    "run_chunks",
    "sample_anomalous",
    "sample_fe",
    "sample_standard",
    "standard_distribution",
    "standard_normalisation",
    "three_well_gaps",
    "three_well_levels",
]

# the public constants, bound here with their documentation (autodoc reads a constant's docstring in its module)
ATS_GAP_FACTOR: float = _anomalous.ATS_GAP_FACTOR
r"""Near-degenerate gap of Eq. 3 over :math:`D=\sqrt{\sum E_i^2}`: :math:`\Delta\mathcal E\to\sqrt{2/3}\,D`.

At first order in :math:`E_i/D_0` the doublet at :math:`-D_0` is split by the projection of
:math:`\mathrm{diag}(E_i)` on the plane orthogonal to (1,1,1), whose eigenvalues are
:math:`\pm D/\sqrt6` (Eq. 13 prints :math:`D`). The :math:`1/E` density of states keeps its
prefactor under this rescaling; only its cutoffs move to :math:`\sqrt{2/3}\,D_{min,max}`.
"""

SAMPLERS: tuple[str, ...] = _sampling.SAMPLERS
"""Samplers of the Monte Carlo ensembles: ``"random"`` (pseudo-random, numpy's PCG64 from a SeedSequence) or
``"sobol"`` (scrambled Sobol' points of :class:`scipy.stats.qmc.Sobol`; the error bar from independent scrambles)."""

# -- the standard two-level distribution (Eq. 2) --------------------------------------------------------------
def standard_distribution(Delta, Delta_0, *, P_bar, Delta0_min, Delta0_max, Delta_max=None) -> pint.Quantity:
    r"""Return the standard-model density :math:`\bar P/\Delta_0` inside its domain, zero outside.

    Parameters
    ----------
    Delta, Delta_0
        Asymmetry and tunnelling energy (energies or temperatures :math:`E/k_B`).
    P_bar
        :math:`\bar P`, any units (per volume and energy, per mass and energy, ...).
    Delta0_min, Delta0_max
        Cutoffs of :math:`\Delta_0`.
    Delta_max
        Cutoff of :math:`|\Delta|`; ``None`` for an unbounded asymmetry.

    Notes
    -----
    Eq. 2: :math:`P(\Delta,\Delta_0)=\bar P/\Delta_0` on :math:`|\Delta|\le\Delta_{max}`,
    :math:`\Delta_{0,min}\le\Delta_0\le\Delta_{0,max}`; its integral is
    :math:`2\bar P\Delta_{max}\ln(\Delta_{0,max}/\Delta_{0,min})` (:func:`standard_normalisation`).
    The returned unit is that of :math:`\bar P` per unit of ``Delta0_min`` (1/K for kelvin).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> standard_distribution(Q_(0.1, "K"), Q_(0.5, "K"), P_bar=Q_(1, ""), Delta0_min=Q_(1, "mK"),
    ...                       Delta0_max=Q_(10, "K")).to("1/K")
    <Quantity(2.0, '1 / kelvin')>
    """
    _check_registry(P_bar, "P_bar")
    d = energy_K(Delta, "Delta", allow_negative=True, allow_zero=True)
    d0 = energy_K(Delta_0, "Delta_0", allow_zero=True)
    lo, hi = energy_K(Delta0_min, "Delta0_min"), energy_K(Delta0_max, "Delta0_max")
    _ordered(lo, hi, "Delta0_min, Delta0_max")
    inside = (d0 >= lo) & (d0 <= hi)
    if Delta_max is not None:
        inside &= np.abs(d) <= energy_K(Delta_max, "Delta_max")
    with np.errstate(divide="ignore"):
        value = np.where(inside, 1.0 / np.where(d0 > 0, d0, 1.0), 0.0)
    return P_bar * _energy_power(value, Delta0_min, -1)


def standard_normalisation(*, P_bar, Delta_max, Delta0_min, Delta0_max) -> pint.Quantity:
    r"""Return :math:`\int P\,d\Delta\,d\Delta_0 = 2\bar P\Delta_{max}\ln(\Delta_{0,max}/\Delta_{0,min})` (Eq. 2).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(float(standard_normalisation(P_bar=Q_(1, "1/K"), Delta_max=Q_(1, "K"), Delta0_min=Q_(1, "K"),
    ...                                    Delta0_max=Q_(2.718281828459045, "K")).m_as("")), 12)
    2.0
    """
    _check_registry(P_bar, "P_bar")
    dm = energy_K(Delta_max, "Delta_max")
    lo, hi = energy_K(Delta0_min, "Delta0_min"), energy_K(Delta0_max, "Delta0_max")
    _ordered(lo, hi, "Delta0_min, Delta0_max")
    return P_bar * _energy_power(2 * dm * np.log(hi / lo), Delta_max, 1)


def sample_standard(n: int, *, Delta_max, Delta0_min, Delta0_max, seed=None) -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(Delta, Delta_0)``: n draws from Eq. 2 (Δ uniform in ±Δ_max, Δ_0 log-uniform).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> d, d0 = sample_standard(1000, Delta_max=Q_(1, "K"), Delta0_min=Q_(1, "mK"), Delta0_max=Q_(1, "K"), seed=0)
    >>> bool((abs(d) <= Q_(1, "K")).all() and (d0 >= Q_(1, "mK")).all())
    True
    """
    n = _sample_count(n, 24)  # Delta, Delta_0 and one temporary, float64
    dm = energy_K(Delta_max, "Delta_max")
    lo, hi = energy_K(Delta0_min, "Delta0_min"), energy_K(Delta0_max, "Delta0_max")
    _ordered(lo, hi, "Delta0_min, Delta0_max")
    rng = _rng(seed)
    d = rng.uniform(-dm, dm, n)
    d0 = lo * (hi / lo) ** rng.random(n)
    return _like(d, Delta_max), _like(d0, Delta0_min)


def dos_standard(E, *, P_bar, Delta0_min, Delta0_max) -> pint.Quantity:
    r"""Return the exact two-level density of states :math:`g_{2LS}(E)` of Eq. 2 (Δ unbounded, both signs).

    Notes
    -----
    With :math:`E=\sqrt{\Delta^2+\Delta_0^2}` and both signs of Δ,

    .. math:: g_{2LS}(E)=2\bar P\left[\operatorname{arcosh}\frac{E}{\Delta_{0,min}}
              -\operatorname{arcosh}\frac{\max(E,\Delta_{0,max})}{\Delta_{0,max}}\right],
              \qquad E\ge\Delta_{0,min},

    i.e. :math:`2\bar P\ln(2E/\Delta_{0,min})` for :math:`\Delta_{0,min}\ll E<\Delta_{0,max}`.
    Eq. 17 prints :math:`2\bar P`: the same up to the slowly varying logarithm that the
    standard model absorbs into :math:`\bar P` (see ``multiwell verify``, Eq. 17).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> g = dos_standard(Q_(1, "K"), P_bar=Q_(1, "1/K"), Delta0_min=Q_(1, "mK"), Delta0_max=Q_(10, "K"))
    >>> round(float(g.m_as("1/K")), 6), round(2 * float(np.log(2000.0)), 6)
    (15.201804, 15.201805)
    """
    _check_registry(P_bar, "P_bar")
    e = energy_K(E, "E", allow_zero=True)
    lo, hi = energy_K(Delta0_min, "Delta0_min"), energy_K(Delta0_max, "Delta0_max")
    _ordered(lo, hi, "Delta0_min, Delta0_max")
    value = np.where(e >= lo, np.arccosh(np.maximum(e, lo) / lo) - np.arccosh(np.maximum(e, hi) / hi), 0.0)
    return P_bar * Q_(2 * value, "")


# -- the Fe3+ distribution (Eq. 27) ------------------------------------------------------------------------
def fe_distribution(V_z, *, V0) -> pint.Quantity:
    r"""Return :math:`G(V_z)`, the (corrected) Fe\ :sup:`3+` distribution of Eq. 27, per unit of ``V_z``.

    Parameters
    ----------
    V_z
        Principal value of the dipole interaction (energy or kelvin); the domain is :math:`V_z\le0`.
    V0
        The most probable value, :math:`V_0<0`.

    Notes
    -----
    .. math:: G(V_z)=\frac{4V_z^2}{|V_0|^3}\exp\!\left(-\frac{2V_z}{V_0}\right),\quad V_z\le0,

    a gamma distribution of :math:`|V_z|` with shape 3 and scale :math:`|V_0|/2` (mode at
    :math:`V_0`, mean :math:`3V_0/2`), normalised to 1. Eq. 27 prints :math:`V_0^3` with
    :math:`V_0<0`, which makes G negative with integral :math:`-1` (``multiwell verify``, Eq. 27).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> G = fe_distribution(Q_(-0.42, "K"), V0=Q_(-0.42, "K"))
    >>> round(float(G.m_as("1/K")), 6), round(4 / 0.42 * float(np.exp(-2)), 6)
    (1.288907, 1.288907)
    """
    v = energy_K(V_z, "V_z", allow_negative=True, allow_zero=True)
    v0 = energy_K(V0, "V0", allow_negative=True)
    if np.any(v0 >= 0):
        raise ParameterError(f"V0: expected V0 < 0 (Eq. 27), got {V0!r}")
    a = np.abs(v0)
    value = np.where(v <= 0, 4 * v**2 / a**3 * np.exp(-2 * np.abs(v) / a), 0.0)
    return _energy_power(value, V_z, -1)


def sample_fe(n: int, *, V0, seed=None) -> pint.Quantity:
    r"""Return n draws of :math:`V_z\le0` from the corrected Eq. 27 (:math:`|V_z|\sim\Gamma(3,|V_0|/2)`).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> v = sample_fe(20000, V0=Q_(-0.42, "K"), seed=0)
    >>> bool((v <= Q_(0, "K")).all()), round(float(v.mean().m_as("K") / -0.63), 1)
    (True, 1.0)
    """
    n = _sample_count(n, 16)  # the draws and one temporary, float64
    v0 = float(energy_K(V0, "V0", allow_negative=True))
    if v0 >= 0:
        raise ParameterError(f"V0: expected V0 < 0 (Eq. 27), got {V0!r}")
    return _like(-_rng(seed).gamma(3.0, abs(v0) / 2, n), V0)
