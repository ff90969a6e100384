"""The ``multiwell`` command line: verify a paper, derive a geometry, export code, plot.

Exit codes: 0 success (a DIFFERS verdict is a finding, not a failure); 1 a derivation
crashed (an ERROR row) or a computation failed; 2 bad arguments.

Examples
--------
>>> main(["derive", "complete", "3", "--flux"])  # doctest: +ELLIPSIS
Hamiltonian of complete(3) with flux phi (gauge: symmetric)
...
0
"""


from multiwell.cli._main import (
    main,
)

__all__ = [
    "main",
]
