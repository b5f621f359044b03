"""Importing people from HR lists: upload, check (the preview), confirm, apply, invite.

The journey, one function each; its steps are the modules ``reading`` (the file),
``deciding`` (what each line does), ``writing`` (through the ORM) and ``inviting``:

1. ``person_import_create`` keeps the upload in the private storage; the caller queues its
   check (``lms.tasks.validate_person_import``).
2. ``person_import_validate`` reads the file in batches and records, for every line, what
   it would do (``PersonImportRow``): create, update (which fields), unchanged, or errors.
   Nothing about people is written.
3. ``person_import_confirm`` (the uploader's POST) marks the import as applying; the caller
   queues ``lms.tasks.apply_person_import``, which runs ``person_import_apply``: every line
   is checked again against the database as it is *then* and the valid ones are written in
   one transaction, all or nothing. Lines with errors are skipped and listed.
4. ``person_import_invite`` (after the commit, only when the uploader asked) e-mails each
   new person a link to set their password: allauth's password-reset key, so the link
   leads to the ordinary "set a new password" page.

Memory stays bounded whatever the file's length: lines are read as a stream and handled
``BATCH_SIZE`` at a time (one look-up of the people they name, a few bulk writes); only the
registration numbers and e-mails already seen are kept.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from itertools import islice

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PersonImport, PersonImportRow, User
from ..roles import Role
from ..scopes import ManagerScope, manager_scope
from ..tabular import TableError
from . import writing
from .deciding import Directory, EarlierLines, decide
from .inviting import invitation_message, invitation_url, person_import_invite
from .reading import (
    COLUMNS,
    FIELD_LABELS,
    REQUIRED_COLUMNS,
    Line,
    PersonImportError,
    open_list,
    person_import_check_file,
    read_lines,
    row_messages,
    template_header,
)

__all__ = [
    "COLUMNS",
    "FIELD_LABELS",
    "REQUIRED_COLUMNS",
    "PersonImportError",
    "invitation_message",
    "invitation_url",
    "person_import_apply",
    "person_import_check_file",
    "person_import_confirm",
    "person_import_create",
    "person_import_invite",
    "person_import_rows_done",
    "person_import_validate",
    "person_import_wants_invitations",
    "row_messages",
    "template_header",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000  # lines read, decided and written together
PROGRESS_SECONDS = 1.0  # how often a run reports how far it is

Action = PersonImportRow.Action


def person_import_create(
    *, user: User, file: UploadedFile, send_invitations: bool = False
) -> PersonImport:
    """Keep the upload (private storage), waiting to be checked. Managers only."""
    if manager_scope(user) is None:
        raise PersonImportError(_("Only managers may import people."))
    person_import_check_file(file)
    person_import = PersonImport(
        uploaded_by=user,
        original_filename=(file.name or "")[:255],
        send_invitations=send_invitations,
    )
    person_import.file.save(file.name or "people.csv", file, save=False)
    person_import.save()
    return person_import


def person_import_confirm(*, person_import: PersonImport, user: User) -> None:
    """The uploader confirms a checked import: it is to be applied (in the background)."""
    if person_import.uploaded_by_id != user.pk or manager_scope(user) is None:
        raise PersonImportError(_("Only the person who uploaded this list may confirm it."))
    started = PersonImport.objects.filter(
        pk=person_import.pk, status=PersonImport.Status.VALIDATED
    ).update(status=PersonImport.Status.APPLYING, rows_done=0)
    if not started:
        raise PersonImportError(_("This list is not waiting for confirmation."))


def person_import_validate(
    *, import_id: int, scope: ManagerScope | None = None
) -> PersonImport | None:
    """Check every line and record what it would do; writes nothing about people.

    The rules are those of the uploader's manager scope as it is now; ``scope`` overrides it
    (``manage.py import_people`` runs city-wide)."""
    person_import = PersonImport.objects.select_related("uploaded_by").filter(pk=import_id).first()
    if person_import is None or person_import.status not in {
        PersonImport.Status.UPLOADED,
        PersonImport.Status.VALIDATING,
    }:
        return person_import
    scope = scope or _uploader_scope(person_import)
    if scope is None:
        _fail(person_import, str(_("The person who uploaded this list is no longer a manager.")))
        return person_import
    PersonImport.objects.filter(pk=import_id).update(
        status=PersonImport.Status.VALIDATING, rows_done=0
    )
    try:
        counts = _run(person_import, scope=scope, apply=False)
    except TableError as error:
        _fail(person_import, error.message)
        return person_import
    except Exception:
        logger.exception("Import of people %s could not be checked", import_id)
        _fail(person_import, str(_("The list could not be checked. Try again or tell support.")))
        return person_import
    _finish(
        person_import,
        counts,
        status=PersonImport.Status.VALIDATED,
        validated_at=timezone.now(),
        error="",
    )
    return person_import


def person_import_apply(
    *, import_id: int, scope: ManagerScope | None = None
) -> PersonImport | None:
    """Check every line again against the database as it is now and write the valid ones,
    in one transaction. ``person_import_wants_invitations`` tells the caller what next."""
    person_import = PersonImport.objects.select_related("uploaded_by").filter(pk=import_id).first()
    if person_import is None or person_import.status != PersonImport.Status.APPLYING:
        return person_import
    scope = scope or _uploader_scope(person_import)
    if scope is None:
        _fail(person_import, str(_("The person who uploaded this list is no longer a manager.")))
        return person_import
    try:
        with transaction.atomic():
            counts = _run(person_import, scope=scope, apply=True)
            _finish(
                person_import,
                counts,
                status=PersonImport.Status.APPLIED,
                applied_at=timezone.now(),
                error="",
            )
    except TableError as error:
        _fail(person_import, error.message)
    except IntegrityError:
        logger.warning("Import of people %s collided with a concurrent change", import_id)
        _fail(
            person_import,
            str(
                _(
                    "Someone changed the same people while the list was being imported: nothing "
                    "was imported. Upload the list again."
                )
            ),
        )
    except Exception:
        logger.exception("Import of people %s could not be applied", import_id)
        _fail(person_import, str(_("The list could not be imported: nothing was changed.")))
    return person_import


def person_import_wants_invitations(person_import: PersonImport | None) -> bool:
    """Whether an applied import has new people to invite, as its uploader asked."""
    return (
        person_import is not None
        and person_import.status == PersonImport.Status.APPLIED
        and person_import.send_invitations
        and person_import.created_count > 0
    )


# --- Progress --------------------------------------------------------------------------------


def _progress_key(import_id: int) -> str:
    return f"lms:person-import:{import_id}:rows-done"


def person_import_rows_done(person_import: PersonImport) -> int:
    """Lines processed so far. Inside the apply transaction the count cannot be committed,
    so it goes through the cache (shared with the web processes whenever there is a worker)."""
    cached = cache.get(_progress_key(person_import.pk)) if person_import.is_running else None
    return max(person_import.rows_done, cached or 0)


def _report_progress(person_import: PersonImport, done: int, total: int) -> None:
    cache.set(_progress_key(person_import.pk), done, timeout=6 * 3600)
    if not connection.in_atomic_block:
        PersonImport.objects.filter(pk=person_import.pk).update(
            rows_done=done, rows_total=max(total, done)
        )


# --- A run -----------------------------------------------------------------------------------


@dataclasses.dataclass
class _Counts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0

    def add(self, action: str) -> None:
        self.rows += 1
        if action == Action.CREATE:
            self.created += 1
        elif action == Action.UPDATE:
            self.updated += 1
        elif action == Action.UNCHANGED:
            self.unchanged += 1
        else:
            self.errors += 1


def _write(items: list[Line], *, learner_group: Group | None) -> None:
    """Create and update the people of a decided batch (inside the apply transaction)."""
    created = [item for item in items if item.outcome == Action.CREATE]
    if created:
        writing.people_create(created, learner_group=learner_group)
    updated = [item for item in items if item.outcome == Action.UPDATE]
    if updated:
        writing.people_update(updated)


def _run(person_import: PersonImport, *, scope: ManagerScope, apply: bool) -> _Counts:
    """Check (and with ``apply``, write) every line; record each line's outcome."""
    directory = Directory()
    earlier = EarlierLines()
    counts = _Counts()
    learner_group = Group.objects.filter(name=Role.LEARNER.value).first() if apply else None
    PersonImportRow.objects.filter(person_import=person_import).delete()
    with (
        person_import.file.open("rb") as file,
        open_list(file, filename=person_import.original_filename) as table,
    ):
        total = max(person_import.rows_total, (table.size_hint or 1) - 1)
        reported = -PROGRESS_SECONDS
        lines = read_lines(table)
        while items := list(islice(lines, BATCH_SIZE)):
            decide(items, directory=directory, earlier=earlier, scope=scope)
            if apply:
                _write(items, learner_group=learner_group)
            writing.rows_record(person_import, items)
            for item in items:
                counts.add(item.outcome)
            # Each report outside the apply transaction is a commit (a disk sync) of its own.
            if time.monotonic() - reported >= PROGRESS_SECONDS:
                _report_progress(person_import, counts.rows, max(total, counts.rows))
                reported = time.monotonic()
    return counts


def _finish(person_import: PersonImport, counts: _Counts, **fields) -> None:
    person_import.rows_total = counts.rows
    person_import.rows_done = counts.rows
    person_import.created_count = counts.created
    person_import.updated_count = counts.updated
    person_import.unchanged_count = counts.unchanged
    person_import.error_count = counts.errors
    for name, value in fields.items():
        setattr(person_import, name, value)
    person_import.save()
    cache.delete(_progress_key(person_import.pk))


def _fail(person_import: PersonImport, message: str) -> None:
    PersonImport.objects.filter(pk=person_import.pk).update(
        status=PersonImport.Status.FAILED, error=message
    )
    cache.delete(_progress_key(person_import.pk))


def _uploader_scope(person_import: PersonImport) -> ManagerScope | None:
    user = person_import.uploaded_by
    return manager_scope(user) if user is not None else None
