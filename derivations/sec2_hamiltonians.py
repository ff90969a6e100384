# %% [markdown]
# # Section II: the multi-well Hamiltonians (Eqs. 1-7, Fig. 5)
#
# Regenerates `docs/derivations/sec2_hamiltonians.md` and its figure from the public API:
# the paper's 2-, 3- and 4-well Hamiltonians built from geometries, the second-quantised
# form of Eq. 5 taken literally, and the 3-well spectrum against the Aharonov-Bohm phase
# (Fig. 5) for D/D0 = 0.01.

# %%
import argparse
import pathlib

import sympy as sp

from multiwell import complete, hamiltonian
from multiwell.papers.jug_paliienko import claims
from multiwell.plotting import spectrum_vs_flux
from multiwell.verify import report_markdown, run_claims

HERE = pathlib.Path(__file__).resolve().parent
_parser = argparse.ArgumentParser(description="Regenerate sec2_hamiltonians.md and its figures.")
_parser.add_argument("--out", type=pathlib.Path, default=HERE.parent / "docs" / "derivations",
                     help="output directory (figures go to DIR/figures)")
OUT = _parser.parse_known_args()[0].out
EQUATIONS = ["1", "2", "3", "4", "5", "6", "7"]

# %% [markdown]
# The 3-well in a field: Peierls phases phi/3 on each bond (symmetric gauge about the centroid).

# %%
phi = sp.Symbol("phi", real=True)
H = hamiltonian(complete(3), flux=phi, traceless=True)
figure = spectrum_vs_flux(H)
(OUT / "figures").mkdir(parents=True, exist_ok=True)
figure.savefig(OUT / "figures" / "fig5_three_well_spectrum.png", dpi=120)

# %%
rows = run_claims([c for c in claims() if c.equation in EQUATIONS])
text = report_markdown(rows, title="Section II: the multi-well Hamiltonians (Eqs. 1-7)")
text += "\n## Fig. 5\n\n![3-well spectrum against phi, D/D0 = 0.01](figures/fig5_three_well_spectrum.png)\n\n"
text += "Matrix used (symmetric gauge, sum E_i = 0):\n\n```\n" + sp.pretty(H.matrix, use_unicode=False) + "\n```\n"
(OUT / "sec2_hamiltonians.md").write_text(text, encoding="utf-8")
print(f"wrote {OUT / 'sec2_hamiltonians.md'}")
