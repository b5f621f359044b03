"""Reading an HR list: its columns, the upload's first checks, and what each line says.

A line is checked here only for what it shows on its own (required cells, lengths, the
e-mail's form); what it means for the register is ``deciding``'s part.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from ..models import OrganisationalUnit, PersonImportRow, Territory, User
from ..tabular import Table, TableError, open_table

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


def open_list(file, *, filename: str) -> Table:
    """The uploaded list as a table of the people columns (``TableError`` if unreadable)."""
    return open_table(file, columns=COLUMNS, required=REQUIRED_COLUMNS, filename=filename)


@dataclasses.dataclass(slots=True)
class Line:
    """One line of the file: what it says, then (``deciding``) what it does."""

    line: int
    registration_number: str
    email: str
    full_name: str
    social_name: str
    job_title: str
    unit_text: str
    territory_text: str
    errors: list[dict] = dataclasses.field(default_factory=list)
    warnings: list[dict] = dataclasses.field(default_factory=list)
    unit: OrganisationalUnit | None = None
    territory: Territory | None = None
    person: User | None = None  # the existing person the line is about
    person_id: int | None = None  # theirs, or the new person's once created
    action: str = PersonImportRow.Action.ERROR
    changes: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    changed_fields: list[str] = dataclasses.field(default_factory=list)

    def error(self, code: str, **params) -> None:
        self.errors.append({"code": code, "params": params})

    def warn(self, code: str, **params) -> None:
        self.warnings.append({"code": code, "params": params})

    @property
    def outcome(self) -> str:
        return PersonImportRow.Action.ERROR if self.errors else self.action


def _clean(text: str) -> str:
    return " ".join(text.split())


def read_line(line: int, cells: dict[str, str]) -> Line:
    """A line as the file has it, with the checks it passes on its own."""
    item = Line(
        line=line,
        registration_number=cells.get("registration_number", "").strip(),
        email=cells.get("email", "").strip().lower(),
        full_name=_clean(cells.get("full_name", "")),
        social_name=_clean(cells.get("social_name", "")),
        job_title=_clean(cells.get("job_title", "")),
        unit_text=cells.get("unit", "").strip(),
        territory_text=cells.get("territory", "").strip(),
    )
    for field in REQUIRED_COLUMNS:
        if not getattr(item, field):
            item.error("missing", field=field)
    for field, limit in _MAX_LENGTHS.items():
        if len(getattr(item, field)) > limit:
            item.error("too_long", field=field, max=limit)
    if item.email and len(item.email) <= _MAX_LENGTHS["email"]:
        try:
            validate_email(item.email)
        except ValidationError:
            item.error("invalid_email", value=item.email)
    return item


def read_lines(table: Table) -> Iterator[Line]:
    """Every line of ``table``, read one at a time (the file is never held whole)."""
    for line, cells in table:
        yield read_line(line, cells)
