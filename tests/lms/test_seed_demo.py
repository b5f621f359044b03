"""seed_demo refuses to run in production and e-mails nobody (what the demo data gives is in
tests/lms/test_demo_data.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

from enrollments.models import Enrollment
from lms.demo import DEMO_ACCOUNTS
from lms.models import User

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_demo_refuses_when_debug_is_off_unless_forced_and_emails_nobody(settings, mailoutbox):
    """Forced, it commits for real, as on a demo server: the past completions' follow-ups
    run, silently. (One test, because seeding takes a while.)"""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG está desligado"):
        seed()
    assert not User.objects.exists()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).count() == len(
        DEMO_ACCOUNTS
    )
    assert Enrollment.objects.completed().exists()
    assert mailoutbox == []


def test_the_demo_code_is_printed_only_with_debug_on(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp_code", stdout=io.StringIO(), stderr=io.StringIO())
