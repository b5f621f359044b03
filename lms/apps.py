from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LmsConfig(AppConfig):
    """The core app: people and organisation."""

    name = "lms"
    default = True
    verbose_name = _("People and organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from .roles import grant_role_permissions_after_migrate
        from .services import on_user_signed_up

        post_migrate.connect(
            grant_role_permissions_after_migrate, dispatch_uid="lms_grant_role_permissions"
        )
        user_signed_up.connect(on_user_signed_up, dispatch_uid="lms_learner_on_signup")


class CapacitaWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the forms and listing of Capacita's user model."""

    user_viewset = "lms.admin_views.PersonViewSet"
