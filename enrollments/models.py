"""What learners do: enrolments, lesson progress, quiz attempts, and completion.

The completion (``Enrollment.completed_at`` with the unit and territory of that moment) is
the source of truth that certificates and the plan's indicators derive from. Only
``enrollments.services`` writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


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
    # The in-person class the person attends (in-person and blended courses): one per course.
    course_class = models.ForeignKey(
        "enrollments.CourseClass",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    # A completion that must not count toward the plan (its certificate was revoked).
    withdrawn_at = models.DateTimeField(_("withdrawn from indicators at"), null=True, blank=True)

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


# --- In-person classes (turmas) -----------------------------------------------------------------


class ClassStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class CourseClass(ClusterableModel):
    """A class of an in-person or blended course: where, when, who teaches, how many seats.

    A person takes part through their ``Enrollment`` of the course (``course_class``), so a
    class completion is the same completion as an online one. Closing the class is what
    completes its attendees (``classes.class_close``).
    """

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="classes",
        limit_choices_to={"modality__in": ["in_person", "blended"]},
    )
    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("For example SMS-ACOLH-2026-01.")
    )
    place = models.CharField(
        _("place"), max_length=300, help_text=_("The address, with the room if there is one.")
    )
    territory = models.ForeignKey(
        "lms.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="classes_taught",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClassStatus.choices, default=ClassStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-created_at", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.course.title}"

    @property
    def is_closed(self) -> bool:
        return self.status == ClassStatus.CLOSED


class ClassSession(Orderable):
    """One meeting of a class; attendance is taken per session."""

    course_class = ParentalKey(CourseClass, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at", "sort_order"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    JUSTIFIED = "justified", _("Justified absence")


class Attendance(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    marked_at = models.DateTimeField(_("marked at"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="enrollments_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.enrollment_id} · {self.status}"


class WaitingListEntry(models.Model):
    """A person waiting for a seat in a full class; the first in line gets the next seat."""

    course_class = models.ForeignKey(
        CourseClass, on_delete=models.CASCADE, related_name="waiting_list"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="class_waits"
    )
    joined_at = models.DateTimeField(_("joined at"))

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course_class", "user"], name="enrollments_wait_once")
        ]

    def __str__(self) -> str:
        return f"{self.course_class_id} · {self.user_id}"


# --- Derived data for the plan's indicators ----------------------------------------------------
#
# Kept in step with completions by ``services.goal_completions_refresh`` inside the transaction
# that changes them, and rebuilt from completions alone by ``manage.py rebuild_indicators``.
# Nothing else writes them; ``indicators`` only reads them. A person counts once per goal: one
# account is one person (a registration number belongs to one account at a time).
#
# Their foreign keys to what they derive from PROTECT it: an enrolment (or a person) that
# counts in the plan is deleted through ``services.enrollment_delete`` (or
# ``person_enrollments_delete``), which takes its rows out and recounts once, never by a
# cascade.


class GoalCompletion(models.Model):
    """One completion counted toward one plan goal (a course feeding two goals makes two)."""

    # No index of their own for goal, unit and territory: the indexes below lead with them.
    goal = models.ForeignKey(
        "courses.PlanGoal", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="goal_completions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField()
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    modality = models.CharField(max_length=20)
    unit = models.ForeignKey(
        "lms.OrganisationalUnit",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    territory = models.ForeignKey(
        "lms.Territory", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("goal completion")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "enrollment"], name="enrollments_goal_completion_once"
            )
        ]
        # Each filter of the dashboard reads one of these without touching the table (an
        # index-only scan): a goal's people over time, everyone's in a period (a long one in
        # goal and person order, so distinct people are counted without sorting), in units,
        # in a territory.
        indexes = [
            models.Index(fields=["goal", "completed_at", "user"], name="enrollments_gc_goal"),
            models.Index(fields=["completed_at", "goal", "user"], name="enrollments_gc_when"),
            models.Index(fields=["goal", "user", "completed_at"], name="enrollments_gc_person"),
            models.Index(
                fields=["unit", "completed_at", "goal", "user"], name="enrollments_gc_unit"
            ),
            models.Index(
                fields=["territory", "completed_at", "goal", "user"],
                name="enrollments_gc_territory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} · {self.user_id} · {self.completed_at:%Y-%m-%d}"


class GoalAttainment(models.Model):
    """A person's first completion toward a goal, of any course (``modality`` empty) and of
    the courses of each modality they completed in: the cheap answer for the city-wide view
    until a date, whole or of one modality."""

    ANY_MODALITY = ""

    goal = models.ForeignKey("courses.PlanGoal", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    modality = models.CharField(max_length=20, blank=True, default=ANY_MODALITY)
    first_completed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("goal attainment")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "user", "modality"], name="enrollments_goal_attainment_once"
            )
        ]
        # What the counts read, so they read the index alone.
        indexes = [
            models.Index(
                fields=["modality", "goal", "first_completed_at"],
                name="enrollments_attainment_count",
            )
        ]

    def __str__(self) -> str:
        modality = self.modality or "*"
        return f"{self.goal_id} · {self.user_id} · {modality} · {self.first_completed_at:%Y-%m-%d}"


class GoalTally(models.Model):
    """How many distinct people a goal has trained in one slice of the city: a unit with its
    subtree, or a territory, in one calendar year or all time. The answer to the dashboard's
    common questions in a time that does not grow with completions.

    A person counts in a slice when at least one of their goal rows falls in it, once
    however many do. Slices kept: every unit (or the whole city, or no unit recorded) × every
    year (or all time); every territory (or none recorded) × every year (or all time). Keys
    are integers so that one plain unique constraint covers every slice on every database
    (``ANY``, ``NONE`` are sentinels).
    """

    ANY = 0  # the whole city, any territory, all time
    NONE = -1  # completions that recorded no unit / no territory

    goal = models.ForeignKey("courses.PlanGoal", on_delete=models.CASCADE, related_name="+")
    unit_key = models.IntegerField()  # a unit id (with its subtree), ANY or NONE
    territory_key = models.IntegerField()  # a territory id, ANY or NONE
    year = models.SmallIntegerField()  # local calendar year of completion, or ANY
    trained = models.IntegerField()

    class Meta:
        verbose_name = _("goal tally")
        verbose_name_plural = _("goal tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "unit_key", "territory_key", "year"],
                name="enrollments_goal_tally_once",
            ),
            # Unit × territory is not kept: too many slices for a question seldom asked.
            models.CheckConstraint(
                condition=Q(unit_key=0) | Q(territory_key=0),
                name="enrollments_goal_tally_one_place",
            ),
        ]
        indexes = [models.Index(fields=["unit_key", "territory_key", "year"])]

    def __str__(self) -> str:
        return f"{self.goal_id} · {self.unit_key} · {self.territory_key} · {self.year}"


class GoalSnapshot(models.Model):
    """A goal's figure as it stood at the end of a month, kept so a report can be reproduced."""

    goal = models.ForeignKey("courses.PlanGoal", on_delete=models.CASCADE, related_name="snapshots")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    baseline = models.PositiveIntegerField(_("baseline"))
    target = models.PositiveIntegerField(_("target"))
    achieved = models.PositiveIntegerField(_("trained agents"))
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["goal", "month"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "month"], name="enrollments_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} · {self.month:%Y-%m}"


class BulkEnrolment(models.Model):
    """A list of people (a file or a unit subtree) enrolled into a course or a class at once.

    Resolved at preview, applied on confirmation; kept with its report as a record of who
    enrolled whom.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        APPLIED = "applied", _("Applied")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    course_class = models.ForeignKey(
        CourseClass, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(_("source"), max_length=300)
    unit = models.ForeignKey(
        "lms.OrganisationalUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user_ids = models.JSONField(default=list)
    not_found = models.JSONField(default=list)
    report = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk enrolment")
        verbose_name_plural = _("bulk enrolments")

    def __str__(self) -> str:
        return f"{self.course_class or self.course} · {self.source}"
