from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Báo cáo số liệu")

    def ready(self) -> None:
        """Watch every database connection for writes that change what dashboards show."""
        from django.db.backends.signals import connection_created

        from reports.generation import watch_connection, watch_open_connections

        connection_created.connect(watch_connection, dispatch_uid="reports.watch_connection")
        watch_open_connections()
