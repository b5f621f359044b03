import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from lms.celery import queue_after_commit

from .admin_views import CertificatesViewSetGroup
from .models import Certificate
from .services import holder_name
from .tasks import issue_certificate

# register_snippet makes the certificate templates snippets; the group also holds the
# certificate list and the ZIPs, which are plain admin viewsets.
register_snippet(CertificatesViewSetGroup)


@hooks.register("construct_my_learning")
def add_certificates_to_my_learning(request, context) -> None:
    """Each completed course on "My learning" gets its certificate: download, code, status.

    A completion still without a certificate after the grace period (a lost task, a name
    filled in later) is queued again from here, so the learner is never left waiting.
    """
    completed = context.get("completed", [])
    if not completed:
        return
    certificates = {
        c.enrollment_id: c
        for c in Certificate.objects.filter(enrollment__in=[p.enrollment for p in completed])
    }
    has_name = bool(holder_name(request.user))
    overdue = timezone.now() - datetime.timedelta(minutes=5)
    for progress in completed:
        certificate = certificates.get(progress.enrollment.pk)
        if certificate is None and has_name and progress.enrollment.completed_at < overdue:
            queue_after_commit(issue_certificate, progress.enrollment.pk)
        html = render_to_string(
            "certificates/includes/my_learning_certificate.html",
            {
                "certificate": certificate,
                "needs_name": certificate is None and not has_name,
                "status": certificate.status().value if certificate else "",
            },
            request=request,
        )
        progress.extras.append(mark_safe(html))  # noqa: S308 - our own rendered template


@hooks.register("register_footer_link")
def verification_footer_link() -> tuple[str, str]:
    return _("Verify a certificate"), reverse("certificate_verify_form")


@hooks.register("before_bulk_action")
def keep_people_with_certificates_in_bulk(request, action_type, objects, action):
    """The same for Wagtail's bulk deletion of people, which skips ``before_delete_user``:
    the whole deletion is refused, naming nobody, rather than failing half-way."""
    if action_type != "delete" or action.model is not get_user_model():
        return None
    holders = Certificate.objects.filter(enrollment__user__in=objects).values("enrollment__user")
    count = len(set(holders.values_list("enrollment__user", flat=True)))
    if not count:
        return None
    messages.error(
        request,
        ngettext(
            "%(count)s of the people chosen holds certificates, which must stay verifiable: "
            "deactivate that account instead of deleting it. Nobody was deleted.",
            "%(count)s of the people chosen hold certificates, which must stay verifiable: "
            "deactivate those accounts instead of deleting them. Nobody was deleted.",
            count,
        )
        % {"count": count},
    )
    return redirect(action.next_url)


@hooks.register("before_delete_user")
def keep_people_with_certificates(request, user):
    """Certificates are public evidence: a person who holds one is deactivated, not deleted."""
    if Certificate.objects.filter(enrollment__user=user).exists():
        messages.error(
            request,
            _(
                "%(name)s holds certificates, which must stay verifiable: deactivate the "
                "account instead of deleting it."
            )
            % {"name": user.display_name},
        )
        return redirect("wagtailusers_users:edit", user.pk)
    return None
