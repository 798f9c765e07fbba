"""Text hygiene at the door: one rule for every text a user types.

Text is normalised to NFC (the composed form Vietnamese keyboards mostly send, so "ệ" typed
two ways is stored one way), CRLF and lone CR become a newline, and these characters are
refused with a message naming the field:

* control characters U+0000–U+001F other than tab and newline, and U+007F: invisible, and most
  of them are not allowed in the XML inside an .xlsx file, so one of them in a name or a note
  would break every export that contains it;
* the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, which
  make text display in another order than it is stored (a name that reads differently in the
  list than in the file).

Forms apply it through config.forms (every text field of every form); exports apply
config.excel's own sanitiser again, so rows stored before this rule cannot break them either;
the data migrations of each app clean existing rows with clean_stored_rows.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Everything refused (after CRLF/CR became LF): C0 controls but tab and newline, DEL, bidi.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
FORBIDDEN_MESSAGE = _(
    "“%(field)s” có ký tự không được phép (%(character)s, %(kind)s) ở vị trí %(position)s. "
    "Hãy xóa ký tự đó rồi nhập lại."
)
CONTROL_KIND = _("ký tự điều khiển vô hình")
BIDI_KIND = _("ký tự đảo chiều văn bản")


def _newlines(value: str) -> str:
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def normalise(value: str) -> str:
    """Return the text in NFC with every line ending as a newline (nothing removed)."""
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return _newlines(value)


def clean_text(value: str, *, field: str) -> str:
    """Return value normalised (NFC, newlines); raise ValidationError naming the field if it
    holds a control character or a bidirectional override."""
    value = normalise(value)
    found = FORBIDDEN.search(value)
    if found is None:
        return value
    character = found.group()
    bidi = "\u202a" <= character <= "\u2069"
    raise ValidationError(
        FORBIDDEN_MESSAGE,
        code="forbidden_character",
        params={
            "field": field,
            "character": f"U+{ord(character):04X}",
            "kind": BIDI_KIND if bidi else CONTROL_KIND,
            "position": found.start() + 1,
        },
    )


def scrub(value: str) -> str:
    """Return value normalised with every refused character removed (for stored rows)."""
    return FORBIDDEN.sub("", normalise(value))


def needs_scrub(value: str) -> bool:
    return scrub(value) != value


def clean_stored_rows(apps, app_label: str, *, batch: int = 500) -> int:
    """Scrub every text column of every model of an app (the historical models' too) as the
    migration state knows them; return the number of rows changed.

    For a data migration: text stored before the rule was enforced loses its control and bidi
    characters and is normalised. Primary keys and columns holding no free text (choices) are
    left alone; rows are read as value tuples in primary-key order, a batch at a time.
    """
    from django.db import models

    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.primary_key
            and not f.choices
        ]
        if not fields:
            continue
        manager = model._base_manager
        pending = []
        rows = manager.order_by("pk").values_list("pk", *fields)
        for pk, *values in rows.iterator(chunk_size=batch):
            update = {
                name: scrub(value)
                for name, value in zip(fields, values, strict=True)
                if isinstance(value, str) and needs_scrub(value)
            }
            if update:
                pending.append((pk, update))
        for pk, update in pending:
            manager.filter(pk=pk).update(**update)
        changed += len(pending)
    return changed
