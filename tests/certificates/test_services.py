"""Issuing, notifying, sweeping, revoking and reissuing certificates."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates import services, tasks
from certificates.models import Certificate, CertificateArchive, CertificateEvent
from courses.models import CertificateSignatory, CertificateTemplate, PlanGoal
from enrollments.models import Enrollment
from lms.roles import Role
from tests.conftest import complete_course, pdf_text

pytestmark = pytest.mark.django_db


def certificate_mails():
    return [m for m in mail.outbox if "certificado" in m.subject.lower()]


def test_completing_a_course_issues_its_certificate_and_emails_the_learner(
    make_person, make_course, organisation, django_capture_on_commit_callbacks
):
    person = make_person(
        full_name="Maria José da Conceição",
        social_name="Majô Conceição",
        unit=organisation["ubs"],
        registration_number="8231-4",
    )
    course = make_course(title="Acolhimento intercultural na UBS", workload_hours=12, lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = complete_course(person, course)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.holder_name == "Majô Conceição"  # the social name, as everywhere
    assert certificate.course_title == "Acolhimento intercultural na UBS"
    assert certificate.completed_on == timezone.localdate(enrollment.completed_at)
    assert certificate.issuing_body == "Prefeitura de São Paulo"
    text = pdf_text(certificate.pdf.read())
    for expected in (
        "Majô Conceição",
        "Acolhimento intercultural na UBS",
        "12",
        certificate.display_code,
    ):
        assert expected in text
    assert "Maria José" not in text  # the civil name never shows when a social name exists
    assert [e.kind for e in certificate.events.all()] == [CertificateEvent.Kind.ISSUED]

    [message] = certificate_mails()
    assert message.to == [person.email]
    assert "Seu certificado" in message.subject
    assert f"/certificates/{certificate.display_code}/pdf/" in message.body
    assert f"/certificates/verify/{certificate.display_code}/" in message.body
    certificate.refresh_from_db()
    assert certificate.notified_at is not None


def test_issuing_again_changes_nothing(certified):
    certificate = certified()
    again = services.certificate_issue(enrollment_id=certificate.enrollment_id)
    assert again.pk == certificate.pk and again.code == certificate.code
    assert Certificate.objects.count() == 1
    assert services.certificate_notify(certificate_id=certificate.pk) is False
    assert len(certificate_mails()) == 1


def test_no_certificate_before_completion(make_person, make_course):
    from enrollments import services as learning

    enrollment = learning.enrollment_create(user=make_person(), course=make_course())
    assert services.certificate_issue(enrollment_id=enrollment.pk) is None
    assert services.certificate_issue(enrollment_id=999_999) is None
    assert not Certificate.objects.exists()


def test_the_certificate_lists_the_goals_the_course_feeds(make_course, certified):
    goal = PlanGoal.objects.create(
        code="M07",
        title="Capacitar agentes da saúde",
        axis_id=_axis().pk,
        responsible_unit=_secretariat(),
        target=100,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    course = make_course(lessons=1)
    course.plan_goals.add(goal)
    course.save()
    certificate = certified(course=course)
    assert certificate.goal_list == ["M07 – Capacitar agentes da saúde"]
    assert "M07" in pdf_text(certificate.pdf.read())


def _axis():
    from courses.models import PlanAxis

    return PlanAxis.objects.get_or_create(number=8, defaults={"title": "Saúde"})[0]


def _secretariat():
    from lms.models import OrganisationalUnit

    return OrganisationalUnit.add_root(
        acronym="SMS", name="Secretaria da Saúde", kind="secretariat"
    )


def test_a_course_with_a_validity_gives_certificates_that_expire(make_course, certified):
    certificate = certified(course=make_course(lessons=1, certificate_validity_months=24))
    assert certificate.expires_on == services._add_months(certificate.completed_on, 24)
    assert certificate.status().value == "valid"
    assert certificate.status(certificate.expires_on + datetime.timedelta(days=1)).value == (
        "expired"
    )


def test_months_are_added_to_the_last_day_when_the_day_does_not_exist():
    assert services._add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert services._add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)


def test_a_course_uses_the_template_it_picked(make_course, certified):
    template = CertificateTemplate.objects.create(
        name="EMASP",
        title="Declaração de participação",
        body="Declaramos que {name} participou de {course} ({hours} h) em {date}.",
        issuing_body="Escola Municipal de Administração Pública",
    )
    CertificateSignatory.objects.create(template=template, name="Ana Lima", role="Diretora")
    course = make_course(title="Lei de Migração", lessons=1, certificate_template=template)
    certificate = certified(course=course, full_name="Rosa Quispe")
    text = pdf_text(certificate.pdf.read())
    assert "Declaração de participação" in text
    assert "Declaramos que Rosa Quispe participou de Lei de Migração" in " ".join(text.split())
    assert "Ana Lima" in text and "Diretora" in text
    assert certificate.issuing_body == "Escola Municipal de Administração Pública"


def test_the_default_template_is_seeded_and_unique():
    default = CertificateTemplate.default()
    assert default.is_default and "{name}" in default.body
    other = CertificateTemplate(name="Outro", body="{name}", is_default=True)
    with pytest.raises(ValidationError):
        other.full_clean()


def test_unknown_placeholders_are_refused_when_a_template_is_saved():
    template = CertificateTemplate(
        name="Com erro", body="Certificamos que {nome} concluiu {course}."
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "{nome}" in str(error.value)
    template.body = "Certificamos que {name} concluiu {course}. Preço: {{ nada }}"
    template.full_clean()  # other braces are plain text
    assert template.fill({"name": "Zé", "course": "X"}).startswith(
        "Certificamos que Zé concluiu X."
    )


def test_the_sweep_issues_what_the_queue_lost_and_only_once(
    make_person, make_course, settings, django_capture_on_commit_callbacks
):
    course = make_course(lessons=1)
    # The broker was down: the queued issuance never ran (callbacks captured, not executed).
    with django_capture_on_commit_callbacks(execute=False):
        lost = [complete_course(make_person(), course) for _ in range(3)]
    assert not Certificate.objects.exists()

    assert tasks.sweep_certificates() == 0  # still within the grace period
    settings.CERTIFICATE_SWEEP_GRACE_SECONDS = 0  # the grace period is over
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_certificates() == 3
        assert tasks.sweep_certificates() == 0
    assert sorted(Certificate.objects.values_list("enrollment_id", flat=True)) == sorted(
        e.pk for e in lost
    )
    assert len(certificate_mails()) == 3


def test_the_sweep_sends_emails_that_were_lost(
    certified, settings, django_capture_on_commit_callbacks
):
    certificate = certified()
    Certificate.objects.filter(pk=certificate.pk).update(notified_at=None)
    mail.outbox.clear()
    settings.CERTIFICATE_SWEEP_GRACE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_certificates()
        # While the e-mail is still owed (SMTP down, say), a sweep soon after queues nothing.
        Certificate.objects.filter(pk=certificate.pk).update(notified_at=None)
        tasks.sweep_certificates()
    assert len(certificate_mails()) == 1


def test_revoking_needs_a_reason_and_is_recorded(certified, make_person):
    certificate = certified()
    admin = make_person(role=Role.ADMINISTRATOR)
    with pytest.raises(services.CertificateError, match="motivo"):
        services.certificate_revoke(certificate=certificate, reason="   ", actor=admin)
    services.certificate_revoke(
        certificate=certificate, reason="Frequência lançada por engano", actor=admin
    )
    certificate.refresh_from_db()
    assert certificate.status().value == "revoked"
    assert certificate.revocation_reason == "Frequência lançada por engano"
    event = certificate.events.get(kind=CertificateEvent.Kind.REVOKED)
    assert event.actor == admin and event.note == "Frequência lançada por engano"
    with pytest.raises(services.CertificateError, match="já está revogado"):
        services.certificate_revoke(certificate=certificate, reason="de novo", actor=admin)
    with pytest.raises(services.CertificateError):
        services.certificate_reissue(certificate=certificate, actor=admin)


def test_reissuing_after_a_name_correction_keeps_the_code_and_records_the_change(
    certified, make_person, django_capture_on_commit_callbacks
):
    certificate = certified(full_name="Joao da Silva")
    person = certificate.enrollment.user
    old_file = certificate.pdf.name
    person.full_name = "João da Silva Ñandú"
    person.save()
    admin = make_person(role=Role.ADMINISTRATOR)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(
            certificate=certificate, actor=admin, note="Pedido do servidor"
        )

    certificate.refresh_from_db()
    assert certificate.holder_name == "João da Silva Ñandú"
    assert certificate.version == 2
    assert certificate.pdf.name != old_file
    assert not certificate.pdf.storage.exists(old_file)
    text = pdf_text(certificate.pdf.read())
    assert "João da Silva Ñandú" in text and certificate.display_code in text
    event = certificate.events.get(kind=CertificateEvent.Kind.REISSUED)
    assert event.changes == {"holder_name": ["Joao da Silva", "João da Silva Ñandú"]}
    assert event.actor == admin and event.note == "Pedido do servidor"
    assert Certificate.objects.count() == 1


def test_a_zip_holds_the_certificates_in_the_managers_scope_only(
    make_person, make_course, organisation, certified
):
    course, other_course = make_course(lessons=1), make_course(lessons=1)
    in_scope = certified(course=course, unit=organisation["ubs"])
    certified(course=course, unit=organisation["dre"])  # SME: outside an SMS manager's scope
    certified(course=other_course, unit=organisation["crs_sul"])  # another course
    revoked = certified(course=course, unit=organisation["crs_norte"])
    admin = make_person(role=Role.ADMINISTRATOR)
    services.certificate_revoke(certificate=revoked, reason="Erro", actor=admin)
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["sms"])

    archive = services.certificate_archive_request(user=manager, course=course)
    archive = services.certificate_archive_build(archive_id=archive.pk)
    assert archive.status == CertificateArchive.Status.DONE
    assert (archive.total, archive.done, archive.percent) == (1, 1, 100)
    with zipfile.ZipFile(io.BytesIO(archive.file.read())) as bundle:
        names = bundle.namelist()
        assert len([n for n in names if n.endswith(".pdf")]) == 1
        assert in_scope.display_code in names[0]
        index = bundle.read("certificados.csv").decode("utf-8-sig")
    assert in_scope.holder_name in index and revoked.holder_name not in index


def test_a_zip_can_be_limited_to_a_period(make_person, make_course, certified):
    course = make_course(lessons=1)
    old = certified(course=course)
    Certificate.objects.filter(pk=old.pk).update(completed_on=datetime.date(2022, 5, 1))
    recent = certified(course=course)
    manager = make_person(role=Role.MANAGER)  # no unit: the whole city
    archive = services.certificate_archive_request(
        user=manager, completed_from=datetime.date(2023, 1, 1)
    )
    archive = services.certificate_archive_build(archive_id=archive.pk)
    with zipfile.ZipFile(io.BytesIO(archive.file.read())) as bundle:
        pdfs = [n for n in bundle.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 1 and recent.display_code in pdfs[0]


def test_only_managers_can_ask_for_zips_and_periods_must_make_sense(make_person):
    with pytest.raises(services.CertificateError):
        services.certificate_archive_request(user=make_person(role=Role.LEARNER))
    with pytest.raises(services.CertificateError):
        services.certificate_archive_request(user=make_person(role=Role.TRAINER))
    with pytest.raises(services.CertificateError, match="antes"):
        services.certificate_archive_request(
            user=make_person(role=Role.MANAGER),
            completed_from=datetime.date(2024, 5, 1),
            completed_to=datetime.date(2024, 4, 1),
        )
    assert not CertificateArchive.objects.exists()


def test_the_qr_on_an_issued_certificate_opens_its_verification_page(certified, client, settings):
    import pypdfium2
    import zxingcpp
    from django.urls import resolve

    certificate = certified()
    page = pypdfium2.PdfDocument(certificate.pdf.read())[0]
    [qr] = zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    assert qr.text == f"{settings.SITE_URL}/certificates/verify/{certificate.display_code}/"
    path = qr.text.removeprefix(settings.SITE_URL)
    assert resolve(path).url_name == "certificate_verify"
    assert "Certificado válido" in client.get(path).content.decode()


def test_the_command_issues_every_missing_certificate_now(
    make_person, make_course, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    course = make_course(lessons=1)
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(3):
            complete_course(make_person(), course)
    # One of them is years old: beyond the sweep's window, not beyond the command.
    Enrollment.objects.filter(pk=Enrollment.objects.order_by("pk").first().pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=900)
    )
    settings.CERTIFICATE_SWEEP_GRACE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_certificates() == 2
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_missing_certificates", stdout=out)
    assert Certificate.objects.count() == 3
    assert "Certificados emitidos: 1." in out.getvalue()
    # The backfilled one is not e-mailed about: its completion is long past.
    assert len(certificate_mails()) == 2


def test_no_certificate_carries_an_email_address_it_waits_for_the_name(
    make_person, make_course, client, django_capture_on_commit_callbacks
):
    person = make_person(full_name="", email="sem.nome@prefeitura.test")
    course = make_course(title="Curso sem nome", lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = complete_course(person, course)
    assert not Certificate.objects.exists()
    client.force_login(person)
    page = client.get("/minha-aprendizagem/").content.decode()
    assert "Seu certificado precisa do seu nome" in page

    person.full_name = "Aylin Demir"
    person.save()
    Enrollment.objects.filter(pk=enrollment.pk).update(
        completed_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/minha-aprendizagem/")  # the page asks for the certificate again
    certificate = Certificate.objects.get()
    assert certificate.holder_name == "Aylin Demir"
    assert "sem.nome@" not in pdf_text(certificate.pdf.read())


def test_a_reissue_keeps_the_texts_and_signatories_it_was_issued_with(
    make_course, make_person, certified, django_capture_on_commit_callbacks
):
    template = CertificateTemplate.objects.create(
        name="Turma 2024", title="Certificado 2024", body="{name} concluiu {course}."
    )
    CertificateSignatory.objects.create(template=template, name="Dra. Antiga", role="Diretora")
    certificate = certified(course=make_course(lessons=1, certificate_template=template))
    template.title = "Certificado 2026"
    template.save()
    template.signatories.all().delete()
    CertificateSignatory.objects.create(template=template, name="Dr. Novo", role="Diretor")

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(
            certificate=certificate, actor=make_person(role=Role.ADMINISTRATOR)
        )
    text = pdf_text(Certificate.objects.get().pdf.read())
    assert "Certificado 2024" in text and "Dra. Antiga" in text
    assert "Certificado 2026" not in text and "Dr. Novo" not in text


def test_a_signature_scan_is_printed_but_never_public(make_course, certified, settings):
    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 80, 255)).save(buffer, format="PNG")
    template = CertificateTemplate.objects.create(name="Assinado", body="{name}")
    signatory = CertificateSignatory(template=template, name="Clara Reis", role="Secretária")
    signatory.signature.save("assinatura.png", ContentFile(buffer.getvalue()), save=True)
    assert settings.MEDIA_ROOT.as_posix() not in signatory.signature.path
    assert signatory.signature.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    certificate = certified(course=make_course(lessons=1, certificate_template=template))
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(certificate.pdf.read())).pages[0]
    assert len(page.images) >= 1 and "Clara Reis" in page.extract_text()


def test_a_lost_pdf_is_rendered_again_from_the_certificate(certified, client):
    certificate = certified(full_name="Tereza Batista")
    certificate.pdf.storage.delete(certificate.pdf.name)
    client.force_login(certificate.enrollment.user)
    response = client.get(f"/certificates/{certificate.display_code}/pdf/")
    assert response.status_code == 200
    assert "Tereza Batista" in pdf_text(response.content)
    certificate.refresh_from_db()
    assert certificate.pdf.storage.exists(certificate.pdf.name)


def _stored_pdfs(settings) -> set:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates"
    return set(root.rglob("*.pdf")) if root.exists() else set()


def test_a_failure_while_issuing_leaves_no_file_and_no_half_certificate(
    make_person, make_course, monkeypatch, settings, django_capture_on_commit_callbacks
):
    before = _stored_pdfs(settings)

    def disk_full(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(CertificateEvent.objects, "create", disk_full)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = complete_course(make_person(), make_course(lessons=1))
    assert Enrollment.objects.get(pk=enrollment.pk).is_completed  # the completion stands
    assert not Certificate.objects.exists()
    assert _stored_pdfs(settings) == before  # the rendered PDF did not stay behind
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_issue_missing(grace=datetime.timedelta(0)).issued == 1


def test_the_sweep_goes_on_past_a_completion_it_cannot_issue(
    make_person, make_course, monkeypatch, django_capture_on_commit_callbacks
):
    course = make_course(lessons=1)
    with django_capture_on_commit_callbacks(execute=False):
        first = complete_course(make_person(), course)
        complete_course(make_person(), course)
    real_issue = services.certificate_issue

    def failing_for_the_first(*, enrollment_id, now=None):
        if enrollment_id == first.pk:
            raise OSError("storage full")
        return real_issue(enrollment_id=enrollment_id, now=now)

    monkeypatch.setattr(services, "certificate_issue", failing_for_the_first)
    assert services.certificates_issue_missing(grace=datetime.timedelta(0)).issued == 1
    assert Certificate.objects.count() == 1


def test_the_csv_index_of_a_zip_never_holds_a_formula(make_person, certified):
    certified(full_name='=HYPERLINK("http://mal.example";"clique")')
    archive = services.certificate_archive_request(user=make_person(role=Role.MANAGER))
    archive = services.certificate_archive_build(archive_id=archive.pk)
    with zipfile.ZipFile(io.BytesIO(archive.file.read())) as bundle:
        index = bundle.read("certificados.csv").decode("utf-8-sig")
    import csv

    rows = list(csv.reader(io.StringIO(index), delimiter=";"))
    names = [row[1] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://mal.example";"clique")']


def test_a_zip_is_refused_when_too_large_or_empty(make_person, certified, settings):
    manager = make_person(role=Role.MANAGER)
    with pytest.raises(services.CertificateError, match="Nenhum certificado"):
        services.certificate_archive_request(user=manager)
    certified(), certified()
    settings.CERTIFICATE_ARCHIVE_MAX = 1
    with pytest.raises(services.CertificateError, match="2 certificados"):
        services.certificate_archive_request(user=manager)
    assert not CertificateArchive.objects.exists()


def test_a_zip_is_built_by_one_worker_at_a_time_and_deleted_after_its_retention(
    make_person, certified, settings
):
    certified()
    archive = services.certificate_archive_request(user=make_person(role=Role.MANAGER))
    CertificateArchive.objects.filter(pk=archive.pk).update(
        status=CertificateArchive.Status.RUNNING, started_at=timezone.now()
    )
    services.certificate_archive_build(archive_id=archive.pk)  # another worker holds it
    archive.refresh_from_db()
    assert archive.status == CertificateArchive.Status.RUNNING and not archive.file

    CertificateArchive.objects.filter(pk=archive.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)  # that worker died
    )
    services.certificate_archive_build(archive_id=archive.pk)
    archive.refresh_from_db()
    assert archive.status == CertificateArchive.Status.DONE
    stored = archive.file.name
    assert archive.file.storage.exists(stored)

    later = timezone.now() + datetime.timedelta(
        days=settings.CERTIFICATE_ARCHIVE_RETENTION_DAYS + 1
    )
    assert services.certificate_archives_purge(now=later) == 1
    assert not CertificateArchive.objects.exists()
    assert not archive.file.storage.exists(stored)
