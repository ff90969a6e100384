r"""The anomalous three-well distribution (Eq. 6), its samples, exact zero-field spectra and densities of states.

Private module of :mod:`multiwell.tunneling.distributions` (which re-exports its public names). The
levels and gaps of the three-well Hamiltonian (Eq. 3 at zero field) come from the one tunnelling
engine, :mod:`multiwell.tunneling._field_engine`: the pipeline's ``hamiltonian(complete(3))`` at zero
flux, its levels by :func:`multiwell.numeric.to_numpy` (Viète) and its gaps from the symbolic invariants
:math:`p, q, \Delta` (:func:`~multiwell.tunneling._field_engine.zero_field_invariants`), the same
kernels as :mod:`multiwell.tunneling.field` at B = 0.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pint

from multiwell.errors import ParameterError
from multiwell.geometry import complete
from multiwell.tunneling._edge import _check_registry, energy_K
from multiwell.tunneling._field_engine import gaps3, gaps3_scaled, levels, plan, zero_field_invariants
from multiwell.tunneling._sampling import (
    SAMPLERS,
    SOBOL_MAX,
    _check_sampler,
    _chunk_plan,
    _chunk_sizes,
    _energy_power,
    _Fixed,
    _like,
    _ordered,
    _rng,
    _sample_count,
    _scramble_mean,
    _scramble_seeds,
    _seed,
    _sobol_points,
    _sobol_runs,
    run_chunks,
)
from multiwell.units import Q_

__all__ = [
    "ATS_GAP_FACTOR",
    "anomalous_distribution",
    "anomalous_normalisation",
    "dos_anomalous",
    "dos_monte_carlo",
    "sample_anomalous",
    "three_well_gaps",
    "three_well_levels",
]

ATS_GAP_FACTOR = float(np.sqrt(2.0 / 3.0))  # documented where it is public: multiwell.tunneling.distributions

# orthonormal basis of the plane E_1 + E_2 + E_3 = 0
_U1 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0)
_U2 = np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)


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


# -- exact spectrum of the three-well Hamiltonian (Eq. 3, zero field): the field engine at zero flux -----------
@cache
def _three_wells():
    """The geometry of Eq. 3 (built once: a Geometry is hashed on every lookup of the engine's caches)."""
    return complete(3)


@cache
def _kernel():
    """The engine's zero-field invariants of Eq. 3 (:func:`multiwell.tunneling._field_engine.zero_field_invariants`)."""
    return zero_field_invariants(_three_wells())


def _three_well_matrices(E: np.ndarray, D0: np.ndarray) -> np.ndarray:
    """Numeric (n, 3, 3) matrices of Eq. 3 at zero field: the field engine's pipeline matrix (a reference for tests)."""
    p = plan(_three_wells())
    E = np.asarray(E, dtype=float)
    D0 = np.broadcast_to(np.asarray(D0, dtype=float), E.shape[:1])
    M = p.matrix(*E.T, *([D0] * len(p.hopping_names)), *([0.0] * p.n_loops))
    return np.ascontiguousarray(np.real(M))


def _levels_K(E: np.ndarray, D0: np.ndarray) -> np.ndarray:
    """Ascending levels (n, 3) of Eq. 3 at zero field: the field engine's levels (Viète, ``to_numpy``) at zero flux."""
    p = plan(_three_wells())
    return levels(p, E, [D0] * len(p.hopping_names), np.zeros((E.shape[0], p.n_loops)))


def _gaps_K(E: np.ndarray, D0: np.ndarray) -> np.ndarray:
    """Gaps (n, 2) above the ground level of Eq. 3 at zero field, cancellation-free (the field engine's ``gaps3``)."""
    return gaps3(_kernel(), E, D0)


def _draw_plane_K(n: int, lo, hi, lo0, hi0, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Draw n systems of Eq. 6: ``(D, angle, D_0)``, E = D (cos(angle) u_1 + sin(angle) u_2) on the plane.

    The draws are those of :func:`multiwell.tunneling._field_engine.sample` (D, ψ, D_0, in this
    order): the angle of E in the plane is ψ/3 here, (ψ + 2πk)/3 there, a cyclic permutation of the
    wells, so the spectra agree block by block. ``rng`` may hand out quasi-random columns (:class:`_Fixed`).
    """
    D = np.exp(np.log(lo) + np.log(hi / lo) * rng.random(n))
    psi = 2 * np.pi * rng.random(n)
    d0 = np.exp(np.log(lo0) + np.log(hi0 / lo0) * rng.random(n))
    return D, psi / 3, d0


def _ensemble_gaps_K(n: int, lo, hi, lo0, hi0, rng, upper: bool = True) -> np.ndarray:
    r"""Gaps (n, 2) of n systems drawn from Eq. 6 (:func:`_draw_plane_K`), by the engine's zero-field kernel.

    Without ``upper`` only the lowest gap, (n, 1).

    With :math:`E=D(\cos a\,u_1+\sin a\,u_2)` the kernel's differences are
    :math:`E_2-E_1=-\sqrt2D\cos a` and :math:`E_3-E_1=-\sqrt2D\cos(a-\pi/3)`, computed without E.
    """
    D, ang, d0 = _draw_plane_K(n, lo, hi, lo0, hi0, rng)
    s = -np.sqrt(2.0) * D / d0
    return gaps3_scaled(_kernel(), s * np.cos(ang), s * np.cos(ang - np.pi / 3), d0, upper)


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
    :math:`H=\begin{pmatrix}E_1&D_0&D_0\\D_0&E_2&D_0\\D_0&D_0&E_3\end{pmatrix}` (Eq. 3), the
    pipeline's ``hamiltonian(complete(3))`` at zero flux, as :mod:`multiwell.tunneling.field` builds
    it; its levels by :func:`multiwell.numeric.to_numpy` (Viète's form, each level within a few ulp of
    :math:`\max|H_{ij}|`; it agrees with ``numpy.linalg.eigvalsh``). For small gaps use
    :func:`three_well_gaps`. Levels come back in the unit of ``D_0``.

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
    return _like(_levels_K(E_K, np.ascontiguousarray(d0, dtype=float)), D_0)


def three_well_gaps(E, D_0) -> pint.Quantity:
    r"""Return the gaps :math:`(\mathcal E_1-\mathcal E_0,\ \mathcal E_2-\mathcal E_0)` of Eq. 3, shape (n, 2).

    Notes
    -----
    Computed directly (not as a difference of levels near :math:`-D_0`) by the field engine's
    zero-field kernel: :math:`2\sqrt{3p}\sin(\theta/3)` and :math:`2\sqrt{3p}\sin(\pi/3+\theta/3)`,
    :math:`\theta=\operatorname{atan2}(\sqrt\Delta,q)`, with the invariants of the pipeline's
    Hamiltonian and :math:`\Delta=p^3-q^2` cancellation-free (as :func:`multiwell.numeric.spectral_gap`),
    so the near-degenerate gap keeps full relative precision (tested against mpmath at 30 digits).
    Near degeneracy :math:`\mathcal E_1-\mathcal E_0\to\sqrt{2/3}\,D`
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
    return _like(_gaps_K(E_K, np.ascontiguousarray(d0, dtype=float)), D_0)


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
def _dos_chunk(task) -> np.ndarray:
    n, seed_seq, (lo, hi, lo0, hi0), edges_K, start = task
    rng = np.random.default_rng(seed_seq) if start is None else _Fixed(_sobol_points(3, seed_seq, start, n))
    gaps = _ensemble_gaps_K(n, lo, hi, lo0, hi0, rng, upper=False)
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
    spectrum of Eq. 3 by the field engine's zero-field kernel, not the effective two-level approximation)
    in bin k.
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
    root = np.random.SeedSequence(seed if not isinstance(seed, np.random.SeedSequence) else seed.entropy)
    children = root.spawn(len(sizes))
    tasks = [(m, c, (lo, hi, lo0, hi0), edges, None) for m, c in zip(sizes, children, strict=True)]
    counts = np.sum(run_chunks(_dos_chunk, tasks, client=client), axis=0)
    g = W * _energy_power(counts / (n * width_K), E_edges, -1)
    sigma = W * _energy_power(np.sqrt(counts) / (n * width_K), E_edges, -1)
    return g, sigma
