"""The year's monthly figures as CSV beside the Excel export: the same rows, UTF-8 with a byte
order mark (so Excel reads the Vietnamese letters), comma-separated, CRLF line ends."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from reports.excel import monthly_export_header, monthly_export_rows
from wards.models import Ward

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Text starting with one of these is read as a formula by spreadsheets (CSV injection); such a
# cell is written with a leading apostrophe so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Return the value as written to the CSV: numbers as they are, formula-looking text with a
    leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _lines(rows: Iterable[list]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def monthly_csv_chunks(*, year: int, wards: QuerySet[Ward]) -> Iterator[bytes]:
    """Yield the CSV of the wards' monthly reports of the year: the BOM, the header, the rows."""
    yield codecs.BOM_UTF8
    yield from _lines([monthly_export_header()])
    yield from _lines(monthly_export_rows(year=year, wards=wards))


def monthly_csv(*, year: int, wards: QuerySet[Ward]) -> bytes:
    """Return the whole CSV (see monthly_csv_chunks)."""
    return b"".join(monthly_csv_chunks(year=year, wards=wards))
