"""Importing people from HR lists: upload, check (the preview), confirm, apply, invite.

The journey, one function each (tasks in ``lms.tasks`` call the background ones):

1. ``person_import_create`` stores the upload in the private storage and queues the check.
2. ``person_import_validate`` reads the file in batches and records, for every line, what
   it would do (``PersonImportRow``): create, update (which fields), unchanged, or errors.
   Nothing about people is written.
3. ``person_import_confirm`` (the uploader's POST) queues ``person_import_apply``, which
   checks every line again against the database as it is *then* and writes the valid ones
   in one transaction: all or nothing. Lines with errors are skipped and listed.
4. ``person_import_invite`` (after the commit, only when the uploader asked) e-mails each
   new person a link to set their password: allauth's password-reset key, so the link
   leads to the ordinary "set a new password" page.

Rules:

- A line is matched to a person by registration number, else by e-mail (any case).
- Blank cells, and columns the file does not have, leave what the person has untouched: an
  import adds and corrects, it never erases (a social name the person set stays).
- E-mail addresses are logins: an import changes one only while the account has never been
  claimed (no usable password, never logged in, no confirmed address) and has no role beyond
  learner; otherwise the line keeps the current address and says so.
- A manager with a unit imports only into that unit's subtree and updates only people in it.
- New people get an unusable password: they claim the account with the invitation, with
  "forgot my password" on the log-in page, or through the city's login (OIDC), which finds
  them by e-mail when ``SOCIALACCOUNT_EMAIL_AUTHENTICATION`` is on. Everyone imported is a
  learner, like everyone who signs up.

Memory stays bounded whatever the file's length: rows are read as a stream, people are
looked up once per batch of ``BATCH_SIZE`` lines, written with one COPY (PostgreSQL) or
INSERT (``executemany``, SQLite) or ``bulk_update`` per batch, and only the registration
numbers and e-mails already seen are kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Lookup, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .celery import queue_after_commit
from .models import (
    OrganisationalUnit,
    PersonImport,
    PersonImportRow,
    Territory,
    User,
)
from .roles import Role
from .scopes import ManagerScope, manager_scope
from .tabular import TableError, header_key, open_table

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PROGRESS_SECONDS = 1.0  # how often a run reports how far it is
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = ("csv", "txt", "xlsx")

#: Each column's key and the header names it may have; the first is the template's.
COLUMNS: dict[str, tuple[str, ...]] = {
    "registration_number": (
        "Matrícula",
        "RF",
        "Registro funcional",
        "Número de registro",
        "Registration number",
        "Registration",
    ),
    "full_name": ("Nome completo", "Nome", "Full name", "Name"),
    "social_name": ("Nome social", "Social name"),
    "email": ("E-mail", "Email", "Endereço de e-mail", "Correio eletrônico", "E-mail address"),
    "unit": ("Sigla da unidade", "Unidade", "Sigla", "Lotação", "Unit", "Unit acronym"),
    "job_title": ("Cargo", "Função", "Job title", "Job", "Position"),
    "territory": ("Território", "Subprefeitura", "Territory"),
}
REQUIRED_COLUMNS = ("registration_number", "full_name", "email")

FIELD_LABELS = {
    "registration_number": _("Registration number"),
    "full_name": _("Full name"),
    "social_name": _("Social name"),
    "email": _("E-mail"),
    "unit": _("Unit"),
    "job_title": _("Job title"),
    "territory": _("Territory"),
}

# The messages of a row, by code; worded when shown, in the viewer's language.
ROW_MESSAGES = {
    "missing": _("%(field)s is missing."),
    "too_long": _("%(field)s is too long (at most %(max)s characters)."),
    "invalid_email": _("“%(value)s” is not a valid e-mail address."),
    "unknown_unit": _("No unit has the acronym “%(value)s”."),
    "ambiguous_unit": _(
        "More than one unit has the acronym “%(value)s”: write one of %(options)s."
    ),
    "unknown_territory": _("No territory is called “%(value)s”."),
    "duplicate_registration_number": _(
        "This registration number is already on line %(line)s of the file."
    ),
    "duplicate_email": _("This e-mail address is already on line %(line)s of the file."),
    "email_taken": _("Another person already uses this e-mail address."),
    "email_other_registration": _(
        "This e-mail address belongs to a person with another registration number."
    ),
    "unit_outside_scope": _("The unit “%(value)s” is outside your scope."),
    "person_outside_scope": _(
        "This registration number or e-mail belongs to a person outside your scope: an "
        "administrator can update them."
    ),
    "unit_required": _("Give the unit: you may only import people into units in your scope."),
    "email_kept": _(
        "The person keeps their e-mail address: they have used their account, so only they "
        "can change it."
    ),
}

_MAX_LENGTHS = {
    "registration_number": 30,
    "full_name": 200,
    "social_name": 200,
    "email": 254,
    "job_title": 120,
}
_PERSON_FIELDS = (
    "id",
    "email",
    "registration_number",
    "full_name",
    "social_name",
    "job_title",
    "unit_id",
    "territory_id",
    "password",
    "last_login",
    "is_staff",
    "is_superuser",
)


class PersonImportError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def row_messages(messages: Iterable[dict]) -> list[str]:
    """The sentences for a row's stored ``errors`` or ``warnings``."""
    worded = []
    for message in messages:
        params = dict(message.get("params", {}))
        if "field" in params:
            params["field"] = FIELD_LABELS.get(params["field"], params["field"])
        worded.append(str(ROW_MESSAGES.get(message["code"], message["code"])) % params)
    return worded


def template_header() -> list[str]:
    """The header of the template file people download."""
    return [names[0] for names in COLUMNS.values()]


# --- Upload ----------------------------------------------------------------------------------


def person_import_check_file(file: UploadedFile) -> None:
    """Refuse at once what cannot be imported: wrong type, too big, unreadable, no rows.

    Raises ``PersonImportError``; the rows themselves are checked in the background.
    """
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise PersonImportError(_("Send a CSV or XLSX file (.csv or .xlsx)."))
    if not file.size:
        raise PersonImportError(_("The file is empty."))
    if file.size > MAX_UPLOAD_BYTES:
        raise PersonImportError(
            _("The file is too big (at most %(size)s MB): split the list into smaller files.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        with open_table(file, columns=COLUMNS, required=REQUIRED_COLUMNS, filename=name) as table:
            if next(iter(table), None) is None:
                raise PersonImportError(_("The file has a header but no people."))
    except TableError as error:
        raise PersonImportError(error.message) from error
    finally:
        file.seek(0)


def person_import_create(
    *, user: User, file: UploadedFile, send_invitations: bool = False
) -> PersonImport:
    """Keep the upload (private storage) and queue its check. Managers only."""
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
    from .tasks import validate_person_import

    queue_after_commit(validate_person_import, person_import.pk)
    return person_import


def person_import_confirm(*, person_import: PersonImport, user: User) -> None:
    """The uploader confirms a checked import: it is applied in the background."""
    if person_import.uploaded_by_id != user.pk or manager_scope(user) is None:
        raise PersonImportError(_("Only the person who uploaded this list may confirm it."))
    started = PersonImport.objects.filter(
        pk=person_import.pk, status=PersonImport.Status.VALIDATED
    ).update(status=PersonImport.Status.APPLYING, rows_done=0)
    if not started:
        raise PersonImportError(_("This list is not waiting for confirmation."))
    from .tasks import apply_person_import

    queue_after_commit(apply_person_import, person_import.pk)


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


# --- Checking and applying -------------------------------------------------------------------


class _Directory:
    """Units and territories, loaded once per run (hundreds, not millions), by their keys."""

    def __init__(self):
        self.units: dict[int, OrganisationalUnit] = {}
        self.units_by_acronym: dict[str, list[OrganisationalUnit]] = {}
        self.units_by_label: dict[str, OrganisationalUnit] = {}
        for unit in OrganisationalUnit.objects.only("id", "acronym", "name", "path", "depth"):
            self.units[unit.pk] = unit
            self.units_by_acronym.setdefault(header_key(unit.acronym), []).append(unit)
            self.units_by_label[header_key(str(unit))] = unit
        self.territories: dict[int, Territory] = {}
        self.territories_by_key: dict[str, Territory] = {}
        parts: dict[str, list[Territory]] = {}
        for territory in Territory.objects.only("id", "code", "name"):
            self.territories[territory.pk] = territory
            self.territories_by_key[header_key(territory.name)] = territory
            self.territories_by_key.setdefault(header_key(territory.code), territory)
            for part in territory.name.split("/"):
                parts.setdefault(header_key(part), []).append(territory)
        # "Casa Verde" for "Casa Verde/Cachoeirinha": a part of one name only.
        for key, territories in parts.items():
            if len(territories) == 1:
                self.territories_by_key.setdefault(key, territories[0])
        # A list names a few dozen units and territories a hundred thousand times: each text
        # is looked up once.
        self._answers: dict[tuple[str, str], tuple] = {}
        self._unit_labels: dict[int | None, str] = {}

    def _remembered(self, kind: str, text: str, find: Callable[[str], tuple]) -> tuple:
        answer = self._answers.get((kind, text))
        if answer is None:
            answer = find(text)
            if len(self._answers) < 10_000:
                self._answers[kind, text] = answer
        found, problem = answer
        return found, (dict(problem) if problem else None)

    def unit(self, text: str) -> tuple[OrganisationalUnit | None, dict | None]:
        return self._remembered("unit", text, self._unit)

    def territory(self, text: str) -> tuple[Territory | None, dict | None]:
        return self._remembered("territory", text, self._territory)

    def _unit(self, text: str) -> tuple[OrganisationalUnit | None, dict | None]:
        key = header_key(text)
        if key in self.units_by_label:
            return self.units_by_label[key], None
        matches = self.units_by_acronym.get(key, [])
        if len(matches) == 1:
            return matches[0], None
        if not matches:
            return None, {"code": "unknown_unit", "params": {"value": text}}
        options = "; ".join(f"“{unit}”" for unit in matches)
        return None, {"code": "ambiguous_unit", "params": {"value": text, "options": options}}

    def _territory(self, text: str) -> tuple[Territory | None, dict | None]:
        territory = self.territories_by_key.get(header_key(text))
        if territory is None:
            return None, {"code": "unknown_territory", "params": {"value": text}}
        return territory, None

    def unit_label(self, unit_id: int | None) -> str:
        if unit_id not in self._unit_labels:
            self._unit_labels[unit_id] = str(self.units[unit_id]) if unit_id in self.units else ""
        return self._unit_labels[unit_id]

    def territory_label(self, territory_id: int | None) -> str:
        return str(self.territories[territory_id]) if territory_id in self.territories else ""


@dataclasses.dataclass(slots=True)
class _Line:
    """One line of the file on its way through the checks."""

    line: int
    registration_number: str
    email: str
    full_name: str
    social_name: str
    job_title: str
    unit: OrganisationalUnit | None = None
    territory: Territory | None = None
    errors: list[dict] = dataclasses.field(default_factory=list)
    warnings: list[dict] = dataclasses.field(default_factory=list)
    person: User | None = None  # an existing person the line is about
    person_id: int | None = None  # theirs, or the new person's once created
    action: str = PersonImportRow.Action.ERROR
    changes: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    changed_fields: list[str] = dataclasses.field(default_factory=list)

    def error(self, code: str, **params) -> None:
        self.errors.append({"code": code, "params": params})

    @property
    def outcome(self) -> str:
        return PersonImportRow.Action.ERROR if self.errors else self.action

    def as_row(self, import_id: int) -> tuple:
        """The line's ``PersonImportRow``, as the values of ``ROW_COLUMNS``."""
        return (
            import_id,
            self.line,
            self.outcome,
            self.registration_number[:60],
            self.email[:300],
            self.full_name[:300],
            self.person_id,
            _json(self.changes),
            _json(self.errors),
            _json(self.warnings),
        )


def _json(value: dict | list) -> str:
    """What ``JSONField`` stores (``json.dumps``), as text both databases read; most lines
    have no errors and no warnings."""
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value)


ROW_COLUMNS = (
    "person_import_id",
    "line",
    "action",
    "registration_number",
    "email",
    "full_name",
    "person_id",
    "changes",
    "errors",
    "warnings",
)


def _insert_many(model, columns: tuple[str, ...], values: list[tuple]) -> None:
    """Insert ready values (JSON as text) in one statement: PostgreSQL's COPY, else one
    ``executemany`` INSERT. For a hundred thousand rows, the ORM's ``bulk_create`` spends far
    longer preparing each field than the database spends, and PostgreSQL would parse and
    plan each INSERT of an ``executemany`` on its own."""
    if not values:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    # In a transaction: in autocommit mode SQLite would commit (and sync) after every row.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                values,
            )


class _AnyOf(Lookup):
    """``field = ANY(%s)`` with the values as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)


def _one_of(field: str, values: Collection[str]) -> Q:
    """``field__in=values``, as PostgreSQL takes a thousand values best: one array, not a
    thousand placeholders for psycopg to parse and the server to plan."""
    if connection.vendor == "postgresql":
        return Q(_AnyOf(F(field), list(values)))
    return Q(**{f"{field}__in": values})


def _with_registration_number(numbers: Collection[str]) -> Q:
    # Said outright, "not blank" lets both databases use the partial unique index.
    return _one_of("registration_number", numbers) & ~Q(registration_number="")


class _NewPeople:
    """Inserts new people with every other column at its default, computed once."""

    GIVEN = (
        "email",
        "full_name",
        "social_name",
        "registration_number",
        "job_title",
        "unit",
        "territory",
        "password",
    )

    def __init__(self, *, now):
        fixed = {"is_active": True, "date_joined": now}
        self.columns: list[str] = []
        self.defaults: list = []
        for field in User._meta.concrete_fields:
            if field.primary_key or field.name in self.GIVEN:
                continue
            value = fixed[field.name] if field.name in fixed else field.get_default()
            self.columns.append(field.name)
            self.defaults.append(field.get_db_prep_save(value, connection))

    def insert(self, items: list[_Line]) -> None:
        ids = _drawn_ids(User, len(items))
        values = [
            (
                *((ids[index],) if ids else ()),
                item.email,
                item.full_name,
                item.social_name,
                item.registration_number,
                item.job_title,
                item.unit.pk if item.unit else None,
                item.territory.pk if item.territory else None,
                # What make_password(None) gives, without drawing 40 random characters one
                # by one for each of a hundred thousand people.
                UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(UNUSABLE_PASSWORD_SUFFIX_LENGTH // 2),
                *self.defaults,
            )
            for index, item in enumerate(items)
        ]
        _insert_many(User, (*(("id",) if ids else ()), *self.GIVEN, *self.columns), values)
        if not ids:
            # Registration numbers are required and unique: they find the new ids again.
            numbers = [item.registration_number for item in items]
            found = dict(
                User.objects.filter(_with_registration_number(numbers)).values_list(
                    "registration_number", "pk"
                )
            )
            ids = [found[number] for number in numbers]
        for item, pk in zip(items, ids, strict=True):
            item.person_id = pk


def _drawn_ids(model, count: int) -> list[int]:
    """On PostgreSQL, ``count`` ids from the table's sequence, so the new rows are written with
    them and need no looking up again; elsewhere none (the database numbers the rows)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


class _EmailCheck(EmailValidator):
    """Django's e-mail validation, each domain's verdict kept: a list has a hundred thousand
    addresses at a handful of domains."""

    # The same pattern, compiled now rather than reached through a lazy proxy every call.
    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)

    def __init__(self):
        super().__init__()
        self._domains: dict[str, bool] = {}

    def validate_domain_part(self, domain_part: str) -> bool:
        verdict = self._domains.get(domain_part)
        if verdict is None:
            verdict = super().validate_domain_part(domain_part)
            if len(self._domains) < 10_000:
                self._domains[domain_part] = verdict
        return verdict


_validate_email = _EmailCheck()


def _clean(text: str) -> str:
    return " ".join(text.split())


def _read_line(
    line: int, cells: dict[str, str], directory: _Directory, scope: ManagerScope
) -> _Line:
    """The checks a line passes on its own: required, lengths, e-mail, unit, territory."""
    item = _Line(
        line=line,
        registration_number=cells.get("registration_number", "").strip(),
        email=cells.get("email", "").strip().lower(),
        full_name=_clean(cells.get("full_name", "")),
        social_name=_clean(cells.get("social_name", "")),
        job_title=_clean(cells.get("job_title", "")),
    )
    for field in REQUIRED_COLUMNS:
        if not getattr(item, field):
            item.error("missing", field=field)
    for field, limit in _MAX_LENGTHS.items():
        if len(getattr(item, field)) > limit:
            item.error("too_long", field=field, max=limit)
    if item.email and len(item.email) <= _MAX_LENGTHS["email"]:
        try:
            _validate_email(item.email)
        except ValidationError:
            item.error("invalid_email", value=item.email)
    if unit_text := cells.get("unit", "").strip():
        item.unit, problem = directory.unit(unit_text)
        if problem:
            item.errors.append(problem)
        elif not scope.covers(item.unit):
            item.error("unit_outside_scope", value=str(item.unit))
    if territory_text := cells.get("territory", "").strip():
        item.territory, problem = directory.territory(territory_text)
        if problem:
            item.errors.append(problem)
    return item


class _Seen:
    """The registration numbers and e-mails of earlier lines: all a run keeps of them."""

    def __init__(self):
        self.registration_numbers: dict[str, int] = {}
        self.emails: dict[str, int] = {}

    def check(self, item: _Line) -> None:
        if item.registration_number:
            first = self.registration_numbers.setdefault(item.registration_number, item.line)
            if first != item.line:
                item.error("duplicate_registration_number", line=first)
        if item.email:
            first = self.emails.setdefault(item.email, item.line)
            if first != item.line:
                item.error("duplicate_email", line=first)


def _people_for(items: list[_Line]) -> tuple[dict[str, User], dict[str, User]]:
    """The people a batch may be about: by registration number and by lower-case e-mail."""
    numbers = {item.registration_number for item in items if item.registration_number}
    emails = {item.email for item in items if item.email}
    by_number: dict[str, User] = {}
    by_email: dict[str, User] = {}
    if not numbers and not emails:
        return by_number, by_email
    matching = Q()
    if numbers:
        matching |= _with_registration_number(numbers)
    if emails:
        matching |= _one_of("email_ci", emails)
    # One query for both keys: a person found by one is often the one found by the other.
    for person in (
        User.objects.annotate(email_ci=Lower("email")).filter(matching).only(*_PERSON_FIELDS)
    ):
        if person.registration_number in numbers:
            by_number[person.registration_number] = person
        if person.email_ci in emails:
            by_email[person.email_ci] = person
    return by_number, by_email


def _claimed(people: list[User]) -> set[int]:
    """Who has used their account: their e-mail address is theirs to change, not HR's."""
    from allauth.account.models import EmailAddress

    claimed = {
        p.pk
        for p in people
        if p.has_usable_password() or p.last_login is not None or p.is_staff or p.is_superuser
    }
    unsure = [p.pk for p in people if p.pk not in claimed]
    if unsure:
        claimed.update(
            EmailAddress.objects.filter(user_id__in=unsure, verified=True).values_list(
                "user_id", flat=True
            )
        )
        # Nobody's login that carries a role beyond learner changes from a spreadsheet.
        claimed.update(
            User.groups.through.objects.filter(user_id__in=unsure)
            .exclude(group__name=Role.LEARNER.value)
            .values_list("user_id", flat=True)
        )
    return claimed


def _decide(items: list[_Line], directory: _Directory, scope: ManagerScope) -> None:
    """Match each line to a person and work out what it does (or the error it has)."""
    by_number, by_email = _people_for([item for item in items if not item.errors])
    for item in items:
        if item.errors:
            continue
        person = by_number.get(item.registration_number)
        owner = by_email.get(item.email)
        # Someone outside the uploader's scope gets one answer, whichever identifier matched
        # and however: nothing more about them (who they are, their other identifier).
        if any(
            found is not None and not scope.covers(directory.units.get(found.unit_id))
            for found in (person, owner)
        ):
            item.error("person_outside_scope")
            continue
        if person is None:
            person = owner
            if person is not None and person.registration_number:
                item.error("email_other_registration")
                continue
        elif owner is not None and owner.pk != person.pk:
            item.error("email_taken")
            continue
        unit_id = item.unit.pk if item.unit else (person.unit_id if person else None)
        if not scope.is_city_wide and unit_id is None:
            item.error("unit_required")
            continue
        item.person = person
        item.person_id = person.pk if person is not None else None
        if person is None:
            item.action = PersonImportRow.Action.CREATE
            item.changes = {
                field: ["", value]
                for field, value in (
                    ("registration_number", item.registration_number),
                    ("full_name", item.full_name),
                    ("social_name", item.social_name),
                    ("email", item.email),
                    ("job_title", item.job_title),
                    ("unit", directory.unit_label(item.unit.pk) if item.unit else ""),
                    ("territory", item.territory.name if item.territory else ""),
                )
                if value
            }
    updates = [item for item in items if not item.errors and item.person is not None]
    changing_email = [item.person for item in updates if item.person.email.lower() != item.email]
    claimed = _claimed(changing_email) if changing_email else set()
    for item in updates:
        _changes_for(item, directory, claimed)


def _changes_for(item: _Line, directory: _Directory, claimed: set[int]) -> None:
    person = item.person

    def change(field: str, attribute: str, before, after, shown_before=None, shown_after=None):
        if before != after:
            item.changed_fields.append(attribute)
            item.changes[field] = [
                shown_before if shown_before is not None else before,
                shown_after if shown_after is not None else after,
            ]

    if not person.registration_number:
        change(
            "registration_number",
            "registration_number",
            person.registration_number,
            item.registration_number,
        )
    change("full_name", "full_name", person.full_name, item.full_name)
    if item.social_name:
        change("social_name", "social_name", person.social_name, item.social_name)
    if item.job_title:
        change("job_title", "job_title", person.job_title, item.job_title)
    if item.unit:
        change(
            "unit",
            "unit_id",
            person.unit_id,
            item.unit.pk,
            directory.unit_label(person.unit_id),
            str(item.unit),
        )
    if item.territory:
        change(
            "territory",
            "territory_id",
            person.territory_id,
            item.territory.pk,
            directory.territory_label(person.territory_id),
            str(item.territory),
        )
    if person.email.lower() != item.email:
        if person.pk in claimed:
            item.warnings.append({"code": "email_kept", "params": {}})
        else:
            change("email", "email", person.email, item.email)
    item.action = (
        PersonImportRow.Action.UPDATE if item.changed_fields else PersonImportRow.Action.UNCHANGED
    )


def _write(items: list[_Line], *, creator: _NewPeople, learner_group_id: int | None) -> None:
    """Create and update the people of a checked batch (inside the apply transaction)."""
    from allauth.account.models import EmailAddress

    new_people = [
        item for item in items if not item.errors and item.action == PersonImportRow.Action.CREATE
    ]
    if new_people:
        creator.insert(new_people)
        if learner_group_id is not None:
            _insert_many(
                User.groups.through,
                ("user", "group"),
                [(item.person_id, learner_group_id) for item in new_people],
            )

    changed = [
        item for item in items if not item.errors and item.action == PersonImportRow.Action.UPDATE
    ]
    bulk, one_by_one, new_email = [], [], []
    for item in changed:
        person = item.person
        values = {
            "registration_number": item.registration_number,
            "full_name": item.full_name,
            "social_name": item.social_name,
            "job_title": item.job_title,
            "unit_id": item.unit.pk if item.unit else None,
            "territory_id": item.territory.pk if item.territory else None,
            "email": item.email,
        }
        for attribute in item.changed_fields:
            setattr(person, attribute, values[attribute])
        if "email" in item.changed_fields:
            new_email.append(person.pk)
        # A new registration number re-keys the person's indicators: saved one by one so
        # the apps that listen to the person's post_save (enrollments) follow.
        (one_by_one if "registration_number" in item.changed_fields else bulk).append(item)
    if bulk:
        fields = sorted({attribute for item in bulk for attribute in item.changed_fields})
        User.objects.bulk_update([item.person for item in bulk], fields, batch_size=500)
    for item in one_by_one:
        item.person.save(update_fields=item.changed_fields)
    if new_email:
        # Unconfirmed old addresses must not keep receiving password-reset links.
        EmailAddress.objects.filter(user_id__in=new_email, verified=False).delete()


def _batches(rows: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(rows, size)):
        yield batch


@dataclasses.dataclass
class _Counts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0

    def add(self, action: str) -> None:
        self.rows += 1
        Action = PersonImportRow.Action
        if action == Action.CREATE:
            self.created += 1
        elif action == Action.UPDATE:
            self.updated += 1
        elif action == Action.UNCHANGED:
            self.unchanged += 1
        else:
            self.errors += 1


def _plan_for_growing_tables() -> None:
    """PostgreSQL plans each batch's look-ups with the statistics of the last ANALYZE, which
    cannot count the people this transaction has inserted: into a nearly empty table (a
    city's first list), it would read the whole growing table for every batch rather than
    its indexes. For the rest of this transaction only, it uses an index wherever one fits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")


@contextlib.contextmanager
def _collections_skip_what_was_there() -> Iterator[None]:
    """Keep the cycle collector off the objects that exist before a run (every module, model
    and template of the process): a run allocates a million small objects, and each full
    collection would walk them all again, a quarter of a run's time. Nothing is lost: they
    go back to the collector's care when the run ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _run(
    person_import: PersonImport,
    *,
    scope: ManagerScope,
    apply: bool,
    progress: Callable[[int, int], None],
) -> _Counts:
    """Check (and with ``apply``, write) every line; record each line's outcome."""
    directory = _Directory()
    seen = _Seen()
    counts = _Counts()
    now = timezone.now()
    learner_group_id = None
    creator = _NewPeople(now=now)
    if apply:
        from django.contrib.auth.models import Group

        _plan_for_growing_tables()

        learner_group_id = (
            Group.objects.filter(name=Role.LEARNER.value).values_list("pk", flat=True).first()
        )
    PersonImportRow.objects.filter(person_import=person_import).delete()
    with (
        _collections_skip_what_was_there(),
        person_import.file.open("rb") as file,
        open_table(
            file,
            columns=COLUMNS,
            required=REQUIRED_COLUMNS,
            filename=person_import.original_filename,
        ) as table,
    ):
        total = max(person_import.rows_total, (table.size_hint or 1) - 1)
        reported = -PROGRESS_SECONDS
        for batch in _batches(iter(table), BATCH_SIZE):
            items = [_read_line(line, cells, directory, scope) for line, cells in batch]
            for item in items:
                seen.check(item)
            _decide(items, directory, scope)
            if apply:
                _write(items, creator=creator, learner_group_id=learner_group_id)
            _insert_many(
                PersonImportRow, ROW_COLUMNS, [item.as_row(person_import.pk) for item in items]
            )
            for item in items:
                counts.add(item.outcome)
            # Each report outside the apply transaction is a commit (a disk sync) of its own.
            if time.monotonic() - reported >= PROGRESS_SECONDS:
                progress(counts.rows, max(total, counts.rows))
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
        counts = _run(
            person_import,
            scope=scope,
            apply=False,
            progress=lambda done, total: _report_progress(person_import, done, total),
        )
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
    in one transaction. Queues the invitations after the commit when they were asked for."""
    person_import = PersonImport.objects.select_related("uploaded_by").filter(pk=import_id).first()
    if person_import is None or person_import.status != PersonImport.Status.APPLYING:
        return person_import
    scope = scope or _uploader_scope(person_import)
    if scope is None:
        _fail(person_import, str(_("The person who uploaded this list is no longer a manager.")))
        return person_import
    try:
        with transaction.atomic():
            counts = _run(
                person_import,
                scope=scope,
                apply=True,
                progress=lambda done, total: _report_progress(person_import, done, total),
            )
            _finish(
                person_import,
                counts,
                status=PersonImport.Status.APPLIED,
                applied_at=timezone.now(),
                error="",
            )
            if person_import.send_invitations and counts.created:
                from .tasks import invite_imported_people

                queue_after_commit(invite_imported_people, person_import.pk)
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


# --- Invitations -----------------------------------------------------------------------------


def invitation_url(user: User) -> str:
    """A link to set a first password: allauth's password-reset page with a fresh key.

    The key is Django's token (allauth's e-mail-aware generator): it stops working once a
    password is set, the e-mail changes or ``PASSWORD_RESET_TIMEOUT`` passes.
    """
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def invitation_message(user):
    """The e-mail inviting ``user`` to choose a password (in the site's language: the
    caller activates it), with the link of ``invitation_url``."""

    context = {
        "name": user.display_name,
        "email": user.email,
        "set_password_url": invitation_url(user),
        "reset_url": settings.SITE_URL + reverse("account_reset_password"),
        "site_url": settings.SITE_URL,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    return mail.EmailMessage(
        subject=render_to_string("lms/email/invitation_subject.txt", context).strip(),
        body=render_to_string("lms/email/invitation_message.txt", context),
        to=[user.email],
    )


def person_import_invite(*, import_id: int, chunk: int = 200) -> int:
    """E-mail the people an import created a link to set their password. Returns how many.

    Safe to run twice: each row records when its person was invited. People who meanwhile
    set a password or logged in are not invited.
    """

    sent = 0
    pending = PersonImportRow.objects.filter(
        person_import_id=import_id,
        action=PersonImportRow.Action.CREATE,
        invited_at__isnull=True,
        person__isnull=False,
    ).order_by("pk")
    last_pk = 0
    with translation.override(settings.LANGUAGE_CODE):
        while rows := list(pending.filter(pk__gt=last_pk).select_related("person")[:chunk]):
            last_pk = rows[-1].pk
            messages = [
                invitation_message(row.person)
                for row in rows
                if not (
                    row.person.has_usable_password()
                    or row.person.last_login
                    or not row.person.is_active
                )
            ]
            if messages:
                with mail.get_connection() as connection_:
                    sent += connection_.send_messages(messages) or 0
            PersonImportRow.objects.filter(pk__in=[row.pk for row in rows]).update(
                invited_at=timezone.now()
            )
    if sent:
        PersonImport.objects.filter(pk=import_id).update(invited_count=F("invited_count") + sent)
    return sent
