from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .audit import plan_goal_change_record, plan_goal_snapshot
from .models import MigraCidadesDimension, PlanAxis, PlanGoal

# A goal's target, dates and split decide the figures the city reports: each creation, edit
# and deletion is audited with its before and after, in the transaction that saves it.


class PlanGoalCreateView(SnippetViewSet.add_view_class):
    def save_instance(self):
        goal = super().save_instance()
        plan_goal_change_record(
            request=self.request, goal=goal, before={}, after=plan_goal_snapshot(goal)
        )
        return goal


class PlanGoalEditView(SnippetViewSet.edit_view_class):
    def get_object(self, queryset=None):
        goal = super().get_object(queryset)
        # As stored, before the form writes the posted values onto the object.
        self.goal_before = plan_goal_snapshot(goal)
        return goal

    def save_instance(self):
        goal = super().save_instance()
        plan_goal_change_record(
            request=self.request,
            goal=goal,
            before=self.goal_before,
            after=plan_goal_snapshot(goal),
        )
        return goal


class PlanGoalDeleteView(SnippetViewSet.delete_view_class):
    def delete_action(self):
        with transaction.atomic():
            plan_goal_change_record(
                request=self.request,
                goal=self.object,
                before=plan_goal_snapshot(self.object),
                after={},
            )
            super().delete_action()


@hooks.register("register_bulk_action", order=1)  # after Wagtail's own, which it replaces
class PlanGoalDeleteBulkAction(DeleteBulkAction):
    models = [PlanGoal]

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        request = kwargs["self"].request
        with transaction.atomic():
            for goal in objects:
                plan_goal_change_record(
                    request=request, goal=goal, before=plan_goal_snapshot(goal), after={}
                )
            return super().execute_action(objects, user=user, **kwargs)


class PlanGoalViewSet(SnippetViewSet):
    model = PlanGoal
    add_view_class = PlanGoalCreateView
    edit_view_class = PlanGoalEditView
    delete_view_class = PlanGoalDeleteView
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
