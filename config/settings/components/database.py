"""The database: DATABASE_URL (PostgreSQL or SQLite), SQLite in the project's var/ otherwise."""

from __future__ import annotations

from config.env import env_str, parse_database_url
from config.settings.components.core import VAR_DIR

_database_url = env_str("DATABASE_URL")
if not _database_url:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": parse_database_url(_database_url)}
