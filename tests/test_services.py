"""The real services the platform runs on in production: PostgreSQL and Redis.

CI sets DATABASE_URL and REDIS_URL, and with CI=true a missing service fails these tests
instead of skipping them. On a developer's machine without them, they skip with the reason.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.conftest import in_ci

pytestmark = pytest.mark.services


def _require(variable: str) -> str:
    value = os.environ.get(variable, "")
    if not value:
        if in_ci():
            pytest.fail(f"{variable} is not set: CI must run against the real service.")
        pytest.skip(f"{variable} not set; this test needs the real service")
    return value


@pytest.mark.django_db
def test_database_is_postgresql_when_configured():
    url = _require("DATABASE_URL")
    if url.startswith(("postgres://", "postgresql://")):
        assert connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("select version()")
            assert "PostgreSQL" in cursor.fetchone()[0]


def test_cache_is_shared_through_redis_when_configured():
    _require("REDIS_URL")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("capacita-test-key", {"n": 1}, timeout=30)
    assert cache.get("capacita-test-key") == {"n": 1}
    # Another connection sees it too: rate limits hold across web processes.
    import redis

    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert raw.ping()
    assert any(b"capacita-test-key" in key for key in raw.scan_iter("*capacita-test-key*"))
