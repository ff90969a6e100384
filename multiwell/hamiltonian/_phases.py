"""The phases of a matrix entry: ``sum c e^{i theta}`` (serves ``multiwell.symmetry`` and ``multiwell.spectrum``).

An entry of a Peierls Hamiltonian is a sum of real coefficients times unimodular exponentials; the
symmetry search and the fast characteristic polynomial both read it as a list of (coefficient, phase).
"""

from __future__ import annotations

import sympy as sp

__all__: list[str] = []


class _Unsupported(ValueError):
    """The matrix is outside the fast path (the caller falls back to SymPy)."""


def _trig_to_exp(entry: sp.Expr) -> sp.Expr:
    """cos and sin of symbol-dependent arguments written as exponentials."""

    def rewrite(f):
        a = f.args[0]
        if isinstance(f, sp.cos):
            return (sp.exp(sp.I * a) + sp.exp(-sp.I * a)) / 2
        return (sp.exp(sp.I * a) - sp.exp(-sp.I * a)) / (2 * sp.I)

    return entry.replace(lambda f: isinstance(f, sp.cos | sp.sin) and bool(f.free_symbols), rewrite)


def _simple_term(term: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(c, theta)`` for a product of rationals, real symbols and exponentials ``exp(I*theta)``; else ``None``.

    The common entry ``t*exp(I*phi/L)`` needs no expansion; anything else takes the general route.
    """
    theta, rest = [], []
    for f in sp.Mul.make_args(term):
        if f.is_Rational or (f.is_Symbol and f.is_real):
            rest.append(f)
        elif isinstance(f, sp.exp):
            factors = sp.Mul.make_args(f.args[0])
            if factors.count(sp.I) != 1:
                return None
            t = sp.Mul(*(g for g in factors if g is not sp.I))
            if t.has(sp.I) or not all(x.is_real for x in t.free_symbols):
                return None
            theta.append(t)
        else:
            return None
    return sp.Mul(*rest), sp.expand(sp.Add(*theta))


def _phase_terms(entry: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """``entry`` as a list of ``(real coefficient, phase)`` with entry = sum c e^{i theta}."""
    entry = sp.sympify(entry)
    simple = [_simple_term(t) for t in sp.Add.make_args(entry)]
    if all(x is not None for x in simple):
        out: dict = {}
        for c, theta in simple:
            out[theta] = out.get(theta, 0) + c
        return [(c, t) for t, c in out.items() if c != 0]
    entry = sp.expand(_trig_to_exp(entry), power_exp=True)
    if entry == 0:
        return []
    out: dict = {}
    for term in sp.Add.make_args(entry):
        theta = sp.Integer(0)
        rest = []
        for f in sp.Mul.make_args(term):
            if isinstance(f, sp.exp):
                a = sp.expand(f.args[0] / sp.I)
                if not a.is_real and a.is_real is not None:
                    raise _Unsupported(f"non-unimodular exponential {f}")
                theta += a
            elif isinstance(f, sp.Pow) and isinstance(f.base, sp.exp):
                theta += sp.expand(f.exp * f.base.args[0] / sp.I)
            elif f == sp.I:
                theta += sp.pi / 2
            else:
                rest.append(f)
        c = sp.Mul(*rest)
        theta = sp.expand(theta)
        out[theta] = out.get(theta, 0) + c
    return [(c, t) for t, c in out.items() if c != 0]
