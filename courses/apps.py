from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import PageLogEntry

        from .audit import course_log_entry_saved
        from .permissions import grant_after_migrate

        post_migrate.connect(grant_after_migrate, dispatch_uid="courses_trainers")
        # Every way a page is published or unpublished writes Wagtail's log entry; a course's
        # is also recorded in the audit log (courses.audit).
        post_save.connect(
            course_log_entry_saved, sender=PageLogEntry, dispatch_uid="courses_publication"
        )
