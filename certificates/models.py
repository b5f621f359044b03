"""Certificates: one per completion, its PDF, its public verification, its history.

A certificate keeps what it said when it was issued (name, course, hours, dates, issuing
body): a later change to the course does not change a document someone already holds. A name
correction is a deliberate reissue, recorded as an event.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Modality
from lms.storage import private_storage

from .codes import code_display


def certificate_pdf_path(instance: Certificate, filename: str) -> str:
    # Unguessable even if the storage were ever exposed; the code alone does not find it.
    return f"certificates/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


def archive_path(instance: CertificateArchive, filename: str) -> str:
    return f"certificate-archives/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.zip"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class CertificateQuerySet(models.QuerySet):
    def in_scope(self, scope) -> CertificateQuerySet:
        """Certificates of completions recorded in a manager's scope (``lms.scopes``)."""
        if scope.is_city_wide:
            return self
        return self.filter(enrollment__completion_unit__path__startswith=scope.unit.path)


class Certificate(models.Model):
    enrollment = models.OneToOneField(
        "enrollments.Enrollment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True, editable=False)

    # What the document says, as issued.
    holder_name = models.CharField(_("name on the certificate"), max_length=200)
    course_title = models.CharField(_("course"), max_length=255)
    workload_hours = models.DecimalField(_("workload (hours)"), max_digits=5, decimal_places=1)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    completed_on = models.DateField(_("completed on"))
    class_dates = models.CharField(_("class dates"), max_length=200, blank=True)
    class_place = models.CharField(_("class place"), max_length=300, blank=True)
    goals = models.TextField(_("plan goals"), blank=True, help_text=_("One per line."))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    # The template's words, signatories and colours as they were when issued (the template
    # id is kept only to find its logo and signature images again).
    layout = models.JSONField(_("layout"), default=dict, blank=True)

    issued_at = models.DateTimeField(_("issued at"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=certificate_pdf_path, max_length=200
    )
    notified_at = models.DateTimeField(_("learner notified at"), null=True, blank=True)
    notify_requeued_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        permissions = [
            ("revoke_certificate", _("Can revoke certificates")),
            ("reissue_certificate", _("Can reissue certificates")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificates_revocation_has_reason",
            )
        ]
        indexes = [
            models.Index(fields=["-issued_at"], name="certificates_issued_at"),
            models.Index(fields=["completed_on"], name="certificates_completed_on"),
            # The sweep's "e-mail still owed" look-up stays small whatever the table's size.
            models.Index(
                fields=["issued_at"],
                condition=Q(notified_at__isnull=True, revoked_at__isnull=True),
                name="certificates_unnotified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_code} · {self.holder_name} · {self.course_title}"

    @property
    def display_code(self) -> str:
        return code_display(self.code)

    def status(self, today: datetime.date | None = None) -> CertificateStatus:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        today = today or timezone.localdate()
        if self.expires_on is not None and today > self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def goal_list(self) -> list[str]:
        return [line for line in self.goals.splitlines() if line.strip()]


class CertificateEvent(models.Model):
    """What happened to a certificate, by whom: issued, reissued (with the change), revoked."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REISSUED = "reissued", _("Reissued")
        REVOKED = "revoked", _("Revoked")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate.display_code} · {self.get_kind_display()}"


class CertificateArchive(models.Model):
    """A ZIP of many certificates a manager asked for, built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    # The scope is fixed when the ZIP is asked for: None means the whole city.
    scope_unit = models.ForeignKey(
        "lms.OrganisationalUnit",
        verbose_name=_("scope"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    completed_from = models.DateField(_("completed from"), null=True, blank=True)
    completed_to = models.DateField(_("completed until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("certificates added"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=archive_path, blank=True, max_length=200
    )
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate archive")
        verbose_name_plural = _("certificate archives")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        requested = timezone.localtime(self.requested_at)
        return f"{requested:%d/%m/%Y %H:%M} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
