from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation

from .mfa import MFA_REQUIRED_MESSAGE, has_authenticator_app, mfa_required


class SiteLanguageMiddleware:
    """Portuguese unless the person chose another language in the switcher.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the city's
    platform speaks pt-BR by default to everyone, and a choice is remembered in a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class MFARequiredMiddleware:
    """Managers, administrators and superusers see other people's data only with an
    authenticator app.

    Without one they are sent to activate it, told why, from every part of the site where
    someone may see another person's data: the admin (indicators, exports, people imports,
    the audit log), the trainer area (class rosters, attendance) and certificate downloads
    (staff may download others'). The rest (their own learning, the 2FA pages, logging out)
    stays open to them, and costs a learner's pages no query. Whoever has an app was asked
    for its code when they logged in (allauth's log-in stage), so having one is enough here.
    After ``AuthenticationMiddleware`` and allauth's ``AccountMiddleware``.
    """

    GATED_PATHS = ("/admin/", "/turmas/", "/certificates/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path_info.startswith(self.GATED_PATHS)
            and mfa_required(user)
            and not has_authenticator_app(user)
        ):
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
