"""The database: DATABASE_URL (PostgreSQL or SQLite), SQLite in the project's var/ otherwise."""

from __future__ import annotations

from config.env import env_str, parse_database_url
from config.settings.components.core import VAR_DIR

_database_url = env_str("DATABASE_URL")
if not _database_url:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": parse_database_url(_database_url)}

# The monthly reports' (year, month) index also holds ward, status and first-sent time, so that
# PostgreSQL reads the completeness totals from the index alone; SQLite keeps the key columns
# only and says so at every command (models.W040), which is expected there.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)
