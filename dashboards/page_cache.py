"""Cached page fragments keyed by the data generation (config/generation.py).

A fragment is stored under its own key parts, the language and the data generation, so any
committed change to the data starts afresh. When the cache does not answer (Redis down), the
fragment is rendered every time and the cache is left alone for a while.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from config.generation import data_generation

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment:"
RETRY_AFTER_SECONDS = 30
_unavailable_until = [0.0]


def _cache_usable() -> bool:
    return time.monotonic() >= _unavailable_until[0]


def _cache_failed() -> None:
    logger.warning("page cache unavailable; rendering without it", exc_info=True)
    _unavailable_until[0] = time.monotonic() + RETRY_AFTER_SECONDS


def fragment_key(parts: tuple, generation: int) -> str:
    """Return the cache key of a fragment for the parts, the active language and a generation."""
    text = ":".join(str(part) for part in (*parts, get_language() or "", generation))
    return KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:40]


def cached_fragment(*, parts: tuple, render: Callable[[], str]) -> str:
    """Return the fragment's HTML from the cache, or render and store it (one query for the
    data generation; none when caching is off)."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0 or not _cache_usable():
        return render()
    key = fragment_key(parts, data_generation())
    try:
        html = cache.get(key)
    except Exception:  # any cache backend failure: the page must still work
        _cache_failed()
        return render()
    if html is not None:
        return html
    html = render()
    try:
        cache.set(key, html, seconds)
    except Exception:
        _cache_failed()
    return html
