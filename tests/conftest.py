"""Test configuration: hypothesis profiles chosen by the HYPOTHESIS_PROFILE variable.

- ``dev`` (default): quick local runs.
- ``ci``: derandomised, modest example counts, no deadline (what .ci/run uses).
- ``thorough``: many examples, for a run by hand before a release.
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
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
