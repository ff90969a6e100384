"""Figures: spectra against flux (paper Figs. 5 and 14) and the observables of Figs. 7-13.

Needs the optional ``plot`` extra (matplotlib). Every function returns a matplotlib
``Figure`` and never shows it, so scripts and tests can save it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp

from .errors import ParameterError

__all__ = ["default_values", "heat_capacity_curves", "spectrum_vs_flux"]


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
    from .numeric import to_numpy

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
    from .tunneling.tables import table_rows
    from .tunneling.thermal import heat_capacity
    from .units import Q_

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
