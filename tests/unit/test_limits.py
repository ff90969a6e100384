"""Unit tests of multiwell.limits: effective Hamiltonians, hand-derived limits, reduce, bad input.

Expected values come from elsewhere: exact eigenvalues of the numeric matrix (mpmath at 50
digits), first-order degenerate perturbation theory worked out by hand in the Fourier
modes, the paper's printed Eqs. 36/37 typed in from the text.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from multiwell import (
    ParameterError,
    chain,
    complete,
    effective_hamiltonian,
    effective_two_level,
    eigenvalue_series,
    hamiltonian,
    reduce,
    ring,
    square,
    tetrahedron,
)
from multiwell.limits import _basis, _series, _truncation, unperturbed_levels
from multiwell.numeric import to_mpmath

DPS = 50
EPS = [mpmath.mpf(10) ** -mpmath.mpf(x) for x in ("1.5", "2", "2.5", "3")]
phi = sp.Symbol("phi", real=True)
D0, D1, D2 = sp.symbols("D_0 D_1 D_2", positive=True)
E = sp.symbols("E_1:6", real=True)


def eigenvalues(M: sp.Matrix, values: dict) -> list:
    with mpmath.workdps(DPS):
        A = mpmath.matrix(np.array(to_mpmath(M, params=tuple(values), dps=DPS)(*values.values())).tolist())
        return sorted((mpmath.re(x) for x in mpmath.eighe(A, eigvals_only=True)), key=float)


def fitted_slope(errs) -> float:
    x = [float(mpmath.log10(e)) for e in EPS]
    y = [float(mpmath.log10(e)) for e in errs]
    return float(np.polyfit(x, y, 1)[0])


def scaled(values: dict, powers: dict, eps) -> dict:
    return {s: (v * eps ** powers[s] if s in powers else v) for s, v in values.items()}


GENERIC = {E[0]: mpmath.mpf("0.73"), E[1]: mpmath.mpf("-0.41"), E[2]: mpmath.mpf("0.18"),
           E[3]: mpmath.mpf("-0.9"), E[4]: mpmath.mpf("0.55"), D0: mpmath.mpf("1.1"),
           D1: mpmath.mpf("1.2"), D2: mpmath.mpf("0.3"), phi: mpmath.mpf("0.63")}


def values_for(M: sp.Matrix) -> dict:
    return {s: GENERIC[s] for s in sorted(M.free_symbols, key=str)}


# -- effective Hamiltonians ---------------------------------------------------------------------------
EFFECTIVE_CASES = {
    # (Hamiltonian, small, level index, orders)
    "complete3-ground-doublet": (hamiltonian(complete(3)), list(E[:3]), 0, (1, 2, 3)),
    "complete3-top-singlet": (hamiltonian(complete(3)), list(E[:3]), 1, (1, 2, 3)),
    "tetrahedron-ground-triplet": (hamiltonian(tetrahedron()), list(E[:4]), 0, (1, 2)),
    "ring5-ground-doublet-energies-and-flux": (hamiltonian(ring(5), flux=phi), [*E[:5], phi], 0, (1, 2)),
    # named by its unperturbed energy: the level order of the square depends on D_2/D_1
    "square-doublet": (hamiltonian(square()), list(E[:4]), -D2, (1, 2)),
}


@pytest.mark.parametrize("case", sorted(EFFECTIVE_CASES))
def test_effective_hamiltonian_eigenvalues_match_exact_levels_to_the_stated_order(case):
    H, small, level, orders = EFFECTIVE_CASES[case]
    M = sp.Matrix(H.matrix)
    H0 = M.xreplace({s: 0 for s in small})
    values = values_for(M)
    levels = unperturbed_levels(H0)
    if not isinstance(level, int):  # an unperturbed energy: its place in the order at this point
        ranked = sorted(levels, key=lambda lv: float(lv[0].xreplace(values)))
        size = next(B.shape[1] for v, B in levels if sp.expand(v - level) == 0)
        first = sum(B.shape[1] for v, B in ranked if float(v.xreplace(values)) < float(level.xreplace(values)))
    else:
        size, first = levels[level][1].shape[1], sum(B.shape[1] for _, B in levels[:level])
    powers = {s: 1 for s in small}
    for n in orders:
        Heff = effective_hamiltonian(H, small=small, subspace=level, order=n)
        assert Heff.shape == (size, size)
        assert all(sp.expand(z) == 0 for z in (Heff - Heff.H))  # Hermitian
        errs = []
        for eps in EPS:
            point = scaled(values, powers, eps)
            exact = eigenvalues(M, point)[first:first + size]
            eff_point = {s: v for s, v in point.items() if Heff.has(s)}
            approx = eigenvalues(Heff, eff_point) if eff_point else sorted(sp.Matrix(Heff).eigenvals())
            errs.append(max(abs(a - b) for a, b in zip(approx, exact, strict=True)))
        # Weyl: the block is exact to O(eps^(n+1)), so are its eigenvalues
        assert fitted_slope(errs) >= n + 1 - 0.3, (case, n, errs)


def test_effective_hamiltonian_is_written_in_the_basis_of_unperturbed_levels():
    """First-order quasi-degenerate PT by hand: lambda + B^dagger H_1 B with B from unperturbed_levels."""
    for H, small in [(hamiltonian(complete(3)), E[:3]), (hamiltonian(ring(5), flux=phi), [*E[:5], phi]),
                     (hamiltonian(tetrahedron()), E[:4])]:
        M = sp.Matrix(H.matrix)
        H0 = M.xreplace({s: 0 for s in small})
        eps = sp.Symbol("eps", positive=True)
        H1 = sp.diff(M.xreplace({s: eps * s for s in small}), eps).xreplace({eps: 0})
        for level, (value, B) in enumerate(unperturbed_levels(H0)):
            by_hand = value * sp.eye(B.shape[1]) + B.H * H1 * B
            got = effective_hamiltonian(H, small=list(small), subspace=level, order=1)
            values = values_for(M)
            diff = (got - by_hand).xreplace({k: sp.Float(v, 30) for k, v in values.items()}).evalf(30)
            assert max(abs(complex(z)) for z in diff) < 1e-25


# -- the paper's 3-well: near-degenerate gap, derived by hand ------------------------------------------
def hand_gap_3well():
    r"""First-order degenerate PT in the doublet :math:`-D_0` of complete(3).

    :math:`H_0 = D_0(J - 1)` has the uniform mode at :math:`2D_0` and the doublet
    :math:`f_\pm = (1, \omega^{\pm1}, \omega^{\pm2})/\sqrt3`, :math:`\omega = e^{2\pi i/3}`, at
    :math:`-D_0`. In the doublet :math:`\langle f_a|{\rm diag}(E)|f_b\rangle` has diagonal
    :math:`\bar E = (E_1+E_2+E_3)/3` and off-diagonal :math:`\tilde E = (E_1 + \omega E_2 + \omega^2E_3)/3`,
    so the levels are :math:`-D_0 + \bar E \mp |\tilde E|` and the gap is :math:`2|\tilde E|` with
    :math:`9|\tilde E|^2 = E_1^2+E_2^2+E_3^2 - E_1E_2 - E_1E_3 - E_2E_3`.
    """
    E1, E2, E3 = E[:3]
    return sp.Rational(2, 3) * sp.sqrt(E1**2 + E2**2 + E3**2 - E1 * E2 - E1 * E3 - E2 * E3)


def test_three_well_gap_to_leading_order_equals_the_hand_derivation():
    levels = eigenvalue_series(hamiltonian(complete(3)), small=list(E[:3]), order=1)
    gap = levels[1] - levels[0]
    assert sp.expand(gap**2 - hand_gap_3well() ** 2) == 0
    # with sum E_i = 0 this is sqrt(2/3) sqrt(E_1^2 + E_2^2 + E_3^2): the paper's Eq. 13 prints D without sqrt(2/3)
    traceless = {E[2]: -E[0] - E[1]}
    D = sp.sqrt(E[0] ** 2 + E[1] ** 2 + E[2] ** 2)
    assert sp.expand((gap**2 - sp.Rational(2, 3) * D**2).xreplace(traceless)) == 0
    two = effective_two_level(hamiltonian(complete(3)), small=list(E[:3]), order=1)
    assert sp.expand(two["gap"] ** 2 - hand_gap_3well() ** 2) == 0


def test_three_well_hand_gap_is_the_limit_of_the_exact_gap():
    """Independently of multiwell.limits: exact gap - hand gap = O(eps^2)."""
    M = sp.Matrix(hamiltonian(complete(3)).matrix)
    values = values_for(M)
    powers = {s: 1 for s in E[:3]}
    errs = []
    for eps in EPS:
        point = scaled(values, powers, eps)
        lv = eigenvalues(M, point)
        hand = hand_gap_3well().xreplace({k: sp.Float(v, DPS) for k, v in point.items()}).evalf(DPS)
        errs.append(abs((lv[1] - lv[0]) - mpmath.mpf(str(hand))))
    assert fitted_slope(errs) >= 2 - 0.3


# -- levels at zero energy (they crashed: pymablock returns its `zero` sentinel for them) ---------------
def test_chain3_middle_level_at_zero_by_hand():
    r"""chain(3): modes :math:`(1, \pm\sqrt2, 1)/2` at :math:`\pm\sqrt2 D_0` and :math:`(1, 0, -1)/\sqrt2` at 0.

    First order :math:`(E_1+E_3)/2`; second order :math:`|V|^2(1/(0-\sqrt2D_0) + 1/(0+\sqrt2D_0)) = 0`
    since both couplings are :math:`V = (E_1 - E_3)/(2\sqrt2)`.
    """
    levels = eigenvalue_series(hamiltonian(chain(3)), small=list(E[:3]), order=2)
    assert sp.expand(levels[1] - (E[0] + E[2]) / 2) == 0


def test_ring4_middle_doublet_at_zero_by_hand():
    r"""ring(4): the doublet at 0 is the Fourier pair :math:`k = 1, 3`; they couple through the
    :math:`k = 2` component of the energies: levels :math:`\bar E \mp |E_1 - E_2 + E_3 - E_4|/4`."""
    levels = eigenvalue_series(hamiltonian(ring(4)), small=list(E[:4]), order=1)
    mean = sum(E[:4]) / 4
    assert sp.expand(levels[1] + levels[2] - 2 * mean) == 0
    assert sp.expand((levels[2] - levels[1]) ** 2 - ((E[0] - E[1] + E[2] - E[3]) / 2) ** 2) == 0


# -- several small parameters: per-parameter orders -----------------------------------------------------
@pytest.mark.parametrize(
    ("n_energy", "n_flux", "flux_power", "low", "high"),
    [
        # the flux dropped, phi ~ eps^2: to first order it splits the doublet by +-c phi (traceless,
        # since the doublet levels 2 D_0 cos((phi -+ 2 pi)/3) move oppositely), in quadrature with the
        # energies' splitting a eps: sqrt(a^2 eps^2 + c^2 eps^4) - a eps ~ eps^3, not eps^2
        (3, 0, 2, 3, 3),
        (3, 1, 2, 4, None),  # E^4 and phi^2 ~ eps^4 dropped
        (1, 2, 1, 2, 2),  # E^2 dropped
        (2, 2, 1, 3, 3),
    ],
    ids=["flux-order-0", "flux-order-1", "energy-order-1", "both-order-2"],
)
def test_per_parameter_orders_drop_exactly_the_terms_beyond_them(n_energy, n_flux, flux_power, low, high):
    H = hamiltonian(complete(3), flux=phi)
    small = [*E[:3], phi]
    order = {**{e: n_energy for e in E[:3]}, phi: n_flux}
    levels = eigenvalue_series(H, small=small, order=order)
    M = sp.Matrix(H.matrix)
    values = values_for(M)
    powers = {**{e: 1 for e in E[:3]}, phi: flux_power}
    errs = []
    for eps in EPS:
        point = scaled(values, powers, eps)
        approx = sorted((mpmath.re(mpmath.mpf(str(sp.re(x.xreplace({k: sp.Float(v, DPS) for k, v in point.items()})
                                                             .evalf(DPS))))) for x in levels), key=float)
        errs.append(max(abs(a - b) for a, b in zip(approx, eigenvalues(M, point), strict=True)))
    k = fitted_slope(errs)
    assert k >= low - 0.3, k
    if high is not None:
        assert k <= high + 0.3, k


def test_group_orders_keep_exactly_the_monomials_of_the_total_order_series_they_allow():
    """order={(E_1, E_2, E_3): 2, phi: 1}: the block is the order-3 block with E^3, phi^2, E phi^2, ... dropped.

    The Taylor coefficients of the effective block are unique, so the grouped truncation must be
    the total-order-3 result filtered to degree <= 2 in the energies and <= 1 in phi.
    """
    H = hamiltonian(complete(3), flux=phi)
    small = [*E[:3], phi]
    grouped = effective_hamiltonian(H, small=small, subspace=0, order={tuple(E[:3]): 2, phi: 1})
    full = effective_hamiltonian(H, small=small, subspace=0, order=3)

    def kept(z):
        terms = sp.Add.make_args(sp.expand(z))
        return sp.Add(*(t for t in terms if sp.Poly(t, *E[:3]).total_degree() <= 2 and sp.degree(t, phi) <= 1))

    assert (grouped - full.applyfunc(kept)).applyfunc(sp.expand) == sp.zeros(2, 2)
    # and something of mixed order 3 (E^2 phi) is there, which a total order 2 would drop
    assert any(sp.Poly(t, *E[:3]).total_degree() == 2 and sp.degree(t, phi) == 1
               for z in grouped for t in sp.Add.make_args(sp.expand(z)))


# -- engines ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("geometry", "order"),
    [(ring(4), 3), (complete(3), 3), (chain(3), 3), (chain(4), 1)],  # SymPy engine: chain(4) order 2 takes 15 s
    ids=["ring4", "complete3", "chain3", "chain4"],
)
def test_exact_and_symbolic_engines_agree(geometry, order):
    """The cyclotomic (flint) engine and the SymPy engine give the same series (at 40 digits)."""
    H = hamiltonian(geometry)
    small = list(H.energies)
    exact = eigenvalue_series(H, small=small, order=order)
    assert _series._problem(H, small).exact
    problem = _series._problem(H, small, exact=False)
    keep = _truncation._orders(small, order)[1]
    symbolic = [x for b in range(len(problem.groups)) for x in problem.level_eigenvalues(b, keep)]
    _series._CACHE.clear()
    values = values_for(sp.Matrix(H.matrix))
    for a, b in zip(exact, symbolic, strict=True):
        d = (a - b).xreplace({k: sp.Float(v, 40) for k, v in values.items()}).evalf(40)
        assert abs(complex(d)) < 1e-30


# -- unperturbed levels --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "H0",
    [
        hamiltonian(ring(5), flux=phi).matrix.xreplace({e: 0 for e in E}),
        hamiltonian(tetrahedron(), flux=phi).matrix.xreplace({e: 0 for e in E}),
        hamiltonian(square()).matrix.xreplace({e: 0 for e in E}),
        hamiltonian(chain(4)).matrix.xreplace({e: 0 for e in E}),
        sp.Matrix([[0, D0, 0], [D0, 0, 2 * D0], [0, 2 * D0, 0]]),  # no symmetry: SymPy's eigenvectors
    ],
    ids=["ring5-flux", "tetrahedron-flux", "square", "chain4", "generic"],
)
def test_unperturbed_levels_are_orthonormal_eigenspaces_ascending(H0):
    H0 = sp.Matrix(H0)
    levels = unperturbed_levels(H0)
    values = values_for(H0)
    sub = {k: sp.Float(v, 30) for k, v in values.items()}
    B = sp.Matrix.hstack(*(b for _, b in levels))
    assert B.shape == H0.shape
    gram = (B.H * B - sp.eye(H0.rows)).xreplace(sub).evalf(30)
    assert max(abs(complex(z)) for z in gram) < 1e-25
    numbers = []
    for value, basis in levels:
        residual = (H0 * basis - value * basis).xreplace(sub).evalf(30)
        assert max(abs(complex(z)) for z in residual) < 1e-25
        numbers.append(float(value.xreplace(sub)))
    # ascending at the generic point the docstring names (the square's order depends on D_2/D_1)
    point = _basis._sample_point(H0.free_symbols)
    at_point = [float(value.xreplace(point)) for value, _ in levels]
    assert at_point == sorted(at_point)
    assert len(set(np.round(numbers, 12))) == len(numbers)  # distinct levels


# -- reduce: the square's D_2 -> 0 and D_1 -> 0 limits ------------------------------------------------------
def test_irreducible_cubic_levels_are_refused_with_a_clear_error():
    H0 = sp.Matrix([[0, D0, 0], [D0, 0, 2 * D0], [0, 2 * D0, 1]])  # charpoly irreducible over Q(D_0)
    with pytest.raises(ParameterError, match="irreducible polynomial of degree 3"):
        unperturbed_levels(H0)


def test_reduce_square_without_diagonals_is_eq37():
    E1, E2, E3, E4 = E[:4]
    w = sp.exp(sp.I * phi / 4)
    eq37 = sp.Matrix([  # typed from the paper
        [E1, D1 * w, 0, D1 / w],
        [D1 / w, E2, D1 * w, 0],
        [0, D1 / w, E3, D1 * w],
        [D1 * w, 0, D1 / w, E4],
    ])
    reduced = reduce(hamiltonian(square(), flux=phi), drop=[D2])
    assert (reduced.matrix - eq37).applyfunc(sp.expand) == sp.zeros(4, 4)
    assert D2 not in reduced.symbols


def test_reduced_square_polynomial_is_eq36_up_to_fourth_order_terms():
    """det(x - Eq. 37), sum E_i = 0: the paper's Eq. 36 plus -e_3 x + e_4 (fourth order in the E_i)."""
    E1, E2, E3, E4 = E[:4]
    x = sp.Symbol("x")
    M = reduce(hamiltonian(square(), flux=phi), drop=[D2]).matrix
    charpoly = sp.expand((x * sp.eye(4) - M).det(method="berkowitz").rewrite(sp.cos))
    e2 = sum(E[i] * E[j] for i in range(4) for j in range(i + 1, 4))
    e3 = sum(E[i] * E[j] * E[k] for i in range(4) for j in range(i + 1, 4) for k in range(j + 1, 4))
    e4 = E1 * E2 * E3 * E4
    eq36 = (x**4 + x**2 * (e2 - 4 * D1**2) - D1**2 * (E1 * E2 + E2 * E3 + E3 * E4 + E4 * E1)
            + 2 * D1**4 * (1 - sp.cos(phi)))
    traceless = {E4: -E1 - E2 - E3}
    rest = (charpoly - eq36 - (-e3 * x + e4)).xreplace(traceless)
    # a polynomial identity in x, E_i, D_1 and trigonometric in phi: zero at random points (30 digits);
    # (sp.simplify cannot prove -sin(phi)/tan(phi/4) + 2 cos(phi/2) + cos(phi) + 1 = 0)
    rng = np.random.default_rng(36)
    for _ in range(5):
        point = {s: sp.Float(v, 30) for s, v in zip([x, E1, E2, E3, D1, phi], rng.uniform(-2, 2, 6), strict=True)}
        assert abs(complex(rest.xreplace(point).evalf(30))) < 1e-20


def test_reduce_square_without_sides_leaves_two_dimers_without_flux():
    """D_1 -> 0 (Eq. 39's limit): wells 1-3 and 2-4 form dimers that enclose no area, so no phi."""
    reduced = reduce(hamiltonian(square(), flux=phi), drop=[D1])
    assert not reduced.matrix.has(phi)
    assert reduced.matrix[0, 2] == D2 and reduced.matrix[1, 3] == D2
    assert all(reduced.matrix[i, j] == 0 for i, j in [(0, 1), (1, 2), (2, 3), (0, 3)])


def test_reduce_takes_a_matrix():
    M = sp.Matrix([[E[0], D0], [D0, E[1]]])
    assert reduce(M, drop=D0).matrix == sp.diag(E[0], E[1])


# -- bad input --------------------------------------------------------------------------------------------
H3 = hamiltonian(complete(3))
BAD = [
    ("unknown-small", lambda: eigenvalue_series(H3, small=[sp.Symbol("E_9", real=True)], order=1), "E_9"),
    ("small-not-a-symbol", lambda: eigenvalue_series(H3, small=["E_1"], order=1), "small"),
    ("small-empty", lambda: eigenvalue_series(H3, small=[], order=1), "small"),
    ("small-twice", lambda: eigenvalue_series(H3, small=[E[0], E[0]], order=1), "small"),
    ("order-0", lambda: eigenvalue_series(H3, small=E[:3], order=0), "order"),
    ("order-negative", lambda: eigenvalue_series(H3, small=E[:3], order=-1), "order"),
    ("order-float", lambda: eigenvalue_series(H3, small=E[:3], order=1.5), "order"),
    ("order-bool", lambda: eigenvalue_series(H3, small=E[:3], order=True), "order"),
    ("order-map-unknown", lambda: eigenvalue_series(H3, small=E[:2], order={E[0]: 1, E[1]: 1, E[2]: 1}), "E_3"),
    ("order-map-missing", lambda: eigenvalue_series(H3, small=E[:3], order={E[0]: 1}), "E_2"),
    ("order-map-negative", lambda: eigenvalue_series(H3, small=E[:1], order={E[0]: -1}), "E_1"),
    ("order-map-all-zero", lambda: eigenvalue_series(H3, small=E[:1], order={E[0]: 0}), "order"),
    ("order-map-twice", lambda: eigenvalue_series(H3, small=E[:3], order={E[:3]: 1, E[0]: 2}), "twice"),
    ("subspace-not-a-level", lambda: effective_hamiltonian(H3, small=E[:3], subspace=7 * D0, order=1), "7*D_0"),
    ("subspace-out-of-range", lambda: effective_hamiltonian(H3, small=E[:3], subspace=2, order=1), "subspace"),
    ("subspace-bool", lambda: effective_hamiltonian(H3, small=E[:3], subspace=True, order=1), "subspace"),
    ("two-level-of-a-singlet", lambda: effective_two_level(H3, small=E[:3], subspace=1, order=1), "doublet"),
    ("reduce-unknown", lambda: reduce(H3, drop=[D1]), "D_1"),
]


@pytest.mark.parametrize(("call", "needle"), [(c, n) for _, c, n in BAD], ids=[i for i, _, _ in BAD])
def test_bad_input_raises_parameter_error_naming_it(call, needle):
    with pytest.raises(ParameterError, match=needle):
        call()
