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

A logged-in learner's own pages (a lesson, "My learning") are stored the same way, one copy
per learner (``LearnerPageCacheMiddleware``): marked by ``cache_learner_response`` on the page
type or ``learner_cacheable`` on the view, keyed by the learner too, and stale once either the
content version or that learner's version moves. ``learner_changed`` bumps the learner's
version on commit: their enrolments, progress, quiz attempts, attendance, certificates, waiting
lists, account and groups (``home.apps``), and the step they last visited. What no signal
reports (a bulk SQL update, an HR import renaming people) shows within
``LEARNER_PAGE_CACHE_TIMEOUT``. Those copies hold personal data: they live in the private
cache only, are never sent to anyone but their learner, and expire on their own.

A page whose body is the same for everyone logged in (the catalogue) opts in with
``cache_signed_in_response``: its copy is still kept per person (the menu shows their
roles), but only their account matters, not their learning, so enrolling or completing a
lesson keeps it. ``account_changed`` (their account saved, their groups or permissions
changed) makes it stale, together with everything ``learner_changed`` would.
"""

from __future__ import annotations

import functools
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
LEARNER_VERSION_KEY = "page-cache:learner-version:{}"
ACCOUNT_VERSION_KEY = "page-cache:account-version:{}"
# What ``{% csrf_token %}`` renders; the only way these templates print a token.
_CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
_TOKEN_PLACEHOLDER = b"@@capacita-csrf-token@@"
_MARK = "capacita_anonymous_cacheable"
_LEARNER_MARK = "capacita_learner_cacheable"
_ACCOUNT_ONLY_MARK = "capacita_account_only"
# Set by the middleware below it (Content-Length: CommonMiddleware) or about this answer only.
_UNSTORED_HEADERS = {"content-length", "x-cache"}


class _StoredPagesMiddleware:
    """Serve a request's stored copy while its versions hold; store what a page marked.

    Subclasses say which requests may be answered (``is_read``), under which key and which
    versions (``key``, ``version_keys``) and which responses may be stored (``is_storable``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        timeout = self.timeout()
        if not timeout or not self.is_read(request):
            return self.get_response(request)
        key, version_keys = self.key(request), self.version_keys(request)
        found = cache.get_many([*version_keys, key])
        versions = tuple(found.get(version_key) for version_key in version_keys)
        entry = found.get(key)
        if entry is not None and None not in versions and _still_fresh(entry[0], versions):
            return response_from_entry(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self.is_storable(request, response):
            # The versions read before rendering: a change committed meanwhile makes this
            # entry stale at once rather than keeping what it replaced.
            versions = tuple(
                version or _version_start(version_key)
                for version_key, version in zip(version_keys, versions, strict=True)
            )
            stored = entry_from_response(self.versions_kept(response, versions), response)
            if stored is not None:
                cache.set(key, stored, timeout)
                response["X-Cache"] = "miss"
        return response

    def versions_kept(self, response: HttpResponseBase, versions: tuple) -> tuple:
        """The versions an entry depends on (None: any), from those read before rendering."""
        return versions


def _still_fresh(stored: tuple, current: tuple) -> bool:
    return len(stored) == len(current) and all(
        kept is None or kept == now for kept, now in zip(stored, current, strict=True)
    )


class AnonymousPageCacheMiddleware(_StoredPagesMiddleware):
    """Serve the stored copy of an anonymous visitor's page; store what a page marked.

    Sits after ``SiteLanguageMiddleware`` (the language is part of the key) and after
    ``CsrfViewMiddleware``, whose response phase then sets the CSRF cookie that the token put
    into a stored page needs; and before ``AuthenticationMiddleware``, so a hit costs no
    session or user lookup.
    """

    def timeout(self) -> int:
        return settings.PAGE_CACHE_TIMEOUT

    def is_read(self, request: HttpRequest) -> bool:
        return is_anonymous_read(request)

    def key(self, request: HttpRequest) -> str:
        return page_cache_key(request)

    def version_keys(self, request: HttpRequest) -> list[str]:
        return [VERSION_KEY]

    def is_storable(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return is_storable(request, response)


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


def _kept_nothing(request: HttpRequest, response: HttpResponseBase, mark: str) -> bool:
    """A page that opted in (``mark``) answered 200, whole, and set or changed nothing."""
    return (
        getattr(response, mark, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and "no-store" not in response.get("Cache-Control", "")
    )


def is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A page that opted in answered 200 to an anonymous visitor and kept nothing of theirs."""
    cache_control = response.get("Cache-Control", "")
    return (
        _kept_nothing(request, response, _MARK)
        and not request.user.is_authenticated
        and "private" not in cache_control
        and "no-cache" not in cache_control
    )


def entry_from_response(versions: tuple, response: HttpResponse) -> tuple | None:
    content, replaced = _CSRF_INPUT.subn(
        rb"\g<1>" + _TOKEN_PLACEHOLDER + rb"\g<2>", response.content
    )
    if replaced != response.content.count(b"csrfmiddlewaretoken"):
        return None  # a token printed some other way would go to every visitor: not stored
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in _UNSTORED_HEADERS
    ]
    return (versions, response.status_code, headers, content)


def response_from_entry(request: HttpRequest, entry: tuple) -> HttpResponse:
    _versions, status, headers, content = entry
    if _TOKEN_PLACEHOLDER in content:
        # get_token() also asks CsrfViewMiddleware to set this visitor's CSRF cookie.
        content = content.replace(_TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


class LearnerPageCacheMiddleware(_StoredPagesMiddleware):
    """Serve a logged-in learner's stored copy of their own page; store what a page marked.

    Sits after ``AuthenticationMiddleware`` and ``MessageMiddleware``: a hit costs the session
    and user lookups, and a request with messages to show is always rendered.
    """

    def timeout(self) -> int:
        return settings.LEARNER_PAGE_CACHE_TIMEOUT

    def is_read(self, request: HttpRequest) -> bool:
        return is_learner_read(request)

    def key(self, request: HttpRequest) -> str:
        return f"{page_cache_key(request)}:{request.user.pk}"

    def version_keys(self, request: HttpRequest) -> list[str]:
        user_id = request.user.pk
        return [
            VERSION_KEY,
            ACCOUNT_VERSION_KEY.format(user_id),
            LEARNER_VERSION_KEY.format(user_id),
        ]

    def is_storable(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return is_learner_storable(request, response)

    def versions_kept(self, response: HttpResponseBase, versions: tuple) -> tuple:
        if getattr(response, _ACCOUNT_ONLY_MARK, False):
            content, account, _learning = versions
            return (content, account, None)
        return versions


def is_learner_read(request: HttpRequest) -> bool:
    """A GET or HEAD from someone logged in, with no messages waiting to be shown."""
    messages = getattr(request, "_messages", None)
    return (
        request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and "HTTP_AUTHORIZATION" not in request.META
        and (messages is None or len(messages) == 0)
    )


def is_learner_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A page that opted in answered 200 to this learner and changed nothing of the session."""
    messages = getattr(request, "_messages", None)
    return (
        _kept_nothing(request, response, _LEARNER_MARK)
        and request.user.is_authenticated
        and (messages is None or not messages._queued_messages)
    )


# --- Marking what may be stored ---------------------------------------------------------------


def mark_anonymous_response(serve: Callable) -> Callable:
    """Wagtail ``on_serve_page`` hook: mark the response of a page that opted in.

    A page type opts in with ``cache_anonymous_response = True``; with a query string only
    if every parameter is one of its ``cache_query_parameters``. Previews are never marked.
    """

    def serve_and_mark(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if not getattr(request, "is_preview", False) and request.GET.keys() <= getattr(
            page, "cache_query_parameters", frozenset()
        ):
            if getattr(page, "cache_anonymous_response", False):
                setattr(response, _MARK, True)
            if getattr(page, "cache_learner_response", False):
                setattr(response, _LEARNER_MARK, True)
            if getattr(page, "cache_signed_in_response", False):
                setattr(response, _LEARNER_MARK, True)
                setattr(response, _ACCOUNT_ONLY_MARK, True)
        return response

    return serve_and_mark


def learner_cacheable(view: Callable) -> Callable:
    """Mark a view's responses as storable per learner (``LearnerPageCacheMiddleware``)."""

    @functools.wraps(view)
    def view_and_mark(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        setattr(response, _LEARNER_MARK, True)
        return response

    return view_and_mark


# --- Invalidation ------------------------------------------------------------------------------


def content_version_start() -> int:
    return _version_start(VERSION_KEY)


def _version_start(key: str) -> int:
    # From the clock, so that a version lost (evicted, cache restarted) never comes back to
    # a value that entries still in the cache were stored under.
    cache.add(key, time.time_ns(), timeout=None)
    return cache.get(key)


def _version_bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        _version_start(key)


def content_version() -> int:
    """The current content version: anything cached under an older one is stale."""
    return cache.get(VERSION_KEY) or content_version_start()


def account_versions(user_id: int) -> dict[str, int | None]:
    """The content and account versions what is kept of a person's account is stored under
    (``lms.account_facts``); None while the cache is down."""
    keys = {"content": VERSION_KEY, "account": ACCOUNT_VERSION_KEY.format(user_id)}
    found = cache.get_many(list(keys.values()))  # one round trip
    return {name: found.get(key) or _version_start(key) for name, key in keys.items()}


def timeout() -> int:
    return settings.PAGE_CACHE_TIMEOUT


def content_version_bump() -> None:
    """Make every stored page stale."""
    _version_bump(VERSION_KEY)


def learner_changed(user_id: int | None) -> None:
    """Something a learner's own pages show changed: their stored copies go stale now, for
    the rest of this transaction, and again on commit, for a request that rendered meanwhile
    from the data before the change."""
    if user_id is not None:
        _bump_now_and_on_commit(LEARNER_VERSION_KEY.format(user_id))


def account_changed(user_id: int | None) -> None:
    """A person's account (name, roles, permissions) changed: every stored copy of theirs,
    the catalogue's included, goes stale (now and on commit, as ``learner_changed``)."""
    if user_id is not None:
        _bump_now_and_on_commit(ACCOUNT_VERSION_KEY.format(user_id))
        learner_changed(user_id)


def _bump_now_and_on_commit(key: str) -> None:
    _version_bump(key)
    transaction.on_commit(lambda: _version_bump(key))


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


def learner_record_changed(sender, instance, **kwargs) -> None:
    """Signal receiver: a learner's record (their account, or an enrolment of theirs, or
    something held by one: progress, attempt, attendance, certificate) was saved or deleted."""
    if sender._meta.label == settings.AUTH_USER_MODEL:
        account_changed(instance.pk)
        return
    user_id = getattr(instance, "user_id", None)
    if user_id is None and getattr(instance, "enrollment_id", None) is not None:
        user_id = _enrolled_user(instance)
    learner_changed(user_id)


def _enrolled_user(instance) -> int | None:
    from enrollments.models import Enrollment

    try:
        return instance.enrollment.user_id
    except Enrollment.DoesNotExist:  # deleted with its enrolment, which reported it
        return None


def learner_groups_changed(sender, instance, action: str, pk_set=None, **kwargs) -> None:
    """m2m_changed receiver for a person's groups and permissions, from either side."""
    if not action.startswith("post_"):
        return
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        account_changed(instance.pk)
    else:
        # A group's members or permissions: whose pages change is a query away; all go stale,
        # now too, for what is kept of what people may do (lms.account_facts).
        content_version_bump()
        content_changed()
