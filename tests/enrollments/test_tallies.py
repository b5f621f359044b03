"""The goal tally as a manager would notice it: who counts once, where and in which year.

Each figure is read through the selectors (which answer these questions from ``GoalTally``)
and checked against what the rules say; the tally is then rebuilt and must not move.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import PlanGoal
from enrollments import indicators, services
from enrollments.indicators import CITY, IndicatorFilters
from enrollments.models import Enrollment, GoalTally
from lms.models import Territory
from lms.scopes import ManagerScope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(year, month, day, hour=12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 30))


def year(y: int) -> IndicatorFilters:
    return IndicatorFilters(date_from=datetime.date(y, 1, 1), date_to=datetime.date(y, 12, 31))


@pytest.fixture
def goal_course(make_course):
    def make(*goals: PlanGoal):
        course = make_course(lessons=0, quiz=False)
        course.plan_goals.set(goals)
        course.save()
        return course

    return make


def train(person, course, when) -> Enrollment:
    enrollment = services.enrollment_create(user=person, course=course, now=when)
    services.enrollment_evaluate(enrollment=enrollment, now=when)
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    return enrollment


def tally() -> set:
    return set(
        GoalTally.objects.values_list("goal_id", "unit_key", "territory_key", "year", "trained")
    )


def assert_survives_rebuild():
    kept = tally()
    services.indicators_rebuild()
    assert tally() == kept


def test_two_courses_in_two_years_count_once_city_wide_and_once_each_year(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    person = make_person(unit=organisation["ubs"])
    train(person, first, at(2024, 6, 1))
    train(person, second, at(2025, 2, 1))

    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, year(2024)) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, year(2025)) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, year(2023)) == {}
    assert indicators.counts_by_year(CITY) == {goal.pk: {2024: 1, 2025: 1}}
    assert indicators.trained_counts(ManagerScope(unit=organisation["sms"]), year(2025)) == {
        goal.pk: 1
    }
    assert_survives_rebuild()


def test_a_transfer_counts_in_both_units_but_once_in_the_secretariat_above(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    person = make_person(unit=organisation["ubs"])
    train(person, first, at(2025, 3, 1))
    person.unit = organisation["crs_sul"]
    person.save()
    train(person, second, at(2025, 4, 1))

    def in_unit(name):
        return indicators.trained_counts(ManagerScope(unit=organisation[name]))

    assert in_unit("ubs") == in_unit("crs_norte") == in_unit("crs_sul") == {goal.pk: 1}
    assert in_unit("sms") == {goal.pk: 1}
    assert in_unit("sme") == {}
    assert indicators.counts_by_secretariat(CITY) == {goal.pk: {"SMS": 1}}
    assert indicators.counts_by_secretariat(
        ManagerScope(unit=organisation["sms"]), IndicatorFilters(unit=organisation["crs_sul"])
    ) == {goal.pk: {"SMS": 1}}
    assert_survives_rebuild()


def test_a_completion_late_on_new_years_eve_counts_in_the_citys_year(
    make_person, make_goal, goal_course, organisation
):
    """22:30 on 31 December in São Paulo is already the next year in UTC."""
    goal = make_goal("M01")
    train(make_person(unit=organisation["dre"]), goal_course(goal), at(2024, 12, 31, hour=22))

    assert indicators.trained_counts(CITY, year(2024)) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, year(2025)) == {}
    assert indicators.counts_by_year(ManagerScope(unit=organisation["sme"])) == {goal.pk: {2024: 1}}


def test_a_withdrawal_leaves_every_slice_it_was_the_only_reason_for(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    territory = Territory.objects.order_by("code").first()
    first, second = goal_course(goal), goal_course(goal)
    person = make_person(unit=organisation["ubs"], territory=territory)
    early = train(person, first, at(2024, 5, 1))
    train(person, second, at(2025, 5, 1))

    services.enrollment_withdraw(enrollment=early)

    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, year(2024)) == {}
    assert indicators.trained_counts(CITY, IndicatorFilters(territory=territory)) == {goal.pk: 1}
    assert indicators.counts_by_territory(CITY, year(2024)) == {}
    assert indicators.counts_by_territory(CITY, year(2025)) == {goal.pk: {territory.name: 1}}
    assert not GoalTally.objects.filter(year=2024).exists()  # no empty slice kept
    assert_survives_rebuild()


def test_a_person_given_a_registration_number_still_counts_once(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    person = make_person(unit=organisation["ubs"], registration_number="")
    train(person, goal_course(goal), at(2025, 3, 1))
    person.registration_number = "RF123"
    person.save()
    train(person, goal_course(goal), at(2025, 4, 1))

    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(ManagerScope(unit=organisation["ubs"]), year(2025)) == {
        goal.pk: 1
    }
    assert_survives_rebuild()


def test_editing_a_courses_goals_moves_its_people_between_goals(
    make_person, make_goal, goal_course, organisation
):
    health, rights = make_goal("M01"), make_goal("M02")
    course = goal_course(health)
    train(make_person(unit=organisation["ubs"]), course, at(2025, 3, 1))

    course.plan_goals.set([rights])
    course.save()
    services.course_indicators_refresh(course_id=course.pk)

    assert indicators.trained_counts(CITY, year(2025)) == {rights.pk: 1}
    assert indicators.trained_counts(ManagerScope(unit=organisation["sms"])) == {rights.pk: 1}
    assert_survives_rebuild()


def test_deleting_a_person_takes_them_out_of_every_slice(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    course = goal_course(goal)
    train(make_person(unit=organisation["ubs"]), course, at(2025, 3, 1))
    leaving = make_person(full_name="", unit=organisation["dre"])
    train(leaving, course, at(2025, 3, 2))
    train(leaving, goal_course(goal), at(2025, 3, 3))

    with pytest.raises(ProtectedError):  # counted completions go through the service
        leaving.delete()
    assert services.person_enrollments_delete(user=leaving) == 2
    leaving.delete()

    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(ManagerScope(unit=organisation["sme"])) == {}
    assert indicators.counts_by_secretariat(CITY, year(2025)) == {goal.pk: {"SMS": 1}}
    assert_survives_rebuild()


def test_deleting_an_enrolment_takes_it_out_of_every_slice(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    person = make_person(unit=organisation["ubs"])
    mistaken = train(person, goal_course(goal), at(2024, 3, 1))
    train(person, goal_course(goal), at(2025, 3, 1))

    services.enrollment_delete(enrollment=mistaken)

    assert not Enrollment.objects.filter(pk=mistaken.pk).exists()
    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, year(2024)) == {}
    assert indicators.counts_by_year(ManagerScope(unit=organisation["sms"])) == {goal.pk: {2025: 1}}
    assert_survives_rebuild()


def test_from_new_year_on_is_read_live_when_later_years_have_completions(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    train(make_person(), goal_course(goal), at(2024, 3, 1))
    train(make_person(), goal_course(goal), at(2025, 3, 1))
    since_2024 = IndicatorFilters(date_from=datetime.date(2024, 1, 1))

    assert indicators.trained_counts(CITY, since_2024) == {goal.pk: 2}
    assert indicators.trained_counts(CITY, IndicatorFilters(date_from=datetime.date(2025, 1, 1)))
    assert indicators.counts_by_year(CITY, since_2024) == {goal.pk: {2024: 1, 2025: 1}}


def test_tallied_figures_cost_one_query_however_many_completions(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    course = goal_course(goal)
    for n in range(3):
        train(make_person(unit=organisation["ubs"]), course, at(2025, 3, 1 + n))
    for scope, filters in [
        (CITY, IndicatorFilters()),
        (CITY, year(2025)),
        (ManagerScope(unit=organisation["sms"]), IndicatorFilters()),
        (
            CITY,
            IndicatorFilters(
                unit=organisation["crs_norte"],
                date_from=datetime.date(2025, 1, 1),
                date_to=datetime.date(2025, 12, 31),
            ),
        ),
    ]:
        assert indicators.tally_slice(scope, filters) is not None
        with CaptureQueriesContext(connection) as captured:
            assert indicators.trained_counts(scope, filters) == {goal.pk: 3}
        assert len(captured) == 1
        assert "enrollments_goalcompletion" not in captured[0]["sql"]
