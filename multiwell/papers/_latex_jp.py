r"""The seed paper's LaTeX for the transcription audit: what each row's ``printed=`` transcribes, and the symbol map.

:data:`LATEX` gives, per row, the LaTeX of the part of the printed equation that the row's ``printed=``
transcribes (copied from ``shared/paper``; a row whose ``printed=`` holds several quantities lists them,
separated by ``\quad``); :data:`NOTES` explains the rows whose LaTeX and transcription are not the same
formula, or whose LaTeX the parser cannot read; :func:`symbol_map` is the paper's map from its macros
(``\mathcal{E}``, ``\sum_{i<j}E_iE_j``, the prefactor :math:`A = \bar P p_0^2/\epsilon_0\epsilon_r`) to SymPy.
:func:`with_latex` applies all three to the claims of :mod:`multiwell.papers.jug_paliienko`.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

__all__ = ["LATEX", "NOTES", "symbol_map", "with_latex"]

E_1, E_2, E_3, E_4 = sp.symbols("E_1:5", real=True)

LATEX = {
    "7": r"\sqrt{1 - \frac{\sum_{i \neq j} E_i E_j}{6D_0^2}}, \quad \cos \theta = \left( \cos \phi + \frac{E_1 E_2 E_3}"
         r"{2D_0^3} \right) \left( 1 - \frac{\sum_{i \neq j} E_i E_j}{3D_0^2} \right)^{-3/2}",
    "8": r"\frac{2\bar{P}p_0^2}{3\epsilon_0\epsilon_r}, \quad \frac{\bar{P}p_0^2}{3\epsilon_0\epsilon_r}",
    "9": r"\tau^{-1} = E\Delta_0^2/\gamma \tanh\left(\frac{E}{2k_B T}\right).",
    "10": r"\epsilon'_{RES} + \epsilon'_{REL} \frac{1}{1 + i\omega\tau}",
    "11": r"-\frac{2}{3} \frac{\bar{P}p_0^2}{\epsilon_0\epsilon_r} \ln\left(\frac{2k_B T}{\Delta_{0max}}\right)",
    "12": r"\frac{1}{3} \frac{\bar{P}p_0^2}{\epsilon_0\epsilon_r} \ln\left(\frac{2k_B T}{\Delta_{0min}}\right)",
    "14": r"\frac{\pi \tilde{P}^* \bar{p}_1^2}{3\epsilon_0 \epsilon_r D_{min}} / "
          r"\frac{\pi \tilde{P}^* \bar{p}_1^2}{2\epsilon_0 \epsilon_r D_{min}}",
    "15": r"\tau_{Amax}^{-1} = D^5 / \Gamma \tanh\left(\frac{D}{2k_B T}\right).",
    "16": r"\tilde{P}^* = P^* \ln\left(\frac{D_{0max}}{D_{0min}}\right)",
    "17": r"g(E) = g_{2LS} + g_{ATS}(E) \simeq 2\bar{P} + \frac{2\pi\tilde{P}^*}{E} \theta(E - D_{min})",
    "18": r"\frac{\pi \tilde{P}^* \bar{p}_1^2}{6\epsilon_0 \epsilon_r k_B T} \ln\left(\frac{2k_B T}{D_{min}}\right)",
    "19": r"\frac{\pi \tilde{P}^* \bar{p}_1^2}{\epsilon_0 \epsilon_r k_B T} \ln\left(\frac{k_B T}{D_{min}}\right)",
    "24": r"k_B \left( \frac{E}{2k_B T} \right)^2 \cosh^{-2} \left( \frac{E}{2k_B T} \right)",
    "25": r"\frac{2P^*}{E}",
    "26": r"B_{ATS} \left[ \ln \left( 2 \cosh \left( \frac{D_{min}}{2k_B T} \right) \right) - "
          r"\frac{D_{min}}{2k_B T} \tanh \left( \frac{D_{min}}{2k_B T} \right) \right]",
    "27": r"G(V_z) = \frac{4V_z^2}{V_0^3} \exp\left(-\frac{2V_z}{V_0}\right)",
    "28": r"-T \frac{d}{dT}\frac{d}{dT} \left( -k_B T \ln \left( 2 \cosh \left( \frac{E}{2k_B T} \right) "
          r"\right) \right)",
    "29": r"2 \cosh \left( \frac{E}{2k_B T} \right)",
    "30": r"\frac{25V_z^4}{16T^2} \frac{1}{V_0^3} e^{-\frac{2V_z}{V_0}} \cosh^{-2} \left( \frac{5V_z}{8k_B T} \right)",
    "32": r"\frac{A_{ATS}}{B_{ATS}} = \frac{\rho(x)}{2\epsilon_0\epsilon_r k_B D_{min} p_1^2}",
    "35": r"\mathcal{E}^4 + \mathcal{E}^2 \left( \sum_{i<j} E_i E_j - 4D_1^2 - D_2^2(1 + \cos \phi) \right) "
          r"- \mathcal{E} \left( \sum_{i<j<k} E_i E_j E_k + 4D_1^2 D_2(1 + \cos \phi) \right) "
          r"+ E_1 E_2 E_3 E_4 - D_1^2 (E_1 E_2 + E_2 E_3 + E_3 E_4 + E_4 E_1) "
          r"- \frac{1}{2} D_2^2 (E_1 E_3 + E_2 E_4)(1 + \cos \phi) - 2D_1^2 D_2^2 (1 + \cos \phi) "
          r"+ 2D_1^4 (1 - \cos \phi) + \frac{1}{8} D_2^4 (3 + 4 \cos \phi + \cos(2\phi)) = 0.",
    "36": r"\mathcal{E}^4 + \mathcal{E}^2 \left( \sum_{i<j} E_i E_j - 4D_1^2 \right) "
          r"- D_1^2 (E_1 E_2 + E_2 E_3 + E_3 E_4 + E_4 E_1) + 2D_1^4 (1 - \cos \phi) \approx 0",
    "38": r"\frac{\mathcal{E}_{0,1,2,3}}{D_1} = \pm \frac{1}{\sqrt{2}} \left\{ 4 - \sum_{i<j} \frac{E_i E_j}{D_1^2} "
          r"\pm \left[ \left( 4 - \sum_{i<j} \frac{E_i E_j}{D_1^2} \right)^2 + 4 \frac{E_1 E_2 + E_2 E_3 + E_3 E_4 "
          r"+ E_4 E_1}{D_1^2} + 8(\cos \phi - 1) \right]^{1/2} \right\}^{1/2}.",
    "39": r"\mathcal{E}^4 + \mathcal{E}^2 \left( \sum_{i<j} E_i E_j - 2D_2^2 \cos^2 \frac{\phi}{2} \right) "
          r"- D_2^2 (E_1 E_3 + E_2 E_4) + D_2^4 \cos^4 \frac{\phi}{2} \approx 0",
    "40": r"\frac{\mathcal{E}_{0,1,2,3}}{D_2} = \pm \frac{1}{\sqrt{2}} \left\{ 2 \cos^2 \frac{\phi}{2} - \sum_{i<j} "
          r"\frac{E_i E_j}{D_2^2} \pm \left[ \left( 2 \cos^2 \frac{\phi}{2} - \sum_{i<j} \frac{E_i E_j}{D_2^2} "
          r"\right)^2 + 4 \frac{E_1 E_3 + E_2 E_4}{D_2^2} - 4 \cos^4 \frac{\phi}{2} \right]^{1/2} \right\}^{1/2},",
    "41": r"D_0 \approx N\Delta_0, \quad D_{min} \approx N\Delta_{min}",
    "42": r"q = Nq_0, \quad S_{\Delta} \approx 4Na_0^2",
    "43": r"D_0|\frac{q}{e}|S_{\Delta} \approx 8N^3\Delta_0a_0^2",
    "44": r"H_2 = \sum_{a=L,R} \Delta_{1a} c_{1a}^\dagger c_{1a} + \Delta_{01} \sum_{a \neq a'} c_{1a}^\dagger c_{1a'} "
          r"+ \text{hc} + \sum_a \Delta_{2a} c_{2a}^\dagger c_{2a} "
          r"+ \Delta_{02} \sum_{a \neq a'} c_{2a}^\dagger c_{2a'} "
          r"+ \text{hc} - U \left( c_{1L}^\dagger c_{1L} c_{2L}^\dagger c_{2L} + c_{1R}^\dagger c_{1R} c_{2R}^\dagger "
          r"c_{2R} \right)",
    "45": r"\langle LL|H_2|LL\rangle = \Delta_1 + \Delta_2 - U, "
          r"\quad \langle RR|H_2|RR\rangle = -\Delta_1 - \Delta_2 - U,"
          r" \quad \langle RR|H_2|LL\rangle = \langle LL|H_2|RR\rangle = \Delta_{01} + \Delta_{02}",
    "46": r"H'_1 = \begin{pmatrix} \Delta_1 + \Delta_2 - U & \Delta_{01} + \Delta_{02} \\ \Delta_{01} + \Delta_{02} & "
          r"-\Delta_1 - \Delta_2 - U \end{pmatrix}.",
    "47": r"H_3 = \sum_{i=1}^3 \left\{ \sum_{a=L,R} \Delta_{ia} c_{ia}^\dagger c_{ia} + \sum_{a \neq a'} (\Delta_{0i} "
          r"c_{ia}^\dagger c_{ia'} + \text{hc}) \right\} "
          r"- U \sum_{i < i'} \sum_a c_{ia}^\dagger c_{ia} c_{i'a}^\dagger c_{i'a}",
    "48": r"\langle LLL|H_3|LLL\rangle = \Delta_1 + \Delta_2 + \Delta_3 - 3U, \quad \langle RRR|H_3|RRR\rangle = "
          r"-\Delta_1 - \Delta_2 - \Delta_3 - 3U, \quad \langle RRR|H_3|LLL\rangle = \langle LLL|H_3|RRR\rangle = "
          r"\Delta_{01} + \Delta_{02} + \Delta_{03}",
    "49": r"H_N = \sum_{i=1}^N \left\{ \sum_{a=1}^3 E_{ia} c_{ia}^\dagger c_{ia} + \sum_{a \neq a'} (D_{0i} "
          r"c_{ia}^\dagger c_{ia'} + \text{hc}) \right\} "
          r"- U \sum_{i < i'} \sum_a c_{ia}^\dagger c_{ia} c_{i'a}^\dagger c_{i'a}",
    "50": r"H'_1 = \sum_{A=1}^3 E_A c_A^\dagger c_A + \sum_{A \neq A'} D_0 c_A^\dagger c_{A'} + \text{hc}",
    "51": r"E_A = \langle aa \dots a | H_N | aa \dots a \rangle, \quad D_0 = \langle a' a' \dots a' | H_N | aa \dots a "
          r"\rangle",
    # rows whose latex= in the claim is a label or a sketch: the whole printed equation
    "4": r"H_0^{(4)} = \begin{pmatrix} E_1 & D_1 & D_2 & D_1 \\ D_1 & E_2 & D_1 & D_2 \\ D_2 & D_1 & E_3 & D_1 \\ "
         r"D_1 & D_2 & D_1 & E_4 \end{pmatrix}",
    "33": r"H_0^{(4)} = \begin{pmatrix} E_1 & D_1 e^{i\phi/4} & D_2 e^{i\phi/2} & D_1 e^{-i\phi/4} \\ "
          r"D_1 e^{-i\phi/4} & "
          r"E_2 & D_1 e^{i\phi/4} & D_2 e^{i\phi/4} \\ D_2 e^{-i\phi/4} & D_1 e^{-i\phi/4} & E_3 & D_1 e^{i\phi/4} \\ "
          r"D_1 e^{i\phi/4} & D_2 e^{-i\phi/2} & D_1 e^{-i\phi/4} & E_4 \end{pmatrix}",
    "37": r"H_{0red}^{(4)} = \begin{pmatrix} E_1 & D_1 e^{i\phi/4} & 0 & D_1 e^{-i\phi/4} \\ D_1 e^{-i\phi/4} & E_2 & "
          r"D_1 e^{i\phi/4} & 0 \\ 0 & D_1 e^{-i\phi/4} & E_3 & D_1 e^{i\phi/4} \\ D_1 e^{i\phi/4} & 0 & "
          r"D_1 e^{-i\phi/4} & E_4 \end{pmatrix}",
}
"""Per row: the LaTeX (from the paper) of what the row's ``printed=`` transcribes."""

_OPERATOR = ("a second-quantised operator sum (c^dagger c, + h.c.) that the LaTeX parser cannot read; printed= is its "
             "one-body matrix, built term by term from the printed sum (see the row's reason)")
_BRAKETS = "matrix elements <..|H|..> that the LaTeX parser cannot read; printed= lists their printed values"
NOTES = {
    "5": _OPERATOR,
    "10": ("printed= is Re 1/(1 + i omega tau) = 1/(1 + omega^2 tau^2), the relaxation factor as Eq. 8 uses it; "
           "the LaTeX is Eq. 10's right-hand side, complex, with the argument T of epsilon' dropped"),
    "17": "printed= is the branch E > D_min of the step theta(E - D_min), which the map sets to 1 for this row",
    "28": "Eq. 28 with F of Eq. 29 inserted (printed= is that composition); the LaTeX writes d/dT twice",
    "29": "E = 5|V_z|/4 = 5u/4, the splitting that Eq. 30 inserts (u = |V_z|)",
    "30": "the integration variable written u = |V_z| (V_z -> u)",
    "38": ("the four roots, +- twice: the LaTeX parser reads no +- inside an expression; printed= lists the four sign "
           "choices"),
    "40": ("the four roots, +- twice: the LaTeX parser reads no +- inside an expression; printed= lists the four sign "
           "choices"),
    "44": _OPERATOR, "47": _OPERATOR, "49": _OPERATOR, "50": _OPERATOR,
    "51": _BRAKETS,
    "S_ATS": ("the text prints \\bar{P}^*, defined nowhere in the paper; the transcription reads it as \\tilde{P}^* "
              "(Eq. 16), with \\bar p_1 = p_1 as in Eqs. 14 and 32"),
}
"""Per row: why the LaTeX and the transcription are not the same formula, or why the LaTeX is not parsed."""


def symbol_map() -> dict:
    r"""The paper's macros → SymPy objects (a symbol given by name is the claim's symbol, with its assumptions)."""
    from multiwell.spectrum import energy_symbol

    pairs = E_1 * E_2 + E_1 * E_3 + E_1 * E_4 + E_2 * E_3 + E_2 * E_4 + E_3 * E_4
    Delta0 = sp.Symbol("Delta_0^(1)"), sp.Symbol("Delta_0^(2)"), sp.Symbol("Delta_0^(3)")
    return {
        r"\mathcal{E}": energy_symbol,
        r"\sum_{i \neq j} E_i E_j": 2 * (E_1 * E_2 + E_1 * E_3 + E_2 * E_3),  # the 3-well rows (Eq. 7)
        r"\sum_{i<j} E_i E_j": pairs,  # the 4-well rows (Eqs. 35-40)
        r"\sum_{i<j} \frac{E_i E_j}{D_1^2}": pairs / sp.Symbol("D_1", positive=True) ** 2,
        r"\sum_{i<j} \frac{E_i E_j}{D_2^2}": pairs / sp.Symbol("D_2", positive=True) ** 2,
        r"\sum_{i<j<k} E_i E_j E_k": E_1 * E_2 * E_3 + E_1 * E_2 * E_4 + E_1 * E_3 * E_4 + E_2 * E_3 * E_4,
        r"\frac{\bar{P}p_0^2}{\epsilon_0\epsilon_r}": sp.Symbol("A"),  # the 2LS prefactor of Eqs. 11-12
        r"\bar{p}_1": sp.Symbol("p_1"),
        r"\bar{P}^*": sp.Symbol("Ptilde^*"),
        r"\rho(x)": sp.Symbol("rho"),
        r"\Delta_1": sp.Symbol("Delta^(1)"), r"\Delta_2": sp.Symbol("Delta^(2)"), r"\Delta_3": sp.Symbol("Delta^(3)"),
        r"\Delta_{01}": Delta0[0], r"\Delta_{02}": Delta0[1], r"\Delta_{03}": Delta0[2],
    }


def _per_claim(equation: str) -> dict:
    """Symbols that only one row reads differently (Eq. 17's step above D_min, Eq. 29's E, Eq. 30's V_z)."""
    u = sp.Symbol("u", positive=True)
    return {"17": {r"\theta(E - D_{min})": sp.Integer(1)}, "29": {"E": 5 * u / 4}, "30": {"V_z": u}}.get(equation, {})


def with_latex(claims: list) -> list:
    """The claims with the paper's LaTeX filled in where they had none (or only a label), notes and symbol map."""
    shared = symbol_map()
    out = []
    for c in claims:
        latex = LATEX.get(c.equation, c.latex)
        out.append(replace(c, latex=latex, latex_symbols={**shared, **_per_claim(c.equation), **c.latex_symbols},
                           latex_note=NOTES.get(c.equation, c.latex_note)))
    return out
