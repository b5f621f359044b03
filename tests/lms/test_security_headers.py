"""Every public response tells the browser what it may run and send: a Content-Security-Policy
with no inline script, and the other protective headers; Wagtail's admin keeps working."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from lms.roles import Role

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_public_pages_run_no_inline_script_and_load_nothing_from_elsewhere(client, make_course):
    course = make_course()
    for path in ("/cursos/", course.url, reverse("account_login")):
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]


def test_a_learners_own_pages_are_covered_too(client, make_person):
    client.force_login(make_person())
    response = client.get(reverse("my_learning"))
    assert directives(response)["script-src"] == ["'self'"]


def test_the_admin_keeps_its_own_rules_and_works(make_person):
    admin = Client()
    admin.force_login(make_person(role=Role.ADMINISTRATOR))
    response = admin.get("/admin/")
    assert response.status_code == HTTPStatus.OK
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"
