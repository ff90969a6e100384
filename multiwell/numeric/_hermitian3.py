"""Eigenvalues of Hermitian 3×3 matrices from their entries, to a few ulp of the largest entry.

Private kernel of :mod:`multiwell.numeric`. It needs only numpy and math, so that
:func:`multiwell.numeric.to_source` pastes this file's functions into the standalone
modules it writes, and numba compiles the scalar form (``_scaled3_s``, ``_levels3_s``,
``_deflate3_s``; ``multiwell.numeric._kernels`` runs them in two stages around numpy's SIMD
``arctan2``, or fused in ``hermitian3_scalar``).

The matrices are ``[[a, d, f], [d*, b, e], [f*, e*, c]]``. Method, per matrix:

1. shift by the mean of the diagonal :math:`m` and scale by the largest entry :math:`s` of
   the shifted matrix :math:`B`, so that no intermediate overflows or underflows for any
   finite input (entries from 1e-300 to 1e300);
2. Viète's trigonometric form from :math:`p = \\|B\\|_F^2/6`, :math:`q = \\det B/2`,
   :math:`\\theta = \\operatorname{atan2}(\\sqrt{p^3-q^2}, q)`;
3. where two eigenvalues are closer than ``DEFLATE`` :math:`\\sqrt p` (there
   :math:`p^3 - q^2` cancels and Viète keeps only half the digits of the pair), deflate:
   the isolated eigenvector is the largest cross product of two rows of
   :math:`B - \\lambda`, the isolated eigenvalue its Rayleigh quotient, and the close pair
   the eigenvalues of the 2×2 compression of :math:`B` onto the orthogonal complement,
   :math:`\\bar c \\mp \\sqrt{(\\Delta c/2)^2 + |c_{12}|^2}` (a sum of squares).

The isolated eigenvector is well conditioned (its gap to the pair is at least about
``DEFLATE``/2 of the scale), so every eigenvalue is within a few ulp of :math:`s`.
"""

import math

import numpy

DEFLATE = 0.25
"""Pairs closer than DEFLATE * sqrt(p) (in units of the scale) are deflated."""


def hermitian3_eigenvalues(a, b, c, d, e, f):
    """Return the ascending eigenvalues, shape (..., 3), of [[a, d, f], [d*, b, e], [f*, e*, c]] (arrays broadcast)."""
    shape = numpy.broadcast_shapes(*(numpy.shape(x) for x in (a, b, c, d, e, f)))
    a, b, c = (numpy.broadcast_to(numpy.real(x), shape).astype(float).reshape(-1) for x in (a, b, c))
    d, e, f = (numpy.broadcast_to(x, shape).astype(complex).reshape(-1) for x in (d, e, f))
    m = (a + b + c) / 3.0
    a, b, c = a - m, b - m, c - m
    s = numpy.maximum(numpy.maximum(numpy.maximum(abs(a), abs(b)), numpy.maximum(abs(c), abs(d))),
                      numpy.maximum(abs(e), abs(f)))
    s = numpy.where(s > 0.0, s, 1.0)
    a, b, c, d, e, f = a / s, b / s, c / s, d / s, e / s, f / s
    d2, e2, f2 = d.real**2 + d.imag**2, e.real**2 + e.imag**2, f.real**2 + f.imag**2
    p = (a * a + b * b + c * c + 2.0 * (d2 + e2 + f2)) / 6.0
    q = (a * b * c - a * e2 - b * f2 - c * d2 + 2.0 * (d * e * f.conjugate()).real) / 2.0
    r = numpy.sqrt(p)
    t = numpy.arctan2(numpy.sqrt(numpy.maximum(p * p * p - q * q, 0.0)), q) / 3.0
    co = r * numpy.cos(t)
    si = r * numpy.sin(t) * 1.7320508075688772
    lam = numpy.stack([-co - si, -co + si, 2.0 * co], axis=-1)
    close = numpy.nonzero(numpy.minimum(lam[:, 1] - lam[:, 0], lam[:, 2] - lam[:, 1]) < DEFLATE * r)[0]
    if close.size:
        lam[close] = _deflate3(a[close], b[close], c[close], d[close], e[close], f[close], lam[close])
    return (lam * s[:, None] + m[:, None]).reshape((*shape, 3))


def _cross(x, y):
    return (x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0])


def _normalised(v):
    n = numpy.sqrt(sum(z.real**2 + z.imag**2 for z in v))
    n = numpy.where(n > 0.0, n, 1.0)
    return tuple(z / n for z in v)


def _deflate3(a, b, c, d, e, f, lam):
    """The eigenvalues of scaled traceless Hermitian 3x3 matrices with a close pair, by deflation."""
    top = lam[:, 1] - lam[:, 0] <= lam[:, 2] - lam[:, 1]
    iso = numpy.where(top, lam[:, 2], lam[:, 0])
    dc, ec, fc = d.conjugate(), e.conjugate(), f.conjugate()
    r0, r1, r2 = (a - iso, d, f), (dc, b - iso, e), (fc, ec, c - iso)
    cands = [_cross(r0, r1), _cross(r0, r2), _cross(r1, r2)]
    norms = numpy.stack([sum(z.real**2 + z.imag**2 for z in v) for v in cands])
    best = numpy.argmax(norms, axis=0)
    v = _normalised(tuple(numpy.choose(best, [w[k] for w in cands]) for k in range(3)))
    low = (v[2].real**2 + v[2].imag**2) < 0.5
    zero = numpy.zeros_like(v[0])
    u = _normalised((numpy.where(low, -v[1].conjugate(), zero),
                     numpy.where(low, v[0].conjugate(), -v[2].conjugate()),
                     numpy.where(low, zero, v[1].conjugate())))
    w = _normalised(tuple(z.conjugate() for z in _cross(v, u)))

    def apply(x):
        return (a * x[0] + d * x[1] + f * x[2], dc * x[0] + b * x[1] + e * x[2], fc * x[0] + ec * x[1] + c * x[2])

    def dot(x, y):
        return x[0].conjugate() * y[0] + x[1].conjugate() * y[1] + x[2].conjugate() * y[2]

    iso = dot(v, apply(v)).real
    Bw = apply(w)
    c11, c22, c12 = dot(u, apply(u)).real, dot(w, Bw).real, dot(u, Bw)
    mean = (c11 + c22) / 2.0
    h = numpy.hypot((c22 - c11) / 2.0, abs(c12))
    lo, hi = mean - h, mean + h
    return numpy.stack([numpy.where(top, lo, numpy.minimum(iso, lo)), numpy.where(top, hi, lo),
                        numpy.where(top, numpy.maximum(iso, hi), hi)], axis=-1)


# -- the scalar form (compiled by numba; plain Python works too, slowly) ------------------------------------
def _cross_s(x0, x1, x2, y0, y1, y2):
    return x1 * y2 - x2 * y1, x2 * y0 - x0 * y2, x0 * y1 - x1 * y0


def _n2(z):
    return z.real * z.real + z.imag * z.imag


def _deflate3_s(a, b, c, d, e, f, l0, l1, l2):
    top = l1 - l0 <= l2 - l1
    iso = l2 if top else l0
    dc, ec, fc = d.conjugate(), e.conjugate(), f.conjugate()
    A, Bb, C = a - iso + 0j, b - iso + 0j, c - iso + 0j
    v0, v1, v2 = _cross_s(A, d, f, dc, Bb, e)
    n = _n2(v0) + _n2(v1) + _n2(v2)
    w0, w1, w2 = _cross_s(A, d, f, fc, ec, C)
    nw = _n2(w0) + _n2(w1) + _n2(w2)
    if nw > n:
        v0, v1, v2, n = w0, w1, w2, nw
    w0, w1, w2 = _cross_s(dc, Bb, e, fc, ec, C)
    nw = _n2(w0) + _n2(w1) + _n2(w2)
    if nw > n:
        v0, v1, v2, n = w0, w1, w2, nw
    n = math.sqrt(n)
    v0, v1, v2 = v0 / n, v1 / n, v2 / n
    if _n2(v2) < 0.5:
        u0, u1, u2 = -v1.conjugate(), v0.conjugate(), 0j
    else:
        u0, u1, u2 = 0j, -v2.conjugate(), v1.conjugate()
    n = math.sqrt(_n2(u0) + _n2(u1) + _n2(u2))
    u0, u1, u2 = u0 / n, u1 / n, u2 / n
    w0, w1, w2 = _cross_s(v0, v1, v2, u0, u1, u2)
    w0, w1, w2 = w0.conjugate(), w1.conjugate(), w2.conjugate()
    n = math.sqrt(_n2(w0) + _n2(w1) + _n2(w2))
    w0, w1, w2 = w0 / n, w1 / n, w2 / n
    x0, x1, x2 = a * v0 + d * v1 + f * v2, dc * v0 + b * v1 + e * v2, fc * v0 + ec * v1 + c * v2
    iso = (v0.conjugate() * x0 + v1.conjugate() * x1 + v2.conjugate() * x2).real
    x0, x1, x2 = a * u0 + d * u1 + f * u2, dc * u0 + b * u1 + e * u2, fc * u0 + ec * u1 + c * u2
    c11 = (u0.conjugate() * x0 + u1.conjugate() * x1 + u2.conjugate() * x2).real
    c12 = w0 * x0.conjugate() + w1 * x1.conjugate() + w2 * x2.conjugate()
    x0, x1, x2 = a * w0 + d * w1 + f * w2, dc * w0 + b * w1 + e * w2, fc * w0 + ec * w1 + c * w2
    c22 = (w0.conjugate() * x0 + w1.conjugate() * x1 + w2.conjugate() * x2).real
    mean = (c11 + c22) / 2.0
    h = math.hypot((c22 - c11) / 2.0, abs(c12))
    if top:
        return mean - h, mean + h, max(iso, mean + h)
    return min(iso, mean - h), mean - h, mean + h


def _scaled3_s(a, b, c, dr, di, er, ei, fr, fi):
    """Shift by tr/3, scale by the largest entry; return the scaled entries, m, s, p and q."""
    m = (a + b + c) / 3.0
    a, b, c = a - m, b - m, c - m
    s = max(abs(a), abs(b), abs(c), abs(dr), abs(di), abs(er), abs(ei), abs(fr), abs(fi))
    if not s > 0.0:
        s = 1.0
    inv = 1.0 / s
    a, b, c = a * inv, b * inv, c * inv
    dr, di, er, ei, fr, fi = dr * inv, di * inv, er * inv, ei * inv, fr * inv, fi * inv
    d2, e2, f2 = dr * dr + di * di, er * er + ei * ei, fr * fr + fi * fi
    p = (a * a + b * b + c * c + 2.0 * (d2 + e2 + f2)) / 6.0
    # Re(d e conj(f)) with d e = (dr er - di ei) + i (dr ei + di er)
    q = (a * b * c - a * e2 - b * f2 - c * d2 + 2.0 * ((dr * er - di * ei) * fr + (dr * ei + di * er) * fi)) / 2.0
    return a, b, c, dr, di, er, ei, fr, fi, m, s, p, q


def _levels3_s(r, theta):
    """Viete's three scaled levels from r = sqrt(p) and theta = atan2(sqrt(p^3 - q^2), q)."""
    t = theta / 3.0
    co = r * math.cos(t)
    si = r * math.sin(t) * 1.7320508075688772
    return -co - si, -co + si, 2.0 * co


def hermitian3_scalar(a, b, c, dr, di, er, ei, fr, fi, out, k):
    """Write the ascending eigenvalues of one matrix into ``out[k, 0:3]`` (the method of the module).

    The off-diagonal entries come as real and imaginary parts: the common path uses real
    arithmetic only (numba's complex abs and division cost more than the whole Viete form).
    """
    a, b, c, dr, di, er, ei, fr, fi, m, s, p, q = _scaled3_s(a, b, c, dr, di, er, ei, fr, fi)
    r = math.sqrt(p)
    l0, l1, l2 = _levels3_s(r, math.atan2(math.sqrt(max(p * p * p - q * q, 0.0)), q))
    if min(l1 - l0, l2 - l1) < DEFLATE * r:
        l0, l1, l2 = _deflate3_s(a, b, c, complex(dr, di), complex(er, ei), complex(fr, fi), l0, l1, l2)
    out[k, 0] = l0 * s + m
    out[k, 1] = l1 * s + m
    out[k, 2] = l2 * s + m
