"""Nothing is lost when the broker is down: completions are recorded, and once Redis is back,
Celery beat's sweep has a real worker issue every missing certificate, exactly once.

This test runs its own redis-server (so it can stop and start it) and a real Celery worker
and beat as separate processes against the test's PostgreSQL database.
"""

import logging
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateEvent
from certificates.tasks import issue_certificate
from courses.models import LessonPage, QuizPage
from enrollments import services as learning
from enrollments.models import Enrollment
from tests.conftest import complete_course, quiz_answers, require_postgresql
from tests.processes import (
    CeleryWorkerLog,
    celery_idle,
    start_process,
    stop_process,
    subprocess_env,
    wait_until,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def web_publishes_to(celery_publishes_to):
    require_postgresql()  # a worker in another process shares the test database
    return celery_publishes_to


def test_broker_outage_loses_no_certificate(
    redis_server, web_publishes_to, make_person, make_course, client, tmp_path, caplog
):
    course = make_course(lessons=1)
    people = [make_person() for _ in range(3)]

    redis_server.stop()  # the broker goes down
    with caplog.at_level(logging.WARNING, logger="lms.celery"):
        for person in people[:2]:
            complete_course(person, course)
        # The third completes through the site: the page works as if nothing happened.
        learning.enrollment_create(user=people[2], course=course)
        quiz = QuizPage.objects.child_of(course).get()
        learning.quiz_submit(user=people[2], quiz=quiz, answers=quiz_answers(quiz, correct=True))
        client.force_login(people[2])
        lesson = LessonPage.objects.child_of(course).get()
        response = client.post(reverse("complete_lesson", args=[lesson.pk]))
        assert response.status_code == 302
    completed = list(Enrollment.objects.completed().order_by("pk"))
    assert len(completed) == 3
    assert not Certificate.objects.exists()
    assert "Broker unreachable" in caplog.text

    redis_server.start()  # the broker is back
    env = subprocess_env(
        CELERY_BROKER_URL=redis_server.url,
        CERTIFICATE_SWEEP_SECONDS="2",
        CERTIFICATE_SWEEP_GRACE_SECONDS="0",
        CELERY_LOG_LEVEL="INFO",
    )
    celery = [sys.executable, "-m", "celery", "-A", "lms"]
    worker = start_process(
        [
            *celery,
            "worker",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        env=env,
        log=tmp_path / "worker.log",
    )
    beat = start_process(
        [*celery, "beat", "--schedule", str(tmp_path / "beat-schedule"), "--loglevel", "INFO"],
        env=env,
        log=tmp_path / "beat.log",
    )
    logs = [tmp_path / "worker.log", tmp_path / "beat.log"]
    done = CeleryWorkerLog(tmp_path / "worker.log")

    def all_notified() -> bool:
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        return Certificate.objects.filter(notified_at__isnull=False).count() >= 3

    try:
        wait_until(all_notified, seconds=90, logs=logs)
        # Redeliveries and more sweeps change nothing: the redeliveries run, and a sweep.
        for enrollment in completed:
            issue_certificate.delay(enrollment.pk)
        sweeps = done.succeeded("sweep_certificates")
        wait_until(
            lambda: (
                done.succeeded("sweep_certificates") > sweeps
                and celery_idle(done, redis_server.url)
            ),
            seconds=60,
            logs=logs,
        )
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
    finally:
        stop_process(beat)
        stop_process(worker)

    assert sorted(Certificate.objects.values_list("enrollment_id", flat=True)) == [
        e.pk for e in completed
    ]
    assert CertificateEvent.objects.filter(kind=CertificateEvent.Kind.ISSUED).count() == 3
    assert "sweep_certificates" in (tmp_path / "beat.log").read_text()
