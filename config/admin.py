"""Admin-site helpers shared by the apps: rows that only the services write."""

from __future__ import annotations


class NoAddOrChangeMixin:
    """Rows written only by the services: the admin site views (and may delete) them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoAddOrChangeMixin):
    """Rows written only by the services and kept for good: the admin site only views them."""

    def has_delete_permission(self, request, obj=None):
        return False
