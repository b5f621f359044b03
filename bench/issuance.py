"""Figure 4: certificate issuance end to end, through Redis and two Celery workers.

Given an empty PostgreSQL database it migrates, loads the demo organisation, site and courses
(``seed_demo``'s first three steps, not its learners), bulk-inserts people and ``completions``
completed enrolments with raw SQL (so no task fires), starts two workers of one process each,
queues ``issue_certificate`` for every enrolment and times until every enrolment has its
certificate. Each issuance renders the PDF and stores it (``certificates.services``), so
rendering and the file write are part of the time; files go to a temporary directory.

    .venv/bin/python -m bench.issuance --completions 10000

creates (and afterwards drops) the database ``capacita_bench_issue`` and uses Redis database 6
at 127.0.0.1, flushed first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECTION = "4. Certificate issuance"
DATABASE = "capacita_bench_issue"
REDIS_URL = "redis://127.0.0.1:6379/6"
COMMAND = ".venv/bin/python -m bench.issuance --completions {completions}"
WORKERS = ("w1", "w2")
ROOT = Path(__file__).resolve().parent.parent
# No e-mail leaves: the completions are older than CERTIFICATE_NOTIFY_WITHIN_DAYS (a backfill
# e-mails nobody), and the backend keeps in memory whatever might still be sent.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _environment(database_url: str, redis_url: str, media: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "capacita-bench",
        "DJANGO_SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": EMAIL_BACKEND,
        "MEDIA_ROOT": str(media / "media"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
    }


def _setup_django(environment: dict[str, str]) -> None:
    import django
    from django.conf import settings

    if settings.configured:
        raise RuntimeError("bench.issuance must configure Django itself (database and broker)")
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()


def _seed(completions: int) -> None:
    """The demo catalogue, then people and completed enrolments without certificates."""
    import io

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import override_settings

    if connection.vendor != "postgresql":
        raise SystemExit("Point the database URL at a PostgreSQL database of its own.")
    call_command("migrate", "--no-input", verbosity=0)
    from bench.data import insert_people
    from courses import demo as course_demo
    from home import demo as site_demo
    from lms import demo as people_demo
    from lms.models import User

    if User.objects.filter(email__endswith="@capacita.bench").exists():
        raise SystemExit("This database already holds benchmark data: start from an empty one.")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for demo in (people_demo, site_demo, course_demo):
            with transaction.atomic():
                demo.seed_demo(io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM courses_coursepage")
        (courses,) = cursor.fetchone()
        people = -(-completions // courses)  # each person completes up to every course once
        insert_people(cursor, 1, people)
        # Enrolment g: person (g - 1) mod people, course (person + (g - 1) / people) mod n;
        # completed 30 days ago or more: past the e-mail window, so nobody is notified.
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
            SELECT p.id, c.id, now() - interval '90 days',
                now() - interval '30 days' - e.g * interval '1 minute', p.unit_id, p.territory_id
            FROM e JOIN p ON p.n = e.person JOIN c ON c.n = (e.person + e.k) %% c.total
            """,
            [people, people, completions],
        )
        cursor.execute("ANALYZE")


def _counts(cursor) -> tuple[int, int, int]:
    """(certificates, enrolments with more than one, completed enrolments without one)."""
    cursor.execute("SELECT count(*) FROM certificates_certificate")
    (certificates,) = cursor.fetchone()
    cursor.execute(
        "SELECT count(*) FROM (SELECT enrollment_id FROM certificates_certificate "
        "GROUP BY enrollment_id HAVING count(*) > 1) AS repeated"
    )
    (duplicates,) = cursor.fetchone()
    cursor.execute(
        "SELECT count(*) FROM enrollments_enrollment AS e WHERE e.completed_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM certificates_certificate AS c "
        "WHERE c.enrollment_id = e.id)"
    )
    (missing,) = cursor.fetchone()
    return certificates, duplicates, missing


def _start_workers(environment: dict[str, str], log_dir: Path) -> list[subprocess.Popen]:
    env = {**os.environ, **environment, "DJANGO_DEBUG": "false"}
    workers = []
    for name in WORKERS:
        log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        workers.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/celery"),
                    "-A",
                    "lms",
                    "worker",
                    "--concurrency",
                    "1",
                    "-n",
                    f"{name}@%h",
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so its pool child goes too
            )
        )
    return workers


def _stop_workers(workers: list[subprocess.Popen]) -> None:
    """SIGTERM (a warm shutdown), then SIGKILL whatever still runs after 30 s."""
    for worker in workers:
        if worker.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for worker in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=max(0.1, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)  # the group: any pool child left behind
        worker.wait()


def _wait_for_workers(app, workers: list[subprocess.Popen], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(worker.poll() is not None for worker in workers):
            raise RuntimeError("a Celery worker exited on start; see its log")
        if len(app.control.ping(timeout=1.0) or []) >= len(workers):
            return
    raise RuntimeError(f"the Celery workers did not answer within {timeout} s")


def measure(database_url: str, redis_url: str, completions: int = 10_000) -> list:
    """Figures 4: total time, rate, duplicates and missing certificates."""
    media = Path(tempfile.mkdtemp(prefix="capacita-bench-issue-"))
    environment = _environment(database_url, redis_url, media)
    _setup_django(environment)
    from django.db import connection

    from bench.common import Figure
    from certificates.tasks import issue_certificate
    from lms.celery import app

    started = time.perf_counter()
    _seed(completions)
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM enrollments_enrollment WHERE completed_at IS NOT NULL ORDER BY id"
        )
        enrolments = [row[0] for row in cursor.fetchall()]
    connection.close()  # the workers' connections are the ones that matter from here
    app.control.purge()  # anything queued while seeding

    workers = _start_workers(environment, media)
    poll_timeout = max(1800.0, completions * 0.5)
    try:
        _wait_for_workers(app, workers)
        start = time.perf_counter()
        for enrollment_id in enrolments:
            issue_certificate.delay(enrollment_id)
        queued = time.perf_counter() - start
        with connection.cursor() as cursor:
            while True:
                certificates, duplicates, missing = _counts(cursor)
                if missing == 0:
                    break
                if time.perf_counter() - start > poll_timeout:
                    break
                if any(worker.poll() is not None for worker in workers):
                    raise RuntimeError("a Celery worker died during the run; see its log")
                time.sleep(0.5)
        total = time.perf_counter() - start
    finally:
        _stop_workers(workers)
    with connection.cursor() as cursor:
        certificates, duplicates, missing = _counts(cursor)
    connection.close()
    files = list((media / "private").rglob("*.pdf"))
    pdf_bytes = sum(path.stat().st_size for path in files)
    shutil.rmtree(media, ignore_errors=True)

    command = COMMAND.format(completions=completions)
    how = (
        f"{len(enrolments):,} completed enrolments without certificates (raw SQL), two Celery "
        "workers of --concurrency 1 through Redis on the same 2-core machine as PostgreSQL, "
        "Redis and this process; timed from the first issue_certificate.delay until every "
        f"enrolment has a certificate (polled every 0.5 s; queueing them all took {queued:.1f} "
        "s of it). Each issuance renders the PDF (certificates.pdf) and writes it to the "
        "private storage (a temporary directory): rendering is part of the time. Completions "
        "are 30+ days old, so no e-mail task is queued (locmem backend in any case)."
    )
    extra = {
        "completions": len(enrolments),
        "certificates": certificates,
        "queue_seconds": queued,
        "seed_seconds": seeded,
        "pdf_files": len(files),
        "pdf_mib": round(pdf_bytes / 2**20, 1),
        "timed_out": missing > 0,
    }
    return [
        Figure(
            SECTION,
            "issue every certificate",
            "s",
            [total],
            command=command,
            notes=how,
            extra=extra,
        ),
        Figure(
            SECTION,
            "issuance rate, two workers",
            "certificates/s",
            [certificates / total],
            command=command,
            notes="Certificates in the database at the end / total seconds.",
        ),
        Figure(
            SECTION,
            "enrolments with more than one certificate",
            "enrolments",
            [duplicates],
            target="= 0",
            met=duplicates == 0,
            command=command,
            notes=(
                "Certificate.enrollment is a OneToOneField: PostgreSQL's unique index on "
                "enrollment_id forbids a second row, and certificate_issue locks the enrolment "
                "row (SELECT … FOR UPDATE) before checking, so a race ends in one certificate."
            ),
        ),
        Figure(
            SECTION,
            "completed enrolments without a certificate",
            "enrolments",
            [missing],
            target="= 0",
            met=missing == 0,
            command=command,
            notes=f"Counted after the workers stopped (poll timeout {poll_timeout:.0f} s).",
        ),
    ]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--completions", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="do not drop the database after")
    args = parser.parse_args()
    admin = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *admin, "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", *admin, DATABASE], check=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    from bench.common import database_url

    try:
        figures = measure(database_url(DATABASE), REDIS_URL, args.completions)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            subprocess.run(["dropdb", *admin, "--if-exists", DATABASE], check=False)
    for figure in figures:
        print(
            f"{figure.name}: {figure.median:.4g} {figure.unit}"
            + (f" (target {figure.target}, met: {figure.met})" if figure.target else "")
        )
        print(f"   {figure.notes}")
        if figure.extra:
            print(f"   {figure.extra}")


if __name__ == "__main__":
    main()
