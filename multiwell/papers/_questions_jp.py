r"""Seed paper: what each row decides, the class of its verdict, and the checks of inherited rows.

``multiwell verify`` gives every row a *class* beside its verdict (see :mod:`multiwell.verify`):

- ``notation``: the formula as written is wrong but the object the paper uses is right, so no
  result downstream changes — the ``+ h.c.`` added to sums over ordered pairs (Eqs. 5, 44, 47,
  49), the unnormalised sign of Eq. 27, Eq. 25's density of states (Eq. 26 takes its prefactor
  from Eq. 17), the unit label of γ;
- ``substantive``: a number, a coefficient or a functional form changes;
- ``inherited: Eq. N``: the row follows correctly from a wrong printed predecessor; the verdict is
  then a second check against the exact model (Eq. 35 against the gauge-invariant square, Eq. 40
  against the exact levels of its two dimers, Eq. 43 against the coherent-cluster couplings, Eqs. 41 and 46 against the
  quasi-degenerate perturbation theory of the cluster).

Each row also carries a ``question`` tag; rows with one tag are decided alike
(:func:`multiwell.verify.contradictions`). Model inputs are checked for what can be checked —
a distribution for being a density (positive, normalisable on its cut-offs), a rate law for the
thermal factor its process gives — and the choice itself is stated as the assumption: so Eqs. 2,
6 and 27 are decided the same way, and so are the rate laws of Eqs. 9 and 15.

Examples
--------
>>> KIND["5"], KIND["44"], KIND["7"]
('notation', 'notation', 'substantive')
>>> QUESTION["9"] == QUESTION["15"] == "rate-law"
True
"""

from __future__ import annotations

import importlib
from dataclasses import replace

import mpmath
import sympy as sp

from multiwell.verify import AGREES, DIFFERS, NOTATION, SUBSTANTIVE, Claim, Derived

__all__ = ["FOLLOWS_FROM_PRINTED", "INHERITED", "KIND", "QUESTION", "classify"]

KIND = {
    # notation: the written formula is wrong, the object used downstream is right
    "5": NOTATION, "44": NOTATION, "47": NOTATION, "49": NOTATION,  # sum over ordered pairs + h.c.
    "25": NOTATION,  # Eq. 26 takes its prefactor 2 pi P~* k_B from Eq. 17, not from Eq. 25
    "27": NOTATION,  # V_0^3 for |V_0|^3: the normalised gamma density is what Eq. 30's first line needs
    "gamma-unit": NOTATION,  # "s J^3" for s K^3: the fits used energies in kelvin
    # substantive: a number, a coefficient or a functional form changes
    "7": SUBSTANTIVE, "9": SUBSTANTIVE, "12": SUBSTANTIVE, "13": SUBSTANTIVE, "14": SUBSTANTIVE,
    "15": SUBSTANTIVE, "19": SUBSTANTIVE, "29": SUBSTANTIVE, "30": SUBSTANTIVE, "32": SUBSTANTIVE,
    "33": SUBSTANTIVE, "39": SUBSTANTIVE, "41": SUBSTANTIVE, "42": SUBSTANTIVE, "45": SUBSTANTIVE,
    "46": SUBSTANTIVE, "48": SUBSTANTIVE, "50": SUBSTANTIVE, "51": SUBSTANTIVE,
    "35": SUBSTANTIVE, "40": SUBSTANTIVE, "43": SUBSTANTIVE,  # what the independent checks find
    "F1": SUBSTANTIVE,  # the size of the field effect at a few Oe (multiwell.papers._field_jp)
}
"""Class of each DIFFERS verdict of the seed paper (equation or text-claim key → class)."""

QUESTION = {
    "1": "hamiltonian", "3": "hamiltonian", "4": "hamiltonian", "33": "hamiltonian", "37": "hamiltonian",
    "5": "second-quantised-sum", "44": "second-quantised-sum", "47": "second-quantised-sum",
    "49": "second-quantised-sum",
    "2": "distribution", "6": "distribution", "27": "distribution",
    "9": "rate-law", "15": "rate-law",
    "10": "model-form", "21": "model-form", "31": "model-form",
    "7": "spectrum", "13": "spectrum", "35": "spectrum", "36": "spectrum", "38": "spectrum", "39": "spectrum",
    "40": "spectrum",
    "8": "response", "14": "response", "24": "response", "26": "response", "28": "response", "30": "response",
    "11": "asymptote", "12": "asymptote", "18": "asymptote", "19": "asymptote", "S_ATS": "asymptote",
    "16": "density-of-states", "17": "density-of-states", "25": "density-of-states",
    "22": "thermodynamic-identity", "23": "thermodynamic-identity", "29": "thermodynamic-identity",
    "20": "fractal-exponent", "f-table-I": "fit-value", "f-table-II": "fit-value",
    "32": "prefactor-relation", "p_eff": "prefactor-relation",
    "34": "units", "gamma-unit": "units", "Gamma-unit": "units",
    "41": "cluster", "42": "cluster", "43": "cluster", "45": "cluster", "46": "cluster", "48": "cluster",
    "50": "cluster", "51": "cluster", "Delta_min-range": "cluster",
    "F1": "field-effect", "F2": "field-effect", "F3": "field-effect",
}
"""The kind of question each row decides; rows with one tag must be decided alike."""


def _record(module: str, equation: str) -> dict:
    mod = importlib.import_module(f"multiwell.{module}")
    for rec in mod.paper_findings():
        if str(rec.get("equation")) == equation:
            return rec
    raise LookupError(f"{module} has no record for Eq. {equation}")


def _independent_from_record(module: str, equation: str):
    def independent():
        rec = _record(module, equation)["independent"]
        return Derived(rec["derived"], detail=rec["detail"], verdict=rec["verdict"])

    return independent


def _eq43_independent() -> Derived:
    r"""Eq. 43 from the coherent-cluster results of Eqs. 41–42 instead of their printed forms.

    The cluster model gives the fictitious particle's hopping :math:`|t_N|=N\Delta_0(\Delta_0/U)^{N-1}/(N-1)!`
    (Eq. 41's row) and fixes only the product :math:`qS=Nq_0S_0` (Eq. 42's row). With the paper's
    :math:`q_0=2e` and single-particle area :math:`S_0=4a_0^2` (Eq. 42 at N = 1):
    :math:`D_0|q/e|S=8N^2\Delta_0a_0^2(\Delta_0/U)^{N-1}/(N-1)!`.
    """
    t_N = _record("papers._cluster_jp", "41")["derived"][0]
    names = {s.name: s for s in t_N.free_symbols}
    N, Delta_0, U = names["N"], names["Delta_0"], names["U"]
    a_0 = sp.Symbol("a_0", positive=True)
    magnitude = N * Delta_0 * (Delta_0 / U) ** (N - 1) / sp.factorial(N - 1)
    assert sp.simplify(sp.Abs(t_N.subs(N, 3)) - magnitude.subs(N, 3)) == 0  # |t_N| as stated, N = 3
    derived = magnitude * (N * 2) * (4 * a_0**2)
    printed = 8 * N**3 * Delta_0 * a_0**2
    ratio = sp.simplify(derived / printed)
    at_1 = sp.simplify(ratio.subs(N, 1))
    at_3 = sp.N(ratio.subs({N: 3, Delta_0: 1, U: 100}), 3)
    return Derived(
        derived,
        detail=(
            "with the coherent-cluster hopping of Eq. 41's row, |t_N| = N Delta_0 (Delta_0/U)^(N-1)/(N-1)!, and "
            "q S = N q_0 S_0 of Eq. 42's row (q_0 = 2e, S_0 = 4 a_0^2): D_0|q/e|S = 8 N^2 Delta_0 a_0^2 "
            f"(Delta_0/U)^(N-1)/(N-1)!, i.e. derived/printed = {ratio} ({at_1} at N = 1; {at_3} at N = 3, "
            "Delta_0/U = 1/100). No N^3 law: the estimates N = 25-600 built on it do not follow from the model"
        ),
        verdict=AGREES if sp.simplify(ratio - 1) == 0 else DIFFERS,
        corrected=derived,
    )


INHERITED = {
    "35": ("Eq. 33", _independent_from_record("papers._spectrum_jp", "35")),
    "43": ("Eqs. 41-42", _eq43_independent),
}
"""Rows that follow from a wrong printed predecessor: key → (predecessor, independent check)."""


def _eq46_from_eq45() -> sp.Matrix:
    """Eq. 46 assembled from the printed matrix elements of Eq. 45 (its predecessor)."""
    p45 = _record("papers._cluster_jp", "45")["printed"]
    return sp.Matrix([[p45[0], p45[2]], [p45[3], p45[1]]])


def _eq41_from_eq48() -> sp.Matrix:
    """Eq. 41 from the printed rule of Eqs. 48 and 51 (couplings and asymmetries add) for N identical particles."""
    p41 = _record("papers._cluster_jp", "41")["printed"]
    names = {x.name: x for x in p41.free_symbols}
    N, Delta_0, Delta_min = names["N"], names["Delta_0"], names["Delta_min"]
    p48 = _record("papers._cluster_jp", "48")["printed"]
    identical = {x: Delta_0 for x in p48[2].free_symbols if x.name.startswith("Delta_0^")}
    assert sp.expand(p48[2].xreplace(identical) - 3 * Delta_0) == 0  # the printed sum rule at N = 3
    return sp.Matrix([N * Delta_0, N * Delta_min])


def _eq40_from_eq39() -> sp.Matrix:
    """Eq. 40 rebuilt as the roots of the printed Eq. 39 (its predecessor), by ``multiwell.roots``."""
    from multiwell.papers import _limits_jp as L

    c = sp.cos(L.phi / 2)
    eq39 = sp.Poly(L.x**4 + L.x**2 * (L.e2 - 2 * L.D_2**2 * c**2) - L.D_2**2 * L.nnn + L.D_2**4 * c**4, L.x)
    return sp.Matrix(L.roots(eq39))


FOLLOWS_FROM_PRINTED = {
    "40": ("Eq. 39", _eq40_from_eq39),
    "41": ("Eq. 48", _eq41_from_eq48),
    "46": ("Eq. 45", _eq46_from_eq45),
}
"""Rows whose own derivation is already independent but which follow from a wrong printed predecessor:
key → (predecessor, the row rebuilt from that predecessor). The row's derivation becomes the
independent check, and the rebuild the comparison with the predecessor."""


# -- model inputs, decided alike ------------------------------------------------------------------------------
def eq2_density() -> Derived:
    r"""Eq. 2 as a density: positive, and normalisable once :math:`|\Delta|\le\Delta_{max},\ \Delta_0\ge\Delta_{0,min}`.

    Examples
    --------
    >>> eq2_density().verdict
    'AGREES'
    """
    P, Dm, lo, hi, d, d0 = sp.symbols("Pbar Delta_max Delta_0min Delta_0max Delta Delta_0", positive=True)
    norm = sp.integrate(sp.integrate(P / d0, (d, -Dm, Dm)), (d0, lo, hi))
    expected = 2 * P * Dm * sp.log(hi / lo)
    ok = sp.simplify(sp.expand_log(norm - expected, force=True)) == 0
    return Derived(norm, verdict=AGREES if ok else DIFFERS, detail=(
        f"P = Pbar/Delta_0 > 0; on |Delta| <= Delta_max, Delta_0min <= Delta_0 <= Delta_0max its integral is {norm} "
        "(finite only with both cut-offs): a valid density. The choice itself (flat in Delta and ln Delta_0) is the "
        "standard model's assumption and cannot be derived"),
        assumption="Delta of both signs, |Delta| <= Delta_max; Delta_0 between the cut-offs of Table I")


def eq6_density() -> Derived:
    r"""Eq. 6 as a density on the plane :math:`\sum_iE_i=0`: positive, normalisable within :math:`[D_{min}, D_{max}]`.

    Examples
    --------
    >>> eq6_density().verdict
    'AGREES'
    """
    P, D, lo, hi, d0lo, d0hi, D0, ang = sp.symbols("P^* D D_min D_max D_0min D_0max D_0 phi", positive=True)
    # area element of the plane sum E_i = 0 in polar coordinates: D dD dphi (as for Eq. 17)
    norm = sp.integrate(sp.integrate(sp.integrate(P / (D**2 * D0) * D, (ang, 0, 2 * sp.pi)), (D, lo, hi)),
                        (D0, d0lo, d0hi))
    expected = 2 * sp.pi * P * sp.log(hi / lo) * sp.log(d0hi / d0lo)
    ok = sp.simplify(sp.expand_log(norm - expected, force=True)) == 0
    return Derived(norm, verdict=AGREES if ok else DIFFERS, detail=(
        f"P = P*/(D^2 D_0) > 0 with D^2 = E_1^2 + E_2^2 + E_3^2; on the plane sum E_i = 0 (area D dD dphi) its "
        f"integral is {norm}: finite only with D_min > 0 (log-divergent at D -> 0, which is how it favours "
        "near-degeneracy) and D_0 between cut-offs. A valid density; the choice itself is the ATS assumption"),
        assumption="E_i on the plane sum E_i = 0 with D_min <= D <= D_max, D_0 between cut-offs")


def eq21_form() -> Derived:
    r"""Eq. 21: the linear term is Eq. 24 with a constant density of states (the cubic one is Debye's law).

    Examples
    --------
    >>> eq21_form().verdict
    'AGREES'
    """
    from multiwell.tunneling.thermal import derive_heat_capacity_2ls

    C = derive_heat_capacity_2ls()
    T = next(s for s in C.free_symbols if s.name == "T")
    linear = sp.simplify(T * sp.diff(C, T) - C) == 0
    with mpmath.workdps(30):
        moment = mpmath.quad(lambda y: y**2 / mpmath.cosh(y) ** 2, [0, mpmath.inf])
        ok = linear and abs(moment - mpmath.pi**2 / 12) < mpmath.mpf(10) ** -25
    return Derived(C, verdict=AGREES if ok else DIFFERS, detail=(
        f"a constant density of states g_0 in Eq. 24 gives {C} (int_0^oo y^2 sech^2 y dy = pi^2/12, checked by "
        "mpmath.quad): linear in T, so B_2LS = pi^2 g_0 k_B^2/6. The T^3 term is Debye's low-temperature law, "
        "taken as given"), assumption="g_2LS constant (Eq. 17 without its logarithm); Debye phonons")


def eq31_form() -> Derived:
    r"""Eq. 31: heat capacities of independent subsystems add (the partition function factorises).

    Examples
    --------
    >>> eq31_form().verdict
    'AGREES'
    """
    kB, T = sp.symbols("k_B T", positive=True)
    a, b = sp.Rational(3, 7), sp.Rational(5, 11)  # two independent two-level systems, gaps a and b

    def heat_capacity(levels):
        Z = sp.Add(*[sp.exp(-e / (kB * T)) for e in levels])
        F = -kB * T * sp.log(Z)
        return -T * sp.diff(F, T, 2)

    joint = heat_capacity([0, a, b, a + b])  # product spectrum
    parts = heat_capacity([0, a]) + heat_capacity([0, b])
    value = sp.N((joint - parts).subs({kB: 1, T: sp.Rational(2, 9)}), 40)
    ok = abs(value) < 1e-35
    return Derived(joint, verdict=AGREES if ok else DIFFERS, detail=(
        "for independent subsystems Z = Z_1 Z_2, so F and C = -T F'' add: checked on two two-level systems (product "
        f"spectrum 0, a, b, a + b) at an exact point, C_joint - C_1 - C_2 = {sp.N(value, 3)}. Eq. 31 is this sum "
        "with Eqs. 21, 26 and 30"), assumption="the phonons, 2LS, ATS and Fe3+ centres do not interact")


def classify(claims: list[Claim]) -> list[Claim]:
    """Attach the class, the question and, for inherited rows, the independent check to each claim.

    Examples
    --------
    >>> from multiwell.papers.jug_paliienko import claims
    >>> c = {k.equation: k for k in claims()}
    >>> c["40"].inherited, c["5"].kind, c["9"].question
    ('Eq. 39', 'notation', 'rate-law')
    """
    out = []
    for c in claims:
        changes = {}
        if c.equation in KIND and not c.kind:
            changes["kind"] = KIND[c.equation]
        if c.equation in QUESTION and not c.question:
            changes["question"] = QUESTION[c.equation]
        if c.equation in INHERITED and not c.inherited:
            changes["inherited"], changes["independent"] = INHERITED[c.equation]
        if c.equation in FOLLOWS_FROM_PRINTED and not c.inherited:
            changes["inherited"], changes["derive"] = FOLLOWS_FROM_PRINTED[c.equation]
            changes["independent"] = c.derive
        out.append(replace(c, **changes) if changes else c)
    return out
