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


def test_one_person_completing_two_courses_of_a_goal_at_once_counts_once_from_the_first(
    make_person, make_course, organisation
):
    """The indicators' first-completion row survives two completions racing each other."""
    import datetime

    from django.utils import timezone

    from courses.models import PlanAxis, PlanGoal
    from enrollments import indicators
    from enrollments.models import GoalAttainment, GoalCompletion

    axis = PlanAxis.objects.create(number=8, title="Saúde")
    goal = PlanGoal.objects.create(
        code="M01",
        title="Formar agentes da saúde",
        axis=axis,
        responsible_unit=organisation["sms"],
        target=10,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2028, 12, 31),
    )
    courses = [make_course(lessons=1, quiz=False) for _ in range(2)]
    for course in courses:
        course.plan_goals.add(goal)
        course.save()
    person = make_person(registration_number="123456-7", unit=organisation["ubs"])
    lessons = [LessonPage.objects.child_of(c).get() for c in courses]
    for course in courses:
        services.enrollment_create(user=person, course=course)
    earlier = timezone.now() - datetime.timedelta(days=3)
    later = timezone.now() - datetime.timedelta(days=1)

    errors = run_together(
        lambda: services.lesson_complete(user=person, lesson=lessons[0], now=later),
        lambda: services.lesson_complete(user=person, lesson=lessons[1], now=earlier),
    )
    assert errors == []
    assert GoalCompletion.objects.filter(goal=goal).count() == 2
    attainment = GoalAttainment.objects.get(goal=goal, modality=GoalAttainment.ANY_MODALITY)
    assert attainment.user_id == person.pk
    assert attainment.first_completed_at == earlier
    assert indicators.trained_counts(indicators.CITY) == {goal.pk: 1}


def test_concurrent_class_enrolments_take_each_seat_once_and_queue_the_rest(
    make_person, make_course
):
    from enrollments import classes
    from enrollments.models import CourseClass, WaitingListEntry

    course = make_course(modality="in_person", lessons=0, quiz=False)
    course_class = CourseClass.objects.create(
        course=course, code="CONC-1", place="Sala 1", capacity=2, status="open"
    )
    people = [make_person() for _ in range(6)]
    errors = run_together(
        *[
            (lambda person=person: classes.class_enrol(course_class=course_class, user=person))
            for person in people
        ]
    )
    assert errors == []
    assert classes.seats_taken(course_class) == 2
    assert WaitingListEntry.objects.filter(course_class=course_class).count() == 4


def test_closing_a_class_twice_at_once_completes_each_person_once(make_person, make_course):
    import datetime

    from certificates.models import Certificate
    from enrollments import classes
    from enrollments.models import ClassSession, CourseClass

    course = make_course(modality="in_person", lessons=0, quiz=False)
    course_class = CourseClass.objects.create(
        course=course, code="CONC-2", place="Sala 2", capacity=5, status="running"
    )
    session = ClassSession.objects.create(
        course_class=course_class,
        date=datetime.date(2026, 3, 2),
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
    )
    people = [make_person() for _ in range(3)]
    for person in people:
        classes.class_enrol(course_class=course_class, user=person, by_staff=True)
        classes.attendance_mark(
            session=session,
            enrollment=Enrollment.objects.get(user=person),
            status="present",
            by=None,
        )
    errors = run_together(
        lambda: classes.class_close(course_class=course_class),
        lambda: classes.class_close(course_class=course_class),
    )
    assert len(errors) == 1  # the second finds it closed
    assert Enrollment.objects.completed().count() == 3
    assert Certificate.objects.count() == 3
    assert len([m for m in mail.outbox if "Você concluiu" in m.subject]) == 3
