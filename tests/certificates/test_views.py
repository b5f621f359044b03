"""Public verification, downloads and "My learning", as people use them."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from lms.roles import Role
from tests.conftest import pdf_text

pytestmark = pytest.mark.django_db


def verify_url(certificate, **query):
    url = reverse("certificate_verify", args=[certificate.display_code])
    return url + ("?format=json" if query.get("json") else "")


def test_a_valid_certificate_says_so_with_only_the_public_facts(client, certified, organisation):
    certificate = certified(
        full_name="Ana Paula Souza",
        registration_number="555123-9",
        unit=organisation["ubs"],
        email="ana.souza@prefeitura.test",
    )
    response = client.get(verify_url(certificate))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Certificado válido" in html
    for fact in (
        "Ana Paula Souza",
        certificate.course_title,
        certificate.display_code,
        "Prefeitura de São Paulo",
        certificate.completed_on.strftime("%d/%m/%Y"),
    ):
        assert fact in html
    for private in ("ana.souza@prefeitura.test", "555123-9", "UBS Casa Verde"):
        assert private not in html

    data = client.get(verify_url(certificate, json=True)).json()
    assert data == {
        "code": certificate.display_code,
        "status": "valid",
        "name": "Ana Paula Souza",
        "course": certificate.course_title,
        "workload_hours": float(certificate.workload_hours),
        "completed_on": certificate.completed_on.isoformat(),
        "issuing_body": "Prefeitura de São Paulo",
    }


def test_the_code_can_be_typed_loosely(client, certified):
    certificate = certified()
    loose = certificate.display_code.lower().replace("-", " ")
    response = client.get(reverse("certificate_verify_form"), {"code": loose})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == verify_url(certificate)
    assert (
        client.get(reverse("certificate_verify", args=[certificate.code.lower()])).status_code
        == 200
    )


def test_a_revoked_certificate_shows_the_date_and_the_reason(client, certified, make_person):
    certificate = certified()
    services.certificate_revoke(
        certificate=certificate,
        reason="Conclusão registrada por engano",
        actor=make_person(role=Role.ADMINISTRATOR),
        now=timezone.make_aware(datetime.datetime(2025, 3, 14, 10, 0)),
    )
    html = client.get(verify_url(certificate)).content.decode()
    assert "Certificado revogado" in html
    assert "14/03/2025" in html and "Conclusão registrada por engano" in html
    data = client.get(verify_url(certificate, json=True)).json()
    assert data["status"] == "revoked"
    assert data["revoked_on"] == "2025-03-14"
    assert data["revocation_reason"] == "Conclusão registrada por engano"


def test_an_expired_certificate_says_when_it_expired(client, certified, make_course):
    certificate = certified(course=make_course(lessons=1, certificate_validity_months=12))
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=datetime.date(2024, 6, 30))
    html = client.get(verify_url(certificate)).content.decode()
    assert "Certificado expirado" in html and "30/06/2024" in html
    data = client.get(verify_url(certificate, json=True)).json()
    assert data["status"] == "expired" and data["valid_until"] == "2024-06-30"


@pytest.mark.parametrize(
    ("code", "status", "message", "json_status"),
    [
        (
            "7K3M-Q9XD-2HRT-B8WN-FA4C",
            HTTPStatus.NOT_FOUND,
            "Nenhum certificado tem este código",
            "unknown",
        ),
        ("1234", HTTPStatus.BAD_REQUEST, "Este não é um código de verificação", "malformed"),
        (
            "<script>alert(1)<script>",
            HTTPStatus.BAD_REQUEST,
            "Este não é um código de verificação",
            "malformed",
        ),
        ("Ç" * 300, HTTPStatus.BAD_REQUEST, "Este não é um código de verificação", "malformed"),
    ],
)
def test_unknown_and_malformed_codes_get_a_clear_page(
    client, db, code, status, message, json_status
):
    url = f"/certificates/verify/{code}/"
    response = client.get(url)
    assert response.status_code == status
    assert message in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    json_response = client.get(url, {"format": "json"})
    assert json_response.status_code == status
    assert json_response.json() == {"status": json_status}


def test_a_code_with_a_nul_byte_is_refused_on_arrival(client, db):
    # Before the view (lms.request_guards): the site's 400 page, for the page and the JSON.
    for query in ({}, {"format": "json"}):
        response = client.get("/certificates/verify/%00%27%22/", query)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Não foi possível entender este pedido" in response.content.decode()


def test_typing_something_that_is_not_a_code_explains_the_format(client, db):
    response = client.get(reverse("certificate_verify_form"), {"code": "abc"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "20 letras e números" in html and 'aria-invalid="true"' in html


def test_verification_is_rate_limited_per_client(client, certified, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = "3/m"
    certificate = certified()
    for _ in range(3):
        assert client.get(verify_url(certificate)).status_code == HTTPStatus.OK
    limited = client.get(verify_url(certificate))
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Muitas verificações" in limited.content.decode()
    assert client.get(verify_url(certificate, json=True)).json()["status"] == "rate_limited"
    other_client = client.__class__(REMOTE_ADDR="10.1.2.3")
    assert other_client.get(verify_url(certificate)).status_code == HTTPStatus.OK


# --- Downloads ----------------------------------------------------------------------------------


def download(client, certificate):
    return client.get(reverse("certificate_download", args=[certificate.display_code]))


def test_the_holder_downloads_their_pdf(client, certified):
    certificate = certified(full_name="Carla Dias")
    client.force_login(certificate.enrollment.user)
    response = download(client, certificate)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = response.content
    assert "Carla Dias" in pdf_text(body)


def test_anonymous_people_are_sent_to_log_in(client, certified):
    response = download(client, certified())
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "managed", "allowed"),
    [
        (Role.LEARNER, None, False),
        (Role.TRAINER, None, False),
        (Role.MANAGER, "sms", True),  # the completion was recorded at a UBS under SMS
        (Role.MANAGER, "crs_norte", True),
        (Role.MANAGER, "crs_sul", False),  # another branch of SMS
        (Role.MANAGER, "sme", False),
        (Role.MANAGER, None, True),  # city-wide
        (Role.ADMINISTRATOR, None, True),
    ],
)
def test_who_else_may_download(
    client, certified, make_person, organisation, role, managed, allowed
):
    certificate = certified(unit=organisation["ubs"])
    other = make_person(role=role, managed_unit=organisation[managed] if managed else None)
    client.force_login(other)
    response = download(client, certificate)
    assert response.status_code == (HTTPStatus.OK if allowed else HTTPStatus.NOT_FOUND)


def test_a_later_transfer_does_not_move_who_may_download(
    client, certified, make_person, organisation
):
    certificate = certified(unit=organisation["ubs"])
    person = certificate.enrollment.user
    person.unit = organisation["dre"]  # moved to education after completing
    person.save()
    client.force_login(make_person(role=Role.MANAGER, managed_unit=organisation["sms"]))
    assert download(client, certificate).status_code == HTTPStatus.OK
    client.force_login(make_person(role=Role.MANAGER, managed_unit=organisation["sme"]))
    assert download(client, certificate).status_code == HTTPStatus.NOT_FOUND


def test_a_revoked_certificate_cannot_be_downloaded_by_its_holder(client, certified, make_person):
    certificate = certified()
    services.certificate_revoke(
        certificate=certificate, reason="Erro", actor=make_person(role=Role.ADMINISTRATOR)
    )
    client.force_login(certificate.enrollment.user)
    assert download(client, certificate).status_code == HTTPStatus.NOT_FOUND
    html = client.get(reverse("my_learning")).content.decode()
    assert "Certificado revogado" in html and "Erro" in html


def test_bad_codes_in_the_download_url_are_not_found(client, make_person):
    client.force_login(make_person())
    for code in ("nada", "7K3M-Q9XD-2HRT-B8WN-FA4C"):
        assert client.get(f"/certificates/{code}/pdf/").status_code == HTTPStatus.NOT_FOUND


def test_my_learning_lists_each_certificate_with_its_download_and_code(
    client, certified, make_course
):
    first = certified(course=make_course(title="Curso A", lessons=1))
    second = certified(person=first.enrollment.user, course=make_course(title="Curso B", lessons=1))
    client.force_login(first.enrollment.user)
    html = client.get(reverse("my_learning")).content.decode()
    for certificate in (first, second):
        assert reverse("certificate_download", args=[certificate.display_code]) in html
        assert verify_url(certificate) in html
    assert "Baixar certificado" in html


def test_my_learning_reads_certificates_in_constant_queries(
    client, certified, make_course, django_assert_max_num_queries, settings
):
    person = certified().enrollment.user
    client.force_login(person)
    client.get(reverse("my_learning"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("my_learning"))
    one_course = len(few.captured_queries)
    for _ in range(4):
        certified(person=person, course=make_course(lessons=1))
    client.get(reverse("my_learning"))  # the new courses' lessons read once, then kept
    with django_assert_max_num_queries(one_course):
        client.get(reverse("my_learning"))


def test_other_learners_never_see_my_certificate_on_their_page(client, certified, make_person):
    certificate = certified()
    client.force_login(make_person())
    assert certificate.display_code not in client.get(reverse("my_learning")).content.decode()


# --- Back office ---------------------------------------------------------------------------------


def test_an_administrator_revokes_from_the_admin_with_a_reason(client, certified, make_person):
    certificate = certified()
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    url = reverse("certificates:revoke", args=[certificate.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == HTTPStatus.OK
    assert "Este campo é obrigatório" in refused.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    response = client.post(url, {"reason": "Duplicidade de cadastro"})
    assert response.status_code == HTTPStatus.FOUND
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Duplicidade de cadastro"
    page = client.get(reverse("certificates:inspect", args=[certificate.pk])).content.decode()
    assert "Duplicidade de cadastro" in page and "Revogado" in page


def test_an_administrator_reissues_after_a_name_correction(
    client, certified, make_person, django_capture_on_commit_callbacks
):
    certificate = certified(full_name="Jose Perez")
    person = certificate.enrollment.user
    person.social_name = "Josefa Pérez"
    person.save()
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    url = reverse("certificates:reissue", args=[certificate.pk])
    page = client.get(url).content.decode()
    assert "Jose Perez" in page and "Josefa Pérez" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Nome social"})
    assert response.status_code == HTTPStatus.FOUND
    certificate.refresh_from_db()
    assert certificate.holder_name == "Josefa Pérez" and certificate.version == 2
    history = client.get(reverse("certificates:inspect", args=[certificate.pk])).content.decode()
    assert "Jose Perez" in history and "Josefa Pérez" in history and "Nome social" in history


def test_managers_see_their_scope_in_the_admin_but_cannot_revoke(
    client, certified, make_person, organisation
):
    mine = certified(unit=organisation["ubs"], full_name="Pessoa da Saúde")
    theirs = certified(unit=organisation["dre"], full_name="Pessoa da Educação")
    client.force_login(make_person(role=Role.MANAGER, managed_unit=organisation["sms"]))
    listing = client.get(reverse("certificates:index")).content.decode()
    assert "Pessoa da Saúde" in listing and "Pessoa da Educação" not in listing
    assert client.get(reverse("certificates:inspect", args=[mine.pk])).status_code == 200
    assert client.get(reverse("certificates:inspect", args=[theirs.pk])).status_code == 404
    for name in ("certificates:revoke", "certificates:reissue"):
        # Wagtail turns the refusal into a redirect to the admin home with a message.
        response = client.post(reverse(name, args=[mine.pk]), {"reason": "x"}, follow=True)
        assert response.redirect_chain[0][0] == reverse("wagtailadmin_home")
        assert "permissão" in response.content.decode()
    mine.refresh_from_db()
    assert mine.revoked_at is None and mine.version == 1


def test_learners_and_trainers_have_no_certificate_admin(client, certified, make_person):
    certificate = certified()
    for role in (Role.LEARNER, Role.TRAINER):
        client.force_login(make_person(role=role))
        for url in (
            reverse("certificates:index"),
            reverse("certificates:inspect", args=[certificate.pk]),
            reverse("certificate_archives:index"),
        ):
            response = client.get(url)
            # Learners are sent away from the admin; trainers find nothing there.
            assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.NOT_FOUND), url
            assert certificate.holder_name not in response.content.decode()


def test_an_admin_finds_a_certificate_by_its_code_as_typed(client, certified, make_person):
    certificate = certified(full_name="Lúcia Achados")
    certified(full_name="Outra Pessoa")
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    typed = certificate.display_code.lower()
    listing = client.get(reverse("certificates:index"), {"q": typed}).content.decode()
    assert "Lúcia Achados" in listing and "Outra Pessoa" not in listing


def test_a_manager_asks_for_a_zip_follows_its_progress_and_downloads_it(
    client, certified, make_person, organisation, django_capture_on_commit_callbacks
):
    certified(unit=organisation["ubs"])
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["sms"])
    client.force_login(manager)
    assert client.get(reverse("certificate_archives:index")).status_code == HTTPStatus.OK
    refused = client.post(
        reverse("certificate_archives:index"),
        {"completed_from": "2025-05-01", "completed_to": "2025-04-01"},
    )
    assert "antes" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificate_archives:index"), {})
    assert response.status_code == HTTPStatus.FOUND
    detail = client.get(response.url)
    assert detail.status_code == HTTPStatus.OK
    assert "<progress" in detail.content.decode()
    state = client.get(response.url, {"format": "json"}).json()
    assert state["status"] == "done" and state["percent"] == 100 and state["total"] == 1
    zipped = client.get(state["download_url"])
    assert zipped.status_code == HTTPStatus.OK
    assert zipped["Content-Type"] == "application/zip"

    # Another manager cannot reach this ZIP, even knowing its address.
    client.force_login(make_person(role=Role.MANAGER))
    assert client.get(state["download_url"]).status_code == HTTPStatus.NOT_FOUND
    assert client.get(response.url).status_code == HTTPStatus.NOT_FOUND


def test_verification_goes_on_when_the_rate_limiter_cannot_count(client, certified, monkeypatch):
    from certificates import views

    certificate = certified()

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(views.ratelimit, "consume", unreachable)
    response = client.get(verify_url(certificate))
    assert response.status_code == HTTPStatus.OK
    assert "Certificado válido" in response.content.decode()


def test_an_unknown_code_is_kept_in_the_form_to_correct_it(client, db):
    html = client.get("/certificates/verify/7K3M-Q9XD-2HRT-B8WN-FA4C/").content.decode()
    assert 'value="7K3M-Q9XD-2HRT-B8WN-FA4C"' in html


def test_a_person_with_certificates_is_not_deleted_from_the_admin(client, certified, make_person):
    certificate = certified(full_name="Ivone Lara")
    person = certificate.enrollment.user
    client.force_login(make_person(role=Role.ADMINISTRATOR, is_superuser=True))
    response = client.post(reverse("wagtailusers_users:delete", args=[person.pk]), follow=True)
    assert "Ivone Lara tem certificados" in response.content.decode()
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_the_footer_links_to_verification(client, db):
    html = client.get("/").content.decode()
    assert f'href="{reverse("certificate_verify_form")}"' in html
    assert "Verificar um certificado" in html
