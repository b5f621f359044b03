"""The authenticator-app code of the demo's managers and administrator, for whoever tries the
demo without installing an app. Debug only: the secret is public, but a code printed on a
production server would only ever be for demo accounts that should not exist there."""

import time

from allauth.mfa import app_settings
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.demo import DEMO_TOTP_SECRET
from lms.mfa import totp_code


class Command(BaseCommand):
    help = "Mostra o código do app autenticador das contas de demonstração (só com DEBUG)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Recusado: só com DEBUG ligado (ambiente de demonstração).")
        now = time.time()
        seconds_left = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
        self.stdout.write(totp_code(DEMO_TOTP_SECRET, at=now))
        self.stderr.write(f"Próximo código em {seconds_left} s (segredo {DEMO_TOTP_SECRET}).")
