"""In-person classes: seats and the waiting list, attendance, and closing a class.

A person is in a class through their one ``Enrollment`` of the course (``course_class``), so
whatever completes a class completes the course through ``services.enrollment_complete``, the
same completion an online course makes: certificates and indicators follow by themselves.

Rules (docs/decisions.md):

- Seats are the class's active enrolments. A full class puts people on its waiting list; a
  seat that frees (someone leaves, the capacity grows) goes at once to the first in line.
- Attendance is the share of the class's sessions marked *present*. A justified absence is
  recorded and printed, but it is not presence.
- Closing a class needs every session to have attendance; it completes, exactly once, each
  attendee at or above the course's minimum attendance (and, for blended courses, with the
  online part done; one who finishes it later completes then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Modality
from lms.celery import queue_after_commit
from lms.models import User
from lms.roles import Role
from lms.scopes import manager_scope, user_has_role

from .models import (
    Attendance,
    AttendanceStatus,
    ClassSession,
    ClassStatus,
    CourseClass,
    Enrollment,
    WaitingListEntry,
)
from .services import LearningError, enrollment_evaluate
from .tasks import seat_offered

# A class that has not closed holds its people's seats.
OPEN_CLASS_STATUSES = [ClassStatus.PLANNED, ClassStatus.OPEN, ClassStatus.RUNNING]


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- Who may run a class -----------------------------------------------------------------------


def may_run_classes(user: User) -> bool:
    """Trainers, managers and administrators have a trainer area."""
    return user.is_authenticated and (
        manager_scope(user) is not None or user_has_role(user, Role.TRAINER)
    )


def classes_run_by(user: User):
    """The classes ``user`` may run: every class for administrators and city-wide managers,
    the classes they teach for anyone else (trainers, and managers of a unit: a class is open
    to servants of every unit, so its roster is for those who teach it)."""
    if not user.is_authenticated:
        return CourseClass.objects.none()
    scope = manager_scope(user)
    if scope is not None and scope.is_city_wide:
        return CourseClass.objects.all()
    if scope is not None or user_has_role(user, Role.TRAINER):
        return CourseClass.objects.filter(trainers=user)
    return CourseClass.objects.none()


def may_run(user: User, course_class: CourseClass) -> bool:
    return classes_run_by(user).filter(pk=course_class.pk).exists()


# --- Seats and the waiting list ----------------------------------------------------------------


class Placement(StrEnum):
    ENROLLED = "enrolled"
    ALREADY = "already"
    WAITING = "waiting"
    ALREADY_WAITING = "already_waiting"


def seats_taken(course_class: CourseClass) -> int:
    return Enrollment.objects.active().filter(course_class=course_class).count()


def _locked(course_class: CourseClass) -> CourseClass:
    return (
        CourseClass.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=course_class.pk)
    )


def _seat(course_class: CourseClass, user: User, now: datetime) -> Enrollment:
    """Give ``user`` a seat: their enrolment of the course, now in this class."""
    enrollment = Enrollment.objects.filter(user=user, course=course_class.course).first()
    if enrollment is None:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    user=user,
                    course=course_class.course,
                    course_class=course_class,
                    enrolled_at=now,
                )
        except IntegrityError:
            enrollment = Enrollment.objects.get(user=user, course=course_class.course)
    if enrollment.course_class_id != course_class.pk or not enrollment.is_active:
        enrollment.course_class = course_class
        enrollment.cancelled_at = None
        enrollment.save(update_fields=["course_class", "cancelled_at"])
    # Seated in one class of the course, they wait for none of its classes any more.
    WaitingListEntry.objects.filter(course_class__course=course_class.course, user=user).delete()
    return enrollment


def class_enrol(
    *,
    course_class: CourseClass,
    user: User,
    by_staff: bool = False,
    now: datetime | None = None,
) -> Placement:
    """Put ``user`` in the class, or on its waiting list when it is full. Idempotent.

    Learners enrol themselves only while the class is open; trainers and managers
    (``by_staff``) may place people in any class that is not closed.
    """
    now = _now(now)
    with transaction.atomic():
        course_class = _locked(course_class)
        course = course_class.course
        if course_class.is_closed:
            raise LearningError(_("This class is closed."))
        if not by_staff and course_class.status != ClassStatus.OPEN:
            raise LearningError(_("This class is not open for enrolment."))
        if not course.live:
            raise LearningError(_("This course is not published."))
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
        if enrollment is not None and enrollment.is_completed:
            raise LearningError(_("This person has already completed this course."))
        if enrollment is not None and enrollment.is_active and enrollment.course_class_id:
            if enrollment.course_class_id == course_class.pk:
                return Placement.ALREADY
            other = enrollment.course_class
            if not other.is_closed:
                raise LearningError(
                    _("Already in class %(code)s of this course: leave it first.")
                    % {"code": other.code}
                )
        if seats_taken(course_class) < course_class.capacity:
            _seat(course_class, user, now)
            return Placement.ENROLLED
        _entry, created = WaitingListEntry.objects.get_or_create(
            course_class=course_class, user=user, defaults={"joined_at": now}
        )
        return Placement.WAITING if created else Placement.ALREADY_WAITING


def class_leave(*, enrollment: Enrollment, now: datetime | None = None) -> Enrollment:
    """Give up a seat. The seat goes to the first on the waiting list."""
    now = _now(now)
    with transaction.atomic():
        course_class = _locked(enrollment.course_class)
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.is_completed:
            raise LearningError(_("You completed this course; its record stays in your history."))
        if course_class.is_closed:
            raise LearningError(_("This class is closed."))
        if enrollment.course.modality == Modality.BLENDED:
            # The online part goes on; only the seat is given up.
            enrollment.course_class = None
            enrollment.save(update_fields=["course_class"])
        else:
            enrollment.cancelled_at = now
            enrollment.save(update_fields=["cancelled_at"])
        Attendance.objects.filter(enrollment=enrollment).delete()
        waiting_list_promote(course_class=course_class, now=now)
    return enrollment


def waiting_list_leave(*, course_class: CourseClass, user: User) -> bool:
    deleted, _rows = WaitingListEntry.objects.filter(course_class=course_class, user=user).delete()
    return bool(deleted)


def waiting_list_position(course_class: CourseClass, user: User) -> int | None:
    entry = WaitingListEntry.objects.filter(course_class=course_class, user=user).first()
    if entry is None:
        return None
    ahead = WaitingListEntry.objects.filter(course_class=course_class).filter(
        Q(joined_at__lt=entry.joined_at) | Q(joined_at=entry.joined_at, pk__lt=entry.pk)
    )
    return ahead.count() + 1


def waiting_list_promote(*, course_class: CourseClass, now: datetime | None = None) -> list[User]:
    """Fill free seats from the waiting list, first come first served; tell each person."""
    now = _now(now)
    promoted: list[User] = []
    with transaction.atomic():
        course_class = _locked(course_class)
        if course_class.is_closed:
            return promoted
        free = course_class.capacity - seats_taken(course_class)
        for entry in course_class.waiting_list.select_related("user"):
            if free <= 0:
                break
            existing = Enrollment.objects.filter(user=entry.user, course=course_class.course)
            elsewhere = existing.filter(
                cancelled_at__isnull=True,
                course_class__isnull=False,
                course_class__status__in=OPEN_CLASS_STATUSES,
            ).exclude(course_class=course_class)
            if existing.filter(completed_at__isnull=False).exists() or elsewhere.exists():
                entry.delete()  # completed, or seated in another class meanwhile
                continue
            enrollment = _seat(course_class, entry.user, now)
            free -= 1
            promoted.append(entry.user)
            queue_after_commit(seat_offered, enrollment.pk)
    return promoted


# --- Attendance --------------------------------------------------------------------------------


def attendance_mark(
    *,
    session: ClassSession,
    enrollment: Enrollment,
    status: str,
    by: User | None,
    now: datetime | None = None,
) -> Attendance:
    """Record one person's attendance at one session (saved per click; editable until the
    class closes)."""
    if status not in AttendanceStatus.values:
        raise LearningError(_("Choose present, absent or justified absence."))
    with transaction.atomic():
        course_class = _locked(session.course_class)
        if course_class.is_closed:
            raise LearningError(_("This class is closed: its attendance can no longer change."))
        if enrollment.course_class_id != course_class.pk or not enrollment.is_active:
            raise LearningError(_("This person is not in this class."))
        attendance, _created = Attendance.objects.update_or_create(
            session=session,
            enrollment=enrollment,
            defaults={"status": status, "marked_at": _now(now), "marked_by": by},
        )
    return attendance


@dataclass
class AttendeeRow:
    enrollment: Enrollment
    present: int
    justified: int
    sessions: int
    minimum: int
    by_session: dict[int, str] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.sessions) if self.sessions else 0

    @property
    def meets_minimum(self) -> bool:
        return bool(self.sessions) and 100 * self.present >= self.minimum * self.sessions


def class_roster(course_class: CourseClass) -> list[AttendeeRow]:
    """The class's people with their attendance, in a fixed number of queries."""
    sessions = list(course_class.sessions.values_list("pk", flat=True))
    enrollments = list(
        Enrollment.objects.active()
        .filter(course_class=course_class)
        .select_related("user", "user__unit")
        .order_by("user__full_name", "user__email")
    )
    marks: dict[int, dict[int, str]] = {}
    for enrollment_id, session_id, status in Attendance.objects.filter(
        session__course_class=course_class
    ).values_list("enrollment_id", "session_id", "status"):
        marks.setdefault(enrollment_id, {})[session_id] = status
    rows = []
    for enrollment in enrollments:
        by_session = marks.get(enrollment.pk, {})
        rows.append(
            AttendeeRow(
                enrollment=enrollment,
                present=sum(s == AttendanceStatus.PRESENT for s in by_session.values()),
                justified=sum(s == AttendanceStatus.JUSTIFIED for s in by_session.values()),
                sessions=len(sessions),
                minimum=course_class.course.min_attendance,
                by_session=by_session,
            )
        )
    rows.sort(key=lambda row: row.enrollment.user.display_name.casefold())
    return rows


def class_attendance_met(enrollment: Enrollment) -> bool:
    """Whether the enrolment's class is closed and attended at least the course's minimum."""
    course_class = enrollment.course_class
    if course_class is None or not course_class.is_closed:
        return False
    sessions = course_class.sessions.count()
    present = Attendance.objects.filter(
        enrollment=enrollment,
        session__course_class=course_class,
        status=AttendanceStatus.PRESENT,
    ).count()
    return bool(sessions) and 100 * present >= enrollment.course.min_attendance * sessions


# --- Closing -----------------------------------------------------------------------------------


@dataclass
class CloseReport:
    completed: list[Enrollment] = field(default_factory=list)
    not_completed: list[Enrollment] = field(default_factory=list)


def sessions_without_attendance(course_class: CourseClass):
    """Sessions where nobody still in the class has a mark."""
    current = Q(
        attendance__enrollment__course_class=course_class,
        attendance__enrollment__cancelled_at__isnull=True,
    )
    return course_class.sessions.annotate(marks=Count("attendance", filter=current)).filter(marks=0)


def class_close(
    *, course_class: CourseClass, by: User | None = None, now: datetime | None = None
) -> CloseReport:
    """Close the class and complete everyone who met the rule, each exactly once."""
    now = _now(now)
    report = CloseReport()
    with transaction.atomic():
        course_class = _locked(course_class)
        if course_class.is_closed:
            raise LearningError(_("This class is already closed."))
        if not course_class.sessions.exists():
            raise LearningError(_("This class has no sessions: add them before closing it."))
        has_people = Enrollment.objects.active().filter(course_class=course_class).exists()
        missing = list(sessions_without_attendance(course_class)) if has_people else []
        if missing:
            raise LearningError(
                _("Take the attendance of every session before closing. Missing: %(sessions)s.")
                % {"sessions": ", ".join(str(session) for session in missing)}
            )
        course_class.status = ClassStatus.CLOSED
        course_class.closed_at = now
        course_class.save(update_fields=["status", "closed_at"])
        course_class.waiting_list.all().delete()
        for enrollment in (
            Enrollment.objects.active()
            .filter(course_class=course_class)
            .select_related("user")
            .order_by("pk")
        ):
            if enrollment.is_completed:
                continue
            if enrollment_evaluate(enrollment=enrollment, now=now):
                report.completed.append(enrollment)
            else:
                report.not_completed.append(enrollment)
    return report


def class_dates_text(course_class: CourseClass) -> str:
    """The class's dates as a certificate prints them: "03/03/2026 a 24/03/2026"."""
    dates = sorted({session.date for session in course_class.sessions.all()})
    if not dates:
        return ""
    if len(dates) == 1:
        return f"{dates[0]:%d/%m/%Y}"
    return _("%(first)s to %(last)s") % {
        "first": f"{dates[0]:%d/%m/%Y}",
        "last": f"{dates[-1]:%d/%m/%Y}",
    }


def people_who_may_join(course_class: CourseClass) -> QuerySet[User]:
    """Active people who may still take the course in this class: not those who completed
    it, nor those seated in another class of it that has not closed."""
    taken = (
        Enrollment.objects.filter(course_id=course_class.course_id)
        .filter(
            Q(completed_at__isnull=False)
            | Q(cancelled_at__isnull=True, course_class__status__in=OPEN_CLASS_STATUSES)
        )
        .exclude(course_class=course_class, completed_at__isnull=True)
    )
    return User.objects.filter(is_active=True).exclude(pk__in=taken.values("user_id"))


def people_search(query: str, *, user: User, course_class: CourseClass) -> QuerySet[User]:
    """The people ``user`` may place in ``course_class`` that ``query`` finds.

    Managers and administrators search their scope by name, registration number or e-mail.
    Whoever else runs the class (a trainer) finds a person only by their exact registration
    number or e-mail, and only one who may still take the course (``people_who_may_join``):
    enough to seat whoever comes to the room, not to browse the city's staff. Anyone out of
    reach is not found, exactly like nobody. Placing someone goes through this same search.
    """
    query = query.replace("\x00", "").strip()  # PostgreSQL refuses NUL in any text
    scope = manager_scope(user)
    if scope is not None:
        if len(query) < 2:
            return User.objects.none()
        people = (
            scope.people()
            .filter(is_active=True)
            .filter(
                Q(full_name__icontains=query)
                | Q(social_name__icontains=query)
                | Q(registration_number__iexact=query)
                | Q(email__iexact=query)
            )
        )
    elif query:
        people = people_who_may_join(course_class).filter(
            Q(registration_number=query) | Q(email__iexact=query)
        )
    else:
        return User.objects.none()
    return people.select_related("unit").order_by("full_name", "email")
