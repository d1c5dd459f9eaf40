"""Writing export rows as CSV or XLSX, safely and without holding them in memory.

Spreadsheet safety: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be read as a formula by Excel or LibreOffice (CSV injection), so such
cells get a leading apostrophe. Numbers are written as numbers and are never touched.

Types: date-times are ISO 8601 text in CSV and real date-time cells in XLSX (the wall-clock
time of the column's zone: spreadsheets have no time zones); rates are fractions in CSV
(0.625) and percentage-formatted numbers in XLSX (62.5%).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FIRST = frozenset(FORMULA_PREFIXES)
CSV_FLUSH_ROWS = 500
FILE_CHUNK = 64 * 1024
NUMBER_FORMATS = {"percent": "0.0%", "datetime": "yyyy-mm-dd hh:mm:ss"}
MIME = {
    "csv": "text/csv",  # Flask adds "; charset=utf-8" to text types itself
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell (text only; numbers pass unchanged)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value and value[0] in _FIRST:
        return "'" + value
    return value


def csv_chunks(
    header: list[str], rows: Iterable[list[Any]], progress: Callable[[int], None] | None = None
) -> Iterator[str]:
    """The CSV text in chunks of a few hundred rows (UTF-8 BOM first, for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    done = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        done += 1
        if done % CSV_FLUSH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if progress:
                progress(done)
    yield buffer.getvalue()
    if progress:
        progress(done)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # the wall-clock time it already carries
    return value


def write_xlsx(
    path: Path,
    sheet: str,
    header: list[str],
    rows: Iterable[list[Any]],
    progress: Callable[[int], None] | None = None,
    formats: dict[str, str] | None = None,
) -> int:
    """Write an XLSX file with openpyxl's write-only workbook (rows go straight to disk).

    ``formats`` maps a column name to ``percent`` or ``datetime`` (:data:`NUMBER_FORMATS`).
    """
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(header)
    styled = {
        index: NUMBER_FORMATS[(formats or {})[name]]
        for index, name in enumerate(header)
        if name in (formats or {})
    }

    def cell(index: int, value: Any) -> Any:
        value = _xlsx_value(value)
        if index not in styled or value is None:
            return value
        out = WriteOnlyCell(worksheet, value=value)
        out.number_format = styled[index]
        return out

    done = 0
    for row in rows:
        worksheet.append([cell(i, value) for i, value in enumerate(row)])
        done += 1
        if progress and done % CSV_FLUSH_ROWS == 0:
            progress(done)
    workbook.save(path)
    if progress:
        progress(done)
    return done


def xlsx_chunks(
    sheet: str,
    header: list[str],
    rows: Iterable[list[Any]],
    formats: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """Write the workbook to a temporary file, then stream it and delete the file.

    An XLSX is a zip whose directory comes last, so it cannot be sent before it is complete;
    memory still stays flat because the write-only workbook spools rows to disk.
    """
    handle, name = tempfile.mkstemp(suffix=".xlsx", prefix="peerlearn-export-")
    os.close(handle)
    path = Path(name)
    try:
        write_xlsx(path, sheet, header, rows, formats=formats)
        with path.open("rb") as stream:
            while chunk := stream.read(FILE_CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)
