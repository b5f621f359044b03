from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    # Filled in by its own issue; present now so the layout and dependencies are fixed.
    name = "enrollments"
    default_auto_field = "django.db.models.BigAutoField"
