"""Files people open in spreadsheets: CSV as Brazilian spreadsheets expect, and XLSX."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse


def spreadsheet_safe(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula (CSV injection).

    Cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe.
    """
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _csv_cell(value) -> str:
    if isinstance(value, float | Decimal):
        # Brazilian spreadsheets read a decimal comma.
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheet_safe(value)


def _xlsx_cell(value):
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int | float | Decimal | datetime.date):
        return float(value) if isinstance(value, Decimal) else value
    return spreadsheet_safe(value)


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """UTF-8 with a BOM and ``;`` between cells; numbers with a decimal comma. Streamed, so
    a long list never sits whole in memory."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writerow([spreadsheet_safe(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> HttpResponse:
    """One worksheet per (title, header, rows); text never becomes a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        bold = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(name))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)
