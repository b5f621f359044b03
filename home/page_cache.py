"""Anonymous visitors' pages served whole from the cache, before Wagtail routes the request.

The catalogue and course pages are the same for every visitor who is not logged in, in a
given language; rendering them costs a few dozen queries, reading them back one cache
round trip. So:

- a page type opts in with ``cache_anonymous_response = True`` (and, for query strings,
  ``cache_query_parameters``: the parameters whose combinations may be stored). Wagtail's
  ``on_serve_page`` hook (``mark_anonymous_response``) marks such a page's response, after
  Wagtail's own view restrictions passed: nothing else is ever stored, so admin, API and
  account pages, previews and lessons are rendered as always;
- ``AnonymousPageCacheMiddleware`` answers GET and HEAD requests that carry no session and
  no messages from the cache, keyed by scheme, host, full path, language and the entry's
  content version; on a miss it stores a marked 200 response that set no cookie;
- the CSRF token of a stored page is replaced by a placeholder, and every visitor served
  from the cache gets their own token (and CSRF cookie) in its place;
- any change to what those pages show bumps one content version (``content_changed``, on
  commit), which makes every stored page stale at once. ``PAGE_CACHE_TIMEOUT`` is a safety
  net for what no signal reports (bulk SQL, the date moving past an enrolment deadline).

Several web processes must share the cache (Redis through ``REDIS_URL``) for a change in
one to reach the others; with the in-memory cache each process invalidates only its own.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token

VERSION_KEY = "page-cache:version"
# What ``{% csrf_token %}`` renders; the only way these templates print a token.
_CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
_TOKEN_PLACEHOLDER = b"@@capacita-csrf-token@@"
_MARK = "capacita_anonymous_cacheable"
# Set by the middleware below it (Content-Length: CommonMiddleware) or about this answer only.
_UNSTORED_HEADERS = {"content-length", "x-cache"}


class AnonymousPageCacheMiddleware:
    """Serve the stored copy of an anonymous visitor's page; store what a page marked.

    Sits after ``SiteLanguageMiddleware`` (the language is part of the key) and after
    ``CsrfViewMiddleware``, whose response phase then sets the CSRF cookie that the token put
    into a stored page needs; and before ``AuthenticationMiddleware``, so a hit costs no
    session or user lookup.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        timeout = settings.PAGE_CACHE_TIMEOUT
        if not timeout or not is_anonymous_read(request):
            return self.get_response(request)
        key = page_cache_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version, entry = found.get(VERSION_KEY), found.get(key)
        if entry is not None and version is not None and entry[0] == version:
            return response_from_entry(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and is_storable(request, response):
            # The version read before rendering: a change committed meanwhile makes this
            # entry stale at once rather than keeping what it replaced.
            stored = entry_from_response(version or content_version_start(), response)
            if stored is not None:
                cache.set(key, stored, timeout)
                response["X-Cache"] = "miss"
        return response


def is_anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD from someone with no session (so not logged in) and no messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_cache_key(request: HttpRequest) -> str:
    # Hashed: a query string of any length makes a key of the same size.
    identity = "\n".join(
        [request.scheme, request.get_host(), request.get_full_path(), request.LANGUAGE_CODE]
    )
    return "page-cache:" + hashlib.sha256(identity.encode()).hexdigest()


def is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A page that opted in answered 200 to an anonymous visitor and kept nothing of theirs."""
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, _MARK, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and not request.user.is_authenticated
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def entry_from_response(version: int, response: HttpResponse) -> tuple | None:
    content, replaced = _CSRF_INPUT.subn(
        rb"\g<1>" + _TOKEN_PLACEHOLDER + rb"\g<2>", response.content
    )
    if replaced != response.content.count(b"csrfmiddlewaretoken"):
        return None  # a token printed some other way would go to every visitor: not stored
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in _UNSTORED_HEADERS
    ]
    return (version, response.status_code, headers, content)


def response_from_entry(request: HttpRequest, entry: tuple) -> HttpResponse:
    _version, status, headers, content = entry
    if _TOKEN_PLACEHOLDER in content:
        # get_token() also asks CsrfViewMiddleware to set this visitor's CSRF cookie.
        content = content.replace(_TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


# --- Marking what may be stored ---------------------------------------------------------------


def mark_anonymous_response(serve: Callable) -> Callable:
    """Wagtail ``on_serve_page`` hook: mark the response of a page that opted in.

    A page type opts in with ``cache_anonymous_response = True``; with a query string only
    if every parameter is one of its ``cache_query_parameters``. Previews are never marked.
    """

    def serve_and_mark(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if (
            getattr(page, "cache_anonymous_response", False)
            and not getattr(request, "is_preview", False)
            and request.GET.keys() <= getattr(page, "cache_query_parameters", frozenset())
        ):
            setattr(response, _MARK, True)
        return response

    return serve_and_mark


# --- Invalidation ------------------------------------------------------------------------------


def content_version_start() -> int:
    # From the clock, so that a version lost (evicted, cache restarted) never comes back to
    # a value that entries still in the cache were stored under.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    return cache.get(VERSION_KEY)


def content_version() -> int:
    """The current content version: anything cached under an older one is stale."""
    return cache.get(VERSION_KEY) or content_version_start()


def timeout() -> int:
    return settings.PAGE_CACHE_TIMEOUT


def content_version_bump() -> None:
    """Make every stored page stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        content_version_start()


def content_changed(sender=None, **kwargs) -> None:
    """Signal receiver: something the cached pages show changed; they go stale on commit.

    On commit, not now: a request rendering meanwhile would read the data from before the
    change and store it under the new version.
    """
    transaction.on_commit(content_version_bump)


def enrollment_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    """Signal receiver: a seat taken or given up in a class changes the seats left on its
    course page; an online enrolment changes nothing an anonymous visitor sees."""
    # Out of every class now, it matters only if it may have just left one.
    left_one = not created and (update_fields is None or "course_class" in update_fields)
    if instance.course_class_id is not None or left_one:
        content_changed()


def enrollment_deleted(sender, instance, **kwargs) -> None:
    if instance.course_class_id is not None:
        content_changed()
