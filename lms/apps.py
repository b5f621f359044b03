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
        from allauth.account.signals import password_reset, user_signed_up

        from .adapters import login_failures_clear
        from .roles import grant_role_permissions_after_migrate
        from .services import on_user_signed_up

        post_migrate.connect(
            grant_role_permissions_after_migrate, dispatch_uid="lms_grant_role_permissions"
        )
        user_signed_up.connect(on_user_signed_up, dispatch_uid="lms_learner_on_signup")
        # The owner's way back in after failed log-ins: a reset clears the counts.
        password_reset.connect(login_failures_clear, dispatch_uid="lms_login_failures_clear")


class CapacitaWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the forms, listing and bulk actions of Capacita's people."""

    user_viewset = "lms.admin_views.PersonViewSet"

    def ready(self) -> None:
        from wagtail import hooks

        from .admin_views import PERSON_BULK_ACTIONS

        super().ready()
        for action in PERSON_BULK_ACTIONS:
            # After Wagtail's own (order 0), which each replaces for the user model.
            hooks.register("register_bulk_action", action, order=1)
