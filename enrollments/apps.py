from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentsConfig(AppConfig):
    name = "enrollments"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        post_save.connect(
            rekey_person_indicators,
            sender=get_user_model(),
            dispatch_uid="enrollments_rekey_person_indicators",
        )


def rekey_person_indicators(sender, instance, created: bool, update_fields=None, **kwargs):
    """A person is counted by registration number: when it changes, their rows follow."""
    if created or (update_fields is not None and "registration_number" not in update_fields):
        return
    from .services import person_indicators_refresh

    person_indicators_refresh(user=instance)
