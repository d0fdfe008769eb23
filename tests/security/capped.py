"""Run an attack in a fresh interpreter with its address space capped, and measure it.

A regression that expands an alias bomb or reads /dev/zero must fail the test, not
swap the machine: the child's address space is capped (`RLIMIT_AS`) at what it had
after its imports plus `cap_mb`, so runaway memory ends in a MemoryError there. The
child reports how long the attack took and how much its resident memory grew (the
peak, reset just before the attack), which the tests hold to the issue's bounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SECONDS = 2.0  # the bound for any attack to be reported or refused
GROWTH_MB = 100  # and for the memory it may cost

_CHILD = textwrap.dedent(
    r"""
    import json, resource, sys, time

    def status(key):
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    setup, action, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
    space = {}
    exec(setup, space)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (status("VmSize") + cap, hard))
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")  # the peak resident size starts again from here
        base = status("VmRSS")
    except OSError:
        base = status("VmHWM")
    start = time.perf_counter()
    error = None
    result = None
    try:
        exec(action, space)
        result = space.get("result")
    except MemoryError:
        error = "MemoryError"
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    seconds = time.perf_counter() - start
    grown = max(status("VmHWM") - base, 0)
    report = {"seconds": seconds, "grown": grown, "result": result, "error": error}
    sys.__stdout__.write("\n" + json.dumps(report, default=repr))
    """
)


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float
    grown_mb: float
    result: Any
    error: str | None

    def within_bounds(self) -> None:
        assert self.error is None, self.error
        assert self.seconds < SECONDS, f"took {self.seconds:.2f} s"
        assert self.grown_mb < GROWTH_MB, f"memory grew {self.grown_mb:.0f} MB"


def measure(
    setup: str, action: str, *, cap_mb: int = 1024, env: dict[str, str] | None = None, timeout: float = 60
) -> Measured:
    """Run `setup` (imports, untimed), then `action` (timed; it may set `result` to
    anything JSON can hold) in a child process capped at `cap_mb` more address space."""
    child_env = dict(os.environ)
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), child_env.get("PYTHONPATH", "")) if p)
    child_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, textwrap.dedent(setup), textwrap.dedent(action), str(cap_mb << 20)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.rsplit("\n", 1)[-1])
    return Measured(report["seconds"], report["grown"] / (1 << 20), report["result"], report["error"])
