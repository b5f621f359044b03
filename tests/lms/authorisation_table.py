"""The authorisation matrix: what each role gets from each of the project's URLs.

One row per URL (a URL may have several rows: several pages behind Wagtail's catch-all, or
GET and POST). The outcome columns are, in order, the roles of ``ROLES``:

- ``ok``: served (2xx), or redirected somewhere other than a log-in page;
- ``login``: redirected to log in (``/conta/login/``, or the staff log-in for the admin);
- ``403``: refused (403, or Wagtail's refusal: a redirect to the admin dashboard);
- ``404``: not found, where even the existence of someone else's object must not leak;
- ``405``: the method is not allowed (POST-only actions asked with GET);
- ``401``: allauth's page for a failed third-party log-in, which says so with its status.

A POST that succeeds changes data: each request runs in a transaction rolled back after it,
so every row and role sees the same world. POSTs carry no form data: the matrix checks
"let in" against "turned away", not what the action does (the app tests do that).

The world (``tests/lms/test_authorisation_matrix.py``): learner A is at UBS Casa Verde
(under CRS Norte), enrolled in the online course (completed, with a certificate) and in the
in-person class; the other learner is at CRS Sul with a certificate of the same course; the
trainer teaches the class; the unit manager manages CRS Norte, the other manager CRS Sul, the
city-wide manager has no managed unit. The import, the ZIP and the bulk enrolment are the unit
manager's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

ROLES = (
    "anonymous",
    "learner",
    "other_learner",
    "trainer",
    "manager",
    "other_manager",
    "city_manager",
    "administrator",
)
OUTCOMES = {"ok", "login", "401", "403", "404", "405"}

GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Row:
    key: str  # the URL's name with its namespaces, or its route when it has no name
    method: str
    expected: dict[str, str]
    args: tuple[str, ...] = ()  # attributes of the world whose pk (or code) fill the route
    path: Callable | None = None  # or a function of the world giving the path
    note: str = ""


def row(key, method, outcomes: str, *args: str, path=None, note="") -> Row:
    tokens = outcomes.split()
    assert len(tokens) == len(ROLES), key
    assert set(tokens) <= OUTCOMES, key
    return Row(key, method, dict(zip(ROLES, tokens, strict=True)), args, path, note)


def _snippet_rows(namespace: str, obj: str, chooser: str, *, admin: str = "ok") -> list[Row]:
    """A snippet the project registers: administrators only, learners sent to the staff
    log-in, trainers and managers refused (plan goals and templates are administrators')."""
    refused = f"login login login 403 403 403 403 {admin}"
    rows = [
        row(f"{namespace}:{name}", GET, refused, *((obj,) if with_pk else ()))
        for name, with_pk in (
            ("list", False),
            ("list_results", False),
            ("add", False),
            ("edit", True),
            ("delete", True),
            ("usage", True),
            ("history", True),
            ("history_results", True),
            ("copy", True),
        )
    ]
    # Choosing one (in a form of the admin) is open to anyone in the admin: these hold no
    # personal data (goals are open data; templates are the certificates' public wording),
    # but creating one from the chooser is not.
    chooser_outcomes = "login login login ok ok ok ok ok"
    rows += [
        row(f"{chooser}:{name}", GET, chooser_outcomes)
        for name in ("choose", "choose_results", "chosen_multiple")
    ]
    rows.append(row(f"{chooser}:create", GET, refused))
    rows.append(row(f"{chooser}:chosen", GET, chooser_outcomes, obj))
    return rows


def _model_rows(namespace: str, obj: str, outcomes: str, **others: str) -> list[Row]:
    """A model viewset's URLs, all with ``outcomes`` but those named in ``others``."""
    return [
        row(f"{namespace}:{name}", GET, others.get(name, outcomes), *((obj,) if with_pk else ()))
        for name, with_pk in (
            ("index", False),
            ("index_results", False),
            ("add", False),
            ("edit", True),
            ("delete", True),
            ("usage", True),
            ("history", True),
            ("history_results", True),
        )
    ]


def _page(attribute: str):
    return lambda world: getattr(world, attribute).url


# Columns:  anonymous learner other_learner trainer manager other_manager city_manager admin
PUBLIC = "ok ok ok ok ok ok ok ok"
NOWHERE = "404 404 404 404 404 404 404 404"
TO_LOG_IN = "login login login login login login login login"
SIGNED_IN = "login ok ok ok ok ok ok ok"
ADMIN_ONLY = "login login login 403 403 403 403 ok"
STAFF = "login login login ok ok ok ok ok"  # anyone with access to the admin
MANAGERS = "login login login 403 ok ok ok ok"  # ManagerOnlyMixin inside the admin
OWN_OF_MANAGER = "login login login 403 ok 404 404 404"  # the unit manager's own object
# The class's trainer, the city-wide manager and administrators: a manager of a unit runs the
# classes they teach (this one has people of other units).
CLASS_RUNNERS = "login 403 403 ok 403 403 ok ok"
CLASS_RUNNERS_ADMIN = "login login login ok 403 403 ok ok"

MATRIX: list[Row] = [
    # --- The site: Wagtail pages (one catch-all URL) ------------------------------------------
    row("wagtail_serve", GET, PUBLIC, path=_page("home_page"), note="home"),
    row("wagtail_serve", GET, PUBLIC, path=_page("catalogue"), note="catalogue"),
    row("wagtail_serve", GET, PUBLIC, path=_page("course"), note="course page"),
    row(
        "wagtail_serve",
        GET,
        "403 ok ok 403 403 403 403 403",
        path=_page("lesson"),
        note="lesson: enrolled learners only",
    ),
    row(
        "wagtail_serve",
        GET,
        "403 ok ok 403 403 403 403 403",
        path=_page("quiz"),
        note="quiz: enrolled learners only",
    ),
    # --- Learning --------------------------------------------------------------------------
    row("my_learning", GET, SIGNED_IN),
    row("enrol", GET, "login 405 405 405 405 405 405 405", "course"),
    row("enrol", POST, "login ok ok ok ok ok ok ok", "course"),
    row("unenrol", POST, "login ok ok ok ok ok ok ok", "course"),
    # Someone not enrolled is sent back to the course page and nothing is recorded
    # (tests/enrollments/test_views.py checks the nothing).
    row("complete_lesson", POST, SIGNED_IN, "lesson"),
    row("submit_quiz", POST, SIGNED_IN, "quiz"),
    # --- In-person classes -------------------------------------------------------------------
    row("my_classes", GET, "login 403 403 ok ok ok ok ok"),
    row("class_detail", GET, CLASS_RUNNERS, "course_class"),
    row("class_add_person", POST, CLASS_RUNNERS, "course_class"),
    row("class_remove_person", POST, CLASS_RUNNERS, "course_class", "class_enrollment"),
    row("class_attendance", GET, CLASS_RUNNERS, "course_class", "session"),
    row("class_attendance", POST, CLASS_RUNNERS, "course_class", "session"),
    row("class_close", POST, CLASS_RUNNERS, "course_class"),
    row("class_attendance_sheet", GET, CLASS_RUNNERS, "course_class"),
    row("class_join", POST, "login ok ok ok ok ok ok ok", "course_class"),
    row("class_quit", POST, "login ok ok ok ok ok ok ok", "course_class"),
    # --- Certificates --------------------------------------------------------------------------
    row("certificate_verify_form", GET, PUBLIC),
    row("certificate_verify", GET, PUBLIC, "certificate_code"),
    row(
        "certificate_download",
        GET,
        "login ok 404 404 ok 404 ok ok",
        "certificate_code",
        note="learner A's PDF: the holder and the managers whose scope holds it",
    ),
    # --- The person's own account ------------------------------------------------------------
    row("profile", GET, SIGNED_IN),
    row("my_data", GET, SIGNED_IN),
    row("account_delete", GET, SIGNED_IN),
    row("staff_login", GET, "login 403 403 ok ok ok ok ok", note="staff: on to the admin"),
    row("set_language", POST, PUBLIC),
    row("health", GET, PUBLIC),
    row("open_data_goals", GET, PUBLIC),
    # --- allauth (public auth pages and the signed-in person's own settings) -----------------
    row("account_login", GET, "ok ok ok ok ok ok ok ok"),
    row("account_logout", GET, PUBLIC),
    row("account_inactive", GET, PUBLIC),
    row("account_signup", GET, PUBLIC),
    row("account_reauthenticate", GET, SIGNED_IN),
    row("account_email", GET, SIGNED_IN),
    row("account_email_verification_sent", GET, PUBLIC),
    row("account_change_password", GET, SIGNED_IN),
    row("account_set_password", GET, SIGNED_IN),
    row("account_reset_password", GET, PUBLIC),
    row("account_confirm_login_code", GET, SIGNED_IN, note="anonymous: no code was sent"),
    row("account_confirm_email", GET, PUBLIC, path=lambda w: "/conta/confirm-email/nada/"),
    row("account_reset_password_from_key_done", GET, PUBLIC),
    row(
        "account_reset_password_from_key",
        GET,
        PUBLIC,
        path=lambda w: "/conta/password/reset/key/1-nada/",
    ),
    row("account_reset_password_done", GET, PUBLIC),
    row("socialaccount_login_cancelled", GET, PUBLIC),
    row("socialaccount_login_error", GET, "401 401 401 401 401 401 401 401"),
    row(
        "socialaccount_signup",
        GET,
        TO_LOG_IN,
        note="only in the middle of a third-party log-in",
    ),
    row("socialaccount_connections", GET, SIGNED_IN),
    row(
        "conta/social/login/cancelled/",
        GET,
        PUBLIC,
        path=lambda w: "/conta/social/login/cancelled/",
    ),
    row("conta/social/login/error/", GET, PUBLIC, path=lambda w: "/conta/social/login/error/"),
    row("conta/social/signup/", GET, PUBLIC, path=lambda w: "/conta/social/signup/"),
    row("conta/social/connections/", GET, PUBLIC, path=lambda w: "/conta/social/connections/"),
    # An unknown provider is not found (tests/lms/test_sso.py covers a configured one).
    row("openid_connect_login", GET, NOWHERE, path=lambda w: "/conta/oidc/nada/login/"),
    row("openid_connect_callback", GET, NOWHERE, path=lambda w: "/conta/oidc/nada/login/callback/"),
    # allauth.mfa: the signed-in person's own second factor.
    row("mfa_index", GET, SIGNED_IN),
    row("mfa_authenticate", GET, SIGNED_IN, note="anonymous: only during a log-in"),
    row("mfa_reauthenticate", GET, SIGNED_IN),
    row("mfa_activate_totp", GET, SIGNED_IN),
    # The code by e-mail that adding an app takes (lms.mfa_views): anyone signed in.
    row("mfa_email_code", GET, SIGNED_IN),
    # Only for those who have an app (managers and administrators, here), or codes (nobody).
    row("mfa_deactivate_totp", GET, "login 404 404 404 ok ok ok ok"),
    row("mfa_view_recovery_codes", GET, "login 404 404 404 404 404 404 404"),
    row("mfa_download_recovery_codes", GET, "login 404 404 404 404 404 404 404"),
    row("mfa_generate_recovery_codes", GET, SIGNED_IN),
    # --- The admin: the project's own views ----------------------------------------------------
    row("admin/login/", GET, TO_LOG_IN, path=lambda w: "/admin/login/", note="to allauth's"),
    row("wagtailadmin_account", GET, "login login login ok ok ok ok ok"),
    # Outside Wagtail's admin URLs: a plain 403 for anyone signed in without the right.
    row("audit_log", GET, "login 403 403 403 403 403 403 ok"),
    row("people_import:index", GET, "login 403 403 403 ok ok ok ok"),
    row("people_import:template", GET, "login 403 403 403 ok ok ok ok"),
    row("people_import:detail", GET, "login 403 403 403 ok 404 404 404", "person_import"),
    row("people_import:confirm", POST, "login 403 403 403 ok 404 404 404", "person_import"),
    row("plan_indicators:index", GET, MANAGERS),
    row(
        "plan_indicators:agents",
        GET,
        MANAGERS,
        path=lambda w: reverse("plan_indicators:agents") + "?format=csv",
    ),
    row("plan_indicators:goal", GET, MANAGERS, "goal"),
    row("migracidades_report:index", GET, MANAGERS),
    row("certificates:index", GET, "login login login 403 ok ok ok ok"),
    row("certificates:index_results", GET, "login login login 403 ok ok ok ok"),
    row(
        "certificates:inspect",
        GET,
        "login login login 404 ok 404 ok ok",
        "certificate",
        note="learner A's certificate: managers outside its scope find nothing",
    ),
    row("certificates:revoke", GET, ADMIN_ONLY, "certificate"),
    row("certificates:reissue", GET, ADMIN_ONLY, "certificate"),
    row("certificate_archives:index", GET, MANAGERS),
    row("certificate_archives:detail", GET, OWN_OF_MANAGER, "archive"),
    row("certificate_archives:download", GET, OWN_OF_MANAGER, "archive"),
    row("bulk_enrolment:new", GET, "login login login ok ok ok ok ok"),
    row("bulk_enrolment:detail", GET, "login login login 404 ok 404 404 404", "bulk"),
    # Those who run the class (as above); deleting a class (and what hangs on it) is the
    # administrators'. Another trainer's refusal is checked below the matrix.
    *_model_rows(
        "classes_admin",
        "course_class",
        CLASS_RUNNERS_ADMIN,
        index=STAFF,
        index_results=STAFF,
        add=STAFF,
        delete=ADMIN_ONLY,
    ),
    *_model_rows("organisational_units", "unit", ADMIN_ONLY),
    *_model_rows("territories", "territory", ADMIN_ONLY),
    *_snippet_rows(
        "wagtailsnippets_courses_plangoal", "goal", "wagtailsnippetchoosers_courses_plangoal"
    ),
    *_snippet_rows(
        "wagtailsnippets_courses_planaxis", "axis", "wagtailsnippetchoosers_courses_planaxis"
    ),
    *_snippet_rows(
        "wagtailsnippets_courses_migracidadesdimension",
        "dimension",
        "wagtailsnippetchoosers_courses_migracidadesdimension",
    ),
    *_snippet_rows(
        "wagtailsnippets_courses_certificatetemplate",
        "certificate_template",
        "wagtailsnippetchoosers_courses_certificatetemplate",
    ),
    # People: Wagtail's users admin with the project's forms and columns.
    row("wagtailusers_users:index", GET, ADMIN_ONLY),
    row("wagtailusers_users:index_results", GET, ADMIN_ONLY),
    row("wagtailusers_users:add", GET, ADMIN_ONLY),
    *(
        row(f"wagtailusers_users:{name}", GET, ADMIN_ONLY, "learner")
        for name in ("edit", "delete", "history", "history_results", "usage")
    ),
    # Wagtail's admin API (the explorer and the choosers read it), registered again by the
    # project with its paging kept in the database's range (lms.wagtail_admin): Wagtail's rules.
    *(
        row(f"wagtailadmin_api:{endpoint}:listing", GET, STAFF)
        for endpoint in ("pages", "images", "documents")
    ),
    *(
        row(f"wagtailadmin_api:{endpoint}:find", GET, "login login login 404 404 404 404 404")
        for endpoint in ("pages", "images", "documents")
    ),
    row("wagtailadmin_api:pages:detail", GET, "login login login ok 404 404 404 ok", "course"),
    *(
        row(
            f"wagtailadmin_api:{endpoint}:detail",
            GET,
            "login login login 404 404 404 404 404",
            path=lambda w, endpoint=endpoint: f"/admin/api/main/{endpoint}/987654/",
            note="none there",
        )
        for endpoint in ("images", "documents")
    ),
    row(
        "wagtailadmin_api:pages:action",
        GET,
        "login login login 405 405 405 405 405",
        path=lambda w: f"/admin/api/main/pages/{w.course.pk}/action/copy/",
        note="actions are POSTs",
    ),
]
