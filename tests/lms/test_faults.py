"""Faults with the real services: the cache (Redis) down and back, the database gone and back,
and what ``/health/`` tells the operator meanwhile."""

import json
import logging
import sys
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from courses.models import LessonPage
from enrollments import services
from lms import health
from tests.conftest import PASSWORD, require_postgresql
from tests.processes import TcpOutage, WebServer, start_process, stop_process, subprocess_env

pytestmark = pytest.mark.services


def cache_at(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "faults",
        }
    }


@pytest.mark.django_db
def test_the_site_serves_while_the_cache_is_down_and_uses_it_again_once_back(
    redis_server, settings, make_person, make_course, caplog
):
    settings.CACHES = cache_at(redis_server.url)
    course = make_course(lessons=2)
    person = make_person()
    services.enrollment_create(user=person, course=course)
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    visitor = Client()
    assert visitor.get("/cursos/").status_code == HTTPStatus.OK
    assert visitor.get("/health/").json()["cache"] == "ok"

    redis_server.stop()
    with caplog.at_level(logging.INFO, logger="lms.cache"):
        visitor = Client()
        catalogue = visitor.get("/cursos/")
        assert catalogue.status_code == HTTPStatus.OK
        assert course.title in catalogue.content.decode()
        # Logging in counts attempts in the cache: it still lets the person in.
        response = visitor.post(
            reverse("account_login"), {"login": person.email, "password": PASSWORD}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert "Conteúdo da aula 1." in visitor.get(lesson.url).content.decode()
        completed = visitor.post(reverse("complete_lesson", args=[lesson.pk]))
        assert completed.status_code == HTTPStatus.FOUND
        page = visitor.get(reverse("my_learning"))
        assert page.status_code == HTTPStatus.OK
        assert "Progresso: 33%" in page.content.decode()  # nothing stale from the cache
        health = visitor.get("/health/")
        assert health.status_code == HTTPStatus.OK  # the load balancer keeps this process
        assert health.json()["cache"] == "unreachable"
        assert health.json()["status"] == "degraded"

        redis_server.start()
        assert Client().get("/health/").json()["cache"] == "ok"
    # One line when the outage began and one when it ended, not one per request.
    assert caplog.text.count("Cache unreachable") == 1
    assert caplog.text.count("Cache reachable again") == 1
    # Once back, the cache holds again what is put in it (the log-in attempts, say).
    cache.set("faults-probe", "kept")
    assert cache.get("faults-probe") == "kept"


@pytest.mark.django_db
def test_health_reports_the_broker_and_the_workers(
    redis_server, celery_publishes_to, settings, tmp_path
):
    settings.CELERY_BROKER_URL = redis_server.url
    report = Client().get("/health/").json()
    assert (report["database"], report["broker"], report["workers"]) == (
        "ok",
        "ok",
        "none answering",
    )
    assert report["status"] == "degraded"

    env = subprocess_env(CELERY_BROKER_URL=redis_server.url)
    worker = start_process(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool", "solo"],
        env=env,
        log=tmp_path / "worker.log",
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            health._workers["checked"] = -health.WORKER_PING_SECONDS  # ask again now
            report = Client().get("/health/").json()
            if report["workers"] == 1:
                break
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
        assert report["status"] == "ok"
    finally:
        stop_process(worker)

    redis_server.stop()
    report = Client().get("/health/").json()
    assert (report["broker"], report["workers"], report["status"]) == (
        "unreachable",
        "unreachable",
        "degraded",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_outage_answers_503_and_the_app_recovers_by_itself(tmp_path):
    """PostgreSQL goes away under a running gunicorn (every connection reset, new ones
    refused, as in a restart) and comes back: no process is restarted."""
    require_postgresql()
    outage = TcpOutage(connection.settings_dict["PORT"] or 5432)
    outage.restore()
    env = subprocess_env()
    database = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{database['USER']}@127.0.0.1:{outage.port}/{database['NAME']}"
    )
    # A certificate's verification reads the database on every request (nothing of it is
    # kept in a cache), as any page must once its data is not cached.
    page = reverse("certificate_verify", args=["7K3M-Q9XD-2HRT-B8WN-FA4C"])
    try:
        with WebServer(env, tmp_path / "gunicorn.log") as web:
            status, _headers, body = web.get("/health/")
            assert status == HTTPStatus.OK, body
            assert web.get(page)[0] == HTTPStatus.NOT_FOUND  # "no certificate has this code"

            outage.cut()
            status, headers, body = web.get(page)
            assert status == HTTPStatus.SERVICE_UNAVAILABLE
            assert headers["Retry-After"] == "30"
            assert "Capacita está indisponível por alguns instantes" in body
            status, _headers, body = web.get("/health/")
            assert status == HTTPStatus.SERVICE_UNAVAILABLE
            assert json.loads(body)["database"] == "unreachable"

            outage.restore()
            status, _headers, body = web.get("/health/")
            assert status == HTTPStatus.OK, body
            assert json.loads(body)["database"] == "ok"
            status, _headers, body = web.get(page)
            assert status == HTTPStatus.NOT_FOUND
            assert "Nenhum certificado tem este código" in body
    finally:
        outage.cut()  # no connection of the relay outlives the test's database
