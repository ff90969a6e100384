"""Sphinx configuration for the multiwell documentation.

Build (warnings are errors, every notebook executed, a failing cell fails the build)::

    cd docs && python -m sphinx -n -W --keep-going -b html . _build/html

or ``.ci/build-docs`` from the repository root.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # document the working tree, also without an editable install
os.environ.setdefault("MPLBACKEND", "Agg")

import multiwell  # noqa: E402

project = "multiwell"
author = "multiwell developers"
copyright = "multiwell developers"  # noqa: A001
release = getattr(multiwell, "__version__", "0.1.0")

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "README.md"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
root_doc = "index"

# -- MyST and MyST-NB: tutorials are jupytext MyST notebooks executed at build time --------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_raise_on_error = True  # a cell that raises fails the build
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_execution_allow_errors = False
nb_merge_streams = True
nb_kernel_rgx_aliases = {".*": "python3"}  # whatever kernel a page names, run it in this environment

# -- autodoc (numpydoc docstrings through napoleon) ------------------------------------------------
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = False

# napoleon reads the first line of a data/attribute docstring as "type: description" when it
# contains a colon ("PERCOLATION_2D = ...; """2D percolation: nu = 4/3 ..."""" would get the type
# "2D percolation"). multiwell's house style puts types only in annotations, never inline, so
# the whole docstring is the description.
from sphinx.ext.napoleon import docstring as _napoleon_docstring  # noqa: E402


def _inline_attribute_without_type(self):
    lines = self._dedent(self._consume_to_end())
    return "", self.__class__(lines, self._config).lines()


_napoleon_docstring.GoogleDocstring._consume_inline_attribute = _inline_attribute_without_type

# -- nitpicky mode (-n): every cross-reference must resolve --------------------------------------------
# The docs build offline (no intersphinx inventories), so references into other projects'
# documentation cannot resolve; they are listed here by namespace. References into
# multiwell itself are NOT ignored: a broken one fails the build.
nitpick_ignore_regex = [
    (r"py:.*", r"(sympy|sp|numpy|np|pint|mpmath|matplotlib|scipy|hypothesis|st|flint)(\..*)?"),
    (r"py:.*", r"(collections\.abc|typing|dataclasses|pathlib|os)\..*"),
    (r"py:.*", r"(Sequence|Mapping|Callable|Iterable|Iterator|Any|Path|SearchStrategy|Figure|Axes)"),
    (r"py:.*", r"(Poly|Expr|Symbol|Basic|Matrix|ImmutableMatrix|MatrixBase|Quantity|Function|ndarray|Float)"),
    (r"py:class", r"(optional|default.*|callable|array_like|array-like|function|object|module)"),
    (r"py:class", r"(sympy expression|sympy expressions|pint Quantity|SymPy expression)"),
    (r"py:class", r"(QuantityArgument|QuantityT|UnitLike|PlainQuantity|UnitsContainer)"),  # pint's annotations
    # private helpers (a leading underscore) are not part of the reference, by design
    (r"py:.*", r"multiwell(\.\w+)*\._\w+(\..*)?"),
]


def _resolve_short_names(app, env, node, contnode):
    """Resolve ``Geometry.loops`` or ``multiwell.to_numpy`` to the one documented multiwell object ending so.

    The docstrings name objects as a reader sees them (``multiwell.to_numpy``, re-exported
    from ``multiwell.numeric``) or relative to the package (``Geometry.loops`` inside
    ``multiwell.hamiltonian``). Resolve such a name only when exactly one documented
    ``multiwell`` object ends with it; anything else stays a broken reference (an error).
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    short = target.removeprefix("multiwell.") if target.startswith("multiwell.") else target
    domain = env.get_domain("py")
    matches = [
        name for name in domain.objects
        if name.startswith("multiwell.") and (name.endswith("." + short))
    ]
    if len(matches) != 1:
        matches = _reexported(target, domain.objects)
    if len(matches) != 1:
        return None
    from sphinx.util.nodes import make_refnode

    name = matches[0]
    obj = domain.objects[name]
    return make_refnode(app.builder, node["refdoc"], obj.docname, obj.node_id, contnode, name)


def _reexported(target, objects):
    """``[defining name]`` of a ``multiwell.pkg.name`` re-exported from a documented submodule, else ``[]``.

    ``multiwell.tunneling.heat_capacity`` is documented where it is defined,
    ``multiwell.tunneling.thermal.heat_capacity``: import the name and look up the object's own module.
    """
    import importlib

    module, _, attr = target.rpartition(".")
    if not module.startswith("multiwell"):
        return []
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return []
    name = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
    return [name] if name in objects else []


def setup(app):
    app.connect("missing-reference", _resolve_short_names)


# -- HTML -----------------------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = "multiwell"
html_static_path: list[str] = []
html_theme_options = {
    "description": "Symbolic N-well tunnelling Hamiltonians with Peierls phases",
    "fixed_sidebar": True,
}
