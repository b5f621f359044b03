"""Writes about learning: enrol, leave, read a lesson, answer a quiz, complete a course.

Each function is one user journey. Errors a learner can cause raise ``LearningError`` with a
message for them; nothing is written twice (unique constraints plus row locks).
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, IntegerField, Max, Min, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import CoursePage, LessonPage, Modality, QuizPage
from lms.models import OrganisationalUnit, User

from .models import (
    Enrollment,
    GoalAttainment,
    GoalCompletion,
    GoalSnapshot,
    GoalTally,
    LessonProgress,
    QuizAttempt,
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
        enrollment.last_step_id = step_id


def lesson_complete(*, user: User, lesson: LessonPage, now: datetime | None = None) -> Enrollment:
    course = lesson.course
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
    course = quiz.course
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
#
# Every change to completions that count goes through ``goal_completions_refresh`` (rows
# rewritten) or ``_enrollments_delete`` (rows deleted): each locks the people concerned, notes
# where they counted, changes their goal rows, then moves the goal tally by the difference and
# recomputes their first completions, in the caller's transaction.


def _goal_completion_source(enrollments) -> QuerySet:
    """Each counted completion once per goal its course feeds, in ``GoalCompletion``'s columns."""
    return (
        enrollments.filter(
            completed_at__isnull=False,
            withdrawn_at__isnull=True,
            course__plan_goals__isnull=False,
        )
        .annotate(
            gc_goal=F("course__plan_goals"),
            gc_enrollment=F("pk"),
            gc_user=F("user_id"),
            gc_completed_at=F("completed_at"),
            gc_course=F("course_id"),
            gc_modality=F("course__modality"),
            gc_unit=F("completion_unit_id"),
            gc_territory=F("completion_territory_id"),
        )
        .order_by()
        .values_list(
            "gc_goal",
            "gc_enrollment",
            "gc_user",
            "gc_completed_at",
            "gc_course",
            "gc_modality",
            "gc_unit",
            "gc_territory",
        )
    )


_GOAL_COMPLETION_FIELDS = [
    "goal",
    "enrollment",
    "user",
    "completed_at",
    "course",
    "modality",
    "unit",
    "territory",
]


def _attainments_insert(goal_completions: QuerySet) -> None:
    """Insert each (goal, person)'s first completion among ``goal_completions``, of any
    modality and of each modality, as ``GoalAttainment`` rows."""
    rows = goal_completions.order_by()
    fields = ["goal", "user", "modality", "first_completed_at"]
    for modality in (Value(GoalAttainment.ANY_MODALITY), F("modality")):
        firsts = (
            rows.values("goal_id", "user_id", of=modality)
            .annotate(first=Min("completed_at"))
            .values_list("goal_id", "user_id", "of", "first")
        )
        _insert_from(GoalAttainment, fields, firsts)


def _insert_from(model, fields: list[str], rows: QuerySet) -> None:
    """``INSERT INTO`` ``model`` (``fields``) ``SELECT`` ``rows``: built by the database, so a
    rebuild of a million rows never passes through Python."""
    select_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)  # noqa: S608


def _people_locked(enrollment_ids: list[int]) -> set[int]:
    """The people of these enrolments, locked: two transactions changing one person's goal
    rows at once cannot each miss the other's row when working out where they count."""
    return set(
        User.objects.select_for_update()
        .filter(pk__in=Enrollment.objects.filter(pk__in=enrollment_ids).values("user_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _people_follow(people: set[int], before: dict) -> None:
    """These people's goal rows changed: move the tally by where they count now against
    ``before`` and recompute their first completions."""
    _tally_apply(before, _tally_memberships(_tally_rows(people)))
    GoalAttainment.objects.filter(user_id__in=people).delete()
    _attainments_insert(GoalCompletion.objects.filter(user_id__in=people))


def goal_completions_refresh(*, enrollment_ids: Iterable[int]) -> None:
    """Make the indicators' rows of these enrolments match what the enrolments are now.

    Called inside the transaction that changes them (a completion, a withdrawal, a course's
    goals edited), so figures are right the moment it commits.
    """
    ids = sorted(set(enrollment_ids))
    if not ids:
        return
    with transaction.atomic():
        people = _people_locked(ids)
        before = _tally_memberships(_tally_rows(people))
        GoalCompletion.objects.filter(enrollment_id__in=ids).delete()
        _insert_from(
            GoalCompletion,
            _GOAL_COMPLETION_FIELDS,
            _goal_completion_source(Enrollment.objects.filter(pk__in=ids)),
        )
        _people_follow(people, before)


def _enrollments_delete(enrollment_ids: list[int]) -> int:
    if not enrollment_ids:
        return 0
    with transaction.atomic():
        people = _people_locked(enrollment_ids)
        before = _tally_memberships(_tally_rows(people))
        GoalCompletion.objects.filter(enrollment_id__in=enrollment_ids).delete()
        _deleted, per_model = Enrollment.objects.filter(pk__in=enrollment_ids).delete()
        _people_follow(people, before)
    return per_model.get(Enrollment._meta.label, 0)


def enrollment_delete(*, enrollment: Enrollment) -> None:
    """Delete an enrolment as if it never happened: its progress, quiz attempts, attendance
    and indicator rows go and the person is recounted, in one transaction. An enrolment with
    a certificate cannot be deleted (``ProtectedError``): the certificate is public evidence;
    revoke it instead, which withdraws the completion from the indicators.
    """
    _enrollments_delete([enrollment.pk])


def person_enrollments_delete(*, user: User) -> int:
    """Delete all of a person's enrolments as ``enrollment_delete`` does, with one recount:
    what deleting the person needs first (the indicator rows protect them from a plain
    delete). Returns how many enrolments were deleted."""
    return _enrollments_delete(
        list(Enrollment.objects.filter(user=user).values_list("pk", flat=True))
    )


def course_indicators_refresh(*, course_id: int) -> None:
    """A course was published: if it now feeds other goals than its completions count
    toward, they count toward the new set (a trainer corrected the course's goals)."""
    counted = set(
        GoalCompletion.objects.filter(course_id=course_id).values_list("goal_id", flat=True)
    )
    feeds = set(CoursePage.objects.get(pk=course_id).plan_goals.values_list("pk", flat=True))
    if counted == feeds:
        return
    ids = list(
        Enrollment.objects.completed().filter(course_id=course_id).values_list("pk", flat=True)
    )
    with transaction.atomic():
        # In batches: a course everyone takes has more completions than a query takes ids.
        for start in range(0, len(ids), 5000):
            goal_completions_refresh(enrollment_ids=ids[start : start + 5000])


def indicators_rebuild() -> tuple[int, int]:
    """Rebuild every indicator row from the completions alone. Returns (rows, attainments)."""
    with transaction.atomic():
        GoalAttainment.objects.all().delete()
        GoalCompletion.objects.all().delete()
        _insert_from(
            GoalCompletion, _GOAL_COMPLETION_FIELDS, _goal_completion_source(Enrollment.objects)
        )
        _attainments_insert(GoalCompletion.objects.all())
        goal_tally_rebuild()
        return GoalCompletion.objects.count(), GoalAttainment.objects.filter(
            modality=GoalAttainment.ANY_MODALITY
        ).count()


# --- The goal tally ---------------------------------------------------------------------------
#
# ``GoalTally`` holds, per goal and slice (unit subtree or territory, year or all time), how
# many distinct people count there. A person counts in a slice when one of their goal rows
# falls in it: their *memberships* are a function of their own goal rows alone. So when only
# some people's rows change, the tally stays exact if each slice moves by +1 for every one of
# them who is in it now and was not, and −1 for the reverse.

TallyKey = tuple[int, int, int, int]  # goal id, unit key, territory key, year
TallyRow = tuple[int, int, str | None, int | None, int]  # goal, person, unit path, territory, year


def city_time_zone() -> zoneinfo.ZoneInfo:
    """Years are the city's calendar years, whatever time zone a request activated."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _tally_rows(people: set[int]) -> list[TallyRow]:
    return list(
        GoalCompletion.objects.filter(user_id__in=people)
        .order_by()
        .values_list(
            "goal_id",
            "user_id",
            "unit__path",
            "territory_id",
            ExtractYear("completed_at", tzinfo=city_time_zone()),
        )
    )


def _tally_memberships(rows: list[TallyRow]) -> dict[tuple[int, int], set[TallyKey]]:
    """The slices each (goal, person) counts in, from their goal rows."""
    steplen = OrganisationalUnit.steplen
    paths = {path for _g, _p, path, _t, _y in rows if path}
    prefixes = {path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)}
    unit_ids = dict(OrganisationalUnit.objects.filter(path__in=prefixes).values_list("path", "pk"))
    any_, none = GoalTally.ANY, GoalTally.NONE
    memberships: dict[tuple[int, int], set[TallyKey]] = defaultdict(set)
    for goal, person, path, territory, year in rows:
        if path:
            units = [
                any_,
                *(unit_ids[path[:end]] for end in range(steplen, len(path) + 1, steplen)),
            ]
        else:
            units = [any_, none]
        keys = memberships[(goal, person)]
        for when in (any_, year):
            keys.update((goal, unit, any_, when) for unit in units)
            keys.add((goal, any_, territory or none, when))
    return memberships


def _tally_apply(
    before: dict[tuple[int, int], set[TallyKey]], after: dict[tuple[int, int], set[TallyKey]]
) -> None:
    """Move each slice by the people who entered it minus those who left it."""
    moves: dict[TallyKey, int] = defaultdict(int)
    for who in before.keys() | after.keys():
        was, now = before.get(who, set()), after.get(who, set())
        for key in now - was:
            moves[key] += 1
        for key in was - now:
            moves[key] -= 1
    # Sorted, so two transactions moving the same slices lock them in the same order.
    moves = {key: n for key, n in sorted(moves.items()) if n}
    if not moves:
        return
    # An increment that creates the slice when it is new: an upsert, which the ORM lacks.
    table = connection.ops.quote_name(GoalTally._meta.db_table)
    columns = [
        connection.ops.quote_name(GoalTally._meta.get_field(name).column)
        for name in ("goal", "unit_key", "territory_key", "year", "trained")
    ]
    trained = columns[-1]
    items = list(moves.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 200):
            chunk = items[start : start + 200]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for key, n in chunk for value in (*key, n)]
            cursor.execute(
                f"INSERT INTO {table} AS tally ({', '.join(columns)}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({', '.join(columns[:4])}) "
                f"DO UPDATE SET {trained} = tally.{trained} + EXCLUDED.{trained}",
                params,
            )
    GoalTally.objects.filter(goal_id__in={key[0] for key in moves}, trained=0).delete()


def _insert_tally(rows, *, by_branch: bool = False) -> None:
    """INSERT … SELECT one GROUP BY of goal rows into the tally (columns annotated ``t_*``).

    ``by_branch``: ``t_unit`` is a unit's path, turned into its id by a join after grouping.
    """
    select_sql, params = (
        rows.order_by()
        .values("t_goal", "t_unit", "t_territory", "t_year")
        .annotate(t_trained=Count("user", distinct=True))
        .values_list("t_goal", "t_unit", "t_territory", "t_year", "t_trained")
        .query.sql_with_params()
    )
    quote = connection.ops.quote_name
    table = quote(GoalTally._meta.db_table)
    names = ", ".join(
        quote(GoalTally._meta.get_field(name).column)
        for name in ("goal", "unit_key", "territory_key", "year", "trained")
    )
    if by_branch:
        units = quote(OrganisationalUnit._meta.db_table)
        select_sql = (
            "SELECT slice.t_goal, unit.id, slice.t_territory, slice.t_year, slice.t_trained "  # noqa: S608
            f"FROM ({select_sql}) slice JOIN {units} unit ON unit.path = slice.t_unit"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select_sql}", params)  # noqa: S608


def goal_tally_rebuild() -> int:
    """Recount the whole tally from the goal rows: a few GROUP BY queries, one per depth of
    the unit tree, per kind of slice and per year or all time. Returns how many slices."""
    GoalTally.objects.all().delete()
    steplen = OrganisationalUnit.steplen
    any_, none = Value(GoalTally.ANY), Value(GoalTally.NONE)
    by_year = ExtractYear("completed_at", tzinfo=city_time_zone())
    rows = GoalCompletion.objects.annotate(t_goal=F("goal_id"))
    depth = OrganisationalUnit.objects.aggregate(deepest=Max("depth"))["deepest"] or 0
    for year in (any_, by_year):
        # The whole city; no unit recorded; each territory (or none).
        _insert_tally(rows.annotate(t_unit=any_, t_territory=any_, t_year=year))
        _insert_tally(
            rows.filter(unit__isnull=True).annotate(t_unit=none, t_territory=any_, t_year=year)
        )
        _insert_tally(
            rows.annotate(
                t_unit=any_,
                t_territory=Coalesce("territory_id", none, output_field=IntegerField()),
                t_year=year,
            )
        )
        # Each unit with its subtree: rows of units at that depth or below, by ancestor.
        for level in range(1, depth + 1):
            _insert_tally(
                rows.filter(unit__depth__gte=level).annotate(
                    t_unit=Substr("unit__path", 1, steplen * level),
                    t_territory=any_,
                    t_year=year,
                ),
                by_branch=True,
            )
    return GoalTally.objects.count()


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
