"""The public open-data API of the plan's indicators: aggregated, anonymous, cacheable.

``GET /api/indicators/goals/`` (JSON) or ``?format=csv``; ``year`` (YYYY) narrows the
completions counted to one calendar year. No personal data. Every breakdown lists every
secretariat and territory, 0 where nobody trained; a null is 0 to 4 people, or a figure hidden
so that those cannot be worked out from the rest of any document
(``indicators.open_data_table``).

Only whole years (or all time) are published, never arbitrary periods: two periods a day
apart would give away, by subtraction, the few people trained on that day.
"""

from __future__ import annotations

import datetime
from http import HTTPStatus

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.exports import csv_response

from . import indicators

CACHE_SECONDS = 300
# Versioned with the table's shape: a table cached by an earlier release is never read.
TABLE_KEY = "open-data:table:every-group"


class PeriodForm(forms.Form):
    year = forms.IntegerField(
        required=False,
        min_value=indicators.EARLIEST_DATE.year,
        max_value=indicators.LATEST_DATE.year,
    )
    format = forms.ChoiceField(
        required=False, choices=[("", "json"), ("json", "json"), ("csv", "csv")]
    )

    def __init__(self, query):
        super().__init__({"year": query.get("year", ""), "format": query.get("format", "")})

    @property
    def filters(self) -> indicators.IndicatorFilters:
        year = self.cleaned_data["year"]
        if year is None:
            return indicators.IndicatorFilters()
        return indicators.IndicatorFilters(
            date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31)
        )


def _table() -> dict:
    """The one protected table every document is cut from, kept for the cache period.

    ``get_or_set`` adds it only when absent and reads it back, so processes that miss at
    once still all serve the first one stored: two documents from one period never disagree
    (one computed before a completion and one after would give it away by subtraction).
    """
    return cache.get_or_set(TABLE_KEY, indicators.open_data_table, CACHE_SECONDS)


def _document(form: PeriodForm) -> dict:
    table = _table()
    return {
        "source": settings.SITE_URL,
        "generated_at": table["generated_at"],
        "year": form.cleaned_data["year"],
        "rules": _(
            "A trained agent is a distinct person who completed at least one course feeding "
            "the goal in the year asked (or ever, without a year). Secretariat and territory "
            "are those at completion. Every secretariat and territory is listed, with 0 where "
            "nobody trained. A null value is 0 to 4 people, or a larger value hidden so that "
            "those cannot be worked out by adding or subtracting published figures (totals, "
            "secretariats, territories, years, in this document or in those of the other "
            "years); hidden values are chosen over all documents at once."
        ),
        "suppression_threshold": indicators.SUPPRESSION_THRESHOLD,
        "goals": indicators.open_data(form.filters, table=table),
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
        errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
        return _public(
            JsonResponse(
                {"error": _("Invalid parameters: the year is YYYY."), "fields": errors},
                status=HTTPStatus.BAD_REQUEST,
            )
        )
    document = _document(form)
    if form.cleaned_data["format"] == "csv":
        response = _csv(document)
        response["Content-Disposition"] = 'inline; filename="indicadores-plano.csv"'
    else:
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    return _public(response)
