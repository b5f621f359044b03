"""What the operator's load balancer and monitoring ask: can this process serve, and how are
the services around it.

``GET /health/`` answers JSON: ``database``, ``cache``, ``broker`` and ``workers``, each
``ok`` or what is wrong, and an overall ``status``. It answers 503 only when the database
cannot be reached (this process cannot serve anyone then); with the cache, the broker or the
workers down the site still serves (pages are rendered, certificates are issued once the
workers are back), so it answers 200 with ``status: degraded``. It shows no personal data,
no host names and no error texts, and it is never cached.
"""

from __future__ import annotations

import time
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .celery import app as celery_app

OK = "ok"
UNREACHABLE = "unreachable"
# Workers are asked at most this often per process: a ping waits for their answers.
WORKER_PING_SECONDS = 15
WORKER_PING_TIMEOUT = 0.5
_workers: dict = {"checked": -WORKER_PING_SECONDS, "state": None}


def database_state() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return UNREACHABLE
    return OK


def cache_state() -> str:
    reachable = getattr(cache, "reachable", None)
    if reachable is None:
        return "local"  # in this process's memory: nothing to reach
    return OK if reachable() else UNREACHABLE


def broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "none (tasks run in-process)"
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    except Exception:  # noqa: BLE001 - any transport's failure means the same here
        return UNREACHABLE
    return OK


def workers_state(broker: str) -> str | int:
    """How many workers answered a ping (asked every ``WORKER_PING_SECONDS`` at most)."""
    if not settings.CELERY_BROKER_URL:
        return "none (tasks run in-process)"
    if broker != OK:
        return UNREACHABLE
    if time.monotonic() - _workers["checked"] >= WORKER_PING_SECONDS or not _workers["state"]:
        try:
            answers = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT)
        except Exception:  # noqa: BLE001
            answers = []
        _workers.update(checked=time.monotonic(), state=len(answers) or "none answering")
    return _workers["state"]


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    report: dict[str, str | int] = {"database": database_state(), "cache": cache_state()}
    report["broker"] = broker_state()
    report["workers"] = workers_state(str(report["broker"]))
    if report["database"] != OK:
        report["status"] = "down"
    elif UNREACHABLE in report.values() or report["workers"] == "none answering":
        report["status"] = "degraded"
    else:
        report["status"] = OK
    status = HTTPStatus.SERVICE_UNAVAILABLE if report["status"] == "down" else HTTPStatus.OK
    return JsonResponse(report, status=status)
