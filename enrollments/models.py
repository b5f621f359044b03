"""What learners do: enrolments, lesson progress, quiz attempts, and completion.

The completion (``Enrollment.completed_at`` with the unit and territory of that moment) is
the source of truth that certificates and the plan's indicators derive from. Only
``enrollments.services`` writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EnrollmentQuerySet(models.QuerySet):
    def active(self) -> EnrollmentQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def completed(self) -> EnrollmentQuerySet:
        return self.filter(completed_at__isnull=False)


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    last_step = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("last visited step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Where the person worked when they completed: a later transfer does not move history.
    completion_unit = models.ForeignKey(
        "lms.OrganisationalUnit",
        verbose_name=_("unit at completion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completion_territory = models.ForeignKey(
        "lms.Territory",
        verbose_name=_("territory at completion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollments_one_per_course")
        ]
        indexes = [
            models.Index(fields=["course", "completed_at"]),
            # Recent completions (the certificate sweep, later the indicators) by date alone.
            models.Index(
                fields=["completed_at"],
                condition=Q(completed_at__isnull=False),
                name="enrollments_completed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="enrollments_lesson_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.lesson_id}"


class QuizAttempt(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey("courses.QuizPage", on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt number"))
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("quiz attempt")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "quiz", "number"], name="enrollments_attempt_number_once"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="enrollments_score_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.quiz_id} #{self.number}"
