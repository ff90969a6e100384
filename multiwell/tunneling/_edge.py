"""Unit checks at the edge of the tunnelling-model functions (private).

Energies of the tunnelling model are quoted in kelvin (:math:`E/k_B`) as often as in
joules; every public function accepts either and hands its kernel magnitudes in
kelvin (energies), kelvin (temperatures) and 1/s (angular frequencies).
"""

from __future__ import annotations

import numpy as np
import pint

from multiwell.errors import ParameterError, UnitError
from multiwell.units import as_quantity, k_B, ureg

__all__: list[str] = []

_K_PER_J = float((1 / k_B).m_as("K/J"))


def _check_registry(value, name: str) -> None:
    if not isinstance(value, pint.Quantity):
        shown = value if np.ndim(value) == 0 else f"array of shape {np.shape(value)}"
        raise UnitError(f"{name}: expected a pint Quantity, got {type(value).__name__} {shown}")
    if value._REGISTRY is not ureg:
        raise UnitError(f"{name}: the quantity belongs to another pint registry; use multiwell.ureg")


def temperature_K(T, name: str = "T") -> np.ndarray:
    """Magnitude of a temperature in kelvin; T <= 0 or non-finite is a ParameterError."""
    T_K = np.asarray(as_quantity(T, "[temperature]", name).m_as("K"), dtype=float)
    if not np.all(np.isfinite(T_K)) or np.any(T_K <= 0):
        raise ParameterError(f"{name}: expected positive finite temperatures, got {T!r}")
    return T_K


def energy_K(value, name: str, *, allow_negative: bool = False, allow_zero: bool = False) -> np.ndarray:
    """Magnitude in kelvin of an energy given as [energy] or as a temperature E/k_B."""
    _check_registry(value, name)
    if value.check("[energy]"):
        out = np.asarray(value.m_as("J"), dtype=float) * _K_PER_J
    elif value.check("[temperature]"):
        out = np.asarray(value.m_as("K"), dtype=float)
    else:
        raise UnitError(
            f"{name}: expected an energy ([energy], or a temperature E/k_B), got {value.units:~} "
            f"(dimension {value.dimensionality})"
        )
    if not np.all(np.isfinite(out)):
        raise ParameterError(f"{name}: expected a finite energy, got {value!r}")
    if not allow_negative and np.any(out < 0):
        raise ParameterError(f"{name}: expected a non-negative energy, got {value!r}")
    if not allow_zero and np.any(out == 0):
        raise ParameterError(f"{name}: expected a non-zero energy, got {value!r}")
    return out


def energy_power_time_K(value, name: str, power: int) -> float:
    """Magnitude in s*K^power of a constant with dimension [energy]^power [time] (or [temperature]^power [time])."""
    _check_registry(value, name)
    if value.check(f"[energy]**{power}*[time]"):
        out = value.m_as(f"J**{power}*s") * _K_PER_J**power
    elif value.check(f"[temperature]**{power}*[time]"):
        out = value.m_as(f"K**{power}*s")
    else:
        raise UnitError(
            f"{name}: expected dimension [energy]^{power}*[time] (e.g. s*J^{power} or s*K^{power} with "
            f"energies in kelvin), got {value.units:~} (dimension {value.dimensionality})"
        )
    out = float(np.asarray(out))
    if not np.isfinite(out) or out <= 0:
        raise ParameterError(f"{name}: expected a positive finite value, got {value!r}")
    return out


FREQUENCY_READINGS = ("physical", "printed")


def angular_frequency(omega, name: str = "omega", convention: str = "physical") -> np.ndarray:
    """Magnitude of an angular frequency in rad/s.

    pint cannot tell rad/s from Hz, so the unit's name decides: 1/s and rad/s are angular; a value
    in hertz (Hz, kHz, ...) is a cyclic frequency f, and ω = 2πf (``convention="physical"``, the
    default). ``convention="printed"`` reads hertz as s⁻¹, as the paper's captions "ω = 1 kHz" do.
    """
    if convention not in FREQUENCY_READINGS:
        raise ParameterError(f"convention: expected one of {FREQUENCY_READINGS}, got {convention!r}")
    q = as_quantity(omega, "1/[time]", name)
    w = np.asarray(q.m_as("1/s"), dtype=float)
    if convention == "physical" and "hertz" in str(q.units):
        w = 2 * np.pi * w
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ParameterError(f"{name}: expected a non-negative finite angular frequency, got {omega!r}")
    return w


def dimensionless(value, name: str) -> np.ndarray:
    """Magnitude of a dimensionless quantity."""
    out = np.asarray(as_quantity(value, "[]", name).m_as(""), dtype=float)
    if not np.all(np.isfinite(out)):
        raise ParameterError(f"{name}: expected a finite value, got {value!r}")
    return out


_HEAT_CAPACITY_DIMS = ("", "1/[mass]", "1/[length]**3", "1/[substance]")


def heat_capacity_unit(value, name: str, per_temperature_power: int):
    """Check ``value`` is (heat capacity per amount) / K^power; return its magnitude and the result unit.

    ``per_temperature_power`` is the power n of the prefactor of :math:`B T^n`: the prefactor has
    dimension [energy]/[temperature]^(n+1) divided by nothing, a mass, a volume or an amount.
    """
    _check_registry(value, name)
    base = ureg.Quantity(1, "J/K") / ureg.Quantity(1, "K") ** per_temperature_power
    ratio = (value / base).to_base_units()
    for dims in _HEAT_CAPACITY_DIMS:
        if ratio.check(dims or "[]"):
            unit = (value.units * ureg.K**per_temperature_power)
            return np.asarray(value.m_as(value.units), dtype=float), unit
    raise UnitError(
        f"{name}: expected a heat-capacity prefactor of dimension [energy]/[temperature]^"
        f"{per_temperature_power + 1} (per mass, volume or amount allowed), got {value.units:~}"
    )
