from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "facilities"
    verbose_name = _("Cơ sở vật chất và cán bộ")

    def ready(self) -> None:
        """Register this app's Lạng Sơn data and demo ratings with `load_langson`, and what
        passes from a dissolved ward to its successor."""
        from facilities import demo, langson, succession  # noqa: F401
