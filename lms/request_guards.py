"""Requests carrying a NUL byte, refused on arrival with the site's 400 page.

PostgreSQL can neither store nor compare a NUL character in text, so one in an address, a
query string or a form field reached it as a 500 from any search box, filter or lookup that
passes text on (Wagtail's admin API search and locale, its image tags, a page's address).
Nobody types one; rather than check every view, a request carrying one is refused before the
session or any view reads it (``BadRequest``: ``handler400``, the site's page). A cookie
carrying one could only be forged: it is ignored, as if absent, so that it cannot lock its
holder out (the session cookie is looked up in the database).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.http.request import UnreadablePostError

NUL = "\x00"


def _carries_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _form(request: HttpRequest) -> QueryDict:
    """The request's form fields (uploaded files are not fields: Django cleans their names,
    the forms that take them check their content)."""
    if request.method != "POST":
        return QueryDict()
    try:
        return request.POST
    except UnreadablePostError:
        return QueryDict()  # the connection broke mid-upload: the CSRF check refuses it


class NulByteGuardMiddleware:
    """Before the session middleware, which looks its cookie up in the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if NUL not in name and NUL not in value
            }
        if NUL in request.path or _carries_nul(request.GET) or _carries_nul(_form(request)):
            raise BadRequest("A NUL byte in the request.")
        return self.get_response(request)
