"""Anonymous visitors get the catalogue and course pages from the cache, and never stale,
someone else's or a logged-in person's page."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from enrollments import classes, services
from enrollments.models import ClassSession, ClassStatus, CourseClass

pytestmark = pytest.mark.django_db

CATALOGUE = "/cursos/"


def csrf_token_in(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def seats_left_in(body: str) -> str:
    return re.search(r"<dt>Vagas restantes</dt><dd>(\d+)</dd>", body).group(1)


def test_the_second_anonymous_visit_costs_no_query(client, make_course, django_assert_num_queries):
    make_course(title="Acolhimento de migrantes")
    first = client.get(CATALOGUE)
    with django_assert_num_queries(0):
        second = client.get(CATALOGUE)
    assert second.status_code == HTTPStatus.OK
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "Acolhimento de migrantes" in second.content.decode()
    assert second.content.decode() == first.content.decode().replace(
        csrf_token_in(first.content.decode()), csrf_token_in(second.content.decode())
    )


def test_head_is_answered_from_the_cache(client, make_course):
    course = make_course()
    client.get(course.url)
    response = client.head(course.url)
    assert response.status_code == HTTPStatus.OK
    assert response["X-Cache"] == "hit"


def test_each_visitor_of_a_cached_page_gets_their_own_working_csrf_token(make_course):
    course = make_course()
    Client().get(course.url)  # stores the page
    tokens = []
    for visitor in (Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        page = visitor.get(course.url)
        assert page["X-Cache"] == "hit"
        token = csrf_token_in(page.content.decode())
        response = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": course.url, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == HTTPStatus.FOUND
        assert '<html lang="en">' in visitor.get(course.url).content.decode()
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_a_visitor_without_the_csrf_cookie_cannot_use_another_visitors_token(make_course):
    course = make_course()
    someone = Client()
    token = csrf_token_in(someone.get(course.url).content.decode())
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(course.url)
    response = stranger.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_new_title_is_seen_on_the_next_visit_after_publishing(
    client, make_course, django_capture_on_commit_callbacks
):
    course = make_course(title="Título antigo")
    assert "Título antigo" in client.get(course.url).content.decode()
    assert "Título antigo" in client.get(CATALOGUE).content.decode()
    course.title = "Título novo"
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    for url in (course.url, CATALOGUE):
        body = client.get(url).content.decode()
        assert "Título novo" in body and "Título antigo" not in body


def test_the_cached_pages_go_stale_on_commit_not_before(
    client, make_course, django_capture_on_commit_callbacks
):
    course = make_course(title="Antes")
    client.get(course.url)
    course.title = "Depois"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course.save_revision().publish()
        # A request served before the commit still gets the page it would have rendered.
        assert "Antes" in client.get(course.url).content.decode()
    for callback in callbacks:
        callback()
    assert "Depois" in client.get(course.url).content.decode()


def test_unpublishing_a_course_takes_it_off_the_catalogue(
    client, make_course, django_capture_on_commit_callbacks
):
    course = make_course(title="Curso que sai")
    assert "Curso que sai" in client.get(CATALOGUE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        course.unpublish()
    assert "Curso que sai" not in client.get(CATALOGUE).content.decode()
    assert client.get(course.url).status_code == HTTPStatus.NOT_FOUND


def test_a_learner_sees_their_own_enrolment_and_visitors_never_see_it(
    client, make_person, make_course
):
    course = make_course()
    learner = make_person()
    services.enrollment_create(user=learner, course=course)
    unenrol = reverse("unenrol", args=[course.pk])
    assert client.get(course.url)["X-Cache"] == "miss"  # the anonymous page is stored

    learner_client = Client()
    learner_client.force_login(learner)
    for _ in range(2):
        response = learner_client.get(course.url)
        assert unenrol in response.content.decode()
        assert "X-Cache" not in response

    visitor = client.get(course.url)
    assert visitor["X-Cache"] == "hit"
    assert unenrol not in visitor.content.decode()
    assert reverse("account_login") in visitor.content.decode()


def test_a_learners_visit_is_never_stored_for_visitors(client, make_person, make_course):
    course = make_course()
    learner = make_person()
    services.enrollment_create(user=learner, course=course)
    learner_client = Client()
    learner_client.force_login(learner)
    learner_client.get(course.url)
    visitor = client.get(course.url)
    assert visitor["X-Cache"] == "miss"
    assert reverse("unenrol", args=[course.pk]) not in visitor.content.decode()


def test_the_language_cookie_gets_its_own_language(client, make_course):
    course = make_course()
    assert '<html lang="pt-br">' in client.get(course.url).content.decode()
    spanish = Client()
    spanish.cookies["capacita_language"] = "es"
    body = spanish.get(course.url).content.decode()
    assert '<html lang="es">' in body and "Saltar al contenido principal" in body
    assert '<html lang="pt-br">' in client.get(course.url).content.decode()


def test_seats_left_follow_enrolments_in_a_class(
    client, make_person, make_course, django_capture_on_commit_callbacks
):
    course = make_course(modality="in_person", quiz=False)
    course_class = CourseClass.objects.create(
        course=course, code="SMS-2026-01", place="Rua A, 1", capacity=10, status=ClassStatus.OPEN
    )
    assert seats_left_in(client.get(course.url).content.decode()) == "10"
    learner = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        classes.class_enrol(course_class=course_class, user=learner)
    assert seats_left_in(client.get(course.url).content.decode()) == "9"

    with django_capture_on_commit_callbacks(execute=True):
        classes.class_leave(enrollment=learner.enrollments.get())
    assert seats_left_in(client.get(course.url).content.decode()) == "10"

    with django_capture_on_commit_callbacks(execute=True):
        ClassSession.objects.create(
            course_class=course_class,
            date=datetime.date(2026, 3, 2),
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
        )
    assert "02/03/2026 09:00" in client.get(course.url).content.decode()


def test_a_message_after_logging_out_is_shown(client, make_person):
    client.get("/")
    client.force_login(make_person())
    response = client.post(reverse("account_logout"), follow=True)
    assert response.redirect_chain and response.request["PATH_INFO"] == "/"
    assert "Você saiu." in response.content.decode()
    assert "Você saiu." not in client.get("/").content.decode()


def test_query_strings_are_stored_only_for_the_catalogues_filters(client, make_course):
    make_course(title="Curso online")
    make_course(title="Curso presencial", modality="in_person")
    client.get(f"{CATALOGUE}?modality=in_person")
    filtered = client.get(f"{CATALOGUE}?modality=in_person")
    assert filtered["X-Cache"] == "hit"
    assert "Curso presencial" in filtered.content.decode()
    assert "Curso online" not in filtered.content.decode()
    assert "Curso online" in client.get(CATALOGUE).content.decode()

    for _ in range(2):
        assert "X-Cache" not in client.get(f"{CATALOGUE}?utm_source=boletim")


def test_pages_that_did_not_opt_in_are_never_stored(client):
    for _ in range(2):
        response = client.get(reverse("account_login"))
        assert response.status_code == HTTPStatus.OK
        assert "X-Cache" not in response


def test_the_page_cache_can_be_turned_off(client, settings, make_course):
    settings.PAGE_CACHE_TIMEOUT = 0
    course = make_course()
    for _ in range(2):
        assert "X-Cache" not in client.get(course.url)
