"""Whole numbers as Vietnamese users type them: one parser for forms, uploads and URLs.

"1234", "1.234" and "4.200.000.000" are the same kind of number (a dot groups thousands, as
the app itself prints them); a comma is a decimal point in Vietnamese, so "1,5" is not a whole
number and is refused with a message saying how to type one. Only the ASCII digits 0-9 count:
superscripts ("²"), other scripts' digits ("١٢"), fullwidth digits are refused, never read as
2 or 12 (Python's int() would read "١٢" as 12 and fail with a 500 on "²"). Length is capped
before anything else is done with the text, so a 5,000-digit string is a message too.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

MAX_CHARACTERS = 32  # "9.223.372.036.854.775.807" (the largest bigint) has 25
PLAIN = re.compile(r"-?[0-9]+")
GROUPED = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+")
SPACES = " \t\u00a0\u202f"

HOW_TO_TYPE = _("Nhập số nguyên, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234.")
NOT_WHOLE = _(
    "Phải là số nguyên, không có phần thập phân. "
    "Nhập số nguyên, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."
)
NOT_ASCII = _("Chỉ dùng các chữ số 0 đến 9, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234.")
TOO_LONG = _("Số quá dài (tối đa %(limit)s ký tự).")


class NumberError(ValueError):
    """The text is not a whole number as the app accepts them; message says why."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(str(message) % params if params else str(message))
        self.message = message
        self.params = params or {}


def parse_int(text: str) -> int:
    """Return the whole number written in text ("1.234", "-5", " 1234 "); raise NumberError."""
    if len(text) > MAX_CHARACTERS:
        raise NumberError(TOO_LONG, {"limit": MAX_CHARACTERS})
    text = unicodedata.normalize("NFC", text).strip(SPACES)
    if PLAIN.fullmatch(text):
        return int(text)
    if GROUPED.fullmatch(text):
        return int(text.replace(".", ""))
    if any(c.isdigit() and not c.isascii() for c in text) or any(
        unicodedata.category(c) == "No" for c in text
    ):
        raise NumberError(NOT_ASCII)
    if re.fullmatch(r"-?[0-9.]*[,][0-9]*", text) or re.fullmatch(r"-?[0-9]+\.[0-9]{1,2}", text):
        raise NumberError(NOT_WHOLE)
    raise NumberError(HOW_TO_TYPE)


def query_int(value: str | None) -> int | None:
    """Return the whole number in a query parameter, None when absent or not one (no grouping,
    no sign: a page, a year or a month in a link)."""
    if not value or len(value) > MAX_CHARACTERS or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def group(value: int) -> str:
    """Return a whole number grouped by dots (1.234), as the app prints numbers."""
    return f"{value:,}".replace(",", ".")
