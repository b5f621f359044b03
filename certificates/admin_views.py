"""The back office for certificates: the list (scoped), revoke and reissue (administrators),
certificate templates (a snippet), and ZIP archives built in the background (managers)."""

from __future__ import annotations

from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import CertificateTemplate, CoursePage
from lms.celery import queue_after_commit
from lms.forms import PageChoiceField
from lms.models import AuditEvent
from lms.scopes import ManagerOnlyMixin, manager_scope, managers_only_menu_item
from lms.services import audit_record

from . import services
from .codes import code_normalise
from .models import Certificate, CertificateArchive
from .tasks import build_certificate_archive

# --- Certificates ------------------------------------------------------------------------------


def scoped_certificates(request: HttpRequest):
    """Certificates the person may see in the back office: their manager scope, else none."""
    scope = manager_scope(request.user)
    certificates = Certificate.objects.select_related("enrollment__user")
    return certificates.in_scope(scope) if scope else certificates.none()


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return scoped_certificates(self.request)

    def search_queryset(self, queryset):
        code = code_normalise(self.search_query) if self.is_searching else None
        if code:
            return queryset.filter(code=code)
        return super().search_queryset(queryset)


class CertificateInspectView(InspectView):
    template_name = "certificates/admin/inspect.html"
    fields = [
        "holder_name",
        "course_title",
        "workload_hours",
        "modality",
        "completed_on",
        "class_dates",
        "class_place",
        "goals",
        "issuing_body",
        "expires_on",
        "issued_at",
        "version",
        "notified_at",
    ]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_object(self, queryset=None):
        return get_object_or_404(scoped_certificates(self.request), pk=self.pk)

    @cached_property
    def header_more_buttons(self):
        certificate, user = self.object, self.request.user
        buttons = [
            Button(
                _("Download PDF"),
                url=reverse("certificate_download", args=[certificate.display_code]),
                icon_name="download",
                priority=10,
            ),
            Button(
                _("Public verification page"),
                url=reverse("certificate_verify", args=[certificate.display_code]),
                icon_name="link-external",
                priority=20,
            ),
        ]
        if certificate.revoked_at is None:
            if user.has_perm("certificates.reissue_certificate"):
                buttons.append(
                    Button(
                        _("Reissue"),
                        url=reverse("certificates:reissue", args=[certificate.pk]),
                        icon_name="repeat",
                        priority=30,
                    )
                )
            if user.has_perm("certificates.revoke_certificate"):
                buttons.append(
                    Button(
                        _("Revoke"),
                        url=reverse("certificates:revoke", args=[certificate.pk]),
                        icon_name="warning",
                        priority=40,
                    )
                )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.object.status()
        context["events"] = self.object.events.select_related("actor")
        context["person"] = self.object.enrollment.user
        audit_record(
            request=self.request,
            action=AuditEvent.Action.PERSONAL_DATA_VIEW,
            description=_("Certificate %(code)s") % {"code": self.object.display_code},
            rows=1,
        )
        return context


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown on the public verification page."),
    )


class ReissueForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Why it is reissued, for the record (optional)."),
    )


class CertificateActionView(WagtailAdminTemplateMixin, FormView):
    """A confirmation form for one certificate; ``perform`` calls the service."""

    permission: str = ""
    template_name = "certificates/admin/action.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.certificate = get_object_or_404(scoped_certificates(request), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates:index"), "label": _("Certificates")},
            {
                "url": reverse("certificates:inspect", args=[self.certificate.pk]),
                "label": self.certificate.display_code,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.certificate
        return context

    def form_valid(self, form):
        try:
            message = self.perform(form.cleaned_data)
        except services.CertificateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("certificates:inspect", self.certificate.pk)


class RevokeView(CertificateActionView):
    permission = "certificates.revoke_certificate"
    form_class = RevokeForm
    page_title = gettext_lazy("Revoke certificate")
    submit_label = gettext_lazy("Revoke")

    def perform(self, data) -> str:
        services.certificate_revoke(
            certificate=self.certificate,
            reason=data["reason"],
            actor=self.request.user,
            request=self.request,
        )
        return _("Certificate %(code)s revoked.") % {"code": self.certificate.display_code}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "explanation": _(
                "A revoked certificate stops being valid: its verification page says so, "
                "with the date and the reason, and its holder can no longer download it. "
                "This cannot be undone."
            ),
            "submit_label": self.submit_label,
            "danger": True,
        }


class ReissueView(CertificateActionView):
    permission = "certificates.reissue_certificate"
    form_class = ReissueForm
    page_title = gettext_lazy("Reissue certificate")

    def perform(self, data) -> str:
        services.certificate_reissue(
            certificate=self.certificate,
            actor=self.request.user,
            note=data["note"],
            request=self.request,
        )
        return _("Certificate %(code)s reissued with the same code.") % {
            "code": self.certificate.display_code
        }

    def get_context_data(self, **kwargs):
        current = self.certificate.enrollment.user.display_name
        return {
            **super().get_context_data(**kwargs),
            "explanation": _(
                "A new PDF is made under the same code, with the name the person has now. "
                "The rest of the certificate stays as it was issued; the change is recorded."
            ),
            "name_change": (self.certificate.holder_name, current),
            "submit_label": _("Reissue"),
        }


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    list_display = [
        "holder_name",
        "course_title",
        Column("display_code", label=gettext_lazy("Code"), accessor="display_code"),
        DateColumn("completed_on", label=gettext_lazy("Completed on")),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor=lambda certificate: certificate.status().label,
        ),
    ]
    list_filter = ["modality", "completed_on"]
    search_fields = ["holder_name", "course_title"]
    ordering = ["-issued_at"]

    def get_index_view_kwargs(self, **kwargs):
        # Certificates are issued by the platform, never typed in or deleted by hand.
        return super().get_index_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            copy_url_name=None,
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(edit_url_name=None, delete_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke"),
            path("reissue/<int:pk>/", ReissueView.as_view(), name="reissue"),
        ]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificate templates")
    list_display = ["name", "title", "is_default"]


# --- Archives ------------------------------------------------------------------------------------


class ArchiveRequestForm(forms.Form):
    course = PageChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All courses"),
    )
    completed_from = forms.DateField(
        label=gettext_lazy("Completed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    completed_to = forms.DateField(
        label=gettext_lazy("Completed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.order_by("title")

    def clean(self):
        data = super().clean()
        start, end = data.get("completed_from"), data.get("completed_to")
        if start and end and end < start:
            self.add_error("completed_to", _("The end of the period comes before its start."))
        return data


class ArchiveIndexView(ManagerOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """Ask for a ZIP; see the ones asked for before."""

    template_name = "certificates/admin/archives.html"
    form_class = ArchiveRequestForm
    page_title = gettext_lazy("Certificates in bulk")
    header_icon = "download"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = manager_scope(self.request.user)
        context["scope_label"] = _("the whole city") if scope.is_city_wide else str(scope.unit)
        context["archives"] = CertificateArchive.objects.filter(
            requested_by=self.request.user
        ).select_related("course", "scope_unit")[:20]
        return context

    def form_valid(self, form):
        try:
            archive = services.certificate_archive_request(
                user=self.request.user,
                course=form.cleaned_data["course"],
                completed_from=form.cleaned_data["completed_from"],
                completed_to=form.cleaned_data["completed_to"],
            )
        except services.CertificateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        queue_after_commit(build_certificate_archive, archive.pk)
        messages.success(
            self.request, _("The ZIP is being prepared. This page shows how far it got.")
        )
        return redirect("certificate_archives:detail", archive.pk)


def _own_archive(request: HttpRequest, pk: int) -> CertificateArchive:
    """An archive of the person asking, while they are still a manager; else 404."""
    if manager_scope(request.user) is None:
        raise PermissionDenied
    archive = CertificateArchive.objects.filter(pk=pk, requested_by=request.user).first()
    if archive is None:
        raise Http404
    return archive


class ArchiveDetailView(ManagerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/archive_detail.html"
    page_title = gettext_lazy("Certificates in bulk")
    header_icon = "download"

    def get(self, request, *args, **kwargs):
        self.archive = _own_archive(request, kwargs["pk"])
        if request.GET.get("format") == "json":
            return JsonResponse(archive_state(self.archive))
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificate_archives:index"), "label": self.page_title},
            {"url": "", "label": str(self.archive)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive"] = self.archive
        context["state"] = archive_state(self.archive)
        return context


def archive_state(archive: CertificateArchive) -> dict:
    """The archive's progress, as the page and its script show it."""
    ready = archive.status == CertificateArchive.Status.DONE
    return {
        "status": archive.status,
        "text": _("%(label)s: %(done)s of %(total)s certificates.")
        % {"label": archive.get_status_display(), "done": archive.done, "total": archive.total},
        "total": archive.total,
        "done": archive.done,
        "percent": archive.percent,
        "download_url": (
            reverse("certificate_archives:download", args=[archive.pk]) if ready else ""
        ),
        "error": (
            _("The ZIP could not be built. Ask for it again; if it fails again, tell support.")
            if archive.status == CertificateArchive.Status.FAILED
            else ""
        ),
    }


def archive_download(request: HttpRequest, pk: int):
    archive = _own_archive(request, pk)
    if archive.status != CertificateArchive.Status.DONE or not archive.file:
        return JsonResponse({"status": archive.status}, status=HTTPStatus.CONFLICT)
    audit_record(
        request=request,
        action=AuditEvent.Action.EXPORT,
        description=_("Certificates in bulk (ZIP) no. %(number)s") % {"number": archive.pk},
        scope={
            "course": archive.course.title if archive.course else "",
            "unit": str(archive.scope_unit) if archive.scope_unit else "",
            "completed_from": str(archive.completed_from or ""),
            "completed_to": str(archive.completed_to or ""),
        },
        rows=archive.total,
    )
    response = FileResponse(
        archive.file.open("rb"),
        as_attachment=True,
        filename=f"certificados-{timezone.localtime(archive.requested_at):%Y%m%d-%H%M}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


class ArchiveViewSet(ViewSet):
    name = "certificate_archives"
    url_prefix = "certificate-archives"
    icon = "download"
    menu_label = gettext_lazy("Certificates in bulk")

    @cached_property
    def menu_item_class(self):
        return managers_only_menu_item()

    def get_urlpatterns(self):
        return [
            path("", ArchiveIndexView.as_view(), name="index"),
            path("<int:pk>/", ArchiveDetailView.as_view(), name="detail"),
            path("<int:pk>/download/", archive_download, name="download"),
        ]


class CertificatesViewSetGroup(ModelViewSetGroup):
    items = (
        CertificateViewSet("certificates", url_prefix="certificates"),
        ArchiveViewSet(),
        CertificateTemplateViewSet(),
    )
    menu_icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    menu_name = "certificates"
