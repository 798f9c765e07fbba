"""Test settings: fast hashing, temporary files, the same database choice as base, and the
knobs only tests turn."""

import os
import tempfile
from pathlib import Path

from config.env import env_int

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A child worker started by a failure test shares its parent's folder via TEST_MEDIA_ROOT.
MEDIA_ROOT = Path(
    os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="modelward-test-media-")
)
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="modelward-test-static-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEBUG = False
# Tests run inside transactions that never commit, so the data generation never moves: pages
# are rendered afresh; reports/tests/test_page_cache.py turns caching on where it commits.
PAGE_CACHE_SECONDS = 0

# Tests share one client address and (on SQLite) reuse user ids from test to test, so the API's
# limits are raised; api/tests/test_throttling.py checks them with its own rates.
API_THROTTLE_RATES = {"anon": "100000/hour", "user": "100000/hour"}

# Test-only knobs (read with a default of 0 elsewhere): a pause after each ward while scoring
# and after each progress step while rendering a document, so the worker-kill tests in
# tests/test_failure.py can kill a worker mid-job.
SCORING_WARD_DELAY_MS = env_int("SCORING_WARD_DELAY_MS", 0, minimum=0, maximum=60_000)
DOCUMENT_RENDER_DELAY_MS = env_int("DOCUMENT_RENDER_DELAY_MS", 0, minimum=0, maximum=60_000)
