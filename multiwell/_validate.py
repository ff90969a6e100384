"""The one safe path from a user's value to a SymPy object.

``sympy.sympify`` *evaluates* strings (``sympify("__import__('os').system('...')")`` runs),
so no user value may reach it unchecked. Every public function that turns a user value into
a SymPy object calls :func:`as_expr` (or :func:`as_basic`), which refuses strings outright
and converts everything else with ``sympify(..., strict=True)`` (numbers, SymPy objects,
NumPy scalars; never a string, not even inside a container).

Generated source code embeds only names checked by :func:`identifier`.
"""

from __future__ import annotations

import keyword
import re

import sympy as sp

from .errors import ParameterError

__all__ = ["as_basic", "as_expr", "identifier"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_basic(value: object, *, name: str, expected: str = "a SymPy object or a number") -> sp.Basic:
    """``value`` as a SymPy object; a string (or anything SymPy would parse) is refused.

    Raises
    ------
    ParameterError
        naming ``name`` and what was expected, for a string, bytes or an unconvertible object.

    Examples
    --------
    >>> as_basic(2, name="flux")
    2
    >>> as_basic("__import__('os')", name="flux")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: flux: expected a SymPy object or a number, got the string "__import__('os')"; strings are never parsed: build the expression from sympy.Symbol / sympy.Rational
    """
    if isinstance(value, str | bytes):
        raise ParameterError(
            f"{name}: expected {expected}, got the string {value!r}; strings are never parsed: "
            "build the expression from sympy.Symbol / sympy.Rational"
        )
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise ParameterError(f"{name}: expected {expected}, got {_describe(value)}") from None


def as_expr(value: object, *, name: str, expected: str = "a SymPy expression or a number") -> sp.Expr:
    """``value`` as a SymPy expression (not a boolean, relation, matrix or set); strings refused.

    Examples
    --------
    >>> import sympy as sp
    >>> as_expr(sp.Rational(1, 3), name="flux")
    1/3
    >>> as_expr(True, name="flux")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: flux: expected a SymPy expression or a number, got bool True
    """
    if isinstance(value, bool):
        raise ParameterError(f"{name}: expected {expected}, got {_describe(value)}")
    out = as_basic(value, name=name, expected=expected)
    if not isinstance(out, sp.Expr):
        raise ParameterError(f"{name}: expected {expected}, got {_describe(value)}")
    return out


def identifier(value: object, *, name: str) -> str:
    """``value`` if it is a plain Python/C identifier (ASCII letters, digits, ``_``; not a keyword).

    Generated code embeds only names that pass this check, so no user string can add code.

    Examples
    --------
    >>> identifier("gap", name="name")
    'gap'
    >>> identifier("f(); import os", name="name")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: name: expected an identifier (ASCII letters, digits and '_', not starting with a digit, not a keyword), got str 'f(); import os'
    """
    if not isinstance(value, str) or not _IDENTIFIER.match(value) or keyword.iskeyword(value):
        raise ParameterError(
            f"{name}: expected an identifier (ASCII letters, digits and '_', not starting with a "
            f"digit, not a keyword), got {_describe(value)}"
        )
    return value
