from django.apps import AppConfig


class CoursesConfig(AppConfig):
    # Filled in by its own issue; present now so the layout and dependencies are fixed.
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"
