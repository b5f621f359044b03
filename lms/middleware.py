import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .mfa import (
    MFA_REQUIRED_MESSAGE,
    has_authenticator,
    has_authenticator_app,
    mfa_required,
    sees_others_data,
    session_gave_code,
)


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


class StaffSessionMiddleware:
    """Sessions of people who see others' personal data (managers, administrators,
    superusers) end after ``CAPACITA_STAFF_SESSION_IDLE_MINUTES`` without a request and
    ``CAPACITA_STAFF_SESSION_MAX_HOURS`` after they began; learners' and trainers' last
    ``SESSION_COOKIE_AGE`` (two weeks).

    The session's cookie lives as long as the longest allowed session, so that a person who
    comes back after the limit reaches the server, is logged out, and is told why on the
    log-in page, which sends them back to where they were. The time of the last request is
    written at most once a minute. After ``AuthenticationMiddleware`` and the messages.
    """

    STARTED = "capacita_session_started"
    SEEN = "capacita_session_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if sees_others_data(request.user):
            ended = self.check(request)
            if ended is not None:
                return ended
        response = self.get_response(request)
        if sees_others_data(request.user) and self.STARTED not in request.session:
            self.start(request)  # a log-in, just now: the session counts from it
        return response

    def start(self, request) -> None:
        request.session[self.STARTED] = request.session[self.SEEN] = time.time()
        # The cookie outlives the idle limit, for the person to be told why it ended.
        request.session.set_expiry(settings.CAPACITA_STAFF_SESSION_MAX_HOURS * 3600)

    def check(self, request):
        """The response that ends a session past its limits, or None."""
        session = request.session
        started, seen = session.get(self.STARTED), session.get(self.SEEN)
        if started is None:
            self.start(request)
            return None
        now = time.time()
        idle = settings.CAPACITA_STAFF_SESSION_IDLE_MINUTES
        most = settings.CAPACITA_STAFF_SESSION_MAX_HOURS
        if now - started > most * 3600:
            why = ngettext(
                "Your session reached its limit of %(hours)s hour: for people who see others' "
                "personal data, sessions are short. Log in again to go on where you were.",
                "Your session reached its limit of %(hours)s hours: for people who see others' "
                "personal data, sessions are short. Log in again to go on where you were.",
                most,
            ) % {"hours": most}
            return self.ended(request, why)
        if now - seen > idle * 60:
            why = ngettext(
                "Your session ended after %(minutes)s minute without activity: for people who "
                "see others' personal data, sessions are short. Log in again to go on where "
                "you were.",
                "Your session ended after %(minutes)s minutes without activity: for people who "
                "see others' personal data, sessions are short. Log in again to go on where "
                "you were.",
                idle,
            ) % {"minutes": idle}
            return self.ended(request, why)
        if now - seen >= 60:
            session[self.SEEN] = now
        return None

    def ended(self, request, why: str):
        logout(request)
        messages.info(request, why)
        return redirect_to_login(request.get_full_path())


class MFARequiredMiddleware:
    """Managers, administrators and superusers see other people's data only with an
    authenticator app, from a session that gave its code.

    Without an app they are sent to activate it, told why, from every part of the site where
    someone may see another person's data: the admin (indicators, exports, people imports,
    the audit log), the trainer area (class rosters, attendance) and certificate downloads
    (staff may download others'). The rest (their own learning, the 2FA pages, logging out)
    stays open to them, and costs a learner's pages no query. Whoever has an app is asked
    for its code when they log in (allauth's log-in stage); a session opened with the
    password before the app was added (by someone else, perhaps) must give a code first,
    there and on the pages that show or change the app and recovery codes, for anyone.
    After ``AuthenticationMiddleware`` and allauth's ``AccountMiddleware``.
    """

    GATED_PATHS = ("/admin/", "/turmas/", "/certificates/")
    # Where the second factor itself is seen or changed (allauth.mfa's pages).
    SECOND_FACTOR_PATHS = ("/conta/2fa/totp/", "/conta/2fa/recovery-codes/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path_info
        if path.startswith(self.GATED_PATHS) and mfa_required(user):
            if not has_authenticator_app(user):
                messages.warning(request, MFA_REQUIRED_MESSAGE)
                return redirect("mfa_activate_totp")
            if not session_gave_code(request):
                return self.ask_for_code(request)
        elif (
            path.startswith(self.SECOND_FACTOR_PATHS)
            and user.is_authenticated
            and not session_gave_code(request)
            and has_authenticator(user)
        ):
            return self.ask_for_code(request)
        return self.get_response(request)

    def ask_for_code(self, request):
        messages.info(
            request,
            _("This session began without a code from your authenticator app. Type one to go on."),
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
