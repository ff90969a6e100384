r"""Private sampling helpers of :mod:`multiwell.tunneling`: seeds, sample counts, chunks, scrambled Sobol' points.

Shared by the zero-field Monte Carlo (:mod:`~multiwell.tunneling.distributions`,
:mod:`~multiwell.tunneling.thermal`) and the field engine (:mod:`multiwell.tunneling._field_engine`).
Energies here are unitless (kelvin); :func:`_like` and :func:`_energy_power` put units back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pint

from multiwell._validate import sample_size
from multiwell.errors import ParameterError
from multiwell.tunneling._edge import _K_PER_J
from multiwell.units import Q_

__all__: list[str] = []


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
SAMPLERS = ("random", "sobol")  # documented where it is public: multiwell.tunneling.distributions

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
    g_sums = np.zeros((keys.size, *sums.shape[1:]))
    np.add.at(g_sums, inverse, sums)
    g_sizes = np.bincount(inverse, weights=sizes).astype(float)
    mean = g_sums.sum(axis=0) / n
    k = keys.size
    if k < 2:
        return mean, np.zeros_like(mean)
    w = g_sizes.reshape((-1,) + (1,) * (sums.ndim - 1))
    var = np.sum(w * (g_sums / w - mean) ** 2, axis=0) / (n * (k - 1))
    return mean, np.sqrt(var)


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
