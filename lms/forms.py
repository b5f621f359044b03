import re

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .converters import RowIdConverter
from .models import REGISTRATION_NUMBER_TAKEN, OrganisationalUnit, Territory, User


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by level, so a secretariat's units read under it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", OrganisationalUnit.objects.order_by("path"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: OrganisationalUnit) -> str:
        return obj.indented_label


class PageChoiceField(forms.ModelChoiceField):
    """A page (a course) chosen by id: anything but a plain id is not one of the choices.

    A page's id is looked up through its link to Wagtail's ``Page``, which Django does not
    range-check, and SQLite answers a number past 64 bits with an ``OverflowError`` (a 500)
    instead of finding nothing; ids are what the ``<id:…>`` URL converter accepts.
    """

    def to_python(self, value):
        text = str(value).strip() if value not in self.empty_values else ""
        if text and not re.fullmatch(RowIdConverter.regex, text):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (``ACCOUNT_FORMS``), with the person's full name."""

    field_order = ["email", "full_name", "password1", "password2"]
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])

    def try_save(self, request):
        if self.account_already_exists:
            # A new account's password is hashed, slowly on purpose, and this address's
            # would not be (allauth only e-mails its owner): hash it too, and throw it away,
            # or the quicker answer tells that the address has an account.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    unit = UnitChoiceField(
        label=_("Organisational unit"),
        required=False,
        empty_label=_("— Not informed —"),
        help_text=_("Where you work now. Your completed courses keep the unit of that time."),
    )
    territory = forms.ModelChoiceField(
        label=_("Territory (subprefeitura)"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("— Not informed —"),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "social_name",
            "registration_number",
            "job_title",
            "unit",
            "territory",
        ]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "social_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_registration_number(self) -> str:
        number = self.cleaned_data["registration_number"].strip()
        taken = User.objects.filter(registration_number=number).exclude(pk=self.instance.pk)
        if number and taken.exists():
            raise forms.ValidationError(REGISTRATION_NUMBER_TAKEN, code="unique")
        return number


class AccountDeleteForm(forms.Form):
    """The person confirms, with their password when they have one, that the account goes."""

    understood = forms.BooleanField(
        label=_("I understand that my account and my personal data are deleted for good."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():  # logs in through the city's identity provider
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
