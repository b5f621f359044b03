import datetime

from django.core.management.base import BaseCommand, CommandError

from enrollments.services import indicator_snapshots_backfill, indicator_snapshots_take


class Command(BaseCommand):
    help = (
        "Store each goal's figure at the end of a month: --month YYYY-MM, or --backfill for "
        "every finished month. Snapshots already taken are kept unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM")
        parser.add_argument("--backfill", action="store_true")
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, month=None, backfill=False, replace=False, **options):
        if bool(month) == backfill:
            raise CommandError("Diga --month AAAA-MM ou --backfill.")
        if backfill:
            written = indicator_snapshots_backfill(replace=replace)
        else:
            try:
                day = datetime.datetime.strptime(month, "%Y-%m").date()
            except ValueError as error:
                raise CommandError(f"Mês inválido: {month!r} (use AAAA-MM).") from error
            written = indicator_snapshots_take(month=day, replace=replace)
        self.stdout.write(f"retratos dos indicadores: {written} gravados")
