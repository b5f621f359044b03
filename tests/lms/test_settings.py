"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from lms.settings import oidc_providers_from_env

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a6Vq-3hZ!r9wLx2@pT7mN#c8Ue5^kJ0sBy4&dF1gHq6Wz-Rt8pLm3QvX",
    "ALLOWED_HOSTS": "capacita.prefeitura.sp.gov.br",
    "SITE_URL": "https://capacita.prefeitura.sp.gov.br",
    "DATABASE_URL": "postgres://capacita:senha@127.0.0.1:5432/capacita",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.prefeitura.sp.gov.br",
    "DJANGO_BEHIND_TLS_PROXY": "true",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "OIDC_"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_env_example_documents_every_production_variable():
    documented = (ROOT / ".env.example").read_text()
    for name in PRODUCTION_ENV:
        assert f"{name}=" in documented, name


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings as s; print(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER)"
    env = {"DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"]}
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr


def test_a_broker_turns_background_tasks_on():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split()[-1] == "False", result.stderr


def test_malformed_boolean_is_a_clear_error():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "talvez"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_oidc_provider_only_when_its_variables_are_set():
    assert oidc_providers_from_env({}) == {}
    assert oidc_providers_from_env({"OIDC_CLIENT_ID": "x"}) == {}
    providers = oidc_providers_from_env(
        {
            "OIDC_SERVER_URL": "https://login.prefeitura.test/realms/sp",
            "OIDC_CLIENT_ID": "capacita",
            "OIDC_CLIENT_SECRET": "s3gredo",
            "OIDC_NAME": "Login SP",
        }
    )
    app = providers["openid_connect"]["APPS"][0]
    assert app["client_id"] == "capacita"
    assert app["secret"] == "s3gredo"
    assert app["name"] == "Login SP"
    assert app["settings"]["server_url"] == "https://login.prefeitura.test/realms/sp"
