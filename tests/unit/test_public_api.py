"""Every public name importable today stays importable from the same path (issue 27's contract).

The table below is the public API as it stood before the layout change of issue 27 (issues 24-26 merged): for each
public module, the names of its ``__all__``. Moving a module into a subpackage must keep each of these
imports working (``from multiwell.numeric import to_numpy`` and so on); a name may be added, never
silently dropped. A name that has to go is removed from this table in the same commit, with the reason.
"""

import importlib

import pytest

PUBLIC = {
    "multiwell": """
        Bond Claim Derived Geometry GeometryError Hamiltonian Loop MultiwellError NotHermitianError
        NumericFunction ParameterError PolyRoot Q_ QuarticRoot SizeLimitError Symmetry SymmetryBlocks UnitError
        bloch_band canonical_form chain characteristic_polynomial check cluster_hamiltonian
        cluster_size cluster_sparse coherent_coupling coherent_hamiltonian compare_polynomials
        complete cube cuboctahedron double_well effective_hamiltonian effective_two_level
        eigenvalue_series eigenvalues energies_from_file fullerene hamiltonian icosahedron
        octahedron peierls_phases reduce ring roots run_claims spectral_gap square symmetries
        symmetry_blocks tetrahedron to_c to_jax to_mpmath to_numpy to_source triangular_patch
        tunneling ureg with_units
    """.split(),
    "multiwell.cli": """
        main
    """.split(),
    "multiwell.cluster": """
        METHODS U cluster_basis cluster_hamiltonian cluster_size cluster_sparse coherent_coupling
        coherent_hamiltonian coherent_index composite_parameter identical_double_well_coupling
        particle_symbol renormalised_area renormalised_charge scaling_exponent
    """.split(),
    "multiwell.errors": """
        GeometryError MultiwellError NotHermitianError ParameterError SizeLimitError UnitError
    """.split(),
    "multiwell.geometry": """
        Bond Geometry Loop chain complete cube cuboctahedron double_well fullerene icosahedron
        octahedron ring square tetrahedron
    """.split(),
    "multiwell.hamiltonian": """
        FIELD_FLUX GAUGES Hamiltonian field_flux hamiltonian peierls_phases
    """.split(),
    "multiwell.limits": """
        effective_hamiltonian effective_two_level eigenvalue_series reduce unperturbed_levels
    """.split(),
    "multiwell.numeric": """
        DEFAULT_DPS NumericFunction QuantityFunction RTOL_FLOAT64 spectral_gap to_c to_jax to_mpmath
        to_numpy to_source with_units
    """.split(),
    "multiwell.papers": """
        jug_paliienko standard_model
    """.split(),
    "multiwell.papers.jug_paliienko": """
        claims one_body_matrix
    """.split(),
    "multiwell.papers.standard_model": """
        TITLE claims
    """.split(),
    "multiwell.plotting": """
        default_values dielectric_curves field_curves heat_capacity_curves spectrum_vs_flux
    """.split(),
    "multiwell.spectrum": """
        PolyRoot bloch_band canonical_form characteristic_polynomial compare_polynomials eigenvalues
        elementary_symmetric energy_symbol roots viete_roots QuarticRoot quartic_roots
    """.split(),
    "multiwell.strategies": """
        gauge_phases geometries parameter_values permutations_of
    """.split(),
    "multiwell.symmetry": """
        Symmetry SymmetryBlocks symmetries symmetry_blocks
    """.split(),
    "multiwell.tunneling": """
        ATS_FORMS ATS_GAP_FACTOR ELECTRIC_FIELDS FIELD_OBSERVABLES FieldEnsemble FieldObservables
        FitResult PERCOLATION_2D PERCOLATION_3D RATES SAMPLERS TABLE_II_FIXED TABLE_I_FIXED
        anomalous_distribution anomalous_normalisation asymptotes_2ls asymptotes_ats
        characteristic_field derive_heat_capacity_2ls derive_heat_capacity_ats derived_forms
        dielectric dielectric_2ls dielectric_ats dipole_moment dos_anomalous dos_in_field
        dos_monte_carlo dos_standard fe_distribution fe_prefactor field_observables fit_fractal
        fit_linear fit_tables fractal_exponent heat_capacity heat_capacity_2ls heat_capacity_ats
        heat_capacity_fe heat_capacity_from_dos heat_capacity_monte_carlo heat_capacity_phonon
        minimum_temperature molar_mass_k_si paper_findings prefactor_ratio run_chunks
        sample_anomalous sample_fe sample_standard schottky slopes standard_distribution
        standard_normalisation table_parameters table_rows three_well_gaps three_well_levels
    """.split(),
    "multiwell.tunneling.composition": """
        FitResult PERCOLATION_2D PERCOLATION_3D dipole_moment fit_fractal fit_linear fit_tables
        fractal_exponent prefactor_ratio
    """.split(),
    "multiwell.tunneling.dielectric": """
        ATS_FORMS RATES asymptotes_2ls asymptotes_ats dielectric dielectric_2ls dielectric_ats
        minimum_temperature slopes
    """.split(),
    "multiwell.tunneling.distributions": """
        ATS_GAP_FACTOR SAMPLERS anomalous_distribution anomalous_normalisation dos_anomalous
        dos_monte_carlo dos_standard fe_distribution run_chunks sample_anomalous sample_fe
        sample_standard standard_distribution standard_normalisation three_well_gaps
        three_well_levels
    """.split(),
    "multiwell.tunneling.field": """
        ELECTRIC_FIELDS FIELD_OBSERVABLES FieldEnsemble FieldObservables characteristic_field
        dos_in_field field_observables
    """.split(),
    "multiwell.tunneling.findings": """
        derived_forms paper_findings
    """.split(),
    "multiwell.tunneling.standard_model": """
        crossover_temperature density_of_states dipole_susceptibility heat_capacity
        orientation_average relaxational_slope resonant_slope sech2_moment two_level_splitting
    """.split(),
    "multiwell.tunneling.tables": """
        TABLE_II_FIXED TABLE_I_FIXED fe_prefactor molar_mass_k_si table_parameters table_rows
    """.split(),
    "multiwell.tunneling.thermal": """
        CONVENTIONS FE_GAP derive_heat_capacity_2ls derive_heat_capacity_ats heat_capacity
        heat_capacity_2ls heat_capacity_ats heat_capacity_fe heat_capacity_from_dos
        heat_capacity_monte_carlo heat_capacity_phonon schottky
    """.split(),
    "multiwell.units": """
        Phi_0 Q_ angular_frequency_to_energy as_quantity e energy_to_frequency energy_to_kelvin
        flux_quantum frequency_to_energy h hbar k_B kelvin_to_energy magnitude to_energy ureg
    """.split(),
    "multiwell.verify": """
        AGREES AGREES_UP_TO Claim DIFFERS Derived ERROR KINDS NOTATION NOT_CHECKED NOT_DECIDED Row
        SUBSTANTIVE check compare contradictions dimension_of report_json report_markdown
        report_table report_verbose run_claims select tally
    """.split(),
}


def _submodule(module: str, name: str) -> bool:
    """A name of ``__all__`` may be a submodule (``multiwell.papers.jug_paliienko``), imported on demand."""
    try:
        importlib.import_module(f"{module}.{name}")
    except ModuleNotFoundError:
        return False
    return True


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_public_names_importable_from_their_path(module):
    mod = importlib.import_module(module)
    missing = [name for name in PUBLIC[module] if not (hasattr(mod, name) or _submodule(module, name))]
    assert not missing, f"{module} lost public names: {missing}"


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_public_names_stay_in_all(module):
    """A name of the contract stays advertised in ``__all__`` (so ``from module import *`` and the docs keep it)."""
    mod = importlib.import_module(module)
    dropped = sorted(set(PUBLIC[module]) - set(getattr(mod, "__all__", ())))
    assert not dropped, f"{module}.__all__ dropped {dropped}"


def test_package_names_resolve_to_the_same_objects_as_their_modules():
    """``multiwell.X`` is the object its module defines, not a stale copy or the submodule of that name."""
    import multiwell

    for module, names in PUBLIC.items():
        if module == "multiwell":
            continue
        mod = importlib.import_module(module)
        for name in set(names) & set(multiwell.__all__):
            assert getattr(multiwell, name) is getattr(mod, name), f"multiwell.{name} is not {module}.{name}"
