r"""The truncation of a perturbation series: which orders in the small parameters are kept (private).

``order`` is a total order (one group of every small symbol) or a mapping of small symbols and
groups of them to their maximal orders; :func:`_orders` checks and normalises it and
:func:`_multi_indices` enumerates the kept exponents :math:`\alpha` of :math:`s^\alpha`.
Used by :mod:`multiwell.limits` and :mod:`multiwell.limits._perturbation`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from multiwell._validate import as_basic
from multiwell.errors import ParameterError


def _orders(small, order) -> tuple[list[sp.Symbol], tuple]:
    """``(small, keep)``: the small symbols and the truncation, groups ``((indices, max order), ...)``.

    ``order`` an integer: one group of all small symbols (total order). A mapping: its keys are
    small symbols or tuples of them (a group whose degrees are counted together, e.g. all on-site
    energies), each small symbol in exactly one key.
    """
    if isinstance(small, set | frozenset):
        small = sorted(small, key=sp.default_sort_key)
    small = list(small) if isinstance(small, Sequence) else [small]
    if not small:
        raise ParameterError("small: expected at least one small parameter")
    for s in small:
        if not isinstance(s, sp.Symbol):
            raise ParameterError(f"small: expected SymPy symbols, got {s!r}")
    if len(set(small)) != len(small):
        raise ParameterError(f"small: a symbol is listed twice in {small}")
    if not isinstance(order, Mapping):
        if isinstance(order, bool) or not isinstance(order, int | np.integer) or order < 1:
            raise ParameterError(
                f"order: expected an integer >= 1 or a mapping {{symbol or tuple of symbols: order}}, got {order!r}")
        return small, ((tuple(range(len(small))), int(order)),)
    keep, seen = [], {}
    for key, v in order.items():
        members = tuple(key) if isinstance(key, tuple | list | set | frozenset) else (key,)
        members = tuple(as_basic(k, name="order", expected="a small symbol") for k in members)
        unknown = [k for k in members if k not in small]
        if unknown or not members:
            raise ParameterError(f"order: symbols {unknown} are not among the small parameters {small}")
        twice = [k for k in members if k in seen]
        if twice:
            raise ParameterError(f"order: the small parameters {twice} are given an order twice")
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
            raise ParameterError(f"order[{key}]: expected a non-negative integer, got {v!r}")
        seen.update({k: v for k in members})
        keep.append((tuple(small.index(k) for k in members), int(v)))
    missing = [s for s in small if s not in seen]
    if missing:
        raise ParameterError(f"order: no order given for the small parameters {missing}")
    if all(v < 1 for _, v in keep):
        raise ParameterError(f"order: expected at least one order >= 1, got {dict(order)}")
    return small, tuple(keep)


def _multi_indices(p: int, keep: tuple):
    r"""The exponents :math:`\alpha` kept: in each group, :math:`\sum_{i\in g}\alpha_i \le n_g`."""
    per_group = []
    for indices, n in keep:
        per_group.append([(indices, a) for a in itertools.product(range(n + 1), repeat=len(indices)) if sum(a) <= n])
    for choice in itertools.product(*per_group):
        alpha = [0] * p
        for indices, a in choice:
            for i, k in zip(indices, a, strict=True):
                alpha[i] = k
        yield tuple(alpha)
