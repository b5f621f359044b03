"""A person deletes their account: their data is anonymised, while their completions stay counted
in the plan's indicators and their certificates still verify, without their name."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from enrollments import classes
from enrollments.indicators import IndicatorFilters, trained_counts
from enrollments.models import ClassStatus, CourseClass, WaitingListEntry
from enrollments.services import goal_completions_refresh
from lms.models import User
from lms.roles import Role
from lms.scopes import ManagerScope
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CITY = ManagerScope(unit=None)


def delete(client, **data):
    return client.post(reverse("account_delete"), {"understood": "on", **data})


@pytest.fixture
def holder(certified, make_goal, organisation):
    """A certified person whose course feeds a goal, logged in on their own client."""
    goal = make_goal("3.1")
    certificate = certified(
        full_name="Joana Pereira", registration_number="RF-777", unit=organisation["ubs"]
    )
    course = certificate.enrollment.course
    course.plan_goals.set([goal])
    course.save()
    goal_completions_refresh(enrollment_ids=[certificate.enrollment_id])
    client = Client()
    client.force_login(certificate.enrollment.user)
    return client, certificate, goal


def test_the_profile_leads_to_a_page_that_says_what_deleting_does(client, make_person):
    client.force_login(make_person())
    assert reverse("account_delete") in client.get(reverse("profile")).content.decode()
    page = client.get(reverse("account_delete")).content.decode()
    assert "Excluir minha conta" in page
    assert "continuam contando" in page  # the totals stay


def test_a_wrong_password_deletes_nothing(holder):
    client, certificate, _goal = holder
    response = delete(client, password="errada")
    assert response.status_code == HTTPStatus.OK
    assert "Esta não é a sua senha." in response.content.decode()
    person = User.objects.get(pk=certificate.enrollment.user_id)
    assert (person.full_name, person.is_active) == ("Joana Pereira", True)


def test_deleting_anonymises_keeps_the_count_and_the_certificate_verifiable(holder):
    client, certificate, goal = holder
    email = certificate.enrollment.user.email
    assert trained_counts(CITY, IndicatorFilters()) == {goal.pk: 1}

    response = delete(client, password=PASSWORD)

    assert response.status_code == HTTPStatus.OK
    assert "Sua conta foi excluída" in response.content.decode()
    person = User.objects.get(pk=certificate.enrollment.user_id)
    assert (person.full_name, person.registration_number, person.unit) == ("", "", None)
    assert email not in person.email and not person.is_active
    assert not person.emailaddress_set.exists()
    # Still counted once in the plan's figures.
    assert trained_counts(CITY, IndicatorFilters()) == {goal.pk: 1}
    # Logged out, and the old e-mail and password open nothing.
    assert client.get(reverse("my_learning")).status_code == HTTPStatus.FOUND
    login = Client().post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert login.status_code == HTTPStatus.OK  # the form again, with its error
    # The certificate verifies, without the name.
    page = Client().get(reverse("certificate_verify", args=[certificate.display_code]))
    assert page.status_code == HTTPStatus.OK
    assert "Joana Pereira" not in page.content.decode()
    assert "Removido a pedido do titular (LGPD)" in page.content.decode()
    facts = Client().get(
        reverse("certificate_verify", args=[certificate.display_code]), {"format": "json"}
    )
    assert "Joana" not in facts.content.decode()


def test_deleting_takes_the_name_off_the_stored_pdf_and_the_place_off_the_waiting_list(
    holder, make_course, make_person, django_capture_on_commit_callbacks
):
    client, certificate, _goal = holder
    stored = certificate.pdf.name
    assert stored and certificate.pdf.storage.exists(stored)
    full = CourseClass.objects.create(
        course=make_course(modality="in_person", lessons=0, quiz=False),
        code="T-1",
        capacity=1,
        status=ClassStatus.OPEN,
    )
    classes.class_enrol(course_class=full, user=make_person())
    person = certificate.enrollment.user
    assert classes.class_enrol(course_class=full, user=person) == classes.Placement.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        delete(client, password=PASSWORD)

    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.pdf.name) == ("", "")
    assert not certificate.pdf.storage.exists(stored)
    assert not WaitingListEntry.objects.filter(user=person).exists()


def test_nobody_downloads_a_nameless_certificate(holder, make_person):
    client, certificate, _goal = holder
    delete(client, password=PASSWORD)
    admin = Client()
    admin.force_login(make_person(role=Role.ADMINISTRATOR))
    response = admin.get(reverse("certificate_download", args=[certificate.display_code]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_person_who_logs_in_through_the_city_confirms_without_a_password(client, make_person):
    person = make_person()
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    assert 'type="password"' not in client.get(reverse("account_delete")).content.decode()
    delete(client)
    assert not User.objects.get(pk=person.pk).is_active


def test_the_box_must_be_ticked(client, make_person):
    person = make_person()
    client.force_login(person)
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == HTTPStatus.OK
    assert User.objects.get(pk=person.pk).is_active


def test_a_superuser_is_deleted_by_another_administrator(client, make_person):
    person = make_person(role=Role.ADMINISTRATOR, is_superuser=True)
    client.force_login(person)
    response = delete(client, password=PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.get(pk=person.pk).is_active
