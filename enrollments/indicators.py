"""The plan's indicators: how many distinct agents each goal has trained. Read-only.

Every figure a manager, an export, a snapshot or the open-data API shows comes from here, so
they can never disagree. The rules (docs/decisions.md, "Indicators"):

- A trained agent of a goal is a distinct person (an account: a registration number belongs
  to one account at a time) with at least one counted completion of a course feeding that
  goal, inside the period asked. A completion whose certificate was revoked is not counted.
- Breakdowns use the unit and territory recorded at completion; a unit includes its subtree.
- A manager's scope (``lms.scopes``) restricts every figure to completions recorded in it.

The common questions (city-wide, a unit with its subtree, a territory, one whole calendar
year, a unit or a territory in one year) and open data read ``GoalTally``, counts kept per
slice, so their cost does not grow with completions (counted from the goal rows instead, a
million completions take the dashboard past 300 ms and open data past 2 s).
"Until a date", city-wide, whole or of one modality, reads ``GoalAttainment`` (one row per
person and goal, and per person, goal and modality); anything else counts distinct people in
``GoalCompletion`` through an index that holds what it counts.
Every way gives the same figures as a naive count
(tests/enrollments/test_indicators_properties.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, MigraCidadesDimension, Modality, PlanGoal
from lms.models import OrganisationalUnit, Territory
from lms.scopes import ManagerScope

from . import disclosure
from .models import Enrollment, GoalAttainment, GoalCompletion, GoalTally

CITY = ManagerScope(unit=None)
# Open data never shows a figure about fewer people than this (but zero).
SUPPRESSION_THRESHOLD = 5


# Dates a period may name: wide enough for any plan, narrow enough that a day after the
# end or a month series always exists.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def validate_period_date(day: datetime.date) -> None:
    from django.core.exceptions import ValidationError

    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year}
        )


@dataclass(frozen=True)
class IndicatorFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    unit: OrganisationalUnit | None = None  # with its subtree
    territory: Territory | None = None
    modality: str = ""
    course: CoursePage | None = None

    @property
    def narrows_completions(self) -> bool:
        """Whether anything beyond "until ``date_to``" and a modality is asked (the
        first-completion table answers only those)."""
        return bool(self.date_from or self.unit or self.territory or self.course)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the city's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def goal_completions(
    scope: ManagerScope, filters: IndicatorFilters = IndicatorFilters()
) -> QuerySet[GoalCompletion]:
    """The counted completions, per goal, that ``scope`` may see and ``filters`` keep."""
    rows = GoalCompletion.objects.all()
    for unit in (scope.unit, filters.unit):
        if unit is not None:
            rows = rows.filter(unit__path__startswith=unit.path)
    if filters.territory is not None:
        rows = rows.filter(territory=filters.territory)
    if filters.modality:
        rows = rows.filter(modality=filters.modality)
    if filters.course is not None:
        rows = rows.filter(course=filters.course)
    if filters.date_from:
        rows = rows.filter(completed_at__gte=day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(completed_at__lt=day_start(filters.date_to + datetime.timedelta(days=1)))
    return rows


# --- The tally: the common questions answered from counts kept per slice -----------------------


@dataclass(frozen=True)
class TallySlice:
    """Which ``GoalTally`` slice answers a question: unit and territory keys and the year."""

    unit_key: int
    territory_key: int
    year: int
    # "From 1 January of ``year`` on": the year's slice answers it only while no later year
    # has completions in the cells read (completions dated ahead are possible).
    open_ended: bool = False


def tally_slice(scope: ManagerScope, filters: IndicatorFilters) -> TallySlice | None:
    """The slice that answers exactly what ``scope`` and ``filters`` ask, if one is kept."""
    if filters.modality or filters.course is not None:
        return None
    units = [u for u in (scope.unit, filters.unit) if u is not None]
    if len(units) == 2 and not (
        units[0].path.startswith(units[1].path) or units[1].path.startswith(units[0].path)
    ):
        return None  # two branches apart: nothing in both (the live count says so)
    unit = _viewed_unit(scope, filters)
    if unit is not None and filters.territory is not None:
        return None  # unit × territory is not kept
    year, open_ended = GoalTally.ANY, False
    start, end = filters.date_from, filters.date_to
    if start is not None or end is not None:
        if start is None or (start.month, start.day) != (1, 1):
            return None
        if end is None:
            open_ended = True
        elif end != datetime.date(start.year, 12, 31):
            return None
        year = start.year
    return TallySlice(
        unit_key=unit.pk if unit is not None else GoalTally.ANY,
        territory_key=filters.territory.pk if filters.territory is not None else GoalTally.ANY,
        year=year,
        open_ended=open_ended,
    )


def _tally_cells(
    where: TallySlice,
    *,
    unit_keys: list[int] | None = None,
    each_territory: bool = False,
    by_year: bool = False,
) -> list[tuple[int, int, int, int, int]] | None:
    """(goal, unit key, territory key, year, trained) of the cells a figure needs: the
    slice's own, those ``unit_keys`` name, or every territory's; per year with ``by_year``.
    None when the cells cannot answer exactly (a later year in an open-ended period)."""
    cells = GoalTally.objects.order_by()
    if unit_keys is None:
        cells = cells.filter(unit_key=where.unit_key)
    else:
        cells = cells.filter(unit_key__in=unit_keys)
    if each_territory:
        cells = cells.filter(unit_key=GoalTally.ANY).exclude(territory_key=GoalTally.ANY)
    else:
        cells = cells.filter(territory_key=where.territory_key)
    if where.year == GoalTally.ANY:
        cells = cells.exclude(year=GoalTally.ANY) if by_year else cells.filter(year=GoalTally.ANY)
    elif where.open_ended:
        cells = cells.filter(year__gte=where.year)
    else:
        cells = cells.filter(year=where.year)
    found = list(cells.values_list("goal_id", "unit_key", "territory_key", "year", "trained"))
    if where.open_ended and not by_year and any(row[3] != where.year for row in found):
        return None
    return found


def trained_counts(
    scope: ManagerScope, filters: IndicatorFilters = IndicatorFilters()
) -> dict[int, int]:
    """Distinct trained agents per goal id (goals with none are absent)."""
    where = tally_slice(scope, filters)
    cells = _tally_cells(where) if where is not None else None
    if cells is not None:
        return {goal: n for goal, _u, _t, _y, n in cells}
    if scope.is_city_wide and not filters.narrows_completions:
        firsts = GoalAttainment.objects.filter(modality=filters.modality)
        if filters.date_to:
            end = day_start(filters.date_to + datetime.timedelta(days=1))
            firsts = firsts.filter(first_completed_at__lt=end)
        counts = firsts.order_by().values("goal_id").annotate(n=Count("*"))
    else:
        counts = (
            goal_completions(scope, filters)
            .order_by()
            .values("goal_id")
            .annotate(n=Count("user", distinct=True))
        )
    return {row["goal_id"]: row["n"] for row in counts}


# --- The goal table ----------------------------------------------------------------------------


class Pace:
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    BEHIND = "behind"
    ACHIEVED = "achieved"
    MISSED = "missed"

    LABELS = {
        NOT_STARTED: _("Not started"),
        ON_TRACK: _("On track"),
        BEHIND: _("Behind"),
        ACHIEVED: _("Target met"),
        MISSED: _("Ended, not met"),
    }


def goal_pace(
    *, start: datetime.date, end: datetime.date, target: int, achieved: int, today: datetime.date
) -> tuple[str, float]:
    """The goal's pace and the share of its target it should have reached by ``today``.

    On track means the share achieved is at least the share of the goal's time elapsed.
    """
    if target and achieved >= target:
        return Pace.ACHIEVED, 1.0
    if today < start:
        return Pace.NOT_STARTED, 0.0
    if today > end:
        return Pace.MISSED, 1.0
    span = max((end - start).days, 1)
    expected = min(max((today - start).days / span, 0.0), 1.0)
    achieved_share = achieved / target if target else 1.0
    return (Pace.ON_TRACK if achieved_share >= expected else Pace.BEHIND), expected


@dataclass
class GoalRow:
    goal: PlanGoal
    target: int
    target_is_split: bool  # the target of the secretariat viewed, not the city's
    achieved: int
    pace: str
    expected_share: float

    @property
    def percent(self) -> float:
        return 100 * self.achieved / self.target if self.target else 0.0

    @property
    def bar_percent(self) -> int:
        return min(round(self.percent), 100)

    @property
    def expected_percent(self) -> int:
        return round(100 * self.expected_share)

    @property
    def pace_label(self) -> str:
        return str(Pace.LABELS[self.pace])


def _viewed_unit(scope: ManagerScope, filters: IndicatorFilters) -> OrganisationalUnit | None:
    """The narrower of the scope's and the filter's unit (the form keeps one inside the other)."""
    units = [u for u in (scope.unit, filters.unit) if u is not None]
    return max(units, key=lambda u: u.depth) if units else None


def goal_target(goal: PlanGoal, unit: OrganisationalUnit | None) -> tuple[int, bool]:
    """The target to read a figure against: a secretariat's share when one is set for the
    secretariat viewed, else the goal's whole target."""
    if unit is not None and unit.depth == 1:
        for split in goal.secretariat_targets.all():
            if split.secretariat_id == unit.pk:
                return split.target, True
    return goal.target, False


def plan_goals() -> QuerySet[PlanGoal]:
    return PlanGoal.objects.select_related("axis", "responsible_unit").prefetch_related(
        "secretariat_targets", "dimensions"
    )


def goal_rows(
    scope: ManagerScope,
    filters: IndicatorFilters = IndicatorFilters(),
    *,
    today: datetime.date | None = None,
    goals: QuerySet[PlanGoal] | None = None,
) -> list[GoalRow]:
    """One row per goal: target, trained agents, share and pace. A constant number of queries."""
    today = today or timezone.localdate()
    counts = trained_counts(scope, filters)
    unit = _viewed_unit(scope, filters)
    rows = []
    for goal in goals if goals is not None else plan_goals():
        target, split = goal_target(goal, unit)
        achieved = counts.get(goal.pk, 0)
        pace, expected = goal_pace(
            start=goal.start_date, end=goal.end_date, target=target, achieved=achieved, today=today
        )
        rows.append(GoalRow(goal, target, split, achieved, pace, expected))
    return rows


# --- One goal ------------------------------------------------------------------------------------


def _month(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def cumulative_by_month(
    goal: PlanGoal,
    scope: ManagerScope,
    filters: IndicatorFilters = IndicatorFilters(),
    *,
    today: datetime.date | None = None,
) -> list[tuple[datetime.date, int]]:
    """Trained agents so far at the end of each month, from the goal's start (or its first
    completion, if earlier) to the end of the period (or this month)."""
    today = today or timezone.localdate()
    if scope.is_city_wide and not filters.narrows_completions:
        firsts = GoalAttainment.objects.filter(goal=goal, modality=filters.modality)
        if filters.date_to:
            end = day_start(filters.date_to + datetime.timedelta(days=1))
            firsts = firsts.filter(first_completed_at__lt=end)
        firsts = firsts.values_list("first_completed_at", flat=True)
    else:
        firsts = (
            goal_completions(scope, filters)
            .filter(goal=goal)
            .order_by()
            .values("user")
            .annotate(first=Min("completed_at"))
            .values_list("first", flat=True)
        )
    per_month: dict[datetime.date, int] = defaultdict(int)
    for moment in firsts:
        per_month[_month(moment)] += 1
    first = goal.start_date.replace(day=1)
    if per_month:
        first = min(first, min(per_month))
    # The trend stops at the end of the period, never after this month.
    last = min(filters.date_to or today, today).replace(day=1)
    series, total, month = [], 0, first
    while month <= last:
        total += per_month.get(month, 0)
        series.append((month, total))
        month = _next_month(month)
    return series


def goal_contributions(
    goal: PlanGoal, scope: ManagerScope, filters: IndicatorFilters = IndicatorFilters()
) -> list[dict]:
    """The courses that trained the goal's agents: people and completions per course."""
    return list(
        goal_completions(scope, filters)
        .filter(goal=goal)
        .order_by()
        .values("course_id", "modality", title=F("course__title"))
        .annotate(people=Count("user", distinct=True), completions=Count("id"))
        .order_by("-people", "title")
    )


def trained_agents(
    scope: ManagerScope,
    filters: IndicatorFilters = IndicatorFilters(),
    *,
    goal: PlanGoal | None = None,
) -> QuerySet[GoalCompletion]:
    """The completions behind the figures, newest first, with the person, unit and course."""
    rows = goal_completions(scope, filters)
    if goal is not None:
        rows = rows.filter(goal=goal)
    return rows.select_related("goal", "course", "unit", "territory", "enrollment__user").order_by(
        "-completed_at", "goal__code", "pk"
    )


# --- Breakdowns ----------------------------------------------------------------------------------


def _secretariats() -> dict[str, OrganisationalUnit]:
    return {unit.path: unit for unit in OrganisationalUnit.objects.secretariats()}


def counts_by_secretariat(
    scope: ManagerScope, filters: IndicatorFilters = IndicatorFilters()
) -> dict[int, dict[str, int]]:
    """Per goal id: trained agents per secretariat acronym (at completion)."""
    steplen = OrganisationalUnit.steplen
    where = tally_slice(scope, filters)
    if where is not None and where.territory_key == GoalTally.ANY:
        secretariats = _secretariats()
        if where.unit_key == GoalTally.ANY:
            labels = {unit.pk: unit.acronym for unit in secretariats.values()}
            labels[GoalTally.NONE] = str(_("No unit"))
            cells = _tally_cells(where, unit_keys=list(labels))
        else:
            # Inside one unit every completion is of that unit's secretariat.
            viewed = _viewed_unit(scope, filters)
            labels = {viewed.pk: secretariats[viewed.path[:steplen]].acronym}
            cells = _tally_cells(where)
        if cells is not None:
            tallied: dict[int, dict[str, int]] = defaultdict(dict)
            for goal, unit_key, _t, _y, n in cells:
                tallied[goal][labels[unit_key]] = n
            return tallied
    rows = (
        goal_completions(scope, filters)
        .order_by()
        .annotate(branch=Substr("unit__path", 1, steplen))
        .values("goal_id", "branch")
        .annotate(n=Count("user", distinct=True))
    )
    secretariats = _secretariats()
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        unit = secretariats.get(row["branch"] or "")
        label = unit.acronym if unit else str(_("No unit"))
        result[row["goal_id"]][label] = row["n"]
    return result


def counts_by_territory(
    scope: ManagerScope, filters: IndicatorFilters = IndicatorFilters()
) -> dict[int, dict[str, int]]:
    """Per goal id: trained agents per territory (at completion)."""
    where = tally_slice(scope, filters)
    if where is not None and where.unit_key == GoalTally.ANY:
        if where.territory_key == GoalTally.ANY:
            cells = _tally_cells(where, each_territory=True)
        else:
            cells = _tally_cells(where)
        if cells is not None:
            names = dict(Territory.objects.values_list("pk", "name"))
            names[GoalTally.NONE] = str(_("No territory"))
            tallied: dict[int, dict[str, int]] = defaultdict(dict)
            for goal, _u, territory_key, _y, n in cells:
                tallied[goal][names[territory_key]] = n
            return tallied
    rows = (
        goal_completions(scope, filters)
        .order_by()
        .values("goal_id", name=F("territory__name"))
        .annotate(n=Count("user", distinct=True))
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        result[row["goal_id"]][row["name"] or str(_("No territory"))] = row["n"]
    return result


def counts_by_year(
    scope: ManagerScope, filters: IndicatorFilters = IndicatorFilters()
) -> dict[int, dict[int, int]]:
    """Per goal id: agents trained in each calendar year (a person may count in several)."""
    where = tally_slice(scope, filters)
    if where is not None:
        tallied: dict[int, dict[int, int]] = defaultdict(dict)
        for goal, _u, _t, year, n in _tally_cells(where, by_year=True):
            tallied[goal][year] = n
        return tallied
    rows = (
        goal_completions(scope, filters)
        .order_by()
        .annotate(year=ExtractYear("completed_at"))
        .values("goal_id", "year")
        .annotate(n=Count("user", distinct=True))
    )
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        result[row["goal_id"]][row["year"]] = row["n"]
    return result


# --- Open data -----------------------------------------------------------------------------------


# The open data's cells, per goal: (year or ``GoalTally.ANY`` for all time, group).
TOTAL = ("total", GoalTally.ANY)
SECRETARIAT, TERRITORY = "secretariat", "territory"


def _open_data_counts() -> dict[int, dict[tuple, int]]:
    """Per goal id, the city-wide counts the open data shows that are not zero: the whole
    city, each secretariat (or no unit) and each territory (or none), all time and in each
    year. One read of the goal tally."""
    secretariats = list(OrganisationalUnit.objects.secretariats().values_list("pk", flat=True))
    rows = (
        GoalTally.objects.order_by()
        .filter(
            Q(unit_key=GoalTally.ANY)
            | Q(territory_key=GoalTally.ANY, unit_key__in=[GoalTally.NONE, *secretariats])
        )
        .values_list("goal_id", "unit_key", "territory_key", "year", "trained")
    )
    counts: dict[int, dict[tuple, int]] = defaultdict(dict)
    for goal, unit_key, territory_key, year, n in rows:
        if territory_key != GoalTally.ANY:
            group = (TERRITORY, territory_key)
        elif unit_key != GoalTally.ANY:
            group = (SECRETARIAT, unit_key)
        else:
            group = TOTAL
        counts[goal][(year, group)] = n
    return counts


def _open_data_cells(
    counts: dict[tuple, int], years: list[int], groups: list[tuple]
) -> dict[tuple, int]:
    """A goal's whole table: every group, all time and in each of ``years``, 0 where nobody
    trained.

    Every group and every year the open data has, rather than the goal's own: a group or a
    year left out would be a zero everybody knows, and a known zero can pin small figures
    (4 people in 4 territories, the others left out: the 4 nulls add up to the null total,
    at most 4, so each is 1; 4 people in 4 years, the same)."""
    if not counts:
        return {}  # nobody trained: every figure of every document is 0, none to hide
    return {
        (period, group): counts.get((period, group), 0)
        for period in (GoalTally.ANY, *years)
        for group in (TOTAL, *groups)
    }


def _open_data_relations(cells: dict[tuple, int]) -> list[disclosure.Relation]:
    """How a goal's published counts bind each other: in each period the whole city and its
    secretariats, the whole city and its territories; for each group, all time and its years.
    (A year no goal has completions in is all zeros: it adds nothing to any of them.)"""
    if not cells:
        return []  # nobody trained: nothing to relate
    periods = sorted({period for period, _group in cells})
    groups = sorted({group for _period, group in cells if group != TOTAL})
    years = [period for period in periods if period != GoalTally.ANY]
    relations = []
    for period in periods:
        for kind in (SECRETARIAT, TERRITORY):
            parts = [(period, group) for group in groups if group[0] == kind]
            relations.append(disclosure.Relation((period, TOTAL), tuple(parts)))
    for group in (TOTAL, *groups):
        parts = [(year, group) for year in years]
        relations.append(disclosure.Relation((GoalTally.ANY, group), tuple(parts)))
    return relations


def open_data_table() -> dict:
    """Everything the open data publishes, for every document at once: per goal, its counts
    all time and in each year any goal has completions in, for the whole city and every
    secretariat and territory (0 included), those to hide already None.

    Which cells to hide is decided once over all of them (``disclosure.cells_to_hide``), so
    no document or breakdown can be set against another (all time minus a year, a total minus
    its secretariats) to narrow a hidden cell to one value. Every document is cut from one
    table; cache the table, not the documents, and documents served together agree."""
    counts = _open_data_counts()
    secretariats = dict(OrganisationalUnit.objects.secretariats().values_list("pk", "acronym"))
    territories = dict(Territory.objects.values_list("pk", "name"))
    groups = [
        *((SECRETARIAT, key) for key in (*sorted(secretariats), GoalTally.NONE)),
        *((TERRITORY, key) for key in (*sorted(territories), GoalTally.NONE)),
    ]
    years = sorted({year for cells in counts.values() for year, _group in cells} - {GoalTally.ANY})
    goals = []
    for goal in plan_goals():
        cells = _open_data_cells(counts.get(goal.pk, {}), years, groups)
        hidden = disclosure.cells_to_hide(
            cells,
            _open_data_relations(cells),
            threshold=SUPPRESSION_THRESHOLD,
            # A goal nobody trained for publishes only zeros: a null total is somebody.
            positive=[(GoalTally.ANY, TOTAL)],
            # What a goal has achieved, all time and in each year, is what the public reads
            # first: a breakdown's figure is hidden instead wherever one will do.
            keep=[cell for cell in cells if cell[1] == TOTAL],
        )
        goals.append(
            {
                "code": goal.code,
                "title": goal.title,
                "axis": goal.axis.number,
                "plan_actions": goal.action_numbers,
                "responsible_secretariat": goal.responsible_unit.acronym,
                "migracidades_dimensions": [d.number for d in goal.dimensions.all()],
                "start_date": goal.start_date.isoformat(),
                "end_date": goal.end_date.isoformat(),
                "baseline": goal.baseline,
                "target": goal.target,
                "cells": {cell: None if cell in hidden else n for cell, n in cells.items()},
            }
        )
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "secretariats": secretariats,
        "territories": territories,
        "years": years,
        "goals": goals,
    }


def open_data_year(filters: IndicatorFilters) -> int | None:
    """The calendar year ``filters`` asks of the open data, None for all time. Only whole
    years are published: two periods a day apart would give away, by subtraction, who
    trained that day."""
    start, end = filters.date_from, filters.date_to
    if start is None and end is None:
        return None
    whole_year = start is not None and (start.month, start.day) == (1, 1)
    if not whole_year or end != datetime.date(start.year, 12, 31):
        raise ValueError("The open data covers all time or one whole calendar year.")
    return start.year


def open_data(filters: IndicatorFilters = IndicatorFilters(), *, table: dict | None = None) -> list:
    """The public, anonymous figures of one document (all time, or the whole calendar year
    ``filters`` names): per goal, its target and trained agents, and breakdowns by
    secretariat, territory and year, every group listed, cut from ``table``
    (``open_data_table()``). A year the table lacks (no goal has completions in it) is all
    zeros, and so is a goal nobody trained for."""
    year = open_data_year(filters)
    period = GoalTally.ANY if year is None else year
    table = table if table is not None else open_data_table()
    labels = {
        SECRETARIAT: {**table["secretariats"], GoalTally.NONE: str(_("No unit"))},
        TERRITORY: {**table["territories"], GoalTally.NONE: str(_("No territory"))},
    }
    years = table["years"] if year is None else [year]
    goals = []
    for goal in table["goals"]:
        cells = goal["cells"]
        document = {key: value for key, value in goal.items() if key != "cells"}
        document["achieved"] = cells.get((period, TOTAL), 0)
        for kind, name in ((SECRETARIAT, "by_secretariat"), (TERRITORY, "by_territory")):
            groups = [
                (label, cells.get((period, (kind, key)), 0)) for key, label in labels[kind].items()
            ]
            document[name] = dict(sorted(groups, key=lambda item: item[0]))
        document["by_year"] = {str(y): cells.get((y, TOTAL), 0) for y in years}
        goals.append(document)
    return goals


# --- MigraCidades, dimension 2 -----------------------------------------------------------------


@dataclass
class EvidenceGroup:
    label: str
    people: int
    completions: int
    hours: Decimal
    extra: dict = field(default_factory=dict)


def _year_completions(year: int, scope: ManagerScope) -> QuerySet[Enrollment]:
    rows = Enrollment.objects.completed().filter(
        withdrawn_at__isnull=True,
        completed_at__gte=day_start(datetime.date(year, 1, 1)),
        completed_at__lt=day_start(datetime.date(year + 1, 1, 1)),
    )
    if scope.unit is not None:
        rows = rows.filter(completion_unit__path__startswith=scope.unit.path)
    return rows.order_by()


def _evidence(rows, group_by: str) -> list[dict]:
    return list(
        rows.values(group_by)
        .annotate(
            people=Count("user", distinct=True),
            completions=Count("id", distinct=True),
            hours=Sum("course__workload_hours"),
        )
        .order_by("-people", group_by)
    )


@dataclass
class MigraCidadesReport:
    year: int
    scope: ManagerScope
    dimension: MigraCidadesDimension | None
    totals: dict
    by_secretariat: list[EvidenceGroup]
    by_topic: list[EvidenceGroup]
    by_course: list[EvidenceGroup]
    goals: list[GoalRow]


def migracidades_report(year: int, scope: ManagerScope) -> MigraCidadesReport:
    """Evidence for MigraCidades dimension 2 ("training of public servants") for ``year``:
    agents trained and hours of training, by secretariat, topic and course, and the goals
    that training fed. Every completion of the year counts, whatever course it was."""
    rows = _year_completions(year, scope)
    totals = rows.aggregate(
        people=Count("user", distinct=True),
        completions=Count("id"),
        hours=Sum("course__workload_hours"),
    )
    totals["hours"] = totals["hours"] or Decimal(0)

    steplen = OrganisationalUnit.steplen
    secretariats = _secretariats()
    by_secretariat = []
    for row in _evidence(
        rows.annotate(branch=Substr("completion_unit__path", 1, steplen)), "branch"
    ):
        unit = secretariats.get(row["branch"] or "")
        by_secretariat.append(
            EvidenceGroup(
                unit.acronym if unit else str(_("No unit")),
                row["people"],
                row["completions"],
                row["hours"] or Decimal(0),
                {"name": unit.name if unit else ""},
            )
        )
    by_topic = [
        EvidenceGroup(
            row["course__tags__name"] or str(_("No topic")),
            row["people"],
            row["completions"],
            row["hours"] or Decimal(0),
        )
        for row in _evidence(rows, "course__tags__name")
    ]
    courses = {
        c.pk: c
        for c in CoursePage.objects.filter(pk__in=rows.values("course_id")).prefetch_related(
            "plan_goals"
        )
    }
    by_course = []
    for row in _evidence(rows, "course_id"):
        course = courses[row["course_id"]]
        by_course.append(
            EvidenceGroup(
                course.title,
                row["people"],
                row["completions"],
                row["hours"] or Decimal(0),
                {
                    "workload": course.workload_hours,
                    "modality": Modality(course.modality).label,
                    "goals": ", ".join(g.code for g in course.plan_goals.all()),
                },
            )
        )
    fed = PlanGoal.objects.filter(courses__in=courses.keys()).distinct()
    goals = goal_rows(
        scope,
        IndicatorFilters(date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31)),
        goals=plan_goals().filter(pk__in=fed),
    )
    dimension = (
        MigraCidadesDimension.objects.filter(number=2, edition_year__lte=year)
        .order_by("-edition_year")
        .first()
        or MigraCidadesDimension.objects.filter(number=2).order_by("edition_year").first()
    )
    return MigraCidadesReport(
        year, scope, dimension, totals, by_secretariat, by_topic, by_course, goals
    )
