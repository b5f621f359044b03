"""allauth's extension points: the one place account behaviour is adapted."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
