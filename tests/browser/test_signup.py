"""A new servant signs up, confirms the e-mail, logs in and sees the home page in Portuguese."""

import re

import pytest
from django.core import mail

from lms.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_user_signs_up_confirms_and_logs_in(live_server, page, assert_accessible):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "pt-br"
    assert_accessible(page)

    # Keyboard: the first Tab reaches the skip link, which leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Ir para o conteúdo principal"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("link", name="Criar conta").first.click()
    page.wait_for_url("**/conta/signup/")
    assert_accessible(page)

    # A mistake first: passwords that differ are refused with a message in Portuguese.
    page.get_by_label("E-mail").fill("nova.servidora@prefeitura.test")
    page.get_by_label("Nome completo").fill("Nova Servidora da Silva")
    page.get_by_label("Senha", exact=False).first.fill("Uma-senha-boa-2024")
    page.get_by_label("Senha (novamente)").fill("Outra-senha-2024")
    page.get_by_role("button", name="Cadastrar-se").click()
    assert page.get_by_text("Você deve digitar a mesma senha").is_visible()
    assert not User.objects.filter(email="nova.servidora@prefeitura.test").exists()
    assert_accessible(page)

    page.get_by_label("Senha", exact=False).first.fill("Uma-senha-boa-2024")
    page.get_by_label("Senha (novamente)").fill("Uma-senha-boa-2024")
    page.get_by_role("button", name="Cadastrar-se").click()
    page.wait_for_url("**/conta/confirm-email/")
    assert page.get_by_role("heading", name="Verifique seu endereço de e-mail").is_visible()
    assert_accessible(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/conta/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmar").click()

    page.wait_for_url("**/conta/login/")
    assert_accessible(page)
    page.get_by_label("E-mail").fill("nova.servidora@prefeitura.test")
    page.get_by_label("Senha").fill("Uma-senha-boa-2024")
    page.get_by_role("button", name="Entrar").click()

    page.wait_for_url(live_server.url + "/")
    assert page.get_by_text("Olá, Nova Servidora da Silva.").is_visible()
    assert page.get_by_role("link", name="Meu perfil").is_visible()
    assert page.locator("html").get_attribute("lang") == "pt-br"
    assert_accessible(page)

    page.get_by_role("link", name="Meu perfil").click()
    page.wait_for_url("**/conta/perfil/")
    assert page.get_by_role("heading", name="Seus dados pessoais (LGPD)").is_visible()
    assert_accessible(page)
