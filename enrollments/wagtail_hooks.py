from django.http import Http404
from wagtail import hooks

from courses.models import LessonPage, QuizPage

from . import selectors, services, views
from .admin_views import IndicatorsViewSetGroup


@hooks.register("before_serve_page")
def require_enrolment_for_steps(page, request, serve_args, serve_kwargs):
    """Lessons and quizzes are for enrolled learners; remember where each one is."""
    if not isinstance(page, LessonPage | QuizPage):
        return None
    course = page.course
    if not course.live:
        # Unpublishing a course closes its lessons, even those left live underneath.
        raise Http404
    if not request.user.is_authenticated:
        return views.enrolment_required(request, course)
    enrollment = selectors.request_course_progress(request, course).enrollment
    if enrollment is None:
        return views.enrolment_required(request, course)
    services.step_visit(enrollment=enrollment, step_id=page.pk)
    return None


@hooks.register("register_admin_viewset")
def register_plan_indicators():
    return IndicatorsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_classes():
    from .class_admin import CourseClassViewSet

    return CourseClassViewSet("classes")


@hooks.register("register_admin_viewset")
def register_bulk_enrolment():
    from .bulk_admin import BulkEnrolmentViewSet

    return BulkEnrolmentViewSet()
