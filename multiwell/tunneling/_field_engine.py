r"""Private engine of :mod:`multiwell.tunneling.field`: sampling, spectra with dipoles, thermal sums.

Everything here is unitless: energies and temperatures in kelvin, lengths in the geometry's
own units (scaled per system), dipoles in units of the dipole scale chosen by the caller.

The numeric Hamiltonian of a geometry comes from the pipeline, never from a hand-written
matrix: :func:`multiwell.hamiltonian.hamiltonian` with one flux symbol per independent loop
(tree gauge) is turned into a batched matrix function by :func:`multiwell.numeric.to_numpy`;
for three wells the levels are Viète's closed form of the same module, the eigenvectors the
null vectors of :math:`H-\lambda_k` (cross products of its rows); otherwise batched
``numpy.linalg.eigh``. The numba loops live in :mod:`multiwell.tunneling._field_kernels`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from multiwell.errors import ParameterError
from multiwell.geometry import Geometry
from multiwell.hamiltonian import hamiltonian
from multiwell.numeric import to_numpy
from multiwell.tunneling._field_kernels import (  # numba_available: engine.numba_available() in field.py
    X_FROZEN,
    _fused3,
    _numba_kernel,
    numba_available,  # noqa: F401
)
from multiwell.tunneling._sampling import SOBOL_MAX, _sobol_points

__all__: list[str] = []

BLOCK = 4096
"""Systems per random block: block i draws from the i-th child of the root SeedSequence, so the
samples do not depend on how blocks are grouped into chunks (chunking changes only the order of
floating-point summation)."""

SOBOL_BLOCKS = SOBOL_MAX // BLOCK
"""Blocks per Sobol scramble: block ``r * SOBOL_BLOCKS + k`` is run k of scramble r."""



# -- the numeric Hamiltonian of a geometry, from the pipeline ------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """Numeric data of one geometry: matrix function, loop areas, well positions."""

    n_wells: int
    hopping_names: tuple
    n_loops: int
    loop_areas: np.ndarray  # (L, 3), geometry units squared
    positions: np.ndarray  # (N, 3), centred on the centroid
    reference_area: float  # the largest |S_l|
    rms_radius: float  # sqrt(mean |r_i|^2)
    matrix: object  # NumericFunction: (E..., t..., phi...) -> (..., N, N)
    levels: object | None  # NumericFunction (Viete) for N = 3, else None
    bond_hopping: np.ndarray  # (N, N) int: index into hopping_names of H[a, b] (a < b), -1 for no bond
    bond_sign: np.ndarray  # (N, N) float: the convention's prefactor s of H[a, b] = s t e^{i theta}
    bond_phase: np.ndarray  # (N, N, L) float: theta_ab = sum_l bond_phase[a, b, l] phi_l


def pipeline_hamiltonian(geometry: Geometry):
    """The engine's symbolic Hamiltonian: ``hamiltonian(geometry)`` with one flux symbol per independent loop (tree
    gauge), and those symbols. Every numeric kernel of the engine, in a field or at zero field, is built from it."""
    phis = [sp.Symbol(f"phi_{k}", real=True) for k in range(len(geometry.loops()))]
    return hamiltonian(geometry, flux=phis if phis else None, gauge="tree"), phis


@lru_cache(maxsize=16)
def plan(geometry: Geometry) -> Plan:
    """Build (once per geometry and process) the batched numeric Hamiltonian and the geometric data."""
    H, phis = pipeline_hamiltonian(geometry)
    loops = geometry.loops()
    params = tuple(H.energies) + tuple(H.hoppings) + tuple(phis)
    matrix = to_numpy(H.matrix, params=params)
    levels = to_numpy(H, params=params) if geometry.n_wells == 3 else None
    pos = np.array([[float(c) for c in geometry.position3(k)] for k in range(geometry.n_wells)])
    pos = pos - pos.mean(axis=0)
    areas = np.array([[float(c) for c in loop.area] for loop in loops]).reshape(len(loops), 3)
    ref = float(np.max(np.linalg.norm(areas, axis=1))) if len(loops) else 0.0
    hop, sign, phase = _bond_structure(H, phis)
    return Plan(
        n_wells=geometry.n_wells, hopping_names=tuple(h.name for h in H.hoppings), n_loops=len(loops), loop_areas=areas,
        positions=pos, reference_area=ref, rms_radius=float(np.sqrt(np.mean(np.sum(pos**2, axis=1)))),
        matrix=matrix, levels=levels, bond_hopping=hop, bond_sign=sign, bond_phase=phase,
    )


@lru_cache(maxsize=16)
def zero_field_invariants(geometry: Geometry):
    r"""The invariants :math:`(p, q, \Delta)` of a 3-well geometry's pipeline Hamiltonian at zero flux, as a function.

    :func:`multiwell.numeric._invariants._invariants3` of the matrix of :func:`plan` (the one the field
    observables use) with every flux 0 and every hopping 1: the spectrum is homogeneous of degree 1 in
    (E, D_0) and depends on E only through the differences :math:`u=E_2-E_1`, :math:`v=E_3-E_1`, so
    the returned function takes ``(u/D_0, v/D_0)`` and the gaps scale back with :math:`D_0`
    (:func:`gaps3`). :math:`\Delta=p^3-q^2` comes with its :math:`O(D_0^6)` terms cancelled symbolically,
    so near-degenerate gaps keep full relative precision. The polynomials are printed in Horner form in u:
    numpy's ``x**3`` is a libm ``pow`` per element, ~40x a product.
    """
    from multiwell.numeric._invariants import _invariants3

    if geometry.n_wells != 3:
        raise ParameterError(f"geometry: expected three wells, got {geometry.n_wells}")  # pragma: no cover
    H, phis = pipeline_hamiltonian(geometry)
    E1, E2, E3 = H.energies
    fixed = {**{ph: 0 for ph in phis}, **{t: 1 for t in H.hoppings}, E1: 0}
    inv = _invariants3(H.matrix.xreplace(fixed))
    exprs = [sp.horner(sp.expand(e.xreplace(fixed)), wrt=E2) for e in (inv.p, inv.q, inv.delta)]
    return to_numpy(exprs, params=(E2, E3))


def gaps3(invariants, E: np.ndarray, D0: np.ndarray) -> np.ndarray:
    r"""Gaps :math:`(\mathcal E_1-\mathcal E_0, \mathcal E_2-\mathcal E_0)` (m, 2) of a 3-well system at zero flux.

    ``invariants`` from :func:`zero_field_invariants`; E (m, 3), D0 (m,) the hopping scale.
    """
    return gaps3_scaled(invariants, (E[:, 1] - E[:, 0]) / D0, (E[:, 2] - E[:, 0]) / D0, D0)


def gaps3_scaled(invariants, u: np.ndarray, v: np.ndarray, D0: np.ndarray, upper: bool = True) -> np.ndarray:
    r"""Gaps (m, 2) from the scaled differences :math:`u=(E_2-E_1)/D_0`, :math:`v=(E_3-E_1)/D_0` ((m, 1): not upper).

    :func:`multiwell.numeric.spectral_gap`'s cancellation-free Viète form (its ``viete_gap``, with the
    square roots and the angle shared by the two gaps): :math:`2\sqrt{3p}\sin(\theta/3)` and
    :math:`2\sqrt{3p}\sin(\pi/3+\theta/3)`, :math:`\theta=\operatorname{atan2}(\sqrt\Delta, q)`,
    times :math:`D_0`; the second as :math:`2\sqrt{3p}(\tfrac{\sqrt3}{2}c+\tfrac12s)` with
    :math:`s=\sin(\theta/3)\in[0,\sqrt3/2]`, :math:`c=\sqrt{1-s^2}\ge1/2` (two non-negative terms, one
    sine fewer).
    """
    pqd = invariants(u, v)
    r = 2.0 * np.sqrt(3.0 * np.maximum(pqd[:, 0], 0.0)) * D0
    third = np.arctan2(np.sqrt(np.maximum(pqd[:, 2], 0.0)), pqd[:, 1]) / 3.0
    s = np.sin(third)
    out = np.empty((u.shape[0], 2 if upper else 1))
    np.multiply(r, s, out=out[:, 0])
    if upper:
        np.multiply(r, 0.8660254037844386 * np.sqrt(1.0 - s * s) + 0.5 * s, out=out[:, 1])
    return out


def _bond_structure(H, phis):
    r"""Read :math:`H_{ab}=s\,t\,e^{i\theta_{ab}}`, :math:`\theta_{ab}=\sum_\ell c_{ab\ell}\phi_\ell`, off the matrix.

    The compiled kernels build the matrix from these arrays; :func:`plan`'s caller checks them
    against the lambdified matrix (``tests``), so the two can never drift apart.
    """
    N = H.n
    hop = -np.ones((N, N), dtype=np.int64)
    sign = np.zeros((N, N))
    phase = np.zeros((N, N, len(phis)))
    names = list(H.hoppings)
    for a in range(N):
        for b in range(a + 1, N):
            entry = H.matrix[a, b]
            if entry == 0:
                continue
            exps = list(entry.atoms(sp.exp))
            theta = sp.expand(exps[0].args[0] / sp.I) if exps else sp.Integer(0)
            rest = sp.simplify(entry / exps[0]) if exps else entry
            (t,) = [x for x in rest.free_symbols if x in names]
            hop[a, b] = names.index(t)
            sign[a, b] = float(rest / t)
            for k, ph in enumerate(phis):
                phase[a, b, k] = float(theta.coeff(ph))
    return hop, sign, phase


# -- sampling ------------------------------------------------------------------------------------------------
_U1 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0)
_U2 = np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)


def block_seed(root: np.random.SeedSequence, i: int) -> np.random.SeedSequence:
    """The i-th child of ``root`` (what ``root.spawn`` would return), without spawning the others."""
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size)


def sobol_dimension(n_wells: int) -> int:
    """Coordinates of one system for a quasi-random point: D, the direction of E, D_0, area, field direction."""
    return 5 + (1 if n_wells == 3 else n_wells)


def sample(m: int, seed_seq, n_wells: int, bounds, area_bounds, electric: str, normal=None, uniforms=None):
    r"""Draw m systems: energies (m, N), hopping scale D0 (m,), area (m,), field direction b (m, 3), probes.

    For N = 3 the first three draws (D, psi, D0) are those of
    :func:`multiwell.tunneling._anomalous._draw_plane_K`, so a block has the same
    (D, E_1 E_2 E_3, D_0) as the zero-field Monte Carlo of :mod:`multiwell.tunneling.thermal`
    with the same seed and blocks. With ``uniforms`` (m, :func:`sobol_dimension`), points of
    the unit cube (quasi-random), the same distributions come from one coordinate each:
    log-uniform D, D_0 and area, the angle of E in the plane (N = 3; else N inverse-normal
    coordinates projected on the plane), :math:`\cos\beta` and the azimuth of the field.
    """
    if uniforms is not None:
        return _from_uniforms(uniforms, n_wells, bounds, area_bounds, electric, normal)
    lo, hi, lo0, hi0 = bounds
    rng = np.random.default_rng(seed_seq)
    D = np.exp(np.log(lo) + np.log(hi / lo) * rng.random(m))
    psi = 2 * np.pi * rng.random(m)
    d0 = np.exp(np.log(lo0) + np.log(hi0 / lo0) * rng.random(m))
    if n_wells == 3:
        # angle in the plane sum E = 0: phi_E = (psi + 2 pi k)/3 is uniform and sin(3 phi_E) = sin(psi)
        ang = (psi + 2 * np.pi * rng.integers(0, 3, m)) / 3
        E = D[:, None] * (np.cos(ang)[:, None] * _U1 + np.sin(ang)[:, None] * _U2)
    else:
        z = rng.standard_normal((m, n_wells))
        z -= z.mean(axis=1, keepdims=True)
        E = D[:, None] * z / np.linalg.norm(z, axis=1, keepdims=True)
    a_lo, a_hi = area_bounds
    area = np.full(m, a_lo) if a_hi == a_lo else np.exp(np.log(a_lo) + np.log(a_hi / a_lo) * rng.random(m))
    cb = 2 * rng.random(m) - 1
    az = 2 * np.pi * rng.random(m)
    sb = np.sqrt(np.maximum(1 - cb * cb, 0.0))
    b = np.stack([sb * np.cos(az), sb * np.sin(az), cb], axis=1)
    if normal is not None:  # every system with its reference loop's normal along B
        b = np.broadcast_to(normal, (m, 3)).copy()
    return E, d0, area, b, probes(b, electric)


def _from_uniforms(u, n_wells, bounds, area_bounds, electric, normal):
    lo, hi, lo0, hi0 = bounds
    m = u.shape[0]
    D = np.exp(np.log(lo) + np.log(hi / lo) * u[:, 0])
    d0 = np.exp(np.log(lo0) + np.log(hi0 / lo0) * u[:, 2])
    if n_wells == 3:
        ang = 2 * np.pi * u[:, 1]
        E = D[:, None] * (np.cos(ang)[:, None] * _U1 + np.sin(ang)[:, None] * _U2)
        rest = u[:, 3:]
    else:
        from scipy.special import ndtri

        z = ndtri(np.clip(u[:, 3:3 + n_wells], 1e-300, 1 - 2**-53))
        z -= z.mean(axis=1, keepdims=True)
        E = D[:, None] * z / np.linalg.norm(z, axis=1, keepdims=True)
        rest = np.concatenate([u[:, 1:2], u[:, 3 + n_wells:]], axis=1)
    a_lo, a_hi = area_bounds
    area = np.full(m, a_lo) if a_hi == a_lo else np.exp(np.log(a_lo) + np.log(a_hi / a_lo) * rest[:, 0])
    cb = 2 * rest[:, 1] - 1
    az = 2 * np.pi * rest[:, 2]
    sb = np.sqrt(np.maximum(1 - cb * cb, 0.0))
    b = np.stack([sb * np.cos(az), sb * np.sin(az), cb], axis=1)
    if normal is not None:
        b = np.broadcast_to(normal, (m, 3)).copy()
    return E, d0, area, b, probes(b, electric)


def probes(b: np.ndarray, electric: str) -> tuple[np.ndarray, np.ndarray]:
    """Directions f_c (m, C, 3) and weights w_c with sum_c w_c |f_c . v|^2 = the orientation average.

    ``isotropic``: the three axes, weight 1/3 (the electric field's direction independent of the
    system's); ``parallel``: F along B, f = b; ``perpendicular``: F normal to B, averaged exactly
    over its azimuth about B: the two unit vectors normal to b, weight 1/2 each.
    """
    m = b.shape[0]
    if electric == "isotropic":
        return np.broadcast_to(np.eye(3), (m, 3, 3)), np.full(3, 1.0 / 3.0)
    if electric == "parallel":
        return b[:, None, :], np.ones(1)
    helper = np.where(np.abs(b[:, 2:3]) < 0.9, np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]))
    e1 = np.cross(b, helper)
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 = np.cross(b, e1)
    return np.stack([e1, e2], axis=1), np.full(2, 0.5)


def _normal(p: Plan) -> np.ndarray:
    """Unit normal of the geometry's largest loop (the field direction of an aligned ensemble)."""
    if p.n_loops == 0:
        return np.array([0.0, 0.0, 1.0])
    S = p.loop_areas[np.argmax(np.linalg.norm(p.loop_areas, axis=1))]
    return S / np.linalg.norm(S)


# -- spectra and dipole matrix elements ----------------------------------------------------------------------
def _null_vectors3(A: np.ndarray) -> np.ndarray:
    """Unit null vectors (m, 3) of rank-2 Hermitian 3x3 matrices A (m, 3, 3): the largest row cross product."""
    r0, r1, r2 = A[:, 0, :], A[:, 1, :], A[:, 2, :]
    c = np.stack([np.cross(r0, r1), np.cross(r0, r2), np.cross(r1, r2)], axis=1)  # (m, 3 pairs, 3)
    norms = np.einsum("mpk,mpk->mp", c, c.conj()).real
    best = np.argmax(norms, axis=1)
    v = c[np.arange(A.shape[0]), best]
    return v / np.sqrt(norms[np.arange(A.shape[0]), best])[:, None]


def eigensystem(p: Plan, E, hoppings, phis, *, method: str = "auto"):
    """Ascending levels (m, N) and unit eigenvectors (m, N, N) (columns) of the pipeline's Hamiltonian."""
    args = [E[:, k] for k in range(p.n_wells)] + list(hoppings) + [phis[:, k] for k in range(p.n_loops)]
    H = np.asarray(p.matrix(*args), dtype=complex)
    if method == "eigh" or p.levels is None:
        return np.linalg.eigh(H)
    lev = np.asarray(p.levels(*args), dtype=float)
    eye = np.eye(3)
    U = np.stack([_null_vectors3(H - lev[:, k, None, None] * eye) for k in range(3)], axis=2)
    return lev, U


def levels(p: Plan, E, hoppings, phis, *, method: str = "auto"):
    """Ascending levels (m, N) of the pipeline's Hamiltonian (Viete for three wells, else eigvalsh)."""
    args = [E[:, k] for k in range(p.n_wells)] + list(hoppings) + [phis[:, k] for k in range(p.n_loops)]
    if method == "eigh" or p.levels is None:
        return np.linalg.eigvalsh(np.asarray(p.matrix(*args), dtype=complex))
    return np.asarray(p.levels(*args), dtype=float)


def dipole_elements(U: np.ndarray, X: np.ndarray, weights: np.ndarray):
    """Pair weights w_kl = sum_c w_c |<k|X_c|l>|^2 (m, N, N) and scaled diagonals sqrt(w_c) <k|X_c|k> (m, C, N).

    X (m, C, N): the dipole operator along probe c, diagonal in the well basis.
    """
    M = np.einsum("mik,mci,mil->mckl", U.conj(), X, U)
    w = np.einsum("c,mckl->mkl", weights, (M * M.conj()).real)
    d = np.sqrt(weights)[None, :, None] * np.einsum("mckk->mck", M).real
    return w, d


# -- thermal sums --------------------------------------------------------------------------------------------
def thermal_numpy(g, w, d, kappa, T_K, rate_power=1.0):
    """Sums over systems of c/k_B, chi_res and chi_rel (unitless: dipole^2 / K), each (len(T),).

    g (m, N): levels above the ground level; w (m, N, N): pair weights; d (m, C, N): diagonal
    dipoles; kappa (m,): omega Gamma / g_1^5 (0 for a static field); omega tau = kappa tanh(g_1/2T)^rate_power
    (+1: the coth rate, -1: the printed tanh rate of Eq. 15).
    """
    N = g.shape[1]
    out = np.zeros((3, T_K.size))
    iu, ju = np.triu_indices(N, 1)
    gap = g[:, ju] - g[:, iu]  # (m, P)
    wp = w[:, iu, ju]
    for t, T in enumerate(T_K):
        x = g / T
        boltz = np.where(x < X_FROZEN, np.exp(-np.minimum(x, X_FROZEN)), 0.0)
        rho = boltz / boltz.sum(axis=1, keepdims=True)
        mx = np.sum(rho * x, axis=1)
        out[0, t] = np.sum(np.sum(rho * x * x, axis=1) - mx * mx)
        # (rho_k - rho_l)/(E_l - E_k) = rho_k (1 - e^{-(E_l - E_k)/T}) / (E_l - E_k), no cancellation
        frac = -np.expm1(-gap / T) / gap
        out[1, t] = np.sum(2 * wp * rho[:, iu] * frac)
        md = np.einsum("mn,mcn->mc", rho, d)
        var = np.einsum("mn,mcn->m", rho, d * d) - np.sum(md * md, axis=1)
        th = np.tanh(g[:, 1] / (2 * T))
        debye = 1.0 / (1.0 + (kappa * np.where(th > 0, th, 1e-300) ** rate_power) ** 2)
        out[2, t] = np.sum(var * debye) / T
    return out


def thermal(g, w, d, kappa, T_K, backend: str, rate_power: float = 1.0):
    """Dispatch the thermal sums to numba (parallel, fused) or numpy."""
    if backend == "numba":
        parts = max(1, min(64, g.shape[0] // 1024))
        args = (np.ascontiguousarray(g), np.ascontiguousarray(w), np.ascontiguousarray(d),
                np.ascontiguousarray(kappa), np.ascontiguousarray(T_K), parts, float(rate_power))
        if _numba_kernel().ready(*args):  # else it compiles in the background while numpy answers
            return _numba_kernel()(*args)
    return thermal_numpy(g, w, d, kappa, T_K, rate_power)


# -- one chunk ------------------------------------------------------------------------------------------------
def chunk(task) -> dict:
    """Sums per block of one chunk, at every field: c, chi_res, chi_rel (blocks, nB, 3, nT), histogram counts.

    ``task``: a dict with the geometry, the blocks ``(index, size)``, the root seed, the unitless
    parameters and the options (see :func:`multiwell.tunneling.field._tasks`). Per-block sums give
    the statistical errors from the spread of block means. Three-well geometries with numba run the
    whole chunk through one call of the fused kernel (one parallel part per block).
    """
    p = plan(task["geometry"])
    if task["backend"] == "numba" and p.n_wells == 3 and task["method"] == "auto" and task["edges"] is None:
        fused = _fused_chunk(task, p)
        if fused is not None:
            return fused
        task = {**task, "backend": "numpy"}  # the kernel compiles in the background: the numpy route answers
    out = [_block(task, p, i, size) for i, size in task["blocks"]]
    counts = [r[2] for r in out]
    return {"sums": np.array([r[0] for r in out]), "m": np.array([r[1] for r in out]),
            "index": np.array([i for i, _ in task["blocks"]], dtype=np.int64),
            "counts": np.sum(counts, axis=0) if counts[0] is not None else None}


def _draw(task, p: Plan, index: int, size: int):
    """One block's systems: pseudo-random from the block's seed, or the block's run of a scrambled Sobol sequence.

    Sobol blocks are numbered ``r * SOBOL_BLOCKS + k``: points ``k * BLOCK ...`` of scramble r
    (scramble r seeded by the r-th child of the root), so no block depends on the chunking.
    """
    uniforms = None
    if task.get("sampler", "random") == "sobol":
        r, k = divmod(index, SOBOL_BLOCKS)
        uniforms = _sobol_points(sobol_dimension(p.n_wells), block_seed(task["root"], r), k * BLOCK, size)
    return sample(size, block_seed(task["root"], index), p.n_wells, task["bounds"], task["area_bounds"],
                  task["electric"], _normal(p) if task.get("aligned") else None, uniforms)


def _inputs(task, p: Plan, index: int, size: int):
    """One block's samples as engine inputs: E, hoppings, scale^2, field direction, dipole along the probes."""
    E, d0, area, b, (f, weights) = _draw(task, p, index, size)
    hoppings = [d0 * task["ratios"].get(name, 1.0) for name in p.hopping_names]
    scale2 = area / p.reference_area if p.reference_area > 0 else area  # (length unit / geometry unit)^2
    # dipole operator along the probes, in units of the dipole scale: positions times the length scale
    # (q r, scale "charge") or over the rms radius (a given rms dipole, scale "dipole")
    X = np.einsum("mcx,nx->mcn", f, p.positions)
    X = X * (np.sqrt(scale2)[:, None, None] if task["dipole_mode"] == "charge" else 1.0 / p.rms_radius)
    return E, hoppings, scale2, b, X, weights


def _fused_chunk(task, p: Plan) -> dict:
    parts = [_inputs(task, p, i, size) for i, size in task["blocks"]]
    sizes = np.array([size for _, size in task["blocks"]])
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    E = np.ascontiguousarray(np.concatenate([x[0] for x in parts]))
    t = np.ascontiguousarray(np.concatenate([np.stack(x[1], axis=1) for x in parts]))
    s2 = np.ascontiguousarray(np.concatenate([x[2] for x in parts]))
    b = np.ascontiguousarray(np.concatenate([x[3] for x in parts]))
    X = np.ascontiguousarray(np.concatenate([x[4] for x in parts]))
    T_K = np.asarray(task["T"], dtype=float)
    order = np.argsort(T_K)
    sums = np.empty((len(sizes), len(task["B"]), 3, T_K.size))
    args = (E, t, s2, b, X, np.asarray(parts[0][5], dtype=float), p.bond_hopping, p.bond_sign, p.bond_phase,
            p.loop_areas, float(task["flux_per_B"]), np.asarray(task["B"], dtype=float),
            np.ascontiguousarray(T_K[order]), float(task["omega_Gamma"]), float(task["rate_power"]), starts,
            bool(task.get("dielectric", True)))
    if not _fused3().ready(*args):
        return None
    sums[..., order] = _fused3()(*args)
    return {"sums": sums, "m": sizes, "index": np.array([i for i, _ in task["blocks"]], dtype=np.int64),
            "counts": None}


def _block(task, p: Plan, index: int, size: int):
    E, hoppings, scale2, b, X, weights = _inputs(task, p, index, size)
    m = size
    flux_per_B = task["flux_per_B"] * scale2[:, None] * (b @ p.loop_areas.T)  # (m, L): phi_l / B
    nB = len(task["B"])
    sums = np.zeros((nB, 3, len(task["T"])))
    counts = []
    dielectric = task.get("dielectric", True)
    for j, B in enumerate(task["B"]):
        if dielectric:
            lev, U = eigensystem(p, E, hoppings, flux_per_B * B, method=task["method"])
            w, dg = dipole_elements(U, X, weights)
        else:  # heat capacity only: levels, no eigenvectors
            lev = levels(p, E, hoppings, flux_per_B * B, method=task["method"])
            w, dg = np.zeros((m, p.n_wells, p.n_wells)), np.zeros((m, X.shape[1], p.n_wells))
        g = lev - lev[:, :1]
        kappa = task["omega_Gamma"] / g[:, 1] ** 5 if task["omega_Gamma"] > 0 else np.zeros(m)
        if task.get("thermal", True):
            sums[j] = thermal(g, w, dg, kappa, task["T"], task["backend"], task["rate_power"])
        if task["edges"] is not None:
            counts.append(np.histogram(g[:, 1], bins=task["edges"])[0])
    return sums, m, (np.array(counts) if counts else None)


def chunk_blocks(n: int, chunk_size: int, scrambles: int = 0) -> list[list[tuple[int, int]]]:
    """Blocks ``(index, size)`` of BLOCK systems (the last one shorter), grouped into chunks of about chunk_size.

    With ``scrambles`` > 0 (Sobol), n is split into that many nearly equal runs, one per scramble,
    each cut into blocks numbered ``r * SOBOL_BLOCKS + k``.
    """
    if scrambles:
        per = [n // scrambles + (1 if r < n % scrambles else 0) for r in range(scrambles)]
        blocks = [(r * SOBOL_BLOCKS + k, min(BLOCK, m - k * BLOCK))
                  for r, m in enumerate(per) for k in range(-(-m // BLOCK))]
    else:
        n_blocks = -(-n // BLOCK)
        blocks = list(enumerate([BLOCK] * (n_blocks - 1) + [n - BLOCK * (n_blocks - 1)]))
    per_chunk = max(1, chunk_size // BLOCK)
    return [blocks[k:k + per_chunk] for k in range(0, len(blocks), per_chunk)]


def groups(task, index: np.ndarray) -> np.ndarray:
    """The statistical group of each block: itself (pseudo-random) or its scramble (Sobol)."""
    return index // SOBOL_BLOCKS if task.get("sampler", "random") == "sobol" else index


def reference_sums(task) -> dict:
    """The slow reference for tests: ``numpy.linalg.eigh`` per system and the plain N-level formulas."""
    p = plan(task["geometry"])
    draws = [_draw(task, p, i, size) for i, size in task["blocks"]]
    out = np.zeros((len(task["B"]), 3, len(task["T"])))
    for E, d0, area, b, (f, weights) in draws:
        for i in range(E.shape[0]):
            s2 = area[i] / p.reference_area if p.reference_area > 0 else area[i]
            X = f[i] @ p.positions.T * (math.sqrt(s2) if task["dipole_mode"] == "charge" else 1.0 / p.rms_radius)
            for j, B in enumerate(task["B"]):
                phis = task["flux_per_B"] * s2 * (p.loop_areas @ b[i]) * B
                hops = [d0[i] * task["ratios"].get(name, 1.0) for name in p.hopping_names]
                args = [E[i, k] for k in range(p.n_wells)] + hops + list(phis)
                H = np.asarray(p.matrix(*args), dtype=complex)
                lev, U = np.linalg.eigh(H)
                g = lev - lev[0]
                M = np.einsum("ik,ci,il->ckl", U.conj(), X, U)
                for t, T in enumerate(task["T"]):
                    rho = np.exp(-g / T)
                    rho /= rho.sum()
                    out[j, 0, t] += rho @ (g / T) ** 2 - (rho @ (g / T)) ** 2
                    res = 0.0
                    for k in range(p.n_wells):
                        for kk in range(k + 1, p.n_wells):
                            res += 2 * weights @ np.abs(M[:, k, kk]) ** 2 * (rho[k] - rho[kk]) / (g[kk] - g[k])
                    out[j, 1, t] += res
                    diag = np.einsum("ckk->ck", M).real
                    var = weights @ (diag**2 @ rho - (diag @ rho) ** 2)
                    if task["omega_Gamma"] > 0:
                        wt = task["omega_Gamma"] / g[1] ** 5 * math.tanh(g[1] / (2 * T)) ** task["rate_power"]
                        var /= 1 + wt * wt
                    out[j, 2, t] += var / T
    return {"sums": out[None], "m": np.array([sum(s for _, s in task["blocks"])]), "counts": None}
