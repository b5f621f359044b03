"""Learning through the site: catalogue, course, lessons, quiz, My learning."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage, QuizPage
from enrollments import services
from enrollments.models import Enrollment, LessonProgress, QuizAttempt
from tests.conftest import QUESTIONS, quiz_answers

pytestmark = pytest.mark.django_db


def steps(course):
    return (
        list(LessonPage.objects.child_of(course).order_by("path")),
        QuizPage.objects.child_of(course).first(),
    )


def post_answers(client, quiz, answers):
    data = {f"q-{question}": choices for question, choices in answers.items()}
    return client.post(reverse("submit_quiz", args=[quiz.pk]), data, follow=True)


def test_anonymous_visitor_browses_catalogue_and_course_but_not_lessons(client, make_course):
    course = make_course(title="Acolhimento na UBS")
    lessons, quiz = steps(course)
    catalogue = client.get("/cursos/")
    assert catalogue.status_code == HTTPStatus.OK
    assert "Acolhimento na UBS" in catalogue.content.decode()
    page = client.get(course.url).content.decode()
    assert "Entre para se inscrever" in page
    assert "Aula 1" in page  # the contents are listed, not linked

    for step in (lessons[0], quiz):
        response = client.get(step.url)
        assert response.status_code == HTTPStatus.FORBIDDEN
        body = response.content.decode()
        assert "Inscreva-se para continuar" in body
        assert course.url in body
        assert "Conteúdo da aula 1" not in body


def test_learner_enrols_reads_and_resumes(client, make_person, make_course):
    person, course = make_person(), make_course()
    lessons, quiz = steps(course)
    client.force_login(person)
    response = client.post(reverse("enrol", args=[course.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == lessons[0].url

    lesson = client.get(lessons[0].url).content.decode()
    assert "Conteúdo da aula 1" in lesson
    assert "Próximo: Aula 2" in lesson

    response = client.post(reverse("complete_lesson", args=[lessons[0].pk]))
    assert response["Location"] == lessons[1].url
    client.get(lessons[1].url)
    course_page = client.get(course.url).content.decode()
    assert "Continuar: Aula 2" in course_page  # resume where the learner left off
    assert "Progresso: 33%" in course_page


def test_enrolling_twice_or_after_the_window_is_clear(client, make_person, make_course):
    person = make_person()
    client.force_login(person)
    course = make_course()
    client.post(reverse("enrol", args=[course.pk]))
    client.post(reverse("enrol", args=[course.pk]))
    assert Enrollment.objects.filter(user=person).count() == 1

    closed = make_course(enrolment_closes=timezone.localdate() - datetime.timedelta(days=2))
    response = client.post(reverse("enrol", args=[closed.pk]), follow=True)
    assert "As inscrições para este curso estão encerradas." in response.content.decode()
    assert not Enrollment.objects.filter(course=closed).exists()


def test_enrolment_needs_log_in_and_post(client, make_person, make_course):
    course = make_course()
    response = client.post(reverse("enrol", args=[course.pk]))
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(make_person())
    assert client.get(reverse("enrol", args=[course.pk])).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    assert client.post(reverse("enrol", args=[999999])).status_code == HTTPStatus.NOT_FOUND
    assert not Enrollment.objects.exists()


def test_quiz_page_never_sends_the_correct_answers(client, make_person, make_course):
    person, course = make_person(), make_course(lessons=0)
    _lessons, quiz = steps(course)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    body = client.get(quiz.url).content.decode()
    assert "Quem tem direito ao atendimento no SUS?" in body
    for question in QUESTIONS:
        for choice in question["choices"]:
            assert choice["text"] in body
            if choice["feedback"]:
                assert choice["feedback"] not in body
        assert question["explanation"] not in body
    assert "correct" not in body.lower().replace("incorrect", "")


def test_learner_fails_then_passes_the_quiz_and_completes(client, make_person, make_course):
    person, course = make_person(), make_course(lessons=0)
    _lessons, quiz = steps(course)
    client.force_login(person)
    client.post(reverse("enrol", args=[course.pk]))

    failed = post_answers(client, quiz, quiz_answers(quiz, correct=False)).content.decode()
    assert "Você fez 0%; são necessários 70%." in failed
    assert "Não é exigido." in failed  # feedback of the chosen answer, after the attempt
    assert "Você tem 2 tentativas restantes." in failed

    passed = post_answers(client, quiz, quiz_answers(quiz, correct=True)).content.decode()
    assert "Você foi aprovado(a) com 100%." in passed
    my_learning = client.get(reverse("my_learning")).content.decode()
    assert "Concluídos" in my_learning and course.title in my_learning
    assert "Progresso: 100%" in my_learning


@pytest.mark.parametrize(
    "data",
    [{}, {"q-nao-existe": "x"}, {"q-": ""}, {"csrfmiddlewaretoken": "x", "q-a": ["1", "2"]}],
    ids=["empty", "unknown-question", "empty-id", "garbage"],
)
def test_bad_quiz_posts_get_a_message_not_a_500(client, make_person, make_course, data):
    person, course = make_person(), make_course(lessons=0)
    _lessons, quiz = steps(course)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    response = client.post(reverse("submit_quiz", args=[quiz.pk]), data, follow=True)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Responda todas as perguntas" in body or "não correspondem a este questionário" in body
    assert not QuizAttempt.objects.exists()


def test_quiz_past_the_attempts_limit_is_refused(client, make_person, make_course):
    person, course = make_person(), make_course(lessons=0)
    _lessons, quiz = steps(course)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    for _ in range(3):
        post_answers(client, quiz, quiz_answers(quiz, correct=False))
    body = post_answers(client, quiz, quiz_answers(quiz, correct=True)).content.decode()
    assert "Você usou todas as 3 tentativas deste questionário." in body
    assert QuizAttempt.objects.count() == 3


def test_completing_a_lesson_of_a_course_one_is_not_enrolled_in(client, make_person, make_course):
    lessons, _quiz = steps(make_course())
    client.force_login(make_person())
    response = client.post(reverse("complete_lesson", args=[lessons[0].pk]), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "Você não está inscrito(a) neste curso." in response.content.decode()


def test_leaving_a_course(client, make_person, make_course):
    person, course = make_person(), make_course()
    client.force_login(person)
    client.post(reverse("enrol", args=[course.pk]))
    response = client.post(reverse("unenrol", args=[course.pk]), follow=True)
    assert "Você saiu do curso." in response.content.decode()
    assert client.get(steps(course)[0][0].url).status_code == HTTPStatus.FORBIDDEN


def test_catalogue_filters_and_search(client, make_course):
    make_course(title="Saúde do imigrante", modality="online", language="pt-br")
    make_course(title="Escola intercultural", modality="blended", language="es")
    body = client.get("/cursos/", {"modality": "blended"}).content.decode()
    assert "Escola intercultural" in body and "Saúde do imigrante" not in body
    body = client.get("/cursos/", {"language": "pt-br"}).content.decode()
    assert "Saúde do imigrante" in body and "Escola intercultural" not in body
    body = client.get("/cursos/", {"q": "intercultural"}).content.decode()
    assert "Escola intercultural" in body and "Saúde do imigrante" not in body
    # Nonsense filters are ignored, never a 500.
    response = client.get("/cursos/", {"modality": "x", "audience": "abc", "page": "zz"})
    assert response.status_code == HTTPStatus.OK


def test_catalogue_topic_goal_and_audience_filters(client, make_course, organisation):
    from courses.models import PlanAxis, PlanGoal

    goal = PlanGoal.objects.create(
        code="M01",
        title="Formar agentes da saúde",
        axis=PlanAxis.objects.create(number=8, title="Saúde"),
        responsible_unit=organisation["sms"],
        target=100,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    health = make_course(title="Acolhimento na UBS")
    health.tags.add("saúde")
    health.plan_goals.add(goal)
    health.audience_secretariats.add(organisation["sms"])
    health.save_revision().publish()
    make_course(title="Outro curso")
    for params in ({"topic": "saude"}, {"goal": "M01"}, {"audience": organisation["sms"].pk}):
        body = client.get("/cursos/", params).content.decode()
        assert "Acolhimento na UBS" in body and "Outro curso" not in body, params


def test_catalogue_is_paginated_and_keeps_the_filters(client, make_course):
    for number in range(14):
        make_course(title=f"Curso paginado {number:02d}", lessons=0, quiz=False)
    first = client.get("/cursos/", {"modality": "online"}).content.decode()
    assert "14 cursos encontrados." in first
    assert "Página 1 de 2" in first
    assert "?modality=online&amp;page=2" in first
    second = client.get("/cursos/", {"modality": "online", "page": "2"}).content.decode()
    assert second.count('class="course-card"') == 2
    assert client.get("/cursos/", {"page": "999"}).status_code == 200


def test_my_learning_needs_log_in_and_shows_only_ones_own(client, make_person, make_course):
    course = make_course(title="Curso da outra pessoa")
    services.enrollment_create(user=make_person(), course=course)
    assert client.get(reverse("my_learning"))["Location"].startswith(reverse("account_login"))
    client.force_login(make_person())
    body = client.get(reverse("my_learning")).content.decode()
    assert "Curso da outra pessoa" not in body
    assert "Você não tem cursos em andamento." in body


@pytest.mark.parametrize("value", ["²", "%00", '"', "\x00", "1\x00"])
def test_catalogue_survives_odd_characters_in_any_filter(client, make_course, value):
    make_course(title="Curso resistente")
    for name in ("q", "topic", "goal", "audience", "modality", "language", "page"):
        response = client.get("/cursos/", {name: value})
        # A NUL byte is refused on arrival, with the site's 400 page (lms.request_guards).
        expected = HTTPStatus.BAD_REQUEST if "\x00" in value else HTTPStatus.OK
        assert response.status_code == expected, (name, value)


def test_blended_courses_take_enrolments_in_person_ones_do_not(client, make_person, make_course):
    client.force_login(make_person())
    blended = make_course(title="Curso híbrido", modality="blended")
    in_person = make_course(title="Curso presencial", modality="in_person")
    assert "Inscrever-me neste curso" in client.get(blended.url).content.decode()
    assert "Inscrever-me neste curso" not in client.get(in_person.url).content.decode()
    client.post(reverse("enrol", args=[blended.pk]))
    response = client.post(reverse("enrol", args=[in_person.pk]), follow=True)
    assert "Este curso é presencial: inscreva-se em uma das turmas." in response.content.decode()
    assert list(Enrollment.objects.values_list("course__title", flat=True)) == ["Curso híbrido"]


def test_enrolling_again_says_so_and_future_window_names_its_date(client, make_person, make_course):
    client.force_login(make_person())
    course = make_course()
    client.post(reverse("enrol", args=[course.pk]))
    again = client.post(reverse("enrol", args=[course.pk]), follow=True).content.decode()
    assert "Você já está inscrito(a) neste curso." in again
    opens = timezone.localdate() + datetime.timedelta(days=5)
    later = make_course(enrolment_opens=opens)
    body = client.post(reverse("enrol", args=[later.pk]), follow=True).content.decode()
    assert f"As inscrições para este curso abrem em {opens:%d/%m/%Y}." in body


def test_no_attempt_after_passing(client, make_person, make_course):
    person, course = make_person(), make_course(lessons=0)
    _lessons, quiz = steps(course)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    post_answers(client, quiz, quiz_answers(quiz, correct=True))
    body = post_answers(client, quiz, quiz_answers(quiz, correct=False)).content.decode()
    assert "Você já foi aprovado(a) neste questionário." in body
    assert QuizAttempt.objects.count() == 1


def test_unpublished_course_closes_its_lessons_and_leaves_my_learning(
    client, make_person, make_course
):
    person, course = make_person(), make_course(title="Curso retirado")
    lessons, _quiz = steps(course)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    course.unpublish()  # lessons stay live underneath
    assert client.get(lessons[0].url).status_code == HTTPStatus.NOT_FOUND
    client.post(reverse("complete_lesson", args=[lessons[0].pk]))
    assert not LessonProgress.objects.exists()
    assert "Curso retirado" not in client.get(reverse("my_learning")).content.decode()


def test_unanswered_questions_are_named_and_answers_kept(client, make_person, make_course):
    person, course = make_person(), make_course(lessons=0)
    _lessons, quiz = steps(course)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    answers = quiz_answers(quiz, correct=True)
    first_id, second_id = list(answers)
    response = post_answers(client, quiz, {first_id: answers[first_id]})
    body = response.content.decode()
    assert "Responda todas as perguntas antes de enviar." in body
    assert f'aria-describedby="erro-{second_id}"' in body
    assert body.count("Responda esta pergunta.") == 1
    chosen = answers[first_id][0]
    assert f'id="c-{chosen}" checked' in body
    assert not QuizAttempt.objects.exists()


def test_trainers_preview_quiz_drafts_with_their_questions(client, make_person, make_course):
    from lms.roles import Role

    _lessons, quiz = steps(make_course(lessons=0))
    client.force_login(make_person(role=Role.TRAINER))
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[quiz.pk]))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Quem tem direito ao atendimento no SUS?" in body
    assert "Pré-visualização: as respostas não são enviadas." in body
    assert "Não é exigido." not in body  # feedback stays on the server even in preview


def test_a_lesson_added_or_unpublished_shows_in_the_course_once_published(
    client, make_person, make_course, settings, django_capture_on_commit_callbacks
):
    person = make_person()
    course = make_course(lessons=2)
    services.enrollment_create(user=person, course=course)
    client.force_login(person)
    assert "Aula extra" not in client.get(course.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        course.add_child(
            instance=LessonPage(title="Aula extra", slug="aula-extra", body=[], required=True)
        )
    body = client.get(course.url).content.decode()
    assert "Aula extra" in body and ">Aula 1<" in body
    first, _ = steps(course)
    with django_capture_on_commit_callbacks(execute=True):
        first[0].unpublish()
    body = client.get(course.url).content.decode()
    assert "Aula extra" in body and ">Aula 1<" not in body
