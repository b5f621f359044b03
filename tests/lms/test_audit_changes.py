"""The audit log records what changes the plan's figures, with its before and after (issue 19):
a plan goal's target, a course published, changed while live or unpublished (however it
happens), a class closed. The log page is valid HTML."""

from __future__ import annotations

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import PlanGoal, PlanGoalSecretariatTarget
from enrollments import classes
from enrollments.models import ClassSession, ClassStatus, CourseClass, Enrollment
from lms.models import AuditEvent
from lms.roles import Role

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def administrator(make_person):
    return make_person(role=Role.ADMINISTRATOR, email="admin@prefeitura.test")


def goal_form(goal: PlanGoal, **changes) -> dict:
    """What the plan goal's edit form posts, with ``changes``."""
    data = {
        "code": goal.code,
        "axis": goal.axis_id,
        "title": goal.title,
        "description": goal.description,
        "action_numbers": goal.action_numbers,
        "responsible_unit": goal.responsible_unit_id,
        "baseline": goal.baseline,
        "target": goal.target,
        "start_date": goal.start_date.isoformat(),
        "end_date": goal.end_date.isoformat(),
        "secretariat_targets-TOTAL_FORMS": "0",
        "secretariat_targets-INITIAL_FORMS": "0",
        "secretariat_targets-MIN_NUM_FORMS": "0",
        "secretariat_targets-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def log_page(client) -> str:
    response = client.get(reverse("audit_log"))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_a_goals_target_edit_is_recorded_with_before_and_after(
    client, administrator, make_goal, organisation
):
    goal = make_goal("M10", target=3000)
    client.force_login(administrator)
    edit = reverse("wagtailsnippets_courses_plangoal:edit", args=[goal.pk])
    response = client.post(edit, goal_form(goal, target="4500"))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert PlanGoal.objects.get(pk=goal.pk).target == 4500
    event = AuditEvent.objects.get(action=Action.PLAN_GOAL_CHANGED)
    assert event.actor == administrator and event.ip_address == "127.0.0.1"
    assert event.changes == {"target": [3000, 4500]}
    assert "M10" in event.description
    assert "Meta: 3000 → 4500" in log_page(client)


def test_a_goals_split_created_and_deleted_are_recorded(
    client, administrator, make_goal, organisation
):
    client.force_login(administrator)
    goal = make_goal("M11", target=100)
    PlanGoalSecretariatTarget.objects.create(goal=goal, secretariat=organisation["sms"], target=60)
    delete = reverse("wagtailsnippets_courses_plangoal:delete", args=[goal.pk])
    assert client.post(delete).status_code == HTTPStatus.FOUND
    assert not PlanGoal.objects.filter(pk=goal.pk).exists()
    event = AuditEvent.objects.get(action=Action.PLAN_GOAL_CHANGED)
    assert event.changes["target"] == [100, None]
    assert event.changes["secretariat_targets"] == [["SMS: 60"], None]
    assert event.description == "Meta do plano M11 excluída"


def test_deleting_goals_in_bulk_is_recorded_too(client, administrator, make_goal):
    client.force_login(administrator)
    goals = [make_goal("M12"), make_goal("M13")]
    url = (
        reverse("wagtail_bulk_action", args=["courses", "plangoal", "delete"])
        + "?"
        + "&".join(f"id={goal.pk}" for goal in goals)
    )
    assert client.post(url).status_code == HTTPStatus.FOUND
    assert not PlanGoal.objects.exists()
    events = AuditEvent.objects.filter(action=Action.PLAN_GOAL_CHANGED)
    assert sorted(e.scope["goal"] for e in events) == ["M12", "M13"]


def test_a_course_published_changed_and_unpublished_is_recorded_whoever_does_it(
    client, administrator, make_person, make_course, make_goal
):
    trainer = make_person(role=Role.TRAINER, email="formadora@prefeitura.test")
    goal = make_goal("M05")
    course = make_course(title="Acolhimento")
    revision = course.save_revision(user=trainer)
    revision.publish(user=administrator)  # e.g. a moderator approving the trainer's draft
    first = AuditEvent.objects.get(action=Action.COURSE_PUBLISHED)
    assert first.actor == administrator
    assert first.changes["title"] == [None, "Acolhimento"]

    course.plan_goals.set([goal])
    course.workload_hours = 8
    course.save_revision(user=trainer).publish(user=administrator)
    second = AuditEvent.objects.filter(action=Action.COURSE_PUBLISHED).latest("pk")
    assert second.changes == {"plan_goals": [[], ["M05"]], "workload_hours": ["4", "8"]}

    client.force_login(administrator)
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[course.pk])
    assert client.post(unpublish).status_code == HTTPStatus.FOUND
    gone = AuditEvent.objects.get(action=Action.COURSE_UNPUBLISHED)
    assert gone.actor == administrator and gone.changes == {"live": [True, False]}
    page = log_page(client)
    assert "Metas do plano para as quais conta: — → M05" in page
    assert "Acolhimento" in page


def test_closing_a_class_is_recorded_with_its_completions(client, make_person, make_course):
    trainer = make_person(role=Role.TRAINER)
    course = make_course(modality="in_person", lessons=0, quiz=False)
    course_class = CourseClass.objects.create(
        course=course, code="T-09", place="Sala 1", capacity=5, status=ClassStatus.RUNNING
    )
    session = ClassSession.objects.create(
        course_class=course_class,
        date=datetime.date(2026, 3, 2),
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
    )
    course_class.trainers.add(trainer)
    for person, status in ((make_person(), "present"), (make_person(), "absent")):
        classes.class_enrol(course_class=course_class, user=person, by_staff=True)
        enrollment = Enrollment.objects.get(user=person)
        classes.attendance_mark(session=session, enrollment=enrollment, status=status, by=None)
    client.force_login(trainer)
    client.post(reverse("class_close", args=[course_class.pk]), {"confirm": "1"})
    event = AuditEvent.objects.get(action=Action.CLASS_CLOSED)
    assert event.actor == trainer and event.rows == 1
    assert event.scope["completed"] == 1 and event.scope["not_completed"] == 1
    assert event.changes == {"status": ["running", "closed"]}
    # A second close is refused and records nothing more.
    client.post(reverse("class_close", args=[course_class.pk]), {"confirm": "1"})
    assert AuditEvent.objects.filter(action=Action.CLASS_CLOSED).count() == 1


def test_the_log_page_is_valid_html_times_have_whole_seconds(client, administrator, make_goal):
    make_goal("M01")
    client.force_login(administrator)
    client.get(reverse("wagtailusers_users:edit", args=[administrator.pk]))  # one event
    page = log_page(client)
    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps
    for stamp in stamps:  # the HTML standard allows at most three digits of fractions
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp
