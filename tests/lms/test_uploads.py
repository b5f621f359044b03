"""What people upload and type comes back to others safely: documents are what their name
says, images are images, rich text keeps only what the editor allows, and nobody's input is
rendered as HTML."""

import io
import json
import re
import zipfile
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from lms.roles import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def package(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def png() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def administrator(client, make_person):
    person = make_person(role=Role.ADMINISTRATOR)
    client.force_login(person)
    return person


def upload(client, url_name: str, name: str, content: bytes):
    """The admin's upload form, as a trainer or administrator fills it in."""
    return client.post(
        reverse(url_name),
        {
            "title": name.rsplit(".", 1)[0],
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name: str, content: bytes):
    return upload(client, "wagtaildocs:add", name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("apostila.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF"),
        ("apostila.docx", package("word/document.xml")),
        ("planilha.xlsx", package("xl/workbook.xml")),
        ("apostila.odt", package("mimetype")),
        ("lista.csv", "nome;e-mail\nJosé;jose@prefeitura.test\n".encode()),
        ("leia.txt", "Orientações para o atendimento.\n".encode()),
    ],
)
def test_a_document_of_the_kind_its_name_says_is_accepted(client, administrator, name, content):
    response = upload_document(client, name, content)
    assert response.status_code == HTTPStatus.FOUND
    assert Document.objects.get().file.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("apostila.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable"),
        ("apostila.docx", package("xl/workbook.xml")),
        ("apostila.docx", b"PK\x03\x04 truncated, not a package"),
        ("leia.txt", b"<!DOCTYPE html><script>alert(1)</script>"),
        ("lista.csv", b"\x7fELF\x02\x01\x01\x00binary"),
        ("apostila.rtf", b"%PDF-1.4 a pdf renamed"),
    ],
)
def test_a_renamed_file_is_refused_with_a_message_and_nothing_is_stored(
    client, administrator, name, content
):
    response = upload_document(client, name, content)
    assert response.status_code == HTTPStatus.OK
    assert "não corresponde à extensão" in response.content.decode()
    assert not Document.objects.exists()


def test_the_multiple_uploader_checks_the_content_too(client, administrator):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("apostila.pdf", b"MZ\x90\x00 not a pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content)["success"] is False
    assert not Document.objects.exists()


def test_an_oversized_document_is_refused(client, administrator, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(client, "apostila.txt", b"a" * 2048)
    assert response.status_code == HTTPStatus.OK
    assert not Document.objects.exists()


def test_a_pdf_opens_in_the_browser_and_a_text_file_downloads(client, administrator):
    upload_document(client, "apostila.pdf", b"%PDF-1.7\n%%EOF")
    upload_document(client, "leia.txt", b"texto")
    pdf, text = Document.objects.order_by("pk")
    assert client.get(pdf.url)["Content-Disposition"].startswith("inline")
    assert client.get(text.url)["Content-Disposition"].startswith("attachment")


def upload_image(client, name: str, content: bytes):
    return upload(client, "wagtailimages:add", name, content)


def test_a_real_image_is_accepted(client, administrator):
    assert upload_image(client, "foto.png", png()).status_code == HTTPStatus.FOUND
    assert Image.objects.get().width == 4


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.png", b"<html><script>alert(1)</script></html>"),
        ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("foto.jpg", b"%PDF-1.4 not an image"),
    ],
)
def test_what_is_not_an_allowed_image_is_refused(client, administrator, name, content):
    response = upload_image(client, name, content)
    assert response.status_code == HTTPStatus.OK
    assert not Image.objects.exists()


def test_rich_text_keeps_only_what_the_editor_allows(make_course, make_person, client):
    """A trainer's text reaches the database through Draftail's converter, which drops tags
    and link schemes it does not know: a pasted script is text, a ``javascript:`` link no
    link."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from courses.models import LessonPage
    from enrollments.services import enrollment_create

    features = LessonPage.body.field.stream_block.child_blocks["paragraph"].features
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": "<script>alert(1)</script> clique aqui",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 26, "length": 11, "key": 0}],
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
        },
    }
    html = ContentstateConverter(features).to_database_format(json.dumps(contentstate))
    course = make_course(lessons=1, quiz=False)
    lesson = LessonPage.objects.child_of(course).get()
    lesson.body = [("paragraph", html)]
    lesson.save_revision().publish()
    learner = make_person()
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    body = client.get(lesson.url).content.decode()
    assert "clique aqui" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "javascript:" not in body


def test_a_name_typed_as_html_is_shown_as_text(client, certified):
    name = '<img src=x onerror="alert(1)">Ana'
    certificate = certified(full_name=name)
    client.force_login(certificate.enrollment.user)
    pages = [
        reverse("profile"),
        reverse("certificate_verify", args=[certificate.display_code]),
    ]
    for path in pages:
        body = client.get(path).content.decode()
        assert "<img src=x" not in body, path
        assert "&lt;img src=x" in body, path


# Where the project renders HTML it did not escape, and why that is safe. A new ``|safe``,
# ``mark_safe`` or ``autoescape off`` must be reviewed and added here.
REVIEWED_UNESCAPED = {
    # Help texts are written by developers in forms, never by users.
    "home/templates/includes/form_field.html": 1,
    # The renderer's own template output, already escaped.
    "certificates/wagtail_hooks.py": 1,
}


def test_no_new_unescaped_output_without_review():
    pattern = re.compile(r"\|\s*safe\b|mark_safe\(|autoescape\s+off|SafeString\(")
    found = {}
    for app in ("lms", "home", "courses", "enrollments", "certificates"):
        for path in (ROOT / app).rglob("*"):
            # Plain-text e-mails (.txt) are not HTML: they turn autoescaping off on purpose.
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            hits = len(pattern.findall(path.read_text(encoding="utf-8")))
            if hits:
                found[str(path.relative_to(ROOT))] = hits
    assert found == REVIEWED_UNESCAPED
