"""In-person classes: seats and the waiting list, attendance, closing, and who may do what.

Everything goes through the real services and views; a class completion must be the same
completion as an online one, so the certificate and the indicators follow by themselves.
"""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from enrollments import classes, services
from enrollments.models import (
    Attendance,
    ClassSession,
    ClassStatus,
    CourseClass,
    Enrollment,
    GoalCompletion,
    WaitingListEntry,
)
from enrollments.services import LearningError
from lms.roles import Role
from tests.conftest import pdf_text, quiz_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_class(make_course, make_person):
    def make(*, sessions=4, capacity=10, status=ClassStatus.OPEN, course=None, trainer=None, **kw):
        course = course or make_course(modality="in_person", lessons=0, quiz=False)
        course_class = CourseClass.objects.create(
            course=course,
            code=kw.pop("code", f"T-{course.pk}-{CourseClass.objects.count() + 1}"),
            place=kw.pop("place", "Rua Líbero Badaró, 425 – sala 3"),
            capacity=capacity,
            status=status,
            **kw,
        )
        for day in range(sessions):
            ClassSession.objects.create(
                course_class=course_class,
                date=datetime.date(2026, 3, 2) + datetime.timedelta(days=7 * day),
                starts_at=datetime.time(9),
                ends_at=datetime.time(12),
            )
        course_class.trainers.add(trainer or make_person(role=Role.TRAINER))
        return course_class

    return make


def mark_all(course_class, person_status: dict, by=None):
    """Mark every session: ``person_status`` maps a person to a list of statuses per session."""
    sessions = list(course_class.sessions.all())
    for person, statuses in person_status.items():
        enrollment = Enrollment.objects.get(user=person, course=course_class.course)
        for session, status in zip(sessions, statuses, strict=True):
            classes.attendance_mark(session=session, enrollment=enrollment, status=status, by=by)


# --- Seats and the waiting list ---------------------------------------------------------------


def test_learner_enrols_in_open_class_and_it_is_the_course_enrolment(make_class, make_person):
    course_class = make_class()
    person = make_person()
    assert classes.class_enrol(course_class=course_class, user=person) == classes.Placement.ENROLLED
    enrollment = Enrollment.objects.get(user=person, course=course_class.course)
    assert enrollment.course_class == course_class and enrollment.is_active
    # Again: nothing doubles.
    assert classes.class_enrol(course_class=course_class, user=person) == classes.Placement.ALREADY
    assert Enrollment.objects.filter(user=person).count() == 1


@pytest.mark.parametrize("status", [ClassStatus.PLANNED, ClassStatus.RUNNING, ClassStatus.CLOSED])
def test_learners_enrol_themselves_only_while_open(make_class, make_person, status):
    course_class = make_class(status=status)
    with pytest.raises(LearningError):
        classes.class_enrol(course_class=course_class, user=make_person())
    if status != ClassStatus.CLOSED:
        # Trainers may still place someone in a class that has not closed.
        placed = classes.class_enrol(course_class=course_class, user=make_person(), by_staff=True)
        assert placed == classes.Placement.ENROLLED


def test_full_class_waiting_list_promotes_first_in_line_when_a_seat_frees(
    make_class, make_person, django_capture_on_commit_callbacks
):
    course_class = make_class(capacity=2)
    first, second, third, fourth = (make_person() for _ in range(4))
    for person in (first, second):
        classes.class_enrol(course_class=course_class, user=person)
    now = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    assert (
        classes.class_enrol(course_class=course_class, user=third, now=now)
        == classes.Placement.WAITING
    )
    assert (
        classes.class_enrol(
            course_class=course_class, user=fourth, now=now + datetime.timedelta(minutes=1)
        )
        == classes.Placement.WAITING
    )
    assert classes.waiting_list_position(course_class, third) == 1
    assert classes.waiting_list_position(course_class, fourth) == 2
    assert not Enrollment.objects.filter(user=third).exists()

    with django_capture_on_commit_callbacks(execute=True):
        classes.class_leave(enrollment=Enrollment.objects.get(user=first))

    assert Enrollment.objects.active().get(user=third).course_class == course_class
    assert classes.seats_taken(course_class) == 2
    assert classes.waiting_list_position(course_class, third) is None
    assert classes.waiting_list_position(course_class, fourth) == 1
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert course_class.code in mail.outbox[0].subject


def test_more_capacity_promotes_the_waiting_list(make_class, make_person):
    course_class = make_class(capacity=1)
    classes.class_enrol(course_class=course_class, user=make_person())
    waiting = make_person()
    classes.class_enrol(course_class=course_class, user=waiting)
    course_class.capacity = 2
    course_class.save()
    classes.waiting_list_promote(course_class=course_class)
    assert Enrollment.objects.active().filter(user=waiting, course_class=course_class).exists()


def test_one_class_per_course_at_a_time(make_class, make_person, make_course):
    course = make_course(modality="in_person", lessons=0, quiz=False)
    morning, evening = make_class(course=course), make_class(course=course)
    person = make_person()
    classes.class_enrol(course_class=morning, user=person)
    with pytest.raises(LearningError, match=morning.code):
        classes.class_enrol(course_class=evening, user=person)
    classes.class_leave(enrollment=Enrollment.objects.get(user=person))
    classes.class_enrol(course_class=evening, user=person)
    assert Enrollment.objects.get(user=person).course_class == evening


def test_in_person_course_cannot_be_enrolled_online(make_course, make_person):
    course = make_course(modality="in_person", lessons=0, quiz=False)
    with pytest.raises(LearningError):
        services.enrollment_create(user=make_person(), course=course)


# --- Attendance and closing -------------------------------------------------------------------


def test_closing_completes_exactly_those_at_or_above_the_minimum(
    make_class, make_person, django_capture_on_commit_callbacks, make_goal
):
    course_class = make_class(sessions=4)  # minimum 75%: 3 of 4 sessions
    goal = make_goal("M01")
    course_class.course.plan_goals.add(goal)
    course_class.course.save_revision().publish()
    full, three, two_and_justified, absent = (make_person() for _ in range(4))
    for person in (full, three, two_and_justified, absent):
        classes.class_enrol(course_class=course_class, user=person)
    P, A, J = "present", "absent", "justified"
    mark_all(
        course_class,
        {
            full: [P, P, P, P],
            three: [P, A, P, P],
            two_and_justified: [P, J, P, A],  # a justified absence is not presence
            absent: [A, A, A, A],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = classes.class_close(course_class=course_class)

    completed = {e.user for e in report.completed}
    assert completed == {full, three}
    assert {e.user for e in report.not_completed} == {two_and_justified, absent}
    for person in (full, three):
        enrollment = Enrollment.objects.get(user=person)
        assert enrollment.completed_at is not None
        certificate = Certificate.objects.get(enrollment=enrollment)
        assert certificate.class_place == course_class.place
        assert certificate.class_dates == "02/03/2026 a 23/03/2026"
    assert not Certificate.objects.filter(enrollment__user__in=[two_and_justified, absent]).exists()
    assert GoalCompletion.objects.filter(goal=goal).count() == 2
    assert GoalCompletion.objects.filter(goal=goal, modality="in_person").count() == 2

    # Closing again does nothing twice; attendance is frozen.
    with pytest.raises(LearningError):
        classes.class_close(course_class=course_class)
    with pytest.raises(LearningError):
        classes.attendance_mark(
            session=course_class.sessions.first(),
            enrollment=Enrollment.objects.get(user=absent),
            status=P,
            by=None,
        )
    assert Certificate.objects.count() == 2
    assert course_class.waiting_list.count() == 0


def test_closing_needs_attendance_for_every_session(make_class, make_person):
    course_class = make_class(sessions=2)
    person = make_person()
    classes.class_enrol(course_class=course_class, user=person)
    enrollment = Enrollment.objects.get(user=person)
    classes.attendance_mark(
        session=course_class.sessions.first(), enrollment=enrollment, status="present", by=None
    )
    with pytest.raises(LearningError, match="02/03/2026|09/03/2026"):
        classes.class_close(course_class=course_class)
    course_class.refresh_from_db()
    assert course_class.status == ClassStatus.OPEN
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is None


def test_blended_course_needs_the_online_part_too_and_completes_when_it_is_done_later(
    make_class, make_course, make_person, django_capture_on_commit_callbacks
):
    from courses.models import LessonPage, QuizPage

    course = make_course(modality="blended", lessons=1, quiz=True)
    course_class = make_class(course=course, sessions=2)
    person = make_person()
    services.enrollment_create(user=person, course=course)
    lesson = LessonPage.objects.child_of(course).get()
    services.lesson_complete(user=person, lesson=lesson)
    classes.class_enrol(course_class=course_class, user=person)
    mark_all(course_class, {person: ["present", "present"]})
    with django_capture_on_commit_callbacks(execute=True):
        report = classes.class_close(course_class=course_class)
    assert report.completed == [] and len(report.not_completed) == 1
    quiz = QuizPage.objects.child_of(course).get()
    with django_capture_on_commit_callbacks(execute=True):
        services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    enrollment = Enrollment.objects.get(user=person)
    assert enrollment.completed_at is not None
    assert Certificate.objects.filter(enrollment=enrollment).exists()


def test_blended_learner_who_passed_online_is_not_complete_before_the_class(
    make_class, make_course, make_person
):
    from courses.models import QuizPage

    course = make_course(modality="blended", lessons=0, quiz=True)
    person = make_person()
    services.enrollment_create(user=person, course=course)
    quiz = QuizPage.objects.child_of(course).get()
    services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    assert Enrollment.objects.get(user=person).completed_at is None


def test_roster_reports_attendance_percent(make_class, make_person):
    course_class = make_class(sessions=4)
    person = make_person()
    classes.class_enrol(course_class=course_class, user=person)
    mark_all(course_class, {person: ["present", "absent", "present", "justified"]})
    (row,) = classes.class_roster(course_class)
    assert (row.present, row.justified, row.percent, row.meets_minimum) == (2, 1, 50, False)


# --- Views: the trainer area and the learner ----------------------------------------------------


def test_learner_enrols_from_the_course_page_and_sees_the_waiting_list(
    make_class, make_person, client
):
    course_class = make_class(capacity=1)
    first, second = make_person(), make_person()
    client.force_login(first)
    page = client.get(course_class.course.url)
    assert course_class.code in page.content.decode()
    response = client.post(reverse("class_join", args=[course_class.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert Enrollment.objects.active().filter(user=first, course_class=course_class).exists()

    client.force_login(second)
    client.post(reverse("class_join", args=[course_class.pk]))
    assert WaitingListEntry.objects.filter(user=second).exists()
    html = client.get(course_class.course.url).content.decode()
    assert "lista de espera" in html  # "You are number 1 on the waiting list."
    client.post(reverse("class_quit", args=[course_class.pk]))
    assert not WaitingListEntry.objects.filter(user=second).exists()


def test_trainer_takes_attendance_per_click_and_closes(make_class, make_person, client):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(sessions=1, trainer=trainer)
    person = make_person()
    classes.class_enrol(course_class=course_class, user=person)
    enrollment = Enrollment.objects.get(user=person)
    session = course_class.sessions.get()
    client.force_login(trainer)
    url = reverse("class_attendance", args=[course_class.pk, session.pk])
    assert person.display_name in client.get(url).content.decode()
    # The script's request: JSON back, saved at once.
    response = client.post(
        url,
        {"enrollment": enrollment.pk, "status": "present"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == HTTPStatus.OK and response.json()["status"] == "present"
    # Without JavaScript: the button's own form, then back to the list.
    response = client.post(url, {"enrollment": enrollment.pk, "status": "absent"})
    assert response.status_code == HTTPStatus.FOUND
    assert Attendance.objects.get().status == "absent"
    # Garbage never becomes a 500.
    for data in ({"enrollment": "x", "status": "present"}, {"enrollment": enrollment.pk}):
        bad = client.post(url, data, headers={"accept": "application/json"})
        assert bad.status_code == HTTPStatus.BAD_REQUEST and bad.json()["error"]
    client.post(url, {"enrollment": enrollment.pk, "status": "present"})
    # Closing needs the confirmation box.
    client.post(reverse("class_close", args=[course_class.pk]))
    assert CourseClass.objects.get(pk=course_class.pk).status == ClassStatus.OPEN
    client.post(reverse("class_close", args=[course_class.pk]), {"confirm": "1"})
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None


def test_attendance_sheet_pdf_lists_people_and_sessions(make_class, make_person, client):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(sessions=3, trainer=trainer)
    person = make_person(full_name="Amara Diallo", registration_number="8123456")
    classes.class_enrol(course_class=course_class, user=person)
    client.force_login(trainer)
    response = client.get(reverse("class_attendance_sheet", args=[course_class.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Amara Diallo" in text and "8123456" in text
    assert "02/03" in text and "16/03" in text
    assert "Assinatura" in text and course_class.code in text


def test_trainer_finds_and_adds_a_person_by_registration_number(make_class, make_person, client):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer)
    person = make_person(full_name="Yusuf Haddad", registration_number="7001234")
    client.force_login(trainer)
    html = client.get(reverse("class_detail", args=[course_class.pk]), {"q": "7001234"})
    assert "Yusuf Haddad" in html.content.decode()
    client.post(
        reverse("class_add_person", args=[course_class.pk]), {"user": person.pk, "q": "7001234"}
    )
    assert Enrollment.objects.get(user=person).course_class == course_class
    client.post(reverse("class_add_person", args=[course_class.pk]), {"user": "nope"})
    assert Enrollment.objects.count() == 1


def test_who_may_run_a_class(make_class, make_person, client):
    own_trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=own_trainer)
    learner = make_person()
    classes.class_enrol(course_class=course_class, user=learner)
    enrollment = Enrollment.objects.get(user=learner)
    session = course_class.sessions.first()
    urls_get = [
        reverse("class_detail", args=[course_class.pk]),
        reverse("class_attendance", args=[course_class.pk, session.pk]),
        reverse("class_attendance_sheet", args=[course_class.pk]),
        reverse("classes_admin:edit", args=[course_class.pk]),
    ]
    urls_post = [
        (
            reverse("class_attendance", args=[course_class.pk, session.pk]),
            {"enrollment": enrollment.pk, "status": "present"},
        ),
        (reverse("class_close", args=[course_class.pk]), {"confirm": "1"}),
        (reverse("class_add_person", args=[course_class.pk]), {"user": learner.pk}),
    ]
    for outsider in (learner, make_person(role=Role.TRAINER)):
        client.force_login(outsider)
        for url in urls_get:
            assert client.get(url).status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.FOUND}, url
        for url, data in urls_post:
            assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN, url
    assert not Attendance.objects.exists()
    assert CourseClass.objects.get(pk=course_class.pk).status == ClassStatus.OPEN
    client.force_login(learner)
    assert client.get(reverse("my_classes")).status_code == HTTPStatus.FORBIDDEN
    # The class's own trainer and any manager may.
    for insider in (own_trainer, make_person(role=Role.MANAGER)):
        client.force_login(insider)
        for url in urls_get:
            assert client.get(url).status_code == HTTPStatus.OK, url
    client.logout()
    assert client.get(urls_get[0]).status_code == HTTPStatus.FOUND  # to the log-in


def test_trainer_creates_a_class_with_sessions_in_the_admin(make_course, make_person, client):
    from lms.models import Territory

    trainer = make_person(role=Role.TRAINER)
    course = make_course(modality="in_person", lessons=0, quiz=False)
    client.force_login(trainer)
    data = {
        "course": course.pk,
        "code": "SMS-2026-01",
        "status": "open",
        "place": "UBS Bom Retiro, sala 2",
        "territory": Territory.objects.first().pk,
        "capacity": "20",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for i, day in enumerate(("2026-04-06", "2026-04-13")):
        data |= {
            f"sessions-{i}-date": day,
            f"sessions-{i}-starts_at": "09:00",
            f"sessions-{i}-ends_at": "12:00",
            f"sessions-{i}-ORDER": str(i + 1),
            f"sessions-{i}-DELETE": "",
            f"sessions-{i}-id": "",
        }
    response = client.post(reverse("classes_admin:add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    course_class = CourseClass.objects.get(code="SMS-2026-01")
    assert course_class.sessions.count() == 2
    assert list(course_class.trainers.all()) == [trainer]  # the creator runs it
    index = client.get(reverse("classes_admin:index")).content.decode()
    assert "SMS-2026-01" in index
    # An end before the start is refused with a message, not saved.
    data |= {"code": "SMS-2026-02", "sessions-0-ends_at": "08:00"}
    response = client.post(reverse("classes_admin:add"), data)
    assert response.status_code == HTTPStatus.OK
    assert not CourseClass.objects.filter(code="SMS-2026-02").exists()


@pytest.fixture
def blended_seat_given_up(make_class, make_course, make_person):
    """A blended course's one class seat, left by the person seated with someone waiting."""
    course = make_course(modality="blended", lessons=1, quiz=False)
    course_class = make_class(course=course, capacity=1)
    seated, waiting = make_person(), make_person()
    services.enrollment_create(user=seated, course=course)
    classes.class_enrol(course_class=course_class, user=seated)
    classes.class_enrol(course_class=course_class, user=waiting)
    services.enrollment_cancel(enrollment=Enrollment.objects.get(user=seated))
    return course, course_class, seated, waiting


def test_leaving_a_blended_course_frees_its_class_seat_for_the_waiting_list(
    blended_seat_given_up,
):
    _, course_class, _, waiting = blended_seat_given_up
    assert Enrollment.objects.active().get(course_class=course_class).user == waiting


def test_leaving_and_rejoining_a_blended_course_does_not_take_back_the_given_seat(
    blended_seat_given_up,
):
    course, course_class, seated, _ = blended_seat_given_up
    services.enrollment_create(user=seated, course=course)  # back online, not in the class
    assert classes.seats_taken(course_class) == 1
    assert Enrollment.objects.get(user=seated).course_class is None


def test_promotion_skips_someone_seated_in_another_class_meanwhile(
    make_class, make_course, make_person
):
    course = make_course(modality="in_person", lessons=0, quiz=False)
    full = make_class(course=course, capacity=1)
    other = make_class(course=course, capacity=5)
    first, person, next_in_line = make_person(), make_person(), make_person()
    classes.class_enrol(course_class=full, user=first)
    classes.class_enrol(course_class=full, user=person)  # waits for `full`
    classes.class_enrol(course_class=full, user=next_in_line)
    classes.class_enrol(course_class=other, user=person)  # takes a seat elsewhere
    assert classes.waiting_list_position(full, person) is None
    classes.class_leave(enrollment=Enrollment.objects.get(user=first))
    assert Enrollment.objects.get(user=person).course_class == other
    assert Enrollment.objects.active().get(course_class=full).user == next_in_line


def test_attendance_sheet_survives_markup_in_names_and_places(make_class, make_person, client):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer, place="Sala <2> & anexo")
    classes.class_enrol(course_class=course_class, user=make_person(full_name="Ana <b>Souza"))
    client.force_login(trainer)
    response = client.get(reverse("class_attendance_sheet", args=[course_class.pk]))
    assert response.status_code == HTTPStatus.OK
    text = pdf_text(response.content)
    assert "Sala <2> & anexo" in text and "Ana <b>Souza" in text


def test_a_unit_manager_finds_only_people_of_their_scope(
    make_class, make_person, client, organisation
):
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["sms"])
    course_class = make_class(trainer=manager)
    make_person(full_name="Zuleica Inside", unit=organisation["ubs"])
    make_person(full_name="Zuleica Outside", unit=organisation["dre"])
    client.force_login(manager)
    html = client.get(reverse("class_detail", args=[course_class.pk]), {"q": "Zuleica"})
    page = html.content.decode()
    assert "Zuleica Inside" in page and "Zuleica Outside" not in page


def test_a_session_with_attendance_cannot_be_removed_in_the_admin(make_class, make_person, client):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer, sessions=2)
    person = make_person()
    classes.class_enrol(course_class=course_class, user=person)
    first, second = course_class.sessions.all()
    classes.attendance_mark(
        session=first, enrollment=Enrollment.objects.get(user=person), status="present", by=None
    )
    data = {
        "course": course_class.course.pk,
        "code": course_class.code,
        "status": course_class.status,
        "place": course_class.place,
        "territory": "",
        "capacity": str(course_class.capacity),
        "trainers": [trainer.pk],
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "2",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for i, session in enumerate((first, second)):
        data |= {
            f"sessions-{i}-id": str(session.pk),
            f"sessions-{i}-date": session.date.isoformat(),
            f"sessions-{i}-starts_at": "09:00",
            f"sessions-{i}-ends_at": "12:00",
            f"sessions-{i}-ORDER": str(i + 1),
            f"sessions-{i}-DELETE": "1" if session == first else "",
        }
    client.force_login(trainer)
    response = client.post(reverse("classes_admin:edit", args=[course_class.pk]), data)
    assert response.status_code == HTTPStatus.OK
    assert course_class.sessions.count() == 2 and Attendance.objects.count() == 1


def test_a_course_page_with_many_classes_reads_them_in_the_same_queries(
    make_class, make_person, client
):
    """Seats left and a place on a waiting list are shown for every class, in a number of
    queries that does not grow with the classes."""
    first = make_class(capacity=1)
    course = first.course
    client.force_login(make_person())
    client.post(reverse("class_join", args=[first.pk]))
    waiting = make_person()
    client.force_login(waiting)
    client.post(reverse("class_join", args=[first.pk]))  # full: a place on its waiting list

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(course.url).content.decode()
        assert "lista de espera" in html
        return len(captured)

    queries()  # the message of the join shown, the site's roots read: what a first view does
    few = queries()
    for _ in range(5):
        make_class(course=course, capacity=3)
    assert queries() == few
