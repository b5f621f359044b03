from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentsConfig(AppConfig):
    name = "enrollments"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save, pre_delete
        from wagtail.signals import page_published

        from courses.models import CoursePage

        from .models import Enrollment

        post_save.connect(
            rekey_person_indicators,
            sender=get_user_model(),
            dispatch_uid="enrollments_rekey_person_indicators",
        )
        # Derived rows follow their sources wherever the change comes from (the admin, a
        # revision published by code, a person deleted): not only through the services.
        page_published.connect(
            recount_course_goals, sender=CoursePage, dispatch_uid="enrollments_recount_course"
        )
        pre_delete.connect(
            remember_indicator_rows, sender=Enrollment, dispatch_uid="enrollments_remember_rows"
        )
        post_delete.connect(
            recount_deleted_enrollment, sender=Enrollment, dispatch_uid="enrollments_recount"
        )


def rekey_person_indicators(sender, instance, created: bool, update_fields=None, **kwargs):
    """A person is counted by registration number: when it changes, their rows follow."""
    if created or (update_fields is not None and "registration_number" not in update_fields):
        return
    from .services import person_indicators_refresh

    person_indicators_refresh(user=instance)


def recount_course_goals(sender, instance, **kwargs):
    """A course published with other goals: its past completions now count toward those."""
    from .models import GoalCompletion
    from .services import course_indicators_refresh

    counted = set(
        GoalCompletion.objects.filter(course_id=instance.pk).values_list("goal_id", flat=True)
    )
    if counted != set(instance.plan_goals.values_list("pk", flat=True)):
        course_indicators_refresh(course_id=instance.pk)


def remember_indicator_rows(sender, instance, **kwargs):
    # The goal rows go with the enrolment (cascade); which people and goals they were is
    # needed afterwards, to recompute first completions.
    instance._indicator_pairs = set(instance.goal_completions.values_list("goal_id", "person_key"))


def recount_deleted_enrollment(sender, instance, **kwargs):
    from .services import attainments_refresh

    attainments_refresh(pairs=getattr(instance, "_indicator_pairs", set()))
