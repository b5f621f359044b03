"""Issue every certificate a completion still lacks, now (after restoring a backup, say)."""

import datetime

from django.core.management.base import BaseCommand

from certificates.services import certificates_issue_missing
from certificates.tasks import queue_sweep


class Command(BaseCommand):
    help = (
        "Emite agora os certificados de todas as conclusões que ainda não têm um "
        "(sem limite de data; só as conclusões recentes geram e-mail)."
    )

    def handle(self, *args, **options):
        backfill = certificates_issue_missing(grace=datetime.timedelta(0), limit=None)
        queue_sweep(backfill)
        self.stdout.write(self.style.SUCCESS(f"Certificados emitidos: {backfill.issued}."))
