"""Cells of every export: text that would start a formula stays text (dialogkurs/spreadsheets.py)."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dialogkurs.spreadsheets import append_row, csv_delimiter, csv_safe

LINK = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("text", [LINK, "+1+1", "-1+1", "@SUM(1+1)", "\t=1", "\r=1"])
def test_text_that_would_start_a_formula_gets_an_apostrophe(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Anna Berg", "2026-02-05", "", -3, 1.5, None])
def test_other_text_and_numbers_are_kept(value):
    assert csv_safe(value) == value


def test_the_list_separator_follows_the_language():
    with translation.override("sv"):
        assert csv_delimiter() == ";"
    with translation.override("nb"):
        assert csv_delimiter() == ";"
    with translation.override("en"):
        assert csv_delimiter() == ","


def test_a_row_appended_to_a_workbook_holds_text_not_a_formula():
    workbook = Workbook()
    append_row(workbook.active, [LINK, 4, "Anna"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [cell.data_type for cell in sheet[1]] == ["s", "n", "s"]
    assert sheet["A1"].value == LINK
