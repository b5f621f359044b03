"""A person downloads everything the platform holds about them, and nothing about anyone else."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import QuizPage
from enrollments import classes, services
from enrollments.models import ClassStatus, CourseClass
from tests.conftest import quiz_answers

pytestmark = pytest.mark.django_db


def download(client) -> dict:
    response = client.get(reverse("my_data"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == 'attachment; filename="capacita-meus-dados.json"'
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_profile_offers_the_download(client, make_person):
    client.force_login(make_person())
    page = client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("my_data")}"' in page
    assert "Baixar todos os meus dados (JSON)" in page


def test_my_data_holds_my_account_courses_attempts_and_certificate(
    client, certified, make_course, organisation
):
    certificate = certified(full_name="Maria da Silva", registration_number="RF-123")
    person = certificate.enrollment.user
    other_course = make_course(lessons=1)
    services.enrollment_create(user=person, course=other_course)
    quiz = QuizPage.objects.child_of(other_course).get()
    services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=False))
    client.force_login(person)

    data = download(client)

    assert data["account"]["full_name"] == "Maria da Silva"
    assert data["account"]["registration_number"] == "RF-123"
    assert data["email_addresses"] == [{"email": person.email, "verified": True, "primary": True}]
    done, started = data["enrolments"]
    assert done["certificate"]["code"] == certificate.display_code
    assert done["certificate"]["name_on_certificate"] == "Maria da Silva"
    assert done["completed_at"] is not None and len(done["lessons_read"]) == 1
    assert started["course"] == other_course.title
    assert started["completed_at"] is None and started["certificate"] is None
    (attempt,) = started["quiz_attempts"]
    assert attempt["passed"] is False and attempt["answers"]  # what they answered, too


def test_my_data_keeps_its_documented_sections_and_holds_my_waiting_lists(
    client, make_course, make_person
):
    full = CourseClass.objects.create(
        course=make_course(modality="in_person", lessons=0, quiz=False),
        code="T-9",
        capacity=1,
        status=ClassStatus.OPEN,
    )
    classes.class_enrol(course_class=full, user=make_person())
    me = make_person()
    classes.class_enrol(course_class=full, user=me)
    client.force_login(me)

    data = download(client)

    assert list(data) == [
        "format_version",
        "exported_at",
        "account",
        "email_addresses",
        "linked_logins",
        "enrolments",
        "waiting_lists",
        "recorded_actions",
    ]
    assert data["format_version"] == 1
    (place,) = data["waiting_lists"]
    assert place["class"] == "T-9" and place["joined_at"]


def test_nobody_elses_data_is_in_mine(client, certified, make_person):
    someone = certified(full_name="Outra Pessoa").enrollment.user
    me = make_person(full_name="Eu Mesma")
    client.force_login(me)
    text = client.get(reverse("my_data")).content.decode()
    assert "Eu Mesma" in text
    assert "Outra Pessoa" not in text and someone.email not in text
    assert json.loads(text)["enrolments"] == []


def test_my_data_holds_what_the_audit_log_recorded_of_my_actions_only(client, make_person):
    from lms.models import AuditEvent
    from lms.roles import Role
    from lms.services import audit_record

    me = make_person(role=Role.MANAGER)
    someone = make_person(role=Role.MANAGER)
    audit_record(action=AuditEvent.Action.EXPORT, actor=me, description="Indicadores", rows=12)
    audit_record(action=AuditEvent.Action.EXPORT, actor=someone, description="De outra pessoa")
    client.force_login(me)
    recorded = download(client)["recorded_actions"]
    assert [(r["action"], r["description"], r["rows"]) for r in recorded] == [
        ("export", "Indicadores", 12),
        ("own_data_download", "", None),  # this download, recorded before it is made
    ]
    assert recorded[-1]["ip_address"] == "127.0.0.1"


def test_the_download_needs_logging_in(client):
    response = client.get(reverse("my_data"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
