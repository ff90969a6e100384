"""multiwell: symbolic N-well tunnelling Hamiltonians, their spectra and limits, numeric code and glass observables.

The public API is re-exported here; see the submodules for the implementations.
"""

from .errors import GeometryError, MultiwellError, NotHermitianError, ParameterError, UnitError
from .units import Q_, ureg

__all__ = [
    "GeometryError",
    "MultiwellError",
    "NotHermitianError",
    "ParameterError",
    "Q_",
    "UnitError",
    "ureg",
]
