"""Classes in the Wagtail admin: trainers and managers create and edit them here, and run
them in the trainer area (``class_views``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.models import User
from lms.roles import Role

from . import classes
from .models import Attendance, CourseClass


class CourseClassForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.enrollments.exists() and "course" in self.fields:
            # Its people are enrolled in this course: the class cannot move to another.
            self.fields["course"].disabled = True
        if "trainers" in self.fields:
            # Who may teach: the trainers, and whoever edits the class or already teaches it.
            # Not every manager and administrator: nobody browses the city's staff here.
            current = self.instance.trainers.all() if self.instance.pk else User.objects.none()
            self.fields["trainers"].queryset = User.objects.filter(
                Q(groups__name=Role.TRAINER)
                | Q(pk=getattr(self.for_user, "pk", None))
                | Q(pk__in=current.values("pk")),
                is_active=True,
            ).distinct()

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and CourseClass.objects.filter(pk=self.instance.pk, status="closed").exists()
        ):
            raise forms.ValidationError(_("This class is closed: it can no longer change."))
        for session_form in self.formsets["sessions"].deleted_forms:
            session = session_form.instance
            if session.pk and Attendance.objects.filter(session=session).exists():
                raise forms.ValidationError(
                    _("The session of %(date)s has attendance: it cannot be removed.")
                    % {"date": f"{session.date:%d/%m/%Y}"}
                )
        if cleaned.get("status") == "closed":
            self.add_error(
                "status", _("Close the class from its page, where attendance is checked.")
            )
        return cleaned

    def save(self, commit=True):
        course_class = super().save(commit=commit)
        if commit:
            user = self.for_user
            if user is not None and not course_class.trainers.exists():
                course_class.trainers.add(user)
            # More seats (or a reopened class) go to the waiting list at once.
            classes.waiting_list_promote(course_class=course_class)
        return course_class


class ClassIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=classes.classes_run_by(self.request.user).values("pk"))
            .select_related("course")
        )


class RunsTheClassMixin:
    """A class's pages in the admin are for those who may run it: a trainer reaches only
    the classes they teach, their form as much as their history (whose edits name people)."""

    def get_object(self, *args, **kwargs):
        course_class = super().get_object(*args, **kwargs)
        if not classes.may_run(self.request.user, course_class):
            raise PermissionDenied
        return course_class


class ClassEditView(RunsTheClassMixin, generic.EditView):
    pass


class ClassHistoryView(RunsTheClassMixin, generic.HistoryView):
    pass


class ClassUsageView(RunsTheClassMixin, generic.UsageView):
    pass


class CourseClassViewSet(ModelViewSet):
    model = CourseClass
    icon = "group"
    menu_label = gettext_lazy("Classes")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "classes"
    url_namespace = "classes_admin"
    index_view_class = ClassIndexView
    edit_view_class = ClassEditView
    history_view_class = ClassHistoryView
    usage_view_class = ClassUsageView
    search_fields = ["code", "place"]
    list_filter = ["status"]
    inspect_view_enabled = False
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldRowPanel([FieldPanel("code"), FieldPanel("status")]),
            FieldPanel("place"),
            FieldRowPanel([FieldPanel("territory"), FieldPanel("capacity")]),
            FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
            InlinePanel(
                "sessions", heading=gettext_lazy("Sessions"), label=gettext_lazy("Session")
            ),
        ],
        base_form_class=CourseClassForm,
    )

    @property
    def list_display(self):
        return [
            "code",
            Column("course", label=_("Course"), accessor="course"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("capacity", label=_("Capacity"), accessor="capacity"),
        ]
