"""The measured sections. Each returns a list of result rows (dicts) for the table and JSON.

SCALE_SECTIONS run at every scale; FINAL_SECTIONS run once, on the largest scale. To add one
(e.g. the dashboard or PDF/Excel report timings), write a function taking a Context and append
it to the right list.
"""

from __future__ import annotations

import http.cookiejar
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from bench.data import PASSWORD
from config.processes import free_port, start_gunicorn, stop_process
from criteria.models import CriteriaSet, CriterionResult, Scorecard
from criteria.services import scorecards_compute
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS
from wards.selectors import wards_in_year

SCORED_YEAR = 2025


@dataclass
class Context:
    """What a section needs: the scale, the environment for child processes, a progress line."""

    wards: int
    env: dict[str, str]
    say: Callable[[str], None]
    users: int = 200
    form_month: tuple[int, int] = (2026, 1)
    extra: dict = field(default_factory=dict)


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _row(
    section: str,
    ctx: Context,
    name: str,
    value: float,
    floor: float | None,
    target: float | None,
    unit: str = "s",
    **more,
) -> dict:
    ratio = value / floor if floor else None
    return {
        "section": section,
        "wards": ctx.wards,
        "measure": name,
        "value": round(value, 4),
        "unit": unit,
        "floor": round(floor, 4) if floor is not None else None,
        "ratio": round(ratio, 2) if ratio is not None else None,
        "target": target,
        "met": (ratio <= target) if (ratio is not None and target is not None) else None,
        **more,
    }


def scoring(ctx: Context) -> list[dict]:
    """Yearly scoring of every ward vs one SQL aggregate over the same reports plus a bulk insert
    of as many result rows."""
    year = SCORED_YEAR
    criteria_set = (
        CriteriaSet.objects.filter(effective_year__lte=year).order_by("-effective_year").first()
    )
    criteria = list(criteria_set.criteria.order_by("number"))
    wards = list(wards_in_year(year=year))
    repeats = scoring_repeats(ctx.wards)

    def first_run() -> float:
        Scorecard.objects.filter(year=year).delete()
        CriterionResult.objects.filter(year=year).delete()
        return _timed(lambda: scorecards_compute(year=year))

    # A year scored for the first time, as often as the floor: the least of the runs, so that
    # the process's one-off costs (imports, the translation catalogue, the first queries'
    # compilation) are not counted against the run, as a worker pays them once.
    first = min(first_run() for _ in range(repeats))
    # nothing changed: all rows kept
    again = min(_timed(lambda: scorecards_compute(year=year)) for _ in range(repeats))

    def floor() -> None:
        now = timezone.now()
        with transaction.atomic():
            list(
                MonthlyReport.objects.filter(year__in=[year - 1, year], ward__in=wards)
                .values("ward_id", "year")
                .annotate(**{f"s_{name}": Sum(name) for name in MONTHLY_FIELDS})
            )
            CriterionResult.objects.bulk_create(
                [
                    CriterionResult(
                        ward=ward,
                        year=year + 50,
                        criterion=criterion,
                        result="met",
                        measured_text="x",
                        target_text="x",
                        explanation="x",
                        inputs={},
                        data_fingerprint="x",
                        computed_at=now,
                    )
                    for ward in wards
                    for criterion in criteria
                ],
                batch_size=2000,
            )
            Scorecard.objects.bulk_create(
                [
                    Scorecard(
                        ward=ward,
                        year=year + 50,
                        criteria_set=criteria_set,
                        met_count=0,
                        not_met_count=0,
                        not_assessable_count=len(criteria),
                        in_force_count=len(criteria),
                        is_model_ward=False,
                        data_summary={},
                        data_fingerprint="x",
                        computed_at=now,
                    )
                    for ward in wards
                ]
            )
            transaction.set_rollback(True)

    floor_seconds = min(_timed(floor) for _ in range(repeats))
    rows = len(wards) * (len(criteria) + 1)
    more = {"result_rows": rows, "repeats": repeats}
    return [
        _row("scoring", ctx, "score the year (first run)", first, floor_seconds, 3.0, **more),
        _row("scoring", ctx, "score again (no change)", again, floor_seconds, 3.0, **more),
    ]


def score_untimed() -> None:
    """Score the benchmark's year once, untimed, when the scoring section is not measured."""
    scorecards_compute(year=SCORED_YEAR)


def scoring_repeats(wards: int) -> int:
    """Return how many times scoring and its floor run at a scale (fewer when each run takes
    seconds)."""
    return 3 if wards <= 1000 else 2


_STATIC_COLLECTED: list[bool] = []


def _static_is_current() -> bool:
    """Return whether the collected manifest is newer than every static file it hashes."""
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(
        Path(storage.path(path)).stat().st_mtime < built
        for finder in get_finders()
        for path, storage in finder.list([])
    )


def _collect_static() -> None:
    """Collect static files once per run unless nothing changed since the last collection
    (pages run with DEBUG off use the manifest; hashing every file takes a minute here)."""
    from django.core.management import call_command

    if not _STATIC_COLLECTED:
        if not _static_is_current():
            call_command("collectstatic", "--noinput", verbosity=0)
        _STATIC_COLLECTED.append(True)


class _Browser:
    """A tiny HTTP client with cookies, like one person's browser."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def token(self, path: str) -> str:
        status, page = self.request(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise RuntimeError(f"GET {path}: {status}")
        return found.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


SAVER_WORKERS = 3
SAVER_THREADS = 16  # 48 requests at a time: under PostgreSQL's 100 connections; the rest queue


def form_saves(ctx: Context) -> list[dict]:
    """Monthly report saves by `users` officers (one per ward) at once on gunicorn and
    PostgreSQL, against the same users opening a trivial page (/healthz: one query) at once;
    skipped, with the reason printed, on another database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        reason = (
            f"form_save skipped: needs PostgreSQL (DATABASE_URL), not {connection.vendor} "
            "(SQLite takes one writer at a time)"
        )
        ctx.say(reason)
        return [
            {
                "section": "form_save",
                "wards": ctx.wards,
                "measure": f"save p95 ({ctx.users} users)",
                "value": None,
                "unit": "s",
                "floor": None,
                "ratio": None,
                "target": 10.0,
                "met": None,
                "skipped": reason,
            }
        ]
    _collect_static()
    port = free_port()
    workers = SAVER_WORKERS
    threads = SAVER_THREADS
    server = start_gunicorn(ctx.env, port, workers=workers, threads=threads, quiet=False)
    base = f"http://127.0.0.1:{port}"
    try:
        codes = [f"bench-{n:04d}" for n in range(1, ctx.users + 1)]
        year, month = ctx.form_month
        saves: list[float] = []
        trivial: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(codes))

        def person(code: str) -> None:
            browser = _Browser(base)
            try:
                token = browser.token("/accounts/login/")
                status, _ = browser.request(
                    "/accounts/login/",
                    {
                        "username": f"officer-{code}",
                        "password": PASSWORD,
                        "csrfmiddlewaretoken": token,
                    },
                )
                if status != 302:
                    raise RuntimeError(f"login {status}")
                path = f"/reports/{code}/{year}/{month}/"
                token = browser.token(path)
                data = {name: 3 for name in MONTHLY_FIELDS} | {
                    "procedures_received": 10,
                    "version": 0,
                    "csrfmiddlewaretoken": token,
                }
            except Exception as exc:
                with lock:
                    errors.append(f"{code} setup: {exc}")
                barrier.abort()
                return
            try:
                barrier.wait(timeout=120)  # everyone at once: the trivial page (the floor)
                start = time.perf_counter()
                trivial_status, _ = browser.request("/healthz")
                trivial_took = time.perf_counter() - start
                barrier.wait(timeout=120)  # everyone at once: the form save
            except threading.BrokenBarrierError:
                return
            start = time.perf_counter()
            status, _ = browser.request(path, data)
            took = time.perf_counter() - start
            with lock:
                saves.append(took)
                trivial.append(trivial_took)
                if status != 302:
                    errors.append(f"{code} save: {status}")
                if trivial_status != 200:
                    errors.append(f"{code} healthz: {trivial_status}")

        people = [threading.Thread(target=person, args=(code,)) for code in codes]
        for thread in people:
            thread.start()
        for thread in people:
            thread.join()
    finally:
        stop_process(server)
    saved = MonthlyReport.objects.filter(year=year, month=month, ward__code__in=codes).count()
    if saved != len(codes):
        errors.append(f"{len(codes) - saved} reports not stored")
    median = statistics.median(saves) if saves else float("nan")
    floor = statistics.median(trivial) if trivial else None
    server_desc = f"gunicorn {workers} workers × {threads} threads, PostgreSQL"
    rows = [
        _row(
            "form_save",
            ctx,
            f"save median ({ctx.users} users)",
            median,
            floor,
            None,
            users=ctx.users,
            errors=len(errors),
            error_samples=errors[:5],
            server=server_desc,
        ),
        _row(
            "form_save",
            ctx,
            f"save p95 ({ctx.users} users)",
            _percentile(saves, 0.95) if saves else float("nan"),
            _percentile(trivial, 0.95) if trivial else None,
            10.0,
            users=ctx.users,
            errors=len(errors),
            server=server_desc,
        ),
    ]
    rows[-1]["met"] = bool(rows[-1]["met"]) and not errors  # 0 errors is part of the target
    return rows


DASHBOARD_REPEATS = 15  # the page is bounded (a page of wards): as many repeats at every scale
BENCH_COMMITTEE = "bench-committee"


def _committee_client():
    """Return a test client signed in as a steering-committee member of the benchmark data."""
    from django.test import Client

    from wards.models import Role, User

    user, _created = User.objects.get_or_create(
        username=BENCH_COMMITTEE,
        defaults={"role": Role.COMMITTEE, "full_name": "Ban chỉ đạo (đo)"},
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def _median_get(client, path: str, repeats: int) -> float:
    """Return the median seconds of GET path (after one warm-up); raise unless it answers 200."""
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _change_one_ward(number: int) -> None:
    """Change one ward's approved figures as an approval does: its report's row and its
    month's province totals, in one transaction (the data generation rises on commit)."""
    from django.db.models import F

    from reports.totals import month_totals_refresh

    month = number % 12 + 1
    with transaction.atomic():
        reports = list(
            MonthlyReport.objects.filter(year__lte=SCORED_YEAR, month=month, status="approved")
            .order_by("-year", "ward_id")
            .values_list("pk", "year")[:5]
        )
        pk, year = reports[number % len(reports)]
        MonthlyReport.objects.filter(pk=pk).update(
            criminal_cases=F("criminal_cases") + 1, version=F("version") + 1
        )
        month_totals_refresh(year=year, month=month)


def _median_changed_get(client, path: str, repeats: int) -> float:
    """Return the median seconds of GET path right after one ward's data changed (so no
    cached page can serve it); the change itself is not timed."""
    times = []
    for number in range(repeats):
        _change_one_ward(number)
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
    return statistics.median(times)


def _queries_of(client, path: str) -> int:
    """Return how many SQL queries one GET of path runs (counted by an execute wrapper: the
    test client's request_started signal resets connection.queries)."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    return len(queries)


def dashboard(ctx: Context) -> list[dict]:
    """Province dashboard median latency, as served (its body cached until the data changes)
    and right after a change (rendered afresh), vs a trivial page of the app (the signed-in
    user's empty notifications page: same middleware, session, layout and menu) and vs
    /healthz, all through the same Django test client; and the dashboard's SQL query counts."""
    from config.generation import generation_raise

    _collect_static()
    client = _committee_client()
    path = f"/reports/dashboard/?nam={SCORED_YEAR}"
    repeats = DASHBOARD_REPEATS
    generation_raise()
    fresh_queries = _queries_of(client, path)  # rendered afresh: every query the page needs
    cached_queries = _queries_of(client, path)  # served from the cache
    page_kb = len(client.get(path).content) / 1024
    latency = _median_get(client, path, repeats)
    fresh = _median_changed_get(client, path, repeats)
    trivial = _median_get(client, "/reports/notifications/", repeats)
    healthz = _median_get(client, "/healthz", repeats)
    common = {
        "floor_page": "/reports/notifications/ (signed in, empty)",
        "page_kb": round(page_kb),
        "transport": "django.test.Client (in-process)",
    }
    return [
        _row(
            "dashboard",
            ctx,
            "province dashboard median",
            latency,
            trivial,
            3.0,
            healthz=round(healthz, 4),
            ratio_vs_healthz=round(latency / healthz, 1) if healthz else None,
            repeats=repeats,
            **common,
        ),
        _row(
            "dashboard",
            ctx,
            "dashboard right after a change",
            fresh,
            trivial,
            10.0,
            repeats=repeats,
            change="one ward's approved figures and its month's totals, committed",
            **common,
        ),
        _row("dashboard", ctx, "province dashboard SQL queries", fresh_queries, None, None, "q"),
        _row("dashboard", ctx, "dashboard SQL queries (cached)", cached_queries, None, None, "q"),
    ]


PDF_MAX_WARDS = 100  # the progress report's matrix has a column per ward: unprintable beyond


def _unstyled_pdf(html: str) -> bytes:
    """Return WeasyPrint's PDF of the HTML with no stylesheet and default fonts (the floor)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _unstyled_xlsx(content: bytes) -> bytes:
    """Return a function writing the same sheets and cell values to a write-only openpyxl
    workbook, without styles (the floor)."""
    import io

    from openpyxl import Workbook, load_workbook

    source = load_workbook(io.BytesIO(content), read_only=True)
    sheets = [(ws.title, list(ws.iter_rows(values_only=True))) for ws in source.worksheets]
    source.close()

    def write() -> bytes:
        workbook = Workbook(write_only=True)
        for title, rows in sheets:
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    return write


def _peak_memory(function: Callable[[], object]) -> int:
    """Return the peak bytes Python allocated while running function (tracemalloc)."""
    import tracemalloc

    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def documents(ctx: Context) -> list[dict]:
    """The yearly progress report PDF (up to PDF_MAX_WARDS wards) and the year workbook: each
    made end to end (queries included) vs WeasyPrint / openpyxl writing the same content
    unstyled; and the workbook's peak Python memory with its row count."""
    import logging

    from documents.pdf import html_to_pdf, progress_report_html, progress_report_pdf
    from documents.workbook import year_workbook, year_workbook_write

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    rows: list[dict] = []
    year = SCORED_YEAR
    if ctx.wards <= PDF_MAX_WARDS:
        html = progress_report_html(year=year)
        repeats = 2 if ctx.wards <= 5 else 1  # a big report takes seconds: once is enough
        if ctx.wards <= 5:
            html_to_pdf(html)  # warm the fonts and WeasyPrint's caches
        made_pdf: list[bytes] = []
        made = min(
            _timed(lambda: made_pdf.append(progress_report_pdf(year=year))) for _ in range(repeats)
        )
        floor = min(_timed(lambda: _unstyled_pdf(html)) for _ in range(repeats))
        pages = len(_pdf_pages(made_pdf[-1]))
        rows.append(_row("documents", ctx, "progress report PDF", made, floor, 2.0, pages=pages))
    # A small workbook takes tens of milliseconds: the least of 5 runs keeps one slow run (the
    # machine is shared) from deciding the ratio; a big one is timed once, as a user gets it.
    repeats = 5 if ctx.wards <= PDF_MAX_WARDS else 1
    if repeats > 1:
        year_workbook(year=year)  # warm-up: the first export of the process
    made_xlsx: list[bytes] = []
    made = min(_timed(lambda: made_xlsx.append(year_workbook(year=year))) for _ in range(repeats))
    content = made_xlsx[-1]
    write = _unstyled_xlsx(content)
    floor = min(_timed(write) for _ in range(repeats))
    cells = _row_count(content)
    rows.append(_row("documents", ctx, "year workbook Excel", made, floor, 2.0, sheet_rows=cells))
    peak = _peak_memory(lambda: _workbook_to_temporary_file(year_workbook_write, year))
    rows.append(
        _row(
            "documents",
            ctx,
            "Excel export peak memory",
            peak / 2**20,
            None,
            None,
            "MiB",
            sheet_rows=cells,
            written_to="a temporary file, as the document job does",
        )
    )
    return rows


def _workbook_to_temporary_file(write: Callable[..., None], year: int) -> int:
    """Write the year workbook into a temporary file, as the document job does; return its size."""
    import tempfile

    with tempfile.TemporaryFile() as file:
        write(year=year, file=file)
        return file.tell()


def _pdf_pages(content: bytes) -> list:
    import io

    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(content)).pages)


def _row_count(content: bytes) -> int:
    """Return the number of rows over every sheet of an .xlsx file."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return sum(sum(1 for _ in ws.iter_rows(values_only=True)) for ws in workbook.worksheets)
    finally:
        workbook.close()


SCALE_SECTIONS: list[Callable[[Context], list[dict]]] = [scoring, dashboard, documents]
FINAL_SECTIONS: list[Callable[[Context], list[dict]]] = [form_saves]
