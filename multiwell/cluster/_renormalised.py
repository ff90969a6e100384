r"""The fictitious particle's renormalised parameters, Eqs. 42–43: charge :math:`Nq_0`, area :math:`4Na_0^2`.

:func:`renormalised_charge` (derived: the Aharonov–Bohm phase of the effective hopping is :math:`N\phi`),
:func:`renormalised_area` (the paper's assumption), :func:`composite_parameter`
:math:`D_0|q/e|S_\Delta = 8N^3\Delta_0a_0^2` for :math:`q_0 = 2e`, and its inverse :func:`cluster_size`.
"""

from __future__ import annotations

import math

import pint

from multiwell.cluster._model import _check_n
from multiwell.errors import ParameterError
from multiwell.units import as_quantity, e, ureg

__all__ = ["cluster_size", "composite_parameter", "renormalised_area", "renormalised_charge"]


def _count(n_particles) -> int:
    return _check_n(n_particles)


def renormalised_charge(n_particles: int, q0: pint.Quantity = 2 * e) -> pint.Quantity:
    r"""Return the fictitious particle's charge :math:`q = Nq_0` (Eq. 42).

    Within the cluster model (Eqs. 44–49) this is what the Aharonov–Bohm phase of the
    effective hopping shows: the coherent states couple through :math:`\prod_i h_i`, so a
    loop phase :math:`\phi` per particle becomes :math:`N\phi` at fixed loop area.

    Examples
    --------
    >>> renormalised_charge(3).to("e")
    <Quantity(6.0, 'elementary_charge')>
    """
    return (_count(n_particles) * as_quantity(q0, "[charge]", "q0")).to("C")


def renormalised_area(n_particles: int, a0: pint.Quantity = 1 * ureg.bohr_radius) -> pint.Quantity:
    r"""Return the paper's flux-threaded area :math:`S_\Delta\approx4Na_0^2` (Eq. 42, an assumption).

    Not derived from the cluster Hamiltonian: there the flux enters only through :math:`qS`, and
    :math:`q=Nq_0` already carries the factor :math:`N` (see ``multiwell verify``, Eq. 42).

    Examples
    --------
    >>> round(renormalised_area(10).m_as("angstrom**2"), 3)
    11.201
    """
    a0 = as_quantity(a0, "[length]", "a0")
    return (4 * _count(n_particles) * a0**2).to("m**2")


def composite_parameter(
    n_particles: int, Delta_0: pint.Quantity, *, q0: pint.Quantity = 2 * e, a0: pint.Quantity = 1 * ureg.bohr_radius
) -> pint.Quantity:
    r"""Return :math:`D_0|q/e|S_\Delta = (N\Delta_0)(N|q_0/e|)(4Na_0^2)` (Eqs. 41–43).

    With :math:`q_0=2e` this is the printed :math:`8N^3\Delta_0a_0^2` of Eq. 43 (the paper's text says
    ":math:`q=2e`", but only the particle charge :math:`q_0=2e` gives :math:`N^3`). ``Delta_0`` may be
    an energy or a temperature; the result carries its unit times area.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(composite_parameter(25, Q_(1, "mK")).m_as("K * angstrom**2"), 3)  # 125 K a_0^2
    35.004
    """
    N = _count(n_particles)
    if not isinstance(Delta_0, pint.Quantity) or not (Delta_0.check("[energy]") or Delta_0.check("[temperature]")):
        raise ParameterError(f"Delta_0: expected a pint energy or temperature, got {Delta_0!r}")
    q = as_quantity(q0, "[charge]", "q0")
    ratio = abs(float((q / e).m_as("")))
    return N * Delta_0 * (N * ratio) * renormalised_area(N, a0)


def cluster_size(
    composite: pint.Quantity, Delta_0: pint.Quantity, *, q0: pint.Quantity = 2 * e,
    a0: pint.Quantity = 1 * ureg.bohr_radius,
) -> float:
    r"""Return the :math:`N` for which Eq. 43 gives ``composite``: :math:`N=(X/(4|q_0/e|\Delta_0a_0^2))^{1/3}`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> round(cluster_size(composite_parameter(200, Q_(1, "mK")), Q_(1, "mK")), 6)
    200.0
    """
    if not isinstance(composite, pint.Quantity):
        raise ParameterError(
            f"composite: expected a pint quantity (energy or temperature times area), got {composite!r}")
    unit_one = composite_parameter(1, Delta_0, q0=q0, a0=a0)
    ratio = (composite / unit_one).to("")
    value = float(ratio.magnitude)
    if not value > 0 or not math.isfinite(value):
        raise ParameterError(f"composite: expected a positive value, got {composite!r}")
    return value ** (1 / 3)
