from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import BodyBlock


def paths_down_to(page: Page) -> list[str]:
    """The tree paths of ``page`` and of every page above it (each a prefix of the next)."""
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


def without_restricted_children(pages: PageQuerySet, parent: Page) -> PageQuerySet:
    """``pages`` (children of ``parent``) without those behind a view restriction of their
    own or of ``parent`` and above: in the same query, where Wagtail's ``public()`` reads
    every restriction of the site first."""
    restricted = PageViewRestriction.objects.filter(
        Q(page=OuterRef("pk")) | Q(page__path__in=paths_down_to(parent))
    )
    return pages.exclude(Exists(restricted))


class RestrictedInOneQuery:
    """A page whose view restrictions are read in one query. Wagtail's own method reads the
    page's ancestors first, to see which are aliases; their paths are prefixes of the page's
    own, and an alias's restrictions are those of the page it copies."""

    def get_view_restrictions(self):
        paths = paths_down_to(self)
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()


class HomePage(RestrictedInOneQuery, Page):
    """The site's front page."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """The page at the end of the path in one lookup by its stored URL path, not one
        query per path segment; a page type that routes on its own is asked in turn."""
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = Page.objects.filter(url_path=url_path, path__startswith=self.path).first()
        if page is None:
            raise Http404
        page = page.specific
        if type(page).route is not Page.route:
            return super().route(request, path_components)
        if not page.live:
            raise Http404
        return RouteResult(page)


class StandardPage(RestrictedInOneQuery, Page):
    """About, help, privacy: a page of text."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the city edits about the site itself."""

    city_name = models.CharField(_("city name"), max_length=120, default="São Paulo")
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Prefeitura de São Paulo",
        help_text=_("Shown in the footer and, later, as the issuing body on certificates."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt_text = models.CharField(
        _("logo alternative text"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for screen readers, e.g. the city's name."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    demo_notice = models.BooleanField(
        _("show the demo notice"),
        default=False,
        help_text=_("A banner on every page saying that the data is invented for a demo."),
    )

    panels = [
        FieldPanel("city_name"),
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        FieldPanel("logo_alt_text"),
        FieldPanel("privacy_page"),
        FieldPanel("demo_notice"),
    ]

    class Meta:
        verbose_name = _("site settings")
