from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from enrollments.signals import course_completed

        course_completed.connect(queue_certificate, dispatch_uid="certificates_on_completion")


def queue_certificate(sender, enrollment_id: int, **kwargs) -> None:
    """A completion is being recorded: issue its certificate once the transaction commits."""
    from lms.celery import queue_after_commit

    from .tasks import issue_certificate

    queue_after_commit(issue_certificate, enrollment_id)
