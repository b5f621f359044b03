"""The plan's indicators as a manager reads them: who counts, where, when, and what is public.

Completions are made through the real services (``enrollment_create`` then
``enrollment_evaluate`` for online courses without steps; ``enrollment_complete`` for a
blended course, as its class closing would), so the derived rows are the ones production
keeps, never rows written by hand.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from certificates.services import certificate_revoke
from courses.models import Modality, PlanGoal, PlanGoalSecretariatTarget
from enrollments import disclosure, indicators, services
from enrollments.indicators import CITY, IndicatorFilters, Pace
from enrollments.models import Enrollment, GoalAttainment, GoalCompletion, GoalTally
from lms.models import Territory
from lms.roles import Role
from lms.scopes import ManagerScope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every person has a password; hashing it the production way costs a third of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """A moment in the city's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def goal_course(make_course):
    """A published course without steps (completing it needs nothing) feeding ``goals``."""

    def make(*goals: PlanGoal, **fields):
        fields.setdefault("lessons", 0)
        fields.setdefault("quiz", False)
        course = make_course(**fields)
        if goals:
            course.plan_goals.set(goals)
            course.save()
        return course

    return make


def train(person, course, when: datetime.datetime | None = None) -> Enrollment:
    """``person`` completes ``course`` (at ``when``) through the services."""
    enrollment = services.enrollment_create(user=person, course=course, now=when)
    if course.completes_online:
        services.enrollment_evaluate(enrollment=enrollment, now=when)
    else:  # a blended class closing
        services.enrollment_complete(
            enrollment=Enrollment.objects.select_related("user").get(pk=enrollment.pk), now=when
        )
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    return enrollment


def transfer(person, unit, territory=None) -> None:
    person.unit = unit
    person.territory = territory
    person.save()


def maintained_rows() -> tuple[set, set, set]:
    completions = set(
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
    )
    attainments = set(
        GoalAttainment.objects.values_list("goal_id", "user_id", "modality", "first_completed_at")
    )
    tally = set(
        GoalTally.objects.values_list("goal_id", "unit_key", "territory_key", "year", "trained")
    )
    return completions, attainments, tally


def narrowed() -> IndicatorFilters:
    """A filter that keeps everything but makes the selectors read the completion rows (the
    unfiltered city-wide figure reads the first-attainment rows instead)."""
    # Not 1 January: a whole year, or "from 1 January on", may be read from the goal tally.
    return IndicatorFilters(date_from=datetime.date(2000, 1, 2))


# --- Who counts ---------------------------------------------------------------------------------


def test_a_person_who_completes_two_courses_of_a_goal_counts_once(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    twice, once = make_person(unit=organisation["ubs"]), make_person(unit=organisation["ubs"])
    train(twice, first)
    train(twice, second)
    train(once, first)

    assert indicators.trained_counts(CITY) == {goal.pk: 2}
    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 2}
    assert indicators.trained_counts(ManagerScope(unit=organisation["sms"])) == {goal.pk: 2}
    assert indicators.counts_by_secretariat(CITY) == {goal.pk: {"SMS": 2}}
    contributions = {
        row["course_id"]: (row["people"], row["completions"])
        for row in indicators.goal_contributions(goal, CITY)
    }
    assert contributions == {first.pk: (2, 2), second.pk: (1, 1)}
    assert indicators.trained_agents(CITY, goal=goal).count() == 3  # the completions behind


def test_a_course_feeding_two_goals_counts_toward_both(make_person, make_goal, goal_course):
    health, rights, other = make_goal("M01"), make_goal("M02"), make_goal("M03")
    course = goal_course(health, rights)
    only_health = goal_course(health)
    person = make_person()
    train(person, course)
    train(person, only_health)
    train(make_person(), only_health)

    expected = {health.pk: 2, rights.pk: 1}
    assert indicators.trained_counts(CITY) == expected
    assert indicators.trained_counts(CITY, narrowed()) == expected
    rows = {row.goal.code: row.achieved for row in indicators.goal_rows(CITY)}
    assert rows == {"M01": 2, "M02": 1, "M03": 0}
    assert other.pk not in indicators.trained_counts(CITY)


def test_a_person_given_a_registration_number_later_is_still_counted_once(
    make_person, make_goal, goal_course
):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    person = make_person()
    train(person, first, at(2025, 2, 1))

    person.registration_number = "RF-123.456-7"
    person.save()  # the profile form saves the whole person
    train(person, second, at(2025, 3, 1))

    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 1}
    # Their first completion toward the goal is still the one made without the number.
    firsts = GoalAttainment.objects.filter(modality=GoalAttainment.ANY_MODALITY)
    assert list(firsts.values_list("user_id", "first_completed_at")) == [
        (person.pk, at(2025, 2, 1))
    ]
    series = dict(indicators.cumulative_by_month(goal, CITY, today=datetime.date(2025, 4, 1)))
    assert series[datetime.date(2025, 2, 1)] == 1
    assert series[datetime.date(2025, 4, 1)] == 1


def test_a_changed_registration_number_leaves_the_person_counted_once(
    make_person, make_goal, goal_course
):
    goal = make_goal("M01")
    course = goal_course(goal)
    person = make_person(registration_number="111")
    train(person, course)

    person.registration_number = "222"
    person.save(update_fields=["registration_number"])

    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 1}
    # The old number is free again: whoever takes it later is another person.
    newcomer = make_person(registration_number="111")
    train(newcomer, course)
    assert indicators.trained_counts(CITY) == {goal.pk: 2}
    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 2}


# --- Where ------------------------------------------------------------------------------------


def test_a_transfer_after_completion_does_not_move_history(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    north, south = Territory.objects.order_by("code")[:2]
    person = make_person(unit=organisation["ubs"], territory=north)
    train(person, first, at(2025, 3, 1))

    transfer(person, organisation["dre"], south)

    sms, sme = ManagerScope(unit=organisation["sms"]), ManagerScope(unit=organisation["sme"])
    assert indicators.counts_by_secretariat(CITY) == {goal.pk: {"SMS": 1}}
    assert indicators.counts_by_territory(CITY) == {goal.pk: {north.name: 1}}
    assert indicators.trained_counts(sms) == {goal.pk: 1}
    assert indicators.trained_counts(sme) == {}
    assert indicators.trained_counts(CITY, IndicatorFilters(unit=organisation["ubs"])) == {
        goal.pk: 1
    }
    assert indicators.trained_counts(CITY, IndicatorFilters(unit=organisation["dre"])) == {}
    assert indicators.trained_counts(CITY, IndicatorFilters(territory=south)) == {}

    # A completion after the transfer counts where they work now; the city still sees one.
    train(person, second, at(2025, 4, 1))
    assert indicators.counts_by_secretariat(CITY) == {goal.pk: {"SMS": 1, "SME": 1}}
    assert indicators.counts_by_territory(CITY) == {goal.pk: {north.name: 1, south.name: 1}}
    assert indicators.trained_counts(sme) == {goal.pk: 1}
    assert indicators.trained_counts(sms) == {goal.pk: 1}
    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 1}


def test_a_unit_figure_includes_its_subtree(make_person, make_goal, goal_course, organisation):
    goal = make_goal("M01")
    course = goal_course(goal)
    for unit in ("ubs", "crs_norte", "crs_sul", "dre", "sme"):
        train(make_person(unit=organisation[unit]), course)
    train(make_person(unit=None), course)

    def under(unit):
        return indicators.trained_counts(CITY, IndicatorFilters(unit=organisation[unit])).get(
            goal.pk, 0
        )

    assert {name: under(name) for name in organisation} == {
        "sms": 3,
        "crs_norte": 2,
        "ubs": 1,
        "crs_sul": 1,
        "sme": 2,
        "dre": 1,
    }
    assert indicators.trained_counts(ManagerScope(unit=organisation["crs_norte"])) == {goal.pk: 2}
    assert indicators.trained_counts(CITY) == {goal.pk: 6}  # the person without a unit too
    assert indicators.counts_by_secretariat(CITY)[goal.pk] == {
        "SMS": 3,
        "SME": 2,
        gettext("No unit"): 1,
    }
    # Scope and filter together: the filter cannot widen the scope.
    assert indicators.trained_counts(
        ManagerScope(unit=organisation["crs_norte"]), IndicatorFilters(unit=organisation["sms"])
    ) == {goal.pk: 2}


def test_a_manager_of_another_unit_sees_nothing(make_person, make_goal, goal_course, organisation):
    goal = make_goal("M01", target=10)
    course = goal_course(goal)
    train(make_person(unit=organisation["ubs"]), course, at(2025, 2, 3))
    train(make_person(unit=organisation["crs_sul"]), course, at(2025, 2, 4))

    scope = ManagerScope(unit=organisation["sme"])
    assert indicators.trained_counts(scope) == {}
    assert indicators.counts_by_secretariat(scope) == {}
    assert indicators.counts_by_territory(scope) == {}
    assert indicators.counts_by_year(scope) == {}
    assert not indicators.trained_agents(scope).exists()
    assert indicators.goal_contributions(goal, scope) == []
    [row] = indicators.goal_rows(scope, today=datetime.date(2025, 3, 1))
    assert row.achieved == 0 and row.pace == Pace.BEHIND
    series = indicators.cumulative_by_month(goal, scope, today=datetime.date(2025, 3, 1))
    assert series[-1] == (datetime.date(2025, 3, 1), 0)
    assert indicators.migracidades_report(2025, scope).totals["people"] == 0
    # The manager of the other branch sees exactly their own.
    assert indicators.trained_counts(ManagerScope(unit=organisation["crs_sul"])) == {goal.pk: 1}


# --- When and what ------------------------------------------------------------------------------


def test_period_filters_are_inclusive_by_local_day(make_person, make_goal, goal_course):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    late = make_person()  # 23:30 in São Paulo on the 10th is already the 11th in UTC
    train(late, first, at(2025, 3, 10, 23, 30))
    early = make_person()  # just after midnight on the 11th
    train(early, first, at(2025, 3, 11, 0, 15))
    returning = make_person()  # trained in January, again on the 11th
    train(returning, first, at(2025, 1, 5))
    train(returning, second, at(2025, 3, 11, 9))

    def count(**dates):
        return indicators.trained_counts(CITY, IndicatorFilters(**dates)).get(goal.pk, 0)

    march_10, march_11 = datetime.date(2025, 3, 10), datetime.date(2025, 3, 11)
    assert count(date_to=march_10) == 2  # late and returning (in January)
    assert count(date_to=datetime.date(2025, 3, 9)) == 1
    assert count(date_to=march_11) == 3
    assert count(date_from=march_10, date_to=march_10) == 1
    assert count(date_from=march_11) == 2  # early, and returning again
    assert count(date_from=march_11, date_to=march_11) == 2
    assert count(date_from=datetime.date(2025, 3, 12)) == 0
    assert count(date_from=march_10, date_to=march_11) == 3
    assert indicators.counts_by_year(CITY) == {goal.pk: {2025: 3}}


def test_a_completion_at_new_year_counts_in_its_local_year(make_person, make_goal, goal_course):
    goal = make_goal("M01")
    course = goal_course(goal)
    train(make_person(), course, at(2025, 12, 31, 23, 30))  # 2026 in UTC
    assert indicators.counts_by_year(CITY) == {goal.pk: {2025: 1}}
    assert indicators.trained_counts(CITY, IndicatorFilters(date_to=datetime.date(2025, 12, 31)))
    report = indicators.migracidades_report(2025, CITY)
    assert report.totals["people"] == 1
    assert indicators.migracidades_report(2026, CITY).totals["people"] == 0


def test_modality_and_course_filters(make_person, make_goal, goal_course):
    goal = make_goal("M01")
    online = goal_course(goal)
    blended = goal_course(goal, modality=Modality.BLENDED)
    both = make_person()
    train(both, online)
    train(both, blended)
    train(make_person(), online)
    train(make_person(), blended)
    train(make_person(), blended)

    def count(**filters):
        return indicators.trained_counts(CITY, IndicatorFilters(**filters)).get(goal.pk, 0)

    assert count() == 4
    assert count(modality=Modality.ONLINE) == 2
    assert count(modality=Modality.BLENDED) == 3
    assert count(modality=Modality.IN_PERSON) == 0
    assert count(course=online) == 2
    assert count(course=blended) == 3
    assert count(course=online, modality=Modality.BLENDED) == 0


# --- Revocation and anonymisation ---------------------------------------------------------------


def test_a_revoked_certificate_withdraws_the_completion(
    make_person, make_goal, goal_course, certified, organisation
):
    goal = make_goal("M01")
    course = goal_course(goal, lessons=1)
    other_course = goal_course(goal)
    cheat, honest = make_person(unit=organisation["ubs"]), make_person(unit=organisation["ubs"])
    certificate = certified(person=cheat, course=course)
    certified(person=honest, course=course)
    assert indicators.trained_counts(CITY) == {goal.pk: 2}

    admin = make_person(role=Role.ADMINISTRATOR)
    certificate_revoke(certificate=certificate, reason="Conclusão fraudulenta", actor=admin)

    assert Enrollment.objects.get(user=cheat).withdrawn_at is not None
    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 1}
    assert indicators.trained_counts(ManagerScope(unit=organisation["ubs"])) == {goal.pk: 1}
    assert indicators.counts_by_secretariat(CITY) == {goal.pk: {"SMS": 1}}
    assert {e.enrollment.user for e in indicators.trained_agents(CITY)} == {honest}
    year = timezone.localdate().year
    assert indicators.migracidades_report(year, CITY).totals["people"] == 1

    # Another, genuine completion of the goal counts them again.
    train(cheat, other_course)
    assert indicators.trained_counts(CITY) == {goal.pk: 2}
    assert indicators.trained_counts(CITY, IndicatorFilters(course=course)) == {goal.pk: 1}


def test_anonymising_a_person_keeps_their_counts(make_person, make_goal, goal_course, organisation):
    goal = make_goal("M01")
    first, second = goal_course(goal), goal_course(goal)
    people = [
        make_person(
            full_name=f"Maria Anônima {n}", registration_number=f"RF{n}", unit=organisation["ubs"]
        )
        for n in (1, 2)
    ]
    for person in people:
        train(person, first, at(2025, 2, 1))
        train(person, second, at(2025, 5, 1))
    before = (
        indicators.trained_counts(CITY),
        indicators.trained_counts(CITY, narrowed()),
        indicators.counts_by_secretariat(CITY),
        indicators.cumulative_by_month(goal, CITY, today=datetime.date(2025, 6, 1)),
    )
    assert before[0] == {goal.pk: 2}

    for person in people:  # LGPD: no name, an e-mail that says nothing, no registration number
        person.full_name = ""
        person.social_name = ""
        person.email = f"anonimizada-{person.pk}@anonimo.invalid"
        person.registration_number = ""
        person.save()

    after = (
        indicators.trained_counts(CITY),
        indicators.trained_counts(CITY, narrowed()),
        indicators.counts_by_secretariat(CITY),
        indicators.cumulative_by_month(goal, CITY, today=datetime.date(2025, 6, 1)),
    )
    assert after == before
    assert indicators.migracidades_report(2025, CITY).totals["people"] == 2


# --- The derived rows -----------------------------------------------------------------------------


def test_rebuild_reproduces_exactly_the_maintained_rows(
    make_person, make_goal, goal_course, organisation
):
    health, rights = make_goal("M01"), make_goal("M02")
    courses = [goal_course(health), goal_course(health, rights), goal_course(rights)]
    territory = Territory.objects.order_by("code").first()
    people = [
        make_person(unit=organisation["ubs"], territory=territory),
        make_person(unit=organisation["dre"], registration_number="900"),
        make_person(unit=None),
        make_person(unit=organisation["crs_sul"]),
    ]
    train(people[0], courses[0], at(2025, 1, 10))
    train(people[0], courses[1], at(2025, 2, 10))
    transfer(people[0], organisation["dre"])
    train(people[0], courses[2], at(2025, 3, 10))
    train(people[1], courses[1], at(2025, 4, 10))
    train(people[2], courses[0], at(2025, 5, 10, 23, 45))
    people[2].registration_number = "901"
    people[2].save()
    train(people[2], courses[1], at(2025, 1, 2))  # an earlier date, recorded later
    withdrawn = train(people[3], courses[1], at(2025, 6, 1))
    train(people[3], courses[2], at(2025, 6, 2))
    services.enrollment_withdraw(enrollment=withdrawn)

    maintained = maintained_rows()
    figures = (
        indicators.trained_counts(CITY),
        indicators.trained_counts(CITY, narrowed()),
        indicators.counts_by_secretariat(CITY),
    )
    assert figures[0] == {health.pk: 3, rights.pk: 4}

    rows, attainments = services.indicators_rebuild()

    assert maintained_rows() == maintained
    people_per_goal = [row for row in maintained[1] if row[2] == GoalAttainment.ANY_MODALITY]
    assert (rows, attainments) == (len(maintained[0]), len(people_per_goal)) == (10, 7)
    assert (
        indicators.trained_counts(CITY),
        indicators.trained_counts(CITY, narrowed()),
        indicators.counts_by_secretariat(CITY),
    ) == figures


def test_editing_a_courses_goals_recounts_its_past_completions(make_person, make_goal, goal_course):
    """A trainer corrects which goals a course feeds: its completions follow (the services'
    docstring promises it; ``course_indicators_refresh`` exists for it)."""
    health, rights = make_goal("M01"), make_goal("M02")
    course = goal_course(health)
    train(make_person(), course)
    assert indicators.trained_counts(CITY) == {health.pk: 1}

    course.plan_goals.set([rights])
    course.save_revision().publish()

    assert indicators.trained_counts(CITY) == {rights.pk: 1}
    assert indicators.trained_counts(CITY, narrowed()) == {rights.pk: 1}
    maintained = maintained_rows()
    services.indicators_rebuild()
    assert maintained_rows() == maintained


def test_deleting_a_person_leaves_every_figure_in_agreement(make_person, make_goal, goal_course):
    """Someone without a certificate (no name yet, so none was issued) may be deleted; their
    completions go with them (``person_enrollments_delete`` first: the rows that count them
    protect the person from a plain delete), and the city-wide table must not keep them."""
    goal = make_goal("M01")
    course = goal_course(goal)
    train(make_person(), course)
    leaving = make_person(full_name="")
    train(leaving, course)
    assert indicators.trained_counts(CITY) == {goal.pk: 2}

    services.person_enrollments_delete(user=leaving)
    leaving.delete()

    assert indicators.trained_counts(CITY, narrowed()) == {goal.pk: 1}
    assert indicators.trained_counts(CITY) == {goal.pk: 1}
    maintained = maintained_rows()
    services.indicators_rebuild()
    assert maintained_rows() == maintained


# --- The goal table -------------------------------------------------------------------------------


def test_goal_rows_pace(make_person, make_goal, goal_course):
    dates = {"start_date": datetime.date(2025, 1, 1), "end_date": datetime.date(2025, 12, 31)}
    goals = {n: make_goal(f"M0{n}", target=4, **dates) for n in (1, 3, 4)}
    for achieved, goal in goals.items():
        course = goal_course(goal)
        for _ in range(achieved):
            train(make_person(), course, at(2024, 12, 20))  # early completions count too
    make_goal("M09", target=4, **dates)  # nobody yet

    def paces(today):
        return {row.goal.code: row.pace for row in indicators.goal_rows(CITY, today=today)}

    assert paces(datetime.date(2024, 12, 31)) == {
        "M01": Pace.NOT_STARTED,
        "M03": Pace.NOT_STARTED,
        "M04": Pace.ACHIEVED,  # met, whatever the date
        "M09": Pace.NOT_STARTED,
    }
    assert paces(datetime.date(2025, 7, 2)) == {  # half the time gone
        "M01": Pace.BEHIND,  # 25 %
        "M03": Pace.ON_TRACK,  # 75 %
        "M04": Pace.ACHIEVED,
        "M09": Pace.BEHIND,
    }
    assert paces(datetime.date(2025, 12, 31)) == {
        "M01": Pace.BEHIND,
        "M03": Pace.BEHIND,
        "M04": Pace.ACHIEVED,
        "M09": Pace.BEHIND,
    }
    assert paces(datetime.date(2026, 1, 1)) == {
        "M01": Pace.MISSED,
        "M03": Pace.MISSED,
        "M04": Pace.ACHIEVED,
        "M09": Pace.MISSED,
    }
    row = {r.goal.code: r for r in indicators.goal_rows(CITY, today=datetime.date(2025, 7, 2))}
    assert (row["M03"].percent, row["M03"].bar_percent, row["M03"].expected_percent) == (
        75.0,
        75,
        50,
    )
    assert str(row["M01"].pace_label) == str(Pace.LABELS[Pace.BEHIND])
    assert row["M04"].bar_percent == 100
    # On the first day nothing is expected yet, so a goal without anyone is on track.
    first_day = {r.goal.code: r for r in indicators.goal_rows(CITY, today=dates["start_date"])}
    assert first_day["M09"].pace == Pace.ON_TRACK and first_day["M09"].expected_percent == 0


def test_goal_target_uses_the_secretariat_split_when_viewing_that_secretariat(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01", target=100)
    PlanGoalSecretariatTarget.objects.create(goal=goal, secretariat=organisation["sms"], target=60)
    train(make_person(unit=organisation["ubs"]), goal_course(goal))

    assert indicators.goal_target(goal, None) == (100, False)
    assert indicators.goal_target(goal, organisation["sms"]) == (60, True)
    assert indicators.goal_target(goal, organisation["crs_norte"]) == (100, False)
    assert indicators.goal_target(goal, organisation["sme"]) == (100, False)

    [as_manager] = indicators.goal_rows(ManagerScope(unit=organisation["sms"]))
    assert (as_manager.target, as_manager.target_is_split, as_manager.achieved) == (60, True, 1)
    [as_filter] = indicators.goal_rows(CITY, IndicatorFilters(unit=organisation["sms"]))
    assert (as_filter.target, as_filter.target_is_split) == (60, True)
    [city] = indicators.goal_rows(CITY)
    assert (city.target, city.target_is_split) == (100, False)
    [below] = indicators.goal_rows(ManagerScope(unit=organisation["crs_norte"]))
    assert (below.target, below.target_is_split) == (100, False)


def test_cumulative_by_month_is_monotone_and_ends_at_the_goals_count(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01", start_date=datetime.date(2025, 1, 15))
    first, second = goal_course(goal), goal_course(goal)
    ana, bia, caio = (make_person(unit=organisation[u]) for u in ("ubs", "ubs", "dre"))
    train(ana, first, at(2025, 2, 10))
    train(bia, first, at(2025, 2, 28, 23, 30))  # March in UTC, February here
    train(ana, second, at(2025, 4, 1))
    train(caio, second, at(2025, 6, 5))
    today = datetime.date(2025, 8, 15)

    series = indicators.cumulative_by_month(goal, CITY, today=today)
    assert series == [
        (datetime.date(2025, 1, 1), 0),
        (datetime.date(2025, 2, 1), 2),
        (datetime.date(2025, 3, 1), 2),
        (datetime.date(2025, 4, 1), 2),
        (datetime.date(2025, 5, 1), 2),
        (datetime.date(2025, 6, 1), 3),
        (datetime.date(2025, 7, 1), 3),
        (datetime.date(2025, 8, 1), 3),
    ]
    cases = [
        (CITY, IndicatorFilters()),
        (CITY, narrowed()),
        (ManagerScope(unit=organisation["sms"]), IndicatorFilters()),
        (ManagerScope(unit=organisation["sme"]), IndicatorFilters()),
        (CITY, IndicatorFilters(date_to=datetime.date(2025, 5, 31))),
        (CITY, IndicatorFilters(date_from=datetime.date(2025, 3, 1))),
        (CITY, IndicatorFilters(course=second)),
    ]
    for scope, filters in cases:
        series = indicators.cumulative_by_month(goal, scope, filters, today=today)
        values = [n for _month, n in series]
        assert values == sorted(values), (scope, filters)
        assert values[-1] == indicators.trained_counts(scope, filters).get(goal.pk, 0), filters
        assert series[-1][0] == (filters.date_to or today).replace(day=1)
    # Only ana's April completion in the period: she counts from April, not February.
    from_march = indicators.cumulative_by_month(
        goal, CITY, IndicatorFilters(date_from=datetime.date(2025, 3, 1)), today=today
    )
    assert dict(from_march)[datetime.date(2025, 4, 1)] == 1


def test_cumulative_by_month_stops_at_the_last_day_of_the_period(
    make_person, make_goal, goal_course
):
    """A period ending mid-month: the chart's last point is the table's figure, not the
    month's (the table and the chart are read side by side)."""
    goal = make_goal("M01")
    course = goal_course(goal)
    train(make_person(), course, at(2025, 5, 10))
    train(make_person(), course, at(2025, 5, 20))
    filters = IndicatorFilters(date_to=datetime.date(2025, 5, 15))

    assert indicators.trained_counts(CITY, filters) == {goal.pk: 1}
    series = indicators.cumulative_by_month(goal, CITY, filters, today=datetime.date(2025, 8, 1))
    assert series[-1] == (datetime.date(2025, 5, 1), 1)


# --- Open data ------------------------------------------------------------------------------------


def test_small_cells_are_hidden_with_the_figures_that_would_give_them_away():
    def hidden(cells: dict[str, int]) -> list[str]:
        whole = disclosure.Relation("total", tuple(cells))
        values = {"total": sum(cells.values()), **cells}
        return sorted(disclosure.cells_to_hide(values, [whole], threshold=5))

    # SMS alone would be the total minus the others: the smallest other goes too, never the
    # 0 (anybody who knows why a cell is null would know it is 0).
    assert hidden({"SMS": 3, "SME": 10, "SMADS": 7, "SMC": 0}) == ["SMADS", "SMS"]
    # 2 and 4 hidden add up to 6, as 3 + 3 and 4 + 2 do: nothing more to hide.
    assert hidden({"SMS": 2, "SME": 4, "SMADS": 9}) == ["SME", "SMS"]
    # 4 and 4 add up to 8, which only 4 + 4 makes when each is at most 4: SMS goes too.
    assert hidden({"SMS": 12, "SME": 4, "SMADS": 4}) == ["SMADS", "SME", "SMS"]
    assert hidden({"SMS": 4, "SME": 5}) == ["SME", "SMS"]
    assert hidden({"SMS": 5, "SME": 6}) == []
    # A whole of 1-4 people hides all its parts, 0 too, so nobody can tell where they are.
    assert hidden({"SMS": 3, "SME": 0}) == ["SME", "SMS", "total"]
    assert hidden({"SMS": 0, "SME": 12}) == []
    assert hidden({}) == []


def test_open_data_shows_no_small_figure_and_no_personal_data(
    make_person, make_goal, goal_course, organisation
):
    big, small = make_goal("M01"), make_goal("M02")
    near, far = Territory.objects.order_by("code")[:2]
    big_course, small_course = goal_course(big), goal_course(small)
    people = []
    for n in range(12):
        person = make_person(
            full_name=f"Servidora Identificável {n}",
            social_name=f"Nome Social {n}",
            email=f"servidora.{n}@prefeitura.test",
            registration_number=f"8{n}12345",
            unit=organisation["ubs"] if n < 7 else organisation["dre"],  # 7 and 5
            territory=near if n < 6 else far if n < 11 else None,  # 6, 5 and 1
        )
        people.append(person)
        train(person, big_course, at(2024 if n >= 10 else 2025, 3, 1))  # 2 and 10
    for person in people[:3]:
        train(person, small_course, at(2025, 4, 1))

    published = indicators.open_data()
    by_code = {goal["code"]: goal for goal in published}
    # M01: 12 people; SMS 7, SME 5; 6 in one territory, 5 in another, 1 in none; 2 in 2024
    # (SME; the 5's territory and none), 10 in 2025. The lone 1 is hidden, and the 6 and the 5
    # with it; and 12 too, since 2025's 6 is published, so the first territory is at least 6
    # and the lone one 12 - 6 - 5 = 1; and SME's 5 with it (12 - 7).
    m01 = by_code["M01"]
    assert m01["achieved"] is None
    # Every group is listed, 0 where nobody trained.
    assert m01["by_secretariat"] == {"SMS": 7, "SME": None, gettext("No unit"): 0}
    territories = m01["by_territory"]
    assert len(territories) == Territory.objects.count() + 1
    assert [territories[t] for t in (near.name, far.name, gettext("No territory"))] == [None] * 3
    assert {territories[t.name] for t in Territory.objects.exclude(pk__in=[near.pk, far.pk])} == {0}
    # 2024's 2 hidden; 2025's 10 shown, the all-time total being hidden.
    assert m01["by_year"] == {"2024": None, "2025": 10}
    # 3 people in all: every figure of the goal is null, zeros too, so none says where.
    assert by_code["M02"]["achieved"] is None
    assert set(by_code["M02"]["by_secretariat"].values()) == {None}
    assert set(by_code["M02"]["by_territory"].values()) == {None}

    for goal in published:
        figures = [goal["achieved"]]
        for breakdown in ("by_secretariat", "by_territory", "by_year"):
            figures += goal[breakdown].values()
        assert all(n is None or n == 0 or n >= 5 for n in figures), goal

    text = json.dumps(published, ensure_ascii=False)
    for person in people:
        for value in (
            person.full_name,
            person.social_name,
            person.email,
            person.registration_number,
            f"u:{person.pk}",
        ):
            assert value not in text
    assert "@" not in text
    # The public figures answer only dates: a unit filter cannot single people out.
    assert indicators.open_data(IndicatorFilters(unit=organisation["dre"])) == published
    in_2024 = indicators.open_data(
        IndicatorFilters(date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 12, 31))
    )
    # M02 had nobody in 2024, but all its figures are null: a 0 would say where its 3 are
    # not (and so where they are), were the others null.
    assert {g["code"]: g["achieved"] for g in in_2024} == {"M01": None, "M02": None}
    m02_2024 = next(g for g in in_2024 if g["code"] == "M02")
    assert set(m02_2024["by_secretariat"].values()) == {None}
    assert set(m02_2024["by_territory"].values()) == {None}
    # In 2025: 10, SMS 7 and SME 3, hidden with SMS (10 - 7); 6 in the first territory.
    in_2025 = {
        g["code"]: g
        for g in indicators.open_data(
            IndicatorFilters(
                date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)
            )
        )
    }
    assert in_2025["M01"]["achieved"] == 10
    assert in_2025["M01"]["by_secretariat"] == {"SMS": None, "SME": None, gettext("No unit"): 0}
    assert in_2025["M01"]["by_territory"][near.name] == 6
    # A year nobody trained in: every group listed, all 0.
    in_2023 = indicators.open_data(
        IndicatorFilters(date_from=datetime.date(2023, 1, 1), date_to=datetime.date(2023, 12, 31))
    )
    for goal in in_2023:
        assert goal["achieved"] == 0 and goal["by_year"] == {"2023": 0}
        assert set(goal["by_secretariat"].values()) == {0}
        assert set(goal["by_territory"].values()) == {0}
    with pytest.raises(ValueError):  # only whole years: two periods differ by a day's people
        indicators.open_data(IndicatorFilters(date_to=datetime.date(2024, 12, 31)))


# --- MigraCidades ---------------------------------------------------------------------------------


def test_migracidades_report_totals_people_and_hours_of_the_year(
    make_person, make_goal, goal_course, organisation
):
    goal = make_goal("M01")
    fed = goal_course(goal, workload_hours=Decimal("4"))
    other = goal_course(workload_hours=Decimal("10.5"))  # feeds no goal: still training
    other.tags.add("saúde", "direitos")
    other.save()
    numbered = make_person(unit=organisation["ubs"], registration_number="555")
    train(numbered, fed, at(2025, 2, 1))
    train(numbered, other, at(2025, 3, 1))
    train(make_person(unit=organisation["dre"]), fed, at(2025, 5, 1))
    train(make_person(unit=organisation["ubs"]), fed, at(2024, 12, 31, 23, 59))  # last year
    train(make_person(unit=organisation["ubs"]), other, at(2026, 1, 1, 0, 5))  # next year
    train(make_person(unit=organisation["ubs"]), other, at(2025, 12, 31, 23, 30))
    revoked = train(make_person(unit=organisation["ubs"]), fed, at(2025, 6, 1))
    services.enrollment_withdraw(enrollment=revoked)

    report = indicators.migracidades_report(2025, CITY)
    assert report.totals == {"people": 3, "completions": 4, "hours": Decimal("29")}
    by_course = {group.label: group for group in report.by_course}
    assert (by_course[fed.title].people, by_course[fed.title].hours) == (2, Decimal("8"))
    assert (by_course[other.title].people, by_course[other.title].hours) == (2, Decimal("21"))
    assert by_course[fed.title].extra["goals"] == "M01"
    by_secretariat = {group.label: (group.people, group.hours) for group in report.by_secretariat}
    assert by_secretariat == {"SMS": (2, Decimal("25")), "SME": (1, Decimal("4"))}
    by_topic = {
        group.label: (group.people, group.completions, group.hours) for group in report.by_topic
    }
    assert by_topic == {  # a course of two topics is evidence for both
        "saúde": (2, 2, Decimal("21")),
        "direitos": (2, 2, Decimal("21")),
        gettext("No topic"): (2, 2, Decimal("8")),
    }
    [goal_row] = report.goals
    assert (goal_row.goal, goal_row.achieved) == (goal, 2)

    sme = indicators.migracidades_report(2025, ManagerScope(unit=organisation["sme"]))
    assert sme.totals == {"people": 1, "completions": 1, "hours": Decimal("4")}
    assert indicators.migracidades_report(2024, CITY).totals == {
        "people": 1,
        "completions": 1,
        "hours": Decimal("4"),
    }
