"""Where Wagtail's admin trusted what a request says: the narrow overrides that keep it from
answering 500 (penetration test, finding 7, and the fuzzing of every admin page a trainer or
a manager reaches, ``tests/test_fuzz_admin.py``). NUL bytes are refused before any of this
(``lms.request_guards``).

- Ids that are not numbers. Its choosers' "these were chosen" (``?id=``), its bulk actions
  (``?id=``, ``?childOf=``), its API's ``find``, its page and link choosers
  (``?parent_page_id=``, ``?target_pages[]=``) and a page's copy (``new_parent_page``) put the
  value straight into a lookup or a link: a 500 (ValueError, NoReverseMatch) for anything but
  a number. Its ``next`` (where to go after a form) went to ``redirect()``, which takes a word
  for the name of a URL: a 500 (NoReverseMatch) for any other word. The admin never sends
  either; ``WagtailAdminGuardMiddleware`` answers them 400.
- Ids of objects that are not there. Several of its views fetch what a request names with
  ``get()`` (a page copied under a parent deleted meanwhile, a bulk action on a listing whose
  page is gone): ``DoesNotExist``, a 500. The same middleware answers with Wagtail's own
  admin 404 page when one of Wagtail's views lets it escape, as ``get_object_or_404`` would
  have (the project's own views are left to fail loudly: there it is a bug of ours).
- Its API takes any non-negative ``offset`` and hands it to the database: past 2**63 - 1,
  PostgreSQL answers "bigint out of range" (SQLite an overflow). The endpoints are registered
  again, through ``construct_admin_api`` (the hook Wagtail registers its own image and document
  endpoints with), as subclasses whose paginator refuses such an offset as Wagtail refuses a
  negative one: a 400 with a message.
- Its chooser widgets (pages, images, documents, snippets) show a refused form's value again
  by fetching it, ``get(pk=value)``, catching only ``DoesNotExist``: a value that is not an id
  ("abc", posted by hand) raised ValueError while the form's error was being shown (a page's
  parent, a class's course, the page editor). No class of ours stands between Wagtail's forms
  and these widgets, so their one method is wrapped
  (``chooser_widgets_tolerate_malformed_ids``): such a value shows as nothing chosen, as a
  missing one does, and the form says it is not a valid choice.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest, ObjectDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views import defaults
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

ADMIN_PREFIX = "/admin/"

_CHOSEN = {"id": ()}
_PAGE_CHOOSER = {"parent_page_id": ("",), "target_pages[]": ("",)}
_LINK_CHOOSER = {"parent_page_id": ("",)}
# Wagtail's admin views (by URL name, whatever their namespace) and the parameters (query or
# form) they read as ids: each value must be a whole number, or one of the words given.
WAGTAIL_ID_PARAMETERS: dict[str, dict[str, tuple[str, ...]]] = {
    "chosen_multiple": _CHOSEN,  # the image, document and snippet choosers
    "wagtailadmin_choose_page_chosen_multiple": _CHOSEN,
    "find": _CHOSEN,  # the admin API's pages, images and documents
    "wagtail_bulk_action": {"id": ("all",), "childOf": ()},  # all: the whole listing
    "wagtailadmin_choose_page": _PAGE_CHOOSER,
    "wagtailadmin_choose_page_child": _PAGE_CHOOSER,
    "wagtailadmin_choose_page_search": _PAGE_CHOOSER,
    "wagtailadmin_choose_page_external_link": _LINK_CHOOSER,
    "wagtailadmin_choose_page_email_link": _LINK_CHOOSER,
    "wagtailadmin_choose_page_phone_link": _LINK_CHOOSER,
    "wagtailadmin_choose_page_anchor_link": _LINK_CHOOSER,
    "copy": {"new_parent_page": ()},  # a page's copy
}


def _is_id(value: str, words: tuple[str, ...]) -> bool:
    return (value.isascii() and value.isdigit()) or value in words


def _sent(request: HttpRequest, name: str) -> list[str]:
    form = request.POST.getlist(name) if request.method == "POST" else []
    return [*request.GET.getlist(name), *form]


def _is_wagtails(request: HttpRequest) -> bool:
    match = request.resolver_match
    view = getattr(match.func, "view_class", match.func) if match else None
    return view is not None and view.__module__.startswith("wagtail.")


class WagtailAdminGuardMiddleware:
    """400 for an id that is not a number or a ``next`` that is not a path, where Wagtail's
    admin takes them unchecked; 404 when one of its views finds no object by an id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if not request.path_info.startswith(ADMIN_PREFIX):
            return
        if not all(url.startswith("/") for url in _sent(request, "next") if url):
            raise BadRequest("next is not a path.")
        parameters = WAGTAIL_ID_PARAMETERS.get(request.resolver_match.url_name, {})
        for name, words in parameters.items():
            if not all(_is_id(value, words) for value in _sent(request, name)):
                raise BadRequest(f"{name} is not an id.")

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ObjectDoesNotExist) and _is_wagtails(request):
            # What Wagtail's admin shows for an Http404 of its views (wagtail.admin.urls).
            return defaults.page_not_found(request, "", template_name="wagtailadmin/404.html")
        return None


class BoundedOffsetPagination(WagtailPagination):
    # The largest OFFSET PostgreSQL (bigint) and SQLite (64-bit integer) accept.
    max_offset = 2**63 - 1

    def paginate_queryset(self, queryset, request, view=None):
        try:
            too_far = int(request.GET.get("offset", 0)) > self.max_offset
        except ValueError:
            too_far = False  # not a number: Wagtail's own check answers it
        if too_far:
            raise BadRequestError(f"offset cannot be higher than {self.max_offset}")
        return super().paginate_queryset(queryset, request, view)


class PagesAdminAPI(PagesAdminAPIViewSet):
    pagination_class = BoundedOffsetPagination


class ImagesAdminAPI(ImagesAdminAPIViewSet):
    pagination_class = BoundedOffsetPagination


class DocumentsAdminAPI(DocumentsAdminAPIViewSet):
    pagination_class = BoundedOffsetPagination


def bound_admin_api_offsets(router: WagtailAPIRouter) -> None:
    """``construct_admin_api`` hook, run after Wagtail's own (``order=1``) to replace them."""
    router.register_endpoint("pages", PagesAdminAPI)
    router.register_endpoint("images", ImagesAdminAPI)
    router.register_endpoint("documents", DocumentsAdminAPI)


def chooser_widgets_tolerate_malformed_ids() -> None:
    """Wrap ``BaseChooser.get_instance`` (every admin chooser widget inherits it) so that a
    value that is not an id of its model is nothing chosen rather than an exception. Once."""
    if getattr(BaseChooser.get_instance, "tolerates_malformed_ids", False):
        return
    get_instance = BaseChooser.get_instance

    def tolerant_get_instance(self, value):
        try:
            return get_instance(self, value)
        except (ValueError, TypeError, ValidationError):
            return None

    tolerant_get_instance.tolerates_malformed_ids = True
    BaseChooser.get_instance = tolerant_get_instance
