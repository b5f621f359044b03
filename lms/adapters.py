"""allauth's extension points: the one place account behaviour is adapted."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.ACCOUNT_ALLOW_SIGNUP


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
