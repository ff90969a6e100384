"""Test configuration: hypothesis profiles chosen by the HYPOTHESIS_PROFILE variable.

- ``dev`` (default): quick local runs.
- ``ci``: derandomised, modest example counts, no deadline (what .ci/run uses).
- ``thorough``: many examples (2500 per test, or ``HYPOTHESIS_THOROUGH_EXAMPLES``), for a run by
  hand before a release; four invariance tests at 2500 each make the 10^4-example release run.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=15, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=int(os.environ.get("HYPOTHESIS_THOROUGH_EXAMPLES", "2500")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
