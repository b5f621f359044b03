"""Shared fixtures: people, roles and a small organisation tree."""

from __future__ import annotations

import itertools
import os
import time

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from lms.mfa import MFA_REQUIRED_ROLES, mfa_totp_activate, totp_code
from lms.models import OrganisationalUnit, Territory, User
from lms.roles import Role
from lms.services import person_add_role

# Fixtures that run real services in processes of a test's own (redis_server, …).
pytest_plugins = ["tests.processes"]

PASSWORD = "Senha-de-teste-123"
# The authenticator app of every test person who has one (tests.conftest.totp_now).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_sequence = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_postgresql() -> None:
    """Skip (fail in CI) a test that only means something on PostgreSQL: row locks, real
    concurrency, other processes sharing the test database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if in_ci():
            pytest.fail("CI must run this test on PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate-limit counters live in the cache; each test starts from zero. (With Redis this
    # empties the whole database: each pytest-xdist worker has one of its own, tests/workers.py.)
    cache.clear()
    yield
    cache.clear()


def totp_now(secret: str = TOTP_SECRET) -> str:
    """The code the authenticator app with ``secret`` shows now."""
    return totp_code(secret, at=time.time())


@pytest.fixture
def make_person(db):
    """A person with a verified e-mail who can log in with ``PASSWORD``.

    Managers, administrators and superusers have an authenticator app (``TOTP_SECRET``), as
    they must to use the admin; ``mfa=False`` makes one who has not activated it yet.
    """

    def make(
        *,
        role: Role | None = Role.LEARNER,
        email: str | None = None,
        mfa: bool | None = None,
        **fields,
    ) -> User:
        email = email or f"pessoa{next(_sequence)}@prefeitura.test"
        fields.setdefault("full_name", f"Pessoa de Teste {email.split('@')[0]}")
        user = User.objects.create_user(email=email, password=PASSWORD, **fields)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if role is not None:
            person_add_role(user=user, role=role)
        if mfa is None:
            mfa = role in MFA_REQUIRED_ROLES or user.is_superuser
        if mfa:
            mfa_totp_activate(user=user, secret=TOTP_SECRET)
        return user

    return make


@pytest.fixture
def organisation(db):
    """SMS → CRS Norte → UBS Casa Verde, SMS → CRS Sul, and SME → DRE Penha."""
    territory = Territory.objects.get(code="casa-verde-cachoeirinha")
    sms = OrganisationalUnit.add_root(
        acronym="SMS",
        name="Secretaria Municipal da Saúde",
        kind=OrganisationalUnit.Kind.SECRETARIAT,
    )
    crs_norte = sms.add_child(
        acronym="CRS Norte",
        name="Coordenadoria Regional Norte",
        kind=OrganisationalUnit.Kind.DEPARTMENT,
    )
    ubs = crs_norte.add_child(acronym="UBS", name="UBS Casa Verde", territory=territory)
    sms.refresh_from_db()
    crs_sul = sms.add_child(
        acronym="CRS Sul",
        name="Coordenadoria Regional Sul",
        kind=OrganisationalUnit.Kind.DEPARTMENT,
    )
    sme = OrganisationalUnit.add_root(
        acronym="SME",
        name="Secretaria Municipal de Educação",
        kind=OrganisationalUnit.Kind.SECRETARIAT,
    )
    dre = sme.add_child(acronym="DRE Penha", name="Diretoria Regional Penha")
    return {
        "sms": sms,
        "crs_norte": crs_norte,
        "ubs": ubs,
        "crs_sul": crs_sul,
        "sme": sme,
        "dre": dre,
    }


@pytest.fixture
def make_goal(organisation):
    """A plan goal (one axis for all), SMS responsible, target 100, over 2025 by default."""
    import datetime

    from courses.models import PlanAxis, PlanGoal

    axis = PlanAxis.objects.create(number=1, title="Formação de agentes públicos")

    def make(code: str, **fields) -> PlanGoal:
        fields.setdefault("title", f"Formar agentes ({code})")
        fields.setdefault("responsible_unit", organisation["sms"])
        fields.setdefault("target", 100)
        fields.setdefault("start_date", datetime.date(2025, 1, 1))
        fields.setdefault("end_date", datetime.date(2025, 12, 31))
        return PlanGoal.objects.create(code=code, axis=axis, **fields)

    return make


QUESTIONS = [
    {
        "text": "Quem tem direito ao atendimento no SUS?",
        "kind": "single",
        "choices": [
            {"text": "Todas as pessoas", "correct": True, "feedback": "Isso: o SUS é universal."},
            {"text": "Só quem tem documentos", "correct": False, "feedback": "Não é exigido."},
        ],
        "explanation": "A Constituição garante saúde a todos.",
    },
    {
        "text": "Quais documentos um imigrante pode apresentar?",
        "kind": "multiple",
        "choices": [
            {"text": "CRNM", "correct": True, "feedback": ""},
            {"text": "Passaporte", "correct": True, "feedback": ""},
            {"text": "Nenhum, não pode ser atendido", "correct": False, "feedback": "Errado."},
        ],
        "explanation": "Qualquer documento de identificação serve.",
    },
]


@pytest.fixture
def catalogue(db):
    from courses.models import CourseIndexPage

    return CourseIndexPage.objects.get()


@pytest.fixture
def make_course(catalogue):
    """A published course with ``lessons`` lessons (the last optional if asked) and a quiz."""
    from courses.models import CoursePage, LessonPage, QuizPage

    def make(*, title=None, lessons=2, optional_lesson=False, quiz=True, **fields) -> CoursePage:
        number = next(_sequence)
        fields.setdefault("summary", "Um curso de teste.")
        fields.setdefault("workload_hours", 4)
        course = catalogue.add_child(
            instance=CoursePage(title=title or f"Curso {number}", slug=f"curso-{number}", **fields)
        )
        for i in range(1, lessons + 1):
            course.add_child(
                instance=LessonPage(
                    title=f"Aula {i}",
                    slug=f"aula-{i}",
                    body=[("paragraph", f"<p>Conteúdo da aula {i}.</p>")],
                    required=not (optional_lesson and i == lessons),
                )
            )
        if quiz:
            course.add_child(
                instance=QuizPage(
                    title="Questionário",
                    slug="questionario",
                    attempts_limit=3,
                    questions=[("question", q) for q in QUESTIONS],
                )
            )
        return course

    return make


def quiz_answers(quiz, *, correct: bool) -> dict[str, list[str]]:
    """Answers for every question of ``quiz``: all right, or all wrong."""
    answers = {}
    for question in quiz.question_list():
        if correct:
            answers[question["id"]] = [c["id"] for c in question["choices"] if c["correct"]]
        else:
            answers[question["id"]] = [
                next(c["id"] for c in question["choices"] if not c["correct"])
            ]
    return answers


def complete_course(person, course, *, now=None):
    """Enrol ``person`` in ``course`` and pass everything, through the real services."""
    from courses.models import LessonPage, QuizPage
    from enrollments import services
    from enrollments.models import Enrollment

    services.enrollment_create(user=person, course=course, now=now)
    for lesson in LessonPage.objects.live().child_of(course).order_by("path"):
        services.lesson_complete(user=person, lesson=lesson, now=now)
    quiz = QuizPage.objects.live().child_of(course).first()
    if quiz is not None:
        services.quiz_submit(
            user=person, quiz=quiz, answers=quiz_answers(quiz, correct=True), now=now
        )
    return Enrollment.objects.get(user=person, course=course)


@pytest.fixture
def certified(make_person, make_course, django_capture_on_commit_callbacks):
    """A person who completed a course, with the certificate the platform issued for it."""

    def make(*, person=None, course=None, **person_fields):
        person = person or make_person(**person_fields)
        course = course or make_course(lessons=1)
        with django_capture_on_commit_callbacks(execute=True):
            enrollment = complete_course(person, course)
        return enrollment.certificate

    return make


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def xlsx_bytes(rows: list[list]) -> bytes:
    """A spreadsheet (XLSX) holding ``rows``, as a person would save one."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
