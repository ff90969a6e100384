"""The documentation runs as written: the README quickstart and every executable docs page.

Each page's code is executed top to bottom in one namespace, in a temporary working
directory, with matplotlib's Agg backend: the ```python blocks of README.md, and the
``{code-cell}`` blocks of every MyST notebook under docs/ (tutorials, how-to guides,
explanations). A page that raises, or warns (pytest turns warnings into errors), fails.
The Sphinx build (``.ci/build-docs``) executes the same pages again in a Jupyter kernel
and renders them; this test is the fast check that runs with the normal test suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_PYTHON = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


def code_cells(text: str) -> list[str]:
    """The source of each ``{code-cell}`` of a MyST notebook, without its option lines."""
    cells = []
    for body in _FENCE.findall(text):
        lines = body.splitlines()
        if lines and lines[0].strip() == "---":  # YAML block of cell options
            end = lines.index("---", 1)
            lines = lines[end + 1 :]
        while lines and lines[0].startswith(":"):  # short-form cell options, e.g. ":tags: [...]"
            lines = lines[1:]
        cells.append("\n".join(lines))
    return cells


def python_blocks(text: str) -> list[str]:
    """The source of each ```python block of a Markdown file."""
    return _PYTHON.findall(text)


def notebook_pages() -> list[Path]:
    """Every MyST notebook in docs/ (a page with at least one code cell), generated derivations excepted."""
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        rel = path.relative_to(DOCS)
        if rel.parts[0] in ("_build", "derivations"):
            continue
        if code_cells(path.read_text(encoding="utf-8")):
            pages.append(path)
    return pages


def run_blocks(blocks: list[str], name: str, tmp_path: Path, monkeypatch) -> dict:
    """Execute ``blocks`` in order in one fresh namespace, in ``tmp_path``, with the Agg backend."""
    pytest.importorskip("matplotlib", reason="the docs pages draw figures: pip install 'multiwell[docs]'")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    namespace: dict = {"__name__": "__main__"}
    try:
        for k, source in enumerate(blocks):
            exec(compile(source, f"{name} [cell {k + 1}]", "exec"), namespace)
    finally:
        plt.close("all")
    return namespace


def test_the_docs_have_pages_to_run():
    # guard against a parser that silently finds nothing (every test below would then pass)
    names = {p.relative_to(DOCS).as_posix() for p in notebook_pages()}
    assert {"tutorial/01_ring_of_five.md", "tutorial/02_verify_a_formula.md"} <= names
    assert python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))


def test_code_cell_parser_keeps_order_and_drops_options():
    text = "x\n```{code-cell} ipython3\n:tags: [hide-input]\na = 1\n```\n\n```{code-cell} ipython3\nb = a + 1\n```\n"
    assert code_cells(text) == ["a = 1", "b = a + 1"]


def test_readme_quickstart_runs(tmp_path, monkeypatch, capsys):
    blocks = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    run_blocks(blocks, "README.md", tmp_path, monkeypatch)
    assert capsys.readouterr().out  # the quickstart prints its results


OPTIONAL = {"ase", "numba", "dask", "distributed", "jax", "matplotlib"}
"""The optional extras' modules: a page that needs one is skipped without it (CI installs them all)."""


def _missing_extra(exc: ImportError) -> str | None:
    """The reason to skip when ``exc`` says an optional extra is not installed, else ``None`` (a real failure)."""
    if getattr(exc, "name", None) in OPTIONAL and exc.__cause__ is None:
        return f"needs the optional module {exc.name}"
    if "pip install 'multiwell[" in str(exc):  # the library's own message for a missing extra
        return str(exc)
    return None


def test_a_missing_extra_is_told_from_a_real_import_error():
    assert _missing_extra(ModuleNotFoundError("No module named 'ase'", name="ase"))
    assert _missing_extra(ImportError("reading structure files needs ASE: pip install 'multiwell[structures]'"))
    assert _missing_extra(ModuleNotFoundError("No module named 'multiwell.nothing'", name="multiwell.nothing")) is None


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_docs_page_runs_as_written(page, tmp_path, monkeypatch):
    cells = code_cells(page.read_text(encoding="utf-8"))
    try:
        run_blocks(cells, page.relative_to(ROOT).as_posix(), tmp_path, monkeypatch)
    except ImportError as exc:
        reason = _missing_extra(exc)
        if reason is None:
            raise
        pytest.skip(reason)
