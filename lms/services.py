"""Writes about people: roles on sign-up, role changes."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.http import HttpRequest

from .models import User
from .roles import Role


def person_add_role(*, user: User, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)


def on_user_signed_up(request: HttpRequest, user: User, **kwargs) -> None:
    """Everyone who signs up (by e-mail or through the city's login) starts as a learner."""
    person_add_role(user=user, role=Role.LEARNER)
