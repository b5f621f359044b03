"""What a person may do is kept between requests (lms.account_facts), and a role or a
permission taken away holds from the very next request."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.roles import Role

pytestmark = pytest.mark.django_db

ADMIN_LINK = "Administração"
CLASSES_LINK = "Minhas turmas"


@pytest.fixture
def trainer(client, make_person, settings):
    """A trainer, signed in, whose pages are rendered every time (their page cache off), so
    the menu below is worked out on each request."""
    settings.LEARNER_PAGE_CACHE_TIMEOUT = 0
    person = make_person(role=Role.TRAINER)
    client.force_login(person)
    return person


def menu(client) -> str:
    return client.get(reverse("my_learning")).content.decode()


def test_the_second_request_asks_the_database_nothing_about_roles(client, trainer):
    assert CLASSES_LINK in menu(client)
    with CaptureQueriesContext(connection) as queries:
        body = menu(client)
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert CLASSES_LINK in body and ADMIN_LINK in body
    assert "auth_group" not in asked and "auth_permission" not in asked


def test_a_role_taken_away_leaves_the_menu_and_the_trainer_area_at_once(client, trainer):
    assert CLASSES_LINK in menu(client) and ADMIN_LINK in menu(client)
    trainer.groups.remove(Group.objects.get(name=Role.TRAINER))
    body = menu(client)
    assert CLASSES_LINK not in body and ADMIN_LINK not in body
    assert client.get(reverse("my_classes")).status_code == HTTPStatus.FORBIDDEN


def test_a_permission_taken_from_the_group_holds_at_once(client, trainer):
    assert ADMIN_LINK in menu(client)
    group = Group.objects.get(name=Role.TRAINER)
    group.permissions.remove(Permission.objects.get(codename="access_admin"))
    assert ADMIN_LINK not in menu(client)
    assert client.get("/admin/").status_code == HTTPStatus.FOUND  # to the log-in page


def test_a_deleted_group_takes_its_role_away(client, trainer, django_capture_on_commit_callbacks):
    assert CLASSES_LINK in menu(client)
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.get(name=Role.TRAINER).delete()
    assert CLASSES_LINK not in menu(client)
