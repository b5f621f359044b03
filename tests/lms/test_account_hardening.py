"""Every way into an account goes through the site's own, verified, rate-limited flows."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lms.models import User
from lms.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "org"  # 308 characters


def test_wagtails_own_log_in_form_is_not_a_way_around_verification(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nova@prefeitura.test",
            "full_name": "Nova",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.logout()
    response = client.post(
        "/admin/login/", {"username": "nova@prefeitura.test", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("staff_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("profile")).status_code == HTTPStatus.FOUND


def test_admin_account_page_does_not_change_the_email(client, make_person):
    person = make_person(role=Role.TRAINER, email="formadora@prefeitura.test")
    client.force_login(person)
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == HTTPStatus.OK
    assert 'name="name_email-email"' not in page.content.decode()
    client.post(reverse("wagtailadmin_account"), {"name_email-email": "outro@exemplo.org"})
    person.refresh_from_db()
    assert person.email == "formadora@prefeitura.test"


def test_too_long_email_is_refused_with_a_message(client, make_person):
    response = client.post(
        reverse("account_signup"),
        {"email": LONG_EMAIL, "full_name": "Longo", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == HTTPStatus.OK
    assert not User.objects.filter(full_name="Longo").exists()

    client.force_login(make_person())
    response = client.post(reverse("account_email"), {"action_add": "", "email": LONG_EMAIL})
    assert response.status_code == HTTPStatus.OK
    assert "Este endereço de e-mail é longo demais" in response.content.decode()


def test_only_superusers_can_grant_superuser(client, make_person):
    administrator = make_person(role=Role.ADMINISTRATOR)
    other = make_person(full_name="Outra Pessoa")
    client.force_login(administrator)
    edit_url = reverse("wagtailusers_users:edit", args=[other.pk])
    assert re.search(
        r'<input[^>]*name="is_superuser"[^>]*disabled', client.get(edit_url).content.decode()
    )
    client.post(
        edit_url,
        {
            "email": other.email,
            "full_name": "Outra Pessoa",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=Role.LEARNER.value).pk],
        },
    )
    other.refresh_from_db()
    assert not other.is_superuser

    superuser = make_person(role=None, is_superuser=True)
    client.force_login(superuser)
    page = client.get(edit_url).content.decode()
    assert 'name="is_superuser"' in page
    assert not re.search(r'<input[^>]*name="is_superuser"[^>]*disabled', page)


def test_an_account_is_locked_after_five_wrong_passwords_even_for_the_right_one(
    client, make_person
):
    """ACCOUNT_RATE_LIMITS' "login_failed" (5/5m/key): guessing one person's password from
    many addresses gets five tries in five minutes; the owner waits too."""
    person = make_person()
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": person.email, "password": "errada-123"})
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert "Muitas tentativas de login falharam" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same browser is not locked out.
    other = make_person()
    client.post(reverse("account_login"), {"login": other.email, "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == other.pk
