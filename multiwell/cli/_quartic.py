"""How the command line prints the levels of a quartic block (for :mod:`multiwell.cli`)."""

from __future__ import annotations

__all__: list[str] = []


def _quartic_level(label: str, level, quartics: dict, latex: bool) -> str:
    """``label: root k of Qn``; the first level of a quartic also prints ``Qn(x) = ...`` (``quartics`` remembers)."""
    import sympy as sp

    key, lines = level.args[:4], []
    if key not in quartics:
        quartics[key] = f"Q{len(quartics) + 1}"
        show = sp.latex if latex else sp.sstr
        power = (lambda n: f"x^{n}") if latex else (lambda n: f"*x**{n}")
        terms = ["x^4" if latex else "x**4"]
        terms += [f"({show(c)})" + ("" if j == 3 else "*x" if j == 2 and not latex else "x" if j == 2 else power(3 - j))
                  for j, c in enumerate(key) if c != 0]
        lines.append(f"  {quartics[key]}(x) = {' + '.join(terms)}")
        lines.append("    its roots in radicals (QuarticRoot(...).explicit(): Euler's form, the resolvent cubic in "
                     "Viete's trigonometric form)")
    lines.append(f"  {label}: root {int(level.args[4])} (ascending, from 0) of {quartics[key]}")
    return "\n".join(lines)
