"""Who may see whose figures and people: the one place every manager view and export asks.

A manager's scope is data: ``User.managed_unit`` (that unit and everything under it), or the
whole city when it is empty. Administrators (and superusers) see the whole city. Everyone
else has no manager scope at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.admin.menu import MenuItem

from .models import OrganisationalUnit, User
from .roles import ADMIN_ROLES, Role


@dataclass(frozen=True)
class ManagerScope:
    unit: OrganisationalUnit | None  # None: the whole city

    @property
    def is_city_wide(self) -> bool:
        return self.unit is None

    def units(self) -> QuerySet[OrganisationalUnit]:
        units = OrganisationalUnit.objects.all()
        return units if self.unit is None else units.subtree(self.unit)

    def people(self) -> QuerySet[User]:
        people = User.objects.all()
        return people if self.unit is None else people.in_unit_subtree(self.unit)

    def covers(self, unit: OrganisationalUnit | None) -> bool:
        """Whether figures recorded against ``unit`` fall inside this scope."""
        if self.unit is None:
            return True
        return unit is not None and unit.path.startswith(self.unit.path)


def user_has_role(user: User, role: Role) -> bool:
    """Whether ``user`` holds ``role``; their roles are read once per request (one query)."""
    if not user.is_authenticated:
        return False
    return role.value in user.role_names


def may_open_admin(user: User) -> bool:
    """Whether the menu offers ``user`` the administration: from their roles, which the
    request has read already (``ADMIN_ROLES``), not from a look-up of every permission."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or bool(user.role_names & ADMIN_ROLES))
    )


def is_administrator(user: User) -> bool:
    """Administrators and superusers: the whole city's figures, and the audit log."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user_has_role(user, Role.ADMINISTRATOR))
    )


def manager_scope(user: User) -> ManagerScope | None:
    """The scope of figures and people ``user`` may see, or None when they may see none."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_administrator(user):
        return ManagerScope(unit=None)
    if user_has_role(user, Role.MANAGER):
        return ManagerScope(unit=user.managed_unit)
    return None


class LogInFirstMixin:
    """Anonymous visitors are sent to log in (and back) before a mixin after this one
    answers 403 to people who may not see the view."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class ManagerOnlyMixin:
    """For back-office views of managers (and administrators): anyone else gets 403.

    Sets ``self.scope``, the scope every figure and person on the view is read in."""

    def dispatch(self, request, *args, **kwargs):
        self.scope = manager_scope(request.user)
        if self.scope is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdministratorOnlyMixin:
    """For back-office views of administrators only: anyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def menu_item_shown_to(may_see):
    """A Wagtail menu item class shown only to the users ``may_see(user)`` accepts."""
    class ShownTo(MenuItem):
        def is_shown(self, request):
            return may_see(request.user)

    return ShownTo


def managers_only_menu_item():
    """A Wagtail menu item class shown only to people with a manager scope."""
    return menu_item_shown_to(lambda user: manager_scope(user) is not None)
