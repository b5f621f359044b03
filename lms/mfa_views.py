"""Adding an authenticator app takes a code sent to the person's confirmed e-mail address.

allauth's activation asks only for the password again: whoever had learnt it could add their
own app to an account that had none yet (a manager who had not activated theirs) and so own
its second factor. Here the activation page opens only after the person typed a code sent to
their mailbox (``lms.mfa``), and the session that activates the app counts as having given a
code (it just did).
"""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.totp import views as totp_views
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .mfa import (
    EMAIL_CODE_MINUTES,
    mfa_email_address,
    mfa_email_code_confirm,
    mfa_email_code_pending,
    mfa_email_code_send,
    mfa_email_proof_fresh,
    mfa_email_proof_spend,
    mfa_session_record_code,
)


class EmailCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code sent by e-mail"),
        max_length=20,
        help_text=gettext_lazy("Six digits, in the message we sent you."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not mfa_email_code_pending(request=self.request):
            raise forms.ValidationError(_("This code is no longer valid: ask for a new one."))
        if not mfa_email_code_confirm(request=self.request, code=code):
            raise forms.ValidationError(_("This is not the code we sent."))
        return code


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("mfa_activate_totp")


def email_code_url(next_url: str) -> str:
    return f"{reverse('mfa_email_code')}?{urlencode({'next': next_url})}"


@login_required
def email_code(request: HttpRequest) -> HttpResponse:
    """Send a code to the person's confirmed address, and take it back."""
    next_url = _next_url(request)
    email = mfa_email_address(request.user)
    form = EmailCodeForm(request=request)
    if request.method == "POST" and "send" in request.POST:
        if email and mfa_email_code_send(request=request, email=email):
            messages.success(
                request,
                ngettext(
                    "We sent a code to %(email)s. It works for %(minutes)s minute.",
                    "We sent a code to %(email)s. It works for %(minutes)s minutes.",
                    EMAIL_CODE_MINUTES,
                )
                % {"email": email, "minutes": EMAIL_CODE_MINUTES},
            )
        elif email:
            messages.error(
                request,
                _("You asked for several codes in a short time. Wait a few minutes and try again."),
            )
        return redirect(email_code_url(next_url))
    if request.method == "POST":
        form = EmailCodeForm(request.POST, request=request)
        if form.is_valid():
            return redirect(next_url)
    context = {
        "form": form,
        "email": email,
        "sent": mfa_email_code_pending(request=request),
        "next": next_url,
    }
    return render(request, "mfa/email_code.html", context)


class ActivateTOTPView(totp_views.ActivateTOTPView):
    """allauth's activation (after its password check), once the session typed the code
    sent by e-mail."""

    def get(self, request, *args, **kwargs):
        if not mfa_email_proof_fresh(request=request):
            return redirect(email_code_url(request.get_full_path()))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not mfa_email_proof_fresh(request=request):
            return redirect(email_code_url(request.path))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        mfa_email_proof_spend(request=self.request)
        authenticator = Authenticator.objects.get(
            user_id=self.request.user.pk, type=Authenticator.Type.TOTP
        )
        mfa_session_record_code(request=self.request, authenticator=authenticator)
        return response


activate_totp = ActivateTOTPView.as_view()
