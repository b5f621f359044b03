"""Writes about people: roles on sign-up, role changes."""

from __future__ import annotations

import uuid

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from .models import AuditEvent, PersonImportRow, User
from .personal_data import sections
from .roles import Role


def person_add_role(*, user: User, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("role_names", None)  # read again on the next question


def on_user_signed_up(request: HttpRequest, user: User, **kwargs) -> None:
    """Everyone who signs up (by e-mail or through the city's login) starts as a learner."""
    person_add_role(user=user, role=Role.LEARNER)


def person_anonymise(*, user: User) -> None:
    """Delete a person's account at their request (LGPD art. 18, VI), keeping the aggregates.

    Everything that names or reaches them goes: name, social name, registration number, job
    title, unit, territory, e-mail addresses, linked log-ins, roles, and what each app
    registered in ``lms.personal_data`` erases (waiting-list places; their name on
    certificates and the stored PDFs that print it), and their name on HR import reports.
    The account row stays, inactive and unusable, under a random e-mail address, so that
    their completions still count in the plan's indicators (as the completion's unit,
    territory and date, which the enrolment keeps) and their certificates still verify,
    without a name. All in one transaction: the indicators (refreshed by the enrolments'
    part) are right the moment it commits.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.full_name = user.social_name = user.registration_number = user.job_title = ""
        user.unit = user.territory = None
        user.email = f"removido-{uuid.uuid4().hex}@anonimizado.invalid"
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        PersonImportRow.objects.filter(person=user).update(
            registration_number="", email="", full_name="", changes={}
        )
        # Their own downloads were recorded with their address: it goes with the account.
        AuditEvent.objects.filter(actor=user, action__in=SELF_SERVICE_ACTIONS).update(
            ip_address=None
        )
        audit_record(actor=user, action=AuditEvent.Action.ACCOUNT_DELETED)
        for section in sections():
            if section.erase:
                section.erase(user)


# --- Audit log -------------------------------------------------------------------------------

# A person acting on their own data: the event keeps the account, not their e-mail.
SELF_SERVICE_ACTIONS = {AuditEvent.Action.OWN_DATA_DOWNLOAD, AuditEvent.Action.ACCOUNT_DELETED}


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address as the rate limits see it (``ALLAUTH_TRUSTED_PROXY_COUNT``
    proxies in front), or None when it cannot be told."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None


def audit_record(
    *,
    action: AuditEvent.Action,
    request: HttpRequest | None = None,
    actor: User | None = None,
    description: str = "",
    scope: dict | None = None,
    rows: int | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    """Record one export, view of personal data, or change to reported figures in the audit log.

    ``changes`` is ``{field: [before, after]}`` (``lms.audit.snapshot_changes`` makes it).

    ``actor`` defaults to the request's user; the IP address comes from the request, if any
    (a person's account deletion keeps none). The write is not guarded: if the event cannot
    be written the caller fails too, and the data does not leave without its record (callers
    that change data call this inside their own transaction).
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    self_service = action in SELF_SERVICE_ACTIONS
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label="" if self_service or actor is None else actor.email,
        description=description[:300],
        scope=scope or {},
        rows=rows,
        changes=changes or {},
        ip_address=(
            client_ip(request)
            if request is not None and action != AuditEvent.Action.ACCOUNT_DELETED
            else None
        ),
    )
