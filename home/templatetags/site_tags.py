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
