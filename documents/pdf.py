"""PDF reports drawn with WeasyPrint: a ward's yearly scorecard and the progress report.

A4, page numbers, the app's own DejaVu fonts declared with @font-face (a missing font file is
an error, never a silent substitution), text normalised to NFC, no network: only file: URLs
inside the static folder can be fetched.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from budget.selectors import plan_reconciliation
from criteria.selectors import ward_scorecard
from dashboards.selectors import (
    completeness_now,
    criteria_matrix,
    incident_trends,
    projects_and_budget,
    trend_charts,
)
from wards.models import Ward
from wards.selectors import wards_in_year

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
PLACE = "Lạng Sơn"


class MissingFontError(RuntimeError):
    """A font the PDFs declare is not on disk (WeasyPrint would silently use another)."""


def font_paths(font_dir: Path | None = None) -> dict[str, Path]:
    """Return the declared font files; raise MissingFontError when one is missing."""
    folder = font_dir or FONT_DIR
    paths = {weight: folder / name for weight, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingFontError(
            "Thiếu tệp phông chữ tiếng Việt cho PDF: " + ", ".join(missing) + ". "
            "Cần cài lại thư mục static/fonts (DejaVu Sans)."
        )
    return paths


def official_date(day: datetime.date, place: str = PLACE) -> str:
    """Return the date as official documents write it: 'Lạng Sơn, ngày 05 tháng 7 năm 2023'
    (days below 10 and months 1 and 2 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _stylesheet(paths: dict[str, Path]) -> str:
    normal, bold = paths["normal"].as_uri(), paths["bold"].as_uri()
    return f"""
@font-face {{ font-family: "DejaVu Sans"; src: url("{normal}"); font-weight: normal; }}
@font-face {{ font-family: "DejaVu Sans"; src: url("{bold}"); font-weight: bold; }}
@page {{
  size: A4; margin: 18mm 15mm 18mm 20mm;
  @bottom-center {{ content: "Trang " counter(page) " / " counter(pages);
                   font-family: "DejaVu Sans"; font-size: 8pt; color: #444; }}
}}
@page landscape {{ size: A4 landscape; }}
.landscape {{ page: landscape; }}
.pdf-matrix td, .pdf-matrix th {{ font-size: 7pt; padding: 0.6mm 1mm; }}
.pdf-matrix td.criterion {{ width: 62mm; }}
html {{ font-family: "DejaVu Sans"; font-size: 9.5pt; line-height: 1.35; color: #111; }}
h1 {{ font-size: 13pt; text-align: center; margin: 6mm 0 2mm; text-transform: uppercase; }}
h2 {{ font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }}
p.subtitle {{ text-align: center; margin: 0 0 4mm; }}
table {{ width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; }}
th, td {{ border: 0.5pt solid #777; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }}
thead th {{ background: #e8eef5; }}
caption {{ caption-side: top; text-align: left; font-style: italic; padding: 1mm 0; }}
tr {{ break-inside: avoid; }}
.num {{ text-align: right; white-space: nowrap; }}
.small {{ font-size: 8pt; }}
.status-met {{ background: #d1e7dd; }}
.status-not-met {{ background: #f8d7da; }}
.status-na, .status-none {{ background: #e9ecef; }}
.status-overdue {{ color: #842029; background: #f8d7da; font-weight: bold; }}
.badge {{ font-weight: bold; }}
.header {{ display: flex; justify-content: space-between; text-align: center; font-size: 9pt; }}
.header div {{ width: 48%; }}
.header strong {{ display: block; }}
.date {{ text-align: right; font-style: italic; margin-top: 2mm; }}
.signatures {{ display: flex; justify-content: space-between; margin-top: 8mm;
              break-inside: avoid; text-align: center; }}
.signatures div {{ width: 32%; min-height: 30mm; }}
.signatures em {{ display: block; font-size: 8pt; }}
figure {{ margin: 2mm 0; break-inside: avoid; }}
figure svg {{ width: 100%; height: auto; }}
figcaption {{ font-size: 8pt; color: #444; }}
details summary {{ display: none; }}
.chart-data table {{ font-size: 8pt; }}
a {{ color: inherit; text-decoration: none; }}
"""


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


def html_to_pdf(html: str) -> bytes:
    """Return the PDF of an HTML string with the app's fonts (MissingFontError without them)."""
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
    )
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def _noop(percent: int) -> None:
    return None


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
    """Return the steering committee's progress report (monthly or yearly) as PDF: programme
    status, the criteria matrix, incident trends, roadmap, projects and budget reconciliation."""
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
    from criteria.selectors import model_ward_years
    from facilities.selectors import roadmap_rows

    font_paths()
    today = today or timezone.localdate()
    wards = list(wards_in_year(year=year))
    matrix = criteria_matrix(wards=wards, year=year)
    by_criterion = [
        (criterion, [row.cells[i] for row in matrix["rows"]])
        for i, criterion in enumerate(matrix["criteria"])
    ]
    on_progress(20)
    trends = incident_trends(year=year, until=month)
    on_progress(40)
    roadmap = roadmap_rows(
        wards=Ward.objects.filter(in_programme=True), today=today, model_years=model_ward_years()
    )
    completeness = None
    if month is not None:
        completeness = completeness_now(today=today, period=(year, month))
    money = projects_and_budget()
    plan = plan_reconciliation()
    on_progress(60)
    return render_to_string(
        "documents/progress_report.html",
        {
            "year": year,
            "month": month,
            "matrix": matrix,
            "by_criterion": by_criterion,
            "trends": trends,
            "trend_charts": trend_charts(trends),
            "roadmap": roadmap,
            "completeness": completeness,
            "money": money,
            "plan": plan,
            "date_line": official_date(today),
            "pdf": True,
        },
    )
