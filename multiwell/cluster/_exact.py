r"""Cluster Hamiltonians in numbers: the sparse matrix and the exact (des Cloizeaux) coherent reduction.

:func:`cluster_sparse` builds :math:`H_N` at numeric values as a CSR array with vectorised NumPy;
``_exact_effective`` diagonalises it (dense ``eigh`` up to ``DENSE_EIGH_DIMENSION``, else ``eigsh``; identical
particles in the permutation-symmetric sector with mpmath at the precision the coupling needs) and returns the
des Cloizeaux effective Hamiltonian :math:`H_{\rm eff} = R\,\mathrm{diag}(E_m)R^\dagger` of the :math:`n` lowest
states in the coherent basis, :math:`R` the polar factor of their projections on the coherent states.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import numpy as np
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg
import sympy as sp

from multiwell.cluster._model import U, _Cluster, _cluster, _values
from multiwell.errors import ParameterError
from multiwell.hamiltonian import Hamiltonian

__all__ = ["cluster_sparse"]

DENSE_EIGH_DIMENSION = 2048
"""Up to this dimension ``"exact"`` uses dense ``scipy.linalg.eigh``; above it ``eigsh``."""


def _numeric_blocks(c: _Cluster, values: Mapping) -> tuple[list[np.ndarray], float]:
    vals = _values(values or {})
    blocks = []
    for i, b in enumerate(c.blocks):
        missing = sorted(b.free_symbols - set(vals), key=str)
        if missing:
            raise ParameterError(f"values: missing values for {missing} (particle {i + 1})")
        blocks.append(np.array(b.xreplace(vals).evalf(17).tolist(), dtype=complex))
    missing = sorted(c.U.free_symbols - set(vals), key=str)
    if missing:
        raise ParameterError(f"values: missing values for the coupling symbols {missing}")
    return blocks, float(c.U.xreplace(vals))


def cluster_sparse(
    single: Hamiltonian, n_particles: int, *, coupling=U, values: Mapping, distinct: bool = False
) -> scipy.sparse.csr_array:
    r"""Return the cluster Hamiltonian at numeric ``values`` as a sparse CSR array.

    Same basis and operator as :func:`cluster_hamiltonian`, built with vectorised NumPy
    (no SymPy per entry), real when every hopping is real, complex otherwise.

    Parameters
    ----------
    values
        A number for every symbol of ``single`` (particle copies when ``distinct``) and of ``coupling``.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import double_well, hamiltonian
    >>> h = hamiltonian(double_well())
    >>> E_L, E_R, D = h.symbols
    >>> H = cluster_sparse(h, 10, values={E_L: 0, E_R: 0, D: 0.1, U: 1})
    >>> H.shape, H.nnz
    ((1024, 1024), 11264)
    """
    return _sparse(_cluster(single, n_particles, coupling, distinct), values)


def _sparse(c: _Cluster, values: Mapping) -> scipy.sparse.csr_array:
    blocks, Uv = _numeric_blocks(c, values)
    n, N, dim = c.n, c.N, c.dimension
    idx = np.arange(dim, dtype=np.int64)
    digits = np.empty((dim, N), dtype=np.int8 if n < 128 else np.int32)
    for k in range(N):
        digits[:, k] = (idx // n ** (N - 1 - k)) % n
    diag = np.zeros(dim, dtype=complex)
    for i in range(N):
        diag += np.diag(blocks[i])[digits[:, i]]
    for a in range(n):
        count = (digits == a).sum(axis=1, dtype=np.int64)
        diag -= Uv * (count * (count - 1) // 2)
    rows, cols, data = [idx], [idx], [diag]
    for i in range(N):
        stride = n ** (N - 1 - i)
        for a in range(n):
            mask = digits[:, i] == a
            src = idx[mask]
            for b in range(n):
                amp = blocks[i][b, a]
                if b == a or amp == 0:
                    continue
                rows.append(src + (b - a) * stride)
                cols.append(src)
                data.append(np.full(src.size, amp))
    data = np.concatenate(data)
    if not np.any(data.imag):
        data = data.real
    H = scipy.sparse.coo_array((data, (np.concatenate(rows), np.concatenate(cols))), shape=(dim, dim))
    return H.tocsr()


def _exact_effective(c: _Cluster, values: Mapping) -> tuple[np.ndarray, np.ndarray, float]:
    """des Cloizeaux effective Hamiltonian of the n lowest states in the coherent basis.

    Identical particles: in the permutation-symmetric sector (occupation numbers), where the
    coherent states live, with mpmath at a precision that resolves couplings ~ (hop/U)^N.
    Distinct particles: the full product space in float64 (dense eigh or eigsh).
    """
    if all(b == c.blocks[0] for b in c.blocks):
        return _exact_symmetric_sector(c, values)
    H = _sparse(c, values)
    k = c.n
    P = [sum(a * c.n**j for j in range(c.N)) for a in range(c.n)]
    if c.dimension <= max(DENSE_EIGH_DIMENSION, k + 1):
        w, V = scipy.linalg.eigh(H.toarray(), subset_by_index=(0, k - 1))
    else:
        w, V = scipy.sparse.linalg.eigsh(H, k=k, which="SA", tol=0, ncv=max(4 * k + 1, 24))
        order = np.argsort(w)
        w, V = w[order], V[:, order]
    return _des_cloizeaux(V[P, :], w)


def _des_cloizeaux(B: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    W, s, Xh = np.linalg.svd(B)  # B[c, m] = <c|psi_m>
    R = W @ Xh  # polar factor: the orthonormalised projections of the eigenvectors
    return R @ np.diag(w) @ R.conj().T, w, float(np.min(s) ** 2)


def _exact_symmetric_sector(c: _Cluster, values: Mapping) -> tuple[np.ndarray, np.ndarray, float]:
    import mpmath

    vals = _values(values)
    h = c.blocks[0]
    missing = sorted((h.free_symbols | c.U.free_symbols) - set(vals), key=str)
    if missing:
        raise ParameterError(f"values: missing values for {missing}")
    n, N = c.n, c.N
    hv = h.xreplace(vals)
    Uv = c.U.xreplace(vals)
    hop_max = max([abs(complex(hv[i, j])) for i in range(n) for j in range(n) if i != j] + [1e-300])
    scale = max(abs(float(Uv)), max(abs(complex(hv[i, i])) for i in range(n)), hop_max, 1e-300)
    digits = int(N * max(0.0, math.log10(scale / hop_max))) + 25
    occupations = [o for o in itertools.product(range(N + 1), repeat=n) if sum(o) == N]
    where = {o: k for k, o in enumerate(occupations)}
    dim = len(occupations)
    with mpmath.workdps(digits):
        def mp(x):
            x = sp.N(x, digits + 5)
            re, im = sp.re(x), sp.im(x)
            return mpmath.mpf(str(re)) if im == 0 else mpmath.mpc(str(re), str(im))

        hm = [[mp(hv[i, j]) for j in range(n)] for i in range(n)]
        Um = mpmath.mpf(str(sp.N(Uv, digits + 5)))
        M = mpmath.matrix(dim, dim)
        for k, o in enumerate(occupations):
            M[k, k] = sum(o[a] * hm[a][a] for a in range(n)) - Um * sum(x * (x - 1) // 2 for x in o)
            for a in range(n):
                if o[a] == 0:
                    continue
                for b in range(n):
                    if b == a or hm[b][a] == 0:
                        continue
                    new = list(o)
                    new[a] -= 1
                    new[b] += 1
                    M[where[tuple(new)], k] += hm[b][a] * mpmath.sqrt(o[a] * (o[b] + 1))
        real = all(mpmath.im(M[i, j]) == 0 for i in range(dim) for j in range(dim))
        if real:
            M = M.apply(mpmath.re)
            w, V = mpmath.eigsy(M)
        else:
            w, V = mpmath.eighe(M)
        order = sorted(range(dim), key=lambda m: w[m])[:n]
        P = [where[tuple(N if a == x else 0 for a in range(n))] for x in range(n)]
        B = mpmath.matrix(n, n)
        for r, p in enumerate(P):
            for col, m in enumerate(order):
                B[r, col] = V[p, m]
        lam = [w[m] for m in order]
        # polar factor of B at full precision: R = B (B^H B)^(-1/2)
        G = B.H * B
        e, Q = mpmath.eighe(G) if not real else mpmath.eigsy(G)
        inv_sqrt = Q * mpmath.diag([1 / mpmath.sqrt(x) for x in e]) * Q.H
        R = B * inv_sqrt
        Heff = R * mpmath.diag(lam) * R.H
        weight = float(min(e))
        out = np.array([[complex(Heff[i, j]) for j in range(n)] for i in range(n)])
    return out, np.array([float(x) for x in lam]), weight
