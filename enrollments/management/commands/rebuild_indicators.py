from django.core.management.base import BaseCommand

from enrollments.services import indicators_rebuild


class Command(BaseCommand):
    help = "Rebuild the plan's indicator rows from the completions alone (safe to run anytime)."

    def handle(self, *args, **options):
        rows, people = indicators_rebuild()
        self.stdout.write(f"indicadores: {rows} conclusões por meta, {people} pessoas por meta")
