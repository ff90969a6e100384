"""multiwell: symbolic N-well tunnelling Hamiltonians, their spectra and limits, numeric code and glass observables.

The public API is re-exported here; see the submodules for the implementations.
"""

import sys
import types

# name -> submodule that defines it. The submodules (SymPy, pint, SciPy, pymablock, flint) are
# imported on first use, so `import multiwell` and `multiwell --help` stay fast.
_PUBLIC = {
    "cluster_hamiltonian": "cluster",
    "cluster_size": "cluster",
    "cluster_sparse": "cluster",
    "coherent_coupling": "cluster",
    "coherent_hamiltonian": "cluster",
    "GeometryError": "errors",
    "MultiwellError": "errors",
    "NotHermitianError": "errors",
    "ParameterError": "errors",
    "SizeLimitError": "errors",
    "UnitError": "errors",
    "Bond": "geometry",
    "Geometry": "geometry",
    "Loop": "geometry",
    "chain": "geometry",
    "complete": "geometry",
    "double_well": "geometry",
    "ring": "geometry",
    "square": "geometry",
    "tetrahedron": "geometry",
    "triangular_patch": "geometry",
    "energies_from_file": "geometry",
    "octahedron": "geometry",
    "cube": "geometry",
    "icosahedron": "geometry",
    "cuboctahedron": "geometry",
    "fullerene": "geometry",
    "Hamiltonian": "hamiltonian",
    "hamiltonian": "hamiltonian",
    "peierls_phases": "hamiltonian",
    "Symmetry": "symmetry",
    "SymmetryBlocks": "symmetry",
    "symmetries": "symmetry",
    "symmetry_blocks": "symmetry",
    "PolyRoot": "spectrum",
    "QuarticRoot": "spectrum",
    "bloch_band": "spectrum",
    "canonical_form": "spectrum",
    "characteristic_polynomial": "spectrum",
    "compare_polynomials": "spectrum",
    "eigenvalues": "spectrum",
    "roots": "spectrum",
    "effective_hamiltonian": "limits",
    "effective_two_level": "limits",
    "eigenvalue_series": "limits",
    "reduce": "limits",
    "NumericFunction": "numeric",
    "spectral_gap": "numeric",
    "to_c": "numeric",
    "to_jax": "numeric",
    "to_mpmath": "numeric",
    "to_numpy": "numeric",
    "to_source": "numeric",
    "with_units": "numeric",
    "Q_": "units",
    "ureg": "units",
    "Claim": "verify",
    "Derived": "verify",
    "check": "verify",
    "run_claims": "verify",
}

__all__ = [
    "Q_",
    "Bond",
    "Claim",
    "Derived",
    "Geometry",
    "GeometryError",
    "Hamiltonian",
    "Loop",
    "MultiwellError",
    "NotHermitianError",
    "NumericFunction",
    "ParameterError",
    "PolyRoot",
    "QuarticRoot",
    "SizeLimitError",
    "Symmetry",
    "SymmetryBlocks",
    "UnitError",
    "bloch_band",
    "canonical_form",
    "chain",
    "characteristic_polynomial",
    "check",
    "cluster_hamiltonian",
    "cluster_size",
    "cluster_sparse",
    "coherent_coupling",
    "coherent_hamiltonian",
    "compare_polynomials",
    "complete",
    "cube",
    "cuboctahedron",
    "double_well",
    "effective_hamiltonian",
    "effective_two_level",
    "eigenvalue_series",
    "eigenvalues",
    "energies_from_file",
    "fullerene",
    "hamiltonian",
    "icosahedron",
    "octahedron",
    "peierls_phases",
    "reduce",
    "ring",
    "roots",
    "run_claims",
    "spectral_gap",
    "square",
    "symmetries",
    "symmetry_blocks",
    "tetrahedron",
    "to_c",
    "to_jax",
    "to_mpmath",
    "to_numpy",
    "to_source",
    "triangular_patch",
    "tunneling",
    "ureg",
    "with_units",
]


class _Package(types.ModuleType):
    """The package module: a submodule import must not replace the function of the same name.

    Python binds ``multiwell.hamiltonian`` to the submodule when it is first imported; with the
    lazy API the function :func:`multiwell.hamiltonian.hamiltonian` must stay what the name means
    (as it did when this file imported everything eagerly).
    """

    def __setattr__(self, name: str, value) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

_SUBMODULES = frozenset({
    "cli", "cluster", "errors", "geometry", "hamiltonian", "limits", "numeric", "papers", "plotting",
    "spectrum", "strategies", "symmetry", "tunneling", "units", "verify",
})


def __getattr__(name: str):
    """Import the submodule that defines ``name`` on first use (PEP 562)."""
    import importlib

    if name in _PUBLIC:
        value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:  # `import multiwell; multiwell.numeric.to_numpy` worked before and still does
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'multiwell' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
