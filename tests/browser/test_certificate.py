"""A learner completes a course, downloads the certificate from My learning, and the
verification page opened from its code says it is valid (axe on every page)."""

import re

import pytest

from certificates.models import Certificate
from courses.models import LessonPage, QuizPage
from tests.browser.conftest import log_in
from tests.browser.test_learning import choose
from tests.conftest import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_learner_downloads_and_verifies_the_certificate(
    live_server, page, assert_accessible, make_person, make_course, organisation
):
    learner = make_person(
        full_name="Fernanda Oliveira", social_name="Nanda Oliveira", unit=organisation["ubs"]
    )
    course = make_course(title="Acolhimento de estudantes imigrantes", lessons=2, workload_hours=6)
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    quiz = QuizPage.objects.live().child_of(course).get()

    log_in(page, live_server.url, learner.email)

    page.goto(live_server.url + course.url)
    page.get_by_role("button", name="Inscrever-me neste curso").click()
    for _lesson in lessons:
        page.get_by_role("button", name="Marcar como lida e continuar").click()
    choose(page, quiz, correct=True)
    page.get_by_role("button", name="Enviar respostas").click()
    assert page.get_by_text("Você foi aprovado(a) com 100%.").is_visible()

    page.get_by_role("link", name="Minha aprendizagem").first.click()
    assert_accessible(page)
    certificate = Certificate.objects.get(enrollment__user=learner)
    card = page.locator("li", has=page.get_by_role("link", name=course.title))
    with page.expect_download() as download_info:
        card.get_by_role("link", name=re.compile("Baixar certificado")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"{certificate.display_code}.pdf")
    text = pdf_text(download.path().read_bytes())
    for expected in ("Nanda Oliveira", course.title, "6", certificate.display_code):
        assert expected in text

    card.get_by_role("link", name=certificate.display_code).click()
    page.wait_for_url(f"**/certificates/verify/{certificate.display_code}/")
    assert page.get_by_text("Certificado válido").is_visible()
    assert page.get_by_text("Nanda Oliveira").is_visible()
    assert_accessible(page)

    # Anyone (here, logged out) can type the code, loosely, and get the same answer.
    page.context.clear_cookies()
    page.goto(live_server.url + "/certificates/verify/")
    assert_accessible(page)
    page.get_by_label("Código de verificação").fill(certificate.display_code.lower())
    page.get_by_role("button", name="Verificar", exact=True).click()
    assert page.get_by_text("Certificado válido").is_visible()
    page.goto(live_server.url + "/certificates/verify/NAO-E-UM-CODIGO/")
    assert page.get_by_text("Este não é um código de verificação").is_visible()
    assert_accessible(page)
