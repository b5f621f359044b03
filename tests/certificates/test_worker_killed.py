"""A Celery worker killed with SIGKILL in the middle of a batch of certificates: once a worker
runs again, every completion has its certificate, exactly one, with its PDF."""

import os
import signal
import sys

import pytest

from certificates.models import Certificate, CertificateEvent
from certificates.services import certificate_pdf_bytes
from enrollments.models import Enrollment
from tests.conftest import complete_course, require_postgresql
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

BATCH = 60


def _worker(env, log):
    command = [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool", "solo"]
    return start_process(
        [*command, "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        env=env,
        log=log,
    )


def test_a_worker_killed_mid_batch_leaves_every_certificate_exactly_once(
    redis_server, celery_publishes_to, make_person, make_course, tmp_path
):
    require_postgresql()  # the workers share the test database
    course = make_course(lessons=1)
    for _ in range(BATCH):
        complete_course(make_person(), course)  # each queues its certificate on the broker
    completed = list(Enrollment.objects.completed().values_list("pk", flat=True))
    assert len(completed) == BATCH and not Certificate.objects.exists()

    env = subprocess_env(
        CELERY_BROKER_URL=redis_server.url,
        CERTIFICATE_SWEEP_SECONDS="2",
        CERTIFICATE_SWEEP_GRACE_SECONDS="0",
        CELERY_LOG_LEVEL="INFO",
    )
    first = _worker(env, tmp_path / "first.log")
    try:
        wait_until(
            lambda: Certificate.objects.count() >= 5, seconds=90, logs=[tmp_path / "first.log"]
        )
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    left = BATCH - Certificate.objects.count()
    assert left > 0, "the worker finished the batch before it could be killed"

    worker = _worker(env, tmp_path / "second.log")
    beat = start_process(
        [sys.executable, "-m", "celery", "-A", "lms", "beat"]
        + ["--schedule", str(tmp_path / "beat-schedule"), "--loglevel", "INFO"],
        env=env,
        log=tmp_path / "beat.log",
    )
    logs = [tmp_path / "second.log", tmp_path / "beat.log"]
    done = CeleryWorkerLog(tmp_path / "second.log")
    try:
        wait_until(lambda: Certificate.objects.count() >= BATCH, seconds=120, logs=logs)
        # Then whatever was still queued runs, and one more sweep: none of it issues again.
        sweeps = done.succeeded("sweep_certificates")
        wait_until(
            lambda: (
                done.succeeded("sweep_certificates") > sweeps
                and celery_idle(done, redis_server.url)
            ),
            seconds=60,
            logs=logs,
        )
    finally:
        stop_process(beat)
        stop_process(worker)

    assert sorted(Certificate.objects.values_list("enrollment_id", flat=True)) == sorted(completed)
    assert CertificateEvent.objects.filter(kind=CertificateEvent.Kind.ISSUED).count() == BATCH
    for certificate in Certificate.objects.all():
        assert certificate_pdf_bytes(certificate).startswith(b"%PDF")
