"""Unit tests of multiwell.cluster: N coupled tunnelling particles and their coherent reduction.

Expected values come from hand derivations written out in the tests (the N = 2 closed
forms, the second-order Schrieffer-Wolff formula, the product spectrum at U = 0), from an
independent Fock-space construction, or from exact diagonalisation; never from the
function under test.
"""

import itertools
import math

import numpy as np
import pytest
import sympy as sp

from multiwell import Q_, ParameterError, UnitError, complete, double_well, hamiltonian, square, ureg
from multiwell.cluster import (
    U,
    cluster_basis,
    cluster_hamiltonian,
    cluster_size,
    cluster_sparse,
    coherent_coupling,
    coherent_hamiltonian,
    coherent_index,
    composite_parameter,
    identical_double_well_coupling,
    particle_symbol,
    renormalised_area,
    renormalised_charge,
    scaling_exponent,
)

Delta = sp.Symbol("Delta", real=True)
Delta_0 = sp.Symbol("Delta_0", positive=True)
D_0 = sp.Symbol("D_0", positive=True)
phi = sp.Symbol("phi", real=True)


def paper_two_level():
    """The paper's 2LS of Eq. 44: energies +Delta (L), -Delta (R), hopping Delta_0."""
    return hamiltonian(double_well(), energies=[Delta, -Delta])


def symmetric_two_level():
    return hamiltonian(double_well(), energies=[0, 0])


def symmetric_three_well():
    return hamiltonian(complete(3), energies=[0, 0, 0])


# -- construction -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "single",
    [paper_two_level(), hamiltonian(complete(3), flux=phi), hamiltonian(square())],
    ids=["2-well", "3-well-flux", "square"],
)
def test_one_particle_is_the_single_particle_hamiltonian(single):
    H = cluster_hamiltonian(single, 1)
    assert H.matrix == single.matrix
    assert set(H.symbols) == set(single.symbols)


def fock_two_particles(h1, h2, Uc):
    """Independent construction: kron(h1, 1) + kron(1, h2) - U sum_a n_1a n_2a."""
    n = h1.rows
    eye = sp.eye(n)
    kron = sp.kronecker_product
    M = kron(h1, eye) + kron(eye, h2)
    for a in range(n):
        na = sp.zeros(n, n)
        na[a, a] = 1
        M -= Uc * kron(na, na)
    return M


@pytest.mark.parametrize("single", [paper_two_level(), hamiltonian(complete(3), flux=phi)],
                         ids=["2-well", "3-well-flux"])
def test_two_particles_match_kronecker_construction(single):
    H = cluster_hamiltonian(single, 2, distinct=True)
    own = [s for s in single.symbols if s not in single.fluxes]
    h1 = single.matrix.xreplace({s: particle_symbol(s, 1) for s in own})
    h2 = single.matrix.xreplace({s: particle_symbol(s, 2) for s in own})
    assert (H.matrix - fock_two_particles(h1, h2, U)).applyfunc(sp.expand) == sp.zeros(H.n, H.n)


def test_basis_order_is_lexicographic():
    single = hamiltonian(complete(3))
    basis = cluster_basis(single, 3)
    assert basis == sorted(basis) and len(basis) == 27
    assert basis[coherent_index(single, 3, 1)] == ("2", "2", "2")
    H = cluster_hamiltonian(single, 3)
    E_1, _E_2, E_3 = sp.symbols("E_1:4", real=True)
    k = basis.index(("1", "3", "1"))  # two particles in well 1: one pair
    assert sp.expand(H.matrix[k, k] - (2 * E_1 + E_3 - U)) == 0


def test_cluster_hamiltonian_is_hermitian_with_flux():
    H = cluster_hamiltonian(hamiltonian(complete(3), flux=phi), 3)
    assert (H.matrix - H.matrix.H).applyfunc(sp.expand) == sp.zeros(27, 27)


def permutation_matrix(n, N, perm):
    """P|a_1..a_N> = |a_perm^-1(1)..>: the particle in slot k moves to slot perm[k]."""
    dim = n**N
    P = np.zeros((dim, dim))
    for idx, s in enumerate(itertools.product(range(n), repeat=N)):
        t = [None] * N
        for k, p in enumerate(perm):
            t[p] = s[k]
        P[int(np.ravel_multi_index(t, (n,) * N)), idx] = 1
    return P


@pytest.mark.parametrize("perm", [(1, 0, 2), (2, 0, 1), (0, 2, 1)])
def test_identical_particles_commute_with_permutations(perm):
    single = hamiltonian(complete(3), flux=phi)
    H = cluster_hamiltonian(single, 3).matrix
    P = sp.Matrix(permutation_matrix(3, 3, perm).astype(int))
    assert (P * H * P.T - H).applyfunc(sp.expand) == sp.zeros(27, 27)


def test_distinct_particles_permute_into_renamed_symbols():
    single = paper_two_level()
    H = cluster_hamiltonian(single, 3, distinct=True).matrix
    perm = (1, 2, 0)
    P = sp.Matrix(permutation_matrix(2, 3, perm).astype(int))
    # slot perm[k] now holds particle k + 1: its symbols replace those of particle perm[k] + 1
    rename = {particle_symbol(s, perm[k] + 1): particle_symbol(s, k + 1) for s in single.symbols for k in range(3)}
    assert (P * H * P.T - H.xreplace(rename)).applyfunc(sp.expand) == sp.zeros(8, 8)


def test_sparse_equals_symbolic_at_numbers():
    single = hamiltonian(complete(3), flux=phi)
    E_1, E_2, E_3 = sp.symbols("E_1:4", real=True)
    values = {E_1: 0.3, E_2: -0.7, E_3: 0.1, D_0: 0.45, phi: 0.9, U: 1.3}
    H = cluster_hamiltonian(single, 3)
    exact = H.matrix.xreplace({k: sp.Float(v, 20) for k, v in values.items()})
    dense = np.array(exact.evalf(17).tolist(), dtype=complex)
    np.testing.assert_allclose(cluster_sparse(single, 3, values=values).toarray(), dense, atol=1e-14)  # roundoff only


def test_sparse_spectrum_at_zero_coupling_is_the_product_spectrum():
    """U = 0: the particles are independent, eigenvalues are sums of single-particle ones."""
    single = paper_two_level()
    values = {Delta: 0.2, Delta_0: 0.5, U: 0}
    e1 = single.eigvalsh({Delta: 0.2, Delta_0: 0.5})
    expected = np.sort([sum(c) for c in itertools.product(e1, repeat=5)])
    got = np.linalg.eigvalsh(cluster_sparse(single, 5, values=values).toarray())
    np.testing.assert_allclose(got, expected, atol=1e-12)  # eigvalsh roundoff on a 32x32 matrix


def test_trace_counts_pairs():
    """tr H_N = N n^(N-1) tr h - U C(N,2) n^(N-1): each pair shares a well in n^(N-1) basis states."""
    single = hamiltonian(complete(3))
    for N in (2, 3, 4):
        H = cluster_hamiltonian(single, N)
        n = 3
        expected = N * n ** (N - 1) * single.matrix.trace() - U * math.comb(N, 2) * n ** (N - 1)
        assert sp.expand(H.matrix.trace() - expected) == 0


# -- the paper's diagonal elements, literally (Eqs. 45, 48, 51) ----------------------------------------------
def test_eq45_diagonals_literal():
    H = cluster_hamiltonian(paper_two_level(), 2, distinct=True)
    d1, d2 = particle_symbol(Delta, 1), particle_symbol(Delta, 2)
    LL, RR = coherent_index(paper_two_level(), 2, 0), coherent_index(paper_two_level(), 2, 1)
    assert sp.expand(H.matrix[LL, LL] - (d1 + d2 - U)) == 0
    assert sp.expand(H.matrix[RR, RR] - (-d1 - d2 - U)) == 0


def test_eq48_diagonals_literal():
    H = cluster_hamiltonian(paper_two_level(), 3, distinct=True)
    d = [particle_symbol(Delta, k) for k in (1, 2, 3)]
    assert sp.expand(H.matrix[0, 0] - (sum(d) - 3 * U)) == 0
    assert sp.expand(H.matrix[7, 7] - (-sum(d) - 3 * U)) == 0


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6])
def test_eq51_diagonal_rule_and_literal_coupling(N):
    single = hamiltonian(complete(3))
    E_2 = sp.Symbol("E_2", real=True)
    M = coherent_hamiltonian(single, N, method="literal")
    assert sp.expand(M[1, 1] - (N * E_2 - sp.Rational(N * (N - 1), 2) * U)) == 0
    # a one-body hopping moves one particle: coherent states differing in all N particles do not couple
    assert M[1, 0] == 0 and M[2, 1] == 0
    assert coherent_coupling(single, N, method="paper") == N * D_0


def test_literal_coupling_of_one_particle_is_the_hopping():
    assert coherent_coupling(paper_two_level(), 1, method="literal") == Delta_0
    assert coherent_coupling(paper_two_level(), 1, method="perturbative") == Delta_0


# -- perturbative effective coupling -----------------------------------------------------------------------------
@pytest.mark.parametrize("N", [1, 2, 3, 4, 5, 6])
def test_path_sum_matches_hand_derived_double_well(N):
    t = coherent_coupling(symmetric_two_level(), N)
    # hand derivation: N! orders, denominators -U k (N - k), k = 1..N-1
    hand = sp.factorial(N) * Delta_0**N / sp.prod([-U * k * (N - k) for k in range(1, N)])
    assert sp.simplify(t - hand) == 0
    assert sp.simplify(t - identical_double_well_coupling(N)) == 0


@pytest.mark.parametrize("single", [symmetric_two_level(), symmetric_three_well()], ids=["2-well", "3-well"])
@pytest.mark.parametrize("N", [2, 3])
def test_path_sum_matches_pymablock(single, N):
    assert sp.simplify(coherent_coupling(single, N) - coherent_coupling(single, N, order=N)) == 0


def test_second_order_schrieffer_wolff_distinct_asymmetric():
    """N = 2, distinct asymmetric 2LS: t = 1/2 sum_k V V [1/(E_LL - E_k) + 1/(E_RR - E_k)] (textbook SW)."""
    d1, d2 = particle_symbol(Delta, 1), particle_symbol(Delta, 2)
    t1, t2 = particle_symbol(Delta_0, 1), particle_symbol(Delta_0, 2)
    E_LL, E_RR, E_LR, E_RL = d1 + d2 - U, -d1 - d2 - U, d1 - d2, -d1 + d2
    hand = t1 * t2 / 2 * sum(1 / (Ea - Ek) for Ea in (E_LL, E_RR) for Ek in (E_LR, E_RL))
    got = coherent_coupling(paper_two_level(), 2, distinct=True)
    assert sp.simplify(got - hand) == 0
    # second-order diagonal shift of |LL>: sum_k |V|^2/(E_LL - E_k)
    M = coherent_hamiltonian(paper_two_level(), 2, distinct=True)
    assert sp.simplify(M[0, 0] - (E_LL + t2**2 / (E_LL - E_LR) + t1**2 / (E_LL - E_RL))) == 0


def test_exact_two_particle_closed_form():
    """Symmetric N = 2: (|LL> - |RR>)/sqrt2 stays at -U; (|LL> + |RR>)/sqrt2 mixes with (|LR>+|RL>)/sqrt2
    through 2 Delta_0, so E_0 = (-U - sqrt(U^2 + 16 Delta_0^2))/2 and t = (E_0 - E_1)/2."""
    for D, Uv in [(0.01, 1.0), (0.3, 2.0), (1.0, 0.5)]:
        t = coherent_coupling(symmetric_two_level(), 2, method="exact", values={Delta_0: D, U: Uv})
        assert t == pytest.approx(-(math.sqrt(Uv**2 + 16 * D**2) - Uv) / 4, rel=1e-12)  # dense eigh roundoff


@pytest.mark.parametrize(
    ("single", "N", "expected_slope"),
    [(symmetric_two_level(), 2, 2), (symmetric_two_level(), 3, 2), (symmetric_two_level(), 4, 2),
     (symmetric_three_well(), 2, 1), (symmetric_three_well(), 3, 1)],
    ids=["2well-N2", "2well-N3", "2well-N4", "3well-N2", "3well-N3"],
)
def test_perturbative_and_exact_agree_as_hopping_vanishes(single, N, expected_slope):
    """Relative error of the leading-order coupling vanishes like (Delta_0/U)^p.

    p = 2 for double wells (the next correction is two hops further); p = 1 for the triangle,
    where one particle may go round the third well (one hop more).
    """
    hop = single.hoppings[0]
    t = coherent_coupling(single, N)
    Ds = np.geomspace(0.03, 0.006, 6)
    errs = []
    for D in Ds:
        exact = coherent_coupling(single, N, method="exact", values={hop: D, U: 1.0})
        pert = float(t.xreplace({hop: D, U: 1}))
        errs.append(abs(exact / pert - 1))
    slope = np.polyfit(np.log(Ds), np.log(errs), 1)[0]
    assert slope == pytest.approx(expected_slope, abs=0.15)  # next-order terms bend the log-log line slightly
    assert errs[-1] < 0.05


def test_scaling_exponents_of_exact_coupling():
    single = symmetric_two_level()
    for N in (2, 3, 4):
        values = {Delta_0: 0.01, U: 1.0}
        assert scaling_exponent(single, N, parameter=Delta_0, values=values) == pytest.approx(N, abs=0.01)
        assert scaling_exponent(single, N, parameter=U, values=values) == pytest.approx(1 - N, abs=0.01)


def test_effective_flux_is_n_phi_plus_sign():
    """Through N hops 1 -> 2 the effective hopping carries e^{i N phi/3} and the sign (-1)^(N-1)."""
    single = hamiltonian(complete(3), flux=phi, energies=[0, 0, 0])
    for N in (1, 2, 3):
        M = coherent_hamiltonian(single, N)
        loop = sp.simplify(M[0, 1] * M[1, 2] * M[2, 0])  # the loop 1 -> 2 -> 3 -> 1 encloses +phi
        expected = (identical_double_well_coupling(N, hopping=D_0)) ** 3 * sp.exp(sp.I * N * phi)
        assert sp.simplify(loop - expected) == 0
    # exact phase approaches N phi + (N - 1) pi as D_0/U -> 0 (corrections O(D_0/U) for the triangle)
    Heff = coherent_hamiltonian(single, 2, method="exact", values={D_0: 0.002, U: 1.0, phi: 0.6})
    loop_phase = np.angle(Heff[0, 1] * Heff[1, 2] * Heff[2, 0])
    assert loop_phase == pytest.approx(np.angle(np.exp(1j * (2 * 0.6 + 3 * np.pi))), abs=0.02)


def test_exact_symmetric_sector_matches_full_space():
    """Identical particles use the symmetric sector (mpmath); distinct copies with equal values the full space."""
    single = hamiltonian(complete(3), flux=phi, energies=[0, 0, 0])
    values = {D_0: 0.1, U: 1.0, phi: 0.4}
    full = {particle_symbol(D_0, k): 0.1 for k in (1, 2, 3)} | {U: 1.0, phi: 0.4}
    a = coherent_hamiltonian(single, 3, method="exact", values=values)
    b = coherent_hamiltonian(single, 3, method="exact", values=full, distinct=True)
    np.testing.assert_allclose(a, b, atol=1e-13)  # float64 eigh on a 27x27 matrix


def test_exact_warns_when_coherent_picture_fails():
    with pytest.warns(RuntimeWarning, match="coherent"):
        coherent_coupling(symmetric_two_level(), 4, method="exact", values={Delta_0: 1.0, U: 0.1})


# -- Eqs. 42-43 ----------------------------------------------------------------------------------------------
def test_composite_parameter_is_eq43():
    a0 = Q_(0.529177210903, "angstrom")  # CODATA Bohr radius, typed here as an independent value
    for N in (1, 25, 600):
        got = composite_parameter(N, Q_(1, "mK"))
        # pint's CODATA a_0 differs in the 9th digit
        assert got.m_as("K*angstrom**2") == pytest.approx(8 * N**3 * 1e-3 * a0.m**2, rel=1e-8)
        assert cluster_size(got, Q_(1, "mK")) == pytest.approx(N, rel=1e-12)
    assert renormalised_charge(4, Q_(1, "e")).m_as("e") == pytest.approx(4)
    assert renormalised_area(3).m_as("angstrom**2") == pytest.approx(12 * a0.m**2, rel=1e-8)


# -- bad input ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: cluster_hamiltonian("H", 2), ParameterError, "single"),
        (lambda: cluster_hamiltonian(paper_two_level(), 0), ParameterError, "n_particles"),
        (lambda: cluster_hamiltonian(paper_two_level(), 2.0), ParameterError, "n_particles"),
        (lambda: cluster_hamiltonian(paper_two_level(), 11), ParameterError, "cluster_sparse"),
        (lambda: cluster_hamiltonian(paper_two_level(), 2, coupling=sp.Symbol("u")), ParameterError, "coupling"),
        (lambda: coherent_coupling(paper_two_level(), 2, method="guess"), ParameterError, "method"),
        (lambda: coherent_coupling(paper_two_level(), 2, wells=(0, 0)), ParameterError, "wells"),
        (lambda: coherent_coupling(paper_two_level(), 2, method="exact"), ParameterError, "values"),
        (lambda: coherent_coupling(paper_two_level(), 2, method="exact", values={U: 1}), ParameterError, "missing"),
        (lambda: coherent_coupling(paper_two_level(), 2, order=-1), ParameterError, "order"),
        (lambda: renormalised_charge(2, 1.0), UnitError, "q0"),
        (lambda: renormalised_area(2, Q_(1, "s")), UnitError, "a0"),
        (lambda: composite_parameter(2, 1e-3), ParameterError, "Delta_0"),
        (lambda: cluster_size(5.0, Q_(1, "mK")), ParameterError, "composite"),
    ],
    ids=["single-not-H", "N-zero", "N-float", "too-big", "coupling-not-real", "method", "wells",
         "exact-no-values", "exact-missing", "order", "charge-float", "area-unit", "Delta0-float", "composite-float"],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_units_registry_is_multiwells():
    assert renormalised_charge(2).units == ureg.coulomb
