"""The tunnelling model of glasses: distributions, densities of states, heat capacity, dielectric response.

Public functions take and return pint quantities (energies may be given as energies or as
temperatures E/k_B); kernels are unitless and vectorised. See the submodules:
:mod:`~multiwell.tunneling.distributions`, :mod:`~multiwell.tunneling.thermal`,
:mod:`~multiwell.tunneling.dielectric`, :mod:`~multiwell.tunneling.composition`,
:mod:`~multiwell.tunneling.field` (the same observables in a magnetic field),
:mod:`~multiwell.tunneling.tables`, :mod:`~multiwell.tunneling.standard_model` (the standard
model's textbook results derived symbolically, for claims) and, for the paper's equations printed versus derived,
:mod:`~multiwell.tunneling.findings`.
"""

from multiwell.tunneling.composition import (
    PERCOLATION_2D, PERCOLATION_3D, FitResult, dipole_moment, fit_fractal, fit_linear, fit_tables,
    fractal_exponent, prefactor_ratio,
)
from multiwell.tunneling.dielectric import (
    ATS_FORMS, RATES, asymptotes_2ls, asymptotes_ats, dielectric, dielectric_2ls, dielectric_ats,
    minimum_temperature, slopes,
)
from multiwell.tunneling.distributions import (
    ATS_GAP_FACTOR, SAMPLERS, anomalous_distribution, anomalous_normalisation, dos_anomalous, dos_monte_carlo,
    dos_standard, fe_distribution, run_chunks, sample_anomalous, sample_fe, sample_standard,
    standard_distribution, standard_normalisation, three_well_gaps, three_well_levels,
)
from multiwell.tunneling.field import (
    ELECTRIC_FIELDS, FIELD_OBSERVABLES, FieldEnsemble, FieldObservables, characteristic_field, dos_in_field,
    field_observables,
)
from multiwell.tunneling.findings import derived_forms, paper_findings
from multiwell.tunneling.tables import TABLE_I_FIXED, TABLE_II_FIXED, fe_prefactor, molar_mass_k_si, table_parameters, table_rows
from multiwell.tunneling.thermal import (
    derive_heat_capacity_2ls, derive_heat_capacity_ats, heat_capacity, heat_capacity_2ls, heat_capacity_ats,
    heat_capacity_fe, heat_capacity_from_dos, heat_capacity_monte_carlo, heat_capacity_phonon, schottky,
)

__all__ = [
    "ATS_FORMS", "ATS_GAP_FACTOR", "ELECTRIC_FIELDS", "FIELD_OBSERVABLES", "SAMPLERS",
    "FieldEnsemble", "FieldObservables", "characteristic_field",
    "dos_in_field", "field_observables", "PERCOLATION_2D", "PERCOLATION_3D", "RATES", "TABLE_I_FIXED",
    "TABLE_II_FIXED", "FitResult", "anomalous_distribution", "anomalous_normalisation", "asymptotes_2ls",
    "asymptotes_ats", "derive_heat_capacity_2ls", "derive_heat_capacity_ats", "derived_forms", "dielectric",
    "dielectric_2ls", "dielectric_ats", "dipole_moment", "dos_anomalous", "dos_monte_carlo", "dos_standard",
    "fe_distribution", "fe_prefactor", "fit_fractal", "fit_linear", "fit_tables", "fractal_exponent",
    "heat_capacity", "heat_capacity_2ls", "heat_capacity_ats", "heat_capacity_fe", "heat_capacity_from_dos",
    "heat_capacity_monte_carlo", "heat_capacity_phonon", "minimum_temperature", "molar_mass_k_si",
    "paper_findings", "prefactor_ratio", "run_chunks", "sample_anomalous", "sample_fe", "sample_standard",
    "schottky", "slopes", "standard_distribution", "standard_normalisation", "table_parameters", "table_rows",
    "three_well_gaps", "three_well_levels",
]
