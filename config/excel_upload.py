"""Reading an uploaded .xlsx within bounds: one error type naming sheet and cell, and one
opener that refuses a file before openpyxl reads it when it is not an .xlsx or would unpack
past the bounds (a zip bomb, a sheet declaring or holding a million rows)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.xml.functions import iterparse  # the parser openpyxl reads the file with

from config.errors import AppError
from config.numbers import group, query_int

ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if self.cell:
            return _("Trang “%(sheet)s”, ô %(cell)s: %(message)s") % {
                "sheet": self.sheet,
                "cell": self.cell,
                "message": self.message,
            }
        return self.message


class ExcelImportError(AppError):
    """The uploaded file cannot be used; errors lists every problem found, in sheet order."""

    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors

    def messages(self) -> list[str]:
        """Return one message per problem."""
        return [str(error) for error in self.errors]


def refuse(message: str) -> ExcelImportError:
    """Return the error for a problem of the whole file (no cell)."""
    return ExcelImportError([CellError("", "", message)])


@dataclass(frozen=True)
class Bounds:
    """What an upload may hold. too_big is the message for an archive or part past the bounds;
    sheet_too_large, given what was found ("120 dòng, 30 cột", "có dòng 5.000"), the message
    for a sheet past them (too_big when not given)."""

    max_rows: int
    max_columns: int
    max_part_bytes: int
    max_uncompressed_bytes: int
    too_big: str
    sheet_too_large: Callable[[str], str] | None = None

    def sheet_error(self, found: str) -> ExcelImportError:
        return refuse(self.sheet_too_large(found) if self.sheet_too_large else self.too_big)


def too_large(size: int) -> str | None:
    """Return the message for an upload past MAX_UPLOAD_BYTES (None when it fits)."""
    if size <= settings.MAX_UPLOAD_BYTES:
        return None
    return _("Tệp quá lớn (tối đa %(size)s MB).") % {
        "size": settings.MAX_UPLOAD_BYTES // (1024 * 1024) or 1
    }


def declared(rows: int, columns: int) -> str:
    """Return what a sheet declares, in words: '120 dòng, 30 cột'."""
    return _("%(rows)s dòng, %(columns)s cột") % {"rows": group(rows), "columns": columns}


def row_past(row: int) -> str:
    """Return a row found past the bound, in words: 'có dòng 5.000'."""
    return _("có dòng %(row)s") % {"row": group(row)}


def open_upload(data: bytes, bounds: Bounds):
    """Return the workbook in data opened read-only (worksheets streamed, nothing read yet),
    or raise ExcelImportError with a plain reason. Close it after use."""
    try:
        _check_archive(data, bounds)
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ExcelImportError:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds on a malformed file
        raise refuse(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc


def _check_archive(data: bytes, bounds: Bounds) -> None:
    """Refuse a file that is not an .xlsx, or whose parts unpack past the bounds, before
    openpyxl reads anything (the sizes are the archive's own, checked again while unpacking)."""
    if message := too_large(len(data)):
        raise refuse(message)
    if not data.startswith(ZIP_SIGNATURE):
        raise refuse(_("Tệp không phải định dạng Excel .xlsx. Hãy dùng mẫu tải về."))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if sum(info.file_size for info in parts) > bounds.max_uncompressed_bytes:
            raise refuse(bounds.too_big)
        sheets = []
        for info in parts:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                sheets.append(name)
            elif info.file_size > bounds.max_part_bytes:
                raise refuse(bounds.too_big)
        for name in sheets:
            _check_sheet_size(archive, name, bounds)


def _check_sheet_size(archive: zipfile.ZipFile, name: str, bounds: Bounds) -> None:
    """Refuse a worksheet part declaring more rows or columns than the bound, or, declaring
    none, holding a row past it; read as a stream up to its <dimension> or the first row past
    the bound (openpyxl, finding no <dimension>, would read the whole sheet to size it)."""
    row_number = 0
    with archive.open(name) as source:
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start" and tag == "dimension":
                last = (element.get("ref") or "").rpartition(":")[2] or "A1"
                try:
                    column, row = coordinate_from_string(last)
                    columns = column_index_from_string(column)
                except ValueError:
                    raise refuse(_("Tệp Excel bị hỏng hoặc không đọc được.")) from None
                if row > bounds.max_rows or columns > bounds.max_columns:
                    raise bounds.sheet_error(
                        _("%(rows)s dòng, %(columns)s cột")
                        % {"rows": group(row), "columns": columns}
                    )
                return
            if event == "start" and tag == "row":  # its number, or the next one when unnumbered
                row_number = query_int(element.get("r")) or row_number + 1
                if row_number > bounds.max_rows:
                    raise bounds.sheet_error(row_past(row_number))
            elif event == "end" and tag == "sheetData":
                return
            elif event == "end" and tag == "row":
                element.clear()
