"""What the audit log records of authoring that moves the plan's figures.

A plan goal's target, dates or secretariat split decide what the indicators compare against;
a course's publication and the goals it feeds decide what counts. Each such change is one
``AuditEvent`` with its before and after (``lms.audit``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision

from lms.audit import Snapshot, described, model_snapshot, snapshot_changes, value_text
from lms.models import AuditEvent
from lms.services import audit_record

from .models import CoursePage, PlanGoal

PLAN_GOAL_FIELDS = [
    "code",
    "title",
    "axis",
    "action_numbers",
    "responsible_unit",
    "baseline",
    "target",
    "start_date",
    "end_date",
    "dimensions",
]
# What decides whether and how a course's completions count.
COURSE_FIELDS = [
    "title",
    "plan_goals",
    "modality",
    "workload_hours",
    "min_quiz_score",
    "min_attendance",
    "certificate_validity_months",
]


def plan_goal_snapshot(goal: PlanGoal) -> Snapshot:
    snapshot = model_snapshot(goal, PLAN_GOAL_FIELDS)
    snapshot["secretariat_targets"] = sorted(
        f"{split.secretariat.acronym}: {split.target}" for split in goal.secretariat_targets.all()
    )
    return snapshot


def plan_goal_change_record(
    *, request: HttpRequest, goal: PlanGoal, before: Snapshot, after: Snapshot
) -> AuditEvent:
    """One created, edited or deleted goal, with what changed (an edit that changed nothing
    is recorded too: someone saved the goal)."""
    description = described(
        before,
        after,
        created=_("Plan goal %(code)s created"),
        deleted=_("Plan goal %(code)s deleted"),
        changed=_("Plan goal %(code)s changed"),
    )
    return audit_record(
        request=request,
        action=AuditEvent.Action.PLAN_GOAL_CHANGED,
        description=description % {"code": goal.code},
        scope={"model": "courses.plangoal", "goal": goal.code},
        changes=snapshot_changes(before, after),
    )


def _course_snapshot(revision: Revision | None) -> Snapshot:
    if revision is None:
        return {}
    course = revision.as_object()
    snapshot = model_snapshot(course, [f for f in COURSE_FIELDS if f != "plan_goals"])
    snapshot["plan_goals"] = value_text([goal.code for goal in course.plan_goals.all()])
    return snapshot


def course_publication_record(entry: PageLogEntry) -> AuditEvent | None:
    """Record a course going live, changing while live, or going offline, whoever did it and
    however (the editor, a moderator's approval, a scheduled publication): every such path
    writes Wagtail's own log entry, and this reads that entry."""
    if entry.action not in {"wagtail.publish", "wagtail.unpublish"}:
        return None
    if not issubclass(entry.page.specific_class or object, CoursePage):
        return None
    previous = (
        PageLogEntry.objects.filter(
            page_id=entry.page_id, action="wagtail.publish", revision__isnull=False
        )
        .exclude(pk=entry.pk)
        .filter(timestamp__lte=entry.timestamp)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    before = _course_snapshot(previous.revision if previous else None)
    if entry.action == "wagtail.publish":
        action = AuditEvent.Action.COURSE_PUBLISHED
        after = _course_snapshot(entry.revision)
        changes = snapshot_changes(before, after)
    else:
        action = AuditEvent.Action.COURSE_UNPUBLISHED
        changes = {"live": [True, False]}
    return audit_record(
        action=action,
        actor=entry.user,
        description=entry.label,
        scope={"model": "courses.coursepage", "page": entry.page_id},
        changes=changes,
    )


def course_log_entry_saved(sender, instance: PageLogEntry, created: bool, raw=False, **kwargs):
    """``post_save`` receiver of Wagtail's page log (connected in ``CoursesConfig.ready``)."""
    if created and not raw:
        course_publication_record(instance)
