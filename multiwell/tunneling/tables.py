r"""The seed paper's fit parameters (Tables I and II), shipped as package data, as pint quantities.

Table I (dielectric constant, Eqs. 8 and 14) and Table II (heat capacity, Eq. 31) are read
from ``multiwell/tunneling/data/*.csv`` (copies of ``shared/paper``), with the units the
captions give and the fixed parameters the captions state:
:math:`\Delta_{0,min}=3.9` mK, :math:`\Delta_{0,max}=10` K (Table I); :math:`D_{min}=0.87` K,
:math:`V_0=-0.42` K (Table II).

**The unit of γ.** Table I prints γ in "10⁻⁸ sJ³". Eq. 9, :math:`\tau^{-1}=E\Delta_0^2\tanh(E/2k_BT)/\gamma`,
needs :math:`[\gamma]=[\text{energy}]^3[\text{time}]`, so the dimension is right; the scale is not
joules. Read literally, γ = 5.30e-8 s J³ puts the dielectric minimum at
:math:`k_BT_0\simeq(\gamma\omega/2)^{1/3}`, i.e. :math:`T_0\approx4\times10^{21}` K at 1 kHz; read
with energies in kelvin (γ = 5.30e-8 s K³, i.e. 1.39e-76 s J³ after multiplying by
:math:`k_B^3`), :math:`T_0=(\gamma\omega/2)^{1/3}=55` mK at :math:`\omega=2\pi\times1` kHz, where
Fig. 7 puts it (and the full integrals give a minimum in the same range, see
:func:`multiwell.tunneling.dielectric.minimum_temperature`). The same convention makes Γ's
"s K⁵" (Eq. 15) consistent. So γ is returned in s·K³ (energies as :math:`E/k_B`).

Examples
--------
>>> p = table_parameters("I", "K-Si", 0.2)
>>> p["A_2LS"], p["gamma"]
(<Quantity(0.002395, 'dimensionless')>, <Quantity(8.2e-09, 'second * kelvin ** 3')>)
>>> table_parameters("II", "SiO2", 0)["B_2LS"]
<Quantity(7.065e-07, 'joule / gram / kelvin ** 2')>
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import numpy as np
import pint

from multiwell.errors import ParameterError
from multiwell.units import Q_, as_quantity, k_B

__all__ = [
    "TABLE_II_FIXED",
    "TABLE_I_FIXED",
    "fe_prefactor",
    "molar_mass_k_si",
    "table_parameters",
    "table_rows",
]

TABLE_I_FIXED = {"Delta0_min": Q_(3.9, "mK"), "Delta0_max": Q_(10.0, "K")}
"""Fixed parameters of every Table I fit (its caption)."""
TABLE_II_FIXED = {"D_min": Q_(0.87, "K"), "V0": Q_(-0.42, "K")}
"""Fixed parameters of every Table II fit (its caption)."""

_FILES = {"I": "table1_dielectric.csv", "II": "table2_heat_capacity.csv"}
_ALIASES = {"I": "I", "1": "I", "dielectric": "I", "II": "II", "2": "II", "heat_capacity": "II"}

# column -> (name, scale, unit)
_COLUMNS = {
    "A_2LS_e-5": ("A_2LS", 1e-5, ""),
    "gamma_e-8": ("gamma", 1e-8, "s*K**3"),
    "A_ATS_e-5": ("A_ATS", 1e-5, ""),
    "D_min_K": ("D_min", 1.0, "K"),
    "Gamma_e-6_sK5": ("Gamma", 1e-6, "s*K**5"),
    "B_ph_e-8": ("B_ph", 1e-8, "J/g/K**4"),
    "B_2LS_e-8": ("B_2LS", 1e-8, "J/g/K**2"),
    "B_ATS_e-8": ("B_ATS", 1e-8, "J/g/K"),
    "x_j_ppm": ("x_j", 1.0, "ppm"),
}


def _table_key(table) -> str:
    key = _ALIASES.get(str(table))
    if key is None:
        raise ParameterError(f"table: expected 'I' (dielectric) or 'II' (heat capacity), got {table!r}")
    return key


def table_rows(table) -> list[dict]:
    """Return the rows of Table I or II as dicts of pint quantities (plus ``glass`` and ``x``).

    Examples
    --------
    >>> [(r["glass"], r["x"]) for r in table_rows("II")][:2]
    [('SiO2', 0.0), ('K-Si', 0.05)]
    """
    key = _table_key(table)
    text = resources.files(__package__).joinpath("data", _FILES[key]).read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = []
    for raw in csv.DictReader(io.StringIO("\n".join(lines))):
        row: dict = {"glass": raw["glass"], "x": float(raw["x"]) if raw["x"] else None}
        for column, (name, scale, unit) in _COLUMNS.items():
            if raw.get(column):
                row[name] = Q_(round(float(raw[column]) * scale, 15), unit)
        rows.append(row)
    return rows


def molar_mass_k_si(x: float) -> pint.Quantity:
    r"""Return the molar mass of one formula unit of :math:`(\mathrm{SiO_2})_{1-x}(\mathrm{K_2O})_x`.

    Examples
    --------
    >>> round(molar_mass_k_si(0.0).m_as("g/mol"), 2)
    60.08
    """
    if (isinstance(x, str | bytes | bool) or not isinstance(x, int | float | np.integer | np.floating)
            or not 0 <= x <= 1):
        raise ParameterError(f"x: expected a molar fraction in [0, 1], got {x!r}")
    return (1 - x) * Q_(60.0843, "g/mol") + x * Q_(94.196, "g/mol")


def fe_prefactor(x_j: pint.Quantity, x: float) -> pint.Quantity:
    r"""Return :math:`\rho n_jk_B` per unit mass, :math:`x_jN_Ak_B/M(x)`, for Eq. 30 (J g⁻¹ K⁻¹).

    Notes
    -----
    Table II gives :math:`x_j` in ppm without saying of what. Here it is taken as Fe\ :sup:`3+`
    centres per formula unit of the glass, so the number per gram is :math:`n_j=x_jN_A/M(x)`
    and the heat capacity per gram has the prefactor :math:`n_jk_B` (an assumption, stated
    in the report; other readings rescale it).

    Examples
    --------
    >>> round(fe_prefactor(Q_(10, "ppm"), 0.0).m_as("uJ/g/K"), 4)
    1.3838
    """
    x_j = as_quantity(x_j, "[]", "x_j")
    n_per_gram = (x_j.to("") * Q_(1, "avogadro_constant") / molar_mass_k_si(x)).to("1/g")
    return (n_per_gram * k_B).to("J/g/K")


def table_parameters(table, glass: str, x: float | None = None) -> dict:
    r"""Return the fit parameters of one glass in Table I or II as a dict of pint quantities.

    Parameters
    ----------
    table
        ``"I"`` (dielectric, Eqs. 8 and 14) or ``"II"`` (heat capacity, Eq. 31).
    glass
        ``"SiO2"``, ``"AlBaSiO"`` (Table I only, no x) or ``"K-Si"``.
    x
        The molar K₂O fraction of a K-Si glass (0.05, 0.08, 0.10, 0.20); 0 or None for SiO2.

    Notes
    -----
    Table I: ``A_2LS`` :math:`=\bar P\bar p_0^2/\epsilon_0\epsilon_r`, ``gamma`` (s K³, energies in
    kelvin — see the module notes), ``A_ATS`` :math:`=\pi\tilde P^*\bar p_1^2/\epsilon_0\epsilon_rD_{min}`,
    ``D_min``, ``Gamma`` (s K⁵), plus the fixed ``Delta0_min`` and ``Delta0_max``.
    Table II: ``B_ph``, ``B_2LS``, ``B_ATS`` per gram, ``x_j`` (ppm), the fixed ``D_min``, ``V0``,
    and ``fe_prefactor`` (:func:`fe_prefactor`).

    Examples
    --------
    >>> sorted(table_parameters("I", "AlBaSiO"))
    ['A_2LS', 'A_ATS', 'D_min', 'Delta0_max', 'Delta0_min', 'Gamma', 'gamma']
    """
    key = _table_key(table)
    rows = table_rows(key)
    names = sorted({r["glass"] for r in rows})
    if glass not in names:
        raise ParameterError(f"glass: expected one of {names} for Table {key}, got {glass!r}")
    candidates = [r for r in rows if r["glass"] == glass]
    if x is None and glass == "SiO2":
        x = 0.0
    if x is None:
        match = [r for r in candidates if r["x"] is None]
    else:
        match = [r for r in candidates if r["x"] is not None and abs(r["x"] - float(x)) < 1e-9]
    if not match:
        known = [r["x"] for r in candidates]
        raise ParameterError(f"x: Table {key} has {glass} at x in {known}, got {x!r}")
    out = {k: v for k, v in match[0].items() if k not in ("glass", "x")}
    if key == "I":
        out.update(TABLE_I_FIXED)
    else:
        out["D_min"] = TABLE_II_FIXED["D_min"]
        out["V0"] = TABLE_II_FIXED["V0"]
        if "x_j" in out:
            out["fe_prefactor"] = fe_prefactor(out["x_j"], match[0]["x"])
    return out
