"""Writing what the lines decided, through the ORM: new people (learners, with an unusable
password: they claim the account with the invitation, "forgot my password" or the city's
login), the corrections to existing people, and each line's outcome for the preview.

A batch of lines is written with ``bulk_create`` and ``bulk_update``: a handful of
statements, never one per line.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from ..models import PersonImport, PersonImportRow, User
from .reading import Line

ROWS_PER_STATEMENT = 1000
# An UPDATE of many rows is one CASE per field that each row runs through: kept shorter.
ROWS_PER_UPDATE = 500

_UPDATABLE = {
    "registration_number": lambda item: item.registration_number,
    "full_name": lambda item: item.full_name,
    "social_name": lambda item: item.social_name,
    "job_title": lambda item: item.job_title,
    "unit_id": lambda item: item.unit.pk if item.unit else None,
    "territory_id": lambda item: item.territory.pk if item.territory else None,
    "email": lambda item: item.email,
}


def people_create(items: list[Line], *, learner_group: Group | None) -> None:
    """Create a person for each line, a learner like everyone who signs up."""
    people = []
    for item in items:
        person = User(
            email=item.email,
            full_name=item.full_name,
            social_name=item.social_name,
            registration_number=item.registration_number,
            job_title=item.job_title,
            unit_id=item.unit.pk if item.unit else None,
            territory_id=item.territory.pk if item.territory else None,
        )
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people, batch_size=ROWS_PER_STATEMENT)
    for item, person in zip(items, people, strict=True):
        item.person_id = person.pk
    if learner_group is not None:
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=person.pk, group_id=learner_group.pk) for person in people],
            batch_size=ROWS_PER_STATEMENT,
        )


def people_update(items: list[Line]) -> None:
    """Write each line's changed fields to its person."""
    together, one_by_one, new_email = [], [], []
    for item in items:
        for attribute in item.changed_fields:
            setattr(item.person, attribute, _UPDATABLE[attribute](item))
        if "email" in item.changed_fields:
            new_email.append(item.person.pk)
        # A new registration number re-keys the person's indicators: saved one by one so
        # the apps that listen to the person's post_save (enrollments) follow.
        (one_by_one if "registration_number" in item.changed_fields else together).append(item)
    if together:
        fields = sorted({attribute for item in together for attribute in item.changed_fields})
        people = [item.person for item in together]
        User.objects.bulk_update(people, fields, batch_size=ROWS_PER_UPDATE)
    for item in one_by_one:
        item.person.save(update_fields=item.changed_fields)
    if new_email:
        # Unconfirmed old addresses must not keep receiving password-reset links.
        EmailAddress.objects.filter(user_id__in=new_email, verified=False).delete()


def rows_record(person_import: PersonImport, items: list[Line]) -> None:
    """Keep each line's outcome: the preview, and after applying, what was done."""
    PersonImportRow.objects.bulk_create(
        [
            PersonImportRow(
                person_import_id=person_import.pk,
                line=item.line,
                action=item.outcome,
                registration_number=item.registration_number[:60],
                email=item.email[:300],
                full_name=item.full_name[:300],
                person_id=item.person_id,
                changes=item.changes,
                errors=item.errors,
                warnings=item.warnings,
            )
            for item in items
        ],
        batch_size=ROWS_PER_STATEMENT,
    )
