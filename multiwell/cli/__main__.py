"""``python -m multiwell.cli``: the same as the ``multiwell`` command."""

import sys

from multiwell.cli import main

sys.exit(main())
