"""Readable limits (issue 15): real trigonometric form, a size budget, and the same numbers as before.

Size budget (``sympy.count_ops`` per level, measured values in brackets):

- hexagon ``ring(6)``, symbolic flux in H0, small = E_1..E_6, order 2: <= 500 per level (312-435);
  before: 4576-28791 with ``exp(2*I*pi/3)`` left in;
- ``complete(3)``, symbolic flux, small = E_1..E_3, order 2: <= 100 per level (59-69); before 232-1123;
- octahedron (wells at +-x, +-y, +-z), small = its six energies, order 1: <= 100 per level (3-81), both
  without a field (the triplet at 0 as three linear closed forms, before a Viete Piecewise) and with a
  field along (1, 1, 1).

No level may contain ``exp``, ``I``, a complex root of unity such as ``(-1)**(1/3)``, ``Piecewise``,
``atan2`` or ``Max``. Values are checked against independent routes: the SymPy engine (the old form)
at random points at 40 digits, the second-order Rayleigh-Schroedinger sum from mpmath eigenvectors
at 50 digits, a hand derivation (octahedron triplet), and the exact eigenvalues at eps = 1e-10.
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp

from multiwell import Geometry, complete, eigenvalue_series, hamiltonian, ring
from multiwell.limits import _series, _truncation
from multiwell.numeric import to_mpmath

phi = sp.Symbol("phi", real=True)
D0 = sp.Symbol("D_0", positive=True)


def octahedron() -> Geometry:
    pos = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
    bonds = [(i, j, "D_0") for i in range(6) for j in range(i + 1, 6) if i // 2 != j // 2]
    return Geometry(pos, bonds)


def assert_readable(expr: sp.Expr, budget: int) -> None:
    assert not expr.has(sp.exp, sp.I, sp.Piecewise, sp.atan2, sp.Max), expr
    roots_of_unity = [p for p in expr.atoms(sp.Pow) if p.base.is_negative and not p.exp.is_Integer]
    assert not roots_of_unity, roots_of_unity
    assert sp.count_ops(expr) <= budget, (sp.count_ops(expr), budget)


def random_point(symbols, seed: int) -> dict:
    rng = random.Random(seed)
    return {s: sp.Rational(rng.randint(500, 1500) if s.is_positive else rng.randint(-1000, 1000), 1000)
            for s in symbols}


def value(expr, point, dps: int = 40):
    return complex(sp.N(expr.xreplace(point), dps))


@pytest.mark.slow
@pytest.mark.parametrize("geometry", [complete(3), ring(4)], ids=["complete3", "ring4"])
def test_readable_form_equals_the_symbolic_engine_at_random_points(geometry):
    """The flux-field engine's trigonometric form and the SymPy engine's form agree to 30 digits."""
    H = hamiltonian(geometry, flux=phi)
    small = list(H.energies)
    new = eigenvalue_series(H, small=small, order=2)
    for x in new:
        assert_readable(x, 100)
    problem = _series._problem(H, small, exact=False)
    keep = _truncation._orders(small, 2)[1]
    old = [x for b in range(len(problem.groups)) for x in problem.level_eigenvalues(b, keep)]
    _series._CACHE.clear()
    for seed in range(3):
        point = random_point(H.matrix.free_symbols, seed)
        for a, b in zip(new, old, strict=True):
            assert abs(value(a, point) - value(b, point)) < 1e-30 * (1 + abs(value(b, point)))


def test_hexagon_with_flux_second_order_is_the_rayleigh_schroedinger_sum_and_within_budget():
    """Nondegenerate levels: E_k + V_kk + sum_l |V_lk|^2/(e_k - e_l), from mpmath eigenvectors of H0 (50 digits)."""
    H = hamiltonian(ring(6), flux=phi)
    E = list(H.energies)
    series = eigenvalue_series(H, small=E, order=2)
    assert len(series) == 6
    for x in series:
        assert_readable(x, 500)
    params = (D0, phi, *E)
    matrix = to_mpmath(H.matrix, params=params, dps=50)
    rng = random.Random(3)
    with mpmath.workdps(50):
        values = {"D_0": mpmath.mpf("1.1"), "phi": mpmath.mpf("0.7")}
        values.update({e.name: mpmath.mpf(rng.uniform(-1, 1)) for e in E})
        M = mpmath.matrix(matrix(**values).tolist())
        M0 = M.copy()
        for k in range(6):
            M0[k, k] = 0
        eps0, U = mpmath.eighe(M0)
        V = mpmath.diag([values[e.name] for e in E])
        W = U.H * V * U
        expected = []
        for k in range(6):
            second = sum(abs(W[m, k]) ** 2 / (eps0[k] - eps0[m]) for m in range(6) if m != k)
            expected.append((eps0[k], eps0[k] + mpmath.re(W[k, k]) + second))
        point = {s: sp.Float(str(values[s.name]), 50) for s in params}
        zero = {**point, **{e: 0 for e in E}}
        got = [(sp.N(x.xreplace(zero), 50), sp.N(x.xreplace(point), 50)) for x in series]
        for level0, exact2 in expected:  # match the levels by their unperturbed energy
            match = min(got, key=lambda g: abs(complex(g[0]) - float(level0)))
            assert abs(complex(match[0]) - complex(level0)) < 1e-40
            assert abs(complex(match[1]) - complex(exact2)) < 1e-40


def test_octahedron_triplet_splits_into_linear_closed_forms_by_hand():
    """First order in the energies: the t1u triplet (p-like orbitals) gives (E_{+a} + E_{-a})/2, a = x, y, z."""
    H = hamiltonian(octahedron())
    E = list(H.energies)
    series = eigenvalue_series(H, small=E, order=1)
    for x in series:
        assert_readable(x, 100)
    pairs = {sp.expand((E[0] + E[1]) / 2), sp.expand((E[2] + E[3]) / 2), sp.expand((E[4] + E[5]) / 2)}
    assert {sp.expand(x) for x in series[2:5]} == pairs
    assert sp.expand(series[5] - (4 * D0 + sum(E) / 6)) == 0  # the a1g level: a single mode


@pytest.mark.parametrize("field", [None, phi], ids=["no-field", "field-111"])
def test_octahedron_first_order_is_within_eps_squared_of_the_exact_levels(field):
    """At energies of size eps = 1e-10 the first-order series is off by O(eps^2) (50-digit eigenvalues)."""
    H = hamiltonian(octahedron(), flux=field, direction=(1, 1, 1)) if field is not None else hamiltonian(octahedron())
    E = list(H.energies)
    series = eigenvalue_series(H, small=E, order=1)
    for x in series:
        assert_readable(x, 100)
    params = tuple(sorted(H.matrix.free_symbols, key=str))
    matrix = to_mpmath(H.matrix, params=params, dps=50)
    rng = random.Random(5)
    with mpmath.workdps(50):
        eps = mpmath.mpf(10) ** -10
        values = {s.name: (eps * mpmath.mpf(rng.uniform(-1, 1)) if s in E else mpmath.mpf(rng.uniform(0.5, 1.5)))
                  for s in params}
        exact = sorted(mpmath.eighe(mpmath.matrix(matrix(**values).tolist()), eigvals_only=True), key=float)
        point = {s: sp.Float(str(values[s.name]), 50) for s in params}
        approx = sorted((sp.re(sp.N(x.xreplace(point), 50)) for x in series), key=float)
        for a, b in zip(approx, exact, strict=True):
            assert abs(mpmath.mpf(str(a)) - b) < 100 * eps**2


@pytest.mark.parametrize("field", [None, phi], ids=["complete3", "octahedron-field111"])
def test_two_level_parameters_in_field_arithmetic_equal_those_of_the_effective_block(field):
    """asymmetry a - d, tunnelling 2|b|, gap sqrt((a-d)^2 + 4|b|^2), centre (a+d)/2 from the block itself."""
    from multiwell import effective_hamiltonian, effective_two_level

    if field is None:
        H = hamiltonian(complete(3))
    else:
        H = hamiltonian(octahedron(), flux=field, direction=(1, 1, 1))
    E = list(H.energies)
    two = effective_two_level(H, small=E, subspace=0, order=2)
    for key in ("asymmetry", "centre"):
        assert_readable(two[key], 250)
    block = effective_hamiltonian(H, small=E, subspace=0, order=2)
    a, b, d = block[0, 0], block[0, 1], block[1, 1]
    reference = {"asymmetry": a - d, "tunnelling": 2 * sp.sqrt(b * sp.conjugate(b)),
                 "gap": sp.sqrt((a - d) ** 2 + 4 * b * sp.conjugate(b)), "centre": (a + d) / 2}
    for seed in range(2):
        point = random_point(H.matrix.free_symbols, seed)
        for key, ref in reference.items():
            assert abs(value(two[key], point) - value(ref, point)) < 1e-30 * (1 + abs(value(ref, point)))


def test_flux_field_arithmetic_against_complex_numbers():
    """Q(zeta_12)(w), w = e^{i phi/6}: products, inverses, conjugates and the trig form evaluate as complex numbers."""
    from multiwell.limits._cyclotomic import _Cyclotomic
    from multiwell.limits._fluxfield import _FluxField

    F = _FluxField(_Cyclotomic(12), phi, 6)
    exprs = [2 * sp.cos(phi / 6 + sp.pi / 3) - 2 * sp.cos(phi / 6),
             sp.exp(sp.I * phi / 3) + sp.Rational(1, 3) * sp.exp(-sp.I * sp.pi / 6),
             sp.sin(phi / 2) + sp.I * sp.cos(phi / 3)]
    at = {phi: sp.Rational(7, 10)}

    def num(e):
        return complex(sp.N(e.xreplace(at), 30))

    xs = [F.from_sympy(e) for e in exprs]
    for e, x in zip(exprs, xs, strict=True):
        assert abs(num(F.to_sympy(x)) - num(e)) < 1e-25
        assert (x * F.inv(x) - F.one).is_zero()
        assert (F.conj(F.conj(x)) - x).is_zero()
        assert abs(num(F.to_sympy(F.conj(x))) - num(e).conjugate()) < 1e-25
    product = xs[0] * F.inv(xs[1]) + xs[2]
    assert abs(num(F.to_sympy(product)) - num(exprs[0] / exprs[1] + exprs[2])) < 1e-25
    real = F.to_sympy(xs[0] * F.inv(xs[0] + F.from_sympy(3)))  # a real element: no I in its form
    assert not real.has(sp.I, sp.exp)
