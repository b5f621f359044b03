"""The Celery app. Tasks live in ``<app>/tasks.py``, take ids and call services.

Without ``CELERY_BROKER_URL`` the settings make every task run in-process (eagerly), so the
embedded default needs no Redis and no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

app = Celery("capacita")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def queue_after_commit(task, *args) -> None:
    """Queue ``task`` once the current transaction commits, without ever failing the caller.

    When the broker is down, the work is logged and left to the periodic sweepers (which look
    for what should have happened and did not): the person's request still succeeds and
    nothing is lost. Run eagerly (no broker configured), errors propagate as usual.
    """
    import logging

    from django.db import transaction
    from kombu.exceptions import OperationalError

    def send() -> None:
        if app.conf.task_always_eager:
            task.delay(*args)
            return
        try:
            task.delay(*args)
        except OperationalError:
            logging.getLogger(__name__).warning(
                "Broker unreachable: %s%r not queued (periodic sweeps redo what they cover).",
                task.name,
                args,
            )

    transaction.on_commit(send)
