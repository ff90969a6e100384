"""Printed equations of papers, each paired with a derivation from the library.

- :mod:`multiwell.papers.jug_paliienko` — the seed paper (G. Jug and M. Paliienko,
  multilevel tunnelling systems in mixed alkali-silicate glasses), ``claims()``;
- :mod:`multiwell.papers.standard_model` — textbook results of the standard tunnelling model,
  each with a deliberately wrong variant (``multiwell verify standard_model``).

A paper is any module with ``claims() -> list[Claim]``: ``multiwell verify path/to/file.py``
checks one of your own, and a package can register one under the entry-point group
``multiwell.papers``.

Private modules ``_*_jp.py`` hold the longer derivations of one section each.
"""

__all__ = ["jug_paliienko", "standard_model"]
