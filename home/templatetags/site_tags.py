from typing import NamedTuple

from django import template
from wagtail import hooks
from wagtail.models import Page, Site

from home.models import SiteSettings, without_restricted_children
from lms.scopes import may_open_admin

register = template.Library()


class MenuItem(NamedTuple):
    pk: int
    title: str
    url: str


@register.simple_tag(takes_context=True)
def site_settings(context) -> SiteSettings | None:
    """The site's settings with their logo and privacy page (one query, once per request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_capacita_site_settings"):
        site = Site.find_for_request(request)
        found = (
            SiteSettings.objects.select_related("logo", "privacy_page").filter(site=site).first()
        )
        request._capacita_site_settings = found or SiteSettings.for_request(request)
    return request._capacita_site_settings


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[MenuItem]:
    """Live, public pages under the site's home page marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    root = site.root_page
    pages = Page.objects.child_of(root).live().in_menu().order_by("path")
    pages = without_restricted_children(pages, root)
    return [MenuItem(page.pk, page.title, page.get_url(request)) for page in pages]


@register.simple_tag(takes_context=True)
def opens_admin(context) -> bool:
    """Whether the person may open the administration (the menu's link to it)."""
    user = context.get("user")  # an error page of a request refused before log-in has none
    return user is not None and may_open_admin(user)


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    """(label, url) pairs other apps add to the footer through the ``register_footer_link``
    Wagtail hook, so the site's layout does not depend on them."""
    return [hook() for hook in hooks.get_hooks("register_footer_link")]
