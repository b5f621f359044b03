"""Bulk enrolment: a list (CSV/XLSX) or a unit subtree into a course or a class, previewed,
confirmed, idempotent, with a report of who was enrolled, who already was and who was not
found."""

from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from enrollments import classes, services
from enrollments.models import (
    BulkEnrolment,
    ClassSession,
    ClassStatus,
    CourseClass,
    Enrollment,
    WaitingListEntry,
)
from lms.roles import Role

pytestmark = pytest.mark.django_db

NEW = "bulk_enrolment:new"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def upload(text: str, name="lista.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("lista.xlsx", buffer.getvalue())


def preview(client, **data):
    response = client.post(reverse(NEW), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-3000:]
    return BulkEnrolment.objects.latest("pk"), response["Location"]


def test_list_into_online_course_preview_then_confirm_idempotent(
    client, make_person, make_course, organisation
):
    manager = make_person(role=Role.MANAGER)
    course = make_course()
    ana = make_person(registration_number="1001", unit=organisation["ubs"])
    bia = make_person(email="bia@prefeitura.test")
    already = make_person(registration_number="1003")
    services.enrollment_create(user=already, course=course)
    client.force_login(manager)
    text = "Nome;Matrícula;E-mail;Cargo\nAna;1001;;\n;;BIA@prefeitura.test;\n\nC;1003;;\nX;9999;;\n"
    bulk, location = preview(client, course=course.pk, file=upload(text))
    assert not Enrollment.objects.filter(user__in=[ana, bia]).exists()  # nothing yet
    page = client.get(location).content.decode()
    assert "9999" in page and ana.display_name in page

    assert client.post(location).status_code == HTTPStatus.FOUND
    assert set(
        Enrollment.objects.active().filter(course=course).values_list("user", flat=True)
    ) == {
        ana.pk,
        bia.pk,
        already.pk,
    }
    bulk.refresh_from_db()
    assert bulk.report["counts"] == {"enrolled": 2, "already": 1, "not_found": 1}
    # Confirming again (a double click) and re-sending the same list change nothing.
    client.post(location)
    again, again_url = preview(client, course=course.pk, file=upload(text))
    client.post(again_url)
    again.refresh_from_db()
    assert again.report["counts"] == {"already": 3, "not_found": 1}
    assert Enrollment.objects.filter(course=course).count() == 3
    report = client.get(location + "?format=csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    results = {row[1] or row[2]: row[3] for row in rows[1:]}
    assert results["9999"] == "Não encontrada"
    assert results["1001"] == "Inscrita"


def test_unit_subtree_into_class_fills_seats_then_waiting_list(
    client, make_person, make_course, organisation
):
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["sms"])
    course = make_course(modality="in_person", lessons=0, quiz=False)
    course_class = CourseClass.objects.create(
        course=course, code="T1", place="Sala 1", capacity=2, status=ClassStatus.PLANNED
    )
    ClassSession.objects.create(
        course_class=course_class,
        date=datetime.date(2026, 5, 4),
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
    )
    course_class.trainers.add(manager)  # a unit's manager runs the classes they teach
    inside = [make_person(unit=organisation["ubs"]) for _ in range(3)]
    outside = make_person(unit=organisation["dre"])
    client.force_login(manager)
    bulk, location = preview(client, course_class=course_class.pk, unit=organisation["sms"].pk)
    client.post(location)
    seated = set(
        Enrollment.objects.active().filter(course_class=course_class).values_list("user", flat=True)
    )
    waiting = set(WaitingListEntry.objects.values_list("user", flat=True))
    assert len(seated) == 2 and len(waiting) == 1
    assert seated | waiting == {p.pk for p in inside}
    assert outside.pk not in seated | waiting  # outside the manager's scope


def test_manager_cannot_reach_people_outside_scope_by_list(
    client, make_person, make_course, organisation
):
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["sms"])
    course = make_course()
    outside = make_person(registration_number="5005", unit=organisation["dre"])
    client.force_login(manager)
    bulk, location = preview(client, course=course.pk, file=xlsx_upload([["RF"], [5005]]))
    client.post(location)
    assert not Enrollment.objects.filter(user=outside).exists()
    bulk.refresh_from_db()
    assert bulk.report["counts"] == {"not_found": 1}


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "vazio.csv"),
        (b"\x00\x01\x02garbage", "lixo.csv"),
        (b"Nome;Cargo\nAna;Enfermeira\n", "sem-coluna.csv"),
        (b"Matricula\n", "so-cabecalho.csv"),
        (b"PK\x03\x04broken", "quebrado.xlsx"),
    ],
)
def test_bad_files_get_a_message_and_nothing_is_written(
    client, make_person, make_course, content, name
):
    client.force_login(make_person(role=Role.MANAGER))
    course = make_course()
    response = client.post(
        reverse(NEW), {"course": course.pk, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == HTTPStatus.OK
    assert "error" in response.content.decode() or "critical" in response.content.decode()
    assert not BulkEnrolment.objects.exists() and not Enrollment.objects.exists()


def test_trainer_only_into_own_classes_and_learner_not_at_all(client, make_person, make_course):
    trainer = make_person(role=Role.TRAINER)
    course = make_course(modality="in_person", lessons=0, quiz=False)
    mine = CourseClass.objects.create(course=course, code="M", place="x", capacity=5)
    mine.trainers.add(trainer)
    other = CourseClass.objects.create(course=course, code="O", place="x", capacity=5)
    person = make_person(registration_number="42")
    client.force_login(trainer)
    response = client.post(reverse(NEW), {"course_class": other.pk, "file": upload("RF\n42\n")})
    assert response.status_code == HTTPStatus.OK  # not a choice for them
    bulk, location = preview(client, course_class=mine.pk, file=upload("RF\n42\n"))
    client.post(location)
    assert Enrollment.objects.get(user=person).course_class == mine

    learner = make_person()
    client.force_login(learner)
    # Learners have no admin: sent to the staff log-in, and nothing is applied.
    assert client.get(reverse(NEW)).status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    assert client.post(location).status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    # Another staff member cannot open someone else's bulk enrolment.
    client.force_login(make_person(role=Role.MANAGER))
    assert client.get(location).status_code == HTTPStatus.NOT_FOUND


def test_class_already_in_other_class_is_reported(make_person, make_course):
    from enrollments import bulk

    manager = make_person(role=Role.MANAGER)
    course = make_course(modality="in_person", lessons=0, quiz=False)
    first = CourseClass.objects.create(course=course, code="A", place="x", capacity=5)
    second = CourseClass.objects.create(course=course, code="B", place="x", capacity=5)
    person = make_person(registration_number="77")
    classes.class_enrol(course_class=first, user=person, by_staff=True)
    result = bulk.bulk_enrolment_preview(
        requested_by=manager, course=course, course_class=second, identifiers=["77"], source="t"
    )
    result = bulk.bulk_enrolment_apply(bulk=result)
    assert result.report["counts"] == {"other_class": 1, "not_found": 0}
    assert Enrollment.objects.get(user=person).course_class == first
