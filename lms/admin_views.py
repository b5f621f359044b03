"""Wagtail admin for people (and their import from HR lists), organisational units and
territories."""

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from .audit import Snapshot, changes_lines, described, model_snapshot, scope_text, snapshot_changes
from .celery import queue_after_commit
from .exports import csv_response
from .forms import UnitChoiceField
from .models import AuditEvent, OrganisationalUnit, PersonImport, PersonImportRow, Territory, User
from .people_import import (
    COLUMNS,
    FIELD_LABELS,
    REQUIRED_COLUMNS,
    PersonImportError,
    invitation_message,
    person_import_check_file,
    person_import_confirm,
    person_import_create,
    person_import_rows_done,
    row_messages,
    template_header,
)
from .roles import Role
from .scopes import (
    AdministratorOnlyMixin,
    LogInFirstMixin,
    ManagerOnlyMixin,
    is_administrator,
    managers_only_menu_item,
    menu_item_shown_to,
    user_has_role,
)
from .services import audit_record
from .tasks import apply_person_import, validate_person_import

PERSON_FIELDS = [
    "email",
    "full_name",
    "social_name",
    "registration_number",
    "job_title",
    "unit",
    "territory",
    "managed_unit",
    "is_superuser",
    "groups",
]


def person_managed_by(person: User, actor: User) -> bool:
    """Whether ``actor`` may change ``person``'s account in the admin: edit it, switch it off,
    delete it, give or take its roles.

    Only someone who holds every power the account holds: superusers manage everyone; anyone
    else with the right to manage people (administrators) manages learners, trainers,
    managers and their own record, never a superuser or another administrator, whose account
    would be theirs to take over (a new e-mail, then a password reset).
    """
    if actor.is_superuser:
        return True
    if person.is_superuser:
        return False
    return person.pk == actor.pk or not user_has_role(person, Role.ADMINISTRATOR)


class PersonFormMixin(forms.ModelForm):
    # Capacita's user has one full name, not Wagtail's first/last name pair.
    first_name = None
    last_name = None
    # Nobody sets or learns someone else's password: a person created here chooses theirs
    # from the invitation they are sent, and anyone may ask for a reset link by e-mail.
    password_enabled = False
    unit = UnitChoiceField(label=_("Organisational unit"), required=False)
    managed_unit = UnitChoiceField(
        label=_("Managed unit"),
        required=False,
        empty_label=_("— Whole city —"),
        help_text=User._meta.get_field("managed_unit").help_text,
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if "is_superuser" in self.fields and not actor.is_superuser:
            # Only a superuser makes another one (the value stays what it was).
            self.fields["is_superuser"].disabled = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        # allauth's addresses too: one waiting for confirmation is taken as well.
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists()
        pending = EmailAddress.objects.filter(email__iexact=email).exclude(user_id=self.instance.pk)
        if taken or pending.exists():
            raise forms.ValidationError(
                _("Another account uses this e-mail address."), code="duplicate_username"
            )
        return email

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        if self.actor.is_superuser:
            return groups
        administrators = Role.ADMINISTRATOR.value
        had = bool(self.instance.pk) and user_has_role(self.instance, Role.ADMINISTRATOR)
        if had != any(group.name == administrators for group in groups):
            raise forms.ValidationError(
                _("Only a superuser gives or takes away the role of administrator.")
            )
        return groups


class PersonCreationForm(PersonFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = PERSON_FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}


class PersonEditForm(PersonFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = [*PERSON_FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class PersonIndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if column.name == "name":
                column.sort_key = "name"  # Wagtail only sorts first/last-name models
        return columns

    def order_queryset(self, queryset):
        if self.ordering in {"name", "-name"}:
            # Sort by the name shown: the social name when there is one.
            shown = Coalesce(NullIf("social_name", Value("")), "full_name")
            key = shown.desc() if self.ordering.startswith("-") else shown.asc()
            return queryset.order_by(key, "email")
        return super().order_queryset(queryset)

    @property
    def search_fields(self):
        return ["email", "full_name", "social_name", "registration_number"]


class PersonFormKwargsMixin:
    """The person's form knows who fills it in (what they may grant)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}


class ManagedPeopleOnlyMixin:
    """The record of someone the user may not manage is refused with a plain 403, which
    names nobody (``person_managed_by``)."""

    def dispatch(self, request, *args, **kwargs):
        if not person_managed_by(self.get_object(), request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def person_invite(*, user: User) -> None:
    """E-mail a person created in the admin a link to choose their password (the invitation
    an import of people sends)."""
    with translation.override(settings.LANGUAGE_CODE):
        invitation_message(user).send()


# What an administrator changes in a person's account is audited (LGPD; roles and scopes
# decide who sees whose data): roles, scope and state with their values; the person's own
# data (name, e-mail, registration number) only as changed, since the log never holds it.
PERSON_ACCESS_FIELDS = [
    "is_active",
    "is_superuser",
    "groups",
    "managed_unit",
    "unit",
    "territory",
    "job_title",
]
PERSON_PRIVATE_FIELDS = ["email", "full_name", "social_name", "registration_number"]
MASKED = "•••"


def person_snapshot(person: User) -> Snapshot:
    snapshot = model_snapshot(person, PERSON_ACCESS_FIELDS)
    snapshot.update({name: getattr(person, name) for name in PERSON_PRIVATE_FIELDS})
    return snapshot


def person_change_record(
    *, request, person: User, before: Snapshot, after: Snapshot, **scope
) -> AuditEvent:
    changes = snapshot_changes(before, after)
    for name in PERSON_PRIVATE_FIELDS:
        if name in changes:
            changes[name] = [MASKED if before else None, MASKED if after else None]
    description = described(
        before,
        after,
        created=gettext("Account %(id)s created"),
        deleted=gettext("Account %(id)s deleted"),
        changed=gettext("Account %(id)s changed"),
    )
    return audit_record(
        request=request,
        action=AuditEvent.Action.PERSON_ACCOUNT_CHANGED,
        description=description % {"id": person.pk},
        scope={"model": "lms.user", "account": person.pk, **scope},
        changes=changes,
    )


class PersonCreateView(PersonFormKwargsMixin, wagtail_users.CreateView):
    def save_instance(self):
        person = super().save_instance()
        person.set_unusable_password()
        person.save(update_fields=["password"])
        person_change_record(
            request=self.request, person=person, before={}, after=person_snapshot(person)
        )
        transaction.on_commit(lambda: person_invite(user=person))
        return person

    def get_success_message(self, instance):
        return gettext("%(name)s was created and sent an invitation to choose a password.") % {
            "name": instance.display_name
        }


class PersonEditView(ManagedPeopleOnlyMixin, PersonFormKwargsMixin, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.email_before = self.object.email
        self.person_before = person_snapshot(self.object)

    def save_instance(self):
        new_email = self.form.cleaned_data["email"]
        changed = new_email != self.email_before.lower()
        # The account keeps its login address until the new one's owner confirms it.
        self.form.instance.email = self.email_before
        person = super().save_instance()
        person_change_record(
            request=self.request,
            person=person,
            before=self.person_before,
            after=person_snapshot(person),
            **({"email_change_requested": True} if changed else {}),
        )
        if changed:
            EmailAddress.objects.add_new_email(self.request, person, new_email)
            messages.info(
                self.request,
                gettext(
                    "A link was sent to %(email)s. The new address takes the place of the "
                    "current one once its owner follows the link; until then they log in "
                    "with the current one."
                )
                % {"email": new_email},
            )
        return person

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Someone's whole record on screen: a view of personal data, for the audit log.
        audit_record(
            request=request,
            action=AuditEvent.Action.PERSONAL_DATA_VIEW,
            description=gettext("Person's record (account %(id)s)") % {"id": self.object.pk},
            rows=1,
        )
        return response


class PersonDeleteView(ManagedPeopleOnlyMixin, wagtail_users.DeleteView):
    def delete_action(self):
        with transaction.atomic():
            person_change_record(
                request=self.request,
                person=self.object,
                before=person_snapshot(self.object),
                after={},
            )
            super().delete_action()


class PersonViewSet(wagtail_users.UserViewSet):
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    delete_view_class = PersonDeleteView
    # A copy showed anyone's record prefilled in a new account's form: people are created.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm


# Wagtail's bulk actions on people, under the same rule as the edit form: whoever may not
# manage someone (``person_managed_by``) is left out, counted but not named.


class ManagedPeopleOnlyBulkMixin:
    """Leaves out whom the user may not manage, and audits each person changed, with their
    before and after, in the action's transaction."""

    def check_perm(self, obj):
        return super().check_perm(obj) and person_managed_by(obj, self.request.user)

    def get_execution_context(self):
        return {**super().get_execution_context(), "audit_request": self.request}

    @classmethod
    def execute_action(cls, objects, audit_request=None, **kwargs):
        before = {person.pk: person_snapshot(person) for person in objects}
        result = super().execute_action(objects, **kwargs)
        remaining = {person.pk: person for person in User.objects.filter(pk__in=list(before))}
        for pk, snapshot in before.items():
            after = person_snapshot(remaining[pk]) if pk in remaining else {}
            if after != snapshot:
                person_change_record(
                    request=audit_request,
                    person=remaining.get(pk) or User(pk=pk),
                    before=snapshot,
                    after=after,
                )
        return result


class PersonDeleteBulkAction(ManagedPeopleOnlyBulkMixin, DeleteBulkAction):
    pass


class PersonSetActiveStateBulkAction(ManagedPeopleOnlyBulkMixin, SetActiveStateBulkAction):
    pass


class PersonAssignRoleBulkAction(ManagedPeopleOnlyBulkMixin, AssignRoleBulkAction):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            # As in the edit form: the administrator role is a superuser's to give.
            form.fields["role"].queryset = Group.objects.exclude(name=Role.ADMINISTRATOR.value)
        return form


PERSON_BULK_ACTIONS = (
    PersonDeleteBulkAction,
    PersonSetActiveStateBulkAction,
    PersonAssignRoleBulkAction,
)


class UnitForm(forms.ModelForm):
    parent = UnitChoiceField(
        label=_("Part of"),
        required=False,
        empty_label=_("— None: this is a secretariat —"),
        help_text=_("The unit this one belongs to. Leave empty for a secretariat."),
    )

    class Meta:
        model = OrganisationalUnit
        fields = ["acronym", "name", "kind", "territory"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving a branch changes whose figures a manager sees: done deliberately, not here.
            del self.fields["parent"]


class UnitCreateView(ModelViewSet.add_view_class):
    def save_instance(self):
        unit = self.form.save(commit=False)
        parent = self.form.cleaned_data.get("parent")
        if parent:
            unit = parent.add_child(instance=unit)
        else:
            unit = OrganisationalUnit.add_root(instance=unit)
        self.form.instance = unit
        return unit


class UnitViewSet(ModelViewSet):
    model = OrganisationalUnit
    add_view_class = UnitCreateView
    icon = "group"
    menu_label = _("Organisational units")
    add_to_settings_menu = True
    list_display = ["indented_label", "kind", "territory"]
    ordering = ["path"]
    search_fields = ["acronym", "name"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return UnitForm


class TerritoryViewSet(ModelViewSet):
    model = Territory
    form_fields = ["name", "code", "zone"]
    icon = "site"
    menu_label = _("Territories")
    add_to_settings_menu = True
    list_display = ["name", "zone"]
    search_fields = ["name"]
    copy_view_enabled = False


# --- Import of people ----------------------------------------------------------------------------


class PersonImportForm(forms.Form):
    file = forms.FileField(
        label=_("List of people (CSV or XLSX)"),
        help_text=_(
            "One person per line, with a header line naming the columns: registration "
            "number, full name and e-mail are required; social name, unit (acronym), job "
            "title and territory are optional. At most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    send_invitations = forms.BooleanField(
        label=_("Send an invitation e-mail to new people"),
        required=False,
        help_text=_(
            "Each person the list creates gets a link to choose a password. Unticked, nobody "
            "gets any e-mail: people can still use “Forgot your password?” later."
        ),
    )

    def full_clean(self):
        super().full_clean()
        # Screen readers read a field's error with the field: the input points at both.
        for name, field in self.fields.items():
            ids = [f"{self[name].auto_id}-helptext"]
            if name in self.errors:
                ids.insert(0, f"{self[name].auto_id}-errors")
            field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            person_import_check_file(file)
        except PersonImportError as error:
            raise forms.ValidationError(error.message, code="invalid") from error
        return file


def _own_import(request, pk: int):
    """An import uploaded by the person asking; anyone else's is 404."""
    person_import = PersonImport.objects.filter(pk=pk, uploaded_by=request.user).first()
    if person_import is None:
        raise Http404
    return person_import


def person_import_state(person_import) -> dict:
    """The import's progress, as its page and the page's script show it."""
    done = person_import_rows_done(person_import)
    total = max(person_import.rows_total, done)
    running = person_import.is_running
    percent = 100 if not running else (min(99, round(100 * done / total)) if total else 0)
    if person_import.status == person_import.Status.UPLOADED:
        text = gettext("Waiting to start checking the list.")
    elif running:
        text = gettext("%(status)s: %(done)s of about %(total)s lines.") % {
            "status": person_import.get_status_display(),
            "done": done,
            "total": total,
        }
    else:
        text = person_import.get_status_display()
    return {
        "status": person_import.status,
        "running": running,
        "done": done,
        "total": total,
        "percent": percent,
        "text": text,
        "error": person_import.error if person_import.status == "failed" else "",
        "url": reverse("people_import:detail", args=[person_import.pk]),
    }


class PersonImportMixin(LogInFirstMixin, ManagerOnlyMixin, WagtailAdminTemplateMixin):
    header_icon = "user"
    page_title = _("Import people")


class PersonImportIndexView(PersonImportMixin, FormView):
    template_name = "lms/admin/people_import_index.html"
    form_class = PersonImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope_label"] = (
            gettext("the whole city") if self.scope.is_city_wide else str(self.scope.unit)
        )
        context["columns"] = [
            {
                "label": FIELD_LABELS[key],
                "names": names,
                "required": key in REQUIRED_COLUMNS,
            }
            for key, names in COLUMNS.items()
        ]
        context["imports"] = PersonImport.objects.filter(uploaded_by=self.request.user)[:20]
        return context

    def form_valid(self, form):
        try:
            person_import = person_import_create(
                user=self.request.user,
                file=form.cleaned_data["file"],
                send_invitations=form.cleaned_data["send_invitations"],
            )
        except PersonImportError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        queue_after_commit(validate_person_import, person_import.pk)
        messages.success(
            self.request,
            gettext("The list was received and is being checked. Nothing is imported yet."),
        )
        return redirect("people_import:detail", person_import.pk)


class PersonImportDetailView(PersonImportMixin, TemplateView):
    template_name = "lms/admin/people_import_detail.html"
    rows_per_page = 50

    def get(self, request, *args, **kwargs):
        self.person_import = _own_import(request, kwargs["pk"])
        if request.GET.get("format") == "json":
            return JsonResponse(person_import_state(self.person_import))
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.person_import.original_filename

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("people_import:index"), "label": self.page_title},
            {"url": "", "label": self.person_import.original_filename},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person_import = self.person_import
        Status = PersonImport.Status
        context["person_import"] = person_import
        context["state"] = person_import_state(person_import)
        context["applied"] = person_import.status == Status.APPLIED
        context["can_confirm"] = person_import.status == Status.VALIDATED and bool(
            person_import.created_count + person_import.updated_count
        )
        if person_import.status in {Status.VALIDATED, Status.APPLIED}:
            errors_only = self.request.GET.get("errors") == "1"
            rows = person_import.rows.order_by("line")
            if errors_only:
                rows = rows.filter(action=PersonImportRow.Action.ERROR)
            page = Paginator(rows, self.rows_per_page).get_page(self.request.GET.get("p"))
            context["errors_only"] = errors_only
            context["page"] = page
            if page.object_list:
                audit_record(
                    request=self.request,
                    action=AuditEvent.Action.PERSONAL_DATA_VIEW,
                    description=gettext("Import of people: %(file)s, page %(page)s")
                    % {"file": person_import.original_filename, "page": page.number},
                    scope={"import": person_import.pk, "errors_only": errors_only},
                    rows=len(page.object_list),
                )
            context["rows"] = [
                {
                    "row": row,
                    "changes": [
                        {"label": FIELD_LABELS.get(field, field), "before": v[0], "after": v[1]}
                        for field, v in row.changes.items()
                    ],
                    "errors": row_messages(row.errors),
                    "warnings": row_messages(row.warnings),
                }
                for row in page.object_list
            ]
        return context


class PersonImportConfirmView(PersonImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        person_import = _own_import(request, pk)
        try:
            with transaction.atomic():
                person_import_confirm(person_import=person_import, user=request.user)
                queue_after_commit(apply_person_import, person_import.pk)
                audit_record(
                    request=request,
                    action=AuditEvent.Action.PEOPLE_IMPORT_APPLIED,
                    description=gettext("Import of people: %(file)s")
                    % {"file": person_import.original_filename},
                    scope={"import": person_import.pk},
                    rows=person_import.created_count + person_import.updated_count,
                )
        except PersonImportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The import was confirmed."))
        return redirect("people_import:detail", pk)


class PersonImportTemplateView(PersonImportMixin, View):
    def get(self, request):
        return csv_response("modelo-importacao-pessoas.csv", template_header(), [])


def people_import_menu_item():
    """ "Import people" in the Settings menu, next to Wagtail's people (Users), for managers.

    The pages live at ``/admin/people-import/`` outside Wagtail's admin wrapper
    (``lms.urls``), so that anyone without a manager scope gets a plain 403."""
    return managers_only_menu_item()(
        _("Import people"),
        reverse("people_import:index"),
        name="people_import",
        icon_name="user",
        order=601,
    )


def people_import_urlpatterns():
    return [
        path("", PersonImportIndexView.as_view(), name="index"),
        path("template.csv", PersonImportTemplateView.as_view(), name="template"),
        path("<int:pk>/", PersonImportDetailView.as_view(), name="detail"),
        path("<int:pk>/confirm/", PersonImportConfirmView.as_view(), name="confirm"),
    ]


# --- Audit log -----------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(
        label=_("Who (e-mail)"),
        required=False,
        max_length=300,
        help_text=_("Part of the e-mail address of the person who acted."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *AuditEvent.Action.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", gettext("The end of the period comes before its start."))
        return data

    def filter(self, events):
        """The events the valid filters ask for; all of them while the form has errors."""
        import datetime

        from django.utils import timezone

        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            start = datetime.datetime.combine(data["date_from"], datetime.time.min, tzinfo=tz)
            events = events.filter(at__gte=start)
        if data["date_to"]:
            end = datetime.datetime.combine(
                data["date_to"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
            events = events.filter(at__lt=end)
        return events


class AuditIndexView(
    LogInFirstMixin, AdministratorOnlyMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Who exported or viewed personal data, and who changed what the plan's figures count:
    newest first, for Administrators only (anyone else gets a plain 403; it is mounted outside
    Wagtail's wrapper, like the import of people)."""

    template_name = "lms/admin/audit_index.html"
    page_title = _("Audit log")
    header_icon = "list-ul"
    events_per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        from urllib.parse import urlencode

        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        form = AuditFilterForm(self.request.GET or None)
        events = form.filter(AuditEvent.objects.all())
        page = Paginator(events, self.events_per_page).get_page(self.request.GET.get("p"))
        params = {}
        if form.is_bound and form.is_valid():
            params = {k: self.request.GET[k] for k in form.fields if self.request.GET.get(k)}
        context.update(
            form=form,
            page=page,
            events=[
                {
                    "event": event,
                    "actor": event.actor_label
                    or (
                        gettext("The person themselves (account %(id)s)") % {"id": event.actor_id}
                        if event.actor_id
                        else "—"
                    ),
                    "scope": scope_text(event.scope),
                    "changes": changes_lines(event.changes, event.scope.get("model", "")),
                    # What the HTML standard accepts: seconds at most, not microseconds.
                    "datetime": timezone.localtime(event.at).isoformat(timespec="seconds"),
                }
                for event in page.object_list
            ],
            page_query=urlencode(params) + "&" if params else "",
        )
        return context


def audit_menu_item():
    """ "Audit log" in the Settings menu, for Administrators only."""
    return menu_item_shown_to(is_administrator)(
        _("Audit log"), reverse("audit_log"), name="audit_log", icon_name="list-ul", order=602
    )
