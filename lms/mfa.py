"""Two-factor authentication: who must have it, and giving it to accounts made by code.

allauth.mfa does the work (the authenticator app, recovery codes, the code it asks for after
the password). What is Capacita's is the rule: the people who see others' personal data
(managers, administrators, superusers) reach the pages where that data is only once they
have an authenticator app (``lms.middleware.MFARequiredMiddleware`` applies it;
``CAPACITA_MFA_REQUIRED`` turns it off). Learners and trainers may turn it on from their profile.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction
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


def mfa_required(user: User) -> bool:
    """Whether ``user`` sees other people's data only with an authenticator app."""
    if not settings.CAPACITA_MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or any(user_has_role(user, role) for role in MFA_REQUIRED_ROLES)


def has_authenticator_app(user: User) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


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
