"""PDF documents drawn with WeasyPrint in the format of Nghị định 30/2020/NĐ-CP: the official
documents (documents/official.py), the progress report and a ward's yearly scorecard.

A4 with the decree's margins, page numbers centred at the top from page 2, the body in Liberation
Serif (metric-compatible with Times New Roman, SIL Open Font License, shipped in static/fonts
and declared with @font-face: a missing font file is an error, never a silent substitution),
text normalised to NFC, no network: only file: URLs inside the static folder can be fetched.
The charts keep their DejaVu Sans (also shipped).
"""

from __future__ import annotations

import copy
import datetime
import unicodedata
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from criteria.selectors import ward_scorecard
from documents.official import Sheet, official_date, sheet_for_request
from wards.models import Ward

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
BODY_FONT = "Liberation Serif"
FONT_FILES = {
    ("Liberation Serif", "normal", "normal"): "LiberationSerif-Regular.ttf",
    ("Liberation Serif", "bold", "normal"): "LiberationSerif-Bold.ttf",
    ("Liberation Serif", "normal", "italic"): "LiberationSerif-Italic.ttf",
    ("Liberation Serif", "bold", "italic"): "LiberationSerif-BoldItalic.ttf",
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",  # the charts' labels
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
}
PLACE = "Lạng Sơn"
__all__ = ["FONT_DIR", "MissingFontError", "font_paths", "html_to_pdf", "official_date"]


class MissingFontError(RuntimeError):
    """A font the PDFs declare is not on disk (WeasyPrint would silently use another)."""


def font_paths(font_dir: Path | None = None) -> dict[tuple[str, str, str], Path]:
    """Return the declared font files; raise MissingFontError when one is missing."""
    folder = font_dir or FONT_DIR
    paths = {face: folder / name for face, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingFontError(
            "Thiếu tệp phông chữ tiếng Việt cho PDF: " + ", ".join(missing) + ". "
            "Cần cài lại thư mục static/fonts (Liberation Serif, DejaVu Sans)."
        )
    return paths


def _stylesheet(paths: dict[tuple[str, str, str], Path]) -> str:
    faces = "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for (family, weight, style), path in paths.items()
    )
    return (
        faces
        + f"""
@page {{
  size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center {{ content: counter(page); font-family: "{BODY_FONT}"; font-size: 13pt;
                vertical-align: bottom; padding-bottom: 4mm; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
@page landscape {{ size: A4 landscape; margin: 20mm 15mm 15mm 20mm; }}
html {{ font-family: "{BODY_FONT}"; font-size: 14pt; line-height: 1.25; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0 0 6pt; text-align: justify; text-indent: 10mm; }}
table.issuer {{ width: 100%; border-collapse: collapse; margin: 0 0 4mm; }}
table.issuer td {{ border: none; padding: 0; text-align: center; vertical-align: top;
                  font-size: 13pt; line-height: 1.2; }}
table.issuer td.left {{ width: 40%; }}
table.issuer .superior {{ text-transform: uppercase; }}
table.issuer .body {{ font-weight: bold; text-transform: uppercase; }}
table.issuer .nation {{ font-weight: bold; font-size: 12.5pt; white-space: nowrap; }}
table.issuer .motto {{ font-weight: bold; font-size: 13.5pt; text-decoration: underline; }}
table.issuer .rule {{ width: 30%; margin: 1mm auto 3mm; border-top: 0.75pt solid #000; }}
table.issuer .number {{ font-size: 13pt; }}
table.issuer .date {{ font-style: italic; font-size: 14pt; padding-top: 5mm; }}
.draft-mark {{ text-align: center; font-style: italic; font-size: 12pt; color: #555;
              text-indent: 0; margin: 0; }}
h1.type {{ font-size: 14pt; font-weight: bold; text-align: center; margin: 4mm 0 0; }}
p.summary {{ font-weight: bold; text-align: center; text-indent: 0; margin: 0; }}
.summary-rule {{ width: 25%; margin: 1mm auto 4mm; border-top: 0.75pt solid #000; }}
p.addressee {{ text-align: center; text-indent: 0; margin: 0 0 4mm; }}
h2 {{ font-size: 14pt; font-weight: bold; margin: 5pt 0 4pt; text-indent: 10mm;
      break-after: avoid; }}
table {{ width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 12pt;
        line-height: 1.15; }}
th, td {{ border: 0.5pt solid #000; padding: 0.8mm 1.5mm; vertical-align: top;
          text-align: left; }}
thead th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
thead {{ display: table-header-group; }}
caption {{ caption-side: top; text-align: left; font-weight: bold; font-style: italic;
           padding: 1mm 0; }}
tr {{ break-inside: avoid; }}
td.num {{ text-align: right; white-space: nowrap; }}
figure {{ margin: 2mm 0 4mm; break-inside: avoid; text-align: center; }}
figure svg {{ width: 150mm; height: auto; }}
figcaption {{ font-size: 12pt; font-style: italic; }}
table.closing {{ width: 100%; margin-top: 6mm; break-inside: avoid; font-size: 14pt; }}
table.closing td {{ border: none; padding: 0; vertical-align: top; }}
table.closing td.recipients {{ width: 50%; font-size: 11pt; line-height: 1.2; }}
table.closing .recipients-head {{ font-weight: bold; font-style: italic; font-size: 12pt; }}
table.closing td.sign {{ text-align: center; font-weight: bold; }}
table.closing .sign-space {{ height: 28mm; }}
section.appendix {{ break-before: page; }}
section.appendix h2 {{ text-align: center; text-indent: 0; text-transform: uppercase; }}
p.appendix-of {{ text-align: center; font-style: italic; text-indent: 0; }}
section.landscape {{ page: landscape; }}
table.matrix {{ font-size: 10pt; table-layout: fixed; }}
table.matrix td:first-child, table.matrix th:first-child {{ width: 95mm; }}
table.matrix td {{ text-align: center; }}
table.matrix td:first-child {{ text-align: left; }}
td.met {{ background: #d1e7dd; }}
td.not-met {{ background: #f8d7da; }}
td.na, td.none {{ background: #eeeeee; }}
td.total {{ font-weight: bold; }}
a {{ color: inherit; text-decoration: none; }}
/* the ward scorecard */
.small {{ font-size: 11pt; }}
.status-met {{ background: #d1e7dd; }}
.status-not-met {{ background: #f8d7da; }}
.status-na, .status-none {{ background: #eeeeee; }}
table.sign3 {{ width: 100%; margin-top: 8mm; break-inside: avoid; }}
table.sign3 td {{ border: none; text-align: center; font-weight: bold; width: 33%;
                 height: 30mm; }}
table.sign3 em {{ display: block; font-weight: normal; font-size: 11pt; }}
"""
    )


class _LocalFetcher:
    """Fetch only file: URLs inside the static folder (fonts, images); refuse anything else."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"file"})
        self._root = (Path(settings.BASE_DIR) / "static").resolve()

    def fetch(self, url: str, headers=None):
        from urllib.parse import unquote, urlsplit

        path = Path(unquote(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self._root):
            raise ValueError(f"Không tải tài nguyên ngoài thư mục static: {url}")
        return self._fetcher.fetch(url, headers)

    def __call__(self, url: str):
        return self.fetch(url)


def html_to_pdf(html: str, *, made_at: datetime.datetime | None = None) -> bytes:
    """Return the PDF of an HTML string with the app's fonts (MissingFontError without them).
    With made_at, the PDF's dates are that moment, so the same input gives the same bytes."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    paths = font_paths()
    fonts = FontConfiguration()
    html = unicodedata.normalize("NFC", html)
    stylesheet = CSS(
        string=unicodedata.normalize("NFC", _stylesheet(paths)),
        font_config=fonts,
        url_fetcher=_LocalFetcher(),
    )
    document = HTML(
        string=html,
        base_url=(Path(settings.BASE_DIR) / "static").as_uri() + "/",
        url_fetcher=_LocalFetcher(),
    ).render(stylesheets=[stylesheet], font_config=fonts)
    if made_at is not None:
        stamp = made_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = document.metadata.modified = stamp
    return document.write_pdf()


def _noop(percent: int) -> None:
    return None


def _cells(block: dict) -> dict:
    """Return a table block with `cells`: (value, CSS class) per cell (numbers right-aligned,
    the matrix's results coloured)."""
    if block.get("type") != "table":
        return block
    numeric = set(block.get("numeric", []))
    classes = block.get("classes") or []
    cells = []
    for r, row in enumerate(block["rows"]):
        css = classes[r] if r < len(classes) else []
        cells.append(
            [
                (value, " ".join(filter(None, ["num" if c in numeric else "", *css[c : c + 1]])))
                for c, value in enumerate(row)
            ]
        )
    return {**block, "cells": cells}


def sheet_html(sheet: Sheet) -> str:
    """Return the HTML of an official document (the PDF's content, before WeasyPrint)."""
    font_paths()
    view = copy.copy(sheet)
    view.figures = [_cells(block) for block in sheet.figures]
    view.appendix = [
        {**part, "blocks": [_cells(block) for block in part["blocks"]]} for part in sheet.appendix
    ]
    return render_to_string("documents/official.html", {"sheet": view})


def sheet_pdf(sheet: Sheet) -> bytes:
    """Return the PDF of an official document; the same sheet gives the same bytes."""
    return html_to_pdf(sheet_html(sheet), made_at=sheet.made_at)


def ward_scorecard_pdf(
    *,
    ward: Ward,
    year: int,
    on_progress: Callable[[int], None] = _noop,
    today: datetime.date | None = None,
) -> bytes:
    """Return a ward's yearly scorecard as PDF: every criterion with value, target, result and
    explanation, the manual decisions with who decided, and a signatures block."""
    font_paths()
    today = today or timezone.localdate()
    data = ward_scorecard(ward=ward, year=year)
    on_progress(40)
    decisions = [row for row in data["rows"] if row.decision]
    html = render_to_string(
        "documents/ward_scorecard.html",
        {
            **data,
            "ward": ward,
            "year": year,
            "decisions": decisions,
            "date_line": official_date(today),
            "pdf": True,
        },
    )
    on_progress(60)
    return html_to_pdf(html)


def progress_report_pdf(
    *,
    year: int,
    month: int | None = None,
    on_progress: Callable[[int], None] = _noop,
    today: datetime.date | None = None,
) -> bytes:
    """Return the steering committee's progress report (the monthly check, or the yearly
    progress report) as PDF, made from the current data with the suggested text, unnumbered."""
    html = progress_report_html(year=year, month=month, on_progress=on_progress, today=today)
    on_progress(75)
    return html_to_pdf(html)


def progress_report_html(
    *,
    year: int,
    month: int | None = None,
    on_progress: Callable[[int], None] = _noop,
    today: datetime.date | None = None,
) -> str:
    """Return the HTML of the progress report (the PDF's content, before WeasyPrint)."""
    kind = "monthly_check" if month else "year_progress"
    sheet = sheet_for_request(kind=kind, year=year, month=month, today=today)
    on_progress(60)
    return sheet_html(sheet)
