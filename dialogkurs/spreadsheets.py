"""What every CSV and Excel export shares: the list separator Excel expects in the reader's
language, and cells that a spreadsheet shows as text, never runs as a formula.

Names, workplaces and notes in the exports come from people outside (the public sign-up and
contact forms) and from every user (a profile's name): ``=HYPERLINK("http://…")`` typed as a
name must reach the coordinator's spreadsheet as those characters, not as a live link or a
formula (CSV injection, OWASP).
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils.translation import get_language

# What a spreadsheet reads as the start of a formula in a text cell of a CSV file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_delimiter() -> str:
    """Excel opens a CSV file by the list separator of its locale: a semicolon in Sweden and
    Norway (where the decimal mark is a comma), a comma elsewhere."""
    return ";" if (get_language() or "")[:2] in ("sv", "nb") else ","


def csv_download(filename: str):
    """A CSV file to download, and a writer for its rows: UTF-8 with the byte-order mark that
    tells Excel so, and the reader's list separator (``csv_delimiter``). The writer writes cells
    as given: text from people goes through ``csv_safe``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response, delimiter=csv_delimiter())


def csv_safe(value):
    """``value`` for a CSV cell: text that would start a formula gets a leading apostrophe
    (which spreadsheets show as text and hide); numbers, dates and other text are kept."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def never_formula(cell):
    """An openpyxl cell holding text that starts with ``=`` stays text: openpyxl stores such a
    string as a formula, which Excel would run. Returns the cell."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def append_row(sheet, values) -> None:
    """``sheet.append(values)`` for an ordinary (not write-only) worksheet, every cell text or a
    value, never a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        never_formula(cell)
