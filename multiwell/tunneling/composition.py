r"""Composition dependence of the prefactors: fractal-exponent fits, Eq. 20, and the dipole moment of Eq. 32.

Section III proposes :math:`A_{2LS}(x)=A_{bulk}(1-x)+A_{surf}x^f` and :math:`A_{ATS}\propto x`, with
:math:`f=1-(D-D_s)\nu` (Eq. 20) from percolation; Section IV the same for :math:`B_{2LS}`,
:math:`B_{ATS}`. :func:`fit_tables` fits Tables I and II with :func:`scipy.optimize.curve_fit`
and reports parameter uncertainties; :func:`dipole_moment` inverts the (corrected) Eq. 32.

Examples
--------
>>> fractal_exponent(**PERCOLATION_2D)
29/36
>>> fits = fit_tables()
>>> round(fits["A_2LS"].params["f"], 2), round(fits["B_2LS"].params["f"], 2)
(0.81, 0.83)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pint
import sympy as sp
from scipy.optimize import curve_fit

from multiwell._validate import as_expr, finite_float, real_array
from multiwell.errors import ParameterError
from multiwell.tunneling._edge import dimensionless, energy_K
from multiwell.tunneling.tables import table_rows
from multiwell.units import Q_, as_quantity, k_B

__all__ = [
    "PERCOLATION_2D",
    "PERCOLATION_3D",
    "FitResult",
    "dipole_moment",
    "fit_fractal",
    "fit_linear",
    "fit_tables",
    "fractal_exponent",
    "prefactor_ratio",
]

PERCOLATION_2D = {"D": sp.Rational(91, 48), "D_s": sp.Rational(7, 4), "nu": sp.Rational(4, 3)}
"""2D percolation: cluster dimension 91/48, hull dimension 7/4, correlation-length exponent 4/3."""
PERCOLATION_3D = {"D": sp.Rational(252, 100), "D_s": sp.Rational(214, 100), "nu": sp.Rational(88, 100)}
"""3D values quoted in Section III: D ≃ 2.52, D_s = D_h = 2.14, ν ≃ 0.88."""


def fractal_exponent(D, D_s, nu):
    r"""Return :math:`f=1-(D-D_s)\nu` (Eq. 20), exact when the inputs are exact.

    Notes
    -----
    From :math:`N^{(s)}/\mathcal V\sim x\,\ell^{D_s}/\ell^D` with :math:`\ell\sim x^\nu` (the paper's
    heuristic, as printed it uses :math:`\ell\sim x^{\nu}`; only the algebra is checked here).
    2D: :math:`f=29/36\approx0.806`; 3D: :math:`f=0.6656\approx0.67`.

    Examples
    --------
    >>> fractal_exponent(**PERCOLATION_3D)      # 0.6656
    416/625
    >>> round(float(fractal_exponent(2.52, 2.14, 0.88)), 4)
    0.6656
    """
    for name, v in (("D", D), ("D_s", D_s), ("nu", nu)):
        if isinstance(v, bool) or not isinstance(v, sp.Expr | int | float | np.integer | np.floating):
            raise ParameterError(f"{name}: expected a number or a SymPy expression, got {type(v).__name__} {v!r}")
    if all(isinstance(v, sp.Basic | int) for v in (D, D_s, nu)):
        return 1 - (as_expr(D, name="D") - as_expr(D_s, name="D_s")) * as_expr(nu, name="nu")
    return 1.0 - (float(D) - float(D_s)) * float(nu)


@dataclass(frozen=True)
class FitResult:
    r"""Best-fit parameters, their standard errors (from the covariance of curve_fit) and the model.

    Notes
    -----
    ``stderr[k]`` is :math:`\sqrt{C_{kk}}`, :math:`C` the covariance of the estimates; for the
    one-parameter line of :func:`fit_linear` that is :math:`\hat b = \sum xy/\sum x^2` with
    :math:`\sigma_b^2 = s^2/\sum x^2`, :math:`s^2 = \sum(y-\hat bx)^2/(n-1)`.
    ``residual_rms`` is :math:`\sqrt{\overline{(y - \hat y)^2}}`.

    Examples
    --------
    >>> x, y = np.array([0.1, 0.2, 0.3]), np.array([1.01, 1.98, 3.00])
    >>> r = fit_linear(x, y)
    >>> round(r.params["b"], 6), round(float(x @ y / (x @ x)), 6)        # 1.397 / 0.14
    (9.978571, 9.978571)
    >>> s2 = np.sum((y - r.params["b"] * x) ** 2) / (len(x) - 1)
    >>> round(r.stderr["b"], 6), round(float(np.sqrt(s2 / (x @ x))), 6)
    (0.039448, 0.039448)
    >>> print(r)
    y = b x: b = 9.979 ± 0.039
    """

    model: str
    params: dict
    stderr: dict
    covariance: np.ndarray = field(repr=False)
    residual_rms: float = 0.0

    def __str__(self) -> str:
        parts = [f"{k} = {v:.4g} ± {self.stderr[k]:.2g}" for k, v in self.params.items()]
        return f"{self.model}: " + ", ".join(parts)


def _fractal(x, bulk, surf, f):
    return bulk * (1 - x) + surf * np.power(x, f, where=x > 0, out=np.zeros_like(x))


def fit_fractal(x, y, *, f: float | None = None, sigma=None) -> FitResult:
    r"""Return the least-squares fit of :math:`y=y_{bulk}(1-x)+y_{surf}x^f` (f free unless given).

    Notes
    -----
    :func:`scipy.optimize.curve_fit` with ``absolute_sigma=False`` when no ``sigma`` is given, so
    the errors are scaled by the residual variance (Tables I and II give no uncertainties).
    With 5 points and 3 parameters the errors have 2 degrees of freedom: read them as rough.

    Examples
    --------
    >>> x = np.array([0.0, 0.05, 0.1, 0.2, 0.3])
    >>> r = fit_fractal(x, 2 * (1 - x) + 5 * x**0.8)
    >>> round(r.params["f"], 6)
    0.8
    """
    x, y = real_array(x, name="x"), real_array(y, name="y")
    f = None if f is None else finite_float(f, name="f")
    if x.shape != y.shape or x.size < (3 if f is None else 2):
        raise ParameterError("x, y: expected equal-length arrays with enough points for the fit")
    if f is None:
        popt, pcov = curve_fit(_fractal, x, y, p0=(y[0] if y[0] else 1.0, y.max(), 0.8), sigma=sigma,
                               absolute_sigma=sigma is not None, maxfev=20000)
        names = ("bulk", "surf", "f")
    else:
        popt, pcov = curve_fit(lambda xx, b, s: _fractal(xx, b, s, f), x, y, p0=(y[0] or 1.0, y.max()),
                               sigma=sigma, absolute_sigma=sigma is not None, maxfev=20000)
        names = ("bulk", "surf")
    resid = y - (_fractal(x, *popt) if f is None else _fractal(x, *popt, f))
    return FitResult(
        model="y = bulk (1 - x) + surf x^f" + ("" if f is None else f" (f = {f} fixed)"),
        params={n: float(v) for n, v in zip(names, popt, strict=True)},
        stderr={n: float(np.sqrt(pcov[i, i])) for i, n in enumerate(names)},
        covariance=pcov,
        residual_rms=float(np.sqrt(np.mean(resid**2))),
    )


def fit_linear(x, y) -> FitResult:
    r"""Return the least-squares fit of :math:`y=b\,x` (the ATS prefactors, :math:`\propto x_{ATS}\propto x`).

    Examples
    --------
    >>> round(fit_linear([0.1, 0.2], [1.0, 2.0]).params["b"], 12)
    10.0
    """
    x, y = real_array(x, name="x"), real_array(y, name="y")
    popt, pcov = curve_fit(lambda xx, b: b * xx, x, y, p0=(y.max() / x.max(),))
    return FitResult(model="y = b x", params={"b": float(popt[0])}, stderr={"b": float(np.sqrt(pcov[0, 0]))},
                     covariance=pcov, residual_rms=float(np.sqrt(np.mean((y - popt[0] * x) ** 2))))


def _series(table: str, name: str, scale: float):
    rows = [r for r in table_rows(table) if r["x"] is not None and name in r]
    x = np.array([r["x"] for r in rows])
    y = np.array([r[name].m for r in rows]) / scale
    return x, y


def fit_tables() -> dict:
    r"""Return the composition fits of Tables I and II (K-Si glasses and SiO₂ at x = 0), in table units.

    Keys: ``"A_2LS"``, ``"B_2LS"`` (:func:`fit_fractal`, f free), ``"joint"`` (one f for both,
    each series normalised by its x = 0 value), ``"A_ATS"``, ``"B_ATS"`` (:func:`fit_linear`).
    Values are in units of 1e-5 (Table I) and 1e-8 J g⁻¹ K⁻ⁿ (Table II). The paper quotes f = 0.81 for all.

    Examples
    --------
    >>> r = fit_tables()["joint"]
    >>> 0.6 < r.params["f"] < 0.95
    True
    """
    xa, ya = _series("I", "A_2LS", 1e-5)
    xb, yb = _series("II", "B_2LS", 1e-8)
    out = {"A_2LS": fit_fractal(xa, ya), "B_2LS": fit_fractal(xb, yb)}
    # joint: both normalised to their bulk value at x = 0, common f, separate surf/bulk
    na, nb = ya[xa == 0][0], yb[xb == 0][0]
    xx = np.concatenate([xa, xb])
    which = np.concatenate([np.zeros_like(xa), np.ones_like(xb)])
    yy = np.concatenate([ya / na, yb / nb])

    def joint(_, ba, sa, bb, sb, f):
        return np.where(which == 0, _fractal(xx, ba, sa, f), _fractal(xx, bb, sb, f))

    popt, pcov = curve_fit(joint, xx, yy, p0=(1, 5, 1, 5, 0.8), maxfev=20000)
    names = ("bulk_A", "surf_A", "bulk_B", "surf_B", "f")
    out["joint"] = FitResult(
        model="A/A(0), B/B(0) = bulk (1 - x) + surf x^f with one f",
        params={n: float(v) for n, v in zip(names, popt, strict=True)},
        stderr={n: float(np.sqrt(pcov[i, i])) for i, n in enumerate(names)},
        covariance=pcov,
        residual_rms=float(np.sqrt(np.mean((yy - joint(None, *popt)) ** 2))),
    )
    xs, ys = _series("I", "A_ATS", 1e-5)
    out["A_ATS"] = fit_linear(xs, ys)
    xs, ys = _series("II", "B_ATS", 1e-8)
    out["B_ATS"] = fit_linear(xs, ys)
    return out


def prefactor_ratio(*, rho, epsilon_r, D_min, p) -> pint.Quantity:
    r"""Return :math:`A_{ATS}/B_{ATS}=\rho\,p_1^2/(2\epsilon_0\epsilon_rk_BD_{min})` (Eq. 32, corrected) in g K/J.

    Notes
    -----
    From :math:`A_{ATS}=\pi\tilde P^*p_1^2/\epsilon_0\epsilon_rD_{min}` (Section III) and
    :math:`B_{ATS}=2\pi\tilde P^*k_B/\rho` per unit mass (Eq. 26 per gram):
    :math:`A/B=\rho p_1^2/(2\epsilon_0\epsilon_rk_BD_{min})`. Eq. 32 prints :math:`p_1^2` in the
    denominator, which is dimensionally inconsistent (``multiwell verify``, Eq. 32).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> r = prefactor_ratio(rho=Q_(2.3, "g/cm**3"), epsilon_r=Q_(3.8, ""), D_min=Q_(0.87, "K"), p=Q_(1, "debye"))
    >>> r.units
    <Unit('gram * kelvin / joule')>
    """
    rho = as_quantity(rho, "[mass]/[length]**3", "rho")
    eps = float(dimensionless(epsilon_r, "epsilon_r"))
    d_J = Q_(float(energy_K(D_min, "D_min")), "K") * k_B
    p = as_quantity(p, "[charge]*[length]", "p")
    eps0 = Q_(1, "vacuum_permittivity")
    return (rho * p**2 / (2 * eps0 * eps * k_B * d_J)).to("g*K/J")


def dipole_moment(*, A_ats, B_ats, D_min, rho, epsilon_r) -> pint.Quantity:
    r"""Return :math:`p_{eff}=\sqrt{2\epsilon_0\epsilon_rk_BD_{min}(A_{ATS}/B_{ATS})/\rho}` in debye (Eq. 32 inverted).

    Parameters
    ----------
    A_ats
        Dimensionless dielectric prefactor (Table I).
    B_ats
        Heat-capacity prefactor per mass, J g⁻¹ K⁻¹ (Table II's unit), or per volume, J cm⁻³ K⁻¹
        (the reading of the printed :math:`B_{ATS}=2\pi\tilde P^*k_Bn_{ATS}\rho` with :math:`\tilde P^*` per
        volume): the unit decides, a per-volume value is divided by ρ.
    D_min
        Lowest gap (energy or kelvin).
    rho
        Mass density of the glass.
    epsilon_r
        Relative permittivity of the glass (dimensionless).

    Examples
    --------
    >>> from multiwell.units import Q_
    >>> p = dipole_moment(A_ats=Q_(75.5e-5, ""), B_ats=Q_(22.77e-8, "J/g/K"), D_min=Q_(0.87, "K"),
    ...                   rho=Q_(2.3, "g/cm**3"), epsilon_r=Q_(4, ""))
    >>> round(float(p.m_as("debye")), 2)
    1.23

    The same number read per volume (J cm⁻³ K⁻¹) is :math:`\rho` times less per gram, so p grows by
    :math:`\sqrt{\rho/(1\,\mathrm{g\,cm^{-3}})}`:

    >>> q = dipole_moment(A_ats=Q_(75.5e-5, ""), B_ats=Q_(22.77e-8, "J/cm**3/K"), D_min=Q_(0.87, "K"),
    ...                   rho=Q_(2.3, "g/cm**3"), epsilon_r=Q_(4, ""))
    >>> round(float(q.m_as("debye") / p.m_as("debye")) ** 2, 6)
    2.3
    """
    a = float(dimensionless(A_ats, "A_ats"))
    rho = as_quantity(rho, "[mass]/[length]**3", "rho")
    if isinstance(B_ats, pint.Quantity) and B_ats.check("[energy]/[temperature]/[length]**3"):
        B_ats = B_ats / rho  # per volume -> per mass
    B = as_quantity(B_ats, "[energy]/[temperature]/[mass]", "B_ats")
    eps = float(dimensionless(epsilon_r, "epsilon_r"))
    d_J = Q_(float(energy_K(D_min, "D_min")), "K") * k_B
    eps0 = Q_(1, "vacuum_permittivity")
    p2 = 2 * eps0 * eps * k_B * d_J * (a / B) / rho
    return np.sqrt(p2.to("C**2*m**2")).to("debye")
