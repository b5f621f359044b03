"""Exactly one certificate per completion, whatever runs at the same time (real PostgreSQL)."""

import pytest
from django.core import mail

from certificates import tasks
from certificates.models import Certificate
from courses.models import LessonPage, QuizPage
from enrollments import services as learning
from tests.conftest import complete_course, quiz_answers, require_postgresql
from tests.enrollments.test_concurrency import run_together

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgresql_only():
    require_postgresql()  # row locks are only meaningful there


def certificate_mails():
    return [m for m in mail.outbox if "certificado" in m.subject.lower()]


def test_two_concurrent_completions_of_one_enrolment_give_one_certificate(make_person, make_course):
    person = make_person()
    course = make_course(lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    quiz = QuizPage.objects.child_of(course).get()
    learning.enrollment_create(user=person, course=course)
    learning.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))

    # The last lesson is marked read twice at the same moment (two tabs, a double click):
    # each request that completes queues an issuance after its commit.
    errors = run_together(
        lambda: learning.lesson_complete(user=person, lesson=lesson),
        lambda: learning.lesson_complete(user=person, lesson=lesson),
    )
    assert errors == []
    assert Certificate.objects.count() == 1
    assert len(certificate_mails()) == 1


def test_concurrent_issuers_of_the_same_completion_leave_one_certificate(
    make_person, make_course, monkeypatch
):
    course = make_course(lessons=1)
    with monkeypatch.context() as lost:
        lost.setattr("certificates.tasks.queue_after_commit", lambda task, *ids: None)  # lost
        enrollment = complete_course(make_person(), course)
    assert not Certificate.objects.exists()

    # The task and redeliveries of it all issue at the same moment.
    results = []
    errors = run_together(
        *[(lambda: results.append(tasks.issue_certificate(enrollment.pk))) for _ in range(4)]
    )
    assert errors == []
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert len(set(results)) == 1
    assert len(certificate_mails()) == 1
