"""The other account and site pages a person reaches: accessible, in Portuguese, working."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_forgotten_password_is_reset_through_the_emailed_link(
    live_server, page, assert_accessible, make_person
):
    person = make_person(email="esqueceu@prefeitura.test")
    page.goto(live_server.url + "/conta/login/")
    page.get_by_role("link", name="Esqueceu sua senha?").click()
    assert_accessible(page)
    page.get_by_label("E-mail").fill("esqueceu@prefeitura.test")
    page.get_by_role("button", name="Redefinir minha senha").click()
    page.wait_for_url("**/conta/password/reset/done/")
    assert_accessible(page)

    link = re.search(r"https?://\S+/conta/password/reset/key/\S+/", mail.outbox[0].body)
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_label("Nova senha:", exact=True).fill("Senha-nova-muito-boa-1")
    page.get_by_label("Nova senha (novamente)").fill("Senha-nova-muito-boa-1")
    page.get_by_role("button", name="Alterar senha").click()
    assert page.get_by_text("Sua senha foi alterada.").is_visible()
    assert_accessible(page)
    person.refresh_from_db()
    assert person.check_password("Senha-nova-muito-boa-1")


def test_logged_in_person_manages_email_password_and_logs_out(
    live_server, page, assert_accessible, make_person
):
    make_person(email="conta@prefeitura.test", full_name="Pessoa da Conta")
    log_in(page, live_server.url, "conta@prefeitura.test")

    page.get_by_role("link", name="Meu perfil").click()
    page.get_by_role("link", name="Endereço de e-mail").first.click()
    page.wait_for_url("**/conta/email/")
    assert_accessible(page)

    page.goto(live_server.url + "/conta/password/change/")
    assert_accessible(page)

    page.get_by_role("link", name="Sair").click()
    page.wait_for_url("**/conta/logout/")
    assert_accessible(page)
    page.get_by_role("button", name="Sair").click()
    assert page.get_by_role("link", name="Entrar").is_visible()


def test_language_switcher_and_public_pages(live_server, page, assert_accessible):
    page.goto(live_server.url + "/nao-existe/")
    assert page.get_by_role("heading", name="Página não encontrada").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/")
    page.get_by_label("Idioma").select_option("es")
    page.get_by_role("button", name="Mudar").click()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("link", name="Crear cuenta").is_visible()
    assert_accessible(page)

    page.get_by_label("Idioma").select_option("pt-br")
    page.get_by_role("button", name="Cambiar").click()
    assert page.locator("html").get_attribute("lang") == "pt-br"


def test_pages_reflow_on_a_320px_phone_with_the_demo_banner(
    live_server, browser, assert_accessible
):
    from home.models import HomePage, SiteSettings

    site_settings = SiteSettings.for_site(HomePage.objects.get().get_site())
    site_settings.demo_notice = True
    site_settings.save()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", "/conta/login/", "/conta/signup/", "/cursos/"):
        page.goto(live_server.url + path)
        assert page.get_by_text("Ambiente de demonstração.").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide: content scrolls sideways"
        for name in ("Entrar", "Mudar"):
            box = page.get_by_role(
                "link" if name == "Entrar" else "button", name=name, exact=True
            ).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, (path, name)
        assert_accessible(page)
    context.close()
