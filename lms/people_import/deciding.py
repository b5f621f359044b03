"""Deciding what each line of a list does: its unit and territory, whether an earlier line
already had its identifiers, and the person of the register it is about (create, update
which fields, unchanged, or the error that stops it). Nothing is written here.

Rules:

- A line is matched to a person by registration number, else by e-mail (any case).
- Blank cells, and columns the file does not have, leave what the person has untouched: an
  import adds and corrects, it never erases (a social name the person set stays).
- E-mail addresses are logins: an import changes one only while the account has never been
  claimed (no usable password, never logged in, no confirmed address) and has no role beyond
  learner; otherwise the line keeps the current address and says so.
- A manager with a unit imports only into that unit's subtree and updates only people in it;
  anyone outside gets one answer that names nobody.
"""

from __future__ import annotations

import functools

from allauth.account.models import EmailAddress
from django.db.models.functions import Lower

from ..models import OrganisationalUnit, PersonImportRow, Territory, User
from ..roles import Role
from ..scopes import ManagerScope
from ..tabular import header_key
from .reading import Line

Action = PersonImportRow.Action

# A list names a few dozen units and territories a hundred thousand times.
_key = functools.lru_cache(maxsize=4096)(header_key)

# PostgreSQL finds a few hundred e-mails through the unique index on Lower(email) (about
# 2 ms among 120,000 people); given a thousand, it reads the whole table (about 115 ms).
EMAILS_PER_QUERY = 250

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


class Directory:
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

    def resolve(self, item: Line, scope: ManagerScope) -> None:
        """The line's unit and territory, or the error that names the text it has."""
        if item.unit_text:
            key = _key(item.unit_text)
            matches = self.units_by_acronym.get(key, [])
            if key in self.units_by_label:
                item.unit = self.units_by_label[key]
            elif len(matches) == 1:
                item.unit = matches[0]
            elif not matches:
                item.error("unknown_unit", value=item.unit_text)
            else:
                options = "; ".join(f"“{unit}”" for unit in matches)
                item.error("ambiguous_unit", value=item.unit_text, options=options)
            if item.unit is not None and not scope.covers(item.unit):
                item.error("unit_outside_scope", value=str(item.unit))
        if item.territory_text:
            item.territory = self.territories_by_key.get(_key(item.territory_text))
            if item.territory is None:
                item.error("unknown_territory", value=item.territory_text)

    def unit_label(self, unit_id: int | None) -> str:
        return str(self.units[unit_id]) if unit_id in self.units else ""

    def territory_label(self, territory_id: int | None) -> str:
        return str(self.territories[territory_id]) if territory_id in self.territories else ""


class EarlierLines:
    """The registration numbers and e-mails of earlier lines: all a run keeps of them."""

    def __init__(self):
        self.registration_numbers: dict[str, int] = {}
        self.emails: dict[str, int] = {}

    def check(self, item: Line) -> None:
        if item.registration_number:
            first = self.registration_numbers.setdefault(item.registration_number, item.line)
            if first != item.line:
                item.error("duplicate_registration_number", line=first)
        if item.email:
            first = self.emails.setdefault(item.email, item.line)
            if first != item.line:
                item.error("duplicate_email", line=first)


def decide(
    items: list[Line], *, directory: Directory, earlier: EarlierLines, scope: ManagerScope
) -> None:
    """Work out what each line of a batch does (or the errors it has), against the register
    as it is now."""
    for item in items:
        directory.resolve(item, scope)
        earlier.check(item)
    by_number, by_email = _people_for([item for item in items if not item.errors])
    for item in items:
        if not item.errors:
            _match(item, by_number, by_email, directory, scope)
    updates = [item for item in items if not item.errors and item.person is not None]
    changing_email = [item.person for item in updates if item.person.email.lower() != item.email]
    claimed = _claimed(changing_email) if changing_email else set()
    for item in updates:
        _changes_for(item, directory, claimed)


def _people_for(items: list[Line]) -> tuple[dict[str, User], dict[str, User]]:
    """The people a batch may be about: by registration number and by lower-case e-mail."""
    people = User.objects.only(*_PERSON_FIELDS).order_by()
    # Each key through its unique index: "not blank" said outright lets PostgreSQL use the
    # partial one on registration numbers; e-mails are compared as the one on Lower(email)
    # has them.
    by_number = {
        person.registration_number: person
        for person in people.filter(
            registration_number__in={item.registration_number for item in items}
        ).exclude(registration_number="")
    }
    by_email = {}
    emails = sorted({item.email for item in items})
    for start in range(0, len(emails), EMAILS_PER_QUERY):
        chunk = emails[start : start + EMAILS_PER_QUERY]
        for person in people.annotate(email_ci=Lower("email")).filter(email_ci__in=chunk):
            by_email[person.email_ci] = person
    return by_number, by_email


def _match(
    item: Line,
    by_number: dict[str, User],
    by_email: dict[str, User],
    directory: Directory,
    scope: ManagerScope,
) -> None:
    person = by_number.get(item.registration_number)
    owner = by_email.get(item.email)
    # Someone outside the uploader's scope gets one answer, whichever identifier matched
    # and however: nothing more about them (who they are, their other identifier).
    if any(
        found is not None and not scope.covers(directory.units.get(found.unit_id))
        for found in (person, owner)
    ):
        item.error("person_outside_scope")
        return
    if person is None:
        person = owner
        if person is not None and person.registration_number:
            item.error("email_other_registration")
            return
    elif owner is not None and owner.pk != person.pk:
        item.error("email_taken")
        return
    unit_id = item.unit.pk if item.unit else (person.unit_id if person else None)
    if not scope.is_city_wide and unit_id is None:
        item.error("unit_required")
        return
    item.person = person
    if person is not None:
        item.person_id = person.pk
        return
    item.action = Action.CREATE
    item.changes = {
        field: ["", value]
        for field, value in (
            ("registration_number", item.registration_number),
            ("full_name", item.full_name),
            ("social_name", item.social_name),
            ("email", item.email),
            ("job_title", item.job_title),
            ("unit", str(item.unit) if item.unit else ""),
            ("territory", item.territory.name if item.territory else ""),
        )
        if value
    }


def _claimed(people: list[User]) -> set[int]:
    """Who has used their account: their e-mail address is theirs to change, not HR's."""
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


def _changes_for(item: Line, directory: Directory, claimed: set[int]) -> None:
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
            item.warn("email_kept")
        else:
            change("email", "email", person.email, item.email)
    item.action = Action.UPDATE if item.changed_fields else Action.UNCHANGED
