"""The learning part of a person's data (see ``lms.personal_data``), registered in
``EnrollmentsConfig.ready()``: their enrolments and their places on waiting lists.

An app above this one adds to each enrolment's entry with ``register_enrolment_part``
(``certificates`` adds the enrolment's certificate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lms.models import User
from lms.personal_data import label, when

from .models import Enrollment, WaitingListEntry
from .services import goal_completions_refresh

EnrolmentPart = Callable[[list[Enrollment]], dict[int, Any]]

_enrolment_parts: dict[str, EnrolmentPart] = {}


def register_enrolment_part(key: str, *, export: EnrolmentPart) -> None:
    """Add ``key`` to every enrolment in the download; call it from ``AppConfig.ready()``.

    ``export(enrollments)`` reads all of the person's enrolments at once and returns
    ``{enrolment id: data}``; an enrolment it has nothing for gets None.
    """
    _enrolment_parts[key] = export


def _enrolment(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "course": enrollment.course.title,
        "class": enrollment.course_class.code if enrollment.course_class else None,
        "enrolled_at": when(enrollment.enrolled_at),
        "cancelled_at": when(enrollment.cancelled_at),
        "completed_at": when(enrollment.completed_at),
        "unit_at_completion": label(enrollment.completion_unit),
        "territory_at_completion": label(enrollment.completion_territory),
        "withdrawn_from_indicators_at": when(enrollment.withdrawn_at),
        "lessons_read": [
            {"lesson": p.lesson.title, "completed_at": when(p.completed_at)}
            for p in enrollment.lesson_progress.all()
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "score": a.score,
                "passed": a.passed,
                "submitted_at": when(a.submitted_at),
                "answers": a.answers,
            }
            for a in enrollment.quiz_attempts.all()
        ],
        "attendance": [
            {"session": when(a.session.date), "status": a.status, "marked_at": when(a.marked_at)}
            for a in enrollment.attendance.all()
        ],
    }


def enrolments_export(user: User) -> list[dict[str, Any]]:
    enrolments = list(
        Enrollment.objects.filter(user=user)
        .select_related("course", "course_class", "completion_unit", "completion_territory")
        .prefetch_related("lesson_progress__lesson", "quiz_attempts__quiz", "attendance__session")
        .order_by("enrolled_at", "pk")
    )
    parts = {key: export(enrolments) for key, export in _enrolment_parts.items()}
    return [
        {**_enrolment(e), **{key: found.get(e.pk) for key, found in parts.items()}}
        for e in enrolments
    ]


def enrolments_erase(user: User) -> None:
    """The enrolments stay: their completions still count in the plan's figures, by account
    and as the unit, territory and date each completion keeps. The indicators are refreshed
    once, in the erasure's transaction, from what the enrolments now hold."""
    goal_completions_refresh(
        enrollment_ids=Enrollment.objects.filter(user=user).values_list("pk", flat=True)
    )


def waiting_lists_export(user: User) -> list[dict[str, Any]]:
    return [
        {"class": w.course_class.code, "joined_at": when(w.joined_at)}
        for w in WaitingListEntry.objects.filter(user=user).select_related("course_class")
    ]


def waiting_lists_erase(user: User) -> None:
    WaitingListEntry.objects.filter(user=user).delete()
