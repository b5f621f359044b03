"""What an uploaded document must really be, not only what its name says.

Wagtail checks a document's extension (``WAGTAILDOCS_EXTENSIONS``) and size
(``WAGTAILDOCS_MAX_UPLOAD_SIZE``); images it opens with Willow, so a renamed file is refused
there already. A document is served back to every learner who opens the lesson, so a file
named ``apostila.pdf`` that is really an executable, or an HTML page, must not get in: its
first bytes must match its extension.
"""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

_SNIFF_BYTES = 8192

# Office formats are ZIP packages; each carries a member that says which kind it is.
_PACKAGE_MEMBER = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "mimetype",
}
_BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"MZ", b"\x7fELF", b"\xd0\xcf\x11\xe0")
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_package(file: UploadedFile, member: str) -> bool:
    try:
        with zipfile.ZipFile(file) as package:
            return member in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith(_BINARY_SIGNATURES):
        return False
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS)


def document_content_matches(file: UploadedFile) -> bool:
    """Whether ``file``'s content is of the kind its extension names."""
    extension = _extension(file.name or "")
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    try:
        if extension == "pdf":
            return head.startswith(b"%PDF-")
        if extension == "rtf":
            return head.startswith(b"{\\rtf")
        if extension in _PACKAGE_MEMBER:
            return head.startswith(b"PK\x03\x04") and _is_package(file, _PACKAGE_MEMBER[extension])
        if extension in ("csv", "txt"):
            return _is_text(head)
        # An extension an administrator allowed without teaching this module about it.
        return True
    finally:
        file.seek(0)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (single and multiple upload) with the content check."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile) and not document_content_matches(file):
            raise ValidationError(
                _(
                    "The content of “%(name)s” does not match its extension (.%(extension)s). "
                    "Save the document again in that format, or with the right extension."
                )
                % {"name": file.name, "extension": _extension(file.name)},
                code="content_mismatch",
            )
        return file
