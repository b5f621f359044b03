from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from enrollments import personal_data as learning_data
        from enrollments.signals import course_completed
        from lms import personal_data

        from . import personal_data as certificate_data
        from .tasks import queue_certificate

        course_completed.connect(queue_certificate, dispatch_uid="certificates_on_completion")
        # Each enrolment's certificate in "Download my data"; the name off it on erasure.
        learning_data.register_enrolment_part(
            "certificate", export=certificate_data.certificates_export
        )
        personal_data.register("certificates", erase=certificate_data.certificates_erase)

