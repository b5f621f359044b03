"""Public verification and the learner's download: thin views over codes and services."""

from __future__ import annotations

import logging
from http import HTTPStatus

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.models import AuditEvent
from lms.scopes import manager_scope
from lms.services import audit_record

from .codes import code_display, code_normalise
from .models import Certificate, CertificateStatus
from .services import certificate_pdf_bytes

logger = logging.getLogger(__name__)


def _rate_limited(request: HttpRequest) -> bool:
    """Each client may check a limited number of codes per minute (guessing is pointless).

    The counters live in the cache (Redis); if it is down, verification goes on unlimited
    rather than failing: it needs only the database.
    """
    try:
        usage = ratelimit.consume(
            request,
            app="certificates",
            action="verify",
            config={"verify": settings.CERTIFICATE_VERIFY_RATE_LIMIT},
            limit_get=True,
        )
    except Exception:
        logger.warning("Verification rate limit unavailable (cache down?)", exc_info=True)
        return False
    return usage is None


def _wants_json(request: HttpRequest) -> bool:
    return request.GET.get("format") == "json"


def _public_facts(certificate: Certificate) -> dict:
    """What anyone may learn from a code: no e-mail, no registration number, nothing else."""
    status = certificate.status()
    facts = {
        "code": certificate.display_code,
        "status": status.value,
        "name": certificate.holder_name or None,  # None: removed at the holder's request
        "course": certificate.course_title,
        "workload_hours": float(certificate.workload_hours),
        "completed_on": certificate.completed_on.isoformat(),
        "issuing_body": certificate.issuing_body,
    }
    if certificate.expires_on:
        facts["valid_until"] = certificate.expires_on.isoformat()
    if status == CertificateStatus.REVOKED:
        facts["revoked_on"] = timezone.localdate(certificate.revoked_at).isoformat()
        facts["revocation_reason"] = certificate.revocation_reason
    return facts


@never_cache
@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """A form to type a code; a typed code goes to its verification page."""
    typed = request.GET.get("code", "")
    error = ""
    if typed:
        code = code_normalise(typed)
        if code is not None:
            return redirect("certificate_verify", code=code_display(code))
        error = _(
            "This is not a verification code. A code has 20 letters and digits, in groups of "
            "four, like 7K3M-Q9XD-2HRT-B8WN-FA4C."
        )
    return render(
        request,
        "certificates/verify_form.html",
        {"typed": typed[:64], "error": error},
        status=HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK,
    )


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    as_json = _wants_json(request)
    if _rate_limited(request):
        message = _("Too many checks from your connection. Wait a minute and try again.")
        if as_json:
            return JsonResponse(
                {"status": "rate_limited", "message": message},
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
        return render(
            request,
            "certificates/verify_result.html",
            {"outcome": "rate_limited", "message": message},
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
    normalised = code_normalise(code)
    if normalised is None:
        outcome, status, certificate = "malformed", HTTPStatus.BAD_REQUEST, None
    else:
        certificate = Certificate.objects.filter(code=normalised).first()
        if certificate is None:
            outcome, status = "unknown", HTTPStatus.NOT_FOUND
        else:
            outcome, status = certificate.status().value, HTTPStatus.OK
    if as_json:
        body = _public_facts(certificate) if certificate else {"status": outcome}
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"  # public facts, for other bodies' systems
        return response
    return render(
        request,
        "certificates/verify_result.html",
        {
            "outcome": outcome,
            "certificate": certificate,
            "typed": code[:64] if certificate is None else "",
            "json_url": request.path + "?format=json",
        },
        status=status,
    )


def can_download(user, certificate: Certificate) -> bool:
    """The holder (unless revoked), managers whose scope holds the completion, administrators.

    Nobody, once the holder deleted their account: the document would print no name.
    """
    enrollment = certificate.enrollment
    if not certificate.holder_name:
        return False
    if user.pk == enrollment.user_id:
        return certificate.revoked_at is None
    scope = manager_scope(user)
    return scope is not None and scope.covers(enrollment.completion_unit)


@never_cache
@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    normalised = code_normalise(code)
    certificate = (
        Certificate.objects.select_related("enrollment__completion_unit")
        .filter(code=normalised)
        .first()
        if normalised
        else None
    )
    # Not found and not allowed look the same: a code must not reveal whose certificate it is.
    if certificate is None or not can_download(request.user, certificate):
        raise Http404(_("No certificate of yours has this code."))
    if request.user.pk != certificate.enrollment.user_id:
        # Staff downloading someone's certificate; the holder's own downloads are theirs.
        audit_record(
            request=request,
            action=AuditEvent.Action.EXPORT,
            description=_("Certificate %(code)s (PDF)") % {"code": certificate.display_code},
            rows=1,
        )
    filename = (
        f"certificado-{slugify(certificate.course_title)[:50]}-{certificate.display_code}.pdf"
    )
    response = HttpResponse(certificate_pdf_bytes(certificate), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
