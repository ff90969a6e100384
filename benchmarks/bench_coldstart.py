"""Benchmark: the first call of a fresh process (by hand: python benchmarks/bench_coldstart.py [n] [repeats] [--field]).

What a command-line run or a notebook cell meets: a new interpreter imports multiwell, builds
``to_numpy(hamiltonian(complete(3), flux=phi))`` and evaluates n = 10^6 parameter sets once
(E_1, E_2, E_3 uniform in [-1, 1], D_0 in [0.01, 1], phi in [-pi, pi], as bench_numeric.py).
Every measurement is its own fresh subprocess, the scenarios interleaved in each round:

- ``eigvalsh``: batched numpy.linalg.eigvalsh on the (n, 3, 3) matrices built beforehand (not timed),
  the reference the issue compares with;
- ``cold``: the default to_numpy with an empty kernel cache (numpy answers the first call while the kernel
  is built in the background: by the C compiler in a detached process, or by numba without one);
- ``warm``: the default with the cache filled by an earlier process (with a C compiler: the C library of
  multiwell.numeric._ctypes_kernel, loaded with ctypes, numba never imported);
- ``warm, numba``: the same with ``MULTIWELL_CC=none`` (no C library: numba's disk cache, as before);
- ``cold, sync``: MULTIWELL_JIT_SYNC=1 with an empty cache (the first call waits for the build);
- ``numpy``: to_numpy(H, jit=False).

Per process: import (numpy, sympy, multiwell), to_numpy, the first and second call, the wait for the
background build to finish, a third call, the wall time of the whole process (exit does not wait for a
background build), and whether numba was imported. Medians over the repeats; the load average is printed
before and after.

With ``--field``: the same scenarios for ``field_observables`` of bench_field.py's ATS ensemble (n systems,
11 fields x 50 temperatures, ``backend="numba"``), the ratio taken to ``backend="numpy"``.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import sympy as sp
from multiwell import complete, hamiltonian
from multiwell.numeric import to_numpy
t_import = time.perf_counter() - t0
mode, n = sys.argv[1], int(sys.argv[2])
phi = sp.Symbol("phi", real=True)
H = hamiltonian(complete(3), flux=phi)
rng = np.random.default_rng(1)
E = rng.uniform(-1.0, 1.0, (3, n))
args = (E[0], E[1], E[2], rng.uniform(0.01, 1.0, n), rng.uniform(-np.pi, np.pi, n))
out = {"import": t_import}
if mode == "eigvalsh":
    mats = to_numpy(H.matrix, params=H.symbols)(*args)
    t = time.perf_counter(); np.linalg.eigvalsh(mats); out["first"] = time.perf_counter() - t
else:
    t = time.perf_counter(); f = to_numpy(H, jit=False if mode == "numpy" else None)
    out["to_numpy"] = time.perf_counter() - t
    t = time.perf_counter(); E1 = f(*args); out["first"] = time.perf_counter() - t
    t = time.perf_counter(); E2 = f(*args); out["second"] = time.perf_counter() - t
    out["numba"] = "numba" in sys.modules
    from multiwell.numeric import _ctypes_kernel, _jitcache
    t = time.perf_counter(); _jitcache.wait_all(); _ctypes_kernel.wait_builds(); out["wait"] = time.perf_counter() - t
    t = time.perf_counter(); E3 = f(*args); out["third"] = time.perf_counter() - t
    out["max_diff"] = float(max(np.max(np.abs(E1 - E3)), np.max(np.abs(E2 - E3))))
out["since_start"] = time.perf_counter() - t0
print(json.dumps(out))
"""

FIELD_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from multiwell.tunneling.field import FieldEnsemble, field_observables
from multiwell.units import Q_
out = {"import": time.perf_counter() - t0}
mode, n = sys.argv[1], int(sys.argv[2])
ens = FieldEnsemble(area=Q_(0.9, "nm^2"), charge=Q_(2, "e"), omega=Q_(2e3 * np.pi, "1/s"))
T, B = Q_(np.geomspace(0.005, 1.0, 50), "K"), Q_(np.geomspace(0.1, 300, 10), "T")
backend = "numpy" if mode == "numpy" else "numba"
res = []
for key in ("first", "second"):
    t = time.perf_counter()
    res.append(field_observables(T, B, ensemble=ens, n=n, seed=1, backend=backend).heat_capacity.m)
    out[key] = time.perf_counter() - t
from multiwell.numeric import _jitcache
t = time.perf_counter(); _jitcache.wait_all(); out["wait"] = time.perf_counter() - t
t = time.perf_counter()
res.append(field_observables(T, B, ensemble=ens, n=n, seed=1, backend=backend).heat_capacity.m)
out["third"] = time.perf_counter() - t
out["max_diff"] = float(np.max(np.abs(res[0] - res[2])) / np.max(np.abs(res[2])))
out["since_start"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not Unix
        return "n/a"


def child(mode: str, n: int, cache: Path, sync: bool = False, script: str = CHILD, cc: str | None = None) -> dict:
    env = {**os.environ, "MULTIWELL_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("MULTIWELL_JIT_SYNC", None)
    env.pop("MULTIWELL_CC", None)
    if sync:
        env["MULTIWELL_JIT_SYNC"] = "1"
    if cc is not None:
        env["MULTIWELL_CC"] = cc
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", script, mode, str(n)], env=env, capture_output=True, text=True,
                         check=True)
    out = json.loads(res.stdout)
    out["process"] = time.perf_counter() - t
    return out


def main(n: int = 10**6, repeats: int = 3, field: bool = False) -> None:
    base = Path(tempfile.mkdtemp(prefix="multiwell-coldstart-"))
    warm = base / "warm"
    load_before = loadavg()
    script = FIELD_CHILD if field else CHILD
    child("default", 4096 if field else 5000, warm, sync=True, script=script)  # fill the warm cache
    child("default", 4096 if field else 5000, warm, sync=True, script=script, cc="none")  # and numba's part of it
    names = ("cold", "warm", "cold, sync", "numpy") if field else (
        "eigvalsh", "cold", "warm", "warm, numba", "cold, sync", "numpy")
    runs: dict[str, list[dict]] = {k: [] for k in names}
    for r in range(repeats):
        if not field:
            runs["eigvalsh"].append(child("eigvalsh", n, base / "unused"))
        runs["cold"].append(child("default", n, base / f"cold{r}", script=script))
        runs["warm"].append(child("default", n, warm, script=script))
        if not field:
            runs["warm, numba"].append(child("default", n, warm, script=script, cc="none"))
        runs["cold, sync"].append(child("default", n, base / f"sync{r}", sync=True, script=script))
        runs["numpy"].append(child("numpy", n, base / "unused", script=script))
    load_after = loadavg()
    shutil.rmtree(base, ignore_errors=True)

    def med(k: str, key: str) -> float:
        vals = [x[key] for x in runs[k] if key in x]
        return statistics.median(vals) if vals else float("nan")

    ref = med("numpy" if field else "eigvalsh", "first")
    import numba
    import numpy

    what = "field_observables, 11 fields x 50 T" if field else "to_numpy of the 3-well"
    print(f"## Cold start, {what} ({datetime.date.today().isoformat()}, bench_coldstart.py, n = {n:.0e}, "
          f"median of {repeats} fresh processes each)\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {numpy.__version__}, numba {numba.__version__}. Load average before: {load_before}; "
          f"after: {load_after}.\n")
    print("Processes that imported numba: " + ", ".join(
        f"{k} {sum(bool(x.get('numba')) for x in runs[k])}/{len(runs[k])}" for k in runs if k != "eigvalsh") + ".\n")
    print("| scenario | import | to_numpy | first call | first / eigvalsh | second call | wait for build "
          "| third call | process wall | max diff 1st/3rd |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for k in runs:
        cells = [f"{med(k, key):.3f} s" if any(key in x for x in runs[k]) else "–"
                 for key in ("import", "to_numpy", "first")]
        cells.append(f"{med(k, 'first') / ref:.2f}")  # vs eigvalsh (field: vs the numpy backend)
        cells += [f"{med(k, key):.3f} s" if any(key in x for x in runs[k]) else "–"
                  for key in ("second", "wait", "third", "process")]
        cells.append(f"{med(k, 'max_diff'):.1e}" if any("max_diff" in x for x in runs[k]) else "–")
        print(f"| {k} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    field = "--field" in sys.argv
    numbers = [int(float(a)) for a in sys.argv[1:] if a != "--field"]
    main(*numbers, field=field)
