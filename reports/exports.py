"""Every report table as CSV and as Excel (.xlsx): a header row, then the rows with typed cells
(numbers as numbers, months as dates, shares as percentages), text never a formula
(``dialogkurs.spreadsheets``: names of organisations, workplaces and people are typed by users).
Both stream: CSV row by row, the workbook from a temporary file in chunks, so a table of any
length never sits in memory."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator
from datetime import date

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from dialogkurs.spreadsheets import csv_delimiter, csv_safe, never_formula

from .tables import Linked, Suppressed, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"percent": "0%", "hours": "0.0", "decimal": "0.0", "month": "yyyy-mm", "int": "0"}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_value(column, value, delimiter: str):
    if value is None:
        return ""
    if isinstance(value, Suppressed | Linked | str):
        return csv_safe(str(value))
    if column.kind == "month" and isinstance(value, date):
        return value.strftime("%Y-%m")
    if column.kind == "percent":
        value = round(value * 100, 1)
    if isinstance(value, float) and delimiter == ";":
        return str(value).replace(".", ",")
    return value


def csv_rows(table: Table) -> Iterator[str]:
    delimiter = csv_delimiter()
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield "\ufeff"  # the BOM: Excel then reads UTF-8
    yield writer.writerow([f"{c.label} (%)" if c.kind == "percent" else str(c.label) for c in table.columns])
    for row in table.rows:
        yield writer.writerow([_csv_value(c, v, delimiter) for c, v in zip(table.columns, row, strict=True)])


def xlsx_file(table: Table):
    """The table as a workbook in a temporary file (write-only mode: rows go straight to disk)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(table.title)[:31].replace("/", "-").replace(":", ""))
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            if isinstance(value, Suppressed | Linked):
                value = str(value)
            cell = never_formula(WriteOnlyCell(sheet, value=value if not hasattr(value, "__html__") else str(value)))
            if column.kind in NUMBER_FORMATS and isinstance(value, int | float | date):
                cell.number_format = NUMBER_FORMATS[column.kind]
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(handle)
    handle.seek(0)
    return handle


# Up to this many rows a workbook is made in memory and may be kept (``reports.cache``); longer
# tables stream from a temporary file.
STREAM_ROWS = 10_000


def xlsx_bytes(table: Table) -> bytes:
    with xlsx_file(table) as handle:
        return handle.read()


def export_response(
    table: Table, fmt: str, *, filename: str, remember: Callable[[Callable[[], bytes]], bytes] | None = None
) -> HttpResponse:
    """The table as a CSV or Excel download. ``remember`` may keep a short workbook's bytes
    (making one costs more than reading it)."""
    if fmt == "xlsx" and len(table.rows) <= STREAM_ROWS:
        content = remember(lambda: xlsx_bytes(table)) if remember else xlsx_bytes(table)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if fmt == "csv":
        response = StreamingHttpResponse(csv_rows(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(xlsx_file(table), as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX)
    raise Http404
