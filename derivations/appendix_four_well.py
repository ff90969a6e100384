# %% [markdown]
# # Appendix: the 4-well system in a field (Eqs. 33-40, Fig. 14)
#
# Regenerates `docs/derivations/appendix_four_well.md` and its figures. Two models are
# compared: the gauge-invariant Peierls Hamiltonian of four wells on a square in a uniform
# field (`hamiltonian(square(), flux=phi)`; the diagonals pass through the centre and carry
# no phase in the symmetric gauge) and the paper's "symmetrised" matrix (Eq. 33 with
# D2 e^{+-i phi/2} replaced by D2 cos(phi/2)), which is what Eqs. 35, 39 and 40 describe.

# %%
import argparse
import pathlib

import numpy as np
import sympy as sp

from multiwell import Hamiltonian, hamiltonian, square
from multiwell.papers.jug_paliienko import claims
from multiwell.plotting import default_values, spectrum_vs_flux
from multiwell.verify import report_markdown, run_claims

HERE = pathlib.Path(__file__).resolve().parent
_parser = argparse.ArgumentParser(description="Regenerate appendix_four_well.md and its figures.")
_parser.add_argument("--out", type=pathlib.Path, default=HERE.parent / "docs" / "derivations",
                     help="output directory (figures go to DIR/figures)")
OUT = _parser.parse_known_args()[0].out
EQUATIONS = [str(k) for k in range(33, 41)]

phi = sp.Symbol("phi", real=True)
D1, D2 = sp.symbols("D_1 D_2", positive=True)
E = sp.symbols("E_1:5", real=True)

# %% [markdown]
# The paper's symmetrised matrix: nearest neighbours D1 e^{+-i phi/4}, diagonals D2 cos(phi/2).

# %%
p = sp.exp(sp.I * phi / 4)
c = sp.cos(phi / 2)
paper = Hamiltonian.from_matrix(sp.Matrix([
    [E[0], D1 * p, D2 * c, D1 / p],
    [D1 / p, E[1], D1 * p, D2 * c],
    [D2 * c, D1 / p, E[2], D1 * p],
    [D1 * p, D2 * c, D1 / p, E[3]],
]))
peierls = hamiltonian(square(), flux=phi, traceless=True)

# %% [markdown]
# Fig. 14 (main): D1 = 0, sqrt(sum E_i^2)/D2 = 0.01. With D1 = 0 the square falls apart into
# two dimers (1-3 and 2-4) that enclose no area, so the physical spectrum cannot depend on
# the field; the cos(phi/2) of the symmetrised matrix makes it depend on phi anyway.

# %%
(OUT / "figures").mkdir(parents=True, exist_ok=True)
figures = {}
for name, H in (("paper_symmetrised", paper), ("peierls", peierls)):
    values = default_values(H)
    values[D1] = 0.0
    values[D2] = 1.0
    fig = spectrum_vs_flux(H, values=values, flux=phi)
    fig.axes[0].set_title(f"D1 = 0: {name.replace('_', ' ')}")
    path = OUT / "figures" / f"fig14_{name}.png"
    fig.savefig(path, dpi=120)
    figures[name] = path.name
    spread = np.ptp([H.eigvalsh({**values, phi: f})[0] for f in np.linspace(0, 2 * np.pi, 9)])
    figures[name + "_spread"] = spread

# %%
rows = run_claims([c for c in claims() if c.equation in EQUATIONS])
text = report_markdown(rows, title="Appendix: the 4-well system in a field (Eqs. 33-40)")
text += "\n## Fig. 14 (D1 = 0)\n\n"
text += (
    f"![paper's symmetrised matrix]({'figures/' + figures['paper_symmetrised']}) "
    f"![gauge-invariant Peierls Hamiltonian]({'figures/' + figures['peierls']})\n\n"
    f"Range of the ground level over phi in [0, 2 pi]: symmetrised matrix "
    f"{figures['paper_symmetrised_spread']:.3g}, Peierls Hamiltonian {figures['peierls_spread']:.3g} "
    "(in units of D2). Two dimers enclose no flux: the field dependence of Fig. 14 comes from the "
    "symmetrisation, not from the physics of a particle on four wells.\n"
)
(OUT / "appendix_four_well.md").write_text(text, encoding="utf-8")
print(f"wrote {OUT / 'appendix_four_well.md'}")
