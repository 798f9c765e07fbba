from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Tài liệu báo cáo")

    def ready(self) -> None:
        """Register this app's part of the Lạng Sơn data (the issuing bodies) with
        `load_langson`."""
        from documents import langson  # noqa: F401
