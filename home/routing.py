"""Wagtail's routing from a page's address to the page, in one query instead of four.

Wagtail finds the page of a request by loading the site's root page, its specific type,
then the page at the path (``HomePage.route``) and its specific type: four queries on every
page a learner opens, before anything of the page itself. ``PageRouteMiddleware`` keeps, per
site and path, which page answered (its id and type) and, on the next request for that
path, loads that page alone, straight as its own type, and hands it to Wagtail as the
request's route (``request._wagtail_route_for_request``, which Wagtail reads before routing).

What is kept is only checked against the database, never trusted: the page loaded must
still be live and still sit at that address under that site's root, or the request is
routed as Wagtail always does and the entry replaced. So a page unpublished, moved, renamed
or deleted is never served from an old entry, and nothing needs to invalidate it. Only plain
routes are kept: a page type with a ``route`` of its own (sub-pages, arguments) is routed by
Wagtail every time. Wagtail's view restrictions, the ``before_serve_page`` hooks and
``serve`` run after routing as always.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import HttpRequest
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

KEY = "page-route:{site}:{root}:{path}"
KEPT_FOR = 24 * 60 * 60  # seconds; entries are checked on use, so they may live long


class PageRouteMiddleware:
    """Route a Wagtail page request from the kept entry for its path (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")  # Wagtail's pattern
        components = [part for part in path.split("/") if part]
        site = Site.find_for_request(request)
        if not components or site is None:
            return None  # the home page itself, or no site: Wagtail answers as always
        key = KEY.format(site=site.pk, root=site.root_page_id, path="/".join(components))
        kept = cache.get(key)
        if kept is not None:
            page = _kept_page(*kept)
            if page is not None:
                request._wagtail_route_for_request = RouteResult(page)
                return None
        result = Page.route_for_request(request, path)
        if result is not None and _plain(result):
            page = result[0]
            entry = (page.content_type_id, page.pk, page.url_path)
            cache.set(key, entry, timeout=KEPT_FOR)
        return None


def _plain(result: RouteResult) -> bool:
    page, args, kwargs = result
    return not args and not kwargs and type(page).route is Page.route


def _kept_page(content_type_id: int, page_id: int, url_path: str) -> Page | None:
    """The kept page, as its own type, if it is still live at the address it was found at
    (a page's ``url_path`` holds its site root's, so it changes if either moves)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not issubclass(model, Page):
        return None
    return model.objects.filter(pk=page_id, live=True, url_path=url_path).first()
