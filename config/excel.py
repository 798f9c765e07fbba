"""One Excel writer: every workbook the app makes writes its cells through this module.

One rule for every cell (sanitise):

* text has its control characters (C0 but tab, newline and CR; DEL; C1) and bidirectional
  overrides dropped, so a row stored before the input rules (a vertical tab, a NUL) can never
  make openpyxl refuse the file;
* text that a spreadsheet would read as a formula or an error — starting with ``=``, ``+``,
  ``-``, ``@``, tab or CR, or an error code such as ``#N/A`` — is stored as text with
  ``quotePrefix``, so it stays text even when a user edits the cell;
* dates are real dates shown dd/mm/yyyy (date-times in local time, dd/mm/yyyy hh:mm);
* numbers, booleans and empty cells go as they are.

Works for normal and write-only (streaming) workbooks alike: ``row`` turns a list of values
into what ``Worksheet.append`` takes, leaving plain values as they are (no cell object, the
fast path) and making a cell only for text that needs it, dates and styled values.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable
from typing import BinaryIO

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

_DROPPED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
DROPPED = re.compile(f"[{_DROPPED}]")
_ERROR_CODE = r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A)\Z"
# Text needing more than a plain value: a formula-like start, an error code, a dropped character.
QUOTED = re.compile(f"\\A(?:[=+\\-@\t\r]|{_ERROR_CODE})")
_QUOTED_FIRST = frozenset("=+-@\t\r#")
_PLAIN = frozenset({int, float, bool, type(None)})


def clean_text(value: str) -> str:
    """Return the text without the characters no export may hold."""
    return DROPPED.sub("", value)


def write(cell: Cell, value) -> Cell:
    """Set a cell's value by the rule above (its style, if any, is set before); return it."""
    if isinstance(value, str | Promise):
        text = clean_text(str(value))
        cell.value = text
        cell.data_type = "s"
        if QUOTED.match(text):
            cell.quotePrefix = True
        return cell
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    cell.value = value
    return cell


def cell(ws, value, *, style: str | None = None) -> Cell:
    """Return a cell of ws (normal or write-only) holding value by the rule, with a named style
    (created on the workbook beforehand) if given; for Worksheet.append."""
    made = WriteOnlyCell(ws)
    if style is not None:
        made.style = style
    return write(made, value)


def row(ws, values: Iterable) -> list:
    """Return the values as Worksheet.append takes them: plain numbers and plain text as they
    are, everything else (risky text, dates, lazy text) as a sanitised cell."""
    out = values if isinstance(values, list) else list(values)
    for index, value in enumerate(out):
        kind = value.__class__
        if kind is str:
            # str.isprintable is False for every dropped character (and for tab and newline):
            # the common case costs one C call and a set lookup.
            if value.isprintable():
                if value[:1] not in _QUOTED_FIRST or QUOTED.match(value) is None:
                    continue
            elif DROPPED.search(value) is None and QUOTED.match(value) is None:
                continue
        elif kind in _PLAIN or isinstance(value, Cell):
            continue
        out[index] = cell(ws, value)
    return out


def append(ws, values: Iterable) -> None:
    """Append a row of values to a sheet (normal or write-only), each sanitised."""
    ws.append(row(ws, values))


def put(ws, coordinate: str, value, **style) -> Cell:
    """Write a value at a coordinate of a normal sheet (font=, fill=, ... set first)."""
    target = ws[coordinate]
    for name, setting in style.items():
        setattr(target, name, setting)
    return write(target, value)


def save(workbook: Workbook, file: BinaryIO | None = None) -> bytes | None:
    """Save the workbook into an open binary file, or return it as bytes when none is given."""
    if file is not None:
        workbook.save(file)
        return None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
