"""`make bench`: every figure of the benchmark suite, in one run, against this machine's limits.

    .venv/bin/python -m bench.run            # the full run (about 30 minutes on 2 cores)
    .venv/bin/python -m bench.run --quick    # a smoke run of a few minutes (CI)

It starts what it needs (the local PostgreSQL and Redis if they are down, gunicorn with two
sync workers and debug off, Celery workers), loads the data in steps (bench/data.py),
measures, stops everything it started, and writes bench/results/latest.md and latest.json.
The run fails (exit status 1) when a page's SQL query count grows with the data or when
issuance loses or doubles a certificate; a speed target not met is reported as not met.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import services
from .common import BENCH_DATABASE, Figure, database_url, machine

RESULTS = Path(__file__).resolve().parent / "results"

FULL = {
    "units": 300,
    "courses": 60,
    "scales": [10_000, 100_000, 600_000, 1_000_000],
    "wrk_seconds": 15,
    "wrk_rounds": 2,
    "dashboard_repeats": 7,
    "cold_repeats": 50,
    "mixed_learners": 100,
    "mixed_managers": 5,
    "mixed_seconds": 120,
    "issuance": 10_000,
    "hr_rows": 120_000,
    "hr_repeats": 1,
}
QUICK = {
    "units": 80,
    "courses": 20,
    "scales": [3_000, 10_000],
    "wrk_seconds": 3,
    "wrk_rounds": 1,
    "dashboard_repeats": 3,
    "cold_repeats": 10,
    "mixed_learners": 20,
    "mixed_managers": 2,
    "mixed_seconds": 20,
    "issuance": 500,
    "hr_rows": 10_000,
    "hr_repeats": 1,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few minutes")
    parser.add_argument("--only", default="", help="comma-separated: pages,pdf,issuance,hr")
    parser.add_argument("--section", help=argparse.SUPPRESS)  # one section, in a child process
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.section:
        return section_main(args.section, quick=args.quick, out=Path(args.out))
    only = set(filter(None, args.only.split(","))) or {"pages", "pdf", "issuance", "hr"}
    started = time.monotonic()

    services.ensure_postgresql_and_redis()
    services.need_command("wrk", "wrk")

    figures: list[Figure] = []
    notes: list[str] = []
    failures: list[str] = []
    # Each section runs in a process of its own: each sets Django up for its own database.
    for section in ("pages", "pdf", "issuance", "hr"):
        if section in only:
            log(f"section {section}")
            try:
                section_figures, section_notes = run_section(section, quick=args.quick)
            except subprocess.CalledProcessError as error:
                failures.append(f"section {section} stopped with exit status {error.returncode}")
                continue
            figures += section_figures
            notes += section_notes
    for figure in figures:
        if figure.met is False and (
            figure.section == "Query counts"
            or figure.section.startswith("4.")
            and figure.unit == "enrolments"
        ):
            failures.append(f"{figure.section}: {figure.name}")
    write_results(
        figures, notes, failures, quick=args.quick, minutes=(time.monotonic() - started) / 60
    )
    print((RESULTS / "latest.md").read_text())
    if failures:
        print("FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def run_section(section: str, *, quick: bool) -> tuple[list[Figure], list[str]]:

    out = Path(tempfile.mkstemp(prefix=f"capacita-bench-{section}-", suffix=".json")[1])
    command = [sys.executable, "-m", "bench.run", "--section", section, "--out", str(out)]
    subprocess.run(command + (["--quick"] if quick else []), cwd=services.ROOT, check=True)
    result = json.loads(out.read_text())
    out.unlink()
    keys = Figure.__dataclass_fields__
    figures = [Figure(**{k: v for k, v in f.items() if k in keys}) for f in result["figures"]]
    return figures, result["notes"]


def section_main(section: str, *, quick: bool, out: Path) -> int:
    plan = QUICK if quick else FULL
    env = services.bench_environment()
    notes: list[str] = []
    if section == "pages":
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
        figures = web_figures(plan, env, notes)
    elif section == "pdf":
        os.environ.update(env)
        from . import pdf

        figures = pdf.measure(quick=quick)
    elif section == "issuance":
        from . import issuance

        name = f"{BENCH_DATABASE}_issue"
        services.recreate_database(name)
        services.flush_redis()
        try:
            figures = issuance.measure(database_url(name), services.REDIS_URL, plan["issuance"])
        finally:
            from django.db import connections

            connections.close_all()
            services.drop_database(name)
    elif section == "hr":
        from . import hr_import

        name = f"{BENCH_DATABASE}_hr"
        services.recreate_database(name)
        try:
            figures = hr_import.measure(database_url(name), plan["hr_rows"], plan["hr_repeats"])
        finally:
            services.drop_database(name)
    else:
        raise SystemExit(f"unknown section {section!r}")
    out.write_text(json.dumps({"figures": [f.as_dict() for f in figures], "notes": notes}))
    return 0


def web_figures(plan: dict, env: dict, notes: list[str]) -> list[Figure]:
    """Figures 1, 2 and 6 and the query counts, on one database grown through the scales."""
    import django

    services.recreate_database()
    services.flush_redis()
    services.collectstatic(env)  # before this process first reads the static manifest
    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)

    from courses.models import CourseIndexPage, CoursePage
    from lms.models import OrganisationalUnit, Territory, User

    from . import data, mixed, pages
    from .indicators_scale import dashboard_paths

    log("seeding the organisation and catalogue")
    base = data.seed_base(units=plan["units"], courses=plan["courses"])
    notes.append(
        f"Organisation and catalogue: {base['units']} units, {base['territories']} territories, "
        f"{base['courses']} courses feeding {base['goals']} goals "
        f"(seeded in {base['seconds']:.0f} s)."
    )
    learner = data.seed_learner()
    city_manager = User.objects.get(email="gestor.cidade@capacita.demo")
    dashboards = dashboard_paths(
        secretariat=OrganisationalUnit.objects.get(acronym="SMS", depth=1).pk,
        territory=Territory.objects.order_by("pk").first().pk,
        year=datetime.date.today().year - 1,
        course=CoursePage.objects.live().order_by("path").first().pk,
    )
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage.objects.live().filter(modality="online").order_by("path").first()
    me = learner["learner"]
    # Each page as (who, where, the most milliseconds its cold render may take).
    page_cases = {
        "home (anonymous)": (None, "/", 8),
        "catalogue (anonymous)": (None, catalogue.url, 12),
        "course page (anonymous)": (None, course.url, 10),
        "course page (enrolled learner)": (me, learner["course_url"], 10),
        "lesson page (enrolled learner)": (me, learner["lesson_url"], 10),
        "quiz page (enrolled learner)": (me, learner["quiz_url"], 10),
        "my learning (20 enrolments)": (me, "/minha-aprendizagem/", 10),
    }
    query_limits = {
        name: 12 for name in page_cases if name.startswith(("course", "lesson", "quiz", "my"))
    }
    count_cases = {
        **{name: (user, path) for name, (user, path, _limit) in page_cases.items()},
        **{name: (city_manager, path) for name, path in dashboards.items()},
    }

    figures: list[Figure] = []
    counts_by_scale: dict[int, dict[str, int]] = {}
    dashboard_by_scale: dict[int, dict[str, list[float]]] = {}
    with services.Processes(env) as processes:
        processes.gunicorn(workers=2)
        city_cookie = "sessionid=" + mixed.session_key(city_manager)
        for scale in plan["scales"]:
            log(f"growing to {scale:,} completions")
            grown = data.grow_to(scale)
            notes.append(
                f"Scale {scale:,}: {grown['completions']:,} completions, {grown['enrolments']:,} "
                f"enrolments, {grown['people']:,} people; loaded in {grown['load_seconds']:.0f} s, "
                f"indicators rebuilt in {grown['rebuild_seconds']:.0f} s."
            )
            counts_by_scale[scale] = pages.query_counts(count_cases)
            dashboard_by_scale[scale] = pages.dashboard_times(
                dashboards, city_cookie, plan["dashboard_repeats"]
            )
        figures += pages.query_count_figures(counts_by_scale, query_limits)
        figures += pages.dashboard_figures(
            dashboard_by_scale,
            command=f"HTTP GET as the city-wide manager (open data: anonymous, its cached "
            f"table deleted before each request), {plan['dashboard_repeats']} repeats; plain "
            "SQL through the same connection",
        )
        log("cold renders")
        figures += pages.cold_render_times(page_cases, repeats=plan["cold_repeats"])
        learner_cookie = "sessionid=" + mixed.session_key(me)
        me_lesson, me_learning = learner["lesson_url"], "/minha-aprendizagem/"
        log("pages under load")
        figures += pages.pages_under_load(
            [
                pages.PageCase("catalogue (anonymous)", catalogue.url, ""),
                pages.PageCase("course page (anonymous)", course.url, ""),
                pages.PageCase("lesson page (enrolled learner)", me_lesson, learner_cookie),
                pages.PageCase("my learning (20 enrolments)", me_learning, learner_cookie),
            ],
            seconds=plan["wrk_seconds"],
            rounds=plan["wrk_rounds"],
        )
        processes.celery_worker("mixed")
        learners = data.seed_load_learners(plan["mixed_learners"])
        managers = [city_manager, User.objects.get(email="gestora.sms@capacita.demo")]
        load_plan = mixed.plan(
            learners,
            [managers[n % 2] for n in range(plan["mixed_managers"])],
            list(dashboards.values())[:3],  # unfiltered, a secretariat, a year
        )
        for section, think, target, split_cores in (
            (mixed.PEAK_SECTION, (10, 20), True, False),
            (mixed.STRESS_SECTION, (1, 3), False, False),
            (mixed.STRESS_SECTION, (1, 3), False, True),
        ):
            log(section)
            profile = mixed.Profile(
                section,
                learners=plan["mixed_learners"],
                managers=plan["mixed_managers"],
                think=think,
                seconds=plan["mixed_seconds"],
                target=target,
                split_cores=split_cores,
            )
            figures += mixed.mixed_load(load_plan, profile)
    from django.db import connections

    connections.close_all()
    services.drop_database()
    return figures


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def write_results(
    figures: list[Figure], notes: list[str], failures: list[str], *, quick: bool, minutes: float
) -> None:
    RESULTS.mkdir(exist_ok=True)
    about = machine()
    command = "make bench" + (" ARGS=--quick" if quick else "")
    lines = [
        "# Capacita benchmark results",
        "",
        f"`{command}` (`.venv/bin/python -m bench.run{' --quick' if quick else ''}`), "
        f"{about['date']}, {about['cores']} cores, {about['memory_gib']} GiB, Python "
        f"{about['python']}; the run took {minutes:.1f} minutes. Written by bench/run.py; "
        "not edited by hand.",
        "",
        *[f"- {note}" for note in notes],
        "",
    ]
    section = None
    for figure in figures:
        if figure.section != section:
            section = figure.section
            lines += [
                "",
                f"## {section}",
                "",
                "| figure | unit | min | median | max | n | target | met |",
                "|---|---|---|---|---|---|---|---|",
            ]
        met = {True: "yes", False: "**no**", None: ""}[figure.met]
        lines.append(
            f"| {figure.name} | {figure.unit} | {_number(figure.low)} | {_number(figure.median)} | "
            f"{_number(figure.high)} | {len(figure.values)} | {figure.target} | {met} |"
        )
    lines += ["", "## How each figure was measured", ""]
    seen = set()
    for figure in figures:
        key = (figure.section, figure.command)
        if figure.command and key not in seen:
            seen.add(key)
            lines.append(f"- {figure.section}: {figure.command}")
    extra = [f"- {f.section}, {f.name}: {f.notes}" for f in figures if f.notes]
    if extra:
        lines += ["", "## Notes", "", *extra]
    if failures:
        lines += ["", "## Run failed", "", *[f"- {failure}" for failure in failures]]
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {
                "machine": about,
                "command": command,
                "minutes": minutes,
                "notes": notes,
                "failures": failures,
                "figures": [f.as_dict() for f in figures],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
