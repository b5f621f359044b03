"""The managers' back office for the plan's indicators: the goal table, one goal (trend,
courses, trained agents), exports, and the MigraCidades evidence report.

Every figure comes from ``indicators``, read in the manager's scope (``lms.scopes``).
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from courses.models import CoursePage, Modality
from lms.exports import csv_response, xlsx_response
from lms.forms import PageChoiceField, UnitChoiceField
from lms.models import AuditEvent, Territory
from lms.scopes import ManagerOnlyMixin, ManagerScope, managers_only_menu_item
from lms.services import audit_record

from . import indicators
from .indicators import IndicatorFilters
from .models import Enrollment

EXPORT_FORMATS = {"csv", "xlsx"}


class IndicatorFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("Completed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[indicators.validate_period_date],
    )
    date_to = forms.DateField(
        label=gettext_lazy("Completed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[indicators.validate_period_date],
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Secretariat or unit"),
        required=False,
        empty_label=gettext_lazy("All units in your scope"),
    )
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Territory"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=gettext_lazy("All territories"),
    )
    modality = forms.ChoiceField(
        label=gettext_lazy("Modality"),
        choices=[("", gettext_lazy("All modalities")), *Modality.choices],
        required=False,
    )
    course = PageChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All courses"),
    )

    def __init__(self, data=None, *, scope: ManagerScope):
        super().__init__(data)
        self.fields["unit"].queryset = scope.units().order_by("path")
        # A course is listed by its title: its page's other columns are long and unused.
        self.fields["course"].queryset = CoursePage.objects.order_by("title").only("title")
        for name in ("unit", "territory", "course"):
            self.fields[name].widget.template_name = "enrollments/widgets/select.html"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    @cached_property
    def filters(self) -> IndicatorFilters:
        """The filters asked for; none while the form has errors (the errors are shown)."""
        if not self.is_bound or not self.is_valid():
            return IndicatorFilters()
        data = self.cleaned_data
        return IndicatorFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            unit=data["unit"],
            territory=data["territory"],
            modality=data["modality"],
            course=data["course"],
        )

    def query_string(self, **extra) -> str:
        """The valid filters as a query string, for export and drill-down links."""
        params = {}
        if self.is_bound and self.is_valid():
            params = {k: self.data[k] for k in self.fields if self.data.get(k)}
        params.update(extra)
        return urlencode(params)

    def summary(self, scope: ManagerScope) -> list[tuple[str, str]]:
        """What the figures are about, in words, for the page and the exports."""
        f = self.filters
        lines = [
            (_("Scope"), str(scope.unit) if scope.unit else _("The whole city")),
            (
                _("Period"),
                " – ".join(
                    date_format(day, "SHORT_DATE_FORMAT") if day else "…"
                    for day in (f.date_from, f.date_to)
                ),
            ),
        ]
        if f.unit:
            lines.append((_("Secretariat or unit"), str(f.unit)))
        if f.territory:
            lines.append((_("Territory"), str(f.territory)))
        if f.modality:
            lines.append((_("Modality"), str(Modality(f.modality).label)))
        if f.course:
            lines.append((_("Course"), f.course.title))
        lines.append(
            (_("Generated at"), date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"))
        )
        return lines


class IndicatorView(ManagerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A page of figures in the manager's scope, with the filter form; ``?format=csv|xlsx``
    downloads what the page shows."""

    header_icon = "table"

    def get(self, request, *args, **kwargs):
        self.form = IndicatorFilterForm(request.GET or None, scope=self.scope)
        export = request.GET.get("format", "")
        if export in EXPORT_FORMATS:
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["summary"] = self.form.summary(self.scope)
        context["export_csv"] = "?" + self.form.query_string(format="csv")
        context["export_xlsx"] = "?" + self.form.query_string(format="xlsx")
        return context

    def audit_scope(self, **extra) -> dict:
        """What the figures or people were read under, for the audit log."""
        summary = self.form.summary(self.scope)[:-1]  # not "Generated at": the event has it
        return {"filters": [[str(k), str(v)] for k, v in summary], **extra}

    def export(self, kind: str):
        name, sheets = self.export_sheets()
        audit_record(
            request=self.request,
            action=AuditEvent.Action.EXPORT,
            description=f"{self.export_description()} ({kind.upper()})",
            scope=self.audit_scope(format=kind),
            rows=self.export_count(sheets),
        )
        sheets.append((_("Filters"), [_("Criterion"), _("Value")], self.form.summary(self.scope)))
        stamp = timezone.localdate().isoformat()
        if kind == "csv":
            _title, header, rows = sheets[0]
            return csv_response(f"{name}-{stamp}.csv", header, rows)
        return xlsx_response(f"{name}-{stamp}.xlsx", sheets)

    def export_sheets(self) -> tuple[str, list]:
        raise NotImplementedError

    def export_description(self) -> str:
        """The export in words, for the audit log."""
        raise NotImplementedError

    def export_count(self, sheets: list) -> int:
        """How many rows the first sheet (the one the CSV has) holds, for the audit log."""
        return len(sheets[0][2])


def goal_table_rows(rows: list[indicators.GoalRow]):
    for row in rows:
        goal = row.goal
        yield [
            goal.code,
            goal.title,
            goal.axis.number,
            goal.responsible_unit.acronym,
            goal.action_numbers,
            goal.dimensions_label,
            goal.baseline,
            row.target,
            row.achieved,
            round(row.percent, 1),
            row.pace_label,
        ]


def goal_table_header() -> list[str]:
    return [
        _("Code"),
        _("Goal"),
        _("Axis"),
        _("Responsible secretariat"),
        _("Plan actions"),
        capfirst(_("MigraCidades dimensions")),
        _("Baseline"),
        _("Target"),
        _("Trained agents"),
        _("% of target"),
        _("Pace"),
    ]


def agent_rows(completions):
    for row in completions.iterator(chunk_size=2000):
        person = row.enrollment.user
        yield [
            row.goal.code,
            person.display_name,
            person.registration_number,
            str(row.unit) if row.unit else "",
            row.territory.name if row.territory else "",
            row.course.title,
            str(Modality(row.modality).label) if row.modality in Modality.values else "",
            timezone.localtime(row.completed_at).date(),
        ]


def agent_header() -> list[str]:
    return [
        _("Goal"),
        _("Name"),
        _("Registration number"),
        _("Unit at completion"),
        _("Territory at completion"),
        _("Course"),
        _("Modality"),
        _("Completed on"),
    ]


class DashboardView(IndicatorView):
    template_name = "enrollments/admin/indicators.html"
    page_title = gettext_lazy("Plan indicators")

    @cached_property
    def rows(self) -> list[indicators.GoalRow]:
        return indicators.goal_rows(self.scope, self.form.filters)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.rows
        context["detail_query"] = self.form.query_string()
        context["agents_csv"] = reverse("plan_indicators:agents") + context["export_csv"]
        context["agents_xlsx"] = reverse("plan_indicators:agents") + context["export_xlsx"]
        return context

    def export_sheets(self):
        return "indicadores-metas", [
            (_("Goals"), goal_table_header(), list(goal_table_rows(self.rows)))
        ]

    def export_description(self) -> str:
        return _("Plan indicators: goal table")


class AgentsExportView(IndicatorView):
    """The trained agents behind every goal's figure, in the scope and filters: a download."""

    def get(self, request, *args, **kwargs):
        self.form = IndicatorFilterForm(request.GET or None, scope=self.scope)
        kind = request.GET.get("format", "")
        if kind not in EXPORT_FORMATS:
            raise Http404
        return self.export(kind)

    def export_sheets(self):
        self.completions = indicators.trained_agents(self.scope, self.form.filters)
        return "agentes-formados", [
            (_("Trained agents"), agent_header(), agent_rows(self.completions))
        ]

    def export_description(self) -> str:
        return _("Trained agents of every goal")

    def export_count(self, sheets: list) -> int:
        return self.completions.count()


def chart(series: list[tuple[datetime.date, int]], target: int) -> dict:
    """Where to draw a cumulative line against the target, in an SVG's user units.

    Coordinates are strings: a template would print floats with the language's decimal
    comma, which SVG does not read."""
    width, height, left, bottom, top, right = 720, 300, 64, 36, 24, 16
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([target, *(v for _, v in series), 1])
    steps = max(len(series) - 1, 1)

    def x(i: int) -> str:
        return f"{left + plot_w * i / steps:.1f}"

    def y(value: float) -> str:
        return f"{top + plot_h * (1 - value / top_value):.1f}"

    every = max(1, len(series) // 8)
    return {
        "width": width,
        "height": height,
        "left": str(left),
        "tick_x": str(left - 8),
        "right": str(width - right),
        "points": " ".join(f"{x(i)},{y(v)}" for i, (_, v) in enumerate(series)),
        "target_y": y(target),
        "target_label_y": f"{top + plot_h * (1 - target / top_value) - 6:.1f}",
        "y_ticks": [(y(t), t) for t in sorted({round(top_value * k / 4) for k in range(5)})],
        "x_ticks": [
            (x(i), date_format(month, "m/Y"))
            for i, (month, _v) in enumerate(series)
            if i % every == 0 or i == len(series) - 1
        ],
        "label_y": str(height - 12),
    }


class GoalDetailView(IndicatorView):
    """One goal: its figure, the trend against the target, the courses behind it and the
    people it counts."""

    template_name = "enrollments/admin/indicator_goal.html"
    agents_per_page = 50

    def dispatch(self, request, *args, **kwargs):
        self.goal = get_object_or_404(indicators.plan_goals(), pk=kwargs["goal_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.goal)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("plan_indicators:index"), "label": _("Plan indicators")},
            {"url": "", "label": self.goal.code},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.form.filters
        row = indicators.goal_rows(
            self.scope, filters, goals=indicators.plan_goals().filter(pk=self.goal.pk)
        )[0]
        series = indicators.cumulative_by_month(self.goal, self.scope, filters)
        agents = Paginator(
            indicators.trained_agents(self.scope, filters, goal=self.goal), self.agents_per_page
        ).get_page(self.request.GET.get("p"))
        contributions = indicators.goal_contributions(self.goal, self.scope, filters)
        for course in contributions:
            course["modality_label"] = Modality(course["modality"]).label
        if agents.object_list:
            audit_record(
                request=self.request,
                action=AuditEvent.Action.PERSONAL_DATA_VIEW,
                description=_("Trained agents of goal %(code)s, page %(page)s")
                % {"code": self.goal.code, "page": agents.number},
                scope=self.audit_scope(),
                rows=len(agents.object_list),
            )
        context.update(
            goal=self.goal,
            row=row,
            series=series,
            chart=chart(series, row.target),
            contributions=contributions,
            agents=agents,
            page_query=self.form.query_string(),
        )
        return context

    def export_sheets(self):
        self.completions = indicators.trained_agents(self.scope, self.form.filters, goal=self.goal)
        return f"agentes-{self.goal.code}", [
            (_("Trained agents"), agent_header(), agent_rows(self.completions))
        ]

    def export_description(self) -> str:
        return _("Trained agents of goal %(code)s") % {"code": self.goal.code}

    def export_count(self, sheets: list) -> int:
        return self.completions.count()


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, data=None):
        super().__init__(data)
        # Every completion counts for MigraCidades, not only those of courses with goals.
        first = Enrollment.objects.completed().aggregate(first=Min("completed_at"))["first"]
        this_year = timezone.localdate().year
        start = timezone.localtime(first).year if first else this_year
        self.fields["year"].choices = [(y, y) for y in range(this_year, start - 1, -1)]
        self.fields["year"].initial = this_year

    @property
    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return self.fields["year"].initial


class MigraCidadesView(ManagerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Dimension 2 evidence for one year: printable, and as XLSX with ``?format=xlsx``."""

    template_name = "enrollments/admin/migracidades.html"
    page_title = gettext_lazy("MigraCidades evidence")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("plan_indicators:index"), "label": _("Plan indicators")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, **kwargs):
        self.form = YearForm(request.GET or None)
        self.report = indicators.migracidades_report(self.form.chosen_year, self.scope)
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            report=self.report,
            scope_label=str(self.scope.unit) if self.scope.unit else _("The whole city"),
            export_xlsx="?" + urlencode({"year": self.report.year, "format": "xlsx"}),
            sections=[
                (_("By secretariat"), self.report.by_secretariat, _("Secretariat")),
                (_("By topic"), self.report.by_topic, _("Topic")),
                (_("By course"), self.report.by_course, _("Course")),
            ],
        )
        return context

    def export(self):
        report = self.report
        group_header = [_("Agents trained"), _("Completions"), _("Training hours")]

        def groups(items, *extra):
            return [
                [g.label, *(g.extra.get(k, "") for k in extra), g.people, g.completions, g.hours]
                for g in items
            ]

        summary = [
            [_("Year"), report.year],
            [_("Scope"), str(report.scope.unit) if report.scope.unit else _("The whole city")],
            [_("MigraCidades dimension"), str(report.dimension or "2")],
            [_("Agents trained"), report.totals["people"]],
            [_("Completions"), report.totals["completions"]],
            [_("Training hours"), report.totals["hours"]],
        ]
        sheets = [
            (_("Summary"), [_("Item"), _("Value")], summary),
            (
                _("By secretariat"),
                [_("Secretariat"), _("Name"), *group_header],
                groups(report.by_secretariat, "name"),
            ),
            (_("By topic"), [_("Topic"), *group_header], groups(report.by_topic)),
            (
                _("By course"),
                [_("Course"), _("Workload (hours)"), _("Modality"), _("Goals"), *group_header],
                groups(report.by_course, "workload", "modality", "goals"),
            ),
            (_("Goals"), goal_table_header(), list(goal_table_rows(report.goals))),
        ]
        audit_record(
            request=self.request,
            action=AuditEvent.Action.EXPORT,
            description=_("MigraCidades evidence, %(year)s (XLSX)") % {"year": report.year},
            scope={"year": report.year, "scope": str(summary[1][1])},
            rows=sum(len(rows) for _title, _header, rows in sheets[1:]),
        )
        return xlsx_response(f"migracidades-dimensao-2-{report.year}.xlsx", sheets)


class PlanIndicatorsViewSet(ViewSet):
    name = "plan_indicators"
    url_prefix = "indicators"
    icon = "table"
    menu_label = gettext_lazy("Plan indicators")
    menu_order = 250

    @cached_property
    def menu_item_class(self):
        return managers_only_menu_item()

    def get_urlpatterns(self):
        return [
            path("", DashboardView.as_view(), name="index"),
            path("agents/", AgentsExportView.as_view(), name="agents"),
            path("goals/<int:goal_id>/", GoalDetailView.as_view(), name="goal"),
        ]


class MigraCidadesViewSet(ViewSet):
    name = "migracidades_report"
    url_prefix = "indicators/migracidades"
    icon = "doc-full"
    menu_label = gettext_lazy("MigraCidades evidence")

    @cached_property
    def menu_item_class(self):
        return managers_only_menu_item()

    def get_urlpatterns(self):
        return [path("", MigraCidadesView.as_view(), name="index")]


class IndicatorsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Plan indicators")
    menu_icon = "table"
    menu_order = 250
    items = (PlanIndicatorsViewSet(), MigraCidadesViewSet())
