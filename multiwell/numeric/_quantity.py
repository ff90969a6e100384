"""Private part of :mod:`multiwell.numeric`: units at the edge (:class:`QuantityFunction`, :func:`with_units`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pint

from multiwell.errors import ParameterError, UnitError
from multiwell.units import Q_, as_quantity, energy_to_kelvin, to_energy, ureg

if TYPE_CHECKING:
    from multiwell.numeric._core import NumericFunction

__all__ = ["QuantityFunction", "with_units"]


@dataclass(frozen=True)
class QuantityFunction:
    r"""A :class:`NumericFunction` taking and returning pint quantities, converted once at the edge.

    Attributes
    ----------
    function
        The unitless function.
    units
        The unit each parameter is converted to (by name); ``""`` means dimensionless (a
        plain number or a dimensionless quantity is accepted).
    output
        The unit of the result (``None``: a plain array).

    Notes
    -----
    Each argument crosses the unit edge once: :math:`x \mapsto x/[u]` in its unit :math:`u`,
    where an energy slot also takes a temperature (:math:`k_BT`) or a frequency
    (:math:`h\nu`); the result is the kernel's array times ``output``.

    Examples
    --------
    The double well of Eq. 1 in the paper's convention,
    :math:`\mathcal E_\pm = \tfrac12(E_L+E_R) \pm \sqrt{\tfrac14(E_L-E_R)^2 + \Delta_0^2}`: with
    :math:`E_{L,R} = \pm 3` K and :math:`\Delta_0 = 4` K the levels are :math:`\pm 5` K, also with
    :math:`\Delta_0` given as the energy :math:`k_B \cdot 4` K in meV:

    >>> from multiwell import Q_, double_well, hamiltonian, to_numpy
    >>> from multiwell.units import kelvin_to_energy
    >>> spec = to_numpy(hamiltonian(double_well())).with_units(
    ...     {"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    >>> spec(Q_(3, "K"), Q_(-3, "K"), Q_(4, "K"))
    <Quantity([-5.  5.], 'kelvin')>
    >>> Delta_0 = kelvin_to_energy(Q_(4, "K")).to("meV")
    >>> spec(E_L=Q_(3, "K"), E_R=Q_(-3, "K"), Delta_0=Delta_0).round(12)
    <Quantity([-5.  5.], 'kelvin')>
    """

    function: NumericFunction
    units: Mapping[str, str]
    output: str | None

    def __call__(self, *args, **kwargs):
        values = _bind_quantities(self.function.params, args, kwargs)
        plain = []
        for s, v in zip(self.function.params, values):
            unit = self.units[s.name]
            if unit in ("", "dimensionless", "rad", "radian"):
                if isinstance(v, pint.Quantity):
                    v = as_quantity(v, "[]", s.name).m_as(unit or "dimensionless")
                plain.append(v)
            elif ureg.Quantity(1, unit).check("[energy]") or ureg.Quantity(1, unit).check("[temperature]"):
                energy = to_energy(v, s.name)  # energy, temperature (k_B T) or frequency (h nu)
                target = energy if ureg.Quantity(1, unit).check("[energy]") else energy_to_kelvin(energy)
                plain.append(target.m_as(unit))
            else:
                dim = str(ureg.Quantity(1, unit).dimensionality)
                plain.append(as_quantity(v, dim, s.name).m_as(unit))
        out = self.function.kernel(plain)
        return out if self.output is None else Q_(out, self.output)


def _bind_quantities(params, args, kwargs):
    from multiwell.numeric._lambdify import _bind

    return _bind(params, args, kwargs, quantities=True)


def with_units(f: NumericFunction, *, units: Mapping[str, str], output: str | None) -> QuantityFunction:
    """Return ``f`` wrapped to take pint quantities in ``units`` (by parameter name) and return ``output``.

    A parameter whose unit is an energy or a temperature accepts any of energy,
    temperature (:math:`k_BT`) or frequency (:math:`h\\nu`), as :func:`multiwell.units.to_energy`.

    Units are checked and converted once per call, on the whole arrays, so the cost over
    the unitless kernel is a constant, not a factor.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import Q_, double_well, hamiltonian, to_numpy
    >>> H = hamiltonian(double_well())
    >>> spec = with_units(to_numpy(H), units={"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    >>> spec(Q_(1, "K"), Q_(-1, "K"), Q_(0, "K"))
    <Quantity([-1.  1.], 'kelvin')>
    >>> spec(1.0, Q_(-1, "K"), Q_(0, "K"))
    Traceback (most recent call last):
    ...
    multiwell.errors.UnitError: E_L: expected a pint Quantity of energy, temperature (k_B T) or frequency (h nu), got 1.0
    """
    from multiwell.numeric._core import NumericFunction

    if not isinstance(f, NumericFunction):
        raise ParameterError(f"f: expected a NumericFunction, got {type(f).__name__}")
    names = set(f.names)
    unknown = sorted(set(units) - names)
    if unknown:
        raise ParameterError(f"units: unknown parameters {', '.join(unknown)}; expected {', '.join(f.names)}")
    missing = [n for n in f.names if n not in units]
    if missing:
        raise ParameterError(f"units: missing units for {', '.join(missing)}")
    for key, unit in list(units.items()) + [("output", output or "")]:
        try:
            ureg.Unit(unit or "dimensionless")
        except Exception:  # pint raises several types for an undefined unit
            raise UnitError(f"{key}: unknown unit {unit!r}") from None
    return QuantityFunction(f, dict(units), output)

