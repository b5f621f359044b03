"""The open data against an attacker who adds and subtracts what it publishes (issue 19).

Every figure the API serves for a goal (the whole city, each secretariat, each territory; all
time and in each year) is one cell of one table, and a visitor may set any document against
any other. Every document lists every group (each secretariat and "No unit", each territory
and "No territory"), 0 where nobody trained. The attacker here reads only what was served
(every document: all time, each year with completions and an empty one, in JSON and in CSV)
and bounds each null with an exact integer program (SciPy's HiGHS), written apart from the
production code. The *combined* attacker knows, besides:

- why each null was hidden: as a part of a whole of 1–4 people (every such part is null, so
  it may be 0 to 4), as a count of 1–4 people, or to protect others (5 or more); and that a
  goal's null all-time total is somebody (a goal nobody trained for is all zeros);
- what always holds for counts of distinct people: no part above its whole, no whole above
  the sum of its parts (a person may be in two secretariats or two years);
- that a whole is the sum of its parts wherever the true figures are (nobody in two parts).

It may not narrow a null about somebody to a single value (a null shown to be 0 gives nobody
away). Attackers who know less (``NARROWER``) pin nothing it cannot
(tests/enrollments/test_open_data_method.py). The true figures (counted here from the drawn
completions) must be the published ones and satisfy every constraint, a check of the model.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
from collections import defaultdict
from dataclasses import dataclass
from http import HTTPStatus

import numpy as np
import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from courses.models import PlanAxis, PlanGoal
from enrollments import services
from enrollments.models import Enrollment
from lms.models import OrganisationalUnit, Territory, User
from tests.conftest import complete_course, in_ci

pytestmark = pytest.mark.django_db

OPEN_DATA = "/api/indicators/goals/"
SMALL = range(1, 5)  # what the API hides for itself; 5 is its threshold
CAP = 10_000  # far above any count drawn here: the attacker's "no upper bound"
YEARS = [2024, 2025, 2026]
EMPTY_YEAR = 2023
GOALS = ["M01", "M02"]
# Which goals each course feeds: two courses of one goal let a person count in two years or
# two secretariats of it; the last course feeds both.
FEEDS = [{"M01"}, {"M01"}, {"M02"}, {"M01", "M02"}]
MAX_PEOPLE = 30
SPREAD = 4  # at most this many people, each in a territory of their own
TERRITORIES = 8
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


# --- The attacker: reads documents, bounds nulls ---------------------------------------------


def served(client: Client, year: int | None = None) -> dict:
    """One document, as JSON, checked against its CSV twin (same figures, same nulls)."""
    query = {} if year is None else {"year": str(year)}
    document = client.get(OPEN_DATA, query)
    assert document.status_code == HTTPStatus.OK
    data = document.json()
    table = client.get(OPEN_DATA, {**query, "format": "csv"})
    text = b"".join(table.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    from_csv = {(row[0], row[4], row[5]): row[6] for row in rows[1:]}
    from_json = {}
    for goal in data["goals"]:
        from_json[(goal["code"], "total", "")] = goal["achieved"]
        for kind in ("secretariat", "territory", "year"):
            for group, value in goal[f"by_{kind}"].items():
                from_json[(goal["code"], kind, group)] = value
    assert from_csv == {key: "" if v is None else str(v) for key, v in from_json.items()}
    return data


def cells_of(documents: dict) -> dict[str, dict[tuple, int | None]]:
    """Per goal, every figure served: (period, kind, group) -> value (None when hidden);
    period is "all" or a year. A year's total is served twice (that year's ``achieved``
    and all time's ``by_year``): it must be the same figure."""
    cells: dict[str, dict[tuple, int | None]] = defaultdict(dict)
    for period, document in documents.items():
        for goal in document["goals"]:
            found = cells[goal["code"]]
            found[(period, "total", "")] = goal["achieved"]
            for kind in ("secretariat", "territory"):
                for group, value in goal[f"by_{kind}"].items():
                    found[(period, kind, group)] = value
            for year, value in goal["by_year"].items():
                key = (int(year), "total", "")
                assert found.setdefault(key, value) == value, (goal["code"], key)
    return cells


def relations_of(cells: dict[tuple, int | None]) -> list[tuple[tuple, list[tuple]]]:
    """(whole, parts) as a visitor sees them: each period's total and its secretariats, and
    its territories; each group's all-time figure and its years (every document lists every
    group). A period whose total is 0 is all zeros (``every_document`` checks it): it adds
    nothing to any of them, and is left out."""
    periods = {period for period, _kind, _group in cells if cells[(period, "total", "")] != 0}
    groups = {(kind, group) for _period, kind, group in cells}
    relations = []
    for period in periods:
        for kind in ("secretariat", "territory"):
            parts = [key for key in cells if key[0] == period and key[1] == kind]
            relations.append(((period, "total", ""), parts))
    years = sorted(period for period in periods if period != "all")
    for kind, group in groups:
        parts = [(year, kind, group) for year in years]
        relations.append((("all", kind, group), parts))
    return relations


def pinned(
    cells: dict[tuple, int | None],
    relations: list[tuple[tuple, list[tuple]]],
    *,
    bounds: dict[tuple, tuple[int, int]],
    equal: set[int],
    truth: dict[tuple, int],
    wanted: set[tuple] | None = None,
) -> dict[tuple, int]:
    """The nulls (of ``wanted``, else all) that take one value in every integer table
    agreeing with what was served, ``relations`` (``equal``: those whose whole is the sum of
    its parts) and each null's ``bounds``, with that value. ``truth`` must be such a table (a
    check of the model); a null is free when some table gives it a greater value, or a
    smaller one."""
    nulls = sorted((key for key, value in cells.items() if value is None), key=repr)
    if not nulls:
        return {}
    column = {key: n for n, key in enumerate(nulls)}
    rows, low, high = [], [], []

    def at_most_zero(terms, exactly: bool) -> None:
        row, constant = np.zeros(len(nulls)), 0
        for key, sign in terms:
            if key in column:
                row[column[key]] += sign
            else:
                constant += sign * (cells.get(key) or 0)
        if row.any():
            rows.append(row)
            low.append(-constant if exactly else -math.inf)
            high.append(-constant)

    for n, (whole, parts) in enumerate(relations):
        for part in parts:
            at_most_zero([(part, 1), (whole, -1)], exactly=False)
        at_most_zero([(whole, 1), *((part, -1) for part in parts)], exactly=n in equal)
    real = np.array([truth[key] for key in nulls])
    least, greatest = (np.array([bounds[key][i] for key in nulls]) for i in (0, 1))
    assert (least <= real).all() and (real <= greatest).all()
    if rows:
        assert (np.array(low) <= np.array(rows) @ real).all()
        assert (np.array(rows) @ real <= np.array(high)).all()
    problem = {
        "integrality": np.ones(len(nulls)),
        "bounds": Bounds(least, greatest),
        "constraints": [LinearConstraint(np.array(rows), low, high)] if rows else [],
    }

    def moved(weights: dict[int, int], **options) -> set[int]:
        """The nulls whose value differs from the truth in a table minimising ``weights``
        (none when the solver finds no table: HiGHS's MIP presolve has called feasible
        models infeasible and missed optima, scipy#18907; whatever moves is checked here)."""
        objective = np.zeros(len(nulls))
        for n, weight in weights.items():
            objective[n] = weight
        result = milp(objective, **problem, options=options)
        if not result.success:
            assert not options, "infeasible without presolve, yet the truth is a solution"
            return set()
        table = np.round(result.x)
        assert (least <= table).all() and (table <= greatest).all()
        if rows:
            assert (np.array(low) <= np.array(rows) @ table).all()
            assert (np.array(rows) @ table <= np.array(high)).all()
        return {n for n in range(len(nulls)) if table[n] != real[n]}

    # Push every null not yet freed up together, then down, while that frees some; then
    # one at a time, with the solver's presolve and without.
    stuck = {n for n, key in enumerate(nulls) if wanted is None or key in wanted}
    for sense in (-1, 1):
        while stuck and (freed := moved(dict.fromkeys(stuck, sense)) & stuck):
            stuck -= freed
    for n in sorted(stuck):
        for options in ({}, {"presolve": False}):
            for sense in (-1, 1):
                if n in stuck:
                    stuck -= moved({n: sense}, **options) & {n}
    return {nulls[n]: truth[nulls[n]] for n in stuck}


def assert_no_null_is_given_away(documents: dict, truth: dict[str, dict[tuple, int]]) -> None:
    """The combined attacker against every goal of ``documents``; ``truth`` as ``cells_of``
    keys it (zeros absent)."""
    for code, cells in cells_of(documents).items():
        assert_safe(code, cells, truth.get(code, {}))


@dataclass(frozen=True)
class Attacker:
    """What a visitor knows of each null, besides everything served."""

    name: str
    # Why it was hidden: as a part of a whole of 1-4 people (it may be 0), or as a count of
    # 1-4 people, or to protect others (then 5 or more: a zero is never hidden for that).
    why: bool
    size: bool  # whether it is 0-4 or 5 or more
    sums: bool  # that a whole is the sum of its parts, wherever the true figures are


COMBINED = Attacker("combined", why=True, size=True, sums=True)
# Each knows less than the combined one, and so can pin nothing it cannot (the method test
# shows it): the attackers of the first fix (issue 19), and the combined one as first framed,
# knowing of a small null only that it is 0 to 4.
NARROWER = [
    Attacker("informed", why=True, size=True, sums=False),
    Attacker("adding", why=False, size=False, sums=True),
    Attacker("combined, not knowing why", why=False, size=True, sums=True),
]


def covered(cells: dict[tuple, int | None], real: dict[tuple, int]) -> set[tuple]:
    """The nulls that may be 0: the parts of a null whole of 1-4 people, and the parts of
    those, and so on, hidden whatever their value (but for the parts of a whole served as 0,
    which are 0); every cell of a goal whose every cell is null (the method's last resort)."""
    if all(value is None for value in cells.values()):
        return set(cells)
    relations = relations_of(cells)
    zero = {part for whole, parts in relations if cells[whole] == 0 for part in parts}
    found: set[tuple] = set()
    while (
        more := {
            part
            for whole, parts in relations
            if cells[whole] is None and (real.get(whole, 0) in SMALL or whole in found)
            for part in parts
            if part not in zero
        }
        - found
    ):
        found |= more
    return found


def found_by(
    attacker: Attacker, cells: dict[tuple, int | None], real: dict[tuple, int]
) -> dict[tuple, int]:
    """The nulls of somebody that ``attacker`` pins, with their value (a null pinned at 0
    gives nobody away)."""
    relations = relations_of(cells)
    truth = {key: real.get(key, 0) for key in cells}
    additive = {
        n
        for n, (whole, parts) in enumerate(relations)
        if sum(truth[part] for part in parts) == truth[whole]
    }
    maybe_zero = covered(cells, real)
    bounds = {}
    for key, value in cells.items():
        if value is None:
            # A goal nobody trained for is all zeros: its null all-time total is somebody.
            somebody = key == ("all", "total", "") or (attacker.why and key not in maybe_zero)
            least, most = (1 if somebody else 0), CAP
            if attacker.size:
                least, most = (least, 4) if truth[key] < 5 else (5, CAP)
            bounds[key] = (least, most)
    return pinned(
        cells,
        relations,
        bounds=bounds,
        equal=additive if attacker.sums else set(),
        truth=truth,
        wanted={key for key, value in cells.items() if value is None and truth[key] > 0},
    )


def assert_safe(code: str, cells: dict[tuple, int | None], real: dict[tuple, int]) -> None:
    """What was served is true, shows nobody 1-4, hides every part of a whole of 1-4 people,
    and leaves the combined attacker no null of somebody to pin."""
    for key, value in cells.items():
        if value is not None:
            assert value == real.get(key, 0), (code, key)
            assert value not in SMALL, (code, key)
    assert all(cells[key] is None for key in covered(cells, real)), code
    found = found_by(COMBINED, cells, real)
    assert not found, f"the combined attacker works out {code}: {found}"


def every_document(client: Client) -> dict:
    """All time, each year any goal has completions in, and a year with none; each lists
    every goal and, for each, every secretariat and territory."""
    documents = {"all": served(client)}
    years = {int(y) for goal in documents["all"]["goals"] for y in goal["by_year"]}
    for year in sorted(years | {EMPTY_YEAR}):
        documents[year] = served(client, year)
    with translation.override("pt-br"):
        groups = {
            "secretariat": {
                *OrganisationalUnit.objects.secretariats().values_list("acronym", flat=True),
                gettext("No unit"),
            },
            "territory": {
                *Territory.objects.values_list("name", flat=True),
                gettext("No territory"),
            },
        }
    for document in documents.values():
        for goal in document["goals"]:
            for kind, listed in groups.items():
                assert set(goal[f"by_{kind}"]) == listed, (goal["code"], kind)
            assert set(goal["by_year"]) == (
                {str(y) for y in years} if document["year"] is None else {str(document["year"])}
            )
    assert all(goal["achieved"] == 0 for goal in documents[EMPTY_YEAR]["goals"])
    for document in documents.values():
        for goal in document["goals"]:
            if goal["achieved"] == 0:  # nobody in the period: all zeros, nothing to hide
                figures = [*goal["by_secretariat"].values(), *goal["by_territory"].values()]
                assert set(figures) == {0}, (document["year"], goal["code"])
    return documents


# --- The world and what hypothesis draws ------------------------------------------------------


@pytest.fixture
def world(organisation, make_course):
    """Three secretariats, eight territories (of the 32 every document lists), two goals,
    four courses, the people."""
    smads = OrganisationalUnit.add_root(
        acronym="SMADS",
        name="Secretaria Municipal de Assistência e Desenvolvimento Social",
        kind=OrganisationalUnit.Kind.SECRETARIAT,
    )
    cras = smads.add_child(acronym="CRAS", name="CRAS Sé")
    axis = PlanAxis.objects.create(number=1, title="Formação")
    goals = {
        code: PlanGoal.objects.create(
            code=code,
            title=f"Meta {code}",
            axis=axis,
            responsible_unit=organisation["sms"],
            target=50,
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
        for code in GOALS
    }
    courses = []
    for fed in FEEDS:
        course = make_course(lessons=0, quiz=False)
        course.plan_goals.set([goals[code] for code in sorted(fed)])
        course.save()
        courses.append(course)
    people = User.objects.bulk_create(
        User(email=f"aberto{n}@prefeitura.test", full_name=f"Pessoa {n}", password="!")
        for n in range(MAX_PEOPLE + SPREAD)
    )
    units = [None, organisation["ubs"], organisation["crs_sul"], organisation["dre"], cras]
    with translation.override("pt-br"):  # the site's language, which the API speaks
        nobody = {"unit": gettext("No unit"), "territory": gettext("No territory")}
    secretariat = {None: nobody["unit"], **{unit: unit.get_root().acronym for unit in units[1:]}}
    return {
        "courses": courses,
        "people": people,
        "units": units,
        "secretariat": secretariat,
        "no_territory": nobody["territory"],
        "territories": [None, *Territory.objects.order_by("code")[:TERRITORIES]],
    }


def completion():
    place = st.tuples(st.integers(0, 4), st.integers(0, 3))
    return st.fixed_dictionaries(
        {
            "course": st.integers(0, len(FEEDS) - 1),
            "year": st.sampled_from(YEARS),
            "moved": st.none() | place,  # completed elsewhere than the person's usual place
        }
    )


def person():
    return st.fixed_dictionaries(
        {
            # Few places, so that cells of 5 or more people happen beside small ones.
            "unit": st.sampled_from([0, 1, 1, 1, 2, 3, 3, 4]),
            "territory": st.sampled_from([0, 1, 1, 1, 2, 3]),
            "completions": st.lists(
                completion(), min_size=1, max_size=3, unique_by=lambda c: c["course"]
            ),
        }
    )


def loner(territory: int):
    """A person trained once for M02 only, in ``territory``."""
    once = st.fixed_dictionaries(
        {"course": st.just(2), "year": st.sampled_from(YEARS), "moved": st.none()}
    )
    return st.fixed_dictionaries(
        {
            "unit": st.integers(0, 4),
            "territory": st.just(territory),
            "completions": st.tuples(once).map(list),
        }
    )


def spread():
    """Up to ``SPREAD`` people, each in a territory of their own: the smallest goal tables,
    where one zero known for sure would pin the rest."""
    return st.lists(st.integers(0, TERRITORIES), min_size=0, max_size=SPREAD, unique=True).flatmap(
        lambda places: st.tuples(*(loner(place) for place in places)).map(list)
    )


def record(world, people: list[dict]) -> dict[str, dict[tuple, int]]:
    """Store the drawn completions and rebuild the indicators from them, as the platform's
    rebuild command does. Returns the true counts, keyed as ``cells_of`` keys them."""
    rows, who = [], defaultdict(set)
    for account, drawn in zip(world["people"], people, strict=False):
        for done in drawn["completions"]:
            unit, territory = done["moved"] or (drawn["unit"], drawn["territory"])
            unit, territory = world["units"][unit], world["territories"][territory]
            when = timezone.make_aware(datetime.datetime(done["year"], 6, 1, 12))
            rows.append(
                Enrollment(
                    user=account,
                    course=world["courses"][done["course"]],
                    enrolled_at=when,
                    completed_at=when,
                    completion_unit=unit,
                    completion_territory=territory,
                )
            )
            groups = [
                ("total", ""),
                ("secretariat", world["secretariat"][unit]),
                ("territory", territory.name if territory else world["no_territory"]),
            ]
            for code in FEEDS[done["course"]]:
                for period in ("all", done["year"]):
                    for kind, group in groups:
                        who[code, (period, kind, group)].add(account.pk)
    Enrollment.objects.bulk_create(rows)
    services.indicators_rebuild()
    truth: dict[str, dict[tuple, int]] = defaultdict(dict)
    for (code, key), accounts in who.items():
        truth[code][key] = len(accounts)
    return truth


# --- The properties -----------------------------------------------------------------------------


@settings(
    max_examples=max(1, round(40 * SCALE)),
    deadline=None,
    derandomize=in_ci(),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(
    # As many people as drawn (a plain list strategy favours a few): most goals then have
    # figures of 5 or more to publish beside small ones to hide.
    people=st.integers(0, MAX_PEOPLE).flatmap(lambda n: st.lists(person(), min_size=n, max_size=n)),
    loners=spread(),
)
@example(  # the limit the previous method documented: 4 people in 4 territories, one year
    people=[],
    loners=[
        {"unit": 1, "territory": n, "completions": [{"course": 2, "year": 2025, "moved": None}]}
        for n in (1, 3, 5, 7)
    ],
)
def test_no_null_can_be_worked_out_from_every_document_together(world, people, loners):
    cache.clear()
    with transaction.atomic():
        truth = record(world, people + loners)
        documents = every_document(Client())
        assert_no_null_is_given_away(documents, truth)
        for code, cells in cells_of(documents).items():
            if any(value is None and truth[code].get(key, 0) >= 5 for key, value in cells.items()):
                event("a figure of 5 or more is hidden to protect another")
            if any(value is not None and value > 0 for value in cells.values()):
                event("a goal publishes some figure")
            if any(value is None and key not in truth[code] for key, value in cells.items()):
                event("a zero is hidden, as a part of a whole of 1-4 people")
        if len(loners) >= 3:
            event("three people or more, each in a territory of their own")
        transaction.set_rollback(True)
    cache.clear()


# --- The cases the penetration test reported -----------------------------------------------------


@pytest.fixture
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def trained(_fast_passwords, make_person, make_goal, make_course):
    """``trained(code, [(unit, year), ...])``: one new person per pair completes a course
    feeding goal ``code`` in that year, through the services; ``(unit, year, territory)``
    puts them in a territory. Returns the true counts."""
    goals, truth = {}, defaultdict(lambda: defaultdict(int))

    def train(code: str, people: list[tuple]):
        if code not in goals:
            goals[code] = make_course(lessons=1, quiz=False)
            goals[code].plan_goals.set([make_goal(code)])
            goals[code].save()
        with translation.override("pt-br"):
            nowhere = gettext("No territory")
        for unit, year, *where in people:
            territory = where[0] if where else None
            when = timezone.make_aware(datetime.datetime(year, 3, 1, 12))
            complete_course(make_person(unit=unit, territory=territory), goals[code], now=when)
            place = territory.name if territory else nowhere
            for period in ("all", year):
                for key in ("total", ""), ("secretariat", unit.get_root().acronym):
                    truth[code][(period, *key)] += 1
                truth[code][(period, "territory", place)] += 1
        return truth

    return train


def test_a_year_is_not_all_time_minus_the_other_years(client, trained, organisation):
    """The pentest's M10: all time 9 and 2025 5 were published, 2026 null, so 2026 was 4;
    and the same for the goal's secretariat (SMS) and territory."""
    ubs = organisation["ubs"]
    truth = trained("M10", [(ubs, 2025)] * 5 + [(ubs, 2026)] * 4)

    documents = every_document(client)
    all_time, in_2025, in_2026 = (documents[p]["goals"][0] for p in ("all", 2025, 2026))
    assert in_2026["achieved"] is None and all_time["by_year"]["2026"] is None
    assert None in (all_time["achieved"], in_2025["achieved"])
    assert None in (all_time["by_secretariat"]["SMS"], in_2025["by_secretariat"]["SMS"])
    assert_no_null_is_given_away(documents, truth)


def test_two_small_cells_are_not_pinned_by_what_they_add_up_to(client, trained, organisation):
    """20 trained, SMS 12: SME's and SMADS's 4 and 4 were both null, and 20 − 12 = 8 can
    only be 4 + 4 when each is at most 4."""
    smads = OrganisationalUnit.add_root(acronym="SMADS", name="Assistência Social")
    cras = smads.add_child(acronym="CRAS", name="CRAS Sé")
    truth = trained(
        "M05",
        [(organisation["ubs"], 2025)] * 12 + [(organisation["dre"], 2025)] * 4 + [(cras, 2025)] * 4,
    )

    documents = every_document(client)
    goal = documents["all"]["goals"][0]
    assert goal["by_secretariat"]["SME"] is None and goal["by_secretariat"]["SMADS"] is None
    assert None in (goal["achieved"], goal["by_secretariat"]["SMS"])
    assert_no_null_is_given_away(documents, truth)


def test_four_people_each_in_a_territory_of_their_own_are_not_each_pinned_at_one(
    client, trained, organisation
):
    """The limit the first fix left: 4 people of a goal in 4 territories. The 4 territories
    were null and the others absent, so the 4 nulls made up the null total, at most 4: 1
    each. Now every territory is listed and, the total being 1–4, every one is null, 0 or
    not: nobody can tell where the 4 are."""
    places = Territory.objects.order_by("code")[:4]
    truth = trained("M07", [(organisation["ubs"], 2025, place) for place in places])

    documents = every_document(client)
    for period in ("all", 2025):
        goal = documents[period]["goals"][0]
        assert goal["achieved"] is None
        assert len(goal["by_territory"]) == Territory.objects.count() + 1
        assert set(goal["by_territory"].values()) == {None}
        assert set(goal["by_secretariat"].values()) == {None}
    assert_no_null_is_given_away(documents, truth)


def test_small_nulls_that_add_up_to_what_is_missing_are_not_each_one(client, trained, organisation):
    """20 trained, 16 of them in one territory, the other 4 in 4 territories: four nulls
    for 20 − 16 = 4. Were a null allowed to be 0 and no zero hidden, each would still be 1
    to anybody who knows the nulls are not zeros; a figure of 5 or more goes too."""
    crowded, *places = Territory.objects.order_by("code")[:5]
    ubs = organisation["ubs"]
    truth = trained("M08", [(ubs, 2025, crowded)] * 16 + [(ubs, 2025, p) for p in places])

    documents = every_document(client)
    goal = documents["all"]["goals"][0]
    assert [goal["by_territory"][place.name] for place in places] == [None] * 4
    assert None in (goal["achieved"], goal["by_territory"][crowded.name])
    assert_no_null_is_given_away(documents, truth)


def test_documents_served_in_one_cache_period_agree(client, trained, organisation):
    """Every document is cut from one table: a year's document asked after a new completion
    says what the all-time one said, until the period ends (else the two differ by the
    newcomer)."""
    ubs = organisation["ubs"]
    trained("M01", [(ubs, 2026)] * 5)
    all_time = client.get(OPEN_DATA).json()
    assert all_time["goals"][0]["by_year"] == {"2026": 5}

    trained("M01", [(ubs, 2026)])
    in_2026 = client.get(OPEN_DATA, {"year": "2026"}).json()
    assert in_2026["goals"][0]["achieved"] == 5
    assert in_2026["generated_at"] == all_time["generated_at"]

    cache.clear()  # the period ends
    assert client.get(OPEN_DATA, {"year": "2026"}).json()["goals"][0]["achieved"] == 6
