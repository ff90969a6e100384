"""multiwell: symbolic N-well tunnelling Hamiltonians, their spectra and limits, numeric code and glass observables.

The public API is re-exported here; see the submodules for the implementations.
"""

from .cluster import (
    cluster_hamiltonian, cluster_size, cluster_sparse, coherent_coupling, coherent_hamiltonian,
)
from .errors import GeometryError, MultiwellError, NotHermitianError, ParameterError, UnitError
from .geometry import Bond, Geometry, Loop, chain, complete, double_well, ring, square, tetrahedron
from .hamiltonian import Hamiltonian, hamiltonian, peierls_phases
from .spectrum import (
    PolyRoot, bloch_band, canonical_form, characteristic_polynomial, compare_polynomials, eigenvalues, roots,
)
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
    "tetrahedron",
    "ureg",
]
