from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "criteria"
    verbose_name = _("Tiêu chí")

    def ready(self) -> None:
        """Register this app's part of the Lạng Sơn data with `load_langson`."""
        from criteria import demo, langson  # noqa: F401
