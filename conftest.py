"""Root test configuration: doctests that need an optional extra skip, with the reason, when it is missing.

The library imports its optional extras (matplotlib, numba, dask) lazily, so a plain
``pip install -e '.[test]'`` runs everything else; a doctest of :mod:`multiwell.plotting`
needs the ``plot`` extra and is skipped without it (tests under tests/ use
``pytest.importorskip`` themselves).
"""

from __future__ import annotations

import importlib.util

import pytest

# module (as a file path suffix) whose doctests need an extra -> (import name, extra)
_DOCTEST_EXTRAS = {"multiwell/plotting.py": ("matplotlib", "plot")}


def pytest_collection_modifyitems(config, items):
    for path, (module, extra) in _DOCTEST_EXTRAS.items():
        if importlib.util.find_spec(module) is not None:
            continue
        skip = pytest.mark.skip(reason=f"needs {module}: pip install 'multiwell[{extra}]'")
        for item in items:
            if isinstance(item, pytest.DoctestItem) and str(item.path).replace("\\", "/").endswith(path):
                item.add_marker(skip)
