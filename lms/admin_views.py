"""Wagtail admin for people, organisational units and territories."""

from django import forms
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from .forms import UnitChoiceField
from .models import OrganisationalUnit, Territory, User

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


class PersonFormMixin(forms.ModelForm):
    # Capacita's user has one full name, not Wagtail's first/last name pair.
    first_name = None
    last_name = None
    unit = UnitChoiceField(label=_("Organisational unit"), required=False)
    managed_unit = UnitChoiceField(
        label=_("Managed unit"),
        required=False,
        empty_label=_("— Whole city —"),
        help_text=User._meta.get_field("managed_unit").help_text,
    )


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


class OnlySuperusersGrantSuperuserMixin:
    """Administrators manage people, but only a superuser may make another superuser."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "is_superuser" in form.fields and not self.request.user.is_superuser:
            form.fields["is_superuser"].disabled = True
        return form


class PersonCreateView(OnlySuperusersGrantSuperuserMixin, wagtail_users.CreateView):
    pass


class PersonEditView(OnlySuperusersGrantSuperuserMixin, wagtail_users.EditView):
    pass


class PersonViewSet(wagtail_users.UserViewSet):
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = PersonEditView

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm


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
