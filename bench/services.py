"""What the benchmark starts and stops: the database, Redis, gunicorn and a Celery worker.

Everything it starts it stops, even when a measurement fails (``Processes`` is a context
manager that kills the process groups it started).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import BENCH_DATABASE, database_url

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PORT = int(os.environ.get("CAPACITA_BENCH_PORT", "8765"))
BASE_URL = f"http://127.0.0.1:{PORT}"
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('CAPACITA_BENCH_REDIS_DB', '4')}"


def bench_environment(database: str = BENCH_DATABASE) -> dict[str, str]:
    """The production-like settings every benchmark process shares (debug off)."""
    scratch = Path(tempfile.gettempdir()) / database  # one per run (see BENCH_DATABASE)
    return {
        "DATABASE_URL": database_url(database),
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": BASE_URL,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "PRIVATE_MEDIA_ROOT": str(scratch / "private-media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "CAPACITA_BENCH_BASELINE": "true",
    }


def ensure_postgresql_and_redis() -> None:
    """Start the machine's PostgreSQL and Redis if they are down (as the README says)."""
    if not _listening(5432):
        clusters = os.listdir("/etc/postgresql")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "start"],
            check=True,
        )
    if not _listening(6379):
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379"]
            + ["--save", "", "--appendonly", "no"],
            check=True,
        )
    for port in (5432, 6379):
        _wait_for_port(port, 30)


def recreate_database(name: str = BENCH_DATABASE) -> None:
    for command in (["dropdb", "--if-exists", "--force"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def drop_database(name: str = BENCH_DATABASE) -> None:
    subprocess.run(
        ["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", name],
        check=True,
    )


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not _listening(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds:.0f} s")
        time.sleep(0.2)


class Processes:
    """Background processes in their own process groups, all stopped on exit."""

    def __init__(self, env: dict[str, str]):
        self.env = {**os.environ, **env}
        self.started: list[subprocess.Popen] = []
        self.logs = Path(tempfile.mkdtemp(prefix="capacita-bench-logs-"))

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.started.append(process)
        return process

    def gunicorn(self, workers: int = 2) -> subprocess.Popen:
        process = self.start(
            "gunicorn",
            [str(VENV_BIN / "gunicorn"), "lms.wsgi", "--workers", str(workers)]
            + ["--worker-class", "sync", "--bind", f"127.0.0.1:{PORT}", "--timeout", "120"]
            + ["--log-level", "warning"],
        )
        _wait_for_port(PORT, 60)
        # Both workers answer before anything is measured.
        for _ in range(20):
            urllib.request.urlopen(f"{BASE_URL}/_bench/baseline/", timeout=30).read()  # noqa: S310
        return process

    def celery_worker(self, name: str = "w1", concurrency: int = 1) -> subprocess.Popen:
        return self.start(
            f"celery-{name}",
            [str(VENV_BIN / "celery"), "-A", "lms", "worker", "--concurrency", str(concurrency)]
            + ["-n", f"{name}@%h", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        )

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.log.close()
        if process in self.started:
            self.started.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.started)):
            self.stop(process)


def collectstatic(env: dict[str, str]) -> None:
    shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def need_command(name: str, package: str) -> str:
    """The path of ``name``, installing Debian's ``package`` first when it is missing."""
    if shutil.which(name) is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True)
    return shutil.which(name)
