"""Demo certificates: one for every demo completion, issued as the platform would (the
completions made by the learning demo queued them; this catches any left over)."""

from __future__ import annotations

import datetime

from .models import Certificate
from .services import certificates_issue_missing, verification_url


def seed_demo(stdout) -> None:
    certificates_issue_missing(grace=datetime.timedelta(0), limit=None)
    example = Certificate.objects.filter(enrollment__user__email="cursista@capacita.demo").first()
    stdout.write(
        f"  certificados: {Certificate.objects.count()} emitidos"
        + (f"; verifique um em {verification_url(example)}" if example else "")
    )
