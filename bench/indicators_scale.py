"""How the indicator selectors scale: PostgreSQL bulk data, then the dashboard's reads timed.

A first piece of the benchmark suite (issue 7 brings `make bench`). It needs a new, empty
PostgreSQL database of its own, which it fills:

    dropdb -h 127.0.0.1 -U postgres --if-exists capacita_bench
    createdb -h 127.0.0.1 -U postgres capacita_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/capacita_bench DJANGO_DEBUG=true \
        .venv/bin/python -m bench.indicators_scale --completions 1000000

It migrates, loads the demo plan and courses (`seed_demo`'s plan and catalogue), bulk-loads
people (one per 3 completions) in every unit and territory and enrolments (60% completed over
four years) with `INSERT … SELECT generate_series`, rebuilds the indicator rows, then times
each read (min / median / max of 5) beside the plain SQL `count(DISTINCT person)` per goal
over the raw completion rows.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time

import django


def timed(function, repeats: int = 5) -> tuple[float, float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--completions", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a PostgreSQL database of its own.")
    call_command("migrate", "--no-input", verbosity=0)

    import io

    from bench.data import grow_to
    from bench.pages import raw_distinct_count
    from courses import demo as course_demo
    from enrollments import indicators
    from enrollments.indicators import IndicatorFilters
    from enrollments.models import GoalAttainment, GoalCompletion
    from lms import demo as people_demo
    from lms.models import OrganisationalUnit, Territory, User

    if User.objects.filter(email__endswith="@capacita.bench").exists():
        raise SystemExit("This database already holds benchmark data: start from an empty one.")
    people_demo.seed_demo(io.StringIO())
    course_demo.seed_demo(io.StringIO())
    grown = grow_to(args.completions)  # people, enrolments (60% completed), rebuilt indicators
    completed, people, enrolments = grown["completions"], grown["people"], grown["enrolments"]
    loaded, rebuilt = grown["load_seconds"], grown["rebuild_seconds"]
    rows, attainments = GoalCompletion.objects.count(), GoalAttainment.objects.count()

    unit = OrganisationalUnit.objects.get(acronym="SMS", depth=1)
    year = IndicatorFilters(date_from=datetime.date.today().replace(month=1, day=1))
    territory = IndicatorFilters(territory=Territory.objects.order_by("pk").first())
    scoped = indicators.ManagerScope(unit=unit)
    last_year = datetime.date.today().year - 1
    whole_year = IndicatorFilters(
        date_from=datetime.date(last_year, 1, 1), date_to=datetime.date(last_year, 12, 31)
    )
    unit_year = IndicatorFilters(
        unit=unit, **{k: getattr(whole_year, k) for k in ("date_from", "date_to")}
    )
    cases = {
        "raw SQL count(DISTINCT person) per goal": raw_distinct_count,
        "goal table, city, unfiltered": lambda: indicators.goal_rows(indicators.CITY),
        "goal table, this year": lambda: indicators.goal_rows(indicators.CITY, year),
        "goal table, one territory": lambda: indicators.goal_rows(indicators.CITY, territory),
        "goal table, manager of SMS": lambda: indicators.goal_rows(scoped),
        "goal table, unit filter SMS": lambda: indicators.goal_rows(
            indicators.CITY, IndicatorFilters(unit=unit)
        ),
        "goal table, last whole year": lambda: indicators.goal_rows(indicators.CITY, whole_year),
        "goal table, SMS in last whole year": lambda: indicators.goal_rows(
            indicators.CITY, unit_year
        ),
        "goal table, manager of SMS, this year": lambda: indicators.goal_rows(scoped, year),
        "open data, last whole year": lambda: indicators.open_data(whole_year),
        "open data (all breakdowns)": lambda: indicators.open_data(),
    }
    print(f"completions: {completed:,}; people: {people:,}; enrolments: {enrolments:,}")
    print(
        f"bulk load {loaded:.1f} s; rebuild_indicators {rebuilt:.1f} s "
        f"({rows:,} goal rows, {attainments:,} person-goal rows)"
    )
    print("| read | min ms | median ms | max ms |")
    print("|---|---|---|---|")
    for name, function in cases.items():
        low, mid, high = timed(function)
        print(f"| {name} | {low:.0f} | {mid:.0f} | {high:.0f} |")


if __name__ == "__main__":
    main()
