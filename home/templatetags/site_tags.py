from typing import NamedTuple

from django import template
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Site

from home import page_cache
from home.models import SiteSettings

register = template.Library()


class MenuItem(NamedTuple):
    pk: int
    title: str
    url: str


@register.simple_tag(takes_context=True)
def site_settings(context) -> SiteSettings | None:
    """The site's settings with their logo and privacy page, which every page shows: kept in
    the cache until content changes (settings and pages bump the content version)."""
    request = context.get("request")
    if request is None:
        return None
    kept = getattr(request, "_capacita_site_settings", None)
    if kept is not None:
        return kept
    site = Site.find_for_request(request)
    key = f"site-settings:{site.pk if site else None}:{page_cache.content_version()}"
    kept = cache.get(key)
    if kept is None:
        kept = SiteSettings.for_request(request)
        kept.logo, kept.privacy_page  # noqa: B018 (read with them, kept with them)
        cache.set(key, kept, timeout=page_cache.timeout())
    request._capacita_site_settings = kept
    return kept


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[MenuItem]:
    """Live pages under the site's home page marked "show in menus".

    Every page shows them, so they are kept in the cache until content changes (the page
    cache's content version, bumped on publishing)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    key = f"menu-pages:{site.pk}:{get_language()}:{page_cache.content_version()}"
    items = cache.get(key)
    if items is None:
        pages = site.root_page.get_children().live().in_menu().public().specific()
        items = [MenuItem(page.pk, page.title, page.get_url(request)) for page in pages]
        cache.set(key, items, timeout=page_cache.timeout())
    return items


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    """(label, url) pairs other apps add to the footer through the ``register_footer_link``
    Wagtail hook, so the site's layout does not depend on them."""
    from wagtail import hooks

    return [hook() for hook in hooks.get_hooks("register_footer_link")]
