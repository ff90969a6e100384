"""Test configuration: hypothesis profiles chosen by the HYPOTHESIS_PROFILE variable.

- ``dev`` (default): quick local runs.
- ``ci``: derandomised, modest example counts, no deadline (what .ci/run uses).
- ``thorough``: many examples (2500 per test, or ``HYPOTHESIS_THOROUGH_EXAMPLES``), for a run by
  hand before a release; four invariance tests at 2500 each make the 10^4-example release run.
"""

import ctypes
import os
import shutil
import subprocess

import pytest
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

# compiled kernels (the C library where a compiler is found, else numba) build on the calling thread in tests, so the
# compiled path is the one tested; tests/unit/test_jitcache.py and test_ctypes_kernel.py check the background builds
os.environ.setdefault("MULTIWELL_JIT_SYNC", "1")


@pytest.fixture
def compile_c(tmp_path):
    """Compile generated C source into a shared library (skips with a reason when no compiler is on PATH)."""

    def compile_(source: str) -> ctypes.CDLL:
        cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if cc is None:
            pytest.skip("no C compiler (cc, gcc, clang) on PATH")
        (tmp_path / "gen.c").write_text(source)
        subprocess.run([cc, "-std=c99", "-O2", "-Wall", "-Werror", "-shared", "-fPIC", "-o",
                        str(tmp_path / "gen.so"), str(tmp_path / "gen.c"), "-lm"], check=True)
        return ctypes.CDLL(str(tmp_path / "gen.so"))

    return compile_
