r"""Textbook results of the standard tunnelling model, each beside a deliberately wrong variant.

A second "paper" for ``multiwell verify standard_model``: the two-level splitting, the linear
heat capacity :math:`C=\frac{\pi^2}{6}\bar Pk_B^2T`, the resonant and relaxational slopes of
:math:`\delta\epsilon/\epsilon` per e-fold of temperature, their :math:`-2{:}1` ratio and the
crossover temperature :math:`T_0`, the resonant polarisability of one two-level system
:math:`\frac{p_0^2\Delta_0^2}{2E^3}\tanh\frac{E}{2k_BT}`, as in Phillips (1987) and Esquinazi (ed., 1998). Every
derivation is a call into :mod:`multiwell.tunneling.standard_model`; no verdict is typed in.
Claims ``*-wrong`` carry a typical slip (a lost factor, a wrong orientation average); claims
with a declared convention show how one is checked (``C-g0``: the density of states counts both
signs of :math:`\Delta`, :math:`g_0=2\bar P`; ``T0``: :math:`\coth\frac12\approx2`).

It is also the model for a claims file of your own (see the how-to "Verify your own paper").

Examples
--------
>>> from multiwell.verify import run_claims
>>> {r.equation: r.verdict for r in run_claims(claims()[:2])}
{'E': 'AGREES', 'E-wrong': 'DIFFERS'}
"""

from __future__ import annotations

import sympy as sp

from multiwell.tunneling import standard_model as sm
from multiwell.verify import Claim

__all__ = ["TITLE", "claims"]

TITLE = "Standard tunnelling model: textbook results"

Delta, Delta_0 = sm.Delta, sm.Delta_0
T, k_B, P_bar, p_0 = sm.T, sm.k_B, sm.P_bar, sm.p_0
eps_0, eps_r, gamma, omega = sm.epsilon_0, sm.epsilon_r, sm.gamma, sm.omega
g_0 = sp.Symbol("g_0", positive=True)
A = P_bar * p_0**2 / (eps_0 * eps_r)  # the dielectric prefactor

E = sm.E
UNITS = {T: "K", k_B: "J/K", P_bar: "1/(J*m**3)", g_0: "1/(J*m**3)", p_0: "C*m", eps_0: "F/m",
         Delta: "J", Delta_0: "J", E: "J", gamma: "J**3*s", omega: "1/s"}


def _both_signs_heat_capacity():
    """C with the density of states counting both signs of Delta: twice that of Delta >= 0."""
    return sm.heat_capacity(2 * P_bar)


def _resonant_polarisability():
    r"""The population-weighted curvature of the levels: :math:`-\sum_\pm w_\pm\,\partial_F^2E_\pm` at F = 0.

    The levels :math:`E_\pm` are the eigenvalues of Eq. 1's Hamiltonian (:func:`multiwell.hamiltonian`)
    in a field F along the dipole, :math:`\Delta\to\Delta+p_0F` (:math:`p_0` the dipole difference of the
    two wells), weighted by Boltzmann factors :math:`w_\pm=e^{-E_\pm/k_BT}/Z`, written as exponentials.
    """
    from multiwell.geometry import double_well
    from multiwell.hamiltonian import hamiltonian

    F = sp.Symbol("F", real=True)
    shifted = Delta + p_0 * F
    levels = list(hamiltonian(double_well(), convention="standard", energies=[-shifted / 2, shifted / 2]
                              ).matrix.eigenvals())
    weights = [sp.exp(-level / (k_B * T)) for level in levels]
    curvature = sum(w * sp.diff(level, F, 2) for w, level in zip(weights, levels, strict=True))
    return (-curvature / sum(weights)).subs(F, 0)


_SPLITTING = [sp.Eq(E, sp.sqrt(Delta**2 + Delta_0**2))]  # E in the printed form is the splitting


def _slope_ratio():
    """S_- / S_+: the resonant slope below T0 over the sum of both above it."""
    res, rel = sm.resonant_slope(), sm.relaxational_slope()
    return sp.simplify(res / (res + rel))


def claims() -> list[Claim]:
    r"""The standard model's textbook results and one wrong variant of each, as claims to check.

    Examples
    --------
    >>> [c.equation for c in claims()]  # doctest: +NORMALIZE_WHITESPACE
    ['E', 'E-wrong', 'C', 'C-wrong', 'C-g0', 'RES', 'RES-wrong', 'REL', 'REL-wrong', 'ratio',
     'ratio-wrong', 'T0', 'chi', 'chi-wrong']
    """
    return [
        Claim("E", "two-level splitting", r"E=\sqrt{\Delta^2+\Delta_0^2}",
              printed=lambda: sp.sqrt(Delta**2 + Delta_0**2), derive=sm.two_level_splitting, units=UNITS),
        Claim("E-wrong", "splitting with a stray 1/2", r"E=\tfrac12\sqrt{\Delta^2+\Delta_0^2}",
              printed=lambda: sp.sqrt(Delta**2 + Delta_0**2) / 2, derive=sm.two_level_splitting, units=UNITS),
        Claim("C", "linear heat capacity", r"C=\frac{\pi^2}{6}\bar Pk_B^2T",
              printed=lambda: sp.pi**2 / 6 * P_bar * k_B**2 * T, derive=lambda: sm.heat_capacity(P_bar),
              units=UNITS),
        Claim("C-wrong", "heat capacity with pi^2/3", r"C=\frac{\pi^2}{3}\bar Pk_B^2T",
              printed=lambda: sp.pi**2 / 3 * P_bar * k_B**2 * T, derive=lambda: sm.heat_capacity(P_bar),
              units=UNITS),
        Claim("C-g0", "heat capacity, g0 counts both signs of Delta", r"C=\frac{\pi^2}{6}g_0k_B^2T",
              printed=lambda: sp.pi**2 / 6 * g_0 * k_B**2 * T, derive=_both_signs_heat_capacity,
              convention="g_0 = 2 Pbar: the density of states counts Delta < 0 too",
              substitution={g_0: 2 * P_bar}, units=UNITS),
        Claim("RES", "resonant slope per e-fold", r"S_{RES}=-\frac23\frac{\bar Pp_0^2}{\epsilon_0\epsilon_r}",
              printed=lambda: -sp.Rational(2, 3) * A, derive=sm.resonant_slope, units=UNITS),
        Claim("RES-wrong", "resonant slope without the 1/3 of <cos^2>",
              r"S_{RES}=-2\frac{\bar Pp_0^2}{\epsilon_0\epsilon_r}",
              printed=lambda: -2 * A, derive=sm.resonant_slope, units=UNITS),
        Claim("REL", "relaxational slope per e-fold (omega tau_min << 1)",
              r"S_{REL}=\frac{\bar Pp_0^2}{\epsilon_0\epsilon_r}",
              printed=lambda: A, derive=sm.relaxational_slope, units=UNITS),
        Claim("REL-wrong", "relaxational slope P p0^2/3 eps",
              r"S_{REL}=\frac13\frac{\bar Pp_0^2}{\epsilon_0\epsilon_r}",
              printed=lambda: A / 3, derive=sm.relaxational_slope, units=UNITS),
        Claim("ratio", "slope ratio below : above T0 = -2 : 1", r"S_-/S_+=-2", printed=lambda: sp.Integer(-2),
              derive=_slope_ratio),
        Claim("ratio-wrong", "slope ratio -1 : 1", r"S_-/S_+=-1", printed=lambda: sp.Integer(-1), derive=_slope_ratio),
        Claim("T0", "crossover temperature k_B T0 = (gamma omega/2)^(1/3)",
              r"T_0\simeq\frac{1}{k_B}(\tfrac12\gamma\omega)^{1/3}",
              printed=lambda: (gamma * omega / 2) ** sp.Rational(1, 3) / k_B,
              derive=lambda: sm.crossover_temperature(rate="coth"),
              convention="coth(1/2) ~ 2 (small-argument form of the one-phonon rate)",
              factor=(2 * sp.tanh(sp.Rational(1, 2))) ** sp.Rational(-1, 3), units=UNITS),
        Claim("chi", "resonant polarisability of one two-level system",
              r"\chi_{RES}=\frac{p_0^2\Delta_0^2}{2E^3}\tanh\frac{E}{2k_BT}",
              printed=lambda: p_0**2 * Delta_0**2 * sp.tanh(E / (2 * k_B * T)) / (2 * E**3),
              derive=_resonant_polarisability, assumptions=_SPLITTING, units=UNITS),
        Claim("chi-wrong", "resonant polarisability without the 1/2",
              r"\chi_{RES}=\frac{p_0^2\Delta_0^2}{E^3}\tanh\frac{E}{2k_BT}",
              printed=lambda: p_0**2 * Delta_0**2 * sp.tanh(E / (2 * k_B * T)) / E**3,
              derive=_resonant_polarisability, assumptions=_SPLITTING, units=UNITS),
    ]
