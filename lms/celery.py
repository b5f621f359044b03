"""The Celery app. Tasks live in ``<app>/tasks.py``, take ids and call services.

Without ``CELERY_BROKER_URL`` the settings make every task run in-process (eagerly), so the
embedded default needs no Redis and no worker.
"""

import logging
import os

from celery import Celery, Task
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

app = Celery("capacita")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class BackgroundTask(Task):
    """A task that retries passing faults with a worker, and never in-process.

    Run eagerly (no broker), a retry would repeat at once inside a person's request; the
    error is raised instead, logged by ``queue_after_commit``, and the work is left to
    ``manage.py issue_missing_certificates`` and the like.
    """

    def retry(self, *args, exc=None, **kwargs):
        if self.request.is_eager and exc is not None:
            raise exc
        return super().retry(*args, exc=exc, **kwargs)


def queue_after_commit(task, *args) -> None:
    """Queue ``task`` once the current transaction commits, without ever failing the caller.

    When the broker is down the work is logged and left to the periodic sweeps (which look
    for what should have happened and did not): the person's request still succeeds and
    nothing is lost. Run eagerly (no broker), an error in the task is logged the same way.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError:
            logging.getLogger(__name__).warning(
                "Broker unreachable: %s%r not queued (periodic sweeps redo what they cover).",
                task.name,
                args,
            )

    # robust: an error in an eager task is logged by Django, never turned into a 500.
    transaction.on_commit(send, robust=True)
