"""multiwell: symbolic N-well tunnelling Hamiltonians, their spectra and limits, numeric code and glass observables.

The public API is re-exported here; see the submodules for the implementations.
"""

from .cluster import (
    cluster_hamiltonian, cluster_size, cluster_sparse, coherent_coupling, coherent_hamiltonian,
)
from .errors import GeometryError, MultiwellError, NotHermitianError, ParameterError, UnitError
from .geometry import Bond, Geometry, Loop, chain, complete, double_well, ring, square, tetrahedron
from .hamiltonian import Hamiltonian, hamiltonian, peierls_phases
from .symmetry import Symmetry, SymmetryBlocks, symmetries, symmetry_blocks
from .spectrum import (
    PolyRoot, bloch_band, canonical_form, characteristic_polynomial, compare_polynomials, eigenvalues, roots,
)
from .limits import effective_hamiltonian, effective_two_level, eigenvalue_series, reduce
from .numeric import NumericFunction, spectral_gap, to_c, to_jax, to_mpmath, to_numpy, to_source, with_units
from .units import Q_, ureg
from .verify import Claim, Derived, check, run_claims

__all__ = [
    "Bond",
    "Claim",
    "Derived",
    "PolyRoot",
    "bloch_band",
    "canonical_form",
    "characteristic_polynomial",
    "check",
    "cluster_hamiltonian",
    "cluster_size",
    "cluster_sparse",
    "coherent_coupling",
    "coherent_hamiltonian",
    "compare_polynomials",
    "eigenvalues",
    "effective_hamiltonian",
    "effective_two_level",
    "eigenvalue_series",
    "reduce",
    "NumericFunction",
    "spectral_gap",
    "to_c",
    "to_jax",
    "to_mpmath",
    "to_numpy",
    "to_source",
    "with_units",
    "tunneling",
    "roots",
    "run_claims",
    "Geometry",
    "GeometryError",
    "Hamiltonian",
    "Loop",
    "MultiwellError",
    "NotHermitianError",
    "ParameterError",
    "Q_",
    "UnitError",
    "chain",
    "complete",
    "double_well",
    "hamiltonian",
    "peierls_phases",
    "ring",
    "square",
    "symmetries",
    "symmetry_blocks",
    "Symmetry",
    "SymmetryBlocks",
    "tetrahedron",
    "ureg",
]


def __getattr__(name: str):
    """``multiwell.tunneling`` (the glass observables, which load scipy) is imported on first use."""
    if name == "tunneling":
        import importlib

        return importlib.import_module(".tunneling", __name__)
    raise AttributeError(f"module 'multiwell' has no attribute {name!r}")
