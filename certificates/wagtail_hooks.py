from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import CertificatesViewSetGroup
from .models import Certificate


@hooks.register("construct_my_learning")
def add_certificates_to_my_learning(request, context) -> None:
    """Each completed course on "My learning" gets its certificate: download, code, status."""
    completed = context.get("completed", [])
    if not completed:
        return
    certificates = {
        c.enrollment_id: c
        for c in Certificate.objects.filter(enrollment__in=[p.enrollment for p in completed])
    }
    for progress in completed:
        certificate = certificates.get(progress.enrollment.pk)
        html = render_to_string(
            "certificates/includes/my_learning_certificate.html",
            {
                "certificate": certificate,
                "status": certificate.status().value if certificate else "",
            },
            request=request,
        )
        progress.extras.append(mark_safe(html))  # noqa: S308 - our own rendered template


register_snippet(CertificatesViewSetGroup)
