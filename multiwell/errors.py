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
    "SizeLimitError",
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


class SizeLimitError(MultiwellError, ValueError):
    """A symbolic step would exceed its size guard (too many loops, flux generators or terms).

    The message names the input that is too large, the limit, and the route that still works
    (usually the numeric one: :meth:`~multiwell.hamiltonian.Hamiltonian.eigvalsh` or
    :func:`~multiwell.numeric.to_numpy` of the Hamiltonian).
    """


class UnitError(MultiwellError, TypeError):
    """A quantity is missing its units or has the wrong dimension."""
