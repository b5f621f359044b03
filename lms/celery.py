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
