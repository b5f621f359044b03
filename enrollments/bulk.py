"""Bulk enrolment: a list of people, or a whole unit subtree, into a course or a class.

Preview first (``bulk_enrolment_preview``: who would be enrolled, who already is, who was not
found), then ``bulk_enrolment_apply`` on confirmation, which decides again against the
database as it is then, in one transaction. Applying twice enrols nobody twice.

A manager reaches the people of their scope; a trainer (for the classes they run) reaches
only those the list names who may still take the course in that class
(``classes.people_who_may_join``), as when placing one person. Whoever is outside reach counts
as not found, so a list never reveals who exists, or who has trained, outside one's reach.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from lms.models import OrganisationalUnit, User
from lms.scopes import manager_scope
from lms.tabular import TableError, open_table

from . import classes
from .models import BulkEnrolment, CourseClass, Enrollment, WaitingListEntry
from .services import LearningError

IDENTIFIER_COLUMNS = {
    "registration_number": (
        "Matrícula",
        "Matricula",
        "RF",
        "Registro funcional",
        "Registration number",
    ),
    "email": ("E-mail", "Email", "Correio eletrônico"),
}
MAX_ROWS = 200_000
_BATCH = 1000


class BulkOutcome:
    ENROLLED = "enrolled"
    ALREADY = "already"
    WAITING = "waiting"
    NO_SEAT = "no_seat"
    OTHER_CLASS = "other_class"
    NOT_FOUND = "not_found"


def people_reachable(user: User, course_class: CourseClass | None):
    scope = manager_scope(user)
    if scope is not None:
        return scope.people().filter(is_active=True)
    if course_class is not None and classes.may_run(user, course_class):
        return classes.people_who_may_join(course_class)
    return User.objects.none()


def identifiers_from_file(file, *, filename: str) -> list[str]:
    """Registration numbers or e-mails of a CSV/XLSX list, in file order, without repeats."""
    seen: dict[str, None] = {}
    with open_table(file, columns=IDENTIFIER_COLUMNS, filename=filename) as table:
        if not table.columns:
            raise TableError(
                _("The list needs a column “Matrícula” or “E-mail” in its first line.")
            )
        for _line, row in table:
            value = row.get("registration_number") or row.get("email") or ""
            value = value.strip()
            if value:
                seen.setdefault(value.lower() if "@" in value else value)
            if len(seen) > MAX_ROWS:
                raise TableError(
                    _("The list has more than %(max)s people: split it.") % {"max": MAX_ROWS}
                )
    if not seen:
        raise TableError(_("The list has no registration number or e-mail."))
    return list(seen)


def _resolve(identifiers: list[str], reachable) -> tuple[list[int], list[str]]:
    found: list[int] = []
    missing: list[str] = []
    for start in range(0, len(identifiers), _BATCH):
        batch = identifiers[start : start + _BATCH]
        emails = [v for v in batch if "@" in v]
        numbers = [v for v in batch if "@" not in v]
        people = reachable.annotate(email_lower=Lower("email")).filter(
            Q(registration_number__in=numbers) | Q(email_lower__in=emails)
        )
        by_key = {}
        for pk, number, email in people.values_list("pk", "registration_number", "email_lower"):
            by_key[number] = pk
            by_key[email] = pk
        for value in batch:
            if value in by_key:
                found.append(by_key[value])
            else:
                missing.append(value)
    return list(dict.fromkeys(found)), missing


def bulk_enrolment_preview(
    *,
    requested_by: User,
    course: CoursePage,
    course_class: CourseClass | None = None,
    identifiers: list[str] | None = None,
    unit: OrganisationalUnit | None = None,
    source: str,
) -> BulkEnrolment:
    """Resolve the list and keep it for confirmation; nothing is enrolled yet."""
    if course_class is not None and course_class.course_id != course.pk:
        raise LearningError(_("This class is not of the chosen course."))
    reachable = people_reachable(requested_by, course_class)
    if unit is not None:
        user_ids = list(reachable.in_unit_subtree(unit).order_by("pk").values_list("pk", flat=True))
        missing: list[str] = []
    else:
        user_ids, missing = _resolve(identifiers or [], reachable)
    bulk = BulkEnrolment.objects.create(
        requested_by=requested_by,
        course=course,
        course_class=course_class,
        unit=unit,
        source=source[:300],
        user_ids=user_ids,
        not_found=missing,
    )
    bulk.report = plan(bulk)
    bulk.save(update_fields=["report"])
    return bulk


@dataclass
class Plan:
    outcomes: dict[str, list[int]] = field(default_factory=dict)

    def add(self, outcome: str, user_id: int) -> None:
        self.outcomes.setdefault(outcome, []).append(user_id)


def _decide(bulk: BulkEnrolment, user_ids: Iterable[int]) -> Plan:
    """What applying would do to each person, against the database as it is now."""
    decided = Plan()
    course, course_class = bulk.course, bulk.course_class
    user_ids = list(user_ids)
    existing = {}
    for start in range(0, len(user_ids), _BATCH):
        for enrollment in Enrollment.objects.filter(
            course=course, user_id__in=user_ids[start : start + _BATCH]
        ).select_related("course_class"):
            existing[enrollment.user_id] = enrollment
    waiting = set()
    if course_class is not None:
        waiting = set(
            WaitingListEntry.objects.filter(course_class=course_class).values_list(
                "user_id", flat=True
            )
        )
        free = course_class.capacity - classes.seats_taken(course_class)
    elif course.capacity is not None:
        free = course.capacity - Enrollment.objects.active().filter(course=course).count()
    else:
        free = None
    for user_id in user_ids:
        enrollment = existing.get(user_id)
        if enrollment is not None and enrollment.is_completed:
            decided.add(BulkOutcome.ALREADY, user_id)
            continue
        if enrollment is not None and enrollment.is_active:
            if course_class is None or enrollment.course_class_id == course_class.pk:
                decided.add(BulkOutcome.ALREADY, user_id)
                continue
            if enrollment.course_class_id and not enrollment.course_class.is_closed:
                decided.add(BulkOutcome.OTHER_CLASS, user_id)
                continue
        if free is not None and free <= 0:
            if course_class is not None:
                decided.add(
                    BulkOutcome.ALREADY if user_id in waiting else BulkOutcome.WAITING, user_id
                )
            else:
                decided.add(BulkOutcome.NO_SEAT, user_id)
            continue
        decided.add(BulkOutcome.ENROLLED, user_id)
        if free is not None:
            free -= 1
    return decided


def plan(bulk: BulkEnrolment) -> dict:
    counts = {key: len(ids) for key, ids in _decide(bulk, bulk.user_ids).outcomes.items()}
    counts[BulkOutcome.NOT_FOUND] = len(bulk.not_found)
    return {"counts": counts}


def bulk_enrolment_apply(*, bulk: BulkEnrolment, now: datetime | None = None) -> BulkEnrolment:
    """Enrol the list as decided now, in one transaction. A second call changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        bulk = BulkEnrolment.objects.select_for_update().get(pk=bulk.pk)
        if bulk.status == BulkEnrolment.Status.APPLIED:
            return bulk
        course_class = bulk.course_class
        if course_class is not None:
            course_class = CourseClass.objects.select_for_update().get(pk=course_class.pk)
            if course_class.is_closed:
                raise LearningError(_("This class is closed."))
        else:
            CoursePage.objects.select_for_update(of=("self",)).get(pk=bulk.course_id)
        if not bulk.course.live:
            raise LearningError(_("This course is not published."))
        # Whoever the requester no longer reaches (scope narrowed, class handed over) is left out.
        reachable = set(
            people_reachable(bulk.requested_by, course_class).values_list("pk", flat=True)
        )
        decided = _decide(bulk, [uid for uid in bulk.user_ids if uid in reachable])
        enrol = decided.outcomes.get(BulkOutcome.ENROLLED, [])
        existing = {}
        for start in range(0, len(enrol), _BATCH):
            for enrollment in Enrollment.objects.filter(
                course=bulk.course, user_id__in=enrol[start : start + _BATCH]
            ):
                existing[enrollment.user_id] = enrollment
        new = [
            Enrollment(user_id=uid, course=bulk.course, course_class=course_class, enrolled_at=now)
            for uid in enrol
            if uid not in existing
        ]
        Enrollment.objects.bulk_create(new, batch_size=_BATCH)
        for enrollment in existing.values():
            enrollment.cancelled_at = None
            if course_class is not None:
                enrollment.course_class = course_class
        Enrollment.objects.bulk_update(
            existing.values(), ["cancelled_at", "course_class"], batch_size=_BATCH
        )
        if course_class is not None:
            for start in range(0, len(enrol), _BATCH):
                WaitingListEntry.objects.filter(
                    course_class=course_class, user_id__in=enrol[start : start + _BATCH]
                ).delete()
            WaitingListEntry.objects.bulk_create(
                [
                    WaitingListEntry(course_class=course_class, user_id=uid, joined_at=now)
                    for uid in decided.outcomes.get(BulkOutcome.WAITING, [])
                ],
                ignore_conflicts=True,
            )
        bulk.report = {
            "counts": {
                **{key: len(ids) for key, ids in decided.outcomes.items()},
                BulkOutcome.NOT_FOUND: len(bulk.not_found),
            },
            "outcomes": decided.outcomes,
        }
        bulk.status = BulkEnrolment.Status.APPLIED
        bulk.applied_at = now
        bulk.save(update_fields=["report", "status", "applied_at"])
    return bulk


def bulk_report_rows(bulk: BulkEnrolment, *, with_email: bool = True):
    """(name, registration number, e-mail, outcome key) for each person, then the not found.

    Without ``with_email`` (a trainer's list), e-mails the list did not give stay out."""
    outcomes = bulk.report.get("outcomes") or _decide(bulk, bulk.user_ids).outcomes
    by_user = {uid: key for key, ids in outcomes.items() for uid in ids}
    ids = list(by_user)
    for start in range(0, len(ids), _BATCH):
        people = User.objects.filter(pk__in=ids[start : start + _BATCH]).only(
            "full_name", "social_name", "email", "registration_number"
        )
        for person in people.order_by("full_name", "email"):
            email = person.email if with_email else ""
            yield person.display_name, person.registration_number, email, by_user[person.pk]
    for value in bulk.not_found:
        yield "", value if "@" not in value else "", value if "@" in value else "", "not_found"
