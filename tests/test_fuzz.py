"""Property-based fuzzing of every form, endpoint and parser the project adds.

Hypothesis sends each view the junk the world sends: unicode of every plane, NUL bytes, very
long strings, numbers where text goes and text where numbers go, missing fields, repeated
keys, ids of objects that are someone else's, negative and huge ids. Two properties hold for
every request:

- nothing answers 5xx: Django's test client re-raises a view's exception (its default
  ``raise_request_exception``), so a crash fails the example with its traceback;
- no partial writes: a refused request changes no row at all, and an accepted one writes
  everything it stands for (one quiz attempt with every answer, a profile with every field).

Each example runs in a transaction rolled back at its end, on the fixtures' fixed world, so
examples do not see each other's writes. ``FUZZ_SCALE`` multiplies the examples (a longer
local hunt: ``FUZZ_SCALE=10``); in CI the examples are derandomised, so a run is reproducible.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import os
from http import HTTPStatus
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, Phase, assume, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from certificates.models import Certificate, CertificateArchive, CertificateEvent
from courses.models import QuizPage
from enrollments.models import (
    Attendance,
    BulkEnrolment,
    ClassSession,
    ClassStatus,
    CourseClass,
    Enrollment,
    LessonProgress,
    QuizAttempt,
    WaitingListEntry,
)
from lms import people_import
from lms.forms import ProfileForm
from lms.models import OrganisationalUnit, PersonImport, PersonImportRow, Territory, User
from lms.roles import Role
from lms.tabular import TableError, header_key, open_table
from tests.conftest import PASSWORD, complete_course, in_ci, quiz_answers, xlsx_bytes

pytestmark = pytest.mark.django_db

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        derandomize=in_ci(),
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        # No "explain" phase: it would replay a failing request hundreds of times.
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    )


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def rolled_back():
    """One example's writes, undone at its end; rate-limit counters and caches too."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


# --- What hypothesis sends -------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "1.5",
    "1e9",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "%s%s%(x)s",
    "\u202eevil",
    "\ufeff",
    "ção\u0301",
    "🙂" * 50,
    "x" * 5000,
    "2025-02-30",
    "0000-01-01",
    "9999-12-31",
    "31/12/2025",
]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8"), max_size=300),
)
numbers = st.integers(-(2**70), 2**70).map(str)


def values(ids: list | tuple = ()) -> st.SearchStrategy[str]:
    """A field's value: junk, a number, or (when given) the id of something that exists."""
    choices = [text, numbers]
    if ids:
        choices.append(st.sampled_from([str(i) for i in ids]))
    return st.one_of(*choices)


def bodies(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict]:
    """A form body: each field missing, once, or repeated, plus keys nobody expects."""
    known = st.fixed_dictionaries(
        {},
        optional={
            name: st.lists(strategy, min_size=1, max_size=3) for name, strategy in fields.items()
        },
    )
    # Names stay short: Django answers 400 to a multipart part header of kilobytes itself.
    names = st.text(min_size=1, max_size=40)
    extra = st.dictionaries(names, st.lists(text, max_size=2), max_size=3)
    return st.builds(lambda a, b: {**b, **a}, known, extra)


def url_ids(ids: list | tuple) -> st.SearchStrategy[int]:
    """An id in a URL (``<int:…>`` takes digits only): an existing one, or any other."""
    return st.one_of(st.sampled_from(list(ids)), st.integers(0, 2**70))


def path_text() -> st.SearchStrategy[str]:
    """A ``<str:…>`` path segment, percent-encoded as a browser would send it."""
    return text.filter(lambda s: s and "/" not in s).map(lambda s: quote(s, safe=""))


# --- Rows before and after -------------------------------------------------------------------

WATCHED = (
    User,
    EmailAddress,
    Enrollment,
    LessonProgress,
    QuizAttempt,
    Certificate,
    CertificateEvent,
    CertificateArchive,
    Attendance,
    WaitingListEntry,
    PersonImport,
    PersonImportRow,
    BulkEnrolment,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WATCHED}


def changed(before: dict[str, int]) -> dict[str, int]:
    """The tables whose row count moved since ``before``, and by how much."""
    after = row_counts()
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def _texts(data) -> list[str]:
    return [part for key, values in data.lists() for part in (key, *values)]


def carries_nul(request) -> bool:
    """Whether the path, the query string or a form field of ``request`` holds a NUL byte."""
    form = _texts(request.POST) if request.method == "POST" else []
    return any("\x00" in part for part in (request.path, *_texts(request.GET), *form))


def answered(response, *allowed: int) -> None:
    """No 5xx; a request carrying a NUL byte refused on arrival with the site's 400 (before
    any view could read or write: lms.request_guards); any other with one of ``allowed``."""
    if currently_in_test_context():
        event(f"HTTP {response.status_code}")
    assert response.status_code < 500, response.status_code
    if refused_on_arrival(response):
        return
    if allowed:
        assert response.status_code in allowed, response.status_code


def refused_on_arrival(response) -> bool:
    if not carries_nul(response.wsgi_request):
        return False
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.status_code
    assert "text/html" in response["Content-Type"]
    return True


def url(name: str, *ids: int) -> str:
    """``reverse`` for any ids, those no URL pattern takes too (far too long): a request for
    them must answer 404, not be impossible to send."""
    sentinels = [987654321 + n for n in range(len(ids))]
    built = reverse(name, args=sentinels)
    for sentinel, pk in zip(sentinels, ids, strict=True):
        built = built.replace(f"/{sentinel}/", f"/{pk}/").replace(f"/{sentinel}", f"/{pk}")
    return built


def logged_in(person: User) -> Client:
    person.refresh_from_db()  # an earlier example may have changed it, then rolled back
    client = Client()
    client.force_login(person)
    return client


# --- The parser of uploaded lists ------------------------------------------------------------

COLUMN_KEYS = list(people_import.COLUMNS)
ALIASES = [alias for names in people_import.COLUMNS.values() for alias in names]
ALIAS_KEYS = {header_key(a): key for key, names in people_import.COLUMNS.items() for a in names}


def portuguese_refusal(data: bytes, filename: str) -> str | None:
    """Read ``data`` to its end as a people list; the refusal (pt-BR), or None if it reads.

    Nothing but ``TableError`` may come out, and its message must be Portuguese: the same
    file read in English gives another sentence."""
    messages = {}
    for language in ("en", "pt-br"):
        with translation.override(language):
            try:
                with open_table(
                    io.BytesIO(data),
                    columns=people_import.COLUMNS,
                    required=people_import.REQUIRED_COLUMNS,
                    filename=filename,
                ) as table:
                    for line, row in table:
                        assert isinstance(line, int) and line >= 1
                        assert set(row) <= set(COLUMN_KEYS)
                        assert all(isinstance(v, str) for v in row.values())
            except TableError as error:
                assert isinstance(error.message, str) and error.message.strip()
                messages[language] = error.message
    assert messages.keys() in ({"en", "pt-br"}, set()), messages
    if messages:
        assert messages["pt-br"] != messages["en"], messages
        return messages["pt-br"]
    return None


@fuzz(700)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.tuples(
            st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xef\xbb\xbf", b"\xff\xfe"]),
            st.binary(max_size=2000),
        ).map(b"".join),
    ),
    filename=st.sampled_from(
        ["lista.csv", "lista.xlsx", "lista.txt", "lista.xls", "lista", "x.pdf"]
    ),
)
@example(data=b"\xef\xbb\xbf", filename="lista.csv")
@example(data=b"PK\x03\x04junk", filename="lista.csv")
@example(data=b"Matr\xedcula;Nome;E-mail\n\x00", filename="lista.csv")
def test_random_bytes_are_read_or_refused_in_portuguese(data, filename):
    portuguese_refusal(data, filename)


def csv_cells() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40),
        st.sampled_from(["", " ", "  123  ", '"quoted"', "a;b,c\td", "linha\nquebrada", "x" * 300]),
    )


def _decodes_as_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def csv_files(draw):
    """A people list as spreadsheets save it: some header (real names or not), any cells,
    a delimiter, an encoding, a BOM or not, CRLF or LF, blank lines here and there."""
    header = draw(
        st.lists(
            st.one_of(st.sampled_from(ALIASES), st.sampled_from(ALIASES).map(str.upper)),
            min_size=2,
            max_size=9,
        )
    )
    width = len(header)
    rows = draw(st.lists(st.lists(csv_cells(), min_size=0, max_size=width + 2), max_size=12))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    buffer = io.StringIO()
    # Python's writer leaves a lone CR unquoted under an LF terminator; spreadsheets quote it.
    carriage = any("\r" in cell for row in rows for cell in row)
    quoting = (
        csv.QUOTE_ALL if carriage else draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    )
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    if draw(st.booleans()):
        buffer.write(terminator)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    written = buffer.getvalue()
    if encoding == "cp1252":
        try:
            data = written.encode("cp1252")
        except UnicodeEncodeError:
            data = written.encode("utf-8")
        # Windows-1252 bytes that happen to be valid UTF-8 are read as UTF-8 (the rule):
        # only lists that read the same either way are Windows-1252 here.
        if data.decode("utf-8", errors="replace") != written:
            assume(not _decodes_as_utf8(data))
    else:
        data = written.encode(encoding)
    return header, rows, data


def expected_rows(header: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    """What the reader must give back: the header's known columns (the first of each wins),
    cells stripped, blank lines left out."""
    positions = {}
    for index, name in enumerate(header):
        key = ALIAS_KEYS[header_key(name)]
        positions.setdefault(key, index)
    expected = []
    for row in rows:
        cells = [cell.strip() for cell in row]
        if any(cells):
            expected.append({k: cells[i] if i < len(cells) else "" for k, i in positions.items()})
    return expected


@fuzz(500)
@given(drawn=csv_files())
def test_any_csv_a_spreadsheet_saves_reads_back_cell_for_cell(drawn):
    header, rows, data = drawn
    note(repr(data))
    refusal = portuguese_refusal(data, "lista.csv")
    found = {ALIAS_KEYS[header_key(name)] for name in header}
    if not set(people_import.REQUIRED_COLUMNS) <= found:
        assert refusal is not None  # a required column is missing: said, not guessed
        return
    assert refusal is None, refusal
    with open_table(io.BytesIO(data), columns=people_import.COLUMNS, filename="lista.csv") as table:
        assert [row for _line, row in table] == expected_rows(header, rows)


xlsx_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)),
    # openpyxl refuses control characters in cells: a spreadsheet cannot hold them.
    st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]), max_size=30),
)


@fuzz(120)
@given(
    header=st.lists(st.one_of(st.sampled_from(ALIASES), xlsx_cells), min_size=1, max_size=8),
    rows=st.lists(st.lists(xlsx_cells, max_size=8), max_size=8),
    damage=st.one_of(
        st.none(), st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=8))
    ),
)
def test_any_xlsx_whole_or_damaged_is_read_or_refused_in_portuguese(header, rows, damage):
    data = xlsx_bytes([header, *rows])
    if damage is not None:
        at, junk = damage
        at %= len(data)
        data = data[:at] + junk + data[at + len(junk) :]
    portuguese_refusal(data, "lista.xlsx")


# --- Learning: enrol, leave, complete a lesson, answer a quiz --------------------------------


@pytest.fixture
def learning(make_person, make_course):
    """A learner enrolled in a course (two lessons, a quiz of 3 attempts) and not in another."""
    from enrollments import services

    learner = make_person()
    course, other = make_course(), make_course(lessons=1)
    services.enrollment_create(user=learner, course=course)
    pages = [page.pk for c in (course, other) for page in (c, *c.get_children().specific())]
    quiz = QuizPage.objects.child_of(course).get()
    return {"learner": learner, "course": course, "quiz": quiz, "pages": pages}


# What each journey may write, at most one row each; anything else is a partial write.
MAY_WRITE = {
    "enrol": {"Enrollment"},
    "unenrol": set(),
    "complete_lesson": {"LessonProgress"},
    "submit_quiz": {"QuizAttempt"},
}


@fuzz(300)
@example(data=None, action="enrol", method="post")  # 2**64: SQLite's OverflowError, once a 500
@given(
    data=st.data(),
    action=st.sampled_from(list(MAY_WRITE)),
    method=st.sampled_from(["post", "post", "post", "get"]),
)
def test_learning_posts_never_fail_and_write_one_row_at_most(learning, data, action, method):
    if data is None:
        pk, body = 2**64, {}
    else:
        pk = data.draw(url_ids(learning["pages"]), label="id")
        body = data.draw(bodies({"q-x": text, "next": text}), label="body")
    with rolled_back():
        client = logged_in(learning["learner"])
        before = row_counts()
        response = getattr(client, method)(url(action, pk), body)
        answered(response, HTTPStatus.FOUND, HTTPStatus.NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED)
        moved = changed(before)
        if response.status_code != HTTPStatus.FOUND:
            assert moved == {}
        assert set(moved) <= MAY_WRITE[action], moved
        assert all(delta == 1 for delta in moved.values()), moved


def quiz_payloads(quiz: QuizPage) -> st.SearchStrategy[dict[str, list[str]]]:
    """What a browser, a stale page or a script may post: the right ids, others' ids, made-up
    ids, two choices for a single-choice question, nothing, numbers, NUL bytes."""
    questions = quiz.question_list()
    question_ids = [q["id"] for q in questions]
    choice_ids = [c["id"] for q in questions for c in q["choices"]]
    keys = st.one_of(st.sampled_from(question_ids), st.sampled_from(question_ids), text)
    choice = st.one_of(st.sampled_from(choice_ids), st.sampled_from(choice_ids), values())
    return st.dictionaries(keys, st.lists(choice, max_size=4), max_size=4)


def valid_answers(quiz: QuizPage, answers: dict[str, list[str]]) -> bool:
    """The quiz's rules, written again here: every question, its own choices, no repeats, one
    choice where the question takes one. Keys without answers are as if not sent."""
    questions = {q["id"]: q for q in quiz.question_list()}
    if set(answers) - set(questions):
        return False
    for qid, question in questions.items():
        picked = answers.get(qid) or []
        ids = {c["id"] for c in question["choices"]}
        if not picked or set(picked) - ids or len(set(picked)) != len(picked):
            return False
        if question["kind"] != "multiple" and len(picked) != 1:
            return False
    return True


def form_of(answers: dict[str, list[str]]) -> dict[str, list[str]]:
    return {f"q-{qid}": picked for qid, picked in answers.items()}


@fuzz(200)
@given(data=st.data())
@example(data=None)  # data=None: the regression cases written in the body
def test_quiz_submissions_record_whole_attempts_within_the_limit(learning, data):
    quiz, learner = learning["quiz"], learning["learner"]
    right = quiz_answers(quiz, correct=True)
    wrong = quiz_answers(quiz, correct=False)
    if data is None:
        # Regression cases: two choices for a single question, a choice of another question,
        # an empty answer, a NUL byte, a repeated choice; then the limit is reached.
        (single, multiple) = [q["id"] for q in quiz.question_list()]
        tries = [
            {**right, single: right[single] + wrong[single]},
            {**right, single: right[multiple][:1]},
            {**right, multiple: []},
            {**right, single: ["\x00"]},
            {**right, multiple: right[multiple] * 2},
            wrong,
            wrong,
            wrong,
            right,
        ]
    else:
        tries = data.draw(
            st.lists(
                st.one_of(quiz_payloads(quiz), st.just(right), st.just(wrong)),
                min_size=1,
                max_size=5,
            ),
            label="submissions",
        )
    with rolled_back():
        client = logged_in(learner)
        url = reverse("submit_quiz", args=[quiz.pk])
        for answers in tries:
            attempts = list(QuizAttempt.objects.filter(quiz=quiz).order_by("number"))
            passed = any(a.passed for a in attempts)
            before = row_counts()
            response = client.post(url, form_of(answers))
            # 400: Django refuses a multipart field name of kilobytes before the view runs.
            answered(response, HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
            moved = changed(before)
            if response.status_code == HTTPStatus.BAD_REQUEST:
                assert moved == {}
                continue
            should_count = (
                valid_answers(quiz, answers) and not passed and len(attempts) < quiz.attempts_limit
            )
            if not should_count:
                assert moved == {}, (answers, moved)
                continue
            assert moved == {"QuizAttempt": 1}, (answers, moved)
            attempt = QuizAttempt.objects.filter(quiz=quiz).latest("number")
            assert attempt.number == len(attempts) + 1
            expected = {qid: sorted(picked) for qid, picked in answers.items() if picked}
            assert attempt.answers == expected  # every answer, as chosen
            assert attempt.passed == (expected == {k: sorted(v) for k, v in right.items()})
        assert QuizAttempt.objects.filter(quiz=quiz).count() <= quiz.attempts_limit
        assert QuizAttempt.objects.filter(quiz=quiz, passed=True).count() <= 1


# --- Classes: the trainer's area and the learner's seat ---------------------------------------


@pytest.fixture
def classroom(make_course, make_person):
    """A trainer's open class (two learners, three sessions), another trainer's class, and a
    learner outside both."""
    from enrollments import classes

    course = make_course(modality="in_person", lessons=0, quiz=False)
    trainer, stranger = make_person(role=Role.TRAINER), make_person(role=Role.TRAINER)
    mine, theirs = (
        CourseClass.objects.create(
            course=course, code=code, place="Sala 3", capacity=3, status=ClassStatus.OPEN
        )
        for code in ("T-1", "T-2")
    )
    mine.trainers.add(trainer)
    theirs.trainers.add(stranger)
    for day in range(3):
        ClassSession.objects.create(
            course_class=mine,
            date=datetime.date(2026, 3, 2) + datetime.timedelta(days=day),
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
        )
    learners = [make_person() for _ in range(3)]
    for person in learners[:2]:
        classes.class_enrol(course_class=mine, user=person)
    return {
        "trainer": trainer,
        "learner": learners[2],
        "classes": [mine.pk, theirs.pk],
        "sessions": list(ClassSession.objects.values_list("pk", flat=True)),
        "enrollments": list(Enrollment.objects.values_list("pk", flat=True)),
        "people": list(User.objects.values_list("pk", flat=True)),
        "mine": mine.pk,
    }


CLASS_REQUESTS = [
    "detail",
    "add",
    "remove",
    "attendance",
    "mark",
    "close",
    "join",
    "quit",
    "list",
    "sheet",
]


@fuzz(350)
@given(data=st.data(), kind=st.sampled_from(CLASS_REQUESTS), as_learner=st.booleans())
def test_class_requests_never_fail_and_change_only_what_they_say(classroom, data, kind, as_learner):
    pk = data.draw(url_ids(classroom["classes"]), label="class")
    ids = classroom["enrollments"] + classroom["people"]
    body = data.draw(
        bodies({"user": values(ids), "enrollment": values(ids), "status": text, "confirm": text}),
        label="body",
    )
    with rolled_back():
        client = logged_in(classroom["learner" if as_learner else "trainer"])
        before = row_counts()
        attendance_before = set(Attendance.objects.values_list("pk", "status"))
        status_before = CourseClass.objects.get(pk=classroom["mine"]).status
        if kind == "detail":
            query = data.draw(st.one_of(text, st.just("a\x00b")), label="q")
            response = client.get(url("class_detail", pk), {"q": query})
        elif kind == "list":
            response = client.get(reverse("my_classes"), {"encerradas": body.get("confirm", [""])})
        elif kind == "add":
            response = client.post(url("class_add_person", pk), body)
        elif kind == "remove":
            enrollment = data.draw(url_ids(classroom["enrollments"]), label="enrollment")
            response = client.post(url("class_remove_person", pk, enrollment), body)
        elif kind in {"attendance", "mark"}:
            session = data.draw(url_ids(classroom["sessions"]), label="session")
            headers = {"Accept": data.draw(st.sampled_from(["application/json", "text/html"]))}
            method = client.post if kind == "mark" else client.get
            response = method(url("class_attendance", pk, session), body, headers=headers)
        elif kind == "close":
            response = client.post(url("class_close", pk), body)
        elif kind == "sheet":
            response = client.get(url("class_attendance_sheet", pk))
        else:
            response = client.post(url(f"class_{kind}", pk), body)
        answered(response)
        moved = changed(before)
        if response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}:
            assert moved == {}
        if kind in {"detail", "list", "attendance", "sheet"}:
            assert moved == {}
        if kind == "mark":
            # One person's mark at most; a JSON caller is told exactly what was saved.
            after = set(Attendance.objects.values_list("pk", "status"))
            assert set(moved) <= {"Attendance"} and len(after - attendance_before) <= 1
            if "json" in response["Content-Type"]:
                if response.status_code == HTTPStatus.OK:
                    assert response.json()["status"] == body["status"][-1]
                else:
                    assert response.status_code == HTTPStatus.BAD_REQUEST
                    assert after == attendance_before and response.json()["error"]
        if kind == "close":
            closed = CourseClass.objects.get(pk=classroom["mine"]).status == ClassStatus.CLOSED
            if closed and status_before != ClassStatus.CLOSED:
                assert body.get("confirm", [""])[-1] == "1"
            if not closed:
                assert moved == {}


# --- Certificates: verification and download ---------------------------------------------------


@pytest.fixture
def certificate(certified):
    return certified()


def code_variants(code: str) -> st.SearchStrategy[str]:
    """The code as people type it: lower case, without dashes, spaced, look-alike letters."""
    return st.sampled_from(
        [
            code,
            code.lower(),
            code.replace("-", ""),
            code.replace("-", " "),
            code.replace("0", "O").replace("1", "I"),
            code[:-1],
            code + "X",
            code[::-1],
        ]
    )


@pytest.fixture
def bystander(make_person):
    return make_person()


@fuzz(300)
@given(data=st.data(), where=st.sampled_from(["form", "verify", "json", "download"]))
def test_certificate_verification_and_download_never_fail(certificate, bystander, data, where):
    typed = data.draw(st.one_of(code_variants(certificate.display_code), text), label="code")
    holder = certificate.enrollment.user
    with rolled_back():
        who = data.draw(st.sampled_from(["anonymous", "holder", "other"]), label="who")
        client = (
            Client() if who == "anonymous" else logged_in(holder if who == "holder" else bystander)
        )
        before = row_counts()
        # A "/" (even as %2F) would leave the URL pattern: that is a plain 404, tested elsewhere.
        segment = quote(typed.replace("/", ""), safe="") or "-"
        if where == "form":
            response = client.get(reverse("certificate_verify_form"), {"code": typed})
        elif where == "download":
            response = client.get(f"/certificates/{segment}/pdf/")
        else:
            query = {"format": "json"} if where == "json" else {}
            response = client.get(f"/certificates/verify/{segment}/", query)
        answered(response)
        assert changed(before) == {}
        if refused_on_arrival(response):
            return
        if where == "download" and who == "holder" and response.status_code == HTTPStatus.OK:
            assert response.content.startswith(b"%PDF")
        if where == "download" and who == "other":
            assert response.status_code == HTTPStatus.NOT_FOUND
        if where == "json":
            assert response.json()["status"]


# --- The person's own data: profile and account deletion ------------------------------------


PROFILE_FIELDS = ProfileForm.Meta.fields


def profile_of(user: User) -> tuple:
    user.refresh_from_db()
    return tuple(
        getattr(user, name if name not in {"unit", "territory"} else f"{name}_id")
        for name in PROFILE_FIELDS
    ) + (user.email, user.is_active)


@pytest.fixture
def numbered(make_person, organisation):
    make_person(registration_number="RF-2")  # someone else's number
    return make_person(registration_number="RF-1")


@fuzz(300)
@given(data=st.data())
def test_profile_saves_everything_posted_or_nothing(numbered, data):
    person = numbered
    units = list(OrganisationalUnit.objects.values_list("pk", flat=True))
    territories = list(Territory.objects.values_list("pk", flat=True)[:3])
    body = data.draw(
        bodies(
            {
                "full_name": text,
                "social_name": text,
                "registration_number": st.one_of(text, st.sampled_from(["RF-1", "RF-2", " RF-2 "])),
                "job_title": text,
                "unit": values(units),
                "territory": values(territories),
            }
        )
    )
    with rolled_back():
        client = logged_in(person)
        before, saved_before = row_counts(), profile_of(person)
        response = client.post(reverse("profile"), body)
        answered(response, HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
        assert changed(before) == {}
        saved = profile_of(person)
        if response.status_code != HTTPStatus.FOUND:
            assert saved == saved_before  # a refused form changes nothing
            return
        last = {name: body.get(name, [""])[-1] for name in PROFILE_FIELDS}
        assert saved[0] == last["full_name"].strip()
        assert saved[2] == last["registration_number"].strip()
        assert saved[4] == (int(last["unit"]) if last["unit"] else None)
        assert saved[5] == (int(last["territory"]) if last["territory"] else None)


@fuzz(150)
@given(
    body=bodies(
        {
            "understood": st.one_of(text, st.sampled_from(["on", "true", "1", "false", "0"])),
            "password": st.one_of(text, st.just(PASSWORD), st.just(PASSWORD + " ")),
        }
    )
)
def test_account_deletion_is_whole_or_nothing(numbered, body):
    person = numbered
    with rolled_back():
        client = logged_in(person)
        saved_before = profile_of(person)
        response = client.post(reverse("account_delete"), body)
        answered(response, HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
        saved = profile_of(person)
        gone = "removido-" in saved[-2]
        if not gone:
            assert saved == saved_before
            assert EmailAddress.objects.filter(user=person).exists()
            return
        # Deleted: all of it, and only with the password and the box ticked.
        assert body.get("password", [""])[-1] == PASSWORD
        assert saved[:4] == ("", "", "", "") and saved[-1] is False
        assert not EmailAddress.objects.filter(user=person).exists()
        assert not person.has_usable_password()


# --- Open data and the managers' figures ------------------------------------------------------


@fuzz(250)
@given(
    query=bodies(
        {
            "year": st.one_of(values(), st.integers(1990, 2100).map(str)),
            "format": st.one_of(text, st.sampled_from(["json", "csv", "xlsx", "CSV"])),
        }
    )
)
def test_open_data_api_answers_data_or_a_portuguese_400(make_goal, query):
    with rolled_back():
        response = Client(HTTP_ACCEPT_LANGUAGE="pt-br").get(reverse("open_data_goals"), query)
        answered(response, HTTPStatus.OK, HTTPStatus.BAD_REQUEST, HTTPStatus.METHOD_NOT_ALLOWED)
        if response.status_code == HTTPStatus.BAD_REQUEST and not refused_on_arrival(response):
            with translation.override("en"):
                english = translation.gettext("Invalid parameters: the year is YYYY.")
            assert response.json()["error"] and response.json()["error"] != english


@pytest.fixture
def figures(make_person, make_goal, make_course, organisation):
    """A city-wide manager, a unit manager, a goal fed by a course somebody completed."""
    goal = make_goal("M01")
    course = make_course(lessons=1, quiz=False)
    course.plan_goals.set([goal])
    complete_course(make_person(unit=organisation["ubs"]), course)
    return {
        "managers": [
            make_person(role=Role.MANAGER),
            make_person(role=Role.MANAGER, managed_unit=organisation["crs_sul"]),
        ],
        "goal": goal.pk,
        "course": course.pk,
        "units": list(OrganisationalUnit.objects.values_list("pk", flat=True)),
        "territories": list(Territory.objects.values_list("pk", flat=True)[:3]),
    }


FIGURE_PAGES = [
    "plan_indicators:index",
    "plan_indicators:agents",
    "plan_indicators:goal",
    "migracidades_report:index",
]


@fuzz(250)
@given(data=st.data(), page=st.sampled_from(FIGURE_PAGES), manager=st.integers(0, 1))
def test_manager_figures_and_exports_take_any_filter(figures, data, page, manager):
    date = st.one_of(text, st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str))
    query = data.draw(
        bodies(
            {
                "date_from": date,
                "date_to": date,
                "unit": values(figures["units"]),
                "territory": values(figures["territories"]),
                "modality": st.one_of(text, st.sampled_from(["online", "in_person", "blended"])),
                "course": values([figures["course"]]),
                "format": st.one_of(text, st.sampled_from(["csv", "xlsx", "json"])),
                "p": values(),
                "year": st.one_of(values(), st.integers(2000, 2030).map(str)),
            }
        ),
        label="query",
    )
    with rolled_back():
        client = logged_in(figures["managers"][manager])
        before = row_counts()
        ids = [data.draw(url_ids([figures["goal"]]), label="goal")] if page.endswith("goal") else []
        response = client.get(url(page, *ids), query)
        answered(response, HTTPStatus.OK, HTTPStatus.NOT_FOUND)
        assert changed(before) == {}


# --- The back office: certificates, archives ----------------------------------------------------


@pytest.fixture
def back_office(certified, make_person):
    certificate = certified()
    return {
        "admin": make_person(role=Role.ADMINISTRATOR),
        "manager": make_person(role=Role.MANAGER),
        "certificate": certificate.pk,
        "course": certificate.enrollment.course_id,
    }


@fuzz(250)
@given(
    data=st.data(),
    action=st.sampled_from(["index", "revoke", "reissue", "archive", "inspect"]),
    who=st.sampled_from(["admin", "manager"]),
)
def test_certificate_back_office_forms_write_whole_records_or_nothing(
    back_office, data, action, who
):
    date = st.one_of(text, st.dates().map(str))
    body = data.draw(
        bodies(
            {
                "reason": text,
                "note": text,
                "course": values([back_office["course"]]),
                "completed_from": date,
                "completed_to": date,
                "q": text,
                "modality": text,
                "completed_on_from": date,
                "completed_on_to": date,
                "p": values(),
                "ordering": text,
            }
        ),
        label="body",
    )
    pk = data.draw(url_ids([back_office["certificate"]]), label="certificate")
    with rolled_back():
        client = logged_in(back_office[who])
        before = row_counts()
        revoked_before = Certificate.objects.filter(revoked_at__isnull=False).count()
        if action == "index":
            response = client.get(reverse("certificates:index"), body)
        elif action == "inspect":
            response = client.get(url("certificates:inspect", pk))
        elif action == "archive":
            response = client.post(reverse("certificate_archives:index"), body)
        else:
            response = client.post(url(f"certificates:{action}", pk), body)
        answered(
            response, HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND
        )
        moved = changed(before)
        revoked = Certificate.objects.filter(revoked_at__isnull=False).count() - revoked_before
        # Done means sent on to the certificate (or the archive); Wagtail answers a missing
        # permission with a redirect to its home, which writes nothing either.
        done = response.status_code == HTTPStatus.FOUND and response.url.startswith(
            (reverse("certificates:inspect", args=[pk]), "/admin/certificate-archives/")
        )
        if not done:
            assert moved == {} and revoked == 0, moved
        elif action == "revoke":
            # Revoked with its reason and its event, together.
            assert revoked == 1 and moved == {"CertificateEvent": 1}
            assert Certificate.objects.get(pk=pk).revocation_reason == body["reason"][-1].strip()
        elif action == "reissue":
            assert revoked == 0 and moved == {"CertificateEvent": 1}
        else:
            assert action == "archive" and moved == {"CertificateArchive": 1}


# --- Importing people: upload, check, confirm ----------------------------------------------------


@pytest.fixture
def importer(make_person, organisation):
    make_person(registration_number="RF-EXISTS", email="existe@prefeitura.test")
    return make_person(role=Role.MANAGER)


@st.composite
def people_lists(draw):
    """A list that an HR system, a person or a broken disk may give: mostly the columns we
    read, with real and made-up units, repeated numbers and e-mails, junk cells; or bytes."""
    cell = st.one_of(
        text,
        st.sampled_from(
            ["UBS", "SMS", "CRS Norte", "Casa Verde", "RF-EXISTS", "existe@prefeitura.test"]
        ),
        st.integers(0, 30).map(lambda n: f"RF-{n}"),
        st.integers(0, 30).map(lambda n: f"p{n}@prefeitura.test"),
    )
    header = draw(
        st.one_of(
            st.just(["Matrícula", "Nome completo", "E-mail", "Unidade", "Território"]),
            st.lists(st.one_of(st.sampled_from(ALIASES), text), min_size=1, max_size=6),
        )
    )
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 1), max_size=8))
    kind = draw(st.sampled_from(["csv", "csv", "xlsx", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=500)), draw(
            st.sampled_from(["x.csv", "x.xlsx", "x.pdf", "x"])
        )
    if kind == "xlsx":
        clean = [[c for c in row if c.isprintable()] for row in [header, *rows]]
        return xlsx_bytes(clean), "lista.xlsx"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL).writerows([header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace"), "lista.csv"


@fuzz(120)
@given(
    upload=people_lists(),
    confirm=st.booleans(),
    fail_at=st.one_of(st.none(), st.integers(1, 3)),
    detail_query=bodies({"p": values(), "errors": values(), "format": text}),
)
def test_people_import_checks_fully_and_applies_all_or_nothing(
    importer,
    django_capture_on_commit_callbacks,
    monkeypatch,
    upload,
    confirm,
    fail_at,
    detail_query,
):
    data, filename = upload
    monkeypatch.setattr(people_import, "BATCH_SIZE", 2)
    real_write = people_import._write
    calls = []

    def write(items, **kwargs):
        calls.append(1)
        if fail_at is not None and len(calls) == fail_at:
            raise RuntimeError("the database went away")  # a forced failure midway
        return real_write(items, **kwargs)

    monkeypatch.setattr(people_import, "_write", write)
    with rolled_back():
        client = logged_in(importer)
        people_before = set(
            User.objects.values_list("pk", "email", "full_name", "registration_number", "unit_id")
        )
        before = row_counts()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("people_import:index"),
                {"file": SimpleUploadedFile(filename, data), "send_invitations": "on"},
            )
        answered(response, HTTPStatus.OK, HTTPStatus.FOUND)
        if response.status_code == HTTPStatus.OK:
            assert response.context["form"].errors  # refused, with the reason on the form
            assert changed(before) == {}
            return
        person_import = PersonImport.objects.latest("pk")
        event(f"import {person_import.status}")
        assert set(changed(before)) <= {"PersonImport", "PersonImportRow"}
        # Checked: every line recorded once, counts that add up; or failed, with a reason.
        if person_import.status == PersonImport.Status.FAILED:
            assert person_import.error
            return
        assert person_import.status == PersonImport.Status.VALIDATED
        rows = person_import.rows.count()
        assert (
            rows
            == person_import.rows_total
            == (
                person_import.created_count
                + person_import.updated_count
                + person_import.unchanged_count
                + person_import.error_count
            )
        )
        assert (
            set(
                User.objects.values_list(
                    "pk", "email", "full_name", "registration_number", "unit_id"
                )
            )
            == people_before
        )
        # The preview, paged and filtered by whatever the address bar holds.
        detail = reverse("people_import:detail", args=[person_import.pk])
        answered(client.get(detail, detail_query), HTTPStatus.OK)
        if not confirm:
            return
        with django_capture_on_commit_callbacks(execute=True):
            answered(
                client.post(reverse("people_import:confirm", args=[person_import.pk])),
                HTTPStatus.FOUND,
            )
        person_import.refresh_from_db()
        event(f"import {person_import.status} after confirming")
        after = set(
            User.objects.values_list("pk", "email", "full_name", "registration_number", "unit_id")
        )
        if person_import.status == PersonImport.Status.FAILED:
            assert after == people_before, "a failed import changed people"
            assert person_import.error
        else:
            assert person_import.status == PersonImport.Status.APPLIED
            assert (
                len(after - people_before)
                <= person_import.created_count + person_import.updated_count
            )
            assert User.objects.count() - len(people_before) == person_import.created_count


# --- Bulk enrolment ------------------------------------------------------------------------------


@pytest.fixture
def bulk_world(make_person, make_course, organisation):
    people = [
        make_person(registration_number=f"RF-{n}", unit=organisation["ubs"]) for n in range(3)
    ]
    return {
        "manager": make_person(role=Role.MANAGER),
        "course": make_course(lessons=1, quiz=False).pk,
        "units": list(OrganisationalUnit.objects.values_list("pk", flat=True)),
        "people": people,
    }


@fuzz(120)
@given(data=st.data(), confirm=st.booleans())
# 2**63 as the course: SQLite's OverflowError, once a 500.
@example(data=None, confirm=False)
def test_bulk_enrolment_previews_write_nothing_and_applying_enrols_exactly_the_plan(
    bulk_world, data, confirm
):
    if data is None:
        with rolled_back():
            client = logged_in(bulk_world["manager"])
            body = {"course": str(2**63), "unit": str(bulk_world["units"][0])}
            response = client.post(reverse("bulk_enrolment:new"), body)
            assert response.status_code == HTTPStatus.OK
            assert response.context["form"].errors["course"]
        return
    identifiers = st.one_of(
        text, st.sampled_from(["RF-0", "RF-1", "RF-2", "rf-0", "ninguem@x.test"])
    )
    rows = data.draw(
        st.lists(st.lists(identifiers, min_size=1, max_size=2), max_size=6), label="rows"
    )
    header = data.draw(st.sampled_from([["Matrícula"], ["E-mail", "Matrícula"], ["Nada"], [""]]))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, *rows])
    file = data.draw(
        st.one_of(
            st.just(buffer.getvalue().encode()),
            st.binary(max_size=200),
            st.none(),
        ),
        label="file",
    )
    body = data.draw(
        bodies(
            {
                "course": values([bulk_world["course"]]),
                "course_class": values(),
                "unit": values(bulk_world["units"]),
            }
        ),
        label="body",
    )
    # Most requests name the real course and one source of people, to get past the form.
    if data.draw(st.integers(0, 3), label="plausible"):
        body["course"] = [str(bulk_world["course"])]
        body.pop("course_class", None)
        if file is not None:
            body.pop("unit", None)
        else:
            body["unit"] = [str(data.draw(st.sampled_from(bulk_world["units"]), label="unit"))]
    if file is not None:
        body["file"] = SimpleUploadedFile(
            data.draw(st.sampled_from(["l.csv", "l.xlsx", "l"])), file
        )
    with rolled_back():
        client = logged_in(bulk_world["manager"])
        before = row_counts()
        response = client.post(reverse("bulk_enrolment:new"), body)
        answered(response, HTTPStatus.OK, HTTPStatus.FOUND)
        moved = changed(before)
        if response.status_code != HTTPStatus.FOUND:
            assert moved == {}
            return
        assert moved == {"BulkEnrolment": 1}  # a preview enrols nobody
        bulk = BulkEnrolment.objects.latest("pk")
        event("previewed")
        detail = reverse("bulk_enrolment:detail", args=[bulk.pk])
        answered(client.get(detail, {"format": data.draw(text, label="format")}), HTTPStatus.OK)
        if not confirm:
            return
        before = row_counts()
        answered(client.post(reverse("bulk_enrolment:detail", args=[bulk.pk])), HTTPStatus.FOUND)
        bulk.refresh_from_db()
        enrolled = bulk.report["counts"].get("enrolled", 0)
        assert changed(before).get("Enrollment", 0) == enrolled
        assert changed(before).keys() <= {"Enrollment", "WaitingListEntry"}


# --- Signing up and logging in -------------------------------------------------------------------


@fuzz(200)
@given(
    body=bodies(
        {
            "email": st.one_of(text, st.emails().map(str), st.just("existe@prefeitura.test")),
            "password1": st.one_of(text, st.just(PASSWORD)),
            "password2": st.one_of(text, st.just(PASSWORD)),
            "full_name": text,
            "login": st.one_of(text, st.just("existe@prefeitura.test")),
            "password": st.one_of(text, st.just(PASSWORD)),
            "remember": text,
        }
    ),
    form=st.sampled_from(["account_signup", "account_login"]),
)
@example(
    body={
        "email": ["nova.pessoa@prefeitura.test"],
        "password1": [PASSWORD],
        "password2": [PASSWORD],
        "full_name": ["  Nova   Pessoa "],
    },
    form="account_signup",
)
@example(body={"login": ["existe@prefeitura.test"], "password": ["\x00"]}, form="account_login")
def test_signup_and_login_forms_never_fail_and_sign_up_whole_people(importer, body, form):
    with rolled_back():
        client = Client()
        before = row_counts()
        response = client.post(reverse(form), body)
        answered(
            response,
            HTTPStatus.OK,
            HTTPStatus.FOUND,
            HTTPStatus.BAD_REQUEST,
            HTTPStatus.TOO_MANY_REQUESTS,
        )
        moved = changed(before)
        if form == "account_login" or response.status_code != HTTPStatus.FOUND:
            assert moved == {}, moved
            return
        if moved:
            # A new person: their name, their (unverified) address, nothing half made.
            assert moved == {"User": 1, "EmailAddress": 1}, moved
            person = User.objects.latest("pk")
            assert person.full_name == body["full_name"][-1].strip()
            assert EmailAddress.objects.filter(user=person, verified=False).count() == 1


# --- Regressions the fuzzing found ---------------------------------------------------------------


def test_a_course_id_past_64_bits_is_not_a_choice_anywhere(figures, back_office):
    """Found by fuzzing: on SQLite, a course "id" past 64 bits raised OverflowError (a 500) in
    every form that chooses a course; now the form says it is not one of the choices."""
    huge = str(2**63)
    client = logged_in(figures["managers"][0])
    response = client.get(reverse("plan_indicators:index"), {"course": huge})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["course"]
    response = client.post(reverse("certificate_archives:index"), {"course": huge})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["course"]
    assert not CertificateArchive.objects.exists()


def test_a_page_id_past_64_bits_is_a_plain_404(learning):
    """Found by fuzzing: ``/minha-aprendizagem/cursos/<2**64>/inscricao/`` was a 500 on SQLite."""
    client = logged_in(learning["learner"])
    for name in ("enrol", "unenrol", "complete_lesson", "submit_quiz"):
        assert client.post(url(name, 2**64)).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url("enrol", learning["course"].pk)).status_code == HTTPStatus.FOUND


def test_nul_bytes_in_searches_and_filters_are_no_500(classroom, back_office, figures):
    """PostgreSQL refuses NUL in text: no search box may pass one on. Once each view kept it
    away; now a request carrying one is refused on arrival, with the site's 400 page."""
    nul = "a\x00b"
    trainer = logged_in(classroom["trainer"])
    admin = logged_in(back_office["admin"])
    manager = logged_in(figures["managers"][0])
    for response in (
        trainer.get(url("class_detail", classroom["mine"]), {"q": nul}),
        admin.get(reverse("certificates:index"), {"q": nul}),
        admin.get(reverse("certificate_verify_form"), {"code": nul}),
        manager.get(reverse("plan_indicators:index"), {"date_from": nul, "unit": nul}),
        manager.get(reverse("migracidades_report:index"), {"year": nul}),
    ):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Não foi possível entender este pedido" in response.content.decode()


def test_a_nul_byte_past_the_first_64_kb_is_refused_like_one_at_the_start(bulk_world):
    """Found by fuzzing: only the first 64 KB were checked for NUL bytes; one further down
    reached PostgreSQL inside a registration number (a 500 on bulk enrolment)."""
    data = "Matrícula;Nome completo;E-mail\n".encode() + b"RF-1;Ana;ana@x.test\n" * 4000
    data += b"RF-\x002;Rui;rui@x.test\n"
    assert len(data) > 64 * 1024
    refusal = portuguese_refusal(data, "lista.csv")
    assert refusal == "Este arquivo não é uma planilha CSV nem XLSX."
    client = logged_in(bulk_world["manager"])
    response = client.post(
        reverse("bulk_enrolment:new"),
        {"course": bulk_world["course"], "file": SimpleUploadedFile("lista.csv", data)},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["file"]
    assert not BulkEnrolment.objects.exists()
