r"""Soundness of :func:`multiwell.verify.compare`: an equal rewrite AGREES, a perturbed one DIFFERS.

Generated real-valued expressions over trigonometric, hyperbolic, exponential, logarithmic and
algebraic forms (logarithms and square roots only of positive sub-expressions; arguments of the
growing functions kept small) are paired with

- an **equal rewrite** — ``rewrite(exp)``, shifted-angle identities for sin/cos/sinh/cosh, tanh as the
  thermal average :math:`(e^w-e^{-w})/(e^w+e^{-w})`, a factor :math:`\sin^2w+\cos^2w`, a term
  :math:`\cosh^2w-\sinh^2w-1` (also at :math:`100w`: catastrophic cancellation), ``expand``, ``together``,
  ``expand_trig``, ``expand_log`` — which must
  be AGREES (never DIFFERS, never AGREES-UP-TO, never "a factor 1");
- a **perturbed variant** of that rewrite whose difference from the expression ``e`` is non-zero
  everywhere by construction — :math:`+\,q\,x(1+e^2)` (a small rational times a symbol) or a changed
  coefficient :math:`(1+q)\,e + q(1+e^2)` (difference :math:`q(e^2+e+1)>0`), one of the two per
  example — which must be DIFFERS.

NOT-DECIDED is not a false verdict but is counted; with ``MULTIWELL_SOUNDNESS_STATS=file`` the counts
(examples, verdicts, NOT-DECIDED, the slowest comparison) are written there at the end. The ci profile
keeps it fast; the thorough profile (``HYPOTHESIS_PROFILE=thorough``, 2500 per test by default, four
tests) makes the :math:`10^4`-example run. ``explain=False`` (the verdict is the witnesses' alone) keeps
the thorough run affordable; one example in 50 also runs the full route with the symbolic explanation.
"""

import json
import os
import time
from collections import Counter

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell.verify import AGREES, DIFFERS, NOT_DECIDED, compare

x, y = sp.symbols("x y", positive=True)
t = sp.Symbol("t", real=True)

STATS: Counter = Counter()
SLOWEST = [0.0, ""]


def _dump_stats():
    path = os.environ.get("MULTIWELL_SOUNDNESS_STATS")
    if path:
        with open(path, "w") as f:
            json.dump({"counts": dict(STATS), "slowest_s": SLOWEST[0], "slowest": SLOWEST[1]}, f, indent=1)


@pytest.fixture(scope="module", autouse=True)
def _write_stats():
    yield
    _dump_stats()


# -- expressions -----------------------------------------------------------------------------------------
rationals = st.builds(lambda p, q, s: s * sp.Rational(p, q), st.integers(1, 9), st.integers(1, 9),
                      st.sampled_from([1, -1]))
leaves = st.one_of(st.sampled_from([x, y, t]), rationals)
small = st.one_of(leaves, st.builds(lambda f, a: f(a), st.sampled_from([sp.sin, sp.cos, sp.tanh]), leaves),
                  st.builds(lambda a, b: a * b, leaves, leaves))
positive = st.recursive(
    st.one_of(st.sampled_from([x, y]), st.builds(abs, rationals), st.builds(sp.exp, small),
              st.builds(sp.cosh, small), st.builds(lambda a: 1 + a**2, small)),
    lambda inner: st.one_of(st.builds(lambda a, b: a * b, inner, inner), st.builds(lambda a, b: a + b, inner, inner)),
    max_leaves=3,
)


def _extend(inner):
    return st.one_of(
        st.builds(lambda f, a: f(a), st.sampled_from([sp.sin, sp.cos, sp.tanh]), inner),
        st.builds(lambda f, a: f(a), st.sampled_from([sp.sinh, sp.cosh, sp.exp]), small),
        st.builds(sp.log, positive), st.builds(sp.sqrt, positive),
        st.builds(lambda a, b: a + b, inner, inner), st.builds(lambda a, b: a * b, inner, inner),
        st.builds(lambda q, a: q * a, rationals, inner), st.builds(lambda a: a**2, inner),
        st.builds(lambda a, p: a / p, inner, positive),
    )


expressions = st.recursive(st.one_of(leaves, small), _extend, max_leaves=6)


# -- equal rewrites -----------------------------------------------------------------------------------------
def _shift(e, c):
    """sin, cos, sinh, cosh of u written through u - c and c (angle-addition identities)."""
    e = e.replace(sp.sin, lambda u: sp.sin(u - c) * sp.cos(c) + sp.cos(u - c) * sp.sin(c))
    e = e.replace(sp.cos, lambda u: sp.cos(u - c) * sp.cos(c) - sp.sin(u - c) * sp.sin(c))
    e = e.replace(sp.sinh, lambda u: sp.sinh(u - c) * sp.cosh(c) + sp.cosh(u - c) * sp.sinh(c))
    return e.replace(sp.cosh, lambda u: sp.cosh(u - c) * sp.cosh(c) + sp.sinh(u - c) * sp.sinh(c))


def _thermal(w):
    return (sp.exp(w) - sp.exp(-w)) / (sp.exp(w) + sp.exp(-w))


REWRITES = {
    "rewrite(exp)": lambda e, w, c: (e, e.rewrite(sp.exp)),
    "shifted angle": lambda e, w, c: (e, _shift(e, c)),
    "tanh as a thermal average": lambda e, w, c: (e + sp.tanh(w), e.replace(sp.tanh, _thermal) + _thermal(w)),
    "times sin^2 + cos^2": lambda e, w, c: (e, e * (sp.sin(w) ** 2 + sp.cos(w) ** 2)),
    "plus cosh^2 - sinh^2 - 1": lambda e, w, c: (e, e + sp.cosh(w) ** 2 - sp.sinh(w) ** 2 - 1),
    # catastrophic cancellation: the two squares agree to ~10^(87 |w|) digits, beyond the precision ladder
    # for large |w| (then NOT-DECIDED, never a DIFFERS)
    "plus cosh^2 - sinh^2 - 1, large argument": lambda e, w, c: (
        e, e + sp.cosh(100 * w) ** 2 - sp.sinh(100 * w) ** 2 - 1),
    "expand": lambda e, w, c: (e, sp.expand(e)),
    "together": lambda e, w, c: (e, sp.together(e)),
    "expand_trig": lambda e, w, c: (sp.sin(e + w), sp.expand_trig(sp.sin(e + w))),
    "expand_log": lambda e, w, c: (e + sp.log(x * y * sp.exp(w)), sp.expand_log(e + sp.log(x * y * sp.exp(w)))),
}


def _timed(printed, derived, explain):
    start = time.perf_counter()
    verdict, detail = compare(printed, derived, explain=explain)
    elapsed = time.perf_counter() - start
    if elapsed > SLOWEST[0]:
        shown = [sp.sstr(side, order="none")[:150] for side in (printed, derived)]  # unsorted: fast on huge sums
        SLOWEST[:] = [elapsed, " vs ".join(shown)]
    return verdict, detail


def _check_pair(e, w, c, q, which, full):
    STATS["examples"] += 1
    if STATS["examples"] % 100 == 0:
        _dump_stats()  # a long run can be read while it goes
    base, rewritten = REWRITES[which](e, w, c)
    verdict, detail = _timed(base, rewritten, explain=full)
    STATS[f"equal {verdict}"] += 1
    assert verdict in (AGREES, NOT_DECIDED), f"{which}: {base} vs {rewritten}: {verdict} ({detail})"
    assert "(1) x" not in detail
    # perturbed: the difference from base is q x (1 + base^2) > 0 or q (base^2 + base + 1) > 0 everywhere
    p = rewritten + q * x * (1 + base**2) if q > 0 else (1 - q) * rewritten - q * (1 + base**2)
    verdict, detail = _timed(base, p, explain=full)
    STATS[f"perturbed {verdict}"] += 1
    assert verdict in (DIFFERS, NOT_DECIDED), f"{which}: {base} vs {p}: {verdict} ({detail})"
    assert "(1) x" not in detail


# q > 0: + q x (1 + e^2); q < 0: the coefficient changed, (1 + |q|) e + |q| (1 + e^2)
small_q = st.builds(lambda n, s: s * sp.Rational(1, n), st.integers(7, 1000), st.sampled_from([1, -1]))
shift = st.one_of(rationals, st.sampled_from([t, x / 2, sp.pi / 3]))
# one example in 50 also runs the symbolic explanation (37, not 0: hypothesis favours the bounds)
full_route = st.integers(0, 49).map(lambda k: k == 37)


@given(e=expressions, w=small, c=shift, q=small_q, which=st.sampled_from(["rewrite(exp)", "expand", "together"]),
       full=full_route)
def test_algebraic_rewrites_agree_and_perturbations_differ(e, w, c, q, which, full):
    _check_pair(e, w, c, q, which, full)


@given(e=expressions, w=small, c=shift, q=small_q, which=st.sampled_from(["shifted angle", "expand_trig"]),
       full=full_route)
def test_trigonometric_identities_agree_and_perturbations_differ(e, w, c, q, which, full):
    _check_pair(e, w, c, q, which, full)


@given(e=expressions, w=small, c=shift, q=small_q,
       which=st.sampled_from(["tanh as a thermal average", "plus cosh^2 - sinh^2 - 1",
                              "plus cosh^2 - sinh^2 - 1, large argument"]), full=full_route)
def test_hyperbolic_identities_agree_and_perturbations_differ(e, w, c, q, which, full):
    _check_pair(e, w, c, q, which, full)


@given(e=expressions, w=small, c=shift, q=small_q, which=st.sampled_from(["times sin^2 + cos^2", "expand_log"]),
       full=full_route)
def test_pythagorean_and_logarithmic_identities_agree_and_perturbations_differ(e, w, c, q, which, full):
    _check_pair(e, w, c, q, which, full)
