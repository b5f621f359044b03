"""The certificates' part of a person's data (see ``lms.personal_data``), registered in
``CertificatesConfig.ready()``: each enrolment's certificate in the download, and the name
taken off the certificates when the person deletes their account."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from enrollments.models import Enrollment
from lms.models import User
from lms.personal_data import when

from .models import Certificate


def certificates_export(enrollments: list[Enrollment]) -> dict[int, dict[str, Any]]:
    return {
        certificate.enrollment_id: {
            "code": certificate.display_code,
            "name_on_certificate": certificate.holder_name,
            "issued_at": when(certificate.issued_at),
            "valid_until": when(certificate.expires_on),
            "revoked_at": when(certificate.revoked_at),
            "revocation_reason": certificate.revocation_reason or None,
        }
        for certificate in Certificate.objects.filter(enrollment__in=enrollments)
    }


def certificates_erase(user: User) -> None:
    """The certificates still verify, without the name: it goes, and so do the stored PDFs
    that print it (once the erasure commits)."""
    for certificate in Certificate.objects.filter(enrollment__user=user):
        stored = certificate.pdf.name
        certificate.holder_name = ""
        certificate.pdf = ""
        certificate.save(update_fields=["holder_name", "pdf"])
        if stored:
            storage = certificate.pdf.storage
            transaction.on_commit(lambda name=stored, s=storage: s.delete(name))
