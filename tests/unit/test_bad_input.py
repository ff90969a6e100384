"""Table-driven bad input for the foundation: each error names the parameter it is about."""

import pytest
import sympy as sp

from multiwell import (
    Geometry, GeometryError, Hamiltonian, NotHermitianError, ParameterError, Q_, UnitError,
    chain, complete, hamiltonian, ring, square,
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
    ("bare-float-temperature", lambda: as_quantity(0.3, "[temperature]", "T"), UnitError, "T: expected a pint Quantity"),
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
