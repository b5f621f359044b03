"""The benchmark's yardstick: the cheapest page this server can serve, through the same
middleware as every other page (mounted only when ``CAPACITA_BENCH_BASELINE`` is on)."""

from django.http import HttpRequest, HttpResponse

_PARAGRAPH = "<p>Capacita: formação de agentes públicos para o atendimento a imigrantes.</p>\n"
BASELINE_HTML = (
    '<!doctype html>\n<html lang="pt-BR"><head><meta charset="utf-8">'
    "<title>Linha de base</title></head><body>\n"
    + _PARAGRAPH * (1900 // len(_PARAGRAPH))
    + "</body></html>\n"
)


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BASELINE_HTML)
