"""Every way into an account goes through the site's own, verified, rate-limited flows."""

import re
import time
from http import HTTPStatus

import pytest
from allauth.core.internal import ratelimit
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from lms.models import User
from lms.roles import Role
from tests.conftest import PASSWORD, totp_now

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "org"  # 308 characters


def test_wagtails_own_log_in_form_is_not_a_way_around_verification(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nova@prefeitura.test",
            "full_name": "Nova",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.logout()
    response = client.post(
        "/admin/login/", {"username": "nova@prefeitura.test", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("staff_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("profile")).status_code == HTTPStatus.FOUND


def test_admin_account_page_does_not_change_the_email(client, make_person):
    person = make_person(role=Role.TRAINER, email="formadora@prefeitura.test")
    client.force_login(person)
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == HTTPStatus.OK
    assert 'name="name_email-email"' not in page.content.decode()
    client.post(reverse("wagtailadmin_account"), {"name_email-email": "outro@exemplo.org"})
    person.refresh_from_db()
    assert person.email == "formadora@prefeitura.test"


def test_too_long_email_is_refused_with_a_message(client, make_person):
    response = client.post(
        reverse("account_signup"),
        {"email": LONG_EMAIL, "full_name": "Longo", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == HTTPStatus.OK
    assert not User.objects.filter(full_name="Longo").exists()

    client.force_login(make_person())
    response = client.post(reverse("account_email"), {"action_add": "", "email": LONG_EMAIL})
    assert response.status_code == HTTPStatus.OK
    assert "Este endereço de e-mail é longo demais" in response.content.decode()


def test_only_superusers_can_grant_superuser(client, make_person):
    administrator = make_person(role=Role.ADMINISTRATOR)
    other = make_person(full_name="Outra Pessoa")
    client.force_login(administrator)
    edit_url = reverse("wagtailusers_users:edit", args=[other.pk])
    assert re.search(
        r'<input[^>]*name="is_superuser"[^>]*disabled', client.get(edit_url).content.decode()
    )
    client.post(
        edit_url,
        {
            "email": other.email,
            "full_name": "Outra Pessoa",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=Role.LEARNER.value).pk],
        },
    )
    other.refresh_from_db()
    assert not other.is_superuser

    superuser = make_person(role=None, is_superuser=True)
    client.force_login(superuser)
    page = client.get(edit_url).content.decode()
    assert 'name="is_superuser"' in page
    assert not re.search(r'<input[^>]*name="is_superuser"[^>]*disabled', page)


# --- Sign-up, reset and log-in cost the same whether the address has an account ----------------


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts the passwords it hashes (a real one takes ~0.3 s each)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    """``hashes()``: how many passwords were hashed since the last call."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]

    def count() -> int:
        counted, CountingHasher.hashed = CountingHasher.hashed, 0
        return counted

    return count


def sign_up(email: str):
    return Client().post(
        reverse("account_signup"),
        {"email": email, "full_name": "Alguém", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_does_the_same_work_for_a_known_address_as_for_a_new_one(make_person, hashes):
    """A new account's password is hashed (on purpose slowly): an address that already has
    an account had its sign-up answered in a tenth of the time, which told that it exists."""
    known = make_person(email="conhecida@prefeitura.test")
    hashes()
    mail.outbox.clear()
    new = sign_up("nova@prefeitura.test")
    new_cost, new_mail = hashes(), len(mail.outbox)
    mail.outbox.clear()
    again = sign_up(known.email)
    assert (hashes(), len(mail.outbox)) == (new_cost, new_mail) == (1, 1)
    assert again.status_code == new.status_code == HTTPStatus.FOUND
    assert again.url == new.url
    assert User.objects.filter(email=known.email).count() == 1


def test_log_in_and_password_reset_do_the_same_work_for_known_and_unknown_addresses(
    make_person, hashes
):
    known = make_person(email="conhecida@prefeitura.test")
    hashes()
    costs = {}
    for email in (known.email, "ninguem@prefeitura.test"):
        Client().post(reverse("account_login"), {"login": email, "password": "errada-12345"})
        mail.outbox.clear()
        Client().post(reverse("account_reset_password"), {"email": email})
        costs[email] = (hashes(), len(mail.outbox))
    assert costs[known.email] == costs["ninguem@prefeitura.test"]


# --- Failed log-ins slow the guesser down, not the owner ------------------------------------------

GUESSER = "203.0.113.66"
OWNER = "198.51.100.7"
TOO_MANY = "Muitas tentativas de login falharam"


def log_in(client, email: str, password: str, ip: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


class Clock:
    """The rate limits' clock, moved by hand."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ratelimit, "time", clock)
    return clock


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_wrong_passwords_hold_back_the_guesser_not_the_owner(client, make_person):
    """Five wrong passwords for an account from one address used to lock the account for
    everyone for five minutes, again and again: anyone could keep a manager out."""
    person = make_person()
    guesser = Client()
    for _attempt in range(5):
        log_in(guesser, person.email, "errada-123", GUESSER)
    refused = log_in(guesser, person.email, PASSWORD, GUESSER)
    assert TOO_MANY in refused.content.decode()
    assert not logged_in(guesser)

    log_in(client, person.email, PASSWORD, OWNER)
    assert int(client.session["_auth_user_id"]) == person.pk


def test_the_guesser_waits_longer_and_longer(make_person, clock):
    """Per address and account: 5 tries in 5 minutes, 10 in an hour, 20 in a day."""
    person = make_person()
    guesser = Client()

    def tries_left() -> int:
        tries = 0
        while TOO_MANY not in log_in(guesser, person.email, "errada-123", GUESSER).content.decode():
            tries += 1
            assert tries <= 20
        return tries

    assert tries_left() == 5
    clock.advance(6)
    assert tries_left() == 5
    clock.advance(6)
    assert tries_left() == 0  # ten in the hour
    clock.advance(60)
    assert tries_left() == 5
    clock.advance(6)
    assert tries_left() == 5
    clock.advance(61)
    assert tries_left() == 0  # twenty in the day
    clock.advance(24 * 60)
    assert tries_left() == 5


def test_guessing_from_many_addresses_meets_a_ceiling_which_the_owners_reset_lifts(
    client, make_person
):
    """Against guessing from many addresses, an account takes at most 100 wrong passwords an
    hour; past that its owner waits too, unless they reset their password by e-mail."""
    person = make_person()
    for attempt in range(100):
        log_in(Client(), person.email, "errada-123", f"192.0.2.{attempt // 5}")
    assert TOO_MANY in log_in(client, person.email, PASSWORD, OWNER).content.decode()
    assert not logged_in(client)

    reset_password(client, person.email, "Senha-nova-da-dona-1", ip=OWNER)
    log_in(client, person.email, "Senha-nova-da-dona-1", OWNER)
    assert int(client.session["_auth_user_id"]) == person.pk


def reset_password(client, email: str, password: str, *, ip: str) -> None:
    """ "Forgot your password?": the e-mail's link, then the new password."""
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=ip)
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/conta/password/reset/key/\S+/)", message.body).group(1)
    form = client.get(link, REMOTE_ADDR=ip, follow=True)
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": password, "password2": password},
        REMOTE_ADDR=ip,
    )


def test_a_reset_password_also_lifts_the_hold_on_codes(client, make_person):
    """Someone who learnt a manager's password can spend the account's tries at the code
    asked after it; the owner's reset (which the guesser cannot follow) gives them back."""
    manager = make_person(role=Role.MANAGER)
    guesser = Client()
    log_in(guesser, manager.email, PASSWORD, GUESSER)
    for _attempt in range(5):
        guesser.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR=GUESSER)

    reset_password(client, manager.email, "Senha-nova-da-gestora-1", ip=OWNER)
    log_in(client, manager.email, "Senha-nova-da-gestora-1", OWNER)
    client.post(reverse("mfa_authenticate"), {"code": totp_now()}, REMOTE_ADDR=OWNER)
    assert int(client.session["_auth_user_id"]) == manager.pk
