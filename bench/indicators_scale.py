"""The managers' dashboard and open data at a million completions, measured on their own: the
dashboard figures of ``make bench`` in minutes instead of the whole run's half hour.

    .venv/bin/python -m bench.indicators_scale --completions 1000000

On the benchmark's database (``CAPACITA_BENCH_DATABASE``, default capacita_bench; Redis
database ``CAPACITA_BENCH_REDIS_DB``), created and seeded when it does not exist yet
(``bench.data``: the demo organisation grown to 300 units, 60 courses feeding the 10 goals)
and grown to the completions asked; a database grown before is topped up, not reloaded
(``--fresh`` starts over). Then, with debug off and as the city-wide manager, it times the
dashboard page for every filter (Django's test client in this process: the view, its queries
and its template) and open data with its cache cleared before each request (the protected
table every document is cut from, then the document), and prints the median, min and max of
``--repeats`` after a warm-up, against the targets: dashboard p50 < 300 ms, open data
< 2 s. Plain SQL ``count(DISTINCT person)`` per goal is shown beside them for information.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess


def dashboard_paths(*, secretariat: int, territory: int, year: int, course: int) -> dict[str, str]:
    """The dashboard under every filter a manager uses: none, a secretariat's subtree, a whole
    year, a territory, a modality, a course, periods of any length, and their combinations
    (``make bench`` measures the same)."""
    whole_year = f"date_from={year}-01-01&date_to={year}-12-31"
    return {
        "dashboard, unfiltered": "/admin/indicators/",
        "dashboard, one secretariat (SMS, its subtree)": f"/admin/indicators/?unit={secretariat}",
        f"dashboard, one year ({year})": f"/admin/indicators/?{whole_year}",
        "dashboard, one territory": f"/admin/indicators/?territory={territory}",
        f"dashboard, SMS in {year}": f"/admin/indicators/?unit={secretariat}&{whole_year}",
        f"dashboard, one territory in {year}": (
            f"/admin/indicators/?territory={territory}&{whole_year}"
        ),
        "dashboard, SMS in one territory": (
            f"/admin/indicators/?unit={secretariat}&territory={territory}"
        ),
        f"dashboard, March to September {year}": (
            f"/admin/indicators/?date_from={year}-03-01&date_to={year}-09-30"
        ),
        f"dashboard, July {year - 2} to December {year}": (
            f"/admin/indicators/?date_from={year - 2}-07-01&date_to={year}-12-31"
        ),
        "dashboard, online courses": "/admin/indicators/?modality=online",
        f"dashboard, online courses until {year}": (
            f"/admin/indicators/?modality=online&date_to={year}-12-31"
        ),
        "dashboard, blended courses in SMS": (
            f"/admin/indicators/?modality=blended&unit={secretariat}"
        ),
        "dashboard, one course": f"/admin/indicators/?course={course}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--completions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="drop the database and start over")
    args = parser.parse_args()

    from . import services
    from .common import BENCH_DATABASE, timed_ms

    services.ensure_postgresql_and_redis()
    env = services.bench_environment()
    listed = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-lqt"], capture_output=True, text=True
    ).stdout
    databases = {row.split("|")[0].strip() for row in listed.splitlines()}
    fresh = args.fresh or BENCH_DATABASE not in databases
    if fresh:
        services.recreate_database()
    services.collectstatic(env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from courses.models import CoursePage
    from enrollments.api import TABLE_KEY
    from enrollments.models import Enrollment, GoalAttainment, GoalCompletion
    from lms.models import OrganisationalUnit, Territory, User

    from . import data
    from .pages import DASHBOARD_TARGET_MS, OPEN_DATA_TARGET_MS, raw_distinct_count

    call_command("migrate", "--no-input", verbosity=0)
    if fresh:
        data.seed_base()
    people = User.objects.filter(email__endswith=f"@{data.BENCH_DOMAIN}").count()
    if people < data.people_for(args.completions):
        grown = data.grow_to(args.completions)
        print(
            f"grown to {grown['completions']:,} completions in {grown['load_seconds']:.0f} s, "
            f"indicators rebuilt in {grown['rebuild_seconds']:.0f} s"
        )
    print(
        f"{Enrollment.objects.completed().count():,} completions, {people:,} people; "
        f"{GoalCompletion.objects.count():,} goal rows, "
        f"{GoalAttainment.objects.count():,} person-goal rows (whole and per modality)"
    )

    year = datetime.date.today().year - 1
    manager = Client()
    manager.force_login(User.objects.get(email="gestor.cidade@capacita.demo"))
    paths = dashboard_paths(
        secretariat=OrganisationalUnit.objects.get(acronym="SMS", depth=1).pk,
        territory=Territory.objects.order_by("pk").first().pk,
        year=year,
        course=CoursePage.objects.live().order_by("path").first().pk,
    )

    def page(client: Client, path: str) -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    def open_data(query: str) -> None:
        cache.delete(TABLE_KEY)  # the table every document is cut from, cached 5 minutes
        page(Client(), f"/api/indicators/goals/{query}")

    reads = [
        (name, lambda path=path: page(manager, path), DASHBOARD_TARGET_MS)
        for name, path in paths.items()
    ]
    for label, query in (("all time", ""), (str(year), f"?year={year}")):
        reads.append(
            (f"open data, {label}, uncached", lambda q=query: open_data(q), OPEN_DATA_TARGET_MS)
        )
    raw = timed_ms(raw_distinct_count, args.repeats)
    print("| read | median ms | min ms | max ms | target | met |")
    print("|---|---|---|---|---|---|")
    print(
        f"| plain SQL count(DISTINCT person) per goal | {statistics.median(raw):.0f} "
        f"| {min(raw):.0f} | {max(raw):.0f} | | |"
    )
    for name, read, limit in reads:
        read()  # warm-up
        times = timed_ms(read, args.repeats)
        median = statistics.median(times)
        met = "yes" if median < limit else "**no**"
        print(
            f"| {name} | {median:.0f} | {min(times):.0f} | {max(times):.0f} | < {limit} | {met} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
