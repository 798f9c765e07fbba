from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Báo cáo số liệu")

    def ready(self) -> None:
        """Register this app's part of the Lạng Sơn data with `load_langson`."""
        from reports import demo, langson  # noqa: F401
