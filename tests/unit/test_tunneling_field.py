"""Observables in a magnetic field (multiwell.tunneling.field): exact limits, reference, scale, units."""

from __future__ import annotations

import numpy as np
import pytest

from multiwell.errors import ParameterError, UnitError
from multiwell.geometry import chain, complete, double_well, ring, square
from multiwell.tunneling import _field_engine as engine
from multiwell.tunneling import dos_monte_carlo, heat_capacity_monte_carlo
from multiwell.tunneling.dielectric import dielectric_ats
from multiwell.tunneling.distributions import ATS_GAP_FACTOR
from multiwell.tunneling.field import (
    FieldEnsemble,
    characteristic_field,
    dos_in_field,
    field_observables,
)
from multiwell.units import Q_, e, flux_quantum

T = Q_(np.geomspace(0.02, 3.0, 7), "K")


def _rel(a, b):
    """Largest deviation of a from b relative to the largest |b| of each row (field, component)."""
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b) / np.max(np.abs(b), axis=-1, keepdims=True)))


# -- the fast paths against the slow reference: eigh per system, plain N-level formulas ---------------------
@pytest.mark.parametrize(("geometry", "electric", "rate"), [
    (complete(3), "isotropic", "coth"), (complete(3), "parallel", "tanh"), (square(), "perpendicular", "coth"),
    (ring(5), "isotropic", "tanh"), (double_well(), "parallel", "coth"),
], ids=["ats-iso", "ats-par-tanh", "square-perp", "ring5-tanh", "double-well"])
def test_numpy_path_matches_per_system_eigh(geometry, electric, rate):
    ens = FieldEnsemble(geometry=geometry, area=Q_([1, 3], "nm^2"), omega=Q_(2e3 * np.pi, "1/s"),
                        electric_field=electric, dipole=None, rate=rate)
    from multiwell.tunneling.field import _tasks

    task = _tasks(ens, np.array([0.0, 800.0, 5e3]), T.m, 48, 4096, 7, "numpy", "auto", None)[0]
    task["blocks"] = [(0, 48)]
    ref = engine.reference_sums(dict(task))["sums"]
    # closed form (3 wells) or batched eigh: rounding of O(10) operations on O(D_0) numbers; the
    # near-degenerate gaps (D/D_0 >= 1e-2 here) lose at most two digits
    assert _rel(engine.chunk(dict(task))["sums"], ref) < 1e-10
    assert _rel(engine.chunk(dict(task, method="eigh"))["sums"], ref) < 1e-10


@pytest.mark.slow
@pytest.mark.parametrize(("electric", "rate"), [("isotropic", "coth"), ("isotropic", "tanh"),
                                               ("parallel", "coth"), ("perpendicular", "tanh")])
def test_fused_numba_kernel_matches_per_system_eigh(electric, rate):
    pytest.importorskip("numba")
    from multiwell.tunneling.field import _tasks

    ens = FieldEnsemble(area=Q_([1, 3], "nm^2"), omega=Q_(2e3 * np.pi, "1/s"), electric_field=electric,
                        rate=rate)
    Ts = np.concatenate([T.m[::-1], [0.004]])  # any order: the kernel sorts, saturates the coldest
    task = _tasks(ens, np.array([0.0, 800.0, 5e3]), Ts, 48, 4096, 3, "numba", "auto", None)[0]
    task["blocks"] = [(0, 48)]
    ref = engine.reference_sums(dict(task))["sums"]
    assert _rel(engine.chunk(dict(task))["sums"], ref) < 1e-10  # as above


def test_bond_structure_rebuilds_the_symbolic_matrix():
    # the fused kernel builds H from the bond structure; it must equal the lambdified pipeline matrix
    rng = np.random.default_rng(0)
    for g in (complete(3), square(), ring(4)):
        p = engine.plan(g)
        E = rng.normal(size=g.n_wells)
        t = rng.uniform(0.5, 2, len(p.hopping_names))
        phi = rng.uniform(-3, 3, p.n_loops)
        H = np.diag(E).astype(complex)
        for a in range(g.n_wells):
            for b in range(a + 1, g.n_wells):
                if p.bond_hopping[a, b] >= 0:
                    H[a, b] = p.bond_sign[a, b] * t[p.bond_hopping[a, b]] * np.exp(1j * p.bond_phase[a, b] @ phi)
                    H[b, a] = np.conj(H[a, b])
        np.testing.assert_allclose(H, p.matrix(*E, *t, *phi), rtol=0, atol=1e-14)


# -- exact limits ---------------------------------------------------------------------------------------------
def test_zero_field_heat_capacity_is_the_zero_field_monte_carlo():
    # same seed and 16 blocks of 4096: the same (D, E1 E2 E3, D0) as heat_capacity_monte_carlo
    kw = dict(D_min=Q_(0.65, "K"), D_max=Q_(10, "K"), D0_min=Q_(10, "K"), D0_max=Q_(100, "K"))
    ens = FieldEnsemble(**kw, P_star=Q_(1, "1/m^3"))
    n = 16 * engine.BLOCK
    obs = field_observables(T, Q_([0.0], "T"), ensemble=ens, n=n, seed=11, backend="numpy")
    C0, _ = heat_capacity_monte_carlo(T, P_star=Q_(1, "1/m^3"), n=n, chunk_size=engine.BLOCK, seed=11, **kw)
    # the zero-field kernel sums x^2 sech^2 x in float32 (relative 1e-7 per term)
    np.testing.assert_allclose(obs.heat_capacity[0].m_as("J/K/m^3"), C0.m_as("J/K/m^3"), rtol=1e-5)


def test_zero_field_dos_is_the_zero_field_histogram():
    kw = dict(D_min=Q_(0.65, "K"), D_max=Q_(10, "K"), D0_min=Q_(10, "K"), D0_max=Q_(100, "K"))
    edges = Q_(np.geomspace(0.4, 9, 12), "K")
    n = 16 * engine.BLOCK
    g, _ = dos_in_field(edges, Q_([0.0], "T"), ensemble=FieldEnsemble(**kw, P_star=Q_(1, "1/m^3")), n=n, seed=5)
    g0, _ = dos_monte_carlo(edges, P_star=Q_(1, "1/m^3"), n=n, chunk_size=engine.BLOCK, seed=5, **kw)
    np.testing.assert_allclose(g[0].m_as("1/K/m^3"), g0.m_as("1/K/m^3"), rtol=1e-12)  # identical counts


@pytest.mark.parametrize("rate", ["coth", "tanh"])
def test_zero_field_dielectric_is_eq14_derived_in_the_near_degenerate_limit(rate):
    # D/D0 <= 1e-3: the exact doublet is the effective two-level system of Eq. 14 with gap sqrt(2/3) D,
    # and A_ATS = pi P~* p^2 / (eps0 eps_r E_min) with E_min = sqrt(2/3) D_min, p the rms well dipole
    P, p, eps_r = Q_(1e17, "1/cm^3"), Q_(0.5, "debye"), 5.0
    D_min, D_max, D0_min, D0_max = Q_(0.5, "K"), Q_(500, "K"), Q_(1e6, "K"), Q_(1e7, "K")
    w, Gamma = Q_(2e3 * np.pi, "1/s"), Q_(5e-6, "s*K**5")
    ens = FieldEnsemble(D_min=D_min, D_max=D_max, D0_min=D0_min, D0_max=D0_max, P_star=P, dipole=p,
                        eps_r=eps_r, omega=w, Gamma=Gamma, rate=rate)
    Ts = Q_([0.05, 0.2, 1.0], "K")
    obs = field_observables(Ts, Q_([0.0], "T"), ensemble=ens, n=40000, seed=2, backend="numpy")
    E_min = ATS_GAP_FACTOR * D_min
    P_tilde = P * np.log(10.0)
    A = (np.pi * P_tilde * p**2 / (Q_(1, "vacuum_permittivity") * eps_r * E_min * Q_(1, "boltzmann_constant"))).to("")
    # the same thermal factor of Eq. 15's rate on both sides (coth: the default of both, tanh: printed)
    res, rel = dielectric_ats(Ts, A=A, D_min=E_min, Gamma=Gamma, omega=w, form="derived", rate=rate)
    # Monte Carlo: 5 standard errors; the quadrature's D_max = infinity adds E_min/E_max = 1e-3 to RES
    sig = obs.sigma_dielectric[0].m
    assert np.all(np.abs(obs.resonant[0].m - res.m) < 5 * sig + 2e-3 * res.m)
    assert np.all(np.abs(obs.relaxational[0].m - rel.m) < 5 * sig + 1e-6 * rel.m)
    assert np.all(np.abs(obs.relaxational[0].m - rel.m) < 0.05 * rel.m)


def test_even_in_B():
    ens = FieldEnsemble(area=Q_([1, 4], "nm^2"))
    a = field_observables(T, Q_([700.0, 3e3], "T"), ensemble=ens, n=2048, seed=4, backend="numpy")
    b = field_observables(T, Q_([-700.0, -3e3], "T"), ensemble=ens, n=2048, seed=4, backend="numpy")
    # the spectrum at -phi is the complex conjugate problem: levels and |p_kl|^2 equal to rounding
    np.testing.assert_allclose(b.heat_capacity.m, a.heat_capacity.m, rtol=1e-10)
    np.testing.assert_allclose(b.magnetocapacitance.m, a.magnetocapacitance.m, rtol=1e-9, atol=1e-20)


@pytest.mark.parametrize("geometry", [complete(3), square(), ring(5)], ids=["ats", "square", "ring5"])
def test_periodic_in_the_flux_quantum_for_one_orientation_and_area(geometry):
    S = Q_(1.0, "nm^2")
    ens = FieldEnsemble(geometry=geometry, area=S, orientation="aligned", hopping_ratios={})
    period = (flux_quantum(e) / S).m_as("T")
    B = np.array([300.0, 1234.5])
    a = field_observables(T, Q_(B, "T"), ensemble=ens, n=1024, seed=9, backend="numpy")
    b = field_observables(T, Q_(B + period, "T"), ensemble=ens, n=1024, seed=9, backend="numpy")
    # phi = 2 pi B S/Phi_0 is shifted by 2 pi for the largest loop; the other loops of a planar
    # geometry hold rational fractions of it (triangles of the square: 1/2, so period 2)
    if geometry.name.startswith("square"):
        b = field_observables(T, Q_(B + 2 * period, "T"), ensemble=ens, n=1024, seed=9, backend="numpy")
    np.testing.assert_allclose(b.heat_capacity.m, a.heat_capacity.m, rtol=1e-7)  # phase rounding ~1e-16 x 1e4
    np.testing.assert_allclose(b.dielectric.m, a.dielectric.m, rtol=1e-7)


@pytest.mark.parametrize("geometry", [double_well(), chain(3)], ids=["two-level", "chain3"])
def test_no_loop_no_orbital_field_effect(geometry):
    ens = FieldEnsemble(geometry=geometry)
    obs = field_observables(T, Q_([0.0, 10.0, 1e4], "T"), ensemble=ens, n=1024, seed=1, backend="numpy")
    assert np.all(obs.magnetocapacitance.m == 0.0)
    assert np.all(obs.heat_capacity.m[1:] == obs.heat_capacity.m[0])


def test_characteristic_field_scales_as_one_over_area():
    # only B S enters the phases (the dipole is given, not q r): area 2S at B/2 is area S at B
    half = characteristic_field(Q_(1, "nm^2")).m_as("T") / 2
    assert characteristic_field(Q_(2, "nm^2")).m_as("T") == pytest.approx(half)
    B = np.array([200.0, 900.0, 4e3])
    one = field_observables(T, Q_(B, "T"), ensemble=FieldEnsemble(area=Q_(1, "nm^2")), n=1024, seed=3,
                            backend="numpy")
    two = field_observables(T, Q_(B / 2, "T"), ensemble=FieldEnsemble(area=Q_(2, "nm^2")), n=1024, seed=3,
                            backend="numpy")
    np.testing.assert_allclose(two.magnetocapacitance.m, one.magnetocapacitance.m, rtol=1e-9, atol=1e-22)
    # and the charge: q = 2e halves the field scale again
    q2 = field_observables(T, Q_(B / 2, "T"), ensemble=FieldEnsemble(area=Q_(1, "nm^2"), charge=2 * e), n=1024,
                           seed=3, backend="numpy")
    np.testing.assert_allclose(q2.magnetocapacitance.m, one.magnetocapacitance.m, rtol=1e-9, atol=1e-22)


# -- scale: chunking, dask ----------------------------------------------------------------------------------
def test_chunking_does_not_change_the_result():
    B = Q_([0.0, 2e3], "T")
    one = field_observables(T, B, n=3 * engine.BLOCK + 100, chunk_size=10**6, seed=8, backend="numpy")
    many = field_observables(T, B, n=3 * engine.BLOCK + 100, chunk_size=engine.BLOCK, seed=8, backend="numpy")
    np.testing.assert_allclose(many.heat_capacity.m, one.heat_capacity.m, rtol=1e-12)  # summation order only
    np.testing.assert_allclose(many.dielectric.m, one.dielectric.m, rtol=1e-12)
    np.testing.assert_allclose(many.magnetocapacitance.m, one.magnetocapacitance.m, rtol=1e-10, atol=1e-22)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_in_process_result():
    distributed = pytest.importorskip("distributed")
    B = Q_([0.0, 2e3], "T")
    n = 2 * engine.BLOCK
    here = field_observables(T, B, n=n, chunk_size=engine.BLOCK, seed=6, backend="numpy")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        there = field_observables(T, B, n=n, chunk_size=engine.BLOCK, seed=6, backend="numpy", client=client)
    np.testing.assert_allclose(there.heat_capacity.m, here.heat_capacity.m, rtol=1e-14)
    np.testing.assert_allclose(there.magnetocapacitance.m, here.magnetocapacitance.m, rtol=1e-14, atol=1e-25)


# -- units and bad input ------------------------------------------------------------------------------------
def test_units():
    obs = field_observables(Q_([100, 300], "mK"), Q_([0, 1], "T"), n=512, seed=0, backend="numpy")
    assert obs.heat_capacity.check("[energy]/[temperature]/[length]**3")
    assert obs.dielectric.dimensionless and obs.magnetocapacitance.dimensionless
    mk = field_observables(Q_([100, 300], "mK"), Q_([0, 1e4], "G"), n=512, seed=0, backend="numpy")
    np.testing.assert_allclose(mk.heat_capacity.m, obs.heat_capacity.m, rtol=1e-14)


@pytest.mark.parametrize(("kwargs", "error"), [
    (dict(area=Q_(-1, "nm^2")), ParameterError),
    (dict(area=Q_(1, "nm")), UnitError),
    (dict(charge=Q_(0, "C")), ParameterError),
    (dict(dipole=Q_(1, "C")), UnitError),
    (dict(electric_field="sideways"), ParameterError),
    (dict(orientation="tilted"), ParameterError),
    (dict(D_min=Q_(20, "K")), ParameterError),
    (dict(P_star=Q_(1, "1/K")), UnitError),
    (dict(hopping_ratios={"D_9": 1.0}), ParameterError),
    (dict(eps_r=-1.0), ParameterError),
], ids=["negative-area", "area-length", "zero-charge", "dipole-charge", "electric", "orientation",
        "D-order", "P-star-unit", "hopping-name", "eps-r"])
def test_bad_ensembles(kwargs, error):
    with pytest.raises(error):
        FieldEnsemble(**kwargs)


@pytest.mark.parametrize(("call", "error"), [
    (lambda: field_observables(0.1, Q_([0], "T"), n=8), UnitError),
    (lambda: field_observables(Q_([0.1], "K"), 1.0, n=8), UnitError),
    (lambda: field_observables(Q_([0.1], "K"), Q_([0], "K"), n=8), UnitError),
    (lambda: field_observables(Q_([0.1], "K"), Q_([0], "T"), n=0), ParameterError),
    (lambda: field_observables(Q_([0.1], "K"), Q_([0], "T"), n=8, backend="gpu"), ParameterError),
    (lambda: field_observables(Q_([0.1], "K"), Q_([0], "T"), n=8, method="qr"), ParameterError),
    (lambda: dos_in_field(Q_([1, 0.5], "K"), Q_([0], "T"), n=8), ParameterError),
], ids=["T-float", "B-float", "B-kelvin", "n-zero", "backend", "method", "edges"])
def test_bad_calls(call, error):
    with pytest.raises(error):
        call()


def test_cli_plot_field(tmp_path):
    pytest.importorskip("matplotlib")
    from multiwell.cli import main

    out = tmp_path / "field.png"
    assert main(["plot", "field", "--systems", "512", "--area", "2", "--charge", "2", "--T", "0.1",
                 "--B", "100", "-o", str(out)]) == 0
    assert out.stat().st_size > 10_000
    assert main(["plot", "field", "--systems", "0", "-o", str(out)]) == 2


# -- the general three-level regime, heat capacity only, quasi-Monte Carlo ----------------------------------------
# tunnelling energies of a few kelvin and T up to 5 K: the third level is populated in most systems
THREE_LEVEL = dict(D_min=Q_(0.1, "K"), D_max=Q_(5.0, "K"), D0_min=Q_(0.5, "K"), D0_max=Q_(5.0, "K"),
                   area=Q_([0.5, 5.0], "nm^2"), omega=Q_(2e3 * np.pi, "1/s"))
T_HOT = np.geomspace(0.05, 5.0, 9)


@pytest.mark.parametrize(("backend", "sampler", "rate"), [("numpy", "random", "coth"), ("numba", "random", "coth"),
                                                          ("numba", "sobol", "tanh"), ("numba", "random", "tanh")])
def test_three_level_regime_matches_per_system_eigh(backend, sampler, rate):
    if backend == "numba":
        pytest.importorskip("numba")
    from multiwell.tunneling.field import _tasks

    ens = FieldEnsemble(**THREE_LEVEL, rate=rate)
    task = _tasks(ens, np.array([0.0, 50.0, 3e3]), T_HOT, 64, 4096, 5, backend, "auto", None, sampler=sampler,
                  scrambles=2 if sampler == "sobol" else 0)[0]
    p = engine.plan(ens.geometry)
    g2 = []
    for i, size in task["blocks"]:
        E, d0, *_ = engine._draw(task, p, i, size)
        lev = engine.levels(p, E, [d0] * len(p.hopping_names), np.zeros((size, p.n_loops)))
        g2.append(lev[:, 2] - lev[:, 0])
    assert np.mean(np.exp(-np.concatenate(g2) / 5.0) > 0.05) > 0.5  # the regime: e^{-g_2/k_BT} > 5 % at 5 K
    ref = engine.reference_sums(dict(task))["sums"]
    got = engine.chunk(dict(task))["sums"].sum(axis=0)
    assert _rel(got, ref) < 1e-9  # closed-form levels, dipoles and three-level sums: rounding only


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_heat_capacity_only_is_the_heat_capacity_of_the_full_call(backend):
    if backend == "numba":
        pytest.importorskip("numba")
    kw = dict(ensemble=FieldEnsemble(**THREE_LEVEL), n=2 * engine.BLOCK, seed=3, backend=backend)
    Ts, B = Q_(T_HOT, "K"), Q_([0.0, 300.0], "T")
    full = field_observables(Ts, B, **kw)
    heat = field_observables(Ts, B, observables=("heat_capacity",), **kw)
    diel = field_observables(Ts, B, observables=("dielectric",), **kw)
    assert heat.dielectric is None and heat.magnetocapacitance is None and diel.heat_capacity is None
    np.testing.assert_allclose(heat.heat_capacity.m, full.heat_capacity.m, rtol=1e-12)
    np.testing.assert_allclose(heat.sigma_heat_capacity.m, full.sigma_heat_capacity.m, rtol=1e-9)
    np.testing.assert_allclose(diel.magnetocapacitance.m, full.magnetocapacitance.m, rtol=1e-12)


def test_sobol_is_reproducible_and_independent_of_the_chunking():
    kw = dict(ensemble=FieldEnsemble(**THREE_LEVEL), n=4 * engine.BLOCK, backend="numpy", sampler="sobol",
              scrambles=2)
    Ts, B = Q_(T_HOT[::4], "K"), Q_([300.0], "T")
    a = field_observables(Ts, B, seed=7, chunk_size=engine.BLOCK, **kw)
    b = field_observables(Ts, B, seed=7, chunk_size=10**6, **kw)
    c = field_observables(Ts, B, seed=8, chunk_size=10**6, **kw)
    np.testing.assert_allclose(a.dielectric.m, b.dielectric.m, rtol=1e-13)
    np.testing.assert_allclose(a.sigma_heat_capacity.m, b.sigma_heat_capacity.m, rtol=1e-9)
    assert not np.allclose(a.heat_capacity.m, c.heat_capacity.m, rtol=1e-6, atol=0)


def test_sobol_error_bar_is_the_spread_of_independent_scrambles():
    # the reported sigma (spread of 4 scramble means) against the spread of 8 estimates with other seeds,
    # and the estimates against a 16x larger pseudo-random ensemble
    ens = FieldEnsemble(**THREE_LEVEL)
    Ts, B = Q_([0.2, 2.0], "K"), Q_([1e3], "T")
    runs = [field_observables(Ts, B, ensemble=ens, n=4 * 512, seed=s, backend="numpy", sampler="sobol", scrambles=4,
                              observables=("heat_capacity",)) for s in range(8)]
    est = np.array([r.heat_capacity.m[0] for r in runs])
    sig = np.sqrt(np.mean([r.sigma_heat_capacity.m[0] ** 2 for r in runs], axis=0))
    ratio = est.std(axis=0, ddof=1) / sig
    assert np.all((ratio > 0.4) & (ratio < 2.5))  # chi with 7 dof over an estimate from 32 scrambles
    ref = field_observables(Ts, B, ensemble=ens, n=2**15, seed=1, backend="numpy", observables=("heat_capacity",))
    assert np.all(np.abs(est.mean(axis=0) - ref.heat_capacity.m[0])
                  < 5 * np.hypot(sig / np.sqrt(8), ref.sigma_heat_capacity.m[0]))
