"""A manager without an authenticator app is sent to activate one on their way to the admin,
confirms it is them with a code sent to their e-mail, scans (here: reads) the QR code's
secret, keeps the recovery codes, and from then on logs in with a code (axe on every page;
the QR code shows under the Content-Security-Policy)."""

import re
import time

import pytest
from django.core import mail
from django.utils import translation

from lms.mfa import MFA_REQUIRED_MESSAGE, totp_code
from lms.roles import Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_activates_an_authenticator_app_and_logs_in_with_it(
    live_server, page, assert_accessible, make_person
):
    manager = make_person(full_name="Gestora Sem App", role=Role.MANAGER, mfa=False)
    log_in(page, live_server.url, manager.email)

    page.goto(live_server.url + "/admin/indicators/")
    # Told why, then asked to confirm the password before changing how they log in.
    page.wait_for_url("**/conta/reauthenticate/**")
    with translation.override("pt-br"):
        why = str(MFA_REQUIRED_MESSAGE)
    assert page.get_by_text(why).is_visible()
    assert_accessible(page)
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Confirmar").click()

    # Then a code sent to their confirmed address: the password alone adds no app.
    page.wait_for_url("**/conta/2fa/codigo-por-email/**")
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Enviar o código").click()
    page.wait_for_load_state()
    (message,) = mail.outbox
    assert message.to == [manager.email]
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page.get_by_label("Código enviado por e-mail").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Confirmar").click()
    assert page.get_by_text("Este não é o código que enviamos.").is_visible()
    assert page.get_by_label("Código enviado por e-mail").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.get_by_label("Código enviado por e-mail").fill(code)
    page.get_by_role("button", name="Confirmar").click()

    page.wait_for_url("**/conta/2fa/totp/activate/")
    assert_accessible(page)
    qr = page.locator("img.qr-code")
    # Drawn, not blocked: a data: image the policy allows, with a text alternative.
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert len(qr.get_attribute("alt")) > 30
    secret = page.get_by_label("Segredo do autenticador").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    mail.outbox.clear()
    page.get_by_label("Código do autenticador").fill(totp_code(secret, at=time.time()))
    page.get_by_role("button", name="Ativar").click()

    page.wait_for_url("**/conta/2fa/recovery-codes/")
    # The owner is told by e-mail that an app was added to their account.
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Aplicativo autenticador ativado" in mail.outbox[0].subject
    assert_accessible(page)
    assert len(page.get_by_label("Códigos não utilizados").input_value().split()) == 10
    page.get_by_role("link", name="Administração").last.click()
    page.wait_for_url("**/admin/")

    page.goto(live_server.url + "/conta/2fa/")
    assert_accessible(page)
    assert page.get_by_role("link", name="Autenticação de dois fatores").first.is_visible()

    # Next time, the password is not enough.
    page.context.clear_cookies()
    page.goto(live_server.url + "/conta/login/")
    page.get_by_label("E-mail").fill(manager.email)
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/conta/2fa/authenticate/")
    assert_accessible(page)
    # The previous code was used once already; the next one is 30 seconds away at most, and
    # one window of drift is allowed, so the next window's code is accepted now.
    page.get_by_label("Código").fill(totp_code(secret, at=time.time() + 30))
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/admin/indicators/")
    assert page.url.endswith("/admin/indicators/")
