"""Background work for certificates. Tasks take ids, call ``services`` and queue what a service
says is left to do (an e-mail after an issuance, the work a sweep finds).

Every task is safe to run twice (tasks are acknowledged late, so a worker lost mid-task
means the task runs again), and ``sweep_certificates`` (Celery beat) repairs whatever a
dead broker or worker let fall.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from lms.celery import BackgroundTask, queue_after_commit

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
def notify_certificate(certificate_id: int) -> bool:
    return services.certificate_notify(certificate_id=certificate_id)


@shared_task(**RETRYING)
def build_certificate_archive(archive_id: int) -> None:
    services.certificate_archive_build(archive_id=archive_id)


@shared_task(**RETRYING)
def issue_certificate(enrollment_id: int) -> int | None:
    """Issue the completion's certificate; the learner is e-mailed when it is news to them."""
    certificate = services.certificate_issue(enrollment_id=enrollment_id)
    if certificate is None:
        return None
    if services.certificate_email_due(certificate):
        queue_after_commit(notify_certificate, certificate.pk)
    return certificate.pk


def queue_sweep(sweep: services.Sweep) -> None:
    """Queue, after the commit, the e-mails and ZIPs a sweep or a backfill left to do."""
    for certificate_id in sweep.emails_owed:
        queue_after_commit(notify_certificate, certificate_id)
    for archive_id in sweep.archives_pending:
        queue_after_commit(build_certificate_archive, archive_id)


@shared_task(base=BackgroundTask)
def sweep_certificates() -> int:
    sweep = services.certificates_sweep()
    queue_sweep(sweep)
    return sweep.issued


def queue_certificate(sender, enrollment_id: int, **kwargs) -> None:
    """``course_completed`` receiver: issue the certificate once the completion commits."""
    queue_after_commit(issue_certificate, enrollment_id)
