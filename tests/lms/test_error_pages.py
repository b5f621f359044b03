"""Every refusal and failure is the site's own page, in the person's language, with a way on.

An error of ours and a database that cannot be reached get different pages that need no
service to be shown (the first tests are not allowed the database: a page that touched it
would fail them). Refusals (400, 403, 404, 405, 429, a failed CSRF check) are shown inside the
site's layout, with its header, a heading that says what happened, and links onwards: the
home page, and the person's learning (or logging in).
"""

import base64
import hashlib
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from lms.errors import server_error
from lms.roles import Role


def page_for(error: Exception, language: str | None = None):
    request = RequestFactory().get("/cursos/")
    if language:
        request.COOKIES["capacita_language"] = language
    try:
        raise error
    except Exception:  # noqa: BLE001 - handler500 runs inside the handling of any error
        return server_error(request)


def test_a_database_that_cannot_be_reached_is_a_503_with_a_retry():
    response = page_for(OperationalError("connection refused"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Capacita está indisponível por alguns instantes" in body
    assert "não foi salvo" in body  # a form being sent is not claimed to be kept


def test_an_error_of_ours_is_a_500():
    response = page_for(ValueError("a bug"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Algo deu errado" in response.content.decode()
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("language", "lang", "heading"),
    [
        (None, "pt-br", "Algo deu errado"),
        ("en", "en", "Something went wrong"),
        ("es", "es", "Algo salió mal"),
        ("xx", "pt-br", "Algo deu errado"),
    ],
)
def test_the_500_page_follows_the_language_cookie_without_any_service(language, lang, heading):
    page = facts(page_for(ValueError("a bug"), language))
    assert page.lang == lang
    assert page.h1 == heading
    # A way on: the home page, and the page that failed, to try again.
    assert ("/", "Capacita") in page.links
    assert "/cursos/" in page.hrefs and "/" in page.hrefs


def test_the_503_page_follows_the_language_cookie_too():
    page = facts(page_for(OperationalError("connection refused"), "en"))
    assert page.lang == "en"
    assert page.h1 == "Capacita is briefly unavailable"


def test_the_outage_pages_inline_style_is_allowed_by_its_hash_not_by_an_exemption():
    """The policy (no script at all) still covers the 500 and 503 pages; only their one
    inline style is added to it, by the hash of what the page holds."""
    for error in (ValueError("a bug"), OperationalError("down")):
        response = page_for(error)
        assert not getattr(response, "_csp_exempt", False)
        (style,) = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.S)
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert response._csp_update == {"style-src": [f"'sha256-{digest}'"]}
        assert "<script" not in response.content.decode()


def log_uncaught(error: Exception, caplog) -> list:
    import logging

    try:
        raise error
    except Exception:  # noqa: BLE001 - as Django logs any uncaught error
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/cursos/", exc_info=True
        )
    return [r for r in caplog.records if r.name == "django.request"]


def test_an_outage_logs_one_line_per_request_not_a_traceback(caplog):
    (record,) = log_uncaught(OperationalError("connection refused\nIs the server running?"), caplog)
    assert record.levelname == "WARNING"
    assert record.getMessage() == (
        "Database unreachable, answered 503: /cursos/ (connection refused)"
    )
    assert record.exc_info is None


def test_an_error_of_ours_keeps_its_traceback(caplog):
    (record,) = log_uncaught(ValueError("a bug"), caplog)
    assert record.levelname == "ERROR"
    assert record.exc_info[0] is ValueError


# --- What a page shows ---------------------------------------------------------------------


class _PageFacts(HTMLParser):
    """The few things a person notices first: the language, the site's header, the heading,
    and where the links go."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.has_site_header = False
        self.h1 = ""
        self.links: list[tuple[str, str]] = []
        self._in_h1 = False
        self._href = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "header" and "site-header" in (attrs.get("class") or ""):
            self.has_site_header = True
        if tag == "h1":
            self._in_h1 = True
        if tag == "a":
            self._href, self._text = attrs.get("href"), ""

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text.split())))
            self._href = None

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data
        if self._href is not None:
            self._text += data

    @property
    def hrefs(self) -> set[str]:
        return {href for href, _text in self.links}


def facts(response) -> _PageFacts:
    parser = _PageFacts()
    parser.feed(response.content.decode())
    parser.h1 = " ".join(parser.h1.split())
    return parser


def in_language(client: Client, language: str | None) -> Client:
    if language:
        client.cookies["capacita_language"] = language
    return client


FORBIDDEN = {
    None: ("pt-br", "Você não tem acesso a esta página", "Ir para Minha aprendizagem"),
    "en": ("en", "You do not have access to this page", "Go to My learning"),
    "es": ("es", "No tiene acceso a esta página", "Ir a Mi aprendizaje"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(FORBIDDEN))
@pytest.mark.parametrize("path", ["/turmas/", "/admin/people-import/", "/admin/audit/"])
def test_a_learner_refused_a_staff_page_gets_the_site_s_403_in_their_language(
    client, make_person, language, path
):
    """Found by the penetration test: a learner opening /turmas/ or /admin/people-import/
    got a bare English "403 Forbidden", without the site's header or a way back."""
    client.force_login(make_person())
    response = in_language(client, language).get(path)
    assert response.status_code == HTTPStatus.FORBIDDEN
    lang, heading, my_learning = FORBIDDEN[language]
    page = facts(response)
    assert page.lang == lang
    assert page.has_site_header
    assert page.h1 == heading
    assert (reverse("my_learning"), my_learning) in page.links
    assert "/" in page.hrefs
    assert "Forbidden" not in response.content.decode()


@pytest.mark.django_db
def test_staff_refused_a_page_are_offered_the_staff_area_too(client, make_person):
    client.force_login(make_person(role=Role.TRAINER))
    response = client.get(reverse("audit_log"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = facts(response)
    assert (reverse("wagtailadmin_home"), "Ir para a área da equipe") in page.links
    assert reverse("my_learning") in page.hrefs


NOT_FOUND = {
    None: ("pt-br", "Página não encontrada", "Ir para a página inicial"),
    "en": ("en", "Page not found", "Go to the home page"),
    "es": ("es", "Página no encontrada", "Ir a la página de inicio"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(NOT_FOUND))
def test_a_missing_page_is_the_site_s_404_in_the_visitor_s_language(client, language):
    response = in_language(client, language).get("/nao-existe/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    lang, heading, home = NOT_FOUND[language]
    page = facts(response)
    assert (page.lang, page.h1) == (lang, heading)
    assert page.has_site_header
    assert ("/", home) in page.links


@pytest.mark.django_db
def test_a_missing_object_offers_a_learner_their_learning(client, make_person):
    client.force_login(make_person())
    response = client.get(reverse("class_detail", args=[987654]))
    assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN)
    page = facts(response)
    assert page.has_site_header
    assert (reverse("my_learning"), "Ir para Minha aprendizagem") in page.links


@pytest.mark.django_db
def test_a_nul_byte_is_the_site_s_400_in_the_visitor_s_language(client):
    response = client.get("/cursos/", {"q": "a\x00b"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = facts(response)
    assert page.lang == "pt-br"
    assert page.has_site_header
    assert page.h1 == "Não foi possível entender este pedido"
    assert ("/", "Ir para a página inicial") in page.links
    english = facts(in_language(client, "en").get("/cursos/", {"q": "a\x00b"}))
    assert (english.lang, english.h1) == ("en", "This request could not be understood")


@pytest.mark.django_db
def test_an_unknown_host_is_a_400_page_not_a_500(client):
    response = client.get("/", HTTP_HOST="impostor.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert facts(response).h1 == "Não foi possível entender este pedido"


@pytest.mark.django_db
def test_a_button_s_address_opened_as_a_page_is_explained(client, make_person, make_course):
    """After logging in from a button (enrol), the browser opens its address with GET:
    Django's answer was an empty 405 page."""
    client.force_login(make_person())
    response = client.get(reverse("enrol", args=[make_course().pk]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"
    page = facts(response)
    assert page.has_site_header
    assert page.h1 == "Este endereço não é uma página"
    assert reverse("my_learning") in page.hrefs


@pytest.mark.django_db
def test_a_form_sent_with_an_expired_token_says_so_in_portuguese(make_person):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("account_login"), {"login": "a@b.test", "password": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = facts(response)
    assert page.lang == "pt-br"
    assert page.has_site_header
    assert page.h1 == "Seu formulário expirou"
    assert "CSRF" not in response.content.decode()
    # The page hands out a fresh token: sending the form again from it works.
    assert "csrftoken" in response.cookies


@pytest.mark.django_db
def test_too_many_attempts_are_the_site_s_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post(reverse("account_login"), {"login": "a@b.test", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "a@b.test", "password": "x"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = facts(response)
    assert page.has_site_header
    assert page.h1 == "Tentativas demais"
    assert "/" in page.hrefs


@pytest.mark.django_db
def test_a_500_through_the_whole_stack_is_the_person_s_language_under_the_policy(
    make_person, monkeypatch
):
    def broken(user):
        raise ValueError("a bug")

    monkeypatch.setattr("lms.views.personal_data", broken)
    browser = Client(raise_request_exception=False)
    browser.force_login(make_person())
    browser.cookies["capacita_language"] = "es"
    response = browser.get(reverse("my_data"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = facts(response)
    assert (page.lang, page.h1) == ("es", "Algo salió mal")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "'sha256-" in policy
