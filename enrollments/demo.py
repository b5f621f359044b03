"""Demo learners and their learning over the last two years (all invented, labelled demo).

Everything goes through the real services with past dates, so completions carry the unit
and territory of their moment exactly as real ones do. A fixed random seed keeps the data
the same on every run; existing demo learners are left as they are.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from courses import demo_content as content
from courses.models import CoursePage, LessonPage, QuizPage
from lms.models import OrganisationalUnit, Territory, User
from lms.roles import Role
from lms.services import person_add_role

from . import services
from .models import Enrollment, GoalAttainment


def _answers(quiz: QuizPage, *, correct: bool) -> dict[str, list[str]]:
    answers = {}
    for question in quiz.question_list():
        right = [c["id"] for c in question["choices"] if c["correct"]]
        wrong = [c["id"] for c in question["choices"] if not c["correct"]]
        answers[question["id"]] = right if correct or not wrong else wrong[:1]
    return answers


def _learn(
    user: User, course: CoursePage, *, start: datetime, finish: bool, rng: random.Random
) -> None:
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    quiz = QuizPage.objects.live().child_of(course).first()
    services.enrollment_create(user=user, course=course, now=start)
    moment = start
    read = lessons if finish else lessons[: rng.randint(0, max(len(lessons) - 1, 0))]
    for lesson in read:
        moment += timedelta(hours=rng.randint(2, 72))
        services.lesson_complete(user=user, lesson=lesson, now=moment)
    if finish and quiz is not None:
        if rng.random() < 0.3:  # some fail the first attempt
            moment += timedelta(hours=1)
            services.quiz_submit(
                user=user, quiz=quiz, answers=_answers(quiz, correct=False), now=moment
            )
        moment += timedelta(hours=2)
        services.quiz_submit(user=user, quiz=quiz, answers=_answers(quiz, correct=True), now=moment)


def seed_learners(now: datetime | None = None) -> int:
    now = now or timezone.now()
    rng = random.Random(2024)
    online = list(CoursePage.objects.live().filter(modality="online").order_by("pk"))
    service_units = list(OrganisationalUnit.objects.filter(depth__gte=2).order_by("path"))
    territories = list(Territory.objects.order_by("pk"))
    created = 0
    for number, name in enumerate(content.DEMO_LEARNER_NAMES, start=1):
        email = f"servidor{number:02d}@capacita.demo"
        if User.objects.filter(email=email).exists():
            continue
        unit = rng.choice(service_units)
        secretariat = unit.secretariat()
        titles = content.DEMO_JOB_TITLES.get(secretariat.acronym) or ["Servidor(a) público(a)"]
        user = User.objects.create_user(
            email=email,
            password=None,  # demo learners cannot log in; the demo accounts in lms can
            full_name=name,
            registration_number=f"DEMO-{200000 + number}",
            job_title=rng.choice(titles),
            unit=unit,
            territory=unit.territory or rng.choice(territories),
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        person_add_role(user=user, role=Role.LEARNER)
        for course in rng.sample(online, k=min(len(online), rng.randint(1, 4))):
            start = now - timedelta(days=rng.randint(20, 730))
            _learn(user, course, start=start, finish=rng.random() < 0.7, rng=rng)
        created += 1
    return created


def seed_demo_learner_account(now: datetime | None = None) -> None:
    """The demo learner account: one course completed, one in progress, the rest untouched."""
    now = now or timezone.now()
    user = User.objects.get(email="cursista@capacita.demo")
    if Enrollment.objects.filter(user=user).exists():
        return
    rng = random.Random(7)
    courses = list(CoursePage.objects.live().filter(modality="online").order_by("pk"))
    if len(courses) >= 2:
        _learn(user, courses[1], start=now - timedelta(days=90), finish=True, rng=rng)
        _learn(
            user, courses[2 % len(courses)], start=now - timedelta(days=10), finish=False, rng=rng
        )


def seed_classes(now: datetime | None = None) -> int:
    """Classes of the blended course: one closed three months ago (its attendees completed
    through the class), one open for enrolment, both run by the demo trainer."""
    from datetime import time

    from . import classes
    from .models import ClassSession, ClassStatus, CourseClass

    now = now or timezone.now()
    course = CoursePage.objects.live().filter(modality="blended").order_by("pk").first()
    trainer = User.objects.filter(email="formadora@capacita.demo").first()
    if course is None or CourseClass.objects.filter(code__startswith="DEMO-").exists():
        return 0
    rng = random.Random(11)
    territory = Territory.objects.order_by("pk").first()
    plans = [
        ("DEMO-PARTO-01", now - timedelta(days=120), ClassStatus.RUNNING, 16),
        ("DEMO-PARTO-02", now + timedelta(days=14), ClassStatus.OPEN, 20),
    ]
    learners = list(User.objects.filter(email__startswith="servidor").order_by("pk")[:20])
    made = []
    for code, start, status, capacity in plans:
        course_class = CourseClass.objects.create(
            course=course,
            code=code,
            place="Escola Municipal de Saúde – Rua Gomes de Carvalho, 250, sala 4 (demonstração)",
            territory=territory,
            capacity=capacity,
            status=status,
        )
        if trainer is not None:
            course_class.trainers.add(trainer)
        for week in range(4):
            ClassSession.objects.create(
                course_class=course_class,
                date=timezone.localdate(start) + timedelta(days=7 * week),
                starts_at=time(9),
                ends_at=time(13),
            )
        made.append(course_class)
    past, upcoming = made
    for user in learners[:12]:
        _learn(user, course, start=now - timedelta(days=150), finish=True, rng=rng)
        classes.class_enrol(
            course_class=past, user=user, by_staff=True, now=now - timedelta(days=130)
        )
    for session in past.sessions.all():
        for enrollment in Enrollment.objects.filter(course_class=past):
            status = "present" if rng.random() < 0.85 else rng.choice(["absent", "justified"])
            classes.attendance_mark(
                session=session,
                enrollment=enrollment,
                status=status,
                by=trainer,
                now=now - timedelta(days=100),
            )
    classes.class_close(course_class=past, by=trainer, now=now - timedelta(days=95))
    for user in learners[12:17]:
        classes.class_enrol(course_class=upcoming, user=user, by_staff=True)
    return len(made)


def seed_demo(stdout) -> None:
    with transaction.atomic():
        created = seed_learners()
        seed_demo_learner_account()
        class_count = seed_classes()
        # The trend of past months, as the monthly task would have kept it.
        snapshots = services.indicator_snapshots_backfill()
    stdout.write(
        f"  aprendizagem: {created} cursistas de demonstração novos; "
        f"{Enrollment.objects.count()} inscrições, "
        f"{Enrollment.objects.completed().count()} conclusões; "
        f"{class_count} turmas presenciais novas (veja /turmas/ como formadora)"
    )
    trained = GoalAttainment.objects.filter(modality=GoalAttainment.ANY_MODALITY).count()
    stdout.write(
        f"  indicadores: {trained} agentes formados por meta; "
        f"{snapshots} retratos mensais novos; veja /admin/indicators/ e /api/indicators/goals/"
    )
