r"""Private compiled kernels of :mod:`multiwell.tunneling.field` (numba; imported lazily).

Two loops, compiled on first use and cached on disk (``multiwell._jitcache``): ``_thermal_loops`` (the
thermal sums of any N-level ensemble from its gaps and dipole elements) and ``_fused3_loops`` (a 3-well geometry end to
end: matrix from the bond structure of the symbolic Hamiltonian, Viete levels, null-vector
eigenvectors, dipole elements, thermal sums). Without numba the same Python functions are never
called; :mod:`multiwell.tunneling._field_engine` has the numpy route.
"""

from __future__ import annotations

import math

import numpy as np

__all__: list[str] = []

X_FROZEN = 40.0
"""Levels more than X_FROZEN k_B T above the ground level are dropped (weight e^-40 = 4e-18)."""

X_SATURATED = 37.0
"""Above E/k_BT = 37 a two-level system is saturated: 1 - tanh(E/2k_BT) = 2e^-37 < 2^-53 rounds away,
and its sech^2 terms are below 1e-12 of their peak (the fused kernel adds its resonant constant once)."""

prange = range  # replaced by numba.prange when the kernel is compiled


def _thermal_loops(g, w, d, kappa, T_K, n_parts, rate_power):  # pragma: no cover - compiled by numba
    m, N = g.shape
    C = d.shape[1]
    nT = T_K.size
    acc = np.zeros((n_parts, 3, nT))
    step = (m + n_parts - 1) // n_parts
    for part in prange(n_parts):
        rho = np.empty(N)
        for i in range(part * step, min(m, (part + 1) * step)):
            g1 = g[i, 1]
            frozen_above = g[i, 2] if N > 2 else np.inf
            # transitions from levels 0, 1 to frozen levels (T-independent parts)
            a0 = 0.0
            a1 = 0.0
            for l in range(2, N):
                a0 += 2.0 * w[i, 0, l] / g[i, l]
                a1 += 2.0 * w[i, 1, l] / (g[i, l] - g1)
            dd = 0.0
            for c in range(C):
                dd += (d[i, c, 0] - d[i, c, 1]) ** 2
            w01 = w[i, 0, 1]
            for t in range(nT):
                T = T_K[t]
                th_x = g1 / (2.0 * T)
                if frozen_above > X_FROZEN * T:
                    # two thermal levels: e = exp(-g1/T)
                    e = math.exp(-2.0 * th_x) if th_x < 0.5 * X_FROZEN else 0.0
                    th = -math.expm1(-2.0 * th_x) / (1.0 + e)
                    sech2 = 4.0 * e / ((1.0 + e) * (1.0 + e))
                    acc[part, 0, t] += th_x * th_x * sech2
                    res = 2.0 * w01 * (-math.expm1(-g1 / T)) / g1 / (1.0 + e)
                    res += (a0 + a1 * e) / (1.0 + e)
                    acc[part, 1, t] += res
                    var = 0.25 * sech2 * dd
                else:
                    z = 0.0
                    for k in range(N):
                        xk = g[i, k] / T
                        rho[k] = math.exp(-xk) if xk < X_FROZEN else 0.0
                        z += rho[k]
                    mx = 0.0
                    mx2 = 0.0
                    for k in range(N):
                        rho[k] /= z
                        xk = g[i, k] / T
                        mx += rho[k] * xk
                        mx2 += rho[k] * xk * xk
                    acc[part, 0, t] += mx2 - mx * mx
                    res = 0.0
                    for k in range(N):
                        for l in range(k + 1, N):
                            gap = g[i, l] - g[i, k]
                            res += 2.0 * w[i, k, l] * rho[k] * (-math.expm1(-gap / T)) / gap
                    acc[part, 1, t] += res
                    var = 0.0
                    for c in range(C):
                        md = 0.0
                        md2 = 0.0
                        for k in range(N):
                            md += rho[k] * d[i, c, k]
                            md2 += rho[k] * d[i, c, k] * d[i, c, k]
                        var += md2 - md * md
                    th = math.tanh(th_x)
                if kappa[i] > 0.0:
                    r = kappa[i] * th**rate_power if th > 0.0 else (0.0 if rate_power > 0.0 else np.inf)
                    var = var / (1.0 + r * r)
                acc[part, 2, t] += var / T
    return acc.sum(axis=0)



def _fused3_loops(E, t, s2, b, X, wts, hop, sign, phase, S, flux_per_B, Bs, T_K, omega_Gamma,
                  rate_power, starts):  # pragma: no cover - compiled by numba
    r"""Every system and field of a 3-well geometry in one pass: matrix, levels, eigenvectors, dipoles, sums.

    The matrix is assembled from the bond structure read off the symbolic Hamiltonian
    (:func:`_bond_structure`); levels by Viete's trigonometric form of its invariants (the formula of
    :mod:`multiwell._kernels`), the gaps in the cancellation-free form ``2 sqrt(3p) sin(theta/3)``;
    eigenvectors as the largest cross product of two rows of :math:`H-\lambda_k`.
    """
    m = E.shape[0]
    C = X.shape[1]
    L = S.shape[0]
    nB = Bs.size
    nT = T_K.size
    inv_T = 1.0 / T_K  # T_K ascending
    n_parts = starts.size - 1  # one part per random block: per-block sums for the error bars
    acc = np.zeros((n_parts, nB, 3, nT))
    sat_diff = np.zeros((n_parts, nB, nT + 1))
    for part in prange(n_parts):
        H = np.zeros((3, 3), dtype=np.complex128)
        U = np.zeros((3, 3), dtype=np.complex128)
        lev = np.zeros(3)
        w = np.zeros((3, 3))
        dg = np.zeros((C, 3))
        rho = np.zeros(3)
        g = np.zeros(3)
        for i in range(starts[part], starts[part + 1]):
            for j in range(nB):
                # -- the matrix
                for a in range(3):
                    H[a, a] = E[i, a]
                    for c in range(a + 1, 3):
                        if hop[a, c] < 0:
                            H[a, c] = 0.0
                        else:
                            th = 0.0
                            for ll in range(L):
                                th += phase[a, c, ll] * flux_per_B * Bs[j] * s2[i] * (
                                    b[i, 0] * S[ll, 0] + b[i, 1] * S[ll, 1] + b[i, 2] * S[ll, 2])
                            amp = sign[a, c] * t[i, hop[a, c]]
                            H[a, c] = amp * complex(math.cos(th), math.sin(th)) if th != 0.0 else complex(amp, 0.0)
                        H[c, a] = H[a, c].conjugate()
                # -- levels (Viete) and gaps
                mm = (H[0, 0].real + H[1, 1].real + H[2, 2].real) / 3.0
                b0 = H[0, 0].real - mm
                b1 = H[1, 1].real - mm
                b2 = H[2, 2].real - mm
                n01 = H[0, 1].real ** 2 + H[0, 1].imag ** 2
                n02 = H[0, 2].real ** 2 + H[0, 2].imag ** 2
                n12 = H[1, 2].real ** 2 + H[1, 2].imag ** 2
                pp = (b0 * b0 + b1 * b1 + b2 * b2) / 6.0 + (n01 + n02 + n12) / 3.0
                qq = (b0 * b1 * b2 + 2.0 * (H[0, 1] * H[1, 2] * H[2, 0]).real - b0 * n12 - b1 * n02 - b2 * n01) / 2.0
                dd = pp * pp * pp - qq * qq
                r = math.sqrt(max(pp, 0.0))
                tt = math.atan2(math.sqrt(max(dd, 0.0)), qq) / 3.0
                cs = r * math.cos(tt)
                sn = r * math.sin(tt) * 1.7320508075688772
                lev[0] = mm - cs - sn
                lev[1] = mm - cs + sn
                lev[2] = mm + 2.0 * cs
                g[0] = 0.0
                g[1] = 2.0 * sn
                g[2] = 2.0 * math.sqrt(3.0 * max(pp, 0.0)) * math.sin(1.0471975511965976 + tt)
                # -- eigenvectors: null vectors of H - lev_k for the lowest two, the third orthogonal to both
                for k in range(2):
                    best = -1.0
                    v0 = 0j
                    v1 = 0j
                    v2 = 0j
                    for pr in range(3):
                        ra = 0 if pr < 2 else 1
                        rb = 1 if pr == 0 else 2
                        a0 = H[ra, 0] - (lev[k] if ra == 0 else 0.0)
                        a1 = H[ra, 1] - (lev[k] if ra == 1 else 0.0)
                        a2 = H[ra, 2] - (lev[k] if ra == 2 else 0.0)
                        c0 = H[rb, 0] - (lev[k] if rb == 0 else 0.0)
                        c1 = H[rb, 1] - (lev[k] if rb == 1 else 0.0)
                        c2 = H[rb, 2] - (lev[k] if rb == 2 else 0.0)
                        x0 = a1 * c2 - a2 * c1
                        x1 = a2 * c0 - a0 * c2
                        x2 = a0 * c1 - a1 * c0
                        nn = (x0.real ** 2 + x0.imag ** 2 + x1.real ** 2 + x1.imag ** 2
                              + x2.real ** 2 + x2.imag ** 2)
                        if nn > best:
                            best = nn
                            v0 = x0
                            v1 = x1
                            v2 = x2
                    nrm = math.sqrt(best)
                    U[0, k] = v0 / nrm
                    U[1, k] = v1 / nrm
                    U[2, k] = v2 / nrm
                U[0, 2] = (U[1, 0] * U[2, 1] - U[2, 0] * U[1, 1]).conjugate()
                U[1, 2] = (U[2, 0] * U[0, 1] - U[0, 0] * U[2, 1]).conjugate()
                U[2, 2] = (U[0, 0] * U[1, 1] - U[1, 0] * U[0, 1]).conjugate()
                # -- dipole matrix elements
                for k in range(3):
                    for l in range(3):
                        w[k, l] = 0.0
                for c in range(C):
                    sw = math.sqrt(wts[c])
                    for k in range(3):
                        for l in range(k, 3):
                            z = 0j
                            for a in range(3):
                                z += U[a, k].conjugate() * X[i, c, a] * U[a, l]
                            if l == k:
                                dg[c, k] = sw * z.real
                            else:
                                w[k, l] += wts[c] * (z.real * z.real + z.imag * z.imag)
                # -- thermal sums
                g1 = g[1]
                g2 = g[2]
                a0s = 2.0 * w[0, 2] / g2
                a1s = 2.0 * w[1, 2] / (g2 - g1)
                r01 = 2.0 * w[0, 1] / g1
                sat = r01 + a0s
                ddd = 0.0
                for c in range(C):
                    ddd += (dg[c, 0] - dg[c, 1]) ** 2
                kap2 = (omega_Gamma / g1**5) ** 2 if omega_Gamma > 0.0 else 0.0
                # T ascending: the first i0 temperatures see a saturated two-level system (tanh = 1 to
                # rounding, sech^2 terms below 1e-12 of their peak): one entry in a difference array
                i0 = 0
                while i0 < nT and g1 * inv_T[i0] > X_SATURATED and g2 * inv_T[i0] > X_FROZEN:
                    i0 += 1
                if i0 > 0:
                    sat_diff[part, j, 0] += sat
                    sat_diff[part, j, i0] -= sat
                for it in range(i0, nT):
                    iT = inv_T[it]
                    x2 = g1 * iT
                    if g2 * iT > X_FROZEN:
                        em = math.expm1(-x2)  # e^{-g1/T} - 1
                        e = 1.0 + em
                        inv = 1.0 / (2.0 + em)  # 1/(1+e)
                        th = -em * inv
                        sech2 = 4.0 * e * inv * inv
                        acc[part, j, 0, it] += 0.25 * x2 * x2 * sech2
                        acc[part, j, 1, it] += (-em * r01 + a0s + a1s * e) * inv
                        var = 0.25 * sech2 * ddd
                    else:
                        z = 0.0
                        for k in range(3):
                            xk = g[k] * iT
                            rho[k] = math.exp(-xk) if xk < X_FROZEN else 0.0
                            z += rho[k]
                        mx = 0.0
                        mx2 = 0.0
                        for k in range(3):
                            rho[k] /= z
                            xk = g[k] * iT
                            mx += rho[k] * xk
                            mx2 += rho[k] * xk * xk
                        acc[part, j, 0, it] += mx2 - mx * mx
                        res = 0.0
                        for k in range(3):
                            for l in range(k + 1, 3):
                                gap = g[l] - g[k]
                                res += 2.0 * w[k, l] * rho[k] * (-math.expm1(-gap * iT)) / gap
                        acc[part, j, 1, it] += res
                        var = 0.0
                        for c in range(C):
                            md = 0.0
                            md2 = 0.0
                            for k in range(3):
                                md += rho[k] * dg[c, k]
                                md2 += rho[k] * dg[c, k] * dg[c, k]
                            var += md2 - md * md
                        th = math.tanh(0.5 * x2)
                    if kap2 > 0.0:  # Debye factor 1/(1 + (omega tau)^2), omega tau = kappa tanh^rate_power
                        if rate_power > 0.0:  # coth rate: omega tau = kappa tanh
                            var = var / (1.0 + kap2 * th * th)
                        else:  # printed tanh rate: omega tau = kappa / tanh
                            var = var * th * th / (th * th + kap2)
                    acc[part, j, 2, it] += var * iT
    for part in range(n_parts):
        for j in range(nB):
            run = 0.0
            for it in range(nT):
                run += sat_diff[part, j, it]
                acc[part, j, 1, it] += run
    return acc


_COMPILED: dict = {}


def _compiled(loops):
    """``loops`` compiled by numba (parallel) once per process and signature, kept in the per-user disk cache.

    This module's text is executed from a file in the cache of :mod:`multiwell._jitcache` (written
    there, keyed by its hash and the numba/numpy versions), so edits to the loops never meet stale
    machine code and the package directory is never written. Calling compiles or loads on the
    calling thread; ``.ready(*args)`` starts a background compile and answers whether it is done.
    """
    if loops.__name__ not in _COMPILED:
        from pathlib import Path

        from .._jitcache import FileKernel

        def globals_() -> dict:
            import numba

            return {"prange": numba.prange}

        _COMPILED[loops.__name__] = FileKernel(Path(__file__).read_text(encoding="utf-8"), "field", loops.__name__,
                                               _JIT, globals_, package=__package__)
    return _COMPILED[loops.__name__]


_JIT = {"_thermal_loops": {"parallel": True, "fastmath": False}, "_fused3_loops": {"parallel": True, "fastmath": False}}
"""numba options of the functions of this module compiled with the loops (a helper the loops call goes here too)."""


def _fused3():
    """The compiled fused 3-well kernel."""
    return _compiled(_fused3_loops)


def _numba_kernel():
    """The compiled fused thermal loop."""
    return _compiled(_thermal_loops)


def numba_available() -> bool:
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True
