"""Every derivations/*.py script runs and writes its page: one subprocess per script, into a temporary directory.

Each script regenerates one page of docs/derivations (a section or appendix of the seed paper)
from the public API; ``--out DIR`` sends the page to DIR and its figures and data to DIR/figures,
so the test leaves the repository untouched. A script passes when it exits 0, writes
``<script name>.md``, every figure or data file the page links to exists, and no derivation in
its verification table crashed (``multiwell.verify`` reports a crash as the verdict ERROR).

Together the scripts take about 2-3 minutes of CPU (most of it in the symbolic derivations of
``multiwell verify``), hence the ``slow`` marker; CI runs slow tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "derivations").glob("*.py"))
_LINKS = re.compile(r"\]\((figures/[^)\s]+)\)|<(figures/[^>\s]+)>")


def test_every_section_has_a_script():
    # guard against a glob that finds nothing (the parametrised test would then pass vacuously)
    assert {p.stem for p in SCRIPTS} >= {
        "sec2_hamiltonians", "sec3_dielectric", "sec4_heat_capacity", "appendix_four_well", "appendix_cluster",
    }


def test_link_pattern_finds_images_and_downloads():
    text = "![a](figures/a.png) and {download}`b.csv <figures/b.csv>`, not [c](https://x.org/c.png)"
    assert [a or b for a, b in _LINKS.findall(text)] == ["figures/a.png", "figures/b.csv"]


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_derivation_script_writes_its_page(script, tmp_path):
    if re.search(r"matplotlib|plotting", script.read_text(encoding="utf-8")):
        pytest.importorskip("matplotlib", reason="this page draws figures: pip install 'multiwell[docs]'")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-W", "error", str(script), "--out", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 0, f"{script.name} failed:\n{result.stderr[-4000:]}"
    page = tmp_path / f"{script.stem}.md"
    assert page.is_file(), f"{script.name} did not write {page.name} into --out"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# "), "a page starts with its title"
    linked = [a or b for a, b in _LINKS.findall(text)]
    missing = [name for name in linked if not (tmp_path / name).is_file()]
    assert not missing, f"{page.name} links to files the script did not write: {missing}"
    crashed = re.findall(r"^\| (\S+) \| ERROR \|", text, flags=re.M)
    assert not crashed, f"derivations crashed for Eqs. {crashed} (see {page.name})"
