from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wards"
    verbose_name = _("Phường và người dùng")

    def ready(self) -> None:
        """Register the wards' part of the Lạng Sơn data with `load_langson`."""
        from wards import langson  # noqa: F401
