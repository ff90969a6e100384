"""The transcription audit of multiwell.verify: LaTeX parsed (lark backend) and compared with printed=; the table."""

import textwrap

import pytest
import sympy as sp

from multiwell import cli, double_well, hamiltonian
from multiwell.errors import ParameterError
from multiwell.verify import AGREES, DIFFERS, NOT_CHECKED, Claim, Row, check, report_table
from multiwell.verify._latex import (
    MATCHES,
    NOT_PARSED,
    TRANSCRIPTION_DIFFERS,
    normalise_latex,
    parse_printed_latex,
    split_sides,
    transcription,
)

Delta = sp.Symbol("Delta", real=True)
Delta_0 = sp.Symbol("Delta_0", positive=True)
k_B, T, E = sp.symbols("k_B T E", positive=True)


# -- the normaliser ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("latex", "expected"), [
    (r"\left(x\right)", "(x)"),
    (r"\left.\frac{a}{b}\right|", r"\frac{a}{b}|"),
    (r"\bigl(x\bigr)", "(x)"),
    (r"a\,b\;c\!d\quad e", "a b c d e"),
    (r"x \text{if } y", "x y"),
    (r"x + \mathrm{h.c.}", "x +"),
    (r"\tfrac{a}{b} + \dfrac12", r"\frac{a}{b} + \frac{1}{2}"),
    (r"\bar P + \tilde{P}^*", r"\bar{P} + \tilde{P}^{*}"),
    (r"\mathcal E_k", r"\mathcal{E}_k"),
    (r"\cosh^{-2}x", r"(\cosh(x))^{-2}"),
    (r"\cos^2\frac{\phi}{2}", r"(\cos(\frac{\phi}{2}))^{2}"),
    (r"\ln\left(\frac{a}{b}\right)", r"(\ln(\frac{a}{b}))"),
    (r"x \ne y.", r"x \neq y"),
    (r"H'_1", r"H^{\prime}_1"),
], ids=["left-right", "evaluated-at", "big", "spacing", "text", "h.c.", "tfrac", "accents", "mathcal",
        "function-power", "cos-squared", "ln-group", "ne-and-full-stop", "prime"])
def test_normalise_latex(latex, expected):
    assert normalise_latex(latex) == expected


def test_normalise_refuses_non_strings():
    with pytest.raises(ParameterError, match="latex: expected a LaTeX string"):
        normalise_latex(3)


def test_split_sides_keeps_groups_whole():
    assert split_sides(r"F = a \simeq b \equiv c") == ["F", "a", "b", "c"]
    assert split_sides(r"\frac{a=b}{c}, d \approx e") == [r"\frac{a=b}{c}", "d", "e"]


# -- parsing with the symbols of the claim ------------------------------------------------------------------------
def test_two_level_splitting_parses_to_the_claims_symbols():
    r"""E_\pm = \pm\frac12\sqrt{\Delta^2+\Delta_0^2}: the symbols keep their assumptions (sqrt(Delta_0^2) = Delta_0)."""
    side = parse_printed_latex(r"E_\pm = \pm\tfrac12\sqrt{\Delta^2+\Delta_0^2}", known=[Delta, Delta_0])[-1]
    assert side - sp.sqrt(Delta**2 + Delta_0**2) / 2 == 0
    at_zero = side.subs(Delta, 0)
    assert at_zero == Delta_0 / 2  # only a positive Delta_0 gives sqrt(Delta_0**2) = Delta_0


def test_physicists_slash_reads_the_whole_product_as_denominator():
    r"""e^{-\mathcal E_0/k_BT} is exp(-E_0/(k_B T)), as printed in Eq. 23; a function after the slash is a factor."""
    E0 = sp.Symbol("E_0", real=True)
    side = parse_printed_latex(r"e^{-\mathcal{E}_0/k_BT}", symbols={r"\mathcal{E}_0": E0}, known=[k_B, T])[0]
    assert sp.simplify(side - sp.exp(-E0 / (k_B * T))) == 0
    gamma = sp.Symbol("gamma", positive=True)
    rate = parse_printed_latex(r"E\Delta_0^2/\gamma \tanh\left(\frac{E}{2k_B T}\right)",
                               known=[E, Delta_0, gamma, k_B, T])
    assert sp.simplify(rate[0] - E * Delta_0**2 / gamma * sp.tanh(E / (2 * k_B * T))) == 0


def test_matrix_of_eq1_and_mapped_macros():
    M = parse_printed_latex(r"H_0^{(2)} = -\frac{1}{2} \begin{pmatrix} \Delta & \Delta_0 \\ \Delta_0 & -\Delta "
                            r"\end{pmatrix}.", known=[Delta, Delta_0])[-1]
    expected = hamiltonian(double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]).matrix
    assert sp.simplify(sp.Matrix(M) - expected) == sp.zeros(2, 2)
    Ecal, P_t = sp.Symbol("E", real=True), sp.Symbol("Ptilde", positive=True)
    side = parse_printed_latex(r"\frac{2\pi\tilde P^*}{\mathcal E}",
                               symbols={r"\mathcal{E}": Ecal, r"\tilde P^*": P_t})[0]
    assert side == 2 * sp.pi * P_t / Ecal


def test_hyperbolic_functions_are_not_read_as_products():
    side = parse_printed_latex(r"-k_BT\ln\left(2\cosh\frac{E}{2k_BT}\right)", known=[k_B, T, E])[0]
    assert side == -k_B * T * sp.log(2 * sp.cosh(E / (2 * k_B * T)))


# -- the audit --------------------------------------------------------------------------------------------------
def test_transcription_statuses():
    printed = sp.sqrt(Delta**2 + Delta_0**2) / 2
    assert transcription(r"\tfrac12\sqrt{\Delta^2+\Delta_0^2}", printed)[0] == MATCHES
    status, detail, _ = transcription(r"\tfrac12\sqrt{\Delta^2-\Delta_0^2}", printed)
    assert status == TRANSCRIPTION_DIFFERS and "Delta**2 - Delta_0**2" in detail
    assert transcription(r"\langle L|H|R\rangle", printed)[0] == NOT_PARSED
    assert transcription("", printed)[0] == ""


def _det():
    return hamiltonian(double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]).matrix.det()


def test_check_fills_the_transcription_column():
    det = _det
    good = check(Claim("1", "det", latex=r"\det H = -\tfrac14(\Delta^2+\Delta_0^2)",
                       printed=lambda: -(Delta**2 + Delta_0**2) / 4, derive=det))
    slip = check(Claim("1", "det", latex=r"\det H = -\tfrac14(\Delta^2-\Delta_0^2)",
                       printed=lambda: -(Delta**2 + Delta_0**2) / 4, derive=det))
    assert (good.verdict, good.transcription) == (AGREES, MATCHES)
    assert (slip.verdict, slip.transcription) == (AGREES, TRANSCRIPTION_DIFFERS)  # the LaTeX slipped, not the maths
    assert slip.as_json()["transcription"] == "differs"


def test_a_claim_with_only_latex_uses_the_parsed_latex():
    det = _det
    right = check(Claim("1", "det", latex=r"\det H = -\tfrac14(\Delta^2+\Delta_0^2)", derive=det))
    wrong = check(Claim("1", "det", latex=r"\det H = -\tfrac14(\Delta^2-\Delta_0^2)", derive=det))
    unreadable = check(Claim("1", "det", latex=r"\langle L|H|R\rangle", derive=det))
    assert right.verdict == AGREES and right.printed == "-Delta**2/4 - Delta_0**2/4"
    assert wrong.verdict == DIFFERS and "corrected form: -Delta**2/4 - Delta_0**2/4" in wrong.detail
    assert unreadable.verdict == NOT_CHECKED and "give printed=" in unreadable.detail


def test_latex_symbols_are_checked():
    with pytest.raises(ParameterError, match="latex_symbols"):
        Claim("1", "t", latex="x", latex_symbols={1: sp.Symbol("x")})
    with pytest.raises(ParameterError, match=r"latex_symbols\['x'\]"):
        Claim("1", "t", latex="x", latex_symbols={"x": "__import__('os')"})


LATEX_ONLY = textwrap.dedent(r'''
    """Claims typed once, as LaTeX: the two-level system."""
    import sympy as sp
    from multiwell import double_well, hamiltonian
    from multiwell.verify import Claim

    Delta, Delta_0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
    k_B, T = sp.symbols("k_B T", positive=True)


    def levels():
        return hamiltonian(double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]).matrix.eigenvals()


    def claims():
        E = sp.sqrt(Delta**2 + Delta_0**2)
        return [
            Claim("1", "two-level splitting", latex=r"E = \sqrt{\Delta^2 + \Delta_0^2}",
                  derive=lambda: sp.Add(*[abs(v) for v in levels()])),
            Claim("2", "thermal population difference", latex=r"\tanh\left(\frac{E}{2k_BT}\right)",
                  latex_symbols={"E": E},
                  derive=lambda: sp.tanh(sum(abs(v) for v in levels()) / (2 * k_B * T))),
            Claim("3", "a slipped factor", latex=r"E = 2\sqrt{\Delta^2 + \Delta_0^2}",
                  derive=lambda: sp.Add(*[abs(v) for v in levels()])),
        ]
''')


def test_cli_verifies_a_claims_file_with_only_latex(tmp_path, capsys, monkeypatch):
    path = tmp_path / "latex_only.py"
    path.write_text(LATEX_ONLY)
    monkeypatch.setenv("COLUMNS", "100")
    assert cli.main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:4] for line in out.splitlines() if line[:5].strip() in ("1", "2", "3")}
    assert rows["1"][:2] == ["AGREES", "ok"] and rows["2"][:2] == ["AGREES", "ok"]
    assert rows["3"][:3] == ["DIFFERS", "substantive", "ok"]  # the LaTeX is the printed side: a finding, read right
    assert max(map(len, out.splitlines())) <= 100


# -- the table ---------------------------------------------------------------------------------------------------
REASON = ("by a constant factor: printed = (2) x derived; the printed prefactor doubles the hopping because the sum "
          "over ordered pairs already holds both orders; corrected form: D_0")


def _rows():
    return [
        Row("7", "DIFFERS", REASON, "D_0", "2*D_0", title="3-well spectrum",
            kind="substantive", transcription="differs"),
        Row("Delta_min-range", "NOT-DECIDED", "the time budget of 10 s ran out", "", "", title="range",
            transcription="not parsed"),
        Row("40", "AGREES-UP-TO", "exact", "", "", title="roots", inherited="Eq. 39", transcription="matches"),
    ]


@pytest.mark.parametrize("width", [80, 100, 160])
def test_every_line_fits_and_no_reason_is_cut_below_60_characters(width):
    table = report_table(_rows(), width=width)
    lines = table.splitlines()
    assert max(map(len, lines)) <= width
    body = lines[2:lines.index("-" * width, 2)]
    if "reason" in lines[0]:  # the reason column: its text, row by row, continuation lines included
        reasons = " ".join(line[lines[0].index("reason"):].strip() for line in body)
    else:  # no room beside the claim (a long key at 80 columns): the reason on its own lines below the row
        reasons = " ".join(line.strip() for line in body)
    assert "by a constant factor: printed = (2) x derived; the printed prefactor" in reasons  # >= 60 characters
    assert "the time budget of 10 s ran out" in reasons and "NOT-DECIDED: 1" in table  # any verdict name
    verbose = report_table(_rows(), width=width, verbose=True)
    assert max(map(len, verbose.splitlines())) <= width
    assert REASON in " ".join(verbose.split())  # --verbose: the whole reason


def test_wide_terminals_show_the_transcription_in_words():
    assert "not parsed" in next(line for line in report_table(_rows(), width=160).splitlines() if "range" in line)
    assert "n/p" in report_table(_rows(), width=80)


def test_cli_table_is_100_columns_when_piped(tmp_path, capsys, monkeypatch):
    path = tmp_path / "latex_only.py"
    path.write_text(LATEX_ONLY)
    monkeypatch.delenv("COLUMNS", raising=False)
    assert cli.main(["verify", str(path)]) == 0  # pytest's capture is not a terminal
    lines = capsys.readouterr().out.splitlines()
    assert len(lines[1]) == 100 and set(lines[1]) == {"-"}
