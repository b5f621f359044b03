"""Writes about learning: enrol, leave, read a lesson, answer a quiz, complete a course.

Each function is one user journey. Errors a learner can cause raise ``LearningError`` with a
message for them; nothing is written twice (unique constraints plus row locks).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import CoursePage, LessonPage, Modality, QuizPage
from lms.models import User

from .models import (
    Enrollment,
    GoalAttainment,
    GoalCompletion,
    GoalSnapshot,
    LessonProgress,
    QuizAttempt,
    person_key,
    person_key_expression,
)


class LearningError(Exception):
    """Something the learner asked for that cannot be done; ``message`` says why, for them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotEnrolled(LearningError):
    pass


class UnansweredQuestions(LearningError):
    """Some questions have no answer; ``question_ids`` says which, so the form can say so."""

    def __init__(self, question_ids: list[str]):
        super().__init__(_("Answer every question before sending."))
        self.question_ids = question_ids


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def enrollment_create(*, user: User, course: CoursePage, now: datetime | None = None) -> Enrollment:
    """Enrol ``user`` in ``course``: idempotent, within the window and the capacity."""
    now = _now(now)
    with transaction.atomic():
        # One enrolment at a time per course, so the last seat cannot be taken twice.
        course = CoursePage.objects.select_for_update(of=("self",)).get(pk=course.pk)
        existing = Enrollment.objects.filter(user=user, course=course).first()
        if existing and existing.is_active:
            return existing
        if not course.live:
            raise LearningError(_("This course is not published."))
        if not course.enrols_online:
            raise LearningError(_("This course is in person: enrol in one of its classes."))
        today = timezone.localdate(now)
        if course.enrolment_opens and today < course.enrolment_opens:
            raise LearningError(
                _("Enrolment for this course opens on %(date)s.")
                % {"date": date_format(course.enrolment_opens, "SHORT_DATE_FORMAT")}
            )
        if not course.enrolment_is_open(today):
            raise LearningError(_("Enrolment for this course is closed."))
        if course.capacity is not None:
            taken = Enrollment.objects.active().filter(course=course).count()
            if taken >= course.capacity:
                raise LearningError(
                    _("This course is full: all %(capacity)s places are taken.")
                    % {"capacity": course.capacity}
                )
        if existing:
            existing.cancelled_at = None
            existing.save(update_fields=["cancelled_at"])
            return existing
        try:
            with transaction.atomic():
                return Enrollment.objects.create(user=user, course=course, enrolled_at=now)
        except IntegrityError:
            # A second request of the same person got there first: one enrolment, as asked.
            return Enrollment.objects.get(user=user, course=course)


def enrollment_cancel(*, enrollment: Enrollment, now: datetime | None = None) -> Enrollment:
    if enrollment.is_completed:
        raise LearningError(_("You completed this course; its record stays in your history."))
    if enrollment.is_active:
        with transaction.atomic():
            course_class = enrollment.course_class
            enrollment.cancelled_at = _now(now)
            enrollment.course_class = None
            enrollment.save(update_fields=["cancelled_at", "course_class"])
            if course_class is not None and not course_class.is_closed:
                # Leaving a blended course gives up its class seat too: the next in line gets it.
                from .classes import waiting_list_promote
                from .models import Attendance

                Attendance.objects.filter(enrollment=enrollment).delete()
                waiting_list_promote(course_class=course_class, now=now)
    return enrollment


def active_enrollment(*, user: User, course: CoursePage) -> Enrollment:
    if not course.live:
        raise LearningError(_("This course is not published."))
    enrollment = Enrollment.objects.active().filter(user=user, course_id=course.pk).first()
    if enrollment is None:
        raise NotEnrolled(_("You are not enrolled in this course."))
    return enrollment


def step_visit(*, enrollment: Enrollment, step_id: int) -> None:
    """Remember where the learner is, so they can resume there."""
    if enrollment.last_step_id != step_id:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_step_id=step_id)


def lesson_complete(*, user: User, lesson: LessonPage, now: datetime | None = None) -> Enrollment:
    course = lesson.get_parent().specific
    enrollment = active_enrollment(user=user, course=course)
    now = _now(now)
    with transaction.atomic():
        LessonProgress.objects.get_or_create(
            enrollment=enrollment, lesson=lesson, defaults={"completed_at": now}
        )
        enrollment_evaluate(enrollment=enrollment, now=now)
    enrollment.refresh_from_db()
    return enrollment


def _grade(quiz: QuizPage, answers: dict[str, list[str]]) -> tuple[int, dict]:
    """Check the answers against the quiz and give the score (0–100) and what was chosen."""
    questions = quiz.question_list()
    if not questions:
        raise LearningError(_("This quiz has no questions yet."))
    known = {q["id"] for q in questions}
    if set(answers) - known:
        raise LearningError(_("The answers do not match this quiz. Reload the page and try again."))
    unanswered = [q["id"] for q in questions if not answers.get(q["id"])]
    if unanswered:
        raise UnansweredQuestions(unanswered)
    chosen: dict[str, list[str]] = {}
    correct = 0
    for question in questions:
        picked = answers[question["id"]]
        choice_ids = {c["id"] for c in question["choices"]}
        if set(picked) - choice_ids or len(set(picked)) != len(picked):
            raise LearningError(
                _("The answers do not match this quiz. Reload the page and try again.")
            )
        if question["kind"] != "multiple" and len(picked) != 1:
            raise LearningError(
                _("Choose only one answer for “%(question)s”.") % {"question": question["text"]}
            )
        right = {c["id"] for c in question["choices"] if c["correct"]}
        correct += set(picked) == right
        chosen[question["id"]] = sorted(picked)
    return round(100 * correct / len(questions)), chosen


def quiz_submit(
    *, user: User, quiz: QuizPage, answers: dict[str, list[str]], now: datetime | None = None
) -> QuizAttempt:
    """Grade one attempt on the server, within the attempts limit, and complete if due."""
    course = quiz.get_parent().specific
    enrollment = active_enrollment(user=user, course=course)
    score, chosen = _grade(quiz, answers)
    now = _now(now)
    with transaction.atomic():
        # Lock the enrolment: two tabs sending at once make attempts 1 and 2, not 1 and 1.
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        attempts = QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz)
        if attempts.filter(passed=True).exists():
            raise LearningError(_("You already passed this quiz."))
        made = attempts.count()
        if quiz.attempts_limit and made >= quiz.attempts_limit:
            raise LearningError(
                _("You have used all %(limit)s attempts of this quiz.")
                % {"limit": quiz.attempts_limit}
            )
        attempt = QuizAttempt.objects.create(
            enrollment=enrollment,
            quiz=quiz,
            number=made + 1,
            answers=chosen,
            score=score,
            passed=score >= course.min_quiz_score,
            submitted_at=now,
        )
        if attempt.passed:
            enrollment_evaluate(enrollment=enrollment, now=now)
    return attempt


def online_part_done(enrollment: Enrollment) -> bool:
    """All required lessons read and every quiz of the course passed."""
    course = enrollment.course
    required_lessons = set(
        LessonPage.objects.live()
        .child_of(course)
        .filter(required=True)
        .values_list("pk", flat=True)
    )
    quizzes = set(QuizPage.objects.live().child_of(course).values_list("pk", flat=True))
    done = set(enrollment.lesson_progress.values_list("lesson_id", flat=True))
    passed = set(enrollment.quiz_attempts.filter(passed=True).values_list("quiz_id", flat=True))
    return required_lessons <= done and quizzes <= passed


def completion_rule_met(enrollment: Enrollment) -> bool:
    """The course's rule: the online part (online, blended), a closed class attended (in
    person, blended). A blended learner may finish either part last."""
    from .classes import class_attendance_met

    modality = enrollment.course.modality
    if modality != Modality.IN_PERSON and not online_part_done(enrollment):
        return False
    return modality == Modality.ONLINE or class_attendance_met(enrollment)


def enrollment_evaluate(*, enrollment: Enrollment, now: datetime | None = None) -> bool:
    """Complete the enrolment if its course's rule is met. True only the one time it happens."""
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("course", "user")
            .get(pk=enrollment.pk)
        )
        if enrollment.is_completed or not enrollment.is_active:
            return False
        if not completion_rule_met(enrollment):
            return False
        return enrollment_complete(enrollment=enrollment, now=now)


def enrollment_complete(*, enrollment: Enrollment, now: datetime | None = None) -> bool:
    """Record the completion exactly once, with where the person works at this moment.

    The one place a completion is written, for online courses and in-person classes alike.
    The caller holds a lock on the enrolment row. ``course_completed`` is sent inside this
    transaction, so downstream apps keep their derived data in step and queue their own work
    for after the commit; the learner's e-mail is queued after the commit too.
    """
    from lms.celery import queue_after_commit

    from .signals import course_completed
    from .tasks import completion_follow_up

    updated = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
        completed_at=_now(now),
        completion_unit_id=enrollment.user.unit_id,
        completion_territory_id=enrollment.user.territory_id,
    )
    if updated:
        goal_completions_refresh(enrollment_ids=[enrollment.pk])
        course_completed.send(sender=Enrollment, enrollment_id=enrollment.pk)
        queue_after_commit(completion_follow_up, enrollment.pk)
    return bool(updated)


# --- Derived data of the plan's indicators ---------------------------------------------------


def _goal_completion_source(enrollments) -> QuerySet:
    """Each counted completion once per goal its course feeds, with the person's key."""
    return (
        enrollments.filter(
            completed_at__isnull=False,
            withdrawn_at__isnull=True,
            course__plan_goals__isnull=False,
        )
        .annotate(
            gc_goal=F("course__plan_goals"),
            gc_enrollment=F("pk"),
            gc_person=person_key_expression(),
            gc_completed_at=F("completed_at"),
            gc_course=F("course_id"),
            gc_modality=F("course__modality"),
            gc_unit=F("completion_unit_id"),
            gc_territory=F("completion_territory_id"),
        )
        .order_by()
    )


_GOAL_COMPLETION_COLUMNS = {
    "goal": "gc_goal",
    "enrollment": "gc_enrollment",
    "person_key": "gc_person",
    "completed_at": "gc_completed_at",
    "course": "gc_course",
    "modality": "gc_modality",
    "unit": "gc_unit",
    "territory": "gc_territory",
}


def _insert_goal_completions(enrollments) -> None:
    select_sql, params = (
        _goal_completion_source(enrollments)
        .values(*_GOAL_COMPLETION_COLUMNS.values())
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(GoalCompletion._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(GoalCompletion._meta.get_field(field).column)
        for field in _GOAL_COMPLETION_COLUMNS
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select_sql}", params)  # noqa: S608


def _insert_attainments(goal_completions) -> None:
    firsts = (
        goal_completions.order_by()
        .values("goal_id", "person_key")
        .annotate(first=Min("completed_at"))
    )
    select_sql, params = firsts.query.sql_with_params()
    table = connection.ops.quote_name(GoalAttainment._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(GoalAttainment._meta.get_field(field).column)
        for field in ("goal", "person_key", "first_completed_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select_sql}", params)  # noqa: S608


def goal_completions_refresh(*, enrollment_ids: Iterable[int]) -> None:
    """Make the indicators' rows of these enrolments match what the enrolments are now.

    Called inside the transaction that changes them (a completion, a withdrawal, a new
    registration number, a course's goals edited), so figures are right the moment it commits.
    Each affected person's first completion per goal is recomputed from their goal rows.
    """
    ids = sorted(set(enrollment_ids))
    if not ids:
        return
    with transaction.atomic():
        user_ids = set(Enrollment.objects.filter(pk__in=ids).values_list("user_id", flat=True))
        # One person's completions are refreshed one transaction at a time, so two at once
        # cannot each miss the other's row when working out the first completion.
        list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk").values("pk"))
        touched = GoalCompletion.objects.filter(enrollment_id__in=ids)
        pairs = set(touched.values_list("goal_id", "person_key"))
        touched.delete()
        _insert_goal_completions(Enrollment.objects.filter(pk__in=ids))
        pairs |= set(
            GoalCompletion.objects.filter(enrollment_id__in=ids).values_list(
                "goal_id", "person_key"
            )
        )
        attainments_refresh(pairs=pairs)


def attainments_refresh(*, pairs: set[tuple[int, str]]) -> None:
    """Recompute the first completion of each (goal id, person key) from the goal rows."""
    if not pairs:
        return
    goals = {goal for goal, _ in pairs}
    keys = {key for _, key in pairs}
    GoalAttainment.objects.filter(goal_id__in=goals, person_key__in=keys).delete()
    _insert_attainments(GoalCompletion.objects.filter(goal_id__in=goals, person_key__in=keys))


def person_indicators_refresh(*, user: User) -> None:
    """Re-key a person's rows when their registration number (their identity) changed."""
    key = person_key(user_id=user.pk, registration_number=user.registration_number)
    stale = GoalCompletion.objects.filter(enrollment__user=user).exclude(person_key=key)
    if stale.exists():
        goal_completions_refresh(
            enrollment_ids=Enrollment.objects.completed()
            .filter(user=user)
            .values_list("pk", flat=True)
        )


def course_indicators_refresh(*, course_id: int) -> None:
    """A course's goals were edited: its completions now count toward the new set."""
    goal_completions_refresh(
        enrollment_ids=Enrollment.objects.completed()
        .filter(course_id=course_id)
        .values_list("pk", flat=True)
    )


def indicators_rebuild() -> tuple[int, int]:
    """Rebuild every indicator row from the completions alone. Returns (rows, attainments)."""
    with transaction.atomic():
        GoalAttainment.objects.all().delete()
        GoalCompletion.objects.all().delete()
        _insert_goal_completions(Enrollment.objects.all())
        _insert_attainments(GoalCompletion.objects.all())
        return GoalCompletion.objects.count(), GoalAttainment.objects.count()


def enrollment_withdraw(*, enrollment: Enrollment, now: datetime | None = None) -> Enrollment:
    """Stop a completion counting toward the plan (its certificate was revoked)."""
    with transaction.atomic():
        updated = Enrollment.objects.filter(pk=enrollment.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=_now(now)
        )
        if updated:
            goal_completions_refresh(enrollment_ids=[enrollment.pk])
    enrollment.refresh_from_db()
    return enrollment


def month_end(month: date) -> date:
    """The last day of ``month`` (any day of it)."""
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def indicator_snapshots_take(
    *, month: date, replace: bool = False, now: datetime | None = None
) -> int:
    """Store every goal's city-wide figure as it stood at the end of ``month``.

    A snapshot already taken is kept (a figure once reported must stay reproducible) unless
    ``replace``. Returns how many snapshots were written.
    """
    from courses.models import PlanGoal

    from . import indicators

    month = month.replace(day=1)
    counts = indicators.trained_counts(
        indicators.CITY, indicators.IndicatorFilters(date_to=month_end(month))
    )
    written = 0
    with transaction.atomic():
        for goal in PlanGoal.objects.order_by("pk"):
            values = {
                "baseline": goal.baseline,
                "target": goal.target,
                "achieved": counts.get(goal.pk, 0),
                "taken_at": _now(now),
            }
            if replace:
                GoalSnapshot.objects.update_or_create(goal=goal, month=month, defaults=values)
                written += 1
            else:
                _, created = GoalSnapshot.objects.get_or_create(
                    goal=goal, month=month, defaults=values
                )
                written += created
    return written


def indicator_snapshots_backfill(*, replace: bool = False, now: datetime | None = None) -> int:
    """Snapshots of every finished month since the first completion (or the earliest goal)."""
    from courses.models import PlanGoal

    now = _now(now)
    first_completion = GoalCompletion.objects.aggregate(first=Min("completed_at"))["first"]
    starts = [PlanGoal.objects.aggregate(first=Min("start_date"))["first"]]
    if first_completion:
        starts.append(timezone.localtime(first_completion).date())
    starts = [d for d in starts if d]
    if not starts:
        return 0
    month = min(starts).replace(day=1)
    this_month = timezone.localdate(now).replace(day=1)
    written = 0
    while month < this_month:
        written += indicator_snapshots_take(month=month, replace=replace, now=now)
        month = (month + timedelta(days=32)).replace(day=1)
    return written
