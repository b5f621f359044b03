from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentsConfig(AppConfig):
    name = "enrollments"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from courses.models import CoursePage
        from lms import personal_data

        from . import personal_data as learning_data

        # Their part of a person's data, for "Download my data" and the account's erasure.
        personal_data.register(
            "enrolments",
            export=learning_data.enrolments_export,
            erase=learning_data.enrolments_erase,
        )
        personal_data.register(
            "waiting_lists",
            export=learning_data.waiting_lists_export,
            erase=learning_data.waiting_lists_erase,
        )

        # Wagtail publishes a page from the editor, a schedule or code, and says so only
        # through this signal: the one place a course's goals can change.
        page_published.connect(
            recount_course_goals, sender=CoursePage, dispatch_uid="enrollments_recount_course"
        )


def recount_course_goals(sender, instance, **kwargs) -> None:
    """A course published with other goals: its past completions now count toward those."""
    from .services import course_indicators_refresh

    course_indicators_refresh(course_id=instance.pk)
