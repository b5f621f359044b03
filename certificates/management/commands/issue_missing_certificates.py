"""Issue every certificate a completion still lacks, now (after restoring a backup, say)."""

import datetime

from django.core.management.base import BaseCommand

from certificates.services import certificates_issue_missing


class Command(BaseCommand):
    help = "Emite agora os certificados de todas as conclusões que ainda não têm um."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=500, help="Quantos emitir por lote (padrão 500)."
        )

    def handle(self, *args, batch: int, **options):
        total = 0
        while issued := certificates_issue_missing(grace=datetime.timedelta(0), limit=batch):
            total += issued
            self.stdout.write(f"  {total} emitidos…")
        self.stdout.write(self.style.SUCCESS(f"Certificados emitidos: {total}."))
