"""Demo certificates: signatories on the default template (invented, labelled demo), and a
certificate for every demo completion (issued as the platform would, exactly once)."""

from __future__ import annotations

import datetime

from courses.models import CertificateSignatory, CertificateTemplate

from .models import Certificate
from .services import certificates_issue_missing, verification_url

DEMO_SIGNATORIES = [
    ("Beatriz Almeida (demo)", "Coordenadora de Políticas para Migrantes"),
    ("Ricardo Nunes Ferreira (demo)", "Diretor da Escola Municipal de Administração Pública"),
]


def seed_demo(stdout) -> None:
    template = CertificateTemplate.default()
    if template is not None and not template.signatories.exists():
        for order, (name, role) in enumerate(DEMO_SIGNATORIES):
            CertificateSignatory.objects.create(
                template=template, name=name, role=role, sort_order=order
            )
    # Completions made by the demo loader already queued theirs; this catches any left over.
    certificates_issue_missing(grace=datetime.timedelta(0), limit=100_000)
    example = Certificate.objects.filter(enrollment__user__email="cursista@capacita.demo").first()
    stdout.write(
        f"  certificados: {Certificate.objects.count()} emitidos"
        + (f"; verifique um em {verification_url(example)}" if example else "")
    )
