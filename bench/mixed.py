"""Figures 6 and 7: mixed load with locust, headless and bounded in time.

Learners browse the catalogue, enrol, read lessons and mark them done, answer quizzes and
open "My learning"; managers open the dashboard (bench/locustfile.py). Two profiles:

- **the sized peak** (figure 6, held to p95 < 300 ms and no errors): 100 learners at once,
  each acting every 10–20 s. The plan's training goals add up to about 15,600 agents over
  four years (demo targets, courses/demo_content.py). Training all of them in one year is
  ~70 agents a working day; at ~6 sessions of 30 minutes each that is ~27 learners online
  on average through an 8-hour day, ~80 in a peak hour three times as busy. 100 learners
  is that peak with a margin, and a pause of 10–20 s between actions is far quicker than
  anyone reads a lesson or answers a quiz: each of these learners asks for what several
  real ones would;
- **the stress run** (figure 7, no p95 target): the same 100 learners pausing only 1–3 s
  ask for more than the two cores serve (about twice). It reports how many requests a second
  the machine does serve when saturated, and that it still answers every one (errors: 0),
  later. It runs twice: once with the load generator free to run on either core, as the peak
  does, and once with the load generator held to one core and everything else (gunicorn,
  Celery, PostgreSQL, Redis) to the other, so the site's own limit on one core is visible
  apart from what the load generator takes.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .common import Figure
from .services import BASE_URL, ROOT, VENV_BIN

PEAK_SECTION = "6. Mixed load, sized peak"
STRESS_SECTION = "7. Mixed load, stress"
SPAWN_RATE = 5  # people arriving a second


def session_key(user) -> str:
    """A signed-in session for ``user``, as the log-in page would have made it."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def plan(learners: list, managers: list, dashboards: list[str]) -> dict:
    """Courses, sessions and dashboards for the locustfile (see bench/locustfile.py)."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage, QuizPage

    courses = []
    for course in CoursePage.objects.live().filter(modality="online").order_by("path"):
        lessons = LessonPage.objects.child_of(course).live().order_by("path")
        quiz = QuizPage.objects.child_of(course).live().first()
        courses.append(
            {
                "id": course.pk,
                "url": course.url,
                "lessons": [{"id": lesson.pk, "url": lesson.url} for lesson in lessons],
                "quiz": {"id": quiz.pk, "url": quiz.url} if quiz else None,
            }
        )
    return {
        "catalogue": CourseIndexPage.objects.get().url,
        "courses": courses,
        "learners": [session_key(user) for user in learners],
        "managers": [session_key(user) for user in managers],
        "dashboards": dashboards,
    }


@dataclass(frozen=True)
class Profile:
    """How hard the learners press: how many, their pause between two actions, for how long.

    ``target`` says whether the p95 target applies: it does at the sized peak; the stress
    run asks for more than the machine serves, to show how much that is (its requests/s)
    and how the site behaves past it (no errors, longer waits).
    """

    section: str
    learners: int
    managers: int
    think: tuple[float, float]
    seconds: int
    target: bool
    # Hold the load generator to core 1 and the site's processes to core 0 (Linux taskset).
    split_cores: bool = False


def mixed_load(plan_data: dict, profile: Profile) -> list[Figure]:
    """Run locust headless for ``profile``; the figures of the two minutes measured.

    People arrive five a second (not all in the same instant); the statistics are reset once
    all of them are running, so what is reported is the steady load, for ``seconds``.
    """
    work = Path(tempfile.mkdtemp(prefix="capacita-locust-"))
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan_data))
    users = profile.learners + profile.managers
    ramp = math.ceil(users / SPAWN_RATE)
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--reset-stats",
        "--run-time",
        f"{ramp + profile.seconds}s",
        "--host",
        BASE_URL,
        "--csv",
        str(work / "load"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    low, high = profile.think
    taskset = shutil.which("taskset")  # the locust process's PATH is the venv's alone
    split = profile.split_cores and taskset is not None
    if split:
        command = [taskset, "-c", "1", *command]
        _hold_site_to(core="0")
    subprocess.run(
        command,
        cwd=ROOT,
        env={
            "BENCH_PLAN": str(plan_file),
            "BENCH_THINK": f"{low},{high}",
            "PATH": str(VENV_BIN),
        },
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=open(work / "locust.log", "w"),  # noqa: SIM115
    )
    if split:
        _hold_site_to(core="0,1")
    with open(work / "load_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows.pop("Aggregated")
    shown = (
        f"locust --headless -u {users} ({profile.learners} learners pausing {low:g}–{high:g} s "
        f"between actions, {profile.managers} managers pausing 2–5 s), {SPAWN_RATE} arriving "
        f"a second, statistics reset once all run, then {profile.seconds} s measured"
    )
    if split:
        shown += "; locust on core 1, the site's processes on core 0 (taskset)"
    section = profile.section
    named = " (load generator on its own core)" if split else ""
    errors = int(total["Failure Count"])
    p95 = float(total["95%"])
    figures = [
        Figure(
            section,
            f"all requests{named}: requests/s",
            "req/s",
            [float(total["Requests/s"])],
            command=shown,
            notes=f"{int(total['Request Count']):,} requests",
        ),
        Figure(section, f"all requests{named}: p50", "ms", [float(total["50%"])], command=shown),
        Figure(
            section,
            f"all requests{named}: p95",
            "ms",
            [p95],
            target="< 300" if profile.target else "",
            met=p95 < 300 if profile.target else None,
            command=shown,
        ),
        Figure(section, f"all requests{named}: p99", "ms", [float(total["99%"])], command=shown),
        Figure(
            section,
            f"errors{named}",
            "requests",
            [errors],
            target="0",
            met=errors == 0,
            command=shown,
            notes=_failures(work),
        ),
    ]
    for name, row in sorted(rows.items()):
        if int(row["Request Count"]) == 0:  # none of this kind in a short (quick) run
            continue
        figures.append(
            Figure(
                section,
                f"{row['Type']} {name}{named}: p95",
                "ms",
                [float(row["95%"])],
                command=shown,
                notes=f"p50 {float(row['50%']):.0f} ms; {int(row['Request Count']):,} requests, "
                f"{int(row['Failure Count'])} failed",
            )
        )
    return figures


def _failures(work: Path) -> str:
    path = work / "load_failures.csv"
    if not path.exists():
        return ""
    with open(path) as failures:
        return "; ".join(
            f"{row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}"
            for row in csv.DictReader(failures)
        )


def _hold_site_to(*, core: str) -> None:
    """Pin every process of the site (gunicorn, Celery, PostgreSQL, Redis) to ``core``."""
    for name in ("gunicorn", "celery", "postgres", "redis-server"):
        found = subprocess.run(["pgrep", "-f", name], capture_output=True, text=True).stdout
        for pid in found.split():
            subprocess.run(
                ["taskset", "-a", "-p", "-c", core, pid],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
