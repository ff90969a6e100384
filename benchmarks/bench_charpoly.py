"""Benchmark of multiwell.characteristic_polynomial against SymPy's Matrix.charpoly() (issue 3).

Run by hand: ``.venv/bin/python benchmarks/bench_charpoly.py [--timeout 300] [--repeats 3]``.

Cases (every one fully symbolic, flux ``phi`` through the reference area, symmetric gauge):

- ``dense``: ``complete(n)`` with a distinct symbol for every on-site energy E_i and every hopping
  t_i_j (the geometry rebuilt as ``Geometry(g.positions, [(i, j, f"t_{i}_{j}")], g.labels)``),
  n = 4, 6, 8;
- ``ring``: ``ring(n)`` with distinct E_i and one uniform hopping D_0 (the issue's "fully symbolic
  ring of 16"), n = 8, 12, 16;
- ``ring-distinct``: ``ring(n)`` with distinct E_i and distinct hoppings t_i_j, n = 8, 12, 16.

Each timing runs in a fresh subprocess (no SymPy cache carried between cases), after a warm-up
that imports everything and computes one small characteristic polynomial; only the call
itself is timed. Ours: ``characteristic_polynomial(H)`` (the public entry point) as the median of
``--repeats`` fresh processes. SymPy: ``H.matrix.charpoly(x)`` (its default: DomainMatrix
Berkowitz), once, killed after ``--timeout`` seconds and reported as "> timeout".

Checks, not timed: where SymPy finishes, its polynomial and ours are compared exactly (every
exponential e^{i k phi/L} and every cosine cos(k phi/L) written in w = e^{i phi/L}, both sides
multiplied by the same power of w, and the difference of the two polynomials in x, w and the
parameters expanded: it must be zero); above 50 000 terms, where that expansion takes SymPy
longer than an hour, both are evaluated exactly at random rational points instead
(``_same_at_points``, a Schwartz-Zippel identity test). For every case ours is also checked against
numpy.linalg.eigvalsh at a random numeric point (roots by mpmath.polyroots at 50 digits).

The load average of the (shared) machine is read before and after each timing and reported.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

CASES = [
    ("dense", 4), ("dense", 6), ("dense", 8),
    ("ring", 8), ("ring", 12), ("ring", 16),
    ("ring-distinct", 8), ("ring-distinct", 12), ("ring-distinct", 16),
]


# -- worker side (runs in a subprocess) -------------------------------------------------------------
def build(kind: str, n: int):
    import sympy as sp

    from multiwell import Geometry, complete, hamiltonian, ring

    phi = sp.Symbol("phi", real=True)
    if kind == "dense":
        g = complete(n)
    elif kind in ("ring", "ring-distinct"):
        g = ring(n)
    else:
        raise ValueError(kind)
    if kind != "ring":
        g = Geometry(g.positions, [(b.i, b.j, f"t_{b.i}_{b.j}") for b in g.bonds], g.labels)
    return hamiltonian(g, flux=phi), phi


def _warm_up() -> None:
    import sympy as sp

    from multiwell import complete, hamiltonian
    from multiwell.spectrum import characteristic_polynomial

    phi = sp.Symbol("phi", real=True)
    H = hamiltonian(complete(3), flux=phi)
    characteristic_polynomial(H)
    sp.ImmutableMatrix([[1, 2], [2, 1]]).charpoly()


def _phase_map(exprs, phi):
    """Every e^{i c phi}, cos(c phi), sin(c phi) in ``exprs`` -> its rational c, and the common denominator L."""
    import math

    import sympy as sp

    coeffs = {}
    for expr in exprs:
        for a in expr.atoms(sp.exp, sp.cos, sp.sin):
            if not a.has(phi):
                continue
            arg = a.args[0] / sp.I if isinstance(a, sp.exp) else a.args[0]
            c = sp.expand(arg / phi)
            if not c.is_Rational:
                raise ValueError(f"unexpected phase {a}")
            coeffs[a] = c
    L = math.lcm(*(int(c.q) for c in coeffs.values())) if coeffs else 1
    return coeffs, L


def _in_w(expr, coeffs, L, K, x, params):
    """``expr`` with e^{i c phi} -> w^{cL}, cos and sin likewise, times w^K, as a Poly over QQ(i)."""
    import sympy as sp

    w = sp.Symbol("w")
    rep = {}
    for a, c in coeffs.items():
        if a not in expr.atoms(type(a)):
            continue
        k = int(c * L)
        if isinstance(a, sp.exp):
            rep[a] = w**k
        elif isinstance(a, sp.cos):
            rep[a] = (w**k + w**-k) / 2
        else:
            rep[a] = (w**k - w**-k) / (2 * sp.I)
    return sp.Poly(sp.expand(expr.xreplace(rep) * w**K), x, w, *params)


def _same(ours, theirs, phi, x) -> tuple[bool, str]:
    """Exact comparison of two characteristic polynomials as polynomials in x, w = e^{i phi/L} and the parameters."""
    a = ours.as_expr()
    b = theirs.as_expr().xreplace({theirs.gen: x})
    coeffs, L = _phase_map([a, b], phi)
    K = ours.degree() * max([0] + [abs(int(c * L)) for c in coeffs.values()])  # bounds every negative power
    params = sorted((a.free_symbols | b.free_symbols) - {phi, x}, key=str)
    pa = _in_w(a, coeffs, L, K, x, params)
    pb = _in_w(b, coeffs, L, K, x, params)
    diff = pa - pb
    differing = 0 if diff.is_zero else len(diff.terms())
    return diff.is_zero, f"{len(pa.terms())} monomials in x, w, parameters; difference {differing}"


def _same_at_points(ours, theirs, phi, trials: int = 3) -> tuple[bool, str]:
    """Identity test of two characteristic polynomials at random exact points (for huge ones).

    Every phase e^{i a phi} is a Laurent monomial in formal variables: with a = sum_j q_j beta_j
    over the Q-basis {1, sqrt(2), ...} of the flux coefficients, e^{i a phi} = prod_j w_j^(q_j L_j)
    (L_j the common denominator of the q_j), and cos(a phi) = (m + 1/m)/2 of that monomial m. Both
    sides are then rational functions of the w_j and the parameters, and equal as such iff they
    are equal as characteristic polynomials. They are evaluated exactly (python-flint rationals)
    at ``trials`` random rational points: a non-zero difference of degree d vanishes at a random
    point with probability <= d / (size of the sampling set) (Schwartz-Zippel), here < 1e-4.
    """
    import math
    import random

    import flint
    import sympy as sp

    rng = random.Random(11)

    def split(g):
        """Generator g of a domain -> ('param', g) or ('phase', {beta: q}, kind)."""
        if isinstance(g, sp.exp) and g.args[0].has(phi):
            return "exp", sp.expand(g.args[0] / (sp.I * phi)).as_coefficients_dict()
        if isinstance(g, sp.cos) and g.args[0].has(phi):
            return "cos", sp.expand(g.args[0] / phi).as_coefficients_dict()
        if g.has(phi):
            raise ValueError(f"identity check: unexpected generator {g}")
        return "param", None

    def gens_of(poly):
        K = poly.domain
        return list(K.symbols) if hasattr(K, "symbols") else []

    for poly in (ours, theirs):
        if poly.domain.is_EX or poly.domain.is_EXRAW:
            raise ValueError(f"identity check: {poly.domain} is not a polynomial domain")
    kinds = {g: split(g) for g in gens_of(ours) + gens_of(theirs)}
    denominators = {}
    for _kind, coeffs in kinds.values():
        for beta, q in (coeffs or {}).items():
            if not sp.Rational(q).is_Rational:
                raise ValueError(f"identity check: coefficient {q} of {beta}")
            denominators[beta] = math.lcm(denominators.get(beta, 1), int(sp.Rational(q).q))

    def values(w, par):
        out = {}
        for g, (kind, coeffs) in kinds.items():
            if kind == "param":
                out[g] = par[g]
                continue
            m = flint.fmpq(1)
            for beta, q in coeffs.items():
                m *= w[beta] ** int(sp.Rational(q) * denominators[beta])
            out[g] = m if kind == "exp" else (m + 1 / m) / 2
        return out

    def evaluate(poly, val):
        K = poly.domain
        gens = gens_of(poly)
        args = [val[g] for g in gens]
        ctx = flint.fmpq_mpoly_ctx.get(tuple(f"g{i}" for i in range(len(gens)))) if gens else None

        def ev(element):  # a PolyElement of K (or of K's ring)
            d = element.to_dict() if hasattr(element, "to_dict") else {(): element}
            if not gens:
                return flint.fmpq(int(d.get((), 0)))
            return ctx.from_dict({m: flint.fmpq(int(sp.Rational(c).p), int(sp.Rational(c).q))
                                  for m, c in d.items()})(*args)

        out = []
        for c in poly.rep.to_list():
            if K.is_Field and hasattr(K, "numer") and not (K.is_QQ or K.is_ZZ):
                out.append(ev(K.numer(c)) / ev(K.denom(c)))
            elif K.is_ZZ or K.is_QQ:
                r = sp.Rational(K.to_sympy(c))
                out.append(flint.fmpq(int(r.p), int(r.q)))
            else:
                out.append(ev(c))
        return out

    params = [g for g, (kind, _) in kinds.items() if kind == "param"]
    for _ in range(trials):
        w = {beta: flint.fmpq(rng.randint(1, 10**6), rng.randint(1, 10**6)) for beta in denominators}
        par = {g: flint.fmpq(rng.randint(-10**6, 10**6), rng.randint(1, 10**6)) for g in params}
        val = values(w, par)
        a, b = evaluate(ours, val), evaluate(theirs, val)
        if a != b:
            return False, f"differ at a random rational point ({len(params)} parameters, {len(w)} phase variables)"
    return True, (f"equal at {trials} random rational points ({len(params)} parameters, {len(denominators)} phase "
                  "variables; Schwartz-Zippel)")


def _point(H, poly, phi):
    """A random exact point: rational E_i and hoppings, and a flux with cos(phi/L) = c rational.

    Every generator cos(a phi) of the coefficient domain (a rational) is then the rational
    T_k(c), k = |a L| (Chebyshev: cos(k theta) = T_k(cos theta)), with L the common denominator
    of the a's. Returns the rational values of the symbols, the rational value of every domain
    generator, and the float flux phi = L arccos(c) for the numeric matrix.
    """
    import math

    import numpy as np
    import sympy as sp

    rng = np.random.default_rng(7)
    values = {}
    for s in H.symbols:
        if s == phi:
            continue
        lo = 100 if s.is_positive else -2000
        values[s] = sp.Rational(int(rng.integers(lo, 2000)), 1000)
    gens = poly.domain.symbols if hasattr(poly.domain, "symbols") else ()
    phases = {}
    for g in gens:
        if g in values:
            continue
        if not (isinstance(g, sp.cos) and g.args[0].free_symbols == {phi}):
            raise ValueError(f"numeric check: unexpected coefficient generator {g}")
        phases[g] = sp.nsimplify(g.args[0] / phi)
    c = sp.Rational(int(rng.integers(-950, 950)), 1000)
    if all(a.is_Rational for a in phases.values()):
        L = math.lcm(*(int(a.q) for a in phases.values())) if phases else 1
        gen_values = [values[g] if g in values else sp.chebyshevt(abs(int(phases[g] * L)), c) for g in gens]
        return values, gen_values, float(L * sp.acos(c).evalf(30))
    # irrational flux coefficients (e.g. sqrt(2) phi / 8 on a complete graph's diagonals): no
    # rational point makes every cosine rational; give them as 60-digit numbers instead
    phi0 = 4 * sp.acos(c)
    gen_values = [values[g] if g in values else sp.cos(phases[g] * phi0).evalf(60) for g in gens]
    return values, gen_values, float(phi0.evalf(30))


def _numeric_check(H, poly, phi) -> float:
    """max |root - eigvalsh| / spectral radius at a random exact point.

    The coefficients of ``poly`` (a Poly in x over ZZ[parameters, cos(a phi)...]) are evaluated
    exactly in rationals (python-flint fmpq_mpoly, no rounding, cheap even for 10^6 terms) at the
    point of ``_point``, or in mpmath at 50 digits when a flux coefficient a is irrational; the roots of the
    resulting rational polynomial are found by mpmath.polyroots at 50 digits and compared with
    numpy.linalg.eigvalsh of the numeric Hamiltonian at the same point.
    """
    import flint
    import mpmath
    import numpy as np

    values, gen_values, phi_value = _point(H, poly, phi)
    numeric = {k: float(v) for k, v in values.items()}
    if phi in H.symbols:
        numeric[phi] = phi_value
    ev = np.linalg.eigvalsh(H.numeric(numeric))
    with mpmath.workdps(50):
        if all(v.is_Rational for v in gen_values):  # exact: python-flint, rational arithmetic
            args = [flint.fmpq(int(v.p), int(v.q)) for v in gen_values]
            ctx = flint.fmpq_mpoly_ctx.get(tuple(f"g{i}" for i in range(len(args)))) if args else None
            coeffs = []
            for c in poly.rep.to_list():
                if isinstance(c, dict):
                    coeffs.append(ctx.from_dict({m: int(v) for m, v in c.items()})(*args))
                else:
                    coeffs.append(flint.fmpq(int(c)))
            coeffs = [mpmath.mpf(int(q.p)) / int(q.q) for q in coeffs]
        else:  # some generator is irrational: sum the terms in mpmath at 50 digits
            args = [mpmath.mpf(str(v)) for v in gen_values]
            coeffs = []
            for c in poly.rep.to_list():
                if not isinstance(c, dict):
                    coeffs.append(mpmath.mpf(int(c)))
                    continue
                total = mpmath.mpf(0)
                for m, v in c.items():
                    term = mpmath.mpf(int(v))
                    for a, e in zip(args, m, strict=True):
                        if e:
                            term *= a**e
                    total += term
                coeffs.append(total)
        rs = mpmath.polyroots(coeffs, maxsteps=500, extraprec=200)
        roots = np.sort([float(mpmath.re(r)) for r in rs])
    return float(np.max(np.abs(roots - ev)) / np.max(np.abs(ev)))


def worker(which: str, kind: str, n: int) -> None:
    from multiwell.spectrum import characteristic_polynomial, energy_symbol

    _warm_up()
    H, phi = build(kind, n)
    x = energy_symbol
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    if which == "ours":
        p = characteristic_polynomial(H)
    else:
        p = H.matrix.charpoly(x)
    elapsed = time.perf_counter() - t0
    load1 = os.getloadavg()[0]
    print(json.dumps({"time": elapsed, "load": [load0, load1]}), flush=True)
    if which == "ours":
        terms = sum(len(c) if isinstance(c, dict) else int(c != 0) for c in p.rep.to_list())
        print(json.dumps({"terms": terms, "numeric": _numeric_check(H, p, phi)}), flush=True)
    else:
        ours = characteristic_polynomial(H)
        terms = sum(len(c) if isinstance(c, dict) else int(c != 0) for c in ours.rep.to_list())
        # the exact expansion of SymPy's 10^5-10^6-term expression takes longer than the timing; test at points instead
        try:
            same, detail = _same(ours, p, phi, x) if terms <= 50_000 else _same_at_points(ours, p, phi)
        except ValueError:  # a domain the point test does not read (SymPy's EX): expand after all
            same, detail = _same(ours, p, phi, x)
        print(json.dumps({"same": same, "detail": detail}), flush=True)


# -- driver -------------------------------------------------------------------------------------------
def _run(which: str, kind: str, n: int, timeout: float) -> dict:
    """One fresh worker; the timing line must arrive within ``timeout`` s (the check after it may take longer)."""
    cmd = [sys.executable, __file__, "--worker", which, kind, str(n)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    start = time.perf_counter()
    first = None
    # the warm-up (imports) is not part of the timeout budget: allow 60 s for it
    while first is None:
        left = timeout + 60 - (time.perf_counter() - start)
        if left <= 0 or not sel.select(timeout=left):
            proc.kill()
            proc.wait()
            return {"time": None, "timeout": timeout}
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {cmd} died: {proc.stderr.read()}")
        first = json.loads(line)
    if first["time"] > timeout:
        proc.kill()
        proc.wait()
        return {"time": None, "timeout": timeout}
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"worker {cmd} failed: {err}")
    for line in out.splitlines():
        first.update(json.loads(line))
    return first


def _machine() -> dict:
    import flint
    import mpmath
    import numpy
    import sympy

    model = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "cpu": model, "nproc": nproc, "machine": platform.machine(),
        "python": platform.python_version(), "sympy": sympy.__version__, "python-flint": flint.__version__,
        "mpmath": mpmath.__version__, "numpy": numpy.__version__,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", nargs=3, metavar=("WHICH", "KIND", "N"))
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cases", default=None, help="comma-separated kind:n, e.g. dense:8,ring:16")
    args = ap.parse_args()
    if args.worker:
        which, kind, n = args.worker
        worker(which, kind, int(n))
        return
    cases = CASES if args.cases is None else [(c.split(":")[0], int(c.split(":")[1])) for c in args.cases.split(",")]
    print(json.dumps(_machine()), flush=True)
    print("| geometry | N | ours (s), median of fresh runs | SymPy charpoly() (s) | ratio | ours = SymPy | terms | "
          "roots vs eigvalsh | load avg |", flush=True)
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    for kind, n in cases:
        runs = [_run("ours", kind, n, args.timeout) for _ in range(args.repeats)]
        t_ours = statistics.median(r["time"] for r in runs)
        theirs = _run("sympy", kind, n, args.timeout)
        loads = [v for r in [*runs, theirs] for v in r.get("load", [])]
        if theirs["time"] is None:
            t_s, ratio, same = f"> {args.timeout:.0f}", f"> {args.timeout / t_ours:.0f}x", "(SymPy did not finish)"
        else:
            t_s, ratio = f"{theirs['time']:.2f}", f"{theirs['time'] / t_ours:.1f}x"
            same = f"{'yes' if theirs['same'] else 'NO'} ({theirs['detail']})"
        each = ", ".join(f"{r['time']:.3f}" for r in runs)
        ours_s = f"{t_ours:.3f} ({each})"
        print(f"| {kind} | {n} | {ours_s} | {t_s} | {ratio} | {same} | {runs[0]['terms']} | "
              f"{runs[0]['numeric']:.1e} | {min(loads):.1f}-{max(loads):.1f} |", flush=True)


if __name__ == "__main__":
    main()
