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
    """Hoppings 1, flux 0, on-site energies a fixed small pattern with sqrt(sum E_i^2) = ``spread``.

    The pattern sums to zero (as the paper's Sigma E_i = 0), so ``spread`` is the paper's D/D_0.
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
    """Plot the eigenvalues of ``H`` against its flux symbol over [-2 pi, 2 pi] (paper Figs. 5, 14).

    ``values`` fixes the other parameters (default :func:`default_values`: hoppings 1,
    D/D_0 = 0.01); returns the Figure.
    """
    plt = _pyplot()
    if flux is None:
        if len(H.fluxes) != 1:
            raise ParameterError(f"flux: expected a Hamiltonian with one flux symbol, got {H.fluxes}")
        flux = H.fluxes[0]
    vals = default_values(H)
    vals.update(values or {})
    phis = np.linspace(-2 * np.pi, 2 * np.pi, 241) if phis is None else np.asarray(phis, dtype=float)
    levels = np.array([H.eigvalsh({**vals, flux: p}) for p in phis])
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
    """Total heat capacity of Eq. 31 with Table II's parameters, per glass and composition (Fig. 12).

    Log-log axes, C_p in J g^-1 K^-1 against T in K; returns the Figure.
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
        C = heat_capacity(T, glass=glass, x=x)
        label = glass if glass != "K-Si" else f"K-Si, x = {x:g}"
        ax.loglog(T.m_as("K"), C.m_as("J/g/K"), label=label)
    ax.set_xlabel("T (K)")
    ax.set_ylabel(r"$C_p$ (J g$^{-1}$ K$^{-1}$)")
    ax.legend(fontsize=8)
    ax.set_title("Eq. 31 with Table II")
    fig.tight_layout()
    return fig
