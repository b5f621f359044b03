"""Before and after: what an audited change did, field by field.

A change that moves the plan's figures (a goal's target, a course's goals, a class closed) is
recorded with the value of each changed field before and after it (``AuditEvent.changes``).
Values are kept as the text a person reads (a unit's acronym, a date, a list of goal codes), so
the record still reads the same after the objects it names change or go.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Snapshot = dict[str, object]


def value_text(value) -> object:
    """A field's value as JSON keeps it and a person reads it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(str(item) for item in value)
    return str(value)


def model_snapshot(instance: Model, fields: list[str]) -> Snapshot:
    """The values of ``fields`` of ``instance`` (many-to-many: the sorted labels)."""
    snapshot: Snapshot = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if field.many_to_many or field.one_to_many:
            value = [str(item) for item in value.all()]
        snapshot[name] = value_text(value)
    return snapshot


def snapshot_changes(before: Snapshot, after: Snapshot) -> dict[str, list]:
    """``{field: [before, after]}`` for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }


def _field(model_label: str, name: str):
    try:
        return apps.get_model(model_label)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def described(before: Snapshot, after: Snapshot, *, created: str, deleted: str, changed: str):
    """The description that fits a change: nothing before (created), nothing after (deleted),
    or both."""
    return created if not before else deleted if not after else changed


def change_label(model_label: str, name: str) -> str:
    """The field's name as the admin shows it, in the reader's language."""
    field = _field(model_label, name)
    if field is None:
        return name
    if hasattr(field, "verbose_name"):
        return capfirst(field.verbose_name)
    return capfirst(field.related_model._meta.verbose_name_plural)


def _shown(value, choices: dict) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(choices.get(value, value))


def changes_lines(changes: Mapping[str, list], model_label: str = "") -> list[str]:
    """Each change as one line, in the reader's language: "Target: 3000 → 4500"."""
    lines = []
    for name, (before, after) in changes.items():
        field = _field(model_label, name)
        choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
        lines.append(
            f"{change_label(model_label, name)}: "
            f"{_shown(before, choices)} → {_shown(after, choices)}"
        )
    return lines


# The keys of ``AuditEvent.scope`` as a reader sees them; values too where they are codes.
SCOPE_LABELS = {
    "class": gettext_lazy("Class"),
    "import": gettext_lazy("Import"),
    "errors_only": gettext_lazy("Errors only"),
    "bulk_enrolment": gettext_lazy("Bulk enrolment"),
    "source": gettext_lazy("Source"),
    "by": gettext_lazy("Searched by"),
    "accounts": gettext_lazy("Accounts found"),
    "account": gettext_lazy("Account"),
    "result": gettext_lazy("Result"),
    "completed": gettext_lazy("Completed the course"),
    "not_completed": gettext_lazy("Did not complete"),
    "goal": gettext_lazy("Goal"),
    "page": gettext_lazy("Page"),
    "year": gettext_lazy("Year"),
    "scope": gettext_lazy("Scope"),
    "format": gettext_lazy("Format"),
    "enrolled": gettext_lazy("Enrolled"),
    "already": gettext_lazy("Already enrolled"),
    "waiting": gettext_lazy("On the waiting list"),
    "already_waiting": gettext_lazy("Already on the waiting list"),
    "no_seat": gettext_lazy("No seat left"),
    "other_class": gettext_lazy("In another class"),
    "not_found": gettext_lazy("Not found"),
}
SCOPE_VALUES = {
    "e-mail": gettext_lazy("e-mail"),
    "text": gettext_lazy("name or registration number"),
    **{key: SCOPE_LABELS[key] for key in ("enrolled", "already", "waiting", "already_waiting")},
}


def scope_text(scope: Mapping[str, object]) -> str:
    """An event's scope and filters in one line: "Period: …; Class: …"."""
    parts = []
    for key, value in scope.items():
        if key == "model":  # what ``changes`` names, shown through its labels instead
            continue
        if key == "filters" and isinstance(value, list):
            parts.extend(f"{label}: {text}" for label, text in value)
        elif value not in ("", None, [], {}):
            if isinstance(value, bool):
                value = _("yes") if value else _("no")
            elif isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, str):
                value = SCOPE_VALUES.get(value, value)
            parts.append(f"{SCOPE_LABELS.get(key, key)}: {value}")
    return "; ".join(parts)
