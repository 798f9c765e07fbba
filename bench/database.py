"""The benchmark's own database: a SQLite file under var/bench, or `<name>_bench` on the
PostgreSQL server named by DATABASE_URL. It is dropped and migrated afresh for every run."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from config.env import parse_database_url

SUFFIX = "_bench"
MARKER = "MODELWARD_BENCH_DATABASE"


def bench_folder() -> Path:
    folder = Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def bench_database_url(source_url: str | None) -> str:
    """Return the URL of the benchmark database beside the configured one (BENCH_DATABASE_URL
    chooses another, still a *_bench database or a *bench.sqlite3 file in var/bench)."""
    override = os.environ.get("BENCH_DATABASE_URL")
    if override:
        parse_database_url(override, name="BENCH_DATABASE_URL")  # fails loudly on a bad URL
        return override
    source = parse_database_url(source_url) if source_url else {}
    if source.get("ENGINE") == "django.db.backends.postgresql":
        parts = urlsplit(source_url)
        name = source["NAME"]
        if not name.endswith(SUFFIX):
            name += SUFFIX
        return parts._replace(path=f"/{name}").geturl()
    return f"sqlite:///{bench_folder() / 'bench.sqlite3'}"


def recreate(url: str) -> None:
    """Drop and create the benchmark database (its name must end in _bench / live in var/bench)."""
    config = parse_database_url(url, name="BENCH_DATABASE_URL")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        if path.parent != bench_folder():
            raise RuntimeError(f"refusing to touch {path}: not under {bench_folder()}")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg2
    from psycopg2 import sql

    name = config["NAME"]
    if not name.endswith(SUFFIX):
        raise RuntimeError(f"refusing to drop {name!r}: not a benchmark database")
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
        **config.get("OPTIONS", {}),
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def child_env(url: str) -> dict[str, str]:
    """Return the environment of a process working on the benchmark database."""
    env = {key: value for key, value in os.environ.items()}
    for key in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(key, None)  # scoring is timed in-process; no broker needed
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            MARKER: url,
        }
    )
    return env


def assert_inside() -> None:
    """Refuse to run against anything but the benchmark database."""
    from django.db import connection

    expected = os.environ.get(MARKER)
    name = str(connection.settings_dict["NAME"])
    ok = bool(expected) and (
        name.endswith(SUFFIX)
        if connection.vendor == "postgresql"
        else name.endswith("bench.sqlite3")
    )
    if not ok:
        raise RuntimeError(f"not the benchmark database: {name}")
