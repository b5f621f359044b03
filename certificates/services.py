"""Writes about certificates: issue (exactly once), reissue, revoke, notify, sweep, archive.

Each function is one journey with keyword-only arguments. ``certificate_issue`` is safe to
call any number of times, from any number of processes, for the same completion: the
enrolment row lock and the one-to-one constraint leave exactly one certificate.

Nothing here queues a task: a service returns what is left to do in the background, and its
caller (``tasks``, a view, a command) queues it after the commit.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site

from courses.models import (
    CertificateSignatory,
    CertificateTemplate,
    CoursePage,
    Modality,
    fill_placeholders,
)
from enrollments.classes import class_dates_text
from enrollments.models import Enrollment
from enrollments.services import enrollment_withdraw
from home.models import SiteSettings
from lms.audit import value_text
from lms.exports import spreadsheet_safe
from lms.models import AuditEvent, User
from lms.scopes import ManagerScope, manager_scope
from lms.services import audit_record

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
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).organisation_name if site else ""


def _template_for(course: CoursePage) -> CertificateTemplate | None:
    if course.certificate_template_id:
        return course.certificate_template
    return CertificateTemplate.default()


def holder_name(user: User) -> str:
    """The name a certificate carries: the social name, else the full name; never the e-mail.

    Empty when the person has given neither: the certificate then waits for their profile.
    """
    return (user.social_name or user.full_name).strip()


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificate_verify", args=[certificate.display_code])


def download_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificate_download", args=[certificate.display_code])


# --- The document ------------------------------------------------------------------------------


def _layout(template: CertificateTemplate | None) -> dict:
    """The template's words, signatories and colours, kept on the certificate when issued."""
    if template is None:
        return {}
    return {
        "template_id": template.pk,
        "title": template.title,
        "body": template.body,
        "signatories": [
            {"id": s.pk, "name": s.name, "role": s.role} for s in template.signatories.all()
        ],
        "primary_colour": template.primary_colour,
        "accent_colour": template.accent_colour,
    }


def _logo_bytes(template_id: int | None) -> bytes | None:
    template = CertificateTemplate.objects.filter(pk=template_id).select_related("logo").first()
    if template is None or template.logo is None:
        return None
    try:
        rendition = template.logo.get_rendition("max-900x300|format-png")
        with rendition.file.open("rb") as handle:
            return handle.read()
    except Exception:  # a missing or broken file must not stop a certificate
        logger.warning("Certificate logo of template %s unreadable", template_id, exc_info=True)
        return None


def _signature_bytes(signatory_ids: list[int]) -> dict[int, bytes]:
    found = {}
    for signatory in CertificateSignatory.objects.filter(pk__in=signatory_ids).exclude(
        signature=""
    ):
        try:
            with signatory.signature.open("rb") as handle:
                found[signatory.pk] = handle.read()
        except OSError:
            logger.warning("Signature of signatory %s unreadable", signatory.pk, exc_info=True)
    return found


def _hours(value: Decimal) -> str:
    return number_format(value, decimal_pos=0 if value == value.to_integral() else 1)


def certificate_document(certificate: Certificate) -> pdf.CertificateDocument:
    """What the PDF shows, in the site's language, from the certificate's own snapshot."""
    layout = certificate.layout or _layout(_template_for(certificate.enrollment.course))
    signatories = layout.get("signatories", [])
    signatures = _signature_bytes([s["id"] for s in signatories])
    with translation.override(settings.LANGUAGE_CODE):
        completed = date_format(certificate.completed_on, "DATE_FORMAT")
        hours = _hours(certificate.workload_hours)
        modality = dict(Modality.choices).get(certificate.modality, certificate.modality)
        goals = certificate.goal_list
        body = fill_placeholders(
            layout.get("body", ""),
            {
                "name": certificate.holder_name,
                "course": certificate.course_title,
                "hours": hours,
                "date": completed,
                "goal": "; ".join(goals) or _("no plan goal"),
            },
        )
        return pdf.CertificateDocument(
            title=layout.get("title") or _("Certificate of completion"),
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
                pdf.Signatory(name=s["name"], role=s["role"], signature=signatures.get(s["id"]))
                for s in signatories
            ),
            logo=_logo_bytes(layout.get("template_id")),
            primary_color=layout.get("primary_colour", pdf.DEFAULT_PRIMARY_COLOR),
            accent_color=layout.get("accent_colour", pdf.DEFAULT_ACCENT_COLOR),
            language="pt-BR",
        )


def certificate_render(certificate: Certificate) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf.render_certificate(certificate_document(certificate))


def _attach_pdf(certificate: Certificate) -> str:
    """Render and store a new PDF for ``certificate`` (not saved); returns the file's name."""
    certificate.pdf.save(
        "certificate.pdf", ContentFile(certificate_render(certificate)), save=False
    )
    return certificate.pdf.name


def _discard(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete %s", name, exc_info=True)


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF; rendered again from the snapshot (and stored) if the file is lost."""
    try:
        with certificate.pdf.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        logger.error("PDF of certificate %s missing; rendering it again", certificate.pk)
    _attach_pdf(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    with certificate.pdf.open("rb") as handle:
        return handle.read()


# --- Issuance ----------------------------------------------------------------------------------


def _snapshot(enrollment: Enrollment, name: str) -> dict:
    course = enrollment.course
    template = _template_for(course)
    completed_on = timezone.localdate(enrollment.completed_at)
    validity = course.certificate_validity_months
    return {
        "holder_name": name,
        "course_title": course.title,
        "workload_hours": course.workload_hours,
        "modality": course.modality,
        "completed_on": completed_on,
        "goals": "\n".join(str(goal) for goal in course.plan_goals.order_by("code")),
        "issuing_body": (template.issuing_body if template else "") or _organisation_name(),
        "expires_on": _add_months(completed_on, validity) if validity else None,
        "layout": _layout(template),
        **_class_facts(enrollment),
    }


def _class_facts(enrollment: Enrollment) -> dict:
    """Dates and place of the in-person class the completion came from, if any."""
    course_class = enrollment.course_class
    if course_class is None:
        return {}
    return {"class_dates": class_dates_text(course_class), "class_place": course_class.place}


def _notify_window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CERTIFICATE_NOTIFY_WITHIN_DAYS)


def certificate_issue(
    *, enrollment_id: int, now: datetime.datetime | None = None
) -> Certificate | None:
    """The certificate of a completion, issued if it does not exist yet.

    None when there is nothing to issue yet: the enrolment is not completed, or the person
    has no name to print (never their e-mail). Idempotent and safe under concurrency: the
    enrolment row is locked while issuing, and the one-to-one constraint settles any race
    the lock cannot see (SQLite). The caller e-mails the learner when
    ``certificate_email_due`` says so (``tasks.issue_certificate`` does).
    """
    existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
    if existing is not None:
        return existing
    now = _now(now)
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
        name = holder_name(enrollment.user)
        if not name:
            logger.info("Certificate of enrolment %s waits for the person's name", enrollment.pk)
            return None
        certificate = Certificate(
            enrollment=enrollment, code=code_new(), issued_at=now, **_snapshot(enrollment, name)
        )
        stored = _attach_pdf(certificate)
        try:
            with transaction.atomic():
                certificate.save()
                CertificateEvent.objects.create(
                    certificate=certificate, kind=CertificateEvent.Kind.ISSUED, at=now
                )
        except IntegrityError:
            _discard(certificate.pdf.storage, stored)
            existing = Certificate.objects.filter(enrollment=enrollment).first()
            if existing is not None:
                return existing
            raise  # a code collision at 100 random bits: the next try draws a new code
        except Exception:
            _discard(certificate.pdf.storage, stored)
            raise
    return certificate


def certificate_email_due(
    certificate: Certificate, *, now: datetime.datetime | None = None
) -> bool:
    """Whether the holder is still owed the e-mail with their link: only for a recent completion
    (a backfill of old completions e-mails nobody). ``certificate_notify`` sends it once."""
    return (
        certificate.notified_at is None
        and certificate.revoked_at is None
        and certificate.enrollment.completed_at >= _now(now) - _notify_window()
    )


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
                "name": certificate.holder_name,
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


@dataclass(frozen=True)
class Sweep:
    """What a sweep or a backfill issued, and the work it leaves to queue after the commit
    (``tasks.queue_sweep``)."""

    issued: int
    emails_owed: tuple[int, ...] = ()  # certificate ids
    archives_pending: tuple[int, ...] = ()  # archive ids


def certificates_issue_missing(
    *,
    grace: datetime.timedelta | None = None,
    since: datetime.datetime | None = None,
    limit: int | None = 500,
    now: datetime.datetime | None = None,
) -> Sweep:
    """Issue the certificates that completions older than ``grace`` still lack.

    ``since`` bounds how far back to look (the periodic sweep looks at recent days, so its
    cost does not grow with history; the management command looks at everything). One
    completion that cannot be issued is logged and does not stop the others. Returns how many
    were issued and which of them owe their holder the e-mail.
    """
    now = _now(now)
    if grace is None:
        grace = datetime.timedelta(seconds=settings.CERTIFICATE_SWEEP_GRACE_SECONDS)
    missing = Enrollment.objects.completed().filter(
        certificate__isnull=True, completed_at__lte=now - grace
    )
    if since is not None:
        missing = missing.filter(completed_at__gte=since)
    ids = missing.order_by("completed_at").values_list("pk", flat=True)
    issued, emails_owed = 0, []
    for enrollment_id in ids[:limit] if limit else ids.iterator(chunk_size=1000):
        try:
            certificate = certificate_issue(enrollment_id=enrollment_id, now=now)
        except Exception:
            logger.exception("Certificate of enrolment %s could not be issued", enrollment_id)
            continue
        if certificate is not None:
            issued += 1
            if certificate_email_due(certificate, now=now):
                emails_owed.append(certificate.pk)
    return Sweep(issued=issued, emails_owed=tuple(emails_owed))


def certificates_sweep(*, now: datetime.datetime | None = None) -> Sweep:
    """The periodic repair (Celery beat): whatever a dead broker or worker let fall.

    Issues recent completions' missing certificates, finds the e-mails still owed (for those
    and, at most hourly, for recent completions whose e-mail never went out), finds ZIPs that
    never started, and deletes ZIPs past their retention.
    """
    now = _now(now)
    grace = datetime.timedelta(seconds=settings.CERTIFICATE_SWEEP_GRACE_SECONDS)
    window = datetime.timedelta(days=settings.CERTIFICATE_SWEEP_WINDOW_DAYS)
    fresh = certificates_issue_missing(grace=grace, since=now - window, now=now)
    lost = (
        Certificate.objects.filter(
            notified_at__isnull=True,
            revoked_at__isnull=True,
            issued_at__lte=now - grace,
            issued_at__gte=now - window,
            enrollment__completed_at__gte=now - _notify_window(),
        )
        .filter(
            Q(notify_requeued_at__isnull=True)
            | Q(notify_requeued_at__lte=now - datetime.timedelta(hours=1))
        )
        .exclude(pk__in=fresh.emails_owed)
        .values_list("pk", flat=True)[:500]
    )
    owed = (*fresh.emails_owed, *lost)
    Certificate.objects.filter(pk__in=owed).update(notify_requeued_at=now)
    certificate_archives_purge(now=now)
    pending = CertificateArchive.objects.filter(
        status=CertificateArchive.Status.PENDING, requested_at__lte=now - grace
    ).values_list("pk", flat=True)
    if fresh.issued:
        logger.info("The sweep issued %s missing certificates", fresh.issued)
    return Sweep(issued=fresh.issued, emails_owed=owed, archives_pending=tuple(pending))


# --- Life cycle (administrators) ---------------------------------------------------------------


def certificate_revoke(
    *,
    certificate: Certificate,
    reason: str,
    actor: User,
    now: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> Certificate:
    """Revoke for good; recorded on the certificate and in the audit log (with ``request``'s
    address when there is one), in the same transaction."""
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
        audit_record(
            action=AuditEvent.Action.CERTIFICATE_REVOKED,
            actor=actor,
            request=request,
            description=_("Certificate %(code)s") % {"code": certificate.display_code},
            scope={"model": "certificates.certificate"},
            changes={"revoked_at": [None, value_text(certificate.revoked_at)]},
        )
        # A revoked certificate is no evidence: its completion leaves the plan's indicators.
        enrollment_withdraw(enrollment=certificate.enrollment, now=certificate.revoked_at)
    return certificate


def certificate_reissue(
    *,
    certificate: Certificate,
    actor: User,
    note: str = "",
    now: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> Certificate:
    """A new PDF under the same code, with the person's current name (e.g. after a correction).

    Only the name is taken anew: everything else (texts, signatories, colours) stays as it was
    issued. The change (old and new name) is recorded, and the reissue is in the audit log;
    the old PDF goes after the commit.
    """
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrollment__user", "enrollment__course")
            .get(pk=certificate.pk)
        )
        if certificate.revoked_at is not None:
            raise CertificateError(_("A revoked certificate cannot be reissued."))
        new_name = holder_name(certificate.enrollment.user)
        if not new_name:
            raise CertificateError(_("The person has no name in their profile."))
        old_name, old_file = certificate.holder_name, certificate.pdf.name
        certificate.holder_name = new_name
        certificate.version += 1
        stored = _attach_pdf(certificate)
        try:
            with transaction.atomic():
                certificate.save(update_fields=["holder_name", "version", "pdf"])
                CertificateEvent.objects.create(
                    certificate=certificate,
                    kind=CertificateEvent.Kind.REISSUED,
                    at=_now(now),
                    actor=actor,
                    note=(note or "").strip(),
                    changes={"holder_name": [old_name, new_name]} if old_name != new_name else {},
                )
                audit_record(
                    action=AuditEvent.Action.CERTIFICATE_REISSUED,
                    actor=actor,
                    request=request,
                    description=_("Certificate %(code)s, version %(version)s")
                    % {"code": certificate.display_code, "version": certificate.version},
                    scope={"model": "certificates.certificate"},
                    # Not the names: the log never holds the data of the people it is about.
                    changes={"version": [certificate.version - 1, certificate.version]},
                )
        except Exception:
            _discard(certificate.pdf.storage, stored)
            raise
        storage = certificate.pdf.storage
        transaction.on_commit(lambda: _discard(storage, old_file))
    return certificate


# --- Archives (managers) ---------------------------------------------------------------------


def archive_certificates(
    *,
    scope: ManagerScope,
    course: CoursePage | None = None,
    completed_from: datetime.date | None = None,
    completed_to: datetime.date | None = None,
) -> QuerySet[Certificate]:
    """The certificates a ZIP holds: in the scope and filters, revoked ones and those whose
    holder deleted their account (no name to print) left out."""
    certificates = (
        Certificate.objects.filter(revoked_at__isnull=True)
        .exclude(holder_name="")
        .in_scope(scope)
        .order_by("completed_on", "pk")
    )
    if course is not None:
        certificates = certificates.filter(enrollment__course=course)
    if completed_from:
        certificates = certificates.filter(completed_on__gte=completed_from)
    if completed_to:
        certificates = certificates.filter(completed_on__lte=completed_to)
    return certificates


def certificate_archive_request(
    *,
    user: User,
    course: CoursePage | None = None,
    completed_from: datetime.date | None = None,
    completed_to: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> CertificateArchive:
    """Ask for a ZIP of the certificates in the manager's scope; the caller queues its build
    (``tasks.build_certificate_archive``)."""
    scope = manager_scope(user)
    if scope is None:
        raise CertificateError(_("Only managers and administrators can download certificates."))
    if completed_from and completed_to and completed_to < completed_from:
        raise CertificateError(_("The end of the period comes before its start."))
    count = archive_certificates(
        scope=scope, course=course, completed_from=completed_from, completed_to=completed_to
    ).count()
    if count == 0:
        raise CertificateError(_("No certificate matches these filters in your scope."))
    limit = settings.CERTIFICATE_ARCHIVE_MAX
    if count > limit:
        raise CertificateError(
            _(
                "%(count)s certificates match: more than the %(limit)s one ZIP can hold. "
                "Choose a course or a shorter period."
            )
            % {"count": count, "limit": limit}
        )
    return CertificateArchive.objects.create(
        requested_by=user,
        requested_at=_now(now),
        scope_unit=scope.unit,
        course=course,
        completed_from=completed_from,
        completed_to=completed_to,
        total=count,
    )


def _entry_name(certificate: Certificate) -> str:
    person = slugify(certificate.holder_name)[:60] or "certificado"
    return f"{certificate.completed_on:%Y-%m-%d}-{person}-{certificate.display_code}.pdf"


def _claim(archive_id: int, now: datetime.datetime) -> bool:
    """Take the archive for building; False when someone else is building it (or it is done).

    A build that has said nothing for half an hour is taken to be dead (its worker lost).
    """
    stale = now - datetime.timedelta(minutes=30)
    claimable = (
        Q(status=CertificateArchive.Status.PENDING)
        | Q(status=CertificateArchive.Status.FAILED)
        | Q(status=CertificateArchive.Status.RUNNING, started_at__lt=stale)
    )
    return bool(
        CertificateArchive.objects.filter(claimable, pk=archive_id).update(
            status=CertificateArchive.Status.RUNNING, started_at=now, done=0, error=""
        )
    )


def certificate_archive_build(*, archive_id: int, progress_every: int = 25) -> CertificateArchive:
    """Write the ZIP (PDFs and an index in CSV), saying how far it got as it goes."""
    if not _claim(archive_id, timezone.now()):
        return CertificateArchive.objects.get(pk=archive_id)
    archive = CertificateArchive.objects.select_related("course", "scope_unit").get(pk=archive_id)
    certificates = archive_certificates(
        scope=ManagerScope(unit=archive.scope_unit),
        course=archive.course,
        completed_from=archive.completed_from,
        completed_to=archive.completed_to,
    )
    CertificateArchive.objects.filter(pk=archive.pk).update(total=certificates.count())
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
                    bundle.writestr(name, certificate_pdf_bytes(certificate))
                    writer.writerow(
                        [
                            spreadsheet_safe(value)
                            for value in (
                                certificate.display_code,
                                certificate.holder_name,
                                certificate.course_title,
                                _hours(certificate.workload_hours),
                                certificate.completed_on.isoformat(),
                                name,
                            )
                        ]
                    )
                    if number % progress_every == 0:
                        CertificateArchive.objects.filter(pk=archive.pk).update(done=number)
                bundle.writestr("certificados.csv", "\ufeff" + index.getvalue())
            spool.seek(0)
            archive.file.save("certificados.zip", File(spool), save=False)
    except Exception as error:
        CertificateArchive.objects.filter(pk=archive.pk).update(
            status=CertificateArchive.Status.FAILED,
            error=str(error)[:1000],
            finished_at=timezone.now(),
        )
        raise
    archive.refresh_from_db(fields=["total"])
    archive.status = CertificateArchive.Status.DONE
    archive.done = archive.total
    archive.finished_at = timezone.now()
    archive.save(update_fields=["status", "done", "file", "finished_at"])
    return archive


def certificate_archives_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete ZIPs (file and record) older than the retention: they are copies of personal data."""
    cutoff = _now(now) - datetime.timedelta(days=settings.CERTIFICATE_ARCHIVE_RETENTION_DAYS)
    old = list(CertificateArchive.objects.filter(requested_at__lt=cutoff))
    for archive in old:
        if archive.file:
            _discard(archive.file.storage, archive.file.name)
        archive.delete()
    return len(old)
