"""Writes about certificates: issue (exactly once), reissue, revoke, notify, archive.

Each function is one journey with keyword-only arguments. ``certificate_issue`` is safe to
call any number of times, from any number of processes, for the same completion: the
enrolment row lock and the one-to-one constraint leave exactly one certificate.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import tempfile
import zipfile
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import CertificateTemplate, CoursePage, Modality
from enrollments.models import Enrollment
from lms.celery import queue_after_commit
from lms.models import User
from lms.scopes import manager_scope

from . import pdf
from .codes import code_new
from .models import Certificate, CertificateArchive, CertificateEvent

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """Something asked of a certificate that cannot be done; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):  # 31 January + 1 month → 28/29 February
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _organisation_name() -> str:
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).organisation_name if site else ""


def _template_for(course: CoursePage) -> CertificateTemplate | None:
    if course.certificate_template_id:
        return course.certificate_template
    return CertificateTemplate.default()


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificate_verify", args=[certificate.display_code])


def download_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificate_download", args=[certificate.display_code])


# --- The document ------------------------------------------------------------------------------


def _image_bytes(image) -> bytes | None:
    """A template image, scaled down for print, as bytes; None when it cannot be read."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-900x300|format-png")
        with rendition.file.open("rb") as handle:
            return handle.read()
    except Exception:  # a missing or broken file must not stop a certificate
        logger.warning("Certificate image %s could not be read", image.pk, exc_info=True)
        return None


def _hours(value: Decimal) -> str:
    return number_format(value, decimal_pos=0 if value == value.to_integral() else 1)


def certificate_document(certificate: Certificate) -> pdf.CertificateDocument:
    """What the PDF shows, in the site's language: the certificate's snapshot and its template."""
    course = certificate.enrollment.course
    template = _template_for(course)
    with translation.override(settings.LANGUAGE_CODE):
        completed = date_format(certificate.completed_on, "DATE_FORMAT")
        hours = _hours(certificate.workload_hours)
        modality = dict(Modality.choices).get(certificate.modality, certificate.modality)
        goals = certificate.goal_list
        body = ""
        if template is not None:
            body = template.fill(
                {
                    "name": certificate.holder_name,
                    "course": certificate.course_title,
                    "hours": hours,
                    "date": completed,
                    "goal": "; ".join(goals) or _("no plan goal"),
                }
            )
        return pdf.CertificateDocument(
            title=template.title if template else _("Certificate of completion"),
            body=body,
            holder_name=certificate.holder_name,
            course_title=certificate.course_title,
            workload_hours=hours,
            modality=str(modality),
            completion_date=completed,
            issuing_body=certificate.issuing_body,
            code=certificate.display_code,
            verify_url=verification_url(certificate),
            goals=tuple(goals),
            class_dates=certificate.class_dates,
            class_place=certificate.class_place,
            signatories=tuple(
                pdf.Signatory(name=s.name, role=s.role, signature=_image_bytes(s.signature))
                for s in (template.signatories.select_related("signature") if template else [])
            ),
            logo=_image_bytes(template.logo) if template else None,
            primary_color=template.primary_colour if template else "#1B4F72",
            accent_color=template.accent_colour if template else "#C8A200",
            language="pt-BR",
        )


def certificate_render(certificate: Certificate) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf.render_certificate(certificate_document(certificate))


# --- Issuance ----------------------------------------------------------------------------------


def _snapshot(enrollment: Enrollment) -> dict:
    course = enrollment.course
    template = _template_for(course)
    completed_on = timezone.localdate(enrollment.completed_at)
    validity = course.certificate_validity_months
    return {
        "holder_name": enrollment.user.display_name,
        "course_title": course.title,
        "workload_hours": course.workload_hours,
        "modality": course.modality,
        "completed_on": completed_on,
        "goals": "\n".join(str(goal) for goal in course.plan_goals.order_by("code")),
        "issuing_body": (template.issuing_body if template else "") or _organisation_name(),
        "expires_on": _add_months(completed_on, validity) if validity else None,
    }


def certificate_issue(
    *, enrollment_id: int, now: datetime.datetime | None = None
) -> Certificate | None:
    """The certificate of a completion, issued if it does not exist yet; None if not completed.

    Idempotent and safe under concurrency: the enrolment row is locked while issuing, and the
    one-to-one constraint settles any race the lock cannot see (SQLite). The learner's e-mail
    is queued after the commit, once.
    """
    existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("user", "course")
            .filter(pk=enrollment_id)
            .first()
        )
        if enrollment is None or not enrollment.is_completed:
            return None
        existing = Certificate.objects.filter(enrollment=enrollment).first()
        if existing is not None:
            return existing
        certificate = Certificate(
            enrollment=enrollment, code=code_new(), issued_at=_now(now), **_snapshot(enrollment)
        )
        certificate.pdf.save(
            "certificate.pdf", ContentFile(certificate_render(certificate)), save=False
        )
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            certificate.pdf.delete(save=False)
            existing = Certificate.objects.filter(enrollment=enrollment).first()
            if existing is not None:
                return existing
            raise  # a code collision at 100 random bits: let the task retry with a new one
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.ISSUED, at=certificate.issued_at
        )
        from .tasks import notify_certificate

        queue_after_commit(notify_certificate, certificate.pk)
    return certificate


def certificate_notify(*, certificate_id: int, now: datetime.datetime | None = None) -> bool:
    """E-mail the learner their download link, once. True when an e-mail went out."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrollment__user")
            .filter(pk=certificate_id, notified_at__isnull=True, revoked_at__isnull=True)
            .first()
        )
        if certificate is None:
            return False
        user = certificate.enrollment.user
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "certificate": certificate,
                "name": user.display_name,
                "download_url": download_url(certificate),
                "verify_url": verification_url(certificate),
                "my_learning_url": settings.SITE_URL + reverse("my_learning"),
            }
            send_mail(
                subject=render_to_string("certificates/email/issued_subject.txt", context).strip(),
                message=render_to_string("certificates/email/issued_message.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
        certificate.notified_at = _now(now)
        certificate.save(update_fields=["notified_at"])
    return True


def certificates_issue_missing(
    *,
    grace: datetime.timedelta | None = None,
    limit: int = 500,
    now: datetime.datetime | None = None,
) -> int:
    """Issue what fell through the cracks (broker or worker down); the periodic sweep.

    Completions older than ``grace`` without a certificate are issued here; certificates
    whose e-mail has not gone out within a day are queued again. Returns how many were issued.
    """
    now = _now(now)
    if grace is None:
        grace = datetime.timedelta(seconds=settings.CERTIFICATE_SWEEP_GRACE_SECONDS)
    cutoff = now - grace
    missing = list(
        Enrollment.objects.completed()
        .filter(certificate__isnull=True, completed_at__lte=cutoff)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:limit]
    )
    issued = 0
    for enrollment_id in missing:
        if certificate_issue(enrollment_id=enrollment_id, now=now) is not None:
            issued += 1
    from .tasks import build_certificate_archive, notify_certificate

    unnotified = Certificate.objects.filter(
        notified_at__isnull=True,
        revoked_at__isnull=True,
        issued_at__lte=cutoff,
        issued_at__gte=now - datetime.timedelta(days=1),
    ).values_list("pk", flat=True)[:limit]
    for certificate_id in unnotified:
        queue_after_commit(notify_certificate, certificate_id)
    stalled = CertificateArchive.objects.filter(
        status=CertificateArchive.Status.PENDING, requested_at__lte=cutoff
    ).values_list("pk", flat=True)
    for archive_id in stalled:
        queue_after_commit(build_certificate_archive, archive_id)
    if issued:
        logger.info("Issued %s certificates that were missing", issued)
    return issued


# --- Life cycle (administrators) ---------------------------------------------------------------


def certificate_revoke(
    *, certificate: Certificate, reason: str, actor: User, now: datetime.datetime | None = None
) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise CertificateError(_("This certificate is already revoked."))
        certificate.revoked_at = _now(now)
        certificate.revocation_reason = reason
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=CertificateEvent.Kind.REVOKED,
            at=certificate.revoked_at,
            actor=actor,
            note=reason,
        )
    return certificate


def certificate_reissue(
    *,
    certificate: Certificate,
    actor: User,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Certificate:
    """A new PDF under the same code, with the person's current name (e.g. after a correction).

    Only the name is taken anew: the rest of the document stays as it was issued. The change
    (old and new name) is recorded as an event; the old PDF is removed after the commit.
    """
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrollment__user", "enrollment__course")
            .get(pk=certificate.pk)
        )
        if certificate.revoked_at is not None:
            raise CertificateError(_("A revoked certificate cannot be reissued."))
        old_name, new_name = certificate.holder_name, certificate.enrollment.user.display_name
        old_file = certificate.pdf.name
        certificate.holder_name = new_name
        certificate.version += 1
        certificate.pdf.save(
            "certificate.pdf", ContentFile(certificate_render(certificate)), save=False
        )
        certificate.save(update_fields=["holder_name", "version", "pdf"])
        changes = {"holder_name": [old_name, new_name]} if old_name != new_name else {}
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=CertificateEvent.Kind.REISSUED,
            at=_now(now),
            actor=actor,
            note=(note or "").strip(),
            changes=changes,
        )
        storage = certificate.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return certificate


# --- Archives (managers) ---------------------------------------------------------------------


def certificate_archive_request(
    *,
    user: User,
    course: CoursePage | None = None,
    completed_from: datetime.date | None = None,
    completed_to: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> CertificateArchive:
    """Ask for a ZIP of the certificates in the manager's scope; it is built in the background."""
    scope = manager_scope(user)
    if scope is None:
        raise CertificateError(_("Only managers and administrators can download certificates."))
    if completed_from and completed_to and completed_to < completed_from:
        raise CertificateError(_("The end of the period comes before its start."))
    from .tasks import build_certificate_archive

    with transaction.atomic():
        archive = CertificateArchive.objects.create(
            requested_by=user,
            requested_at=_now(now),
            scope_unit=scope.unit,
            course=course,
            completed_from=completed_from,
            completed_to=completed_to,
        )
        queue_after_commit(build_certificate_archive, archive.pk)
    return archive


def archive_certificates(archive: CertificateArchive) -> QuerySet[Certificate]:
    """The certificates an archive holds: in its scope and filters, revoked ones left out."""
    from lms.scopes import ManagerScope

    certificates = (
        Certificate.objects.filter(revoked_at__isnull=True)
        .in_scope(ManagerScope(unit=archive.scope_unit))
        .order_by("completed_on", "pk")
    )
    if archive.course_id:
        certificates = certificates.filter(enrollment__course_id=archive.course_id)
    if archive.completed_from:
        certificates = certificates.filter(completed_on__gte=archive.completed_from)
    if archive.completed_to:
        certificates = certificates.filter(completed_on__lte=archive.completed_to)
    return certificates


def _entry_name(certificate: Certificate) -> str:
    person = slugify(certificate.holder_name)[:60] or "certificado"
    return f"{certificate.completed_on:%Y-%m-%d}-{person}-{certificate.display_code}.pdf"


def certificate_archive_build(*, archive_id: int, progress_every: int = 25) -> CertificateArchive:
    """Write the ZIP (PDFs and an index in CSV), saying how far it got as it goes."""
    archive = CertificateArchive.objects.get(pk=archive_id)
    if archive.status == CertificateArchive.Status.DONE:
        return archive
    certificates = archive_certificates(archive)
    archive.status = CertificateArchive.Status.RUNNING
    archive.total = certificates.count()
    archive.done = 0
    archive.save(update_fields=["status", "total", "done"])
    index = io.StringIO()
    writer = csv.writer(index, delimiter=";")
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow(
            [_("Code"), _("Name"), _("Course"), _("Hours"), _("Completed on"), _("File")]
        )
    try:
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as bundle:
                for number, certificate in enumerate(certificates.iterator(chunk_size=200), 1):
                    name = _entry_name(certificate)
                    with certificate.pdf.open("rb") as handle:
                        bundle.writestr(name, handle.read())
                    writer.writerow(
                        [
                            certificate.display_code,
                            certificate.holder_name,
                            certificate.course_title,
                            _hours(certificate.workload_hours),
                            certificate.completed_on.isoformat(),
                            name,
                        ]
                    )
                    if number % progress_every == 0:
                        CertificateArchive.objects.filter(pk=archive.pk).update(done=number)
                bundle.writestr("certificados.csv", "\ufeff" + index.getvalue())
            spool.seek(0)
            archive.file.save("certificados.zip", File(spool), save=False)
    except Exception as error:
        archive.status = CertificateArchive.Status.FAILED
        archive.error = str(error)[:1000]
        archive.finished_at = timezone.now()
        archive.save(update_fields=["status", "error", "finished_at"])
        raise
    archive.status = CertificateArchive.Status.DONE
    archive.done = archive.total
    archive.finished_at = timezone.now()
    archive.save(update_fields=["status", "done", "file", "finished_at"])
    return archive
