r"""Loop fluxes as an exact module: a small integer basis of the loop areas seen along the field (private).

A uniform field :math:`\mathbf B = B\hat n` enters the spectrum only through the fluxes
:math:`\Phi_\ell = B\,\hat n\cdot\mathbf S_\ell` of the independent loops (gauge invariance).
With :math:`S` the reference area (the wells' convex hull seen along :math:`\hat n`) and
:math:`\phi = 2\pi BS/\Phi_0` the user's flux, loop :math:`\ell` carries
:math:`\phi\,x_\ell`, :math:`x_\ell = \hat n\cdot\mathbf S_\ell / S`. This module finds real
numbers :math:`\gamma_0 = 1, \gamma_1, \dots, \gamma_r` and integers (rationals for
:math:`\gamma_0`) with

.. math:: x_\ell = c_{\ell 0} + \sum_{k\ge1} c_{\ell k}\,\gamma_k ,

and writes the phases with one real generator symbol :math:`\phi_k` per :math:`\gamma_k`
(value :math:`\gamma_k\phi`, substituted only when evaluating); :math:`\gamma_0` is the flux
itself, so a geometry whose loops are rational fractions of the hull (rings, triangles, the
hexagon with its centre) has phases :math:`\phi/6`, ... and no generator at all.

- **Exact coordinates**: the :math:`x_\ell` are evaluated at :data:`EXACT_DPS` digits and an
  integer relation (mpmath's PSLQ, coefficients :math:`\le` :data:`MAX_COEFF`) is accepted only
  when it holds to :math:`10^{-100}` relative: for algebraic numbers of this size a false relation
  that close would need an astronomically large minimal polynomial (the criterion of
  :func:`multiwell.hamiltonian._fractions._exact_ratio`). The icosahedron's areas in
  :math:`\mathbb Q(\sqrt5)` need two generators.
- **Float coordinates** (:attr:`Geometry.float_input`, or a float field direction): relations
  within a relative tolerance (default :data:`RTOL_FLOAT_INPUT` = 1e-9). The coefficient bound
  shrinks with the number of terms :math:`d` so that a chance relation among unrelated areas stays
  improbable: :math:`(2M+1)^d\,\mathrm{rtol} \le` :data:`CHANCE`. Generator values are then the
  least-squares solution of :math:`C\gamma = x`; the largest relative residual is reported.

No relation found means a new generator: the result is always exact (or within the stated
tolerance), never a 30-digit rational in a phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from multiwell.errors import GeometryError, SizeLimitError

__all__: list[str] = []

RTOL_FLOAT_INPUT = 1e-9
"""Default relative tolerance of integer relations among loop areas from float coordinates."""
MAX_COEFF = 64
"""Largest coefficient of an integer relation among loop areas."""
MAX_EXACT_COEFF = 10**4
"""Largest coefficient of an exact relation (checked to 10^-(EXACT_DPS - 20), so a chance relation with coefficients
this large has probability ~ 10^-84): the exact icosahedron along (1, 2, 3) needs 7 - 1440 g_1 - 360 g_2 = 0, so with
MAX_COEFF one flux had two generators and the symmetry search missed inversion."""
CHANCE = 1e-3
"""Bound on the expected number of chance relations per search among float areas: (2M+1)^d rtol."""
EXACT_DPS = 120
"""Working digits of the exact relation search; relations must hold to 10^-(EXACT_DPS - 20)."""
MAX_EXACT_TERMS = 24
"""Longest vector searched for an exact relation (beyond it the loop gets its own generator)."""
MAX_LOOPS = 300
"""Most independent loops a field is spread over (size guard)."""


@dataclass(frozen=True)
class FluxBasis:
    r"""The loop fluxes of a Hamiltonian in a field, as integer combinations of flux generators.

    Attributes
    ----------
    flux
        The flux through the reference area (the user's :math:`\phi`, or :math:`\phi_B` of a field in tesla).
    generators
        One real symbol per basis element beyond ``flux`` (empty when every loop is a rational
        fraction of the reference area).
    values
        The value of each generator (an exact or float multiple of ``flux``, or a float for a field in tesla).
    loops
        Per loop of :meth:`Geometry.loops`: ``(c_0, (c_1, ..., c_r))`` with loop flux
        :math:`c_0\,\mathrm{flux} + \sum_k c_k\,\mathrm{generator}_k` (:math:`c_0` rational, :math:`c_k` integers).
    rtol
        Relative tolerance of the relations (``0.0``: exact, verified to 100 digits).
    residual
        The largest relative residual :math:`|x_\ell - \sum_k c_{\ell k}\gamma_k| / \max|x|` (0 when exact).
    gauge
        The gauge the phases were placed in (``"tree"`` when the requested gauge's bond integrals are
        not combinations of the generators).
    """

    flux: sp.Expr
    generators: tuple[sp.Symbol, ...]
    values: tuple[sp.Expr, ...]
    loops: tuple[tuple[sp.Rational, tuple[int, ...]], ...]
    rtol: float
    residual: float
    gauge: str

    def __repr__(self) -> str:
        gens = ", ".join(f"{g}: {_short(v)}" for g, v in zip(self.generators, self.values, strict=True))
        return (f"FluxBasis(flux={self.flux}, generators={{{gens}}}, loops={len(self.loops)}, "
                f"rtol={self.rtol:g}, residual={self.residual:.1e}, gauge={self.gauge!r})")


def _short(v) -> str:
    v = sp.sympify(v)
    if v.free_symbols:
        c, rest = v.as_independent(*v.free_symbols, as_Add=False)
        return f"{float(c):.12g}*{rest}"
    return f"{float(v):.12g}"


def _relation(v: list, *, exact: bool, rtol: float) -> list[int] | None:
    """An integer vector m with m.v ~ 0 and m[0] != 0 (coefficients bounded), or None."""
    d = len(v)
    if exact:
        if d > MAX_EXACT_TERMS:
            return None
        with mpmath.workdps(EXACT_DPS):
            tol = mpmath.mpf(10) ** -(EXACT_DPS - 20)
            rel = mpmath.pslq(v, tol=tol, maxcoeff=MAX_EXACT_COEFF, maxsteps=20000)
            if rel is None or rel[0] == 0:
                return None
            scale = max(abs(t) for t in v)
            if abs(mpmath.fsum(m * t for m, t in zip(rel, v, strict=True))) > tol * scale:
                return None
        return [int(m) for m in rel]
    bound = int(((CHANCE / rtol) ** (1.0 / d) - 1) / 2)
    bound = min(MAX_COEFF, bound)
    if bound < 1:
        return None
    with mpmath.workdps(30):
        scale = max(abs(mpmath.mpf(t)) for t in v)
        w = [mpmath.mpf(t) / scale for t in v]
        rel = mpmath.pslq(w, tol=mpmath.mpf(rtol), maxcoeff=bound, maxsteps=5000)
        if rel is None or rel[0] == 0:
            return None
        if abs(mpmath.fsum(m * t for m, t in zip(rel, w, strict=True))) > rtol:
            return None
    return [int(m) for m in rel]


def _express(x, gens: list, *, exact: bool, rtol: float) -> list[Fraction] | None:
    """Rational c with x = sum_k c_k gens_k (a relation found by PSLQ), or None."""
    rel = _relation([x, *gens], exact=exact, rtol=rtol)
    if rel is None:
        return None
    return [Fraction(-m, rel[0]) for m in rel[1:]]


def _float_areas(geometry, normal) -> tuple[np.ndarray, float, list]:
    """Loop areas along ``normal`` (unit, float), the hull area and the bond integrals, in floats."""
    from multiwell.geometry._coords import _convex_hull_order

    pts = np.array([[float(c) for c in geometry.position3(k)] for k in range(geometry.n_wells)])
    pts = pts - pts.mean(axis=0)
    n = np.asarray(normal, dtype=float)
    n = n / np.linalg.norm(n)
    loops = geometry.loops()
    vectors = np.array([0.5 * sum(np.cross(pts[a], pts[b]) for a, b in lp.steps) for lp in loops]).reshape(-1, 3)
    areas = vectors @ n
    u = np.cross(n, [1.0, 0.0, 0.0])
    if np.linalg.norm(u) < 0.5:
        u = np.cross(n, [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    proj = [(float(p @ u), float(p @ v)) for p in pts]
    order = _convex_hull_order(proj)
    hull = 0.0
    if len(order) >= 3:
        hull = 0.5 * abs(sum(proj[order[k]][0] * proj[order[(k + 1) % len(order)]][1]
                             - proj[order[(k + 1) % len(order)]][0] * proj[order[k]][1] for k in range(len(order))))
    return areas, hull, pts, vectors


def _vector_relation(vs: list, *, rtol: float) -> list[int] | None:
    r"""Integers m, m[0] != 0, with :math:`\sum_k m_k\mathbf v_k = 0` in every component within ``rtol``.

    A simultaneous relation of 3-vectors (LLL, python-flint, on :math:`[I\,|\,K V]` with
    :math:`K = 1/\mathrm{rtol}`): a chance relation must hold in three components at once, so
    coefficients up to :data:`MAX_COEFF` stay safe for more terms, :math:`(2M+1)^d\,\mathrm{rtol}^3 \le`
    :data:`CHANCE`.
    """
    import flint

    d = len(vs)
    bound = min(MAX_COEFF, int(((CHANCE / rtol**3) ** (1.0 / d) - 1) / 2))
    if bound < 1:
        return None
    V = np.asarray(vs, dtype=float)
    scale = float(np.abs(V).max())
    K = 1.0 / rtol
    rows = [[int(i == k) for i in range(d)] + [round(K * c / scale) for c in V[k]] for k in range(d)]
    best = None
    for row in flint.fmpz_mat(rows).lll().tolist():
        m = [int(c) for c in row[:d]]
        if m[0] == 0 or max(abs(c) for c in m) > bound:
            continue
        if np.abs(np.asarray(m, dtype=float) @ V).max() > rtol * scale:
            continue
        if best is None or max(abs(c) for c in m) < max(abs(c) for c in best):
            best = m
    return best


def _greedy(items: list, size, relation, seed: list, zero: float) -> tuple[list, list[list[Fraction]]]:
    """A basis ``seed + new`` of the items (smallest first) and each item's rational coefficients in it."""
    gens = list(seed)
    rows: dict[int, list[Fraction]] = {}
    for idx in sorted(range(len(items)), key=lambda k: size(items[k])):
        if size(items[idx]) <= zero:
            rows[idx] = []
            continue
        rel = relation([items[idx], *gens])
        if rel is None:
            gens.append(items[idx])
            rows[idx] = [Fraction(0)] * (len(gens) - 1) + [Fraction(1)]
        else:
            rows[idx] = [Fraction(-m, rel[0]) for m in rel[1:]]
    r = len(gens)
    return gens, [[*rows[k], *[Fraction(0)] * (r - len(rows[k]))] for k in range(len(items))]


def _float_basis(vectors, x: list, hull: float, normal, rtol: float) -> tuple[list, list[list[Fraction]]]:
    """Float mode: relations of the vector areas first (valid for every direction), then of their projections."""
    scale = float(np.abs(vectors).max())
    vgens, Cv = _greedy(list(vectors), lambda v: float(np.abs(v).max()),
                        lambda vs: _vector_relation(vs, rtol=rtol), [], rtol * scale)
    n = np.asarray(normal, dtype=float) / np.linalg.norm(normal)
    gx = [float(v @ n) / hull for v in vgens]
    zero = rtol * max(abs(t) for t in x)
    gens, E = _greedy(gx, abs, lambda v: _relation(v, exact=False, rtol=rtol), [1.0], zero)
    r = len(gens)
    C = [[sum((row[j] * E[j][k] for j in range(len(vgens))), Fraction(0)) for k in range(r)] for row in Cv]
    return [mpmath.mpf(g) for g in gens], C


def _sym_integrals_float(geometry, pts, normal, gauge: str, origin) -> dict:
    r"""Bond integrals :math:`\int\mathbf A\cdot d\mathbf l` of the unit field ``normal`` (floats, centred)."""
    n = np.asarray(normal, dtype=float)
    n = n / np.linalg.norm(n)
    centre = np.array([[float(c) for c in geometry.position3(k)] for k in range(geometry.n_wells)]).mean(axis=0)
    r0 = np.zeros(3) if origin is None else np.array([float(c) for c in origin] + [0.0] * (3 - len(origin))) - centre
    out = {}
    for b in geometry.bonds:
        ri, rj = pts[b.i], pts[b.j]
        mid, dl = (ri + rj) / 2, rj - ri
        if gauge == "symmetric":
            A = np.cross(n, mid - r0) / 2
        else:
            x, y = mid[0] + centre[0], mid[1] + centre[1]
            A = np.array([0.0, n[2] * x, n[0] * y - n[1] * x])
        out[(b.i, b.j)] = float(A @ dl)
    return out


def flux_basis(geometry, flux: sp.Expr, direction, *, rtol: float, gauge: str, origin, names: set[str],
               integrals=None) -> tuple[dict, FluxBasis] | None:
    """Peierls phases in a basis of flux generators, or ``None`` where the rational path applies.

    ``direction`` is the exact field direction (not necessarily unit); ``rtol`` 0 means exact
    relations. ``integrals(gauge)`` gives the exact bond integrals of the unit field for the
    symmetric and Landau gauges (exact mode). Returns ``({bond: phase}, basis)``; ``None`` in exact
    mode when every loop flux is a rational multiple of ``flux``, the geometry is planar with the field
    normal to it, or the positions are built from cosines of rational multiples of pi (the exact path of
    :func:`multiwell.hamiltonian.peierls_phases` handles those, as radicals or in the cosine basis).
    """
    loops = geometry.loops()
    if len(loops) > MAX_LOOPS:
        raise SizeLimitError(
            f"flux: the geometry {geometry.name!r} has {len(loops)} independent loops (limit {MAX_LOOPS}); "
            "bond fewer pairs (a smaller cutoff) or give one flux per loop with flux=[...]"
        )
    exact = rtol == 0
    n_exact = [sp.sympify(c) for c in direction]
    if exact and geometry.dimension <= 2 and n_exact[0] == 0 and n_exact[1] == 0:
        return None  # exact planar geometry, field normal to it: the exact path (rational, radical, cosine basis)
    if exact:
        norm = sp.sqrt(sum(c**2 for c in n_exact))
        hull = geometry.hull_area(n_exact)
        if hull == 0:
            return None  # the caller's error: no area along the field
        num = [sum(a * c for a, c in zip(lp.area, n_exact, strict=True)) for lp in loops]
        exprs = [sp.expand(a) / (norm * hull) for a in num]
        with mpmath.workdps(EXACT_DPS):
            den = mpmath.mpf(str(sp.N(norm * hull, EXACT_DPS + 10)))
            x = [mpmath.mpf(str(sp.N(a, EXACT_DPS + 10))) / den if a != 0 else mpmath.mpf(0) for a in num]
        if all(t == 0 for t in x):
            return None
        if all(t == 0 or _express(t, [mpmath.mpf(1)], exact=True, rtol=0) is not None for t in x):
            return None  # every loop a rational fraction of the reference area: the rational path
        if any(geometry.positions[k][c].has(sp.cos, sp.sin) for k in range(geometry.n_wells)
               for c in range(geometry.dimension)):
            return None  # regular polygons: phases in the cosine basis (hamiltonian._fractions._in_cosine_basis)
        zero = mpmath.mpf(10) ** -(EXACT_DPS - 20) * max(abs(t) for t in x)
    else:
        areas, hull, pts, vectors = _float_areas(geometry, [float(c) for c in n_exact])
        scale = max(np.abs(areas).max(initial=0.0), hull)
        if hull <= rtol * scale or scale == 0:
            raise GeometryError(
                f"flux: the geometry {geometry.name!r} encloses no area normal to direction {tuple(direction)} "
                f"(hull area {hull:.3g}, within rtol {rtol:g}); expected a geometry with loops seen along the field"
            )
        x = list(areas / hull)
        exprs = None
        zero = rtol * max(abs(t) for t in x)
    if exact:  # greedy basis, small loops first
        gens: list = [mpmath.mpf(1)]
        gen_expr: list = [sp.Integer(1)]
        rows: dict[int, list[Fraction]] = {}
        for ell in sorted(range(len(loops)), key=lambda k: abs(x[k])):
            if abs(x[ell]) <= zero:
                rows[ell] = []
                continue
            c = _express(x[ell], gens, exact=True, rtol=0)
            if c is None:
                gens.append(x[ell])
                gen_expr.append(exprs[ell])
                c = [Fraction(0)] * (len(gens) - 1) + [Fraction(1)]
            rows[ell] = c
        r = len(gens)
        C = [[*rows[ell], *[Fraction(0)] * (r - len(rows[ell]))] for ell in range(len(loops))]
    else:  # vector areas first (relations valid in every direction), then their projections
        gens, C = _float_basis(vectors / hull, x, 1.0, [float(c) for c in n_exact], rtol)
        r = len(gens)
    # bond phases in the requested gauge, if the bond integrals are combinations of the generators
    used_gauge = gauge
    bonds: dict | None = None
    if gauge in ("symmetric", "landau"):
        if exact:
            ints = integrals(gauge)
            with mpmath.workdps(EXACT_DPS):
                den = mpmath.mpf(str(sp.N(norm * hull, EXACT_DPS + 10)))
                y = {k: mpmath.mpf(str(sp.N(v, EXACT_DPS + 10))) / den if v != 0 else mpmath.mpf(0)
                     for k, v in ints.items()}
        else:
            ints = _sym_integrals_float(geometry, pts, [float(c) for c in n_exact], gauge, origin)
            y = {k: v / hull for k, v in ints.items()}
        bonds = {}
        for k, val in y.items():
            if abs(val) <= zero:
                bonds[k] = [Fraction(0)] * r
                continue
            c = _express(val, gens, exact=exact, rtol=rtol)
            if c is None:
                bonds = None
                break
            bonds[k] = c
        if bonds is not None:
            for ell, lp in enumerate(loops):
                total = [Fraction(0)] * r
                for a, b in lp.steps:
                    sign, key = (1, (a, b)) if (a, b) in bonds else (-1, (b, a))
                    total = [t + sign * c for t, c in zip(total, bonds[key], strict=True)]
                if total != C[ell]:
                    bonds = None
                    break
    if bonds is None:
        used_gauge = "tree"
        bonds = _tree_rows(geometry, loops, C, r)
    # integer coefficients for the generators beyond the flux: gamma_k -> gamma_k / d_k
    d = [Fraction(1)]
    for k in range(1, r):
        column = [row[k] for row in [*C, *bonds.values()]]
        lcm = math.lcm(*(c.denominator for c in column))
        d.append(Fraction(lcm, math.gcd(*(int(c * lcm) for c in column)) or 1))
    symbols = _generator_symbols(flux, r - 1, names)
    if exact:
        values = [sp.expand(flux * gen_expr[k] / sp.Rational(d[k].numerator, d[k].denominator)) for k in range(1, r)]
        residual = 0.0
        gamma = None
    else:
        Ci = np.array([[float(row[k] * d[k]) for k in range(1, r)] for row in C]).reshape(len(C), r - 1)
        rhs = np.array(x, dtype=float) - np.array([float(row[0]) for row in C])
        gamma = np.linalg.lstsq(Ci, rhs, rcond=None)[0] if r > 1 else np.zeros(0)
        fit = Ci @ gamma + np.array([float(row[0]) for row in C])
        residual = float(np.max(np.abs(fit - np.array(x, dtype=float))) / max(abs(t) for t in x))
        values = [sp.Float(float(g), 17) * flux for g in gamma]

    def phase(row):
        return row[0] * flux + sp.Add(*(sp.Integer(int(row[k] * d[k])) * symbols[k - 1] for k in range(1, r)))

    theta = {key: sp.expand(phase([sp.Rational(c.numerator, c.denominator) for c in row]))
             for key, row in bonds.items()}
    basis = FluxBasis(
        flux=flux, generators=tuple(symbols), values=tuple(values),
        loops=tuple((sp.Rational(row[0].numerator, row[0].denominator), tuple(int(row[k] * d[k]) for k in range(1, r)))
                    for row in C),
        rtol=float(rtol), residual=residual, gauge=used_gauge,
    )
    return theta, basis


def _tree_rows(geometry, loops, C, r) -> dict:
    """Bond coefficient rows of the tree gauge: each loop's flux on its one chord."""
    tree = set(geometry.spanning_tree())
    rows = {(b.i, b.j): [Fraction(0)] * r for b in geometry.bonds}
    chords = [b for b in geometry.bonds if b not in tree]
    for lp, row in zip(loops, C, strict=True):
        steps = lp.steps
        chord = next(b for b in chords if (b.i, b.j) in steps or (b.j, b.i) in steps)
        rows[(chord.i, chord.j)] = list(row) if (chord.i, chord.j) in steps else [-c for c in row]
    return rows


def _generator_symbols(flux: sp.Expr, count: int, names: set[str]) -> list[sp.Symbol]:
    """``count`` fresh real symbols named after the flux: phi_1, phi_2, ... (phi_B1, ... for phi_B)."""
    base = flux.name if isinstance(flux, sp.Symbol) else "phi"
    sep = "" if "_" in base else "_"
    taken = set(names) | {s.name for s in sp.sympify(flux).free_symbols}
    out, k = [], 1
    while len(out) < count:
        name = f"{base}{sep}{k}"
        if name not in taken:
            out.append(sp.Symbol(name, real=True))
            taken.add(name)
        k += 1
    return out
