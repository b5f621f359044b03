"""Two-factor authentication: who must have it, and giving it to accounts made by code.

allauth.mfa does the work (the authenticator app, recovery codes, the code it asks for after
the password). What is Capacita's is the rule: the people who see others' personal data
(managers, administrators, superusers) reach the pages where that data is only once they
have an authenticator app (``lms.middleware.MFARequiredMiddleware`` applies it;
``CAPACITA_MFA_REQUIRED`` turns it off). Learners and trainers may turn it on from their profile.

Whoever knows only the password must not be able to add an app: before the activation page,
the person types a code sent to their confirmed e-mail address (``mfa_email_code_send``).
And a session counts as two-factor only once it gave a code: one opened with the password
before the app was added reaches neither others' data nor the app's settings until it does.
"""

from __future__ import annotations

import secrets
import time

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import Role
from .scopes import user_has_role

MFA_REQUIRED_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)
# What they are told when the admin sends them to activate an app.
MFA_REQUIRED_MESSAGE = _(
    "Managers and administrators see other people's personal data, so the administration "
    "area asks for a code from an authenticator app as well as your password. Activate one "
    "to continue."
)


def sees_others_data(user: User) -> bool:
    """Managers, administrators and superusers: who may see and export other people's
    personal data (a trainer sees only their own classes' rosters)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(user_has_role(user, role) for role in MFA_REQUIRED_ROLES)


def mfa_required(user: User) -> bool:
    """Whether ``user`` sees other people's data only with an authenticator app."""
    return settings.CAPACITA_MFA_REQUIRED and sees_others_data(user)


def has_authenticator_app(user: User) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def has_authenticator(user: User) -> bool:
    """Any second factor (an app; recovery codes come only with one)."""
    return Authenticator.objects.filter(user_id=user.pk).exists()


def session_gave_code(request: HttpRequest) -> bool:
    """Whether this session gave a code from the person's authenticator (at log-in, at
    reauthentication, or when the app was activated in it).

    allauth records how a session was authenticated; a session not opened by allauth's
    log-in (one made by code, such as a test's) has no record and is not judged here.
    """
    records = get_authentication_records(request, request.user)
    return not records or any(record.get("method") == "mfa" for record in records)


def mfa_session_record_code(*, request: HttpRequest, authenticator: Authenticator) -> None:
    """Record in this session that it gave a code (as allauth does at log-in)."""
    record_authentication(
        request, request.user, method="mfa", id=authenticator.pk, type=authenticator.type
    )


# --- A code by e-mail before an app is added ---------------------------------------------------

EMAIL_CODE_KEY = "capacita_mfa_email_code"
EMAIL_PROOF_KEY = "capacita_mfa_email_proof"
EMAIL_CODE_MINUTES = 15  # how long a code, and then having typed it, is good for
EMAIL_CODE_TRIES = 5  # wrong codes before the code is spent


def mfa_email_address(user: User) -> str | None:
    """Where the code goes: the person's confirmed address (the primary one first)."""
    address = (
        EmailAddress.objects.filter(user_id=user.pk, verified=True).order_by("-primary").first()
    )
    return address.email if address else None


def _code_digest(code: str) -> str:
    return salted_hmac("capacita.mfa-email-code", code).hexdigest()


def mfa_email_code_send(*, request: HttpRequest, email: str) -> bool:
    """E-mail ``request.user`` a new code; False when they asked for too many lately
    (``ACCOUNT_RATE_LIMITS["mfa_email_code"]``). Only a digest is kept, in the session."""
    if not ratelimit.consume(request, action="mfa_email_code", user=request.user):
        return False
    code = f"{secrets.randbelow(1_000_000):06d}"
    request.session[EMAIL_CODE_KEY] = {"digest": _code_digest(code), "at": time.time(), "wrong": 0}
    get_adapter(request).send_mail(
        "lms/email/mfa_code", email, {"code": code, "minutes": EMAIL_CODE_MINUTES}
    )
    return True


def mfa_email_code_pending(*, request: HttpRequest) -> bool:
    """Whether a code was sent to this session and can still be typed."""
    state = request.session.get(EMAIL_CODE_KEY)
    return bool(state) and time.time() - state["at"] < EMAIL_CODE_MINUTES * 60


def mfa_email_code_confirm(*, request: HttpRequest, code: str) -> bool:
    """Check the code typed; the right one lets this session add an app for a while, and
    ``EMAIL_CODE_TRIES`` wrong ones spend it."""
    if not mfa_email_code_pending(request=request):
        return False
    state = request.session[EMAIL_CODE_KEY]
    if constant_time_compare(_code_digest(code.strip()), state["digest"]):
        del request.session[EMAIL_CODE_KEY]
        request.session[EMAIL_PROOF_KEY] = time.time()
        return True
    state["wrong"] += 1
    if state["wrong"] >= EMAIL_CODE_TRIES:
        del request.session[EMAIL_CODE_KEY]
    else:
        request.session[EMAIL_CODE_KEY] = state
    return False


def mfa_email_proof_fresh(*, request: HttpRequest) -> bool:
    """Whether this session typed the code sent by e-mail in the last minutes."""
    at = request.session.get(EMAIL_PROOF_KEY)
    return at is not None and time.time() - at < EMAIL_CODE_MINUTES * 60


def mfa_email_proof_spend(*, request: HttpRequest) -> None:
    request.session.pop(EMAIL_PROOF_KEY, None)


@transaction.atomic
def mfa_totp_activate(*, user: User, secret: str, recovery_codes: bool = False) -> None:
    """Give ``user`` an active authenticator app with ``secret``, replacing theirs if any.

    For accounts made by code (the demo's, the tests', the benchmark's), which nobody could
    activate by scanning the QR code. People activate their own on /conta/2fa/.
    """
    Authenticator.objects.filter(
        user_id=user.pk,
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES],
    ).delete()
    TOTP.activate(user, secret)
    if recovery_codes:
        RecoveryCodes.activate(user)


def totp_code(secret: str, *, at: float) -> str:
    """The code an authenticator app shows for ``secret`` at the Unix time ``at``."""
    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(at) // app_settings.TOTP_PERIOD))
