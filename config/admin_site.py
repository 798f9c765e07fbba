"""The admin site shows the programme's data; the tool tables stay with superusers.

django-axes (login records, lock-outs), django-celery-beat (periodic task schedules, solar
events, clocked/crontab/interval schedules) and Django's permission groups (roles are a field of
the user here) are machinery: a staff account that is not a superuser neither sees them on the
admin index nor opens them by address (403), whatever permissions it was given.
`hide_internal_tables()` runs from ConfigConfig.ready(), after the admin modules are loaded.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin

# App labels whose every model is internal, and single internal models ("app_label.model").
INTERNAL_APPS = frozenset({"axes", "django_celery_beat"})
INTERNAL_MODELS = frozenset({"auth.group"})
PERMISSION_METHODS = (
    "has_module_permission",
    "has_view_permission",
    "has_add_permission",
    "has_change_permission",
    "has_delete_permission",
)


def is_internal(model) -> bool:
    """Return whether a model is a tool's table rather than the programme's data."""
    return model._meta.app_label in INTERNAL_APPS or model._meta.label_lower in INTERNAL_MODELS


def _superuser_only(method):
    def check(request, *args, **kwargs):
        user = request.user
        return bool(user.is_active and user.is_superuser) and method(request, *args, **kwargs)

    check.superuser_only = True
    return check


def hide_internal_tables(site: admin.AdminSite = admin.site) -> list[str]:
    """Restrict the internal models registered on the site to superusers; return their labels."""
    hidden = []
    for model in apps.get_models():
        if not is_internal(model) or not site.is_registered(model):
            continue
        model_admin = site.get_model_admin(model)
        for name in PERMISSION_METHODS:
            method = getattr(model_admin, name)
            if not getattr(method, "superuser_only", False):
                setattr(model_admin, name, _superuser_only(method))
        hidden.append(model._meta.label)
    return sorted(hidden)
