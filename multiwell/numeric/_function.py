r"""Private part of :mod:`multiwell.numeric`: the value class :class:`NumericFunction` and units at its edge.

:class:`NumericFunction` is what every back-end returns (NumPy, numba, mpmath, JAX, the gap kernels);
:class:`QuantityFunction` and :func:`with_units` wrap one to take and return pint quantities. This module
imports no back-end, so each of them imports it, never the reverse.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pint
import sympy as sp

from multiwell._validate import check_assumptions, identifier
from multiwell.errors import ParameterError, UnitError
from multiwell.hamiltonian import Hamiltonian
from multiwell.numeric._lambdify import _bind
from multiwell.units import Q_, as_quantity, energy_to_kelvin, to_energy, ureg

__all__ = ["NumericFunction", "QuantityFunction", "with_units"]


@dataclass(frozen=True)
class NumericFunction:
    r"""A compiled numeric function of a symbolic object, called with ``params`` (position or name).

    Attributes
    ----------
    params
        The symbols, in the order of the positional arguments; keyword names are their names.
    expr
        The symbolic object it evaluates (expression, tuple, matrix or Hamiltonian).
    backend
        Which kernel runs: ``"numpy"``, ``"numba"`` (compiled, parallel), ``"mpmath"`` or ``"jax"``.
    method
        How it evaluates: ``"lambdify"`` for expressions; for spectra ``"scalar"``,
        ``"quadratic"``, ``"viete"``, ``"bloch"`` or ``"eigvalsh"``.
    precision
        A statement of the precision of the result.
    shape
        The shape of one sample of the output (appended to the broadcast shape of the inputs).
    source
        The generated Python source (what runs, apart from the fixed kernels).
    dps
        Working decimal digits (mpmath backend), else ``None``.
    jac_builder
        Builds the Jacobian kernel on first use (see :meth:`jacobian`), or ``None``.
    returns_jac
        Calls return ``(value, jacobian)`` (``to_numpy(..., jac=True)``).

    Notes
    -----
    For a 3-level Hamiltonian the spectrum is Viète's trigonometric form (paper Eq. 7),
    :math:`\lambda_k = m + 2\sqrt p\cos\frac{\theta + 2\pi k}{3}` (see :func:`to_numpy`).

    Examples
    --------
    The levels of Eq. 7 at :math:`E_i = 0`, :math:`D_0 = 1`: :math:`2\cos\frac{\phi + 2\pi k}{3}`,
    so :math:`\{-1, -1, 2\}` at :math:`\phi = 0` and :math:`\{-2, 1, 1\}` at :math:`\phi = \pi`;
    arguments go by position or by name and broadcast:

    >>> import numpy as np
    >>> import sympy as sp
    >>> from multiwell import complete, hamiltonian, to_numpy
    >>> phi = sp.Symbol("phi", real=True)
    >>> f = to_numpy(hamiltonian(complete(3), flux=phi))
    >>> f.params, f.method, f.shape
    ((E_1, E_2, E_3, D_0, phi), 'viete', (3,))
    >>> f(0.0, 0.0, 0.0, D_0=1.0, phi=np.array([0.0, np.pi])).round(12)
    array([[-1., -1.,  2.],
           [-2.,  1.,  1.]])
    """

    params: tuple[sp.Symbol, ...]
    expr: Any = field(repr=False)
    backend: str
    method: str
    precision: str
    shape: tuple[int, ...]
    source: str = field(repr=False)
    dps: int | None = None
    kernel: Callable = field(repr=False, compare=False, default=None)
    jac_builder: Callable | None = field(repr=False, compare=False, default=None)
    returns_jac: bool = field(repr=False, compare=False, default=False)
    _cache: dict = field(repr=False, compare=False, default_factory=dict, init=False)

    def __post_init__(self):
        # a real signature (inspect.signature, IDEs, lmfit read the names) and a docstring saying what runs
        for k, n in enumerate(self.names):  # signatures (and generated code) need identifiers
            identifier(n, name=f"params[{k}]")
        parameters = [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in self.names]
        object.__setattr__(self, "__signature__", inspect.Signature(parameters))
        what = "eigenvalues (ascending)" if isinstance(self.expr, Hamiltonian) else f"output shape {self.shape}"
        object.__setattr__(self, "__doc__", (
            f"{self.backend} function ({self.method}) of ({', '.join(self.names)}): {what}.\n\n"
            f"Precision: {self.precision}."
            + ("\nBatches under 4096 samples run the numpy kernel (same method; no compile), and larger ones"
               " until numba is ready (compiled in the background, kept on disk)."
               if self.backend == "numba" else "")
            + ("\nReturns (value, jacobian)." if self.returns_jac else "")
        ))

    @property
    def names(self) -> tuple[str, ...]:
        """The keyword names of the parameters (the symbol names)."""
        return tuple(s.name for s in self.params)

    def __call__(self, *args, check: bool = True, **kwargs):
        """The values at the given parameters; ``check=False`` skips the sign checks of the symbols' assumptions."""
        values = _bind(self.params, args, kwargs)
        if check:
            check_assumptions(dict(zip(self.params, values, strict=True)), name="values")
        if self.returns_jac:
            return self.kernel(values), self._jacobian_kernel()(values)
        return self.kernel(values)

    def jacobian(self, *args, **kwargs):
        r"""Return the derivative of every output by every parameter, shape ``batch + shape + (len(params),)``.

        Symbolic differentiation for expressions, Hellmann–Feynman
        :math:`\partial_\theta\lambda_k = \langle v_k|\partial_\theta H|v_k\rangle` for spectra and gaps
        (see ``multiwell.numeric._jacobian``). The last axis follows ``params``.

        Examples
        --------
        >>> import sympy as sp
        >>> from multiwell import to_numpy
        >>> x, y = sp.symbols("x y", real=True)
        >>> f = to_numpy(x**2 * y, params=(x, y))
        >>> f.jacobian(3.0, 2.0)                      # (2 x y, x^2)
        array([12.,  9.])
        """
        values = _bind(self.params, args, kwargs)
        return self._jacobian_kernel()(values)

    def _jacobian_kernel(self) -> Callable:
        if "jac" not in self._cache:
            if self.jac_builder is None:
                raise ParameterError(
                    f"jacobian: not available for a {self.backend} function of method {self.method!r}; "
                    "use the numpy backend (to_numpy, spectral_gap)"
                )
            self._cache["jac"] = self.jac_builder()
        return self._cache["jac"]

    def with_units(self, units: Mapping[str, str], output: str | None) -> QuantityFunction:
        """The same function taking and returning pint quantities (see :func:`with_units`)."""
        return with_units(self, units=units, output=output)


@dataclass(frozen=True)
class QuantityFunction:
    r"""A :class:`NumericFunction` taking and returning pint quantities, converted once at the edge.

    Attributes
    ----------
    function
        The unitless function.
    units
        The unit each parameter is converted to (by name); ``""`` means dimensionless (a
        plain number or a dimensionless quantity is accepted).
    output
        The unit of the result (``None``: a plain array).

    Notes
    -----
    Each argument crosses the unit edge once: :math:`x \mapsto x/[u]` in its unit :math:`u`,
    where an energy slot also takes a temperature (:math:`k_BT`) or a frequency
    (:math:`h\nu`); the result is the kernel's array times ``output``.

    Examples
    --------
    The double well of Eq. 1 in the paper's convention,
    :math:`\mathcal E_\pm = \tfrac12(E_L+E_R) \pm \sqrt{\tfrac14(E_L-E_R)^2 + \Delta_0^2}`: with
    :math:`E_{L,R} = \pm 3` K and :math:`\Delta_0 = 4` K the levels are :math:`\pm 5` K, also with
    :math:`\Delta_0` given as the energy :math:`k_B \cdot 4` K in meV:

    >>> from multiwell import Q_, double_well, hamiltonian, to_numpy
    >>> from multiwell.units import kelvin_to_energy
    >>> spec = to_numpy(hamiltonian(double_well())).with_units(
    ...     {"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    >>> spec(Q_(3, "K"), Q_(-3, "K"), Q_(4, "K"))
    <Quantity([-5.  5.], 'kelvin')>
    >>> Delta_0 = kelvin_to_energy(Q_(4, "K")).to("meV")
    >>> spec(E_L=Q_(3, "K"), E_R=Q_(-3, "K"), Delta_0=Delta_0).round(12)
    <Quantity([-5.  5.], 'kelvin')>
    """

    function: NumericFunction
    units: Mapping[str, str]
    output: str | None

    def __call__(self, *args, **kwargs):
        values = _bind(self.function.params, args, kwargs, quantities=True)
        plain = []
        for s, v in zip(self.function.params, values, strict=True):
            unit = self.units[s.name]
            if unit in ("", "dimensionless", "rad", "radian"):
                if isinstance(v, pint.Quantity):
                    v = as_quantity(v, "[]", s.name).m_as(unit or "dimensionless")
                plain.append(v)
            elif ureg.Quantity(1, unit).check("[energy]") or ureg.Quantity(1, unit).check("[temperature]"):
                energy = to_energy(v, s.name)  # energy, temperature (k_B T) or frequency (h nu)
                target = energy if ureg.Quantity(1, unit).check("[energy]") else energy_to_kelvin(energy)
                plain.append(target.m_as(unit))
            else:
                dim = str(ureg.Quantity(1, unit).dimensionality)
                plain.append(as_quantity(v, dim, s.name).m_as(unit))
        out = self.function.kernel(plain)
        return out if self.output is None else Q_(out, self.output)


def with_units(f: NumericFunction, *, units: Mapping[str, str], output: str | None) -> QuantityFunction:
    """Return ``f`` wrapped to take pint quantities in ``units`` (by parameter name) and return ``output``.

    A parameter whose unit is an energy or a temperature accepts any of energy,
    temperature (:math:`k_BT`) or frequency (:math:`h\\nu`), as :func:`multiwell.units.to_energy`.

    Units are checked and converted once per call, on the whole arrays, so the cost over
    the unitless kernel is a constant, not a factor.

    Examples
    --------
    >>> import sympy as sp
    >>> from multiwell import Q_, double_well, hamiltonian, to_numpy
    >>> H = hamiltonian(double_well())
    >>> spec = with_units(to_numpy(H), units={"E_L": "K", "E_R": "K", "Delta_0": "K"}, output="K")
    >>> spec(Q_(1, "K"), Q_(-1, "K"), Q_(0, "K"))
    <Quantity([-1.  1.], 'kelvin')>
    >>> spec(1.0, Q_(-1, "K"), Q_(0, "K"))
    Traceback (most recent call last):
    ...
    multiwell.errors.UnitError: E_L: expected a pint Quantity of energy, temperature (k_B T) or frequency (h nu),
    got 1.0
    """
    if not isinstance(f, NumericFunction):
        raise ParameterError(f"f: expected a NumericFunction, got {type(f).__name__}")
    names = set(f.names)
    unknown = sorted(set(units) - names)
    if unknown:
        raise ParameterError(f"units: unknown parameters {', '.join(unknown)}; expected {', '.join(f.names)}")
    missing = [n for n in f.names if n not in units]
    if missing:
        raise ParameterError(f"units: missing units for {', '.join(missing)}")
    for key, unit in [*units.items(), ("output", output or "")]:
        try:
            ureg.Unit(unit or "dimensionless")
        except Exception:  # pint raises several types for an undefined unit
            raise UnitError(f"{key}: unknown unit {unit!r}") from None
    return QuantityFunction(f, dict(units), output)

