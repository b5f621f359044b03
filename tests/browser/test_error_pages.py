"""A learner and a visitor who reach a page they may not open, or one that is not there, see the
site's own page in Portuguese, with its header, and a way on that works; on a phone and on a
desktop, accessible (axe), under the Content-Security-Policy (no violation in the console)."""

import pytest
from django.urls import reverse

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    # An English-speaking browser: the site must still answer in Portuguese.
    context = browser.new_context(locale="en-US", viewport=SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.policy_violations = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.policy_violations.append(m.text),
    )
    yield page
    context.close()


def assert_site_page(page, response, status: int, heading: str, assert_accessible) -> None:
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == "pt-br"
    assert page.get_by_role("banner").get_by_role("link", name="Capacita").is_visible()
    assert page.get_by_role("heading", level=1, name=heading).is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"
    assert_accessible(page)
    assert page.policy_violations == []  # no script, style or image refused


def test_a_learner_refused_a_page_and_lost_on_another_finds_the_way_on(
    live_server, screen, assert_accessible, make_person, make_course
):
    course = make_course()
    make_person(email="aprendiz@prefeitura.test")
    log_in(screen, live_server.url, "aprendiz@prefeitura.test")

    response = screen.goto(live_server.url + "/turmas/")
    assert_site_page(screen, response, 403, "Você não tem acesso a esta página", assert_accessible)
    assert screen.get_by_text("outro papel").is_visible()
    screen.get_by_role("link", name="Ir para Minha aprendizagem").click()
    screen.wait_for_url(live_server.url + "/minha-aprendizagem/")

    response = screen.goto(live_server.url + "/admin/people-import/")
    assert_site_page(screen, response, 403, "Você não tem acesso a esta página", assert_accessible)

    # A button's address (enrolling) opened as a page, as after logging in from it.
    response = screen.goto(live_server.url + reverse("enrol", args=[course.pk]))
    assert_site_page(screen, response, 405, "Este endereço não é uma página", assert_accessible)

    response = screen.goto(live_server.url + "/cursos/nao-existe/")
    assert_site_page(screen, response, 404, "Página não encontrada", assert_accessible)
    screen.get_by_role("main").get_by_role("link", name="Ir para a página inicial").click()
    screen.wait_for_url(live_server.url + "/")


def test_a_visitor_with_an_expired_form_or_a_wrong_address_finds_the_way_on(
    live_server, screen, assert_accessible, make_person
):
    make_person(email="visitante@prefeitura.test")
    response = screen.goto(live_server.url + "/nao-existe/")
    assert_site_page(screen, response, 404, "Página não encontrada", assert_accessible)
    screen.get_by_role("main").get_by_role("link", name="Ir para a página inicial").click()
    screen.wait_for_url(live_server.url + "/")

    # A log-in form left open until its token is gone (here: the cookie cleared).
    screen.goto(live_server.url + "/conta/login/")
    screen.context.clear_cookies()
    screen.get_by_label("E-mail").fill("visitante@prefeitura.test")
    screen.get_by_label("Senha").fill("qualquer")
    with screen.expect_navigation() as navigation:
        screen.get_by_role("button", name="Entrar").click()
    assert_site_page(screen, navigation.value, 403, "Seu formulário expirou", assert_accessible)
    screen.get_by_role("main").get_by_role("link", name="Entrar").click()
    screen.wait_for_url("**/conta/login/**")
    assert screen.get_by_label("E-mail").is_visible()


def test_the_500_page_is_styled_under_the_policy_in_the_person_s_language(
    live_server, screen, assert_accessible, make_person, monkeypatch
):
    """It needs no service and no file: its one style is inline, allowed by its hash."""

    def broken(user):
        raise ValueError("a bug")

    monkeypatch.setattr("lms.views.personal_data", broken)
    make_person(email="aprendiz@prefeitura.test")
    log_in(screen, live_server.url, "aprendiz@prefeitura.test")
    language = {"name": "capacita_language", "value": "en", "url": live_server.url}
    screen.context.add_cookies([language])
    response = screen.goto(live_server.url + "/conta/perfil/meus-dados.json")
    assert response.status == 500
    assert screen.locator("html").get_attribute("lang") == "en"
    assert screen.get_by_role("heading", level=1, name="Something went wrong").is_visible()
    header = screen.get_by_role("banner")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 79, 138)"
    assert_accessible(screen)
    assert screen.policy_violations == []
    screen.get_by_role("link", name="Go to the home page").click()
    screen.wait_for_url(live_server.url + "/")
