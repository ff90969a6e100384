r"""Private compiled kernels of :mod:`multiwell.tunneling.field` (numba; imported lazily).

Two loops, compiled on first use and cached on disk (``multiwell.numeric._jitcache``): ``_thermal_loops`` (the
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


# e^u - 1 = u (1 + u (_C2 + u (_C3 + ...))) in Horner form, _Ck = 1/k! (the fused kernel's exponential;
# to u^11 on |u| <= ln(2)/2: truncation below u^12/12! < 7e-15 relative)
_C2, _C3, _C4, _C5, _C6, _C7, _C8, _C9, _C10, _C11 = (1.0 / math.factorial(k) for k in range(2, 12))

X_CUT = 50.0
"""The fused kernel sets e^{-x} = 0 above x = X_CUT (2e-22, below the rounding of the level sums)."""

prange = range  # replaced by numba.prange when the kernel is compiled


def _exp_neg(x):  # pragma: no cover - compiled by numba, inlined into the fused kernel's temperature loops
    r"""``(e^{-x}, e^{-x} - 1)`` for ``x >= 0`` without a branch or a libm call (so that the loops vectorise).

    :math:`x = k\ln 2 + r`, :math:`|r| \le \ln(2)/2`; :math:`e^{-r} - 1` by its Taylor series to :math:`r^{11}`
    (error < 7e-15 relative), times :math:`2^{-k}` from the bits of :math:`k` (``ln 2`` split in two parts
    so that ``k ln 2`` is exact); beyond ``x = X_CUT``, :math:`e^{-x} = 0`.
    """
    xc = min(x, X_CUT)
    k = int(xc * 1.4426950408889634 + 0.5)
    u = -((xc - k * 0.6931471803691238) - k * 1.9082149292705877e-10)
    pm = u * (1.0 + u * (_C2 + u * (_C3 + u * (_C4 + u * (_C5 + u * (_C6 + u * (_C7 + u * (
        _C8 + u * (_C9 + u * (_C10 + u * _C11))))))))))
    sc = 1.0 + pm
    sc = sc * 0.5 if k & 1 else sc
    sc = sc * 0.25 if k & 2 else sc
    sc = sc * 0.0625 if k & 4 else sc
    sc = sc * 0.00390625 if k & 8 else sc
    sc = sc * 1.52587890625e-05 if k & 16 else sc
    sc = sc * 2.3283064365386963e-10 if k & 32 else sc
    sc = sc * 5.421010862427522e-20 if k & 64 else sc
    e = sc if x <= X_CUT else 0.0
    return e, (pm if k == 0 else e - 1.0)


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
            for lv in range(2, N):
                a0 += 2.0 * w[i, 0, lv] / g[i, lv]
                a1 += 2.0 * w[i, 1, lv] / (g[i, lv] - g1)
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
                        for lv in range(k + 1, N):
                            gap = g[i, lv] - g[i, k]
                            res += 2.0 * w[i, k, lv] * rho[k] * (-math.expm1(-gap / T)) / gap
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
                  rate_power, starts, dielectric):  # pragma: no cover - compiled by numba
    r"""Every system and field of a 3-well geometry in one pass: matrix, levels, eigenvectors, dipoles, sums.

    The matrix is assembled from the bond structure read off the symbolic Hamiltonian
    (:func:`_bond_structure`); levels by Viete's trigonometric form of its invariants (the formula of
    :mod:`multiwell.numeric._kernels`), the gaps in the cancellation-free form ``2 sqrt(3p) sin(theta/3)``;
    eigenvectors as the largest cross product of two rows of :math:`H-\lambda_k`. With
    ``dielectric=False`` only the levels and the heat capacity are computed (no eigenvectors).

    Thermal sums over the three levels in closed form, with :math:`e_1=e^{-x_1}`,
    :math:`e_2=e_1e^{-(x_2-x_1)}` (two ``expm1`` per temperature, no cancellation),
    :math:`Z=1+e_1+e_2`, :math:`x_k=g_k/T`:

    .. math::
        c=\frac{e_1x_1^2+e_2x_2^2+e_1e_2(x_2-x_1)^2}{Z^2},\qquad
        \chi_{RES}=\frac{2}{Z}\Big[w_{01}\frac{1-e_1}{g_1}+w_{02}\frac{1-e_2}{g_2}+w_{12}\frac{e_1-e_2}{g_2-g_1}\Big],

    .. math::
        \mathrm{var}\,p=\frac{e_1\Delta_{01}+e_2\Delta_{02}+e_1e_2\Delta_{12}}{Z^2},\qquad
        \Delta_{kl}=\sum_cw_c(p_{c,kk}-p_{c,ll})^2

    (the variance of a three-point distribution written without cancellation).
    """
    C = X.shape[1]
    L = S.shape[0]
    nB = Bs.size
    nT = T_K.size
    inv_T = 1.0 / T_K
    n_parts = starts.size - 1  # one part per random block: per-block sums for the error bars
    acc = np.zeros((n_parts, nB, 3, nT))
    pow2 = np.empty(1077)  # 2^-k, down to the subnormals and 0
    for k in range(1077):
        pow2[k] = math.ldexp(1.0, -k)
    for part in prange(n_parts):
        H = np.zeros((3, 3), dtype=np.complex128)
        U = np.zeros((3, 3), dtype=np.complex128)
        lev = np.zeros(3)
        pdr = np.zeros((3, 3))
        P01 = np.zeros(3, dtype=np.complex128)
        P02 = np.zeros(3, dtype=np.complex128)
        P12 = np.zeros(3, dtype=np.complex128)
        dg = np.zeros((C, 3))
        ez = np.zeros((4, nT))  # e1, e1 - 1, e2, e2/e1 - 1 at each temperature
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
                g1 = 2.0 * sn
                g2 = 3.0 * cs + sn  # 2 sqrt(3p) sin(pi/3 + t): two non-negative terms for t in [0, pi/3]
                g21 = g2 - g1
                r01 = 0.0
                r02 = 0.0
                r12 = 0.0
                d01 = 0.0
                d02 = 0.0
                d12 = 0.0
                if dielectric:
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
                            cx0 = a1 * c2 - a2 * c1
                            cx1 = a2 * c0 - a0 * c2
                            cx2 = a0 * c1 - a1 * c0
                            nn = (cx0.real ** 2 + cx0.imag ** 2 + cx1.real ** 2 + cx1.imag ** 2
                                  + cx2.real ** 2 + cx2.imag ** 2)
                            if nn > best:
                                best = nn
                                v0 = cx0
                                v1 = cx1
                                v2 = cx2
                        nrm = math.sqrt(best)
                        U[0, k] = v0 / nrm
                        U[1, k] = v1 / nrm
                        U[2, k] = v2 / nrm
                    U[0, 2] = (U[1, 0] * U[2, 1] - U[2, 0] * U[1, 1]).conjugate()
                    U[1, 2] = (U[2, 0] * U[0, 1] - U[0, 0] * U[2, 1]).conjugate()
                    U[2, 2] = (U[0, 0] * U[1, 1] - U[1, 0] * U[0, 1]).conjugate()
                    # -- dipole matrix elements <k|X_c|l> = sum_a X_ca P_a^kl, P_a^kl = conj(U_ak) U_al (real diagonal)
                    for a in range(3):
                        for k in range(3):
                            pdr[a, k] = U[a, k].real ** 2 + U[a, k].imag ** 2
                        P01[a] = U[a, 0].conjugate() * U[a, 1]
                        P02[a] = U[a, 0].conjugate() * U[a, 2]
                        P12[a] = U[a, 1].conjugate() * U[a, 2]
                    w01 = 0.0
                    w02 = 0.0
                    w12 = 0.0
                    for c in range(C):
                        sw = math.sqrt(wts[c])
                        z01 = 0j
                        z02 = 0j
                        z12 = 0j
                        for k in range(3):
                            dk = 0.0
                            for a in range(3):
                                dk += X[i, c, a] * pdr[a, k]
                            dg[c, k] = sw * dk
                        for a in range(3):
                            xa = X[i, c, a]
                            z01 += xa * P01[a]
                            z02 += xa * P02[a]
                            z12 += xa * P12[a]
                        w01 += wts[c] * (z01.real * z01.real + z01.imag * z01.imag)
                        w02 += wts[c] * (z02.real * z02.real + z02.imag * z02.imag)
                        w12 += wts[c] * (z12.real * z12.real + z12.imag * z12.imag)
                    for c in range(C):
                        d01 += (dg[c, 1] - dg[c, 0]) ** 2
                        d02 += (dg[c, 2] - dg[c, 0]) ** 2
                        d12 += (dg[c, 2] - dg[c, 1]) ** 2
                    r01 = 2.0 * w01
                    r02 = 2.0 * w02 / g2
                    r12 = 2.0 * w12
                kap2 = (omega_Gamma / g1**5) ** 2 if omega_Gamma > 0.0 else 0.0
                # the temperature loops are branch-free and divide with np.true_divide (no zero check)
                # so that they vectorise (_exp_neg is inlined)
                acc_c = acc[part, j, 0]
                for it in range(nT):
                    iT = inv_T[it]
                    x1 = g1 * iT
                    y = g21 * iT  # x2 - x1
                    e1, e1m = _exp_neg(x1)
                    sc, e12m = _exp_neg(y)  # e2/e1 and e2/e1 - 1
                    e2 = e1 * sc
                    iZ = np.true_divide(1.0, 1.0 + e1 + e2)
                    x2 = x1 + y
                    c_t = (e1 * x1 * x1 + e2 * x2 * x2 + e1 * e2 * y * y) * iZ * iZ
                    acc_c[it] += c_t
                    ez[0, it] = e1
                    ez[1, it] = e1m
                    ez[2, it] = e2
                    ez[3, it] = e12m
                if not dielectric:
                    continue
                # (1 - e1)/g1 and (e1 - e2)/(g2 - g1) = e1 (1 - e^-y)/(g2 - g1), with their limits at zero gap
                ig1 = 1.0 / g1 if g1 > 0.0 else 0.0
                ig21 = 1.0 / g21 if g21 > 0.0 else 0.0
                # Debye factor 1/(1 + (omega tau)^2), omega tau = kappa tanh^rate_power, tanh = tanh(x1/2) =
                # -e1m/(2 + e1m): a/(a + kappa^2 b) with (a, b) = ((2 + e1m)^2, e1m^2) for the coth rate (and
                # kappa = 0), swapped for the printed tanh rate
                cf = 1.0 if kap2 == 0.0 or rate_power > 0.0 else 0.0  # 1: coth rate, 0: tanh rate
                acc_r = acc[part, j, 1]
                acc_v = acc[part, j, 2]
                for it in range(nT):
                    iT = inv_T[it]
                    e1 = ez[0, it]
                    e1m = ez[1, it]
                    e2 = ez[2, it]
                    e12m = ez[3, it]
                    iZ = np.true_divide(1.0, 1.0 + e1 + e2)
                    f01 = -e1m * ig1 if g1 > 0.0 else iT
                    f12 = -e12m * ig21 if g21 > 0.0 else iT
                    one_e2 = -(e1m + e12m * e1)  # 1 - e2 without cancellation
                    acc_r[it] += (r01 * f01 + r02 * one_e2 + r12 * e1 * f12) * iZ
                    var = (e1 * d01 + e2 * d02 + e1 * e2 * d12) * iZ * iZ
                    qa = (2.0 + e1m) * (2.0 + e1m)
                    qb = e1m * e1m
                    num = cf * qa + (1.0 - cf) * qb
                    acc_v[it] += var * iT * np.true_divide(num, num + kap2 * (cf * qb + (1.0 - cf) * qa))
    return acc


_COMPILED: dict = {}


def _compiled(loops):
    """``loops`` compiled by numba (parallel) once per process and signature, kept in the per-user disk cache.

    This module's text is executed from a file in the cache of :mod:`multiwell.numeric._jitcache` (written
    there, keyed by its hash and the numba/numpy versions), so edits to the loops never meet stale
    machine code and the package directory is never written. Calling compiles or loads on the
    calling thread; ``.ready(*args)`` starts a background compile and answers whether it is done.
    """
    if loops.__name__ not in _COMPILED:
        from pathlib import Path

        from multiwell.numeric._jitcache import FileKernel

        def globals_() -> dict:
            import numba

            return {"prange": numba.prange}

        _COMPILED[loops.__name__] = FileKernel(Path(__file__).read_text(encoding="utf-8"), "field", loops.__name__,
                                               _JIT, globals_, package=__package__)
    return _COMPILED[loops.__name__]


_JIT = {"_thermal_loops": {"parallel": True, "fastmath": False}, "_fused3_loops": {"parallel": True, "fastmath": False},
        "_exp_neg": {"inline": "always", "fastmath": False}}
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
