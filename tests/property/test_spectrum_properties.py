"""Properties of characteristic polynomials and closed-form spectra over random geometries (hypothesis).

References are independent of the code under test: numpy.linalg.eigvalsh on the numeric matrix,
mpmath.eighe at 50 digits, SymPy's own Matrix.charpoly (Berkowitz), and the structure of
det(x - H) (degree, leading coefficient, trace).
"""

import itertools
import math

import mpmath
import numpy as np
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import Geometry, chain, complete, hamiltonian, ring, square, tetrahedron
from multiwell.errors import GeometryError
from multiwell.spectrum import _charpoly, canonical_form, characteristic_polynomial, energy_symbol, roots, viete_roots
from multiwell.strategies import gauge_phases, geometries, parameter_values, permutations_of

x = energy_symbol
phi = sp.Symbol("phi", real=True)
D0 = sp.Symbol("D_0", positive=True)
E3 = sp.symbols("E_1:4", real=True)

# roots of the charpoly vs eigvalsh: eigvalsh is backward stable (error ~1e-15 of the spectral radius);
# the polynomial's roots are found at 40 digits, so even a double root keeps ~20 digits. The 1e-10.
RTOL_ROOTS = 1e-10


# -- geometries ---------------------------------------------------------------------------------------
@st.composite
def from_positions_geometries(draw, max_wells: int = 6):
    """Geometry.from_positions on random integer points with a cutoff that keeps it connected."""
    n = draw(st.integers(3, max_wells))
    coords = st.tuples(st.integers(-3, 3), st.integers(-3, 3))
    pts = draw(st.lists(coords, min_size=n, max_size=n, unique=True))
    dist = {(i, j): math.dist(pts[i], pts[j]) for i, j in itertools.combinations(range(n), 2)}
    # the smallest connecting cutoff: the longest edge of a minimum spanning tree (Kruskal)
    parent = list(range(n))

    def root(k):
        while parent[k] != k:
            k = parent[k]
        return k

    bottleneck = 0.0
    for (i, j), d in sorted(dist.items(), key=lambda kv: kv[1]):
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            bottleneck = d
    shells = sorted({round(d, 9) for d in dist.values() if d >= bottleneck - 1e-9})
    cutoff = draw(st.sampled_from(shells[:3]))
    return Geometry.from_positions(pts, cutoff=cutoff + 1e-9)


def named_geometries():
    return st.one_of(
        st.integers(3, 8).map(ring),
        st.integers(2, 6).map(complete),
        st.integers(1, 7).map(chain),
        st.booleans().map(lambda nnn: square(nnn=nnn)),
        st.just(tetrahedron()),
    )


def any_geometry():
    return st.one_of(named_geometries(), geometries(max_wells=6), from_positions_geometries())


def with_optional_flux(g, data):
    """``phi`` through the reference area (when the wells enclose one) or no field, drawn."""
    threaded = g.hull_area() != 0
    return phi if threaded and data.draw(st.booleans(), label="flux") else None


# -- helpers ------------------------------------------------------------------------------------------
def _exact(values):
    """Floats drawn by hypothesis, as exact rationals (the same binary numbers numpy sees)."""
    return {k: sp.Rational(v) for k, v in values.items()}


def _polynomial_roots(P, values, dps=40):
    """Roots of P at ``values``: coefficients evaluated at dps + 10 digits, mpmath.polyroots at dps."""
    coeffs = [sp.N(c.xreplace(values), dps + 10) for c in P.all_coeffs()]
    with mpmath.workdps(dps):
        a = [mpmath.mpc(*[mpmath.mpf(str(t)) for t in c.as_real_imag()]) for c in coeffs]
        # roots rescaled to O(1) (polyroots returns roots below ~10^-dps as 0; a level 1.7e-85 came back 0)
        s = max([abs(c / a[0]) ** (mpmath.mpf(1) / k) for k, c in enumerate(a) if k and c != 0] or [1])
        rs = mpmath.polyroots([c / a[0] / s**k for k, c in enumerate(a)], maxsteps=400, extraprec=4 * dps)
        rs = [r * s for r in rs]
    return np.sort([float(mpmath.re(r)) for r in rs]), max(float(abs(mpmath.im(r))) for r in rs)


def _mp_eigenvalues(H, values, dps=50):
    """mpmath.eighe of the matrix at ``values`` (entries evaluated at dps + 10 digits)."""
    M = H.matrix.xreplace(values)
    with mpmath.workdps(dps):
        A = mpmath.matrix([[mpmath.mpc(*[mpmath.mpf(str(t)) for t in sp.N(M[i, j], dps + 10).as_real_imag()])
                            for j in range(M.cols)] for i in range(M.rows)])
        return sorted(mpmath.eighe(A, eigvals_only=True))


# -- roots of the characteristic polynomial = eigvalsh ----------------------------------------------
@given(any_geometry(), st.data())
def test_roots_of_charpoly_equal_eigvalsh(g, data):
    H = hamiltonian(g, flux=with_optional_flux(g, data))
    P = characteristic_polynomial(H)
    values = data.draw(parameter_values(H))
    expected = H.eigvalsh(values)
    found, imag = _polynomial_roots(P, _exact(values))
    radius = max(abs(expected))
    np.testing.assert_allclose(found, expected, rtol=0, atol=RTOL_ROOTS * radius)
    assert imag <= RTOL_ROOTS * radius  # Hermitian: every root real


@given(st.sampled_from([ring(5), complete(4), square(), tetrahedron()]), st.data())
def test_roots_equal_eigvalsh_per_loop_fluxes(g, data):
    """One independent flux per loop (multi-flux cosines such as cos(phi_0 - phi_1 + phi_2))."""
    fluxes = sp.symbols(f"phi_0:{len(g.loops())}", real=True)
    H = hamiltonian(g, flux=list(fluxes))
    values = data.draw(parameter_values(H))
    expected = H.eigvalsh(values)
    found, _ = _polynomial_roots(characteristic_polynomial(H), _exact(values))
    np.testing.assert_allclose(found, expected, rtol=0, atol=RTOL_ROOTS * max(abs(expected)))


# -- structure of det(x - H) --------------------------------------------------------------------------
@given(any_geometry(), st.data())
def test_charpoly_is_real_monic_degree_n_with_minus_trace(g, data):
    flux = with_optional_flux(g, data)
    H = hamiltonian(g, flux=flux, traceless=data.draw(st.booleans(), label="traceless"))
    if flux is not None and data.draw(st.booleans(), label="gauge transform"):
        H = H.gauge_transform(data.draw(gauge_phases(g.n_wells)))
    P = characteristic_polynomial(H)
    n = g.n_wells
    assert P.gen == x
    assert P.degree() == n
    assert P.LC() == 1
    assert sp.expand(P.coeff_monomial(x ** (n - 1)) + sum(H.energies)) == 0  # -trace H
    expr = P.as_expr()
    assert not expr.has(sp.I)
    assert not expr.has(sp.exp) and not expr.has(sp.sin)  # fluxes folded into cosines
    assert all(c.is_real is not False for c in P.all_coeffs())


# -- gauge invariance of the canonical form -----------------------------------------------------------
def looped_geometries():
    """Geometries whose loop areas are rational multiples of the reference area.

    (complete(5) and larger are left out: their loop fluxes are irrational multiples of phi, written
    as radical expressions that differ from gauge to gauge; equal values, no canonical radical form.)
    """
    return st.one_of(
        st.integers(3, 6).map(ring),
        st.integers(3, 4).map(complete),
        st.just(square()),
        st.just(tetrahedron()),
        geometries(max_wells=5, min_loops=1),
    )


@given(looped_geometries(), st.data())
def test_canonical_form_is_gauge_invariant(g, data):
    traceless = data.draw(st.booleans(), label="traceless")
    H = hamiltonian(g, flux=phi, traceless=traceless)
    reference = canonical_form(characteristic_polynomial(H), H)
    others = [hamiltonian(g, flux=phi, gauge=gauge, traceless=traceless) for gauge in ("landau", "tree")]
    try:
        others.append(hamiltonian(g, flux=phi, gauge="equal", traceless=traceless))
    except GeometryError:
        pass  # "equal" needs the bonds 0-1-...-(n-1)-0
    origin = data.draw(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), label="origin") if g.dimension == 2 \
        else data.draw(st.tuples(*[st.integers(-5, 5)] * 3), label="origin")
    others.append(hamiltonian(g, flux=phi, origin=origin, traceless=traceless))
    others.append(H.gauge_transform(data.draw(gauge_phases(g.n_wells), label="float phases")))
    chi = sp.symbols(f"chi_0:{g.n_wells}", real=True)
    others.append(H.gauge_transform(chi))
    rational = data.draw(st.lists(st.fractions(-3, 3, max_denominator=7), min_size=g.n_wells,
                                  max_size=g.n_wells), label="phases / pi")
    others.append(H.gauge_transform([sp.pi * sp.Rational(q.numerator, q.denominator) for q in rational]))
    others.append(H.permuted(data.draw(permutations_of(g.n_wells), label="perm")))
    for G in others:
        assert canonical_form(characteristic_polynomial(G), G) == reference


# -- the closed-form cubic ----------------------------------------------------------------------------
# The closed forms are evaluated at exact rational points with SymPy at 50 digits. Near a double root a
# root of a polynomial moves like the square root of a change in its coefficients, so 50 digits of
# evaluation keep about 25; against mpmath.eighe at 50 digits we require 1e-20 of the spectral radius.
# Against float64 eigvalsh (backward stable, ~1e-15 of the radius) the 1e-10.
RTOL_CLOSED_MP = 1e-20


def _scale(k):
    return sp.Rational(1, 10**k)


@st.composite
def three_level_points(draw):
    """(H, exact values): complete(3) with flux, near or at the paper's degeneracies, or generic.

    Near-degenerate: E_i = D * (unit direction with sum 0), D/D0 = 10^-k, k up to 8; flux at 0, pi or
    10^-k away; exactly degenerate: D = 0 and phi = 0 or pi.
    """
    H = hamiltonian(complete(3), flux=phi)
    kind = draw(st.sampled_from(["degenerate", "near", "generic"]))
    d0 = sp.Rational(draw(st.integers(1, 2000)), 1000)
    if kind == "generic":
        Es = [sp.Rational(draw(st.integers(-2000, 2000)), 1000) for _ in range(3)]
        ph = sp.Rational(draw(st.integers(-3141, 3141)), 1000)
    else:
        u = [draw(st.integers(-9, 9)) for _ in range(2)]
        u.append(-sum(u))
        k = draw(st.integers(1, 8))
        D = 0 if kind == "degenerate" else _scale(k)
        Es = [D * c * d0 for c in u]
        base = draw(st.sampled_from([0, sp.pi]))
        ph = base if kind == "degenerate" or draw(st.booleans()) else base + draw(st.sampled_from([1, -1])) * _scale(k)
    return H, {E3[0]: Es[0], E3[1]: Es[1], E3[2]: Es[2], D0: d0, phi: ph}


@given(three_level_points())
def test_closed_form_cubic_equals_eigenvalues(point):
    H, values = point
    levels = roots(characteristic_polynomial(H))
    found = [sp.N(r.xreplace(values), 50) for r in levels]
    assert all(f.is_real and f.is_finite for f in found)  # never NaN, never complex
    reference = _mp_eigenvalues(H, values)
    radius = max(abs(r) for r in reference)  # an mpf at 50 digits
    with mpmath.workdps(50):
        for f, r in zip(found, reference, strict=True):  # ascending, branch by branch
            assert abs(mpmath.mpf(str(f)) - r) <= RTOL_CLOSED_MP * radius
    numeric = H.eigvalsh({k: float(v) for k, v in values.items()})
    np.testing.assert_allclose([float(f) for f in found], numeric, rtol=0, atol=RTOL_ROOTS * float(radius))


@st.composite
def real_rooted_cubics(draw):
    """Three rational roots, with exact double and triple roots and splittings down to 1e-8."""
    r0 = sp.Rational(draw(st.integers(-3000, 3000)), 1000)
    pattern = draw(st.sampled_from(["triple", "double low", "double high", "near", "generic"]))
    if pattern == "triple":
        rs = [r0, r0, r0]
    elif pattern == "double low":
        rs = [r0, r0, r0 + sp.Rational(draw(st.integers(1, 3000)), 1000)]
    elif pattern == "double high":
        rs = [r0 - sp.Rational(draw(st.integers(1, 3000)), 1000), r0, r0]
    elif pattern == "near":
        eps = _scale(draw(st.integers(1, 8)))
        rs = sorted([r0, r0 + eps * draw(st.integers(1, 9)), r0 + sp.Rational(draw(st.integers(-3000, 3000)), 1000)])
    else:
        rs = sorted(sp.Rational(draw(st.integers(-3000, 3000)), 1000) for _ in range(3))
    return sorted(rs)


@given(real_rooted_cubics())
def test_viete_roots_of_known_cubics(rs):
    """(x - r1)(x - r2)(x - r3): Viete's three branches return r1 <= r2 <= r3 in order."""
    a2 = -(rs[0] + rs[1] + rs[2])
    a1 = rs[0] * rs[1] + rs[1] * rs[2] + rs[0] * rs[2]
    a0 = -rs[0] * rs[1] * rs[2]
    found = [sp.N(r, 50) for r in viete_roots(a2, a1, a0)]
    scale = max(1, *(abs(r) for r in rs))
    for f, r in zip(found, rs, strict=True):
        assert f.is_real and f.is_finite
        assert abs(f - r) <= sp.Float(RTOL_CLOSED_MP) * scale


def test_closed_form_float64_is_never_nan_at_the_paper_degeneracy():
    """Evaluated in float64 (lambdify) at E_i = 0, phi = 0: -D0, -D0, 2 D0, no NaN.

    Roundoff in r^6 - q^2/4 (which vanishes here) is clamped at 0 by Max, so no sqrt of a negative
    number; the double root amplifies the roundoff like sqrt(eps) ~ 1e-8, hence the tolerance.
    """
    levels = roots(characteristic_polynomial(hamiltonian(complete(3), flux=phi)))
    f = sp.lambdify([*E3, D0, phi], levels, modules="numpy")
    for d0 in (1e-3, 0.37, 1.0, 7.5):
        got = np.array(f(0.0, 0.0, 0.0, d0, 0.0), dtype=float)
        assert not np.isnan(got).any()
        np.testing.assert_allclose(got, [-d0, -d0, 2 * d0], rtol=0, atol=1e-7 * d0)


# -- the engine against SymPy's Berkowitz -------------------------------------------------------------
SYMS = {
    "real": sp.symbols("a b c", real=True),
    "positive": sp.symbols("s t", positive=True),
    "flux": sp.symbols("phi_1 phi_2", real=True),
}


@st.composite
def monomials(draw):
    coeff = draw(st.integers(-3, 3).filter(bool))
    syms = draw(st.lists(st.sampled_from([*SYMS["real"], *SYMS["positive"]]), max_size=2))
    return coeff * sp.Mul(*syms)


@st.composite
def phases(draw):
    """A loop-flux phase (rational multiples of phi_1, phi_2) plus 0 or pi."""
    r1 = draw(st.sampled_from([0, 1, -1, sp.Rational(1, 2), sp.Rational(-1, 3), 2]))
    r2 = draw(st.sampled_from([0, 0, 1, sp.Rational(1, 4)]))
    return r1 * SYMS["flux"][0] + r2 * SYMS["flux"][1] + draw(st.sampled_from([0, 0, sp.pi]))


@st.composite
def hermitian_matrices(draw):
    """A random Hermitian symbolic matrix, n <= 4, inside the fast path's class.

    Diagonal: a real polynomial, sometimes with a cos of a flux. Off-diagonal: 0, 1 or 2 terms
    c e^{i theta}; then a constant diagonal gauge (multiples of pi/6) on top.
    """
    n = draw(st.integers(1, 4))
    M = sp.zeros(n, n)
    for i in range(n):
        M[i, i] = draw(monomials()) + draw(st.sampled_from([0, 0, sp.cos(SYMS["flux"][0])]))
        for j in range(i + 1, n):
            terms = draw(st.lists(st.tuples(monomials(), phases()), max_size=2))
            M[i, j] = sp.Add(*(c * sp.exp(sp.I * t) for c, t in terms))
            M[j, i] = sp.Add(*(c * sp.exp(-sp.I * t) for c, t in terms))
    chi = [sp.pi * draw(st.integers(-6, 6)) / 6 for _ in range(n)]
    if any(len(sp.Add.make_args(sp.expand(M[i, j]))) > 1 for i in range(n) for j in range(n) if i != j):
        chi = [0] * n  # a constant gauge phase on a two-term bond is outside the fast path (falls back)
    U = sp.diag(*[sp.exp(sp.I * c) for c in chi])
    return sp.Matrix(n, n, lambda i, j: sp.expand(U[i, i] * M[i, j] * sp.conjugate(U[j, j]), power_exp=False))


def _laurent(expr, fluxes, K):
    """``expr`` with every e^{i r.phi} -> prod w_f^{r_f L}, cos -> (w + 1/w)/2, times prod w_f^K: a Poly over QQ(i)."""
    ws = sp.symbols(f"w_0:{len(fluxes)}")
    L = 12  # every phase here is a multiple of phi_f / 12
    rep = {}
    for atom in expr.atoms(sp.exp, sp.cos, sp.sin):
        arg = sp.expand(atom.args[0] / sp.I if isinstance(atom, sp.exp) else atom.args[0])
        mono = sp.Integer(1)
        for f, w in zip(fluxes, ws, strict=True):
            r = arg.coeff(f)
            assert (r * L).is_Integer
            mono *= w ** int(r * L)
        const = sp.expand(arg - sum(arg.coeff(f) * f for f in fluxes))
        assert not const.free_symbols
        if isinstance(atom, sp.exp):
            rep[atom] = sp.exp(sp.I * const) * mono
        elif isinstance(atom, sp.cos):
            rep[atom] = (sp.exp(sp.I * const) * mono + sp.exp(-sp.I * const) / mono) / 2
        else:
            rep[atom] = (sp.exp(sp.I * const) * mono - sp.exp(-sp.I * const) / mono) / (2 * sp.I)
    shifted = sp.expand(expr.xreplace(rep) * sp.Mul(*(w**K for w in ws)))
    gens = [x, *ws, *sorted(shifted.free_symbols - {x, *ws}, key=str)]
    return sp.Poly(shifted, *gens, domain="QQ_I" if shifted.has(sp.I) else "QQ")


@given(hermitian_matrices())
def test_charpoly_fast_equals_sympy_berkowitz(M):
    ours = _charpoly.charpoly_fast(M, x)
    theirs = M.charpoly(x, simplify=sp.expand)  # Berkowitz; expand, not simplify, on its coefficients (fast, exact)
    assert ours.degree() == theirs.degree() == M.rows
    K = 4 * 12 * 3  # n <= 4 entries, |r| <= 2 per term and 1 + 1/4 per flux, in units of 1/12: bounds 1/w powers
    a = _laurent(ours.as_expr(), SYMS["flux"], K)
    b = _laurent(theirs.as_expr().xreplace({theirs.gen: x}), SYMS["flux"], K)
    assert (a - b).is_zero
