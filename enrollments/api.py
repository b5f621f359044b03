"""The public open-data API of the plan's indicators: aggregated, anonymous, cacheable.

``GET /api/indicators/goals/`` (JSON) or ``?format=csv``; ``from`` and ``to`` (YYYY-MM-DD)
narrow the completions counted. No personal data; cells about 1–4 people are null.
"""

from __future__ import annotations

from http import HTTPStatus

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lms.exports import csv_response

from . import indicators

CACHE_SECONDS = 300


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[indicators.validate_period_date],
    )
    date_to = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[indicators.validate_period_date],
    )
    format = forms.ChoiceField(
        required=False, choices=[("", "json"), ("json", "json"), ("csv", "csv")]
    )

    error_messages = {"order": gettext_lazy("“to” comes before “from”.")}

    def __init__(self, query):
        super().__init__(
            {
                "date_from": query.get("from"),
                "date_to": query.get("to"),
                "format": query.get("format", ""),
            }
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(self.error_messages["order"])
        return data


def _document(form: PeriodForm) -> dict:
    data = form.cleaned_data
    filters = indicators.IndicatorFilters(date_from=data["date_from"], date_to=data["date_to"])
    return {
        "source": settings.SITE_URL,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "period": {
            "from": data["date_from"].isoformat() if data["date_from"] else None,
            "to": data["date_to"].isoformat() if data["date_to"] else None,
        },
        "rules": _(
            "A trained agent is a distinct person who completed at least one course feeding "
            "the goal in the period. Secretariat and territory are those at completion. Values "
            "about 1 to 4 people are null (suppressed), and so is the next smallest value of a "
            "breakdown with only one such value."
        ),
        "suppression_threshold": indicators.SUPPRESSION_THRESHOLD,
        "goals": indicators.open_data(filters),
    }


def _csv(document: dict) -> HttpResponse:
    header = ["goal", "title", "target", "baseline", "breakdown", "group", "trained_agents"]

    def rows():
        for goal in document["goals"]:
            base = [goal["code"], goal["title"], goal["target"], goal["baseline"]]
            yield [*base, "total", "", goal["achieved"]]
            for breakdown in ("by_secretariat", "by_territory", "by_year"):
                for group, value in goal[breakdown].items():
                    yield [*base, breakdown.removeprefix("by_"), group, value]

    return csv_response("indicadores-plano.csv", header, rows())


def _public(response: HttpResponse) -> HttpResponse:
    """Open data: any site may read it, errors included, and caches may keep it."""
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def goals(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        errors = {
            {"date_from": "from", "date_to": "to"}.get(field, field): [str(e) for e in messages]
            for field, messages in form.errors.items()
        }
        return _public(
            JsonResponse(
                {"error": _("Invalid parameters: dates are YYYY-MM-DD."), "fields": errors},
                status=HTTPStatus.BAD_REQUEST,
            )
        )
    key = "open-data:" + ":".join(
        str(form.cleaned_data[k] or "") for k in ("date_from", "date_to")
    )
    document = cache.get(key)
    if document is None:
        document = _document(form)
        cache.set(key, document, CACHE_SECONDS)
    if form.cleaned_data["format"] == "csv":
        response = _csv(document)
        response["Content-Disposition"] = 'inline; filename="indicadores-plano.csv"'
    else:
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    return _public(response)
