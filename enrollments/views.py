"""Thin views over the learning services: each POST is one journey, each error a message."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from courses.models import CourseIndexPage, CoursePage, LessonPage, QuizPage

from . import selectors, services
from .models import Enrollment


def _next_url(progress: selectors.CourseProgress, page_id: int | None = None) -> str:
    if page_id is not None:
        _previous, following = progress.neighbours(page_id)
        if following:
            return following.page.url
    return progress.course.url


@login_required
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    already = Enrollment.objects.active().filter(user=request.user, course=course).exists()
    try:
        services.enrollment_create(user=request.user, course=course)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    if already:
        messages.info(request, _("You are already enrolled in this course."))
    else:
        messages.success(request, _("You are enrolled. Good studies!"))
    progress = selectors.course_progress(request.user, course)
    step = progress.resume_step
    return redirect(step.page.url if step else course.url)


@login_required
@require_POST
def unenrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrollment = services.active_enrollment(user=request.user, course=course)
        services.enrollment_cancel(enrollment=enrollment)
    except services.LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You left the course. Your progress is kept if you return."))
    return redirect(course.url)


@login_required
@require_POST
def complete_lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        enrollment = services.lesson_complete(user=request.user, lesson=lesson)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(lesson.course.url)
    if enrollment.is_completed:
        messages.success(request, _("Course completed. Congratulations!"))
    progress = selectors.course_progress(request.user, lesson.course)
    return redirect(_next_url(progress, lesson.pk))


@login_required
@require_POST
def submit_quiz(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    answers = {
        key.removeprefix("q-"): request.POST.getlist(key)
        for key in request.POST
        if key.startswith("q-")
    }
    try:
        attempt = services.quiz_submit(user=request.user, quiz=quiz, answers=answers)
    except services.NotEnrolled as error:
        messages.error(request, error.message)
        return redirect(quiz.course.url)
    except services.LearningError as error:
        messages.error(request, error.message)
        # Keep what was chosen, and which questions lack an answer, for the form.
        request.session[f"quiz-draft-{quiz.pk}"] = {
            "answers": answers,
            "unanswered": getattr(error, "question_ids", []),
        }
        return redirect(quiz.url + "#questionario")
    if attempt.passed:
        messages.success(request, _("You passed with %(score)s%%.") % {"score": attempt.score})
    else:
        messages.warning(
            request,
            _("You scored %(score)s%%; %(needed)s%% is needed. See the feedback below.")
            % {"score": attempt.score, "needed": quiz.course.min_quiz_score},
        )
    return redirect(quiz.url + "#resultado")


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    context = selectors.my_learning(request.user)
    # Downstream apps (certificates) add what they know about each completion.
    for hook in hooks.get_hooks("construct_my_learning"):
        hook(request, context)
    catalogue = CourseIndexPage.objects.live().first()
    context["catalogue_url"] = catalogue.url if catalogue else "/"
    return render(request, "enrollments/my_learning.html", context)


def enrolment_required(request: HttpRequest, course: CoursePage) -> HttpResponse:
    """What a lesson or quiz shows to someone not enrolled: how to get in, not a bare 403."""
    return render(
        request,
        "enrollments/enrolment_required.html",
        {"course": course},
        status=HTTPStatus.FORBIDDEN,
    )
