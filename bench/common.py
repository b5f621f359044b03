"""What every benchmark shares: a figure with its repeats, and how to time and describe a run.

Each measuring module (``bench.pages``, ``bench.pdf``, ...) returns a list of ``Figure``; the
runner (``bench.run``) writes them all to ``bench/results/latest.md`` and ``latest.json``.
A figure is never edited by hand: ``met`` is computed from the measured values.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

# Overridable so two runs (CI's smoke run and a full run) can share one machine.
BENCH_DATABASE = os.environ.get("CAPACITA_BENCH_DATABASE", "capacita_bench")


def database_url(name: str = BENCH_DATABASE) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


@dataclass
class Figure:
    """One measured quantity: every repeat kept, so min / median / max can be shown."""

    section: str  # e.g. "3. Certificate PDF"
    name: str  # e.g. "render_certificate, one core"
    unit: str  # e.g. "certificates/s", "ms", "ratio"
    values: list[float]
    target: str = ""  # e.g. "≤ 1.2"; empty: reported, not held to a target
    met: bool | None = None  # None when there is no target
    command: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(min=self.low, median=self.median, max=self.high)
        return data


def at_most(value: float, limit: float) -> bool:
    return value <= limit


def at_least(value: float, limit: float) -> bool:
    return value >= limit


def timed_ms(function: Callable[[], object], repeats: int = 5) -> list[float]:
    """Wall time of each of ``repeats`` calls, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def machine() -> dict:
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(total_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
