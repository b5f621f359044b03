"""Fuzzing every admin page a trainer or a manager can open: Wagtail's own and the project's.

The penetration test (issue 19, finding 7) found two 500s a trainer could cause in Wagtail's
admin pages API on PostgreSQL (``?search=%00``, ``?offset=`` past 64 bits). ``tests/test_fuzz.py``
fuzzes the project's own forms; this file walks the whole URL configuration under ``/admin/``
(the pages explorer, the admin API, choosers, search, snippets, images, documents, reports,
classes, bulk actions, people imports, indicators…), fills each route's ids with objects of the
authorisation matrix's world, keeps what a trainer or the unit's manager is served, and sends
those pages any query string and their own forms any value.

Two properties hold for every request: nothing answers 5xx (the test client re-raises a view's
exception), and a request that is not accepted (anything but a redirect after a form) writes
nothing. Each example runs in a transaction rolled back at its end. NUL bytes and numbers past
64 bits fail only on PostgreSQL, where the fuzzing runs (``services``); the regressions below
run on both databases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from hypothesis import given, note
from hypothesis import strategies as st
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import CoursePage
from enrollments.models import CourseClass
from lms.roles import Role
from tests.conftest import require_postgresql
from tests.lms.test_authorisation_matrix import world  # noqa: F401 - the matrix's eight people
from tests.test_fuzz import (
    answered,
    changed,
    fuzz,
    logged_in,
    numbers,
    rolled_back,
    row_counts,
    text,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
# Routes no fuzzing belongs on: Wagtail's deliberate error page ("failwhale", a 500 by
# design), logging in and out (they would end the session the walk uses).
NOT_FUZZED = ("admin/failwhale/", "admin/login/", "admin/logout/")
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")

# The query parameters Wagtail's admin and the project's admin pages read (listings,
# filters, choosers, the API, bulk actions, indicators), besides those each page links to.
QUERY_KEYS = [
    *("q", "search", "search_operator", "p", "page", "offset", "limit", "ordering", "order"),
    *("id", "fields", "type", "child_of", "descendant_of", "ancestor_of", "has_children"),
    *("for_explorer", "locale", "collection_id", "tag", "parent_page_id", "page_type"),
    *("target_pages[]", "childOf", "multiple", "select_format", "layout", "export", "term"),
    *("next", "link_url", "link_text", "content_type", "status", "html_path", "show_details"),
    *("can_choose_root", "user_perms", "match_subclass", "search_all", "describe_on_delete"),
    *("_w_filter_fragment", "create_model", "mode", "width", "height", "closeness", "position"),
    *("filter_method", "date_from", "date_to", "course", "unit", "territory", "modality"),
    *("year", "format", "errors", "owner", "edited", "site", "action", "timestamp", "user"),
]
WORDS = ["all", "root", "true", "false", "on", "title", "-title", "live", "csv", "xlsx", "json"]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- The admin pages a trainer or a manager opens -------------------------------------------------


class _PageReader(HTMLParser):
    """A page's POST forms (their fields as a browser would send them untouched) and the query
    parameters its own links and GET forms use."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.query_keys: set[str] = set()
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            self.query_keys |= {key for key, _value in parse_qsl(urlsplit(attrs["href"]).query)}
        if tag == "form":
            posted = (attrs.get("method") or "get").lower() == "post"
            self._form = {"action": attrs.get("action") or "", "fields": [], "post": posted}
            if posted:
                self.forms.append(self._form)
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        name = attrs["name"]
        if not self._form["post"]:
            self.query_keys.add(name)
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "file" or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self._form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif tag == "select":
            self._select = [name, None, None]

    def _option(self, attrs):
        value = attrs.get("value", "")
        if self._select[2] is None:
            self._select[2] = value
        if "selected" in attrs:
            self._select[1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        if tag == "select" and self._select is not None:
            name, selected, first = self._select
            self._form["fields"].append((name, selected if selected is not None else first or ""))
            self._select = None
        if tag == "form":
            self._form = None


@dataclass
class Endpoint:
    who: str
    path: str
    base: dict[str, str] = field(default_factory=dict)  # what the page needs to be served
    query_keys: list[str] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"{self.who} {self.path} {self.base or ''}"


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _id_for(route: str, name: str, objects: dict[str, int]) -> str:
    """The id of the world's object that a route's ``<int:…>`` most likely names."""
    if name.startswith("revision"):
        return str(objects["revision"])
    for prefix, key in (
        ("admin/people-import/", "person_import"),
        ("admin/bulk-enrolment/", "bulk"),
        ("admin/certificate-archives/", "archive"),
        ("admin/certificates/", "certificate"),
        ("admin/classes/", "course_class"),
        ("admin/organisation/units/", "unit"),
        ("admin/organisation/territories/", "territory"),
        ("admin/indicators/", "goal"),
        ("admin/users/", "learner"),
        ("admin/snippets/courses/plangoal/", "goal"),
        ("admin/snippets/courses/planaxis/", "axis"),
        ("admin/snippets/courses/migracidadesdimension/", "dimension"),
        ("admin/snippets/courses/certificatetemplate/", "certificate_template"),
        ("admin/images/", "image"),
        ("admin/api/main/^images/", "image"),
        ("admin/documents/", "document"),
        ("admin/api/main/^documents/", "document"),
    ):
        if route.startswith(prefix):
            return str(objects[key])
    return str(objects["course"])  # pages, choosers, the API's pages, workflows


WORDS_IN_ROUTES = {
    "app_label": "courses",
    "app_name": "courses",
    "content_type_app_name": "courses",
    "model_name": "coursepage",
    "content_type_model_name": "coursepage",
    "filter_spec": "original",
    "action_name": "copy",
}


def admin_paths(objects: dict[str, int]) -> list[tuple[str, dict[str, str]]]:
    """Every route under /admin/ with its ids filled in, and every bulk action with an id."""
    paths = []
    for route in sorted(set(_routes(get_resolver().url_patterns))):
        if not route.startswith("admin/") or route.startswith(NOT_FUZZED) or "(?P" in route:
            continue
        if ".*" in route or route.startswith("admin/bulk/"):
            continue  # the catch-all (Wagtail's 404); bulk actions are listed below

        def fill(match, route=route):
            name = match["name"]
            if match["converter"] == "int" or name.endswith("id") or name == "pk":
                return _id_for(route, name, objects)
            return WORDS_IN_ROUTES.get(name, "x")

        paths.append(("/" + ROUTE_PARAMETER.sub(fill, route.replace("^", "")), {}))
    bulk_ids = {"page": "course", "image": "image", "document": "document", "user": "learner"}
    for app, models in bulk_action_registry.actions.items():
        for model, actions in models.items():
            target = bulk_ids.get(model, "goal" if model == "plangoal" else None)
            for action in actions if target else ():
                paths.append((f"{ADMIN}bulk/{app}/{model}/{action}/", {"id": str(objects[target])}))
    return paths


class _Brief(dict):
    """A fixture's value, named briefly in hypothesis's report of a failing example."""

    def __repr__(self) -> str:
        return f"<{', '.join(self)}>"


class _Endpoints(list):
    def __repr__(self) -> str:
        return f"<{len(self)} admin pages>"


@pytest.fixture
def admin_world(world):  # noqa: F811 - the fixture imported above
    """The matrix's world, with an image and a document a trainer may choose."""
    image = Image.objects.create(title="Cartaz", file=get_test_image_file())
    document = Document.objects.create(title="Apostila", file=ContentFile(b"Texto", "apostila.txt"))
    revision = CoursePage.objects.get(pk=world.course.pk).save_revision()
    objects = {
        name: getattr(world, name).pk
        for name in (
            *("person_import", "bulk", "archive", "certificate", "course_class", "unit"),
            *("territory", "goal", "learner", "axis", "dimension", "certificate_template"),
            "course",
        )
    }
    objects |= {"image": image.pk, "document": document.pk, "revision": revision.pk}
    return _Brief(world=world, objects=objects)


@pytest.fixture
def endpoints(admin_world) -> list[Endpoint]:
    """The admin pages the world's trainer and unit manager are served, with their forms."""
    require_postgresql()  # NUL bytes and numbers past 64 bits fail there only
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # scans the hooks
    found = _Endpoints()
    for who in ("trainer", "manager"):
        client = logged_in(admin_world["world"].people[who])
        for path, base in admin_paths(admin_world["objects"]):
            with rolled_back():
                response = client.get(path, base)
            if response.status_code != HTTPStatus.OK or response.streaming:
                continue
            reader = _PageReader()
            if "html" in response.get("Content-Type", ""):
                reader.feed(response.content.decode())
            forms = [
                {**form, "action": form["action"] or path}
                for form in reader.forms
                if (form["action"] or path).startswith(ADMIN)
            ]
            found.append(Endpoint(who, path, base, sorted(reader.query_keys), forms))
    # A guard on the walk itself: had it reached little, the fuzzing would prove little.
    reached = {(endpoint.who, endpoint.path) for endpoint in found}
    course = admin_world["objects"]["course"]
    for who, path in (
        ("trainer", "/admin/api/main/pages/"),
        ("trainer", f"/admin/pages/{course}/edit/"),
        ("trainer", "/admin/images/"),
        ("trainer", "/admin/documents/chooser/"),
        ("trainer", "/admin/choose-page/chosen-multiple/"),
        ("trainer", "/admin/reports/site-history/"),
        ("trainer", "/admin/classes/new/"),
        ("trainer", "/admin/bulk/wagtailcore/page/publish/"),
        ("manager", "/admin/people-import/"),
        ("manager", "/admin/indicators/"),
        ("manager", "/admin/certificates/"),
        ("manager", "/admin/snippets/choose/courses/plangoal/"),
    ):
        assert (who, path) in reached, (who, path)
    assert len(reached) > 120 and sum(len(endpoint.forms) for endpoint in found) > 20
    return found


# --- What hypothesis sends ------------------------------------------------------------------------


def admin_values(objects: dict[str, int]) -> st.SearchStrategy[str]:
    return st.one_of(
        text,
        numbers,
        st.sampled_from(sorted({str(pk) for pk in objects.values()})),
        st.sampled_from(WORDS),
    )


@pytest.mark.services
@fuzz(700)
@given(data=st.data())
def test_every_admin_page_a_trainer_or_manager_opens_takes_any_query_or_form(
    admin_world, endpoints, data
):
    endpoint = data.draw(st.sampled_from(endpoints), label="endpoint")
    values = admin_values(admin_world["objects"])
    keys = st.one_of(
        st.sampled_from(endpoint.query_keys or QUERY_KEYS),
        st.sampled_from(QUERY_KEYS),
        st.text(min_size=1, max_size=20),
    )
    form = None
    if endpoint.forms and data.draw(st.booleans(), label="form"):
        form = data.draw(st.sampled_from(endpoint.forms), label="form")
    with rolled_back():
        client = logged_in(admin_world["world"].people[endpoint.who])
        before = row_counts()
        if form is None:
            several = st.lists(values, min_size=1, max_size=2)
            query = data.draw(st.dictionaries(keys, several, max_size=4), label="query")
            response = client.get(endpoint.path, {**endpoint.base, **query})
        else:
            body: dict[str, list[str]] = {}
            for name, value in form["fields"]:
                body.setdefault(name, []).append(value)
            names = sorted(body.keys() - {"csrfmiddlewaretoken"})
            changes = st.dictionaries(
                st.one_of(st.sampled_from(names), keys) if names else keys,
                st.lists(values, min_size=1, max_size=2),
                min_size=1,
                max_size=3,
            )
            body |= data.draw(changes, label="changes")
            note(f"POST {form['action']} {body!r}")
            response = client.post(form["action"], body)
        answered(response)
        accepted = response.status_code in (HTTPStatus.FOUND, HTTPStatus.SEE_OTHER)
        if form is None or not accepted:
            assert changed(before) == {}, (endpoint, changed(before))


# --- Regressions the fuzzing found ----------------------------------------------------------------


@pytest.fixture
def staff(make_person, make_course):
    """A trainer and a manager signed in, and a course page, for the regressions."""
    trainer, manager = Client(), Client()
    trainer.force_login(make_person(role=Role.TRAINER))
    manager.force_login(make_person(role=Role.MANAGER))
    return {"trainer": trainer, "manager": manager, "course": make_course(lessons=1).pk}


def test_the_penetration_test_s_admin_api_requests_are_refused_not_500s(staff):
    """Finding 7: ``?search=%00`` and ``?offset=`` past 64 bits were 500s on PostgreSQL (the
    offset on SQLite too). The first is refused on arrival, with the site's 400 page; the
    second by the API's paging, in the API's own words."""
    for endpoint in ("pages", "images", "documents"):
        api = f"/admin/api/main/{endpoint}/"
        response = staff["trainer"].get(f"{api}?search=%00")
        assert response.status_code == HTTPStatus.BAD_REQUEST, api
        assert "Não foi possível entender este pedido" in response.content.decode()
        response = staff["trainer"].get(api, {"offset": "999999999999999999999999999999"})
        assert response.status_code == HTTPStatus.BAD_REQUEST, api
        assert response.json() == {"message": f"offset cannot be higher than {2**63 - 1}"}
        assert staff["trainer"].get(api, {"offset": str(2**63 - 1)}).json()["items"] == []
        assert staff["trainer"].get(api, {"offset": "1"}).status_code == HTTPStatus.OK


NOT_IDS = [
    ("/admin/choose-page/chosen-multiple/", {"id": "abc"}),
    ("/admin/images/chooser/chosen-multiple/", {"id": ""}),
    ("/admin/documents/chooser/chosen-multiple/", {"id": "1.5"}),
    ("/admin/snippets/choose/courses/plangoal/chosen-multiple/", {"id": "²"}),
    ("/admin/api/main/pages/find/", {"id": "abc"}),
    ("/admin/bulk/wagtailcore/page/publish/", {"id": "abc"}),
    ("/admin/bulk/wagtailimages/image/delete/", {"id": "all", "childOf": "abc"}),
    ("/admin/choose-page/", {"target_pages[]": "abc"}),
    ("/admin/choose-external-link/", {"parent_page_id": "-1"}),
    ("/admin/choose-anchor-link/", {"parent_page_id": "abc"}),
]


def test_an_id_that_is_not_a_number_is_a_400_in_wagtail_s_admin(staff):
    """Found by fuzzing: each was a 500 on any database (a ValueError in a lookup, a
    NoReverseMatch building a link); the numbers, and Wagtail's ids that are names, work."""
    for path, query in NOT_IDS:
        response = staff["trainer"].get(path, query)
        assert response.status_code == HTTPStatus.BAD_REQUEST, (path, query)
        assert "Não foi possível entender este pedido" in response.content.decode()
    course = str(staff["course"])
    for path, query in (
        ("/admin/choose-page/chosen-multiple/", {"id": course}),
        ("/admin/choose-page/", {"target_pages[]": "", "parent_page_id": ""}),
        ("/admin/choose-external-link/", {"parent_page_id": course}),
        ("/admin/bulk/wagtailcore/page/publish/", {"id": "all"}),
    ):
        assert staff["trainer"].get(path, query).status_code == HTTPStatus.OK, path
    # A block preview's id is a block's name ("blockdef-12"), not the id of an object.
    preview = staff["trainer"].get("/admin/block-preview/", {"id": "blockdef-0"})
    assert preview.status_code != HTTPStatus.BAD_REQUEST


def test_a_next_that_is_not_a_path_is_a_400_in_wagtail_s_admin(staff):
    """Found by fuzzing: Wagtail's admin hands ``next`` to ``redirect()``, which takes a word
    for the name of a URL: ``?next=0`` after saving a document was a NoReverseMatch, a 500."""
    document = Document.objects.create(title="Apostila", file=ContentFile(b"Texto", "a.txt"))
    edit = f"/admin/documents/edit/{document.pk}/"
    response = staff["trainer"].post(edit, {"title": "Apostila 2", "next": "0"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    document.refresh_from_db()
    assert document.title == "Apostila"
    response = staff["trainer"].post(f"{edit}?next=abc", {"title": "Apostila 2"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    response = staff["trainer"].post(edit, {"title": "Apostila 2", "next": "/admin/documents/"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/documents/"


def test_an_object_wagtail_s_admin_is_asked_for_and_cannot_find_is_a_404(staff):
    """Found by fuzzing: a bulk action on "everything in the listing" of a page deleted
    meanwhile, or a page copied under a parent that is not there (or not a number), was
    Page.DoesNotExist or a ValueError, a 500."""
    course = staff["course"]
    response = staff["trainer"].get(
        "/admin/bulk/wagtailcore/page/publish/", {"id": "all", "childOf": "987654321"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Erro 404" in response.content.decode()  # the admin's own page, as for its 404s
    copy = f"/admin/pages/{course}/copy/"
    body = {"new_title": "Cópia", "new_slug": "copia"}
    response = staff["trainer"].post(copy, {**body, "new_parent_page": "987654321"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    response = staff["trainer"].post(copy, {**body, "new_parent_page": "abc"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not CoursePage.objects.filter(slug="copia").exists()


def test_a_chooser_posted_a_value_that_is_not_an_id_shows_the_form_s_error(staff):
    """Found by fuzzing: Wagtail's chooser widgets fetched the refused value to show it again,
    a ValueError (500) for a class's course or a new page's parent posted by hand."""
    classes_before = CourseClass.objects.count()
    response = staff["trainer"].post("/admin/classes/new/", {"course": "abc", "code": "T-9"})
    assert response.status_code == HTTPStatus.OK
    assert "course" in response.context["form"].errors
    assert CourseClass.objects.count() == classes_before
    response = staff["manager"].post(
        "/admin/pages/create/courses/coursepage", {"parent_page": "abc"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors


def test_a_nul_byte_in_a_cookie_is_ignored_not_looked_up(db):
    """The session cookie is looked up in the database: a forged one holding a NUL byte was a
    500 on PostgreSQL. It is ignored, as a missing one is."""
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get("/minha-aprendizagem/")
    assert response.status_code == HTTPStatus.FOUND  # to log in, as without a session
