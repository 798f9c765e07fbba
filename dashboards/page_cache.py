"""Cached page fragments keyed by the data generations they depend on (config/generation.py).

A fragment is stored under its own key parts, the language and the counters of the groups of
tables it reads (`depends`), so a committed change to those tables starts it afresh and a change
elsewhere leaves it cached. When the cache does not answer (Redis down), the fragment is
rendered every time and the cache is left alone for a while.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from config.generation import GROUPS, data_generations

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment:"
RETRY_AFTER_SECONDS = 30
_unavailable_until = [0.0]


def _cache_usable() -> bool:
    return time.monotonic() >= _unavailable_until[0]


def _cache_failed() -> None:
    logger.warning("page cache unavailable; rendering without it", exc_info=True)
    _unavailable_until[0] = time.monotonic() + RETRY_AFTER_SECONDS


def fragment_key(parts: tuple, generations: Iterable[int]) -> str:
    """Return the cache key of a fragment for the parts, the active language and the
    generations of the groups it depends on."""
    text = ":".join(str(part) for part in (*parts, get_language() or "", *generations))
    return KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:40]


class Fragment(NamedTuple):
    """One cached piece of a page: its key parts, the groups of tables it reads, its renderer."""

    parts: tuple
    depends: tuple[str, ...]
    render: Callable[[], str]


class Fragments:
    """The cached fragments of one page view: the data generations are read once, on the first
    fragment (one query), so every fragment of the page is judged against the same data."""

    def __init__(self, *, using: str = "default") -> None:
        self.using = using
        self._generations: dict[str, int] | None = None

    def generations(self) -> dict[str, int]:
        """Return every group's data generation, read once for this page view."""
        if self._generations is None:
            self._generations = data_generations(using=self.using)
        return self._generations

    def get(self, *, parts: tuple, depends: tuple[str, ...], render: Callable[[], str]) -> str:
        """Return the fragment's HTML from the cache, or render and store it; depends names
        the groups of tables (config.generation.GROUPS) the fragment reads."""
        return self.get_many([Fragment(parts, depends, render)])[0]

    def get_many(self, fragments: list[Fragment]) -> list[str]:
        """Return the fragments' HTML, those in the cache read in one round trip, the others
        rendered (in order) and stored together."""
        for fragment in fragments:
            unknown = set(fragment.depends) - set(GROUPS)
            if not fragment.depends or unknown:
                raise ValueError(f"a fragment depends on known groups of tables, not {unknown}")
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _cache_usable():
            return [fragment.render() for fragment in fragments]
        generations = self.generations()
        keys = []
        for fragment in fragments:
            groups = sorted(set(fragment.depends))
            generation = (generations[group] for group in groups)
            keys.append(fragment_key((*fragment.parts, *groups), generation))
        try:
            found = cache.get_many(keys)
        except Exception:  # any cache backend failure: the page must still work
            _cache_failed()
            return [fragment.render() for fragment in fragments]
        html = [found.get(key) for key in keys]
        rendered = {}
        for number, fragment in enumerate(fragments):
            if html[number] is None:
                html[number] = rendered[keys[number]] = fragment.render()
        if rendered:
            try:
                cache.set_many(rendered, seconds)
            except Exception:
                _cache_failed()
        return html


def cached_fragment(*, parts: tuple, depends: tuple[str, ...], render: Callable[[], str]) -> str:
    """Return one fragment from the cache, or render and store it (one query for the data
    generations; none when caching is off)."""
    return Fragments().get(parts=parts, depends=depends, render=render)
