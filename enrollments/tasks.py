from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.celery import BackgroundTask

from .models import Enrollment


@shared_task(base=BackgroundTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def completion_follow_up(enrollment_id: int) -> None:
    """After a completion commits: tell the learner."""
    enrollment = Enrollment.objects.select_related("user", "course").get(pk=enrollment_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "enrollment": enrollment,
            "my_learning_url": settings.SITE_URL + reverse("my_learning"),
        }
        send_mail(
            subject=render_to_string("enrollments/email/completed_subject.txt", context).strip(),
            message=render_to_string("enrollments/email/completed_message.txt", context),
            from_email=None,
            recipient_list=[enrollment.user.email],
        )


@shared_task(base=BackgroundTask)
def snapshot_indicators() -> int:
    """Keep last month's figures (daily, so a beat that was down on the 1st catches up)."""
    from datetime import timedelta

    from django.utils import timezone

    from .services import indicator_snapshots_take

    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    return indicator_snapshots_take(month=last_month)


@shared_task(base=BackgroundTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def seat_offered(enrollment_id: int) -> None:
    """A seat of a full class freed up and went to this person: tell them."""
    enrollment = Enrollment.objects.select_related("user", "course", "course_class").get(
        pk=enrollment_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "enrollment": enrollment,
            "course_url": settings.SITE_URL + enrollment.course.url,
        }
        send_mail(
            subject=render_to_string("enrollments/email/seat_subject.txt", context).strip(),
            message=render_to_string("enrollments/email/seat_message.txt", context),
            from_email=None,
            recipient_list=[enrollment.user.email],
        )
