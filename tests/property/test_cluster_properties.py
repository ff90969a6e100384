"""Properties of cluster Hamiltonians over random single-particle geometries (hypothesis)."""

import itertools
import math

import numpy as np
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import hamiltonian
from multiwell.cluster import U, cluster_hamiltonian, cluster_sparse
from multiwell.strategies import geometries, parameter_values

phi = sp.Symbol("phi", real=True)
ATOL = 1e-10  # eigvalsh / matrix products of O(1) matrices of dimension <= 64: roundoff ~1e-14


def single_with_values(data, max_wells=4):
    g = data.draw(geometries(max_wells=max_wells))
    h = hamiltonian(g, flux=phi if g.hull_area() != 0 else None)
    values = data.draw(parameter_values(h))
    values[U] = data.draw(st.floats(-2.0, 3.0, allow_nan=False))
    return h, values


def swap_matrix(n, N, i, j):
    dim = n**N
    P = np.zeros((dim, dim))
    for idx, s in enumerate(itertools.product(range(n), repeat=N)):
        t = list(s)
        t[i], t[j] = t[j], t[i]
        P[int(np.ravel_multi_index(t, (n,) * N)), idx] = 1
    return P


@given(st.data())
def test_sparse_cluster_is_hermitian_and_particle_symmetric(data):
    h, values = single_with_values(data)
    N = data.draw(st.integers(2, 3))
    H = cluster_sparse(h, N, values=values).toarray()
    np.testing.assert_allclose(H, H.conj().T, atol=1e-14)
    i, j = data.draw(st.sampled_from(list(itertools.combinations(range(N), 2))))
    P = swap_matrix(h.n, N, i, j)
    np.testing.assert_allclose(P @ H @ P.T, H, atol=1e-14)  # exact permutation of entries


@given(st.data())
def test_zero_coupling_spectrum_is_sum_of_single_particle_levels(data):
    h, values = single_with_values(data, max_wells=3)
    values[U] = 0.0
    N = data.draw(st.integers(1, 3))
    e1 = h.eigvalsh({k: v for k, v in values.items() if k in h.symbols})
    expected = np.sort([sum(c) for c in itertools.product(e1, repeat=N)])
    got = np.linalg.eigvalsh(cluster_sparse(h, N, values=values).toarray())
    np.testing.assert_allclose(got, expected, atol=ATOL)


@given(st.data())
def test_symbolic_matches_sparse_and_trace_rule(data):
    h, values = single_with_values(data, max_wells=3)
    N = data.draw(st.integers(1, 3))
    H = cluster_hamiltonian(h, N)
    n = h.n
    expected_trace = N * n ** (N - 1) * h.matrix.trace() - U * math.comb(N, 2) * n ** (N - 1)
    assert sp.expand(H.matrix.trace() - expected_trace) == 0
    exact = H.matrix.xreplace({k: sp.Float(v, 20) for k, v in values.items()})
    dense = np.array(exact.evalf(17).tolist(), dtype=complex)
    np.testing.assert_allclose(cluster_sparse(h, N, values=values).toarray(), dense, atol=1e-12)
