"""The data generation: a counter raised after every committed write to the data the
dashboards show, so that cached pages (dashboards/page_cache.py) are never stale.

Every database connection gets an execute wrapper when it is created. The wrapper notices
INSERT, UPDATE and DELETE statements on the watched tables, whatever sent them (services, bulk
writes of the scoring, the admin, management commands, raw SQL), and raises the counter once
the transaction commits (once per transaction; nothing when it rolls back).
"""

from __future__ import annotations

import functools
import logging
import re
import time

from django.apps import apps
from django.db import DatabaseError, connections
from django.db.models import F, Value
from django.db.models.functions import Greatest

logger = logging.getLogger(__name__)

NAME = "dashboards"
WATCHED_APPS = ("wards", "criteria", "reports", "facilities", "budget")
# Written often, never shown on a dashboard: logins, notifications, jobs, the counter itself.
UNWATCHED_MODELS = frozenset(
    {
        "wards.user",
        "reports.notification",
        "documents.generateddocument",
        "config.datageneration",
        "criteria.scoringjob",
    }
)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


@functools.cache
def watched_tables() -> frozenset[str]:
    """Return the database tables whose changes raise the data generation."""
    return frozenset(
        model._meta.db_table
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label_lower not in UNWATCHED_MODELS
    )


def written_table(sql: str) -> str | None:
    """Return the table an INSERT, UPDATE or DELETE statement writes, None for anything else."""
    if sql[:20].lstrip()[:6].upper() not in _WRITE_VERBS:  # no copy of a long statement
        return None
    match = _WRITE.match(sql)
    return match.group(1) if match else None


def data_generation(*, using: str = "default") -> int:
    """Return the current data generation (one query; 0 before the first write)."""
    from config.models import DataGeneration

    counter = (
        DataGeneration.objects.using(using).filter(name=NAME).values_list("counter", flat=True)
    )
    return next(iter(counter), 0)


def generation_raise(*, using: str = "default") -> None:
    """Raise the data generation past its value and past the clock in microseconds, so it
    never returns to a value cached before, even after a backup is restored (one UPDATE; the
    row is created when missing)."""
    from config.models import DataGeneration

    now = time.time_ns() // 1000
    try:
        counters = DataGeneration.objects.using(using)
        if not counters.filter(name=NAME).update(counter=Greatest(F("counter") + 1, Value(now))):
            counters.get_or_create(name=NAME, defaults={"counter": now})
    except DatabaseError:  # before the table exists (first migrate) or a broken connection
        logger.warning("data generation not raised", exc_info=True)


def generation_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """Start a new data generation once the reports app is migrated (post_migrate)."""
    generation_raise(using=using)


def _after_commit(alias: str) -> None:
    generation_raise(using=alias)


@functools.cache
def _raiser(alias: str):
    """Return the on-commit callback raising the generation of one database (one object per
    alias, so that a transaction registers it once)."""
    return functools.partial(_after_commit, alias)


def _watch(execute, sql, params, many, context):
    """Run the statement; after a write to a watched table, raise the generation on commit."""
    result = execute(sql, params, many, context)
    table = written_table(sql)
    if table is not None and table in watched_tables():
        connection = context["connection"]
        raiser = _raiser(connection.alias)
        if connection.in_atomic_block:
            # Django starts a new run_on_commit list at every commit and rollback: register
            # once per list, that is once per transaction.
            if getattr(connection, "_generation_hooks", None) is not connection.run_on_commit:
                connection.on_commit(raiser)
                connection._generation_hooks = connection.run_on_commit
        else:  # autocommit (the write is already committed) or manual transactions
            raiser()
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """Install the write watcher on a new database connection (connection_created)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)  # outermost; others may push and pop


def watch_open_connections() -> None:
    """Install the watcher on connections opened before the app was ready."""
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
