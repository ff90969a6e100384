r"""Resonant and relaxational dielectric response of two-level and anomalous tunnelling systems.

:math:`\Delta\epsilon'/\epsilon'` of the standard two-level systems (Eq. 8, with the relaxation
rate of Eq. 9 and the Debye form of Eq. 10) and of the anomalous three-well systems (Eq. 14 with
Eq. 15), their asymptotic forms (Eqs. 11, 12, 18, 19, re-derived with their constants), the
temperature :math:`T_0(\omega)` of the minimum and the slopes :math:`S_\pm` per e-fold of T.

All kernels work with energies and temperatures in kelvin, γ in s K³ and Γ in s K⁵
(:mod:`multiwell.tunneling.tables` explains why Table I's "s J³" means s K³); the public
functions accept any pint units of the right dimension.

Defaults. The defaults are the physically correct forms that ``multiwell verify`` derives, not the
printed ones: ``rate="coth"`` (the one-phonon thermal factor, rows Eq. 9 and Eq. 15) and, for the
anomalous systems, ``form="derived"`` (equal RES and REL weights, row Eq. 14). To reproduce the
paper's curves, which were fitted to Table I with the printed equations, pass ``rate="tanh"`` and
``form="printed"`` explicitly (as :mod:`multiwell.tunneling.findings` and the derivation pages do).

Numerics. Every integral is a 256-point Gauss–Legendre rule after a substitution that removes
the endpoint singularity: :math:`z=z_{min}\cosh u` for Eq. 8 (then
:math:`\sqrt{1-(z_{min}/z)^2}=\tanh u`), :math:`y=e^t` for Eq. 14. The τ integral of the
relaxational part is done in closed form:

.. math:: \int_{\tau_{min}}^{\tau_{max}}\frac{d\tau}{\tau}\sqrt{1-\frac{\tau_{min}}{\tau}}\,\frac{1}{1+\omega^2\tau^2}
          =\mathrm{Re}\left[2b\,\operatorname{artanh}\frac{s}{b}\right]-2s,\quad
          b=\sqrt{1+i\omega\tau_{min}},\ s=\sqrt{1-\tau_{min}/\tau_{max}}

(substitute :math:`t=\tau/\tau_{min}=1/(1-s^2)`; the integrand becomes
:math:`\mathrm{Re}\,2s^2/(b^2-s^2)`). The tests compare all of it with mpmath double integrals.

Examples
--------
>>> from multiwell.units import Q_
>>> res, rel = dielectric_2ls(Q_([0.03, 0.3], "K"), A=Q_(47.2e-5, ""), gamma=Q_(5.3e-8, "s*K**3"),
...                           Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, "K"), omega=Q_(2e3 * np.pi, "1/s"))
>>> bool(res[0] > res[1]), bool(rel[0] < rel[1])     # resonant falls, relaxational rises with T
(True, True)
"""

from __future__ import annotations

import numpy as np
import pint
from scipy.optimize import minimize_scalar

from multiwell._validate import finite_float
from multiwell.errors import ParameterError
from multiwell.tunneling._edge import angular_frequency, dimensionless, energy_K, energy_power_time_K, temperature_K
from multiwell.tunneling.tables import table_parameters
from multiwell.units import Q_

__all__ = [
    "ATS_FORMS",
    "RATES",
    "asymptotes_2ls",
    "asymptotes_ats",
    "dielectric",
    "dielectric_2ls",
    "dielectric_ats",
    "minimum_temperature",
    "slopes",
]

RATES = ("tanh", "coth")
"""Thermal factor of the relaxation rates: ``"coth"`` (the default) as the one-phonon golden rule gives,
:math:`(n+1)+n=\\coth(E/2k_BT)` (``multiwell verify --eq 9 --eq 15``: both rows decide coth);
``"tanh"`` as printed in Eqs. 9 and 15, with which the paper's Table I was fitted."""

ATS_FORMS = ("printed", "derived")
"""``"derived"`` (the default): the weights of an effective two-level system with the 1/E density of
states (RES and REL weights 1/3 and 1/3, see Notes of :func:`dielectric_ats` and
``multiwell verify --eq 14``); ``"printed"``: Eq. 14 as printed (1/3 and 1/2)."""

_GL_X, _GL_W = np.polynomial.legendre.leggauss(256)
_EULER_GAMMA = 0.57721566490153286061
_C_RES = float(np.log(4 * np.exp(_EULER_GAMMA) / np.pi))  # int_0^Z tanh z / z dz = ln Z + C_RES + o(1)


def _nodes(a, b):
    a = np.asarray(a, dtype=float)[..., None]
    b = np.asarray(b, dtype=float)[..., None]
    half = (b - a) / 2
    return (a + b) / 2 + half * _GL_X, half * _GL_W


def _thermal(z, rate: str):
    if rate == "tanh":
        return np.tanh(z)
    if rate == "coth":
        return 1.0 / np.tanh(z)
    raise ParameterError(f"rate: expected one of {RATES}, got {rate!r}")


# -- kernels -------------------------------------------------------------------------------------------------
def _res_2ls_integral(T_K, d0min_K, d0max_K):
    r""":math:`\int_{z_{min}}^{z_{max}}\frac{dz}{z}\sqrt{1-(z_{min}/z)^2}\tanh z` (Eq. 8), per temperature."""
    zmin = d0min_K / (2 * T_K)
    U = np.arccosh(d0max_K / d0min_K)
    u, w = _nodes(np.zeros_like(T_K), np.full_like(T_K, U))
    return np.sum(w * np.tanh(u) ** 2 * np.tanh(zmin[:, None] * np.cosh(u)), axis=1)


def _tau_integral(u, a):
    r"""Closed form of the τ integral: :math:`\mathrm{Re}[2b\,\mathrm{artanh}(s/b)]-2s`.

    Here :math:`b=\sqrt{1+ia}`, :math:`s=\tanh u`. At a = 0 (b = 1) it is :math:`2u-2\tanh u` exactly
    (no artanh of a rounded 1).
    """
    s = np.tanh(u)
    a = np.broadcast_to(a, np.shape(u))
    out = 2 * u - 2 * s
    moving = a > 0
    if np.any(moving):
        b = np.sqrt(1 + 1j * a[moving])
        out[moving] = np.real(2 * b * np.arctanh(s[moving] / b)) - 2 * s[moving]
    return out


def _rel_2ls_integral(T_K, d0min_K, d0max_K, gamma_sK3, omega, rate):
    r""":math:`\int dz\cosh^{-2}z\int\frac{d\tau}{\tau}\sqrt{1-\tau_{min}/\tau}/(1+\omega^2\tau^2)` (Eq. 8)."""
    zmin = d0min_K / (2 * T_K)
    zmax = d0max_K / (2 * T_K)
    ztop = np.minimum(zmax, 40.0)
    U = np.arccosh(np.maximum(ztop / zmin, 1.0))
    u, w = _nodes(np.zeros_like(T_K), U)
    z = zmin[:, None] * np.cosh(u)
    E = 2 * T_K[:, None] * z
    tau_min = gamma_sK3 / (E**3 * _thermal(z, rate))
    J = _tau_integral(u, omega * tau_min)
    sech2 = 1.0 / np.cosh(np.minimum(z, 350.0)) ** 2
    return np.sum(w * zmin[:, None] * np.sinh(u) * sech2 * J, axis=1)


def _res_ats_integral(T_K, dmin_K):
    r""":math:`\int_1^\infty\frac{dy}{y^2}\tanh(ay)=\int_0^\infty e^{-t}\tanh(ae^t)\,dt`, :math:`a=D_{min}/2k_BT`."""
    a = dmin_K / (2 * T_K)
    t, w = _nodes(np.zeros_like(T_K), np.full_like(T_K, 40.0))
    return np.sum(w * np.exp(-t) * np.tanh(a[:, None] * np.exp(t)), axis=1)


def _rel_ats_integral(T_K, dmin_K, Gamma_sK5, omega, rate):
    r""":math:`\int_1^\infty\frac{dy}{y}\cosh^{-2}(ay)\frac{1}{1+\omega^2\tau^2}` with Eq. 15's τ."""
    a = dmin_K / (2 * T_K)
    top = np.log(np.maximum(40.0 / a, 1.0 + 1e-12))
    t, w = _nodes(np.zeros_like(T_K), top)
    y = np.exp(t)
    x = a[:, None] * y
    D = dmin_K * y
    tau = Gamma_sK5 / (D**5 * _thermal(x, rate))
    return np.sum(w / np.cosh(np.minimum(x, 350.0)) ** 2 / (1 + (omega * tau) ** 2), axis=1)


def _shape_like(values, T_K):
    return values.reshape(np.shape(T_K)) if np.ndim(T_K) else float(values.reshape(-1)[0])


# -- public ------------------------------------------------------------------------------------------------------
def dielectric_2ls(T, *, A, gamma, Delta0_min, Delta0_max, omega, rate: str = "coth",
                   convention: str = "physical") -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(resonant, relaxational)``: the two-level :math:`\Delta\epsilon'/\epsilon'` of Eq. 8 (dimensionless).

    Parameters
    ----------
    T
        Temperature(s).
    A
        :math:`A_{2LS}=\bar P\bar p_0^2/\epsilon_0\epsilon_r` (dimensionless; Table I).
    gamma
        The constant of Eq. 9, dimension [energy]³[time] (s J³, or s K³ with energies in kelvin).
    Delta0_min, Delta0_max
        Cutoffs of :math:`\Delta_0` (energies or kelvin).
    omega
        Angular frequency (1/s means rad/s), :math:`\omega\ge0`; a value in hertz is a cyclic
        frequency f, :math:`\omega=2\pi f`.
    rate
        ``"coth"`` (default: the one-phonon rate, :math:`\tau_{min}^{-1}=E^3\coth(E/2k_BT)/\gamma`, as
        ``multiwell verify --eq 9`` derives) or ``"tanh"`` (Eq. 9 as printed, with which Table I was
        fitted; pass it to reproduce Figs. 7-9).
    convention
        ``"physical"`` (default) or ``"printed"``: with ``"printed"`` a frequency in hertz is taken
        as ω itself, as the captions' "ω = 1 kHz" (``multiwell verify --eq T0``).

    Notes
    -----
    .. math::
        \frac{\Delta\epsilon'}{\epsilon'}\Big|_{RES}=\frac{2A}{3}\int_{z_{min}}^{z_{max}}\frac{dz}{z}
        \sqrt{1-\Big(\frac{\Delta_{0,min}}{2k_BTz}\Big)^2}\tanh z,\qquad
        \frac{\Delta\epsilon'}{\epsilon'}\Big|_{REL}=\frac{A}{3}\int_{z_{min}}^{z_{max}}\frac{dz}{\cosh^2z}
        \int_{\tau_{min}}^{\tau_{max}}\frac{d\tau}{\tau}\frac{\sqrt{1-\tau_{min}/\tau}}{1+\omega^2\tau^2}

    (Eq. 8) with :math:`z_{min,max}=\Delta_{0,min,max}/2k_BT`, :math:`\tau_{min}^{-1}=E^3\coth(E/2k_BT)/\gamma`
    (``tanh`` with ``rate="tanh"``),
    :math:`\tau_{max}/\tau_{min}=(E/\Delta_0^{min})^2`, :math:`E=2k_BTz` (Eq. 9). Both weights follow
    from :math:`\epsilon=-\partial^2f/\partial F^2` with Eq. 2 for :math:`\Delta\ge0` (with both signs of
    Δ, as Eq. 17's :math:`2\bar P` implies, both double). A is therefore the fitted coefficient of the
    printed weights: :math:`A=\bar Pp_0^2/\epsilon_0\epsilon_r` with :math:`\bar P` per unit :math:`|\Delta|`,
    or :math:`2\bar Pp_0^2/\epsilon_0\epsilon_r` with the :math:`\bar P` per unit Δ of both signs that
    :func:`~multiwell.tunneling.distributions.standard_distribution` uses (``multiwell verify``, Eq. 8).
    Integrated as described in the module notes.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> res, rel = dielectric_2ls(Q_(0.1, "K"), A=Q_(1, ""), gamma=Q_(5e-8, "s*K**3"),
    ...     Delta0_min=Q_(1e-6, "K"), Delta0_max=Q_(1e3, "K"), omega=Q_(0, "1/s"))
    >>> round(float(res.m), 4), round(float(2 / 3 * (np.log(1e3 / 0.2) + 0.8187801401)), 4)  # Eq. 11 + constant
    (6.224, 6.224)
    """
    T_K = temperature_K(T)
    a = float(dimensionless(A, "A"))
    g = energy_power_time_K(gamma, "gamma", 3)
    lo, hi = float(energy_K(Delta0_min, "Delta0_min")), float(energy_K(Delta0_max, "Delta0_max"))
    if not hi > lo:
        raise ParameterError(f"Delta0_min, Delta0_max: expected Delta0_min < Delta0_max, got {lo} K and {hi} K")
    w = float(angular_frequency(omega, convention=convention))
    _thermal(np.ones(1), rate)
    flat = T_K.reshape(-1)
    res = 2 * a / 3 * _res_2ls_integral(flat, lo, hi)
    rel = a / 3 * _rel_2ls_integral(flat, lo, hi, g, w, rate)
    return Q_(_shape_like(res, T_K), ""), Q_(_shape_like(rel, T_K), "")


def dielectric_ats(T, *, A, D_min, Gamma, omega, form: str = "derived", rate: str = "coth",
                   convention: str = "physical") -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(resonant, relaxational)``: the anomalous-system :math:`\Delta\epsilon'/\epsilon'` of Eq. 14.

    Parameters
    ----------
    T
        Temperature(s).
    A
        :math:`A_{ATS}=\pi\tilde P^*\bar p_1^2/\epsilon_0\epsilon_rD_{min}` (dimensionless; Table I).
    D_min
        Lowest gap (energy or kelvin).
    Gamma
        The constant of Eq. 15, dimension [energy]⁵[time] (s K⁵ in Table I).
    omega
        Angular frequency, :math:`\omega\ge0`.
    form
        ``"derived"`` (default: weights :math:`A/3` and :math:`A/3`, see Notes and
        ``multiwell verify --eq 14``) or ``"printed"`` (:math:`A/3` and :math:`A/2`, as Eq. 14 is printed).
    rate
        ``"coth"`` (default: the one-phonon factor, ``multiwell verify --eq 15``) or ``"tanh"``
        (Eq. 15 as printed). Table I was fitted with ``form="printed", rate="tanh"``.
    convention
        How a frequency in hertz is read, as in :func:`dielectric_2ls`.

    Notes
    -----
    .. math::
        \frac{\Delta\epsilon'}{\epsilon'}\Big|_{ARES}=\frac{A}{3}\int_1^\infty\frac{dy}{y^2}\tanh(ay),\qquad
        \frac{\Delta\epsilon'}{\epsilon'}\Big|_{AREL}=w\,A\,a\int_1^\infty\frac{dy}{y}\frac{\cosh^{-2}(ay)}{1+\omega^2\tau_{Amax}^2}

    with :math:`a=D_{min}/2k_BT`, :math:`\tau_{Amax}^{-1}=D^5\coth(D/2k_BT)/\Gamma` (``tanh`` as printed
    with ``rate="tanh"``), :math:`D=D_{min}y` (Eqs. 14, 15) and :math:`w=1/2` as printed (``form="printed"``).
    For an effective two-level system of gap E with
    :math:`g=2\pi\tilde P^*/E`, :math:`-\partial^2f/\partial F^2` gives a resonant part
    :math:`\propto\tanh(E/2k_BT)/E` and a relaxational part :math:`\propto\cosh^{-2}(E/2k_BT)/2k_BT` with
    the *same* dipole factor, so whatever the dipole convention the two weights are equal:
    :math:`w=1/3` (``form="derived"``).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> res, rel = dielectric_ats(Q_(0.01, "K"), A=Q_(1, ""), D_min=Q_(0.87, "K"), Gamma=Q_(5e-6, "s*K**5"),
    ...                           omega=Q_(0, "1/s"))
    >>> round(float(res.m), 6), float(rel.m) < 1e-30     # k_B T << D_min: A/3 and 0
    (0.333333, True)
    """
    T_K = temperature_K(T)
    a = float(dimensionless(A, "A"))
    d = float(energy_K(D_min, "D_min"))
    G = energy_power_time_K(Gamma, "Gamma", 5)
    w = float(angular_frequency(omega, convention=convention))
    if form not in ATS_FORMS:
        raise ParameterError(f"form: expected one of {ATS_FORMS}, got {form!r}")
    _thermal(np.ones(1), rate)
    weight = 0.5 if form == "printed" else 1.0 / 3.0
    flat = T_K.reshape(-1)
    res = a / 3 * _res_ats_integral(flat, d)
    rel = weight * a * (d / (2 * flat)) * _rel_ats_integral(flat, d, G, w, rate)
    return Q_(_shape_like(res, T_K), ""), Q_(_shape_like(rel, T_K), "")


def dielectric(T, *, glass: str, x: float | None = None, omega, form: str = "derived",
               rate: str = "coth", convention: str = "physical") -> pint.Quantity:
    r"""Return the total :math:`\Delta\epsilon'/\epsilon'` (Eq. 8 plus Eq. 14) of a glass of Table I.

    ``convention`` says how a frequency in hertz is read (:func:`dielectric_2ls`): the captions'
    "ω = 1 kHz" is ``omega=Q_(1, "kHz"), convention="printed"``. ``form`` and ``rate`` default to the
    physically correct ``"derived"`` and ``"coth"`` (:func:`dielectric_ats`, :func:`dielectric_2ls`);
    the paper's fitted curves need ``form="printed", rate="tanh"``.

    The curves of Figs. 7–9 are this minus its value at :math:`T_0` (:func:`minimum_temperature`).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> eps = dielectric(Q_([0.01, 0.2, 2.0], "K"), glass="SiO2", omega=Q_(2e3 * np.pi, "1/s"))
    >>> bool(eps[1] < eps[0] and eps[1] < eps[2])     # the V of Fig. 7
    True
    """
    p = table_parameters("I", glass, x)
    res, rel = dielectric_2ls(T, A=p["A_2LS"], gamma=p["gamma"], Delta0_min=p["Delta0_min"],
                              Delta0_max=p["Delta0_max"], omega=omega, rate=rate, convention=convention)
    total = res + rel
    if "A_ATS" in p:
        ares, arel = dielectric_ats(T, A=p["A_ATS"], D_min=p["D_min"], Gamma=p["Gamma"], omega=omega,
                                    form=form, rate=rate, convention=convention)
        total = total + ares + arel
    return total


def _total_K(T_K, params):
    T = Q_(np.asarray(T_K, dtype=float), "K")
    res, rel = dielectric_2ls(T, **params["2ls"])
    out = res.m + rel.m
    if params.get("ats"):
        ares, arel = dielectric_ats(T, **params["ats"])
        out = out + ares.m + arel.m
    return out


def _params(A, gamma, Delta0_min, Delta0_max, omega, ats, rate, convention="physical"):
    p = {"2ls": dict(A=A, gamma=gamma, Delta0_min=Delta0_min, Delta0_max=Delta0_max, omega=omega, rate=rate,
                     convention=convention)}
    if ats:
        # ``rate`` reaches the ATS part too (ats may override); omega and its reading are shared
        p["ats"] = {"rate": rate} | dict(ats) | {"omega": omega, "convention": convention}
    return p


def minimum_temperature(*, A, gamma, Delta0_min, Delta0_max, omega, ats: dict | None = None,
                        rate: str = "coth", convention: str = "physical") -> pint.Quantity:
    r"""Return :math:`T_0(\omega)`, the temperature of the minimum of :math:`\Delta\epsilon'/\epsilon'` (Eqs. 8, 14).

    Parameters
    ----------
    A, gamma, Delta0_min, Delta0_max, omega, rate, convention
        As in :func:`dielectric_2ls` (``rate`` defaults to ``"coth"``; ``"tanh"`` is Eq. 9 as printed).
    ats
        Optional keyword arguments of :func:`dielectric_ats` (``A``, ``D_min``, ``Gamma``, ...) to add;
        ``rate`` reaches it unless it sets its own, ``form`` is its default (``"derived"``) unless given.

    Notes
    -----
    The first local minimum above :math:`\Delta_{0,min}/2k_B` (the bottom of the V; the response also
    falls towards :math:`\Delta_{0,max}/2k_B`, where the resonant part vanishes): a 120-point grid in
    :math:`\ln T`, then bounded minimisation between the neighbours of the grid minimum. The paper's estimate is
    :math:`k_BT_0\simeq(\gamma\omega/2)^{1/3}`; the asymptotes (:func:`asymptotes_2ls`) cross at
    :math:`2k_BT_0=(\gamma\omega)^{1/3}e^{-c_{REL}}`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> T0 = minimum_temperature(A=Q_(47.2e-5, ""), gamma=Q_(5.3e-8, "s*K**3"), Delta0_min=Q_(3.9, "mK"),
    ...                          Delta0_max=Q_(10, "K"), omega=Q_(2e3 * np.pi, "1/s"))
    >>> round(T0.m_as("mK"))      # the full integrals (coth); the estimate (gamma omega / 2)^(1/3) gives 55 mK
    85

    The printed rate of Eq. 9 (tanh, with which Table I was fitted) puts the minimum higher:

    >>> kw = dict(A=Q_(47.2e-5, ""), gamma=Q_(5.3e-8, "s*K**3"), Delta0_min=Q_(3.9, "mK"), Delta0_max=Q_(10, "K"))
    >>> round(minimum_temperature(**kw, omega=Q_(2e3 * np.pi, "1/s"), rate="tanh").m_as("mK"))
    177

    A drive of 1 kHz is ω = 2π × 1 kHz; the captions' "ω = 1 kHz" read literally is ω = 1000 s⁻¹:

    >>> round(minimum_temperature(**kw, omega=Q_(1, "kHz"), rate="tanh").m_as("mK"))
    177
    >>> round(minimum_temperature(**kw, omega=Q_(1, "kHz"), convention="printed", rate="tanh").m_as("mK"))
    92
    """
    params = _params(A, gamma, Delta0_min, Delta0_max, omega, ats, rate, convention)
    lo = float(energy_K(Delta0_min, "Delta0_min")) / 2
    hi = float(energy_K(Delta0_max, "Delta0_max")) / 2
    grid = np.geomspace(lo, hi, 120)
    values = _total_K(grid, params)
    interior = np.nonzero((values[1:-1] < values[:-2]) & (values[1:-1] <= values[2:]))[0]
    if interior.size == 0:
        raise ParameterError("no interior minimum of the dielectric response between Delta0_min/2k_B and "
                             "Delta0_max/2k_B: the V-shape needs Delta0_min << (gamma omega)^(1/3) << Delta0_max")
    k = int(interior[0]) + 1
    a, b = np.log(grid[max(k - 1, 0)]), np.log(grid[min(k + 1, grid.size - 1)])
    best = minimize_scalar(lambda s: float(_total_K(np.array([np.exp(s)]), params)[0]), bounds=(a, b),
                           method="bounded", options={"xatol": 1e-8})
    return Q_(float(np.exp(best.x)), "K")


def slopes(*, A, gamma, Delta0_min, Delta0_max, omega, ats: dict | None = None, rate: str = "coth",
           factor: float = 10.0, convention: str = "physical") -> tuple[pint.Quantity, pint.Quantity]:
    r"""Return ``(S_minus, S_plus)``: :math:`d(\Delta\epsilon'/\epsilon')/d\ln T` at :math:`T_0/f` and :math:`fT_0`.

    ``ats``, ``rate`` and ``convention`` are as in :func:`minimum_temperature` (default ``rate="coth"``).

    Notes
    -----
    Central differences in :math:`\ln T` (step 1e-3) at :math:`T_0/f` and :math:`fT_0` (default f = 10).
    For the standard model, with :math:`\Delta_{0,min}\ll k_BT\ll\Delta_{0,max}`, the asymptotes give
    :math:`S_-=-2A/3` and :math:`S_+=A/3`: the −2:1 ratio (Section III).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> Sm, Sp = slopes(A=Q_(1, ""), gamma=Q_(5e-8, "s*K**3"), Delta0_min=Q_(1e-7, "K"), Delta0_max=Q_(1e3, "K"),
    ...                 omega=Q_(2e3 * np.pi, "1/s"), factor=100)
    >>> round(float(Sm.m), 2), round(float(Sp.m), 2)      # -2A/3 and A/3 (the printed tanh: 0.32, slower)
    (-0.67, 0.33)
    """
    factor = finite_float(factor, name="factor", minimum=1.0, strict=True)
    params = _params(A, gamma, Delta0_min, Delta0_max, omega, ats, rate, convention)
    T0 = minimum_temperature(A=A, gamma=gamma, Delta0_min=Delta0_min, Delta0_max=Delta0_max, omega=omega,
                             ats=ats, rate=rate, convention=convention).m_as("K")
    h = 1e-3
    out = []
    for T in (T0 / factor, T0 * factor):
        v = _total_K(np.array([T * np.exp(h), T * np.exp(-h)]), params)
        out.append(Q_(float((v[0] - v[1]) / (2 * h)), ""))
    return out[0], out[1]


# -- asymptotic forms (derived) ------------------------------------------------------------------------------
def _rel_constant(rate: str) -> float:
    r""":math:`c_{REL}=\frac13[2\ln2-2+\int_0^\infty\cosh^{-2}z\,\ln(z^3\,\mathrm{th}\,z)\,dz]`, th = coth or tanh."""
    z, w = _nodes(np.array([0.0]), np.array([40.0]))
    z, w = z[0], w[0]
    # split at 1 for the log singularity: substitute z = e^{-v} on (0, 1]
    v, wv = _nodes(np.array([0.0]), np.array([40.0]))
    v, wv = v[0], wv[0]
    zz = np.exp(-v)
    low = np.sum(wv * zz / np.cosh(zz) ** 2 * np.log(zz**3 * _thermal(zz, rate)))
    zh, wh = _nodes(np.array([1.0]), np.array([40.0]))
    zh, wh = zh[0], wh[0]
    high = np.sum(wh / np.cosh(zh) ** 2 * np.log(zh**3 * _thermal(zh, rate)))
    return (2 * np.log(2) - 2 + low + high) / 3


def asymptotes_2ls(T, *, A, gamma, Delta0_min, Delta0_max, omega, rate: str = "coth") -> dict:
    r"""Return the derived asymptotic forms of Eq. 8 at T (dict of dimensionless quantities).

    ``rate`` (default ``"coth"``, ``"tanh"`` as printed) enters only the constant :math:`c_{REL}`.
    Keys: ``"resonant"`` (:math:`\Delta_{0,min}\ll2k_BT\ll\Delta_{0,max}`), ``"relaxational_static"``
    (:math:`\omega\tau_{max}\ll1`, i.e. ω → 0), ``"relaxational"`` (:math:`\omega\tau_{min}\ll1\ll\omega\tau_{max}`),
    and the printed ``"eq11"``, ``"eq12"`` for comparison.

    Notes
    -----
    .. math::
        \text{RES}\simeq\frac{2A}{3}\Big[\ln\frac{\Delta_{0,max}}{2k_BT}+\ln\frac{4e^{\gamma_E}}{\pi}\Big],\quad
        \text{REL}_{\omega\to0}\simeq\frac{2A}{3}\Big[\ln\frac{2k_BT}{\Delta_{0,min}}+\ln2-1-\ln\frac{4e^{\gamma_E}}{\pi}\Big],

    .. math:: \text{REL}\simeq A\Big[\ln\frac{2k_BT}{(\gamma\omega)^{1/3}}+c_{REL}\Big],\quad
        c_{REL}=\tfrac13\Big[2\ln2-2+\int_0^\infty\frac{\ln(z^3\coth z)}{\cosh^2z}dz\Big]

    (:math:`\tanh z` in place of :math:`\coth z` with ``rate="tanh"``).

    Eq. 11 is the first without its constant (agrees up to a T-independent constant). Eq. 12
    prints :math:`\frac{A}{3}\ln\frac{2k_BT}{\Delta_{0,min}}`: the static limit has slope 2A/3 and
    the relevant one (:math:`\omega\tau_{max}\gg1`) slope A, which with the resonant −2A/3 gives
    the paper's :math:`S=A/3` for :math:`T>T_0`; the printed A/3 would give −A/3.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> a = asymptotes_2ls(Q_(1, "K"), A=Q_(3, ""), gamma=Q_(5e-8, "s*K**3"), Delta0_min=Q_(1e-6, "K"),
    ...                    Delta0_max=Q_(1e3, "K"), omega=Q_(1, "1/s"))
    >>> round(float(a["eq11"].m), 4), round(float(-2 * np.log(2 / 1e3)), 4)
    (12.4292, 12.4292)
    """
    T_K = temperature_K(T)
    a = float(dimensionless(A, "A"))
    g = energy_power_time_K(gamma, "gamma", 3)
    lo, hi = float(energy_K(Delta0_min, "Delta0_min")), float(energy_K(Delta0_max, "Delta0_max"))
    w = float(angular_frequency(omega))
    L = np.log(2 * T_K)
    out = {
        "resonant": 2 * a / 3 * (np.log(hi) - L + _C_RES),
        "relaxational_static": 2 * a / 3 * (L - np.log(lo) + np.log(2) - 1 - _C_RES),
        "relaxational": a * (L - np.log(g * w) / 3 + _rel_constant(rate)) if w > 0 else np.full_like(L, np.inf),
        "eq11": -2 * a / 3 * (L - np.log(hi)),
        "eq12": a / 3 * (L - np.log(lo)),
    }
    return {k: Q_(v, "") for k, v in out.items()}


def asymptotes_ats(T, *, A, D_min) -> dict:
    r"""Return the derived high-temperature (:math:`2k_BT\gg D_{min}`) forms of Eq. 14 and the printed Eqs. 18, 19.

    Keys: ``"resonant"``, ``"relaxational"`` (printed weights, ω → 0), ``"eq18"``, ``"eq19"``,
    and ``"resonant_low_T"`` (:math:`2k_BT\ll D_{min}`: the constant A/3, where Eq. 18 prints 0).

    Notes
    -----
    With :math:`a=D_{min}/2k_BT\to0`: :math:`\int_1^\infty\tanh(ay)y^{-2}dy=a[\ln(1/a)+c_1]+O(a^2)`,
    :math:`c_1=\int_0^1\frac{\tanh u-u}{u^2}du+\int_1^\infty\frac{\tanh u}{u^2}du`, and
    :math:`\int_1^\infty\cosh^{-2}(ay)\frac{dy}{y}=\ln(1/a)+c_2+O(a^2)`,
    :math:`c_2=2\int_0^\infty\ln u\,\cosh^{-2}u\tanh u\,du=c_1-1` (by parts; :math:`c_1=0.79049\ldots`).
    Hence

    .. math:: \text{ARES}\simeq\frac{A\,D_{min}}{6k_BT}\Big[\ln\frac{2k_BT}{D_{min}}+c_1\Big],\quad
              \text{AREL}\simeq\frac{A\,D_{min}}{4k_BT}\Big[\ln\frac{2k_BT}{D_{min}}+c_2\Big].

    With :math:`A=\pi\tilde P^*p_1^2/\epsilon_0\epsilon_rD_{min}` the first is Eq. 18 (plus the constant
    :math:`c_1`); Eq. 19 prints :math:`\frac{\pi\tilde P^*p_1^2}{\epsilon_0\epsilon_rk_BT}\ln\frac{k_BT}{D_{min}}`,
    four times the derived coefficient :math:`\frac{\pi\tilde P^*p_1^2}{4\epsilon_0\epsilon_rk_BT}`.

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> a = asymptotes_ats(Q_(100, "K"), A=Q_(1, ""), D_min=Q_(1, "K"))
    >>> round(float(a["eq18"].m / a["resonant"].m), 2)     # same leading log, c_1 missing in print
    0.87
    """
    T_K = temperature_K(T)
    a = float(dimensionless(A, "A"))
    d = float(energy_K(D_min, "D_min"))
    L = np.log(2 * T_K / d)
    c1 = _ats_c1()
    c2 = c1 - 1
    out = {
        "resonant": a * d / (6 * T_K) * (L + c1),
        "relaxational": a * d / (4 * T_K) * (L + c2),
        "eq18": a * d / (6 * T_K) * L,
        "eq19": a * d / T_K * np.log(T_K / d),
        "resonant_low_T": np.full_like(T_K, a / 3),
    }
    return {k: Q_(v, "") for k, v in out.items()}


def _ats_c1() -> float:
    r""":math:`c_1=\lim_{a\to0}[\int_a^\infty\tanh(u)u^{-2}du-\ln(1/a)]`, by Gauss–Legendre in log u."""
    # (0, 1]: (tanh u - u)/u^2 is smooth, O(u); [1, 60]: tanh u / u^2; tail 1/60 beyond (tanh = 1)
    u, w = _nodes(np.array([0.0]), np.array([1.0]))
    low = np.sum(w[0] * (np.tanh(u[0]) - u[0]) / u[0] ** 2)
    t, wt = _nodes(np.array([0.0]), np.array([np.log(60.0)]))
    uu = np.exp(t[0])
    high = np.sum(wt[0] * np.tanh(uu) / uu)
    return float(low + high + 1 / 60.0)
