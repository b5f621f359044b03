"""Background work for people: imports from HR lists. Tasks take ids and call services.

Each task is safe to run twice: the import's status says what is left to do, and the
application is one transaction (a worker lost mid-way leaves nothing half written). The
views queue the check and the application; the application queues the invitations.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import people_import
from .celery import BackgroundTask, queue_after_commit

RETRYING = {
    "base": BackgroundTask,
    "autoretry_for": (OSError, OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(base=BackgroundTask)
def validate_person_import(import_id: int) -> None:
    people_import.person_import_validate(import_id=import_id)


@shared_task(base=BackgroundTask)
def apply_person_import(import_id: int) -> None:
    person_import = people_import.person_import_apply(import_id=import_id)
    if people_import.person_import_wants_invitations(person_import):
        queue_after_commit(invite_imported_people, import_id)


@shared_task(**RETRYING)
def invite_imported_people(import_id: int) -> int:
    return people_import.person_import_invite(import_id=import_id)
