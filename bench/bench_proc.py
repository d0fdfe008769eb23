"""Run one command as a child process: its wall time and its peak memory.

Every figure in the benchmark is a whole process, so interpreter start-up, imports
and exit are paid by newsdesk and by the baselines alike. Peak memory is the child's
`ru_maxrss` from `wait4` (the largest of it and the children it waited for).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_kb: int
    code: int
    out: str
    cpu: float = 0.0  # user + system seconds of the child and the children it waited for
    load: float = 0.0  # the machine's 1-minute load average when it started


@dataclass(slots=True)
class Series:
    """Repeated runs of one command; medians are what the report shows."""

    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_kb for r in self.runs) / 1024


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def newsdesk(*args: str) -> list[str]:
    """The installed console script, as an editor runs it."""
    script = os.path.join(os.path.dirname(sys.executable), "newsdesk")
    return [script, *args] if os.path.exists(script) else [sys.executable, "-m", "tui", *args]


def run(
    argv: Sequence[str], *, env: dict[str, str] | None = None, keep_output: bool = False, ok: Sequence[int] = (0, 1)
) -> Run:
    """Start, wait, measure. Standard output is thrown away unless `keep_output`."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), stdout=out if keep_output else subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        if child.returncode not in ok:
            raise RuntimeError(
                f"{' '.join(argv)} exited {child.returncode}: {err.read().decode(errors='replace')[-2000:]}"
            )
        text = out.read().decode("utf-8", "replace") if keep_output else ""
    return Run(seconds, usage.ru_maxrss, child.returncode, text, usage.ru_utime + usage.ru_stime, load)
