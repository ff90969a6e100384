"""The command line: outputs, files and exit codes (0 ok, 1 a derivation crashed, 2 bad arguments)."""

import json

import pytest
import sympy as sp

import multiwell.cli._verify  # noqa: F401 (patched below: the entry points, the progress delay)
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
    pytest.importorskip("matplotlib", reason="plot needs the plot extra (matplotlib)")
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


def test_derive_small_unknown_symbol_is_refused_before_anything_is_printed(capsys):
    assert cli.main(["derive", "complete", "3", "--flux", "--small", "E_9", "phi"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing printed before the check
    assert "E_9" in captured.err and "E_1, E_2, E_3, D_0, phi" in captured.err


def test_derive_small_prints_the_series_compactly(capsys):
    """complete 3 --flux --small E --order 2: printed 1043 lines (100 KB) with the Viete form first."""
    assert cli.main(["derive", "complete", "3", "--flux", "--small", "E", "--order", "2"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) <= 60 and len(out) < 4000
    assert "Series in E_1, E_2, E_3 to order 2" in out and "level 2:" in out
    assert "atan2" not in out and "Piecewise" not in out  # the exact cubic is behind --full
    assert "--full" in out


def test_derive_small_doublet_prints_two_level_parameters_and_full_adds_the_spectrum(capsys):
    assert cli.main(["derive", "complete", "3", "--small", "E", "--order", "1"]) == 0
    out = capsys.readouterr().out
    assert "Effective two-level system of level 0" in out
    assert all(f"  {key}:" in out for key in ("centre", "asymmetry", "tunnelling", "gap"))
    assert "\nSpectrum:" not in out
    assert cli.main(["derive", "complete", "3", "--small", "E", "--order", "1", "--full"]) == 0
    assert "\nSpectrum:" in capsys.readouterr().out


# -- multiwell verify PAPER ---------------------------------------------------------------------------
MY_CLAIMS = '''
"""My paper: two claims about a double well."""
import sympy as sp
from multiwell.tunneling import standard_model as sm
from multiwell.verify import Claim

Delta, Delta_0 = sm.Delta, sm.Delta_0

def claims():
    return [
        Claim("1", "splitting", printed=lambda: sp.sqrt(Delta**2 + Delta_0**2), derive=sm.two_level_splitting),
        Claim("2", "splitting, twice", printed=lambda: 2 * sp.sqrt(Delta**2 + Delta_0**2),
              derive=sm.two_level_splitting),
    ]
'''


def test_verify_a_claims_file_outside_the_package(tmp_path, capsys):
    paper = tmp_path / "elsewhere" / "my_claims.py"
    paper.parent.mkdir()
    paper.write_text(MY_CLAIMS)
    out = tmp_path / "out.json"
    assert cli.main(["verify", str(paper), "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    assert [(r["equation"], r["verdict"]) for r in rows] == [("1", "AGREES"), ("2", DIFFERS)]
    for r in rows:
        assert {"equation", "verdict", "detail", "printed", "derived", "printed_latex", "derived_latex"} <= set(r)
    assert rows[1]["printed_latex"] == r"2 \sqrt{\Delta^{2} + \Delta_{0}^{2}}"
    assert rows[1]["corrected"] == "sqrt(Delta**2 + Delta_0**2)" and "(2)" in rows[1]["detail"]
    text = capsys.readouterr().out
    assert f"full report: {out}" in text  # the tally says where the full report is


def test_verify_known_papers_modules_and_entry_points(tmp_path, monkeypatch, capsys):
    assert cli.main(["verify", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "jug_paliienko" in listed and "standard_model" in listed
    # an importable module defining claims()
    (tmp_path / "paper_mod.py").write_text(MY_CLAIMS)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert cli.main(["verify", "paper_mod", "--eq", "1"]) == 0
    assert "1 equations checked" in capsys.readouterr().out

    # a paper another package registers under the entry-point group multiwell.papers
    class FakeEntryPoint:
        name, value = "theirs", "their_pkg.claims_module"

        def load(self):
            import paper_mod

            return paper_mod

    monkeypatch.setattr(cli._verify, "_entry_points", lambda: {"theirs": FakeEntryPoint()})
    assert cli.main(["verify", "--list"]) == 0
    assert "theirs" in capsys.readouterr().out
    assert cli.main(["verify", "theirs", "--eq", "2"]) == 0
    assert "DIFFERS: 1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "no/such/file.py"], "no such file"),
        (["verify", "no_such_module_xyz"], "neither a .py file"),
        (["verify", "standard_model", "--eq", "99"], "no equation '99'"),
        (["verify", "multiwell.units"], "defines no function claims()"),
    ],
    ids=["missing-file", "unknown-name", "unknown-eq", "no-claims"],
)
def test_verify_bad_paper_or_eq_exits_2(argv, message, capsys):
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_verify_eq_takes_string_keys_and_shows_progress(monkeypatch, capsys):
    monkeypatch.setattr(cli._verify, "PROGRESS_AFTER_S", 0.0)
    assert cli.main(["verify", "standard_model", "--eq", "C-g0", "--eq", "T0"]) == 0
    captured = capsys.readouterr()
    assert "AGREES-UP-TO: 2" in captured.out and "--verbose shows them in full" in captured.out
    assert "[2/2] Eq. T0" in captured.err  # the progress line


def test_verify_eq_13_verbose_prints_the_whole_reason_and_the_corrected_form(capsys):
    from multiwell.papers.jug_paliienko import claims
    from multiwell.verify import check

    assert cli.main(["verify", "--eq", "13", "--verbose"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # undo the wrapping
    row = check(next(c for c in claims() if c.equation == "13"))
    assert " ".join(row.detail.split()) in out  # the whole reason, nothing cut
    assert f"corrected: {row.corrected}" in out and "sqrt(6)" in row.corrected


TEXT_CLAIMS = '''
"""Two rows: a notation slip and a text claim with two readings."""
import sympy as sp
from multiwell.verify import DIFFERS, Claim, Derived

x = sp.Symbol("x", real=True)

def claims():
    return [
        Claim("5", "notation slip", derive=lambda: Derived(x, detail="h.c. twice", verdict=DIFFERS, corrected=x),
              kind="notation"),
        Claim("T0", "a text claim", printed=lambda: "55 mK",
              derive=lambda: Derived("177 mK", detail="the minimum", verdict=DIFFERS, corrected="177 mK",
                                     assumption="Table I", readings=(("2 pi f", "177 mK"), ("f", "92 mK")),
                                     default_reading="2 pi f")),
    ]
'''


def test_verify_eq_selects_string_keys_and_verbose_shows_the_class(tmp_path, capsys):
    paper = tmp_path / "text_claims.py"
    paper.write_text(TEXT_CLAIMS)
    out_json = tmp_path / "rows.json"
    assert cli.main(["verify", str(paper), "--eq", "T0", "-v", "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "T0" in out and "notation slip" not in out
    assert "2 pi f [library default]: 177 mK" in out and "Table I" in out and "substantive" in out
    (row,) = json.loads(out_json.read_text())
    assert row["class"] == "substantive" and row["readings"][1] == {"reading": "f", "result": "92 mK"}
    assert cli.main(["verify", str(paper), "--eq", "5"]) == 0
    assert "notation" in capsys.readouterr().out
    assert cli.main(["verify", str(paper), "--eq", "t0"]) == 2
    assert "'t0'" in capsys.readouterr().err


def test_help_loads_no_heavy_module():
    """`multiwell --help` must answer without SymPy, pint, SciPy or NumPy (they take seconds to import)."""
    import subprocess
    import sys

    code = (
        "import sys; from multiwell.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sympy', 'pint', 'scipy', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# -- geometries from files: derive FILE [--field B] [--direction x,y,z] [--cutoff d] ------------------------------
E_CHARGE, HBAR = 1.602176634e-19, 6.62607015e-34 / (2 * 3.141592653589793)  # exact SI constants (C, J s)
SQUARE_XYZ = "4\nsquare of side 2.5 angstrom\nH 0 0 0\nH 2.5 0 0\nH 2.5 2.5 0\nH 0 2.5 0\n"
def _centred_hexagon_toml(tmp_path):
    # wells at the centre and at six corners given with exact half-integers and a common factor: a hexagon
    # squashed to (+-2, 0), (+-1, +-2) is no longer regular; it keeps the mirrors x -> -x, y -> -y (order 4)
    corners = [(2, 0), (1, 2), (-1, 2), (-2, 0), (-1, -2), (1, -2)]
    wells = ", ".join(f"{{position = [{x}, {y}]}}" for x, y in [(0, 0), *corners])
    bonds = ", ".join(f"[0, {k}]" for k in range(1, 7)) + ", " + ", ".join(
        f"[{k}, {k % 6 + 1}]" for k in range(1, 7))
    path = tmp_path / "hexagon.toml"
    path.write_text(f'name = "squashed hexagon"\nunit = "angstrom"\nwells = [{wells}]\nbonds = [{bonds}]\n')
    return path


def test_derive_reads_an_xyz_file_end_to_end(tmp_path, capsys):
    pytest.importorskip("ase")
    path = tmp_path / "square.xyz"
    path.write_text(SQUARE_XYZ)
    assert cli.main(["derive", str(path), "--field", "2T"]) == 0
    out = capsys.readouterr().out
    phi_B = E_CHARGE * 2 * (2.5e-10) ** 2 / HBAR  # e B a^2 / hbar for the 2.5 A square (hand)
    assert f"phi_B = {phi_B:.6g}" in out
    assert "4 wells, 4 bonds (D_0), 1 independent loop, positions in Å" in out
    # at equal energies the magnetic translations (order 4) give four 1x1 blocks: 2 D_0 cos((phi_B + 2 pi k)/4)
    assert "symmetry group of order 4; block sizes 1, 1, 1, 1" in out and "4 of 4 levels in closed form" in out
    assert "φ_B" in out


def test_derive_file_with_cutoff_and_direction(tmp_path, capsys):
    pytest.importorskip("ase")
    path = tmp_path / "square.xyz"
    path.write_text(SQUARE_XYZ)
    assert cli.main(["derive", str(path), "--cutoff", "3.6", "--field", "500mT", "--direction", "0,0,-1"]) == 0
    out = capsys.readouterr().out
    phi_B = E_CHARGE * 0.5 * (2.5e-10) ** 2 / HBAR  # the hull (the square) along -z: the same |flux| (hand)
    assert f"phi_B = {phi_B:.6g}" in out and "along (0, 0, -1)" in out
    assert "4 wells, 6 bonds (D_1, D_2), 3 independent loops" in out


def test_derive_toml_keeps_the_energies_of_the_file(tmp_path, capsys):
    path = tmp_path / "pair.toml"
    path.write_text('wells = [{position = [0, 0], energy = "E_x"}, {position = [1, 0], energy = "E_x"}]\n'
                    'bonds = [[0, 1, "t"]]\n')
    assert cli.main(["derive", str(path)]) == 0
    out = capsys.readouterr().out
    # two equal wells: E_x -+ t (hand), with the swap symmetry (order 2), no fallback to other energies
    assert "level 0: Eₓ - t" in out and "level 1: Eₓ + t" in out
    assert "symmetry group of order 2" in out and "equal on-site energies" not in out


def test_derive_a_file_above_six_wells_gives_levels_at_equal_energies(tmp_path, capsys):
    assert cli.main(["derive", str(_centred_hexagon_toml(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Hamiltonian of squashed hexagon" in out and "7 wells, 12 bonds (D_0), 6 independent loops" in out
    assert "not derived above 6 wells" in out and "Spectrum at equal on-site energies E_i = E" in out
    assert "symmetry group of order 4" in out and "of 7 levels in closed form" in out


def test_codegen_of_a_file_in_a_field_agrees_with_a_hand_built_peierls_matrix(tmp_path, capsys):
    pytest.importorskip("ase")
    import numpy as np

    path = tmp_path / "square.xyz"
    path.write_text(SQUARE_XYZ)
    out = tmp_path / "square_levels.py"
    assert cli.main(["codegen", str(path), "--field", "300T", "-o", str(out)]) == 0
    namespace: dict = {}
    exec(compile(out.read_text(), str(out), "exec"), namespace)  # the file we just generated
    E, D = (0.1, -0.3, 0.2, 0.05), 0.8
    theta = E_CHARGE * 300 * (2.5e-10) ** 2 / HBAR / 4  # a quarter of the flux on each side, counter-clockwise
    H = np.diag(E).astype(complex)
    for a in range(4):
        b = (a + 1) % 4
        H[a, b], H[b, a] = D * np.exp(1j * theta), D * np.exp(-1j * theta)
    # gauge-invariant: the same levels for any gauge with this loop flux; both LAPACK, ||H|| ~ 1.7
    np.testing.assert_allclose(namespace["f"](*E, D), np.linalg.eigvalsh(H), rtol=0, atol=1e-13)


def _files(tmp_path):
    (tmp_path / "square.xyz").write_text(SQUARE_XYZ)
    (tmp_path / "line.xyz").write_text("3\n\nH 0 0 0\nH 1 0 0\nH 2 0 0\n")
    (tmp_path / "apart.xyz").write_text("4\n\nH 0 0 0\nH 1 0 0\nH 5 0 0\nH 5 1 0\n")
    (tmp_path / "bananas.toml").write_text('unit = "bananas"\nwells = [{position = [0, 0]}, {position = [1, 0]}]\n')


FILE_BAD = [
    (["derive", "square.xyz", "--field", "2"], "--field: expected a magnetic field with its unit"),
    (["derive", "square.xyz", "--field", "2 eV"], "--field: expected a magnetic field"),
    (["derive", "square.xyz", "--field", "2 bananas"], "--field: expected a magnetic field"),
    (["derive", "square.xyz", "--field", "2T", "--direction", "0,0"], "--direction: expected three numbers"),
    (["derive", "square.xyz", "--field", "2T", "--direction", "0,0,0"], "--direction: expected three numbers"),
    (["derive", "square.xyz", "--flux", "--direction", "x,y,z"], "--direction: expected three numbers"),
    (["derive", "square.xyz", "--direction", "0,0,1"], "--direction: the direction of a field"),
    (["derive", "square.xyz", "--field", "2T", "--flux"], "--field, --flux: give one"),
    (["derive", "ring", "5", "--cutoff", "3"], "--cutoff: the preset 'ring' has its bonds"),
    (["derive", "square.xyz", "--cutoff", "-1"], "--cutoff: expected a positive distance"),
    (["derive", "square.xyz", "--cutoff", "1"], "cutoff: cutoff 1 Å gives no bonds"),
    (["derive", "nowhere.xyz"], "GEOMETRY: no such file 'nowhere.xyz'"),
    (["derive", "square.xyz", "4"], "N: a geometry file takes no number of wells"),
    (["derive", "ring", "5", "--field", "2T"], "--field: the geometry 'ring(5)' has positions without a length unit"),
    (["derive", "line.xyz", "--cutoff", "2.1"], "the bond (0, 2) (cutoff 2.1 Å) passes through well 1"),
    (["derive", "apart.xyz"], "leave the wells in 2 separate groups"),
    (["derive", "bananas.toml"], "bananas.toml: unit: unknown unit 'bananas'"),
    (["codegen", "square.xyz", "--field", "1 m"], "--field: expected a magnetic field"),
]


@pytest.mark.parametrize(("argv", "message"), FILE_BAD, ids=[
    "field-without-unit", "field-energy", "field-unknown-unit", "direction-two", "direction-zero",
    "direction-not-numbers", "direction-without-field", "field-and-flux", "cutoff-with-preset", "cutoff-negative",
    "cutoff-no-bonds", "missing-file", "n-with-file", "field-dimensionless-preset", "collinear-loop",
    "disconnected", "toml-unknown-unit", "codegen-field-length"])
def test_bad_file_options_exit_2_before_any_output(argv, message, tmp_path, monkeypatch, capsys):
    if any(a in ("line.xyz", "apart.xyz") for a in argv) or ("square.xyz" in argv and "cutoff" in message):
        pytest.importorskip("ase")
    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""  # every option is checked before anything is printed


def test_structure_file_without_ase_exits_1_naming_the_extra(tmp_path, monkeypatch, capsys):
    import sys

    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "ase", None)
    monkeypatch.setitem(sys.modules, "ase.io", None)
    assert cli.main(["derive", "square.xyz"]) == 1
    assert "multiwell[structures]" in capsys.readouterr().err


def test_derive_a_large_file_with_its_own_energies_skips_the_polynomial(tmp_path, capsys):
    path = _centred_hexagon_toml(tmp_path)
    text = path.read_text().replace("{position = [0, 0]}", '{position = [0, 0], energy = "E_c"}')
    for x, y in [(2, 0), (1, 2), (-1, 2), (-2, 0), (-1, -2), (1, -2)]:
        text = text.replace(f"{{position = [{x}, {y}]}}", f'{{position = [{x}, {y}], energy = "E_a"}}')
    path.write_text(text)
    assert cli.main(["derive", str(path)]) == 0
    out = capsys.readouterr().out
    # the file's two energy names are kept: the mirrors (order 4) and levels in E_a, E_c, no polynomial printed
    assert "printed for up to 6 wells" in out and "equal on-site energies" not in out
    assert "symmetry group of order 4" in out and "Eₐ" in out and "E_c" in out
    # the bond graph is a six-ring around a centre: ring levels 2 D_0 cos(2 pi k / 6) and, from the k = 0 mode
    # and the centre, D_0 + (E_a + E_c)/2 -+ sqrt((2 D_0 + E_a - E_c)^2 + 24 D_0^2)/2 (hand): all closed forms
    assert "level 5: -2⋅D₀ + Eₐ" in out and "28⋅D₀" in out and "7 of 7 levels in closed form" in out
