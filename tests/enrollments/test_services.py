"""Enrolment, progress, quizzes and the one place a completion is decided."""

import datetime

import pytest
from django.core import mail
from django.db.models import ProtectedError
from django.utils import timezone

from courses.models import LessonPage, Modality, QuizPage
from enrollments import services
from enrollments.models import Enrollment, LessonProgress, QuizAttempt
from enrollments.selectors import course_progress
from tests.conftest import quiz_answers

pytestmark = pytest.mark.django_db


def lessons_and_quiz(course):
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    quiz = QuizPage.objects.child_of(course).first()
    return lessons, quiz


def test_enrolment_is_idempotent(make_person, make_course):
    person, course = make_person(), make_course()
    first = services.enrollment_create(user=person, course=course)
    second = services.enrollment_create(user=person, course=course)
    assert first.pk == second.pk
    assert Enrollment.objects.count() == 1


def test_enrolment_respects_the_window(make_person, make_course):
    today = timezone.localdate()
    closed = make_course(enrolment_closes=today - datetime.timedelta(days=1))
    future = make_course(enrolment_opens=today + datetime.timedelta(days=3))
    for course in (closed, future):
        with pytest.raises(services.LearningError, match="inscrições para este curso"):
            services.enrollment_create(user=make_person(), course=course)
    assert not Enrollment.objects.exists()


def test_enrolment_respects_capacity(make_person, make_course):
    course = make_course(capacity=1)
    services.enrollment_create(user=make_person(), course=course)
    with pytest.raises(services.LearningError, match="todas as 1 vagas"):
        services.enrollment_create(user=make_person(), course=course)
    assert Enrollment.objects.count() == 1


def test_leaving_frees_the_place_and_returning_keeps_progress(make_person, make_course):
    person, course = make_person(), make_course(capacity=1)
    lessons, _quiz = lessons_and_quiz(course)
    enrollment = services.enrollment_create(user=person, course=course)
    services.lesson_complete(user=person, lesson=lessons[0])
    services.enrollment_cancel(enrollment=enrollment)
    other = services.enrollment_create(user=make_person(), course=course)
    services.enrollment_cancel(enrollment=other)
    back = services.enrollment_create(user=person, course=course)
    assert back.pk == enrollment.pk
    assert course_progress(person, course).steps[0].done


def test_completion_needs_required_lessons_and_a_passed_quiz(make_person, make_course):
    person = make_person()
    course = make_course(lessons=3, optional_lesson=True)
    lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)

    services.lesson_complete(user=person, lesson=lessons[0])
    attempt = services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    assert attempt.passed and attempt.score == 100
    enrollment = Enrollment.objects.get()
    assert not enrollment.is_completed  # lesson 2 (required) is missing

    services.lesson_complete(user=person, lesson=lessons[1])
    enrollment.refresh_from_db()
    assert enrollment.is_completed  # the optional lesson 3 is not needed
    assert course_progress(person, course).percent == 100


def test_completion_records_unit_and_territory_of_that_moment(
    make_person, make_course, organisation, django_capture_on_commit_callbacks
):
    person = make_person(unit=organisation["ubs"], territory=organisation["ubs"].territory)
    course = make_course(lessons=1)
    lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)
    services.lesson_complete(user=person, lesson=lessons[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    # A later transfer does not move history.
    person.unit = organisation["dre"]
    person.save()
    enrollment = Enrollment.objects.get()
    assert enrollment.completion_unit == organisation["ubs"]
    assert enrollment.completion_territory == organisation["ubs"].territory
    completion_mails = [m for m in mail.outbox if "Você concluiu" in m.subject]
    assert len(completion_mails) == 1 and completion_mails[0].to == [person.email]


def test_completion_happens_once(make_person, make_course, django_capture_on_commit_callbacks):
    person = make_person()
    course = make_course(lessons=1)
    lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)
    services.lesson_complete(user=person, lesson=lessons[0])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
        first = Enrollment.objects.get().completed_at
        services.lesson_complete(user=person, lesson=lessons[0])
        enrollment = Enrollment.objects.get()
        assert services.enrollment_evaluate(enrollment=enrollment) is False
    assert Enrollment.objects.get().completed_at == first
    assert len([m for m in mail.outbox if "Você concluiu" in m.subject]) == 1
    assert callbacks  # the follow-up work was queued (once: the e-mail count above)


def test_failed_quiz_then_passed_within_the_attempts_limit(make_person, make_course):
    person = make_person()
    course = make_course(lessons=0)
    _lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)
    failed = services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=False))
    assert (failed.number, failed.score, failed.passed) == (1, 0, False)
    passed = services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    assert (passed.number, passed.passed) == (2, True)
    assert Enrollment.objects.get().is_completed


def test_attempts_limit_is_enforced(make_person, make_course):
    person = make_person()
    course = make_course(lessons=0)
    _lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)
    for _ in range(3):
        services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=False))
    with pytest.raises(services.LearningError, match="todas as 3 tentativas"):
        services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    assert QuizAttempt.objects.count() == 3
    assert not Enrollment.objects.get().is_completed


@pytest.mark.parametrize(
    "mangle",
    [
        lambda a, q: {**a, "pergunta-inexistente": ["x"]},
        lambda a, q: dict(list(a.items())[1:]),
        lambda a, q: {k: ["escolha-inexistente"] for k in a},
        lambda a, q: {k: v * 2 for k, v in a.items()},
        lambda a, q: {
            q[0]["id"]: [c["id"] for c in q[0]["choices"]],
            **{k: v for k, v in a.items() if k != q[0]["id"]},
        },
    ],
    ids=["unknown-question", "missing-question", "unknown-choice", "repeated", "two-on-single"],
)
def test_bad_quiz_answers_are_refused_and_nothing_is_recorded(make_person, make_course, mangle):
    person = make_person()
    course = make_course(lessons=0)
    _lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)
    answers = mangle(quiz_answers(quiz, correct=True), quiz.question_list())
    with pytest.raises(services.LearningError):
        services.quiz_submit(user=person, quiz=quiz, answers=answers)
    assert not QuizAttempt.objects.exists()


def test_learning_without_enrolment_is_refused(make_person, make_course):
    person = make_person()
    lessons, quiz = lessons_and_quiz(make_course())
    with pytest.raises(services.NotEnrolled):
        services.lesson_complete(user=person, lesson=lessons[0])
    with pytest.raises(services.NotEnrolled):
        services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    assert not LessonProgress.objects.exists() and not QuizAttempt.objects.exists()


def test_in_person_courses_do_not_complete_online(make_person, make_course):
    person = make_person()
    course = make_course(lessons=1, modality=Modality.BLENDED)
    lessons, quiz = lessons_and_quiz(course)
    services.enrollment_create(user=person, course=course)
    services.lesson_complete(user=person, lesson=lessons[0])
    services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    assert not Enrollment.objects.get().is_completed


def test_completed_courses_cannot_be_left(make_person, make_course):
    person = make_person()
    course = make_course(lessons=0)
    _lessons, quiz = lessons_and_quiz(course)
    enrollment = services.enrollment_create(user=person, course=course)
    services.quiz_submit(user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True))
    enrollment.refresh_from_db()
    with pytest.raises(services.LearningError):
        services.enrollment_cancel(enrollment=enrollment)


def test_deleting_an_enrolment_takes_its_progress_and_keeps_a_certified_one(
    make_person, make_course, certified
):
    person, course = make_person(), make_course(lessons=2)
    enrollment = services.enrollment_create(user=person, course=course)
    services.lesson_complete(user=person, lesson=lessons_and_quiz(course)[0][0])

    services.enrollment_delete(enrollment=enrollment)

    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert not LessonProgress.objects.filter(enrollment_id=enrollment.pk).exists()
    # A certificate is public evidence: its enrolment stays (revoking it withdraws it).
    certificate = certified()
    with pytest.raises(ProtectedError):
        services.enrollment_delete(enrollment=certificate.enrollment)
    assert Enrollment.objects.filter(pk=certificate.enrollment_id).exists()
