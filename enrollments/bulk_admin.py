"""Bulk enrolment in the Wagtail admin: choose the course or class and the people, see the
preview, confirm, download the report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from courses.models import CoursePage
from lms.exports import csv_response
from lms.forms import PageChoiceField, UnitChoiceField
from lms.models import AuditEvent
from lms.scopes import manager_scope
from lms.services import audit_record
from lms.tabular import TableError

from . import bulk, classes
from .models import BulkEnrolment, ClassStatus, CourseClass
from .services import LearningError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

OUTCOME_LABELS = {
    bulk.BulkOutcome.ENROLLED: gettext_lazy("Enrolled"),
    bulk.BulkOutcome.ALREADY: gettext_lazy("Already enrolled"),
    bulk.BulkOutcome.WAITING: gettext_lazy("On the waiting list (class full)"),
    bulk.BulkOutcome.NO_SEAT: gettext_lazy("No seat left in the course"),
    bulk.BulkOutcome.OTHER_CLASS: gettext_lazy("In another class of the course"),
    bulk.BulkOutcome.NOT_FOUND: gettext_lazy("Not found"),
}


class RunsClassesMixin:
    def dispatch(self, request, *args, **kwargs):
        if not classes.may_run_classes(request.user):
            raise PermissionDenied
        self.scope = manager_scope(request.user)
        return super().dispatch(request, *args, **kwargs)


class BulkEnrolmentForm(forms.Form):
    course_class = forms.ModelChoiceField(
        label=gettext_lazy("Class"),
        queryset=CourseClass.objects.none(),
        required=False,
        help_text=gettext_lazy("For in-person and blended courses."),
    )
    course = PageChoiceField(
        label=gettext_lazy("Online course"),
        queryset=CoursePage.objects.none(),
        required=False,
        help_text=gettext_lazy("Or, without a class, an online or blended course."),
    )
    file = forms.FileField(
        label=gettext_lazy("List of people (CSV or XLSX)"),
        required=False,
        help_text=gettext_lazy(
            "A column “Matrícula” (registration number) or “E-mail”; other columns are ignored."
        ),
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Or everyone in a unit (and the units under it)"), required=False
    )

    def __init__(self, *args, user, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["course_class"].queryset = (
            classes.classes_run_by(user).exclude(status=ClassStatus.CLOSED).select_related("course")
        )
        if scope is None:
            del self.fields["course"]
            del self.fields["unit"]
        else:
            self.fields["course"].queryset = CoursePage.objects.live().exclude(modality="in_person")
            self.fields["unit"].queryset = scope.units()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: split the list."))
        return upload

    def clean(self):
        cleaned = super().clean()
        course_class, course = cleaned.get("course_class"), cleaned.get("course")
        if not course_class and not course:
            raise forms.ValidationError(_("Choose a class or a course."))
        if course_class and course and course_class.course_id != course.pk:
            raise forms.ValidationError(_("This class is not of the chosen course."))
        if bool(cleaned.get("file")) == bool(cleaned.get("unit")):
            raise forms.ValidationError(_("Send a list or choose a unit (one of the two)."))
        return cleaned


class BulkEnrolmentNewView(RunsClassesMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "enrollments/admin/bulk_new.html"
    form_class = BulkEnrolmentForm
    page_title = gettext_lazy("Bulk enrolment")
    header_icon = "group"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "scope": self.scope}

    def get_initial(self):
        initial = super().get_initial()
        wanted = self.request.GET.get("turma", "")
        if wanted.isdigit() and len(wanted) < 12:
            initial["course_class"] = wanted
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = BulkEnrolment.objects.filter(
            requested_by=self.request.user
        ).select_related("course", "course_class")[:10]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        course_class = data.get("course_class")
        course = course_class.course if course_class else data["course"]
        upload = data.get("file")
        try:
            if upload:
                identifiers = bulk.identifiers_from_file(upload, filename=upload.name)
                source = upload.name
            else:
                identifiers = None
                source = str(data["unit"])
            result = bulk.bulk_enrolment_preview(
                requested_by=self.request.user,
                course=course,
                course_class=course_class,
                identifiers=identifiers,
                unit=data.get("unit"),
                source=source,
            )
        except (TableError, LearningError) as error:
            form.add_error("file" if upload else None, error.message)
            return self.form_invalid(form)
        return redirect("bulk_enrolment:detail", result.pk)


def _own(request: HttpRequest, pk: int) -> BulkEnrolment:
    found = (
        BulkEnrolment.objects.filter(pk=pk, requested_by=request.user)
        .select_related("course", "course_class")
        .first()
    )
    if found is None:
        raise Http404
    return found


class BulkEnrolmentDetailView(RunsClassesMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "enrollments/admin/bulk_detail.html"
    page_title = gettext_lazy("Bulk enrolment")
    header_icon = "group"
    preview_rows = 100

    def get(self, request, *args, **kwargs):
        self.bulk = _own(request, kwargs["pk"])
        if request.GET.get("format") == "csv":
            audit_record(
                request=request,
                action=AuditEvent.Action.EXPORT,
                description=_("Bulk enrolment %(number)s: result (CSV)") % {"number": self.bulk.pk},
                rows=len(self.bulk.user_ids) + len(self.bulk.not_found),
            )
            return csv_response(
                f"inscricoes-{self.bulk.pk}.csv",
                [_("Name"), _("Registration number"), _("E-mail"), _("Result")],
                (
                    [name, number, email, str(OUTCOME_LABELS[outcome])]
                    for name, number, email, outcome in bulk.bulk_report_rows(
                        self.bulk, with_email=self.scope is not None
                    )
                ),
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.bulk = _own(request, kwargs["pk"])
        try:
            with transaction.atomic():
                applied = bulk.bulk_enrolment_apply(bulk=self.bulk)
                if self.bulk.status != applied.status:  # a second confirmation changes nothing
                    _audit_applied(request, applied)
        except LearningError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Done: see below who was enrolled."))
        return redirect("bulk_enrolment:detail", self.bulk.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.bulk.status == BulkEnrolment.Status.PREVIEW:
            counts = bulk.plan(self.bulk)["counts"]  # as it would be now
        else:
            counts = self.bulk.report["counts"]
        rows = []
        for row in bulk.bulk_report_rows(self.bulk, with_email=self.scope is not None):
            rows.append((*row[:3], OUTCOME_LABELS[row[3]]))
            if len(rows) >= self.preview_rows:
                break
        if rows:
            audit_record(
                request=self.request,
                action=AuditEvent.Action.PERSONAL_DATA_VIEW,
                description=_("Bulk enrolment %(number)s") % {"number": self.bulk.pk},
                rows=len(rows),
            )
        context.update(
            bulk=self.bulk,
            counts=[(OUTCOME_LABELS[key], counts.get(key, 0)) for key in OUTCOME_LABELS],
            rows=rows,
            total=len(self.bulk.user_ids) + len(self.bulk.not_found),
            is_preview=self.bulk.status == BulkEnrolment.Status.PREVIEW,
            csv_url=reverse("bulk_enrolment:detail", args=[self.bulk.pk]) + "?format=csv",
        )
        return context


def _audit_applied(request: HttpRequest, applied: BulkEnrolment) -> None:
    counts = applied.report["counts"]
    audit_record(
        request=request,
        action=AuditEvent.Action.BULK_ENROLMENT_APPLIED,
        description=_("Bulk enrolment %(number)s: %(target)s")
        % {
            "number": applied.pk,
            "target": applied.course_class.code if applied.course_class else applied.course.title,
        },
        scope={"bulk_enrolment": applied.pk, "source": applied.source, **counts},
        rows=counts.get(bulk.BulkOutcome.ENROLLED, 0),
    )


class BulkEnrolmentViewSet(ViewSet):
    name = "bulk_enrolment"
    url_prefix = "bulk-enrolment"
    icon = "group"
    menu_label = gettext_lazy("Bulk enrolment")

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class RunsClasses(MenuItem):
            def is_shown(self, request):
                return classes.may_run_classes(request.user)

        return RunsClasses

    def get_urlpatterns(self):
        return [
            path("", BulkEnrolmentNewView.as_view(), name="new"),
            path("<int:pk>/", BulkEnrolmentDetailView.as_view(), name="detail"),
        ]
