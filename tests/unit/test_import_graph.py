"""The package's import graph has no cycles, lazy imports inside functions included (issue 27).

Every ``import``/``from ... import`` statement anywhere in a module (top level, inside a function,
under ``TYPE_CHECKING``) is an edge from that module to the module it names; importing a submodule
also runs its package's ``__init__``, so ``multiwell.a.b`` depends on ``multiwell.a`` too, except
from inside package ``a`` itself (a package's own ``__init__`` imports its private modules, and those
import each other, never the ``__init__``). The layers of the pipeline must form a DAG: a cycle means a
stage imports a stage after it, which is how the numeric <-> codegen and hamiltonian <-> _validate
cycles of the old flat layout came about.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import multiwell

ROOT = pathlib.Path(multiwell.__file__).parent


def _module_name(path: pathlib.Path) -> str:
    parts = ["multiwell", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, pathlib.Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _imports(name: str, path: pathlib.Path, known: set[str]) -> set[str]:
    """The multiwell modules that ``name`` imports, wherever the statement stands."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from pkg import sub` names the module pkg.sub; `from mod import name` names mod
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in known else source for a in node.names]
        for t in targets:
            while t and t not in known:  # `from pkg import name` names a module only if it is one
                t = t.rpartition(".")[0]
            if not t or t == name:
                continue
            out.add(t)
            # importing multiwell.a.b runs multiwell.a's __init__ first (unless we are inside a)
            parent = t.rpartition(".")[0]
            while parent and parent != "multiwell" and not name.startswith(parent + "."):
                out.add(parent)
                parent = parent.rpartition(".")[0]
    out.discard("multiwell")  # the root __init__ is lazy: it imports nothing at import time
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_checker_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_lazy_and_relative_imports():
    graph = _graph()
    assert "multiwell.errors" in graph["multiwell.units"]
    assert len(graph) > 60


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (each line one strongly connected set of modules):\n" + "\n".join(
        " <-> ".join(c) for c in cycles
    )


@pytest.mark.parametrize("stage, later", [
    ("multiwell.geometry", ("multiwell.hamiltonian", "multiwell.spectrum", "multiwell.numeric", "multiwell.verify")),
    ("multiwell.hamiltonian", ("multiwell.symmetry", "multiwell.spectrum", "multiwell.limits", "multiwell.numeric")),
    ("multiwell.spectrum", ("multiwell.limits", "multiwell.numeric", "multiwell.tunneling", "multiwell.verify")),
    ("multiwell.numeric", ("multiwell.tunneling", "multiwell.cluster", "multiwell.verify", "multiwell.cli")),
    ("multiwell._validate", ("multiwell.hamiltonian", "multiwell.geometry", "multiwell.numeric")),
])
def test_a_stage_imports_only_stages_before_it(stage, later):
    graph = _graph()
    mine = {m for m in graph if m == stage or m.startswith(stage + ".")}
    bad = sorted((m, t) for m in mine for t in graph[m] if any(t == x or t.startswith(x + ".") for x in later))
    assert not bad, f"{stage} imports a later stage: {bad}"
