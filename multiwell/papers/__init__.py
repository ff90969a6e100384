"""Printed equations of papers, each paired with a derivation from the library.

- :mod:`multiwell.papers.jug_paliienko` — the seed paper (G. Jug and M. Paliienko,
  multilevel tunnelling systems in mixed alkali-silicate glasses), ``claims()``.

Private modules ``_*_jp.py`` hold the longer derivations of one section each.
"""

__all__ = ["jug_paliienko"]
