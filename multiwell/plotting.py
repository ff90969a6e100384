"""Figures: spectra against flux (paper Figs. 5 and 14) and the observables of Figs. 7-13.

Needs the optional ``plot`` extra (matplotlib). Every function returns a matplotlib
``Figure`` and never shows it, so scripts and tests can save it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp

from multiwell.errors import ParameterError

__all__ = ["default_values", "dielectric_curves", "field_curves", "heat_capacity_curves", "spectrum_vs_flux"]


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'multiwell[plot]'") from exc
    return plt


def default_values(H, *, spread: float = 0.01) -> dict:
    r"""Hoppings 1, flux 0, on-site energies a fixed small pattern with sqrt(sum E_i^2) = spread.

    The pattern sums to zero (as the paper's Sigma E_i = 0), so ``spread`` is the paper's D/D_0.

    Notes
    -----
    :math:`E_i = \text{spread}\,(c_i - \bar c)/\lVert c - \bar c\rVert` with
    :math:`c_i = \cos(2i + 0.7)`, so :math:`\sum_i E_i = 0` and
    :math:`D = \sqrt{\sum_i E_i^2} = \text{spread}` (Eq. 13's gap scale, in units of :math:`D_0`).

    Examples
    --------
    >>> import math
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> H = hamiltonian(complete(3), flux=phi)
    >>> values = default_values(H)
    >>> E_1, E_2, E_3, D_0, _ = H.symbols
    >>> values[D_0], values[phi]
    (1.0, 0.0)
    >>> energies = [values[E_1], values[E_2], values[E_3]]
    >>> abs(sum(energies)) < 1e-15, round(math.hypot(*energies), 12)
    (True, 0.01)
    """
    energies = [s for s in H.symbols if s.name.startswith("E_")]
    pattern = np.cos(2.0 * np.arange(len(energies)) + 0.7)
    pattern -= pattern.mean()
    if np.linalg.norm(pattern) > 0:
        pattern *= spread / np.linalg.norm(pattern)
    values = {s: float(v) for s, v in zip(energies, pattern, strict=True)}
    for s in H.symbols:
        values.setdefault(s, 1.0 if s.is_positive else 0.0)
    return values


def spectrum_vs_flux(H, *, values: Mapping | None = None, flux: sp.Symbol | None = None,
                     phis=None, ax=None):
    r"""Plot the eigenvalues of ``H`` against its flux symbol over [-2 pi, 2 pi] (paper Figs 5, 14).

    ``values`` fixes the other parameters (default :func:`default_values`: hoppings 1,
    D/D_0 = 0.01); returns the Figure.

    Notes
    -----
    The levels are ``H.eigvalsh`` at each :math:`\phi = 2\pi\Phi/\Phi_0` (Eq. 34); for the
    3-well system they are Eq. 7, at :math:`E_i \to 0` the band
    :math:`2D_0\cos\frac{\phi + 2\pi k}{3}`.

    Examples
    --------
    For ``complete(3)`` the curves at :math:`\phi = 0, \pi/2, \pi` are
    :math:`\{-1, -1, 2\}`, :math:`\{-\sqrt3, 0, \sqrt3\}` and :math:`\{-2, 1, 1\}` (times
    :math:`D_0`, up to the small :math:`D/D_0 = 0.01` splitting):

    >>> import numpy as np
    >>> import sympy as sp
    >>> import matplotlib.pyplot as plt
    >>> from multiwell import complete, hamiltonian
    >>> phi = sp.Symbol("phi", real=True)
    >>> fig = spectrum_vs_flux(hamiltonian(complete(3), flux=phi), phis=[0, np.pi / 2, np.pi])
    >>> ax = fig.axes[0]
    >>> np.array([line.get_ydata() for line in ax.lines]).T.round(2)
    array([[-1.  , -1.  ,  2.  ],
           [-1.73,  0.  ,  1.73],
           [-2.  ,  1.  ,  1.  ]])
    >>> ax.get_title()
    'complete(3)'
    >>> plt.close(fig)
    """
    plt = _pyplot()
    if flux is None:
        if len(H.fluxes) != 1:
            raise ParameterError(f"flux: expected a Hamiltonian with one flux symbol, got {H.fluxes}")
        flux = H.fluxes[0]
    vals = default_values(H)
    vals.update(values or {})
    phis = np.linspace(-2 * np.pi, 2 * np.pi, 241) if phis is None else np.asarray(phis, dtype=float)
    # one vectorised call: the Hamiltonian compiled once (numeric.to_numpy, eigvalsh on the stack of matrices)
    from multiwell.numeric import to_numpy

    params = list(H.symbols)
    missing = [s for s in params if s != flux and s not in vals]
    if missing:
        raise ParameterError(f"values: no value for {missing}")
    spectrum = to_numpy(H, params, method="eigvalsh")
    levels = np.asarray(spectrum(*(phis if s == flux else float(vals[s]) for s in params)))
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3.6))
    else:
        fig = ax.figure
    ax.plot(phis, levels, lw=1.5)
    ax.set_xlabel(r"$\phi = 2\pi\Phi/\Phi_0$")
    ax.set_ylabel("energy (units of the hopping)")
    ax.set_title(getattr(H.geometry, "name", "") or "spectrum")
    fig.tight_layout()
    return fig


def heat_capacity_curves(*, temperatures=None, ax=None):
    r"""Total heat capacity (Eq. 31, Table II's parameters) per glass and composition, as in Fig. 12.

    Log-log axes, C_p in J g^-1 K^-1 against T in K; returns the Figure.

    Notes
    -----
    Eq. 31, :math:`C_p = B_{ph}T^3 + B_{2LS}T + C_p^{ATS}(T) + C_p^{Fe^{3+}}(T)`, from
    :func:`multiwell.tunneling.heat_capacity`; pure silica has only the first two terms (Eq. 21).

    Examples
    --------
    At 1 K pure silica's curve is :math:`B_{ph} + B_{2LS}` = 2.4555 + 0.7065 = 3.1620 µJ/(g K)
    (Table II):

    >>> import matplotlib.pyplot as plt
    >>> fig = heat_capacity_curves(temperatures=[0.1, 1.0])
    >>> ax = fig.axes[0]
    >>> [line.get_label() for line in ax.lines]
    ['SiO2', 'K-Si, x = 0.05', 'K-Si, x = 0.08', 'K-Si, x = 0.1', 'K-Si, x = 0.2']
    >>> round(float(ax.lines[0].get_ydata()[1]) * 1e6, 4)
    3.162
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close(fig)
    """
    from multiwell.tunneling.tables import table_rows
    from multiwell.tunneling.thermal import heat_capacity
    from multiwell.units import Q_

    plt = _pyplot()
    T = Q_(np.logspace(-1.7, 0.7, 160) if temperatures is None else np.asarray(temperatures, dtype=float), "K")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3.8))
    else:
        fig = ax.figure
    for row in table_rows("II"):
        glass, x = row["glass"], row.get("x")
        C = heat_capacity(T, glass=glass, x=x, convention="printed")  # Table II was fitted with the printed Fe gap
        label = glass if glass != "K-Si" else f"K-Si, x = {x:g}"
        ax.loglog(T.m_as("K"), C.m_as("J/g/K"), label=label)
    ax.set_xlabel("T (K)")
    ax.set_ylabel(r"$C_p$ (J g$^{-1}$ K$^{-1}$)")
    ax.legend(fontsize=8)
    ax.set_title("Eq. 31 with Table II")
    fig.tight_layout()
    return fig


def dielectric_curves(*, temperatures=None, frequency: float = 1.0e3, ax=None):
    r"""Total :math:`\Delta\epsilon'/\epsilon'` (Eqs. 8 + 14, Table I) per glass against T, as in Figs. 7-9.

    Each curve is :func:`multiwell.tunneling.dielectric` at :math:`\omega = 2\pi\,` ``frequency``
    (in Hz, default 1 kHz) minus its smallest value on the temperature grid, so every curve
    touches zero at the bottom of its V; T on a log axis, in K. Returns the Figure.

    Notes
    -----
    Eq. 8 (resonant plus relaxational two-level part, rate of Eq. 9) plus, for the glasses with
    anomalous systems, Eq. 14, with the parameters of Table I.

    Examples
    --------
    Pure silica's curve falls (resonant part, slope :math:`-\tfrac{2}{3}A` per e-fold) and rises
    again (relaxational part): the V of Fig. 7, with its bottom inside the grid:

    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> fig = dielectric_curves(temperatures=np.geomspace(0.02, 2.0, 9))
    >>> ax = fig.axes[0]
    >>> [line.get_label() for line in ax.lines][:2]
    ['SiO2', 'AlBaSiO']
    >>> y = ax.lines[0].get_ydata()
    >>> bool(y.min() == 0.0 and y[0] > 0 and y[-1] > 0), ax.get_xscale()
    (True, 'log')
    >>> plt.close(fig)
    """
    from multiwell.tunneling.dielectric import dielectric
    from multiwell.tunneling.tables import table_rows
    from multiwell.units import Q_

    plt = _pyplot()
    if isinstance(frequency, bool) or not isinstance(frequency, int | float) or not frequency > 0:
        raise ParameterError(f"frequency: expected a positive number of Hz, got {frequency!r}")
    T_K = np.geomspace(0.01, 3.0, 120) if temperatures is None else np.asarray(temperatures, dtype=float)
    T = Q_(T_K, "K")
    omega = Q_(2 * np.pi * float(frequency), "1/s")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3.8))
    else:
        fig = ax.figure
    for row in table_rows("I"):
        glass, x = row["glass"], row.get("x")
        eps = np.asarray(dielectric(T, glass=glass, x=x, omega=omega).m_as(""), dtype=float)
        label = glass if glass != "K-Si" else f"K-Si, x = {x:g}"
        ax.semilogx(T_K, eps - eps.min(), label=label)
    ax.set_xlabel("T (K)")
    ax.set_ylabel(r"$\Delta\epsilon'/\epsilon'$ (relative to the minimum)")
    ax.legend(fontsize=8)
    ax.set_title(f"Eqs. 8 + 14 with Table I, {float(frequency):g} Hz")
    fig.tight_layout()
    return fig


def field_curves(*, ensemble=None, temperatures=None, fields=None, T_fixed=None, B_fixed=None, n: int = 8192,
                 seed: int = 0, backend: str = "auto"):
    r"""Return a 2×2 figure of an ensemble in a field: :math:`\delta\epsilon'/\epsilon'` and C against B and T.

    Parameters
    ----------
    ensemble
        A :class:`~multiwell.tunneling.field.FieldEnsemble` (default: the three-well ATS defaults).
    temperatures, fields
        The T grid (K) of the right-hand panels and the B grid (T) of the left-hand ones; default
        5 mK–2 K and :math:`10^{-2.5}`–:math:`10^{0.5}` times the characteristic field :math:`\Phi_0/S`.
    T_fixed, B_fixed
        The temperatures (K) of the curves against B, the fields (T) of the curves against T
        (default 0.05, 0.2, 1 K and 0.1, 0.3, 1 :math:`\Phi_0/S`).
    n, seed, backend
        Passed to :func:`~multiwell.tunneling.field.field_observables` (one call for all curves).

    Notes
    -----
    Top: the magnetocapacitance :math:`\delta\epsilon'/\epsilon'(B)` at fixed T (left) and
    :math:`(T)` at fixed B (right). Bottom: :math:`[C(T,B)-C(T,0)]/C(T,0)` against B (left) and
    :math:`C(T,B)` per volume (right). Shaded bands are one standard error.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = field_curves(n=1024, fields=[10.0, 1e3, 1e4], temperatures=[0.05, 0.5], backend="numpy")
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['B (T)', 'T (K)', 'B (T)', 'T (K)']
    >>> plt.close(fig)
    """
    from multiwell.tunneling.field import FieldEnsemble, characteristic_field, field_observables
    from multiwell.units import Q_

    plt = _pyplot()
    ens = FieldEnsemble() if ensemble is None else ensemble
    area = np.atleast_1d(ens.area.m_as("m**2"))
    B_star = float(characteristic_field(Q_(float(np.sqrt(area[0] * area[-1])), "m**2"), charge=ens.charge).m_as("T"))
    Ts = np.geomspace(0.005, 2.0, 40) if temperatures is None else np.asarray(temperatures, dtype=float)
    Bs = B_star * np.logspace(-2.5, 0.5, 40) if fields is None else np.asarray(fields, dtype=float)
    T_fix = np.array([0.05, 0.2, 1.0]) if T_fixed is None else np.asarray(T_fixed, dtype=float)
    B_fix = B_star * np.array([0.1, 0.3, 1.0]) if B_fixed is None else np.asarray(B_fixed, dtype=float)
    T_all = np.unique(np.concatenate([Ts, T_fix]))
    B_all = np.unique(np.concatenate([[0.0], np.abs(Bs), np.abs(B_fix)]))  # row 0: B = 0
    obs = field_observables(Q_(T_all, "K"), Q_(B_all, "T"), ensemble=ens, n=n, seed=seed, backend=backend)
    it = [int(np.searchsorted(T_all, t)) for t in T_fix]
    ib = [int(np.searchsorted(B_all, b)) for b in B_fix]
    mc, smc = obs.magnetocapacitance.m, obs.sigma_magnetocapacitance.m
    C = obs.heat_capacity.m_as("J/K/m**3")
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.4))
    (a, b), (c, d) = axes
    pos = slice(1, None)  # the log axes show B > 0
    for k, t in zip(it, T_fix, strict=True):
        a.plot(B_all[pos], mc[pos, k], label=f"T = {t:g} K")
        a.fill_between(B_all[pos], (mc - smc)[pos, k], (mc + smc)[pos, k], alpha=0.2)
        c0 = C[0, k] if C[0, k] > 0 else np.nan
        c.plot(B_all[pos], (C[pos, k] - C[0, k]) / c0, label=f"T = {t:g} K")
    for k, bb in zip(ib, B_fix, strict=True):
        b.plot(T_all, mc[k], label=f"B = {bb:.3g} T")
        b.fill_between(T_all, mc[k] - smc[k], mc[k] + smc[k], alpha=0.2)
        d.loglog(T_all, C[k], label=f"B = {bb:.3g} T")
    d.loglog(T_all, C[0], "k--", lw=1, label="B = 0")
    for ax in (a, c):
        ax.set_xscale("log")
        ax.set_xlabel("B (T)")
    for ax in (b, d):
        ax.set_xscale("log")
        ax.set_xlabel("T (K)")
    a.set_ylabel(r"$\delta\epsilon'/\epsilon'$ (dimensionless)")
    b.set_ylabel(r"$\delta\epsilon'/\epsilon'$ (dimensionless)")
    c.set_ylabel(r"$[C(T,B)-C(T,0)]/C(T,0)$")
    d.set_ylabel(r"$C(T,B)$ (J K$^{-1}$ m$^{-3}$)")
    for ax in axes.flat:
        ax.legend(fontsize=7)
    q = float((ens.charge / Q_(1, "elementary_charge")).m_as(""))
    fig.suptitle(f"{ens.geometry.name}: {n} systems, area {np.sqrt(area[0] * area[-1]) * 1e18:.3g} nm$^2$, "
                 f"q = {q:g} e, $\\Phi_0/S$ = {B_star:.3g} T", fontsize=10)
    fig.tight_layout()
    return fig
