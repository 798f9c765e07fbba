"""Environment readers that fail loudly on a bad value."""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Return the variable's text, the default when unset, or raise when required and unset."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Return the variable as a boolean; raise on anything but 1/0, true/false, yes/no, on/off."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false).")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return the variable as an integer within bounds; raise on a non-integer or out-of-range."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum {maximum}.")
    return number


_RATE = re.compile(r"^[1-9][0-9]*/(second|minute|hour|day)$")


def env_rate(name: str, default: str) -> str:
    """Return a request rate such as "1000/hour" (per second, minute, hour or day); raise on
    anything else."""
    value = (os.environ.get(name) or "").strip() or default
    if not _RATE.match(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: use a positive number, '/', then second, minute,"
            " hour or day (e.g. 1000/hour)."
        )
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty stripped items."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


# What each supported engine gets beyond what the URL says: PostgreSQL connections are kept a
# minute and checked before reuse (they survive a server restart); SQLite writers queue for the
# lock instead of failing with "database is locked" when a read would have to upgrade to a write.
_ENGINE_DEFAULTS = {
    "django.db.backends.postgresql": {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True},
    "django.db.backends.sqlite3": {"OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"}},
}


def parse_database_url(url: str, *, name: str = "DATABASE_URL") -> dict:
    """Return a DATABASES entry for a postgres:// or sqlite:////path URL (parsed by
    dj-database-url); raise ImproperlyConfigured on anything else."""
    shown = _without_password(url)
    try:
        config = dict(dj_database_url.parse(url))
    except ValueError as exc:  # an unknown scheme, a bad port, a badly quoted part
        raise ImproperlyConfigured(f"{name} {shown!r} is not a database URL: {exc}") from exc
    defaults = _ENGINE_DEFAULTS.get(config["ENGINE"])
    if defaults is None:
        raise ImproperlyConfigured(
            f"{name} {shown!r} is not supported: use postgres://user:pass@host:5432/name"
            " or sqlite:////absolute/path."
        )
    if config.get("NAME") in (None, "", ":memory:"):
        raise ImproperlyConfigured(f"{name} {shown!r} names no database.")
    options = {**defaults.get("OPTIONS", {}), **config.pop("OPTIONS", {})}
    config.update({key: value for key, value in defaults.items() if key != "OPTIONS"})
    config["PORT"] = str(config.get("PORT") or "")
    if options:
        config["OPTIONS"] = options
    return config


def _without_password(url: str) -> str:
    """Return the URL with its password (if any) replaced by ***, for error messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        return parts._replace(
            netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        ).geturl()
    except ValueError:
        return "<unreadable URL>"


def check_redis_url(name: str, url: str) -> str:
    """Return the URL when it is a redis:// or rediss:// URL with a host; raise otherwise."""
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss"} or not parsed.hostname:
        raise ImproperlyConfigured(f"{name}={url!r} is not a redis:// URL with a host.")
    return url
