"""An error of ours and a database that cannot be reached get different pages, in Portuguese,
that need no service to be shown (these tests are not allowed the database: a page that
touched it would fail them)."""

from http import HTTPStatus

from django.db import OperationalError
from django.test import RequestFactory

from lms.views import server_error


def page_for(error: Exception):
    try:
        raise error
    except Exception:  # noqa: BLE001 - handler500 runs inside the handling of any error
        return server_error(RequestFactory().get("/cursos/"))


def test_a_database_that_cannot_be_reached_is_a_503_with_a_retry():
    response = page_for(OperationalError("connection refused"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Capacita está indisponível por alguns instantes" in body
    assert "não foi salvo" in body  # a form being sent is not claimed to be kept


def test_an_error_of_ours_is_a_500():
    response = page_for(ValueError("a bug"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Algo deu errado" in response.content.decode()
    assert "Retry-After" not in response


def log_uncaught(error: Exception, caplog) -> list:
    import logging

    try:
        raise error
    except Exception:  # noqa: BLE001 - as Django logs any uncaught error
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/cursos/", exc_info=True
        )
    return [r for r in caplog.records if r.name == "django.request"]


def test_an_outage_logs_one_line_per_request_not_a_traceback(caplog):
    (record,) = log_uncaught(OperationalError("connection refused\nIs the server running?"), caplog)
    assert record.levelname == "WARNING"
    assert record.getMessage() == (
        "Database unreachable, answered 503: /cursos/ (connection refused)"
    )
    assert record.exc_info is None


def test_an_error_of_ours_keeps_its_traceback(caplog):
    (record,) = log_uncaught(ValueError("a bug"), caplog)
    assert record.levelname == "ERROR"
    assert record.exc_info[0] is ValueError
