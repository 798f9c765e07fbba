"""The programme's own settings: report deadlines, notifications, documents, demo accounts."""

from __future__ import annotations

from config.env import env_int, env_str

# Monthly reports are due on this day of the following month.
REPORT_DUE_DAY = env_int("REPORT_DUE_DAY", 5, minimum=1, maximum=28)
# Absolute address of the site, put before links in notification e-mails (e.g. https://...).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# Generated PDF and Excel documents are kept this many days after they are made, then deleted
# each night with their files (they can be made again from the data at any time).
DOCUMENT_RETENTION_DAYS = env_int("DOCUMENT_RETENTION_DAYS", 90, minimum=1, maximum=3650)
# Demo accounts: allowed outside production only.
ALLOW_DEMO_DATA = True
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo12345")
