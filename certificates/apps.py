from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    # Filled in by its own issue; present now so the layout and dependencies are fixed.
    name = "certificates"
    default_auto_field = "django.db.models.BigAutoField"
