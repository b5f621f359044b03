from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import MigraCidadesDimension, PlanAxis, PlanGoal


class PlanGoalViewSet(SnippetViewSet):
    model = PlanGoal
    icon = "crosshairs"
    menu_label = _("Plan goals")
    list_display = ["code", "title", "axis", "responsible_unit", "target", "end_date"]
    list_filter = ["axis", "responsible_unit"]
    search_fields = ["code", "title"]
    ordering = ["code"]


class PlanAxisViewSet(SnippetViewSet):
    model = PlanAxis
    icon = "list-ol"
    menu_label = _("Plan axes")
    list_display = ["number", "title"]
    ordering = ["number"]


class DimensionViewSet(SnippetViewSet):
    model = MigraCidadesDimension
    icon = "tag"
    menu_label = _("MigraCidades dimensions")
    list_display = ["edition_year", "number", "name"]
    list_filter = ["edition_year"]
    ordering = ["-edition_year", "number"]


class PlanViewSetGroup(SnippetViewSetGroup):
    items = (PlanGoalViewSet, PlanAxisViewSet, DimensionViewSet)
    menu_icon = "crosshairs"
    menu_label = _("Municipal plan")
    menu_name = "plan"


register_snippet(PlanViewSetGroup)
