"""Sessions of the people who see others' personal data (managers, administrators,
superusers) end after 30 minutes without activity and 8 hours at most; learners and trainers
keep theirs for two weeks. Whoever is logged out this way is told why on the log-in page,
and comes back to where they were once logged in again."""

import time
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.urls import reverse

import lms.middleware
from lms.mfa import totp_code
from lms.roles import Role
from tests.conftest import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.django_db

INDICATORS = reverse("plan_indicators:index")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Clock:
    """The sessions' clock, moved by hand."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, *, minutes: float = 0, hours: float = 0) -> None:
        self.now += minutes * 60 + hours * 3600


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(lms.middleware, "time", clock, raising=False)
    return clock


def log_in(client, person, *, url: str | None = None, code_at: float = 0) -> None:
    """The log-in form (and the code after it, for people with an app)."""
    response = client.post(
        url or reverse("account_login"), {"login": person.email, "password": PASSWORD}
    )
    if response.url == reverse("mfa_authenticate"):
        response = client.post(
            reverse("mfa_authenticate"),
            {"code": totp_code(TOTP_SECRET, at=time.time() + code_at)},
        )
    return response


def test_a_manager_idle_for_half_an_hour_logs_in_again_and_comes_back(client, make_person, clock):
    manager = make_person(role=Role.MANAGER)
    log_in(client, manager)
    assert client.get(INDICATORS).status_code == HTTPStatus.OK
    clock.advance(minutes=29)
    assert client.get(INDICATORS).status_code == HTTPStatus.OK  # activity keeps it going
    clock.advance(minutes=29)
    assert client.get(INDICATORS).status_code == HTTPStatus.OK

    clock.advance(minutes=31)
    wanted = INDICATORS + "?period=2025"
    response = client.get(wanted)
    login_url = f"{reverse('account_login')}?next={quote(wanted, safe='/')}"
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == login_url
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Sua sessão terminou depois de 30 minutos sem atividade" in page

    # A code of the next half-minute: the one typed at the first log-in works once only.
    back = log_in(client, manager, url=login_url, code_at=30)
    assert back.status_code == HTTPStatus.FOUND and back.url == wanted


def test_a_staff_session_lasts_eight_hours_at_most(client, make_person, clock):
    administrator = make_person(role=Role.ADMINISTRATOR)
    log_in(client, administrator)
    for _step in range(23):  # busy all day: a page every 20 minutes, 7 h 40 min
        clock.advance(minutes=20)
        assert client.get(reverse("wagtailadmin_home")).status_code == HTTPStatus.OK
    clock.advance(minutes=21)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    page = client.get(response.url).content.decode()
    assert "Sua sessão chegou ao limite de 8 horas" in page


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER])
def test_learners_and_trainers_keep_their_two_weeks(client, make_person, clock, role):
    person = make_person(role=role)
    log_in(client, person)
    clock.advance(hours=12)
    assert client.get(reverse("profile")).status_code == HTTPStatus.OK
    assert client.session.get_expiry_age() > 13 * 24 * 3600


def test_the_limits_come_from_the_environment(client, make_person, clock, settings):
    settings.CAPACITA_STAFF_SESSION_IDLE_MINUTES = 10
    manager = make_person(role=Role.MANAGER)
    log_in(client, manager)
    assert client.get(INDICATORS).status_code == HTTPStatus.OK
    clock.advance(minutes=11)
    assert client.get(INDICATORS).status_code == HTTPStatus.FOUND
