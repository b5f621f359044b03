"""The certificate as a PDF: data in, bytes out.

Nothing here reads or writes the database or the disk (apart from reportlab's own font files,
read once per process): the caller gathers the facts, chooses the name, formats dates and
hours and activates the holder's language; this module only lays them out. Every word is real
text in the embedded Vera font, so the PDF is searchable and read aloud by screen readers, and
the QR code is drawn as vectors so it stays sharp when printed.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from dataclasses import dataclass

import segno
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from lms.pdf import FONT, FONT_BOLD, drawable

logger = logging.getLogger(__name__)

DEFAULT_PRIMARY_COLOR = "#1B4F72"
DEFAULT_ACCENT_COLOR = "#C8A200"


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    signature: bytes | None = None  # PNG or JPEG bytes of a signature image, optional


@dataclass(frozen=True)
class CertificateDocument:
    title: str  # template title, e.g. "Certificado de conclusão"
    body: str  # placeholders already filled in; blank lines separate paragraphs
    holder_name: str  # the social name, when the person has one, already chosen
    course_title: str
    workload_hours: str  # already formatted, e.g. "8" or "2,5"
    modality: str  # already translated, e.g. "Presencial"
    completion_date: str  # already formatted, e.g. "12 de março de 2025"
    issuing_body: str
    code: str  # display form, e.g. "7K3M-Q9XD-2HRT-B8WN-FA4C"
    verify_url: str  # the QR code encodes exactly this string
    goals: tuple[str, ...] = ()
    class_dates: str = ""  # in-person only
    class_place: str = ""  # in-person only
    signatories: tuple[Signatory, ...] = ()
    logo: bytes | None = None  # PNG or JPEG bytes
    primary_color: str = DEFAULT_PRIMARY_COLOR  # "#RRGGBB"
    accent_color: str = DEFAULT_ACCENT_COLOR
    language: str = "pt-BR"


def _markup(text: str) -> str:
    """Plain text as Paragraph markup: drawable, escaped, line breaks kept."""
    text = drawable(text.strip())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


# --- Colours -------------------------------------------------------------------------------

TEXT_COLOR = colors.HexColor("#1C1C1C")
MUTED_TEXT_COLOR = colors.HexColor("#4A4A4A")
RULE_COLOR = colors.HexColor("#6B6B6B")
_HEX_COLOR = re.compile(r"#?[0-9A-Fa-f]{6}")


def _color(value: str, default: str) -> colors.Color:
    if not isinstance(value, str) or not _HEX_COLOR.fullmatch(value.strip()):
        return colors.HexColor(default)
    return colors.HexColor("#" + value.strip().lstrip("#"))


def _contrast_on_white(color: colors.Color) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)
    )
    return 1.05 / (luminance + 0.05)


def _heading_color(primary: colors.Color) -> colors.Color:
    # A light brand colour still frames the page, but headings must stay readable (WCAG AA).
    return primary if _contrast_on_white(primary) >= 4.5 else TEXT_COLOR


# --- QR code -------------------------------------------------------------------------------

QR_QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks


def _draw_qr(canvas: Canvas, text: str, *, right: float, bottom: float, size: float) -> float:
    """Draw ``text`` as a QR code (level M or better), its dark modules ``size`` wide, ending at
    ``right`` and ``bottom``; returns the left edge of the quiet zone, which nothing may enter.

    Vector rectangles, one per run of dark modules in a row, in one filled path: sharp when
    printed, and a few kilobytes.
    """
    matrix = segno.make(text, error="m", micro=False).matrix
    module = size / len(matrix)
    left, top = right - size, bottom + size
    path = canvas.beginPath()
    for row_number, row in enumerate(matrix):
        column = 0
        for dark, run in itertools.groupby(row):
            width = len(list(run))
            if dark:
                y = top - (row_number + 1) * module
                path.rect(left + column * module, y, width * module, module)
            column += width
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    return left - QR_QUIET_ZONE * module


# --- Images --------------------------------------------------------------------------------

_MAX_IMAGE_PIXELS = 25_000_000  # more is no logo or signature, and costly to decode
_MAX_IMAGE_SIDE = 1200  # pixels; ~300 dpi at the largest size a logo is drawn


def _image(data: bytes | None, what: str) -> ImageReader | None:
    """A decoded image ready to draw, or None (with a warning) when ``data`` is not one."""
    if not data:
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        if width * height > _MAX_IMAGE_PIXELS:
            raise ValueError(f"{width}×{height} pixels")
        if max(width, height) > _MAX_IMAGE_SIDE:
            # A photo-sized upload would make every certificate megabytes heavier.
            picture = Image.open(io.BytesIO(data))
            if picture.mode not in ("1", "L", "RGB", "RGBA", "CMYK"):
                picture = picture.convert("RGBA")
            picture.thumbnail((_MAX_IMAGE_SIDE, _MAX_IMAGE_SIDE))
            reader = ImageReader(picture)
        reader.getRGBData()  # decode now, so a truncated file fails here and not mid-page
    except Exception:
        logger.warning(
            "The certificate's %s is not a readable image; left out.", what, exc_info=True
        )
        return None
    return reader


def _draw_image_in_box(
    canvas: Canvas, image: ImageReader, x: float, y: float, width: float, height: float
) -> tuple[float, float]:
    """Draw ``image`` as large as fits the box, centred horizontally and sitting on its bottom."""
    image_width, image_height = image.getSize()
    scale = min(width / image_width, height / image_height)
    drawn_width, drawn_height = image_width * scale, image_height * scale
    canvas.drawImage(
        image, x + (width - drawn_width) / 2, y, drawn_width, drawn_height, mask="auto"
    )
    return drawn_width, drawn_height


# --- Text fitting --------------------------------------------------------------------------


def _size_to_fit(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest size, down to ``smallest``, at which ``text`` fits one line of ``width``."""
    natural = stringWidth(text, font, largest)
    if natural <= width:
        return largest
    return max(smallest, largest * width / natural)


def _lines_to_fit(
    text: str, font: str, largest: float, smallest: float, width: float, max_lines: int
) -> tuple[float, list[str]]:
    """Wrap ``text`` in at most ``max_lines`` lines, shrinking it down to ``smallest``."""
    size = largest
    while True:
        lines = [line for line in _wrap(text, font, size, width) if line]
        if len(lines) <= max_lines or size <= smallest:
            return size, lines
        size = max(smallest, size - 0.5)


def _ellipsized(text: str, font: str, size: float, width: float) -> str:
    while len(text) > 1 and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Word wrap; a word wider than a line (a URL) breaks after a slash or dash if it can."""
    lines = []
    for line in simpleSplit(text, font, size, width):
        while len(line) > 1 and stringWidth(line, font, size) > width:
            fits = len(line) - 1
            while fits > 1 and stringWidth(line[:fits], font, size) > width:
                fits -= 1
            cut = next((i for i in range(fits, fits // 2, -1) if line[i - 1] in "/-?&="), fits)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


# --- Layout --------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
BORDER_INSET = 18
MARGIN = 46  # from the page edge to the text
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 3.3 * cm  # the dark modules; with the quiet zone, about 3.9 cm
FOOTER_BOTTOM = 38
FOOTER_HEIGHT = QR_SIZE
VERIFICATION_TEXT_WIDTH = 215
LOGO_HEIGHT = 46
SIGNATURE_IMAGE_HEIGHT = 38


def render_certificate(document: CertificateDocument) -> bytes:
    """The certificate as a PDF: A4 landscape, one page."""
    primary = _color(document.primary_color, DEFAULT_PRIMARY_COLOR)
    accent = _color(document.accent_color, DEFAULT_ACCENT_COLOR)
    output = io.BytesIO()
    canvas = Canvas(
        output,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        lang=document.language or None,
        initialFontName=FONT,
    )
    _describe(canvas, document)

    _draw_border(canvas, primary, accent)
    top = _draw_header(canvas, document)
    _draw_story(
        canvas, document, primary, accent, top=top, bottom=FOOTER_BOTTOM + FOOTER_HEIGHT + 8
    )
    _draw_signatories(canvas, document.signatories)
    _draw_verification(canvas, document)

    canvas.showPage()
    canvas.save()
    return output.getvalue()


def _describe(canvas: Canvas, document: CertificateDocument) -> None:
    """The document information readers, search engines and assistive technology show."""
    canvas.setTitle(f"{document.title} – {document.course_title}")
    canvas.setAuthor(document.issuing_body)
    canvas.setSubject(
        _("Certificate of completion of the course: %(course)s") % {"course": document.course_title}
    )
    canvas.setKeywords([document.code, document.course_title])
    canvas.setCreator("Capacita")
    # Viewers show the title above instead of a file name such as "a81f….pdf".
    canvas.setViewerPreference("DisplayDocTitle", "true")


def _draw_border(canvas: Canvas, primary: colors.Color, accent: colors.Color) -> None:
    canvas.setStrokeColor(primary)
    canvas.setLineWidth(3)
    canvas.rect(
        BORDER_INSET, BORDER_INSET, PAGE_WIDTH - 2 * BORDER_INSET, PAGE_HEIGHT - 2 * BORDER_INSET
    )
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8)
    inner = BORDER_INSET + 6
    canvas.rect(inner, inner, PAGE_WIDTH - 2 * inner, PAGE_HEIGHT - 2 * inner)


def _draw_header(canvas: Canvas, document: CertificateDocument) -> float:
    """Logo and issuing body, centred at the top; returns where the space below them starts."""
    y = PAGE_HEIGHT - MARGIN + 4
    logo = _image(document.logo, "logo")
    if logo is not None:
        _draw_image_in_box(canvas, logo, MARGIN, y - LOGO_HEIGHT, CONTENT_WIDTH, LOGO_HEIGHT)
        y -= LOGO_HEIGHT + 8
    size, lines = _lines_to_fit(
        drawable(document.issuing_body), FONT_BOLD, 10.5, 7, CONTENT_WIDTH * 0.8, max_lines=2
    )
    canvas.setFillColor(MUTED_TEXT_COLOR)
    canvas.setFont(FONT_BOLD, size)
    for line in lines:
        y -= size * 1.25
        canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
    return y - 10


def _draw_story(
    canvas: Canvas,
    document: CertificateDocument,
    primary: colors.Color,
    accent: colors.Color,
    *,
    top: float,
    bottom: float,
) -> None:
    """Title, name, body and the course facts, shrunk together if they would not fit."""
    heading = _heading_color(primary)
    title = drawable(document.title)
    name = drawable(document.holder_name)
    title_size = _size_to_fit(title, FONT_BOLD, 28, 18, CONTENT_WIDTH)
    name_size = _size_to_fit(name, FONT_BOLD, 30, 18, CONTENT_WIDTH)

    def style(font, size, color=TEXT_COLOR, leading=1.3, after=0):
        return ParagraphStyle(
            "certificate",
            fontName=font,
            fontSize=size,
            leading=size * leading,
            alignment=TA_CENTER,
            textColor=color,
            spaceAfter=after,
        )

    header = KeepInFrame(
        CONTENT_WIDTH,
        title_size * 2.6 + 16,
        [
            Paragraph(_markup(title), style(FONT_BOLD, title_size, heading, leading=1.15)),
            HRFlowable(
                width=110, thickness=2, color=accent, spaceBefore=6, spaceAfter=2, lineCap="butt"
            ),
        ],
        mode="shrink",
    )
    _, header_height = header.wrapOn(canvas, CONTENT_WIDTH, top - bottom)
    header.drawOn(canvas, MARGIN, top - header_height)
    top -= header_height + 10

    body = style(FONT, 12.5, after=6)
    facts = style(FONT, 10.5, after=2)
    story = [Paragraph(_markup(name), style(FONT_BOLD, name_size, leading=1.2, after=12))]
    story += [
        Paragraph(_markup(paragraph), body)
        for paragraph in re.split(r"\n\s*\n", document.body.strip())
        if paragraph.strip()
    ]
    story.append(Spacer(1, 8))
    story += [Paragraph(_markup(line), facts) for line in _facts(document)]

    # Vertically centred in whatever room the header and footer leave.
    block = KeepInFrame(CONTENT_WIDTH, top - bottom, story, mode="shrink")
    _, block_height = block.wrapOn(canvas, CONTENT_WIDTH, top - bottom)
    block.drawOn(canvas, MARGIN, top - (top - bottom + block_height) / 2)


def _facts(document: CertificateDocument) -> list[str]:
    """The course facts, one line each, as whole translatable phrases."""
    hours = document.workload_hours.strip()
    lines = [
        _("Course: %(course)s") % {"course": document.course_title},
        " · ".join(
            [
                ngettext("Workload: %(hours)s hour", "Workload: %(hours)s hours", _count(hours))
                % {"hours": hours},
                _("Modality: %(modality)s") % {"modality": document.modality},
                _("Completed on: %(date)s") % {"date": document.completion_date},
            ]
        ),
    ]
    class_facts = []
    if document.class_dates.strip():
        class_facts.append(_("Class dates: %(dates)s") % {"dates": document.class_dates})
    if document.class_place.strip():
        class_facts.append(_("Venue: %(place)s") % {"place": document.class_place})
    if class_facts:
        lines.append(" · ".join(class_facts))
    goals = [goal.strip() for goal in document.goals if goal.strip()]
    if goals:
        lines.append(
            ngettext("Plan goal: %(goals)s", "Plan goals: %(goals)s", len(goals))
            % {"goals": "; ".join(goals)}
        )
    return lines


def _count(hours: str) -> int:
    """The number ngettext needs to choose "hour" or "hours" for an already formatted value."""
    try:
        return 1 if float(hours.replace(",", ".")) == 1 else 2
    except ValueError:
        return 2


def _draw_signatories(canvas: Canvas, signatories: tuple[Signatory, ...]) -> None:
    """Side by side on the left of the footer, each a signature over a line, name and role."""
    if not signatories:
        return
    area_width = CONTENT_WIDTH - QR_SIZE - VERIFICATION_TEXT_WIDTH - 24
    slot = area_width / len(signatories)
    line_y = FOOTER_BOTTOM + 48
    for index, signatory in enumerate(signatories):
        centre = MARGIN + slot * (index + 0.5)
        text_width = slot - 14
        signature = _image(signatory.signature, "signature")
        if signature is not None:
            box_width = min(text_width, 170)
            _draw_image_in_box(
                canvas,
                signature,
                centre - box_width / 2,
                line_y + 2,
                box_width,
                SIGNATURE_IMAGE_HEIGHT,
            )
        canvas.setStrokeColor(RULE_COLOR)
        canvas.setLineWidth(0.7)
        half_line = min(text_width, 180) / 2
        canvas.line(centre - half_line, line_y, centre + half_line, line_y)

        y = line_y
        for text, font, largest, color in (
            (signatory.name, FONT_BOLD, 9.5, TEXT_COLOR),
            (signatory.role, FONT, 8.5, MUTED_TEXT_COLOR),
        ):
            size, lines = _lines_to_fit(drawable(text), font, largest, 6, text_width, max_lines=2)
            if len(lines) > 3:
                # Only an absurdly long name or role; cut rather than run off the page.
                lines = [*lines[:2], _ellipsized(" ".join(lines[2:]), font, size, text_width)]
            canvas.setFont(font, size)
            canvas.setFillColor(color)
            for line in lines:
                y -= size * 1.25
                canvas.drawCentredString(centre, y, line)


def _draw_verification(canvas: Canvas, document: CertificateDocument) -> None:
    """QR code at the bottom right; the code and the address to type, beside it."""
    qr_left = PAGE_WIDTH - MARGIN - QR_SIZE
    right = _draw_qr(
        canvas, document.verify_url, right=PAGE_WIDTH - MARGIN, bottom=FOOTER_BOTTOM, size=QR_SIZE
    )
    canvas.linkURL(
        document.verify_url, (qr_left, FOOTER_BOTTOM, qr_left + QR_SIZE, FOOTER_BOTTOM + QR_SIZE)
    )

    y = FOOTER_BOTTOM + QR_SIZE - 8
    canvas.setFillColor(MUTED_TEXT_COLOR)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(right, y, drawable(_("Verification code")))

    code = drawable(document.code)
    code_size = _size_to_fit(code, FONT_BOLD, 13, 7, VERIFICATION_TEXT_WIDTH - 30)
    y -= code_size + 6
    canvas.setFillColor(TEXT_COLOR)
    canvas.setFont(FONT_BOLD, code_size)
    canvas.drawRightString(right, y, code, charSpace=0.6)

    y -= 20
    canvas.setFillColor(MUTED_TEXT_COLOR)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(right, y, drawable(_("Verify its authenticity at")))
    url_size, url_lines = _lines_to_fit(
        drawable(document.verify_url), FONT, 8, 6, VERIFICATION_TEXT_WIDTH, max_lines=3
    )
    canvas.setFillColor(TEXT_COLOR)
    canvas.setFont(FONT, url_size)
    url_top = y
    for line in url_lines:
        y -= url_size * 1.3
        canvas.drawRightString(right, y, line)
    canvas.linkURL(
        document.verify_url,
        (right - VERIFICATION_TEXT_WIDTH, y - 2, right, url_top - 2),
    )
