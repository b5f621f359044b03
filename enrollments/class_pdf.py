"""The printable attendance sheet of a class: one row per person, a column per session and a
signature column, in the platform's embedded font (``lms.pdf``: accents print and text is
searchable)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lms.pdf import FONT, FONT_BOLD

from .classes import class_dates_text, class_roster
from .models import AttendanceStatus, CourseClass

MARKS = {
    AttendanceStatus.PRESENT: "P",
    AttendanceStatus.ABSENT: "F",
    AttendanceStatus.JUSTIFIED: "J",
}


def attendance_sheet_pdf(course_class: CourseClass) -> bytes:
    sessions = list(course_class.sessions.all())
    roster = class_roster(course_class)
    text = ParagraphStyle("text", fontName=FONT, fontSize=9, leading=11)
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=14, leading=18)
    bold = ParagraphStyle("bold", parent=text, fontName=FONT_BOLD)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
        topMargin=1.2 * cm,
        bottomMargin=1.2 * cm,
        title=_("Attendance sheet %(code)s") % {"code": course_class.code},
        author="Capacita",
        lang="pt-BR",
    )
    trainers = ", ".join(t.display_name for t in course_class.trainers.all())
    story = [
        Paragraph(_("Attendance sheet"), title),
        Paragraph(escape(f"{course_class.course.title} · {_('Class')} {course_class.code}"), bold),
        Paragraph(
            escape(
                " · ".join(
                    part
                    for part in (
                        class_dates_text(course_class),
                        course_class.place,
                        _("Trainers: %(names)s") % {"names": trainers} if trainers else "",
                    )
                    if part
                )
            ),
            text,
        ),
        Paragraph(
            _("P present · F absent · J justified absence · printed on %(date)s")
            % {"date": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")},
            text,
        ),
        Spacer(1, 0.4 * cm),
    ]
    header = [
        "#",
        _("Name"),
        _("Registration number"),
        _("Unit"),
        *[f"{s.date:%d/%m}\n{s.starts_at:%H:%M}" for s in sessions],
        _("Signature"),
    ]
    rows = [
        [
            str(number),
            Paragraph(escape(row.enrollment.user.display_name), text),
            row.enrollment.user.registration_number,
            Paragraph(
                escape(row.enrollment.user.unit.acronym if row.enrollment.user.unit else ""), text
            ),
            *[MARKS.get(row.by_session.get(s.pk), "") for s in sessions],
            "",
        ]
        for number, row in enumerate(roster, start=1)
    ]
    if not rows:
        rows = [
            ["", _("Nobody is enrolled in this class yet."), "", "", *["" for _s in sessions], ""]
        ]
    width = document.width
    session_width = 1.3 * cm
    fixed = 0.8 * cm + 2.6 * cm + 2.4 * cm + session_width * len(sessions)
    name_width = max((width - fixed) * 0.55, 4 * cm)
    signature_width = max(width - fixed - name_width, 3 * cm)
    table = Table(
        [header, *rows],
        colWidths=[
            0.8 * cm,
            name_width,
            2.6 * cm,
            2.4 * cm,
            *[session_width] * len(sessions),
            signature_width,
        ],
        repeatRows=1,
        rowHeights=[None] + [0.9 * cm] * len(rows),
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
                ("FONT", (0, 1), (-1, -1), FONT, 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (4, 0), (-2, -1), "CENTER"),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()
