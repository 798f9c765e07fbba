"""Evidence uploads: the type is read from the content (magic bytes), never from the name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

PDF = ("application/pdf", ".pdf")
PNG = ("image/png", ".png")
JPEG = ("image/jpeg", ".jpg")
OOXML = {
    "word/": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
# Legacy Office files are OLE compound documents; the container does not say which program,
# so the (checked) extension picks the type.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_TYPES = {
    ".doc": ("application/msword", ".doc"),
    ".xls": ("application/vnd.ms-excel", ".xls"),
    ".ppt": ("application/vnd.ms-powerpoint", ".ppt"),
}
ALLOWED_TEXT = "PDF, PNG, JPEG, Word, Excel, PowerPoint"
# The extension of each accepted type, and the other spellings it is known by.
SUFFIXES = {kind[0]: kind[1] for kind in (PDF, PNG, JPEG, *OOXML.values(), *OLE_TYPES.values())}
SAME_SUFFIXES = {".jpg": {".jpg", ".jpeg", ".jpe"}}
# A suffix dropped from a name before the right one is added: any type a user may mistake.
KNOWN_SUFFIXES = frozenset(
    {*SUFFIXES.values(), ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}
    | {".txt", ".rtf", ".odt", ".ods", ".odp", ".csv", ".zip", ".rar", ".7z", ".htm", ".html"}
)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    suffix: str
    size: int
    original_name: str


def _ooxml_type(upload: UploadedFile) -> tuple[str, str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in OOXML.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def sniff(upload: UploadedFile) -> tuple[str, str] | None:
    """Return (content type, suffix) read from the file's first bytes, or None if not allowed."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _ooxml_type(upload)
        upload.seek(0)
        return kind
    if head.startswith(OLE_MAGIC):
        return OLE_TYPES.get(PurePath(upload.name or "").suffix.lower())
    return None


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Return the upload's checked type and size, or raise ValidationError in plain Vietnamese."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError("Tệp rỗng.", code="empty")
    if upload.size > limit:
        raise ValidationError(
            f"Tệp quá lớn: tối đa {limit // (1024 * 1024) or 1} MB.", code="too_large"
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            f"Loại tệp không được chấp nhận (nội dung tệp không phải {ALLOWED_TEXT}).",
            code="bad_type",
        )
    original = PurePath(upload.name or "tep").name[:255]
    return CheckedUpload(
        content_type=kind[0], suffix=kind[1], size=upload.size, original_name=original
    )


def download_name(original_name: str, content_type: str, stored_name: str = "") -> str:
    """Return the name to download an evidence file under: the user's name with the extension
    of the type read from the content (a PDF uploaded as "x.png" downloads as "x.pdf")."""
    suffix = SUFFIXES.get(content_type) or PurePath(stored_name).suffix.lower()
    name = PurePath(original_name or "").name
    stem, dot, rest = name.rpartition(".")
    current = (dot + rest).lower() if dot else ""
    if name and (not suffix or current in SAME_SUFFIXES.get(suffix, {suffix})):
        return name
    if current in KNOWN_SUFFIXES:
        name = stem
    return (name or "minh-chung") + suffix
