"""The C99 text of the 3-level eigenvalue kernel for :mod:`multiwell.numeric._ctypes_kernel` (private).

The entries (nine reals per sample, ``_invariants._split_entries3``) are translated statement by statement from
the generated Python text that numba compiles (the same operations in the same order: no name of that text reaches
the C, only numbers and our identifiers; anything not known refuses the translation), then
``_hermitian3.hermitian3_scalar`` ported line by line (shift, scale, Viete, deflation of close pairs) and cut in
the two stages of numba's staged kernel in ``_kernels`` around numpy's ``arctan2``.
"""

from __future__ import annotations

import ast
import functools
import logging

import numpy as np

__all__: list[str] = []

log = logging.getLogger("multiwell")

# -- the C source ------------------------------------------------------------------------------------------
_C_HERMITIAN3 = r"""
#include <math.h>
#include <stddef.h>

#define MW_DEFLATE 0.25

typedef struct { double re, im; } mw_c;

static inline mw_c mw_cx(double re, double im) { mw_c z; z.re = re; z.im = im; return z; }
static inline mw_c mw_mul(mw_c x, mw_c y) { return mw_cx(x.re * y.re - x.im * y.im, x.re * y.im + x.im * y.re); }
static inline mw_c mw_add(mw_c x, mw_c y) { return mw_cx(x.re + y.re, x.im + y.im); }
static inline mw_c mw_sub(mw_c x, mw_c y) { return mw_cx(x.re - y.re, x.im - y.im); }
static inline mw_c mw_conj(mw_c x) { return mw_cx(x.re, -x.im); }
static inline mw_c mw_rmul(double a, mw_c x) { return mw_cx(a * x.re, a * x.im); }
static inline mw_c mw_rdiv(mw_c x, double n) { return mw_cx(x.re / n, x.im / n); }
static inline double mw_n2(mw_c z) { return z.re * z.re + z.im * z.im; }
static inline double mw_max(double x, double y) { return y > x ? y : x; }  /* Python's max(x, y) */
static inline double mw_min(double x, double y) { return y < x ? y : x; }  /* Python's min(x, y) */

static inline double mw_powi(double a, long b)
{
    /* a**b for an integer b, by squaring */
    const int invert = b < 0;
    double r = 1.0;
    if (invert) b = -b;
    while (b) {
        if (b & 1) r *= a;
        a *= a;
        b >>= 1;
    }
    return invert ? 1.0 / r : r;
}

static void mw_cross(mw_c x0, mw_c x1, mw_c x2, mw_c y0, mw_c y1, mw_c y2, mw_c *o)
{
    o[0] = mw_sub(mw_mul(x1, y2), mw_mul(x2, y1));
    o[1] = mw_sub(mw_mul(x2, y0), mw_mul(x0, y2));
    o[2] = mw_sub(mw_mul(x0, y1), mw_mul(x1, y0));
}

static void mw_deflate3(double a, double b, double c, mw_c d, mw_c e, mw_c f, double *l)
{
    /* _hermitian3._deflate3_s: the close pair from the 2x2 compression onto the complement of the
       isolated eigenvector (the largest cross product of two rows of B - lambda) */
    const int top = l[1] - l[0] <= l[2] - l[1];
    double iso = top ? l[2] : l[0];
    const mw_c dc = mw_conj(d), ec = mw_conj(e), fc = mw_conj(f);
    const mw_c A = mw_cx(a - iso, 0.0), Bb = mw_cx(b - iso, 0.0), C = mw_cx(c - iso, 0.0);
    mw_c v[3], w[3], u[3], x[3];
    mw_cross(A, d, f, dc, Bb, e, v);
    double n = mw_n2(v[0]) + mw_n2(v[1]) + mw_n2(v[2]), nw;
    mw_cross(A, d, f, fc, ec, C, w);
    nw = mw_n2(w[0]) + mw_n2(w[1]) + mw_n2(w[2]);
    if (nw > n) { v[0] = w[0]; v[1] = w[1]; v[2] = w[2]; n = nw; }
    mw_cross(dc, Bb, e, fc, ec, C, w);
    nw = mw_n2(w[0]) + mw_n2(w[1]) + mw_n2(w[2]);
    if (nw > n) { v[0] = w[0]; v[1] = w[1]; v[2] = w[2]; n = nw; }
    n = sqrt(n);
    v[0] = mw_rdiv(v[0], n); v[1] = mw_rdiv(v[1], n); v[2] = mw_rdiv(v[2], n);
    if (mw_n2(v[2]) < 0.5) { u[0] = mw_rmul(-1.0, mw_conj(v[1])); u[1] = mw_conj(v[0]); u[2] = mw_cx(0.0, 0.0); }
    else { u[0] = mw_cx(0.0, 0.0); u[1] = mw_rmul(-1.0, mw_conj(v[2])); u[2] = mw_conj(v[1]); }
    n = sqrt(mw_n2(u[0]) + mw_n2(u[1]) + mw_n2(u[2]));
    u[0] = mw_rdiv(u[0], n); u[1] = mw_rdiv(u[1], n); u[2] = mw_rdiv(u[2], n);
    mw_cross(v[0], v[1], v[2], u[0], u[1], u[2], w);
    w[0] = mw_conj(w[0]); w[1] = mw_conj(w[1]); w[2] = mw_conj(w[2]);
    n = sqrt(mw_n2(w[0]) + mw_n2(w[1]) + mw_n2(w[2]));
    w[0] = mw_rdiv(w[0], n); w[1] = mw_rdiv(w[1], n); w[2] = mw_rdiv(w[2], n);
#define MW_APPLY(y) \
    x[0] = mw_add(mw_add(mw_rmul(a, y[0]), mw_mul(d, y[1])), mw_mul(f, y[2])); \
    x[1] = mw_add(mw_add(mw_mul(dc, y[0]), mw_rmul(b, y[1])), mw_mul(e, y[2])); \
    x[2] = mw_add(mw_add(mw_mul(fc, y[0]), mw_mul(ec, y[1])), mw_rmul(c, y[2]));
    MW_APPLY(v)
    iso = mw_add(mw_add(mw_mul(mw_conj(v[0]), x[0]), mw_mul(mw_conj(v[1]), x[1])), mw_mul(mw_conj(v[2]), x[2])).re;
    MW_APPLY(u)
    const double c11 = mw_add(mw_add(mw_mul(mw_conj(u[0]), x[0]), mw_mul(mw_conj(u[1]), x[1])),
                              mw_mul(mw_conj(u[2]), x[2])).re;
    const mw_c c12 = mw_add(mw_add(mw_mul(w[0], mw_conj(x[0])), mw_mul(w[1], mw_conj(x[1]))),
                            mw_mul(w[2], mw_conj(x[2])));
    MW_APPLY(w)
    const double c22 = mw_add(mw_add(mw_mul(mw_conj(w[0]), x[0]), mw_mul(mw_conj(w[1]), x[1])),
                              mw_mul(mw_conj(w[2]), x[2])).re;
#undef MW_APPLY
    const double mean = (c11 + c22) / 2.0, h = hypot((c22 - c11) / 2.0, hypot(c12.re, c12.im));
    if (top) { l[0] = mean - h; l[1] = mean + h; l[2] = mw_max(iso, mean + h); }
    else { l[0] = mw_min(iso, mean - h); l[1] = mean - h; l[2] = mean + h; }
}

#if defined(__GNUC__)
#define MW_INLINE static inline __attribute__((always_inline))
#else
#define MW_INLINE static inline
#endif

MW_INLINE void mw_scaled3_inline(double *v, double *m, double *s, double *p, double *q)
{
    /* _hermitian3._scaled3_s: shift v[0..2] by tr/3, scale v[0..8] by the largest entry; m, s, p, q */
    double a = v[0], b = v[1], c = v[2], dr = v[3], di = v[4], er = v[5], ei = v[6], fr = v[7], fi = v[8];
    *m = (a + b + c) / 3.0;
    a = a - *m; b = b - *m; c = c - *m;
    double t = fabs(a);
    t = mw_max(t, fabs(b)); t = mw_max(t, fabs(c)); t = mw_max(t, fabs(dr)); t = mw_max(t, fabs(di));
    t = mw_max(t, fabs(er)); t = mw_max(t, fabs(ei)); t = mw_max(t, fabs(fr)); t = mw_max(t, fabs(fi));
    if (!(t > 0.0)) t = 1.0;
    *s = t;
    const double inv = 1.0 / t;
    a = a * inv; b = b * inv; c = c * inv; dr = dr * inv; di = di * inv;
    er = er * inv; ei = ei * inv; fr = fr * inv; fi = fi * inv;
    const double d2 = dr * dr + di * di, e2 = er * er + ei * ei, f2 = fr * fr + fi * fi;
    *p = (a * a + b * b + c * c + 2.0 * (d2 + e2 + f2)) / 6.0;
    *q = (a * b * c - a * e2 - b * f2 - c * d2 + 2.0 * ((dr * er - di * ei) * fr + (dr * ei + di * er) * fi)) / 2.0;
    v[0] = a; v[1] = b; v[2] = c; v[3] = dr; v[4] = di; v[5] = er; v[6] = ei; v[7] = fr; v[8] = fi;
}

static void mw_scaled3(double *v, double *m, double *s, double *p, double *q)
{
    /* out of line for the rare deflation branch of stage B (inlined there, it slows the common path) */
    mw_scaled3_inline(v, m, s, p, q);
}

static void mw_levels3(double r, double theta, double *l)
{
    /* _hermitian3._levels3_s: Viete's three scaled levels */
    const double t = theta / 3.0;
    const double co = r * cos(t), si = r * sin(t) * 1.7320508075688772;
    l[0] = -co - si;
    l[1] = -co + si;
    l[2] = 2.0 * co;
}
"""

_NUMPY_C = {"cos": "cos", "sin": "sin", "tan": "tan", "exp": "exp", "log": "log", "sqrt": "sqrt",
            "arctan2": "atan2", "hypot": "hypot", "arctan": "atan", "arcsin": "asin", "arccos": "acos",
            "cosh": "cosh", "sinh": "sinh", "tanh": "tanh", "expm1": "expm1", "log1p": "log1p",
            "abs": "fabs", "absolute": "fabs", "fabs": "fabs"}
_NUMPY_CONST = {"pi": np.pi, "e": np.e}


class _Untranslatable(Exception):
    """The entries' text uses something the C translation does not know: the kernel stays with numba."""


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Untranslatable(f"constant {value!r}")
    x = float(value)
    if not np.isfinite(x):
        raise _Untranslatable(f"constant {value!r}")
    return f"({x!r})"  # the shortest repr round-trips exactly through C's strtod


def _c_expr(node: ast.AST, names: dict[str, str]) -> str:
    """The C form of one expression of the lambdified text (double arithmetic, Python's evaluation order)."""
    if isinstance(node, ast.Constant):
        return _number(node.value)
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise _Untranslatable(f"name {node.id!r}")
        return names[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return f"({'-' if isinstance(node.op, ast.USub) else '+'}{_c_expr(node.operand, names)})"
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            exp = node.right
            if isinstance(exp, ast.UnaryOp) and isinstance(exp.op, ast.USub) and isinstance(exp.operand, ast.Constant):
                exp = ast.Constant(-exp.operand.value)
            if isinstance(exp, ast.Constant) and isinstance(exp.value, int) and not isinstance(exp.value, bool):
                return f"mw_powi({_c_expr(node.left, names)}, {int(exp.value)}L)"
            return f"pow({_c_expr(node.left, names)}, {_c_expr(node.right, names)})"
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
        if type(node.op) not in ops:
            raise _Untranslatable(f"operator {type(node.op).__name__}")
        return f"({_c_expr(node.left, names)} {ops[type(node.op)]} {_c_expr(node.right, names)})"
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "numpy":
        if node.attr in _NUMPY_CONST:
            return _number(_NUMPY_CONST[node.attr])
    if isinstance(node, ast.Call) and not node.keywords:
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "numpy":
            fname = f.attr
        elif isinstance(f, ast.Name) and f.id == "abs":
            fname = "abs"
        else:
            raise _Untranslatable("a call")
        if fname not in _NUMPY_C:
            raise _Untranslatable(f"function {fname!r}")
        return f"{_NUMPY_C[fname]}({', '.join(_c_expr(a, names) for a in node.args)})"
    raise _Untranslatable(type(node).__name__)


def _c_entries(entries_source: str, n_params: int) -> str:
    """The body of the sample loop: ``entries_source`` (a ``def`` of ``n_params`` arguments returning a list
    of nine real expressions, local assignments before it) translated to C statements; the entries end in
    ``v0..v8``, computed for sample ``i``. No name of the source reaches the C text (arguments ``x[k][i]``,
    locals ``t<k>``)."""
    tree = ast.parse(entries_source)
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef):
        raise _Untranslatable("not one function")
    fn = tree.body[0]
    args = fn.args
    if (len(args.args) != n_params or args.vararg or args.kwarg or args.kwonlyargs or args.defaults
            or args.posonlyargs or fn.decorator_list):
        raise _Untranslatable("arguments")
    names = {a.arg: f"x[{k}][i]" for k, a in enumerate(args.args)}
    lines = []
    for k, stmt in enumerate(fn.body):
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and k == 0:
            continue  # a docstring
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = _c_expr(stmt.value, names)
            names[stmt.targets[0].id] = f"t{k}"
            lines.append(f"        const double t{k} = {value};")
        elif isinstance(stmt, ast.Return) and isinstance(stmt.value, (ast.List, ast.Tuple)) and k == len(fn.body) - 1:
            if len(stmt.value.elts) != 9:
                raise _Untranslatable("not nine entries")
            lines += [f"        const double v{j} = {_c_expr(e, names)};" for j, e in enumerate(stmt.value.elts)]
        else:
            raise _Untranslatable(type(stmt).__name__)
    if not lines or not lines[-1].lstrip().startswith("const double v8"):
        raise _Untranslatable("no return")
    return "\n".join(lines)


@functools.lru_cache(maxsize=64)
def c_source(entries_source: str, n_params: int) -> str | None:
    """The C99 text of the kernel's stages ``mw_stage_a`` and ``mw_stage_b`` (samples ``k0 <= i < k1`` of the
    ``n_params`` float64 arrays ``x[j]``; see :class:`CKernel`), or ``None`` when the entries do not translate."""
    if n_params == 0:  # a constant matrix: nothing to vectorise
        return None
    try:
        body = _c_entries(entries_source, n_params)
    except (_Untranslatable, SyntaxError, RecursionError) as exc:
        log.debug("multiwell: no C kernel for these entries (%s)", exc)
        return None
    return ("/* generated by multiwell: a compiled-kernel cache entry (safe to delete) */\n" + _C_HERMITIAN3
            + _C_STAGES.replace("MW_ENTRIES", body))


_C_STAGES = r"""
static inline void mw_entries(const double *const *x, ptrdiff_t i, double *v)
{
MW_ENTRIES
    v[0] = v0; v[1] = v1; v[2] = v2; v[3] = v3; v[4] = v4; v[5] = v5; v[6] = v6; v[7] = v7; v[8] = v8;
}

void mw_stage_a(const double *const *x, double *Y, double *Q, double *R, double *S, double *M,
                ptrdiff_t k0, ptrdiff_t k1)
{
    /* numba's _stage_a: per sample sqrt(p^3 - q^2), q, sqrt(p), s, m of the shifted, scaled matrix */
    double v[9], m, s, p, q;
    for (ptrdiff_t i = k0; i < k1; i++) {
        mw_entries(x, i, v);
        mw_scaled3_inline(v, &m, &s, &p, &q);  /* inlined: ~1.5x faster stage (measured) */
        R[i - k0] = sqrt(p);
        Y[i - k0] = sqrt(mw_max(p * p * p - q * q, 0.0));
        Q[i - k0] = q;
        S[i - k0] = s;
        M[i - k0] = m;
    }
}

void mw_stage_b(const double *const *x, const double *T, const double *R, const double *S, const double *M,
                double *out, ptrdiff_t k0, ptrdiff_t k1)
{
    /* numba's _stage_b: Viete's levels from theta = T (numpy's arctan2), deflation of close pairs */
    double v[9], l[3], m, s, p, q;
    for (ptrdiff_t i = k0; i < k1; i++) {
        const ptrdiff_t j = i - k0;
        const double r = R[j];
        mw_levels3(r, T[j], l);
        if (mw_min(l[1] - l[0], l[2] - l[1]) < MW_DEFLATE * r) {
            mw_entries(x, i, v);
            mw_scaled3(v, &m, &s, &p, &q);
            mw_deflate3(v[0], v[1], v[2], mw_cx(v[3], v[4]), mw_cx(v[5], v[6]), mw_cx(v[7], v[8]), l);
        }
        out[3 * i] = l[0] * S[j] + M[j];
        out[3 * i + 1] = l[1] * S[j] + M[j];
        out[3 * i + 2] = l[2] * S[j] + M[j];
    }
}
"""
"""The two stages around numpy's SIMD ``arctan2`` (as numba's staged kernel in ``_kernels``: glibc's scalar
``atan2`` costs about as much as the rest of a sample); ``MW_ENTRIES`` is replaced by the entries' C."""
