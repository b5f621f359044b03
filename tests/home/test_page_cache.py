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


# --- A learner's own pages ---------------------------------------------------------------------


def lessons_of(course):
    from courses.models import LessonPage

    return list(LessonPage.objects.child_of(course).live().order_by("path"))


@pytest.fixture
def reading(client, make_person, make_course):
    """A learner logged in, enrolled in a course of two lessons, none read yet."""
    person = make_person()
    course = make_course(lessons=2)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    return person, course


def test_a_learners_second_visit_to_a_lesson_costs_only_their_session(
    client, reading, django_assert_num_queries
):
    _person, course = reading
    lesson = lessons_of(course)[0]
    client.get(lesson.url)  # the first visit moves "continue where you stopped": not kept
    first = client.get(lesson.url)
    with django_assert_num_queries(2):  # the session and the user: nothing of the page
        second = client.get(lesson.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "Conteúdo da aula 1." in second.content.decode()
    assert second.content.decode() == first.content.decode().replace(
        csrf_token_in(first.content.decode()), csrf_token_in(second.content.decode())
    )


def test_reading_a_lesson_shows_at_once_on_my_learning_and_the_lesson(client, reading):
    _person, course = reading
    lesson = lessons_of(course)[0]
    client.get(lesson.url)
    assert "Progresso: 0%" in client.get(reverse("my_learning")).content.decode()
    assert client.get(reverse("my_learning"))["X-Cache"] == "hit"
    client.post(reverse("complete_lesson", args=[lesson.pk]))
    page = client.get(reverse("my_learning"))
    assert page["X-Cache"] == "miss"
    assert "Progresso: 33%" in page.content.decode()
    assert "Progresso: 33%" in client.get(lesson.url).content.decode()


def test_continue_where_you_stopped_follows_the_last_lesson_visited(client, reading):
    _person, course = reading
    first, second = lessons_of(course)
    client.get(first.url)
    assert "Continuar: Aula 1" in client.get(reverse("my_learning")).content.decode()
    client.get(second.url)
    assert "Continuar: Aula 2" in client.get(reverse("my_learning")).content.decode()
    client.get(first.url)  # served from the cache, and still remembered
    assert "Continuar: Aula 1" in client.get(reverse("my_learning")).content.decode()


def test_another_learner_never_gets_my_copy(client, reading, make_person):
    person, course = reading
    lesson = lessons_of(course)[0]
    client.post(reverse("complete_lesson", args=[lesson.pk]))
    assert "Progresso: 33%" in client.get(reverse("my_learning")).content.decode()
    other = Client()
    other.force_login(make_person())
    page = other.get(reverse("my_learning"))
    assert page["X-Cache"] == "miss"
    assert course.title not in page.content.decode()
    # Not enrolled: the lesson tells them how to get in, never my stored copy.
    assert other.get(lesson.url).status_code == HTTPStatus.FORBIDDEN


def test_a_cancelled_enrolment_closes_the_stored_lesson(client, reading):
    person, course = reading
    lesson = lessons_of(course)[0]
    client.get(lesson.url)
    client.get(lesson.url)
    assert client.get(lesson.url)["X-Cache"] == "hit"
    services.enrollment_cancel(enrollment=person.enrollments.get(course=course))
    assert client.get(lesson.url).status_code == HTTPStatus.FORBIDDEN


def test_a_message_is_shown_once_and_never_stored(client, reading, make_course):
    person, _course = reading
    course = make_course(lessons=1, quiz=False)
    services.enrollment_create(user=person, course=course)
    client.get(reverse("my_learning"))
    client.get(reverse("my_learning"))
    for lesson in lessons_of(course):
        client.post(reverse("complete_lesson", args=[lesson.pk]))
    with_message = client.get(reverse("my_learning"))
    assert "Curso concluído. Parabéns!" in with_message.content.decode()
    assert "X-Cache" not in with_message
    again = client.get(reverse("my_learning"))
    assert "Curso concluído. Parabéns!" not in again.content.decode()


def test_a_new_role_shows_in_the_menu_at_once(client, reading):
    from lms.roles import Role
    from lms.services import person_add_role

    person, _course = reading
    assert "Administração" not in client.get(reverse("my_learning")).content.decode()
    person_add_role(user=person, role=Role.ADMINISTRATOR)
    assert "Administração" in client.get(reverse("my_learning")).content.decode()


def test_a_revoked_certificate_shows_as_revoked_at_once(client, certified, make_person):
    from certificates.services import certificate_revoke
    from lms.roles import Role

    certificate = certified()
    client.force_login(certificate.enrollment.user)
    assert certificate.display_code in client.get(reverse("my_learning")).content.decode()
    assert client.get(reverse("my_learning"))["X-Cache"] == "hit"
    certificate_revoke(
        certificate=certificate,
        reason="Emitido por engano",
        actor=make_person(role=Role.ADMINISTRATOR),
    )
    assert "Emitido por engano" in client.get(reverse("my_learning")).content.decode()


def test_learners_pages_can_be_turned_off(client, settings, reading):
    settings.LEARNER_PAGE_CACHE_TIMEOUT = 0
    client.get(reverse("my_learning"))
    assert "X-Cache" not in client.get(reverse("my_learning"))


def test_a_learners_catalogue_is_kept_while_they_learn(client, reading):
    _person, course = reading
    client.get(CATALOGUE)
    assert client.get(CATALOGUE)["X-Cache"] == "hit"
    client.post(reverse("complete_lesson", args=[lessons_of(course)[0].pk]))
    client.get(reverse("my_learning"))  # shows the message the lesson left
    page = client.get(CATALOGUE)
    assert page["X-Cache"] == "hit"  # completing a lesson changes nothing the catalogue shows
    assert course.title in page.content.decode()
    assert "Minha aprendizagem" in page.content.decode()


def test_a_learners_catalogue_follows_their_roles_and_publishing(
    client, reading, make_course, django_capture_on_commit_callbacks
):
    from lms.roles import Role
    from lms.services import person_add_role

    person, _course = reading
    client.get(CATALOGUE)
    assert "Administração" not in client.get(CATALOGUE).content.decode()
    person_add_role(user=person, role=Role.ADMINISTRATOR)
    page = client.get(CATALOGUE)
    # Never their learner's copy (this first request also starts their staff session's clock,
    # a session write, so it is not kept either).
    assert page.get("X-Cache") != "hit"
    assert "Administração" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new = make_course(title="Curso publicado agora")
    assert new.title in client.get(CATALOGUE).content.decode()


def test_another_learner_never_gets_my_catalogue(client, reading, make_person):
    from lms.roles import Role
    from lms.services import person_add_role

    person, _course = reading
    person_add_role(user=person, role=Role.ADMINISTRATOR)
    client.get(CATALOGUE)  # starts their staff session's clock (a session write: not kept)
    client.get(CATALOGUE)
    assert client.get(CATALOGUE)["X-Cache"] == "hit"
    other = Client()
    other.force_login(make_person())
    page = other.get(CATALOGUE)
    assert page["X-Cache"] == "miss"
    assert "Administração" not in page.content.decode()
