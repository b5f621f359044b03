"""Two-factor authentication: staff use the admin only with an authenticator app; whoever
has one is asked for its code at log-in; recovery codes work once; wrong codes are limited.
An app is added only with a code sent to the person's confirmed e-mail address (the password
alone is not enough), and a session that began before the app was added must give a code
before it reaches other people's data or the two-factor settings."""

import html
import re
import time
from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from lms.mfa import MFA_REQUIRED_MESSAGE, mfa_totp_activate, totp_code
from lms.roles import Role
from tests.conftest import PASSWORD, TOTP_SECRET, totp_now

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")
EMAIL_CODE = "/conta/2fa/codigo-por-email/"  # reverse("mfa_email_code")
# Where staff may see other people's data: the admin, the trainer area, certificate PDFs.
STAFF_PAGES = [
    reverse("wagtailadmin_home"),
    reverse("plan_indicators:index"),
    reverse("my_classes"),
    reverse("certificate_download", args=["ABCD-EFGH-JKLM-NPQR-STUV"]),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pt_br(text) -> str:
    """``text`` (a msgid or a lazy translation) as the site shows it: its Portuguese, once
    translated."""
    with translation.override("pt-br"):
        return gettext(text) if isinstance(text, str) else str(text)


def log_in(client, person, password: str = PASSWORD):
    """The log-in form, as a person fills it in."""
    return client.post(reverse("account_login"), {"login": person.email, "password": password})


def reauthenticate(client, *, next_url: str, password: str = PASSWORD):
    return client.post(
        reverse("account_reauthenticate"), {"password": password, "next": next_url}, follow=True
    )


def logged_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


STAFF_WITHOUT_AN_APP = {
    "manager": {"role": Role.MANAGER},
    "administrator": {"role": Role.ADMINISTRATOR},
    "superuser": {"role": None, "is_superuser": True, "is_staff": True},
}


@pytest.mark.parametrize("kind", STAFF_WITHOUT_AN_APP)
def test_staff_without_an_authenticator_app_are_sent_to_activate_one(client, make_person, kind):
    person = make_person(mfa=False, **STAFF_WITHOUT_AN_APP[kind])
    log_in(client, person)
    assert logged_in_as(client) == person.pk  # no app yet: the password was enough to log in

    for path in STAFF_PAGES:
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND, path
        assert response.url == ACTIVATE, path
    # Told why; then, as for every change to how they log in, asked for their password again.
    told = client.get(STAFF_PAGES[0], follow=True)
    assert told.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert pt_br(MFA_REQUIRED_MESSAGE) in html.unescape(told.content.decode())
    page = reauthenticate(client, next_url=ACTIVATE)
    assert page.status_code == HTTPStatus.OK
    assert page.redirect_chain[-1][0].startswith(EMAIL_CODE)  # then a code by e-mail

    # The rest of the site stays open: the public pages, their profile, 2FA, logging out.
    for name in ("profile", "my_learning", "mfa_index", "account_logout"):
        assert client.get(reverse(name)).status_code == HTTPStatus.OK, name
    assert client.get("/").status_code == HTTPStatus.OK
    client.post(reverse("account_logout"))
    assert logged_in_as(client) is None


def test_learners_and_trainers_are_not_forced(client, make_person):
    trainer = make_person(role=Role.TRAINER)
    log_in(client, trainer)
    assert client.get(reverse("wagtailadmin_home")).status_code == HTTPStatus.OK
    client.post(reverse("account_logout"))

    learner = make_person()
    log_in(client, learner)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.url != ACTIVATE  # no admin access at all, which is another page
    assert client.get(reverse("profile")).status_code == HTTPStatus.OK
    # They may opt in: the profile links to two-factor authentication.
    profile = client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in profile


def test_an_operator_can_turn_the_requirement_off(client, make_person, settings):
    settings.CAPACITA_MFA_REQUIRED = False
    client.force_login(make_person(role=Role.MANAGER, mfa=False))
    assert client.get(reverse("plan_indicators:index")).status_code == HTTPStatus.OK


def email_code(client, person) -> str:
    """Ask for the code by e-mail, as the page offers, and read it from the message."""
    mail.outbox.clear()
    client.post(EMAIL_CODE, {"send": "1", "next": ACTIVATE})
    (message,) = mail.outbox
    assert message.to == [person.email]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_after_activating_an_app_with_a_valid_code_staff_get_in(client, make_person):
    manager = make_person(role=Role.MANAGER, mfa=False)
    log_in(client, manager)
    asked = reauthenticate(client, next_url=ACTIVATE)
    assert asked.redirect_chain[-1][0].startswith(EMAIL_CODE)
    code = email_code(client, manager)
    response = client.post(EMAIL_CODE, {"code": code, "next": ACTIVATE}, follow=True)
    assert response.redirect_chain[-1][0] == ACTIVATE
    page = response.content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page).group(1)

    # The QR code is an image the Content-Security-Policy allows (img-src data:), described
    # for people who cannot see it (not by the secret, as allauth's own page does).
    qr = re.search(r'<img class="qr-code" src="(data:image/svg\+xml;base64,[^"]+)"[^>]*>', page)
    assert qr is not None
    alt = re.search(r'alt="([^"]+)"', qr.group(0)).group(1)
    assert secret not in alt and len(alt) > 30
    policy = response["Content-Security-Policy"]
    img_src = re.search(r"img-src ([^;]+)", policy).group(1).split()
    assert "data:" in img_src
    assert "'unsafe-inline'" not in re.search(r"script-src ([^;]+)", policy).group(1)

    wrong = client.post(ACTIVATE, {"code": "12345x"})
    assert pt_br("Incorrect code.") in wrong.content.decode()
    assert not Authenticator.objects.filter(user=manager).exists()
    assert client.get(reverse("plan_indicators:index")).url == ACTIVATE

    activated = client.post(ACTIVATE, {"code": totp_code(secret, at=time.time())}, follow=True)
    assert activated.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    body = activated.content.decode()
    assert pt_br("Unused codes") in body  # recovery codes, to keep
    assert f'href="{reverse("wagtailadmin_home")}"' in body  # and the way back to the admin
    for path in STAFF_PAGES:
        response = client.get(path)
        # Let through: the page itself (an unknown certificate code is simply not found).
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND), path
        assert response.status_code == HTTPStatus.OK or "pdf" in path, path


def test_log_in_asks_people_with_an_app_for_its_code(client, make_person):
    manager = make_person(role=Role.MANAGER)  # with an app, like every manager
    response = log_in(client, manager)
    assert response.url == reverse("mfa_authenticate")
    assert logged_in_as(client) is None  # the password alone is not enough
    prompt = client.get(reverse("mfa_authenticate")).content.decode()
    assert re.search(r'<label for="id_code">', prompt)  # a labelled field, not a placeholder
    assert client.get(reverse("plan_indicators:index")).status_code == HTTPStatus.FOUND

    wrong = client.post(reverse("mfa_authenticate"), {"code": "12345x"})
    assert pt_br("Incorrect code.") in wrong.content.decode()
    assert logged_in_as(client) is None

    client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert logged_in_as(client) == manager.pk
    assert client.get(reverse("plan_indicators:index")).status_code == HTTPStatus.OK


def test_a_learner_who_opted_in_is_asked_too(client, make_person):
    learner = make_person()
    mfa_totp_activate(user=learner, secret=TOTP_SECRET)
    assert log_in(client, learner).url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert logged_in_as(client) == learner.pk


def test_a_recovery_code_logs_in_once(client, make_person):
    administrator = make_person(role=Role.ADMINISTRATOR, mfa=False)
    mfa_totp_activate(user=administrator, secret=TOTP_SECRET, recovery_codes=True)
    recovery = Authenticator.objects.get(user=administrator, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(recovery).get_unused_codes()[0]

    log_in(client, administrator)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in_as(client) == administrator.pk
    client.post(reverse("account_logout"))

    log_in(client, administrator)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert pt_br("Incorrect code.") in again.content.decode()
    assert logged_in_as(client) is None


def test_wrong_codes_are_limited_per_account(client, make_person):
    """Five wrong codes in five minutes ("login_failed": 5/5m/key), and even the right code
    is refused: guessing a six-digit code is not a matter of patience."""
    manager = make_person(role=Role.MANAGER)
    log_in(client, manager)
    for _attempt in range(5):
        response = client.post(reverse("mfa_authenticate"), {"code": "12345x"})
        assert pt_br("Incorrect code.") in response.content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert pt_br("Too many failed login attempts. Try again later.") in refused.content.decode()
    assert logged_in_as(client) is None

    # The limit is the account's, not the browser's: starting over elsewhere does not help.
    client.logout()
    client.cookies.clear()
    log_in(client, manager)
    refused = client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert pt_br("Too many failed login attempts. Try again later.") in refused.content.decode()
    assert logged_in_as(client) is None


# --- Adding an app needs more than the password ----------------------------------------------


def test_the_password_alone_does_not_add_an_app(client, make_person):
    """A manager without an app yet: whoever learnt the password logged in, confirmed it
    again, scanned the QR code and so owned the account's second factor and the admin."""
    manager = make_person(role=Role.MANAGER, mfa=False)
    log_in(client, manager)
    page = reauthenticate(client, next_url=ACTIVATE)
    body = page.content.decode()
    assert 'id="authenticator_secret"' not in body  # no QR code, no secret
    assert pt_br("Confirm it is you") in body
    # The page asks, with a labelled field, for a code that only the mailbox has.
    mail.outbox.clear()
    sent = client.post(EMAIL_CODE, {"send": "1", "next": ACTIVATE}, follow=True)
    assert re.search(r'<label for="id_code">', sent.content.decode())
    for code in ("000000", "123456"):
        wrong = client.post(EMAIL_CODE, {"code": code, "next": ACTIVATE})
        assert wrong.status_code == HTTPStatus.OK
        assert pt_br("This is not the code we sent.") in html.unescape(wrong.content.decode())
    assert client.get(ACTIVATE).url.startswith(EMAIL_CODE)
    client.post(ACTIVATE, {"code": totp_now()})
    assert not Authenticator.objects.filter(user=manager).exists()
    assert client.get(reverse("plan_indicators:index")).status_code == HTTPStatus.FOUND


def test_a_code_by_e_mail_allows_few_guesses_and_few_messages(client, make_person):
    person = make_person()
    log_in(client, person)
    reauthenticate(client, next_url=ACTIVATE)
    code = email_code(client, person)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        client.post(EMAIL_CODE, {"code": wrong, "next": ACTIVATE})
    # Five wrong guesses spend the code: even the right one no longer works.
    spent = client.post(EMAIL_CODE, {"code": code, "next": ACTIVATE})
    assert pt_br("This code is no longer valid: ask for a new one.") in html.unescape(
        spent.content.decode()
    )
    assert client.get(ACTIVATE).url.startswith(EMAIL_CODE)
    # New codes are sent a few times in a quarter of an hour, then not for a while.
    email_code(client, person)
    email_code(client, person)
    mail.outbox.clear()
    refused = client.post(EMAIL_CODE, {"send": "1", "next": ACTIVATE}, follow=True)
    assert not mail.outbox
    assert pt_br(
        "You asked for several codes in a short time. Wait a few minutes and try again."
    ) in html.unescape(refused.content.decode())


def test_a_session_begun_before_the_app_was_added_must_give_a_code(client, make_person):
    """Someone who logged in with the password while the manager had no app yet kept that
    session after the manager added one: it reached the admin, and, confirming the password
    again, the recovery codes (a way in for good) and the app's removal."""
    manager = make_person(role=Role.MANAGER, mfa=False)
    intruder = Client()
    log_in(intruder, manager)
    mfa_totp_activate(user=manager, secret=TOTP_SECRET, recovery_codes=True)

    for path in (*STAFF_PAGES, reverse("mfa_view_recovery_codes"), reverse("mfa_deactivate_totp")):
        response = intruder.get(path)
        assert response.status_code == HTTPStatus.FOUND, path
        assert response.url.startswith(reverse("mfa_reauthenticate")), path
    reauthenticate(intruder, next_url=reverse("mfa_deactivate_totp"))
    intruder.post(reverse("mfa_deactivate_totp"))
    intruder.post(reverse("mfa_generate_recovery_codes"))
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()

    # The owner, in a session of their own that gave a code, is let through.
    log_in(client, manager)
    client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert client.get(reverse("plan_indicators:index")).status_code == HTTPStatus.OK
    assert client.get(reverse("mfa_view_recovery_codes")).status_code in (
        HTTPStatus.OK,
        HTTPStatus.FOUND,  # asked to confirm the password first, as allauth does
    )
