"""Accounts through allauth: sign-up, e-mail confirmation, log-in, reset, e-mail change."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from lms.models import User
from lms.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Outra-senha-segura-456"


def link_in(message) -> str:
    match = re.search(r"https?://[^\s]+", message.body)
    assert match, f"no link in e-mail: {message.body}"
    return match.group(0).rstrip(".").replace("http://testserver", "")


def sign_up(client, email="maria@prefeitura.test", full_name="Maria Aparecida Souza"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "full_name": full_name, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_confirm_email_then_log_in(client):
    response = sign_up(client)
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="maria@prefeitura.test")
    assert user.full_name == "Maria Aparecida Souza"
    assert list(user.groups.values_list("name", flat=True)) == [Role.LEARNER.value]

    # Until the address is confirmed, logging in only re-sends the confirmation.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@prefeitura.test"]
    assert "confirme seu endereço de e-mail" in message.subject
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "maria@prefeitura.test", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session

    confirm_url = link_in(message)
    page = client.get(confirm_url)
    assert page.status_code == HTTPStatus.OK
    assert "Confirmar" in page.content.decode()
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="maria@prefeitura.test").verified

    response = client.post(
        reverse("account_login"),
        {"login": "maria@prefeitura.test", "password": PASSWORD},
        follow=True,
    )
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Olá, Maria Aparecida Souza." in response.content.decode()


def test_sign_up_rejects_taken_email_and_weak_password_in_portuguese(client, make_person):
    make_person(email="ja@prefeitura.test")
    response = sign_up(client, email="ja@prefeitura.test")
    # allauth does not reveal that the address exists: it mails its owner instead.
    assert User.objects.filter(email="ja@prefeitura.test").count() == 1
    assert response.status_code == HTTPStatus.FOUND

    response = client.post(
        reverse("account_signup"),
        {
            "email": "novo@prefeitura.test",
            "full_name": "Novo",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Esta senha é muito curta" in body or "senha é muito comum" in body
    assert not User.objects.filter(email="novo@prefeitura.test").exists()


def test_log_in_with_wrong_password_says_so_in_portuguese(client, make_person):
    make_person(email="ana@prefeitura.test")
    response = client.post(
        reverse("account_login"), {"login": "ana@prefeitura.test", "password": "errada"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "O endereço de e-mail e/ou senha especificados estão incorretos." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_repeated_failed_log_ins_are_rate_limited(client, make_person):
    make_person(email="alvo@prefeitura.test")
    for _ in range(6):
        response = client.post(
            reverse("account_login"), {"login": "alvo@prefeitura.test", "password": "errada"}
        )
    assert "Muitas tentativas de login falharam" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": "alvo@prefeitura.test", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Muitas tentativas de login falharam" in response.content.decode()


def test_password_reset_by_email(client, make_person):
    user = make_person(email="esqueci@prefeitura.test")
    client.post(reverse("account_reset_password"), {"email": "esqueci@prefeitura.test"})
    assert len(mail.outbox) == 1
    reset_url = link_in(mail.outbox[0])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_change_needs_confirmation_of_the_new_address(client, make_person):
    user = make_person(email="antigo@prefeitura.test")
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "novo@prefeitura.test"}
    )
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
    user.refresh_from_db()
    assert user.email == "antigo@prefeitura.test"  # not switched before confirmation
    confirmation = next(m for m in mail.outbox if m.to == ["novo@prefeitura.test"])
    client.post(link_in(confirmation))
    user.refresh_from_db()
    assert user.email == "novo@prefeitura.test"
    assert not EmailAddress.objects.filter(email="antigo@prefeitura.test").exists()


def test_log_out_ends_the_session(client, make_person):
    client.force_login(make_person())
    response = client.post(reverse("account_logout"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "Entrar" in response.content.decode()


def test_learner_role_exists_for_everyone_who_signs_up(client):
    sign_up(client, email="a@prefeitura.test")
    assert (
        Group.objects.get(name=Role.LEARNER.value)
        .user_set.filter(email="a@prefeitura.test")
        .exists()
    )
