"""Table-driven bad input for the foundation: each error names the parameter it is about."""

import pytest
import sympy as sp

from multiwell import (
    Q_,
    Geometry,
    GeometryError,
    Hamiltonian,
    NotHermitianError,
    ParameterError,
    UnitError,
    chain,
    complete,
    hamiltonian,
    ring,
    square,
)
from multiwell.units import as_quantity, flux_quantum

phi = sp.Symbol("phi", real=True)
plain = sp.Symbol("plain")  # no real assumption

CASES = [
    ("bond-to-missing-well", lambda: Geometry([(0, 0), (1, 0)], [(0, 2)]), GeometryError, "bonds"),
    ("self-bond", lambda: Geometry([(0, 0), (1, 0)], [(1, 1)]), GeometryError, "bonds"),
    ("repeated-bond", lambda: Geometry([(0, 0), (1, 0)], [(0, 1), (1, 0)]), GeometryError, "appears twice"),
    ("coincident-wells", lambda: Geometry([(0, 0), (0, 0)], [(0, 1)]), GeometryError, "coincide"),
    ("mixed-dimensions", lambda: Geometry([(0, 0), (1, 0, 0)], [(0, 1)]), GeometryError, "positions"),
    ("disconnected", lambda: Geometry([(0, 0), (1, 0), (5, 5)], [(0, 1)]), GeometryError, "disconnected"),
    ("bad-hopping-name", lambda: Geometry([(0, 0), (1, 0)], [(0, 1, "D 0")]), GeometryError, "hopping name"),
    ("wrong-label-count", lambda: Geometry([(0, 0), (1, 0)], [(0, 1)], labels=["a"]), GeometryError, "labels"),
    ("ring-too-small", lambda: ring(2), GeometryError, "n: expected an integer >= 3"),
    ("tesla-with-dimensionless-positions", lambda: hamiltonian(complete(3), flux=Q_(1, "T")), UnitError, "flux"),
    ("flux-not-a-field", lambda: hamiltonian(complete(3), flux=Q_(1, "m")), UnitError, "flux"),
    ("flux-without-loops", lambda: hamiltonian(chain(3), flux=phi), GeometryError, "flux"),
    ("complex-flux-symbol", lambda: hamiltonian(complete(3), flux=plain), ParameterError, "flux"),
    ("wrong-number-of-loop-fluxes", lambda: hamiltonian(square(), flux=[phi]), ParameterError, "flux"),
    ("unknown-gauge", lambda: hamiltonian(complete(3), flux=phi, gauge="coulomb"), ParameterError, "gauge"),
    ("unknown-convention", lambda: hamiltonian(complete(3), convention="mine"), ParameterError, "convention"),
    ("equal-gauge-without-ring", lambda: hamiltonian(
        Geometry([(0, 0), (1, 0), (0, 1), (1, 1)], [(0, 1), (1, 2), (0, 2), (2, 3)]), flux=phi, gauge="equal"),
     GeometryError, "gauge"),
    ("wrong-number-of-energies", lambda: hamiltonian(complete(3), energies=[0, 1]), ParameterError, "energies"),
    ("non-hermitian-matrix", lambda: Hamiltonian.from_matrix(sp.Matrix([[0, 1], [2, 0]])), NotHermitianError, "matrix"),
    ("non-real-diagonal", lambda: Hamiltonian.from_matrix(sp.Matrix([[sp.I, 0], [0, 0]])), NotHermitianError, "matrix"),
    ("symbol-without-assumption", lambda: Hamiltonian.from_matrix(sp.Matrix([[plain, 0], [0, 0]])),
     NotHermitianError, "real assumption"),
    ("non-square", lambda: Hamiltonian.from_matrix(sp.Matrix([[0, 1]])), NotHermitianError, "square"),
    ("gauge-phase-count", lambda: hamiltonian(complete(3)).gauge_transform([0, 1]), ParameterError, "chi"),
    ("bad-permutation", lambda: hamiltonian(complete(3)).permuted([0, 0, 1]), ParameterError, "perm"),
    ("unknown-symbol-in-subs", lambda: hamiltonian(complete(3)).subs({plain: 1}), ParameterError, "unknown symbols"),
    ("missing-numeric-values", lambda: hamiltonian(complete(3)).numeric({}), ParameterError, "missing"),
    ("bare-float-temperature", lambda: as_quantity(0.3, "[temperature]", "T"), UnitError,
     "T: expected a pint Quantity"),
    ("wrong-dimension", lambda: as_quantity(Q_(1, "m"), "[temperature]", "T"), UnitError, "T: expected dimension"),
    ("zero-charge", lambda: flux_quantum(Q_(0, "C")), ParameterError, "charge"),
    ("charge-not-a-charge", lambda: flux_quantum(Q_(1, "kg")), UnitError, "charge"),
]


@pytest.mark.parametrize(("make", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_named(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_disconnected_allowed_on_request():
    g = Geometry([(0, 0), (1, 0), (5, 5), (6, 5)], [(0, 1), (2, 3)], allow_disconnected=True)
    H = hamiltonian(g).matrix
    assert H[0, 2] == H[1, 3] == 0  # block diagonal: documented behaviour
    assert g.components() == [(0, 1), (2, 3)]


# -- every public name of multiwell and multiwell.tunneling ---------------------------------------------------------
# Each row: (public name, case id, call, error, message). Injection strings must be refused without
# being run: the test checks that the file the string would create does not appear.
import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import multiwell  # noqa: E402
from multiwell import (  # noqa: E402
    Claim,
    Derived,
    PolyRoot,
    bloch_band,
    canonical_form,
    characteristic_polynomial,
    check,
    cli,
    cluster_hamiltonian,
    cluster_size,
    cluster_sparse,
    coherent_coupling,
    coherent_hamiltonian,
    compare_polynomials,
    double_well,
    effective_hamiltonian,
    effective_two_level,
    eigenvalue_series,
    eigenvalues,
    energies_from_file,
    peierls_phases,
    reduce,
    roots,
    run_claims,
    spectral_gap,
    tetrahedron,
    to_c,
    to_mpmath,
    to_numpy,
    to_source,
    triangular_patch,
    with_units,
)
from multiwell import tunneling as tl  # noqa: E402

PWNED = Path(tempfile.gettempdir()) / f"multiwell_pwned_{os.getpid()}"
INJECT = f"__import__('os').system('touch {PWNED}')"

x = sp.Symbol("x", real=True)
a = sp.Symbol("a")  # no assumptions, as in the issue's example
Delta_0 = sp.Symbol("Delta_0", positive=True)
U = sp.Symbol("U", positive=True)
NON_HERMITIAN = sp.Matrix([[0, 1], [2, 0]])
RING3_NON_HERMITIAN = sp.Matrix([[0, 1, 1], [2, 0, 1], [1, 1, 0]])


def K(v):
    return Q_(v, "K")


def H2():
    return hamiltonian(double_well())


def H3():
    return hamiltonian(complete(3), flux=phi)


def _mc(**kw):
    base = dict(P_star=Q_(1, ""), D_min=K(0.1), D_max=K(10), D0_min=K(1e3), D0_max=K(1e5))
    return base | kw


DIELECTRIC = dict(A=Q_(1e-3, ""), gamma=Q_(5e-8, "s*K**3"), Delta0_min=K(1e-3), Delta0_max=K(10),
                  omega=Q_(2e3 * np.pi, "1/s"))

PUBLIC = [
    # multiwell
    ("Bond", "hopping-name-injection", lambda: Geometry([(0, 0), (1, 0)], [(0, 1, INJECT)]), GeometryError,
     "hopping name"),
    ("Claim", "printed-string", lambda: check(Claim("1", "t", printed=lambda: INJECT, derive=lambda: x)),
     ParameterError, "expression: .*strings are never parsed"),
    ("Derived", "derived-string", lambda: check(Claim("1", "t", printed=lambda: x, derive=lambda: Derived(INJECT))),
     ParameterError, "expression"),
    ("PolyRoot", "string-argument", lambda: PolyRoot(INJECT, x, 0), ParameterError, "PolyRoot"),
    ("QuarticRoot", "string-argument", lambda: multiwell.QuarticRoot(INJECT, 0, 0, 0, 0), ParameterError,
     "QuarticRoot"),
    ("octahedron", "hopping-injection", lambda: multiwell.octahedron(hopping=INJECT), GeometryError,
     "^hopping: expected a hopping name"),
    ("cube", "hopping-not-a-name", lambda: multiwell.cube(hopping=3), GeometryError, "^hopping: expected"),
    ("icosahedron", "hopping-injection", lambda: multiwell.icosahedron(hopping=INJECT), GeometryError,
     "^hopping: expected"),
    ("cuboctahedron", "hopping-with-space", lambda: multiwell.cuboctahedron(hopping="D 0"), GeometryError,
     "^hopping: expected"),
    ("fullerene", "hexagon-hopping-injection", lambda: multiwell.fullerene(hexagon_hopping=INJECT), GeometryError,
     "^hexagon_hopping: expected"),
    ("bloch_band", "non-hermitian", lambda: bloch_band(RING3_NON_HERMITIAN), NotHermitianError, "M: entry"),
    ("canonical_form", "not-a-poly", lambda: canonical_form(x**2), ParameterError, "poly: expected a sympy Poly"),
    ("characteristic_polynomial", "non-hermitian", lambda: characteristic_polynomial(NON_HERMITIAN),
     NotHermitianError, "H: entry"),
    ("characteristic_polynomial", "string-entry", lambda: characteristic_polynomial([[0, INJECT], [INJECT, 0]]),
     ParameterError, r"H\[0\]\[1\]"),
    ("check", "not-a-claim", lambda: check("1"), ParameterError, "claim: expected a multiwell Claim"),
    ("cluster_hamiltonian", "coupling-injection", lambda: cluster_hamiltonian(H2(), 2, coupling=INJECT),
     ParameterError, "coupling"),
    ("cluster_size", "strings", lambda: cluster_size(INJECT, INJECT), ParameterError, "composite"),
    ("cluster_sparse", "value-injection", lambda: cluster_sparse(H2(), 2, values={Delta_0: INJECT}),
     ParameterError, "values"),
    ("coherent_coupling", "coupling-injection", lambda: coherent_coupling(H2(), 2, coupling=INJECT),
     ParameterError, "coupling"),
    ("coherent_hamiltonian", "value-key-injection",
     lambda: coherent_hamiltonian(H2(), 2, method="exact", values={INJECT: 1}), ParameterError, "values"),
    ("compare_polynomials", "strings", lambda: compare_polynomials(INJECT, INJECT), ParameterError, "printed"),
    ("eigenvalues", "non-hermitian", lambda: eigenvalues(NON_HERMITIAN), NotHermitianError, "H: entry"),
    ("effective_hamiltonian", "issue-example", lambda: effective_hamiltonian(sp.Matrix([[0, 1], [2, a]]), small=[a]),
     NotHermitianError, "not the conjugate"),
    ("effective_hamiltonian", "no-real-assumption",
     lambda: effective_hamiltonian(sp.Matrix([[a, 1], [1, 0]]), small=[a]), NotHermitianError, "real assumption"),
    ("effective_two_level", "order-key-injection",
     lambda: effective_two_level(H2(), small=[Delta_0], order={INJECT: 2}), ParameterError, "order"),
    ("eigenvalue_series", "non-hermitian", lambda: eigenvalue_series(sp.Matrix([[0, x], [2 * x, 1]]), small=[x]),
     NotHermitianError, "H: entry"),
    ("reduce", "drop-string", lambda: reduce(H3(), drop=INJECT), ParameterError, "drop: .*are not symbols"),
    ("NumericFunction", "negative-hopping", lambda: to_numpy(H2())(0.0, 0.0, -1.0), ParameterError,
     "Delta_0 is declared positive=True"),
    ("NumericFunction", "complex-energy", lambda: to_numpy(H2())(1j, 0.0, 1.0), ParameterError, "E_L is declared real"),
    ("NumericFunction", "nan-in-array", lambda: to_numpy(H2())(0.0, 0.0, np.array([1.0, np.nan])), ParameterError,
     "Delta_0 expected a number, got NaN"),
    ("spectral_gap", "string", lambda: spectral_gap(INJECT), ParameterError, "H: expected a multiwell Hamiltonian"),
    ("to_c", "name-injection", lambda: to_c(x, params=(x,), name="f(void); int system"), ParameterError, "name"),
    ("to_c", "symbol-name-injection", lambda: to_c(sp.Symbol("x) { system(0); } void g(double y", real=True)),
     ParameterError, r"params\[0\]"),
    ("to_mpmath", "string", lambda: to_mpmath(INJECT), ParameterError, "obj: .*strings are never parsed"),
    ("to_numpy", "string-in-list", lambda: to_numpy([x, INJECT]), ParameterError, r"obj\[1\]"),
    ("to_numpy", "non-hermitian-spectrum", lambda: to_numpy(NON_HERMITIAN, method="eigvalsh"), NotHermitianError,
     "H: entry"),
    ("to_mpmath", "non-hermitian-spectrum", lambda: to_mpmath(NON_HERMITIAN, method="eigvalsh"), NotHermitianError,
     "H: entry"),
    ("to_source", "keyword-name", lambda: to_source(x, params=(x,), name="import"), ParameterError, "name"),
    ("to_source", "symbol-name-injection", lambda: to_source(sp.Symbol("x=__import__('os')", real=True)),
     ParameterError, r"params\[0\]"),
    ("with_units", "missing-units", lambda: with_units(to_numpy(H2()), units={"E_L": "K"}, output="K"),
     ParameterError, "units"),
    ("roots", "string", lambda: roots(INJECT), ParameterError, "poly"),
    ("run_claims", "string", lambda: run_claims(INJECT), ParameterError, "claims"),
    ("Geometry", "position-injection", lambda: Geometry([(0, INJECT), (1, 0)], [(0, 1)]), GeometryError, "positions"),
    ("Geometry", "from-positions-injection", lambda: Geometry.from_positions([(0, INJECT), (1, 0)], cutoff=2),
     GeometryError, "positions"),
    ("Hamiltonian", "raw-constructor", lambda: Hamiltonian(sp.ImmutableMatrix([[0, 1], [1, 0]])), ParameterError,
     "Hamiltonian.from_matrix"),
    ("Hamiltonian", "from-matrix-string-entry", lambda: Hamiltonian.from_matrix([[0, INJECT], [INJECT, 0]]),
     ParameterError, r"matrix\[0\]\[1\]"),
    ("Hamiltonian", "from-matrix-hopping-not-positive",
     lambda: Hamiltonian.from_matrix(sp.Matrix([[0, x], [x, 0]]), hoppings=[x]), ParameterError, "positive=True"),
    ("Hamiltonian", "subs-injection", lambda: H3().subs({phi: INJECT}), ParameterError, "values"),
    ("Hamiltonian", "numeric-injection", lambda: H2().numeric({s: INJECT for s in H2().symbols}), ParameterError,
     "values"),
    ("Hamiltonian", "gauge-injection", lambda: H3().gauge_transform([INJECT, 0, 0]), ParameterError, r"chi\[0\]"),
    ("chain", "n-string", lambda: chain("3"), GeometryError, "n"),
    ("complete", "hopping-injection", lambda: complete(3, hopping=INJECT), GeometryError, "hopping name"),
    ("ring", "n-float", lambda: ring(4.5), GeometryError, "n"),
    ("double_well", "hopping-injection", lambda: double_well(hopping=INJECT), GeometryError, "hopping name"),
    ("square", "hopping-injection", lambda: square(nn_hopping=INJECT), GeometryError, "hopping name"),
    ("tetrahedron", "hopping-injection", lambda: tetrahedron(hopping=INJECT), GeometryError, "hopping name"),
    ("triangular_patch", "string-rows", lambda: triangular_patch(INJECT), GeometryError, "n: expected an integer"),
    ("triangular_patch", "hopping-injection", lambda: triangular_patch(3, hopping=INJECT), GeometryError,
     "hopping name"),
    ("energies_from_file", "injection-as-path", lambda: energies_from_file(INJECT), GeometryError,
     "path: no such file"),
    ("energies_from_file", "not-a-path", lambda: energies_from_file(3), ParameterError, "path: expected a file path"),
    ("hamiltonian", "flux-injection", lambda: hamiltonian(complete(3), flux=INJECT), ParameterError, "flux"),
    ("hamiltonian", "energy-injection", lambda: hamiltonian(complete(3), energies=[INJECT, 0, 0]), ParameterError,
     r"energies\[0\]"),
    ("peierls_phases", "loop-flux-injection", lambda: peierls_phases(complete(3), [INJECT]), ParameterError,
     r"flux\[0\]"),
    ("symmetries", "non-hermitian", lambda: multiwell.symmetries(RING3_NON_HERMITIAN), NotHermitianError, "H: entry"),
    ("symmetry_blocks", "string", lambda: multiwell.symmetry_blocks(INJECT), ParameterError,
     "H: expected a SymPy matrix"),
    # without the jax extra the missing backend is reported first; either way the string is never run
    ("to_jax", "string", lambda: multiwell.to_jax(INJECT), ParameterError,
     "obj: .*strings are never parsed|backend: jax is not installed"),
    ("characteristic_field", "string", lambda: tl.characteristic_field(INJECT), UnitError, "area"),
    ("FieldEnsemble", "geometry-string", lambda: tl.FieldEnsemble(INJECT), ParameterError, "geometry"),
    ("dos_in_field", "seed-string", lambda: tl.dos_in_field(K([0.5, 1.0]), Q_(1, "T"), n=10, seed="abc"),
     ParameterError, "seed"),
    ("field_observables", "seed-string", lambda: tl.field_observables(K(1.0), Q_(1, "T"), n=10, seed="abc"),
     ParameterError, "seed"),
    ("field_observables", "sampler-injection", lambda: tl.field_observables(K(1.0), Q_(1, "T"), n=10,
                                                                         sampler=INJECT), ParameterError, "sampler"),
    ("field_observables", "one-scramble", lambda: tl.field_observables(K(1.0), Q_(1, "T"), n=10, sampler="sobol",
                                                                        scrambles=1), ParameterError, "scrambles"),
    ("field_observables", "observables-string", lambda: tl.field_observables(K(1.0), Q_(1, "T"), n=10,
                                                                              observables=INJECT),
     ParameterError, "observables"),
    ("field_observables", "observables-empty", lambda: tl.field_observables(K(1.0), Q_(1, "T"), n=10, observables=()),
     ParameterError, "observables"),
    # multiwell.tunneling
    ("anomalous_distribution", "string-energy", lambda: tl.anomalous_distribution(
        INJECT, K(1), K(-1), K(1), **_mc()), UnitError, "E_1"),
    ("anomalous_normalisation", "cutoffs-reversed", lambda: tl.anomalous_normalisation(**_mc(D_min=K(20))),
     ParameterError, "D_min, D_max"),
    ("asymptotes_2ls", "unknown-rate", lambda: tl.asymptotes_2ls(K(0.1), **DIELECTRIC, rate="sinh"),
     ParameterError, "rate"),
    ("asymptotes_ats", "string", lambda: tl.asymptotes_ats(K(1), A=INJECT, D_min=K(1)), UnitError, "A"),
    ("dielectric", "glass-injection", lambda: tl.dielectric(K(0.1), glass=INJECT, omega=Q_(1, "1/s")),
     ParameterError, "glass"),
    ("dielectric_2ls", "nan-prefactor", lambda: tl.dielectric_2ls(K(0.1), **(DIELECTRIC | {"A": Q_(np.nan, "")})),
     ParameterError, "A: expected a finite value"),
    ("dielectric_ats", "unknown-form", lambda: tl.dielectric_ats(K(0.1), A=Q_(1e-3, ""), D_min=K(1),
                                                                 Gamma=Q_(1e-5, "s*K**5"), omega=Q_(1, "1/s"),
                                                                 form="mine"), ParameterError, "form"),
    ("dipole_moment", "string", lambda: tl.dipole_moment(A_ats=INJECT, B_ats=1, D_min=1, rho=1, epsilon_r=1),
     UnitError, "A_ats"),
    ("dos_anomalous", "bare-float", lambda: tl.dos_anomalous(0.3, **_mc()), UnitError, "E"),
    ("dos_monte_carlo", "seed-string", lambda: tl.dos_monte_carlo(K([0.5, 1.0]), **_mc(), n=10, seed="abc"),
     ParameterError, "seed"),
    ("dos_monte_carlo", "too-many-chunks", lambda: tl.dos_monte_carlo(K([0.5, 1.0]), **_mc(), n=10**13, chunk_size=8),
     ParameterError, "chunk_size: .*chunks"),
    ("dos_standard", "negative-energy", lambda: tl.dos_standard(K(-1), P_bar=Q_(1, "1/K"), Delta0_min=K(1e-3),
                                                               Delta0_max=K(10)),
     ParameterError, "E: expected a non-negative"),
    ("fe_distribution", "positive-V0", lambda: tl.fe_distribution(K(0.1), V0=K(1)), ParameterError, "V0"),
    ("fe_prefactor", "string", lambda: tl.fe_prefactor(INJECT, 0.1), UnitError, "x_j"),
    ("fit_fractal", "f-string", lambda: tl.fit_fractal([0.1, 0.2, 0.3], [1, 2, 3], f=INJECT), ParameterError, "f"),
    ("fit_linear", "x-string", lambda: tl.fit_linear(INJECT, [1, 2]), ParameterError, "x: expected real"),
    ("fractal_exponent", "strings", lambda: tl.fractal_exponent("2.52", "2.14", "0.88"), ParameterError, "D: expected"),
    ("heat_capacity", "glass-injection", lambda: tl.heat_capacity(K(1), glass=INJECT), ParameterError, "glass"),
    ("heat_capacity_2ls", "bare-float", lambda: tl.heat_capacity_2ls(0.3, B_2ls=Q_(1, "J/K**2")), UnitError, "T"),
    ("heat_capacity_ats", "negative-gap", lambda: tl.heat_capacity_ats(K(1), B_ats=Q_(1, "J/K"), D_min=K(-1)),
     ParameterError, "D_min"),
    ("heat_capacity_fe", "splitting-string", lambda: tl.heat_capacity_fe(K(1), prefactor=Q_(1, "J/K"), V0=K(-1),
                                                                        splitting=INJECT), ParameterError, "splitting"),
    ("heat_capacity_from_dos", "dos-string", lambda: tl.heat_capacity_from_dos(K(1), dos=INJECT, E_min=K(1),
                                                                              E_max=K(2)), ParameterError, "dos"),
    ("heat_capacity_monte_carlo", "seed-string",
     lambda: tl.heat_capacity_monte_carlo(K([1.0]), **_mc(), n=32, seed="abc"), ParameterError, "seed"),
    ("heat_capacity_phonon", "wrong-unit", lambda: tl.heat_capacity_phonon(K(1), B_ph=Q_(1, "m")), UnitError, "B_ph"),
    ("minimum_temperature", "cutoffs-reversed", lambda: tl.minimum_temperature(**(DIELECTRIC | {"Delta0_min": K(20)})),
     ParameterError, "Delta0_min"),
    ("molar_mass_k_si", "string", lambda: tl.molar_mass_k_si(INJECT), ParameterError, "x: expected a molar fraction"),
    ("prefactor_ratio", "string", lambda: tl.prefactor_ratio(rho=INJECT, epsilon_r=1, D_min=1, p=1), UnitError, "rho"),
    ("run_chunks", "not-callable", lambda: tl.run_chunks(INJECT, [1]), ParameterError, "function"),
    ("sample_anomalous", "sampler-injection", lambda: tl.sample_anomalous(10, D_min=K(1), D_max=K(2), D0_min=K(1),
                                                                          D0_max=K(2), sampler=INJECT),
     ParameterError, "sampler"),
    ("dos_monte_carlo", "scrambles-float", lambda: tl.dos_monte_carlo(K([0.5, 1.0]), **_mc(), n=10, sampler="sobol",
                                                                      scrambles=2.0), ParameterError, "scrambles"),
    ("heat_capacity_monte_carlo", "scrambles-above-n", lambda: tl.heat_capacity_monte_carlo(
        K([1.0]), **_mc(), n=4, sampler="sobol", scrambles=8), ParameterError, "scrambles"),
    ("sample_anomalous", "seed-string", lambda: tl.sample_anomalous(10, D_min=K(1), D_max=K(2), D0_min=K(1),
                                                                    D0_max=K(2), seed="abc"), ParameterError, "seed"),
    ("sample_fe", "too-big", lambda: tl.sample_fe(10**13, V0=K(-1)), ParameterError,
     r"n: 10000000000000 samples would need"),
    ("sample_standard", "too-big", lambda: tl.sample_standard(10**13, Delta_max=K(1), Delta0_min=K(1e-3),
                                                              Delta0_max=K(1)), ParameterError, r"TiB .* chunked path"),
    ("schottky", "nan", lambda: tl.schottky(float("nan")), ParameterError, "x: expected x = E/2k_BT >= 0"),
    ("schottky", "negative", lambda: tl.schottky(-1.0), ParameterError, "got -1.0"),
    ("schottky", "string", lambda: tl.schottky(INJECT), ParameterError, "x: expected a real number"),
    ("slopes", "factor-string", lambda: tl.slopes(**DIELECTRIC, factor=INJECT), ParameterError, "factor"),
    ("standard_distribution", "string", lambda: tl.standard_distribution(K(1), INJECT, P_bar=Q_(1, "1/K"),
                                                                         Delta0_min=K(1e-3), Delta0_max=K(1)),
     UnitError, "Delta_0"),
    ("standard_normalisation", "bare-float", lambda: tl.standard_normalisation(P_bar=1.0, Delta_max=K(1),
                                                                               Delta0_min=K(1e-3), Delta0_max=K(1)),
     UnitError, "P_bar"),
    ("table_parameters", "table-injection", lambda: tl.table_parameters(INJECT, "SiO2"), ParameterError, "table"),
    ("table_rows", "table-injection", lambda: tl.table_rows(INJECT), ParameterError, "table"),
    ("three_well_gaps", "string", lambda: tl.three_well_gaps(INJECT, K(1)), UnitError, "E"),
    ("three_well_levels", "bare-float", lambda: tl.three_well_levels(K([1.0, -1.0, 0.0]), 1.0), UnitError, "D_0"),
]

# names that take no user input (or are covered through the objects that build them), with the reason
NO_INPUT = {
    "GeometryError": "error class", "MultiwellError": "error class", "NotHermitianError": "error class",
    "ParameterError": "error class", "SizeLimitError": "error class", "UnitError": "error class",
    "tunneling": "module; its names are listed here",
    "Loop": "a record returned by Geometry.loops(), never built by users",
    "Q_": "pint's Quantity (strings go to pint's own unit parser, never to eval: test_pint_never_evaluates)",
    "ureg": "pint's registry (see Q_)",
    "ATS_FORMS": "constant", "ATS_GAP_FACTOR": "constant", "PERCOLATION_2D": "constant",
    "PERCOLATION_3D": "constant", "RATES": "constant", "TABLE_I_FIXED": "constant", "TABLE_II_FIXED": "constant",
    "FitResult": "a record returned by fit_linear / fit_fractal",
    "FieldObservables": "a record returned by field_observables", "ELECTRIC_FIELDS": "constant",
    "FIELD_OBSERVABLES": "constant", "SAMPLERS": "constant",
    "Symmetry": "a record returned by symmetries()", "SymmetryBlocks": "a record returned by symmetry_blocks()",
    "derive_heat_capacity_2ls": "no arguments", "derive_heat_capacity_ats": "no arguments",
    "derived_forms": "no arguments", "fit_tables": "no arguments", "paper_findings": "no arguments",
}


@pytest.fixture
def no_pwned_file():
    PWNED.unlink(missing_ok=True)
    yield
    assert not PWNED.exists(), f"an injected string was executed (it created {PWNED})"


@pytest.mark.parametrize(("make", "error", "message"), [c[2:] for c in PUBLIC], ids=[f"{c[0]}:{c[1]}" for c in PUBLIC])
def test_public_bad_input_is_named_and_never_run(make, error, message, no_pwned_file):
    with pytest.raises(error, match=message):
        make()


def test_every_public_name_has_a_bad_input_case():
    names = set(multiwell.__all__) | set(tl.__all__)
    covered = {c[0] for c in PUBLIC}
    assert not (covered - names), "a case names something that is not public"
    assert sorted(names - covered - set(NO_INPUT)) == []


@pytest.mark.parametrize("make", [lambda: Q_(INJECT), lambda: multiwell.ureg(INJECT), lambda: Q_(1, INJECT)],
                         ids=["Q_-magnitude", "ureg-expression", "Q_-unit"])
def test_pint_never_evaluates(make, no_pwned_file):
    with pytest.raises(Exception):  # noqa: B017 - pint's own error types; what matters is that nothing ran
        make()


def test_assumption_checks_can_be_switched_off():
    f = to_numpy(H2())
    # Delta_0 = -1 is outside the model (a positive hopping) but is a well-defined matrix: levels -+1 by hand
    np.testing.assert_allclose(f(0.0, 0.0, -1.0, check=False), [-1.0, 1.0], rtol=0, atol=1e-15)


def test_generated_comments_cannot_close_early():
    text = to_c(x**2, params=(x,), name="sq", equation="Eq. 7 */ int evil; /*")
    header = text.splitlines()[0]
    assert header.startswith("/*") and header.count("*/") == 1 and header.endswith("*/")
    module = to_source(x**2, params=(x,), name="sq", equation='Eq. 7 """; import os; """')
    namespace: dict = {}
    exec(compile(module, "<generated>", "exec"), namespace)  # checking the generated text is inert
    assert "os" not in namespace and namespace["sq"](3.0) == 9.0


def test_from_matrix_names_roles_and_checks_hermiticity():
    t = sp.Symbol("t", positive=True)
    E_L, E_R = sp.symbols("E_L E_R", real=True)
    H = Hamiltonian.from_matrix(sp.Matrix([[E_L, t * sp.exp(sp.I * phi)], [t * sp.exp(-sp.I * phi), E_R]]),
                                energies=[E_L, E_R], hoppings=[t], fluxes=[phi])
    assert H.symbols == (E_L, E_R, t, phi) and H.hoppings == (t,) and H.fluxes == (phi,)
    # a single flux phase on one bond is a gauge: levels -+ t at E_L = E_R = 0 (hand)
    np.testing.assert_allclose(H.eigvalsh({E_L: 0, E_R: 0, t: 2, phi: 0.7}), [-2, 2], rtol=0, atol=1e-14)
    with pytest.raises(ParameterError, match="positive=True"):
        to_numpy(H)(0.0, 0.0, -2.0, 0.7)


def test_dos_standard_vanishes_below_the_smallest_splitting():
    # E = sqrt(Delta^2 + Delta_0^2) >= Delta_0 >= Delta0_min: no two-level system has E < Delta0_min, so g = 0
    # there, E = 0 included (a gap of the cut-off distribution, not a singularity: P = P_bar/Delta_0 is
    # singular only at Delta_0 = 0, which the cut-off excludes)
    g = tl.dos_standard(K([0.0, 0.5e-3, 2e-3]), P_bar=Q_(1, "1/K"), Delta0_min=K(1e-3), Delta0_max=K(10))
    expected_above = 2 * np.arccosh(2.0)  # 2 P_bar arcosh(E/Delta0_min) for Delta0_min <= E < Delta0_max (hand)
    np.testing.assert_allclose(g.m_as("1/K"), [0.0, 0.0, expected_above], rtol=1e-14, atol=0)


CLI_BAD = [
    (["derive", "complete", "3", "--small", INJECT], "--small: unknown symbol"),
    (["codegen", "pentagon"], "GEOMETRY"),
    (["codegen", "complete", "3", "-o", "/nonexistent-dir/x.py"], "--output: the directory"),
    (["verify", "--json", "/nonexistent-dir/rows.json"], "--json: the directory"),
    (["plot", "spectrum", "complete", "3", "--flux", "--values", "D_0=-1", "-o", "x.png"],
     "--values: D_0 is declared positive=True, expected values >= 0, got -1.0"),
    (["plot", "spectrum", "complete", "3", "--flux", "--values", f"D_0={INJECT}", "-o", "x.png"],
     "--values: D_0 must be a number"),
    (["plot", "dielectric", "-o", "/nonexistent-dir/d.png"], "--output: the directory"),
    (["plot", "spectrum", "complete", "3", "--flux", "--values", "E_1=inf", "-o", "x.png"],
     "--values: E_1 is declared real, expected finite values"),
    (["derive", "complete", "3", "--field", INJECT], "--field: expected a magnetic field"),
    (["derive", "complete", "3", "--flux", "--direction", INJECT], "--direction: expected three numbers"),
    (["derive", INJECT], "GEOMETRY: no such file"),
]


@pytest.mark.parametrize(("argv", "message"), CLI_BAD,
                         ids=["derive-small", "codegen-geometry", "codegen-output", "verify-json",
                              "plot-negative-hopping", "plot-value-injection", "plot-output", "plot-infinite-energy",
                              "derive-field-injection", "derive-direction-injection", "derive-geometry-injection"])
def test_cli_bad_input_exits_2_with_the_reason(argv, message, capsys, tmp_path, monkeypatch, no_pwned_file):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(("make", "message"), [
    (lambda: characteristic_polynomial(H2(), variable=INJECT), "variable: expected a sympy Symbol"),
    (lambda: canonical_form(characteristic_polynomial(H3()), energies=[INJECT, "E_2", "E_3"]), r"energies\[0\]"),
], ids=["charpoly-variable", "canonical-form-energies"])
def test_symbols_given_as_strings_are_refused(make, message, no_pwned_file):
    with pytest.raises(ParameterError, match=message):
        make()


def test_jit_source_embeds_only_identifiers(no_pwned_file):
    # the numba kernel is generated source with the parameter names in it: a name that is not an
    # identifier is refused before any source is built (numba itself need not be installed)
    evil = sp.Symbol(f"x, out): {INJECT}; def f(y", real=True)
    H = Hamiltonian.from_matrix(sp.Matrix([[evil, 1, 0], [1, 0, 1], [0, 1, 0]]))
    with pytest.raises(ParameterError, match=r"params\[0\]"):
        to_numpy(H)  # the numba kernel (jit) and the signature both need identifiers


@pytest.mark.parametrize("dtype", [float, int, bool])
def test_large_arrays_are_checked_in_full_and_named(dtype):
    """The one-pass range check of large real arrays finds one bad value at any position (values >> one chunk)."""
    import numpy as np

    from multiwell._validate import _RANGE_CHUNK, check_assumptions

    D_0, E = sp.Symbol("D_0", positive=True), sp.Symbol("E", real=True)
    n = 3 * _RANGE_CHUNK + 5
    good = np.ones(n, dtype=dtype)
    check_assumptions({D_0: good, E: good, plain: good})
    for k in (0, _RANGE_CHUNK, n - 1):
        if dtype is not bool:
            neg = good.copy()
            neg[k] = -2
            check_assumptions({E: neg, plain: neg})
            with pytest.raises(ParameterError, match=r"D_0 is declared positive=True, .* e\.g\. -2"):
                check_assumptions({D_0: neg})
        if dtype is float:
            for bad, message in ((np.nan, "D_0 expected a number, got NaN"),
                                 (np.inf, "D_0 is declared real, expected finite values")):
                x = good.copy()
                x[k] = bad
                with pytest.raises(ParameterError, match=message):
                    check_assumptions({D_0: x})
            x = good.copy()
            x[k] = np.inf
            check_assumptions({plain: x})  # no assumption: infinity allowed, NaN not
            x[k] = np.nan
            with pytest.raises(ParameterError, match="plain expected a number, got NaN"):
                check_assumptions({plain: x})


# -- reserved names in generated code (issue 25) -------------------------------------------------------------------
C_RESERVED = ["int", "double", "unsigned", "_Bool", "restrict", "__x", "_X", "sqrt", "exp", "hypot", "expf", "M_PI",
              "NAN", "out", "main"]


@pytest.mark.parametrize("bad", C_RESERVED)
def test_to_c_refuses_reserved_names(bad):
    expected = rf"name: expected an identifier that is free in generated C code, got '{bad}'"
    with pytest.raises(ParameterError, match=expected):
        to_c(x**2, params=(x,), name=bad)
    s = sp.Symbol(bad, real=True)  # the same name as a parameter would shadow or break the emitted code
    with pytest.raises(ParameterError, match=rf"params\[0\]: .*generated C code, got '{bad}'"):
        to_c(s**2 + sp.sqrt(s**2 + 1), params=(s,))
    with pytest.raises(ParameterError, match=rf"params\[0\]: .*generated C code, got '{bad}'"):
        to_c(Hamiltonian.from_matrix(sp.Matrix([[s, 1], [1, 0]])), params=(s,))


def test_to_c_refuses_leading_underscore_function_names():
    with pytest.raises(ParameterError, match="name: expected a C function name not starting with '_'"):
        to_c(x**2, params=(x,), name="_f")


def test_names_next_to_reserved_ones_compile(compile_c):
    """Refusal is exact: names that only resemble reserved ones give C that compiles with -Wall -Werror and runs."""
    import ctypes

    s = sp.Symbol("int_", real=True)
    lib = compile_c(to_c(sp.sqrt(s**2 + 1), params=(s,), name="sqrt_of"))
    out = (ctypes.c_double * 1)()
    lib.sqrt_of(ctypes.c_double(3.0), out)
    assert abs(out[0] - 10**0.5) < 1e-15 * 10**0.5  # float64 rounding of one sqrt


@pytest.mark.parametrize("bad", ["print", "abs", "max", "numpy", "batch", "match"])
def test_to_source_refuses_python_builtins_and_its_own_names(bad):
    with pytest.raises(ParameterError, match=f"name: .*got '{bad}'"):
        to_source(x**2, params=(x,), name=bad)
    s = sp.Symbol(bad, real=True)
    with pytest.raises(ParameterError, match=rf"params\[0\]: .*got '{bad}'"):
        to_source(s**2, params=(s,))


# -- non-finite fluxes, energies and hoppings where a Hamiltonian is built (issue 25) ---------------------------------
def _nm_square():
    return Geometry(Q_([[0, 0], [10, 0], [10, 10], [0, 10]], "nm"), [(0, 1), (1, 2), (2, 3), (0, 3)])


NON_FINITE = [
    ("flux-float-nan", lambda: hamiltonian(complete(3), flux=float("nan")), "flux: expected a finite value, got nan"),
    ("flux-numpy-nan", lambda: hamiltonian(complete(3), flux=np.nan), "flux: expected a finite value"),
    ("flux-numpy-float64-inf", lambda: hamiltonian(complete(3), flux=np.float64("inf")), "flux: expected a finite"),
    ("flux-sympy-nan", lambda: hamiltonian(complete(3), flux=sp.nan), "flux: expected a finite value"),
    ("flux-sympy-oo", lambda: hamiltonian(complete(3), flux=-sp.oo), "flux: expected a finite value"),
    ("flux-nan-in-expression", lambda: hamiltonian(complete(3), flux=phi + sp.nan), "flux: expected a finite"),
    ("loop-flux-nan", lambda: hamiltonian(square(), flux=[phi, float("nan"), 0]), r"flux\[1\]: expected a finite"),
    ("loop-flux-mapping-inf", lambda: hamiltonian(square(), flux={0: float("inf")}), r"flux\[0\]: expected a finite"),
    ("flux-pint-nan-tesla", lambda: hamiltonian(_nm_square(), flux=Q_(np.nan, "T")), "flux: expected a finite"),
    ("flux-pint-inf-tesla", lambda: hamiltonian(_nm_square(), flux=Q_(float("inf"), "T")), "flux: expected a finite"),
    ("flux-pint-vector-nan", lambda: hamiltonian(_nm_square(), flux=Q_([0, np.nan, 1], "T")),
     "flux: expected a finite"),
    ("peierls-nan", lambda: peierls_phases(complete(3), float("nan")), "flux: expected a finite value"),
    ("energy-nan", lambda: hamiltonian(complete(3), energies=[0, np.nan, 0]), r"energies\[1\]: expected a finite"),
    ("energy-zoo", lambda: hamiltonian(complete(3), energies=[sp.zoo, 0, 0]), r"energies\[0\]: expected a finite"),
    ("from-matrix-nan", lambda: Hamiltonian.from_matrix([[0, np.nan], [np.nan, 0]]),
     r"matrix\[0, 1\]: expected a finite"),
    ("from-matrix-inf-diagonal", lambda: Hamiltonian.from_matrix(sp.Matrix([[sp.oo, 0], [0, 1]])),
     r"matrix\[0, 0\]: expected a finite"),
    ("from-matrix-numpy-inf", lambda: Hamiltonian.from_matrix(np.array([[1.0, 0.0], [0.0, np.inf]])),
     r"matrix\[1, 1\]: expected a finite"),
    ("hopping-nan-by-subs", lambda: hamiltonian(complete(3)).subs({sp.Symbol("D_0", positive=True): np.nan}),
     r"values\[D_0\]: expected a finite value"),
    ("energy-inf-by-subs", lambda: hamiltonian(complete(3)).subs({sp.Symbol("E_1", real=True): float("inf")}),
     r"values\[E_1\]: expected a finite value"),
]


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in NON_FINITE], ids=[c[0] for c in NON_FINITE])
def test_non_finite_inputs_build_no_hamiltonian(make, message):
    with pytest.raises(ParameterError, match=message):
        make()


def test_finite_numbers_still_build_the_same_hamiltonian():
    """The check refuses only non-finite values: a float flux 0.3 gives the phases of the exact flux 3/10 (to float)."""
    exact = hamiltonian(complete(3), flux=sp.Rational(3, 10)).matrix
    floating = hamiltonian(complete(3), flux=0.3).matrix
    point = {s: sp.Rational(k + 2, 7) for k, s in enumerate(sorted(exact.free_symbols, key=str))}
    diff = (exact - floating).xreplace(point).evalf(30)
    assert max(abs(complex(v)) for v in diff) < 1e-15  # 0.3 is 3/10 to float64 rounding


# -- the CLI checks every option before it prints anything (issue 25) ----------------------------------------------
CLI_EARLY = [
    (["derive", "complete", "3", "--small", "D_0", "--order", "-1"], "--order: expected an integer >= 1, got -1"),
    (["derive", "complete", "3", "--order", "0"], "--order: expected an integer >= 1, got 0"),
    (["plot", "field", "--area", "nan", "-o", "f.png"], "--area: expected a finite area > 0"),
    (["plot", "field", "--charge", "inf", "-o", "f.png"], "--charge: expected a finite non-zero charge"),
    (["plot", "field", "--systems", "0", "-o", "f.png"], "--systems: expected an ensemble size >= 1"),
    (["plot", "field", "--seed", "-3", "-o", "f.png"], "--seed: expected a seed >= 0"),
    (["plot", "field", "--T", "0.1", "-0.2", "-o", "f.png"], "--T: expected temperatures > 0 (kelvin), got -0.2"),
    (["plot", "field", "--B", "nan", "-o", "f.png"], "--B: expected finite fields (tesla), got nan"),
    (["codegen", "complete", "3", "--to", "c", "-o", "/nonexistent-dir/x.c"], "--output: the directory"),
    (["verify", "--eq", "no-such-row"], "--eq: no equation 'no-such-row'"),
]


@pytest.mark.parametrize(("argv", "message"), CLI_EARLY,
                         ids=[" ".join(c[0][:3]) + f"-{k}" for k, c in enumerate(CLI_EARLY)])
def test_cli_refuses_before_printing_anything(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing printed before the refusal
    assert message in err
    assert not list(tmp_path.iterdir())  # and nothing written
