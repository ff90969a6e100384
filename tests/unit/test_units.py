"""Units: constants from pint's CODATA definitions, conversions, round trips."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from multiwell import Q_
from multiwell.units import (
    Phi_0,
    angular_frequency_to_energy,
    energy_to_frequency,
    energy_to_kelvin,
    flux_quantum,
    frequency_to_energy,
    k_B,
    kelvin_to_energy,
    to_energy,
)


def test_constants_match_codata_2018_exact_values():
    # exact SI-2019 values, typed here from the SI brochure (an independent source)
    assert k_B.m_as("J/K") == 1.380649e-23
    np.testing.assert_allclose(Phi_0.m_as("Wb"), 6.62607015e-34 / 1.602176634e-19, rtol=1e-15)
    np.testing.assert_allclose(flux_quantum(Q_(2, "e")).m_as("Wb"), 2.067833848e-15, rtol=1e-9)


def test_one_kelvin_is_20_8_gigahertz():
    np.testing.assert_allclose(energy_to_frequency(Q_(1, "K")).m_as("GHz"), 20.836619, rtol=1e-7)


@given(st.floats(1e-6, 1e3))
def test_round_trips(T):
    T = Q_(T, "K")
    np.testing.assert_allclose(energy_to_kelvin(kelvin_to_energy(T)).m_as("K"), T.m, rtol=1e-14)
    nu = energy_to_frequency(T)
    np.testing.assert_allclose(frequency_to_energy(nu).m_as("J"), to_energy(T).m_as("J"), rtol=1e-14)


def test_angular_frequency_is_hbar_omega():
    omega = Q_(2 * np.pi * 1e3, "1/s")  # 1 kHz
    np.testing.assert_allclose(angular_frequency_to_energy(omega).m_as("J"),
                               frequency_to_energy(Q_(1, "kHz")).m_as("J"), rtol=1e-14)
