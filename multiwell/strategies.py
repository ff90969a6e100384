"""Hypothesis strategies for testing code built on multiwell (public: use them in your own tests).

Strategies are plain functions returning hypothesis strategies:

- :func:`geometries` — random connected geometries (distinct integer positions in 2D,
  a random spanning tree plus extra bonds, hopping names from a small pool);
- :func:`parameter_values` — numeric values for every symbol of a Hamiltonian
  (energies real, hoppings positive, fluxes in (-pi, pi]);
- :func:`gauge_phases` — a real phase per well, for :meth:`Hamiltonian.gauge_transform`;
- :func:`permutations_of` — a relabelling of the wells.

Examples
--------
>>> from hypothesis import given, settings
>>> from multiwell import hamiltonian
>>> @settings(max_examples=5, deadline=None)
... @given(geometries(max_wells=4))
... def check(g):
...     assert hamiltonian(g).matrix.is_hermitian
>>> check()
"""

from __future__ import annotations

import itertools

import hypothesis.strategies as st
import sympy as sp
from hypothesis import assume as hypothesis_assume

from multiwell.geometry import Geometry
from multiwell.hamiltonian import Hamiltonian

__all__ = ["gauge_phases", "geometries", "parameter_values", "permutations_of"]

HOPPING_NAMES = ("D_0", "D_1", "D_2")


@st.composite
def geometries(draw, *, min_wells: int = 2, max_wells: int = 6, max_coordinate: int = 6,
               hopping_names=HOPPING_NAMES, min_loops: int = 0) -> Geometry:
    r"""A random connected 2D geometry with ``min_wells..max_wells`` wells.

    Positions are distinct integer points in ``[-max_coordinate, max_coordinate]^2``, so
    every area and line integral is exact. Bonds: a random spanning tree plus a random
    subset of the remaining pairs; at least ``min_loops`` independent loops.

    Examples
    --------
    Every drawn geometry is connected, so it has :math:`n_\text{bonds} - n_\text{wells} + 1`
    independent loops (Euler's formula for a connected graph):

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None, database=None, derandomize=True)
    ... @given(geometries(max_wells=5, min_loops=1))
    ... def euler(g):
    ...     assert len(g.components()) == 1
    ...     assert len(g.loops()) == len(g.bonds) - g.n_wells + 1 >= 1
    >>> euler()
    """
    if min_loops > 0:
        min_wells = max(min_wells, 3)
    n = draw(st.integers(min_wells, max(min_wells, max_wells)))
    coords = st.tuples(st.integers(-max_coordinate, max_coordinate), st.integers(-max_coordinate, max_coordinate))
    points = draw(st.lists(coords, min_size=n, max_size=n, unique=True))
    names = st.sampled_from(tuple(hopping_names))
    bonds = {}
    for k in range(1, n):
        parent = draw(st.integers(0, k - 1))
        bonds[(parent, k)] = draw(names)
    others = [p for p in itertools.combinations(range(n), 2) if p not in bonds]
    need = min(min_loops, len(others))
    extra = draw(st.lists(st.sampled_from(others), min_size=need, max_size=len(others), unique=True)) if others else []
    for p in extra:
        bonds[p] = draw(names)
    g = Geometry(points, [(i, j, name) for (i, j), name in bonds.items()], name="random")
    if min_loops > 0:
        # a uniform field must thread the loops: reject wells all on one line
        hypothesis_assume(g.hull_area() != 0)
    return g


def _value_for(symbol: sp.Symbol, *, energy_scale: float, hopping_range: tuple[float, float]):
    if symbol.is_positive:
        return st.floats(*hopping_range, allow_nan=False, allow_infinity=False)
    name = symbol.name.lower()
    if name.startswith(("phi", "theta", "varphi")):
        return st.floats(-3.14159, 3.14159, allow_nan=False)
    return st.floats(-energy_scale, energy_scale, allow_nan=False, allow_infinity=False)


@st.composite
def parameter_values(draw, H: Hamiltonian, *, energy_scale: float = 2.0,
                     hopping_range: tuple[float, float] = (0.1, 2.0)) -> dict:
    r"""Numeric values for every symbol of ``H``: positive symbols in ``hopping_range``,
    flux-like symbols (``phi...``) in [-pi, pi], other real symbols in ``[-energy_scale, energy_scale]``.

    When ``H`` has the constraint sum(E_i) = 0 the last energy symbol is set to satisfy it.

    Examples
    --------
    For the traceless 3-well Hamiltonian of Eq. 3 every draw has :math:`\sum_i E_i = 0` and
    :math:`D_0 > 0`:

    >>> from hypothesis import given, settings
    >>> from multiwell import complete, hamiltonian
    >>> H = hamiltonian(complete(3), traceless=True)
    >>> @settings(max_examples=10, deadline=None, database=None, derandomize=True)
    ... @given(parameter_values(H))
    ... def traceless(values):
    ...     assert abs(sum(values[E] for E in H.energies)) < 1e-12
    ...     assert all(values[t] > 0 for t in H.hoppings)
    >>> traceless()
    """
    values = {
        s: draw(_value_for(s, energy_scale=energy_scale, hopping_range=hopping_range)) for s in H.symbols
    }
    for c in H.constraints:
        free = [s for s in H.symbols if s in c.free_symbols and not s.is_positive]
        if free:
            target = free[-1]
            sol = sp.solve(c, target)
            if sol:
                values[target] = float(sol[0].xreplace({k: v for k, v in values.items() if k != target}))
    return values


def gauge_phases(n: int):
    r"""A list of ``n`` real phases (floats in [-pi, pi]) for a diagonal gauge transformation.

    Examples
    --------
    :math:`H \to UHU^\dagger` with :math:`U = \mathrm{diag}(e^{i\chi_k})` leaves the spectrum
    unchanged (here the square of Eq. 4 at flux :math:`\phi = 1`):

    >>> import numpy as np
    >>> import sympy as sp
    >>> from hypothesis import given, settings
    >>> from multiwell import hamiltonian, square
    >>> phi = sp.Symbol("phi", real=True)
    >>> H = hamiltonian(square(), flux=phi)
    >>> values = {s: 0.3 * k for k, s in enumerate(H.symbols, 1)}
    >>> @settings(max_examples=10, deadline=None, database=None, derandomize=True)
    ... @given(gauge_phases(4))
    ... def gauge_invariant(chi):
    ...     np.testing.assert_allclose(H.gauge_transform(chi).eigvalsh(values), H.eigvalsh(values),
    ...                                atol=1e-12)
    >>> gauge_invariant()
    """
    return st.lists(st.floats(-3.14159, 3.14159, allow_nan=False), min_size=n, max_size=n)


def permutations_of(n: int):
    r"""A permutation of ``range(n)``.

    Examples
    --------
    Relabelling the wells (:math:`H \to PHP^T`) is a change of basis, so it keeps the
    spectrum (here the 3-well system of Eq. 7 at flux :math:`\phi = 1`):

    >>> import numpy as np
    >>> import sympy as sp
    >>> from hypothesis import given, settings
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> H = hamiltonian(complete(3), flux=phi)
    >>> values = dict(zip(H.symbols, [0.1, -0.4, 0.3, 1.0, 1.0]))
    >>> @settings(max_examples=10, deadline=None, database=None, derandomize=True)
    ... @given(permutations_of(3))
    ... def relabelling(perm):
    ...     assert sorted(perm) == [0, 1, 2]
    ...     np.testing.assert_allclose(H.permuted(perm).eigvalsh(values), H.eigvalsh(values),
    ...                                atol=1e-12)
    >>> relabelling()
    """
    return st.permutations(list(range(n)))
