"""Background work for certificates. Tasks take ids and call ``services``.

Every task is safe to run twice (tasks are acknowledged late, so a worker lost mid-task
means the task runs again), and ``sweep_certificates`` (Celery beat) repairs whatever a
dead broker or worker let fall.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from lms.celery import BackgroundTask

from . import services

# Passing faults (database, SMTP, storage) are retried with growing pauses.
RETRYING = {
    "base": BackgroundTask,
    "autoretry_for": (OSError, OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**RETRYING)
def issue_certificate(enrollment_id: int) -> int | None:
    certificate = services.certificate_issue(enrollment_id=enrollment_id)
    return certificate.pk if certificate else None


@shared_task(**RETRYING)
def notify_certificate(certificate_id: int) -> bool:
    return services.certificate_notify(certificate_id=certificate_id)


@shared_task(base=BackgroundTask)
def sweep_certificates() -> int:
    return services.certificates_sweep()


@shared_task(**RETRYING)
def build_certificate_archive(archive_id: int) -> None:
    services.certificate_archive_build(archive_id=archive_id)
