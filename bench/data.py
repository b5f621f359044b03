"""The benchmark's data: a city's worth of people, courses, completions and certificates.

Loaded straight into PostgreSQL with ``INSERT … SELECT generate_series`` (set-based, like
COPY, without a round trip per row), in steps, so one run measures the same pages at 10k,
100k and 1M completions. Every person has five enrolments in five different courses and
completed three of them, spread over four years; so 600,000 completions are 200,000 agents
and 1,000,000 enrolments, the city the issue describes. Every completion has its
certificate's record (the PDF itself is rendered on demand, as in production).

The organisation is the demo one (``seed_demo``) grown to 300 units under its departments,
in the 32 subprefeituras; the catalogue is the demo one grown to 60 courses (copies with their
lessons and quizzes) feeding the 10 goals, every fourth course feeding two.
"""

from __future__ import annotations

import io
import time

from django.db import connection, transaction

UNITS = 300
COURSES = 60
ENROLMENTS_PER_PERSON = 5
COMPLETED_PER_PERSON = 3
BENCH_DOMAIN = "capacita.bench"
LEARNER_EMAIL = f"aprendiz@{BENCH_DOMAIN}"
LEARNER_ENROLMENTS = 20


def people_for(completions: int) -> int:
    return -(-completions // COMPLETED_PER_PERSON)


def seed_base(*, units: int = UNITS, courses: int = COURSES, stdout=None) -> dict:
    """The demo organisation, plan and catalogue, grown to the benchmark's size. Idempotent."""
    from django.core.management import call_command

    from courses.models import CourseIndexPage, CoursePage, PlanGoal
    from lms.models import OrganisationalUnit, Territory

    started = time.perf_counter()
    call_command("seed_demo", force=True, stdout=stdout or io.StringIO())
    territories = list(Territory.objects.order_by("pk"))
    departments = list(OrganisationalUnit.objects.filter(depth=2).order_by("path"))
    missing = units - OrganisationalUnit.objects.count()
    for n in range(max(missing, 0)):
        parent = OrganisationalUnit.objects.get(pk=departments[n % len(departments)].pk)
        parent.add_child(
            acronym="UB",
            name=f"Unidade de bancada {n + 1:03d}",
            kind=OrganisationalUnit.Kind.UNIT,
            territory=territories[n % len(territories)],
        )
    catalogue = CourseIndexPage.objects.get()
    goals = list(PlanGoal.objects.order_by("code"))
    templates = list(CoursePage.objects.child_of(catalogue).live().order_by("path"))
    with transaction.atomic():
        for n in range(CoursePage.objects.count(), courses):
            source = templates[n % len(templates)]
            copy = source.copy(
                to=catalogue,
                recursive=True,
                keep_live=True,
                update_attrs={"title": f"{source.title} — turma {n + 1}", "slug": f"curso-{n + 1}"},
                log_action=None,
            )
            copy = CoursePage.objects.get(pk=copy.pk)
            linked = [goals[n % len(goals)]]
            if n % 4 == 0:
                linked.append(goals[(n + 3) % len(goals)])
            copy.plan_goals.set(linked)
            copy.save()
    return {
        "units": OrganisationalUnit.objects.count(),
        "territories": len(territories),
        "courses": CoursePage.objects.count(),
        "goals": len(goals),
        "seconds": time.perf_counter() - started,
    }


def grow_to(completions: int) -> dict:
    """Add people (with their enrolments, completions and certificates) up to ``completions``."""
    from enrollments.services import indicators_rebuild

    started = time.perf_counter()
    target = people_for(completions)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM lms_user WHERE registration_number LIKE 'BP-%%'")
        (have,) = cursor.fetchone()
        if target > have:
            insert_people(cursor, have + 1, target)
            _insert_enrolments(cursor, have + 1, target)
            _insert_certificates(cursor, have + 1, target)
    loaded = time.perf_counter() - started
    rebuild_started = time.perf_counter()
    indicators_rebuild()
    with connection.cursor() as cursor:
        # What autovacuum does by itself after bulk inserts: statistics for the planner, and
        # the visibility map that lets counts read an index alone. Measured right after a
        # bulk load without it, every index-only count also reads the table.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM enrollments_enrollment WHERE completed_at IS NOT NULL")
        (done,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM enrollments_enrollment")
        (enrolments,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM lms_user")
        (people,) = cursor.fetchone()
    return {
        "completions": done,
        "enrolments": enrolments,
        "people": people,
        "load_seconds": loaded,
        "rebuild_seconds": time.perf_counter() - rebuild_started,
    }


def insert_people(cursor, first: int, last: int) -> None:
    """People BP-``first`` … BP-``last`` (registration numbers), spread over every unit
    below the secretariats and every territory."""
    cursor.execute(
        """
        WITH u AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n
                   FROM lms_organisationalunit WHERE depth > 1),
             t AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM lms_territory)
        INSERT INTO lms_user (password, is_superuser, is_staff, is_active, date_joined,
            email, full_name, social_name, registration_number, job_title, unit_id,
            territory_id, managed_unit_id)
        SELECT '!', false, false, true, now() - interval '4 years',
            'p' || g || '@' || %s, 'Pessoa de Bancada ' || g, '', 'BP-' || g,
            'Agente de saúde', u.ids[1 + g %% u.n], t.ids[1 + (g / 7) %% t.n], NULL
        FROM generate_series(%s, %s) AS g, u, t
        """,
        [BENCH_DOMAIN, first, last],
    )


def _insert_enrolments(cursor, first: int, last: int) -> None:
    # Person g's k-th enrolment is in course (g + 7k) mod 60: five distinct courses, the first
    # three completed on a day spread over the last four years.
    cursor.execute(
        """
        WITH c AS (SELECT array_agg(page_ptr_id ORDER BY page_ptr_id) AS ids, count(*) AS n
                   FROM courses_coursepage),
             p AS (SELECT id, g, unit_id, territory_id FROM lms_user,
                   LATERAL (SELECT CASE WHEN registration_number ~ '^BP-[0-9]+$'
                                        THEN substr(registration_number, 4)::int END AS g) n
                   WHERE g BETWEEN %s AND %s)
        INSERT INTO enrollments_enrollment (user_id, course_id, enrolled_at, completed_at,
            completion_unit_id, completion_territory_id)
        SELECT p.id, c.ids[1 + (p.g + 7 * k) %% c.n], now() - interval '4 years',
            CASE WHEN k < %s THEN now() - ((p.g * 37 + k * 131) %% 1460) * interval '1 day' END,
            CASE WHEN k < %s THEN p.unit_id END,
            CASE WHEN k < %s THEN p.territory_id END
        FROM p, c, generate_series(0, %s) AS k
        """,
        [
            first,
            last,
            COMPLETED_PER_PERSON,
            COMPLETED_PER_PERSON,
            COMPLETED_PER_PERSON,
            ENROLMENTS_PER_PERSON - 1,
        ],
    )


def _insert_certificates(cursor, first: int, last: int) -> None:
    cursor.execute(
        """
        INSERT INTO certificates_certificate (enrollment_id, code, holder_name, course_title,
            workload_hours, modality, completed_on, class_dates, class_place, goals,
            issuing_body, layout, issued_at, version, pdf, revocation_reason)
        SELECT e.id, 'BN' || lpad(e.id::text, 18, '0'), u.full_name, p.title,
            c.workload_hours, c.modality, e.completed_at::date, '', '', '',
            'Prefeitura de São Paulo', '{}'::jsonb, e.completed_at, 1, '', ''
        FROM enrollments_enrollment e
        JOIN lms_user u ON u.id = e.user_id
        JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
        JOIN wagtailcore_page p ON p.id = c.page_ptr_id
        JOIN LATERAL (SELECT CASE WHEN u.registration_number ~ '^BP-[0-9]+$'
                                  THEN substr(u.registration_number, 4)::int END AS g) n ON true
        WHERE e.completed_at IS NOT NULL AND n.g BETWEEN %s AND %s
        """,
        [first, last],
    )


def seed_learner() -> dict:
    """The learner the pages are measured as: 20 enrolments, some done, a lesson half-way."""
    from allauth.account.models import EmailAddress

    from courses.models import CoursePage, LessonPage, QuizPage
    from enrollments.models import Enrollment, LessonProgress
    from lms.models import OrganisationalUnit, User

    learner, created = User.objects.get_or_create(
        email=LEARNER_EMAIL,
        defaults={
            "full_name": "Aprendiz de Bancada",
            "registration_number": "BENCH-LEARNER",
            "unit": OrganisationalUnit.objects.filter(depth=3).order_by("path").first(),
        },
    )
    EmailAddress.objects.get_or_create(
        user=learner, email=learner.email, defaults={"verified": True, "primary": True}
    )
    if created:
        from django.utils import timezone

        now = timezone.now()
        courses = list(CoursePage.objects.live().filter(modality="online").order_by("path"))
        courses += list(CoursePage.objects.live().exclude(modality="online").order_by("path"))
        for n, course in enumerate(courses[:LEARNER_ENROLMENTS]):
            enrolment = Enrollment.objects.create(user=learner, course=course, enrolled_at=now)
            lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
            done = lessons[: max(1, len(lessons) // 2)] if n % 3 else lessons
            for lesson in done:
                LessonProgress.objects.create(enrollment=enrolment, lesson=lesson, completed_at=now)
    first = Enrollment.objects.filter(user=learner).order_by("pk").first()
    lesson = LessonPage.objects.child_of(first.course).live().order_by("path").last()
    quiz = QuizPage.objects.child_of(first.course).live().first()
    return {
        "learner": learner,
        "lesson_url": lesson.url,
        "quiz_url": quiz.url,
        "course_url": first.course.url,
        "enrolments": Enrollment.objects.filter(user=learner).count(),
    }


def seed_load_learners(count: int) -> list:
    """Learners for the mixed load, each in a unit, none enrolled yet."""
    from allauth.account.models import EmailAddress

    from lms.models import OrganisationalUnit, User

    units = list(OrganisationalUnit.objects.filter(depth=3).order_by("path"))
    learners = []
    for n in range(count):
        user, _ = User.objects.get_or_create(
            email=f"carga{n}@{BENCH_DOMAIN}",
            defaults={
                "full_name": f"Cursista de Carga {n}",
                "registration_number": f"BENCH-LOAD-{n}",
                "unit": units[n % len(units)],
                "territory": units[n % len(units)].territory,
            },
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        learners.append(user)
    return learners
