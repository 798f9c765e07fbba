from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budget"
    verbose_name = _("Kinh phí")

    def ready(self) -> None:
        """Register this app's part of the Lạng Sơn data with `load_langson` and what passes
        from a dissolved ward to its successor."""
        from budget import langson, succession  # noqa: F401
