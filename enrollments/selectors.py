"""Reads about learning, in a constant number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.db.models.functions import Substr
from django.http import HttpRequest
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, QuizPage
from lms.models import User

from .models import Enrollment, LessonProgress, QuizAttempt


@dataclass
class Step:
    """A lesson or quiz of a course: its page (as a plain ``Page``: title, path and address),
    whether it is a quiz, whether the learner has done it and whether it is part of the
    completion rule (optional lessons are not)."""

    page: Page
    is_quiz: bool
    done: bool
    counts: bool


@dataclass
class CourseProgress:
    course: CoursePage
    enrollment: Enrollment | None
    steps: list[Step] = field(default_factory=list)
    # HTML fragments that downstream apps add to the learner's card (e.g. the certificate),
    # through the ``construct_my_learning`` hook.
    extras: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if self.enrollment and self.enrollment.is_completed:
            return 100
        counted = [s for s in self.steps if s.counts]
        if not counted:
            return 0
        return round(100 * sum(s.done for s in counted) / len(counted))

    @property
    def resume_step(self) -> Step | None:
        """Where to continue: the last visited step, else the first not done."""
        if self.enrollment and self.enrollment.last_step_id:
            for step in self.steps:
                if step.page.pk == self.enrollment.last_step_id:
                    return step
        return next((s for s in self.steps if not s.done), self.steps[0] if self.steps else None)

    def neighbours(self, page_id: int) -> tuple[Step | None, Step | None]:
        ids = [s.page.pk for s in self.steps]
        if page_id not in ids:
            return None, None
        i = ids.index(page_id)
        return (
            self.steps[i - 1] if i else None,
            self.steps[i + 1] if i + 1 < len(self.steps) else None,
        )


def _steps(courses: list[CoursePage], enrollment_ids: list[int]) -> dict[str, list[Step]]:
    """The live lessons and quizzes of each course (by the course's path), in tree order, each
    marked done if one of ``enrollment_ids`` read the lesson or passed the quiz: one query, on
    the pages' common fields (progress shows titles and links only)."""
    if not courses:
        return {}
    # Every course is a child of the catalogue: their steps' paths start with one of theirs.
    parent_path = Substr("path", 1, len(courses[0].path))
    read = LessonProgress.objects.filter(lesson=OuterRef("pk"), enrollment_id__in=enrollment_ids)
    passed = QuizAttempt.objects.filter(
        quiz=OuterRef("pk"), enrollment_id__in=enrollment_ids, passed=True
    )
    lesson, quiz = ContentType.objects.get_for_models(LessonPage, QuizPage).values()
    pages = (
        Page.objects.live()
        .filter(content_type__in=[lesson, quiz], depth=courses[0].depth + 1)
        .alias(parent_path=parent_path)
        .filter(parent_path__in=[c.path for c in courses])
        .annotate(
            required=Exists(LessonPage.objects.filter(pk=OuterRef("pk"), required=True)),
            read=Exists(read),
            passed=Exists(passed),
        )
        .order_by("path")
    )
    steps: dict[str, list[Step]] = defaultdict(list)
    for page in pages:
        is_quiz = page.content_type_id == quiz.pk
        steps[page.path[: -page.steplen]].append(
            Step(
                page,
                is_quiz=is_quiz,
                done=page.passed if is_quiz else page.read,
                counts=is_quiz or page.required,
            )
        )
    return {course.path: steps[course.path] for course in courses}


def course_progress_for(
    user: User, courses: list[CoursePage], enrollments: list[Enrollment] | None = None
) -> dict[int, CourseProgress]:
    """Progress of ``user`` in each course (enrolled or not), in two queries (one when their
    active ``enrollments`` in those courses are given)."""
    if enrollments is None:
        enrollments = []
        if user.is_authenticated and courses:
            enrollments = Enrollment.objects.active().filter(user=user, course__in=courses)
    enrollments = {e.course_id: e for e in enrollments}
    steps = _steps(courses, [e.pk for e in enrollments.values()])
    return {
        course.pk: CourseProgress(
            course=course, enrollment=enrollments.get(course.pk), steps=steps[course.path]
        )
        for course in courses
    }


def course_progress(user: User, course: CoursePage) -> CourseProgress:
    return course_progress_for(user, [course])[course.pk]


def request_course_progress(request: HttpRequest, course: CoursePage) -> CourseProgress:
    """``course_progress`` of the request's person, read once per request: the lesson gate
    (``wagtail_hooks``) and the page's template tags share it."""
    kept = request.__dict__.setdefault("_capacita_progress", {})
    if course.pk not in kept:
        kept[course.pk] = course_progress(request.user, course)
    return kept[course.pk]


def my_learning(user: User) -> dict[str, list[CourseProgress]]:
    """The learner's enrolments, split into in progress and completed."""
    enrollments = list(
        Enrollment.objects.active()
        .filter(user=user, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    progress = course_progress_for(user, [e.course for e in enrollments], enrollments)
    items = [progress[e.course_id] for e in enrollments]
    return {
        "in_progress": [p for p in items if not p.enrollment.is_completed],
        "completed": sorted(
            (p for p in items if p.enrollment.is_completed),
            key=lambda p: p.enrollment.completed_at,
            reverse=True,
        ),
    }


def last_attempt(enrollment: Enrollment | None, quiz: QuizPage) -> QuizAttempt | None:
    if enrollment is None:
        return None
    return QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).order_by("-number").first()
