"""Real services in processes of a test's own: a redis-server it can stop and start, and the
project's web and worker processes, against the test's database."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu import pools

from lms.celery import app
from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parents[1]


def require(condition: bool, message: str) -> None:
    if not condition:
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """A redis-server of the test's own, on a free port, that it can stop and start."""

    def __init__(self, executable: str):
        self.executable = executable
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not answers_ping(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        assert not answers_ping(self.port)


@pytest.fixture
def redis_server():
    executable = shutil.which("redis-server")
    require(executable is not None, "redis-server is not installed")
    server = RedisServer(executable)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def celery_publishes_to(redis_server):
    """This process plays the web server: it queues tasks on the test's broker, not eagerly."""
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}

    def reset_connections():
        # Forget every pooled connection, so the next task opens one to the current broker.
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_connections()
    app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    yield app
    reset_connections()
    app.conf.update(**saved)


def start_process(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(condition, *, seconds: float, logs=()) -> None:
    """Poll ``condition`` until it holds; after ``seconds`` fail with the processes' logs."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "\n".join(log.read_text() for log in logs)
        time.sleep(0.05)


# A Celery worker logging at INFO writes a line when it takes a task and one when it is done
# with it: run (succeeded, raised, retry) or dropped (an expired sweep is a revoked task).
_TASK_LINE = re.compile(
    r"(?:Task|Discarding revoked task:) ([\w.]+)\[([\w-]+)\]"
    r" ?(received|succeeded|raised|retry|)"
)


class CeleryWorkerLog:
    """What a Celery worker (``--loglevel INFO``) has done, read from its log."""

    def __init__(self, path: Path):
        self.path = path

    def _events(self) -> list[tuple[str, str, str]]:
        return _TASK_LINE.findall(self.path.read_text()) if self.path.exists() else []

    def succeeded(self, name: str) -> int:
        """How many tasks named ``name`` it has run to the end."""
        events = self._events()
        return sum(event == "succeeded" and task.endswith(name) for task, _, event in events)

    def busy(self) -> bool:
        """Whether it holds a task it is not done with."""
        events = [event for _task, _id, event in self._events()]
        return events.count("received") > len(events) - events.count("received")


def celery_idle(worker: CeleryWorkerLog, broker_url: str, queue: str = "celery") -> bool:
    """Nothing waits on the (Redis) broker's queue and the worker holds no unfinished task."""
    client = redis.Redis.from_url(broker_url)
    try:
        waiting = client.llen(queue)
    finally:
        client.close()
    return waiting == 0 and not worker.busy()


def subprocess_env(**overrides: str) -> dict[str, str]:
    """The environment of a project process sharing this test's database (PostgreSQL)."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    env.pop("REDIS_URL", None)
    env.update(overrides)
    return env


class TcpOutage:
    """A TCP relay in front of a server, that can fail like the server restarting.

    ``cut()`` resets every connection through it and refuses new ones, as a PostgreSQL being
    restarted does to its clients; ``restore()`` accepts them again on the same port.
    """

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.listener = None
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        # shutdown() first: close() alone leaves a socket blocked in accept() listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.open:
                # Both ways at once, as when the server's process goes away; shutdown() also
                # wakes the relay's threads blocked reading them.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()


class WebServer:
    """The project under gunicorn (one sync worker), with DEBUG off, on a free port."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "test-web-server",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            # Plain static storage: the test does not run collectstatic.
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        self.log = log
        self.process = None

    def __enter__(self) -> "WebServer":
        command = [sys.executable, "-m", "gunicorn", "lms.wsgi", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "30"]
        self.process = start_process(command, env=self.env, log=self.log)
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, self.log.read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                assert time.monotonic() < deadline, self.log.read_text()
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        stop_process(self.process)

    def get(self, path: str) -> tuple[int, dict, str]:
        """Status, headers and body of a GET, whatever the status."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=20) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
