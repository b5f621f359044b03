"""The learner's side of course pages: progress, enrolment state, quiz state.

Course templates (authored content, in ``courses``) load these tags so that ``courses`` never
imports ``enrollments``.
"""

from django import template
from django.db.models import Count, Q

from courses.models import CoursePage, QuizPage

from .. import selectors
from ..classes import class_dates_text, may_run_classes, waiting_list_position
from ..models import ClassStatus, Enrollment, WaitingListEntry

register = template.Library()


def _course_of(page) -> CoursePage:
    return page if isinstance(page, CoursePage) else page.course


@register.simple_tag(takes_context=True)
def course_progress(context, page) -> selectors.CourseProgress:
    """Progress of the current person in the course of ``page``, computed once per request."""
    return selectors.request_course_progress(context["request"], _course_of(page))


@register.simple_tag(takes_context=True)
def quiz_state(context, quiz: QuizPage, progress: selectors.CourseProgress) -> dict:
    request = context["request"]
    enrollment = progress.enrollment
    attempt = selectors.last_attempt(enrollment, quiz)
    made = attempt.number if attempt else 0
    left = None if not quiz.attempts_limit else max(quiz.attempts_limit - made, 0)
    questions = quiz.question_list()
    result = None
    if attempt:
        finished = attempt.passed or left == 0
        result = []
        for question in questions:
            picked = set(attempt.answers.get(question["id"], []))
            right = {c["id"] for c in question["choices"] if c["correct"]}
            result.append(
                {
                    "text": question["text"],
                    "correct": picked == right,
                    "picked": [
                        {"text": c["text"], "feedback": c["feedback"]}
                        for c in question["choices"]
                        if c["id"] in picked
                    ],
                    "explanation": question["explanation"] if (picked == right or finished) else "",
                }
            )
    seed = hash((request.user.pk, quiz.pk, made))
    draft = request.session.pop(f"quiz-draft-{quiz.pk}", None) if enrollment else None
    form_questions = quiz.questions_for_form(seed)
    if draft:
        for question in form_questions:
            picked = set(draft["answers"].get(question["id"], []))
            question["unanswered"] = question["id"] in draft["unanswered"]
            for choice in question["choices"]:
                choice["checked"] = choice["id"] in picked
    preview = getattr(request, "is_preview", False)
    return {
        "preview": preview,
        "attempt": attempt,
        "attempts_left": left,
        "can_attempt": enrollment is not None
        and not (attempt and attempt.passed)
        and (left is None or left > 0),
        "questions": form_questions,
        "result": result,
    }


@register.simple_tag
def step_neighbours(progress: selectors.CourseProgress, page) -> tuple:
    return progress.neighbours(page.pk)


@register.simple_tag(takes_context=True)
def class_offers(context, course: CoursePage) -> list[dict]:
    """The classes of an in-person or blended course a visitor can see, with their place in
    each (seat, waiting list position), in a number of queries that does not grow with them."""
    if course.modality == "online":
        return []
    user = context["request"].user
    visible = list(
        course.classes.exclude(status=ClassStatus.CLOSED)
        .select_related("territory")
        .prefetch_related("sessions")
        .annotate(taken=Count("enrollments", filter=Q(enrollments__cancelled_at__isnull=True)))
        .order_by("code")
    )
    mine = waiting = None
    if user.is_authenticated:
        mine = (
            Enrollment.objects.active()
            .filter(user=user, course=course)
            .values_list("course_class_id", flat=True)
            .first()
        )
        waiting = set(
            WaitingListEntry.objects.filter(user=user, course_class__in=visible).values_list(
                "course_class_id", flat=True
            )
        )
    return [
        {
            "class": course_class,
            "dates": class_dates_text(course_class),
            "sessions": list(course_class.sessions.all()),
            "seats_left": max(course_class.capacity - course_class.taken, 0),
            "is_mine": mine == course_class.pk,
            "waiting_position": waiting_list_position(course_class, user)
            if waiting and course_class.pk in waiting
            else None,
        }
        for course_class in visible
    ]


@register.simple_tag(takes_context=True)
def runs_classes(context) -> bool:
    return may_run_classes(context["request"].user)
