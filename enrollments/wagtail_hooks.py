from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from courses.models import LessonPage, QuizPage

from . import selectors, services, views
from .admin_views import IndicatorsViewSetGroup
from .models import GoalCompletion


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


# After the certificates' own refusal (a certificate holder hears about their certificates).
@hooks.register("before_delete_user", order=10)
def keep_people_counted_in_the_plan(request, user):
    """A person whose completions count toward the plan's goals is deactivated, not deleted:
    the rows that count them protect the account (``on_delete=PROTECT``), and deleting it
    would change reported figures. At their own request the person deletes their account
    from their profile, which keeps the figures without their name."""
    if GoalCompletion.objects.filter(user=user).exists():
        messages.error(
            request,
            _(
                "%(name)s has completions that count toward the plan's goals: deactivate "
                "the account instead of deleting it."
            )
            % {"name": user.display_name},
        )
        return redirect("wagtailusers_users:edit", user.pk)
    return None


@hooks.register("before_bulk_action", order=10)
def keep_people_counted_in_the_plan_in_bulk(request, action_type, objects, action):
    """The same for Wagtail's bulk deletion of people: refused whole, naming nobody."""
    if action_type != "delete" or action.model is not get_user_model():
        return None
    count = GoalCompletion.objects.filter(user__in=objects).values("user").distinct().count()
    if not count:
        return None
    messages.error(
        request,
        ngettext(
            "%(count)s of the people chosen has completions that count toward the plan's "
            "goals: deactivate that account instead of deleting it. Nobody was deleted.",
            "%(count)s of the people chosen have completions that count toward the plan's "
            "goals: deactivate those accounts instead of deleting them. Nobody was deleted.",
            count,
        )
        % {"count": count},
    )
    return redirect(action.next_url)
