"""Every public function and class has a docstring with a runnable example (issue 6).

pytest runs with ``--doctest-modules`` over ``multiwell/``, so a ``>>>`` line in a
docstring is executed; this test makes sure every name a module exports in ``__all__``
has one. Checked: functions and classes defined in multiwell (an alias of a foreign
object, like ``Q_ = ureg.Quantity``, is documented in its module's docstring instead),
not exception classes (their message is their documentation) and not plain constants.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "multiwell",
    "multiwell.geometry",
    "multiwell.hamiltonian",
    "multiwell.numeric",
    "multiwell.cluster",
    "multiwell.verify",
    "multiwell.units",
    "multiwell.plotting",
    "multiwell.strategies",
    "multiwell.tunneling",
    "multiwell.cli",
    "multiwell.papers.jug_paliienko",
    "multiwell.spectrum",
    "multiwell.limits",
]


def _documented_objects(module_name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(module_name)
    out = []
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.ismodule(obj):
            continue
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # constants (numbers, strings, quantities, the registry)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            continue
        home = getattr(obj, "__module__", "") or ""
        if not home.startswith("multiwell"):
            continue  # an alias of a foreign object (Q_ is pint's ureg.Quantity)
        out.append((f"{module_name}.{name}", obj))
    return out


CASES = [case for module_name in MODULES for case in _documented_objects(module_name)]


def test_the_list_covers_every_module_and_kind():
    # guards against the filter above silently emptying the list
    names = {name for name, _ in CASES}
    assert len(CASES) > 100
    for expected in (
        "multiwell.geometry.Geometry", "multiwell.geometry.complete", "multiwell.verify.check",
        "multiwell.strategies.geometries", "multiwell.cli.main", "multiwell.tunneling.FitResult",
        "multiwell.papers.jug_paliienko.claims", "multiwell.units.kelvin_to_energy",
        "multiwell.spectrum.characteristic_polynomial", "multiwell.spectrum.eigenvalues",
        "multiwell.limits.eigenvalue_series", "multiwell.limits.effective_hamiltonian", "multiwell.limits.reduce",
    ):
        assert expected in names
    assert not any(name.endswith((".Q_", ".ureg", "Error")) for name in names)


@pytest.mark.parametrize(("name", "obj"), CASES, ids=[name for name, _ in CASES])
def test_public_object_has_a_docstring_with_an_example(name, obj):
    doc = obj.__doc__
    assert doc, f"{name}: no docstring"
    assert ">>>" in doc, f"{name}: the docstring has no '>>>' example (it would run as a doctest)"
