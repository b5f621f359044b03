"""Everything the platform holds about one person, as plain data (LGPD art. 18, II: access),
and the registry through which each app hands over, and erases, its part of it.

``personal_data(user)`` is what "Download my data" hands the person: their account, e-mail
addresses and linked log-ins, then each registered section (``enrollments``: every enrolment
with its progress, quiz attempts with their answers, attendance and certificate, and their
places on waiting lists), then what the audit log recorded of their own actions. Dates are
ISO 8601. It reads only rows that name this person, so it can never include someone else's
data; the keys are in English, like the code, and documented on the privacy page.

``lms`` sits below the other apps and imports none of them: an app that holds rows about a
person calls ``register`` in its ``AppConfig.ready()`` with how to export them and how to
erase them (``lms.services.person_anonymise`` runs every ``erase`` in its transaction).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from .models import AuditEvent, User

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Section:
    """One app's part of a person's data.

    ``export(user)`` returns what goes under ``name`` in the download (JSON-ready: plain
    types, dates through ``when``); None keeps the section out of the download (its data is
    shown inside another section). ``erase(user)`` removes or blanks what names the person,
    inside the erasure's transaction, and keeps what the plan's figures need.
    """

    name: str
    export: Callable[[User], Any] | None = None
    erase: Callable[[User], None] | None = None


_sections: dict[str, Section] = {}


def register(
    name: str,
    *,
    export: Callable[[User], Any] | None = None,
    erase: Callable[[User], None] | None = None,
) -> None:
    """Add an app's section; call it from ``AppConfig.ready()``. Sections are exported and
    erased in the order they were registered (the order of ``INSTALLED_APPS``); registering a
    name again replaces it."""
    _sections[name] = Section(name=name, export=export, erase=erase)


def sections() -> list[Section]:
    return list(_sections.values())


def when(value: datetime.date | datetime.datetime | None) -> str | None:
    """A date or moment as the download writes it (ISO 8601), or None."""
    return value.isoformat() if value is not None else None


def label(obj) -> str | None:
    """A related object as the download writes it (its name), or None."""
    return str(obj) if obj is not None else None


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "social_name": user.social_name,
        "registration_number": user.registration_number,
        "job_title": user.job_title,
        "unit": label(user.unit),
        "territory": label(user.territory),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "active": user.is_active,
        "joined_at": when(user.date_joined),
        "last_login_at": when(user.last_login),
    }


def personal_data(user: User) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": when(datetime.datetime.now(datetime.UTC)),
        "account": _account(user),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "linked_logins": [
            {
                "provider": s.provider,
                "uid": s.uid,
                "linked_at": when(s.date_joined),
                "last_login_at": when(s.last_login),
                "data_from_provider": s.extra_data,
            }
            for s in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        **{section.name: section.export(user) for section in sections() if section.export},
        # The audit log's records of what this person did (exports, views of others' data,
        # their own downloads), with the address they did it from: about them too.
        "recorded_actions": [
            {
                "at": when(e.at),
                "action": e.action,
                "description": e.description,
                "rows": e.rows,
                "ip_address": e.ip_address,
            }
            for e in AuditEvent.objects.filter(actor=user).order_by("at", "pk")
        ],
    }
