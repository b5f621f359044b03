from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from enrollments import api as open_data_api

from . import health, mfa_views, views
from .admin_views import AuditIndexView, people_import_urlpatterns

urlpatterns = [
    # One way in: Wagtail's own log-in would skip allauth's rate limits and e-mail
    # verification, and its account page would change e-mails without confirmation.
    path("admin/login/", RedirectView.as_view(pattern_name="staff_login", query_string=True)),
    path(
        "admin/account/",
        require_admin_access(views.StaffAccountView.as_view()),
        name="wagtailadmin_account",
    ),
    # Managers only, with a plain 403 for anyone else (Wagtail's wrapper would redirect).
    path("admin/people-import/", include((people_import_urlpatterns(), "people_import"))),
    # Administrators only, with a plain 403 for anyone else, likewise.
    path("admin/audit/", AuditIndexView.as_view(), name="audit_log"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("conta/perfil/", views.profile, name="profile"),
    path("conta/perfil/meus-dados.json", views.my_data, name="my_data"),
    path("conta/perfil/excluir/", views.account_delete, name="account_delete"),
    path("conta/equipe/", views.staff_login, name="staff_login"),
    # Adding an authenticator app takes a code sent by e-mail too (ahead of allauth's page).
    path("conta/2fa/totp/activate/", mfa_views.activate_totp, name="mfa_activate_totp"),
    path("conta/2fa/codigo-por-email/", mfa_views.email_code, name="mfa_email_code"),
    path("conta/", include("allauth.urls")),
    path("idioma/", set_language, name="set_language"),
    path("health/", health.health, name="health"),
    path("minha-aprendizagem/", include("enrollments.urls")),
    path("turmas/", include("enrollments.class_urls")),
    path("certificates/", include("certificates.urls")),
    path("api/indicators/goals/", open_data_api.goals, name="open_data_goals"),
]

if settings.BENCH_BASELINE:
    from bench.views import baseline

    urlpatterns.insert(0, path("_bench/baseline/", baseline))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every page not matched above; it must come last.
urlpatterns += [path("", include(wagtail_urls))]

# The site's own pages, in the person's language (lms.errors). An unreachable database
# answers 503 (an outage), anything else 500; neither needs a service.
handler400 = "lms.errors.bad_request"
handler403 = "lms.errors.permission_denied"
handler404 = "lms.errors.page_not_found"
handler500 = "lms.errors.server_error"
