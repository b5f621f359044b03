"""allauth's extension points: the one place account behaviour is adapted."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import User

# Failed passwords are counted per address and account (``ACCOUNT_RATE_LIMITS``): each
# address that guesses is slowed down more and more, while the owner elsewhere is not; and
# per account, with a ceiling high enough that only guessing from many addresses reaches it.
FAILED_FROM_ADDRESS = "login_failed_from_address"
FAILED_FOR_ACCOUNT = "login_failed_for_account"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.ACCOUNT_ALLOW_SIGNUP

    def clean_email(self, email: str) -> str:
        """Refuse addresses longer than the column (and RFC 5321) allow, instead of a 500."""
        email = super().clean_email(email)
        if len(email) > settings.ACCOUNT_EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("This e-mail address is too long (at most %(max)s characters).")
                % {"max": settings.ACCOUNT_EMAIL_MAX_LENGTH}
            )
        return email

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse, before the password is checked, a log-in this address has failed too often
        for this account, or one that the account has failed too often from everywhere.

        Replaces allauth's own check, which counted failures per account alone: anyone could
        keep anyone out, five wrong passwords every five minutes. (allauth's "login_failed"
        limit still counts the codes asked after the password, per account.)
        """
        for action, key in _failure_keys(request, credentials):
            if not ratelimit.consume(request, action=action, key=key, dry_run=True):
                raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        for action, key in _failure_keys(request, credentials):
            ratelimit.consume(request, action=action, key=key)


def _failure_keys(request: HttpRequest, credentials: dict) -> list[tuple[str, str]]:
    login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
    return [(FAILED_FROM_ADDRESS, f"{get_ip(request)}:{login}"), (FAILED_FOR_ACCOUNT, login)]


def login_failures_clear(request: HttpRequest, user: User, **kwargs) -> None:
    """On a password reset (allauth's ``password_reset`` signal): the owner, who followed the
    link sent to their mailbox, gets back every try at the password and at the code after it,
    from where they are. Nothing else lifts the per-account ceiling before its hour is over.
    """
    for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        for action, key in _failure_keys(request, {"email": email}):
            ratelimit.clear(request, action=action, key=key)
    # allauth.mfa's key for wrong codes (allauth.mfa.base.internal.flows.check_rate_limit).
    ratelimit.clear(request, action="login_failed", key=f"mfa-auth-user-{user.pk}")


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Take the person's name from the identity provider's claims."""
        user = super().populate_user(request, sociallogin, data)
        claims = sociallogin.account.extra_data or {}
        userinfo = claims.get("userinfo", claims)
        name = (
            data.get("name")
            or userinfo.get("name")
            or " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
        )
        if name and not user.full_name:
            user.full_name = name.strip()[:200]
        return user
