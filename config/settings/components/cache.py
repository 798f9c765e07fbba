"""Redis (shared with Celery) and the cache: Redis when configured, local memory otherwise."""

from __future__ import annotations

from config.env import check_redis_url, env_int, env_str

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    check_redis_url("REDIS_URL", REDIS_URL)

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Dashboards are cached for this long under the data generation (any committed change to what
# they show starts a new generation, so a cached page is never stale); 0 turns caching off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, minimum=0)
