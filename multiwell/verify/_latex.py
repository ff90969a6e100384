r"""The transcription audit of :mod:`multiwell.verify`: does a claim's ``latex=`` say what its ``printed=`` says?

:func:`parse_printed_latex` reads the LaTeX of a claim with SymPy's LaTeX parser (lark backend) after
:func:`normalise_latex` has rewritten what that parser cannot take (``\left``/``\right``, spacing,
``\mathrm``, ``\text``, ``\tfrac``, powers of functions such as ``\cosh^{-2}x``). Every *symbol* of the
LaTeX (a letter or Greek letter with its accents, font, subscript, star or prime: ``\tilde P^*``,
``\mathcal{E}_k``, ``\Delta_{0min}``, ``k_B``) is read as one token and mapped to a SymPy object:

1. by the claim's symbol map (``Claim.latex_symbols``: LaTeX → SymPy object; a paper sets one map for
   all its claims, e.g. ``{r"\mathcal{E}": E, r"\tilde P^*": P_tilde_star}``); a key may also be a
   longer LaTeX fragment the parser cannot read (``\sum_{i\neq j}E_iE_j``), mapped to its value;
2. else by name to a symbol of the printed or derived side (``\Delta_0`` → the claim's ``Delta_0``
   with its assumptions, ``k_B`` → ``k_B``);
3. else ``\pi`` → :math:`\pi`, ``e`` → :math:`e`, ``i`` → :math:`i`; else a plain symbol of that name.

:func:`transcription` compares the parsed LaTeX with the printed form (with
:func:`~multiwell.verify.compare`): ``matches``, ``differs`` or ``not parsed``. LaTeX with several sides
(``a = b \simeq c``, or several equations separated by ``,`` or ``\quad``) matches when one side does.
Import from :mod:`multiwell.verify`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

import sympy as sp

from multiwell.errors import ParameterError

__all__ = ["MATCHES", "NOT_PARSED", "TRANSCRIPTION_DIFFERS", "normalise_latex", "parse_printed_latex", "transcription"]

MATCHES = "matches"
TRANSCRIPTION_DIFFERS = "differs"
NOT_PARSED = "not parsed"

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon "
    "Phi Psi Omega ell hbar"
).split()
_ACCENTS = ("bar", "tilde", "hat", "vec", "dot", "ddot", "overline", "widetilde", "widehat", "mathcal", "mathbf",
            "mathit", "mathsf", "boldsymbol", "mathrm", "mathscr", "mathfrak", "mathbb")
_FUNCTIONS = ("sinh", "cosh", "tanh", "coth", "sin", "cos", "tan", "cot", "ln", "log", "exp")
_SPACING = re.compile(r"(?<!\\)\\(?:[,;:!> ]|quad\b|qquad\b|displaystyle\b|textstyle\b|limits\b|nolimits\b)")
_DELIMITERS = {"[": "(", "]": ")", "\\{": "(", "\\}": ")", "\\|": "|"}
r"""Sized delimiters the parser reads only as parentheses: ``\left[ ... \right]`` and ``\left\{ ... \right\}``."""
_SIZES = re.compile(r"\\(?:left|right|[bB]igg?[lr]?|middle)(?![A-Za-z])\s*(\\[{}|]|[()\[\]|.])?")


def _group(text: str, i: int) -> int:
    """Index just after the balanced group opening at ``text[i]`` (``{``, ``(`` or ``[``)."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    open_, close = text[i], pairs[text[i]]
    depth = 0
    for k in range(i, len(text)):
        if text[k] == "\\":
            continue
        if text[k] == open_ and (k == 0 or text[k - 1] != "\\"):
            depth += 1
        elif text[k] == close and (k == 0 or text[k - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return k + 1
    raise ParameterError(f"latex: unbalanced {open_!r} in {text!r}")


def _braced(arg: str) -> str:
    return arg if arg.startswith("{") else "{" + arg + "}"


def normalise_latex(text: str) -> str:
    r"""LaTeX rewritten into what SymPy's lark LaTeX parser reads; the meaning is unchanged.

    Removes ``\left``/``\right``/``\big`` sizes, spacing (``\,``, ``\;``, ``\quad``), ``\displaystyle``
    and ``\text{...}``/``\mathrm{h.c.}`` words; ``\tfrac``/``\dfrac`` → ``\frac``; braces an accent's or
    font's argument (``\bar P`` → ``\bar{P}``), a superscript star or prime (``P^*`` → ``P^{*}``);
    ``\ne`` → ``\neq``; ``\frac12`` → ``\frac{1}{2}``; a power of a function moves after its argument
    (``\cosh^{-2}x`` → ``(\cosh(x))^{-2}``); a trailing full stop or comma is dropped.

    Examples
    --------
    >>> normalise_latex(r"\left(\tfrac12 x\right)^2\,\mathrm{d}x")
    '(\\frac{1}{2} x)^2 \\mathrm{d}x'
    >>> normalise_latex(r"\cosh^{-2}\left(\frac{E}{2k_BT}\right) + \bar P^*")
    '(\\cosh(\\frac{E}{2k_BT}))^{-2} + \\bar{P}^{*}'
    """
    if not isinstance(text, str):
        raise ParameterError(f"latex: expected a LaTeX string, got {type(text).__name__}")
    s = text.strip()
    s = re.sub(r"\\(?:text|textrm|textnormal|mbox)\s*\{[^{}]*\}", " ", s)
    s = re.sub(r"\\mathrm\{h\.\s*c\.\}|\\operatorname\{h\.c\.\}", " ", s)
    s = _SIZES.sub(lambda m: "" if m.group(1) in (None, ".") else _DELIMITERS.get(m.group(1), m.group(1)), s)
    s = _SPACING.sub(" ", s)
    s = re.sub(r"\\[td]frac(?![A-Za-z])", r"\\frac", s)
    s = re.sub(r"\\ne(?![A-Za-z])", r"\\neq", s)
    s = re.sub(r"\\frac\s*(\d)\s*(\d)", r"\\frac{\1}{\2}", s)
    s = re.sub(r"\\(" + "|".join(_ACCENTS) + r")(?![A-Za-z])\s*(\\[A-Za-z]+|[A-Za-z0-9])", r"\\\1{\2}", s)
    s = re.sub(r"\^\s*(\*|\\ast\b|\\star\b)", "^{*}", s)
    s = re.sub(r"'", "^{\\\\prime}", s)
    s = _function_powers(s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip(".,; ").strip()


def _function_powers(s: str) -> str:
    r"""``\f^{p} ARG`` → ``(\f(ARG))^{p}`` and ``\f ARG`` → ``\f(ARG)`` for the elementary functions."""
    pattern = re.compile(r"\\(" + "|".join(_FUNCTIONS) + r")(?![A-Za-z])")
    out, pos = [], 0
    while True:
        m = pattern.search(s, pos)
        if m is None:
            out.append(s[pos:])
            return "".join(out)
        out.append(s[pos:m.start()])
        k, power = m.end(), ""
        while k < len(s) and s[k] == " ":
            k += 1
        if k < len(s) and s[k] == "^":
            k += 1
            if k < len(s) and s[k] == "{":
                end = _group(s, k)
                power, k = s[k:end], end
            else:
                power, k = "{" + s[k] + "}", k + 1
        start = k
        while start < len(s) and s[start] == " ":
            start += 1
        end = _argument_end(s, start)
        arg = _function_powers(s[start:end])
        if arg.startswith("(") and _group(arg, 0) == len(arg):
            arg = arg[1:-1]
        elif arg.startswith("{") and _group(arg, 0) == len(arg):
            arg = arg[1:-1]
        call = f"\\{m.group(1)}({arg})"
        out.append(f"({call})^{power}" if power else f"({call})")
        pos = end


def _argument_end(s: str, i: int) -> int:
    r"""End of a function's argument starting at ``s[i]``: a group, a ``\frac``, or a run of factors."""
    if i >= len(s):
        return i
    if s[i] in "({[":
        return _group(s, i)
    if s.startswith("\\frac", i):
        k = i + 5
        for _ in range(2):
            while k < len(s) and s[k] == " ":
                k += 1
            k = _group(s, k) if k < len(s) and s[k] == "{" else k + 1
        return k
    k = i  # a product of symbols and numbers, up to the next operator
    symbol = re.compile(r"\\(?:" + "|".join(_GREEK + list(_ACCENTS)) + r")(?![A-Za-z])")
    while k < len(s) and (s[k] not in "+-=,)]}&\\" or (s[k] == "\\" and symbol.match(s, k))):
        if s[k] in "{(":
            k = _group(s, k)
        elif s[k] == "\\":
            k += len(re.match(r"\\[A-Za-z]+", s[k:]).group(0))
        else:
            k += 1
    return k


# -- relations -------------------------------------------------------------------------------------------
_RELATION = re.compile(r"\\(?:simeq|approx|equiv|sim|propto|cong|doteq|lesssim|gtrsim)(?![A-Za-z])|=|\\quad|,")


def split_sides(text: str) -> list[str]:
    r"""The sides of a LaTeX relation chain at brace depth 0 (``=``, ``\simeq``, ``\approx``, ``\equiv``, ...;
    equations separated by ``,`` or ``\quad`` count as more sides).

    Examples
    --------
    >>> split_sides(r"E_\pm = \pm\frac12\sqrt{x} \simeq x, y = \frac{a}{b, c}")
    ['E_\\pm', '\\pm\\frac12\\sqrt{x}', 'x', 'y', '\\frac{a}{b, c}']
    """
    sides, depth, start, k = [], 0, 0, 0
    while k < len(text):
        c = text[k]
        if c == "\\" and k + 1 < len(text) and text[k + 1] in "{}":
            k += 2
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif depth == 0:
            m = _RELATION.match(text, k)
            if m and not (m.group(0) == "\\quad" and False):
                sides.append(text[start:k])
                start = k = m.end()
                continue
        k += 1
    sides.append(text[start:])
    return [s.strip() for s in sides if s.strip()]


# -- symbols ---------------------------------------------------------------------------------------------
_SYMBOL = re.compile(
    r"(?:\\(?P<accent>" + "|".join(_ACCENTS) + r")\{(?P<inner>\\[A-Za-z]+|[A-Za-z0-9]+)\}"
    r"|\\(?P<greek>" + "|".join(_GREEK) + r")(?![A-Za-z])"
    r"|(?P<letter>[A-Za-z]))"
    r"(?P<sub>_(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?"
    r"(?P<sup>\^\{(?:\*|\\prime|\([^(){}]*\))\})?"
    r"(?P<sub2>_(?:\{[^{}]*\}|[A-Za-z0-9]))?"
)
_TOKEN = re.compile(
    r"(?P<keep>\\\\|\\(?:begin|end|operatorname)\{[^{}]*\}|w_\{[a-z]+\})|" + _SYMBOL.pattern
    + r"|(?P<command>\\[A-Za-z]+)"
)


def _canonical(m: re.Match) -> str:
    """A plain name for a LaTeX symbol: ``\\tilde{P}^{*}`` → ``Ptilde^*``, ``\\Delta_{0min}`` → ``Delta_0min``.
    """
    if m.group("accent"):
        inner = m.group("inner").lstrip("\\")
        suffix = {"mathcal": "cal", "mathscr": "scr", "mathfrak": "frak", "mathbb": "bb", "overline": "bar",
                  "widetilde": "tilde", "widehat": "hat"}.get(m.group("accent"), m.group("accent"))
        plain = m.group("accent") in ("mathrm", "mathit", "mathbf", "boldsymbol", "mathsf")
        base = inner if plain else inner + suffix
    else:
        base = m.group("greek") or m.group("letter")
    name = base
    for part in ("sub", "sup", "sub2"):
        t = m.group(part)
        if t:
            body = t[1:].strip("{}").replace("\\prime", "'").replace("\\", "").replace(" ", "")
            name += ("_" if part != "sup" else "^") + body
    return name


def _tokenise(text: str, symbol_map: Mapping[str, object]) -> tuple[str, dict[str, tuple[str, object]]]:
    """Replace mapped fragments and every symbol token by a placeholder ``(\\mathit{zzX})``."""
    names: dict[str, tuple[str, object]] = {}

    seen: dict[str, str] = {}

    def placeholder(key: str, value: object) -> str:
        if key not in seen:
            seen[key] = f"w_{{{_letters(len(names))}}}"  # the parser reads no multi-digit subscript
            names[seen[key]] = (key, value)
        return seen[key]

    out = text
    for key in sorted(symbol_map, key=len, reverse=True):
        norm = normalise_latex(key)
        if not norm:
            continue
        pattern = r"\s*".join(re.escape(part) for part in norm.split(" "))  # spacing in the key is optional
        if norm[-1].isalnum():
            pattern += r"(?![A-Za-z0-9])"  # \Delta_1 is not the start of \Delta_12
        if re.search(pattern, out):
            tag = placeholder(key, symbol_map[key])
            out = re.sub(pattern, f" {tag} ", out)  # a tag w_{a} holds no backslash

    def replace(m: re.Match) -> str:
        if m.group("keep") or m.group("command"):
            return m.group(0)
        return placeholder(_canonical(m), None)

    return _products(re.sub(r"\s+([\^_])", r"\1", _TOKEN.sub(replace, out))), names


_JUXTAPOSED = re.compile(r"(\)|\}|w_\{[a-z]+\}|\^[0-9A-Za-z])\s*(?=\(|w_\{|\\frac|\\sqrt|\\pi(?![A-Za-z]))")


def _letters(k: int) -> str:
    """``0 -> "a"``, ``25 -> "z"``, ``26 -> "ba"``: a placeholder index as lowercase letters."""
    out = ""
    while True:
        out = chr(ord("a") + k % 26) + out
        k //= 26
        if not k:
            return out


def _products(text: str) -> str:
    r"""Products made explicit for the parser, with the physicist's reading of ``a/2bc`` as :math:`a/(2bc)`.

    The denominator of a ``/`` runs over the juxtaposed factors after it (numbers, symbols, groups and
    their powers; a function or ``\frac`` ends it) and is put in parentheses; then a ``\cdot`` goes
    between juxtaposed factors (``(a)(b)``, ``w_{0}w_{1}``), of which the parser reads few.
    """
    out, k = [], 0
    while k < len(text):
        if text[k] == "/":
            end, n = _factors(text, k + 1)
            if n > 1:
                out.append("/(" + text[k + 1:end].strip() + ")")
                k = end
                continue
        out.append(text[k])
        k += 1
    text = _JUXTAPOSED.sub(lambda m: m.group(1) + " \\cdot ", "".join(out))
    return re.sub(r"(\\begin\{[a-z]*\}|&|\\\\)\s*\\cdot ", r"\1 ", text)


_FACTOR = re.compile(r"\s*(?:\d+(?:\.\d+)?|w_\{[a-z]+\})")


def _factors(text: str, i: int) -> tuple[int, int]:
    """End and number of the juxtaposed factors starting at ``text[i]`` (a denominator)."""
    n = 0
    while True:
        m = _FACTOR.match(text, i)
        j = i
        while j < len(text) and text[j] == " ":
            j += 1
        if m:
            i = m.end()
        elif j < len(text) and text[j] == "(" and not re.match(r"\(\\(?:" + "|".join(_FUNCTIONS) + ")", text[j:]):
            i = _group(text, j)  # a group, not a function: part of the denominator
        else:
            return i, n
        n += 1
        if i < len(text) and text[i] == "^":
            i = _group(text, i + 1) if i + 1 < len(text) and text[i + 1] == "{" else i + 2


def _resolve(obj):
    """Pick one reading of an ambiguous parse: fewest undefined functions, then fewest free symbols."""
    from lark import Tree

    if isinstance(obj, Tree):
        if obj.data == "_ambig":
            options = [_resolve(c) for c in obj.children]
            return min(options, key=_ambiguity_cost)
        raise ValueError(f"unexpected parse tree {obj.data}")
    return obj


def _ambiguity_cost(expr) -> tuple:
    if not isinstance(expr, sp.Basic):
        return (99, 99)
    undefined = [f for f in expr.atoms(sp.Function) if isinstance(f.func, sp.core.function.UndefinedFunction)]
    return (len(undefined), len(expr.free_symbols), sp.count_ops(expr))


@functools.lru_cache(maxsize=2048)
def _parse(body: str):
    """SymPy's LaTeX parser, lark backend, one reading chosen; a matrix entry by entry and a sum term by term.

    The parser (Earley, with every ambiguity kept) takes seconds on a long formula and grows faster than
    its length, so a ``pmatrix`` is read entry by entry and a sum at brace depth 0 term by term (``+`` and
    ``-`` bind least, so this changes no meaning); each piece is cached.
    """
    from sympy.parsing.latex import parse_latex

    body = body.strip()
    m = re.fullmatch(r"(.*?)\\begin\{pmatrix\}(.*)\\end\{pmatrix\}\s*", body, re.S)
    if m and "pmatrix" not in m.group(2):
        rows = [r for r in re.split(r"\\\\", m.group(2)) if r.strip()]
        M = sp.Matrix([[_parse(e) for e in r.split("&")] for r in rows])
        prefix = m.group(1).strip()
        if not prefix:
            return M
        unit = sp.Symbol("w_{zzz}")
        return (_parse(prefix + " \\cdot " + unit.name) / unit) * M
    terms = _terms(body)
    if len(terms) > 1:
        return sp.Add(*[_parse(t) if t[0] not in "+-" else (-1 if t[0] == "-" else 1) * _parse(t[1:]) for t in terms])
    return _resolve(parse_latex(body, backend="lark"))


def _terms(body: str) -> list[str]:
    """The terms of a sum at depth 0, each with its sign (``["a", "-b c", "+d"]``)."""
    out, depth, start = [], 0, 0
    for k, c in enumerate(body):
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif c in "+-" and depth == 0 and k > 0:
            before = body[:k].rstrip()
            if before and before[-1] not in "+-^_=({[&" and not before.endswith(("\\cdot", "\\times")):
                out.append(body[start:k].strip())
                start = k
    out.append(body[start:].strip())
    return [t for t in out if t and t not in "+-"]


def _plain(name: str) -> str:
    return name.replace("{", "").replace("}", "").replace("\\", "").replace(" ", "")


def parse_printed_latex(latex: str, *, symbols: Mapping[str, object] | None = None,
                        known: Iterable[sp.Symbol] = ()) -> list[object]:
    r"""The sides of ``latex`` parsed into SymPy objects (an unparsable side is an exception object in the list).

    ``symbols`` maps LaTeX fragments to SymPy objects; ``known`` are the symbols (with their assumptions)
    that LaTeX symbols are matched to by name.

    Examples
    --------
    >>> import sympy as sp
    >>> Delta, Delta_0 = sp.Symbol("Delta", real=True), sp.Symbol("Delta_0", positive=True)
    >>> sides = parse_printed_latex(r"E_\pm = \pm\tfrac12\sqrt{\Delta^2+\Delta_0^2}", known=[Delta, Delta_0])
    >>> sides[-1]
    sqrt(Delta**2 + Delta_0**2)/2
    >>> sides[-1].free_symbols == {Delta, Delta_0}
    True
    """
    by_name = {s.name: s for s in known if isinstance(s, sp.Symbol)}
    by_plain = {_plain(n): s for n, s in by_name.items()}
    text = normalise_latex(latex)
    out: list[object] = []
    for side in split_sides(text):
        try:
            side = re.sub(r"^\s*\\(?:pm|mp)", "", side)  # a leading +- : the + branch is compared
            body, names = _tokenise(side, symbols or {})
            parsed = _parse(body)
            table = {}
            for tag, (key, value) in names.items():
                if isinstance(value, sp.Symbol) and value.name in by_name:
                    value = by_name[value.name]  # a map may name a symbol: the claim's, with its assumptions
                if value is None:
                    value = by_name.get(key) or by_plain.get(_plain(key))
                    if value is None:
                        value = {"pi": sp.pi, "e": sp.E, "i": sp.I, "hbar": sp.Symbol("hbar", positive=True)}.get(
                            key, sp.Symbol(key))
                table[sp.Symbol(tag)] = value
            parsed = _substitute(parsed, table)
            out.append(parsed)
        except Exception as exc:  # the parser's many error types: the side is reported as not parsed
            out.append(exc)
    return out


def _substitute(parsed, table: Mapping):
    if isinstance(parsed, sp.MatrixExpr) and not isinstance(parsed, sp.MatrixBase):
        parsed = parsed.as_explicit()  # -\frac12 M parses to a product of a number and a matrix
    if isinstance(parsed, sp.MatrixBase):
        return parsed.applyfunc(lambda e: _substitute(e, table))
    if not isinstance(parsed, sp.Basic):
        raise ValueError(f"parsed to {type(parsed).__name__}")
    by_name = {k.name: v for k, v in table.items()}
    subs = {s: by_name[s.name] for s in parsed.free_symbols if isinstance(s, sp.Symbol) and s.name in by_name}
    return parsed.xreplace(subs)


def transcription(latex: str, printed, *, symbols: Mapping[str, object] | None = None, known: Iterable = (),
                  assumptions: Sequence = ()) -> tuple[str, str, object]:
    r"""``(status, detail, parsed)``: whether the LaTeX says what the transcription ``printed`` says.

    ``status`` is :data:`MATCHES`, :data:`TRANSCRIPTION_DIFFERS` or :data:`NOT_PARSED`; ``parsed`` is the
    SymPy object of the side that matches (or of the last side that parsed; ``None`` if none did).
    With ``printed=None`` the status is :data:`MATCHES` as soon as a side parses (the parsed LaTeX *is*
    the printed side then). Each comparison is :func:`~multiwell.verify.compare`.

    Examples
    --------
    >>> import sympy as sp
    >>> k_B, T, E = sp.symbols("k_B T E", positive=True)
    >>> transcription(r"F = -k_BT\ln\left(2\cosh\frac{E}{2k_BT}\right)",
    ...               -k_B * T * sp.log(2 * sp.cosh(E / (2 * k_B * T))), known=[k_B, T, E])[:2]
    ('matches', 'side 2 of the LaTeX')
    >>> transcription(r"F = -k_BT\ln\left(2\cosh\frac{E}{k_BT}\right)",
    ...               -k_B * T * sp.log(2 * sp.cosh(E / (2 * k_B * T))), known=[k_B, T, E])[0]
    'differs'
    """
    from multiwell.verify._compare import AGREES, AGREES_UP_TO, compare

    if not latex:
        return "", "", None
    known = list(known)
    if printed is not None and isinstance(printed, sp.Basic | sp.MatrixBase):
        known += sorted(_free(printed), key=str)
    sides = parse_printed_latex(latex, symbols=symbols, known=known)
    parsed = [(k, s) for k, s in enumerate(sides) if not isinstance(s, Exception)]
    if not parsed:
        reason = str(sides[-1]).strip().splitlines()[0] if sides else "empty LaTeX"
        return NOT_PARSED, f"the LaTeX parser cannot read it: {reason[:160]}", None
    if printed is None:
        k, value = parsed[-1]
        return MATCHES, f"the printed side is the parsed LaTeX (side {k + 1})", value
    last = None
    for k, value in parsed:
        if _plainly_different(value, printed, assumptions):
            last = (k, value, "they differ at a random point")
            continue
        try:
            verdict, detail = compare(value, printed, assumptions=assumptions)
        except Exception as exc:  # shapes that cannot be compared (a matrix against a scalar, say)
            verdict, detail = "", f"cannot compare: {type(exc).__name__}"
        if verdict in (AGREES, AGREES_UP_TO):
            where = f"side {k + 1} of the LaTeX" if len(sides) > 1 else "the LaTeX"
            return MATCHES, where if verdict == AGREES else f"{where} ({detail})", value
        last = (k, value, detail)
    if isinstance(printed, sp.MatrixBase) and 1 in printed.shape and len(printed) > 1:
        found = _entrywise(printed, parsed, assumptions)
        if found is not None:
            return MATCHES, "entry by entry: " + ", ".join(f"{i + 1} = side {k + 1}" for i, k in found), None
    k, value, detail = last
    if isinstance(sides[-1], Exception):  # what parsed is a label (H_2, say); the formula itself is unreadable
        j, exc = len(sides) - 1, sides[-1]
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return NOT_PARSED, f"side {j + 1} of the LaTeX is not parsed ({reason[:120]}); no parsed side matches", None
    return (TRANSCRIPTION_DIFFERS,
            f"LaTeX side {k + 1} reads {sp.sstr(value)[:200]}, printed= is {sp.sstr(printed)[:200]} ({detail})", value)


def _plainly_different(a, b, assumptions: Sequence) -> bool:
    """A fast screen before :func:`compare`: different shapes, or values that differ at two random points.

    Only a clear difference (relative 1e-6 at 15 digits, both points) counts; anything else (constraints
    among the symbols, values that do not evaluate) is left to :func:`compare`.
    """
    import random

    def shape(x):
        return x.shape if isinstance(x, sp.MatrixBase) else ()

    if shape(a) != shape(b):
        return True
    if assumptions:
        return False
    entries = list(zip(a, b, strict=True)) if isinstance(a, sp.MatrixBase) else [(a, b)]
    symbols = set().union(*(getattr(x, "free_symbols", set()) for pair in entries for x in pair))
    rng = random.Random(7)
    for _ in range(2):
        point = {s: sp.Rational(rng.randint(1, 97), rng.randint(1, 31)) * (1 if s.is_nonnegative or s.is_positive
                 or rng.random() < 0.5 else -1) for s in symbols}
        try:
            diffs = [complex(sp.N(sp.sympify(x).xreplace(point) - sp.sympify(y).xreplace(point), 15))
                     for x, y in entries]
            sizes = [abs(complex(sp.N(sp.sympify(y).xreplace(point), 15))) for _, y in entries]
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if not any(abs(d) > 1e-6 * max(1.0, m) for d, m in zip(diffs, sizes, strict=True)):
            return False
    return True


def _entrywise(printed, parsed: list, assumptions: Sequence) -> list | None:
    """``[(entry, side)]`` when every entry of a column of quantities equals one parsed side, in order; else None."""
    from multiwell.verify._compare import AGREES, AGREES_UP_TO, compare

    found, start = [], 0
    scalars = [(k, v) for k, v in parsed if isinstance(v, sp.Expr)]
    for i, entry in enumerate(printed):
        hit = None
        for j in range(start, len(scalars)):
            k, v = scalars[j]
            if _plainly_different(v, entry, assumptions):
                continue
            try:
                verdict = compare(v, entry, assumptions=assumptions)[0]
            except Exception:
                verdict = ""
            if verdict in (AGREES, AGREES_UP_TO):
                hit = (j, k)
                break
        if hit is None:
            return None
        found.append((i, hit[1]))
        start = hit[0] if i + 1 < len(printed) and _repeats(printed, i) else hit[0] + 1
    return found


def _repeats(printed, i: int) -> bool:
    return sp.simplify(printed[i] - printed[i + 1]) == 0


def _free(obj) -> set:
    if isinstance(obj, sp.Equality):
        return obj.free_symbols
    return getattr(obj, "free_symbols", set())
