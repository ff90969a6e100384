"""Property tests of multiwell.limits: a series truncated at order n is off by O(eps^(n+1)).

For each geometry the symbolic series are computed once (cached below) and hypothesis varies
only the numbers: hoppings, on-site energies, fluxes. The small parameters are scaled by
eps = 10^-3 .. 10^-4.5 (four points); at each eps the series is evaluated at 80 digits and
compared with the exact eigenvalues of the numeric matrix (``mpmath.eighe`` at 80 digits),
both sorted. The error is the largest difference over the levels; the slope of
log(error) against log(eps) must be at least n + 1 - ``SLOPE_TOLERANCE``.

Why sorting both lists is right: the block diagonalisation is a unitary transformation, the
truncated blocks differ from the exact ones by O(eps^(n+1)), and by Weyl's inequality the sorted
eigenvalues of two Hermitian matrices differ by at most the norm of their difference. This
holds for degenerate levels too, whose series are the eigenvalues of a truncated block
(square roots of polynomials, not power series).

Parameter ranges keep the unperturbed levels apart (perturbation theory needs a gap): for the
square D_2 < D_1 / 2, for a flux kept in H_0 values away from level crossings.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import chain, complete, eigenvalue_series, hamiltonian, ring, square, tetrahedron
from multiwell.numeric import to_mpmath

DPS = 80
EPS = [mpmath.mpf(10) ** -mpmath.mpf(x) for x in ("3", "3.5", "4", "4.5")]
# The eps^(n+2) term shifts a four-point fit by ~0.05 at these eps. The slope is an asymptotic
# statement: at larger eps (1e-2) an accidental cancellation between the eps^(n+1) and eps^(n+2)
# terms (complete(3) with a symbolic flux, phi = 0.375, E_1 = 0: the two are ~100x apart) bent the
# fit to 2.5 for n = 2; below 1e-3 it is 2.99.
SLOPE_TOLERANCE = 0.3
# Errors below this are not series errors: where a doublet's splitting vanishes (equal energies)
# the closed form sqrt(disc) turns the 1e-80 rounding of disc into ~1e-40. Real truncation errors
# at eps = 10^-4.5 are >= ~1e-22.5 times the coefficient (order 4); points below the floor are left out of the fit.
FLOOR = mpmath.mpf(10) ** -36

phi = sp.Symbol("phi", real=True)


def _case(geometry, *, flux=None, flux_small=False, orders=(1, 2, 3, 4), ranges=None):
    H = hamiltonian(geometry, flux=flux)
    small = list(H.energies) + ([phi] if flux_small else [])
    return {"H": H, "small": small, "orders": orders, "ranges": ranges or {}}


# name -> geometry, flux treatment, the orders tested (kept where the symbolic work takes about a
# second; higher orders of the larger cases are measured in the report of issue 4, not here)
CASES = {
    # complete(3) with D_0 > 0: the ground level -D_0 is doubly degenerate
    "complete3": lambda: _case(complete(3)),
    "ring4": lambda: _case(ring(4)),
    "ring5": lambda: _case(ring(5), orders=(1, 2)),
    "square": lambda: _case(square(), orders=(1, 2, 3), ranges={"D_1": (1.0, 1.5), "D_2": (0.1, 0.4)}),
    "tetrahedron": lambda: _case(tetrahedron(), orders=(1, 2)),
    "chain3": lambda: _case(chain(3)),
    "chain4": lambda: _case(chain(4), orders=(1, 2, 3)),
    # several small parameters at once: energies and the flux (the doublet splits linearly in phi)
    "complete3_small_flux": lambda: _case(complete(3), flux=phi, flux_small=True),
    "tetrahedron_small_flux": lambda: _case(tetrahedron(), flux=phi, flux_small=True, orders=(1, 2)),
    # a fixed exact flux in H_0 (cyclotomic phases exp(i pi/8), exp(2 i pi/15))
    "ring4_flux_pi_half": lambda: _case(ring(4), flux=sp.pi / 2, orders=(1, 2, 3)),
    "ring5_flux_2pi_3": lambda: _case(ring(5), flux=2 * sp.pi / 3, orders=(1, 2)),
    # a symbolic flux in H_0 (not small): levels 2 D_0 cos((phi + 2 pi k)/3), apart for 0.3 < phi < 2
    "complete3_symbolic_flux": lambda: _case(complete(3), flux=phi, orders=(1, 2), ranges={"phi": (0.6, 2.0)}),
}


@functools.cache
def case(name: str) -> dict:
    return CASES[name]()


@functools.cache
def exact_matrix(name: str):
    H = case(name)["H"]
    params = tuple(sorted(H.matrix.free_symbols, key=str))
    return params, to_mpmath(H.matrix, params=params, dps=DPS)


@functools.cache
def series_function(name: str, order):
    """The lambdified series (order: an int, or a tuple of (symbol name, order) pairs)."""
    c = case(name)
    params, _ = exact_matrix(name)
    spec = order if isinstance(order, int) else {sp.Symbol(n, real=True): k for n, k in order}
    levels = eigenvalue_series(c["H"], small=c["small"], order=spec)
    used = tuple(s for s in params if any(x.has(s) for x in levels))  # a parameter of order 0 may drop out
    return to_mpmath(levels, params=used, dps=DPS), [s.name for s in used]


def exact_eigenvalues(name: str, values: dict) -> list:
    _, matrix = exact_matrix(name)
    with mpmath.workdps(DPS):
        A = mpmath.matrix(matrix(**values).tolist())
        return sorted(mpmath.eighe(A, eigvals_only=True), key=lambda x: mpmath.re(x))


def errors(name: str, order, base: dict, powers: dict) -> list:
    """Largest |series - exact| over the levels at each eps; small symbol s scaled by eps**powers[s]."""
    f, names = series_function(name, order)
    out = []
    with mpmath.workdps(DPS):
        for eps in EPS:
            values = {k: (v * eps ** powers[k] if k in powers else v) for k, v in base.items()}
            approx = sorted((mpmath.re(x) for x in f(**{n: values[n] for n in names})), key=float)
            exact = exact_eigenvalues(name, values)
            out.append(max(abs(a - mpmath.re(b)) for a, b in zip(approx, exact, strict=True)))
    return out


def slope(errs: list) -> float | None:
    """Least-squares slope of log10(error) against log10(eps) over the points above ``FLOOR``.

    None when fewer than two points are left (the truncated series is exact there, e.g. equal
    on-site energies).
    """
    points = [(float(mpmath.log10(eps)), float(mpmath.log10(e))) for eps, e in zip(EPS, errs, strict=True) if e > FLOOR]
    if len(points) < 2:
        return None
    x, y = zip(*points, strict=True)
    return float(np.polyfit(x, y, 1)[0])


def draw_values(data, name: str) -> dict:
    c = case(name)
    params, _ = exact_matrix(name)
    small = set(c["small"])
    out = {}
    for s in params:
        if s.name in c["ranges"]:
            lo, hi = c["ranges"][s.name]
        elif s in small:
            lo, hi = -1.0, 1.0
        elif s.is_positive:
            lo, hi = 0.5, 1.5
        else:
            lo, hi = -1.0, 1.0
        out[s.name] = mpmath.mpf(data.draw(st.floats(lo, hi, allow_nan=False), label=s.name))
    return out


@pytest.mark.parametrize("name", sorted(CASES))
@given(data=st.data())
def test_series_error_shrinks_like_eps_to_the_order_plus_one(name, data):
    c = case(name)
    base = draw_values(data, name)
    powers = {s.name: 1 for s in c["small"]}
    for n in c["orders"]:
        k = slope(errors(name, n, base, powers))
        assert k is None or k >= n + 1 - SLOPE_TOLERANCE, (name, n, k)


@given(st.integers(1, 2), st.integers(0, 1), st.integers(1, 2), st.data())
def test_per_parameter_orders_energies_and_flux(n_energy, n_flux, k, data):
    """order={E_i: a, phi: b}, E ~ eps, phi ~ eps^k: the dropped terms are E^(a+1) and phi^(b+1).

    With b = 0 the flux is dropped altogether and the slope is k, below the total-order value:
    the test fails if the per-parameter orders were ignored. (The exactness of the slope in
    that case is checked in tests/unit/test_limits.py.)
    """
    name = "complete3_small_flux"
    base = draw_values(data, name)
    c = case(name)
    order = tuple((s.name, n_flux if s == phi else n_energy) for s in c["small"])
    powers = {s.name: (k if s == phi else 1) for s in c["small"]}
    expected = min(n_energy + 1, k * (n_flux + 1))
    got = slope(errors(name, order, base, powers))
    assert got is None or got >= expected - SLOPE_TOLERANCE, (order, k, got)
