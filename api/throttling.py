"""Request limits per client, read from settings.API_THROTTLE_RATES at each request (so a test
can change them)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class _SettingsRate:
    scope: str

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Anonymous clients, by address (only the schema and the docs page answer them)."""


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Signed-in users and token owners, by user."""
