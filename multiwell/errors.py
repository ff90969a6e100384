"""Errors raised by multiwell.

Every error names the offending parameter and says what was expected, so that a
user reading a traceback knows what to change without opening the source.
"""

from __future__ import annotations

__all__ = [
    "GeometryError",
    "MultiwellError",
    "NotHermitianError",
    "ParameterError",
    "UnitError",
]


class MultiwellError(Exception):
    """Base class of every error multiwell raises on purpose."""


class GeometryError(MultiwellError, ValueError):
    """An impossible or unsupported arrangement of wells and bonds."""


class NotHermitianError(MultiwellError, ValueError):
    """A matrix handed in as a Hamiltonian is not Hermitian."""


class ParameterError(MultiwellError, ValueError):
    """A parameter (symbol, value, option) is missing, unknown or out of its domain."""


class UnitError(MultiwellError, TypeError):
    """A quantity is missing its units or has the wrong dimension."""
