"""Import a list of people from the command line, for operators: check it, then apply it.

    manage.py import_people lista.csv            # check only: the preview, as a report
    manage.py import_people lista.csv --apply    # check and import the valid lines
    manage.py import_people lista.csv --apply --invite

The rules are those of the back office (``lms.people_import``), city-wide.
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from lms import people_import
from lms.celery import queue_after_commit
from lms.models import PersonImport
from lms.scopes import ManagerScope
from lms.tasks import invite_imported_people


class Command(BaseCommand):
    help = "Check (and with --apply, import) a CSV or XLSX list of people."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="Import the valid lines.")
        parser.add_argument(
            "--invite",
            action="store_true",
            help="E-mail new people a link to choose a password (only with --apply).",
        )

    def handle(self, *args, file: Path, apply: bool, invite: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        city = ManagerScope(unit=None)
        with file.open("rb") as content:
            upload = File(content, name=file.name)
            upload.size = file.stat().st_size
            try:
                people_import.person_import_check_file(upload)
            except people_import.PersonImportError as error:
                raise CommandError(str(error.message)) from error
            person_import = PersonImport(
                original_filename=file.name[:255], send_invitations=invite and apply
            )
            person_import.file.save(file.name, upload, save=False)
            person_import.save()
        person_import = people_import.person_import_validate(import_id=person_import.pk, scope=city)
        self._report(person_import)
        if person_import.status != PersonImport.Status.VALIDATED or not apply:
            return
        person_import.status = PersonImport.Status.APPLYING
        person_import.save(update_fields=["status"])
        person_import = people_import.person_import_apply(import_id=person_import.pk, scope=city)
        self._report(person_import)
        if people_import.person_import_wants_invitations(person_import):
            queue_after_commit(invite_imported_people, person_import.pk)

    def _report(self, person_import: PersonImport) -> None:
        if person_import.status == PersonImport.Status.FAILED:
            raise CommandError(person_import.error)
        for row in person_import.rows.filter(action="error").order_by("line")[:200]:
            self.stdout.write(
                f"line {row.line}: " + " ".join(people_import.row_messages(row.errors))
            )
        self.stdout.write(
            f"{person_import.get_status_display()}: {person_import.rows_total} lines, "
            f"{person_import.created_count} to create/created, "
            f"{person_import.updated_count} to update/updated, "
            f"{person_import.unchanged_count} unchanged, {person_import.error_count} with errors."
        )
