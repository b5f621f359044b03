"""The audit log: every export and back-office view of people's data, every certificate
revoked or reissued and a person's own data download and account deletion leave exactly one
event; Administrators read them, nobody else does, and nobody rewrites them."""

from __future__ import annotations

import datetime
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import CertificateArchive
from enrollments import classes
from enrollments.models import BulkEnrolment, ClassSession, CourseClass
from lms.models import AuditEvent, PersonImport
from lms.roles import Role
from tests.conftest import PASSWORD, complete_course

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def only_event(**filters) -> AuditEvent:
    events = list(AuditEvent.objects.filter(**filters))
    assert len(events) == 1, events
    return events[0]


@pytest.fixture
def goal_with_agents(make_goal, make_course, make_person, organisation):
    """Goal M01 with three people who completed its course in 2025, in CRS Norte's subtree."""
    goal = make_goal("M01")
    course = make_course(lessons=1, quiz=False, title="Acolhimento")
    course.plan_goals.set([goal])
    course.save()
    people = [make_person(full_name=f"Agente {i}", unit=organisation["ubs"]) for i in range(3)]
    for i, person in enumerate(people):
        complete_course(person, course, now=at(2025, 3, 1 + i))
    return goal, people


@pytest.fixture
def manager(make_person, organisation):
    return make_person(
        role=Role.MANAGER, managed_unit=organisation["crs_norte"], email="gestora@prefeitura.test"
    )


@pytest.fixture
def administrator(make_person):
    return make_person(role=Role.ADMINISTRATOR, email="admin@prefeitura.test")


# --- Exports and views of the plan's indicators ------------------------------------------------


def test_the_agents_export_records_who_what_how_many_and_the_filters(
    client, goal_with_agents, manager
):
    client.force_login(manager)
    query = urlencode({"format": "csv", "date_from": "2025-01-01", "date_to": "2025-12-31"})
    response = client.get(reverse("plan_indicators:agents") + "?" + query)
    assert response.status_code == HTTPStatus.OK
    b"".join(response.streaming_content)

    event = only_event()
    assert event.action == Action.EXPORT
    assert event.actor == manager and event.actor_label == "gestora@prefeitura.test"
    assert event.rows == 3
    assert event.scope["format"] == "csv"
    filters = dict(event.scope["filters"])
    assert "CRS Norte" in " ".join(filters.values())  # the manager's scope
    assert any("2025" in value for value in filters.values())  # the period asked for
    assert event.ip_address == "127.0.0.1"
    assert "Agente 0" not in str(event.scope) + event.description  # nobody's name


def test_an_export_that_is_refused_records_nothing(client, goal_with_agents, manager, make_person):
    client.force_login(manager)
    response = client.get(reverse("plan_indicators:agents") + "?format=pdf")
    assert response.status_code == HTTPStatus.NOT_FOUND
    client.force_login(make_person(role=Role.TRAINER))
    response = client.get(reverse("plan_indicators:agents") + "?format=csv")
    assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)
    assert not AuditEvent.objects.exists()


def test_the_goal_page_records_a_view_of_the_people_it_lists_and_its_export_an_export(
    client, goal_with_agents, manager
):
    goal, _people = goal_with_agents
    client.force_login(manager)
    url = reverse("plan_indicators:goal", args=[goal.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    view = only_event(action=Action.PERSONAL_DATA_VIEW)
    assert view.actor == manager and view.rows == 3 and "M01" in view.description

    response = client.get(url + "?format=xlsx")
    assert response.status_code == HTTPStatus.OK
    export = only_event(action=Action.EXPORT)
    assert export.rows == 3 and "M01" in export.description and export.scope["format"] == "xlsx"
    assert AuditEvent.objects.count() == 2


def test_aggregate_exports_are_logged_too(client, goal_with_agents, manager):
    client.force_login(manager)
    client.get(reverse("plan_indicators:index") + "?format=csv")
    table = only_event()
    assert table.action == Action.EXPORT and table.rows == 1  # one goal
    assert client.get(reverse("migracidades_report:index") + "?format=xlsx").status_code == 200
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 2
    # The page itself shows figures, not people: no event.
    client.get(reverse("plan_indicators:index"))
    assert AuditEvent.objects.count() == 2


# --- Certificates ------------------------------------------------------------------------------


def test_inspecting_revoking_and_reissuing_a_certificate_each_leave_one_event(
    client, certified, administrator
):
    certificate = certified(full_name="Titular do Certificado")
    other = certified()
    client.force_login(administrator)

    assert client.get(reverse("certificates:inspect", args=[certificate.pk])).status_code == 200
    view = only_event(action=Action.PERSONAL_DATA_VIEW)
    assert certificate.display_code in view.description and view.actor == administrator

    # A refused revocation (no reason) changes nothing and records nothing.
    client.post(reverse("certificates:revoke", args=[other.pk]), {"reason": ""})
    assert not AuditEvent.objects.filter(action=Action.CERTIFICATE_REVOKED).exists()

    response = client.post(reverse("certificates:reissue", args=[certificate.pk]), {"note": ""})
    assert response.status_code == HTTPStatus.FOUND
    reissued = only_event(action=Action.CERTIFICATE_REISSUED)
    assert certificate.display_code in reissued.description
    assert reissued.actor_label == "admin@prefeitura.test" and reissued.ip_address == "127.0.0.1"

    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Emitido por engano"}
    )
    assert response.status_code == HTTPStatus.FOUND
    revoked = only_event(action=Action.CERTIFICATE_REVOKED)
    assert certificate.display_code in revoked.description and revoked.actor == administrator
    assert "Titular do Certificado" not in revoked.description + reissued.description


def test_a_revocation_outside_the_admin_is_logged_without_an_address(certified, administrator):
    certificate = certified()
    certificate_services.certificate_revoke(
        certificate=certificate, reason="Fraude", actor=administrator
    )
    event = only_event(action=Action.CERTIFICATE_REVOKED)
    assert event.actor == administrator and event.ip_address is None


def test_staff_downloading_someones_certificate_is_logged_the_holder_downloading_it_is_not(
    client, certified, administrator
):
    certificate = certified()
    url = reverse("certificate_download", args=[certificate.display_code])
    client.force_login(certificate.enrollment.user)
    assert client.get(url).status_code == HTTPStatus.OK
    assert not AuditEvent.objects.exists()
    client.force_login(administrator)
    assert client.get(url).status_code == HTTPStatus.OK
    event = only_event()
    assert event.action == Action.EXPORT and event.rows == 1


def test_downloading_a_certificate_zip_is_an_export_of_its_certificates(
    client, certified, manager, organisation, django_capture_on_commit_callbacks
):
    certified(unit=organisation["ubs"])
    certified(unit=organisation["ubs"])
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificate_archives:index"), {})
    archive = CertificateArchive.objects.get()
    assert archive.status == CertificateArchive.Status.DONE
    response = client.get(reverse("certificate_archives:download", args=[archive.pk]))
    assert response.status_code == HTTPStatus.OK
    b"".join(response.streaming_content)
    event = only_event()
    assert event.action == Action.EXPORT and event.rows == 2 and event.actor == manager


def test_a_zip_that_is_not_ready_is_not_downloaded_nor_logged(client, manager):
    archive = CertificateArchive.objects.create(requested_by=manager, requested_at=timezone.now())
    client.force_login(manager)
    response = client.get(reverse("certificate_archives:download", args=[archive.pk]))
    assert response.status_code == HTTPStatus.CONFLICT
    assert not AuditEvent.objects.exists()


# --- Classes, bulk enrolment, import of people --------------------------------------------------


def test_the_attendance_sheet_is_an_export_of_the_class_roster(client, make_course, make_person):
    trainer = make_person(role=Role.TRAINER, email="formador@prefeitura.test")
    course = make_course(modality="in_person", lessons=0, quiz=False)
    course_class = CourseClass.objects.create(
        course=course, code="T-1", place="Sala 3", capacity=10, status="open"
    )
    ClassSession.objects.create(
        course_class=course_class,
        date=datetime.date(2026, 3, 2),
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
    )
    course_class.trainers.add(trainer)
    for _ in range(2):
        classes.class_enrol(course_class=course_class, user=make_person())
    client.force_login(trainer)
    response = client.get(reverse("class_attendance_sheet", args=[course_class.pk]))
    assert response.status_code == HTTPStatus.OK
    event = only_event()
    assert event.action == Action.EXPORT and event.rows == 2 and "T-1" in event.description
    assert event.actor_label == "formador@prefeitura.test"


def test_a_bulk_enrolments_list_and_its_csv_are_logged(client, make_course, make_person, manager):
    course = make_course()
    make_person(registration_number="1001")
    make_person(registration_number="1002")
    client.force_login(manager)
    text = "Nome;Matrícula\nAna;1001;\nBia;1002\nX;9999\n"
    response = client.post(
        reverse("bulk_enrolment:new"),
        {"course": course.pk, "file": SimpleUploadedFile("l.csv", text.encode(), "text/csv")},
    )
    assert response.status_code == HTTPStatus.FOUND
    bulk = BulkEnrolment.objects.get()
    assert not AuditEvent.objects.exists()  # uploading shows nobody yet
    client.get(response["Location"])
    view = only_event(action=Action.PERSONAL_DATA_VIEW)
    assert view.rows == 3 and str(bulk.pk) in view.description
    b"".join(client.get(response["Location"] + "?format=csv").streaming_content)
    assert only_event(action=Action.EXPORT).rows == 3


def test_an_import_of_people_logs_each_page_of_lines_seen_and_its_confirmation(
    client, make_person, django_capture_on_commit_callbacks
):
    manager = make_person(role=Role.MANAGER)  # city-wide: may create anyone
    client.force_login(manager)
    text = "Matrícula;Nome;E-mail\n123;José;jose@prefeitura.test\n456;Ana;ana@prefeitura.test\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people_import:index"),
            {"file": SimpleUploadedFile("rh.csv", text.encode(), "text/csv")},
        )
    person_import = PersonImport.objects.get()
    assert person_import.status == PersonImport.Status.VALIDATED
    client.get(response["Location"] + "?format=json")  # progress only: nobody's data
    assert not AuditEvent.objects.exists()
    client.get(response["Location"])
    view = only_event(action=Action.PERSONAL_DATA_VIEW)
    assert view.rows == 2 and "rh.csv" in view.description

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people_import:confirm", args=[person_import.pk]))
    confirmed = only_event(action=Action.PEOPLE_IMPORT_APPLIED)
    assert confirmed.rows == 2 and confirmed.actor == manager
    # Confirming again is refused and records nothing more.
    client.post(reverse("people_import:confirm", args=[person_import.pk]))
    assert AuditEvent.objects.filter(action=Action.PEOPLE_IMPORT_APPLIED).count() == 1


def test_an_administrator_opening_a_persons_record_is_a_view_of_their_data(
    client, administrator, make_person
):
    person = make_person(full_name="Pessoa Consultada")
    client.force_login(administrator)
    response = client.get(reverse("wagtailusers_users:edit", args=[person.pk]))
    assert response.status_code == HTTPStatus.OK
    event = only_event()
    assert event.action == Action.PERSONAL_DATA_VIEW and str(person.pk) in event.description
    assert "Pessoa Consultada" not in event.description
    # Saving the record is not a view: no second event for the POST itself.
    client.post(reverse("wagtailusers_users:edit", args=[person.pk]), {})
    assert AuditEvent.objects.count() == 1


# --- A person and their own data ---------------------------------------------------------------


def test_a_persons_own_download_and_deletion_are_logged_without_their_identity(client, make_person):
    person = make_person(full_name="Maria Titular", email="maria@prefeitura.test")
    client.force_login(person)
    assert client.get(reverse("my_data")).status_code == HTTPStatus.OK
    download = only_event()
    assert download.action == Action.OWN_DATA_DOWNLOAD and download.actor == person
    assert download.actor_label == "" and download.ip_address == "127.0.0.1"

    response = client.post(reverse("account_delete"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == HTTPStatus.OK
    person.refresh_from_db()
    assert not person.is_active  # the deletion went through
    deleted = only_event(action=Action.ACCOUNT_DELETED)
    assert deleted.actor_id == person.pk and deleted.ip_address is None
    for event in AuditEvent.objects.all():
        text = f"{event.actor_label} {event.description} {event.scope}"
        assert "Maria" not in text and "maria@" not in text
        assert event.ip_address is None  # their address went with the account


# --- Who reads the log -------------------------------------------------------------------------


def test_administrators_read_the_log_newest_first_and_filter_it(
    client, administrator, manager, make_person
):
    trainer = make_person(role=Role.TRAINER, email="formador@prefeitura.test")
    old = AuditEvent.objects.create(
        action=Action.EXPORT,
        actor=manager,
        actor_label=manager.email,
        description="Exportação antiga",
        at=at(2025, 1, 10),
        rows=7,
    )
    AuditEvent.objects.create(
        action=Action.CERTIFICATE_REVOKED,
        actor=trainer,
        actor_label=trainer.email,
        description="Certificado ABC",
        at=at(2025, 6, 10),
    )
    client.force_login(administrator)
    response = client.get(reverse("audit_log"))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert page.index("Certificado ABC") < page.index("Exportação antiga")
    assert "gestora@prefeitura.test" in page and '<th scope="col">' in page

    def shown(**query):
        content = client.get(reverse("audit_log"), query).content.decode()
        return {d for d in ("Certificado ABC", "Exportação antiga") if d in content}

    assert shown(action=Action.EXPORT) == {"Exportação antiga"}
    assert shown(actor="formador") == {"Certificado ABC"}
    assert shown(date_from="2025-06-01") == {"Certificado ABC"}
    assert shown(date_to="2025-01-10") == {"Exportação antiga"}
    # Bad filters are reported, not a 500, and filter nothing.
    response = client.get(reverse("audit_log"), {"date_from": "amanhã", "action": "nada"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors
    assert shown(date_from="2025-07-01", date_to="2025-01-01") == {
        "Certificado ABC",
        "Exportação antiga",
    }
    old.refresh_from_db()
    assert old.rows == 7


def test_the_log_pages_its_events(client, administrator):
    for i in range(51):
        AuditEvent.objects.create(action=Action.EXPORT, description=f"Evento {i:02d}")
    client.force_login(administrator)
    first = client.get(reverse("audit_log"), {"action": "export"})
    assert len(first.context["events"]) == 50 and "p=2" in first.content.decode()
    second = client.get(reverse("audit_log"), {"action": "export", "p": 2})
    assert len(second.context["events"]) == 1 and "Evento 00" in second.content.decode()


def test_nobody_but_administrators_reads_the_log(client, manager, make_person):
    AuditEvent.objects.create(action=Action.EXPORT, description="Segredo do log")
    response = client.get(reverse("audit_log"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    for person in (manager, make_person(role=Role.TRAINER), make_person(role=Role.LEARNER)):
        client.force_login(person)
        response = client.get(reverse("audit_log"))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Segredo do log" not in response.content.decode()


def test_the_menu_shows_the_log_to_administrators_only(client, administrator, manager):
    url = reverse("audit_log")
    client.force_login(manager)
    assert f'"{url}"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(administrator)
    assert f'"{url}"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_events_cannot_be_changed_or_deleted(manager):
    event = AuditEvent.objects.create(action=Action.EXPORT, actor=manager, rows=1)
    event.rows = 0
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get().rows == 1


def test_behind_a_proxy_the_visitors_address_is_recorded(client, settings, make_person):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.force_login(make_person())
    client.get(reverse("my_data"), headers={"x-forwarded-for": "203.0.113.9"})
    assert only_event().ip_address == "203.0.113.9"


def test_when_the_event_cannot_be_written_nothing_leaves_and_nothing_changes(
    client, goal_with_agents, manager, certified, administrator, monkeypatch
):
    from django.db import DatabaseError

    def broken(**kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", broken)
    client.force_login(manager)
    with pytest.raises(DatabaseError):
        client.get(reverse("plan_indicators:agents") + "?format=csv")
    certificate = certified()
    client.force_login(administrator)
    with pytest.raises(DatabaseError):
        client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Erro"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None  # the revocation was rolled back with its record
