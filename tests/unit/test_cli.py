"""The command line: outputs, files and exit codes (0 ok, 1 a derivation crashed, 2 bad arguments)."""

import json

import pytest
import sympy as sp

from multiwell import cli
from multiwell.verify import DIFFERS, Claim, Derived

x = sp.Symbol("x", real=True)


def test_derive_ring5_with_flux_prints_bloch_band(capsys):
    assert cli.main(["derive", "ring", "5", "--flux"]) == 0
    out = capsys.readouterr().out
    assert "Characteristic polynomial" in out
    assert "cos(φ)" in out  # the flux enters the polynomial only as cos(phi), the loop's flux
    assert "Spectrum at equal on-site energies" in out
    # the Bloch band is labelled by momentum, not presented as ascending levels
    assert "order in energy depends on the flux" in out
    assert [f"mode k = {k}:" in out for k in range(5)] == [True] * 5 and "level 0" not in out
    # the energy variable prints as a letter, not as the LaTeX fragment that is its name
    assert "ℰ" in out and "mathcal" not in out


def test_derive_latex(capsys):
    assert cli.main(["derive", "complete", "3", "--flux", "--traceless", "--latex"]) == 0
    assert "\\cos{\\left(\\phi \\right)}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["derive", "pentagon"], "GEOMETRY"),
        (["derive", "ring"], "N: the geometry 'ring' needs"),
        (["derive", "square", "4"], "N: the geometry 'square' takes no"),
        (["derive", "ring", "2"], "n: expected an integer >= 3"),
        (["derive", "chain", "3", "--flux"], "flux"),
    ],
    ids=["unknown-geometry", "missing-n", "extra-n", "ring-too-small", "flux-without-loop"],
)
def test_bad_arguments_exit_2(argv, message, capsys):
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_argparse_errors_exit_2():
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2


def test_verify_exit_codes_and_files(tmp_path, monkeypatch, capsys):
    import multiwell.papers.jug_paliienko as paper

    finding = Claim("1", "differs", derive=lambda: Derived(x, detail="a finding", verdict=DIFFERS, corrected=x))
    monkeypatch.setattr(paper, "claims", lambda: [finding])
    out_json, out_md = tmp_path / "rows.json", tmp_path / "report.md"
    assert cli.main(["verify", "--json", str(out_json), "--markdown", str(out_md)]) == 0  # DIFFERS is a finding
    rows = json.loads(out_json.read_text())
    assert rows[0]["equation"] == "1" and rows[0]["verdict"] == DIFFERS
    assert set(rows[0]) >= {"equation", "verdict", "detail", "derived", "printed"}
    assert "## Eq. 1" in out_md.read_text()
    crash = Claim("2", "crashes", derive=lambda: 1 / 0)
    monkeypatch.setattr(paper, "claims", lambda: [finding, crash])
    assert cli.main(["verify"]) == 1
    assert "crashed for Eqs. 2" in capsys.readouterr().err


def test_plot_spectrum(tmp_path):
    out = tmp_path / "spectrum.png"
    assert cli.main(["plot", "spectrum", "complete", "3", "--flux", "--traceless", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000


def test_plot_bad_values(tmp_path, capsys):
    out = tmp_path / "s.png"
    assert cli.main(["plot", "spectrum", "complete", "3", "--flux", "--values", "Q=1", "-o", str(out)]) == 2
    assert "unknown symbol 'Q'" in capsys.readouterr().err


def test_derive_latex_writes_the_energy_variable_as_a_latex_command(capsys):
    from multiwell.cli import main

    assert main(["derive", "complete", "3", "--flux", "--latex"]) == 0
    out = capsys.readouterr().out
    assert r"\mathcal{E}" in out
    assert "mathcal{E}" not in out.replace(r"\mathcal{E}", "")  # never without its backslash


def test_verify_eq_selects_string_keys_and_verbose_shows_the_class(tmp_path, monkeypatch, capsys):
    import multiwell.papers.jug_paliienko as paper

    rows = [Claim("5", "notation slip", derive=lambda: Derived(x, detail="h.c. twice", verdict=DIFFERS, corrected=x),
                  kind="notation"),
            Claim("T0", "a text claim", printed=lambda: "55 mK",
                  derive=lambda: Derived("177 mK", detail="the minimum", verdict=DIFFERS, corrected="177 mK",
                                         assumption="Table I", readings=(("2 pi f", "177 mK"), ("f", "92 mK")),
                                         default_reading="2 pi f"))]
    monkeypatch.setattr(paper, "claims", lambda: rows)
    out_json = tmp_path / "rows.json"
    assert cli.main(["verify", "--eq", "T0", "-v", "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "T0" in out and "notation slip" not in out
    assert "reading (library default) 2 pi f: 177 mK" in out and "assumption: Table I" in out
    (row,) = json.loads(out_json.read_text())
    assert row["class"] == "substantive" and row["readings"][1] == {"reading": "f", "result": "92 mK"}
    assert cli.main(["verify", "--eq", "Eq. 5"]) == 0
    assert "notation" in capsys.readouterr().out
    assert cli.main(["verify", "--eq", "t0"]) == 2
    assert "no row 't0'" in capsys.readouterr().err
