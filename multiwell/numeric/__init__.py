r"""The one bridge from symbolic to numeric: NumPy and mpmath functions, spectra, gaps, Python and C source.

Every function here turns a SymPy object (an expression, a list of them, a matrix, or a
:class:`~multiwell.hamiltonian.Hamiltonian`, meaning its ascending eigenvalues) into a
frozen, callable :class:`NumericFunction` with an explicit argument order ``params``;
the keyword names are the symbol names (kwant's ``params`` style). This is the only
module of multiwell that calls :func:`sympy.lambdify`, and it avoids lambdify's traps:

- constant entries of a matrix broadcast to the common shape of the inputs (lambdify
  returns a bare scalar for them);
- sums and products with thousands of terms are printed as balanced trees, so Python's
  compiler does not hit its recursion limit;
- the mpmath backend prints rationals as ``mpf(p)/mpf(q)`` evaluated at the working
  precision, so exact rationals (and :math:`\pi`, :math:`\sqrt2`) stay exact to any ``dps``;
- C source splits complex values into real and imaginary parts (plain C99 ``double``).

Spectra of Hamiltonians are computed in closed form when one exists (1 and 2 levels,
Viète's trigonometric form for 3 levels, the Bloch band of uniform rings) and by batched
:func:`numpy.linalg.eigvalsh` otherwise; ``f.method`` says which. For 3 levels the
invariants :math:`p`, :math:`q` and :math:`\Delta = p^3-q^2` (the discriminant over 108)
are derived symbolically, with the large terms cancelled exactly, so near-degenerate
gaps keep full float64 precision (:func:`spectral_gap`).

Examples
--------
>>> import sympy as sp
>>> x, y = sp.symbols("x y", real=True)
>>> f = to_numpy(sp.Matrix([[x, 1], [1, y]]), params=(x, y))
>>> f(x=[0.0, 1.0], y=2.0)       # the constant entries broadcast
array([[[0., 1.],
        [1., 2.]],
<BLANKLINE>
       [[1., 1.],
        [1., 2.]]])
>>> import mpmath
>>> g = to_mpmath(x / 3, params=(x,), dps=30)
>>> mpmath.nstr(g(1), 30)          # the rational 1/3 kept exact to 30 digits
'0.333333333333333333333333333333'
"""

from multiwell.numeric import _converters as _converters_module
from multiwell.numeric._codegen import to_c
from multiwell.numeric._converters import spectral_gap, to_mpmath, to_numpy, to_source
from multiwell.numeric._function import NumericFunction, QuantityFunction, with_units
from multiwell.numeric._jax import to_jax

DEFAULT_DPS = _converters_module.DEFAULT_DPS
"""Default significant digits of the mpmath backend."""
RTOL_FLOAT64 = _converters_module.RTOL_FLOAT64
"""Relative tolerance within which float64 results of this module are documented to agree
with a 50-digit mpmath reference (a few hundred ulp: the rounding of O(10) operations)."""

__all__ = [
    "DEFAULT_DPS",
    "RTOL_FLOAT64",
    "NumericFunction",
    "QuantityFunction",
    "spectral_gap",
    "to_c",
    "to_jax",
    "to_mpmath",
    "to_numpy",
    "to_source",
    "with_units",
]
