"""Single sign-on through the city's OpenID Connect provider, configured from the environment.

A small identity provider runs on the loopback interface for these tests: discovery, token
and userinfo endpoints, as a gov.br-style OIDC server would answer.
"""

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from lms.models import User
from lms.roles import Role
from lms.settings import oidc_providers_from_env

pytestmark = pytest.mark.django_db


class FakeIdentityProvider(BaseHTTPRequestHandler):
    userinfo = {
        "sub": "sp-000123",
        "email": "servidora.sso@prefeitura.test",
        "email_verified": True,
        "name": "Servidora Pelo SSO",
    }

    def log_message(self, *args):  # keep test output quiet
        pass

    def _json(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path.endswith("/.well-known/openid-configuration"):
            self._json(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                }
            )
        elif self.path.startswith("/userinfo"):
            assert self.headers["Authorization"] == "Bearer token-abc"
            self._json(self.userinfo)
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        if self.path.startswith("/token") and form.get("code") == ["codigo-123"]:
            self._json({"access_token": "token-abc", "token_type": "Bearer", "expires_in": 300})
        else:
            self.send_error(400)


@pytest.fixture
def identity_provider(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeIdentityProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers_from_env(
        {
            "OIDC_SERVER_URL": f"http://127.0.0.1:{server.server_port}",
            "OIDC_CLIENT_ID": "capacita",
            "OIDC_CLIENT_SECRET": "segredo",
            "OIDC_NAME": "Login Único SP",
            "OIDC_PROVIDER_ID": "cidade",
        }
    )
    yield server
    server.shutdown()


def test_without_oidc_variables_there_is_no_sso_button(client):
    body = client.get(reverse("account_login")).content.decode()
    assert "/conta/oidc/" not in body


def test_sso_button_logs_a_servant_in_and_makes_them_a_learner(client, identity_provider):
    body = client.get(reverse("account_login")).content.decode()
    assert "Login Único SP" in body
    login_url = "/conta/oidc/cidade/login/"
    assert login_url in body

    response = client.post(login_url)
    assert response.status_code == HTTPStatus.FOUND
    authorize = urlparse(response["Location"])
    assert authorize.path == "/authorize"
    query = parse_qs(authorize.query)
    assert query["client_id"] == ["capacita"]
    assert "code_challenge" in query  # PKCE

    callback = client.get(
        "/conta/oidc/cidade/login/callback/",
        {"code": "codigo-123", "state": query["state"][0]},
        follow=True,
    )
    assert callback.status_code == HTTPStatus.OK
    user = User.objects.get(email="servidora.sso@prefeitura.test")
    assert user.full_name == "Servidora Pelo SSO"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.groups.filter(name=Role.LEARNER.value).exists()


def test_sso_callback_with_a_forged_state_logs_nobody_in(client, identity_provider):
    client.post("/conta/oidc/cidade/login/")
    response = client.get(
        "/conta/oidc/cidade/login/callback/", {"code": "codigo-123", "state": "forjado"}
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert "Falha no login" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="servidora.sso@prefeitura.test").exists()
