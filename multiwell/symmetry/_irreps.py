r"""Irreducible blocks of a Hamiltonian under a finite permutation group (characters, isotypic projectors).

For a group :math:`G` of well permutations with :math:`P(g)HP(g)^T = H`, the character table is found
numerically by Burnside's algorithm (Dixon's improvement of it without the modular arithmetic): the class
sums :math:`K_r` multiply as :math:`K_rK_s = \sum_t c_{rst}K_t`, so for each irreducible representation
:math:`\Gamma` the vector :math:`\omega_t = h_t\chi_\Gamma(g_t)/d_\Gamma` is a common eigenvector of the
matrices :math:`(M_r)_{st} = c_{rst}`, found from one random combination of them. Each character value is
then made exact: the eigenvalues of :math:`\rho_\Gamma(g)` are :math:`o`-th roots of unity (:math:`o` the
order of :math:`g`) with multiplicities :math:`\frac1o\sum_k\chi(g^k)e^{-2\pi ijk/o}`, integers that are
rounded, so :math:`\chi(g) = \sum_j n_j\zeta_o^j` exactly.

Within the isotypic component of :math:`\Gamma` (multiplicity :math:`m_\Gamma` in the permutation
representation) one copy of each level is cut out by an element :math:`z` whose eigenvalue
:math:`\zeta_o^j` occurs :math:`r_\Gamma` times in :math:`\rho_\Gamma(z)` (once, for a good choice):

.. math:: P = P_\Gamma P_j = \sum_{x\in G} c(x)\,P(x),\qquad
          c(x) = \frac{d_\Gamma}{|G|\,o}\sum_{k=0}^{o-1}\chi_\Gamma(xz^{-k})^*\,\zeta_o^{-jk},

an orthogonal projector commuting with :math:`H`, of rank :math:`m_\Gamma r_\Gamma`. Its columns
:math:`u_b = Pe_b` for :math:`m_\Gamma r_\Gamma` independent wells :math:`b` span its image; with their
Gram matrix :math:`G_{pq} = P_{b_pb_q}` and :math:`A_{pq} = u_p^\dagger Hu_q = (HP)_{b_pb_q}`, the
factorisation :math:`G = LDL^\dagger` (unit triangular :math:`L`) gives orthogonal columns
:math:`W = CL^{-\dagger}` with :math:`W^\dagger W = D`, :math:`K = W^\dagger HW = L^{-1}AL^{-\dagger}`, the
Hermitian block :math:`D^{-1/2}KD^{-1/2}` and the similar matrix :math:`D^{-1}K` without square roots.
Each level of the block occurs :math:`d_\Gamma/r_\Gamma` times in :math:`H`. All arithmetic is exact in the
cyclotomic field :math:`\mathbb Q(\zeta_N)` (:math:`N` the exponent of :math:`G`, python-flint polynomials
modulo :math:`\Phi_N`); a number of degree at most 2 over :math:`\mathbb Q` is written with one square root
(:math:`(1+\sqrt5)/4`), others as sums of cosines and sines of :math:`2\pi k/N`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

MAX_ORDER = 2000
"""Groups up to this order are split by their irreducible representations (the class algebra is O(|G| k))."""


@dataclass(frozen=True)
class IrrepBlock:
    """One block: its irreducible representation, multiplicity and exact matrices."""

    dimension: int
    multiplicity: int
    repeat: int
    block: sp.ImmutableMatrix
    similar: sp.ImmutableMatrix
    basis: sp.ImmutableMatrix
    character: tuple
    element: tuple[int, ...]
    eigenvalue: sp.Rational


# -- the group ------------------------------------------------------------------------------------------------
class _Group:
    def __init__(self, perms):
        self.G = np.array(perms, dtype=np.int64)
        self.size, self.n = self.G.shape
        self.index = {row.tobytes(): i for i, row in enumerate(self.G)}
        self.inverse = np.argsort(self.G, axis=1)
        self.identity = self.index[np.arange(self.n, dtype=np.int64).tobytes()]
        self.orders = np.array([self._order(g) for g in range(self.size)])
        self.exponent = math.lcm(*(int(o) for o in self.orders))

    def lookup(self, rows: np.ndarray) -> np.ndarray:
        return np.array([self.index[r.tobytes()] for r in np.ascontiguousarray(rows)])

    def _order(self, g: int) -> int:
        p, k, ident = self.G[g], 1, np.arange(self.n)
        q = p.copy()
        while not np.array_equal(q, ident):
            q, k = p[q], k + 1
        return k

    def power(self, g: int, k: int) -> np.ndarray:
        out = np.arange(self.n)
        for _ in range(k % int(self.orders[g])):
            out = self.G[g][out]
        return out

    def classes(self) -> tuple[np.ndarray, list[int]]:
        """``cls[g]`` the class index of every element, and one representative per class."""
        cls = np.full(self.size, -1)
        reps = []
        for a in range(self.size):
            if cls[a] >= 0:
                continue
            conj = np.take_along_axis(self.G, self.G[a][self.inverse], axis=1)  # x a x^-1
            cls[self.lookup(conj)] = len(reps)
            reps.append(a)
        return cls, reps


def _character_table(grp: _Group, cls, reps) -> tuple[list[int], np.ndarray]:
    """Dimensions and characters ``chi[Gamma, t]`` (numeric) by Burnside's class-algebra eigenvectors."""
    k = len(reps)
    sizes = np.bincount(cls, minlength=k)
    c = np.zeros((k, k, k))
    for t, z in enumerate(reps):  # c[r, s, t] = #{x in C_r : x^-1 z in C_s}
        y = grp.lookup(grp.inverse[:, grp.G[z]])  # (x^-1 z)[i] = x^-1[z[i]]
        np.add.at(c, (cls, cls[y], t), 1)
    rng = np.random.default_rng(1)
    e = cls[grp.identity]
    for _ in range(20):
        A = np.tensordot(rng.normal(size=k), c, axes=1)
        _, vecs = np.linalg.eig(A)
        omega = vecs / vecs[e]
        ok = all(np.allclose(c[r] @ omega, omega * omega[r], atol=1e-7 * grp.size) for r in range(k))
        if ok and np.linalg.matrix_rank(omega, tol=1e-8) == k:
            break
    else:  # pragma: no cover - a random combination separates the classes with probability one
        raise RuntimeError("character table: no random combination of class sums separated the irreps")
    dims, chis = [], []
    for g in range(k):
        w = omega[:, g]
        d = math.sqrt(grp.size / float(np.sum(np.abs(w) ** 2 / sizes)))
        dims.append(round(d))
        chis.append(round(d) * w / sizes)
    return dims, np.array(chis)


# -- exact numbers in Q(zeta_N) -------------------------------------------------------------------------------
class _Cyclotomic:
    """Arithmetic in Q(zeta_N): python-flint rational polynomials reduced modulo Phi_N."""

    def __init__(self, N: int):
        import flint

        self.flint = flint
        self.N = N
        self.phi = flint.fmpq_poly(flint.fmpz_poly.cyclotomic(N).coeffs())
        self.zeta = np.exp(2j * np.pi * np.arange(N) / N)

    def from_powers(self, vec, scale=1):
        """``scale * sum vec[i] zeta^i`` (``vec`` integers, length N)."""
        q = self.flint.fmpq_poly([int(v) for v in vec]) % self.phi
        return q * self.flint.fmpq(scale.p, scale.q) if isinstance(scale, sp.Rational) else q * scale

    def mul(self, a, b):
        return (a * b) % self.phi

    def inv(self, a):
        g, s, _ = a.xgcd(self.phi)  # s a + t Phi = g, a constant
        return (s / g.coeffs()[0]) % self.phi

    def conj(self, a):
        c = a.coeffs()
        out = [0] * (self.N + 1)
        for i, v in enumerate(c):
            out[(-i) % self.N] += v
        return self.flint.fmpq_poly(out) % self.phi

    def numeric(self, a) -> complex:
        return complex(sum(float(v) * self.zeta[i] for i, v in enumerate(a.coeffs())))

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one instance per group, kept for its lifetime
    def _sympy_key(self, key: tuple) -> sp.Expr:
        a = self.flint.fmpq_poly([self.flint.fmpq(p, q) for p, q in key])
        return self._to_sympy(a)

    def sympy(self, a) -> sp.Expr:
        return self._sympy_key(tuple((int(v.p), int(v.q)) for v in a.coeffs()))

    def _to_sympy(self, a) -> sp.Expr:
        r"""Exact SymPy form: a rational, one square root for a quadratic number, else cosines and sines."""
        c = a.coeffs()
        if len(c) <= 1:
            return sp.Rational(int(c[0].p), int(c[0].q)) if c else sp.Integer(0)
        a2 = self.mul(a, a).coeffs() + [0] * len(self.phi.coeffs())
        i = next(k for k in range(1, len(c)) if c[k] != 0)
        p = a2[i] / c[i]
        q = a2[0] - p * c[0]
        if all(a2[k] == p * (c[k] if k < len(c) else 0) for k in range(1, len(a2))):
            P, Q = sp.Rational(int(p.p), int(p.q)), sp.Rational(int(q.p), int(q.q))
            value = self.numeric(a)
            root = sp.sqrt(P**2 + 4 * Q)
            candidates = [(P + root) / 2, (P - root) / 2]
            return min(candidates, key=lambda r: abs(complex(sp.N(r, 20)) - value))
        N = self.N
        return sp.Add(*(sp.Rational(int(v.p), int(v.q)) * (sp.cos(2 * sp.pi * k / N) + sp.I * sp.sin(2 * sp.pi * k / N))
                        for k, v in enumerate(c) if v != 0))


# -- the split ------------------------------------------------------------------------------------------------
def irreducible_blocks(perms, M: sp.Matrix) -> list[IrrepBlock]:
    """The blocks of ``M`` for the permutation group ``perms`` (every element, closed): see the module notes."""
    grp = _Group(perms)
    cls, reps = grp.classes()
    dims, chis = _character_table(grp, cls, reps)
    N = grp.exponent
    F = _Cyclotomic(N)
    n = grp.n
    fixed = np.array([int(np.sum(grp.G[z] == np.arange(n))) for z in reps])
    sizes = np.bincount(cls, minlength=len(reps))
    blocks: list[IrrepBlock] = []
    # eigenvalue multiplicities of rho(z) for every class representative z: the exact characters
    power_classes = {}
    for t, z in enumerate(reps):
        o = int(grp.orders[z])
        power_classes[t] = [int(cls[grp.lookup(grp.power(z, kk)[None, :])[0]]) for kk in range(o)]
    for gamma, d in enumerate(dims):
        chi = chis[gamma]
        m = round(float(np.real(np.sum(sizes * np.conj(chi) * fixed))) / grp.size)
        if m == 0:
            continue
        exact = np.zeros((len(reps), N), dtype=np.int64)
        best = None  # (r, t, j)
        for t, z in enumerate(reps):
            o = int(grp.orders[z])
            vals = np.array([chi[s] for s in power_classes[t]])
            mult = [round(float(np.real(np.sum(vals * np.exp(-2j * np.pi * j * np.arange(o) / o)))) / o)
                    for j in range(o)]
            for j, mj in enumerate(mult):
                exact[t, (j * (N // o)) % N] += mj
            for j, mj in enumerate(mult):
                if mj > 0 and d % mj == 0 and (best is None or mj < best[0]):
                    best = (mj, t, j)
        blocks.append(_block(grp, F, cls, exact, d, m, best, M))
    return blocks


def _block(grp: _Group, F: _Cyclotomic, cls, exact, d: int, m: int, best, M) -> IrrepBlock:
    r, t, j = best
    z = _class_rep(cls, t)
    o = int(grp.orders[z])
    N, n = F.N, grp.n
    step = N // o
    conj_exact = exact[:, (-np.arange(N)) % N]  # chi^*: zeta^i -> zeta^-i
    cvec = np.zeros((grp.size, N), dtype=np.int64)
    for k in range(o):
        zk_inv = grp.power(z, -k)
        y = grp.lookup(grp.G[:, zk_inv])  # x z^-k
        cvec += np.roll(conj_exact[cls[y]], (-j * k * step) % N, axis=1)
    scale = sp.Rational(d, grp.size * o)
    U = np.zeros((n, n, N), dtype=np.int64)  # P[a, b] = scale * sum_i U[a, b, i] zeta^i
    for x in range(grp.size):
        U[grp.G[x], np.arange(n)] += cvec[x]
    P = float(scale) * (U @ F.zeta)
    rank = m * r
    cols: list[int] = []
    Q = np.zeros((n, 0), dtype=complex)
    for b in np.argsort(-np.abs(np.diag(P)), kind="stable"):
        v = P[:, b] - Q @ (Q.conj().T @ P[:, b])
        if np.linalg.norm(v) > 1e-8:
            Q = np.hstack([Q, (v / np.linalg.norm(v))[:, None]])
            cols.append(int(b))
            if len(cols) == rank:
                break
    exactP = functools.lru_cache(maxsize=None)(lambda a, b: F.from_powers(U[a, b], scale))
    G = [[exactP(bp, bq) for bq in cols] for bp in cols]
    # A[p][q] = (H P)[b_p, b_q] = sum_a H[b_p, a] P[a, b_q]: a dict {H entry: cyclotomic coefficient}
    A = [[_lin_add({}, *((M[bp, a], exactP(a, bq)) for a in range(n) if M[bp, a] != 0), F=F)
          for bq in cols] for bp in cols]
    # G = L D L^dagger; T = L^-dagger (upper unit triangular); K = T^dagger A T
    L = [[None] * rank for _ in range(rank)]
    D = [None] * rank
    for i in range(rank):
        s = G[i][i]
        for k in range(i):
            s = s - F.mul(F.mul(L[i][k], D[k]), F.conj(L[i][k]))
        D[i] = s
        for a in range(i + 1, rank):
            s = G[a][i]
            for k in range(i):
                s = s - F.mul(F.mul(L[a][k], D[k]), F.conj(L[i][k]))
            L[a][i] = F.mul(s, F.inv(D[i]))
    Linv = [[None] * rank for _ in range(rank)]  # inverse of the unit lower triangular L
    for i in range(rank):
        for a in range(rank):
            if a == i:
                Linv[a][i] = F.from_powers([1] + [0] * (N - 1))
            elif a < i:
                Linv[a][i] = F.from_powers([0] * N)
            else:
                s = F.from_powers([0] * N)
                for k in range(i, a):
                    s = s - F.mul(L[a][k], Linv[k][i])
                Linv[a][i] = s
    K = [[{} for _ in range(rank)] for _ in range(rank)]  # K = L^-1 A L^-dagger
    for p in range(rank):
        for q in range(rank):
            acc: dict = {}
            for a in range(p + 1):
                for b in range(q + 1):
                    w = F.mul(Linv[p][a], F.conj(Linv[q][b]))
                    for key, v in A[a][b].items():
                        acc[key] = acc.get(key, 0) + F.mul(w, v) if key in acc else F.mul(w, v)
            K[p][q] = acc
    Dinv = [F.inv(x) for x in D]
    block = sp.zeros(rank, rank)
    similar = sp.zeros(rank, rank)
    for p in range(rank):
        for q in range(rank):
            similar[p, q] = sp.Add(*(F.sympy(F.mul(Dinv[p], v)) * key for key, v in K[p][q].items()))
            if p == q:  # K_pp and D_p are real: drop the imaginary parts of the coefficients (zero, exactly)
                similar[p, p] = real_part(similar[p, p])
            norm = sp.sqrt(F.sympy(F.mul(D[p], D[q])))
            block[p, q] = sp.Add(*(F.sympy(v) * key for key, v in K[p][q].items())) / norm if p != q \
                else similar[p, p]
    # basis: W = C L^-dagger, normalised by sqrt(D)
    V = sp.zeros(n, rank)
    for q in range(rank):
        inv_norm = 1 / sp.sqrt(F.sympy(D[q]))
        for a in range(n):
            s = F.from_powers([0] * N)
            for b in range(q + 1):
                s = s + F.mul(exactP(a, cols[b]), F.conj(Linv[q][b]))
            if not s.is_zero():
                V[a, q] = F.sympy(s) * inv_norm
    character = tuple(F.sympy(F.from_powers(row)) for row in exact)
    return IrrepBlock(d, m, d // r, sp.ImmutableMatrix(block), sp.ImmutableMatrix(similar), sp.ImmutableMatrix(V),
                      character, tuple(int(v) for v in grp.G[z]), sp.Rational(j, o))


def _class_rep(cls, t: int) -> int:
    return int(np.flatnonzero(cls == t)[0])


def _lin_add(acc: dict, *terms, F: _Cyclotomic) -> dict:
    for key, v in terms:
        acc[key] = acc[key] + v if key in acc else v
    return acc


def real_part(expr: sp.Expr) -> sp.Expr:
    """``expr`` with the real part of each numeric coefficient (the symbols are real): an exact zero
    imaginary part written in cosines and sines of :math:`2\\pi k/N` is removed term by term."""
    out = []
    for term, coeff in sp.expand(expr).as_coefficients_dict().items():
        c = coeff * sp.Mul(*(f for f in sp.Mul.make_args(term) if not f.free_symbols))
        rest = sp.Mul(*(f for f in sp.Mul.make_args(term) if f.free_symbols))
        out.append(sp.expand(sp.re(c)) * rest)
    return sp.Add(*out)
