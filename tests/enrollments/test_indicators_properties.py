"""Property-based checks of the plan's indicators against a naive count.

Hypothesis draws which goals each course feeds, a few people (with or without registration
numbers, in units of a small tree), and a history: completions on various days and hours
(some after a transfer), withdrawals, registration numbers given, changed or cleared, a
course's goals edited, an enrolment deleted, all of a person's enrolments deleted. The
history is played through the real services; the figures the selectors give are then compared
with a count written here from the raw ``Enrollment`` rows alone: per goal, the distinct
people (registration number, else account) with a counted completion of a course feeding it.
The history crosses a new year, so the goal tally's per-year slices (city, unit, territory,
unit or territory in a year) are checked beside the live counts, and both after a rebuild.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from courses.models import CoursePage, Modality, PlanAxis, PlanGoal
from enrollments import indicators, services
from enrollments.indicators import CITY, IndicatorFilters
from enrollments.models import Enrollment, GoalAttainment, GoalCompletion, GoalTally
from lms.models import OrganisationalUnit, Territory, User
from lms.scopes import ManagerScope

pytestmark = pytest.mark.django_db

BASE = datetime.date(2024, 12, 10)
DAYS = 45  # completions fall on BASE .. BASE + DAYS - 1, crossing a month and a year
HOURS = [0, 1, 12, 20, 21, 23]  # local hours; from 21h it is already tomorrow in UTC
UNIT_NAMES = [None, "sms", "crs_norte", "ubs", "crs_sul", "sme", "dre"]
NUMBERS = ["", "RF1", "RF2", "RF3", "RF4"]  # a small pool, so numbers get reused
COURSES = 4  # the last one is blended (completes when its class closes)
GOALS = 3
MAX_PEOPLE = 8

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No "explain" phase: each example costs a fraction of a second, and explaining a failure
    # would replay it hundreds of times; the shrunk example is explanation enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)

NO_FILTERS = IndicatorFilters()


@pytest.fixture
def world(organisation, make_course):
    """What stays fixed across examples: the tree, goals, courses and people."""
    axis = PlanAxis.objects.create(number=1, title="Formação")
    goals = [
        PlanGoal.objects.create(
            code=f"M{n:02d}",
            title=f"Meta {n}",
            axis=axis,
            responsible_unit=organisation["sms"],
            target=10,
            start_date=BASE,
            end_date=BASE + datetime.timedelta(days=365),
        )
        for n in range(1, GOALS + 1)
    ]
    courses = [
        make_course(
            lessons=0,
            quiz=False,
            modality=Modality.BLENDED if n == COURSES - 1 else Modality.ONLINE,
        )
        for n in range(COURSES)
    ]
    people = [
        User.objects.create(email=f"propriedade{n}@prefeitura.test", full_name=f"Pessoa {n}")
        for n in range(MAX_PEOPLE)
    ]
    units = [None if name is None else organisation[name] for name in UNIT_NAMES]
    territories = [None, *Territory.objects.order_by("code")[:2]]
    return {
        "goals": [g.pk for g in goals],
        "courses": [c.pk for c in courses],
        "people": [p.pk for p in people],
        "units": units,
        "territories": territories,
    }


# --- What hypothesis draws ---------------------------------------------------------------------


def completion(n_people: int):
    transfer = st.none() | st.tuples(st.integers(0, len(UNIT_NAMES) - 1), st.integers(0, 2))
    return st.fixed_dictionaries(
        {
            "kind": st.just("complete"),
            "person": st.integers(0, n_people - 1),
            "course": st.integers(0, COURSES - 1),
            "day": st.integers(0, DAYS - 1),
            "hour": st.sampled_from(HOURS),
            "transfer": transfer,  # the person moves (unit, territory) just before
        }
    )


def withdrawal(n_people: int):
    return st.fixed_dictionaries(
        {
            "kind": st.just("withdraw"),
            "person": st.integers(0, n_people - 1),
            "course": st.integers(0, COURSES - 1),
        }
    )


def relinking():
    """A trainer edits which goals a course feeds (the course's completions follow)."""
    return st.fixed_dictionaries(
        {
            "kind": st.just("relink"),
            "course": st.integers(0, COURSES - 1),
            "goals": st.sets(st.integers(0, GOALS - 1), max_size=GOALS),
        }
    )


def deletion(n_people: int):
    """An enrolment deleted (a mistake), or all of a person's (before the person is deleted)."""
    return st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["delete", "forget"]),
            "person": st.integers(0, n_people - 1),
            "course": st.integers(0, COURSES - 1),
        }
    )


def renumbering(n_people: int):
    return st.fixed_dictionaries(
        {
            "kind": st.just("number"),
            "person": st.integers(0, n_people - 1),
            "number": st.sampled_from(NUMBERS),
        }
    )


@st.composite
def scenarios(draw):
    n_people = draw(st.integers(1, MAX_PEOPLE))
    people = [
        {
            # Distinct numbers at the start (they are unique); "": no number.
            "number": draw(st.sampled_from(["", f"RF{n + 1}"])),
            "unit": draw(st.integers(0, len(UNIT_NAMES) - 1)),
            "territory": draw(st.integers(0, 2)),
        }
        for n in range(n_people)
    ]
    events = draw(
        st.lists(
            st.one_of(
                completion(n_people),
                completion(n_people),
                completion(n_people),
                withdrawal(n_people),
                deletion(n_people),
                renumbering(n_people),
                renumbering(n_people),
                relinking(),
            ),
            min_size=3,
            max_size=16,
        )
    )
    # Most courses feed some goal; the blended one may feed none (it still trains people).
    feeds = [
        draw(
            st.sets(
                st.integers(0, GOALS - 1), min_size=0 if n == COURSES - 1 else 1, max_size=GOALS
            )
        )
        for n in range(COURSES)
    ]
    start, end = sorted(draw(st.lists(st.integers(-1, DAYS), min_size=2, max_size=2)))
    return {
        "people": people,
        "events": events,
        "feeds": feeds,
        "date_from": BASE + datetime.timedelta(days=start),
        "date_to": BASE + datetime.timedelta(days=end),
    }


# --- Playing a history through the services -------------------------------------------------------


def moment(day: int, hour: int) -> datetime.datetime:
    local = datetime.datetime.combine(BASE + datetime.timedelta(days=day), datetime.time(hour, 30))
    return timezone.make_aware(local)


def play(world, scenario) -> tuple[list[User], list[CoursePage], dict]:
    """Set the world up as drawn and play its events. Returns the people, the courses and
    what the test expects each completed enrolment to have recorded."""
    goals = world["goals"]
    courses = []
    for pk, fed in zip(world["courses"], scenario["feeds"], strict=True):
        course = CoursePage.objects.get(pk=pk)
        course.plan_goals.set([goals[g] for g in fed])
        course.save()
        courses.append(course)

    people = []
    for pk, drawn in zip(world["people"], scenario["people"], strict=False):
        person = User.objects.get(pk=pk)
        person.registration_number = drawn["number"]
        person.unit = world["units"][drawn["unit"]]
        person.territory = world["territories"][drawn["territory"]]
        person.save()
        people.append(person)

    recorded = {}  # (person index, course index) -> (completed_at, unit, territory)
    for step in scenario["events"]:
        if step["kind"] == "relink":
            course = courses[step["course"]]
            if Enrollment.objects.completed().filter(course=course).exists():
                event("the goals of a course with completions are edited")
            course.plan_goals.set([goals[g] for g in step["goals"]])
            course.save()
            services.course_indicators_refresh(course_id=course.pk)
            continue
        person, course = people[step["person"]], None
        if step["kind"] == "number":
            number = step["number"]
            if (
                number
                and User.objects.filter(registration_number=number).exclude(pk=person.pk).exists()
            ):
                continue  # someone else holds it now
            if (
                number != person.registration_number
                and Enrollment.objects.filter(
                    user=person, completed_at__isnull=False, course__plan_goals__isnull=False
                ).exists()
            ):
                event("a trained person's registration number changes")
            person.registration_number = number
            person.save()
            continue
        if step["kind"] == "forget":
            if Enrollment.objects.completed().filter(user=person).exists():
                event("a trained person's enrolments are deleted")
            services.person_enrollments_delete(user=person)
            recorded = {pair: seen for pair, seen in recorded.items() if pair[0] != step["person"]}
            continue
        course = courses[step["course"]]
        pair = (step["person"], step["course"])
        if step["kind"] == "delete":
            enrollment = Enrollment.objects.filter(user=person, course=course).first()
            if enrollment is not None:
                if enrollment.is_completed:
                    event("a completed enrolment is deleted")
                services.enrollment_delete(enrollment=enrollment)
                recorded.pop(pair, None)
            continue
        if step["kind"] == "withdraw":
            enrollment = Enrollment.objects.filter(user=person, course=course).first()
            if enrollment is not None and enrollment.is_completed:
                event("a completion is withdrawn")
                services.enrollment_withdraw(enrollment=enrollment)
            continue
        if step["transfer"] is not None:
            if any(p == step["person"] for p, _c in recorded):
                event("a trained person moves")
            unit, territory = step["transfer"]
            person.unit = world["units"][unit]
            person.territory = world["territories"][territory]
            person.save()
        when = moment(step["day"], step["hour"])
        enrollment = services.enrollment_create(user=person, course=course, now=when)
        if course.completes_online:
            services.enrollment_evaluate(enrollment=enrollment, now=when)
        else:
            services.enrollment_complete(
                enrollment=Enrollment.objects.select_related("user").get(pk=enrollment.pk),
                now=when,
            )
        if pair not in recorded and any(p == pair[0] for p, _c in recorded):
            event("a person completes a second course")
        recorded.setdefault(pair, (when, person.unit_id, person.territory_id))
    return people, courses, recorded


# --- The naive count ------------------------------------------------------------------------------


class Naive:
    """Counts written from the raw enrolments and the drawn course goals, nothing derived."""

    def __init__(self, world, scenario, courses):
        # The goals each course feeds now (edits included), as the trainer set them.
        self.goals_of = {
            course.pk: set(
                CoursePage.objects.get(pk=course.pk).plan_goals.values_list("pk", flat=True)
            )
            for course in courses
        }
        self.modality_of = {course.pk: course.modality for course in courses}
        self.rows = list(
            Enrollment.objects.filter(completed_at__isnull=False, withdrawn_at__isnull=True)
            .select_related("user")
            .order_by("pk")
        )
        units = [u for u in world["units"] if u is not None]
        self.subtree = {
            unit.pk: {u.pk for u in OrganisationalUnit.get_tree(unit)} for unit in units
        }
        self.secretariat_of = {}
        for secretariat in OrganisationalUnit.get_root_nodes():
            for unit in OrganisationalUnit.get_tree(secretariat):
                self.secretariat_of[unit.pk] = secretariat.acronym

    @staticmethod
    def person(enrollment) -> tuple[str, object]:
        number = enrollment.user.registration_number
        return ("number", number) if number else ("account", enrollment.user_id)

    def kept(
        self, e, *, units=(), territory=None, date_from=None, date_to=None, modality="", course=None
    ) -> bool:
        for unit in units:
            if unit is not None and e.completion_unit_id not in self.subtree[unit.pk]:
                return False
        if territory is not None and e.completion_territory_id != territory.pk:
            return False
        day = timezone.localtime(e.completed_at).date()
        if date_from is not None and day < date_from:
            return False
        if date_to is not None and day > date_to:
            return False
        if modality and self.modality_of[e.course_id] != modality:
            return False
        return course is None or e.course_id == course.pk

    def people(self, scope, filters, group=lambda e: None) -> dict:
        found = defaultdict(set)
        for e in self.rows:
            if not self.kept(
                e,
                units=(scope.unit, filters.unit),
                territory=filters.territory,
                date_from=filters.date_from,
                date_to=filters.date_to,
                modality=filters.modality,
                course=filters.course,
            ):
                continue
            for goal in self.goals_of[e.course_id]:
                found[(goal, group(e))].add(self.person(e))
        return found

    def trained_counts(self, scope, filters=NO_FILTERS) -> dict[int, int]:
        return {goal: len(who) for (goal, _), who in self.people(scope, filters).items()}

    def counts_by_secretariat(self, scope, filters=NO_FILTERS) -> dict:
        def secretariat(e):
            return self.secretariat_of.get(e.completion_unit_id, gettext("No unit"))

        result = defaultdict(dict)
        for (goal, label), who in self.people(scope, filters, secretariat).items():
            result[goal][label] = len(who)
        return dict(result)

    def counts_by_territory(self, scope, filters=NO_FILTERS) -> dict:
        names = {t.pk: t.name for t in Territory.objects.all()}

        def territory(e):
            return names.get(e.completion_territory_id, gettext("No territory"))

        result = defaultdict(dict)
        for (goal, label), who in self.people(scope, filters, territory).items():
            result[goal][label] = len(who)
        return dict(result)

    def counts_by_year(self, scope, filters=NO_FILTERS) -> dict:
        def year(e):
            return timezone.localtime(e.completed_at).year

        result = defaultdict(dict)
        for (goal, label), who in self.people(scope, filters, year).items():
            result[goal][label] = len(who)
        return dict(result)


def views(world, scenario, courses):
    """The (scope, filters) pairs a manager could ask for, over the drawn period."""
    period = {"date_from": scenario["date_from"], "date_to": scenario["date_to"]}
    asked = [
        (CITY, IndicatorFilters()),
        (CITY, IndicatorFilters(date_to=scenario["date_to"])),
        (CITY, IndicatorFilters(date_from=scenario["date_from"])),
        (CITY, IndicatorFilters(**period)),
        (CITY, IndicatorFilters(modality=Modality.BLENDED)),
        (CITY, IndicatorFilters(course=courses[0], date_to=scenario["date_to"])),
    ]
    for territory in world["territories"][1:]:
        asked.append((CITY, IndicatorFilters(territory=territory)))
    for unit in world["units"][1:]:
        asked.append((ManagerScope(unit=unit), IndicatorFilters()))
        asked.append((ManagerScope(unit=unit), IndicatorFilters(**period)))
        asked.append((CITY, IndicatorFilters(unit=unit, territory=world["territories"][1])))
    sms, ubs, sme = world["units"][1], world["units"][3], world["units"][5]
    asked.append((ManagerScope(unit=sms), IndicatorFilters(unit=ubs)))
    asked.append((ManagerScope(unit=sms), IndicatorFilters(unit=sme)))  # disjoint: nobody
    # What the goal tally answers: whole years, and "from 1 January on" (2024 has a later
    # year, so it is counted live; 2025 has none), alone, in a unit, in a territory.
    for year in (2024, 2025):
        whole = {"date_from": datetime.date(year, 1, 1), "date_to": datetime.date(year, 12, 31)}
        since = {"date_from": datetime.date(year, 1, 1)}
        asked.append((CITY, IndicatorFilters(**whole)))
        asked.append((CITY, IndicatorFilters(**since)))
        for territory in world["territories"][1:]:
            asked.append((CITY, IndicatorFilters(territory=territory, **whole)))
            asked.append((CITY, IndicatorFilters(territory=territory, **since)))
        for unit in world["units"][1:]:
            asked.append((ManagerScope(unit=unit), IndicatorFilters(**whole)))
            asked.append((CITY, IndicatorFilters(unit=unit, **since)))
        asked.append((ManagerScope(unit=sms), IndicatorFilters(unit=ubs, **whole)))
    return asked


def figures(asked, goals) -> dict:
    """Every figure the selectors give for ``asked``, keyed for comparison."""
    seen = {}
    for n, (scope, filters) in enumerate(asked):
        seen[("trained", n)] = indicators.trained_counts(scope, filters)
        seen[("secretariat", n)] = dict(indicators.counts_by_secretariat(scope, filters))
        seen[("territory", n)] = dict(indicators.counts_by_territory(scope, filters))
        seen[("year", n)] = dict(indicators.counts_by_year(scope, filters))
    today = BASE + datetime.timedelta(days=DAYS + 1)
    for goal in goals:
        seen[("cumulative", goal.pk)] = indicators.cumulative_by_month(goal, CITY, today=today)
    seen["rows"] = [(r.goal.pk, r.achieved) for r in indicators.goal_rows(CITY, today=today)]
    seen["open"] = indicators.open_data()
    seen["open 2025"] = indicators.open_data(
        IndicatorFilters(date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31))
    )
    return seen


def maintained_rows() -> tuple[set, set, set]:
    return (
        set(
            GoalCompletion.objects.values_list(
                "goal_id",
                "enrollment_id",
                "user_id",
                "completed_at",
                "course_id",
                "modality",
                "unit_id",
                "territory_id",
            )
        ),
        set(
            GoalAttainment.objects.values_list(
                "goal_id", "user_id", "modality", "first_completed_at"
            )
        ),
        set(
            GoalTally.objects.values_list("goal_id", "unit_key", "territory_key", "year", "trained")
        ),
    )


# --- The properties -------------------------------------------------------------------------------


@EXAMPLES
@given(scenario=scenarios())
def test_figures_match_a_naive_count_and_survive_a_rebuild(world, scenario):
    with transaction.atomic():
        people, courses, recorded = play(world, scenario)

        # The completions recorded what the history says: the first one, where they were.
        for (p, c), (when, unit, territory) in recorded.items():
            enrollment = Enrollment.objects.get(user=people[p], course=courses[c])
            assert (
                enrollment.completed_at,
                enrollment.completion_unit_id,
                enrollment.completion_territory_id,
            ) == (when, unit, territory)
        assert Enrollment.objects.completed().count() == len(recorded)

        naive = Naive(world, scenario, courses)
        asked = views(world, scenario, courses)
        for scope, filters in asked:
            where = (scope, filters)
            assert indicators.trained_counts(scope, filters) == naive.trained_counts(
                scope, filters
            ), where
            assert dict(indicators.counts_by_secretariat(scope, filters)) == (
                naive.counts_by_secretariat(scope, filters)
            ), where
            assert dict(indicators.counts_by_territory(scope, filters)) == (
                naive.counts_by_territory(scope, filters)
            ), where
            assert dict(indicators.counts_by_year(scope, filters)) == (
                naive.counts_by_year(scope, filters)
            ), where

        # The tally answered the questions it should (and never kept an empty slice).
        assert indicators.tally_slice(CITY, NO_FILTERS) is not None
        assert not GoalTally.objects.filter(trained__lte=0).exists()

        goals = list(indicators.plan_goals())
        city = naive.trained_counts(CITY)
        today = BASE + datetime.timedelta(days=DAYS + 1)
        for goal in goals:
            values = [n for _month, n in indicators.cumulative_by_month(goal, CITY, today=today)]
            assert values == sorted(values)
            assert values[-1] == city.get(goal.pk, 0)
        assert [(r.goal.pk, r.achieved) for r in indicators.goal_rows(CITY, today=today)] == [
            (goal.pk, city.get(goal.pk, 0)) for goal in goals
        ]
        for published in indicators.open_data():
            cells = [published["achieved"]]
            for breakdown in ("by_secretariat", "by_territory", "by_year"):
                cells += published[breakdown].values()
            assert all(n is None or n == 0 or n >= 5 for n in cells), published

        before, rows = figures(asked, goals), maintained_rows()
        services.indicators_rebuild()
        assert maintained_rows() == rows
        assert figures(asked, goals) == before

        transaction.set_rollback(True)
