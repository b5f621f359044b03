"""Catalogue, course, lesson and My learning pages cost the same queries for 2 or 20 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from enrollments import services

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def enrol_and_read(person, course):
    services.enrollment_create(user=person, course=course)
    for lesson in LessonPage.objects.child_of(course):
        services.lesson_complete(user=person, lesson=lesson)


def test_catalogue_queries_do_not_grow_with_courses(client, make_course, settings):
    for _ in range(2):
        make_course(lessons=1)
    few = queries_for(client, "/cursos/")
    for _ in range(10):
        make_course(lessons=1)
    assert queries_for(client, "/cursos/") == few


def test_course_and_lesson_queries_do_not_grow_with_lessons(client, make_person, make_course):
    person = make_person()
    client.force_login(person)
    small, large = make_course(lessons=2), make_course(lessons=12)
    enrol_and_read(person, small)
    enrol_and_read(person, large)
    assert queries_for(client, small.url) == queries_for(client, large.url)
    small_lesson = LessonPage.objects.child_of(small).first()
    large_lesson = LessonPage.objects.child_of(large).first()
    assert queries_for(client, small_lesson.url) == queries_for(client, large_lesson.url)


def test_my_learning_queries_do_not_grow_with_enrolments(
    client, make_person, make_course, django_assert_max_num_queries
):
    person = make_person()
    client.force_login(person)
    for _ in range(2):
        enrol_and_read(person, make_course(lessons=2))
    few = queries_for(client, "/minha-aprendizagem/")
    for _ in range(8):
        enrol_and_read(person, make_course(lessons=3))
    client.get("/minha-aprendizagem/")
    with django_assert_max_num_queries(few):
        client.get("/minha-aprendizagem/")
