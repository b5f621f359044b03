"""Whom a trainer or a manager may find and place in a class (issue 19, findings 1 and 2).

A person named in a request (an id in a form, an identifier in a search, a line of a list)
resolves only inside the caller's reach: a manager's scope, or, for a trainer, the one person
whose exact registration number or e-mail they typed and who may still take the course. Out of
reach behaves exactly like unknown: same status, same message, nobody named. Every search,
placement and removal is audited.
"""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enrollments import bulk, classes
from enrollments.models import ClassSession, ClassStatus, CourseClass, Enrollment
from lms.models import AuditEvent
from lms.roles import Role

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def course(make_course):
    return make_course(modality="in_person", lessons=0, quiz=False, title="Acolhimento")


@pytest.fixture
def make_class(course):
    def make(*, trainer, code="T-01", **fields) -> CourseClass:
        course_class = CourseClass.objects.create(
            course=fields.pop("course", course),
            code=code,
            place="Rua Líbero Badaró, 425",
            capacity=10,
            status=ClassStatus.OPEN,
            **fields,
        )
        ClassSession.objects.create(
            course_class=course_class,
            date=datetime.date(2026, 3, 2),
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
        )
        course_class.trainers.add(trainer)
        return course_class

    return make


@pytest.fixture
def people(make_person, organisation):
    """Servants of two secretariats, one of whom already completed the course elsewhere."""
    return {
        "ubs": make_person(
            full_name="Daniela Ubs",
            registration_number="1000001",
            email="daniela@prefeitura.test",
            unit=organisation["ubs"],
        ),
        "dre": make_person(
            full_name="Helena Costa",
            registration_number="2000002",
            email="helena@prefeitura.test",
            unit=organisation["dre"],
        ),
    }


def complete_in_a_class(person, course_class) -> None:
    """``person`` attends every session of ``course_class``, which then closes."""
    classes.class_enrol(course_class=course_class, user=person)
    enrollment = Enrollment.objects.get(user=person, course=course_class.course)
    for session in course_class.sessions.all():
        classes.attendance_mark(session=session, enrollment=enrollment, status="present", by=None)
    classes.class_close(course_class=course_class)


def detail(course_class) -> str:
    return reverse("class_detail", args=[course_class.pk])


def search_answer(client, course_class, query: str) -> str:
    """The "Add a person" part of the class page after searching for ``query``."""
    page = client.get(detail(course_class), {"q": query}).content.decode()
    return page[page.index('id="add-title"') : page.index('id="close-title"')]


def add(client, course_class, **data):
    """POST to add a person; the answer and the messages the page then shows."""
    response = client.post(reverse("class_add_person", args=[course_class.pk]), data)
    shown = client.get(response["Location"])
    return response, [str(m) for m in shown.context["messages"]]


def test_an_id_out_of_reach_gets_the_answer_of_an_unknown_id_and_names_nobody(
    client, make_person, make_class, people
):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer)
    client.force_login(trainer)
    unknown, unknown_messages = add(client, course_class, user="987654321", q="")
    for data in (
        {"user": people["dre"].pk},  # an id that was never searched for
        {"user": people["dre"].pk, "q": "Helena"},  # a trainer does not search by name
        {"user": people["dre"].pk, "q": "1000001"},  # someone else's number
    ):
        response, shown = add(client, course_class, **data)
        assert response.status_code == unknown.status_code == HTTPStatus.FOUND
        assert response["Location"] == unknown["Location"]
        assert shown == unknown_messages
        assert not any("Helena" in message for message in shown)
    assert not Enrollment.objects.filter(user=people["dre"]).exists()


def test_a_refusal_does_not_reveal_that_someone_trained(client, make_person, make_class, people):
    """Looping over ids gave "Helena Costa: This person has already completed this course"."""
    course_class = make_class(trainer=(trainer := make_person(role=Role.TRAINER)))
    complete_in_a_class(people["dre"], make_class(trainer=trainer, code="T-00"))
    client.force_login(trainer)
    _unknown, unknown_messages = add(client, course_class, user="987654321", q="9999999")
    response, shown = add(client, course_class, user=people["dre"].pk, q="2000002")
    assert shown == unknown_messages
    assert "Helena" not in response.content.decode() + " ".join(shown)
    # Her search answers exactly as a number nobody has.
    found = search_answer(client, course_class, "2000002")
    nobody = search_answer(client, course_class, "9999999")
    assert "Helena" not in found
    assert found.replace("2000002", "N") == nobody.replace("9999999", "N")


def test_a_trainer_finds_only_by_the_whole_registration_number_or_e_mail(
    client, make_person, make_class, people
):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer)
    client.force_login(trainer)
    for partial in ("da", "Helena", "Costa", "200000", "helena@", "prefeitura.test"):
        page = client.get(detail(course_class), {"q": partial}).content.decode()
        assert "Helena Costa" not in page and "Daniela Ubs" not in page, partial
    for exact in ("2000002", "HELENA@prefeitura.test"):
        page = client.get(detail(course_class), {"q": exact}).content.decode()
        assert "Helena Costa" in page, exact
    response, shown = add(client, course_class, user=people["dre"].pk, q="2000002")
    assert shown == ["Helena Costa agora está na turma."]
    assert Enrollment.objects.get(user=people["dre"]).course_class == course_class


def test_a_unit_manager_places_only_people_of_their_scope(
    client, make_person, make_class, people, organisation
):
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["crs_norte"])
    course_class = make_class(trainer=manager)
    client.force_login(manager)
    page = client.get(detail(course_class), {"q": "a"}).content.decode()
    assert "Daniela Ubs" not in page  # two letters at least
    for query in ("Helena", "2000002", "helena@prefeitura.test"):
        page = client.get(detail(course_class), {"q": query}).content.decode()
        assert "Helena Costa" not in page and "2000002" not in page.replace(query, ""), query
    _unknown, unknown_messages = add(client, course_class, user="987654321", q="Helena")
    _response, shown = add(client, course_class, user=people["dre"].pk, q="Helena")
    assert shown == unknown_messages
    assert not Enrollment.objects.filter(user=people["dre"]).exists()
    # Their own people by name, as before.
    assert "Daniela Ubs" in client.get(detail(course_class), {"q": "Dani"}).content.decode()
    add(client, course_class, user=people["ubs"].pk, q="Dani")
    assert Enrollment.objects.get(user=people["ubs"]).course_class == course_class
    roster = client.get(detail(course_class)).content.decode()
    assert "Helena" not in roster and "2000002" not in roster


def test_a_unit_manager_runs_the_classes_they_teach_a_city_wide_one_every_class(
    client, make_person, make_class, people, organisation
):
    """Any manager could open any class's roster: names, numbers and units of other
    secretariats' servants."""
    course_class = make_class(trainer=make_person(role=Role.TRAINER))
    classes.class_enrol(course_class=course_class, user=people["dre"])
    unit_manager = make_person(role=Role.MANAGER, managed_unit=organisation["crs_norte"])
    client.force_login(unit_manager)
    assert client.get(detail(course_class)).status_code == HTTPStatus.FORBIDDEN
    assert "T-01" not in client.get(reverse("my_classes")).content.decode()
    course_class.trainers.add(unit_manager)
    assert client.get(detail(course_class)).status_code == HTTPStatus.OK
    client.force_login(make_person(role=Role.MANAGER))  # no managed unit: the whole city
    assert client.get(detail(course_class)).status_code == HTTPStatus.OK


def test_searches_placements_and_removals_are_audited_without_what_was_typed(
    client, make_person, make_class, people
):
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer)
    client.force_login(trainer)
    client.get(detail(course_class), {"q": "helena@prefeitura.test"})
    client.get(detail(course_class), {"q": "9999999"})
    add(client, course_class, user=people["dre"].pk, q="helena@prefeitura.test")
    enrollment = Enrollment.objects.get(user=people["dre"])
    client.post(reverse("class_remove_person", args=[course_class.pk, enrollment.pk]))

    searches = list(AuditEvent.objects.filter(action=Action.PEOPLE_SEARCH).order_by("pk"))
    assert [(e.rows, e.scope["by"], e.scope["accounts"]) for e in searches] == [
        (1, "e-mail", [people["dre"].pk]),
        (0, "text", []),
    ]
    added = AuditEvent.objects.get(action=Action.CLASS_PERSON_ADDED)
    removed = AuditEvent.objects.get(action=Action.CLASS_PERSON_REMOVED)
    for event in (*searches, added, removed):
        assert event.actor == trainer and event.scope["class"] == "T-01"
        assert "helena" not in str(event.scope).lower() + event.description.lower()
    assert added.scope["account"] == removed.scope["account"] == people["dre"].pk


def test_a_trainers_list_reaches_only_people_who_may_take_the_course(
    client, make_person, make_class, people
):
    """A trainer's bulk list answered "already enrolled", with the name, for anyone who had
    completed the course: a way to read anyone's training history by registration number."""
    trainer = make_person(role=Role.TRAINER)
    course_class = make_class(trainer=trainer)
    complete_in_a_class(people["dre"], make_class(trainer=trainer, code="T-00"))
    other = make_class(trainer=make_person(role=Role.TRAINER), code="T-02")
    seated_elsewhere = make_person(full_name="Sentada Noutra", registration_number="3000003")
    classes.class_enrol(course_class=other, user=seated_elsewhere)
    preview = bulk.bulk_enrolment_preview(
        requested_by=trainer,
        course=course_class.course,
        course_class=course_class,
        identifiers=["2000002", "3000003", "1000001"],
        source="lista.csv",
    )
    rows = list(bulk.bulk_report_rows(preview, with_email=False))
    assert ("Daniela Ubs", "1000001", "", bulk.BulkOutcome.ENROLLED) in rows
    assert ("", "2000002", "", bulk.BulkOutcome.NOT_FOUND) in rows
    assert ("", "3000003", "", bulk.BulkOutcome.NOT_FOUND) in rows
    names = " ".join(row[0] for row in rows)
    assert "Helena" not in names and "Sentada" not in names


def test_confirming_a_bulk_enrolment_is_audited_once(client, make_person, make_class, people):
    manager = make_person(role=Role.MANAGER)
    course_class = make_class(trainer=manager)
    client.force_login(manager)
    upload = SimpleUploadedFile("lista.csv", b"Matricula\n1000001\n2000002\n9999999\n")
    response = client.post(
        reverse("bulk_enrolment:new"), {"course_class": course_class.pk, "file": upload}
    )
    url = response["Location"]
    assert not AuditEvent.objects.filter(action=Action.BULK_ENROLMENT_APPLIED).exists()
    client.post(url)
    client.post(url)  # confirming again changes nothing, and records nothing
    event = AuditEvent.objects.get(action=Action.BULK_ENROLMENT_APPLIED)
    assert event.actor == manager and event.rows == 2
    assert event.scope["enrolled"] == 2 and event.scope["not_found"] == 1
    assert "T-01" in event.description


def test_the_class_form_offers_trainers_not_the_whole_staff(client, make_person, make_class):
    trainer = make_person(role=Role.TRAINER, full_name="Formadora Própria")
    colleague = make_person(role=Role.TRAINER, full_name="Formador Colega")
    manager = make_person(role=Role.MANAGER, full_name="Gestora Alheia")
    administrator = make_person(role=Role.ADMINISTRATOR, full_name="Administradora Alheia")
    course_class = make_class(trainer=trainer)
    client.force_login(trainer)
    page = client.get(reverse("classes_admin:edit", args=[course_class.pk])).content.decode()
    assert trainer.full_name in page and colleague.full_name in page
    assert manager.full_name not in page and administrator.full_name not in page
