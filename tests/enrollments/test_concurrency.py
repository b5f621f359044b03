"""Two final submissions at the same moment complete the course once (real PostgreSQL)."""

import threading

import pytest
from django.core import mail
from django.db import connections

from courses.models import LessonPage, QuizPage
from enrollments import services
from enrollments.models import Enrollment, QuizAttempt
from tests.conftest import quiz_answers, require_postgresql

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgresql_only():
    require_postgresql()  # row locks are only meaningful there


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_two_concurrent_passing_attempts_complete_once(make_person, make_course):
    person = make_person()
    course = make_course(lessons=0)
    quiz = QuizPage.objects.child_of(course).get()
    services.enrollment_create(user=person, course=course)
    answers = quiz_answers(quiz, correct=True)

    errors = run_together(
        lambda: services.quiz_submit(user=person, quiz=quiz, answers=answers),
        lambda: services.quiz_submit(user=person, quiz=quiz, answers=answers),
    )
    # The row lock serialises them: the second sees the first's pass and is refused.
    assert [e.message for e in errors] == ["Você já foi aprovado(a) neste questionário."]
    assert list(QuizAttempt.objects.values_list("number", flat=True)) == [1]
    assert Enrollment.objects.get().is_completed
    assert len([m for m in mail.outbox if "Você concluiu" in m.subject]) == 1


def test_two_concurrent_last_lessons_complete_once(make_person, make_course):
    person = make_person()
    course = make_course(lessons=2, quiz=False)
    first, last = LessonPage.objects.child_of(course).order_by("path")
    services.enrollment_create(user=person, course=course)
    services.lesson_complete(user=person, lesson=first)

    errors = run_together(
        lambda: services.lesson_complete(user=person, lesson=last),
        lambda: services.lesson_complete(user=person, lesson=last),
    )
    assert errors == []
    assert Enrollment.objects.get().is_completed
    assert len([m for m in mail.outbox if "Você concluiu" in m.subject]) == 1


def test_concurrent_enrolments_never_exceed_capacity(make_person, make_course):
    course = make_course(capacity=1)
    people = [make_person(), make_person(), make_person()]
    run_together(*[(lambda p=p: services.enrollment_create(user=p, course=course)) for p in people])
    assert Enrollment.objects.filter(course=course).count() == 1
