from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "config"
    verbose_name = _("Cấu hình chung")

    def ready(self) -> None:
        """Watch every database connection for writes that change what dashboards show, and
        start a new data generation after every migrate (a restored backup is migrated on
        start, so no page cached before it is served); keep the tool tables of the admin site
        (login records, task schedules) to superusers."""
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from config.admin_site import hide_internal_tables
        from config.generation import (
            generation_after_migrate,
            watch_connection,
            watch_open_connections,
        )

        connection_created.connect(watch_connection, dispatch_uid="config.watch_connection")
        post_migrate.connect(
            generation_after_migrate, sender=self, dispatch_uid="config.generation_after_migrate"
        )
        watch_open_connections()
        hide_internal_tables()
