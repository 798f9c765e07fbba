"""Synthetic wards with eight years of approved monthly reports, created in bulk."""

from __future__ import annotations

import datetime
import io
import json
import random
from collections.abc import Iterator

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from reports.demo import approved_report
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS
from reports.totals import month_totals_rebuild
from wards.collation import sort_key
from wards.models import Role, User, Ward

FIRST_YEAR = 2023
PASSWORD = "bench-Password-123"  # noqa: S105 - synthetic accounts in the throwaway database


def figures(rng: random.Random) -> dict[str, int]:
    """Return one month's figures that satisfy every rule between them."""
    values = dict(zip(MONTHLY_FIELDS, rng.choices(range(10), k=len(MONTHLY_FIELDS)), strict=True))
    values.update(
        crime_reports_received=values["crime_reports_handled"] + rng.randint(0, 5),
        procedures_received=40,
        procedures_on_time=25,
        procedures_early=10,
        procedures_late=5,
        feedback_received=values["feedback_resolved"] + rng.randint(0, 3),
        managed_subjects=values["managed_subjects_supervised"] + rng.randint(0, 5),
        hot_spots=values["new_hot_spots"] + rng.randint(0, 3),
        drug_addicts=values["new_drug_addicts"] + rng.randint(0, 6),
    )
    return values


def wards_grow_to(count: int, *, years: int, skip_month: tuple[int, int] | None = None) -> int:
    """Add synthetic wards (with an officer each and their reports) until there are `count`;
    return how many monthly reports were created."""
    existing = Ward.objects.filter(code__startswith="bench-").count()
    if existing >= count:
        return 0
    rng = random.Random(existing)
    new = []
    for number in range(existing + 1, count + 1):
        name = f"Phường thử {number:04d}"
        new.append(
            Ward(
                code=f"bench-{number:04d}",
                name=name,
                sort_name=sort_key(name),
                valid_from=datetime.date(FIRST_YEAR, 1, 1),
                in_programme=True,
            )
        )
    wards = Ward.objects.bulk_create(new, batch_size=1000)
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(
                username=f"officer-{ward.code}",
                password=password,
                role=Role.WARD_OFFICER,
                ward=ward,
                full_name=f"Cán bộ {ward.name}",
            )
            for ward in wards
        ],
        batch_size=1000,
    )
    approved = timezone.make_aware(datetime.datetime(FIRST_YEAR, 1, 3, 9, 0))

    def rows() -> Iterator[dict]:
        for ward in wards:
            for year in range(FIRST_YEAR, FIRST_YEAR + years):
                for month in range(1, 13):
                    if (year, month) == skip_month:
                        continue
                    at = approved.replace(year=year, month=month)
                    yield {
                        "ward_id": ward.pk,
                        "year": year,
                        "month": month,
                        "first_submitted_at": at,
                        "submitted_at": at,
                        "approved_at": at,
                        **figures(rng),
                    }

    created = reports_insert(rows())
    month_totals_rebuild()  # what the services keep current, after a bulk load
    return created


def _copy_text(value) -> str:
    """Return a value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    text = str(value)
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(raw, escaped)
    return text


def reports_insert(rows: Iterator[dict], *, batch: int = 20000) -> int:
    """Insert approved monthly reports, each given by the values that differ from an approved
    report's defaults, in batches: COPY on PostgreSQL, executemany elsewhere (no model
    instances: bulk_create takes minutes at 3,321 wards); return how many."""
    template = approved_report(MonthlyReport, submitted_at=timezone.now(), ward_id=0, year=0)
    fields = [f for f in MonthlyReport._meta.concrete_fields if not f.primary_key]
    base = {f.attname: f.pre_save(template, add=True) for f in fields}
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(MonthlyReport._meta.db_table)
    prepared = {  # values the database driver cannot take as they are (SQLite)
        f.attname: f for f in fields if f.get_internal_type() in ("JSONField", "DateTimeField")
    }
    created = 0
    chunk: list[dict] = []

    def flush() -> None:
        if not chunk:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                text = "".join(
                    "\t".join(_copy_text(row.get(name, base[name])) for name in names) + "\n"
                    for row in chunk
                )
                cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO(text))
            else:
                params = [
                    [
                        prepared[name].get_db_prep_save(row.get(name, base[name]), connection)
                        if name in prepared
                        else row.get(name, base[name])
                        for name in names
                    ]
                    for row in chunk
                ]
                marks = ", ".join("%s" for _ in names)
                insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model's own names
                cursor.executemany(insert, params)
        chunk.clear()

    for row in rows:
        chunk.append(row)
        created += 1
        if len(chunk) >= batch:
            flush()
    flush()
    return created
