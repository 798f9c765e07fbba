"""The data generations: one counter per group of tables (an app's tables: wards, facilities,
budget, reports, criteria), raised after every committed write to that group, so that cached
page fragments (dashboards/page_cache.py) keyed by the groups they read are never stale.

Every database connection gets an execute wrapper when it is created. The wrapper notices
INSERT, UPDATE and DELETE statements on the watched tables, whatever sent them (services, bulk
writes of the scoring, the admin, management commands, raw SQL), notes each written table's
group, and raises the touched groups' counters once the transaction commits (one UPDATE per
transaction; nothing when it rolls back).
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

WATCHED_APPS = ("wards", "criteria", "reports", "facilities", "budget")
GROUPS = WATCHED_APPS  # one counter per watched app, named after it
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
def table_groups() -> dict[str, str]:
    """Return the group (app label) of every watched database table."""
    return {
        model._meta.db_table: label
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label_lower not in UNWATCHED_MODELS
    }


def watched_tables() -> frozenset[str]:
    """Return the database tables whose changes raise a data generation."""
    return frozenset(table_groups())


def written_table(sql: str) -> str | None:
    """Return the table an INSERT, UPDATE or DELETE statement writes, None for anything else."""
    if sql[:20].lstrip()[:6].upper() not in _WRITE_VERBS:  # no copy of a long statement
        return None
    match = _WRITE.match(sql)
    return match.group(1) if match else None


def data_generations(*, using: str = "default") -> dict[str, int]:
    """Return every group's data generation (one query; 0 before the group's first write)."""
    from config.models import DataGeneration

    rows = DataGeneration.objects.using(using).filter(name__in=GROUPS)
    counters = dict.fromkeys(GROUPS, 0)
    counters.update(rows.values_list("name", "counter"))
    return counters


def data_generation(*, using: str = "default") -> int:
    """Return the newest data generation of all groups (one query): it rises whenever any
    group's does."""
    return max(data_generations(using=using).values())


def generation_raise(*, using: str = "default", groups: tuple[str, ...] = GROUPS) -> None:
    """Raise the groups' data generations past their values and past the clock in
    microseconds, so they never return to a value cached before, even after a backup is
    restored (one UPDATE; missing rows are created)."""
    from config.models import DataGeneration

    names = sorted(set(groups))
    now = time.time_ns() // 1000
    try:
        counters = DataGeneration.objects.using(using)
        raised = counters.filter(name__in=names).update(
            counter=Greatest(F("counter") + 1, Value(now))
        )
        if raised < len(names):
            for name in names:
                counters.get_or_create(name=name, defaults={"counter": now})
    except DatabaseError:  # before the table exists (first migrate) or a broken connection
        if _table_missing(using):
            logger.debug("data generation not raised: its table is not created yet")
        else:
            logger.warning("data generation not raised", exc_info=True)


def _table_missing(using: str) -> bool:
    """Return whether the counters' table does not exist yet (the first migrate writes to
    watched tables before it creates this one): nothing to warn about then."""
    from config.models import DataGeneration

    try:
        with connections[using].cursor() as cursor:
            tables = connections[using].introspection.table_names(cursor)
    except DatabaseError:
        return False
    return DataGeneration._meta.db_table not in tables


def generation_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """Start a new data generation of every group once an app is migrated (post_migrate)."""
    generation_raise(using=using)


def _after_commit(alias: str, groups: set[str]) -> None:
    generation_raise(using=alias, groups=tuple(sorted(groups)))


def _watch(execute, sql, params, many, context):
    """Run the statement; after a write to a watched table, raise its group's generation on
    commit."""
    result = execute(sql, params, many, context)
    table = written_table(sql)
    group = table_groups().get(table) if table is not None else None
    if group is not None:
        connection = context["connection"]
        if connection.in_atomic_block:
            # Django starts a new run_on_commit list at every commit and rollback: register
            # one callback per list, that is per transaction, and collect its groups.
            if getattr(connection, "_generation_hooks", None) is not connection.run_on_commit:
                connection._generation_groups = set()
                connection.on_commit(
                    functools.partial(
                        _after_commit, connection.alias, connection._generation_groups
                    )
                )
                connection._generation_hooks = connection.run_on_commit
            connection._generation_groups.add(group)
        else:  # autocommit (the write is already committed) or manual transactions
            generation_raise(using=connection.alias, groups=(group,))
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """Install the write watcher on a new database connection (connection_created)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)  # outermost; others may push and pop


def watch_open_connections() -> None:
    """Install the watcher on connections opened before the app was ready."""
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
