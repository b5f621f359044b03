"""The plan's indicators as managers, the public and the scheduler meet them: the admin
dashboard, one goal, the exports, the MigraCidades report, the open-data API and the monthly
snapshots.

Completions go through the real services (``complete_course``), dated with ``now=``.
Assertions are on numbers, codes, statuses, headers and structure, not on translated prose.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from http import HTTPStatus
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from courses.models import Modality, PlanGoal
from enrollments import indicators, services
from enrollments.indicators import IndicatorFilters
from enrollments.models import Enrollment, GoalSnapshot
from enrollments.tasks import snapshot_indicators
from lms.models import Territory
from lms.roles import Role
from lms.scopes import ManagerScope, manager_scope
from tests.conftest import complete_course

pytestmark = pytest.mark.django_db

DASHBOARD = "plan_indicators:index"
AGENTS = "plan_indicators:agents"
MIGRACIDADES = "migracidades_report:index"
OPEN_DATA = "/api/indicators/goals/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every person gets a password; the production hasher costs a third of a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(year, month, day, hour=12) -> datetime.datetime:
    """A moment in the city's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def in_site_language(message: str) -> str:
    with translation.override("pt-br"):
        return translation.gettext(message)


# --- The world these tests read ----------------------------------------------------------------


@pytest.fixture
def goal_course(make_course):
    """A published one-lesson course (no quiz) feeding ``goals``."""

    def make(*goals: PlanGoal, tags=(), **fields):
        fields.setdefault("lessons", 1)
        fields.setdefault("quiz", False)
        course = make_course(**fields)
        if goals or tags:
            course.plan_goals.set(goals)
            if tags:
                course.tags.add(*tags)
            course.save()
        return course

    return make


def complete_blended(person, course, now) -> Enrollment:
    """A blended course completes when its class closes, not online."""
    enrollment = services.enrollment_create(user=person, course=course, now=now)
    services.enrollment_complete(
        enrollment=Enrollment.objects.select_related("user").get(pk=enrollment.pk), now=now
    )
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    return enrollment


@pytest.fixture
def world(make_person, make_goal, goal_course, organisation):
    """Two goals, four completions in three units of two secretariats, in 2025.

    ============  ==============  ============  ======================  ==========
    person        unit            territory     course (goals)          completed
    ============  ==============  ============  ======================  ==========
    Ana (social)  UBS Casa Verde  Casa Verde    Acolhimento (M01)       2025-02-10
    Bruno         CRS Sul         —             Acolhimento (M01)       2025-03-15
    Carla         DRE Penha       Penha         Direitos (M01, M02)     2025-03-20
    Davi          UBS Casa Verde  Casa Verde    Semipresencial (M02)    2025-04-05
    ============  ==============  ============  ======================  ==========
    """
    casa_verde = Territory.objects.get(code="casa-verde-cachoeirinha")
    penha = Territory.objects.get(code="penha")
    m01 = make_goal("M01", title="Formar agentes da saúde", target=10)
    m02 = make_goal(
        "M02", title="Formar agentes da educação", target=4, responsible_unit=organisation["sme"]
    )
    m03 = make_goal("M03", title="Meta ainda sem conclusões", target=50)
    welcome = goal_course(m01, title="Acolhimento de imigrantes", workload_hours=4, tags=["Saúde"])
    rights = goal_course(
        m01, m02, title="Direitos dos migrantes", workload_hours=Decimal("6.5"), tags=["Direitos"]
    )
    blended = goal_course(
        m02, title="Curso semipresencial", workload_hours=10, modality=Modality.BLENDED
    )
    people = {
        "ana": make_person(
            full_name="Ana Maria Registro Civil",
            social_name="Ana Nome Social",
            registration_number="RF-1001",
            unit=organisation["ubs"],
            territory=casa_verde,
            email="ana.civil@prefeitura.test",
        ),
        "bruno": make_person(
            full_name="Bruno Cardoso Lima",
            registration_number="RF-1002",
            unit=organisation["crs_sul"],
            email="bruno.lima@prefeitura.test",
        ),
        "carla": make_person(
            full_name="Carla Dias Moura",
            registration_number="RF-1003",
            unit=organisation["dre"],
            territory=penha,
            email="carla.moura@prefeitura.test",
        ),
        "davi": make_person(
            full_name="Davi Esteves Rocha",
            registration_number="RF-1004",
            unit=organisation["ubs"],
            territory=casa_verde,
            email="davi.rocha@prefeitura.test",
        ),
    }
    complete_course(people["ana"], welcome, now=at(2025, 2, 10))
    complete_course(people["bruno"], welcome, now=at(2025, 3, 15))
    complete_course(people["carla"], rights, now=at(2025, 3, 20))
    complete_blended(people["davi"], blended, now=at(2025, 4, 5))
    return {
        "goals": {"M01": m01, "M02": m02, "M03": m03},
        "courses": {"welcome": welcome, "rights": rights, "blended": blended},
        "people": people,
        "territories": {"casa_verde": casa_verde, "penha": penha},
        **organisation,
    }


@pytest.fixture
def manager_of(make_person):
    def make(unit=None):
        return make_person(role=Role.MANAGER, managed_unit=unit, full_name="Gestora")

    return make


NAMES = {
    "ana": "Ana Nome Social",
    "bruno": "Bruno Cardoso Lima",
    "carla": "Carla Dias Moura",
    "davi": "Davi Esteves Rocha",
}


# --- Reading responses -------------------------------------------------------------------------


def dashboard_figures(response) -> dict[str, int]:
    """Goal code → trained agents, as the dashboard's table shows them."""
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    return {code: int(n) for code, n in re.findall(r'data-goal="([^"]+)">(\d+)<', html)}


def body(response) -> bytes:
    """The whole body, also of a streamed download (read once, then kept)."""
    if not response.streaming:
        return response.content
    if not hasattr(response, "_read_body"):
        response._read_body = b"".join(response.streaming_content)
    return response._read_body


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    data = body(response)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def workbook(response):
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content), read_only=True)


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def goal_url(goal, **query) -> str:
    path = reverse("plan_indicators:goal", args=[goal.pk])
    return path + ("?" + urlencode(query) if query else "")


def url(name, **query) -> str:
    return reverse(name) + ("?" + urlencode(query) if query else "")


def expected_figures(scope: ManagerScope, filters: IndicatorFilters) -> dict[str, int]:
    """What the selectors say the dashboard should show."""
    return {row.goal.code: row.achieved for row in indicators.goal_rows(scope, filters)}


def agent_names(response) -> list[str]:
    """The names column of a trained-agents export (CSV or XLSX), one per completion."""
    if response["Content-Type"].startswith("text/csv"):
        rows = csv_rows(response)
    else:
        book = workbook(response)
        rows = sheet_rows(book[book.sheetnames[0]])
    return [row[1] for row in rows[1:]]


def chart_table(html: str) -> list[tuple[str, int]]:
    """The (month, value) rows of the table under the goal's chart."""
    table = html[html.index('class="indicator-chart-data"') :]
    table = table[: table.index("</details>")]
    return [
        (month, int(value))
        for month, value in re.findall(
            r'<tr><th scope="row">(\d\d/\d{4})</th><td class="num">(\d+)</td></tr>', table
        )
    ]


def contribution_rows(html: str) -> dict[str, tuple[int, int]]:
    """Course title → (trained agents, completions), from the goal page's courses table."""
    return {
        title: (int(people), int(done))
        for title, people, done in re.findall(
            r'<tr><th scope="row">([^<]+)</th><td>[^<]*</td>'
            r'<td class="num">(\d+)</td><td class="num">(\d+)</td></tr>',
            html,
        )
    }


def select_values(html: str, name: str) -> set[str]:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no <select name={name}>"
    return set(re.findall(r'<option value="([^"]*)"', match.group(1))) - {""}


CITY = ManagerScope(unit=None)


def admin_urls(goal) -> list[str]:
    """Every back-office URL that shows figures or people."""
    return [
        url(DASHBOARD),
        url(DASHBOARD, format="csv"),
        url(DASHBOARD, format="xlsx"),
        goal_url(goal),
        goal_url(goal, format="csv"),
        goal_url(goal, format="xlsx"),
        url(AGENTS, format="csv"),
        url(AGENTS, format="xlsx"),
        url(MIGRACIDADES, year=2025),
        url(MIGRACIDADES, year=2025, format="xlsx"),
    ]


# --- Scope: who sees which figures and people ---------------------------------------------------


def test_a_manager_of_ubs_casa_verde_sees_only_completions_recorded_there(
    client, world, manager_of
):
    manager = manager_of(world["ubs"])
    client.force_login(manager)

    assert dashboard_figures(client.get(url(DASHBOARD))) == {"M01": 1, "M02": 1, "M03": 0}

    m01 = client.get(goal_url(world["goals"]["M01"])).content.decode()
    assert NAMES["ana"] in m01
    for other in ("bruno", "carla", "davi"):
        assert NAMES[other] not in m01
    m02 = client.get(goal_url(world["goals"]["M02"])).content.decode()
    assert NAMES["davi"] in m02 and NAMES["carla"] not in m02

    for kind in ("csv", "xlsx"):
        names = agent_names(client.get(url(AGENTS, format=kind)))
        assert sorted(names) == sorted([NAMES["ana"], NAMES["davi"]])

    page = client.get(url(MIGRACIDADES, year=2025))
    assert page.context["report"].totals["people"] == 2
    assert page.context["report"].totals["completions"] == 2
    assert page.context["report"].totals["hours"] == Decimal(14)  # 4 h + 10 h
    assert 'data-total="people">2<' in page.content.decode()


def test_a_manager_of_sme_sees_none_of_smss_people(client, world, manager_of):
    client.force_login(manager_of(world["sme"]))

    # Carla (DRE Penha) is the only completion under SME; she feeds both goals.
    assert dashboard_figures(client.get(url(DASHBOARD))) == {"M01": 1, "M02": 1, "M03": 0}
    responses = [client.get(address) for address in admin_urls(world["goals"]["M01"])]
    responses.append(client.get(goal_url(world["goals"]["M02"])))
    sms_people = [world["people"][key] for key in ("ana", "bruno", "davi")]
    for response in responses:
        assert response.status_code == HTTPStatus.OK
        text = body(response)
        for person in sms_people:
            for private in (person.display_name, person.full_name, person.registration_number):
                assert private.encode() not in text
    assert agent_names(client.get(url(AGENTS, format="csv"))) == [NAMES["carla"]] * 2

    report = client.get(url(MIGRACIDADES, year=2025, format="xlsx"))
    book = workbook(report)
    by_secretariat = sheet_rows(book[book.sheetnames[1]])[1:]
    assert [row[0] for row in by_secretariat] == ["SME"]
    assert by_secretariat[0][2:] == [1, 1, 6.5]


def test_a_city_wide_manager_an_administrator_and_a_superuser_see_everything(
    client, world, manager_of, make_person
):
    for user in (
        manager_of(None),
        make_person(role=Role.ADMINISTRATOR),
        make_person(role=None, is_superuser=True, is_staff=True),
    ):
        client.force_login(user)
        assert dashboard_figures(client.get(url(DASHBOARD))) == {"M01": 3, "M02": 2, "M03": 0}
        names = agent_names(client.get(url(AGENTS, format="csv")))
        # Carla counts toward both goals, so her completion is behind two rows.
        assert sorted(names) == sorted([*NAMES.values(), NAMES["carla"]])
        report = client.get(url(MIGRACIDADES, year=2025)).context["report"]
        assert (report.totals["people"], report.totals["completions"]) == (4, 4)


def test_learners_trainers_and_visitors_get_no_figures_from_any_indicator_url(
    client, world, make_person
):
    goal = world["goals"]["M01"]
    for role in (Role.LEARNER, Role.TRAINER, None):
        client.logout()
        if role is not None:
            client.force_login(make_person(role=role))
        for address in [*admin_urls(goal), goal_url(world["goals"]["M02"])]:
            response = client.get(address)
            assert response.status_code == HTTPStatus.FOUND, (role, address)
            # To the login page, or (with admin access but no manager scope) the admin home.
            assert "/indicators/" not in urlsplit(response["Location"]).path, (role, address)
            text = body(response)
            for private in ("M01", "M02", *NAMES.values(), "RF-1001"):
                assert private.encode() not in text, (role, address)


# --- The dashboard: figures and filters ----------------------------------------------------------


def filter_cases(world):
    """(query, the same filters as selectors take, figures expected city-wide)."""
    w = world
    march = {"date_from": "2025-03-01", "date_to": "2025-03-31"}
    return [
        ({}, IndicatorFilters(), {"M01": 3, "M02": 2, "M03": 0}),
        (
            march,
            IndicatorFilters(
                date_from=datetime.date(2025, 3, 1), date_to=datetime.date(2025, 3, 31)
            ),
            {"M01": 2, "M02": 1, "M03": 0},  # Bruno and Carla; Carla
        ),
        (  # "until" alone reads the first-completion table
            {"date_to": "2025-02-28"},
            IndicatorFilters(date_to=datetime.date(2025, 2, 28)),
            {"M01": 1, "M02": 0, "M03": 0},
        ),
        ({"unit": w["sms"].pk}, IndicatorFilters(unit=w["sms"]), {"M01": 2, "M02": 1, "M03": 0}),
        ({"unit": w["ubs"].pk}, IndicatorFilters(unit=w["ubs"]), {"M01": 1, "M02": 1, "M03": 0}),
        (
            {"territory": w["territories"]["penha"].pk},
            IndicatorFilters(territory=w["territories"]["penha"]),
            {"M01": 1, "M02": 1, "M03": 0},
        ),
        (
            {"modality": Modality.BLENDED},
            IndicatorFilters(modality=Modality.BLENDED),
            {"M01": 0, "M02": 1, "M03": 0},
        ),
        (
            {"modality": Modality.ONLINE},
            IndicatorFilters(modality=Modality.ONLINE),
            {"M01": 3, "M02": 1, "M03": 0},
        ),
        (
            {"course": w["courses"]["rights"].pk},
            IndicatorFilters(course=w["courses"]["rights"]),
            {"M01": 1, "M02": 1, "M03": 0},
        ),
        (
            {"unit": w["sms"].pk, "date_from": "2025-03-01"},
            IndicatorFilters(unit=w["sms"], date_from=datetime.date(2025, 3, 1)),
            {"M01": 1, "M02": 1, "M03": 0},  # Bruno; Davi
        ),
    ]


def test_the_dashboard_shows_goal_rows_figures_and_each_filter_changes_them_as_expected(
    client, world, manager_of
):
    client.force_login(manager_of(None))
    for query, filters, expected in filter_cases(world):
        shown = dashboard_figures(client.get(url(DASHBOARD, **query)))
        assert shown == expected_figures(CITY, filters) == expected, query


def test_a_scoped_managers_dashboard_equals_goal_rows_in_their_scope(client, world, manager_of):
    manager = manager_of(world["sms"])
    client.force_login(manager)
    scope = manager_scope(manager)
    cases = [
        ({}, IndicatorFilters(), {"M01": 2, "M02": 1, "M03": 0}),
        (
            {"unit": world["ubs"].pk},
            IndicatorFilters(unit=world["ubs"]),
            {"M01": 1, "M02": 1, "M03": 0},
        ),
        (
            {"unit": world["crs_sul"].pk},
            IndicatorFilters(unit=world["crs_sul"]),
            {"M01": 1, "M02": 0, "M03": 0},
        ),
        (
            {"territory": world["territories"]["penha"].pk},
            IndicatorFilters(territory=world["territories"]["penha"]),
            {"M01": 0, "M02": 0, "M03": 0},
        ),  # Penha's completion is SME's
        (
            {"date_to": "2025-03-31"},
            IndicatorFilters(date_to=datetime.date(2025, 3, 31)),
            {"M01": 2, "M02": 0, "M03": 0},
        ),
    ]
    for query, filters, expected in cases:
        shown = dashboard_figures(client.get(url(DASHBOARD, **query)))
        assert shown == expected_figures(scope, filters) == expected, query


def test_a_unit_outside_the_managers_scope_is_rejected_and_none_of_its_data_leaks(
    client, world, manager_of
):
    client.force_login(manager_of(world["sms"]))
    sme, dre = world["sme"], world["dre"]

    response = client.get(url(DASHBOARD, unit=sme.pk))
    assert response.status_code == HTTPStatus.OK
    assert "unit" in response.context["form"].errors
    html = response.content.decode()
    assert 'role="alert"' in html
    # The figures stay those of the manager's own scope, never SME's.
    assert dashboard_figures(response) == {"M01": 2, "M02": 1, "M03": 0}
    # SME's units are not offered either.
    offered = select_values(html, "unit")
    assert offered == {str(world[k].pk) for k in ("sms", "crs_norte", "ubs", "crs_sul")}
    assert not offered & {str(sme.pk), str(dre.pk)}

    for address in (
        goal_url(world["goals"]["M01"], unit=dre.pk),
        goal_url(world["goals"]["M01"], unit=dre.pk, format="csv"),
        url(AGENTS, unit=dre.pk, format="csv"),
        url(DASHBOARD, unit=dre.pk, format="xlsx"),
    ):
        response = client.get(address)
        assert response.status_code == HTTPStatus.OK, address
        text = body(response)
        assert NAMES["carla"].encode() not in text and b"RF-1003" not in text, address
        assert b"DRE Penha" not in text, address


def test_an_end_before_the_start_is_an_error_not_a_500(client, world, manager_of):
    client.force_login(manager_of(None))
    query = {"date_from": "2025-03-31", "date_to": "2025-03-01"}

    response = client.get(url(DASHBOARD, **query))
    assert response.status_code == HTTPStatus.OK
    assert "date_to" in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    # Not applied: the table is the unfiltered one (an empty period would show zeros).
    assert dashboard_figures(response) == {"M01": 3, "M02": 2, "M03": 0}

    goal = client.get(goal_url(world["goals"]["M01"], **query))
    assert goal.status_code == HTTPStatus.OK
    assert "date_to" in goal.context["form"].errors
    assert client.get(url(DASHBOARD, format="csv", **query)).status_code == HTTPStatus.OK

    # A period that ends before the goal starts: an empty chart, not an error.
    early = client.get(goal_url(world["goals"]["M03"], date_to="2024-06-30"))
    assert early.status_code == HTTPStatus.OK
    assert chart_table(early.content.decode()) == []


GARBAGE = [
    "date_from=abc",
    "date_to=2025-02-30",
    "date_from=%00&date_to=%00",
    "unit=999999",
    "unit=%00&territory=%00&course=%00&modality=%00",
    "territory=999999&course=x&modality=teleport",
    "course=999999&unit=abc",
    "format=%00",
    "p=abc",
    "p=999999",
    "p=%00",
]


def test_garbage_in_the_query_string_never_breaks_a_page_or_an_export(client, world, manager_of):
    client.force_login(manager_of(world["sms"]))
    goal = world["goals"]["M01"]
    bases = [
        reverse(DASHBOARD) + "?",
        reverse(DASHBOARD) + "?format=csv&",
        goal_url(goal) + "?",
        goal_url(goal) + "?format=xlsx&",
        reverse(AGENTS) + "?format=csv&",
    ]
    for base in bases:
        for garbage in GARBAGE:
            response = client.get(base + garbage)
            # The agents list is only a download: a format it cannot make is a 404.
            broken_format = base.startswith(reverse(AGENTS)) and "format=" in garbage
            expected = HTTPStatus.NOT_FOUND if broken_format else HTTPStatus.OK
            if "%00" in garbage:
                expected = HTTPStatus.BAD_REQUEST  # refused on arrival (lms.request_guards)
            assert response.status_code == expected, base + garbage
            # Whatever was sent, only the manager's own scope is shown.
            assert NAMES["carla"].encode() not in body(response), base + garbage
    assert client.get(reverse("plan_indicators:goal", args=[999999])).status_code == 404
    assert client.get(reverse(AGENTS) + "?format=nada").status_code == 404


def test_the_last_representable_day_as_end_of_period_is_not_a_500(client, world, manager_of):
    client.force_login(manager_of(None))
    broken = []
    for address in (
        url(DASHBOARD, date_to="9999-12-31"),
        url(DASHBOARD, date_to="9999-12-31", format="csv"),
        url(AGENTS, date_to="9999-12-31", format="xlsx"),
        goal_url(world["goals"]["M01"], date_to="9999-12-31"),
        OPEN_DATA + "?year=9999",
    ):
        try:
            response = client.get(address)
        except OverflowError:
            broken.append(address)
        else:
            assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST), address
    assert not broken


# --- Exports ---------------------------------------------------------------------------------


def test_the_dashboard_csv_is_a_brazilian_spreadsheet_with_one_row_per_goal(
    client, world, manager_of, make_goal, goal_course, make_person
):
    from enrollments.admin_views import goal_table_header

    evil = make_goal("M04", title='=HYPERLINK("http://evil.test","clique")', target=5)
    complete_course(make_person(unit=world["ubs"]), goal_course(evil), now=at(2025, 5, 2))
    client.force_login(manager_of(None))

    response = client.get(url(DASHBOARD, format="csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="indicadores-metas-')
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    first_line = raw.decode("utf-8-sig").split("\r\n")[0]
    with translation.override("pt-br"):
        header = goal_table_header()
    assert first_line.split(";") == header

    rows = csv_rows(response)
    assert rows[0] == header
    trained = header.index(in_site_language("Trained agents"))
    assert {row[0]: int(row[trained]) for row in rows[1:]} == {
        "M01": 3,
        "M02": 2,
        "M03": 0,
        "M04": 1,
    }
    assert len(rows) == 1 + PlanGoal.objects.count()
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["M04"] == "'" + evil.title  # shown as text, never run as a formula

    # The same figures under a filter.
    rows = csv_rows(client.get(url(DASHBOARD, format="csv", unit=world["ubs"].pk)))
    assert {row[0]: int(row[trained]) for row in rows[1:]} == {
        "M01": 1,
        "M02": 1,
        "M03": 0,
        "M04": 1,
    }


def test_the_agents_export_neutralises_formulas_in_course_titles_and_names(
    client, world, manager_of, make_goal, goal_course, make_person
):
    course = goal_course(world["goals"]["M01"], title="=1+2 Curso malicioso")
    complete_course(
        make_person(social_name="@SUM(A1)", full_name="Nome Civil", unit=world["ubs"]),
        course,
        now=at(2025, 6, 1),
    )
    client.force_login(manager_of(None))
    rows = csv_rows(client.get(url(AGENTS, format="csv", course=course.pk)))
    assert len(rows) == 2
    assert rows[1][0] == "M01"
    assert rows[1][1] == "'@SUM(A1)"
    assert rows[1][5] == "'=1+2 Curso malicioso"

    book = workbook(client.get(url(AGENTS, format="xlsx", course=course.pk)))
    agents, filters = (sheet_rows(book[name]) for name in book.sheetnames)
    assert agents[1][1] == "'@SUM(A1)" and agents[1][5] == "'=1+2 Curso malicioso"
    # The filters sheet says which course, also as text.
    assert dict(filters[1:])[in_site_language("Course")] == "'=1+2 Curso malicioso"


def test_the_dashboard_xlsx_opens_and_matches_the_page_with_a_filters_sheet(
    client, world, manager_of
):
    from enrollments.admin_views import goal_table_header

    client.force_login(manager_of(world["sms"]))
    for query in ({}, {"unit": world["ubs"].pk, "date_from": "2025-01-01"}):
        page = dashboard_figures(client.get(url(DASHBOARD, **query)))
        response = client.get(url(DASHBOARD, format="xlsx", **query))
        assert response["Content-Disposition"].startswith(
            'attachment; filename="indicadores-metas-'
        )
        book = workbook(response)
        assert book.sheetnames == [in_site_language("Goals"), in_site_language("Filters")]
        goals = sheet_rows(book[book.sheetnames[0]])
        with translation.override("pt-br"):
            assert goals[0] == goal_table_header()
        assert {row[0]: row[8] for row in goals[1:]} == page
        assert all(isinstance(row[8], int) for row in goals[1:])  # numbers, not text
        filters = dict(sheet_rows(book[book.sheetnames[1]])[1:])
        assert filters[in_site_language("Scope")] == str(world["sms"])
        if query:
            assert filters[in_site_language("Secretariat or unit")] == str(world["ubs"])


# --- One goal --------------------------------------------------------------------------------


def test_the_goal_page_charts_the_count_and_lists_its_courses(client, world, manager_of):
    client.force_login(manager_of(None))
    m01 = world["goals"]["M01"]

    response = client.get(goal_url(m01))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<svg" in html and 'class="series"' in html
    points = re.search(r'<polyline points="([^"]*)" class="series"', html).group(1).split()
    table = chart_table(html)
    assert len(points) == len(table)
    assert table[0] == ("01/2025", 0)  # the goal's first month
    assert ("02/2025", 1) in table and ("03/2025", 3) in table
    assert table[-1][1] == response.context["row"].achieved == 3
    assert re.search(r"data-goal-total>3 ", html)
    this_month = timezone.localdate().strftime("%m/%Y")
    assert table[-1][0] == this_month

    assert contribution_rows(html) == {
        "Acolhimento de imigrantes": (2, 2),
        "Direitos dos migrantes": (1, 1),
    }
    # "Curso semipresencial" feeds M02 only, so it is not among them.

    # A period ends the chart at its last month, still on the goal's figure.
    march = client.get(goal_url(m01, date_from="2025-03-01", date_to="2025-03-31"))
    table = chart_table(march.content.decode())
    assert table[-1] == ("03/2025", 2)
    assert march.context["row"].achieved == 2
    assert contribution_rows(march.content.decode()) == {
        "Acolhimento de imigrantes": (1, 1),
        "Direitos dos migrantes": (1, 1),
    }


def test_the_goal_page_pages_its_agents_and_the_export_has_every_one_in_scope(
    client, make_goal, goal_course, make_person, manager_of, organisation
):
    goal = make_goal("M09", target=60)
    course = goal_course(goal, title="Curso com muitas pessoas")
    inside = []
    for i in range(51):
        person = make_person(
            full_name=f"Agente Civil {i:03d}",
            social_name=f"Agente Social {i:03d}" if i % 10 == 0 else "",
            unit=organisation["ubs"] if i % 2 else organisation["crs_norte"],
        )
        complete_course(person, course, now=at(2025, 3, 1 + i % 28))
        inside.append(person)
    outside = make_person(full_name="Agente de Fora da Norte", unit=organisation["crs_sul"])
    complete_course(outside, course, now=at(2025, 3, 3))
    client.force_login(manager_of(organisation["crs_norte"]))

    first = client.get(goal_url(goal))
    assert first.context["agents"].paginator.count == 51
    assert len(first.context["agents"]) == 50
    second = client.get(goal_url(goal, p=2))
    assert len(second.context["agents"]) == 1
    seen = first.content.decode() + second.content.decode()
    for person in inside:
        assert f'<th scope="row">{person.display_name}</th>' in seen
    assert "Agente Civil 000" not in seen and "Agente Social 000" in seen
    assert outside.full_name not in seen
    shown_first = {c.enrollment.user.pk for c in first.context["agents"]}
    assert not shown_first & {c.enrollment.user.pk for c in second.context["agents"]}
    assert "p=2" in first.content.decode()  # a link to the next page

    for kind in ("csv", "xlsx"):
        names = agent_names(client.get(goal_url(goal, format=kind)))
        assert sorted(names) == sorted(person.display_name for person in inside)
    assert len(agent_names(client.get(goal_url(goal, format="csv", p=2)))) == 51


def test_the_goal_export_uses_the_social_name_and_keeps_the_civil_one_out(
    client, world, manager_of
):
    client.force_login(manager_of(world["ubs"]))
    for kind in ("csv", "xlsx"):
        response = client.get(goal_url(world["goals"]["M01"], format=kind))
        assert response["Content-Disposition"].startswith('attachment; filename="agentes-M01-')
        names = agent_names(response)
        assert names == [NAMES["ana"]]
    text = body(client.get(goal_url(world["goals"]["M01"], format="csv"))).decode()
    assert "Ana Maria Registro Civil" not in text
    assert "RF-1001" in text  # the registration number is there, for the manager


# --- Queries ---------------------------------------------------------------------------------


def test_the_dashboard_and_goal_page_queries_do_not_grow_with_goals_or_completions(
    client,
    make_goal,
    goal_course,
    make_person,
    manager_of,
    organisation,
    django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = make_goal("M01"), make_goal("M02")
    course = goal_course(first, second)
    for unit in ("ubs", "crs_sul"):
        complete_course(make_person(unit=organisation[unit]), course, now=at(2025, 2, 1))
    client.force_login(manager_of(organisation["sms"]))
    addresses = [
        url(DASHBOARD),
        url(DASHBOARD, unit=organisation["ubs"].pk, date_from="2025-01-01"),
        goal_url(first),
    ]

    def counts() -> list[int]:
        measured = []
        for address in addresses:
            client.get(address)  # warm per-process caches
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address).status_code == HTTPStatus.OK
            measured.append(len(captured))
        return measured

    few = counts()
    more_goals = [make_goal(f"M{n:02d}") for n in range(3, 7)]
    other_course = goal_course(first, *more_goals)
    for i in range(4):
        unit = organisation["ubs"] if i % 2 else organisation["crs_norte"]
        complete_course(make_person(unit=unit), other_course, now=at(2025, 3, 1 + i))
    assert counts() == few
    with django_assert_max_num_queries(max(few)):
        client.get(url(DASHBOARD))


# --- MigraCidades dimension 2 ----------------------------------------------------------------


def test_the_migracidades_report_totals_the_year_by_secretariat_topic_and_course(
    client, world, manager_of, make_person
):
    people, courses = world["people"], world["courses"]
    # Ana trains again (still one person); Eva just inside 2025 in São Paulo's time (already
    # 2026 in UTC); Fábio just after; Gil the year before.
    complete_course(people["ana"], courses["rights"], now=at(2025, 6, 1))
    complete_course(
        make_person(full_name="Eva", unit=world["dre"]),
        courses["welcome"],
        now=at(2025, 12, 31, 23),
    )
    complete_course(
        make_person(full_name="Fábio", unit=world["crs_sul"]),
        courses["welcome"],
        now=at(2026, 1, 1, 0),
    )
    complete_course(
        make_person(full_name="Gil", unit=world["ubs"]),
        courses["welcome"],
        now=at(2024, 12, 31, 23),
    )
    client.force_login(manager_of(None))

    page = client.get(url(MIGRACIDADES, year=2025))
    assert page.status_code == HTTPStatus.OK
    report = page.context["report"]
    assert report.year == 2025
    # Ana, Bruno, Carla, Davi, Eva; hours 4 + 4 + 6.5 + 10 + 6.5 + 4.
    assert report.totals == {"people": 5, "completions": 6, "hours": Decimal("35")}
    assert 'data-total="people">5<' in page.content.decode()

    response = client.get(url(MIGRACIDADES, year=2025, format="xlsx"))
    assert response["Content-Disposition"] == (
        'attachment; filename="migracidades-dimensao-2-2025.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == [
        in_site_language(name)
        for name in ("Summary", "By secretariat", "By topic", "By course", "Goals")
    ]
    summary = dict(sheet_rows(book[book.sheetnames[0]])[1:])
    assert summary[in_site_language("Year")] == 2025
    assert summary[in_site_language("Agents trained")] == 5
    assert summary[in_site_language("Completions")] == 6
    assert summary[in_site_language("Training hours")] == 35
    assert summary[in_site_language("Scope")] == in_site_language("The whole city")

    by_secretariat = sheet_rows(book[book.sheetnames[1]])[1:]
    assert by_secretariat == [
        ["SMS", "Secretaria Municipal da Saúde", 3, 4, 24.5],
        ["SME", "Secretaria Municipal de Educação", 2, 2, 10.5],
    ]
    by_topic = sheet_rows(book[book.sheetnames[2]])[1:]
    assert by_topic == [
        ["Saúde", 3, 3, 12],
        ["Direitos", 2, 2, 13],
        [in_site_language("No topic"), 1, 1, 10],
    ]
    by_course = {row[0]: row[1:] for row in sheet_rows(book[book.sheetnames[3]])[1:]}
    with translation.override("pt-br"):
        online, blended = str(Modality.ONLINE.label), str(Modality.BLENDED.label)
    assert by_course == {
        "Acolhimento de imigrantes": [4, online, "M01", 3, 3, 12],
        "Direitos dos migrantes": [6.5, online, "M01, M02", 2, 2, 13],
        "Curso semipresencial": [10, blended, "M02", 1, 1, 10],
    }
    goals = {row[0]: row[8] for row in sheet_rows(book[book.sheetnames[4]])[1:]}
    # Trained in 2025 (Ana's "Direitos" feeds M02 too); M03 had no training, no row.
    assert goals == {"M01": 4, "M02": 3}

    earlier = client.get(url(MIGRACIDADES, year=2024)).context["report"]
    assert earlier.totals == {"people": 1, "completions": 1, "hours": Decimal(4)}


def test_an_invalid_year_falls_back_to_this_year_without_error(client, world, manager_of):
    client.force_login(manager_of(world["sms"]))
    this_year = timezone.localdate().year
    for year in ("abc", "1990", "99999999999999999999", ""):
        response = client.get(reverse(MIGRACIDADES) + f"?year={year}")
        assert response.status_code == HTTPStatus.OK, year
        assert response.context["report"].year == this_year, year
        response = client.get(reverse(MIGRACIDADES) + f"?year={year}&format=xlsx")
        book = workbook(response)
        summary = dict(sheet_rows(book[book.sheetnames[0]])[1:])
        assert summary[in_site_language("Year")] == this_year, year
    response = client.get(reverse(MIGRACIDADES) + "?format=xlsx")
    assert response["Content-Disposition"].endswith(f'-{this_year}.xlsx"')


def test_a_year_of_training_that_fed_no_goal_can_still_be_reported(
    client, make_goal, goal_course, make_person, manager_of, organisation
):
    complete_course(make_person(unit=organisation["ubs"]), goal_course(), now=at(2023, 5, 5))
    complete_course(
        make_person(unit=organisation["ubs"]), goal_course(make_goal("M01")), now=at(2025, 5, 5)
    )
    client.force_login(manager_of(None))
    report = client.get(url(MIGRACIDADES, year=2023)).context["report"]
    assert (report.year, report.totals["people"]) == (2023, 1)


# --- Open data -------------------------------------------------------------------------------


def personal_data(world) -> list[str]:
    return [
        value
        for person in world["people"].values()
        for value in (
            person.full_name,
            person.social_name,
            person.email,
            person.registration_number,
        )
        if value
    ]


def test_the_open_data_api_is_anonymous_json_without_personal_data(client, world):
    response = client.get(OPEN_DATA)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public")
    text = response.content.decode()
    for private in [*personal_data(world), "@prefeitura.test", "RF-"]:
        assert private not in text

    data = json.loads(text)
    assert data["suppression_threshold"] == 5
    # The rules say what a null is, in the site's language.
    assert "Um valor nulo indica de 0 a 4 pessoas" in data["rules"]
    assert data["year"] is None
    goals = {goal["code"]: goal for goal in data["goals"]}
    assert list(goals) == ["M01", "M02", "M03"]
    # 3, 2 and 0 people: figures about 1–4 people are null, and so is every figure of
    # their breakdowns, 0 or not (else the zeros would say where the few are); a goal nobody
    # trained for is all zeros. Every secretariat and territory is listed.
    assert goals["M01"]["achieved"] is None
    assert goals["M02"]["achieved"] is None
    assert goals["M03"]["achieved"] == 0
    assert goals["M01"]["by_secretariat"] == {
        "SMS": None,
        "SME": None,
        in_site_language("No unit"): None,
    }
    assert len(goals["M01"]["by_territory"]) == Territory.objects.count() + 1
    assert set(goals["M01"]["by_territory"].values()) == {None}
    assert goals["M01"]["by_year"] == {"2025": None}
    assert goals["M03"]["by_secretariat"] == {"SMS": 0, "SME": 0, in_site_language("No unit"): 0}
    assert set(goals["M03"]["by_territory"].values()) == {0}
    assert goals["M03"]["by_year"] == {"2025": 0}
    assert goals["M02"]["responsible_secretariat"] == "SME"
    assert goals["M01"]["target"] == 10

    csv_response = client.get(OPEN_DATA + "?format=csv")
    assert csv_response["Access-Control-Allow-Origin"] == "*"
    raw = body(csv_response).decode("utf-8")
    for private in personal_data(world):
        assert private not in raw


def test_open_data_shows_figures_about_five_people_or_more_and_narrows_by_year(
    client, make_goal, goal_course, make_person, organisation
):
    goal = make_goal("M10", target=20)
    course = goal_course(goal)
    for i in range(5):
        unit = organisation["ubs"] if i % 2 else organisation["crs_sul"]
        complete_course(make_person(unit=unit), course, now=at(2025, 3, 2 + i))
    # Two in SME: with one, 6 could only be SMS's hidden 5 or more plus SME's hidden 1 to 4,
    # and the total would be hidden too; 7 is 5 + 2 or 6 + 1.
    for day in (10, 11):
        complete_course(make_person(unit=organisation["dre"]), course, now=at(2025, 4, day))

    goal_data = client.get(OPEN_DATA).json()["goals"][0]
    assert goal_data["achieved"] == 7
    assert goal_data["by_year"] == {"2025": 7}
    # SME's two people are hidden, and SMS's 5 with them (else 7 − 5 gives SME away); every
    # secretariat is listed, 0 where nobody trained.
    assert goal_data["by_secretariat"] == {"SMS": None, "SME": None, in_site_language("No unit"): 0}
    this_year = client.get(OPEN_DATA, {"year": "2025"}).json()
    assert this_year["year"] == 2025
    assert this_year["goals"][0]["achieved"] == 7
    assert this_year["goals"][0]["by_year"] == {"2025": 7}

    complete_course(make_person(unit=organisation["ubs"]), course, now=at(2026, 2, 1))
    cache.clear()
    all_time = client.get(OPEN_DATA).json()["goals"][0]
    assert all_time["achieved"] == 8
    next_year = client.get(OPEN_DATA, {"year": "2026"}).json()
    assert next_year["goals"][0]["achieved"] is None  # one person
    # 2025's 7 is hidden now: 8 − 7 would give 2026's one person away.
    this_year = client.get(OPEN_DATA, {"year": "2025"}).json()
    assert this_year["goals"][0]["achieved"] is None
    assert all_time["by_year"] == {"2025": None, "2026": None}


def test_open_data_publishes_only_whole_years(client, world):
    """Two periods a day apart would give away, by subtraction, who trained that day."""
    whole = client.get(OPEN_DATA).json()
    assert client.get(OPEN_DATA, {"from": "2025-03-01", "to": "2025-03-31"}).json() == whole


def test_the_open_data_csv(client, world, make_goal):
    make_goal("M04", title="=cmd|' /C calc'!A0", target=7)
    response = client.get(OPEN_DATA + "?format=csv")
    assert response["Content-Disposition"] == 'inline; filename="indicadores-plano.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert body(response).startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows[0] == [
        "goal",
        "title",
        "target",
        "baseline",
        "breakdown",
        "group",
        "trained_agents",
    ]
    totals = {row[0]: row for row in rows[1:] if row[4] == "total"}
    assert list(totals) == ["M01", "M02", "M03", "M04"]
    assert totals["M01"][6] == ""  # suppressed
    assert totals["M03"][6] == "0"
    assert totals["M04"][1] == "'=cmd|' /C calc'!A0"
    assert totals["M01"][2:4] == ["10", "0"]
    breakdowns = {(row[0], row[4], row[5]): row[6] for row in rows[1:] if row[4] != "total"}
    assert breakdowns[("M01", "secretariat", "SMS")] == ""
    assert breakdowns[("M01", "year", "2025")] == ""


def test_open_data_rejects_bad_years_with_a_json_error(client, world):
    for value in ("abc", "2025-03", "1999", "2100", "20 25"):
        response = client.get(OPEN_DATA, {"year": value})
        assert response.status_code == HTTPStatus.BAD_REQUEST, value
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        assert isinstance(data["error"], str) and data["error"]
        assert "year" in data["fields"], value
        assert "goals" not in data
    assert client.get(OPEN_DATA, {"year": "2025"}).status_code == 200
    # A NUL byte is refused before the API runs (lms.request_guards): the site's 400 page.
    assert client.get(OPEN_DATA, {"year": "\x00"}).status_code == HTTPStatus.BAD_REQUEST


def test_open_data_errors_can_be_read_by_browser_apps_on_other_origins(client, db):
    response = client.get(OPEN_DATA, {"year": "abc"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.get("Access-Control-Allow-Origin") == "*"


# --- Snapshots -------------------------------------------------------------------------------


def snapshots(month: datetime.date) -> dict[str, int]:
    return dict(GoalSnapshot.objects.filter(month=month).values_list("goal__code", "achieved"))


def test_a_snapshot_keeps_the_month_end_figure_until_replaced(world, make_person):
    march = datetime.date(2025, 3, 1)
    assert (
        services.indicator_snapshots_take(month=datetime.date(2025, 3, 15), now=at(2025, 4, 1)) == 3
    )
    assert snapshots(march) == {"M01": 3, "M02": 1, "M03": 0}
    snapshot = GoalSnapshot.objects.get(goal__code="M01", month=march)
    assert (snapshot.target, snapshot.baseline, snapshot.taken_at) == (10, 0, at(2025, 4, 1))

    # Recorded later: one dated on March 31st at 23:00 in São Paulo (already April in UTC,
    # still March for the city), and one at midnight on April 1st.
    welcome = world["courses"]["welcome"]
    complete_course(make_person(unit=world["ubs"]), welcome, now=at(2025, 3, 31, 23))
    complete_course(make_person(unit=world["ubs"]), welcome, now=at(2025, 4, 1, 0))
    end_of_march = IndicatorFilters(date_to=datetime.date(2025, 3, 31))
    live = indicators.trained_counts(CITY, end_of_march)
    assert live[world["goals"]["M01"].pk] == 4

    # What was reported stays reproducible...
    assert services.indicator_snapshots_take(month=march) == 0
    assert snapshots(march) == {"M01": 3, "M02": 1, "M03": 0}
    # ...unless replaced on purpose.
    assert services.indicator_snapshots_take(month=march, replace=True) == 3
    assert snapshots(march) == {"M01": 4, "M02": 1, "M03": 0}
    assert GoalSnapshot.objects.count() == 3


def test_backfill_takes_one_snapshot_per_goal_per_finished_month(world):
    assert services.indicator_snapshots_backfill(now=at(2025, 6, 15)) == 5 * 3
    months = sorted(set(GoalSnapshot.objects.values_list("month", flat=True)))
    assert months == [datetime.date(2025, m, 1) for m in range(1, 6)]  # not June, unfinished
    assert [snapshots(m)["M01"] for m in months] == [0, 1, 3, 3, 3]
    assert [snapshots(m)["M02"] for m in months] == [0, 0, 1, 2, 2]
    assert all(snapshots(m)["M03"] == 0 for m in months)
    assert services.indicator_snapshots_backfill(now=at(2025, 6, 15)) == 0


def test_the_daily_task_snapshots_last_month(world):
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    first_day = last_month.replace(day=1)
    expected = {
        code: indicators.trained_counts(CITY, IndicatorFilters(date_to=last_month)).get(goal.pk, 0)
        for code, goal in world["goals"].items()
    }
    assert snapshot_indicators() == 3
    assert set(GoalSnapshot.objects.values_list("month", flat=True)) == {first_day}
    assert snapshots(first_day) == expected
    assert snapshot_indicators.delay().get() == 0  # daily runs keep the first one


def test_the_management_commands(world):
    before = indicators.trained_counts(CITY)
    out = io.StringIO()
    call_command("rebuild_indicators", stdout=out)
    assert "5" in out.getvalue()  # Ana, Bruno, Carla ×2, Davi: five rows per goal
    assert indicators.trained_counts(CITY) == before

    out = io.StringIO()
    call_command("snapshot_indicators", "--month", "2025-03", stdout=out)
    assert "3" in out.getvalue()
    assert snapshots(datetime.date(2025, 3, 1)) == {"M01": 3, "M02": 1, "M03": 0}
    out = io.StringIO()
    call_command("snapshot_indicators", "--month", "2025-03", stdout=out)
    assert "0" in out.getvalue()
    call_command("snapshot_indicators", "--month", "2025-03", "--replace", stdout=io.StringIO())
    assert GoalSnapshot.objects.filter(month=datetime.date(2025, 3, 1)).count() == 3
    call_command("snapshot_indicators", "--backfill", stdout=io.StringIO())
    assert GoalSnapshot.objects.filter(month=datetime.date(2025, 4, 1)).count() == 3

    for args in (
        ["--month", "2026-13"],
        ["--month", "março"],
        [],
        ["--month", "2025-03", "--backfill"],
    ):
        with pytest.raises(CommandError):
            call_command("snapshot_indicators", *args, stdout=io.StringIO())
