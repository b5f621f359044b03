"""A manager of SMS filters the plan indicators by territory and period, reads a goal's
trained agents, finds the same figure in the XLSX download, and opens the goal's page
(axe on every page; the filter form works from the keyboard)."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from courses.models import PlanAxis, PlanGoal
from lms.models import Territory
from lms.roles import Role
from tests.browser.conftest import log_in
from tests.conftest import TOTP_SECRET, complete_course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GOAL_CODE = "M90"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Seven people log in or could; hashing their passwords the production way is slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(year: int, month: int, day: int) -> datetime.datetime:
    """Noon of that day in the city's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def either_language(text: str) -> set[str]:
    """``text`` in English and as the site's Portuguese (if translated yet)."""
    with translation.override("pt-br"):
        return {text, gettext(text)}


def test_manager_filters_exports_and_drills_into_a_goal(
    live_server, page, assert_accessible, make_person, make_course, organisation
):
    casa_verde = Territory.objects.get(code="casa-verde-cachoeirinha")
    elsewhere = Territory.objects.exclude(pk=casa_verde.pk).order_by("pk").first()
    assert elsewhere is not None, "the migrations should provide more than one territory"

    axis = PlanAxis.objects.create(number=1, title="Formação de agentes públicos")
    goal = PlanGoal.objects.create(
        code=GOAL_CODE,
        title="Formar agentes de saúde em acolhimento de imigrantes",
        axis=axis,
        responsible_unit=organisation["sms"],
        target=50,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    courses = []
    for title in ("Acolhimento no SUS", "Direitos das pessoas imigrantes"):
        course = make_course(title=title, lessons=1, quiz=False)
        course.plan_goals.set([goal])
        course.save()
        courses.append(course)
    first_course, second_course = courses

    def trained(name, unit, territory, *completions):
        person = make_person(full_name=name, unit=unit, territory=territory)
        for course, when in completions:
            complete_course(person, course, now=when)
        return person

    ubs, crs_sul, dre = organisation["ubs"], organisation["crs_sul"], organisation["dre"]
    # In Casa Verde, inside the period: they count (Ana once, though she did both courses).
    ana = trained(
        "Ana Souza",
        ubs,
        casa_verde,
        (first_course, at(2025, 3, 10)),
        (second_course, at(2025, 9, 2)),
    )
    bruno = trained("Bruno Lima", ubs, casa_verde, (second_course, at(2025, 8, 20)))
    # In Casa Verde, outside the period; elsewhere in SMS, in and out of the period.
    carla = trained("Carla Dias", ubs, casa_verde, (first_course, at(2024, 6, 15)))
    trained("Diego Alves", crs_sul, elsewhere, (first_course, at(2025, 4, 1)))
    trained("Elisa Rocha", crs_sul, elsewhere, (first_course, at(2024, 11, 5)))
    # In Casa Verde and the period, but of SME: outside the manager's scope.
    fabio = trained("Fábio Nunes", dre, casa_verde, (first_course, at(2025, 5, 5)))
    expected = 2  # Ana and Bruno

    manager = make_person(
        full_name="Marta Gestora", role=Role.MANAGER, managed_unit=organisation["sms"]
    )

    log_in(page, live_server.url, manager.email, totp_secret=TOTP_SECRET)

    page.goto(live_server.url + "/admin/indicators/")
    assert_accessible(page)
    figure = page.locator(f'td.num[data-goal="{GOAL_CODE}"]')
    # Unfiltered, in SMS: Ana, Bruno, Carla, Diego and Elisa; not Fábio of SME.
    assert figure.inner_text().strip() == "5"

    page.locator("#id_territory").select_option(str(casa_verde.pk))
    page.locator("#id_date_from").fill("2025-01-01")
    page.locator("#id_date_to").fill("2025-12-31")
    # The submit button is the next stop after the last field, and Enter on it filters.
    page.locator("#id_course").focus()
    page.keyboard.press("Tab")
    submit = page.locator("form.indicator-filters button[type=submit]")
    assert submit.evaluate("button => button === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"territory={casa_verde.pk}" in page.url
    assert "date_from=2025-01-01" in page.url and "date_to=2025-12-31" in page.url
    assert_accessible(page)

    shown = int(figure.inner_text().strip())
    assert shown == expected

    # The goal table's XLSX is the first XLSX link; the second is the list of agents.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX", exact=True).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    # The artefact's path has no extension, which openpyxl insists on: read the bytes.
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    sheet = workbook.worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    trained_column = next(
        i for i, title in enumerate(header) if title in either_language("Trained agents")
    )
    goal_rows = [row for row in rows if row[0] == GOAL_CODE]
    assert len(goal_rows) == 1, rows
    assert goal_rows[0][trained_column] == shown == expected

    page.get_by_role("link", name=GOAL_CODE, exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/indicators/goals/{goal.pk}/\?"))
    assert_accessible(page)
    total = page.locator("[data-goal-total]").inner_text().strip()
    assert re.match(rf"{expected}\s*\(", total), total
    # The filters carried over: the list (one line per completion, so Ana's two courses
    # make two lines) names only the two people who count.
    agents = page.locator("#agents-heading ~ table.listing tbody th[scope=row]")
    names = [name.strip() for name in agents.all_inner_texts()]
    assert sorted(names) == sorted([ana.display_name, ana.display_name, bruno.display_name])
    assert carla.display_name not in names and fabio.display_name not in names
