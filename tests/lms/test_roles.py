"""Roles as groups and managers' scopes."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.models import User
from lms.roles import Role
from lms.scopes import manager_scope

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_and_only_they():
    assert set(Group.objects.values_list("name", flat=True)) == {r.value for r in Role}


def test_trainers_managers_and_administrators_reach_the_admin(client, make_person):
    for role in (Role.TRAINER, Role.MANAGER, Role.ADMINISTRATOR):
        client.force_login(make_person(role=role))
        assert client.get(reverse("wagtailadmin_home")).status_code == HTTPStatus.OK, role
        client.logout()


def test_a_learner_in_the_admin_is_told_why_not_looped_back(client, make_person):
    client.force_login(make_person(role=Role.LEARNER))
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert len(response.redirect_chain) == 1
    assert "Sem acesso à área da equipe" in response.content.decode()


def test_anonymous_visitor_of_the_admin_is_sent_to_the_site_log_in(client):
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "next=/admin/" in response.redirect_chain[-1][0]


def test_only_administrators_manage_people(client, make_person):
    for role, expected in [
        (Role.TRAINER, HTTPStatus.FOUND),
        (Role.MANAGER, HTTPStatus.FOUND),
        (Role.ADMINISTRATOR, HTTPStatus.OK),
    ]:
        client.force_login(make_person(role=role))
        response = client.get(reverse("wagtailusers_users:index"))
        assert response.status_code == expected, role
        client.logout()


def test_manager_scope_is_the_managed_unit_subtree(make_person, organisation):
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["sms"])
    in_ubs = make_person(unit=organisation["ubs"])
    in_crs_sul = make_person(unit=organisation["crs_sul"])
    in_sme = make_person(unit=organisation["dre"])
    nowhere = make_person()

    scope = manager_scope(manager)
    assert not scope.is_city_wide
    assert set(scope.people()) >= {in_ubs, in_crs_sul}
    assert in_sme not in scope.people()
    assert nowhere not in scope.people()
    assert scope.covers(organisation["ubs"]) and not scope.covers(organisation["sme"])
    assert not scope.covers(None)

    narrow = manager_scope(make_person(role=Role.MANAGER, managed_unit=organisation["crs_norte"]))
    assert set(narrow.people()) == {in_ubs}


def test_manager_without_unit_and_administrators_see_the_whole_city(make_person, organisation):
    city = manager_scope(make_person(role=Role.MANAGER))
    admin = manager_scope(make_person(role=Role.ADMINISTRATOR))
    someone = make_person(unit=organisation["dre"])
    for scope in (city, admin):
        assert scope.is_city_wide
        assert someone in scope.people()
        assert scope.covers(None)


def test_learners_and_trainers_have_no_manager_scope(make_person, organisation):
    assert manager_scope(make_person(role=Role.LEARNER)) is None
    assert manager_scope(make_person(role=Role.TRAINER, managed_unit=organisation["sms"])) is None


def test_administrator_sets_a_managers_scope_in_the_admin(client, make_person, organisation):
    admin = make_person(role=Role.ADMINISTRATOR)
    manager = make_person(role=Role.MANAGER, email="gestora@prefeitura.test", full_name="Gestora")
    client.force_login(admin)
    edit_url = reverse("wagtailusers_users:edit", args=[manager.pk])
    page = client.get(edit_url)
    assert page.status_code == HTTPStatus.OK
    assert "Unidade sob gestão" in page.content.decode()
    response = client.post(
        edit_url,
        {
            "email": manager.email,
            "full_name": "Gestora",
            "social_name": "",
            "registration_number": "",
            "job_title": "",
            "unit": "",
            "territory": "",
            "managed_unit": organisation["crs_norte"].pk,
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.MANAGER.value).pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    manager.refresh_from_db()
    assert manager.managed_unit == organisation["crs_norte"]
    assert manager_scope(manager).unit == organisation["crs_norte"]


def test_administrator_finds_people_by_name_or_registration_number(client, make_person):
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    make_person(full_name="Rosa Benedita", registration_number="778899")
    make_person(full_name="Carlos Alberto")
    for query in ("Benedita", "778899"):
        body = client.get(reverse("wagtailusers_users:index"), {"q": query}).content.decode()
        assert "Rosa Benedita" in body, query
        assert "Carlos Alberto" not in body, query


def test_trainers_upload_images_and_documents_for_their_courses(client, make_person):
    client.force_login(make_person(role=Role.TRAINER))
    assert client.get(reverse("wagtailimages:add")).status_code == HTTPStatus.OK
    assert client.get(reverse("wagtaildocs:add")).status_code == HTTPStatus.OK


def test_administrator_creates_a_person_in_the_admin(client, make_person, organisation):
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    add_url = reverse("wagtailusers_users:add")
    assert "Nome social" in client.get(add_url).content.decode()
    response = client.post(
        add_url,
        {
            "email": "Nova.Pessoa@Prefeitura.test",
            "full_name": "Nova Pessoa",
            "social_name": "",
            "registration_number": "9001",
            "job_title": "Assistente social",
            "unit": organisation["crs_sul"].pk,
            "territory": "",
            "managed_unit": "",
            "groups": [Group.objects.get(name=Role.LEARNER.value).pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    person = User.objects.get(registration_number="9001")
    assert person.is_active
    assert person.email == "nova.pessoa@prefeitura.test"
    assert person.unit == organisation["crs_sul"]
    # They choose their password from the invitation (tests/lms/test_people_admin.py).
    assert not person.has_usable_password()


def test_people_list_sorts_by_the_name_shown(client, make_person):
    client.force_login(make_person(role=Role.ADMINISTRATOR, full_name="Zé Admin"))
    make_person(full_name="Ana Registro", social_name="Yara Social")
    make_person(full_name="Bruno Beta")
    body = client.get(reverse("wagtailusers_users:index"), {"ordering": "name"}).content.decode()
    assert body.index("Bruno Beta") < body.index("Yara Social") < body.index("Zé Admin")


# --- A role taken away holds from the next request (nothing about roles is kept between them)


def _menu(client) -> str:
    return client.get(reverse("my_learning")).content.decode()


def test_a_role_taken_away_leaves_the_menu_and_the_trainer_area_at_once(client, make_person):
    trainer = make_person(role=Role.TRAINER)
    client.force_login(trainer)
    assert "Minhas turmas" in _menu(client) and "Administração" in _menu(client)
    trainer.groups.remove(Group.objects.get(name=Role.TRAINER))
    body = _menu(client)
    assert "Minhas turmas" not in body and "Administração" not in body
    assert client.get(reverse("my_classes")).status_code == HTTPStatus.FORBIDDEN


def test_a_deleted_group_takes_its_role_away(client, make_person):
    client.force_login(make_person(role=Role.TRAINER))
    assert "Minhas turmas" in _menu(client)
    Group.objects.get(name=Role.TRAINER).delete()
    assert "Minhas turmas" not in _menu(client)
    assert "Administração" not in _menu(client)


def test_a_learner_is_offered_neither_the_administration_nor_the_trainer_area(client, make_person):
    client.force_login(make_person(role=Role.LEARNER))
    body = _menu(client)
    assert "Minha aprendizagem" in body
    assert "Minhas turmas" not in body and "Administração" not in body
