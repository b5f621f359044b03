"""Pages rendered cold (in process), pages under load (wrk), the dashboard's response time,
and every page's SQL query count.

A cold render is what the first request after a deploy or a content edit costs: nothing kept
in the cache (settings, menu, roles, steps, Wagtail's site roots), the median of many
requests after a warm-up, each with the cache cleared before it. Under load each page runs
alternated with the baseline (a bare view of 2 KB of static HTML on the same gunicorn:
B P B P …); the ratio of their requests/s is kept for information, with no target.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import urllib.request
from dataclasses import dataclass

from .common import Figure, at_most, timed_ms
from .services import BASE_URL

SECTION_PAGES = "1. Pages under load"
SECTION_DASHBOARD = "2. Managers' dashboard"


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(path: str, *, seconds: int, connections: int = 16, cookie: str = "") -> WrkResult:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, BASE_URL + path], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        requests=requests,
        errors=errors,
    )


def fetch(path: str, cookie: str = "") -> tuple[int, bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(BASE_URL + path, headers=headers)  # noqa: S310 (our server)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class PageCase:
    name: str
    path: str
    cookie: str


def pages_under_load(cases: list[PageCase], *, seconds: int, rounds: int) -> list[Figure]:
    figures = []
    command = f"wrk -t2 -c16 -d{seconds}s --latency, baseline and page alternated ×{rounds}"
    for case in cases:
        status, _ = fetch(case.path, case.cookie)
        if status != 200:
            raise RuntimeError(f"{case.name}: {case.path} answered {status}, not 200")
        baseline_runs, page_runs = [], []
        for _ in range(rounds):
            baseline_runs.append(wrk("/_bench/baseline/", seconds=seconds))
            page_runs.append(wrk(case.path, seconds=seconds, cookie=case.cookie))
        ratios = [
            p.requests_per_second / b.requests_per_second
            for b, p in zip(baseline_runs, page_runs, strict=True)
        ]
        errors = sum(run.errors for run in page_runs + baseline_runs)
        ratio = statistics.median(ratios)
        figures += [
            Figure(
                SECTION_PAGES,
                f"{case.name}: requests/s ÷ baseline's",
                "ratio",
                ratios,
                command=command,
                notes=f"{case.path}; median ratio {ratio:.2f}; for information",
            ),
            Figure(
                SECTION_PAGES,
                f"{case.name}: errors",
                "requests",
                [errors],
                target="0",
                met=errors == 0,
                command=command,
                notes="non-2xx responses and socket errors",
            ),
            Figure(
                SECTION_PAGES,
                f"{case.name}: requests/s",
                "req/s",
                [r.requests_per_second for r in page_runs],
                command=command,
            ),
            Figure(
                SECTION_PAGES,
                f"{case.name}: p50",
                "ms",
                [r.p50_ms for r in page_runs],
                command=command,
            ),
            Figure(
                SECTION_PAGES,
                f"{case.name}: p99",
                "ms",
                [r.p99_ms for r in page_runs],
                command=command,
            ),
            Figure(
                SECTION_PAGES,
                f"{case.name}: baseline requests/s",
                "req/s",
                [r.requests_per_second for r in baseline_runs],
                command=command,
            ),
        ]
    return figures


# --- The dashboard ----------------------------------------------------------------------------


def raw_distinct_count() -> None:
    """The yardstick: plain SQL count(DISTINCT person) per goal over the raw completion rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.plangoal_id, count(DISTINCT e.user_id)
            FROM enrollments_enrollment e
            JOIN courses_coursepage_plan_goals t ON t.coursepage_id = e.course_id
            WHERE e.completed_at IS NOT NULL
            GROUP BY t.plangoal_id
            """
        )
        cursor.fetchall()


RAW_SQL = "plain SQL count(DISTINCT person) per goal"
OPEN_DATA = "open data, uncached"
DASHBOARD_TARGET_MS = 300
OPEN_DATA_TARGET_MS = 2000


def dashboard_times(cases: dict[str, str], cookie: str, repeats: int) -> dict[str, list[float]]:
    """Milliseconds per rendered response of each dashboard URL, of open data with its cached
    table deleted before each request (every document is cut from it), and of the raw SQL."""
    from django.core.cache import cache

    from enrollments.api import TABLE_KEY

    times = {RAW_SQL: timed_ms(raw_distinct_count, repeats)}
    for name, path in cases.items():
        status, body = fetch(path, cookie)
        if status != 200 or b"<table" not in body:
            raise RuntimeError(f"dashboard {name}: {path} answered {status} without its table")
        times[name] = timed_ms(lambda path=path: fetch(path, cookie), repeats)

    def open_data() -> None:
        cache.delete(TABLE_KEY)
        status, _body = fetch("/api/indicators/goals/")
        if status != 200:
            raise RuntimeError(f"open data answered {status}")

    times[OPEN_DATA] = timed_ms(open_data, repeats)
    return times


def dashboard_figures(by_scale: dict[int, dict[str, list[float]]], *, command: str) -> list[Figure]:
    """Each read at every scale, held at the largest to its target (the dashboard's median
    under 300 ms, open data's under 2 s); for information, the ratio to the raw SQL and the
    growth from the 100k scale to the largest."""
    scales = sorted(by_scale)
    largest = scales[-1]
    figures = []
    for scale in scales:
        for name, values in by_scale[scale].items():
            limit = None
            if scale == largest and name != RAW_SQL:
                limit = OPEN_DATA_TARGET_MS if name == OPEN_DATA else DASHBOARD_TARGET_MS
            figures.append(
                Figure(
                    SECTION_DASHBOARD,
                    f"{name}, {scale:,} completions",
                    "ms",
                    values,
                    target=f"< {limit:,} (median)" if limit else "",
                    met=statistics.median(values) < limit if limit else None,
                    command=command,
                )
            )
    raw = statistics.median(by_scale[largest][RAW_SQL])
    small = 100_000 if 100_000 in by_scale else scales[0]
    for name, values in by_scale[largest].items():
        if name == RAW_SQL:
            continue
        figures.append(
            Figure(
                SECTION_DASHBOARD,
                f"{name}: p50 ÷ plain SQL's, {largest:,} completions",
                "ratio",
                [v / raw for v in values],
                command=command,
                notes="for information",
            )
        )
        if small != largest:
            growth = statistics.median(values) / statistics.median(by_scale[small][name])
            figures.append(
                Figure(
                    SECTION_DASHBOARD,
                    f"{name}: growth {small:,} → {largest:,} completions",
                    "×",
                    [growth],
                    command=command,
                    notes="ratio of the medians, for information",
                )
            )
    return figures


# --- Query counts -----------------------------------------------------------------------------


def _warm_client(user, path: str):
    """A test client (logged in as ``user`` unless None) that has fetched ``path`` once, so
    per-process caches (site root, settings) are warm, as a running server's are."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)
    return client


def query_counts(cases: dict[str, tuple[object, str]]) -> dict[str, int]:
    """SQL queries each page runs, rendered in this process with a fresh cache.

    ``cases`` maps a name to (user or None, path).
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (user, path) in cases.items():
        client = _warm_client(user, path)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"query count of {name}: {path} answered {response.status_code}")
        counts[name] = len(queries)
    return counts


SECTION_COLD = "0. Cold render"
WARM_UP = 5


def cold_render_times(cases: dict[str, tuple[object, str, float]], *, repeats: int) -> list[Figure]:
    """Each page rendered whole in this process, the cache cleared before every request (the
    first request after a deploy or a content edit); ``cases`` maps a name to (user or None,
    path, the most milliseconds its median may take)."""
    from django.core.cache import cache

    figures = []
    for name, (user, path, limit) in cases.items():
        client = _warm_client(user, path)

        def render(client=client, path=path):
            cache.clear()
            client.get(path)

        timed_ms(render, WARM_UP)
        times = timed_ms(render, repeats)
        figures.append(
            Figure(
                SECTION_COLD,
                f"{name}: rendered cold",
                "ms",
                times,
                target=f"≤ {limit:g} (median)",
                met=at_most(statistics.median(times), limit),
                command=f"django.test.Client in process, debug off; the cache cleared before "
                f"each request; median of {repeats} after {WARM_UP} to warm up",
            )
        )
    return figures


def query_count_figures(
    by_scale: dict[int, dict[str, int]], limits: dict[str, int]
) -> list[Figure]:
    """Each page's queries at every scale: constant in the data size (the run fails if not),
    and, for a page with a limit in ``limits``, within it (reported with the cold renders)."""
    scales = sorted(by_scale)
    command = "django.test.Client + CaptureQueriesContext, cache cleared"
    figures = []
    for name in by_scale[scales[0]]:
        values = [by_scale[s][name] for s in scales]
        figures.append(
            Figure(
                "Query counts",
                f"{name} (at {', '.join(f'{s:,}' for s in scales)} completions)",
                "queries",
                values,
                target="constant",
                met=max(values) <= values[0],
                command=command,
            )
        )
        if name in limits:
            figures.append(
                Figure(
                    SECTION_COLD,
                    f"{name}: queries, cold",
                    "queries",
                    values,
                    target=f"≤ {limits[name]}",
                    met=max(values) <= limits[name],
                    command=command,
                )
            )
    return figures
