"""Nothing is lost when the broker is down: completions are recorded, and once Redis is back,
Celery beat's sweep has a real worker issue every missing certificate, exactly once.

This test runs its own redis-server (so it can stop and start it) and a real Celery worker
and beat as separate processes against the test's PostgreSQL database.
"""

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from kombu import pools

from certificates.models import Certificate, CertificateEvent
from certificates.tasks import issue_certificate
from courses.models import LessonPage, QuizPage
from enrollments import services as learning
from enrollments.models import Enrollment
from lms.celery import app
from tests.conftest import complete_course, in_ci, quiz_answers, require_postgresql

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


def _require(condition: bool, message: str) -> None:
    if not condition:
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """A redis-server of the test's own, on a free port, that it can stop and start."""

    def __init__(self, executable: str):
        self.executable = executable
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers_ping(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        assert not _answers_ping(self.port)


@pytest.fixture
def redis_server():
    require_postgresql()  # a worker in another process shares the test database
    executable = shutil.which("redis-server")
    _require(executable is not None, "redis-server is not installed")
    server = RedisServer(executable)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def web_publishes_to(redis_server):
    """This process plays the web server: it queues tasks on the test's broker, not eagerly."""
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}

    def reset_connections():
        # Forget every pooled connection, so the next task opens one to the current broker.
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_connections()
    app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    yield app
    reset_connections()
    app.conf.update(**saved)


def _start(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": redis_server.url,
        "CERTIFICATE_SWEEP_SECONDS": "2",
        "CERTIFICATE_SWEEP_GRACE_SECONDS": "0",
        "CELERY_LOG_LEVEL": "INFO",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    env.pop("REDIS_URL", None)
    celery = [sys.executable, "-m", "celery", "-A", "lms"]
    worker = _start(
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
    beat = _start(
        [*celery, "beat", "--schedule", str(tmp_path / "beat-schedule"), "--loglevel", "INFO"],
        env=env,
        log=tmp_path / "beat.log",
    )
    try:
        deadline = time.monotonic() + 90
        while Certificate.objects.filter(notified_at__isnull=False).count() < 3:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text() + (
                tmp_path / "beat.log"
            ).read_text()
            time.sleep(0.5)
        # Redeliveries and more sweeps change nothing.
        for enrollment in completed:
            issue_certificate.delay(enrollment.pk)
        time.sleep(6)
    finally:
        _stop(beat)
        _stop(worker)

    assert sorted(Certificate.objects.values_list("enrollment_id", flat=True)) == [
        e.pk for e in completed
    ]
    assert CertificateEvent.objects.filter(kind=CertificateEvent.Kind.ISSUED).count() == 3
    assert "sweep_certificates" in (tmp_path / "beat.log").read_text()
