"""A page's address is routed from what routed it last time, and never to a page that has
since gone, moved or been replaced (home.routing)."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, make_person, settings):
    """A learner whose pages are rendered every time (their page cache off), so each
    request below is routed."""
    settings.LEARNER_PAGE_CACHE_TIMEOUT = 0
    client.force_login(make_person())
    return client


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries), response.content.decode()


def test_the_second_visit_is_routed_in_one_query_not_four(signed_in, make_course):
    course = make_course(title="Acolhimento na UBS")
    first, _ = queries_for(signed_in, course.url)
    second, body = queries_for(signed_in, course.url)
    assert second <= first - 3
    assert "Acolhimento na UBS" in body


def test_a_page_unpublished_after_its_address_was_kept_is_not_found(signed_in, make_course):
    course = make_course()
    assert signed_in.get(course.url).status_code == HTTPStatus.OK
    # No commit, so nothing else (the page cache) learns of it: the kept route alone decides.
    course.unpublish()
    assert signed_in.get(course.url).status_code == HTTPStatus.NOT_FOUND


def test_a_page_deleted_after_its_address_was_kept_is_not_found(signed_in, make_course):
    course = make_course()
    url = course.url
    assert signed_in.get(url).status_code == HTTPStatus.OK
    course.delete()
    assert signed_in.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_renamed_address_serves_the_page_there_and_not_at_the_old_one(signed_in, make_course):
    course = make_course(title="Curso renomeado")
    old_url = course.url
    assert signed_in.get(old_url).status_code == HTTPStatus.OK
    course.slug = "endereco-novo"
    course.save_revision().publish()
    assert signed_in.get(old_url).status_code == HTTPStatus.NOT_FOUND
    assert "Curso renomeado" in signed_in.get("/cursos/endereco-novo/").content.decode()


def test_an_address_taken_over_by_another_page_serves_that_page(signed_in, make_course):
    first = make_course(title="Primeiro curso")
    url = first.url
    assert "Primeiro curso" in signed_in.get(url).content.decode()
    second = make_course(title="Segundo curso")
    second.slug, first.slug = first.slug, "primeiro-curso-antigo"
    first.save_revision().publish()
    second.save_revision().publish()
    body = signed_in.get(url).content.decode()
    assert "Segundo curso" in body and "Primeiro curso" not in body


def test_a_lesson_is_still_for_enrolled_learners_only(signed_in, make_course, make_person):
    from enrollments import services

    course = make_course()
    lesson = course.get_children().live().first()
    services.enrollment_create(user=make_person(), course=course)
    assert signed_in.get(lesson.url).status_code == HTTPStatus.FORBIDDEN
    # Routed from the kept entry the second time: the enrolment check still runs.
    assert signed_in.get(lesson.url).status_code == HTTPStatus.FORBIDDEN
