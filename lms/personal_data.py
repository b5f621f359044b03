"""Everything the platform holds about one person, as plain data (LGPD art. 18, II: access).

``personal_data(user)`` is what "Download my data" hands the person: their account, e-mail
addresses and linked log-ins, and for each enrolment its progress, quiz attempts (with their
answers), attendance and certificate, their places on waiting lists, and what the audit log
recorded of their own actions. Dates are ISO 8601.
It reads only rows that name this person, so it can never include someone else's data; the
keys are in English, like the code, and documented on the privacy page.
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from .models import AuditEvent, User

FORMAT_VERSION = 1


def _when(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _label(obj) -> str | None:
    return str(obj) if obj is not None else None


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "social_name": user.social_name,
        "registration_number": user.registration_number,
        "job_title": user.job_title,
        "unit": _label(user.unit),
        "territory": _label(user.territory),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "active": user.is_active,
        "joined_at": _when(user.date_joined),
        "last_login_at": _when(user.last_login),
    }


def _enrolment(enrollment) -> dict[str, Any]:
    certificate = getattr(enrollment, "certificate", None)
    return {
        "course": enrollment.course.title,
        "class": enrollment.course_class.code if enrollment.course_class else None,
        "enrolled_at": _when(enrollment.enrolled_at),
        "cancelled_at": _when(enrollment.cancelled_at),
        "completed_at": _when(enrollment.completed_at),
        "unit_at_completion": _label(enrollment.completion_unit),
        "territory_at_completion": _label(enrollment.completion_territory),
        "withdrawn_from_indicators_at": _when(enrollment.withdrawn_at),
        "lessons_read": [
            {"lesson": p.lesson.title, "completed_at": _when(p.completed_at)}
            for p in enrollment.lesson_progress.all()
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "score": a.score,
                "passed": a.passed,
                "submitted_at": _when(a.submitted_at),
                "answers": a.answers,
            }
            for a in enrollment.quiz_attempts.all()
        ],
        "attendance": [
            {"session": _when(a.session.date), "status": a.status, "marked_at": _when(a.marked_at)}
            for a in enrollment.attendance.all()
        ],
        "certificate": None
        if certificate is None
        else {
            "code": certificate.display_code,
            "name_on_certificate": certificate.holder_name,
            "issued_at": _when(certificate.issued_at),
            "valid_until": _when(certificate.expires_on),
            "revoked_at": _when(certificate.revoked_at),
            "revocation_reason": certificate.revocation_reason or None,
        },
    }


def personal_data(user: User) -> dict[str, Any]:
    from enrollments.models import Enrollment, WaitingListEntry

    enrolments = (
        Enrollment.objects.filter(user=user)
        .select_related(
            "course", "course_class", "completion_unit", "completion_territory", "certificate"
        )
        .prefetch_related("lesson_progress__lesson", "quiz_attempts__quiz", "attendance__session")
        .order_by("enrolled_at", "pk")
    )
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _when(datetime.datetime.now(datetime.UTC)),
        "account": _account(user),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "linked_logins": [
            {
                "provider": s.provider,
                "uid": s.uid,
                "linked_at": _when(s.date_joined),
                "last_login_at": _when(s.last_login),
                "data_from_provider": s.extra_data,
            }
            for s in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "enrolments": [_enrolment(e) for e in enrolments],
        "waiting_lists": [
            {"class": w.course_class.code, "joined_at": _when(w.joined_at)}
            for w in WaitingListEntry.objects.filter(user=user).select_related("course_class")
        ],
        # The audit log's records of what this person did (exports, views of others' data,
        # their own downloads), with the address they did it from: about them too.
        "recorded_actions": [
            {
                "at": _when(e.at),
                "action": e.action,
                "description": e.description,
                "rows": e.rows,
                "ip_address": e.ip_address,
            }
            for e in AuditEvent.objects.filter(actor=user).order_by("at", "pk")
        ],
    }
