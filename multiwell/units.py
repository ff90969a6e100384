"""The one pint unit registry of multiwell, physical constants and energy conversions.

Energies in the tunnelling model of glasses are routinely quoted in kelvin
(:math:`E/k_B`), in hertz (:math:`E/h`) or in joules; the helpers here convert
between them exactly through pint's CODATA definitions, so no constant is typed
twice anywhere in the package.

``Q_`` is an alias of ``ureg.Quantity`` (pint's usual shorthand), not a function of
multiwell: ``Q_(value, unit)`` makes a quantity of this registry, the only one multiwell
accepts. ``k_B``, ``h``, ``hbar`` and ``e`` are pint's exact SI values.

Examples
--------
>>> Q_ is ureg.Quantity
True
>>> Q_(300, "mK")
<Quantity(300, 'millikelvin')>
>>> k_B
<Quantity(1.380649e-23, 'joule / kelvin')>
>>> from multiwell.units import Q_, energy_to_kelvin, kelvin_to_energy
>>> round(energy_to_kelvin(Q_(1, "meV")).m_as("K"), 4)
11.6045
>>> kelvin_to_energy(Q_(1, "K")).to("ueV")
<Quantity(86.17333..., 'microelectron_volt')>
"""

from __future__ import annotations

import numbers

import numpy as np
import pint

from multiwell.errors import ParameterError, UnitError

__all__ = [
    "Q_",
    "Phi_0",
    "angular_frequency_to_energy",
    "as_quantity",
    "e",
    "energy_to_frequency",
    "energy_to_kelvin",
    "flux_quantum",
    "frequency_to_energy",
    "h",
    "hbar",
    "k_B",
    "kelvin_to_energy",
    "magnitude",
    "to_energy",
    "ureg",
]

ureg = pint.UnitRegistry()
"""The registry every multiwell quantity belongs to. Mixing registries is an error in pint."""
Q_ = ureg.Quantity

k_B = Q_(1, "boltzmann_constant").to("J/K")
h = Q_(1, "planck_constant").to("J*s")
hbar = Q_(1, "hbar").to("J*s")
e = Q_(1, "elementary_charge").to("C")


def as_quantity(value, dimension: str, name: str) -> pint.Quantity:
    """Check that ``value`` is a pint Quantity of ``dimension`` and return it.

    Nothing is coerced: a bare number where a quantity is expected is an error that
    names the parameter, as is a quantity of the wrong dimension or another registry.

    Examples
    --------
    >>> as_quantity(Q_(3, "mK"), "[temperature]", "T")
    <Quantity(3, 'millikelvin')>
    >>> as_quantity(0.3, "[temperature]", "T")
    Traceback (most recent call last):
    ...
    multiwell.errors.UnitError: T: expected a pint Quantity with dimension [temperature], got float 0.3
    """
    if not isinstance(value, pint.Quantity):
        shown = value if np.ndim(value) == 0 else f"array of shape {np.shape(value)}"
        raise UnitError(
            f"{name}: expected a pint Quantity with dimension {dimension}, "
            f"got {type(value).__name__} {shown}"
        )
    if value._REGISTRY is not ureg:
        raise UnitError(f"{name}: the quantity belongs to another pint registry; use multiwell.ureg")
    if not value.check(dimension):
        raise UnitError(
            f"{name}: expected dimension {dimension}, got {value.units:~} "
            f"(dimension {value.dimensionality})"
        )
    return value


def flux_quantum(charge: pint.Quantity = e) -> pint.Quantity:
    r"""Return the flux quantum :math:`\Phi_0 = h/|q|` in webers (SI form of the paper's hc/q, Eq. 34).

    Examples
    --------
    >>> round(flux_quantum().m_as("Wb") * 1e15, 6)   # h/e
    4.135668
    >>> round(flux_quantum(2 * e).m_as("Wb") * 1e15, 6)   # h/2e, the superconducting one
    2.067834
    """
    q = as_quantity(charge, "[charge]", "charge")
    if q.magnitude == 0:
        raise ParameterError("charge: expected a non-zero charge, got 0")
    return (h / abs(q)).to("Wb")


Phi_0 = flux_quantum(e)
"""The flux quantum h/e of a particle of one elementary charge."""


def magnitude(value, unit: str, name: str, dimension: str | None = None):
    """Return the magnitude of the quantity ``value`` in ``unit`` (the edge of every kernel).

    Examples
    --------
    >>> magnitude(Q_(2, "mK"), "K", "T")
    0.002
    """
    dim = dimension if dimension is not None else str(ureg.Quantity(1, unit).dimensionality)
    return as_quantity(value, dim, name).m_as(unit)


def to_energy(value, name: str = "energy") -> pint.Quantity:
    """Return ``value`` as an energy in joules, accepting energy, temperature or frequency.

    A temperature T means the energy :math:`k_B T`; a frequency ν means :math:`h\\nu`.

    Examples
    --------
    >>> round(to_energy(Q_(1, "K")).m_as("ueV"), 3)
    86.173
    """
    if isinstance(value, pint.Quantity) and value._REGISTRY is ureg:
        if value.check("[energy]"):
            return value.to("J")
        if value.check("[temperature]"):
            return kelvin_to_energy(value)
        if value.check("1/[time]"):
            return frequency_to_energy(value)
    raise UnitError(
        f"{name}: expected a pint Quantity of energy, temperature (k_B T) or frequency (h nu), "
        f"got {value!r}"
    )


def kelvin_to_energy(T) -> pint.Quantity:
    r"""Return :math:`E = k_B T` in joules for a temperature ``T``.

    Examples
    --------
    One kelvin is :math:`k_B \cdot 1\,\mathrm K` = 1.380649e-23 J (exact in the SI) ≈ 86.17 µeV:

    >>> kelvin_to_energy(Q_(1, "K")).m_as("J")
    1.380649e-23
    >>> round(kelvin_to_energy(Q_(1, "K")).m_as("ueV"), 2)
    86.17
    """
    if isinstance(T, numbers.Number) and not isinstance(T, bool):
        raise UnitError(f"T: expected a pint Quantity with dimension [temperature], got {T!r}")
    T = as_quantity(T, "[temperature]", "T")
    return (T.to("K") * k_B).to("J")


def energy_to_kelvin(E) -> pint.Quantity:
    r"""Return :math:`T = E/k_B` in kelvin; ``E`` may be an energy, a temperature or a frequency.

    Examples
    --------
    1 meV ≈ 11.6 K, and a 1 GHz photon :math:`h\nu/k_B` ≈ 48 mK:

    >>> round(energy_to_kelvin(Q_(1, "meV")).m_as("K"), 4)
    11.6045
    >>> round(energy_to_kelvin(Q_(1, "GHz")).m_as("mK"), 3)
    47.992
    """
    return (to_energy(E, "E") / k_B).to("K")


def frequency_to_energy(nu) -> pint.Quantity:
    r"""Return :math:`h\nu` in joules for a (cyclic) frequency ``nu``.

    pint treats radians as dimensionless, so it cannot tell Hz from rad/s: use
    :func:`angular_frequency_to_energy` for :math:`\hbar\omega`.

    Examples
    --------
    :math:`h \cdot 1` GHz ≈ 4.1357 µeV:

    >>> round(frequency_to_energy(Q_(1, "GHz")).m_as("ueV"), 4)
    4.1357
    """
    nu = as_quantity(nu, "1/[time]", "frequency")
    return (h * nu).to("J")


def angular_frequency_to_energy(omega) -> pint.Quantity:
    r"""Return :math:`E = \hbar\omega` in joules for an angular frequency ``omega`` (rad/s or 1/s).

    Examples
    --------
    :math:`\hbar\omega` at :math:`\omega = 2\pi \cdot 10^9` rad/s equals :math:`h \cdot 1` GHz:

    >>> import math
    >>> round(angular_frequency_to_energy(Q_(2 * math.pi * 1e9, "rad/s")).m_as("ueV"), 4)
    4.1357
    """
    omega = as_quantity(omega, "1/[time]", "omega")
    return (hbar * omega).to("J")


def energy_to_frequency(E) -> pint.Quantity:
    r"""Return the frequency :math:`\nu = E/h` in hertz (``E``: energy, temperature or frequency).

    Examples
    --------
    :math:`k_B \cdot 1` K / h ≈ 20.84 GHz, and 1 meV / h ≈ 241.8 GHz:

    >>> round(energy_to_frequency(Q_(1, "K")).m_as("GHz"), 2)
    20.84
    >>> round(energy_to_frequency(Q_(1, "meV")).m_as("GHz"), 1)
    241.8
    """
    return (to_energy(E, "E") / h).to("Hz")
