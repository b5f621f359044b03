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

    from courses import demo as course_demo
    from enrollments import indicators
    from enrollments.indicators import IndicatorFilters
    from enrollments.services import indicators_rebuild
    from lms import demo as people_demo
    from lms.models import OrganisationalUnit, Territory, User

    if User.objects.filter(email__endswith="@capacita.bench").exists():
        raise SystemExit("This database already holds benchmark data: start from an empty one.")
    people_demo.seed_demo(io.StringIO())
    course_demo.seed_demo(io.StringIO())
    completions = args.completions
    enrolments = int(completions / 0.6)
    people = max(completions // 3, 1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO lms_user (password, is_superuser, is_staff, is_active, date_joined,
                email, full_name, social_name, registration_number, job_title, unit_id,
                territory_id, managed_unit_id)
            SELECT '!', false, false, true, now(), 'bench' || g || '@capacita.bench',
                'Pessoa ' || g, '', 'B' || g, '',
                (SELECT array_agg(id ORDER BY id) FROM lms_organisationalunit WHERE depth > 1)
                    [1 + g %% (SELECT count(*) FROM lms_organisationalunit WHERE depth > 1)],
                (SELECT array_agg(id ORDER BY id) FROM lms_territory)
                    [1 + g %% (SELECT count(*) FROM lms_territory)],
                NULL
            FROM generate_series(1, %s) AS g
            """,
            [people],
        )
        # Each person takes distinct courses (person p, k-th enrolment: course (p + k) mod n).
        cursor.execute(
            """
            WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, unit_id,
                              territory_id FROM lms_user WHERE email LIKE '%%@capacita.bench'),
                 c AS (SELECT page_ptr_id AS id, row_number() OVER (ORDER BY page_ptr_id) - 1
                       AS n, count(*) OVER () AS total FROM courses_coursepage),
                 e AS (SELECT g, (g - 1) %% %s AS person, (g - 1) / %s AS k
                       FROM generate_series(1, %s) AS g)
            INSERT INTO enrollments_enrollment (user_id, course_id, enrolled_at, completed_at,
                completion_unit_id, completion_territory_id)
            SELECT p.id, c.id, now() - interval '4 years',
                CASE WHEN e.g %% 5 < 3
                     THEN now() - (e.g %% 1460) * interval '1 day' END,
                CASE WHEN e.g %% 5 < 3 THEN p.unit_id END,
                CASE WHEN e.g %% 5 < 3 THEN p.territory_id END
            FROM e JOIN p ON p.n = e.person JOIN c ON c.n = (e.person + e.k) %% c.total
            """,
            [people, people, enrolments],
        )
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    rows, attainments = indicators_rebuild()
    rebuilt = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM enrollments_enrollment WHERE completed_at IS NOT NULL")
        (completed,) = cursor.fetchone()

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT t.plangoal_id, count(DISTINCT e.user_id)
                FROM enrollments_enrollment e
                JOIN courses_coursepage_plan_goals t ON t.coursepage_id = e.course_id
                WHERE e.completed_at IS NOT NULL GROUP BY t.plangoal_id
                """
            )
            return cursor.fetchall()

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
        "raw SQL count(DISTINCT person) per goal": raw_sql,
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
