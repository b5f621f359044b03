"""Parallel test runs (pytest-xdist): each worker gets services of its own.

Loaded with ``-p tests.workers`` (pyproject.toml) so that it runs before pytest-django reads
the settings. In a worker (``gw0``, ``gw1``, …) it changes the environment the settings are
read from:

- ``REDIS_URL``: worker N uses the database N numbers after the one given, because tests empty
  the cache (``cache.clear()`` is Redis's FLUSHDB: it would wipe another worker's keys);
- ``PRIVATE_MEDIA_ROOT``: a directory per worker, so no test sees another's files.

PostgreSQL needs nothing here: pytest-django gives each worker a test database of its own
(``test_<name>_gw0``, …), and the processes that tests start (tests/processes.py) take the
worker's database and a free port.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REDIS_DATABASES = 16  # redis-server's default: numbers 0 to 15


def redis_url_for_worker(url: str, worker: int) -> str:
    """``url`` with its database number moved ``worker`` places on."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base + worker
    if number >= REDIS_DATABASES:
        raise pytest.UsageError(
            f"worker {worker} would use Redis database {number}, past the last one "
            f"({REDIS_DATABASES - 1}): run fewer workers (-n) or give REDIS_URL a lower number"
        )
    return parts._replace(path=f"/{number}").geturl()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    # After pytest-env has set the defaults (its hook is also tryfirst, and registered later),
    # before pytest-django imports the settings.
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # set by pytest-xdist in its workers only
    if not worker:
        return
    number = int(worker.removeprefix("gw"))
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url_for_worker(os.environ["REDIS_URL"], number)
    os.environ["PRIVATE_MEDIA_ROOT"] = str(Path(os.environ["PRIVATE_MEDIA_ROOT"]) / worker)
