"""An independent numeric Peierls matrix for tests of the loop-flux basis (floats, symmetric gauge).

:math:`H_{ij} = t_{ij} e^{i\\theta_{ij}}`, :math:`\\theta_{ij} = \\frac{\\phi}{S}\\,\\hat n\\cdot
\\frac{(\\mathbf r_i - \\mathbf c)\\times(\\mathbf r_j - \\mathbf c)}{2}` (the Peierls integral of
:math:`\\mathbf A = \\tfrac12\\mathbf B\\times(\\mathbf r - \\mathbf c)` along the bond), with
:math:`S` the area of the wells' convex hull seen along :math:`\\hat n` (scipy's ConvexHull, not
multiwell's) and :math:`\\phi` the flux through it. Written from the formula, sharing no code with
:mod:`multiwell.hamiltonian._loopflux`.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import ConvexHull


def hull_area(points, normal) -> float:
    """Area of the convex hull of ``points`` (n x 3) projected on the plane normal to ``normal``."""
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    helper = np.array([1.0, 0.0, 0.0]) if abs(n[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    u = np.cross(n, helper)
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    return float(ConvexHull(np.c_[points @ u, points @ v]).volume)


def peierls_matrix(points, bonds, hoppings, energies, normal, phase_per_area: float) -> np.ndarray:
    """The Hermitian matrix with phases ``phase_per_area * n.(a x b)/2`` about the centroid."""
    pts = np.asarray(points, float)
    if pts.shape[1] == 2:
        pts = np.hstack([pts, np.zeros((len(pts), 1))])
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    c = pts.mean(axis=0)
    M = np.diag(np.asarray(energies, float)).astype(complex)
    for (i, j), t in zip(bonds, hoppings, strict=True):
        theta = phase_per_area * float(n @ np.cross(pts[i] - c, pts[j] - c)) / 2
        M[i, j] = t * np.exp(1j * theta)
        M[j, i] = np.conj(M[i, j])
    return M


def icosahedron(scale: float = 1.0) -> list[tuple[float, float, float]]:
    """The 12 vertices (0, +-1, +-g), (+-1, +-g, 0), (+-g, 0, +-1), g the golden ratio, as floats; edge 2*scale."""
    g = (1 + 5**0.5) / 2
    out = []
    for s1 in (1, -1):
        for s2 in (1, -1):
            a, b = s1 * scale, s2 * g * scale
            out += [(0.0, a, b), (a, b, 0.0), (b, 0.0, a)]
    return out
