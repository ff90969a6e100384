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
import random
import re
from collections.abc import Mapping

import numpy as np
import sympy as sp

from multiwell.errors import NotHermitianError, ParameterError

__all__ = [
    "as_basic", "as_expr", "as_matrix", "check_assumptions", "comment", "finite_float", "finite_input",
    "hermitian_matrix", "identifier", "real_array", "sample_size",
]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class CheckedHermitian:
    """Marker base of a value whose ``matrix`` was checked Hermitian when it was made (:class:`~multiwell.Hamiltonian`).

    It lets the input path accept such a value without importing the module that defines it.
    """

    __slots__ = ()


def check_hermitian(M: sp.ImmutableMatrix) -> None:
    """Raise :class:`NotHermitianError` unless ``M`` equals its conjugate transpose.

    Symbols count as real; where SymPy cannot decide, the check is numeric at exact points.
    """
    n = M.rows
    for i in range(n):
        for j in range(i, n):
            d = sp.expand(M[i, j] - sp.conjugate(M[j, i]))
            if d == 0:
                continue
            d = sp.expand(sp.expand_complex(d)) if d.free_symbols and all(s.is_real for s in d.free_symbols) else d
            if d == 0:
                continue
            what = "the conjugate of itself" if i == j else f"the conjugate of entry ({j}, {i}) = {M[j, i]}"
            nonreal = sorted((s for s in d.free_symbols if not s.is_real), key=str)
            if nonreal:
                raise NotHermitianError(
                    f"matrix: cannot show entry ({i}, {j}) = {M[i, j]} is {what}: symbols {nonreal} "
                    "have no real assumption; declare them with real=True or positive=True"
                )
            if not _vanishes_numerically(d):
                raise NotHermitianError(
                    f"matrix: entry ({i}, {j}) = {M[i, j]} is not {what}; expected a Hermitian matrix"
                )


def _vanishes_numerically(expr: sp.Expr, trials: int = 4) -> bool:
    """Decide ``expr == 0`` at random exact rational points (the symbols are real)."""
    rng = random.Random(1234)
    syms = sorted(expr.free_symbols, key=str)
    for _ in range(trials):
        point = {}
        for s in syms:
            v = sp.Rational(rng.randint(1, 997), rng.randint(1, 97))
            point[s] = v if (s.is_positive or rng.random() < 0.5) else -v
        value = sp.N(expr.xreplace(point), 30)
        if abs(complex(value)) > 1e-20:
            return False
    return True


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
    multiwell.errors.ParameterError: flux: expected a SymPy object or a number, got the string "__import__('os')";
    strings are never parsed: build the expression from sympy.Symbol / sympy.Rational
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


_C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if inline int long
    register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while
    _Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local
    alignas alignof bool constexpr false nullptr static_assert thread_local true typeof typeof_unqual
""".split())
"""C99 and C11 keywords, and the C23 ones (``bool``, ``true``, ...) a newer compiler refuses as names."""

_C_MATH = frozenset("""
    acos asin atan atan2 cos sin tan acosh asinh atanh cosh sinh tanh exp exp2 expm1 frexp ilogb ldexp log
    log10 log1p log2 logb modf scalbn scalbln cbrt fabs hypot pow sqrt erf erfc lgamma tgamma ceil floor
    nearbyint rint lrint llrint round lround llround trunc fmod remainder remquo copysign nan nextafter
    nexttoward fdim fmax fmin fma
""".split())
"""The functions of C99 ``<math.h>`` (each also with the suffixes ``f`` and ``l``): reserved external names."""

_C_MACROS = frozenset("""
    NAN INFINITY HUGE_VAL HUGE_VALF HUGE_VALL MATH_ERRNO MATH_ERREXCEPT math_errhandling isnan isinf isfinite
    isnormal signbit fpclassify isgreater isgreaterequal isless islessequal islessgreater isunordered
    FP_NAN FP_INFINITE FP_ZERO FP_NORMAL FP_SUBNORMAL FP_FAST_FMA FP_ILOGB0 FP_ILOGBNAN float_t double_t
    main errno NULL
""".split())
"""Macros and types of ``<math.h>`` (and ``main``, ``errno``, ``NULL``) that a generated name would collide with."""

_C_GENERATED = frozenset({"out", "v", "m", "h", "multiwell_jacobi", "multiwell_eigvalsh"})
"""Names the code :func:`multiwell.to_c` writes itself declares (the output array, its locals, its helpers)."""

_PYTHON_GENERATED = frozenset({"numpy", "batch", "DEFLATE", "hermitian3_eigenvalues", "_entries", "_cross",
                               "_deflate3", "_normalised"})
"""Names the module :func:`multiwell.to_source` writes defines itself (its import, helpers and first local)."""


def _reserved(value: str, language: str | None) -> str:
    """Why ``value`` is reserved in the generated ``language`` (``"c"`` or ``"python"``); ``""`` if it is not."""
    import builtins

    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return "a Python keyword"
    if language == "c":
        if value in _C_KEYWORDS:
            return "a C keyword"
        if value.startswith("__") or (value[:1] == "_" and value[1:2].isupper()):
            return "a reserved C identifier (leading '__' or '_' and a capital)"
        if value in _C_MATH or (value[-1:] in ("f", "l") and value[:-1] in _C_MATH):
            return "a function of C's <math.h>, which the generated code calls"
        if value in _C_MACROS or value.startswith(("M_", "FE_", "FP_")):
            return "a name of C's <math.h> (macro or type) or the C runtime"
        if value in _C_GENERATED:
            return "a name the generated C code declares itself"
    if language == "python":
        if value in vars(builtins):
            return "a Python builtin"
        if value in _PYTHON_GENERATED:
            return "a name the generated Python module uses itself"
    return ""


def identifier(value: object, *, name: str, language: str | None = None) -> str:
    """``value`` if it is a plain Python/C identifier (ASCII letters, digits, ``_``; not a keyword).

    Generated code embeds only names that pass this check, so no user string can add code.
    ``language="c"`` also refuses C99/C11 keywords (``int``, ``double``, ...), reserved identifiers
    (``__x``, ``_X``), the functions and macros of ``<math.h>`` the code calls (``sqrt``, ``exp``,
    ``M_PI``, ...) and the generated code's own names (``out``, ``t_0``); ``language="python"`` also
    refuses Python's builtins (``abs``, ``print``, ...) and the generated module's own names (``numpy``).

    Examples
    --------
    >>> identifier("gap", name="name")
    'gap'
    >>> identifier("f(); import os", name="name")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: name: expected an identifier (ASCII letters, digits and '_', not starting
    with a digit, not a keyword), got str 'f(); import os'
    >>> identifier("int", name="name", language="c")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: name: expected an identifier that is free in generated C code, got 'int' (a C ...
    """
    if not isinstance(value, str) or not _IDENTIFIER.match(value) or keyword.iskeyword(value):
        raise ParameterError(
            f"{name}: expected an identifier (ASCII letters, digits and '_', not starting with a "
            f"digit, not a keyword), got {_describe(value)}"
        )
    if language not in (None, "c", "python"):
        raise ParameterError(f"language: expected None, 'c' or 'python', got {language!r}")
    why = _reserved(value, language)
    if why:
        shown = {"c": "C", "python": "Python"}.get(language, "Python")
        raise ParameterError(f"{name}: expected an identifier that is free in generated {shown} code, "
                             f"got {value!r} ({why})")
    return value


def finite_input(value: object, *, name: str) -> None:
    """Refuse NaN and infinities anywhere in ``value``: a number, a SymPy object, an array, a pint quantity,
    or sequences and mappings of them. Other values (symbols, strings) are left to the caller's checks.

    Raises
    ------
    ParameterError
        naming ``name`` (with the index or key inside a container) and the non-finite value.

    Examples
    --------
    >>> import sympy as sp
    >>> finite_input([sp.Symbol("phi", real=True), 0.5], name="flux")
    >>> finite_input(float("nan"), name="flux")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: flux: expected a finite value, got nan
    """
    import pint

    def bad(shown: object) -> ParameterError:
        return ParameterError(f"{name}: expected a finite value, got {shown}")

    if isinstance(value, str | bytes | bool) or value is None:
        return
    if isinstance(value, pint.Quantity):
        finite_input(value.magnitude, name=name)
        return
    if isinstance(value, sp.MatrixBase):
        if _non_finite(value):  # one pass over the matrix; the entry is located only for the message
            for (i, j), x in np.ndenumerate(np.array(value.tolist(), dtype=object)):
                finite_input(x, name=f"{name}[{i}, {j}]")
        return
    if isinstance(value, sp.Basic):
        if _non_finite(value):
            raise bad(value)
        return
    if isinstance(value, Mapping):
        for k, x in value.items():
            finite_input(x, name=f"{name}[{k}]")
        return
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            if not np.isfinite(value).all():
                raise bad(f"an array holding {value[~np.isfinite(value)].reshape(-1)[0]}")
            return
        if value.dtype.kind != "O":
            return
        value = value.tolist()
    if isinstance(value, list | tuple):
        for k, x in enumerate(value):
            finite_input(x, name=f"{name}[{k}]")
        return
    if isinstance(value, float | complex | np.floating | np.complexfloating) and not np.isfinite(value):
        raise bad(value)


def _non_finite(expr: sp.Basic) -> bool:
    """Whether a SymPy object holds NaN, an infinity or a non-finite Float."""
    return expr.has(sp.nan, sp.zoo, sp.oo, sp.S.NegativeInfinity) or any(
        not x.is_finite for x in expr.atoms(sp.Float))


def _refuse_strings(value: object, *, name: str, expected: str) -> None:
    """Refuse a string anywhere inside nested lists/tuples (SymPy would parse it)."""
    if isinstance(value, str | bytes):
        as_basic(value, name=name, expected=expected)
    if isinstance(value, list | tuple):
        for k, item in enumerate(value):
            _refuse_strings(item, name=f"{name}[{k}]", expected=expected)


def as_matrix(value: object, *, name: str) -> sp.ImmutableMatrix:
    """``value`` (a SymPy matrix or nested lists of numbers/expressions) as an ``ImmutableMatrix``.

    A string anywhere among the entries is refused (``sympy.Matrix`` would parse it).

    Examples
    --------
    >>> as_matrix([[0, 1], [1, 0]], name="H")
    Matrix([
    [0, 1],
    [1, 0]])
    >>> as_matrix([[0, "x"], [1, 0]], name="H")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: H[0][1]: expected a matrix entry (a SymPy expression or a number), got the
    string 'x'; strings are never parsed: build the expression from sympy.Symbol / sympy.Rational
    """
    expected = "a matrix entry (a SymPy expression or a number)"
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufc":
        return sp.ImmutableMatrix(value.tolist())
    if not isinstance(value, list | tuple):
        raise ParameterError(f"{name}: expected a SymPy matrix or a list of rows, got {_describe(value)}")
    _refuse_strings(value, name=name, expected=expected)
    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in value]
    try:
        entries = [[as_expr(x, name=f"{name}[{i}][{j}]", expected=expected) for j, x in enumerate(r)]
                   for i, r in enumerate(rows)]
        return sp.ImmutableMatrix(entries)
    except ValueError as exc:  # ragged rows
        if isinstance(exc, ParameterError):
            raise
        raise ParameterError(f"{name}: expected rows of equal length, got {_describe(value)}") from None


def hermitian_matrix(H: object, *, name: str = "H") -> sp.ImmutableMatrix:
    """The matrix of a :class:`~multiwell.Hamiltonian`, or a user's matrix once shown Hermitian.

    Raises
    ------
    NotHermitianError
        for a non-square matrix, an entry that is not the conjugate of its mirror, or symbols
        without the real assumption that Hermiticity depends on.

    Examples
    --------
    >>> import sympy as sp
    >>> hermitian_matrix(sp.Matrix([[0, 1], [2, 0]]), name="H")
    Traceback (most recent call last):
    ...
    multiwell.errors.NotHermitianError: H: entry (0, 1) = 1 is not the conjugate of entry (1, 0) = 2;
    expected a Hermitian matrix
    """
    if isinstance(H, CheckedHermitian):
        return H.matrix
    M = as_matrix(H, name=name)
    if M.rows != M.cols or M.rows == 0:
        raise NotHermitianError(f"{name}: expected a non-empty square (Hermitian) matrix, got shape {M.shape}")
    try:
        check_hermitian(M)
    except NotHermitianError as exc:
        raise NotHermitianError(f"{name}: {str(exc).split(': ', 1)[1]}") from None
    return M


def _numbers(value: object) -> np.ndarray | None:
    """``value`` as a complex array for the sign checks, or ``None`` if it is not numeric."""
    if isinstance(value, str):  # the mpmath backend takes decimal strings; mpmath parses literals only
        import mpmath

        try:
            return np.asarray(complex(mpmath.mpmathify(value)))
        except (TypeError, ValueError):
            return None
    try:
        a = np.asarray(value)
        if a.dtype.kind == "O":
            a = np.vectorize(complex, otypes=[complex])(a)
        return a.astype(complex) if a.dtype.kind in "biufc" else None
    except (TypeError, ValueError):
        return None


def check_assumptions(values: Mapping, *, name: str = "values") -> None:
    """Refuse numeric values that contradict a symbol's assumptions.

    A ``positive=True`` symbol (a hopping, a coupling) needs values >= 0 (zero allowed as the
    limit, e.g. an uncoupled cluster), ``nonnegative`` >= 0, ``real=True`` (energies, fluxes)
    finite real values, and none may be NaN. ``values`` maps symbols to numbers or
    arrays; values that are not numeric are left to the caller.

    Raises
    ------
    ParameterError
        naming the symbol, its assumption and the offending value.

    Examples
    --------
    >>> import sympy as sp
    >>> D_0 = sp.Symbol("D_0", positive=True)
    >>> check_assumptions({D_0: 1.0})
    >>> check_assumptions({D_0: -1.0}, name="--values")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: --values: D_0 is declared positive=True, expected values >= 0, got -1.0
    """
    for sym, value in values.items():
        if not isinstance(sym, sp.Symbol) or _fine_real(sym, value):
            continue
        a = _numbers(value)
        if a is None or a.size == 0:
            continue

        def shown(value=value, a=a, sym=sym) -> object:  # the first offending value, computed only for a message
            return value if np.ndim(value) == 0 else f"an array with {a.size} values, e.g. {_first_bad(sym, a)}"

        if np.isnan(a.real).any() or np.isnan(a.imag).any():
            raise ParameterError(f"{name}: {sym} expected a number, got NaN ({shown()})")
        if (sym.is_real or sym.is_positive) and not np.isfinite(a).all():
            raise ParameterError(f"{name}: {sym} is declared real, expected finite values, got {shown()}")
        if sym.is_real and (a.imag != 0).any():
            raise ParameterError(f"{name}: {sym} is declared real=True, expected real values, got {shown()}")
        if sym.is_positive and (a.real < 0).any():
            raise ParameterError(f"{name}: {sym} is declared positive=True, expected values >= 0, got {shown()}")
        if sym.is_nonnegative and (a.real < 0).any():
            raise ParameterError(f"{name}: {sym} is declared nonnegative=True, expected values >= 0, got {shown()}")


_RANGE_CHUNK = 1 << 16
"""Elements per chunk of :func:`_fine_real` (min and max read each chunk once from memory, then from cache)."""


def _fine_real(sym: sp.Symbol, value: object) -> bool:
    """Whether a real (bool, int or float) ``value`` certainly satisfies ``sym``'s assumptions.

    One pass of min and max instead of a complex copy and five masks: ``False`` (the full check
    then runs and names the offending value) for NaN, for infinities of a real or positive
    symbol, for negative values of a positive or nonnegative one, and for any other input.
    """
    if isinstance(value, str | bytes):
        return False
    a = value if isinstance(value, np.ndarray) else np.asarray(value) if isinstance(value, int | float) else None
    if a is None or a.dtype.kind not in "biuf" or a.size == 0:
        return False
    flat = a.reshape(-1)
    chunks = [flat[k:k + _RANGE_CHUNK] for k in range(0, flat.size, _RANGE_CHUNK)]
    ranges = np.array([(x.min(), x.max()) for x in chunks])  # NaN propagates through min, max and here
    lo, hi = ranges[:, 0].min(), ranges[:, 1].max()
    if a.dtype.kind == "f":
        if np.isnan(lo) or np.isnan(hi):  # min and max propagate NaN
            return False
        if (sym.is_real or sym.is_positive) and not (np.isfinite(lo) and np.isfinite(hi)):
            return False
    return not ((sym.is_positive or sym.is_nonnegative) and lo < 0)


def _first_bad(sym: sp.Symbol, a: np.ndarray) -> complex:
    flat = a.reshape(-1)
    bad = np.isnan(flat.real) | np.isnan(flat.imag)
    if sym.is_real:
        bad |= flat.imag != 0
    if sym.is_positive or sym.is_nonnegative:
        bad |= flat.real < 0
    v = flat[np.argmax(bad)]
    return float(v.real) if v.imag == 0 else complex(v)


def real_array(value: object, *, name: str) -> np.ndarray:
    """``value`` as a finite float array; strings (alone or inside sequences) and NaN are refused.

    Examples
    --------
    >>> real_array([1, 2.5], name="x")
    array([1. , 2.5])
    >>> real_array(["1", 2], name="x")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: x: expected real finite numbers, got list ['1', 2]
    """
    a = np.asarray(value) if not isinstance(value, str | bytes) else None
    if a is None or a.dtype.kind not in "biuf":
        raise ParameterError(f"{name}: expected real finite numbers, got {_describe(value)}")
    a = a.astype(float)
    if not np.isfinite(a).all():
        raise ParameterError(f"{name}: expected real finite numbers, got {_describe(value)}")
    return a


def finite_float(value: object, *, name: str, minimum: float | None = None, strict: bool = False) -> float:
    """``value`` as a finite float (optionally ``> minimum`` or ``>= minimum``); strings and bools refused.

    Examples
    --------
    >>> finite_float(2, name="x")
    2.0
    >>> finite_float(float("nan"), name="x", minimum=0.0)
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: x: expected a finite number >= 0.0, got float nan
    """
    bound = "" if minimum is None else f" {'>' if strict else '>='} {minimum}"
    if isinstance(value, str | bytes | bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterError(f"{name}: expected a finite number{bound}, got {_describe(value)}")
    x = float(value)
    if not np.isfinite(x) or (minimum is not None and (x <= minimum if strict else x < minimum)):
        raise ParameterError(f"{name}: expected a finite number{bound}, got {_describe(value)}")
    return x


MEMORY_LIMIT_BYTES = 2 * 1024**3
"""Largest array a single sampling call allocates in one go (2 GiB); bigger ensembles go in chunks."""


def sample_size(n: object, *, name: str = "n", bytes_per_sample: int = 8,
                limit: int = MEMORY_LIMIT_BYTES, hint: str = "") -> int:
    """``n`` as a positive int whose ``n * bytes_per_sample`` fits ``limit``; refused before allocating.

    Examples
    --------
    >>> sample_size(1000, name="n")
    1000
    >>> sample_size(10**13, name="n", hint="use run_chunks")
    Traceback (most recent call last):
    ...
    multiwell.errors.ParameterError: n: 10000000000000 samples would need 72.8 TiB (8 bytes each), more than the
    2.0 GiB one call may allocate; use run_chunks
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ParameterError(f"{name}: expected a positive integer number of samples, got {_describe(n)}")
    need = int(n) * int(bytes_per_sample)
    if need > limit:
        raise ParameterError(
            f"{name}: {int(n)} samples would need {_bytes(need)} ({bytes_per_sample} bytes each), more than "
            f"the {_bytes(limit)} one call may allocate" + (f"; {hint}" if hint else "")
        )
    return int(n)


def _bytes(n: int) -> str:
    for unit, size in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def comment(text: object) -> str:
    """``text`` made safe inside a C ``/* */`` or a Python ``#`` comment: one line, no comment terminator.

    Examples
    --------
    >>> comment("Eq. 7 */ system(); /* import os")
    'Eq. 7 * / system(); /* import os'
    """
    line = " ".join(str(text).splitlines())
    return line.replace("*/", "* /")
