"""Load the demo data. Idempotent: running it again changes nothing but the demo passwords
and the staff accounts' authenticator apps (back to the documented secret, new recovery codes).

Each installed project app may have a ``demo`` module with ``seed_demo(stdout)``; they run in
INSTALLED_APPS order (people and organisation first, then the site, then what builds on it).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from lms.demo import demo_accounts_table

PROJECT_APPS = ["lms", "home", "courses", "enrollments", "certificates"]


class Command(BaseCommand):
    help = "Carrega os dados de demonstração (idempotente)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Carrega mesmo com DEBUG desligado (cria contas com senhas públicas!).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Recusado: DEBUG está desligado, e os dados de demonstração criam contas com "
                "senhas públicas. Use --force se este é mesmo um ambiente de demonstração."
            )
        self.stdout.write("Carregando dados de demonstração…")
        # Demo people are invented: the e-mails their past completions would trigger (run
        # after each commit) go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for label in PROJECT_APPS:
                if not apps.is_installed(label) or find_spec(f"{label}.demo") is None:
                    continue
                with transaction.atomic():
                    import_module(f"{label}.demo").seed_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Dados de demonstração prontos."))
        self.stdout.write("Contas de demonstração (apenas para demonstração):")
        self.stdout.write(demo_accounts_table())
