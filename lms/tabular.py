"""Reading the lists people upload: CSV or XLSX, as real spreadsheets save them.

One entry point, ``open_table`` (or ``read_rows`` for a plain loop), for every import: people
from HR, registration numbers or e-mails for a bulk enrolment. It reads in bounded memory
(XLSX through openpyxl's read-only mode, CSV line by line over the uploaded file), so a
100,000-row list costs what one row does.

What it accepts:

- CSV in UTF-8 (with or without a BOM) or, when the bytes are not UTF-8, Windows-1252
  (Latin-1 as Excel saves it in Brazil); cells separated by ``;``, ``,`` or tabs, whichever
  the header line uses most.
- XLSX: the first worksheet; numbers that are whole (a registration number typed as a
  number) read as ``"12345"``, not ``"12345.0"``; dates as ``YYYY-MM-DD``.
- A header line (the first line that is not blank), its names matched to the caller's
  columns ignoring case, accents, spaces and punctuation ("Matrícula", "MATRICULA" and
  "matricula " are one name). Columns nobody asked for are ignored; blank lines skipped.

Anything else raises ``TableError`` with a sentence to show the person who uploaded it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import IO

from django.utils.formats import number_format
from django.utils.translation import gettext as _

#: (line number, {column key: text}) as yielded for each row; the line number is the row's
#: number in a spreadsheet program (the header is usually line 1).
Row = tuple[int, dict[str, str]]

_SAMPLE_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024
_DELIMITERS = (";", ",", "\t")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
# Long free-text cells are fine; a "cell" of megabytes is a broken file.
_CELL_CHARACTERS = 1024 * 1024
csv.field_size_limit(_CELL_CHARACTERS)


class TableError(Exception):
    """The file cannot be read as a table; ``message`` says why, for the person uploading."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def header_key(text: object) -> str:
    """A header name reduced for comparison: no accents, lower case, words split by one space.

    >>> header_key(" Matrícula (RF) ")
    'matricula rf'
    """
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.split(r"[^0-9a-z]+", plain.casefold())).strip()


def cell_text(value: object) -> str:
    """A cell's value as the text a person typed: whole numbers without ``.0``, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


class Table:
    """An open table: ``columns`` found in its header, and its rows when iterated (once).

    Use it as a context manager (or call ``close``) so an XLSX file is released.
    """

    def __init__(
        self,
        rows: Iterator[Row],
        found: Mapping[str, str],
        closer=None,
        size_hint: int | None = None,
    ):
        self._rows = rows
        #: {column key: the header as written in the file}, for the columns that are there.
        self.columns: dict[str, str] = dict(found)
        #: How many lines the file has, header and blank lines included, when that is known
        #: before reading (for a progress bar); None when it is not.
        self.size_hint = size_hint
        self._closer = closer

    def __iter__(self) -> Iterator[Row]:
        return self._rows

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_table(
    file: IO[bytes],
    *,
    columns: Mapping[str, Sequence[str]],
    required: Collection[str] = (),
    filename: str = "",
) -> Table:
    """Open ``file`` (binary, seekable) and read its header.

    ``columns`` maps each key the caller wants to the header names it may have, the first
    being the one error messages show: ``{"email": ("E-mail", "Email", "Correio")}``.
    ``required`` lists the keys whose column must be there. ``filename`` (the name the file
    was uploaded with) settles the type when the content does not: ``.csv``/``.txt`` or
    ``.xlsx``.

    Raises ``TableError`` for an empty or unreadable file, an unsupported type, no header,
    or a missing required column. Rows are read only as the table is iterated; each is
    ``(line number, {key: stripped text})`` for the keys found, blank lines left out.
    """
    file.seek(0)
    head = file.read(_SAMPLE_BYTES)
    file.seek(0)
    if not head:
        raise TableError(_("The file is empty."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if head.startswith(_OLE_MAGIC) or extension == "xls":
        raise TableError(
            _("Old Excel files (.xls) cannot be read: save the list as .xlsx or .csv.")
        )
    if head.startswith(_XLSX_MAGIC):
        return _open_xlsx(file, columns=columns, required=required)
    if extension == "xlsx":
        raise TableError(_("This file is not a valid XLSX spreadsheet."))
    if extension not in {"", "csv", "txt"}:
        raise TableError(_("Send a CSV or XLSX file."))
    if b"\x00" in head:
        raise TableError(_("This file is not a CSV or XLSX spreadsheet."))
    return _open_csv(file, columns=columns, required=required)


def read_rows(
    file: IO[bytes],
    *,
    columns: Mapping[str, Sequence[str]],
    required: Collection[str] = (),
    filename: str = "",
) -> Iterator[Row]:
    """The rows of ``file`` as ``(line number, {key: text})``: ``open_table`` for a loop.

    The header is checked when iteration starts, so ``TableError`` comes from the first
    ``next()``.
    """
    with open_table(file, columns=columns, required=required, filename=filename) as table:
        yield from table


def _match_header(
    header: Sequence[object],
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
) -> tuple[dict[str, int], dict[str, str]]:
    """{key: cell index} for the columns found, and {key: header as written}."""
    aliases = {header_key(alias): key for key, names in columns.items() for alias in names}
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    for index, name in enumerate(header):
        key = aliases.get(header_key(name))
        if key is not None and key not in positions:
            positions[key] = index
            written[key] = cell_text(name)
    missing = [columns[key][0] for key in columns if key in required and key not in positions]
    if missing:
        raise TableError(
            _("Column missing from the header: %(columns)s. The first line must name the columns.")
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    return positions, written


def _rows(
    cells_per_line: Iterator[tuple[int, Sequence[object]]],
    positions: dict[str, int],
    text=cell_text,
):
    """``text`` turns a cell into its text: ``cell_text`` for typed spreadsheet values,
    ``str.strip`` for CSV, whose cells are text already (the same result, for a fraction of
    the time a hundred thousand lines take)."""
    for line, cells in cells_per_line:
        texts = [text(c) for c in cells]
        if not any(texts):
            continue
        yield line, {key: texts[i] if i < len(texts) else "" for key, i in positions.items()}


def _first_nonblank(lines: Iterator[tuple[int, Sequence[object]]]):
    for line, cells in lines:
        if any(cell_text(c) for c in cells):
            return line, cells
    raise TableError(_("The file has no header line."))


# --- CSV -------------------------------------------------------------------------------------


def _csv_scan(file: IO[bytes], head: bytes) -> tuple[str, int]:
    """The encoding (UTF-8, with its BOM or not, when every byte decodes as such, else
    Windows-1252) and the number of lines, in one pass over the bytes; ``TableError`` for a
    NUL byte anywhere."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    last = b""
    file.seek(0)
    try:
        while chunk := file.read(_CHUNK_BYTES):
            if b"\x00" in chunk:
                # Text has no NUL: past the sample, it would reach the database (which
                # PostgreSQL refuses) inside a registration number or a name.
                raise TableError(_("This file is not a CSV or XLSX spreadsheet."))
            lines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            last = chunk
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if last and not last.endswith(b"\n"):
            lines += 1
    finally:
        file.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", lines
    return ("utf-8" if utf8 else "cp1252"), lines


class _Unseekable(io.RawIOBase):
    """The uploaded file as TextIOWrapper wants it, without closing it when the wrapper goes."""

    def __init__(self, file: IO[bytes]):
        self._file = file

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:  # the caller owns the file
        super().close()


def _open_csv(file, *, columns, required) -> Table:
    head = file.read(_SAMPLE_BYTES)
    encoding, line_count = _csv_scan(file, head)
    # cp1252 leaves five bytes undefined: shown as "?" rather than refusing a whole list.
    text = io.TextIOWrapper(
        io.BufferedReader(_Unseekable(file)), encoding=encoding, errors="replace", newline=""
    )
    sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(text, delimiter=delimiter)

    def lines():
        number = 0
        try:
            for cells in reader:
                number += 1
                yield number, cells
        except csv.Error as error:
            # Python's reason is in English; the one this reader can meet is a cell too long.
            if "field larger than field limit" in str(error):
                message = _(
                    "Line %(line)s cannot be read: a cell holds more than %(limit)s characters."
                ) % {
                    "line": number + 1,
                    "limit": number_format(_CELL_CHARACTERS, force_grouping=True),
                }
            else:
                message = _("Line %(line)s cannot be read.") % {"line": number + 1}
            raise TableError(message) from error

    numbered = lines()
    _line, header = _first_nonblank(numbered)
    positions, written = _match_header(header, columns, required)
    return Table(
        _rows(numbered, positions, str.strip),
        written,
        closer=text.detach,
        size_hint=line_count,
    )


# --- XLSX ------------------------------------------------------------------------------------


def _open_xlsx(file, *, columns, required) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # a broken package fails in zipfile, XML or openpyxl itself
        raise TableError(_("This file is not a valid XLSX spreadsheet.")) from error

    def lines():
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except Exception as error:
            raise TableError(_("This file is not a valid XLSX spreadsheet.")) from error

    numbered = lines()
    try:
        _line, header = _first_nonblank(numbered)
        positions, written = _match_header(header, columns, required)
    except TableError:
        workbook.close()
        raise
    return Table(
        _rows(numbered, positions), written, closer=workbook.close, size_hint=sheet.max_row
    )
