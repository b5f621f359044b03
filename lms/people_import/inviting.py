"""Inviting people to choose a password: the e-mail (also sent to people created in the
people admin) and the invitations of an applied import, sent once each."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import PersonImport, PersonImportRow, User


def invitation_url(user: User) -> str:
    """A link to set a first password: allauth's password-reset page with a fresh key.

    The key is Django's token (allauth's e-mail-aware generator): it stops working once a
    password is set, the e-mail changes or ``PASSWORD_RESET_TIMEOUT`` passes.
    """
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def invitation_message(user: User) -> mail.EmailMessage:
    """The e-mail inviting ``user`` to choose a password (in the site's language: the
    caller activates it), with the link of ``invitation_url``."""
    context = {
        "name": user.display_name,
        "email": user.email,
        "set_password_url": invitation_url(user),
        "reset_url": settings.SITE_URL + reverse("account_reset_password"),
        "site_url": settings.SITE_URL,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    return mail.EmailMessage(
        subject=render_to_string("lms/email/invitation_subject.txt", context).strip(),
        body=render_to_string("lms/email/invitation_message.txt", context),
        to=[user.email],
    )


def person_import_invite(*, import_id: int, chunk: int = 200) -> int:
    """E-mail the people an import created a link to set their password. Returns how many.

    Safe to run twice: each row records when its person was invited. People who meanwhile
    set a password or logged in are not invited.
    """
    sent = 0
    pending = PersonImportRow.objects.filter(
        person_import_id=import_id,
        action=PersonImportRow.Action.CREATE,
        invited_at__isnull=True,
        person__isnull=False,
    ).order_by("pk")
    last_pk = 0
    with translation.override(settings.LANGUAGE_CODE):
        while rows := list(pending.filter(pk__gt=last_pk).select_related("person")[:chunk]):
            last_pk = rows[-1].pk
            messages = [
                invitation_message(row.person)
                for row in rows
                if not (
                    row.person.has_usable_password()
                    or row.person.last_login
                    or not row.person.is_active
                )
            ]
            if messages:
                with mail.get_connection() as connection:
                    sent += connection.send_messages(messages) or 0
            PersonImportRow.objects.filter(pk__in=[row.pk for row in rows]).update(
                invited_at=timezone.now()
            )
    if sent:
        PersonImport.objects.filter(pk=import_id).update(invited_count=F("invited_count") + sent)
    return sent
