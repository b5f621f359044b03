"""The demo data (``seed_demo``, seeded once for this module): idempotent, and its accounts,
scopes, labels, pages and learning fill every screen."""

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage, PlanGoal, QuizPage
from enrollments.models import Enrollment
from lms.demo import DEMO_ACCOUNTS
from lms.mfa import MFA_REQUIRED_ROLES
from lms.models import OrganisationalUnit, Territory, User
from lms.roles import Role
from lms.scopes import manager_scope

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded once (it takes a while) for every test here, each test's changes rolled
    back in its own savepoint, and the whole rolled back after the module. Its output."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def counts():
    return (
        User.objects.count(),
        OrganisationalUnit.objects.count(),
        Territory.objects.count(),
        Page.objects.count(),
        Certificate.objects.count(),
    )


def test_seed_demo_is_idempotent_and_prints_the_accounts(demo):
    first = counts()
    seed()
    assert counts() == first
    assert first[2] == 32
    for account in DEMO_ACCOUNTS:
        assert account.email in demo and account.password in demo
    # Every demo completion has its certificate, signed by the demo signatories.
    completions = Enrollment.objects.completed().count()
    assert Certificate.objects.count() == completions > 0
    mine = Certificate.objects.get(enrollment__user__email="cursista@capacita.demo")
    assert [s["name"] for s in mine.layout["signatories"]] == [
        "Beatriz Almeida (demo)",
        "Ricardo Nunes Ferreira (demo)",
    ]
    assert mine.display_code in demo


def test_every_demo_account_logs_in_with_its_role(client, demo):
    for account in DEMO_ACCOUNTS:
        response = client.post(
            reverse("account_login"), {"login": account.email, "password": account.password}
        )
        if account.role in MFA_REQUIRED_ROLES:
            # Staff are asked for their authenticator app's code, which the demo prints.
            assert response.url == reverse("mfa_authenticate"), account.email
            code = io.StringIO()
            call_command("demo_totp_code", stdout=code, stderr=io.StringIO())
            client.post(reverse("mfa_authenticate"), {"code": code.getvalue().strip()})
        user = User.objects.get(email=account.email)
        assert int(client.session["_auth_user_id"]) == user.pk, account.email
        assert user.groups.filter(name=account.role.value).exists()
        client.post(reverse("account_logout"))


def test_demo_managers_scopes(demo):
    sms_manager = User.objects.get(email="gestora.sms@capacita.demo")
    assert manager_scope(sms_manager).unit.acronym == "SMS"
    city_manager = User.objects.get(email="gestor.cidade@capacita.demo")
    assert manager_scope(city_manager).is_city_wide
    learner = User.objects.get(email="cursista@capacita.demo")
    assert learner in manager_scope(sms_manager).people()
    assert manager_scope(learner) is None
    assert learner.groups.filter(name=Role.LEARNER.value).exists()


def test_invented_units_and_people_are_labelled_demo(demo):
    invented = OrganisationalUnit.objects.filter(kind=OrganisationalUnit.Kind.UNIT).exclude(
        acronym="CRAI"
    )
    assert invented.exists()
    assert all("(demo)" in unit.name for unit in invented)
    assert all("(demo)" in u.full_name for u in User.objects.all())


def test_demo_learning_fills_every_screen(demo):
    assert PlanGoal.objects.count() == 10
    assert CoursePage.objects.live().count() == 11
    for course in CoursePage.objects.live():
        assert 3 <= LessonPage.objects.live().child_of(course).count() <= 6
        assert QuizPage.objects.live().child_of(course).count() == 1
        assert course.plan_goals.exists()
    completions = Enrollment.objects.completed()
    assert completions.count() >= 50
    assert completions.values("completion_unit").distinct().count() >= 5
    assert completions.values("completion_territory").distinct().count() >= 5
    dates = sorted(completions.values_list("completed_at", flat=True))
    assert (dates[-1] - dates[0]).days > 365  # spread over the last two years
    assert Enrollment.objects.filter(completed_at__isnull=True).exists()


def test_demo_site_has_its_standard_pages_and_privacy_link(client, demo):
    body = client.get("/").content.decode()
    assert 'href="/sobre/"' in body and 'href="/ajuda/"' in body
    assert "Privacidade e dados pessoais (LGPD)" in body
    assert "Ambiente de demonstração." in body
    privacy = client.get("/privacidade/")
    assert privacy.status_code == HTTPStatus.OK
    assert "LGPD" in privacy.content.decode()
