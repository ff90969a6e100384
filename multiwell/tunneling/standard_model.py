r"""The standard tunnelling model's textbook results, derived symbolically (SymPy, exact).

Each function returns a SymPy expression obtained by a derivation, never a typed-in
coefficient, so a claim (see :mod:`multiwell.verify`) can compare a printed formula with it:

- :func:`two_level_splitting` — :math:`E=\sqrt{\Delta^2+\Delta_0^2}` from the eigenvalues of
  Eq. 1's Hamiltonian built by :func:`multiwell.hamiltonian`;
- :func:`orientation_average` — :math:`\langle\cos^2\theta\rangle = 1/3` over the sphere;
- :func:`density_of_states` — :math:`g(E)` from a distribution :math:`P(\Delta,\Delta_0)`;
- :func:`heat_capacity` — :math:`C(T)=\int_0^\infty g(E)\,k_B(E/2k_BT)^2\cosh^{-2}(E/2k_BT)\,dE`
  in closed form for a polynomial :math:`g` (constant :math:`\bar P`: :math:`\frac{\pi^2}{6}\bar Pk_B^2T`);
- :func:`dipole_susceptibility` — the resonant and relaxational parts of one system's
  :math:`-\partial^2f/\partial F^2`;
- :func:`resonant_slope`, :func:`relaxational_slope` —
  :math:`d(\delta\epsilon/\epsilon)/d\ln T` of the two parts averaged with :math:`\bar P/\Delta_0`
  and over dipole orientations: :math:`-\tfrac23 A` and :math:`+A`, :math:`A=\bar Pp_0^2/\epsilon_0\epsilon_r`
  (the :math:`-2{:}1` slope ratio);
- :func:`crossover_temperature` — :math:`T_0` from :math:`\omega\tau_{min}(E=k_BT)=1`.

The integrals over :math:`x=E/2k_BT` all reduce to the moments
:math:`M(s)=\int_0^\infty x^s\cosh^{-2}x\,dx = 2^{1-s}\Gamma(s+1)\eta(s)` (:func:`sech2_moment`;
:math:`\eta` the Dirichlet eta function), exact for every integer :math:`s\ge0`.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from multiwell.errors import ParameterError

__all__ = [
    "crossover_temperature",
    "density_of_states",
    "dipole_susceptibility",
    "heat_capacity",
    "orientation_average",
    "relaxational_slope",
    "resonant_slope",
    "sech2_moment",
    "two_level_splitting",
]

# symbols, once, with assumptions (the defaults of the functions below)
Delta = sp.Symbol("Delta", real=True)
Delta_0 = sp.Symbol("Delta_0", positive=True)
E, T, k_B = sp.symbols("E T k_B", positive=True)
P_bar, p_0, epsilon_0, epsilon_r = sp.symbols("Pbar p_0 epsilon_0 epsilon_r", positive=True)
gamma, omega = sp.symbols("gamma omega", positive=True)
_x, _u, _s, _w = sp.symbols("x u s w", positive=True)
_theta, _phi = sp.symbols("theta phi", real=True)


@lru_cache(maxsize=16)  # pure function of SymPy arguments: derived once per process
def two_level_splitting(*, Delta: sp.Expr = Delta, Delta_0: sp.Expr = Delta_0) -> sp.Expr:
    r"""The level splitting of Eq. 1, :math:`H=-\tfrac12(\Delta\sigma_z+\Delta_0\sigma_x)`.

    Derived from the matrix :func:`multiwell.hamiltonian` builds for ``double_well()`` with the
    standard model's hopping: :math:`(E_+-E_-)^2=(\operatorname{tr}H)^2-4\det H`.

    Examples
    --------
    >>> two_level_splitting()
    sqrt(Delta**2 + Delta_0**2)
    """
    from multiwell.geometry import double_well
    from multiwell.hamiltonian import hamiltonian

    H = hamiltonian(double_well(), convention="standard", energies=[-Delta / 2, Delta / 2]).matrix
    return sp.sqrt(sp.expand(H.trace() ** 2 - 4 * H.det()))


@lru_cache(maxsize=16)  # pure function of SymPy arguments: derived once per process
def orientation_average(f=None, *, theta: sp.Symbol = _theta) -> sp.Expr:
    r"""The average of ``f(theta)`` over directions on the sphere (default :math:`\cos^2\theta`).

    :math:`\langle f\rangle = \frac1{4\pi}\int_0^{2\pi}d\phi\int_0^\pi f(\theta)\sin\theta\,d\theta`.

    Examples
    --------
    >>> orientation_average()
    1/3
    >>> orientation_average(sp.cos(_theta) ** 4)
    1/5
    """
    f = sp.cos(theta) ** 2 if f is None else f
    return sp.integrate(f * sp.sin(theta), (theta, 0, sp.pi), (_phi, 0, 2 * sp.pi)) / (4 * sp.pi)


def sech2_moment(s) -> sp.Expr:
    r""":math:`M(s)=\int_0^\infty x^s\cosh^{-2}x\,dx = 2^{1-s}\Gamma(s+1)\eta(s)`, exact.

    From :math:`\cosh^{-2}x = 4\sum_{n\ge1}(-1)^{n+1}n\,e^{-2nx}` term by term.

    Examples
    --------
    >>> sech2_moment(0), sech2_moment(1), sech2_moment(2)
    (1, log(2), pi**2/12)
    """
    s = sp.sympify(s)
    eta = sp.dirichlet_eta(s)
    eta = eta if s == 1 else eta.rewrite(sp.zeta)  # eta(1) = log 2; else (1 - 2^(1-s)) zeta(s)
    return sp.powsimp(2 ** (1 - s) * sp.gamma(s + 1) * eta)


def _sech2_integral(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    r""":math:`\int_0^\infty` expr dx for expr = (polynomial in x) :math:`\times\cosh^{-2}x`.

    Term by term with :func:`sech2_moment`.
    """
    expr = sp.expand(expr.subs(sp.tanh(x) ** 2, 1 - 1 / sp.cosh(x) ** 2))  # the derivative of tanh
    core = sp.expand(sp.powsimp(expr * sp.cosh(x) ** 2))
    if core.has(sp.cosh, sp.sinh, sp.tanh, sp.sech, sp.exp):
        raise ParameterError(f"integrand: expected a polynomial in {x} times sech({x})**2, got {expr}")
    poly = sp.Poly(core, x)
    return sp.expand(sum(c * sech2_moment(m[0]) for m, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def density_of_states(P: sp.Expr, *, E: sp.Symbol = E, Delta: sp.Symbol = Delta, Delta_0: sp.Symbol = Delta_0,
                      Delta_0_min: sp.Expr | None = None, both_signs: bool = False) -> sp.Expr:
    r"""The density of states
    :math:`g(E)=\int d\Delta\,d\Delta_0\,P(\Delta,\Delta_0)\,\delta(E-\sqrt{\Delta^2+\Delta_0^2})`.

    With :math:`\Delta_0 = Eu`, :math:`\Delta=E\sqrt{1-u^2}` (so
    :math:`d\Delta\,d\Delta_0 = E\,dE\,du/\sqrt{1-u^2}`),
    :math:`g(E)=\int_{u_{min}}^1 P\,E\,du/\sqrt{1-u^2}`, :math:`u_{min}=\Delta_{0min}/E` (0 without a cut-off);
    ``both_signs`` counts :math:`\Delta<0` too (twice the result).

    Examples
    --------
    The standard model's :math:`\bar P/\Delta_0`: :math:`g=\bar P\operatorname{acosh}(E/\Delta_{0min})
    \approx\bar P\ln(2E/\Delta_{0min})`; a flat :math:`P=\bar P` gives :math:`\pi\bar PE/2`:

    >>> a = sp.Symbol("Delta_0min", positive=True)
    >>> density_of_states(P_bar / Delta_0, Delta_0_min=a)
    Pbar*acosh(E/Delta_0min)
    >>> density_of_states(P_bar + 0 * Delta_0)
    pi*E*Pbar/2
    """
    integrand = sp.sympify(P).subs({Delta: E * sp.sqrt(1 - _u**2), Delta_0: E * _u}) * E / sp.sqrt(1 - _u**2)
    lower = sp.Symbol("l", positive=True)  # u_min, taken < 1 (E above the cut-off)
    g = sp.integrate(sp.powsimp(integrand), (_u, 0 if Delta_0_min is None else lower, 1), conds="none")
    if isinstance(g, sp.Piecewise):  # the branch u_min < 1
        g = g.args[0][0]
    g = sp.factor(g.subs(lower, Delta_0_min / E)) if Delta_0_min is not None else sp.factor(g)
    return 2 * g if both_signs else g


def heat_capacity(g: sp.Expr, *, E: sp.Symbol = E, T: sp.Symbol = T, k_B: sp.Symbol = k_B) -> sp.Expr:
    r"""The heat capacity of two-level systems with density of states ``g(E)`` (a polynomial in E).

    :math:`C=\int_0^\infty dE\,g(E)\,k_B\big(\frac{E}{2k_BT}\big)^2\cosh^{-2}\frac{E}{2k_BT}`
    (each system: :math:`-T\partial^2F/\partial T^2` of :math:`F=-k_BT\ln 2\cosh(E/2k_BT)`),
    evaluated exactly with :math:`E=2k_BTx` and :func:`sech2_moment`.

    Examples
    --------
    A constant density of states :math:`\bar P` gives the linear term of glasses:

    >>> heat_capacity(P_bar)
    pi**2*Pbar*T*k_B**2/6
    >>> heat_capacity(E)  # g proportional to E: C ~ T^2 with 9 zeta(3)
    9*T**2*k_B**3*zeta(3)/2
    """
    per_system = k_B * (E / (2 * k_B * T)) ** 2 / sp.cosh(E / (2 * k_B * T)) ** 2
    from_F = -T * sp.diff(-k_B * T * sp.log(2 * sp.cosh(E / (2 * k_B * T))), T, 2)
    point = {E: sp.Rational(3, 7), T: sp.Rational(2, 9), k_B: sp.Rational(5, 4)}
    if abs(sp.N((from_F - per_system).xreplace(point), 40)) > 1e-35:  # pragma: no cover - guards the derivation
        raise AssertionError("-T F'' differs from the two-level form")
    g = sp.sympify(g)
    if not g.is_polynomial(E):
        raise ParameterError(f"g: expected a polynomial in {E} (exact moments), got {g}")
    integrand = (g * per_system).subs(E, 2 * k_B * T * _x) * 2 * k_B * T
    return sp.factor(_sech2_integral(integrand, _x))


@lru_cache(maxsize=16)  # pure function of SymPy arguments: derived once per process
def dipole_susceptibility(*, p: sp.Expr = p_0, theta: sp.Symbol = _theta) -> tuple[sp.Expr, sp.Expr]:
    r"""``(resonant, relaxational)``: :math:`-\partial^2f/\partial F^2` at :math:`F=0` of one system.

    The field adds :math:`-\mathbf F\cdot\mathbf p` to :math:`\tfrac12\Delta`, so
    :math:`E(F)=\sqrt{(\Delta+2Fp\cos\theta)^2+\Delta_0^2}` and
    :math:`f=-k_BT\ln2\cosh(E/2k_BT)` give
    :math:`-f''=\tfrac12E''\tanh\frac{E}{2k_BT}+\frac{E'^2}{4k_BT}\cosh^{-2}\frac{E}{2k_BT}`:
    the resonant (tanh) and the static relaxational (:math:`\cosh^{-2}`) part.

    Examples
    --------
    >>> res, rel = dipole_susceptibility()
    >>> res
    2*Delta_0**2*p_0**2*cos(theta)**2*tanh(sqrt(Delta**2 + Delta_0**2)/(2*T*k_B))/(Delta**2 + Delta_0**2)**(3/2)
    >>> rel
    Delta**2*p_0**2*cos(theta)**2/(T*k_B*(Delta**2 + Delta_0**2)*cosh(sqrt(Delta**2 + Delta_0**2)/(2*T*k_B))**2)
    """
    F = sp.Symbol("F", real=True)
    EF = two_level_splitting(Delta=Delta + 2 * F * p * sp.cos(theta), Delta_0=Delta_0)
    d1 = sp.diff(EF, F).subs(F, 0)
    d2 = sp.factor(sp.diff(EF, F, 2).subs(F, 0))
    E0 = EF.subs(F, 0)
    arg = E0 / (2 * k_B * T)
    return sp.factor(d2 / 2) * sp.tanh(arg), sp.factor(d1**2 / (4 * k_B * T)) / sp.cosh(arg) ** 2


def _standard_weight() -> sp.Expr:
    r"""The standard distribution :math:`\bar P/\Delta_0` with its Jacobian.

    In :math:`(E, u=\Delta_0/E)`, :math:`\Delta\ge0`.
    """
    return (P_bar / Delta_0).subs(Delta_0, E * _u) * E / sp.sqrt(1 - _u**2)


def _averaged(part: sp.Expr) -> dict:
    r"""One part of the susceptibility averaged over orientations, times the weight, split in ``u`` and ``E`` factors.

    Returns ``{"coeff": c, u: f(u), E: g(E, T)}`` (:func:`sympy.separatevars`).
    """
    part = part.subs(sp.cos(_theta) ** 2, orientation_average())
    part = part.xreplace({Delta**2 + Delta_0**2: E**2})  # sqrt(E^2) = E: E is positive
    part = part.subs({Delta: E * sp.sqrt(1 - _u**2), Delta_0: E * _u})
    split = sp.separatevars(sp.powsimp(sp.factor(part * _standard_weight())), symbols=[_u, E], dict=True)
    if split is None:  # pragma: no cover - a guard on the derivation itself
        raise AssertionError(f"the average does not separate in u and E: {part}")
    return split


@lru_cache(maxsize=16)  # pure function of SymPy arguments: derived once per process
def resonant_slope() -> sp.Expr:
    r"""The slope :math:`d(\delta\epsilon/\epsilon)_{RES}/d\ln T` of the standard model, derived.

    :func:`dipole_susceptibility`'s resonant part, averaged over orientations
    (:func:`orientation_average`) and over :math:`\bar P/\Delta_0` with :math:`\Delta\ge0` in
    :math:`(E,u)`: the :math:`u`-integral is :math:`\int_0^1u\,du/\sqrt{1-u^2}=1`, and
    :math:`T\partial_T\int_0^{E_{max}}\tanh(E/2k_BT)\,dE/E=-\int_0^{E_{max}/2k_BT}\cosh^{-2}x\,dx\to-1`
    (error :math:`O(e^{-E_{max}/k_BT})`, i.e. for :math:`k_BT\ll\Delta_{0max}`). Divided by
    :math:`\epsilon_0\epsilon_r`.

    Examples
    --------
    >>> resonant_slope()
    -2*Pbar*p_0**2/(3*epsilon_0*epsilon_r)
    """
    res, _ = dipole_susceptibility()
    split = _averaged(res)
    u_integral = sp.integrate(split[_u], (_u, 0, 1))
    e_part = split["coeff"] * split[E]
    # T d/dT at fixed E (the cut-off E_max is fixed in E), then E = 2 k_B T x
    slope_integrand = (T * sp.diff(e_part, T)).subs(E, 2 * k_B * T * _x) * 2 * k_B * T
    return sp.factor(u_integral * _sech2_integral(slope_integrand, _x) / (epsilon_0 * epsilon_r))


def _u_log_coefficient() -> sp.Expr:
    r"""The coefficient of :math:`\ln w` in :math:`I(w)=\int_0^1\sqrt{1-u^2}\,\frac{u^3}{u^4+w^2}du` as :math:`w\to0`.

    :math:`w\,I'(w)=-\int_0^1\sqrt{1-u^2}\,\frac{2u^3w^2}{(u^4+w^2)^2}du`; the weight lives at
    :math:`u\sim\sqrt w` where :math:`\sqrt{1-u^2}\to1`, so the limit is
    :math:`-\int_0^\infty 2u^3w^2/(u^4+w^2)^2du=-\tfrac12`.
    """
    return -sp.integrate(2 * _u**3 * _w**2 / (_u**4 + _w**2) ** 2, (_u, 0, sp.oo))


@lru_cache(maxsize=16)  # pure function of SymPy arguments: derived once per process
def relaxational_slope(*, rate: str = "coth") -> sp.Expr:
    r"""The slope :math:`d(\delta\epsilon/\epsilon)_{REL}/d\ln T` for :math:`\omega\tau_{min}\ll1`, derived.

    :func:`dipole_susceptibility`'s relaxational part times :math:`1/(1+\omega^2\tau^2)`, with
    :math:`\tau=\tau_{min}/u^2`, :math:`\tau_{min}^{-1}=E^3r(E/2k_BT)/\gamma`
    (``rate``: ``"coth"`` one-phonon, ``"tanh"`` as the seed paper's Eq. 9), averaged over
    orientations and :math:`\bar P/\Delta_0` (:math:`\Delta\ge0`). The :math:`u`-weight is
    :math:`\sqrt{1-u^2}/u`, so with the Debye factor the :math:`u`-integral is
    :math:`-\tfrac12\ln(\omega\tau_{min})+c+o(1)` (``_u_log_coefficient``), and
    :math:`T\partial_T` at fixed :math:`x=E/2k_BT` leaves :math:`\tfrac32\cdot2\int\cosh^{-2}x\,dx`.
    The rate factor :math:`r(x)` drops out: both choices give the same slope.

    Examples
    --------
    >>> relaxational_slope()
    Pbar*p_0**2/(epsilon_0*epsilon_r)
    >>> relaxational_slope() / resonant_slope()
    -3/2
    """
    r = {"coth": sp.coth, "tanh": sp.tanh}.get(rate)
    if r is None:
        raise ParameterError(f"rate: expected 'coth' or 'tanh', got {rate!r}")
    _, rel = dipole_susceptibility()
    split = _averaged(rel)
    u_weight = sp.sqrt(1 - _u**2) / _u
    if sp.cancel(split[_u] / u_weight).has(_u):  # pragma: no cover - a guard on the derivation itself
        raise AssertionError(f"the u-weight is not sqrt(1-u^2)/u: {split[_u]}")
    e_part = split["coeff"] * split[E] * sp.cancel(split[_u] / u_weight)
    tau_min = gamma / (E**3 * r(E / (2 * k_B * T)))
    log_part = _u_log_coefficient() * sp.expand_log(sp.log(omega * tau_min), force=True)
    integrand = (e_part * log_part).subs(E, 2 * k_B * T * _x) * 2 * k_B * T  # E = 2 k_B T x: fixed x
    integrand = sp.expand_log(integrand, force=True)
    slope_integrand = sp.expand(T * sp.diff(integrand, T))
    return sp.factor(_sech2_integral(slope_integrand, _x) / (epsilon_0 * epsilon_r))


@lru_cache(maxsize=16)  # pure function of SymPy arguments: derived once per process
def crossover_temperature(*, rate: str = "coth", gamma: sp.Expr = gamma, omega: sp.Expr = omega,
                          k_B: sp.Expr = k_B) -> sp.Expr:
    r""":math:`T_0` from :math:`\omega\tau_{min}(E=k_BT)=1`, :math:`\tau_{min}^{-1}=E^3r(E/2k_BT)/\gamma`.

    Solving :math:`(k_BT_0)^3 r(\tfrac12)=\gamma\omega`. The seed paper's
    :math:`k_BT_0\simeq(\gamma\omega/2)^{1/3}` is the one-phonon ``"coth"`` form with
    :math:`\coth\tfrac12\approx2` (:math:`\coth y\approx1/y`; exact :math:`\coth\tfrac12=2.164`).

    Examples
    --------
    >>> crossover_temperature()
    gamma**(1/3)*omega**(1/3)*tanh(1/2)**(1/3)/k_B
    >>> crossover_temperature(rate="tanh")
    gamma**(1/3)*omega**(1/3)/(k_B*tanh(1/2)**(1/3))
    """
    r = {"coth": sp.coth, "tanh": sp.tanh}.get(rate)
    if r is None:
        raise ParameterError(f"rate: expected 'coth' or 'tanh', got {rate!r}")
    y = sp.Symbol("y", positive=True)  # k_B T_0: omega tau_min = omega gamma / (y^3 r(y / 2y)) = 1
    (solution,) = sp.solve(omega * gamma - y**3 * r(sp.cancel(y / (2 * y))), y)
    T0 = solution / k_B
    return sp.expand_power_base(T0.rewrite(sp.tanh) if rate == "coth" else T0, force=True)
