"""The profile page: a person completes and corrects their own data, and reads the LGPD notice."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from lms.models import Territory

pytestmark = pytest.mark.django_db


def test_profile_needs_log_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_person_completes_profile_and_social_name_replaces_full_name(
    client, make_person, organisation
):
    person = make_person(full_name="João Carlos Lima")
    client.force_login(person)
    territory = Territory.objects.get(code="se")
    response = client.post(
        reverse("profile"),
        {
            "full_name": "João Carlos Lima",
            "social_name": "Joana Lima",
            "registration_number": " 123.456-7 ",
            "job_title": "Enfermeira",
            "unit": organisation["ubs"].pk,
            "territory": territory.pk,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Seu perfil foi salvo." in body
    person.refresh_from_db()
    assert person.registration_number == "123.456-7"
    assert person.unit == organisation["ubs"]
    assert person.territory == territory
    assert person.display_name == "Joana Lima"

    home = client.get("/").content.decode()
    assert "Olá, Joana Lima." in home
    assert "João Carlos Lima" not in home


def test_units_are_listed_as_a_tree(client, make_person, organisation):
    client.force_login(make_person())
    body = client.get(reverse("profile")).content.decode()
    sms = body.index("SMS – Secretaria Municipal da Saúde")
    crs = body.index("CRS Norte – Coordenadoria Regional Norte")
    ubs = body.index("UBS – UBS Casa Verde")
    sme = body.index("SME – Secretaria Municipal de Educação")
    dre = body.index("DRE Penha – Diretoria Regional Penha")
    assert sms < crs < ubs < sme < dre


def test_registration_number_taken_by_someone_else_is_refused_clearly(client, make_person):
    make_person(registration_number="555")
    person = make_person(full_name="Outra Pessoa")
    client.force_login(person)
    response = client.post(
        reverse("profile"), {"full_name": "Outra Pessoa", "registration_number": "555"}
    )
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Outra pessoa já tem esta matrícula." in body
    # Shown on the field itself, tied to its input for screen readers.
    assert 'id="id_registration_number_error"' in body
    person.refresh_from_db()
    assert person.registration_number == ""


def test_empty_registration_numbers_do_not_collide(client, make_person):
    make_person(registration_number="")
    person = make_person(full_name="Sem Matrícula")
    client.force_login(person)
    response = client.post(
        reverse("profile"), {"full_name": "Sem Matrícula", "registration_number": ""}
    )
    assert response.status_code == HTTPStatus.FOUND


def test_full_name_is_required(client, make_person):
    person = make_person(full_name="Nome Antigo")
    client.force_login(person)
    response = client.post(reverse("profile"), {"full_name": "   "})
    assert "Este campo é obrigatório." in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Nome Antigo"


def test_profile_explains_personal_data_in_plain_language(client, make_person):
    client.force_login(make_person())
    body = client.get(reverse("profile")).content.decode()
    assert "Seus dados pessoais (LGPD)" in body
    assert "Relatórios públicos mostram apenas totais" in body


def test_profile_only_ever_edits_the_logged_in_person(client, make_person):
    me, other = make_person(full_name="Eu Mesma"), make_person(full_name="Outra")
    client.force_login(me)
    client.post(
        reverse("profile"),
        {"full_name": "Nome Novo", "pk": other.pk, "id": other.pk, "email": other.email},
    )
    other.refresh_from_db()
    me.refresh_from_db()
    assert other.full_name == "Outra"
    assert me.full_name == "Nome Novo"
    assert me.email != other.email
