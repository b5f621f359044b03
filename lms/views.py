from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.views.account import AccountView, NameEmailSettingsPanel

from .forms import AccountDeleteForm, ProfileForm
from .models import AuditEvent
from .personal_data import personal_data
from .services import audit_record, person_anonymise


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The person completes and corrects their own data; nobody else's is reachable here."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(request, "lms/profile.html", {"form": form})


@login_required
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    """The person downloads everything the platform holds about them, as JSON (LGPD)."""
    audit_record(request=request, action=AuditEvent.Action.OWN_DATA_DOWNLOAD)
    response = JsonResponse(
        personal_data(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="capacita-meus-dados.json"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """The person deletes their account (anonymised: see ``person_anonymise``)."""
    if request.user.is_superuser:
        # The platform must keep someone who can grant access; another one does it.
        messages.error(request, _("A superuser's account is deleted by another administrator."))
        return redirect("profile")
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person_anonymise(user=request.user)
        logout(request)
        return render(request, "lms/account_deleted.html")
    return render(request, "lms/account_delete.html", {"form": form})


def staff_login(request: HttpRequest) -> HttpResponse:
    """Where the Wagtail admin sends people it will not let in.

    Anonymous visitors go to the site's log-in (and come back). A logged-in person without
    admin access gets a page saying so, instead of a log-in form that would send them back
    to the admin in a loop.
    """
    next_url = request.GET.get("next", resolve_url("wagtailadmin_home"))
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, resolve_url("account_login"))
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    return render(request, "lms/no_admin_access.html", status=HTTPStatus.FORBIDDEN)


class StaffAccountView(AccountView):
    """Wagtail's account settings without its name and e-mail panel.

    People change their name on the profile page and their e-mail through allauth, which
    confirms the new address first.
    """

    def get_panels(self):
        return [p for p in super().get_panels() if not isinstance(p, NameEmailSettingsPanel)]
