"""A trainer runs an in-person class from a phone: opens the class, marks attendance for two
sessions (each tap saved without reloading), closes the class; the attendees appear as
completed and certified, the absent one does not. axe runs on every page."""

import datetime
import re

import pytest

from certificates.models import Certificate
from enrollments import classes
from enrollments.models import ClassSession, ClassStatus, CourseClass, Enrollment
from lms.roles import Role
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_trainer_takes_attendance_on_a_phone_and_closes_the_class(
    live_server, browser, assert_accessible, make_person, make_course
):
    trainer = make_person(role=Role.TRAINER, full_name="Formadora Joana Prado")
    course = make_course(
        title="Acolhimento presencial", modality="in_person", lessons=0, quiz=False
    )
    course.min_attendance = 100
    course.save_revision().publish()
    course_class = CourseClass.objects.create(
        course=course,
        code="ACOLH-01",
        place="CRAI – Rua Japurá, 234",
        capacity=10,
        status=ClassStatus.RUNNING,
    )
    course_class.trainers.add(trainer)
    for day in (datetime.date(2026, 3, 2), datetime.date(2026, 3, 9)):
        ClassSession.objects.create(
            course_class=course_class,
            date=day,
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
        )
    present = make_person(full_name="Amara Diallo")
    also_present = make_person(full_name="Luis Quispe")
    absent = make_person(full_name="Wang Fang")
    for person in (present, also_present, absent):
        classes.class_enrol(course_class=course_class, user=person, by_staff=True)

    context = browser.new_context(
        locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, trainer.email)

    page.goto(live_server.url + "/turmas/")
    assert_accessible(page)
    page.get_by_role("link", name="ACOLH-01").click()
    page.wait_for_url(f"**/turmas/{course_class.pk}/")
    assert_accessible(page)

    marks = {
        "Amara Diallo": ["Presente", "Presente"],
        "Luis Quispe": ["Presente", "Presente"],
        "Wang Fang": ["Presente", "Ausente"],
    }
    for number in (1, 2):
        page.get_by_role("link", name=f"Sessão {number}:").click()
        page.wait_for_url("**/sessoes/*/")
        assert_accessible(page)
        url_before = page.url
        for name, statuses in marks.items():
            group = page.get_by_role("group", name=name)
            button = group.get_by_role("button", name=statuses[number - 1], exact=True)
            button.tap()
            # Saved in the background: the button shows it, the page did not reload.
            assert button.get_attribute("aria-pressed") is not None
            page.wait_for_function(
                "b => b.getAttribute('aria-pressed') === 'true'", arg=button.element_handle()
            )
            box = button.bounding_box()
            assert box["height"] >= 48 and box["width"] >= 48  # big touch targets
        assert page.url == url_before
        page.get_by_role("status").filter(has_text="Wang Fang").wait_for()
        assert_accessible(page)
        page.get_by_role("link", name="Voltar para a turma").click()
        page.wait_for_url(f"**/turmas/{course_class.pk}/")

    page.get_by_label("Conferi a presença de todas as sessões").check()
    page.get_by_role("button", name="Encerrar a turma").click()
    page.wait_for_url(f"**/turmas/{course_class.pk}/")
    page.get_by_text("Turma encerrada").wait_for()
    assert_accessible(page)
    rows = page.get_by_role("row")
    assert rows.filter(has_text="Amara Diallo").filter(has_text="Concluiu").count() == 1
    assert rows.filter(has_text="Luis Quispe").filter(has_text="Concluiu").count() == 1
    assert rows.filter(has_text="Wang Fang").filter(has_text="Não concluiu").count() == 1

    completed = set(
        Enrollment.objects.filter(
            course_class=course_class, completed_at__isnull=False
        ).values_list("user__full_name", flat=True)
    )
    assert completed == {"Amara Diallo", "Luis Quispe"}
    certified = set(
        Certificate.objects.filter(enrollment__course_class=course_class).values_list(
            "holder_name", flat=True
        )
    )
    assert certified == {"Amara Diallo", "Luis Quispe"}

    # The attendee sees the completion and the certificate on their own page.
    page.goto(live_server.url + "/conta/logout/")
    page.get_by_role("button", name="Sair").click()
    log_in(page, live_server.url, present.email)
    page.goto(live_server.url + "/minha-aprendizagem/")
    assert_accessible(page)
    done = page.locator("li.course-card", has_text="Acolhimento presencial")
    done.get_by_role("link", name=re.compile("Baixar certificado")).first.wait_for()
    context.close()
