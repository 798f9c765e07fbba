"""The backup drill: `backup` writes the database and the media files into one archive;
`restore` into a fresh database (a SQLite file here, a new database on the PostgreSQL server when
DATABASE_URL is set) brings back every row and every file; after a restore, no dashboard page
cached before it is shown."""

from __future__ import annotations

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from config.backup import backup_create
from config.generation import GROUPS
from wards.models import Ward

ROOT = Path(settings.BASE_DIR)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _programme_data(reviewer) -> None:
    """Load the Lạng Sơn data and add rows with files: an evidence file, a generated document,
    a monthly report, a disbursement."""
    from budget.services import disbursement_create
    from budget.tests.factories import AllocationFactory
    from criteria.models import Criterion
    from criteria.services import evidence_file_add
    from documents.models import DocumentKind, DocumentState, GeneratedDocument
    from facilities.tests.factories import BuildingProjectFactory
    from reports.tests.factories import MonthlyReportFactory

    call_command("load_langson", stdout=io.StringIO())
    ward = Ward.objects.get(code="chi-lang")
    evidence_file_add(
        ward=ward,
        year=2024,
        criterion=Criterion.objects.get(number=1, criteria_set__effective_year=2023),
        upload=SimpleUploadedFile("bien-ban.pdf", PDF),
        user=reviewer,
    )
    GeneratedDocument.objects.create(
        kind=DocumentKind.WARD_SCORECARD_PDF,
        year=2024,
        ward=ward,
        key=f"ward_scorecard_pdf:2024::{ward.pk}:{uuid.uuid4().hex}",
        state=DocumentState.DONE,
        progress=100,
        file=ContentFile(PDF + uuid.uuid4().bytes, name="the-card.pdf"),
    )
    MonthlyReportFactory(ward=ward, year=2024, month=3)
    allocation = AllocationFactory(project=BuildingProjectFactory(ward=ward), year=2026)
    disbursement_create(
        allocation_id=allocation.pk, amount=1000, paid_on=datetime.date(2026, 3, 1), user=reviewer
    )


def _rows(cursor, quote, tables) -> dict[str, list]:
    """Return every row of every table, in a stable order."""
    found = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (catalogue names)
        found[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return found


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def _fresh_database(tmp_path: Path) -> tuple[str, dict]:
    """Return the DATABASE_URL of a database that does not exist yet, and how to reach it."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        return f"sqlite:///{path}", {"path": path}
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    password = f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
    url = (
        f"postgres://{source['USER']}{password}@{source['HOST'] or '127.0.0.1'}:"
        f"{source['PORT'] or 5432}/{name}"
    )
    params = {
        "dbname": name,
        "host": source.get("HOST") or "127.0.0.1",
        "port": source.get("PORT") or 5432,
        "user": source.get("USER"),
        "password": source.get("PASSWORD") or None,
    }
    return url, {"params": params}


def _open(target: dict):
    if "path" in target:
        return sqlite3.connect(
            target["path"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
    import psycopg2
    import psycopg2.extras

    fresh = psycopg2.connect(**{k: v for k, v in target["params"].items() if v is not None})
    # JSON as text, as Django's own connection reads it.
    psycopg2.extras.register_default_jsonb(conn_or_curs=fresh, loads=lambda text: text)
    return fresh


def _drop(target: dict) -> None:
    if "params" not in target:
        return
    import psycopg2
    from psycopg2 import sql

    params = {k: v for k, v in target["params"].items() if v is not None}
    server = psycopg2.connect(**{**params, "dbname": "postgres"})
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(params["dbname"]))
        )
    server.close()


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_brings_back_every_row_and_file(tmp_path, reviewer):
    _programme_data(reviewer)
    archive = tmp_path / "drill.tar.gz"
    out = io.StringIO()
    call_command("backup", file=archive, stdout=out)
    assert "Đã sao lưu" in out.getvalue()

    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["engine"] == connection.vendor
    assert any(name.startswith("media/evidence/") for name in names)
    assert any(name.startswith("media/documents/") or "the-card" in name for name in names)

    url, target = _fresh_database(tmp_path)
    restored_media = tmp_path / "restored-media"
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", "--file", str(archive), "--noinput"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": url,
                "TEST_MEDIA_ROOT": str(restored_media),
            },
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Đã khôi phục" in result.stdout

        with connection.cursor() as cursor:
            tables = sorted(connection.introspection.table_names(cursor))
            before = _rows(cursor, connection.ops.quote_name, tables)
        fresh = _open(target)
        try:
            after = _rows(fresh.cursor(), connection.ops.quote_name, tables)
        finally:
            fresh.close()
    finally:
        _drop(target)

    assert sum(len(rows) for rows in before.values()) > 600
    assert manifest["tables"] == {table: len(rows) for table, rows in before.items()}
    generation_tables = [table for table in tables if table.endswith("datageneration")]
    assert len(generation_tables) == 1
    for table in tables:
        if table in generation_tables:
            continue
        assert after[table] == before[table], f"{table} differs after the restore"
    # The restored database starts a new data generation of every group of tables (migrate
    # after the restore).
    counters_before = dict(before[generation_tables[0]])  # name -> counter
    counters_after = dict(after[generation_tables[0]])
    assert set(GROUPS) <= set(counters_before) == set(counters_after)
    assert all(counters_after[group] > counters_before[group] for group in GROUPS)

    source_files = _files(Path(settings.MEDIA_ROOT))
    assert source_files
    assert _files(restored_media) == source_files


def _raw_update(sql_text: str, params: list) -> None:
    """Write past Django's cursor wrapper, so the data generation does not see the write — as a
    backup taken between a commit and its generation raise would hold it."""
    connection.ensure_connection()
    raw = connection.connection.cursor()
    try:
        raw.execute(
            sql_text.replace("%s", "?") if connection.vendor == "sqlite" else sql_text, params
        )
    finally:
        raw.close()


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_no_dashboard_page_cached_before_it_is_shown(
    tmp_path, settings, reviewer_client
):
    settings.PAGE_CACHE_SECONDS = 3600
    call_command("load_langson", stdout=io.StringIO())
    url = reverse("dashboards:province")
    assert "Chi Lăng" in reviewer_client.get(url).content.decode()  # now cached

    _raw_update("UPDATE wards_ward SET name = %s WHERE code = %s", ["Chi Lăng Mới", "chi-lang"])
    stale = reviewer_client.get(url).content.decode()
    assert "Chi Lăng Mới" not in stale  # the cached page, as the restore must never show

    archive = tmp_path / "b.tar.gz"
    call_command("backup", file=archive, stdout=io.StringIO())
    call_command("restore", file=archive, interactive=False, stdout=io.StringIO())

    assert Ward.objects.get(code="chi-lang").name == "Chi Lăng Mới"
    assert "Chi Lăng Mới" in reviewer_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_before_anything_is_overwritten(tmp_path, ward_a):
    media = Path(settings.MEDIA_ROOT) / "evidence" / "drill"
    media.mkdir(parents=True, exist_ok=True)
    (media / "a.pdf").write_bytes(PDF)
    good = tmp_path / "good.tar.gz"
    backup_create(path=good)
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as source, tarfile.open(bad, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/evidence/drill/a.pdf":
                data = data.replace(b"PDF", b"XXX")
            target.addfile(member, io.BytesIO(data))
    Ward.objects.filter(pk=ward_a.pk).update(name="Sau sao lưu")

    with pytest.raises(CommandError, match="bị thiếu hoặc hỏng"):
        call_command("restore", file=bad, interactive=False)
    assert Ward.objects.get(pk=ward_a.pk).name == "Sau sao lưu"

    not_an_archive = tmp_path / "x.tar.gz"
    not_an_archive.write_bytes(b"hello")
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", file=not_an_archive, interactive=False)
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("restore", file=tmp_path / "missing.tar.gz", interactive=False)


@pytest.mark.django_db(transaction=True)
def test_backup_goes_to_var_backups_by_default_and_restore_takes_the_newest(
    tmp_path, settings, monkeypatch
):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("backup", stdout=out)
    [archive] = (tmp_path / "backups").glob("modelward-*.tar.gz")
    assert str(archive) in out.getvalue()
    from config.backup import latest_archive

    assert latest_archive() == archive
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("restore")


@pytest.mark.django_db
def test_backup_and_restore_refuse_to_run_inside_an_open_transaction(tmp_path):
    with pytest.raises(CommandError, match="giao dịch đang mở"):
        call_command("backup", file=tmp_path / "b.tar.gz")
    with pytest.raises(CommandError, match="giao dịch đang mở"):
        call_command("restore", file=tmp_path / "b.tar.gz", interactive=False)
