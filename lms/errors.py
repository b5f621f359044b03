"""The site's own page for every refusal and failure: 400, 403 (a failed CSRF check too),
404, 405, 429, 500 and 503.

Each page is in the person's language, says what happened in words and offers a way on:
the home page, and their learning (or logging in, for a visitor). 400 to 429 are shown
inside the site's layout (header, menu, footer) like any page. 500 and 503 are shown when the
database, the cache or the session may be what failed: they read nothing but the language
cookie, and carry their one style inline.
"""

from __future__ import annotations

import base64
import hashlib
import sys
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template import loader
from django.utils import translation

# The 500 and 503 pages' only style. Inline, so that they need no static file; allowed by its
# hash, so that the Content-Security-Policy (no script at all) still applies to them.
OUTAGE_PAGE_STYLE = (
    "body{margin:0;font-family:system-ui,sans-serif;color:#1b1b1b;line-height:1.6}"
    "header{background:#0b4f8a;padding:.75rem 1rem}"
    "header a{color:#fff;font-size:1.5rem;font-weight:700;text-decoration:none}"
    "main{max-width:40rem;margin:2rem auto;padding:0 1rem}"
    "a{color:#0b4f8a}a:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}"
)
_STYLE_DIGEST = base64.b64encode(hashlib.sha256(OUTAGE_PAGE_STYLE.encode()).digest()).decode()
OUTAGE_PAGE_STYLE_SOURCE = f"'sha256-{_STYLE_DIGEST}'"


def request_language(request: HttpRequest) -> str:
    """The person's language, read without any service: the switcher's cookie, else pt-BR.

    The same rule as ``lms.middleware.SiteLanguageMiddleware``; error pages apply it again
    because some are answered before that middleware ran (a request refused on arrival) or
    after the language was lost with the failure.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
    available = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in available else settings.LANGUAGE_CODE


def _site_page(request: HttpRequest, template: str, status: HTTPStatus) -> HttpResponse:
    with translation.override(request_language(request)):
        response = render(request, template, {"status": status.value}, status=status)
        response.headers.setdefault("Content-Language", translation.get_language())
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: a request we cannot take (a NUL byte, a malformed upload, …)."""
    return _site_page(request, "400.html", HTTPStatus.BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``: the person may not open this page. It names nobody and nothing."""
    return _site_page(request, "403.html", HTTPStatus.FORBIDDEN)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: nothing here, or nothing this person may know exists."""
    return _site_page(request, "404.html", HTTPStatus.NOT_FOUND)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """A button's address opened as a page (after logging in, from history, a bookmark)."""
    return _site_page(request, "405.html", HTTPStatus.METHOD_NOT_ALLOWED)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent without its valid token (left open too long, sent
    from elsewhere, cookies blocked). Django's reason stays in the log, not on the page."""
    return _site_page(request, "403_csrf.html", HTTPStatus.FORBIDDEN)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database that cannot be reached is an outage, not an error of ours.

    Both pages are rendered without the request, so without context processors: nothing on
    them needs the database, the cache or the session. Their language is the cookie's.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        template, status = "503.html", HTTPStatus.SERVICE_UNAVAILABLE
    else:
        template, status = "500.html", HTTPStatus.INTERNAL_SERVER_ERROR
    retry = request.method in ("GET", "HEAD")
    with translation.override(request_language(request)):
        content = loader.get_template(template).render(
            {"style": OUTAGE_PAGE_STYLE, "retry_url": request.get_full_path() if retry else ""}
        )
        response = HttpResponse(content, status=status)
        response["Content-Language"] = translation.get_language()
    if status == HTTPStatus.SERVICE_UNAVAILABLE:
        response["Retry-After"] = "30"
    response._csp_update = {"style-src": [OUTAGE_PAGE_STYLE_SOURCE]}
    return response


# A refusal returned without a body (Django's ``require_POST``, a class-based view asked
# with another method, ``HttpResponseForbidden()``) and the page that says it in words.
_BARE_REFUSALS: dict[int, Callable[[HttpRequest], HttpResponse]] = {
    HTTPStatus.BAD_REQUEST: bad_request,
    HTTPStatus.FORBIDDEN: permission_denied,
    HTTPStatus.NOT_FOUND: page_not_found,
    HTTPStatus.METHOD_NOT_ALLOWED: method_not_allowed,
}


class ErrorPageMiddleware:
    """A refusal a view returned without a body gets the site's page for its status, as a
    raised one does (``handler403``…); its headers (a 405's ``Allow``) are kept.

    After the session, CSRF, messages and user middleware, so that the page it renders (a
    language switcher form, the menu) is completed by them like any other page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        page = _BARE_REFUSALS.get(response.status_code)
        if page is None or response.streaming or response.content or request.method == "HEAD":
            return response
        rendered = page(request)
        for header, value in response.headers.items():
            if header.lower() not in ("content-type", "content-length"):
                rendered.headers.setdefault(header, value)
        rendered.cookies.update(response.cookies)
        return rendered
