"""Backups: the database and the media files (evidence, generated documents) in one archive.

An archive (.tar.gz) holds `manifest.json` (engine, time, the row count of every table and the
size and SHA-256 of every file, all taken from the same snapshot as the data), the database —
`database.dump` from pg_dump (custom format) on PostgreSQL, `database.sqlite3` from SQLite's
online backup API otherwise — and `media/…`, a copy of MEDIA_ROOT.

A restore loads the database (pg_restore --clean, or the SQLite backup API), puts the files back
under MEDIA_ROOT, checks every table's row count and every file's checksum against the manifest,
then runs `migrate`: a backup from an older version is brought up to date, and migrate starts a
new data generation, so no dashboard page cached before the restore is shown after it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in plain words."""


@dataclass(frozen=True)
class Summary:
    path: Path
    tables: int
    rows: int
    files: int


def backup_dir() -> Path:
    """Return the folder where archives go by default (var/backups)."""
    return Path(settings.VAR_DIR) / "backups"


def default_archive_path(now: datetime.datetime | None = None) -> Path:
    """Return a new archive name in the default folder, stamped with the time."""
    now = now or datetime.datetime.now()
    return backup_dir() / f"modelward-{now:%Y%m%d-%H%M%S}.tar.gz"


def latest_archive() -> Path | None:
    """Return the newest archive in the default folder, None when there is none."""
    archives = sorted(backup_dir().glob("modelward-*.tar.gz"))
    return archives[-1] if archives else None


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, Path]:
    """Return every file under MEDIA_ROOT by its path relative to it (POSIX separators)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _count_rows(cursor, quote, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (catalogue names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in rows]


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Return the connection options and environment for pg_dump/pg_restore."""
    options = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return options, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"Không tìm thấy lệnh {tool} (cài gói postgresql-client).")
    # The command is one of pg_dump/pg_restore with options built here, never user input.
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} lỗi: {result.stderr.strip()[:2000]}")


def _dump_sqlite(using: str, target: Path) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        return _count_rows(copy.cursor(), lambda name: f'"{name}"', _sqlite_tables(copy))


def _dump_postgres(using: str, target: Path) -> dict[str, int]:
    """pg_dump and the row counts read in one snapshot (exported from a repeatable-read
    transaction), so the manifest matches the dump even while the app keeps writing."""
    connection = connections[using]
    options, env = _pg_env(connection.settings_dict)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = _count_rows(cursor, connection.ops.quote_name, tables)
        _run(
            [
                "pg_dump",
                *options,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                connection.settings_dict["NAME"],
            ],
            env,
        )
    return counts


def backup_create(*, path: Path | None = None, using: str = "default") -> Summary:
    """Write the database and MEDIA_ROOT into one archive; return what it holds."""
    engine = _engine(using)
    if connections[using].in_atomic_block:
        raise BackupError("Không sao lưu được bên trong một giao dịch đang mở.")
    path = Path(path or default_archive_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="modelward-backup-") as work:
        database = Path(work) / (SQLITE_FILE if engine == "sqlite" else POSTGRES_FILE)
        counts = (_dump_sqlite if engine == "sqlite" else _dump_postgres)(using, database)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": database.name,
            "tables": counts,
            "files": {
                name: {"size": file.stat().st_size, "sha256": _sha256(file)}
                for name, file in files.items()
            },
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for name, file in files.items():
                archive.add(file, arcname=f"{MEDIA_DIR}/{name}", recursive=False)
        partial.replace(path)  # a finished archive or none: never a half-written one
    return Summary(path, len(counts), sum(counts.values()), len(files))


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("Tệp không phải bản sao lưu của ứng dụng (thiếu manifest.json).")
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Phiên bản bản sao lưu không hỗ trợ: {manifest.get('format')}.")
    return manifest


def _ensure_postgres_database(settings_dict: dict) -> None:
    """Create the target PostgreSQL database when it does not exist (a fresh server)."""
    import psycopg2
    from psycopg2 import sql

    params = {
        key: value
        for key, value in {
            "dbname": "postgres",
            "host": settings_dict.get("HOST"),
            "port": settings_dict.get("PORT"),
            "user": settings_dict.get("USER"),
            "password": settings_dict.get("PASSWORD"),
        }.items()
        if value
    }
    server = psycopg2.connect(**params)
    try:
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings_dict["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings_dict["NAME"]))
                )
    finally:
        server.close()


def _load_sqlite(using: str, source: Path) -> None:
    connection = connections[using]
    connection.close()
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(source)) as backup:
        backup.backup(connection.connection)


def _load_postgres(using: str, source: Path) -> None:
    connection = connections[using]
    connection.close()
    _ensure_postgres_database(connection.settings_dict)
    options, env = _pg_env(connection.settings_dict)
    _run(
        [
            "pg_restore",
            *options,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env,
    )


def _restored_counts(using: str) -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _count_rows(cursor, connection.ops.quote_name, tables)


def _checked_media(extracted: Path, manifest: dict) -> dict[PurePosixPath, Path]:
    """Return the archive's files by their place under MEDIA_ROOT, each checked against its
    size and checksum (before anything is overwritten)."""
    files = {}
    for name, expected in manifest["files"].items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"Đường dẫn tệp không hợp lệ trong bản sao lưu: {name}")
        source = extracted / MEDIA_DIR / relative
        if (
            not source.is_file()
            or source.stat().st_size != expected["size"]
            or _sha256(source) != expected["sha256"]
        ):
            raise BackupError(f"Tệp {name} trong bản sao lưu bị thiếu hoặc hỏng.")
        files[relative] = source
    return files


def _copy_media(files: dict[PurePosixPath, Path]) -> None:
    """Copy the files into MEDIA_ROOT, replacing files of the same name (others are kept)."""
    media_root = Path(settings.MEDIA_ROOT)
    for relative, source in files.items():
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def backup_restore(*, path: Path, using: str = "default") -> Summary:
    """Restore an archive into the configured database and MEDIA_ROOT, check every row count
    and file against the manifest, then migrate (which also starts a new data generation)."""
    if connections[using].in_atomic_block:
        raise BackupError("Không khôi phục được bên trong một giao dịch đang mở.")
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy bản sao lưu {path}.")
    engine = connections[using].vendor
    with tempfile.TemporaryDirectory(prefix="modelward-restore-") as work:
        extracted = Path(work)
        try:
            with tarfile.open(path, "r:gz") as archive:
                manifest = _read_manifest(archive)
                if manifest.get("engine") != engine:
                    raise BackupError(
                        f"Bản sao lưu từ {manifest.get('engine')} không khôi phục được vào "
                        f"{engine}."
                    )
                archive.extractall(extracted, filter="data")
        except (tarfile.TarError, OSError, ValueError, EOFError) as error:
            raise BackupError(f"Tệp {path} không phải bản sao lưu đọc được: {error}") from error
        files = _checked_media(extracted, manifest)
        database = extracted / manifest["database"]
        if manifest["database"] not in {SQLITE_FILE, POSTGRES_FILE} or not database.is_file():
            raise BackupError("Bản sao lưu thiếu tệp cơ sở dữ liệu.")
        (_load_sqlite if engine == "sqlite" else _load_postgres)(using, database)
        counts = _restored_counts(using)
        missing = {
            table: (rows, counts.get(table))
            for table, rows in manifest["tables"].items()
            if counts.get(table) != rows
        }
        if missing:
            raise BackupError(f"Số bản ghi sau khi khôi phục không khớp: {missing}")
        _copy_media(files)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    tables = manifest["tables"]
    return Summary(path, len(tables), sum(tables.values()), len(manifest["files"]))
