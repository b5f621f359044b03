"""Reads about learning, in a constant number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Q

from courses.models import CoursePage, LessonPage, QuizPage
from lms.models import User

from .models import Enrollment, LessonProgress, QuizAttempt


@dataclass
class Step:
    page: LessonPage | QuizPage
    done: bool

    @property
    def is_quiz(self) -> bool:
        return isinstance(self.page, QuizPage)

    @property
    def counts(self) -> bool:
        """Whether the step is part of the completion rule (optional lessons are not)."""
        return self.is_quiz or self.page.required


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


def _children_of(model, courses: list[CoursePage]):
    """Live children of several courses in one query: their paths start with the course's."""
    if not courses:
        return model.objects.none()
    prefixes = reduce(or_, (Q(path__startswith=c.path) for c in courses))
    return model.objects.live().filter(prefixes, depth=courses[0].depth + 1)


def steps_of(courses: list[CoursePage]) -> dict[str, list[LessonPage | QuizPage]]:
    """The live lessons and quizzes of each course (by the course's path), in tree order.

    They are the same for every learner until content changes: kept in the cache under the
    content version (``home.page_cache``), without their bodies and questions (progress shows
    titles and links only); the courses not kept are read in two queries."""
    from home import page_cache

    version = page_cache.content_version()
    keys = {course.path: f"course-steps:{course.pk}:{version}" for course in courses}
    kept = cache.get_many(list(keys.values())) if courses else {}
    steps = {path: kept[key] for path, key in keys.items() if key in kept}
    missing = [course for course in courses if course.path not in steps]
    if missing:
        read: dict[str, list] = defaultdict(list)
        for model in (LessonPage, QuizPage):
            for page in _children_of(model, missing).defer_streamfields():
                read[page.path[: -page.steplen]].append(page)
        for course in missing:
            steps[course.path] = sorted(read[course.path], key=lambda p: p.path)
        cache.set_many(
            {keys[course.path]: steps[course.path] for course in missing},
            timeout=page_cache.timeout(),
        )
    return steps


def course_progress_for(user: User, courses: list[CoursePage]) -> dict[int, CourseProgress]:
    """Progress of ``user`` in each course (enrolled or not), in three queries and the
    courses' steps (``steps_of``)."""
    enrollments = {}
    if user.is_authenticated:
        enrollments = {
            e.course_id: e
            for e in Enrollment.objects.active().filter(user=user, course__in=courses)
        }
    steps_by_course = steps_of(courses)
    enrollment_ids = [e.pk for e in enrollments.values()]
    done_lessons = set(
        LessonProgress.objects.filter(enrollment_id__in=enrollment_ids).values_list(
            "enrollment_id", "lesson_id"
        )
    )
    passed_quizzes = set(
        QuizAttempt.objects.filter(enrollment_id__in=enrollment_ids, passed=True).values_list(
            "enrollment_id", "quiz_id"
        )
    )
    result = {}
    for course in courses:
        enrollment = enrollments.get(course.pk)
        key = enrollment.pk if enrollment else None
        pages = steps_by_course[course.path]
        steps = [
            Step(
                page=p,
                done=(key, p.pk) in (passed_quizzes if isinstance(p, QuizPage) else done_lessons),
            )
            for p in pages
        ]
        result[course.pk] = CourseProgress(course=course, enrollment=enrollment, steps=steps)
    return result


def course_progress(user: User, course: CoursePage) -> CourseProgress:
    return course_progress_for(user, [course])[course.pk]


def my_learning(user: User) -> dict[str, list[CourseProgress]]:
    """The learner's enrolments, split into in progress and completed."""
    enrollments = list(
        Enrollment.objects.active()
        .filter(user=user, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    progress = course_progress_for(user, [e.course for e in enrollments])
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
