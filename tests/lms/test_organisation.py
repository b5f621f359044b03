"""Organisational units (a tree) and territories, and their admin."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from lms.models import OrganisationalUnit, Territory
from lms.roles import Role

pytestmark = pytest.mark.django_db


def test_the_32_subprefeituras_are_there_with_their_real_names():
    names = set(Territory.objects.values_list("name", flat=True))
    assert len(names) == 32
    assert {"Sé", "M'Boi Mirim", "Jaçanã/Tremembé", "Cidade Tiradentes", "Parelheiros"} <= names


def test_subtree_is_the_unit_and_everything_under_it(organisation):
    subtree = set(OrganisationalUnit.objects.subtree(organisation["sms"]))
    assert subtree == {organisation[k] for k in ("sms", "crs_norte", "ubs", "crs_sul")}
    assert organisation["ubs"].secretariat() == organisation["sms"]
    assert set(OrganisationalUnit.objects.secretariats()) == {
        organisation["sms"],
        organisation["sme"],
    }


def test_adding_a_unit_never_moves_existing_ones(organisation):
    before = {u.pk: u.path for u in OrganisationalUnit.objects.all()}
    OrganisationalUnit.add_root(acronym="AAA", name="Primeira em ordem alfabética")
    organisation["sms"].add_child(acronym="A", name="Unidade A")
    after = {u.pk: u.path for u in OrganisationalUnit.objects.filter(pk__in=before)}
    assert after == before


def test_administrator_adds_a_unit_under_a_parent_in_the_admin(client, make_person, organisation):
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    add_url = reverse("organisational_units:add")
    assert client.get(add_url).status_code == HTTPStatus.OK
    response = client.post(
        add_url,
        {
            "acronym": "UBS",
            "name": "UBS Nova",
            "kind": "unit",
            "territory": "",
            "parent": organisation["crs_sul"].pk,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    unit = OrganisationalUnit.objects.get(name="UBS Nova")
    assert unit.get_parent() == organisation["crs_sul"]
    assert unit in OrganisationalUnit.objects.subtree(organisation["sms"])

    response = client.post(
        add_url,
        {"acronym": "SMIT", "name": "Secretaria de Inovação", "kind": "secretariat", "parent": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert OrganisationalUnit.objects.get(acronym="SMIT").depth == 1


def test_unit_form_errors_are_shown_not_raised(client, make_person, organisation):
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    response = client.post(reverse("organisational_units:add"), {"acronym": "", "name": ""})
    assert response.status_code == HTTPStatus.OK
    assert "Este campo é obrigatório." in response.content.decode()


def test_trainers_cannot_edit_the_organisation(client, make_person):
    client.force_login(make_person(role=Role.TRAINER))
    response = client.get(reverse("organisational_units:add"))
    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
