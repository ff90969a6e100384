
"""The two-level system, typed once as LaTeX."""
import sympy as sp

from multiwell.tunneling import standard_model as sm
from multiwell.verify import Claim


def claims():
    return [
        Claim("E", "two-level splitting", latex=r"E = \sqrt{\Delta^2 + \Delta_0^2}",
              derive=sm.two_level_splitting),
        Claim("E-wrong", "splitting, halved", latex=r"E = \tfrac12\sqrt{\Delta^2 + \Delta_0^2}",
              derive=sm.two_level_splitting),
    ]
