"""Every CLI subcommand and every ``plot`` choice, run end to end on small inputs.

The lists of subcommands and plot choices are read from the parser itself, so a new one
without a smoke test fails here. Outputs are checked against an independent route where
there is one (generated code against ``numpy.linalg.eigvalsh``; the double well's levels
against :math:`\\bar E \\pm \\sqrt{(\\Delta E/2)^2 + \\Delta_0^2}` by hand).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest

from multiwell import cli
from multiwell.cli import _main as cli_main

SUBCOMMANDS = ("verify", "derive", "codegen", "plot")
PLOTS = ("spectrum", "heat-capacity", "dielectric", "field")


def _choices(parser, dest):
    action = next(a for a in parser._actions if a.dest == dest)
    return action.choices


def test_the_smoke_tests_cover_every_subcommand_and_plot():
    parser = cli_main._parser()
    subparsers = _choices(parser, "command")
    assert set(subparsers) == set(SUBCOMMANDS)
    assert set(_choices(subparsers["plot"], "what")) == set(PLOTS)


def test_the_command_line_starts_in_a_fresh_interpreter():
    done = subprocess.run([sys.executable, "-m", "multiwell.cli", "--help"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert all(command in done.stdout for command in SUBCOMMANDS)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_of_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: multiwell " + command in capsys.readouterr().out


def test_derive_double_well_with_a_series(capsys):
    assert cli.main(["derive", "double_well", "--small", "Delta_0", "--order", "2"]) == 0
    out = capsys.readouterr().out
    assert "Characteristic polynomial" in out and "Series in Delta_0 to order 2" in out


def test_codegen_python_agrees_with_eigvalsh(tmp_path, capsys):
    out = tmp_path / "spectrum.py"
    assert cli.main(["codegen", "complete", "3", "--flux", "-o", str(out)]) == 0
    namespace: dict = {}
    exec(compile(out.read_text(), str(out), "exec"), namespace)  # the file we just generated
    E = (0.3, -0.1, -0.2)
    D_0, phi = 0.7, 0.4
    levels = namespace["f"](*E, D_0, phi)
    t = D_0 * np.exp(1j * phi / 3)  # the symmetric gauge: phi/3 on each bond of the triangle
    H = np.array([[E[0], t, np.conj(t)], [np.conj(t), E[1], t], [t, np.conj(t), E[2]]])
    # Viete's closed form against LAPACK: both at a few ulp of ||H|| ~ 1.4
    np.testing.assert_allclose(levels, np.linalg.eigvalsh(H), rtol=0, atol=1e-13)


def test_codegen_c_compiles_and_gives_the_double_well_levels(tmp_path, capsys):
    assert cli.main(["codegen", "double_well", "--to", "c"]) == 0
    source = capsys.readouterr().out
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler on PATH")
    main_c = tmp_path / "main.c"
    main_c.write_text(source + '\n#include <stdio.h>\nint main(void) { double out[2];\n'
                      "    f(1.0, -1.0, 0.5, out);\n"
                      "    printf(\"%.17g %.17g\\n\", out[0], out[1]);\n    return 0;\n}\n")
    exe = tmp_path / "levels"
    subprocess.run([cc, "-O1", "-o", str(exe), str(main_c), "-lm"], check=True, timeout=120)
    lo, hi = map(float, subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split())
    # E_L = 1, E_R = -1, Delta_0 = 0.5 (paper convention +Delta_0): 0 -+ sqrt(1 + 1/4), by hand
    assert lo == pytest.approx(-math.sqrt(1.25), rel=1e-15) and hi == pytest.approx(math.sqrt(1.25), rel=1e-15)


@pytest.mark.parametrize("what", PLOTS)
def test_every_plot_choice_writes_a_figure(what, tmp_path):
    pytest.importorskip("matplotlib", reason="plot needs the plot extra (matplotlib)")
    out = tmp_path / f"{what}.png"
    extra = {"spectrum": ["complete", "3", "--flux"], "field": ["--systems", "256", "--T", "0.5", "--B", "1"]}
    argv = ["plot", what, *extra.get(what, []), "-o", str(out)]
    assert cli.main(argv) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_says_which_extra(tmp_path, monkeypatch, capsys):
    from multiwell import plotting

    def missing():
        raise ImportError("plotting needs matplotlib: pip install 'multiwell[plot]'")

    monkeypatch.setattr(plotting, "_pyplot", missing)
    assert cli.main(["plot", "dielectric", "-o", str(tmp_path / "d.png")]) == 1
    assert "multiwell[plot]" in capsys.readouterr().err


@pytest.mark.slow
def test_verify_runs_every_printed_equation(tmp_path, capsys):
    from multiwell.papers.jug_paliienko import claims

    out = tmp_path / "rows.json"
    assert cli.main(["verify", "--json", str(out)]) == 0  # findings (DIFFERS) are not failures
    rows = json.loads(out.read_text())
    assert len(rows) == len(claims()) and all(r["verdict"] != "ERROR" for r in rows)
