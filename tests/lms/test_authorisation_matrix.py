"""Who gets what from every URL: the authorisation matrix, generated from the URLconf.

Every URL in scope must have a row in ``tests/lms/authorisation_table.py`` (and every row a
URL), so a new view cannot ship without someone deciding who may use it. In scope:

- every pattern whose view is defined in the project's packages;
- every pattern written in the root URLconf itself (``lms/urls.py``), whatever its view;
- every URL of an admin viewset or snippet the project registers (``wagtail_hooks.py``),
  although Wagtail defines their views: their namespace and their permissions are ours;
- everything under ``/conta/``: allauth's pages, which the project relies on for signing in.

Out of scope: Wagtail's own admin (pages, images, documents, groups, reports, its generic
bulk actions…) and its front-end helpers (document serving, page passwords), which
Wagtail's own tests cover; only the project's additions to the admin are here.

Object-level checks follow the matrix: nobody sees another person's progress, certificate or
rows outside their entitlement, and the codes in public URLs cannot be guessed.
"""

from __future__ import annotations

import collections
import datetime
import math
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from certificates.codes import ALPHABET, LENGTH, code_new
from certificates.models import CertificateArchive
from courses.models import CertificateTemplate, LessonPage, MigraCidadesDimension, QuizPage
from enrollments import classes
from enrollments.models import BulkEnrolment, ClassSession, ClassStatus, CourseClass, Enrollment
from lms.models import PersonImport
from lms.roles import Role
from tests.lms.authorisation_table import MATRIX, POST, ROLES

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = ("lms", "home", "courses", "enrollments", "certificates")
ACCOUNT_PREFIX = "conta/"
# Wagtail's catch-all serves the project's pages: home, catalogue, courses, lessons, quizzes.
SITE_PAGES = {"wagtail_serve"}


# --- The URLs in scope ----------------------------------------------------------------------


def _in_project(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in PROJECT_PACKAGES


def _view_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def _project_admin_namespaces() -> set[str]:
    """The URL namespaces of the admin viewsets and snippets the project registers."""
    from wagtail.admin.viewsets import viewsets

    get_resolver().url_patterns  # noqa: B018 - building the URLconf registers the viewsets
    namespaces = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        # Wagtail's generic snippet and chooser viewsets are ours when their model is.
        app_label = model if isinstance(model, str) else getattr(model, "_meta", None)
        app_label = getattr(app_label, "app_label", app_label)
        ours = _in_project(type(viewset).__module__) or (
            isinstance(app_label, str) and _in_project(app_label)
        )
        if ours:
            namespaces.add(viewset.url_namespace)
    return namespaces


def _walk(patterns, prefix="", namespaces=(), top=True):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, False)
        else:
            route = prefix + str(pattern.pattern)
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield route, name, namespaces, _view_module(pattern), top


def urls_in_scope() -> dict[str, str]:
    """``{key: route}``: the key is the URL's name with its namespaces, else its route."""
    admin_namespaces = _project_admin_namespaces()
    found: dict[str, str] = {}
    seen_routes = set()
    for route, name, namespaces, module, top in _walk(get_resolver().url_patterns):
        if route in seen_routes:
            continue  # shadowed by an earlier pattern (the project's admin/account/)
        seen_routes.add(route)
        if (
            top
            or name in SITE_PAGES
            or _in_project(module)
            or route.startswith(ACCOUNT_PREFIX)
            or (namespaces and namespaces[-1] in admin_namespaces)
        ):
            found[name or route] = route
    return found


def test_every_url_in_scope_has_a_row_and_every_row_a_url():
    urls = urls_in_scope()
    rows = {row.key for row in MATRIX}
    missing = sorted(f"{key}  ({urls[key]})" for key in urls.keys() - rows)
    stale = sorted(rows - urls.keys())
    assert not missing, "URLs without a row in the authorisation matrix:\n" + "\n".join(missing)
    assert not stale, "Rows of the authorisation matrix without a URL:\n" + "\n".join(stale)


def test_the_scope_holds_the_project_s_admin_additions():
    # A guard on the enumeration itself: if it found nothing, the matrix would prove nothing.
    urls = urls_in_scope()
    for key in (
        "people_import:detail",
        "classes_admin:edit",
        "territories:index",
        "wagtailsnippets_courses_plangoal:edit",
        "certificate_download",
        "account_login",
        "wagtail_serve",
    ):
        assert key in urls, key
    assert not any(
        key.startswith(("wagtailimages", "wagtaildocs_", "wagtailadmin_pages")) for key in urls
    )


# --- The world every row is tried in ----------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(
    make_person, organisation, make_course, make_goal, certified, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    people = {
        "learner": make_person(unit=organisation["ubs"], full_name="Ana Cursista Norte"),
        "other_learner": make_person(unit=organisation["crs_sul"], full_name="Bia Cursista Sul"),
        "trainer": make_person(role=Role.TRAINER, full_name="Caio Formador"),
        "manager": make_person(
            role=Role.MANAGER, managed_unit=organisation["crs_norte"], full_name="Gestora Norte"
        ),
        "other_manager": make_person(
            role=Role.MANAGER, managed_unit=organisation["crs_sul"], full_name="Gestora Sul"
        ),
        "city_manager": make_person(role=Role.MANAGER, full_name="Gestora da Cidade"),
        "administrator": make_person(role=Role.ADMINISTRATOR, full_name="Adm Plataforma"),
    }
    # The course feeds a goal, so both completions are in the managers' figures and exports.
    goal = make_goal(
        "M1", start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2035, 12, 31)
    )
    course = make_course(lessons=1)
    course.plan_goals.set([goal])
    course.save()
    certificate = certified(person=people["learner"], course=course)
    other_certificate = certified(person=people["other_learner"], course=course)
    # Both learners are enrolled: lessons and quizzes are theirs alone.
    class_course = make_course(modality="in_person", lessons=0, quiz=False)
    course_class = CourseClass.objects.create(
        course=class_course,
        code="T-1",
        place="Rua Líbero Badaró, 425",
        capacity=10,
        status=ClassStatus.OPEN,
    )
    for week in range(2):
        ClassSession.objects.create(
            course_class=course_class,
            date=datetime.date(2026, 3, 2) + datetime.timedelta(days=7 * week),
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
        )
    course_class.trainers.add(people["trainer"])
    classes.class_enrol(course_class=course_class, user=people["learner"])
    manager = people["manager"]
    archive = CertificateArchive.objects.create(
        requested_by=manager,
        requested_at=timezone.now(),
        scope_unit=organisation["crs_norte"],
        status=CertificateArchive.Status.DONE,
        total=1,
    )
    archive.file.save("certificados.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    return SimpleNamespace(
        people=people,
        **people,
        home_page=Site.objects.get(is_default_site=True).root_page.specific,
        catalogue=course.get_parent().specific,
        course=course,
        lesson=LessonPage.objects.child_of(course).get(),
        quiz=QuizPage.objects.child_of(course).get(),
        certificate=certificate,
        certificate_code=certificate.display_code,
        other_certificate=other_certificate,
        course_class=course_class,
        session=course_class.sessions.first(),
        class_enrollment=Enrollment.objects.get(user=people["learner"], course=class_course),
        goal=goal,
        axis=goal.axis,
        dimension=MigraCidadesDimension.objects.create(edition_year=2025, number=1, name="Saúde"),
        certificate_template=CertificateTemplate.objects.create(name="Modelo", body="{name}"),
        unit=organisation["ubs"],
        territory=organisation["ubs"].territory,
        person_import=PersonImport.objects.create(
            uploaded_by=manager,
            original_filename="pessoas.csv",
            status=PersonImport.Status.VALIDATED,
        ),
        archive=archive,
        bulk=BulkEnrolment.objects.create(requested_by=manager, course=course, source="lista.csv"),
    )


def _path(row, world) -> str:
    if row.path is not None:
        return row.path(world)
    args = []
    for attribute in row.args:
        obj = getattr(world, attribute)
        args.append(getattr(obj, "pk", obj))
    return reverse(row.key, args=args)


LOGIN_PATHS = ("/conta/login/", "/conta/equipe/")


def outcome_of(response, path: str) -> str:
    """The named outcome of a response (see the table's docstring); anything else by code."""
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY, HTTPStatus.SEE_OTHER):
        location = response["Location"].split("?")[0]
        if location.startswith(LOGIN_PATHS):
            return "login"
        if location == reverse("wagtailadmin_home") and path.startswith("/admin/"):
            return "403"  # Wagtail refuses with a message on the dashboard
        return "ok"
    if status in (
        HTTPStatus.UNAUTHORIZED,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
        HTTPStatus.METHOD_NOT_ALLOWED,
    ):
        return str(status)
    return f"HTTP {status}"


def request_as(user, method: str, path: str):
    """One request in a transaction rolled back after it: the world stays as it was."""
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.post(path) if method == POST else client.get(path)
        transaction.set_rollback(True)
    return response


def test_each_role_gets_what_the_matrix_says_from_every_url(world):
    from django.core.cache import cache

    mismatches = []
    for row in MATRIX:
        path = _path(row, world)
        for role in ROLES:
            cache.clear()  # rate limits and cached pages: each request on its own
            response = request_as(world.people.get(role), row.method, path)
            got = outcome_of(response, path)
            if got != row.expected[role]:
                where = response.get("Location", "")
                mismatches.append(
                    f"{row.method:4} {path:55} {role:14} expected {row.expected[role]:5} "
                    f"got {got} {where} {row.note}"
                )
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)


# --- Object level: whose rows each person sees -------------------------------------------------


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _as(user, path: str) -> str:
    response = request_as(user, "GET", path)
    assert response.status_code == HTTPStatus.OK, path
    return _body(response)


SCOPED_PAGES = [
    ("certificates:index", ()),
    ("plan_indicators:agents", ("?format=csv",)),
]


@pytest.mark.parametrize(("name", "query"), SCOPED_PAGES)
def test_a_unit_manager_sees_only_their_unit_s_people_and_the_city_manager_everyone(
    world, name, query
):
    path = reverse(name) + "".join(query)
    inside, outside = world.learner, world.other_learner
    for manager, sees_outside in (
        (world.manager, False),
        (world.other_manager, True),
        (world.city_manager, True),
        (world.administrator, True),
    ):
        text = _as(manager, path)
        sees_inside = manager != world.other_manager
        assert (inside.full_name in text) is sees_inside, (manager, path)
        assert (outside.full_name in text) is sees_outside, (manager, path)
        assert (outside.email in text) is False or sees_outside, (manager, path)


def test_the_other_unit_s_certificate_is_not_found_by_the_unit_manager(world):
    other = world.other_certificate
    for path in (
        reverse("certificates:inspect", args=[other.pk]),
        reverse("certificate_download", args=[other.display_code]),
    ):
        assert request_as(world.manager, "GET", path).status_code == HTTPStatus.NOT_FOUND
        assert request_as(world.city_manager, "GET", path).status_code == HTTPStatus.OK


def test_a_learner_sees_nothing_of_another_learner(world):
    mine, theirs = world.learner, world.other_learner
    for path in (reverse("my_learning"), reverse("my_data"), reverse("profile")):
        text = _as(theirs, path)
        assert mine.full_name not in text and mine.email not in text, path
    assert world.certificate.display_code not in _as(theirs, reverse("my_learning"))
    assert world.certificate.display_code in _as(mine, reverse("my_learning"))
    # Nor the class A is in: its roster and attendance are for those who run it.
    for path in (
        reverse("class_detail", args=[world.course_class.pk]),
        reverse("class_attendance", args=[world.course_class.pk, world.session.pk]),
        reverse("class_attendance_sheet", args=[world.course_class.pk]),
    ):
        response = request_as(theirs, "GET", path)
        assert response.status_code == HTTPStatus.FORBIDDEN, path
        assert mine.full_name not in _body(response)


def test_a_trainer_reaches_only_the_classes_they_teach(world, make_person):
    stranger = make_person(role=Role.TRAINER)
    pk = world.course_class.pk
    for path in (
        reverse("class_detail", args=[pk]),
        reverse("class_attendance", args=[pk, world.session.pk]),
        reverse("class_attendance_sheet", args=[pk]),
        reverse("classes_admin:edit", args=[pk]),
        reverse("classes_admin:history", args=[pk]),
        reverse("classes_admin:history_results", args=[pk]),
        reverse("classes_admin:usage", args=[pk]),
    ):
        assert outcome_of(request_as(stranger, "GET", path), path) == "403", path
        assert outcome_of(request_as(world.trainer, "GET", path), path) == "ok", path
    assert world.course_class.code not in _as(stranger, reverse("classes_admin:index"))


# --- Identifiers in URLs ------------------------------------------------------------------------


def test_certificate_codes_cannot_be_guessed(world):
    # The PDF and the public verification are addressed by the code, never by the row's id.
    assert (
        request_as(world.learner, "GET", f"/certificates/{world.certificate.pk}/pdf/").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert LENGTH * math.log2(len(ALPHABET)) >= 80  # bits: far beyond guessing
    codes = [world.certificate.code, world.other_certificate.code]
    codes += [code_new() for _ in range(500)]
    assert len(set(codes)) == len(codes)
    # Consecutive certificates share no telling prefix, and every symbol is used.
    assert world.certificate.code[:4] != world.other_certificate.code[:4]
    assert collections.Counter("".join(codes)).keys() == set(ALPHABET)


def test_the_ids_of_other_people_s_objects_lead_nowhere(world):
    """Imports, ZIPs and bulk enrolments carry people's data under sequential ids: another
    manager who counts them up finds nothing (not even that they exist)."""
    for name, obj in (
        ("people_import:detail", world.person_import),
        ("certificate_archives:detail", world.archive),
        ("certificate_archives:download", world.archive),
        ("bulk_enrolment:detail", world.bulk),
    ):
        path = reverse(name, args=[obj.pk])
        missing = reverse(name, args=[obj.pk + 1000])
        for manager in (world.other_manager, world.city_manager, world.administrator):
            assert request_as(manager, "GET", path).status_code == HTTPStatus.NOT_FOUND
            assert request_as(manager, "GET", missing).status_code == HTTPStatus.NOT_FOUND
