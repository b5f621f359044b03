"""The trainer area (run a class from a phone) and the learner's class enrolment.

Light pages on purpose: attendance is taken in a room, on a phone, often on a slow
connection. Every button is a form that works without JavaScript; a small script saves each
click in the background instead of reloading the page.
"""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.models import AuditEvent
from lms.scopes import manager_scope
from lms.services import audit_record

from . import classes
from .classes import Placement
from .models import AttendanceStatus, ClassSession, ClassStatus, CourseClass, Enrollment
from .services import LearningError


def _posted_id(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _class_run_by(request: HttpRequest, pk: int) -> CourseClass:
    """The class, if the person asking may run it; 404 when it does not exist, else 403."""
    course_class = get_object_or_404(
        CourseClass.objects.select_related("course", "territory"), pk=pk
    )
    if not classes.may_run(request.user, course_class):
        raise PermissionDenied
    return course_class


@login_required
def my_classes(request: HttpRequest) -> HttpResponse:
    if not classes.may_run_classes(request.user):
        raise PermissionDenied
    runs = (
        classes.classes_run_by(request.user)
        .select_related("course")
        .annotate(
            people=Count(
                "enrollments", filter=Q(enrollments__cancelled_at__isnull=True), distinct=True
            ),
            session_count=Count("sessions", distinct=True),
        )
    )
    show_closed = request.GET.get("encerradas") == "1"
    if not show_closed:
        runs = runs.exclude(status=ClassStatus.CLOSED)
    return render(
        request,
        "enrollments/classes/my_classes.html",
        {"classes": runs.order_by("code"), "show_closed": show_closed},
    )


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = _class_run_by(request, pk)
    scope = manager_scope(request.user)
    query = request.GET.get("q", "")[:100]
    found = []
    if query:
        placed = set(
            Enrollment.objects.active()
            .filter(course_class=course_class)
            .values_list("user_id", flat=True)
        )
        people = classes.people_search(query, user=request.user, course_class=course_class)
        found = [(person, person.pk in placed) for person in people[:SEARCH_RESULTS]]
        _audit_search(request, course_class, query, [person.pk for person, _in in found])
    context = {
        "course_class": course_class,
        "sessions": list(course_class.sessions.annotate(marks=Count("attendance"))),
        "roster": classes.class_roster(course_class),
        "waiting": course_class.waiting_list.select_related("user", "user__unit"),
        "query": query,
        "found": found,
        "searched": bool(query),
        "searches_by_name": scope is not None,
        "search_scope": (
            _("the whole city") if scope is None or scope.is_city_wide else str(scope.unit)
        ),
        "missing_attendance": list(classes.sessions_without_attendance(course_class)),
    }
    return render(request, "enrollments/classes/class_detail.html", context)


SEARCH_RESULTS = 20


def _audit_search(request: HttpRequest, course_class: CourseClass, query: str, found: list[int]):
    """Who looked for people, in which class, how, and whom they found (by account): never
    what was typed, which may be someone's name or e-mail."""
    audit_record(
        request=request,
        action=AuditEvent.Action.PEOPLE_SEARCH,
        description=_("Search for people to place in class %(code)s") % {"code": course_class.code},
        scope={
            "class": course_class.code,
            "by": "e-mail" if "@" in query else "text",
            "accounts": found,
        },
        rows=len(found),
    )


@login_required
@require_POST
def class_add_person(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = _class_run_by(request, pk)
    # Only someone the same search finds for this person may be placed: an id outside their
    # reach is an unknown id, with the same answer, naming nobody.
    query = request.POST.get("q", "")[:100]
    person = (
        classes.people_search(query, user=request.user, course_class=course_class)
        .filter(pk=_posted_id(request, "user"))
        .first()
    )
    if person is None:
        messages.error(request, _("Choose a person from the search results."))
        return redirect("class_detail", pk=pk)
    try:
        with transaction.atomic():
            placement = classes.class_enrol(course_class=course_class, user=person, by_staff=True)
            audit_record(
                request=request,
                action=AuditEvent.Action.CLASS_PERSON_ADDED,
                description=_("Person placed in class %(code)s") % {"code": course_class.code},
                scope={"class": course_class.code, "account": person.pk, "result": placement},
                rows=1,
            )
    except LearningError as error:
        messages.error(request, f"{person.display_name}: {error.message}")
    else:
        messages.success(request, _placement_message(placement, person.display_name))
    return redirect("class_detail", pk=pk)


def _placement_message(placement: Placement, name: str) -> str:
    return {
        Placement.ENROLLED: _("%(name)s is now in the class."),
        Placement.ALREADY: _("%(name)s was already in the class."),
        Placement.WAITING: _("The class is full: %(name)s is on the waiting list."),
        Placement.ALREADY_WAITING: _("%(name)s was already on the waiting list."),
    }[placement] % {"name": name}


@login_required
@require_POST
def class_remove_person(request: HttpRequest, pk: int, enrollment_id: int) -> HttpResponse:
    course_class = _class_run_by(request, pk)
    enrollment = get_object_or_404(
        Enrollment.objects.active().select_related("user"),
        pk=enrollment_id,
        course_class=course_class,
    )
    try:
        with transaction.atomic():
            classes.class_leave(enrollment=enrollment)
            audit_record(
                request=request,
                action=AuditEvent.Action.CLASS_PERSON_REMOVED,
                description=_("Person removed from class %(code)s") % {"code": course_class.code},
                scope={"class": course_class.code, "account": enrollment.user_id},
                rows=1,
            )
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s left the class.") % {"name": enrollment.user.display_name},
        )
    return redirect("class_detail", pk=pk)


@login_required
def attendance(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    course_class = _class_run_by(request, pk)
    session = get_object_or_404(ClassSession, pk=session_id, course_class=course_class)
    if request.method == "POST":
        return _attendance_save(request, course_class, session)
    sessions = list(course_class.sessions.all())
    index = next(i for i, s in enumerate(sessions) if s.pk == session.pk)
    return render(
        request,
        "enrollments/classes/attendance.html",
        {
            "course_class": course_class,
            "session": session,
            "rows": [
                (row, row.by_session.get(session.pk, ""))
                for row in classes.class_roster(course_class)
            ],
            "statuses": AttendanceStatus.choices,
            "previous": sessions[index - 1] if index > 0 else None,
            "next": sessions[index + 1] if index + 1 < len(sessions) else None,
            "number": index + 1,
            "total": len(sessions),
        },
    )


def _attendance_save(
    request: HttpRequest, course_class: CourseClass, session: ClassSession
) -> HttpResponse:
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    enrollment = (
        Enrollment.objects.filter(pk=_posted_id(request, "enrollment"), course_class=course_class)
        .select_related("user")
        .first()
    )
    try:
        if enrollment is None:
            raise LearningError(_("This person is not in this class."))
        mark = classes.attendance_mark(
            session=session,
            enrollment=enrollment,
            status=request.POST.get("status", ""),
            by=request.user,
        )
    except LearningError as error:
        if wants_json:
            return JsonResponse({"error": error.message}, status=HTTPStatus.BAD_REQUEST)
        messages.error(request, error.message)
        return redirect("class_attendance", pk=course_class.pk, session_id=session.pk)
    saved = _("Saved: %(name)s, %(status)s.") % {
        "name": enrollment.user.display_name,
        "status": mark.get_status_display().lower(),
    }
    if wants_json:
        return JsonResponse({"status": mark.status, "message": saved})
    messages.success(request, saved)
    url = reverse("class_attendance", args=[course_class.pk, session.pk])
    return redirect(f"{url}#pessoa-{enrollment.pk}")


@login_required
@require_POST
def class_close(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = _class_run_by(request, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the confirmation box to close the class."))
        return redirect("class_detail", pk=pk)
    try:
        with transaction.atomic():
            status_before = course_class.status
            report = classes.class_close(course_class=course_class, by=request.user)
            audit_record(
                request=request,
                action=AuditEvent.Action.CLASS_CLOSED,
                description=_("Class %(code)s closed") % {"code": course_class.code},
                scope={
                    "model": "enrollments.courseclass",
                    "class": course_class.code,
                    "completed": len(report.completed),
                    "not_completed": len(report.not_completed),
                },
                rows=len(report.completed),
                changes={"status": [status_before, ClassStatus.CLOSED.value]},
            )
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Class closed: %(completed)s completed the course; %(not)s did not reach the "
                "requirements."
            )
            % {"completed": len(report.completed), "not": len(report.not_completed)},
        )
    return redirect("class_detail", pk=pk)


@login_required
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    from .class_pdf import attendance_sheet_pdf

    course_class = _class_run_by(request, pk)
    audit_record(
        request=request,
        action=AuditEvent.Action.EXPORT,
        description=_("Attendance sheet of class %(code)s (PDF)") % {"code": course_class.code},
        scope={"class": course_class.code},
        rows=Enrollment.objects.active().filter(course_class=course_class).count(),
    )
    response = HttpResponse(attendance_sheet_pdf(course_class), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lista-presenca-{course_class.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Learners ----------------------------------------------------------------------------------


@login_required
@require_POST
def class_join(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = get_object_or_404(CourseClass.objects.select_related("course"), pk=pk)
    try:
        placement = classes.class_enrol(course_class=course_class, user=request.user)
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            {
                Placement.ENROLLED: _("You are enrolled in class %(code)s."),
                Placement.ALREADY: _("You are already in class %(code)s."),
                Placement.WAITING: _(
                    "Class %(code)s is full: you are on its waiting list and will get an "
                    "e-mail if a seat frees up."
                ),
                Placement.ALREADY_WAITING: _("You are already on the waiting list of %(code)s."),
            }[placement]
            % {"code": course_class.code},
        )
    return redirect(course_class.course.url + "#turmas")


@login_required
@require_POST
def class_quit(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = get_object_or_404(CourseClass.objects.select_related("course"), pk=pk)
    enrollment = (
        Enrollment.objects.active().filter(user=request.user, course_class=course_class).first()
    )
    if enrollment is not None:
        try:
            classes.class_leave(enrollment=enrollment)
        except LearningError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You left class %(code)s.") % {"code": course_class.code})
    elif classes.waiting_list_leave(course_class=course_class, user=request.user):
        messages.success(
            request, _("You left the waiting list of %(code)s.") % {"code": course_class.code}
        )
    else:
        messages.info(request, _("You are not in this class."))
    return redirect(course_class.course.url + "#turmas")
