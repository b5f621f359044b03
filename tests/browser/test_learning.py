"""A demo learner finds a course through the catalogue filter, enrols, reads the lessons,
fails then passes the quiz, and sees the course completed at 100% on My learning."""

import io

import pytest
from django.core.management import call_command

from courses.models import CoursePage, LessonPage, QuizPage
from enrollments.models import Enrollment
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def choose(page, quiz, *, correct: bool) -> None:
    for question in quiz.question_list():
        for choice in question["choices"]:
            if choice["correct"] == correct:
                page.locator(f"#c-{choice['id']}").check()
                if question["kind"] != "multiple":
                    break
        else:
            if not correct:  # no wrong answer to pick: pick the first
                page.locator(f"#c-{question['choices'][0]['id']}").check()


def test_learner_completes_a_course_in_the_browser(live_server, page, assert_accessible):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    learner_courses = Enrollment.objects.filter(user__email="cursista@capacita.demo")
    course = (
        CoursePage.objects.live()
        .filter(modality="online", plan_goals__isnull=False)
        .exclude(pk__in=learner_courses.values("course"))
        .order_by("pk")
        .first()
    )
    goal = course.plan_goals.order_by("code").first()
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    quiz = QuizPage.objects.live().child_of(course).get()

    log_in(page, live_server.url, "cursista@capacita.demo", "Cursista#Demo2024")

    page.get_by_role("link", name="Cursos", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Meta do plano").select_option(goal.code)
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url(f"**goal={goal.code}**")
    assert_accessible(page)
    page.get_by_role("link", name=course.title).click()
    assert_accessible(page)

    page.get_by_role("button", name="Inscrever-me neste curso").click()
    assert page.get_by_text("Inscrição feita. Bons estudos!").is_visible()
    for lesson in lessons:
        assert page.get_by_role("heading", level=1).inner_text() == lesson.title
        assert_accessible(page)
        page.get_by_role("button", name="Marcar como lida e continuar").click()

    assert page.get_by_role("heading", level=1).inner_text() == quiz.title
    assert_accessible(page)
    choose(page, quiz, correct=False)
    page.get_by_role("button", name="Enviar respostas").click()
    assert page.get_by_text("são necessários 70%").is_visible()
    assert_accessible(page)
    choose(page, quiz, correct=True)
    page.get_by_role("button", name="Enviar respostas").click()
    assert page.get_by_text("Você foi aprovado(a) com 100%.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Minha aprendizagem").first.click()
    completed = page.locator("section", has=page.get_by_role("heading", name="Concluídos"))
    card = completed.locator("li", has=page.get_by_role("link", name=course.title))
    assert card.get_by_text("Progresso: 100%").is_visible()
    assert_accessible(page)
    assert Enrollment.objects.get(user__email="cursista@capacita.demo", course=course).is_completed
