"""Figure 6: mixed load with locust, headless and bounded in time."""

from __future__ import annotations

import csv
import json
import subprocess
import tempfile
from pathlib import Path

from .common import Figure
from .services import BASE_URL, ROOT, VENV_BIN

SECTION = "6. Mixed load"


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


def mixed_load(plan_data: dict, *, users: int, managers: int, seconds: int) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="capacita-locust-"))
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan_data))
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users + managers),
        "--spawn-rate",
        "25",
        "--run-time",
        f"{seconds}s",
        "--host",
        BASE_URL,
        "--csv",
        str(work / "load"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(
        command,
        cwd=ROOT,
        env={"BENCH_PLAN": str(plan_file), "PATH": str(VENV_BIN)},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=open(work / "locust.log", "w"),  # noqa: SIM115
    )
    with open(work / "load_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows.pop("Aggregated")
    shown = (
        f"locust --headless -u {users + managers} ({users} learners, {managers} managers) "
        f"-t {seconds}s"
    )
    errors = int(total["Failure Count"])
    p95 = float(total["95%"])
    figures = [
        Figure(
            SECTION,
            "all requests: requests/s",
            "req/s",
            [float(total["Requests/s"])],
            command=shown,
            notes=f"{int(total['Request Count']):,} requests",
        ),
        Figure(SECTION, "all requests: p50", "ms", [float(total["50%"])], command=shown),
        Figure(
            SECTION, "all requests: p95", "ms", [p95], target="< 500", met=p95 < 500, command=shown
        ),
        Figure(SECTION, "all requests: p99", "ms", [float(total["99%"])], command=shown),
        Figure(
            SECTION,
            "errors",
            "requests",
            [errors],
            target="0",
            met=errors == 0,
            command=shown,
            notes=_failures(work),
        ),
    ]
    for name, row in sorted(rows.items()):
        figures.append(
            Figure(
                SECTION,
                f"{row['Type']} {name}: p95",
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
