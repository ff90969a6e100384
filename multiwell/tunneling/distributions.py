# Over 600 lines (818): sampling and Sobol' beside the densities; issue 27 moves the samplers to their own module.
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
*exact* spectrum of the three-well Hamiltonian (Eq. 3 at zero field), with statistical errors.

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

from collections.abc import Callable, Sequence

import numpy as np
import pint

from multiwell._validate import sample_size
from multiwell.errors import ParameterError
from multiwell.units import Q_
from multiwell.tunneling._edge import _K_PER_J, _check_registry, energy_K

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

ATS_GAP_FACTOR = float(np.sqrt(2.0 / 3.0))
r"""Near-degenerate gap of Eq. 3 over :math:`D=\sqrt{\sum E_i^2}`: :math:`\Delta\mathcal E\to\sqrt{2/3}\,D`.

At first order in :math:`E_i/D_0` the doublet at :math:`-D_0` is split by the projection of
:math:`\mathrm{diag}(E_i)` on the plane orthogonal to (1,1,1), whose eigenvalues are
:math:`\pm D/\sqrt6` (Eq. 13 prints :math:`D`). The :math:`1/E` density of states keeps its
prefactor under this rescaling; only its cutoffs move to :math:`\sqrt{2/3}\,D_{min,max}`.
"""

# orthonormal basis of the plane E_1 + E_2 + E_3 = 0
_U1 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0)
_U2 = np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)


def _rng(seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(_seed(seed))


def _seed(seed, *, generator: bool = True):
    """``seed`` if numpy can seed from it without guessing: None, an integer >= 0 (or a list of them),
    a ``SeedSequence`` or (where ``generator``) a ``Generator``; anything else is a ParameterError."""
    allowed = (np.random.SeedSequence, np.random.Generator) if generator else (np.random.SeedSequence,)
    if seed is None or isinstance(seed, allowed):
        return seed
    items = seed if isinstance(seed, list | tuple) and seed else [seed]
    if all(not isinstance(x, bool) and isinstance(x, int | np.integer) and x >= 0 for x in items):
        return seed
    kinds = "a numpy Generator or SeedSequence" if generator else "a numpy SeedSequence"
    raise ParameterError(f"seed: expected None, a non-negative integer or {kinds}, got {type(seed).__name__} {seed!r}")


_CHUNKED = "for ensembles this large use the chunked path (dos_monte_carlo, heat_capacity_monte_carlo)"
_MAX_CHUNKS = 10**6


def _sample_count(n, bytes_per_sample: int) -> int:
    """``n`` checked to be a positive integer whose samples fit in memory, before anything is allocated."""
    _positive_count(n)
    return sample_size(n, name="n", bytes_per_sample=bytes_per_sample, hint=_CHUNKED)


def _chunk_plan(n, chunk_size, bytes_per_sample: int) -> tuple[int, int]:
    """``(n, chunk_size)`` checked: one chunk fits in memory and the list of chunks stays bounded."""
    n = _positive_count(n)
    chunk_size = sample_size(_positive_count(chunk_size, "chunk_size"), name="chunk_size",
                             bytes_per_sample=bytes_per_sample, hint="use a smaller chunk_size")
    if -(-n // chunk_size) > _MAX_CHUNKS:
        raise ParameterError(f"chunk_size: n = {n} in chunks of {chunk_size} makes {-(-n // chunk_size)} chunks, "
                             f"expected at most {_MAX_CHUNKS}; use a larger chunk_size")
    return n, chunk_size


def _like(values_K, reference: pint.Quantity) -> pint.Quantity:
    """Energies in kelvin, returned in the unit of ``reference`` (an energy or a temperature)."""
    if reference.check("[temperature]"):
        return Q_(values_K, "K").to(reference.units)
    return Q_(np.asarray(values_K) / _K_PER_J, "J").to(reference.units)


def _energy_power(values_K, reference: pint.Quantity, power: int) -> pint.Quantity:
    """Values of (energy in kelvin)^power as a quantity in the unit of ``reference`` to that power.

    A reference given as a temperature keeps kelvin (energies as E/k_B, the paper's habit); an
    energy reference gives joules converted to its unit.
    """
    values = np.asarray(values_K, dtype=float)
    if reference.check("[temperature]"):
        return Q_(values, "K").to("K") ** 1 if power == 1 else Q_(values, f"K**{power}")
    return Q_(values / _K_PER_J**power, f"J**{power}").to(reference.units**power)


def _positive_count(n, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n <= 0:
        raise ParameterError(f"{name}: expected a positive integer, got {n!r}")
    return int(n)


def _ordered(lo: float, hi: float, names: str) -> None:
    if not hi > lo:
        raise ParameterError(f"{names}: expected the lower cutoff below the upper one, got {lo} K and {hi} K")


# -- quasi-Monte Carlo -----------------------------------------------------------------------------------------
SAMPLERS = ("random", "sobol")
"""Samplers of the Monte Carlo ensembles: ``"random"`` (pseudo-random, numpy's PCG64 from a SeedSequence) or
``"sobol"`` (scrambled Sobol' points of :class:`scipy.stats.qmc.Sobol`; the error bar from independent scrambles)."""

SOBOL_MAX = 2**30
"""Points per Sobol' scramble (scipy's Sobol' engine has 30 bits)."""


def _check_sampler(sampler, scrambles, n: int) -> int:
    """``scrambles`` checked for ``sampler`` (0 for the pseudo-random sampler, which needs none)."""
    if sampler not in SAMPLERS:
        raise ParameterError(f"sampler: expected one of {SAMPLERS}, got {sampler!r}")
    if sampler == "random":
        return 0
    if isinstance(scrambles, bool) or not isinstance(scrambles, int | np.integer) or scrambles < 2:
        raise ParameterError(f"scrambles: expected an integer >= 2 (independent scrambles give the error bar), "
                             f"got {scrambles!r}")
    if scrambles > n:
        raise ParameterError(f"scrambles: expected at most n = {n} scrambles (one point each), got {scrambles}")
    if -(-n // scrambles) > SOBOL_MAX:
        raise ParameterError(f"n: expected at most {SOBOL_MAX} points per Sobol' scramble, got {n} in {scrambles} "
                             "scrambles; use more scrambles")
    return int(scrambles)


def _sobol_points(d: int, seed_seq: np.random.SeedSequence, start: int, size: int) -> np.ndarray:
    """Points ``start ... start + size - 1`` (size, d) of the scrambled Sobol' sequence seeded by ``seed_seq``.

    The scramble (linear matrix scrambling plus a digital shift) depends only on ``seed_seq``, so
    any run of the sequence can be drawn on its own. The balance of Sobol' points holds for runs of
    :math:`2^k` points from a multiple of :math:`2^k`; scipy's warning about other sizes is silenced
    here (the callers document that n per scramble should be a power of two).

    Examples
    --------
    >>> s = np.random.SeedSequence(1)
    >>> bool(np.array_equal(_sobol_points(2, s, 0, 8)[4:], _sobol_points(2, s, 4, 4)))
    True
    """
    import warnings

    from scipy.stats import qmc

    # a fresh Generator from the state words: scipy spawns from the Generator it is given, which
    # would advance a shared SeedSequence and change the scramble from call to call
    engine = qmc.Sobol(d, scramble=True, seed=np.random.default_rng(seed_seq.generate_state(4)))
    if start:
        engine.fast_forward(start)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*balance properties of Sobol", category=UserWarning)
        return engine.random(size)


def _scramble_seeds(seed, scrambles: int) -> list:
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return root.spawn(scrambles)


def _sobol_runs(n: int, chunk_size: int, scrambles: int, seed) -> list[tuple[int, np.random.SeedSequence, int, int]]:
    """``(scramble, seed, start, size)`` runs: n split evenly over the scrambles, each cut at chunk_size."""
    seeds = _scramble_seeds(seed, scrambles)
    runs = []
    for r in range(scrambles):
        m = n // scrambles + (1 if r < n % scrambles else 0)
        runs += [(r, seeds[r], start, min(chunk_size, m - start)) for start in range(0, m, chunk_size)]
    return runs


def _scramble_mean(sums: np.ndarray, sizes: np.ndarray, groups: np.ndarray, n: int):
    """Mean per sample and its standard error from the means of the groups (chunks or scrambles)."""
    keys, inverse = np.unique(groups, return_inverse=True)
    g_sums = np.zeros((keys.size,) + sums.shape[1:])
    np.add.at(g_sums, inverse, sums)
    g_sizes = np.bincount(inverse, weights=sizes).astype(float)
    mean = g_sums.sum(axis=0) / n
    k = keys.size
    if k < 2:
        return mean, np.zeros_like(mean)
    w = g_sizes.reshape((-1,) + (1,) * (sums.ndim - 1))
    var = np.sum(w * (g_sums / w - mean) ** 2, axis=0) / (n * (k - 1))
    return mean, np.sqrt(var)


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


# -- the anomalous three-well distribution (Eq. 6) --------------------------------------------------------------
def _plane_check(E_K: np.ndarray) -> None:
    scale = np.max(np.abs(E_K), axis=-1)
    if np.any(np.abs(E_K.sum(axis=-1)) > 1e-9 * np.maximum(scale, 1e-300)):
        raise ParameterError("E: the asymmetries must satisfy E_1 + E_2 + E_3 = 0 (Eq. 3)")


def anomalous_distribution(E_1, E_2, E_3, D_0, *, P_star, D_min, D_max, D0_min, D0_max) -> pint.Quantity:
    r"""Return the anomalous density :math:`P^*/((E_1^2+E_2^2+E_3^2)D_0)` inside its domain, zero outside.

    Notes
    -----
    Eq. 6 on the plane :math:`\sum E_i=0` (checked: otherwise a ParameterError), with
    :math:`D_{min}\le D\le D_{max}`, :math:`D_{0,min}\le D_0\le D_{0,max}`. In polar
    coordinates :math:`(D,\varphi)` of the plane, :math:`dA=D\,dD\,d\varphi`, so the marginal is
    :math:`2\pi P^*/(D D_0)` and the integral :math:`2\pi P^*\ln(D_{max}/D_{min})\ln(D_{0,max}/D_{0,min})`.
    The unit is that of :math:`P^*` per unit of ``D_0`` cubed.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> p = anomalous_distribution(Q_(1, "K"), Q_(-1, "K"), Q_(0, "K"), Q_(10, "K"), P_star=Q_(1, ""),
    ...     D_min=Q_(0.1, "K"), D_max=Q_(10, "K"), D0_min=Q_(1, "K"), D0_max=Q_(100, "K"))
    >>> p.to("1/K**3")
    <Quantity(0.05, '1 / kelvin ** 3')>
    """
    _check_registry(P_star, "P_star")
    E = np.stack(np.broadcast_arrays(*(energy_K(v, n, allow_negative=True, allow_zero=True)
                                       for v, n in ((E_1, "E_1"), (E_2, "E_2"), (E_3, "E_3")))), axis=-1)
    _plane_check(E)
    d0 = energy_K(D_0, "D_0")
    lo, hi = energy_K(D_min, "D_min"), energy_K(D_max, "D_max")
    lo0, hi0 = energy_K(D0_min, "D0_min"), energy_K(D0_max, "D0_max")
    _ordered(lo, hi, "D_min, D_max")
    _ordered(lo0, hi0, "D0_min, D0_max")
    D2 = np.sum(E**2, axis=-1)
    D = np.sqrt(D2)
    inside = (D >= lo) & (D <= hi) & (d0 >= lo0) & (d0 <= hi0)
    value = np.where(inside, 1.0 / (np.where(inside, D2, 1.0) * d0), 0.0)
    return P_star * _energy_power(value, D_0, -3)


def anomalous_normalisation(*, P_star, D_min, D_max, D0_min, D0_max) -> pint.Quantity:
    r"""Return :math:`2\pi P^*\ln(D_{max}/D_{min})\ln(D_{0,max}/D_{0,min})`, the integral of Eq. 6.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> e = Q_(2.718281828459045, "K")
    >>> round(float(anomalous_normalisation(P_star=Q_(1, ""), D_min=Q_(1, "K"), D_max=e, D0_min=Q_(1, "K"),
    ...                                     D0_max=e).m) / (2 * np.pi), 12)
    1.0
    """
    _check_registry(P_star, "P_star")
    lo, hi = energy_K(D_min, "D_min"), energy_K(D_max, "D_max")
    lo0, hi0 = energy_K(D0_min, "D0_min"), energy_K(D0_max, "D0_max")
    _ordered(lo, hi, "D_min, D_max")
    _ordered(lo0, hi0, "D0_min, D0_max")
    return P_star * Q_(2 * np.pi * np.log(hi / lo) * np.log(hi0 / lo0), "")


def _sample_anomalous_K(n: int, lo, hi, lo0, hi0, rng) -> tuple[np.ndarray, np.ndarray]:
    D = lo * (hi / lo) ** rng.random(n)
    phi = rng.uniform(0.0, 2 * np.pi, n)
    E = D[:, None] * (np.cos(phi)[:, None] * _U1 + np.sin(phi)[:, None] * _U2)
    d0 = lo0 * (hi0 / lo0) ** rng.random(n)
    return E, d0


def sample_anomalous(n: int, *, D_min, D_max, D0_min, D0_max, seed=None,
                     sampler: str = "random") -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(E, D_0)``: n draws from Eq. 6, E of shape (n, 3) with rows summing to zero.

    Notes
    -----
    :math:`D` is log-uniform on :math:`[D_{min},D_{max}]` (the marginal :math:`\propto1/D`), the
    angle in the plane uniform, :math:`D_0` log-uniform: exactly the density of Eq. 6 on its domain.
    ``sampler="sobol"`` maps the first n points of one scrambled Sobol' sequence in three
    dimensions (seeded by ``seed``; :data:`SAMPLERS`) through the same three transformations:
    a quasi-random ensemble, best with n a power of two.

    Examples
    --------
    Every row lies in the plane :math:`\sum_i E_i = 0`, its norm :math:`D` inside
    :math:`[D_{min}, D_{max}]`; the :math:`1/D` marginal puts half the draws below the
    geometric mean :math:`\sqrt{D_{min}D_{max}} = 0.1` K, and likewise half the :math:`D_0`
    below :math:`\sqrt{10}` K:

    >>> from multiwell.units import Q_
    >>> E, D_0 = sample_anomalous(10_000, D_min=Q_(0.01, "K"), D_max=Q_(1, "K"),
    ...                           D0_min=Q_(1, "K"), D0_max=Q_(10, "K"), seed=1)
    >>> E.shape, E.units, D_0.shape
    ((10000, 3), <Unit('kelvin')>, (10000,))
    >>> bool(np.all(np.abs(E.m.sum(axis=1)) < 1e-12))
    True
    >>> D = np.linalg.norm(E.m_as("K"), axis=1)
    >>> bool(D.min() >= 0.01 and D.max() <= 1.0)
    True
    >>> round(float(np.mean(D < 0.1)), 2), round(float(np.mean(D_0.m_as("K") < np.sqrt(10))), 2)
    (0.5, 0.5)
    """
    n = _sample_count(n, 80)  # E (n, 3), D_0 and temporaries: 10 float64 per draw
    lo, hi = energy_K(D_min, "D_min"), energy_K(D_max, "D_max")
    lo0, hi0 = energy_K(D0_min, "D0_min"), energy_K(D0_max, "D0_max")
    _ordered(lo, hi, "D_min, D_max")
    _ordered(lo0, hi0, "D0_min, D0_max")
    if sampler not in SAMPLERS:
        raise ParameterError(f"sampler: expected one of {SAMPLERS}, got {sampler!r}")
    if sampler == "sobol":
        if isinstance(seed, np.random.Generator) or n > SOBOL_MAX:
            raise ParameterError("seed, n: sampler='sobol' expects a SeedSequence or integer seed and "
                                 f"n <= {SOBOL_MAX}")
        u = _sobol_points(3, _scramble_seeds(_seed(seed, generator=False), 1)[0], 0, n)
        E, d0 = _sample_anomalous_K(n, float(lo), float(hi), float(lo0), float(hi0), _Fixed(u))
    else:
        E, d0 = _sample_anomalous_K(n, float(lo), float(hi), float(lo0), float(hi0), _rng(seed))
    return _like(E, D_min), _like(d0, D0_min)


class _Fixed:
    """A stand-in for a Generator that hands out the columns of given uniforms in turn (quasi-random points)."""

    def __init__(self, u: np.ndarray):
        self._u, self._k = u, 0

    def random(self, n: int) -> np.ndarray:
        col = self._u[:n, self._k]
        self._k += 1
        return col

    def uniform(self, low: float, high: float, n: int) -> np.ndarray:
        return low + (high - low) * self.random(n)


# -- exact spectrum of the three-well Hamiltonian (Eq. 3, zero field) ---------------------------------------
def _three_well_matrices(E: np.ndarray, D0: np.ndarray) -> np.ndarray:
    """Numeric (n, 3, 3) matrices of Eq. 3 at zero field (used to cross-check the closed form)."""
    n = E.shape[0]
    H = np.broadcast_to(np.asarray(D0, dtype=float)[:, None, None] * (1 - np.eye(3)), (n, 3, 3)).copy()
    H[:, [0, 1, 2], [0, 1, 2]] = E
    return H


def _cubic_levels(e1, e2, e3, D0, upper, *, max_iterations: int = 100):
    """Levels and gaps of A = D0 J + diag(E) - D0 from the symmetric functions e1, e2, e3 of E."""
    a2 = 3 * D0 + e1
    c2 = 2 * D0 * e1 + e2
    det = e3 + D0 * e2
    mu = np.array(upper, dtype=float)
    active = None  # None: iterate on the whole array (cheaper while most entries still move)
    extra = np.zeros(mu.size, dtype=bool)  # one more Newton step after the 1e-12 test passes
    for _ in range(max_iterations):
        if active is None:
            m, a, c, d = mu, a2, c2, det
        else:
            m, a, c, d = mu[active], a2[active], c2[active], det[active]
        f = ((m - a) * m + c) * m - d
        fp = (3 * m - 2 * a) * m + c
        step = np.where(fp > 0, f / np.where(fp > 0, fp, 1.0), 0.0)
        idx = np.arange(mu.size) if active is None else active
        mu[idx] = m - step
        small = np.abs(step) <= 1e-12 * np.abs(m)
        done = small & extra[idx]
        extra[idx[small]] = True
        remaining = idx[~done]
        if remaining.size == 0:
            break
        active = None if remaining.size > 0.25 * mu.size else remaining
    p12 = det / mu
    s12 = (c2 - p12) / mu
    gap = np.sqrt(np.maximum(s12 * s12 - 4 * p12, 0.0))
    low = (s12 - gap) / 2
    return np.stack([low - D0, low + gap - D0, mu - D0], axis=1), np.stack([gap, mu - low], axis=1)


def _three_well_levels_K(E: np.ndarray, D0: np.ndarray, *, traceless: bool = False) -> tuple[np.ndarray, np.ndarray]:
    r"""Sorted levels (n, 3) of Eq. 3 at zero field and the gaps (n, 2) above the ground level.

    With :math:`A=H+D_0=D_0 J+\mathrm{diag}(E)`, the characteristic polynomial of A is
    :math:`\mu^3-(3D_0+e_1)\mu^2+(2D_0e_1+e_2)\mu-(e_3+D_0e_2)` (matrix-determinant lemma). Its
    largest root follows by Newton from the upper bound :math:`3D_0+\max E_i` (monotone there);
    the other two from Vieta without cancellation: :math:`\mu_1\mu_2=\det A/\mu_3`,
    :math:`\mu_1+\mu_2=(c_2-\mu_1\mu_2)/\mu_3`. The small gap then has relative error of a
    few ulp even when it is :math:`10^{-8}D_0` (returned directly: a difference of the levels,
    each near :math:`-D_0`, would lose it). With ``traceless=True`` the constraint
    :math:`\sum E_i=0` is imposed exactly (:math:`e_1=0`, :math:`e_2=-\sum E_i^2/2`): the rounding
    of a sampled row's sum, times :math:`D_0`, would otherwise dominate a gap below
    :math:`10^{-8}D_0`.
    """
    E = np.asarray(E, dtype=float)
    D0 = np.asarray(D0, dtype=float)
    if traceless:
        e1 = np.zeros(E.shape[0])
        e2 = -0.5 * np.einsum("ij,ij->i", E, E)
    else:
        e1 = E.sum(axis=1)
        e2 = E[:, 0] * E[:, 1] + E[:, 0] * E[:, 2] + E[:, 1] * E[:, 2]
    e3 = E[:, 0] * E[:, 1] * E[:, 2]
    return _cubic_levels(e1, e2, e3, D0, 3 * D0 + E.max(axis=1))


_E3_FACTOR = 1.0 / (3.0 * np.sqrt(6.0))


def _sample_invariants_K(n: int, lo, hi, lo0, hi0, rng):
    r"""Draw Eq. 6 through its invariants: :math:`D`, :math:`e_3=E_1E_2E_3=D^3\sin(3\varphi)/(3\sqrt6)`, :math:`D_0`.

    In the basis :math:`u_1=(1,-1,0)/\sqrt2`, :math:`u_2=(1,1,-2)/\sqrt6` of the plane,
    :math:`E=D(\cos\varphi\,u_1+\sin\varphi\,u_2)` has :math:`E_1E_2E_3=D^3\sin3\varphi/(3\sqrt6)`;
    for uniform φ, :math:`\sin3\varphi` is distributed as :math:`\sin\psi` with ψ uniform.
    The spectrum depends on E only through D and :math:`e_3`, so the ensemble needs nothing else.
    """
    D = np.exp(np.log(lo) + np.log(hi / lo) * rng.random(n))
    s3 = np.sin(2 * np.pi * rng.random(n))
    d0 = np.exp(np.log(lo0) + np.log(hi0 / lo0) * rng.random(n))
    return D, D**3 * s3 * _E3_FACTOR, d0


def _three_well_gaps_invariants_K(D, e3, D0):
    """Gaps (n, 2) of Eq. 3 with sum E_i = 0 from D = |E| and e3 = E_1 E_2 E_3."""
    # start: second-order perturbation theory 3 D0 + D^2/(9 D0) (|<v|E|u>|^2 summed = D^2/3),
    # within O(D^3/D0^2) of the root; capped by the Gershgorin-type bound 3 D0 + sqrt(2/3) D
    start = np.minimum(3 * D0 + D * D / (9 * D0), 3 * D0 + np.sqrt(2.0 / 3.0) * D)
    if D.size and np.max(D / D0) <= 0.2:
        # near-degenerate fast path: start within (D/D0)^3/27 < 3e-4 (relative) of the root, so
        # three plain Newton steps reach the last ulp (quadratic convergence: 3e-4, 1e-7, 1e-14, ulp)
        e2 = -0.5 * D * D
        a2, det = 3 * D0, e3 + D0 * e2
        mu = start
        for _ in range(4):
            mu = mu - (((mu - a2) * mu + e2) * mu - det) / ((3 * mu - 2 * a2) * mu + e2)
        p12 = det / mu
        s12 = (e2 - p12) / mu
        gap = np.sqrt(np.maximum(s12 * s12 - 4 * p12, 0.0))
        return np.stack([gap, mu - (s12 - gap) / 2], axis=1)
    return _cubic_levels(np.zeros_like(D), -0.5 * D * D, e3, D0, start)[1]


def three_well_levels(E, D_0) -> pint.Quantity:
    r"""Return the three sorted levels of the three-well Hamiltonian (Eq. 3) at zero field.

    Parameters
    ----------
    E
        Asymmetries, shape (n, 3) (energies or temperatures :math:`E/k_B`).
    D_0
        Tunnelling energy :math:`D_0>0`, shape (n,).

    Notes
    -----
    :math:`H=\begin{pmatrix}E_1&D_0&D_0\\D_0&E_2&D_0\\D_0&D_0&E_3\end{pmatrix}` (Eq. 3). A stable
    closed form (Newton for the isolated top level, Vieta for the doublet) keeps the small gap
    accurate to a few ulp; it agrees with ``numpy.linalg.eigvalsh``. Levels come back in the
    unit of ``D_0``.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> three_well_levels(Q_([[0.0, 0.0, 0.0]], "K"), Q_([1.0], "K"))
    <Quantity([[-1. -1.  2.]], 'kelvin')>
    """
    E_K = np.atleast_2d(energy_K(E, "E", allow_negative=True, allow_zero=True))
    if E_K.shape[-1] != 3:
        raise ParameterError(f"E: expected shape (n, 3), got {E_K.shape}")
    d0 = np.atleast_1d(energy_K(D_0, "D_0"))
    d0 = np.broadcast_to(d0, (E_K.shape[0],))
    return _like(_three_well_levels_K(E_K, d0)[0], D_0)


def three_well_gaps(E, D_0) -> pint.Quantity:
    r"""Return the gaps :math:`(\mathcal E_1-\mathcal E_0,\ \mathcal E_2-\mathcal E_0)` of Eq. 3, shape (n, 2).

    Notes
    -----
    Computed directly from the stable closed form of :func:`three_well_levels` (not as a
    difference of levels near :math:`-D_0`), so the near-degenerate gap keeps full relative
    precision. Near degeneracy :math:`\mathcal E_1-\mathcal E_0\to\sqrt{2/3}\,D`
    (:data:`ATS_GAP_FACTOR`) and :math:`\mathcal E_2-\mathcal E_0\to3D_0`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> g = three_well_gaps(Q_([[1e-6, -1e-6, 0.0]], "K"), Q_([1.0], "K"))
    >>> round(float(g[0, 0].m_as("K") / (np.sqrt(2e-12) * ATS_GAP_FACTOR)), 5)
    1.0
    """
    E_K = np.atleast_2d(energy_K(E, "E", allow_negative=True, allow_zero=True))
    if E_K.shape[-1] != 3:
        raise ParameterError(f"E: expected shape (n, 3), got {E_K.shape}")
    d0 = np.broadcast_to(np.atleast_1d(energy_K(D_0, "D_0")), (E_K.shape[0],))
    return _like(_three_well_levels_K(E_K, d0)[1], D_0)


def dos_anomalous(E, *, P_star, D_min, D_max, D0_min, D0_max) -> pint.Quantity:
    r"""Return the near-degenerate anomalous density of states :math:`2\pi\tilde P^*/E` (Eq. 17, re-derived).

    Notes
    -----
    From Eq. 6 with the area measure, :math:`P(D,D_0)=2\pi P^*/(DD_0)`; integrating
    :math:`D_0` gives :math:`\tilde P^*=P^*\ln(D_{0,max}/D_{0,min})` (Eq. 16) and, with the
    near-degenerate gap :math:`E=\sqrt{2/3}\,D` (:data:`ATS_GAP_FACTOR`),

    .. math:: g_{ATS}(E)=\frac{2\pi\tilde P^*}{E}\,\theta(E-\sqrt{2/3}D_{min})\,\theta(\sqrt{2/3}D_{max}-E).

    This is Eq. 17's ATS term; Eq. 25 prints :math:`2P^*/E` (missing π and the logarithm of
    Eq. 16). Valid to first order in :math:`D/D_0`; :func:`dos_monte_carlo` uses the exact spectrum.
    The unit is that of :math:`P^*` per unit of ``E``.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> g = dos_anomalous(Q_(1, "K"), P_star=Q_(1, ""), D_min=Q_(0.1, "K"), D_max=Q_(10, "K"),
    ...                   D0_min=Q_(10, "K"), D0_max=Q_(1000, "K"))
    >>> round(float(g.m_as("1/K")) / (2 * float(np.pi * np.log(100))), 12)
    1.0
    """
    _check_registry(P_star, "P_star")
    e = energy_K(E, "E", allow_zero=True)
    lo, hi = energy_K(D_min, "D_min"), energy_K(D_max, "D_max")
    lo0, hi0 = energy_K(D0_min, "D0_min"), energy_K(D0_max, "D0_max")
    _ordered(lo, hi, "D_min, D_max")
    _ordered(lo0, hi0, "D0_min, D0_max")
    c = ATS_GAP_FACTOR
    inside = (e >= c * lo) & (e <= c * hi)
    value = np.where(inside, 2 * np.pi * np.log(hi0 / lo0) / np.where(inside, e, 1.0), 0.0)
    return P_star * _energy_power(value, E, -1)


# -- chunked ensembles ----------------------------------------------------------------------------------------
def run_chunks(function: Callable, tasks: Sequence, *, client=None) -> list:
    """Return ``[function(t) for t in tasks]``, in-process or through ``client.map``/``client.gather``.

    ``client`` is anything with Dask's ``Client.map(func, iterable)`` and ``Client.gather(futures)``
    (a ``dask.distributed.Client``, or a test double); Dask itself is never imported here.

    Examples
    --------
    >>> run_chunks(abs, [-1, 2, -3])
    [1, 2, 3]
    """
    if not callable(function):
        raise ParameterError(f"function: expected a callable, got {type(function).__name__}")
    if client is None:
        return [function(t) for t in tasks]
    return list(client.gather(client.map(function, list(tasks))))


def _chunk_sizes(n: int, chunk_size: int, min_chunks: int = 1) -> list[int]:
    n_chunks = max(min_chunks, -(-n // chunk_size))
    base, extra = divmod(n, n_chunks)
    return [base + (1 if i < extra else 0) for i in range(n_chunks)]


def _dos_chunk(task) -> np.ndarray:
    n, seed_seq, (lo, hi, lo0, hi0), edges_K, start = task
    rng = np.random.default_rng(seed_seq) if start is None else _Fixed(_sobol_points(3, seed_seq, start, n))
    D, e3, d0 = _sample_invariants_K(n, lo, hi, lo0, hi0, rng)
    gaps = _three_well_gaps_invariants_K(D, e3, d0)
    return np.histogram(gaps[:, 0], bins=edges_K)[0]


def dos_monte_carlo(E_edges, *, P_star, D_min, D_max, D0_min, D0_max, n: int = 10**6,
                    chunk_size: int = 2**18, seed=None, client=None, sampler: str = "random",
                    scrambles: int = 16) -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(g, sigma)``: the anomalous density of states in bins, from exact three-well gaps, and its error.

    Parameters
    ----------
    E_edges
        Bin edges of the gap :math:`E=\mathcal E_1-\mathcal E_0` (increasing, energies or kelvin).
    P_star, D_min, D_max, D0_min, D0_max
        The distribution of Eq. 6 (see :func:`anomalous_distribution`).
    n
        Number of three-well systems.
    chunk_size
        Systems per chunk: memory stays O(chunk_size).
    seed
        Seed of the root ``SeedSequence`` (chunks get independent child streams).
    client
        Optional Dask-like client (``map``/``gather``) to run the chunks on.
    sampler
        ``"random"`` (default) or ``"sobol"`` (:data:`SAMPLERS`): n/scrambles points of each of
        ``scrambles`` independently scrambled Sobol' sequences (best with n/scrambles a power of two).
    scrambles
        Number of independent Sobol' scrambles (``sampler="sobol"`` only): σ is the standard error
        of their means.

    Notes
    -----
    :math:`g_k=W\,N_k/(n\,\Delta E_k)`, :math:`\sigma_k=W\sqrt{N_k}/(n\,\Delta E_k)` with
    :math:`W` = :func:`anomalous_normalisation` and :math:`N_k` the count of exact gaps (from the
    closed-form spectrum of Eq. 3, not the effective two-level approximation) in bin k.
    The unit is that of :math:`P^*` per unit of ``E_edges``.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> g, s = dos_monte_carlo(Q_([0.5, 1.0], "K"), P_star=Q_(1, ""), D_min=Q_(0.1, "K"), D_max=Q_(10, "K"),
    ...                        D0_min=Q_(1e3, "K"), D0_max=Q_(1e5, "K"), n=20000, seed=3)
    >>> exact = 2 * np.pi * np.log(100) * np.log(2) / 0.5     # 2 pi P~* ln 2 / bin width
    >>> bool(abs(g.m_as("1/K")[0] - exact) < 4 * s.m_as("1/K")[0])
    True
    """
    n, chunk_size = _chunk_plan(n, chunk_size, 128)  # invariants, gaps and temporaries per system
    seed = _seed(seed, generator=False)
    edges = np.asarray(energy_K(E_edges, "E_edges", allow_zero=True), dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ParameterError("E_edges: expected at least two strictly increasing bin edges")
    lo, hi = float(energy_K(D_min, "D_min")), float(energy_K(D_max, "D_max"))
    lo0, hi0 = float(energy_K(D0_min, "D0_min")), float(energy_K(D0_max, "D0_max"))
    _ordered(lo, hi, "D_min, D_max")
    _ordered(lo0, hi0, "D0_min, D0_max")
    scrambles = _check_sampler(sampler, scrambles, n)
    W = anomalous_normalisation(P_star=P_star, D_min=D_min, D_max=D_max, D0_min=D0_min, D0_max=D0_max)
    width_K = np.diff(edges)
    if scrambles:
        runs = _sobol_runs(n, chunk_size, scrambles, seed)
        tasks = [(m, c, (lo, hi, lo0, hi0), edges, start) for _, c, start, m in runs]
        counts = np.array(run_chunks(_dos_chunk, tasks, client=client), dtype=float)
        mean, err = _scramble_mean(counts, np.array([m for *_, m in runs], dtype=float),
                                   np.array([r for r, *_ in runs]), n)
        return W * _energy_power(mean / width_K, E_edges, -1), W * _energy_power(err / width_K, E_edges, -1)
    sizes = _chunk_sizes(n, chunk_size)
    children = np.random.SeedSequence(seed if not isinstance(seed, np.random.SeedSequence) else seed.entropy).spawn(len(sizes))
    tasks = [(m, c, (lo, hi, lo0, hi0), edges, None) for m, c in zip(sizes, children, strict=True)]
    counts = np.sum(run_chunks(_dos_chunk, tasks, client=client), axis=0)
    g = W * _energy_power(counts / (n * width_K), E_edges, -1)
    sigma = W * _energy_power(np.sqrt(counts) / (n * width_K), E_edges, -1)
    return g, sigma


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

