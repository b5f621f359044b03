from django import template
from wagtail.models import Page, Site

from home.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def site_settings(context) -> SiteSettings | None:
    request = context.get("request")
    if request is None:
        return None
    return SiteSettings.for_request(request)


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[Page]:
    """Live pages under the site's home page marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu().public().specific())


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    """(label, url) pairs other apps add to the footer through the ``register_footer_link``
    Wagtail hook, so the site's layout does not depend on them."""
    from wagtail import hooks

    return [hook() for hook in hooks.get_hooks("register_footer_link")]
